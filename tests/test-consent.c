/* test-consent.c — the informed-consent form, read back as a client would read
 * it (poppler), and as the database keeps it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <poppler.h>
#include <string.h>

#include "cabinet-client-store.h"
#include "cabinet-consent-store.h"
#include "cabinet-consent.h"
#include "cabinet-money.h"
#include "cabinet-test-utils.h"

#define ZONE "Europe/Paris"

typedef struct {
  char                *dir;
  char                *path;
  CabinetKey          *key;
  CabinetDatabase     *db;
  CabinetClientStore  *store;
  CabinetPractitioner *practitioner;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = cabinet_test_make_dir ();
  f->path = g_build_filename (f->dir, "cabinet.db", NULL);
  f->key = cabinet_key_new_random ();
  f->db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_CREATE, &error);
  g_assert_no_error (error);
  f->store = cabinet_client_store_new (f->db, &error);
  g_assert_no_error (error);
  f->practitioner = cabinet_test_practitioner ("Élise Ménard-Brœck");
  cabinet_practitioner_set_text (f->practitioner, CABINET_PRACTITIONER_RPPS, "10101234567");
  cabinet_practitioner_set_text (f->practitioner, CABINET_PRACTITIONER_ADDRESS, "3 place de l’Église, 69002 Lyon");
  cabinet_practitioner_set_text (f->practitioner, CABINET_PRACTITIONER_SESSION_PHONE, "+33 4 78 00 00 00");
  cabinet_practitioner_set_text (f->practitioner, CABINET_PRACTITIONER_FALLBACK_PROCEDURE,
                                 "Je vous rappelle sur votre portable dans les cinq minutes.");
  cabinet_practitioner_set_text (f->practitioner, CABINET_PRACTITIONER_EMERGENCY_RESOURCES,
                                 "15: SAMU\n112 : urgences\n09 72 39 40 50 : SOS Amitié, 24 h/24");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  if (f->db)
    cabinet_database_close (f->db);
  g_clear_object (&f->db);
  g_clear_object (&f->practitioner);
  cabinet_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
  cabinet_key_free (f->key);
}

/* An adult in France, with accents a PDF must keep: é, è, ç, œ. */
static CabinetClient *
make_client (const char *language,
             const char *birth_date)
{
  CabinetClient *client = cabinet_client_new (ZONE);

  cabinet_client_set_text (client, CABINET_CLIENT_FIRST_NAME, "Françoise");
  cabinet_client_set_text (client, CABINET_CLIENT_LAST_NAME, "Lefèvre-Cœur");
  cabinet_client_set_text (client, CABINET_CLIENT_LANGUAGE, language);
  cabinet_client_set_text (client, CABINET_CLIENT_BIRTH_DATE, birth_date);
  cabinet_client_set_text (client, CABINET_CLIENT_CITY, "Besançon");
  cabinet_client_set_text (client, CABINET_CLIENT_EMERGENCY_NAME, "Hélène Lefèvre");
  cabinet_client_set_text (client, CABINET_CLIENT_EMERGENCY_RELATION, "sœur");
  cabinet_client_set_text (client, CABINET_CLIENT_EMERGENCY_PHONE, "+33 6 98 76 54 32");
  cabinet_client_set_text (client, CABINET_CLIENT_IN_PERSON_NEARBY, "no");
  return client;
}

static CabinetClient *
make_minor (const char *language)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *birth = g_strdup_printf ("%04d-01-15", g_date_time_get_year (now) - 12);
  CabinetClient *client = make_client (language, birth);

  cabinet_client_set_text (client, CABINET_CLIENT_GUARDIAN_NAME, "Gérard Lefèvre");
  cabinet_client_set_text (client, CABINET_CLIENT_GUARDIAN_RELATION, "père");
  cabinet_client_set_text (client, CABINET_CLIENT_GUARDIAN_PHONE, "+33 6 11 22 33 44");
  return client;
}

/* Takes @client; returns the store's own copy. */
static CabinetClient *
save_client (Fixture       *f,
             CabinetClient *client)
{
  g_autoptr(CabinetClient) owned = client;
  g_autoptr(GError) error = NULL;

  g_assert_true (cabinet_client_store_save (f->store, client, &error));
  g_assert_no_error (error);
  return cabinet_client_store_lookup (f->store, cabinet_client_get_id (client));
}

static GDateTime *
fixed_date (void)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier (ZONE);
  return g_date_time_new (paris, 2026, 11, 1, 10, 30, 0);
}

static GBytes *
render (Fixture       *f,
        CabinetClient *client,
        CabinetPaper   paper,
        GHashTable    *bodies,
        GError       **error)
{
  g_autoptr(CabinetConsentTerms) terms = cabinet_consent_terms_new (f->practitioner, client);
  g_autoptr(GDateTime) date = fixed_date ();
  CabinetConsentDocument document = {
    f->practitioner, client, terms, bodies, "1.0", date, paper,
  };

  return cabinet_consent_render (&document, error);
}

