/* cabinet-test-utils.c — temporary folders, files and checksums for the tests
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include <libsoup/soup.h>

#include "cabinet-test-utils.h"

char *
cabinet_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("cabinet-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
cabinet_test_remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          g_chmod (child, 0700);
          cabinet_test_remove_dir (child);
        }
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

char *
cabinet_test_file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return g_strdup ("(missing)");
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

gboolean
cabinet_test_file_contains (const char *path,
                            const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  return memmem (contents, length, needle, strlen (needle)) != NULL;
}

/* Writes @path (absolute as on a real system) under the fake system root @root,
 * making its folders. */
void
cabinet_test_write_file (const char *root,
                         const char *path,
                         const char *contents,
                         gssize      length)
{
  g_autofree char *real = g_build_filename (root, path, NULL);
  g_autofree char *dir = g_path_get_dirname (real);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (real, contents, length, &error);
  g_assert_no_error (error);
}

void
cabinet_test_make_subdir (const char *root,
                          const char *path)
{
  g_autofree char *real = g_build_filename (root, path, NULL);

  g_assert_cmpint (g_mkdir_with_parents (real, 0700), ==, 0);
}

CabinetDatabase *
cabinet_test_create_database (char       **dir,
                              char       **path,
                              CabinetKey **key)
{
  g_autoptr(GError) error = NULL;
  CabinetDatabase *db;

  *dir = cabinet_test_make_dir ();
  *path = g_build_filename (*dir, "cabinet.db", NULL);
  *key = cabinet_key_new_random ();
  db = cabinet_database_open (*path, *key, CABINET_DATABASE_CREATE, &error);
  g_assert_no_error (error);
  return db;
}

void
cabinet_test_remove_database (char       *dir,
                              char       *path,
                              CabinetKey *key)
{
  cabinet_test_remove_dir (dir);
  g_free (dir);
  g_free (path);
  cabinet_key_free (key);
}

CabinetPractitioner *
cabinet_test_practitioner (const char *full_name)
{
  CabinetPractitioner *p = cabinet_practitioner_new_with_defaults ();

  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_FULL_NAME, full_name);
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_TITLE, "Psychologue clinicienne");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_ADELI, "759312345");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_EMAIL, "cabinet@example.fr");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_VIDEO_PLATFORM, "Jitsi");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_VIDEO_LINK, "https://meet.example.fr/cabinet");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_FALLBACK_PHONE, "+33 6 12 34 56 78");
  cabinet_practitioner_set_fee (p, 6000);
  return p;
}

static gboolean
timed_out (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @condition holds; fails the test after @timeout_ms. */
gint64
cabinet_test_query_int (CabinetDatabase *db,
                        const char      *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = cabinet_database_prepare (db, sql, &error);
  gboolean has_row = FALSE;

  g_assert_no_error (error);
  cabinet_database_step (db, stmt, &has_row, &error);
  g_assert_no_error (error);
  g_assert_true (has_row);
  return sqlite3_column_int64 (stmt, 0);
}

void
cabinet_test_assert_integrity (CabinetDatabase *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = cabinet_database_prepare (db, "PRAGMA integrity_check", &error);
  gboolean has_row = FALSE;

  g_assert_no_error (error);
  cabinet_database_step (db, stmt, &has_row, &error);
  g_assert_no_error (error);
  g_assert_true (has_row);
  g_assert_cmpstr (cabinet_database_column_text (stmt, 0), ==, "ok");
}

#define CHARGE(list, i) ((CabinetCharge *) g_ptr_array_index ((list), (i)))

/* One client's rules, @paid being the sum of their entries; the charges still
 * unpaid are added to @unpaid_list. */
static gint64
assert_client_ledger (CabinetLedger *ledger,
                      gint64         client_id,
                      gint64         paid,
                      GHashTable    *kept,
                      GPtrArray     *unpaid_list)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = cabinet_ledger_list_charges (ledger, client_id, &error);
  gint64 charged = 0, unpaid = 0, balance = 0;
  gint64 *listed = g_hash_table_lookup (kept, &client_id);

  g_assert_no_error (error);
  cabinet_ledger_get_balance (ledger, client_id, &balance, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      if (CHARGE (list, i)->paid < CHARGE (list, i)->charge)
        g_ptr_array_add (unpaid_list, g_memdup2 (CHARGE (list, i), sizeof (CabinetCharge)));
      g_assert_cmpint (CHARGE (list, i)->paid, >=, 0);
      g_assert_cmpint (CHARGE (list, i)->paid, <=, CHARGE (list, i)->charge);
      charged += CHARGE (list, i)->charge;
      unpaid += CHARGE (list, i)->charge - CHARGE (list, i)->paid;
    }
  g_assert_cmpint (balance, ==, charged - paid);
  /* In credit, every charge is paid. Owing, the charges still unpaid are what
   * is owed, less only what a refund took from credit that a payment reversed
   * later took away (a bounced cheque after a refund: owed, but no session's). */
  if (balance <= 0)
    g_assert_cmpint (unpaid, ==, 0);
  else
    g_assert_cmpint (unpaid, <=, balance);
  if ((listed ? *listed : 0) != balance)
    g_error ("Client %" G_GINT64_FORMAT ": the totals kept say %" G_GINT64_FORMAT
             ", the rows %" G_GINT64_FORMAT, client_id, listed ? *listed : 0, balance);
  return balance;
}

