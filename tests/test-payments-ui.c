/* test-payments-ui.c — the accounts as the therapist keeps them: a client's
 * account with a payment, its receipt and its reversal; the Payments page; the
 * year's report; what Preferences say a missed session charges and the largest
 * payment taken
 * Runs under Xvfb with a private D-Bus session and a throwaway keyring.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <time.h>

#include "cabinet-client-page.h"
#include "cabinet-clients-page.h"
#include "cabinet-document-view.h"
#include "cabinet-document-window.h"
#include "cabinet-money.h"
#include "cabinet-payments-page.h"
#include "cabinet-payment-settings-page.h"
#include "cabinet-preferences-window.h"
#include "cabinet-receipt.h"
#include "cabinet-session-editor.h"
#include "cabinet-session-store.h"
#include "cabinet-test-utils.h"
#include "cabinet-ui-practice.h"
#include "cabinet-ui-test-utils.h"
#include "cabinet-validate.h"

typedef CabinetUiPractice Fixture;

#define add_session_at cabinet_ui_practice_add_session_at
#define all_sessions cabinet_ui_practice_all_sessions

/* What the receipt's window says above it, issued now or shown again. */
#define FRESH_NOTE "Issued now, and kept as it is in the encrypted database: a receipt never changes. Correct… issues a new one that cancels it."
#define KEPT_NOTE "Kept as it was issued: a receipt never changes. Correct… issues a new one that cancels it."

/* The Payments page's periods, as it lists them: the last is all dates. */
#define PERIOD_ALL_DATES 4

/* A session of Jeanne Martin @days_ago, marked @status. */
static void
add_past_session (Fixture             *f,
                  int                  days_ago,
                  CabinetSessionStatus status)
{
  CabinetSessionStore *store = cabinet_context_get_session_store (f->context);
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_real_time () / G_USEC_PER_SEC - (gint64) days_ago * 86400;

  add_session_at (f, start);
  all = all_sessions (f);
  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(CabinetSession) session = g_list_model_get_item (all, i);

      if (cabinet_session_get_starts_at (session) == start)
        cabinet_session_store_set_status (store, session, status, CABINET_SESSION_SCOPE_THIS, &error);
    }
  g_assert_no_error (error);
}

/* The client's account on their page: what they owe; a payment on account; a
 * payment reversed, both entries kept and the balance back. */
