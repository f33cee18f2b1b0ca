/* cabinet-self-check.c — a run of every compliance check, as a list model that
 * fills in as each check finishes
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cabinet-audit.h"
#include "cabinet-pdf.h"
#include "cabinet-validate.h"
#include "cabinet-self-check.h"

/* Beyond its own timeout, a check gets this much before the run stops waiting. */
#define GRACE_MS 1000

struct _CabinetSelfCheck
{
  GObject       parent_instance;
  GListStore   *items;
  GDateTime    *checked_at;
  GCancellable *cancellable;   /* the current run's */
  GTask        *run;           /* the current run, until every check answered */
  guint         pending;
  guint         generation;    /* answers from an earlier run are dropped */
};

G_DEFINE_FINAL_TYPE (CabinetSelfCheck, cabinet_self_check, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_CHECKED_AT,
  PROP_VERDICT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One check of one run. */
typedef struct {
  CabinetSelfCheck       *self;       /* strong, while it runs */
  const CabinetCheckInfo *info;
  CabinetCheckItem       *item;
  CabinetCheckEnv        *env;
  guint                   generation;
  GSource                *timeout;
  gboolean                answered;
  gatomicrefcount         ref_count;
} Job;

static Job *
job_ref (Job *job)
{
  g_atomic_ref_count_inc (&job->ref_count);
  return job;
}

static void
job_unref (Job *job)
{
  if (!g_atomic_ref_count_dec (&job->ref_count))
    return;
  g_clear_object (&job->self);
  g_clear_object (&job->item);
  cabinet_check_env_unref (job->env);
  g_free (job);
}

static void
cabinet_self_check_dispose (GObject *object)
{
  CabinetSelfCheck *self = CABINET_SELF_CHECK (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->items);
  g_clear_pointer (&self->checked_at, g_date_time_unref);

  G_OBJECT_CLASS (cabinet_self_check_parent_class)->dispose (object);
}

static void
cabinet_self_check_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CabinetSelfCheck *self = CABINET_SELF_CHECK (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, cabinet_self_check_get_running (self));
      break;
    case PROP_CHECKED_AT:
      g_value_set_boxed (value, self->checked_at);
      break;
    case PROP_VERDICT:
      g_value_set_int (value, cabinet_self_check_get_verdict (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cabinet_self_check_class_init (CabinetSelfCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cabinet_self_check_dispose;
  object_class->get_property = cabinet_self_check_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHECKED_AT] =
    g_param_spec_boxed ("checked-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERDICT] =
    g_param_spec_int ("verdict", NULL, NULL, CABINET_CHECK_UNKNOWN, CABINET_CHECK_FAIL,
                      CABINET_CHECK_UNKNOWN,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cabinet_self_check_init (CabinetSelfCheck *self)
{
  const CabinetCheckInfo *checks;
  guint n_checks;

  self->items = g_list_store_new (CABINET_TYPE_CHECK_ITEM);
  checks = cabinet_checks_get_all (&n_checks);
  for (guint i = 0; i < n_checks; i++)
    {
      g_autoptr(CabinetCheckItem) item = cabinet_check_item_new (checks[i].id, _(checks[i].title),
                                                                 checks[i].required);
      g_list_store_append (self->items, item);
    }
}

CabinetSelfCheck *
cabinet_self_check_new (void)
{
  return g_object_new (CABINET_TYPE_SELF_CHECK, NULL);
}

GListModel *
cabinet_self_check_get_items (CabinetSelfCheck *self)
{
  g_return_val_if_fail (CABINET_IS_SELF_CHECK (self), NULL);
  return G_LIST_MODEL (self->items);
}

CabinetCheckItem *
cabinet_self_check_find (CabinetSelfCheck *self,
                         const char       *id)
{
  guint n;

  g_return_val_if_fail (CABINET_IS_SELF_CHECK (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CabinetCheckItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      if (g_strcmp0 (cabinet_check_item_get_id (item), id) == 0)
        return item;
    }
  return NULL;
}

gboolean
cabinet_self_check_get_running (CabinetSelfCheck *self)
{
  g_return_val_if_fail (CABINET_IS_SELF_CHECK (self), FALSE);
  return self->run != NULL;
}

GDateTime *
cabinet_self_check_get_checked_at (CabinetSelfCheck *self)
{
  g_return_val_if_fail (CABINET_IS_SELF_CHECK (self), NULL);
  return self->checked_at;
}

/* Fail when any check fails; warn when any warns, or when a required check could
 * not tell (the therapist cannot rely on what was not seen). */
CabinetCheckStatus
cabinet_self_check_get_verdict (CabinetSelfCheck *self)
{
  CabinetCheckStatus verdict = CABINET_CHECK_PASS;
  guint n;

  g_return_val_if_fail (CABINET_IS_SELF_CHECK (self), CABINET_CHECK_UNKNOWN);

  if (self->checked_at == NULL)
    return CABINET_CHECK_UNKNOWN;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CabinetCheckItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      CabinetCheckStatus status = cabinet_check_item_get_status (item);

      if (status == CABINET_CHECK_FAIL)
        return CABINET_CHECK_FAIL;
      if (status == CABINET_CHECK_WARN
          || (status == CABINET_CHECK_UNKNOWN && cabinet_check_item_get_required (item)))
        verdict = CABINET_CHECK_WARN;
    }
  return verdict;
}

gboolean
cabinet_self_check_required_failed (CabinetSelfCheck *self)
{
  guint n;

  g_return_val_if_fail (CABINET_IS_SELF_CHECK (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CabinetCheckItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      if (cabinet_check_item_get_required (item)
          && cabinet_check_item_get_status (item) == CABINET_CHECK_FAIL)
        return TRUE;
    }
  return FALSE;
}

static void
job_answered (Job                      *job,
              const CabinetCheckResult *result)
{
  CabinetSelfCheck *self = job->self;

  if (job->answered || job->generation != self->generation)
    return;
  job->answered = TRUE;
  if (job->timeout)
    g_source_destroy (job->timeout);
  g_clear_pointer (&job->timeout, g_source_unref);
  cabinet_check_item_set_result (job->item, result);

  g_assert (self->pending > 0);
  if (--self->pending == 0)
    {
      g_autoptr(GTask) run = g_steal_pointer (&self->run);

      g_clear_pointer (&self->checked_at, g_date_time_unref);
      self->checked_at = cabinet_check_env_get_now (job->env);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKED_AT]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERDICT]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
      g_task_return_boolean (run, TRUE);
    }
}

static gboolean
job_timed_out (gpointer user_data)
{
  Job *job = user_data;
  g_autoptr(CabinetCheckResult) result = NULL;
  g_autofree char *summary = NULL;
  guint seconds = (cabinet_check_env_get_timeout (job->env) * MAX (job->info->timeout_factor, 1)
                   + GRACE_MS + 999) / 1000;

  g_clear_pointer (&job->timeout, g_source_unref);
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "This check did not finish within %u second, so Cabinet cannot tell.",
                                          "This check did not finish within %u seconds, so Cabinet cannot tell.",
                                          seconds),
                             seconds);
  result = cabinet_check_result_new (CABINET_CHECK_UNKNOWN, summary, NULL, NULL);
  job_answered (job, result);
  return G_SOURCE_REMOVE;
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  CabinetCheckResult *result = job->info->run (job->env, cancellable);

  if (result == NULL)
    result = cabinet_check_result_new (CABINET_CHECK_UNKNOWN, _("This check gave no answer."), NULL, NULL);
  g_task_return_pointer (task, result, (GDestroyNotify) cabinet_check_result_free);
}

static void
job_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(CabinetCheckResult) answer = g_task_propagate_pointer (G_TASK (result), NULL);

  if (answer)
    job_answered (job, answer);
  job_unref (job);
}

void
cabinet_self_check_run_async (CabinetSelfCheck    *self,
                              CabinetCheckEnv     *env,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  const CabinetCheckInfo *checks;
  guint n_checks;
  g_autoptr(GTask) previous = NULL;

  g_return_if_fail (CABINET_IS_SELF_CHECK (self));
  g_return_if_fail (env != NULL);

  /* A new run replaces one still going: its late answers are dropped. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  previous = g_steal_pointer (&self->run);
  if (previous)
    g_task_return_new_error (previous, G_IO_ERROR, G_IO_ERROR_CANCELLED, "replaced by a new run");
  self->generation++;

  self->run = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_source_tag (self->run, cabinet_self_check_run_async);

  checks = cabinet_checks_get_all (&n_checks);
  self->pending = n_checks;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  for (guint i = 0; i < n_checks; i++)
    {
      g_autoptr(GTask) task = NULL;
      Job *job = g_new0 (Job, 1);

      g_atomic_ref_count_init (&job->ref_count);
      job->self = g_object_ref (self);
      job->info = &checks[i];
      job->item = cabinet_self_check_find (self, checks[i].id);
      g_object_ref (job->item);
      job->env = cabinet_check_env_ref (env);
      job->generation = self->generation;

      cabinet_check_item_set_running (job->item);
      /* On the caller's context, like the answers: the command line runs its own. */
      job->timeout = g_timeout_source_new (cabinet_check_env_get_timeout (env)
                                           * MAX (checks[i].timeout_factor, 1) + GRACE_MS);
      g_source_set_callback (job->timeout, job_timed_out, job_ref (job), (GDestroyNotify) job_unref);
      g_source_attach (job->timeout, g_main_context_get_thread_default ());

      /* Each check in its own worker: a slow one delays nothing else. */
      task = g_task_new (NULL, self->cancellable, job_done, job);
      g_task_set_task_data (task, job_ref (job), (GDestroyNotify) job_unref);
      g_task_run_in_thread (task, job_thread);
    }
}

