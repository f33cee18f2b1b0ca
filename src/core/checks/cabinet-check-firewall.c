/* cabinet-check-firewall.c — is a firewall switched on? Read from the saved
 * configuration, since the live rules can only be listed by root
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cabinet-check.h"
#include "cabinet-check-system.h"

#define UFW_CONF          "/etc/ufw/ufw.conf"
#define FIREWALLD_UNIT    "/etc/systemd/system/multi-user.target.wants/firewalld.service"
#define FIREWALLD_DIR     "/etc/firewalld"
#define NFTABLES_CONF     "/etc/nftables.conf"
#define IPTABLES_RULES    "/etc/iptables/rules.v4"
#define IP_TABLES_NAMES   "/proc/net/ip_tables_names"

/* Debian enables nftables.service in sysinit.target, Fedora in multi-user.target. */
static const char *nftables_units[] = {
  "/etc/systemd/system/sysinit.target.wants/nftables.service",
  "/etc/systemd/system/multi-user.target.wants/nftables.service",
};

/* ---- Parsers ---------------------------------------------------------------- */

/* Lines of @contents, which may hold NUL bytes and need not end with a newline. */
static char **
split_lines (const char *contents,
             gsize       length)
{
  g_autofree char *copy = g_strndup (contents, length);
  return g_strsplit (copy, "\n", -1);
}

static char *
unquote_value (const char *value)
{
  gsize len = strlen (value);

  if (len >= 2 && (value[0] == '"' || value[0] == '\'') && value[len - 1] == value[0])
    return g_strndup (value + 1, len - 2);
  return g_strdup (value);
}

gboolean
cabinet_firewall_parse_ufw_conf (const char *contents,
                                 gsize       length)
{
  g_auto(GStrv) lines = NULL;
  gboolean enabled = FALSE;

  if (contents == NULL)
    return FALSE;

  lines = split_lines (contents, length);
  for (guint i = 0; lines[i]; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *eq;
      g_autofree char *value = NULL;

      if (*line == '#' || (eq = strchr (line, '=')) == NULL)
        continue;
      *eq = '\0';
      if (!g_str_equal (g_strstrip (line), "ENABLED"))
        continue;
      value = unquote_value (g_strstrip (eq + 1));
      /* ufw reads the file in order: the last assignment is the one that counts. */
      enabled = g_ascii_strcasecmp (value, "yes") == 0;
    }
  return enabled;
}

/* How the last rule of an input chain ends what it catches: only a rule that
 * matches everything counts. */
typedef enum {
  CATCH_ALL_NONE,
  CATCH_ALL_ACCEPT,
  CATCH_ALL_DROP,
} CatchAll;

static CabinetFirewallRules
rules_verdict (gboolean policy_drop,
               CatchAll last_rule)
{
  if (last_rule == CATCH_ALL_DROP || (policy_drop && last_rule != CATCH_ALL_ACCEPT))
    return CABINET_FIREWALL_RULES_FILTERING;
  return CABINET_FIREWALL_RULES_OPEN;
}

/* nftables.conf. Blocks are what follow "table …" and "chain …" at the top or in a
 * table; a brace anywhere else (in a rule, in a set's elements) opens an anonymous
 * set or map, which belongs to the statement around it. */

#define NFT_MAX_DEPTH 16

typedef enum {
  NFT_BLOCK_TOP,
  NFT_BLOCK_TABLE,
  NFT_BLOCK_CHAIN,
  NFT_BLOCK_OTHER,
} NftBlock;

typedef struct {
  NftBlock              stack[NFT_MAX_DEPTH];
  guint                 depth;           /* stack[depth] is the current block */
  guint                 set_depth;
  GString              *statement;
  /* The chain being read. */
  gboolean              chain_input;
  gboolean              chain_policy_drop;
  CatchAll              chain_last_rule;
  CabinetFirewallRules  result;
} NftParser;

static char **
split_words (const char *text)
{
  g_auto(GStrv) parts = g_strsplit_set (text, " \t\r\v\f", -1);
  GPtrArray *words = g_ptr_array_new ();

  for (guint i = 0; parts[i]; i++)
    if (*parts[i])
      g_ptr_array_add (words, g_strdup (parts[i]));
  g_ptr_array_add (words, NULL);
  return (char **) g_ptr_array_free (words, FALSE);
}

