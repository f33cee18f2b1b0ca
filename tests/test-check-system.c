/* test-check-system.c — the firewall, Secure Boot and remote access checks, against
 * fake system roots built in temporary folders
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cabinet-check.h"
#include "cabinet-check-system.h"
#include "cabinet-test-utils.h"

#define SECURE_BOOT "sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"
#define SETUP_MODE  "sys/firmware/efi/efivars/SetupMode-8be4df61-93ca-11d2-aa0d-00e098032b8c"

/* A fake system root, removed at the end of the test. */
typedef struct {
  char            *root;
  CabinetCheckEnv *env;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->root = cabinet_test_make_dir ();
  fixture->env = cabinet_check_env_new (NULL, NULL);
  cabinet_check_env_set_sysroot (fixture->env, fixture->root);
  /* The remedies depend on the desktop: not on the one running the tests. */
  cabinet_check_env_set_desktop (fixture->env, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  cabinet_check_env_unref (fixture->env);
  cabinet_test_remove_dir (fixture->root);
  g_free (fixture->root);
}

static void
write_bytes (Fixture    *fixture,
             const char *relative,
             const char *contents,
             gssize      length)
{
  cabinet_test_write_file (fixture->root, relative, contents, length);
}

static void
write_file (Fixture    *fixture,
            const char *relative,
            const char *contents)
{
  write_bytes (fixture, relative, contents, -1);
}

static void
make_dir (Fixture    *fixture,
          const char *relative)
{
  cabinet_test_make_subdir (fixture->root, relative);
}

static void
assert_result (CabinetCheckResult *result,
               CabinetCheckStatus  status,
               const char         *in_summary)
{
  g_test_message ("status %s, summary: %s\nevidence:\n%s\nremedy: %s",
                  cabinet_check_status_to_string (result->status), result->summary,
                  result->evidence, result->remedy ? result->remedy : "(none)");
  g_assert_cmpstr (cabinet_check_status_to_string (result->status), ==,
                   cabinet_check_status_to_string (status));
  g_assert_nonnull (result->summary);
  g_assert_nonnull (result->evidence);
  if (in_summary)
    g_assert_nonnull (strstr (result->summary, in_summary));
  if (status == CABINET_CHECK_WARN)
    g_assert_nonnull (result->remedy);
  if (status == CABINET_CHECK_PASS)
    g_assert_null (result->remedy);
}

/* ---- Firewall ----------------------------------------------------------------------- */

static const char nft_drop[] =
  "#!/usr/sbin/nft -f\n"
  "flush ruleset\n"
  "\n"
  "table inet filter {\n"
  "  set allowed { type ipv4_addr; elements = { 192.168.1.1,\n"
  "                                             192.168.1.2 } }\n"
  "  chain input {\n"
  "    type filter hook input priority filter; policy drop;\n"
  "    ct state vmap { established : accept, related : accept, invalid : drop }\n"
  "    iif lo accept  # the computer talking to itself\n"
  "    tcp dport { 22, 80 } ip saddr @allowed accept\n"
  "  }\n"
  "  chain forward {\n"
  "    type filter hook forward priority filter; policy drop;\n"
  "  }\n"
  "  chain output {\n"
  "    type filter hook output priority filter;\n"
  "  }\n"
  "}\n";

/* Debian's /etc/nftables.conf as installed. */
static const char nft_accept[] =
  "#!/usr/sbin/nft -f\n"
  "\n"
  "flush ruleset\n"
  "\n"
  "table inet filter {\n"
  "\tchain input {\n"
  "\t\ttype filter hook input priority filter;\n"
  "\t}\n"
  "\tchain forward {\n"
  "\t\ttype filter hook forward priority filter;\n"
  "\t}\n"
  "\tchain output {\n"
  "\t\ttype filter hook output priority filter;\n"
  "\t}\n"
  "}\n";

static void
test_firewall_ufw_enabled (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  write_file (fixture, "etc/ufw/ufw.conf",
              "# /etc/ufw/ufw.conf\n#\n\n# Set to yes to start on boot.\nENABLED=yes\n\nLOGLEVEL=low\n");
  result = cabinet_check_firewall (fixture->env, NULL);
  assert_result (result, CABINET_CHECK_PASS, "ufw");
  g_assert_nonnull (strstr (result->evidence, "/etc/ufw/ufw.conf: ENABLED=yes"));
}

static void
test_firewall_ufw_disabled (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  write_file (fixture, "etc/ufw/ufw.conf", "ENABLED=no\nLOGLEVEL=low\n");
  write_file (fixture, "etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n");
  result = cabinet_check_firewall (fixture->env, NULL);
  assert_result (result, CABINET_CHECK_WARN, NULL);
  g_assert_nonnull (strstr (result->evidence, "/etc/ufw/ufw.conf"));
  g_assert_nonnull (strstr (result->remedy, "sudo apt install gufw"));
  g_assert_nonnull (strstr (result->remedy, "sudo ufw enable"));
  g_assert_null (strstr (result->remedy, "firewalld"));
}

static void
test_firewall_nothing (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;
  g_autoptr(CabinetCheckResult) fedora = NULL;

  /* A system root with no /etc at all: nothing to go on. */
  result = cabinet_check_firewall (fixture->env, NULL);
  assert_result (result, CABINET_CHECK_UNKNOWN, NULL);

  write_file (fixture, "etc/os-release", "NAME=\"Fedora Linux\"\nID=fedora\n");
  fedora = cabinet_check_firewall (fixture->env, NULL);
  assert_result (fedora, CABINET_CHECK_WARN, NULL);
  g_assert_nonnull (strstr (fedora->remedy, "sudo systemctl enable --now firewalld"));
}

static void
test_firewall_firewalld (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;
  g_autoptr(CabinetCheckResult) leftover = NULL;

  write_file (fixture, "etc/systemd/system/multi-user.target.wants/firewalld.service", "");
  /* The unit without its configuration: a package removed but not purged. */
  leftover = cabinet_check_firewall (fixture->env, NULL);
  assert_result (leftover, CABINET_CHECK_WARN, NULL);

  write_file (fixture, "etc/firewalld/firewalld.conf", "DefaultZone=FedoraWorkstation\n");
  result = cabinet_check_firewall (fixture->env, NULL);
  assert_result (result, CABINET_CHECK_PASS, "firewalld");
}

static void
test_firewall_firewalld_symlink (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;
  g_autofree char *link = g_build_filename (fixture->root,
                                            "etc/systemd/system/multi-user.target.wants/firewalld.service",
                                            NULL);

  /* As systemctl enable leaves it: a link to a path of the system looked at, which
   * need not resolve from here. */
  make_dir (fixture, "etc/systemd/system/multi-user.target.wants");
  make_dir (fixture, "etc/firewalld");
  g_assert_cmpint (symlink ("/nonexistent/usr/lib/systemd/system/firewalld.service", link), ==, 0);
  result = cabinet_check_firewall (fixture->env, NULL);
  assert_result (result, CABINET_CHECK_PASS, "firewalld");
  g_unlink (link);
}

static void
test_firewall_nftables (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) drop = NULL;
  g_autoptr(CabinetCheckResult) accept = NULL;
  g_autoptr(CabinetCheckResult) unreadable = NULL;

  write_file (fixture, "etc/systemd/system/sysinit.target.wants/nftables.service", "");
  /* Switched on, but its rules cannot be seen. */
  unreadable = cabinet_check_firewall (fixture->env, NULL);
  assert_result (unreadable, CABINET_CHECK_UNKNOWN, NULL);

  write_file (fixture, "etc/nftables.conf", nft_drop);
  drop = cabinet_check_firewall (fixture->env, NULL);
  assert_result (drop, CABINET_CHECK_PASS, "nftables");

  write_file (fixture, "etc/nftables.conf", nft_accept);
  accept = cabinet_check_firewall (fixture->env, NULL);
  assert_result (accept, CABINET_CHECK_WARN, NULL);
  g_assert_nonnull (strstr (accept->evidence, "/etc/nftables.conf"));
}

