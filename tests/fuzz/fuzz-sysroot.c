/* fuzz-sysroot.c — the self-check's readers of files, through the checks
 * themselves, on a made-up system root: sysfs values (/sys/class/block, the
 * DMI dates and names, EFI variables), /proc (mounts, swaps, sockets),
 * os-release, display-manager, firewall and apt settings, kscreenlockerrc
 *
 * The input is a little archive, written by hand for the seeds:
 *
 *   == /proc/self/mountinfo
 *   25 1 254:1 / / rw,relatime shared:1 - ext4 /dev/mapper/vg-root rw
 *   == /sys/class/block/dm-1/dev
 *   254:1
 *   == /sys/class/block/dm-1/slaves/
 *
 * Each "== PATH" line starts a file (a folder when PATH ends with '/') holding
 * everything up to the next such line. The checks that need D-Bus, a keyring or
 * a program (system updates, the database) are not run.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cabinet-check.h"
#include "fuzz-common.h"

#define MAX_FILES 64
#define MAX_DEPTH 12
#define HOME      "/home/anna"

static char *root;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static void
remove_root (void)
{
  remove_tree (root);
}

/* In memory when the system has a place for it: the files are written and
 * removed again for every input, ten times faster than on a disk. */
static char *
make_root (void)
{
  if (g_access ("/dev/shm", W_OK) == 0)
    {
      char *path = g_build_filename ("/dev/shm", "cabinet-fuzz-sysroot-XXXXXX", NULL);

      if (g_mkdtemp (path) != NULL)
        return path;
      g_free (path);
    }
  return g_dir_make_tmp ("cabinet-fuzz-sysroot-XXXXXX", NULL);
}

/* "/sys/class/block/sda" under the root, or NULL for a path that is not plain:
 * relative, with "." or "..", too deep, or a name too long. */
static char *
real_path (const char *path,
           gsize       length)
{
  g_autofree char *copy = g_strndup (path, length);
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  if (copy[0] != '/' || strlen (copy) != length)
    return NULL;
  parts = g_strsplit (copy + 1, "/", -1);
  g_ptr_array_add (kept, root);
  for (guint i = 0; parts[i]; i++)
    {
      if (parts[i][0] == '\0')
        continue;
      if (g_str_equal (parts[i], ".") || g_str_equal (parts[i], "..") || strlen (parts[i]) > 255)
        return NULL;
      g_ptr_array_add (kept, parts[i]);
    }
  if (kept->len < 2 || kept->len > MAX_DEPTH + 1)
    return NULL;
  g_ptr_array_add (kept, NULL);
  return g_build_filenamev ((char **) kept->pdata);
}

static void
make_file (const char *path,
           gsize       path_length,
           const char *contents,
           gsize       length)
{
  g_autofree char *real = real_path (path, path_length);
  g_autofree char *parent = NULL;

  if (real == NULL)
    return;
  if (path[path_length - 1] == '/')
    {
      g_mkdir_with_parents (real, 0700);
      return;
    }
  parent = g_path_get_dirname (real);
  if (g_mkdir_with_parents (parent, 0700) != 0 || g_file_test (real, G_FILE_TEST_IS_DIR))
    return;
  g_file_set_contents (real, contents, (gssize) length, NULL);
}

/* Writes the files of the archive under the root. */
static void
unpack (const char *data,
        gsize       size)
{
  const char *end = data + size;
  const char *header = NULL;
  guint n_files = 0;

  if (size >= 3 && memcmp (data, "== ", 3) == 0)
    header = data;
  else
    header = size > 0 ? g_strstr_len (data, (gssize) size, "\n== ") : NULL;
  if (header && header != data)
    header++;

  while (header != NULL && n_files < MAX_FILES)
    {
      const char *path = header + 3;
      const char *newline = memchr (path, '\n', (gsize) (end - path));
      const char *path_end = newline ? newline : end;
      /* From the header's own newline, so that an empty file is followed at
       * once by the next header. */
      const char *next = newline ? g_strstr_len (newline, end - newline, "\n== ") : NULL;
      const char *contents = newline ? newline + 1 : end;
      const char *contents_end = next ? MAX (next, contents) : end;

      if (path_end > path)
        make_file (path, (gsize) (path_end - path), contents, (gsize) (contents_end - contents));
      n_files++;
      header = next ? next + 1 : NULL;
    }
}

/* fuzz_assert(), naming the check that failed. */
#define check_assert(name, expr) \
  G_STMT_START { \
    if (!(expr)) \
      { \
        fprintf (stderr, "the %s check:\n", name); \
        fuzz_fail (__FILE__, __LINE__, #expr); \
      } \
  } G_STMT_END

static void
check_result (const char         *name,
              CabinetCheckResult *result)
{
  check_assert (name, result != NULL);
  check_assert (name, result->status >= CABINET_CHECK_UNKNOWN && result->status <= CABINET_CHECK_FAIL);
  /* Shown in the window and stored: text, whatever the files held. */
  check_assert (name, result->summary != NULL && g_utf8_validate (result->summary, -1, NULL));
  check_assert (name, fuzz_is_text (result->evidence));
  check_assert (name, fuzz_is_text (result->remedy));
  cabinet_check_result_free (result);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(CabinetCheckEnv) env = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *home = NULL;
  g_autofree char *config = NULL;
  g_autofree char *copy = g_memdup2 (data, size);

  fuzz_init ();
  if (root == NULL)
    {
      /* Only what the made-up root holds: no settings of this computer. */
      g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
      root = make_root ();
      fuzz_assert (root != NULL);
      atexit (remove_root);
    }
  remove_tree (root);
  fuzz_assert (g_mkdir (root, 0700) == 0);
  unpack (copy ? copy : "", size);

  env = cabinet_check_env_new (HOME "/.local/share/cabinet/cabinet.db", NULL);
  cabinet_check_env_set_sysroot (env, root);
  /* The home folder is looked for in the mounts; its settings are read. */
  home = g_build_filename (root, HOME, NULL);
  config = g_build_filename (home, ".config", NULL);
  cabinet_check_env_set_home (env, HOME, config);
  cabinet_check_env_set_desktop (env, "KDE");
  now = g_date_time_new_utc (2026, 3, 15, 9, 30, 0);
  cabinet_check_env_set_now (env, now);
  cabinet_check_env_set_timeout (env, 1000);

  check_result ("disk-encryption", cabinet_check_disk_encryption (env, NULL));
  check_result ("hardware-age", cabinet_check_hardware_age (env, NULL));
  check_result ("secure-boot", cabinet_check_secure_boot (env, NULL));
  check_result ("firewall", cabinet_check_firewall (env, NULL));
  check_result ("remote-access", cabinet_check_remote_access (env, NULL));
  check_result ("auto-login", cabinet_check_auto_login (env, NULL));
  check_result ("screen-lock", cabinet_check_screen_lock (env, NULL));
  check_result ("automatic-updates", cabinet_check_automatic_updates (env, NULL));

  remove_tree (root);
  return 0;
}
