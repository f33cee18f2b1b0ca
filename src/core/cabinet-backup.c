/* cabinet-backup.c — encrypted, verified copies of the database, and restoring them
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "cabinet-audit.h"
#include "cabinet-backup.h"

#define SUFFIX                ".backup"
#define BEFORE_RESTORE_SUFFIX "-before-restore.backup"

struct _CabinetBackup
{
  GObject    parent_instance;
  char      *path;
  GDateTime *made_at;
  gboolean   before_restore;
  int        schema_version;
  gint64     n_clients;
  gint64     n_sessions;
  gint64     n_payments;
};

G_DEFINE_FINAL_TYPE (CabinetBackup, cabinet_backup, G_TYPE_OBJECT)
G_DEFINE_QUARK (cabinet-backup-error-quark, cabinet_backup_error)

static void
cabinet_backup_finalize (GObject *object)
{
  CabinetBackup *self = CABINET_BACKUP (object);

  g_free (self->path);
  g_clear_pointer (&self->made_at, g_date_time_unref);
  G_OBJECT_CLASS (cabinet_backup_parent_class)->finalize (object);
}

static void
cabinet_backup_class_init (CabinetBackupClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cabinet_backup_finalize;
}

static void
cabinet_backup_init (CabinetBackup *self)
{
  self->n_clients = self->n_sessions = self->n_payments = -1;
}

const char *
cabinet_backup_get_path (CabinetBackup *self)
{
  g_return_val_if_fail (CABINET_IS_BACKUP (self), NULL);
  return self->path;
}

GDateTime *
cabinet_backup_get_made_at (CabinetBackup *self)
{
  g_return_val_if_fail (CABINET_IS_BACKUP (self), NULL);
  return self->made_at;
}

gboolean
cabinet_backup_is_before_restore (CabinetBackup *self)
{
  g_return_val_if_fail (CABINET_IS_BACKUP (self), FALSE);
  return self->before_restore;
}

gint64
cabinet_backup_get_n_clients (CabinetBackup *self)
{
  g_return_val_if_fail (CABINET_IS_BACKUP (self), -1);
  return self->n_clients;
}

gint64
cabinet_backup_get_n_sessions (CabinetBackup *self)
{
  g_return_val_if_fail (CABINET_IS_BACKUP (self), -1);
  return self->n_sessions;
}

gint64
cabinet_backup_get_n_payments (CabinetBackup *self)
{
  g_return_val_if_fail (CABINET_IS_BACKUP (self), -1);
  return self->n_payments;
}

int
cabinet_backup_get_schema_version (CabinetBackup *self)
{
  g_return_val_if_fail (CABINET_IS_BACKUP (self), 0);
  return self->schema_version;
}

/* Names */

char *
cabinet_backup_folder (const char *database_path,
                       const char *folder_setting)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (database_path != NULL, NULL);

  if (folder_setting != NULL && *folder_setting != '\0')
    return g_strdup (folder_setting);
  dir = g_path_get_dirname (database_path);
  return g_build_filename (dir, "backups", NULL);
}