/* Poppler reads no-break spaces back as plain spaces: compare them as such. */
static char *
plain_spaces (const char *text)
{
  GString *out = g_string_new (text);

  g_string_replace (out, "\u00a0", " ", 0);
  g_string_replace (out, "\u202f", " ", 0);
  return g_string_free (out, FALSE);
}

static void
assert_has (const char *text,
            const char *needle)
{
  g_autofree char *plain_text = plain_spaces (text);
  g_autofree char *plain_needle = plain_spaces (needle);

  if (strstr (plain_text, plain_needle) == NULL)
    g_error ("The form does not say “%s”:\n%s", needle, text);
}

static void
assert_lacks (const char *text,
              const char *needle)
{
  g_autofree char *plain_text = plain_spaces (text);
  g_autofree char *plain_needle = plain_spaces (needle);

  if (strstr (plain_text, plain_needle) != NULL)
    g_error ("The form should not say “%s”", needle);
}

/* The first words of a section's default text (enough to identify it). */
static char *
opening (CabinetConsentSection  section,
         const char            *language)
{
  const char *body = cabinet_consent_default_body (section, language);
  const char *end = body;

  for (int words = 0; words < 5 && *end; words++)
    {
      end = strchr (end + 1, ' ');
      if (end == NULL)
        return g_strdup (body);
    }
  return g_strndup (body, end - body);
}

/* The text files */

static void
test_texts_complete (void)
{
  g_autoptr(GKeyFile) fr = g_key_file_new ();
  g_autoptr(GKeyFile) en = g_key_file_new ();
  g_autoptr(GBytes) fr_bytes = g_resources_lookup_data ("/io/github/cabinetapp/Cabinet/consent/fr.ini", 0, NULL);
  g_autoptr(GBytes) en_bytes = g_resources_lookup_data ("/io/github/cabinetapp/Cabinet/consent/en.ini", 0, NULL);
  g_auto(GStrv) groups = NULL;

  g_assert_true (g_key_file_load_from_bytes (fr, fr_bytes, 0, NULL));
  g_assert_true (g_key_file_load_from_bytes (en, en_bytes, 0, NULL));
  groups = g_key_file_get_groups (en, NULL);
  g_assert_cmpuint (g_strv_length (groups), >=, CABINET_CONSENT_N_SECTIONS + 3);

  /* The same keys in both languages, no printf formats, typographic apostrophes. */
  for (guint g = 0; groups[g]; g++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (en, groups[g], NULL, NULL);
      g_auto(GStrv) fr_keys = g_key_file_get_keys (fr, groups[g], NULL, NULL);

      g_assert_nonnull (fr_keys);
      g_assert_cmpuint (g_strv_length (keys), ==, g_strv_length (fr_keys));
      for (guint k = 0; keys[k]; k++)
        {
          g_autofree char *en_value = g_key_file_get_string (en, groups[g], keys[k], NULL);
          g_autofree char *fr_value = g_key_file_get_string (fr, groups[g], keys[k], NULL);

          g_assert_nonnull (fr_value);
          g_assert_cmpstr (en_value, !=, "");
          g_assert_cmpstr (fr_value, !=, "");
          g_assert_null (strchr (en_value, '%'));
          g_assert_null (strchr (fr_value, '%'));
          g_assert_null (strchr (fr_value, '\''));
          /* Written for each language, not copied across. */
          if (strlen (en_value) > 40)
            g_assert_cmpstr (en_value, !=, fr_value);
        }
    }

  for (guint s = 0; s < CABINET_CONSENT_N_SECTIONS; s++)
    {
      g_assert_cmpstr (cabinet_consent_section_title (s, "fr"), !=, "");
      g_assert_cmpstr (cabinet_consent_default_body (s, "en"), !=, "");
    }
}

static void
test_dates_and_names (void)
{
  g_autoptr(GDateTime) first = fixed_date ();
  g_autoptr(GDateTime) later = g_date_time_add_days (first, 21);
  g_autoptr(CabinetClient) client = make_client ("fr", "");
  g_autofree char *fr = cabinet_consent_format_date (first, "fr");
  g_autofree char *en = cabinet_consent_format_date (later, "en");
  g_autofree char *fr_name = cabinet_consent_file_name (client, "fr", later);
  g_autofree char *en_name = NULL;

  g_assert_cmpstr (fr, ==, "1er novembre 2026");
  g_assert_cmpstr (en, ==, "22 November 2026");
  g_assert_cmpstr (fr_name, ==, "Consentement - Françoise Lefèvre-Cœur - 2026-11-22.pdf");

  /* A name is never a path. */
  cabinet_client_set_text (client, CABINET_CLIENT_LAST_NAME, "A/B");
  en_name = cabinet_consent_file_name (client, "en", later);
  g_assert_cmpstr (en_name, ==, "Consent - Françoise A-B - 2026-11-22.pdf");
}

