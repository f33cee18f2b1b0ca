/* cabinet-check-remote-access.c — can other computers log in to this one or see its
 * screen? Read from the kernel's table of listening sockets, which any user can see
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cabinet-check.h"
#include "cabinet-check-system.h"

#define PROC_NET_TCP  "/proc/net/tcp"
#define PROC_NET_TCP6 "/proc/net/tcp6"

/* TCP_LISTEN in the kernel's numbering of socket states. */
#define TCP_STATE_LISTEN 0x0A

/* ---- Parser --------------------------------------------------------------------- */

/* The next run of non-blank bytes in [*cursor, end). */
static gboolean
next_token (const char **cursor,
            const char  *end,
            const char **token,
            gsize       *token_length)
{
  const char *p = *cursor;
  const char *start;

  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
    p++;
  if (p == end)
    return FALSE;
  start = p;
  while (p < end && *p != ' ' && *p != '\t' && *p != '\r')
    p++;
  *token = start;
  *token_length = (gsize) (p - start);
  *cursor = p;
  return TRUE;
}

static gboolean
parse_hex (const char *text,
           gsize       n_digits,
           guint32    *value)
{
  guint32 v = 0;

  g_assert (n_digits <= 8);
  for (gsize i = 0; i < n_digits; i++)
    {
      int digit = g_ascii_xdigit_value (text[i]);

      if (digit < 0)
        return FALSE;
      v = (v << 4) | (guint32) digit;
    }
  *value = v;
  return TRUE;
}

/* "0100007F:0016" or 32 hex digits, a colon and 4. The kernel prints the address
 * as 32-bit words taken from memory in network order and printed as host numbers
 * (%08X): storing each number back in host order gives the bytes again, whatever
 * the machine's byte order. */
static gboolean
parse_endpoint (const char         *token,
                gsize               length,
                CabinetTcpListener *endpoint)
{
  gsize address_digits;
  guint32 port;

  if (length == 8 + 1 + 4)
    address_digits = 8;
  else if (length == 32 + 1 + 4)
    address_digits = 32;
  else
    return FALSE;
  if (token[address_digits] != ':' || !parse_hex (token + address_digits + 1, 4, &port))
    return FALSE;

  memset (endpoint, 0, sizeof *endpoint);
  endpoint->ipv6 = address_digits == 32;
  endpoint->port = (guint16) port;
  for (gsize word = 0; word < address_digits / 8; word++)
    {
      guint32 value;

      if (!parse_hex (token + word * 8, 8, &value))
        return FALSE;
      memcpy (endpoint->address + word * 4, &value, 4);
    }
  return TRUE;
}

/* "   0: 00000000:0016 00000000:0000 0A 00000000:00000000 …"; the header line and
 * anything else that does not have this shape is not a socket. */
static gboolean
parse_line (const char         *line,
            const char         *end,
            CabinetTcpListener *listener)
{
  const char *cursor = line;
  const char *token;
  gsize length;
  CabinetTcpListener remote;
  guint32 state;

  /* "sl": a decimal number and a colon. */
  if (!next_token (&cursor, end, &token, &length) || length < 2 || token[length - 1] != ':')
    return FALSE;
  for (gsize i = 0; i + 1 < length; i++)
    if (!g_ascii_isdigit (token[i]))
      return FALSE;

  if (!next_token (&cursor, end, &token, &length) || !parse_endpoint (token, length, listener))
    return FALSE;
  if (!next_token (&cursor, end, &token, &length) || !parse_endpoint (token, length, &remote)
      || remote.ipv6 != listener->ipv6)
    return FALSE;
  if (!next_token (&cursor, end, &token, &length) || length != 2 || !parse_hex (token, 2, &state))
    return FALSE;
  return state == TCP_STATE_LISTEN;
}

GArray *
cabinet_proc_net_tcp_parse (const char *contents,
                            gsize       length)
{
  GArray *listeners = g_array_new (FALSE, FALSE, sizeof (CabinetTcpListener));
  const char *p = contents;
  const char *end = contents ? contents + length : NULL;

  while (p != NULL && p < end)
    {
      const char *eol = memchr (p, '\n', (gsize) (end - p));
      CabinetTcpListener listener;

      if (eol == NULL)
        eol = end;
      if (parse_line (p, eol, &listener))
        g_array_append_val (listeners, listener);
      /* The last line may have no newline: never a pointer past the end. */
      p = eol < end ? eol + 1 : end;
    }
  return listeners;
}

