/* test-clients-ui.c — the Clients page as a therapist meets it: the first client
 * added through the editor, search, the client's page, closing, the status filter,
 * a namesake, and the lock
 * Runs under Xvfb with a private D-Bus session and a throwaway keyring.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <string.h>

#include "cabinet-client-editor.h"
#include "cabinet-clients-page.h"
#include "cabinet-test-utils.h"
#include "cabinet-ui-test-utils.h"
#include "cabinet-window.h"

typedef struct {
  char           *dir;
  char           *path;
  CabinetKey     *key;
  GSettings      *settings;
  CabinetContext *context;
  CabinetWindow  *window;
  GtkWidget      *column_view;
} Fixture;

static void
unlock (Fixture *f)
{
  g_autoptr(CabinetDatabase) db = NULL;
  g_autoptr(GError) error = NULL;

  db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  cabinet_context_unlock (f->context, db);
  cabinet_ui_settle ();
}

/* A practice already set up, unlocked, its window open on the Clients page. */
static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(CabinetPractitioner) practitioner = cabinet_test_practitioner ("Claire Dubois");
  g_autoptr(CabinetDatabase) db = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = cabinet_test_make_dir ();
  f->path = g_build_filename (f->dir, "cabinet.db", NULL);
  f->key = cabinet_key_new_random ();
  f->settings = g_settings_new_with_backend (APPLICATION_ID, backend);

  db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (cabinet_practitioner_save (practitioner, db, &error));
  cabinet_database_close (db);

  f->context = cabinet_context_new (f->path, f->settings);
  unlock (f);
  f->window = cabinet_window_new (NULL, f->context);
  gtk_window_present (GTK_WINDOW (f->window));
  cabinet_ui_settle ();
  g_assert_cmpstr (cabinet_window_get_visible_view (f->window), ==, "main");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "clients");
  cabinet_ui_settle ();
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  cabinet_context_lock (f->context);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->context);
  cabinet_ui_settle ();
  g_clear_object (&f->settings);
  g_clear_pointer (&f->key, cabinet_key_free);
  cabinet_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static CabinetClientsPage *
clients_page (Fixture *f)
{
  GtkWidget *page = cabinet_window_get_page (f->window, "clients");

  g_assert_nonnull (page);
  return CABINET_CLIENTS_PAGE (page);
}

static CabinetClientStore *
store (Fixture *f)
{
  return cabinet_clients_page_get_store (clients_page (f));
}

/* What the list shows; kept once seen, as "no client matches" takes its place. */
static GListModel *
shown_clients (Fixture *f)
{
  if (f->column_view == NULL)
    f->column_view = cabinet_ui_find_by_type (GTK_WIDGET (f->window), GTK_TYPE_COLUMN_VIEW);
  g_assert_nonnull (f->column_view);
  return G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (f->column_view)));
}

static CabinetClientEditor *
editor (void)
{
  GtkWindow *window;

  cabinet_ui_settle ();
  window = cabinet_ui_find_window (CABINET_TYPE_CLIENT_EDITOR);
  g_assert_nonnull (window);
  return CABINET_CLIENT_EDITOR (window);
}

static void
type_into (CabinetClientEditor *e,
           const char          *field,
           const char          *text)
{
  GtkWidget *widget = cabinet_client_editor_get_field (e, field);

  g_assert_nonnull (widget);
  gtk_editable_set_text (GTK_EDITABLE (widget), text);
}

static void
fill_in (CabinetClientEditor *e,
         const char          *email)
{
  type_into (e, "first_name", "Hélène");
  type_into (e, "last_name", "Martin");
  type_into (e, "email", email);
  type_into (e, "phone", "+33 6 11 22 33 44");
  type_into (e, "city", "Lyon");
}

static gboolean
shows_one_client (gpointer data)
{
  return g_list_model_get_n_items (shown_clients (data)) == 1;
}

