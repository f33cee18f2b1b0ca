/* cabinet-bench-data.c — a large practice, written through Cabinet's own stores,
 * for the benchmarks: clients, twenty years of sessions (weekly series,
 * cancellations, no-shows), payments of every means, consent forms and the
 * self-check's history, in an encrypted database; and an unencrypted copy of it
 * for the baselines
 *
 *   cabinet-bench-data [--scale S] DIR
 *
 * writes DIR/cabinet.db, DIR/cabinet.key (its raw key, in hex, mode 0600) and
 * DIR/plain.db. Scale 1 is 2,000 clients, 100,000 sessions, about 100,000 payments.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "bench-practice.h"
#include "cabinet-check-env.h"
#include "cabinet-client-store.h"
#include "cabinet-consent-store.h"
#include "cabinet-consent.h"
#include "cabinet-ledger.h"
#include "cabinet-practitioner.h"
#include "cabinet-self-check.h"
#include "cabinet-session-store.h"

static const CabinetPaymentMethods methods[] = {
  CABINET_PAYMENT_CARD, CABINET_PAYMENT_TRANSFER, CABINET_PAYMENT_CASH,
  CABINET_PAYMENT_CHEQUE, CABINET_PAYMENT_ONLINE, CABINET_PAYMENT_OTHER,
};

/* Each client is seen weekly for a run of this many sessions. */
#define SESSIONS_PER_CLIENT 50
/* Of the clients, the last tenth are still seen: each has a weekly series planned. */
#define SERIES_LENGTH 12
#define MAX_FORMS 2000

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
die_on (GError *error)
{
  if (error)
    {
      g_printerr ("cabinet-bench-data: %s\n", error->message);
      exit (1);
    }
}

static CabinetPractitioner *
make_practitioner (CabinetDatabase *db)
{
  CabinetPractitioner *p = cabinet_practitioner_new_with_defaults ();
  g_autoptr(GError) error = NULL;

  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_FULL_NAME, "Claire Dupont");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_TITLE, "Psychologue clinicienne");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_ADELI, "759312345");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_EMAIL, "cabinet@example.fr");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_VIDEO_PLATFORM, "Jitsi");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_VIDEO_LINK, "https://meet.example.fr/cabinet");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_FALLBACK_PHONE, "+33 6 12 34 56 78");
  cabinet_practitioner_set_fee (p, 6000);
  cabinet_practitioner_save (p, db, &error);
  die_on (error);
  return p;
}

static GPtrArray *
make_clients (CabinetClientStore *store,
              guint               n)
{
  GPtrArray *clients = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (clients, bench_client_new (i));
  cabinet_client_store_add_all (store, clients, &error);
  die_on (error);
  return clients;
}

/* What became of a session held in the past, by its turn in the client's run. */
static CabinetSessionStatus
past_status (guint client,
             guint turn)
{
  guint k = (client * 7 + turn) % 40;

  if (k == 3 || k == 23)
    return CABINET_SESSION_NO_SHOW;
  if (k == 11)
    return CABINET_SESSION_CANCELLED_CLIENT;
  if (k == 17)
    return CABINET_SESSION_LATE_CANCEL;
  if (k == 31)
    return CABINET_SESSION_CANCELLED_THERAPIST;
  return CABINET_SESSION_DONE;
}

