/* cabinet-mon-soutien-psy.c — sessions under Mon soutien psy: at the national
 * fee, no extra charge, twelve a calendar year, the first in person
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cabinet-mon-soutien-psy.h"

gboolean
cabinet_mon_soutien_psy_count (CabinetDatabase  *database,
                               gint64            client_id,
                               gint64            starts_at,
                               guint            *in_year,
                               gboolean         *earlier,
                               GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (starts_at);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  g_autoptr(GDateTime) year_start = g_date_time_new_local (g_date_time_get_year (local), 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) year_end = g_date_time_add_years (year_start, 1);
  gboolean has_row = FALSE;

  g_return_val_if_fail (CABINET_IS_DATABASE (database), FALSE);

  stmt = cabinet_database_prepare (database,
                                   "SELECT IFNULL (sum (starts_at >= ?2 AND starts_at < ?3), 0),"
                                   " IFNULL (sum (starts_at < ?4), 0)"
                                   " FROM sessions WHERE client_id = ?1 AND billing = 'mon-soutien-psy'"
                                   " AND status NOT IN ('cancelled-client', 'cancelled-therapist')", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client_id);
  sqlite3_bind_int64 (stmt, 2, g_date_time_to_unix (year_start));
  sqlite3_bind_int64 (stmt, 3, g_date_time_to_unix (year_end));
  sqlite3_bind_int64 (stmt, 4, starts_at);
  if (!cabinet_database_step (database, stmt, &has_row, error))
    return FALSE;
  *in_year = (guint) sqlite3_column_int (stmt, 0);
  *earlier = sqlite3_column_int (stmt, 1) > 0;
  return TRUE;
}

char *
cabinet_mon_soutien_psy_warning (CabinetDatabase  *database,
                                 gint64            client_id,
                                 gint64            starts_at,
                                 CabinetChannels   modality)
{
  guint in_year = 0;
  gboolean earlier = FALSE;

  g_return_val_if_fail (CABINET_IS_DATABASE (database), NULL);

  if (!cabinet_mon_soutien_psy_count (database, client_id, starts_at, &in_year, &earlier, NULL))
    return NULL;
  if (!earlier && modality != CABINET_CHANNEL_IN_PERSON)
    return g_strdup (_("Under Mon soutien psy, the first session, the assessment, takes place in person."));
  if (in_year >= CABINET_MON_SOUTIEN_PSY_PER_YEAR)
    return g_strdup_printf (_("This would be session %u of the year under Mon soutien psy: at most %u are covered. Plan it as a private session, or next year."),
                            in_year + 1, CABINET_MON_SOUTIEN_PSY_PER_YEAR);
  return NULL;
}