static void
test_add_search_close_namesake (Fixture *f, gconstpointer data)
{
  CabinetClientsPage *page = clients_page (f);
  CabinetClientEditor *e;
  g_autoptr(CabinetClient) paul = NULL;
  g_autoptr(CabinetClient) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  GtkWidget *email, *focus, *search;
  GtkWindow *dialog;

  /* No client yet: an invitation to add the first one, or to import. */
  g_assert_cmpstr (cabinet_clients_page_get_view (page), ==, "empty");
  g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (f->window), "No Clients Yet"));
  g_assert_nonnull (cabinet_ui_find_button (GTK_WIDGET (f->window), "_Import from a Spreadsheet…"));
  cabinet_ui_click (GTK_WIDGET (f->window), "_New Client");
  e = editor ();
  g_object_add_weak_pointer (G_OBJECT (e), (gpointer *) &e);

  /* Guardian fields are for minors only. */
  g_assert_false (gtk_widget_get_mapped (cabinet_client_editor_get_field (e, "guardian_name")));
  type_into (e, "birth_date", "2015-05-01");
  cabinet_ui_settle ();
  g_assert_true (gtk_widget_get_mapped (cabinet_client_editor_get_field (e, "guardian_name")));
  type_into (e, "birth_date", "");
  cabinet_ui_settle ();
  g_assert_false (gtk_widget_get_mapped (cabinet_client_editor_get_field (e, "guardian_name")));

  /* A mistyped e-mail: said under the field as it is typed; Save keeps the dialog
   * open, saves nothing and takes the keyboard to the field to fix. */
  fill_in (e, "helene@");
  email = cabinet_client_editor_get_field (e, "email");
  g_assert_nonnull (cabinet_client_editor_get_issue (e, "email"));
  g_assert_true (gtk_widget_has_css_class (email, "error"));
  cabinet_ui_settle ();
  g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (e), cabinet_client_editor_get_issue (e, "email")));
  gtk_widget_grab_focus (cabinet_client_editor_get_field (e, "city"));
  cabinet_ui_click (GTK_WIDGET (e), "_Save");
  g_assert_nonnull (e);
  g_assert_cmpuint (cabinet_client_store_get_n_all (store (f)), ==, 0);
  focus = gtk_window_get_focus (GTK_WINDOW (e));
  g_assert_true (focus == email || gtk_widget_is_ancestor (focus, email));

  type_into (e, "email", "helene.martin@example.fr");
  g_assert_null (cabinet_client_editor_get_issue (e, "email"));
  g_assert_false (gtk_widget_has_css_class (email, "error"));
  cabinet_ui_click (GTK_WIDGET (e), "_Save");
  g_assert_null (e);
  g_assert_cmpuint (cabinet_client_store_get_n_all (store (f)), ==, 1);
  g_assert_cmpstr (cabinet_clients_page_get_view (page), ==, "clients");

  /* Another client, so that the search has something to leave out. */
  paul = cabinet_client_new ("Europe/Paris");
  cabinet_client_set_text (paul, CABINET_CLIENT_FIRST_NAME, "Paul");
  cabinet_client_set_text (paul, CABINET_CLIENT_LAST_NAME, "Durand");
  g_assert_true (cabinet_client_store_save (store (f), paul, &error));
  g_assert_no_error (error);
  cabinet_ui_settle ();
  g_assert_cmpuint (g_list_model_get_n_items (shown_clients (f)), ==, 2);

  /* Search as you type, accents aside. */
  search = cabinet_ui_find_by_type (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (search);
  gtk_editable_set_text (GTK_EDITABLE (search), "helene");
  cabinet_test_wait_for (shows_one_client, f, 5000);
  found = g_list_model_get_item (shown_clients (f), 0);
  name = cabinet_client_dup_display_name (found);
  g_assert_cmpstr (name, ==, "Hélène Martin");
  g_assert_cmpstr (cabinet_client_get_text (found, CABINET_CLIENT_EMAIL), ==, "helene.martin@example.fr");

  /* Enter on the row: the client's own page, then Close Record. */
  g_signal_emit_by_name (f->column_view, "activate", 0);
  cabinet_ui_settle ();
  g_assert_cmpstr (cabinet_clients_page_get_view (page), ==, "client");
  g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (f->window), "Hélène Martin"));
  g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (f->window), "helene.martin@example.fr"));
  g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (f->window),
                                                   "The consent forms you give this client, and when each was signed, will appear here in a later version of Cabinet."));
  cabinet_ui_click (GTK_WIDGET (f->window), "_Close Record");
  g_assert_cmpstr (cabinet_client_get_text (cabinet_client_store_lookup (store (f), cabinet_client_get_id (found)),
                                            CABINET_CLIENT_STATUS), ==, "closed");
  g_assert_nonnull (cabinet_ui_find_button (GTK_WIDGET (f->window), "_Reopen Record"));
  g_assert_null (cabinet_ui_find_button (GTK_WIDGET (f->window), "_Close Record"));

  /* Back to the list: Active hides her, All shows her again. */
  gtk_widget_activate_action (GTK_WIDGET (page), "clients.back", NULL);
  cabinet_ui_settle ();
  g_assert_cmpstr (cabinet_clients_page_get_view (page), ==, "clients");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (cabinet_ui_find_by_type (GTK_WIDGET (f->window), GTK_TYPE_DROP_DOWN)),
                              CABINET_CLIENT_FILTER_ACTIVE);
  cabinet_ui_settle ();
  g_assert_cmpuint (g_list_model_get_n_items (shown_clients (f)), ==, 0);
  g_assert_cmpstr (cabinet_clients_page_get_view (page), ==, "no-results");
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  cabinet_test_wait_for (shows_one_client, f, 5000);
  g_clear_object (&found);
  found = g_list_model_get_item (shown_clients (f), 0);
  g_assert_cmpstr (cabinet_client_get_text (found, CABINET_CLIENT_LAST_NAME), ==, "Durand");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (cabinet_ui_find_by_type (GTK_WIDGET (f->window), GTK_TYPE_DROP_DOWN)),
                              CABINET_CLIENT_FILTER_ALL);
  cabinet_ui_settle ();
  g_assert_cmpuint (g_list_model_get_n_items (shown_clients (f)), ==, 2);

  /* A second Hélène Martin: the therapist is asked before she is saved. */
  gtk_widget_activate_action (GTK_WIDGET (page), "clients.new", NULL);
  e = editor ();
  g_object_add_weak_pointer (G_OBJECT (e), (gpointer *) &e);
  fill_in (e, "h.martin@example.org");
  cabinet_ui_click (GTK_WIDGET (e), "_Save");
  dialog = cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Save Anyway?");
  g_assert_cmpuint (cabinet_client_store_get_n_all (store (f)), ==, 2);
  g_assert_nonnull (e);
  cabinet_ui_click (GTK_WIDGET (dialog), "_Save Anyway");
  g_assert_null (e);
  g_assert_cmpuint (cabinet_client_store_get_n_all (store (f)), ==, 3);
}