/* "cabinet.db" → "cabinet": the backups of several databases can share a folder. */
static char *
database_stem (const char *database_path)
{
  g_autofree char *base = g_path_get_basename (database_path);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

/* <stem>-YYYYMMDD-HHMMSS-mmmZ.backup, in UTC: the name sorts as the time does and a
 * change of daylight-saving time cannot make two backups share one. */
static char *
backup_name (const char *database_path,
             GDateTime  *made_at,
             gboolean    before_restore)
{
  g_autofree char *stem = database_stem (database_path);
  g_autofree char *stamp = g_date_time_format (made_at, "%Y%m%d-%H%M%S");

  return g_strdup_printf ("%s-%s-%03dZ%s", stem, stamp,
                          g_date_time_get_microsecond (made_at) / 1000,
                          before_restore ? BEFORE_RESTORE_SUFFIX : SUFFIX);
}

/* The backup a file name describes, or NULL when it is not one of @stem's. */
static CabinetBackup *
backup_from_name (const char *folder,
                  const char *name,
                  const char *stem)
{
  g_autoptr(CabinetBackup) self = NULL;
  size_t stem_len = strlen (stem);
  const char *stamp;
  int y, mo, d, h, mi, s, ms, n = 0;

  if (strncmp (name, stem, stem_len) != 0 || name[stem_len] != '-')
    return NULL;
  stamp = name + stem_len + 1;
  if (sscanf (stamp, "%4d%2d%2d-%2d%2d%2d-%3dZ%n", &y, &mo, &d, &h, &mi, &s, &ms, &n) != 7
      || n != (int) strlen ("YYYYMMDD-HHMMSS-mmmZ"))
    return NULL;

  self = g_object_new (CABINET_TYPE_BACKUP, NULL);
  if (strcmp (stamp + n, SUFFIX) == 0)
    self->before_restore = FALSE;
  else if (strcmp (stamp + n, BEFORE_RESTORE_SUFFIX) == 0)
    self->before_restore = TRUE;
  else
    return NULL;

  self->made_at = g_date_time_new_utc (y, mo, d, h, mi, s + ms / 1000.0);
  if (self->made_at == NULL)
    return NULL;
  self->path = g_build_filename (folder, name, NULL);
  return g_steal_pointer (&self);
}

static CabinetBackup *
backup_for_file (const char *path)
{
  CabinetBackup *self = g_object_new (CABINET_TYPE_BACKUP, NULL);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *name = g_path_get_basename (path);
  g_autoptr(CabinetBackup) named = NULL;
  const char *dash = strchr (name, '-');

  /* A file Cabinet named carries its date; any other file, its modification time. */
  if (dash != NULL)
    {
      g_autofree char *stem = g_strndup (name, dash - name);
      named = backup_from_name (folder, name, stem);
    }
  self->path = g_strdup (path);
  if (named != NULL)
    {
      self->made_at = g_date_time_ref (named->made_at);
      self->before_restore = named->before_restore;
    }
  else
    {
      GStatBuf st;
      self->made_at = g_stat (path, &st) == 0 ? g_date_time_new_from_unix_utc (st.st_mtime)
                                              : g_date_time_new_now_utc ();
    }
  return self;
}

/* Errors */

/* What opening a backup said, in words about a backup rather than a database. */
static void
propagate_open_error (const char  *path,
                      GError      *cause,
                      GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);

  if (cause->domain != CABINET_DATABASE_ERROR)
    {
      g_propagate_error (error, cause);
      return;
    }
  switch (cause->code)
    {
    case CABINET_DATABASE_ERROR_NOT_FOUND:
      g_set_error (error, CABINET_BACKUP_ERROR, CABINET_BACKUP_ERROR_NOT_FOUND,
                   _("There is no backup at “%s”."), display);
      break;
    case CABINET_DATABASE_ERROR_NOT_CABINET:
      g_set_error (error, CABINET_BACKUP_ERROR, CABINET_BACKUP_ERROR_NOT_BACKUP,
                   _("“%s” is not a Cabinet backup, or it was cut short while being copied."),
                   display);
      break;
    case CABINET_DATABASE_ERROR_WRONG_KEY:
      g_set_error (error, CABINET_BACKUP_ERROR, CABINET_BACKUP_ERROR_WRONG_KEY,
                   _("“%s” does not open with this key. A backup opens with the key of the database it was made from, or with the passphrase chosen when it was exported; if that is the key you used, the backup is damaged."),
                   display);
      break;
    case CABINET_DATABASE_ERROR_DAMAGED:
      g_set_error (error, CABINET_BACKUP_ERROR, CABINET_BACKUP_ERROR_DAMAGED,
                   _("The backup “%s” is damaged and cannot be restored. Choose another backup."),
                   display);
      break;
    case CABINET_DATABASE_ERROR_TOO_NEW:
      g_set_error (error, CABINET_BACKUP_ERROR, CABINET_BACKUP_ERROR_TOO_NEW,
                   _("The backup “%s” was made by a newer version of Cabinet. Update Cabinet to restore it."),
                   display);
      break;
    default:
      g_propagate_error (error, cause);
      return;
    }
  g_error_free (cause);
}

