/* cabinet-csv.c — spreadsheets saved as CSV, read into rows of fields, whatever
 * separator, encoding and line ends the spreadsheet chose
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cabinet-csv.h"

G_DEFINE_QUARK (cabinet-csv-error-quark, cabinet_csv_error)

typedef struct {
  guint   line;
  guint   n_fields;
  char  **fields;
} Row;

struct _CabinetCsv
{
  GArray     *rows;       /* of Row */
  char        separator;
  const char *encoding;
};

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_strfreev (row->fields);
}

void
cabinet_csv_free (CabinetCsv *csv)
{
  if (csv == NULL)
    return;
  g_array_unref (csv->rows);
  g_free (csv);
}

static void
set_not_text (GError **error)
{
  g_set_error_literal (error, CABINET_CSV_ERROR, CABINET_CSV_ERROR_NOT_TEXT,
                       _("This file is not a text spreadsheet (CSV). In your spreadsheet, "
                         "choose “Save As” and the “CSV” format, then import that file."));
}

/* Binary files that happen to decode still show it by their control characters;
 * a stray one in a real spreadsheet is tolerated (and dropped from the field later). */
static gboolean
looks_like_text (const char *text,
                 gsize       length)
{
  gsize controls = 0;

  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) text[i];

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f)
        controls++;
    }
  return controls <= 1 + length / 100;
}

/* Returns the text as UTF-8, without BOM or NUL, and its length. */
static char *
decode (const char   *data,
        gsize         length,
        gsize        *out_length,
        const char  **encoding,
        GError      **error)
{
  g_autofree char *text = NULL;
  gsize text_length = 0;
  gsize start = 0;
  const guchar *u = (const guchar *) data;

  if (length >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff)))
    {
      /* Excel's "Unicode text": the only text with NUL bytes worth reading. */
      text = g_convert (data, length, "UTF-8", "UTF-16", NULL, &text_length, NULL);
      if (text == NULL || memchr (text, '\0', text_length) != NULL)
        {
          set_not_text (error);
          return NULL;
        }
      *encoding = "UTF-16";
    }
  else if (memchr (data, '\0', length) != NULL)
    {
      set_not_text (error);
      return NULL;
    }
  else if (g_utf8_validate_len (data, length, NULL))
    {
      text = g_strndup (data, length);
      text_length = length;
      *encoding = "UTF-8";
    }
  else
    {
      /* Excel in France saves "CSV (separator: semicolon)" in Windows-1252. Bytes
       * that code page leaves undefined make the conversion fail, as they should. */
      text = g_convert (data, length, "UTF-8", "WINDOWS-1252", NULL, &text_length, NULL);
      if (text == NULL || memchr (text, '\0', text_length) != NULL)
        {
          set_not_text (error);
          return NULL;
        }
      *encoding = "WINDOWS-1252";
    }

  if (text_length >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    start = 3;
  /* The end-of-file mark of old DOS programs. */
  while (text_length > start && text[text_length - 1] == 0x1a)
    text_length--;

  if (!looks_like_text (text + start, text_length - start))
    {
      set_not_text (error);
      return NULL;
    }

  *out_length = text_length - start;
  if (start == 0)
    {
      text[text_length] = '\0';
      return g_steal_pointer (&text);
    }
  return g_strndup (text + start, text_length - start);
}

/* The separator is the one of ';', tab and ',' most used on the first line with
 * something on it, outside quotes; a file with a single column has none, ','
 * then. */
static char
detect_separator (const char *text,
                  gsize       length)
{
  gsize pos = 0;

  while (pos < length)
    {
      gboolean quoted = FALSE;
      gboolean content = FALSE;
      guint commas = 0, semicolons = 0, tabs = 0;

      for (; pos < length; pos++)
        {
          char c = text[pos];

          if (c == '"')
            quoted = !quoted;
          else if (quoted)
            ;
          else if (c == '\n' || c == '\r')
            break;
          else if (c == ',')
            commas++;
          else if (c == ';')
            semicolons++;
          else if (c == '\t')
            tabs++;
          if (!g_ascii_isspace (c))
            content = TRUE;
        }
      pos++;
      if (!content)
        continue;

      if (semicolons >= commas && semicolons >= tabs && semicolons > 0)
        return ';';
      if (tabs >= commas && tabs > 0)
        return '\t';
      return ',';
    }
  return ',';
}

