/* cabinet-consent-text-page.h — Preferences: the practice's own wording of each
 * section of the consent form, in French and in English, with *Restore Default*
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-consent.h"
#include "cabinet-context.h"

G_BEGIN_DECLS

#define CABINET_TYPE_CONSENT_TEXT_PAGE (cabinet_consent_text_page_get_type ())
G_DECLARE_FINAL_TYPE (CabinetConsentTextPage, cabinet_consent_text_page, CABINET, CONSENT_TEXT_PAGE, AdwPreferencesPage)

GtkWidget     *cabinet_consent_text_page_new          (CabinetContext         *context);
/* Saves what is being typed now rather than after the pause (on close). */
void           cabinet_consent_text_page_flush        (CabinetConsentTextPage *self);
/* "fr" or "en": the wording shown. */
void           cabinet_consent_text_page_set_language (CabinetConsentTextPage *self,
                                                       const char             *language);
/* For tests: a section's text view and its *Restore Default* button. */
GtkTextView   *cabinet_consent_text_page_get_view     (CabinetConsentTextPage *self,
                                                       CabinetConsentSection   section);
GtkWidget     *cabinet_consent_text_page_get_restore  (CabinetConsentTextPage *self,
                                                       CabinetConsentSection   section);

G_END_DECLS
