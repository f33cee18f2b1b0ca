/* cabinet-retention.c — how long a client's record is kept, and what the law
 * keeps of it after an erasure
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <time.h>

#include "cabinet-retention.h"

void
cabinet_retention_due_date (const GDate *last,
                            const GDate *birth,
                            guint        years,
                            GDate       *due)
{
  g_return_if_fail (last != NULL && g_date_valid (last));
  g_return_if_fail (due != NULL);

  *due = *last;
  g_date_add_years (due, years);
  /* A minor's record is kept until the same period has run from the day they
   * come of age: for an adult, that day is always earlier. */
  if (birth && g_date_valid (birth))
    {
      GDate of_age = *birth;

      g_date_add_years (&of_age, 18 + years);
      if (g_date_compare (&of_age, due) > 0)
        *due = of_age;
    }
}

static void
set_today (GDate       *date,
           const GDate *today)
{
  if (today)
    *date = *today;
  else
    {
      g_date_clear (date, 1);
      g_date_set_time_t (date, time (NULL));
    }
}

/* "YYYY-MM-DD…" read into @date; FALSE when it is not a date. */
static gboolean
parse_day (const char *text,
           GDate      *date)
{
  guint y, m, d;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%4u-%2u-%2u", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

static int
compare_due (gconstpointer a,
             gconstpointer b)
{
  const CabinetRetentionDue *x = *(CabinetRetentionDue * const *) a;
  const CabinetRetentionDue *y = *(CabinetRetentionDue * const *) b;
  int c = g_date_compare (&x->due, &y->due);

  return c != 0 ? c : (x->client_id > y->client_id) - (x->client_id < y->client_id);
}

GPtrArray *
cabinet_retention_list_due (CabinetDatabase  *database,
                            guint             years,
                            const GDate      *today,
                            GError          **error)
{
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GDate now;

  g_return_val_if_fail (CABINET_IS_DATABASE (database), NULL);

  set_today (&now, today);
  /* The last session of any fate: a session cancelled is a contact too. The
   * clients erased already (kept for their fiscal rows) are not records. */
  stmt = cabinet_database_prepare (database,
                                   "SELECT c.id, c.birth_date, c.created_at,"
                                   " (SELECT strftime ('%Y-%m-%d', max (s.starts_at), 'unixepoch', 'localtime')"
                                   "  FROM sessions s WHERE s.client_id = c.id)"
                                   " FROM clients c WHERE c.erased_on IS NULL", error);
  if (stmt == NULL)
    return NULL;
  for (;;)
    {
      CabinetRetentionDue item = { 0, };
      gboolean has_row;
      GDate birth;

      if (!cabinet_database_step (database, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      item.client_id = sqlite3_column_int64 (stmt, 0);
      if (!parse_day ((const char *) sqlite3_column_text (stmt, 3), &item.last)
          && !parse_day ((const char *) sqlite3_column_text (stmt, 2), &item.last))
        continue;
      parse_day ((const char *) sqlite3_column_text (stmt, 1), &birth);
      cabinet_retention_due_date (&item.last, &birth, years, &item.due);
      if (g_date_compare (&item.due, &now) <= 0)
        g_ptr_array_add (due, g_memdup2 (&item, sizeof item));
    }
  g_ptr_array_sort (due, compare_due);
  return g_steal_pointer (&due);
}

gboolean
cabinet_retention_fiscal_hold (CabinetDatabase  *database,
                               gint64            client_id,
                               const GDate      *today,
                               GDate            *until,
                               GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row;
  GDate latest, now, end;

  g_return_val_if_fail (CABINET_IS_DATABASE (database), FALSE);

  stmt = cabinet_database_prepare (database,
                                   "SELECT max (day) FROM ("
                                   " SELECT max (paid_on) AS day FROM payments WHERE client_id = ?1"
                                   " UNION ALL SELECT max (issued_on) FROM receipts WHERE client_id = ?1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client_id);
  if (!cabinet_database_step (database, stmt, &has_row, error)
      || !has_row || !parse_day ((const char *) sqlite3_column_text (stmt, 0), &latest))
    return FALSE;
  set_today (&now, today);
  end = latest;
  g_date_add_years (&end, CABINET_RETENTION_FISCAL_YEARS);
  if (g_date_compare (&end, &now) <= 0)
    return FALSE;
  if (until)
    *until = end;
  return TRUE;
}