static void
test_client_account (Fixture *f, gconstpointer data)
{
  CabinetClientStore *clients = cabinet_context_get_client_store (f->context, NULL);
  CabinetClientsPage *clients_page;
  GtkWidget *page;
  GtkWindow *dialog;

  add_past_session (f, 7, CABINET_SESSION_DONE);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "clients");
  cabinet_ui_settle ();
  clients_page = CABINET_CLIENTS_PAGE (cabinet_window_get_page (f->window, "clients"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (clients_page)));
  cabinet_clients_page_open_client (clients_page, cabinet_client_store_lookup (clients, f->client_id));
  cabinet_ui_settle ();
  page = cabinet_ui_find_by_type (GTK_WIDGET (f->window), CABINET_TYPE_CLIENT_PAGE);
  g_assert_true (cabinet_ui_shows_row (page, "Owes €60.00"));

  g_assert_true (gtk_widget_activate_action (page, "client.record-payment", NULL));
  cabinet_ui_settle ();
  dialog = cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), ==, "Jeanne Martin owes €60.00.");
  /* The receipt is offered from 25 €; not wanted now, the payment says it is due. */
  {
    GtkWidget *receipt = cabinet_ui_find_check (GTK_WIDGET (dialog), _("Issue the r_eceipt now"));

    g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (receipt)));
    gtk_check_button_set_active (GTK_CHECK_BUTTON (receipt), FALSE);
  }
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "record");
  gtk_window_destroy (dialog);
  cabinet_ui_settle ();
  g_assert_null (cabinet_ui_find_window (CABINET_TYPE_DOCUMENT_WINDOW));
  g_assert_true (cabinet_ui_shows_row (page, "Nothing owed"));
  g_assert_nonnull (cabinet_ui_find_visible_label (page, "Receipt due"));
  cabinet_ui_save_shot (GTK_WIDGET (f->window), "client-account");

  /* Its receipt: issued once, shown as it will print, the same afterwards. */
  for (guint time = 0; time < 2; time++)
    {
      GtkWindow *shown;
      CabinetDocumentView *view;
      const char *title;

      cabinet_ui_click (page, _("Recei_pt…"));
      shown = cabinet_ui_find_window (CABINET_TYPE_DOCUMENT_WINDOW);
      g_assert_nonnull (shown);
      title = gtk_window_get_title (shown);
      g_assert_true (g_str_has_prefix (title, "Receipt "));
      g_assert_true (g_str_has_suffix (title, "-0001"));
      g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (shown), time == 0
        ? FRESH_NOTE
        : KEPT_NOTE));
      view = CABINET_DOCUMENT_VIEW (cabinet_ui_find_by_type (GTK_WIDGET (shown), CABINET_TYPE_DOCUMENT_VIEW));
      g_assert_cmpuint (cabinet_document_view_get_n_pages (view), ==, 1);
      if (time == 0)
        cabinet_ui_save_shot (GTK_WIDGET (shown), "receipt-issued");
      gtk_window_destroy (shown);
      cabinet_ui_settle ();
    }
  g_assert_cmpint (cabinet_test_query_int (cabinet_context_get_database (f->context),
                                           "SELECT count (*) FROM receipts"), ==, 1);
  g_assert_null (cabinet_ui_find_visible_label (page, "Receipt due"));

  cabinet_ui_click (page, _("Re_verse…"));
  dialog = cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "reverse");
  gtk_window_destroy (dialog);
  cabinet_ui_settle ();
  /* The receipt it had is cancelled by a new one, shown to be given. */
  dialog = cabinet_ui_find_window (CABINET_TYPE_DOCUMENT_WINDOW);
  g_assert_nonnull (dialog);
  gtk_window_destroy (dialog);
  cabinet_ui_settle ();
  g_assert_true (cabinet_ui_shows_row (page, "Owes €60.00"));
  g_assert_true (cabinet_ui_shows_row (page, "€60.00 · Payment, reversed · Card"));
  {
    g_autofree char *minus = cabinet_money_format (-6000, "EUR");
    g_autofree char *reversal = g_strdup_printf ("%s · Reversal · Card", minus);

    g_assert_true (cabinet_ui_shows_row (page, reversal));
  }

  /* The client list says it too, with the next session. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (clients_page), "clients.back", NULL));
  cabinet_ui_settle ();
  cabinet_ui_save_shot (GTK_WIDGET (f->window), "clients-balances");
  g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (clients_page), "Owes €60.00"));
  g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (clients_page), "None planned"));
  add_session_at (f, cabinet_test_utc (2030, 6, 3, 8, 0));
  cabinet_ui_settle ();
  {
    g_autoptr(GDateTime) utc = g_date_time_new_utc (2030, 6, 3, 8, 0, 0);
    g_autoptr(GDateTime) local = g_date_time_to_local (utc);
    g_autofree char *next = cabinet_format_date_time (local);

    g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (clients_page), next));
  }
  cabinet_ui_save_shot (GTK_WIDGET (f->window), "clients-balances");
}

/* The Payments page: what is owed, the unpaid session, paid from there; the
 * payment listed for this month, not among the cash payments. */
