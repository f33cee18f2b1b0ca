/* test-recovery-sheet.c — the recovery sheet, read back as its reader would read
 * it (poppler): one page, the key typeable as printed, nothing off the page
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <poppler.h>
#include <string.h>

#include "cabinet-key.h"
#include "cabinet-recovery-sheet.h"
#include "cabinet-test-utils.h"

#define PATH "/home/helene/.local/share/cabinet/cabinet.db"
#define NAME "Hélène Marchand-Œstrup"
#define GROUPS 14

/* The compact form of every key rendered, for the log handlers to look for. */
static GPtrArray *secrets;
static guint leaks;
static GLogFunc test_log_handler;

static char *
without_separators (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (*p != '-' && !g_ascii_isspace (*p))
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static void
look_for_keys (const char *message)
{
  g_autofree char *compact = without_separators (message ? message : "");
  g_autofree char *upper = g_ascii_strup (compact, -1);

  for (guint s = 0; s < secrets->len; s++)
    if (strstr (upper, g_ptr_array_index (secrets, s)))
      leaks++;
}

/* Structured logging (g_log_structured(), and g_log() outside GTest). */
static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      g_autofree char *value = NULL;

      if (g_strcmp0 (fields[i].key, "MESSAGE") != 0)
        continue;
      value = fields[i].length < 0 ? g_strdup (fields[i].value)
                                   : g_strndup (fields[i].value, (gsize) fields[i].length);
      look_for_keys (value);
    }
  /* Debug messages are all searched, but not shown. */
  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* g_log(), g_debug(): GTest sends them to a default handler of its own. */
static void
log_handler (const char     *domain,
             GLogLevelFlags  level,
             const char     *message,
             gpointer        user_data)
{
  look_for_keys (message);
  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return;
  test_log_handler (domain, level, message, NULL);
}

/* A new random key, as the welcome shows it ("ABCD-EFGH-…"). */
static char *
new_recovery (CabinetKey **key_out)
{
  g_autoptr(CabinetKey) key = cabinet_key_new_random ();
  char *recovery = cabinet_key_to_recovery (key);

  g_ptr_array_add (secrets, without_separators (recovery));
  if (key_out)
    *key_out = g_steal_pointer (&key);
  return recovery;
}

static GDateTime *
sheet_date (void)
{
  /* Noon, so that the local day is the same in any time zone the test runs in. */
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  return g_date_time_new (utc, 2025, 3, 5, 12, 0, 0);
}


static void
assert_has (const char *haystack,
            const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” is not in the sheet", needle);
}

static gboolean
is_group (const char *word)
{
  if (strlen (word) != 4)
    return FALSE;
  for (const char *p = word; *p; p++)
    if (!strchr ("0123456789ABCDEFGHJKMNPQRSTVWXYZ", *p))
      return FALSE;
  return TRUE;
}

/* The key as a reader copies it from the page: the first run of 14 words of
 * four key symbols, written with the spaces printed between them. */
static char *
printed_key (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t", -1);
  g_autoptr(GPtrArray) run = g_ptr_array_new ();

  for (guint i = 0; words[i]; i++)
    {
      if (*words[i] == '\0')
        continue;
      if (!is_group (words[i]))
        {
          g_ptr_array_set_size (run, 0);
          continue;
        }
      g_ptr_array_add (run, words[i]);
      if (run->len == GROUPS)
        {
          g_ptr_array_add (run, NULL);
          return g_strjoinv (" ", (char **) run->pdata);
        }
    }
  return NULL;
}

