/* cabinet-database.c — the SQLCipher-encrypted store every record lives in
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "cabinet-database.h"
#include "cabinet-schema.h"

struct _CabinetDatabase
{
  GObject  parent_instance;
  sqlite3 *db;
  char    *path;
  int      schema_version;
  /* The key, kept only while the connection is open (SQLCipher keeps its own copy
   * for as long): zeroed and freed at close. */
  CabinetKey *key;
};

G_DEFINE_TYPE (CabinetDatabase, cabinet_database, G_TYPE_OBJECT)

#define ensure_open cabinet_database_ensure_open
G_DEFINE_QUARK (cabinet-database-error-quark, cabinet_database_error)

/* SQLCipher 3.4 (Debian 12) page size is 1024; SQLCipher 4 defaults differ, so every
 * setting that shapes the file is pinned to the 3.x values and a file made by one
 * opens with the other. */
/* Not in the header: only the check after unlock opens the file read-only (a
 * read-only connection, closing last, never folds the log into the file). */
#define OPEN_READ_ONLY (1 << 8)

static const char *cipher_settings[] = {
  "PRAGMA cipher_page_size = 1024",
  "PRAGMA cipher_hmac_algorithm = HMAC_SHA1",
  "PRAGMA cipher_kdf_algorithm = PBKDF2_HMAC_SHA1",
};

static void
cabinet_database_finalize (GObject *object)
{
  CabinetDatabase *self = CABINET_DATABASE (object);

  cabinet_database_close (self);
  g_free (self->path);

  G_OBJECT_CLASS (cabinet_database_parent_class)->finalize (object);
}

static void
cabinet_database_class_init (CabinetDatabaseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cabinet_database_finalize;
}

static void
cabinet_database_init (CabinetDatabase *self)
{
}

char *
cabinet_database_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "cabinet", "cabinet.db", NULL);
}

static void
set_error_from_code (int          rc,
                     int          sys_errno,
                     const char  *path,
                     GError     **error)
{
  g_autofree char *display = g_filename_display_name (path ? path : "");
  int primary = rc & 0xff;

  if (primary == SQLITE_FULL || sys_errno == ENOSPC || sys_errno == EFBIG || sys_errno == EDQUOT)
    g_set_error (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_DISK_FULL,
                 _("The disk holding “%s” is full. Free some space, then try again; nothing was changed."),
                 display);
  else if (primary == SQLITE_READONLY || primary == SQLITE_PERM || primary == SQLITE_CANTOPEN
           || sys_errno == EACCES || sys_errno == EROFS || sys_errno == EPERM)
    g_set_error (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_NOT_WRITABLE,
                 _("Cabinet cannot write to the folder holding “%s”. Check that the disk is connected and that the folder belongs to you."),
                 display);
  else if (primary == SQLITE_NOTADB)
    g_set_error (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_WRONG_KEY,
                 _("This key does not open “%s”. Check the recovery key or passphrase; if you are sure it is right, the file is damaged and should be restored from a backup."),
                 display);
  else if (primary == SQLITE_CORRUPT)
    g_set_error (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_DAMAGED,
                 _("The database “%s” is damaged. Keep the file as it is and restore your most recent backup."),
                 display);
  else if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    g_set_error (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_LOCKED,
                 _("“%s” is in use by another program, perhaps another Cabinet window. Close that program or window and try again."),
                 display);
  else if (primary == SQLITE_CONSTRAINT)
    g_set_error_literal (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_CONSTRAINT,
                         _("This change would make the records inconsistent, so it was not saved."));
  else
    {
      /* SQLite's own words are for the log, not for the therapist. */
      g_warning ("SQLite error on %s: %s (errno %d)", display, sqlite3_errstr (rc), sys_errno);
      g_set_error (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_FAILED,
                   _("Cabinet could not read or write “%s”. Nothing was changed; try again, and restart the computer if it happens again."),
                   display);
    }
}

