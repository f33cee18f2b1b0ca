/* cabinet-consent-store.h — the consent forms given to clients, as the database
 * keeps them: the exact PDF, its SHA-256, the terms, the signature, a signed copy
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cabinet-consent.h"
#include "cabinet-database.h"

G_BEGIN_DECLS

/* A signed copy is a scan or a PDF: larger than this is not a consent form. */
#define CABINET_CONSENT_MAX_COPY_SIZE (20 * 1024 * 1024)

/* SQL for a client's consent status, the status of their latest form, given the
 * SQL expression of the client's id: a subquery that the client store's load and
 * the consent store's updates share. */
#define CABINET_CONSENT_LATEST_STATUS_SQL(client_id) \
  "(SELECT status FROM consent_forms WHERE client_id = " client_id \
  " ORDER BY created_at DESC, id DESC LIMIT 1)"

#define CABINET_TYPE_CONSENT_FORM (cabinet_consent_form_get_type ())
G_DECLARE_FINAL_TYPE (CabinetConsentForm, cabinet_consent_form, CABINET, CONSENT_FORM, GObject)

gint64                  cabinet_consent_form_get_id               (CabinetConsentForm *self);
gint64                  cabinet_consent_form_get_client_id        (CabinetConsentForm *self);
GDateTime              *cabinet_consent_form_get_created_at       (CabinetConsentForm *self);
const char             *cabinet_consent_form_get_language         (CabinetConsentForm *self);
const char             *cabinet_consent_form_get_version          (CabinetConsentForm *self);
const char             *cabinet_consent_form_get_sha256           (CabinetConsentForm *self);
/* The terms the form was built from, as JSON. */
const char             *cabinet_consent_form_get_terms            (CabinetConsentForm *self);
CabinetConsentStatus    cabinet_consent_form_get_status           (CabinetConsentForm *self);
GDateTime              *cabinet_consent_form_get_given_at         (CabinetConsentForm *self);
GDateTime              *cabinet_consent_form_get_signed_at        (CabinetConsentForm *self);
GDateTime              *cabinet_consent_form_get_withdrawn_at     (CabinetConsentForm *self);
CabinetSignatureMethod  cabinet_consent_form_get_signature_method (CabinetConsentForm *self);
/* "application/pdf", "image/png", "image/jpeg", or "" without a signed copy. */
const char             *cabinet_consent_form_get_copy_type        (CabinetConsentForm *self);

/* Every form of a client, the newest first. */
GListStore             *cabinet_consent_forms_list    (CabinetDatabase            *database,
                                                       gint64                      client_id,
                                                       GError                    **error);
/* Renders the form with the practice's wording and keeps it, all or nothing; the
 * client's consent status follows. */
CabinetConsentForm     *cabinet_consent_forms_generate (CabinetDatabase           *database,
                                                        CabinetPractitioner       *practitioner,
                                                        CabinetClient             *client,
                                                        const CabinetConsentTerms *terms,
                                                        GDateTime                 *now,
                                                        GError                   **error);

/* The same, with the PDF made in a worker thread: the main loop stays free. */
void                    cabinet_consent_forms_generate_async  (CabinetDatabase           *database,
                                                               CabinetPractitioner       *practitioner,
                                                               CabinetClient             *client,
                                                               const CabinetConsentTerms *terms,
                                                               GDateTime                 *now,
                                                               GCancellable              *cancellable,
                                                               GAsyncReadyCallback        callback,
                                                               gpointer                   user_data);
CabinetConsentForm     *cabinet_consent_forms_generate_finish (CabinetDatabase           *database,
                                                               GAsyncResult              *result,
                                                               GError                   **error);

/* The exact bytes that were given to the client; checked against the SHA-256. */
GBytes                 *cabinet_consent_form_load_pdf   (CabinetConsentForm  *self,
                                                         CabinetDatabase     *database,
                                                         GError             **error);

/* generated → given → signed, and any of them → withdrawn; never back. @client
 * is the client's record in memory, whose consent status follows. */
gboolean                cabinet_consent_form_set_status (CabinetConsentForm     *self,
                                                         CabinetDatabase        *database,
                                                         CabinetClient          *client,
                                                         CabinetConsentStatus    status,
                                                         CabinetSignatureMethod  method,
                                                         GDateTime              *when,
                                                         GError                **error);

/* What the form's state allows; the buttons offered follow these. */
gboolean                cabinet_consent_form_can_set_status  (CabinetConsentForm   *self,
                                                              CabinetConsentStatus  status);
/* One signed copy per form, never replaced, and none once withdrawn. */
gboolean                cabinet_consent_form_can_attach_copy (CabinetConsentForm   *self);

/* A PDF, PNG or JPEG of the signed form, kept in the database (encrypted). */
gboolean                cabinet_consent_form_attach_copy (CabinetConsentForm  *self,
                                                          CabinetDatabase     *database,
                                                          GBytes              *data,
                                                          GError             **error);
GBytes                 *cabinet_consent_form_load_copy   (CabinetConsentForm  *self,
                                                          CabinetDatabase     *database,
                                                          GError             **error);

/* The practice's own wording of a section, or the default; @customised says
 * which. */
char                   *cabinet_consent_section_get_body (CabinetDatabase        *database,
                                                          const char             *language,
                                                          CabinetConsentSection   section,
                                                          gboolean               *customised,
                                                          GError                **error);
/* Empty text, or Cabinet's own, restores the default. @new_revision adds one to
 * the version: the first change of an editing session does, the ones typed
 * after it in the same session do not. */
gboolean                cabinet_consent_section_set_body (CabinetDatabase        *database,
                                                          const char             *language,
                                                          CabinetConsentSection   section,
                                                          const char             *body,
                                                          gboolean                new_revision,
                                                          GError                **error);
/* "1.0" with Cabinet's wording; each change of the practice's wording adds one
 * to the revision ("1.3"). */
char                   *cabinet_consent_version          (CabinetDatabase        *database,
                                                          GError                **error);

G_END_DECLS
