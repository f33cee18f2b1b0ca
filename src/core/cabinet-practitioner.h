/* cabinet-practitioner.h — the therapist's profile, printed on every document
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cabinet-database.h"
#include "cabinet-enums.h"
#include "cabinet-validate.h"

G_BEGIN_DECLS

typedef enum {
  CABINET_PRACTITIONER_FULL_NAME,
  CABINET_PRACTITIONER_TITLE,
  CABINET_PRACTITIONER_ADELI,
  CABINET_PRACTITIONER_RPPS,
  CABINET_PRACTITIONER_ADDRESS,
  CABINET_PRACTITIONER_PHONE,
  CABINET_PRACTITIONER_EMAIL,
  CABINET_PRACTITIONER_WEBSITE,
  CABINET_PRACTITIONER_VIDEO_PLATFORM,
  CABINET_PRACTITIONER_VIDEO_LINK,
  CABINET_PRACTITIONER_SESSION_PHONE,
  CABINET_PRACTITIONER_CHAT_SERVICE,
  CABINET_PRACTITIONER_SESSION_EMAIL,
  CABINET_PRACTITIONER_FALLBACK_PROCEDURE,
  CABINET_PRACTITIONER_FALLBACK_PHONE,
  CABINET_PRACTITIONER_EMERGENCY_RESOURCES,
  CABINET_PRACTITIONER_N_TEXT_FIELDS
} CabinetPractitionerField;

/* Field names that are not text fields, for the issues a validation reports. */
#define CABINET_PRACTITIONER_FEE "fee"
#define CABINET_PRACTITIONER_CURRENCY "currency"
#define CABINET_PRACTITIONER_PAYMENT_METHODS "payment-methods"
#define CABINET_PRACTITIONER_DEVICES "devices"

#define CABINET_PRACTITIONER_ERROR (cabinet_practitioner_error_quark ())

typedef enum {
  CABINET_PRACTITIONER_ERROR_INVALID,
} CabinetPractitionerError;

#define CABINET_TYPE_PRACTITIONER (cabinet_practitioner_get_type ())
G_DECLARE_FINAL_TYPE (CabinetPractitioner, cabinet_practitioner, CABINET, PRACTITIONER, GObject)

GQuark                 cabinet_practitioner_error_quark       (void);
const char            *cabinet_practitioner_field_name        (CabinetPractitionerField field);

CabinetPractitioner   *cabinet_practitioner_new               (void);
CabinetPractitioner   *cabinet_practitioner_new_with_defaults (void);
/* An independent copy, for work in another thread. */
CabinetPractitioner   *cabinet_practitioner_copy              (CabinetPractitioner     *self);
const char            *cabinet_practitioner_get_text          (CabinetPractitioner     *self,
                                                               CabinetPractitionerField field);
void                   cabinet_practitioner_set_text          (CabinetPractitioner     *self,
                                                               CabinetPractitionerField field,
                                                               const char              *value);
gint64                 cabinet_practitioner_get_fee           (CabinetPractitioner     *self);
void                   cabinet_practitioner_set_fee           (CabinetPractitioner     *self,
                                                               gint64                   minor);
const char            *cabinet_practitioner_get_currency      (CabinetPractitioner     *self);
void                   cabinet_practitioner_set_currency      (CabinetPractitioner     *self,
                                                               const char              *code);
CabinetPaymentMethods  cabinet_practitioner_get_payment_methods (CabinetPractitioner   *self);
void                   cabinet_practitioner_set_payment_methods (CabinetPractitioner   *self,
                                                                 CabinetPaymentMethods  methods);

CabinetIssues         *cabinet_practitioner_validate          (CabinetPractitioner     *self);
CabinetPractitioner   *cabinet_practitioner_load              (CabinetDatabase         *database,
                                                               GError                 **error);
gboolean               cabinet_practitioner_save              (CabinetPractitioner     *self,
                                                               CabinetDatabase         *database,
                                                               GError                 **error);

G_END_DECLS
