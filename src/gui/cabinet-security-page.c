/* cabinet-security-page.c — the workstation self-check, each check as it finishes
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cabinet-audit.h"
#include "cabinet-backups-group.h"
#include "cabinet-check-run.h"
#include "cabinet-feedback.h"
#include "cabinet-security-page.h"

struct _CabinetSecurityPage
{
  AdwBin             parent_instance;

  CabinetContext    *context;
  gboolean           ran_once;

  AdwToastOverlay   *toasts;
  GtkImage          *verdict_icon;
  GtkLabel          *verdict_label;
  GtkLabel          *checked_label;
  GtkButton         *run_button;
  GtkListBox        *required_list;
  GtkListBox        *advice_list;
  CabinetBackupsGroup *backups_group;
};

G_DEFINE_FINAL_TYPE (CabinetSecurityPage, cabinet_security_page, ADW_TYPE_BIN)

static const char *
status_icon (CabinetCheckStatus status)
{
  switch (status)
    {
    case CABINET_CHECK_PASS: return "emblem-ok-symbolic";
    case CABINET_CHECK_WARN: return "dialog-warning-symbolic";
    case CABINET_CHECK_FAIL: return "dialog-error-symbolic";
    case CABINET_CHECK_UNKNOWN:
    default: return "dialog-question-symbolic";
    }
}

static const char *
status_class (CabinetCheckStatus status)
{
  switch (status)
    {
    case CABINET_CHECK_PASS: return "success";
    case CABINET_CHECK_WARN: return "warning";
    case CABINET_CHECK_FAIL: return "error";
    case CABINET_CHECK_UNKNOWN:
    default: return "dim-label";
    }
}

void
cabinet_security_page_set_status_image (GtkImage           *image,
                                        CabinetCheckStatus  status)
{
  static const char *classes[] = { "success", "warning", "error", "dim-label" };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (image), classes[i]);
  gtk_image_set_from_icon_name (image, status_icon (status));
  gtk_widget_add_css_class (GTK_WIDGET (image), status_class (status));
  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, cabinet_check_status_label (status),
                                  -1);
}

/* One check: the expander row, whose subtitle is the summary, with what to do and
 * what was read inside. */
typedef struct {
  CabinetCheckItem *item;
  gulong            handler;
  AdwExpanderRow *row;
  GtkImage       *icon;
  GtkSpinner     *spinner;
  GtkLabel       *remedy;
  GtkWidget      *remedy_row;
  GtkLabel       *evidence;
} CheckRow;

/* Freed with the row: the item lives on in the self-check. */
static void
check_row_free (CheckRow *row)
{
  g_clear_signal_handler (&row->handler, row->item);
  g_clear_object (&row->item);
  g_free (row);
}

static GtkWidget *
text_row (const char  *title,
          GtkLabel   **label_out,
          gboolean     monospace)
{
  GtkWidget *row = g_object_new (ADW_TYPE_PREFERENCES_ROW, "title", title, "activatable", FALSE, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (monospace)
    {
      gtk_widget_add_css_class (label, "monospace");
      gtk_widget_add_css_class (label, "caption");
    }
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  *label_out = GTK_LABEL (label);
  return row;
}

static void
update_check_row (CabinetCheckItem *item,
                  GParamSpec       *pspec,
                  CheckRow         *row)
{
  gboolean running = cabinet_check_item_get_running (item);
  const char *remedy = cabinet_check_item_get_remedy (item);
  CabinetCheckStatus status = cabinet_check_item_get_status (item);

  adw_expander_row_set_subtitle (row->row, running ? _("Checking…") : cabinet_check_item_get_summary (item));
  gtk_widget_set_visible (GTK_WIDGET (row->spinner), running);
  gtk_spinner_set_spinning (row->spinner, running);
  gtk_widget_set_visible (GTK_WIDGET (row->icon), !running);
  cabinet_security_page_set_status_image (row->icon, status);
  gtk_label_set_text (row->remedy, remedy ? remedy : "");
  gtk_widget_set_visible (row->remedy_row, remedy != NULL && status != CABINET_CHECK_PASS);
  gtk_label_set_text (row->evidence, cabinet_check_item_get_evidence (item));
}

static GtkWidget *
create_check_row (gpointer item_ptr,
                  gpointer user_data)
{
  CabinetCheckItem *item = item_ptr;
  CheckRow *row = g_new0 (CheckRow, 1);
  GtkWidget *evidence_row;

  row->row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), cabinet_check_item_get_title (item));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row->row), FALSE);
  row->icon = GTK_IMAGE (gtk_image_new ());
  row->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->spinner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Checking…"), -1);
  adw_expander_row_add_prefix (row->row, GTK_WIDGET (row->icon));
  adw_expander_row_add_prefix (row->row, GTK_WIDGET (row->spinner));

  row->remedy_row = text_row (_("What to do"), &row->remedy, FALSE);
  adw_expander_row_add_row (row->row, row->remedy_row);
  evidence_row = text_row (_("What Cabinet read"), &row->evidence, TRUE);
  adw_expander_row_add_row (row->row, evidence_row);

  row->item = g_object_ref (item);
  row->handler = g_signal_connect (item, "notify", G_CALLBACK (update_check_row), row);
  g_object_set_data_full (G_OBJECT (row->row), "cabinet-check-row", row, (GDestroyNotify) check_row_free);
  update_check_row (item, NULL, row);
  return GTK_WIDGET (row->row);
}

