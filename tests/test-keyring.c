/* test-keyring.c — the key in the Secret Service, and the ways back in without it
 * Runs under a private D-Bus session with a throwaway gnome-keyring.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "cabinet-context.h"
#include "cabinet-keyring.h"
#include "cabinet-test-utils.h"

typedef struct {
  char           *dir;
  char           *path;
  GSettings      *settings;
  CabinetContext *context;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();

  f->dir = cabinet_test_make_dir ();
  f->path = g_build_filename (f->dir, "cabinet.db", NULL);
  f->settings = g_settings_new_with_backend (APPLICATION_ID, backend);
  f->context = cabinet_context_new (f->path, f->settings);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  cabinet_keyring_forget (f->path, NULL);
  g_clear_object (&f->context);
  g_clear_object (&f->settings);
  cabinet_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static gboolean
have_secret_service (void)
{
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("No D-Bus session: run the suite with build-aux/headless");
      return FALSE;
    }
  return TRUE;
}

static void
test_store_lookup_forget (Fixture *f, gconstpointer data)
{
  g_autoptr(CabinetKey) key = cabinet_key_new_random ();
  g_autoptr(CabinetKey) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hex = NULL;
  g_autofree char *found_hex = NULL;
  g_autofree char *relative = NULL;

  if (!have_secret_service ())
    return;

  g_assert_true (cabinet_keyring_store (f->path, key, &error));
  g_assert_no_error (error);

  /* Found by the absolute path, whatever way it was written. */
  relative = g_build_filename (f->dir, ".", "cabinet.db", NULL);
  found = cabinet_keyring_lookup (relative, &error);
  g_assert_no_error (error);
  hex = cabinet_key_to_hex (key);
  found_hex = cabinet_key_to_hex (found);
  g_assert_cmpstr (hex, ==, found_hex);

  g_assert_true (cabinet_keyring_forget (f->path, &error));
  g_clear_pointer (&found, cabinet_key_free);
  found = cabinet_keyring_lookup (f->path, &error);
  g_assert_null (found);
  g_assert_error (error, CABINET_KEYRING_ERROR, CABINET_KEYRING_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "recovery key"));
}

static void
test_keys_are_per_database (Fixture *f, gconstpointer data)
{
  g_autofree char *other = g_build_filename (f->dir, "autre.db", NULL);
  g_autoptr(CabinetKey) a = cabinet_key_new_random ();
  g_autoptr(CabinetKey) b = cabinet_key_new_random ();
  g_autoptr(CabinetKey) found = NULL;
  g_autofree char *hex = NULL;
  g_autofree char *found_hex = NULL;

  if (!have_secret_service ())
    return;

  g_assert_true (cabinet_keyring_store (f->path, a, NULL));
  g_assert_true (cabinet_keyring_store (other, b, NULL));
  found = cabinet_keyring_lookup (f->path, NULL);
  hex = cabinet_key_to_hex (a);
  found_hex = cabinet_key_to_hex (found);
  g_assert_cmpstr (hex, ==, found_hex);
  cabinet_keyring_forget (other, NULL);
}

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* Claire Fontaine's practice made through the context, its key in the keyring;
 * returned open. */
static CabinetDatabase *
create_practice (Fixture    *f,
                 CabinetKey *key)
{
  g_autoptr(CabinetPractitioner) p = cabinet_test_practitioner ("Claire Fontaine");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CabinetDatabase *db;

  cabinet_context_create_async (f->context, key, p, NULL, store_result, &result);
  db = cabinet_context_create_finish (f->context, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  return db;
}

/* Opens as the unlock page does: with @key, or with the keyring's when NULL. */
static CabinetDatabase *
open_practice (Fixture     *f,
               CabinetKey  *key,
               GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cabinet_context_open_async (f->context, key, NULL, store_result, &result);
  return cabinet_context_open_finish (f->context, wait_result (&result), error);
}

static void
test_create_then_open_from_keyring (Fixture *f, gconstpointer data)
{
  g_autoptr(CabinetKey) key = cabinet_key_new_random ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetDatabase) db = NULL;

  if (!have_secret_service ())
    return;

  db = create_practice (f, key);
  cabinet_context_unlock (f->context, db);
  g_assert_false (cabinet_context_is_locked (f->context));
  g_assert_cmpstr (cabinet_practitioner_get_text (cabinet_context_get_practitioner (f->context),
                                                  CABINET_PRACTITIONER_FULL_NAME), ==, "Claire Fontaine");
  g_assert_false (cabinet_context_uses_passphrase (f->context));

  /* Locking drops the connection; opening again needs nothing but the keyring. */
  cabinet_context_lock (f->context);
  g_assert_true (cabinet_context_is_locked (f->context));
  g_assert_null (cabinet_context_get_practitioner (f->context));
  g_clear_object (&db);

  db = open_practice (f, NULL, &error);
  g_assert_no_error (error);
  cabinet_context_unlock (f->context, db);
  g_assert_cmpstr (cabinet_practitioner_get_text (cabinet_context_get_practitioner (f->context),
                                                  CABINET_PRACTITIONER_FULL_NAME), ==, "Claire Fontaine");
}

/* At start the keyring is asked while the window is built: the unlock that
 * follows takes that answer, once; the next unlock asks again. */
