/* test-backup-ui.c — backups from the Security page as the therapist makes them:
 * "Back Up Now" shows the backup's date, a restore is chosen from the list, checked,
 * confirmed, and brings the records back while keeping the ones it replaced
 * Runs under Xvfb with a private D-Bus session and a throwaway keyring.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cabinet-backups-group.h"
#include "cabinet-test-utils.h"
#include "cabinet-ui-practice.h"
#include "cabinet-ui-test-utils.h"
#include "cabinet-validate.h"

typedef CabinetUiPractice Fixture;

static GtkWidget *
show_backups (Fixture *f)
{
  GtkWidget *group;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "security");
  cabinet_ui_settle ();
  group = cabinet_ui_find_by_type (GTK_WIDGET (f->window), CABINET_TYPE_BACKUPS_GROUP);
  g_assert_nonnull (group);
  return group;
}

static gboolean
keeper_idle (gpointer data)
{
  Fixture *f = data;
  CabinetBackupKeeper *keeper = cabinet_context_get_backups (f->context);

  return !cabinet_backup_keeper_get_busy (keeper) && !cabinet_context_is_locked (f->context);
}

static const char *
row_subtitle (GtkWidget  *root,
              const char *title)
{
  GtkWidget *row = cabinet_ui_find_row (root, title);

  g_assert_nonnull (row);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static void
test_back_up_now (Fixture *f, gconstpointer data)
{
  GtkWidget *group = show_backups (f);
  CabinetBackupKeeper *keeper = cabinet_context_get_backups (f->context);
  g_autofree char *folder = cabinet_backup_keeper_dup_folder (keeper);
  g_autoptr(GListModel) list = NULL;

  /* None yet: said, and shown as a warning. */
  g_assert_nonnull (strstr (row_subtitle (group, "Last verified backup"), "None yet"));
  g_assert_cmpstr (row_subtitle (group, "Backup folder"), ==, folder);
  cabinet_ui_save_shot (GTK_WIDGET (f->window), "backups-none");

  cabinet_ui_click (group, "_Back Up Now");
  cabinet_test_wait_for (keeper_idle, f, 20000);
  cabinet_ui_settle ();

  list = cabinet_backup_list (folder, f->path, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  g_assert_nonnull (cabinet_backup_keeper_get_last_backup (keeper));
  g_assert_false (cabinet_backup_keeper_is_stale (keeper));
  g_assert_null (strstr (row_subtitle (group, "Last verified backup"), "None yet"));
  {
    g_autofree char *when = cabinet_format_date_time (cabinet_backup_keeper_get_last_backup (keeper));
    g_assert_cmpstr (row_subtitle (group, "Last verified backup"), ==, when);
  }
  cabinet_ui_save_shot (GTK_WIDGET (f->window), "backups-made");
}

/* A failure is shown where the date would be, in words. */
static void
test_back_up_fails (Fixture *f, gconstpointer data)
{
  GtkWidget *group = show_backups (f);
  CabinetBackupKeeper *keeper = cabinet_context_get_backups (f->context);
  g_autofree char *blocker = g_build_filename (f->dir, "pas-un-dossier", NULL);
  GtkWindow *dialog;

  /* A file where the folder should be. */
  cabinet_test_write_file (f->dir, "pas-un-dossier", "x", 1);
  g_settings_set_string (f->settings, "backup-folder", blocker);
  cabinet_ui_settle ();
  g_assert_cmpstr (row_subtitle (group, "Backup folder"), ==, blocker);

  cabinet_ui_click (group, "_Back Up Now");
  cabinet_test_wait_for (keeper_idle, f, 20000);
  cabinet_ui_settle ();
  g_assert_nonnull (cabinet_backup_keeper_get_error (keeper));
  g_assert_nonnull (strstr (row_subtitle (group, "Last verified backup"), "The last backup failed"));
  dialog = cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "The Backup Failed");
  cabinet_ui_save_shot (GTK_WIDGET (dialog), "backup-failed");
  gtk_window_destroy (dialog);
}

static GtkWindow *
window_titled (const char *title)
{
  GListModel *windows = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (windows); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (windows, i);

      if (g_strcmp0 (gtk_window_get_title (window), title) == 0)
        return window;
    }
  g_error ("No window “%s”", title);
  return NULL;
}

static gboolean
message_dialog_shown (gpointer data)
{
  return cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static void
test_restore (Fixture *f, gconstpointer data)
{
  GtkWidget *group = show_backups (f);
  CabinetBackupKeeper *keeper = cabinet_context_get_backups (f->context);
  g_autofree char *folder = cabinet_backup_keeper_dup_folder (keeper);
  g_autoptr(CabinetBackup) backup = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *when = NULL;
  GtkWindow *window;
  GtkWindow *dialog;
  CabinetDatabase *database;

  backup = cabinet_backup_make (cabinet_context_get_database (f->context), folder, &error);
  g_assert_no_error (error);
  /* A change after the backup, which the restore takes back. */
  g_assert_true (cabinet_database_exec (cabinet_context_get_database (f->context),
                                        "UPDATE clients SET city = 'Après'", &error));

  cabinet_ui_click (group, "_Restore…");
  cabinet_ui_settle ();
  window = window_titled ("Restore a Backup");
  g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (window), "Backups in the Backup Folder"));
  when = cabinet_format_date_time (cabinet_backup_get_made_at (backup));
  cabinet_ui_save_shot (GTK_WIDGET (window), "restore-list");
  g_signal_emit_by_name (cabinet_ui_find_row (GTK_WIDGET (window), when), "activated");

  /* Checked first, then the question, with what the backup holds. */
  cabinet_test_wait_for (message_dialog_shown, NULL, 20000);
  dialog = cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), when));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "Clients: 1."));
  cabinet_ui_save_shot (GTK_WIDGET (dialog), "restore-confirm");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "restore");
  cabinet_ui_settle ();
  cabinet_test_wait_for (keeper_idle, f, 20000);
  cabinet_ui_settle ();

  /* Unlocked again, on the restored records; the replaced ones kept. */
  database = cabinet_context_get_database (f->context);
  g_assert_nonnull (database);
  g_assert_cmpint (cabinet_test_query_int (database, "SELECT count(*) FROM clients WHERE city = 'Après'"), ==, 0);
  g_assert_cmpint (cabinet_test_query_int (database, "SELECT count(*) FROM audit_log WHERE action = 'restored'"), ==, 1);
  list = cabinet_backup_list (folder, f->path, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);
  {
    g_autoptr(CabinetBackup) way_back = g_list_model_get_item (list, 0);
    g_assert_true (cabinet_backup_is_before_restore (way_back));
  }
}

