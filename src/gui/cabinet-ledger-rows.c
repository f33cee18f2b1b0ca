/* cabinet-ledger-rows.c — a line of the ledger as a row, the same on the
 * client's page and the Payments page
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cabinet-ledger-rows.h"
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

