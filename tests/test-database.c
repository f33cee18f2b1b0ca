/* test-database.c — the encrypted store: creation, reopening, every error a
 * therapist can meet, migrations, and no plaintext on disk
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <libintl.h>
#include <locale.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cabinet-audit.h"
#include "cabinet-client-store.h"
#include "cabinet-database.h"
#include "cabinet-ledger.h"
#include "cabinet-practitioner.h"
#include "cabinet-session-store.h"
#include "cabinet-test-utils.h"

/* The language a test's messages are checked in, and what they must say. */
typedef struct {
  const char *id;
  const char *disk_full;     /* the disk is full, and nothing was changed */
  const char *nothing_changed;
  const char *not_writable;  /* Cabinet cannot write there */
} Language;

static const Language english = { "en", "is full", "nothing was changed", "cannot write to the folder" };
static const Language french = { "fr", "est plein", "rien n’a été modifié", "ne peut pas écrire dans le dossier" };

typedef struct {
  char           *dir;
  char           *path;
  CabinetKey     *key;
  const Language *language;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->language = data ? data : &english;
  f->dir = cabinet_test_make_dir ();
  f->path = g_build_filename (f->dir, "cabinet.db", NULL);
  f->key = cabinet_key_new_random ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cabinet_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
  cabinet_key_free (f->key);
}

/* A database with a profile in it, closed. */
static void
create_with_profile (Fixture    *f,
                     const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetDatabase) db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_CREATE, &error);
  g_autoptr(CabinetPractitioner) p = cabinet_test_practitioner (name);

  g_assert_no_error (error);
  g_assert_true (cabinet_practitioner_save (p, db, &error));
  g_assert_no_error (error);
  cabinet_database_close (db);
}

static void
test_library_is_sqlcipher (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cabinet_database_check_library (&error));
  g_assert_no_error (error);
}

static void
test_create_and_reopen (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetDatabase) db = NULL;
  g_autoptr(CabinetPractitioner) p = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row;

  create_with_profile (f, "Hélène Dupont-Œuvray");

  db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cabinet_database_get_schema_version (db), ==, cabinet_database_get_latest_version ());

  p = cabinet_practitioner_load (db, &error);
  g_assert_no_error (error);
  g_assert_nonnull (p);
  g_assert_cmpstr (cabinet_practitioner_get_text (p, CABINET_PRACTITIONER_FULL_NAME), ==, "Hélène Dupont-Œuvray");
  g_assert_cmpint (cabinet_practitioner_get_fee (p), ==, 6000);

  /* Foreign keys and WAL are on for every connection. */
  stmt = cabinet_database_prepare (db, "PRAGMA foreign_keys", &error);
  g_assert_true (cabinet_database_step (db, stmt, &has_row, &error));
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = cabinet_database_prepare (db, "PRAGMA journal_mode", &error);
  g_assert_true (cabinet_database_step (db, stmt, &has_row, &error));
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
}

static void
test_create_refuses_existing (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetDatabase) db = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  create_with_profile (f, "Anne");
  before = cabinet_test_file_checksum (f->path);
  db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_CREATE, &error);
  g_assert_null (db);
  g_assert_error (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_FAILED);
  after = cabinet_test_file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);
}

/* Opens @path expecting @code, and checks the file did not change by one byte. */
static void
assert_open_fails_unchanged (const char       *path,
                             const CabinetKey *key,
                             int               code,
                             const char       *message_part)
{
  g_autofree char *before = cabinet_test_file_checksum (path);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetDatabase) db = cabinet_database_open (path, key, CABINET_DATABASE_OPEN_EXISTING, &error);

  g_assert_null (db);
  g_assert_error (error, CABINET_DATABASE_ERROR, code);
  if (message_part)
    g_assert_nonnull (strstr (error->message, message_part));
  /* No SQLite wording leaks to the therapist. */
  g_assert_null (strstr (error->message, "SQLITE"));
  g_assert_null (strstr (error->message, "file is not a database"));
  after = cabinet_test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_wrong_key (Fixture *f, gconstpointer data)
{
  g_autoptr(CabinetKey) other = cabinet_key_new_random ();
  g_autoptr(CabinetKey) passphrase = cabinet_key_new_passphrase ("pas la bonne phrase");

  create_with_profile (f, "Anne");
  assert_open_fails_unchanged (f->path, other, CABINET_DATABASE_ERROR_WRONG_KEY, "recovery key");
  assert_open_fails_unchanged (f->path, passphrase, CABINET_DATABASE_ERROR_WRONG_KEY, NULL);
}