static gboolean
words_have (char       **words,
            const char  *first,
            const char  *second)
{
  for (guint i = 0; words[i] && words[i + 1]; i++)
    if (g_str_equal (words[i], first) && g_str_equal (words[i + 1], second))
      return TRUE;
  return FALSE;
}

static gboolean
words_contain (char       **words,
               const char  *word)
{
  return g_strv_contains ((const char * const *) words, word);
}

/* "drop", "counter drop", "log prefix … reject with icmpx type …": a rule whose
 * first word is a verdict or a statement that matches nothing. */
static CatchAll
nft_rule_catch_all (char **words)
{
  static const char *unconditional[] = { "drop", "reject", "accept", "counter", "log" };
  gboolean starts_unconditional = FALSE;

  if (words[0] == NULL)
    return CATCH_ALL_NONE;
  for (guint i = 0; i < G_N_ELEMENTS (unconditional); i++)
    if (g_str_equal (words[0], unconditional[i]))
      starts_unconditional = TRUE;
  if (!starts_unconditional)
    return CATCH_ALL_NONE;
  if (words_contain (words, "drop") || words_contain (words, "reject"))
    return CATCH_ALL_DROP;
  if (words_contain (words, "accept"))
    return CATCH_ALL_ACCEPT;
  return CATCH_ALL_NONE;
}

static void
nft_end_statement (NftParser *parser)
{
  g_auto(GStrv) words = split_words (parser->statement->str);

  g_string_truncate (parser->statement, 0);
  if (words[0] == NULL || parser->stack[parser->depth] != NFT_BLOCK_CHAIN)
    return;

  if (g_str_equal (words[0], "type"))
    {
      /* "type filter hook input priority 0"; older files put the policy on the
       * same line. */
      if (words_have (words, "type", "filter") && words_have (words, "hook", "input"))
        parser->chain_input = TRUE;
      if (words_have (words, "policy", "drop"))
        parser->chain_policy_drop = TRUE;
    }
  else if (g_str_equal (words[0], "policy"))
    parser->chain_policy_drop = words[1] && g_str_equal (words[1], "drop");
  else if (!g_str_equal (words[0], "comment") && !g_str_equal (words[0], "devices"))
    parser->chain_last_rule = nft_rule_catch_all (words);
}

static NftBlock
nft_block_kind (const char *header)
{
  g_auto(GStrv) words = split_words (header);
  guint i = 0;

  if (words[i] && (g_str_equal (words[i], "add") || g_str_equal (words[i], "create")))
    i++;
  if (words[i] == NULL)
    return NFT_BLOCK_OTHER;
  if (g_str_equal (words[i], "table"))
    return NFT_BLOCK_TABLE;
  if (g_str_equal (words[i], "chain"))
    return NFT_BLOCK_CHAIN;
  return NFT_BLOCK_OTHER;
}

/* Returns FALSE when the nesting is deeper than any real file. */
static gboolean
nft_open_block (NftParser *parser)
{
  NftBlock kind = nft_block_kind (parser->statement->str);

  g_string_truncate (parser->statement, 0);
  if (parser->depth + 1 >= NFT_MAX_DEPTH)
    return FALSE;
  parser->stack[++parser->depth] = kind;
  if (kind == NFT_BLOCK_CHAIN)
    {
      parser->chain_input = FALSE;
      parser->chain_policy_drop = FALSE;
      parser->chain_last_rule = CATCH_ALL_NONE;
    }
  return TRUE;
}

static void
nft_close_block (NftParser *parser)
{
  nft_end_statement (parser);
  if (parser->depth == 0)
    return;  /* a stray brace */
  if (parser->stack[parser->depth] == NFT_BLOCK_CHAIN && parser->chain_input)
    {
      /* Base chains on the same hook all see the packet, and a drop in any of them
       * is final: the strictest one decides. */
      parser->result = MAX (parser->result,
                            rules_verdict (parser->chain_policy_drop, parser->chain_last_rule));
    }
  parser->depth--;
}

