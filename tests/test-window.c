/* test-window.c — the window as a therapist meets it: first run, pages, lock,
 * unlock, restart, recovery key, idle lock and Preferences
 * Runs under Xvfb with a private D-Bus session and a throwaway keyring.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <string.h>

#include "cabinet-keyring.h"
#include "cabinet-preferences-window.h"
#include "cabinet-test-utils.h"
#include "cabinet-ui-test-utils.h"
#include "cabinet-unlock-page.h"
#include "cabinet-welcome.h"
#include "cabinet-window.h"

typedef struct {
  char           *dir;
  char           *path;
  GSettings      *settings;
  CabinetContext *context;
  CabinetWindow  *window;
  char           *first_view;   /* what the window showed when it first appeared */
} Fixture;

static void
note_first_view (Fixture *f)
{
  if (f->first_view == NULL)
    f->first_view = g_strdup (cabinet_window_get_visible_view (f->window));
}

static gboolean
window_shown (gpointer data)
{
  Fixture *f = data;

  return f->first_view != NULL;
}

/* As the application starts: the window appears once it knows what to show. */
static void
open_window (Fixture *f)
{
  f->context = cabinet_context_new (f->path, f->settings);
  cabinet_context_ask_keyring_ahead (f->context);
  f->window = cabinet_window_new (NULL, f->context);
  /* However slow the machine, the keyring's answer is waited for. */
  cabinet_window_set_ready_wait (f->window, 60000);
  g_clear_pointer (&f->first_view, g_free);
  g_signal_connect_swapped (f->window, "show", G_CALLBACK (note_first_view), f);
  cabinet_window_present_when_ready (f->window);
  cabinet_test_wait_for (window_shown, f, 60000);
  cabinet_ui_settle ();
}

/* As quitting and starting again does: nothing survives but the files. */
static void
close_window (Fixture *f)
{
  cabinet_context_lock (f->context);
  gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = NULL;
  g_clear_object (&f->context);
  cabinet_ui_settle ();
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();

  f->dir = cabinet_test_make_dir ();
  f->path = g_build_filename (f->dir, "cabinet.db", NULL);
  f->settings = g_settings_new_with_backend (APPLICATION_ID, backend);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->window)
    close_window (f);
  cabinet_keyring_forget (f->path, NULL);
  g_clear_object (&f->settings);
  g_free (f->first_view);
  cabinet_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

typedef struct {
  Fixture    *f;
  const char *view;
} ViewWait;

static gboolean
view_is (gpointer data)
{
  ViewWait *w = data;
  return g_strcmp0 (cabinet_window_get_visible_view (w->f->window), w->view) == 0;
}

static void
wait_for_view (Fixture    *f,
               const char *view)
{
  ViewWait w = { f, view };
  cabinet_test_wait_for (view_is, &w, 60000);
  /* The stack has switched; its new child is on screen (mapped) a frame later. */
  cabinet_ui_settle ();
}

static CabinetWelcome *
welcome (Fixture *f)
{
  return CABINET_WELCOME (cabinet_ui_find_by_type (GTK_WIDGET (f->window), CABINET_TYPE_WELCOME));
}

static void
type_into (CabinetProfileEditor *editor,
           const char           *field,
           const char           *text)
{
  GtkWidget *widget = cabinet_profile_editor_get_field (editor, field);

  g_assert_nonnull (widget);
  gtk_editable_set_text (GTK_EDITABLE (widget), text);
}

static gboolean
welcome_step_is_recovery (gpointer data)
{
  return g_strcmp0 (cabinet_welcome_get_step (data), "recovery") == 0;
}

