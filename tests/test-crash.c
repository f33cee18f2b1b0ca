/* test-crash.c — the records survive Cabinet being killed at any moment: a
 * writer process makes random changes through the stores (clients, sessions,
 * consent forms, payments) and reports each commit it completes; it is killed
 * with SIGKILL at random, and after each kill the database must open with its
 * key, pass integrity_check, hold every change reported, and hold no change
 * half-made (the rows, the audit trail and the ledger's kept sums agree).
 *
 * CABINET_CRASH_KILLS sets how many kills (200 by default), CABINET_CRASH_SEED
 * the seed of the run (printed, so that a failure can be run again).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cabinet-client-store.h"
#include "cabinet-consent-store.h"
#include "cabinet-ledger.h"
#include "cabinet-session-store.h"
#include "cabinet-test-utils.h"

#define DEFAULT_KILLS 200
/* How long a writer lives once it is ready, at most, in milliseconds: mostly
 * short lives, that make many kills; now and then a long one, that lets the
 * slower operations (a consent form is a PDF to render) finish and the WAL
 * grow. */
#define MAX_LIFE_MS 150
#define MAX_LONG_LIFE_MS 800
/* Each video session's link names the operation that planned it. */
#define LINK_PREFIX "https://meet.example.org/op"
/* A consent form is dated this many seconds after 2020-01-01 (UTC): its
 * operation's number. */
#define FORM_EPOCH G_GINT64_CONSTANT (1577836800)
#define ZONE "Europe/Paris"

/* Half the clients (odd ids) paid more than six years ago, the law keeps
 * nothing of them once erased; the others paid this year, their payments are
 * kept, under their id, after an erasure. */
static gboolean
paid_long_ago (gint64 client_id)
{
  return client_id % 2 == 1;
}

/* ------------------------------------------------------------------------ */
/* The writer: a process of its own, that the test kills.
 *
 * It reads the key on its standard input and writes lines on its standard
 * output, each with one write(2), smaller than PIPE_BUF, so whole:
 *   R                              ready: the database is open
 *   B <op> <kind> <arguments…>     an operation begins (nothing written yet)
 *   C <op> <results…>              its transaction was committed
 * An operation that fails is a bug: the writer says why and exits. */

typedef struct {
  char                *path;
  CabinetKey          *key;
  CabinetDatabase     *db;
  CabinetClientStore  *clients;
  CabinetSessionStore *sessions;
  CabinetLedger       *ledger;
  CabinetPractitioner *practitioner;
  GTimeZone           *zone;
  GRand               *rand;
  gint64               op;
} Writer;

static void
say (const char *format,
     ...) G_GNUC_PRINTF (1, 2);

static void
say (const char *format,
     ...)
{
  g_autofree char *line = NULL;
  va_list args;
  gsize length, done = 0;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  length = strlen (line);
  g_assert_cmpuint (length, <, PIPE_BUF);
  while (done < length)
    {
      ssize_t n = write (STDOUT_FILENO, line + done, length - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        exit (4);
      done += (gsize) n;
    }
}

static void G_GNUC_NORETURN
writer_fail (Writer     *w,
             const char *what,
             GError     *error)
{
  g_printerr ("crash writer: operation %" G_GINT64_FORMAT ", %s: %s\n", w->op, what,
              error ? error->message : "(no error)");
  exit (3);
}

static void
writer_open (Writer *w)
{
  g_autoptr(GError) error = NULL;

  w->db = cabinet_database_open (w->path, w->key, CABINET_DATABASE_OPEN_EXISTING, &error);
  if (w->db == NULL)
    writer_fail (w, "open", error);
  w->clients = cabinet_client_store_new (w->db, &error);
  if (w->clients == NULL)
    writer_fail (w, "load the clients", error);
  w->sessions = cabinet_session_store_new (w->db);
  w->ledger = cabinet_ledger_new (w->db, "EUR");
}

static void
writer_close (Writer *w)
{
  g_clear_object (&w->ledger);
  g_clear_object (&w->sessions);
  g_clear_object (&w->clients);
  cabinet_database_close (w->db);
  g_clear_object (&w->db);
}

/* The ids a query answers, its ?1 being @param. */
static GArray *
writer_ids (Writer     *w,
            const char *sql,
            gint64      param)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = cabinet_database_prepare (w->db, sql, &error);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (stmt == NULL)
    writer_fail (w, sql, error);
  sqlite3_bind_int64 (stmt, 1, param);
  for (;;)
    {
      gboolean has_row = FALSE;
      gint64 id;

      if (!cabinet_database_step (w->db, stmt, &has_row, &error))
        writer_fail (w, sql, error);
      if (!has_row)
        break;
      id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  return ids;
}

/* One of the ids a query answers, at random; 0 when there is none. */
static gint64
writer_pick (Writer     *w,
             const char *sql,
             gint64      param)
{
  g_autoptr(GArray) ids = writer_ids (w, sql, param);

  if (ids->len == 0)
    return 0;
  return g_array_index (ids, gint64, g_rand_int_range (w->rand, 0, (gint32) ids->len));
}

static gint64
writer_count (Writer     *w,
              const char *sql)
{
  g_autoptr(GArray) ids = writer_ids (w, sql, 0);

  return ids->len ? g_array_index (ids, gint64, 0) : 0;
}

#define LIVE_CLIENTS "SELECT id FROM clients WHERE erased_on IS NULL"
#define COUNT_LIVE_CLIENTS "SELECT count (*) FROM clients WHERE erased_on IS NULL"

/* The day @client_id's entries are dated: today, or a day of 2015. */
static void
writer_payment_day (Writer *w,
                    gint64  client_id,
                    GDate  *day)
{
  g_date_clear (day, 1);
  if (paid_long_ago (client_id))
    {
      g_date_set_dmy (day, 10, 3, 2015);
      g_date_add_days (day, (guint) g_rand_int_range (w->rand, 0, 300));
    }
  else
    g_date_set_time_t (day, time (NULL));
}

/* Midnight UTC today, less 30 to 330 days, at 08:00 UTC: every session is in
 * the past, so that it may have been held, and 08:00 UTC is never an hour the
 * clocks skip in Paris. */
static gint64
writer_past_start (Writer *w)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  return now - now % 86400 - (gint64) g_rand_int_range (w->rand, 30, 331) * 86400 + 8 * 3600;
}

static gboolean
op_client_add (Writer *w)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetClient) client = cabinet_client_new (ZONE);
  g_autofree char *name = g_strdup_printf ("C%" G_GINT64_FORMAT, w->op);

  if (writer_count (w, COUNT_LIVE_CLIENTS) >= 20
      && g_rand_int_range (w->rand, 0, 4) != 0)
    return FALSE;
  cabinet_client_set_text (client, CABINET_CLIENT_FIRST_NAME, name);
  cabinet_client_set_text (client, CABINET_CLIENT_LAST_NAME, "Writer");
  cabinet_client_set_text (client, CABINET_CLIENT_BIRTH_DATE, "1980-05-12");
  cabinet_client_set_text (client, CABINET_CLIENT_CITY, "Besançon");
  cabinet_client_set_text (client, CABINET_CLIENT_EMERGENCY_NAME, "Hélène Writer");
  cabinet_client_set_text (client, CABINET_CLIENT_EMERGENCY_RELATION, "sœur");
  cabinet_client_set_text (client, CABINET_CLIENT_EMERGENCY_PHONE, "+33 6 98 76 54 32");
  cabinet_client_set_text (client, CABINET_CLIENT_IN_PERSON_NEARBY, "no");
  say ("B %" G_GINT64_FORMAT " client-add\n", w->op);
  if (!cabinet_client_store_save (w->clients, client, &error))
    writer_fail (w, "add a client", error);
  say ("C %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", w->op, cabinet_client_get_id (client));
  return TRUE;
}