void
cabinet_test_assert_ledger_invariants (CabinetDatabase *db,
                                       CabinetLedger   *ledger)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) all = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) by_session = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) paid = g_array_new (FALSE, FALSE, sizeof (gint64));
  /* Each client, and the sum of every entry of theirs (reversals and refunds
   * count with their sign), from the rows: one query for them all. */
  g_autoptr(sqlite3_stmt) stmt = cabinet_database_prepare (db, "SELECT id, (SELECT IFNULL (sum (amount_minor), 0)"
                                                              " FROM payments p WHERE p.client_id = c.id)"
                                                              " FROM clients c ORDER BY id", &error);
  gint64 outstanding = -1, owed = 0;
  GHashTableIter iter;
  gpointer key;

  g_assert_no_error (error);
  for (;;)
    {
      gboolean has_row = FALSE;
      gint64 id, sum;

      cabinet_database_step (db, stmt, &has_row, &error);
      g_assert_no_error (error);
      if (!has_row)
        break;
      id = sqlite3_column_int64 (stmt, 0);
      sum = sqlite3_column_int64 (stmt, 1);
      g_array_append_val (ids, id);
      g_array_append_val (paid, sum);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  all = cabinet_ledger_get_balances (ledger, &outstanding, &error);
  g_assert_no_error (error);
  for (guint c = 0; c < ids->len; c++)
    {
      gint64 balance = assert_client_ledger (ledger, g_array_index (ids, gint64, c), g_array_index (paid, gint64, c),
                                             all, expected);

      owed += MAX (balance, 0);
      g_hash_table_add (seen, &g_array_index (ids, gint64, c));
    }
  g_assert_cmpint (outstanding, ==, owed);
  /* And no sums kept for a client who is not there. */
  g_hash_table_iter_init (&iter, all);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (seen, key))
      g_error ("Totals are kept for client %" G_GINT64_FORMAT ", who is not in the records", *(gint64 *) key);

  /* What the Payments page lists, kept in the database and worked out again
   * only for the clients whose rows changed, is what each client's charges say
   * now, oldest first. */
  kept = cabinet_ledger_list_unpaid (ledger, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kept->len, ==, expected->len);
  for (guint j = 0; j < expected->len; j++)
    g_hash_table_insert (by_session, &CHARGE (expected, j)->session_id, CHARGE (expected, j));
  for (guint i = 0; i < kept->len; i++)
    {
      const CabinetCharge *k = CHARGE (kept, i);
      const CabinetCharge *e = g_hash_table_lookup (by_session, &k->session_id);

      if (e == NULL)
        g_error ("Session %" G_GINT64_FORMAT " is listed unpaid, but is paid", k->session_id);
      g_assert_cmpint (k->client_id, ==, e->client_id);
      g_assert_cmpint (k->starts_at, ==, e->starts_at);
      g_assert_cmpint (k->charge, ==, e->charge);
      g_assert_cmpint (k->paid, ==, e->paid);
      if (i > 0)
        g_assert_cmpint (CHARGE (kept, i - 1)->starts_at, <=, k->starts_at);
    }
}

gint64
cabinet_test_utc (int year,
                  int month,
                  int day,
                  int hour,
                  int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt);
}

