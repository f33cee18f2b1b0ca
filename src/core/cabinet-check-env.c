/* cabinet-check-env.c — what a compliance check may look at: files under the
 * system root, desktop settings, the clock; all replaceable by tests
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "cabinet-backup.h"
#include "cabinet-check-env.h"

/* A check that could hang (D-Bus, a stuck network file system) gives up after this. */
#define DEFAULT_TIMEOUT_MS 2500

struct _CabinetCheckEnv
{
  gatomicrefcount  ref_count;
  char            *sysroot;
  char            *home;
  char            *config_dir;
  char            *desktop;
  char            *database_path;
  GDate           *purchase_date;
  GDateTime       *now;
  guint            timeout_ms;
  gboolean         passphrase;   /* the database opens with a passphrase */
  char            *backup_folder;
};

CabinetCheckEnv *
cabinet_check_env_new (const char *database_path,
                       GDate      *purchase_date)
{
  CabinetCheckEnv *env = g_new0 (CabinetCheckEnv, 1);
  const char *sysroot = g_getenv ("CABINET_SYSROOT");

  g_atomic_ref_count_init (&env->ref_count);
  env->sysroot = g_strdup (sysroot && *sysroot ? sysroot : "/");
  env->home = g_strdup (g_get_home_dir ());
  env->config_dir = g_strdup (g_get_user_config_dir ());
  env->desktop = g_strdup (g_getenv ("XDG_CURRENT_DESKTOP"));
  env->database_path = g_strdup (database_path);
  if (database_path)
    env->backup_folder = cabinet_backup_folder (database_path, NULL);
  if (purchase_date && g_date_valid (purchase_date))
    env->purchase_date = g_date_copy (purchase_date);
  env->timeout_ms = DEFAULT_TIMEOUT_MS;
  return env;
}

