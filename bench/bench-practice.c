/* bench-practice.c — a large practice for the benchmarks: clients, twenty years
 * of sessions written through the session store, and as many payments, in an
 * encrypted database in a temporary folder
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "bench-practice.h"

int
bench_compare_doubles (gconstpointer a,
                       gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

double
bench_median (GArray *samples)
{
  g_array_sort (samples, bench_compare_doubles);
  return g_array_index (samples, double, samples->len / 2);
}

static const char *first_names[] = { "Hélène", "Jean", "Zoé", "Mathéo", "Chloé", "Noël", "Agnès",
                                     "François", "Léa", "Loïc", "Inès", "Björn", "Ana", "Yusuf" };
static const char *last_names[] = { "Martin", "Dubois", "Lefèvre", "Moreau", "Girard", "Nguyễn",
                                    "Œuvray", "Da Silva", "Benali", "Rousseau", "Fontaine", "Petit" };
static const char *cities[] = { "Lyon", "Paris", "Montréal", "Besançon", "Nîmes", "Genève", "Québec" };

CabinetClient *
bench_client_new (guint i)
{
  CabinetClient *c = cabinet_client_new ("Europe/Paris");
  g_autofree char *email = g_strdup_printf ("client%u@exemple.fr", i);
  g_autofree char *phone = g_strdup_printf ("+33 6 %02u %02u %02u %02u", i % 97, i % 89, i % 83, i % 79);

  cabinet_client_set_text (c, CABINET_CLIENT_FIRST_NAME, first_names[i % G_N_ELEMENTS (first_names)]);
  cabinet_client_set_text (c, CABINET_CLIENT_LAST_NAME, last_names[(i / 7) % G_N_ELEMENTS (last_names)]);
  cabinet_client_set_text (c, CABINET_CLIENT_CITY, cities[(i / 3) % G_N_ELEMENTS (cities)]);
  cabinet_client_set_text (c, CABINET_CLIENT_EMAIL, email);
  cabinet_client_set_text (c, CABINET_CLIENT_PHONE, phone);
  /* One in five has documents in English. */
  cabinet_client_set_text (c, CABINET_CLIENT_LANGUAGE, i % 5 == 0 ? "en" : "fr");
  return c;
}

static void
search_timed (CabinetClientStore *store,
              const char         *typed,
              gsize               length,
              GArray             *samples)
{
  g_autofree char *prefix = g_strndup (typed, length);
  gint64 start = g_get_monotonic_time ();
  double ms;

  cabinet_client_store_search (store, prefix);
  ms = (g_get_monotonic_time () - start) / 1000.0;
  g_array_append_val (samples, ms);
}

void
bench_type_search (CabinetClientStore *store,
                   const char         *typed,
                   guint               rounds,
                   GArray             *samples)
{
  for (guint round = 0; round < rounds; round++)
    {
      for (gsize len = 1; len <= strlen (typed); len++)
        search_timed (store, typed, len, samples);
      for (gsize len = strlen (typed); len-- > 0;)
        search_timed (store, typed, len, samples);
    }
}

