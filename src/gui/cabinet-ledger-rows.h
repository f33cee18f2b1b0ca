/* cabinet-ledger-rows.h — a line of the ledger as a row, the same on the
 * client's page and the Payments page
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-ledger.h"

G_BEGIN_DECLS

/* "60,00 € · Payment · Card", the day and reference below; @client_name first
 * when given. With @reverse_clicked, a payment not reversed has Reverse…, whose
 * button holds "cabinet-payment" (the id) and "cabinet-what" (what it is). */
GtkWidget *cabinet_ledger_entry_row_new (CabinetEntry *entry,
                                         const char   *client_name,
                                         GCallback     reverse_clicked,
                                         gpointer      user_data);

G_END_DECLS
