/* cabinet-consent-store.c — the consent forms given to clients, as the database
 * keeps them: the exact PDF, its SHA-256, the terms, the signature, a signed copy
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <poppler.h>
#include <string.h>

#include "cabinet-audit.h"
#include "cabinet-consent-store.h"

struct _CabinetConsentForm
{
  GObject                 parent_instance;
  gint64                  id;
  gint64                  client_id;
  GDateTime              *created_at;
  char                   *language;
  char                   *version;
  char                   *sha256;
  char                   *terms;
  CabinetConsentStatus    status;
  GDateTime              *given_at;
  GDateTime              *signed_at;
  GDateTime              *withdrawn_at;
  CabinetSignatureMethod  method;
  char                   *copy_type;
};

G_DEFINE_FINAL_TYPE (CabinetConsentForm, cabinet_consent_form, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATUS,
  PROP_COPY_TYPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cabinet_consent_form_finalize (GObject *object)
{
  CabinetConsentForm *self = CABINET_CONSENT_FORM (object);

  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->given_at, g_date_time_unref);
  g_clear_pointer (&self->signed_at, g_date_time_unref);
  g_clear_pointer (&self->withdrawn_at, g_date_time_unref);
  g_free (self->language);
  g_free (self->version);
  g_free (self->sha256);
  g_free (self->terms);
  g_free (self->copy_type);

  G_OBJECT_CLASS (cabinet_consent_form_parent_class)->finalize (object);
}

static void
cabinet_consent_form_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CabinetConsentForm *self = CABINET_CONSENT_FORM (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    case PROP_COPY_TYPE:
      g_value_set_string (value, self->copy_type);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cabinet_consent_form_class_init (CabinetConsentFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cabinet_consent_form_finalize;
  object_class->get_property = cabinet_consent_form_get_property;

  /* A CabinetConsentStatus; notified when the form is given, signed, withdrawn. */
  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL,
                      CABINET_CONSENT_NONE, CABINET_CONSENT_WITHDRAWN, CABINET_CONSENT_GENERATED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COPY_TYPE] =
    g_param_spec_string ("copy-type", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cabinet_consent_form_init (CabinetConsentForm *self)
{
  self->status = CABINET_CONSENT_GENERATED;
  self->copy_type = g_strdup ("");
}

#define GETTER(type, name, field, fallback) \
  type \
  cabinet_consent_form_get_##name (CabinetConsentForm *self) \
  { \
    g_return_val_if_fail (CABINET_IS_CONSENT_FORM (self), fallback); \
    return self->field; \
  }

GETTER (gint64, id, id, 0)
GETTER (gint64, client_id, client_id, 0)
GETTER (GDateTime *, created_at, created_at, NULL)
GETTER (const char *, language, language, NULL)
GETTER (const char *, version, version, NULL)
GETTER (const char *, sha256, sha256, NULL)
GETTER (const char *, terms, terms, NULL)
GETTER (CabinetConsentStatus, status, status, CABINET_CONSENT_NONE)
GETTER (GDateTime *, given_at, given_at, NULL)
GETTER (GDateTime *, signed_at, signed_at, NULL)
GETTER (GDateTime *, withdrawn_at, withdrawn_at, NULL)
GETTER (CabinetSignatureMethod, signature_method, method, CABINET_SIGNATURE_NONE)
GETTER (const char *, copy_type, copy_type, NULL)

#undef GETTER

/* Reading */

#define FORM_COLUMNS "id, client_id, created_at, language, version, sha256, terms, status," \
                     " given_at, signed_at, withdrawn_at, signed_method, signed_copy_type"

static CabinetConsentForm *
form_from_row (sqlite3_stmt *stmt)
{
  CabinetConsentForm *form = g_object_new (CABINET_TYPE_CONSENT_FORM, NULL);

  form->id = sqlite3_column_int64 (stmt, 0);
  form->client_id = sqlite3_column_int64 (stmt, 1);
  form->created_at = cabinet_timestamp_parse (cabinet_database_column_text (stmt, 2));
  form->language = g_strdup (cabinet_database_column_text (stmt, 3));
  form->version = g_strdup (cabinet_database_column_text (stmt, 4));
  form->sha256 = g_strdup (cabinet_database_column_text (stmt, 5));
  form->terms = g_strdup (cabinet_database_column_text (stmt, 6));
  form->status = cabinet_consent_status_parse (cabinet_database_column_text (stmt, 7));
  form->given_at = cabinet_timestamp_parse (cabinet_database_column_text (stmt, 8));
  form->signed_at = cabinet_timestamp_parse (cabinet_database_column_text (stmt, 9));
  form->withdrawn_at = cabinet_timestamp_parse (cabinet_database_column_text (stmt, 10));
  form->method = cabinet_signature_method_parse (cabinet_database_column_text (stmt, 11));
  cabinet_set_string (&form->copy_type, cabinet_database_column_text (stmt, 12));
  return form;
}

GListStore *
cabinet_consent_forms_list (CabinetDatabase  *database,
                            gint64            client_id,
                            GError          **error)
{
  g_autoptr(GListStore) forms = g_list_store_new (CABINET_TYPE_CONSENT_FORM);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row;

  g_return_val_if_fail (CABINET_IS_DATABASE (database), NULL);

  stmt = cabinet_database_prepare (database,
                                   "SELECT " FORM_COLUMNS " FROM consent_forms WHERE client_id = ?"
                                   " ORDER BY created_at DESC, id DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, client_id);
  for (;;)
    {
      g_autoptr(CabinetConsentForm) form = NULL;

      if (!cabinet_database_step (database, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      form = form_from_row (stmt);
      g_list_store_append (forms, form);
    }
  return g_steal_pointer (&forms);
}

/* The client's status is that of their latest form. */
static gboolean
refresh_client (CabinetDatabase  *database,
                CabinetClient    *client,
                GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row;

  if (client == NULL)
    return TRUE;
  stmt = cabinet_database_prepare (database,
                                   "SELECT " CABINET_CONSENT_LATEST_STATUS_SQL ("?"), error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cabinet_client_get_id (client));
  if (!cabinet_database_step (database, stmt, &has_row, error))
    return FALSE;
  cabinet_client_set_consent_status (client,
                                     has_row ? cabinet_consent_status_parse (cabinet_database_column_text (stmt, 0))
                                             : CABINET_CONSENT_NONE);
  return TRUE;
}

/* The practice's wording */

static gboolean
is_language (const char *language)
{
  return g_strcmp0 (language, "fr") == 0 || g_strcmp0 (language, "en") == 0;
}

char *
cabinet_consent_section_get_body (CabinetDatabase        *database,
                                  const char             *language,
                                  CabinetConsentSection   section,
                                  gboolean               *customised,
                                  GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row;

  g_return_val_if_fail (CABINET_IS_DATABASE (database), NULL);
  g_return_val_if_fail (is_language (language), NULL);
  g_return_val_if_fail (section < CABINET_CONSENT_N_SECTIONS, NULL);

  stmt = cabinet_database_prepare (database,
                                   "SELECT body FROM consent_sections WHERE language = ? AND section = ?",
                                   error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, language, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, cabinet_consent_section_id (section), -1, SQLITE_STATIC);
  if (!cabinet_database_step (database, stmt, &has_row, error))
    return NULL;
  if (customised)
    *customised = has_row;
  return g_strdup (has_row ? cabinet_database_column_text (stmt, 0)
                           : cabinet_consent_default_body (section, language));
}

/* Every customised section of @language, by section id. */
static GHashTable *
load_bodies (CabinetDatabase  *database,
             const char       *language,
             GError          **error)
{
  g_autoptr(GHashTable) bodies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row;

  stmt = cabinet_database_prepare (database,
                                   "SELECT section, body FROM consent_sections WHERE language = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, language, -1, SQLITE_STATIC);
  for (;;)
    {
      if (!cabinet_database_step (database, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      g_hash_table_insert (bodies, g_strdup (cabinet_database_column_text (stmt, 0)),
                           g_strdup (cabinet_database_column_text (stmt, 1)));
    }
  return g_steal_pointer (&bodies);
}

gboolean
cabinet_consent_section_set_body (CabinetDatabase        *database,
                                  const char             *language,
                                  CabinetConsentSection   section,
                                  const char             *body,
                                  gboolean                new_revision,
                                  GError                **error)
{
  g_autofree char *clean = cabinet_text_clean (body);
  g_autofree char *current = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) now = cabinet_timestamp_now ();
  g_autofree char *stamp = cabinet_timestamp_format (now);
  gboolean restore;

  g_return_val_if_fail (CABINET_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (is_language (language), FALSE);
  g_return_val_if_fail (section < CABINET_CONSENT_N_SECTIONS, FALSE);

  current = cabinet_consent_section_get_body (database, language, section, NULL, error);
  if (current == NULL)
    return FALSE;
  if (strcmp (current, *clean ? clean : cabinet_consent_default_body (section, language)) == 0)
    return TRUE;   /* nothing changes, and the version stays */

  restore = *clean == '\0' || strcmp (clean, cabinet_consent_default_body (section, language)) == 0;
  if (!cabinet_database_begin (database, error))
    return FALSE;
  stmt = cabinet_database_prepare (database,
                                   restore ? "DELETE FROM consent_sections WHERE language = ?1 AND section = ?2"
                                           : "INSERT OR REPLACE INTO consent_sections (language, section, body, updated_at)"
                                             " VALUES (?1, ?2, ?3, ?4)",
                                   error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, language, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, cabinet_consent_section_id (section), -1, SQLITE_STATIC);
  if (!restore)
    {
      sqlite3_bind_text (stmt, 3, clean, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, stamp, -1, SQLITE_STATIC);
    }
  /* SQLCipher 3 has no UPSERT. */
  if (!cabinet_database_step (database, stmt, NULL, error)
      || (new_revision
          && !cabinet_database_exec (database,
                                     "INSERT OR IGNORE INTO consent_revision (id, revision) VALUES (1, 0);"
                                     "UPDATE consent_revision SET revision = revision + 1 WHERE id = 1;", error))
      || !cabinet_audit_record (database, restore ? "consent-section-restored" : "consent-section-edited",
                                "consent-section", section, error))
    goto fail;
  return cabinet_database_commit (database, error);

fail:
  cabinet_database_rollback (database);
  return FALSE;
}

char *
cabinet_consent_version (CabinetDatabase  *database,
                         GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row;

  stmt = cabinet_database_prepare (database, "SELECT revision FROM consent_revision WHERE id = 1", error);
  if (stmt == NULL || !cabinet_database_step (database, stmt, &has_row, error))
    return NULL;
  return g_strdup_printf ("%d.%" G_GINT64_FORMAT, CABINET_CONSENT_TEXT_VERSION,
                          has_row ? (gint64) sqlite3_column_int64 (stmt, 0) : 0);
}

/* Generating: what the form needs is read from the database first; the PDF is
 * then made (in a worker thread for the async version); the form is stored last,
 * in one transaction. */

typedef struct {
  CabinetPractitioner *practitioner;   /* copies: the worker thread reads them */
  CabinetClient       *client;
  CabinetConsentTerms *terms;
  GHashTable          *bodies;
  char                *version;
  GDateTime           *now;
  CabinetPaper         paper;
  CabinetClient       *target;         /* the client in memory, whose status follows */
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->practitioner);
  g_clear_object (&job->client);
  cabinet_consent_terms_free (job->terms);
  g_clear_pointer (&job->bodies, g_hash_table_unref);
  g_free (job->version);
  g_clear_pointer (&job->now, g_date_time_unref);
  g_clear_object (&job->target);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static Job *
job_new (CabinetDatabase            *database,
         CabinetPractitioner        *practitioner,
         CabinetClient              *client,
         const CabinetConsentTerms  *terms,
         GDateTime                  *now,
         GError                    **error)
{
  g_autoptr(Job) job = g_new0 (Job, 1);

  job->bodies = load_bodies (database, terms->language, error);
  if (job->bodies == NULL || (job->version = cabinet_consent_version (database, error)) == NULL)
    return NULL;
  job->practitioner = cabinet_practitioner_copy (practitioner);
  job->client = cabinet_client_copy (client);
  job->terms = cabinet_consent_terms_copy (terms);
  job->now = g_date_time_ref (now);
  job->paper = cabinet_paper_for_locale ();
  job->target = g_object_ref (client);
  return g_steal_pointer (&job);
}

static GBytes *
job_render (Job     *job,
            GError **error)
{
  CabinetConsentDocument document = {
    job->practitioner, job->client, job->terms, job->bodies, job->version, job->now, job->paper,
  };

  return cabinet_consent_render (&document, error);
}

static CabinetConsentForm *
job_store (Job              *job,
           CabinetDatabase  *database,
           GBytes           *pdf,
           GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(CabinetConsentForm) form = g_object_new (CABINET_TYPE_CONSENT_FORM, NULL);
  g_autofree char *stamp = cabinet_timestamp_format (job->now);
  gsize size;
  const guint8 *data = g_bytes_get_data (pdf, &size);

  form->client_id = cabinet_client_get_id (job->target);
  form->created_at = cabinet_timestamp_parse (stamp);
  form->language = g_strdup (job->terms->language);
  form->version = g_strdup (job->version);
  form->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  form->terms = cabinet_consent_terms_to_json (job->terms);

  if (!cabinet_database_begin (database, error))
    return NULL;
  stmt = cabinet_database_prepare (database,
                                   "INSERT INTO consent_forms (client_id, created_at, language, version,"
                                   " terms, pdf, sha256) VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, form->client_id);
  sqlite3_bind_text (stmt, 2, stamp, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, form->language, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, form->version, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, form->terms, -1, SQLITE_STATIC);
  sqlite3_bind_blob64 (stmt, 6, data, size, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, form->sha256, -1, SQLITE_STATIC);
  if (!cabinet_database_step (database, stmt, NULL, error))
    goto fail;
  form->id = cabinet_database_last_insert_id (database);
  if (!cabinet_audit_record (database, "consent-generated", "consent-form", form->id, error)
      || !cabinet_database_commit (database, error))
    goto fail;

  cabinet_client_set_consent_status (job->target, CABINET_CONSENT_GENERATED);
  return g_steal_pointer (&form);

fail:
  cabinet_database_rollback (database);
  return NULL;
}

static gboolean
check_generate_args (CabinetDatabase           *database,
                     CabinetPractitioner       *practitioner,
                     CabinetClient             *client,
                     const CabinetConsentTerms *terms)
{
  g_return_val_if_fail (CABINET_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (CABINET_IS_PRACTITIONER (practitioner), FALSE);
  g_return_val_if_fail (CABINET_IS_CLIENT (client) && cabinet_client_get_id (client) > 0, FALSE);
  g_return_val_if_fail (terms != NULL && is_language (terms->language), FALSE);
  return TRUE;
}

CabinetConsentForm *
cabinet_consent_forms_generate (CabinetDatabase            *database,
                                CabinetPractitioner        *practitioner,
                                CabinetClient              *client,
                                const CabinetConsentTerms  *terms,
                                GDateTime                  *now,
                                GError                    **error)
{
  g_autoptr(Job) job = NULL;
  g_autoptr(GBytes) pdf = NULL;

  if (!check_generate_args (database, practitioner, client, terms))
    return NULL;
  /* Nothing is written unless the whole form could be made. */
  if ((job = job_new (database, practitioner, client, terms, now, error)) == NULL
      || (pdf = job_render (job, error)) == NULL)
    return NULL;
  return job_store (job, database, pdf, error);
}

static void
render_in_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  GBytes *pdf = job_render (task_data, &error);

  if (pdf)
    g_task_return_pointer (task, pdf, (GDestroyNotify) g_bytes_unref);
  else
    g_task_return_error (task, error);
}

void
cabinet_consent_forms_generate_async (CabinetDatabase           *database,
                                      CabinetPractitioner       *practitioner,
                                      CabinetClient             *client,
                                      const CabinetConsentTerms *terms,
                                      GDateTime                 *now,
                                      GCancellable              *cancellable,
                                      GAsyncReadyCallback        callback,
                                      gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Job *job;

  if (!check_generate_args (database, practitioner, client, terms))
    return;
  task = g_task_new (database, cancellable, callback, user_data);
  g_task_set_source_tag (task, cabinet_consent_forms_generate_async);
  job = job_new (database, practitioner, client, terms, now, &error);
  if (job == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, render_in_thread);
}

CabinetConsentForm *
cabinet_consent_forms_generate_finish (CabinetDatabase  *database,
                                       GAsyncResult     *result,
                                       GError          **error)
{
  g_autoptr(GBytes) pdf = NULL;

  g_return_val_if_fail (g_task_is_valid (result, database), NULL);

  pdf = g_task_propagate_pointer (G_TASK (result), error);
  if (pdf == NULL)
    return NULL;
  /* Back in the main thread, where the database is used. */
  return job_store (g_task_get_task_data (G_TASK (result)), database, pdf, error);
}

static GBytes *
load_blob (CabinetConsentForm  *self,
           CabinetDatabase     *database,
           const char          *sql,
           GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row;

  stmt = cabinet_database_prepare (database, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, self->id);
  if (!cabinet_database_step (database, stmt, &has_row, error))
    return NULL;
  if (!has_row || sqlite3_column_type (stmt, 0) != SQLITE_BLOB)
    {
      g_set_error_literal (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_NOT_FOUND,
                           _("This document is no longer in the database."));
      return NULL;
    }
  return g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
}

GBytes *
cabinet_consent_form_load_pdf (CabinetConsentForm  *self,
                               CabinetDatabase     *database,
                               GError             **error)
{
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *sha256 = NULL;

  g_return_val_if_fail (CABINET_IS_CONSENT_FORM (self), NULL);

  pdf = load_blob (self, database, "SELECT pdf FROM consent_forms WHERE id = ?", error);
  if (pdf == NULL)
    return NULL;
  /* What was given is what is shown, or nothing is. */
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  if (strcmp (sha256, self->sha256) != 0)
    {
      g_set_error_literal (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_DAMAGED,
                           _("This consent form no longer matches its fingerprint: it was altered after it was made."));
      return NULL;
    }
  return g_steal_pointer (&pdf);
}

/* Signing */

static gboolean
transition_allowed (CabinetConsentStatus from,
                    CabinetConsentStatus to);

gboolean
cabinet_consent_form_can_set_status (CabinetConsentForm   *self,
                                     CabinetConsentStatus  status)
{
  g_return_val_if_fail (CABINET_IS_CONSENT_FORM (self), FALSE);
  return transition_allowed (self->status, status);
}

gboolean
cabinet_consent_form_can_attach_copy (CabinetConsentForm *self)
{
  g_return_val_if_fail (CABINET_IS_CONSENT_FORM (self), FALSE);
  return self->status != CABINET_CONSENT_WITHDRAWN && *self->copy_type == '\0';
}

static gboolean
transition_allowed (CabinetConsentStatus from,
                    CabinetConsentStatus to)
{
  switch (to)
    {
    case CABINET_CONSENT_GIVEN:
      return from == CABINET_CONSENT_GENERATED;
    case CABINET_CONSENT_SIGNED:
      return from == CABINET_CONSENT_GENERATED || from == CABINET_CONSENT_GIVEN;
    case CABINET_CONSENT_WITHDRAWN:
      return from != CABINET_CONSENT_WITHDRAWN;
    case CABINET_CONSENT_NONE:
    case CABINET_CONSENT_GENERATED:
    default:
      return FALSE;
    }
}

static const char *
transition_refusal (CabinetConsentStatus from)
{
  switch (from)
    {
    case CABINET_CONSENT_WITHDRAWN:
      return _("This consent was withdrawn: make a new form if the client consents again.");
    case CABINET_CONSENT_SIGNED:
      return _("This form is already signed.");
    default:
      return _("This form was already given to the client.");
    }
}

gboolean
cabinet_consent_form_set_status (CabinetConsentForm      *self,
                                 CabinetDatabase         *database,
                                 CabinetClient           *client,
                                 CabinetConsentStatus     status,
                                 CabinetSignatureMethod   method,
                                 GDateTime               *when,
                                 GError                 **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *action = NULL;
  const char *sql;

  g_return_val_if_fail (CABINET_IS_CONSENT_FORM (self), FALSE);
  g_return_val_if_fail (CABINET_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (client == NULL || cabinet_client_get_id (client) == self->client_id, FALSE);
  g_return_val_if_fail (when != NULL, FALSE);

  if (!transition_allowed (self->status, status))
    {
      g_set_error_literal (error, CABINET_CONSENT_ERROR, CABINET_CONSENT_ERROR_TRANSITION,
                           transition_refusal (self->status));
      return FALSE;
    }
  if (status == CABINET_CONSENT_SIGNED && method == CABINET_SIGNATURE_NONE)
    {
      g_set_error_literal (error, CABINET_CONSENT_ERROR, CABINET_CONSENT_ERROR_INCOMPLETE,
                           _("Say how the form was signed: by hand, scanned, or electronically."));
      return FALSE;
    }
  if (g_date_time_compare (when, self->created_at) < 0)
    {
      g_set_error_literal (error, CABINET_CONSENT_ERROR, CABINET_CONSENT_ERROR_TRANSITION,
                           _("The date is before the form was made."));
      return FALSE;
    }

  at = g_date_time_to_utc (when);
  stamp = cabinet_timestamp_format (at);
  switch (status)
    {
    case CABINET_CONSENT_GIVEN:
      sql = "UPDATE consent_forms SET status = 'given', given_at = ?1 WHERE id = ?3 AND status = 'generated'";
      break;
    case CABINET_CONSENT_SIGNED:
      /* Signed implies given, on the same day at the latest. */
      sql = "UPDATE consent_forms SET status = 'signed', signed_at = ?1, signed_method = ?2,"
            " given_at = CASE given_at WHEN '' THEN ?1 ELSE given_at END"
            " WHERE id = ?3 AND status IN ('generated', 'given')";
      break;
    case CABINET_CONSENT_WITHDRAWN:
      sql = "UPDATE consent_forms SET status = 'withdrawn', withdrawn_at = ?1 WHERE id = ?3 AND status != 'withdrawn'";
      break;
    case CABINET_CONSENT_NONE:
    case CABINET_CONSENT_GENERATED:
    default:
      g_return_val_if_reached (FALSE);
    }

  if (!cabinet_database_begin (database, error))
    return FALSE;
  stmt = cabinet_database_prepare (database, sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, stamp, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, cabinet_signature_method_id (method), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, self->id);
  action = g_strconcat ("consent-", cabinet_consent_status_id (status), NULL);
  if (!cabinet_database_step (database, stmt, NULL, error))
    goto fail;
  /* Changed meanwhile (another window): what the database says wins. */
  if (cabinet_database_changes (database) != 1)
    {
      g_set_error_literal (error, CABINET_CONSENT_ERROR, CABINET_CONSENT_ERROR_TRANSITION,
                           _("This form was changed in another window: close it and open it again."));
      goto fail;
    }
  if (!cabinet_audit_record (database, action, "consent-form", self->id, error)
      || !cabinet_database_commit (database, error))
    goto fail;

  switch (status)
    {
    case CABINET_CONSENT_GIVEN:
      self->given_at = g_date_time_ref (at);
      break;
    case CABINET_CONSENT_SIGNED:
      self->signed_at = g_date_time_ref (at);
      self->method = method;
      if (self->given_at == NULL)
        self->given_at = g_date_time_ref (at);
      break;
    default:
      self->withdrawn_at = g_date_time_ref (at);
    }
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  /* Memory follows what is on disk; a failure here only leaves a stale badge. */
  refresh_client (database, client, NULL);
  return TRUE;

fail:
  cabinet_database_rollback (database);
  return FALSE;
}

/* Signed copies */

/* What a file holds, by its first bytes and its structure, not by its name. */
static const char *
sniff_copy (GBytes *data)
{
  gsize size;
  const guint8 *bytes = g_bytes_get_data (data, &size);

  if (size > 5 && memcmp (bytes, "%PDF-", 5) == 0)
    {
      g_autoptr(GError) error = NULL;
      PopplerDocument *document = poppler_document_new_from_bytes (data, NULL, &error);

      if (document == NULL)
        return NULL;
      g_object_unref (document);
      return "application/pdf";
    }
  /* The signature, then the IHDR chunk every PNG starts with. */
  if (size > 33 && memcmp (bytes, "\x89PNG\r\n\x1a\n", 8) == 0 && memcmp (bytes + 12, "IHDR", 4) == 0)
    return "image/png";
  /* Start of image, and an end of image marker in the last bytes (scanners pad). */
  if (size > 4 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
    {
      for (gsize i = size - 2; i + 64 >= size && i > 2; i--)
        if (bytes[i] == 0xFF && bytes[i + 1] == 0xD9)
          return "image/jpeg";
    }
  return NULL;
}

gboolean
cabinet_consent_form_attach_copy (CabinetConsentForm  *self,
                                  CabinetDatabase     *database,
                                  GBytes              *data,
                                  GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *type;
  gsize size;
  const guint8 *bytes;

  g_return_val_if_fail (CABINET_IS_CONSENT_FORM (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (self->status == CABINET_CONSENT_WITHDRAWN)
    {
      g_set_error_literal (error, CABINET_CONSENT_ERROR, CABINET_CONSENT_ERROR_TRANSITION,
                           transition_refusal (self->status));
      return FALSE;
    }
  /* A signed copy is evidence: it is never replaced. */
  if (*self->copy_type)
    {
      g_set_error_literal (error, CABINET_CONSENT_ERROR, CABINET_CONSENT_ERROR_TRANSITION,
                           _("A signed copy is already attached to this form, and is kept as it is."));
      return FALSE;
    }
  if (g_bytes_get_size (data) > CABINET_CONSENT_MAX_COPY_SIZE)
    {
      g_set_error (error, CABINET_CONSENT_ERROR, CABINET_CONSENT_ERROR_FILE_SIZE,
                   _("This file is larger than %d MB: scan the form at a lower resolution, or in grey."),
                   CABINET_CONSENT_MAX_COPY_SIZE / (1024 * 1024));
      return FALSE;
    }
  type = sniff_copy (data);
  if (type == NULL)
    {
      g_set_error_literal (error, CABINET_CONSENT_ERROR, CABINET_CONSENT_ERROR_FILE_TYPE,
                           _("This file is not a readable PDF, PNG or JPEG: choose the scan or PDF of the signed form."));
      return FALSE;
    }

  if (!cabinet_database_begin (database, error))
    return FALSE;
  stmt = cabinet_database_prepare (database,
                                   "UPDATE consent_forms SET signed_copy = ?, signed_copy_type = ?"
                                   " WHERE id = ? AND signed_copy IS NULL AND status != 'withdrawn'",
                                   error);
  if (stmt == NULL)
    goto fail;
  bytes = g_bytes_get_data (data, &size);
  sqlite3_bind_blob64 (stmt, 1, bytes, size, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, type, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, self->id);
  if (!cabinet_database_step (database, stmt, NULL, error))
    goto fail;
  if (cabinet_database_changes (database) != 1)
    {
      g_set_error_literal (error, CABINET_CONSENT_ERROR, CABINET_CONSENT_ERROR_TRANSITION,
                           _("This form was changed in another window: close it and open it again."));
      goto fail;
    }
  if (!cabinet_audit_record (database, "consent-copy-attached", "consent-form", self->id, error)
      || !cabinet_database_commit (database, error))
    goto fail;

  cabinet_set_string (&self->copy_type, type);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COPY_TYPE]);
  return TRUE;

fail:
  cabinet_database_rollback (database);
  return FALSE;
}

GBytes *
cabinet_consent_form_load_copy (CabinetConsentForm  *self,
                                CabinetDatabase     *database,
                                GError             **error)
{
  g_return_val_if_fail (CABINET_IS_CONSENT_FORM (self), NULL);
  return load_blob (self, database, "SELECT signed_copy FROM consent_forms WHERE id = ?", error);
}