static gboolean
op_client_update (Writer *w)
{
  g_autoptr(GError) error = NULL;
  gint64 id = writer_pick (w, LIVE_CLIENTS, 0);
  g_autoptr(CabinetClient) edited = NULL;
  g_autofree char *name = g_strdup_printf ("U%" G_GINT64_FORMAT, w->op);

  if (id == 0)
    return FALSE;
  edited = cabinet_client_copy (cabinet_client_store_lookup (w->clients, id));
  cabinet_client_set_text (edited, CABINET_CLIENT_FIRST_NAME, name);
  say ("B %" G_GINT64_FORMAT " client-update %" G_GINT64_FORMAT "\n", w->op, id);
  if (!cabinet_client_store_save (w->clients, edited, &error))
    writer_fail (w, "update a client", error);
  say ("C %" G_GINT64_FORMAT "\n", w->op);
  return TRUE;
}

static gboolean
op_client_erase (Writer *w)
{
  g_autoptr(GError) error = NULL;
  gint64 id = writer_pick (w, LIVE_CLIENTS, 0);
  CabinetClient *client;
  g_autofree char *name = NULL;

  if (id == 0 || writer_count (w, COUNT_LIVE_CLIENTS) < 10)
    return FALSE;
  client = cabinet_client_store_lookup (w->clients, id);
  name = cabinet_client_dup_display_name (client);
  say ("B %" G_GINT64_FORMAT " client-erase %" G_GINT64_FORMAT "\n", w->op, id);
  if (!cabinet_client_store_erase (w->clients, client, name, &error))
    writer_fail (w, "erase a client", error);
  say ("C %" G_GINT64_FORMAT "\n", w->op);
  return TRUE;
}

static gboolean
op_session_add (Writer *w)
{
  g_autoptr(GError) error = NULL;
  gint64 client = writer_pick (w, LIVE_CLIENTS, 0);
  g_autoptr(CabinetSession) session = cabinet_session_new ();
  g_autoptr(CabinetSessionPlan) plan = NULL;
  g_autofree char *link = g_strdup_printf (LINK_PREFIX "%" G_GINT64_FORMAT, w->op);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GString) done = g_string_new (NULL);
  CabinetRecurrence rule;
  guint n = g_rand_boolean (w->rand) ? 1 : (guint) g_rand_int_range (w->rand, 2, 5);
  gint64 fee = g_rand_int_range (w->rand, 0, 12001);

  if (client == 0 || (writer_count (w, "SELECT count (*) FROM sessions") > 600
                      && g_rand_int_range (w->rand, 0, 4) != 0))
    return FALSE;
  cabinet_session_set_client_id (session, client);
  cabinet_session_set_starts_at (session, writer_past_start (w));
  cabinet_session_set_fee (session, fee, "EUR");
  cabinet_session_set_link (session, link);
  cabinet_recurrence_init (&rule, CABINET_REPEAT_WEEKLY);
  rule.count = n;
  plan = cabinet_session_store_plan_add (w->sessions, session, n > 1 ? &rule : NULL, w->zone, &error);
  cabinet_recurrence_clear (&rule);
  if (plan == NULL)
    writer_fail (w, "plan a session", error);
  say ("B %" G_GINT64_FORMAT " session-add %" G_GINT64_FORMAT " %u\n", w->op, client, n);
  if (!cabinet_session_store_apply (w->sessions, plan, TRUE, &error))
    writer_fail (w, "add sessions", error);
  ids = writer_ids (w, "SELECT id FROM sessions WHERE link = (SELECT link FROM sessions WHERE id = ?1)"
                    " ORDER BY id", cabinet_session_get_id (session));
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CabinetSession) stored = cabinet_session_store_get (w->sessions, g_array_index (ids, gint64, i),
                                                                     &error);

      if (stored == NULL)
        writer_fail (w, "read a session back", error);
      g_string_append_printf (done, " %" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                              cabinet_session_get_id (stored), cabinet_session_get_starts_at (stored));
    }
  say ("C %" G_GINT64_FORMAT "%s\n", w->op, done->str);
  return TRUE;
}

static CabinetSession *
writer_session (Writer     *w,
                const char *sql)
{
  g_autoptr(GError) error = NULL;
  gint64 id = writer_pick (w, sql, 0);
  CabinetSession *session;

  if (id == 0)
    return NULL;
  session = cabinet_session_store_get (w->sessions, id, &error);
  if (session == NULL)
    writer_fail (w, "read a session", error);
  return session;
}

static gboolean
op_session_move (Writer *w)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetSession) session = writer_session (w, "SELECT id FROM sessions WHERE status = 'scheduled'");
  g_autoptr(CabinetSessionPlan) plan = NULL;
  gint64 to;

  if (session == NULL)
    return FALSE;
  do
    to = writer_past_start (w);
  while (to == cabinet_session_get_starts_at (session));
  cabinet_session_set_starts_at (session, to);
  plan = cabinet_session_store_plan_update (w->sessions, session, CABINET_SESSION_SCOPE_THIS, w->zone, &error);
  if (plan == NULL)
    writer_fail (w, "plan a move", error);
  say ("B %" G_GINT64_FORMAT " session-move %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
       w->op, cabinet_session_get_id (session), to);
  if (!cabinet_session_store_apply (w->sessions, plan, TRUE, &error))
    writer_fail (w, "move a session", error);
  say ("C %" G_GINT64_FORMAT "\n", w->op);
  return TRUE;
}

static gboolean
op_session_status (Writer *w)
{
  static const CabinetSessionStatus settled[] = {
    CABINET_SESSION_DONE, CABINET_SESSION_NO_SHOW, CABINET_SESSION_LATE_CANCEL,
    CABINET_SESSION_CANCELLED_CLIENT, CABINET_SESSION_CANCELLED_THERAPIST,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetSession) session = writer_session (w, "SELECT id FROM sessions");
  CabinetSessionStatus to;

  if (session == NULL)
    return FALSE;
  /* A settled session goes back to scheduled before anything else. */
  if (cabinet_session_get_status (session) != CABINET_SESSION_SCHEDULED)
    to = CABINET_SESSION_SCHEDULED;
  else
    to = settled[g_rand_int_range (w->rand, 0, G_N_ELEMENTS (settled))];
  say ("B %" G_GINT64_FORMAT " session-status %" G_GINT64_FORMAT " %s\n",
       w->op, cabinet_session_get_id (session), cabinet_session_status_id (to));
  if (!cabinet_session_store_set_status (w->sessions, session, to, CABINET_SESSION_SCOPE_THIS, &error))
    writer_fail (w, "change a session's status", error);
  say ("C %" G_GINT64_FORMAT "\n", w->op);
  return TRUE;
}

