/* cabinet-check-automatic-updates.c — are security updates installed without
 * anyone having to think of it? A helper to the system updates check: at most a
 * warning.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cabinet-check.h"
#include "cabinet-check-updates.h"

#define APT_CONF_DIR        "/etc/apt/apt.conf.d"
#define APT_CONF_MAIN       "/etc/apt/apt.conf"
#define UNATTENDED_UPGRADE  "/usr/bin/unattended-upgrade"
#define KEY_UNATTENDED      "apt::periodic::unattended-upgrade"
#define KEY_PERIODIC_ENABLE "apt::periodic::enable"

#define TIMERS_WANTS        "/etc/systemd/system/timers.target.wants/"
#define DNF_AUTOMATIC_CONF  "/etc/dnf/automatic.conf"
#define DNF5_AUTOMATIC_CONF "/etc/dnf/dnf5-plugins/automatic.conf"

#define GNOME_SOFTWARE      "org.gnome.software"
#define DOWNLOAD_UPDATES    "download-updates"

/* Parsers. */

static const char *
skip_to_line_end (const char *p)
{
  const char *newline = strchr (p, '\n');

  return newline ? newline + 1 : p + strlen (p);
}

/* @p is on an opening quote; returns past the closing one. */
static const char *
read_quoted (const char  *p,
             char       **value)
{
  const char *start = p + 1;
  const char *end = strchr (start, '"');

  if (end == NULL)
    end = start + strlen (start);
  if (value)
    *value = g_strndup (start, (gsize) (end - start));
  return *end ? end + 1 : end;
}

static char *
full_key (GPtrArray  *scopes,
          const char *key)
{
  g_autoptr(GString) full = g_string_new (NULL);

  for (guint i = 0; i < scopes->len; i++)
    {
      const char *scope = g_ptr_array_index (scopes, i);

      if (*scope == '\0')
        continue;
      g_string_append (full, scope);
      g_string_append (full, "::");
    }
  g_string_append (full, key);
  return g_ascii_strdown (full->str, -1);
}

void
cabinet_apt_conf_parse (const char *text,
                        GHashTable *values)
{
  g_autoptr(GPtrArray) scopes = g_ptr_array_new_with_free_func (g_free);
  const char *p = text;

  g_return_if_fail (values != NULL);
  if (text == NULL)
    return;

  /* Every turn of the loop moves forward by at least one character. */
  while (*p)
    {
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      const char *start;

      if (g_ascii_isspace (*p) || *p == ';')
        {
          p++;
          continue;
        }
      if (p[0] == '/' && p[1] == '/')
        {
          p = skip_to_line_end (p);
          continue;
        }
      if (p[0] == '/' && p[1] == '*')
        {
          const char *end = strstr (p + 2, "*/");

          p = end ? end + 2 : p + strlen (p);
          continue;
        }
      /* Comments, and the #include and #clear directives, which are not followed. */
      if (*p == '#')
        {
          p = skip_to_line_end (p);
          continue;
        }
      if (*p == '}')
        {
          if (scopes->len > 0)
            g_ptr_array_remove_index (scopes, scopes->len - 1);
          p++;
          continue;
        }
      if (*p == '{')
        {
          g_ptr_array_add (scopes, g_strdup (""));
          p++;
          continue;
        }
      /* An item of a list ("Origins-Pattern { "a"; "b"; };"): not a setting. */
      if (*p == '"')
        {
          p = read_quoted (p, NULL);
          continue;
        }

      start = p;
      while (*p && !g_ascii_isspace (*p) && *p != '{' && *p != '}' && *p != ';' && *p != '"')
        p++;
      key = g_strndup (start, (gsize) (p - start));
      while (*p && g_ascii_isspace (*p))
        p++;

      if (*p == '{')
        {
          g_ptr_array_add (scopes, g_steal_pointer (&key));
          p++;
          continue;
        }
      if (*p == '"')
        p = read_quoted (p, &value);
      else if (*p && *p != ';' && *p != '}')
        {
          /* apt wants quotes, but people forget them. */
          start = p;
          while (*p && *p != ';' && *p != '\n' && *p != '}')
            p++;
          value = g_strstrip (g_strndup (start, (gsize) (p - start)));
        }
      if (value && *key)
        g_hash_table_insert (values, full_key (scopes, key), g_steal_pointer (&value));
    }
}

