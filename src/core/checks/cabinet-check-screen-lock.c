/* cabinet-check-screen-lock.c — does the screen lock itself when the therapist
 * steps away (seed principle 04)?
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cabinet-check.h"
#include "cabinet-check-session.h"

/* Plasma's defaults, used when kscreenlockerrc does not say (kscreenlocker's
 * kscreensaversettings.kcfg). */
#define KDE_DEFAULT_AUTOLOCK       TRUE
#define KDE_DEFAULT_TIMEOUT        5
#define KDE_DEFAULT_LOCK_ON_RESUME TRUE

/* No one sets a lock delay of years; clamping keeps the arithmetic simple. */
#define KDE_MAX_TIMEOUT (G_MAXUINT / 60)

CabinetScreenLockState
cabinet_screen_lock_from_gnome (gboolean  lock_enabled,
                                guint32   lock_delay,
                                guint32   idle_delay,
                                gboolean  disable_lock_screen,
                                guint64  *seconds)
{
  g_return_val_if_fail (seconds != NULL, CABINET_SCREEN_LOCK_DISABLED);

  *seconds = 0;
  /* The lockdown key wins over the user's own choice, so it is looked at first. */
  if (disable_lock_screen)
    return CABINET_SCREEN_LOCK_FORBIDDEN;
  if (!lock_enabled)
    return CABINET_SCREEN_LOCK_DISABLED;
  /* GNOME locks only once the screen has blanked; "Never" blanks never. */
  if (idle_delay == 0)
    return CABINET_SCREEN_LOCK_NEVER_IDLE;
  *seconds = (guint64) idle_delay + lock_delay;
  return CABINET_SCREEN_LOCK_LOCKS;
}

CabinetScreenLockState
cabinet_screen_lock_from_kde (gboolean  autolock,
                              guint     timeout_minutes,
                              guint64  *seconds)
{
  g_return_val_if_fail (seconds != NULL, CABINET_SCREEN_LOCK_DISABLED);

  *seconds = 0;
  /* kscreenlocker only arms its idle timer for a timeout above zero. */
  if (!autolock || timeout_minutes == 0)
    return CABINET_SCREEN_LOCK_DISABLED;
  *seconds = (guint64) timeout_minutes * 60;
  return CABINET_SCREEN_LOCK_LOCKS;
}

CabinetCheckStatus
cabinet_screen_lock_status (CabinetScreenLockState state,
                            guint64                seconds,
                            gboolean               lock_on_resume)
{
  if (state != CABINET_SCREEN_LOCK_LOCKS)
    return CABINET_CHECK_FAIL;
  if (seconds > CABINET_SCREEN_LOCK_WARN_SECONDS)
    return CABINET_CHECK_WARN;
  /* A laptop closed and reopened elsewhere would show the session unlocked. */
  if (!lock_on_resume)
    return CABINET_CHECK_WARN;
  return CABINET_CHECK_PASS;
}

void
cabinet_kde_screen_lock_init (CabinetKdeScreenLock *config)
{
  g_return_if_fail (config != NULL);

  config->autolock = KDE_DEFAULT_AUTOLOCK;
  config->autolock_set = FALSE;
  config->timeout_minutes = KDE_DEFAULT_TIMEOUT;
  config->timeout_set = FALSE;
  config->lock_on_resume = KDE_DEFAULT_LOCK_ON_RESUME;
  config->lock_on_resume_set = FALSE;
}

/* The spellings KConfig accepts; anything else leaves the default, as KConfig does. */
static gboolean
parse_kde_boolean (const char *text,
                   gboolean   *value)
{
  static const char *yes[] = { "true", "on", "yes", "1" };
  static const char *no[] = { "false", "off", "no", "0" };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    if (g_ascii_strcasecmp (text, yes[i]) == 0)
      {
        *value = TRUE;
        return TRUE;
      }
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    if (g_ascii_strcasecmp (text, no[i]) == 0)
      {
        *value = FALSE;
        return TRUE;
      }
  return FALSE;
}

