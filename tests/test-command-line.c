/* test-command-line.c — what Cabinet answers in a terminal, with no display
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <string.h>

static char *
run_cabinet (const char  *language,
             int         *status,
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
                               &out, NULL, status, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&out);
}

static void
test_version (void)
{
  int status;
  g_autofree char *out = run_cabinet ("en", &status, "--version", NULL);

  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (out, ==, "Cabinet " PACKAGE_VERSION "\n");
}

static void
test_help_is_localised (void)
{
  int status;
  g_autofree char *en = run_cabinet ("en", &status, "--help", NULL);
  g_autofree char *fr = NULL;

  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (en, "--database=FILE"));
  g_assert_nonnull (strstr (en, "Open the database FILE instead of the usual one"));

  fr = run_cabinet ("fr", &status, "--help", NULL);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (fr, "--database=FICHIER"));
  g_assert_null (strstr (fr, "Open the database FILE"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("CABINET_EXE") == NULL)
    g_error ("CABINET_EXE must name the cabinet executable (meson test sets it)");
  g_test_add_func ("/command-line/version", test_version);
  g_test_add_func ("/command-line/help-is-localised", test_help_is_localised);
  return g_test_run ();
}