static void
test_payments_page (Fixture *f, gconstpointer data)
{
  GtkWidget *page;
  GtkWindow *dialog;
  guint cash = 0;

  add_past_session (f, 3, CABINET_SESSION_DONE);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "payments");
  cabinet_ui_settle ();
  page = cabinet_window_get_page (f->window, "payments");
  /* Built and shown by the action, as Alt+4 does. */
  g_assert_true (gtk_widget_get_mapped (page));
  cabinet_ui_save_shot (GTK_WIDGET (f->window), "payments-page");
  g_assert_nonnull (cabinet_ui_find_visible_label (page, "Owed to you: €60.00"));
  g_assert_true (cabinet_ui_shows_row (page, "Jeanne Martin · €60.00"));
  /* Owed by client: Jeanne Martin, 60 €. */
  g_assert_true (cabinet_ui_shows_row (page, "Jeanne Martin"));
  g_assert_nonnull (cabinet_ui_find_visible_label (page, "€60.00"));

  cabinet_ui_click (page, _("Record _Payment…"));
  dialog = cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "record");
  gtk_window_destroy (dialog);
  cabinet_ui_settle ();
  g_assert_nonnull (cabinet_ui_find_visible_label (page, "Owed to you: €0.00"));
  g_assert_true (cabinet_ui_shows_row (page, "Nothing is owed"));
  g_assert_true (cabinet_ui_shows_row (page, "Jeanne Martin · €60.00 · Payment · Card"));

  /* The year's income counts it; nobody owes anything. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *total = g_strdup_printf ("Total for %d", g_date_time_get_year (now));
    g_autofree char *title = g_strdup_printf ("Income %d", g_date_time_get_year (now));
    GtkWindow *shown;
    CabinetDocumentView *view;

    g_assert_true (cabinet_ui_shows_row (page, total));
    g_assert_true (cabinet_ui_shows_row (page, "No client owes anything"));
    cabinet_ui_save_shot (GTK_WIDGET (f->window), "payments-income");

    /* On paper: shown before it is printed or exported. */
    g_assert_true (gtk_widget_activate_action (page, "payments.report", NULL));
    cabinet_ui_settle ();
    shown = cabinet_ui_find_window (CABINET_TYPE_DOCUMENT_WINDOW);
    g_assert_nonnull (shown);
    g_assert_cmpstr (gtk_window_get_title (shown), ==, title);
    view = CABINET_DOCUMENT_VIEW (cabinet_ui_find_by_type (GTK_WIDGET (shown), CABINET_TYPE_DOCUMENT_VIEW));
    g_assert_cmpuint (cabinet_document_view_get_n_pages (view), ==, 1);
    cabinet_ui_save_shot (GTK_WIDGET (shown), "income-report");
    gtk_window_destroy (shown);
    cabinet_ui_settle ();

    /* The income ledger of the same year (its lines are read back in the
     * ledger test). */
    g_assert_true (gtk_widget_activate_action (page, "payments.ledger", NULL));
    cabinet_ui_settle ();
    shown = cabinet_ui_find_window (CABINET_TYPE_DOCUMENT_WINDOW);
    g_assert_nonnull (shown);
    {
      g_autofree char *ledger_title = g_strdup_printf ("Income Ledger %d", g_date_time_get_year (now));

      g_assert_cmpstr (gtk_window_get_title (shown), ==, ledger_title);
    }
    cabinet_ui_save_shot (GTK_WIDGET (shown), "income-ledger");
    gtk_window_destroy (shown);
    cabinet_ui_settle ();
  }

  /* Only cash: none. */
  for (guint i = 0; i < CABINET_N_PAYMENT_METHODS; i++)
    if (cabinet_payment_method_nth (i) == CABINET_PAYMENT_CASH)
      cash = i + 1;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (cabinet_ui_find_by_type (page, GTK_TYPE_DROP_DOWN)), PERIOD_ALL_DATES);
  {
    GtkWidget *method = NULL;

    for (GtkWidget *w = gtk_widget_get_next_sibling (cabinet_ui_find_by_type (page, GTK_TYPE_DROP_DOWN)); w; w = gtk_widget_get_next_sibling (w))
      if (GTK_IS_DROP_DOWN (w))
        {
          method = w;
          break;
        }
    g_assert_nonnull (method);
    gtk_drop_down_set_selected (GTK_DROP_DOWN (method), cash);
  }
  cabinet_ui_settle ();
  g_assert_true (cabinet_ui_shows_row (page, "No payments in this period"));

  /* A session held while the page is hidden: owed, once the page is back. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "today");
  cabinet_ui_settle ();
  add_past_session (f, 2, CABINET_SESSION_DONE);
  cabinet_ui_settle ();
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "payments");
  cabinet_ui_settle ();
  g_assert_nonnull (cabinet_ui_find_visible_label (page, "Owed to you: €60.00"));

  /* Locking closes the summary shown. */
  g_assert_true (gtk_widget_activate_action (page, "payments.report", NULL));
  cabinet_ui_settle ();
  g_assert_nonnull (cabinet_ui_find_window (CABINET_TYPE_DOCUMENT_WINDOW));
  cabinet_context_lock (f->context);
  cabinet_ui_settle ();
  g_assert_null (cabinet_ui_find_window (CABINET_TYPE_DOCUMENT_WINDOW));

  /* (The file for the accountant is read back in the ledger test: GTK's file
   * chooser, whose cloud-providers sidebar leaks under LeakSanitizer, is not
   * opened here.) */
}


