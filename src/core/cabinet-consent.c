/* cabinet-consent.c — the informed-consent form: its terms for one client, its
 * text in the client's language, and the PDF built from them
 *
 * The form is written in the client's language, which need not be the
 * interface's: its text therefore comes from one file per language
 * (consent/fr.ini, consent/en.ini, in the resources), each written to read
 * naturally on its own, not through gettext.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cabinet-consent.h"
#include "cabinet-money.h"

#define RESOURCE_PATH "/io/github/cabinetapp/Cabinet/consent/"

G_DEFINE_QUARK (cabinet-consent-error-quark, cabinet_consent_error)

static const char * const section_ids[CABINET_CONSENT_N_SECTIONS] = {
  "identity", "online-therapy", "devices", "conditions", "confidentiality",
  "fees", "connection", "crisis", "guardian", "withdrawal",
};

static const char * const languages[] = { "fr", "en", NULL };

const char *
cabinet_consent_section_id (CabinetConsentSection section)
{
  g_return_val_if_fail (section < CABINET_CONSENT_N_SECTIONS, NULL);
  return section_ids[section];
}

/* The text files */

/* Every value of both files, loaded once and read-only afterwards, so that any
 * thread can render: "fr/identity/title" → text. */
static GHashTable *
load_texts (void)
{
  GHashTable *texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint l = 0; languages[l]; l++)
    {
      g_autofree char *path = g_strconcat (RESOURCE_PATH, languages[l], ".ini", NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, NULL);
      g_autoptr(GKeyFile) file = g_key_file_new ();
      g_auto(GStrv) groups = NULL;
      g_autoptr(GError) error = NULL;

      /* The files are built into the program: failing to read them is a bug. */
      if (bytes == NULL || !g_key_file_load_from_bytes (file, bytes, G_KEY_FILE_NONE, &error))
        g_error ("The consent text %s cannot be read: %s", path, error ? error->message : "missing");

      groups = g_key_file_get_groups (file, NULL);
      for (guint g = 0; groups[g]; g++)
        {
          g_auto(GStrv) keys = g_key_file_get_keys (file, groups[g], NULL, NULL);

          for (guint k = 0; keys && keys[k]; k++)
            g_hash_table_insert (texts,
                                 g_strdup_printf ("%s/%s/%s", languages[l], groups[g], keys[k]),
                                 g_key_file_get_string (file, groups[g], keys[k], NULL));
        }
    }
  return texts;
}

static const char *
text (const char *language,
      const char *group,
      const char *key)
{
  static GHashTable *texts;
  g_autofree char *name = NULL;
  const char *value;

  if (g_once_init_enter (&texts))
    g_once_init_leave (&texts, load_texts ());

  name = g_strdup_printf ("%s/%s/%s", g_strcmp0 (language, "en") == 0 ? "en" : "fr", group, key);
  value = g_hash_table_lookup (texts, name);
  if (value == NULL)
    {
      g_critical ("The consent text has no %s", name);
      return "";
    }
  return value;
}

const char *
cabinet_consent_section_title (CabinetConsentSection  section,
                               const char            *language)
{
  return text (language, cabinet_consent_section_id (section), "title");
}

const char *
cabinet_consent_default_body (CabinetConsentSection  section,
                              const char            *language)
{
  return text (language, cabinet_consent_section_id (section), "body");
}

char *
cabinet_consent_format_date (GDateTime  *date,
                             const char *language)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (date);
  g_auto(GStrv) months = g_strsplit (text (language, "document", "months"), ";", -1);
  int day = g_date_time_get_day_of_month (local);
  int month = g_date_time_get_month (local);
  g_autofree char *day_text = day == 1 ? g_strdup (text (language, "document", "first_day"))
                                       : g_strdup_printf ("%d", day);
  g_autofree char *year = g_strdup_printf ("%d", g_date_time_get_year (local));
  const char *month_name = g_strv_length (months) >= 12 ? months[month - 1] : "";

  return cabinet_text_expand (text (language, "document", "date"),
                              "day", day_text, "month", month_name, "year", year, NULL);
}

