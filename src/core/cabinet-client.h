/* cabinet-client.h — one client of the practice: identity, contact, the online
 * frame, safety and administration (no clinical notes)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cabinet-enums.h"
#include "cabinet-validate.h"

G_BEGIN_DECLS

/* Text fields; each is a column of the clients table and a property (with '-'). */
typedef enum {
  CABINET_CLIENT_FIRST_NAME,
  CABINET_CLIENT_LAST_NAME,
  CABINET_CLIENT_PSEUDONYM,          /* preferred name or pseudonym */
  CABINET_CLIENT_BIRTH_DATE,         /* YYYY-MM-DD, or empty */
  CABINET_CLIENT_GUARDIAN_NAME,      /* minors */
  CABINET_CLIENT_GUARDIAN_RELATION,
  CABINET_CLIENT_GUARDIAN_PHONE,
  CABINET_CLIENT_GUARDIAN_EMAIL,
  CABINET_CLIENT_EMAIL,
  CABINET_CLIENT_PHONE,
  CABINET_CLIENT_ADDRESS,
  CABINET_CLIENT_CITY,
  CABINET_CLIENT_COUNTRY,
  CABINET_CLIENT_TIME_ZONE,          /* IANA name, "Europe/Paris" */
  CABINET_CLIENT_LANGUAGE,           /* "fr" or "en": documents are written in it */
  CABINET_CLIENT_MODALITY,           /* "video", "phone", "chat", "email", "in-person" */
  CABINET_CLIENT_IN_PERSON_NEARBY,   /* "yes", "no", "unknown" (principle 06) */
  CABINET_CLIENT_EMERGENCY_NAME,
  CABINET_CLIENT_EMERGENCY_RELATION,
  CABINET_CLIENT_EMERGENCY_PHONE,
  CABINET_CLIENT_LOCAL_EMERGENCY_NUMBER,  /* when the client lives abroad */
  CABINET_CLIENT_REFERRAL_SOURCE,
  CABINET_CLIENT_STATUS,             /* "active", "paused", "closed" */
  CABINET_CLIENT_ADMIN_NOTE,         /* short, administrative only */
  CABINET_CLIENT_RECEIPT_NAME,       /* "name", or "reference": the client asked not to be named on receipts */
  CABINET_CLIENT_MON_SOUTIEN_PSY,    /* "yes": followed under Mon soutien psy, "no" */
  CABINET_CLIENT_N_TEXT_FIELDS
} CabinetClientField;

/* A field name that is not a text field, for issues. */
#define CABINET_CLIENT_FEE "fee"

#define CABINET_TYPE_CLIENT (cabinet_client_get_type ())
G_DECLARE_FINAL_TYPE (CabinetClient, cabinet_client, CABINET, CLIENT, GObject)

const char    *cabinet_client_field_name      (CabinetClientField  field);
/* "active", "paused" or "closed". */
gboolean       cabinet_client_status_is_valid (const char         *status);

/* A new client with the defaults: active, French, video, the practitioner's zone. */
CabinetClient *cabinet_client_new             (const char         *default_time_zone);
CabinetClient *cabinet_client_copy            (CabinetClient      *self);

gint64         cabinet_client_get_id          (CabinetClient      *self);  /* 0 until saved */
const char    *cabinet_client_get_text        (CabinetClient      *self,
                                               CabinetClientField  field);
void           cabinet_client_set_text        (CabinetClient      *self,
                                               CabinetClientField  field,
                                               const char         *value);
/* -1: the practice's default fee applies. */
gint64         cabinet_client_get_fee         (CabinetClient      *self);
void           cabinet_client_set_fee         (CabinetClient      *self,
                                               gint64              minor);
/* Where the client's latest consent form stands; set by the consent store. */
CabinetConsentStatus cabinet_client_get_consent_status (CabinetClient     *self);
void           cabinet_client_set_consent_status (CabinetClient       *self,
                                                  CabinetConsentStatus status);
GDateTime     *cabinet_client_get_created_at  (CabinetClient      *self);
GDateTime     *cabinet_client_get_updated_at  (CabinetClient      *self);
GDateTime     *cabinet_client_get_last_activity (CabinetClient    *self);

/* "Hélène Martin", or "Hélène Martin (Léna)" with a pseudonym. */
char          *cabinet_client_dup_display_name (CabinetClient     *self);
/* The client's reference, "C-00042": printed instead of the name on receipts
 * and in the income ledger when they asked not to be named. */
char          *cabinet_client_dup_reference   (CabinetClient     *self);
/* The same for the client @client_id, whose record may be gone: an erased
 * client's payments and receipts are kept under it. */
char          *cabinet_client_format_reference (gint64            client_id);
/* What receipts and the income ledger call the client: their legal name
 * ("Hélène Martin"), or their reference when they asked not to be named. */
char          *cabinet_client_dup_fiscal_name (CabinetClient     *self);
/* Under 18 on @today (NULL: now). */
gboolean       cabinet_client_is_minor        (CabinetClient      *self,
                                               GDate              *today);
/* A minor with no guardian can be saved, but is flagged. */
gboolean       cabinet_client_needs_guardian  (CabinetClient      *self,
                                               GDate              *today);

/* NULL when the record can be saved; otherwise, by field, what to fix. */
CabinetIssues *cabinet_client_validate        (CabinetClient      *self,
                                               GDate              *today);

/* Lower case, accents and spaces folded: what search compares. */
char          *cabinet_client_fold            (const char         *text);
const char    *cabinet_client_get_search_key  (CabinetClient      *self);

G_END_DECLS
