/* test-ledger.c — the ledger: charges from what became of each session, the
 * cancellation policy of the day, payments covering the oldest charges or the
 * sessions chosen, credit, reversals and refunds, bad input refused, and the
 * balance always the sum of the rows, whatever happens
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cabinet-client-store.h"
#include "cabinet-csv.h"
#include "cabinet-income-report.h"
#include "cabinet-ledger.h"
#include "cabinet-mon-soutien-psy.h"
#include "cabinet-receipt.h"
#include "cabinet-session-store.h"
#include "cabinet-test-utils.h"

#define N_CLIENTS 3

typedef struct {
  char                *dir;
  char                *path;
  CabinetKey          *key;
  CabinetDatabase     *db;
  CabinetClientStore  *clients;
  CabinetSessionStore *sessions;
  CabinetLedger       *ledger;
  GTimeZone           *zone;
  gint64               client[N_CLIENTS];
  GDate                today;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->db = cabinet_test_create_database (&f->dir, &f->path, &f->key);
  f->clients = cabinet_client_store_new (f->db, &error);
  g_assert_no_error (error);
  f->sessions = cabinet_session_store_new (f->db);
  f->ledger = cabinet_ledger_new (f->db, "EUR");
  f->zone = g_time_zone_new_identifier ("Europe/Paris");
  for (guint i = 0; i < N_CLIENTS; i++)
    {
      g_autoptr(CabinetClient) client = cabinet_client_new ("Europe/Paris");
      g_autofree char *name = g_strdup_printf ("Client%u", i);

      cabinet_client_set_text (client, CABINET_CLIENT_FIRST_NAME, name);
      cabinet_client_set_text (client, CABINET_CLIENT_LAST_NAME, "Martin");
      cabinet_client_store_save (f->clients, client, &error);
      g_assert_no_error (error);
      f->client[i] = cabinet_client_get_id (client);
    }
  g_date_clear (&f->today, 1);
  g_date_set_dmy (&f->today, 22, 11, 2026);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->ledger);
  g_clear_object (&f->sessions);
  g_clear_object (&f->clients);
  cabinet_database_close (f->db);
  g_clear_object (&f->db);
  g_clear_pointer (&f->zone, g_time_zone_unref);
  cabinet_test_remove_database (f->dir, f->path, f->key);
}

/* A past session (so that it can be held), @days after 1 September 2026. */
static CabinetSession *
add_session (Fixture *f,
             gint64   client_id,
             guint    days,
             gint64   fee)
{
  CabinetSession *session = cabinet_session_new ();
  g_autoptr(CabinetSessionPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  cabinet_session_set_client_id (session, client_id);
  cabinet_session_set_starts_at (session, cabinet_test_utc (2026, 9, 1, 8, 0) + (gint64) days * 86400);
  cabinet_session_set_fee (session, fee, "EUR");
  plan = cabinet_session_store_plan_add (f->sessions, session, NULL, f->zone, &error);
  g_assert_no_error (error);
  cabinet_session_store_apply (f->sessions, plan, TRUE, &error);
  g_assert_no_error (error);
  return session;
}

static void
set_status (Fixture              *f,
            CabinetSession       *session,
            CabinetSessionStatus  status)
{
  g_autoptr(GError) error = NULL;

  cabinet_session_store_set_status (f->sessions, session, status, CABINET_SESSION_SCOPE_THIS, &error);
  g_assert_no_error (error);
}

static gint64
balance (Fixture *f,
         gint64   client_id)
{
  g_autoptr(GError) error = NULL;
  gint64 value = 42;

  cabinet_ledger_get_balance (f->ledger, client_id, &value, &error);
  g_assert_no_error (error);
  return value;
}

static GDate *
day (guint d,
     guint m,
     guint y)
{
  return g_date_new_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

static gint64
pay (Fixture       *f,
     gint64         client_id,
     gint64         amount,
     const gint64  *sessions,
     guint          n)
{
  g_autoptr(GDate) date = day (1, 11, 2026);
  g_autoptr(GError) error = NULL;
  gint64 id = cabinet_ledger_record_payment (f->ledger, client_id, amount, "EUR", date, CABINET_PAYMENT_TRANSFER,
                                             "VIR-2026-11", NULL, sessions, n, &f->today, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static GPtrArray *
charges (Fixture *f,
         gint64   client_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list = cabinet_ledger_list_charges (f->ledger, client_id, &error);

  g_assert_no_error (error);
  return list;
}

#define CHARGE(list, i) ((CabinetCharge *) g_ptr_array_index ((list), (i)))

/* Held: the fee; missed or cancelled late: the policy of that day; cancelled
 * otherwise or back to scheduled: nothing. A fee corrected afterwards counts. */
static void
test_charges (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CabinetSession) held = add_session (f, f->client[0], 0, 6000);
  g_autoptr(CabinetSession) missed = add_session (f, f->client[0], 7, 6000);
  g_autoptr(CabinetSession) late = add_session (f, f->client[0], 14, 6000);
  g_autoptr(CabinetSession) cancelled = add_session (f, f->client[0], 21, 6000);
  g_autoptr(CabinetSession) edited = NULL;
  g_autoptr(CabinetSessionPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (balance (f, f->client[0]), ==, 0);
  set_status (f, held, CABINET_SESSION_DONE);
  set_status (f, missed, CABINET_SESSION_NO_SHOW);
  g_assert_cmpint (balance (f, f->client[0]), ==, 12000);

  /* From now on, half the fee; the no-show already settled keeps its full charge. */
  cabinet_ledger_set_cancellation_percent (f->ledger, 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cabinet_ledger_get_cancellation_percent (f->ledger), ==, 50);
  set_status (f, late, CABINET_SESSION_LATE_CANCEL);
  set_status (f, cancelled, CABINET_SESSION_CANCELLED_CLIENT);
  g_assert_cmpint (balance (f, f->client[0]), ==, 6000 + 6000 + 3000);

  g_assert_false (cabinet_ledger_set_cancellation_percent (f->ledger, 101, &error));
  g_assert_error (error, CABINET_LEDGER_ERROR, CABINET_LEDGER_ERROR_INVALID);
  g_clear_error (&error);

  /* Back to scheduled: no charge; the fee of a held session corrected: the new one. */
  set_status (f, missed, CABINET_SESSION_SCHEDULED);
  g_assert_cmpint (balance (f, f->client[0]), ==, 6000 + 3000);
  edited = cabinet_session_copy (held);
  cabinet_session_set_fee (edited, 5000, "EUR");
  plan = cabinet_session_store_plan_update (f->sessions, edited, CABINET_SESSION_SCOPE_THIS, f->zone, &error);
  g_assert_no_error (error);
  cabinet_session_store_apply (f->sessions, plan, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (balance (f, f->client[0]), ==, 5000 + 3000);
  g_assert_cmpint (balance (f, f->client[1]), ==, 0);
}

/* A payment covers the oldest charges first, or the sessions it was for; paid in
 * advance, it is credit that the next charges use. */
static void
test_allocation (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CabinetSession) first = add_session (f, f->client[0], 0, 6000);
  g_autoptr(CabinetSession) second = add_session (f, f->client[0], 7, 6000);
  g_autoptr(CabinetSession) third = add_session (f, f->client[0], 14, 6000);
  g_autoptr(GPtrArray) list = NULL;
  gint64 chosen;

  set_status (f, first, CABINET_SESSION_DONE);
  set_status (f, second, CABINET_SESSION_DONE);
  set_status (f, third, CABINET_SESSION_DONE);

  /* 90 € with nothing chosen: the first whole, half the second. */
  pay (f, f->client[0], 9000, NULL, 0);
  list = charges (f, f->client[0]);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpint (CHARGE (list, 0)->paid, ==, 6000);
  g_assert_cmpint (CHARGE (list, 1)->paid, ==, 3000);
  g_assert_cmpint (CHARGE (list, 2)->paid, ==, 0);
  g_assert_cmpint (balance (f, f->client[0]), ==, 9000);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* 60 € for the third session: that one, not the second. */
  chosen = cabinet_session_get_id (third);
  pay (f, f->client[0], 6000, &chosen, 1);
  list = charges (f, f->client[0]);
  g_assert_cmpint (CHARGE (list, 1)->paid, ==, 3000);
  g_assert_cmpint (CHARGE (list, 2)->paid, ==, 6000);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* 100 € in advance: the 30 € owed, then 70 € of credit for the next session. */
  pay (f, f->client[0], 10000, NULL, 0);
  g_assert_cmpint (balance (f, f->client[0]), ==, -7000);
  {
    g_autoptr(CabinetSession) next = add_session (f, f->client[0], 21, 6000);

    set_status (f, next, CABINET_SESSION_DONE);
    list = charges (f, f->client[0]);
    g_assert_cmpint (CHARGE (list, 3)->paid, ==, 6000);
    g_assert_cmpint (balance (f, f->client[0]), ==, -1000);
  }
}

/* A correction is a reversal and a new payment, both kept; a reversal happens
 * once, and is not itself reversed; a refund gives back no more than the credit;
 * a recorded payment cannot be edited, even in SQL. */
static void
test_reversal_refund (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CabinetSession) held = add_session (f, f->client[1], 0, 6000);
  g_autoptr(GDate) date = day (2, 11, 2026);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  gint64 wrong, reversal;

  set_status (f, held, CABINET_SESSION_DONE);
  wrong = pay (f, f->client[1], 600, NULL, 0);  /* 6 € typed for 60 € */
  g_assert_cmpint (balance (f, f->client[1]), ==, 5400);

  reversal = cabinet_ledger_reverse (f->ledger, wrong, date, "typing mistake", &f->today, &error);
  g_assert_no_error (error);
  g_assert_cmpint (balance (f, f->client[1]), ==, 6000);
  pay (f, f->client[1], 6000, NULL, 0);
  g_assert_cmpint (balance (f, f->client[1]), ==, 0);

  entries = cabinet_ledger_list_entries (f->ledger, f->client[1], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 3);
  /* By date: the two payments of 1 November, then the reversal of the 2nd. */
  g_assert_true (((CabinetEntry *) g_ptr_array_index (entries, 0))->reversed);
  g_assert_false (((CabinetEntry *) g_ptr_array_index (entries, 1))->reversed);
  g_assert_cmpint (((CabinetEntry *) g_ptr_array_index (entries, 2))->kind, ==, CABINET_ENTRY_REVERSAL);
  g_assert_cmpint (((CabinetEntry *) g_ptr_array_index (entries, 2))->amount, ==, -600);
  g_assert_cmpint (((CabinetEntry *) g_ptr_array_index (entries, 2))->reverses, ==, wrong);

  g_assert_cmpint (cabinet_ledger_reverse (f->ledger, wrong, date, NULL, &f->today, &error), ==, 0);
  g_assert_error (error, CABINET_LEDGER_ERROR, CABINET_LEDGER_ERROR_REVERSED);
  g_clear_error (&error);
  g_assert_cmpint (cabinet_ledger_reverse (f->ledger, reversal, date, NULL, &f->today, &error), ==, 0);
  g_assert_error (error, CABINET_LEDGER_ERROR, CABINET_LEDGER_ERROR_REVERSED);
  g_clear_error (&error);

  g_assert_false (cabinet_database_exec (f->db, "UPDATE payments SET amount_minor = 1", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Paid twice by mistake: 60 € of credit, given back; not a cent more. */
  pay (f, f->client[1], 6000, NULL, 0);
  g_assert_cmpint (cabinet_ledger_refund (f->ledger, f->client[1], 6001, date, CABINET_PAYMENT_TRANSFER, NULL, NULL,
                                          &f->today, &error), ==, 0);
  g_assert_error (error, CABINET_LEDGER_ERROR, CABINET_LEDGER_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (cabinet_ledger_refund (f->ledger, f->client[1], 6000, date, CABINET_PAYMENT_TRANSFER, NULL, NULL,
                                          &f->today, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (balance (f, f->client[1]), ==, 0);
}

/* What is refused, said, and leaves the ledger as it was. */
static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CabinetSession) theirs = add_session (f, f->client[2], 0, 6000);
  g_autoptr(GDate) date = day (1, 11, 2026);
  g_autoptr(GDate) tomorrow = day (23, 11, 2026);
  gint64 other_session = cabinet_session_get_id (theirs);
  struct {
    gint64                 amount;
    const char            *currency;
    const GDate           *date;
    CabinetPaymentMethods  method;
    const gint64          *sessions;
  } bad[] = {
    { 0, "EUR", date, CABINET_PAYMENT_CARD, NULL },
    { -5000, "EUR", date, CABINET_PAYMENT_CARD, NULL },
    { CABINET_LEDGER_DEFAULT_CEILING + 1, "EUR", date, CABINET_PAYMENT_CARD, NULL },
    { 6000, "USD", date, CABINET_PAYMENT_CARD, NULL },
    { 6000, "EUR", tomorrow, CABINET_PAYMENT_CARD, NULL },
    { 6000, "EUR", date, 0, NULL },
    { 6000, "EUR", date, CABINET_PAYMENT_CARD | CABINET_PAYMENT_CASH, NULL },
    { 6000, "EUR", date, CABINET_PAYMENT_CARD, &other_session },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (cabinet_ledger_record_payment (f->ledger, f->client[0], bad[i].amount, bad[i].currency,
                                                      bad[i].date, bad[i].method, NULL, NULL, bad[i].sessions,
                                                      bad[i].sessions ? 1 : 0, &f->today, &error), ==, 0);
      g_assert_error (error, CABINET_LEDGER_ERROR, CABINET_LEDGER_ERROR_INVALID);
      g_assert_cmpstr (error->message, !=, "");
    }
  {
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (cabinet_ledger_record_payment (f->ledger, 999, 6000, "EUR", date, CABINET_PAYMENT_CARD,
                                                    NULL, NULL, NULL, 0, &f->today, &error), ==, 0);
    g_assert_error (error, CABINET_LEDGER_ERROR, CABINET_LEDGER_ERROR_NOT_FOUND);
  }
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count (*) FROM payments"), ==, 0);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count (*) FROM payment_sessions"), ==, 0);
  g_assert_cmpint (balance (f, f->client[0]), ==, 0);
}

/* After any sequence of operations: see cabinet_test_assert_ledger_invariants(). */
static void
check_invariants (Fixture *f)
{
  cabinet_test_assert_ledger_invariants (f->db, f->ledger);
}

static void
test_invariants (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) payments = g_array_new (FALSE, FALSE, sizeof (gint64));
  static const CabinetSessionStatus statuses[] = {
    CABINET_SESSION_SCHEDULED, CABINET_SESSION_DONE, CABINET_SESSION_NO_SHOW, CABINET_SESSION_LATE_CANCEL,
    CABINET_SESSION_CANCELLED_CLIENT, CABINET_SESSION_CANCELLED_THERAPIST,
  };
  g_autoptr(GDate) date = day (1, 11, 2026);

  g_test_rand_int ();  /* the seed is printed with --verbose; runs differ with -s */
  for (guint step = 0; step < 300; step++)
    {
      g_autoptr(GError) error = NULL;
      gint64 client = f->client[g_test_rand_int_range (0, N_CLIENTS)];

      switch (g_test_rand_int_range (0, 7))
        {
        case 0:
          g_ptr_array_add (sessions, add_session (f, client, step, g_test_rand_int_range (0, 12000)));
          break;
        case 1:
          if (sessions->len > 0)
            {
              CabinetSession *session = g_ptr_array_index (sessions, g_test_rand_int_range (0, sessions->len));
              CabinetSessionStatus to = statuses[g_test_rand_int_range (0, G_N_ELEMENTS (statuses))];

              /* A settled session goes back to scheduled first: either may be refused. */
              cabinet_session_store_set_status (f->sessions, session, to, CABINET_SESSION_SCOPE_THIS, NULL);
            }
          break;
        case 2:
          {
            gint64 id = cabinet_ledger_record_payment (f->ledger, client, g_test_rand_int_range (1, 15000), "EUR",
                                                       date, CABINET_PAYMENT_CARD, NULL, NULL, NULL, 0,
                                                       &f->today, &error);
            g_assert_no_error (error);
            g_array_append_val (payments, id);
          }
          break;
        case 3:
          if (sessions->len > 0)
            {
              CabinetSession *session = g_ptr_array_index (sessions, g_test_rand_int_range (0, sessions->len));
              gint64 chosen = cabinet_session_get_id (session);
              gint64 id = cabinet_ledger_record_payment (f->ledger, cabinet_session_get_client_id (session),
                                                         g_test_rand_int_range (1, 15000), "EUR", date,
                                                         CABINET_PAYMENT_CHEQUE, NULL, NULL, &chosen, 1,
                                                         &f->today, &error);
              g_assert_no_error (error);
              g_array_append_val (payments, id);
            }
          break;
        case 4:
          if (payments->len > 0)
            /* Reversing twice is refused: whichever comes first stands. */
            cabinet_ledger_reverse (f->ledger, g_array_index (payments, gint64, g_test_rand_int_range (0, payments->len)),
                                    date, NULL, &f->today, NULL);
          break;
        case 5:
          {
            gint64 b = balance (f, client);

            if (b < 0)
              {
                cabinet_ledger_refund (f->ledger, client, g_test_rand_int_range (1, (gint32) MIN (-b, 15000) + 1),
                                       date, CABINET_PAYMENT_TRANSFER, NULL, NULL, &f->today, &error);
                g_assert_no_error (error);
              }
          }
          break;
        case 6:
          /* A session moved (as a sync would): which one the payments
           * cover first may change. */
          if (sessions->len > 0)
            {
              CabinetSession *session = g_ptr_array_index (sessions, g_test_rand_int_range (0, sessions->len));
              gint64 to = cabinet_test_utc (2026, 9, 1, 8, 0) + (gint64) g_test_rand_int_range (0, 300) * 86400;
              g_autofree char *sql = g_strdup_printf ("UPDATE sessions SET ends_at = ends_at - starts_at + %1$"
                                                      G_GINT64_FORMAT ", starts_at = %1$" G_GINT64_FORMAT
                                                      " WHERE id = %2$" G_GINT64_FORMAT,
                                                      to, cabinet_session_get_id (session));

              cabinet_database_exec (f->db, sql, &error);
              g_assert_no_error (error);
            }
          break;
        default:
          g_assert_not_reached ();
        }
      check_invariants (f);
    }
}

/* Across the practice: what is unpaid, oldest first; the payments of a period,
 * by means and by client, newest first. */
static void
test_unpaid_and_recent (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CabinetSession) a = add_session (f, f->client[0], 10, 6000);
  g_autoptr(CabinetSession) b = add_session (f, f->client[1], 5, 5000);
  g_autoptr(CabinetSession) c = add_session (f, f->client[2], 20, 4000);
  g_autoptr(GPtrArray) unpaid = NULL;
  g_autoptr(GPtrArray) recent = NULL;
  g_autoptr(GDate) october = day (10, 10, 2026);
  g_autoptr(GDate) november = day (1, 11, 2026);
  g_autoptr(GDate) end = day (30, 11, 2026);
  g_autoptr(GError) error = NULL;

  set_status (f, a, CABINET_SESSION_DONE);
  set_status (f, b, CABINET_SESSION_DONE);
  set_status (f, c, CABINET_SESSION_DONE);
  pay (f, f->client[2], 4000, NULL, 0);                       /* 1 November, transfer */
  cabinet_ledger_record_payment (f->ledger, f->client[0], 2000, "EUR", october, CABINET_PAYMENT_CASH,
                                 NULL, NULL, NULL, 0, &f->today, &error);
  g_assert_no_error (error);

  unpaid = cabinet_ledger_list_unpaid (f->ledger, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unpaid->len, ==, 2);
  g_assert_cmpint (CHARGE (unpaid, 0)->session_id, ==, cabinet_session_get_id (b));   /* the oldest */
  g_assert_cmpint (CHARGE (unpaid, 0)->client_id, ==, f->client[1]);
  g_assert_cmpint (CHARGE (unpaid, 1)->session_id, ==, cabinet_session_get_id (a));
  g_assert_cmpint (CHARGE (unpaid, 1)->paid, ==, 2000);

  recent = cabinet_ledger_list_recent (f->ledger, NULL, NULL, 0, 0, &error);
  g_assert_cmpuint (recent->len, ==, 2);
  g_assert_cmpint (((CabinetEntry *) g_ptr_array_index (recent, 0))->client_id, ==, f->client[2]);
  g_clear_pointer (&recent, g_ptr_array_unref);
  recent = cabinet_ledger_list_recent (f->ledger, november, end, 0, 0, &error);
  g_assert_cmpuint (recent->len, ==, 1);
  g_clear_pointer (&recent, g_ptr_array_unref);
  recent = cabinet_ledger_list_recent (f->ledger, NULL, NULL, CABINET_PAYMENT_CASH | CABINET_PAYMENT_CARD, 0, &error);
  g_assert_cmpuint (recent->len, ==, 1);
  g_assert_cmpint (((CabinetEntry *) g_ptr_array_index (recent, 0))->method, ==, CABINET_PAYMENT_CASH);
  g_clear_pointer (&recent, g_ptr_array_unref);
  recent = cabinet_ledger_list_recent (f->ledger, NULL, NULL, 0, f->client[1], &error);
  g_assert_cmpuint (recent->len, ==, 0);
}

static char *
receipt_text (Fixture *f,
              gint64   receipt_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = cabinet_receipt_load_pdf (f->db, receipt_id, &error);
  PopplerDocument *document;
  char *text;

  g_assert_no_error (error);
  document = cabinet_test_open_pdf (pdf);
  text = cabinet_test_pdf_text (document);
  g_object_unref (document);
  return text;
}

/* Sets a column of session @session_id behind the store's back, as @assignment
 * says. */
static void
set_column (Fixture    *f,
            const char *assignment,
            gint64      session_id)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE sessions SET %s WHERE id = %" G_GINT64_FORMAT, assignment, session_id);
  g_autoptr(GError) error = NULL;

  g_assert_true (cabinet_database_exec (f->db, sql, &error));
  g_assert_no_error (error);
}

static guint
count_images (GBytes *pdf)
{
  PopplerDocument *document = cabinet_test_open_pdf (pdf);
  guint n = 0;

  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      GList *images = poppler_page_get_image_mapping (page);

      n += g_list_length (images);
      poppler_page_free_image_mapping (images);
      g_object_unref (page);
    }
  g_object_unref (document);
  return n;
}