static gboolean
message_shown (gpointer data)
{
  return cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static gboolean
signature_kept (CabinetDatabase *database)
{
  g_autoptr(GBytes) png = cabinet_receipt_get_signature (database, NULL);

  return png != NULL;
}

/* Preferences, Payments: a no-show charges the share chosen; a payment above the
 * largest one accepted is refused; what receipts carry is kept: the VAT
 * statement, "EI", another mention, the signature. */
static void
test_payment_settings (Fixture *f, gconstpointer data)
{
  CabinetPreferencesWindow *prefs = cabinet_preferences_window_new (f->context);
  CabinetLedger *ledger = cabinet_context_get_ledger (f->context);
  GtkWidget *share, *ceiling, *legal, *vat, *individual, *signature;
  g_autoptr(GError) error = NULL;
  gint64 balance = -1;
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  gtk_window_present (GTK_WINDOW (prefs));
  cabinet_ui_settle ();
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "payments");
  cabinet_ui_settle ();
  share = adw_action_row_get_activatable_widget (
    ADW_ACTION_ROW (cabinet_ui_find_row (GTK_WIDGET (prefs), _("Share of the fee charged, in percent"))));
  ceiling = adw_action_row_get_activatable_widget (
    ADW_ACTION_ROW (cabinet_ui_find_row (GTK_WIDGET (prefs), _("Largest payment accepted"))));
  legal = cabinet_ui_find_row (GTK_WIDGET (prefs), _("Other mention"));
  vat = cabinet_ui_find_row (GTK_WIDGET (prefs), _("VAT statement"));
  individual = adw_action_row_get_activatable_widget (
    ADW_ACTION_ROW (cabinet_ui_find_row (GTK_WIDGET (prefs), _("Entrepreneur individuel"))));
  signature = cabinet_ui_find_row (GTK_WIDGET (prefs), _("Signature"));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (share)), ==, 100);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (ceiling)), ==, 10000);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (legal)), ==, "");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (vat)), ==, 0);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (individual)));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (signature)), ==,
                   "None: receipts have a box to sign in by hand");
  cabinet_ui_save_shot (GTK_WIDGET (prefs), "preferences-payments");

  /* Half the fee for a no-show. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (share), 50);
  cabinet_ui_settle ();
  g_assert_cmpuint (cabinet_ledger_get_cancellation_percent (ledger), ==, 50);
  add_past_session (f, 2, CABINET_SESSION_NO_SHOW);
  g_assert_true (cabinet_ledger_get_balance (ledger, f->client_id, &balance, &error));
  g_assert_cmpint (balance, ==, 3000);

  /* Nothing above 200 €. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (ceiling), 200);
  cabinet_ui_settle ();
  g_assert_cmpuint (g_settings_get_uint (f->settings, "payment-ceiling"), ==, 200);
  g_assert_cmpint (cabinet_ledger_record_payment (ledger, f->client_id, 25000, "EUR", &today, CABINET_PAYMENT_CARD,
                                                  "", "", NULL, 0, NULL, &error), ==, 0);
  g_assert_error (error, CABINET_LEDGER_ERROR, CABINET_LEDGER_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (cabinet_ledger_record_payment (ledger, f->client_id, 20000, "EUR", &today, CABINET_PAYMENT_CARD,
                                                  "", "", NULL, 0, NULL, &error), >, 0);
  g_assert_no_error (error);

  /* The franchise en base, no "EI", another mention. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (vat), 1);
  gtk_switch_set_active (GTK_SWITCH (individual), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (legal), "Membre d’une association agréée");
  cabinet_ui_settle ();
  {
    g_autofree char *statement = g_settings_get_string (f->settings, "receipt-vat-statement");
    g_autofree char *line = g_settings_get_string (f->settings, "receipt-legal-line");

    g_assert_cmpstr (statement, ==, "franchise");
    g_assert_cmpstr (line, ==, "Membre d’une association agréée");
    g_assert_false (g_settings_get_boolean (f->settings, "receipt-individual-entrepreneur"));
  }

  /* A signature: a text file is refused with a message; a PNG is kept, then removed. */
  {
    g_autofree char *dir = cabinet_test_make_dir ();
    g_autofree char *junk_path = g_build_filename (dir, "signature.png", NULL);
    g_autofree char *png_path = g_build_filename (dir, "real.png", NULL);
    g_autoptr(GBytes) png = cabinet_test_make_png (240, 80);
    g_autoptr(GFile) junk = g_file_new_for_path (junk_path);
    g_autoptr(GFile) real = g_file_new_for_path (png_path);
    CabinetPaymentSettingsPage *page = CABINET_PAYMENT_SETTINGS_PAGE (
      cabinet_ui_find_by_type (GTK_WIDGET (prefs), CABINET_TYPE_PAYMENT_SETTINGS_PAGE));
    CabinetDatabase *database = cabinet_context_get_database (f->context);
    GtkWindow *dialog;

    cabinet_test_write_file (dir, "signature.png", "not an image", -1);
    cabinet_test_write_file (dir, "real.png", g_bytes_get_data (png, NULL), (gssize) g_bytes_get_size (png));
    cabinet_payment_settings_page_load_signature (page, junk);
    cabinet_test_wait_for (message_shown, NULL, 5000);
    dialog = cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "not a PNG image"));
    cabinet_ui_save_shot (GTK_WIDGET (dialog), "signature-refused");
    gtk_window_destroy (dialog);
    g_assert_null (cabinet_receipt_get_signature (database, NULL));

    cabinet_payment_settings_page_load_signature (page, real);
    cabinet_test_wait_for ((gboolean (*) (gpointer)) signature_kept, database, 5000);
    cabinet_ui_settle ();
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (signature)), ==, "Printed on receipts");
    cabinet_ui_save_shot (GTK_WIDGET (prefs), "preferences-receipts");
    cabinet_ui_click (signature, _("_Remove"));
    g_assert_null (cabinet_receipt_get_signature (database, NULL));
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (signature)), ==,
                     "None: receipts have a box to sign in by hand");
    cabinet_test_remove_dir (dir);
  }
  gtk_window_destroy (GTK_WINDOW (prefs));
  cabinet_ui_settle ();
}

