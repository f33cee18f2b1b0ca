/* cabinet-backups-group.c — the last backup, where backups go, restoring and exporting
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cabinet-backups-group.h"
#include "cabinet-feedback.h"
#include "cabinet-gui-util.h"
#include "cabinet-validate.h"

struct _CabinetBackupsGroup
{
  AdwPreferencesGroup  parent_instance;

  CabinetContext      *context;
  CabinetBackupKeeper *keeper;

  AdwActionRow        *last_row;
  GtkImage            *last_icon;
  GtkSpinner          *spinner;
  GtkButton           *back_up_button;
  AdwActionRow        *folder_row;
  GtkButton           *restore_button;
  GtkButton           *export_button;
  GtkWindow           *restore_window;   /* while open */
};

G_DEFINE_FINAL_TYPE (CabinetBackupsGroup, cabinet_backups_group, ADW_TYPE_PREFERENCES_GROUP)

static void
update (CabinetBackupsGroup *self)
{
  g_autofree char *folder = NULL;
  g_autofree char *display = NULL;
  g_autofree char *when = NULL;
  g_autofree char *subtitle = NULL;
  const char *error;
  GDateTime *last;
  gboolean busy, locked;

  if (self->keeper == NULL)
    return;
  error = cabinet_backup_keeper_get_error (self->keeper);
  last = cabinet_backup_keeper_get_last_backup (self->keeper);
  busy = cabinet_backup_keeper_get_busy (self->keeper);
  locked = cabinet_context_is_locked (self->context);

  if (last != NULL)
    when = cabinet_format_date_time (last);
  if (error != NULL)
    /* Translators: why the last backup failed, then when the last good one was made. */
    subtitle = when ? g_strdup_printf (_("The last backup failed: %s\nLast verified backup: %s."), error, when)
                    : g_strdup_printf (_("The last backup failed: %s"), error);
  else if (last == NULL)
    subtitle = g_strdup (_("None yet. Make one now, and keep the backup folder on another drive."));
  else if (cabinet_backup_keeper_is_stale (self->keeper))
    /* Translators: %s is a date and time. */
    subtitle = g_strdup_printf (_("%s: more than seven days ago. Make one now."), when);
  else
    subtitle = g_steal_pointer (&when);
  adw_action_row_set_subtitle (self->last_row, subtitle);

  gtk_image_set_from_icon_name (self->last_icon,
                                error ? "dialog-error-symbolic"
                                : cabinet_backup_keeper_is_stale (self->keeper) ? "dialog-warning-symbolic"
                                : "emblem-ok-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->last_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->last_icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->last_icon), "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->last_icon),
                            error ? "error" : cabinet_backup_keeper_is_stale (self->keeper) ? "warning" : "success");

  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_up_button), !busy && !locked);
  gtk_widget_set_sensitive (GTK_WIDGET (self->restore_button), !busy && !locked);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), !busy && !locked);

  folder = cabinet_backup_keeper_dup_folder (self->keeper);
  display = g_filename_display_name (folder);
  adw_action_row_set_subtitle (self->folder_row, display);
}

static void
toast (CabinetBackupsGroup *self,
       const char          *text)
{
  AdwToastOverlay *toasts = cabinet_widget_find_toasts (GTK_WIDGET (self));

  if (toasts)
    adw_toast_overlay_add_toast (toasts, cabinet_toast_new (text));
}

/* What came of a backup, a restore or an export: a toast, or why not. */
static void
report (CabinetBackupsGroup *self,
        gboolean             done,
        const char          *toast_text,
        const char          *failure_heading,
        const GError        *error)
{
  if (done)
    toast (self, toast_text);
  else
    cabinet_show_error (cabinet_widget_get_window (GTK_WIDGET (self)), failure_heading, error->message);
}

/* Back up now */

static void
back_up_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CabinetBackupsGroup) self = user_data;
  g_autoptr(CabinetBackup) backup = NULL;
  g_autoptr(GError) error = NULL;

  backup = cabinet_backup_keeper_back_up_finish (CABINET_BACKUP_KEEPER (source), result, &error);
  report (self, backup != NULL, _("Backup made and verified"), _("The Backup Failed"), error);
}