/* The first run through the real buttons; returns the recovery key shown. */
static char *
complete_first_run (Fixture *f)
{
  CabinetWelcome *w;
  CabinetProfileEditor *editor;
  GtkWidget *finish;

  open_window (f);
  /* No file yet: nothing to wait for. */
  g_assert_cmpstr (f->first_view, ==, "welcome");
  wait_for_view (f, "welcome");
  w = welcome (f);
  g_assert_cmpstr (cabinet_welcome_get_step (w), ==, "intro");
  cabinet_ui_click (GTK_WIDGET (f->window), "_Set Up My Practice");
  g_assert_cmpstr (cabinet_welcome_get_step (w), ==, "profile");
  editor = cabinet_welcome_get_profile_editor (w);

  /* Next with an empty form: nothing moves, and each problem is shown under its
   * field. */
  cabinet_ui_click (GTK_WIDGET (f->window), "_Next");
  g_assert_cmpstr (cabinet_welcome_get_step (w), ==, "profile");
  g_assert_nonnull (cabinet_profile_editor_get_issue (editor, "full_name"));
  g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (editor),
                                                   cabinet_profile_editor_get_issue (editor, "full_name")));
  g_assert_true (gtk_widget_has_css_class (cabinet_profile_editor_get_field (editor, "full_name"), "error"));

  type_into (editor, "full_name", "Hélène Marchand-Œstrup");
  type_into (editor, "title", "Psychologue clinicienne");
  type_into (editor, "adeli", "759312345");
  type_into (editor, "email", "helene@");
  type_into (editor, "fee", "60,00");
  type_into (editor, "video_platform", "Jitsi");
  type_into (editor, "video_link", "https://meet.example.fr/helene");
  type_into (editor, "fallback_phone", "+33 6 12 34 56 78");

  /* The one mistake left is the e-mail address: its message appears as it is
   * typed, and the name's goes away. */
  g_assert_null (cabinet_profile_editor_get_issue (editor, "full_name"));
  g_assert_false (gtk_widget_has_css_class (cabinet_profile_editor_get_field (editor, "full_name"), "error"));
  cabinet_ui_click (GTK_WIDGET (f->window), "_Next");
  g_assert_cmpstr (cabinet_welcome_get_step (w), ==, "profile");
  g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (editor),
                                                   cabinet_profile_editor_get_issue (editor, "email")));
  type_into (editor, "email", "helene@cabinet-exemple.fr");
  g_assert_true (cabinet_profile_editor_is_valid (editor));

  cabinet_ui_click (GTK_WIDGET (f->window), "_Next");
  g_assert_cmpstr (cabinet_welcome_get_step (w), ==, "key");
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));

  cabinet_ui_click (GTK_WIDGET (f->window), "_Create My Database");
  cabinet_test_wait_for (welcome_step_is_recovery, w, 60000);
  g_assert_true (g_file_test (f->path, G_FILE_TEST_EXISTS));
  g_assert_true (cabinet_key_looks_like_recovery (cabinet_welcome_get_recovery_key (w)));
  g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (f->window), cabinet_welcome_get_recovery_key (w)));

  /* The key can be printed, or saved as a PDF to print elsewhere. */
  cabinet_ui_settle ();
  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *button = cabinet_ui_find_button (GTK_WIDGET (f->window), i ? "Save as P_DF…" : "_Print…");

      g_assert_nonnull (button);
      g_assert_true (gtk_widget_is_sensitive (button));
    }
  cabinet_ui_save_shot (GTK_WIDGET (f->window), "welcome-recovery");

  /* Cabinet opens only once the therapist says the key is written down. */
  finish = cabinet_ui_find_button (GTK_WIDGET (f->window), "_Open Cabinet");
  g_assert_false (gtk_widget_is_sensitive (finish));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (cabinet_ui_find_check (GTK_WIDGET (f->window),
                                                                        "I have written down my recovery key")),
                               TRUE);

  {
    char *recovery = g_strdup (cabinet_welcome_get_recovery_key (w));
    cabinet_ui_click (GTK_WIDGET (f->window), "_Open Cabinet");
    wait_for_view (f, "main");
    /* The window no longer holds the recovery key once it is written down. */
    g_assert_null (cabinet_welcome_get_recovery_key (w));
    return recovery;
  }
}

static void
test_first_run_pages_lock_restart (Fixture *f, gconstpointer data)
{
  static const char *pages[] = { "today", "clients", "schedule", "payments", "security" };
  g_autofree char *recovery = complete_first_run (f);
  CabinetPractitioner *practitioner;

  /* Every page is reachable, and each one that has not landed says so. */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", pages[i]);
      cabinet_ui_settle ();
      g_assert_cmpstr (cabinet_window_get_visible_page (f->window), ==, pages[i]);
    }
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "today");
  cabinet_ui_settle ();
  g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (f->window), "Hello, Hélène Marchand-Œstrup"));

  /* Lock: the records close and only the unlock screen remains. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL);
  wait_for_view (f, "unlock");
  g_assert_true (cabinet_context_is_locked (f->context));
  g_assert_null (cabinet_ui_find_visible_label (GTK_WIDGET (f->window), "Hello, Hélène Marchand-Œstrup"));
  cabinet_ui_click (GTK_WIDGET (f->window), "_Unlock");
  wait_for_view (f, "main");

  /* Restart: the profile is still there, and the keyring opens it unasked. The
   * window appears with the records, not with an unlock screen that goes at once. */
  close_window (f);
  open_window (f);
  g_assert_cmpstr (f->first_view, ==, "main");
  wait_for_view (f, "main");
  practitioner = cabinet_context_get_practitioner (f->context);
  g_assert_cmpstr (cabinet_practitioner_get_text (practitioner, CABINET_PRACTITIONER_FULL_NAME), ==, "Hélène Marchand-Œstrup");
  g_assert_cmpint (cabinet_practitioner_get_fee (practitioner), ==, 6000);
  g_assert_cmpstr (cabinet_practitioner_get_text (practitioner, CABINET_PRACTITIONER_ADELI), ==, "759312345");
}

