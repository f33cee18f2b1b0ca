/* test-backup.c — backups are made, verified, rotated and restored; broken ones are
 * refused with a clear message and nothing is lost
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <pwd.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cabinet-backup.h"
#include "cabinet-check.h"
#include "cabinet-check-env.h"
#include "cabinet-client-store.h"
#include "cabinet-ledger.h"
#include "cabinet-session-store.h"
#include "cabinet-test-utils.h"

#define MARKER "Zéphyrine-Marqueur"

typedef struct {
  char            *dir;
  char            *path;
  char            *folder;
  CabinetKey      *key;
  CabinetDatabase *db;
  gint64           client_id;
} Fixture;

static gint64
add_client (CabinetDatabase *db,
            const char      *first,
            const char      *last)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetClientStore) store = cabinet_client_store_new (db, &error);
  g_autoptr(CabinetClient) client = cabinet_client_new ("Europe/Paris");

  g_assert_no_error (error);
  cabinet_client_set_text (client, CABINET_CLIENT_FIRST_NAME, first);
  cabinet_client_set_text (client, CABINET_CLIENT_LAST_NAME, last);
  g_assert_true (cabinet_client_store_save (store, client, &error));
  g_assert_no_error (error);
  return cabinet_client_get_id (client);
}

static gint64
add_session (CabinetDatabase *db,
             gint64           client_id,
             gint64           start)
{
  g_autoptr(CabinetSessionStore) store = cabinet_session_store_new (db);
  g_autoptr(CabinetSession) session = cabinet_session_new ();
  g_autoptr(CabinetSessionPlan) plan = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GError) error = NULL;

  cabinet_session_set_client_id (session, client_id);
  cabinet_session_set_starts_at (session, start);
  cabinet_session_set_fee (session, 6000, "EUR");
  plan = cabinet_session_store_plan_add (store, session, NULL, zone, &error);
  g_assert_no_error (error);
  cabinet_session_store_apply (store, plan, TRUE, &error);
  g_assert_no_error (error);
  return cabinet_session_get_id (session);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(CabinetLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;
  GDate day;

  f->db = cabinet_test_create_database (&f->dir, &f->path, &f->key);
  f->folder = cabinet_backup_folder (f->path, NULL);
  f->client_id = add_client (f->db, "Jeanne", MARKER);
  add_client (f->db, "Paul", "Durand");
  add_client (f->db, "Hélène", "Petit");
  add_session (f->db, f->client_id, cabinet_test_utc (2026, 3, 2, 9, 0));
  add_session (f->db, f->client_id, cabinet_test_utc (2026, 3, 9, 9, 0));

  ledger = cabinet_ledger_new (f->db, "EUR");
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 9, 3, 2026);
  g_assert_cmpint (cabinet_ledger_record_payment (ledger, f->client_id, 6000, "EUR", &day,
                                                  CABINET_PAYMENT_CHEQUE, "1234567", "", NULL, 0,
                                                  &day, &error), >, 0);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->db);
  g_free (f->folder);
  cabinet_test_remove_database (f->dir, f->path, f->key);
}

static guint
count_files (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
assert_holds (CabinetBackup *backup,
              gint64         clients,
              gint64         sessions,
              gint64         payments)
{
  g_assert_cmpint (cabinet_backup_get_n_clients (backup), ==, clients);
  g_assert_cmpint (cabinet_backup_get_n_sessions (backup), ==, sessions);
  g_assert_cmpint (cabinet_backup_get_n_payments (backup), ==, payments);
}

static void
test_make_and_inspect (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetBackup) backup = cabinet_backup_make (f->db, f->folder, &error);
  g_autoptr(CabinetBackup) again = NULL;
  g_autoptr(CabinetKey) wrong = cabinet_key_new_random ();
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GDateTime) newest = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *name = NULL, *wal = NULL;
  const char *path;

  g_assert_no_error (error);
  g_assert_nonnull (backup);
  path = cabinet_backup_get_path (backup);
  g_assert_true (g_str_has_prefix (path, f->folder));
  name = g_path_get_basename (path);
  g_assert_true (g_str_has_prefix (name, "cabinet-"));
  g_assert_true (g_str_has_suffix (name, ".backup"));
  assert_holds (backup, 3, 2, 1);
  g_assert_cmpint (cabinet_backup_get_schema_version (backup), ==,
                   cabinet_database_get_latest_version ());

  /* Encrypted, one file, nothing in clear. */
  g_assert_false (cabinet_test_file_contains (path, MARKER));
  g_assert_false (cabinet_test_file_contains (path, "1234567"));
  g_assert_false (cabinet_test_file_contains (path, "SQLite format 3"));
  wal = g_strconcat (path, "-wal", NULL);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  /* Opens with the database's key alone, as on another computer. */
  again = cabinet_backup_inspect (path, f->key, &error);
  g_assert_no_error (error);
  assert_holds (again, 3, 2, 1);
  g_assert_true (g_date_time_difference (now, cabinet_backup_get_made_at (again)) < 60 * G_TIME_SPAN_SECOND);

  g_assert_null (cabinet_backup_inspect (path, wrong, &error));
  g_assert_error (error, CABINET_BACKUP_ERROR, CABINET_BACKUP_ERROR_WRONG_KEY);
  g_assert_nonnull (strstr (error->message, "does not open with this key"));
  g_clear_error (&error);

  list = cabinet_backup_list (f->folder, f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  newest = cabinet_backup_newest_time (f->folder, f->path);
  g_assert_nonnull (newest);
  g_assert_true (g_date_time_equal (newest, cabinet_backup_get_made_at (backup)));

  /* The trail says a backup was made, and nothing of what it holds. */
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM audit_log WHERE action = 'backup-made'"),
                   ==, 1);
}

