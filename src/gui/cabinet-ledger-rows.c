/* cabinet-ledger-rows.c — a line of the ledger as a row, the same on the
 * client's page and the Payments page
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cabinet-check-env.h"
#include "cabinet-document-window.h"
#include "cabinet-feedback.h"
#include "cabinet-gui-util.h"
#include "cabinet-ledger-rows.h"
#include "cabinet-receipt.h"
#include "cabinet-money.h"
#include "cabinet-validate.h"

GtkWidget *
cabinet_ledger_entry_row_new (CabinetEntry *entry,
                              const char   *client_name,
                              gboolean      receipt_due,
                              GCallback     reverse_clicked,
                              gpointer      user_data)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *day = cabinet_format_day (&entry->date);
  g_autofree char *money = cabinet_money_format (entry->amount, entry->currency);
  g_autofree char *title = NULL;
  const char *kind;

  switch (entry->kind)
    {
    case CABINET_ENTRY_REVERSAL:
      kind = _("Reversal");
      break;
    case CABINET_ENTRY_REFUND:
      kind = _("Refund");
      break;
    case CABINET_ENTRY_PAYMENT:
    default:
      kind = entry->reversed ? _("Payment, reversed") : _("Payment");
      break;
    }
  /* Translators: one line of a client's account: the amount, what it is, the means and the day. */
  title = g_strdup_printf (_("%s · %s · %s"), money, kind, cabinet_payment_method_label (entry->method));
  if (client_name)
    {
      char *with_name = g_strdup_printf ("%s · %s", client_name, title);

      g_free (title);
      title = with_name;
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (*entry->reference)
    {
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", day, entry->reference);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), day);
  if (entry->reversed || entry->kind == CABINET_ENTRY_REVERSAL)
    gtk_widget_add_css_class (row, "dim-label");
  if (receipt_due)
    {
      GtkWidget *due = gtk_label_new (_("Receipt due"));

      gtk_widget_set_valign (due, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (due, "warning");
      gtk_widget_add_css_class (due, "caption");
      gtk_widget_set_tooltip_text (due, _("A receipt is due for a payment of 25 € or more, and none has been issued."));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), due);
    }
  if (reverse_clicked && entry->kind == CABINET_ENTRY_PAYMENT && !entry->reversed)
    {
      GtkWidget *receipt = gtk_button_new_with_mnemonic (_("Recei_pt…"));
      g_autofree char *receipt_label = g_strdup_printf (_("Receipt for the payment of %s, %s"), money, day);

      gtk_widget_set_valign (receipt, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (receipt, "flat");
      gtk_accessible_update_property (GTK_ACCESSIBLE (receipt), GTK_ACCESSIBLE_PROPERTY_LABEL, receipt_label, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (receipt), "client.receipt");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (receipt), "x", entry->id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), receipt);
    }
  if (reverse_clicked && entry->kind == CABINET_ENTRY_PAYMENT && !entry->reversed)
    {
      GtkWidget *reverse = gtk_button_new_with_mnemonic (_("Re_verse…"));
      g_autofree char *label = g_strdup_printf (_("Reverse the payment of %s, %s"), money, day);

      gtk_widget_set_valign (reverse, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (reverse, "flat");
      gtk_accessible_update_property (GTK_ACCESSIBLE (reverse), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_object_set_data (G_OBJECT (reverse), "cabinet-payment", GSIZE_TO_POINTER ((gsize) entry->id));
      g_object_set_data_full (G_OBJECT (reverse), "cabinet-what", g_strdup (label), g_free);
      g_signal_connect (reverse, "clicked", reverse_clicked, user_data);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), reverse);
    }
  return row;
}


char *
cabinet_ledger_balance_text (gint64      balance,
                             const char *currency)
{
  g_autofree char *money = NULL;

  if (balance == 0)
    return g_strdup (_("Nothing owed"));
  money = cabinet_money_format (ABS (balance), currency);
  if (balance > 0)
    /* Translators: %s is an amount. */
    return g_strdup_printf (_("Owes %s"), money);
  /* Translators: %s is an amount paid in advance. */
  return g_strdup_printf (_("In credit: %s"), money);
}

