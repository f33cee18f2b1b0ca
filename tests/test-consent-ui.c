/* test-consent-ui.c — a consent form as the therapist makes it: from the client's
 * page, the terms prefilled, a missing term refused, the preview, print and
 * export, the signature, a signed scan, and the status everywhere it is shown
 * Runs under Xvfb with a private D-Bus session and a throwaway keyring.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gi18n.h>
#include <poppler.h>
#include <string.h>

#include "cabinet-client-page.h"
#include "cabinet-clients-page.h"
#include "cabinet-consent-dialog.h"
#include "cabinet-consent-text-page.h"
#include "cabinet-document-actions.h"
#include "cabinet-document-view.h"
#include "cabinet-money.h"
#include "cabinet-test-utils.h"
#include "cabinet-ui-test-utils.h"
#include "cabinet-preferences-window.h"
#include "cabinet-window.h"

typedef struct {
  char           *dir;
  char           *path;
  CabinetKey     *key;
  GSettings      *settings;
  CabinetContext *context;
  CabinetWindow  *window;
  CabinetClient  *client;     /* owned by the store */
} Fixture;

static void
add_client (Fixture    *f,
            const char *language,
            const char *birth_date)
{
  CabinetClientsPage *page = CABINET_CLIENTS_PAGE (cabinet_window_get_page (f->window, "clients"));
  CabinetClientStore *store = cabinet_clients_page_get_store (page);
  g_autoptr(CabinetClient) client = cabinet_client_new ("Europe/Paris");
  g_autoptr(GError) error = NULL;

  cabinet_client_set_text (client, CABINET_CLIENT_FIRST_NAME, "Jeanne");
  cabinet_client_set_text (client, CABINET_CLIENT_LAST_NAME, "Martin");
  cabinet_client_set_text (client, CABINET_CLIENT_LANGUAGE, language);
  cabinet_client_set_text (client, CABINET_CLIENT_BIRTH_DATE, birth_date);
  cabinet_client_set_text (client, CABINET_CLIENT_CITY, "Besançon");
  cabinet_client_set_text (client, CABINET_CLIENT_EMERGENCY_NAME, "Paul Martin");
  cabinet_client_set_text (client, CABINET_CLIENT_EMERGENCY_PHONE, "+33 6 98 76 54 32");
  if (*birth_date)
    cabinet_client_set_text (client, CABINET_CLIENT_GUARDIAN_EMAIL, "parent@example.fr");
  g_assert_true (cabinet_client_store_save (store, client, &error));
  g_assert_no_error (error);
  f->client = cabinet_client_store_lookup (store, cabinet_client_get_id (client));
  cabinet_clients_page_open_client (page, f->client);
  cabinet_ui_settle ();
}

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

  cabinet_practitioner_set_text (practitioner, CABINET_PRACTITIONER_RPPS, "10101234567");
  db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (cabinet_practitioner_save (practitioner, db, &error));
  cabinet_database_close (db);
  g_clear_object (&db);

  f->context = cabinet_context_new (f->path, f->settings);
  db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  cabinet_context_unlock (f->context, db);
  f->window = cabinet_window_new (NULL, f->context);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  cabinet_ui_settle ();
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "clients");
  cabinet_ui_settle ();
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  GtkWindow *dialog;

  while ((dialog = cabinet_ui_find_window (CABINET_TYPE_CONSENT_DIALOG)) != NULL)
    {
      gtk_window_destroy (dialog);
      cabinet_ui_settle ();
    }
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

static GtkWidget *
client_page (Fixture *f)
{
  GtkWidget *page = cabinet_ui_find_by_type (GTK_WIDGET (f->window), CABINET_TYPE_CLIENT_PAGE);

  g_assert_nonnull (page);
  return page;
}

