/* cabinet-income-report.h — the year's figures on paper for the practitioner and
 * their accountant: income by month and quarter, by means, and what is still owed
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cabinet-ledger.h"
#include "cabinet-practitioner.h"

G_BEGIN_DECLS

/* The summary of @year as a PDF in @language ("fr" or "en"), prepared on
 * @today (NULL: this computer's date): the practitioner's identity, the income
 * of each month with the quarters' totals, by means of payment, the year's
 * total, and what each client owes today (names through @name). Nothing about
 * the care. */
GBytes *cabinet_income_report_render (CabinetLedger            *ledger,
                                      CabinetPractitioner      *practitioner,
                                      int                       year,
                                      const char               *language,
                                      const GDate              *today,
                                      CabinetLedgerClientName   name,
                                      gpointer                  user_data,
                                      GError                  **error);

/* The income ledger of @year (in France, the livre des recettes) as a PDF in
 * @language: one line per entry, oldest first, with its date, the number of
 * its receipt, the client as declared or their reference (through @name), the
 * means and the amount; each quarter's total after its lines, then the four
 * quarters and the year's total. Nothing about the care. */
GBytes *cabinet_income_ledger_render (CabinetLedger            *ledger,
                                      CabinetPractitioner      *practitioner,
                                      int                       year,
                                      const char               *language,
                                      const GDate              *today,
                                      CabinetLedgerClientName   name,
                                      gpointer                  user_data,
                                      GError                  **error);

G_END_DECLS
