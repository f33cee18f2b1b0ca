/* cabinet-practitioner.c — the therapist's profile, printed on every document
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cabinet-audit.h"
#include "cabinet-money.h"
#include "cabinet-practitioner.h"

struct _CabinetPractitioner
{
  GObject               parent_instance;
  char                 *text[CABINET_PRACTITIONER_N_TEXT_FIELDS];
  gint64                fee_minor;
  char                 *currency;
  CabinetPaymentMethods payment_methods;
};

G_DEFINE_TYPE (CabinetPractitioner, cabinet_practitioner, G_TYPE_OBJECT)
G_DEFINE_QUARK (cabinet-practitioner-error-quark, cabinet_practitioner_error)

/* The column of each text field; also its property name with '-' for '_'. */
static const char *field_columns[CABINET_PRACTITIONER_N_TEXT_FIELDS] = {
  "full_name", "title", "adeli", "rpps", "address", "phone", "email", "website",
  "video_platform", "video_link", "session_phone", "chat_service", "session_email",
  "fallback_procedure", "fallback_phone", "emergency_resources",
};

enum {
  PROP_0,
  PROP_FEE = CABINET_PRACTITIONER_N_TEXT_FIELDS + 1,
  PROP_CURRENCY,
  PROP_PAYMENT_METHODS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
cabinet_practitioner_field_name (CabinetPractitionerField field)
{
  g_return_val_if_fail (field < CABINET_PRACTITIONER_N_TEXT_FIELDS, NULL);
  return field_columns[field];
}

static void
cabinet_practitioner_finalize (GObject *object)
{
  CabinetPractitioner *self = CABINET_PRACTITIONER (object);

  for (guint i = 0; i < CABINET_PRACTITIONER_N_TEXT_FIELDS; i++)
    g_free (self->text[i]);
  g_free (self->currency);

  G_OBJECT_CLASS (cabinet_practitioner_parent_class)->finalize (object);
}

static void
cabinet_practitioner_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CabinetPractitioner *self = CABINET_PRACTITIONER (object);