static CabinetConsentDialog *
open_new_form (Fixture *f)
{
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (client_page (f), "client.new-consent", NULL));
  cabinet_ui_settle ();
  dialog = cabinet_ui_find_window (CABINET_TYPE_CONSENT_DIALOG);
  g_assert_nonnull (dialog);
  return CABINET_CONSENT_DIALOG (dialog);
}

static void
set_row_text (GtkWidget  *root,
              const char *title,
              const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (cabinet_ui_find_row (root, title)), text);
}

static const char *
row_text (GtkWidget  *root,
          const char *title)
{
  return gtk_editable_get_text (GTK_EDITABLE (cabinet_ui_find_row (root, title)));
}

static guint
n_forms (Fixture *f)
{
  g_autoptr(GListStore) forms = cabinet_consent_forms_list (cabinet_context_get_database (f->context),
                                                            cabinet_client_get_id (f->client), NULL);
  return g_list_model_get_n_items (G_LIST_MODEL (forms));
}

/* "Page 1 of 3", in the interface's language. */
static gboolean
page_label_shown (GtkWidget *root,
                  guint      page,
                  guint      n_pages)
{
  g_autofree char *text = g_strdup_printf (_("Page %u of %u"), page, n_pages);

  return cabinet_ui_find_visible_label (root, text) != NULL;
}

/* The message dialog a button opened, answered as the therapist would, with
 * @date typed in its date field when given. */
static void
answer_with_date (const char *response,
                  const char *date)
{
  GtkWindow *dialog;

  cabinet_ui_settle ();
  dialog = cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  if (date)
    gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog))), date);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_destroy (dialog);
  cabinet_ui_settle ();
}

static void
answer (const char *response)
{
  answer_with_date (response, NULL);
}

static gboolean
has_form (gpointer dialog)
{
  return cabinet_consent_dialog_get_form (dialog) != NULL;
}

/* Generate, then wait for the worker thread's PDF. */
static void
generate (CabinetConsentDialog *dialog)
{
  cabinet_ui_click (GTK_WIDGET (dialog), _("_Generate"));
  cabinet_test_wait_for (has_form, dialog, 10000);
  cabinet_ui_settle ();
}