static gboolean
unlock_has_message (gpointer data)
{
  Fixture *f = data;
  CabinetUnlockPage *page = CABINET_UNLOCK_PAGE (cabinet_ui_find_by_type (GTK_WIDGET (f->window), CABINET_TYPE_UNLOCK_PAGE));
  return page && *cabinet_unlock_page_get_message (page) != '\0';
}

static void
type_secret (Fixture    *f,
             const char *text)
{
  GtkWidget *row = cabinet_ui_find_by_type (GTK_WIDGET (f->window), ADW_TYPE_PASSWORD_ENTRY_ROW);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
test_recovery_key_when_keyring_lost (Fixture *f, gconstpointer data)
{
  g_autofree char *recovery = complete_first_run (f);
  g_autofree char *typo = g_strdup (recovery);
  CabinetUnlockPage *page;
  g_autoptr(CabinetKey) stored = NULL;
  g_autoptr(GError) error = NULL;

  close_window (f);
  g_assert_true (cabinet_keyring_forget (f->path, NULL));

  open_window (f);
  /* It appears once the keyring has failed, saying why. */
  g_assert_cmpstr (f->first_view, ==, "unlock");
  g_assert_true (unlock_has_message (f));
  wait_for_view (f, "unlock");
  page = CABINET_UNLOCK_PAGE (cabinet_ui_find_by_type (GTK_WIDGET (f->window), CABINET_TYPE_UNLOCK_PAGE));
  g_assert_nonnull (strstr (cabinet_unlock_page_get_message (page), "recovery key"));

  /* A typing mistake is named as one, before any slow attempt. */
  typo[0] = typo[0] == 'A' ? 'B' : 'A';
  type_secret (f, typo);
  cabinet_ui_click (GTK_WIDGET (f->window), "_Open My Records");
  g_assert_nonnull (strstr (cabinet_unlock_page_get_message (page), "typing mistake"));
  g_assert_cmpstr (cabinet_window_get_visible_view (f->window), ==, "unlock");

  type_secret (f, recovery);
  cabinet_ui_click (GTK_WIDGET (f->window), "_Open My Records");
  wait_for_view (f, "main");

  /* The key is back in the keyring: the next start needs nothing typed. */
  stored = cabinet_keyring_lookup (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  close_window (f);
  open_window (f);
  wait_for_view (f, "main");
}

static void
test_idle_lock (Fixture *f, gconstpointer data)
{
  g_autofree char *recovery = complete_first_run (f);
  gint64 t0 = g_get_monotonic_time ();

  g_settings_set_uint (f->settings, "idle-lock-minutes", 5);
  cabinet_window_note_activity (f->window, t0);
  g_assert_false (cabinet_window_check_idle (f->window, t0 + 4 * 60 * G_USEC_PER_SEC));
  g_assert_cmpstr (cabinet_window_get_visible_view (f->window), ==, "main");
  g_assert_true (cabinet_window_check_idle (f->window, t0 + 6 * 60 * G_USEC_PER_SEC));
  wait_for_view (f, "unlock");
  g_assert_true (cabinet_context_is_locked (f->context));

  /* 0 means never. */
  cabinet_ui_click (GTK_WIDGET (f->window), "_Unlock");
  wait_for_view (f, "main");
  g_settings_set_uint (f->settings, "idle-lock-minutes", 0);
  g_assert_false (cabinet_window_check_idle (f->window, t0 + (gint64) 600 * 60 * G_USEC_PER_SEC));
}

static void
test_passphrase_first_run (Fixture *f, gconstpointer data)
{
  CabinetWelcome *w;
  CabinetProfileEditor *editor;
  GtkWidget *row;
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetKey) stored = NULL;

  open_window (f);
  w = welcome (f);
  cabinet_ui_click (GTK_WIDGET (f->window), "_Set Up My Practice");
  editor = cabinet_welcome_get_profile_editor (w);
  type_into (editor, "full_name", "Paul Martin");
  type_into (editor, "title", "Psychothérapeute");
  type_into (editor, "email", "paul@exemple.fr");
  type_into (editor, "fee", "55");
  type_into (editor, "session_phone", "+33 1 23 45 67 89");
  cabinet_ui_click (GTK_WIDGET (f->window), "_Next");
  g_assert_cmpstr (cabinet_welcome_get_step (w), ==, "key");

  /* Choose the passphrase: its radio button, in its row. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (cabinet_ui_find_by_type (cabinet_ui_find_row (GTK_WIDGET (f->window),
                                                                                               "With a passphrase"),
                                                                          GTK_TYPE_CHECK_BUTTON)),
                               TRUE);
  cabinet_ui_settle ();

  row = cabinet_ui_find_row (GTK_WIDGET (f->window), "Passphrase");
  gtk_editable_set_text (GTK_EDITABLE (row), "court");
  cabinet_ui_click (GTK_WIDGET (f->window), "_Create My Database");
  g_assert_nonnull (strstr (cabinet_welcome_get_message (w), "12 characters"));
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));

  gtk_editable_set_text (GTK_EDITABLE (row), "les tilleuls de la place");
  cabinet_ui_click (GTK_WIDGET (f->window), "_Create My Database");
  g_assert_nonnull (strstr (cabinet_welcome_get_message (w), "differ"));

  gtk_editable_set_text (GTK_EDITABLE (cabinet_ui_find_row (GTK_WIDGET (f->window), "Passphrase again")),
                         "les tilleuls de la place");
  cabinet_ui_click (GTK_WIDGET (f->window), "_Create My Database");
  wait_for_view (f, "main");

  /* No key in the keyring; the passphrase reopens it after a restart. */
  stored = cabinet_keyring_lookup (f->path, &error);
  g_assert_null (stored);
  close_window (f);
  open_window (f);
  wait_for_view (f, "unlock");
  type_secret (f, "les tilleuls de la place");
  cabinet_ui_click (GTK_WIDGET (f->window), "_Open My Records");
  wait_for_view (f, "main");
  g_assert_cmpstr (cabinet_practitioner_get_text (cabinet_context_get_practitioner (f->context),
                                                  CABINET_PRACTITIONER_FULL_NAME), ==, "Paul Martin");
}

static void
test_preferences_edit_profile (Fixture *f, gconstpointer data)
{
  g_autofree char *recovery = complete_first_run (f);
  CabinetPreferencesWindow *prefs = cabinet_preferences_window_new (f->context);
  CabinetProfileEditor *editor = cabinet_preferences_window_get_profile_editor (prefs);
  g_autoptr(CabinetPractitioner) reloaded = NULL;
  g_autoptr(GError) error = NULL;

  gtk_window_present (GTK_WINDOW (prefs));
  cabinet_ui_settle ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cabinet_profile_editor_get_field (editor, "full_name"))),
                   ==, "Hélène Marchand-Œstrup");

  /* An invalid change is shown and never saved. */
  type_into (editor, "email", "pas-une-adresse");
  g_assert_false (cabinet_profile_editor_is_valid (editor));
  g_assert_false (cabinet_preferences_window_save_now (prefs));
  reloaded = cabinet_practitioner_load (cabinet_context_get_database (f->context), &error);
  g_assert_cmpstr (cabinet_practitioner_get_text (reloaded, CABINET_PRACTITIONER_EMAIL), ==, "helene@cabinet-exemple.fr");
  g_clear_object (&reloaded);

  /* A valid one is. */
  type_into (editor, "email", "h.marchand@exemple.fr");
  type_into (editor, "rpps", "10001234567");
  g_assert_true (cabinet_preferences_window_save_now (prefs));
  reloaded = cabinet_practitioner_load (cabinet_context_get_database (f->context), &error);
  g_assert_cmpstr (cabinet_practitioner_get_text (reloaded, CABINET_PRACTITIONER_EMAIL), ==, "h.marchand@exemple.fr");
  g_assert_cmpstr (cabinet_practitioner_get_text (reloaded, CABINET_PRACTITIONER_RPPS), ==, "10001234567");

  /* Locking closes Preferences with the records. */
  g_object_add_weak_pointer (G_OBJECT (prefs), (gpointer *) &prefs);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL);
  cabinet_ui_settle ();
  g_assert_null (prefs);
}

