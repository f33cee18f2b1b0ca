/* fuzz-mountinfo.c — the kernel's list of mounts (/proc/self/mountinfo,
 * cabinet_mountinfo_parse()) and of swap areas (/proc/swaps,
 * cabinet_swaps_parse()), read by the disk-encryption check
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cabinet-check-disk-encryption.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char *paths[] = {
    "/", "/home/anna", "/home/anna/.local/share/cabinet/cabinet.db", "/swapfile", "/media/anna/USB",
  };
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) mounts = NULL;
  g_autoptr(GPtrArray) swaps = NULL;
  g_autoptr(GError) error = NULL;

  fuzz_init ();
  text = fuzz_strndup (data, size);

  if (cabinet_mountinfo_parse (text, &mounts, &error))
    {
      fuzz_assert (error == NULL && mounts->len > 0);
      for (guint i = 0; i < mounts->len; i++)
        {
          const CabinetMountEntry *entry = mounts->pdata[i];

          fuzz_assert (entry->mount_point[0] == '/');
          fuzz_assert (entry->fstype != NULL && entry->source != NULL);
          /* A mount point is always found, if not always as this entry: a
           * later mount on it hides it. */
          fuzz_assert (cabinet_mountinfo_find (mounts, entry->mount_point) != NULL);
        }
      for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
        cabinet_mountinfo_find (mounts, paths[i]);
    }
  else
    fuzz_assert (error != NULL && mounts == NULL);

  swaps = cabinet_swaps_parse (text);
  for (guint i = 0; i < swaps->len; i++)
    {
      const CabinetSwapEntry *entry = swaps->pdata[i];

      fuzz_assert (entry->filename[0] == '/' && entry->type != NULL);
    }
  return 0;
}
