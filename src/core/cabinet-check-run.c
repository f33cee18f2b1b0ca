/* cabinet-check-run.c — a past self-check, as the history shows it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cabinet-check-run.h"

struct _CabinetCheckRun
{
  GObject             parent_instance;
  GDateTime          *checked_at;
  CabinetCheckStatus  verdict;
  char               *statuses;
};

G_DEFINE_FINAL_TYPE (CabinetCheckRun, cabinet_check_run, G_TYPE_OBJECT)

static void
cabinet_check_run_finalize (GObject *object)
{
  CabinetCheckRun *self = CABINET_CHECK_RUN (object);

  g_clear_pointer (&self->checked_at, g_date_time_unref);
  g_free (self->statuses);
  G_OBJECT_CLASS (cabinet_check_run_parent_class)->finalize (object);
}

static void
cabinet_check_run_class_init (CabinetCheckRunClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cabinet_check_run_finalize;
}

static void
cabinet_check_run_init (CabinetCheckRun *self)
{
}

GDateTime *
cabinet_check_run_get_checked_at (CabinetCheckRun *self)
{
  g_return_val_if_fail (CABINET_IS_CHECK_RUN (self), NULL);
  return self->checked_at;
}

CabinetCheckStatus
cabinet_check_run_get_verdict (CabinetCheckRun *self)
{
  g_return_val_if_fail (CABINET_IS_CHECK_RUN (self), CABINET_CHECK_UNKNOWN);
  return self->verdict;
}

const char *
cabinet_check_run_get_statuses (CabinetCheckRun *self)
{
  g_return_val_if_fail (CABINET_IS_CHECK_RUN (self), NULL);
  return self->statuses;
}

CabinetCheckStatus
cabinet_check_run_get_status (CabinetCheckRun *self,
                              const char      *check_id)
{
  g_auto(GStrv) pairs = NULL;
  gsize id_len;

  g_return_val_if_fail (CABINET_IS_CHECK_RUN (self), CABINET_CHECK_UNKNOWN);

  pairs = g_strsplit (self->statuses ? self->statuses : "", ",", -1);
  id_len = strlen (check_id);
  for (guint i = 0; pairs[i]; i++)
    if (strncmp (pairs[i], check_id, id_len) == 0 && pairs[i][id_len] == '=')
      return cabinet_check_status_from_string (pairs[i] + id_len + 1);
  return CABINET_CHECK_UNKNOWN;
}

GListModel *
cabinet_check_run_load_history (CabinetDatabase  *database,
                                guint             limit,
                                GError          **error)
{
  g_autoptr(GListStore) runs = g_list_store_new (CABINET_TYPE_CHECK_RUN);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row;

  g_return_val_if_fail (CABINET_IS_DATABASE (database), NULL);

  stmt = cabinet_database_prepare (database,
                                   "SELECT r.checked_at, r.verdict, "
                                   "       (SELECT group_concat (check_id || '=' || status) "
                                   "          FROM self_check_results WHERE run_id = r.id) "
                                   "FROM self_check_runs r ORDER BY r.checked_at DESC, r.id DESC LIMIT ?",
                                   error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit);

  while (cabinet_database_step (database, stmt, &has_row, error) && has_row)
    {
      g_autoptr(CabinetCheckRun) run = g_object_new (CABINET_TYPE_CHECK_RUN, NULL);

      run->checked_at = g_date_time_new_from_iso8601 ((const char *) sqlite3_column_text (stmt, 0), NULL);
      run->verdict = cabinet_check_status_from_string ((const char *) sqlite3_column_text (stmt, 1));
      run->statuses = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      if (run->checked_at)
        g_list_store_append (runs, run);
    }
  if (error && *error)
    return NULL;
  return G_LIST_MODEL (g_steal_pointer (&runs));
}