static gboolean
op_session_delete (Writer *w)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetSession) session = writer_session (w, "SELECT id FROM sessions WHERE status = 'scheduled'");

  if (session == NULL)
    return FALSE;
  say ("B %" G_GINT64_FORMAT " session-delete %" G_GINT64_FORMAT "\n", w->op, cabinet_session_get_id (session));
  if (!cabinet_session_store_delete (w->sessions, session, CABINET_SESSION_SCOPE_THIS, &error))
    writer_fail (w, "delete a session", error);
  say ("C %" G_GINT64_FORMAT "\n", w->op);
  return TRUE;
}

static gboolean
op_payment (Writer *w)
{
  g_autoptr(GError) error = NULL;
  gint64 client = writer_pick (w, LIVE_CLIENTS, 0);
  g_autoptr(GArray) sessions = NULL;
  g_autoptr(GArray) chosen = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) listed = g_string_new (NULL);
  g_autofree char *reference = g_strdup_printf ("P%" G_GINT64_FORMAT, w->op);
  gint64 amount = g_rand_int_range (w->rand, 1, 15001);
  CabinetPaymentMethods method = cabinet_payment_method_nth ((guint) g_rand_int_range (w->rand, 0, CABINET_N_PAYMENT_METHODS));
  GDate day;
  guint n;
  gint64 id;

  if (client == 0)
    return FALSE;
  writer_payment_day (w, client, &day);
  /* For up to two of the client's sessions, or for the oldest unpaid. */
  sessions = writer_ids (w, "SELECT id FROM sessions WHERE client_id = ?1", client);
  n = (guint) g_rand_int_range (w->rand, 0, (gint32) MIN (sessions->len, 2) + 1);
  while (chosen->len < n)
    {
      guint i = (guint) g_rand_int_range (w->rand, 0, (gint32) sessions->len);

      g_array_append_val (chosen, g_array_index (sessions, gint64, i));
      g_array_remove_index_fast (sessions, i);
    }
  for (guint i = 0; i < chosen->len; i++)
    g_string_append_printf (listed, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (chosen, gint64, i));
  say ("B %" G_GINT64_FORMAT " payment %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %s\n",
       w->op, client, amount, chosen->len ? listed->str : "-");
  id = cabinet_ledger_record_payment (w->ledger, client, amount, "EUR", &day, method, reference, NULL,
                                      (const gint64 *) chosen->data, chosen->len, NULL, &error);
  if (id == 0)
    writer_fail (w, "record a payment", error);
  say ("C %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", w->op, id);
  return TRUE;
}

static gboolean
op_refund (Writer *w)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reference = g_strdup_printf ("R%" G_GINT64_FORMAT, w->op);
  gint64 client, balance = 0, amount, id;
  GDate day;

  client = writer_pick (w, "SELECT t.client_id FROM client_totals t JOIN clients c ON c.id = t.client_id"
                           " WHERE c.erased_on IS NULL AND t.paid > t.charged", 0);
  if (client == 0)
    return FALSE;
  if (!cabinet_ledger_get_balance (w->ledger, client, &balance, &error))
    writer_fail (w, "read a balance", error);
  if (balance >= 0)
    writer_fail (w, "a client in credit by the kept sums is not by the rows", NULL);
  amount = g_rand_int_range (w->rand, 1, (gint32) MIN (-balance, 15000) + 1);
  writer_payment_day (w, client, &day);
  say ("B %" G_GINT64_FORMAT " refund %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", w->op, client, amount);
  id = cabinet_ledger_refund (w->ledger, client, amount, &day, CABINET_PAYMENT_TRANSFER, reference, NULL,
                              NULL, &error);
  if (id == 0)
    writer_fail (w, "record a refund", error);
  say ("C %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", w->op, id);
  return TRUE;
}

static gboolean
op_reverse (Writer *w)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) owner = NULL;
  gint64 payment, id;
  GDate day;

  payment = writer_pick (w, "SELECT p.id FROM payments p JOIN clients c ON c.id = p.client_id"
                            " WHERE c.erased_on IS NULL AND p.kind = 'payment'"
                            " AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.reverses = p.id)", 0);
  if (payment == 0)
    return FALSE;
  owner = writer_ids (w, "SELECT client_id FROM payments WHERE id = ?1", payment);
  writer_payment_day (w, g_array_index (owner, gint64, 0), &day);
  say ("B %" G_GINT64_FORMAT " reverse %" G_GINT64_FORMAT "\n", w->op, payment);
  id = cabinet_ledger_reverse (w->ledger, payment, &day, NULL, NULL, &error);
  if (id == 0)
    writer_fail (w, "reverse a payment", error);
  say ("C %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", w->op, id);
  return TRUE;
}

static gboolean
op_consent_add (Writer *w)
{
  g_autoptr(GError) error = NULL;
  gint64 id = writer_pick (w, "SELECT id FROM clients c WHERE erased_on IS NULL"
                              " AND (SELECT count (*) FROM consent_forms f WHERE f.client_id = c.id) < 2", 0);
  CabinetClient *client;
  g_autoptr(CabinetConsentTerms) terms = NULL;
  g_autoptr(CabinetConsentForm) form = NULL;
  g_autoptr(GDateTime) made = g_date_time_new_from_unix_utc (FORM_EPOCH + w->op);

  if (id == 0)
    return FALSE;
  client = cabinet_client_store_lookup (w->clients, id);
  terms = cabinet_consent_terms_new (w->practitioner, client);
  say ("B %" G_GINT64_FORMAT " consent-add %" G_GINT64_FORMAT "\n", w->op, id);
  form = cabinet_consent_forms_generate (w->db, w->practitioner, client, terms, made, &error);
  if (form == NULL)
    writer_fail (w, "generate a consent form", error);
  say ("C %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", w->op, cabinet_consent_form_get_id (form));
  return TRUE;
}

static gboolean
op_consent_status (Writer *w)
{
  g_autoptr(GError) error = NULL;
  gint64 id = writer_pick (w, "SELECT id FROM consent_forms WHERE status != 'withdrawn'", 0);
  g_autoptr(GArray) owner = NULL;
  g_autoptr(GListStore) forms = NULL;
  g_autoptr(CabinetConsentForm) form = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  CabinetConsentStatus to;

  if (id == 0)
    return FALSE;
  owner = writer_ids (w, "SELECT client_id FROM consent_forms WHERE id = ?1", id);
  forms = cabinet_consent_forms_list (w->db, g_array_index (owner, gint64, 0), &error);
  if (forms == NULL)
    writer_fail (w, "list consent forms", error);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (forms)) && form == NULL; i++)
    {
      g_autoptr(CabinetConsentForm) each = g_list_model_get_item (G_LIST_MODEL (forms), i);

      if (cabinet_consent_form_get_id (each) == id)
        form = g_steal_pointer (&each);
    }
  if (form == NULL)
    writer_fail (w, "find a consent form in its client's list", NULL);
  /* generated → given → signed, and any of them → withdrawn. */
  switch (cabinet_consent_form_get_status (form))
    {
    case CABINET_CONSENT_GENERATED:
      to = g_rand_int_range (w->rand, 0, 3) == 0 ? CABINET_CONSENT_WITHDRAWN : CABINET_CONSENT_GIVEN;
      break;
    case CABINET_CONSENT_GIVEN:
      to = g_rand_int_range (w->rand, 0, 3) == 0 ? CABINET_CONSENT_WITHDRAWN : CABINET_CONSENT_SIGNED;
      break;
    case CABINET_CONSENT_SIGNED:
      to = CABINET_CONSENT_WITHDRAWN;
      break;
    case CABINET_CONSENT_NONE:
    case CABINET_CONSENT_WITHDRAWN:
    default:
      writer_fail (w, "a consent form in an unexpected state", NULL);
    }
  say ("B %" G_GINT64_FORMAT " consent-status %" G_GINT64_FORMAT " %s\n", w->op, id,
       cabinet_consent_status_id (to));
  if (!cabinet_consent_form_set_status (form, w->db, cabinet_client_store_lookup (w->clients,
                                                                                  cabinet_consent_form_get_client_id (form)),
                                        to, to == CABINET_CONSENT_SIGNED ? CABINET_SIGNATURE_HANDWRITTEN
                                                                         : CABINET_SIGNATURE_NONE,
                                        now, &error))
    writer_fail (w, "change a consent form's status", error);
  say ("C %" G_GINT64_FORMAT "\n", w->op);
  return TRUE;
}