  if (prop_id >= 1 && prop_id <= CABINET_PRACTITIONER_N_TEXT_FIELDS)
    {
      g_value_set_string (value, self->text[prop_id - 1]);
      return;
    }
  switch (prop_id)
    {
    case PROP_FEE:
      g_value_set_int64 (value, self->fee_minor);
      break;
    case PROP_CURRENCY:
      g_value_set_string (value, self->currency);
      break;
    case PROP_PAYMENT_METHODS:
      g_value_set_uint (value, self->payment_methods);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cabinet_practitioner_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  CabinetPractitioner *self = CABINET_PRACTITIONER (object);

  if (prop_id >= 1 && prop_id <= CABINET_PRACTITIONER_N_TEXT_FIELDS)
    {
      cabinet_practitioner_set_text (self, prop_id - 1, g_value_get_string (value));
      return;
    }
  switch (prop_id)
    {
    case PROP_FEE:
      cabinet_practitioner_set_fee (self, g_value_get_int64 (value));
      break;
    case PROP_CURRENCY:
      cabinet_practitioner_set_currency (self, g_value_get_string (value));
      break;
    case PROP_PAYMENT_METHODS:
      cabinet_practitioner_set_payment_methods (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cabinet_practitioner_class_init (CabinetPractitionerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cabinet_practitioner_finalize;
  object_class->get_property = cabinet_practitioner_get_property;
  object_class->set_property = cabinet_practitioner_set_property;

  for (guint i = 0; i < CABINET_PRACTITIONER_N_TEXT_FIELDS; i++)
    {
      g_autofree char *name = g_strdelimit (g_strdup (field_columns[i]), "_", '-');

      /* Property names must be static strings, hence g_intern_string(). */
      properties[i + 1] = g_param_spec_string (g_intern_string (name), NULL, NULL, "",
                                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                               | G_PARAM_STATIC_STRINGS);
    }
  properties[PROP_FEE] =
    g_param_spec_int64 ("fee", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENCY] =
    g_param_spec_string ("currency", NULL, NULL, "EUR",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAYMENT_METHODS] =
    g_param_spec_uint ("payment-methods", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cabinet_practitioner_init (CabinetPractitioner *self)
{
  for (guint i = 0; i < CABINET_PRACTITIONER_N_TEXT_FIELDS; i++)
    self->text[i] = g_strdup ("");
  self->currency = g_strdup ("EUR");
}

CabinetPractitioner *
cabinet_practitioner_new (void)
{
  return g_object_new (CABINET_TYPE_PRACTITIONER, NULL);
}

CabinetPractitioner *
cabinet_practitioner_copy (CabinetPractitioner *self)
{
  CabinetPractitioner *copy;

  g_return_val_if_fail (CABINET_IS_PRACTITIONER (self), NULL);

  copy = cabinet_practitioner_new ();
  for (guint i = 0; i < CABINET_PRACTITIONER_N_TEXT_FIELDS; i++)
    cabinet_practitioner_set_text (copy, i, self->text[i]);
  copy->fee_minor = self->fee_minor;
  cabinet_practitioner_set_currency (copy, self->currency);
  copy->payment_methods = self->payment_methods;
  return copy;
}

/* A new profile, prefilled for a practice in France. */
CabinetPractitioner *
cabinet_practitioner_new_with_defaults (void)
{
  CabinetPractitioner *self = cabinet_practitioner_new ();

  cabinet_practitioner_set_payment_methods (self, CABINET_PAYMENT_TRANSFER | CABINET_PAYMENT_CARD);
  cabinet_practitioner_set_text (self, CABINET_PRACTITIONER_FALLBACK_PROCEDURE,
                                 _("If the connection breaks, I call you within five minutes on the phone number you gave me. If we cannot reconnect, we finish the session by phone or arrange another at no extra cost."));
  cabinet_practitioner_set_text (self, CABINET_PRACTITIONER_EMERGENCY_RESOURCES,
                                 _("15: SAMU, medical emergencies\n"
                                   "112: European emergency number\n"
                                   "3114: national suicide prevention line, free, 24 hours a day"));
  return self;
}

const char *
cabinet_practitioner_get_text (CabinetPractitioner      *self,
                               CabinetPractitionerField  field)
{
  g_return_val_if_fail (CABINET_IS_PRACTITIONER (self), NULL);
  g_return_val_if_fail (field < CABINET_PRACTITIONER_N_TEXT_FIELDS, NULL);
  return self->text[field];
}

void
cabinet_practitioner_set_text (CabinetPractitioner      *self,
                               CabinetPractitionerField  field,
                               const char               *value)
{
  g_autofree char *clean = NULL;

  g_return_if_fail (CABINET_IS_PRACTITIONER (self));
  g_return_if_fail (field < CABINET_PRACTITIONER_N_TEXT_FIELDS);

  clean = cabinet_text_clean (value);
  if (g_strcmp0 (clean, self->text[field]) == 0)
    return;
  g_free (self->text[field]);
  self->text[field] = g_steal_pointer (&clean);
  g_object_notify_by_pspec (G_OBJECT (self), properties[field + 1]);
}

gint64
cabinet_practitioner_get_fee (CabinetPractitioner *self)
{
  g_return_val_if_fail (CABINET_IS_PRACTITIONER (self), 0);
  return self->fee_minor;
}

void
cabinet_practitioner_set_fee (CabinetPractitioner *self,
                              gint64               minor)
{
  g_return_if_fail (CABINET_IS_PRACTITIONER (self));

  if (self->fee_minor == minor)
    return;
  self->fee_minor = minor;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FEE]);
}

const char *
cabinet_practitioner_get_currency (CabinetPractitioner *self)
{
  g_return_val_if_fail (CABINET_IS_PRACTITIONER (self), NULL);
  return self->currency;
}

void
cabinet_practitioner_set_currency (CabinetPractitioner *self,
                                   const char          *code)
{
  g_return_if_fail (CABINET_IS_PRACTITIONER (self));

  if (cabinet_set_string (&self->currency, code ? code : ""))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENCY]);
}

CabinetPaymentMethods
cabinet_practitioner_get_payment_methods (CabinetPractitioner *self)
{
  g_return_val_if_fail (CABINET_IS_PRACTITIONER (self), 0);
  return self->payment_methods;
}

void
cabinet_practitioner_set_payment_methods (CabinetPractitioner   *self,
                                          CabinetPaymentMethods  methods)
{
  g_return_if_fail (CABINET_IS_PRACTITIONER (self));

  if (self->payment_methods == methods)
    return;
  self->payment_methods = methods;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAYMENT_METHODS]);
}

#define TEXT(f) (self->text[CABINET_PRACTITIONER_##f])
#define NAME(f) field_columns[CABINET_PRACTITIONER_##f]