/* A backup made while the application is in the middle of a change holds the
 * records as they were before it: the copy is one consistent moment. */
static void
test_consistent_while_writing (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetBackup) backup = NULL;

  g_assert_true (cabinet_database_begin (f->db, &error));
  g_assert_true (cabinet_database_exec (f->db, "UPDATE clients SET city = 'pas encore'", &error));
  g_assert_true (cabinet_database_exec (f->db, "DELETE FROM audit_log", &error));

  backup = cabinet_backup_make (f->db, f->folder, &error);
  g_assert_no_error (error);
  g_assert_nonnull (backup);
  assert_holds (backup, 3, 2, 1);
  cabinet_database_rollback (f->db);
  g_assert_false (cabinet_test_file_contains (cabinet_backup_get_path (backup), "pas encore"));
}

/* For a new computer: the backup opens with the passphrase alone, and is restored
 * into a database with that computer's own key. */
static void
test_export_with_passphrase (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetKey) passphrase = cabinet_key_new_passphrase ("cheval agrafe batterie");
  g_autoptr(CabinetKey) other = cabinet_key_new_passphrase ("cheval agrafe batterie!");
  g_autoptr(CabinetKey) new_key = cabinet_key_new_random ();
  g_autofree char *export = g_build_filename (f->dir, "pour-le-nouvel-ordinateur.backup", NULL);
  g_autofree char *other_dir = cabinet_test_make_dir ();
  g_autofree char *new_path = g_build_filename (other_dir, "cabinet.db", NULL);
  g_autofree char *new_folder = cabinet_backup_folder (new_path, NULL);
  g_autoptr(CabinetBackup) backup = NULL;
  g_autoptr(CabinetBackup) restored = NULL;
  g_autoptr(CabinetDatabase) reopened = NULL;

  backup = cabinet_backup_write (f->db, export, passphrase, &error);
  g_assert_no_error (error);
  g_assert_nonnull (backup);
  g_assert_false (cabinet_test_file_contains (export, MARKER));
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM audit_log WHERE action = 'backup-exported'"),
                   ==, 1);

  g_assert_null (cabinet_backup_inspect (export, f->key, &error));
  g_assert_error (error, CABINET_BACKUP_ERROR, CABINET_BACKUP_ERROR_WRONG_KEY);
  g_clear_error (&error);
  g_assert_null (cabinet_backup_inspect (export, other, &error));
  g_assert_error (error, CABINET_BACKUP_ERROR, CABINET_BACKUP_ERROR_WRONG_KEY);
  g_clear_error (&error);

  /* The new computer has no database yet. */
  restored = cabinet_backup_restore (export, passphrase, new_path, new_key, new_folder, &error);
  g_assert_no_error (error);
  g_assert_nonnull (restored);
  assert_holds (restored, 3, 2, 1);
  reopened = cabinet_database_open (new_path, new_key, CABINET_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cabinet_test_query_int (reopened, "SELECT count(*) FROM clients WHERE last_name = '" MARKER "'"),
                   ==, 1);
  g_assert_cmpint (cabinet_test_query_int (reopened, "SELECT count(*) FROM audit_log WHERE action = 'restored'"),
                   ==, 1);
  g_assert_false (cabinet_test_file_contains (new_path, MARKER));
  cabinet_database_close (reopened);
  cabinet_test_remove_dir (other_dir);
}

