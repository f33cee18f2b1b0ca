/* test-audit.c — the activity log: every kind of change leaves its row in the
 * change's own transaction, and no client content; every action recorded has
 * words; the log read back the latest first a page at a time, at 100,000
 * entries too; the CSV export as a spreadsheet reads it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <string.h>
#include <time.h>

#include "cabinet-audit.h"
#include "cabinet-breach-log.h"
#include "cabinet-check-env.h"
#include "cabinet-client-store.h"
#include "cabinet-consent-store.h"
#include "cabinet-context.h"
#include "cabinet-csv.h"
#include "cabinet-ledger.h"
#include "cabinet-receipt.h"
#include "cabinet-self-check.h"
#include "cabinet-session-store.h"
#include "cabinet-test-utils.h"

/* Written into every free text of the practice run: none may reach the log. */
#define MARKER "Zebulon-Marqueur"

typedef struct {
  char            *dir;
  char            *path;
  CabinetKey      *key;
  CabinetDatabase *db;
  gint64           seen;   /* the last row already looked at */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->db = cabinet_test_create_database (&f->dir, &f->path, &f->key);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->db)
    cabinet_database_close (f->db);
  g_clear_object (&f->db);
  cabinet_test_remove_database (f->dir, f->path, f->key);
}

/* @n entries, ids growing, in one statement. */
static void
fill (Fixture *f,
      guint    n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %u)"
                                          " INSERT INTO audit_log (at, action, object_type, object_id)"
                                          " SELECT '2026-11-22T08:00:00.000Z', 'client-updated', 'client', i FROM n",
                                          n);

  g_assert_true (cabinet_database_exec (f->db, sql, &error));
  g_assert_no_error (error);
}

static gint64
n_rows (Fixture *f)
{
  return cabinet_test_query_int (f->db, "SELECT count (*) FROM audit_log");
}

/* The rows written since the last call are exactly @action on @object_type
 * @object_id, @times times (and maybe others). */
static void
expect_logged_times (Fixture    *f,
                     const char *action,
                     const char *object_type,
                     gint64      object_id,
                     gint64      times)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_row = FALSE;
  gint64 logged;

  stmt = cabinet_database_prepare (f->db,
                                   "SELECT count (*) FROM audit_log WHERE id > ?1 AND action = ?2"
                                   " AND object_type = ?3 AND IFNULL (object_id, 0) = ?4",
                                   &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, f->seen);
  sqlite3_bind_text (stmt, 2, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, object_type ? object_type : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, object_id);
  g_assert_true (cabinet_database_step (f->db, stmt, &has_row, &error));
  g_assert_true (has_row);
  logged = sqlite3_column_int64 (stmt, 0);
  if (logged != times)
    g_error ("“%s” on %s %" G_GINT64_FORMAT " logged %" G_GINT64_FORMAT " times, not %" G_GINT64_FORMAT,
             action, object_type ? object_type : "nothing", object_id, logged, times);
  f->seen = cabinet_test_query_int (f->db, "SELECT IFNULL (max (id), 0) FROM audit_log");
}

static void
expect_logged (Fixture    *f,
               const char *action,
               const char *object_type,
               gint64      object_id)
{
  expect_logged_times (f, action, object_type, object_id, 1);
}

/* ── In words ────────────────────────────────────────────────────────────── */

static void
test_labels (void)
{
  g_autofree char *client = cabinet_audit_describe_object ("client", 42);
  g_autofree char *session = cabinet_audit_describe_object ("session", 123);
  g_autofree char *year = cabinet_audit_describe_object ("year", 2026);
  g_autofree char *section = cabinet_audit_describe_object ("consent-section", 0);
  g_autofree char *profile = cabinet_audit_describe_object ("practitioner", 1);
  g_autofree char *backup = cabinet_audit_describe_object ("backup", 0);
  g_autofree char *none = cabinet_audit_describe_object ("", 0);
  g_autofree char *unknown = cabinet_audit_describe_object ("gadget", 7);

  g_assert_cmpstr (cabinet_audit_action_label ("client-created"), ==, "Client added");
  g_assert_cmpstr (cabinet_audit_action_label ("session-started-despite-checks"), ==,
                   "Session started despite failed checks");
  g_assert_cmpstr (cabinet_audit_action_label ("no-show"), ==, "Session marked as a no-show");
  g_assert_cmpstr (cabinet_audit_action_label ("restored"), ==, "Records restored from a backup");
  /* What Cabinet does not know is shown as recorded. */
  g_assert_false (cabinet_audit_action_is_known ("launched-rocket"));
  g_assert_cmpstr (cabinet_audit_action_label ("launched-rocket"), ==, "launched-rocket");

  /* The backups another part of Cabinet records have their words too. */
  g_assert_true (cabinet_audit_action_is_known ("backup-made"));
  g_assert_true (cabinet_audit_action_is_known ("backup-exported"));
  g_assert_true (cabinet_audit_action_is_known ("restored"));

  g_assert_cmpstr (client, ==, "Client C-00042");
  g_assert_cmpstr (session, ==, "Session #123");
  g_assert_cmpstr (year, ==, "Year 2026");
  g_assert_cmpstr (section, ==, "Consent form text, part 1");
  g_assert_cmpstr (profile, ==, "Your profile");
  g_assert_cmpstr (backup, ==, "Backup");
  g_assert_cmpstr (none, ==, "");
  g_assert_cmpstr (unknown, ==, "gadget #7");
}