static void
test_missing_file (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetDatabase) db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_OPEN_EXISTING, &error);

  g_assert_null (db);
  g_assert_error (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
}

static void
test_not_a_cabinet_database (Fixture *f, gconstpointer data)
{
  g_autofree char *plain = g_build_filename (f->dir, "plain.db", NULL);
  g_autofree char *junk = g_build_filename (f->dir, "junk.db", NULL);
  g_autofree char *empty = g_build_filename (f->dir, "empty.db", NULL);
  g_autofree char *other_app = g_build_filename (f->dir, "other.db", NULL);
  guint8 noise[8192];
  sqlite3 *raw = NULL;

  /* An unencrypted SQLite file: made with a connection that sets no key. */
  g_assert_cmpint (sqlite3_open (plain, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "CREATE TABLE t (x); INSERT INTO t VALUES ('bonjour');", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);
  assert_open_fails_unchanged (plain, f->key, CABINET_DATABASE_ERROR_NOT_CABINET, "unencrypted");

  for (guint i = 0; i < sizeof noise; i++)
    noise[i] = (guint8) g_random_int ();
  g_assert_true (g_file_set_contents (junk, (const char *) noise, 1000, NULL));
  assert_open_fails_unchanged (junk, f->key, CABINET_DATABASE_ERROR_NOT_CABINET, NULL);

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  assert_open_fails_unchanged (empty, f->key, CABINET_DATABASE_ERROR_NOT_CABINET, NULL);

  /* Random bytes the size of a database look like encrypted pages: the key can
   * only be wrong. */
  g_assert_true (g_file_set_contents (junk, (const char *) noise, sizeof noise, NULL));
  assert_open_fails_unchanged (junk, f->key, CABINET_DATABASE_ERROR_WRONG_KEY, NULL);

  /* Encrypted with our key, but made by something else. */
  {
    char *secret = cabinet_key_to_sqlcipher (f->key, NULL);
    g_assert_cmpint (sqlite3_open (other_app, &raw), ==, SQLITE_OK);
    sqlite3_key (raw, secret, (int) strlen (secret));
    cabinet_secure_free_string (secret);
    g_assert_cmpint (sqlite3_exec (raw, "PRAGMA cipher_page_size = 1024; CREATE TABLE t (x);", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (raw);
  }
  assert_open_fails_unchanged (other_app, f->key, CABINET_DATABASE_ERROR_NOT_CABINET, "not a Cabinet");

  /* A folder where the file should be. */
  g_assert_cmpint (g_mkdir (f->path, 0700), ==, 0);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CabinetDatabase) db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_OPEN_EXISTING, &error);
    g_assert_null (db);
    g_assert_error (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_NOT_CABINET);
  }
}

/* Flips bytes in the middle of the closed database, as a failing disk would,
 * after filling it with enough rows that its middle is far past the schema. */
static void
fill_and_damage (Fixture *f)
{
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(CabinetDatabase) db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_AS_IS, NULL);

  g_assert_true (cabinet_database_exec (db, "CREATE TABLE filler (x);"
                                        "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)"
                                        " INSERT INTO filler SELECT randomblob (100) FROM n", NULL));
  cabinet_database_close (db);

  g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 8 * 1024);
  for (gsize i = length / 2; i < length / 2 + 16; i++)
    contents[i] ^= 0x5a;
  g_assert_true (g_file_set_contents (f->path, contents, length, NULL));
}

static void
test_damaged (Fixture *f, gconstpointer data)
{
  create_with_profile (f, "Anne");
  fill_and_damage (f);
  assert_open_fails_unchanged (f->path, f->key, CABINET_DATABASE_ERROR_DAMAGED, "backup");
}

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GError **error = user_data;

  if (cabinet_database_check_finish (CABINET_DATABASE (source), result, error))
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "sound");
  /* As the application does on a damaged verdict: close, before returning. */
  cabinet_database_close (CABINET_DATABASE (source));
}

/* Checks @db on its worker thread, as after an unlock; the verdict as an error,
 * G_IO_ERROR_EXISTS when the file is sound. */