static void
set_damaged (const char  *path,
             GError     **error)
{
  propagate_open_error (path, g_error_new_literal (CABINET_DATABASE_ERROR,
                                                   CABINET_DATABASE_ERROR_DAMAGED, ""),
                        error);
}

/* Reading and checking */

static gboolean
query_count (CabinetDatabase  *database,
             const char       *sql,
             gint64           *out,
             GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = cabinet_database_prepare (database, sql, error);
  gboolean has_row = FALSE;

  if (stmt == NULL || !cabinet_database_step (database, stmt, &has_row, error))
    return FALSE;
  *out = has_row ? sqlite3_column_int64 (stmt, 0) : 0;
  return TRUE;
}

/* Every table's row count, "name=count" lines in name order: what two copies of
 * the same database must agree on. */
static char *
table_counts (CabinetDatabase  *database,
              GError          **error)
{
  g_autoptr(sqlite3_stmt) tables = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean has_row = FALSE, ok;

  tables = cabinet_database_prepare (database,
                                     "SELECT name FROM sqlite_master WHERE type = 'table' "
                                     "AND name NOT LIKE 'sqlite_%' ORDER BY name",
                                     error);
  if (tables == NULL)
    return NULL;
  while ((ok = cabinet_database_step (database, tables, &has_row, error)) && has_row)
    {
      const char *name = cabinet_database_column_text (tables, 0);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", name);
      gint64 n = 0;

      if (!query_count (database, sql, &n, error))
        return NULL;
      g_string_append_printf (out, "%s=%" G_GINT64_FORMAT "\n", name, n);
    }
  if (!ok)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
integrity_ok (CabinetDatabase  *database,
              GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = cabinet_database_prepare (database, "PRAGMA integrity_check", error);
  gboolean has_row = FALSE;

  if (stmt == NULL || !cabinet_database_step (database, stmt, &has_row, error))
    return FALSE;
  if (!has_row || strcmp (cabinet_database_column_text (stmt, 0), "ok") != 0)
    {
      g_set_error_literal (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_DAMAGED, "");
      return FALSE;
    }
  return TRUE;
}

/* Opens @path read-only and checks it whole; on success fills @backup's counts and,
 * when @counts is given, every table's row count. */
static gboolean
check_backup (CabinetBackup     *backup,
              const CabinetKey  *key,
              char             **counts,
              GError           **error)
{
  g_autoptr(CabinetDatabase) database = NULL;
  GError *local = NULL;

  database = cabinet_database_open (backup->path, key, CABINET_DATABASE_AS_IS, &local);
  if (database == NULL)
    {
      propagate_open_error (backup->path, local, error);
      return FALSE;
    }

  if (!integrity_ok (database, &local)
      || !query_count (database, "SELECT count(*) FROM clients", &backup->n_clients, &local)
      || !query_count (database, "SELECT count(*) FROM sessions", &backup->n_sessions, &local)
      || !query_count (database, "SELECT count(*) FROM payments WHERE kind = 'payment'",
                       &backup->n_payments, &local)
      || (counts != NULL && (*counts = table_counts (database, &local)) == NULL))
    {
      /* A page that fails its authentication reads as damage, whatever SQLite
       * called it: the file opened, so the key is right. */
      g_debug ("Backup check of %s: %s", backup->path, local ? local->message : "");
      g_clear_error (&local);
      set_damaged (backup->path, error);
      return FALSE;
    }
  backup->schema_version = cabinet_database_get_schema_version (database);
  return TRUE;
}

CabinetBackup *
cabinet_backup_inspect (const char       *path,
                        const CabinetKey *key,
                        GError          **error)
{
  g_autoptr(CabinetBackup) backup = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  backup = backup_for_file (path);
  if (!check_backup (backup, key, NULL, error))
    return NULL;
  return g_steal_pointer (&backup);
}

/* Writing */

static gboolean
sync_path (const char *path,
           gboolean    directory)
{
  int fd = g_open (path, (directory ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

static void
set_write_error (const char  *path,
                 GError      *cause,
                 GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);

  if (g_error_matches (cause, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_DISK_FULL))
    g_set_error (error, CABINET_BACKUP_ERROR, CABINET_BACKUP_ERROR_WRITE,
                 _("The backup “%s” could not be written: the disk is full. Free some space or choose another backup folder; your records are unchanged."),
                 display);
  else if (g_error_matches (cause, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_NOT_WRITABLE))
    g_set_error (error, CABINET_BACKUP_ERROR, CABINET_BACKUP_ERROR_WRITE,
                 _("The backup “%s” could not be written: Cabinet cannot write to its folder. Check that the drive is connected and that the folder belongs to you."),
                 display);
  else
    g_set_error (error, CABINET_BACKUP_ERROR, CABINET_BACKUP_ERROR_WRITE,
                 _("The backup “%s” could not be written: %s"), display, cause->message);
}

void
cabinet_backup_set_errno_error (const char  *path,
                                int          saved_errno,
                                GError     **error)
{
  g_autoptr(GError) cause = NULL;
  int code = CABINET_DATABASE_ERROR_FAILED;

  if (saved_errno == ENOSPC || saved_errno == EDQUOT || saved_errno == EFBIG)
    code = CABINET_DATABASE_ERROR_DISK_FULL;
  else if (saved_errno == EACCES || saved_errno == EPERM || saved_errno == EROFS)
    code = CABINET_DATABASE_ERROR_NOT_WRITABLE;
  cause = g_error_new_literal (CABINET_DATABASE_ERROR, code, g_strerror (saved_errno));
  set_write_error (path, cause, error);
}

static gboolean
step_once (CabinetDatabase  *database,
           const char       *sql,
           GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = cabinet_database_prepare (database, sql, error);

  return stmt != NULL && cabinet_database_step (database, stmt, NULL, error);
}

/* sqlcipher_export() of @source into the new file @path, with the user_version and
 * application_id SQLCipher does not copy; @counts gets what @source held in the
 * same read transaction. On failure nothing is left at @path. */
static gboolean
copy_database (CabinetDatabase   *source,
               const char        *path,
               const CabinetKey  *key,
               char             **counts,
               GError           **error)
{
  g_autofree char *stamp = g_strdup_printf ("PRAGMA export.user_version = %d;"
                                            "PRAGMA export.application_id = %d;",
                                            cabinet_database_get_schema_version (source),
                                            CABINET_DATABASE_APPLICATION_ID);
  gboolean ok;

  if (!cabinet_database_attach_new (source, "export", path, key, error))
    return FALSE;
  ok = cabinet_database_exec (source, "BEGIN", error)
       && (*counts = table_counts (source, error)) != NULL
       && step_once (source, "SELECT sqlcipher_export ('export')", error)
       && cabinet_database_exec (source, stamp, error)
       && cabinet_database_exec (source, "COMMIT", error);
  if (!ok)
    cabinet_database_rollback (source);
  cabinet_database_detach (source, "export");
  if (!ok)
    cabinet_database_remove_new (path);
  return ok;
}

/* Copies @source (an open reader) into @path with @key, then checks the copy holds
 * what @source held. The copy and the counting happen in one read transaction of
 * @source, so a writer elsewhere cannot slip between them. */
static CabinetBackup *
write_verified (CabinetDatabase   *source,
                const char        *path,
                const CabinetKey  *key,
                GError           **error)
{
  g_autoptr(CabinetBackup) backup = NULL;
  g_autofree char *expected = NULL, *found = NULL;
  g_autofree char *folder = g_path_get_dirname (path);
  GError *local = NULL;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      cabinet_backup_set_errno_error (path, errno, error);
      return NULL;
    }

  if (!copy_database (source, path, key, &expected, &local))
    {
      g_autoptr(GError) cause = local;
      set_write_error (path, cause, error);
      return NULL;
    }

  /* Verified as a stranger would open it: read-only, with the key alone. */
  backup = backup_for_file (path);
  if (!check_backup (backup, key, &found, &local))
    {
      g_unlink (path);
      g_propagate_error (error, local);
      return NULL;
    }
  if (g_strcmp0 (expected, found) != 0)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_debug ("Backup %s holds\n%s\ninstead of\n%s", path, found, expected);
      g_unlink (path);
      g_set_error (error, CABINET_BACKUP_ERROR, CABINET_BACKUP_ERROR_MISMATCH,
                   _("The backup “%s” did not hold the same records as the database, so it was deleted. Try again; if it happens again, check the disk."),
                   display);
      return NULL;
    }
  if (!sync_path (path, FALSE) || !sync_path (folder, TRUE))
    {
      g_autoptr(GError) cause = g_error_new_literal (CABINET_DATABASE_ERROR,
                                                     errno == ENOSPC ? CABINET_DATABASE_ERROR_DISK_FULL
                                                                     : CABINET_DATABASE_ERROR_FAILED,
                                                     g_strerror (errno));
      g_unlink (path);
      set_write_error (path, cause, error);
      return NULL;
    }
  return g_steal_pointer (&backup);
}

/* Backs up the database at @database_path, which opens with @key, to @path,
 * encrypted with @dest_key (NULL: @key). Its own connection: the application's
 * may be in the middle of a transaction, or on another thread. */
static CabinetBackup *
backup_database (const char        *database_path,
                 const CabinetKey  *key,
                 const char        *path,
                 const CabinetKey  *dest_key,
                 GError           **error)
{
  g_autoptr(CabinetDatabase) reader = NULL;
  CabinetBackup *backup;

  reader = cabinet_database_open (database_path, key, CABINET_DATABASE_AS_IS, error);
  if (reader == NULL)
    return NULL;

  backup = write_verified (reader, path, dest_key ? dest_key : key, error);
  if (backup != NULL)
    cabinet_audit_record (reader, dest_key ? "backup-exported" : "backup-made", "backup", 0, NULL);
  return backup;
}

static char *
dated_path (const char *folder,
            const char *database_path,
            gboolean    before_restore)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *name = backup_name (database_path, now, before_restore);

  return g_build_filename (folder, name, NULL);
}

