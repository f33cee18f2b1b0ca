/* test-caldav.c — the schedule published to a CalDAV calendar: against a real
 * Radicale server (what a therapist's calendar would hold), against a loopback
 * server that answers every way a server can fail, and the password in the keyring
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libical/ical.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "cabinet-caldav.h"
#include "cabinet-client-store.h"
#include "cabinet-session-store.h"
#include "cabinet-test-utils.h"

#define PARIS "Europe/Paris"
#define USER "alice"
#define PASSWORD "correct-horse-battery"
#define CALENDAR "/" USER "/calendar/"
#define DAY (24 * 60 * 60)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (icalcomponent, icalcomponent_free)

typedef struct {
  char                *dir;
  char                *path;
  CabinetKey          *key;
  CabinetDatabase     *db;
  CabinetClientStore  *clients;
  CabinetSessionStore *store;
  GTimeZone           *zone;
  gint64               client_id;

  /* Radicale */
  GSubprocess         *radicale;
  gboolean             radicale_exited;
  char                *log;
  char                *base;      /* http://127.0.0.1:port */
  char                *url;       /* the calendar collection */
  SoupSession         *http;      /* the test's own client, to look at the server */

  /* The loopback server */
  SoupServer          *server;
  guint16              port;
  GPtrArray           *requests;  /* "METHOD path [If-Match: …] [If-None-Match: …]" */
  GPtrArray           *paused;    /* of SoupServerMessage never answered */
  GSocketService      *service;   /* hands connections to server */
  GSocketService      *plain;     /* answers anything in plain HTTP at once */
  guint16              plain_port;
} Fixture;

/* Common: a database with one client */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CabinetClient) client = cabinet_client_new (PARIS);
  g_autoptr(GError) error = NULL;

  f->db = cabinet_test_create_database (&f->dir, &f->path, &f->key);
  f->clients = cabinet_client_store_new (f->db, &error);
  g_assert_no_error (error);
  f->store = cabinet_session_store_new (f->db);
  f->zone = g_time_zone_new_identifier (PARIS);

  cabinet_client_set_text (client, CABINET_CLIENT_FIRST_NAME, "Hélène");
  cabinet_client_set_text (client, CABINET_CLIENT_LAST_NAME, "Martin");
  cabinet_client_store_save (f->clients, client, &error);
  g_assert_no_error (error);
  f->client_id = cabinet_client_get_id (client);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_object (&f->clients);
  if (f->db)
    cabinet_database_close (f->db);
  g_clear_object (&f->db);
  g_clear_pointer (&f->zone, g_time_zone_unref);
  cabinet_test_remove_database (f->dir, f->path, f->key);
}


/* Everything caldav_state holds, in one string, to see that nothing changed. */
static char *
dump_state (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GString *out = g_string_new (NULL);
  gboolean has_row = FALSE;

  stmt = cabinet_database_prepare (f->db,
                                   "SELECT uid, href, etag, hash, synced_at FROM caldav_state ORDER BY uid",
                                   &error);
  g_assert_no_error (error);
  while (cabinet_database_step (f->db, stmt, &has_row, &error) && has_row)
    for (int i = 0; i < 5; i++)
      g_string_append_printf (out, "%s%c", sqlite3_column_text (stmt, i), i == 4 ? '\n' : '|');
  g_assert_no_error (error);
  return g_string_free (out, FALSE);
}

static char *
state_etag (Fixture    *f,
            const char *uid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row = FALSE;

  stmt = cabinet_database_prepare (f->db, "SELECT etag FROM caldav_state WHERE uid = ?", &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_TRANSIENT);
  cabinet_database_step (f->db, stmt, &has_row, &error);
  g_assert_no_error (error);
  g_assert_true (has_row);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* 10:00 in Paris, @days from today (negative: ago). */
static gint64
ten_oclock (Fixture *f,
            int      days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (f->zone);
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);
  g_autoptr(GError) error = NULL;
  gint64 utc = 0;

  cabinet_local_time_to_utc (f->zone, g_date_time_get_year (day), g_date_time_get_month (day),
                             g_date_time_get_day_of_month (day), 10, 0, &utc, &error);
  g_assert_no_error (error);
  return utc;
}