static GError *
check_and_close (CabinetDatabase *db,
                 GCancellable    *cancellable)
{
  GError *error = NULL;

  cabinet_database_check_async (db, cancellable, checked_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  return error;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The records open at once; the damage is found by the check that follows, and
 * what was written meanwhile never reaches the damaged file. */
static void
test_damaged_found_later (Fixture *f, gconstpointer data)
{
  g_autoptr(CabinetDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autofree char *before = NULL, *after = NULL;

  create_with_profile (f, "Anne");
  db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_CHECK_LATER, &error);
  g_assert_no_error (error);
  /* Sound: the log is folded into the file again as usual from then on. */
  g_assert_cmpint (cabinet_test_query_int (db, "PRAGMA wal_autocheckpoint"), ==, 0);
  {
    g_autoptr(GAsyncResult) result = NULL;

    cabinet_database_check_async (db, NULL, store_result, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (cabinet_database_check_finish (db, result, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (cabinet_test_query_int (db, "PRAGMA wal_autocheckpoint"), ==, 1000);
  cabinet_database_close (db);
  g_clear_object (&db);

  /* Cancelled (the therapist locked at once): no verdict either way. */
  db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_CHECK_LATER, &error);
  g_cancellable_cancel (cancelled);
  error = check_and_close (db, cancelled);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&db);

  fill_and_damage (f);
  before = cabinet_test_file_checksum (f->path);
  db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_CHECK_LATER, &error);
  g_assert_no_error (error);
  g_assert_true (cabinet_audit_record (db, "unlock", NULL, 0, &error));
  g_assert_no_error (error);
  /* More than the thousand pages at which SQLite would fold the log in. */
  g_assert_true (cabinet_database_exec (db, "CREATE TABLE later (x); INSERT INTO later VALUES (randomblob (8000000))",
                                        &error));
  g_assert_no_error (error);
  error = check_and_close (db, NULL);
  g_assert_error (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "backup"));
  after = cabinet_test_file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);
}

/* A migration never builds on a damaged file: then the check comes first. */
static void
test_damaged_before_migration (Fixture *f, gconstpointer data)
{
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr(CabinetDatabase) db = NULL;
  g_autoptr(GError) error = NULL;

  db = cabinet_database_create_at_version (f->path, f->key, cabinet_database_get_latest_version () - 1, &error);
  g_assert_no_error (error);
  cabinet_database_close (db);
  g_clear_object (&db);
  fill_and_damage (f);

  before = cabinet_test_file_checksum (f->path);
  db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_CHECK_LATER, &error);
  g_assert_null (db);
  g_assert_error (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_DAMAGED);
  after = cabinet_test_file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_truncated (Fixture *f, gconstpointer data)
{
  g_autofree char *contents = NULL;
  gsize length;

  create_with_profile (f, "Anne");
  g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (f->path, contents, length - 100, NULL));
  assert_open_fails_unchanged (f->path, f->key, CABINET_DATABASE_ERROR_NOT_CABINET, "cut short");
}

static void
test_too_new (Fixture *f, gconstpointer data)
{
  create_with_profile (f, "Anne");
  {
    g_autoptr(CabinetDatabase) db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_OPEN_EXISTING, NULL);
    g_assert_true (cabinet_database_exec (db, "PRAGMA user_version = 999", NULL));
    cabinet_database_close (db);
  }
  assert_open_fails_unchanged (f->path, f->key, CABINET_DATABASE_ERROR_TOO_NEW, "newer version");
}

/* From now on, in this process (a child's), messages are in @language's, from
 * the translations of this build, as the application shows them. */