/* Paid in advance, more than was owed: part of the credit given back from the
 * client's page; not more than the credit. */
static void
test_refund (Fixture *f, gconstpointer data)
{
  CabinetLedger *ledger = cabinet_context_get_ledger (f->context);
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog;
  GtkWidget *page, *amount;
  gint64 balance = 0;

  cabinet_ui_practice_pay_today (f, 10000, CABINET_PAYMENT_CARD);
  page = cabinet_ui_practice_open_client (f);
  g_assert_true (cabinet_ui_shows_row (page, "In credit: €100.00"));

  cabinet_ui_click (page, _("_Give Back…"));
  dialog = cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Give Back Credit");
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), ==, "Jeanne Martin is in credit: €100.00.");
  amount = cabinet_ui_find_by_type (GTK_WIDGET (dialog), GTK_TYPE_ENTRY);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (amount)), ==, "100.00");

  /* Not more than the credit. */
  gtk_editable_set_text (GTK_EDITABLE (amount), "150");
  cabinet_ui_settle ();
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "record"));
  g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (dialog),
                                                   "At most €100.00 can be given back: the client’s credit."));
  cabinet_ui_save_shot (GTK_WIDGET (dialog), "refund");

  gtk_editable_set_text (GTK_EDITABLE (amount), "40");
  cabinet_ui_settle ();
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "record"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "record");
  gtk_window_destroy (dialog);
  cabinet_ui_settle ();

  g_assert_true (cabinet_ledger_get_balance (ledger, f->client_id, &balance, &error));
  g_assert_cmpint (balance, ==, -6000);
  g_assert_true (cabinet_ui_shows_row (page, "In credit: €60.00"));
  g_assert_true (cabinet_ui_shows_row (page, "-€40.00 · Refund · Card"));
  /* The payment itself stands, with its own entry. */
  g_assert_true (cabinet_ui_shows_row (page, "€100.00 · Payment · Card"));
}

