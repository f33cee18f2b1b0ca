/* test-command-line.c — what Cabinet answers in a terminal, with no display
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "cabinet-backup.h"
#include "cabinet-client-store.h"
#include "cabinet-keyring.h"
#include "cabinet-test-utils.h"

static char *
run_cabinet (const char  *language,
             int         *status,
             char       **err,
             const char  *first_arg,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("CABINET_EXE"));
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  /* No display at all: these answers must not need one. */
  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  envp = g_environ_setenv (envp, "LANGUAGE", language, TRUE);
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, err, status, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&out);
}

static void
test_version (void)
{
  int status;
  g_autofree char *out = run_cabinet ("en", &status, NULL, "--version", NULL);

  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (out, ==, "Cabinet " PACKAGE_VERSION "\n");
}

static void
test_help_is_localised (void)
{
  int status;
  g_autofree char *en = run_cabinet ("en", &status, NULL, "--help", NULL);
  g_autofree char *fr = NULL;

  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (en, "--database=FILE"));
  g_assert_nonnull (strstr (en, "Open the database FILE instead of the usual one"));

  fr = run_cabinet ("fr", &status, NULL, "--help", NULL);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (fr, "--database=FICHIER"));
  g_assert_null (strstr (fr, "Open the database FILE"));
}

/* For cron jobs: a backup written and verified with the key from the keyring, and
 * a broken one refused, exit status and reason, in the user's language. */
static void
test_backup (void)
{
  g_autofree char *dir = NULL, *path = NULL;
  g_autoptr(CabinetKey) key = NULL;
  g_autoptr(CabinetDatabase) db = cabinet_test_create_database (&dir, &path, &key);
  g_autoptr(CabinetClientStore) store = NULL;
  g_autoptr(CabinetClient) client = cabinet_client_new ("Europe/Paris");
  g_autoptr(GError) error = NULL;
  g_autofree char *database_arg = g_strconcat ("--database=", path, NULL);
  g_autofree char *copy = g_build_filename (dir, "copie.backup", NULL);
  g_autofree char *backup_arg = g_strconcat ("--backup=", copy, NULL);
  g_autofree char *verify_arg = g_strconcat ("--verify-backup=", copy, NULL);
  g_autofree char *out = NULL, *err = NULL, *contents = NULL;
  gsize length = 0;
  int status;

  store = cabinet_client_store_new (db, &error);
  g_assert_no_error (error);
  cabinet_client_set_text (client, CABINET_CLIENT_FIRST_NAME, "Hélène");
  cabinet_client_set_text (client, CABINET_CLIENT_LAST_NAME, "Dupont");
  g_assert_true (cabinet_client_store_save (store, client, &error));
  g_assert_no_error (error);
  g_assert_true (cabinet_keyring_store (path, key, &error));
  g_assert_no_error (error);

  out = run_cabinet ("en", &status, &err, database_arg, backup_arg, NULL);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "is good"));
  g_assert_nonnull (strstr (out, "Clients: 1\n"));
  g_assert_true (g_file_test (copy, G_FILE_TEST_EXISTS));
  g_assert_false (cabinet_test_file_contains (copy, "Hélène"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  out = run_cabinet ("fr", &status, &err, database_arg, verify_arg, NULL);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "Clients\u202f: 1\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Writing over a file is refused, and the file is left as it was. */
  out = run_cabinet ("en", &status, &err, database_arg, backup_arg, NULL);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err, "already exists"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A byte flipped in the middle: exit status 1, and why. */
  g_assert_true (g_file_get_contents (copy, &contents, &length, NULL));
  contents[length / 2 + 100] ^= 0x01;
  g_assert_true (g_file_set_contents (copy, contents, length, NULL));
  out = run_cabinet ("en", &status, &err, database_arg, verify_arg, NULL);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, "is damaged"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  out = run_cabinet ("fr", &status, &err, database_arg, verify_arg, NULL);
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, "endommagée"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_unlink (copy);
  out = run_cabinet ("en", &status, &err, database_arg, verify_arg, NULL);
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, "There is no backup at"));

  cabinet_keyring_forget (path, NULL);
  cabinet_database_close (db);
  cabinet_test_remove_database (g_steal_pointer (&dir), g_steal_pointer (&path), g_steal_pointer (&key));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("CABINET_EXE") == NULL)
    g_error ("CABINET_EXE must name the cabinet executable (meson test sets it)");
  g_test_add_func ("/command-line/version", test_version);
  g_test_add_func ("/command-line/help-is-localised", test_help_is_localised);
  g_test_add_func ("/command-line/backup", test_backup);
  return g_test_run ();
}
