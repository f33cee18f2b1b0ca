/* cabinet-caldav.c — the schedule published to a CalDAV calendar (Nextcloud,
 * Radicale, Fastmail…): only what changed is sent, Cabinet's own sessions win
 * over edits made elsewhere, and nothing is lost when the server cannot be reached
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <libsoup/soup.h>
#include <string.h>

#include "cabinet-caldav.h"
#include "cabinet-session-store.h"

/* 2201-01-01 00:00 UTC: after the last time a session may be planned at. */
#define END_OF_TIME G_GINT64_CONSTANT (7289654400)

#define CALDAV_NS "urn:ietf:params:xml:ns:caldav"

struct _CabinetCaldav
{
  GObject      parent_instance;
  char        *url;       /* normalized: ends with '/' */
  GUri        *uri;
  char        *user;
  char        *password;
  guint        timeout;
  SoupSession *session;
  gboolean     syncing;
};

G_DEFINE_TYPE (CabinetCaldav, cabinet_caldav, G_TYPE_OBJECT)
G_DEFINE_QUARK (cabinet-caldav-error-quark, cabinet_caldav_error)

enum {
  PROP_0,
  PROP_URL,
  PROP_USER,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
cabinet_caldav_summary_clear (CabinetCaldavSummary *summary)
{
  g_return_if_fail (summary != NULL);

  g_clear_pointer (&summary->first_failure, g_free);
  memset (summary, 0, sizeof *summary);
}

/* Addresses */

static gboolean
is_loopback (const char *host)
{
  return g_strcmp0 (host, "127.0.0.1") == 0
         || g_strcmp0 (host, "::1") == 0
         || g_ascii_strcasecmp (host, "localhost") == 0;
}

/* The host in ASCII (an internationalized name in punycode), or NULL when it
 * cannot be one. */
static char *
dup_valid_host (const char *host)
{
  g_autofree char *ascii = NULL;

  if (host == NULL || *host == '\0')
    return NULL;
  if (g_hostname_is_ip_address (host))
    return g_strdup (host);
  ascii = g_hostname_to_ascii (host);
  if (ascii == NULL)
    return NULL;
  for (const char *p = ascii; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
      return NULL;
  return g_steal_pointer (&ascii);
}

static void
set_not_an_address (const char  *url,
                    GError     **error)
{
  g_set_error (error, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_INVALID_URL,
               _("“%s” is not the address of a calendar. Copy it from your calendar provider’s settings; it starts with https://."),
               url);
}

char *
cabinet_caldav_normalize_url (const char  *url,
                              GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *path = NULL;
  g_autofree char *host = NULL;
  g_autofree char *normalized = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) check = NULL;
  const char *scheme;
  int port;

  g_return_val_if_fail (url != NULL, NULL);

  trimmed = g_strstrip (g_strdup (url));
  uri = g_uri_parse (trimmed, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL)
    {
      set_not_an_address (trimmed, error);
      return NULL;
    }
  scheme = g_uri_get_scheme (uri);
  host = dup_valid_host (g_uri_get_host (uri));
  if (host == NULL || g_uri_get_query (uri) != NULL
      || (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0))
    {
      set_not_an_address (trimmed, error);
      return NULL;
    }
  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error_literal (error, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_INVALID_URL,
                           _("Leave the user name and password out of the calendar’s address, and enter them in their own fields."));
      return NULL;
    }
  /* A schedule tells who is seen when: it crosses a network encrypted or not at
   * all. Plain http:// stays on this computer. */
  if (g_strcmp0 (scheme, "http") == 0 && !is_loopback (host))
    {
      g_set_error_literal (error, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_INVALID_URL,
                           _("The calendar’s address must start with https://, so that your schedule travels encrypted."));
      return NULL;
    }

  /* Events are stored inside the collection: its address is a folder. A path
   * pasted with spaces or accents is escaped; what is escaped already stays so. */
  path = g_uri_escape_string (g_uri_get_path (uri), "/%:@!$&'()*+,;=", FALSE);
  if (!g_str_has_suffix (path, "/"))
    {
      g_autofree char *folder = g_strconcat (path, "/", NULL);
      g_free (path);
      path = g_steal_pointer (&folder);
    }
  if (path[0] != '/')
    {
      g_autofree char *rooted = g_strconcat ("/", path, NULL);
      g_free (path);
      path = g_steal_pointer (&rooted);
    }
  /* The default port is left out, so that the keyring finds the password
   * whether it was typed or not. */
  port = g_uri_get_port (uri);
  if ((port == 443 && strcmp (scheme, "https") == 0) || (port == 80 && strcmp (scheme, "http") == 0))
    port = -1;
  normalized = g_uri_join (G_URI_FLAGS_ENCODED, scheme, NULL, host, port, path, NULL, NULL);
  check = g_uri_parse (normalized, SOUP_HTTP_URI_FLAGS, NULL);
  if (check == NULL)
    {
      set_not_an_address (trimmed, error);
      return NULL;
    }
  return g_steal_pointer (&normalized);
}

