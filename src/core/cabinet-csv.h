/* cabinet-csv.h — spreadsheets saved as CSV, read into rows of fields, whatever
 * separator, encoding and line ends the spreadsheet chose
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CABINET_CSV_ERROR (cabinet_csv_error_quark ())

typedef enum {
  CABINET_CSV_ERROR_NOT_TEXT,
  CABINET_CSV_ERROR_EMPTY,
  CABINET_CSV_ERROR_UNCLOSED_QUOTE,
  CABINET_CSV_ERROR_TOO_MANY_ROWS,
  CABINET_CSV_ERROR_TOO_MANY_COLUMNS,
  CABINET_CSV_ERROR_FIELD_TOO_LONG,
} CabinetCsvError;

/* Beyond these a file is not a list of clients, or is one to split. */
#define CABINET_CSV_MAX_ROWS        50000
#define CABINET_CSV_MAX_COLUMNS     100
#define CABINET_CSV_MAX_FIELD_CHARS 10000

typedef struct _CabinetCsv CabinetCsv;

GQuark               cabinet_csv_error_quark    (void);

/* Reads @length bytes of @data (NUL bytes are refused, not taken as the end):
 * UTF-8 with or without BOM, UTF-16 with BOM, or else Windows-1252; separated
 * by commas, semicolons or tabs, as found on the first line. Blank lines are
 * skipped. Never reads outside @data, whatever it holds. */
CabinetCsv          *cabinet_csv_parse          (const char  *data,
                                                 gsize        length,
                                                 GError     **error);
void                 cabinet_csv_free           (CabinetCsv  *csv);

guint                cabinet_csv_get_n_rows     (CabinetCsv  *csv);
/* The fields of @row, NULL-terminated, UTF-8, as written (not trimmed). */
const char * const  *cabinet_csv_get_row        (CabinetCsv  *csv,
                                                 guint        row);
guint                cabinet_csv_get_n_fields   (CabinetCsv  *csv,
                                                 guint        row);
/* NULL when @row has fewer fields. */
const char          *cabinet_csv_get_field      (CabinetCsv  *csv,
                                                 guint        row,
                                                 guint        column);
/* The 1-based line of the file where @row starts, as a text editor counts. */
guint                cabinet_csv_get_line       (CabinetCsv  *csv,
                                                 guint        row);
char                 cabinet_csv_get_separator  (CabinetCsv  *csv);
/* "UTF-8", "UTF-16" or "WINDOWS-1252". */
const char          *cabinet_csv_get_encoding   (CabinetCsv  *csv);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CabinetCsv, cabinet_csv_free)

/* Appends @text to @out as one CSV field: quoted when it holds @separator, a
 * quote, a line break or spaces at either end (quotes doubled); and a field that
 * a spreadsheet would take for a formula (=, +, -, @ first, and not a number
 * such as "-60,00") is written with a leading apostrophe, so that opening the
 * file runs nothing. */
void                 cabinet_csv_append_field   (GString     *out,
                                                 const char  *text,
                                                 char         separator);

G_END_DECLS
