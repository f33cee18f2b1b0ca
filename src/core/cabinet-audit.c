/* cabinet-audit.c — the trail of what was done, never with client content
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cabinet-audit.h"

/* Records an action; call it inside the transaction of the change it describes so
 * that the two are committed, or lost, together. */
gboolean
cabinet_audit_record (CabinetDatabase  *database,
                      const char       *action,
                      const char       *object_type,
                      gint64            object_id,
                      GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CABINET_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  stmt = cabinet_database_prepare (database,
                                   "INSERT INTO audit_log (at, action, object_type, object_id) "
                                   "VALUES (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now'), ?, ?, ?)",
                                   error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, object_type ? object_type : "", -1, SQLITE_STATIC);
  if (object_id > 0)
    sqlite3_bind_int64 (stmt, 3, object_id);
  return cabinet_database_step (database, stmt, NULL, error);
}