static void
back_up_clicked (CabinetBackupsGroup *self)
{
  cabinet_backup_keeper_back_up_async (self->keeper, back_up_done, g_object_ref (self));
}

/* The folder */

static void
folder_chosen (GtkNativeDialog     *dialog,
               int                  response,
               CabinetBackupsGroup *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = folder ? g_file_get_path (folder) : NULL;

      if (path != NULL)
        g_settings_set_string (cabinet_context_get_settings (self->context), "backup-folder", path);
      else
        cabinet_show_error (cabinet_widget_get_window (GTK_WIDGET (self)),
                            _("This Folder Cannot Be Used"),
                            _("Choose a folder on a drive of this computer, an external drive or a synchronised folder."));
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
choose_folder_clicked (CabinetBackupsGroup *self)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Choose the Backup Folder"),
                                         cabinet_widget_get_window (GTK_WIDGET (self)),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (folder_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Restoring: the backup is checked first, then the therapist confirms. */

typedef struct {
  CabinetBackupsGroup *self;
  char                *path;
  CabinetKey          *key;   /* NULL: the database's own */
} Restore;

static void
restore_free (Restore *restore)
{
  g_object_unref (restore->self);
  g_free (restore->path);
  cabinet_key_free (restore->key);
  g_free (restore);
}

static void
restored (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CabinetBackupsGroup) self = user_data;
  g_autoptr(CabinetBackup) backup = NULL;
  g_autoptr(GError) error = NULL;

  backup = cabinet_backup_keeper_restore_finish (CABINET_BACKUP_KEEPER (source), result, &error);
  report (self, backup != NULL, _("Backup restored. The records it replaced were kept as a backup."),
          _("The Backup Was Not Restored"), error);
}

static void
confirm_response (AdwMessageDialog *dialog,
                  const char       *response,
                  Restore          *restore)
{
  if (g_strcmp0 (response, "restore") == 0)
    {
      if (restore->self->restore_window)
        gtk_window_close (restore->self->restore_window);
      cabinet_backup_keeper_restore_async (restore->self->keeper, restore->path, restore->key,
                                           restored, g_object_ref (restore->self));
    }
  restore_free (restore);
}

/* What the worker reads the backup with: its own copies. */
typedef struct {
  char       *path;
  CabinetKey *key;
} Inspect;

static void
inspect_free (Inspect *inspect)
{
  g_free (inspect->path);
  cabinet_key_free (inspect->key);
  g_free (inspect);
}

static void
inspect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Inspect *inspect = task_data;
  GError *error = NULL;
  CabinetBackup *backup;

  backup = cabinet_backup_inspect (inspect->path, inspect->key, &error);
  if (backup)
    g_task_return_pointer (task, backup, g_object_unref);
  else
    g_task_return_error (task, error);
}