/* A restore can be undone: the database it replaced is kept as a backup. */
static void
test_restore_and_undo (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetBackup) backup = cabinet_backup_make (f->db, f->folder, &error);
  g_autoptr(CabinetBackup) restored = NULL;
  g_autoptr(CabinetBackup) way_back = NULL;
  g_autoptr(CabinetBackup) undone = NULL;
  g_autoptr(GListModel) list = NULL;

  g_assert_no_error (error);
  add_client (f->db, "Louis", "Après-la-sauvegarde");
  cabinet_database_close (f->db);
  g_clear_object (&f->db);

  restored = cabinet_backup_restore (cabinet_backup_get_path (backup), f->key, f->path, f->key,
                                     f->folder, &error);
  g_assert_no_error (error);
  f->db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM clients"), ==, 3);
  g_assert_cmpstr (cabinet_database_get_path (f->db), ==, f->path);

  list = cabinet_backup_list (f->folder, f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);
  way_back = g_list_model_get_item (list, 0);
  g_assert_true (cabinet_backup_is_before_restore (way_back));
  g_assert_true (g_str_has_suffix (cabinet_backup_get_path (way_back), "-before-restore.backup"));

  cabinet_database_close (f->db);
  g_clear_object (&f->db);
  undone = cabinet_backup_restore (cabinet_backup_get_path (way_back), f->key, f->path, f->key,
                                   f->folder, &error);
  g_assert_no_error (error);
  assert_holds (undone, 4, 2, 1);
  f->db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM clients WHERE last_name = 'Après-la-sauvegarde'"),
                   ==, 1);
}

static void
flip_byte (const char *path,
           gsize       offset)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (offset, <, length);
  contents[offset] ^= 0x10;
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
}

static void
truncate_to (const char *path,
             gsize       length)
{
  g_autofree char *contents = NULL;
  gsize full = 0;

  g_assert_true (g_file_get_contents (path, &contents, &full, NULL));
  g_assert_cmpuint (length, <, full);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
}

static gsize
file_size (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_size;
}

/* A broken backup is refused before anything is touched, with the reason. */
static void
test_broken_backups (Fixture *f, gconstpointer data)
{
  struct { const char *what; int code; const char *words; } cases[] = {
    { "cut at half a page", CABINET_BACKUP_ERROR_NOT_BACKUP, "cut short" },
    { "cut at a page",      CABINET_BACKUP_ERROR_DAMAGED,    "damaged" },
    { "byte flipped",       CABINET_BACKUP_ERROR_DAMAGED,    "damaged" },
    { "empty",              CABINET_BACKUP_ERROR_NOT_BACKUP, "not a Cabinet backup" },
  };
  g_autofree char *before = NULL;

  cabinet_database_close (f->db);
  g_clear_object (&f->db);
  before = cabinet_test_file_checksum (f->path);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CabinetDatabase) db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_OPEN_EXISTING, &error);
      g_autoptr(CabinetBackup) backup = NULL;
      g_autoptr(CabinetBackup) restored = NULL;
      g_autofree char *after = NULL;
      const char *path;
      gsize size;

      g_assert_no_error (error);
      backup = cabinet_backup_make (db, f->folder, &error);
      g_assert_no_error (error);
      cabinet_database_close (db);
      g_clear_pointer (&before, g_free);
      before = cabinet_test_file_checksum (f->path);
      path = cabinet_backup_get_path (backup);
      size = file_size (path);
      g_test_message ("%s (%" G_GSIZE_FORMAT " bytes)", cases[i].what, size);
      switch (i)
        {
        case 0: truncate_to (path, ((size / 2) & ~(gsize) 1023) + 512); break;
        case 1: truncate_to (path, (size / 2) & ~(gsize) 1023); break;
        case 2: flip_byte (path, size / 2 + 100); break;
        default: truncate_to (path, 0); break;
        }

      g_assert_null (cabinet_backup_inspect (path, f->key, &error));
      g_assert_error (error, CABINET_BACKUP_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].words));
      g_clear_error (&error);

      restored = cabinet_backup_restore (path, f->key, f->path, f->key, f->folder, &error);
      g_assert_null (restored);
      g_assert_error (error, CABINET_BACKUP_ERROR, cases[i].code);
      after = cabinet_test_file_checksum (f->path);
      g_assert_cmpstr (before, ==, after);
      g_unlink (path);
    }
}

/* A damaged database is moved aside untouched, and the newest backup takes its
 * place. */
