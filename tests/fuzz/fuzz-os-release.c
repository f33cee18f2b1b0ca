/* fuzz-os-release.c — /etc/os-release (cabinet_distro_from_os_release()), which
 * tells the checks whose instructions to give
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cabinet-check-env.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  CabinetDistro distro;

  fuzz_init ();
  text = fuzz_strndup (data, size);
  distro = cabinet_distro_from_os_release (text);
  fuzz_assert (distro == CABINET_DISTRO_OTHER || distro == CABINET_DISTRO_DEBIAN
               || distro == CABINET_DISTRO_UBUNTU || distro == CABINET_DISTRO_FEDORA);
  return 0;
}
