/* cabinet-ledger-rows.h — a line of the ledger as a row, the same on the
 * client's page and the Payments page
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-context.h"
#include "cabinet-ledger.h"

G_BEGIN_DECLS

/* "60,00 € · Payment · Card", the day and reference below; @client_name first
 * when given; "Receipt due" when @receipt_due. With @reverse_clicked, a
 * payment not reversed has Reverse…, whose button holds "cabinet-payment" (the
 * id) and "cabinet-what" (what it is). */
GtkWidget *cabinet_ledger_entry_row_new (CabinetEntry *entry,
                                         const char   *client_name,
                                         gboolean      receipt_due,
                                         GCallback     reverse_clicked,
                                         gpointer      user_data);

/* "Owes 60,00 €", "In credit: 10,00 €" or "Nothing owed". */
char      *cabinet_ledger_balance_text    (gint64          balance,
                                           const char     *currency);

/* The receipt of payment @payment_id: the one issued before (unless cancelled),
 * else a new one; then Print…, Export PDF… or Correct…. */
void       cabinet_ledger_receipt_present (GtkWidget      *parent,
                                           CabinetContext *context,
                                           gint64          client_id,
                                           gint64          payment_id);

/* After payment @payment_id was reversed: its receipt, when one stands, is
 * corrected (the new one leaves the payment out, or only cancels) and shown. */
void       cabinet_ledger_receipt_after_reversal (GtkWidget      *parent,
                                                  CabinetContext *context,
                                                  gint64          client_id,
                                                  gint64          payment_id);

/* Asks for a period (last month proposed), then shows the client's receipt for
 * it: the one issued before for exactly that period, else a new one. */
void       cabinet_ledger_period_receipt_present (GtkWidget      *parent,
                                                  CabinetContext *context,
                                                  gint64          client_id);

G_END_DECLS
