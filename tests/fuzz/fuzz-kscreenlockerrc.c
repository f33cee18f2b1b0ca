/* fuzz-kscreenlockerrc.c — KDE Plasma's screen-lock settings
 * (~/.config/kscreenlockerrc, cabinet_kde_screen_lock_parse()) and the verdict
 * the screen-lock check draws from them
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cabinet-check-session.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = g_memdup2 (data, size);
  CabinetKdeScreenLock config;
  CabinetKdeScreenLock defaults;
  CabinetScreenLockState state;
  CabinetCheckStatus status;
  guint64 seconds = 0;

  fuzz_init ();
  cabinet_kde_screen_lock_init (&defaults);

  if (!cabinet_kde_screen_lock_parse (copy, size, &config, &error))
    {
      fuzz_assert (error != NULL);
      /* Unreadable: Plasma's defaults, and nothing said to be set. */
      fuzz_assert (!config.autolock_set && !config.timeout_set && !config.lock_on_resume_set);
      fuzz_assert (config.autolock == defaults.autolock && config.timeout_minutes == defaults.timeout_minutes
                   && config.lock_on_resume == defaults.lock_on_resume);
    }
  else
    fuzz_assert (error == NULL);

  state = cabinet_screen_lock_from_kde (config.autolock, config.timeout_minutes, &seconds);
  status = cabinet_screen_lock_status (state, seconds, config.lock_on_resume);
  fuzz_assert (status == CABINET_CHECK_PASS || status == CABINET_CHECK_WARN || status == CABINET_CHECK_FAIL);
  if (state == CABINET_SCREEN_LOCK_LOCKS)
    fuzz_assert (seconds == (guint64) config.timeout_minutes * 60);
  return 0;
}
