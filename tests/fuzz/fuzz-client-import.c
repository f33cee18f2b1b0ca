/* fuzz-client-import.c — a spreadsheet of clients read into the import's preview
 * (cabinet_client_import_new_from_data()): columns named in French or English,
 * birth dates, fees, e-mail addresses and phone numbers as people type them
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cabinet-client-import.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(CabinetClientImport) import = NULL;
  g_autoptr(GPtrArray) clients = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = g_memdup2 (data, size);
  /* A fixed day, so that an input gives the same answer whenever it is run. */
  GDate today;
  GListModel *rows;
  const char * const *notes;
  guint n_rows, n_valid = 0;

  fuzz_init ();
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 15, G_DATE_MARCH, 2026);

  import = cabinet_client_import_new_from_data (copy, size, "EUR", "Europe/Paris", &today, &error);
  if (import == NULL)
    {
      fuzz_assert (error != NULL);
      fuzz_assert (error->domain == CABINET_CSV_ERROR || error->domain == CABINET_CLIENT_IMPORT_ERROR);
      fuzz_assert (fuzz_is_text (error->message));
      return 0;
    }
  fuzz_assert (error == NULL);

  rows = cabinet_client_import_get_rows (import);
  n_rows = g_list_model_get_n_items (rows);
  fuzz_assert (n_rows == cabinet_client_import_get_n_valid (import) + cabinet_client_import_get_n_invalid (import));
  for (guint i = 0; i < n_rows; i++)
    {
      g_autoptr(CabinetClientImportRow) row = g_list_model_get_item (rows, i);
      CabinetClient *client = cabinet_client_import_row_get_client (row);
      const char *message = cabinet_client_import_row_get_message (row);

      fuzz_assert (cabinet_client_import_row_get_line (row) >= 2);
      fuzz_assert (cabinet_client_import_row_get_name (row) != NULL);
      fuzz_assert (fuzz_is_text (cabinet_client_import_row_get_name (row)));
      fuzz_assert (fuzz_is_text (message));
      if (client == NULL)
        {
          /* A line left out says why. */
          fuzz_assert (message != NULL && *message != '\0');
          continue;
        }
      n_valid++;
      /* A client the preview offers is one the store accepts. */
      {
        g_autoptr(GHashTable) issues = cabinet_client_validate (client, &today);

        fuzz_assert (issues == NULL);
      }
      for (guint field = 0; field < CABINET_CLIENT_N_TEXT_FIELDS; field++)
        fuzz_assert (fuzz_is_text (cabinet_client_get_text (client, field)));
      fuzz_assert (cabinet_client_get_fee (client) >= -1);
    }
  fuzz_assert (n_valid == cabinet_client_import_get_n_valid (import));

  clients = cabinet_client_import_dup_clients (import);
  fuzz_assert (clients->len == n_valid);
  notes = cabinet_client_import_get_notes (import);
  for (guint i = 0; notes[i]; i++)
    fuzz_assert (fuzz_is_text (notes[i]));
  return 0;
}
