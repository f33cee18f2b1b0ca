/* cabinet-payment-settings-page.h — Preferences: what a missed session charges,
 * the largest payment taken as typed, and the legal line of receipts
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-context.h"

G_BEGIN_DECLS

#define CABINET_TYPE_PAYMENT_SETTINGS_PAGE (cabinet_payment_settings_page_get_type ())
G_DECLARE_FINAL_TYPE (CabinetPaymentSettingsPage, cabinet_payment_settings_page, CABINET, PAYMENT_SETTINGS_PAGE,
                      AdwPreferencesPage)

GtkWidget *cabinet_payment_settings_page_new (CabinetContext *context);
/* Reads @file, off the main loop, and keeps it as the signature printed on
 * receipts; says why when it cannot be used. (What the Choose… button does
 * with the file chosen.) */
void       cabinet_payment_settings_page_load_signature (CabinetPaymentSettingsPage *self,
                                                         GFile                      *file);

G_END_DECLS
