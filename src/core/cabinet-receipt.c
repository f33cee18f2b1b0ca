/* cabinet-receipt.c — the receipt of a payment (in France, the note
 * d'honoraires): numbered without gaps each year, kept as issued, cancelled only
 * by a new receipt
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <time.h>

#include "cabinet-audit.h"
#include "cabinet-consent.h"
#include "cabinet-money.h"
#include "cabinet-pdf.h"
#include "cabinet-receipt.h"
#include "cabinet-validate.h"

G_DEFINE_QUARK (cabinet-receipt-error-quark, cabinet_receipt_error)

/* The receipt is written in the client's language, whatever the interface's:
 * its words are here, not in the translations. */
typedef struct {
  const char *title;
  /* Templates for cabinet_text_expand(): never printf formats. */
  const char *number;         /* {value}: 2026-0001 */
  const char *date;           /* {value}: 22 novembre 2026 */
  const char *practitioner;
  const char *registration;   /* {scheme}: RPPS, {value}: 10101234567 */
  const char *client;
  const char *sessions;
  const char *session_line;   /* {date}, {amount} */
  const char *payment;        /* a payment not tied to sessions */
  const char *paid_by;        /* {value}: the means */
  const char *total;          /* {value}: amount */
  const char *cancels;        /* {value}: 2026-0001 */
  const char *cancels_only;   /* {value}: 2026-0001, for a receipt that replaces nothing */
  const char *period;         /* {from}, {to} */
  const char *period_sessions;
  const char *period_total;   /* {value}: amount */
  const char *payments;
  const char *payment_line;   /* {date}, {means}, {amount} */
  const char *signature;
  const char *page;
} Words;

static const Words french = {
  "Note d’honoraires",
  "N° {value}",
  "Date\u202f: {value}",
  "Praticien",
  "{scheme}\u202f: {value}",
  "Client",
  "Séances",
  "Séance du {date}\u202f: {amount}",
  "Règlement",
  "Réglé par {value}",
  "Total\u202f: {value}",
  "Cette note annule la note n° {value}.",
  "Cette note annule la note n° {value} sans la remplacer\u202f: le règlement qu’elle attestait a été annulé.",
  "Période\u202f: du {from} au {to}",
  "Séances de la période",
  "Total réglé\u202f: {value}",
  "Règlements",
  "Règlement du {date} par {means}\u202f: {amount}",
  "Signature du praticien",
  "page {page} sur {pages}",
};

static const Words english = {
  "Receipt",
  "No. {value}",
  "Date: {value}",
  "Practitioner",
  "{scheme}: {value}",
  "Client",
  "Sessions",
  "Session of {date}: {amount}",
  "Payment",
  "Paid by {value}",
  "Total: {value}",
  "This receipt cancels receipt no. {value}.",
  "This receipt cancels receipt no. {value} and replaces it with none: the payment it acknowledged was reversed.",
  "Period: {from} to {to}",
  "Sessions in the period",
  "Total paid: {value}",
  "Payments",
  "Payment of {date} by {means}: {amount}",
  "Practitioner’s signature",
  "page {page} of {pages}",
};

void
cabinet_receipt_info_free (CabinetReceiptInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->label);
  g_free (info);
}

static char *
receipt_label (int year,
               int number)
{
  return g_strdup_printf ("%d-%04d", year, number);
}

static char *
format_day (const char  *iso,
            const char  *language)
{
  g_autoptr(GDate) date = g_date_new ();
  g_autoptr(GDateTime) dt = NULL;

  g_date_set_parse (date, iso);
  if (!g_date_valid (date))
    return g_strdup (iso);
  dt = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date), g_date_get_day (date), 12, 0, 0);
  return cabinet_consent_format_date (dt, language);
}

static void
add_line (CabinetPdf      *pdf,
          CabinetPdfStyle  style,
          const char      *template,
          const char      *value)
{
  g_autofree char *text = cabinet_text_expand (template, "value", value, NULL);

  cabinet_pdf_add_text (pdf, style, text);
}

#define INFO_COLUMNS "id, year, number, IFNULL (cancels, 0), IFNULL (payment_id, 0)"
/* The receipts of payment ?1: its own, and its period's. */
#define OF_PAYMENT_SQL \
  "(payment_id = ?1 OR id IN (SELECT receipt_id FROM receipt_payments WHERE payment_id = ?1))"
