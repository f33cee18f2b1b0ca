/* test-practitioner.c — the profile's validation, and that nothing invalid is saved
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cabinet-practitioner.h"
#include "cabinet-test-utils.h"

static void
assert_issue (CabinetPractitioner *p,
              const char          *field)
{
  g_autoptr(GHashTable) issues = cabinet_practitioner_validate (p);

  g_assert_nonnull (issues);
  if (!g_hash_table_contains (issues, field))
    g_error ("expected an issue on %s", field);
}

static void
test_defaults_need_identity (void)
{
  g_autoptr(CabinetPractitioner) p = cabinet_practitioner_new_with_defaults ();
  g_autoptr(GHashTable) issues = cabinet_practitioner_validate (p);

  g_assert_nonnull (issues);
  g_assert_true (g_hash_table_contains (issues, "full_name"));
  g_assert_true (g_hash_table_contains (issues, "title"));
  g_assert_true (g_hash_table_contains (issues, "email"));
  g_assert_true (g_hash_table_contains (issues, CABINET_PRACTITIONER_FEE));
  g_assert_true (g_hash_table_contains (issues, CABINET_PRACTITIONER_DEVICES));
  /* The French emergency numbers and a fallback are there from the start. */
  g_assert_false (g_hash_table_contains (issues, "emergency_resources"));
  g_assert_false (g_hash_table_contains (issues, "fallback_procedure"));
  g_assert_nonnull (strstr (cabinet_practitioner_get_text (p, CABINET_PRACTITIONER_EMERGENCY_RESOURCES), "3114"));
  g_assert_nonnull (strstr (cabinet_practitioner_get_text (p, CABINET_PRACTITIONER_EMERGENCY_RESOURCES), "112"));
}

static void
test_valid_profile (void)
{
  g_autoptr(CabinetPractitioner) p = cabinet_test_practitioner ("Anne");
  g_autoptr(GHashTable) issues = cabinet_practitioner_validate (p);

  g_assert_null (issues);
}

static void
test_each_rule (void)
{
  struct { CabinetPractitionerField field; const char *value; } bad[] = {
    { CABINET_PRACTITIONER_FULL_NAME, "   " },
    { CABINET_PRACTITIONER_ADELI, "12345" },
    { CABINET_PRACTITIONER_ADELI, "75931234A" },
    { CABINET_PRACTITIONER_RPPS, "1234567890" },
    { CABINET_PRACTITIONER_PHONE, "appelez-moi" },
    { CABINET_PRACTITIONER_PHONE, "12" },
    { CABINET_PRACTITIONER_EMAIL, "anne@" },
    { CABINET_PRACTITIONER_EMAIL, "anne.example.fr" },
    { CABINET_PRACTITIONER_EMAIL, "anne@exemple" },
    { CABINET_PRACTITIONER_WEBSITE, "http://cabinet.example.fr" },
    { CABINET_PRACTITIONER_VIDEO_LINK, "http://meet.example.fr/room" },
    { CABINET_PRACTITIONER_VIDEO_LINK, "meet dot example" },
    { CABINET_PRACTITIONER_SESSION_EMAIL, "x@y" },
    { CABINET_PRACTITIONER_FALLBACK_PROCEDURE, "" },
    { CABINET_PRACTITIONER_FALLBACK_PHONE, "+33 abc" },
    { CABINET_PRACTITIONER_EMERGENCY_RESOURCES, "\n  \n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(CabinetPractitioner) p = cabinet_test_practitioner ("Anne");

      cabinet_practitioner_set_text (p, bad[i].field, bad[i].value);
      assert_issue (p, cabinet_practitioner_field_name (bad[i].field));
    }

  {
    g_autoptr(CabinetPractitioner) p = cabinet_test_practitioner ("Anne");
    cabinet_practitioner_set_payment_methods (p, 0);
    assert_issue (p, CABINET_PRACTITIONER_PAYMENT_METHODS);
    cabinet_practitioner_set_payment_methods (p, CABINET_PAYMENT_CASH);
    cabinet_practitioner_set_currency (p, "XYZ");
    assert_issue (p, CABINET_PRACTITIONER_CURRENCY);
  }
  {
    /* A video service needs its room link. */
    g_autoptr(CabinetPractitioner) p = cabinet_test_practitioner ("Anne");
    cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_VIDEO_LINK, "");
    cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_SESSION_PHONE, "+33 1 23 45 67 89");
    assert_issue (p, "video_link");
  }
}

static void
test_text_is_cleaned (void)
{
  g_autoptr(CabinetPractitioner) p = cabinet_practitioner_new ();

  /* Decomposed accents are stored composed, spaces trimmed, controls dropped. */
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_FULL_NAME, "  He\xcc\x81le\xcc\x80ne\x07 O’Brien-Ngọc  ");
  g_assert_cmpstr (cabinet_practitioner_get_text (p, CABINET_PRACTITIONER_FULL_NAME), ==, "Hélène O’Brien-Ngọc");
}

static void
test_invalid_is_never_saved (void)
{
  g_autofree char *dir = cabinet_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "cabinet.db", NULL);
  g_autoptr(CabinetKey) key = cabinet_key_new_random ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetDatabase) db = cabinet_database_open (path, key, CABINET_DATABASE_CREATE, &error);
  g_autoptr(CabinetPractitioner) good = cabinet_test_practitioner ("Anne Valide");
  g_autoptr(CabinetPractitioner) bad = cabinet_test_practitioner ("Anne Invalide");
  g_autoptr(CabinetPractitioner) loaded = NULL;

  g_assert_no_error (error);
  g_assert_true (cabinet_practitioner_save (good, db, &error));

  cabinet_practitioner_set_text (bad, CABINET_PRACTITIONER_EMAIL, "pas une adresse");
  g_assert_false (cabinet_practitioner_save (bad, db, &error));
  g_assert_error (error, CABINET_PRACTITIONER_ERROR, CABINET_PRACTITIONER_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "e-mail"));

  loaded = cabinet_practitioner_load (db, &error);
  g_assert_cmpstr (cabinet_practitioner_get_text (loaded, CABINET_PRACTITIONER_FULL_NAME), ==, "Anne Valide");

  cabinet_database_close (db);
  cabinet_test_remove_dir (dir);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_notify (void)
{
  g_autoptr(CabinetPractitioner) p = cabinet_practitioner_new ();
  guint count = 0;

  /* Setting the same value again does not tell the widgets anything changed. */
  g_signal_connect (p, "notify::full-name", G_CALLBACK (count_notify), &count);
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_FULL_NAME, "Anne");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_FULL_NAME, " Anne ");
  g_assert_cmpuint (count, ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/practitioner/defaults-need-identity", test_defaults_need_identity);
  g_test_add_func ("/practitioner/valid-profile", test_valid_profile);
  g_test_add_func ("/practitioner/each-rule", test_each_rule);
  g_test_add_func ("/practitioner/text-is-cleaned", test_text_is_cleaned);
  g_test_add_func ("/practitioner/invalid-is-never-saved", test_invalid_is_never_saved);
  g_test_add_func ("/practitioner/notify", test_notify);
  return g_test_run ();
}
