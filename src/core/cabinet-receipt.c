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
  const char *individual;     /* {value}: the name, as an entrepreneur individuel */
  const char *registration;   /* {scheme}: RPPS, {value}: 10101234567 */
  const char *client;
  const char *reference;      /* {value}: C-00042 */
  const char *sessions;
  const char *held;           /* {date}, {place}: a session held */
  const char *missed;         /* {date}, {place}: a no-show */
  const char *late;           /* {date}, {place}: a late cancellation */
  const char *places[5];      /* video, phone, chat, e-mail, in person */
  const char *quantity;       /* {quantity}, {price} */
  const char *payment;        /* {date}: a payment not tied to sessions */
  const char *paid_by;        /* {value}: the means */
  const char *total_before_tax;
  const char *vat;
  const char *vat_none;
  const char *total_with_tax;
  const char *cancels;        /* {value}: 2026-0001 */
  const char *cancels_only;   /* {value}: 2026-0001, for a receipt that replaces nothing */
  const char *period;         /* {from}, {to} */
  const char *period_sessions;
  const char *period_total;
  const char *payments;
  const char *payment_line;   /* {date}, {means} */
  const char *vat_statements[2];  /* care (art. 261-4-1°), franchise (art. 293 B) */
  const char *signature;
  const char *page;
} Words;

static const Words french = {
  "Note d’honoraires",
  "N° {value}",
  "Date\u202f: {value}",
  "Praticien",
  "{value} EI",
  "{scheme}\u202f: {value}",
  "Client",
  "Référence du client\u202f: {value}",
  "Prestations",
  "Séance du {date}, {place}",
  "Séance non honorée du {date}, {place}",
  "Annulation tardive de la séance du {date}, {place}",
  { "en ligne, en visioconférence", "en ligne, par téléphone", "en ligne, par messagerie écrite",
    "en ligne, par courriel", "au cabinet" },
  "{quantity}\u00a0×\u00a0{price}",
  "Règlement du {date}",
  "Réglé par {value}",
  "Total HT",
  "TVA",
  "non applicable",
  "Total TTC",
  "Cette note annule la note n° {value}.",
  "Cette note annule la note n° {value} sans la remplacer\u202f: le règlement qu’elle attestait a été annulé.",
  "Période\u202f: du {from} au {to}",
  "Séances de la période",
  "Total réglé",
  "Règlements",
  "Règlement du {date} par {means}",
  { "TVA non applicable, art. 261-4-1° du CGI", "TVA non applicable, art. 293 B du CGI" },
  "Signature du praticien",
  "page {page} sur {pages}",
};

