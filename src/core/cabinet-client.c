/* cabinet-client.c — one client of the practice: identity, contact, the online
 * frame, safety and administration (no clinical notes)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cabinet-check-env.h"
#include "cabinet-client.h"

/* Each text field may hold this many characters; more is a paste gone wrong. */
#define MAX_FIELD_CHARS 2000
/* The administrative note stays short so that clinical content does not creep in. */
#define MAX_NOTE_CHARS 500

struct _CabinetClient
{
  GObject    parent_instance;
  gint64     id;
  char      *text[CABINET_CLIENT_N_TEXT_FIELDS];
  gint64     fee_minor;
  CabinetConsentStatus consent;
  GDateTime *created_at;
  GDateTime *updated_at;

  /* Derived from the text, computed when first asked for and dropped when a field
   * it depends on changes: loading ten thousand clients must not fold each of
   * them twenty times. */
  char      *search_key;
};

G_DEFINE_TYPE (CabinetClient, cabinet_client, G_TYPE_OBJECT)

/* The column of each text field; also its property name with '-' for '_'. */
static const char *field_columns[CABINET_CLIENT_N_TEXT_FIELDS] = {
  "first_name", "last_name", "pseudonym", "birth_date",
  "guardian_name", "guardian_relation", "guardian_phone", "guardian_email",
  "email", "phone", "address", "city", "country", "time_zone",
  "language", "modality", "in_person_nearby",
  "emergency_name", "emergency_relation", "emergency_phone", "local_emergency_number",
  "referral_source", "status", "admin_note", "receipt_name", "mon_soutien_psy",
};

static const char * const languages[] = { "fr", "en", NULL };
static const char * const modalities[] = { "video", "phone", "chat", "email", "in-person", NULL };
static const char * const nearby_values[] = { "yes", "no", "unknown", NULL };
static const char * const statuses[] = { "active", "paused", "closed", NULL };
static const char * const receipt_names[] = { "name", "reference", NULL };
static const char * const yes_no[] = { "yes", "no", NULL };

gboolean
cabinet_client_status_is_valid (const char *status)
{
  return status != NULL && g_strv_contains (statuses, status);
}

enum {
  PROP_0,
  PROP_ID = CABINET_CLIENT_N_TEXT_FIELDS + 1,
  PROP_FEE,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_LAST_ACTIVITY,
  PROP_DISPLAY_NAME,
  PROP_CONSENT_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
cabinet_client_field_name (CabinetClientField field)
{
  g_return_val_if_fail (field < CABINET_CLIENT_N_TEXT_FIELDS, NULL);
  return field_columns[field];
}

static void
cabinet_client_finalize (GObject *object)
{
  CabinetClient *self = CABINET_CLIENT (object);

  for (guint i = 0; i < CABINET_CLIENT_N_TEXT_FIELDS; i++)
    g_free (self->text[i]);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  g_free (self->search_key);

  G_OBJECT_CLASS (cabinet_client_parent_class)->finalize (object);
}

static void
set_date_time (CabinetClient *self,
               GDateTime    **slot,
               GDateTime     *value,
               guint          prop_id)
{
  if (*slot == value || (*slot && value && g_date_time_equal (*slot, value)))
    return;
  g_clear_pointer (slot, g_date_time_unref);
  *slot = value ? g_date_time_ref (value) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  /* The last activity is the last change until sessions exist. */
  if (prop_id == PROP_UPDATED_AT)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ACTIVITY]);
}

