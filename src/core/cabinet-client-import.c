/* cabinet-client-import.c — a spreadsheet of clients read into a preview: each
 * line a client ready to add, or the reason it is left out. Writes nothing.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <time.h>

#include "cabinet-client-import.h"
#include "cabinet-money.h"
#include "cabinet-validate.h"

G_DEFINE_QUARK (cabinet-client-import-error-quark, cabinet_client_import_error)

/* ── One line of the preview ─────────────────────────────────────────────── */

struct _CabinetClientImportRow
{
  GObject        parent_instance;
  guint          line;
  CabinetClient *client;
  char          *name;
  char          *message;
};

G_DEFINE_FINAL_TYPE (CabinetClientImportRow, cabinet_client_import_row, G_TYPE_OBJECT)

static void
cabinet_client_import_row_finalize (GObject *object)
{
  CabinetClientImportRow *self = CABINET_CLIENT_IMPORT_ROW (object);

  g_clear_object (&self->client);
  g_free (self->name);
  g_free (self->message);

  G_OBJECT_CLASS (cabinet_client_import_row_parent_class)->finalize (object);
}

static void
cabinet_client_import_row_class_init (CabinetClientImportRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cabinet_client_import_row_finalize;
}

static void
cabinet_client_import_row_init (CabinetClientImportRow *self)
{
}

guint
cabinet_client_import_row_get_line (CabinetClientImportRow *self)
{
  g_return_val_if_fail (CABINET_IS_CLIENT_IMPORT_ROW (self), 0);
  return self->line;
}

CabinetClient *
cabinet_client_import_row_get_client (CabinetClientImportRow *self)
{
  g_return_val_if_fail (CABINET_IS_CLIENT_IMPORT_ROW (self), NULL);
  return self->client;
}

const char *
cabinet_client_import_row_get_name (CabinetClientImportRow *self)
{
  g_return_val_if_fail (CABINET_IS_CLIENT_IMPORT_ROW (self), NULL);
  return self->name;
}

const char *
cabinet_client_import_row_get_message (CabinetClientImportRow *self)
{
  g_return_val_if_fail (CABINET_IS_CLIENT_IMPORT_ROW (self), NULL);
  return self->message;
}

/* ── The preview ─────────────────────────────────────────────────────────── */

struct _CabinetClientImport
{
  GObject     parent_instance;
  GListStore *rows;
  guint       n_valid;
  guint       n_invalid;
  GPtrArray  *notes;   /* NULL-terminated */
};

G_DEFINE_FINAL_TYPE (CabinetClientImport, cabinet_client_import, G_TYPE_OBJECT)

static void
cabinet_client_import_finalize (GObject *object)
{
  CabinetClientImport *self = CABINET_CLIENT_IMPORT (object);

  g_clear_object (&self->rows);
  g_clear_pointer (&self->notes, g_ptr_array_unref);

  G_OBJECT_CLASS (cabinet_client_import_parent_class)->finalize (object);
}

static void
cabinet_client_import_class_init (CabinetClientImportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cabinet_client_import_finalize;
}

static void
cabinet_client_import_init (CabinetClientImport *self)
{
  self->rows = g_list_store_new (CABINET_TYPE_CLIENT_IMPORT_ROW);
  self->notes = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->notes, NULL);
}

static void
add_note (CabinetClientImport *self,
          char                *note)
{
  /* Keep the array NULL-terminated. */
  self->notes->pdata[self->notes->len - 1] = note;
  g_ptr_array_add (self->notes, NULL);
}

/* ── Columns ─────────────────────────────────────────────────────────────── */

/* Where a column goes: a text field of the client, or one of these. */
enum {
  TARGET_FEE = CABINET_CLIENT_N_TEXT_FIELDS,
  TARGET_FULL_NAME,          /* "Hélène Martin" */
  TARGET_FULL_NAME_REVERSED, /* "MARTIN Hélène", the French register order */
  TARGET_POSTAL_CODE,        /* put before the city */
  N_TARGETS,
  TARGET_NONE = -1,
};

typedef struct {
  const char *folded;
  int         target;
} Synonym;

/* Column names folded as fold_word() does: lower case, no accents, letters and
 * digits only ("Nom d'usage" is "nomdusage"). */
