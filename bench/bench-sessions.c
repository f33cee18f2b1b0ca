/* bench-sessions.c — the schedule at the size of twenty years of practice:
 * 100,000 sessions and as many payments, then Today, a week, a month, an overlap
 * check, a month exported as iCalendar and every client's balance, each a median
 * over repeated runs
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>

#include "cabinet-client-store.h"
#include "cabinet-ical.h"
#include "cabinet-ledger.h"
#include "cabinet-session-store.h"

#define RUNS 51

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (GArray *samples)
{
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, samples->len / 2);
}

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
  return median (samples);
}

int
main (int    argc,
      char **argv)
{
  guint n_sessions = argc > 1 ? (guint) atoi (argv[1]) : 100000;
  guint n_clients = MAX (n_sessions / 50, 1);
  g_autofree char *dir = g_dir_make_tmp ("cabinet-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cabinet.db", NULL);
  g_autoptr(CabinetKey) key = cabinet_key_new_random ();
  g_autoptr(CabinetDatabase) db = cabinet_database_open (path, key, CABINET_DATABASE_CREATE, NULL);
  g_autoptr(CabinetClientStore) clients = NULL;
  g_autoptr(CabinetSessionStore) store = NULL;
  g_autoptr(GPtrArray) new_clients = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autoptr(GDateTime) today = g_date_time_new (zone, g_date_time_get_year (now), g_date_time_get_month (now),
                                                g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) overlap_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) export_samples = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 day = g_date_time_to_unix (today);
  guint n_day, n_week, n_month;
  double day_ms, week_ms, month_ms, insert_ms, payments_ms;
  g_autoptr(CabinetLedger) ledger = NULL;
  g_autoptr(GArray) balance_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) charge_samples = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 outstanding = 0;
  guint n_balances = 0, n_charges = 0;
  gint64 start;

  setlocale (LC_ALL, "");
  g_assert (db != NULL);
  clients = cabinet_client_store_new (db, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n_clients; i++)
    {
      CabinetClient *client = cabinet_client_new ("Europe/Paris");
      g_autofree char *first_name = g_strdup_printf ("Client%u", i);

      cabinet_client_set_text (client, CABINET_CLIENT_FIRST_NAME, first_name);
      cabinet_client_set_text (client, CABINET_CLIENT_LAST_NAME, "Martin");
      g_ptr_array_add (new_clients, client);
    }
  if (!cabinet_client_store_add_all (clients, new_clients, &error))
    g_error ("%s", error->message);

  /* Twenty sessions each working day, every half hour from 8:00, back from the
   * end of this week: 100,000 are twenty years. Each day is a day in Paris, so
   * the series crosses every change of the clocks. */
  for (guint i = 0, d = 0; i < n_sessions; d++)
    {
      g_autoptr(GDateTime) date = g_date_time_add_days (today, 7 - (int) d);

      if (g_date_time_get_day_of_week (date) > 5)
        continue;
      for (guint slot = 0; slot < 20 && i < n_sessions; slot++, i++)
        {
          CabinetSession *session = cabinet_session_new ();
          CabinetClient *client = g_ptr_array_index (new_clients, i % n_clients);
          g_autoptr(GDateTime) when = g_date_time_add_minutes (date, 8 * 60 + 30 * (int) slot);

          cabinet_session_set_client_id (session, cabinet_client_get_id (client));
          cabinet_session_set_starts_at (session, g_date_time_to_unix (when));
          cabinet_session_set_fee (session, 6000, "EUR");
          cabinet_session_set_link (session, "https://visio.example.org/room");
          /* Those past: held, but one in twenty missed. */
          if (g_date_time_compare (when, now) < 0)
            cabinet_session_load (session, 0, 0, slot == 7 ? CABINET_SESSION_NO_SHOW : CABINET_SESSION_DONE,
                                  cabinet_session_get_uid (session), 0, NULL);
          g_ptr_array_add (sessions, session);
        }
    }
  start = g_get_monotonic_time ();
  store = cabinet_session_store_new (db);
  if (!cabinet_session_store_import (store, sessions, NULL, &error))
    g_error ("%s", error->message);
  insert_ms = (g_get_monotonic_time () - start) / 1000.0;

  /* As many payments as sessions, every method, one transaction: the ledger's
   * API writes one per transaction, which would make this set-up, not the
   * figures below, take minutes. */
  {
    g_autoptr(sqlite3_stmt) insert = NULL;
    static const char * const methods[] = { "card", "transfer", "cash", "cheque", "online", "other" };

    start = g_get_monotonic_time ();
    cabinet_database_begin (db, &error);
    g_assert_no_error (error);
    insert = cabinet_database_prepare (db, "INSERT INTO payments (client_id, kind, amount_minor, currency,"
                                           " paid_on, method, created_at) VALUES (?, 'payment', 6000, 'EUR',"
                                           " '2026-01-05', ?, '2026-01-05T10:00:00.000Z')", &error);
    g_assert_no_error (error);
    for (guint i = 0; i < n_sessions; i++)
      {
        sqlite3_reset (insert);
        sqlite3_bind_int64 (insert, 1, cabinet_client_get_id (g_ptr_array_index (new_clients, (i * 7) % n_clients)));
        sqlite3_bind_text (insert, 2, methods[i % G_N_ELEMENTS (methods)], -1, SQLITE_STATIC);
        cabinet_database_step (db, insert, NULL, &error);
        g_assert_no_error (error);
      }
    cabinet_database_commit (db, &error);
    g_assert_no_error (error);
    payments_ms = (g_get_monotonic_time () - start) / 1000.0;
  }

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
    gint64 monday = day - (gint64) (g_date_time_get_day_of_week (today) - 1 + 7) * 86400;

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
           n_sessions, n_clients, RUNS);
  g_print ("| figure | ms | target |\n|---|---|---|\n");
  g_print ("| writing all the sessions, one transaction | %.0f | — |\n", insert_ms);
  g_print ("| Today (%u sessions) | %.2f | < 10 |\n", n_day, day_ms);
  g_print ("| a week (%u sessions) | %.2f | < 10 |\n", n_week, week_ms);
  g_print ("| a month, the agenda (%u sessions) | %.2f | < 20 |\n", n_month, month_ms);
  g_print ("| overlaps of a 52-week series | %.2f | — |\n", median (overlap_samples));
  g_print ("| a month exported as .ics (%u events) | %.2f | — |\n", n_month, median (export_samples));
  g_print ("| writing %u payments, one transaction | %.0f | — |\n", n_sessions, payments_ms);
  g_print ("| every client's balance (%u) and the outstanding total | %.2f | < 20 |\n", n_balances,
           median (balance_samples));
  g_print ("| one client's %u charges and what covers them | %.2f | — |\n", n_charges, median (charge_samples));
  (void) outstanding;

  g_clear_object (&ledger);
  g_clear_object (&store);
  g_clear_object (&clients);
  cabinet_database_close (db);
  g_unlink (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
  return 0;
}