static gboolean
restore_offered (gpointer data)
{
  GtkWidget *button = cabinet_ui_find_button (data, "_Restore the Newest Backup");

  return button != NULL && gtk_widget_get_visible (button) && gtk_widget_get_sensitive (button);
}

static gboolean
restore_offered_or_key_asked (gpointer data)
{
  return restore_offered (data) || cabinet_ui_shows_row (data, "Recovery key or passphrase");
}

static void
count_change (guint *changes)
{
  (*changes)++;
}

/* A database damaged in its middle: the unlock page says so, offers the newest
 * backup, and restoring it moves the damaged file aside untouched. */
static void
test_damaged_database (Fixture *f, gconstpointer data)
{
  CabinetBackupKeeper *keeper = cabinet_context_get_backups (f->context);
  g_autofree char *folder = cabinet_backup_keeper_dup_folder (keeper);
  g_autofree char *recovery = cabinet_key_to_recovery (f->key);
  g_autoptr(CabinetBackup) backup = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL, *damaged = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  gboolean found_aside = FALSE;
  gsize length = 0;

  backup = cabinet_backup_make (cabinet_context_get_database (f->context), folder, &error);
  g_assert_no_error (error);
  cabinet_context_lock (f->context);
  cabinet_ui_settle ();

  g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
  contents[length / 2 + 100] ^= 0x10;
  g_assert_true (g_file_set_contents (f->path, contents, length, NULL));
  damaged = cabinet_test_file_checksum (f->path);

  /* The keyring first, as the therapist would; without the key there, the
   * recovery key. Either way the damage is found. */
  cabinet_ui_click (GTK_WIDGET (f->window), "_Unlock");
  cabinet_test_wait_for (restore_offered_or_key_asked, f->window, 20000);
  if (!restore_offered (f->window))
    {
      gtk_editable_set_text (GTK_EDITABLE (cabinet_ui_find_row (GTK_WIDGET (f->window), "Recovery key or passphrase")),
                             recovery);
      cabinet_ui_click (GTK_WIDGET (f->window), "_Open My Records");
      cabinet_test_wait_for (restore_offered, f->window, 20000);
    }
  cabinet_ui_save_shot (GTK_WIDGET (f->window), "unlock-damaged");

  /* Asked again, the damaged file is checked before it opens: it stays locked,
   * and the newest backup is offered again. */
  {
    guint changes = 0;
    gulong handler = g_signal_connect_swapped (f->context, "notify::locked", G_CALLBACK (count_change), &changes);
    GtkWidget *unlock = cabinet_ui_find_button (GTK_WIDGET (f->window), "_Unlock");

    if (unlock && gtk_widget_get_mapped (unlock))
      cabinet_ui_click (GTK_WIDGET (f->window), "_Unlock");
    else
      {
        gtk_editable_set_text (GTK_EDITABLE (cabinet_ui_find_row (GTK_WIDGET (f->window), "Recovery key or passphrase")),
                               recovery);
        cabinet_ui_click (GTK_WIDGET (f->window), "_Open My Records");
      }
    g_assert_false (restore_offered (f->window));
    cabinet_test_wait_for (restore_offered, f->window, 20000);
    g_assert_cmpuint (changes, ==, 0);
    g_signal_handler_disconnect (f->context, handler);
  }

  cabinet_ui_click (GTK_WIDGET (f->window), "_Restore the Newest Backup");
  cabinet_test_wait_for (keeper_idle, f, 20000);
  cabinet_ui_settle ();
  g_assert_false (cabinet_context_is_locked (f->context));
  g_assert_cmpint (cabinet_test_query_int (cabinet_context_get_database (f->context),
                                           "SELECT count(*) FROM clients"), ==, 1);

  /* The damaged file is beside it, as it was. */
  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "cabinet.db.damaged-") && !g_str_has_suffix (name, "-wal")
        && !g_str_has_suffix (name, "-shm"))
      {
        g_autofree char *aside = g_build_filename (f->dir, name, NULL);
        g_autofree char *sum = cabinet_test_file_checksum (aside);
        g_assert_cmpstr (sum, ==, damaged);
        found_aside = TRUE;
      }
  g_assert_true (found_aside);
}

int
main (int argc, char **argv)
{
  cabinet_ui_test_init (&argc, &argv);

#define ADD(name, fn) g_test_add ("/backup-ui/" name, Fixture, NULL, cabinet_ui_practice_setup, fn, cabinet_ui_practice_teardown)
  ADD ("back-up-now", test_back_up_now);
  ADD ("back-up-fails", test_back_up_fails);
  ADD ("restore", test_restore);
  ADD ("damaged-database", test_damaged_database);
#undef ADD
  return g_test_run ();
}
