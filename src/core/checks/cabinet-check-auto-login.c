/* cabinet-check-auto-login.c — does the login screen open a session without a
 * password? If so, anyone who switches the computer on reaches the therapist's
 * work, whatever the screen lock and the disk encryption do.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cabinet-check.h"
#include "cabinet-check-session.h"

/* More drop-in files than this is not a real configuration. */
#define MAX_DROP_INS 256

/* User names are at most 32 bytes; a longer value is junk, kept short so that it
 * cannot swamp the sentences it appears in. */
#define MAX_VALUE_CHARS 64

void
cabinet_auto_login_init (CabinetAutoLogin *config)
{
  g_return_if_fail (config != NULL);

  config->user = NULL;
  config->timed_user = NULL;
  config->guest = -1;
  config->keys = NULL;
}

void
cabinet_auto_login_clear (CabinetAutoLogin *config)
{
  g_return_if_fail (config != NULL);

  g_clear_pointer (&config->user, g_free);
  g_clear_pointer (&config->timed_user, g_free);
  g_clear_pointer (&config->keys, g_free);
  config->guest = -1;
}

void
cabinet_auto_login_merge (CabinetAutoLogin       *into,
                          const CabinetAutoLogin *later)
{
  g_return_if_fail (into != NULL && later != NULL);

  if (later->user)
    {
      g_free (into->user);
      into->user = g_strdup (later->user);
    }
  if (later->timed_user)
    {
      g_free (into->timed_user);
      into->timed_user = g_strdup (later->timed_user);
    }
  if (later->guest >= 0)
    into->guest = later->guest;
}

/* Made valid UTF-8 and short: the value ends up in sentences shown to the therapist. */
static char *
get_trimmed_value (GKeyFile   *key_file,
                   const char *group,
                   const char *key)
{
  g_autofree char *value = g_key_file_get_value (key_file, group, key, NULL);
  g_autofree char *valid = NULL;

  if (value == NULL)
    return NULL;
  valid = g_strstrip (g_utf8_make_valid (value, -1));
  return g_utf8_substring (valid, 0, MIN (g_utf8_strlen (valid, -1), MAX_VALUE_CHARS));
}

/* Each key read, as the file writes it, for the evidence. */
static void
note_keys (GString     *notes,
           GKeyFile    *key_file,
           const char  *group,
           const char **keys)
{
  gboolean first = TRUE;

  for (guint i = 0; keys[i]; i++)
    {
      g_autofree char *value = get_trimmed_value (key_file, group, keys[i]);
      g_autofree char *valid_group = NULL;

      if (value == NULL)
        continue;
      if (first)
        {
          valid_group = g_utf8_make_valid (group, -1);
          g_string_append_printf (notes, "%s[%s]", notes->len > 0 ? " " : "", valid_group);
          first = FALSE;
        }
      g_string_append_printf (notes, " %s=%s", keys[i], value);
    }
}

/* GDM and LightDM accept "true" and "1", in any case. -1 when the key is absent. */
static int
get_boolean (GKeyFile   *key_file,
             const char *group,
             const char *key)
{
  g_autofree char *value = get_trimmed_value (key_file, group, key);

  if (value == NULL)
    return -1;
  return g_ascii_strcasecmp (value, "true") == 0 || g_str_equal (value, "1");
}

/* GDM logs a user in only when the switch is on and the user is named; "" means
 * the file turns it off, NULL that it does not mention it. */
static char *
gdm_user (GKeyFile   *key_file,
          const char *enable_key,
          const char *user_key)
{
  int enabled = get_boolean (key_file, "daemon", enable_key);
  g_autofree char *user = get_trimmed_value (key_file, "daemon", user_key);

  if (enabled < 0)
    return NULL;
  if (enabled && user && *user)
    return g_steal_pointer (&user);
  return g_strdup ("");
}

static void
parse_gdm (GKeyFile         *key_file,
           CabinetAutoLogin *config,
           GString          *notes)
{
  static const char *keys[] = {
    "AutomaticLoginEnable", "AutomaticLogin", "TimedLoginEnable", "TimedLogin", "TimedLoginDelay", NULL,
  };

  note_keys (notes, key_file, "daemon", keys);
  config->user = gdm_user (key_file, "AutomaticLoginEnable", "AutomaticLogin");
  config->timed_user = gdm_user (key_file, "TimedLoginEnable", "TimedLogin");
}