static void
inspected (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Restore *restore = user_data;
  CabinetBackupsGroup *self = restore->self;
  g_autoptr(CabinetBackup) backup = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *when = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  backup = g_task_propagate_pointer (G_TASK (result), &error);
  if (backup == NULL)
    {
      cabinet_show_error (cabinet_widget_get_window (GTK_WIDGET (self)),
                          _("This Backup Cannot Be Restored"), error->message);
      restore_free (restore);
      return;
    }

  when = cabinet_format_date_time (cabinet_backup_get_made_at (backup));
  /* Translators: what a backup holds. */
  body = g_strdup_printf (_("Clients: %d. Sessions: %d. Payments: %d.\nYour records as they are now are kept as a backup first, so you can undo this."),
                          (int) cabinet_backup_get_n_clients (backup),
                          (int) cabinet_backup_get_n_sessions (backup),
                          (int) cabinet_backup_get_n_payments (backup));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (cabinet_widget_get_window (GTK_WIDGET (self)),
                                                       NULL, body));
  /* Translators: %s is a date and time. */
  adw_message_dialog_format_heading (dialog, _("Restore the Backup of %s?"), when);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "restore", _("_Restore"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "restore", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response), restore);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Checks the backup at @path, opened with @key (NULL: the database's key), then
 * asks to restore it. */
static void
start_restore (CabinetBackupsGroup *self,
               const char          *path,
               CabinetKey          *key)
{
  Restore *restore = g_new0 (Restore, 1);
  Inspect *inspect;
  g_autoptr(GTask) task = NULL;
  CabinetDatabase *database = cabinet_context_get_database (self->context);

  restore->self = g_object_ref (self);
  restore->path = g_strdup (path);
  restore->key = key;
  if (database == NULL)
    {
      restore_free (restore);
      return;
    }
  inspect = g_new0 (Inspect, 1);
  inspect->path = g_strdup (path);
  inspect->key = key ? cabinet_key_copy (key) : cabinet_database_dup_key (database);
  task = g_task_new (NULL, NULL, inspected, restore);
  g_task_set_task_data (task, inspect, (GDestroyNotify) inspect_free);
  g_task_run_in_thread (task, inspect_thread);
}

static void
backup_row_activated (AdwActionRow        *row,
                      CabinetBackupsGroup *self)
{
  start_restore (self, g_object_get_data (G_OBJECT (row), "path"), NULL);
}

static void
key_response (AdwMessageDialog *dialog,
              const char       *response,
              Restore          *restore)
{
  if (g_strcmp0 (response, "open") == 0)
    {
      GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
      const char *text = gtk_editable_get_text (entry);
      CabinetKey *key = cabinet_key_looks_like_recovery (text) ? cabinet_key_new_from_recovery (text, NULL)
                                                               : cabinet_key_new_passphrase (text);
      gtk_editable_set_text (entry, "");
      if (key != NULL)
        start_restore (restore->self, restore->path, key);
      else
        cabinet_show_error (cabinet_widget_get_window (GTK_WIDGET (restore->self)),
                            _("This Recovery Key Is Not Valid"),
                            _("Check each group of four characters against the recovery sheet."));
    }
  restore_free (restore);
}

static void
file_chosen (GtkNativeDialog     *chooser,
             int                  response,
             CabinetBackupsGroup *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file)
    path = g_file_get_path (file);
  if (path)
    {
      Restore *restore = g_new0 (Restore, 1);
      AdwMessageDialog *dialog;
      GtkWidget *entry = gtk_password_entry_new ();

      restore->self = g_object_ref (self);
      restore->path = g_steal_pointer (&path);
      gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Passphrase or recovery key"), -1);
      g_object_set (entry, "activates-default", TRUE, NULL);
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (cabinet_widget_get_window (GTK_WIDGET (self)),
                                                           _("Open the Backup"),
                                                           _("Type the passphrase chosen when the backup was exported, or the recovery key of the database it was made from.")));
      adw_message_dialog_set_extra_child (dialog, entry);
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "open", _("_Open"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "open", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "open");
      adw_message_dialog_set_close_response (dialog, "cancel");
      g_signal_connect (dialog, "response", G_CALLBACK (key_response), restore);
      gtk_window_present (GTK_WINDOW (dialog));
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
open_file_clicked (CabinetBackupsGroup *self)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Open a Backup"),
                                         self->restore_window ? self->restore_window
                                                              : cabinet_widget_get_window (GTK_WIDGET (self)),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (file_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static GtkWidget *
backup_row (CabinetBackupsGroup *self,
            CabinetBackup       *backup)
{
  g_autofree char *when = cabinet_format_date_time (cabinet_backup_get_made_at (backup));
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), when);
  if (cabinet_backup_is_before_restore (backup))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Your records just before a restore"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
  g_object_set_data_full (G_OBJECT (row), "path", g_strdup (cabinet_backup_get_path (backup)), g_free);
  g_signal_connect (row, "activated", G_CALLBACK (backup_row_activated), self);
  return row;
}

static void
restore_window_destroyed (CabinetBackupsGroup *self)
{
  self->restore_window = NULL;
}