static void
test_money_in_language (void)
{
  g_autofree char *fr = cabinet_money_format_in (123450, "EUR", "fr");
  g_autofree char *en = cabinet_money_format_in (123450, "EUR", "en");

  g_assert_cmpstr (fr, ==, "1\u202f234,50\u00a0€");
  g_assert_cmpstr (en, ==, "€1,234.50");
}

/* The document */

static void
check_form (Fixture    *f,
            const char *language,
            gboolean    minor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetClient) client = minor ? make_minor (language) : make_client (language, "1980-05-04");
  g_autoptr(GBytes) pdf = render (f, client, CABINET_PAPER_A4, NULL, &error);
  PopplerDocument *document;
  PopplerPage *page;
  g_autofree char *text = NULL;
  g_autofree char *title = NULL;
  g_autofree char *author = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *creator = NULL;
  g_autofree char *page_label = NULL;
  g_autofree char *fee = NULL;
  double width, height;
  int n_pages;

  g_assert_no_error (error);
  document = cabinet_test_open_pdf (pdf);
  n_pages = poppler_document_get_n_pages (document);
  /* About three pages of text (the guardian's section adds some). */
  g_assert_cmpint (n_pages, >=, 2);
  g_assert_cmpint (n_pages, <=, 5);

  page = poppler_document_get_page (document, 0);
  poppler_page_get_size (page, &width, &height);
  g_object_unref (page);
  g_assert_cmpfloat_with_epsilon (width, 595.28, 0.5);
  g_assert_cmpfloat_with_epsilon (height, 841.89, 0.5);

  g_object_get (document, "title", &title, "author", &author, "subject", &subject,
                "creator", &creator, NULL);
  g_assert_cmpstr (author, ==, "Élise Ménard-Brœck");
  g_assert_true (g_str_has_prefix (creator, "Cabinet "));
  g_assert_cmpstr (subject, !=, NULL);
  text = cabinet_test_pdf_text (document);
  assert_has (text, title);

  /* The ten contents, each with its heading and Cabinet's text. */
  for (guint s = 0; s < CABINET_CONSENT_N_SECTIONS; s++)
    {
      g_autofree char *start = opening (s, language);

      if (s == CABINET_CONSENT_GUARDIAN && !minor)
        {
          assert_lacks (text, cabinet_consent_section_title (s, language));
          assert_lacks (text, start);
          continue;
        }
      assert_has (text, cabinet_consent_section_title (s, language));
      assert_has (text, start);
    }

  /* Who, with accents intact, and how to verify it. */
  assert_has (text, "Françoise Lefèvre-Cœur");
  assert_has (text, "Élise Ménard-Brœck");
  assert_has (text, "10101234567");
  assert_has (text, "759312345");
  assert_has (text, "annuaire.sante.fr");
  /* The means, the fee, the fallback, the crisis. */
  assert_has (text, "Jitsi");
  assert_has (text, "+33 4 78 00 00 00");
  fee = cabinet_money_format_in (6000, "EUR", language);
  assert_has (text, fee);
  assert_has (text, "+33 6 12 34 56 78");
  assert_has (text, "Je vous rappelle sur votre portable");
  assert_has (text, "Hélène Lefèvre");
  assert_has (text, "Besançon");
  assert_has (text, "3114");
  assert_has (text, "112");
  assert_has (text, "15 (SAMU");
  /* In-person care near the client: the client's record says none. */
  assert_has (text, strcmp (language, "fr") == 0 ? "près de chez vous" : "near");
  /* The profile's emergency numbers are not repeated, other resources are kept. */
  assert_lacks (text, "15: SAMU");
  assert_has (text, "SOS Amitié");
  /* "page N of M" in the form's own language. */
  page_label = g_strdup_printf (strcmp (language, "fr") == 0 ? "page 1 sur %d" : "page 1 of %d", n_pages);
  assert_has (text, page_label);
  assert_has (text, strcmp (language, "fr") == 0 ? "1er novembre 2026" : "1 November 2026");

  if (minor)
    {
      assert_has (text, "Gérard Lefèvre");
      assert_has (text, cabinet_consent_section_title (CABINET_CONSENT_GUARDIAN, language));
    }
  else
    assert_lacks (text, "Gérard");

  g_object_unref (document);
}

static void
test_adult_fr (Fixture *f, gconstpointer data)
{
  check_form (f, "fr", FALSE);
}

static void
test_adult_en (Fixture *f, gconstpointer data)
{
  check_form (f, "en", FALSE);
}

static void
test_minor_fr (Fixture *f, gconstpointer data)
{
  check_form (f, "fr", TRUE);
}

static void
test_minor_en (Fixture *f, gconstpointer data)
{
  check_form (f, "en", TRUE);
}