/* "2024-03-15" to a date, or NULL when it is not one. */
GDate *
cabinet_parse_iso_date (const char *text)
{
  unsigned int year, month, day;
  char tail;

  if (text == NULL || sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &tail) != 3
      || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return NULL;
  return g_date_new_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

/* The environment of the application and the command line: the purchase date
 * and the passphrase mode come from the settings, when there are any. */
CabinetCheckEnv *
cabinet_check_env_new_for_settings (GSettings  *settings,
                                    const char *database_path)
{
  g_autoptr(GDate) purchase = NULL;
  CabinetCheckEnv *env;

  if (settings)
    {
      g_autofree char *text = g_settings_get_string (settings, "hardware-purchase-date");
      purchase = cabinet_parse_iso_date (text);
    }
  env = cabinet_check_env_new (database_path, purchase);
  if (settings && database_path)
    {
      g_auto(GStrv) paths = g_settings_get_strv (settings, "passphrase-databases");
      g_autofree char *absolute = g_canonicalize_filename (database_path, NULL);
      g_autofree char *folder = g_settings_get_string (settings, "backup-folder");
      cabinet_check_env_set_passphrase (env, g_strv_contains ((const char * const *) paths, absolute));
      g_free (env->backup_folder);
      env->backup_folder = cabinet_backup_folder (database_path, folder);
    }
  return env;
}

CabinetCheckEnv *
cabinet_check_env_ref (CabinetCheckEnv *env)
{
  g_return_val_if_fail (env != NULL, NULL);
  g_atomic_ref_count_inc (&env->ref_count);
  return env;
}

void
cabinet_check_env_unref (CabinetCheckEnv *env)
{
  if (env == NULL || !g_atomic_ref_count_dec (&env->ref_count))
    return;
  g_free (env->sysroot);
  g_free (env->backup_folder);
  g_free (env->home);
  g_free (env->config_dir);
  g_free (env->desktop);
  g_free (env->database_path);
  g_clear_pointer (&env->purchase_date, g_date_free);
  g_clear_pointer (&env->now, g_date_time_unref);
  g_free (env);
}

void
cabinet_check_env_set_sysroot (CabinetCheckEnv *env,
                               const char      *sysroot)
{
  g_return_if_fail (env != NULL && sysroot != NULL);
  g_free (env->sysroot);
  env->sysroot = g_strdup (sysroot);
}

void
cabinet_check_env_set_home (CabinetCheckEnv *env,
                            const char      *home,
                            const char      *config_dir)
{
  g_return_if_fail (env != NULL && home != NULL && config_dir != NULL);
  g_free (env->home);
  g_free (env->config_dir);
  env->home = g_strdup (home);
  env->config_dir = g_strdup (config_dir);
}

void
cabinet_check_env_set_desktop (CabinetCheckEnv *env,
                               const char      *xdg_current_desktop)
{
  g_return_if_fail (env != NULL);
  g_free (env->desktop);
  env->desktop = g_strdup (xdg_current_desktop);
}

void
cabinet_check_env_set_now (CabinetCheckEnv *env,
                           GDateTime       *now)
{
  g_return_if_fail (env != NULL);
  g_clear_pointer (&env->now, g_date_time_unref);
  env->now = now ? g_date_time_ref (now) : NULL;
}

void
cabinet_check_env_set_passphrase (CabinetCheckEnv *env,
                                  gboolean         uses_passphrase)
{
  g_return_if_fail (env != NULL);
  env->passphrase = uses_passphrase;
}

gboolean
cabinet_check_env_get_passphrase (CabinetCheckEnv *env)
{
  return env->passphrase;
}

void
cabinet_check_env_set_backup_folder (CabinetCheckEnv *env,
                                     const char      *folder)
{
  g_return_if_fail (env != NULL);
  g_free (env->backup_folder);
  env->backup_folder = g_strdup (folder);
}

const char *
cabinet_check_env_get_backup_folder (CabinetCheckEnv *env)
{
  return env->backup_folder;
}

void
cabinet_check_env_set_timeout (CabinetCheckEnv *env,
                               guint            milliseconds)
{
  g_return_if_fail (env != NULL);
  env->timeout_ms = milliseconds;
}

const char *
cabinet_check_env_get_sysroot (CabinetCheckEnv *env)
{
  return env->sysroot;
}

const char *
cabinet_check_env_get_home (CabinetCheckEnv *env)
{
  return env->home;
}

const char *
cabinet_check_env_get_config_dir (CabinetCheckEnv *env)
{
  return env->config_dir;
}

const char *
cabinet_check_env_get_database_path (CabinetCheckEnv *env)
{
  return env->database_path;
}

GDate *
cabinet_check_env_get_purchase_date (CabinetCheckEnv *env)
{
  return env->purchase_date;
}

/* A new reference to the time the checks are made at. */
GDateTime *
cabinet_check_env_get_now (CabinetCheckEnv *env)
{
  return env->now ? g_date_time_ref (env->now) : g_date_time_new_now_utc ();
}

guint
cabinet_check_env_get_timeout (CabinetCheckEnv *env)
{
  return env->timeout_ms;
}

CabinetDesktop
cabinet_check_env_get_desktop (CabinetCheckEnv *env)
{
  g_auto(GStrv) names = NULL;

  if (env->desktop == NULL)
    return CABINET_DESKTOP_OTHER;
  /* XDG_CURRENT_DESKTOP is a colon-separated list, such as "ubuntu:GNOME". */
  names = g_strsplit (env->desktop, ":", -1);
  for (guint i = 0; names[i]; i++)
    {
      if (g_ascii_strcasecmp (names[i], "GNOME") == 0)
        return CABINET_DESKTOP_GNOME;
      if (g_ascii_strcasecmp (names[i], "KDE") == 0)
        return CABINET_DESKTOP_KDE;
    }
  return CABINET_DESKTOP_OTHER;
}

/* XDG_CURRENT_DESKTOP as it is, NULL when unset (a terminal over SSH, cron). */
const char *
cabinet_check_env_get_desktop_name (CabinetCheckEnv *env)
{
  return env->desktop && *env->desktop ? env->desktop : NULL;
}

static CabinetDistro
distro_from_id (const char *id)
{
  if (g_strcmp0 (id, "debian") == 0)
    return CABINET_DISTRO_DEBIAN;
  if (g_strcmp0 (id, "ubuntu") == 0)
    return CABINET_DISTRO_UBUNTU;
  if (g_strcmp0 (id, "fedora") == 0)
    return CABINET_DISTRO_FEDORA;
  return CABINET_DISTRO_OTHER;
}

/* ID first, then the first ID_LIKE that we know. */
CabinetDistro
cabinet_distro_from_os_release (const char *contents)
{
  g_auto(GStrv) lines = NULL;
  CabinetDistro like = CABINET_DISTRO_OTHER;

  g_return_val_if_fail (contents != NULL, CABINET_DISTRO_OTHER);

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      char *eq = strchr (lines[i], '=');
      g_autofree char *value = NULL;

      if (eq == NULL)
        continue;
      *eq = '\0';
      value = g_shell_unquote (eq + 1, NULL);
      if (value == NULL)
        continue;
      if (g_str_equal (lines[i], "ID") && distro_from_id (value) != CABINET_DISTRO_OTHER)
        return distro_from_id (value);
      if (g_str_equal (lines[i], "ID_LIKE") && like == CABINET_DISTRO_OTHER)
        {
          g_auto(GStrv) ids = g_strsplit (value, " ", -1);
          for (guint j = 0; ids[j] && like == CABINET_DISTRO_OTHER; j++)
            like = distro_from_id (ids[j]);
        }
    }
  return like;
}