/* Recorded at once, after the fact; a failure is a warning, never a refusal. */
static void
test_record_now (Fixture *f, gconstpointer data)
{
  g_assert_true (cabinet_audit_record_now (f->db, "receipt-exported", "receipt", 7));
  expect_logged (f, "receipt-exported", "receipt", 7);

  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "*not recorded*locked*");
  g_assert_false (cabinet_audit_record_now (NULL, "receipt-exported", "receipt", 7));
  g_test_assert_expected_messages ();

  cabinet_database_close (f->db);
  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "*“receipt-printed” was not recorded*");
  g_assert_false (cabinet_audit_record_now (f->db, "receipt-printed", "receipt", 7));
  g_test_assert_expected_messages ();
}

/* ── The practice run ────────────────────────────────────────────────────── */

static CabinetPractitioner *
practitioner (void)
{
  CabinetPractitioner *p = cabinet_test_practitioner ("Élise Ménard");

  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_RPPS, "10101234567");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_ADDRESS, "3 place de l’Église, 69002 Lyon");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_SESSION_PHONE, "+33 4 78 00 00 00");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_FALLBACK_PROCEDURE, "Je vous rappelle.");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_EMERGENCY_RESOURCES, "15 : SAMU");
  return p;
}

static CabinetClient *
new_client (const char *first_name)
{
  CabinetClient *client = cabinet_client_new ("Europe/Paris");

  cabinet_client_set_text (client, CABINET_CLIENT_FIRST_NAME, first_name);
  cabinet_client_set_text (client, CABINET_CLIENT_LAST_NAME, MARKER);
  cabinet_client_set_text (client, CABINET_CLIENT_LANGUAGE, "fr");
  cabinet_client_set_text (client, CABINET_CLIENT_BIRTH_DATE, "1985-04-23");
  cabinet_client_set_text (client, CABINET_CLIENT_CITY, "Besançon " MARKER);
  cabinet_client_set_text (client, CABINET_CLIENT_EMERGENCY_NAME, "Hélène " MARKER);
  cabinet_client_set_text (client, CABINET_CLIENT_EMERGENCY_RELATION, "sœur");
  cabinet_client_set_text (client, CABINET_CLIENT_EMERGENCY_PHONE, "+33 6 98 76 54 32");
  cabinet_client_set_text (client, CABINET_CLIENT_IN_PERSON_NEARBY, "no");
  return client;
}

/* A 60 € session of @client_id @days after 80 days ago (at the same time of day
 * as now): past, whatever the day the test runs. */
