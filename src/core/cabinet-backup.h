/* cabinet-backup.h — encrypted, verified copies of the database, and restoring them
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cabinet-database.h"

G_BEGIN_DECLS

#define CABINET_BACKUP_ERROR (cabinet_backup_error_quark ())

typedef enum {
  CABINET_BACKUP_ERROR_NOT_FOUND,   /* no such backup, or the folder is missing */
  CABINET_BACKUP_ERROR_NOT_BACKUP,  /* not a Cabinet backup, or cut short */
  CABINET_BACKUP_ERROR_WRONG_KEY,   /* does not open with this key */
  CABINET_BACKUP_ERROR_DAMAGED,     /* opens, but fails its integrity check */
  CABINET_BACKUP_ERROR_MISMATCH,    /* the copy does not hold what the database held */
  CABINET_BACKUP_ERROR_TOO_NEW,     /* written by a newer Cabinet */
  CABINET_BACKUP_ERROR_WRITE,       /* could not be written: full disk, read-only folder */
} CabinetBackupError;

/* A backup is stale after this many days: the self-check and the Security page warn. */
#define CABINET_BACKUP_STALE_DAYS 7

#define CABINET_TYPE_BACKUP (cabinet_backup_get_type ())
G_DECLARE_FINAL_TYPE (CabinetBackup, cabinet_backup, CABINET, BACKUP, GObject)

GQuark         cabinet_backup_error_quark         (void);

const char    *cabinet_backup_get_path            (CabinetBackup *self);
/* When it was made (from its name; UTC). */
GDateTime     *cabinet_backup_get_made_at         (CabinetBackup *self);
/* Made just before a restore replaced the database: the way back. */
gboolean       cabinet_backup_is_before_restore   (CabinetBackup *self);
/* What it holds; known once inspected (-1 until then). */
gint64         cabinet_backup_get_n_clients       (CabinetBackup *self);
gint64         cabinet_backup_get_n_sessions      (CabinetBackup *self);
gint64         cabinet_backup_get_n_payments      (CabinetBackup *self);
int            cabinet_backup_get_schema_version  (CabinetBackup *self);

/* The folder backups of @database_path go to: @folder_setting when set, else a
 * "backups" folder beside the database. */
char          *cabinet_backup_folder              (const char    *database_path,
                                                   const char    *folder_setting);

/* Makes a backup of @database into @folder under a dated name, verifies it (opened
 * with the key, integrity check, every table's rows counted against the database
 * at the moment of the copy) and deletes it when that fails. Works on its own
 * connection, so it may run on a worker thread while the application writes.
 * Returns the backup. */
CabinetBackup *cabinet_backup_make                (CabinetDatabase  *database,
                                                   const char       *folder,
                                                   GError          **error);
/* The same, to the exact file @path (which must not exist) and encrypted with
 * @key (NULL: the database's own key): an export for another computer. */
CabinetBackup *cabinet_backup_write               (CabinetDatabase  *database,
                                                   const char       *path,
                                                   const CabinetKey *key,
                                                   GError          **error);
void           cabinet_backup_make_async          (CabinetDatabase     *database,
                                                   const char          *folder,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* Both finish with cabinet_backup_make_finish(). */
void           cabinet_backup_write_async         (CabinetDatabase     *database,
                                                   const char          *path,
                                                   const CabinetKey    *key,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
CabinetBackup *cabinet_backup_make_finish         (GAsyncResult        *result,
                                                   GError             **error);

/* Opens the backup at @path read-only with @key, runs the integrity check and counts
 * what it holds; nothing is written. */
CabinetBackup *cabinet_backup_inspect             (const char       *path,
                                                   const CabinetKey *key,
                                                   GError          **error);

/* The backups of @database_path in @folder, newest first (not inspected). An empty
 * list when there are none; fails when the folder cannot be read. */
GListModel    *cabinet_backup_list                (const char    *folder,
                                                   const char    *database_path,
                                                   GError       **error);
/* When the newest backup in @folder was made, NULL when there is none. */
GDateTime     *cabinet_backup_newest_time         (const char    *folder,
                                                   const char    *database_path);

/* Deletes the backups the rotation no longer keeps: the newest of each of the 7
 * latest days, 4 latest weeks and 12 latest months are kept (local time), as are
 * the newest backup and those made before a restore. */
gboolean       cabinet_backup_rotate              (const char    *folder,
                                                   const char    *database_path,
                                                   GError       **error);

/* Replaces the database at @database_path (closed by the caller) with the backup
 * at @backup_path, which opens with @backup_key; the new database is encrypted
 * with @database_key. The backup is verified first, the new file is written and
 * verified beside the old one, and only then renamed over it, so a failure leaves
 * the database as it was. When the old database opens with @database_key, a backup
 * of it is made in @folder first (the way back). Returns what was restored. */
CabinetBackup *cabinet_backup_restore             (const char       *backup_path,
                                                   const CabinetKey *backup_key,
                                                   const char       *database_path,
                                                   const CabinetKey *database_key,
                                                   const char       *folder,
                                                   GError          **error);

/* CABINET_BACKUP_ERROR_WRITE for the backup @path that could not be written or put
 * in place (@saved_errno), in words the therapist can act on. */
void           cabinet_backup_set_errno_error     (const char    *path,
                                                   int            saved_errno,
                                                   GError       **error);

/* Moves a damaged database (and its WAL and shm files) aside, untouched, under a
 * dated name beside it; returns the new path. */
char          *cabinet_backup_set_aside_damaged   (const char    *database_path,
                                                   GError       **error);

G_END_DECLS