static CabinetSession *
add_session (Fixture *f,
             gint64   starts_at)
{
  g_autoptr(CabinetSession) session = cabinet_session_new ();
  g_autoptr(CabinetSessionPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  cabinet_session_set_client_id (session, f->client_id);
  cabinet_session_set_starts_at (session, starts_at);
  cabinet_session_set_link (session, "https://visio.example.org/salle-helene");
  cabinet_session_set_fee (session, 6000, "EUR");
  plan = cabinet_session_store_plan_add (f->store, session, NULL, f->zone, &error);
  g_assert_no_error (error);
  cabinet_session_store_apply (f->store, plan, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cabinet_session_get_id (session), >, 0);
  return cabinet_session_store_get (f->store, cabinet_session_get_id (session), &error);
}

/* Moves @session by @seconds and returns it as stored. */
static CabinetSession *
move_session (Fixture        *f,
              CabinetSession *session,
              gint64          seconds)
{
  g_autoptr(CabinetSession) edited = cabinet_session_copy (session);
  g_autoptr(CabinetSessionPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  CabinetSession *stored;

  cabinet_session_set_starts_at (edited, cabinet_session_get_starts_at (session) + seconds);
  plan = cabinet_session_store_plan_update (f->store, edited, CABINET_SESSION_SCOPE_THIS,
                                            f->zone, &error);
  g_assert_no_error (error);
  cabinet_session_store_apply (f->store, plan, FALSE, &error);
  g_assert_no_error (error);
  stored = cabinet_session_store_get (f->store, cabinet_session_get_id (session), &error);
  g_assert_no_error (error);
  g_assert_cmpint (cabinet_session_get_starts_at (stored), ==,
                   cabinet_session_get_starts_at (session) + seconds);
  return stored;
}

static CabinetClient *
lookup_client (gint64   client_id,
               gpointer user_data)
{
  Fixture *f = user_data;

  return cabinet_client_store_lookup (f->clients, client_id);
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static gboolean
run_sync_titled (Fixture              *f,
                 CabinetCaldav        *caldav,
                 CabinetIcalTitle      title,
                 CabinetCaldavSummary *summary,
                 GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cabinet_caldav_sync_async (caldav, f->db, title, lookup_client, f, NULL, got_result, &result);
  return cabinet_caldav_sync_finish (caldav, wait_result (&result), summary, error);
}

static gboolean
run_sync (Fixture              *f,
          CabinetCaldav        *caldav,
          CabinetCaldavSummary *summary,
          GError              **error)
{
  return run_sync_titled (f, caldav, CABINET_ICAL_TITLE_SESSION, summary, error);
}

static gboolean
run_check (CabinetCaldav  *caldav,
           GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cabinet_caldav_check_async (caldav, NULL, got_result, &result);
  return cabinet_caldav_check_finish (caldav, wait_result (&result), error);
}

static void
assert_summary (const CabinetCaldavSummary *summary,
                guint                       n_sent,
                guint                       n_deleted,
                guint                       n_unchanged,
                guint                       n_failed)
{
  g_assert_cmpuint (summary->n_sent, ==, n_sent);
  g_assert_cmpuint (summary->n_deleted, ==, n_deleted);
  g_assert_cmpuint (summary->n_unchanged, ==, n_unchanged);
  g_assert_cmpuint (summary->n_failed, ==, n_failed);
  if (n_failed == 0)
    g_assert_null (summary->first_failure);
  else
    g_assert_nonnull (summary->first_failure);
}

/* A sync that succeeds, with these counts. */
static void
sync_expecting (Fixture       *f,
                CabinetCaldav *caldav,
                guint          n_sent,
                guint          n_deleted,
                guint          n_unchanged,
                guint          n_failed)
{
  g_auto(CabinetCaldavSummary) summary = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (run_sync (f, caldav, &summary, &error));
  g_assert_no_error (error);
  assert_summary (&summary, n_sent, n_deleted, n_unchanged, n_failed);
}

/* A TCP port on 127.0.0.1 that nothing listens on, held by @holder (bound, not
 * listening: connections to it are refused) or free once @holder is NULL. */
static guint16
loopback_port (GSocket **holder)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  guint16 port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  if (holder)
    *holder = g_steal_pointer (&socket);
  else
    g_socket_close (socket, NULL);
  return port;
}

/* Radicale */

/* The Python that can run Radicale: Debian's python3-radicale lives in the
 * system's Python, which may not be the first python3 on the PATH. */
static const char *
radicale_python (void)
{
  static char *found = NULL;
  static gboolean looked = FALSE;
  const char *candidates[] = { "python3", "/usr/bin/python3" };

  if (looked)
    return found;
  looked = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (candidates) && found == NULL; i++)
    {
      g_autofree char *python = g_find_program_in_path (candidates[i]);
      g_autoptr(GSubprocess) probe = NULL;

      if (python == NULL)
        continue;
      probe = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                NULL, python, "-c", "import radicale", NULL);
      if (probe && g_subprocess_wait_check (probe, NULL, NULL))
        found = g_steal_pointer (&python);
    }
  return found;
}

static void
radicale_exited (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Fixture *f = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  f->radicale_exited = TRUE;
}

static void
radicale_stop (Fixture *f)
{
  if (f->radicale == NULL)
    return;
  if (!f->radicale_exited)
    g_subprocess_force_exit (f->radicale);
  while (!f->radicale_exited)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&f->radicale);
}

static char *
read_log (Fixture *f)
{
  char *text = NULL;

  if (!g_file_get_contents (f->log, &text, NULL, NULL))
    text = g_strdup ("(no log)");
  return text;
}

/* In the child, before Python starts: a test that fails aborts without its
 * teardown, and Radicale must not outlive it. */
static void
die_with_parent (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGKILL);
#endif
}

/* Starts Radicale on @port; TRUE once it accepts connections, FALSE if it
 * stopped first (the port was taken meanwhile). */
static gboolean
radicale_start (Fixture *f,
                guint16  port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autofree char *users = g_build_filename (f->dir, "users", NULL);
  g_autofree char *storage = g_build_filename (f->dir, "radicale", NULL);
  g_autofree char *config_path = g_build_filename (f->dir, "radicale.conf", NULL);
  g_autofree char *config = NULL;
  gint64 deadline;

  g_file_set_contents (users, USER ":" PASSWORD "\n", -1, &error);
  g_assert_no_error (error);
  config = g_strdup_printf ("[server]\n"
                            "hosts = 127.0.0.1:%u\n"
                            "[auth]\n"
                            "type = htpasswd\n"
                            "htpasswd_filename = %s\n"
                            "htpasswd_encryption = plain\n"
                            "delay = 0\n"
                            "[storage]\n"
                            "filesystem_folder = %s\n"
                            "[rights]\n"
                            "type = owner_only\n"
                            "[web]\n"
                            "type = none\n"
                            "[logging]\n"
                            "level = warning\n",
                            port, users, storage);
  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_stderr_file_path (launcher, f->log);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  f->radicale_exited = FALSE;
  f->radicale = g_subprocess_launcher_spawn (launcher, &error, radicale_python (),
                                             "-m", "radicale", "--config", config_path, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (f->radicale, NULL, radicale_exited, f);

  /* A bound, not a measure: a loaded machine may take a while to start Python. */
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GSocketConnection) connection = NULL;

      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (f->radicale_exited)
        break;
      connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
      if (connection)
        return TRUE;
      g_usleep (50 * 1000);
    }
  radicale_stop (f);
  return FALSE;
}