gboolean
cabinet_self_check_run_finish (CabinetSelfCheck  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
run_sync_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* For the command line: runs the checks, spinning a private main context. */
gboolean
cabinet_self_check_run_sync (CabinetSelfCheck  *self,
                             CabinetCheckEnv   *env,
                             GError           **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;

  g_main_context_push_thread_default (context);
  cabinet_self_check_run_async (self, env, NULL, run_sync_done, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
  return cabinet_self_check_run_finish (self, result, error);
}

static char *
format_iso8601 (GDateTime *when)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (when);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

const char *
cabinet_self_check_describe (CabinetSelfCheck *self)
{
  CabinetCheckStatus verdict;

  g_return_val_if_fail (CABINET_IS_SELF_CHECK (self), NULL);

  verdict = cabinet_self_check_get_verdict (self);
  if (cabinet_self_check_get_running (self))
    return _("Checking this computer…");
  if (verdict == CABINET_CHECK_PASS)
    return _("This computer meets the guidelines");
  if (verdict == CABINET_CHECK_FAIL)
    return _("This computer does not meet the guidelines");
  if (cabinet_self_check_get_checked_at (self))
    return _("Some checks need your attention");
  return _("Not checked yet");
}

char *
cabinet_self_check_to_json (CabinetSelfCheck *self)
{
  GString *out = g_string_new ("{\"version\":1,\"checked_at\":");
  g_autofree char *checked_at = NULL;
  CabinetCheckStatus verdict;
  guint n;

  g_return_val_if_fail (CABINET_IS_SELF_CHECK (self), NULL);

  if (self->checked_at)
    checked_at = format_iso8601 (self->checked_at);
  cabinet_json_append_string (out, checked_at);
  /* The verdict is pass, warn or fail: a required check that could not tell
   * already makes it "warn". */
  verdict = cabinet_self_check_get_verdict (self);
  g_string_append (out, ",\"verdict\":");
  cabinet_json_append_string (out, cabinet_check_status_to_string (verdict == CABINET_CHECK_UNKNOWN
                                                           ? CABINET_CHECK_WARN : verdict));
  g_string_append (out, ",\"checks\":[");

  n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CabinetCheckItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"id\":");
      cabinet_json_append_string (out, cabinet_check_item_get_id (item));
      g_string_append (out, ",\"status\":");
      cabinet_json_append_string (out, cabinet_check_status_to_string (cabinet_check_item_get_status (item)));
      g_string_append (out, ",\"summary\":");
      cabinet_json_append_string (out, cabinet_check_item_get_summary (item));
      g_string_append (out, ",\"evidence\":");
      cabinet_json_append_string (out, cabinet_check_item_get_evidence (item));
      g_string_append (out, ",\"remedy\":");
      cabinet_json_append_string (out, cabinet_check_item_get_remedy (item));
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}\n");
  return g_string_free (out, FALSE);
}

