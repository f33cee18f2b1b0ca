/* fuzz-packagekit.c — what PackageKit answers over D-Bus: the Package signals of
 * a GetUpdates transaction (cabinet_updates_add_packagekit()) and the age of
 * its cache, made into the system-updates check's result
 *
 * The input is text: the first line is the cache age GetTimeSinceAction gives
 * (seconds, 4294967295 for never), each other line "INFO PACKAGE-ID", as the
 * signal carries them. D-Bus only delivers valid UTF-8 without NUL, and so are
 * the strings handed over here.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cabinet-check-updates.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const CabinetDistro distros[] = {
    CABINET_DISTRO_OTHER, CABINET_DISTRO_DEBIAN, CABINET_DISTRO_UBUNTU, CABINET_DISTRO_FEDORA,
  };
  g_autoptr(CabinetUpdates) updates = cabinet_updates_new ("PackageKit, from its cached list of updates");
  g_autofree char *text = NULL;
  g_autofree char *valid = NULL;
  g_auto(GStrv) lines = NULL;
  guint64 age;
  guint n_security = 0;

  fuzz_init ();
  text = fuzz_strndup (data, size);
  valid = g_utf8_make_valid (text, -1);
  lines = g_strsplit (valid, "\n", 1001);
  if (lines[0] == NULL)
    return 0;

  if (g_ascii_string_to_unsigned (lines[0], 10, 0, G_MAXUINT32, &age, NULL))
    {
      updates->cache_age = age == G_MAXUINT32 ? CABINET_UPDATES_AGE_NEVER : (gint64) age;
      updates->cache_note = g_strdup ("as PackageKit last refreshed it");
    }
  for (guint i = 1; lines[i]; i++)
    {
      const char *space = strchr (lines[i], ' ');
      g_autofree char *number = g_strndup (lines[i], space ? (gsize) (space - lines[i]) : strlen (lines[i]));
      guint64 info;

      if (!g_ascii_string_to_unsigned (number, 10, 0, G_MAXUINT32, &info, NULL))
        continue;
      cabinet_updates_add_packagekit (updates, (guint32) info, space ? space + 1 : "");
      if ((info & 0xffff) == CABINET_PK_INFO_SECURITY)
        n_security++;
    }
  fuzz_assert (updates->n_security == n_security);
  fuzz_assert (updates->names->len == updates->n_updates);
  for (guint i = 0; i < updates->names->len; i++)
    fuzz_assert (*(const char *) updates->names->pdata[i] != '\0');

  for (guint i = 0; i < G_N_ELEMENTS (distros); i++)
    for (CabinetDesktop desktop = CABINET_DESKTOP_OTHER; desktop <= CABINET_DESKTOP_KDE; desktop++)
      {
        g_autoptr(CabinetCheckResult) result = cabinet_updates_to_result (updates, desktop, distros[i]);

        fuzz_assert (g_utf8_validate (result->summary, -1, NULL));
        fuzz_assert (g_utf8_validate (result->evidence, -1, NULL));
        fuzz_assert (fuzz_is_text (result->remedy));
        fuzz_assert ((result->remedy == NULL) == (result->status == CABINET_CHECK_PASS));
      }
  return 0;
}