static GBytes *
http (Fixture     *f,
      const char  *method,
      const char  *path,
      const char  *body,
      guint       *status,
      char       **etag)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (f->base, path, NULL);
  g_autofree char *credentials = g_base64_encode ((const guchar *) USER ":" PASSWORD,
                                                  strlen (USER ":" PASSWORD));
  g_autofree char *authorization = g_strconcat ("Basic ", credentials, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  GBytes *reply;

  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Authorization", authorization);
  if (strcmp (method, "PROPFIND") == 0)
    soup_message_headers_replace (soup_message_get_request_headers (message), "Depth", "1");
  if (body)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (message, "text/calendar; charset=utf-8", bytes);
    }
  reply = soup_session_send_and_read (f->http, message, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (message);
  if (etag)
    *etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                    "ETag"));
  return reply;
}

static void
radicale_setup (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GBytes) reply = NULL;
  guint status = 0;

  fixture_setup (f, data);
  if (radicale_python () == NULL)
    return;

  f->log = g_build_filename (f->dir, "radicale.log", NULL);
  /* The port is free when looked for, but another program may take it before
   * Radicale does: then try another. */
  for (int attempt = 0; attempt < 3 && f->radicale == NULL; attempt++)
    {
      guint16 port = loopback_port (NULL);

      if (radicale_start (f, port))
        f->base = g_strdup_printf ("http://127.0.0.1:%u", port);
    }
  if (f->radicale == NULL)
    {
      g_autofree char *log = read_log (f);
      g_error ("Radicale did not start:\n%s", log);
    }

  f->url = g_strconcat (f->base, CALENDAR, NULL);
  f->http = soup_session_new_with_options ("timeout", 30, NULL);
  /* Radicale 3.1 makes the user's own collection at the first request; the
   * calendar inside it is made as a calendar application would. */
  reply = http (f, "MKCALENDAR", CALENDAR, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, SOUP_STATUS_CREATED);
}

static void
radicale_teardown (Fixture       *f,
                   gconstpointer  data)
{
  radicale_stop (f);
  g_clear_object (&f->http);
  g_free (f->log);
  g_free (f->base);
  g_free (f->url);
  fixture_teardown (f, data);
}

static gboolean
have_radicale (Fixture *f)
{
  if (f->radicale == NULL)
    {
      g_test_skip ("Radicale is not installed (python3 -m radicale): build-aux/install-deps --tests installs it");
      return FALSE;
    }
  return TRUE;
}

static CabinetCaldav *
radicale_caldav (Fixture    *f,
                 const char *password)
{
  g_autoptr(GError) error = NULL;
  CabinetCaldav *caldav = cabinet_caldav_new (f->url, USER, password, &error);

  g_assert_no_error (error);
  return caldav;
}

/* The event of @session as the server holds it; NULL when there is none. */
static icalcomponent *
server_event (Fixture        *f,
              CabinetSession *session,
              char          **etag)
{
  g_autofree char *path = g_strconcat (CALENDAR, cabinet_session_get_uid (session), ".ics", NULL);
  g_autoptr(GBytes) reply = NULL;
  g_autofree char *text = NULL;
  icalcomponent *calendar;
  icalcomponent *event;
  guint status = 0;

  reply = http (f, "GET", path, NULL, &status, etag);
  if (status == SOUP_STATUS_NOT_FOUND)
    return NULL;
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  text = g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
  calendar = icalparser_parse_string (text);
  g_assert_nonnull (calendar);
  g_assert_cmpint (icalcomponent_count_components (calendar, ICAL_VEVENT_COMPONENT), ==, 1);
  event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
  g_assert_cmpstr (icalcomponent_get_uid (event), ==, cabinet_session_get_uid (session));
  return calendar;
}

static gint64
event_start (icalcomponent *calendar)
{
  icalcomponent *event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
  struct icaltimetype start = icalcomponent_get_dtstart (event);

  g_assert_true (icaltime_is_utc (start));
  return (gint64) icaltime_as_timet_with_zone (start, icaltimezone_get_utc_timezone ());
}

static const char *
event_summary (icalcomponent *calendar)
{
  return icalcomponent_get_summary (icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT));
}

static icalproperty_status
event_status (icalcomponent *calendar)
{
  return icalcomponent_get_status (icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT));
}

static guint
count_server_events (Fixture *f)
{
  g_autoptr(GBytes) reply = NULL;
  g_autofree char *text = NULL;
  guint status = 0;
  guint n = 0;

  reply = http (f, "PROPFIND", CALENDAR, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, SOUP_STATUS_MULTI_STATUS);
  text = g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
  for (const char *p = strstr (text, ".ics</"); p; p = strstr (p + 1, ".ics</"))
    n++;
  return n;
}

