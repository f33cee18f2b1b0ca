/* cabinet-money.c — amounts in integer minor units, read and shown the locale's way
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <limits.h>
#include <locale.h>
#include <string.h>

#include "cabinet-money.h"

G_DEFINE_QUARK (cabinet-money-error-quark, cabinet_money_error)

/* An amount above this is a typing mistake, not a fee. */
#define MAX_MAJOR_UNITS G_GINT64_CONSTANT (100000000)

typedef struct {
  const char *code;
  const char *symbol;
  guint       decimals;
} Currency;

static const Currency currencies[] = {
  { "EUR", "€", 2 },
  { "CHF", "CHF", 2 },
  { "GBP", "£", 2 },
  { "USD", "$", 2 },
  { "CAD", "$ CA", 2 },
};

static const char * const codes[] = { "EUR", "CHF", "GBP", "USD", "CAD", NULL };

static const Currency *
find_currency (const char *code)
{
  if (code == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (currencies); i++)
    if (strcmp (currencies[i].code, code) == 0)
      return &currencies[i];
  return NULL;
}

gboolean
cabinet_currency_is_known (const char *code)
{
  return find_currency (code) != NULL;
}

const char * const *
cabinet_currency_codes (void)
{
  return codes;
}

guint
cabinet_currency_decimals (const char *code)
{
  const Currency *c = find_currency (code);
  return c ? c->decimals : 2;
}

const char *
cabinet_currency_symbol (const char *code)
{
  const Currency *c = find_currency (code);
  return c ? c->symbol : code;
}

static gboolean
is_group_space (gunichar c)
{
  /* Spaces, no-break space and narrow no-break space (French), apostrophes (Swiss). */
  return c == ' ' || c == 0x00A0 || c == 0x202F || c == '\'' || c == 0x2019;
}

static void
remove_spaces (char *text)
{
  char *out = text;

  for (const char *p = text; *p; p++)
    if (*p != ' ')
      *out++ = *p;
  *out = '\0';
}

/* Cuts the first @needle out of @text; FALSE when there is none. */
static gboolean
remove_first (char       *text,
              const char *needle)
{
  char *found = *needle ? strstr (text, needle) : NULL;
  gsize length = strlen (needle);

  if (found == NULL)
    return FALSE;
  memmove (found, found + length, strlen (found + length) + 1);
  return TRUE;
}

static const char *
locale_decimal_point (void)
{
  const char *dp = localeconv ()->decimal_point;
  return dp && *dp ? dp : ".";
}

/* Reads "50", "50,00", "50.00", "1 234,50", "1,234.50", with or without the currency
 * symbol. A separator followed by one or two digits at the end is the decimal point;
 * followed by three it is a thousands separator, unless it is the locale's own
 * decimal point, where three decimals are refused rather than guessed. */
gboolean
cabinet_money_parse (const char  *text,
                     const char  *currency,
                     gint64      *minor,
                     GError     **error)
{
  g_autofree char *clean = NULL;
  GString *s;
  const char *symbol;
  const char *last_sep;
  guint decimals;
  gint64 major = 0, fraction = 0;
  guint frac_digits = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (minor != NULL, FALSE);

  if (currency && !cabinet_currency_is_known (currency))
    {
      g_set_error (error, CABINET_MONEY_ERROR, CABINET_MONEY_ERROR_UNKNOWN_CURRENCY,
                   _("Cabinet does not know the currency “%s”."), currency);
      return FALSE;
    }
  /* Stepping through broken UTF-8 could jump over the end of the text. */
  if (!g_utf8_validate (text, -1, NULL))
    goto invalid;
  decimals = cabinet_currency_decimals (currency);
  symbol = cabinet_currency_symbol (currency);

  s = g_string_new (NULL);
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_group_space (c))
        continue;
      g_string_append_unichar (s, c);
    }
  clean = g_string_free (s, FALSE);

  if (symbol && *symbol)
    {
      /* The symbol as it is in @clean, without its spaces ("$ CA" is "$CA"),
       * or else its first word alone ("60 $" in Canadian dollars). */
      g_autofree char *nospace_symbol = g_strdup (symbol);
      g_autofree char *first_word = g_strndup (symbol, strcspn (symbol, " "));

      remove_spaces (nospace_symbol);
      if (!remove_first (clean, nospace_symbol))
        remove_first (clean, first_word);
      if (currency)
        remove_first (clean, currency);
    }

  /* Fees and payments are typed as positive amounts; a refund is its own entry,
   * never a negative number. A leading minus is a typing mistake. */
  if (clean[0] == '-')
    {
      g_set_error_literal (error, CABINET_MONEY_ERROR, CABINET_MONEY_ERROR_INVALID,
                           _("Write the amount without a minus sign."));
      return FALSE;
    }

  if (clean[0] == '\0')
    goto invalid;

  last_sep = NULL;
  for (const char *p = clean; *p; p++)
    {
      if (*p == ',' || *p == '.')
        last_sep = p;
      else if (!g_ascii_isdigit (*p))
        goto invalid;
    }

  if (last_sep)
    {
      gsize tail = strlen (last_sep + 1);
      gboolean is_decimal;

      if (tail == 3 && *last_sep != locale_decimal_point ()[0])
        is_decimal = FALSE;
      else
        is_decimal = TRUE;

      if (is_decimal)
        {
          if (tail == 0)
            goto invalid;
          if (tail > decimals)
            {
              g_set_error (error, CABINET_MONEY_ERROR, CABINET_MONEY_ERROR_TOO_PRECISE,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "Write the amount with at most %u decimal.",
                                        "Write the amount with at most %u decimals.",
                                        decimals),
                           decimals);
              return FALSE;
            }
          for (const char *p = last_sep + 1; *p; p++)
            {
              fraction = fraction * 10 + (*p - '0');
              frac_digits++;
            }
        }

      /* Everything before must be digits with a single kind of group separator,
       * in groups of three. */
      {
        char group = 0;
        guint run = 0;
        gboolean first = TRUE;
        const char *end = is_decimal ? last_sep : last_sep + 1 + tail;

        for (const char *p = clean; p < end; p++)
          {
            if (g_ascii_isdigit (*p))
              {
                run++;
                if (major > (MAX_MAJOR_UNITS * 10))
                  goto too_large;
                major = major * 10 + (*p - '0');
                continue;
              }
            if ((group && *p != group) || (is_decimal && *p == *last_sep)
                || run == 0 || (first && run > 3) || (!first && run != 3))
              goto invalid;
            group = *p;
            first = FALSE;
            run = 0;
          }
        if (group && run != 3)
          goto invalid;
      }
    }
  else
    {
      for (const char *p = clean; *p; p++)
        {
          if (major > (MAX_MAJOR_UNITS * 10))
            goto too_large;
          major = major * 10 + (*p - '0');
        }
    }

  if (major > MAX_MAJOR_UNITS)
    goto too_large;

  for (guint i = frac_digits; i < decimals; i++)
    fraction *= 10;
  {
    gint64 scale = 1;
    for (guint i = 0; i < decimals; i++)
      scale *= 10;
    *minor = major * scale + fraction;
  }
  return TRUE;

