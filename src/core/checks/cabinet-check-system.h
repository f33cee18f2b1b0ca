/* cabinet-check-system.h — the parsers behind the firewall, Secure Boot and remote
 * access checks: pure functions of what was read, so that tests and fuzzers can
 * reach them without a system
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Firewall. */

/* What a set of saved rules does with traffic coming in. */
typedef enum {
  CABINET_FIREWALL_RULES_NONE,       /* no chain for incoming traffic */
  CABINET_FIREWALL_RULES_OPEN,       /* incoming traffic is let through by default */
  CABINET_FIREWALL_RULES_FILTERING,  /* what no rule allows is dropped or rejected */
} CabinetFirewallRules;

/* /etc/ufw/ufw.conf: whether ENABLED=yes. */
gboolean             cabinet_firewall_parse_ufw_conf  (const char *contents,
                                                       gsize       length);
/* /etc/nftables.conf: the strictest input hook chain found. */
CabinetFirewallRules cabinet_firewall_parse_nftables  (const char *contents,
                                                       gsize       length);
/* /etc/iptables/rules.v4, as iptables-save writes it: the filter table's INPUT. */
CabinetFirewallRules cabinet_firewall_parse_iptables  (const char *contents,
                                                       gsize       length);

/* Secure Boot. */

/* An efivarfs boolean (4 bytes of attributes, then 1 byte): 1 or 0, or -1 when the
 * data is not such a variable. */
int                  cabinet_efivar_parse_bool        (const guint8 *data,
                                                       gsize         length);

/* Remote access. */

/* A TCP socket in the LISTEN state, from /proc/net/tcp or /proc/net/tcp6. */
typedef struct {
  guint8   address[16];  /* network order; 4 bytes used when !ipv6 */
  gboolean ipv6;
  guint16  port;
} CabinetTcpListener;

/* Every well-formed LISTEN line of /proc/net/tcp or /proc/net/tcp6 (told apart line
 * by line by the length of the address); anything else is skipped. Never NULL. */
GArray              *cabinet_proc_net_tcp_parse       (const char *contents,
                                                       gsize       length);
/* 127.0.0.0/8, ::1 and ::ffff:127.0.0.0/104: only this computer can connect. */
gboolean             cabinet_tcp_listener_is_loopback (const CabinetTcpListener *listener);
/* "192.168.1.2:22", "[::]:3389". */
char                *cabinet_tcp_listener_to_string   (const CabinetTcpListener *listener);
/* "SSH", "VNC", "RDP", or NULL for a port no remote access service uses. */
const char          *cabinet_remote_service_for_port  (guint16 port);

G_END_DECLS
