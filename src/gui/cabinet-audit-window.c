/* cabinet-audit-window.c — the activity log: what was done with the records and
 * when, the latest first, and a way to export it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cabinet-audit.h"
#include "cabinet-audit-window.h"
#include "cabinet-document-actions.h"
#include "cabinet-feedback.h"
#include "cabinet-gui-util.h"

struct _CabinetAuditWindow
{
  AdwWindow        parent_instance;

  CabinetContext  *context;
  CabinetAuditLog *log;

  AdwWindowTitle  *window_title;
  GtkStack        *stack;
  GtkListView     *list;
  AdwStatusPage   *error_page;
};

G_DEFINE_FINAL_TYPE (CabinetAuditWindow, cabinet_audit_window, ADW_TYPE_WINDOW)

/* ── The rows ────────────────────────────────────────────────────────────── */

/* To the second, in the local time zone and the interface's language. */
static char *
format_time (GDateTime *when)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (when);
  /* Translators: the time of an entry in the activity log, as in "22 Nov 2026, 09:30:15" (see
   * g_date_time_format() for the codes). */
  char *text = g_date_time_format (local, _("%-d %b %Y, %H:%M:%S"));

  return text ? text : g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *action = gtk_label_new (NULL);
  GtkWidget *object = gtk_label_new (NULL);
  GtkWidget *time = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_xalign (GTK_LABEL (action), 0);
  gtk_label_set_wrap (GTK_LABEL (action), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (action), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (object), 0);
  gtk_label_set_ellipsize (GTK_LABEL (object), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (object, "caption");
  gtk_widget_add_css_class (object, "dim-label");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (time), 1);
  gtk_widget_set_valign (time, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (time, "numeric");
  gtk_widget_add_css_class (time, "dim-label");
  gtk_box_append (GTK_BOX (texts), action);
  gtk_box_append (GTK_BOX (texts), object);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), time);
  gtk_list_item_set_child (item, box);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  CabinetAuditEntry *entry = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *texts = gtk_widget_get_first_child (box);
  GtkWidget *action = gtk_widget_get_first_child (texts);
  GtkWidget *object = gtk_widget_get_next_sibling (action);
  GtkWidget *time = gtk_widget_get_next_sibling (texts);
  GDateTime *when = cabinet_audit_entry_get_time (entry);
  g_autofree char *object_text = NULL;
  g_autofree char *time_text = NULL;

  if (when == NULL)
    {
      gtk_label_set_text (GTK_LABEL (action), _("This entry could not be read"));
      gtk_widget_set_visible (object, FALSE);
      gtk_label_set_text (GTK_LABEL (time), "");
      return;
    }
  object_text = cabinet_audit_describe_object (cabinet_audit_entry_get_object_type (entry),
                                               cabinet_audit_entry_get_object_id (entry));
  time_text = format_time (when);
  gtk_label_set_text (GTK_LABEL (action), cabinet_audit_action_label (cabinet_audit_entry_get_action (entry)));
  gtk_label_set_text (GTK_LABEL (object), object_text);
  gtk_widget_set_visible (object, *object_text != '\0');
  gtk_label_set_text (GTK_LABEL (time), time_text);
}

/* ── The window ──────────────────────────────────────────────────────────── */

static void
show_error (CabinetAuditWindow *self,
            const char         *message)
{
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  adw_window_title_set_subtitle (self->window_title, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.export", FALSE);
}

static void
update_view (CabinetAuditWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->log));
  g_autofree char *count = g_strdup_printf (ngettext ("%'u entry", "%'u entries", n), n);

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "log" : "empty");
  adw_window_title_set_subtitle (self->window_title, n > 0 ? count : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.export", n > 0);
}

void
cabinet_audit_window_refresh (CabinetAuditWindow *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CABINET_IS_AUDIT_WINDOW (self));

  if (self->log && !cabinet_audit_log_refresh (self->log, &error))
    show_error (self, error->message);
}

/* What was done in another window meanwhile shows when this one comes back. */
static void
on_active_changed (CabinetAuditWindow *self)
{
  if (gtk_window_is_active (GTK_WINDOW (self)))
    cabinet_audit_window_refresh (self);
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  CabinetAuditWindow *self = CABINET_AUDIT_WINDOW (widget);
  CabinetDatabase *database = cabinet_context_get_database (self->context);
  /* A spreadsheet in French reads ';' between fields, as the accountant's export. */
  char separator = g_str_equal (cabinet_document_language (), "fr") ? ';' : ',';
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *text;

  if (database == NULL)
    return;
  text = cabinet_audit_export_csv (database, separator, &error);
  if (text == NULL)
    {
      cabinet_show_error (GTK_WINDOW (self), _("The activity log could not be exported"), error->message);
      return;
    }
  bytes = g_bytes_new_take (text, strlen (text));
  cabinet_document_export_as (GTK_WINDOW (self), bytes,
                              /* Translators: the name proposed for the exported activity log. */
                              _("Activity log.csv"), _("Export the Activity Log"),
                              "text/csv", _("Spreadsheets (CSV)"),
                              &(CabinetDocumentAudit) { database, "audit-log-exported", NULL, 0 });
}

static void
cabinet_audit_window_dispose (GObject *object)
{
  CabinetAuditWindow *self = CABINET_AUDIT_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CABINET_TYPE_AUDIT_WINDOW);
  g_clear_object (&self->log);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cabinet_audit_window_parent_class)->dispose (object);
}

static void
cabinet_audit_window_class_init (CabinetAuditWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cabinet_audit_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cabinetapp/Cabinet/cabinet-audit-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CabinetAuditWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CabinetAuditWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CabinetAuditWindow, list);
  gtk_widget_class_bind_template_child (widget_class, CabinetAuditWindow, error_page);

  gtk_widget_class_install_action (widget_class, "audit.export", NULL, export_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "audit.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
cabinet_audit_window_init (CabinetAuditWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_list_view_set_factory (self->list, factory);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.export", FALSE);
}

CabinetAuditWindow *
cabinet_audit_window_present (GtkWindow      *parent,
                              CabinetContext *context)
{
  CabinetAuditWindow *self;
  CabinetDatabase *database;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CABINET_IS_CONTEXT (context), NULL);

  self = g_object_new (CABINET_TYPE_AUDIT_WINDOW, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  database = cabinet_context_get_database (context);
  if (database)
    self->log = cabinet_audit_log_new (database, &error);
  if (self->log)
    {
      GtkNoSelection *selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->log)));

      gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (selection));
      g_object_unref (selection);
      g_signal_connect_object (self->log, "items-changed", G_CALLBACK (update_view), self, G_CONNECT_SWAPPED);
      update_view (self);
    }
  else
    show_error (self, error ? error->message : _("Cabinet is locked. Unlock it to see your records."));

  g_signal_connect (self, "notify::is-active", G_CALLBACK (on_active_changed), NULL);
  /* What it shows is the practice's records: it goes when they lock. */
  g_signal_connect_object (context, "notify::locked", G_CALLBACK (gtk_window_destroy), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}
