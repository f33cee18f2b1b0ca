/* fuzz-apt-conf.c — the settings that say whether updates install themselves:
 * apt.conf (cabinet_apt_conf_parse()) for Debian and Ubuntu's
 * unattended-upgrades, dnf-automatic's INI file (cabinet_ini_lookup()) for Fedora
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cabinet-check-updates.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char *keys[] = {
    "apt::periodic::update-package-lists", "apt::periodic::unattended-upgrade", "apt::periodic::enable",
  };
  g_autofree char *text = NULL;
  g_autofree char *apply = NULL;
  g_autofree char *download = NULL;
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) lines = NULL;
  GHashTableIter iter;
  gpointer key, value;

  fuzz_init ();
  text = fuzz_strndup (data, size);

  cabinet_apt_conf_parse (text, values);
  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      /* Keys are kept in lower case, so that any spelling finds them. */
      g_autofree char *lower = g_ascii_strdown (key, -1);

      fuzz_assert (*(const char *) key != '\0');
      fuzz_assert (g_str_equal (lower, key));
      cabinet_apt_periodic_is_on (value);
    }
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    cabinet_apt_periodic_is_on (g_hash_table_lookup (values, keys[i]));

  apply = cabinet_ini_lookup (text, "commands", "apply_updates");
  cabinet_dnf_bool_is_true (apply);
  download = cabinet_ini_lookup (text, "commands", "download_updates");
  cabinet_dnf_bool_is_true (download);

  /* Each line as the name of a file in apt.conf.d. */
  lines = g_strsplit (text, "\n", 64);
  for (guint i = 0; lines[i]; i++)
    if (cabinet_apt_conf_name_is_read (lines[i]))
      fuzz_assert (*lines[i] != '\0' && strchr (lines[i], '/') == NULL);
  return 0;
}
