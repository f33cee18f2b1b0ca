/* cabinet-enums.h — the small vocabularies shared by every record
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CABINET_PAYMENT_CARD     = 1 << 0,
  CABINET_PAYMENT_TRANSFER = 1 << 1,
  CABINET_PAYMENT_CASH     = 1 << 2,
  CABINET_PAYMENT_CHEQUE   = 1 << 3,
  CABINET_PAYMENT_ONLINE   = 1 << 4,
  CABINET_PAYMENT_OTHER    = 1 << 5,
} CabinetPaymentMethods;

#define CABINET_N_PAYMENT_METHODS 6

CabinetPaymentMethods  cabinet_payment_method_nth        (guint                  index);
const char            *cabinet_payment_method_id         (CabinetPaymentMethods  method);
const char            *cabinet_payment_method_label      (CabinetPaymentMethods  method);
char                  *cabinet_payment_methods_to_string (CabinetPaymentMethods  methods);
CabinetPaymentMethods  cabinet_payment_methods_parse     (const char            *text);

G_END_DECLS