gboolean
cabinet_tcp_listener_is_loopback (const CabinetTcpListener *listener)
{
  static const guint8 loopback6[16] = { [15] = 1 };
  static const guint8 mapped_prefix[12] = { [10] = 0xff, [11] = 0xff };

  g_return_val_if_fail (listener != NULL, FALSE);

  if (!listener->ipv6)
    return listener->address[0] == 127;
  if (memcmp (listener->address, loopback6, 16) == 0)
    return TRUE;
  /* ::ffff:127.0.0.1, an IPv4 loopback address on an IPv6 socket. */
  return memcmp (listener->address, mapped_prefix, 12) == 0 && listener->address[12] == 127;
}

char *
cabinet_tcp_listener_to_string (const CabinetTcpListener *listener)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (listener != NULL, NULL);

  address = g_inet_address_new_from_bytes (listener->address,
                                           listener->ipv6 ? G_SOCKET_FAMILY_IPV6 : G_SOCKET_FAMILY_IPV4);
  text = g_inet_address_to_string (address);
  if (listener->ipv6)
    return g_strdup_printf ("[%s]:%u", text, listener->port);
  return g_strdup_printf ("%s:%u", text, listener->port);
}

const char *
cabinet_remote_service_for_port (guint16 port)
{
  if (port == 22)
    return "SSH";
  if (port == 3389)
    return "RDP";
  if (port >= 5900 && port <= 5910)
    return "VNC";
  return NULL;
}

/* ---- The check ------------------------------------------------------------------ */

static gint
compare_ports (gconstpointer a,
               gconstpointer b)
{
  return (gint) *(const guint16 *) a - (gint) *(const guint16 *) b;
}

/* Adds what @path shows to @evidence and the ports reachable from outside to
 * @exposed (each once); FALSE when the file cannot be read. */
static gboolean
look_at (CabinetCheckEnv *env,
         const char      *path,
         GString         *evidence,
         GArray          *exposed)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GArray) listeners = NULL;
  gsize length = 0;
  gboolean any = FALSE;

  if (!cabinet_check_env_read (env, path, &contents, &length, &error))
    {
      g_string_append_printf (evidence, "%s: %s\n", path,
                              g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                              ? _("not found") : _("cannot be read"));
      return FALSE;
    }

  listeners = cabinet_proc_net_tcp_parse (contents, length);
  for (guint i = 0; i < listeners->len; i++)
    {
      const CabinetTcpListener *listener = &g_array_index (listeners, CabinetTcpListener, i);
      const char *service = cabinet_remote_service_for_port (listener->port);
      g_autofree char *where = NULL;
      g_autofree char *what = NULL;
      gboolean loopback;
      gboolean known = FALSE;

      if (service == NULL)
        continue;
      any = TRUE;
      loopback = cabinet_tcp_listener_is_loopback (listener);
      where = cabinet_tcp_listener_to_string (listener);
      if (loopback)
        /* TRANSLATORS: an address and port (“127.0.0.1:22”), then a service (“SSH”). */
        what = g_strdup_printf (_("%s listening (%s), reachable only from this computer"), where, service);
      else
        /* TRANSLATORS: an address and port (“0.0.0.0:22”), then a service (“SSH”). */
        what = g_strdup_printf (_("%s listening (%s), reachable from other computers"), where, service);
      g_string_append_printf (evidence, "%s: %s\n", path, what);
      if (loopback)
        continue;
      for (guint j = 0; j < exposed->len && !known; j++)
        known = g_array_index (exposed, guint16, j) == listener->port;
      if (!known)
        g_array_append_val (exposed, listener->port);
    }
  if (!any)
    g_string_append_printf (evidence, "%s: %s\n", path, _("no remote access service listening"));
  return TRUE;
}

static char *
describe_services (GArray *exposed)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < exposed->len; i++)
    {
      guint16 port = g_array_index (exposed, guint16, i);

      /* TRANSLATORS: %s is a service, such as “SSH”, %u its port number. */
      g_ptr_array_add (parts, g_strdup_printf (_("%s (port %u)"),
                                               cabinet_remote_service_for_port (port), port));
    }
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **) parts->pdata);
}

