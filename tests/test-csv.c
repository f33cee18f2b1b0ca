/* test-csv.c — spreadsheets as Excel and LibreOffice save them, broken ones with
 * the line to look at, and thousands of mangled files that must not crash
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cabinet-client-import.h"
#include "cabinet-csv.h"

static CabinetCsv *
parse_ok (const char *text,
          gssize      length)
{
  g_autoptr(GError) error = NULL;
  CabinetCsv *csv = cabinet_csv_parse (text, length < 0 ? strlen (text) : (gsize) length, &error);

  g_assert_no_error (error);
  g_assert_nonnull (csv);
  return csv;
}

static void
assert_row (CabinetCsv         *csv,
            guint               row,
            guint               line,
            const char * const *fields)
{
  const char * const *got = cabinet_csv_get_row (csv, row);

  g_assert_cmpuint (cabinet_csv_get_line (csv, row), ==, line);
  g_assert_cmpuint (cabinet_csv_get_n_fields (csv, row), ==, g_strv_length ((char **) fields));
  for (guint i = 0; fields[i]; i++)
    g_assert_cmpstr (got[i], ==, fields[i]);
  g_assert_null (got[g_strv_length ((char **) fields)]);
}

#define ROW(...) ((const char * const []) { __VA_ARGS__, NULL })

static void
test_separators (void)
{
  g_autoptr(CabinetCsv) comma = parse_ok ("Nom,Prénom\nMartin,Hélène\n", -1);
  g_autoptr(CabinetCsv) semicolon = parse_ok ("Nom;Prénom;Remarque\nMartin;Hélène;1,5 séance\n", -1);
  g_autoptr(CabinetCsv) tab = parse_ok ("Nom\tPrénom\nMartin\tHélène, dite Léna\n", -1);
  /* A comma inside a quoted header does not vote. */
  g_autoptr(CabinetCsv) quoted = parse_ok ("\"Nom, prénom\";Ville\n\"Martin, Hélène\";Paris\n", -1);
  g_autoptr(CabinetCsv) single = parse_ok ("Nom\nMartin\n", -1);

  g_assert_cmpint (cabinet_csv_get_separator (comma), ==, ',');
  assert_row (comma, 1, 2, ROW ("Martin", "Hélène"));
  g_assert_cmpint (cabinet_csv_get_separator (semicolon), ==, ';');
  assert_row (semicolon, 1, 2, ROW ("Martin", "Hélène", "1,5 séance"));
  g_assert_cmpint (cabinet_csv_get_separator (tab), ==, '\t');
  assert_row (tab, 1, 2, ROW ("Martin", "Hélène, dite Léna"));
  g_assert_cmpint (cabinet_csv_get_separator (quoted), ==, ';');
  assert_row (quoted, 0, 1, ROW ("Nom, prénom", "Ville"));
  assert_row (quoted, 1, 2, ROW ("Martin, Hélène", "Paris"));
  assert_row (single, 1, 2, ROW ("Martin"));
  g_assert_cmpstr (cabinet_csv_get_field (single, 1, 0), ==, "Martin");
  g_assert_null (cabinet_csv_get_field (single, 1, 1));
}

static void
test_line_ends_and_blank_lines (void)
{
  g_autoptr(CabinetCsv) crlf = parse_ok ("a;b\r\n1;2\r\n\r\n3;4\r\n", -1);
  g_autoptr(CabinetCsv) cr = parse_ok ("a;b\r1;2\r\r3;4", -1);
  g_autoptr(CabinetCsv) blanks = parse_ok ("\n\na,b\n \n,\n;\n1,2\n\n", -1);

  g_assert_cmpuint (cabinet_csv_get_n_rows (crlf), ==, 3);
  assert_row (crlf, 1, 2, ROW ("1", "2"));
  assert_row (crlf, 2, 4, ROW ("3", "4"));
  g_assert_cmpuint (cabinet_csv_get_n_rows (cr), ==, 3);
  assert_row (cr, 2, 4, ROW ("3", "4"));
  /* Blank lines, and lines of separators only, are skipped; line numbers still
   * count them, as an editor does. */
  g_assert_cmpuint (cabinet_csv_get_n_rows (blanks), ==, 3);
  assert_row (blanks, 0, 3, ROW ("a", "b"));
  assert_row (blanks, 1, 6, ROW (";"));
  assert_row (blanks, 2, 7, ROW ("1", "2"));
}