CabinetBackup *
cabinet_backup_write (CabinetDatabase   *database,
                      const char        *path,
                      const CabinetKey  *key,
                      GError           **error)
{
  g_autoptr(CabinetKey) own_key = NULL;

  g_return_val_if_fail (CABINET_IS_DATABASE (database), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (!cabinet_database_ensure_open (database, error))
    return NULL;
  own_key = cabinet_database_dup_key (database);
  return backup_database (cabinet_database_get_path (database), own_key, path, key, error);
}

CabinetBackup *
cabinet_backup_make (CabinetDatabase  *database,
                     const char       *folder,
                     GError          **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (CABINET_IS_DATABASE (database), NULL);
  g_return_val_if_fail (folder != NULL, NULL);

  path = dated_path (folder, cabinet_database_get_path (database), FALSE);
  return cabinet_backup_write (database, path, NULL, error);
}

typedef struct {
  char       *database_path;
  CabinetKey *key;
  char       *folder;     /* a dated backup in this folder, rotated, */
  char       *dest_path;  /* or an export to this file, */
  CabinetKey *dest_key;   /* encrypted with this key */
} MakeData;

static void
make_data_free (MakeData *data)
{
  g_free (data->database_path);
  cabinet_key_free (data->key);
  g_free (data->folder);
  g_free (data->dest_path);
  cabinet_key_free (data->dest_key);
  g_free (data);
}

static void
make_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  MakeData *data = task_data;
  g_autofree char *path = data->dest_path ? g_strdup (data->dest_path)
                                          : dated_path (data->folder, data->database_path, FALSE);
  GError *error = NULL;
  CabinetBackup *backup = backup_database (data->database_path, data->key, path, data->dest_key, &error);

  if (backup != NULL && data->folder != NULL && !cabinet_backup_rotate (data->folder, data->database_path, &error))
    {
      /* The backup is good; a stale one left over is only noted. */
      g_warning ("Old backups could not be removed: %s", error->message);
      g_clear_error (&error);
    }
  if (backup != NULL)
    g_task_return_pointer (task, backup, g_object_unref);
  else
    g_task_return_error (task, error);
}

