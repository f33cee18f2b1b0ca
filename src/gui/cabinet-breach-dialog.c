/* cabinet-breach-dialog.c — a breach recorded or its texts edited, and the
 * decision on it: when the CNIL was notified, or why it is not
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cabinet-breach-dialog.h"
#include "cabinet-check-env.h"
#include "cabinet-feedback.h"
#include "cabinet-field-messages.h"
#include "cabinet-gui-util.h"
#include "cabinet-session.h"

typedef enum {
  FIELD_DATE,
  FIELD_TIME,
  FIELD_DESCRIPTION,
  FIELD_REASON,
  N_FIELDS
} Field;

struct _CabinetBreachDialog
{
  AdwWindow                parent_instance;

  CabinetContext          *context;
  CabinetBreach           *breach;    /* NULL for a new one */
  CabinetBreachDialogMode  mode;
  GtkWidget               *messages[N_FIELDS];

  AdwWindowTitle          *window_title;
  AdwPreferencesGroup     *when_group;
  AdwEntryRow             *date_row;
  AdwEntryRow             *time_row;
  GtkWidget               *description_group;
  GtkTextView             *description_view;
  GtkWidget               *data_group;
  GtkTextView             *data_view;
  GtkWidget               *consequences_group;
  GtkTextView             *consequences_view;
  GtkWidget               *measures_group;
  GtkTextView             *measures_view;
  GtkWidget               *reason_group;
  GtkTextView             *reason_view;
};

G_DEFINE_FINAL_TYPE (CabinetBreachDialog, cabinet_breach_dialog, ADW_TYPE_WINDOW)

static GtkWidget *
field_widget (CabinetBreachDialog *self,
              Field                field)
{
  switch (field)
    {
    case FIELD_DATE:        return GTK_WIDGET (self->date_row);
    case FIELD_TIME:        return GTK_WIDGET (self->time_row);
    case FIELD_DESCRIPTION: return GTK_WIDGET (self->description_view);
    case FIELD_REASON:
    case N_FIELDS:
    default:                return GTK_WIDGET (self->reason_view);
    }
}

/* The text views of each CabinetBreachField, in its order. */
static GtkTextView *
text_view (CabinetBreachDialog *self,
           CabinetBreachField   field)
{
  GtkTextView *views[CABINET_BREACH_N_TEXT_FIELDS] = {
    self->description_view, self->data_view, self->consequences_view, self->measures_view,
  };

  return views[field];
}

static void
set_issue (CabinetBreachDialog *self,
           Field                field,
           const char          *message)
{
  if (message)
    cabinet_field_message_show (field_widget (self, field), &self->messages[field], message);
  else if (self->messages[field])
    cabinet_field_message_clear (field_widget (self, field), self->messages[field]);
}

static void
clear_issues (CabinetBreachDialog *self)
{
  for (guint i = 0; i < N_FIELDS; i++)
    set_issue (self, i, NULL);
}

/* The date and time typed, or NULL with the reason under the field at fault. */
static GDateTime *
read_time (CabinetBreachDialog *self)
{
  g_autoptr(GDate) day = cabinet_parse_iso_date (gtk_editable_get_text (GTK_EDITABLE (self->date_row)));
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GError) error = NULL;
  int hour, minute;
  gint64 utc;

  if (day == NULL)
    {
      set_issue (self, FIELD_DATE, _("Enter the date as YYYY-MM-DD, for example 2026-11-24."));
      return NULL;
    }
  if (!cabinet_parse_time_of_day (gtk_editable_get_text (GTK_EDITABLE (self->time_row)), &hour, &minute))
    {
      set_issue (self, FIELD_TIME, _("Enter the time as HH:MM, for example 14:30."));
      return NULL;
    }
  if (!cabinet_local_time_to_utc (zone, g_date_get_year (day), g_date_get_month (day), g_date_get_day (day),
                                  hour, minute, &utc, &error))
    {
      set_issue (self, g_error_matches (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_NO_SUCH_TIME)
                       ? FIELD_TIME : FIELD_DATE,
                 error->message);
      return NULL;
    }
  return g_date_time_new_from_unix_utc (utc);
}

/* Where the core's refusal is said: under its field, or in a dialog. */
static void
show_error (CabinetBreachDialog *self,
            const GError        *error)
{
  if (error->domain == CABINET_BREACH_ERROR)
    switch ((CabinetBreachError) error->code)
      {
      case CABINET_BREACH_ERROR_NO_DESCRIPTION:
        set_issue (self, FIELD_DESCRIPTION, error->message);
        return;
      case CABINET_BREACH_ERROR_IN_FUTURE:
      case CABINET_BREACH_ERROR_BEFORE_NOTICED:
        set_issue (self, FIELD_TIME, error->message);
        return;
      case CABINET_BREACH_ERROR_NO_REASON:
        set_issue (self, FIELD_REASON, error->message);
        return;
      case CABINET_BREACH_ERROR_DECIDED:
      case CABINET_BREACH_ERROR_NOT_FOUND:
      default:
        break;
      }
  cabinet_show_error (GTK_WINDOW (self), _("The breach log was not changed"), error->message);
}