static CabinetSession *
plan_session (CabinetSessionStore *store,
              gint64               client_id,
              guint                days,
              CabinetRepeat        repeat,
              GTimeZone           *zone)
{
  CabinetSession *session = cabinet_session_new ();
  g_autoptr(CabinetSessionPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  CabinetRecurrence rule;

  cabinet_session_set_client_id (session, client_id);
  cabinet_session_set_starts_at (session, g_get_real_time () / G_USEC_PER_SEC - (80 - (gint64) days) * 86400);
  cabinet_session_set_fee (session, 6000, "EUR");
  cabinet_session_set_link (session, "https://visio.example.org/" MARKER);
  cabinet_recurrence_init (&rule, repeat);
  rule.count = 3;
  plan = cabinet_session_store_plan_add (store, session, repeat == CABINET_REPEAT_NONE ? NULL : &rule, zone, &error);
  cabinet_recurrence_clear (&rule);
  g_assert_no_error (error);
  cabinet_session_store_apply (store, plan, TRUE, &error);
  g_assert_no_error (error);
  return session;
}

static CabinetSession *
nth_session (GListModel *sessions,
             guint       i)
{
  g_autoptr(CabinetSession) session = g_list_model_get_item (sessions, i);

  if (session == NULL)
    g_error ("no session %u", i);
  return session;   /* the model holds it */
}

static void
set_status (Fixture              *f,
            CabinetSessionStore  *store,
            CabinetSession       *session,
            CabinetSessionStatus  status,
            CabinetSessionScope   scope)
{
  g_autoptr(GError) error = NULL;

  cabinet_session_store_set_status (store, session, status, scope, &error);
  g_assert_no_error (error);
  expect_logged (f, cabinet_session_status_id (status), "session", cabinet_session_get_id (session));
}

/* Every kind of change a practice makes, each checked for its row; then every
 * action in the log has words, and nothing in the log or its export says
 * anything of the clients. */
static void
test_practice_run (Fixture *f, gconstpointer data)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) settings = g_settings_new_with_backend (APPLICATION_ID, backend);
  g_autoptr(CabinetContext) context = cabinet_context_new (f->path, settings);
  g_autoptr(CabinetPractitioner) profile = practitioner ();
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetClient) jeanne = new_client ("Jeanne");
  g_autoptr(CabinetClient) paul = new_client ("Paul");
  g_autoptr(GPtrArray) imported = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CabinetSession) single = NULL;
  g_autoptr(CabinetSession) series = NULL;
  g_autoptr(GListModel) sessions = NULL;
  g_autoptr(CabinetSession) edited = NULL;
  g_autoptr(CabinetSessionPlan) plan = NULL;
  g_autoptr(CabinetConsentTerms) terms = NULL;
  g_autoptr(CabinetConsentForm) form = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(CabinetReceiptInfo) receipt = NULL;
  g_autoptr(CabinetReceiptInfo) correction = NULL;
  g_autoptr(GBytes) png = cabinet_test_make_png (200, 80);
  g_autoptr(CabinetBreach) breach = NULL;
  g_autoptr(GDateTime) noticed = g_date_time_add_hours (now, -2);
  g_autoptr(CabinetSelfCheck) check = cabinet_self_check_new ();
  g_autoptr(CabinetCheckEnv) env = cabinet_check_env_new (NULL, NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *csv = NULL;
  const char * const breach_texts[] = { "Ordinateur volé " MARKER, MARKER, MARKER, MARKER };
  const char *failed[] = { "disk-encryption", NULL };
  CabinetClientStore *clients;
  CabinetSessionStore *store;
  CabinetLedger *ledger;
  CabinetBreachLog *breaches;
  gint64 jeanne_id, payment, run = 0;
  GDate today, paid;
  gboolean has_row;

  /* Unlocked, as every morning. */
  cabinet_context_unlock (context, f->db);
  expect_logged (f, "unlock", NULL, 0);

  cabinet_practitioner_set_text (profile, CABINET_PRACTITIONER_ADDRESS, "Cabinet " MARKER);
  g_assert_true (cabinet_practitioner_save (profile, f->db, &error));
  g_assert_no_error (error);
  expect_logged (f, "profile-saved", "practitioner", 1);

  /* Clients */
  clients = cabinet_context_get_client_store (context, &error);
  g_assert_no_error (error);
  g_assert_true (cabinet_client_store_save (clients, jeanne, &error));
  g_assert_no_error (error);
  jeanne_id = cabinet_client_get_id (jeanne);
  expect_logged (f, "client-created", "client", jeanne_id);
  cabinet_client_set_text (jeanne, CABINET_CLIENT_ADMIN_NOTE, "Note " MARKER);
  g_assert_true (cabinet_client_store_save (clients, jeanne, &error));
  g_assert_no_error (error);
  expect_logged (f, "client-updated", "client", jeanne_id);
  g_assert_true (cabinet_client_store_save (clients, paul, &error));
  g_assert_no_error (error);
  expect_logged (f, "client-created", "client", cabinet_client_get_id (paul));
  g_ptr_array_add (imported, new_client ("Anna"));
  g_ptr_array_add (imported, new_client ("Marc"));
  g_assert_true (cabinet_client_store_add_all (clients, imported, &error));
  g_assert_no_error (error);
  expect_logged_times (f, "client-imported", "client", cabinet_client_get_id (g_ptr_array_index (imported, 1)), 1);
  g_assert_true (cabinet_client_store_set_status (clients, paul, "paused", &error));
  expect_logged (f, "client-paused", "client", cabinet_client_get_id (paul));
  g_assert_true (cabinet_client_store_set_status (clients, paul, "active", &error));
  expect_logged (f, "client-reopened", "client", cabinet_client_get_id (paul));
  g_assert_true (cabinet_client_store_set_status (clients, paul, "closed", &error));
  g_assert_no_error (error);
  expect_logged (f, "client-closed", "client", cabinet_client_get_id (paul));

  /* Sessions */
  store = cabinet_context_get_session_store (context);
  single = plan_session (store, jeanne_id, 0, CABINET_REPEAT_NONE, zone);
  expect_logged (f, "session-created", "session", cabinet_session_get_id (single));
  series = plan_session (store, jeanne_id, 7, CABINET_REPEAT_WEEKLY, zone);
  sessions = cabinet_session_store_list_client (store, jeanne_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (sessions), ==, 4);
  expect_logged (f, "session-series-created", "session_series", cabinet_session_get_series_id (nth_session (sessions, 1)));

  edited = cabinet_session_copy (single);
  cabinet_session_set_duration (edited, 60);
  plan = cabinet_session_store_plan_update (store, edited, CABINET_SESSION_SCOPE_THIS, zone, &error);
  g_assert_no_error (error);
  g_assert_true (cabinet_session_store_apply (store, plan, TRUE, &error));
  g_assert_no_error (error);
  expect_logged (f, "session-updated", "session", cabinet_session_get_id (single));

  set_status (f, store, single, CABINET_SESSION_DONE, CABINET_SESSION_SCOPE_THIS);
  set_status (f, store, single, CABINET_SESSION_SCHEDULED, CABINET_SESSION_SCOPE_THIS);
  set_status (f, store, single, CABINET_SESSION_NO_SHOW, CABINET_SESSION_SCOPE_THIS);
  set_status (f, store, single, CABINET_SESSION_SCHEDULED, CABINET_SESSION_SCOPE_THIS);
  set_status (f, store, single, CABINET_SESSION_LATE_CANCEL, CABINET_SESSION_SCOPE_THIS);
  set_status (f, store, single, CABINET_SESSION_SCHEDULED, CABINET_SESSION_SCOPE_THIS);
  set_status (f, store, single, CABINET_SESSION_CANCELLED_THERAPIST, CABINET_SESSION_SCOPE_THIS);
  set_status (f, store, single, CABINET_SESSION_SCHEDULED, CABINET_SESSION_SCOPE_THIS);

  /* The series: its first held despite a failed check, its second started,
   * the rest cancelled by the client; then the single one deleted. */
  g_assert_true (cabinet_self_check_run_sync (check, env, &error));
  g_assert_true (cabinet_self_check_save (check, f->db, &run, &error));
  g_assert_no_error (error);
  expect_logged (f, "self-check", "self_check_run", run);
  g_assert_true (cabinet_session_store_record_start (store, nth_session (sessions, 1), run, failed, &error));
  g_assert_no_error (error);
  expect_logged (f, "session-started-despite-checks", "session", cabinet_session_get_id (nth_session (sessions, 1)));
  g_assert_true (cabinet_session_store_record_start (store, nth_session (sessions, 2), run, NULL, &error));
  g_assert_no_error (error);
  expect_logged (f, "session-started", "session", cabinet_session_get_id (nth_session (sessions, 2)));
  set_status (f, store, nth_session (sessions, 1), CABINET_SESSION_DONE, CABINET_SESSION_SCOPE_THIS);
  g_assert_true (cabinet_session_store_set_status (store, nth_session (sessions, 2), CABINET_SESSION_CANCELLED_CLIENT,
                                                   CABINET_SESSION_SCOPE_FOLLOWING, &error));
  g_assert_no_error (error);
  expect_logged (f, "session-series-cancelled", "session_series", cabinet_session_get_series_id (nth_session (sessions, 2)));
  g_assert_true (cabinet_session_store_delete (store, single, CABINET_SESSION_SCOPE_THIS, &error));
  g_assert_no_error (error);
  expect_logged (f, "session-deleted", "session", cabinet_session_get_id (single));

  /* Consent */
  terms = cabinet_consent_terms_new (profile, jeanne);
  form = cabinet_consent_forms_generate (f->db, profile, jeanne, terms, now, &error);
  g_assert_no_error (error);
  expect_logged (f, "consent-generated", "consent-form", cabinet_consent_form_get_id (form));
  g_assert_true (cabinet_consent_form_set_status (form, f->db, jeanne, CABINET_CONSENT_GIVEN, CABINET_SIGNATURE_NONE,
                                                  now, &error));
  expect_logged (f, "consent-given", "consent-form", cabinet_consent_form_get_id (form));
  g_assert_true (cabinet_consent_form_set_status (form, f->db, jeanne, CABINET_CONSENT_SIGNED,
                                                  CABINET_SIGNATURE_SCANNED, now, &error));
  expect_logged (f, "consent-signed", "consent-form", cabinet_consent_form_get_id (form));
  g_assert_true (cabinet_consent_form_attach_copy (form, f->db, png, &error));
  g_assert_no_error (error);
  expect_logged (f, "consent-copy-attached", "consent-form", cabinet_consent_form_get_id (form));
  g_assert_true (cabinet_consent_form_set_status (form, f->db, jeanne, CABINET_CONSENT_WITHDRAWN,
                                                  CABINET_SIGNATURE_NONE, now, &error));
  expect_logged (f, "consent-withdrawn", "consent-form", cabinet_consent_form_get_id (form));
  g_assert_true (cabinet_consent_section_set_body (f->db, "fr", CABINET_CONSENT_CRISIS, "Appelez le 15. " MARKER,
                                                   TRUE, &error));
  g_assert_no_error (error);
  expect_logged (f, "consent-section-edited", "consent-section", CABINET_CONSENT_CRISIS);
  g_assert_true (cabinet_consent_section_set_body (f->db, "fr", CABINET_CONSENT_CRISIS, "", FALSE, &error));
  g_assert_no_error (error);
  expect_logged (f, "consent-section-restored", "consent-section", CABINET_CONSENT_CRISIS);

  /* Payments, receipts and the practice's settings of them */
  ledger = cabinet_context_get_ledger (context);
  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  paid = today;
  g_date_subtract_days (&paid, 10);
  payment = cabinet_ledger_record_payment (ledger, jeanne_id, 6000, "EUR", &paid, CABINET_PAYMENT_CARD, "REF " MARKER,
                                           "Note " MARKER, NULL, 0, &today, &error);
  g_assert_no_error (error);
  expect_logged (f, "payment-recorded", "payment", payment);
  receipt = cabinet_receipt_issue (f->db, profile, jeanne, payment, NULL, NULL, 0, &error);
  g_assert_no_error (error);
  expect_logged (f, "receipt-issued", "receipt", receipt->id);
  correction = cabinet_receipt_correct (f->db, profile, jeanne, receipt->id, NULL, NULL, &error);
  g_assert_no_error (error);
  expect_logged (f, "receipt-corrected", "receipt", correction->id);
  g_assert_cmpint (cabinet_ledger_reverse (ledger, payment, &paid, "Erreur " MARKER, &today, &error), >, 0);
  g_assert_no_error (error);
  expect_logged (f, "payment-reversed", "payment", cabinet_test_query_int (f->db, "SELECT max (id) FROM payments"));
  /* In credit, then paid back. */
  g_assert_cmpint (cabinet_ledger_record_payment (ledger, jeanne_id, 50000, "EUR", &paid, CABINET_PAYMENT_CASH, NULL,
                                                  NULL, NULL, 0, &today, &error), >, 0);
  f->seen = cabinet_test_query_int (f->db, "SELECT max (id) FROM audit_log");
  g_assert_cmpint (cabinet_ledger_refund (ledger, jeanne_id, 1000, &paid, CABINET_PAYMENT_TRANSFER, NULL, MARKER,
                                          &today, &error), >, 0);
  g_assert_no_error (error);
  expect_logged (f, "refund-recorded", "payment", cabinet_test_query_int (f->db, "SELECT max (id) FROM payments"));
  g_assert_true (cabinet_ledger_set_cancellation_percent (ledger, 50, &error));
  g_assert_no_error (error);
  expect_logged (f, "cancellation-policy-changed", NULL, 0);
  /* The same share again changes nothing, and says nothing. */
  g_assert_true (cabinet_ledger_set_cancellation_percent (ledger, 50, &error));
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT max (id) FROM audit_log"), ==, f->seen);
  g_assert_true (cabinet_receipt_set_signature (f->db, png, &error));
  g_assert_no_error (error);
  expect_logged (f, "receipt-signature-changed", NULL, 0);
  g_assert_true (cabinet_receipt_set_signature (f->db, NULL, &error));
  g_assert_no_error (error);
  expect_logged (f, "receipt-signature-removed", NULL, 0);

  /* GDPR */
  breaches = cabinet_context_get_breach_log (context, &error);
  g_assert_no_error (error);
  breach = cabinet_breach_log_add (breaches, noticed, breach_texts, &error);
  g_assert_no_error (error);
  expect_logged (f, "breach-recorded", "breach", cabinet_breach_get_id (breach));
  g_assert_true (cabinet_breach_log_update (breaches, breach, breach_texts, &error));
  g_assert_no_error (error);
  expect_logged (f, "breach-edited", "breach", cabinet_breach_get_id (breach));
  g_assert_true (cabinet_breach_log_set_not_notified (breaches, breach, "Aucun risque " MARKER, &error));
  g_assert_no_error (error);
  expect_logged (f, "breach-not-notified", "breach", cabinet_breach_get_id (breach));

  /* Erased: the record goes, the row that says so stays. */
  g_assert_true (cabinet_client_store_erase (clients, paul, "Paul " MARKER, &error));
  g_assert_no_error (error);
  expect_logged (f, "client-erased", "client", cabinet_client_get_id (paul));

  /* Every action recorded has words; no row holds a client's text. */
  stmt = cabinet_database_prepare (f->db, "SELECT DISTINCT action FROM audit_log", &error);
  g_assert_no_error (error);
  while (cabinet_database_step (f->db, stmt, &has_row, &error) && has_row)
    if (!cabinet_audit_action_is_known (cabinet_database_column_text (stmt, 0)))
      g_error ("“%s” is recorded but has no words in cabinet-audit.c", cabinet_database_column_text (stmt, 0));
  g_assert_no_error (error);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count (*) FROM audit_log WHERE at || action || object_type"
                                                  " || IFNULL (object_id, '') LIKE '%" MARKER "%'"), ==, 0);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count (*) FROM audit_log WHERE object_type NOT IN"
                                                  " ('', 'client', 'session', 'session_series', 'consent-form',"
                                                  " 'consent-section', 'payment', 'receipt', 'practitioner',"
                                                  " 'self_check_run', 'breach')"), ==, 0);
  csv = cabinet_audit_export_csv (f->db, ',', &error);
  g_assert_no_error (error);
  g_assert_null (strstr (csv, MARKER));
  g_assert_null (strstr (csv, "Jeanne"));

  /* Locked at the end of the day. */
  cabinet_context_lock (context);
  g_clear_object (&f->db);
  f->db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count (*) FROM audit_log WHERE id ="
                                                  " (SELECT max (id) FROM audit_log) AND action = 'lock'"), ==, 1);
}