static void
test_keyring_asked_ahead (Fixture *f, gconstpointer data)
{
  g_autoptr(CabinetKey) key = cabinet_key_new_random ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetDatabase) db = NULL;

  if (!have_secret_service ())
    return;

  db = create_practice (f, key);
  cabinet_database_close (db);
  g_clear_object (&db);

  cabinet_context_ask_keyring_ahead (f->context);
  cabinet_context_ask_keyring_ahead (f->context);   /* asked once */
  db = open_practice (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  cabinet_context_unlock (f->context, db);
  g_assert_false (cabinet_context_is_locked (f->context));
  /* Unlocked: nothing to ask. */
  cabinet_context_ask_keyring_ahead (f->context);
  cabinet_context_lock (f->context);
  g_clear_object (&db);

  /* The key gone from the keyring since: the next unlock asks, and says so. */
  g_assert_true (cabinet_keyring_forget (f->path, NULL));
  db = open_practice (f, NULL, &error);
  g_assert_null (db);
  g_assert_error (error, CABINET_KEYRING_ERROR, CABINET_KEYRING_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Asked ahead with no key there: the unlock gets the same answer. */
  cabinet_context_ask_keyring_ahead (f->context);
  db = open_practice (f, NULL, &error);
  g_assert_null (db);
  g_assert_error (error, CABINET_KEYRING_ERROR, CABINET_KEYRING_ERROR_NOT_FOUND);
}

static void
test_recovery_key_restores_keyring (Fixture *f, gconstpointer data)
{
  g_autoptr(CabinetKey) key = cabinet_key_new_random ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetDatabase) db = NULL;
  g_autoptr(CabinetKey) typed = NULL;
  g_autoptr(CabinetKey) stored = NULL;
  g_autofree char *recovery = cabinet_key_to_recovery (key);
  g_autofree char *hex = cabinet_key_to_hex (key);
  g_autofree char *stored_hex = NULL;

  if (!have_secret_service ())
    return;

  db = create_practice (f, key);
  cabinet_database_close (db);
  g_clear_object (&db);

  /* The keyring lost the key (a new session, a reset keyring). */
  g_assert_true (cabinet_keyring_forget (f->path, NULL));
  db = open_practice (f, NULL, &error);
  g_assert_null (db);
  g_assert_error (error, CABINET_KEYRING_ERROR, CABINET_KEYRING_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The therapist types the recovery key from the sheet. */
  typed = cabinet_key_new_from_recovery (recovery, &error);
  g_assert_no_error (error);
  db = open_practice (f, typed, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);

  /* ... and the key is in the keyring again. */
  stored = cabinet_keyring_lookup (f->path, &error);
  g_assert_no_error (error);
  stored_hex = cabinet_key_to_hex (stored);
  g_assert_cmpstr (stored_hex, ==, hex);
}

static void
test_passphrase_database_stays_out_of_keyring (Fixture *f, gconstpointer data)
{
  g_autoptr(CabinetKey) key = cabinet_key_new_passphrase ("une phrase assez longue");
  g_autoptr(CabinetPractitioner) p = cabinet_test_practitioner ("Claire Fontaine");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetDatabase) db = NULL;
  g_autoptr(CabinetKey) stored = NULL;

  if (!have_secret_service ())
    return;

  cabinet_context_create_async (f->context, key, p, NULL, store_result, &result);
  db = cabinet_context_create_finish (f->context, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (cabinet_context_uses_passphrase (f->context));
  stored = cabinet_keyring_lookup (f->path, &error);
  g_assert_null (stored);
  g_assert_error (error, CABINET_KEYRING_ERROR, CABINET_KEYRING_ERROR_NOT_FOUND);
}

static void
test_create_never_replaces_a_key (Fixture *f, gconstpointer data)
{
  g_autoptr(CabinetKey) key = cabinet_key_new_random ();
  g_autoptr(CabinetKey) other = cabinet_key_new_random ();
  g_autoptr(CabinetPractitioner) p = cabinet_test_practitioner ("Claire Fontaine");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetDatabase) db = NULL;
  g_autoptr(CabinetKey) stored = NULL;
  g_autofree char *hex = cabinet_key_to_hex (key);
  g_autofree char *stored_hex = NULL;

  if (!have_secret_service ())
    return;

  cabinet_context_create_async (f->context, key, p, NULL, store_result, &result);
  db = cabinet_context_create_finish (f->context, wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  /* A second creation on the same file fails before touching the keyring. */
  cabinet_context_create_async (f->context, other, p, NULL, store_result, &result);
  g_assert_null (cabinet_context_create_finish (f->context, wait_result (&result), &error));
  g_assert_error (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_FAILED);
  stored = cabinet_keyring_lookup (f->path, NULL);
  stored_hex = cabinet_key_to_hex (stored);
  g_assert_cmpstr (stored_hex, ==, hex);
}

/* With no Secret Service on the bus, the message says so. */
static void
test_no_keyring (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);
      g_autoptr(CabinetKey) key = cabinet_key_new_random ();
      g_autoptr(GError) error = NULL;

      g_test_dbus_up (bus);
      g_assert_false (cabinet_keyring_store ("/tmp/nulle-part.db", key, &error));
      g_assert_error (error, CABINET_KEYRING_ERROR, CABINET_KEYRING_ERROR_UNAVAILABLE);
      g_assert_nonnull (strstr (error->message, "no keyring"));
      g_test_dbus_down (bus);
      return;
    }
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int argc, char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn) g_test_add ("/keyring/" name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("store-lookup-forget", test_store_lookup_forget);
  ADD ("keys-are-per-database", test_keys_are_per_database);
  ADD ("create-then-open-from-keyring", test_create_then_open_from_keyring);
  ADD ("asked-ahead", test_keyring_asked_ahead);
  ADD ("recovery-key-restores-keyring", test_recovery_key_restores_keyring);
  ADD ("passphrase-database-stays-out-of-keyring", test_passphrase_database_stays_out_of_keyring);
  ADD ("create-never-replaces-a-key", test_create_never_replaces_a_key);
#undef ADD
  g_test_add_func ("/keyring/no-keyring", test_no_keyring);
  return g_test_run ();
}