static const Words english = {
  "Receipt",
  "No. {value}",
  "Date: {value}",
  "Practitioner",
  "{value} EI",
  "{scheme}: {value}",
  "Client",
  "Client reference: {value}",
  "Services",
  "Session of {date}, {place}",
  "Missed session of {date}, {place}",
  "Late cancellation of the session of {date}, {place}",
  { "online, by video", "online, by phone", "online, by written chat", "online, by e-mail",
    "in person, at the practice" },
  "{quantity}\u00a0×\u00a0{price}",
  "Payment of {date}",
  "Paid by {value}",
  "Total before tax",
  "VAT",
  "not applicable",
  "Total including tax",
  "This receipt cancels receipt no. {value}.",
  "This receipt cancels receipt no. {value} and replaces it with none: the payment it acknowledged was reversed.",
  "Period: {from} to {to}",
  "Sessions in the period",
  "Total paid",
  "Payments",
  "Payment of {date} by {means}",
  { "VAT not applicable, article 261-4-1° of the French tax code (CGI)",
    "VAT not applicable, article 293 B of the French tax code (CGI)" },
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

  g_date_set_parse (date, iso);
  if (!g_date_valid (date))
    return g_strdup (iso);
  return cabinet_consent_format_day (date, language);
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
/* Session s is billed privately: sessions under Mon soutien psy are billed
 * with a feuille de soins, never on a receipt. */
#define PRIVATE_SQL "s.billing = 'private'"
/* Payment p is for Mon soutien psy sessions only. */
#define FEUILLE_SQL \
  "(EXISTS (SELECT 1 FROM payment_sessions ps WHERE ps.payment_id = p.id)" \
  " AND NOT EXISTS (SELECT 1 FROM payment_sessions ps JOIN sessions s ON s.id = ps.session_id" \
  "                 WHERE ps.payment_id = p.id AND " PRIVATE_SQL "))"

typedef struct {
  gint64  id;
  gint64  amount;
  char   *currency;
  char   *paid_on;
  char   *method;
  char   *kind;
  gboolean reversed;
  gboolean receipted;   /* on a receipt that stands */
  gboolean feuille;     /* only for Mon soutien psy sessions: billed with a feuille de soins */
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
                                   "         AND r.id != ?2 AND " STANDS_SQL "),"
                                   " " FEUILLE_SQL
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
  payment->feuille = sqlite3_column_int (stmt, 7);
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
  gint64           starts_at;
  gint64           charge;
  CabinetChannels  modality;
  gboolean         missed;   /* a no-show */
  gboolean         late;     /* a late cancellation */
} SessionLine;

/* A session on a receipt: what it charges (its fee times the share fixed when
 * it was held), how it took place and what became of it. */
#define SESSION_COLUMNS "s.id, s.starts_at, (s.fee_minor * s.charge_percent + 50) / 100, s.modality, s.status"


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
      line.modality = cabinet_channel_parse ((const char *) sqlite3_column_text (stmt, 3));
      line.missed = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 4), "no-show") == 0;
      line.late = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 4), "late-cancel") == 0;
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
                                   "SELECT " SESSION_COLUMNS
                                   " FROM payment_sessions ps JOIN sessions s ON s.id = ps.session_id"
                                   " WHERE ps.payment_id = ? AND " PRIVATE_SQL, error);
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
                                       "SELECT " SESSION_COLUMNS " FROM sessions s"
                                       " WHERE client_id = ? AND charge_percent > 0 AND starts_at >= ? AND starts_at < ?"
                                       " AND " PRIVATE_SQL,
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

/* A line of the receipt: what was done, then quantity × unit price, and the
 * amount against the right margin. */
static void
add_item (CabinetPdf  *pdf,
          const Words *words,
          const char  *what,
          gint64       amount,
          const char  *currency,
          const char  *language)
{
  g_autofree char *price = cabinet_money_format_in (amount, currency, language);
  g_autofree char *quantity = cabinet_text_expand (words->quantity, "quantity", "1", "price", price, NULL);
  g_autofree char *left = g_strdup_printf ("%s · %s", what, quantity);

  cabinet_pdf_add_columns (pdf, CABINET_PDF_BODY, left, price);
}

static void
add_amount (CabinetPdf      *pdf,
            CabinetPdfStyle  style,
            const char      *label,
            gint64           amount,
            const char      *currency,
            const char      *language)
{
  g_autofree char *money = cabinet_money_format_in (amount, currency, language);

  cabinet_pdf_add_columns (pdf, style, label, money);
}

