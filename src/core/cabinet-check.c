/* cabinet-check.c — compliance check results and the list of every check
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cabinet-check.h"

static const char *status_ids[] = { "unknown", "pass", "warn", "fail" };

const char *
cabinet_check_status_to_string (CabinetCheckStatus status)
{
  g_return_val_if_fail (status <= CABINET_CHECK_FAIL, "unknown");
  return status_ids[status];
}

CabinetCheckStatus
cabinet_check_status_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_ids); i++)
    if (g_strcmp0 (text, status_ids[i]) == 0)
      return i;
  return CABINET_CHECK_UNKNOWN;
}

const char *
cabinet_check_status_label (CabinetCheckStatus status)
{
  switch (status)
    {
    case CABINET_CHECK_PASS: return _("Passed");
    case CABINET_CHECK_WARN: return _("Needs attention");
    case CABINET_CHECK_FAIL: return _("Failed");
    case CABINET_CHECK_UNKNOWN:
    default: return _("Unknown");
    }
}

CabinetCheckResult *
cabinet_check_result_new (CabinetCheckStatus  status,
                          const char         *summary,
                          const char         *evidence,
                          const char         *remedy)
{
  CabinetCheckResult *result = g_new0 (CabinetCheckResult, 1);

  g_return_val_if_fail (summary != NULL, result);

  result->status = status;
  result->summary = g_strdup (summary);
  result->evidence = g_strdup (evidence ? evidence : "");
  result->remedy = g_strdup (remedy);
  return result;
}

void
cabinet_check_result_free (CabinetCheckResult *result)
{
  if (result == NULL)
    return;
  g_free (result->summary);
  g_free (result->evidence);
  g_free (result->remedy);
  g_free (result);
}

static const CabinetCheckInfo checks[] = {
  /* The four the practice needs (seed principles 03 and 04). */
  { "disk-encryption", N_("Disk encryption"), TRUE, cabinet_check_disk_encryption },
  { "screen-lock", N_("Screen lock"), TRUE, cabinet_check_screen_lock },
  { "os-updates", N_("System updates"), TRUE, cabinet_check_os_updates,
    CABINET_CHECK_OS_UPDATES_TIMEOUT_FACTOR },
  { "hardware-age", N_("Age of the computer"), TRUE, cabinet_check_hardware_age },
  /* What can defeat them, or helps. */
  { "auto-login", N_("Automatic login"), FALSE, cabinet_check_auto_login },
  { "firewall", N_("Firewall"), FALSE, cabinet_check_firewall },
  { "automatic-updates", N_("Automatic security updates"), FALSE, cabinet_check_automatic_updates },
  { "secure-boot", N_("Secure Boot"), FALSE, cabinet_check_secure_boot },
  { "remote-access", N_("Remote access"), FALSE, cabinet_check_remote_access },
  { "cabinet-database", N_("Cabinet’s database"), FALSE, cabinet_check_cabinet_database },
};

const CabinetCheckInfo *
cabinet_checks_get_all (guint *n_checks)
{
  if (n_checks)
    *n_checks = G_N_ELEMENTS (checks);
  return checks;
}
