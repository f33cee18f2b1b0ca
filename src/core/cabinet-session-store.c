/* cabinet-session-store.c — the sessions in the database: ranges of days, a
 * client's history, and every change planned, checked for overlaps, then written
 * in one transaction
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cabinet-audit.h"
#include "cabinet-session-store.h"

#define COLUMNS \
  "id, client_id, IFNULL (series_id, 0), starts_at, ends_at, modality, link, fee_minor, " \
  "currency, status, uid, started_at, started_despite"

/* What share of its fee a session in @status charges: all of it when held;
 * what the practice's cancellation policy says, today, when missed or cancelled
 * late; nothing otherwise. Kept with the session when its status is set. */
#define CHARGE_PERCENT_SQL(status) \
  "(CASE " status " WHEN 'done' THEN 100" \
  " WHEN 'no-show' THEN (SELECT percent FROM cancellation_policy WHERE id = 1)" \
  " WHEN 'late-cancel' THEN (SELECT percent FROM cancellation_policy WHERE id = 1)" \
  " ELSE 0 END)"

/* A session lasts at most this long, so that one overlapping a time starts at
 * most this much before it: the bound that keeps range queries on the index. */
#define MAX_SECONDS ((gint64) CABINET_SESSION_MAX_DURATION * 60)

struct _CabinetSessionStore
{
  GObject          parent_instance;
  CabinetDatabase *database;
};

G_DEFINE_TYPE (CabinetSessionStore, cabinet_session_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  gint64 id;        /* 0 for a new session */
  gint64 starts_at;
} PlanEntry;

struct _CabinetSessionPlan
{
  CabinetSession *session;   /* what every session of the plan takes */
  CabinetRepeat   repeat;    /* a new series; NONE otherwise */
  gboolean        update;
  gboolean        only_scheduled;
  GArray         *entries;   /* of PlanEntry */
  GPtrArray      *overlaps;  /* of CabinetSession */
};

void
cabinet_session_plan_free (CabinetSessionPlan *plan)
{
  if (plan == NULL)
    return;
  g_clear_object (&plan->session);
  g_clear_pointer (&plan->entries, g_array_unref);
  g_clear_pointer (&plan->overlaps, g_ptr_array_unref);
  g_free (plan);
}

guint
cabinet_session_plan_get_n_sessions (CabinetSessionPlan *plan)
{
  g_return_val_if_fail (plan != NULL, 0);
  return plan->entries->len;
}

gint64
cabinet_session_plan_get_start (CabinetSessionPlan *plan,
                                guint               index)
{
  g_return_val_if_fail (plan != NULL, 0);
  g_return_val_if_fail (index < plan->entries->len, 0);
  return g_array_index (plan->entries, PlanEntry, index).starts_at;
}

GPtrArray *
cabinet_session_plan_get_overlaps (CabinetSessionPlan *plan)
{
  g_return_val_if_fail (plan != NULL, NULL);
  return plan->overlaps;
}

static void
cabinet_session_store_dispose (GObject *object)
{
  CabinetSessionStore *self = CABINET_SESSION_STORE (object);

  g_clear_object (&self->database);

  G_OBJECT_CLASS (cabinet_session_store_parent_class)->dispose (object);
}

static void
cabinet_session_store_class_init (CabinetSessionStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cabinet_session_store_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cabinet_session_store_init (CabinetSessionStore *self)
{
}

CabinetSessionStore *
cabinet_session_store_new (CabinetDatabase *database)
{
  CabinetSessionStore *self;

  g_return_val_if_fail (CABINET_IS_DATABASE (database), NULL);

  self = g_object_new (CABINET_TYPE_SESSION_STORE, NULL);
  self->database = g_object_ref (database);
  return self;
}

static CabinetSession *
session_from_row (sqlite3_stmt *stmt)
{
  CabinetSession *session = cabinet_session_new ();
  CabinetSessionStatus status = CABINET_SESSION_SCHEDULED;
  gint64 starts_at = sqlite3_column_int64 (stmt, 3);

  cabinet_session_set_client_id (session, sqlite3_column_int64 (stmt, 1));
  cabinet_session_set_starts_at (session, starts_at);
  cabinet_session_set_duration (session, (guint) ((sqlite3_column_int64 (stmt, 4) - starts_at) / 60));
  cabinet_session_set_modality (session, cabinet_channel_parse ((const char *) sqlite3_column_text (stmt, 5)));
  cabinet_session_set_link (session, (const char *) sqlite3_column_text (stmt, 6));
  cabinet_session_set_fee (session, sqlite3_column_int64 (stmt, 7),
                           (const char *) sqlite3_column_text (stmt, 8));
  /* The schema's CHECK allows no other value. */
  cabinet_session_status_parse ((const char *) sqlite3_column_text (stmt, 9), &status);
  cabinet_session_load (session, sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 2),
                        status, (const char *) sqlite3_column_text (stmt, 10),
                        sqlite3_column_int64 (stmt, 11),
                        (const char *) sqlite3_column_text (stmt, 12));
  return session;
}

