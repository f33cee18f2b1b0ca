/* cabinet-consent.h — the informed-consent form: its terms for one client, its
 * text in the client's language, and the PDF built from them
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cabinet-client.h"
#include "cabinet-enums.h"
#include "cabinet-pdf.h"
#include "cabinet-practitioner.h"

G_BEGIN_DECLS

#define CABINET_CONSENT_ERROR (cabinet_consent_error_quark ())

typedef enum {
  CABINET_CONSENT_ERROR_INCOMPLETE,    /* something the form must state is missing */
  CABINET_CONSENT_ERROR_TRANSITION,    /* e.g. a withdrawn form cannot be signed */
  CABINET_CONSENT_ERROR_FILE_TYPE,     /* a signed copy that is no PDF or image */
  CABINET_CONSENT_ERROR_FILE_SIZE,
} CabinetConsentError;

/* The sections of the form, in order; their ids name the groups of the text
 * files and the rows of consent_sections. */
typedef enum {
  CABINET_CONSENT_IDENTITY,
  CABINET_CONSENT_ONLINE_THERAPY,
  CABINET_CONSENT_DEVICES,
  CABINET_CONSENT_CONDITIONS,
  CABINET_CONSENT_CONFIDENTIALITY,
  CABINET_CONSENT_FEES,
  CABINET_CONSENT_CONNECTION,
  CABINET_CONSENT_CRISIS,
  CABINET_CONSENT_GUARDIAN,           /* minors only */
  CABINET_CONSENT_WITHDRAWAL,
  CABINET_CONSENT_N_SECTIONS
} CabinetConsentSection;

/* The version of Cabinet's own wording; the practice's edits add a revision. */
#define CABINET_CONSENT_TEXT_VERSION 1

/* Field names for the issues a check reports (beside the client's and the
 * practitioner's own field names). */
#define CABINET_CONSENT_CHANNELS "channels"
#define CABINET_CONSENT_REPLY_DELAY "reply-delay"
#define CABINET_CONSENT_FALLBACK_PHONE "fallback-phone"
#define CABINET_CONSENT_FALLBACK_PROCEDURE "fallback-procedure"
#define CABINET_CONSENT_REGISTRATION "registration"
#define CABINET_CONSENT_FEE "fee"
#define CABINET_CONSENT_PLACE "place"

/* What one form says for one client. Prefilled from the practitioner's profile
 * and the client's record; the therapist adjusts it before generating. */
typedef struct {
  char                  *language;          /* "fr" or "en" */
  CabinetChannels        channels;
  char                  *reply_delay;       /* "48 heures": for chat and e-mail */
  gint64                 fee;               /* minor units */
  char                  *currency;
  CabinetPaymentMethods  methods;
  gboolean               pay_in_advance;    /* principle 10: end of session by default */
  char                  *fallback_phone;
  char                  *fallback_procedure;
  char                  *place;             /* "Fait à …" */
  char                  *note;              /* terms specific to this client */
} CabinetConsentTerms;

GQuark               cabinet_consent_error_quark    (void);
const char          *cabinet_consent_section_id     (CabinetConsentSection section);
/* The section's heading in @language ("fr" or "en"). */
const char          *cabinet_consent_section_title  (CabinetConsentSection section,
                                                     const char           *language);
/* Cabinet's own text of a section, what *Restore default* brings back. */
const char          *cabinet_consent_default_body   (CabinetConsentSection section,
                                                     const char           *language);

/* What the profile gives for a means of communication: the video platform, the
 * phone number or e-mail address for sessions (else the practice's own), the
 * messaging service, the practice's address; "" when it says nothing. */
const char          *cabinet_consent_channel_detail (CabinetPractitioner  *practitioner,
                                                     CabinetChannels       channel);

CabinetConsentTerms *cabinet_consent_terms_new      (CabinetPractitioner  *practitioner,
                                                     CabinetClient        *client);
CabinetConsentTerms *cabinet_consent_terms_copy     (const CabinetConsentTerms *terms);
void                 cabinet_consent_terms_free     (CabinetConsentTerms  *terms);
/* What the database keeps of the terms, as JSON. */
char                *cabinet_consent_terms_to_json  (const CabinetConsentTerms *terms);

/* NULL when a form can be generated; otherwise, by field, what is missing. */
CabinetIssues       *cabinet_consent_check          (const CabinetConsentTerms *terms,
                                                     CabinetPractitioner  *practitioner,
                                                     CabinetClient        *client);

typedef struct {
  CabinetPractitioner       *practitioner;
  CabinetClient             *client;
  const CabinetConsentTerms *terms;
  /* The practice's wording by section id; missing sections use the default. */
  GHashTable                *bodies;
  const char                *version;
  GDateTime                 *date;
  CabinetPaper               paper;
} CabinetConsentDocument;

/* The PDF; fails with CABINET_CONSENT_ERROR_INCOMPLETE naming what is missing. */
GBytes              *cabinet_consent_render         (const CabinetConsentDocument *document,
                                                     GError              **error);
/* "Consent - Jeanne Martin - 2026-11-22.pdf", in the form's language. */
char                *cabinet_consent_file_name      (CabinetClient        *client,
                                                     const char           *language,
                                                     GDateTime            *date);
/* "22 novembre 2026", "22 November 2026". */
char                *cabinet_consent_format_date    (GDateTime            *date,
                                                     const char           *language);
/* The same of @day (NULL: this computer's date). */
char                *cabinet_consent_format_day     (const GDate          *day,
                                                     const char           *language);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CabinetConsentTerms, cabinet_consent_terms_free)

G_END_DECLS
