/* cabinet-database.h — the SQLCipher-encrypted store every record lives in
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "cabinet-key.h"

G_BEGIN_DECLS

#define CABINET_DATABASE_ERROR (cabinet_database_error_quark ())

typedef enum {
  CABINET_DATABASE_ERROR_NOT_SQLCIPHER,
  CABINET_DATABASE_ERROR_NOT_FOUND,
  CABINET_DATABASE_ERROR_WRONG_KEY,
  CABINET_DATABASE_ERROR_NOT_CABINET,
  CABINET_DATABASE_ERROR_DAMAGED,
  CABINET_DATABASE_ERROR_NOT_WRITABLE,
  CABINET_DATABASE_ERROR_DISK_FULL,
  CABINET_DATABASE_ERROR_TOO_NEW,
  CABINET_DATABASE_ERROR_LOCKED,
  CABINET_DATABASE_ERROR_CONSTRAINT,
  CABINET_DATABASE_ERROR_FAILED,
} CabinetDatabaseError;

typedef enum {
  CABINET_DATABASE_OPEN_EXISTING = 0,
  CABINET_DATABASE_CREATE        = 1 << 0,  /* create; refuse if the file exists */
  /* as it is: no migration and no check, and opening writes nothing (a backup being
   * made, checked or restored) */
  CABINET_DATABASE_AS_IS         = 1 << 1,
  /* no quick_check at opening, unless a migration is due: the caller runs
   * cabinet_database_check_async() once the records are on screen */
  CABINET_DATABASE_CHECK_LATER   = 1 << 2,
} CabinetDatabaseFlags;

/* PRAGMA application_id of every Cabinet database: "CABI". */
#define CABINET_DATABASE_APPLICATION_ID 0x43414249

#define CABINET_TYPE_DATABASE (cabinet_database_get_type ())
G_DECLARE_FINAL_TYPE (CabinetDatabase, cabinet_database, CABINET, DATABASE, GObject)

GQuark           cabinet_database_error_quark         (void);
gboolean         cabinet_database_check_library       (GError              **error);
char            *cabinet_database_default_path        (void);

CabinetDatabase *cabinet_database_open                (const char           *path,
                                                       const CabinetKey     *key,
                                                       CabinetDatabaseFlags  flags,
                                                       GError              **error);
void             cabinet_database_open_async          (const char           *path,
                                                       const CabinetKey     *key,
                                                       CabinetDatabaseFlags  flags,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
CabinetDatabase *cabinet_database_open_finish         (GAsyncResult         *result,
                                                       GError              **error);
/* PRAGMA quick_check on another connection, on a worker thread: FALSE with
 * CABINET_DATABASE_ERROR_DAMAGED when the file is damaged, another error when the
 * check could not be made. Cancelling drops the verdict (SQLite 3.15 cannot stop
 * the check part-way: it reads on to the end, on its own connection, which alone
 * holds the key by then). A database opened with CABINET_DATABASE_CHECK_LATER keeps its
 * changes in the write-ahead log until the check passes: closed after a damaged
 * verdict (before the callback returns), it leaves the file as it was found. */
void             cabinet_database_check_async         (CabinetDatabase      *self,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean         cabinet_database_check_finish        (CabinetDatabase      *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
/* Another connection to the same file with the same key, for work on a worker
 * thread that must not share the main connection's transactions (a backup). */
CabinetDatabase *cabinet_database_open_again          (CabinetDatabase      *self,
                                                       CabinetDatabaseFlags  flags,
                                                       GError              **error);
/* The key the database was opened with (a copy, zeroed when freed). */
CabinetKey      *cabinet_database_dup_key             (CabinetDatabase      *self);
/* Attaches the new file @path as @schema, encrypted with @key and the same pinned
 * cipher settings, for a copy (sqlcipher_export). Refuses an existing file. */
gboolean         cabinet_database_attach_new          (CabinetDatabase      *self,
                                                       const char           *schema,
                                                       const char           *path,
                                                       const CabinetKey     *key,
                                                       GError              **error);
void             cabinet_database_detach              (CabinetDatabase      *self,
                                                       const char           *schema);
void             cabinet_database_close               (CabinetDatabase      *self);
gboolean         cabinet_database_is_open             (CabinetDatabase      *self);
/* TRUE when open; else FALSE with "Cabinet is locked" (CABINET_DATABASE_ERROR_LOCKED). */
gboolean         cabinet_database_ensure_open         (CabinetDatabase      *self,
                                                       GError              **error);

const char      *cabinet_database_get_path            (CabinetDatabase      *self);
int              cabinet_database_get_schema_version  (CabinetDatabase      *self);
int              cabinet_database_get_latest_version  (void);

gboolean         cabinet_database_exec                (CabinetDatabase      *self,
                                                       const char           *sql,
                                                       GError              **error);
sqlite3_stmt    *cabinet_database_prepare             (CabinetDatabase      *self,
                                                       const char           *sql,
                                                       GError              **error);
gboolean         cabinet_database_step                (CabinetDatabase      *self,
                                                       sqlite3_stmt         *stmt,
                                                       gboolean             *has_row,
                                                       GError              **error);
/* The text in @column of the current row; "" for NULL. */
const char      *cabinet_database_column_text         (sqlite3_stmt         *stmt,
                                                       int                   column);
/* Rows changed by the last statement. */
int              cabinet_database_changes             (CabinetDatabase      *self);
gint64           cabinet_database_last_insert_id      (CabinetDatabase      *self);
gboolean         cabinet_database_begin               (CabinetDatabase      *self,
                                                       GError              **error);
gboolean         cabinet_database_commit              (CabinetDatabase      *self,
                                                       GError              **error);
void             cabinet_database_rollback            (CabinetDatabase      *self);
void             cabinet_database_set_sqlite_error    (CabinetDatabase      *self,
                                                       int                   rc,
                                                       GError              **error);

/* Timestamps as every table stores them: UTC, to the millisecond, fixed width so
 * that the text sorts as the time does ("2026-11-22T08:30:00.000Z"). */
GDateTime       *cabinet_timestamp_now                (void);
char            *cabinet_timestamp_format             (GDateTime            *dt);
GDateTime       *cabinet_timestamp_parse              (const char           *text);

void             cabinet_database_remove_new          (const char           *path);

/* For tests of the migrations: create a database at an older schema version. */
CabinetDatabase *cabinet_database_create_at_version   (const char           *path,
                                                       const CabinetKey     *key,
                                                       int                   version,
                                                       GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