/* Errors */

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* A request that got no answer: the connection, the name, the certificate. */
static void
set_transport_error (const GError  *in,
                     GError       **error)
{
  /* libsoup's and GIO's words are for the log, not for the therapist. */
  g_debug ("CalDAV request failed: %s (%s %d)", in->message,
           g_quark_to_string (in->domain), in->code);

  if (is_cancelled (in))
    g_propagate_error (error, g_error_copy (in));
  else if (in->domain == G_TLS_ERROR)
    g_set_error_literal (error, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_TLS,
                         _("Cabinet could not set up a secure connection with the calendar server, so nothing was sent. Check the calendar’s address; if it is right, the server’s certificate is not trusted or the network is not safe."));
  else if (g_error_matches (in, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error_literal (error, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_NETWORK,
                         _("The calendar server did not answer in time. Try again later; nothing was lost."));
  else if (in->domain == SOUP_SESSION_ERROR)
    g_set_error_literal (error, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_FAILED,
                         _("The calendar server gave an answer Cabinet cannot read. Check the calendar’s address."));
  else
    g_set_error_literal (error, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_NETWORK,
                         _("The calendar server could not be reached. Check the internet connection and the calendar’s address, then try again later; nothing was lost."));
}

/* What an HTTP status means for the therapist. @item: about one event, not the
 * collection itself. */
static void
set_status_error (guint      status,
                  gboolean   item,
                  GError   **error)
{
  g_debug ("CalDAV server answered %u", status);

  if (status == SOUP_STATUS_UNAUTHORIZED)
    g_set_error_literal (error, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_AUTH,
                         _("The calendar server refused the user name or password. Check them; some providers ask for an app password made for Cabinet."));
  else if (status == SOUP_STATUS_FORBIDDEN)
    g_set_error_literal (error, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_FORBIDDEN,
                         _("The calendar server does not allow this account to change this calendar. Check that the address is that of one of your own calendars."));
  else if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_CONFLICT
           || status == SOUP_STATUS_GONE)
    g_set_error_literal (error, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_NOT_FOUND,
                         _("No calendar was found at this address. Check the calendar’s address in your calendar provider’s settings."));
  else if (status == SOUP_STATUS_PRECONDITION_FAILED)
    g_set_error_literal (error, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_CONFLICT,
                         _("A session was being changed in the calendar by another application at the same time, so Cabinet could not replace it. It will be sent again at the next update."));
  else if (SOUP_STATUS_IS_SERVER_ERROR (status))
    g_set_error (error, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_SERVER,
                 _("The calendar server has a problem of its own (error %u). Try again later; nothing was lost."),
                 status);
  else if (item)
    g_set_error (error, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_FAILED,
                 _("The calendar server did not accept a session (error %u). It will be sent again at the next update."),
                 status);
  else
    g_set_error (error, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_FAILED,
                 _("The calendar server gave an unexpected answer (error %u). Check the calendar’s address."),
                 status);
}

/* Whether a status says the whole calendar is out of reach, so that the other
 * sessions would fare no better. */
static gboolean
status_stops_sync (guint    status,
                   gboolean deleting)
{
  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
    case SOUP_STATUS_FORBIDDEN:
    case SOUP_STATUS_BAD_GATEWAY:
    case SOUP_STATUS_SERVICE_UNAVAILABLE:
    case SOUP_STATUS_GATEWAY_TIMEOUT:
      return TRUE;
    case SOUP_STATUS_NOT_FOUND:
    case SOUP_STATUS_CONFLICT:
    case SOUP_STATUS_GONE:
      /* A PUT creates the event: only a missing collection refuses it so. */
      return !deleting;
    default:
      return FALSE;
    }
}

/* The object */

static void
cabinet_caldav_finalize (GObject *object)
{
  CabinetCaldav *self = CABINET_CALDAV (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->uri, g_uri_unref);
  g_free (self->url);
  g_free (self->user);
  cabinet_secure_free_string (self->password);

  G_OBJECT_CLASS (cabinet_caldav_parent_class)->finalize (object);
}

