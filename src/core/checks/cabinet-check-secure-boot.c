/* cabinet-check-secure-boot.c — does the firmware only start signed software? Read
 * from the UEFI variables the kernel shows to every user
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cabinet-check.h"
#include "cabinet-check-system.h"

#define EFI_DIR     "/sys/firmware/efi"
/* EFI_GLOBAL_VARIABLE, the GUID of the variables the UEFI specification defines. */
#define SECURE_BOOT "/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"
#define SETUP_MODE  "/sys/firmware/efi/efivars/SetupMode-8be4df61-93ca-11d2-aa0d-00e098032b8c"

/* efivarfs shows a variable as its 32-bit attributes followed by its data; these two
 * hold a single byte, 0 or 1. Anything else is not what the specification writes,
 * so nothing is concluded from it. */
int
cabinet_efivar_parse_bool (const guint8 *data,
                           gsize         length)
{
  if (data == NULL || length != 5)
    return -1;
  if (data[4] == 0 || data[4] == 1)
    return data[4];
  return -1;
}

typedef enum {
  VAR_MISSING = -3,
  VAR_UNREADABLE = -2,
  VAR_INVALID = -1,
  VAR_OFF = 0,
  VAR_ON = 1,
} VarValue;

/* "06 00 00 00 01": the bytes as they are, since they may be anything. */
static char *
format_bytes (const guint8 *data,
              gsize         length)
{
  GString *hex = g_string_new (NULL);

  for (gsize i = 0; i < length && i < 16; i++)
    g_string_append_printf (hex, "%s%02x", i ? " " : "", data[i]);
  if (length > 16)
    g_string_append (hex, " …");
  return g_string_free (hex, FALSE);
}

static VarValue
read_efivar (CabinetCheckEnv *env,
             const char      *path,
             GString         *evidence)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *bytes = NULL;
  gsize length = 0;
  int value;

  if (!cabinet_check_env_read (env, path, &contents, &length, &error))
    {
      gboolean missing = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

      g_string_append_printf (evidence, "%s: %s\n", path, missing ? _("not found") : _("cannot be read"));
      return missing ? VAR_MISSING : VAR_UNREADABLE;
    }

  value = cabinet_efivar_parse_bool ((const guint8 *) contents, length);
  bytes = format_bytes ((const guint8 *) contents, length);
  if (length == 0)
    {
      g_string_append_printf (evidence, "%s: %s\n", path, _("empty"));
      return VAR_INVALID;
    }
  if (value < 0)
    {
      /* TRANSLATORS: %s is a list of bytes, such as “06 00 00”. */
      g_autofree char *what = g_strdup_printf (_("unexpected contents (%s)"), bytes);
      g_string_append_printf (evidence, "%s: %s\n", path, what);
      return VAR_INVALID;
    }
  g_string_append_printf (evidence, "%s: %s (%s)\n", path, bytes, value ? "1" : "0");
  return value ? VAR_ON : VAR_OFF;
}

static const char *
firmware_settings (void)
{
  return _("Restart the computer and, as soon as it starts, press the key shown on the screen to open "
           "the firmware settings: usually F2, F10, F12 or Del.");
}

CabinetCheckResult *
cabinet_check_secure_boot (CabinetCheckEnv *env,
                           GCancellable    *cancellable)
{
  g_autoptr(GString) evidence = g_string_new (NULL);
  g_autofree char *remedy = NULL;
  VarValue secure_boot;
  VarValue setup_mode;
  const char *summary;

  if (!cabinet_check_env_exists (env, EFI_DIR))
    return cabinet_check_result_new (CABINET_CHECK_UNKNOWN,
                                     _("This computer does not start with UEFI, or Cabinet cannot see UEFI, so Cabinet cannot tell whether Secure Boot is on."),
                                     EFI_DIR ": not found", NULL);
  g_string_append_printf (evidence, "%s: %s\n", EFI_DIR, _("found"));

  secure_boot = read_efivar (env, SECURE_BOOT, evidence);
  /* Only worth reading when Secure Boot says it is on: in setup mode, the firmware
   * accepts any new key, so nothing is enforced. */
  setup_mode = secure_boot == VAR_ON ? read_efivar (env, SETUP_MODE, evidence) : VAR_MISSING;
  g_string_truncate (evidence, evidence->len - 1);

  switch (secure_boot)
    {
    case VAR_ON:
      if (setup_mode != VAR_ON)
        return cabinet_check_result_new (CABINET_CHECK_PASS,
                                         _("Secure Boot is on: when it starts, this computer only runs software signed by trusted publishers."),
                                         evidence->str, NULL);
      remedy = g_strjoin (" ",
                          _("Finish setting up Secure Boot."),
                          firmware_settings (),
                          _("Under “Secure Boot”, choose the option that restores the factory keys (often called "
                            "“Restore Factory Keys” or “Install default keys”), then save and restart. If you are "
                            "unsure, ask whoever looks after this computer."),
                          NULL);
      return cabinet_check_result_new (CABINET_CHECK_WARN,
                                       _("Secure Boot is switched on but not enforced, because the firmware is still in "
                                         "setup mode: it would start, without noticing, software that someone has tampered with."),
                                       evidence->str, remedy);
    case VAR_OFF:
      remedy = g_strjoin (" ",
                          _("Switch Secure Boot on."),
                          firmware_settings (),
                          _("Look for “Secure Boot”, usually under “Boot” or “Security”, switch it on, then save "
                            "and restart. Debian, Ubuntu and Fedora all start with Secure Boot on. If you are "
                            "unsure, ask whoever looks after this computer."),
                          NULL);
      return cabinet_check_result_new (CABINET_CHECK_WARN,
                                       _("Secure Boot is off: when it starts, this computer would run, without noticing, "
                                         "software that someone has tampered with."),
                                       evidence->str, remedy);
    case VAR_INVALID:
      summary = _("Cabinet cannot make sense of the Secure Boot setting that the firmware reports, so it cannot tell whether Secure Boot is on.");
      break;
    case VAR_MISSING:
      summary = _("This computer’s firmware does not report a Secure Boot setting, so Cabinet cannot tell whether Secure Boot is on.");
      break;
    case VAR_UNREADABLE:
    default:
      summary = _("Cabinet cannot read the Secure Boot setting, so it cannot tell whether Secure Boot is on.");
      break;
    }
  return cabinet_check_result_new (CABINET_CHECK_UNKNOWN, summary, evidence->str, NULL);
}