static void
test_new_form (Fixture *f, gconstpointer data)
{
  CabinetConsentDialog *dialog;
  GtkWidget *root;
  CabinetDocumentView *view;
  CabinetConsentForm *form;
  GBytes *pdf;
  g_autofree char *printed = g_build_filename (f->dir, "printed.pdf", NULL);
  g_autofree char *exported = g_build_filename (f->dir, "exported.pdf", NULL);
  g_autoptr(GFile) exported_file = g_file_new_for_path (exported);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) scan = cabinet_test_make_png (300, 420);
  g_autoptr(GBytes) junk = g_bytes_new_static ("not a scan", 10);
  g_autofree char *contents = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *fee = NULL;
  PopplerDocument *document;
  gsize length;

  add_client (f, "fr", "");
  /* Before any form: the client's page says so. */
  g_assert_true (cabinet_ui_shows_row (client_page (f), cabinet_consent_status_label (CABINET_CONSENT_NONE)));

  dialog = open_new_form (f);
  root = GTK_WIDGET (dialog);
  cabinet_ui_save_shot (root, "consent-terms");
  /* Prefilled from the profile and the record. */
  fee = cabinet_money_format_plain (6000, "EUR");
  g_assert_cmpstr (row_text (root, _("Fee per session")), ==, fee);
  g_assert_cmpstr (row_text (root, _("Phone number to use")), ==, "+33 6 12 34 56 78");
  g_assert_cmpstr (row_text (root, _("Place of signature")), ==, "Besançon");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (cabinet_ui_find_row (root, _("Language of the form")))), ==, 0);

  /* A missing fallback number and a fee that is no amount: said, and nothing made. */
  set_row_text (root, _("Phone number to use"), "");
  set_row_text (root, _("Fee per session"), "soixante");
  cabinet_ui_click (root, _("_Generate"));
  g_assert_nonnull (cabinet_consent_dialog_get_issue (dialog, CABINET_CONSENT_FALLBACK_PHONE));
  g_assert_nonnull (cabinet_consent_dialog_get_issue (dialog, CABINET_CONSENT_FEE));
  g_assert_nonnull (cabinet_ui_find_visible_label (root, cabinet_consent_dialog_get_issue (dialog, CABINET_CONSENT_FALLBACK_PHONE)));
  g_assert_null (cabinet_consent_dialog_get_form (dialog));
  g_assert_cmpuint (n_forms (f), ==, 0);
  cabinet_ui_save_shot (root, "consent-terms-issues");

  set_row_text (root, _("Phone number to use"), "+33 6 12 34 56 78");
  set_row_text (root, _("Fee per session"), "65,00");
  generate (dialog);
  g_assert_null (cabinet_consent_dialog_get_issue (dialog, CABINET_CONSENT_FEE));
  form = cabinet_consent_dialog_get_form (dialog);
  g_assert_nonnull (form);
  g_assert_cmpuint (n_forms (f), ==, 1);
  g_assert_cmpint (cabinet_client_get_consent_status (f->client), ==, CABINET_CONSENT_GENERATED);

  /* The preview: the first page, and the way through the others. */
  view = CABINET_DOCUMENT_VIEW (cabinet_consent_dialog_get_view (dialog));
  g_assert_cmpuint (cabinet_document_view_get_n_pages (view), ==, 3);
  g_assert_true (page_label_shown (root, 1, 3));
  cabinet_ui_save_shot (root, "consent-preview");

  /* Printed to a file, and exported: the form as stored, byte for byte. */
  pdf = cabinet_consent_dialog_get_pdf (dialog);
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  g_assert_cmpstr (sha256, ==, cabinet_consent_form_get_sha256 (form));
  g_assert_true (cabinet_document_print_to_file (pdf, "consent", printed, &error));
  g_assert_no_error (error);
  uri = g_filename_to_uri (printed, NULL, NULL);
  document = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (document), ==, 3);
  g_object_unref (document);
  g_assert_true (cabinet_document_save_to (pdf, exported_file, &error));
  g_assert_true (g_file_get_contents (exported, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));

  /* Given, then signed by hand. */
  cabinet_ui_click (root, _("Mark as _Given"));
  g_assert_cmpint (cabinet_consent_form_get_status (form), ==, CABINET_CONSENT_GIVEN);
  g_assert_cmpint (cabinet_client_get_consent_status (f->client), ==, CABINET_CONSENT_GIVEN);
  /* A date still to come, or before the form was made, is refused. */
  cabinet_ui_click (root, _("Mark as _Signed…"));
  answer_with_date ("handwritten", "2999-01-01");
  g_assert_cmpint (cabinet_consent_form_get_status (form), ==, CABINET_CONSENT_GIVEN);
  cabinet_ui_click (root, _("Mark as _Signed…"));
  answer_with_date ("handwritten", "2001-01-01");
  g_assert_cmpint (cabinet_consent_form_get_status (form), ==, CABINET_CONSENT_GIVEN);
  cabinet_ui_click (root, _("Mark as _Signed…"));
  answer ("handwritten");
  g_assert_cmpint (cabinet_consent_form_get_status (form), ==, CABINET_CONSENT_SIGNED);
  g_assert_cmpint (cabinet_consent_form_get_signature_method (form), ==, CABINET_SIGNATURE_HANDWRITTEN);
  g_assert_cmpint (cabinet_client_get_consent_status (f->client), ==, CABINET_CONSENT_SIGNED);
  g_assert_null (cabinet_ui_find_button (root, _("Mark as _Signed…")));

  /* A scan of the signed form: a broken file is refused, a PNG is kept and shown. */
  g_assert_false (cabinet_consent_dialog_attach_copy (dialog, junk));
  g_assert_true (cabinet_consent_dialog_attach_copy (dialog, scan));
  g_assert_cmpstr (cabinet_consent_form_get_copy_type (form), ==, "image/png");
  g_assert_cmpuint (cabinet_document_view_get_n_pages (view), ==, 1);
  g_assert_true (page_label_shown (root, 1, 1));
  /* And back to the form as given. */
  g_assert_true (gtk_widget_activate_action (root, "consent.show-copy", NULL));
  cabinet_ui_settle ();
  g_assert_cmpuint (cabinet_document_view_get_n_pages (view), ==, 3);
  cabinet_ui_save_shot (root, "consent-signed");

  gtk_window_destroy (GTK_WINDOW (dialog));
  cabinet_ui_settle ();

  /* The client's page: no warning any more, the form listed with its status. */
  g_assert_false (cabinet_ui_shows_row (client_page (f), cabinet_consent_status_label (CABINET_CONSENT_NONE)));
  cabinet_ui_save_shot (GTK_WIDGET (f->window), "consent-client-page");
}