char *
cabinet_consent_format_day (const GDate *day,
                            const char  *language)
{
  g_autoptr(GDateTime) noon = NULL;

  /* Noon, so that no time zone moves it to another day. */
  if (day)
    noon = g_date_time_new_local (g_date_get_year (day), g_date_get_month (day), g_date_get_day (day), 12, 0, 0);
  else
    noon = g_date_time_new_now_local ();
  return cabinet_consent_format_date (noon, language);
}

/* Terms */

CabinetConsentTerms *
cabinet_consent_terms_new (CabinetPractitioner *practitioner,
                           CabinetClient       *client)
{
  CabinetConsentTerms *terms = g_new0 (CabinetConsentTerms, 1);
  const char *modality = cabinet_client_get_text (client, CABINET_CLIENT_MODALITY);
  gint64 fee = cabinet_client_get_fee (client);

  terms->language = g_strdup (cabinet_client_get_text (client, CABINET_CLIENT_LANGUAGE));
  if (!g_strv_contains (languages, terms->language))
    cabinet_set_string (&terms->language, "fr");
  terms->channels = cabinet_channel_parse (modality);
  /* The phone is how a broken session goes on (principle 09.3). */
  if (terms->channels == CABINET_CHANNEL_VIDEO
      && *cabinet_practitioner_get_text (practitioner, CABINET_PRACTITIONER_SESSION_PHONE))
    terms->channels |= CABINET_CHANNEL_PHONE;
  terms->reply_delay = g_strdup ("");
  terms->fee = fee >= 0 ? fee : cabinet_practitioner_get_fee (practitioner);
  terms->currency = g_strdup (cabinet_practitioner_get_currency (practitioner));
  terms->methods = cabinet_practitioner_get_payment_methods (practitioner);
  terms->fallback_phone = g_strdup (cabinet_practitioner_get_text (practitioner, CABINET_PRACTITIONER_FALLBACK_PHONE));
  terms->fallback_procedure = g_strdup (cabinet_practitioner_get_text (practitioner, CABINET_PRACTITIONER_FALLBACK_PROCEDURE));
  terms->place = g_strdup (cabinet_client_get_text (client, CABINET_CLIENT_CITY));
  terms->note = g_strdup ("");
  return terms;
}

CabinetConsentTerms *
cabinet_consent_terms_copy (const CabinetConsentTerms *terms)
{
  CabinetConsentTerms *copy = g_memdup2 (terms, sizeof *terms);

  copy->language = g_strdup (terms->language);
  copy->reply_delay = g_strdup (terms->reply_delay);
  copy->currency = g_strdup (terms->currency);
  copy->fallback_phone = g_strdup (terms->fallback_phone);
  copy->fallback_procedure = g_strdup (terms->fallback_procedure);
  copy->place = g_strdup (terms->place);
  copy->note = g_strdup (terms->note);
  return copy;
}

void
cabinet_consent_terms_free (CabinetConsentTerms *terms)
{
  if (terms == NULL)
    return;
  g_free (terms->language);
  g_free (terms->reply_delay);
  g_free (terms->currency);
  g_free (terms->fallback_phone);
  g_free (terms->fallback_procedure);
  g_free (terms->place);
  g_free (terms->note);
  g_free (terms);
}

char *
cabinet_consent_terms_to_json (const CabinetConsentTerms *terms)
{
  GString *json = g_string_new ("{\"language\":");
  g_autofree char *methods = cabinet_payment_methods_to_string (terms->methods);
  gboolean first = TRUE;

  cabinet_json_append_string (json, terms->language);
  g_string_append (json, ",\"channels\":[");
  for (guint i = 0; i < CABINET_N_CHANNELS; i++)
    if (terms->channels & cabinet_channel_nth (i))
      {
        if (!first)
          g_string_append_c (json, ',');
        cabinet_json_append_string (json, cabinet_channel_id (cabinet_channel_nth (i)));
        first = FALSE;
      }
  g_string_append (json, "],\"reply_delay\":");
  cabinet_json_append_string (json, terms->reply_delay);
  g_string_append_printf (json, ",\"fee_minor\":%" G_GINT64_FORMAT ",\"currency\":", terms->fee);
  cabinet_json_append_string (json, terms->currency);
  g_string_append (json, ",\"payment_methods\":");
  cabinet_json_append_string (json, methods);
  g_string_append_printf (json, ",\"payment_due\":\"%s\",\"fallback_phone\":",
                          terms->pay_in_advance ? "advance" : "end-of-session");
  cabinet_json_append_string (json, terms->fallback_phone);
  g_string_append (json, ",\"fallback_procedure\":");
  cabinet_json_append_string (json, terms->fallback_procedure);
  g_string_append (json, ",\"place\":");
  cabinet_json_append_string (json, terms->place);
  g_string_append (json, ",\"note\":");
  cabinet_json_append_string (json, terms->note);
  g_string_append_c (json, '}');
  return g_string_free (json, FALSE);
}