static const char *
status_mark (CabinetCheckStatus status)
{
  switch (status)
    {
    case CABINET_CHECK_PASS: return "✔";
    case CABINET_CHECK_WARN: return "!";
    case CABINET_CHECK_FAIL: return "✘";
    case CABINET_CHECK_UNKNOWN:
    default: return "?";
    }
}

static const char *
verdict_sentence (CabinetCheckStatus verdict)
{
  switch (verdict)
    {
    case CABINET_CHECK_PASS:
      return _("This computer meets the practice’s security guidelines.");
    case CABINET_CHECK_FAIL:
      return _("This computer does not meet the practice’s security guidelines: fix what failed before your next session.");
    case CABINET_CHECK_WARN:
    case CABINET_CHECK_UNKNOWN:
    default:
      return _("Some checks need your attention, or could not tell whether all is well.");
    }
}

static void
append_indented (GString    *out,
                 const char *text,
                 const char *indent)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    if (*lines[i])
      g_string_append_printf (out, "%s%s\n", indent, lines[i]);
}

/* A report for a terminal, in the user's language. */
char *
cabinet_self_check_to_text (CabinetSelfCheck *self)
{
  GString *out = g_string_new (NULL);
  g_autofree char *when = NULL;
  CabinetCheckStatus verdict;
  guint n;

  g_return_val_if_fail (CABINET_IS_SELF_CHECK (self), NULL);

  verdict = cabinet_self_check_get_verdict (self);
  if (self->checked_at)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (self->checked_at);
      when = g_date_time_format (local, "%x %X");
    }
  /* Translators: the first line of the terminal report; %s is a date and time. */
  g_string_append_printf (out, _("Cabinet security self-check, %s"), when ? when : "");
  g_string_append (out, "\n\n");

  n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CabinetCheckItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      CabinetCheckStatus status = cabinet_check_item_get_status (item);

      g_string_append_printf (out, "%s %s — %s%s\n", status_mark (status),
                              cabinet_check_item_get_title (item),
                              cabinet_check_status_label (status),
                              cabinet_check_item_get_required (item) ? "" : _(" (advisory)"));
      append_indented (out, cabinet_check_item_get_summary (item), "    ");
      if (status != CABINET_CHECK_PASS && cabinet_check_item_get_remedy (item))
        {
          g_string_append_printf (out, "    %s\n", _("What to do:"));
          append_indented (out, cabinet_check_item_get_remedy (item), "      ");
        }
    }

  g_string_append_c (out, '\n');
  g_string_append (out, verdict_sentence (verdict));
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