/* What Preferences say receipts carry. */
static CabinetReceiptOptions *
receipt_options_new (CabinetContext *context)
{
  GSettings *settings = cabinet_context_get_settings (context);
  CabinetReceiptOptions *options = g_new0 (CabinetReceiptOptions, 1);
  g_autofree char *vat = g_settings_get_string (settings, "receipt-vat-statement");

  options->vat = g_str_equal (vat, "franchise") ? CABINET_RECEIPT_VAT_FRANCHISE : CABINET_RECEIPT_VAT_CARE;
  options->other_line = g_settings_get_string (settings, "receipt-legal-line");
  options->individual = g_settings_get_boolean (settings, "receipt-individual-entrepreneur");
  return options;
}

static void
receipt_options_free (CabinetReceiptOptions *options)
{
  g_free ((char *) options->other_line);
  g_free (options);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CabinetReceiptOptions, receipt_options_free)

/* A receipt was issued: the views marking payments whose receipt is due
 * update. */
static void
receipt_issued (CabinetContext *context)
{
  CabinetLedger *ledger = cabinet_context_get_ledger (context);

  if (ledger)
    cabinet_ledger_receipts_changed (ledger);
}

static void show_receipt (GtkWindow          *window,
                          CabinetContext     *context,
                          gint64              client_id,
                          CabinetReceiptInfo *receipt,
                          const char         *note,
                          gboolean            correctable,
                          GError             *error);

/* What the document window of a receipt needs to correct it. */
typedef struct {
  CabinetContext *context;
  gint64          client_id;
  gint64          receipt_id;
  char           *label;
} Correction;

static void
correction_free (Correction *correction)
{
  g_clear_object (&correction->context);
  g_free (correction->label);
  g_free (correction);
}

/* What issuing a receipt for @client_id needs: FALSE when the practice's
 * records are locked or the client is no longer in them. */
static gboolean
receipt_parties (CabinetContext       *context,
                 gint64                client_id,
                 CabinetDatabase     **database,
                 CabinetPractitioner **practitioner,
                 CabinetClient       **client)
{
  CabinetClientStore *clients = cabinet_context_get_client_store (context, NULL);

  *database = cabinet_context_get_database (context);
  *practitioner = cabinet_context_get_practitioner (context);
  *client = clients ? cabinet_client_store_lookup (clients, client_id) : NULL;
  return *database && *practitioner && *client;
}

/* Issues the receipt that cancels @receipt_id, as Preferences say; NULL with
 * @error when it cannot be. */
static CabinetReceiptInfo *
correct_receipt (CabinetContext  *context,
                 gint64           client_id,
                 gint64           receipt_id,
                 GError         **error)
{
  CabinetDatabase *database;
  CabinetPractitioner *practitioner;
  CabinetClient *client;
  g_autoptr(CabinetReceiptOptions) options = NULL;
  CabinetReceiptInfo *receipt;

  if (!receipt_parties (context, client_id, &database, &practitioner, &client))
    {
      g_set_error_literal (error, CABINET_RECEIPT_ERROR, CABINET_RECEIPT_ERROR_NOT_FOUND,
                           _("The practice’s records are locked or this client is no longer in them."));
      return NULL;
    }
  options = receipt_options_new (context);
  receipt = cabinet_receipt_correct (database, practitioner, client, receipt_id, NULL, options, error);
  if (receipt)
    receipt_issued (context);
  return receipt;
}

static void
destroy_window (gpointer window)
{
  gtk_window_destroy (window);
  g_object_unref (window);
}