static const Synonym synonyms[] = {
  { "prenom", CABINET_CLIENT_FIRST_NAME },
  { "firstname", CABINET_CLIENT_FIRST_NAME },
  { "givenname", CABINET_CLIENT_FIRST_NAME },
  { "forename", CABINET_CLIENT_FIRST_NAME },
  { "nom", CABINET_CLIENT_LAST_NAME },
  { "nomdefamille", CABINET_CLIENT_LAST_NAME },
  { "nomdenaissance", CABINET_CLIENT_LAST_NAME },
  { "lastname", CABINET_CLIENT_LAST_NAME },
  { "surname", CABINET_CLIENT_LAST_NAME },
  { "familyname", CABINET_CLIENT_LAST_NAME },
  { "pseudonyme", CABINET_CLIENT_PSEUDONYM },
  { "pseudo", CABINET_CLIENT_PSEUDONYM },
  { "nomdusage", CABINET_CLIENT_PSEUDONYM },
  { "prenomdusage", CABINET_CLIENT_PSEUDONYM },
  { "surnom", CABINET_CLIENT_PSEUDONYM },
  { "preferredname", CABINET_CLIENT_PSEUDONYM },
  { "pseudonym", CABINET_CLIENT_PSEUDONYM },
  { "nickname", CABINET_CLIENT_PSEUDONYM },
  { "datedenaissance", CABINET_CLIENT_BIRTH_DATE },
  { "naissance", CABINET_CLIENT_BIRTH_DATE },
  { "datenaissance", CABINET_CLIENT_BIRTH_DATE },
  { "birthdate", CABINET_CLIENT_BIRTH_DATE },
  { "dateofbirth", CABINET_CLIENT_BIRTH_DATE },
  { "dob", CABINET_CLIENT_BIRTH_DATE },
  { "birthday", CABINET_CLIENT_BIRTH_DATE },
  { "representantlegal", CABINET_CLIENT_GUARDIAN_NAME },
  { "responsablelegal", CABINET_CLIENT_GUARDIAN_NAME },
  { "guardian", CABINET_CLIENT_GUARDIAN_NAME },
  { "legalguardian", CABINET_CLIENT_GUARDIAN_NAME },
  { "email", CABINET_CLIENT_EMAIL },
  { "courriel", CABINET_CLIENT_EMAIL },
  { "mail", CABINET_CLIENT_EMAIL },
  { "adresseemail", CABINET_CLIENT_EMAIL },
  { "adressemail", CABINET_CLIENT_EMAIL },
  { "emailaddress", CABINET_CLIENT_EMAIL },
  { "telephone", CABINET_CLIENT_PHONE },
  { "tel", CABINET_CLIENT_PHONE },
  { "portable", CABINET_CLIENT_PHONE },
  { "telephoneportable", CABINET_CLIENT_PHONE },
  { "phone", CABINET_CLIENT_PHONE },
  { "phonenumber", CABINET_CLIENT_PHONE },
  { "mobile", CABINET_CLIENT_PHONE },
  { "cellphone", CABINET_CLIENT_PHONE },
  { "adresse", CABINET_CLIENT_ADDRESS },
  { "adressepostale", CABINET_CLIENT_ADDRESS },
  { "address", CABINET_CLIENT_ADDRESS },
  { "postaladdress", CABINET_CLIENT_ADDRESS },
  { "streetaddress", CABINET_CLIENT_ADDRESS },
  { "ville", CABINET_CLIENT_CITY },
  { "commune", CABINET_CLIENT_CITY },
  { "city", CABINET_CLIENT_CITY },
  { "town", CABINET_CLIENT_CITY },
  { "codepostal", TARGET_POSTAL_CODE },
  { "cp", TARGET_POSTAL_CODE },
  { "postcode", TARGET_POSTAL_CODE },
  { "postalcode", TARGET_POSTAL_CODE },
  { "zip", TARGET_POSTAL_CODE },
  { "zipcode", TARGET_POSTAL_CODE },
  { "pays", CABINET_CLIENT_COUNTRY },
  { "country", CABINET_CLIENT_COUNTRY },
  { "fuseauhoraire", CABINET_CLIENT_TIME_ZONE },
  { "timezone", CABINET_CLIENT_TIME_ZONE },
  { "langue", CABINET_CLIENT_LANGUAGE },
  { "language", CABINET_CLIENT_LANGUAGE },
  { "modalite", CABINET_CLIENT_MODALITY },
  { "modality", CABINET_CLIENT_MODALITY },
  { "statut", CABINET_CLIENT_STATUS },
  { "status", CABINET_CLIENT_STATUS },
  { "contactdurgence", CABINET_CLIENT_EMERGENCY_NAME },
  { "personneaprevenir", CABINET_CLIENT_EMERGENCY_NAME },
  { "emergencycontact", CABINET_CLIENT_EMERGENCY_NAME },
  { "telephonedurgence", CABINET_CLIENT_EMERGENCY_PHONE },
  { "teldurgence", CABINET_CLIENT_EMERGENCY_PHONE },
  { "emergencyphone", CABINET_CLIENT_EMERGENCY_PHONE },
  { "emergencycontactphone", CABINET_CLIENT_EMERGENCY_PHONE },
  { "source", CABINET_CLIENT_REFERRAL_SOURCE },
  { "adressepar", CABINET_CLIENT_REFERRAL_SOURCE },
  { "orientepar", CABINET_CLIENT_REFERRAL_SOURCE },
  { "referral", CABINET_CLIENT_REFERRAL_SOURCE },
  { "referredby", CABINET_CLIENT_REFERRAL_SOURCE },
  { "referralsource", CABINET_CLIENT_REFERRAL_SOURCE },
  { "tarif", TARGET_FEE },
  { "honoraires", TARGET_FEE },
  { "prix", TARGET_FEE },
  { "fee", TARGET_FEE },
  { "price", TARGET_FEE },
  { "note", CABINET_CLIENT_ADMIN_NOTE },
  { "notes", CABINET_CLIENT_ADMIN_NOTE },
  { "remarque", CABINET_CLIENT_ADMIN_NOTE },
  { "remarques", CABINET_CLIENT_ADMIN_NOTE },
  { "commentaire", CABINET_CLIENT_ADMIN_NOTE },
  { "comment", CABINET_CLIENT_ADMIN_NOTE },
  { "comments", CABINET_CLIENT_ADMIN_NOTE },
  { "nomcomplet", TARGET_FULL_NAME },
  { "fullname", TARGET_FULL_NAME },
  { "name", TARGET_FULL_NAME },
  { "prenomnom", TARGET_FULL_NAME },
  { "prenometnom", TARGET_FULL_NAME },
  { "nomprenom", TARGET_FULL_NAME_REVERSED },
  { "nometprenom", TARGET_FULL_NAME_REVERSED },
};

