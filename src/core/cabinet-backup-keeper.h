/* cabinet-backup-keeper.h — when backups are made, and what the last one said
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cabinet-backup.h"

G_BEGIN_DECLS

typedef struct _CabinetContext CabinetContext;

#define CABINET_TYPE_BACKUP_KEEPER (cabinet_backup_keeper_get_type ())
G_DECLARE_FINAL_TYPE (CabinetBackupKeeper, cabinet_backup_keeper, CABINET, BACKUP_KEEPER, GObject)

/* Made by the context (cabinet_context_get_backups()), which it does not keep alive. */
CabinetBackupKeeper *cabinet_backup_keeper_new             (CabinetContext      *context);

/* The folder backups go to now. */
char                *cabinet_backup_keeper_dup_folder      (CabinetBackupKeeper *self);
/* When the newest verified backup in that folder was made; NULL when none. */
GDateTime           *cabinet_backup_keeper_get_last_backup (CabinetBackupKeeper *self);
/* Why the last backup failed, in words for the therapist; NULL when it did not. */
const char          *cabinet_backup_keeper_get_error       (CabinetBackupKeeper *self);
gboolean             cabinet_backup_keeper_get_busy        (CabinetBackupKeeper *self);
/* The last backup is older than CABINET_BACKUP_STALE_DAYS, or there is none. */
gboolean             cabinet_backup_keeper_is_stale        (CabinetBackupKeeper *self);

/* Makes a backup now, on a worker thread (nothing when locked or already busy). */
void                 cabinet_backup_keeper_back_up_async   (CabinetBackupKeeper *self,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
CabinetBackup       *cabinet_backup_keeper_back_up_finish  (CabinetBackupKeeper *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
/* When Cabinet quits: a backup, waited for, when unlocked. */
void                 cabinet_backup_keeper_back_up_before_quit (CabinetBackupKeeper *self);
/* Called now and then while unlocked: a backup when the last is a day old. */
void                 cabinet_backup_keeper_back_up_if_due  (CabinetBackupKeeper *self);

/* Replaces the records with the backup at @path, which opens with @key (NULL: the
 * database's own key): the context is locked, the backup restored (see
 * cabinet_backup_restore()), and the database opened again and unlocked. */
void                 cabinet_backup_keeper_restore_async   (CabinetBackupKeeper *self,
                                                            const char          *path,
                                                            const CabinetKey    *key,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
CabinetBackup       *cabinet_backup_keeper_restore_finish  (CabinetBackupKeeper *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
/* The newest backup in the backup folder, NULL when there is none. */
CabinetBackup       *cabinet_backup_keeper_dup_newest      (CabinetBackupKeeper *self);
/* While locked, with a database that does not open because it is damaged: the
 * damaged file is moved aside untouched and the newest backup restored with @key
 * (NULL: the key in the keyring), then opened and unlocked. Finish with
 * cabinet_backup_keeper_restore_finish(). */
void                 cabinet_backup_keeper_replace_damaged_async (CabinetBackupKeeper *self,
                                                                  const CabinetKey    *key,
                                                                  GAsyncReadyCallback  callback,
                                                                  gpointer             user_data);

G_END_DECLS
