/* cabinet-payment-settings-page.c — Preferences: what a missed session charges,
 * the largest payment taken as typed, and the legal line of receipts
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cabinet-feedback.h"
#include "cabinet-gui-util.h"
#include "cabinet-money.h"
#include "cabinet-payment-settings-page.h"

struct _CabinetPaymentSettingsPage
{
  AdwPreferencesPage  parent_instance;

  CabinetContext     *context;
  GtkSpinButton      *cancellation_spin;
  GtkSpinButton      *ceiling_spin;
  GtkLabel           *ceiling_currency;
  AdwEntryRow        *legal_row;
};

G_DEFINE_FINAL_TYPE (CabinetPaymentSettingsPage, cabinet_payment_settings_page, ADW_TYPE_PREFERENCES_PAGE)

/* The share is the practice's and lives in its database, beside the sessions
 * it charges; it applies to sessions marked missed from now on. */
static void
on_cancellation_changed (CabinetPaymentSettingsPage *self)
{
  CabinetLedger *ledger = cabinet_context_get_ledger (self->context);
  g_autoptr(GError) error = NULL;

  if (ledger == NULL)
    return;
  if (!cabinet_ledger_set_cancellation_percent (ledger, (guint) gtk_spin_button_get_value_as_int (self->cancellation_spin),
                                                &error))
    cabinet_show_error (cabinet_widget_get_window (GTK_WIDGET (self)),
                        _("The cancellation policy could not be saved"), error->message);
}

static void
cabinet_payment_settings_page_dispose (GObject *object)
{
  CabinetPaymentSettingsPage *self = CABINET_PAYMENT_SETTINGS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CABINET_TYPE_PAYMENT_SETTINGS_PAGE);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cabinet_payment_settings_page_parent_class)->dispose (object);
}

static void
cabinet_payment_settings_page_class_init (CabinetPaymentSettingsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cabinet_payment_settings_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cabinetapp/Cabinet/cabinet-payment-settings-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CabinetPaymentSettingsPage, cancellation_spin);
  gtk_widget_class_bind_template_child (widget_class, CabinetPaymentSettingsPage, ceiling_spin);
  gtk_widget_class_bind_template_child (widget_class, CabinetPaymentSettingsPage, ceiling_currency);
  gtk_widget_class_bind_template_child (widget_class, CabinetPaymentSettingsPage, legal_row);
}

static void
cabinet_payment_settings_page_init (CabinetPaymentSettingsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cabinet_payment_settings_page_new (CabinetContext *context)
{
  CabinetPaymentSettingsPage *self;
  CabinetLedger *ledger;
  GSettings *settings;

  g_return_val_if_fail (CABINET_IS_CONTEXT (context), NULL);

  self = g_object_new (CABINET_TYPE_PAYMENT_SETTINGS_PAGE, NULL);
  self->context = g_object_ref (context);
  settings = cabinet_context_get_settings (context);
  ledger = cabinet_context_get_ledger (context);

  /* Shown before it is watched: showing it is not a change. */
  if (ledger)
    gtk_spin_button_set_value (self->cancellation_spin, cabinet_ledger_get_cancellation_percent (ledger));
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancellation_spin), ledger != NULL);
  g_signal_connect_swapped (self->cancellation_spin, "value-changed", G_CALLBACK (on_cancellation_changed), self);

  gtk_label_set_text (self->ceiling_currency, cabinet_currency_symbol (cabinet_context_get_currency (context)));
  g_settings_bind (settings, "payment-ceiling", gtk_spin_button_get_adjustment (self->ceiling_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "receipt-legal-line", self->legal_row, "text", G_SETTINGS_BIND_DEFAULT);
  return GTK_WIDGET (self);
}