static gboolean
save (CabinetBreachDialog  *self,
      CabinetBreachLog     *log,
      const char          **done,
      GError              **error)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *reason = NULL;
  g_auto(GStrv) texts = g_new0 (char *, CABINET_BREACH_N_TEXT_FIELDS + 1);
  gboolean ok = FALSE;

  for (guint i = 0; i < CABINET_BREACH_N_TEXT_FIELDS; i++)
    texts[i] = cabinet_text_view_dup_text (text_view (self, i));

  switch (self->mode)
    {
    case CABINET_BREACH_DIALOG_RECORD:
      when = read_time (self);
      if (when)
        {
          g_autoptr(CabinetBreach) breach = cabinet_breach_log_add (log, when, (const char * const *) texts, error);

          ok = breach != NULL;
        }
      *done = _("Breach recorded");
      break;
    case CABINET_BREACH_DIALOG_EDIT:
      ok = cabinet_breach_log_update (log, self->breach, (const char * const *) texts, error);
      *done = _("Breach saved");
      break;
    case CABINET_BREACH_DIALOG_NOTIFIED:
      when = read_time (self);
      ok = when && cabinet_breach_log_set_notified (log, self->breach, when, error);
      *done = _("Notification to the CNIL recorded");
      break;
    case CABINET_BREACH_DIALOG_NOT_NOTIFIED:
    default:
      reason = cabinet_text_view_dup_text (self->reason_view);
      ok = cabinet_breach_log_set_not_notified (log, self->breach, reason, error);
      *done = _("Reason not to notify recorded");
      break;
    }
  return ok;
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  CabinetBreachDialog *self = CABINET_BREACH_DIALOG (widget);
  CabinetBreachLog *log = cabinet_context_get_breach_log (self->context, NULL);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autoptr(GError) error = NULL;
  const char *done = NULL;

  clear_issues (self);
  if (log == NULL)
    {
      cabinet_show_error (GTK_WINDOW (self), _("The breach log was not changed"), _("Cabinet is locked."));
      return;
    }
  if (!save (self, log, &done, &error))
    {
      /* A field at fault already says so. */
      if (error)
        show_error (self, error);
      return;
    }
  if (parent)
    {
      AdwToastOverlay *toasts = cabinet_widget_find_toasts (GTK_WIDGET (parent));

      if (toasts)
        adw_toast_overlay_add_toast (toasts, cabinet_toast_new (done));
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_entry_activated (CabinetBreachDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "breach-dialog.save", NULL);
}

static void
on_when_changed (CabinetBreachDialog *self)
{
  set_issue (self, FIELD_DATE, NULL);
  set_issue (self, FIELD_TIME, NULL);
}

static void
on_description_changed (CabinetBreachDialog *self)
{
  set_issue (self, FIELD_DESCRIPTION, NULL);
}

static void
on_reason_changed (CabinetBreachDialog *self)
{
  set_issue (self, FIELD_REASON, NULL);
}

static void
set_now (CabinetBreachDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *time = g_date_time_format (now, "%H:%M");

  gtk_editable_set_text (GTK_EDITABLE (self->date_row), date);
  gtk_editable_set_text (GTK_EDITABLE (self->time_row), time);
}

