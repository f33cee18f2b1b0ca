/* cabinet-context.c — what every window and page shares: the database, settings
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cabinet-audit.h"
#include "cabinet-backup-keeper.h"
#include "cabinet-context.h"
#include "cabinet-keyring.h"
#include "cabinet-money.h"

struct _CabinetContext
{
  GObject              parent_instance;
  char                *database_path;
  GSettings           *settings;
  CabinetDatabase     *database;      /* NULL while locked */
  CabinetPractitioner *practitioner;  /* loaded at unlock, dropped at lock */
  CabinetClientStore  *client_store;  /* loaded when first asked for, dropped at lock */
  CabinetSessionStore *session_store;
  CabinetCalendarSync *calendar_sync;
  CabinetBackupKeeper *backups;
  CabinetLedger       *ledger;
  CabinetBreachLog    *breach_log;
  CabinetSelfCheck    *self_check;
  GCancellable        *self_check_cancellable;
  GCancellable        *database_check;   /* the check of the file after unlock */
  GError              *damage;           /* what that check found, until the next unlock */
  CabinetKey          *damaged_key;      /* the key of that file, to restore a backup over it */
  struct KeyAsked     *key_asked;        /* the keyring asked ahead of the unlock, until it uses it */
};

/* The keyring's answer asked for while the window is built; the first open
 * without a key takes it (or waits for it) instead of asking again. */
typedef struct KeyAsked {
  GCancellable *cancellable;
  CabinetKey   *key;       /* the answer: a key … */
  GError       *error;     /* … or why there is none; both NULL until it comes */
  GTask        *waiting;   /* the open that came before the answer */
} KeyAsked;

static void
key_asked_free (KeyAsked *asked)
{
  g_cancellable_cancel (asked->cancellable);
  g_clear_object (&asked->cancellable);
  g_clear_pointer (&asked->key, cabinet_key_free);
  g_clear_error (&asked->error);
  if (asked->waiting)
    g_task_return_new_error (asked->waiting, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                             "The keyring's answer was given up");
  g_clear_object (&asked->waiting);
  g_free (asked);
}

