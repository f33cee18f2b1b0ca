/* cabinet-payment-settings-page.c — Preferences: what a missed session charges,
 * the largest payment taken as typed, and what receipts carry (VAT statement,
 * "EI", another mention, the signature)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cabinet-feedback.h"
#include "cabinet-gui-util.h"
#include "cabinet-money.h"
#include "cabinet-payment-settings-page.h"
#include "cabinet-receipt.h"

struct _CabinetPaymentSettingsPage
{
  AdwPreferencesPage  parent_instance;

  CabinetContext     *context;
  GtkSpinButton      *cancellation_spin;
  GtkSpinButton      *ceiling_spin;
  GtkLabel           *ceiling_currency;
  GtkSpinButton      *msp_fee_spin;
  AdwComboRow        *vat_row;
  GtkSwitch          *individual_switch;
  AdwEntryRow        *legal_row;
  AdwActionRow       *signature_row;
  GtkWidget          *signature_remove;
  GCancellable       *cancellable;
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

/* The signature is the practitioner's and lives in the database; the row
 * says whether receipts print it or a box to sign in. */
static void
show_signature (CabinetPaymentSettingsPage *self)
{
  CabinetDatabase *database = cabinet_context_get_database (self->context);
  g_autoptr(GBytes) png = database ? cabinet_receipt_get_signature (database, NULL) : NULL;

  adw_action_row_set_subtitle (self->signature_row,
                               png ? _("Printed on receipts")
                                   : _("None: receipts have a box to sign in by hand"));
  gtk_widget_set_visible (self->signature_remove, png != NULL);
}

static void
keep_signature (CabinetPaymentSettingsPage *self,
                GBytes                     *png)
{
  CabinetDatabase *database = cabinet_context_get_database (self->context);
  g_autoptr(GError) error = NULL;

  if (database == NULL)
    return;
  if (!cabinet_receipt_set_signature (database, png, &error))
    cabinet_show_error (cabinet_widget_get_window (GTK_WIDGET (self)),
                        _("This signature cannot be used"), error->message);
  show_signature (self);
}

static void
on_signature_remove (CabinetPaymentSettingsPage *self)
{
  keep_signature (self, NULL);
}

static void
on_signature_loaded (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(CabinetPaymentSettingsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (png == NULL)
    {
      cabinet_show_error (cabinet_widget_get_window (GTK_WIDGET (self)),
                          _("This signature cannot be used"), error->message);
      return;
    }
  keep_signature (self, png);
}

void
cabinet_payment_settings_page_load_signature (CabinetPaymentSettingsPage *self,
                                              GFile                      *file)
{
  g_return_if_fail (CABINET_IS_PAYMENT_SETTINGS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  g_file_load_bytes_async (file, self->cancellable, on_signature_loaded, g_object_ref (self));
}

static void
on_signature_chosen (GtkNativeDialog            *chooser,
                     int                         response,
                     CabinetPaymentSettingsPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      cabinet_payment_settings_page_load_signature (self, file);
    }
  g_object_unref (chooser);
}

static void
on_signature_choose (CabinetPaymentSettingsPage *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Choose Your Signature"), cabinet_widget_get_window (GTK_WIDGET (self)),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PNG images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_pattern (filter, "*.png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_signature_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
vat_to_row (GValue   *value,
            GVariant *variant,
            gpointer  user_data)
{
  g_value_set_uint (value, g_str_equal (g_variant_get_string (variant, NULL), "franchise") ? 1 : 0);
  return TRUE;
}

static GVariant *
vat_from_row (const GValue       *value,
              const GVariantType *type,
              gpointer            user_data)
{
  return g_variant_new_string (g_value_get_uint (value) == 1 ? "franchise" : "care");
}

static void
cabinet_payment_settings_page_dispose (GObject *object)
{
  CabinetPaymentSettingsPage *self = CABINET_PAYMENT_SETTINGS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

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
  gtk_widget_class_bind_template_child (widget_class, CabinetPaymentSettingsPage, msp_fee_spin);
  gtk_widget_class_bind_template_child (widget_class, CabinetPaymentSettingsPage, vat_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetPaymentSettingsPage, individual_switch);
  gtk_widget_class_bind_template_child (widget_class, CabinetPaymentSettingsPage, legal_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetPaymentSettingsPage, signature_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetPaymentSettingsPage, signature_remove);
  gtk_widget_class_bind_template_callback (widget_class, on_signature_remove);
  gtk_widget_class_bind_template_callback (widget_class, on_signature_choose);
}

static void
cabinet_payment_settings_page_init (CabinetPaymentSettingsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
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
  g_settings_bind (settings, "mon-soutien-psy-fee", gtk_spin_button_get_adjustment (self->msp_fee_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "receipt-vat-statement", self->vat_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                vat_to_row, vat_from_row, NULL, NULL);
  g_settings_bind (settings, "receipt-individual-entrepreneur", self->individual_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "receipt-legal-line", self->legal_row, "text", G_SETTINGS_BIND_DEFAULT);
  show_signature (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->signature_row), cabinet_context_get_database (self->context) != NULL);
  return GTK_WIDGET (self);
}
