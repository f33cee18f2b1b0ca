/* cabinet-breach-log.c — the breaches of the practice's data (GDPR art. 33):
 * what happened, and when the CNIL was told, or why it was not
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cabinet-audit.h"
#include "cabinet-breach-log.h"
#include "cabinet-validate.h"

G_DEFINE_QUARK (cabinet-breach-error-quark, cabinet_breach_error)

/* The breach */

struct _CabinetBreach
{
  GObject    parent_instance;
  gint64     id;
  GDateTime *noticed_at;
  char      *texts[CABINET_BREACH_N_TEXT_FIELDS];
  GDateTime *notified_at;
  char      *not_notified_reason;
};

G_DEFINE_FINAL_TYPE (CabinetBreach, cabinet_breach, G_TYPE_OBJECT)

static void
cabinet_breach_finalize (GObject *object)
{
  CabinetBreach *self = CABINET_BREACH (object);

  g_clear_pointer (&self->noticed_at, g_date_time_unref);
  g_clear_pointer (&self->notified_at, g_date_time_unref);
  for (guint i = 0; i < CABINET_BREACH_N_TEXT_FIELDS; i++)
    g_free (self->texts[i]);
  g_free (self->not_notified_reason);

  G_OBJECT_CLASS (cabinet_breach_parent_class)->finalize (object);
}

static void
cabinet_breach_class_init (CabinetBreachClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cabinet_breach_finalize;
}

static void
cabinet_breach_init (CabinetBreach *self)
{
  for (guint i = 0; i < CABINET_BREACH_N_TEXT_FIELDS; i++)
    self->texts[i] = g_strdup ("");
  self->not_notified_reason = g_strdup ("");
}

gint64
cabinet_breach_get_id (CabinetBreach *self)
{
  g_return_val_if_fail (CABINET_IS_BREACH (self), 0);
  return self->id;
}

GDateTime *
cabinet_breach_get_noticed_at (CabinetBreach *self)
{
  g_return_val_if_fail (CABINET_IS_BREACH (self), NULL);
  return self->noticed_at;
}

const char *
cabinet_breach_get_text (CabinetBreach      *self,
                         CabinetBreachField  field)
{
  g_return_val_if_fail (CABINET_IS_BREACH (self), NULL);
  g_return_val_if_fail (field < CABINET_BREACH_N_TEXT_FIELDS, NULL);
  return self->texts[field];
}

GDateTime *
cabinet_breach_get_notified_at (CabinetBreach *self)
{
  g_return_val_if_fail (CABINET_IS_BREACH (self), NULL);
  return self->notified_at;
}

const char *
cabinet_breach_get_not_notified_reason (CabinetBreach *self)
{
  g_return_val_if_fail (CABINET_IS_BREACH (self), NULL);
  return self->not_notified_reason;
}

gboolean
cabinet_breach_is_pending (CabinetBreach *self)
{
  g_return_val_if_fail (CABINET_IS_BREACH (self), FALSE);
  return self->notified_at == NULL && *self->not_notified_reason == '\0';
}

GDateTime *
cabinet_breach_deadline (CabinetBreach *self)
{
  g_return_val_if_fail (CABINET_IS_BREACH (self), NULL);
  return g_date_time_add_hours (self->noticed_at, CABINET_BREACH_NOTIFY_HOURS);
}

GTimeSpan
cabinet_breach_remaining (CabinetBreach *self,
                          GDateTime     *now)
{
  g_autoptr(GDateTime) deadline = NULL;

  g_return_val_if_fail (CABINET_IS_BREACH (self), 0);
  g_return_val_if_fail (now != NULL, 0);

  deadline = cabinet_breach_deadline (self);
  return g_date_time_difference (deadline, now);
}

/* The log */

struct _CabinetBreachLog
{
  GObject          parent_instance;
  CabinetDatabase *database;
  GListStore      *breaches;   /* the latest noticed first */
};

static void cabinet_breach_log_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CabinetBreachLog, cabinet_breach_log, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, cabinet_breach_log_model_init))

static GType
cabinet_breach_log_get_item_type (GListModel *model)
{
  return CABINET_TYPE_BREACH;
}

static guint
cabinet_breach_log_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (CABINET_BREACH_LOG (model)->breaches));
}

static gpointer
cabinet_breach_log_get_item (GListModel *model,
                             guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (CABINET_BREACH_LOG (model)->breaches), position);
}

static void
cabinet_breach_log_model_init (GListModelInterface *iface)
{
  iface->get_item_type = cabinet_breach_log_get_item_type;
  iface->get_n_items = cabinet_breach_log_get_n_items;
  iface->get_item = cabinet_breach_log_get_item;
}