/* A receipt for this month from the client's page: the period checked as it is
 * typed, the receipt issued and shown; asked again, the same one. */
static void
test_period_receipt (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *first = g_date_time_format (now, "%Y-%m-01");
  g_autofree char *today_text = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *label = g_date_time_format (now, "Receipt %Y-0001");
  GtkWidget *page;

  for (guint i = 0; i < 2; i++)
    cabinet_ui_practice_pay_today (f, 6000, CABINET_PAYMENT_CASH);
  page = cabinet_ui_practice_open_client (f);

  for (guint time = 0; time < 2; time++)
    {
      GtkWindow *dialog, *shown;
      GtkWidget *from, *to;

      g_assert_true (gtk_widget_activate_action (page, "client.period-receipt", NULL));
      cabinet_ui_settle ();
      dialog = cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
      g_assert_nonnull (dialog);
      from = cabinet_ui_find_by_type (GTK_WIDGET (dialog), GTK_TYPE_ENTRY);
      to = gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (from));
      g_assert_true (GTK_IS_ENTRY (to));
      if (time == 0)
        {
          /* Backwards, or not a date: said, and nothing to make. */
          gtk_editable_set_text (GTK_EDITABLE (from), today_text);
          gtk_editable_set_text (GTK_EDITABLE (to), "2020-01-01");
          cabinet_ui_settle ();
          g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "issue"));
          g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (dialog),
                                                           "The period must end on or after the day it starts."));
          gtk_editable_set_text (GTK_EDITABLE (to), "yesterday");
          cabinet_ui_settle ();
          g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "issue"));
          cabinet_ui_save_shot (GTK_WIDGET (dialog), "period-receipt");
        }
      gtk_editable_set_text (GTK_EDITABLE (from), first);
      gtk_editable_set_text (GTK_EDITABLE (to), today_text);
      cabinet_ui_settle ();
      g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "issue"));
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "issue");
      gtk_window_destroy (dialog);
      cabinet_ui_settle ();
      shown = cabinet_ui_find_window (CABINET_TYPE_DOCUMENT_WINDOW);
      g_assert_nonnull (shown);
      g_assert_cmpstr (gtk_window_get_title (shown), ==, label);
      g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (shown), time == 0
        ? FRESH_NOTE
        : KEPT_NOTE));
      gtk_window_destroy (shown);
      cabinet_ui_settle ();
    }
  g_assert_cmpint (cabinet_test_query_int (cabinet_context_get_database (f->context),
                                           "SELECT count (*) FROM receipt_payments"), ==, 2);
}

/* Correcting a receipt from its window: a new number that cancels it, the old
 * one kept; then the payment reversed, and its receipt cancelled by a new one
 * without being replaced. */
