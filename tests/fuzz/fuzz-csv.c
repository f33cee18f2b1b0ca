/* fuzz-csv.c — spreadsheets saved as CSV (cabinet_csv_parse()), and the fields
 * Cabinet writes back (cabinet_csv_append_field()) read again as they were
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cabinet-csv.h"
#include "fuzz-common.h"

/* What cabinet_csv_append_field() writes for @field: the field itself, or with
 * the apostrophe that keeps a spreadsheet from running it as a formula. */
static gboolean
reads_back (const char *written,
            const char *field)
{
  if (g_str_equal (written, field))
    return TRUE;
  return written[0] == '\'' && strchr ("=+-@", field[0]) != NULL && g_str_equal (written + 1, field);
}

/* Every row written out with the separator it was read with, and read again.
 * A first line of two separators pins the separator: the one guessed from the
 * first row could be another, as quoting changes it (a comma in a file of
 * semicolons is written without quotes). */
static void
check_round_trip (CabinetCsv *csv)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(CabinetCsv) again = NULL;
  g_autoptr(GError) error = NULL;
  char separator = cabinet_csv_get_separator (csv);
  guint n_rows = cabinet_csv_get_n_rows (csv);

  g_string_append_printf (out, "x%cx%cx\n", separator, separator);
  for (guint row = 0; row < n_rows; row++)
    {
      const char * const *fields = cabinet_csv_get_row (csv, row);

      for (guint i = 0; fields[i]; i++)
        {
          if (i > 0)
            g_string_append_c (out, separator);
          cabinet_csv_append_field (out, fields[i], separator);
        }
      g_string_append_c (out, '\n');
    }

  again = cabinet_csv_parse (out->str, out->len, &error);
  if (again == NULL)
    {
      /* An apostrophe can take a field over the limit, the extra line the rows,
       * and quotes removed can make stray control characters weigh more.
       * Nothing else may fail. */
      fuzz_assert (g_error_matches (error, CABINET_CSV_ERROR, CABINET_CSV_ERROR_FIELD_TOO_LONG)
                   || g_error_matches (error, CABINET_CSV_ERROR, CABINET_CSV_ERROR_TOO_MANY_ROWS)
                   || g_error_matches (error, CABINET_CSV_ERROR, CABINET_CSV_ERROR_NOT_TEXT));
      return;
    }

  fuzz_assert (cabinet_csv_get_separator (again) == separator);
  fuzz_assert (g_str_equal (cabinet_csv_get_encoding (again), "UTF-8"));
  fuzz_assert (cabinet_csv_get_n_rows (again) == n_rows + 1);
  for (guint row = 0; row < n_rows; row++)
    {
      guint n_fields = cabinet_csv_get_n_fields (csv, row);

      fuzz_assert (cabinet_csv_get_n_fields (again, row + 1) == n_fields);
      for (guint i = 0; i < n_fields; i++)
        fuzz_assert (reads_back (cabinet_csv_get_field (again, row + 1, i),
                                 cabinet_csv_get_field (csv, row, i)));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(CabinetCsv) csv = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = g_memdup2 (data, size);
  const char *encoding;
  char separator;
  guint n_rows;
  guint last_line = 0;

  fuzz_init ();

  csv = cabinet_csv_parse (copy, size, &error);
  if (csv == NULL)
    {
      fuzz_assert (error != NULL && error->domain == CABINET_CSV_ERROR);
      fuzz_assert (fuzz_is_text (error->message));
      return 0;
    }
  fuzz_assert (error == NULL);

  encoding = cabinet_csv_get_encoding (csv);
  fuzz_assert (g_str_equal (encoding, "UTF-8") || g_str_equal (encoding, "UTF-16")
               || g_str_equal (encoding, "WINDOWS-1252"));
  separator = cabinet_csv_get_separator (csv);
  fuzz_assert (separator == ',' || separator == ';' || separator == '\t');

  n_rows = cabinet_csv_get_n_rows (csv);
  fuzz_assert (n_rows > 0 && n_rows <= CABINET_CSV_MAX_ROWS);
  for (guint row = 0; row < n_rows; row++)
    {
      const char * const *fields = cabinet_csv_get_row (csv, row);
      guint n_fields = cabinet_csv_get_n_fields (csv, row);
      guint line = cabinet_csv_get_line (csv, row);

      fuzz_assert (n_fields >= 1 && n_fields <= CABINET_CSV_MAX_COLUMNS);
      fuzz_assert (g_strv_length ((char **) fields) == n_fields);
      fuzz_assert (cabinet_csv_get_field (csv, row, n_fields) == NULL);
      fuzz_assert (line > last_line);
      last_line = line;
      for (guint i = 0; i < n_fields; i++)
        {
          fuzz_assert (cabinet_csv_get_field (csv, row, i) == fields[i]);
          fuzz_assert (g_utf8_validate (fields[i], -1, NULL));
          fuzz_assert (g_utf8_strlen (fields[i], -1) <= CABINET_CSV_MAX_FIELD_CHARS);
        }
    }

  check_round_trip (csv);
  return 0;
}
