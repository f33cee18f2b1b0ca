/* cabinet-check-env.h — what a compliance check may look at: files under the
 * system root, desktop settings, the clock; all replaceable by tests
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  CABINET_DESKTOP_OTHER,
  CABINET_DESKTOP_GNOME,
  CABINET_DESKTOP_KDE,
} CabinetDesktop;

typedef enum {
  CABINET_DISTRO_OTHER,
  CABINET_DISTRO_DEBIAN,
  CABINET_DISTRO_UBUNTU,
  CABINET_DISTRO_FEDORA,
} CabinetDistro;

/* Files larger than this are not read whole: no check needs more. */
#define CABINET_CHECK_MAX_FILE_SIZE (4 * 1024 * 1024)

typedef struct _CabinetCheckEnv CabinetCheckEnv;

/* The environment of a real run: CABINET_SYSROOT (default "/"), the user's home and
 * $XDG_CONFIG_HOME, XDG_CURRENT_DESKTOP, the system bus named by
 * DBUS_SYSTEM_BUS_ADDRESS, the clock. @database_path and @purchase_date may be NULL. */
CabinetCheckEnv *cabinet_check_env_new            (const char       *database_path,
                                                   GDate            *purchase_date);
CabinetCheckEnv *cabinet_check_env_new_for_settings (GSettings      *settings,
                                                     const char     *database_path);
GDate           *cabinet_parse_iso_date           (const char       *text);
CabinetCheckEnv *cabinet_check_env_ref            (CabinetCheckEnv  *env);
void             cabinet_check_env_unref          (CabinetCheckEnv  *env);

/* Test hooks. */
void             cabinet_check_env_set_sysroot    (CabinetCheckEnv  *env,
                                                   const char       *sysroot);
void             cabinet_check_env_set_home       (CabinetCheckEnv  *env,
                                                   const char       *home,
                                                   const char       *config_dir);
void             cabinet_check_env_set_desktop    (CabinetCheckEnv  *env,
                                                   const char       *xdg_current_desktop);
void             cabinet_check_env_set_now        (CabinetCheckEnv  *env,
                                                   GDateTime        *now);
void             cabinet_check_env_set_passphrase (CabinetCheckEnv  *env,
                                                   gboolean          uses_passphrase);
gboolean         cabinet_check_env_get_passphrase (CabinetCheckEnv  *env);
/* Where the database's backups are (beside it, or the folder chosen in the
 * settings); NULL without a database. */
void             cabinet_check_env_set_backup_folder (CabinetCheckEnv *env,
                                                      const char      *folder);
const char      *cabinet_check_env_get_backup_folder (CabinetCheckEnv *env);
void             cabinet_check_env_set_timeout    (CabinetCheckEnv  *env,
                                                   guint             milliseconds);

const char      *cabinet_check_env_get_sysroot    (CabinetCheckEnv  *env);
const char      *cabinet_check_env_get_home       (CabinetCheckEnv  *env);
const char      *cabinet_check_env_get_config_dir (CabinetCheckEnv  *env);
const char      *cabinet_check_env_get_database_path (CabinetCheckEnv *env);
GDate           *cabinet_check_env_get_purchase_date (CabinetCheckEnv *env);
GDateTime       *cabinet_check_env_get_now        (CabinetCheckEnv  *env);
guint            cabinet_check_env_get_timeout    (CabinetCheckEnv  *env);
CabinetDesktop   cabinet_check_env_get_desktop    (CabinetCheckEnv  *env);
const char      *cabinet_check_env_get_desktop_name (CabinetCheckEnv *env);
CabinetDistro    cabinet_check_env_get_distro     (CabinetCheckEnv  *env);
/* The distribution the text of an os-release file names: its ID when Cabinet
 * knows it, else the first ID_LIKE it knows. What get_distro() reads it with. */
CabinetDistro    cabinet_distro_from_os_release   (const char       *contents);

/* @path is absolute as on a real system ("/proc/self/mountinfo"); the file read is
 * the one under the system root. */
char            *cabinet_check_env_path           (CabinetCheckEnv  *env,
                                                   const char       *path);
gboolean         cabinet_check_env_read           (CabinetCheckEnv  *env,
                                                   const char       *path,
                                                   char            **contents,
                                                   gsize            *length,
                                                   GError          **error);
char            *cabinet_check_env_read_line      (CabinetCheckEnv  *env,
                                                   const char       *path);
gboolean         cabinet_check_env_exists         (CabinetCheckEnv  *env,
                                                   const char       *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CabinetCheckEnv, cabinet_check_env_unref)

G_END_DECLS