G_DEFINE_TYPE (CabinetContext, cabinet_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_LOCKED,
  PROP_PRACTITIONER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cabinet_context_dispose (GObject *object)
{
  CabinetContext *self = CABINET_CONTEXT (object);

  if (self->database)
    cabinet_database_close (self->database);
  g_clear_object (&self->database);
  g_clear_object (&self->practitioner);
  g_clear_object (&self->client_store);
  g_clear_object (&self->session_store);
  g_clear_object (&self->ledger);
  g_clear_object (&self->breach_log);
  /* Its work under way holds it: dispose it now, so that it lets go of us. */
  if (self->calendar_sync)
    g_object_run_dispose (G_OBJECT (self->calendar_sync));
  g_clear_object (&self->calendar_sync);
  if (self->backups)
    g_object_run_dispose (G_OBJECT (self->backups));
  g_clear_object (&self->backups);
  g_cancellable_cancel (self->self_check_cancellable);
  g_clear_object (&self->self_check_cancellable);
  g_clear_object (&self->self_check);
  g_clear_object (&self->settings);
  g_cancellable_cancel (self->database_check);
  g_clear_object (&self->database_check);
  g_clear_error (&self->damage);
  g_clear_pointer (&self->damaged_key, cabinet_key_free);
  /* An open waiting for it holds us: there is none by now. */
  g_clear_pointer (&self->key_asked, key_asked_free);

  G_OBJECT_CLASS (cabinet_context_parent_class)->dispose (object);
}

static void
cabinet_context_finalize (GObject *object)
{
  CabinetContext *self = CABINET_CONTEXT (object);

  g_free (self->database_path);

  G_OBJECT_CLASS (cabinet_context_parent_class)->finalize (object);
}

static void
cabinet_context_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CabinetContext *self = CABINET_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;
    case PROP_LOCKED:
      g_value_set_boolean (value, cabinet_context_is_locked (self));
      break;
    case PROP_PRACTITIONER:
      g_value_set_object (value, self->practitioner);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cabinet_context_class_init (CabinetContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cabinet_context_dispose;
  object_class->finalize = cabinet_context_finalize;
  object_class->get_property = cabinet_context_get_property;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, CABINET_TYPE_DATABASE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCKED] =
    g_param_spec_boolean ("locked", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRACTITIONER] =
    g_param_spec_object ("practitioner", NULL, NULL, CABINET_TYPE_PRACTITIONER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cabinet_context_init (CabinetContext *self)
{
}

static void apply_payment_ceiling (CabinetContext *self);

CabinetContext *
cabinet_context_new (const char *database_path,
                     GSettings  *settings)
{
  CabinetContext *self;

  g_return_val_if_fail (database_path != NULL, NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (CABINET_TYPE_CONTEXT, NULL);
  self->database_path = g_canonicalize_filename (database_path, NULL);
  self->settings = g_object_ref (settings);
  g_signal_connect_object (settings, "changed::payment-ceiling", G_CALLBACK (apply_payment_ceiling), self,
                           G_CONNECT_SWAPPED);
  return self;
}

CabinetBackupKeeper *
cabinet_context_get_backups (CabinetContext *self)
{
  g_return_val_if_fail (CABINET_IS_CONTEXT (self), NULL);

  if (self->backups == NULL)
    self->backups = cabinet_backup_keeper_new (self);
  return self->backups;
}

const char *
cabinet_context_get_database_path (CabinetContext *self)
{
  g_return_val_if_fail (CABINET_IS_CONTEXT (self), NULL);
  return self->database_path;
}

GSettings *
cabinet_context_get_settings (CabinetContext *self)
{
  g_return_val_if_fail (CABINET_IS_CONTEXT (self), NULL);
  return self->settings;
}

CabinetDatabase *
cabinet_context_get_database (CabinetContext *self)
{
  g_return_val_if_fail (CABINET_IS_CONTEXT (self), NULL);
  return self->database;
}

gboolean
cabinet_context_is_locked (CabinetContext *self)
{
  g_return_val_if_fail (CABINET_IS_CONTEXT (self), TRUE);
  return self->database == NULL;
}

gboolean
cabinet_context_database_exists (CabinetContext *self)
{
  g_return_val_if_fail (CABINET_IS_CONTEXT (self), FALSE);
  return g_file_test (self->database_path, G_FILE_TEST_EXISTS);
}

static void
set_practitioner (CabinetContext      *self,
                  CabinetPractitioner *practitioner)
{
  const char *before = self->practitioner ? cabinet_practitioner_get_currency (self->practitioner) : NULL;
  const char *after = practitioner ? cabinet_practitioner_get_currency (practitioner) : NULL;

  /* The ledger keeps the profile's currency: a new one only when that changes,
   * so that pages watching it keep watching the one in use. */
  if (g_strcmp0 (before, after) != 0)
    g_clear_object (&self->ledger);
  if (g_set_object (&self->practitioner, practitioner))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRACTITIONER]);
}

static void
database_checked_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(CabinetContext) self = user_data;
  CabinetDatabase *database = CABINET_DATABASE (source);
  g_autoptr(GError) error = NULL;

  if (cabinet_database_check_finish (database, result, &error) || self->database != database)
    return;
  if (!g_error_matches (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_DAMAGED))
    {
      /* Not a verdict on the file: the next unlock checks it again. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("The database could not be checked: %s", error->message);
      return;
    }
  /* Nothing more is written to a damaged file: the unlock page says what
   * happened and offers the newest backup. */
  g_clear_error (&self->damage);
  self->damage = g_steal_pointer (&error);
  g_clear_pointer (&self->damaged_key, cabinet_key_free);
  self->damaged_key = cabinet_database_dup_key (database);
  cabinet_context_lock (self);
}

/* Takes an open database; every page then reloads what it shows. */
void
cabinet_context_unlock (CabinetContext  *self,
                        CabinetDatabase *database)
{
  g_autoptr(CabinetPractitioner) practitioner = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CABINET_IS_CONTEXT (self));
  g_return_if_fail (CABINET_IS_DATABASE (database));

  if (self->database == database)
    return;
  if (self->database)
    cabinet_database_close (self->database);
  g_clear_error (&self->damage);
  g_clear_pointer (&self->damaged_key, cabinet_key_free);
  g_cancellable_cancel (self->database_check);
  g_clear_object (&self->database_check);
  /* Opened otherwise (a passphrase, a first run): the keyring's answer is not kept. */
  if (self->key_asked && self->key_asked->waiting == NULL)
    g_clear_pointer (&self->key_asked, key_asked_free);
  g_set_object (&self->database, database);
  g_clear_object (&self->client_store);
  g_clear_object (&self->session_store);
  g_clear_object (&self->ledger);
  g_clear_object (&self->breach_log);

  if (!cabinet_audit_record (database, "unlock", NULL, 0, &error))
    g_warning ("Could not record the unlock: %s", error->message);
  g_clear_error (&error);

  practitioner = cabinet_practitioner_load (database, &error);
  if (error)
    g_warning ("Could not load the profile: %s", error->message);
  set_practitioner (self, practitioner);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
}

