/* test-money.c — amounts as typed by people, in integer minor units
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "cabinet-money.h"
#include "cabinet-validate.h"

static void
test_parse_good (void)
{
  struct { const char *text; gint64 minor; } good[] = {
    { "50", 5000 }, { "50,00", 5000 }, { "50.00", 5000 }, { "50,5", 5050 },
    { "1 234,50", 123450 }, { "1\u202f234,50", 123450 }, { "1\u00a0234,50", 123450 },
    { "1,234.50", 123450 }, { "1.234,50", 123450 }, { "1 234", 123400 },
    { " 60 € ", 6000 }, { "60 EUR", 6000 }, { "0,01", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 minor = -1;

      g_test_message ("parsing “%s”", good[i].text);
      g_assert_true (cabinet_money_parse (good[i].text, "EUR", &minor, &error));
      g_assert_no_error (error);
      g_assert_cmpint (minor, ==, good[i].minor);
    }
}

static void
test_parse_bad (void)
{
  struct { const char *text; int code; } bad[] = {
    { "", CABINET_MONEY_ERROR_INVALID },
    { "abc", CABINET_MONEY_ERROR_INVALID },
    { "12,3,4", CABINET_MONEY_ERROR_INVALID },
    { "50,", CABINET_MONEY_ERROR_INVALID },
    { "5O", CABINET_MONEY_ERROR_INVALID },
    { "1.5.0", CABINET_MONEY_ERROR_INVALID },
    { "50.001", CABINET_MONEY_ERROR_TOO_PRECISE }, /* '.' is the C locale's decimal point */
    { "99999999999999999999", CABINET_MONEY_ERROR_TOO_LARGE },
    { "-0,01", CABINET_MONEY_ERROR_INVALID },  /* would read as -1, "the usual fee" */
    { "-60", CABINET_MONEY_ERROR_INVALID },
    { "200000000", CABINET_MONEY_ERROR_TOO_LARGE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 minor = -1;

      g_test_message ("parsing “%s”", bad[i].text);
      g_assert_false (cabinet_money_parse (bad[i].text, "EUR", &minor, &error));
      g_assert_error (error, CABINET_MONEY_ERROR, bad[i].code);
    }

  {
    g_autoptr(GError) error = NULL;
    gint64 minor;
    g_assert_false (cabinet_money_parse ("50", "XYZ", &minor, &error));
    g_assert_error (error, CABINET_MONEY_ERROR, CABINET_MONEY_ERROR_UNKNOWN_CURRENCY);
  }
}

static void
test_format_round_trip (void)
{
  gint64 values[] = { 0, 1, 99, 5000, 123450, 100000000 };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *text = cabinet_money_format (values[i], "EUR");
      gint64 back = -1;

      g_assert_true (cabinet_money_parse (text, "EUR", &back, NULL));
      g_assert_cmpint (back, ==, values[i]);
    }
  {
    g_autofree char *text = cabinet_money_format_plain (123450, "EUR");
    g_assert_cmpstr (text, ==, "1234.50");
  }
}

static void
test_validators (void)
{
  g_autofree char *message = NULL;

  g_assert_true (cabinet_validate_email ("h.dupont@cabinet-exemple.fr"));
  g_assert_false (cabinet_validate_email ("h dupont@exemple.fr"));
  g_assert_false (cabinet_validate_email ("@exemple.fr"));
  g_assert_false (cabinet_validate_email ("a@b@c.fr"));
  g_assert_false (cabinet_validate_email ("a@exemple..fr"));
  g_assert_true (cabinet_validate_phone ("+33 (0)6 12-34.56 78"));
  g_assert_false (cabinet_validate_phone ("06 12 34 56 7x"));
  g_assert_false (cabinet_validate_phone ("3114"));
  g_assert_true (cabinet_validate_https_url ("https://meet.jit.si/cabinet-anne", NULL));
  g_assert_false (cabinet_validate_https_url ("http://meet.jit.si/cabinet-anne", &message));
  g_assert_nonnull (message);
  g_assert_false (cabinet_validate_https_url ("https://", NULL));
  g_assert_false (cabinet_validate_https_url ("meet.jit.si", NULL));
  g_assert_true (cabinet_validate_digits ("759 312 345", 9));
  g_assert_false (cabinet_validate_digits ("7593123450", 9));
}

int
main (int argc, char *argv[])
{
  /* The C locale, whose decimal point is '.', so the results do not depend on
   * the machine; the locale-specific forms are tested with the payments. */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/money/parse-good", test_parse_good);
  g_test_add_func ("/money/parse-bad", test_parse_bad);
  g_test_add_func ("/money/format-round-trip", test_format_round_trip);
  g_test_add_func ("/validate/fields", test_validators);
  return g_test_run ();
}