/* What the Payments page shows is worked out again and kept, in a
 * transaction of its own. */
static gboolean
op_unpaid (Writer *w)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) unpaid = NULL;

  say ("B %" G_GINT64_FORMAT " unpaid\n", w->op);
  unpaid = cabinet_ledger_list_unpaid (w->ledger, &error);
  if (unpaid == NULL)
    writer_fail (w, "list what is unpaid", error);
  say ("C %" G_GINT64_FORMAT "\n", w->op);
  return TRUE;
}

/* Cabinet locks itself when left idle: the database is closed (the WAL is
 * checkpointed into the file), then opened again. */
static gboolean
op_lock (Writer *w)
{
  if (g_rand_int_range (w->rand, 0, 3) != 0)
    return FALSE;
  say ("B %" G_GINT64_FORMAT " lock\n", w->op);
  writer_close (w);
  writer_open (w);
  say ("C %" G_GINT64_FORMAT "\n", w->op);
  return TRUE;
}

static const struct {
  gboolean (*run) (Writer *w);
  guint      weight;
} operations[] = {
  { op_client_add, 6 },
  { op_client_update, 5 },
  { op_client_erase, 2 },
  { op_session_add, 14 },
  { op_session_move, 8 },
  { op_session_status, 14 },
  { op_session_delete, 4 },
  { op_payment, 16 },
  { op_refund, 4 },
  { op_reverse, 4 },
  { op_consent_add, 1 },
  { op_consent_status, 3 },
  { op_unpaid, 3 },
  { op_lock, 1 },
};

static int
run_writer (const char *path,
            gint64      first_op,
            guint32     seed)
{
  g_autoptr(GError) error = NULL;
  char hex[CABINET_KEY_LENGTH * 2 + 2] = "";
  Writer w = { 0 };
  guint total = 0;

  for (guint i = 0; i < G_N_ELEMENTS (operations); i++)
    total += operations[i].weight;

  /* The key comes on standard input: never on a command line. */
  if (fgets (hex, sizeof hex, stdin) == NULL)
    return 2;
  w.key = cabinet_key_new_from_hex (g_strstrip (hex), &error);
  memset (hex, 0, sizeof hex);
  if (w.key == NULL)
    writer_fail (&w, "read the key", error);
  w.path = g_strdup (path);
  w.rand = g_rand_new_with_seed (seed);
  w.zone = g_time_zone_new_identifier (ZONE);
  w.practitioner = cabinet_test_practitioner ("Élise Ménard");
  cabinet_practitioner_set_text (w.practitioner, CABINET_PRACTITIONER_RPPS, "10101234567");
  cabinet_practitioner_set_text (w.practitioner, CABINET_PRACTITIONER_ADDRESS, "3 place de l’Église, 69002 Lyon");
  cabinet_practitioner_set_text (w.practitioner, CABINET_PRACTITIONER_SESSION_PHONE, "+33 4 78 00 00 00");
  cabinet_practitioner_set_text (w.practitioner, CABINET_PRACTITIONER_FALLBACK_PROCEDURE,
                                 "Je vous rappelle sur votre portable dans les cinq minutes.");
  cabinet_practitioner_set_text (w.practitioner, CABINET_PRACTITIONER_EMERGENCY_RESOURCES, "15 : SAMU\n112 : urgences");
  w.op = first_op;
  writer_open (&w);
  say ("R\n");

  /* Until killed. */
  for (;; w.op++)
    for (;;)
      {
        guint pick = (guint) g_rand_int_range (w.rand, 0, (gint32) total);
        guint i = 0;

        while (pick >= operations[i].weight)
          pick -= operations[i++].weight;
        if (operations[i].run (&w))
          break;
      }
  return 0;
}

/* ------------------------------------------------------------------------ */
/* The test: what the writer reported, kept as a model of what the database
 * must hold, and compared with it after each kill. */

typedef struct {
  gint64   id;
  char    *name;
  gboolean erased;  /* erased, the row kept for the payments the law keeps */
} MClient;

typedef struct {
  gint64  id;
  gint64  client;
  gint64  starts;
  char   *status;
} MSession;

typedef struct {
  gint64  id;
  gint64  client;
  char   *kind;
  gint64  amount;
  gint64  reverses;
  GArray *sessions;
} MPayment;

typedef struct {
  gint64  id;
  gint64  client;
  char   *status;
} MForm;

static void
mclient_free (MClient *c)
{
  g_free (c->name);
  g_free (c);
}

static void
msession_free (MSession *s)
{
  g_free (s->status);
  g_free (s);
}

static void
mpayment_free (MPayment *p)
{
  g_free (p->kind);
  g_array_unref (p->sessions);
  g_free (p);
}

static void
mform_free (MForm *f)
{
  g_free (f->status);
  g_free (f);
}

/* Every action the operations leave in the audit trail. */
static const char * const audit_actions[] = {
  "client-created", "client-updated", "client-erased", "session-created", "session-series-created",
  "session-updated", "scheduled", "done", "no-show", "late-cancel", "cancelled-client",
  "cancelled-therapist", "session-deleted", "payment-recorded", "refund-recorded", "payment-reversed",
  "consent-generated", "consent-given", "consent-signed", "consent-withdrawn",
};

typedef struct {
  GHashTable *clients;   /* id → MClient */
  GHashTable *sessions;  /* id → MSession */
  GHashTable *payments;  /* id → MPayment */
  GHashTable *forms;     /* id → MForm */
  GHashTable *audit;     /* action → count */
  gint64      next_op;
  char      **pending;   /* the B line of the operation under way */
  gboolean    ready;
  guint       n_committed, n_pending_done, n_pending_lost, n_early;
  GHashTable *killed_in;  /* kind of operation → kills while it was under way */
} Model;

static void
model_init (Model *m)
{
  *m = (Model) { 0 };
  m->clients = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) mclient_free);
  m->sessions = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) msession_free);
  m->payments = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) mpayment_free);
  m->forms = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) mform_free);
  m->audit = g_hash_table_new (g_str_hash, g_str_equal);
  m->killed_in = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (audit_actions); i++)
    g_hash_table_insert (m->audit, (gpointer) audit_actions[i], GUINT_TO_POINTER (0));
  m->next_op = 1;
}

static void
model_clear (Model *m)
{
  g_hash_table_unref (m->clients);
  g_hash_table_unref (m->sessions);
  g_hash_table_unref (m->payments);
  g_hash_table_unref (m->forms);
  g_hash_table_unref (m->audit);
  g_hash_table_unref (m->killed_in);
  g_strfreev (m->pending);
}