static void
test_damaged_database (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetBackup) backup = cabinet_backup_make (f->db, f->folder, &error);
  g_autoptr(CabinetBackup) restored = NULL;
  g_autoptr(CabinetDatabase) db = NULL;
  g_autofree char *damaged = NULL, *aside = NULL, *after = NULL;

  g_assert_no_error (error);
  cabinet_database_close (f->db);
  g_clear_object (&f->db);
  flip_byte (f->path, file_size (f->path) / 2 + 100);
  damaged = cabinet_test_file_checksum (f->path);

  db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_OPEN_EXISTING, &error);
  g_assert_null (db);
  g_assert_true (g_error_matches (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_DAMAGED)
                 || g_error_matches (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_WRONG_KEY));
  g_clear_error (&error);

  aside = cabinet_backup_set_aside_damaged (f->path, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  after = cabinet_test_file_checksum (aside);
  g_assert_cmpstr (damaged, ==, after);

  restored = cabinet_backup_restore (cabinet_backup_get_path (backup), f->key, f->path, f->key,
                                     f->folder, &error);
  g_assert_no_error (error);
  f->db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM clients"), ==, 3);
  /* The damaged file is still there, as it was. */
  g_clear_pointer (&after, g_free);
  after = cabinet_test_file_checksum (aside);
  g_assert_cmpstr (damaged, ==, after);
}

/* The cap on file size fails writes as a full disk does. */
static void
backup_on_full_disk (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetBackup) backup = NULL;
  struct rlimit limit = { 16 * 1024, 16 * 1024 };

  signal (SIGXFSZ, SIG_IGN);
  if (setrlimit (RLIMIT_FSIZE, &limit) != 0)
    _exit (77);
  backup = cabinet_backup_make (f->db, f->folder, &error);
  if (backup != NULL)
    _exit (10);
  if (!g_error_matches (error, CABINET_BACKUP_ERROR, CABINET_BACKUP_ERROR_WRITE))
    _exit (11);
  if (strstr (error->message, "the disk is full") == NULL)
    _exit (12);
  if (count_files (f->folder) != 0)
    _exit (13);
}

static void
test_disk_full (Fixture *f, gconstpointer data)
{
  g_autofree char *before = NULL, *after = NULL;
  pid_t pid;
  int status = 0;

  g_assert_cmpint (g_mkdir_with_parents (f->folder, 0700), ==, 0);
  cabinet_database_exec (f->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL);
  before = cabinet_test_file_checksum (f->path);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      backup_on_full_disk (f);
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  if (WEXITSTATUS (status) == 77)
    {
      g_test_skip ("Cannot cap the file size");
      return;
    }
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  after = cabinet_test_file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (count_files (f->folder), ==, 0);
}

static void
backup_to_read_only_folder (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetDatabase) db = NULL;
  g_autoptr(CabinetBackup) backup = NULL;

  db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_OPEN_EXISTING, &error);
  if (db == NULL)
    _exit (10);
  backup = cabinet_backup_make (db, f->folder, &error);
  if (backup != NULL)
    _exit (11);
  if (!g_error_matches (error, CABINET_BACKUP_ERROR, CABINET_BACKUP_ERROR_WRITE)
      || strstr (error->message, "cannot write to its folder") == NULL)
    _exit (12);
}

static void
test_read_only_folder (Fixture *f, gconstpointer data)
{
  struct passwd *nobody = getpwnam ("nobody");
  pid_t pid;
  int status = 0;

  cabinet_database_close (f->db);
  g_clear_object (&f->db);
  g_assert_cmpint (g_mkdir_with_parents (f->folder, 0700), ==, 0);
  g_assert_cmpint (g_chmod (f->folder, 0500), ==, 0);
  if (geteuid () == 0 && nobody != NULL)
    {
      /* The database is "nobody"'s, the backup folder is not writable by them. */
      g_assert_cmpint (chown (f->dir, nobody->pw_uid, nobody->pw_gid), ==, 0);
      g_assert_cmpint (chown (f->path, nobody->pw_uid, nobody->pw_gid), ==, 0);
      g_assert_cmpint (chown (f->folder, nobody->pw_uid, nobody->pw_gid), ==, 0);
    }

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      if (geteuid () == 0
          && (nobody == NULL || setgid (nobody->pw_gid) != 0 || setuid (nobody->pw_uid) != 0))
        _exit (77);
      backup_to_read_only_folder (f);
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_chmod (f->folder, 0700);
  g_assert_true (WIFEXITED (status));
  if (WEXITSTATUS (status) == 77)
    {
      g_test_skip ("Cannot drop privileges to test folder permissions");
      return;
    }
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_cmpuint (count_files (f->folder), ==, 0);
}