/* The schedule published, changed, cancelled, deleted, and left alone. */
static void
test_radicale_publish (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CabinetCaldav) caldav = NULL;
  g_autoptr(CabinetSession) first = NULL;
  g_autoptr(CabinetSession) second = NULL;
  g_autoptr(CabinetSession) third = NULL;
  g_autoptr(CabinetSession) old = NULL;
  g_autoptr(CabinetSession) moved = NULL;
  g_autoptr(GError) error = NULL;
  CabinetSession *sessions[3];

  if (!have_radicale (f))
    return;

  first = add_session (f, ten_oclock (f, 1));
  second = add_session (f, ten_oclock (f, 2));
  third = add_session (f, ten_oclock (f, 3));
  /* Before the 90 days published: left out. */
  old = add_session (f, ten_oclock (f, -(CABINET_CALDAV_DAYS_BACK + 30)));
  sessions[0] = first;
  sessions[1] = second;
  sessions[2] = third;
  caldav = radicale_caldav (f, PASSWORD);

  {
    g_auto(CabinetCaldavSummary) summary = { 0 };

    g_assert_true (run_check (caldav, &error));
    g_assert_no_error (error);
    g_assert_true (run_sync (f, caldav, &summary, &error));
    g_assert_no_error (error);
    assert_summary (&summary, 3, 0, 0, 0);
  }
  g_assert_cmpuint (count_server_events (f), ==, 3);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM caldav_state"), ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (sessions); i++)
    {
      g_autoptr(icalcomponent) event = server_event (f, sessions[i], NULL);

      g_assert_nonnull (event);
      g_assert_cmpint (event_start (event), ==, cabinet_session_get_starts_at (sessions[i]));
      /* A calendar leaves the encrypted database: by default it names no one. */
      g_assert_cmpstr (event_summary (event), ==, "Session");
      g_assert_null (strstr (icalcomponent_as_ical_string (event), "Hélène"));
      g_assert_null (strstr (icalcomponent_as_ical_string (event), "Martin"));
      g_assert_null (strstr (icalcomponent_as_ical_string (event), "visio.example.org"));
      g_assert_cmpint (event_status (event), ==, ICAL_STATUS_CONFIRMED);
    }
  g_assert_null (server_event (f, old, NULL));

  /* One moved by an hour, one cancelled by the therapist: only those two go. */
  moved = move_session (f, first, 60 * 60);
  cabinet_session_store_set_status (f->store, second, CABINET_SESSION_CANCELLED_THERAPIST,
                                    CABINET_SESSION_SCOPE_THIS, &error);
  g_assert_no_error (error);
  sync_expecting (f, caldav, 2, 0, 1, 0);
  {
    g_autoptr(icalcomponent) event = server_event (f, moved, NULL);
    g_autoptr(icalcomponent) cancelled = server_event (f, second, NULL);

    g_assert_cmpint (event_start (event), ==, cabinet_session_get_starts_at (first) + 60 * 60);
    g_assert_cmpint (event_status (cancelled), ==, ICAL_STATUS_CANCELLED);
    g_assert_cmpint (event_start (cancelled), ==, cabinet_session_get_starts_at (second));
  }

  /* A deleted session leaves a tombstone; its event goes, then the tombstone. */
  cabinet_session_store_delete (f->store, third, CABINET_SESSION_SCOPE_THIS, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM session_tombstones"), ==, 1);
  sync_expecting (f, caldav, 0, 1, 2, 0);
  g_assert_null (server_event (f, third, NULL));
  g_assert_cmpuint (count_server_events (f), ==, 2);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM session_tombstones"), ==, 0);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM caldav_state"), ==, 2);

  /* Nothing changed: nothing is sent. */
  {
    g_auto(CabinetCaldavSummary) summary = { 0 };
    g_autofree char *before = dump_state (f);
    g_autofree char *after = NULL;

    g_assert_true (run_sync (f, caldav, &summary, &error));
    g_assert_no_error (error);
    assert_summary (&summary, 0, 0, 2, 0);
    after = dump_state (f);
    g_assert_cmpstr (before, ==, after);
  }

  /* Asking for initials changes every event: all are sent again. */
  {
    g_auto(CabinetCaldavSummary) summary = { 0 };
    g_autoptr(icalcomponent) event = NULL;

    g_assert_true (run_sync_titled (f, caldav, CABINET_ICAL_TITLE_INITIALS, &summary, &error));
    g_assert_no_error (error);
    assert_summary (&summary, 2, 0, 0, 0);
    event = server_event (f, moved, NULL);
    g_assert_cmpstr (event_summary (event), ==, "H. M.");
  }
}

/* An event changed on the server behind Cabinet's back, or deleted there: the
 * session as Cabinet has it wins. */
static void
test_radicale_changed_on_server (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(CabinetCaldav) caldav = NULL;
  g_autoptr(CabinetSession) session = NULL;
  g_autoptr(CabinetSession) moved = NULL;
  g_autoptr(CabinetSession) moved_again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autofree char *path = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *cabinet_etag = NULL;
  g_autofree char *server_etag = NULL;
  g_autofree char *final_etag = NULL;
  g_autofree char *recorded = NULL;
  guint status = 0;

  if (!have_radicale (f))
    return;

  session = add_session (f, ten_oclock (f, 5));
  caldav = radicale_caldav (f, PASSWORD);
  sync_expecting (f, caldav, 1, 0, 0, 0);
  cabinet_etag = state_etag (f, cabinet_session_get_uid (session));
  g_assert_true (cabinet_etag[0] == '"');

  /* Another application moves it and renames it. */
  path = g_strconcat (CALENDAR, cabinet_session_get_uid (session), ".ics", NULL);
  edited = g_strdup_printf ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other//EN\r\n"
                            "BEGIN:VEVENT\r\nUID:%s\r\nDTSTAMP:20260101T000000Z\r\n"
                            "DTSTART:20300101T080000Z\r\nDTEND:20300101T090000Z\r\n"
                            "SUMMARY:Edited elsewhere\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
                            cabinet_session_get_uid (session));
  reply = http (f, "PUT", path, edited, &status, &server_etag);
  g_assert_true (SOUP_STATUS_IS_SUCCESSFUL (status));
  g_assert_cmpstr (server_etag, !=, cabinet_etag);

  /* Cabinet's If-Match no longer holds (412): the current ETag is fetched and
   * Cabinet's version sent over it. */
  moved = move_session (f, session, 30 * 60);
  {
    g_auto(CabinetCaldavSummary) summary = { 0 };
    g_autoptr(icalcomponent) event = NULL;

    g_assert_true (run_sync (f, caldav, &summary, &error));
    g_assert_no_error (error);
    assert_summary (&summary, 1, 0, 0, 0);
    event = server_event (f, moved, &final_etag);
    g_assert_cmpstr (event_summary (event), ==, "Session");
    g_assert_cmpint (event_start (event), ==, cabinet_session_get_starts_at (moved));
  }
  recorded = state_etag (f, cabinet_session_get_uid (session));
  g_assert_cmpstr (recorded, ==, final_etag);
  g_assert_cmpstr (recorded, !=, server_etag);

  /* Deleted on the server, changed in Cabinet: made again. */
  g_clear_pointer (&reply, g_bytes_unref);
  reply = http (f, "DELETE", path, NULL, &status, NULL);
  g_assert_true (SOUP_STATUS_IS_SUCCESSFUL (status));
  moved_again = move_session (f, moved, 30 * 60);
  {
    g_auto(CabinetCaldavSummary) summary = { 0 };
    g_autoptr(icalcomponent) event = NULL;

    g_assert_true (run_sync (f, caldav, &summary, &error));
    g_assert_no_error (error);
    assert_summary (&summary, 1, 0, 0, 0);
    event = server_event (f, moved_again, NULL);
    g_assert_nonnull (event);
    g_assert_cmpint (event_start (event), ==, cabinet_session_get_starts_at (moved_again));
  }

  /* Deleted on the server, then in Cabinet: already gone counts as deleted. */
  g_clear_pointer (&reply, g_bytes_unref);
  reply = http (f, "DELETE", path, NULL, &status, NULL);
  g_assert_true (SOUP_STATUS_IS_SUCCESSFUL (status));
  cabinet_session_store_delete (f->store, moved_again, CABINET_SESSION_SCOPE_THIS, &error);
  g_assert_no_error (error);
  sync_expecting (f, caldav, 0, 1, 0, 0);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM session_tombstones"), ==, 0);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM caldav_state"), ==, 0);
}

