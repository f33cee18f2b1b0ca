/* cabinet-client-export.c — everything Cabinet holds about one client, as a
 * document to hand over (right of access) or to take elsewhere (portability)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "cabinet-client-export.h"
#include "cabinet-money.h"

const char *
cabinet_client_export_field_label (CabinetClientField field)
{
  switch (field)
    {
    case CABINET_CLIENT_FIRST_NAME: return _("First name");
    case CABINET_CLIENT_LAST_NAME: return _("Last name");
    case CABINET_CLIENT_PSEUDONYM: return _("Preferred name or pseudonym");
    case CABINET_CLIENT_BIRTH_DATE: return _("Date of birth");
    case CABINET_CLIENT_GUARDIAN_NAME: return _("Guardian");
    case CABINET_CLIENT_GUARDIAN_RELATION: return _("Guardian’s relationship to the client");
    case CABINET_CLIENT_GUARDIAN_PHONE: return _("Guardian’s phone");
    case CABINET_CLIENT_GUARDIAN_EMAIL: return _("Guardian’s e-mail");
    case CABINET_CLIENT_EMAIL: return _("E-mail");
    case CABINET_CLIENT_PHONE: return _("Phone");
    case CABINET_CLIENT_ADDRESS: return _("Address");
    case CABINET_CLIENT_CITY: return _("City");
    case CABINET_CLIENT_COUNTRY: return _("Country");
    case CABINET_CLIENT_TIME_ZONE: return _("Time zone");
    case CABINET_CLIENT_LANGUAGE: return _("Language of documents");
    case CABINET_CLIENT_MODALITY: return _("How sessions take place");
    case CABINET_CLIENT_IN_PERSON_NEARBY: return _("In-person care available nearby");
    case CABINET_CLIENT_EMERGENCY_NAME: return _("Emergency contact");
    case CABINET_CLIENT_EMERGENCY_RELATION: return _("Emergency contact’s relationship to the client");
    case CABINET_CLIENT_EMERGENCY_PHONE: return _("Emergency contact’s phone");
    case CABINET_CLIENT_LOCAL_EMERGENCY_NUMBER: return _("Local emergency number");
    case CABINET_CLIENT_REFERRAL_SOURCE: return _("Referred by");
    case CABINET_CLIENT_STATUS: return _("Status");
    case CABINET_CLIENT_ADMIN_NOTE: return _("Administrative note");
    case CABINET_CLIENT_RECEIPT_NAME: return _("On receipts");
    case CABINET_CLIENT_MON_SOUTIEN_PSY: return _("Mon soutien psy");
    case CABINET_CLIENT_N_TEXT_FIELDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* The groups of the record, in its order; -1 ends a group. */
static const int identity_fields[] = {
  CABINET_CLIENT_FIRST_NAME, CABINET_CLIENT_LAST_NAME, CABINET_CLIENT_PSEUDONYM,
  CABINET_CLIENT_BIRTH_DATE, CABINET_CLIENT_GUARDIAN_NAME, CABINET_CLIENT_GUARDIAN_RELATION,
  CABINET_CLIENT_GUARDIAN_PHONE, CABINET_CLIENT_GUARDIAN_EMAIL, -1,
};
static const int contact_fields[] = {
  CABINET_CLIENT_EMAIL, CABINET_CLIENT_PHONE, CABINET_CLIENT_ADDRESS, CABINET_CLIENT_CITY,
  CABINET_CLIENT_COUNTRY, CABINET_CLIENT_TIME_ZONE, CABINET_CLIENT_LANGUAGE, -1,
};
static const int frame_fields[] = {
  CABINET_CLIENT_MODALITY, CABINET_CLIENT_IN_PERSON_NEARBY, -1,
};
static const int safety_fields[] = {
  CABINET_CLIENT_EMERGENCY_NAME, CABINET_CLIENT_EMERGENCY_RELATION, CABINET_CLIENT_EMERGENCY_PHONE,
  CABINET_CLIENT_LOCAL_EMERGENCY_NUMBER, -1,
};
static const int administration_fields[] = {
  CABINET_CLIENT_STATUS, CABINET_CLIENT_REFERRAL_SOURCE, CABINET_CLIENT_ADMIN_NOTE,
  CABINET_CLIENT_RECEIPT_NAME, CABINET_CLIENT_MON_SOUTIEN_PSY, -1,
};