static gboolean
filter_required (gpointer item,
                 gpointer user_data)
{
  return cabinet_check_item_get_required (item) == GPOINTER_TO_INT (user_data);
}

static void
bind_list (GtkListBox *list,
           GListModel *items,
           gboolean    required)
{
  GtkCustomFilter *filter = gtk_custom_filter_new (filter_required, GINT_TO_POINTER (required), NULL);
  g_autoptr(GtkFilterListModel) model = gtk_filter_list_model_new (g_object_ref (items), GTK_FILTER (filter));

  gtk_list_box_bind_model (list, G_LIST_MODEL (model), create_check_row, NULL, NULL);
}

static void
update_header (CabinetSecurityPage *self)
{
  CabinetSelfCheck *check = cabinet_context_get_self_check (self->context);
  GDateTime *checked_at = cabinet_self_check_get_checked_at (check);
  gboolean running = cabinet_self_check_get_running (check);
  CabinetCheckStatus verdict = cabinet_self_check_get_verdict (check);
  g_autofree char *when = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->run_button), !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "security.export", checked_at != NULL && !running);
  cabinet_security_page_set_status_image (self->verdict_icon, verdict);

  gtk_label_set_text (self->verdict_label, cabinet_self_check_describe (check));

  if (checked_at)
    {
      g_autofree char *formatted = cabinet_format_date_time (checked_at);
      /* Translators: %s is a date and time. */
      when = g_strdup_printf (_("Last checked %s"), formatted);
    }
  gtk_label_set_text (self->checked_label, when ? when : "");
}

static void
on_run_clicked (CabinetSecurityPage *self)
{
  cabinet_context_run_self_check (self->context);
}

static void
on_map (CabinetSecurityPage *self)
{
  /* The first time the page is seen: a check is what the therapist came for. */
  if (!self->ran_once && self->context)
    {
      self->ran_once = TRUE;
      if (cabinet_self_check_get_checked_at (cabinet_context_get_self_check (self->context)) == NULL)
        cabinet_context_run_self_check (self->context);
    }
}

static void
report_saved (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CabinetSecurityPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      cabinet_audit_record_now (self->context ? cabinet_context_get_database (self->context) : NULL,
                                "self-check-report-exported", NULL, 0);
      adw_toast_overlay_add_toast (self->toasts, cabinet_toast_new (_("Report saved")));
    }
  else
    {
      /* Translators: %s says why, from the system. */
      g_autofree char *message = g_strdup_printf (_("The report could not be saved: %s"), error->message);
      adw_toast_overlay_add_toast (self->toasts, cabinet_toast_new (message));
    }
}

static void
on_export_response (GtkNativeDialog     *dialog,
                    int                  response,
                    CabinetSecurityPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  CabinetPractitioner *practitioner;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  practitioner = cabinet_context_get_practitioner (self->context);
  bytes = cabinet_self_check_render_report (cabinet_context_get_self_check (self->context),
                                            practitioner ? cabinet_practitioner_get_text (practitioner, CABINET_PRACTITIONER_FULL_NAME) : NULL,
                                            &error);
  if (bytes == NULL)
    {
      adw_toast_overlay_add_toast (self->toasts, cabinet_toast_new (error->message));
      goto out;
    }
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, report_saved, g_object_ref (self));