static char *
get_trimmed_value (GKeyFile   *key_file,
                   const char *group,
                   const char *key)
{
  char *value = g_key_file_get_value (key_file, group, key, NULL);

  return value ? g_strstrip (value) : NULL;
}

gboolean
cabinet_kde_screen_lock_parse (const char            *data,
                               gsize                  length,
                               CabinetKdeScreenLock  *config,
                               GError               **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autofree char *autolock = NULL;
  g_autofree char *timeout = NULL;
  g_autofree char *lock_on_resume = NULL;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (config != NULL, FALSE);

  cabinet_kde_screen_lock_init (config);
  /* A fresh Plasma writes an empty file, or none, until a setting is changed. */
  if (length == 0)
    return TRUE;
  if (!g_key_file_load_from_data (key_file, data, length, G_KEY_FILE_NONE, error))
    return FALSE;

  autolock = get_trimmed_value (key_file, "Daemon", "Autolock");
  if (autolock && parse_kde_boolean (autolock, &config->autolock))
    config->autolock_set = TRUE;

  lock_on_resume = get_trimmed_value (key_file, "Daemon", "LockOnResume");
  if (lock_on_resume && parse_kde_boolean (lock_on_resume, &config->lock_on_resume))
    config->lock_on_resume_set = TRUE;

  timeout = get_trimmed_value (key_file, "Daemon", "Timeout");
  if (timeout)
    {
      gint64 minutes;

      if (g_ascii_string_to_signed (timeout, 10, G_MININT64, G_MAXINT64, &minutes, NULL))
        {
          /* kscreenlocker treats zero and below as "no timeout". */
          config->timeout_minutes = (guint) CLAMP (minutes, 0, KDE_MAX_TIMEOUT);
          config->timeout_set = TRUE;
        }
    }
  return TRUE;
}

/* "5 minutes", "1 hour and 30 minutes", "45 seconds". */
static char *
format_duration (guint64 seconds)
{
  guint hours = (guint) MIN (seconds / 3600, G_MAXUINT);
  guint minutes = (guint) ((seconds % 3600) / 60);
  guint secs = (guint) (seconds % 60);
  g_autofree char *big = NULL;
  g_autofree char *small = NULL;

  if (hours > 0)
    {
      big = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hour", "%u hours", hours), hours);
      if (minutes > 0)
        small = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", minutes), minutes);
    }
  else if (minutes > 0)
    {
      big = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", minutes), minutes);
      if (secs > 0)
        small = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", secs), secs);
    }
  else
    big = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", secs), secs);

  if (small == NULL)
    return g_steal_pointer (&big);
  /* Translators: a duration in two parts, such as “1 hour and 30 minutes”. */
  return g_strdup_printf (_("%s and %s"), big, small);
}

static char *
summary_for (CabinetScreenLockState state,
             guint64                seconds,
             gboolean               lock_on_resume)
{
  g_autofree char *duration = NULL;

  switch (state)
    {
    case CABINET_SCREEN_LOCK_FORBIDDEN:
      return g_strdup (_("The screen never locks: a system setting forbids locking it."));
    case CABINET_SCREEN_LOCK_DISABLED:
      return g_strdup (_("The screen never locks: automatic screen lock is turned off."));
    case CABINET_SCREEN_LOCK_NEVER_IDLE:
      return g_strdup (_("The screen never locks: it is set to never turn off when the computer is not in use."));
    case CABINET_SCREEN_LOCK_LOCKS:
    default:
      break;
    }

  duration = format_duration (seconds);
  if (seconds > CABINET_SCREEN_LOCK_WARN_SECONDS)
    /* Translators: %s is a duration, such as “15 minutes”. */
    return g_strdup_printf (_("The screen locks only after %s without use; 10 minutes or less is recommended."), duration);
  if (!lock_on_resume)
    /* Translators: %s is a duration, such as “5 minutes”. */
    return g_strdup_printf (_("The screen locks after %s without use, but not when the computer wakes from sleep."), duration);
  /* Translators: %s is a duration, such as “5 minutes”. */
  return g_strdup_printf (_("The screen locks after %s without use."), duration);
}