CabinetDistro
cabinet_check_env_get_distro (CabinetCheckEnv *env)
{
  g_autofree char *contents = NULL;

  if (!cabinet_check_env_read (env, "/etc/os-release", &contents, NULL, NULL)
      && !cabinet_check_env_read (env, "/usr/lib/os-release", &contents, NULL, NULL))
    return CABINET_DISTRO_OTHER;
  return cabinet_distro_from_os_release (contents);
}

char *
cabinet_check_env_path (CabinetCheckEnv *env,
                        const char      *path)
{
  g_return_val_if_fail (path != NULL && g_path_is_absolute (path), NULL);
  return g_build_filename (env->sysroot, path, NULL);
}

gboolean
cabinet_check_env_read (CabinetCheckEnv  *env,
                        const char       *path,
                        char            **contents,
                        gsize            *length,
                        GError          **error)
{
  g_autofree char *real = cabinet_check_env_path (env, path);
  g_autoptr(GFile) file = g_file_new_for_path (real);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  guint8 buffer[8192];

  /* Files in /proc and /sys report a size of 0 or 4096 whatever they hold, so
   * they are read to the end, up to the cap. */
  stream = g_file_read (file, NULL, error);
  if (stream == NULL)
    return FALSE;
  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, sizeof buffer, NULL, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
      if (bytes->len + (gsize) n > CABINET_CHECK_MAX_FILE_SIZE)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s is larger than expected"), path);
          return FALSE;
        }
      g_byte_array_append (bytes, buffer, (guint) n);
    }

  if (length)
    *length = bytes->len;
  g_byte_array_append (bytes, (const guint8 *) "", 1);
  *contents = (char *) g_byte_array_free (g_steal_pointer (&bytes), FALSE);
  return TRUE;
}

/* The first line of a small file (a sysfs value), trimmed; NULL if unreadable. */
char *
cabinet_check_env_read_line (CabinetCheckEnv *env,
                             const char      *path)
{
  char *contents = NULL;
  char *newline;

  if (!cabinet_check_env_read (env, path, &contents, NULL, NULL))
    return NULL;
  newline = strchr (contents, '\n');
  if (newline)
    *newline = '\0';
  return g_strstrip (contents);
}

gboolean
cabinet_check_env_exists (CabinetCheckEnv *env,
                          const char      *path)
{
  g_autofree char *real = cabinet_check_env_path (env, path);
  return g_file_test (real, G_FILE_TEST_EXISTS);
}