static void
test_lock_drops_clients (Fixture *f, gconstpointer data)
{
  CabinetClientsPage *page = clients_page (f);
  g_autoptr(CabinetClient) client = cabinet_client_new ("Europe/Paris");
  g_autoptr(GError) error = NULL;
  CabinetClientEditor *e;

  cabinet_client_set_text (client, CABINET_CLIENT_FIRST_NAME, "Jeanne");
  cabinet_client_set_text (client, CABINET_CLIENT_LAST_NAME, "Morel");
  cabinet_client_set_text (client, CABINET_CLIENT_BIRTH_DATE, "2012-02-29");
  g_assert_true (cabinet_client_store_save (store (f), client, &error));
  g_assert_no_error (error);
  cabinet_ui_settle ();
  g_assert_cmpuint (g_list_model_get_n_items (shown_clients (f)), ==, 1);

  /* A minor with no guardian is flagged on her page. */
  cabinet_clients_page_open_client (page, cabinet_client_store_lookup (store (f), cabinet_client_get_id (client)));
  cabinet_ui_settle ();
  g_assert_nonnull (cabinet_ui_find_row (GTK_WIDGET (f->window), "No guardian recorded"));

  /* Ctrl+N's action opens the editor; locking closes it with the records. */
  gtk_widget_activate_action (GTK_WIDGET (page), "clients.new", NULL);
  e = editor ();
  g_object_add_weak_pointer (G_OBJECT (e), (gpointer *) &e);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "today");
  cabinet_context_lock (f->context);
  cabinet_ui_settle ();
  g_assert_null (e);
  g_assert_null (cabinet_clients_page_get_store (page));

  /* Unlocked on Today, as every morning: the clients are read once their page
   * is shown, and it shows them. */
  unlock (f);
  g_assert_cmpuint (g_list_model_get_n_items (shown_clients (f)), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "clients");
  cabinet_ui_settle ();
  g_assert_cmpuint (g_list_model_get_n_items (shown_clients (f)), ==, 1);
  g_assert_nonnull (store (f));
  g_assert_cmpuint (cabinet_client_store_get_n_all (store (f)), ==, 1);
  g_assert_cmpstr (cabinet_clients_page_get_view (page), ==, "clients");
}