static void
trim_last_newline (GString *evidence)
{
  if (evidence->len > 0 && evidence->str[evidence->len - 1] == '\n')
    g_string_truncate (evidence, evidence->len - 1);
}

static CabinetCheckResult *
unknown_result (const char *evidence)
{
  return cabinet_check_result_new (CABINET_CHECK_UNKNOWN,
                                   _("Cabinet cannot read this desktop’s screen lock settings; check that the screen locks after a few minutes."),
                                   evidence,
                                   _("Look in your desktop’s settings for the screen lock, and make sure the screen locks by itself after 10 minutes or less without use."));
}

/* GNOME ------------------------------------------------------------------- */

/* The value of @key, or NULL when the schema is not installed or the key is
 * missing or not of @type: an old or patched schema is skipped, not trusted. */
static GVariant *
read_gnome_key (const char         *schema_id,
                const char         *key,
                const GVariantType *type)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) schema_key = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, schema_id, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, key))
    return NULL;
  schema_key = g_settings_schema_get_key (schema, key);
  if (!g_variant_type_equal (g_settings_schema_key_get_value_type (schema_key), type))
    return NULL;
  settings = g_settings_new_full (schema, NULL, NULL);
  return g_settings_get_value (settings, key);
}

static void
add_gnome_evidence (GString    *evidence,
                    const char *schema_id,
                    const char *key,
                    GVariant   *value)
{
  if (value)
    {
      g_autofree char *text = g_variant_print (value, FALSE);
      g_string_append_printf (evidence, "%s %s: %s\n", schema_id, key, text);
    }
  else
    {
      /* Translators: %s %s are a GSettings schema and key, which stay in English. */
      g_string_append_printf (evidence, _("%s %s: not available"), schema_id, key);
      g_string_append_c (evidence, '\n');
    }
}

static const char *
gnome_remedy (CabinetCheckEnv        *env,
              CabinetScreenLockState  state,
              guint64                 seconds)
{
  gboolean ubuntu = cabinet_check_env_get_distro (env) == CABINET_DISTRO_UBUNTU;

  if (state == CABINET_SCREEN_LOCK_FORBIDDEN)
    return _("A system setting stops this computer from locking its screen. Ask whoever looks after the computer to allow screen locking again, or type this command in a terminal: gsettings set org.gnome.desktop.lockdown disable-lock-screen false");
  /* In time but not on suspend: only Ubuntu lets that be turned off. */
  if (state == CABINET_SCREEN_LOCK_LOCKS && seconds <= CABINET_SCREEN_LOCK_WARN_SECONDS)
    /* Translators: the names are those of Ubuntu's Settings. */
    return _("Open Settings → Privacy → Screen and turn on “Lock Screen on Suspend”.");
  if (ubuntu)
    return _("Open Settings → Privacy → Screen. Turn on “Automatic Screen Lock”, and choose a “Blank Screen Delay” and an “Automatic Screen Lock Delay” that add up to 10 minutes or less.");
  return _("Open Settings → Privacy → Screen Lock. Turn on “Automatic Screen Lock”, and choose a “Blank Screen Delay” and an “Automatic Screen Lock Delay” that add up to 10 minutes or less.");
}