/* Checking */

static const char *
practitioner_text (CabinetPractitioner      *practitioner,
                   CabinetPractitionerField  field)
{
  return cabinet_practitioner_get_text (practitioner, field);
}

const char *
cabinet_consent_channel_detail (CabinetPractitioner *practitioner,
                                CabinetChannels      channel)
{
  const char *detail = "";

  switch (channel)
    {
    case CABINET_CHANNEL_VIDEO:
      return practitioner_text (practitioner, CABINET_PRACTITIONER_VIDEO_PLATFORM);
    case CABINET_CHANNEL_PHONE:
      detail = practitioner_text (practitioner, CABINET_PRACTITIONER_SESSION_PHONE);
      return *detail ? detail : practitioner_text (practitioner, CABINET_PRACTITIONER_PHONE);
    case CABINET_CHANNEL_CHAT:
      return practitioner_text (practitioner, CABINET_PRACTITIONER_CHAT_SERVICE);
    case CABINET_CHANNEL_EMAIL:
      detail = practitioner_text (practitioner, CABINET_PRACTITIONER_SESSION_EMAIL);
      return *detail ? detail : practitioner_text (practitioner, CABINET_PRACTITIONER_EMAIL);
    case CABINET_CHANNEL_IN_PERSON:
      return practitioner_text (practitioner, CABINET_PRACTITIONER_ADDRESS);
    default:
      g_return_val_if_reached ("");
    }
}

static const char *
missing_channel_message (CabinetChannels channel)
{
  switch (channel)
    {
    case CABINET_CHANNEL_VIDEO:
      return _("The profile does not name the video platform: add it in Preferences, Practice, or untick video.");
    case CABINET_CHANNEL_PHONE:
      return _("The profile has no phone number for sessions: add it in Preferences, Practice, or untick phone.");
    case CABINET_CHANNEL_CHAT:
      return _("The profile does not name the messaging service: add it in Preferences, Practice, or untick chat.");
    case CABINET_CHANNEL_EMAIL:
      return _("The profile has no e-mail address for sessions: add it in Preferences, Practice, or untick e-mail.");
    case CABINET_CHANNEL_IN_PERSON:
      return _("The profile has no practice address: add it in Preferences, Practice, or untick in person.");
    default:
      g_return_val_if_reached ("");
    }
}

/* A client whose country is France, or not given (Cabinet's practices are French). */
static gboolean
client_is_in_france (CabinetClient *client)
{
  g_autofree char *country = cabinet_client_fold (cabinet_client_get_text (client, CABINET_CLIENT_COUNTRY));

  return *country == '\0' || strcmp (country, "france") == 0
         || strcmp (country, "fr") == 0 || strcmp (country, "fra") == 0;
}

/* The fields in the order their problems are told. */
static const char * const issue_order[] = {
  CABINET_CONSENT_REGISTRATION, CABINET_CONSENT_CHANNELS, CABINET_CONSENT_REPLY_DELAY,
  CABINET_CONSENT_FEE, CABINET_CONSENT_FALLBACK_PHONE, "guardian_name", "local_emergency_number", NULL,
};