/* A wrong password stops everything and records nothing; the right one sends
 * all that was left. */
static void
test_radicale_wrong_password (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(CabinetCaldav) right = NULL;
  g_autoptr(CabinetCaldav) wrong = NULL;
  g_autoptr(CabinetSession) first = NULL;
  g_autoptr(CabinetSession) second = NULL;
  g_autoptr(CabinetSession) third = NULL;
  g_autoptr(CabinetSession) moved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (!have_radicale (f))
    return;

  first = add_session (f, ten_oclock (f, 1));
  second = add_session (f, ten_oclock (f, 2));
  right = radicale_caldav (f, PASSWORD);
  wrong = radicale_caldav (f, "wrong-password");
  sync_expecting (f, right, 2, 0, 0, 0);
  before = dump_state (f);

  moved = move_session (f, first, 2 * 60 * 60);
  third = add_session (f, ten_oclock (f, 3));

  g_assert_false (run_check (wrong, &error));
  g_assert_error (error, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_AUTH);
  g_clear_error (&error);
  {
    g_auto(CabinetCaldavSummary) summary = { 0 };

    g_assert_false (run_sync (f, wrong, &summary, &error));
    g_assert_error (error, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_AUTH);
    g_assert_nonnull (strstr (error->message, "refused the user name or password"));
    g_clear_error (&error);
    assert_summary (&summary, 0, 0, 1, 2);
    g_assert_nonnull (strstr (summary.first_failure, "user name or password"));
  }
  after = dump_state (f);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (count_server_events (f), ==, 2);

  {
    g_auto(CabinetCaldavSummary) summary = { 0 };
    g_autoptr(icalcomponent) event = NULL;

    g_assert_true (run_sync (f, right, &summary, &error));
    g_assert_no_error (error);
    assert_summary (&summary, 2, 0, 1, 0);
    event = server_event (f, moved, NULL);
    g_assert_cmpint (event_start (event), ==, cabinet_session_get_starts_at (moved));
  }
  g_assert_cmpuint (count_server_events (f), ==, 3);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM caldav_state"), ==, 3);
}

/* Testing the settings: a calendar, a folder that is not one, nothing. */
static void
test_radicale_check (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CabinetCaldav) calendar = NULL;
  g_autoptr(CabinetCaldav) folder = NULL;
  g_autoptr(CabinetCaldav) nothing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *calendar_url = NULL;
  g_autofree char *folder_url = NULL;
  g_autofree char *nothing_url = NULL;

  if (!have_radicale (f))
    return;

  /* Typed without the final slash. */
  calendar_url = g_strconcat (f->base, "/" USER "/calendar", NULL);
  calendar = cabinet_caldav_new (calendar_url, USER, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cabinet_caldav_get_url (calendar), ==, f->url);
  g_assert_true (run_check (calendar, &error));
  g_assert_no_error (error);

  folder_url = g_strconcat (f->base, "/" USER, NULL);
  folder = cabinet_caldav_new (folder_url, USER, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (cabinet_caldav_get_url (folder), "/" USER "/"));
  g_assert_false (run_check (folder, &error));
  g_assert_error (error, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "not a calendar"));
  g_clear_error (&error);

  nothing_url = g_strconcat (f->base, "/" USER "/nothing-here/", NULL);
  nothing = cabinet_caldav_new (nothing_url, USER, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_false (run_check (nothing, &error));
  g_assert_error (error, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "No calendar was found at this address"));
  g_clear_error (&error);

  /* Publishing there is refused the same way, and nothing is recorded. */
  {
    g_autoptr(CabinetSession) session = add_session (f, ten_oclock (f, 1));
    g_auto(CabinetCaldavSummary) summary = { 0 };

    g_assert_false (run_sync (f, nothing, &summary, &error));
    g_assert_error (error, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_NOT_FOUND);
    g_clear_error (&error);
    assert_summary (&summary, 0, 0, 0, 1);
    g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM caldav_state"), ==, 0);
  }
}

/* A loopback server failing every way */

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Fixture *f = user_data;
  const char *method = soup_server_message_get_method (message);
  SoupMessageHeaders *in = soup_server_message_get_request_headers (message);
  SoupMessageHeaders *out = soup_server_message_get_response_headers (message);
  const char *if_match = soup_message_headers_get_one (in, "If-Match");
  const char *if_none_match = soup_message_headers_get_one (in, "If-None-Match");
  GString *request = g_string_new (NULL);

  g_string_append_printf (request, "%s %s", method, path);
  if (if_match)
    g_string_append_printf (request, " If-Match: %s", if_match);
  if (if_none_match)
    g_string_append_printf (request, " If-None-Match: %s", if_none_match);
  g_ptr_array_add (f->requests, g_string_free (request, FALSE));

  if (g_str_has_prefix (path, "/401/"))
    {
      soup_message_headers_replace (out, "WWW-Authenticate", "Basic realm=\"test\"");
      soup_server_message_set_status (message, SOUP_STATUS_UNAUTHORIZED, NULL);
    }
  else if (g_str_has_prefix (path, "/403/"))
    soup_server_message_set_status (message, SOUP_STATUS_FORBIDDEN, NULL);
  else if (g_str_has_prefix (path, "/404/"))
    soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
  else if (g_str_has_prefix (path, "/412/"))
    {
      /* Someone else changes the event every time. */
      if (strcmp (method, "HEAD") == 0)
        {
          soup_message_headers_replace (out, "ETag", "\"server-etag\"");
          soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
        }
      else
        soup_server_message_set_status (message, SOUP_STATUS_PRECONDITION_FAILED, NULL);
    }
  else if (g_str_has_prefix (path, "/500/"))
    soup_server_message_set_status (message, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
  else if (g_str_has_prefix (path, "/hang/"))
    {
      soup_server_message_pause (message);
      g_ptr_array_add (f->paused, g_object_ref (message));
    }
  else
    soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
}