int
main (int argc, char *argv[])
{
  double scale = 1;
  g_autofree char *dir = NULL;
  GOptionEntry entries[] = {
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &scale, "Multiply the practice's size (default 1: 2,000 clients)", "S" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("DIR");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL, *plain = NULL, *key_path = NULL, *hex = NULL, *attach = NULL;
  g_autoptr(CabinetKey) key = NULL;
  g_autoptr(CabinetDatabase) db = NULL;
  g_autoptr(CabinetClientStore) client_store = NULL;
  g_autoptr(CabinetSessionStore) sessions = NULL;
  g_autoptr(CabinetLedger) ledger = NULL;
  g_autoptr(CabinetPractitioner) practitioner = NULL;
  g_autoptr(GPtrArray) clients = NULL;
  g_autoptr(GPtrArray) history = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autoptr(GDateTime) monday = NULL;
  GDate today;
  guint n_clients, n_weeks, n_payments = 0, n_forms = 0, n_series = 0, n_runs;
  gint64 start, all;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error) || argc != 2 || scale < 0.01 || scale > 100)
    {
      g_printerr ("%s\n", error ? error->message : "usage: cabinet-bench-data [--scale S] DIR (0.01 ≤ S ≤ 100)");
      return 2;
    }
  dir = g_strdup (argv[1]);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_printerr ("cabinet-bench-data: cannot make %s\n", dir);
      return 1;
    }
  path = g_build_filename (dir, "cabinet.db", NULL);
  plain = g_build_filename (dir, "plain.db", NULL);
  key_path = g_build_filename (dir, "cabinet.key", NULL);
  for (const char * const *suffix = (const char * const[]) { "", "-wal", "-shm", NULL }; *suffix; suffix++)
    {
      g_autofree char *old = g_strconcat (path, *suffix, NULL);
      g_unlink (old);
    }
  g_unlink (plain);

  n_clients = MAX ((guint) (2000 * scale + 0.5), 10);
  all = g_get_monotonic_time ();

  key = cabinet_key_new_random ();
  hex = cabinet_key_to_hex (key);
  if (!g_file_set_contents_full (key_path, hex, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    die_on (error);
  db = cabinet_database_open (path, key, CABINET_DATABASE_CREATE, &error);
  die_on (error);
  /* A generator, not a practice: a power cut while it runs loses nothing of
   * value, and syncing every one of 100,000 transactions would take an hour. */
  cabinet_database_exec (db, "PRAGMA synchronous = OFF", &error);
  die_on (error);

  practitioner = make_practitioner (db);
  client_store = cabinet_client_store_new (db, &error);
  die_on (error);
  start = g_get_monotonic_time ();
  clients = make_clients (client_store, n_clients);
  g_print ("%u clients: %.1f s\n", n_clients, seconds_since (start));

  /* Twenty years back from this week's Monday, working days, in Paris. Client i
   * is seen weekly for SESSIONS_PER_CLIENT weeks, on one weekday at one hour,
   * clients following one another in each of the week's slots; the runs of the
   * last clients, cut at today, go on as the series planned below. */
  monday = g_date_time_add_days (now, 1 - g_date_time_get_day_of_week (now));
  {
    g_autoptr(GDateTime) midnight = g_date_time_new (zone, g_date_time_get_year (monday),
                                                     g_date_time_get_month (monday),
                                                     g_date_time_get_day_of_month (monday), 0, 0, 0);
    g_date_time_unref (monday);
    monday = g_date_time_ref (midnight);
  }
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  {
    guint slots = (n_clients * SESSIONS_PER_CLIENT + 20 * 52 - 1) / (20 * 52);   /* clients at a time */
    guint runs = (n_clients + slots - 1) / slots;   /* clients one after another in a slot */
    guint n_active = n_clients / 10;

    n_weeks = 20 * 52;
    start = g_get_monotonic_time ();
    for (guint i = 0; i < n_clients; i++)
      {
        CabinetClient *client = g_ptr_array_index (clients, i);
        guint slot = i % slots, run = i / slots;
        /* The last runs are half-way through this week. */
        int first_week = ((int) run - (int) runs) * SESSIONS_PER_CLIENT + SESSIONS_PER_CLIENT / 2;
        int weekday = slot % 5, hour = 8 * 60 + 30 * (int) ((slot / 5) % 24);

        for (guint turn = 0; turn < SESSIONS_PER_CLIENT; turn++)
          {
            g_autoptr(GDateTime) when = g_date_time_add_full (monday, 0, 0, 7 * (first_week + (int) turn) + weekday,
                                                              0, hour, 0);
            CabinetSession *session;

            session = cabinet_session_new ();
            cabinet_session_set_client_id (session, cabinet_client_get_id (client));
            cabinet_session_set_starts_at (session, g_date_time_to_unix (when));
            cabinet_session_set_fee (session, 6000, "EUR");
            cabinet_session_set_link (session, "https://meet.example.fr/cabinet");
            /* Those to come are scheduled. */
            cabinet_session_load (session, 0, 0,
                                  g_date_time_compare (when, now) < 0 ? past_status (i, turn)
                                                                      : CABINET_SESSION_SCHEDULED,
                                  cabinet_session_get_uid (session), 0, NULL);
            g_ptr_array_add (history, session);
          }
      }
    cabinet_session_store_import (sessions = cabinet_session_store_new (db), history, NULL, &error);
    die_on (error);
    g_print ("%u sessions: %.1f s\n", history->len, seconds_since (start));

    /* The clients still seen: a weekly series each once their run is over,
     * planned as in the window. */
    start = g_get_monotonic_time ();
    for (guint i = n_clients - n_active; i < n_clients; i++)
      {
        CabinetClient *client = g_ptr_array_index (clients, i);
        g_autoptr(CabinetSession) session = cabinet_session_new ();
        g_autoptr(GDateTime) when = g_date_time_add_full (monday, 0, 0, 7 * SESSIONS_PER_CLIENT / 2 + (int) (i % 5), 0,
                                                          8 * 60 + 30 * (int) ((i / 5) % 24), 0);
        CabinetRecurrence rule;
        CabinetSessionPlan *plan;

        cabinet_session_set_client_id (session, cabinet_client_get_id (client));
        cabinet_session_set_starts_at (session, g_date_time_to_unix (when));
        cabinet_session_set_fee (session, 6000, "EUR");
        cabinet_recurrence_init (&rule, CABINET_REPEAT_WEEKLY);
        rule.count = SERIES_LENGTH;
        plan = cabinet_session_store_plan_add (sessions, session, &rule, zone, &error);
        cabinet_recurrence_clear (&rule);
        die_on (error);
        cabinet_session_store_apply (sessions, plan, TRUE, &error);
        cabinet_session_plan_free (plan);
        die_on (error);
        n_series++;
      }
    g_print ("%u weekly series of %u: %.1f s\n", n_series, SERIES_LENGTH, seconds_since (start));
  }

  /* A payment for each session held or charged, on its day, by every means in
   * turn, through the ledger (its own transaction each, as in the window), which
   * sets it against the client's oldest charges; one in forty left unpaid, so
   * that the practice has clients who owe. */
  ledger = cabinet_ledger_new (db, "EUR");
  start = g_get_monotonic_time ();
  for (guint i = 0; i < history->len; i++)
    {
      CabinetSession *session = g_ptr_array_index (history, i);
      CabinetSessionStatus status = cabinet_session_get_status (session);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (cabinet_session_get_starts_at (session));
      g_autoptr(GDateTime) when = g_date_time_to_timezone (utc, zone);
      GDate paid_on;

      if (status == CABINET_SESSION_SCHEDULED || status == CABINET_SESSION_CANCELLED_CLIENT
          || status == CABINET_SESSION_CANCELLED_THERAPIST || i % 40 == 39)
        continue;
      g_date_clear (&paid_on, 1);
      g_date_set_dmy (&paid_on, g_date_time_get_day_of_month (when), g_date_time_get_month (when),
                      g_date_time_get_year (when));
      cabinet_ledger_record_payment (ledger, cabinet_session_get_client_id (session),
                                     status == CABINET_SESSION_DONE ? 6000 : 3000, "EUR", &paid_on,
                                     methods[i % G_N_ELEMENTS (methods)], NULL, NULL,
                                     NULL, 0, &today, &error);
      die_on (error);
      n_payments++;
    }
  g_print ("%u payments: %.1f s\n", n_payments, seconds_since (start));

  /* A consent form for each of the last MAX_FORMS clients (every client at scale
   * 1), signed by most. Each keeps its PDF, about 100 kB: twenty thousand would
   * be gigabytes that a practice of that size would long have archived. */
  start = g_get_monotonic_time ();
  for (guint i = n_clients - MIN (n_clients, MAX_FORMS); i < n_clients; i++)
    {
      CabinetClient *client = g_ptr_array_index (clients, i);
      g_autoptr(CabinetConsentTerms) terms = cabinet_consent_terms_new (practitioner, client);
      g_autoptr(CabinetConsentForm) form = cabinet_consent_forms_generate (db, practitioner, client, terms, now,
                                                                           &error);

      die_on (error);
      n_forms++;
      if (i % 8 == 7)
        continue;
      cabinet_consent_form_set_status (form, db, client, CABINET_CONSENT_GIVEN, CABINET_SIGNATURE_NONE, now, &error);
      die_on (error);
      cabinet_consent_form_set_status (form, db, client, CABINET_CONSENT_SIGNED, CABINET_SIGNATURE_HANDWRITTEN,
                                       now, &error);
      die_on (error);
    }
  g_print ("%u consent forms: %.1f s\n", n_forms, seconds_since (start));

  /* The self-check before each week's sessions for twenty years: one run of this
   * computer's checks, kept as often, then dated back week by week (a run is
   * dated when it is made). */
  start = g_get_monotonic_time ();
  {
    g_autoptr(CabinetSelfCheck) check = cabinet_self_check_new ();
    g_autoptr(CabinetCheckEnv) env = cabinet_check_env_new (NULL, NULL);

    cabinet_self_check_run_sync (check, env, &error);
    die_on (error);
    n_runs = n_weeks;
    for (guint i = 0; i < n_runs; i++)
      {
        cabinet_self_check_save (check, db, NULL, &error);
        die_on (error);
      }
    cabinet_database_exec (db, "UPDATE self_check_runs SET checked_at ="
                               " strftime ('%Y-%m-%dT08:00:00.000Z', 'now', '-' || (7 * (id - 1)) || ' days')",
                           &error);
    die_on (error);
  }
  g_print ("%u self-checks: %.1f s\n", n_runs, seconds_since (start));

  /* The unencrypted copy the baselines read: the same pages, the same size of
   * page, the same write-ahead log (closing the last connection folds it in and
   * deletes it, 0.7 ms either way), without the cipher. */
  start = g_get_monotonic_time ();
  attach = g_strdup_printf ("ATTACH DATABASE '%s' AS plain KEY ''", plain);
  if (strchr (plain, '\'') != NULL)
    g_error ("the folder's name must not hold a quote");
  if (!cabinet_database_exec (db, attach, &error)
      || !cabinet_database_exec (db, "PRAGMA plain.page_size = 1024", &error)
      || !cabinet_database_exec (db, "SELECT sqlcipher_export ('plain')", &error)
      || !cabinet_database_exec (db, "PRAGMA plain.journal_mode = WAL", &error)
      || !cabinet_database_exec (db, "DETACH DATABASE plain", &error))
    die_on (error);
  cabinet_database_exec (db, "PRAGMA wal_checkpoint (TRUNCATE)", &error);
  die_on (error);
  cabinet_database_close (db);
  g_print ("unencrypted copy: %.1f s\n", seconds_since (start));
  g_print ("scale %g: %u clients, %u sessions, %u payments, %u consent forms, %u self-checks in %.0f s\n",
           scale, n_clients, history->len + n_series * SERIES_LENGTH, n_payments, n_forms, n_runs,
           seconds_since (all));
  return 0;
}
