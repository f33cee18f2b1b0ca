/* bench-large.c — what a therapist waits for, measured on the large practice of
 * cabinet-bench-data, each figure beside the same work on the unencrypted copy:
 *
 *   bench-large DIR [RUNS]
 *
 * Opening the database, the client search, the balances, Today, a week and a
 * month. The baselines run the very statements Cabinet ran: they are caught as
 * Cabinet's store runs them (sqlite3_trace_v2), then run again on the encrypted
 * and on the unencrypted file. Prints a Markdown table, then one "@figure"
 * line each, tab-separated, for bench/run.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "bench-practice.h"
#include "cabinet-client-store.h"
#include "cabinet-ledger.h"
#include "cabinet-session-store.h"

static guint runs = 21;

typedef struct {
  CabinetDatabase *db;
  sqlite3         *encrypted;   /* Cabinet's own connection */
  sqlite3         *plain;       /* the unencrypted copy, read-only */
  GPtrArray       *caught;      /* the statements a store ran, as text */
} Bench;

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
on_statement (unsigned  type,
              void     *data,
              void     *p,
              void     *x)
{
  Bench *bench = data;
  char *sql = sqlite3_expanded_sql (p);

  /* What the store reads; what it writes (and a transaction's BEGIN and
   * COMMIT) is not in a baseline. */
  if (sql && (g_ascii_strncasecmp (sql, "SELECT", 6) == 0 || g_ascii_strncasecmp (sql, "WITH", 4) == 0))
    g_ptr_array_add (bench->caught, g_strdup (sql));
  sqlite3_free (sql);
  return 0;
}

static void
catch_start (Bench *bench)
{
  g_ptr_array_set_size (bench->caught, 0);
  sqlite3_trace_v2 (bench->encrypted, SQLITE_TRACE_STMT, on_statement, bench);
}

static void
catch_stop (Bench *bench)
{
  sqlite3_trace_v2 (bench->encrypted, 0, NULL, NULL);
  if (bench->caught->len == 0)
    g_error ("the store ran no statement to compare");
}

/* Every statement caught, each stepped to its end on @db. */
static double
replay (Bench   *bench,
        sqlite3 *db)
{
  double start = now_ms ();

  for (guint i = 0; i < bench->caught->len; i++)
    {
      sqlite3_stmt *stmt = NULL;
      int rc = sqlite3_prepare_v2 (db, g_ptr_array_index (bench->caught, i), -1, &stmt, NULL);

      while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        rc = SQLITE_OK;
      if (rc != SQLITE_DONE)
        g_error ("%s: %s", (char *) g_ptr_array_index (bench->caught, i), sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
    }
  return now_ms () - start;
}

/* The median of @n runs of @fn, after one to warm the caches. */
static double
median_of_n (double (*fn) (Bench *, gpointer),
             Bench   *bench,
             gpointer data,
             guint    n)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));

  fn (bench, data);
  for (guint i = 0; i < n; i++)
    {
      double ms = fn (bench, data);
      g_array_append_val (samples, ms);
    }
  return bench_median (samples);
}

/* Two figures measured in turns, A then B, so that the machine's slower and
 * faster moments fall on both alike: for the short ones, where they would show. */
static void
medians_in_turn (double (*a) (Bench *, gpointer),
                 double (*b) (Bench *, gpointer),
                 Bench   *bench,
                 gpointer data,
                 double  *median_a,
                 double  *median_b)
{
  g_autoptr(GArray) samples_a = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) samples_b = g_array_new (FALSE, FALSE, sizeof (double));

  a (bench, data);
  b (bench, data);
  for (guint i = 0; i < runs; i++)
    {
      double ms = a (bench, data);

      g_array_append_val (samples_a, ms);
      ms = b (bench, data);
      g_array_append_val (samples_b, ms);
    }
  *median_a = bench_median (samples_a);
  *median_b = bench_median (samples_b);
}

static double
median_of (double (*fn) (Bench *, gpointer),
           Bench   *bench,
           gpointer data)
{
  return median_of_n (fn, bench, data, runs);
}

static double
replay_encrypted (Bench *bench, gpointer data)
{
  return replay (bench, bench->encrypted);
}

static double
replay_plain (Bench *bench, gpointer data)
{
  return replay (bench, bench->plain);
}

static void
row (const char *id,
     const char *figure,
     double      ms,
     double      baseline,
     const char *baseline_name,
     double      target)
{
  g_autofree char *ratio = baseline > 0 ? g_strdup_printf ("%.2f×", ms / baseline) : g_strdup ("");
  g_autofree char *base = baseline > 0 ? g_strdup_printf ("%s: %.2f ms", baseline_name, baseline) : g_strdup ("—");
  const char *verdict = "";

  if (target > 0)
    verdict = baseline > 0 ? (ms / baseline <= target ? "met" : "MISSED") : (ms <= target ? "met" : "MISSED");
  g_print ("| %s | %.2f ms | %s | %s | %s |\n", figure, ms, base, ratio, verdict);
  g_print ("@%s\t%.4f\t%.4f\n", id, ms, baseline);
}