static const char *
value_label (CabinetClientField  field,
             const char         *value)
{
  static const struct {
    CabinetClientField field;
    const char        *value;
    const char        *label;
  } labels[] = {
    { CABINET_CLIENT_LANGUAGE, "fr", N_("French") },
    { CABINET_CLIENT_LANGUAGE, "en", N_("English") },
    { CABINET_CLIENT_MODALITY, "video", N_("Video") },
    { CABINET_CLIENT_MODALITY, "phone", N_("Phone") },
    { CABINET_CLIENT_MODALITY, "chat", N_("Chat") },
    { CABINET_CLIENT_MODALITY, "email", N_("E-mail") },
    { CABINET_CLIENT_MODALITY, "in-person", N_("In person") },
    { CABINET_CLIENT_IN_PERSON_NEARBY, "yes", N_("Yes") },
    { CABINET_CLIENT_IN_PERSON_NEARBY, "no", N_("No") },
    { CABINET_CLIENT_IN_PERSON_NEARBY, "unknown", N_("Not known") },
    { CABINET_CLIENT_STATUS, "active", N_("Active") },
    { CABINET_CLIENT_STATUS, "paused", N_("Paused") },
    { CABINET_CLIENT_STATUS, "closed", N_("Closed") },
    { CABINET_CLIENT_RECEIPT_NAME, "name", N_("Their name") },
    { CABINET_CLIENT_RECEIPT_NAME, "reference", N_("Their reference, not their name") },
    { CABINET_CLIENT_MON_SOUTIEN_PSY, "yes", N_("Yes") },
    { CABINET_CLIENT_MON_SOUTIEN_PSY, "no", N_("No") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (labels[i].field == field && g_strcmp0 (labels[i].value, value) == 0)
      return _(labels[i].label);
  return value;
}

static char *
format_day (const char *iso)
{
  int year, month, day;
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *text = NULL;

  if (sscanf (iso, "%4d-%2d-%2d", &year, &month, &day) != 3
      || (date = g_date_time_new_utc (year, month, day, 0, 0, 0)) == NULL)
    return g_strdup (iso);
  /* Translators: a date, as in "15 March 1985". */
  text = g_date_time_format (date, _("%e %B %Y"));
  return text ? g_strdup (g_strstrip (text)) : g_strdup (iso);
}

static char *
format_moment (GDateTime *when)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *text = NULL;

  if (when == NULL)
    return NULL;
  local = g_date_time_to_local (when);
  /* Translators: a date and time, as in "22 November 2026, 09:30". */
  text = g_date_time_format (local, _("%e %B %Y, %H:%M"));
  return text ? g_strdup (g_strstrip (text)) : NULL;
}

static char *
format_fee (CabinetClient       *client,
            CabinetPractitioner *practitioner)
{
  gint64 fee = cabinet_client_get_fee (client);
  const char *currency = practitioner ? cabinet_practitioner_get_currency (practitioner) : "EUR";

  if (fee < 0)
    return g_strdup (_("The practice’s usual fee"));
  return cabinet_money_format (fee, currency);
}

/* "Label: value", with the lines after the first of a long value indented. */
static void
append_line (GString    *out,
             const char *label,
             const char *value)
{
  g_autoptr(GString) indented = g_string_new (NULL);

  if (value == NULL || *value == '\0')
    value = "—";
  for (const char *p = value; *p; p++)
    {
      g_string_append_c (indented, *p);
      if (*p == '\n')
        g_string_append (indented, "    ");
    }
  g_string_append (out, "  ");
  /* Translators: a label and its value; French puts a no-break space before the colon. */
  g_string_append_printf (out, _("%s: %s"), label, indented->str);
  g_string_append_c (out, '\n');
}

static void
append_heading (GString    *out,
                const char *heading)
{
  glong n = g_utf8_strlen (heading, -1);

  g_string_append_printf (out, "\n%s\n", heading);
  for (glong i = 0; i < n; i++)
    g_string_append (out, "─");
  g_string_append_c (out, '\n');
}

static void
append_group (GString       *out,
              CabinetClient *client,
              const char    *heading,
              const int     *fields)
{
  append_heading (out, heading);
  for (const int *f = fields; *f >= 0; f++)
    {
      const char *value = cabinet_client_get_text (client, *f);
      g_autofree char *day = NULL;

      if (*f == CABINET_CLIENT_BIRTH_DATE && value && *value)
        value = day = format_day (value);
      else
        value = value_label (*f, value);
      append_line (out, cabinet_client_export_field_label (*f), value);
    }
}

static char *
practitioner_line (CabinetPractitioner *practitioner)
{
  static const CabinetPractitionerField parts[] = {
    CABINET_PRACTITIONER_FULL_NAME, CABINET_PRACTITIONER_TITLE, CABINET_PRACTITIONER_ADELI,
    CABINET_PRACTITIONER_RPPS, CABINET_PRACTITIONER_EMAIL, CABINET_PRACTITIONER_PHONE,
  };
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      const char *value = cabinet_practitioner_get_text (practitioner, parts[i]);

      if (value == NULL || *value == '\0')
        continue;
      if (out->len)
        g_string_append (out, ", ");
      /* The registration numbers mean nothing without their name. */
      if (parts[i] == CABINET_PRACTITIONER_ADELI)
        g_string_append_printf (out, "ADELI %s", value);
      else if (parts[i] == CABINET_PRACTITIONER_RPPS)
        g_string_append_printf (out, "RPPS %s", value);
      else
        g_string_append (out, value);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
cabinet_client_export_text (CabinetClient        *client,
                            CabinetPractitioner  *practitioner,
                            GError              **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *fee = NULL;
  g_autofree char *created = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *activity = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (CABINET_IS_CLIENT (client), NULL);
  g_return_val_if_fail (practitioner == NULL || CABINET_IS_PRACTITIONER (practitioner), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = cabinet_client_dup_display_name (client);
  exported = format_moment (now);

  /* Translators: the title of the document; %s is the client's name. */
  g_string_append_printf (out, _("Client data: %s"), name);
  g_string_append_c (out, '\n');
  /* Translators: %s is a date and time. */
  g_string_append_printf (out, _("Exported from Cabinet on %s"), exported);
  g_string_append_c (out, '\n');
  if (practitioner)
    {
      g_autofree char *line = practitioner_line (practitioner);

      if (*line)
        {
          /* Translators: %s is the practitioner's name, title and registration. */
          g_string_append_printf (out, _("Practitioner: %s"), line);
          g_string_append_c (out, '\n');
        }
    }
  g_string_append_c (out, '\n');
  g_string_append (out, _("This document lists everything Cabinet holds about this client, "
                          "as the right of access to personal data requires."));
  g_string_append_c (out, '\n');

  append_group (out, client, _("Identity"), identity_fields);
  append_group (out, client, _("Contact"), contact_fields);
  append_group (out, client, _("Online frame"), frame_fields);
  append_group (out, client, _("Safety"), safety_fields);
  append_group (out, client, _("Administration"), administration_fields);

  fee = format_fee (client, practitioner);
  append_line (out, _("Fee per session"), fee);
  if (cabinet_client_get_id (client) > 0)
    id = g_strdup_printf ("%" G_GINT64_FORMAT, cabinet_client_get_id (client));
  append_line (out, _("Client number"), id);
  created = format_moment (cabinet_client_get_created_at (client));
  append_line (out, _("Record created"), created);
  updated = format_moment (cabinet_client_get_updated_at (client));
  append_line (out, _("Record last changed"), updated);
  activity = format_moment (cabinet_client_get_last_activity (client));
  append_line (out, _("Last activity"), activity);

  g_string_append_c (out, '\n');
  g_string_append (out, _("Consent forms are exported one by one, as the PDF given to the client, from the client’s page. Sessions and payments will be included here once Cabinet keeps them."));
  g_string_append_c (out, '\n');

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
append_json_member (GString    *out,
                    const char *indent,
                    const char *name,
                    const char *value,
                    gboolean    last)
{
  g_string_append (out, indent);
  cabinet_json_append_string (out, name);
  g_string_append (out, ": ");
  cabinet_json_append_string (out, value);
  g_string_append (out, last ? "\n" : ",\n");
}

static char *
iso8601 (GDateTime *when)
{
  g_autoptr(GDateTime) utc = NULL;

  if (when == NULL)
    return NULL;
  utc = g_date_time_to_utc (when);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

char *
cabinet_client_export_json (CabinetClient        *client,
                            CabinetPractitioner  *practitioner,
                            GError              **error)
{
  g_autoptr(GString) out = g_string_new ("{\n");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *exported = iso8601 (now);
  g_autofree char *created = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *activity = NULL;
  gint64 fee;

  g_return_val_if_fail (CABINET_IS_CLIENT (client), NULL);
  g_return_val_if_fail (practitioner == NULL || CABINET_IS_PRACTITIONER (practitioner), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  append_json_member (out, "  ", "format", "cabinet-client-data", FALSE);
  g_string_append (out, "  \"version\": 1,\n");
  append_json_member (out, "  ", "exported_at", exported, FALSE);

  g_string_append (out, "  \"practitioner\": ");
  if (practitioner)
    {
      g_string_append (out, "{\n");
      for (guint i = 0; i < CABINET_PRACTITIONER_N_TEXT_FIELDS; i++)
        append_json_member (out, "    ", cabinet_practitioner_field_name (i),
                            cabinet_practitioner_get_text (practitioner, i), FALSE);
      append_json_member (out, "    ", "currency", cabinet_practitioner_get_currency (practitioner), TRUE);
      g_string_append (out, "  },\n");
    }
  else
    g_string_append (out, "null,\n");

  g_string_append (out, "  \"client\": {\n");
  g_string_append_printf (out, "    \"id\": %" G_GINT64_FORMAT ",\n", cabinet_client_get_id (client));
  for (guint i = 0; i < CABINET_CLIENT_N_TEXT_FIELDS; i++)
    append_json_member (out, "    ", cabinet_client_field_name (i), cabinet_client_get_text (client, i), FALSE);
  /* null: the practice's usual fee applies. */
  fee = cabinet_client_get_fee (client);
  if (fee < 0)
    g_string_append (out, "    \"fee_minor\": null,\n");
  else
    g_string_append_printf (out, "    \"fee_minor\": %" G_GINT64_FORMAT ",\n", fee);
  append_json_member (out, "    ", "currency",
                      practitioner ? cabinet_practitioner_get_currency (practitioner) : "EUR", FALSE);
  created = iso8601 (cabinet_client_get_created_at (client));
  updated = iso8601 (cabinet_client_get_updated_at (client));
  activity = iso8601 (cabinet_client_get_last_activity (client));
  append_json_member (out, "    ", "created_at", created, FALSE);
  append_json_member (out, "    ", "updated_at", updated, FALSE);
  append_json_member (out, "    ", "last_activity", activity, TRUE);
  g_string_append (out, "  },\n");

  /* What the record will hold once Cabinet keeps it, so that a reader knows the
   * absence is not an omission. */
  g_string_append (out, "  \"not_yet_kept\": [\"sessions\", \"payments\"]\n");
  g_string_append (out, "}\n");

  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
cabinet_client_export_file_name (CabinetClient *client,
                                 GDateTime     *when,
                                 const char    *extension)
{
  g_autofree char *name = NULL;
  g_autofree char *date = NULL;
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (CABINET_IS_CLIENT (client), NULL);
  g_return_val_if_fail (extension != NULL, NULL);

  if (when == NULL)
    when = now = g_date_time_new_now_local ();
  date = g_date_time_format (when, "%Y-%m-%d");
  name = cabinet_client_dup_display_name (client);
  /* A name is not a path. */
  g_strdelimit (name, "/\\:*?\"<>|", '-');

  /* Translators: the suggested file name of a client's data; the first %s is
   * the client's name, the second a date such as 2026-11-22, the third the
   * extension ("txt" or "json"). */
  return g_strdup_printf (_("Client data - %s - %s.%s"), name, date, extension);
}
