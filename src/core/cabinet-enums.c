/* cabinet-enums.c — the small vocabularies shared by every record
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cabinet-enums.h"
#include "cabinet-validate.h"

static const struct {
  CabinetPaymentMethods  method;
  const char            *id;      /* stored in the database: never translated */
  const char            *label;
  /* As receipts and the accountant's files write it, in their own language
   * whatever the interface's. */
  const char            *fr;
  const char            *en;
} payment_methods[CABINET_N_PAYMENT_METHODS] = {
  { CABINET_PAYMENT_CARD,     "card",     N_("Card"),                   "carte bancaire",    "card" },
  { CABINET_PAYMENT_TRANSFER, "transfer", N_("Bank transfer"),          "virement",          "bank transfer" },
  { CABINET_PAYMENT_CASH,     "cash",     N_("Cash"),                   "espèces",           "cash" },
  { CABINET_PAYMENT_CHEQUE,   "cheque",   N_("Cheque"),                 "chèque",            "cheque" },
  { CABINET_PAYMENT_ONLINE,   "online",   N_("Online payment service"), "paiement en ligne", "online payment service" },
  { CABINET_PAYMENT_OTHER,    "other",    N_("Other"),                  "autre moyen",       "other means" },
};

CabinetPaymentMethods
cabinet_payment_method_nth (guint index)
{
  g_return_val_if_fail (index < CABINET_N_PAYMENT_METHODS, 0);
  return payment_methods[index].method;
}

const char *
cabinet_payment_method_id (CabinetPaymentMethods method)
{
  for (guint i = 0; i < CABINET_N_PAYMENT_METHODS; i++)
    if (payment_methods[i].method == method)
      return payment_methods[i].id;
  g_return_val_if_reached (NULL);
}

const char *
cabinet_payment_method_label (CabinetPaymentMethods method)
{
  for (guint i = 0; i < CABINET_N_PAYMENT_METHODS; i++)
    if (payment_methods[i].method == method)
      return _(payment_methods[i].label);
  g_return_val_if_reached (NULL);
}

const char *
cabinet_payment_method_words (CabinetPaymentMethods  method,
                              const char            *language)
{
  for (guint i = 0; i < CABINET_N_PAYMENT_METHODS; i++)
    if (payment_methods[i].method == method)
      return g_strcmp0 (language, "fr") == 0 ? payment_methods[i].fr : payment_methods[i].en;
  g_return_val_if_reached (NULL);
}

char *
cabinet_payment_method_heading (CabinetPaymentMethods  method,
                                const char            *language)
{
  return cabinet_text_capitalize (cabinet_payment_method_words (method, language));
}

CabinetPaymentMethods
cabinet_payment_method_from_id (const char *id)
{
  for (guint i = 0; i < CABINET_N_PAYMENT_METHODS; i++)
    if (g_strcmp0 (payment_methods[i].id, id) == 0)
      return payment_methods[i].method;
  return CABINET_PAYMENT_OTHER;
}

char *
cabinet_payment_methods_to_string (CabinetPaymentMethods methods)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < CABINET_N_PAYMENT_METHODS; i++)
    if (methods & payment_methods[i].method)
      {
        if (out->len)
          g_string_append_c (out, ',');
        g_string_append (out, payment_methods[i].id);
      }
  return g_string_free (out, FALSE);
}

CabinetPaymentMethods
cabinet_payment_methods_parse (const char *text)
{
  g_auto(GStrv) parts = NULL;
  CabinetPaymentMethods methods = 0;

  if (text == NULL)
    return 0;
  parts = g_strsplit (text, ",", -1);
  for (guint p = 0; parts[p]; p++)
    for (guint i = 0; i < CABINET_N_PAYMENT_METHODS; i++)
      if (strcmp (parts[p], payment_methods[i].id) == 0)
        methods |= payment_methods[i].method;
  return methods;
}

static const struct {
  CabinetConsentStatus  status;
  const char           *id;
  const char           *label;
  const char           *short_label;   /* in a list's column headed "Consent" */
} consent_statuses[] = {
  { CABINET_CONSENT_NONE,      "",          N_("No consent form"),                NC_("consent", "None") },
  { CABINET_CONSENT_GENERATED, "generated", N_("Consent form not yet given"),     NC_("consent", "Not given") },
  { CABINET_CONSENT_GIVEN,     "given",     N_("Consent form given, not signed"), NC_("consent", "Not signed") },
  { CABINET_CONSENT_SIGNED,    "signed",    N_("Consent signed"),                 NC_("consent", "Signed") },
  { CABINET_CONSENT_WITHDRAWN, "withdrawn", N_("Consent withdrawn"),              NC_("consent", "Withdrawn") },
};

const char *
cabinet_consent_status_id (CabinetConsentStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (consent_statuses), "");
  return consent_statuses[status].id;
}

CabinetConsentStatus
cabinet_consent_status_parse (const char *id)
{
  for (guint i = 1; i < G_N_ELEMENTS (consent_statuses); i++)
    if (g_strcmp0 (id, consent_statuses[i].id) == 0)
      return consent_statuses[i].status;
  return CABINET_CONSENT_NONE;
}

const char *
cabinet_consent_status_label (CabinetConsentStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (consent_statuses), "");
  return _(consent_statuses[status].label);
}

const char *
cabinet_consent_status_short_label (CabinetConsentStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (consent_statuses), "");
  return g_dpgettext2 (NULL, "consent", consent_statuses[status].short_label);
}