static void
use_language (const Language *language)
{
  const char *localedir = g_getenv ("CABINET_LOCALEDIR");

  g_setenv ("LANGUAGE", language->id, TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  if (localedir)
    {
      bindtextdomain (GETTEXT_PACKAGE, localedir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
    }
}

/* @error is @code, and says in @language what @part says. */
static void
assert_says (const GError *error,
             int           code,
             const char   *part)
{
  g_assert_error (error, CABINET_DATABASE_ERROR, code);
  if (strstr (error->message, part) == NULL)
    g_error ("“%s” does not say “%s”", error->message, part);
}

/* Runs @body in a child process, which exits 77 when what the test needs
 * cannot be had (then the test is skipped, saying @skip_reason). With
 * @unprivileged, the child drops to "nobody" first when the suite runs as root
 * (as CI does), since the permission checks do not apply to root. FALSE when
 * skipped. */
static gboolean
run_in_child (void       (*body) (gpointer),
              gpointer     data,
              gboolean     unprivileged,
              const char  *skip_reason)
{
  pid_t pid = fork ();
  int status = 0;

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      if (unprivileged && geteuid () == 0)
        {
          struct passwd *nobody = getpwnam ("nobody");

          /* "nobody" may not read the build folder (a fresh clone under
           * mktemp -d is 0700): the French catalogue is opened now, while it
           * still can be, and stays open. */
          use_language (&french);
          (void) dgettext (GETTEXT_PACKAGE, "Cabinet is locked. Unlock it to see your records.");
          if (nobody == NULL || setgid (nobody->pw_gid) != 0 || setuid (nobody->pw_uid) != 0)
            _exit (77);
        }
      body (data);
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 77)
    {
      g_test_skip (skip_reason);
      return FALSE;
    }
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  return TRUE;
}

#define NO_PRIVILEGE_DROP "Cannot drop privileges to test folder permissions"
#define NO_FILE_SIZE_LIMIT "Cannot limit the file size"

static void
open_in_read_only_folder (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *new_path = g_build_filename (f->dir, "ro", "new.db", NULL);
  g_autoptr(CabinetDatabase) db = NULL;

  use_language (f->language);
  db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_OPEN_EXISTING, &error);
  if (db != NULL || !g_error_matches (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_NOT_WRITABLE))
    _exit (1);
  /* What the therapist reads says so, in their language. */
  if (strstr (error->message, f->language->not_writable) == NULL)
    {
      g_printerr ("“%s” does not say “%s”\n", error->message, f->language->not_writable);
      _exit (4);
    }
  g_clear_error (&error);
  db = cabinet_database_open (new_path, f->key, CABINET_DATABASE_CREATE, &error);
  if (db != NULL || !g_error_matches (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_NOT_WRITABLE))
    _exit (2);
  if (g_file_test (new_path, G_FILE_TEST_EXISTS))
    _exit (3);
}

static void
test_folder_not_writable (Fixture *f, gconstpointer data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *ro = g_build_filename (f->dir, "ro", NULL);

  create_with_profile (f, "Anne");
  before = cabinet_test_file_checksum (f->path);
  g_assert_cmpint (g_mkdir (ro, 0555), ==, 0);
  g_assert_cmpint (g_chmod (f->path, 0666), ==, 0);
  g_assert_cmpint (g_chmod (f->dir, 0555), ==, 0);

  run_in_child (open_in_read_only_folder, f, TRUE, NO_PRIVILEGE_DROP);

  g_chmod (f->dir, 0700);
  after = cabinet_test_file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);
}

/* Writes are capped with RLIMIT_FSIZE, which fails them as a full disk does. */
static void
write_on_full_disk (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *new_path = g_build_filename (f->dir, "new.db", NULL);
  g_autoptr(CabinetDatabase) db = NULL;
  g_autoptr(CabinetPractitioner) p = cabinet_test_practitioner ("Anne");
  g_autoptr(GString) big = g_string_new (NULL);
  struct rlimit limit = { 64 * 1024, 64 * 1024 };

  use_language (f->language);
  signal (SIGXFSZ, SIG_IGN);

  /* Opened first, so the cap is only hit by the write. */
  db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_OPEN_EXISTING, &error);
  if (db == NULL)
    _exit (10);
  if (setrlimit (RLIMIT_FSIZE, &limit) != 0)
    _exit (77);

  for (guint i = 0; i < 20000; i++)
    g_string_append (big, "Adresse très longue ");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_ADDRESS, big->str);
  if (cabinet_practitioner_save (p, db, &error))
    _exit (11);
  if (!g_error_matches (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_DISK_FULL))
    _exit (12);
  if (strstr (error->message, f->language->disk_full) == NULL)
    _exit (15);
  cabinet_database_close (db);
  g_clear_error (&error);

  /* Creating a database on a full disk leaves nothing behind. */
  limit.rlim_cur = limit.rlim_max = 2048;
  setrlimit (RLIMIT_FSIZE, &limit);
  db = cabinet_database_open (new_path, f->key, CABINET_DATABASE_CREATE, &error);
  if (db != NULL || !g_error_matches (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_DISK_FULL))
    _exit (13);
  if (g_file_test (new_path, G_FILE_TEST_EXISTS))
    _exit (14);
}

static void
test_disk_full (Fixture *f, gconstpointer data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetDatabase) db = NULL;
  g_autoptr(CabinetPractitioner) p = NULL;

  create_with_profile (f, "Anne");
  before = cabinet_test_file_checksum (f->path);

  if (!run_in_child (write_on_full_disk, f, FALSE, NO_FILE_SIZE_LIMIT))
    return;

  after = cabinet_test_file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);

  /* And the committed profile is intact. */
  db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  p = cabinet_practitioner_load (db, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cabinet_practitioner_get_text (p, CABINET_PRACTITIONER_ADDRESS), ==, "");
}