static void
test_receipt_correction (Fixture *f, gconstpointer data)
{
  CabinetDatabase *database = cabinet_context_get_database (f->context);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *first = g_date_time_format (now, "%Y-0001");
  g_autofree char *second = g_date_time_format (now, "%Y-0002");
  g_autofree char *third = g_date_time_format (now, "Receipt %Y-0003");
  g_autofree char *second_title = g_strconcat ("Receipt ", second, NULL);
  g_autofree char *corrected_note = g_strdup_printf ("Issued now. It cancels receipt %s, which stays in your records as it was issued: give the client this one.", first);
  g_autofree char *cancelled_note = g_strdup_printf ("Issued now, because the payment was reversed: it cancels receipt %s. Give the client this one.", second);
  g_autofree char *warning = g_strdup_printf ("Its receipt %s will be cancelled by a new receipt, to give the client.", second);
  GtkWindow *shown, *dialog;
  GtkWidget *page;

  cabinet_ui_practice_pay_today (f, 6000, CABINET_PAYMENT_CARD);
  page = cabinet_ui_practice_open_client (f);
  cabinet_ui_click (page, _("Recei_pt…"));
  shown = cabinet_ui_find_window (CABINET_TYPE_DOCUMENT_WINDOW);
  g_assert_nonnull (shown);
  cabinet_ui_click (GTK_WIDGET (shown), _("_Correct…"));
  dialog = cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), first));
  cabinet_ui_save_shot (GTK_WIDGET (dialog), "receipt-correct");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "correct");
  gtk_window_destroy (dialog);
  cabinet_ui_settle ();
  shown = cabinet_ui_find_window (CABINET_TYPE_DOCUMENT_WINDOW);
  g_assert_nonnull (shown);
  g_assert_cmpstr (gtk_window_get_title (shown), ==, second_title);
  g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (shown), corrected_note));
  gtk_window_destroy (shown);
  cabinet_ui_settle ();
  g_assert_null (cabinet_ui_find_window (CABINET_TYPE_DOCUMENT_WINDOW));

  /* Reversed: the dialog says what becomes of the receipt. */
  cabinet_ui_click (page, _("Re_verse…"));
  dialog = cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), warning));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "reverse");
  gtk_window_destroy (dialog);
  cabinet_ui_settle ();
  shown = cabinet_ui_find_window (CABINET_TYPE_DOCUMENT_WINDOW);
  g_assert_nonnull (shown);
  g_assert_cmpstr (gtk_window_get_title (shown), ==, third);
  g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (shown), cancelled_note));
  g_assert_null (cabinet_ui_find_button (GTK_WIDGET (shown), _("_Correct…")));
  cabinet_ui_save_shot (GTK_WIDGET (shown), "receipt-cancelled");
  gtk_window_destroy (shown);
  cabinet_ui_settle ();
  g_assert_cmpint (cabinet_test_query_int (database, "SELECT count (*) FROM receipts"), ==, 3);
  g_assert_cmpint (cabinet_test_query_int (database, "SELECT count (*) FROM receipts WHERE cancels IS NOT NULL"), ==, 2);
}

/* Record a payment offers its receipt from 25 € (arrêté of 3 October 1983):
 * issued and shown with the payment; below 25 €, not unless asked, and not
 * marked as due. */
static void
test_receipt_offered (Fixture *f, gconstpointer data)
{
  GtkWidget *page = cabinet_ui_practice_open_client (f);
  GtkWindow *dialog, *shown;
  GtkWidget *amount, *receipt;

  g_assert_true (gtk_widget_activate_action (page, "client.record-payment", NULL));
  cabinet_ui_settle ();
  dialog = cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  amount = cabinet_ui_find_by_type (GTK_WIDGET (dialog), GTK_TYPE_ENTRY);
  receipt = cabinet_ui_find_check (GTK_WIDGET (dialog), _("Issue the r_eceipt now"));
  gtk_editable_set_text (GTK_EDITABLE (amount), "20");
  cabinet_ui_settle ();
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (receipt)));
  gtk_editable_set_text (GTK_EDITABLE (amount), "60");
  cabinet_ui_settle ();
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (receipt)));
  cabinet_ui_save_shot (GTK_WIDGET (dialog), "record-payment");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "record");
  gtk_window_destroy (dialog);
  cabinet_ui_settle ();
  shown = cabinet_ui_find_window (CABINET_TYPE_DOCUMENT_WINDOW);
  g_assert_nonnull (shown);
  g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (shown), FRESH_NOTE));
  gtk_window_destroy (shown);
  cabinet_ui_settle ();

  g_assert_true (gtk_widget_activate_action (page, "client.record-payment", NULL));
  cabinet_ui_settle ();
  dialog = cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  amount = cabinet_ui_find_by_type (GTK_WIDGET (dialog), GTK_TYPE_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (amount), "15");
  cabinet_ui_settle ();
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "record");
  gtk_window_destroy (dialog);
  cabinet_ui_settle ();
  g_assert_null (cabinet_ui_find_window (CABINET_TYPE_DOCUMENT_WINDOW));
  g_assert_true (cabinet_ui_shows_row (page, "€15.00 · Payment · Card"));
  g_assert_null (cabinet_ui_find_visible_label (page, "Receipt due"));
  g_assert_cmpint (cabinet_test_query_int (cabinet_context_get_database (f->context),
                                           "SELECT count (*) FROM receipts"), ==, 1);
}