static void
cabinet_caldav_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CabinetCaldav *self = CABINET_CALDAV (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_USER:
      g_value_set_string (value, self->user);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cabinet_caldav_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CabinetCaldav *self = CABINET_CALDAV (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      cabinet_caldav_set_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cabinet_caldav_class_init (CabinetCaldavClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cabinet_caldav_finalize;
  object_class->get_property = cabinet_caldav_get_property;
  object_class->set_property = cabinet_caldav_set_property;

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER] =
    g_param_spec_string ("user", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, G_MAXUINT, CABINET_CALDAV_DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cabinet_caldav_init (CabinetCaldav *self)
{
  self->timeout = CABINET_CALDAV_DEFAULT_TIMEOUT;
  /* The TLS database is the system's, and certificates are verified: nothing
   * here ever accepts one that the system does not trust. */
  self->session = soup_session_new_with_options ("timeout", self->timeout,
                                                 "idle-timeout", 60,
                                                 "user-agent", "Cabinet/" PACKAGE_VERSION,
                                                 NULL);
}

CabinetCaldav *
cabinet_caldav_new (const char  *url,
                    const char  *user,
                    const char  *password,
                    GError     **error)
{
  g_autoptr(CabinetCaldav) self = NULL;
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (user != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  normalized = cabinet_caldav_normalize_url (url, error);
  if (normalized == NULL)
    return NULL;

  self = g_object_new (CABINET_TYPE_CALDAV, NULL);
  self->uri = g_uri_parse (normalized, G_URI_FLAGS_ENCODED, NULL);
  g_assert (self->uri != NULL);
  self->url = g_steal_pointer (&normalized);
  self->user = g_strdup (user);
  self->password = g_strdup (password);
  return g_steal_pointer (&self);
}

const char *
cabinet_caldav_get_url (CabinetCaldav *self)
{
  g_return_val_if_fail (CABINET_IS_CALDAV (self), NULL);
  return self->url;
}

const char *
cabinet_caldav_get_user (CabinetCaldav *self)
{
  g_return_val_if_fail (CABINET_IS_CALDAV (self), NULL);
  return self->user;
}

guint
cabinet_caldav_get_timeout (CabinetCaldav *self)
{
  g_return_val_if_fail (CABINET_IS_CALDAV (self), 0);
  return self->timeout;
}

void
cabinet_caldav_set_timeout (CabinetCaldav *self,
                            guint          seconds)
{
  g_return_if_fail (CABINET_IS_CALDAV (self));
  g_return_if_fail (seconds > 0);

  if (self->timeout == seconds)
    return;
  self->timeout = seconds;
  soup_session_set_timeout (self->session, seconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/* Requests */

/* The password goes only to the server the therapist named, never to one a
 * redirection leads to. */
static gboolean
on_authenticate (SoupMessage *message,
                 SoupAuth    *auth,
                 gboolean     retrying,
                 gpointer     user_data)
{
  CabinetCaldav *self = user_data;
  GUri *target = soup_message_get_uri (message);

  if (retrying || soup_auth_is_for_proxy (auth)
      || g_strcmp0 (g_uri_get_scheme (target), g_uri_get_scheme (self->uri)) != 0
      || g_ascii_strcasecmp (g_uri_get_host (target), g_uri_get_host (self->uri)) != 0
      || g_uri_get_port (target) != g_uri_get_port (self->uri))
    return FALSE;
  soup_auth_authenticate (auth, self->user, self->password);
  return TRUE;
}

/* Every href is built from the normalized address and an escaped UID, so libsoup
 * should take it; if it does not, the address is what to fix. */
static SoupMessage *
new_request (CabinetCaldav  *self,
             const char     *method,
             const char     *href,
             GError        **error)
{
  SoupMessage *message = soup_message_new (method, href);

  if (message == NULL)
    {
      set_not_an_address (self->url, error);
      return NULL;
    }
  g_signal_connect_object (message, "authenticate", G_CALLBACK (on_authenticate), self, 0);
  return message;
}

typedef struct {
  char   *content_type;
  GBytes *bytes;
} Body;

static void
body_free (gpointer  data,
           GClosure *closure)
{
  Body *body = data;

  g_free (body->content_type);
  g_bytes_unref (body->bytes);
  g_free (body);
}

/* libsoup 3.2 sends a message restarted after a 401 without its body (and
 * with "Content-Length: 0" on a kept-alive connection: an empty event would be
 * stored). The body is given again at each restart, unless a redirection turned
 * the request into a GET. */
static void
on_restarted (SoupMessage *message,
              gpointer     user_data)
{
  Body *body = user_data;
  const char *method = soup_message_get_method (message);

  if (strcmp (method, "GET") != 0 && strcmp (method, "HEAD") != 0)
    soup_message_set_request_body_from_bytes (message, body->content_type, body->bytes);
}

static void
set_request_body (SoupMessage *message,
                  const char  *content_type,
                  GBytes      *bytes)
{
  Body *body = g_new0 (Body, 1);

  body->content_type = g_strdup (content_type);
  body->bytes = g_bytes_ref (bytes);
  soup_message_set_request_body_from_bytes (message, content_type, bytes);
  g_signal_connect_data (message, "restarted", G_CALLBACK (on_restarted), body,
                         body_free, 0);
}

/* A weak ETag cannot be used in If-Match (RFC 9110 compares strongly): it would
 * fail every time. */
static char *
dup_strong_etag (SoupMessage *message)
{
  const char *etag = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                   "ETag");

  if (etag == NULL || *etag != '"')
    return NULL;
  return g_strdup (etag);
}

/* Checking the settings */

/* Whether a PROPFIND answer says the collection is a calendar: a CalDAV
 * <calendar/> inside the DAV: <resourcetype>, whatever prefixes the server uses. */
typedef struct {
  GPtrArray *bindings;          /* of Binding: xmlns declarations in scope */
  guint      depth;
  guint      resourcetype_depth; /* 0: not inside one */
  gboolean   calendar;
} Propfind;

typedef struct {
  char  *prefix;  /* "" for the default namespace */
  char  *uri;
  guint  depth;
} Binding;

static void
binding_free (Binding *binding)
{
  g_free (binding->prefix);
  g_free (binding->uri);
  g_free (binding);
}

static const char *
lookup_namespace (Propfind   *st,
                  const char *prefix)
{
  for (guint i = st->bindings->len; i > 0; i--)
    {
      Binding *binding = g_ptr_array_index (st->bindings, i - 1);

      if (strcmp (binding->prefix, prefix) == 0)
        return binding->uri;
    }
  return "";
}

static void
propfind_start (GMarkupParseContext  *context,
                const char           *element,
                const char          **names,
                const char          **values,
                gpointer              user_data,
                GError              **error)
{
  Propfind *st = user_data;
  g_autofree char *prefix = NULL;
  const char *local = strchr (element, ':');
  const char *ns;

  st->depth++;
  for (guint i = 0; names[i]; i++)
    {
      if (strcmp (names[i], "xmlns") == 0 || g_str_has_prefix (names[i], "xmlns:"))
        {
          Binding *binding = g_new0 (Binding, 1);

          binding->prefix = g_strdup (names[i][5] == ':' ? names[i] + 6 : "");
          binding->uri = g_strdup (values[i]);
          binding->depth = st->depth;
          g_ptr_array_add (st->bindings, binding);
        }
    }

  prefix = local ? g_strndup (element, (gsize) (local - element)) : g_strdup ("");
  local = local ? local + 1 : element;
  ns = lookup_namespace (st, prefix);

  if (strcmp (local, "resourcetype") == 0 && strcmp (ns, "DAV:") == 0)
    st->resourcetype_depth = st->depth;
  else if (st->resourcetype_depth > 0 && strcmp (local, "calendar") == 0
           && strcmp (ns, CALDAV_NS) == 0)
    st->calendar = TRUE;
}

static void
propfind_end (GMarkupParseContext  *context,
              const char           *element,
              gpointer              user_data,
              GError              **error)
{
  Propfind *st = user_data;

  if (st->resourcetype_depth == st->depth)
    st->resourcetype_depth = 0;
  while (st->bindings->len > 0)
    {
      Binding *binding = g_ptr_array_index (st->bindings, st->bindings->len - 1);

      if (binding->depth != st->depth)
        break;
      g_ptr_array_remove_index (st->bindings, st->bindings->len - 1);
    }
  st->depth--;
}

static gboolean
is_calendar_collection (GBytes *body)
{
  static const GMarkupParser parser = { propfind_start, propfind_end, NULL, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  Propfind st = { 0 };
  gsize length;
  const char *text = g_bytes_get_data (body, &length);

  if (text == NULL || length == 0)
    return FALSE;
  st.bindings = g_ptr_array_new_with_free_func ((GDestroyNotify) binding_free);
  context = g_markup_parse_context_new (&parser, 0, &st, NULL);
  if (!g_markup_parse_context_parse (context, text, (gssize) length, &error)
      || !g_markup_parse_context_end_parse (context, &error))
    {
      g_debug ("CalDAV: unreadable PROPFIND answer: %s", error->message);
      st.calendar = FALSE;
    }
  g_ptr_array_unref (st.bindings);
  return st.calendar;
}

static void
check_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *message = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  GError *out = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      set_transport_error (error, &out);
      g_task_return_error (task, out);
      return;
    }

  status = soup_message_get_status (message);
  if (status == SOUP_STATUS_MULTI_STATUS || status == SOUP_STATUS_OK)
    {
      if (is_calendar_collection (body))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_new_error (task, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_NOT_FOUND,
                                 _("This address is a folder on the calendar server, not a calendar. Use the address of the calendar itself, as your calendar provider gives it."));
      return;
    }
  set_status_error (status, FALSE, &out);
  g_task_return_error (task, out);
}

void
cabinet_caldav_check_async (CabinetCaldav       *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  static const char request[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<d:propfind xmlns:d=\"DAV:\"><d:prop><d:resourcetype/></d:prop></d:propfind>\n";
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  SoupMessage *message;
  GTask *task;

  g_return_if_fail (CABINET_IS_CALDAV (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cabinet_caldav_check_async);

  message = new_request (self, "PROPFIND", self->url, &error);
  if (message == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  soup_message_headers_replace (soup_message_get_request_headers (message), "Depth", "0");
  body = g_bytes_new_static (request, sizeof request - 1);
  set_request_body (message, "application/xml; charset=utf-8", body);
  g_task_set_task_data (task, message, g_object_unref);

  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT,
                                    cancellable, check_done, task);
}

gboolean
cabinet_caldav_check_finish (CabinetCaldav  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Synchronising */

typedef enum {
  PRECONDITION_NONE,    /* whatever the server holds is replaced */
  PRECONDITION_ABSENT,  /* If-None-Match: *: only if there is nothing yet */
  PRECONDITION_ETAG,    /* If-Match: the event as Cabinet last saw it */
} Precondition;

typedef struct {
  gboolean      delete;
  char         *uid;
  char         *href;
  GBytes       *body;          /* PUT: the calendar sent */
  char         *hash;          /* PUT: what caldav_state keeps of it */
  Precondition  precondition;
  char         *etag;
  gboolean      refetched;     /* a 412 was answered by fetching the ETag anew */
} Item;

static void
item_free (Item *item)
{
  g_free (item->uid);
  g_free (item->href);
  g_clear_pointer (&item->body, g_bytes_unref);
  g_free (item->hash);
  g_free (item->etag);
  g_free (item);
}

typedef struct {
  CabinetDatabase      *database;
  GPtrArray            *items;    /* of Item, sent in order */
  guint                 next;
  SoupMessage          *message;  /* the request under way */
  CabinetCaldavSummary  summary;
  GError               *failure;  /* of the first item that failed */
} Sync;

static void
sync_free (Sync *sync)
{
  g_clear_object (&sync->database);
  g_clear_pointer (&sync->items, g_ptr_array_unref);
  g_clear_object (&sync->message);
  cabinet_caldav_summary_clear (&sync->summary);
  g_clear_error (&sync->failure);
  g_free (sync);
}

static Item *
current_item (Sync *sync)
{
  g_assert (sync->next > 0 && sync->next <= sync->items->len);
  return g_ptr_array_index (sync->items, sync->next - 1);
}

static char *
resource_href (CabinetCaldav *self,
               const char    *uid)
{
  g_autofree char *escaped = g_uri_escape_string (uid, NULL, FALSE);

  return g_strconcat (self->url, escaped, ".ics", NULL);
}

/* The event's text without DTSTAMP, which is the time of each export: with it,
 * every session would look changed at every synchronisation. */
static char *
content_hash (const char *text)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *line = text;

  while (*line)
    {
      const char *end = strchr (line, '\n');
      gsize length = end ? (gsize) (end - line) + 1 : strlen (line);

      if (!g_str_has_prefix (line, "DTSTAMP:") && !g_str_has_prefix (line, "DTSTAMP;"))
        g_checksum_update (checksum, (const guchar *) line, (gssize) length);
      line += length;
    }
  return g_strdup (g_checksum_get_string (checksum));
}

typedef struct {
  char *href;
  char *etag;
  char *hash;
} Published;

static void
published_free (Published *published)
{
  g_free (published->href);
  g_free (published->etag);
  g_free (published->hash);
  g_free (published);
}

static GHashTable *
load_published (CabinetDatabase  *database,
                GError          **error)
{
  g_autoptr(GHashTable) published = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row = FALSE;

  stmt = cabinet_database_prepare (database,
                                   "SELECT uid, href, etag, hash FROM caldav_state", error);
  if (stmt == NULL)
    return NULL;
  published = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify) published_free);
  for (;;)
    {
      Published *p;

      if (!cabinet_database_step (database, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      p = g_new0 (Published, 1);

      p->href = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      p->etag = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      p->hash = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      g_hash_table_insert (published, g_strdup ((const char *) sqlite3_column_text (stmt, 0)), p);
    }
  return g_steal_pointer (&published);
}

/* What is to be sent, worked out on the calling thread: the sessions whose event
 * differs from the one last accepted, then the deleted ones that were published
 * to this calendar. */
static gboolean
plan_sync (CabinetCaldav            *self,
           Sync                     *sync,
           CabinetIcalTitle          title,
           CabinetIcalClientLookup   lookup,
           gpointer                  lookup_data,
           GError                  **error)
{
  g_autoptr(GHashTable) published = NULL;
  g_autoptr(CabinetSessionStore) store = NULL;
  g_autoptr(GListModel) sessions = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 from = g_get_real_time () / G_USEC_PER_SEC
                - (gint64) CABINET_CALDAV_DAYS_BACK * 24 * 60 * 60;
  gboolean has_row = FALSE;
  guint n;

  published = load_published (sync->database, error);
  if (published == NULL)
    return FALSE;

  store = cabinet_session_store_new (sync->database);
  sessions = cabinet_session_store_list_range (store, from, END_OF_TIME, error);
  if (sessions == NULL)
    return FALSE;

  n = g_list_model_get_n_items (sessions);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CabinetSession) session = g_list_model_get_item (sessions, i);
      const char *uid = cabinet_session_get_uid (session);
      g_autofree char *text = cabinet_ical_export_one (session, title, lookup, lookup_data);
      g_autofree char *hash = content_hash (text);
      g_autofree char *href = resource_href (self, uid);
      Published *p = g_hash_table_lookup (published, uid);
      gboolean here = p != NULL && strcmp (p->href, href) == 0;
      Item *item;
      gsize length;

      if (here && strcmp (p->hash, hash) == 0)
        {
          sync->summary.n_unchanged++;
          continue;
        }

      item = g_new0 (Item, 1);
      item->uid = g_strdup (uid);
      item->href = g_steal_pointer (&href);
      item->hash = g_steal_pointer (&hash);
      length = strlen (text);
      item->body = g_bytes_new_take (g_steal_pointer (&text), length);
      /* Published to another calendar before (the address changed): new here. */
      if (!here)
        item->precondition = PRECONDITION_ABSENT;
      else if (p->etag[0] == '"')
        {
          item->precondition = PRECONDITION_ETAG;
          item->etag = g_strdup (p->etag);
        }
      else
        item->precondition = PRECONDITION_NONE;
      g_ptr_array_add (sync->items, item);
    }

  /* A UID that is a session again (imported anew) is not deleted. */
  stmt = cabinet_database_prepare (sync->database,
                                   "SELECT t.uid, c.href FROM session_tombstones t"
                                   " JOIN caldav_state c ON c.uid = t.uid"
                                   " WHERE t.uid NOT IN (SELECT uid FROM sessions)"
                                   " ORDER BY t.deleted_at, t.uid",
                                   error);
  if (stmt == NULL)
    return FALSE;
  for (;;)
    {
      const char *href;
      Item *item;

      if (!cabinet_database_step (sync->database, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        break;
      href = (const char *) sqlite3_column_text (stmt, 1);

      /* Another calendar's event is left alone: this account may not reach it. */
      if (!g_str_has_prefix (href, self->url))
        continue;
      item = g_new0 (Item, 1);
      item->delete = TRUE;
      item->uid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      item->href = g_strdup (href);
      g_ptr_array_add (sync->items, item);
    }
  return TRUE;
}

/* Recorded only once the server has accepted it, each in its own transaction:
 * what is not recorded is sent again next time. */
static gboolean
record_sent (Sync     *sync,
             Item     *item,
             GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) now = cabinet_timestamp_now ();
  g_autofree char *synced_at = cabinet_timestamp_format (now);
  g_autofree char *etag = dup_strong_etag (sync->message);
  gboolean has_row;

  if (!cabinet_database_begin (sync->database, error))
    return FALSE;
  stmt = cabinet_database_prepare (sync->database,
                                   "INSERT OR REPLACE INTO caldav_state (uid, href, etag, hash, synced_at)"
                                   " VALUES (?, ?, ?, ?, ?)",
                                   error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, item->uid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, item->href, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, etag ? etag : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, item->hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, synced_at, -1, SQLITE_TRANSIENT);
  if (!cabinet_database_step (sync->database, stmt, &has_row, error))
    goto fail;
  g_clear_pointer (&stmt, sqlite3_finalize);
  return cabinet_database_commit (sync->database, error);

fail:
  cabinet_database_rollback (sync->database);
  return FALSE;
}

static gboolean
record_deleted (Sync     *sync,
                Item     *item,
                GError  **error)
{
  static const char *sql[] = {
    "DELETE FROM caldav_state WHERE uid = ?",
    "DELETE FROM session_tombstones WHERE uid = ?",
  };

  if (!cabinet_database_begin (sync->database, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      g_autoptr(sqlite3_stmt) stmt = cabinet_database_prepare (sync->database, sql[i], error);
      gboolean has_row;

      if (stmt == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, item->uid, -1, SQLITE_TRANSIENT);
      if (!cabinet_database_step (sync->database, stmt, &has_row, error))
        goto fail;
    }
  return cabinet_database_commit (sync->database, error);

fail:
  cabinet_database_rollback (sync->database);
  return FALSE;
}

static void sync_next (GTask *task);

static void
sync_return (GTask  *task,
             GError *error)
{
  CabinetCaldav *self = g_task_get_source_object (task);

  self->syncing = FALSE;
  if (error)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
note_failure (Sync         *sync,
              const GError *error)
{
  if (sync->summary.first_failure == NULL)
    sync->summary.first_failure = g_strdup (error->message);
}

/* The current item and all those after it stay for the next time. */
static void
sync_stop (GTask  *task,
           GError *error)
{
  Sync *sync = g_task_get_task_data (task);

  sync->summary.n_failed += sync->items->len - sync->next + 1;
  note_failure (sync, error);
  sync_return (task, error);
}

/* This item stays for the next time; the others are still sent. */
static void
sync_skip (GTask  *task,
           GError *error)
{
  Sync *sync = g_task_get_task_data (task);

  sync->summary.n_failed++;
  note_failure (sync, error);
  if (sync->failure == NULL)
    sync->failure = error;
  else
    g_error_free (error);
  sync_next (task);
}

static void
sync_status_failed (GTask *task,
                    guint  status)
{
  Sync *sync = g_task_get_task_data (task);
  Item *item = current_item (sync);
  GError *error = NULL;

  set_status_error (status, TRUE, &error);
  if (status_stops_sync (status, item->delete))
    sync_stop (task, error);
  else
    sync_skip (task, error);
}

static void
sync_transport_failed (GTask        *task,
                       const GError *in)
{
  GError *error = NULL;

  set_transport_error (in, &error);
  sync_stop (task, error);
}

static void send_item (GTask *task,
                       Item  *item);

static void
etag_fetched (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Sync *sync = g_task_get_task_data (task);
  Item *item = current_item (sync);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      sync_transport_failed (task, error);
      return;
    }

  status = soup_message_get_status (sync->message);
  g_clear_pointer (&item->etag, g_free);
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      item->etag = dup_strong_etag (sync->message);
      item->precondition = item->etag ? PRECONDITION_ETAG : PRECONDITION_NONE;
    }
  else if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_GONE)
    item->precondition = PRECONDITION_ABSENT;  /* deleted on the server meanwhile */
  else
    {
      sync_status_failed (task, status);
      return;
    }
  send_item (task, item);
}

/* The event changed on the server since Cabinet sent it (or appeared there):
 * Cabinet's session is the reference, so its version goes again, once, over the
 * server's current one. */
static void
fetch_etag (GTask *task,
            Item  *item)
{
  CabinetCaldav *self = g_task_get_source_object (task);
  Sync *sync = g_task_get_task_data (task);

  GError *error = NULL;

  item->refetched = TRUE;
  g_clear_object (&sync->message);
  sync->message = new_request (self, "HEAD", item->href, &error);
  if (sync->message == NULL)
    {
      sync_stop (task, error);
      return;
    }
  soup_session_send_and_read_async (self->session, sync->message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), etag_fetched,
                                    g_object_ref (task));
}

static void
item_sent (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Sync *sync = g_task_get_task_data (task);
  Item *item = current_item (sync);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  GError *db_error = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      sync_transport_failed (task, error);
      return;
    }

  status = soup_message_get_status (sync->message);
  if (item->delete)
    {
      /* Gone already (deleted by hand on the server) is as good as deleted. */
      if (SOUP_STATUS_IS_SUCCESSFUL (status) || status == SOUP_STATUS_NOT_FOUND
          || status == SOUP_STATUS_GONE)
        {
          if (!record_deleted (sync, item, &db_error))
            {
              sync_stop (task, db_error);
              return;
            }
          sync->summary.n_deleted++;
          sync_next (task);
        }
      else
        sync_status_failed (task, status);
      return;
    }

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      if (!record_sent (sync, item, &db_error))
        {
          sync_stop (task, db_error);
          return;
        }
      sync->summary.n_sent++;
      sync_next (task);
    }
  else if (status == SOUP_STATUS_PRECONDITION_FAILED && !item->refetched)
    fetch_etag (task, item);
  else
    sync_status_failed (task, status);
}

static void
send_item (GTask *task,
           Item  *item)
{
  CabinetCaldav *self = g_task_get_source_object (task);
  Sync *sync = g_task_get_task_data (task);
  SoupMessageHeaders *headers;
  GError *error = NULL;

  g_clear_object (&sync->message);
  sync->message = new_request (self, item->delete ? "DELETE" : "PUT", item->href, &error);
  if (sync->message == NULL)
    {
      sync_stop (task, error);
      return;
    }
  headers = soup_message_get_request_headers (sync->message);
  if (!item->delete)
    {
      set_request_body (sync->message, "text/calendar; charset=utf-8", item->body);
      if (item->precondition == PRECONDITION_ABSENT)
        soup_message_headers_replace (headers, "If-None-Match", "*");
      else if (item->precondition == PRECONDITION_ETAG)
        soup_message_headers_replace (headers, "If-Match", item->etag);
    }
  soup_session_send_and_read_async (self->session, sync->message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), item_sent,
                                    g_object_ref (task));
}