static gint64
parse_id (const char *text)
{
  gint64 value = 0;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, &value, NULL))
    g_error ("The writer reported “%s” where a number was expected", text ? text : "(nothing)");
  return value;
}

static void
count_audit (Model      *m,
             const char *action)
{
  gpointer key, value;

  if (!g_hash_table_lookup_extended (m->audit, action, &key, &value))
    g_error ("No audit action “%s” is expected", action);
  g_hash_table_insert (m->audit, key, GUINT_TO_POINTER (GPOINTER_TO_UINT (value) + 1));
}

static void
model_add_session (Model  *m,
                   gint64  id,
                   gint64  client,
                   gint64  starts)
{
  MSession *s = g_new0 (MSession, 1);

  s->id = id;
  s->client = client;
  s->starts = starts;
  s->status = g_strdup ("scheduled");
  g_hash_table_replace (m->sessions, &s->id, s);
}

static void
model_add_payment (Model      *m,
                   gint64      id,
                   gint64      client,
                   const char *kind,
                   gint64      amount,
                   gint64      reverses,
                   const char *sessions)
{
  MPayment *p = g_new0 (MPayment, 1);

  p->id = id;
  p->client = client;
  p->kind = g_strdup (kind);
  p->amount = amount;
  p->reverses = reverses;
  p->sessions = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (sessions && !g_str_equal (sessions, "-"))
    {
      g_auto(GStrv) ids = g_strsplit (sessions, ",", -1);

      for (guint i = 0; ids[i]; i++)
        {
          gint64 session = parse_id (ids[i]);

          g_array_append_val (p->sessions, session);
        }
    }
  g_hash_table_replace (m->payments, &p->id, p);
}

/* A session gone: the payments that were for it are no longer. */
static void
model_remove_session (Model  *m,
                      gint64  id)
{
  GHashTableIter iter;
  MPayment *p;

  g_hash_table_remove (m->sessions, &id);
  g_hash_table_iter_init (&iter, m->payments);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &p))
    for (guint i = p->sessions->len; i-- > 0;)
      if (g_array_index (p->sessions, gint64, i) == id)
        g_array_remove_index (p->sessions, i);
}

static gpointer
model_get (GHashTable *table,
           gint64      id,
           const char *what)
{
  gpointer found = g_hash_table_lookup (table, &id);

  if (found == NULL)
    g_error ("The writer changed %s %" G_GINT64_FORMAT ", which the test does not know", what, id);
  return found;
}

static void
model_erase_client (Model  *m,
                    gint64  id)
{
  MClient *c = model_get (m->clients, id, "client");
  g_autoptr(GArray) gone = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean has_payments = FALSE;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, m->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((MSession *) value)->client == id)
      g_array_append_val (gone, ((MSession *) value)->id);
  for (guint i = 0; i < gone->len; i++)
    model_remove_session (m, g_array_index (gone, gint64, i));
  g_hash_table_iter_init (&iter, m->forms);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((MForm *) value)->client == id)
      g_hash_table_iter_remove (&iter);
  g_hash_table_iter_init (&iter, m->payments);
  while (g_hash_table_iter_next (&iter, NULL, &value) && !has_payments)
    has_payments = ((MPayment *) value)->client == id;
  /* Payments younger than six years keep the row, and nothing else of them;
   * older ones go with the rest. */
  if (has_payments && !paid_long_ago (id))
    {
      c->erased = TRUE;
      return;
    }
  g_hash_table_iter_init (&iter, m->payments);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((MPayment *) value)->client == id)
      g_hash_table_iter_remove (&iter);
  g_hash_table_remove (m->clients, &id);
}

/* Applies operation @b (the fields of its B line) with @results (those of its
 * C line, after the op number). */
static void
model_apply (Model  *m,
             char  **b,
             char  **results)
{
  const char *kind = b[2];

  if (g_str_equal (kind, "client-add"))
    {
      MClient *c = g_new0 (MClient, 1);

      c->id = parse_id (results[0]);
      c->name = g_strdup_printf ("C%s", b[1]);
      g_hash_table_replace (m->clients, &c->id, c);
      count_audit (m, "client-created");
    }
  else if (g_str_equal (kind, "client-update"))
    {
      MClient *c = model_get (m->clients, parse_id (b[3]), "client");

      g_free (c->name);
      c->name = g_strdup_printf ("U%s", b[1]);
      count_audit (m, "client-updated");
    }
  else if (g_str_equal (kind, "client-erase"))
    {
      model_erase_client (m, parse_id (b[3]));
      count_audit (m, "client-erased");
    }
  else if (g_str_equal (kind, "session-add"))
    {
      gint64 client = parse_id (b[3]);
      guint n = (guint) parse_id (b[4]);

      if (g_strv_length (results) != n)
        g_error ("Operation %s planned %u sessions, and %u were written", b[1], n, g_strv_length (results));
      for (guint i = 0; results[i]; i++)
        {
          g_auto(GStrv) pair = g_strsplit (results[i], ":", 2);

          model_add_session (m, parse_id (pair[0]), client, parse_id (pair[1]));
        }
      count_audit (m, n > 1 ? "session-series-created" : "session-created");
    }
  else if (g_str_equal (kind, "session-move"))
    {
      MSession *s = model_get (m->sessions, parse_id (b[3]), "session");

      s->starts = parse_id (b[4]);
      count_audit (m, "session-updated");
    }
  else if (g_str_equal (kind, "session-status"))
    {
      MSession *s = model_get (m->sessions, parse_id (b[3]), "session");

      g_free (s->status);
      s->status = g_strdup (b[4]);
      count_audit (m, b[4]);
    }
  else if (g_str_equal (kind, "session-delete"))
    {
      model_get (m->sessions, parse_id (b[3]), "session");
      model_remove_session (m, parse_id (b[3]));
      count_audit (m, "session-deleted");
    }
  else if (g_str_equal (kind, "payment"))
    {
      model_add_payment (m, parse_id (results[0]), parse_id (b[3]), "payment", parse_id (b[4]), 0, b[5]);
      count_audit (m, "payment-recorded");
    }
  else if (g_str_equal (kind, "refund"))
    {
      model_add_payment (m, parse_id (results[0]), parse_id (b[3]), "refund", -parse_id (b[4]), 0, NULL);
      count_audit (m, "refund-recorded");
    }
  else if (g_str_equal (kind, "reverse"))
    {
      MPayment *p = model_get (m->payments, parse_id (b[3]), "payment");

      model_add_payment (m, parse_id (results[0]), p->client, "reversal", -p->amount, p->id, NULL);
      count_audit (m, "payment-reversed");
    }
  else if (g_str_equal (kind, "consent-add"))
    {
      MForm *f = g_new0 (MForm, 1);

      f->id = parse_id (results[0]);
      f->client = parse_id (b[3]);
      f->status = g_strdup ("generated");
      g_hash_table_replace (m->forms, &f->id, f);
      count_audit (m, "consent-generated");
    }
  else if (g_str_equal (kind, "consent-status"))
    {
      MForm *f = model_get (m->forms, parse_id (b[3]), "consent form");
      g_autofree char *action = g_strconcat ("consent-", b[4], NULL);

      g_free (f->status);
      f->status = g_strdup (b[4]);
      count_audit (m, action);
    }
  else if (!g_str_equal (kind, "unpaid") && !g_str_equal (kind, "lock"))
    g_error ("The writer reported an operation the test does not know: %s", kind);
}