static gboolean
self_check_done (gpointer data)
{
  Fixture *f = data;
  CabinetSelfCheck *check = cabinet_context_get_self_check (f->context);
  return cabinet_self_check_get_checked_at (check) != NULL && !cabinet_self_check_get_running (check);
}

static int
count_runs (Fixture *f)
{
  g_autoptr(sqlite3_stmt) stmt = cabinet_database_prepare (cabinet_context_get_database (f->context),
                                                            "SELECT count(*) FROM self_check_runs", NULL);
  sqlite3_step (stmt);
  return sqlite3_column_int (stmt, 0);
}

static void
test_security_page (Fixture *f, gconstpointer data)
{
  g_autofree char *recovery = complete_first_run (f);
  static const char *titles[] = {
    "Disk encryption", "Screen lock", "System updates", "Age of the computer", "Automatic login",
    "Firewall", "Automatic security updates", "Secure Boot", "Remote access", "Cabinet’s database",
  };
  CabinetSelfCheck *check = cabinet_context_get_self_check (f->context);
  GDateTime *first;
  g_autoptr(GDateTime) first_copy = NULL;

  /* Opening the page runs the check; every check gets its row and its answer. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "security");
  cabinet_test_wait_for (self_check_done, f, 60000);
  cabinet_ui_settle ();
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      GtkWidget *row = cabinet_ui_find_row (GTK_WIDGET (f->window), titles[i]);
      CabinetCheckItem *item = cabinet_self_check_find (check, ((const char *[]) {
        "disk-encryption", "screen-lock", "os-updates", "hardware-age", "auto-login",
        "firewall", "automatic-updates", "secure-boot", "remote-access", "cabinet-database" })[i]);

      g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), ==,
                       cabinet_check_item_get_summary (item));
    }
  g_assert_cmpint (count_runs (f), ==, 1);

  /* Run Again: a second run, kept in the history too. */
  first = cabinet_self_check_get_checked_at (check);
  first_copy = g_date_time_ref (first);
  g_usleep (1100 * 1000);
  cabinet_ui_click (GTK_WIDGET (f->window), "_Run Again");
  g_assert_true (cabinet_self_check_get_running (check) || self_check_done (f));
  cabinet_test_wait_for (self_check_done, f, 60000);
  g_assert_true (g_date_time_compare (cabinet_self_check_get_checked_at (check), first_copy) > 0);
  g_assert_cmpint (count_runs (f), ==, 2);
}