static gboolean
keep_polling (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

void
cabinet_test_wait_for (gboolean (*condition) (gpointer data),
                       gpointer   data,
                       guint      timeout_ms)
{
  gboolean expired = FALSE;
  guint source = g_timeout_add (timeout_ms, timed_out, &expired);
  /* Some changes (a widget mapped on the next frame) come with no event of
   * their own to wake the loop: look again every few milliseconds. */
  guint poll = g_timeout_add (10, keep_polling, NULL);

  while (!condition (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (source);
  g_source_remove (poll);
  g_assert_true (condition (data));
}

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
cabinet_test_make_png (int width,
                       int height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);
  GByteArray *png = g_byte_array_new ();

  cairo_set_source_rgb (cr, 0.95, 0.95, 0.9);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.4);
  cairo_rectangle (cr, 20, 20, width - 40, 10);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append_png, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (png);
}

PopplerDocument *
cabinet_test_open_pdf (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *document = poppler_document_new_from_bytes (pdf, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (document);
  return document;
}

/* @text without any of its spaces. */
static char *
without_spaces (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != 0x00A0 && c != 0x202F)
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

gboolean
cabinet_test_contains_words (const char *text,
                             const char *words)
{
  g_autofree char *haystack = without_spaces (text);
  g_autofree char *needle = without_spaces (words);

  return strstr (haystack, needle) != NULL;
}

typedef struct {
  gunichar c;
  double   x, y;
} Glyph;

static int
compare_glyphs (gconstpointer a,
                gconstpointer b)
{
  const Glyph *g = a, *h = b;

  if (g->y != h->y)
    return g->y < h->y ? -1 : 1;
  return (g->x > h->x) - (g->x < h->x);
}

char *
cabinet_test_pdf_rows (PopplerDocument *document)
{
  GString *all = g_string_new (NULL);

  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      g_autofree char *text = poppler_page_get_text (page);
      g_autoptr(GArray) glyphs = g_array_new (FALSE, FALSE, sizeof (Glyph));
      PopplerRectangle *boxes = NULL;
      guint n_boxes = 0;
      const char *p = text;

      poppler_page_get_text_layout (page, &boxes, &n_boxes);
      /* One box for each character of the text, line breaks included. */
      for (guint b = 0; b < n_boxes && *p; b++, p = g_utf8_next_char (p))
        {
          Glyph glyph = { g_utf8_get_char (p), boxes[b].x1, round (boxes[b].y2) };

          if (!g_unichar_isspace (glyph.c))
            g_array_append_val (glyphs, glyph);
        }
      g_free (boxes);
      g_array_sort (glyphs, compare_glyphs);
      for (guint g = 0; g < glyphs->len; g++)
        {
          Glyph *glyph = &g_array_index (glyphs, Glyph, g);

          if (g > 0 && g_array_index (glyphs, Glyph, g - 1).y != glyph->y)
            g_string_append_c (all, '\n');
          else if (g > 0)
            g_string_append_c (all, ' ');
          g_string_append_unichar (all, glyph->c);
        }
      g_string_append_c (all, '\n');
      g_object_unref (page);
    }
  return g_string_free (all, FALSE);
}

char *
cabinet_test_pdf_text (PopplerDocument *document)
{
  GString *all = g_string_new (NULL);

  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      g_autofree char *text = poppler_page_get_text (page);

      g_string_append (all, text);
      g_string_append_c (all, ' ');
      g_object_unref (page);
    }
  g_strdelimit (all->str, "\r\n", ' ');
  return g_string_free (all, FALSE);
}

void
cabinet_test_assert_inside_pages (PopplerDocument *document,
                                  double           margin)
{
  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      PopplerRectangle *boxes = NULL;
      guint n_boxes = 0;
      double width, height;

      poppler_page_get_size (page, &width, &height);
      g_assert_true (poppler_page_get_text_layout (page, &boxes, &n_boxes));
      g_assert_cmpuint (n_boxes, >, 0);
      for (guint b = 0; b < n_boxes; b++)
        {
          g_assert_cmpfloat (boxes[b].x1, >=, margin);
          g_assert_cmpfloat (boxes[b].x2, <=, width - margin);
          g_assert_cmpfloat (boxes[b].y1, >=, 0);
          g_assert_cmpfloat (boxes[b].y2, <=, height - margin);
        }
      g_free (boxes);
      g_object_unref (page);
    }
}