/* A client erased while her page is open: the page goes, the list says there is
 * nobody left. */
static void
test_erased_client_page_goes (Fixture *f, gconstpointer data)
{
  CabinetClientsPage *page = clients_page (f);
  g_autoptr(CabinetClient) client = cabinet_client_new ("Europe/Paris");
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  CabinetClient *stored;

  cabinet_client_set_text (client, CABINET_CLIENT_FIRST_NAME, "Louis");
  cabinet_client_set_text (client, CABINET_CLIENT_LAST_NAME, "Garnier");
  g_assert_true (cabinet_client_store_save (store (f), client, &error));
  g_assert_no_error (error);
  stored = cabinet_client_store_lookup (store (f), cabinet_client_get_id (client));
  cabinet_clients_page_open_client (page, stored);
  cabinet_ui_settle ();
  g_assert_cmpstr (cabinet_clients_page_get_view (page), ==, "client");

  name = cabinet_client_dup_display_name (stored);
  g_assert_true (cabinet_client_store_erase (store (f), stored, name, &error));
  g_assert_no_error (error);
  cabinet_ui_settle ();
  g_assert_cmpstr (cabinet_clients_page_get_view (page), ==, "empty");
  g_assert_null (cabinet_ui_find_visible_label (GTK_WIDGET (f->window), "Louis Garnier"));
}

/* A record past its retention period is said above the list; the review
 * lists it with its dates; erasing it from there asks first, says that its
 * payments stay six years, and keeps them under its reference. */
