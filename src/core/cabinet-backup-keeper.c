/* cabinet-backup-keeper.c — when backups are made, and what the last one said
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cabinet-backup-keeper.h"
#include "cabinet-context.h"
#include "cabinet-keyring.h"

/* How often the keeper looks whether the day's backup is due. */
#define CHECK_INTERVAL_SECONDS (60 * 60)
/* After an unlock: long enough not to slow the morning's first look. */
#define AFTER_UNLOCK_SECONDS   (2 * 60)

struct _CabinetBackupKeeper
{
  GObject         parent_instance;
  CabinetContext *context;     /* owns us */
  GDateTime      *last_backup;
  char           *error;
  gboolean        busy;
  guint           check_id;
  guint           unlock_check_id;
};

G_DEFINE_FINAL_TYPE (CabinetBackupKeeper, cabinet_backup_keeper, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LAST_BACKUP,
  PROP_ERROR,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cabinet_backup_keeper_dispose (GObject *object)
{
  CabinetBackupKeeper *self = CABINET_BACKUP_KEEPER (object);

  g_clear_handle_id (&self->check_id, g_source_remove);
  g_clear_handle_id (&self->unlock_check_id, g_source_remove);
  G_OBJECT_CLASS (cabinet_backup_keeper_parent_class)->dispose (object);
}

static void
cabinet_backup_keeper_finalize (GObject *object)
{
  CabinetBackupKeeper *self = CABINET_BACKUP_KEEPER (object);

  g_clear_pointer (&self->last_backup, g_date_time_unref);
  g_free (self->error);
  G_OBJECT_CLASS (cabinet_backup_keeper_parent_class)->finalize (object);
}

static void
cabinet_backup_keeper_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CabinetBackupKeeper *self = CABINET_BACKUP_KEEPER (object);

  switch (prop_id)
    {
    case PROP_LAST_BACKUP:
      g_value_set_boxed (value, self->last_backup);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cabinet_backup_keeper_class_init (CabinetBackupKeeperClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cabinet_backup_keeper_dispose;
  object_class->finalize = cabinet_backup_keeper_finalize;
  object_class->get_property = cabinet_backup_keeper_get_property;

  properties[PROP_LAST_BACKUP] =
    g_param_spec_boxed ("last-backup", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cabinet_backup_keeper_init (CabinetBackupKeeper *self)
{
}

char *
cabinet_backup_keeper_dup_folder (CabinetBackupKeeper *self)
{
  g_autofree char *setting = NULL;

  g_return_val_if_fail (CABINET_IS_BACKUP_KEEPER (self), NULL);

  setting = g_settings_get_string (cabinet_context_get_settings (self->context), "backup-folder");
  return cabinet_backup_folder (cabinet_context_get_database_path (self->context), setting);
}

static void
refresh_last_backup (CabinetBackupKeeper *self)
{
  g_autofree char *folder = cabinet_backup_keeper_dup_folder (self);
  GDateTime *newest = cabinet_backup_newest_time (folder, cabinet_context_get_database_path (self->context));

  if ((newest == NULL) == (self->last_backup == NULL)
      && (newest == NULL || g_date_time_equal (newest, self->last_backup)))
    {
      g_clear_pointer (&newest, g_date_time_unref);
      return;
    }
  g_clear_pointer (&self->last_backup, g_date_time_unref);
  self->last_backup = newest;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_BACKUP]);
}

static void
set_error (CabinetBackupKeeper *self,
           const char          *error)
{
  if (g_strcmp0 (self->error, error) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_busy (CabinetBackupKeeper *self,
          gboolean             busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static gboolean
check_due (gpointer user_data)
{
  cabinet_backup_keeper_back_up_if_due (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
check_after_unlock (gpointer user_data)
{
  CabinetBackupKeeper *self = user_data;

  self->unlock_check_id = 0;
  cabinet_backup_keeper_back_up_if_due (self);
  return G_SOURCE_REMOVE;
}

static void
locked_changed (CabinetBackupKeeper *self)
{
  g_clear_handle_id (&self->unlock_check_id, g_source_remove);
  if (!cabinet_context_is_locked (self->context))
    self->unlock_check_id = g_timeout_add_seconds (AFTER_UNLOCK_SECONDS, check_after_unlock, self);
}

static void
folder_changed (CabinetBackupKeeper *self)
{
  set_error (self, NULL);
  refresh_last_backup (self);
}

CabinetBackupKeeper *
cabinet_backup_keeper_new (CabinetContext *context)
{
  CabinetBackupKeeper *self;

  g_return_val_if_fail (CABINET_IS_CONTEXT (context), NULL);

  self = g_object_new (CABINET_TYPE_BACKUP_KEEPER, NULL);
  self->context = context;
  refresh_last_backup (self);
  g_signal_connect_object (context, "notify::locked", G_CALLBACK (locked_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (cabinet_context_get_settings (context), "changed::backup-folder",
                           G_CALLBACK (folder_changed), self, G_CONNECT_SWAPPED);
  self->check_id = g_timeout_add_seconds (CHECK_INTERVAL_SECONDS, check_due, self);
  locked_changed (self);
  return self;
}

GDateTime *
cabinet_backup_keeper_get_last_backup (CabinetBackupKeeper *self)
{
  g_return_val_if_fail (CABINET_IS_BACKUP_KEEPER (self), NULL);
  return self->last_backup;
}

const char *
cabinet_backup_keeper_get_error (CabinetBackupKeeper *self)
{
  g_return_val_if_fail (CABINET_IS_BACKUP_KEEPER (self), NULL);
  return self->error;
}

gboolean
cabinet_backup_keeper_get_busy (CabinetBackupKeeper *self)
{
  g_return_val_if_fail (CABINET_IS_BACKUP_KEEPER (self), FALSE);
  return self->busy;
}

static gboolean
older_than (GDateTime *when,
            GTimeSpan  span)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return when == NULL || g_date_time_difference (now, when) >= span;
}

gboolean
cabinet_backup_keeper_is_stale (CabinetBackupKeeper *self)
{
  g_return_val_if_fail (CABINET_IS_BACKUP_KEEPER (self), TRUE);
  return older_than (self->last_backup, CABINET_BACKUP_STALE_DAYS * G_TIME_SPAN_DAY);
}

/* Whether a backup or a restore may start now; if not, @task is told why. */
static gboolean
can_start (CabinetBackupKeeper *self,
           GTask               *task)
{
  CabinetDatabase *database = cabinet_context_get_database (self->context);
  GError *error = NULL;

  if (database == NULL)
    g_set_error_literal (&error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_LOCKED,
                         _("Cabinet is locked. Unlock it to see your records."));
  else if (self->busy)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_BUSY, _("A backup is already being made."));
  else
    return TRUE;
  g_task_return_error (task, error);
  return FALSE;
}

/* Making a backup */

static void
back_up_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CabinetBackupKeeper *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  CabinetBackup *backup = cabinet_backup_make_finish (result, &error);

  set_busy (self, FALSE);
  set_error (self, backup ? NULL : error->message);
  refresh_last_backup (self);
  if (backup)
    g_task_return_pointer (task, backup, g_object_unref);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
cabinet_backup_keeper_back_up_async (CabinetBackupKeeper *self,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *folder = NULL;
  CabinetDatabase *database;

  g_return_if_fail (CABINET_IS_BACKUP_KEEPER (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, cabinet_backup_keeper_back_up_async);
  if (!can_start (self, task))
    return;
  database = cabinet_context_get_database (self->context);
  folder = cabinet_backup_keeper_dup_folder (self);
  set_busy (self, TRUE);
  cabinet_backup_make_async (database, folder, NULL, back_up_done, g_steal_pointer (&task));
}

CabinetBackup *
cabinet_backup_keeper_back_up_finish (CabinetBackupKeeper *self,
                                      GAsyncResult        *result,
                                      GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
due_backup_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CabinetBackup) backup = NULL;
  g_autoptr(GError) error = NULL;

  backup = cabinet_backup_keeper_back_up_finish (CABINET_BACKUP_KEEPER (source), result, &error);
  /* Shown where the therapist looks: the Security page and the self-check. */
  if (backup == NULL)
    g_warning ("The daily backup failed: %s", error->message);
}

void
cabinet_backup_keeper_back_up_if_due (CabinetBackupKeeper *self)
{
  g_return_if_fail (CABINET_IS_BACKUP_KEEPER (self));

  refresh_last_backup (self);
  if (cabinet_context_is_locked (self->context) || self->busy
      || !older_than (self->last_backup, G_TIME_SPAN_DAY))
    return;
  cabinet_backup_keeper_back_up_async (self, due_backup_done, NULL);
}

void
cabinet_backup_keeper_back_up_before_quit (CabinetBackupKeeper *self)
{
  g_autoptr(CabinetBackup) backup = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  CabinetDatabase *database;

  g_return_if_fail (CABINET_IS_BACKUP_KEEPER (self));

  database = cabinet_context_get_database (self->context);
  if (database == NULL)
    return;
  folder = cabinet_backup_keeper_dup_folder (self);
  backup = cabinet_backup_make (database, folder, &error);
  if (backup == NULL || !cabinet_backup_rotate (folder, cabinet_database_get_path (database), &error))
    g_warning ("The backup on quitting failed: %s", error->message);
  refresh_last_backup (self);
}

/* Restoring */

typedef struct {
  char            *path;
  CabinetKey      *backup_key;    /* NULL: the database's */
  CabinetKey      *database_key;
  char            *database_path;
  char            *folder;
  CabinetBackup   *restored;
  CabinetDatabase *reopened;
  gboolean         path_was_open;  /* the database opened before */
} RestoreData;

static void
restore_data_free (RestoreData *data)
{
  g_free (data->path);
  cabinet_key_free (data->backup_key);
  cabinet_key_free (data->database_key);
  g_free (data->database_path);
  g_free (data->folder);
  g_clear_object (&data->restored);
  g_clear_object (&data->reopened);
  g_free (data);
}

static void
restore_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RestoreData *data = task_data;
  GError *error = NULL;

  /* A damaged database, while locked: the keyring's key opens the backup. */
  if (data->database_key == NULL)
    {
      data->database_key = cabinet_keyring_lookup (data->database_path, &error);
      if (data->database_key == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  data->restored = cabinet_backup_restore (data->path,
                                           data->backup_key ? data->backup_key : data->database_key,
                                           data->database_path, data->database_key, data->folder,
                                           &error);
  /* Whether it worked or not, the records are opened again: the restored ones,
   * or the ones left as they were (unless they were damaged). */
  if (data->restored != NULL || data->path_was_open)
    data->reopened = cabinet_database_open (data->database_path, data->database_key,
                                          CABINET_DATABASE_OPEN_EXISTING,
                                          error ? NULL : &error);
  if (error)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
restore_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  CabinetBackupKeeper *self = CABINET_BACKUP_KEEPER (source);
  RestoreData *data = g_task_get_task_data (G_TASK (result));

  set_busy (self, FALSE);
  if (data->reopened != NULL)
    cabinet_context_unlock (self->context, data->reopened);
  refresh_last_backup (self);
  if (user_data != NULL)
    {
      GTask *outer = user_data;
      GError *error = NULL;

      if (g_task_propagate_boolean (G_TASK (result), &error))
        g_task_return_pointer (outer, g_object_ref (data->restored), g_object_unref);
      else
        g_task_return_error (outer, error);
      g_object_unref (outer);
    }
}

void
cabinet_backup_keeper_restore_async (CabinetBackupKeeper *self,
                                     const char          *path,
                                     const CabinetKey    *key,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *outer;
  g_autoptr(GTask) task = NULL;
  CabinetDatabase *database;
  RestoreData *data;

  g_return_if_fail (CABINET_IS_BACKUP_KEEPER (self));
  g_return_if_fail (path != NULL);

  outer = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (outer, cabinet_backup_keeper_restore_async);
  if (!can_start (self, outer))
    {
      g_object_unref (outer);
      return;
    }
  database = cabinet_context_get_database (self->context);

  data = g_new0 (RestoreData, 1);
  data->path = g_strdup (path);
  data->backup_key = key ? cabinet_key_copy (key) : NULL;
  data->database_key = cabinet_database_dup_key (database);
  data->database_path = g_strdup (cabinet_database_get_path (database));
  data->folder = cabinet_backup_keeper_dup_folder (self);
  data->path_was_open = TRUE;

  /* The file is about to be replaced: no connection may stay on it. */
  set_busy (self, TRUE);
  cabinet_context_lock (self->context);

  task = g_task_new (self, NULL, restore_done, outer);
  g_task_set_task_data (task, data, (GDestroyNotify) restore_data_free);
  g_task_run_in_thread (task, restore_thread);
}

CabinetBackup *
cabinet_backup_keeper_dup_newest (CabinetBackupKeeper *self)
{
  g_autofree char *folder = NULL;
  g_autoptr(GListModel) list = NULL;

  g_return_val_if_fail (CABINET_IS_BACKUP_KEEPER (self), NULL);

  folder = cabinet_backup_keeper_dup_folder (self);
  list = cabinet_backup_list (folder, cabinet_context_get_database_path (self->context), NULL);
  return list && g_list_model_get_n_items (list) > 0 ? g_list_model_get_item (list, 0) : NULL;
}

void
cabinet_backup_keeper_replace_damaged_async (CabinetBackupKeeper *self,
                                             const CabinetKey    *key,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autoptr(CabinetBackup) newest = NULL;
  g_autoptr(GTask) task = NULL;
  GTask *outer;
  RestoreData *data;

  g_return_if_fail (CABINET_IS_BACKUP_KEEPER (self));

  outer = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (outer, cabinet_backup_keeper_restore_async);
  newest = cabinet_backup_keeper_dup_newest (self);
  if (newest == NULL || self->busy || !cabinet_context_is_locked (self->context))
    {
      g_task_return_new_error (outer, CABINET_BACKUP_ERROR, CABINET_BACKUP_ERROR_NOT_FOUND, "%s",
                               _("There is no backup in the backup folder."));
      g_object_unref (outer);
      return;
    }

  data = g_new0 (RestoreData, 1);
  data->path = g_strdup (cabinet_backup_get_path (newest));
  data->database_key = key ? cabinet_key_copy (key) : NULL;
  data->database_path = g_strdup (cabinet_context_get_database_path (self->context));
  data->folder = cabinet_backup_keeper_dup_folder (self);

  set_busy (self, TRUE);
  task = g_task_new (self, NULL, restore_done, outer);
  g_task_set_task_data (task, data, (GDestroyNotify) restore_data_free);
  g_task_run_in_thread (task, restore_thread);
}

CabinetBackup *
cabinet_backup_keeper_restore_finish (CabinetBackupKeeper *self,
                                      GAsyncResult        *result,
                                      GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
