/* cabinet-enums.c — the small vocabularies shared by every record
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cabinet-enums.h"

static const struct {
  CabinetPaymentMethods  method;
  const char            *id;      /* stored in the database: never translated */
  const char            *label;
} payment_methods[CABINET_N_PAYMENT_METHODS] = {
  { CABINET_PAYMENT_CARD,     "card",     N_("Card") },
  { CABINET_PAYMENT_TRANSFER, "transfer", N_("Bank transfer") },
  { CABINET_PAYMENT_CASH,     "cash",     N_("Cash") },
  { CABINET_PAYMENT_CHEQUE,   "cheque",   N_("Cheque") },
  { CABINET_PAYMENT_ONLINE,   "online",   N_("Online payment service") },
  { CABINET_PAYMENT_OTHER,    "other",    N_("Other") },
};

CabinetPaymentMethods
cabinet_payment_method_nth (guint index)
{
  g_return_val_if_fail (index < CABINET_N_PAYMENT_METHODS, 0);
  return payment_methods[index].method;
}

const char *
cabinet_payment_method_id (CabinetPaymentMethods method)
{
  for (guint i = 0; i < CABINET_N_PAYMENT_METHODS; i++)
    if (payment_methods[i].method == method)
      return payment_methods[i].id;
  g_return_val_if_reached (NULL);
}

const char *
cabinet_payment_method_label (CabinetPaymentMethods method)
{
  for (guint i = 0; i < CABINET_N_PAYMENT_METHODS; i++)
    if (payment_methods[i].method == method)
      return _(payment_methods[i].label);
  g_return_val_if_reached (NULL);
}

char *
cabinet_payment_methods_to_string (CabinetPaymentMethods methods)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < CABINET_N_PAYMENT_METHODS; i++)
    if (methods & payment_methods[i].method)
      {
        if (out->len)
          g_string_append_c (out, ',');
        g_string_append (out, payment_methods[i].id);
      }
  return g_string_free (out, FALSE);
}

CabinetPaymentMethods
cabinet_payment_methods_parse (const char *text)
{
  g_auto(GStrv) parts = NULL;
  CabinetPaymentMethods methods = 0;

  if (text == NULL)
    return 0;
  parts = g_strsplit (text, ",", -1);
  for (guint p = 0; parts[p]; p++)
    for (guint i = 0; i < CABINET_N_PAYMENT_METHODS; i++)
      if (strcmp (parts[p], payment_methods[i].id) == 0)
        methods |= payment_methods[i].method;
  return methods;
}
