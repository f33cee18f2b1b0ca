/* test-calendar-sync.c — the published calendar follows the schedule: set up in
 * the settings and the keyring, brought up to date after each change, saying
 * what went wrong, and stopping at lock; against a CalDAV server on loopback
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <string.h>

#include "cabinet-caldav.h"
#include "cabinet-context.h"
#include "cabinet-test-utils.h"

typedef struct {
  char                *dir;
  char                *path;
  CabinetKey          *key;
  GSettings           *settings;
  CabinetContext      *context;
  CabinetCalendarSync *sync;
  CabinetTestCaldav   *server;
  gint64               client_id;
  GTimeZone           *zone;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(CabinetClient) client = cabinet_client_new ("Europe/Paris");
  g_autoptr(GError) error = NULL;
  CabinetDatabase *db;

  db = cabinet_test_create_database (&f->dir, &f->path, &f->key);
  f->settings = g_settings_new_with_backend (APPLICATION_ID, backend);
  f->zone = g_time_zone_new_identifier ("Europe/Paris");

  f->server = cabinet_test_caldav_new ();

  f->context = cabinet_context_new (f->path, f->settings);
  cabinet_context_unlock (f->context, db);
  g_object_unref (db);
  cabinet_client_set_text (client, CABINET_CLIENT_FIRST_NAME, "Hélène");
  cabinet_client_set_text (client, CABINET_CLIENT_LAST_NAME, "Martin");
  cabinet_client_store_save (cabinet_context_get_client_store (f->context, NULL), client, &error);
  g_assert_no_error (error);
  f->client_id = cabinet_client_get_id (client);

  f->sync = cabinet_context_get_calendar_sync (f->context);
  cabinet_calendar_sync_set_delay (f->sync, 1);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cabinet_caldav_clear_password (f->server->url, "claire", NULL);
  cabinet_context_lock (f->context);
  g_clear_object (&f->context);
  g_clear_object (&f->settings);
  g_clear_pointer (&f->server, cabinet_test_caldav_free);
  g_clear_pointer (&f->zone, g_time_zone_unref);
  cabinet_test_remove_database (f->dir, f->path, f->key);
}

static void
add_session (Fixture *f,
             gint64   start)
{
  CabinetSessionStore *store = cabinet_context_get_session_store (f->context);
  g_autoptr(CabinetSession) session = cabinet_session_new ();
  g_autoptr(CabinetSessionPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  cabinet_session_set_client_id (session, f->client_id);
  cabinet_session_set_starts_at (session, start);
  cabinet_session_set_fee (session, 6000, "EUR");
  cabinet_session_set_link (session, "https://visio.example.org/salle-helene");
  plan = cabinet_session_store_plan_add (store, session, NULL, f->zone, &error);
  g_assert_no_error (error);
  cabinet_session_store_apply (store, plan, TRUE, &error);
  g_assert_no_error (error);
}

typedef struct {
  Fixture *f;
  guint    n_put;
} Wait;

static gboolean
puts_reached (gpointer data)
{
  Wait *wait = data;

  return wait->f->server->n_put >= wait->n_put && !cabinet_calendar_sync_get_running (wait->f->sync);
}

static gboolean
idle_with_status (gpointer data)
{
  Fixture *f = data;

  return !cabinet_calendar_sync_get_running (f->sync) && cabinet_calendar_sync_get_status (f->sync) != NULL;
}

static gboolean
set_up_account (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  if (!cabinet_caldav_store_password (f->server->url, "claire", "s3cret", &error))
    {
      g_test_skip_printf ("No keyring to keep the calendar password in: %s", error->message);
      return FALSE;
    }
  g_settings_set_string (f->settings, "caldav-url", f->server->url);
  g_settings_set_string (f->settings, "caldav-user", "claire");
  return TRUE;
}

/* Nothing is published while no calendar is set; once set, every session goes,
 * titled "Session", and each change follows on its own a moment later. */
