/* cabinet-payments-page.h — what is owed and what was paid: the unpaid sessions,
 * oldest first, and the payments of a period, by means and by client
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-context.h"

G_BEGIN_DECLS

#define CABINET_TYPE_PAYMENTS_PAGE (cabinet_payments_page_get_type ())
G_DECLARE_FINAL_TYPE (CabinetPaymentsPage, cabinet_payments_page, CABINET, PAYMENTS_PAGE, AdwBin)

void cabinet_payments_page_set_context (CabinetPaymentsPage *self,
                                        CabinetContext      *context);

G_END_DECLS
