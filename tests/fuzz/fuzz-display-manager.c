/* fuzz-display-manager.c — the automatic-login settings of GDM, SDDM and
 * LightDM (cabinet_auto_login_parse()), each file read as each of them, and
 * merged as drop-in files are
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cabinet-check-session.h"
#include "fuzz-common.h"

/* User names longer than this are cut (cabinet-check-auto-login.c). */
#define MAX_VALUE_CHARS 64

static void
check_value (const char *value)
{
  if (value == NULL)
    return;
  fuzz_assert (g_utf8_validate (value, -1, NULL));
  fuzz_assert (g_utf8_strlen (value, -1) <= MAX_VALUE_CHARS);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const CabinetDisplayManager managers[] = {
    CABINET_DISPLAY_MANAGER_GDM, CABINET_DISPLAY_MANAGER_SDDM, CABINET_DISPLAY_MANAGER_LIGHTDM,
  };
  g_autofree char *copy = g_memdup2 (data, size);

  fuzz_init ();
  for (guint i = 0; i < G_N_ELEMENTS (managers); i++)
    {
      g_autoptr(GError) error = NULL;
      CabinetAutoLogin config;
      CabinetAutoLogin merged;

      cabinet_auto_login_init (&merged);
      merged.user = g_strdup ("earlier");
      if (!cabinet_auto_login_parse (managers[i], copy, size, &config, &error))
        {
          fuzz_assert (error != NULL);
          fuzz_assert (config.user == NULL && config.timed_user == NULL && config.keys == NULL);
          cabinet_auto_login_clear (&merged);
          continue;
        }
      fuzz_assert (error == NULL);
      check_value (config.user);
      check_value (config.timed_user);
      fuzz_assert (config.guest >= -1 && config.guest <= 1);
      fuzz_assert (fuzz_is_text (config.keys));
      if (managers[i] != CABINET_DISPLAY_MANAGER_GDM)
        fuzz_assert (config.timed_user == NULL);

      cabinet_auto_login_merge (&merged, &config);
      fuzz_assert (g_strcmp0 (merged.user, config.user ? config.user : "earlier") == 0);
      cabinet_auto_login_clear (&merged);
      cabinet_auto_login_clear (&config);
    }
  return 0;
}