static void
on_correct_response (AdwMessageDialog *dialog,
                     const char       *response,
                     GtkWindow        *document)
{
  Correction *correction = g_object_get_data (G_OBJECT (document), "cabinet-correction");
  g_autoptr(CabinetReceiptInfo) receipt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  GtkWindow *parent = gtk_window_get_transient_for (document);

  if (g_strcmp0 (response, "correct") != 0 || correction == NULL)
    return;
  receipt = correct_receipt (correction->context, correction->client_id, correction->receipt_id, &error);
  if (receipt == NULL)
    {
      cabinet_show_error (document, _("The receipt could not be corrected"), error->message);
      return;
    }
  /* Translators: %s is the number of the receipt a new one cancels, as in 2026-0001. */
  note = g_strdup_printf (_("Issued now. It cancels receipt %s, which stays in your records as it was issued: give the client this one."),
                          correction->label);
  show_receipt (parent, correction->context, correction->client_id, receipt, note, TRUE, NULL);
  /* The corrected receipt takes its place, once the dialog over it is gone. */
  gtk_widget_set_visible (GTK_WIDGET (document), FALSE);
  g_idle_add_once (destroy_window, g_object_ref (document));
}

static void
on_correct_clicked (GtkWindow *document)
{
  Correction *correction = g_object_get_data (G_OBJECT (document), "cabinet-correction");
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  /* Translators: %s is a receipt's number, as in 2026-0001. */
  heading = g_strdup_printf (_("Correct Receipt %s?"), correction->label);
  body = g_strdup_printf (_("A new receipt is issued with your profile and the client’s details as they are now, and the payments it covered that still stand. It cancels receipt %s, which stays in your records as it was issued."),
                          correction->label);
  dialog = adw_message_dialog_new (document, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "correct", _("_Issue a Corrected Receipt"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "correct", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_correct_response), document, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* @receipt shown as it will print over @window, with @note above it and, when
 * @correctable, Correct…; or what went wrong (@error, when @receipt is NULL). */
static void
show_receipt (GtkWindow          *window,
              CabinetContext     *context,
              gint64              client_id,
              CabinetReceiptInfo *receipt,
              const char         *note,
              gboolean            correctable,
              GError             *error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *title = NULL;
  CabinetDocumentWindow *document;
  Correction *correction;
  GtkWidget *button;

  if (receipt)
    pdf = cabinet_receipt_load_pdf (cabinet_context_get_database (context), receipt->id, &local_error);
  if (pdf == NULL)
    {
      cabinet_show_error (window, _("The receipt could not be made"),
                          local_error ? local_error->message : error->message);
      return;
    }
  /* Translators: a receipt's title, and the name of its file and print job; %s
   * is its number, as in 2026-0001. */
  title = g_strdup_printf (_("Receipt %s"), receipt->label);
  document = cabinet_document_window_present (window, context, pdf, title, note, title, &local_error);
  if (document == NULL)
    {
      cabinet_show_error (window, _("The receipt could not be shown"), local_error->message);
      return;
    }
  cabinet_document_window_set_audit (document, "receipt-printed", "receipt-exported", "receipt", receipt->id);
  if (!correctable)
    return;
  correction = g_new0 (Correction, 1);
  correction->context = g_object_ref (context);
  correction->client_id = client_id;
  correction->receipt_id = receipt->id;
  correction->label = g_strdup (receipt->label);
  g_object_set_data_full (G_OBJECT (document), "cabinet-correction", correction, (GDestroyNotify) correction_free);
  button = cabinet_document_window_add_button (document, _("_Correct…"),
                                               _("Issue a new receipt that cancels this one"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_correct_clicked), document);
}

#define FRESH_NOTE N_("Issued now, and kept as it is in the encrypted database: a receipt never changes. Correct… issues a new one that cancels it.")
#define KEPT_NOTE N_("Kept as it was issued: a receipt never changes. Correct… issues a new one that cancels it.")

void
cabinet_ledger_receipt_present (GtkWidget      *parent,
                                CabinetContext *context,
                                gint64          client_id,
                                gint64          payment_id)
{
  CabinetDatabase *database;
  CabinetPractitioner *practitioner;
  CabinetClient *client;
  g_autoptr(CabinetReceiptInfo) current = NULL;
  g_autoptr(GError) error = NULL;
  gboolean fresh = FALSE;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (CABINET_IS_CONTEXT (context));

  if (!receipt_parties (context, client_id, &database, &practitioner, &client))
    return;
  /* A receipt is issued once: the one that stands is shown again. */
  current = cabinet_receipt_find_for_payment (database, payment_id, &error);
  if (current == NULL && error == NULL)
    {
      g_autoptr(CabinetReceiptOptions) options = receipt_options_new (context);

      current = cabinet_receipt_issue (database, practitioner, client, payment_id, NULL, options, 0, &error);
      fresh = current != NULL;
      if (fresh)
        receipt_issued (context);
    }
  show_receipt (cabinet_widget_get_window (parent), context, client_id, current,
                fresh ? _(FRESH_NOTE) : _(KEPT_NOTE), TRUE, error);
}

void
cabinet_ledger_receipt_after_reversal (GtkWidget      *parent,
                                       CabinetContext *context,
                                       gint64          client_id,
                                       gint64          payment_id)
{
  CabinetDatabase *database = cabinet_context_get_database (context);
  g_autoptr(CabinetReceiptInfo) standing = NULL;
  g_autoptr(CabinetReceiptInfo) receipt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  GtkWindow *window = cabinet_widget_get_window (parent);

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (CABINET_IS_CONTEXT (context));

  if (database == NULL)
    return;
  standing = cabinet_receipt_find_for_payment (database, payment_id, &error);
  if (standing)
    receipt = correct_receipt (context, client_id, standing->id, &error);
  if (error)
    {
      cabinet_show_error (window, _("The payment’s receipt could not be cancelled"), error->message);
      return;
    }
  if (receipt == NULL)
    return;
  /* Translators: %s is the number of the receipt a new one cancels, as in 2026-0001. */
  note = g_strdup_printf (_("Issued now, because the payment was reversed: it cancels receipt %s. Give the client this one."),
                          standing->label);
  show_receipt (window, context, client_id, receipt, note, FALSE, NULL);
}

/* ── A receipt for a period ─────────────────────────────────────────────── */

typedef struct {
  CabinetContext *context;
  GtkWidget      *parent;
  gint64          client_id;
  GtkEditable    *from;
  GtkEditable    *to;
  GtkLabel       *problem;
} PeriodData;

static void
period_data_free (PeriodData *data)
{
  g_clear_object (&data->context);
  g_clear_object (&data->parent);
  g_free (data);
}

static gboolean
read_period (PeriodData  *data,
             GDate      **from,
             GDate      **to)
{
  const char *message = NULL;

  *from = cabinet_parse_iso_date (gtk_editable_get_text (data->from));
  *to = cabinet_parse_iso_date (gtk_editable_get_text (data->to));
  if (*from == NULL || *to == NULL)
    message = _("Enter each date as YYYY-MM-DD, for example 2026-11-01.");
  else if (g_date_compare (*from, *to) > 0)
    message = _("The period must end on or after the day it starts.");
  gtk_label_set_text (data->problem, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (data->problem), message != NULL);
  return message == NULL;
}

static void
on_period_changed (AdwMessageDialog *dialog)
{
  PeriodData *data = g_object_get_data (G_OBJECT (dialog), "cabinet-period");
  g_autoptr(GDate) from = NULL;
  g_autoptr(GDate) to = NULL;

  adw_message_dialog_set_response_enabled (dialog, "issue", read_period (data, &from, &to));
}

static void
on_period_response (AdwMessageDialog *dialog,
                    const char       *response,
                    PeriodData       *data)
{
  CabinetDatabase *database;
  CabinetPractitioner *practitioner;
  CabinetClient *client;
  g_autoptr(CabinetReceiptInfo) receipt = NULL;
  g_autoptr(GDate) from = NULL;
  g_autoptr(GDate) to = NULL;
  g_autoptr(GError) error = NULL;
  gboolean fresh = FALSE;

  if (g_strcmp0 (response, "issue") != 0
      || !receipt_parties (data->context, data->client_id, &database, &practitioner, &client)
      || !read_period (data, &from, &to))
    return;
  {
    g_autoptr(CabinetReceiptOptions) options = receipt_options_new (data->context);

    receipt = cabinet_receipt_issue_period (database, practitioner, client, from, to, NULL, options, &error);
    fresh = receipt != NULL;
    if (fresh)
      receipt_issued (data->context);
  }
  /* The same period again: the receipt already issued for it, when there is
   * one (the payments may also have had receipts of their own). */
  if (g_error_matches (error, CABINET_RECEIPT_ERROR, CABINET_RECEIPT_ERROR_ALREADY_ISSUED))
    {
      g_autoptr(GError) find_error = NULL;

      receipt = cabinet_receipt_find_period (database, data->client_id, from, to, &find_error);
      if (receipt)
        g_clear_error (&error);
    }
  show_receipt (cabinet_widget_get_window (data->parent), data->context, data->client_id, receipt,
                fresh ? _(FRESH_NOTE) : _(KEPT_NOTE), TRUE, error);
}

static GtkWidget *
period_field (GtkGrid    *grid,
              int         row,
              const char *mnemonic,
              const char *value)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), value);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  gtk_grid_attach (grid, label, 0, row, 1, 1);
  gtk_grid_attach (grid, entry, 1, row, 1, 1);
  return entry;
}

