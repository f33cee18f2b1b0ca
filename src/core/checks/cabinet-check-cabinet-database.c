/* cabinet-check-cabinet-database.c — Cabinet's own database is encrypted and its
 * key is in the keyring, never in a file
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cabinet-backup.h"
#include "cabinet-check.h"
#include "cabinet-keyring.h"

typedef struct {
  GAsyncResult *result;
  gboolean      timed_out;
} Wait;

static void
lookup_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ((Wait *) user_data)->result = g_object_ref (result);
}

static gboolean
lookup_timed_out (gpointer user_data)
{
  ((Wait *) user_data)->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* The keyring is a D-Bus service that may hang or prompt: ask it on a private
 * context of this worker thread, and give up at the check's timeout. */
static CabinetKey *
lookup_with_timeout (CabinetCheckEnv  *env,
                     const char       *path,
                     GError          **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GSource) timeout = g_timeout_source_new (cabinet_check_env_get_timeout (env));
  Wait wait = { NULL, FALSE };
  CabinetKey *key;

  g_main_context_push_thread_default (context);
  g_source_set_callback (timeout, lookup_timed_out, &wait, NULL);
  g_source_attach (timeout, context);
  cabinet_keyring_lookup_async (path, cancellable, lookup_done, &wait);
  while (wait.result == NULL)
    {
      if (wait.timed_out)
        g_cancellable_cancel (cancellable);
      g_main_context_iteration (context, TRUE);
    }
  g_source_destroy (timeout);
  key = cabinet_keyring_lookup_finish (wait.result, error);
  g_object_unref (wait.result);
  g_main_context_pop_thread_default (context);
  return key;
}

/* The newest verified backup (the folder keeps only those that passed their
 * check): a line of evidence, and whether it is missing or too old. */
static gboolean
backup_is_recent (CabinetCheckEnv *env,
                  const char      *path,
                  GString         *evidence)
{
  const char *folder = cabinet_check_env_get_backup_folder (env);
  g_autoptr(GDateTime) newest = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;
  g_autoptr(GDateTime) now = cabinet_check_env_get_now (env);
  gint64 days;

  if (folder == NULL)
    return FALSE;
  newest = cabinet_backup_newest_time (folder, path);
  if (newest == NULL)
    {
      g_autofree char *display = g_filename_display_name (folder);
      g_string_append_c (evidence, '\n');
      /* Translators: %s is a folder. */
      g_string_append_printf (evidence, _("No backup in %s."), display);
      return FALSE;
    }
  local = g_date_time_to_local (newest);
  when = g_date_time_format (local, "%x");
  days = g_date_time_difference (now, newest) / G_TIME_SPAN_DAY;
  g_string_append_c (evidence, '\n');
  /* Translators: %s is a date. */
  g_string_append_printf (evidence, _("Last verified backup: %s."), when);
  return days < CABINET_BACKUP_STALE_DAYS;
}

/* The key's verdict, unless the backups make it worse. */
static CabinetCheckResult *
with_backups (CabinetCheckEnv   *env,
              const char        *path,
              CabinetCheckStatus  verdict,
              const char        *summary,
              GString           *evidence,
              const char        *remedy)
{
  if (backup_is_recent (env, path, evidence) || verdict == CABINET_CHECK_FAIL)
    return cabinet_check_result_new (verdict, summary, evidence->str, remedy);
  return cabinet_check_result_new (CABINET_CHECK_WARN,
                                   _("Cabinet’s database has no verified backup from the last seven days."),
                                   evidence->str,
                                   _("On the Security page, under Backups, choose Back Up Now, or a backup folder on a drive that is connected. Cabinet makes a backup when it quits and once a day while it runs."));
}

CabinetCheckResult *
cabinet_check_cabinet_database (CabinetCheckEnv *env,
                                GCancellable    *cancellable)
{
  const char *path = cabinet_check_env_get_database_path (env);
  static const char sqlite_magic[16] = "SQLite format 3";
  g_autoptr(GString) evidence = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetKey) key = NULL;
  char head[16] = { 0 };
  FILE *file;
  size_t n;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    return cabinet_check_result_new (CABINET_CHECK_UNKNOWN,
                                     _("Cabinet has no database on this computer yet."),
                                     path, NULL);

  /* The database is the therapist's own file, not part of the system root. */
  file = g_fopen (path, "rb");
  if (file == NULL)
    return cabinet_check_result_new (CABINET_CHECK_UNKNOWN,
                                     _("Cabinet could not read its database to check it."),
                                     path, NULL);
  n = fread (head, 1, sizeof head, file);
  fclose (file);
  g_string_append_printf (evidence, "%s\n", path);

  if (n == sizeof head && memcmp (head, sqlite_magic, sizeof head) == 0)
    {
      g_string_append (evidence, _("The file starts with “SQLite format 3”: it is not encrypted."));
      return cabinet_check_result_new (CABINET_CHECK_FAIL,
                                       _("Cabinet’s database is not encrypted."),
                                       evidence->str,
                                       _("Move this file away from the computer and restore an encrypted backup, or create a new database with Cabinet."));
    }
  g_string_append (evidence, _("The file holds no readable header: it is encrypted."));
  g_string_append_c (evidence, '\n');

  if (cabinet_check_env_get_passphrase (env))
    {
      g_string_append (evidence, _("The key is derived from a passphrase each time; it is stored nowhere."));
      return with_backups (env, path, CABINET_CHECK_PASS,
                           _("Cabinet’s database is encrypted and opens with your passphrase."),
                           evidence, NULL);
    }

  key = lookup_with_timeout (env, path, &error);
  if (key != NULL)
    {
      g_string_append (evidence, _("The key is in the desktop keyring; Cabinet keeps no key file."));
      return with_backups (env, path, CABINET_CHECK_PASS,
                           _("Cabinet’s database is encrypted and its key is in your keyring."),
                           evidence, NULL);
    }

  g_string_append (evidence, error ? error->message : "");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return cabinet_check_result_new (CABINET_CHECK_UNKNOWN,
                                     _("The keyring did not answer in time, so Cabinet cannot tell where its key is."),
                                     evidence->str, NULL);
  return with_backups (env, path, CABINET_CHECK_WARN,
                                   _("Cabinet’s database is encrypted, but its key is not in your keyring."),
                                   evidence,
                                   _("Keep your recovery key safe: without the keyring, it is the only way to open your records. Unlocking Cabinet with it puts the key back in the keyring."));
}
