/* cabinet-ledger-rows.c — a line of the ledger as a row, the same on the
 * client's page and the Payments page
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

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
                              GCallback     reverse_clicked,
                              gpointer      user_data)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GDateTime) when = g_date_time_new_local (g_date_get_year (&entry->date), g_date_get_month (&entry->date),
                                                     g_date_get_day (&entry->date), 12, 0, 0);
  g_autofree char *day = cabinet_format_date (when);
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

void
cabinet_ledger_receipt_present (GtkWidget      *parent,
                                CabinetContext *context,
                                gint64          client_id,
                                gint64          payment_id)
{
  CabinetDatabase *database = cabinet_context_get_database (context);
  CabinetPractitioner *practitioner = cabinet_context_get_practitioner (context);
  CabinetClientStore *clients = cabinet_context_get_client_store (context, NULL);
  CabinetClient *client = clients ? cabinet_client_store_lookup (clients, client_id) : NULL;
  g_autoptr(GPtrArray) issued = NULL;
  g_autoptr(CabinetReceiptInfo) fresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *legal = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GBytes) pdf = NULL;
  CabinetReceiptInfo *current = NULL;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (CABINET_IS_CONTEXT (context));

  if (database == NULL || practitioner == NULL || client == NULL)
    return;
  /* A receipt is issued once: the latest one that no other cancels is the one. */
  issued = cabinet_receipt_list_for_payment (database, payment_id, &error);
  for (guint i = 0; issued && i < issued->len; i++)
    {
      CabinetReceiptInfo *info = g_ptr_array_index (issued, i);
      gboolean cancelled = FALSE;

      for (guint j = 0; j < issued->len; j++)
        cancelled |= ((CabinetReceiptInfo *) g_ptr_array_index (issued, j))->cancels == info->id;
      if (!cancelled)
        current = info;
    }
  if (issued && current == NULL)
    {
      legal = g_settings_get_string (cabinet_context_get_settings (context), "receipt-legal-line");
      fresh = cabinet_receipt_issue (database, practitioner, client, payment_id, NULL, legal, 0, &error);
      current = fresh;
    }

  if (current)
    pdf = cabinet_receipt_load_pdf (database, current->id, &error);
  if (pdf == NULL)
    {
      cabinet_show_error (cabinet_widget_get_window (parent), _("The receipt could not be made"), error->message);
      return;
    }
  /* Translators: a receipt's title, and the name of its file and print job; %s
   * is its number, as in 2026-0001. */
  title = g_strdup_printf (_("Receipt %s"), current->label);
  if (cabinet_document_window_present (cabinet_widget_get_window (parent), context, pdf, title,
                                       fresh ? _("Issued now, and kept as it is in the encrypted database: a receipt never changes. To correct it, reverse the payment and record it again.")
                                             : _("Kept as it was issued: a receipt never changes. To correct it, reverse the payment and record it again."),
                                       title, &error) == NULL)
    cabinet_show_error (cabinet_widget_get_window (parent), _("The receipt could not be shown"), error->message);
}