too_large:
  g_set_error_literal (error, CABINET_MONEY_ERROR, CABINET_MONEY_ERROR_TOO_LARGE,
                       _("This amount is too large; check the number of digits."));
  return FALSE;

invalid:
  g_set_error_literal (error, CABINET_MONEY_ERROR, CABINET_MONEY_ERROR_INVALID,
                       _("Write the amount as a number, for example 60 or 60.50."));
  return FALSE;
}

/* The number alone, with the locale's decimal point and digit grouping. */
static char *
format_number (gint64       minor,
               const char  *currency,
               const char  *dp,
               const char  *sep)
{
  guint decimals = cabinet_currency_decimals (currency);
  guint64 abs_minor = minor < 0 ? (guint64) (-(minor + 1)) + 1 : (guint64) minor;
  guint64 scale = 1;
  g_autofree char *digits = NULL;
  GString *out = g_string_new (minor < 0 ? "-" : "");
  gsize len;

  for (guint i = 0; i < decimals; i++)
    scale *= 10;

  digits = g_strdup_printf ("%" G_GUINT64_FORMAT, abs_minor / scale);
  len = strlen (digits);
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, sep);
      g_string_append_c (out, digits[i]);
    }
  if (decimals > 0)
    g_string_append_printf (out, "%s%0*" G_GUINT64_FORMAT, dp, (int) decimals, abs_minor % scale);
  return g_string_free (out, FALSE);
}

static char *
with_symbol (const char *number,
             const char *currency,
             gboolean    precedes,
             gboolean    space)
{
  const char *symbol = cabinet_currency_symbol (currency);

  /* Multi-letter symbols always need a space to stay readable. */
  if (g_utf8_strlen (symbol, -1) > 1)
    space = TRUE;

  /* "-€60.00", not "€-60.00". */
  if (precedes && number[0] == '-')
    return g_strdup_printf ("-%s%s%s", symbol, space ? " " : "", number + 1);
  if (precedes)
    return g_strdup_printf ("%s%s%s", symbol, space ? " " : "", number);
  return g_strdup_printf ("%s%s%s", number, space ? "\u00a0" : "", symbol);
}

char *
cabinet_money_format_plain (gint64       minor,
                            const char  *currency)
{
  struct lconv *lc = localeconv ();
  const char *dp = lc->mon_decimal_point && *lc->mon_decimal_point ? lc->mon_decimal_point : locale_decimal_point ();
  const char *sep = lc->mon_thousands_sep ? lc->mon_thousands_sep : "";

  return format_number (minor, currency, dp, sep);
}

char *
cabinet_money_format_bare (gint64       minor,
                           const char  *currency,
                           const char  *language)
{
  return format_number (minor, currency, g_strcmp0 (language, "fr") == 0 ? "," : ".", "");
}

/* "50,00 €" in French, "€50.00" in English: where the symbol goes and whether a
 * space separates it follow the locale's own monetary conventions. */
char *
cabinet_money_format (gint64       minor,
                      const char  *currency)
{
  struct lconv *lc = localeconv ();
  g_autofree char *number = cabinet_money_format_plain (minor, currency);
  gboolean precedes = lc->p_cs_precedes == CHAR_MAX ? TRUE : lc->p_cs_precedes != 0;
  gboolean space = lc->p_sep_by_space == CHAR_MAX ? FALSE : lc->p_sep_by_space != 0;

  return with_symbol (number, currency, precedes, space);
}

/* For documents written in the client's language rather than the interface's:
 * "1 234,50 €" (narrow no-break spaces) in French, "€1,234.50" in English. */
char *
cabinet_money_format_in (gint64       minor,
                         const char  *currency,
                         const char  *language)
{
  gboolean french = g_strcmp0 (language, "fr") == 0;
  g_autofree char *number = format_number (minor, currency, french ? "," : ".",
                                           french ? "\u202f" : ",");

  return with_symbol (number, currency, !french, french);
}
