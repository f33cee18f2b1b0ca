/* fuzz-proc-net-tcp.c — the kernel's table of TCP sockets (/proc/net/tcp and
 * tcp6, cabinet_proc_net_tcp_parse()), from which the remote-access check
 * learns what listens
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cabinet-check-system.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *copy = g_memdup2 (data, size);
  g_autoptr(GArray) listeners = NULL;

  fuzz_init ();
  listeners = cabinet_proc_net_tcp_parse (copy ? copy : "", size);
  fuzz_assert (listeners != NULL);
  for (guint i = 0; i < listeners->len; i++)
    {
      const CabinetTcpListener *listener = &g_array_index (listeners, CabinetTcpListener, i);
      g_autofree char *text = cabinet_tcp_listener_to_string (listener);

      fuzz_assert (text != NULL && g_utf8_validate (text, -1, NULL));
      cabinet_tcp_listener_is_loopback (listener);
      cabinet_remote_service_for_port (listener->port);
    }
  return 0;
}
