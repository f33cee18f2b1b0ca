/* fuzz-dmi.c — what the firmware says of the computer (/sys/class/dmi/id): its
 * date (cabinet_hardware_age_parse_bios_date()), maker and model
 * (cabinet_hardware_age_is_virtual()), and the hardware-age verdict
 *
 * The input is bios_date, sys_vendor and product_name, a line each.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cabinet-check-session.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *bios_date = NULL;
  g_autofree char *vendor = NULL;
  g_autofree char *product = NULL;
  g_autoptr(GDate) date = NULL;
  const uint8_t *rest;
  size_t rest_size;
  GDate today;

  fuzz_init ();
  fuzz_split_first_line (data, size, &bios_date, &rest, &rest_size);
  fuzz_split_first_line (rest, rest_size, &vendor, &rest, &rest_size);
  product = fuzz_strndup (rest, rest_size);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 15, G_DATE_MARCH, 2026);

  cabinet_hardware_age_is_virtual (vendor, product);
  cabinet_hardware_age_is_virtual (NULL, product);
  cabinet_hardware_age_is_virtual (vendor, NULL);

  date = cabinet_hardware_age_parse_bios_date (bios_date);
  if (date != NULL)
    {
      int months;
      CabinetCheckStatus status;

      fuzz_assert (g_date_valid (date));
      months = cabinet_hardware_age_months (date, &today);
      fuzz_assert (months >= -1);
      fuzz_assert ((months == -1) == (g_date_compare (date, &today) > 0));
      status = cabinet_hardware_age_status (months);
      fuzz_assert ((status == CABINET_CHECK_UNKNOWN) == (months < 0));
    }
  return 0;
}
