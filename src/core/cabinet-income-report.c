/* cabinet-income-report.c — the year's figures on paper for the practitioner and
 * their accountant: income by month and quarter, by means, and what is still owed
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <time.h>

#include "cabinet-consent.h"
#include "cabinet-income-report.h"
#include "cabinet-money.h"
#include "cabinet-pdf.h"
#include "cabinet-validate.h"

/* The summary is written in the language asked for, whatever the interface's:
 * its words are here. Templates for cabinet_text_expand(), never printf formats. */
typedef struct {
  const char *title;        /* {year} */
  const char *prepared;     /* {date} */
  const char *by_month;
  const char *months[12];
  const char *quarters[4];
  const char *by_means;
  const char *total;
  const char *owed;         /* {date} */
  const char *owed_total;
  const char *nothing_owed;
  const char *note;
  const char *page;
  const char *ledger_title;  /* {year} */
  const char *columns[5];
  const char *no_income;
  const char *ledger_note;
} Words;

static const Words french = {
  "Recettes {year}",
  "Établi le {date}",
  "Par mois",
  { "Janvier", "Février", "Mars", "Avril", "Mai", "Juin", "Juillet", "Août", "Septembre", "Octobre",
    "Novembre", "Décembre" },
  { "Total du 1er trimestre", "Total du 2e trimestre", "Total du 3e trimestre", "Total du 4e trimestre" },
  "Par moyen de paiement",
  "Total de l’année",
  "Restant dû au {date}",
  "Total restant dû",
  "Aucun client ne doit rien.",
  "Sommes encaissées, remboursements et annulations déduits à leur date. Ce document ne dit rien des soins.",
  "page {page} sur {pages}",
  "Livre des recettes {year}",
  { "Date", "N° de note", "Client", "Moyen", "Montant" },
  "Aucune recette cette année.",
  "Une ligne par encaissement, remboursement ou annulation, à sa date, dans l’ordre. Les clients qui ont demandé "
  "à ne pas être nommés y figurent par leur référence. Ce livre ne dit rien des soins (secret professionnel).",
};

static const Words english = {
  "Income {year}",
  "Prepared on {date}",
  "By month",
  { "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December" },
  { "First quarter total", "Second quarter total", "Third quarter total", "Fourth quarter total" },
  "By means of payment",
  "Total for the year",
  "Outstanding on {date}",
  "Total outstanding",
  "No client owes anything.",
  "Money received, with refunds and reversals deducted on their date. This document says nothing about the care.",
  "page {page} of {pages}",
  "Income ledger {year}",
  { "Date", "Receipt no.", "Client", "Means", "Amount" },
  "No income this year.",
  "One line for each payment, refund or reversal, on its date, in order. Clients who asked not to be named appear "
  "by their reference. This ledger says nothing about the care (professional secrecy).",
};

/* A new document titled @title: the practitioner's identity, and the day it
 * is prepared. */
static CabinetPdf *
open_document (CabinetPractitioner *practitioner,
               const Words         *words,
               const char          *title,
               const char          *date)
{
  CabinetPdf *pdf = cabinet_pdf_new (cabinet_paper_for_locale ());
  const char *full_name = cabinet_practitioner_get_text (practitioner, CABINET_PRACTITIONER_FULL_NAME);
  static const CabinetPractitionerField identity[] = { CABINET_PRACTITIONER_TITLE, CABINET_PRACTITIONER_ADDRESS };
  g_autofree char *line = NULL;

  cabinet_pdf_set_metadata (pdf, title, full_name, title);
  cabinet_pdf_set_header (pdf, full_name);
  cabinet_pdf_set_footer (pdf, title);
  cabinet_pdf_set_page_label (pdf, words->page);

  cabinet_pdf_add_text (pdf, CABINET_PDF_TITLE, title);
  cabinet_pdf_add_text (pdf, CABINET_PDF_BODY, full_name);
  for (guint i = 0; i < G_N_ELEMENTS (identity); i++)
    if (*cabinet_practitioner_get_text (practitioner, identity[i]))
      cabinet_pdf_add_text (pdf, CABINET_PDF_BODY, cabinet_practitioner_get_text (practitioner, identity[i]));
  line = cabinet_text_expand (words->prepared, "date", date, NULL);
  cabinet_pdf_add_text (pdf, CABINET_PDF_SMALL, line);
  cabinet_pdf_add_space (pdf, 12);
  return pdf;
}