static void
run_make (CabinetDatabase     *database,
          const char          *folder,
          const char          *dest_path,
          const CabinetKey    *dest_key,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  MakeData *data;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cabinet_backup_make_async);
  if (!cabinet_database_ensure_open (database, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* What the worker needs, taken now: the database may be locked while it works. */
  data = g_new0 (MakeData, 1);
  data->database_path = g_strdup (cabinet_database_get_path (database));
  data->key = cabinet_database_dup_key (database);
  data->folder = g_strdup (folder);
  data->dest_path = g_strdup (dest_path);
  data->dest_key = dest_key ? cabinet_key_copy (dest_key) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) make_data_free);
  g_task_run_in_thread (task, make_thread);
}

void
cabinet_backup_make_async (CabinetDatabase     *database,
                           const char          *folder,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (CABINET_IS_DATABASE (database));
  g_return_if_fail (folder != NULL);

  run_make (database, folder, NULL, NULL, cancellable, callback, user_data);
}

void
cabinet_backup_write_async (CabinetDatabase     *database,
                            const char          *path,
                            const CabinetKey    *key,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (CABINET_IS_DATABASE (database));
  g_return_if_fail (path != NULL);

  run_make (database, NULL, path, key, cancellable, callback, user_data);
}

CabinetBackup *
cabinet_backup_make_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Listing and rotation */

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  CabinetBackup *x = (CabinetBackup *) a, *y = (CabinetBackup *) b;

  return g_date_time_compare (y->made_at, x->made_at);
}