static gboolean
has_service (GArray     *exposed,
             const char *service)
{
  for (guint i = 0; i < exposed->len; i++)
    if (g_strcmp0 (cabinet_remote_service_for_port (g_array_index (exposed, guint16, i)), service) == 0)
      return TRUE;
  return FALSE;
}

/* Commands go on lines of their own, so that they can be copied as they are. */
static char *
remedy (CabinetCheckEnv *env,
        GArray          *exposed)
{
  g_autoptr(GString) text = g_string_new (_("If you do not use remote access, switch it off."));

  if (has_service (exposed, "SSH"))
    {
      g_string_append_c (text, '\n');
      switch (cabinet_check_env_get_distro (env))
        {
        case CABINET_DISTRO_DEBIAN:
        case CABINET_DISTRO_UBUNTU:
          g_string_append (text, _("To switch off remote login (SSH), open a terminal and type this command:\n"
                                   "sudo systemctl disable --now ssh"));
          break;
        case CABINET_DISTRO_FEDORA:
          g_string_append (text, _("To switch off remote login (SSH), open a terminal and type this command:\n"
                                   "sudo systemctl disable --now sshd"));
          break;
        case CABINET_DISTRO_OTHER:
        default:
          g_string_append (text, _("To switch off remote login (SSH), open a terminal and type this command "
                                   "on Debian or Ubuntu:\n"
                                   "sudo systemctl disable --now ssh\n"
                                   "or this one on Fedora:\n"
                                   "sudo systemctl disable --now sshd"));
          break;
        }
    }

  switch (cabinet_check_env_get_desktop (env))
    {
    case CABINET_DESKTOP_GNOME:
      g_string_append_c (text, '\n');
      g_string_append (text, _("In GNOME, open Settings, go to “Sharing” (or “System” in recent versions) "
                               "and switch off “Remote Desktop” and “Remote Login”."));
      break;
    case CABINET_DESKTOP_KDE:
      g_string_append_c (text, '\n');
      g_string_append (text, _("In KDE Plasma, open System Settings, search for “Remote Desktop” "
                               "and switch it off."));
      break;
    case CABINET_DESKTOP_OTHER:
    default:
      break;
    }

  if (has_service (exposed, "VNC") || has_service (exposed, "RDP"))
    {
      g_string_append_c (text, '\n');
      g_string_append (text, _("If a screen-sharing program (VNC or remote desktop) was installed on this "
                               "computer and you do not need it, uninstall it, or ask whoever set it up "
                               "to do so."));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

CabinetCheckResult *
cabinet_check_remote_access (CabinetCheckEnv *env,
                             GCancellable    *cancellable)
{
  g_autoptr(GString) evidence = g_string_new (NULL);
  g_autoptr(GArray) exposed = g_array_new (FALSE, FALSE, sizeof (guint16));
  g_autofree char *services = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *advice = NULL;
  gboolean read_v4;
  gboolean read_v6;

  read_v4 = look_at (env, PROC_NET_TCP, evidence, exposed);
  read_v6 = look_at (env, PROC_NET_TCP6, evidence, exposed);
  g_string_truncate (evidence, evidence->len - 1);

  if (!read_v4 && !read_v6)
    return cabinet_check_result_new (CABINET_CHECK_UNKNOWN,
                                     _("Cabinet cannot read the list of network connections, so it cannot tell whether remote access is open."),
                                     evidence->str, NULL);
  if (exposed->len == 0)
    return cabinet_check_result_new (CABINET_CHECK_PASS,
                                     _("No remote access service is open to other computers."),
                                     evidence->str, NULL);

  g_array_sort (exposed, compare_ports);
  services = describe_services (exposed);
  /* TRANSLATORS: %s lists services and ports, such as “SSH (port 22), RDP (port 3389)”. */
  summary = g_strdup_printf (_("Remote access is open to other computers: %s. Remote access lets someone else "
                               "reach this computer over the network. That is fine if you set it up on purpose "
                               "and protected it with a strong password; otherwise, switch it off."),
                             services);
  advice = remedy (env, exposed);
  return cabinet_check_result_new (CABINET_CHECK_WARN, summary, evidence->str, advice);
}