/* A change whose record cannot be written is not made: they go together. */
static void
test_same_transaction (Fixture *f, gconstpointer data)
{
  g_autoptr(CabinetClientStore) clients = NULL;
  g_autoptr(CabinetClient) client = new_client ("Jeanne");
  g_autoptr(GError) error = NULL;

  clients = cabinet_client_store_new (f->db, &error);
  g_assert_no_error (error);
  /* The log refuses every row from now on. */
  g_assert_true (cabinet_database_exec (f->db, "CREATE TEMP TRIGGER refuse BEFORE INSERT ON audit_log"
                                               " BEGIN SELECT RAISE (ABORT, 'no'); END", &error));
  g_assert_no_error (error);
  g_assert_false (cabinet_client_store_save (clients, client, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count (*) FROM clients"), ==, 0);
}

/* ── Reading it back ─────────────────────────────────────────────────────── */

static guint changed_position, changed_removed, changed_added, changed_times;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added)
{
  changed_position = position;
  changed_removed = removed;
  changed_added = added;
  changed_times++;
}

static gint64
id_at (GListModel *model,
       guint       position)
{
  g_autoptr(CabinetAuditEntry) entry = g_list_model_get_item (model, position);

  if (entry == NULL)
    g_error ("no entry at %u", position);
  return cabinet_audit_entry_get_id (entry);
}

/* The latest first, whichever page is asked for first and however many are
 * forgotten meanwhile; new entries come on top. */
static void
test_log_pages (Fixture *f, gconstpointer data)
{
  g_autoptr(CabinetAuditLog) log = NULL;
  g_autoptr(CabinetAuditEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *model;
  gint64 total, newest;

  fill (f, 5000);
  total = n_rows (f);
  newest = cabinet_test_query_int (f->db, "SELECT max (id) FROM audit_log");
  log = cabinet_audit_log_new (f->db, &error);
  g_assert_no_error (error);
  model = G_LIST_MODEL (log);
  g_assert_true (g_list_model_get_item_type (model) == CABINET_TYPE_AUDIT_ENTRY);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, total);
  g_assert_null (g_list_model_get_item (model, (guint) total));

  /* Down, page after page. */
  for (guint i = 0; i < total; i++)
    if (id_at (model, i) != newest - i)
      g_error ("entry %u is %" G_GINT64_FORMAT ", not %" G_GINT64_FORMAT, i, id_at (model, i), newest - i);
  /* Up from the bottom, then jumping about: pages read again by their place. */
  for (gint64 i = total - 1; i >= 0; i -= 7)
    g_assert_cmpint (id_at (model, (guint) i), ==, newest - i);
  for (guint i = 0; i < 200; i++)
    {
      guint position = g_random_int_range (0, (gint32) total);

      g_assert_cmpint (id_at (model, position), ==, newest - position);
    }

  entry = g_list_model_get_item (model, (guint) total - 1);
  g_assert_cmpstr (cabinet_audit_entry_get_action (entry), ==, "client-updated");
  g_assert_cmpstr (cabinet_audit_entry_get_object_type (entry), ==, "client");
  g_assert_cmpint (cabinet_audit_entry_get_object_id (entry), ==, 1);
  g_assert_cmpint (g_date_time_get_year (cabinet_audit_entry_get_time (entry)), ==, 2026);
  g_assert_cmpint (g_date_time_get_hour (cabinet_audit_entry_get_time (entry)), ==, 8);

  /* Written since: on top, told as such; the rest moved down. */
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), NULL);
  g_assert_true (cabinet_audit_log_refresh (log, &error));
  g_assert_cmpuint (changed_times, ==, 0);
  g_assert_true (cabinet_audit_record (f->db, "lock", NULL, 0, &error));
  g_assert_true (cabinet_audit_record (f->db, "unlock", NULL, 0, &error));
  g_assert_true (cabinet_audit_log_refresh (log, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed_times, ==, 1);
  g_assert_cmpuint (changed_position, ==, 0);
  g_assert_cmpuint (changed_removed, ==, 0);
  g_assert_cmpuint (changed_added, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, total + 2);
  g_clear_object (&entry);
  entry = g_list_model_get_item (model, 0);
  g_assert_cmpstr (cabinet_audit_entry_get_action (entry), ==, "unlock");
  g_assert_cmpint (cabinet_audit_entry_get_object_id (entry), ==, 0);
  g_assert_cmpint (id_at (model, 2), ==, newest);
  g_assert_cmpint (id_at (model, (guint) total + 1), ==, newest - total + 1);
}