static void
test_purchase_date (Fixture *f, gconstpointer data)
{
  g_autofree char *recovery = complete_first_run (f);
  CabinetPreferencesWindow *prefs = cabinet_preferences_window_new (f->context);
  GtkWidget *row;
  g_autofree char *stored = NULL;

  gtk_window_present (GTK_WINDOW (prefs));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "security");
  cabinet_ui_settle ();
  row = cabinet_ui_find_row (GTK_WIDGET (prefs), "Purchase date (YYYY-MM-DD)");

  gtk_editable_set_text (GTK_EDITABLE (row), "2024-13-40");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (prefs), "Write the date as year-month-day, for example 2024-03-15."));
  stored = g_settings_get_string (f->settings, "hardware-purchase-date");
  g_assert_cmpstr (stored, ==, "");
  g_clear_pointer (&stored, g_free);

  gtk_editable_set_text (GTK_EDITABLE (row), "2999-01-01");
  g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (prefs), "This date is in the future."));

  gtk_editable_set_text (GTK_EDITABLE (row), "2024-03-15");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  stored = g_settings_get_string (f->settings, "hardware-purchase-date");
  g_assert_cmpstr (stored, ==, "2024-03-15");
  gtk_window_destroy (GTK_WINDOW (prefs));
}

int
main (int argc, char *argv[])
{
  cabinet_ui_test_init (&argc, &argv);

#define ADD(name, fn) g_test_add ("/window/" name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("first-run-pages-lock-restart", test_first_run_pages_lock_restart);
  ADD ("recovery-key-when-keyring-lost", test_recovery_key_when_keyring_lost);
  ADD ("idle-lock", test_idle_lock);
  ADD ("passphrase-first-run", test_passphrase_first_run);
  ADD ("preferences-edit-profile", test_preferences_edit_profile);
  ADD ("security-page", test_security_page);
  ADD ("purchase-date", test_purchase_date);
#undef ADD
  return g_test_run ();
}