static void
test_letter (Fixture *f, gconstpointer data)
{
  g_autoptr(CabinetClient) client = make_client ("en", "");
  g_autoptr(GBytes) pdf = render (f, client, CABINET_PAPER_LETTER, NULL, NULL);
  PopplerDocument *document = cabinet_test_open_pdf (pdf);
  PopplerPage *page = poppler_document_get_page (document, 0);
  double width, height;

  poppler_page_get_size (page, &width, &height);
  g_assert_cmpfloat_with_epsilon (width, 612, 0.5);
  g_assert_cmpfloat_with_epsilon (height, 792, 0.5);
  g_object_unref (page);
  g_object_unref (document);
}

/* Long names and addresses wrap: every character sits inside the page. */
static void
test_nothing_overflows (Fixture *f, gconstpointer data)
{
  g_autoptr(CabinetClient) client = make_client ("fr", "");
  g_autoptr(GBytes) pdf = NULL;
  PopplerDocument *document;
  g_autofree char *text = NULL;

  cabinet_client_set_text (client, CABINET_CLIENT_LAST_NAME,
                           "de La Tour-d’Auvergne-Lauraguais-Montmorency-Laval-Bourbon-Busset");
  cabinet_practitioner_set_text (f->practitioner, CABINET_PRACTITIONER_ADDRESS,
                                 "Résidence-des-Grands-Chênes-Bâtiment-C-Escalier-4-Appartement-1207-"
                                 "Quatrième-étage-porte-gauche, 118 boulevard de la Croix-Rousse, 69004 Lyon");
  pdf = render (f, client, CABINET_PAPER_A4, NULL, NULL);
  document = cabinet_test_open_pdf (pdf);
  cabinet_test_assert_inside_pages (document, 20);
  text = cabinet_test_pdf_text (document);
  /* The long words were cut, not lost. */
  assert_has (text, "Montmorency");
  assert_has (text, "Appartement");
  g_object_unref (document);
}

/* Bad input: what is missing is named, and nothing is written. */
static void
assert_refused (Fixture       *f,
                CabinetClient *client,
                const char    *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetConsentTerms) terms = cabinet_consent_terms_new (f->practitioner, client);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(CabinetConsentForm) form = NULL;
  g_autoptr(GListStore) forms = NULL;

  form = cabinet_consent_forms_generate (f->db, f->practitioner, client, terms, now, &error);
  g_assert_null (form);
  g_assert_error (error, CABINET_CONSENT_ERROR, CABINET_CONSENT_ERROR_INCOMPLETE);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not name “%s”", error->message, needle);
  forms = cabinet_consent_forms_list (f->db, cabinet_client_get_id (client), NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (forms)), ==, 0);
  g_assert_cmpint (cabinet_client_get_consent_status (client), ==, CABINET_CONSENT_NONE);
}

static void
test_incomplete (Fixture *f, gconstpointer data)
{
  CabinetClient *client = save_client (f, make_client ("fr", ""));
  g_autoptr(CabinetClient) minor = make_minor ("en");
  g_autoptr(CabinetConsentTerms) terms = NULL;
  g_autoptr(GHashTable) issues = NULL;

  cabinet_practitioner_set_text (f->practitioner, CABINET_PRACTITIONER_RPPS, "");
  cabinet_practitioner_set_text (f->practitioner, CABINET_PRACTITIONER_ADELI, "");
  assert_refused (f, client, "RPPS or ADELI");
  cabinet_practitioner_set_text (f->practitioner, CABINET_PRACTITIONER_RPPS, "10101234567");

  cabinet_practitioner_set_text (f->practitioner, CABINET_PRACTITIONER_FALLBACK_PHONE, "");
  assert_refused (f, client, "phone number to use if the connection breaks");
  cabinet_practitioner_set_text (f->practitioner, CABINET_PRACTITIONER_FALLBACK_PHONE, "pas de numéro");
  assert_refused (f, client, "does not look like a phone number");
  cabinet_practitioner_set_text (f->practitioner, CABINET_PRACTITIONER_FALLBACK_PHONE, "+33 6 12 34 56 78");

  cabinet_practitioner_set_text (f->practitioner, CABINET_PRACTITIONER_VIDEO_PLATFORM, "");
  assert_refused (f, client, "video platform");
  cabinet_practitioner_set_text (f->practitioner, CABINET_PRACTITIONER_VIDEO_PLATFORM, "Jitsi");

  /* A minor's form needs the guardian. */
  cabinet_client_set_text (minor, CABINET_CLIENT_GUARDIAN_NAME, "");
  cabinet_client_set_text (minor, CABINET_CLIENT_GUARDIAN_EMAIL, "pere@example.fr");
  minor = g_object_ref (save_client (f, g_steal_pointer (&minor)));
  assert_refused (f, minor, "guardian’s name");

  /* Abroad, the form must give the emergency number of the client's country. */
  cabinet_client_set_text (client, CABINET_CLIENT_COUNTRY, "Belgique");
  assert_refused (f, client, "outside France");
  cabinet_client_set_text (client, CABINET_CLIENT_LOCAL_EMERGENCY_NUMBER, "112");
  g_clear_pointer (&terms, cabinet_consent_terms_free);
  terms = cabinet_consent_terms_new (f->practitioner, client);
  g_assert_null (cabinet_consent_check (terms, f->practitioner, client));
  g_clear_pointer (&terms, cabinet_consent_terms_free);

  /* Written channels need a reply time; no channel at all is refused. */
  terms = cabinet_consent_terms_new (f->practitioner, client);
  terms->channels = CABINET_CHANNEL_EMAIL;
  issues = cabinet_consent_check (terms, f->practitioner, client);
  g_assert_nonnull (issues);
  g_assert_true (g_hash_table_contains (issues, CABINET_CONSENT_REPLY_DELAY));
  g_clear_pointer (&issues, g_hash_table_unref);
  terms->channels = CABINET_CHANNEL_IN_PERSON;
  issues = cabinet_consent_check (terms, f->practitioner, client);
  g_assert_true (g_hash_table_contains (issues, CABINET_CONSENT_CHANNELS));
  g_clear_pointer (&issues, g_hash_table_unref);
  terms->channels = CABINET_CHANNEL_VIDEO | CABINET_CHANNEL_EMAIL;
  cabinet_set_string (&terms->reply_delay, "48 heures");
  g_assert_null (cabinet_consent_check (terms, f->practitioner, client));
}