/* Returns NULL when the profile can be saved, otherwise what to fix, by field. */
CabinetIssues *
cabinet_practitioner_validate (CabinetPractitioner *self)
{
  g_autoptr(GHashTable) issues = cabinet_issues_new ();
  g_autofree char *url_message = NULL;

  g_return_val_if_fail (CABINET_IS_PRACTITIONER (self), NULL);

  if (*TEXT (FULL_NAME) == '\0')
    cabinet_issues_add (issues, NAME (FULL_NAME), _("Enter your name as it appears on your professional registration."));
  if (*TEXT (TITLE) == '\0')
    cabinet_issues_add (issues, NAME (TITLE), _("Enter your professional title, for example “Clinical psychologist”."));
  if (*TEXT (ADELI) && !cabinet_validate_digits (TEXT (ADELI), 9))
    cabinet_issues_add (issues, NAME (ADELI), _("An ADELI number has 9 digits."));
  if (*TEXT (RPPS) && !cabinet_validate_digits (TEXT (RPPS), 11))
    cabinet_issues_add (issues, NAME (RPPS), _("An RPPS number has 11 digits."));
  if (*TEXT (PHONE) && !cabinet_validate_phone (TEXT (PHONE)))
    cabinet_issues_add (issues, NAME (PHONE), _("Enter a phone number with its digits, for example +33 6 12 34 56 78."));
  if (*TEXT (EMAIL) == '\0')
    cabinet_issues_add (issues, NAME (EMAIL), _("Enter the e-mail address your clients can write to."));
  else if (!cabinet_validate_email (TEXT (EMAIL)))
    cabinet_issues_add (issues, NAME (EMAIL), _("This e-mail address looks incomplete; it should look like name@example.fr."));
  if (*TEXT (WEBSITE) && !cabinet_validate_https_url (TEXT (WEBSITE), &url_message))
    cabinet_issues_add (issues, NAME (WEBSITE), url_message);
  g_clear_pointer (&url_message, g_free);

  if (self->fee_minor <= 0)
    cabinet_issues_add (issues, CABINET_PRACTITIONER_FEE, _("Enter your usual fee for one session."));
  if (!cabinet_currency_is_known (self->currency))
    cabinet_issues_add (issues, CABINET_PRACTITIONER_CURRENCY, _("Choose the currency you are paid in."));
  if (self->payment_methods == 0)
    cabinet_issues_add (issues, CABINET_PRACTITIONER_PAYMENT_METHODS, _("Choose at least one way your clients can pay."));

  if (*TEXT (VIDEO_LINK) == '\0' && *TEXT (SESSION_PHONE) == '\0'
      && *TEXT (CHAT_SERVICE) == '\0' && *TEXT (SESSION_EMAIL) == '\0')
    cabinet_issues_add (issues, CABINET_PRACTITIONER_DEVICES, _("Fill in at least one way you meet your clients: video, phone, chat or e-mail."));
  if (*TEXT (VIDEO_PLATFORM) && *TEXT (VIDEO_LINK) == '\0')
    cabinet_issues_add (issues, NAME (VIDEO_LINK), _("Add the link of your video room."));
  if (*TEXT (VIDEO_LINK) && !cabinet_validate_https_url (TEXT (VIDEO_LINK), &url_message))
    cabinet_issues_add (issues, NAME (VIDEO_LINK), url_message);
  if (*TEXT (VIDEO_LINK) && *TEXT (VIDEO_PLATFORM) == '\0')
    cabinet_issues_add (issues, NAME (VIDEO_PLATFORM), _("Name the video service, for example Jitsi or Whereby."));
  if (*TEXT (SESSION_PHONE) && !cabinet_validate_phone (TEXT (SESSION_PHONE)))
    cabinet_issues_add (issues, NAME (SESSION_PHONE), _("Enter a phone number with its digits, for example +33 6 12 34 56 78."));
  if (*TEXT (SESSION_EMAIL) && !cabinet_validate_email (TEXT (SESSION_EMAIL)))
    cabinet_issues_add (issues, NAME (SESSION_EMAIL), _("This e-mail address looks incomplete; it should look like name@example.fr."));

  if (*TEXT (FALLBACK_PROCEDURE) == '\0')
    cabinet_issues_add (issues, NAME (FALLBACK_PROCEDURE), _("Say what happens when the connection breaks during a session."));
  if (*TEXT (FALLBACK_PHONE) && !cabinet_validate_phone (TEXT (FALLBACK_PHONE)))
    cabinet_issues_add (issues, NAME (FALLBACK_PHONE), _("Enter a phone number with its digits, for example +33 6 12 34 56 78."));
  if (*TEXT (EMERGENCY_RESOURCES) == '\0')
    cabinet_issues_add (issues, NAME (EMERGENCY_RESOURCES), _("List the emergency numbers your clients can call, for example 15, 112 and 3114 in France."));

  if (g_hash_table_size (issues) == 0)
    return NULL;
  return g_steal_pointer (&issues);
}