static void
parse_sddm (GKeyFile         *key_file,
            CabinetAutoLogin *config,
            GString          *notes)
{
  static const char *keys[] = { "User", "Session", "Relogin", NULL };

  note_keys (notes, key_file, "Autologin", keys);
  config->user = get_trimmed_value (key_file, "Autologin", "User");
}

/* [SeatDefaults] is the old name of [Seat:*]; a named seat such as [Seat:seat0]
 * overrides both for that seat, so any seat that logs someone in counts. */
static void
parse_lightdm (GKeyFile         *key_file,
               CabinetAutoLogin *config,
               GString          *notes)
{
  static const char *keys[] = { "autologin-user", "autologin-user-timeout", "autologin-guest", NULL };
  g_auto(GStrv) groups = g_key_file_get_groups (key_file, NULL);
  g_autofree char *every_seat = NULL;
  g_autofree char *one_seat = NULL;

  for (guint i = 0; groups[i]; i++)
    {
      gboolean all = g_str_equal (groups[i], "SeatDefaults") || g_str_equal (groups[i], "Seat:*");
      g_autofree char *user = NULL;
      int guest;

      if (!all && !g_str_has_prefix (groups[i], "Seat:"))
        continue;
      note_keys (notes, key_file, groups[i], keys);

      user = get_trimmed_value (key_file, groups[i], "autologin-user");
      if (user && all)
        {
          g_free (every_seat);
          every_seat = g_steal_pointer (&user);
        }
      else if (user && *user && one_seat == NULL)
        one_seat = g_steal_pointer (&user);

      guest = get_boolean (key_file, groups[i], "autologin-guest");
      if (guest >= 0)
        config->guest = all ? guest : MAX (config->guest, guest);
    }

  if (one_seat)
    config->user = g_steal_pointer (&one_seat);
  else
    config->user = g_steal_pointer (&every_seat);
}

gboolean
cabinet_auto_login_parse (CabinetDisplayManager   manager,
                          const char             *data,
                          gsize                   length,
                          CabinetAutoLogin       *config,
                          GError                **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GString) notes = g_string_new (NULL);

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (config != NULL, FALSE);

  cabinet_auto_login_init (config);
  if (length == 0)
    return TRUE;
  /* The display managers read these with GKeyFile too (SDDM with a laxer parser
   * of its own), so what GKeyFile refuses is reported as unreadable. */
  if (!g_key_file_load_from_data (key_file, data, length, G_KEY_FILE_NONE, error))
    return FALSE;

  switch (manager)
    {
    case CABINET_DISPLAY_MANAGER_GDM:
      parse_gdm (key_file, config, notes);
      break;
    case CABINET_DISPLAY_MANAGER_SDDM:
      parse_sddm (key_file, config, notes);
      break;
    case CABINET_DISPLAY_MANAGER_LIGHTDM:
      parse_lightdm (key_file, config, notes);
      break;
    default:
      g_assert_not_reached ();
    }
  if (notes->len > 0)
    config->keys = g_string_free (g_steal_pointer (&notes), FALSE);
  return TRUE;
}

/* The check ---------------------------------------------------------------- */

typedef enum {
  FINDING_AUTOMATIC,
  FINDING_TIMED,
  FINDING_GUEST,
} FindingKind;

typedef struct {
  CabinetDisplayManager  manager;
  FindingKind            kind;
  char                  *user;
  char                  *path;
} Finding;

static void
finding_free (Finding *finding)
{
  g_free (finding->user);
  g_free (finding->path);
  g_free (finding);
}

typedef struct {
  CabinetCheckEnv *env;
  GString         *evidence;
  GPtrArray       *findings;
  guint            unreadable;
} Scan;

static const char *
manager_name (CabinetDisplayManager manager)
{
  switch (manager)
    {
    case CABINET_DISPLAY_MANAGER_GDM: return "GDM";
    case CABINET_DISPLAY_MANAGER_SDDM: return "SDDM";
    case CABINET_DISPLAY_MANAGER_LIGHTDM:
    default: return "LightDM";
    }
}