CabinetIssues *
cabinet_consent_check (const CabinetConsentTerms *terms,
                       CabinetPractitioner       *practitioner,
                       CabinetClient             *client)
{
  g_autoptr(GHashTable) issues = cabinet_issues_new ();

  if (*practitioner_text (practitioner, CABINET_PRACTITIONER_RPPS) == '\0'
      && *practitioner_text (practitioner, CABINET_PRACTITIONER_ADELI) == '\0')
    cabinet_issues_add (issues, CABINET_CONSENT_REGISTRATION,
                        _("The profile has no registration number, which the form must show: add the RPPS or ADELI number in Preferences, Practice."));

  if ((terms->channels & ~CABINET_CHANNEL_IN_PERSON) == 0)
    cabinet_issues_add (issues, CABINET_CONSENT_CHANNELS,
                        _("Choose at least one way of meeting at a distance: video, phone, chat or e-mail."));
  for (guint i = 0; i < CABINET_N_CHANNELS; i++)
    {
      CabinetChannels channel = cabinet_channel_nth (i);

      if ((terms->channels & channel) && *cabinet_consent_channel_detail (practitioner, channel) == '\0'
          && !g_hash_table_contains (issues, CABINET_CONSENT_CHANNELS))
        cabinet_issues_add (issues, CABINET_CONSENT_CHANNELS, missing_channel_message (channel));
    }
  if ((terms->channels & (CABINET_CHANNEL_CHAT | CABINET_CHANNEL_EMAIL)) && *terms->reply_delay == '\0')
    cabinet_issues_add (issues, CABINET_CONSENT_REPLY_DELAY,
                        _("Say how soon you reply to written messages, for example “48 hours”."));

  if (terms->fee < 0 || !cabinet_currency_is_known (terms->currency))
    cabinet_issues_add (issues, CABINET_CONSENT_FEE, _("Enter the fee per session."));

  if (*terms->fallback_phone == '\0')
    cabinet_issues_add (issues, CABINET_CONSENT_FALLBACK_PHONE,
                        _("Enter the phone number to use if the connection breaks: the form must give it."));
  else if (!cabinet_validate_phone (terms->fallback_phone))
    cabinet_issues_add (issues, CABINET_CONSENT_FALLBACK_PHONE,
                        _("The phone number to use if the connection breaks does not look like a phone number."));

  if (cabinet_client_is_minor (client, NULL)
      && *cabinet_client_get_text (client, CABINET_CLIENT_GUARDIAN_NAME) == '\0')
    cabinet_issues_add (issues, cabinet_client_field_name (CABINET_CLIENT_GUARDIAN_NAME),
                        _("This client is a minor: add the guardian’s name to the client’s record, as the form asks for the guardian’s consent too."));

  /* Principle 07: the form gives the numbers to call where the client is. */
  if (!client_is_in_france (client)
      && *cabinet_client_get_text (client, CABINET_CLIENT_LOCAL_EMERGENCY_NUMBER) == '\0')
    cabinet_issues_add (issues, cabinet_client_field_name (CABINET_CLIENT_LOCAL_EMERGENCY_NUMBER),
                        _("This client lives outside France: add the emergency number of their country to their record, the form must give it."));

  if (g_hash_table_size (issues) == 0)
    return NULL;
  return g_steal_pointer (&issues);
}

/* Rendering */

typedef struct {
  const CabinetConsentDocument *doc;
  const char                   *lang;
  CabinetPdf                   *pdf;
  guint                         number;   /* of the last section */
} Render;

static const char *
T (Render     *r,
   const char *group,
   const char *key)
{
  return text (r->lang, group, key);
}

static const char *
P (Render                   *r,
   CabinetPractitionerField  field)
{
  return cabinet_practitioner_get_text (r->doc->practitioner, field);
}

static const char *
C (Render             *r,
   CabinetClientField  field)
{
  return cabinet_client_get_text (r->doc->client, field);
}

/* Paragraphs are separated by blank lines. */
static void
add_paragraphs (Render     *r,
                const char *body)
{
  g_auto(GStrv) paragraphs = g_strsplit (body, "\n\n", -1);

  for (guint i = 0; paragraphs[i]; i++)
    {
      g_autofree char *clean = g_strstrip (g_strdup (paragraphs[i]));

      if (*clean)
        cabinet_pdf_add_text (r->pdf, CABINET_PDF_BODY, clean);
    }
}