static void
restore_clicked (CabinetBackupsGroup *self)
{
  g_autofree char *folder = cabinet_backup_keeper_dup_folder (self->keeper);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) backups = cabinet_backup_list (folder, cabinet_context_get_database_path (self->context),
                                                       &error);
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *open_button = gtk_button_new_with_mnemonic (_("_Open a File…"));
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  guint n = backups ? g_list_model_get_n_items (backups) : 0;

  gtk_window_set_title (GTK_WINDOW (window), _("Restore a Backup"));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), cabinet_widget_get_window (GTK_WIDGET (self)));
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 560);
  gtk_widget_set_tooltip_text (open_button, _("Restore a backup exported from another computer"));
  g_signal_connect_swapped (open_button, "clicked", G_CALLBACK (open_file_clicked), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), open_button);
  gtk_box_append (GTK_BOX (box), header);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Backups in the Backup Folder"));
  if (error != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), error->message);
  else if (n == 0)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                           _("There is no backup in the backup folder. To restore a backup from elsewhere, open its file."));
  else
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                           _("Choose the backup to restore; it is checked before anything is replaced."));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CabinetBackup) backup = g_list_model_get_item (backups, i);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), backup_row (self, backup));
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (window), box);

  self->restore_window = GTK_WINDOW (window);
  g_signal_connect_object (window, "destroy", G_CALLBACK (restore_window_destroyed), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (window));
}

/* Exporting, with a passphrase */

typedef struct {
  CabinetBackupsGroup *self;
  char                *partial;
  char                *path;
} Exporting;

static void
exporting_free (Exporting *exporting)
{
  g_object_unref (exporting->self);
  g_free (exporting->partial);
  g_free (exporting->path);
  g_free (exporting);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Exporting, exporting_free)

static void
exported (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Exporting) exporting = user_data;
  CabinetBackupsGroup *self = exporting->self;
  g_autoptr(CabinetBackup) backup = NULL;
  g_autoptr(GError) error = NULL;

  backup = cabinet_backup_make_finish (result, &error);
  if (backup != NULL && g_rename (exporting->partial, exporting->path) != 0)
    {
      int saved = errno;
      g_clear_object (&backup);
      g_unlink (exporting->partial);
      cabinet_backup_set_errno_error (exporting->path, saved, &error);
    }
  report (self, backup != NULL, _("Backup exported. Keep the passphrase apart from the file."),
          _("The Backup Was Not Exported"), error);
}

typedef struct {
  CabinetBackupsGroup *self;
  CabinetKey          *key;
} Export;

static void
export_free (Export *export)
{
  g_object_unref (export->self);
  cabinet_key_free (export->key);
  g_free (export);
}

static void
export_file_chosen (GtkNativeDialog *chooser,
                    int              response,
                    Export          *export)
{
  CabinetBackupsGroup *self = export->self;
  CabinetDatabase *database = cabinet_context_get_database (self->context);
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file)
    path = g_file_get_path (file);
  if (path && database)
    {
      /* Written beside the file chosen, then put in its place: a failure leaves
       * what was there. */
      Exporting *exporting = g_new0 (Exporting, 1);

      exporting->self = g_object_ref (self);
      exporting->partial = g_strconcat (path, ".partial", NULL);
      exporting->path = g_steal_pointer (&path);
      g_unlink (exporting->partial);
      cabinet_backup_write_async (database, exporting->partial, export->key, NULL, exported, exporting);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  export_free (export);
}

static void
passphrase_changed (AdwMessageDialog *dialog)
{
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);
  GtkEditable *first = GTK_EDITABLE (gtk_widget_get_first_child (box));
  GtkEditable *second = GTK_EDITABLE (gtk_widget_get_next_sibling (GTK_WIDGET (first)));
  const char *a = gtk_editable_get_text (first);

  adw_message_dialog_set_response_enabled (dialog, "export",
                                           cabinet_key_check_passphrase (a, NULL)
                                           && g_strcmp0 (a, gtk_editable_get_text (second)) == 0);
}