/* ── The figures ─────────────────────────────────────────────────────────── */

typedef struct {
  const char *path;
  const char *plain;
  CabinetKey *key;
} Files;

static double
open_encrypted (Bench *bench, gpointer data)
{
  Files *files = data;
  g_autoptr(GError) error = NULL;
  double start = now_ms ();
  g_autoptr(CabinetDatabase) db = cabinet_database_open (files->path, files->key, CABINET_DATABASE_AS_IS, &error);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (db == NULL || (stmt = cabinet_database_prepare (db, "SELECT count (*) FROM clients", &error)) == NULL
      || !cabinet_database_step (db, stmt, NULL, &error))
    g_error ("%s", error->message);
  g_clear_pointer (&stmt, sqlite3_finalize);
  cabinet_database_close (db);
  return now_ms () - start;
}

static double
open_plain (Bench *bench, gpointer data)
{
  Files *files = data;
  double start = now_ms ();
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_open_v2 (files->plain, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (db, "SELECT count (*) FROM clients", -1, &stmt, NULL) != SQLITE_OK
      || sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("%s: %s", files->plain, sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return now_ms () - start;
}

/* As the unlock opens it: the schema read, the check left for later. */
static double
open_cabinet (Bench *bench, gpointer data)
{
  Files *files = data;
  g_autoptr(GError) error = NULL;
  double start = now_ms ();
  g_autoptr(CabinetDatabase) db = cabinet_database_open (files->path, files->key, CABINET_DATABASE_CHECK_LATER,
                                                         &error);

  if (db == NULL)
    g_error ("%s", error->message);
  cabinet_database_close (db);
  return now_ms () - start;
}

static void
checked (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!cabinet_database_check_finish (CABINET_DATABASE (source), result, &error))
    g_error ("%s", error->message);
  *(gboolean *) user_data = TRUE;
}

/* The check the window starts once the records are on screen (quick_check, on
 * its own connection in a worker thread). */
static double
check_file (Bench *bench, gpointer data)
{
  Files *files = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetDatabase) db = cabinet_database_open (files->path, files->key, CABINET_DATABASE_CHECK_LATER,
                                                         &error);
  gboolean done = FALSE;
  double start;

  if (db == NULL)
    g_error ("%s", error->message);
  start = now_ms ();
  cabinet_database_check_async (db, NULL, checked, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  start = now_ms () - start;
  cabinet_database_close (db);
  return start;
}

static double
balances (Bench *bench, gpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 outstanding = 0;
  double start = now_ms ();
  g_autoptr(GHashTable) table = cabinet_ledger_get_balances (data, &outstanding, &error);

  if (table == NULL)
    g_error ("%s", error->message);
  return now_ms () - start;
}

typedef struct {
  CabinetSessionStore *store;
  gint64               from, to;
  guint                n;
} Range;

static double
range (Bench *bench, gpointer data)
{
  Range *r = data;
  g_autoptr(GError) error = NULL;
  double start = now_ms ();
  g_autoptr(GListModel) list = cabinet_session_store_list_range (r->store, r->from, r->to, &error);

  if (list == NULL)
    g_error ("%s", error->message);
  r->n = g_list_model_get_n_items (list);
  return now_ms () - start;
}

/* @figure: the store's call; then the statements it ran, on both files. */
static void
compare (Bench      *bench,
         const char *id,
         const char *figure,
         double    (*fn) (Bench *, gpointer),
         gpointer    data)
{
  double api, encrypted, plain;
  g_autofree char *sql_figure = NULL;
  g_autofree char *sql_id = g_strconcat (id, "-sql", NULL);

  api = median_of (fn, bench, data);
  catch_start (bench);
  fn (bench, data);
  catch_stop (bench);
  encrypted = median_of (replay_encrypted, bench, NULL);
  plain = median_of (replay_plain, bench, NULL);
  row (id, figure, api, 0, NULL, 0);
  sql_figure = g_strdup_printf ("%s: its %u SQL statements", figure, bench->caught->len);
  row (sql_id, sql_figure, encrypted, plain, "unencrypted", 1.3);
}

int
main (int argc, char *argv[])
{
  g_autofree char *path = NULL, *plain = NULL, *key_file = NULL, *hex = NULL;
  g_autoptr(CabinetKey) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetClientStore) clients = NULL;
  g_autoptr(CabinetLedger) ledger = NULL;
  g_autoptr(CabinetSessionStore) sessions = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autoptr(GDateTime) day = NULL, week = NULL, month = NULL, next_day = NULL, next_week = NULL, next_month = NULL;
  g_autoptr(GArray) keystrokes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(sqlite3_stmt) probe = NULL;
  Bench bench = { NULL };
  Files files;
  double ms, base, worst = 0;
  Range r;

  setlocale (LC_ALL, "");
  if (argc < 2)
    {
      g_printerr ("usage: bench-large DIR [RUNS]\n");
      return 2;
    }
  if (argc > 2)
    runs = MAX (atoi (argv[2]), 1);
  path = g_build_filename (argv[1], "cabinet.db", NULL);
  plain = g_build_filename (argv[1], "plain.db", NULL);
  key_file = g_build_filename (argv[1], "cabinet.key", NULL);
  if (!g_file_get_contents (key_file, &hex, NULL, &error)
      || (key = cabinet_key_new_from_hex (g_strstrip (hex), &error)) == NULL)
    g_error ("%s", error->message);
  files = (Files) { path, plain, key };

  g_print ("| figure | Cabinet | baseline | ratio | target |\n|---|---|---|---|---|\n");

  /* Opening. */
  medians_in_turn (open_encrypted, open_plain, &bench, &files, &ms, &base);
  row ("open", "open with the raw key, first query", ms, base, "unencrypted", 1.3);
  /* Seconds at scale 10: five are enough. */
  row ("unlock", "open as at unlock (schema, migrations)", median_of (open_cabinet, &bench, &files),
       0, NULL, 0);
  row ("check", "the file's check, after the first frame (worker thread)",
       median_of_n (check_file, &bench, &files, MIN (runs, 5)), 0, NULL, 0);

  bench.db = cabinet_database_open (path, key, CABINET_DATABASE_OPEN_EXISTING, &error);
  if (bench.db == NULL)
    g_error ("%s", error->message);
  probe = cabinet_database_prepare (bench.db, "SELECT 1", &error);
  g_assert_no_error (error);
  bench.encrypted = sqlite3_db_handle (probe);
  if (sqlite3_open_v2 (plain, &bench.plain, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    g_error ("%s: %s", plain, sqlite3_errmsg (bench.plain));
  bench.caught = g_ptr_array_new_with_free_func (g_free);

  /* The Clients page: every client read when it is first shown, then one search a keystroke. */
  {
    double start = now_ms ();
    g_autofree char *figure = NULL;

    clients = cabinet_client_store_new (bench.db, &error);
    g_assert_no_error (error);
    figure = g_strdup_printf ("every client read (%u)", cabinet_client_store_get_n_all (clients));
    row ("clients-load", figure, now_ms () - start, 0, NULL, 0);
    bench_type_search (clients, "helene martin lyon", 5, keystrokes);
    for (guint i = 0; i < keystrokes->len; i++)
      worst = MAX (worst, g_array_index (keystrokes, double, i));
    row ("search", "client search, median keystroke", bench_median (keystrokes), 0, NULL, 16);
    row ("search-worst", "client search, slowest keystroke", worst, 0, NULL, 16);
  }

  ledger = cabinet_ledger_new (bench.db, "EUR");
  compare (&bench, "balances", "every client's balance and the total", balances, ledger);

  sessions = cabinet_session_store_new (bench.db);
  day = g_date_time_new (zone, g_date_time_get_year (now), g_date_time_get_month (now),
                         g_date_time_get_day_of_month (now), 0, 0, 0);
  /* Today, or the last working day when today is not one. */
  while (g_date_time_get_day_of_week (day) > 5)
    {
      GDateTime *before = g_date_time_add_days (day, -1);

      g_date_time_unref (day);
      day = before;
    }
  next_day = g_date_time_add_days (day, 1);
  week = g_date_time_add_days (day, 1 - g_date_time_get_day_of_week (day));
  next_week = g_date_time_add_weeks (week, 1);
  month = g_date_time_add_days (day, 1 - g_date_time_get_day_of_month (day));
  next_month = g_date_time_add_months (month, 1);
  {
    struct { const char *id, *name; GDateTime *from, *to; } ranges[] = {
      { "today", "Today", day, next_day },
      { "week", "a week", week, next_week },
      { "month", "a month", month, next_month },
    };

    for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
      {
        g_autofree char *figure = NULL;

        r = (Range) { sessions, g_date_time_to_unix (ranges[i].from), g_date_time_to_unix (ranges[i].to), 0 };
        range (&bench, &r);
        figure = g_strdup_printf ("%s (%u sessions)", ranges[i].name, r.n);
        compare (&bench, ranges[i].id, figure, range, &r);
      }
  }

  g_clear_pointer (&probe, sqlite3_finalize);
  sqlite3_close (bench.plain);
  g_ptr_array_unref (bench.caught);
  g_clear_object (&clients);
  g_clear_object (&ledger);
  g_clear_object (&sessions);
  cabinet_database_close (bench.db);
  g_object_unref (bench.db);
  return 0;
}