GListModel *
cabinet_backup_list (const char  *folder,
                     const char  *database_path,
                     GError     **error)
{
  g_autoptr(GListStore) store = g_list_store_new (CABINET_TYPE_BACKUP);
  g_autofree char *stem = NULL;
  g_autoptr(GDir) dir = NULL;
  GError *local = NULL;
  const char *name;

  g_return_val_if_fail (folder != NULL, NULL);
  g_return_val_if_fail (database_path != NULL, NULL);

  dir = g_dir_open (folder, 0, &local);
  if (dir == NULL)
    {
      g_autofree char *display = g_filename_display_name (folder);

      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_error_free (local);
          return G_LIST_MODEL (g_steal_pointer (&store));
        }
      g_set_error (error, CABINET_BACKUP_ERROR, CABINET_BACKUP_ERROR_NOT_FOUND,
                   _("The backup folder “%s” cannot be read: %s"), display, local->message);
      g_error_free (local);
      return NULL;
    }

  stem = database_stem (database_path);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autoptr(CabinetBackup) backup = backup_from_name (folder, name, stem);

      if (backup != NULL)
        g_list_store_insert_sorted (store, backup, compare_newest_first, NULL);
    }
  return G_LIST_MODEL (g_steal_pointer (&store));
}

GDateTime *
cabinet_backup_newest_time (const char *folder,
                            const char *database_path)
{
  g_autoptr(GListModel) list = cabinet_backup_list (folder, database_path, NULL);
  g_autoptr(CabinetBackup) newest = NULL;

  if (list == NULL || g_list_model_get_n_items (list) == 0)
    return NULL;
  newest = g_list_model_get_item (list, 0);
  return g_date_time_ref (newest->made_at);
}