/* A log that cannot be read says so: not made, or entries that say they
 * could not be read. */
static void
test_log_unreadable (Fixture *f, gconstpointer data)
{
  g_autoptr(CabinetAuditLog) log = NULL;
  g_autoptr(CabinetAuditEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  fill (f, 10);
  log = cabinet_audit_log_new (f->db, &error);
  g_assert_no_error (error);
  cabinet_database_close (f->db);
  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "The activity log could not be read*");
  entry = g_list_model_get_item (G_LIST_MODEL (log), 3);
  g_test_assert_expected_messages ();
  g_assert_nonnull (entry);
  g_assert_cmpint (cabinet_audit_entry_get_id (entry), ==, 0);
  g_assert_null (cabinet_audit_entry_get_time (entry));
  g_assert_false (cabinet_audit_log_refresh (log, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_null (cabinet_audit_log_new (f->db, &error));
  g_assert_nonnull (error);
}

/* A big practice's log opens and is read anywhere at once. */
static void
test_log_big (Fixture *f, gconstpointer data)
{
  g_autoptr(CabinetAuditLog) log = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = NULL;
  GListModel *model;
  double opened, bottom;

  fill (f, 100000);
  timer = g_timer_new ();
  log = cabinet_audit_log_new (f->db, &error);
  g_assert_no_error (error);
  model = G_LIST_MODEL (log);
  opened = g_timer_elapsed (timer, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, 100000);
  g_assert_cmpint (id_at (model, 0), ==, cabinet_test_query_int (f->db, "SELECT max (id) FROM audit_log"));
  g_timer_start (timer);
  g_assert_cmpint (id_at (model, g_list_model_get_n_items (model) - 1), ==, 1);
  bottom = g_timer_elapsed (timer, NULL);
  g_test_message ("100,000 entries: opened in %.1f ms, the oldest read in %.1f ms", opened * 1000, bottom * 1000);
  /* Generous, for sanitizers (about 1.5 s there, 0.1 s in a plain debug build):
   * the point is a page, not the whole log. */
  g_assert_cmpfloat (opened, <, 5.0);
  g_assert_cmpfloat (bottom, <, 5.0);
}

/* ── Export ──────────────────────────────────────────────────────────────── */

static void
test_export_csv (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetCsv) csv = NULL;
  g_autofree char *text = NULL;
  g_autofree char *semicolons = NULL;
  const char * const *row;
  guint n, last;

  g_assert_true (cabinet_audit_record (f->db, "client-created", "client", 42, &error));
  g_assert_true (cabinet_audit_record (f->db, "session-started-despite-checks", "session", 123, &error));
  g_assert_true (cabinet_audit_record (f->db, "launched-rocket", "", 0, &error));
  g_assert_true (cabinet_audit_record (f->db, "audit-log-exported", NULL, 0, &error));
  n = (guint) n_rows (f);

  text = cabinet_audit_export_csv (f->db, ',', &error);
  g_assert_no_error (error);
  csv = cabinet_csv_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cabinet_csv_get_n_rows (csv), ==, n + 1);
  g_assert_cmpint (cabinet_csv_get_separator (csv), ==, ',');

  row = cabinet_csv_get_row (csv, 0);
  g_assert_cmpuint (g_strv_length ((char **) row), ==, 6);
  g_assert_cmpstr (row[0], ==, "Time (UTC)");
  g_assert_cmpstr (row[1], ==, "Action id");
  g_assert_cmpstr (row[2], ==, "Action");
  g_assert_cmpstr (row[3], ==, "Object type");
  g_assert_cmpstr (row[4], ==, "Object id");
  g_assert_cmpstr (row[5], ==, "Object");

  /* Oldest first: the last four are ours, in order. */
  last = n - 4 + 1;
  row = cabinet_csv_get_row (csv, last);
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$", row[0], 0, 0));
  g_assert_cmpstr (row[1], ==, "client-created");
  g_assert_cmpstr (row[2], ==, "Client added");
  g_assert_cmpstr (row[3], ==, "client");
  g_assert_cmpstr (row[4], ==, "42");
  g_assert_cmpstr (row[5], ==, "Client C-00042");
  row = cabinet_csv_get_row (csv, last + 1);
  g_assert_cmpstr (row[1], ==, "session-started-despite-checks");
  g_assert_cmpstr (row[2], ==, "Session started despite failed checks");
  g_assert_cmpstr (row[5], ==, "Session #123");
  row = cabinet_csv_get_row (csv, last + 2);
  g_assert_cmpstr (row[1], ==, "launched-rocket");
  g_assert_cmpstr (row[2], ==, "launched-rocket");
  g_assert_cmpstr (row[3], ==, "");
  g_assert_cmpstr (row[4], ==, "");
  row = cabinet_csv_get_row (csv, last + 3);
  g_assert_cmpstr (row[2], ==, "Activity log exported");

  /* For a spreadsheet in French: semicolons. */
  semicolons = cabinet_audit_export_csv (f->db, ';', &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (semicolons, "Time (UTC);Action id;Action;"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn) g_test_add ("/audit/" name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  g_test_add_func ("/audit/labels", test_labels);
  ADD ("record-now", test_record_now);
  ADD ("practice-run", test_practice_run);
  ADD ("same-transaction", test_same_transaction);
  ADD ("log/pages", test_log_pages);
  ADD ("log/unreadable", test_log_unreadable);
  ADD ("log/big", test_log_big);
  ADD ("export-csv", test_export_csv);
#undef ADD

  return g_test_run ();
}