gboolean
cabinet_apt_conf_name_is_read (const char *name)
{
  const char *dot;

  if (name == NULL || *name == '\0')
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '.')
      return FALSE;
  dot = strrchr (name, '.');
  return dot == NULL || g_str_equal (dot, ".conf");
}

gboolean
cabinet_apt_periodic_is_on (const char *value)
{
  g_autofree char *copy = NULL;

  if (value == NULL)
    return FALSE;
  copy = g_strstrip (g_strdup (value));
  if (g_ascii_strcasecmp (copy, "always") == 0)
    return TRUE;
  /* A number of days, or an interval with a unit ("1d", "12h"). */
  if (!g_ascii_isdigit (copy[0]))
    return FALSE;
  return g_ascii_strtoull (copy, NULL, 10) > 0;
}

char *
cabinet_ini_lookup (const char *text,
                    const char *section,
                    const char *key)
{
  g_auto(GStrv) lines = NULL;
  char *found = NULL;
  gboolean in_section = FALSE;

  g_return_val_if_fail (section != NULL && key != NULL, NULL);
  if (text == NULL)
    return NULL;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *separator;

      if (*line == '\0' || *line == '#' || *line == ';')
        continue;
      if (*line == '[')
        {
          char *close = strchr (line, ']');

          if (close)
            *close = '\0';
          in_section = g_ascii_strcasecmp (g_strstrip (line + 1), section) == 0;
          continue;
        }
      if (!in_section)
        continue;
      separator = strpbrk (line, "=:");
      if (separator == NULL)
        continue;
      *separator = '\0';
      if (g_ascii_strcasecmp (g_strstrip (line), key) != 0)
        continue;
      /* The last one wins. */
      g_free (found);
      found = g_strdup (g_strstrip (separator + 1));
    }
  return found;
}

gboolean
cabinet_dnf_bool_is_true (const char *value)
{
  static const char *const truths[] = { "1", "yes", "true", "on" };

  if (value == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (truths); i++)
    if (g_ascii_strcasecmp (value, truths[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Debian and Ubuntu: unattended-upgrades. */

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Where each key was last set, for the evidence. */
static void
read_apt_conf_file (CabinetCheckEnv *env,
                    const char      *path,
                    GHashTable      *values,
                    GHashTable      *origins)
{
  g_autoptr(GHashTable) here = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *contents = NULL;
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  if (!cabinet_check_env_read (env, path, &contents, NULL, NULL))
    return;
  cabinet_apt_conf_parse (contents, here);
  g_hash_table_iter_init (&iter, here);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_hash_table_insert (origins, g_strdup (key), g_strdup (path));
      g_hash_table_iter_steal (&iter);
      g_hash_table_insert (values, key, value);
    }
}

static void
append_apt_setting (GString    *evidence,
                    GHashTable *values,
                    GHashTable *origins,
                    const char *key,
                    const char *display)
{
  const char *value = g_hash_table_lookup (values, key);

  if (value)
    {
      /* The file may hold any bytes: the evidence is shown. */
      g_autofree char *shown = g_utf8_make_valid (value, -1);

      g_string_append_printf (evidence, "%s \"%s\" (%s)\n", display, shown,
                              (const char *) g_hash_table_lookup (origins, key));
    }
  else
    {
      g_string_append_printf (evidence, _("%s: not set"), display);
      g_string_append_c (evidence, '\n');
    }
}

static gboolean
check_unattended_upgrades (CabinetCheckEnv *env,
                           GString         *evidence)
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) origins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir_path = cabinet_check_env_path (env, APT_CONF_DIR);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *enable;
  gboolean scheduled;
  gboolean installed;

  /* As apt reads them: the parts in the order of their names, then apt.conf. */
  if (dir)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        if (cabinet_apt_conf_name_is_read (name))
          g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_sort (names, compare_names);
    }
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (APT_CONF_DIR, g_ptr_array_index (names, i), NULL);

      read_apt_conf_file (env, path, values, origins);
    }
  read_apt_conf_file (env, APT_CONF_MAIN, values, origins);

  append_apt_setting (evidence, values, origins, KEY_UNATTENDED, "APT::Periodic::Unattended-Upgrade");
  enable = g_hash_table_lookup (values, KEY_PERIODIC_ENABLE);
  if (enable)
    append_apt_setting (evidence, values, origins, KEY_PERIODIC_ENABLE, "APT::Periodic::Enable");

  installed = cabinet_check_env_exists (env, UNATTENDED_UPGRADE);
  g_string_append_printf (evidence, installed ? _("%s: installed") : _("%s: not installed"), UNATTENDED_UPGRADE);
  g_string_append_c (evidence, '\n');

  /* apt's daily job does nothing at all when APT::Periodic::Enable is "0". */
  scheduled = cabinet_apt_periodic_is_on (g_hash_table_lookup (values, KEY_UNATTENDED))
              && (enable == NULL || cabinet_apt_periodic_is_on (enable));
  return scheduled && installed;
}

