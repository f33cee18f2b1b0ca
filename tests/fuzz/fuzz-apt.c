/* fuzz-apt.c — what `apt-get -s upgrade` answers (cabinet_apt_parse_simulation_names()),
 * made into the system-updates check's result as the check makes it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cabinet-check-updates.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  g_autoptr(CabinetUpdates) updates = NULL;
  g_autoptr(CabinetCheckResult) result = NULL;
  guint n_updates = 7, n_security = 7;
  guint again_updates, again_security;
  gboolean recognised;

  fuzz_init ();
  text = fuzz_strndup (data, size);

  updates = cabinet_updates_new ("a simulated “apt-get upgrade”");
  recognised = cabinet_apt_parse_simulation_names (text, &n_updates, &n_security, updates->names);
  fuzz_assert (n_security <= n_updates);
  fuzz_assert (cabinet_apt_parse_simulation (text, &again_updates, &again_security) == recognised);
  fuzz_assert (again_updates == n_updates && again_security == n_security);
  if (!recognised)
    {
      fuzz_assert (n_updates == 0 && n_security == 0 && updates->names->len == 0);
      return 0;
    }
  fuzz_assert (updates->names->len == n_updates);

  updates->n_updates = n_updates;
  updates->n_security = n_security;
  updates->cache_age = (gint64) (size * 3600);
  updates->cache_note = g_strdup ("estimated from the files in /var/lib/apt/lists");
  result = cabinet_updates_to_result (updates, CABINET_DESKTOP_GNOME, CABINET_DISTRO_DEBIAN);
  fuzz_assert (g_utf8_validate (result->summary, -1, NULL));
  fuzz_assert (g_utf8_validate (result->evidence, -1, NULL));
  fuzz_assert (fuzz_is_text (result->remedy));
  fuzz_assert ((result->status == CABINET_CHECK_FAIL) == (n_security > 0));
  return 0;
}