void
cabinet_context_check_database (CabinetContext *self)
{
  g_return_if_fail (CABINET_IS_CONTEXT (self));

  if (self->database == NULL || self->database_check != NULL)
    return;
  self->database_check = g_cancellable_new ();
  cabinet_database_check_async (self->database, self->database_check, database_checked_cb, g_object_ref (self));
}

/* Closes the database: SQLCipher wipes its copy of the key with the connection,
 * and we hold no other. */
void
cabinet_context_lock (CabinetContext *self)
{
  g_return_if_fail (CABINET_IS_CONTEXT (self));

  if (self->database == NULL)
    return;

  g_cancellable_cancel (self->database_check);
  g_clear_object (&self->database_check);
  /* A damaged file gets no more writes. */
  if (self->damage == NULL)
    cabinet_audit_record (self->database, "lock", NULL, 0, NULL);
  cabinet_database_close (self->database);
  g_clear_object (&self->database);
  g_clear_object (&self->client_store);
  g_clear_object (&self->session_store);
  g_clear_object (&self->ledger);
  g_clear_object (&self->breach_log);
  set_practitioner (self, NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
}

const GError *
cabinet_context_get_damage (CabinetContext *self)
{
  g_return_val_if_fail (CABINET_IS_CONTEXT (self), NULL);
  return self->damage;
}

CabinetKey *
cabinet_context_dup_damaged_key (CabinetContext *self)
{
  g_return_val_if_fail (CABINET_IS_CONTEXT (self), NULL);
  return self->damaged_key ? cabinet_key_copy (self->damaged_key) : NULL;
}

/* Once found damaged, a file is checked before it shows again: opening it would
 * only show the records for a moment, and write to it. */
static CabinetDatabaseFlags
open_flags (CabinetContext *self)
{
  return self->damage ? CABINET_DATABASE_OPEN_EXISTING : CABINET_DATABASE_CHECK_LATER;
}

CabinetPractitioner *
cabinet_context_get_practitioner (CabinetContext *self)
{
  g_return_val_if_fail (CABINET_IS_CONTEXT (self), NULL);
  return self->practitioner;
}

gboolean
cabinet_context_save_practitioner (CabinetContext       *self,
                                   CabinetPractitioner  *practitioner,
                                   GError              **error)
{
  g_return_val_if_fail (CABINET_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (CABINET_IS_PRACTITIONER (practitioner), FALSE);

  if (self->database == NULL)
    {
      g_set_error_literal (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_LOCKED,
                           "locked");
      return FALSE;
    }
  if (!cabinet_practitioner_save (practitioner, self->database, error))
    return FALSE;
  set_practitioner (self, practitioner);
  return TRUE;
}

CabinetSelfCheck *
cabinet_context_get_self_check (CabinetContext *self)
{
  g_return_val_if_fail (CABINET_IS_CONTEXT (self), NULL);

  if (self->self_check == NULL)
    self->self_check = cabinet_self_check_new ();
  return self->self_check;
}

static void
self_check_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CabinetContext *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  gint64 run_id = 0;

  if (!cabinet_self_check_run_finish (CABINET_SELF_CHECK (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Evidence of due diligence: every run made while the records are open is
   * kept. One made while locked is shown, not stored. A run that cannot be kept
   * is still a run: the caller learns that it has no id. */
  if (self->database
      && !cabinet_self_check_save (CABINET_SELF_CHECK (source), self->database, &run_id, &error))
    g_warning ("The self-check could not be kept in the history: %s", error->message);
  g_task_return_int (task, run_id);
}

void
cabinet_context_run_self_check_async (CabinetContext      *self,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(CabinetCheckEnv) env = NULL;
  GTask *task;

  g_return_if_fail (CABINET_IS_CONTEXT (self));

  /* A new run replaces one under way: the model shows one run at a time. */
  g_cancellable_cancel (self->self_check_cancellable);
  g_clear_object (&self->self_check_cancellable);
  self->self_check_cancellable = g_cancellable_new ();

  task = g_task_new (self, self->self_check_cancellable, callback, user_data);
  g_task_set_source_tag (task, cabinet_context_run_self_check_async);
  env = cabinet_check_env_new_for_settings (self->settings, self->database_path);
  cabinet_self_check_run_async (cabinet_context_get_self_check (self), env,
                                self->self_check_cancellable, self_check_done, task);
}

gboolean
cabinet_context_run_self_check_finish (CabinetContext  *self,
                                       GAsyncResult    *result,
                                       gint64          *run_id,
                                       GError         **error)
{
  gssize id;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  id = g_task_propagate_int (G_TASK (result), error);
  if (id < 0)
    return FALSE;
  if (run_id)
    *run_id = id;
  return TRUE;
}

void
cabinet_context_run_self_check (CabinetContext *self)
{
  cabinet_context_run_self_check_async (self, NULL, NULL);
}

CabinetClientStore *
cabinet_context_get_client_store (CabinetContext  *self,
                                  GError         **error)
{
  g_return_val_if_fail (CABINET_IS_CONTEXT (self), NULL);

  if (self->database == NULL)
    {
      g_set_error_literal (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_LOCKED,
                           _("Cabinet is locked."));
      return NULL;
    }
  /* Read when a page lists them; Today's rows read only their own clients. */
  if (self->client_store == NULL)
    self->client_store = cabinet_client_store_new_lazy (self->database);
  return self->client_store;
}

const char *
cabinet_context_get_currency (CabinetContext *self)
{
  g_return_val_if_fail (CABINET_IS_CONTEXT (self), "EUR");
  return self->practitioner ? cabinet_practitioner_get_currency (self->practitioner) : "EUR";
}

/* The largest payment taken as typed, from Preferences (whole units of the
 * practice's currency). */
static void
apply_payment_ceiling (CabinetContext *self)
{
  gint64 ceiling = g_settings_get_uint (self->settings, "payment-ceiling");

  if (self->ledger == NULL)
    return;
  for (guint i = cabinet_currency_decimals (cabinet_context_get_currency (self)); i > 0; i--)
    ceiling *= 10;
  cabinet_ledger_set_ceiling (self->ledger, MAX (ceiling, 1));
}

CabinetLedger *
cabinet_context_get_ledger (CabinetContext *self)
{
  g_return_val_if_fail (CABINET_IS_CONTEXT (self), NULL);

  if (self->database == NULL)
    return NULL;
  if (self->ledger == NULL)
    {
      self->ledger = cabinet_ledger_new (self->database, cabinet_context_get_currency (self));
      apply_payment_ceiling (self);
    }
  return self->ledger;
}

CabinetBreachLog *
cabinet_context_get_breach_log (CabinetContext  *self,
                                GError         **error)
{
  g_return_val_if_fail (CABINET_IS_CONTEXT (self), NULL);

  if (self->database == NULL)
    return NULL;
  if (self->breach_log == NULL)
    self->breach_log = cabinet_breach_log_new (self->database, error);
  return self->breach_log;
}

CabinetCalendarSync *
cabinet_context_get_calendar_sync (CabinetContext *self)
{
  g_return_val_if_fail (CABINET_IS_CONTEXT (self), NULL);

  if (self->calendar_sync == NULL)
    self->calendar_sync = cabinet_calendar_sync_new (self);
  return self->calendar_sync;
}

CabinetSessionStore *
cabinet_context_get_session_store (CabinetContext *self)
{
  g_return_val_if_fail (CABINET_IS_CONTEXT (self), NULL);

  if (self->database == NULL)
    return NULL;
  if (self->session_store == NULL)
    self->session_store = cabinet_session_store_new (self->database);
  return self->session_store;
}

/* Databases opened with a passphrase are listed in the settings, so that the unlock
 * screen asks for it instead of reporting a key missing from the keyring. */
gboolean
cabinet_context_uses_passphrase (CabinetContext *self)
{
  g_auto(GStrv) paths = NULL;

  g_return_val_if_fail (CABINET_IS_CONTEXT (self), FALSE);

  paths = g_settings_get_strv (self->settings, "passphrase-databases");
  return g_strv_contains ((const char * const *) paths, self->database_path);
}

static void
remember_passphrase_mode (CabinetContext *self,
                          gboolean        passphrase)
{
  g_auto(GStrv) paths = g_settings_get_strv (self->settings, "passphrase-databases");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;

  for (guint i = 0; paths[i]; i++)
    if (!g_str_equal (paths[i], self->database_path))
      g_strv_builder_add (builder, paths[i]);
  if (passphrase)
    g_strv_builder_add (builder, self->database_path);
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "passphrase-databases", (const char * const *) updated);
}

typedef struct {
  CabinetKey          *key;           /* NULL until the keyring answered */
  gboolean             from_keyring;
  CabinetPractitioner *practitioner;  /* creation only */
  CabinetDatabase     *database;
} OpenState;

static void
open_state_free (OpenState *state)
{
  cabinet_key_free (state->key);
  g_clear_object (&state->practitioner);
  g_clear_object (&state->database);
  g_free (state);
}

static void
restore_in_keyring_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  OpenState *state = g_task_get_task_data (task);

  /* The database is open either way; a keyring that refuses only means the
   * recovery key will be asked for again next time. */
  if (!cabinet_keyring_store_finish (result, &error))
    g_warning ("The key could not be kept in the keyring again: %s", error->message);
  g_task_return_pointer (task, g_steal_pointer (&state->database), g_object_unref);
}

static void
open_database_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CabinetContext *self = g_task_get_source_object (task);
  OpenState *state = g_task_get_task_data (task);
  GError *error = NULL;

  state->database = cabinet_database_open_finish (result, &error);
  if (state->database == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  remember_passphrase_mode (self, cabinet_key_get_kind (state->key) == CABINET_KEY_PASSPHRASE);
  if (!state->from_keyring && cabinet_key_get_kind (state->key) == CABINET_KEY_RAW)
    {
      cabinet_keyring_store_async (self->database_path, state->key,
                                   g_task_get_cancellable (task),
                                   restore_in_keyring_cb, g_object_ref (task));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&state->database), g_object_unref);
}

/* The keyring has answered @key, or @error: open with it. Takes both. */
static void
open_with_keyring_key (GTask      *task,
                       CabinetKey *key,
                       GError     *error)
{
  CabinetContext *self = g_task_get_source_object (task);
  OpenState *state = g_task_get_task_data (task);

  state->key = key;
  if (g_task_return_error_if_cancelled (task))
    {
      g_clear_error (&error);
      return;
    }
  if (state->key == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  cabinet_database_open_async (self->database_path, state->key, open_flags (self),
                               g_task_get_cancellable (task), open_database_cb, g_object_ref (task));
}

static void
keyring_lookup_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  CabinetKey *key = cabinet_keyring_lookup_finish (result, &error);

  open_with_keyring_key (task, key, error);
}

/* Hands the answer asked ahead to @task, and forgets it: a later unlock asks
 * the keyring again. */
static void
use_key_asked (CabinetContext *self,
               GTask          *task)
{
  KeyAsked *asked = g_steal_pointer (&self->key_asked);

  open_with_keyring_key (task, g_steal_pointer (&asked->key), g_steal_pointer (&asked->error));
  key_asked_free (asked);
}

typedef struct {
  CabinetContext *self;
  GCancellable   *cancellable;   /* which asking this answers */
} KeyAskedData;

static void
key_asked_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  KeyAskedData *data = user_data;
  g_autoptr(CabinetContext) self = data->self;
  g_autoptr(GCancellable) cancellable = data->cancellable;
  g_autoptr(GError) error = NULL;
  CabinetKey *key = cabinet_keyring_lookup_finish (result, &error);
  KeyAsked *asked = self->key_asked;

  g_free (data);
  /* Given up since (unlocked otherwise, or the context went): the key is wiped. */
  if (asked == NULL || asked->cancellable != cancellable || g_cancellable_is_cancelled (cancellable))
    {
      cabinet_key_free (key);
      return;
    }
  asked->key = key;
  asked->error = g_steal_pointer (&error);
  if (asked->waiting)
    {
      g_autoptr(GTask) task = g_steal_pointer (&asked->waiting);

      use_key_asked (self, task);
    }
}