static void
test_quotes (void)
{
  g_autoptr(CabinetCsv) csv =
    parse_ok ("Nom;Adresse;Remarque\r\n"
              "Martin;\"12 rue des Lilas; bât. B\r\n3e étage\";\"Dit \"\"bonjour\"\"\"\r\n"
              "\"\";\"\"\"\";\"a\"b\r\n"
              "Durand;x\"y;\"\r\n\"\r\n", -1);

  g_assert_cmpuint (cabinet_csv_get_n_rows (csv), ==, 4);
  /* Line ends inside a cell become '\n'; the next row starts two lines down. */
  assert_row (csv, 1, 2, ROW ("Martin", "12 rue des Lilas; bât. B\n3e étage", "Dit \"bonjour\""));
  assert_row (csv, 2, 4, ROW ("", "\"", "ab"));
  assert_row (csv, 3, 5, ROW ("Durand", "x\"y", "\n"));
}

static void
test_encodings (void)
{
  /* The same line in UTF-8 with BOM, Windows-1252 (Excel in France), UTF-16. */
  const char bom[] = "\xef\xbb\xbfNom;Ville\nM\xc3\xbcller;Besan\xc3\xa7on \xe2\x82\xac\n";
  const char cp1252[] = "Nom;Ville\r\nM\xfcller;Besan\xe7on \x80\r\n";
  const char utf16[] = "\xff\xfeN\0o\0m\0;\0V\0i\0l\0l\0e\0\n\0M\0\xfc\0l\0l\0e\0r\0;\0B\0e\0s\0a\0n\0\xe7\0o\0n\0 \0\xac\x20\n\0";
  g_autoptr(CabinetCsv) a = parse_ok (bom, sizeof bom - 1);
  g_autoptr(CabinetCsv) b = parse_ok (cp1252, sizeof cp1252 - 1);
  g_autoptr(CabinetCsv) c = parse_ok (utf16, sizeof utf16 - 1);

  assert_row (a, 0, 1, ROW ("Nom", "Ville"));
  assert_row (a, 1, 2, ROW ("Müller", "Besançon €"));
  g_assert_cmpstr (cabinet_csv_get_encoding (a), ==, "UTF-8");
  assert_row (b, 0, 1, ROW ("Nom", "Ville"));
  assert_row (b, 1, 2, ROW ("Müller", "Besançon €"));
  g_assert_cmpstr (cabinet_csv_get_encoding (b), ==, "WINDOWS-1252");
  assert_row (c, 0, 1, ROW ("Nom", "Ville"));
  assert_row (c, 1, 2, ROW ("Müller", "Besançon €"));
  g_assert_cmpstr (cabinet_csv_get_encoding (c), ==, "UTF-16");
}