/* The run as a printable record of due diligence: each check with what it found,
 * what it read and what to do. */
GBytes *
cabinet_self_check_render_report (CabinetSelfCheck  *self,
                                  const char        *practitioner,
                                  GError           **error)
{
  g_autoptr(CabinetPdf) pdf = cabinet_pdf_new (cabinet_paper_for_locale ());
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;
  g_autofree char *line = NULL;
  const char *title = _("Security self-check of this computer");
  guint n;

  g_return_val_if_fail (CABINET_IS_SELF_CHECK (self), NULL);
  g_return_val_if_fail (self->checked_at != NULL, NULL);

  local = g_date_time_to_local (self->checked_at);
  when = g_date_time_format (local, "%x %X");
  cabinet_pdf_set_metadata (pdf, title, practitioner, _("Workstation compliance with the practice’s security guidelines"));
  cabinet_pdf_set_header (pdf, practitioner ? practitioner : "");
  cabinet_pdf_set_footer (pdf, title);

  cabinet_pdf_add_text (pdf, CABINET_PDF_TITLE, title);
  /* Translators: %s is a date and time, %s the computer's name. */
  line = g_strdup_printf (_("Checked on %s on the computer “%s”."), when, g_get_host_name ());
  cabinet_pdf_add_text (pdf, CABINET_PDF_BODY, line);
  cabinet_pdf_add_text (pdf, CABINET_PDF_BODY, verdict_sentence (cabinet_self_check_get_verdict (self)));
  cabinet_pdf_add_space (pdf, 8);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CabinetCheckItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      CabinetCheckStatus status = cabinet_check_item_get_status (item);
      g_autofree char *heading = g_strdup_printf ("%s %s — %s", status_mark (status),
                                                  cabinet_check_item_get_title (item),
                                                  cabinet_check_status_label (status));

      cabinet_pdf_add_text (pdf, CABINET_PDF_HEADING, heading);
      cabinet_pdf_add_text (pdf, CABINET_PDF_BODY, cabinet_check_item_get_summary (item));
      if (status != CABINET_CHECK_PASS && cabinet_check_item_get_remedy (item))
        {
          g_autofree char *remedy = g_strdup_printf ("%s %s", _("What to do:"), cabinet_check_item_get_remedy (item));
          cabinet_pdf_add_text (pdf, CABINET_PDF_BODY, remedy);
        }
      if (*cabinet_check_item_get_evidence (item))
        cabinet_pdf_add_text (pdf, CABINET_PDF_MONO, cabinet_check_item_get_evidence (item));
    }

  return cabinet_pdf_render (pdf, error);
}