/* "Label : value" lines, one block, so that they stay close together. */
static void
add_fact (GString    *facts,
          Render     *r,
          const char *label,
          const char *value)
{
  g_autofree char *label_markup = g_markup_escape_text (label, -1);
  g_autofree char *value_markup = g_markup_escape_text (value, -1);

  if (value == NULL || *value == '\0')
    return;
  if (facts->len)
    g_string_append_c (facts, '\n');
  /* French puts a (narrow, unbreakable) space before the colon. */
  g_string_append_printf (facts, "<b>%s</b>%s%s", label_markup,
                          strcmp (r->lang, "fr") == 0 ? "\u202f: " : ": ", value_markup);
}

static void
add_sentence (GString    *facts,
              const char *sentence)
{
  g_autofree char *markup = g_markup_escape_text (sentence, -1);

  if (facts->len)
    g_string_append_c (facts, '\n');
  g_string_append (facts, markup);
}

static void
flush_facts (Render  *r,
             GString *facts)
{
  if (facts->len)
    cabinet_pdf_add_markup (r->pdf, CABINET_PDF_BODY, facts->str);
  g_string_truncate (facts, 0);
}

static void
begin_section (Render                *r,
               CabinetConsentSection  section)
{
  const char *id = cabinet_consent_section_id (section);
  const char *body = r->doc->bodies ? g_hash_table_lookup (r->doc->bodies, id) : NULL;
  g_autofree char *heading = g_strdup_printf ("%u. %s", ++r->number, T (r, id, "title"));

  cabinet_pdf_add_space (r->pdf, 4);
  cabinet_pdf_add_text (r->pdf, CABINET_PDF_HEADING, heading);
  add_paragraphs (r, body ? body : T (r, id, "body"));
}

static void
section_identity (Render  *r,
                  GString *facts)
{
  const char *group = "identity";

  begin_section (r, CABINET_CONSENT_IDENTITY);
  add_fact (facts, r, T (r, group, "label_name"), P (r, CABINET_PRACTITIONER_FULL_NAME));
  add_fact (facts, r, T (r, group, "label_title"), P (r, CABINET_PRACTITIONER_TITLE));
  add_fact (facts, r, T (r, group, "label_rpps"), P (r, CABINET_PRACTITIONER_RPPS));
  add_fact (facts, r, T (r, group, "label_adeli"), P (r, CABINET_PRACTITIONER_ADELI));
  add_fact (facts, r, T (r, group, "label_address"), P (r, CABINET_PRACTITIONER_ADDRESS));
  add_fact (facts, r, T (r, group, "label_phone"), P (r, CABINET_PRACTITIONER_PHONE));
  add_fact (facts, r, T (r, group, "label_email"), P (r, CABINET_PRACTITIONER_EMAIL));
  add_fact (facts, r, T (r, group, "label_website"), P (r, CABINET_PRACTITIONER_WEBSITE));
  flush_facts (r, facts);
}

static void
section_online_therapy (Render  *r,
                        GString *facts)
{
  const char *nearby = C (r, CABINET_CLIENT_IN_PERSON_NEARBY);
  g_autofree char *key = g_strconcat ("nearby_", *nearby ? nearby : "unknown", NULL);

  begin_section (r, CABINET_CONSENT_ONLINE_THERAPY);
  add_sentence (facts, T (r, "online-therapy", key));
  flush_facts (r, facts);
}

static void
section_devices (Render  *r,
                 GString *facts)
{
  static const char * const labels[CABINET_N_CHANNELS] = {
    "label_video", "label_phone", "label_chat", "label_email", "label_in_person",
  };
  const CabinetConsentTerms *terms = r->doc->terms;

  begin_section (r, CABINET_CONSENT_DEVICES);
  for (guint i = 0; i < CABINET_N_CHANNELS; i++)
    {
      CabinetChannels channel = cabinet_channel_nth (i);

      if (terms->channels & channel)
        add_fact (facts, r, T (r, "devices", labels[i]), cabinet_consent_channel_detail (r->doc->practitioner, channel));
    }
  if (terms->channels & (CABINET_CHANNEL_CHAT | CABINET_CHANNEL_EMAIL))
    {
      g_autofree char *delay = cabinet_text_expand (T (r, "devices", "reply_delay"),
                                                    "delay", terms->reply_delay, NULL);
      add_sentence (facts, delay);
    }
  flush_facts (r, facts);
}

