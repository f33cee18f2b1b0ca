/* test-application.c — the application as started from the command line: the
 * database it is told to open, and the lock that follows the session's
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "cabinet-application.h"
#include "cabinet-keyring.h"
#include "cabinet-test-utils.h"
#include "cabinet-ui-test-utils.h"
#include "cabinet-window.h"

typedef struct {
  char *dir;
  char *path;
  gboolean locked_by_session;
  gboolean saw_main;
} Run;

static gboolean
window_shows (gpointer data)
{
  GtkApplication *app = data;
  GtkWindow *window = gtk_application_get_active_window (app);

  return window != NULL
         && g_strcmp0 (cabinet_window_get_visible_view (CABINET_WINDOW (window)), "main") == 0;
}

static gboolean
context_locked (gpointer data)
{
  return cabinet_context_is_locked (cabinet_application_get_context (data));
}

static gboolean
drive (gpointer user_data)
{
  GApplication *app = g_application_get_default ();
  Run *run = user_data;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

  /* The keyring opens the database given with --database, unasked. */
  cabinet_test_wait_for (window_shows, app, 60000);
  run->saw_main = TRUE;
  g_assert_cmpstr (cabinet_context_get_database_path (cabinet_application_get_context (CABINET_APPLICATION (app))),
                   ==, run->path);

  /* The desktop session locks (GNOME's screen saver says so on the bus). */
  g_dbus_connection_emit_signal (bus, NULL, "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver",
                                 "ActiveChanged", g_variant_new ("(b)", TRUE), NULL);
  cabinet_test_wait_for (context_locked, app, 60000);
  run->locked_by_session = TRUE;

  g_application_quit (app);
  return G_SOURCE_REMOVE;
}

static void
on_activate (GApplication *app,
             Run          *run)
{
  g_idle_add (drive, run);
}

static void
test_database_option_and_session_lock (void)
{
  Run run = { 0 };
  g_autoptr(CabinetKey) key = cabinet_key_new_random ();
  g_autoptr(CabinetPractitioner) p = cabinet_test_practitioner ("Inès Loriot");
  g_autoptr(CabinetApplication) app = NULL;
  g_autoptr(CabinetDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *option = NULL;
  char *argv[3];

  run.dir = cabinet_test_make_dir ();
  run.path = g_build_filename (run.dir, "autre cabinet.db", NULL);

  /* A practice set up earlier: its key in the keyring, its profile saved. */
  db = cabinet_database_open (run.path, key, CABINET_DATABASE_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (cabinet_practitioner_save (p, db, &error));
  cabinet_database_close (db);
  g_assert_true (cabinet_keyring_store (run.path, key, &error));

  option = g_strconcat ("--database=", run.path, NULL);
  argv[0] = (char *) "cabinet";
  argv[1] = option;
  argv[2] = NULL;

  app = cabinet_application_new ();
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 2, argv), ==, 0);

  g_assert_true (run.saw_main);
  g_assert_true (run.locked_by_session);

  cabinet_keyring_forget (run.path, NULL);
  cabinet_test_remove_dir (run.dir);
  g_free (run.dir);
  g_free (run.path);
}

int
main (int argc, char *argv[])
{
  cabinet_ui_test_init (&argc, &argv);
  g_test_add_func ("/application/database-option-and-session-lock", test_database_option_and_session_lock);
  return g_test_run ();
}