/* Folded as search folds (case, accents), then only letters and digits kept:
 * "Nom d'usage" is "nomdusage", "E-mail" is "email". */
static char *
fold_word (const char *text)
{
  g_autofree char *folded = cabinet_client_fold (text);
  GString *out = g_string_new (NULL);

  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static int
column_target (const char *header)
{
  g_autofree char *folded = fold_word (header);

  for (guint i = 0; i < G_N_ELEMENTS (synonyms); i++)
    if (strcmp (synonyms[i].folded, folded) == 0)
      return synonyms[i].target;
  return TARGET_NONE;
}

static char *
quoted_list (GPtrArray *names)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    {
      if (i > 0)
        /* Translators: between the items of a list of column names. */
        g_string_append (out, _(", "));
      /* Translators: a column name in quotation marks. */
      g_string_append_printf (out, _("“%s”"), (const char *) g_ptr_array_index (names, i));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ── Values ──────────────────────────────────────────────────────────────── */

static gboolean
parse_number (const char *text,
              gsize       length,
              guint      *value)
{
  guint v = 0;

  if (length == 0 || length > 4)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      v = v * 10 + (text[i] - '0');
    }
  *value = v;
  return TRUE;
}

char *
cabinet_client_import_parse_date (const char  *text,
                                  GDate       *today,
                                  char       **reason)
{
  g_autofree char *clean = NULL;
  g_auto(GStrv) parts = NULL;
  guint a, b, c, year, month, day;
  gsize len_a, len_c;
  GDate now;

  g_return_val_if_fail (text != NULL, NULL);

  clean = cabinet_text_clean (text);
  /* Spreadsheets add a midnight to dates: "15/03/1985 00:00", "1985-03-15T00:00:00". */
  {
    char *cut = strpbrk (clean, " T");

    if (cut)
      {
        gboolean time_only = TRUE;

        for (const char *p = cut + 1; *p; p++)
          if (!g_ascii_isdigit (*p) && *p != ':' && *p != '.')
            time_only = FALSE;
        if (time_only)
          *cut = '\0';
      }
  }

  parts = g_strsplit_set (clean, "-/.", -1);
  if (g_strv_length (parts) != 3
      || !parse_number (parts[0], strlen (parts[0]), &a)
      || !parse_number (parts[1], strlen (parts[1]), &b)
      || !parse_number (parts[2], strlen (parts[2]), &c)
      || strlen (parts[1]) > 2)
    {
      if (reason)
        /* Translators: %s is the date as written in the file. */
        *reason = g_strdup_printf (_("The birth date “%s” cannot be read; write it like 15/03/1985 or 1985-03-15."), clean);
      return NULL;
    }

  len_a = strlen (parts[0]);
  len_c = strlen (parts[2]);
  if (len_a == 4 && len_c <= 2)
    year = a, month = b, day = c;
  else if (len_a <= 2 && len_c == 4)
    year = c, month = b, day = a;
  else
    {
      if (reason)
        {
          if (len_a <= 2 && len_c == 2)
            *reason = g_strdup_printf (_("The birth date “%s” has a two-digit year; write the year in full, like 15/03/1985."), clean);
          else
            *reason = g_strdup_printf (_("The birth date “%s” cannot be read; write it like 15/03/1985 or 1985-03-15."), clean);
        }
      return NULL;
    }

  if (!g_date_valid_dmy (day, month, year))
    {
      if (reason)
        *reason = g_strdup_printf (_("The birth date “%s” does not exist; check the day and the month."), clean);
      return NULL;
    }
  if (year < 1900)
    {
      if (reason)
        *reason = g_strdup_printf (_("The birth date “%s” is before 1900; check the year."), clean);
      return NULL;
    }
  if (today == NULL)
    {
      g_date_clear (&now, 1);
      g_date_set_time_t (&now, time (NULL));
      today = &now;
    }
  {
    GDate date;

    g_date_clear (&date, 1);
    g_date_set_dmy (&date, day, month, year);
    if (g_date_compare (&date, today) > 0)
      {
        if (reason)
          *reason = g_strdup_printf (_("The birth date “%s” is in the future."), clean);
        return NULL;
      }
  }
  return g_strdup_printf ("%04u-%02u-%02u", year, month, day);
}

typedef struct {
  const char *folded;
  const char *value;
} Word;

static const Word languages[] = {
  { "fr", "fr" }, { "fra", "fr" }, { "fre", "fr" }, { "francais", "fr" }, { "french", "fr" },
  { "en", "en" }, { "eng", "en" }, { "anglais", "en" }, { "english", "en" },
};

static const Word statuses[] = {
  { "actif", "active" }, { "active", "active" }, { "encours", "active" },
  { "enpause", "paused" }, { "pause", "paused" }, { "paused", "paused" },
  { "suspendu", "paused" }, { "suspendue", "paused" }, { "onhold", "paused" },
  { "clos", "closed" }, { "close", "closed" }, { "closed", "closed" },
  { "ferme", "closed" }, { "fermee", "closed" }, { "termine", "closed" },
  { "terminee", "closed" }, { "archive", "closed" }, { "archivee", "closed" },
};

static const Word modalities[] = {
  { "video", "video" }, { "visio", "video" }, { "visioconference", "video" },
  { "videoconference", "video" }, { "videocall", "video" },
  { "telephone", "phone" }, { "tel", "phone" }, { "phone", "phone" },
  { "chat", "chat" }, { "tchat", "chat" }, { "messagerie", "chat" }, { "messaging", "chat" },
  { "email", "email" }, { "mail", "email" }, { "courriel", "email" },
  { "presentiel", "in-person" }, { "enpresentiel", "in-person" }, { "inperson", "in-person" },
  { "enpersonne", "in-person" }, { "cabinet", "in-person" },
};

static const char *
find_word (const Word *words,
           guint       n_words,
           const char *text)
{
  g_autofree char *folded = fold_word (text);

  for (guint i = 0; i < n_words; i++)
    if (strcmp (words[i].folded, folded) == 0)
      return words[i].value;
  return NULL;
}

/* "MARTIN Hélène", "Hélène Martin", "Martin, Hélène" into first and last. */
static void
split_full_name (const char  *full,
                 gboolean     reversed,
                 char       **first,
                 char       **last)
{
  const char *comma = strchr (full, ',');
  const char *space;

  if (comma)
    {
      *last = g_strstrip (g_strndup (full, comma - full));
      *first = g_strstrip (g_strdup (comma + 1));
      return;
    }
  space = reversed ? strchr (full, ' ') : strrchr (full, ' ');
  if (space == NULL)
    {
      *last = g_strdup (full);
      *first = g_strdup ("");
    }
  else if (reversed)
    {
      *last = g_strstrip (g_strndup (full, space - full));
      *first = g_strstrip (g_strdup (space + 1));
    }
  else
    {
      *first = g_strstrip (g_strndup (full, space - full));
      *last = g_strstrip (g_strdup (space + 1));
    }
}

static void
add_problem (GString    *problems,
             const char *message)
{
  if (problems->len)
    g_string_append_c (problems, ' ');
  g_string_append (problems, message);
}

/* ── Reading the rows ────────────────────────────────────────────────────── */

typedef struct {
  CabinetCsv  *csv;
  guint        n_columns;
  int         *targets;            /* by column */
  const char  *currency;
  const char  *time_zone;
  GDate       *today;
  GHashTable  *seen_names;         /* folded name → first line */
} Reader;

static const char *
cell (Reader *reader,
      guint   row,
      int     target)
{
  for (guint col = 0; col < reader->n_columns; col++)
    if (reader->targets[col] == target)
      {
        const char *value = cabinet_csv_get_field (reader->csv, row, col);
        return value ? value : "";
      }
  return NULL;
}

/* The name as written, for the preview of a line that is left out. */
static char *
written_name (Reader *reader,
              guint   row)
{
  g_autofree char *first = cabinet_text_clean (cell (reader, row, CABINET_CLIENT_FIRST_NAME));
  g_autofree char *last = cabinet_text_clean (cell (reader, row, CABINET_CLIENT_LAST_NAME));
  g_autofree char *pseudonym = cabinet_text_clean (cell (reader, row, CABINET_CLIENT_PSEUDONYM));
  g_autofree char *full = NULL;
  g_autoptr(GString) name = NULL;

  if (*first == '\0' && *last == '\0')
    {
      full = cabinet_text_clean (cell (reader, row, TARGET_FULL_NAME));
      if (*full == '\0')
        {
          g_free (full);
          full = cabinet_text_clean (cell (reader, row, TARGET_FULL_NAME_REVERSED));
        }
    }

  name = g_string_new (full ? full : first);
  if (*last)
    {
      if (name->len)
        g_string_append_c (name, ' ');
      g_string_append (name, last);
    }
  if (*pseudonym)
    {
      if (name->len)
        g_string_append_printf (name, " (%s)", pseudonym);
      else
        g_string_append (name, pseudonym);
    }
  return g_string_free (g_steal_pointer (&name), FALSE);
}

/* The problems cabinet_client_validate() found, in the order of the record. */
static char *
issues_text (CabinetIssues *issues)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GHashTable) done = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GList) keys = NULL;

  for (guint f = 0; f <= CABINET_CLIENT_N_TEXT_FIELDS; f++)
    {
      const char *name = f < CABINET_CLIENT_N_TEXT_FIELDS ? cabinet_client_field_name (f) : CABINET_CLIENT_FEE;
      const char *message = name ? g_hash_table_lookup (issues, name) : NULL;

      if (message)
        {
          add_problem (out, message);
          g_hash_table_add (done, (gpointer) name);
        }
    }
  keys = g_list_sort (g_hash_table_get_keys (issues), (GCompareFunc) strcmp);
  for (GList *l = keys; l; l = l->next)
    if (!g_hash_table_contains (done, l->data))
      add_problem (out, g_hash_table_lookup (issues, l->data));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
