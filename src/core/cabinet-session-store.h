/* cabinet-session-store.h — the sessions in the database: ranges of days, a
 * client's history, and every change planned, checked for overlaps, then written
 * in one transaction
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cabinet-database.h"
#include "cabinet-recurrence.h"
#include "cabinet-session.h"

G_BEGIN_DECLS

/* Which sessions of a series a change applies to. */
typedef enum {
  CABINET_SESSION_SCOPE_THIS,
  CABINET_SESSION_SCOPE_FOLLOWING,  /* this one and the later ones still scheduled */
} CabinetSessionScope;

/* A change worked out but not yet written: the sessions it makes or moves, and
 * the sessions already planned that it would overlap. */
typedef struct _CabinetSessionPlan CabinetSessionPlan;

void        cabinet_session_plan_free           (CabinetSessionPlan *plan);
guint       cabinet_session_plan_get_n_sessions (CabinetSessionPlan *plan);
/* The start of the @index-th session the plan writes. */
gint64      cabinet_session_plan_get_start      (CabinetSessionPlan *plan,
                                                 guint               index);
/* Of CabinetSession: those already planned that would overlap; empty if none. */
GPtrArray  *cabinet_session_plan_get_overlaps   (CabinetSessionPlan *plan);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CabinetSessionPlan, cabinet_session_plan_free)

#define CABINET_TYPE_SESSION_STORE (cabinet_session_store_get_type ())
G_DECLARE_FINAL_TYPE (CabinetSessionStore, cabinet_session_store, CABINET, SESSION_STORE, GObject)

/* The store emits "changed" after every change it writes, so that every view
 * showing sessions reads them again. */
CabinetSessionStore *cabinet_session_store_new           (CabinetDatabase      *database);

/* Of CabinetSession, by start: those that overlap [@from, @to) (UTC seconds). */
GListModel          *cabinet_session_store_list_range    (CabinetSessionStore  *self,
                                                          gint64                from,
                                                          gint64                to,
                                                          GError              **error);
/* Of CabinetSession, by start: every session of one client. */
GListModel          *cabinet_session_store_list_client   (CabinetSessionStore  *self,
                                                          gint64                client_id,
                                                          GError              **error);
/* Each client's next scheduled session from @now on: client id (gint64*) → its
 * start (gint64*, UTC seconds); clients without one are left out. */
GHashTable          *cabinet_session_store_next_starts   (CabinetSessionStore  *self,
                                                          gint64                now,
                                                          GError              **error);
CabinetSession      *cabinet_session_store_get           (CabinetSessionStore  *self,
                                                          gint64                id,
                                                          GError              **error);

/* New sessions: @session, repeated by @rule (NULL: once) at the same wall-clock
 * hour in @zone. */
CabinetSessionPlan  *cabinet_session_store_plan_add      (CabinetSessionStore  *self,
                                                          CabinetSession       *session,
                                                          const CabinetRecurrence *rule,
                                                          GTimeZone            *zone,
                                                          GError              **error);
/* @edited is a copy of a stored session, changed. With SCOPE_FOLLOWING the later
 * scheduled sessions of its series move by as many days, to the new hour, and
 * take its duration, modality, link and fee. */
CabinetSessionPlan  *cabinet_session_store_plan_update   (CabinetSessionStore  *self,
                                                          CabinetSession       *edited,
                                                          CabinetSessionScope   scope,
                                                          GTimeZone            *zone,
                                                          GError              **error);
/* Writes the plan in one transaction. Overlaps are looked for again (another
 * window may have planned since): with any, nothing is written and the error is
 * CABINET_SESSION_ERROR_OVERLAP, unless @allow_overlap. A new single session gets
 * its id; every view is told. */
gboolean             cabinet_session_store_apply         (CabinetSessionStore  *self,
                                                          CabinetSessionPlan   *plan,
                                                          gboolean              allow_overlap,
                                                          GError              **error);

/* Sessions read from a calendar file, in one transaction: all or nothing. Each
 * keeps its UID, so that a session already imported (the same UID) is left as it
 * is and not counted in @n_added. Overlaps are allowed: the calendar was the
 * therapist's own. Each session must validate, or nothing is written. */
gboolean             cabinet_session_store_import        (CabinetSessionStore  *self,
                                                          GPtrArray            *sessions,
                                                          guint                *n_added,
                                                          GError              **error);

/* Held, missed, cancelled, or back to scheduled; see
 * cabinet_session_status_change_allowed(). SCOPE_FOLLOWING is for cancelling the
 * rest of a series. @session is updated. */
gboolean             cabinet_session_store_set_status    (CabinetSessionStore  *self,
                                                          CabinetSession       *session,
                                                          CabinetSessionStatus  status,
                                                          CabinetSessionScope   scope,
                                                          GError              **error);
/* Removes sessions still scheduled (a holiday week skipped, a mistake): a
 * session that was held, missed or cancelled stays in the records. */
gboolean             cabinet_session_store_delete        (CabinetSessionStore  *self,
                                                          CabinetSession       *session,
                                                          CabinetSessionScope   scope,
                                                          GError              **error);
/* Start session: the self-check run made just before (0: none could be kept) and
 * the required checks that failed, when the therapist started anyway. */
gboolean             cabinet_session_store_record_start  (CabinetSessionStore  *self,
                                                          CabinetSession       *session,
                                                          gint64                self_check_run,
                                                          const char * const   *failed_checks,
                                                          GError              **error);

G_END_DECLS