static void
test_retention_review (Fixture *f, gconstpointer data)
{
  CabinetClientsPage *page = clients_page (f);
  CabinetDatabase *db = cabinet_context_get_database (f->context);
  g_autoptr(CabinetClient) old = cabinet_client_new ("Europe/Paris");
  g_autoptr(CabinetClient) recent = cabinet_client_new ("Europe/Paris");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) paid = g_date_time_add_years (now, -1);
  g_autofree char *paid_on = g_date_time_format (paid, "%Y-%m-%d");
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *bar;
  GtkWindow *review;
  GtkWindow *dialog;
  GtkWidget *row;

  cabinet_client_set_text (old, CABINET_CLIENT_FIRST_NAME, "Odile");
  cabinet_client_set_text (old, CABINET_CLIENT_LAST_NAME, "Ancienne");
  cabinet_client_set_text (recent, CABINET_CLIENT_FIRST_NAME, "Rémi");
  cabinet_client_set_text (recent, CABINET_CLIENT_LAST_NAME, "Récent");
  g_assert_true (cabinet_client_store_save (store (f), old, &error));
  g_assert_true (cabinet_client_store_save (store (f), recent, &error));
  g_assert_no_error (error);
  bar = cabinet_ui_find_by_type (GTK_WIDGET (page), GTK_TYPE_INFO_BAR);
  g_assert_false (gtk_info_bar_get_revealed (GTK_INFO_BAR (bar)));

  /* Odile was last seen in March 2001, and paid last year (a debt settled
   * late): past twenty years, with payments the law keeps. */
  sql = g_strdup_printf ("INSERT INTO sessions (client_id, starts_at, ends_at, modality, fee_minor, currency, status,"
                         " uid, created_at, updated_at) VALUES (%1$" G_GINT64_FORMAT ", 984387600, 984391200,"
                         " 'video', 6000, 'EUR', 'done', 'old-session', '2001-03-12T09:00:00.000Z',"
                         " '2001-03-12T09:00:00.000Z');"
                         "INSERT INTO payments (client_id, kind, amount_minor, currency, paid_on, method, created_at)"
                         " VALUES (%1$" G_GINT64_FORMAT ", 'payment', 6000, 'EUR', '%2$s', 'transfer', '%2$sT10:00:00.000Z')",
                         cabinet_client_get_id (old), paid_on);
  cabinet_database_exec (db, sql, &error);
  g_assert_no_error (error);
  /* The setting changed: the page looks again. */
  g_settings_set_uint (f->settings, "retention-years", 21);
  cabinet_ui_settle ();
  g_assert_true (gtk_info_bar_get_revealed (GTK_INFO_BAR (bar)));
  g_assert_nonnull (cabinet_ui_find_visible_label (bar, "1 client record is past its retention period and awaits "
                                                        "your review."));
  cabinet_ui_save_shot (GTK_WIDGET (f->window), "retention-banner");

  cabinet_ui_click (bar, "_Review…");
  cabinet_ui_settle ();
  review = cabinet_ui_find_window (ADW_TYPE_WINDOW);
  g_assert_nonnull (review);
  g_assert_cmpstr (gtk_window_get_title (review), ==, "Records to Review");
  row = cabinet_ui_find_row (GTK_WIDGET (review), "Odile Ancienne");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Last seen 12 March 2001 · to be reviewed since 12 March 2022");
  g_assert_false (cabinet_ui_shows_row (GTK_WIDGET (review), "Rémi Récent"));
  cabinet_ui_save_shot (GTK_WIDGET (review), "retention-review");

  /* Erase…: asked, with what stays; the name typed. */
  cabinet_ui_click (row, "_Erase…");
  cabinet_ui_settle ();
  dialog = cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "L102 B"));
  {
    g_autofree char *reference = cabinet_client_dup_reference (old);

    g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), reference));
  }
  gtk_editable_set_text (GTK_EDITABLE (cabinet_ui_find_by_type (GTK_WIDGET (dialog), GTK_TYPE_ENTRY)),
                         "Odile Ancienne");
  cabinet_ui_save_shot (GTK_WIDGET (dialog), "retention-erase");
  cabinet_ui_click (GTK_WIDGET (dialog), "_Erase");
  cabinet_ui_settle ();

  /* Gone from the list and the review; the payment stays, under the id. */
  g_assert_true (cabinet_ui_shows_row (GTK_WIDGET (review), "No record is past its retention period"));
  g_assert_false (gtk_info_bar_get_revealed (GTK_INFO_BAR (bar)));
  g_assert_cmpuint (cabinet_client_store_get_n_all (store (f)), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count (*) FROM payments p JOIN clients c ON c.id = p.client_id"
                         " WHERE c.id = %" G_GINT64_FORMAT " AND c.erased_on IS NOT NULL AND c.first_name = ''",
                         cabinet_client_get_id (old));
  g_assert_cmpint (cabinet_test_query_int (db, sql), ==, 1);
  gtk_window_destroy (review);
}

/* Cancel after typing asks before anything typed is lost; nothing is saved. */
static void
test_cancel_asks (Fixture *f, gconstpointer data)
{
  CabinetClientEditor *e;
  GtkWindow *dialog;

  gtk_widget_activate_action (GTK_WIDGET (clients_page (f)), "clients.new", NULL);
  e = editor ();
  g_object_add_weak_pointer (G_OBJECT (e), (gpointer *) &e);
  type_into (e, "first_name", "Inès");
  cabinet_ui_click (GTK_WIDGET (e), "_Cancel");
  dialog = cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Discard Changes?");
  cabinet_ui_click (GTK_WIDGET (dialog), "_Discard");
  g_assert_null (e);
  g_assert_cmpuint (cabinet_client_store_get_n_all (store (f)), ==, 0);
}

int
main (int argc, char *argv[])
{
  cabinet_ui_test_init (&argc, &argv);

#define ADD(name, fn) g_test_add ("/clients-ui/" name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("add-search-close-namesake", test_add_search_close_namesake);
  ADD ("erased-client-page-goes", test_erased_client_page_goes);
  ADD ("cancel-asks", test_cancel_asks);
  ADD ("retention-review", test_retention_review);
  ADD ("lock-drops-clients", test_lock_drops_clients);
#undef ADD
  return g_test_run ();
}
