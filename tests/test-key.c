/* test-key.c — the raw key and the recovery key a therapist writes down
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cabinet-key.h"

static void
test_random_keys_differ (void)
{
  g_autoptr(CabinetKey) a = cabinet_key_new_random ();
  g_autoptr(CabinetKey) b = cabinet_key_new_random ();
  g_autofree char *hex_a = cabinet_key_to_hex (a);
  g_autofree char *hex_b = cabinet_key_to_hex (b);

  g_assert_cmpuint (strlen (hex_a), ==, 64);
  g_assert_cmpstr (hex_a, !=, hex_b);
}

static void
test_recovery_round_trip (void)
{
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(CabinetKey) key = cabinet_key_new_random ();
      g_autofree char *recovery = cabinet_key_to_recovery (key);
      g_autoptr(GError) error = NULL;
      g_autoptr(CabinetKey) back = NULL;
      g_autofree char *hex = cabinet_key_to_hex (key);
      g_autofree char *hex_back = NULL;

      /* 14 groups of 4, separated by dashes. */
      g_assert_cmpuint (strlen (recovery), ==, 14 * 4 + 13);
      g_assert_true (cabinet_key_looks_like_recovery (recovery));

      back = cabinet_key_new_from_recovery (recovery, &error);
      g_assert_no_error (error);
      hex_back = cabinet_key_to_hex (back);
      g_assert_cmpstr (hex, ==, hex_back);
    }
}

static void
test_recovery_as_typed (void)
{
  g_autoptr(CabinetKey) key = cabinet_key_new_random ();
  g_autofree char *recovery = cabinet_key_to_recovery (key);
  g_autofree char *hex = cabinet_key_to_hex (key);
  g_autoptr(GString) typed = g_string_new (NULL);
  g_autoptr(CabinetKey) back = NULL;
  g_autofree char *hex_back = NULL;
  g_autoptr(GError) error = NULL;

  /* Lower case, spaces instead of dashes, O for 0 and l for 1, as people type. */
  for (const char *p = recovery; *p; p++)
    {
      char c = g_ascii_tolower (*p);
      if (c == '-')
        c = ' ';
      else if (c == '0')
        c = 'o';
      else if (c == '1')
        c = 'l';
      g_string_append_c (typed, c);
    }
  g_string_append (typed, "  ");

  back = cabinet_key_new_from_recovery (typed->str, &error);
  g_assert_no_error (error);
  hex_back = cabinet_key_to_hex (back);
  g_assert_cmpstr (hex, ==, hex_back);
}

static void
test_recovery_typo_caught (void)
{
  /* A fixed key, so the test is deterministic. */
  g_autoptr(CabinetKey) key = cabinet_key_new_from_hex ("00112233445566778899aabbccddeeff0f1e2d3c4b5a69788796a5b4c3d2e1f0", NULL);
  g_autofree char *recovery = cabinet_key_to_recovery (key);
  guint caught = 0, symbols = 0;

  /* Every single-character substitution is caught, in the key's symbols, its
   * padding bits and its checksum alike. */
  for (gsize i = 0; recovery[i]; i++)
    {
      g_autofree char *typo = g_strdup (recovery);
      g_autoptr(GError) error = NULL;
      g_autoptr(CabinetKey) back = NULL;

      if (typo[i] == '-')
        continue;
      symbols++;
      typo[i] = typo[i] == 'Z' ? 'Y' : 'Z';
      back = cabinet_key_new_from_recovery (typo, &error);
      if (back == NULL)
        {
          g_assert_error (error, CABINET_KEY_ERROR, CABINET_KEY_ERROR_INVALID_RECOVERY);
          caught++;
        }
    }
  g_assert_cmpuint (symbols, ==, 56);
  g_assert_cmpuint (caught, ==, symbols);
}

static void
test_recovery_bad_input (void)
{
  const char *bad[] = {
    "", "abcd", "ABCD-EFGH", "éééé-éééé-éééé-éééé-éééé-éééé-éééé-éééé-éééé-éééé-éééé-éééé-éééé-éééé",
    "UUUU-UUUU-UUUU-UUUU-UUUU-UUUU-UUUU-UUUU-UUUU-UUUU-UUUU-UUUU-UUUU-UUUU", /* U is not base32 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CabinetKey) key = cabinet_key_new_from_recovery (bad[i], &error);

      g_assert_null (key);
      g_assert_error (error, CABINET_KEY_ERROR, CABINET_KEY_ERROR_INVALID_RECOVERY);
    }
  g_assert_false (cabinet_key_looks_like_recovery ("correct horse battery staple"));
}

static void
test_sqlcipher_form (void)
{
  g_autoptr(CabinetKey) key = cabinet_key_new_random ();
  g_autoptr(CabinetKey) pass = cabinet_key_new_passphrase ("un deux trois soleil");
  g_autofree char *hex = cabinet_key_to_hex (key);
  char *raw = cabinet_key_to_sqlcipher (key, NULL);
  char *phrase = cabinet_key_to_sqlcipher (pass, NULL);
  g_autofree char *expected = g_strdup_printf ("x'%s'", hex);

  /* The blob literal is what makes SQLCipher skip its KDF for a raw key. */
  g_assert_cmpstr (raw, ==, expected);
  g_assert_cmpstr (phrase, ==, "un deux trois soleil");
  cabinet_secure_free_string (raw);
  cabinet_secure_free_string (phrase);
}

static void
test_passphrase_strength (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (cabinet_key_check_passphrase ("court", &error));
  g_assert_error (error, CABINET_KEY_ERROR, CABINET_KEY_ERROR_WEAK_PASSPHRASE);
  g_clear_error (&error);
  g_assert_true (cabinet_key_check_passphrase ("cerisier en fleurs", &error));
  g_assert_no_error (error);
}

static void
test_hex_rejects_garbage (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetKey) key = cabinet_key_new_from_hex ("zz", &error);

  g_assert_null (key);
  g_assert_error (error, CABINET_KEY_ERROR, CABINET_KEY_ERROR_INVALID_RECOVERY);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/key/random-keys-differ", test_random_keys_differ);
  g_test_add_func ("/key/recovery-round-trip", test_recovery_round_trip);
  g_test_add_func ("/key/recovery-as-typed", test_recovery_as_typed);
  g_test_add_func ("/key/recovery-typo-caught", test_recovery_typo_caught);
  g_test_add_func ("/key/recovery-bad-input", test_recovery_bad_input);
  g_test_add_func ("/key/sqlcipher-form", test_sqlcipher_form);
  g_test_add_func ("/key/passphrase-strength", test_passphrase_strength);
  g_test_add_func ("/key/hex-rejects-garbage", test_hex_rejects_garbage);
  return g_test_run ();
}