GBytes *
cabinet_income_report_render (CabinetLedger            *ledger,
                              CabinetPractitioner      *practitioner,
                              int                       year,
                              const char               *language,
                              const GDate              *today,
                              CabinetLedgerClientName   name,
                              gpointer                  user_data,
                              GError                  **error)
{
  const Words *words = g_strcmp0 (language, "fr") == 0 ? &french : &english;
  const char *currency = cabinet_ledger_get_currency (ledger);
  g_autoptr(CabinetPdf) pdf = NULL;
  g_autoptr(GPtrArray) owing = NULL;
  g_autofree char *year_text = g_strdup_printf ("%d", year);
  g_autofree char *title = NULL;
  g_autofree char *date = NULL;
  g_autofree char *line = NULL;
  CabinetIncome income;
  gint64 outstanding = 0;

  g_return_val_if_fail (CABINET_IS_LEDGER (ledger), NULL);
  g_return_val_if_fail (CABINET_IS_PRACTITIONER (practitioner), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!cabinet_ledger_get_income (ledger, year, &income, error))
    return NULL;
  owing = cabinet_ledger_list_owing (ledger, error);
  if (owing == NULL)
    return NULL;

  date = cabinet_consent_format_day (today, language);
  title = cabinet_text_expand (words->title, "year", year_text, NULL);

  pdf = open_document (practitioner, words, title, date);

  cabinet_pdf_add_text (pdf, CABINET_PDF_HEADING, words->by_month);
  for (guint q = 0; q < 4; q++)
    {
      gint64 quarter = 0;
      g_autofree char *quarter_money = NULL;

      for (guint m = q * 3; m < q * 3 + 3; m++)
        {
          g_autofree char *money = cabinet_money_format_in (income.months[m], currency, language);

          cabinet_pdf_add_columns (pdf, CABINET_PDF_BODY, words->months[m], money);
          quarter += income.months[m];
        }
      quarter_money = cabinet_money_format_in (quarter, currency, language);
      cabinet_pdf_add_columns (pdf, CABINET_PDF_HEADING, words->quarters[q], quarter_money);
      cabinet_pdf_add_space (pdf, 4);
    }
  cabinet_pdf_add_space (pdf, 8);

  cabinet_pdf_add_text (pdf, CABINET_PDF_HEADING, words->by_means);
  for (guint i = 0; i < CABINET_N_PAYMENT_METHODS; i++)
    {
      g_autofree char *means = cabinet_payment_method_heading (cabinet_payment_method_nth (i), language);
      g_autofree char *money = cabinet_money_format_in (income.methods[i], currency, language);

      cabinet_pdf_add_columns (pdf, CABINET_PDF_BODY, means, money);
    }
  cabinet_pdf_add_space (pdf, 8);
  {
    g_autofree char *money = cabinet_money_format_in (income.total, currency, language);

    cabinet_pdf_add_columns (pdf, CABINET_PDF_HEADING, words->total, money);
  }
  cabinet_pdf_add_space (pdf, 16);

  line = cabinet_text_expand (words->owed, "date", date, NULL);
  cabinet_pdf_add_text (pdf, CABINET_PDF_HEADING, line);
  if (owing->len == 0)
    cabinet_pdf_add_text (pdf, CABINET_PDF_BODY, words->nothing_owed);
  for (guint i = 0; i < owing->len; i++)
    {
      CabinetCharge *charge = g_ptr_array_index (owing, i);
      g_autofree char *client = name (charge->client_id, user_data);
      g_autofree char *money = cabinet_money_format_in (charge->charge, currency, language);

      cabinet_pdf_add_columns (pdf, CABINET_PDF_BODY, client, money);
      outstanding += charge->charge;
    }
  if (owing->len > 0)
    {
      g_autofree char *money = cabinet_money_format_in (outstanding, currency, language);

      cabinet_pdf_add_columns (pdf, CABINET_PDF_HEADING, words->owed_total, money);
    }
  cabinet_pdf_add_space (pdf, 16);
  cabinet_pdf_add_text (pdf, CABINET_PDF_SMALL, words->note);
  return cabinet_pdf_render (pdf, error);
}

/* At most @max characters of @name: a longer one would push the cells after
 * it out of their column. */
static char *
fit_cell (const char *name,
          glong       max)
{
  if (g_utf8_strlen (name, -1) <= max)
    return g_strdup (name);
  {
    g_autofree char *start = g_utf8_substring (name, 0, max - 1);

    return g_strconcat (start, "…", NULL);
  }
}