static const struct {
  CabinetSignatureMethod  method;
  const char             *id;
  const char             *label;
} signature_methods[] = {
  { CABINET_SIGNATURE_NONE,        "",            "" },
  { CABINET_SIGNATURE_HANDWRITTEN, "handwritten", N_("by hand") },
  { CABINET_SIGNATURE_SCANNED,     "scanned",     N_("on paper, then scanned") },
  { CABINET_SIGNATURE_ELECTRONIC,  "electronic",  N_("electronically") },
};

const char *
cabinet_signature_method_id (CabinetSignatureMethod method)
{
  g_return_val_if_fail (method < G_N_ELEMENTS (signature_methods), "");
  return signature_methods[method].id;
}

CabinetSignatureMethod
cabinet_signature_method_parse (const char *id)
{
  for (guint i = 1; i < G_N_ELEMENTS (signature_methods); i++)
    if (g_strcmp0 (id, signature_methods[i].id) == 0)
      return signature_methods[i].method;
  return CABINET_SIGNATURE_NONE;
}

const char *
cabinet_signature_method_label (CabinetSignatureMethod method)
{
  g_return_val_if_fail (method < G_N_ELEMENTS (signature_methods), "");
  return method == CABINET_SIGNATURE_NONE ? "" : _(signature_methods[method].label);
}

static const struct {
  CabinetChannels  channel;
  const char      *id;
  const char      *label;
} channels[CABINET_N_CHANNELS] = {
  { CABINET_CHANNEL_VIDEO,     "video",     N_("Video") },
  { CABINET_CHANNEL_PHONE,     "phone",     N_("Phone") },
  { CABINET_CHANNEL_CHAT,      "chat",      N_("Chat") },
  { CABINET_CHANNEL_EMAIL,     "email",     N_("E-mail") },
  { CABINET_CHANNEL_IN_PERSON, "in-person", N_("In person") },
};

CabinetChannels
cabinet_channel_nth (guint index)
{
  g_return_val_if_fail (index < CABINET_N_CHANNELS, 0);
  return channels[index].channel;
}

const char *
cabinet_channel_id (CabinetChannels channel)
{
  for (guint i = 0; i < CABINET_N_CHANNELS; i++)
    if (channels[i].channel == channel)
      return channels[i].id;
  g_return_val_if_reached (NULL);
}

CabinetChannels
cabinet_channel_parse (const char *id)
{
  for (guint i = 0; i < CABINET_N_CHANNELS; i++)
    if (g_strcmp0 (id, channels[i].id) == 0)
      return channels[i].channel;
  return 0;
}

const char *
cabinet_channel_label (CabinetChannels channel)
{
  for (guint i = 0; i < CABINET_N_CHANNELS; i++)
    if (channels[i].channel == channel)
      return _(channels[i].label);
  g_return_val_if_reached (NULL);
}

static const struct {
  const char *id;
  const char *label;
} session_statuses[CABINET_N_SESSION_STATUSES] = {
  [CABINET_SESSION_SCHEDULED]           = { "scheduled",           N_("Scheduled") },
  [CABINET_SESSION_DONE]                = { "done",                N_("Done") },
  [CABINET_SESSION_CANCELLED_CLIENT]    = { "cancelled-client",    N_("Cancelled by the client") },
  [CABINET_SESSION_CANCELLED_THERAPIST] = { "cancelled-therapist", N_("Cancelled by you") },
  [CABINET_SESSION_LATE_CANCEL]         = { "late-cancel",         N_("Late cancellation") },
  [CABINET_SESSION_NO_SHOW]             = { "no-show",             N_("No-show") },
};

const char *
cabinet_session_status_id (CabinetSessionStatus status)
{
  g_return_val_if_fail (status < CABINET_N_SESSION_STATUSES, NULL);
  return session_statuses[status].id;
}

gboolean
cabinet_session_status_parse (const char           *id,
                              CabinetSessionStatus *status)
{
  for (guint i = 0; i < CABINET_N_SESSION_STATUSES; i++)
    if (g_strcmp0 (id, session_statuses[i].id) == 0)
      {
        *status = i;
        return TRUE;
      }
  return FALSE;
}

const char *
cabinet_session_status_label (CabinetSessionStatus status)
{
  g_return_val_if_fail (status < CABINET_N_SESSION_STATUSES, NULL);
  return _(session_statuses[status].label);
}

gboolean
cabinet_session_status_holds_slot (CabinetSessionStatus status)
{
  return status == CABINET_SESSION_SCHEDULED || status == CABINET_SESSION_DONE
         || status == CABINET_SESSION_NO_SHOW;
}

static const struct {
  const char *id;
  const char *label;
} repeats[CABINET_N_REPEATS] = {
  [CABINET_REPEAT_NONE]     = { "none",     N_("Does not repeat") },
  [CABINET_REPEAT_WEEKLY]   = { "weekly",   N_("Every week") },
  [CABINET_REPEAT_BIWEEKLY] = { "biweekly", N_("Every two weeks") },
  [CABINET_REPEAT_MONTHLY]  = { "monthly",  N_("Every month") },
};

const char *
cabinet_repeat_id (CabinetRepeat repeat)
{
  g_return_val_if_fail (repeat < CABINET_N_REPEATS, NULL);
  return repeats[repeat].id;
}

gboolean
cabinet_repeat_parse (const char    *id,
                      CabinetRepeat *repeat)
{
  for (guint i = 0; i < CABINET_N_REPEATS; i++)
    if (g_strcmp0 (id, repeats[i].id) == 0)
      {
        *repeat = i;
        return TRUE;
      }
  return FALSE;
}

const char *
cabinet_repeat_label (CabinetRepeat repeat)
{
  g_return_val_if_fail (repeat < CABINET_N_REPEATS, NULL);
  return _(repeats[repeat].label);
}