static void
test_firewall_nftables_not_enabled (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  /* Rules that nothing loads at start-up protect nothing. */
  write_file (fixture, "etc/nftables.conf", nft_drop);
  result = cabinet_check_firewall (fixture->env, NULL);
  assert_result (result, CABINET_CHECK_WARN, NULL);
}

static void
test_firewall_iptables (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) drop = NULL;
  g_autoptr(CabinetCheckResult) open = NULL;

  write_file (fixture, "etc/iptables/rules.v4",
              "# Generated by iptables-save\n*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n"
              ":OUTPUT ACCEPT [0:0]\n-A INPUT -i lo -j ACCEPT\n"
              "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\nCOMMIT\n");
  drop = cabinet_check_firewall (fixture->env, NULL);
  assert_result (drop, CABINET_CHECK_PASS, "iptables");

  write_file (fixture, "etc/iptables/rules.v4",
              "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n");
  open = cabinet_check_firewall (fixture->env, NULL);
  assert_result (open, CABINET_CHECK_WARN, NULL);
}

static void
test_firewall_kernel_view (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  write_file (fixture, "etc/ufw/ufw.conf", "ENABLED=yes\n");
  write_file (fixture, "proc/net/ip_tables_names", "nat\nfilter\n");
  result = cabinet_check_firewall (fixture->env, NULL);
  assert_result (result, CABINET_CHECK_PASS, NULL);
  g_assert_nonnull (strstr (result->evidence, "/proc/net/ip_tables_names: nat, filter"));
}