/* The store */

static CabinetConsentForm *
generate (Fixture       *f,
          CabinetClient *client)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetConsentTerms) terms = cabinet_consent_terms_new (f->practitioner, client);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  CabinetConsentForm *form;

  form = cabinet_consent_forms_generate (f->db, f->practitioner, client, terms, now, &error);
  g_assert_no_error (error);
  g_assert_nonnull (form);
  return form;
}

static GBytes *
read_file_bytes (const char *path)
{
  char *contents;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (contents, length);
}

static void
reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->store);
  cabinet_database_close (f->db);
  g_clear_object (&f->db);
  f->db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  f->store = cabinet_client_store_new (f->db, &error);
  g_assert_no_error (error);
}

static void
test_stored_exactly (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CabinetClient *client = save_client (f, make_client ("fr", ""));
  gint64 id = cabinet_client_get_id (client);
  g_autoptr(CabinetConsentForm) form = generate (f, client);
  g_autoptr(CabinetConsentForm) again = NULL;
  g_autoptr(GListStore) forms = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) exported = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *export_path = g_build_filename (f->dir, "export.pdf", NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (cabinet_client_get_consent_status (client), ==, CABINET_CONSENT_GENERATED);
  g_assert_cmpstr (cabinet_consent_form_get_language (form), ==, "fr");
  g_assert_cmpstr (cabinet_consent_form_get_version (form), ==, "1.0");
  g_assert_nonnull (strstr (cabinet_consent_form_get_terms (form), "\"fee_minor\":6000"));

  /* Reopened with the key: the same form, the same bytes, the same fingerprint. */
  reopen (f);
  client = cabinet_client_store_lookup (f->store, id);
  g_assert_cmpint (cabinet_client_get_consent_status (client), ==, CABINET_CONSENT_GENERATED);
  forms = cabinet_consent_forms_list (f->db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (forms)), ==, 1);
  again = g_list_model_get_item (G_LIST_MODEL (forms), 0);
  g_assert_cmpint (cabinet_consent_form_get_id (again), ==, cabinet_consent_form_get_id (form));
  g_assert_cmpstr (cabinet_consent_form_get_sha256 (again), ==, cabinet_consent_form_get_sha256 (form));
  g_assert_true (g_date_time_equal (cabinet_consent_form_get_created_at (again),
                                    cabinet_consent_form_get_created_at (form)));
  pdf = cabinet_consent_form_load_pdf (again, f->db, &error);
  g_assert_no_error (error);
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  g_assert_cmpstr (sha256, ==, cabinet_consent_form_get_sha256 (form));

  /* Exported as a file, byte for byte. */
  g_assert_true (g_file_set_contents (export_path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL));
  exported = read_file_bytes (export_path);
  g_assert_true (g_bytes_equal (exported, pdf));

  /* Nothing of it is readable in the database file. */
  cabinet_database_close (f->db);
  g_assert_false (cabinet_test_file_contains (f->path, "%PDF-"));
  g_assert_false (cabinet_test_file_contains (f->path, "Lefèvre"));
  reopen (f);

  /* An altered copy is refused rather than shown. */
  stmt = cabinet_database_prepare (f->db, "UPDATE consent_forms SET pdf = CAST ('%PDF-1.5 altered' AS BLOB)", &error);
  g_assert_true (cabinet_database_step (f->db, stmt, NULL, &error));
  g_clear_pointer (&pdf, g_bytes_unref);
  pdf = cabinet_consent_form_load_pdf (again, f->db, &error);
  g_assert_null (pdf);
  g_assert_error (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_DAMAGED);
}