/* The sessions @payments were for (or the period's), each with its date,
 * place, quantity and unit price; a period's payments, each with its day and
 * means; then the totals before and including tax. */
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
  gint64 sum = 0;

  for (guint i = 0; i < payments->len; i++)
    sum += ((Payment *) g_ptr_array_index (payments, i))->amount;
  sessions = read_sessions (database, payments, client_id, period_from, period_to, error);
  if (sessions == NULL)
    return FALSE;
  cabinet_pdf_add_text (pdf, CABINET_PDF_HEADING, period_from ? words->period_sessions : words->sessions);
  cabinet_pdf_keep_with_next (pdf);
  for (guint i = 0; i < sessions->len; i++)
    {
      SessionLine *session = &g_array_index (sessions, SessionLine, i);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (session->starts_at);
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);
      g_autofree char *when = cabinet_consent_format_date (local, language);
      /* The places follow the channels' bits: video, phone, chat, e-mail, in person. */
      int place = g_bit_nth_lsf ((gulong) session->modality, -1);
      const char *template = session->missed ? words->missed : session->late ? words->late : words->held;
      g_autofree char *what = cabinet_text_expand (template, "date", when,
                                                   "place", words->places[CLAMP (place, 0, 4)], NULL);

      add_item (pdf, words, what, session->charge, payment->currency, language);
    }
  if (sessions->len == 0 && period_from == NULL)
    {
      g_autofree char *paid_day = format_day (payment->paid_on, language);
      g_autofree char *what = cabinet_text_expand (words->payment, "date", paid_day, NULL);

      add_item (pdf, words, what, payment->amount, payment->currency, language);
    }
  /* A period's payments: each with its day and means. */
  if (period_from)
    {
      cabinet_pdf_add_space (pdf, 12);
      cabinet_pdf_add_text (pdf, CABINET_PDF_HEADING, words->payments);
      cabinet_pdf_keep_with_next (pdf);
      for (guint i = 0; i < payments->len; i++)
        {
          const Payment *each = g_ptr_array_index (payments, i);
          g_autofree char *paid_day = format_day (each->paid_on, language);
          g_autofree char *line = cabinet_text_expand (words->payment_line, "date", paid_day, "means",
                                                       cabinet_payment_method_words (cabinet_payment_method_from_id (each->method), language),
                                                       NULL);

          add_amount (pdf, CABINET_PDF_BODY, line, each->amount, each->currency, language);
        }
    }
  /* Care is exempt from VAT: the total including tax is the total before it. */
  cabinet_pdf_add_space (pdf, 12);
  add_amount (pdf, CABINET_PDF_BODY, words->total_before_tax, sum, payment->currency, language);
  cabinet_pdf_add_columns (pdf, CABINET_PDF_BODY, words->vat, words->vat_none);
  add_amount (pdf, CABINET_PDF_HEADING, period_from ? words->period_total : words->total_with_tax, sum,
              payment->currency, language);
  if (period_from == NULL)
    add_line (pdf, CABINET_PDF_BODY, words->paid_by,
              cabinet_payment_method_words (cabinet_payment_method_from_id (payment->method), language));
  cabinet_pdf_add_space (pdf, 12);
  return TRUE;
}

/* The receipt of @payments (one, or those of a period from @period_from to
 * @period_to; none for a receipt that only cancels @cancelled_label). */