/* Runs a prepared query of COLUMNS into @out (a GListStore or a GPtrArray, one
 * of them NULL). */
static gboolean
collect (CabinetSessionStore  *self,
         sqlite3_stmt         *stmt,
         GListStore           *store,
         GPtrArray            *array,
         GError              **error)
{
  for (;;)
    {
      gboolean has_row;
      g_autoptr(CabinetSession) session = NULL;

      if (!cabinet_database_step (self->database, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        return TRUE;
      session = session_from_row (stmt);
      if (store)
        g_list_store_append (store, session);
      else
        g_ptr_array_add (array, g_steal_pointer (&session));
    }
}

static GListModel *
collect_model (CabinetSessionStore  *self,
               sqlite3_stmt         *stmt,
               GError              **error)
{
  g_autoptr(GListStore) store = g_list_store_new (CABINET_TYPE_SESSION);

  if (!collect (self, stmt, store, NULL, error))
    return NULL;
  return G_LIST_MODEL (g_steal_pointer (&store));
}

GListModel *
cabinet_session_store_list_range (CabinetSessionStore  *self,
                                  gint64                from,
                                  gint64                to,
                                  GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CABINET_IS_SESSION_STORE (self), NULL);
  g_return_val_if_fail (from <= to, NULL);

  stmt = cabinet_database_prepare (self->database,
                                   "SELECT " COLUMNS " FROM sessions"
                                   " WHERE starts_at >= ? AND starts_at < ? AND ends_at > ?"
                                   " ORDER BY starts_at, id",
                                   error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, from - MAX_SECONDS);
  sqlite3_bind_int64 (stmt, 2, to);
  sqlite3_bind_int64 (stmt, 3, from);
  return collect_model (self, stmt, error);
}

GListModel *
cabinet_session_store_list_client (CabinetSessionStore  *self,
                                   gint64                client_id,
                                   GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CABINET_IS_SESSION_STORE (self), NULL);

  stmt = cabinet_database_prepare (self->database,
                                   "SELECT " COLUMNS " FROM sessions WHERE client_id = ?"
                                   " ORDER BY starts_at, id",
                                   error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, client_id);
  return collect_model (self, stmt, error);
}