extra_cells_blank (Reader *reader,
                   guint   row)
{
  guint n_fields = cabinet_csv_get_n_fields (reader->csv, row);

  /* Trailing separators, as some spreadsheets write, add nothing. */
  for (guint col = reader->n_columns; col < n_fields; col++)
    for (const char *p = cabinet_csv_get_field (reader->csv, row, col); *p; p++)
      if (!g_ascii_isspace (*p))
        return FALSE;
  return TRUE;
}

static char *
count_message (guint n_fields,
               guint n_columns)
{
  /* Translators: the first %u is the number of cells on a line, the second the
   * number of columns on the first line. */
  g_autofree char *counts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "This line has %u cell instead of %u.",
                                                          "This line has %u cells instead of %u.",
                                                          n_fields),
                                             n_fields, n_columns);

  if (n_fields < n_columns)
    return g_strdup_printf ("%s %s", counts, _("A separator may be missing, or the line may have been cut in two."));
  return g_strdup_printf ("%s %s", counts, _("A value may contain the separator without quotation marks around it."));
}

static void
read_value (Reader        *reader,
            CabinetClient *client,
            int            target,
            const char    *value,
            GString       *problems)
{
  g_autofree char *message = NULL;
  const char *word;

  switch (target)
    {
    case CABINET_CLIENT_BIRTH_DATE:
      {
        g_autofree char *iso = cabinet_client_import_parse_date (value, reader->today, &message);

        if (iso)
          cabinet_client_set_text (client, target, iso);
        else
          add_problem (problems, message);
      }
      break;

    case CABINET_CLIENT_EMAIL:
      if (cabinet_validate_email (value))
        cabinet_client_set_text (client, target, value);
      else
        {
          /* Translators: %s is an e-mail address as written in the file. */
          message = g_strdup_printf (_("The e-mail address “%s” looks incomplete; it should look like name@example.fr."), value);
          add_problem (problems, message);
        }
      break;

    case CABINET_CLIENT_PHONE:
    case CABINET_CLIENT_EMERGENCY_PHONE:
      if (cabinet_validate_phone (value))
        cabinet_client_set_text (client, target, value);
      else
        {
          if (target == CABINET_CLIENT_PHONE)
            /* Translators: %s is a phone number as written in the file. */
            message = g_strdup_printf (_("The phone number “%s” does not look complete; write it like +33 6 12 34 56 78."), value);
          else
            message = g_strdup_printf (_("The emergency phone number “%s” does not look complete; write it like +33 6 12 34 56 78."), value);
          add_problem (problems, message);
        }
      break;

    case CABINET_CLIENT_LANGUAGE:
      if ((word = find_word (languages, G_N_ELEMENTS (languages), value)))
        cabinet_client_set_text (client, target, word);
      else
        {
          message = g_strdup_printf (_("The language “%s” is not one Cabinet writes documents in; write French or English."), value);
          add_problem (problems, message);
        }
      break;

    case CABINET_CLIENT_STATUS:
      if ((word = find_word (statuses, G_N_ELEMENTS (statuses), value)))
        cabinet_client_set_text (client, target, word);
      else
        {
          message = g_strdup_printf (_("The status “%s” is not one Cabinet knows; write active, paused or closed."), value);
          add_problem (problems, message);
        }
      break;

    case CABINET_CLIENT_MODALITY:
      if ((word = find_word (modalities, G_N_ELEMENTS (modalities), value)))
        cabinet_client_set_text (client, target, word);
      else
        {
          message = g_strdup_printf (_("The modality “%s” is not one Cabinet knows; write video, phone, chat, e-mail or in person."), value);
          add_problem (problems, message);
        }
      break;

    case TARGET_FEE:
      {
        g_autoptr(GError) error = NULL;
        gint64 minor = 0;

        if (cabinet_money_parse (value, reader->currency, &minor, &error))
          cabinet_client_set_fee (client, minor);
        else
          {
            /* Translators: %s are the fee as written in the file, then why it
             * cannot be read. */
            message = g_strdup_printf (_("The fee “%s” cannot be read: %s"), value, error->message);
            add_problem (problems, message);
          }
      }
      break;

    default:
      g_assert (target >= 0 && target < CABINET_CLIENT_N_TEXT_FIELDS);
      cabinet_client_set_text (client, target, value);
    }
}