/* Fedora: dnf-automatic. */

static gboolean
timer_enabled (CabinetCheckEnv *env,
               const char      *timer,
               GString         *evidence)
{
  g_autofree char *path = g_strconcat (TIMERS_WANTS, timer, NULL);
  gboolean enabled = cabinet_check_env_exists (env, path);

  g_string_append_printf (evidence, enabled ? _("%s: enabled") : _("%s: not enabled"), timer);
  g_string_append_c (evidence, '\n');
  return enabled;
}

/* apply_updates under [commands]: whether dnf-automatic installs what it finds
 * rather than only downloading it. */
static gboolean
applies_updates (CabinetCheckEnv *env,
                 const char      *path,
                 GString         *evidence)
{
  g_autofree char *contents = NULL;
  g_autofree char *value = NULL;

  if (!cabinet_check_env_read (env, path, &contents, NULL, NULL))
    {
      g_string_append_printf (evidence, _("%s: not found"), path);
      g_string_append_c (evidence, '\n');
      return FALSE;
    }
  value = cabinet_ini_lookup (contents, "commands", "apply_updates");
  if (value)
    {
      g_autofree char *shown = g_utf8_make_valid (value, -1);

      g_string_append_printf (evidence, "%s [commands] apply_updates = %s\n", path, shown);
    }
  else
    {
      g_string_append_printf (evidence, _("%s [commands] apply_updates: not set"), path);
      g_string_append_c (evidence, '\n');
    }
  return cabinet_dnf_bool_is_true (value);
}

static gboolean
check_dnf_automatic (CabinetCheckEnv *env,
                     GString         *evidence)
{
  /* This timer runs dnf-automatic with --installupdates, whatever the file says. */
  if (timer_enabled (env, "dnf-automatic-install.timer", evidence))
    return TRUE;
  if (timer_enabled (env, "dnf-automatic.timer", evidence)
      && applies_updates (env, DNF_AUTOMATIC_CONF, evidence))
    return TRUE;
  /* dnf5 (Fedora 41 and later) has its own timer and place for the file. */
  if (timer_enabled (env, "dnf5-automatic.timer", evidence))
    {
      if (cabinet_check_env_exists (env, DNF5_AUTOMATIC_CONF))
        return applies_updates (env, DNF5_AUTOMATIC_CONF, evidence);
      return applies_updates (env, DNF_AUTOMATIC_CONF, evidence);
    }
  return FALSE;
}

/* GNOME Software. */

typedef enum {
  GNOME_SOFTWARE_ABSENT,
  GNOME_SOFTWARE_OFF,
  GNOME_SOFTWARE_ON,
} GnomeSoftwareState;

