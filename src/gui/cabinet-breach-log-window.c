/* cabinet-breach-log-window.c — the breach log (GDPR art. 33): each breach,
 * what was decided about it, and a way to record one
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cabinet-breach-dialog.h"
#include "cabinet-breach-log-window.h"
#include "cabinet-feedback.h"

struct _CabinetBreachLogWindow
{
  AdwWindow        parent_instance;

  CabinetContext  *context;

  AdwToastOverlay *toasts;
  GtkListBox      *list;
};

G_DEFINE_FINAL_TYPE (CabinetBreachLogWindow, cabinet_breach_log_window, ADW_TYPE_WINDOW)

/* What became of @breach, or what is awaited, in a few words. */
static char *
describe_status (CabinetBreach *breach,
                 GDateTime     *now)
{
  GDateTime *notified_at = cabinet_breach_get_notified_at (breach);
  g_autoptr(GDateTime) deadline = NULL;
  g_autofree char *when = NULL;

  if (notified_at)
    {
      when = cabinet_format_date_time (notified_at);
      /* Translators: %s is a date and time. */
      return g_strdup_printf (_("CNIL notified on %s"), when);
    }
  if (!cabinet_breach_is_pending (breach))
    /* Translators: %s is the reason the practitioner gave. */
    return g_strdup_printf (_("Not notified: %s"), cabinet_breach_get_not_notified_reason (breach));

  deadline = cabinet_breach_deadline (breach);
  when = cabinet_format_date_time (deadline);
  if (cabinet_breach_remaining (breach, now) > 0)
    /* Translators: %s is a date and time. */
    return g_strdup_printf (_("Awaiting a decision: notify the CNIL by %s, or record why not"), when);
  /* Translators: %s is a date and time. */
  return g_strdup_printf (_("Late: the CNIL was to be notified by %s. Notify it now, with the reasons for the delay"),
                          when);
}

static GtkWidget *
detail_row (const char *title,
            const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

static GtkWidget *
action_button (const char *mnemonic,
               const char *action_name,
               gint64      id)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", id);
  return button;
}

/* The decision awaited: notified, or why not. */
static GtkWidget *
decision_row (gint64 id)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *notified = action_button (_("CNIL _Notified…"), "breach-log.notified", id);

  gtk_widget_add_css_class (notified, "suggested-action");
  gtk_widget_set_tooltip_text (notified, _("Record when the CNIL was notified"));
  gtk_box_append (GTK_BOX (box), action_button (_("No Notification _Needed…"), "breach-log.not-notified", id));
  gtk_box_append (GTK_BOX (box), notified);
  gtk_widget_set_halign (box, GTK_ALIGN_END);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  return row;
}

/* A breach: when it was noticed and its status; opened, what was recorded,
 * and the decision when it is awaited. */
static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  static const struct { CabinetBreachField field; const char *title; } details[] = {
    { CABINET_BREACH_DESCRIPTION, N_("What happened") },
    { CABINET_BREACH_DATA_CONCERNED, N_("Data concerned") },
    { CABINET_BREACH_CONSEQUENCES, N_("Likely consequences") },
    { CABINET_BREACH_MEASURES, N_("Measures taken") },
  };
  CabinetBreach *breach = item;
  gint64 id = cabinet_breach_get_id (breach);
  gboolean pending = cabinet_breach_is_pending (breach);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *noticed = cabinet_format_date_time (cabinet_breach_get_noticed_at (breach));
  /* Translators: a breach in the log; %s is a date and time. */
  g_autofree char *title = g_strdup_printf (_("Noticed on %s"), noticed);
  g_autofree char *status = describe_status (breach, now);
  /* Translators: the Edit button of a breach, for a screen reader; %s is a date and time. */
  g_autofree char *edit_label = g_strdup_printf (_("Edit the breach noticed on %s"), noticed);
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *icon;
  GtkWidget *edit;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), status);

  icon = gtk_image_new_from_icon_name (pending ? "dialog-warning-symbolic" : "emblem-ok-symbolic");
  if (pending)
    gtk_widget_add_css_class (icon, cabinet_breach_remaining (breach, now) > 0 ? "warning" : "error");
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), icon);

  edit = action_button (_("_Edit…"), "breach-log.edit", id);
  gtk_widget_set_tooltip_text (edit, _("Edit what is recorded of this breach"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL, edit_label, -1);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), edit);

  for (guint i = 0; i < G_N_ELEMENTS (details); i++)
    {
      const char *text = cabinet_breach_get_text (breach, details[i].field);

      if (*text)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row), detail_row (_(details[i].title), text));
    }
  if (pending)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), decision_row (id));
  /* What awaits a decision is shown open. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), pending);
  return row;
}

static CabinetBreach *
find_breach (CabinetBreachLogWindow *self,
             gint64                  id)
{
  CabinetBreachLog *log = cabinet_context_get_breach_log (self->context, NULL);
  guint n = log ? g_list_model_get_n_items (G_LIST_MODEL (log)) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CabinetBreach) breach = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (cabinet_breach_get_id (breach) == id)
        return breach;   /* the log holds it */
    }
  return NULL;
}

