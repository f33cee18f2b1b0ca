/* fuzz-money.c — amounts as people type them (cabinet_money_parse()), in each
 * currency and in the locales Cabinet is used in; an amount read is written the
 * ways Cabinet writes amounts, and each of those must read back the same
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "cabinet-money.h"
#include "fuzz-common.h"

/* Fees above a hundred million are refused (cabinet-money.c). */
#define MAX_MINOR G_GINT64_CONSTANT (10000000000)

static const char *locales[] = { "C.UTF-8", "fr_FR.UTF-8", "en_US.UTF-8", "en_GB.UTF-8" };

static void
check_reads_back (char       *written,
                  const char *currency,
                  gint64      minor)
{
  g_autofree char *text = written;
  g_autoptr(GError) error = NULL;
  gint64 again = -1;

  if (!cabinet_money_parse (text, currency, &again, &error))
    {
      fprintf (stderr, "“%s” (%s, locale %s) cannot be read back: %s\n",
               text, currency, setlocale (LC_NUMERIC, NULL), error->message);
      fuzz_assert (!"an amount Cabinet wrote cannot be read back");
    }
  if (again != minor)
    {
      fprintf (stderr, "“%s” (%s) reads back as %" G_GINT64_FORMAT ", not %" G_GINT64_FORMAT "\n",
               text, currency, again, minor);
      fuzz_assert (!"an amount Cabinet wrote reads back as another");
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char * const *codes = cabinet_currency_codes ();
  g_autofree char *text = NULL;

  fuzz_init ();
  /* The first byte chooses the locale; a locale this system lacks is skipped. */
  if (size < 1 || setlocale (LC_ALL, locales[data[0] % G_N_ELEMENTS (locales)]) == NULL)
    return 0;
  text = fuzz_strndup (data + 1, size - 1);

  for (guint i = 0; codes[i]; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 minor = -1;

      if (!cabinet_money_parse (text, codes[i], &minor, &error))
        {
          fuzz_assert (error != NULL && error->domain == CABINET_MONEY_ERROR);
          fuzz_assert (fuzz_is_text (error->message));
          continue;
        }
      fuzz_assert (error == NULL);
      fuzz_assert (minor >= 0 && minor <= MAX_MINOR);

      check_reads_back (cabinet_money_format (minor, codes[i]), codes[i], minor);
      check_reads_back (cabinet_money_format_plain (minor, codes[i]), codes[i], minor);
      check_reads_back (cabinet_money_format_in (minor, codes[i], "fr"), codes[i], minor);
      check_reads_back (cabinet_money_format_in (minor, codes[i], "en"), codes[i], minor);
      check_reads_back (cabinet_money_format_bare (minor, codes[i], "fr"), codes[i], minor);
      check_reads_back (cabinet_money_format_bare (minor, codes[i], "en"), codes[i], minor);
    }
  setlocale (LC_ALL, "C.UTF-8");
  return 0;
}