static void
section_fees (Render  *r,
              GString *facts)
{
  const CabinetConsentTerms *terms = r->doc->terms;
  g_auto(GStrv) method_names = g_strsplit (T (r, "fees", "methods"), ";", -1);
  g_autofree char *fee = cabinet_money_format_in (terms->fee, terms->currency, r->lang);
  g_autoptr(GString) methods = g_string_new (NULL);

  for (guint i = 0; i < CABINET_N_PAYMENT_METHODS && i < g_strv_length (method_names); i++)
    if (terms->methods & cabinet_payment_method_nth (i))
      {
        if (methods->len)
          g_string_append (methods, ", ");
        g_string_append (methods, method_names[i]);
      }

  begin_section (r, CABINET_CONSENT_FEES);
  add_fact (facts, r, T (r, "fees", "label_fee"), fee);
  add_fact (facts, r, T (r, "fees", "label_methods"), methods->str);
  add_fact (facts, r, T (r, "fees", "label_due"),
            T (r, "fees", terms->pay_in_advance ? "due_advance" : "due_end"));
  flush_facts (r, facts);
}

static void
section_connection (Render  *r,
                    GString *facts)
{
  begin_section (r, CABINET_CONSENT_CONNECTION);
  add_fact (facts, r, T (r, "connection", "label_procedure"), r->doc->terms->fallback_procedure);
  add_fact (facts, r, T (r, "connection", "label_phone"), r->doc->terms->fallback_phone);
  flush_facts (r, facts);
}

/* @number appears in @text as a number of its own, not inside a longer one. */
static gboolean
contains_number (const char *text,
                 const char *number)
{
  gsize length = strlen (number);

  for (const char *p = strstr (text, number); p; p = strstr (p + 1, number))
    if ((p == text || !g_ascii_isdigit (p[-1])) && !g_ascii_isdigit (p[length]))
      return TRUE;
  return FALSE;
}

/* The profile's list of emergency resources, without the lines whose number the
 * form already gives (the profile is written in the therapist's language, the
 * numbers above in the client's: "15: SAMU" is not said twice). */
static char *
other_resources (const char *resources,
                 const char *numbers)
{
  g_auto(GStrv) lines = g_strsplit (resources, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i]; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));
      g_autofree char *number = g_strndup (line, strspn (line, "0123456789"));

      if (*line == '\0' || (*number && contains_number (numbers, number)))
        continue;
      if (out->len)
        g_string_append (out, "; ");
      g_string_append (out, line);
    }
  return g_string_free (out, FALSE);
}

static void
section_crisis (Render  *r,
                GString *facts)
{
  const char *group = "crisis";
  const char *local = C (r, CABINET_CLIENT_LOCAL_EMERGENCY_NUMBER);
  g_autoptr(GString) contact = g_string_new (C (r, CABINET_CLIENT_EMERGENCY_NAME));
  g_autoptr(GString) location = g_string_new (C (r, CABINET_CLIENT_CITY));
  g_autoptr(GString) numbers = g_string_new (NULL);
  g_autofree char *resources = NULL;

  if (contact->len)
    {
      if (*C (r, CABINET_CLIENT_EMERGENCY_RELATION))
        g_string_append_printf (contact, " (%s)", C (r, CABINET_CLIENT_EMERGENCY_RELATION));
      if (*C (r, CABINET_CLIENT_EMERGENCY_PHONE))
        g_string_append_printf (contact, ", %s", C (r, CABINET_CLIENT_EMERGENCY_PHONE));
    }
  else
    g_string_assign (contact, T (r, group, "contact_missing"));

  if (*C (r, CABINET_CLIENT_COUNTRY))
    g_string_append_printf (location, "%s%s", location->len ? ", " : "", C (r, CABINET_CLIENT_COUNTRY));
  if (location->len == 0)
    g_string_assign (location, T (r, group, "location_missing"));

  if (*local)
    {
      g_autofree char *line = cabinet_text_expand (T (r, group, "local_number"), "number", local, NULL);
      g_string_append (numbers, line);
    }
  if (client_is_in_france (r->doc->client))
    g_string_append_printf (numbers, "%s%s", numbers->len ? (strcmp (r->lang, "fr") == 0 ? "\u202f; " : "; ") : "",
                            T (r, group, "france_numbers"));
  if (numbers->len == 0)
    g_string_assign (numbers, T (r, "document", "none"));

  begin_section (r, CABINET_CONSENT_CRISIS);
  add_fact (facts, r, T (r, group, "label_contact"), contact->str);
  add_fact (facts, r, T (r, group, "label_location"), location->str);
  add_fact (facts, r, T (r, group, "label_numbers"), numbers->str);
  resources = other_resources (P (r, CABINET_PRACTITIONER_EMERGENCY_RESOURCES), numbers->str);
  add_fact (facts, r, T (r, group, "label_resources"), resources);
  flush_facts (r, facts);
}