void
cabinet_context_ask_keyring_ahead (CabinetContext *self)
{
  KeyAskedData *data;

  g_return_if_fail (CABINET_IS_CONTEXT (self));

  if (!cabinet_context_is_locked (self) || self->key_asked != NULL
      || !cabinet_context_database_exists (self) || cabinet_context_uses_passphrase (self))
    return;
  data = g_new0 (KeyAskedData, 1);
  data->self = g_object_ref (self);
  data->cancellable = g_cancellable_new ();
  self->key_asked = g_new0 (KeyAsked, 1);
  self->key_asked->cancellable = g_object_ref (data->cancellable);
  cabinet_keyring_lookup_async (self->database_path, data->cancellable, key_asked_cb, data);
}

void
cabinet_context_open_async (CabinetContext      *self,
                            const CabinetKey    *key,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenState *state;

  g_return_if_fail (CABINET_IS_CONTEXT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cabinet_context_open_async);
  state = g_new0 (OpenState, 1);
  g_task_set_task_data (task, state, (GDestroyNotify) open_state_free);

  if (key == NULL)
    {
      state->from_keyring = TRUE;
      if (self->key_asked && (self->key_asked->key || self->key_asked->error))
        use_key_asked (self, task);
      else if (self->key_asked && self->key_asked->waiting == NULL)
        self->key_asked->waiting = g_steal_pointer (&task);
      else
        cabinet_keyring_lookup_async (self->database_path, cancellable,
                                      keyring_lookup_cb, g_steal_pointer (&task));
      return;
    }

  state->key = cabinet_key_copy (key);
  cabinet_database_open_async (self->database_path, state->key, open_flags (self),
                               cancellable, open_database_cb, g_steal_pointer (&task));
}

