/* cabinet-check-updates.h — the parsers and decisions behind the system updates and
 * automatic updates checks: pure functions of what was read or heard, so that tests
 * and fuzzers can reach them without PackageKit, apt or a system
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cabinet-check.h"

G_BEGIN_DECLS

/* PackageKit's enumerations as its D-Bus API carries them (pk-enum.h and
 * pk-bitfield.h); Cabinet talks to the daemon directly and does not link
 * libpackagekit-glib2. */
#define CABINET_PK_INFO_SECURITY       8   /* PK_INFO_ENUM_SECURITY */
#define CABINET_PK_ROLE_REFRESH_CACHE  13  /* PK_ROLE_ENUM_REFRESH_CACHE */
#define CABINET_PK_EXIT_SUCCESS        1   /* PK_EXIT_ENUM_SUCCESS */
#define CABINET_PK_FILTER_NONE         (G_GUINT64_CONSTANT (1) << 1) /* pk_bitfield_value (PK_FILTER_ENUM_NONE) */

/* Special cache ages, in seconds. */
#define CABINET_UPDATES_AGE_UNKNOWN  ((gint64) -1)
#define CABINET_UPDATES_AGE_NEVER    G_MAXINT64

/* A cache older than this may hide updates published since. */
#define CABINET_UPDATES_MAX_CACHE_AGE (7 * 24 * 3600)

/* What one source (PackageKit, or apt-get on its own) said about pending updates. */
typedef struct {
  char      *source;      /* shown as evidence: "PackageKit (system bus)" */
  guint      n_updates;   /* every pending update, security ones included */
  guint      n_security;
  GPtrArray *names;       /* of char *: package names, security updates first */
  gint64     cache_age;   /* seconds since the list of updates was downloaded */
  char      *cache_note;  /* where the age comes from; may be NULL */
} CabinetUpdates;

CabinetUpdates     *cabinet_updates_new                (const char           *source);
void                cabinet_updates_free               (CabinetUpdates       *updates);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CabinetUpdates, cabinet_updates_free)

/* Counts one pending update named @name. */
void                cabinet_updates_add                (CabinetUpdates       *updates,
                                                        const char           *name,
                                                        gboolean              security);
/* One Package(u info, s package_id, s summary) signal of a GetUpdates transaction. */
void                cabinet_updates_add_packagekit     (CabinetUpdates       *updates,
                                                        guint32               info,
                                                        const char           *package_id);

/* The verdict: FAIL on pending security updates; WARN on other pending updates or
 * a list of updates older than CABINET_UPDATES_MAX_CACHE_AGE (or never
 * downloaded); PASS otherwise. The remedy is written for @desktop and @distro. */
CabinetCheckResult *cabinet_updates_to_result          (const CabinetUpdates *updates,
                                                        CabinetDesktop        desktop,
                                                        CabinetDistro         distro);

/* How to install updates on @desktop and @distro, for a non-technical person. */
char               *cabinet_updates_remedy             (CabinetDesktop        desktop,
                                                        CabinetDistro         distro);

/* The output of `apt-get -s upgrade` in the C locale: each "Inst NAME [OLD] (NEW
 * ORIGIN… [ARCH])" line is a pending update, a security one when its origins
 * name a "-security" suite or "Debian-Security". New packages that an upgrade pulls
 * in ("Inst NAME (NEW …)", without an installed version) are not counted.
 * Returns whether @text looked like apt-get's simulation at all (its summary
 * line "N upgraded, N newly installed, …" or an Inst line); when not, the counts
 * are 0. @names, when not NULL, receives the package names, security first. */
gboolean            cabinet_apt_parse_simulation       (const char           *text,
                                                        guint                *n_updates,
                                                        guint                *n_security);
gboolean            cabinet_apt_parse_simulation_names (const char           *text,
                                                        guint                *n_updates,
                                                        guint                *n_security,
                                                        GPtrArray            *names);

/* apt.conf syntax ("A::B \"v\";", "A { B \"v\"; };", comments), read loosely into
 * @values: full key, in lower case ("apt::periodic::unattended-upgrade"), to its
 * value; a key read again overrides, as in a later file. Lists and directives are
 * skipped. */
void                cabinet_apt_conf_parse             (const char           *text,
                                                        GHashTable           *values);

/* Whether apt reads a file of that name in apt.conf.d: letters, digits, '_', '-'
 * and '.', and no extension other than ".conf" (so not ".dpkg-old", ".bak"). */
gboolean            cabinet_apt_conf_name_is_read      (const char           *name);

/* APT::Periodic values: "1", "7", "1d", "always" run; "0", "" or anything else do
 * not. */
gboolean            cabinet_apt_periodic_is_on         (const char           *value);

/* A key of an INI-style file as dnf reads it ("apply_updates = yes" under
 * "[commands]"); NULL when absent. Section and key are compared ignoring case. */
char               *cabinet_ini_lookup                 (const char           *text,
                                                        const char           *section,
                                                        const char           *key);

/* dnf's booleans: 1, yes, true, on. */
gboolean            cabinet_dnf_bool_is_true           (const char           *value);

G_END_DECLS