void
cabinet_ledger_period_receipt_present (GtkWidget      *parent,
                                       CabinetContext *context,
                                       gint64          client_id)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) this_month = NULL;
  g_autoptr(GDateTime) last_month = NULL;
  g_autoptr(GDateTime) last_day = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  PeriodData *data;
  GtkWidget *dialog, *grid;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (CABINET_IS_CONTEXT (context));

  /* Last month, the usual period. */
  this_month = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now), 1, 12, 0, 0);
  last_month = g_date_time_add_months (this_month, -1);
  last_day = g_date_time_add_days (this_month, -1);
  from = g_date_time_format (last_month, "%Y-%m-%d");
  to = g_date_time_format (last_day, "%Y-%m-%d");

  dialog = adw_message_dialog_new (cabinet_widget_get_window (parent), _("Receipt for a Period"),
                                   _("One receipt for every payment the client made in the period, with the sessions it covers."));
  data = g_new0 (PeriodData, 1);
  data->context = g_object_ref (context);
  data->parent = g_object_ref (parent);
  data->client_id = client_id;
  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  data->from = GTK_EDITABLE (period_field (GTK_GRID (grid), 0, _("_From (YYYY-MM-DD)"), from));
  data->to = GTK_EDITABLE (period_field (GTK_GRID (grid), 1, _("_To (YYYY-MM-DD)"), to));
  data->problem = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (data->problem, TRUE);
  gtk_label_set_xalign (data->problem, 0);
  gtk_widget_add_css_class (GTK_WIDGET (data->problem), "error");
  gtk_widget_set_visible (GTK_WIDGET (data->problem), FALSE);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (data->problem), 0, 2, 2, 1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), grid);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "issue", _("_Make the Receipt"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "issue", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "issue");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "cabinet-period", data);
  g_signal_connect_swapped (data->from, "changed", G_CALLBACK (on_period_changed), dialog);
  g_signal_connect_swapped (data->to, "changed", G_CALLBACK (on_period_changed), dialog);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_period_response), data,
                         (GClosureNotify) (void (*) (void)) period_data_free, 0);
  g_signal_connect_object (context, "notify::locked", G_CALLBACK (gtk_window_destroy), dialog, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}