static void
section_guardian (Render  *r,
                  GString *facts)
{
  begin_section (r, CABINET_CONSENT_GUARDIAN);
  add_fact (facts, r, T (r, "guardian", "label_guardian"), C (r, CABINET_CLIENT_GUARDIAN_NAME));
  add_fact (facts, r, T (r, "guardian", "label_relation"), C (r, CABINET_CLIENT_GUARDIAN_RELATION));
  flush_facts (r, facts);
}

/* The client as the form names them: their legal name, not a pseudonym. */
static char *
client_name (CabinetClient *client)
{
  g_autofree char *name = g_strjoin (" ",
                                     cabinet_client_get_text (client, CABINET_CLIENT_FIRST_NAME),
                                     cabinet_client_get_text (client, CABINET_CLIENT_LAST_NAME),
                                     NULL);
  g_strstrip (name);
  return *name ? g_steal_pointer (&name)
               : g_strdup (cabinet_client_get_text (client, CABINET_CLIENT_PSEUDONYM));
}

static void
section_signatures (Render     *r,
                    const char *client,
                    gboolean    minor)
{
  const CabinetConsentTerms *terms = r->doc->terms;
  g_autofree char *date = cabinet_consent_format_date (r->doc->date, r->lang);
  g_autofree char *place_date = cabinet_text_expand (T (r, "signatures", "place_date"),
                                                     "place", *terms->place ? terms->place : "……………………",
                                                     "date", date, NULL);
  g_autofree char *client_label = g_strdup_printf ("%s\n%s", T (r, "signatures", "client"), client);
  g_autofree char *guardian_label = g_strdup_printf ("%s\n%s", T (r, "signatures", "guardian"),
                                                     C (r, CABINET_CLIENT_GUARDIAN_NAME));
  g_autofree char *therapist_label = g_strdup_printf ("%s\n%s", T (r, "signatures", "therapist"),
                                                      P (r, CABINET_PRACTITIONER_FULL_NAME));
  const char *labels[4] = { client_label, NULL, NULL, NULL };

  if (*terms->note)
    {
      cabinet_pdf_add_space (r->pdf, 4);
      cabinet_pdf_add_text (r->pdf, CABINET_PDF_HEADING, T (r, "note", "title"));
      add_paragraphs (r, terms->note);
    }

  cabinet_pdf_add_space (r->pdf, 4);
  cabinet_pdf_add_text (r->pdf, CABINET_PDF_HEADING, T (r, "signatures", "title"));
  cabinet_pdf_add_text (r->pdf, CABINET_PDF_BODY, T (r, "signatures", "statement"));
  cabinet_pdf_add_text (r->pdf, CABINET_PDF_BODY, place_date);
  cabinet_pdf_keep_with_next (r->pdf);
  cabinet_pdf_add_text (r->pdf, CABINET_PDF_SMALL, T (r, "signatures", "mention"));
  cabinet_pdf_keep_with_next (r->pdf);
  if (minor)
    {
      labels[1] = guardian_label;
      labels[2] = therapist_label;
    }
  else
    labels[1] = therapist_label;
  cabinet_pdf_add_signatures (r->pdf, labels);
}