static void
test_edited_section (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CabinetClient *client = save_client (f, make_client ("fr", ""));
  g_autoptr(CabinetConsentForm) form = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *body = NULL;
  g_autofree char *default_start = opening (CABINET_CONSENT_CONDITIONS, "fr");
  g_autofree char *version = NULL;
  gboolean customised = TRUE;
  PopplerDocument *document;
  const char *mine = "Pour nos séances, installez-vous dans une pièce fermée à clé.\n\n"
                     "Un second paragraphe, à part.";

  body = cabinet_consent_section_get_body (f->db, "fr", CABINET_CONSENT_CONDITIONS, &customised, &error);
  g_assert_no_error (error);
  g_assert_false (customised);
  g_assert_cmpstr (body, ==, cabinet_consent_default_body (CABINET_CONSENT_CONDITIONS, "fr"));

  g_assert_true (cabinet_consent_section_set_body (f->db, "fr", CABINET_CONSENT_CONDITIONS, "Pour nos séances", TRUE, &error));
  g_assert_no_error (error);
  version = cabinet_consent_version (f->db, &error);
  g_assert_cmpstr (version, ==, "1.1");
  /* Typed on in the same editing session, or saved again unchanged: the same version. */
  g_assert_true (cabinet_consent_section_set_body (f->db, "fr", CABINET_CONSENT_CONDITIONS, mine, FALSE, &error));
  g_assert_true (cabinet_consent_section_set_body (f->db, "fr", CABINET_CONSENT_CONDITIONS, mine, TRUE, &error));
  g_clear_pointer (&version, g_free);
  version = cabinet_consent_version (f->db, &error);
  g_assert_cmpstr (version, ==, "1.1");

  form = generate (f, client);
  g_assert_cmpstr (cabinet_consent_form_get_version (form), ==, "1.1");
  pdf = cabinet_consent_form_load_pdf (form, f->db, &error);
  document = cabinet_test_open_pdf (pdf);
  text = cabinet_test_pdf_text (document);
  assert_has (text, "installez-vous dans une pièce fermée à clé");
  assert_has (text, "Un second paragraphe");
  assert_lacks (text, default_start);
  assert_has (text, "Formulaire, version 1.1");
  g_object_unref (document);

  /* The English text is untouched by the French edit. */
  g_clear_pointer (&body, g_free);
  body = cabinet_consent_section_get_body (f->db, "en", CABINET_CONSENT_CONDITIONS, &customised, &error);
  g_assert_false (customised);

  /* Restore default: empty text brings Cabinet's wording back. */
  g_assert_true (cabinet_consent_section_set_body (f->db, "fr", CABINET_CONSENT_CONDITIONS, "  ", TRUE, &error));
  g_clear_pointer (&body, g_free);
  body = cabinet_consent_section_get_body (f->db, "fr", CABINET_CONSENT_CONDITIONS, &customised, &error);
  g_assert_false (customised);
  g_assert_cmpstr (body, ==, cabinet_consent_default_body (CABINET_CONSENT_CONDITIONS, "fr"));
  g_clear_pointer (&version, g_free);
  version = cabinet_consent_version (f->db, &error);
  g_assert_cmpstr (version, ==, "1.2");
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_status (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CabinetClient *client = save_client (f, make_client ("en", ""));
  gint64 id = cabinet_client_get_id (client);
  g_autoptr(CabinetConsentForm) form = generate (f, client);
  g_autoptr(GDateTime) before = g_date_time_add_days (cabinet_consent_form_get_created_at (form), -1);
  g_autoptr(GDateTime) later = g_date_time_add_hours (cabinet_consent_form_get_created_at (form), 2);
  g_autoptr(GListStore) forms = NULL;
  g_autoptr(CabinetConsentForm) reread = NULL;
  g_autoptr(CabinetConsentForm) second = NULL;
  guint notified = 0;

  g_signal_connect (form, "notify::status", G_CALLBACK (count_notify), &notified);

  /* Signing needs to say how; a date before the form is refused. */
  g_assert_false (cabinet_consent_form_set_status (form, f->db, client, CABINET_CONSENT_SIGNED,
                                                   CABINET_SIGNATURE_NONE, later, &error));
  g_assert_error (error, CABINET_CONSENT_ERROR, CABINET_CONSENT_ERROR_INCOMPLETE);
  g_clear_error (&error);
  g_assert_false (cabinet_consent_form_set_status (form, f->db, client, CABINET_CONSENT_GIVEN,
                                                   CABINET_SIGNATURE_NONE, before, &error));
  g_assert_error (error, CABINET_CONSENT_ERROR, CABINET_CONSENT_ERROR_TRANSITION);
  g_clear_error (&error);

  g_assert_true (cabinet_consent_form_set_status (form, f->db, client, CABINET_CONSENT_GIVEN,
                                                  CABINET_SIGNATURE_NONE, later, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cabinet_client_get_consent_status (client), ==, CABINET_CONSENT_GIVEN);
  g_assert_true (cabinet_consent_form_set_status (form, f->db, client, CABINET_CONSENT_SIGNED,
                                                  CABINET_SIGNATURE_HANDWRITTEN, later, &error));
  g_assert_cmpint (cabinet_client_get_consent_status (client), ==, CABINET_CONSENT_SIGNED);
  g_assert_cmpuint (notified, ==, 2);

  /* Never back. */
  g_assert_false (cabinet_consent_form_set_status (form, f->db, client, CABINET_CONSENT_GIVEN,
                                                   CABINET_SIGNATURE_NONE, later, &error));
  g_assert_error (error, CABINET_CONSENT_ERROR, CABINET_CONSENT_ERROR_TRANSITION);
  g_clear_error (&error);

  /* As it reads after a restart. */
  reopen (f);
  client = cabinet_client_store_lookup (f->store, id);
  g_assert_cmpint (cabinet_client_get_consent_status (client), ==, CABINET_CONSENT_SIGNED);
  forms = cabinet_consent_forms_list (f->db, id, NULL);
  reread = g_list_model_get_item (G_LIST_MODEL (forms), 0);
  g_assert_cmpint (cabinet_consent_form_get_status (reread), ==, CABINET_CONSENT_SIGNED);
  g_assert_cmpint (cabinet_consent_form_get_signature_method (reread), ==, CABINET_SIGNATURE_HANDWRITTEN);
  g_assert_true (g_date_time_equal (cabinet_consent_form_get_signed_at (reread), later));
  g_assert_true (g_date_time_equal (cabinet_consent_form_get_given_at (reread), later));

  /* Withdrawn: final. */
  g_assert_true (cabinet_consent_form_set_status (reread, f->db, client, CABINET_CONSENT_WITHDRAWN,
                                                  CABINET_SIGNATURE_NONE, later, &error));
  g_assert_cmpint (cabinet_client_get_consent_status (client), ==, CABINET_CONSENT_WITHDRAWN);
  g_assert_false (cabinet_consent_form_set_status (reread, f->db, client, CABINET_CONSENT_SIGNED,
                                                   CABINET_SIGNATURE_ELECTRONIC, later, &error));
  g_assert_error (error, CABINET_CONSENT_ERROR, CABINET_CONSENT_ERROR_TRANSITION);
  g_clear_error (&error);

  /* A new form: the latest one is what the client's status says. */
  second = generate (f, client);
  g_assert_cmpint (cabinet_client_get_consent_status (client), ==, CABINET_CONSENT_GENERATED);
  g_clear_object (&forms);
  forms = cabinet_consent_forms_list (f->db, id, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (forms)), ==, 2);
}

static void
test_signed_copy (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CabinetClient *client = save_client (f, make_client ("fr", ""));
  g_autoptr(CabinetConsentForm) form = generate (f, client);
  g_autoptr(GBytes) png = cabinet_test_make_png (40, 60);
  g_autoptr(GBytes) pdf = cabinet_consent_form_load_pdf (form, f->db, NULL);
  g_autoptr(GBytes) junk = g_bytes_new_static ("Bonjour, ceci n’est pas un scan.", 33);
  g_autoptr(GBytes) cut = g_bytes_new_from_bytes (pdf, 0, g_bytes_get_size (pdf) / 3);
  g_autoptr(GBytes) fake_png = g_bytes_new_static ("\x89PNG\r\n\x1a\n", 8);
  g_autoptr(GBytes) huge = NULL;
  g_autoptr(GListStore) forms = NULL;
  g_autoptr(CabinetConsentForm) other = NULL;
  guint8 *zeros;
  gint64 id;

  g_assert_cmpstr (cabinet_consent_form_get_copy_type (form), ==, "");
  g_assert_null (cabinet_consent_form_load_copy (form, f->db, &error));
  g_assert_error (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Broken files are refused with a reason, and nothing is kept. */
  g_assert_false (cabinet_consent_form_attach_copy (form, f->db, junk, &error));
  g_assert_error (error, CABINET_CONSENT_ERROR, CABINET_CONSENT_ERROR_FILE_TYPE);
  g_clear_error (&error);
  g_assert_false (cabinet_consent_form_attach_copy (form, f->db, cut, &error));
  g_assert_error (error, CABINET_CONSENT_ERROR, CABINET_CONSENT_ERROR_FILE_TYPE);
  g_clear_error (&error);
  g_assert_false (cabinet_consent_form_attach_copy (form, f->db, fake_png, &error));
  g_assert_error (error, CABINET_CONSENT_ERROR, CABINET_CONSENT_ERROR_FILE_TYPE);
  g_clear_error (&error);
  zeros = g_malloc0 (CABINET_CONSENT_MAX_COPY_SIZE + 1);
  memcpy (zeros, "%PDF-", 5);
  huge = g_bytes_new_take (zeros, CABINET_CONSENT_MAX_COPY_SIZE + 1);
  g_assert_false (cabinet_consent_form_attach_copy (form, f->db, huge, &error));
  g_assert_error (error, CABINET_CONSENT_ERROR, CABINET_CONSENT_ERROR_FILE_SIZE);
  g_clear_error (&error);
  g_assert_cmpstr (cabinet_consent_form_get_copy_type (form), ==, "");

  /* A scan (PNG) is kept; it is evidence, so a second copy never replaces it. */
  g_assert_true (cabinet_consent_form_can_attach_copy (form));
  g_assert_true (cabinet_consent_form_attach_copy (form, f->db, png, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cabinet_consent_form_get_copy_type (form), ==, "image/png");
  g_assert_false (cabinet_consent_form_can_attach_copy (form));
  g_assert_false (cabinet_consent_form_attach_copy (form, f->db, pdf, &error));
  g_assert_error (error, CABINET_CONSENT_ERROR, CABINET_CONSENT_ERROR_TRANSITION);
  g_clear_error (&error);

  /* A signed PDF, on another form, is kept too; both read back identical. */
  other = generate (f, client);
  g_assert_true (cabinet_consent_form_attach_copy (other, f->db, pdf, &error));
  g_assert_cmpstr (cabinet_consent_form_get_copy_type (other), ==, "application/pdf");

  id = cabinet_client_get_id (client);
  reopen (f);
  forms = cabinet_consent_forms_list (f->db, id, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (forms)), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(CabinetConsentForm) reread = g_list_model_get_item (G_LIST_MODEL (forms), i);
      g_autoptr(GBytes) loaded = cabinet_consent_form_load_copy (reread, f->db, &error);
      gboolean is_pdf = cabinet_consent_form_get_id (reread) == cabinet_consent_form_get_id (other);

      g_assert_no_error (error);
      g_assert_cmpstr (cabinet_consent_form_get_copy_type (reread), ==, is_pdf ? "application/pdf" : "image/png");
      g_assert_true (g_bytes_equal (loaded, is_pdf ? pdf : png));
    }
}

/* Erasing the client erases their forms. */
static void
test_erased_with_client (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CabinetClient *client = save_client (f, make_client ("fr", ""));
  gint64 id = cabinet_client_get_id (client);
  g_autoptr(CabinetConsentForm) form = generate (f, client);
  g_autofree char *name = cabinet_client_dup_display_name (client);
  g_autoptr(GListStore) forms = NULL;

  g_assert_true (cabinet_client_store_erase (f->store, client, name, &error));
  g_assert_no_error (error);
  forms = cabinet_consent_forms_list (f->db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (forms)), ==, 0);
}

/* A client's consent status is read without reading the form's PDF, which
 * comes before it in the row: 2,000 clients' statuses read through their PDFs
 * took 800 ms to open the Clients page (bench/run). */
static void
test_status_from_index (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CabinetClient *client = save_client (f, make_client ("fr", ""));
  g_autoptr(CabinetConsentForm) form = generate (f, client);
  g_autoptr(sqlite3_stmt) plan = NULL;
  g_autoptr(GString) steps = g_string_new (NULL);
  gboolean has_row;

  plan = cabinet_database_prepare (f->db, "EXPLAIN QUERY PLAN SELECT "
                                          CABINET_CONSENT_LATEST_STATUS_SQL ("clients.id") " FROM clients", &error);
  g_assert_no_error (error);
  while (cabinet_database_step (f->db, plan, &has_row, &error) && has_row)
    g_string_append_printf (steps, "%s\n", cabinet_database_column_text (plan, 3));
  g_assert_no_error (error);
  if (strstr (steps->str, "COVERING INDEX consent_forms_client") == NULL)
    g_error ("the status is read from the table:\n%s", steps->str);
  g_assert_cmpint (cabinet_client_get_consent_status (client), ==, CABINET_CONSENT_GENERATED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/consent/texts-complete", test_texts_complete);
  g_test_add_func ("/consent/dates-and-names", test_dates_and_names);
  g_test_add_func ("/consent/money-in-language", test_money_in_language);

#define ADD(name, func) g_test_add ("/consent/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("form/adult-fr", test_adult_fr);
  ADD ("form/adult-en", test_adult_en);
  ADD ("form/minor-fr", test_minor_fr);
  ADD ("form/minor-en", test_minor_en);
  ADD ("form/letter", test_letter);
  ADD ("form/nothing-overflows", test_nothing_overflows);
  ADD ("form/incomplete", test_incomplete);
  ADD ("store/stored-exactly", test_stored_exactly);
  ADD ("store/edited-section", test_edited_section);
  ADD ("store/status", test_status);
  ADD ("store/signed-copy", test_signed_copy);
  ADD ("store/erased-with-client", test_erased_with_client);
  ADD ("store/status-from-index", test_status_from_index);
#undef ADD

  return g_test_run ();
}