static void
model_line (Model      *m,
            const char *line)
{
  g_auto(GStrv) fields = NULL;

  if (g_str_equal (line, "R"))
    {
      m->ready = TRUE;
      return;
    }
  fields = g_strsplit (line, " ", -1);
  if (g_str_equal (fields[0], "B") && g_strv_length (fields) >= 3 && m->pending == NULL)
    {
      m->next_op = MAX (m->next_op, parse_id (fields[1]) + 1);
      m->pending = g_steal_pointer (&fields);
    }
  else if (g_str_equal (fields[0], "C") && fields[1] && m->pending && g_str_equal (fields[1], m->pending[1]))
    {
      model_apply (m, m->pending, fields + 2);
      g_clear_pointer (&m->pending, g_strfreev);
      m->n_committed++;
    }
  else
    g_error ("The writer reported “%s” out of turn", line);
}

/* The text of the first column of the first row of @sql, ?1 being @param and
 * ?2 @text; NULL without a row. */
static char *
query_text (CabinetDatabase *db,
            const char      *sql,
            gint64           param,
            const char      *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = cabinet_database_prepare (db, sql, &error);
  gboolean has_row = FALSE;

  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, param);
  if (text)
    sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
  cabinet_database_step (db, stmt, &has_row, &error);
  g_assert_no_error (error);
  return has_row ? g_strdup (cabinet_database_column_text (stmt, 0)) : NULL;
}

/* Whether the operation under way at the kill was committed: the results its C
 * line would have given, or NULL. */
static char **
probe_pending (CabinetDatabase  *db,
               char            **b)
{
  const char *kind = b[2];
  gint64 op = parse_id (b[1]);
  g_autofree char *found = NULL;

  if (g_str_equal (kind, "client-add"))
    {
      g_autofree char *name = g_strdup_printf ("C%" G_GINT64_FORMAT, op);

      found = query_text (db, "SELECT id FROM clients WHERE first_name = ?2", 0, name);
    }
  else if (g_str_equal (kind, "client-update"))
    {
      g_autofree char *name = g_strdup_printf ("U%" G_GINT64_FORMAT, op);

      found = query_text (db, "SELECT '' FROM clients WHERE id = ?1 AND first_name = ?2", parse_id (b[3]), name);
    }
  else if (g_str_equal (kind, "client-erase"))
    found = query_text (db, "SELECT '' WHERE NOT EXISTS (SELECT 1 FROM clients WHERE id = ?1 AND erased_on IS NULL)",
                        parse_id (b[3]), NULL);
  else if (g_str_equal (kind, "session-add"))
    {
      g_autofree char *link = g_strdup_printf (LINK_PREFIX "%" G_GINT64_FORMAT, op);

      found = query_text (db, "SELECT pairs FROM (SELECT group_concat (pair, ' ') AS pairs FROM"
                              " (SELECT id || ':' || starts_at AS pair FROM sessions WHERE link = ?2 ORDER BY id))"
                              " WHERE pairs IS NOT NULL", 0, link);
    }
  else if (g_str_equal (kind, "session-move"))
    found = query_text (db, "SELECT '' FROM sessions WHERE id = ?1 AND starts_at = ?2", parse_id (b[3]), b[4]);
  else if (g_str_equal (kind, "session-status"))
    found = query_text (db, "SELECT '' FROM sessions WHERE id = ?1 AND status = ?2", parse_id (b[3]), b[4]);
  else if (g_str_equal (kind, "session-delete"))
    found = query_text (db, "SELECT '' WHERE NOT EXISTS (SELECT 1 FROM sessions WHERE id = ?1)",
                        parse_id (b[3]), NULL);
  else if (g_str_equal (kind, "payment") || g_str_equal (kind, "refund"))
    {
      g_autofree char *reference = g_strdup_printf ("%c%" G_GINT64_FORMAT, kind[0] == 'p' ? 'P' : 'R', op);

      found = query_text (db, "SELECT id FROM payments WHERE reference = ?2", 0, reference);
    }
  else if (g_str_equal (kind, "reverse"))
    found = query_text (db, "SELECT id FROM payments WHERE reverses = ?1", parse_id (b[3]), NULL);
  else if (g_str_equal (kind, "consent-add"))
    {
      g_autoptr(GDateTime) made = g_date_time_new_from_unix_utc (FORM_EPOCH + op);
      g_autofree char *stamp = cabinet_timestamp_format (made);

      found = query_text (db, "SELECT id FROM consent_forms WHERE client_id = ?1 AND created_at = ?2",
                          parse_id (b[3]), stamp);
    }
  else if (g_str_equal (kind, "consent-status"))
    found = query_text (db, "SELECT '' FROM consent_forms WHERE id = ?1 AND status = ?2", parse_id (b[3]), b[4]);
  else if (g_str_equal (kind, "unpaid") || g_str_equal (kind, "lock"))
    return NULL;
  else
    g_error ("The writer began an operation the test does not know: %s", kind);

  if (found == NULL)
    return NULL;
  return *found ? g_strsplit (found, " ", -1) : g_new0 (char *, 1);
}

static void
model_resolve (Model           *m,
               CabinetDatabase *db)
{
  g_auto(GStrv) results = NULL;

  if (m->pending == NULL)
    return;
  g_hash_table_insert (m->killed_in, g_strdup (m->pending[2]),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (m->killed_in, m->pending[2])) + 1));
  results = probe_pending (db, m->pending);
  if (results)
    {
      model_apply (m, m->pending, results);
      m->n_pending_done++;
    }
  else
    m->n_pending_lost++;
  g_clear_pointer (&m->pending, g_strfreev);
}

/* The rows @sql gives (a key and a value, as text) are exactly @expected. */
static void
assert_rows (CabinetDatabase *db,
             const char      *what,
             const char      *sql,
             GHashTable      *expected,
             GHashTable      *only)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = cabinet_database_prepare (db, sql, &error);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key, value;

  g_assert_no_error (error);
  for (;;)
    {
      gboolean has_row = FALSE;
      const char *k, *v, *want;

      cabinet_database_step (db, stmt, &has_row, &error);
      g_assert_no_error (error);
      if (!has_row)
        break;
      k = cabinet_database_column_text (stmt, 0);
      v = cabinet_database_column_text (stmt, 1);
      if (only && !g_hash_table_contains (only, k))
        continue;
      want = g_hash_table_lookup (expected, k);
      if (want == NULL)
        g_error ("%s %s is in the database (“%s”), but no operation that committed made it", what, k, v);
      if (!g_str_equal (want, v))
        g_error ("%s %s is “%s” in the database, but the operations that committed make it “%s”",
                 what, k, v, want);
      g_hash_table_add (seen, g_strdup (k));
    }
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (seen, key) && !(only && g_str_equal (value, "0")))
      g_error ("%s %s (“%s”) is not in the database, but the operations that committed made it", what,
               (char *) key, (char *) value);
}

#define EXPECT(table, k, ...) \
  g_hash_table_insert ((table), g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) (k)), g_strdup_printf (__VA_ARGS__))

