/* cabinet-context.h — what every window and page shares: the database, settings
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cabinet-backup-keeper.h"
#include "cabinet-breach-log.h"
#include "cabinet-calendar-sync.h"
#include "cabinet-client-store.h"
#include "cabinet-database.h"
#include "cabinet-ledger.h"
#include "cabinet-practitioner.h"
#include "cabinet-self-check.h"
#include "cabinet-session-store.h"

G_BEGIN_DECLS

#define CABINET_TYPE_CONTEXT (cabinet_context_get_type ())
G_DECLARE_FINAL_TYPE (CabinetContext, cabinet_context, CABINET, CONTEXT, GObject)

CabinetContext      *cabinet_context_new              (const char          *database_path,
                                                       GSettings           *settings);
const char          *cabinet_context_get_database_path (CabinetContext     *self);
GSettings           *cabinet_context_get_settings     (CabinetContext      *self);
CabinetDatabase     *cabinet_context_get_database     (CabinetContext      *self);
gboolean             cabinet_context_is_locked        (CabinetContext      *self);
gboolean             cabinet_context_database_exists  (CabinetContext      *self);
void                 cabinet_context_unlock           (CabinetContext      *self,
                                                       CabinetDatabase     *database);
void                 cabinet_context_lock             (CabinetContext      *self);
/* Reads the whole file on a worker thread (PRAGMA quick_check), once per unlock:
 * the window asks once the records are on screen, so that opening them never
 * waits on it. A damaged verdict locks, and is kept for the unlock page. */
void                 cabinet_context_check_database   (CabinetContext      *self);
/* Set when that check found the file damaged (and locked):
 * CABINET_DATABASE_ERROR_DAMAGED, until the next unlock. */
const GError        *cabinet_context_get_damage       (CabinetContext      *self);
/* The key of the file found damaged (a copy, zeroed when freed), for the backup
 * restored in its place; NULL when none was. */
CabinetKey          *cabinet_context_dup_damaged_key  (CabinetContext      *self);
CabinetPractitioner *cabinet_context_get_practitioner (CabinetContext      *self);
gboolean             cabinet_context_save_practitioner (CabinetContext     *self,
                                                        CabinetPractitioner *practitioner,
                                                        GError            **error);

/* The one self-check of the application; a run finished while unlocked is kept
 * in the history. */
CabinetSelfCheck    *cabinet_context_get_self_check   (CabinetContext      *self);
void                 cabinet_context_run_self_check   (CabinetContext      *self);
/* A run, told when it is over: @run_id is its row in the history (0 when it could
 * not be kept, or when locked). Fails only when cancelled by a newer run. */
void                 cabinet_context_run_self_check_async  (CabinetContext      *self,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean             cabinet_context_run_self_check_finish (CabinetContext      *self,
                                                            GAsyncResult        *result,
                                                            gint64              *run_id,
                                                            GError             **error);

/* The records every page shows, shared so that a change made in one shows in all;
 * made when first asked for while unlocked, dropped at lock (NULL then). The
 * client store reads its whole list only when something lists the clients. */
CabinetClientStore  *cabinet_context_get_client_store (CabinetContext      *self,
                                                       GError             **error);
CabinetSessionStore *cabinet_context_get_session_store (CabinetContext     *self);
/* The profile's currency ("EUR" while none is loaded). */
const char          *cabinet_context_get_currency     (CabinetContext      *self);
/* The practice's ledger, in the profile's currency; NULL while locked. */
CabinetLedger       *cabinet_context_get_ledger       (CabinetContext      *self);
/* The breach log; loaded when first asked for while unlocked, dropped at lock
 * (NULL then, or when it cannot be read). */
CabinetBreachLog    *cabinet_context_get_breach_log   (CabinetContext      *self,
                                                       GError             **error);
/* What makes the backups, on quit and once a day, and says how the last went. */
CabinetBackupKeeper *cabinet_context_get_backups      (CabinetContext      *self);
/* What keeps the published calendar up to date. */
CabinetCalendarSync *cabinet_context_get_calendar_sync (CabinetContext     *self);
gboolean             cabinet_context_uses_passphrase  (CabinetContext      *self);

/* Opens the database with @key, or with the key in the keyring when @key is NULL.
 * A raw key given by hand (the recovery key) is stored in the keyring again. The
 * result is an open database for cabinet_context_unlock(). */
/* Asks the keyring for the key now, while the window is being built; the next
 * cabinet_context_open_async() without a key takes that answer. Does nothing
 * unless locked, with a file that exists and no passphrase. */
void                 cabinet_context_ask_keyring_ahead (CabinetContext     *self);
void                 cabinet_context_open_async       (CabinetContext      *self,
                                                       const CabinetKey    *key,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
CabinetDatabase     *cabinet_context_open_finish      (CabinetContext      *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* Creates the database with @key (kept in the keyring when it is a raw key) and
 * saves @practitioner in it. On failure nothing is left behind. */
void                 cabinet_context_create_async     (CabinetContext      *self,
                                                       const CabinetKey    *key,
                                                       CabinetPractitioner *practitioner,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
CabinetDatabase     *cabinet_context_create_finish    (CabinetContext      *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

G_END_DECLS