BenchPractice *
bench_practice_new (guint n_sessions,
                    guint unpaid_every)
{
  BenchPractice *p = g_new0 (BenchPractice, 1);
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  p->n_sessions = n_sessions;
  p->n_clients = MAX (n_sessions / 50, 1);
  p->dir = g_dir_make_tmp ("cabinet-bench-XXXXXX", NULL);
  p->path = g_build_filename (p->dir, "cabinet.db", NULL);
  p->key = cabinet_key_new_random ();
  p->db = cabinet_database_open (p->path, p->key, CABINET_DATABASE_CREATE, &error);
  g_assert_no_error (error);
  p->zone = g_time_zone_new_identifier ("Europe/Paris");
  now = g_date_time_new_now (p->zone);
  p->today = g_date_time_new (p->zone, g_date_time_get_year (now), g_date_time_get_month (now),
                              g_date_time_get_day_of_month (now), 0, 0, 0);
  p->clients = cabinet_client_store_new (p->db, &error);
  g_assert_no_error (error);
  p->client_list = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < p->n_clients; i++)
    {
      CabinetClient *client = cabinet_client_new ("Europe/Paris");
      g_autofree char *first_name = g_strdup_printf ("Client%u", i);

      cabinet_client_set_text (client, CABINET_CLIENT_FIRST_NAME, first_name);
      cabinet_client_set_text (client, CABINET_CLIENT_LAST_NAME, "Martin");
      g_ptr_array_add (p->client_list, client);
    }
  if (!cabinet_client_store_add_all (p->clients, p->client_list, &error))
    g_error ("%s", error->message);

  /* Twenty sessions each working day, every half hour from 8:00, back from the
   * end of this week: 100,000 are twenty years. Each day is a day in Paris, so
   * the series crosses every change of the clocks. */
  for (guint i = 0, d = 0; i < n_sessions; d++)
    {
      g_autoptr(GDateTime) date = g_date_time_add_days (p->today, 7 - (int) d);

      if (g_date_time_get_day_of_week (date) > 5)
        continue;
      for (guint slot = 0; slot < 20 && i < n_sessions; slot++, i++)
        {
          CabinetSession *session = cabinet_session_new ();
          CabinetClient *client = g_ptr_array_index (p->client_list, i % p->n_clients);
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
  p->store = cabinet_session_store_new (p->db);
  if (!cabinet_session_store_import (p->store, sessions, NULL, &error))
    g_error ("%s", error->message);
  p->sessions_ms = (g_get_monotonic_time () - start) / 1000.0;

  /* A payment for each session held, every method, one transaction: the ledger's
   * API writes one per transaction, which would make this set-up, not the
   * figures measured, take minutes. */
  {
    g_autoptr(sqlite3_stmt) insert = NULL;
    static const char * const methods[] = { "card", "transfer", "cash", "cheque", "online", "other" };

    start = g_get_monotonic_time ();
    cabinet_database_begin (p->db, &error);
    g_assert_no_error (error);
    insert = cabinet_database_prepare (p->db, "INSERT INTO payments (client_id, kind, amount_minor, currency,"
                                              " paid_on, method, created_at) VALUES (?, 'payment', 6000, 'EUR',"
                                              " ?, ?, ?)", &error);
    g_assert_no_error (error);
    for (guint i = 0; i < n_sessions; i++)
      {
        CabinetSession *session = g_ptr_array_index (sessions, i);
        guint client = i % p->n_clients, turn = i / p->n_clients;

        /* Each client's sessions are paid for as they are held, but for one in
         * @unpaid_every, a different one for each client: every client owes
         * one or two sessions, from all over the twenty years. */
        if (cabinet_session_get_starts_at (session) > g_date_time_to_unix (now)
            || (unpaid_every && turn % unpaid_every == client % unpaid_every))
          continue;
        p->n_payments++;
        sqlite3_reset (insert);
        sqlite3_bind_int64 (insert, 1, cabinet_client_get_id (g_ptr_array_index (p->client_list, client)));
        /* Paid on the day of the session: twenty years of payments too. */
        {
          g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (cabinet_session_get_starts_at (session));
          g_autofree char *paid_on = g_date_time_format (utc, "%Y-%m-%d");
          g_autofree char *created = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.000Z");

          sqlite3_bind_text (insert, 2, paid_on, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (insert, 4, created, -1, SQLITE_TRANSIENT);
        }
        sqlite3_bind_text (insert, 3, methods[i % G_N_ELEMENTS (methods)], -1, SQLITE_STATIC);
        cabinet_database_step (p->db, insert, NULL, &error);
        g_assert_no_error (error);
      }
    cabinet_database_commit (p->db, &error);
    g_assert_no_error (error);
    p->payments_ms = (g_get_monotonic_time () - start) / 1000.0;
  }
  return p;
}

void
bench_practice_free (BenchPractice *p)
{
  g_clear_object (&p->store);
  g_clear_object (&p->clients);
  g_clear_pointer (&p->client_list, g_ptr_array_unref);
  cabinet_database_close (p->db);
  g_clear_object (&p->db);
  g_unlink (p->path);
  for (const char * const *suffix = (const char * const[]) { "-wal", "-shm", NULL }; *suffix; suffix++)
    {
      g_autofree char *extra = g_strconcat (p->path, *suffix, NULL);

      g_unlink (extra);
    }
  g_rmdir (p->dir);
  cabinet_key_free (p->key);
  g_time_zone_unref (p->zone);
  g_date_time_unref (p->today);
  g_free (p->path);
  g_free (p->dir);
  g_free (p);
}