/* One file's own settings, in the evidence; FALSE when it is absent. */
static gboolean
read_one (Scan                  *scan,
          CabinetDisplayManager  manager,
          const char            *path,
          CabinetAutoLogin      *config)
{
  g_autofree char *contents = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  cabinet_auto_login_init (config);
  if (!cabinet_check_env_exists (scan->env, path))
    return FALSE;
  /* A drop-in file's name is bytes, not always UTF-8: the evidence is shown. */
  shown = g_filename_display_name (path);

  if (!cabinet_check_env_read (scan->env, path, &contents, &length, &error))
    {
      /* Translators: %s is a file name, then the reason it could not be read. */
      g_string_append_printf (scan->evidence, _("%s: could not be read (%s)"), shown, error->message);
      g_string_append_c (scan->evidence, '\n');
      scan->unreadable++;
      return FALSE;
    }
  /* GKeyFile's message quotes the offending line, which may be anything. */
  if (!cabinet_auto_login_parse (manager, contents, length, config, NULL))
    {
      /* Translators: %s is a file name. */
      g_string_append_printf (scan->evidence, _("%s: could not be read (it is not a valid settings file)"), shown);
      g_string_append_c (scan->evidence, '\n');
      scan->unreadable++;
      return FALSE;
    }

  g_string_append_printf (scan->evidence, "%s: %s\n", shown,
                          config->keys ? config->keys : _("nothing about automatic login"));
  return TRUE;
}

static void
add_finding (Scan                  *scan,
             CabinetDisplayManager  manager,
             FindingKind            kind,
             const char            *user,
             const char            *path)
{
  Finding *finding = g_new0 (Finding, 1);

  finding->manager = manager;
  finding->kind = kind;
  finding->user = g_strdup (user);
  /* For the remedy, which names the file. */
  finding->path = path ? g_filename_display_name (path) : NULL;
  g_ptr_array_add (scan->findings, finding);
}

/* GDM reads a single file, whose name depends on how it was built: each one
 * present is judged alone, as any of them may be the one in use. */