static void
test_firewall_parse_ufw (void)
{
  struct { const char *text; gboolean enabled; } cases[] = {
    { "ENABLED=yes\n", TRUE },
    { "  ENABLED = \"yes\"  \n", TRUE },
    { "ENABLED='YES'", TRUE },
    { "ENABLED=no\n", FALSE },
    { "#ENABLED=yes\n", FALSE },
    { "ENABLED=yes\nENABLED=no\n", FALSE },
    { "ENABLED=no\nENABLED=yes\n", TRUE },
    { "ENABLED=yesno\n", FALSE },
    { "", FALSE },
    { "=\n=\n==", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("ufw.conf “%s”", cases[i].text);
      g_assert_cmpint (cabinet_firewall_parse_ufw_conf (cases[i].text, strlen (cases[i].text)),
                       ==, cases[i].enabled);
    }
  g_assert_false (cabinet_firewall_parse_ufw_conf (NULL, 0));
}

static void
test_firewall_parse_nftables (void)
{
  struct { const char *text; CabinetFirewallRules rules; } cases[] = {
    { nft_drop, CABINET_FIREWALL_RULES_FILTERING },
    { nft_accept, CABINET_FIREWALL_RULES_OPEN },
    { "", CABINET_FIREWALL_RULES_NONE },
    { "flush ruleset\n", CABINET_FIREWALL_RULES_NONE },
    /* A final rule that drops everything, with a counter and a log first. */
    { "table inet f {\n chain in {\n  type filter hook input priority 0;\n"
      "  ct state established accept\n  log prefix \"in: \" counter drop\n }\n}\n",
      CABINET_FIREWALL_RULES_FILTERING },
    { "table inet f { chain in { type filter hook input priority 0; iif lo accept; "
      "reject with icmpx type admin-prohibited; } }",
      CABINET_FIREWALL_RULES_FILTERING },
    /* Only port 23 is dropped: everything else comes in. */
    { "table inet f {\n chain in {\n  type filter hook input priority 0;\n  tcp dport 23 drop\n }\n}\n",
      CABINET_FIREWALL_RULES_OPEN },
    /* A drop policy undone by a final rule that accepts everything. */
    { "table inet f {\n chain in {\n  type filter hook input priority 0; policy drop;\n  accept\n }\n}\n",
      CABINET_FIREWALL_RULES_OPEN },
    /* A later policy replaces an earlier one. */
    { "table inet f {\n chain in {\n  type filter hook input priority 0; policy drop;\n"
      "  policy accept\n }\n}\n",
      CABINET_FIREWALL_RULES_OPEN },
    /* Drop on the output hook does not filter what comes in. */
    { "table inet f {\n chain out {\n  type filter hook output priority 0; policy drop;\n }\n}\n",
      CABINET_FIREWALL_RULES_NONE },
    /* "policy drop" in a comment or a string is not a policy. */
    { "table inet f {\n chain in {\n  type filter hook input priority 0; # policy drop;\n"
      "  meta comment \"policy drop\" accept\n }\n}\n",
      CABINET_FIREWALL_RULES_OPEN },
    /* The chain declared with "add", on one line. */
    { "add table inet f\nadd chain inet f in { type filter hook input priority 0 ; policy drop ; }\n",
      CABINET_FIREWALL_RULES_FILTERING },
    /* A chain never closed is not loaded. */
    { "table inet f {\n chain in {\n  type filter hook input priority 0; policy drop;\n",
      CABINET_FIREWALL_RULES_NONE },
    /* Two input chains: the strictest decides. */
    { "table ip a { chain i { type filter hook input priority 0; } }\n"
      "table ip b { chain i { type filter hook input priority 10; policy drop; } }\n",
      CABINET_FIREWALL_RULES_FILTERING },
    /* Garbage. */
    { "}}}}{{{{ chain { type filter hook input ; policy drop ; \"\n\\\n#", CABINET_FIREWALL_RULES_NONE },
    { "{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{", CABINET_FIREWALL_RULES_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("nftables.conf #%u", i);
      g_assert_cmpint (cabinet_firewall_parse_nftables (cases[i].text, strlen (cases[i].text)),
                       ==, cases[i].rules);
    }
  g_assert_cmpint (cabinet_firewall_parse_nftables (NULL, 0), ==, CABINET_FIREWALL_RULES_NONE);
}

static void
test_firewall_parse_iptables (void)
{
  struct { const char *text; CabinetFirewallRules rules; } cases[] = {
    { "*filter\n:INPUT DROP [0:0]\nCOMMIT\n", CABINET_FIREWALL_RULES_FILTERING },
    { "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -i lo -j ACCEPT\n-A INPUT -j DROP\nCOMMIT\n",
      CABINET_FIREWALL_RULES_FILTERING },
    { "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m comment --comment \"the rest\" -j REJECT "
      "--reject-with icmp-host-prohibited\nCOMMIT\n",
      CABINET_FIREWALL_RULES_FILTERING },
    { "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 23 -j DROP\nCOMMIT\n",
      CABINET_FIREWALL_RULES_OPEN },
    { "*filter\n:INPUT DROP [0:0]\n-A INPUT -j ACCEPT\nCOMMIT\n", CABINET_FIREWALL_RULES_OPEN },
    /* INPUT of the nat table is not the one that filters. */
    { "*nat\n:INPUT DROP [0:0]\nCOMMIT\n*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n",
      CABINET_FIREWALL_RULES_OPEN },
    { "*nat\n:INPUT DROP [0:0]\nCOMMIT\n", CABINET_FIREWALL_RULES_NONE },
    { "", CABINET_FIREWALL_RULES_NONE },
    { "*filter\n:INPUT\n-A INPUT\n-A INPUT -j\n-A INPUT -j \"DROP\n", CABINET_FIREWALL_RULES_OPEN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("rules.v4 #%u", i);
      g_assert_cmpint (cabinet_firewall_parse_iptables (cases[i].text, strlen (cases[i].text)),
                       ==, cases[i].rules);
    }
  g_assert_cmpint (cabinet_firewall_parse_iptables (NULL, 0), ==, CABINET_FIREWALL_RULES_NONE);
}

/* ---- Secure Boot ------------------------------------------------------------------- */

static void
write_efivar (Fixture    *fixture,
              const char *relative,
              guint8      value)
{
  const char bytes[] = { 0x06, 0x00, 0x00, 0x00, (char) value };
  write_bytes (fixture, relative, bytes, sizeof bytes);
}

static void
test_secure_boot_on (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  write_efivar (fixture, SECURE_BOOT, 1);
  write_efivar (fixture, SETUP_MODE, 0);
  result = cabinet_check_secure_boot (fixture->env, NULL);
  assert_result (result, CABINET_CHECK_PASS, NULL);
  g_assert_nonnull (strstr (result->evidence, "SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c: 06 00 00 00 01"));
}

static void
test_secure_boot_off (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  write_efivar (fixture, SECURE_BOOT, 0);
  result = cabinet_check_secure_boot (fixture->env, NULL);
  assert_result (result, CABINET_CHECK_WARN, NULL);
  g_assert_nonnull (strstr (result->remedy, "F2"));
}

static void
test_secure_boot_setup_mode (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  write_efivar (fixture, SECURE_BOOT, 1);
  write_efivar (fixture, SETUP_MODE, 1);
  result = cabinet_check_secure_boot (fixture->env, NULL);
  assert_result (result, CABINET_CHECK_WARN, "setup mode");
}

static void
test_secure_boot_no_efi (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  result = cabinet_check_secure_boot (fixture->env, NULL);
  assert_result (result, CABINET_CHECK_UNKNOWN, "UEFI");
}

static void
test_secure_boot_no_variable (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  /* UEFI, but efivarfs not mounted or the firmware without Secure Boot. */
  make_dir (fixture, "sys/firmware/efi");
  result = cabinet_check_secure_boot (fixture->env, NULL);
  assert_result (result, CABINET_CHECK_UNKNOWN, NULL);
}

static void
test_secure_boot_odd (Fixture       *fixture,
                      gconstpointer  data)
{
  struct { const char *bytes; gsize length; } cases[] = {
    { "\x06\x00\x00", 3 },               /* truncated */
    { "", 0 },
    { "\x06\x00\x00\x00", 4 },           /* attributes and no value */
    { "\x06\x00\x00\x00\x02", 5 },       /* neither 0 nor 1 */
    { "\x06\x00\x00\x00\x01\x00", 6 },   /* longer than a boolean */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CabinetCheckResult) result = NULL;

      g_test_message ("SecureBoot with %" G_GSIZE_FORMAT " bytes", cases[i].length);
      write_bytes (fixture, SECURE_BOOT, cases[i].bytes, (gssize) cases[i].length);
      result = cabinet_check_secure_boot (fixture->env, NULL);
      assert_result (result, CABINET_CHECK_UNKNOWN, NULL);
    }
}

static void
test_secure_boot_parse (void)
{
  const guint8 on[] = { 7, 0, 0, 0, 1 };
  const guint8 off[] = { 6, 0, 0, 0, 0 };
  const guint8 odd[] = { 6, 0, 0, 0, 0xff };

  g_assert_cmpint (cabinet_efivar_parse_bool (on, sizeof on), ==, 1);
  g_assert_cmpint (cabinet_efivar_parse_bool (off, sizeof off), ==, 0);
  g_assert_cmpint (cabinet_efivar_parse_bool (odd, sizeof odd), ==, -1);
  for (gsize length = 0; length < sizeof on; length++)
    g_assert_cmpint (cabinet_efivar_parse_bool (on, length), ==, -1);
  g_assert_cmpint (cabinet_efivar_parse_bool (NULL, 5), ==, -1);
}

/* ---- Remote access ------------------------------------------------------------------ */

#define TCP_HEADER  "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
#define TCP6_HEADER "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"

/* A line as the kernel writes it: each 32-bit word of the address, as it lies in
 * memory, printed as a number of this machine. */
static char *
tcp_line (guint       sl,
          const char *local,
          guint16     port,
          guint       state)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (local);
  const guint8 *bytes;
  gsize size;
  g_autoptr(GString) hex = g_string_new (NULL);
  g_autoptr(GString) zeros = g_string_new (NULL);

  g_assert_nonnull (address);
  bytes = g_inet_address_to_bytes (address);
  size = g_inet_address_get_native_size (address);
  for (gsize i = 0; i < size; i += 4)
    {
      guint32 word;

      memcpy (&word, bytes + i, 4);
      g_string_append_printf (hex, "%08X", word);
      g_string_append (zeros, "00000000");
    }
  return g_strdup_printf ("%4u: %s:%04X %s:0000 %02X 00000000:00000000 00:00000000 00000000   "
                          "0        0 %u 1 0000000000000000 100 0 0 10 0\n",
                          sl, hex->str, port, zeros->str, state, 10000 + sl);
}

static void
write_tcp (Fixture    *fixture,
           const char *relative,
           const char *header,
           ...)
{
  g_autoptr(GString) contents = g_string_new (header);
  va_list args;
  const char *line;

  va_start (args, header);
  while ((line = va_arg (args, const char *)) != NULL)
    g_string_append (contents, line);
  va_end (args);
  write_file (fixture, relative, contents->str);
}

static void
test_remote_ssh_everywhere (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;
  g_autofree char *ssh = tcp_line (0, "0.0.0.0", 22, 0x0A);
  g_autofree char *other = tcp_line (1, "127.0.0.53", 53, 0x0A);

  write_file (fixture, "etc/os-release", "ID=ubuntu\nID_LIKE=debian\n");
  cabinet_check_env_set_desktop (fixture->env, "ubuntu:GNOME");
  write_tcp (fixture, "proc/net/tcp", TCP_HEADER, other, ssh, NULL);
  result = cabinet_check_remote_access (fixture->env, NULL);
  assert_result (result, CABINET_CHECK_WARN, "SSH (port 22)");
  g_assert_nonnull (strstr (result->evidence, "0.0.0.0:22"));
  g_assert_nonnull (strstr (result->remedy, "sudo systemctl disable --now ssh\n"));
  g_assert_nonnull (strstr (result->remedy, "Sharing"));
}

static void
test_remote_ssh_loopback (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;
  g_autofree char *ssh = tcp_line (0, "127.0.0.1", 22, 0x0A);
  g_autofree char *ssh6 = tcp_line (0, "::1", 22, 0x0A);
  g_autofree char *mapped = tcp_line (1, "::ffff:127.0.0.1", 5900, 0x0A);

  write_tcp (fixture, "proc/net/tcp", TCP_HEADER, ssh, NULL);
  write_tcp (fixture, "proc/net/tcp6", TCP6_HEADER, ssh6, mapped, NULL);
  result = cabinet_check_remote_access (fixture->env, NULL);
  assert_result (result, CABINET_CHECK_PASS, NULL);
  g_assert_nonnull (strstr (result->evidence, "127.0.0.1:22"));
}

static void
test_remote_rdp_ipv6 (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;
  g_autofree char *rdp = tcp_line (0, "::", 3389, 0x0A);

  write_file (fixture, "etc/os-release", "ID=fedora\n");
  /* No IPv4 table at all: IPv6 alone is enough to tell. */
  write_tcp (fixture, "proc/net/tcp6", TCP6_HEADER, rdp, NULL);
  result = cabinet_check_remote_access (fixture->env, NULL);
  assert_result (result, CABINET_CHECK_WARN, "RDP (port 3389)");
  g_assert_nonnull (strstr (result->evidence, "[::]:3389"));
  g_assert_null (strstr (result->remedy, "sshd"));
}

static void
test_remote_services_listed_once (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;
  g_autofree char *vnc = tcp_line (0, "192.168.1.20", 5901, 0x0A);
  g_autofree char *ssh = tcp_line (1, "0.0.0.0", 22, 0x0A);
  g_autofree char *ssh6 = tcp_line (0, "::", 22, 0x0A);

  write_tcp (fixture, "proc/net/tcp", TCP_HEADER, vnc, ssh, NULL);
  write_tcp (fixture, "proc/net/tcp6", TCP6_HEADER, ssh6, NULL);
  result = cabinet_check_remote_access (fixture->env, NULL);
  assert_result (result, CABINET_CHECK_WARN, "SSH (port 22), VNC (port 5901).");
  g_assert_nonnull (strstr (result->remedy, "sudo systemctl disable --now sshd"));
  g_assert_nonnull (strstr (result->remedy, "VNC"));
}

static void
test_remote_established_ignored (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;
  g_autofree char *established = tcp_line (0, "192.168.1.20", 22, 0x01);
  g_autofree char *time_wait = tcp_line (1, "192.168.1.20", 3389, 0x06);
  g_autofree char *web = tcp_line (2, "0.0.0.0", 8080, 0x0A);

  write_tcp (fixture, "proc/net/tcp", TCP_HEADER, established, time_wait, web, NULL);
  result = cabinet_check_remote_access (fixture->env, NULL);
  assert_result (result, CABINET_CHECK_PASS, NULL);
}

static void
test_remote_unreadable (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  result = cabinet_check_remote_access (fixture->env, NULL);
  assert_result (result, CABINET_CHECK_UNKNOWN, NULL);
  g_assert_nonnull (strstr (result->evidence, "/proc/net/tcp: "));
  g_assert_nonnull (strstr (result->evidence, "/proc/net/tcp6: "));
}

static void
test_remote_garbage (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;
  g_autofree char *ssh = tcp_line (7, "10.0.0.2", 22, 0x0A);
  const char garbage[] =
    TCP_HEADER
    "\n"
    ":\n"
    "0: 00000000:0016\n"
    "0: 00000000:0016 00000000:0000\n"
    "0: 00000000:0016 00000000:0000 0\n"
    "0: 0000000:00016 00000000:0000 0A\n"
    "0: 0000000G:0016 00000000:0000 0A\n"
    "0: 00000000:0016 00000000000000000000000000000000:0000 0A\n"
    "x: 00000000:0016 00000000:0000 0A\n"
    "0: 00000000:0016 00000000:0000 0AA\n"
    "0: 00000000:0016 00000000:0000 zz\n"
    "0: 00000000;0016 00000000:0000 0A\n"
    "0: 00000000:0016\0 00000000:0000 0A\n"
    "\xff\xfe\xfd 0: 00000000:0016 00000000:0000 0A\n"
    "0: 00000000:0016 00000000:00";

  /* None of that is a listening socket, but the one good line still counts. */
  g_autoptr(GString) contents = g_string_new_len (garbage, sizeof garbage - 1);
  g_string_append_c (contents, '\n');
  g_string_append (contents, ssh);
  write_bytes (fixture, "proc/net/tcp", contents->str, (gssize) contents->len);
  write_bytes (fixture, "proc/net/tcp6", "\0\0\0\n\n\n", 6);

  result = cabinet_check_remote_access (fixture->env, NULL);
  assert_result (result, CABINET_CHECK_WARN, "SSH");
  g_assert_nonnull (strstr (result->evidence, "10.0.0.2:22"));
}

static void
test_remote_parse (void)
{
  /* Real lines from a little-endian machine. */
  const char sample[] =
    "  sl  local_address rem_address   st\n"
    "   0: 3500007F:0035 00000000:0000 0A 00000000:00000000 00:00000000 00000000   991        0 1\n"
    "   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2\n"
    "   2: 1401A8C0:0016 0A01A8C0:D431 01 00000000:00000000 02:0009E1B7 00000000     0        0 3\n"
    "   0: 00000000000000000000000001000000:0277 00000000000000000000000000000000:0000 0A 0\n"
    "   1: 0000000000000000FFFF00000100007F:170C 00000000000000000000000000000000:0000 0A 0\n";
  g_autoptr(GArray) listeners = NULL;
  const CabinetTcpListener *l;

  g_assert_cmpstr (cabinet_remote_service_for_port (22), ==, "SSH");
  g_assert_cmpstr (cabinet_remote_service_for_port (3389), ==, "RDP");
  g_assert_cmpstr (cabinet_remote_service_for_port (5900), ==, "VNC");
  g_assert_cmpstr (cabinet_remote_service_for_port (5910), ==, "VNC");
  g_assert_null (cabinet_remote_service_for_port (5911));
  g_assert_null (cabinet_remote_service_for_port (0));

  listeners = cabinet_proc_net_tcp_parse (NULL, 0);
  g_assert_cmpuint (listeners->len, ==, 0);
  g_clear_pointer (&listeners, g_array_unref);

  if (G_BYTE_ORDER != G_LITTLE_ENDIAN)
    {
      g_test_skip ("the sample comes from a little-endian machine");
      return;
    }

  listeners = cabinet_proc_net_tcp_parse (sample, sizeof sample - 1);
  g_assert_cmpuint (listeners->len, ==, 4);

  l = &g_array_index (listeners, CabinetTcpListener, 0);
  g_assert_false (l->ipv6);
  g_assert_cmpuint (l->port, ==, 53);
  g_assert_true (cabinet_tcp_listener_is_loopback (l));
  {
    g_autofree char *text = cabinet_tcp_listener_to_string (l);
    g_assert_cmpstr (text, ==, "127.0.0.53:53");
  }

  l = &g_array_index (listeners, CabinetTcpListener, 1);
  g_assert_cmpuint (l->port, ==, 22);
  g_assert_false (cabinet_tcp_listener_is_loopback (l));

  l = &g_array_index (listeners, CabinetTcpListener, 2);
  g_assert_true (l->ipv6);
  g_assert_cmpuint (l->port, ==, 631);
  g_assert_true (cabinet_tcp_listener_is_loopback (l));
  {
    g_autofree char *text = cabinet_tcp_listener_to_string (l);
    g_assert_cmpstr (text, ==, "[::1]:631");
  }

  l = &g_array_index (listeners, CabinetTcpListener, 3);
  g_assert_cmpuint (l->port, ==, 5900);
  g_assert_true (cabinet_tcp_listener_is_loopback (l));
}

/* Valid tables cut, flipped and spliced at random, with a fixed seed so that a
 * failure can be run again. */
static void
test_remote_parse_mangled (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240611);
  g_autoptr(GString) valid = g_string_new (TCP_HEADER);
  const char alphabet[] = "0123456789ABCDEFabcdef: \n\t\r\0xG";

  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *v4 = tcp_line (i, i % 2 ? "0.0.0.0" : "127.0.0.1", (guint16) (20 + i), 0x0A);
      g_autofree char *v6 = tcp_line (i, i % 2 ? "::" : "::1", 5900, i % 3 ? 0x0A : 0x01);

      g_string_append (valid, v4);
      g_string_append (valid, v6);
    }

  for (guint round = 0; round < 2000; round++)
    {
      g_autoptr(GString) mangled = g_string_new_len (valid->str, (gssize) valid->len);
      guint n_changes = (guint) g_rand_int_range (rand, 1, 40);
      g_autoptr(GArray) listeners = NULL;

      for (guint c = 0; c < n_changes && mangled->len > 0; c++)
        {
          gsize at = (gsize) g_rand_int_range (rand, 0, (gint32) mangled->len);

          switch (g_rand_int_range (rand, 0, 4))
            {
            case 0:
              mangled->str[at] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
              break;
            case 1:
              {
                gsize span = (gsize) g_rand_int_range (rand, 1, 60);
                g_string_erase (mangled, (gssize) at, (gssize) MIN (span, mangled->len - at));
              }
              break;
            case 2:
              g_string_truncate (mangled, at);
              break;
            default:
              g_string_insert_c (mangled, (gssize) at, (char) g_rand_int_range (rand, 0, 256));
              break;
            }
        }

      listeners = cabinet_proc_net_tcp_parse (mangled->str, mangled->len);
      g_assert_cmpuint (listeners->len, <=, 16);
      for (guint i = 0; i < listeners->len; i++)
        {
          g_autofree char *text = cabinet_tcp_listener_to_string (&g_array_index (listeners, CabinetTcpListener, i));
          g_assert_nonnull (text);
        }
      /* The other parsers get the same treatment. */
      cabinet_firewall_parse_nftables (mangled->str, mangled->len);
      cabinet_firewall_parse_iptables (mangled->str, mangled->len);
      cabinet_firewall_parse_ufw_conf (mangled->str, mangled->len);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/check/firewall/ufw-enabled", test_firewall_ufw_enabled);
  ADD ("/check/firewall/ufw-disabled", test_firewall_ufw_disabled);
  ADD ("/check/firewall/nothing", test_firewall_nothing);
  ADD ("/check/firewall/firewalld", test_firewall_firewalld);
  ADD ("/check/firewall/firewalld-symlink", test_firewall_firewalld_symlink);
  ADD ("/check/firewall/nftables", test_firewall_nftables);
  ADD ("/check/firewall/nftables-not-enabled", test_firewall_nftables_not_enabled);
  ADD ("/check/firewall/iptables", test_firewall_iptables);
  ADD ("/check/firewall/kernel-view", test_firewall_kernel_view);
  g_test_add_func ("/check/firewall/parse-ufw", test_firewall_parse_ufw);
  g_test_add_func ("/check/firewall/parse-nftables", test_firewall_parse_nftables);
  g_test_add_func ("/check/firewall/parse-iptables", test_firewall_parse_iptables);

  ADD ("/check/secure-boot/on", test_secure_boot_on);
  ADD ("/check/secure-boot/off", test_secure_boot_off);
  ADD ("/check/secure-boot/setup-mode", test_secure_boot_setup_mode);
  ADD ("/check/secure-boot/no-efi", test_secure_boot_no_efi);
  ADD ("/check/secure-boot/no-variable", test_secure_boot_no_variable);
  ADD ("/check/secure-boot/odd", test_secure_boot_odd);
  g_test_add_func ("/check/secure-boot/parse", test_secure_boot_parse);

  ADD ("/check/remote-access/ssh-everywhere", test_remote_ssh_everywhere);
  ADD ("/check/remote-access/ssh-loopback", test_remote_ssh_loopback);
  ADD ("/check/remote-access/rdp-ipv6", test_remote_rdp_ipv6);
  ADD ("/check/remote-access/services-listed-once", test_remote_services_listed_once);
  ADD ("/check/remote-access/established-ignored", test_remote_established_ignored);
  ADD ("/check/remote-access/unreadable", test_remote_unreadable);
  ADD ("/check/remote-access/garbage", test_remote_garbage);
  g_test_add_func ("/check/remote-access/parse", test_remote_parse);
  g_test_add_func ("/check/remote-access/parse-mangled", test_remote_parse_mangled);
#undef ADD

  return g_test_run ();
}