static void
open_dialog (CabinetBreachLogWindow  *self,
             GVariant                *param,
             CabinetBreachDialogMode  mode)
{
  CabinetBreach *breach = param ? find_breach (self, g_variant_get_int64 (param)) : NULL;

  if (param && breach == NULL)
    return;
  gtk_window_present (GTK_WINDOW (cabinet_breach_dialog_new (GTK_WINDOW (self), self->context, breach, mode)));
}

static void
record_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  open_dialog (CABINET_BREACH_LOG_WINDOW (widget), NULL, CABINET_BREACH_DIALOG_RECORD);
}

static void
breach_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  CabinetBreachDialogMode mode = g_str_equal (action_name, "breach-log.notified") ? CABINET_BREACH_DIALOG_NOTIFIED
                                 : g_str_equal (action_name, "breach-log.not-notified")
                                 ? CABINET_BREACH_DIALOG_NOT_NOTIFIED
                                 : CABINET_BREACH_DIALOG_EDIT;

  open_dialog (CABINET_BREACH_LOG_WINDOW (widget), param, mode);
}

static void
cabinet_breach_log_window_dispose (GObject *object)
{
  CabinetBreachLogWindow *self = CABINET_BREACH_LOG_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CABINET_TYPE_BREACH_LOG_WINDOW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cabinet_breach_log_window_parent_class)->dispose (object);
}

static void
cabinet_breach_log_window_class_init (CabinetBreachLogWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cabinet_breach_log_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cabinetapp/Cabinet/cabinet-breach-log-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CabinetBreachLogWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, CabinetBreachLogWindow, list);

  gtk_widget_class_install_action (widget_class, "breach-log.record", NULL, record_activated);
  gtk_widget_class_install_action (widget_class, "breach-log.edit", "x", breach_activated);
  gtk_widget_class_install_action (widget_class, "breach-log.notified", "x", breach_activated);
  gtk_widget_class_install_action (widget_class, "breach-log.not-notified", "x", breach_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "breach-log.record", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cabinet_breach_log_window_init (CabinetBreachLogWindow *self)
{
  GtkWidget *placeholder = adw_action_row_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (placeholder), _("No breach recorded"));
  gtk_list_box_set_placeholder (self->list, placeholder);
}

CabinetBreachLogWindow *
cabinet_breach_log_window_present (GtkWindow       *parent,
                                   CabinetContext  *context,
                                   GError         **error)
{
  CabinetBreachLogWindow *self;
  CabinetBreachLog *log;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CABINET_IS_CONTEXT (context), NULL);

  log = cabinet_context_get_breach_log (context, error);
  if (log == NULL)
    return NULL;

  self = g_object_new (CABINET_TYPE_BREACH_LOG_WINDOW, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (log), create_row, self, NULL);
  /* What it shows is the practice's records: it goes when they lock. */
  g_signal_connect_object (context, "notify::locked", G_CALLBACK (gtk_window_destroy), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}
