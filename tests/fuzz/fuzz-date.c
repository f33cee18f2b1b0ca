/* fuzz-date.c — dates as spreadsheets and people write them: birth dates of the
 * client import (cabinet_client_import_parse_date()) and the ISO dates of the
 * settings and the database (cabinet_parse_iso_date())
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cabinet-check-env.h"
#include "cabinet-client-import.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  g_autofree char *iso = NULL;
  g_autofree char *reason = NULL;
  g_autoptr(GDate) direct = NULL;
  GDate today;

  fuzz_init ();
  text = fuzz_strndup (data, size);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 15, G_DATE_MARCH, 2026);

  iso = cabinet_client_import_parse_date (text, &today, &reason);
  if (iso == NULL)
    fuzz_assert (reason != NULL && *reason != '\0' && g_utf8_validate (reason, -1, NULL));
  else
    {
      g_autoptr(GDate) date = cabinet_parse_iso_date (iso);

      /* What the import stores, the client record reads back. */
      fuzz_assert (reason == NULL);
      fuzz_assert (strlen (iso) == 10);
      fuzz_assert (date != NULL);
      fuzz_assert (g_date_get_year (date) >= 1900);
      fuzz_assert (g_date_compare (date, &today) <= 0);
    }

  direct = cabinet_parse_iso_date (text);
  if (direct != NULL)
    fuzz_assert (g_date_valid (direct));
  return 0;
}