/* NULL when GNOME's settings are not installed. */
static CabinetCheckResult *
check_gnome (CabinetCheckEnv *env)
{
  g_autoptr(GVariant) lock_enabled = NULL;
  g_autoptr(GVariant) lock_delay = NULL;
  g_autoptr(GVariant) idle_delay = NULL;
  g_autoptr(GVariant) disable_lock_screen = NULL;
  g_autoptr(GVariant) lock_on_suspend = NULL;
  g_autoptr(GString) evidence = g_string_new (NULL);
  g_autofree char *summary = NULL;
  CabinetScreenLockState state;
  CabinetCheckStatus status;
  gboolean lock_on_resume = TRUE;
  guint64 seconds;

  lock_enabled = read_gnome_key ("org.gnome.desktop.screensaver", "lock-enabled", G_VARIANT_TYPE_BOOLEAN);
  lock_delay = read_gnome_key ("org.gnome.desktop.screensaver", "lock-delay", G_VARIANT_TYPE_UINT32);
  idle_delay = read_gnome_key ("org.gnome.desktop.session", "idle-delay", G_VARIANT_TYPE_UINT32);
  if (lock_enabled == NULL || lock_delay == NULL || idle_delay == NULL)
    return NULL;
  /* Optional: the lockdown schema may be missing, and only Ubuntu has the key on
   * locking at suspend (GNOME always locks then). */
  disable_lock_screen = read_gnome_key ("org.gnome.desktop.lockdown", "disable-lock-screen", G_VARIANT_TYPE_BOOLEAN);
  lock_on_suspend = read_gnome_key ("org.gnome.desktop.screensaver", "ubuntu-lock-on-suspend", G_VARIANT_TYPE_BOOLEAN);

  if (cabinet_check_env_get_desktop (env) != CABINET_DESKTOP_GNOME)
    g_string_append_printf (evidence, "%s\n", _("The desktop is neither GNOME nor KDE Plasma; GNOME’s settings were read."));
  add_gnome_evidence (evidence, "org.gnome.desktop.screensaver", "lock-enabled", lock_enabled);
  add_gnome_evidence (evidence, "org.gnome.desktop.screensaver", "lock-delay", lock_delay);
  add_gnome_evidence (evidence, "org.gnome.desktop.session", "idle-delay", idle_delay);
  add_gnome_evidence (evidence, "org.gnome.desktop.lockdown", "disable-lock-screen", disable_lock_screen);
  if (lock_on_suspend)
    {
      add_gnome_evidence (evidence, "org.gnome.desktop.screensaver", "ubuntu-lock-on-suspend", lock_on_suspend);
      lock_on_resume = g_variant_get_boolean (lock_on_suspend);
    }

  state = cabinet_screen_lock_from_gnome (g_variant_get_boolean (lock_enabled),
                                          g_variant_get_uint32 (lock_delay),
                                          g_variant_get_uint32 (idle_delay),
                                          disable_lock_screen && g_variant_get_boolean (disable_lock_screen),
                                          &seconds);
  status = cabinet_screen_lock_status (state, seconds, lock_on_resume);
  summary = summary_for (state, seconds, lock_on_resume);
  trim_last_newline (evidence);
  return cabinet_check_result_new (status, summary, evidence->str,
                                   status == CABINET_CHECK_PASS ? NULL : gnome_remedy (env, state, seconds));
}

/* KDE Plasma -------------------------------------------------------------- */

static void
add_kde_evidence (GString    *evidence,
                  const char *key,
                  const char *value,
                  gboolean    set)
{
  if (set)
    g_string_append_printf (evidence, "[Daemon] %s: %s\n", key, value);
  else
    {
      /* Translators: %s %s are a setting and its value, which stay in English. */
      g_string_append_printf (evidence, _("[Daemon] %s: %s (not set; Plasma’s default)"), key, value);
      g_string_append_c (evidence, '\n');
    }
}