CabinetFirewallRules
cabinet_firewall_parse_nftables (const char *contents,
                                 gsize       length)
{
  NftParser parser = { { NFT_BLOCK_TOP }, 0, };
  g_autoptr(GString) statement = g_string_new (NULL);
  gboolean in_comment = FALSE;
  gboolean in_string = FALSE;

  if (contents == NULL)
    return CABINET_FIREWALL_RULES_NONE;

  parser.statement = statement;
  parser.result = CABINET_FIREWALL_RULES_NONE;
  for (gsize i = 0; i < length; i++)
    {
      char c = contents[i];

      if (in_comment)
        {
          if (c != '\n')
            continue;
          in_comment = FALSE;
        }
      else if (in_string)
        {
          /* A string never runs past its line, even unterminated. */
          if (c == '"' || c == '\n')
            in_string = FALSE;
          if (c != '\n')
            {
              g_string_append_c (statement, c == '\0' ? ' ' : c);
              continue;
            }
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          g_string_append_c (statement, c);
          break;
        case '#':
          in_comment = TRUE;
          break;
        case '\\':
          if (i + 1 < length && contents[i + 1] == '\n')
            {
              /* A line continued on the next one. */
              g_string_append_c (statement, ' ');
              i++;
            }
          else
            g_string_append_c (statement, c);
          break;
        case '{':
          if (parser.set_depth > 0
              || parser.stack[parser.depth] == NFT_BLOCK_CHAIN
              || parser.stack[parser.depth] == NFT_BLOCK_OTHER)
            {
              parser.set_depth++;
              g_string_append_c (statement, ' ');
            }
          else if (!nft_open_block (&parser))
            return parser.result;
          break;
        case '}':
          if (parser.set_depth > 0)
            {
              parser.set_depth--;
              g_string_append_c (statement, ' ');
            }
          else
            nft_close_block (&parser);
          break;
        case ';':
        case '\n':
          if (parser.set_depth > 0)
            g_string_append_c (statement, ' ');
          else
            nft_end_statement (&parser);
          break;
        case '\0':
          g_string_append_c (statement, ' ');
          break;
        default:
          g_string_append_c (statement, c);
        }
    }
  /* A chain left open at the end of the file is not loaded by nft: ignore it. */
  return parser.result;
}

/* "-A INPUT -j DROP", "-A INPUT -m comment --comment "…" -j REJECT --reject-with …":
 * a rule that matches every packet. */
static CatchAll
iptables_rule_catch_all (const char *line)
{
  g_auto(GStrv) argv = NULL;
  const char *target = NULL;
  int argc = 0;

  if (!g_shell_parse_argv (line, &argc, &argv, NULL) || argc < 2)
    return CATCH_ALL_NONE;
  for (int i = 2; i < argc; i += 2)
    {
      const char *option = argv[i];
      const char *value = i + 1 < argc ? argv[i + 1] : NULL;

      if (value == NULL)
        return CATCH_ALL_NONE;
      if (g_str_equal (option, "-j"))
        target = value;
      else if (!((g_str_equal (option, "-m") && g_str_equal (value, "comment"))
                 || g_str_equal (option, "--comment")
                 || g_str_equal (option, "--reject-with")))
        return CATCH_ALL_NONE;  /* a match: not every packet */
    }
  if (g_strcmp0 (target, "DROP") == 0 || g_strcmp0 (target, "REJECT") == 0)
    return CATCH_ALL_DROP;
  if (g_strcmp0 (target, "ACCEPT") == 0)
    return CATCH_ALL_ACCEPT;
  return CATCH_ALL_NONE;
}

CabinetFirewallRules
cabinet_firewall_parse_iptables (const char *contents,
                                 gsize       length)
{
  g_auto(GStrv) lines = NULL;
  gboolean in_filter = FALSE;
  gboolean seen_input = FALSE;
  gboolean policy_drop = FALSE;
  CatchAll last_rule = CATCH_ALL_NONE;

  if (contents == NULL)
    return CABINET_FIREWALL_RULES_NONE;

  lines = split_lines (contents, length);
  for (guint i = 0; lines[i]; i++)
    {
      const char *line = g_strstrip (lines[i]);

      if (*line == '*')
        in_filter = g_str_equal (line, "*filter");
      else if (g_str_equal (line, "COMMIT"))
        in_filter = FALSE;
      else if (!in_filter)
        continue;
      else if (g_str_has_prefix (line, ":INPUT ") || g_str_has_prefix (line, ":INPUT\t"))
        {
          g_auto(GStrv) words = split_words (line);

          seen_input = TRUE;
          policy_drop = words[1] && g_str_equal (words[1], "DROP");
        }
      else if (g_str_has_prefix (line, "-A INPUT ") || g_str_equal (line, "-A INPUT"))
        {
          seen_input = TRUE;
          last_rule = iptables_rule_catch_all (line);
        }
    }
  if (!seen_input)
    return CABINET_FIREWALL_RULES_NONE;
  return rules_verdict (policy_drop, last_rule);
}