static void
cabinet_breach_log_dispose (GObject *object)
{
  CabinetBreachLog *self = CABINET_BREACH_LOG (object);

  g_clear_object (&self->breaches);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (cabinet_breach_log_parent_class)->dispose (object);
}

static void
cabinet_breach_log_class_init (CabinetBreachLogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cabinet_breach_log_dispose;
}

static void
cabinet_breach_log_init (CabinetBreachLog *self)
{
  self->breaches = g_list_store_new (CABINET_TYPE_BREACH);
  g_signal_connect_swapped (self->breaches, "items-changed", G_CALLBACK (g_list_model_items_changed), self);
}

/* Reading */

#define BREACH_COLUMNS "id, noticed_at, description, data_concerned, consequences, measures, notified_at," \
                       " not_notified_reason"

static CabinetBreach *
breach_from_row (sqlite3_stmt *stmt)
{
  CabinetBreach *breach = g_object_new (CABINET_TYPE_BREACH, NULL);

  breach->id = sqlite3_column_int64 (stmt, 0);
  breach->noticed_at = cabinet_timestamp_parse (cabinet_database_column_text (stmt, 1));
  for (guint i = 0; i < CABINET_BREACH_N_TEXT_FIELDS; i++)
    cabinet_set_string (&breach->texts[i], cabinet_database_column_text (stmt, 2 + i));
  breach->notified_at = cabinet_timestamp_parse (cabinet_database_column_text (stmt, 6));
  cabinet_set_string (&breach->not_notified_reason, cabinet_database_column_text (stmt, 7));
  return breach;
}

/* The latest noticed first; of two noticed together, the latest recorded. */
static int
compare_latest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  const CabinetBreach *x = a, *y = b;
  int order = g_date_time_compare (y->noticed_at, x->noticed_at);

  return order ? order : (y->id > x->id) - (y->id < x->id);
}