static void
model_assert (Model           *m,
              CabinetDatabase *db)
{
  g_autoptr(GHashTable) clients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) payments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) forms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) audit = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, m->clients);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      MClient *c = value;

      EXPECT (clients, c->id, "%s", c->erased ? "(erased)" : c->name);
    }
  g_hash_table_iter_init (&iter, m->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      MSession *s = value;

      EXPECT (sessions, s->id, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %s", s->client, s->starts, s->status);
    }
  g_hash_table_iter_init (&iter, m->payments);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      MPayment *p = value;

      EXPECT (payments, p->id, "%" G_GINT64_FORMAT " %s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
              p->client, p->kind, p->amount, p->reverses);
      for (guint i = 0; i < p->sessions->len; i++)
        g_hash_table_insert (links, g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, p->id,
                                                     g_array_index (p->sessions, gint64, i)),
                             g_strdup ("linked"));
    }
  g_hash_table_iter_init (&iter, m->forms);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      MForm *f = value;

      EXPECT (forms, f->id, "%" G_GINT64_FORMAT " %s", f->client, f->status);
    }
  g_hash_table_iter_init (&iter, m->audit);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (audit, g_strdup (key), g_strdup_printf ("%u", GPOINTER_TO_UINT (value)));

  assert_rows (db, "Client", "SELECT id, CASE WHEN erased_on IS NULL THEN first_name ELSE '(erased)' END"
                             " FROM clients", clients, NULL);
  assert_rows (db, "Session", "SELECT id, printf ('%d %d %s', client_id, starts_at, status) FROM sessions",
               sessions, NULL);
  assert_rows (db, "Payment", "SELECT id, printf ('%d %s %d %d', client_id, kind, amount_minor,"
                              " IFNULL (reverses, 0)) FROM payments", payments, NULL);
  assert_rows (db, "Payment:session", "SELECT payment_id || ':' || session_id, 'linked' FROM payment_sessions",
               links, NULL);
  assert_rows (db, "Consent form", "SELECT id, printf ('%d %s', client_id, status) FROM consent_forms",
               forms, NULL);
  /* A change's audit record is written in the change's own transaction: as
   * many records of each action as changes of that kind committed. */
  assert_rows (db, "Audit trail action", "SELECT action, count (*) FROM audit_log GROUP BY action", audit,
               m->audit);
}

/* ------------------------------------------------------------------------ */

typedef struct {
  GPid     pid;
  int      out;
  GString *buffer;
  gint64   started;  /* monotonic, µs */
} Child;

/* The writer's environment: the test's, but that under AddressSanitizer it
 * looks for no leaks (it never exits: it is killed) and unwinds the stack the
 * fast way at each allocation, so that it starts and works at a pace that
 * lets the kills fall in its transactions; memory errors still stop it. */
static char **
writer_environment (void)
{
  char **envp = g_get_environ ();
  const char *asan = g_environ_getenv (envp, "ASAN_OPTIONS");
  g_autofree char *options = g_strconcat (asan ? asan : "", asan && *asan ? ":" : "",
                                          "detect_leaks=0:fast_unwind_on_malloc=1", NULL);

  return g_environ_setenv (envp, "ASAN_OPTIONS", options, TRUE);
}

static void
spawn_writer (Child      *child,
              const char *self,
              const char *path,
              const char *hex,
              gint64      first_op,
              guint32     seed)
{
  g_auto(GStrv) envp = writer_environment ();
  g_autoptr(GError) error = NULL;
  g_autofree char *op = g_strdup_printf ("%" G_GINT64_FORMAT, first_op);
  g_autofree char *seed_text = g_strdup_printf ("%u", seed);
  const char *argv[] = { self, "--crash-writer", path, op, seed_text, NULL };
  int in = -1;
  g_autofree char *line = g_strconcat (hex, "\n", NULL);

  child->started = g_get_monotonic_time ();
  g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &child->pid, &in, &child->out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (write (in, line, strlen (line)), ==, (gssize) strlen (line));
  close (in);
  memset (line, 0, strlen (line));
  g_string_truncate (child->buffer, 0);
}

/* Reads what the writer says until @deadline (monotonic, µs) or until @model is
 * ready when @until_ready; FALSE when the writer closed its output. */
static gboolean
read_writer (Child    *child,
             Model    *model,
             gint64    deadline,
             gboolean  until_ready)
{
  for (;;)
    {
      gint64 now = g_get_monotonic_time ();
      struct pollfd pfd = { child->out, POLLIN, 0 };
      char chunk[4096];
      ssize_t n;
      char *newline;
      int ready;

      if (now >= deadline || (until_ready && model->ready))
        return TRUE;
      ready = poll (&pfd, 1, deadline == G_MAXINT64 ? -1 : (int) MIN ((deadline - now + 999) / 1000, G_MAXINT));
      if (ready < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (ready, >=, 0);
      if (ready == 0)
        continue;
      n = read (child->out, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >=, 0);
      if (n == 0)
        return FALSE;
      g_string_append_len (child->buffer, chunk, n);
      while ((newline = memchr (child->buffer->str, '\n', child->buffer->len)) != NULL)
        {
          *newline = '\0';
          model_line (model, child->buffer->str);
          g_string_erase (child->buffer, 0, newline - child->buffer->str + 1);
        }
    }
}

static void
kill_writer (Child *child,
             Model *model)
{
  int status = 0;

  g_assert_cmpint (kill (child->pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (child->pid, &status, 0), ==, child->pid);
  g_spawn_close_pid (child->pid);
  if (!WIFSIGNALED (status) || WTERMSIG (status) != SIGKILL)
    g_error ("The writer ended by itself (wait status %d): see its messages above", status);
  /* What it wrote before dying, to the end. */
  g_assert_false (read_writer (child, model, G_MAXINT64, FALSE));
  g_assert_cmpuint (child->buffer->len, ==, 0);
  close (child->out);
}

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *text = g_getenv (name);
  guint64 value;

  if (text == NULL || *text == '\0')
    return fallback;
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &value, NULL))
    g_error ("%s must be a number, not “%s”", name, text);
  return (guint) value;
}

static void
check_after_kill (const char       *path,
                  const CabinetKey *key,
                  Model            *model)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetDatabase) db = cabinet_database_open (path, key, CABINET_DATABASE_OPEN_EXISTING, &error);
  g_autoptr(CabinetLedger) ledger = NULL;

  g_assert_no_error (error);
  cabinet_test_assert_integrity (db);
  model_resolve (model, db);
  model_assert (model, db);
  ledger = cabinet_ledger_new (db, "EUR");
  cabinet_test_assert_ledger_invariants (db, ledger);
  cabinet_database_close (db);
}

typedef struct {
  char       *self;      /* this test program, which is also the writer */
  char       *dir;
  char       *path;
  CabinetKey *key;
  char       *hex;
  GRand      *rand;
  Child       child;
  gint64      ready_us;  /* how long a writer takes to open, on average */
  guint       n_opened;  /* writers timed */
  GTimer     *timer;
} Harness;

static void
harness_init (Harness *h,
              guint32  seed)
{
  g_autoptr(CabinetDatabase) db = NULL;

  *h = (Harness) { 0 };
  h->self = g_file_read_link ("/proc/self/exe", NULL);
  g_assert_nonnull (h->self);
  db = cabinet_test_create_database (&h->dir, &h->path, &h->key);
  cabinet_database_close (db);
  h->hex = cabinet_key_to_hex (h->key);
  h->rand = g_rand_new_with_seed (seed);
  h->child.buffer = g_string_new (NULL);
  h->ready_us = 50000;
  h->timer = g_timer_new ();
}