/* Each mode shows its own fields. */
static void
load (CabinetBreachDialog *self)
{
  gboolean texts = self->mode == CABINET_BREACH_DIALOG_RECORD || self->mode == CABINET_BREACH_DIALOG_EDIT;
  GtkWidget *text_groups[] = { self->description_group, self->data_group, self->consequences_group,
                               self->measures_group };
  GtkWidget *focus = GTK_WIDGET (self->description_view);

  for (guint i = 0; i < G_N_ELEMENTS (text_groups); i++)
    gtk_widget_set_visible (text_groups[i], texts);
  gtk_widget_set_visible (GTK_WIDGET (self->when_group),
                          self->mode == CABINET_BREACH_DIALOG_RECORD || self->mode == CABINET_BREACH_DIALOG_NOTIFIED);
  gtk_widget_set_visible (self->reason_group, self->mode == CABINET_BREACH_DIALOG_NOT_NOTIFIED);

  if (self->breach)
    {
      g_autofree char *noticed = cabinet_format_date_time (cabinet_breach_get_noticed_at (self->breach));
      /* Translators: under the title of a dialog about a breach; %s is a date and time. */
      g_autofree char *subtitle = g_strdup_printf (_("Breach noticed on %s"), noticed);

      adw_window_title_set_subtitle (self->window_title, subtitle);
      for (guint i = 0; i < CABINET_BREACH_N_TEXT_FIELDS; i++)
        gtk_text_buffer_set_text (gtk_text_view_get_buffer (text_view (self, i)),
                                  cabinet_breach_get_text (self->breach, i), -1);
    }

  switch (self->mode)
    {
    case CABINET_BREACH_DIALOG_RECORD:
      adw_window_title_set_title (self->window_title, _("Record a Breach"));
      adw_preferences_group_set_title (self->when_group, _("When It Was Noticed"));
      adw_preferences_group_set_description (self->when_group,
                                             _("The CNIL must be notified within 72 hours of this time (GDPR art. 33)."));
      set_now (self);
      break;
    case CABINET_BREACH_DIALOG_EDIT:
      adw_window_title_set_title (self->window_title, _("Edit Breach"));
      break;
    case CABINET_BREACH_DIALOG_NOTIFIED:
      {
        g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
        /* A late notification gives the reasons for the delay (GDPR art. 33-1). */
        gboolean late = cabinet_breach_remaining (self->breach, now) < 0;

        adw_window_title_set_title (self->window_title, _("CNIL Notified"));
        adw_preferences_group_set_title (self->when_group, _("When the CNIL Was Notified"));
        adw_preferences_group_set_description (self->when_group, late
          ? _("Notifications are made on the CNIL’s website, notifications.cnil.fr. This one is more than 72 hours after the breach was noticed: give the reasons for the delay with it. Keep its acknowledgement with your records.")
          : _("Notifications are made on the CNIL’s website, notifications.cnil.fr. Keep its acknowledgement with your records."));
        set_now (self);
        focus = GTK_WIDGET (self->date_row);
      }
      break;
    case CABINET_BREACH_DIALOG_NOT_NOTIFIED:
    default:
      adw_window_title_set_title (self->window_title, _("No Notification Needed"));
      focus = GTK_WIDGET (self->reason_view);
      break;
    }
  /* A decision is a field or two: no need for the form's height. */
  if (!texts)
    gtk_window_set_default_size (GTK_WINDOW (self), 520, 400);
  gtk_window_set_focus (GTK_WINDOW (self), focus);
}

static void
cabinet_breach_dialog_dispose (GObject *object)
{
  CabinetBreachDialog *self = CABINET_BREACH_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CABINET_TYPE_BREACH_DIALOG);
  g_clear_object (&self->context);
  g_clear_object (&self->breach);

  G_OBJECT_CLASS (cabinet_breach_dialog_parent_class)->dispose (object);
}

static void
cabinet_breach_dialog_class_init (CabinetBreachDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cabinet_breach_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cabinetapp/Cabinet/cabinet-breach-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CabinetBreachDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CabinetBreachDialog, when_group);
  gtk_widget_class_bind_template_child (widget_class, CabinetBreachDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetBreachDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetBreachDialog, description_group);
  gtk_widget_class_bind_template_child (widget_class, CabinetBreachDialog, description_view);
  gtk_widget_class_bind_template_child (widget_class, CabinetBreachDialog, data_group);
  gtk_widget_class_bind_template_child (widget_class, CabinetBreachDialog, data_view);
  gtk_widget_class_bind_template_child (widget_class, CabinetBreachDialog, consequences_group);
  gtk_widget_class_bind_template_child (widget_class, CabinetBreachDialog, consequences_view);
  gtk_widget_class_bind_template_child (widget_class, CabinetBreachDialog, measures_group);
  gtk_widget_class_bind_template_child (widget_class, CabinetBreachDialog, measures_view);
  gtk_widget_class_bind_template_child (widget_class, CabinetBreachDialog, reason_group);
  gtk_widget_class_bind_template_child (widget_class, CabinetBreachDialog, reason_view);

  gtk_widget_class_install_action (widget_class, "breach-dialog.save", NULL, save_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "breach-dialog.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "breach-dialog.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cabinet_breach_dialog_init (CabinetBreachDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->date_row, "changed", G_CALLBACK (on_when_changed), self);
  g_signal_connect_swapped (self->time_row, "changed", G_CALLBACK (on_when_changed), self);
  g_signal_connect_swapped (self->date_row, "entry-activated", G_CALLBACK (on_entry_activated), self);
  g_signal_connect_swapped (self->time_row, "entry-activated", G_CALLBACK (on_entry_activated), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->description_view), "changed",
                            G_CALLBACK (on_description_changed), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->reason_view), "changed",
                            G_CALLBACK (on_reason_changed), self);
}

CabinetBreachDialog *
cabinet_breach_dialog_new (GtkWindow               *parent,
                           CabinetContext          *context,
                           CabinetBreach           *breach,
                           CabinetBreachDialogMode  mode)
{
  CabinetBreachDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CABINET_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (breach == NULL || CABINET_IS_BREACH (breach), NULL);
  g_return_val_if_fail ((breach == NULL) == (mode == CABINET_BREACH_DIALOG_RECORD), NULL);

  self = g_object_new (CABINET_TYPE_BREACH_DIALOG, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  self->breach = breach ? g_object_ref (breach) : NULL;
  self->mode = mode;
  load (self);
  /* Locked: the form and what it holds go. */
  g_signal_connect_object (context, "notify::locked", G_CALLBACK (gtk_window_destroy), self, G_CONNECT_SWAPPED);
  return self;
}