/* The database file itself read-only (copied from another account, or from a
 * read-only medium), in a folder Cabinet may write to: refused when opened,
 * not at the first change the therapist tries to save, and nothing is
 * written beside it. */
static void
open_read_only_file (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetDatabase) db = NULL;

  use_language (f->language);
  db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_OPEN_EXISTING, &error);
  g_assert_null (db);
  assert_says (error, CABINET_DATABASE_ERROR_NOT_WRITABLE, f->language->not_writable);
}

static void
test_file_not_writable (Fixture *f, gconstpointer data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  create_with_profile (f, "Anne");
  before = cabinet_test_file_checksum (f->path);
  g_assert_cmpint (g_chmod (f->path, 0444), ==, 0);
  g_assert_cmpint (g_chmod (f->dir, 0777), ==, 0);

  run_in_child (open_read_only_file, f, TRUE, NO_PRIVILEGE_DROP);

  g_chmod (f->dir, 0700);
  after = cabinet_test_file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
}

/* A client, a session and a payment already there. */
static void
create_with_records (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetDatabase) db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_CREATE, &error);
  g_autoptr(CabinetClientStore) clients = NULL;
  g_autoptr(CabinetSessionStore) sessions = NULL;
  g_autoptr(CabinetLedger) ledger = NULL;
  g_autoptr(CabinetClient) anne = cabinet_client_new ("Europe/Paris");
  g_autoptr(CabinetSession) session = cabinet_session_new ();
  g_autoptr(CabinetSessionPlan) plan = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GDate) day = g_date_new_dmy (2, 3, 2026);
  g_autoptr(GDate) today = g_date_new_dmy (22, 11, 2026);

  g_assert_no_error (error);
  clients = cabinet_client_store_new (db, &error);
  g_assert_no_error (error);
  sessions = cabinet_session_store_new (db);
  ledger = cabinet_ledger_new (db, "EUR");
  cabinet_client_set_text (anne, CABINET_CLIENT_FIRST_NAME, "Anne");
  cabinet_client_set_text (anne, CABINET_CLIENT_LAST_NAME, "Martin");
  g_assert_true (cabinet_client_store_save (clients, anne, &error));
  g_assert_no_error (error);
  cabinet_session_set_client_id (session, cabinet_client_get_id (anne));
  cabinet_session_set_starts_at (session, cabinet_test_utc (2026, 3, 2, 8, 0));
  cabinet_session_set_fee (session, 6000, "EUR");
  plan = cabinet_session_store_plan_add (sessions, session, NULL, zone, &error);
  g_assert_no_error (error);
  g_assert_true (cabinet_session_store_apply (sessions, plan, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cabinet_ledger_record_payment (ledger, cabinet_client_get_id (anne), 3000, "EUR", day,
                                                  CABINET_PAYMENT_CARD, NULL, NULL, NULL, 0, today, &error), >, 0);
  g_assert_no_error (error);
  cabinet_database_close (db);
}

/* What the database holds: the clients' first names, and how many sessions,
 * payments and records in the audit trail. */
static char *
describe_records (CabinetDatabase *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row = FALSE;

  stmt = cabinet_database_prepare (db, "SELECT (SELECT group_concat (first_name, ',') FROM"
                                       "  (SELECT first_name FROM clients ORDER BY id))"
                                       " || printf (' / %d sessions / %d payments / %d audited',"
                                       "  (SELECT count (*) FROM sessions), (SELECT count (*) FROM payments),"
                                       "  (SELECT count (*) FROM audit_log))", &error);
  g_assert_no_error (error);
  cabinet_database_step (db, stmt, &has_row, &error);
  g_assert_no_error (error);
  g_assert_true (has_row);
  return g_strdup (cabinet_database_column_text (stmt, 0));
}

/* What another window would read meanwhile: what was there before. */
static void
assert_records (const char       *path,
                const CabinetKey *key,
                const char       *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetDatabase) db = cabinet_database_open (path, key, CABINET_DATABASE_OPEN_EXISTING, &error);
  g_autofree char *found = NULL;

  g_assert_no_error (error);
  cabinet_test_assert_integrity (db);
  found = describe_records (db);
  g_assert_cmpstr (found, ==, expected);
  cabinet_database_close (db);
}

/* The writes of the stores on a full disk: RLIMIT_FSIZE lets the WAL take one
 * page of the transaction and no more, as a disk that fills up midway would. */