static gboolean
load (CabinetBreachLog  *self,
      GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) breaches = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean has_row;

  stmt = cabinet_database_prepare (self->database,
                                   "SELECT " BREACH_COLUMNS " FROM breaches ORDER BY noticed_at DESC, id DESC",
                                   error);
  if (stmt == NULL)
    return FALSE;
  for (;;)
    {
      if (!cabinet_database_step (self->database, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        break;
      g_ptr_array_add (breaches, breach_from_row (stmt));
    }
  g_list_store_splice (self->breaches, 0, g_list_model_get_n_items (G_LIST_MODEL (self->breaches)),
                       breaches->pdata, breaches->len);
  return TRUE;
}

CabinetBreachLog *
cabinet_breach_log_new (CabinetDatabase  *database,
                        GError          **error)
{
  g_autoptr(CabinetBreachLog) self = NULL;

  g_return_val_if_fail (CABINET_IS_DATABASE (database), NULL);

  self = g_object_new (CABINET_TYPE_BREACH_LOG, NULL);
  self->database = g_object_ref (database);
  if (!load (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* Writing */

/* @when as the database keeps it, to the millisecond: what is in memory
 * compares as what is read back. */
static GDateTime *
stored_time (GDateTime *when)
{
  g_autofree char *text = cabinet_timestamp_format (when);

  return cabinet_timestamp_parse (text);
}

static gboolean
check_not_future (GDateTime   *when,
                  const char  *message,
                  GError     **error)
{
  g_autoptr(GDateTime) now = cabinet_timestamp_now ();

  if (g_date_time_compare (when, now) <= 0)
    return TRUE;
  g_set_error_literal (error, CABINET_BREACH_ERROR, CABINET_BREACH_ERROR_IN_FUTURE, message);
  return FALSE;
}

/* Every text cleaned, into @clean; FALSE when nothing says what happened. */
static gboolean
clean_texts (const char * const  *texts,
             char               **clean,
             GError             **error)
{
  for (guint i = 0; i < CABINET_BREACH_N_TEXT_FIELDS; i++)
    clean[i] = cabinet_text_clean (texts ? texts[i] : NULL);
  if (*clean[CABINET_BREACH_DESCRIPTION])
    return TRUE;
  g_set_error_literal (error, CABINET_BREACH_ERROR, CABINET_BREACH_ERROR_NO_DESCRIPTION,
                       _("Describe what happened: the description of the breach is required."));
  return FALSE;
}

static void
free_texts (char **texts)
{
  for (guint i = 0; i < CABINET_BREACH_N_TEXT_FIELDS; i++)
    g_clear_pointer (&texts[i], g_free);
}

/* The statement run, its change audited, committed; or nothing at all. *@id
 * is the breach's, or 0 for a new one, then set. */
static gboolean
commit_change (CabinetBreachLog  *self,
               sqlite3_stmt      *stmt,
               const char        *action,
               gint64            *id,
               GError           **error)
{
  if (!cabinet_database_step (self->database, stmt, NULL, error))
    goto fail;
  /* Before the audit's own row takes the last insert id. */
  if (*id == 0)
    *id = cabinet_database_last_insert_id (self->database);
  else if (cabinet_database_changes (self->database) == 0)
    {
      g_set_error_literal (error, CABINET_BREACH_ERROR, CABINET_BREACH_ERROR_NOT_FOUND,
                           _("This breach is no longer in the log."));
      goto fail;
    }
  if (!cabinet_audit_record (self->database, action, "breach", *id, error)
      || !cabinet_database_commit (self->database, error))
    goto fail;
  return TRUE;

fail:
  cabinet_database_rollback (self->database);
  return FALSE;
}

CabinetBreach *
cabinet_breach_log_add (CabinetBreachLog    *self,
                        GDateTime           *noticed_at,
                        const char * const  *texts,
                        GError             **error)
{
  g_autoptr(CabinetBreach) breach = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) now = cabinet_timestamp_now ();
  g_autofree char *noticed = NULL;
  g_autofree char *created = cabinet_timestamp_format (now);
  char *clean[CABINET_BREACH_N_TEXT_FIELDS] = { NULL, };

  g_return_val_if_fail (CABINET_IS_BREACH_LOG (self), NULL);
  g_return_val_if_fail (noticed_at != NULL, NULL);

  if (!clean_texts (texts, clean, error)
      || !check_not_future (noticed_at, _("The breach cannot have been noticed later than now."), error))
    {
      free_texts (clean);
      return NULL;
    }

  breach = g_object_new (CABINET_TYPE_BREACH, NULL);
  breach->noticed_at = stored_time (noticed_at);
  for (guint i = 0; i < CABINET_BREACH_N_TEXT_FIELDS; i++)
    {
      g_free (breach->texts[i]);
      breach->texts[i] = g_steal_pointer (&clean[i]);
    }
  noticed = cabinet_timestamp_format (breach->noticed_at);

  if (!cabinet_database_begin (self->database, error))
    return NULL;
  stmt = cabinet_database_prepare (self->database,
                                   "INSERT INTO breaches (noticed_at, description, data_concerned, consequences,"
                                   " measures, created_at) VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    {
      cabinet_database_rollback (self->database);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, noticed, -1, SQLITE_STATIC);
  for (guint i = 0; i < CABINET_BREACH_N_TEXT_FIELDS; i++)
    sqlite3_bind_text (stmt, 2 + i, breach->texts[i], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, created, -1, SQLITE_STATIC);
  if (!commit_change (self, stmt, "breach-recorded", &breach->id, error))
    return NULL;
  g_list_store_insert_sorted (self->breaches, breach, compare_latest_first, NULL);
  return g_steal_pointer (&breach);
}

gboolean
cabinet_breach_log_update (CabinetBreachLog    *self,
                           CabinetBreach       *breach,
                           const char * const  *texts,
                           GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char *clean[CABINET_BREACH_N_TEXT_FIELDS] = { NULL, };
  guint position;

  g_return_val_if_fail (CABINET_IS_BREACH_LOG (self), FALSE);
  g_return_val_if_fail (CABINET_IS_BREACH (breach), FALSE);
  if (!g_list_store_find (self->breaches, breach, &position))
    g_return_val_if_reached (FALSE);

  if (!clean_texts (texts, clean, error) || !cabinet_database_begin (self->database, error))
    {
      free_texts (clean);
      return FALSE;
    }
  stmt = cabinet_database_prepare (self->database,
                                   "UPDATE breaches SET description = ?, data_concerned = ?, consequences = ?,"
                                   " measures = ? WHERE id = ?", error);
  if (stmt == NULL)
    {
      cabinet_database_rollback (self->database);
      free_texts (clean);
      return FALSE;
    }
  for (guint i = 0; i < CABINET_BREACH_N_TEXT_FIELDS; i++)
    sqlite3_bind_text (stmt, 1 + i, clean[i], -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, breach->id);
  if (!commit_change (self, stmt, "breach-edited", &breach->id, error))
    {
      free_texts (clean);
      return FALSE;
    }

  for (guint i = 0; i < CABINET_BREACH_N_TEXT_FIELDS; i++)
    {
      g_free (breach->texts[i]);
      breach->texts[i] = g_steal_pointer (&clean[i]);
    }
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
  return TRUE;
}

/* Only a breach awaiting a decision gets one: what was decided stays. */
static gboolean
check_pending (CabinetBreach  *breach,
               GError        **error)
{
  if (cabinet_breach_is_pending (breach))
    return TRUE;
  g_set_error_literal (error, CABINET_BREACH_ERROR, CABINET_BREACH_ERROR_DECIDED,
                       _("A decision was already recorded for this breach."));
  return FALSE;
}

/* Records the decision on @breach: notified at @notified_at, or not, for
 * @reason. */
static gboolean
decide (CabinetBreachLog  *self,
        CabinetBreach     *breach,
        GDateTime         *notified_at,
        const char        *reason,
        GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *notified = notified_at ? cabinet_timestamp_format (notified_at) : NULL;
  guint position;

  if (!g_list_store_find (self->breaches, breach, &position))
    g_return_val_if_reached (FALSE);

  if (!cabinet_database_begin (self->database, error))
    return FALSE;
  stmt = cabinet_database_prepare (self->database,
                                   "UPDATE breaches SET notified_at = ?, not_notified_reason = ?"
                                   " WHERE id = ? AND notified_at IS NULL AND not_notified_reason = ''", error);
  if (stmt == NULL)
    {
      cabinet_database_rollback (self->database);
      return FALSE;
    }
  if (notified)
    sqlite3_bind_text (stmt, 1, notified, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, reason, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, breach->id);
  if (!commit_change (self, stmt, notified ? "breach-notified" : "breach-not-notified", &breach->id, error))
    return FALSE;

  breach->notified_at = notified ? cabinet_timestamp_parse (notified) : NULL;
  cabinet_set_string (&breach->not_notified_reason, reason);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
  return TRUE;
}

gboolean
cabinet_breach_log_set_notified (CabinetBreachLog  *self,
                                 CabinetBreach     *breach,
                                 GDateTime         *notified_at,
                                 GError           **error)
{
  g_return_val_if_fail (CABINET_IS_BREACH_LOG (self), FALSE);
  g_return_val_if_fail (CABINET_IS_BREACH (breach), FALSE);
  g_return_val_if_fail (notified_at != NULL, FALSE);

  if (!check_pending (breach, error)
      || !check_not_future (notified_at, _("The CNIL cannot have been notified later than now."), error))
    return FALSE;
  if (g_date_time_compare (notified_at, breach->noticed_at) < 0)
    {
      g_set_error_literal (error, CABINET_BREACH_ERROR, CABINET_BREACH_ERROR_BEFORE_NOTICED,
                           _("The CNIL cannot have been notified before the breach was noticed."));
      return FALSE;
    }
  return decide (self, breach, notified_at, "", error);
}

gboolean
cabinet_breach_log_set_not_notified (CabinetBreachLog  *self,
                                     CabinetBreach     *breach,
                                     const char        *reason,
                                     GError           **error)
{
  g_autofree char *clean = cabinet_text_clean (reason);

  g_return_val_if_fail (CABINET_IS_BREACH_LOG (self), FALSE);
  g_return_val_if_fail (CABINET_IS_BREACH (breach), FALSE);

  if (!check_pending (breach, error))
    return FALSE;
  if (*clean == '\0')
    {
      g_set_error_literal (error, CABINET_BREACH_ERROR, CABINET_BREACH_ERROR_NO_REASON,
                           _("Say why the CNIL is not notified: the reason is kept in the log."));
      return FALSE;
    }
  return decide (self, breach, NULL, clean, error);
}

/* The nearest deadline, the earliest noticed, first. */
static int
compare_earliest_first (gconstpointer a,
                        gconstpointer b,
                        gpointer      user_data)
{
  return -compare_latest_first (a, b, user_data);
}

GListModel *
cabinet_breach_log_list_pending (CabinetBreachLog *self)
{
  g_autoptr(GListStore) pending = g_list_store_new (CABINET_TYPE_BREACH);
  guint n;

  g_return_val_if_fail (CABINET_IS_BREACH_LOG (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->breaches));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CabinetBreach) breach = g_list_model_get_item (G_LIST_MODEL (self->breaches), i);

      if (cabinet_breach_is_pending (breach))
        g_list_store_insert_sorted (pending, breach, compare_earliest_first, NULL);
    }
  return G_LIST_MODEL (g_steal_pointer (&pending));
}