static void
test_contents (void)
{
  g_autoptr(CabinetKey) key = NULL;
  g_autofree char *recovery = new_recovery (&key);
  g_autoptr(GDateTime) date = sheet_date ();
  g_autoptr(GDateTime) local = g_date_time_to_local (date);
  g_autofree char *day = g_date_time_format (local, "%-d %B %Y");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  PopplerDocument *document;
  g_autofree char *text = NULL;
  g_autofree char *compact_text = NULL;
  g_autofree char *compact_key = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *spaced = NULL;
  g_autofree char *title = NULL;
  g_autofree char *author = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *keywords = NULL;
  g_autoptr(CabinetKey) parsed = NULL;
  g_autofree char *hex = NULL;
  g_autofree char *parsed_hex = NULL;

  pdf = cabinet_recovery_sheet_render (recovery, PATH, NAME, date, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  document = cabinet_test_open_pdf (pdf);
  g_assert_cmpint (poppler_document_get_n_pages (document), ==, 1);

  /* The metadata say what and whose, never the key. */
  title = poppler_document_get_title (document);
  author = poppler_document_get_author (document);
  subject = poppler_document_get_subject (document);
  keywords = poppler_document_get_keywords (document);
  g_assert_cmpstr (title, ==, "Cabinet Recovery Key");
  g_assert_cmpstr (author, ==, NAME);
  g_assert_nonnull (subject);
  compact_key = without_separators (recovery);
  g_assert_null (strstr (subject, compact_key));
  g_assert_true (keywords == NULL || strstr (keywords, compact_key) == NULL);

  text = cabinet_test_pdf_text (document);
  assert_has (text, "Cabinet Recovery Key");
  assert_has (text, "Practice of " NAME);
  assert_has (text, day);
  assert_has (text, PATH);
  /* What it is for, how to use it, how to keep it, in the unlock screen's words. */
  assert_has (text, "keyring");
  assert_has (text, "Recovery key or passphrase");
  assert_has (text, "Open My Records");
  assert_has (text, "locked place");
  assert_has (text, "cloud");
  assert_has (text, "cannot show this key again");

  /* All the key's symbols, in order. */
  compact_text = without_separators (text);
  assert_has (compact_text, compact_key);

  /* Exactly as printed, the key is 14 groups of four separated by spaces, and
   * the unlock screen's parser takes it as it is and gets the same key. */
  printed = printed_key (text);
  g_assert_nonnull (printed);
  spaced = g_strdelimit (g_strdup (recovery), "-", ' ');
  g_assert_cmpstr (printed, ==, spaced);
  g_assert_true (cabinet_key_looks_like_recovery (printed));
  parsed = cabinet_key_new_from_recovery (printed, &error);
  g_assert_no_error (error);
  g_assert_nonnull (parsed);
  hex = cabinet_key_to_hex (key);
  parsed_hex = cabinet_key_to_hex (parsed);
  g_assert_cmpstr (parsed_hex, ==, hex);
  g_object_unref (document);
}

/* Whatever the form the key comes in, the sheet prints the canonical groups. */
static void
test_key_as_typed (void)
{
  g_autofree char *recovery = new_recovery (NULL);
  g_autofree char *typed = g_ascii_strdown (recovery, -1);
  g_autofree char *spaced = g_strdelimit (g_strdup (recovery), "-", ' ');
  g_autoptr(GDateTime) date = sheet_date ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  PopplerDocument *document;
  g_autofree char *text = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *author = NULL;

  g_strdelimit (typed, "-", ' ');
  pdf = cabinet_recovery_sheet_render (typed, PATH, NULL, date, &error);
  g_assert_no_error (error);
  document = cabinet_test_open_pdf (pdf);
  text = cabinet_test_pdf_text (document);
  printed = printed_key (text);
  g_assert_cmpstr (printed, ==, spaced);
  /* No name: no "Practice of" line, and no author. */
  g_assert_null (strstr (text, "Practice of"));
  author = poppler_document_get_author (document);
  g_assert_true (author == NULL || *author == '\0');
  g_object_unref (document);
}

/* A mistyped key makes no sheet, and the message does not quote it. */
static void
test_invalid_key (void)
{
  g_autofree char *recovery = new_recovery (NULL);
  g_autoptr(GDateTime) date = sheet_date ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *compact = NULL;

  /* One symbol changed: the checksum catches it. */
  recovery[0] = recovery[0] == '0' ? '1' : '0';
  compact = without_separators (recovery);
  g_ptr_array_add (secrets, g_strdup (compact));
  pdf = cabinet_recovery_sheet_render (recovery, PATH, NAME, date, &error);
  g_assert_null (pdf);
  g_assert_error (error, CABINET_KEY_ERROR, CABINET_KEY_ERROR_INVALID_RECOVERY);
  g_assert_null (strstr (error->message, compact));
  g_assert_null (strstr (error->message, recovery));
  g_clear_error (&error);

  pdf = cabinet_recovery_sheet_render ("", PATH, NAME, date, &error);
  g_assert_null (pdf);
  g_assert_error (error, CABINET_KEY_ERROR, CABINET_KEY_ERROR_INVALID_RECOVERY);
}

/* A long name and a long path wrap: one page still, every character on it. */
static void
check_long_fields (CabinetPaper paper)
{
  const char *name = "Marie-Hélène de La Tour-d’Auvergne-Lauraguais-Montmorency-Laval-Bourbon-Busset "
                     "épouse Marchand-Œstrup-Vandenbroucke-Schwarzenberg-Liechtenstein";
  g_autofree char *path = g_strconcat ("/home/marie-helene-de-la-tour-dauvergne-lauraguais/",
                                       "Documents/Cabinet de psychologie clinique et psychothérapie/",
                                       "Sauvegardes-chiffrées-2025-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                                       "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/",
                                       "base-de-données-du-cabinet-principal-version-définitive.db", NULL);
  g_autofree char *recovery = new_recovery (NULL);
  g_autoptr(GDateTime) date = sheet_date ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  PopplerDocument *document;
  PopplerPage *page;
  g_autofree char *text = NULL;
  g_autofree char *compact_text = NULL;
  g_autofree char *compact_path = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *spaced = g_strdelimit (g_strdup (recovery), "-", ' ');
  double width, height;

  pdf = cabinet_recovery_sheet_render_on_paper (paper, recovery, path, name, date, &error);
  g_assert_no_error (error);
  document = cabinet_test_open_pdf (pdf);
  g_assert_cmpint (poppler_document_get_n_pages (document), ==, 1);

  page = poppler_document_get_page (document, 0);
  poppler_page_get_size (page, &width, &height);
  if (paper == CABINET_PAPER_LETTER)
    g_assert_cmpfloat_with_epsilon (width, 612, 0.5);
  else
    g_assert_cmpfloat_with_epsilon (width, 595.3, 0.5);
  cabinet_test_assert_inside_pages (document, 20);
  g_object_unref (page);

  /* Cut across lines, nothing was lost: the whole path, the name's end, the key. */
  text = cabinet_test_pdf_text (document);
  compact_text = without_separators (text);
  compact_path = without_separators (path);
  assert_has (compact_text, compact_path);
  assert_has (text, "Liechtenstein");
  printed = printed_key (text);
  g_assert_cmpstr (printed, ==, spaced);
  g_object_unref (document);
}

static void
test_long_fields_a4 (void)
{
  check_long_fields (CABINET_PAPER_A4);
}

static void
test_long_fields_letter (void)
{
  check_long_fields (CABINET_PAPER_LETTER);
}

/* Nothing logged while rendering ever held a key. */
static void
test_no_key_in_logs (void)
{
  g_assert_cmpuint (leaks, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  int status;

  secrets = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (log_writer, NULL, NULL);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_test_init (&argc, &argv, NULL);
  test_log_handler = g_log_set_default_handler (log_handler, NULL);

  g_test_add_func ("/recovery-sheet/contents", test_contents);
  g_test_add_func ("/recovery-sheet/key-as-typed", test_key_as_typed);
  g_test_add_func ("/recovery-sheet/invalid-key", test_invalid_key);
  g_test_add_func ("/recovery-sheet/long-fields-a4", test_long_fields_a4);
  g_test_add_func ("/recovery-sheet/long-fields-letter", test_long_fields_letter);
  g_test_add_func ("/recovery-sheet/no-key-in-logs", test_no_key_in_logs);

  status = g_test_run ();
  g_ptr_array_unref (secrets);
  return status;
}