static GBytes *
render (CabinetDatabase              *database,
        CabinetPractitioner          *practitioner,
        CabinetClient                *client,
        GPtrArray                    *payments,
        const char                   *period_from,
        const char                   *period_to,
        const char                   *label,
        const char                   *issued_on,
        const CabinetReceiptOptions  *options,
        const char                   *cancelled_label,
        cairo_surface_t              *signature,
        GError                      **error)
{
  static const CabinetPractitionerField identity[] = { CABINET_PRACTITIONER_TITLE, CABINET_PRACTITIONER_ADDRESS };
  const char *language = cabinet_client_get_text (client, CABINET_CLIENT_LANGUAGE);
  const Payment *payment = payments->len > 0 ? g_ptr_array_index (payments, 0) : NULL;
  const Words *words = g_str_equal (language, "fr") ? &french : &english;
  g_autoptr(CabinetPdf) pdf = cabinet_pdf_new (cabinet_paper_for_locale ());
  g_autofree char *day = format_day (issued_on, language);
  g_autofree char *title = g_strdup_printf ("%s %s", words->title, label);
  g_autofree char *name = NULL;
  const char *full_name = cabinet_practitioner_get_text (practitioner, CABINET_PRACTITIONER_FULL_NAME);
  const char *rpps = cabinet_practitioner_get_text (practitioner, CABINET_PRACTITIONER_RPPS);
  const char *adeli = cabinet_practitioner_get_text (practitioner, CABINET_PRACTITIONER_ADELI);
  const char *statement = words->vat_statements[options->vat == CABINET_RECEIPT_VAT_FRANCHISE ? 1 : 0];

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

  /* The practitioner: the name, followed by "EI" for an entrepreneur
   * individuel (décret 2022-725), title, address and registration numbers. */
  cabinet_pdf_add_text (pdf, CABINET_PDF_HEADING, words->practitioner);
  if (options->individual)
    add_line (pdf, CABINET_PDF_BODY, words->individual, full_name);
  else
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

  /* The client: named, or by reference when they asked not to be. */
  cabinet_pdf_add_text (pdf, CABINET_PDF_HEADING, words->client);
  name = cabinet_client_dup_fiscal_name (client);
  if (g_str_equal (cabinet_client_get_text (client, CABINET_CLIENT_RECEIPT_NAME), "reference"))
    add_line (pdf, CABINET_PDF_BODY, words->reference, name);
  else
    cabinet_pdf_add_text (pdf, CABINET_PDF_BODY, name);
  cabinet_pdf_add_space (pdf, 12);

  /* A receipt that only cancels another lists no session and no payment. */
  if (payment && !add_payments (pdf, database, payments, cabinet_client_get_id (client), period_from, period_to,
                                words, language, error))
    return NULL;

  cabinet_pdf_add_text (pdf, CABINET_PDF_SMALL, statement);
  if (options->other_line && *options->other_line && !g_str_equal (options->other_line, french.vat_statements[0])
      && !g_str_equal (options->other_line, french.vat_statements[1]))
    cabinet_pdf_add_text (pdf, CABINET_PDF_SMALL, options->other_line);
  cabinet_pdf_add_space (pdf, 12);
  if (signature)
    {
      cabinet_pdf_add_text (pdf, CABINET_PDF_SMALL, words->signature);
      cabinet_pdf_keep_with_next (pdf);
      cabinet_pdf_add_image (pdf, signature, 60, 25);
    }
  else
    {
      const char *signatures[] = { words->signature, NULL };

      cabinet_pdf_add_signatures (pdf, signatures);
    }
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

/* The practitioner's signature: a PNG of at most this many bytes and pixels. */
#define SIGNATURE_MAX_BYTES (2 * 1024 * 1024)
#define SIGNATURE_MAX_PIXELS 4000

static cairo_surface_t *
signature_image (GBytes  *png,
                 GError **error)
{
  g_autoptr(cairo_surface_t) image = NULL;

  if (g_bytes_get_size (png) > SIGNATURE_MAX_BYTES)
    {
      g_set_error_literal (error, CABINET_RECEIPT_ERROR, CABINET_RECEIPT_ERROR_INVALID,
                           _("This image is larger than 2 MB; a scan of a signature needs far less. Save it smaller and choose it again."));
      return NULL;
    }
  image = cabinet_pdf_read_png (png);
  if (image == NULL)
    {
      g_set_error_literal (error, CABINET_RECEIPT_ERROR, CABINET_RECEIPT_ERROR_INVALID,
                           _("This file is not a PNG image Cabinet can read. Save the signature as PNG and choose it again."));
      return NULL;
    }
  if (cairo_image_surface_get_width (image) > SIGNATURE_MAX_PIXELS
      || cairo_image_surface_get_height (image) > SIGNATURE_MAX_PIXELS)
    {
      g_set_error_literal (error, CABINET_RECEIPT_ERROR, CABINET_RECEIPT_ERROR_INVALID,
                           _("This image is more than 4,000 pixels wide or high; crop it to the signature and choose it again."));
      return NULL;
    }
  return g_steal_pointer (&image);
}

gboolean
cabinet_receipt_set_signature (CabinetDatabase  *database,
                               GBytes           *png,
                               GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(cairo_surface_t) image = NULL;

  g_return_val_if_fail (CABINET_IS_DATABASE (database), FALSE);

  if (png)
    {
      image = signature_image (png, error);
      if (image == NULL)
        return FALSE;
    }
  if (!cabinet_database_begin (database, error))
    return FALSE;
  if (png == NULL)
    {
      if (!cabinet_database_exec (database, "DELETE FROM receipt_signature", error)
          || (cabinet_database_changes (database) > 0
              && !cabinet_audit_record (database, "receipt-signature-removed", NULL, 0, error)))
        goto fail;
    }
  else
    {
      stmt = cabinet_database_prepare (database, "INSERT OR REPLACE INTO receipt_signature (id, png) VALUES (1, ?)",
                                       error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_blob (stmt, 1, g_bytes_get_data (png, NULL), (int) g_bytes_get_size (png), SQLITE_STATIC);
      if (!cabinet_database_step (database, stmt, NULL, error)
          || !cabinet_audit_record (database, "receipt-signature-changed", NULL, 0, error))
        goto fail;
    }
  if (!cabinet_database_commit (database, error))
    goto fail;
  return TRUE;

fail:
  cabinet_database_rollback (database);
  return FALSE;
}

GBytes *
cabinet_receipt_get_signature (CabinetDatabase  *database,
                               GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row = FALSE;

  g_return_val_if_fail (CABINET_IS_DATABASE (database), NULL);

  stmt = cabinet_database_prepare (database, "SELECT png FROM receipt_signature WHERE id = 1", error);
  if (stmt == NULL || !cabinet_database_step (database, stmt, &has_row, error) || !has_row)
    return NULL;
  return g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
}

/* The signature to print in @signature, or NULL when none is kept. */
static gboolean
read_signature (CabinetDatabase   *database,
                cairo_surface_t  **signature,
                GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) png = cabinet_receipt_get_signature (database, &local_error);

  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  *signature = png ? signature_image (png, error) : NULL;
  return png == NULL || *signature != NULL;
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
 * stand, and so are payments for Mon soutien psy sessions only (billed with
 * a feuille de soins). @already counts those left out for having their
 * receipt. */
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
      else if (!payment->feuille)
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
      if (payment->feuille)
        {
          g_set_error_literal (error, CABINET_RECEIPT_ERROR, CABINET_RECEIPT_ERROR_MON_SOUTIEN_PSY,
                               _("This payment is for sessions under Mon soutien psy: they are billed with a feuille de soins, not a receipt."));
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
       const CabinetReceiptOptions *options,
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
  g_autoptr(cairo_surface_t) signature = NULL;
  const CabinetReceiptOptions defaults = CABINET_RECEIPT_OPTIONS_INIT;
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
  if (!read_signature (database, &signature, error))
    goto fail;
  pdf = render (database, practitioner, client, payments, period_from, period_to, info->label, issued_on,
                options ? options : &defaults, cancelled_label, signature, error);
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
  if (!cabinet_audit_record (database, cover->cancels ? "receipt-corrected" : "receipt-issued", "receipt", info->id,
                             error)
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
                       const CabinetReceiptOptions *options,
                       gint64                cancels,
                       GError              **error)
{
  Cover cover = { payment_id, NULL, NULL, cancels };

  g_return_val_if_fail (CABINET_IS_DATABASE (database), NULL);
  g_return_val_if_fail (CABINET_IS_PRACTITIONER (practitioner), NULL);
  g_return_val_if_fail (CABINET_IS_CLIENT (client), NULL);
  g_return_val_if_fail (payment_id > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return issue (database, practitioner, client, &cover, issued, options, error);
}

CabinetReceiptInfo *
cabinet_receipt_issue_period (CabinetDatabase      *database,
                              CabinetPractitioner  *practitioner,
                              CabinetClient        *client,
                              const GDate          *from,
                              const GDate          *to,
                              const GDate          *issued,
                              const CabinetReceiptOptions *options,
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
  return issue (database, practitioner, client, &cover, issued, options, error);
}

CabinetReceiptInfo *
cabinet_receipt_correct (CabinetDatabase      *database,
                         CabinetPractitioner  *practitioner,
                         CabinetClient        *client,
                         gint64                receipt_id,
                         const GDate          *issued,
                         const CabinetReceiptOptions *options,
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
  return issue (database, practitioner, client, &cover, issued, options, error);
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

gboolean
cabinet_receipt_is_due (CabinetDatabase *database,
                        gint64           payment_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row = FALSE;

  g_return_val_if_fail (CABINET_IS_DATABASE (database), FALSE);

  stmt = cabinet_database_prepare (database,
                                   "SELECT 1 FROM payments p"
                                   " WHERE p.id = ?1 AND p.kind = 'payment' AND p.amount_minor >= ?2"
                                   " AND NOT EXISTS (SELECT 1 FROM payments x WHERE x.reverses = p.id)"
                                   " AND NOT " FEUILLE_SQL
                                   " AND NOT EXISTS (SELECT 1 FROM receipts r WHERE " OF_PAYMENT_SQL " AND " STANDS_SQL ")",
                                   NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, payment_id);
  sqlite3_bind_int64 (stmt, 2, CABINET_RECEIPT_DUE_FROM_MINOR);
  return cabinet_database_step (database, stmt, &has_row, NULL) && has_row;
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