/* Every problem, one per line, in the order of issue_order (which names every
 * field cabinet_consent_check() can report). */
static void
set_incomplete_error (CabinetIssues  *issues,
                      GError        **error)
{
  g_autoptr(GString) message = g_string_new (NULL);
  const char *value;

  for (guint i = 0; issue_order[i]; i++)
    if ((value = g_hash_table_lookup (issues, issue_order[i])) != NULL)
      g_string_append_printf (message, "%s%s", message->len ? "\n" : "", value);
  g_set_error_literal (error, CABINET_CONSENT_ERROR, CABINET_CONSENT_ERROR_INCOMPLETE, message->str);
}

GBytes *
cabinet_consent_render (const CabinetConsentDocument  *document,
                        GError                       **error)
{
  g_autoptr(GHashTable) issues = NULL;
  g_autoptr(CabinetPdf) pdf = NULL;
  g_autoptr(GString) facts = g_string_new (NULL);
  g_autofree char *client = NULL;
  g_autofree char *header = NULL;
  g_autofree char *intro = NULL;
  g_autofree char *date = NULL;
  g_autofree char *version = NULL;
  g_autofree char *footer = NULL;
  const char *title;
  gboolean minor;
  Render r = { document, NULL, NULL, 0 };

  g_return_val_if_fail (document != NULL && document->terms != NULL, NULL);
  g_return_val_if_fail (CABINET_IS_PRACTITIONER (document->practitioner), NULL);
  g_return_val_if_fail (CABINET_IS_CLIENT (document->client), NULL);
  g_return_val_if_fail (document->date != NULL && document->version != NULL, NULL);

  issues = cabinet_consent_check (document->terms, document->practitioner, document->client);
  if (issues)
    {
      set_incomplete_error (issues, error);
      return NULL;
    }

  r.lang = strcmp (document->terms->language, "en") == 0 ? "en" : "fr";
  r.pdf = pdf = cabinet_pdf_new (document->paper);
  client = client_name (document->client);
  minor = cabinet_client_is_minor (document->client, NULL);
  title = T (&r, "document", "title");

  header = g_strdup_printf ("%s — %s", P (&r, CABINET_PRACTITIONER_FULL_NAME), P (&r, CABINET_PRACTITIONER_TITLE));
  date = cabinet_consent_format_date (document->date, r.lang);
  version = cabinet_text_expand (T (&r, "document", "version"), "version", document->version, "date", date, NULL);
  footer = g_strdup_printf ("%s · %s", title, version);
  cabinet_pdf_set_metadata (pdf, title, P (&r, CABINET_PRACTITIONER_FULL_NAME), T (&r, "document", "subject"));
  cabinet_pdf_set_header (pdf, header);
  cabinet_pdf_set_footer (pdf, footer);
  cabinet_pdf_set_page_label (pdf, T (&r, "document", "page"));

  cabinet_pdf_add_text (pdf, CABINET_PDF_TITLE, title);
  intro = cabinet_text_expand (T (&r, "document", "intro"),
                               "practitioner", P (&r, CABINET_PRACTITIONER_FULL_NAME),
                               "client", client, NULL);
  add_paragraphs (&r, intro);

  section_identity (&r, facts);
  section_online_therapy (&r, facts);
  section_devices (&r, facts);
  begin_section (&r, CABINET_CONSENT_CONDITIONS);
  begin_section (&r, CABINET_CONSENT_CONFIDENTIALITY);
  section_fees (&r, facts);
  section_connection (&r, facts);
  section_crisis (&r, facts);
  if (minor)
    section_guardian (&r, facts);
  begin_section (&r, CABINET_CONSENT_WITHDRAWAL);
  section_signatures (&r, client, minor);

  return cabinet_pdf_render (pdf, error);
}

char *
cabinet_consent_file_name (CabinetClient *client,
                           const char    *language,
                           GDateTime     *date)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (date);
  g_autofree char *day = g_date_time_format (local, "%Y-%m-%d");
  g_autofree char *name = client_name (client);

  /* A name is no path. */
  g_strdelimit (name, "/\\:", '-');
  return g_strdup_printf ("%s - %s - %s.pdf", text (language, "document", "file_name"), name, day);
}