typedef enum { PERIOD_DAY, PERIOD_WEEK, PERIOD_MONTH } Period;

static int
period_of (GDateTime *utc,
           Period     period)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  switch (period)
    {
    case PERIOD_DAY:
      return g_date_time_get_year (local) * 1000 + g_date_time_get_day_of_year (local);
    case PERIOD_WEEK:
      return g_date_time_get_week_numbering_year (local) * 100 + g_date_time_get_week_of_year (local);
    case PERIOD_MONTH:
    default:
      return g_date_time_get_year (local) * 100 + g_date_time_get_month (local);
    }
}

gboolean
cabinet_backup_rotate (const char  *folder,
                       const char  *database_path,
                       GError     **error)
{
  static const struct { Period period; guint keep; } rules[] = {
    { PERIOD_DAY, 7 }, { PERIOD_WEEK, 4 }, { PERIOD_MONTH, 12 },
  };
  g_autoptr(GListModel) list = cabinet_backup_list (folder, database_path, error);
  g_autofree gboolean *keep = NULL;
  guint n;

  if (list == NULL)
    return FALSE;
  n = g_list_model_get_n_items (list);
  keep = g_new0 (gboolean, MAX (n, 1));

  /* Newest first: the first backup seen in a period is that period's newest. */
  for (guint r = 0; r < G_N_ELEMENTS (rules); r++)
    {
      guint periods = 0;
      int last = -1;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(CabinetBackup) backup = g_list_model_get_item (list, i);
          int p;

          if (backup->before_restore)
            continue;
          p = period_of (backup->made_at, rules[r].period);
          if (p != last)
            {
              if (periods == rules[r].keep)
                break;
              keep[i] = TRUE;
              periods++;
              last = p;
            }
        }
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CabinetBackup) backup = g_list_model_get_item (list, i);

      if (keep[i] || backup->before_restore || i == 0)
        continue;
      if (g_unlink (backup->path) != 0 && errno != ENOENT)
        {
          int saved = errno;
          g_autofree char *display = g_filename_display_name (backup->path);

          g_set_error (error, CABINET_BACKUP_ERROR, CABINET_BACKUP_ERROR_WRITE,
                       _("The old backup “%s” could not be removed: %s"), display,
                       g_strerror (saved));
          return FALSE;
        }
    }
  return TRUE;
}

/* Restoring */

static const char *companions[] = { "-wal", "-shm", "-journal" };

char *
cabinet_backup_set_aside_damaged (const char  *database_path,
                                  GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *aside = g_strdup_printf ("%s.damaged-%s", database_path, stamp);

  g_return_val_if_fail (database_path != NULL, NULL);

  /* The WAL goes with its database: without it the file is not what was damaged. */
  for (guint i = 0; i < G_N_ELEMENTS (companions); i++)
    {
      g_autofree char *from = g_strconcat (database_path, companions[i], NULL);
      g_autofree char *to = g_strconcat (aside, companions[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS) && g_rename (from, to) != 0)
        goto fail;
    }
  if (g_rename (database_path, aside) != 0)
    goto fail;
  return g_steal_pointer (&aside);

fail:
  {
    int saved = errno;
    g_autofree char *display = g_filename_display_name (database_path);

    g_set_error (error, CABINET_BACKUP_ERROR, CABINET_BACKUP_ERROR_WRITE,
                 _("The damaged database “%s” could not be moved aside: %s"), display,
                 g_strerror (saved));
    return NULL;
  }
}