static gboolean
is_blank (GPtrArray *fields)
{
  for (guint i = 0; i < fields->len; i++)
    for (const char *p = g_ptr_array_index (fields, i); *p; p++)
      if (!g_ascii_isspace (*p))
        return FALSE;
  return TRUE;
}

/* Appends a byte to a field, counting characters (not UTF-8 continuation bytes). */
static gboolean
field_append (GString *field,
              guint   *chars,
              char     c)
{
  g_string_append_c (field, c);
  if (((guchar) c & 0xc0) != 0x80)
    (*chars)++;
  return *chars <= CABINET_CSV_MAX_FIELD_CHARS;
}

/* Reads one field at *pos, quoted or not, leaving *pos on what ends it: a
 * separator, a line end, or the end of the text. */
static char *
read_field (const char  *text,
            gsize        length,
            char         sep,
            gsize       *pos,
            guint       *line,
            guint        record_line,
            GError     **error)
{
  g_autoptr(GString) field = g_string_new (NULL);
  guint chars = 0;

  if (*pos < length && text[*pos] == '"')
    {
      guint quote_line = *line;

      for ((*pos)++;; (*pos)++)
        {
          char c;

          if (*pos >= length)
            {
              g_set_error (error, CABINET_CSV_ERROR, CABINET_CSV_ERROR_UNCLOSED_QUOTE,
                           /* Translators: %u is a line number. */
                           _("A quotation mark opened on line %u is never closed, so the rest of the file cannot be read. "
                             "Check that line in your spreadsheet."),
                           quote_line);
              return NULL;
            }
          c = text[*pos];
          if (c == '"')
            {
              /* A doubled quote is a quote; a single one closes the field. */
              if (*pos + 1 >= length || text[*pos + 1] != '"')
                {
                  (*pos)++;
                  break;
                }
              (*pos)++;
            }
          /* Line ends inside a cell become '\n', whatever the file used. */
          else if (c == '\r')
            {
              if (*pos + 1 < length && text[*pos + 1] == '\n')
                (*pos)++;
              c = '\n';
            }
          if (c == '\n')
            (*line)++;
          if (!field_append (field, &chars, c))
            goto too_long;
        }
    }

  /* Unquoted text, or what follows a closing quote ("a"b reads as ab, as
   * spreadsheets read it): up to the separator or the end of the line. */
  for (; *pos < length && text[*pos] != sep && text[*pos] != '\n' && text[*pos] != '\r'; (*pos)++)
    if (!field_append (field, &chars, text[*pos]))
      goto too_long;

  return g_string_free (g_steal_pointer (&field), FALSE);

too_long:
  g_set_error (error, CABINET_CSV_ERROR, CABINET_CSV_ERROR_FIELD_TOO_LONG,
               /* Translators: %u are a line number and a number of characters. */
               _("Line %u has a cell longer than %u characters. Shorten it in your spreadsheet, then import the file again."),
               record_line, CABINET_CSV_MAX_FIELD_CHARS);
  return NULL;
}

static gboolean
parse (CabinetCsv  *csv,
       const char  *text,
       gsize        length,
       GError     **error)
{
  gsize pos = 0;
  guint line = 1;

  while (pos < length)
    {
      g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
      guint record_line = line;
      gboolean end_of_record = FALSE;
      Row row;

      while (!end_of_record)
        {
          char *field = read_field (text, length, csv->separator, &pos, &line, record_line, error);

          if (field == NULL)
            return FALSE;
          g_ptr_array_add (fields, field);
          if (fields->len > CABINET_CSV_MAX_COLUMNS)
            {
              g_set_error (error, CABINET_CSV_ERROR, CABINET_CSV_ERROR_TOO_MANY_COLUMNS,
                           /* Translators: %u are a line number and a number of columns. */
                           _("Line %u has more than %u columns. Check that this file is a list of clients."),
                           record_line, CABINET_CSV_MAX_COLUMNS);
              return FALSE;
            }

          if (pos >= length)
            end_of_record = TRUE;
          else if (text[pos] == csv->separator)
            pos++;
          else
            {
              if (text[pos] == '\r' && pos + 1 < length && text[pos + 1] == '\n')
                pos++;
              pos++;
              line++;
              end_of_record = TRUE;
            }
        }

      if (is_blank (fields))
        continue;
      if (csv->rows->len >= CABINET_CSV_MAX_ROWS)
        {
          g_set_error (error, CABINET_CSV_ERROR, CABINET_CSV_ERROR_TOO_MANY_ROWS,
                       /* Translators: %u is a number of rows. */
                       _("This file has more than %u rows. Split it into smaller files and import them one after the other."),
                       CABINET_CSV_MAX_ROWS);
          return FALSE;
        }

      row.line = record_line;
      row.n_fields = fields->len;
      g_ptr_array_add (fields, NULL);
      row.fields = (char **) g_ptr_array_free (g_steal_pointer (&fields), FALSE);
      g_array_append_val (csv->rows, row);
    }

  if (csv->rows->len == 0)
    {
      g_set_error_literal (error, CABINET_CSV_ERROR, CABINET_CSV_ERROR_EMPTY,
                           _("This file is empty."));
      return FALSE;
    }
  return TRUE;
}