/* ---- The check --------------------------------------------------------------- */

typedef struct {
  CabinetCheckEnv *env;
  GString         *evidence;
  GPtrArray       *active;   /* names of the firewalls found on */
  gboolean         unsure;   /* one seems set up, but its settings cannot be read */
} Findings;

static void
add_evidence (Findings   *findings,
              const char *path,
              const char *value)
{
  g_string_append_printf (findings->evidence, "%s: %s\n", path, value);
}

/* An enabled unit is a symbolic link: on a system looked at from outside (a
 * sysroot), it points at a path of that system and may not resolve here. */
static gboolean
unit_enabled (CabinetCheckEnv *env,
              const char      *path)
{
  g_autofree char *real = NULL;

  if (cabinet_check_env_exists (env, path))
    return TRUE;
  real = cabinet_check_env_path (env, path);
  return g_file_test (real, G_FILE_TEST_IS_SYMLINK);
}

static const char *
rules_description (CabinetFirewallRules rules)
{
  switch (rules)
    {
    case CABINET_FIREWALL_RULES_FILTERING:
      return _("blocks incoming connections that no rule allows");
    case CABINET_FIREWALL_RULES_OPEN:
      return _("lets every incoming connection through");
    case CABINET_FIREWALL_RULES_NONE:
    default:
      return _("has no rules for incoming connections");
    }
}

/* Reads a configuration file; FALSE, with the reason in the evidence, when absent
 * or unreadable. */
static gboolean
read_config (Findings    *findings,
             const char  *path,
             char       **contents,
             gsize       *length)
{
  g_autoptr(GError) error = NULL;

  if (cabinet_check_env_read (findings->env, path, contents, length, &error))
    return TRUE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    add_evidence (findings, path, _("not found"));
  else
    {
      add_evidence (findings, path, _("cannot be read"));
      findings->unsure = TRUE;
    }
  return FALSE;
}

static void
look_at_ufw (Findings *findings)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!read_config (findings, UFW_CONF, &contents, &length))
    return;
  if (cabinet_firewall_parse_ufw_conf (contents, length))
    {
      add_evidence (findings, UFW_CONF, "ENABLED=yes");
      g_ptr_array_add (findings->active, (gpointer) "ufw");
    }
  else
    add_evidence (findings, UFW_CONF, _("ENABLED is not “yes”"));
}

static void
look_at_firewalld (Findings *findings)
{
  if (!unit_enabled (findings->env, FIREWALLD_UNIT))
    {
      add_evidence (findings, FIREWALLD_UNIT, _("not found"));
      return;
    }
  add_evidence (findings, FIREWALLD_UNIT, _("found"));
  /* A unit left behind by a removed package does not filter anything. */
  if (cabinet_check_env_exists (findings->env, FIREWALLD_DIR))
    {
      add_evidence (findings, FIREWALLD_DIR, _("found"));
      g_ptr_array_add (findings->active, (gpointer) "firewalld");
    }
  else
    add_evidence (findings, FIREWALLD_DIR, _("not found"));
}

static void
look_at_nftables (Findings *findings)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  gboolean enabled = FALSE;
  CabinetFirewallRules rules;

  for (guint i = 0; i < G_N_ELEMENTS (nftables_units) && !enabled; i++)
    if (unit_enabled (findings->env, nftables_units[i]))
      {
        add_evidence (findings, nftables_units[i], _("found"));
        enabled = TRUE;
      }
  if (!enabled)
    {
      add_evidence (findings, nftables_units[0], _("not found"));
      add_evidence (findings, nftables_units[1], _("not found"));
      return;
    }

  if (!read_config (findings, NFTABLES_CONF, &contents, &length))
    {
      /* The service is on: its rules decide, and they could not be seen. */
      findings->unsure = TRUE;
      return;
    }
  rules = cabinet_firewall_parse_nftables (contents, length);
  add_evidence (findings, NFTABLES_CONF, rules_description (rules));
  if (rules == CABINET_FIREWALL_RULES_FILTERING)
    g_ptr_array_add (findings->active, (gpointer) "nftables");
}

static void
look_at_iptables (Findings *findings)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  CabinetFirewallRules rules;

  if (!read_config (findings, IPTABLES_RULES, &contents, &length))
    return;
  rules = cabinet_firewall_parse_iptables (contents, length);
  add_evidence (findings, IPTABLES_RULES, rules_description (rules));
  if (rules == CABINET_FIREWALL_RULES_FILTERING)
    g_ptr_array_add (findings->active, (gpointer) "iptables");
}