/* A client followed under Mon soutien psy: a new session proposes the
 * national fee and refuses another; the first is to be in person. */
static void
test_mon_soutien_psy (Fixture *f, gconstpointer data)
{
  CabinetClientStore *clients = cabinet_context_get_client_store (f->context, NULL);
  g_autoptr(CabinetClient) edited = cabinet_client_copy (cabinet_client_store_lookup (clients, f->client_id));
  g_autoptr(GError) error = NULL;
  CabinetSessionEditor *editor;
  GtkWidget *fee;

  cabinet_client_set_text (edited, CABINET_CLIENT_MON_SOUTIEN_PSY, "yes");
  cabinet_client_store_save (clients, edited, &error);
  g_assert_no_error (error);
  editor = cabinet_session_editor_new (GTK_WINDOW (f->window), f->context, NULL,
                                       cabinet_test_utc (2030, 6, 3, 8, 0), f->client_id);
  gtk_window_present (GTK_WINDOW (editor));
  cabinet_ui_settle ();
  fee = cabinet_ui_find_row (GTK_WIDGET (editor), _("Fee"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fee)), ==, "50.00");
  g_assert_nonnull (strstr (cabinet_session_editor_get_hint (editor),
                            "Under Mon soutien psy, the first session, the assessment, takes place in person."));
  cabinet_ui_save_shot (GTK_WIDGET (editor), "mon-soutien-psy");
  gtk_editable_set_text (GTK_EDITABLE (fee), "60");
  cabinet_ui_settle ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  cabinet_ui_settle ();
  g_assert_cmpstr (cabinet_session_editor_get_issue (editor, "fee"), ==,
                   "Under Mon soutien psy a session is at the national fee, €50.00, with no extra charge.");
  g_assert_nonnull (cabinet_ui_find_window (CABINET_TYPE_SESSION_EDITOR));
  gtk_editable_set_text (GTK_EDITABLE (fee), "50");
  cabinet_ui_settle ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  cabinet_ui_settle ();
  g_assert_null (cabinet_ui_find_window (CABINET_TYPE_SESSION_EDITOR));
  g_assert_cmpint (cabinet_test_query_int (cabinet_context_get_database (f->context),
                                           "SELECT count (*) FROM sessions WHERE billing = 'mon-soutien-psy'"
                                           " AND fee_minor = 5000"), ==, 1);
}

int
main (int argc, char **argv)
{
  g_setenv ("TZ", "Europe/Paris", TRUE);
  cabinet_ui_test_init (&argc, &argv);

#define ADD(name, fn) g_test_add ("/payments-ui/" name, Fixture, NULL, cabinet_ui_practice_setup, fn, \
                                  cabinet_ui_practice_teardown)
  ADD ("client-account", test_client_account);
  ADD ("payments-page", test_payments_page);
  ADD ("payment-settings", test_payment_settings);
  ADD ("refund", test_refund);
  ADD ("period-receipt", test_period_receipt);
  ADD ("receipt-correction", test_receipt_correction);
  ADD ("receipt-offered", test_receipt_offered);
  ADD ("mon-soutien-psy", test_mon_soutien_psy);
#undef ADD

  return g_test_run ();
}