static void
assert_mentions (const char         *text,
                 const char * const *wanted)
{
  for (const char * const *want = wanted; *want; want++)
    if (strstr (text, *want) == NULL)
      g_error ("The receipt lacks “%s”: %s", *want, text);
}

/* Receipts: every mention the arrêté of 3 October 1983 and the décret
 * 2022-725 ask for, in French and in English; the client named or by
 * reference; the VAT statement and other line chosen; the signature kept, or
 * a box; numbered 1, 2… each year with no gap; a correction cancels, never
 * edits; a reversed payment and a Mon soutien psy session get none; a
 * receipt altered afterwards is not shown. */
static void
test_receipts (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CabinetPractitioner) practitioner = cabinet_test_practitioner ("Élise Ménard");
  CabinetClient *client = cabinet_client_store_lookup (f->clients, f->client[0]);
  g_autoptr(CabinetSession) held = add_session (f, f->client[0], 0, 6000);
  g_autoptr(CabinetSession) missed = add_session (f, f->client[0], 7, 6000);
  g_autoptr(CabinetSession) supported = add_session (f, f->client[0], 14, 5000);
  g_autoptr(CabinetReceiptInfo) first = NULL;
  g_autoptr(CabinetReceiptInfo) second = NULL;
  g_autoptr(CabinetReceiptInfo) next_year = NULL;
  g_autoptr(CabinetReceiptInfo) correction = NULL;
  g_autoptr(CabinetReceiptInfo) english = NULL;
  g_autoptr(GDate) issued = day (22, 11, 2026);
  g_autoptr(GDate) january = day (5, 1, 2027);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) signature = cabinet_test_make_png (300, 100);
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *reference = NULL;
  CabinetReceiptOptions franchise = { CABINET_RECEIPT_VAT_FRANCHISE, "Membre d’une association de gestion agréée", FALSE };
  gint64 session_ids[2] = { cabinet_session_get_id (held), cabinet_session_get_id (missed) };
  gint64 supported_id = cabinet_session_get_id (supported);
  gint64 payment, other, reversed, under_msp;

  cabinet_practitioner_set_text (practitioner, CABINET_PRACTITIONER_RPPS, "10101234567");
  cabinet_practitioner_set_text (practitioner, CABINET_PRACTITIONER_ADDRESS, "3 place de l’Église, 69002 Lyon");
  set_status (f, held, CABINET_SESSION_DONE);
  set_status (f, missed, CABINET_SESSION_NO_SHOW);
  set_status (f, supported, CABINET_SESSION_DONE);
  /* The missed session was to be at the practice. */
  set_column (f, "modality = 'in-person'", session_ids[1]);
  payment = pay (f, f->client[0], 12000, session_ids, 2);
  other = pay (f, f->client[0], 2500, NULL, 0);

  /* Due from 25 €, until issued (arrêté of 3 October 1983). */
  g_assert_true (cabinet_receipt_is_due (f->db, payment));
  g_assert_true (cabinet_receipt_is_due (f->db, other));
  g_assert_false (cabinet_receipt_is_due (f->db, pay (f, f->client[0], 2499, NULL, 0)));
  first = cabinet_receipt_issue (f->db, practitioner, client, payment, issued, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first->label, ==, "2026-0001");
  g_assert_false (cabinet_receipt_is_due (f->db, payment));
  text = receipt_text (f, first->id);
  assert_mentions (text, (const char * const[]) {
    "Note d’honoraires", "N° 2026-0001", "Date : 22 novembre 2026",
    "Élise Ménard EI", "Psychologue clinicienne", "3 place de l’Église, 69002 Lyon", "RPPS : 10101234567",
    "ADELI : 759312345", "Client0 Martin",
    "Séance du 1er septembre 2026, en ligne, en visioconférence · 1 × 60,00 €",
    "Séance non honorée du 8 septembre 2026, au cabinet · 1 × 60,00 €",
    "Total HT", "120,00", "TVA", "non applicable", "Total TTC", "Réglé par virement",
    "TVA non applicable, art. 261-4-1° du CGI", "Signature du praticien", NULL });
  g_clear_pointer (&text, g_free);
  pdf = cabinet_receipt_load_pdf (f->db, first->id, &error);
  g_assert_cmpuint (count_images (pdf), ==, 0);   /* a box to sign in */
  g_clear_pointer (&pdf, g_bytes_unref);

  /* The client asked not to be named; the practice is under the franchise en
   * base, not an EI, with another mention; the signature is printed. */
  g_assert_true (cabinet_receipt_set_signature (f->db, signature, &error));
  g_assert_no_error (error);
  cabinet_client_set_text (client, CABINET_CLIENT_RECEIPT_NAME, "reference");
  reference = g_strdup_printf ("Référence du client : C-%05" G_GINT64_FORMAT, f->client[0]);
  second = cabinet_receipt_issue (f->db, practitioner, client, other, issued, &franchise, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second->label, ==, "2026-0002");
  text = receipt_text (f, second->id);
  assert_mentions (text, (const char * const[]) {
    reference, "Règlement du 1er novembre 2026 · 1 × 25,00 €", "TVA non applicable, art. 293 B du CGI",
    "Membre d’une association de gestion agréée", NULL });
  g_assert_null (strstr (text, "Martin"));
  g_assert_null (strstr (text, " EI"));
  g_assert_null (strstr (text, "261-4-1°"));
  g_clear_pointer (&text, g_free);
  pdf = cabinet_receipt_load_pdf (f->db, second->id, &error);
  g_assert_cmpuint (count_images (pdf), ==, 1);
  g_clear_pointer (&pdf, g_bytes_unref);
  cabinet_client_set_text (client, CABINET_CLIENT_RECEIPT_NAME, "name");

  /* A signature that is not a PNG is refused, and the one kept stays. */
  {
    g_autoptr(GBytes) junk = g_bytes_new_static ("\x89PNG\r\n\x1a\nnot really", 18);
    g_autoptr(GBytes) kept = NULL;

    g_assert_false (cabinet_receipt_set_signature (f->db, junk, &error));
    g_assert_error (error, CABINET_RECEIPT_ERROR, CABINET_RECEIPT_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "PNG"));
    g_clear_error (&error);
    kept = cabinet_receipt_get_signature (f->db, &error);
    g_assert_true (g_bytes_equal (kept, signature));
    g_assert_true (cabinet_receipt_set_signature (f->db, NULL, &error));
    g_assert_null (cabinet_receipt_get_signature (f->db, &error));
    g_assert_no_error (error);
  }

  /* A Mon soutien psy session is billed with a feuille de soins: no receipt. */
  set_column (f, "billing = 'mon-soutien-psy'", supported_id);
  under_msp = pay (f, f->client[0], 5000, &supported_id, 1);
  g_assert_null (cabinet_receipt_issue (f->db, practitioner, client, under_msp, issued, NULL, 0, &error));
  g_assert_error (error, CABINET_RECEIPT_ERROR, CABINET_RECEIPT_ERROR_MON_SOUTIEN_PSY);
  g_clear_error (&error);
  g_assert_false (cabinet_receipt_is_due (f->db, under_msp));

  /* A payment is on one receipt that stands, whatever the year. */
  g_assert_null (cabinet_receipt_issue (f->db, practitioner, client, other, january, NULL, 0, &error));
  g_assert_error (error, CABINET_RECEIPT_ERROR, CABINET_RECEIPT_ERROR_ALREADY_ISSUED);
  g_clear_error (&error);
  next_year = cabinet_receipt_issue (f->db, practitioner, client, pay (f, f->client[0], 3000, NULL, 0), january,
                                     NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (next_year->label, ==, "2027-0001");

  /* A correction: a new number, saying which one it cancels; not twice. */
  correction = cabinet_receipt_issue (f->db, practitioner, client, payment, issued, NULL, first->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (correction->label, ==, "2026-0003");
  text = receipt_text (f, correction->id);
  g_assert_nonnull (strstr (text, "annule la note n° 2026-0001"));
  g_clear_pointer (&text, g_free);
  g_assert_null (cabinet_receipt_issue (f->db, practitioner, client, payment, issued, NULL, first->id, &error));
  g_assert_error (error, CABINET_RECEIPT_ERROR, CABINET_RECEIPT_ERROR_INVALID);
  g_clear_error (&error);

  /* In English for an English-speaking client (corrected once more). */
  cabinet_client_set_text (client, CABINET_CLIENT_LANGUAGE, "en");
  english = cabinet_receipt_correct (f->db, practitioner, client, correction->id, issued, NULL, &error);
  g_assert_no_error (error);
  text = receipt_text (f, english->id);
  g_assert_nonnull (strstr (text, "Receipt"));
  g_assert_nonnull (strstr (text, "No. 2026-0004"));
  g_assert_nonnull (strstr (text, "This receipt cancels receipt no. 2026-0003."));
  assert_mentions (text, (const char * const[]) {
    "Paid by bank transfer", "Session of 1 September 2026, online, by video · 1 × €60.00",
    "Missed session of 8 September 2026, in person, at the practice", "Total before tax", "VAT", "not applicable",
    "Total including tax", "VAT not applicable, article 261-4-1° of the French tax code (CGI)",
    "Practitioner’s signature", "Élise Ménard EI", "Client0 Martin", NULL });
  g_clear_pointer (&text, g_free);
  cabinet_client_set_text (client, CABINET_CLIENT_LANGUAGE, "fr");

  /* A reversed payment gets no receipt. */
  reversed = pay (f, f->client[0], 1000, NULL, 0);
  cabinet_ledger_reverse (f->ledger, reversed, issued, NULL, &f->today, &error);
  g_assert_no_error (error);
  g_assert_null (cabinet_receipt_issue (f->db, practitioner, client, reversed, issued, NULL, 0, &error));
  g_assert_error (error, CABINET_RECEIPT_ERROR, CABINET_RECEIPT_ERROR_INVALID);
  g_clear_error (&error);

  /* Never edited; and one changed behind Cabinet's back is refused. */
  g_assert_false (cabinet_database_exec (f->db, "UPDATE receipts SET number = 9", &error));
  g_clear_error (&error);
  cabinet_database_exec (f->db, "DROP TRIGGER receipts_never_edited;"
                                "UPDATE receipts SET pdf = CAST ('not the receipt' AS BLOB) WHERE number = 2", &error);
  g_assert_no_error (error);
  g_assert_null (cabinet_receipt_load_pdf (f->db, second->id, &error));
  g_assert_error (error, CABINET_RECEIPT_ERROR, CABINET_RECEIPT_ERROR_DAMAGED);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count (*) FROM receipts WHERE year = 2026"), ==, 4);
}

static char *
hostile_name (gint64   client_id,
              gpointer user_data)
{
  /* Separators, quotes, a line break and a formula: each must come back as written. */
  return g_strdup_printf ("=HYPERLINK(\"x\");Martin, \"Léa\"\nline %" G_GINT64_FORMAT, client_id);
}

/* The income ledger for the accountant: one line per entry, oldest first, read
 * back by a CSV reader exactly; a name that looks like a formula is not one. */
static void
test_export_csv (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CabinetPractitioner) practitioner = cabinet_test_practitioner ("Élise Ménard");
  CabinetClient *client = cabinet_client_store_lookup (f->clients, f->client[0]);
  g_autoptr(CabinetReceiptInfo) receipt = NULL;
  g_autoptr(GDate) issued = day (22, 11, 2026);
  g_autoptr(GError) error = NULL;
  gint64 first, second;

  first = pay (f, f->client[0], 123450, NULL, 0);
  second = pay (f, f->client[1], 6000, NULL, 0);
  receipt = cabinet_receipt_issue (f->db, practitioner, client, first, issued, NULL, 0, &error);
  g_assert_no_error (error);
  cabinet_ledger_reverse (f->ledger, second, issued, NULL, &f->today, &error);
  g_assert_no_error (error);

  for (guint l = 0; l < 2; l++)
    {
      const char *language = l == 0 ? "fr" : "en";
      g_autofree char *text = cabinet_ledger_export_csv (f->ledger, NULL, NULL, language, hostile_name, NULL, &error);
      g_autoptr(GError) parse_error = NULL;
      CabinetCsv *csv;
      g_autofree char *name0 = hostile_name (f->client[0], NULL);
      g_autofree char *expected_name = g_strconcat ("'", name0, NULL);

      g_assert_no_error (error);
      csv = cabinet_csv_parse (text, strlen (text), &parse_error);
      g_assert_no_error (parse_error);
      g_assert_cmpint (cabinet_csv_get_separator (csv), ==, l == 0 ? ';' : ',');
      g_assert_cmpuint (cabinet_csv_get_n_rows (csv), ==, 4);  /* the header, two payments, a reversal */
      g_assert_cmpstr (cabinet_csv_get_field (csv, 0, 1), ==, l == 0 ? "N° de note" : "Receipt no.");
      g_assert_cmpstr (cabinet_csv_get_field (csv, 1, 0), ==, "2026-11-01");
      g_assert_cmpstr (cabinet_csv_get_field (csv, 1, 1), ==, "2026-0001");
      g_assert_cmpstr (cabinet_csv_get_field (csv, 1, 2), ==, expected_name);
      g_assert_cmpstr (cabinet_csv_get_field (csv, 1, 3), ==, l == 0 ? "1234,50" : "1234.50");
      g_assert_cmpstr (cabinet_csv_get_field (csv, 1, 4), ==, l == 0 ? "Virement" : "Bank transfer");
      g_assert_cmpstr (cabinet_csv_get_field (csv, 3, 3), ==, l == 0 ? "-60,00" : "-60.00");
      cabinet_csv_free (csv);
    }
}