/* What the running kernel holds, for the record only: listing the rules themselves
 * needs root. */
static void
look_at_kernel (Findings *findings)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GPtrArray) tables = g_ptr_array_new ();
  g_autofree char *joined = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  if (!cabinet_check_env_read (findings->env, IP_TABLES_NAMES, &contents, &length, &error))
    {
      /* Absent when the kernel has no iptables module loaded; often only root may
       * read it. Neither says anything about nftables. */
      add_evidence (findings, IP_TABLES_NAMES,
                    g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                    ? _("not found") : _("cannot be read"));
      return;
    }
  names = split_lines (contents, length);
  for (guint i = 0; names[i]; i++)
    if (*g_strstrip (names[i]) && g_utf8_validate (names[i], -1, NULL))
      g_ptr_array_add (tables, names[i]);
  if (tables->len == 0)
    {
      add_evidence (findings, IP_TABLES_NAMES, _("no iptables table loaded"));
      return;
    }
  g_ptr_array_add (tables, NULL);
  joined = g_strjoinv (", ", (char **) tables->pdata);
  add_evidence (findings, IP_TABLES_NAMES, joined);
}

/* Commands go on lines of their own, so that they can be copied as they are. */
static const char *
firewall_remedy (CabinetCheckEnv *env)
{
  switch (cabinet_check_env_get_distro (env))
    {
    case CABINET_DISTRO_DEBIAN:
    case CABINET_DISTRO_UBUNTU:
      return _("Install a firewall and switch it on. Open a terminal and type this command:\n"
               "sudo apt install gufw\n"
               "Then open “Firewall Configuration” from your applications and switch “Status” on.\n"
               "If you prefer the terminal, type these two commands instead:\n"
               "sudo apt install ufw\n"
               "sudo ufw enable");
    case CABINET_DISTRO_FEDORA:
      return _("Fedora comes with a firewall, firewalld, which is normally on. To switch it back on, "
               "open a terminal and type this command:\n"
               "sudo systemctl enable --now firewalld");
    case CABINET_DISTRO_OTHER:
    default:
      return _("Switch on the firewall that comes with your system.\n"
               "On Debian or Ubuntu, open a terminal and type this command:\n"
               "sudo apt install gufw\n"
               "Then open “Firewall Configuration” from your applications and switch “Status” on.\n"
               "On Fedora, the firewall is normally on. To switch it back on, open a terminal and type this command:\n"
               "sudo systemctl enable --now firewalld");
    }
}

CabinetCheckResult *
cabinet_check_firewall (CabinetCheckEnv *env,
                        GCancellable    *cancellable)
{
  g_autoptr(GString) evidence = g_string_new (NULL);
  g_autoptr(GPtrArray) active = g_ptr_array_new ();
  Findings findings = { env, evidence, active, FALSE };
  g_autofree char *names = NULL;
  g_autofree char *summary = NULL;

  if (!cabinet_check_env_exists (env, "/etc"))
    return cabinet_check_result_new (CABINET_CHECK_UNKNOWN,
                                     _("Cabinet cannot see this computer’s settings, so it cannot tell whether a firewall is on."),
                                     "/etc: not found", NULL);

  look_at_ufw (&findings);
  look_at_firewalld (&findings);
  look_at_nftables (&findings);
  look_at_iptables (&findings);
  look_at_kernel (&findings);
  if (evidence->len > 0)
    g_string_truncate (evidence, evidence->len - 1);

  if (active->len > 0)
    {
      g_ptr_array_add (active, NULL);
      names = g_strjoinv (", ", (char **) active->pdata);
      /* TRANSLATORS: %s names the firewall software, such as “ufw” or “firewalld”. */
      summary = g_strdup_printf (_("A firewall is on and blocks unwanted connections from other computers (%s)."),
                                 names);
      return cabinet_check_result_new (CABINET_CHECK_PASS, summary, evidence->str, NULL);
    }
  if (findings.unsure)
    return cabinet_check_result_new (CABINET_CHECK_UNKNOWN,
                                     _("A firewall seems to be set up, but Cabinet cannot read its settings, so it cannot tell whether it is on."),
                                     evidence->str, NULL);
  return cabinet_check_result_new (CABINET_CHECK_WARN,
                                   _("Cabinet found no firewall switched on. A firewall blocks connections from other computers that this computer did not ask for."),
                                   evidence->str, firewall_remedy (env));
}