static void
cabinet_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CabinetClient *self = CABINET_CLIENT (object);

  if (prop_id >= 1 && prop_id <= CABINET_CLIENT_N_TEXT_FIELDS)
    {
      g_value_set_string (value, self->text[prop_id - 1]);
      return;
    }
  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_FEE:
      g_value_set_int64 (value, self->fee_minor);
      break;
    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;
    case PROP_UPDATED_AT:
      g_value_set_boxed (value, self->updated_at);
      break;
    case PROP_LAST_ACTIVITY:
      g_value_set_boxed (value, cabinet_client_get_last_activity (self));
      break;
    case PROP_DISPLAY_NAME:
      g_value_take_string (value, cabinet_client_dup_display_name (self));
      break;
    case PROP_CONSENT_STATUS:
      g_value_set_int (value, self->consent);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cabinet_client_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CabinetClient *self = CABINET_CLIENT (object);

  if (prop_id >= 1 && prop_id <= CABINET_CLIENT_N_TEXT_FIELDS)
    {
      cabinet_client_set_text (self, prop_id - 1, g_value_get_string (value));
      return;
    }
  switch (prop_id)
    {
    case PROP_ID:
      if (self->id != g_value_get_int64 (value))
        {
          self->id = g_value_get_int64 (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_FEE:
      cabinet_client_set_fee (self, g_value_get_int64 (value));
      break;
    case PROP_CREATED_AT:
      set_date_time (self, &self->created_at, g_value_get_boxed (value), PROP_CREATED_AT);
      break;
    case PROP_UPDATED_AT:
      set_date_time (self, &self->updated_at, g_value_get_boxed (value), PROP_UPDATED_AT);
      break;
    case PROP_CONSENT_STATUS:
      cabinet_client_set_consent_status (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cabinet_client_class_init (CabinetClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cabinet_client_finalize;
  object_class->get_property = cabinet_client_get_property;
  object_class->set_property = cabinet_client_set_property;

  for (guint i = 0; i < CABINET_CLIENT_N_TEXT_FIELDS; i++)
    {
      g_autofree char *name = g_strdelimit (g_strdup (field_columns[i]), "_", '-');

      /* Property names must be static strings, hence g_intern_string(). */
      properties[i + 1] = g_param_spec_string (g_intern_string (name), NULL, NULL, "",
                                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                               | G_PARAM_STATIC_STRINGS);
    }
  /* The id and the timestamps are written by the client store when it saves; they
   * are properties so that the store needs no private API. */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FEE] =
    g_param_spec_int64 ("fee", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UPDATED_AT] =
    g_param_spec_boxed ("updated-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ACTIVITY] =
    g_param_spec_boxed ("last-activity", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* For list rows to bind to: notified when a name changes. */
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /* A CabinetConsentStatus: the state of the client's latest consent form, kept
   * up to date by the consent store. */
  properties[PROP_CONSENT_STATUS] =
    g_param_spec_int ("consent-status", NULL, NULL,
                      CABINET_CONSENT_NONE, CABINET_CONSENT_WITHDRAWN, CABINET_CONSENT_NONE,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cabinet_client_init (CabinetClient *self)
{
  for (guint i = 0; i < CABINET_CLIENT_N_TEXT_FIELDS; i++)
    self->text[i] = g_strdup ("");
  self->fee_minor = -1;
}

/* An IANA name such as "Europe/Paris" or "UTC". GLib also takes file paths and
 * POSIX rules ("CET-1CEST"), which are no place names: refuse those first. */
static gboolean
is_time_zone_identifier (const char *text)
{
  /* Loading a zone reads its file: 0.2 ms, so ten thousand imported clients would
   * wait seconds for the same few zones. Remember the ones that exist. */
  G_LOCK_DEFINE_STATIC (known);
  static GHashTable *known = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  gboolean found;

  if (text == NULL || !g_ascii_isalpha (*text) || strstr (text, "..") != NULL)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isalnum (*p) && !strchr ("/_-+", *p))
      return FALSE;
  if (strchr (text, '/') == NULL && strcmp (text, "UTC") != 0)
    return FALSE;

  G_LOCK (known);
  found = known != NULL && g_hash_table_contains (known, text);
  G_UNLOCK (known);
  if (found)
    return TRUE;

  tz = g_time_zone_new_identifier (text);
  if (tz == NULL)
    return FALSE;
  G_LOCK (known);
  if (known == NULL)
    known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (known, g_strdup (text));
  G_UNLOCK (known);
  return TRUE;
}

CabinetClient *
cabinet_client_new (const char *default_time_zone)
{
  CabinetClient *self = g_object_new (CABINET_TYPE_CLIENT, NULL);
  const char *zone = default_time_zone;
  g_autoptr(GTimeZone) local = NULL;

  if (zone == NULL || *zone == '\0')
    {
      local = g_time_zone_new_local ();
      zone = g_time_zone_get_identifier (local);
      if (!is_time_zone_identifier (zone))
        zone = "UTC";
    }

  cabinet_client_set_text (self, CABINET_CLIENT_TIME_ZONE, zone);
  cabinet_client_set_text (self, CABINET_CLIENT_LANGUAGE, "fr");
  cabinet_client_set_text (self, CABINET_CLIENT_MODALITY, "video");
  cabinet_client_set_text (self, CABINET_CLIENT_IN_PERSON_NEARBY, "unknown");
  cabinet_client_set_text (self, CABINET_CLIENT_STATUS, "active");
  cabinet_client_set_text (self, CABINET_CLIENT_RECEIPT_NAME, "name");
  cabinet_client_set_text (self, CABINET_CLIENT_MON_SOUTIEN_PSY, "no");
  return self;
}

/* An editor works on a copy and hands it to the store to save. */
CabinetClient *
cabinet_client_copy (CabinetClient *self)
{
  CabinetClient *copy;

  g_return_val_if_fail (CABINET_IS_CLIENT (self), NULL);

  copy = g_object_new (CABINET_TYPE_CLIENT, NULL);
  copy->id = self->id;
  for (guint i = 0; i < CABINET_CLIENT_N_TEXT_FIELDS; i++)
    cabinet_set_string (&copy->text[i], self->text[i]);
  copy->fee_minor = self->fee_minor;
  copy->consent = self->consent;
  copy->created_at = self->created_at ? g_date_time_ref (self->created_at) : NULL;
  copy->updated_at = self->updated_at ? g_date_time_ref (self->updated_at) : NULL;
  copy->search_key = g_strdup (self->search_key);
  return copy;
}

CabinetConsentStatus
cabinet_client_get_consent_status (CabinetClient *self)
{
  g_return_val_if_fail (CABINET_IS_CLIENT (self), CABINET_CONSENT_NONE);
  return self->consent;
}

void
cabinet_client_set_consent_status (CabinetClient        *self,
                                   CabinetConsentStatus  status)
{
  g_return_if_fail (CABINET_IS_CLIENT (self));
  if (self->consent == status)
    return;
  self->consent = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONSENT_STATUS]);
}

gint64
cabinet_client_get_id (CabinetClient *self)
{
  g_return_val_if_fail (CABINET_IS_CLIENT (self), 0);
  return self->id;
}

const char *
cabinet_client_get_text (CabinetClient      *self,
                         CabinetClientField  field)
{
  g_return_val_if_fail (CABINET_IS_CLIENT (self), NULL);
  g_return_val_if_fail (field < CABINET_CLIENT_N_TEXT_FIELDS, NULL);
  return self->text[field];
}

static gboolean
is_search_field (CabinetClientField field)
{
  return field == CABINET_CLIENT_FIRST_NAME || field == CABINET_CLIENT_LAST_NAME
         || field == CABINET_CLIENT_PSEUDONYM || field == CABINET_CLIENT_EMAIL
         || field == CABINET_CLIENT_PHONE || field == CABINET_CLIENT_CITY;
}

void
cabinet_client_set_text (CabinetClient      *self,
                         CabinetClientField  field,
                         const char         *value)
{
  g_autofree char *clean = NULL;

  g_return_if_fail (CABINET_IS_CLIENT (self));
  g_return_if_fail (field < CABINET_CLIENT_N_TEXT_FIELDS);

  clean = cabinet_text_clean (value);
  if (g_strcmp0 (clean, self->text[field]) == 0)
    return;
  g_free (self->text[field]);
  self->text[field] = g_steal_pointer (&clean);

  if (is_search_field (field))
    g_clear_pointer (&self->search_key, g_free);

  g_object_notify_by_pspec (G_OBJECT (self), properties[field + 1]);
  if (field == CABINET_CLIENT_FIRST_NAME || field == CABINET_CLIENT_LAST_NAME
      || field == CABINET_CLIENT_PSEUDONYM)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

gint64
cabinet_client_get_fee (CabinetClient *self)
{
  g_return_val_if_fail (CABINET_IS_CLIENT (self), -1);
  return self->fee_minor;
}

void
cabinet_client_set_fee (CabinetClient *self,
                        gint64         minor)
{
  g_return_if_fail (CABINET_IS_CLIENT (self));

  if (self->fee_minor == minor)
    return;
  self->fee_minor = minor;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FEE]);
}

GDateTime *
cabinet_client_get_created_at (CabinetClient *self)
{
  g_return_val_if_fail (CABINET_IS_CLIENT (self), NULL);
  return self->created_at;
}

GDateTime *
cabinet_client_get_updated_at (CabinetClient *self)
{
  g_return_val_if_fail (CABINET_IS_CLIENT (self), NULL);
  return self->updated_at;
}

/* The last change for now; the last session once sessions exist. */
GDateTime *
cabinet_client_get_last_activity (CabinetClient *self)
{
  g_return_val_if_fail (CABINET_IS_CLIENT (self), NULL);
  return self->updated_at;
}

#define TEXT(f) (self->text[CABINET_CLIENT_##f])
#define NAME(f) field_columns[CABINET_CLIENT_##f]

char *
cabinet_client_format_reference (gint64 client_id)
{
  return g_strdup_printf ("C-%05" G_GINT64_FORMAT, client_id);
}

char *
cabinet_client_dup_reference (CabinetClient *self)
{
  g_return_val_if_fail (CABINET_IS_CLIENT (self), NULL);
  return cabinet_client_format_reference (self->id);
}

char *
cabinet_client_dup_fiscal_name (CabinetClient *self)
{
  g_return_val_if_fail (CABINET_IS_CLIENT (self), NULL);

  if (g_str_equal (TEXT (RECEIPT_NAME), "reference"))
    return cabinet_client_dup_reference (self);
  if (*TEXT (FIRST_NAME) && *TEXT (LAST_NAME))
    return g_strdup_printf ("%s %s", TEXT (FIRST_NAME), TEXT (LAST_NAME));
  return cabinet_client_dup_display_name (self);
}

char *
cabinet_client_dup_display_name (CabinetClient *self)
{
  GString *name;

  g_return_val_if_fail (CABINET_IS_CLIENT (self), NULL);

  name = g_string_new (TEXT (FIRST_NAME));
  if (*TEXT (LAST_NAME))
    {
      if (name->len > 0)
        g_string_append_c (name, ' ');
      g_string_append (name, TEXT (LAST_NAME));
    }
  if (*TEXT (PSEUDONYM))
    {
      if (name->len > 0)
        g_string_append_printf (name, " (%s)", TEXT (PSEUDONYM));
      else
        g_string_append (name, TEXT (PSEUDONYM));
    }
  return g_string_free (name, FALSE);
}

static GDate *
today_or_now (GDate *today)
{
  g_autoptr(GDateTime) now = NULL;

  if (today)
    return g_date_copy (today);
  now = g_date_time_new_now_local ();
  return g_date_new_dmy (g_date_time_get_day_of_month (now),
                         g_date_time_get_month (now),
                         g_date_time_get_year (now));
}

gboolean
cabinet_client_is_minor (CabinetClient *self,
                         GDate         *today)
{
  g_autoptr(GDate) birth = NULL;
  g_autoptr(GDate) day = NULL;

  g_return_val_if_fail (CABINET_IS_CLIENT (self), FALSE);

  birth = cabinet_parse_iso_date (TEXT (BIRTH_DATE));
  if (birth == NULL)
    return FALSE;
  day = today_or_now (today);
  /* Of age on the eighteenth birthday (28 February for a 29 February birth). */
  g_date_add_years (birth, 18);
  return g_date_compare (day, birth) < 0;
}

/* A guardian is someone named that the therapist can reach. */
gboolean
cabinet_client_needs_guardian (CabinetClient *self,
                               GDate         *today)
{
  g_return_val_if_fail (CABINET_IS_CLIENT (self), FALSE);

  if (!cabinet_client_is_minor (self, today))
    return FALSE;
  return *TEXT (GUARDIAN_NAME) == '\0'
         || (*TEXT (GUARDIAN_PHONE) == '\0' && *TEXT (GUARDIAN_EMAIL) == '\0');
}

/* Emergency services are often reached by a short number abroad (112, 911, 000). */
static gboolean
is_short_number (const char *text)
{
  guint digits = 0;

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (*p != ' ')
        return FALSE;
    }
  return digits >= 2 && digits <= 6;
}

static void
check_phone (CabinetIssues *issues,
             const char    *field,
             const char    *value)
{
  if (*value && !cabinet_validate_phone (value))
    cabinet_issues_add (issues, field, _("Enter a phone number with its digits, for example +33 6 12 34 56 78."));
}

static void
check_email (CabinetIssues *issues,
             const char    *field,
             const char    *value)
{
  if (*value && !cabinet_validate_email (value))
    cabinet_issues_add (issues, field, _("This e-mail address looks incomplete; it should look like name@example.fr."));
}

static void
check_birth_date (CabinetClient *self,
                  CabinetIssues *issues,
                  GDate         *today)
{
  g_autoptr(GDate) birth = NULL;
  g_autoptr(GDate) day = NULL;

  if (*TEXT (BIRTH_DATE) == '\0')
    return;

  birth = cabinet_parse_iso_date (TEXT (BIRTH_DATE));
  if (birth == NULL)
    {
      cabinet_issues_add (issues, NAME (BIRTH_DATE), _("Enter the date of birth as year-month-day, for example 1985-04-23."));
      return;
    }
  day = today_or_now (today);
  if (g_date_compare (birth, day) > 0)
    cabinet_issues_add (issues, NAME (BIRTH_DATE), _("This date of birth is in the future; check the year."));
  else if (g_date_get_year (birth) < 1900)
    cabinet_issues_add (issues, NAME (BIRTH_DATE), _("This date of birth is before 1900; check the year."));
}

CabinetIssues *
cabinet_client_validate (CabinetClient *self,
                         GDate         *today)
{
  g_autoptr(GHashTable) issues = cabinet_issues_new ();

  g_return_val_if_fail (CABINET_IS_CLIENT (self), NULL);

  /* Some clients only give a first name and a pseudonym: that is enough to work. */
  if (*TEXT (LAST_NAME) == '\0' && *TEXT (PSEUDONYM) == '\0')
    cabinet_issues_add (issues, NAME (LAST_NAME), _("Enter the client’s last name, or the name they prefer to be called by."));

  check_birth_date (self, issues, today);

  check_phone (issues, NAME (GUARDIAN_PHONE), TEXT (GUARDIAN_PHONE));
  check_email (issues, NAME (GUARDIAN_EMAIL), TEXT (GUARDIAN_EMAIL));
  check_email (issues, NAME (EMAIL), TEXT (EMAIL));
  check_phone (issues, NAME (PHONE), TEXT (PHONE));
  check_phone (issues, NAME (EMERGENCY_PHONE), TEXT (EMERGENCY_PHONE));

  if (*TEXT (LOCAL_EMERGENCY_NUMBER) && !is_short_number (TEXT (LOCAL_EMERGENCY_NUMBER))
      && !cabinet_validate_phone (TEXT (LOCAL_EMERGENCY_NUMBER)))
    cabinet_issues_add (issues, NAME (LOCAL_EMERGENCY_NUMBER), _("Enter the emergency number of the client’s country, for example 112 or 911, or a full phone number."));

  if (*TEXT (TIME_ZONE) == '\0')
    cabinet_issues_add (issues, NAME (TIME_ZONE), _("Choose the client’s time zone, so that sessions are at the right hour for both of you."));
  else if (!is_time_zone_identifier (TEXT (TIME_ZONE)))
    cabinet_issues_add (issues, NAME (TIME_ZONE), _("This time zone is unknown; choose a city in the client’s zone, for example Europe/Paris."));

  if (!g_strv_contains (languages, TEXT (LANGUAGE)))
    cabinet_issues_add (issues, NAME (LANGUAGE), _("Choose French or English for the client’s documents."));
  if (!g_strv_contains (modalities, TEXT (MODALITY)))
    cabinet_issues_add (issues, NAME (MODALITY), _("Choose how you usually meet: video, phone, chat, e-mail or in person."));
  if (!g_strv_contains (nearby_values, TEXT (IN_PERSON_NEARBY)))
    cabinet_issues_add (issues, NAME (IN_PERSON_NEARBY), _("Say whether in-person care is available near the client: yes, no or unknown."));
  if (!g_strv_contains (statuses, TEXT (STATUS)))
    cabinet_issues_add (issues, NAME (STATUS), _("Choose whether the client is active, paused or closed."));
  if (!g_strv_contains (receipt_names, TEXT (RECEIPT_NAME)))
    cabinet_issues_add (issues, NAME (RECEIPT_NAME), _("Choose whether receipts show the client’s name or their reference."));
  if (!g_strv_contains (yes_no, TEXT (MON_SOUTIEN_PSY)))
    cabinet_issues_add (issues, NAME (MON_SOUTIEN_PSY), _("Say whether the client is followed under Mon soutien psy: yes or no."));

  if (self->fee_minor < -1)
    cabinet_issues_add (issues, CABINET_CLIENT_FEE, _("Enter a fee of zero or more, or leave it empty to use your usual fee."));

  if (g_utf8_strlen (TEXT (ADMIN_NOTE), -1) > MAX_NOTE_CHARS)
    cabinet_issues_add (issues, NAME (ADMIN_NOTE), _("Keep this note under 500 characters: it is for administration only, not for clinical notes."));
  for (guint i = 0; i < CABINET_CLIENT_N_TEXT_FIELDS; i++)
    if (g_utf8_strlen (self->text[i], -1) > MAX_FIELD_CHARS)
      cabinet_issues_add (issues, field_columns[i], _("This is too long: shorten it to 2,000 characters or fewer."));

  if (g_hash_table_size (issues) == 0)
    return NULL;
  return g_steal_pointer (&issues);
}

/* Letters that are not a base letter plus an accent, so that decomposing does not
 * reach them, but that people type without their special form. */
static const struct {
  gunichar    c;
  const char *ascii;
} foldings[] = {
  { 0x0153, "oe" },  /* œ */
  { 0x00E6, "ae" },  /* æ */
  { 0x00DF, "ss" },  /* ß */
  { 0x00F8, "o" },   /* ø */
  { 0x0142, "l" },   /* ł */
  { 0x0111, "d" },   /* đ */
  { 0x0131, "i" },   /* dotless ı */
  { 0x2019, "'" },   /* ’ typed as ' */
  { 0x02BC, "'" },   /* ʼ */
};

/* Compatibility decomposition (NFKD) rather than NFD, so that full-width letters
 * and ligatures such as "ﬁ" also fold to what a keyboard types. */
char *
cabinet_client_fold (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *decomposed = NULL;
  g_autofree char *bare = NULL;
  g_autofree char *folded = NULL;
  GString *bare_str;
  GString *out;
  gboolean space = FALSE;

  if (text == NULL || *text == '\0')
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  decomposed = g_utf8_normalize (valid, -1, G_NORMALIZE_NFKD);
  bare_str = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_combining_class (c) != 0 || g_unichar_type (c) == G_UNICODE_NON_SPACING_MARK)
        continue;
      g_string_append_unichar (bare_str, c);
    }
  bare = g_string_free (bare_str, FALSE);
  folded = g_utf8_casefold (bare, -1);

  out = g_string_sized_new (strlen (folded));
  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *replacement = NULL;

      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (foldings); i++)
        if (foldings[i].c == c)
          replacement = foldings[i].ascii;
      if (replacement)
        g_string_append (out, replacement);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* Only the digits: "06 12" and "06.12" both find "+33 6 12…" once the query's
 * number is reduced the same way. */
static void
append_digits (GString    *out,
               const char *text)
{
  for (const char *p = text; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (out, *p);
}

const char *
cabinet_client_get_search_key (CabinetClient *self)
{
  g_return_val_if_fail (CABINET_IS_CLIENT (self), NULL);

  if (self->search_key == NULL)
    {
      g_autoptr(GString) raw = g_string_new (NULL);

      /* '\n' separates the fields, so that a query word never matches across two
       * of them; folding turns it into a space, so fold each part alone. */
      const CabinetClientField parts[] = {
        CABINET_CLIENT_FIRST_NAME, CABINET_CLIENT_LAST_NAME, CABINET_CLIENT_PSEUDONYM,
        CABINET_CLIENT_EMAIL, CABINET_CLIENT_CITY,
      };

      for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
        {
          g_autofree char *folded = cabinet_client_fold (self->text[parts[i]]);

          g_string_append (raw, folded);
          g_string_append_c (raw, '\n');
        }
      append_digits (raw, TEXT (PHONE));
      self->search_key = g_strdup (raw->str);
    }
  return self->search_key;
}