static CabinetClientImportRow *
read_row (Reader *reader,
          guint   row)
{
  g_autoptr(CabinetClientImportRow) result = g_object_new (CABINET_TYPE_CLIENT_IMPORT_ROW, NULL);
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(CabinetClient) client = NULL;
  g_autoptr(GHashTable) issues = NULL;
  g_autofree char *full = NULL;
  g_autofree char *postal = NULL;
  g_autofree char *key = NULL;
  gboolean reversed = FALSE;
  guint n_fields = cabinet_csv_get_n_fields (reader->csv, row);
  gpointer seen_line;

  result->line = cabinet_csv_get_line (reader->csv, row);
  result->name = written_name (reader, row);

  if (n_fields < reader->n_columns
      || (n_fields > reader->n_columns && !extra_cells_blank (reader, row)))
    {
      result->message = count_message (n_fields, reader->n_columns);
      return g_steal_pointer (&result);
    }

  client = cabinet_client_new (reader->time_zone);
  for (guint col = 0; col < reader->n_columns; col++)
    {
      int target = reader->targets[col];
      g_autofree char *value = NULL;

      if (target == TARGET_NONE)
        continue;
      value = cabinet_text_clean (cabinet_csv_get_field (reader->csv, row, col));
      if (*value == '\0')
        continue;

      if (target == TARGET_FULL_NAME || target == TARGET_FULL_NAME_REVERSED)
        {
          if (full == NULL)
            {
              full = g_steal_pointer (&value);
              reversed = target == TARGET_FULL_NAME_REVERSED;
            }
        }
      else if (target == TARGET_POSTAL_CODE)
        postal = g_steal_pointer (&value);
      else
        read_value (reader, client, target, value, problems);
    }

  if (full
      && *cabinet_client_get_text (client, CABINET_CLIENT_FIRST_NAME) == '\0'
      && *cabinet_client_get_text (client, CABINET_CLIENT_LAST_NAME) == '\0')
    {
      g_autofree char *first = NULL;
      g_autofree char *last = NULL;

      split_full_name (full, reversed, &first, &last);
      cabinet_client_set_text (client, CABINET_CLIENT_FIRST_NAME, first);
      cabinet_client_set_text (client, CABINET_CLIENT_LAST_NAME, last);
    }
  if (postal)
    {
      /* The French way: "75011 Paris". */
      const char *city = cabinet_client_get_text (client, CABINET_CLIENT_CITY);
      g_autofree char *with_code = *city ? g_strdup_printf ("%s %s", postal, city) : g_strdup (postal);

      cabinet_client_set_text (client, CABINET_CLIENT_CITY, with_code);
    }

  if (problems->len)
    {
      result->message = g_string_free (g_steal_pointer (&problems), FALSE);
      return g_steal_pointer (&result);
    }
  issues = cabinet_client_validate (client, reader->today);
  if (issues)
    {
      result->message = issues_text (issues);
      return g_steal_pointer (&result);
    }

  g_free (result->name);
  result->name = cabinet_client_dup_display_name (client);

  /* Things to look at later, that do not keep the client out. */
  {
    g_autofree char *first = fold_word (cabinet_client_get_text (client, CABINET_CLIENT_FIRST_NAME));
    g_autofree char *last = fold_word (cabinet_client_get_text (client, CABINET_CLIENT_LAST_NAME));

    key = g_strdup_printf ("%s|%s", first, last);
  }
  if (g_hash_table_lookup_extended (reader->seen_names, key, NULL, &seen_line))
    /* Translators: %u is a line number. */
    result->message = g_strdup_printf (_("Same name as on line %u; both will be added."),
                                       GPOINTER_TO_UINT (seen_line));
  else
    g_hash_table_insert (reader->seen_names, g_steal_pointer (&key), GUINT_TO_POINTER (result->line));
  if (result->message == NULL && cabinet_client_needs_guardian (client, reader->today))
    result->message = g_strdup (_("Under 18, with no guardian recorded: add one once the client is in Cabinet."));

  result->client = g_steal_pointer (&client);
  return g_steal_pointer (&result);
}

