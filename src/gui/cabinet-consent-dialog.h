/* cabinet-consent-dialog.h — a consent form: its terms, then the form itself,
 * previewed, printed, exported, and followed until it is signed
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-consent-store.h"
#include "cabinet-context.h"

G_BEGIN_DECLS

#define CABINET_TYPE_CONSENT_DIALOG (cabinet_consent_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CabinetConsentDialog, cabinet_consent_dialog, CABINET, CONSENT_DIALOG, AdwWindow)

/* A new form for @client: the terms first, prefilled. A generated form is added
 * at the top of @forms (the client's list of forms), when given. */
CabinetConsentDialog *cabinet_consent_dialog_new      (GtkWindow          *parent,
                                                       CabinetContext     *context,
                                                       CabinetClient      *client,
                                                       GListStore         *forms);
/* A form already made: its preview and its signature. */
CabinetConsentDialog *cabinet_consent_dialog_new_for_form (GtkWindow          *parent,
                                                           CabinetContext     *context,
                                                           CabinetClient      *client,
                                                           CabinetConsentForm *form);

/* For tests: the form shown (NULL before generating), and what the view shows. */
CabinetConsentForm   *cabinet_consent_dialog_get_form (CabinetConsentDialog *self);
GBytes               *cabinet_consent_dialog_get_pdf  (CabinetConsentDialog *self);
GtkWidget            *cabinet_consent_dialog_get_view (CabinetConsentDialog *self);
/* The message shown beside a term (by the field names of cabinet-consent.h), or NULL. */
const char           *cabinet_consent_dialog_get_issue (CabinetConsentDialog *self,
                                                        const char           *field);
/* What *Attach Signed Copy…* does once the file is read. */
gboolean              cabinet_consent_dialog_attach_copy (CabinetConsentDialog *self,
                                                          GBytes               *data);

G_END_DECLS