static void
touch_backup (const char *folder,
              GDateTime  *at,
              const char *suffix)
{
  g_autofree char *stamp = g_date_time_format (at, "%Y%m%d-%H%M%S");
  g_autofree char *name = g_strdup_printf ("cabinet-%s-000Z%s", stamp, suffix);

  cabinet_test_write_file (folder, name, "x", 1);
}

/* 7 daily, 4 weekly, 12 monthly: with two backups a day for 400 days, what is
 * left is the newest of each of those periods, and the way back of a restore. */
static void
test_rotation (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) noon = g_date_time_new_utc (g_date_time_get_year (now), g_date_time_get_month (now),
                                                   g_date_time_get_day_of_month (now), 12, 0, 0);
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GHashTable) days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) weeks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) months = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDateTime) old_restore = g_date_time_add_days (noon, -390);
  gboolean kept_old_restore = FALSE;
  guint n;

  g_assert_cmpint (g_mkdir_with_parents (f->folder, 0700), ==, 0);
  for (int d = 0; d < 400; d++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (noon, -d);
      g_autoptr(GDateTime) morning = g_date_time_add_hours (day, -3);

      touch_backup (f->folder, day, ".backup");
      touch_backup (f->folder, morning, ".backup");
    }
  touch_backup (f->folder, old_restore, "-before-restore.backup");
  cabinet_test_write_file (f->folder, "notes.txt", "à garder", -1);
  cabinet_test_write_file (f->folder, "autre-20260101-120000-000Z.backup", "x", 1);

  g_assert_true (cabinet_backup_rotate (f->folder, f->path, &error));
  g_assert_no_error (error);

  list = cabinet_backup_list (f->folder, f->path, &error);
  g_assert_no_error (error);
  n = g_list_model_get_n_items (list);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CabinetBackup) backup = g_list_model_get_item (list, i);
      g_autoptr(GDateTime) local = g_date_time_to_local (cabinet_backup_get_made_at (backup));
      char *day = g_date_time_format (local, "%F");
      char *week = g_date_time_format (local, "%G-%V");
      char *month = g_date_time_format (local, "%Y-%m");

      if (cabinet_backup_is_before_restore (backup))
        {
          kept_old_restore = TRUE;
          g_free (day), g_free (week), g_free (month);
          continue;
        }
      /* Only the newest of a day is ever kept. */
      g_assert_false (g_hash_table_contains (days, day));
      g_hash_table_add (days, day);
      g_hash_table_add (weeks, week);
      g_hash_table_add (months, month);
      g_assert_cmpint (g_date_time_difference (now, cabinet_backup_get_made_at (backup)),
                       <, (gint64) 366 * G_TIME_SPAN_DAY);
    }
  g_assert_true (kept_old_restore);
  /* Each of the last 7 days; the last 4 weeks; the last 12 months, and no more. */
  for (int d = 0; d < 7; d++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (noon, -d);
      g_autoptr(GDateTime) local = g_date_time_to_local (day);
      g_autofree char *key = g_date_time_format (local, "%F");
      g_assert_true (g_hash_table_contains (days, key));
    }
  g_assert_cmpuint (g_hash_table_size (months), ==, 12);
  g_assert_cmpuint (g_hash_table_size (weeks), >=, 4);
  g_assert_cmpuint (n, <=, 1 + 7 + 4 + 12);
  g_assert_cmpuint (n, >=, 1 + 12);
  /* Other files are left alone. */
  g_assert_true (g_file_test (f->folder, G_FILE_TEST_IS_DIR));
  {
    g_autofree char *notes = g_build_filename (f->folder, "notes.txt", NULL);
    g_autofree char *other = g_build_filename (f->folder, "autre-20260101-120000-000Z.backup", NULL);
    g_assert_true (g_file_test (notes, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  }
}

/* The self-check's look at the database says when the last verified backup was
 * made, and warns when there is none from the last seven days. */
static void
test_self_check (Fixture *f, gconstpointer data)
{
  CabinetCheckEnv *env = cabinet_check_env_new (f->path, NULL);
  g_autoptr(CabinetCheckResult) none = NULL;
  g_autoptr(CabinetCheckResult) fresh = NULL;
  g_autoptr(CabinetCheckResult) stale = NULL;
  g_autoptr(CabinetBackup) backup = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = NULL;
  g_autoptr(GError) error = NULL;

  /* No keyring needed for this check. */
  cabinet_check_env_set_passphrase (env, TRUE);
  cabinet_check_env_set_now (env, now);
  g_assert_cmpstr (cabinet_check_env_get_backup_folder (env), ==, f->folder);

  none = cabinet_check_cabinet_database (env, NULL);
  g_assert_cmpint (none->status, ==, CABINET_CHECK_WARN);
  g_assert_nonnull (strstr (none->summary, "no verified backup"));
  g_assert_nonnull (strstr (none->evidence, "No backup in"));
  g_assert_nonnull (none->remedy);

  backup = cabinet_backup_make (f->db, f->folder, &error);
  g_assert_no_error (error);
  fresh = cabinet_check_cabinet_database (env, NULL);
  g_assert_cmpint (fresh->status, ==, CABINET_CHECK_PASS);
  g_assert_nonnull (strstr (fresh->evidence, "Last verified backup:"));

  /* Seven days after the backup, however long making it took. */
  later = g_date_time_add_days (cabinet_backup_get_made_at (backup), CABINET_BACKUP_STALE_DAYS);
  cabinet_check_env_set_now (env, later);
  stale = cabinet_check_cabinet_database (env, NULL);
  g_assert_cmpint (stale->status, ==, CABINET_CHECK_WARN);
  g_assert_nonnull (strstr (stale->summary, "no verified backup from the last seven days"));
  cabinet_check_env_unref (env);
}

static void
test_folder (void)
{
  g_autofree char *beside = cabinet_backup_folder ("/home/anne/.local/share/cabinet/cabinet.db", NULL);
  g_autofree char *empty = cabinet_backup_folder ("/home/anne/.local/share/cabinet/cabinet.db", "");
  g_autofree char *chosen = cabinet_backup_folder ("/home/anne/.local/share/cabinet/cabinet.db",
                                                   "/media/anne/Sauvegardes");

  g_assert_cmpstr (beside, ==, "/home/anne/.local/share/cabinet/backups");
  g_assert_cmpstr (empty, ==, beside);
  g_assert_cmpstr (chosen, ==, "/media/anne/Sauvegardes");
}

/* A backup that could not be put in place (an export's last step) is said in the
 * backup's words, never as the system's bare message alone. */
static void
test_errno_error (void)
{
  g_autofree char *dir = cabinet_test_make_dir ();
  g_autofree char *partial = g_build_filename (dir, "export.partial", NULL);
  g_autofree char *taken = g_build_filename (dir, "export.cabinet-backup", NULL);
  g_autofree char *inside = g_build_filename (taken, "something", NULL);
  g_autoptr(GError) error = NULL;
  int saved;

  /* Where the file should go, a folder that is not empty. */
  g_assert_true (g_file_set_contents (partial, "x", 1, NULL));
  g_assert_cmpint (g_mkdir (taken, 0700), ==, 0);
  g_assert_true (g_file_set_contents (inside, "y", 1, NULL));
  g_assert_cmpint (g_rename (partial, taken), !=, 0);
  saved = errno;
  cabinet_backup_set_errno_error (taken, saved, &error);
  g_assert_error (error, CABINET_BACKUP_ERROR, CABINET_BACKUP_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "export.cabinet-backup"));
  g_assert_nonnull (strstr (error->message, "could not be written"));
  g_clear_error (&error);

  cabinet_backup_set_errno_error (taken, ENOSPC, &error);
  g_assert_nonnull (strstr (error->message, "the disk is full"));
  g_clear_error (&error);
  cabinet_backup_set_errno_error (taken, EROFS, &error);
  g_assert_nonnull (strstr (error->message, "cannot write to its folder"));
  cabinet_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/backup/folder", test_folder);
  g_test_add_func ("/backup/errno-error", test_errno_error);
#define ADD(name, fn) g_test_add ("/backup/" name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("make-and-inspect", test_make_and_inspect);
  ADD ("consistent-while-writing", test_consistent_while_writing);
  ADD ("export-with-passphrase", test_export_with_passphrase);
  ADD ("restore-and-undo", test_restore_and_undo);
  ADD ("broken-backups", test_broken_backups);
  ADD ("damaged-database", test_damaged_database);
  ADD ("disk-full", test_disk_full);
  ADD ("read-only-folder", test_read_only_folder);
  ADD ("rotation", test_rotation);
  ADD ("self-check", test_self_check);
#undef ADD
  return g_test_run ();
}