static void
sync_next (GTask *task)
{
  Sync *sync = g_task_get_task_data (task);

  if (sync->next >= sync->items->len)
    {
      g_clear_object (&sync->message);
      sync_return (task, sync->failure ? g_error_copy (sync->failure) : NULL);
      return;
    }
  /* One request at a time: the state is written in the order the server
   * accepted, and a small server is not flooded. */
  sync->next++;
  send_item (task, current_item (sync));
}

void
cabinet_caldav_sync_async (CabinetCaldav           *self,
                           CabinetDatabase         *database,
                           CabinetIcalTitle         title,
                           CabinetIcalClientLookup  lookup,
                           gpointer                 lookup_data,
                           GCancellable            *cancellable,
                           GAsyncReadyCallback      callback,
                           gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Sync *sync;

  g_return_if_fail (CABINET_IS_CALDAV (self));
  g_return_if_fail (CABINET_IS_DATABASE (database));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cabinet_caldav_sync_async);
  sync = g_new0 (Sync, 1);
  sync->database = g_object_ref (database);
  sync->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  g_task_set_task_data (task, sync, (GDestroyNotify) sync_free);

  if (self->syncing)
    {
      g_task_return_new_error (task, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_FAILED,
                               _("The calendar is already being updated. Wait until it is done."));
      return;
    }
  if (!plan_sync (self, sync, title, lookup, lookup_data, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  self->syncing = TRUE;
  sync_next (task);
}

gboolean
cabinet_caldav_sync_finish (CabinetCaldav         *self,
                            GAsyncResult          *result,
                            CabinetCaldavSummary  *summary,
                            GError               **error)
{
  Sync *sync;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  sync = g_task_get_task_data (G_TASK (result));
  if (summary)
    {
      *summary = sync->summary;
      summary->first_failure = g_strdup (sync->summary.first_failure);
    }
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The password in the keyring */

/* One item per calendar address and account. */
static const SecretSchema *
password_schema (void)
{
  static const SecretSchema schema = {
    APPLICATION_ID ".CalDAV", SECRET_SCHEMA_NONE,
    {
      { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };
  return &schema;
}

static void
set_keyring_error (const GError  *in,
                   GError       **error)
{
  g_debug ("Keyring: %s", in->message);
  if (is_cancelled (in))
    g_propagate_error (error, g_error_copy (in));
  else
    g_set_error_literal (error, CABINET_CALDAV_ERROR, CABINET_CALDAV_ERROR_KEYRING,
                         _("The keyring could not be used for the calendar password. Unlock your keyring, or set one up (GNOME Keyring or KWallet), then try again."));
}

static char *
password_label (const char *url)
{
  /* Translators: the label of the keyring item; %s is the calendar's address. */
  return g_strdup_printf (_("Cabinet calendar password (%s)"), url);
}

/* The keyring's failure, as the task's error a person can act on. */
static void
return_keyring_error (GTask        *task,
                      const GError *error)
{
  GError *out = NULL;

  set_keyring_error (error, &out);
  g_task_return_error (task, out);
}

/* A task for a keyring call about @url, with @url's normalized form in
 * @normalized; NULL when @url is not a calendar's address (the error is then
 * returned to @callback). */
static GTask *
password_task_new (const char          *url,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data,
                   gpointer             source_tag,
                   char               **normalized)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, source_tag);
  *normalized = cabinet_caldav_normalize_url (url, &error);
  if (*normalized == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return NULL;
    }
  return task;
}

static void
password_stored (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    return_keyring_error (task, error);
}

void
cabinet_caldav_store_password_async (const char          *url,
                                     const char          *user,
                                     const char          *password,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *normalized = NULL;
  g_autofree char *label = NULL;
  GTask *task;

  g_return_if_fail (url != NULL && user != NULL && password != NULL);

  task = password_task_new (url, cancellable, callback, user_data, cabinet_caldav_store_password_async, &normalized);
  if (task == NULL)
    return;
  label = password_label (normalized);
  secret_password_store (password_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, password_stored, task,
                         "url", normalized,
                         "user", user,
                         NULL);
}

gboolean
cabinet_caldav_store_password_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* libsecret's copy is freed its own way; the caller gets one of ours. */
static char *
take_password (char *secret)
{
  char *copy;

  if (secret == NULL)
    return NULL;
  copy = g_strdup (secret);
  secret_password_free (secret);
  return copy;
}

static void
password_found (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *password = take_password (secret_password_lookup_finish (result, &error));

  if (error)
    return_keyring_error (task, error);
  else
    g_task_return_pointer (task, password, (GDestroyNotify) cabinet_secure_free_string);
}

void
cabinet_caldav_lookup_password_async (const char          *url,
                                      const char          *user,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autofree char *normalized = NULL;
  GTask *task;

  g_return_if_fail (url != NULL && user != NULL);

  task = password_task_new (url, cancellable, callback, user_data, cabinet_caldav_lookup_password_async, &normalized);
  if (task == NULL)
    return;
  secret_password_lookup (password_schema (), cancellable, password_found, task,
                          "url", normalized,
                          "user", user,
                          NULL);
}

char *
cabinet_caldav_lookup_password_finish (GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
password_cleared (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error: there was nothing to forget. */
  secret_password_clear_finish (result, &error);
  if (error)
    return_keyring_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
cabinet_caldav_clear_password_async (const char          *url,
                                     const char          *user,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *normalized = NULL;
  GTask *task;

  g_return_if_fail (url != NULL && user != NULL);

  task = password_task_new (url, cancellable, callback, user_data, cabinet_caldav_clear_password_async, &normalized);
  if (task == NULL)
    return;
  secret_password_clear (password_schema (), cancellable, password_cleared, task,
                         "url", normalized,
                         "user", user,
                         NULL);
}

gboolean
cabinet_caldav_clear_password_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
cabinet_caldav_store_password (const char  *url,
                               const char  *user,
                               const char  *password,
                               GError     **error)
{
  g_autofree char *normalized = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (url != NULL && user != NULL && password != NULL, FALSE);

  normalized = cabinet_caldav_normalize_url (url, error);
  if (normalized == NULL)
    return FALSE;
  label = password_label (normalized);
  if (!secret_password_store_sync (password_schema (), SECRET_COLLECTION_DEFAULT, label,
                                   password, NULL, &local_error,
                                   "url", normalized,
                                   "user", user,
                                   NULL))
    {
      set_keyring_error (local_error, error);
      return FALSE;
    }
  return TRUE;
}

char *
cabinet_caldav_lookup_password (const char  *url,
                                const char  *user,
                                GError     **error)
{
  g_autofree char *normalized = NULL;
  g_autoptr(GError) local_error = NULL;
  char *password;

  g_return_val_if_fail (url != NULL && user != NULL, NULL);

  normalized = cabinet_caldav_normalize_url (url, error);
  if (normalized == NULL)
    return NULL;
  password = take_password (secret_password_lookup_sync (password_schema (), NULL, &local_error,
                                                         "url", normalized,
                                                         "user", user,
                                                         NULL));
  if (local_error)
    {
      set_keyring_error (local_error, error);
      return NULL;
    }
  return password;
}

gboolean
cabinet_caldav_clear_password (const char  *url,
                               const char  *user,
                               GError     **error)
{
  g_autofree char *normalized = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (url != NULL && user != NULL, FALSE);

  normalized = cabinet_caldav_normalize_url (url, error);
  if (normalized == NULL)
    return FALSE;
  secret_password_clear_sync (password_schema (), NULL, &local_error,
                              "url", normalized,
                              "user", user,
                              NULL);
  if (local_error)
    {
      set_keyring_error (local_error, error);
      return FALSE;
    }
  return TRUE;
}
