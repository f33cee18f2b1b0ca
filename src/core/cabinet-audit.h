/* cabinet-audit.h — the trail of what was done, never with client content:
 * recording it, reading it back a page at a time, saying it in words
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cabinet-database.h"

G_BEGIN_DECLS

/* Records @action on @object_type @object_id (0: none). Call it inside the
 * transaction of the change it describes, so that both are committed, or lost,
 * together; a change whose record cannot be written is not made. */
gboolean     cabinet_audit_record              (CabinetDatabase  *database,
                                                const char       *action,
                                                const char       *object_type,
                                                gint64            object_id,
                                                GError          **error);
/* Records what has already happened outside the database (a file exported, a
 * document printed, a calendar published): a row of its own, committed at once.
 * It never stops the user: what was done cannot be undone, so a failure (or
 * @database NULL, when Cabinet locked meanwhile) is logged as a warning and
 * FALSE returned. */
gboolean     cabinet_audit_record_now          (CabinetDatabase  *database,
                                                const char       *action,
                                                const char       *object_type,
                                                gint64            object_id);

/* What @action says in the interface's language ("client-created" → "Client
 * added"); an action Cabinet does not know is shown as it is recorded. */
const char  *cabinet_audit_action_label        (const char       *action);
/* Whether @action is one of the actions Cabinet records and has words for. */
gboolean     cabinet_audit_action_is_known     (const char       *action);
/* What @object_type @object_id is, by its reference and never its content
 * ("Client C-00042", "Session #123"); "" when the action is of no object. */
char        *cabinet_audit_describe_object     (const char       *object_type,
                                                gint64            object_id);

/* The whole log as CSV, oldest first: the time (UTC, ISO 8601), the action's
 * id and its words, the object's type, id and reference, fields separated by
 * @separator (',' or ';'). */
char        *cabinet_audit_export_csv          (CabinetDatabase  *database,
                                                char              separator,
                                                GError          **error);

#define CABINET_TYPE_AUDIT_ENTRY (cabinet_audit_entry_get_type ())
G_DECLARE_FINAL_TYPE (CabinetAuditEntry, cabinet_audit_entry, CABINET, AUDIT_ENTRY, GObject)

/* 0, with no time and no action, for an entry that could not be read. */
gint64       cabinet_audit_entry_get_id          (CabinetAuditEntry *self);
GDateTime   *cabinet_audit_entry_get_time        (CabinetAuditEntry *self);
const char  *cabinet_audit_entry_get_action      (CabinetAuditEntry *self);
const char  *cabinet_audit_entry_get_object_type (CabinetAuditEntry *self);
gint64       cabinet_audit_entry_get_object_id   (CabinetAuditEntry *self);

#define CABINET_TYPE_AUDIT_LOG (cabinet_audit_log_get_type ())
G_DECLARE_FINAL_TYPE (CabinetAuditLog, cabinet_audit_log, CABINET, AUDIT_LOG, GObject)

/* The log as a GListModel of CabinetAuditEntry, the latest first, read a page
 * at a time as they are asked for: a practice's hundred thousand entries cost
 * what the screen shows. It holds the entries there were when it was made or
 * last refreshed. */
CabinetAuditLog *cabinet_audit_log_new     (CabinetDatabase  *database,
                                            GError          **error);
/* Adds the entries recorded since, at the top. */
gboolean         cabinet_audit_log_refresh (CabinetAuditLog  *self,
                                            GError          **error);

G_END_DECLS