/* No receipt cancels it. */
#define STANDS_SQL "NOT EXISTS (SELECT 1 FROM receipts c WHERE c.cancels = r.id)"

typedef struct {
  gint64  id;
  gint64  amount;
  char   *currency;
  char   *paid_on;
  char   *method;
  char   *kind;
  gboolean reversed;
  gboolean receipted;   /* on a receipt that stands */
} Payment;

/* Reads payment @payment_id; a receipt that stands for it other than @except
 * (the receipt a correction cancels) makes it receipted. */
static gboolean
read_payment (CabinetDatabase  *database,
              gint64            payment_id,
              gint64            except,
              Payment          *payment,
              GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row = FALSE;

  stmt = cabinet_database_prepare (database,
                                   "SELECT amount_minor, currency, paid_on, method, kind,"
                                   " EXISTS (SELECT 1 FROM payments x WHERE x.reverses = p.id),"
                                   " EXISTS (SELECT 1 FROM receipts r WHERE " OF_PAYMENT_SQL
                                   "         AND r.id != ?2 AND " STANDS_SQL ")"
                                   " FROM payments p WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, payment_id);
  sqlite3_bind_int64 (stmt, 2, except);
  if (!cabinet_database_step (database, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error_literal (error, CABINET_RECEIPT_ERROR, CABINET_RECEIPT_ERROR_NOT_FOUND,
                           _("This payment is no longer in the ledger."));
      return FALSE;
    }
  payment->id = payment_id;
  payment->amount = sqlite3_column_int64 (stmt, 0);
  payment->currency = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  payment->paid_on = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  payment->method = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  payment->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  payment->reversed = sqlite3_column_int (stmt, 5);
  payment->receipted = sqlite3_column_int (stmt, 6);
  return TRUE;
}

static void
payment_free (Payment *payment)
{
  g_free (payment->currency);
  g_free (payment->paid_on);
  g_free (payment->method);
  g_free (payment->kind);
  g_free (payment);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Payment, payment_free)

typedef struct {
  gint64 starts_at;
  gint64 charge;
} SessionLine;

/* What a held session charges: its fee times the share fixed when it was held. */
#define SESSION_CHARGE_SQL "(s.fee_minor * s.charge_percent + 50) / 100"

static int
by_start (gconstpointer a,
          gconstpointer b)
{
  const SessionLine *x = a, *y = b;

  return (x->starts_at > y->starts_at) - (x->starts_at < y->starts_at);
}

static gboolean
add_sessions (CabinetDatabase  *database,
              sqlite3_stmt     *stmt,
              GHashTable       *seen,
              GArray           *lines,
              GError          **error)
{
  for (;;)
    {
      gboolean has_row;
      gint64 id;
      SessionLine line;

      if (!cabinet_database_step (database, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        return TRUE;
      id = sqlite3_column_int64 (stmt, 0);
      if (!g_hash_table_add (seen, g_memdup2 (&id, sizeof id)))
        continue;
      line.starts_at = sqlite3_column_int64 (stmt, 1);
      line.charge = sqlite3_column_int64 (stmt, 2);
      g_array_append_val (lines, line);
    }
}

/* The sessions on the receipt, each once, in order: those @payments were for,
 * and for a period, the client's sessions held in it that charge something
 * (from @from to the end of @to, local days). */
static GArray *
read_sessions (CabinetDatabase  *database,
               GPtrArray        *payments,
               gint64            client_id,
               const char       *from,
               const char       *to,
               GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (SessionLine));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  stmt = cabinet_database_prepare (database,
                                   "SELECT s.id, s.starts_at, " SESSION_CHARGE_SQL
                                   " FROM payment_sessions ps JOIN sessions s ON s.id = ps.session_id"
                                   " WHERE ps.payment_id = ?", error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < payments->len; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, ((Payment *) g_ptr_array_index (payments, i))->id);
      if (!add_sessions (database, stmt, seen, lines, error))
        return NULL;
    }
  if (from && to)
    {
      g_autoptr(GDate) first = g_date_new ();
      g_autoptr(GDate) last = g_date_new ();
      g_autoptr(GDateTime) start = NULL;
      g_autoptr(GDateTime) end = NULL;

      g_date_set_parse (first, from);
      g_date_set_parse (last, to);
      start = g_date_time_new_local (g_date_get_year (first), g_date_get_month (first), g_date_get_day (first), 0, 0, 0);
      g_date_add_days (last, 1);
      end = g_date_time_new_local (g_date_get_year (last), g_date_get_month (last), g_date_get_day (last), 0, 0, 0);
      g_clear_pointer (&stmt, sqlite3_finalize);
      stmt = cabinet_database_prepare (database,
                                       "SELECT s.id, s.starts_at, " SESSION_CHARGE_SQL " FROM sessions s"
                                       " WHERE client_id = ? AND charge_percent > 0 AND starts_at >= ? AND starts_at < ?",
                                       error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, client_id);
      sqlite3_bind_int64 (stmt, 2, g_date_time_to_unix (start));
      sqlite3_bind_int64 (stmt, 3, g_date_time_to_unix (end));
      if (!add_sessions (database, stmt, seen, lines, error))
        return NULL;
    }
  g_array_sort (lines, by_start);
  return g_steal_pointer (&lines);
}

/* The sessions @payments were for (or the period's), each with its charge; a
 * period's payments, each with its day and means; then the total. */
static gboolean
add_payments (CabinetPdf       *pdf,
              CabinetDatabase  *database,
              GPtrArray        *payments,
              gint64            client_id,
              const char       *period_from,
              const char       *period_to,
              const Words      *words,
              const char       *language,
              GError          **error)
{
  const Payment *payment = g_ptr_array_index (payments, 0);
  g_autoptr(GArray) sessions = NULL;
  g_autofree char *total = NULL;
  gint64 sum = 0;

  for (guint i = 0; i < payments->len; i++)
    sum += ((Payment *) g_ptr_array_index (payments, i))->amount;
  /* The sessions the payments were for, each with its charge. */
  sessions = read_sessions (database, payments, client_id, period_from, period_to, error);
  if (sessions == NULL)
    return FALSE;
  cabinet_pdf_add_text (pdf, CABINET_PDF_HEADING, period_from ? words->period_sessions : words->sessions);
  for (guint i = 0; i < sessions->len; i++)
    {
      SessionLine *session = &g_array_index (sessions, SessionLine, i);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (session->starts_at);
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);
      g_autofree char *when = cabinet_consent_format_date (local, language);
      g_autofree char *amount = cabinet_money_format_in (session->charge, payment->currency, language);
      g_autofree char *line = cabinet_text_expand (words->session_line, "date", when, "amount", amount, NULL);

      cabinet_pdf_add_text (pdf, CABINET_PDF_BODY, line);
    }
  if (sessions->len == 0 && period_from == NULL)
    {
      g_autofree char *paid_day = format_day (payment->paid_on, language);
      g_autofree char *line = g_strdup_printf ("%s, %s", words->payment, paid_day);

      cabinet_pdf_add_text (pdf, CABINET_PDF_BODY, line);
    }
  /* A period's payments: each with its day and means. */
  if (period_from)
    {
      cabinet_pdf_add_space (pdf, 12);
      cabinet_pdf_add_text (pdf, CABINET_PDF_HEADING, words->payments);
      for (guint i = 0; i < payments->len; i++)
        {
          const Payment *each = g_ptr_array_index (payments, i);
          g_autofree char *paid_day = format_day (each->paid_on, language);
          g_autofree char *amount = cabinet_money_format_in (each->amount, each->currency, language);
          g_autofree char *line = cabinet_text_expand (words->payment_line, "date", paid_day, "means",
                                                       cabinet_payment_method_words (cabinet_payment_method_from_id (each->method), language),
                                                       "amount", amount, NULL);

          cabinet_pdf_add_text (pdf, CABINET_PDF_BODY, line);
        }
    }
  cabinet_pdf_add_space (pdf, 12);
  total = cabinet_money_format_in (sum, payment->currency, language);
  add_line (pdf, CABINET_PDF_HEADING, period_from ? words->period_total : words->total, total);
  if (period_from == NULL)
    add_line (pdf, CABINET_PDF_BODY, words->paid_by,
              cabinet_payment_method_words (cabinet_payment_method_from_id (payment->method), language));
  cabinet_pdf_add_space (pdf, 12);
  return TRUE;
}

/* The receipt of @payments (one, or those of a period from @period_from to
 * @period_to). */
static GBytes *
render (CabinetDatabase      *database,
        CabinetPractitioner  *practitioner,
        CabinetClient        *client,
        GPtrArray            *payments,
        const char           *period_from,
        const char           *period_to,
        const char           *language,
        const char           *label,
        const char           *issued_on,
        const char           *legal_line,
        const char           *cancelled_label,
        GError              **error)
{
  static const CabinetPractitionerField identity[] = { CABINET_PRACTITIONER_TITLE, CABINET_PRACTITIONER_ADDRESS };
  const Payment *payment = payments->len > 0 ? g_ptr_array_index (payments, 0) : NULL;
  const Words *words = g_str_equal (language, "fr") ? &french : &english;
  g_autoptr(CabinetPdf) pdf = cabinet_pdf_new (cabinet_paper_for_locale ());
  g_autofree char *name = cabinet_client_dup_display_name (client);
  g_autofree char *day = format_day (issued_on, language);
  g_autofree char *title = g_strdup_printf ("%s %s", words->title, label);
  const char *full_name = cabinet_practitioner_get_text (practitioner, CABINET_PRACTITIONER_FULL_NAME);
  const char *rpps = cabinet_practitioner_get_text (practitioner, CABINET_PRACTITIONER_RPPS);
  const char *adeli = cabinet_practitioner_get_text (practitioner, CABINET_PRACTITIONER_ADELI);
  const char *signatures[] = { words->signature, NULL };

  cabinet_pdf_set_metadata (pdf, title, full_name, words->title);
  cabinet_pdf_set_header (pdf, full_name);
  cabinet_pdf_set_footer (pdf, title);
  cabinet_pdf_set_page_label (pdf, words->page);

  cabinet_pdf_add_text (pdf, CABINET_PDF_TITLE, words->title);
  add_line (pdf, CABINET_PDF_BODY, words->number, label);
  add_line (pdf, CABINET_PDF_BODY, words->date, day);
  if (period_from && period_to)
    {
      g_autofree char *from = format_day (period_from, language);
      g_autofree char *to = format_day (period_to, language);
      g_autofree char *line = cabinet_text_expand (words->period, "from", from, "to", to, NULL);

      cabinet_pdf_add_text (pdf, CABINET_PDF_BODY, line);
    }
  if (cancelled_label)
    add_line (pdf, CABINET_PDF_BODY, payment ? words->cancels : words->cancels_only, cancelled_label);
  cabinet_pdf_add_space (pdf, 12);

  cabinet_pdf_add_text (pdf, CABINET_PDF_HEADING, words->practitioner);
  cabinet_pdf_add_text (pdf, CABINET_PDF_BODY, full_name);
  for (guint i = 0; i < G_N_ELEMENTS (identity); i++)
    if (*cabinet_practitioner_get_text (practitioner, identity[i]))
      cabinet_pdf_add_text (pdf, CABINET_PDF_BODY, cabinet_practitioner_get_text (practitioner, identity[i]));
  if (*rpps)
    {
      g_autofree char *line = cabinet_text_expand (words->registration, "scheme", "RPPS", "value", rpps, NULL);

      cabinet_pdf_add_text (pdf, CABINET_PDF_BODY, line);
    }
  if (*adeli)
    {
      g_autofree char *line = cabinet_text_expand (words->registration, "scheme", "ADELI", "value", adeli, NULL);

      cabinet_pdf_add_text (pdf, CABINET_PDF_BODY, line);
    }
  cabinet_pdf_add_space (pdf, 12);

  cabinet_pdf_add_text (pdf, CABINET_PDF_HEADING, words->client);
  cabinet_pdf_add_text (pdf, CABINET_PDF_BODY, name);
  cabinet_pdf_add_space (pdf, 12);

  /* A receipt that only cancels another lists no session and no payment. */
  if (payment && !add_payments (pdf, database, payments, cabinet_client_get_id (client), period_from, period_to,
                                words, language, error))
    return NULL;
  cabinet_pdf_add_text (pdf, CABINET_PDF_SMALL, legal_line);
  cabinet_pdf_add_space (pdf, 12);
  cabinet_pdf_add_signatures (pdf, signatures);
  return cabinet_pdf_render (pdf, error);
}

static void
set_today (GDate *date)
{
  g_date_clear (date, 1);
  g_date_set_time_t (date, time (NULL));
}

static void
format_iso (const GDate *date,
            char         out[11])
{
  g_snprintf (out, 11, "%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

/* What a receipt covers: one payment, or a period's payments (both days
 * included), or, for a correction whose payments no longer stand, nothing. */
typedef struct {
  gint64      payment_id;
  const char *period_from;
  const char *period_to;
  gint64      cancels;     /* the receipt a correction cancels, else 0 */
} Cover;

/* Appends to @payments every payment of @client_id from @first to @last that
 * stands and has no receipt yet other than @except (the receipt a correction
 * cancels): reversed ones, reversals, refunds and payments already on a
 * receipt are left out, so that a payment is never on two receipts that
 * stand. @already counts those left out for having their receipt. */
static gboolean
read_period_payments (CabinetDatabase  *database,
                      gint64            client_id,
                      const char       *first,
                      const char       *last,
                      gint64            except,
                      GPtrArray        *payments,
                      guint            *already,
                      GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = cabinet_database_prepare (database,
                                   "SELECT id FROM payments p WHERE client_id = ? AND kind = 'payment'"
                                   " AND paid_on BETWEEN ? AND ?"
                                   " AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.reverses = p.id)"
                                   " ORDER BY paid_on, id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client_id);
  sqlite3_bind_text (stmt, 2, first, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, last, -1, SQLITE_STATIC);
  for (;;)
    {
      gboolean has_row;
      g_autoptr(Payment) payment = g_new0 (Payment, 1);

      if (!cabinet_database_step (database, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        return TRUE;
      if (!read_payment (database, sqlite3_column_int64 (stmt, 0), except, payment, error))
        return FALSE;
      if (payment->receipted)
        (*already)++;
      else
        g_ptr_array_add (payments, g_steal_pointer (&payment));
    }
}

/* Fills @payments with what @cover covers, read inside the transaction that
 * issues the receipt. */
static gboolean
read_cover (CabinetDatabase  *database,
            gint64            client_id,
            const Cover      *cover,
            GPtrArray        *payments,
            GError          **error)
{
  guint already = 0;

  if (cover->payment_id)
    {
      Payment *payment = g_new0 (Payment, 1);

      g_ptr_array_add (payments, payment);
      if (!read_payment (database, cover->payment_id, cover->cancels, payment, error))
        return FALSE;
      if (!g_str_equal (payment->kind, "payment") || payment->reversed)
        {
          g_set_error_literal (error, CABINET_RECEIPT_ERROR, CABINET_RECEIPT_ERROR_INVALID,
                               _("Only a payment that stands gets a receipt; this one was reversed, or is a reversal or a refund."));
          return FALSE;
        }
      if (payment->receipted)
        {
          g_set_error_literal (error, CABINET_RECEIPT_ERROR, CABINET_RECEIPT_ERROR_ALREADY_ISSUED,
                               _("This payment already has its receipt; to change it, correct that receipt."));
          return FALSE;
        }
      return TRUE;
    }
  if (cover->period_from == NULL)
    return TRUE;
  if (!read_period_payments (database, client_id, cover->period_from, cover->period_to, cover->cancels,
                             payments, &already, error))
    return FALSE;
  /* A correction may find nothing left to cover: it then only cancels. */
  if (payments->len > 0 || cover->cancels)
    return TRUE;
  if (already > 0)
    g_set_error_literal (error, CABINET_RECEIPT_ERROR, CABINET_RECEIPT_ERROR_ALREADY_ISSUED,
                         _("Every payment of this period already has its receipt."));
  else
    g_set_error_literal (error, CABINET_RECEIPT_ERROR, CABINET_RECEIPT_ERROR_INVALID,
                         _("This client made no payment in that period: there is nothing to put on a receipt."));
  return FALSE;
}

/* Writes the receipt of what @cover covers, on @issued (NULL: today): the
 * payments it covers, number, PDF and SHA-256 are read and written in one
 * transaction. */
static CabinetReceiptInfo *
issue (CabinetDatabase      *database,
       CabinetPractitioner  *practitioner,
       CabinetClient        *client,
       const Cover          *cover,
       const GDate          *issued,
       const char           *legal_line,
       GError              **error)
{
  g_autoptr(CabinetReceiptInfo) info = g_new0 (CabinetReceiptInfo, 1);
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) payment_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GDateTime) now = cabinet_timestamp_now ();
  g_autofree char *stamp = cabinet_timestamp_format (now);
  g_autofree char *sha = NULL;
  g_autofree char *cancelled_label = NULL;
  const char *language = cabinet_client_get_text (client, CABINET_CLIENT_LANGUAGE);
  const char *period_from = NULL, *period_to = NULL;
  char issued_on[11];
  gboolean has_row = FALSE;
  gint64 number = 0;
  GDate today;

  if (issued == NULL)
    {
      set_today (&today);
      issued = &today;
    }
  format_iso (issued, issued_on);
  if (!cabinet_database_begin (database, error))
    return NULL;
  /* The receipt a correction cancels, the payments and the number, read where
   * they are written. */
  if (cover->cancels)
    {
      stmt = cabinet_database_prepare (database,
                                       "SELECT year, number, EXISTS (SELECT 1 FROM receipts c WHERE c.cancels = r.id)"
                                       " FROM receipts r WHERE id = ?", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, cover->cancels);
      if (!cabinet_database_step (database, stmt, &has_row, error))
        goto fail;
      if (!has_row || sqlite3_column_int (stmt, 2))
        {
          g_set_error_literal (error, CABINET_RECEIPT_ERROR, CABINET_RECEIPT_ERROR_INVALID,
                               _("That receipt is no longer there, or has already been cancelled."));
          goto fail;
        }
      cancelled_label = receipt_label (sqlite3_column_int (stmt, 0), sqlite3_column_int (stmt, 1));
      g_clear_pointer (&stmt, sqlite3_finalize);
    }
  if (!read_cover (database, cabinet_client_get_id (client), cover, payments, error))
    goto fail;
  /* A receipt that only cancels covers no period either. */
  if (cover->period_from && payments->len > 0)
    {
      period_from = cover->period_from;
      period_to = cover->period_to;
    }
  stmt = cabinet_database_prepare (database, "SELECT IFNULL (MAX (number), 0) + 1 FROM receipts WHERE year = ?",
                                   error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int (stmt, 1, g_date_get_year (issued));
  if (!cabinet_database_step (database, stmt, &has_row, error))
    goto fail;
  number = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  info->year = g_date_get_year (issued);
  info->number = (int) number;
  info->payment_id = cover->payment_id;
  info->cancels = cover->cancels;
  info->label = receipt_label (info->year, info->number);
  pdf = render (database, practitioner, client, payments, period_from, period_to, language, info->label, issued_on,
                legal_line && *legal_line ? legal_line : CABINET_RECEIPT_DEFAULT_LEGAL_LINE,
                cancelled_label, error);
  if (pdf == NULL)
    goto fail;
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);

  stmt = cabinet_database_prepare (database,
                                   "INSERT INTO receipts (year, number, client_id, payment_id, issued_on, language,"
                                   " cancels, pdf, sha256, created_at, period_from, period_to)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                   error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int (stmt, 1, info->year);
  sqlite3_bind_int (stmt, 2, info->number);
  sqlite3_bind_int64 (stmt, 3, cabinet_client_get_id (client));
  if (info->payment_id)
    sqlite3_bind_int64 (stmt, 4, info->payment_id);
  else
    sqlite3_bind_null (stmt, 4);
  sqlite3_bind_text (stmt, 5, issued_on, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, language, -1, SQLITE_STATIC);
  if (info->cancels)
    sqlite3_bind_int64 (stmt, 7, info->cancels);
  else
    sqlite3_bind_null (stmt, 7);
  sqlite3_bind_blob (stmt, 8, g_bytes_get_data (pdf, NULL), (int) g_bytes_get_size (pdf), SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, sha, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, stamp, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, period_from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 12, period_to, -1, SQLITE_STATIC);
  if (!cabinet_database_step (database, stmt, NULL, error))
    goto fail;
  info->id = cabinet_database_last_insert_id (database);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (period_from)
    {
      stmt = cabinet_database_prepare (database, "INSERT INTO receipt_payments (receipt_id, payment_id) VALUES (?, ?)",
                                       error);
      if (stmt == NULL)
        goto fail;
      for (guint i = 0; i < payments->len; i++)
        {
          sqlite3_reset (stmt);
          sqlite3_bind_int64 (stmt, 1, info->id);
          sqlite3_bind_int64 (stmt, 2, ((Payment *) g_ptr_array_index (payments, i))->id);
          if (!cabinet_database_step (database, stmt, NULL, error))
            goto fail;
        }
    }
  if (!cabinet_audit_record (database, "receipt-issued", "receipt", info->id, error)
      || !cabinet_database_commit (database, error))
    goto fail;
  return g_steal_pointer (&info);

fail:
  cabinet_database_rollback (database);
  return NULL;
}

CabinetReceiptInfo *
cabinet_receipt_issue (CabinetDatabase      *database,
                       CabinetPractitioner  *practitioner,
                       CabinetClient        *client,
                       gint64                payment_id,
                       const GDate          *issued,
                       const char           *legal_line,
                       gint64                cancels,
                       GError              **error)
{
  Cover cover = { payment_id, NULL, NULL, cancels };

  g_return_val_if_fail (CABINET_IS_DATABASE (database), NULL);
  g_return_val_if_fail (CABINET_IS_PRACTITIONER (practitioner), NULL);
  g_return_val_if_fail (CABINET_IS_CLIENT (client), NULL);
  g_return_val_if_fail (payment_id > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return issue (database, practitioner, client, &cover, issued, legal_line, error);
}

CabinetReceiptInfo *
cabinet_receipt_issue_period (CabinetDatabase      *database,
                              CabinetPractitioner  *practitioner,
                              CabinetClient        *client,
                              const GDate          *from,
                              const GDate          *to,
                              const GDate          *issued,
                              const char           *legal_line,
                              GError              **error)
{
  char first[11], last[11];
  Cover cover = { 0, first, last, 0 };

  g_return_val_if_fail (CABINET_IS_DATABASE (database), NULL);
  g_return_val_if_fail (CABINET_IS_PRACTITIONER (practitioner), NULL);
  g_return_val_if_fail (CABINET_IS_CLIENT (client), NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_date_compare (from, to) > 0)
    {
      g_set_error_literal (error, CABINET_RECEIPT_ERROR, CABINET_RECEIPT_ERROR_INVALID,
                           _("The period must end on or after the day it starts."));
      return NULL;
    }
  format_iso (from, first);
  format_iso (to, last);
  return issue (database, practitioner, client, &cover, issued, legal_line, error);
}

CabinetReceiptInfo *
cabinet_receipt_correct (CabinetDatabase      *database,
                         CabinetPractitioner  *practitioner,
                         CabinetClient        *client,
                         gint64                receipt_id,
                         const GDate          *issued,
                         const char           *legal_line,
                         GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  gboolean has_row = FALSE;
  Cover cover = { 0, NULL, NULL, receipt_id };

  g_return_val_if_fail (CABINET_IS_DATABASE (database), NULL);
  g_return_val_if_fail (CABINET_IS_PRACTITIONER (practitioner), NULL);
  g_return_val_if_fail (CABINET_IS_CLIENT (client), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* What the receipt covered: its payment if it still stands, or its period. */
  stmt = cabinet_database_prepare (database,
                                   "SELECT IFNULL (payment_id, 0), period_from, period_to,"
                                   " EXISTS (SELECT 1 FROM payments p WHERE p.id = r.payment_id"
                                   "         AND NOT EXISTS (SELECT 1 FROM payments x WHERE x.reverses = p.id))"
                                   " FROM receipts r WHERE id = ? AND client_id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, receipt_id);
  sqlite3_bind_int64 (stmt, 2, cabinet_client_get_id (client));
  if (!cabinet_database_step (database, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error_literal (error, CABINET_RECEIPT_ERROR, CABINET_RECEIPT_ERROR_NOT_FOUND,
                           _("This receipt is no longer in your records."));
      return NULL;
    }
  if (sqlite3_column_int (stmt, 3))
    cover.payment_id = sqlite3_column_int64 (stmt, 0);
  if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
    {
      cover.period_from = first = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      cover.period_to = last = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
    }
  return issue (database, practitioner, client, &cover, issued, legal_line, error);
}

GBytes *
cabinet_receipt_load_pdf (CabinetDatabase  *database,
                          gint64            receipt_id,
                          GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *sha = NULL;
  gboolean has_row = FALSE;

  g_return_val_if_fail (CABINET_IS_DATABASE (database), NULL);

  stmt = cabinet_database_prepare (database, "SELECT pdf, sha256 FROM receipts WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, receipt_id);
  if (!cabinet_database_step (database, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error_literal (error, CABINET_RECEIPT_ERROR, CABINET_RECEIPT_ERROR_NOT_FOUND,
                           _("This receipt is no longer in your records."));
      return NULL;
    }
  pdf = g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  if (g_strcmp0 (sha, (const char *) sqlite3_column_text (stmt, 1)) != 0)
    {
      g_set_error_literal (error, CABINET_RECEIPT_ERROR, CABINET_RECEIPT_ERROR_DAMAGED,
                           _("This receipt is not the one that was issued: its content has changed since. It is not shown."));
      return NULL;
    }
  return g_steal_pointer (&pdf);
}


/* The receipt on @stmt's row, read as INFO_COLUMNS. */
static CabinetReceiptInfo *
read_info (sqlite3_stmt *stmt)
{
  CabinetReceiptInfo *info = g_new0 (CabinetReceiptInfo, 1);

  info->id = sqlite3_column_int64 (stmt, 0);
  info->year = sqlite3_column_int (stmt, 1);
  info->number = sqlite3_column_int (stmt, 2);
  info->cancels = sqlite3_column_int64 (stmt, 3);
  info->payment_id = sqlite3_column_int64 (stmt, 4);
  info->label = receipt_label (info->year, info->number);
  return info;
}

/* The one receipt @stmt finds, or NULL (@error set only on failure). */
static CabinetReceiptInfo *
find_one (CabinetDatabase  *database,
          sqlite3_stmt     *stmt,
          GError          **error)
{
  gboolean has_row = FALSE;

  if (!cabinet_database_step (database, stmt, &has_row, error) || !has_row)
    return NULL;
  return read_info (stmt);
}

GPtrArray *
cabinet_receipt_list_for_payment (CabinetDatabase  *database,
                                  gint64            payment_id,
                                  GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) cabinet_receipt_info_free);

  g_return_val_if_fail (CABINET_IS_DATABASE (database), NULL);

  stmt = cabinet_database_prepare (database,
                                   "SELECT " INFO_COLUMNS " FROM receipts WHERE " OF_PAYMENT_SQL " ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, payment_id);
  for (;;)
    {
      gboolean has_row;

      if (!cabinet_database_step (database, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      g_ptr_array_add (list, read_info (stmt));
    }
  return g_steal_pointer (&list);
}

CabinetReceiptInfo *
cabinet_receipt_find_for_payment (CabinetDatabase  *database,
                                  gint64            payment_id,
                                  GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CABINET_IS_DATABASE (database), NULL);

  stmt = cabinet_database_prepare (database,
                                   "SELECT " INFO_COLUMNS " FROM receipts r WHERE " OF_PAYMENT_SQL
                                   " AND " STANDS_SQL " ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, payment_id);
  return find_one (database, stmt, error);
}

CabinetReceiptInfo *
cabinet_receipt_find_period (CabinetDatabase  *database,
                             gint64            client_id,
                             const GDate      *from,
                             const GDate      *to,
                             GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char first[11], last[11];

  g_return_val_if_fail (CABINET_IS_DATABASE (database), NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  format_iso (from, first);
  format_iso (to, last);
  stmt = cabinet_database_prepare (database,
                                   "SELECT " INFO_COLUMNS " FROM receipts r"
                                   " WHERE client_id = ? AND period_from = ? AND period_to = ? AND " STANDS_SQL
                                   " ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, client_id);
  sqlite3_bind_text (stmt, 2, first, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, last, -1, SQLITE_TRANSIENT);
  return find_one (database, stmt, error);
}