static GnomeSoftwareState
check_gnome_software (GString *evidence)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) key = NULL;
  g_autoptr(GSettings) settings = NULL;
  gboolean on;

  if (source)
    schema = g_settings_schema_source_lookup (source, GNOME_SOFTWARE, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, DOWNLOAD_UPDATES))
    return GNOME_SOFTWARE_ABSENT;
  key = g_settings_schema_get_key (schema, DOWNLOAD_UPDATES);
  if (!g_variant_type_equal (g_settings_schema_key_get_value_type (key), G_VARIANT_TYPE_BOOLEAN))
    return GNOME_SOFTWARE_ABSENT;

  settings = g_settings_new_full (schema, NULL, NULL);
  on = g_settings_get_boolean (settings, DOWNLOAD_UPDATES);
  g_string_append_printf (evidence, "%s %s: %s\n", GNOME_SOFTWARE, DOWNLOAD_UPDATES, on ? "true" : "false");
  return on ? GNOME_SOFTWARE_ON : GNOME_SOFTWARE_OFF;
}

/* The check. */

static char *
remedy_for (gboolean apt_based,
            gboolean dnf_based,
            gboolean gnome_software)
{
  GString *remedy = g_string_new (NULL);

  if (apt_based)
    g_string_append (remedy, _("In a terminal, type “sudo apt install unattended-upgrades”, then “sudo dpkg-reconfigure -plow unattended-upgrades”, and answer Yes."));
  else if (dnf_based)
    g_string_append (remedy, _("In a terminal, type “sudo dnf install dnf-automatic”, then “sudo systemctl enable --now dnf-automatic-install.timer”."));
  if (gnome_software)
    {
      if (remedy->len > 0)
        g_string_append_c (remedy, ' ');
      g_string_append (remedy, remedy->len > 0
                               ? _("Or open Software, choose Update Preferences in its main menu, and turn on Automatic Updates.")
                               : _("Open Software, choose Update Preferences in its main menu, and turn on Automatic Updates."));
    }
  if (remedy->len == 0)
    g_string_append (remedy, _("Turn on automatic security updates in your system’s software updater."));
  return g_string_free (remedy, FALSE);
}

CabinetCheckResult *
cabinet_check_automatic_updates (CabinetCheckEnv *env,
                                 GCancellable    *cancellable)
{
  CabinetDistro distro = cabinet_check_env_get_distro (env);
  gboolean apt_based = distro == CABINET_DISTRO_DEBIAN || distro == CABINET_DISTRO_UBUNTU
                       || (distro == CABINET_DISTRO_OTHER && cabinet_check_env_exists (env, APT_CONF_DIR));
  gboolean dnf_based = distro == CABINET_DISTRO_FEDORA
                       || (distro == CABINET_DISTRO_OTHER && cabinet_check_env_exists (env, "/etc/dnf"));
  g_autoptr(GString) evidence = g_string_new (NULL);
  g_autoptr(GPtrArray) on = g_ptr_array_new ();
  g_autofree char *joined = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *remedy = NULL;
  GnomeSoftwareState gnome_software;

  if (apt_based && check_unattended_upgrades (env, evidence))
    g_ptr_array_add (on, (gpointer) "unattended-upgrades");
  if (dnf_based && check_dnf_automatic (env, evidence))
    g_ptr_array_add (on, (gpointer) "dnf-automatic");
  gnome_software = check_gnome_software (evidence);
  if (gnome_software == GNOME_SOFTWARE_ON)
    g_ptr_array_add (on, (gpointer) _("GNOME Software"));
  if (!apt_based && !dnf_based && gnome_software == GNOME_SOFTWARE_ABSENT)
    g_string_append (evidence, _("No known way of updating automatically was found (unattended-upgrades, dnf-automatic, GNOME Software)."));
  g_strchomp (evidence->str);

  if (on->len > 0)
    {
      g_ptr_array_add (on, NULL);
      joined = g_strjoinv (", ", (char **) on->pdata);
      /* Translators: %s names what installs the updates, e.g. "unattended-upgrades". */
      summary = g_strdup_printf (_("Updates are installed automatically (%s)"), joined);
      return cabinet_check_result_new (CABINET_CHECK_PASS, summary, evidence->str, NULL);
    }

  remedy = remedy_for (apt_based, dnf_based,
                       gnome_software != GNOME_SOFTWARE_ABSENT
                       || cabinet_check_env_get_desktop (env) == CABINET_DESKTOP_GNOME);
  return cabinet_check_result_new (CABINET_CHECK_WARN, _("Security updates are not installed automatically"),
                                   evidence->str, remedy);
}