CabinetDatabase *
cabinet_context_open_finish (CabinetContext  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
discard_new_database (CabinetContext *self,
                      OpenState      *state)
{
  if (state->database)
    cabinet_database_close (state->database);
  cabinet_database_remove_new (self->database_path);
}

static void
create_database_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CabinetContext *self = g_task_get_source_object (task);
  OpenState *state = g_task_get_task_data (task);
  GError *error = NULL;

  state->database = cabinet_database_open_finish (result, &error);
  if (state->database == NULL
      || !cabinet_practitioner_save (state->practitioner, state->database, &error))
    {
      discard_new_database (self, state);
      g_task_return_error (task, error);
      return;
    }
  remember_passphrase_mode (self, cabinet_key_get_kind (state->key) == CABINET_KEY_PASSPHRASE);
  g_task_return_pointer (task, g_steal_pointer (&state->database), g_object_unref);
}

static void
create_with_key (GTask *task)
{
  CabinetContext *self = g_task_get_source_object (task);
  OpenState *state = g_task_get_task_data (task);

  cabinet_database_open_async (self->database_path, state->key, CABINET_DATABASE_CREATE,
                               g_task_get_cancellable (task), create_database_cb, task);
}

static void
store_new_key_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  /* The key is in the keyring before any data exists: no database is ever left
   * that nothing can open. */
  if (!cabinet_keyring_store_finish (result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  create_with_key (task);
}

void
cabinet_context_create_async (CabinetContext      *self,
                              const CabinetKey    *key,
                              CabinetPractitioner *practitioner,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  OpenState *state;

  g_return_if_fail (CABINET_IS_CONTEXT (self));
  g_return_if_fail (key != NULL);
  g_return_if_fail (CABINET_IS_PRACTITIONER (practitioner));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cabinet_context_create_async);

  /* Checked before the keyring is touched: storing a new key would otherwise
   * replace the key of the database already there. */
  if (cabinet_context_database_exists (self))
    {
      g_autofree char *display = g_filename_display_name (self->database_path);

      g_task_return_new_error (task, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_FAILED,
                               _("“%s” already exists; Cabinet will not overwrite it."), display);
      g_object_unref (task);
      return;
    }

  state = g_new0 (OpenState, 1);
  state->key = cabinet_key_copy (key);
  state->practitioner = g_object_ref (practitioner);
  g_task_set_task_data (task, state, (GDestroyNotify) open_state_free);

  if (cabinet_key_get_kind (key) == CABINET_KEY_RAW)
    cabinet_keyring_store_async (self->database_path, key, cancellable, store_new_key_cb, task);
  else
    create_with_key (task);
}

CabinetDatabase *
cabinet_context_create_finish (CabinetContext  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