static void
test_follows_changes (Fixture       *f,
                      gconstpointer  data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  Wait wait = { f, 1 };
  GHashTableIter iter;
  gpointer text;

  add_session (f, now + 86400);
  cabinet_calendar_sync_now (f->sync);
  g_assert_false (cabinet_calendar_sync_get_running (f->sync));
  g_assert_false (cabinet_calendar_sync_is_enabled (f->sync));
  g_assert_cmpuint (f->server->n_put, ==, 0);

  if (!set_up_account (f))
    return;
  g_assert_true (cabinet_calendar_sync_is_enabled (f->sync));
  cabinet_calendar_sync_now (f->sync);
  cabinet_test_wait_for (puts_reached, &wait, 20000);
  g_assert_true (g_str_has_prefix (cabinet_calendar_sync_get_status (f->sync), "Up to date at "));
  /* Sessions left the encrypted file: the activity log says so. */
  g_assert_cmpint (cabinet_test_query_int (cabinet_context_get_database (f->context),
                                           "SELECT count (*) FROM audit_log WHERE action = 'calendar-published'"),
                   ==, 1);

  g_hash_table_iter_init (&iter, f->server->events);
  while (g_hash_table_iter_next (&iter, NULL, &text))
    {
      g_assert_nonnull (strstr (text, "SUMMARY:Session"));
      g_assert_null (strstr (text, "Martin"));
      g_assert_null (strstr (text, "visio.example.org"));
    }

  /* A new session: published without asking, a second later. */
  add_session (f, now + 2 * 86400);
  wait.n_put = 2;
  cabinet_test_wait_for (puts_reached, &wait, 20000);
  g_assert_cmpuint (g_hash_table_size (f->server->events), ==, 2);

  /* Initials, when chosen: the next publication says "H. M.". */
  g_settings_set_string (f->settings, "caldav-title", "initials");
  cabinet_calendar_sync_now (f->sync);
  wait.n_put = 4;
  cabinet_test_wait_for (puts_reached, &wait, 20000);
  g_hash_table_iter_init (&iter, f->server->events);
  while (g_hash_table_iter_next (&iter, NULL, &text))
    g_assert_nonnull (strstr (text, "SUMMARY:H. M."));

  /* The client renamed: her events follow on their own (the clients are
   * watched from when the calendar was set, not only from the unlock). */
  {
    CabinetClientStore *clients = cabinet_context_get_client_store (f->context, NULL);
    g_autoptr(CabinetClient) renamed = cabinet_client_copy (cabinet_client_store_lookup (clients, f->client_id));
    g_autoptr(GError) error = NULL;

    cabinet_client_set_text (renamed, CABINET_CLIENT_LAST_NAME, "Dubois");
    g_assert_true (cabinet_client_store_save (clients, renamed, &error));
    g_assert_no_error (error);
  }
  wait.n_put = 6;
  cabinet_test_wait_for (puts_reached, &wait, 20000);
  g_hash_table_iter_init (&iter, f->server->events);
  while (g_hash_table_iter_next (&iter, NULL, &text))
    g_assert_nonnull (strstr (text, "SUMMARY:H. D."));
}

/* A refused password is said in words, and nothing is taken as published: once
 * the server lets Cabinet in again, the session goes. */
static void
test_failure_said_and_retried (Fixture       *f,
                               gconstpointer  data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  Wait wait = { f, 1 };

  if (!set_up_account (f))
    return;
  f->server->refuse = TRUE;
  add_session (f, now + 86400);
  cabinet_calendar_sync_now (f->sync);
  cabinet_test_wait_for (idle_with_status, f, 20000);
  g_assert_nonnull (strstr (cabinet_calendar_sync_get_status (f->sync), "user name or password"));
  g_assert_cmpuint (f->server->n_put, ==, 0);
  g_assert_cmpint (cabinet_test_query_int (cabinet_context_get_database (f->context),
                                           "SELECT count (*) FROM audit_log WHERE action = 'calendar-published'"),
                   ==, 0);

  f->server->refuse = FALSE;
  cabinet_calendar_sync_now (f->sync);
  cabinet_test_wait_for (puts_reached, &wait, 20000);
  g_assert_cmpuint (f->server->n_put, ==, 1);
}

/* Locked: no publication, and none under way afterwards. */
static void
test_stops_at_lock (Fixture       *f,
                    gconstpointer  data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (!set_up_account (f))
    return;
  add_session (f, now + 86400);
  cabinet_context_lock (f->context);
  g_assert_false (cabinet_calendar_sync_get_running (f->sync));
  cabinet_calendar_sync_now (f->sync);
  g_assert_false (cabinet_calendar_sync_get_running (f->sync));
  g_assert_cmpuint (f->server->n_put, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add ("/calendar-sync/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("follows-changes", test_follows_changes);
  ADD ("failure-said-and-retried", test_failure_said_and_retried);
  ADD ("stops-at-lock", test_stops_at_lock);
#undef ADD

  return g_test_run ();
}