/* A port on 127.0.0.1 for @listener. */
guint16
cabinet_test_listen_loopback (GSocketListener *listener)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_socket_listener_add_address (listener, any, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &bound, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* libsoup 3.2's own listener never releases the sockets it accepts, nor its
 * address, which the sanitizers rightly report: the connections are accepted
 * here and handed to the SoupServer, which does the HTTP. */
typedef struct {
  SoupServer      *server;
  GTlsCertificate *certificate;  /* NULL: plain HTTP */
} Serve;

static void
serve_free (gpointer  data,
            GClosure *closure)
{
  Serve *serve = data;

  g_clear_object (&serve->server);
  g_clear_object (&serve->certificate);
  g_free (serve);
}

static gboolean
serve_incoming (GSocketService    *service,
                GSocketConnection *connection,
                GObject           *source,
                gpointer           user_data)
{
  Serve *serve = user_data;
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (connection, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  if (serve->certificate)
    {
      stream = g_tls_server_connection_new (G_IO_STREAM (connection), serve->certificate, &error);
      g_assert_no_error (error);
    }
  else
    stream = g_object_ref (G_IO_STREAM (connection));
  soup_server_accept_iostream (serve->server, stream, local, remote, &error);
  g_assert_no_error (error);
  return TRUE;
}

GSocketService *
cabinet_test_serve (SoupServer      *server,
       GTlsCertificate *certificate,
       guint16         *port)
{
  GSocketService *service = g_socket_service_new ();
  Serve *data = g_new0 (Serve, 1);

  data->server = g_object_ref (server);
  data->certificate = certificate ? g_object_ref (certificate) : NULL;
  g_signal_connect_data (service, "incoming", G_CALLBACK (serve_incoming), data, serve_free, 0);
  *port = cabinet_test_listen_loopback (G_SOCKET_LISTENER (service));
  g_socket_service_start (service);
  return service;
}

void
cabinet_test_stop_serving (GSocketService *service)
{
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  g_object_unref (service);
}

static void
caldav_handle (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  CabinetTestCaldav *caldav = user_data;
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);

  if (caldav->refuse)
    {
      soup_message_headers_replace (response, "WWW-Authenticate", "Basic realm=\"test\"");
      soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
      return;
    }
  if (g_str_equal (method, "PROPFIND"))
    {
      static const char body[] =
        "<?xml version=\"1.0\"?><d:multistatus xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\">"
        "<d:response><d:href>/cal/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/><c:calendar/>"
        "</d:resourcetype></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>";

      soup_server_message_set_response (msg, "application/xml; charset=utf-8", SOUP_MEMORY_STATIC,
                                        body, strlen (body));
      soup_server_message_set_status (msg, 207, NULL);
    }
  else if (g_str_equal (method, "PUT"))
    {
      g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
      g_autofree char *etag = g_strdup_printf ("\"%u\"", ++caldav->etag);

      g_hash_table_replace (caldav->events, g_strdup (path),
                            g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)));
      caldav->n_put++;
      soup_message_headers_replace (response, "ETag", etag);
      soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
    }
  else if (g_str_equal (method, "DELETE"))
    soup_server_message_set_status (msg, g_hash_table_remove (caldav->events, path)
                                         ? SOUP_STATUS_NO_CONTENT : SOUP_STATUS_NOT_FOUND, NULL);
  else
    soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
}

CabinetTestCaldav *
cabinet_test_caldav_new (void)
{
  CabinetTestCaldav *caldav = g_new0 (CabinetTestCaldav, 1);
  SoupServer *server = soup_server_new (NULL, NULL);
  guint16 port;

  caldav->events = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  soup_server_add_handler (server, NULL, caldav_handle, caldav, NULL);
  caldav->service = cabinet_test_serve (server, NULL, &port);
  caldav->url = g_strdup_printf ("http://127.0.0.1:%u/cal/", port);
  caldav->server = server;
  return caldav;
}

void
cabinet_test_caldav_free (CabinetTestCaldav *caldav)
{
  cabinet_test_stop_serving (caldav->service);
  soup_server_disconnect (caldav->server);
  g_clear_object (&caldav->server);
  g_hash_table_unref (caldav->events);
  g_free (caldav->url);
  g_free (caldav);
}