static void
harness_clear (Harness *h)
{
  cabinet_test_remove_dir (h->dir);
  g_free (h->dir);
  g_free (h->path);
  g_free (h->self);
  cabinet_key_free (h->key);
  cabinet_secure_free_string (h->hex);
  g_rand_free (h->rand);
  g_string_free (h->child.buffer, TRUE);
  g_timer_destroy (h->timer);
}

static guint32
crash_seed (void)
{
  guint32 seed = env_uint ("CABINET_CRASH_SEED", g_random_int ());

  g_test_message ("seed %u (CABINET_CRASH_SEED=%u repeats this run)", seed, seed);
  return seed;
}

/* Starts a writer on @path and kills it: with @early, at a random moment
 * while it starts and opens the database (and recovers the WAL the last one
 * left, or migrates the schema); otherwise at a random moment of its work. */
static void
run_and_kill (Harness    *h,
              Model      *model,
              const char *path,
              gboolean    early)
{
  Child *child = &h->child;
  gint64 deadline, opened;
  gint32 life_ms;

  model->ready = FALSE;
  spawn_writer (child, h->self, path, h->hex, model->next_op, g_rand_int (h->rand));
  if (early)
    {
      deadline = child->started + g_rand_int_range (h->rand, 0, (gint32) (h->ready_us * 3 / 2) + 1);
      if (!read_writer (child, model, deadline, FALSE))
        g_error ("The writer stopped before it was killed: see its messages above");
      if (!model->ready)
        model->n_early++;
    }
  else
    {
      if (!read_writer (child, model, child->started + 60 * G_USEC_PER_SEC, TRUE) || !model->ready)
        g_error ("The writer did not open the database: see its messages above");
      opened = g_get_monotonic_time () - child->started;
      h->ready_us = h->n_opened++ ? (h->ready_us * 3 + opened) / 4 : opened;
      life_ms = g_rand_int_range (h->rand, 0, 10) == 0 ? MAX_LONG_LIFE_MS : MAX_LIFE_MS;
      deadline = g_get_monotonic_time () + g_rand_int_range (h->rand, 0, life_ms * 1000 + 1);
      if (!read_writer (child, model, deadline, FALSE))
        g_error ("The writer stopped before it was killed: see its messages above");
    }
  kill_writer (child, model);
}

static char *
describe_kills (Model *model)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GList) kinds = g_list_sort (g_hash_table_get_keys (model->killed_in), (GCompareFunc) g_strcmp0);

  for (GList *l = kinds; l; l = l->next)
    g_string_append_printf (text, "%s%s %u", text->len ? ", " : "", (char *) l->data,
                            GPOINTER_TO_UINT (g_hash_table_lookup (model->killed_in, l->data)));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_kill_writer (void)
{
  guint kills = env_uint ("CABINET_CRASH_KILLS", DEFAULT_KILLS);
  g_autofree char *under_way = NULL;
  Harness h;
  Model model;
  GStatBuf st;

  harness_init (&h, crash_seed ());
  model_init (&model);
  for (guint k = 0; k < kills; k++)
    {
      /* One kill in eight while the writer opens the database. */
      run_and_kill (&h, &model, h.path, g_rand_int_range (h.rand, 0, 8) == 0);
      check_after_kill (h.path, h.key, &model);
    }

  g_assert_cmpint (g_stat (h.path, &st), ==, 0);
  under_way = describe_kills (&model);
  g_test_message ("%u kills in %.1f s: %u operations reported committed, all found; %u kills while an"
                  " operation was under way (%s), of which %u had committed and %u had not; %u kills while"
                  " the database was opening; at the end %u clients, %u sessions, %u payments, %u consent"
                  " forms, a file of %.1f MB",
                  kills, g_timer_elapsed (h.timer, NULL), model.n_committed,
                  model.n_pending_done + model.n_pending_lost, under_way, model.n_pending_done,
                  model.n_pending_lost, model.n_early, g_hash_table_size (model.clients),
                  g_hash_table_size (model.sessions), g_hash_table_size (model.payments),
                  g_hash_table_size (model.forms), st.st_size / 1048576.0);
  /* The kills fell in the middle of operations, not only between them. */
  g_assert_cmpuint (model.n_pending_done, >, 0);
  g_assert_cmpuint (model.n_pending_lost, >, 0);
  g_assert_cmpuint (model.n_committed, >, kills);

  model_clear (&model);
  harness_clear (&h);
}

/* Killed while it brings an older database to the current schema: the file is
 * either as it was or migrated whole, and opens migrated with its records. */
static void
test_kill_migration (void)
{
  guint rounds = MAX (20, env_uint ("CABINET_CRASH_KILLS", DEFAULT_KILLS) / 10);
  int latest = cabinet_database_get_latest_version ();
  guint n_old = 0, n_new = 0;
  Harness h;

  harness_init (&h, crash_seed ());
  for (guint r = 0; r < rounds; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_strdup_printf ("%s/old-%u.db", h.dir, r);
      g_autoptr(CabinetDatabase) db = cabinet_database_create_at_version (path, h.key, 1, &error);
      g_autoptr(CabinetPractitioner) loaded = NULL;
      Model model;

      g_assert_no_error (error);
      g_assert_true (cabinet_database_exec (db,
        "INSERT INTO practitioner (id, full_name, title, fee_minor, currency, created_at, updated_at) "
        "VALUES (1, 'Zoé Ancienne', 'Psychologue', 5000, 'EUR', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')",
        &error));
      g_assert_no_error (error);
      cabinet_database_close (db);
      g_clear_object (&db);

      /* The first writer is left to open, to time it. */
      model_init (&model);
      run_and_kill (&h, &model, path, r > 0);

      /* As the kill left it: the old schema or the new one, nothing between. */
      db = cabinet_database_open (path, h.key, CABINET_DATABASE_AS_IS, &error);
      g_assert_no_error (error);
      if (cabinet_database_get_schema_version (db) == 1)
        n_old++;
      else
        {
          g_assert_cmpint (cabinet_database_get_schema_version (db), ==, latest);
          n_new++;
        }
      cabinet_test_assert_integrity (db);
      cabinet_database_close (db);
      g_clear_object (&db);

      check_after_kill (path, h.key, &model);
      db = cabinet_database_open (path, h.key, CABINET_DATABASE_OPEN_EXISTING, &error);
      g_assert_no_error (error);
      g_assert_cmpint (cabinet_database_get_schema_version (db), ==, latest);
      loaded = cabinet_practitioner_load (db, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (cabinet_practitioner_get_text (loaded, CABINET_PRACTITIONER_FULL_NAME), ==, "Zoé Ancienne");
      cabinet_database_close (db);
      model_clear (&model);
    }
  g_test_message ("%u kills in %.1f s while a database of schema 1 was opened: %u left it at schema 1,"
                  " %u at schema %d", rounds, g_timer_elapsed (h.timer, NULL), n_old, n_new, latest);
  harness_clear (&h);
}

int
main (int argc, char *argv[])
{
  if (argc == 5 && g_str_equal (argv[1], "--crash-writer"))
    return run_writer (argv[2], g_ascii_strtoll (argv[3], NULL, 10), (guint32) g_ascii_strtoull (argv[4], NULL, 10));

  g_test_init (&argc, &argv, NULL);
  signal (SIGPIPE, SIG_IGN);
  g_test_add_func ("/crash/kill-writer", test_kill_writer);
  g_test_add_func ("/crash/kill-migration", test_kill_migration);
  return g_test_run ();
}