static void
add_total (CabinetPdf *pdf,
           const char *label,
           gint64      amount,
           const char *currency,
           const char *language)
{
  g_autofree char *money = cabinet_money_format_in (amount, currency, language);

  cabinet_pdf_add_columns (pdf, CABINET_PDF_HEADING, label, money);
}

GBytes *
cabinet_income_ledger_render (CabinetLedger            *ledger,
                              CabinetPractitioner      *practitioner,
                              int                       year,
                              const char               *language,
                              const GDate              *today,
                              CabinetLedgerClientName   name,
                              gpointer                  user_data,
                              GError                  **error)
{
  const Words *words = g_strcmp0 (language, "fr") == 0 ? &french : &english;
  const char *currency = cabinet_ledger_get_currency (ledger);
  static const double stops[] = { 0.16, 0.33, 0.68 };
  g_autoptr(CabinetPdf) pdf = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GDate) first = NULL;
  g_autoptr(GDate) last = NULL;
  g_autofree char *year_text = g_strdup_printf ("%d", year);
  g_autofree char *title = NULL;
  g_autofree char *date = NULL;
  gint64 quarters[4] = { 0, }, total = 0;
  int quarter = -1;

  g_return_val_if_fail (CABINET_IS_LEDGER (ledger), NULL);
  g_return_val_if_fail (CABINET_IS_PRACTITIONER (practitioner), NULL);
  g_return_val_if_fail (g_date_valid_year (year), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  first = g_date_new_dmy (1, G_DATE_JANUARY, year);
  last = g_date_new_dmy (31, G_DATE_DECEMBER, year);
  lines = cabinet_ledger_list_income_lines (ledger, first, last, error);
  if (lines == NULL)
    return NULL;

  date = cabinet_consent_format_day (today, language);
  title = cabinet_text_expand (words->ledger_title, "year", year_text, NULL);
  pdf = open_document (practitioner, words, title, date);
  if (lines->len == 0)
    cabinet_pdf_add_text (pdf, CABINET_PDF_BODY, words->no_income);
  else
    {
      const char * const head[] = { words->columns[0], words->columns[1], words->columns[2], words->columns[3],
                                    words->columns[4], NULL };

      cabinet_pdf_add_row (pdf, CABINET_PDF_SMALL, head, stops);
      cabinet_pdf_keep_with_next (pdf);
    }
  /* The lines of each quarter, then its total; a quarter without any says
   * nothing until the year's totals. */
  for (guint i = 0; i < lines->len; i++)
    {
      CabinetIncomeLine *line = g_ptr_array_index (lines, i);
      CabinetEntry *entry = line->entry;
      int q = (g_date_get_month (&entry->date) - 1) / 3;
      g_autofree char *client = name (entry->client_id, user_data);
      g_autofree char *fitted = fit_cell (client, 30);
      g_autofree char *means = cabinet_payment_method_heading (entry->method, language);
      g_autofree char *money = cabinet_money_format_in (entry->amount, entry->currency, language);
      char day[11];

      if (q != quarter && quarter >= 0)
        {
          add_total (pdf, words->quarters[quarter], quarters[quarter], currency, language);
          cabinet_pdf_add_space (pdf, 6);
        }
      quarter = q;
      if (g_strcmp0 (language, "fr") == 0)
        g_snprintf (day, sizeof day, "%02u/%02u/%04u", g_date_get_day (&entry->date),
                    g_date_get_month (&entry->date), g_date_get_year (&entry->date));
      else
        g_snprintf (day, sizeof day, "%04u-%02u-%02u", g_date_get_year (&entry->date),
                    g_date_get_month (&entry->date), g_date_get_day (&entry->date));
      {
        const char * const cells[] = { day, line->receipt, fitted, means, money, NULL };

        cabinet_pdf_add_row (pdf, CABINET_PDF_BODY, cells, stops);
      }
      quarters[q] += entry->amount;
      total += entry->amount;
    }
  if (quarter >= 0)
    add_total (pdf, words->quarters[quarter], quarters[quarter], currency, language);
  cabinet_pdf_add_space (pdf, 16);

  /* The year: each quarter, then the total. */
  for (guint q = 0; q < 4; q++)
    {
      g_autofree char *money = cabinet_money_format_in (quarters[q], currency, language);

      cabinet_pdf_add_columns (pdf, CABINET_PDF_BODY, words->quarters[q], money);
    }
  add_total (pdf, words->total, total, currency, language);
  cabinet_pdf_add_space (pdf, 16);
  cabinet_pdf_add_text (pdf, CABINET_PDF_SMALL, words->ledger_note);
  return cabinet_pdf_render (pdf, error);
}