CabinetClientImport *
cabinet_client_import_new (CabinetCsv   *csv,
                           const char   *currency,
                           const char   *default_time_zone,
                           GDate        *today,
                           GError      **error)
{
  g_autoptr(CabinetClientImport) self = NULL;
  g_autoptr(GPtrArray) unknown = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) repeated = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree int *targets = NULL;
  gboolean used[N_TARGETS] = { FALSE, };
  guint n_rows, n_columns;
  GDate now;
  Reader reader;

  g_return_val_if_fail (csv != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n_rows = cabinet_csv_get_n_rows (csv);
  n_columns = n_rows ? cabinet_csv_get_n_fields (csv, 0) : 0;
  targets = g_new (int, MAX (n_columns, 1));

  for (guint col = 0; col < n_columns; col++)
    {
      g_autofree char *header = cabinet_text_clean (cabinet_csv_get_field (csv, 0, col));
      int target;

      targets[col] = TARGET_NONE;
      if (*header == '\0')
        continue;
      target = column_target (header);
      if (target == TARGET_NONE)
        g_ptr_array_add (unknown, g_steal_pointer (&header));
      else if (used[target])
        g_ptr_array_add (repeated, g_steal_pointer (&header));
      else
        {
          used[target] = TRUE;
          targets[col] = target;
        }
    }

  if (!used[CABINET_CLIENT_FIRST_NAME] && !used[CABINET_CLIENT_LAST_NAME]
      && !used[CABINET_CLIENT_PSEUDONYM]
      && !used[TARGET_FULL_NAME] && !used[TARGET_FULL_NAME_REVERSED])
    {
      g_set_error_literal (error, CABINET_CLIENT_IMPORT_ERROR, CABINET_CLIENT_IMPORT_ERROR_NO_NAME_COLUMN,
                           _("Cabinet found no column of names in this file. Its first line must name the columns, "
                             "with at least “Last name” or “First name” (in French, “Nom” or “Prénom”)."));
      return NULL;
    }
  if (n_rows < 2)
    {
      g_set_error_literal (error, CABINET_CLIENT_IMPORT_ERROR, CABINET_CLIENT_IMPORT_ERROR_NO_CLIENTS,
                           _("This file has the names of the columns, but no clients below them."));
      return NULL;
    }

  if (today == NULL)
    {
      g_date_clear (&now, 1);
      g_date_set_time_t (&now, time (NULL));
      today = &now;
    }

  self = g_object_new (CABINET_TYPE_CLIENT_IMPORT, NULL);

  if (g_strcmp0 (cabinet_csv_get_encoding (csv), "WINDOWS-1252") == 0)
    add_note (self, g_strdup (_("This file uses the older Windows encoding, as Excel does in France; Cabinet converted it. "
                                "Check that accented letters look right.")));
  if (unknown->len)
    {
      g_autofree char *list = quoted_list (unknown);

      /* Translators: %s is a list of column names. */
      add_note (self, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    "Cabinet does not know this column and leaves it out: %s.",
                                                    "Cabinet does not know these columns and leaves them out: %s.",
                                                    unknown->len),
                                       list));
    }
  if (repeated->len)
    {
      g_autofree char *list = quoted_list (repeated);

      /* Translators: %s is a list of column names. */
      add_note (self, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    "This column repeats an earlier one and is left out: %s.",
                                                    "These columns repeat earlier ones and are left out: %s.",
                                                    repeated->len),
                                       list));
    }

  reader.csv = csv;
  reader.n_columns = n_columns;
  reader.targets = targets;
  reader.currency = currency ? currency : "EUR";
  reader.time_zone = default_time_zone;
  reader.today = today;
  reader.seen_names = seen_names;

  for (guint row = 1; row < n_rows; row++)
    {
      g_autoptr(CabinetClientImportRow) item = read_row (&reader, row);

      if (item->client)
        self->n_valid++;
      else
        self->n_invalid++;
      g_list_store_append (self->rows, item);
    }

  return g_steal_pointer (&self);
}