out:
  g_object_unref (dialog);
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  CabinetSecurityPage *self = CABINET_SECURITY_PAGE (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;

  dialog = gtk_file_chooser_native_new (_("Export the Security Report"),
                                        GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  /* Translators: the suggested file name; %s is a date such as 2026-11-22. */
  name = g_strdup_printf (_("Security check - %s.pdf"), date);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static GtkWidget *
create_history_row (gpointer item,
                    gpointer user_data)
{
  CabinetCheckRun *run = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new ();
  g_autofree char *when = cabinet_format_date_time (cabinet_check_run_get_checked_at (run));
  g_autoptr(GString) details = g_string_new (NULL);
  const CabinetCheckInfo *checks;
  guint n_checks;

  checks = cabinet_checks_get_all (&n_checks);
  for (guint i = 0; i < n_checks; i++)
    {
      CabinetCheckStatus status = cabinet_check_run_get_status (run, checks[i].id);

      if (status == CABINET_CHECK_PASS)
        continue;
      if (details->len)
        g_string_append (details, " · ");
      /* Translators: a check and its status in the history, "Firewall: Needs attention". */
      g_string_append_printf (details, _("%s: %s"), _(checks[i].title), cabinet_check_status_label (status));
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), when);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), details->len ? details->str : _("Every check passed"));
  cabinet_security_page_set_status_image (GTK_IMAGE (icon), cabinet_check_run_get_verdict (run));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

static void
history_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  CabinetSecurityPage *self = CABINET_SECURITY_PAGE (widget);
  CabinetDatabase *database = cabinet_context_get_database (self->context);
  g_autoptr(GListModel) runs = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window, *box, *header, *scrolled, *clamp, *list, *empty;

  if (database == NULL)
    return;
  runs = cabinet_check_run_load_history (database, 500, &error);
  if (runs == NULL)
    {
      adw_toast_overlay_add_toast (self->toasts, cabinet_toast_new (error->message));
      return;
    }

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Self-Check History"));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 600);
  /* Locking closes whatever shows the records. */
  g_signal_connect_object (self->context, "notify::locked", G_CALLBACK (gtk_window_destroy),
                           window, G_CONNECT_SWAPPED);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  gtk_box_append (GTK_BOX (box), header);
  scrolled = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scrolled, TRUE);
  clamp = adw_clamp_new ();
  list = gtk_list_box_new ();
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_set_margin_top (list, 18);
  gtk_widget_set_margin_bottom (list, 18);
  gtk_widget_set_margin_start (list, 12);
  gtk_widget_set_margin_end (list, 12);
  gtk_widget_set_valign (list, GTK_ALIGN_START);
  empty = gtk_label_new (_("No self-check has been kept yet."));
  gtk_widget_add_css_class (empty, "dim-label");
  gtk_widget_set_margin_top (empty, 12);
  gtk_widget_set_margin_bottom (empty, 12);
  gtk_list_box_set_placeholder (GTK_LIST_BOX (list), empty);
  gtk_list_box_bind_model (GTK_LIST_BOX (list), runs, create_history_row, NULL, NULL);
  adw_clamp_set_child (ADW_CLAMP (clamp), list);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
}

void
cabinet_security_page_set_context (CabinetSecurityPage *self,
                                   CabinetContext      *context)
{
  CabinetSelfCheck *check;

  g_return_if_fail (CABINET_IS_SECURITY_PAGE (self));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  cabinet_backups_group_set_context (self->backups_group, context);
  check = cabinet_context_get_self_check (context);
  bind_list (self->required_list, cabinet_self_check_get_items (check), TRUE);
  bind_list (self->advice_list, cabinet_self_check_get_items (check), FALSE);
  g_signal_connect_object (check, "notify", G_CALLBACK (update_header), self, G_CONNECT_SWAPPED);
  update_header (self);
}

static void
cabinet_security_page_dispose (GObject *object)
{
  CabinetSecurityPage *self = CABINET_SECURITY_PAGE (object);

  /* The bin's child is a bound template child: AdwBin must let go of it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CABINET_TYPE_SECURITY_PAGE);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (cabinet_security_page_parent_class)->dispose (object);
}

static void
cabinet_security_page_class_init (CabinetSecurityPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cabinet_security_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cabinetapp/Cabinet/cabinet-security-page.ui");
  g_type_ensure (CABINET_TYPE_BACKUPS_GROUP);
  gtk_widget_class_bind_template_child (widget_class, CabinetSecurityPage, toasts);
  gtk_widget_class_bind_template_child (widget_class, CabinetSecurityPage, backups_group);
  gtk_widget_class_bind_template_child (widget_class, CabinetSecurityPage, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, CabinetSecurityPage, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, CabinetSecurityPage, checked_label);
  gtk_widget_class_bind_template_child (widget_class, CabinetSecurityPage, run_button);
  gtk_widget_class_bind_template_child (widget_class, CabinetSecurityPage, required_list);
  gtk_widget_class_bind_template_child (widget_class, CabinetSecurityPage, advice_list);
  gtk_widget_class_bind_template_callback (widget_class, on_run_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_map);

  gtk_widget_class_install_action (widget_class, "security.export", NULL, export_activated);
  gtk_widget_class_install_action (widget_class, "security.history", NULL, history_activated);
}

static void
cabinet_security_page_init (CabinetSecurityPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
