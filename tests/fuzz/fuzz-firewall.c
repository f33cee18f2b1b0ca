/* fuzz-firewall.c — the firewall's saved rules: ufw.conf
 * (cabinet_firewall_parse_ufw_conf()), nftables.conf
 * (cabinet_firewall_parse_nftables()) and iptables-save's rules.v4
 * (cabinet_firewall_parse_iptables()); each input is read as all three
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cabinet-check-system.h"
#include "fuzz-common.h"

static void
check_rules (CabinetFirewallRules rules)
{
  fuzz_assert (rules == CABINET_FIREWALL_RULES_NONE || rules == CABINET_FIREWALL_RULES_OPEN
               || rules == CABINET_FIREWALL_RULES_FILTERING);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* Not NUL-terminated, as the check reads them: NUL bytes may be anywhere. */
  g_autofree char *copy = g_memdup2 (data, size);
  const char *contents = copy ? copy : "";

  fuzz_init ();
  cabinet_firewall_parse_ufw_conf (contents, size);
  check_rules (cabinet_firewall_parse_nftables (contents, size));
  check_rules (cabinet_firewall_parse_iptables (contents, size));
  return 0;
}