CabinetBackup *
cabinet_backup_restore (const char       *backup_path,
                        const CabinetKey *backup_key,
                        const char       *database_path,
                        const CabinetKey *database_key,
                        const char       *folder,
                        GError          **error)
{
  g_autoptr(CabinetBackup) backup = NULL;
  g_autoptr(CabinetBackup) restored = NULL;
  g_autoptr(CabinetDatabase) source = NULL;
  g_autoptr(CabinetDatabase) current = NULL;
  g_autoptr(CabinetDatabase) result = NULL;
  g_autofree char *partial = NULL;
  GError *local = NULL;

  g_return_val_if_fail (backup_path != NULL && backup_key != NULL, NULL);
  g_return_val_if_fail (database_path != NULL && database_key != NULL, NULL);
  g_return_val_if_fail (folder != NULL, NULL);

  /* 1. The backup itself, whole, before anything is touched. */
  backup = cabinet_backup_inspect (backup_path, backup_key, error);
  if (backup == NULL)
    return NULL;
  if (backup->schema_version > cabinet_database_get_latest_version ())
    {
      propagate_open_error (backup_path,
                            g_error_new_literal (CABINET_DATABASE_ERROR,
                                                 CABINET_DATABASE_ERROR_TOO_NEW, ""),
                            error);
      return NULL;
    }

  /* 2. The way back: the database being replaced, kept as a backup. A database
   * that does not open is damaged, and is moved aside untouched instead. */
  if (g_file_test (database_path, G_FILE_TEST_EXISTS))
    {
      current = cabinet_database_open (database_path, database_key, CABINET_DATABASE_OPEN_EXISTING,
                                       &local);
      if (current != NULL)
        {
          g_autofree char *path = dated_path (folder, database_path, TRUE);
          g_autoptr(CabinetBackup) way_back = cabinet_backup_write (current, path, NULL, error);

          cabinet_database_close (current);
          if (way_back == NULL)
            return NULL;
        }
      else
        {
          g_autofree char *aside = NULL;

          g_debug ("The database being replaced does not open: %s", local->message);
          g_clear_error (&local);
          aside = cabinet_backup_set_aside_damaged (database_path, error);
          if (aside == NULL)
            return NULL;
        }
    }

  /* 3. The new database, written beside the old one with the database's key and
   * checked against the backup. */
  partial = g_strconcat (database_path, ".restoring", NULL);
  cabinet_database_remove_new (partial);
  source = cabinet_database_open (backup_path, backup_key, CABINET_DATABASE_AS_IS, &local);
  if (source == NULL)
    {
      propagate_open_error (backup_path, local, error);
      return NULL;
    }
  restored = write_verified (source, partial, database_key, error);
  cabinet_database_close (source);
  if (restored == NULL)
    return NULL;

  /* 4. Only now is the old file replaced: its WAL first, so no stale log is
   * replayed into the new file. */
  for (guint i = 0; i < G_N_ELEMENTS (companions); i++)
    {
      g_autofree char *file = g_strconcat (database_path, companions[i], NULL);
      g_unlink (file);
    }
  if (g_rename (partial, database_path) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (database_path);

      cabinet_database_remove_new (partial);
      g_set_error (error, CABINET_BACKUP_ERROR, CABINET_BACKUP_ERROR_WRITE,
                   _("The restored database could not be put in place of “%s”: %s"), display,
                   g_strerror (saved));
      return NULL;
    }
  {
    g_autofree char *dir = g_path_get_dirname (database_path);
    sync_path (dir, TRUE);
  }

  /* 5. Opened as the application will: migrated to this version, WAL again, and
   * the restore written in its trail. */
  result = cabinet_database_open (database_path, database_key, CABINET_DATABASE_OPEN_EXISTING, error);
  if (result == NULL)
    return NULL;
  if (!cabinet_database_exec (result, "PRAGMA journal_mode = WAL", error))
    return NULL;
  cabinet_audit_record (result, "restored", "backup", 0, NULL);
  return g_steal_pointer (&backup);
}