static void
write_stores_on_full_disk (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetDatabase) db = NULL;
  g_autoptr(CabinetClientStore) clients = NULL;
  g_autoptr(CabinetSessionStore) sessions = NULL;
  g_autoptr(CabinetLedger) ledger = NULL;
  g_autoptr(CabinetClient) louise = cabinet_client_new ("Europe/Paris");
  g_autoptr(CabinetClient) edited = NULL;
  g_autoptr(CabinetSession) session = cabinet_session_new ();
  g_autoptr(CabinetSessionPlan) plan = NULL;
  g_autoptr(GListModel) history = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GDate) day = g_date_new_dmy (9, 3, 2026);
  g_autoptr(GDate) today = g_date_new_dmy (22, 11, 2026);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *before = NULL;
  struct rlimit saved, limit;
  GStatBuf st;
  gint64 anne, balance = 0, balance_before = 0;

  use_language (f->language);
  signal (SIGXFSZ, SIG_IGN);
  db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  clients = cabinet_client_store_new (db, &error);
  g_assert_no_error (error);
  sessions = cabinet_session_store_new (db);
  ledger = cabinet_ledger_new (db, "EUR");
  anne = cabinet_test_query_int (db, "SELECT id FROM clients");
  cabinet_ledger_get_balance (ledger, anne, &balance_before, &error);
  g_assert_no_error (error);
  before = describe_records (db);

  /* The WAL's next write goes at its end: a page fits, the next does not. */
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limit = saved;
  limit.rlim_cur = (g_stat (wal, &st) == 0 ? (rlim_t) st.st_size : 0) + 1100;
  if (setrlimit (RLIMIT_FSIZE, &limit) != 0)
    _exit (77);

  /* A new client, and a change to one: neither in the database nor in the list. */
  cabinet_client_set_text (louise, CABINET_CLIENT_FIRST_NAME, "Louise");
  cabinet_client_set_text (louise, CABINET_CLIENT_LAST_NAME, "Petit");
  g_assert_false (cabinet_client_store_save (clients, louise, &error));
  assert_says (error, CABINET_DATABASE_ERROR_DISK_FULL, f->language->disk_full);
  assert_says (error, CABINET_DATABASE_ERROR_DISK_FULL, f->language->nothing_changed);
  g_clear_error (&error);
  g_assert_cmpint (cabinet_client_get_id (louise), ==, 0);
  g_assert_cmpuint (cabinet_client_store_get_n_all (clients), ==, 1);
  edited = cabinet_client_copy (cabinet_client_store_lookup (clients, anne));
  cabinet_client_set_text (edited, CABINET_CLIENT_FIRST_NAME, "Annie");
  g_assert_false (cabinet_client_store_save (clients, edited, &error));
  assert_says (error, CABINET_DATABASE_ERROR_DISK_FULL, f->language->disk_full);
  g_clear_error (&error);
  g_assert_cmpstr (cabinet_client_get_text (cabinet_client_store_lookup (clients, anne), CABINET_CLIENT_FIRST_NAME),
                   ==, "Anne");

  /* A session. */
  cabinet_session_set_client_id (session, anne);
  cabinet_session_set_starts_at (session, cabinet_test_utc (2026, 3, 9, 8, 0));
  cabinet_session_set_fee (session, 6000, "EUR");
  plan = cabinet_session_store_plan_add (sessions, session, NULL, zone, &error);
  g_assert_no_error (error);
  g_assert_false (cabinet_session_store_apply (sessions, plan, TRUE, &error));
  assert_says (error, CABINET_DATABASE_ERROR_DISK_FULL, f->language->disk_full);
  g_clear_error (&error);
  g_assert_cmpint (cabinet_session_get_id (session), ==, 0);
  history = cabinet_session_store_list_client (sessions, anne, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 1);
  g_clear_object (&history);

  /* A payment. */
  g_assert_cmpint (cabinet_ledger_record_payment (ledger, anne, 2000, "EUR", day, CABINET_PAYMENT_CASH,
                                                  NULL, NULL, NULL, 0, today, &error), ==, 0);
  assert_says (error, CABINET_DATABASE_ERROR_DISK_FULL, f->language->disk_full);
  g_clear_error (&error);
  cabinet_ledger_get_balance (ledger, anne, &balance, &error);
  g_assert_no_error (error);
  g_assert_cmpint (balance, ==, balance_before);

  /* Nothing of any of them was written, the audit trail included. */
  assert_records (f->path, f->key, before);

  /* Once there is room again, the same writes go through. */
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  g_assert_true (cabinet_client_store_save (clients, louise, &error));
  g_assert_no_error (error);
  g_assert_true (cabinet_client_store_save (clients, edited, &error));
  g_assert_no_error (error);
  g_assert_true (cabinet_session_store_apply (sessions, plan, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cabinet_ledger_record_payment (ledger, anne, 2000, "EUR", day, CABINET_PAYMENT_CASH,
                                                  NULL, NULL, NULL, 0, today, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (cabinet_client_store_get_n_all (clients), ==, 2);
  g_assert_cmpstr (cabinet_client_get_text (cabinet_client_store_lookup (clients, anne), CABINET_CLIENT_FIRST_NAME),
                   ==, "Annie");
  history = cabinet_session_store_list_client (sessions, anne, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 2);
  cabinet_ledger_get_balance (ledger, anne, &balance, &error);
  g_assert_no_error (error);
  g_assert_cmpint (balance, ==, balance_before - 2000);
  cabinet_database_close (db);
}

static void
test_disk_full_stores (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetDatabase) db = NULL;
  g_autoptr(CabinetLedger) ledger = NULL;
  g_autofree char *found = NULL;

  create_with_records (f);
  if (!run_in_child (write_stores_on_full_disk, f, FALSE, NO_FILE_SIZE_LIMIT))
    return;

  /* Each write once, from the tries made with room, and only those. */
  db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  cabinet_test_assert_integrity (db);
  found = describe_records (db);
  g_assert_cmpstr (found, ==, "Annie,Louise / 2 sessions / 2 payments / 7 audited");
  ledger = cabinet_ledger_new (db, "EUR");
  cabinet_test_assert_ledger_invariants (db, ledger);
  cabinet_database_close (db);
}

static void
test_migrations (Fixture *f, gconstpointer data)
{
  int latest = cabinet_database_get_latest_version ();

  g_assert_cmpint (latest, >=, 2);
  for (int version = 0; version < latest; version++)
    {
      g_autofree char *path = g_strdup_printf ("%s/v%d.db", f->dir, version);
      g_autoptr(GError) error = NULL;
      g_autoptr(CabinetDatabase) db = cabinet_database_create_at_version (path, f->key, version, &error);
      g_autoptr(CabinetPractitioner) loaded = NULL;

      g_assert_no_error (error);
      g_assert_cmpint (cabinet_database_get_schema_version (db), ==, version);
      if (version >= 1)
        {
          /* Data written by the old schema must survive the migration. */
          g_assert_true (cabinet_database_exec (db,
            "INSERT INTO practitioner (id, full_name, title, fee_minor, currency, created_at, updated_at) "
            "VALUES (1, 'Zoé Ancienne', 'Psychologue', 5000, 'EUR', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')",
            &error));
          g_assert_no_error (error);
        }
      cabinet_database_close (db);
      g_clear_object (&db);

      db = cabinet_database_open (path, f->key, CABINET_DATABASE_OPEN_EXISTING, &error);
      g_assert_no_error (error);
      g_assert_cmpint (cabinet_database_get_schema_version (db), ==, latest);
      g_assert_true (cabinet_database_exec (db, "SELECT count(*) FROM audit_log", &error));
      loaded = cabinet_practitioner_load (db, &error);
      g_assert_no_error (error);
      if (version >= 1)
        g_assert_cmpstr (cabinet_practitioner_get_text (loaded, CABINET_PRACTITIONER_FULL_NAME), ==, "Zoé Ancienne");
      else
        g_assert_null (loaded);
    }
}

static void
assert_no_plaintext (const char *path,
                     const char *marker)
{
  static const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      if (g_file_test (file, G_FILE_TEST_EXISTS))
        {
          g_test_message ("checking %s", file);
          g_assert_false (cabinet_test_file_contains (file, marker));
          /* SQLite's own header would show an unencrypted file. */
          g_assert_false (cabinet_test_file_contains (file, "SQLite format 3"));
          g_assert_false (cabinet_test_file_contains (file, "CREATE TABLE"));
        }
    }
}