/* What a plain HTTP server says to a TLS greeting: the client must see that it
 * is not talking TLS, rather than wait. */
static gboolean
plain_run (GThreadedSocketService *service,
           GSocketConnection      *connection,
           GObject                *source,
           gpointer                user_data)
{
  static const char reply[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  GSocket *socket = g_socket_connection_get_socket (connection);
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  char buffer[4096];

  g_socket_set_timeout (socket, 30);
  if (g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL) > 0)
    g_output_stream_write_all (out, reply, sizeof reply - 1, NULL, NULL, NULL);
  /* Closing with the greeting partly unread would reset the connection, and the
   * client might see that instead of the answer: wait until it hangs up. */
  g_socket_shutdown (socket, FALSE, TRUE, NULL);
  while (g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL) > 0)
    ;
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static void
server_setup (Fixture       *f,
              gconstpointer  data)
{
  fixture_setup (f, data);
  f->requests = g_ptr_array_new_with_free_func (g_free);
  f->paused = g_ptr_array_new_with_free_func (g_object_unref);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, server_callback, f, NULL);
  f->service = cabinet_test_serve (f->server, NULL, &f->port);

  f->plain = g_threaded_socket_service_new (2);
  g_signal_connect (f->plain, "run", G_CALLBACK (plain_run), NULL);
  f->plain_port = cabinet_test_listen_loopback (G_SOCKET_LISTENER (f->plain));
  g_socket_service_start (f->plain);
}

static void
server_teardown (Fixture       *f,
                 gconstpointer  data)
{
  cabinet_test_stop_serving (f->plain);
  cabinet_test_stop_serving (f->service);
  soup_server_disconnect (f->server);
  g_clear_pointer (&f->paused, g_ptr_array_unref);
  g_clear_object (&f->server);
  g_clear_pointer (&f->requests, g_ptr_array_unref);
  /* Let the closed connections' sources run before the next test. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  fixture_teardown (f, data);
}

static CabinetCaldav *
server_caldav (const char *url)
{
  g_autoptr(GError) error = NULL;
  CabinetCaldav *caldav = cabinet_caldav_new (url, USER, PASSWORD, &error);

  g_assert_no_error (error);
  /* The server that never answers is given up on after a second, not fifteen;
   * the others keep the default, so that a slow machine is never taken for a
   * silent server. */
  if (strstr (url, "/hang/"))
    cabinet_caldav_set_timeout (caldav, 1);
  return caldav;
}

typedef struct {
  const char         *where;   /* path on the loopback server, or "tls", "closed" */
  int                 code;    /* CabinetCaldavError */
  const char         *words;   /* in the message */
} FailureCase;

static const FailureCase failure_cases[] = {
  { "/401/cal/", CABINET_CALDAV_ERROR_AUTH, "refused the user name or password" },
  { "/403/cal/", CABINET_CALDAV_ERROR_FORBIDDEN, "does not allow this account" },
  { "/404/cal/", CABINET_CALDAV_ERROR_NOT_FOUND, "No calendar was found at this address" },
  { "/412/cal/", CABINET_CALDAV_ERROR_CONFLICT, "sent again at the next update" },
  { "/500/cal/", CABINET_CALDAV_ERROR_SERVER, "error 500" },
  { "/hang/cal/", CABINET_CALDAV_ERROR_NETWORK, "nothing was lost" },
  { "tls", CABINET_CALDAV_ERROR_TLS, "secure connection" },
  { "closed", CABINET_CALDAV_ERROR_NETWORK, "nothing was lost" },
};

static void
test_server_failures (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CabinetSession) session = add_session (f, ten_oclock (f, 1));
  g_autoptr(GSocket) closed = NULL;
  guint16 closed_port = loopback_port (&closed);

  for (guint i = 0; i < G_N_ELEMENTS (failure_cases); i++)
    {
      const FailureCase *c = &failure_cases[i];
      g_autoptr(CabinetCaldav) caldav = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *url = NULL;
      g_auto(CabinetCaldavSummary) summary = { 0 };

      if (strcmp (c->where, "tls") == 0)
        /* https:// to a server that speaks plain HTTP. */
        url = g_strdup_printf ("https://127.0.0.1:%u/cal/", f->plain_port);
      else if (strcmp (c->where, "closed") == 0)
        url = g_strdup_printf ("https://127.0.0.1:%u/cal/", closed_port);
      else
        url = g_strdup_printf ("http://127.0.0.1:%u%s", f->port, c->where);
      g_test_message ("%s", url);
      caldav = server_caldav (url);

      g_assert_false (run_sync (f, caldav, &summary, &error));
      g_assert_error (error, CABINET_CALDAV_ERROR, c->code);
      g_assert_nonnull (strstr (error->message, c->words));
      assert_summary (&summary, 0, 0, 0, 1);
      g_assert_cmpstr (summary.first_failure, ==, error->message);
      g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM caldav_state"), ==, 0);
    }

  /* The 412 was answered by fetching the server's ETag and trying once more. */
  {
    g_autofree char *href = g_strdup_printf ("/412/cal/%s.ics", cabinet_session_get_uid (session));
    g_autofree char *first = g_strdup_printf ("PUT %s If-None-Match: *", href);
    g_autofree char *head = g_strdup_printf ("HEAD %s", href);
    g_autofree char *again = g_strdup_printf ("PUT %s If-Match: \"server-etag\"", href);
    guint n = 0;

    for (guint i = 0; i < f->requests->len; i++)
      {
        const char *request = g_ptr_array_index (f->requests, i);

        if (!g_str_has_prefix (request, "PUT /412/") && !g_str_has_prefix (request, "HEAD /412/"))
          continue;
        g_assert_cmpstr (request, ==, n == 0 ? first : n == 1 ? head : again);
        n++;
      }
    g_assert_cmpuint (n, ==, 3);
  }
}

