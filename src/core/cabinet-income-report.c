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
};

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
  const char *full_name;
  g_autoptr(CabinetPdf) pdf = NULL;
  g_autoptr(GPtrArray) owing = NULL;
  g_autoptr(GDateTime) day = NULL;
  g_autofree char *year_text = g_strdup_printf ("%d", year);
  g_autofree char *title = NULL;
  g_autofree char *date = NULL;
  g_autofree char *line = NULL;
  static const CabinetPractitionerField identity[] = { CABINET_PRACTITIONER_TITLE, CABINET_PRACTITIONER_ADDRESS };
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

  if (today)
    day = g_date_time_new_local (g_date_get_year (today), g_date_get_month (today), g_date_get_day (today), 12, 0, 0);
  else
    day = g_date_time_new_now_local ();
  date = cabinet_consent_format_date (day, language);
  title = cabinet_text_expand (words->title, "year", year_text, NULL);
  full_name = cabinet_practitioner_get_text (practitioner, CABINET_PRACTITIONER_FULL_NAME);

  pdf = cabinet_pdf_new (cabinet_paper_for_locale ());
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

  g_free (line);
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