static void
test_no_plaintext_on_disk (Fixture *f, gconstpointer data)
{
  const char *marker = "MARQUEUR-Zéphyrine-Clairefontaine-4242";
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetDatabase) db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_CREATE, &error);
  g_autoptr(CabinetPractitioner) p = cabinet_test_practitioner (marker);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);

  g_assert_no_error (error);
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_ADDRESS, marker);
  g_assert_true (cabinet_practitioner_save (p, db, &error));
  g_assert_no_error (error);

  /* While open, the change sits in the WAL: it must be encrypted there too. */
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  assert_no_plaintext (f->path, marker);

  cabinet_database_close (db);
  assert_no_plaintext (f->path, marker);

  /* And it is really there, for the right key. */
  g_clear_object (&db);
  g_clear_object (&p);
  db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  p = cabinet_practitioner_load (db, &error);
  g_assert_cmpstr (cabinet_practitioner_get_text (p, CABINET_PRACTITIONER_FULL_NAME), ==, marker);
}

static void
test_passphrase_mode (Fixture *f, gconstpointer data)
{
  g_autoptr(CabinetKey) pass = cabinet_key_new_passphrase ("le chat dort sur la bibliothèque");
  g_autoptr(CabinetKey) wrong = cabinet_key_new_passphrase ("le chat dort sur la bibliotheque");
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetDatabase) db = cabinet_database_open (f->path, pass, CABINET_DATABASE_CREATE, &error);
  sqlite3 *raw = NULL;
  const char *phrase = "le chat dort sur la bibliothèque";

  g_assert_no_error (error);
  cabinet_database_close (db);
  g_clear_object (&db);

  db = cabinet_database_open (f->path, pass, CABINET_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  cabinet_database_close (db);

  assert_open_fails_unchanged (f->path, wrong, CABINET_DATABASE_ERROR_WRONG_KEY, NULL);

  /* The KDF runs 256,000 iterations: SQLCipher 3's default of 64,000 does not
   * open the file, 256,000 does. */
  g_assert_cmpint (sqlite3_open_v2 (f->path, &raw, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_key (raw, phrase, (int) strlen (phrase));
  g_assert_cmpint (sqlite3_exec (raw, "PRAGMA kdf_iter = 64000; SELECT count(*) FROM sqlite_master;", NULL, NULL, NULL), ==, SQLITE_NOTADB);
  sqlite3_close (raw);
  g_assert_cmpint (sqlite3_open_v2 (f->path, &raw, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_key (raw, phrase, (int) strlen (phrase));
  g_assert_cmpint (sqlite3_exec (raw, "PRAGMA kdf_iter = 256000; SELECT count(*) FROM sqlite_master;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);
}


static void
test_async_open (Fixture *f, gconstpointer data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetDatabase) db = NULL;

  create_with_profile (f, "Anne");
  cabinet_database_open_async (f->path, f->key, CABINET_DATABASE_OPEN_EXISTING, NULL,
                               store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  db = cabinet_database_open_finish (result, &error);
  g_assert_no_error (error);
  g_assert_true (cabinet_database_is_open (db));
}

static void
test_locked_database_refuses (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetDatabase) db = NULL;

  create_with_profile (f, "Anne");
  db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_OPEN_EXISTING, &error);
  cabinet_database_close (db);
  g_assert_false (cabinet_database_exec (db, "SELECT 1", &error));
  g_assert_error (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_LOCKED);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/database/library-is-sqlcipher", test_library_is_sqlcipher);
#define ADD(name, fn) g_test_add ("/database/" name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("create-and-reopen", test_create_and_reopen);
  ADD ("create-refuses-existing", test_create_refuses_existing);
  ADD ("wrong-key", test_wrong_key);
  ADD ("missing-file", test_missing_file);
  ADD ("not-a-cabinet-database", test_not_a_cabinet_database);
  ADD ("damaged", test_damaged);
  ADD ("damaged-found-later", test_damaged_found_later);
  ADD ("damaged-before-migration", test_damaged_before_migration);
  ADD ("truncated", test_truncated);
  ADD ("too-new", test_too_new);
  ADD ("folder-not-writable", test_folder_not_writable);
  ADD ("file-not-writable", test_file_not_writable);
  ADD ("disk-full", test_disk_full);
  ADD ("disk-full-stores", test_disk_full_stores);
  ADD ("migrations", test_migrations);
  ADD ("no-plaintext-on-disk", test_no_plaintext_on_disk);
  ADD ("passphrase-mode", test_passphrase_mode);
  ADD ("async-open", test_async_open);
  ADD ("locked-database-refuses", test_locked_database_refuses);
#undef ADD
  /* The same, with the messages in French. */
#define ADD_FR(name, fn) g_test_add ("/database/" name "/fr", Fixture, &french, fixture_setup, fn, fixture_teardown)
  ADD_FR ("folder-not-writable", test_folder_not_writable);
  ADD_FR ("file-not-writable", test_file_not_writable);
  ADD_FR ("disk-full", test_disk_full);
  ADD_FR ("disk-full-stores", test_disk_full_stores);
#undef ADD_FR
  return g_test_run ();
}