static void
passphrase_response (AdwMessageDialog    *dialog,
                     const char          *response,
                     CabinetBackupsGroup *self)
{
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);
  GtkEditable *first = GTK_EDITABLE (gtk_widget_get_first_child (box));
  GtkEditable *second = GTK_EDITABLE (gtk_widget_get_next_sibling (GTK_WIDGET (first)));

  if (g_strcmp0 (response, "export") == 0)
    {
      Export *export = g_new0 (Export, 1);
      GtkFileChooserNative *chooser;
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
      /* Translators: the suggested name of an exported backup; %s is the date. */
      g_autofree char *name = g_strdup_printf (_("cabinet-export-%s.backup"), day);

      export->self = g_object_ref (self);
      export->key = cabinet_key_new_passphrase (gtk_editable_get_text (first));
      chooser = gtk_file_chooser_native_new (_("Export a Backup"), cabinet_widget_get_window (GTK_WIDGET (self)),
                                             GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
      gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
      g_signal_connect (chooser, "response", G_CALLBACK (export_file_chosen), export);
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
    }
  gtk_editable_set_text (first, "");
  gtk_editable_set_text (second, "");
}

static void
export_clicked (CabinetBackupsGroup *self)
{
  AdwMessageDialog *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  const char *labels[] = { N_("Passphrase"), N_("Passphrase again") };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      GtkWidget *entry = gtk_password_entry_new ();

      gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
      g_object_set (entry, "placeholder-text", _(labels[i]), "activates-default", TRUE, NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _(labels[i]), -1);
      gtk_box_append (GTK_BOX (box), entry);
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (cabinet_widget_get_window (GTK_WIDGET (self)),
                                                       _("Export a Backup"),
                                                       _("Choose a passphrase of at least 12 characters. The exported backup opens with it alone, on any computer: keep it apart from the file, and do not lose it.")));
  adw_message_dialog_set_extra_child (dialog, box);
  for (GtkWidget *entry = gtk_widget_get_first_child (box); entry; entry = gtk_widget_get_next_sibling (entry))
    g_signal_connect_swapped (entry, "changed", G_CALLBACK (passphrase_changed), dialog);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "export", _("_Export…"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "export", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "export", FALSE);
  adw_message_dialog_set_default_response (dialog, "export");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (passphrase_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The widget */

void
cabinet_backups_group_set_context (CabinetBackupsGroup *self,
                                   CabinetContext      *context)
{
  g_return_if_fail (CABINET_IS_BACKUPS_GROUP (self));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  self->keeper = g_object_ref (cabinet_context_get_backups (context));
  g_signal_connect_object (self->keeper, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::locked", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (cabinet_context_get_settings (context), "changed::backup-folder",
                           G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

static void
cabinet_backups_group_dispose (GObject *object)
{
  CabinetBackupsGroup *self = CABINET_BACKUPS_GROUP (object);

  if (self->restore_window)
    gtk_window_destroy (self->restore_window);
  g_clear_object (&self->keeper);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (cabinet_backups_group_parent_class)->dispose (object);
}

static void
cabinet_backups_group_class_init (CabinetBackupsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cabinet_backups_group_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cabinetapp/Cabinet/cabinet-backups-group.ui");
  gtk_widget_class_bind_template_child (widget_class, CabinetBackupsGroup, last_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetBackupsGroup, last_icon);
  gtk_widget_class_bind_template_child (widget_class, CabinetBackupsGroup, spinner);
  gtk_widget_class_bind_template_child (widget_class, CabinetBackupsGroup, back_up_button);
  gtk_widget_class_bind_template_child (widget_class, CabinetBackupsGroup, folder_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetBackupsGroup, restore_button);
  gtk_widget_class_bind_template_child (widget_class, CabinetBackupsGroup, export_button);
  gtk_widget_class_bind_template_callback (widget_class, back_up_clicked);
  gtk_widget_class_bind_template_callback (widget_class, choose_folder_clicked);
  gtk_widget_class_bind_template_callback (widget_class, restore_clicked);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked);
}

static void
cabinet_backups_group_init (CabinetBackupsGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