CabinetClientImport *
cabinet_client_import_new_from_data (const char  *data,
                                     gsize        length,
                                     const char  *currency,
                                     const char  *default_time_zone,
                                     GDate       *today,
                                     GError     **error)
{
  g_autoptr(CabinetCsv) csv = cabinet_csv_parse (data, length, error);

  if (csv == NULL)
    return NULL;
  return cabinet_client_import_new (csv, currency, default_time_zone, today, error);
}

GListModel *
cabinet_client_import_get_rows (CabinetClientImport *self)
{
  g_return_val_if_fail (CABINET_IS_CLIENT_IMPORT (self), NULL);
  return G_LIST_MODEL (self->rows);
}

guint
cabinet_client_import_get_n_valid (CabinetClientImport *self)
{
  g_return_val_if_fail (CABINET_IS_CLIENT_IMPORT (self), 0);
  return self->n_valid;
}

guint
cabinet_client_import_get_n_invalid (CabinetClientImport *self)
{
  g_return_val_if_fail (CABINET_IS_CLIENT_IMPORT (self), 0);
  return self->n_invalid;
}

GPtrArray *
cabinet_client_import_dup_clients (CabinetClientImport *self)
{
  GPtrArray *clients;
  guint n;

  g_return_val_if_fail (CABINET_IS_CLIENT_IMPORT (self), NULL);

  clients = g_ptr_array_new_full (self->n_valid, g_object_unref);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CabinetClientImportRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);

      if (row->client)
        g_ptr_array_add (clients, g_object_ref (row->client));
    }
  return clients;
}

const char * const *
cabinet_client_import_get_notes (CabinetClientImport *self)
{
  g_return_val_if_fail (CABINET_IS_CLIENT_IMPORT (self), NULL);
  return (const char * const *) self->notes->pdata;
}
