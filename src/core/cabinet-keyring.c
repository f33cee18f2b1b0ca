/* cabinet-keyring.c — the database key in the desktop keyring (Secret Service)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <string.h>

#include "cabinet-keyring.h"

G_DEFINE_QUARK (cabinet-keyring-error-quark, cabinet_keyring_error)

/* One item per database, found by the database's absolute path. */
static const SecretSchema *
key_schema (void)
{
  static const SecretSchema schema = {
    APPLICATION_ID, SECRET_SCHEMA_NONE,
    {
      { "database", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };
  return &schema;
}

static char *
absolute_path (const char *path)
{
  return g_canonicalize_filename (path, NULL);
}

/* libsecret reports D-Bus and Secret Service errors; the therapist needs to know
 * whether the keyring is missing, locked or just does not hold the key. */
static void
translate_error (GError  *in,
                 GError **error)
{
  if (g_error_matches (in, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN)
      || g_error_matches (in, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER)
      || g_error_matches (in, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND)
      || g_error_matches (in, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_EXEC_FAILED)
      || g_error_matches (in, G_DBUS_ERROR, G_DBUS_ERROR_NOT_SUPPORTED)
      || g_error_matches (in, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
      || (in->domain == G_DBUS_ERROR && !g_error_matches (in, G_DBUS_ERROR, G_DBUS_ERROR_ACCESS_DENIED)))
    g_set_error_literal (error, CABINET_KEYRING_ERROR, CABINET_KEYRING_ERROR_UNAVAILABLE,
                         _("This desktop has no keyring to keep Cabinet’s key. Use your recovery key or passphrase, or set up a keyring (GNOME Keyring or KWallet)."));
  else if (g_error_matches (in, SECRET_ERROR, SECRET_ERROR_IS_LOCKED)
           || g_error_matches (in, G_IO_ERROR, G_IO_ERROR_CANCELLED)
           || g_error_matches (in, G_DBUS_ERROR, G_DBUS_ERROR_ACCESS_DENIED))
    g_set_error_literal (error, CABINET_KEYRING_ERROR, CABINET_KEYRING_ERROR_LOCKED,
                         _("Your keyring is locked. Unlock it with your session password when asked, or use your recovery key."));
  else
    g_set_error (error, CABINET_KEYRING_ERROR, CABINET_KEYRING_ERROR_FAILED,
                 _("The keyring could not be used (%s). Use your recovery key or passphrase."),
                 in->message);
}

static void
set_not_found (GError **error)
{
  g_set_error_literal (error, CABINET_KEYRING_ERROR, CABINET_KEYRING_ERROR_NOT_FOUND,
                       _("The keyring does not hold the key of this database. Enter your recovery key or passphrase; Cabinet will keep the key in the keyring again."));
}

static char *
item_label (const char *path)
{
  /* Translators: the label of the keyring item; %s is the database file. */
  return g_strdup_printf (_("Cabinet database key (%s)"), path);
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    {
      GError *out = NULL;
      translate_error (error, &out);
      g_task_return_error (task, out);
    }
}

void
cabinet_keyring_store_async (const char          *database_path,
                             const CabinetKey    *key,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *path = NULL;
  g_autofree char *label = NULL;
  char *hex;
  GTask *task;

  g_return_if_fail (database_path != NULL);
  g_return_if_fail (key != NULL && cabinet_key_get_kind (key) == CABINET_KEY_RAW);

  path = absolute_path (database_path);
  label = item_label (path);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cabinet_keyring_store_async);

  hex = cabinet_key_to_hex (key);
  secret_password_store (key_schema (), SECRET_COLLECTION_DEFAULT, label, hex,
                         cancellable, store_cb, task,
                         "database", path,
                         NULL);
  cabinet_secure_free_string (hex);
}

gboolean
cabinet_keyring_store_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static CabinetKey *
key_from_secret (char    *secret,
                 GError **error)
{
  CabinetKey *key;

  if (secret == NULL)
    {
      set_not_found (error);
      return NULL;
    }
  key = cabinet_key_new_from_hex (secret, error);
  secret_password_free (secret);
  return key;
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GError *out = NULL;
  char *secret = secret_password_lookup_finish (result, &error);
  CabinetKey *key;

  if (error)
    {
      translate_error (error, &out);
      g_task_return_error (task, out);
      return;
    }
  key = key_from_secret (secret, &out);
  if (key)
    g_task_return_pointer (task, key, (GDestroyNotify) cabinet_key_free);
  else
    g_task_return_error (task, out);
}

void
cabinet_keyring_lookup_async (const char          *database_path,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (database_path != NULL);

  path = absolute_path (database_path);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cabinet_keyring_lookup_async);
  secret_password_lookup (key_schema (), cancellable, lookup_cb, task,
                          "database", path,
                          NULL);
}

CabinetKey *
cabinet_keyring_lookup_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
cabinet_keyring_store (const char        *database_path,
                       const CabinetKey  *key,
                       GError           **error)
{
  g_autofree char *path = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GError) local_error = NULL;
  char *hex;
  gboolean ok;

  g_return_val_if_fail (database_path != NULL, FALSE);
  g_return_val_if_fail (key != NULL && cabinet_key_get_kind (key) == CABINET_KEY_RAW, FALSE);

  path = absolute_path (database_path);
  label = item_label (path);
  hex = cabinet_key_to_hex (key);
  ok = secret_password_store_sync (key_schema (), SECRET_COLLECTION_DEFAULT, label, hex,
                                   NULL, &local_error,
                                   "database", path,
                                   NULL);
  cabinet_secure_free_string (hex);
  if (!ok)
    translate_error (local_error, error);
  return ok;
}

CabinetKey *
cabinet_keyring_lookup (const char  *database_path,
                        GError     **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) local_error = NULL;
  char *secret;

  g_return_val_if_fail (database_path != NULL, NULL);

  path = absolute_path (database_path);
  secret = secret_password_lookup_sync (key_schema (), NULL, &local_error,
                                        "database", path,
                                        NULL);
  if (local_error)
    {
      translate_error (local_error, error);
      return NULL;
    }
  return key_from_secret (secret, error);
}

gboolean
cabinet_keyring_forget (const char  *database_path,
                        GError     **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (database_path != NULL, FALSE);

  path = absolute_path (database_path);
  secret_password_clear_sync (key_schema (), NULL, &local_error,
                              "database", path,
                              NULL);
  if (local_error)
    {
      translate_error (local_error, error);
      return FALSE;
    }
  return TRUE;
}