/* Testing the settings fails with the same words. */
static void
test_server_check (Fixture       *f,
                   gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (failure_cases); i++)
    {
      const FailureCase *c = &failure_cases[i];
      g_autoptr(CabinetCaldav) caldav = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *url = NULL;

      if (c->where[0] != '/' || c->code == CABINET_CALDAV_ERROR_CONFLICT)
        continue;
      url = g_strdup_printf ("http://127.0.0.1:%u%s", f->port, c->where);
      caldav = server_caldav (url);
      g_assert_false (run_check (caldav, &error));
      g_assert_error (error, CABINET_CALDAV_ERROR, c->code);
      g_assert_nonnull (strstr (error->message, c->words));
    }
}

/* A certificate the system does not trust is refused: nothing goes to a server
 * that cannot prove who it is. */
static void
test_server_untrusted_certificate (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(CabinetSession) session = add_session (f, ten_oclock (f, 1));
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *cert = g_build_filename (f->dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (f->dir, "key.pem", NULL);
  g_autofree char *url = NULL;
  g_autoptr(GSubprocess) make = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SoupServer) tls_server = NULL;
  GSocketService *service;
  g_autoptr(CabinetCaldav) caldav = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(CabinetCaldavSummary) summary = { 0 };
  guint16 port;

  if (openssl == NULL)
    {
      g_test_skip ("openssl is needed to make a self-signed certificate");
      return;
    }
  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("No TLS support in GIO: install glib-networking");
      return;
    }
  make = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                           &error, openssl, "req", "-x509", "-newkey", "ec",
                           "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                           "-keyout", key, "-out", cert, "-days", "2",
                           "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                           NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (make, NULL, &error);
  g_assert_no_error (error);
  certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_assert_no_error (error);

  tls_server = soup_server_new (NULL, NULL);
  soup_server_add_handler (tls_server, NULL, server_callback, f, NULL);
  service = cabinet_test_serve (tls_server, certificate, &port);

  url = g_strdup_printf ("https://127.0.0.1:%u/cal/", port);
  caldav = server_caldav (url);
  g_assert_false (run_sync (f, caldav, &summary, &error));
  g_assert_error (error, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "certificate is not trusted"));
  g_clear_error (&error);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM caldav_state"), ==, 0);
  /* The handshake failed before any request reached the server. */
  g_assert_cmpuint (f->requests->len, ==, 0);

  g_assert_false (run_check (caldav, &error));
  g_assert_error (error, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_TLS);
  cabinet_test_stop_serving (service);
  soup_server_disconnect (tls_server);
}

/* One synchronisation at a time; a cancelled one says so and records nothing. */
static void
test_server_busy_and_cancel (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(CabinetSession) session = add_session (f, ten_oclock (f, 1));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(CabinetCaldav) caldav = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/hang/cal/", f->port);

  caldav = server_caldav (url);
  /* Long enough that only the cancellation can end it. */
  cabinet_caldav_set_timeout (caldav, 600);
  cabinet_caldav_sync_async (caldav, f->db, CABINET_ICAL_TITLE_SESSION, NULL, NULL,
                             cancellable, got_result, &first);
  cabinet_caldav_sync_async (caldav, f->db, CABINET_ICAL_TITLE_SESSION, NULL, NULL,
                             NULL, got_result, &second);
  g_assert_false (cabinet_caldav_sync_finish (caldav, wait_result (&second), NULL, &error));
  g_assert_error (error, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "already being updated"));
  g_clear_error (&error);

  /* Once the server holds the request, cancel. */
  while (f->paused->len == 0)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  {
    g_auto(CabinetCaldavSummary) summary = { 0 };

    g_assert_false (cabinet_caldav_sync_finish (caldav, wait_result (&first), &summary, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    assert_summary (&summary, 0, 0, 0, 1);
  }
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM caldav_state"), ==, 0);
}

/* The password in the keyring */

static void
test_password_keyring (Fixture       *f,
                       gconstpointer  data)
{
  const char *url = "https://cal.example.org/remote.php/dav/calendars/alice/cabinet/";
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GAsyncResult) found = NULL;
  g_autoptr(GAsyncResult) cleared = NULL;
  char *password;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("No D-Bus session: run the suite with build-aux/headless");
      return;
    }
  if (!cabinet_caldav_store_password (url, USER, "first secret", &error))
    {
      g_assert_error (error, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_KEYRING);
      g_test_skip ("No Secret Service: run the suite with build-aux/headless");
      return;
    }

  /* Found by the address as the therapist may type it, without the final slash. */
  password = cabinet_caldav_lookup_password ("https://cal.example.org/remote.php/dav/calendars/alice/cabinet",
                                             USER, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "first secret");
  cabinet_secure_free_string (password);

  /* Another account on the same calendar has nothing stored. */
  password = cabinet_caldav_lookup_password (url, "bob", &error);
  g_assert_no_error (error);
  g_assert_null (password);

  /* Asynchronously: replaced, found, forgotten. */
  cabinet_caldav_store_password_async (url, USER, "second secret", NULL, got_result, &stored);
  g_assert_true (cabinet_caldav_store_password_finish (wait_result (&stored), &error));
  g_assert_no_error (error);
  cabinet_caldav_lookup_password_async (url, USER, NULL, got_result, &found);
  password = cabinet_caldav_lookup_password_finish (wait_result (&found), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "second secret");
  cabinet_secure_free_string (password);

  cabinet_caldav_clear_password_async (url, USER, NULL, got_result, &cleared);
  g_assert_true (cabinet_caldav_clear_password_finish (wait_result (&cleared), &error));
  g_assert_no_error (error);
  password = cabinet_caldav_lookup_password (url, USER, &error);
  g_assert_no_error (error);
  g_assert_null (password);
  g_assert_true (cabinet_caldav_clear_password (url, USER, &error));
  g_assert_no_error (error);

  /* An address that is refused is refused here too. */
  g_assert_false (cabinet_caldav_store_password ("http://cal.example.org/", USER, "x", &error));
  g_assert_error (error, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_INVALID_URL);
}

