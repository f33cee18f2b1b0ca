/* cabinet-client-import.h — a spreadsheet of clients read into a preview: each
 * line a client ready to add, or the reason it is left out. Writes nothing.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cabinet-client.h"
#include "cabinet-csv.h"

G_BEGIN_DECLS

#define CABINET_CLIENT_IMPORT_ERROR (cabinet_client_import_error_quark ())

typedef enum {
  CABINET_CLIENT_IMPORT_ERROR_NO_NAME_COLUMN,
  CABINET_CLIENT_IMPORT_ERROR_NO_CLIENTS,     /* the column names and nothing else */
} CabinetClientImportError;

#define CABINET_TYPE_CLIENT_IMPORT_ROW (cabinet_client_import_row_get_type ())
G_DECLARE_FINAL_TYPE (CabinetClientImportRow, cabinet_client_import_row, CABINET, CLIENT_IMPORT_ROW, GObject)

#define CABINET_TYPE_CLIENT_IMPORT (cabinet_client_import_get_type ())
G_DECLARE_FINAL_TYPE (CabinetClientImport, cabinet_client_import, CABINET, CLIENT_IMPORT, GObject)

GQuark               cabinet_client_import_error_quark   (void);

/* The 1-based line of the file the row starts on. */
guint                cabinet_client_import_row_get_line    (CabinetClientImportRow *self);
/* The client to add, validated; NULL when the line is left out. */
CabinetClient       *cabinet_client_import_row_get_client  (CabinetClientImportRow *self);
/* The name as written on the line, even when it is left out; may be empty. */
const char          *cabinet_client_import_row_get_name    (CabinetClientImportRow *self);
/* Why the line is left out; for a client that will be added, NULL or something
 * to look at afterwards (a minor with no guardian, a name seen twice). */
const char          *cabinet_client_import_row_get_message (CabinetClientImportRow *self);

/* Reads the first row of @csv as column names (French or English) and every
 * other row as a client. @currency reads the fees (NULL: EUR); new clients get
 * @default_time_zone; @today (NULL: now) dates the checks on birth dates. */
CabinetClientImport *cabinet_client_import_new           (CabinetCsv          *csv,
                                                          const char          *currency,
                                                          const char          *default_time_zone,
                                                          GDate               *today,
                                                          GError             **error);
/* The same from the bytes of a file. */
CabinetClientImport *cabinet_client_import_new_from_data (const char          *data,
                                                          gsize                length,
                                                          const char          *currency,
                                                          const char          *default_time_zone,
                                                          GDate               *today,
                                                          GError             **error);

/* Every data line, in file order, as CabinetClientImportRow. */
GListModel          *cabinet_client_import_get_rows      (CabinetClientImport *self);
guint                cabinet_client_import_get_n_valid   (CabinetClientImport *self);
guint                cabinet_client_import_get_n_invalid (CabinetClientImport *self);
/* The clients to add, in file order, for cabinet_client_store_add_all(). */
GPtrArray           *cabinet_client_import_dup_clients   (CabinetClientImport *self);
/* Sentences about the file as a whole: its encoding, the columns left out. */
const char * const  *cabinet_client_import_get_notes     (CabinetClientImport *self);

/* Exposed for the tests: a birth date as written in a spreadsheet, to
 * YYYY-MM-DD; NULL with @reason set when it cannot be read. */
char                *cabinet_client_import_parse_date    (const char          *text,
                                                          GDate               *today,
                                                          char               **reason);

G_END_DECLS