static gint64
pay_on (Fixture               *f,
        gint64                 client_id,
        gint64                 amount,
        guint                  d,
        guint                  m,
        guint                  y,
        CabinetPaymentMethods  method)
{
  g_autoptr(GDate) date = day (d, m, y);
  g_autoptr(GError) error = NULL;
  gint64 id = cabinet_ledger_record_payment (f->ledger, client_id, amount, "EUR", date, method, NULL, NULL,
                                             NULL, 0, &f->today, &error);

  g_assert_no_error (error);
  return id;
}

static char *
client_name (gint64   client_id,
             gpointer user_data)
{
  Fixture *f = user_data;
  CabinetClient *client = cabinet_client_store_lookup (f->clients, client_id);

  return cabinet_client_dup_display_name (client);
}

/* The year's income by month, quarter and means, a reversal and a refund
 * deducted in their own month, the year before left out; what each client owes;
 * and the same on paper, in French and in English, read back. */
static void
test_income (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CabinetSession) a = add_session (f, f->client[0], 0, 6000);   /* 1 September */
  g_autoptr(CabinetSession) b = add_session (f, f->client[0], 7, 6000);
  g_autoptr(CabinetSession) c = add_session (f, f->client[1], 14, 8000);
  g_autoptr(GDate) june = day (1, 6, 2026);
  g_autoptr(GDate) refund_day = day (2, 11, 2026);
  g_autoptr(GArray) years = NULL;
  g_autoptr(GPtrArray) owing = NULL;
  g_autoptr(GError) error = NULL;
  CabinetIncome income;
  gint64 cheque;

  set_status (f, a, CABINET_SESSION_DONE);
  set_status (f, b, CABINET_SESSION_DONE);
  set_status (f, c, CABINET_SESSION_DONE);
  pay_on (f, f->client[2], 5000, 15, 12, 2025, CABINET_PAYMENT_CARD);      /* last year */
  pay_on (f, f->client[0], 6000, 10, 2, 2026, CABINET_PAYMENT_CASH);       /* in advance */
  cheque = pay_on (f, f->client[1], 6000, 3, 5, 2026, CABINET_PAYMENT_CHEQUE);
  g_assert_cmpint (cabinet_ledger_reverse (f->ledger, cheque, june, NULL, &f->today, &error), >, 0);
  g_assert_no_error (error);
  pay_on (f, f->client[2], 4000, 1, 11, 2026, CABINET_PAYMENT_TRANSFER);   /* credit: owes nothing */
  g_assert_cmpint (cabinet_ledger_refund (f->ledger, f->client[2], 1000, refund_day, CABINET_PAYMENT_TRANSFER,
                                          "VIR-4711", NULL, &f->today, &error), >, 0);
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) entries = cabinet_ledger_list_entries (f->ledger, f->client[2], &error);
    CabinetEntry *refund = g_ptr_array_index (entries, entries->len - 1);

    g_assert_cmpint (refund->kind, ==, CABINET_ENTRY_REFUND);
    g_assert_cmpint (refund->amount, ==, -1000);
    g_assert_cmpstr (refund->reference, ==, "VIR-4711");
  }

  g_assert_true (cabinet_ledger_get_income (f->ledger, 2026, &income, &error));
  g_assert_no_error (error);
  g_assert_cmpint (income.months[1], ==, 6000);
  g_assert_cmpint (income.months[4], ==, 6000);
  g_assert_cmpint (income.months[5], ==, -6000);
  g_assert_cmpint (income.months[10], ==, 3000);
  g_assert_cmpint (income.months[11], ==, 0);
  g_assert_cmpint (income.total, ==, 9000);
  g_assert_cmpuint (income.n_entries, ==, 5);
  for (guint i = 0; i < CABINET_N_PAYMENT_METHODS; i++)
    {
      CabinetPaymentMethods method = cabinet_payment_method_nth (i);

      g_assert_cmpint (income.methods[i], ==, method == CABINET_PAYMENT_CASH ? 6000
                                             : method == CABINET_PAYMENT_TRANSFER ? 3000 : 0);
    }
  g_assert_true (cabinet_ledger_get_income (f->ledger, 2025, &income, &error));
  g_assert_cmpint (income.total, ==, 5000);

  years = cabinet_ledger_list_years (f->ledger, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (years->len, >=, 2);
  g_assert_cmpint (g_array_index (years, int, years->len - 2), ==, 2026);
  g_assert_cmpint (g_array_index (years, int, years->len - 1), ==, 2025);

  /* Client 1 owes 80 € (the cheque reversed), client 0 owes 60 €, client 2 is
   * in credit. */
  owing = cabinet_ledger_list_owing (f->ledger, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (owing->len, ==, 2);
  g_assert_cmpint (CHARGE (owing, 0)->client_id, ==, f->client[1]);
  g_assert_cmpint (CHARGE (owing, 0)->charge, ==, 8000);
  g_assert_cmpint (CHARGE (owing, 1)->client_id, ==, f->client[0]);
  g_assert_cmpint (CHARGE (owing, 1)->charge, ==, 6000);

  for (guint l = 0; l < 2; l++)
    {
      g_autoptr(CabinetPractitioner) practitioner = cabinet_test_practitioner ("Claire Dubois");
      g_autoptr(GBytes) pdf = cabinet_income_report_render (f->ledger, practitioner, 2026, l == 0 ? "fr" : "en",
                                                            &f->today, client_name, f, &error);
      g_autoptr(GObject) document = NULL;
      g_autofree char *text = NULL;
      const char *expected_fr[] = { "Recettes 2026", "Claire Dubois", "Établi le 22 novembre 2026", "Février",
                                    "Février60,00 €", "Juin-60,00 €", "Total du 2e trimestre0,00 €",
                                    "Espèces60,00 €", "Total de l’année 90,00 €",
                                    "Restant dû au 22 novembre 2026", "Client1 Martin80,00 €",
                                    "Total restant dû 140,00 €",
                                    "page 1 sur 1", NULL };
      const char *expected_en[] = { "Income 2026", "Prepared on 22 November 2026", "February€60.00", "June-€60.00",
                                    "Second quarter total€0.00", "Cash€60.00", "Bank transfer€30.00",
                                    "Total for the year €90.00", "Outstanding on 22 November 2026",
                                    "Client0 Martin€60.00", "Total outstanding €140.00", NULL };
      const char * const *expected = l == 0 ? expected_fr : expected_en;

      g_assert_no_error (error);
      document = G_OBJECT (cabinet_test_open_pdf (pdf));
      text = cabinet_test_pdf_text (POPPLER_DOCUMENT (document));
      /* Each month, means and client on its line with its amount (poppler reads
       * the no-break space before € as a space). */
      for (guint i = 0; expected[i]; i++)
        if (strstr (text, expected[i]) == NULL)
          g_error ("“%s” is not in the report:\n%s", expected[i], text);
      /* In credit, Client2 owes nothing and is not listed. */
      g_assert_null (strstr (text, "Client2"));
    }
}

/* One receipt for a month: the payments that stand in it and have no receipt
 * yet (not the reversed one, not the one with its own receipt, not the next
 * month's), each with its day and means, the sessions held, the total paid;
 * numbered after the others; asked again, nothing is issued; the accountant's
 * file gives each payment its receipt; nothing to put on it, or a period
 * backwards, refused. */
static void
test_period_receipt (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CabinetPractitioner) practitioner = cabinet_test_practitioner ("Élise Ménard");
  CabinetClient *client = cabinet_client_store_lookup (f->clients, f->client[0]);
  g_autoptr(CabinetSession) a = add_session (f, f->client[0], 35, 6000);   /* 6 October */
  g_autoptr(CabinetSession) b = add_session (f, f->client[0], 42, 6000);   /* 13 October */
  g_autoptr(CabinetReceiptInfo) single = NULL;
  g_autoptr(CabinetReceiptInfo) month = NULL;
  g_autoptr(GDate) from = day (1, 10, 2026);
  g_autoptr(GDate) to = day (31, 10, 2026);
  g_autoptr(GDate) issued = day (2, 11, 2026);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *csv = NULL;
  gint64 first, wrong;

  set_status (f, a, CABINET_SESSION_DONE);
  set_status (f, b, CABINET_SESSION_DONE);
  first = pay_on (f, f->client[0], 6000, 6, 10, 2026, CABINET_PAYMENT_CARD);
  wrong = pay_on (f, f->client[0], 600, 13, 10, 2026, CABINET_PAYMENT_CASH);
  g_assert_cmpint (cabinet_ledger_reverse (f->ledger, wrong, to, NULL, &f->today, &error), >, 0);
  pay_on (f, f->client[0], 6000, 14, 10, 2026, CABINET_PAYMENT_CHEQUE);
  pay_on (f, f->client[0], 6000, 1, 11, 2026, CABINET_PAYMENT_CARD);           /* November: not in it */

  /* The first payment gets its own receipt: the month's leaves it out, so that
   * no payment is on two receipts. */
  single = cabinet_receipt_issue (f->db, practitioner, client, first, issued, NULL, 0, &error);
  g_assert_no_error (error);
  month = cabinet_receipt_issue_period (f->db, practitioner, client, from, to, issued, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (month->label, ==, "2026-0002");
  g_assert_cmpint (month->payment_id, ==, 0);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count (*) FROM receipt_payments"), ==, 1);
  {
    g_autoptr(CabinetReceiptInfo) found = cabinet_receipt_find_period (f->db, f->client[0], from, to, &error);

    g_assert_no_error (error);
    g_assert_nonnull (found);
    g_assert_cmpint (found->id, ==, month->id);
    g_assert_null (cabinet_receipt_find_period (f->db, f->client[1], from, to, &error));
    g_assert_no_error (error);
  }

  text = receipt_text (f, month->id);
  for (const char * const *want = (const char * const[]) {
         "Note d’honoraires", "N° 2026-0002", "Période : du 1er octobre 2026 au 31 octobre 2026",
         "Séances de la période", "Séance du 6 octobre 2026, en ligne, en visioconférence · 1 × 60,00", "Séance du 13 octobre 2026, en ligne, en visioconférence · 1 × 60,00",
         "Règlement du 14 octobre 2026 par chèque", "Total réglé", "60,00", NULL }; *want; want++)
    if (strstr (text, *want) == NULL)
      g_error ("The receipt lacks “%s”: %s", *want, text);
  g_assert_null (strstr (text, "Règlement du 6 octobre"));  /* on its own receipt */
  g_assert_null (strstr (text, "6,00"));                     /* the reversed payment */
  g_assert_null (strstr (text, "1er novembre"));             /* the next month's */
  g_assert_null (strstr (text, "Réglé par"));

  /* Asked again: nothing new to put on a receipt. A payment on the month's
   * receipt is found with it. */
  g_assert_null (cabinet_receipt_issue_period (f->db, practitioner, client, from, to, issued, NULL, &error));
  g_assert_error (error, CABINET_RECEIPT_ERROR, CABINET_RECEIPT_ERROR_ALREADY_ISSUED);
  g_clear_error (&error);
  {
    g_autoptr(GPtrArray) receipts = NULL;
    gint64 cheque = cabinet_test_query_int (f->db, "SELECT id FROM payments WHERE method = 'cheque'");

    receipts = cabinet_receipt_list_for_payment (f->db, cheque, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (receipts->len, ==, 1);
    g_assert_cmpint (((CabinetReceiptInfo *) g_ptr_array_index (receipts, 0))->id, ==, month->id);
    {
      g_autoptr(CabinetReceiptInfo) of_cheque = cabinet_receipt_find_for_payment (f->db, cheque, &error);
      g_autoptr(CabinetReceiptInfo) of_first = cabinet_receipt_find_for_payment (f->db, first, &error);
      g_autoptr(CabinetReceiptInfo) of_reversed = cabinet_receipt_find_for_payment (f->db, wrong, &error);

      g_assert_no_error (error);
      g_assert_cmpint (of_cheque->id, ==, month->id);
      g_assert_cmpint (of_first->id, ==, single->id);
      g_assert_null (of_reversed);
    }
  }

  /* The accountant's file: each payment with the receipt that stands for it. */
  csv = cabinet_ledger_export_csv (f->ledger, from, to, "fr", client_name, f, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (csv, "2026-10-06;2026-0001;Client0 Martin;60,00;Carte bancaire"));
  g_assert_nonnull (strstr (csv, "2026-10-14;2026-0002;Client0 Martin;60,00;Chèque"));

  /* The same on paper, for the year: each line in its columns, each quarter's
   * total after its lines, then the four quarters and the year's; nothing
   * about the care. A year without entries says so. */
  for (guint l = 0; l < 4; l++)
    {
      const char *language = l % 2 == 0 ? "fr" : "en";
      g_autoptr(GBytes) pdf = cabinet_income_ledger_render (f->ledger, practitioner, l < 2 ? 2026 : 2024, language,
                                                            &f->today, client_name, f, &error);
      g_autoptr(GObject) document = NULL;
      g_autofree char *ledger = NULL;
      static const char * const fr[] = {
        "Livre des recettes 2026", "Établi le 22 novembre 2026", "Date N° de note Client Moyen Montant",
        "06/10/2026 2026-0001 Client0 Martin Carte bancaire 60,00 €", "13/10/2026 Client0 Martin Espèces 6,00 €",
        "14/10/2026 2026-0002 Client0 Martin Chèque 60,00 €", "31/10/2026 Client0 Martin Espèces -6,00 €",
        "01/11/2026 Client0 Martin Carte bancaire 60,00 €\nTotal du 4e trimestre 180,00 €",
        "Total du 1er trimestre 0,00 €", "Total de l’année 180,00 €", "secret professionnel", NULL };
      static const char * const en[] = {
        "Income ledger 2026", "Date Receipt no. Client Means Amount",
        "2026-10-14 2026-0002 Client0 Martin Cheque €60.00", "2026-10-31 Client0 Martin Cash -€6.00",
        "Fourth quarter total €180.00", "Total for the year €180.00", NULL };
      static const char * const fr_empty[] = { "Livre des recettes 2024", "Aucune recette cette année.",
                                               "Total de l’année 0,00 €", NULL };
      static const char * const en_empty[] = { "Income ledger 2024", "No income this year.", NULL };
      const char * const *expected = (const char * const *[]) { fr, en, fr_empty, en_empty }[l];

      g_assert_no_error (error);
      document = G_OBJECT (cabinet_test_open_pdf (pdf));
      ledger = cabinet_test_pdf_rows (POPPLER_DOCUMENT (document));
      for (guint i = 0; expected[i]; i++)
        if (!cabinet_test_contains_words (ledger, expected[i]))
          g_error ("“%s” is not in the income ledger:\n%s", expected[i], ledger);
      g_assert_null (strstr (ledger, "éance"));
      g_assert_null (strstr (ledger, "ession"));
    }

  g_assert_null (cabinet_receipt_issue_period (f->db, practitioner, client, to, from, issued, NULL, &error));
  g_assert_error (error, CABINET_RECEIPT_ERROR, CABINET_RECEIPT_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_pointer (&from, g_date_free);
  from = day (1, 1, 2026);
  g_clear_pointer (&to, g_date_free);
  to = day (30, 6, 2026);
  g_assert_null (cabinet_receipt_issue_period (f->db, practitioner, client, from, to, issued, NULL, &error));
  g_assert_error (error, CABINET_RECEIPT_ERROR, CABINET_RECEIPT_ERROR_INVALID);
  /* Nothing written for the refusals: no number used. */
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT max (number) FROM receipts"), ==, 2);
}

/* Correcting a receipt: a new number that cancels the old one, with the
 * profile as it is now; the old one stays as issued. A period's receipt
 * corrected after one of its payments was reversed leaves that payment out;
 * when nothing it covered stands, the correction only cancels. */
static void
test_receipt_corrections (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(CabinetPractitioner) practitioner = cabinet_test_practitioner ("Élise Ménard");
  CabinetClient *client = cabinet_client_store_lookup (f->clients, f->client[0]);
  CabinetClient *other_client = cabinet_client_store_lookup (f->clients, f->client[1]);
  g_autoptr(CabinetReceiptInfo) first = NULL;
  g_autoptr(CabinetReceiptInfo) fixed = NULL;
  g_autoptr(CabinetReceiptInfo) month = NULL;
  g_autoptr(CabinetReceiptInfo) month_fixed = NULL;
  g_autoptr(CabinetReceiptInfo) cancelled = NULL;
  g_autoptr(CabinetReceiptInfo) found = NULL;
  g_autoptr(GPtrArray) trail = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GDate) from = day (1, 10, 2026);
  g_autoptr(GDate) to = day (31, 10, 2026);
  g_autoptr(GDate) issued = day (2, 11, 2026);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 single, card, cheque;

  cabinet_practitioner_set_text (practitioner, CABINET_PRACTITIONER_ADDRESS, "1 rue Neuve, 69001 Lyon");
  single = pay_on (f, f->client[0], 6000, 6, 10, 2026, CABINET_PAYMENT_CARD);
  first = cabinet_receipt_issue (f->db, practitioner, client, single, issued, NULL, 0, &error);
  g_assert_no_error (error);
  before = cabinet_receipt_load_pdf (f->db, first->id, &error);
  g_assert_no_error (error);

  /* The address was wrong: the corrected receipt has the new one. */
  cabinet_practitioner_set_text (practitioner, CABINET_PRACTITIONER_ADDRESS, "3 place de l’Église, 69002 Lyon");
  g_assert_null (cabinet_receipt_correct (f->db, practitioner, other_client, first->id, issued, NULL, &error));
  g_assert_error (error, CABINET_RECEIPT_ERROR, CABINET_RECEIPT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  fixed = cabinet_receipt_correct (f->db, practitioner, client, first->id, issued, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fixed->label, ==, "2026-0002");
  g_assert_cmpint (fixed->cancels, ==, first->id);
  g_assert_cmpint (fixed->payment_id, ==, single);
  text = receipt_text (f, fixed->id);
  for (const char * const *want = (const char * const[]) {
         "N° 2026-0002", "Cette note annule la note n° 2026-0001.", "3 place de l’Église", "Total TTC", "60,00",
         "Réglé par carte bancaire", NULL }; *want; want++)
    if (strstr (text, *want) == NULL)
      g_error ("The corrected receipt lacks “%s”: %s", *want, text);
  g_assert_null (strstr (text, "rue Neuve"));
  g_clear_pointer (&text, g_free);
  again = cabinet_receipt_load_pdf (f->db, first->id, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (before, again));   /* the first, as issued */
  found = cabinet_receipt_find_for_payment (f->db, single, &error);
  g_assert_cmpint (found->id, ==, fixed->id);
  trail = cabinet_receipt_list_for_payment (f->db, single, &error);
  g_assert_cmpuint (trail->len, ==, 2);
  /* A receipt is cancelled once. */
  g_assert_null (cabinet_receipt_correct (f->db, practitioner, client, first->id, issued, NULL, &error));
  g_assert_error (error, CABINET_RECEIPT_ERROR, CABINET_RECEIPT_ERROR_INVALID);
  g_clear_error (&error);

  /* A month's receipt, then one of its payments reversed: the correction
   * leaves it out and covers the same month. */
  card = pay_on (f, f->client[0], 4000, 13, 10, 2026, CABINET_PAYMENT_CARD);
  cheque = pay_on (f, f->client[0], 5500, 20, 10, 2026, CABINET_PAYMENT_CHEQUE);
  month = cabinet_receipt_issue_period (f->db, practitioner, client, from, to, issued, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cabinet_ledger_reverse (f->ledger, card, to, NULL, &f->today, &error), >, 0);
  month_fixed = cabinet_receipt_correct (f->db, practitioner, client, month->id, issued, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (month_fixed->label, ==, "2026-0004");
  text = receipt_text (f, month_fixed->id);
  for (const char * const *want = (const char * const[]) {
         "Cette note annule la note n° 2026-0003.", "Période : du 1er octobre 2026 au 31 octobre 2026",
         "Règlement du 20 octobre 2026 par chèque", "Total réglé", "55,00", NULL }; *want; want++)
    if (strstr (text, *want) == NULL)
      g_error ("The corrected month lacks “%s”: %s", *want, text);
  g_assert_null (strstr (text, "40,00"));
  g_assert_null (strstr (text, "Règlement du 6 octobre"));   /* on its own receipt */
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&found, cabinet_receipt_info_free);
  found = cabinet_receipt_find_period (f->db, f->client[0], from, to, &error);
  g_assert_cmpint (found->id, ==, month_fixed->id);

  /* The last payment reversed too: the correction only cancels. */
  g_assert_cmpint (cabinet_ledger_reverse (f->ledger, cheque, to, NULL, &f->today, &error), >, 0);
  cancelled = cabinet_receipt_correct (f->db, practitioner, client, month_fixed->id, issued, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cancelled->label, ==, "2026-0005");
  text = receipt_text (f, cancelled->id);
  g_assert_nonnull (strstr (text, "Cette note annule la note n° 2026-0004 sans la remplacer"));
  g_assert_null (strstr (text, "Total"));
  g_assert_null (strstr (text, "55,00"));
  g_clear_pointer (&found, cabinet_receipt_info_free);
  found = cabinet_receipt_find_period (f->db, f->client[0], from, to, &error);
  g_assert_no_error (error);
  g_assert_null (found);
  found = cabinet_receipt_find_for_payment (f->db, cheque, &error);
  g_assert_no_error (error);
  g_assert_null (found);
  /* Five receipts, numbered without a gap; none was edited. */
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count (*) FROM receipts WHERE year = 2026"), ==, 5);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT max (number) FROM receipts WHERE year = 2026"), ==, 5);
}

/* Mon soutien psy: a client followed under it has their new sessions billed
 * under it; twelve a calendar year are counted (cancelled ones left out), the
 * thirteenth is warned about, and so is a first session not in person; such a
 * session gets no receipt. */
static void
test_mon_soutien_psy (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CabinetPractitioner) practitioner = cabinet_test_practitioner ("Élise Ménard");
  g_autoptr(CabinetClient) edited = cabinet_client_copy (cabinet_client_store_lookup (f->clients, f->client[1]));
  g_autoptr(CabinetSession) before = add_session (f, f->client[1], 0, 6000);   /* private, before */
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;
  gint64 next_year = cabinet_test_utc (2027, 1, 12, 8, 0);
  gint64 last = 0;
  gboolean earlier = TRUE;
  guint in_year = 99;

  cabinet_client_set_text (edited, CABINET_CLIENT_MON_SOUTIEN_PSY, "yes");
  cabinet_client_store_save (f->clients, edited, &error);
  g_assert_no_error (error);

  /* Nothing yet: the first, the assessment, is in person. */
  g_assert_true (cabinet_mon_soutien_psy_count (f->db, f->client[1], cabinet_test_utc (2026, 9, 2, 8, 0),
                                                &in_year, &earlier, &error));
  g_assert_cmpuint (in_year, ==, 0);
  g_assert_false (earlier);
  warning = cabinet_mon_soutien_psy_warning (f->db, f->client[1], cabinet_test_utc (2026, 9, 2, 8, 0),
                                             CABINET_CHANNEL_VIDEO);
  g_assert_nonnull (strstr (warning, "in person"));
  g_clear_pointer (&warning, g_free);
  g_assert_null (cabinet_mon_soutien_psy_warning (f->db, f->client[1], cabinet_test_utc (2026, 9, 2, 8, 0),
                                                  CABINET_CHANNEL_IN_PERSON));

  /* Thirteen sessions from 2 September, one cancelled: twelve count. */
  for (guint i = 1; i <= 13; i++)
    {
      g_autoptr(CabinetSession) session = add_session (f, f->client[1], i, 5000);

      if (i == 5)
        set_status (f, session, CABINET_SESSION_CANCELLED_CLIENT);
      last = cabinet_session_get_starts_at (session);
    }
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count (*) FROM sessions WHERE billing = 'mon-soutien-psy'"),
                   ==, 13);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count (*) FROM sessions WHERE billing = 'private'"), ==, 1);
  g_assert_true (cabinet_mon_soutien_psy_count (f->db, f->client[1], last + 86400, &in_year, &earlier, &error));
  g_assert_cmpuint (in_year, ==, 12);
  g_assert_true (earlier);
  warning = cabinet_mon_soutien_psy_warning (f->db, f->client[1], last + 86400, CABINET_CHANNEL_VIDEO);
  g_assert_nonnull (strstr (warning, "session 13 of the year"));
  g_clear_pointer (&warning, g_free);
  /* A new year starts again. */
  g_assert_null (cabinet_mon_soutien_psy_warning (f->db, f->client[1], next_year, CABINET_CHANNEL_VIDEO));

  /* Paid, such a session gets no receipt; the private one before does. */
  {
    CabinetClient *client = cabinet_client_store_lookup (f->clients, f->client[1]);
    g_autoptr(CabinetSession) held = add_session (f, f->client[1], 20, 5000);
    g_autoptr(CabinetReceiptInfo) receipt = NULL;
    gint64 held_id = cabinet_session_get_id (held), before_id = cabinet_session_get_id (before);
    gint64 payment;

    set_status (f, held, CABINET_SESSION_DONE);
    set_status (f, before, CABINET_SESSION_DONE);
    payment = pay (f, f->client[1], 5000, &held_id, 1);
    g_assert_null (cabinet_receipt_issue (f->db, practitioner, client, payment, NULL, NULL, 0, &error));
    g_assert_error (error, CABINET_RECEIPT_ERROR, CABINET_RECEIPT_ERROR_MON_SOUTIEN_PSY);
    g_clear_error (&error);
    payment = pay (f, f->client[1], 6000, &before_id, 1);
    receipt = cabinet_receipt_issue (f->db, practitioner, client, payment, NULL, NULL, 0, &error);
    g_assert_no_error (error);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add ("/ledger/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("charges", test_charges);
  ADD ("allocation", test_allocation);
  ADD ("reversal-refund", test_reversal_refund);
  ADD ("bad-input", test_bad_input);
  ADD ("invariants", test_invariants);
  ADD ("unpaid-and-recent", test_unpaid_and_recent);
  ADD ("receipts", test_receipts);
  ADD ("export-csv", test_export_csv);
  ADD ("income", test_income);
  ADD ("receipt-corrections", test_receipt_corrections);
  ADD ("mon-soutien-psy", test_mon_soutien_psy);
  ADD ("period-receipt", test_period_receipt);
#undef ADD

  return g_test_run ();
}