static void
test_reopen_form (Fixture *f, gconstpointer data)
{
  CabinetConsentDialog *dialog;
  GtkWidget *row = NULL;
  g_autofree char *date = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  add_client (f, "en", "");
  dialog = open_new_form (f);
  generate (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  cabinet_ui_settle ();

  /* The form is listed on the client's page, and opens again as it was made. */
  date = g_date_time_format (now, "%-d %B %Y");
  title = g_strdup_printf ("Form of %s, in English", date);
  row = cabinet_ui_find_row (client_page (f), title);
  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activated");
  cabinet_ui_settle ();
  dialog = CABINET_CONSENT_DIALOG (cabinet_ui_find_window (CABINET_TYPE_CONSENT_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_nonnull (cabinet_consent_dialog_get_pdf (dialog));
  g_assert_true (page_label_shown (GTK_WIDGET (dialog), 1, 3));
  g_assert_nonnull (cabinet_ui_find_button (GTK_WIDGET (dialog), _("Mark as _Given")));

  /* Withdrawn: the buttons that no longer apply are gone. */
  cabinet_ui_click (GTK_WIDGET (dialog), _("Mark as _Withdrawn…"));
  answer ("withdraw");
  g_assert_cmpint (cabinet_client_get_consent_status (f->client), ==, CABINET_CONSENT_WITHDRAWN);
  g_assert_null (cabinet_ui_find_button (GTK_WIDGET (dialog), _("Mark as _Given")));
  g_assert_null (cabinet_ui_find_button (GTK_WIDGET (dialog), _("Mark as _Withdrawn…")));
}

/* A minor with no guardian named: the form cannot be made, and the dialog says why. */
static void
test_minor_needs_guardian (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *birth = g_strdup_printf ("%04d-03-01", g_date_time_get_year (now) - 12);
  CabinetConsentDialog *dialog;
  const char *issue;

  add_client (f, "en", birth);
  dialog = open_new_form (f);
  cabinet_ui_click (GTK_WIDGET (dialog), _("_Generate"));
  issue = cabinet_consent_dialog_get_issue (dialog, CABINET_CONSENT_REGISTRATION);
  g_assert_nonnull (issue);
  g_assert_nonnull (strstr (issue, "guardian"));
  g_assert_null (cabinet_consent_dialog_get_form (dialog));
  g_assert_cmpuint (n_forms (f), ==, 0);
}

/* Locking closes the records, and the form on screen with them. */
static void
test_lock_closes (Fixture *f, gconstpointer data)
{
  add_client (f, "fr", "");
  open_new_form (f);
  cabinet_context_lock (f->context);
  cabinet_ui_settle ();
  g_assert_null (cabinet_ui_find_window (CABINET_TYPE_CONSENT_DIALOG));
}

static char *
view_text (GtkTextView *view)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (view), &start, &end);
  return gtk_text_buffer_get_text (gtk_text_view_get_buffer (view), &start, &end, FALSE);
}

static gboolean
is_customised (Fixture               *f,
               const char            *language,
               CabinetConsentSection  section,
               char                 **body)
{
  gboolean customised = FALSE;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = cabinet_consent_section_get_body (cabinet_context_get_database (f->context),
                                                            language, section, &customised, &error);

  g_assert_no_error (error);
  if (body)
    *body = g_steal_pointer (&text);
  return customised;
}

/* Preferences: the practice's wording, saved as typed, and Cabinet's back. */
static void
test_practice_wording (Fixture *f, gconstpointer data)
{
  GtkWidget *window = GTK_WIDGET (cabinet_preferences_window_new (f->context));
  CabinetConsentTextPage *page;
  GtkTextView *view;
  GtkWidget *restore;
  g_autofree char *shown = NULL;
  g_autofree char *body = NULL;
  const char *mine = "Installez-vous seul dans une pièce fermée.";

  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (f->window));
  gtk_window_present (GTK_WINDOW (window));
  cabinet_ui_settle ();
  page = CABINET_CONSENT_TEXT_PAGE (cabinet_preferences_window_get_consent_page (CABINET_PREFERENCES_WINDOW (window)));
  g_assert_nonnull (page);
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  view = cabinet_consent_text_page_get_view (page, CABINET_CONSENT_CONDITIONS);
  restore = cabinet_consent_text_page_get_restore (page, CABINET_CONSENT_CONDITIONS);

  /* Cabinet's French wording to start with; nothing to restore. */
  shown = view_text (view);
  g_assert_cmpstr (shown, ==, cabinet_consent_default_body (CABINET_CONSENT_CONDITIONS, "fr"));
  g_assert_false (gtk_widget_get_sensitive (restore));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), mine, -1);
  cabinet_consent_text_page_flush (page);
  g_assert_true (is_customised (f, "fr", CABINET_CONSENT_CONDITIONS, &body));
  g_assert_cmpstr (body, ==, mine);
  g_assert_true (gtk_widget_get_sensitive (restore));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (cabinet_ui_find_row (window, cabinet_consent_section_title (CABINET_CONSENT_CONDITIONS, "fr"))), TRUE);
  cabinet_ui_save_shot (window, "preferences-consent");

  /* Restore Default: Cabinet's words again, and no row of the practice's. */
  g_signal_emit_by_name (restore, "clicked");
  g_assert_false (is_customised (f, "fr", CABINET_CONSENT_CONDITIONS, NULL));
  g_clear_pointer (&shown, g_free);
  shown = view_text (view);
  g_assert_cmpstr (shown, ==, cabinet_consent_default_body (CABINET_CONSENT_CONDITIONS, "fr"));
  g_assert_false (gtk_widget_get_sensitive (restore));

  /* The English wording is its own; what is typed just before closing is kept. */
  cabinet_consent_text_page_set_language (page, "en");
  g_clear_pointer (&shown, g_free);
  shown = view_text (view);
  g_assert_cmpstr (shown, ==, cabinet_consent_default_body (CABINET_CONSENT_CONDITIONS, "en"));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), "Find a quiet room.", -1);
  gtk_window_destroy (GTK_WINDOW (window));
  cabinet_ui_settle ();
  g_assert_true (is_customised (f, "en", CABINET_CONSENT_CONDITIONS, NULL));
  g_assert_false (is_customised (f, "fr", CABINET_CONSENT_CONDITIONS, NULL));
}

int
main (int    argc,
      char **argv)
{
  cabinet_ui_test_init (&argc, &argv);

#define ADD(name, func) g_test_add ("/consent-ui/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("new-form", test_new_form);
  ADD ("reopen-form", test_reopen_form);
  ADD ("minor-needs-guardian", test_minor_needs_guardian);
  ADD ("practice-wording", test_practice_wording);
  ADD ("lock-closes", test_lock_closes);
#undef ADD

  return g_test_run ();
}
