/* cabinet-application.c — the application: command line, actions, session lock
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cabinet-application.h"
#include "cabinet-backup.h"
#include "cabinet-keyring.h"
#include "cabinet-preferences-window.h"
#include "cabinet-reminders.h"
#include "cabinet-self-check.h"
#include "cabinet-window.h"

struct _CabinetApplication
{
  AdwApplication  parent_instance;
  char           *database_path;
  CabinetContext *context;
  CabinetReminders *reminders;
  guint           screensaver_gnome_id;
  guint           screensaver_fdo_id;
  GDBusConnection *session_bus;
};

G_DEFINE_FINAL_TYPE (CabinetApplication, cabinet_application, ADW_TYPE_APPLICATION)

static const GOptionEntry options[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version of Cabinet and exit"), NULL },
  { "database", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the database FILE instead of the usual one"), N_("FILE") },
  { "self-check", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Check this computer’s security, print a report and exit (no display needed)"), NULL },
  { "json", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --self-check, print the report as JSON"), NULL },
  { "backup", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write a verified, encrypted backup of the database to FILE and exit (no display needed)"), N_("FILE") },
  { "verify-backup", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Check that the backup FILE opens with the database’s key and is whole, and exit"), N_("FILE") },
  { NULL }
};

CabinetApplication *
cabinet_application_new (void)
{
  return g_object_new (CABINET_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/cabinetapp/Cabinet",
                       NULL);
}

CabinetContext *
cabinet_application_get_context (CabinetApplication *self)
{
  g_return_val_if_fail (CABINET_IS_APPLICATION (self), NULL);
  return self->context;
}

/* Runs before any display is opened: what is answered here works in a terminal
 * with no desktop. */
/* Settings when the schema is installed: the command line works without it. */
static GSettings *
settings_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  return schema ? g_settings_new_full (schema, NULL, NULL) : NULL;
}

/* Exit status: 0 when no check fails, 1 when one does, 2 when the self-check
 * itself could not run. */
static int
run_self_check (const char *database_path,
                gboolean    json)
{
  g_autoptr(GSettings) settings = settings_if_installed ();
  g_autofree char *default_path = NULL;
  g_autoptr(CabinetCheckEnv) env = NULL;
  g_autoptr(CabinetSelfCheck) check = cabinet_self_check_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *report = NULL;

  if (database_path == NULL)
    database_path = default_path = cabinet_database_default_path ();
  env = cabinet_check_env_new_for_settings (settings, database_path);

  if (!cabinet_self_check_run_sync (check, env, &error))
    {
      g_printerr (_("The self-check could not run: %s\n"), error->message);
      return 2;
    }
  report = json ? cabinet_self_check_to_json (check) : cabinet_self_check_to_text (check);
  g_print ("%s", report);
  return cabinet_self_check_get_verdict (check) == CABINET_CHECK_FAIL ? 1 : 0;
}

/* The key of @database_path as the application would find it: the passphrase read
 * from standard input for a database in passphrase mode, else the keyring's. */
static CabinetKey *
command_line_key (GSettings   *settings,
                  const char  *database_path,
                  GError     **error)
{
  g_auto(GStrv) passphrase_paths = settings ? g_settings_get_strv (settings, "passphrase-databases") : NULL;
  char line[1024];
  CabinetKey *key;

  if (passphrase_paths == NULL
      || !g_strv_contains ((const char * const *) passphrase_paths, database_path))
    return cabinet_keyring_lookup (database_path, error);

  /* For scripts: the passphrase on one line of standard input, never an argument
   * (other users can read a process's arguments). */
  if (isatty (STDIN_FILENO))
    g_printerr ("%s", _("Passphrase: "));
  if (fgets (line, sizeof line, stdin) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("This database opens with a passphrase: give it on standard input."));
      return NULL;
    }
  line[strcspn (line, "\r\n")] = '\0';
  key = cabinet_key_new_passphrase (line);
  explicit_bzero (line, sizeof line);
  return key;
}

/* Exit status: 0 when the backup was written and verified (or, with @verify, when
 * it is good), 1 when not, with the reason on standard error. */