/* Keeps the run, its time and each check's status and summary, in one
 * transaction. The evidence stays out: it names files and devices of the
 * computer, not something the history needs. */
gboolean
cabinet_self_check_save (CabinetSelfCheck  *self,
                         CabinetDatabase   *database,
                         gint64            *run_id,
                         GError           **error)
{
  g_autoptr(sqlite3_stmt) run = NULL;
  g_autoptr(sqlite3_stmt) result = NULL;
  g_autofree char *checked_at = NULL;
  gint64 id;
  guint n;

  g_return_val_if_fail (CABINET_IS_SELF_CHECK (self), FALSE);
  g_return_val_if_fail (CABINET_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (self->checked_at != NULL, FALSE);

  checked_at = format_iso8601 (self->checked_at);
  if (!cabinet_database_begin (database, error))
    return FALSE;

  run = cabinet_database_prepare (database,
                                  "INSERT INTO self_check_runs (checked_at, verdict) VALUES (?, ?)",
                                  error);
  if (run == NULL)
    goto fail;
  sqlite3_bind_text (run, 1, checked_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (run, 2, cabinet_check_status_to_string (cabinet_self_check_get_verdict (self)), -1, SQLITE_STATIC);
  if (!cabinet_database_step (database, run, NULL, error))
    goto fail;
  id = cabinet_database_last_insert_id (database);

  result = cabinet_database_prepare (database,
                                     "INSERT INTO self_check_results (run_id, check_id, status, summary) "
                                     "VALUES (?, ?, ?, ?)",
                                     error);
  if (result == NULL)
    goto fail;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CabinetCheckItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      sqlite3_reset (result);
      sqlite3_bind_int64 (result, 1, id);
      sqlite3_bind_text (result, 2, cabinet_check_item_get_id (item), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (result, 3, cabinet_check_status_to_string (cabinet_check_item_get_status (item)), -1, SQLITE_STATIC);
      sqlite3_bind_text (result, 4, cabinet_check_item_get_summary (item), -1, SQLITE_TRANSIENT);
      if (!cabinet_database_step (database, result, NULL, error))
        goto fail;
    }

  if (!cabinet_audit_record (database, "self-check", "self_check_run", id, error))
    goto fail;
  if (!cabinet_database_commit (database, error))
    return FALSE;
  if (run_id)
    *run_id = id;
  return TRUE;

fail:
  cabinet_database_rollback (database);
  return FALSE;
}