/* Addresses */

static void
test_urls (void)
{
  static const struct {
    const char *url;
    const char *normalized;  /* NULL: refused */
    const char *words;
  } cases[] = {
    { "https://cal.example.org/dav/calendars/alice/cabinet/", "https://cal.example.org/dav/calendars/alice/cabinet/", NULL },
    { "  https://cal.example.org/dav/cabinet  ", "https://cal.example.org/dav/cabinet/", NULL },
    { "HTTPS://cal.example.org", "https://cal.example.org/", NULL },
    { "https://cal.example.org:8443/dav/", "https://cal.example.org:8443/dav/", NULL },
    { "https://cal.example.org:443/dav/", "https://cal.example.org/dav/", NULL },
    { "https://cal.example.org/dav/#calendar", "https://cal.example.org/dav/", NULL },
    { "https://cal.example.org/Mes%20s%C3%A9ances/", "https://cal.example.org/Mes%20s%C3%A9ances/", NULL },
    { "https://cal.example.org/Mes séances", "https://cal.example.org/Mes%20s%C3%A9ances/", NULL },
    { "https://Agenda.Exemple.fr/dav/", "https://agenda.exemple.fr/dav/", NULL },
    { "https://agenda.séance.fr/dav/", "https://agenda.xn--sance-bsa.fr/dav/", NULL },
    { "http://127.0.0.1:5232/alice/calendar/", "http://127.0.0.1:5232/alice/calendar/", NULL },
    { "http://localhost:5232/alice/calendar", "http://localhost:5232/alice/calendar/", NULL },
    { "http://[::1]:5232/alice/calendar/", "http://[::1]:5232/alice/calendar/", NULL },
    /* Plain HTTP crosses a network in clear. */
    { "http://cal.example.org/dav/", NULL, "must start with https://" },
    { "http://192.168.1.10:5232/alice/", NULL, "must start with https://" },
    { "http://127.0.0.1.example.org/alice/", NULL, "must start with https://" },
    { "http://localhost.example.org/alice/", NULL, "must start with https://" },
    /* Not an address, or not one of a calendar. */
    { "", NULL, "not the address of a calendar" },
    { "cal.example.org/dav/", NULL, "not the address of a calendar" },
    { "https://", NULL, "not the address of a calendar" },
    { "https://cal example.org/", NULL, "not the address of a calendar" },
    { "ftp://cal.example.org/dav/", NULL, "not the address of a calendar" },
    { "webcal://cal.example.org/dav/", NULL, "not the address of a calendar" },
    { "https://cal.example.org/dav/?user=alice", NULL, "not the address of a calendar" },
    { "https://alice:secret@cal.example.org/dav/", NULL, "Leave the user name and password out" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = cabinet_caldav_normalize_url (cases[i].url, &error);
      g_autoptr(CabinetCaldav) caldav = NULL;

      g_test_message ("“%s”", cases[i].url);
      g_assert_cmpstr (normalized, ==, cases[i].normalized);
      if (cases[i].normalized == NULL)
        {
          g_assert_error (error, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_INVALID_URL);
          g_assert_nonnull (strstr (error->message, cases[i].words));
          g_clear_error (&error);
        }
      else
        g_assert_no_error (error);

      caldav = cabinet_caldav_new (cases[i].url, USER, PASSWORD, &error);
      if (cases[i].normalized == NULL)
        {
          g_assert_null (caldav);
          g_assert_error (error, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_INVALID_URL);
        }
      else
        {
          g_assert_no_error (error);
          g_assert_cmpstr (cabinet_caldav_get_url (caldav), ==, cases[i].normalized);
          g_assert_cmpstr (cabinet_caldav_get_user (caldav), ==, USER);
          g_assert_cmpuint (cabinet_caldav_get_timeout (caldav), ==, CABINET_CALDAV_DEFAULT_TIMEOUT);
        }
    }
}

/* Under AddressSanitizer (GCC 12), LeakSanitizer crashes at exit ("Tracer caught
 * signal 11") scanning the dynamic TLS that GnuTLS, loaded as a GIO module, left
 * in a GLib worker thread after a TLS handshake. Not tracking dynamic TLS avoids
 * it; it can only make LeakSanitizer report more, never hide a leak. Unused in
 * other builds. */
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "intercept_tls_get_addr=0";
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define RADICALE(name, func) \
  g_test_add ("/caldav/radicale/" name, Fixture, NULL, radicale_setup, func, radicale_teardown)
#define SERVER(name, func) \
  g_test_add ("/caldav/server/" name, Fixture, NULL, server_setup, func, server_teardown)

  g_test_add_func ("/caldav/urls", test_urls);
  RADICALE ("publish", test_radicale_publish);
  RADICALE ("changed-on-server", test_radicale_changed_on_server);
  RADICALE ("wrong-password", test_radicale_wrong_password);
  RADICALE ("check", test_radicale_check);
  SERVER ("failures", test_server_failures);
  SERVER ("check", test_server_check);
  SERVER ("untrusted-certificate", test_server_untrusted_certificate);
  SERVER ("busy-and-cancel", test_server_busy_and_cancel);
  g_test_add ("/caldav/password", Fixture, NULL, fixture_setup, test_password_keyring, fixture_teardown);

  return g_test_run ();
}