static void
scan_gdm (Scan *scan)
{
  static const char *paths[] = {
    "/etc/gdm3/custom.conf",  /* Ubuntu */
    "/etc/gdm3/daemon.conf",  /* Debian */
    "/etc/gdm/custom.conf",   /* Fedora and upstream */
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      CabinetAutoLogin config;

      if (read_one (scan, CABINET_DISPLAY_MANAGER_GDM, paths[i], &config))
        {
          if (config.user && *config.user)
            add_finding (scan, CABINET_DISPLAY_MANAGER_GDM, FINDING_AUTOMATIC, config.user, paths[i]);
          if (config.timed_user && *config.timed_user)
            add_finding (scan, CABINET_DISPLAY_MANAGER_GDM, FINDING_TIMED, config.timed_user, paths[i]);
        }
      cabinet_auto_login_clear (&config);
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The *.conf files of @dir, sorted by name: the order both SDDM and LightDM
 * read them in. */
static void
add_drop_ins (Scan       *scan,
              const char *dir,
              GPtrArray  *paths)
{
  g_autofree char *real = cabinet_check_env_path (scan->env, dir);
  g_autoptr(GDir) handle = g_dir_open (real, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL && names->len < MAX_DROP_INS)
    {
      g_autofree char *child = g_build_filename (real, name, NULL);

      if (g_str_has_suffix (name, ".conf") && g_file_test (child, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (paths, g_build_filename (dir, g_ptr_array_index (names, i), NULL));
}

/* SDDM and LightDM layer their files: a later one overrides what it sets. */
static void
scan_layered (Scan                  *scan,
              CabinetDisplayManager  manager,
              const char * const    *dirs,
              const char            *main_file)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *user_path = NULL;
  g_autofree char *guest_path = NULL;
  CabinetAutoLogin merged;

  for (guint i = 0; dirs[i]; i++)
    add_drop_ins (scan, dirs[i], paths);
  g_ptr_array_add (paths, g_strdup (main_file));

  cabinet_auto_login_init (&merged);
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      CabinetAutoLogin config;

      if (read_one (scan, manager, path, &config))
        {
          if (config.user)
            {
              g_free (user_path);
              user_path = g_strdup (path);
            }
          if (config.guest >= 0)
            {
              g_free (guest_path);
              guest_path = g_strdup (path);
            }
          cabinet_auto_login_merge (&merged, &config);
        }
      cabinet_auto_login_clear (&config);
    }

  if (merged.user && *merged.user)
    add_finding (scan, manager, FINDING_AUTOMATIC, merged.user, user_path);
  if (merged.guest > 0)
    add_finding (scan, manager, FINDING_GUEST, NULL, guest_path);
  cabinet_auto_login_clear (&merged);
}

static char *
finding_summary (const Finding *finding)
{
  const char *manager = manager_name (finding->manager);

  switch (finding->kind)
    {
    case FINDING_TIMED:
      /* Translators: the first %s is a login screen (GDM), the second a user name. */
      return g_strdup_printf (_("Timed login is on: the login screen (%s) opens the session of “%s” after a short wait, without asking for a password."),
                              manager, finding->user);
    case FINDING_GUEST:
      /* Translators: %s is a login screen (LightDM). */
      return g_strdup_printf (_("Automatic login is on: the login screen (%s) opens a guest session without asking for a password."),
                              manager);
    case FINDING_AUTOMATIC:
    default:
      /* Translators: the first %s is a login screen (GDM, SDDM or LightDM), the second a user name. */
      return g_strdup_printf (_("Automatic login is on: the login screen (%s) opens the session of “%s” without asking for a password."),
                              manager, finding->user);
    }
}

static char *
finding_remedy (const Finding *finding)
{
  const char *why = _("Anyone who switches the computer on then reaches your work, which defeats the screen lock and the disk encryption.");
  g_autofree char *how = NULL;

  switch (finding->manager)
    {
    case CABINET_DISPLAY_MANAGER_GDM:
      /* Translators: %s is a file name. */
      how = g_strdup_printf (_("Open Settings → Users, press Unlock, and turn off “Automatic Login”. If it stays on, ask whoever looks after the computer to set AutomaticLoginEnable and TimedLoginEnable to false in %s."),
                             finding->path);
      break;
    case CABINET_DISPLAY_MANAGER_SDDM:
      /* Translators: %s is a file name. */
      how = g_strdup_printf (_("Open System Settings → Login Screen (SDDM) → Behavior and uncheck “Automatically log in”. If it stays on, ask whoever looks after the computer to empty the line “User=” in the [Autologin] section of %s."),
                             finding->path);
      break;
    case CABINET_DISPLAY_MANAGER_LIGHTDM:
    default:
      /* Translators: %s is a file name. */
      how = g_strdup_printf (_("This login screen has no settings page for it: ask whoever looks after the computer to remove the lines “autologin-user” and “autologin-guest” from %s."),
                             finding->path);
      break;
    }
  return g_strdup_printf ("%s %s", why, how);
}

CabinetCheckResult *
cabinet_check_auto_login (CabinetCheckEnv *env,
                          GCancellable    *cancellable)
{
  static const char *sddm_dirs[] = { "/usr/lib/sddm/sddm.conf.d", "/etc/sddm.conf.d", NULL };
  static const char *lightdm_dirs[] = {
    "/usr/share/lightdm/lightdm.conf.d",
    "/etc/xdg/lightdm/lightdm.conf.d",
    "/etc/lightdm/lightdm.conf.d",
    NULL,
  };
  g_autoptr(GString) evidence = g_string_new (NULL);
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify) finding_free);
  Scan scan = { env, evidence, findings, 0 };

  g_return_val_if_fail (env != NULL, NULL);

  scan_gdm (&scan);
  scan_layered (&scan, CABINET_DISPLAY_MANAGER_SDDM, sddm_dirs, "/etc/sddm.conf");
  scan_layered (&scan, CABINET_DISPLAY_MANAGER_LIGHTDM, lightdm_dirs, "/etc/lightdm/lightdm.conf");

  if (evidence->len == 0)
    g_string_append (evidence, _("No settings of the GDM, SDDM or LightDM login screens were found."));
  else if (evidence->str[evidence->len - 1] == '\n')
    g_string_truncate (evidence, evidence->len - 1);

  if (findings->len > 0)
    {
      g_autofree char *summary = finding_summary (g_ptr_array_index (findings, 0));
      g_autofree char *remedy = finding_remedy (g_ptr_array_index (findings, 0));

      return cabinet_check_result_new (CABINET_CHECK_FAIL, summary, evidence->str, remedy);
    }
  if (scan.unreadable > 0)
    return cabinet_check_result_new (CABINET_CHECK_UNKNOWN,
                                     _("Cabinet could not read all the login screen settings; check that automatic login is off."),
                                     evidence->str,
                                     _("In GNOME, open Settings → Users and check that “Automatic Login” is off. In KDE Plasma, open System Settings → Login Screen (SDDM) → Behavior and check that “Automatically log in” is unchecked."));
  return cabinet_check_result_new (CABINET_CHECK_PASS,
                                   _("Automatic login is off: the computer asks for a password when it starts."),
                                   evidence->str, NULL);
}