CabinetPractitioner *
cabinet_practitioner_load (CabinetDatabase  *database,
                           GError          **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT fee_minor, currency, payment_methods");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(CabinetPractitioner) self = NULL;
  gboolean has_row;

  g_return_val_if_fail (CABINET_IS_DATABASE (database), NULL);

  for (guint i = 0; i < CABINET_PRACTITIONER_N_TEXT_FIELDS; i++)
    g_string_append_printf (sql, ", %s", field_columns[i]);
  g_string_append (sql, " FROM practitioner WHERE id = 1");

  stmt = cabinet_database_prepare (database, sql->str, error);
  if (stmt == NULL || !cabinet_database_step (database, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    return NULL;

  self = cabinet_practitioner_new ();
  self->fee_minor = sqlite3_column_int64 (stmt, 0);
  cabinet_set_string (&self->currency, (const char *) sqlite3_column_text (stmt, 1));
  self->payment_methods = cabinet_payment_methods_parse ((const char *) sqlite3_column_text (stmt, 2));
  for (guint i = 0; i < CABINET_PRACTITIONER_N_TEXT_FIELDS; i++)
    cabinet_set_string (&self->text[i], (const char *) sqlite3_column_text (stmt, 3 + i));

  return g_steal_pointer (&self);
}

gboolean
cabinet_practitioner_save (CabinetPractitioner  *self,
                           CabinetDatabase      *database,
                           GError              **error)
{
  g_autoptr(GHashTable) issues = NULL;
  g_autoptr(GString) sql = g_string_new ("INSERT OR REPLACE INTO practitioner (id, created_at, updated_at, fee_minor, currency, payment_methods");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *methods = NULL;
  int col = 1;

  g_return_val_if_fail (CABINET_IS_PRACTITIONER (self), FALSE);
  g_return_val_if_fail (CABINET_IS_DATABASE (database), FALSE);

  /* Nothing invalid is ever written: the form shows each issue beside its field,
   * this is the last line of defence. */
  issues = cabinet_practitioner_validate (self);
  if (issues)
    {
      GHashTableIter iter;
      gpointer message;

      g_hash_table_iter_init (&iter, issues);
      g_hash_table_iter_next (&iter, NULL, &message);
      g_set_error_literal (error, CABINET_PRACTITIONER_ERROR, CABINET_PRACTITIONER_ERROR_INVALID,
                           message);
      return FALSE;
    }

  for (guint i = 0; i < CABINET_PRACTITIONER_N_TEXT_FIELDS; i++)
    g_string_append_printf (sql, ", %s", field_columns[i]);
  g_string_append (sql, ") VALUES (1, COALESCE ((SELECT created_at FROM practitioner WHERE id = 1), strftime ('%Y-%m-%dT%H:%M:%SZ', 'now')), strftime ('%Y-%m-%dT%H:%M:%SZ', 'now'), ?, ?, ?");
  for (guint i = 0; i < CABINET_PRACTITIONER_N_TEXT_FIELDS; i++)
    g_string_append (sql, ", ?");
  g_string_append (sql, ")");

  if (!cabinet_database_begin (database, error))
    return FALSE;

  stmt = cabinet_database_prepare (database, sql->str, error);
  if (stmt == NULL)
    goto fail;

  methods = cabinet_payment_methods_to_string (self->payment_methods);
  sqlite3_bind_int64 (stmt, col++, self->fee_minor);
  sqlite3_bind_text (stmt, col++, self->currency, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, col++, methods, -1, SQLITE_TRANSIENT);
  for (guint i = 0; i < CABINET_PRACTITIONER_N_TEXT_FIELDS; i++)
    sqlite3_bind_text (stmt, col++, self->text[i], -1, SQLITE_TRANSIENT);

  if (!cabinet_database_step (database, stmt, NULL, error)
      || !cabinet_audit_record (database, "profile-saved", "practitioner", 1, error))
    goto fail;

  return cabinet_database_commit (database, error);

fail:
  cabinet_database_rollback (database);
  return FALSE;
}
