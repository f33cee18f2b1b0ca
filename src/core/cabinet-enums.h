/* cabinet-enums.h — the small vocabularies shared by every record
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CABINET_PAYMENT_CARD     = 1 << 0,
  CABINET_PAYMENT_TRANSFER = 1 << 1,
  CABINET_PAYMENT_CASH     = 1 << 2,
  CABINET_PAYMENT_CHEQUE   = 1 << 3,
  CABINET_PAYMENT_ONLINE   = 1 << 4,
  CABINET_PAYMENT_OTHER    = 1 << 5,
} CabinetPaymentMethods;

#define CABINET_N_PAYMENT_METHODS 6

CabinetPaymentMethods  cabinet_payment_method_nth        (guint                  index);
const char            *cabinet_payment_method_id         (CabinetPaymentMethods  method);
const char            *cabinet_payment_method_label      (CabinetPaymentMethods  method);
/* The means as a document in @language ("fr" or "en") writes it inside a
 * sentence ("virement"), and at the head of a line or a column ("Virement"). */
const char            *cabinet_payment_method_words      (CabinetPaymentMethods  method,
                                                          const char            *language);
char                  *cabinet_payment_method_heading    (CabinetPaymentMethods  method,
                                                          const char            *language);
/* The means stored as @id; an unknown one is "other". */
CabinetPaymentMethods  cabinet_payment_method_from_id    (const char            *id);
char                  *cabinet_payment_methods_to_string (CabinetPaymentMethods  methods);
CabinetPaymentMethods  cabinet_payment_methods_parse     (const char            *text);

/* Where a client's consent stands: the state of their most recent form. */
typedef enum {
  CABINET_CONSENT_NONE,       /* no form yet */
  CABINET_CONSENT_GENERATED,  /* made, not yet handed to the client */
  CABINET_CONSENT_GIVEN,      /* handed over, awaiting the signature */
  CABINET_CONSENT_SIGNED,
  CABINET_CONSENT_WITHDRAWN,
} CabinetConsentStatus;

const char            *cabinet_consent_status_id         (CabinetConsentStatus   status);
CabinetConsentStatus   cabinet_consent_status_parse      (const char            *id);
const char            *cabinet_consent_status_label      (CabinetConsentStatus   status);
const char            *cabinet_consent_status_short_label (CabinetConsentStatus  status);

typedef enum {
  CABINET_SIGNATURE_NONE,
  CABINET_SIGNATURE_HANDWRITTEN,
  CABINET_SIGNATURE_SCANNED,
  CABINET_SIGNATURE_ELECTRONIC,
} CabinetSignatureMethod;

#define CABINET_N_SIGNATURE_METHODS 3

const char            *cabinet_signature_method_id       (CabinetSignatureMethod method);
CabinetSignatureMethod cabinet_signature_method_parse    (const char            *id);
const char            *cabinet_signature_method_label    (CabinetSignatureMethod method);

/* The means of communication a form lists for a client. */
typedef enum {
  CABINET_CHANNEL_VIDEO     = 1 << 0,
  CABINET_CHANNEL_PHONE     = 1 << 1,
  CABINET_CHANNEL_CHAT      = 1 << 2,
  CABINET_CHANNEL_EMAIL     = 1 << 3,
  CABINET_CHANNEL_IN_PERSON = 1 << 4,
} CabinetChannels;

#define CABINET_N_CHANNELS 5

CabinetChannels        cabinet_channel_nth               (guint                  index);
/* "video", "phone", "chat", "email", "in-person": the client's modality names. */
const char            *cabinet_channel_id                (CabinetChannels        channel);
CabinetChannels        cabinet_channel_parse             (const char            *id);
const char            *cabinet_channel_label             (CabinetChannels        channel);

/* What became of a session. */
typedef enum {
  CABINET_SESSION_SCHEDULED,
  CABINET_SESSION_DONE,
  CABINET_SESSION_CANCELLED_CLIENT,
  CABINET_SESSION_CANCELLED_THERAPIST,
  CABINET_SESSION_LATE_CANCEL,
  CABINET_SESSION_NO_SHOW,
} CabinetSessionStatus;

#define CABINET_N_SESSION_STATUSES 6

/* "scheduled", "done", "cancelled-client", "cancelled-therapist", "late-cancel",
 * "no-show": stored in the database. */
const char            *cabinet_session_status_id         (CabinetSessionStatus   status);
/* FALSE when @id is none of them. */
gboolean               cabinet_session_status_parse      (const char            *id,
                                                          CabinetSessionStatus  *status);
const char            *cabinet_session_status_label      (CabinetSessionStatus   status);
/* Whether the session still takes its time slot (scheduled, done, no-show): a
 * cancelled one does not, so another may be planned at its hour. */
gboolean               cabinet_session_status_holds_slot (CabinetSessionStatus   status);

/* How a series of sessions repeats. */
typedef enum {
  CABINET_REPEAT_NONE,
  CABINET_REPEAT_WEEKLY,
  CABINET_REPEAT_BIWEEKLY,
  CABINET_REPEAT_MONTHLY,
} CabinetRepeat;

#define CABINET_N_REPEATS 4

/* "none", "weekly", "biweekly", "monthly". */
const char            *cabinet_repeat_id                 (CabinetRepeat          repeat);
gboolean               cabinet_repeat_parse              (const char            *id,
                                                          CabinetRepeat         *repeat);
const char            *cabinet_repeat_label              (CabinetRepeat          repeat);

G_END_DECLS