/* @length -1: up to the NUL. */
static void
assert_parse_error (const char *data,
                    gssize      length,
                    int         code,
                    const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetCsv) csv = cabinet_csv_parse (data, length < 0 ? strlen (data) : (gsize) length, &error);

  g_assert_null (csv);
  g_assert_error (error, CABINET_CSV_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_not_text (void)
{
  const char *not_text = "This file is not a text spreadsheet (CSV). In your spreadsheet, "
                         "choose “Save As” and the “CSV” format, then import that file.";
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);
  guchar junk[1024];

  assert_parse_error ("", 0, CABINET_CSV_ERROR_EMPTY, "This file is empty.");
  assert_parse_error ("\n\r\n  \n;;\n", -1, CABINET_CSV_ERROR_EMPTY, "This file is empty.");
  assert_parse_error ("Nom;Ville\nMartin\0;Paris\n", 24, CABINET_CSV_ERROR_NOT_TEXT, not_text);
  /* Bytes Windows-1252 leaves undefined. */
  assert_parse_error ("Nom;Ville\n\x81\x8d\x8f;Paris\n", -1, CABINET_CSV_ERROR_NOT_TEXT, not_text);
  /* Binary without NUL shows it by its control characters. */
  assert_parse_error ("\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f;a\n", -1, CABINET_CSV_ERROR_NOT_TEXT, not_text);
  /* A PNG image, a ZIP (an .xlsx is one). */
  assert_parse_error ("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, CABINET_CSV_ERROR_NOT_TEXT, not_text);
  assert_parse_error ("PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0", 14, CABINET_CSV_ERROR_NOT_TEXT, not_text);

  for (guint i = 0; i < 50; i++)
    {
      for (guint j = 0; j < sizeof junk; j++)
        junk[j] = g_rand_int_range (rand, 0, 256);
      junk[g_rand_int_range (rand, 0, sizeof junk)] = 0;
      assert_parse_error ((const char *) junk, sizeof junk, CABINET_CSV_ERROR_NOT_TEXT, not_text);
    }
}

static void
test_unclosed_quote (void)
{
  assert_parse_error ("Nom;Remarque\nMartin;\"ok\"\nDurand;\"jamais\nfermé\n", -1,
                      CABINET_CSV_ERROR_UNCLOSED_QUOTE,
                      "A quotation mark opened on line 3 is never closed, so the rest of the file cannot be read. "
                      "Check that line in your spreadsheet.");
  assert_parse_error ("\"", 1, CABINET_CSV_ERROR_UNCLOSED_QUOTE,
                      "A quotation mark opened on line 1 is never closed, so the rest of the file cannot be read. "
                      "Check that line in your spreadsheet.");
  /* A doubled quote at the very end is an escaped quote, not a closing one. */
  assert_parse_error ("a\r\n\r\n\"x\"\"", 9, CABINET_CSV_ERROR_UNCLOSED_QUOTE,
                      "A quotation mark opened on line 3 is never closed, so the rest of the file cannot be read. "
                      "Check that line in your spreadsheet.");
}

static void
test_limits (void)
{
  g_autoptr(GString) wide = g_string_new ("a");
  g_autoptr(GString) long_field = g_string_new ("Nom\n\"");
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autoptr(CabinetCsv) at_limit = NULL;
  g_autoptr(CabinetCsv) many = NULL;
  g_autoptr(GString) accents = g_string_new ("Nom\n");

  for (guint i = 1; i < CABINET_CSV_MAX_COLUMNS; i++)
    g_string_append (wide, ",a");
  at_limit = parse_ok (wide->str, wide->len);
  g_assert_cmpuint (cabinet_csv_get_n_fields (at_limit, 0), ==, CABINET_CSV_MAX_COLUMNS);
  g_string_prepend (wide, "Nom\n");
  g_string_append (wide, ",a");
  assert_parse_error (wide->str, wide->len, CABINET_CSV_ERROR_TOO_MANY_COLUMNS,
                      "Line 2 has more than 100 columns. Check that this file is a list of clients.");

  /* Characters, not bytes: 10,000 "é" are 20,000 bytes and fit. */
  for (guint i = 0; i < CABINET_CSV_MAX_FIELD_CHARS; i++)
    g_string_append (accents, "é");
  g_clear_pointer (&at_limit, cabinet_csv_free);
  at_limit = parse_ok (accents->str, accents->len);
  g_assert_cmpuint (g_utf8_strlen (cabinet_csv_get_field (at_limit, 1, 0), -1), ==, CABINET_CSV_MAX_FIELD_CHARS);
  g_string_append (accents, "é");
  assert_parse_error (accents->str, accents->len, CABINET_CSV_ERROR_FIELD_TOO_LONG,
                      "Line 2 has a cell longer than 10000 characters. Shorten it in your spreadsheet, then import the file again.");
  for (guint i = 0; i <= CABINET_CSV_MAX_FIELD_CHARS; i++)
    g_string_append_c (long_field, i % 100 == 0 ? '\n' : 'x');
  g_string_append (long_field, "\"\n");
  assert_parse_error (long_field->str, long_field->len, CABINET_CSV_ERROR_FIELD_TOO_LONG,
                      "Line 2 has a cell longer than 10000 characters. Shorten it in your spreadsheet, then import the file again.");

  for (guint i = 0; i < CABINET_CSV_MAX_ROWS; i++)
    g_string_append (rows, "a;b\n");
  many = parse_ok (rows->str, rows->len);
  g_assert_cmpuint (cabinet_csv_get_n_rows (many), ==, CABINET_CSV_MAX_ROWS);
  g_assert_cmpuint (cabinet_csv_get_line (many, CABINET_CSV_MAX_ROWS - 1), ==, CABINET_CSV_MAX_ROWS);
  g_string_append (rows, "a;b\n");
  assert_parse_error (rows->str, rows->len, CABINET_CSV_ERROR_TOO_MANY_ROWS,
                      "This file has more than 50000 rows. Split it into smaller files and import them one after the other.");
}

static char *
data_path (const char *name)
{
  const char *dir = g_getenv ("CABINET_TEST_DATA");

  g_assert_nonnull (dir);
  return g_build_filename (dir, "csv", name, NULL);
}

/* Every sample spreadsheet kept for the tests parses, or fails, as expected. */
static void
test_sample_files (void)
{
  static const struct {
    const char *name;
    guint       rows;    /* 0: an error */
    char        separator;
  } samples[] = {
    { "en-comma.csv", 4, ',' },
    { "fr-utf8-bom.csv", 4, ';' },
    { "fr-excel-1252.csv", 3, ';' },
    { "problems.csv", 13, ',' },
    { "all-invalid.csv", 3, ';' },
    { "header-only.csv", 1, ';' },
    { "no-name-column.csv", 2, ';' },
    { "truncated-quote.csv", 0, 0 },
    { "empty.csv", 0, 0 },
    { "binary.csv", 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *path = data_path (samples[i].name);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(CabinetCsv) csv = NULL;
      gsize length;

      g_test_message ("%s", samples[i].name);
      g_assert_true (g_file_get_contents (path, &contents, &length, &error));
      csv = cabinet_csv_parse (contents, length, &error);
      if (samples[i].rows == 0)
        {
          g_assert_null (csv);
          g_assert_nonnull (error);
          continue;
        }
      g_assert_no_error (error);
      g_assert_cmpuint (cabinet_csv_get_n_rows (csv), ==, samples[i].rows);
      g_assert_cmpint (cabinet_csv_get_separator (csv), ==, samples[i].separator);
    }
}

/* Mangled spreadsheets: bytes flipped, quotes, separators and line ends thrown
 * in, cut anywhere. The parser and the import must answer, never crash or read
 * outside the buffer (run under ASan to see the latter). */
static void
test_mangled_inputs (void)
{
  static const char *seeds[] = {
    "Prénom;Nom;Date de naissance;Courriel;Tarif\r\nHélène;Martin;15/03/1985;h@exemple.fr;60,00\r\n",
    "First name,Last name,Note\n\"Paul\",\"O\"\"Neil\",\"a, b\nc\"\n,,\n",
    "\xef\xbb\xbfNom\tPrénom\nA\tB\n",
    "Nom;Ville\r\nM\xfcller;Besan\xe7on\r\n",
    "\"\"\"\";;\"\n\"\r\r\n",
  };
  static const char specials[] = { '"', ';', ',', '\t', '\n', '\r', '\0', '\xff', '\xc3', '\x80', ' ' };
  g_autoptr(GRand) rand = g_rand_new_with_seed (1122);
  guint parsed = 0;

  for (guint i = 0; i < 2000; i++)
    {
      const char *seed = seeds[i % G_N_ELEMENTS (seeds)];
      g_autoptr(GByteArray) bytes = g_byte_array_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(CabinetCsv) csv = NULL;
      guint mutations = g_rand_int_range (rand, 1, 12);
      guchar *exact;

      g_byte_array_append (bytes, (const guint8 *) seed, strlen (seed));
      for (guint m = 0; m < mutations; m++)
        {
          guint pos = bytes->len ? g_rand_int_range (rand, 0, bytes->len) : 0;

          switch (g_rand_int_range (rand, 0, 5))
            {
            case 0: /* flip a byte */
              if (bytes->len)
                bytes->data[pos] = g_rand_int_range (rand, 0, 256);
              break;
            case 1: /* insert a character that matters to the parser */
              {
                guint8 c = specials[g_rand_int_range (rand, 0, G_N_ELEMENTS (specials))];
                g_array_insert_vals ((GArray *) bytes, pos, &c, 1);
              }
              break;
            case 2: /* cut short */
              g_byte_array_set_size (bytes, pos);
              break;
            case 3: /* repeat a piece */
              if (bytes->len && bytes->len < 4096)
                {
                  guint n = g_rand_int_range (rand, 1, MIN (bytes->len - pos, 64) + 1);
                  g_autofree guint8 *piece = g_memdup2 (bytes->data + pos, n);
                  g_byte_array_append (bytes, piece, n);
                }
              break;
            default: /* drop a byte */
              if (bytes->len)
                g_byte_array_remove_index (bytes, pos);
            }
        }

      /* An exact-size copy, so that any read past the end is caught. */
      exact = g_memdup2 (bytes->data, MAX (bytes->len, 1));
      csv = cabinet_csv_parse ((const char *) exact, bytes->len, &error);
      if (csv == NULL)
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == CABINET_CSV_ERROR);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
        }
      else
        {
          g_autoptr(CabinetClientImport) import = NULL;
          g_autoptr(GError) import_error = NULL;

          g_assert_no_error (error);
          parsed++;
          for (guint r = 0; r < cabinet_csv_get_n_rows (csv); r++)
            {
              const char * const *fields = cabinet_csv_get_row (csv, r);

              g_assert_cmpuint (cabinet_csv_get_line (csv, r), >=, 1);
              for (guint f = 0; fields[f]; f++)
                g_assert_true (g_utf8_validate (fields[f], -1, NULL));
            }
          import = cabinet_client_import_new (csv, "EUR", "Europe/Paris", NULL, &import_error);
          g_assert_true ((import == NULL) != (import_error == NULL));
          if (import)
            g_assert_cmpuint (cabinet_client_import_get_n_valid (import) + cabinet_client_import_get_n_invalid (import),
                              ==, cabinet_csv_get_n_rows (csv) - 1);
        }
      g_free (exact);
    }
  /* The mangling leaves most inputs readable: the parser's paths were walked. */
  g_assert_cmpuint (parsed, >, 500);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/csv/separators", test_separators);
  g_test_add_func ("/csv/line-ends-and-blank-lines", test_line_ends_and_blank_lines);
  g_test_add_func ("/csv/quotes", test_quotes);
  g_test_add_func ("/csv/encodings", test_encodings);
  g_test_add_func ("/csv/not-text", test_not_text);
  g_test_add_func ("/csv/unclosed-quote", test_unclosed_quote);
  g_test_add_func ("/csv/limits", test_limits);
  g_test_add_func ("/csv/sample-files", test_sample_files);
  g_test_add_func ("/csv/mangled-inputs", test_mangled_inputs);
  return g_test_run ();
}