static int
run_backup (const char *database_path,
            const char *file,
            gboolean    verify)
{
  g_autoptr(GSettings) settings = settings_if_installed ();
  g_autofree char *default_path = NULL;
  g_autofree char *canonical = NULL;
  g_autoptr(CabinetKey) key = NULL;
  g_autoptr(CabinetDatabase) database = NULL;
  g_autoptr(CabinetBackup) backup = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;
  g_autofree char *when = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (database_path == NULL)
    database_path = default_path = cabinet_database_default_path ();
  canonical = g_canonicalize_filename (file, NULL);
  display = g_filename_display_name (canonical);

  if (!cabinet_database_check_library (&error))
    goto fail;
  key = command_line_key (settings, database_path, &error);
  if (key == NULL)
    goto fail;

  if (verify)
    backup = cabinet_backup_inspect (canonical, key, &error);
  else
    {
      database = cabinet_database_open (database_path, key, CABINET_DATABASE_OPEN_EXISTING, &error);
      if (database != NULL)
        backup = cabinet_backup_write (database, canonical, NULL, &error);
    }
  if (backup == NULL)
    goto fail;

  local = g_date_time_to_local (cabinet_backup_get_made_at (backup));
  when = g_date_time_format (local, "%c");
  g_print (_("%s is good.\n"), display);
  g_print (_("Made: %s\n"), when);
  g_print (_("Clients: %d\n"), (int) cabinet_backup_get_n_clients (backup));
  g_print (_("Sessions: %d\n"), (int) cabinet_backup_get_n_sessions (backup));
  g_print (_("Payments: %d\n"), (int) cabinet_backup_get_n_payments (backup));
  return 0;

fail:
  g_printerr ("%s\n", error->message);
  return 1;
}

static int
cabinet_application_handle_local_options (GApplication *app,
                                          GVariantDict *dict)
{
  CabinetApplication *self = CABINET_APPLICATION (app);
  const char *path = NULL;

  if (g_variant_dict_contains (dict, "version"))
    {
      g_print ("%s %s\n", "Cabinet", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (dict, "database", "^&ay", &path))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

      self->database_path = g_file_get_path (file);
      /* Another database is another practice: do not hand it to a running
       * instance that has its own open. */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }

  if (g_variant_dict_lookup (dict, "backup", "^&ay", &path))
    return run_backup (self->database_path, path, FALSE);
  if (g_variant_dict_lookup (dict, "verify-backup", "^&ay", &path))
    return run_backup (self->database_path, path, TRUE);

  if (g_variant_dict_contains (dict, "self-check"))
    return run_self_check (self->database_path, g_variant_dict_contains (dict, "json"));
  if (g_variant_dict_contains (dict, "json"))
    {
      g_printerr ("%s\n", _("--json goes with --self-check."));
      return 2;
    }

  return -1;
}

static void
on_screensaver_active (GDBusConnection *connection,
                       const char      *sender,
                       const char      *object_path,
                       const char      *interface,
                       const char      *signal,
                       GVariant        *parameters,
                       gpointer         user_data)
{
  CabinetApplication *self = user_data;
  gboolean active = FALSE;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    return;
  g_variant_get (parameters, "(b)", &active);
  if (active && g_settings_get_boolean (cabinet_context_get_settings (self->context), "lock-on-session-lock"))
    cabinet_context_lock (self->context);
}

/* GNOME and KDE both announce the session lock on the session bus. */
static void
watch_session_lock (CabinetApplication *self)
{
  g_autoptr(GError) error = NULL;

  self->session_bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (self->session_bus == NULL)
    {
      g_debug ("No session bus, Cabinet will not lock with the session: %s", error->message);
      return;
    }
  self->screensaver_gnome_id =
    g_dbus_connection_signal_subscribe (self->session_bus, NULL, "org.gnome.ScreenSaver",
                                        "ActiveChanged", NULL, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        on_screensaver_active, self, NULL);
  self->screensaver_fdo_id =
    g_dbus_connection_signal_subscribe (self->session_bus, NULL, "org.freedesktop.ScreenSaver",
                                        "ActiveChanged", NULL, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        on_screensaver_active, self, NULL);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *developers[] = { "The Cabinet developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Cabinet"),
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Cabinet developers"),
                         "developers", developers,
                         "comments", _("The workstation of a psychotherapist who works online: clients, consent forms, sessions, payments, and a security check of the computer, kept in one encrypted database."),
                         "website", "https://github.com/cabinetapp/cabinet",
                         "issue-url", "https://github.com/cabinetapp/cabinet/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: put your names here, one per line. */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  CabinetApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  CabinetPreferencesWindow *prefs;

  if (cabinet_context_is_locked (self->context))
    return;
  prefs = cabinet_preferences_window_new (self->context);
  gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  gtk_window_present (GTK_WINDOW (prefs));
}

