/* cabinet-check-session.h — the pure parts of the screen-lock, auto-login and
 * hardware-age checks: decisions and parsers of outside input, reachable by the
 * tests and the fuzzers without a desktop or a system root
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cabinet-check.h"

G_BEGIN_DECLS

/* Screen lock ------------------------------------------------------------- */

/* Past this, a screen left alone shows the therapist's work for too long. */
#define CABINET_SCREEN_LOCK_WARN_SECONDS (10 * 60)

typedef enum {
  CABINET_SCREEN_LOCK_LOCKS,       /* locks after a delay */
  CABINET_SCREEN_LOCK_DISABLED,    /* automatic locking is turned off */
  CABINET_SCREEN_LOCK_NEVER_IDLE,  /* the screen never blanks, so it never locks */
  CABINET_SCREEN_LOCK_FORBIDDEN,   /* a lockdown setting forbids locking */
} CabinetScreenLockState;

/* GNOME: the screen blanks after @idle_delay seconds (0: never) and locks
 * @lock_delay seconds later. Sets *@seconds to the time before it locks. */
CabinetScreenLockState cabinet_screen_lock_from_gnome (gboolean  lock_enabled,
                                                       guint32   lock_delay,
                                                       guint32   idle_delay,
                                                       gboolean  disable_lock_screen,
                                                       guint64  *seconds);
/* KDE Plasma: locks @timeout_minutes after the last use (0: never). */
CabinetScreenLockState cabinet_screen_lock_from_kde   (gboolean  autolock,
                                                       guint     timeout_minutes,
                                                       guint64  *seconds);
/* FAIL when it never locks, WARN past CABINET_SCREEN_LOCK_WARN_SECONDS, and WARN
 * when it locks in time but not on waking from sleep. */
CabinetCheckStatus     cabinet_screen_lock_status     (CabinetScreenLockState state,
                                                       guint64                seconds,
                                                       gboolean               lock_on_resume);

/* kscreenlockerrc, [Daemon] group; a key the file does not hold keeps Plasma's
 * default, and the matching *_set stays FALSE. */
typedef struct {
  gboolean autolock;           /* Autolock, default true */
  gboolean autolock_set;
  guint    timeout_minutes;    /* Timeout, default 5 */
  gboolean timeout_set;
  gboolean lock_on_resume;     /* LockOnResume, default true */
  gboolean lock_on_resume_set;
} CabinetKdeScreenLock;

void     cabinet_kde_screen_lock_init  (CabinetKdeScreenLock  *config);
/* FALSE with @error when @data is not a key file; @config then holds the defaults. */
gboolean cabinet_kde_screen_lock_parse (const char            *data,
                                        gsize                  length,
                                        CabinetKdeScreenLock  *config,
                                        GError               **error);

/* Automatic login ---------------------------------------------------------- */

typedef enum {
  CABINET_DISPLAY_MANAGER_GDM,
  CABINET_DISPLAY_MANAGER_SDDM,
  CABINET_DISPLAY_MANAGER_LIGHTDM,
} CabinetDisplayManager;

/* What one display manager configuration file says. A field the file does not
 * set is NULL (or -1), so that a file read later overrides only what it sets. */
typedef struct {
  char *user;        /* logged in at start-up without a password; "" for nobody */
  char *timed_user;  /* GDM: logged in after a delay; "" for nobody */
  int   guest;       /* LightDM autologin-guest: -1 unset, 0 or 1 */
  char *keys;        /* the keys read, "[daemon] AutomaticLogin=anna", for the evidence; not merged */
} CabinetAutoLogin;

void     cabinet_auto_login_init  (CabinetAutoLogin       *config);
void     cabinet_auto_login_clear (CabinetAutoLogin       *config);
/* Copies into @into what @later sets. */
void     cabinet_auto_login_merge (CabinetAutoLogin       *into,
                                   const CabinetAutoLogin *later);
/* FALSE with @error when @data is not a key file; @config is then left unset. */
gboolean cabinet_auto_login_parse (CabinetDisplayManager   manager,
                                   const char             *data,
                                   gsize                   length,
                                   CabinetAutoLogin       *config,
                                   GError                **error);

/* Hardware age ------------------------------------------------------------- */

/* Firmware dates read MM/DD/YYYY (SMBIOS 2.3 and later) or MM/DD/YY (older);
 * NULL when @text is neither. Free with g_date_free(). */
GDate             *cabinet_hardware_age_parse_bios_date (const char *text);
/* Whether the DMI vendor or product names a hypervisor: a virtual machine's
 * firmware date says nothing of the computer under it. Either may be NULL. */
gboolean           cabinet_hardware_age_is_virtual      (const char *sys_vendor,
                                                         const char *product_name);
/* Whole months from @since to @today; -1 when @since is after @today. */
int                cabinet_hardware_age_months          (const GDate *since,
                                                         const GDate *today);
/* PASS under two and a half years, WARN until three, FAIL from three. */
CabinetCheckStatus cabinet_hardware_age_status          (int          months);

G_END_DECLS