void
cabinet_database_set_sqlite_error (CabinetDatabase  *self,
                                   int               rc,
                                   GError          **error)
{
  g_return_if_fail (CABINET_IS_DATABASE (self));

  if (self->db)
    g_debug ("SQLite: %s", sqlite3_errmsg (self->db));
  set_error_from_code (sqlite3_extended_errcode (self->db) ? sqlite3_extended_errcode (self->db) : rc,
                       self->db ? sqlite3_system_errno (self->db) : 0,
                       self->path, error);
}

/* libsoup links plain SQLite: if the linker picked that one, sqlite3_key() would be
 * a no-op and records would be written in clear. Refuse to run instead. */
gboolean
cabinet_database_check_library (GError **error)
{
  /* 1 when SQLCipher answered, 2 when it did not: the library loaded does not
   * change while Cabinet runs, so it is asked once. */
  static gsize verdict = 0;
  gboolean ok;

  if (g_once_init_enter (&verdict))
    {
      sqlite3 *db = NULL;
      sqlite3_stmt *stmt = NULL;
      gboolean answered = FALSE;

      if (sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK
          && sqlite3_prepare_v2 (db, "PRAGMA cipher_version", -1, &stmt, NULL) == SQLITE_OK
          && sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *version = (const char *) sqlite3_column_text (stmt, 0);
          answered = version != NULL && *version != '\0';
        }
      sqlite3_finalize (stmt);
      sqlite3_close (db);
      g_once_init_leave (&verdict, answered ? 1 : 2);
    }
  ok = verdict == 1;

  if (!ok)
    g_set_error_literal (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_NOT_SQLCIPHER,
                         _("This copy of Cabinet was built against SQLite without encryption, so it refuses to store anything. Reinstall Cabinet from a trusted source."));
  return ok;
}

static gboolean
exec_raw (CabinetDatabase  *self,
          const char       *sql,
          GError          **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      cabinet_database_set_sqlite_error (self, rc, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
query_int (CabinetDatabase  *self,
           const char       *sql,
           int              *out,
           GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      cabinet_database_set_sqlite_error (self, rc, error);
      return FALSE;
    }
  *out = sqlite3_column_int (stmt, 0);
  return TRUE;
}

/* The pinned cipher settings, for the main database or an attached one (@schema). */
static gboolean
apply_cipher_settings (CabinetDatabase   *self,
                       const char        *schema,
                       const CabinetKey  *key,
                       GError           **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (cipher_settings); i++)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA %s%s%s", schema ? schema : "",
                                              schema ? "." : "",
                                              cipher_settings[i] + strlen ("PRAGMA "));
      if (!exec_raw (self, sql, error))
        return FALSE;
    }

  if (cabinet_key_get_kind (key) == CABINET_KEY_PASSPHRASE)
    {
      g_autofree char *kdf = g_strdup_printf ("PRAGMA %s%skdf_iter = %d", schema ? schema : "",
                                              schema ? "." : "", CABINET_KEY_KDF_ITERATIONS);
      return exec_raw (self, kdf, error);
    }
  return TRUE;
}

static gboolean
apply_key (CabinetDatabase   *self,
           const CabinetKey  *key,
           GError           **error)
{
  gsize len;
  char *secret = cabinet_key_to_sqlcipher (key, &len);
  int rc = sqlite3_key (self->db, secret, (int) len);

  cabinet_secure_free_string (secret);
  if (rc != SQLITE_OK)
    {
      cabinet_database_set_sqlite_error (self, rc, error);
      return FALSE;
    }
  return apply_cipher_settings (self, NULL, key, error);
}

/* Brings the schema to @target inside one transaction: a failure leaves the file as
 * it was. */