static CabinetCheckResult *
check_kde (CabinetCheckEnv *env)
{
  g_autofree char *path = g_build_filename (cabinet_check_env_get_config_dir (env), "kscreenlockerrc", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *timeout = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) evidence = g_string_new (NULL);
  CabinetKdeScreenLock config;
  CabinetScreenLockState state;
  CabinetCheckStatus status;
  const char *remedy = NULL;
  gsize length = 0;
  guint64 seconds;

  /* The user's own configuration, not under the system root. */
  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          /* Translators: %s is a file name, then the reason it could not be read. */
          g_autofree char *line = g_strdup_printf (_("%s: could not be read (%s)"), path, error->message);
          return unknown_result (line);
        }
      /* Plasma writes the file only once a setting differs from its default. */
      g_string_append_printf (evidence,
                              /* Translators: %s is a file name. */
                              _("%s: not found; Plasma’s defaults apply"), path);
      g_string_append_c (evidence, '\n');
      cabinet_kde_screen_lock_init (&config);
    }
  else if (length > CABINET_CHECK_MAX_FILE_SIZE
           || !cabinet_kde_screen_lock_parse (contents, length, &config, NULL))
    {
      /* Not GKeyFile's message: it quotes the offending line, which may be anything. */
      g_autofree char *line = NULL;

      /* Translators: %s is a file name. */
      line = g_strdup_printf (_("%s: could not be read (it is not a valid settings file)"), path);
      return unknown_result (line);
    }
  else
    g_string_append_printf (evidence, "%s\n", path);

  timeout = g_strdup_printf ("%u", config.timeout_minutes);
  add_kde_evidence (evidence, "Autolock", config.autolock ? "true" : "false", config.autolock_set);
  add_kde_evidence (evidence, "Timeout", timeout, config.timeout_set);
  add_kde_evidence (evidence, "LockOnResume", config.lock_on_resume ? "true" : "false", config.lock_on_resume_set);

  state = cabinet_screen_lock_from_kde (config.autolock, config.timeout_minutes, &seconds);
  status = cabinet_screen_lock_status (state, seconds, config.lock_on_resume);
  summary = summary_for (state, seconds, config.lock_on_resume);
  if (status != CABINET_CHECK_PASS)
    {
      if (state == CABINET_SCREEN_LOCK_LOCKS && seconds <= CABINET_SCREEN_LOCK_WARN_SECONDS)
        remedy = _("Open System Settings → Screen Locking and turn on locking after waking from sleep.");
      else
        remedy = _("Open System Settings → Screen Locking. Turn on “Lock screen automatically” and set it to 10 minutes or less.");
    }
  trim_last_newline (evidence);
  return cabinet_check_result_new (status, summary, evidence->str, remedy);
}

CabinetCheckResult *
cabinet_check_screen_lock (CabinetCheckEnv *env,
                           GCancellable    *cancellable)
{
  CabinetDesktop desktop;
  CabinetCheckResult *result;

  g_return_val_if_fail (env != NULL, NULL);

  desktop = cabinet_check_env_get_desktop (env);
  if (desktop == CABINET_DESKTOP_KDE)
    return check_kde (env);
  /* GNOME's settings are installed almost everywhere, but on XFCE or MATE they
   * are unused defaults: reading them would report a lock that does not exist.
   * Only with no desktop named (a terminal over SSH) are they the best guess. */
  if (desktop == CABINET_DESKTOP_OTHER && cabinet_check_env_get_desktop_name (env) != NULL)
    {
      g_autofree char *evidence = g_strdup_printf ("XDG_CURRENT_DESKTOP: %s", cabinet_check_env_get_desktop_name (env));
      return cabinet_check_result_new (CABINET_CHECK_UNKNOWN,
                                       _("Cabinet cannot read this desktop’s screen lock settings; check that the screen locks after a few minutes."),
                                       evidence,
                                       _("Open your desktop’s settings, find the screen saver or screen lock, and make it lock the screen after 10 minutes or less without use."));
    }

  result = check_gnome (env);
  if (result)
    return result;
  if (desktop == CABINET_DESKTOP_GNOME)
    return unknown_result (_("GNOME’s screen lock settings (org.gnome.desktop.screensaver, org.gnome.desktop.session) are not installed."));
  return unknown_result (_("The desktop is neither GNOME nor KDE Plasma, and GNOME’s settings are not installed."));
}
