/* cabinet-money.h — amounts in integer minor units, read and shown the locale's way
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CABINET_MONEY_ERROR (cabinet_money_error_quark ())

typedef enum {
  CABINET_MONEY_ERROR_INVALID,
  CABINET_MONEY_ERROR_TOO_PRECISE,
  CABINET_MONEY_ERROR_TOO_LARGE,
  CABINET_MONEY_ERROR_UNKNOWN_CURRENCY,
} CabinetMoneyError;

GQuark       cabinet_money_error_quark      (void);
gboolean     cabinet_currency_is_known      (const char  *code);
const char * const *cabinet_currency_codes  (void);
guint        cabinet_currency_decimals      (const char  *code);
const char  *cabinet_currency_symbol        (const char  *code);

gboolean     cabinet_money_parse            (const char  *text,
                                             const char  *currency,
                                             gint64      *minor,
                                             GError     **error);
char        *cabinet_money_format           (gint64       minor,
                                             const char  *currency);
char        *cabinet_money_format_in        (gint64       minor,
                                             const char  *currency,
                                             const char  *language);
char        *cabinet_money_format_plain     (gint64       minor,
                                             const char  *currency);

/* "1234,50" in French, "1234.50" in English: no symbol, no grouping, the
 * language's decimal mark; for files a spreadsheet reads (CSV). */
char        *cabinet_money_format_bare      (gint64       minor,
                                             const char  *currency,
                                             const char  *language);

G_END_DECLS