static gboolean
migrate (CabinetDatabase  *self,
         int               target,
         GError          **error)
{
  if (self->schema_version >= target)
    return TRUE;

  if (!exec_raw (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  for (int v = self->schema_version; v < target; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", v + 1);

      if (!exec_raw (self, cabinet_schema_migrations[v], error)
          || !exec_raw (self, bump, error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }

  if (!exec_raw (self, "COMMIT", error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  self->schema_version = target;
  return TRUE;
}

/* What the first bytes say before any key is tried: an empty file, a plain SQLite
 * file or one whose size cannot be a SQLCipher database is not ours, and telling the
 * therapist "wrong key" would send them hunting for a key that does not exist. */
static int
cancelled_progress (void *cancellable)
{
  return g_cancellable_is_cancelled (cancellable);
}

static gboolean
quick_check (CabinetDatabase  *self,
             GCancellable     *cancellable,
             GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *verdict = NULL;
  int rc;

  if (cancellable)
    sqlite3_progress_handler (self->db, 10000, cancelled_progress, cancellable);
  rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    verdict = (const char *) sqlite3_column_text (stmt, 0);
  if (cancellable)
    sqlite3_progress_handler (self->db, 0, NULL, NULL);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  /* The key opened the file: a page that fails its HMAC (NOTADB) is damage too.
   * Anything else (busy, out of memory, a read error) is no verdict on the file. */
  if (rc == SQLITE_ROW || (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
    {
      if (g_strcmp0 (verdict, "ok") == 0)
        return TRUE;
      set_error_from_code (SQLITE_CORRUPT, 0, self->path, error);
      return FALSE;
    }
  set_error_from_code (sqlite3_extended_errcode (self->db), sqlite3_system_errno (self->db), self->path, error);
  return FALSE;
}

static gboolean
check_file_shape (const char  *path,
                  GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  static const char sqlite_magic[16] = "SQLite format 3";
  GStatBuf st;
  char head[16] = { 0 };
  FILE *f;
  size_t n = 0;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      if (saved == ENOENT)
        g_set_error (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_NOT_FOUND,
                     _("There is no database at “%s”."), display);
      else
        set_error_from_code (SQLITE_CANTOPEN, saved, path, error);
      return FALSE;
    }

  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_NOT_CABINET,
                   _("“%s” is not a Cabinet database."), display);
      return FALSE;
    }

  f = g_fopen (path, "rb");
  if (f == NULL)
    {
      set_error_from_code (SQLITE_CANTOPEN, errno, path, error);
      return FALSE;
    }
  n = fread (head, 1, sizeof head, f);
  fclose (f);

  if (n == sizeof head && memcmp (head, sqlite_magic, sizeof head) == 0)
    {
      g_set_error (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_NOT_CABINET,
                   _("“%s” is an unencrypted database, not a Cabinet database. Cabinet only opens its own encrypted files."),
                   display);
      return FALSE;
    }

  if (st.st_size < 1024 || st.st_size % 1024 != 0)
    {
      g_set_error (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_NOT_CABINET,
                   _("“%s” is not a Cabinet database, or it was cut short while being copied."),
                   display);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_folder_writable (const char  *path,
                       gboolean     create,
                       GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (create && g_mkdir_with_parents (dir, 0700) != 0)
    {
      set_error_from_code (SQLITE_CANTOPEN, errno, path, error);
      return FALSE;
    }
  /* WAL mode keeps two companion files beside the database. */
  if (g_access (dir, W_OK) != 0)
    {
      set_error_from_code (SQLITE_READONLY, errno, path, error);
      return FALSE;
    }
  /* SQLite would open a file it may not write to read-only, and every change
   * the therapist tries would then be refused, one at a time: refuse it now. */
  if (!create && g_access (path, W_OK) != 0 && errno != ENOENT)
    {
      set_error_from_code (SQLITE_READONLY, errno, path, error);
      return FALSE;
    }
  return TRUE;
}

/* Removes a database that was just created, with its WAL and shm companions; only
 * ever for a file Cabinet made itself and nothing was committed to. */
void
cabinet_database_remove_new (const char *path)
{
  static const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
}

static CabinetDatabase *open_internal (const char           *path,
                                       const CabinetKey     *key,
                                       CabinetDatabaseFlags  flags,
                                       int                   target_version,
                                       GError              **error);

/* A connection that closes last folds the write-ahead log into the file. A
 * read-only one cannot: opened first and closed last, it leaves a damaged file
 * as it was found, the log beside it. */
static void
close_damaged (CabinetDatabase *self)
{
  g_autoptr(CabinetDatabase) guard = open_internal (self->path, self->key,
                                                    CABINET_DATABASE_AS_IS | OPEN_READ_ONLY, 0, NULL);

  cabinet_database_close (self);
  if (guard)
    cabinet_database_close (guard);
}

static CabinetDatabase *
open_internal (const char           *path,
               const CabinetKey     *key,
               CabinetDatabaseFlags  flags,
               int                   target_version,
               GError              **error)
{
  g_autoptr(CabinetDatabase) self = NULL;
  gboolean create = (flags & CABINET_DATABASE_CREATE) != 0;
  gboolean as_is = (flags & CABINET_DATABASE_AS_IS) != 0;
  gboolean check_later = FALSE;
  int app_id = 0, n_objects = 0;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (!cabinet_database_check_library (error))
    return NULL;

  if (create && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_FAILED,
                   _("“%s” already exists; Cabinet will not overwrite it."), display);
      return NULL;
    }

  g_return_val_if_fail (!(create && as_is), NULL);

  if (!as_is && !check_folder_writable (path, create, error))
    return NULL;
  if (!create && !check_file_shape (path, error))
    return NULL;

  self = g_object_new (CABINET_TYPE_DATABASE, NULL);
  self->path = g_canonicalize_filename (path, NULL);
  self->key = cabinet_key_copy (key);

  /* An attached database is opened with the main one's flags: a copy made through
   * an as-is connection needs CREATE (the file itself was checked to exist). */
  rc = sqlite3_open_v2 (path, &self->db,
                        ((flags & OPEN_READ_ONLY) ? SQLITE_OPEN_READONLY
                         : SQLITE_OPEN_READWRITE | (create || as_is ? SQLITE_OPEN_CREATE : 0))
                        | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    goto fail;

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 2000);

  if (!apply_key (self, key, error))
    goto fail_set;

  /* The first read is where a wrong key shows. */
  if (!query_int (self, "SELECT count(*) FROM sqlite_master", &n_objects, error)
      || !query_int (self, "PRAGMA application_id", &app_id, error)
      || !query_int (self, "PRAGMA user_version", &self->schema_version, error))
    goto fail_set;

  if (create)
    {
      g_autofree char *set_id = g_strdup_printf ("PRAGMA application_id = %d",
                                                 CABINET_DATABASE_APPLICATION_ID);
      if (!exec_raw (self, set_id, error))
        goto fail_set;
    }
  else if (app_id != CABINET_DATABASE_APPLICATION_ID)
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_NOT_CABINET,
                   _("“%s” is an encrypted database, but not a Cabinet database."), display);
      goto fail_set;
    }
  /* A backup being made or checked runs the full integrity check itself. The
   * check reads the whole file (1.7 s at 215 MB): at unlock it runs once the
   * records are on screen, except before a migration, which must not build on a
   * damaged file. */
  else if (!as_is)
    {
      check_later = (flags & CABINET_DATABASE_CHECK_LATER) && self->schema_version >= target_version;
      if (!check_later && !quick_check (self, NULL, error))
        {
          close_damaged (self);
          goto fail_set;
        }
    }

  if (self->schema_version > cabinet_database_get_latest_version ())
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of Cabinet. Update Cabinet to open it."),
                   display);
      goto fail_set;
    }

  if (as_is)
    return g_steal_pointer (&self);

  /* Secure delete overwrites freed pages, so erased records do not linger in the
   * file's free space. */
  if (!exec_raw (self, "PRAGMA foreign_keys = ON", error)
      || !exec_raw (self, "PRAGMA secure_delete = ON", error)
      || !exec_raw (self, "PRAGMA temp_store = MEMORY", error))
    goto fail_set;

  /* Switching to WAL writes the header, so only do it when the file is ours. */
  if (create || self->schema_version < target_version)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;

      rc = sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        goto fail;
    }
  if (!exec_raw (self, "PRAGMA synchronous = FULL", error))
    goto fail_set;
  /* Until the check has passed, changes wait in the write-ahead log and the file
   * stays as it was found (SQLite folds the log in at 1,000 pages otherwise). */
  if (check_later && !exec_raw (self, "PRAGMA wal_autocheckpoint = 0", error))
    goto fail_set;

  if (!migrate (self, target_version, error))
    goto fail_set;

  return g_steal_pointer (&self);

fail:
  set_error_from_code (self->db ? sqlite3_extended_errcode (self->db) : rc,
                       self->db ? sqlite3_system_errno (self->db) : 0, path, error);
fail_set:
  cabinet_database_close (self);
  if (create)
    cabinet_database_remove_new (path);
  return NULL;
}

CabinetDatabase *
cabinet_database_open (const char           *path,
                       const CabinetKey     *key,
                       CabinetDatabaseFlags  flags,
                       GError              **error)
{
  return open_internal (path, key, flags, cabinet_database_get_latest_version (), error);
}

CabinetDatabase *
cabinet_database_create_at_version (const char        *path,
                                    const CabinetKey  *key,
                                    int                version,
                                    GError           **error)
{
  g_return_val_if_fail (version >= 0 && version <= cabinet_database_get_latest_version (), NULL);
  return open_internal (path, key, CABINET_DATABASE_CREATE, version, error);
}

typedef struct {
  char                 *path;
  CabinetKey           *key;
  CabinetDatabaseFlags  flags;
  CabinetDatabase      *reader;  /* the check's, kept open past a damaged verdict */
} OpenData;

static void
open_data_free (OpenData *data)
{
  if (data->reader)
    cabinet_database_close (data->reader);
  g_clear_object (&data->reader);
  g_free (data->path);
  cabinet_key_free (data->key);
  g_free (data);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;
  CabinetDatabase *db;

  /* Key derivation in passphrase mode takes a noticeable moment: never on the
   * main loop. */
  db = cabinet_database_open (data->path, data->key, data->flags, &error);
  if (db)
    g_task_return_pointer (task, db, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
cabinet_database_open_async (const char           *path,
                             const CabinetKey     *key,
                             CabinetDatabaseFlags  flags,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (path != NULL);
  g_return_if_fail (key != NULL);

  data = g_new0 (OpenData, 1);
  data->path = g_strdup (path);
  data->key = cabinet_key_copy (key);
  data->flags = flags;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cabinet_database_open_async);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_thread);
}

CabinetDatabase *
cabinet_database_open_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cabinet_database_close (CabinetDatabase *self)
{
  g_return_if_fail (CABINET_IS_DATABASE (self));

  if (self->db)
    {
      /* sqlite3_close_v2 lets any statement a caller forgot still finalize; the
       * connection and its copy of the key go once the last one does. */
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_clear_pointer (&self->key, cabinet_key_free);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;

  /* Its own connection, opened here (a passphrase takes a moment to derive): the
   * main one stays free for the pages. */
  data->reader = cabinet_database_open (data->path, data->key, CABINET_DATABASE_AS_IS | OPEN_READ_ONLY, &error);
  /* SQLCipher holds its own copy for as long as the connection: ours goes now. */
  g_clear_pointer (&data->key, cabinet_key_free);
  if (data->reader && quick_check (data->reader, cancellable, &error))
    {
      cabinet_database_close (data->reader);
      g_task_return_boolean (task, TRUE);
      return;
    }
  /* A damaged file: this connection, read-only, stays open until the main one
   * has closed, so that neither folds the write-ahead log into the file. */
  if (!g_error_matches (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_DAMAGED) && data->reader)
    cabinet_database_close (data->reader);
  g_task_return_error (task, error);
}

void
cabinet_database_check_async (CabinetDatabase     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  OpenData *data;

  g_return_if_fail (CABINET_IS_DATABASE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cabinet_database_check_async);
  if (!ensure_open (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data = g_new0 (OpenData, 1);
  data->path = g_strdup (self->path);
  data->key = cabinet_key_copy (self->key);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, check_thread);
}

gboolean
cabinet_database_check_finish (CabinetDatabase  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  /* Sound: the log may be folded into the file again. */
  if (self->db)
    exec_raw (self, "PRAGMA wal_autocheckpoint = 1000", NULL);
  return TRUE;
}

CabinetDatabase *
cabinet_database_open_again (CabinetDatabase       *self,
                             CabinetDatabaseFlags   flags,
                             GError               **error)
{
  g_return_val_if_fail (CABINET_IS_DATABASE (self), NULL);
  g_return_val_if_fail (!(flags & CABINET_DATABASE_CREATE), NULL);

  if (!ensure_open (self, error))
    return NULL;
  return cabinet_database_open (self->path, self->key, flags, error);
}

CabinetKey *
cabinet_database_dup_key (CabinetDatabase *self)
{
  g_return_val_if_fail (CABINET_IS_DATABASE (self), NULL);
  g_return_val_if_fail (self->key != NULL, NULL);
  return cabinet_key_copy (self->key);
}

gboolean
cabinet_database_attach_new (CabinetDatabase   *self,
                             const char        *schema,
                             const char        *path,
                             const CabinetKey  *key,
                             GError           **error)
{
  g_autoptr(sqlite3_stmt) attach = NULL;
  g_autofree char *journal = NULL;
  char *secret;
  gsize len = 0;
  gboolean ok;

  g_return_val_if_fail (CABINET_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (schema != NULL && path != NULL && key != NULL, FALSE);

  if (!ensure_open (self, error))
    return FALSE;
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_FAILED,
                   _("“%s” already exists; Cabinet will not overwrite it."), display);
      return FALSE;
    }

  attach = cabinet_database_prepare (self, "ATTACH DATABASE ? AS ? KEY ?", error);
  if (attach == NULL)
    return FALSE;
  secret = cabinet_key_to_sqlcipher (key, &len);
  sqlite3_bind_text (attach, 1, path, -1, SQLITE_STATIC);
  sqlite3_bind_text (attach, 2, schema, -1, SQLITE_STATIC);
  sqlite3_bind_blob (attach, 3, secret, (int) len, SQLITE_STATIC);
  ok = cabinet_database_step (self, attach, NULL, error);
  g_clear_pointer (&attach, sqlite3_finalize);
  cabinet_secure_free_string (secret);
  if (!ok)
    return FALSE;

  /* A copy is one file, with no WAL beside it, and frees nothing in clear. */
  journal = g_strdup_printf ("PRAGMA %s.journal_mode = DELETE; PRAGMA %s.secure_delete = ON",
                             schema, schema);
  if (!apply_cipher_settings (self, schema, key, error) || !exec_raw (self, journal, error))
    {
      cabinet_database_detach (self, schema);
      cabinet_database_remove_new (path);
      return FALSE;
    }
  return TRUE;
}

void
cabinet_database_detach (CabinetDatabase *self,
                         const char      *schema)
{
  g_autofree char *sql = NULL;

  g_return_if_fail (CABINET_IS_DATABASE (self));

  if (self->db == NULL)
    return;
  sql = g_strdup_printf ("DETACH DATABASE %s", schema);
  sqlite3_exec (self->db, sql, NULL, NULL, NULL);
}

gboolean
cabinet_database_is_open (CabinetDatabase *self)
{
  g_return_val_if_fail (CABINET_IS_DATABASE (self), FALSE);
  return self->db != NULL;
}

const char *
cabinet_database_get_path (CabinetDatabase *self)
{
  g_return_val_if_fail (CABINET_IS_DATABASE (self), NULL);
  return self->path;
}

int
cabinet_database_get_schema_version (CabinetDatabase *self)
{
  g_return_val_if_fail (CABINET_IS_DATABASE (self), 0);
  return self->schema_version;
}

int
cabinet_database_get_latest_version (void)
{
  return cabinet_schema_n_migrations;
}

gboolean
cabinet_database_ensure_open (CabinetDatabase  *self,
                              GError          **error)
{
  g_return_val_if_fail (CABINET_IS_DATABASE (self), FALSE);

  if (self->db != NULL)
    return TRUE;
  g_set_error_literal (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_LOCKED,
                       _("Cabinet is locked. Unlock it to see your records."));
  return FALSE;
}

gboolean
cabinet_database_exec (CabinetDatabase  *self,
                       const char       *sql,
                       GError          **error)
{
  g_return_val_if_fail (CABINET_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  return ensure_open (self, error) && exec_raw (self, sql, error);
}

sqlite3_stmt *
cabinet_database_prepare (CabinetDatabase  *self,
                          const char       *sql,
                          GError          **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (CABINET_IS_DATABASE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  if (!ensure_open (self, error))
    return NULL;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      /* A statement that does not compile is our bug, not the therapist's. */
      g_critical ("Cannot prepare “%s”: %s", sql, sqlite3_errmsg (self->db));
      cabinet_database_set_sqlite_error (self, rc, error);
      return NULL;
    }
  return stmt;
}

gboolean
cabinet_database_step (CabinetDatabase  *self,
                       sqlite3_stmt     *stmt,
                       gboolean         *has_row,
                       GError          **error)
{
  int rc;

  g_return_val_if_fail (CABINET_IS_DATABASE (self), FALSE);

  rc = sqlite3_step (stmt);
  if (has_row)
    *has_row = rc == SQLITE_ROW;
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return TRUE;
  cabinet_database_set_sqlite_error (self, rc, error);
  return FALSE;
}

const char *
cabinet_database_column_text (sqlite3_stmt *stmt,
                              int           column)
{
  const char *value = (const char *) sqlite3_column_text (stmt, column);

  return value ? value : "";
}

int
cabinet_database_changes (CabinetDatabase *self)
{
  g_return_val_if_fail (CABINET_IS_DATABASE (self), 0);
  g_return_val_if_fail (self->db != NULL, 0);
  return sqlite3_changes (self->db);
}

gint64
cabinet_database_last_insert_id (CabinetDatabase *self)
{
  g_return_val_if_fail (CABINET_IS_DATABASE (self), 0);
  g_return_val_if_fail (self->db != NULL, 0);
  return sqlite3_last_insert_rowid (self->db);
}

gboolean
cabinet_database_begin (CabinetDatabase  *self,
                        GError          **error)
{
  return cabinet_database_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
cabinet_database_commit (CabinetDatabase  *self,
                         GError          **error)
{
  if (cabinet_database_exec (self, "COMMIT", error))
    return TRUE;
  cabinet_database_rollback (self);
  return FALSE;
}

void
cabinet_database_rollback (CabinetDatabase *self)
{
  g_return_if_fail (CABINET_IS_DATABASE (self));

  if (self->db && !sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Timestamps */

/* Now, to the millisecond, so that what is kept in memory is what a reload reads. */
GDateTime *
cabinet_timestamp_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) second = g_date_time_new_from_unix_utc (g_date_time_to_unix (now));

  return g_date_time_add (second, g_date_time_get_microsecond (now) / 1000 * 1000);
}

char *
cabinet_timestamp_format (GDateTime *dt)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (dt);
  g_autofree char *seconds = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (utc) / 1000);
}

GDateTime *
cabinet_timestamp_parse (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  return text && *text ? g_date_time_new_from_iso8601 (text, utc) : NULL;
}