CabinetCsv *
cabinet_csv_parse (const char  *data,
                   gsize        length,
                   GError     **error)
{
  g_autoptr(CabinetCsv) csv = NULL;
  g_autofree char *text = NULL;
  gsize text_length = 0;
  const char *encoding = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length == 0)
    {
      g_set_error_literal (error, CABINET_CSV_ERROR, CABINET_CSV_ERROR_EMPTY,
                           _("This file is empty."));
      return NULL;
    }

  text = decode (data, length, &text_length, &encoding, error);
  if (text == NULL)
    return NULL;

  csv = g_new0 (CabinetCsv, 1);
  csv->rows = g_array_new (FALSE, FALSE, sizeof (Row));
  g_array_set_clear_func (csv->rows, row_clear);
  csv->encoding = encoding;
  csv->separator = detect_separator (text, text_length);

  if (!parse (csv, text, text_length, error))
    return NULL;
  return g_steal_pointer (&csv);
}

guint
cabinet_csv_get_n_rows (CabinetCsv *csv)
{
  g_return_val_if_fail (csv != NULL, 0);
  return csv->rows->len;
}

const char * const *
cabinet_csv_get_row (CabinetCsv *csv,
                     guint       row)
{
  g_return_val_if_fail (csv != NULL, NULL);
  g_return_val_if_fail (row < csv->rows->len, NULL);
  return (const char * const *) g_array_index (csv->rows, Row, row).fields;
}

guint
cabinet_csv_get_n_fields (CabinetCsv *csv,
                          guint       row)
{
  g_return_val_if_fail (csv != NULL, 0);
  g_return_val_if_fail (row < csv->rows->len, 0);
  return g_array_index (csv->rows, Row, row).n_fields;
}

const char *
cabinet_csv_get_field (CabinetCsv *csv,
                       guint       row,
                       guint       column)
{
  Row *r;

  g_return_val_if_fail (csv != NULL, NULL);
  g_return_val_if_fail (row < csv->rows->len, NULL);

  r = &g_array_index (csv->rows, Row, row);
  return column < r->n_fields ? r->fields[column] : NULL;
}

guint
cabinet_csv_get_line (CabinetCsv *csv,
                      guint       row)
{
  g_return_val_if_fail (csv != NULL, 0);
  g_return_val_if_fail (row < csv->rows->len, 0);
  return g_array_index (csv->rows, Row, row).line;
}

char
cabinet_csv_get_separator (CabinetCsv *csv)
{
  g_return_val_if_fail (csv != NULL, ',');
  return csv->separator;
}

const char *
cabinet_csv_get_encoding (CabinetCsv *csv)
{
  g_return_val_if_fail (csv != NULL, NULL);
  return csv->encoding;
}

/* "-60,00", "+33 6 12 34 56 78": a sign then digits is a number, not a formula. */
static gboolean
is_number (const char *text)
{
  const char *p = text;

  if (*p == '-' || *p == '+')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  for (; *p; p++)
    if (!g_ascii_isdigit (*p) && !strchr (" .,", *p))
      return FALSE;
  return TRUE;
}

void
cabinet_csv_append_field (GString    *out,
                          const char *text,
                          char        separator)
{
  gboolean formula, quote;
  gsize length;

  g_return_if_fail (out != NULL);

  if (text == NULL)
    text = "";
  length = strlen (text);
  formula = text[0] != '\0' && strchr ("=+-@", text[0]) != NULL && !is_number (text);
  quote = strchr (text, separator) || strchr (text, '"') || strchr (text, '\n') || strchr (text, '\r')
          || (length > 0 && (g_ascii_isspace (text[0]) || g_ascii_isspace (text[length - 1])));
  if (quote || formula)
    g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  if (quote || formula)
    g_string_append_c (out, '"');
}