/* A reminder was clicked: the day's sessions, ready to start. */
static void
show_today_activated (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  GApplication *app = user_data;
  GtkWindow *window;

  g_application_activate (app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "today");
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
  { "preferences", preferences_activated },
  { "show-today", show_today_activated },
};

static void
update_preferences_enabled (CabinetApplication *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "preferences");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), !cabinet_context_is_locked (self->context));
}

static void
cabinet_application_startup (GApplication *app)
{
  CabinetApplication *self = CABINET_APPLICATION (app);
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (cabinet_application_parent_class)->startup (app);

  if (!cabinet_database_check_library (&error))
    g_error ("%s", error->message);

  if (self->database_path == NULL)
    self->database_path = cabinet_database_default_path ();

  settings = g_settings_new (APPLICATION_ID);
  self->context = cabinet_context_new (self->database_path, settings);
  g_signal_connect_object (self->context, "notify::locked",
                           G_CALLBACK (update_preferences_enabled), self, G_CONNECT_SWAPPED);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  update_preferences_enabled (self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", prefs_accels);

  watch_session_lock (self);
  self->reminders = cabinet_reminders_new (self->context, app);
  /* The published calendar follows the schedule from the first unlock. */
  cabinet_context_get_calendar_sync (self->context);
  /* The day's backup is made while Cabinet runs. */
  cabinet_context_get_backups (self->context);
}

static void
cabinet_application_activate (GApplication *app)
{
  CabinetApplication *self = CABINET_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  /* Launched again while the first window waits for the keyring: it still waits. */
  if (window == NULL)
    {
      /* The keyring answers while the window is built. */
      cabinet_context_ask_keyring_ahead (self->context);
      cabinet_window_present_when_ready (cabinet_window_new (self, self->context));
    }
  else if (CABINET_IS_WINDOW (window))
    cabinet_window_present_when_ready (CABINET_WINDOW (window));
  else
    gtk_window_present (window);
}

static void
cabinet_application_shutdown (GApplication *app)
{
  CabinetApplication *self = CABINET_APPLICATION (app);

  if (self->session_bus)
    {
      g_dbus_connection_signal_unsubscribe (self->session_bus, self->screensaver_gnome_id);
      g_dbus_connection_signal_unsubscribe (self->session_bus, self->screensaver_fdo_id);
    }
  if (self->context)
    {
      /* The day's work, kept before the key goes. */
      cabinet_backup_keeper_back_up_before_quit (cabinet_context_get_backups (self->context));
      cabinet_context_lock (self->context);
    }

  G_APPLICATION_CLASS (cabinet_application_parent_class)->shutdown (app);
}

static void
cabinet_application_finalize (GObject *object)
{
  CabinetApplication *self = CABINET_APPLICATION (object);

  g_clear_object (&self->reminders);
  g_clear_object (&self->context);
  g_clear_object (&self->session_bus);
  g_free (self->database_path);

  G_OBJECT_CLASS (cabinet_application_parent_class)->finalize (object);
}

static void
cabinet_application_class_init (CabinetApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = cabinet_application_finalize;
  app_class->handle_local_options = cabinet_application_handle_local_options;
  app_class->startup = cabinet_application_startup;
  app_class->activate = cabinet_application_activate;
  app_class->shutdown = cabinet_application_shutdown;
}

static void
cabinet_application_init (CabinetApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Cabinet keeps a psychotherapist’s clients, consent forms, sessions and payments in one encrypted database."));
}
