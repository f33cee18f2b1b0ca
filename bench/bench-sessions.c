/* bench-sessions.c — the schedule at the size of twenty years of practice:
 * 100,000 sessions and as many payments, then Today, a week, a month, an overlap
 * check, a month exported as iCalendar and every client's balance, each a median
 * over repeated runs
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include "bench-practice.h"
#include "cabinet-ical.h"
#include "cabinet-ledger.h"

#define RUNS 51

/* The median time of listing [@from, @to), and how many sessions it holds. */
static double
time_range (CabinetSessionStore *store,
            gint64               from,
            gint64               to,
            guint               *n)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GListModel) sessions = cabinet_session_store_list_range (store, from, to, &error);
      double ms = (g_get_monotonic_time () - start) / 1000.0;

      g_assert (sessions != NULL);
      *n = g_list_model_get_n_items (sessions);
      g_array_append_val (samples, ms);
    }
  return bench_median (samples);
}

int
main (int    argc,
      char **argv)
{
  guint n_sessions = argc > 1 ? (guint) atoi (argv[1]) : 100000;
  BenchPractice *practice = NULL;
  CabinetSessionStore *store;
  CabinetDatabase *db;
  GPtrArray *new_clients;
  GTimeZone *zone;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) overlap_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) export_samples = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 day;
  guint n_day, n_week, n_month;
  double day_ms, week_ms, month_ms;
  g_autoptr(CabinetLedger) ledger = NULL;
  g_autoptr(GArray) balance_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) charge_samples = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 outstanding = 0;
  guint n_balances = 0, n_charges = 0;
  gint64 start;

  setlocale (LC_ALL, "");
  practice = bench_practice_new (n_sessions, 0);
  store = practice->store;
  db = practice->db;
  new_clients = practice->client_list;
  zone = practice->zone;
  day = g_date_time_to_unix (practice->today);

  /* Every client's balance and the practice's outstanding total; one client's
   * charges with what covers them. */
  ledger = cabinet_ledger_new (db, "EUR");
  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(GHashTable) balances = NULL;
      g_autoptr(GPtrArray) charges = NULL;
      double ms;

      start = g_get_monotonic_time ();
      balances = cabinet_ledger_get_balances (ledger, &outstanding, &error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);
      g_array_append_val (balance_samples, ms);
      n_balances = g_hash_table_size (balances);

      start = g_get_monotonic_time ();
      charges = cabinet_ledger_list_charges (ledger, cabinet_client_get_id (g_ptr_array_index (new_clients, 0)), &error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);
      g_array_append_val (charge_samples, ms);
      n_charges = charges->len;
    }

  /* Last Tuesday, last week, the last 31 days. */
  {
    gint64 monday = day - (gint64) (g_date_time_get_day_of_week (practice->today) - 1 + 7) * 86400;

    day_ms = time_range (store, monday + 86400, monday + 2 * 86400, &n_day);
    week_ms = time_range (store, monday, monday + 7 * 86400, &n_week);
    month_ms = time_range (store, day - 31 * 86400, day, &n_month);
  }

  /* Planning a weekly series of 52: the overlap check of every one of them. */
  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(CabinetSession) session = cabinet_session_new ();
      g_autoptr(CabinetSessionPlan) plan = NULL;
      CabinetRecurrence rule;

      cabinet_session_set_client_id (session, cabinet_client_get_id (g_ptr_array_index (new_clients, 0)));
      cabinet_session_set_starts_at (session, day - 365 * 86400 + 10 * 3600);
      cabinet_session_set_fee (session, 6000, "EUR");
      cabinet_recurrence_init (&rule, CABINET_REPEAT_WEEKLY);
      rule.count = 52;
      start = g_get_monotonic_time ();
      plan = cabinet_session_store_plan_add (store, session, &rule, zone, &error);
      {
        double ms = (g_get_monotonic_time () - start) / 1000.0;
        g_array_append_val (overlap_samples, ms);
      }
      g_assert_no_error (error);
      cabinet_recurrence_clear (&rule);
    }

  /* A month of sessions as an .ics file. */
  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(GListModel) month = cabinet_session_store_list_range (store, day - 31 * 86400, day, NULL);
      g_autofree char *ics = NULL;

      start = g_get_monotonic_time ();
      ics = cabinet_ical_export (month, CABINET_ICAL_TITLE_SESSION, NULL, NULL);
      {
        double ms = (g_get_monotonic_time () - start) / 1000.0;
        g_array_append_val (export_samples, ms);
      }
    }

  g_print ("%u sessions, %u clients, in an encrypted database (median of %u runs)\n",
           n_sessions, practice->n_clients, RUNS);
  g_print ("| figure | ms | target |\n|---|---|---|\n");
  g_print ("| writing all the sessions, one transaction | %.0f | — |\n", practice->sessions_ms);
  g_print ("| Today (%u sessions) | %.2f | < 10 |\n", n_day, day_ms);
  g_print ("| a week (%u sessions) | %.2f | < 10 |\n", n_week, week_ms);
  g_print ("| a month, the agenda (%u sessions) | %.2f | < 20 |\n", n_month, month_ms);
  g_print ("| overlaps of a 52-week series | %.2f | — |\n", bench_median (overlap_samples));
  g_print ("| a month exported as .ics (%u events) | %.2f | — |\n", n_month, bench_median (export_samples));
  g_print ("| writing %u payments, one transaction | %.0f | — |\n", practice->n_payments, practice->payments_ms);
  g_print ("| every client's balance (%u) and the outstanding total | %.2f | < 20 |\n", n_balances,
           bench_median (balance_samples));
  g_print ("| one client's %u charges and what covers them | %.2f | — |\n", n_charges, bench_median (charge_samples));
  (void) outstanding;

  g_clear_object (&ledger);
  bench_practice_free (practice);
  return 0;
}