GHashTable *
cabinet_session_store_next_starts (CabinetSessionStore  *self,
                                   gint64                now,
                                   GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) next = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  g_return_val_if_fail (CABINET_IS_SESSION_STORE (self), NULL);

  stmt = cabinet_database_prepare (self->database,
                                   "SELECT client_id, MIN (starts_at) FROM sessions INDEXED BY sessions_start"
                                   " WHERE starts_at >= ? AND status = 'scheduled' GROUP BY client_id",
                                   error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now);
  for (;;)
    {
      gboolean has_row;
      gint64 *key, *value;

      if (!cabinet_database_step (self->database, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        return g_steal_pointer (&next);
      key = g_new (gint64, 1);
      value = g_new (gint64, 1);
      *key = sqlite3_column_int64 (stmt, 0);
      *value = sqlite3_column_int64 (stmt, 1);
      g_hash_table_insert (next, key, value);
    }
}

static void
set_not_found (GError **error)
{
  g_set_error_literal (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_NOT_FOUND,
                       _("This session is no longer in your schedule; it may have been changed in another window. Close this window and open the session again."));
}

CabinetSession *
cabinet_session_store_get (CabinetSessionStore  *self,
                           gint64                id,
                           GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (CABINET_IS_SESSION_STORE (self), NULL);

  stmt = cabinet_database_prepare (self->database,
                                   "SELECT " COLUMNS " FROM sessions WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!collect (self, stmt, NULL, found, error))
    return NULL;
  if (found->len == 0)
    {
      set_not_found (error);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (found, 0));
}

static const char *
first_issue (CabinetIssues *issues)
{
  static const char * const order[] = {
    CABINET_SESSION_CLIENT, CABINET_SESSION_START, CABINET_SESSION_DURATION,
    CABINET_SESSION_LINK, CABINET_SESSION_FEE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (g_hash_table_contains (issues, order[i]))
      return g_hash_table_lookup (issues, order[i]);
  g_return_val_if_reached (NULL);
}

static gboolean
validate (CabinetSession  *session,
          GError         **error)
{
  g_autoptr(GHashTable) issues = cabinet_session_validate (session);

  if (issues == NULL)
    return TRUE;
  g_set_error_literal (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_INVALID,
                       first_issue (issues));
  return FALSE;
}

static gboolean
is_planned (CabinetSessionPlan *plan,
            gint64              id)
{
  for (guint i = 0; i < plan->entries->len; i++)
    if (g_array_index (plan->entries, PlanEntry, i).id == id)
      return TRUE;
  return FALSE;
}

static gboolean
is_listed (GPtrArray *sessions,
           gint64     id)
{
  for (guint i = 0; i < sessions->len; i++)
    if (cabinet_session_get_id (g_ptr_array_index (sessions, i)) == id)
      return TRUE;
  return FALSE;
}

/* The sessions holding a slot that the plan's sessions would overlap, each once;
 * the plan's own sessions do not count. */
static GPtrArray *
find_overlaps (CabinetSessionStore  *self,
               CabinetSessionPlan   *plan,
               GError              **error)
{
  g_autoptr(GPtrArray) overlaps = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 length = (gint64) cabinet_session_get_duration (plan->session) * 60;

  stmt = cabinet_database_prepare (self->database,
                                   "SELECT " COLUMNS " FROM sessions"
                                   " WHERE starts_at >= ? AND starts_at < ? AND ends_at > ?"
                                   " AND status IN ('scheduled', 'done', 'no-show')"
                                   " ORDER BY starts_at, id",
                                   error);
  if (stmt == NULL)
    return NULL;

  for (guint i = 0; i < plan->entries->len; i++)
    {
      const PlanEntry *entry = &g_array_index (plan->entries, PlanEntry, i);
      g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, entry->starts_at - MAX_SECONDS);
      sqlite3_bind_int64 (stmt, 2, entry->starts_at + length);
      sqlite3_bind_int64 (stmt, 3, entry->starts_at);
      if (!collect (self, stmt, NULL, found, error))
        return NULL;
      for (guint j = 0; j < found->len; j++)
        {
          CabinetSession *other = g_ptr_array_index (found, j);
          gint64 id = cabinet_session_get_id (other);

          if (!is_planned (plan, id) && !is_listed (overlaps, id))
            g_ptr_array_add (overlaps, g_object_ref (other));
        }
    }
  return g_steal_pointer (&overlaps);
}

static CabinetSessionPlan *
plan_new (CabinetSession *session)
{
  CabinetSessionPlan *plan = g_new0 (CabinetSessionPlan, 1);

  plan->session = g_object_ref (session);
  plan->entries = g_array_new (FALSE, FALSE, sizeof (PlanEntry));
  return plan;
}

static CabinetSessionPlan *
plan_finish (CabinetSessionStore  *self,
             CabinetSessionPlan   *plan,
             GError              **error)
{
  g_autoptr(CabinetSessionPlan) owned = plan;

  owned->overlaps = find_overlaps (self, owned, error);
  if (owned->overlaps == NULL)
    return NULL;
  return g_steal_pointer (&owned);
}

CabinetSessionPlan *
cabinet_session_store_plan_add (CabinetSessionStore      *self,
                                CabinetSession           *session,
                                const CabinetRecurrence  *rule,
                                GTimeZone                *zone,
                                GError                  **error)
{
  g_autoptr(CabinetSessionPlan) plan = NULL;
  g_autoptr(GArray) starts = NULL;

  g_return_val_if_fail (CABINET_IS_SESSION_STORE (self), NULL);
  g_return_val_if_fail (CABINET_IS_SESSION (session), NULL);
  g_return_val_if_fail (cabinet_session_get_id (session) == 0, NULL);
  g_return_val_if_fail (zone != NULL, NULL);

  if (!validate (session, error))
    return NULL;

  plan = plan_new (session);
  if (rule && rule->repeat != CABINET_REPEAT_NONE)
    {
      starts = cabinet_recurrence_expand (rule, zone, cabinet_session_get_starts_at (session), error);
      if (starts == NULL)
        return NULL;
      plan->repeat = rule->repeat;
    }
  else
    {
      gint64 start = cabinet_session_get_starts_at (session);

      starts = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_val (starts, start);
    }

  for (guint i = 0; i < starts->len; i++)
    {
      PlanEntry entry = { 0, g_array_index (starts, gint64, i) };

      g_array_append_val (plan->entries, entry);
    }
  return plan_finish (self, g_steal_pointer (&plan), error);
}

CabinetSessionPlan *
cabinet_session_store_plan_update (CabinetSessionStore  *self,
                                   CabinetSession       *edited,
                                   CabinetSessionScope   scope,
                                   GTimeZone            *zone,
                                   GError              **error)
{
  g_autoptr(CabinetSessionPlan) plan = NULL;
  g_autoptr(CabinetSession) stored = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) following = NULL;
  PlanEntry entry;

  g_return_val_if_fail (CABINET_IS_SESSION_STORE (self), NULL);
  g_return_val_if_fail (CABINET_IS_SESSION (edited), NULL);
  g_return_val_if_fail (zone != NULL, NULL);

  if (!validate (edited, error))
    return NULL;
  stored = cabinet_session_store_get (self, cabinet_session_get_id (edited), error);
  if (stored == NULL)
    return NULL;

  /* What became of a session is tied to its time and client: moving a session
   * that was held, missed or cancelled would rewrite what happened. */
  if (cabinet_session_get_status (stored) != CABINET_SESSION_SCHEDULED
      && (cabinet_session_get_starts_at (edited) != cabinet_session_get_starts_at (stored)
          || cabinet_session_get_duration (edited) != cabinet_session_get_duration (stored)
          || cabinet_session_get_client_id (edited) != cabinet_session_get_client_id (stored)))
    {
      g_set_error (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_STATUS,
                   _("This session is marked “%s”: its time and client stay as they were. Set it back to scheduled to move it."),
                   cabinet_session_status_label (cabinet_session_get_status (stored)));
      return NULL;
    }
  if (cabinet_session_get_series_id (stored) != 0
      && cabinet_session_get_client_id (edited) != cabinet_session_get_client_id (stored))
    {
      g_set_error_literal (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_INVALID,
                           _("A session of a series stays with its client. Remove it from the schedule and plan a new one with the other client."));
      return NULL;
    }

  plan = plan_new (edited);
  plan->update = TRUE;
  entry.id = cabinet_session_get_id (edited);
  entry.starts_at = cabinet_session_get_starts_at (edited);
  g_array_append_val (plan->entries, entry);

  if (scope == CABINET_SESSION_SCOPE_THIS || cabinet_session_get_series_id (stored) == 0)
    return plan_finish (self, g_steal_pointer (&plan), error);

  plan->only_scheduled = TRUE;
  stmt = cabinet_database_prepare (self->database,
                                   "SELECT " COLUMNS " FROM sessions"
                                   " WHERE series_id = ? AND starts_at > ? AND status = 'scheduled'"
                                   " ORDER BY starts_at, id",
                                   error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, cabinet_session_get_series_id (stored));
  sqlite3_bind_int64 (stmt, 2, cabinet_session_get_starts_at (stored));
  following = g_ptr_array_new_with_free_func (g_object_unref);
  if (!collect (self, stmt, NULL, following, error))
    return NULL;

  for (guint i = 0; i < following->len; i++)
    {
      CabinetSession *later = g_ptr_array_index (following, i);

      entry.id = cabinet_session_get_id (later);
      if (!cabinet_recurrence_move (zone, cabinet_session_get_starts_at (stored),
                                    cabinet_session_get_starts_at (edited),
                                    cabinet_session_get_starts_at (later), &entry.starts_at, error))
        return NULL;
      g_array_append_val (plan->entries, entry);
    }
  return plan_finish (self, g_steal_pointer (&plan), error);
}

static void
set_overlap_error (GPtrArray  *overlaps,
                   GError    **error)
{
  g_set_error (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_OVERLAP,
               ngettext ("This overlaps %u session already planned.",
                         "This overlaps %u sessions already planned.", overlaps->len),
               overlaps->len);
}

static gboolean
check_one_changed (CabinetSessionStore  *self,
                   GError              **error)
{
  if (cabinet_database_changes (self->database) == 1)
    return TRUE;
  set_not_found (error);
  return FALSE;
}

/* The columns every way of writing a session fills alike, from @column on:
 * starts_at, ends_at, modality, link, fee_minor, currency. */
static void
bind_when_and_how (sqlite3_stmt   *stmt,
                   int             column,
                   CabinetSession *session,
                   gint64          starts_at)
{
  sqlite3_bind_int64 (stmt, column, starts_at);
  sqlite3_bind_int64 (stmt, column + 1, starts_at + (gint64) cabinet_session_get_duration (session) * 60);
  sqlite3_bind_text (stmt, column + 2, cabinet_channel_id (cabinet_session_get_modality (session)), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, column + 3, cabinet_session_get_link (session), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, column + 4, cabinet_session_get_fee (session));
  sqlite3_bind_text (stmt, column + 5, cabinet_session_get_currency (session), -1, SQLITE_STATIC);
}

static gboolean
insert_sessions (CabinetSessionStore  *self,
                 CabinetSessionPlan   *plan,
                 const char           *stamp,
                 gint64               *first_id,
                 gint64               *series_id,
                 GError              **error)
{
  CabinetSession *session = plan->session;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  *series_id = 0;
  if (plan->repeat != CABINET_REPEAT_NONE)
    {
      g_autoptr(sqlite3_stmt) series = NULL;

      series = cabinet_database_prepare (self->database,
                                         "INSERT INTO session_series (client_id, repeat, created_at)"
                                         " VALUES (?, ?, ?)", error);
      if (series == NULL)
        return FALSE;
      sqlite3_bind_int64 (series, 1, cabinet_session_get_client_id (session));
      sqlite3_bind_text (series, 2, cabinet_repeat_id (plan->repeat), -1, SQLITE_STATIC);
      sqlite3_bind_text (series, 3, stamp, -1, SQLITE_STATIC);
      if (!cabinet_database_step (self->database, series, NULL, error))
        return FALSE;
      *series_id = cabinet_database_last_insert_id (self->database);
    }

  stmt = cabinet_database_prepare (self->database,
                                   "INSERT INTO sessions (client_id, series_id, starts_at, ends_at,"
                                   " modality, link, fee_minor, currency, uid, created_at, updated_at)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < plan->entries->len; i++)
    {
      const PlanEntry *entry = &g_array_index (plan->entries, PlanEntry, i);
      g_autofree char *uid = i == 0 ? g_strdup (cabinet_session_get_uid (session))
                                    : g_uuid_string_random ();

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, cabinet_session_get_client_id (session));
      if (*series_id)
        sqlite3_bind_int64 (stmt, 2, *series_id);
      else
        sqlite3_bind_null (stmt, 2);
      bind_when_and_how (stmt, 3, session, entry->starts_at);
      sqlite3_bind_text (stmt, 9, uid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 10, stamp, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 11, stamp, -1, SQLITE_STATIC);
      if (!cabinet_database_step (self->database, stmt, NULL, error))
        return FALSE;
      if (i == 0)
        *first_id = cabinet_database_last_insert_id (self->database);
    }

  if (*series_id)
    return cabinet_audit_record (self->database, "session-series-created", "session_series",
                                 *series_id, error);
  return cabinet_audit_record (self->database, "session-created", "session", *first_id, error);
}

static gboolean
update_sessions (CabinetSessionStore  *self,
                 CabinetSessionPlan   *plan,
                 const char           *stamp,
                 GError              **error)
{
  CabinetSession *session = plan->session;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  /* The client moves only with the session edited; a session moves only while
   * scheduled (one already settled may change its fee, link or way of meeting);
   * both are checked again here, as the status may have changed meanwhile. */
  stmt = cabinet_database_prepare (self->database,
                                   "UPDATE sessions SET client_id = CASE WHEN ?1 THEN ?2 ELSE client_id END,"
                                   " starts_at = ?3, ends_at = ?4, modality = ?5, link = ?6,"
                                   " fee_minor = ?7, currency = ?8, updated_at = ?9"
                                   " WHERE id = ?10 AND (status = 'scheduled'"
                                   "  OR (?11 = 0 AND starts_at = ?3 AND ends_at = ?4 AND client_id = ?2))",
                                   error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < plan->entries->len; i++)
    {
      const PlanEntry *entry = &g_array_index (plan->entries, PlanEntry, i);

      sqlite3_reset (stmt);
      sqlite3_bind_int (stmt, 1, i == 0);
      sqlite3_bind_int64 (stmt, 2, cabinet_session_get_client_id (session));
      bind_when_and_how (stmt, 3, session, entry->starts_at);
      sqlite3_bind_text (stmt, 9, stamp, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 10, entry->id);
      sqlite3_bind_int (stmt, 11, i > 0);
      if (!cabinet_database_step (self->database, stmt, NULL, error)
          || !check_one_changed (self, error)
          || !cabinet_audit_record (self->database, "session-updated", "session", entry->id, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
cabinet_session_store_apply (CabinetSessionStore  *self,
                             CabinetSessionPlan   *plan,
                             gboolean              allow_overlap,
                             GError              **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  g_autoptr(GPtrArray) overlaps = NULL;
  gint64 first_id = 0, series_id = 0;

  g_return_val_if_fail (CABINET_IS_SESSION_STORE (self), FALSE);
  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  now = cabinet_timestamp_now ();
  stamp = cabinet_timestamp_format (now);

  if (!cabinet_database_begin (self->database, error))
    return FALSE;
  /* Inside the transaction, so that no other change slips in between. */
  overlaps = find_overlaps (self, plan, error);
  if (overlaps == NULL)
    goto fail;
  if (overlaps->len > 0 && !allow_overlap)
    {
      set_overlap_error (overlaps, error);
      goto fail;
    }
  if (plan->update ? !update_sessions (self, plan, stamp, error)
                   : !insert_sessions (self, plan, stamp, &first_id, &series_id, error))
    goto fail;
  if (!cabinet_database_commit (self->database, error))
    return FALSE;

  if (!plan->update)
    cabinet_session_load (plan->session, first_id, series_id, CABINET_SESSION_SCHEDULED,
                          cabinet_session_get_uid (plan->session), 0, NULL);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;

fail:
  cabinet_database_rollback (self->database);
  return FALSE;
}

gboolean
cabinet_session_store_import (CabinetSessionStore  *self,
                              GPtrArray            *sessions,
                              guint                *n_added,
                              GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  guint added = 0;

  g_return_val_if_fail (CABINET_IS_SESSION_STORE (self), FALSE);
  g_return_val_if_fail (sessions != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < sessions->len; i++)
    if (!validate (g_ptr_array_index (sessions, i), error))
      return FALSE;

  now = cabinet_timestamp_now ();
  stamp = cabinet_timestamp_format (now);
  if (!cabinet_database_begin (self->database, error))
    return FALSE;
  stmt = cabinet_database_prepare (self->database,
                                   "INSERT OR IGNORE INTO sessions (client_id, starts_at, ends_at, modality,"
                                   " link, fee_minor, currency, status, status_at, uid, created_at, updated_at,"
                                   " charge_percent)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
                                   CHARGE_PERCENT_SQL ("?8") ")", error);
  if (stmt == NULL)
    goto fail;
  for (guint i = 0; i < sessions->len; i++)
    {
      CabinetSession *session = g_ptr_array_index (sessions, i);
      CabinetSessionStatus status = cabinet_session_get_status (session);

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, cabinet_session_get_client_id (session));
      bind_when_and_how (stmt, 2, session, cabinet_session_get_starts_at (session));
      sqlite3_bind_text (stmt, 8, cabinet_session_status_id (status), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 9, status == CABINET_SESSION_SCHEDULED ? "" : stamp, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 10, cabinet_session_get_uid (session), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 11, stamp, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 12, stamp, -1, SQLITE_STATIC);
      if (!cabinet_database_step (self->database, stmt, NULL, error))
        goto fail;
      added += (guint) cabinet_database_changes (self->database);
    }
  if (!cabinet_audit_record (self->database, "sessions-imported", NULL, 0, error)
      || !cabinet_database_commit (self->database, error))
    goto fail;

  if (n_added)
    *n_added = added;
  if (added)
    g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;

fail:
  cabinet_database_rollback (self->database);
  return FALSE;
}

gboolean
cabinet_session_store_set_status (CabinetSessionStore   *self,
                                  CabinetSession        *session,
                                  CabinetSessionStatus   status,
                                  CabinetSessionScope    scope,
                                  GError               **error)
{
  g_autoptr(CabinetSession) stored = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  gboolean following;

  g_return_val_if_fail (CABINET_IS_SESSION_STORE (self), FALSE);
  g_return_val_if_fail (CABINET_IS_SESSION (session), FALSE);
  g_return_val_if_fail (status < CABINET_N_SESSION_STATUSES, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stored = cabinet_session_store_get (self, cabinet_session_get_id (session), error);
  if (stored == NULL)
    return FALSE;
  now = cabinet_timestamp_now ();
  if (!cabinet_session_status_change_allowed (cabinet_session_get_status (stored), status,
                                              cabinet_session_get_starts_at (stored),
                                              g_date_time_to_unix (now), error))
    return FALSE;
  stamp = cabinet_timestamp_format (now);
  following = scope == CABINET_SESSION_SCOPE_FOLLOWING && cabinet_session_get_series_id (stored) != 0;
  if (following && status != CABINET_SESSION_CANCELLED_CLIENT
      && status != CABINET_SESSION_CANCELLED_THERAPIST)
    {
      g_set_error_literal (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_STATUS,
                           _("Only a cancellation applies to the following sessions of a series."));
      return FALSE;
    }

  if (!cabinet_database_begin (self->database, error))
    return FALSE;
  /* The status read above is part of the condition: a change made meanwhile in
   * another window is not overwritten. */
  stmt = cabinet_database_prepare (self->database,
                                   "UPDATE sessions SET status = ?1, status_at = ?2, updated_at = ?3,"
                                   " charge_percent = " CHARGE_PERCENT_SQL ("?1")
                                   " WHERE id = ?4 AND status = ?5",
                                   error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, cabinet_session_status_id (status), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, stamp, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, stamp, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, cabinet_session_get_id (stored));
  sqlite3_bind_text (stmt, 5, cabinet_session_status_id (cabinet_session_get_status (stored)), -1, SQLITE_STATIC);
  if (!cabinet_database_step (self->database, stmt, NULL, error)
      || !check_one_changed (self, error)
      || !cabinet_audit_record (self->database, cabinet_session_status_id (status), "session",
                                cabinet_session_get_id (stored), error))
    goto fail;

  if (following)
    {
      g_clear_pointer (&stmt, sqlite3_finalize);
      stmt = cabinet_database_prepare (self->database,
                                       "UPDATE sessions SET status = ?1, status_at = ?2, updated_at = ?3,"
                                       " charge_percent = " CHARGE_PERCENT_SQL ("?1")
                                       " WHERE series_id = ?4 AND starts_at > ?5 AND status = 'scheduled'",
                                       error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, cabinet_session_status_id (status), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, stamp, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, stamp, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, cabinet_session_get_series_id (stored));
      sqlite3_bind_int64 (stmt, 5, cabinet_session_get_starts_at (stored));
      if (!cabinet_database_step (self->database, stmt, NULL, error)
          || !cabinet_audit_record (self->database, "session-series-cancelled", "session_series",
                                    cabinet_session_get_series_id (stored), error))
        goto fail;
    }
  if (!cabinet_database_commit (self->database, error))
    return FALSE;

  {
    g_autofree char *despite = g_strjoinv (",", (char **) cabinet_session_get_started_despite (stored));

    cabinet_session_load (session, cabinet_session_get_id (stored), cabinet_session_get_series_id (stored),
                          status, cabinet_session_get_uid (stored),
                          cabinet_session_get_started_at (stored), despite);
  }
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;

fail:
  cabinet_database_rollback (self->database);
  return FALSE;
}

gboolean
cabinet_session_store_delete (CabinetSessionStore  *self,
                              CabinetSession       *session,
                              CabinetSessionScope   scope,
                              GError              **error)
{
  g_autoptr(CabinetSession) stored = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CABINET_IS_SESSION_STORE (self), FALSE);
  g_return_val_if_fail (CABINET_IS_SESSION (session), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stored = cabinet_session_store_get (self, cabinet_session_get_id (session), error);
  if (stored == NULL)
    return FALSE;
  if (cabinet_session_get_status (stored) != CABINET_SESSION_SCHEDULED
      || cabinet_session_get_started_at (stored) != 0)
    {
      g_set_error_literal (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_STATUS,
                           _("This session has a record of what became of it, which is kept. Set it back to scheduled first, or cancel it instead."));
      return FALSE;
    }

  if (!cabinet_database_begin (self->database, error))
    return FALSE;
  stmt = cabinet_database_prepare (self->database,
                                   "DELETE FROM sessions WHERE status = 'scheduled' AND started_at = 0"
                                   " AND (id = ?1 OR (?2 AND series_id = ?3 AND starts_at > ?4))",
                                   error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, cabinet_session_get_id (stored));
  sqlite3_bind_int (stmt, 2, scope == CABINET_SESSION_SCOPE_FOLLOWING);
  sqlite3_bind_int64 (stmt, 3, cabinet_session_get_series_id (stored));
  sqlite3_bind_int64 (stmt, 4, cabinet_session_get_starts_at (stored));
  if (!cabinet_database_step (self->database, stmt, NULL, error))
    goto fail;
  if (cabinet_database_changes (self->database) == 0)
    {
      set_not_found (error);
      goto fail;
    }
  if (!cabinet_audit_record (self->database, "session-deleted", "session",
                             cabinet_session_get_id (stored), error)
      || !cabinet_database_commit (self->database, error))
    goto fail;

  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;

fail:
  cabinet_database_rollback (self->database);
  return FALSE;
}

gboolean
cabinet_session_store_record_start (CabinetSessionStore  *self,
                                    CabinetSession       *session,
                                    gint64                self_check_run,
                                    const char * const   *failed_checks,
                                    GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *despite = NULL;
  gint64 id;

  g_return_val_if_fail (CABINET_IS_SESSION_STORE (self), FALSE);
  g_return_val_if_fail (CABINET_IS_SESSION (session), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  id = cabinet_session_get_id (session);
  now = cabinet_timestamp_now ();
  stamp = cabinet_timestamp_format (now);
  despite = failed_checks ? g_strjoinv (",", (char **) failed_checks) : g_strdup ("");

  if (!cabinet_database_begin (self->database, error))
    return FALSE;
  stmt = cabinet_database_prepare (self->database,
                                   "UPDATE sessions SET started_at = ?, self_check_run = ?,"
                                   " started_despite = ?, updated_at = ?"
                                   " WHERE id = ? AND status = 'scheduled'",
                                   error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, g_date_time_to_unix (now));
  if (self_check_run > 0)
    sqlite3_bind_int64 (stmt, 2, self_check_run);
  else
    sqlite3_bind_null (stmt, 2);
  sqlite3_bind_text (stmt, 3, despite, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, stamp, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, id);
  if (!cabinet_database_step (self->database, stmt, NULL, error))
    goto fail;
  if (cabinet_database_changes (self->database) != 1)
    {
      g_set_error_literal (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_STATUS,
                           _("Only a scheduled session can be started."));
      goto fail;
    }
  if (!cabinet_audit_record (self->database, *despite ? "session-started-despite-checks"
                                                      : "session-started",
                             "session", id, error)
      || !cabinet_database_commit (self->database, error))
    goto fail;

  cabinet_session_load (session, id, cabinet_session_get_series_id (session),
                        cabinet_session_get_status (session), cabinet_session_get_uid (session),
                        g_date_time_to_unix (now), despite);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;

fail:
  cabinet_database_rollback (self->database);
  return FALSE;
}
