/* test-check-session.c — the screen-lock, auto-login and hardware-age checks,
 * against in-memory GNOME settings and fake system roots
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cabinet-check.h"
#include "cabinet-check-session.h"
#include "cabinet-test-utils.h"

/* The folder of the build's compiled schemas, as meson hands it to the test. */
static char *build_schema_dir;

typedef struct {
  char            *root;     /* the fake system root */
  char            *config;   /* the fake $XDG_CONFIG_HOME */
  CabinetCheckEnv *env;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *home = NULL;

  fixture->root = cabinet_test_make_dir ();
  home = g_build_filename (fixture->root, "home", NULL);
  fixture->config = g_build_filename (home, ".config", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture->config, 0700), ==, 0);

  fixture->env = cabinet_check_env_new (NULL, NULL);
  cabinet_check_env_set_sysroot (fixture->env, fixture->root);
  cabinet_check_env_set_home (fixture->env, home, fixture->config);
  cabinet_check_env_set_desktop (fixture->env, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->env, cabinet_check_env_unref);
  cabinet_test_remove_dir (fixture->root);
  g_free (fixture->root);
  g_free (fixture->config);
}

/* Writes @contents to @path under the fake root, making its folders. */
static void
write_file_len (Fixture    *fixture,
                const char *path,
                const char *contents,
                gssize      length)
{
  cabinet_test_write_file (fixture->root, path, contents, length);
}

static void
write_file (Fixture    *fixture,
            const char *path,
            const char *contents)
{
  write_file_len (fixture, path, contents, -1);
}

static void
write_kscreenlockerrc (Fixture    *fixture,
                       const char *contents)
{
  g_autofree char *path = g_build_filename (fixture->config, "kscreenlockerrc", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
assert_result (CabinetCheckResult *result,
               CabinetCheckStatus  status,
               const char         *in_summary)
{
  g_auto(GStrv) lines = g_strsplit (result->evidence, "\n", -1);

  /* Whatever the checks read, what they say must be displayable. */
  g_assert_true (g_utf8_validate (result->summary, -1, NULL));
  g_assert_true (g_utf8_validate (result->evidence, -1, NULL));
  g_assert_true (result->remedy == NULL || g_utf8_validate (result->remedy, -1, NULL));
  g_test_message ("%s: %s", cabinet_check_status_to_string (result->status), result->summary);
  for (guint i = 0; lines[i]; i++)
    g_test_message ("  evidence: %s", lines[i]);
  g_test_message ("  remedy: %s", result->remedy ? result->remedy : "(none)");
  g_assert_cmpstr (cabinet_check_status_to_string (result->status), ==,
                   cabinet_check_status_to_string (status));
  g_assert_nonnull (result->summary);
  g_assert_cmpstr (result->summary, !=, "");
  if (in_summary)
    g_assert_nonnull (strstr (result->summary, in_summary));
  /* Whatever needs doing says how; a pass leaves the therapist alone. */
  if (status == CABINET_CHECK_PASS)
    g_assert_null (result->remedy);
  else
    g_assert_nonnull (result->remedy);
}

/* Screen lock: the decision --------------------------------------------------- */

static void
test_screen_lock_decision (void)
{
  guint64 seconds = 1;

  g_assert_cmpint (cabinet_screen_lock_from_gnome (TRUE, 0, 300, FALSE, &seconds), ==, CABINET_SCREEN_LOCK_LOCKS);
  g_assert_cmpuint (seconds, ==, 300);
  g_assert_cmpint (cabinet_screen_lock_from_gnome (TRUE, 30, 300, FALSE, &seconds), ==, CABINET_SCREEN_LOCK_LOCKS);
  g_assert_cmpuint (seconds, ==, 330);
  g_assert_cmpint (cabinet_screen_lock_from_gnome (TRUE, G_MAXUINT32, G_MAXUINT32, FALSE, &seconds), ==, CABINET_SCREEN_LOCK_LOCKS);
  g_assert_cmpuint (seconds, ==, 2 * (guint64) G_MAXUINT32);
  g_assert_cmpint (cabinet_screen_lock_from_gnome (FALSE, 0, 300, FALSE, &seconds), ==, CABINET_SCREEN_LOCK_DISABLED);
  g_assert_cmpint (cabinet_screen_lock_from_gnome (TRUE, 0, 0, FALSE, &seconds), ==, CABINET_SCREEN_LOCK_NEVER_IDLE);
  g_assert_cmpint (cabinet_screen_lock_from_gnome (TRUE, 0, 300, TRUE, &seconds), ==, CABINET_SCREEN_LOCK_FORBIDDEN);

  g_assert_cmpint (cabinet_screen_lock_from_kde (TRUE, 5, &seconds), ==, CABINET_SCREEN_LOCK_LOCKS);
  g_assert_cmpuint (seconds, ==, 300);
  g_assert_cmpint (cabinet_screen_lock_from_kde (FALSE, 5, &seconds), ==, CABINET_SCREEN_LOCK_DISABLED);
  g_assert_cmpint (cabinet_screen_lock_from_kde (TRUE, 0, &seconds), ==, CABINET_SCREEN_LOCK_DISABLED);

  g_assert_cmpint (cabinet_screen_lock_status (CABINET_SCREEN_LOCK_LOCKS, 600, TRUE), ==, CABINET_CHECK_PASS);
  g_assert_cmpint (cabinet_screen_lock_status (CABINET_SCREEN_LOCK_LOCKS, 601, TRUE), ==, CABINET_CHECK_WARN);
  g_assert_cmpint (cabinet_screen_lock_status (CABINET_SCREEN_LOCK_LOCKS, 300, FALSE), ==, CABINET_CHECK_WARN);
  g_assert_cmpint (cabinet_screen_lock_status (CABINET_SCREEN_LOCK_DISABLED, 0, TRUE), ==, CABINET_CHECK_FAIL);
  g_assert_cmpint (cabinet_screen_lock_status (CABINET_SCREEN_LOCK_NEVER_IDLE, 0, TRUE), ==, CABINET_CHECK_FAIL);
  g_assert_cmpint (cabinet_screen_lock_status (CABINET_SCREEN_LOCK_FORBIDDEN, 0, TRUE), ==, CABINET_CHECK_FAIL);
}

/* Screen lock: GNOME, through the in-memory GSettings backend ---------------- */

static gboolean
have_gnome_schemas (void)
{
  static const char *ids[] = {
    "org.gnome.desktop.screensaver", "org.gnome.desktop.session", "org.gnome.desktop.lockdown",
  };
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, ids[i], TRUE) : NULL;
      if (schema == NULL)
        return FALSE;
    }
  return TRUE;
}

/* The memory backend is shared by the whole process: every key is set each time. */
static void
set_gnome (gboolean lock_enabled,
           guint    lock_delay,
           guint    idle_delay,
           gboolean disable_lock_screen)
{
  g_autoptr(GSettings) screensaver = g_settings_new ("org.gnome.desktop.screensaver");
  g_autoptr(GSettings) session = g_settings_new ("org.gnome.desktop.session");
  g_autoptr(GSettings) lockdown = g_settings_new ("org.gnome.desktop.lockdown");

  g_assert_true (g_settings_set_boolean (screensaver, "lock-enabled", lock_enabled));
  g_assert_true (g_settings_set_uint (screensaver, "lock-delay", lock_delay));
  g_assert_true (g_settings_set_uint (session, "idle-delay", idle_delay));
  g_assert_true (g_settings_set_boolean (lockdown, "disable-lock-screen", disable_lock_screen));
}

static void
run_gnome (Fixture            *fixture,
           const char         *desktop,
           CabinetCheckStatus  status,
           const char         *in_summary)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  cabinet_check_env_set_desktop (fixture->env, desktop);
  result = cabinet_check_screen_lock (fixture->env, NULL);
  assert_result (result, status, in_summary);
  g_assert_nonnull (strstr (result->evidence, "org.gnome.desktop.screensaver lock-enabled: "));
  g_assert_nonnull (strstr (result->evidence, "org.gnome.desktop.screensaver lock-delay: "));
  g_assert_nonnull (strstr (result->evidence, "org.gnome.desktop.session idle-delay: "));
  g_assert_nonnull (strstr (result->evidence, "org.gnome.desktop.lockdown disable-lock-screen: "));
}

static void
test_screen_lock_gnome (Fixture       *fixture,
                        gconstpointer  data)
{
  if (!have_gnome_schemas ())
    {
      g_test_skip ("GNOME's desktop schemas (gsettings-desktop-schemas) are not installed");
      return;
    }

  set_gnome (TRUE, 0, 300, FALSE);
  run_gnome (fixture, "GNOME", CABINET_CHECK_PASS, "The screen locks after 5 minutes without use.");
  run_gnome (fixture, "ubuntu:GNOME", CABINET_CHECK_PASS, "5 minutes");

  set_gnome (TRUE, 30, 300, FALSE);
  run_gnome (fixture, "GNOME", CABINET_CHECK_PASS, "5 minutes and 30 seconds");

  set_gnome (FALSE, 0, 300, FALSE);
  run_gnome (fixture, "GNOME", CABINET_CHECK_FAIL, "never locks");

  set_gnome (TRUE, 0, 0, FALSE);
  run_gnome (fixture, "GNOME", CABINET_CHECK_FAIL, "never locks");

  set_gnome (TRUE, 0, 900, FALSE);
  run_gnome (fixture, "GNOME", CABINET_CHECK_WARN, "15 minutes");

  /* Ten minutes in all is still fine; a second more is not. */
  set_gnome (TRUE, 300, 300, FALSE);
  run_gnome (fixture, "GNOME", CABINET_CHECK_PASS, "10 minutes");
  set_gnome (TRUE, 301, 300, FALSE);
  run_gnome (fixture, "GNOME", CABINET_CHECK_WARN, "10 minutes and 1 second");

  set_gnome (TRUE, 3600, 1800, FALSE);
  run_gnome (fixture, "GNOME", CABINET_CHECK_WARN, "1 hour and 30 minutes");

  set_gnome (TRUE, 0, 300, TRUE);
  run_gnome (fixture, "GNOME", CABINET_CHECK_FAIL, "never locks");

  /* Another desktop, with GNOME's settings installed: those are read. */
  set_gnome (TRUE, 0, 300, FALSE);
  run_gnome (fixture, NULL, CABINET_CHECK_PASS, "5 minutes");
  /* A desktop that does not use GNOME's settings: their defaults prove nothing. */
  {
    g_autoptr(CabinetCheckResult) xfce = NULL;

    cabinet_check_env_set_desktop (fixture->env, "XFCE");
    xfce = cabinet_check_screen_lock (fixture->env, NULL);
    assert_result (xfce, CABINET_CHECK_UNKNOWN, "cannot read this desktop");
    g_assert_nonnull (strstr (xfce->evidence, "XFCE"));
  }

  set_gnome (TRUE, 0, 300, FALSE);
}

/* Without GNOME's schemas and without a desktop named, nothing can be read. The
 * schema list is loaded once per process, so this runs in a child that hides them
 * before any GSettings use. */
static void
test_screen_lock_unknown (Fixture       *fixture,
                          gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autofree char *empty = g_build_filename (fixture->root, "empty", NULL);
      g_autoptr(CabinetCheckResult) result = NULL;
      g_autoptr(CabinetCheckResult) gnome = NULL;
      g_autoptr(CabinetCheckResult) xfce = NULL;

      g_assert_cmpint (g_mkdir (empty, 0700), ==, 0);
      g_setenv ("XDG_DATA_DIRS", empty, TRUE);
      g_setenv ("XDG_DATA_HOME", empty, TRUE);
      g_setenv ("GSETTINGS_SCHEMA_DIR", build_schema_dir ? build_schema_dir : empty, TRUE);
      g_assert_false (have_gnome_schemas ());

      result = cabinet_check_screen_lock (fixture->env, NULL);
      assert_result (result, CABINET_CHECK_UNKNOWN,
                     "Cabinet cannot read this desktop’s screen lock settings; check that the screen locks after a few minutes.");

      cabinet_check_env_set_desktop (fixture->env, "XFCE");
      xfce = cabinet_check_screen_lock (fixture->env, NULL);
      assert_result (xfce, CABINET_CHECK_UNKNOWN, NULL);

      cabinet_check_env_set_desktop (fixture->env, "GNOME");
      gnome = cabinet_check_screen_lock (fixture->env, NULL);
      assert_result (gnome, CABINET_CHECK_UNKNOWN, NULL);
      g_assert_nonnull (strstr (gnome->evidence, "not installed"));
      return;
    }

  g_test_trap_subprocess (NULL, 0, 0);
  g_test_trap_assert_passed ();
}

/* Screen lock: KDE Plasma ----------------------------------------------------- */

static void
run_kde (Fixture            *fixture,
         const char         *kscreenlockerrc,
         CabinetCheckStatus  status,
         const char         *in_summary)
{
  g_autoptr(CabinetCheckResult) result = NULL;
  g_autofree char *escaped = kscreenlockerrc ? g_strescape (kscreenlockerrc, NULL) : NULL;

  g_test_message ("kscreenlockerrc: %s", escaped ? escaped : "(none)");
  if (kscreenlockerrc)
    write_kscreenlockerrc (fixture, kscreenlockerrc);
  cabinet_check_env_set_desktop (fixture->env, "KDE");
  result = cabinet_check_screen_lock (fixture->env, NULL);
  assert_result (result, status, in_summary);
  if (status != CABINET_CHECK_UNKNOWN)
    {
      g_assert_nonnull (strstr (result->evidence, "Autolock: "));
      g_assert_nonnull (strstr (result->evidence, "Timeout: "));
      g_assert_nonnull (strstr (result->evidence, "LockOnResume: "));
    }
  if (status != CABINET_CHECK_PASS && status != CABINET_CHECK_UNKNOWN)
    g_assert_nonnull (strstr (result->remedy, "System Settings"));
}

static void
test_screen_lock_kde (Fixture       *fixture,
                      gconstpointer  data)
{
  /* A fresh Plasma has no file, or an empty one: its defaults lock after 5 minutes. */
  run_kde (fixture, NULL, CABINET_CHECK_PASS, "The screen locks after 5 minutes without use.");
  run_kde (fixture, "", CABINET_CHECK_PASS, "5 minutes");
  run_kde (fixture, "[Daemon]\n", CABINET_CHECK_PASS, "5 minutes");

  /* Plasma 6 writes its booleans as true and false. */
  run_kde (fixture, "[Daemon]\nAutolock=false\n", CABINET_CHECK_FAIL, "never locks");
  run_kde (fixture, "[Daemon]\nAutolock=False\nTimeout=5\n", CABINET_CHECK_FAIL, "never locks");
  run_kde (fixture, "[Daemon]\nAutolock=true\nLockOnResume=true\nTimeout=3\n", CABINET_CHECK_PASS, "3 minutes");
  run_kde (fixture, "[Daemon]\nTimeout=30\n", CABINET_CHECK_WARN, "30 minutes");
  run_kde (fixture, "[Daemon]\nTimeout=10\n", CABINET_CHECK_PASS, "10 minutes");
  run_kde (fixture, "[Daemon]\nTimeout=0\n", CABINET_CHECK_FAIL, "never locks");
  run_kde (fixture, "[Daemon]\nTimeout=-1\n", CABINET_CHECK_FAIL, "never locks");
  run_kde (fixture, "[Daemon]\nLockOnResume=false\n", CABINET_CHECK_WARN, "wakes from sleep");
  /* What KConfig would not understand leaves its default. */
  run_kde (fixture, "[Daemon]\nTimeout=often\nAutolock=maybe\n", CABINET_CHECK_PASS, "5 minutes");
  /* The same keys in another group are not the screen locker's. */
  run_kde (fixture, "[$Version]\nupdate_info=kscreenlocker.upd:0.1-autolock\n\n[Other]\nAutolock=false\n",
           CABINET_CHECK_PASS, "5 minutes");
  run_kde (fixture, "\x01\xff garbage\nno group here\n", CABINET_CHECK_UNKNOWN, NULL);
}

static void
test_screen_lock_kde_parse (void)
{
  CabinetKdeScreenLock config;
  g_autoptr(GError) error = NULL;
  const char *text = "[Daemon]\nAutolock = true \nTimeout=15\nLockOnResume=off\n";

  g_assert_true (cabinet_kde_screen_lock_parse (text, strlen (text), &config, &error));
  g_assert_no_error (error);
  g_assert_true (config.autolock && config.autolock_set);
  g_assert_cmpuint (config.timeout_minutes, ==, 15);
  g_assert_true (config.timeout_set);
  g_assert_false (config.lock_on_resume);
  g_assert_true (config.lock_on_resume_set);

  g_assert_true (cabinet_kde_screen_lock_parse (NULL, 0, &config, &error));
  g_assert_true (config.autolock && !config.autolock_set);
  g_assert_cmpuint (config.timeout_minutes, ==, 5);
  g_assert_true (config.lock_on_resume && !config.lock_on_resume_set);

  g_assert_false (cabinet_kde_screen_lock_parse ("junk", 4, &config, &error));
  g_assert_nonnull (error);
  g_assert_true (config.autolock && config.timeout_minutes == 5);
}

/* Hardware age ---------------------------------------------------------------- */

static GDateTime *
fixed_now (void)
{
  return g_date_time_new_utc (2025, 6, 15, 12, 0, 0);
}

static void
set_dmi (Fixture    *fixture,
         const char *vendor,
         const char *product,
         const char *bios_date)
{
  g_autofree char *vendor_line = g_strconcat (vendor, "\n", NULL);
  g_autofree char *product_line = g_strconcat (product, "\n", NULL);
  g_autofree char *date_line = g_strconcat (bios_date, "\n", NULL);
  g_autoptr(GDateTime) now = fixed_now ();

  write_file (fixture, "/sys/class/dmi/id/sys_vendor", vendor_line);
  write_file (fixture, "/sys/class/dmi/id/product_name", product_line);
  write_file (fixture, "/sys/class/dmi/id/bios_date", date_line);
  cabinet_check_env_set_now (fixture->env, now);
}

static void
run_hardware_age (Fixture            *fixture,
                  CabinetCheckStatus  status,
                  const char         *in_summary)
{
  g_autoptr(CabinetCheckResult) result = cabinet_check_hardware_age (fixture->env, NULL);

  assert_result (result, status, in_summary);
}

static void
test_hardware_age_firmware (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  set_dmi (fixture, "LENOVO", "21CB0068FR", "06/01/2024");
  run_hardware_age (fixture, CABINET_CHECK_PASS, "This computer is about 1 year old");

  /* About 2.7 years. */
  set_dmi (fixture, "LENOVO", "21CB0068FR", "10/01/2022");
  run_hardware_age (fixture, CABINET_CHECK_WARN, "2 years and 8 months");

  set_dmi (fixture, "Dell Inc.", "Latitude 7490", "06/01/2020");
  run_hardware_age (fixture, CABINET_CHECK_FAIL, "about 5 years old");

  /* The evidence names the files read and warns about firmware updates. */
  result = cabinet_check_hardware_age (fixture->env, NULL);
  g_assert_nonnull (strstr (result->evidence, "/sys/class/dmi/id/bios_date: 06/01/2020"));
  g_assert_nonnull (strstr (result->evidence, "/sys/class/dmi/id/sys_vendor: Dell Inc."));
  g_assert_nonnull (strstr (result->evidence, "firmware update"));
  g_assert_nonnull (strstr (result->evidence, "Preferences"));
  g_assert_nonnull (strstr (result->remedy, "purchase date"));

  set_dmi (fixture, "LENOVO", "21CB0068FR", "06/01/2025");
  run_hardware_age (fixture, CABINET_CHECK_PASS, "less than a month old");

  /* Future, unparsable. */
  set_dmi (fixture, "LENOVO", "21CB0068FR", "01/01/2030");
  run_hardware_age (fixture, CABINET_CHECK_UNKNOWN, "enter its purchase date in Preferences");
  set_dmi (fixture, "LENOVO", "21CB0068FR", "To be filled by O.E.M.");
  run_hardware_age (fixture, CABINET_CHECK_UNKNOWN, "enter its purchase date in Preferences");
}

static void
test_hardware_age_missing (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GDateTime) now = fixed_now ();

  /* Machines without DMI, such as many ARM boards. */
  cabinet_check_env_set_now (fixture->env, now);
  run_hardware_age (fixture, CABINET_CHECK_UNKNOWN,
                    "Cabinet cannot tell how old this computer is; enter its purchase date in Preferences.");
}

static void
test_hardware_age_virtual (Fixture       *fixture,
                           gconstpointer  data)
{
  set_dmi (fixture, "QEMU", "Standard PC (Q35 + ICH9, 2009)", "04/01/2024");
  run_hardware_age (fixture, CABINET_CHECK_UNKNOWN, "Cabinet cannot tell how old this computer is");
  set_dmi (fixture, "innotek GmbH", "VirtualBox", "12/01/2006");
  run_hardware_age (fixture, CABINET_CHECK_UNKNOWN, NULL);
  set_dmi (fixture, "Microsoft Corporation", "Virtual Machine", "12/07/2023");
  run_hardware_age (fixture, CABINET_CHECK_UNKNOWN, NULL);

  g_assert_true (cabinet_hardware_age_is_virtual ("VMware, Inc.", "VMware7,1"));
  g_assert_true (cabinet_hardware_age_is_virtual ("Xen", "HVM domU"));
  g_assert_true (cabinet_hardware_age_is_virtual ("Parallels Software International Inc.", "Parallels Virtual Platform"));
  g_assert_true (cabinet_hardware_age_is_virtual ("Red Hat", "KVM"));
  g_assert_true (cabinet_hardware_age_is_virtual ("Bochs", "Bochs"));
  /* Microsoft's own computers are real. */
  g_assert_false (cabinet_hardware_age_is_virtual ("Microsoft Corporation", "Surface Laptop 4"));
  g_assert_false (cabinet_hardware_age_is_virtual ("LENOVO", "21CB0068FR"));
  g_assert_false (cabinet_hardware_age_is_virtual (NULL, NULL));
}

static void
test_hardware_age_purchase_date (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GDate) old = g_date_new_dmy (10, G_DATE_JANUARY, 2020);
  g_autoptr(GDate) recent = g_date_new_dmy (1, G_DATE_MARCH, 2025);
  g_autoptr(GDate) future = g_date_new_dmy (1, G_DATE_MARCH, 2026);
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(CabinetCheckResult) result = NULL;
  g_autoptr(CabinetCheckResult) from_vm = NULL;
  g_autoptr(CabinetCheckResult) wrong = NULL;

  /* A new firmware on an old computer: the purchase date tells the truth. */
  set_dmi (fixture, "LENOVO", "21CB0068FR", "06/01/2024");
  g_clear_pointer (&fixture->env, cabinet_check_env_unref);
  fixture->env = cabinet_check_env_new (NULL, old);
  cabinet_check_env_set_sysroot (fixture->env, fixture->root);
  cabinet_check_env_set_now (fixture->env, now);
  result = cabinet_check_hardware_age (fixture->env, NULL);
  assert_result (result, CABINET_CHECK_FAIL, "about 5 years and 5 months old");
  g_assert_nonnull (strstr (result->evidence, "2020-01-10"));
  g_assert_null (strstr (result->evidence, "firmware update"));

  /* And it answers for a virtual machine too: the computer under it was bought. */
  set_dmi (fixture, "QEMU", "Standard PC (i440FX + PIIX, 1996)", "04/01/2014");
  g_clear_pointer (&fixture->env, cabinet_check_env_unref);
  fixture->env = cabinet_check_env_new (NULL, recent);
  cabinet_check_env_set_sysroot (fixture->env, fixture->root);
  cabinet_check_env_set_now (fixture->env, now);
  from_vm = cabinet_check_hardware_age (fixture->env, NULL);
  assert_result (from_vm, CABINET_CHECK_PASS, "about 3 months old");

  g_clear_pointer (&fixture->env, cabinet_check_env_unref);
  fixture->env = cabinet_check_env_new (NULL, future);
  cabinet_check_env_set_sysroot (fixture->env, fixture->root);
  cabinet_check_env_set_now (fixture->env, now);
  wrong = cabinet_check_hardware_age (fixture->env, NULL);
  assert_result (wrong, CABINET_CHECK_UNKNOWN, "in the future");
}

static void
test_hardware_age_parse (void)
{
  struct { const char *text; int day, month, year; } good[] = {
    { "03/15/2022", 15, 3, 2022 }, { "3/5/2022", 5, 3, 2022 }, { " 12/31/2019\n", 31, 12, 2019 },
    { "03/15/22", 15, 3, 2022 }, { "07/21/98", 21, 7, 1998 }, { "02/29/2024", 29, 2, 2024 },
  };
  const char *bad[] = {
    "", "/", "//", "2022-03-15", "15.03.2022", "13/01/2022", "00/10/2022", "02/30/2023",
    "02/29/2023", "03/15/2022/1", "03/15", "+3/15/2022", "03/15/ 2022", "03/15/202",
    "03/15/20222", "99999999999999999999/1/2022", "To be filled by O.E.M.", "03/15/0000",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GDate) date = cabinet_hardware_age_parse_bios_date (good[i].text);

      g_test_message ("parsing “%s”", good[i].text);
      g_assert_nonnull (date);
      g_assert_cmpint (g_date_get_day (date), ==, good[i].day);
      g_assert_cmpint (g_date_get_month (date), ==, good[i].month);
      g_assert_cmpint (g_date_get_year (date), ==, good[i].year);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GDate) date = cabinet_hardware_age_parse_bios_date (bad[i]);

      g_test_message ("parsing “%s”", bad[i]);
      g_assert_null (date);
    }
  g_assert_null (cabinet_hardware_age_parse_bios_date (NULL));
}

static void
test_hardware_age_boundaries (void)
{
  g_autoptr(GDate) today = g_date_new_dmy (15, G_DATE_JUNE, 2025);
  struct { int day, month, year, months; CabinetCheckStatus status; } cases[] = {
    { 15, 6, 2025, 0, CABINET_CHECK_PASS },
    { 16, 5, 2025, 0, CABINET_CHECK_PASS },
    { 15, 5, 2025, 1, CABINET_CHECK_PASS },
    { 16, 12, 2022, 29, CABINET_CHECK_PASS },
    { 15, 12, 2022, 30, CABINET_CHECK_WARN },
    { 16, 6, 2022, 35, CABINET_CHECK_WARN },
    { 15, 6, 2022, 36, CABINET_CHECK_FAIL },
    { 31, 1, 2025, 4, CABINET_CHECK_PASS },
    { 16, 6, 2025, -1, CABINET_CHECK_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDate) since = g_date_new_dmy (cases[i].day, cases[i].month, cases[i].year);
      int months = cabinet_hardware_age_months (since, today);

      g_assert_cmpint (months, ==, cases[i].months);
      g_assert_cmpint (cabinet_hardware_age_status (months), ==, cases[i].status);
    }
}

/* Automatic login ------------------------------------------------------------- */

static CabinetCheckResult *
run_auto_login (Fixture            *fixture,
                CabinetCheckStatus  status,
                const char         *in_summary)
{
  CabinetCheckResult *result = cabinet_check_auto_login (fixture->env, NULL);

  assert_result (result, status, in_summary);
  return result;
}

static void
test_auto_login_none (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) empty = NULL;
  g_autoptr(CabinetCheckResult) off = NULL;

  empty = run_auto_login (fixture, CABINET_CHECK_PASS, "Automatic login is off");

  /* Debian's and Fedora's files as installed: the examples are commented out. */
  write_file (fixture, "/etc/gdm3/daemon.conf",
              "# GDM configuration storage\n[daemon]\n# AutomaticLoginEnable = true\n# AutomaticLogin = user1\n\n"
              "[security]\n\n[xdmcp]\n\n[chooser]\n\n[debug]\n# Enable=true\n");
  write_file (fixture, "/etc/sddm.conf", "[Autologin]\nRelogin=false\nSession=\nUser=\n\n[General]\nHaltCommand=\n");
  write_file (fixture, "/etc/lightdm/lightdm.conf", "[LightDM]\n\n[Seat:*]\n#autologin-user=\n#autologin-guest=false\n");
  off = run_auto_login (fixture, CABINET_CHECK_PASS, NULL);
  g_assert_nonnull (strstr (off->evidence, "/etc/gdm3/daemon.conf"));
  g_assert_nonnull (strstr (off->evidence, "/etc/sddm.conf"));
  g_assert_nonnull (strstr (off->evidence, "/etc/lightdm/lightdm.conf"));
}

static void
test_auto_login_gdm (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) on = NULL;
  g_autoptr(CabinetCheckResult) off = NULL;
  g_autoptr(CabinetCheckResult) no_user = NULL;
  g_autoptr(CabinetCheckResult) fedora = NULL;
  g_autoptr(CabinetCheckResult) timed = NULL;

  write_file (fixture, "/etc/gdm3/custom.conf",
              "# GDM configuration storage\n\n[daemon]\nAutomaticLoginEnable=True\nAutomaticLogin=anna\n");
  on = run_auto_login (fixture, CABINET_CHECK_FAIL, "GDM");
  g_assert_nonnull (strstr (on->summary, "anna"));
  g_assert_nonnull (strstr (on->remedy, "Settings → Users"));
  g_assert_nonnull (strstr (on->remedy, "/etc/gdm3/custom.conf"));
  g_assert_nonnull (strstr (on->evidence, "/etc/gdm3/custom.conf: [daemon] AutomaticLoginEnable=True AutomaticLogin=anna"));

  write_file (fixture, "/etc/gdm3/custom.conf", "[daemon]\nAutomaticLoginEnable=false\nAutomaticLogin=anna\n");
  off = run_auto_login (fixture, CABINET_CHECK_PASS, NULL);

  /* Switched on for nobody: GDM shows the login screen. */
  write_file (fixture, "/etc/gdm3/custom.conf", "[daemon]\nAutomaticLoginEnable=true\nAutomaticLogin=\n");
  no_user = run_auto_login (fixture, CABINET_CHECK_PASS, NULL);

  write_file (fixture, "/etc/gdm/custom.conf", "[daemon]\nAutomaticLoginEnable = 1\nAutomaticLogin = bruno\n");
  fedora = run_auto_login (fixture, CABINET_CHECK_FAIL, "bruno");
  g_assert_nonnull (strstr (fedora->remedy, "/etc/gdm/custom.conf"));
  write_file (fixture, "/etc/gdm/custom.conf", "[daemon]\n");

  write_file (fixture, "/etc/gdm3/custom.conf", "[daemon]\nTimedLoginEnable=TRUE\nTimedLogin=carla\nTimedLoginDelay=10\n");
  timed = run_auto_login (fixture, CABINET_CHECK_FAIL, "carla");
  g_assert_nonnull (strstr (timed->summary, "Timed login"));
}

static void
test_auto_login_sddm (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) on = NULL;
  g_autoptr(CabinetCheckResult) overridden = NULL;
  g_autoptr(CabinetCheckResult) main_file = NULL;

  write_file (fixture, "/usr/lib/sddm/sddm.conf.d/default.conf", "[Autologin]\nRelogin=false\nSession=\nUser=\n");
  write_file (fixture, "/etc/sddm.conf.d/kde_settings.conf", "[Autologin]\nRelogin=false\nSession=plasma\nUser=anna\n");
  on = run_auto_login (fixture, CABINET_CHECK_FAIL, "SDDM");
  g_assert_nonnull (strstr (on->summary, "anna"));
  g_assert_nonnull (strstr (on->remedy, "Login Screen (SDDM)"));
  g_assert_nonnull (strstr (on->remedy, "/etc/sddm.conf.d/kde_settings.conf"));

  /* Drop-ins are read by name, and a later one empties the user. */
  write_file (fixture, "/etc/sddm.conf.d/zz-no-autologin.conf", "[Autologin]\nUser=\n");
  overridden = run_auto_login (fixture, CABINET_CHECK_PASS, NULL);

  /* /etc/sddm.conf comes last of all. */
  write_file (fixture, "/etc/sddm.conf", "[Autologin]\nUser=david\n");
  main_file = run_auto_login (fixture, CABINET_CHECK_FAIL, "david");
  g_assert_nonnull (strstr (main_file->remedy, "/etc/sddm.conf"));
}

static void
test_auto_login_lightdm (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) on = NULL;
  g_autoptr(CabinetCheckResult) overridden = NULL;
  g_autoptr(CabinetCheckResult) old_name = NULL;
  g_autoptr(CabinetCheckResult) one_seat = NULL;
  g_autoptr(CabinetCheckResult) guest = NULL;

  write_file (fixture, "/etc/lightdm/lightdm.conf.d/50-autologin.conf", "[Seat:*]\nautologin-user=dana\nautologin-user-timeout=0\n");
  on = run_auto_login (fixture, CABINET_CHECK_FAIL, "LightDM");
  g_assert_nonnull (strstr (on->summary, "dana"));
  g_assert_nonnull (strstr (on->remedy, "/etc/lightdm/lightdm.conf.d/50-autologin.conf"));

  write_file (fixture, "/etc/lightdm/lightdm.conf", "[Seat:*]\nautologin-user=\n");
  overridden = run_auto_login (fixture, CABINET_CHECK_PASS, NULL);

  write_file (fixture, "/etc/lightdm/lightdm.conf", "[SeatDefaults]\nautologin-user=eli\n");
  old_name = run_auto_login (fixture, CABINET_CHECK_FAIL, "eli");

  write_file (fixture, "/etc/lightdm/lightdm.conf", "[Seat:*]\nautologin-user=\n\n[Seat:seat0]\nautologin-user=fanny\n");
  one_seat = run_auto_login (fixture, CABINET_CHECK_FAIL, "fanny");

  write_file (fixture, "/etc/lightdm/lightdm.conf", "[Seat:*]\nautologin-user=\nautologin-guest=true\n");
  guest = run_auto_login (fixture, CABINET_CHECK_FAIL, "guest session");
}

static void
test_auto_login_garbage (Fixture       *fixture,
                         gconstpointer  data)
{
  static const char junk[] = "\x00\xff\xfe[[[daemon\n=====\nAutomaticLoginEnable\n[da\xc3\x28mon]\n\x7f\x01";
  g_autoptr(CabinetCheckResult) unreadable = NULL;
  g_autoptr(CabinetCheckResult) still_found = NULL;
  g_autofree char *long_line = g_strnfill (100000, 'x');
  g_autofree char *directory = g_build_filename (fixture->root, "etc/sddm.conf.d/folder.conf", NULL);

  write_file_len (fixture, "/etc/gdm3/custom.conf", junk, sizeof junk - 1);
  write_file_len (fixture, "/etc/gdm/custom.conf", junk, 3);
  write_file (fixture, "/etc/sddm.conf", long_line);
  write_file (fixture, "/etc/sddm.conf.d/10.conf", "[Autologin\nUser=anna\n");
  write_file_len (fixture, "/etc/lightdm/lightdm.conf", "[Seat:*]\nautologin-user=\0gina\n", 30);
  write_file (fixture, "/etc/lightdm/lightdm.conf.d/10.conf", "[Seat:*]\nautologin-user");
  g_assert_cmpint (g_mkdir_with_parents (directory, 0755), ==, 0);

  /* The display managers cannot make sense of these either, but Cabinet cannot be
   * sure, so it says it does not know. */
  unreadable = run_auto_login (fixture, CABINET_CHECK_UNKNOWN, "check that automatic login is off");
  g_assert_nonnull (strstr (unreadable->evidence, "/etc/gdm3/custom.conf: could not be read"));

  /* Found somewhere else, it fails whatever the unreadable files say. */
  write_file (fixture, "/etc/sddm.conf.d/20.conf", "[Autologin]\nUser=hugo\n");
  still_found = run_auto_login (fixture, CABINET_CHECK_FAIL, "hugo");
}

/* Random and mangled input, as the fuzzers will send: nothing may crash or leak. */
static void
test_parsers_random (void)
{
  static const char *seeds[] = {
    "[daemon]\nAutomaticLoginEnable=true\nAutomaticLogin=anna\nTimedLoginEnable=1\nTimedLogin=b\n",
    "[Autologin]\nUser=anna\nSession=plasma\n",
    "[SeatDefaults]\nautologin-user=x\n[Seat:*]\nautologin-guest=true\n[Seat:seat1]\nautologin-user=y\n",
    "[Daemon]\nAutolock=false\nTimeout=30\nLockOnResume=true\n",
    "03/15/2022",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20250615);

  for (guint i = 0; i < 3000; i++)
    {
      const char *seed = seeds[i % G_N_ELEMENTS (seeds)];
      gsize length = strlen (seed);
      g_autofree char *data = g_malloc (length + 1);
      g_autofree char *text = NULL;
      g_autoptr(GDate) date = NULL;
      CabinetKdeScreenLock kde;

      /* Half mutated seeds, half pure noise. */
      if (i % 2)
        {
          memcpy (data, seed, length + 1);
          for (guint j = g_rand_int_range (rand, 1, 6); j > 0; j--)
            data[g_rand_int_range (rand, 0, (gint32) length)] = (char) g_rand_int_range (rand, 0, 256);
        }
      else
        {
          length = g_rand_int_range (rand, 0, (gint32) length + 1);
          for (gsize j = 0; j < length; j++)
            data[j] = (char) g_rand_int_range (rand, 0, 256);
          data[length] = '\0';
        }

      for (CabinetDisplayManager manager = CABINET_DISPLAY_MANAGER_GDM; manager <= CABINET_DISPLAY_MANAGER_LIGHTDM; manager++)
        {
          CabinetAutoLogin config;

          cabinet_auto_login_parse (manager, data, length, &config, NULL);
          cabinet_auto_login_clear (&config);
        }
      cabinet_kde_screen_lock_parse (data, length, &kde, NULL);
      text = g_strndup (data, length);
      date = cabinet_hardware_age_parse_bios_date (text);
    }
}

int
main (int argc, char *argv[])
{
  const char *schema_dir = g_getenv ("GSETTINGS_SCHEMA_DIR");
  g_autofree char *schema_path = NULL;

  /* GNOME's own schemas beside the build's, before anything uses GSettings. */
  if (schema_dir && *schema_dir)
    {
      g_auto(GStrv) dirs = g_strsplit (schema_dir, G_SEARCHPATH_SEPARATOR_S, 2);

      build_schema_dir = g_strdup (dirs[0]);
      schema_path = g_strjoin (G_SEARCHPATH_SEPARATOR_S, build_schema_dir, "/usr/share/glib-2.0/schemas", NULL);
      g_setenv ("GSETTINGS_SCHEMA_DIR", schema_path, TRUE);
    }
  else
    g_setenv ("GSETTINGS_SCHEMA_DIR", "/usr/share/glib-2.0/schemas", TRUE);
  /* Never the user's own desktop settings. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/check-session/screen-lock/decision", test_screen_lock_decision);
  g_test_add ("/check-session/screen-lock/gnome", Fixture, NULL, fixture_set_up, test_screen_lock_gnome, fixture_tear_down);
  g_test_add ("/check-session/screen-lock/unknown", Fixture, NULL, fixture_set_up, test_screen_lock_unknown, fixture_tear_down);
  g_test_add ("/check-session/screen-lock/kde", Fixture, NULL, fixture_set_up, test_screen_lock_kde, fixture_tear_down);
  g_test_add_func ("/check-session/screen-lock/kde-parse", test_screen_lock_kde_parse);

  g_test_add ("/check-session/hardware-age/firmware", Fixture, NULL, fixture_set_up, test_hardware_age_firmware, fixture_tear_down);
  g_test_add ("/check-session/hardware-age/missing", Fixture, NULL, fixture_set_up, test_hardware_age_missing, fixture_tear_down);
  g_test_add ("/check-session/hardware-age/virtual", Fixture, NULL, fixture_set_up, test_hardware_age_virtual, fixture_tear_down);
  g_test_add ("/check-session/hardware-age/purchase-date", Fixture, NULL, fixture_set_up, test_hardware_age_purchase_date, fixture_tear_down);
  g_test_add_func ("/check-session/hardware-age/parse", test_hardware_age_parse);
  g_test_add_func ("/check-session/hardware-age/boundaries", test_hardware_age_boundaries);

  g_test_add ("/check-session/auto-login/none", Fixture, NULL, fixture_set_up, test_auto_login_none, fixture_tear_down);
  g_test_add ("/check-session/auto-login/gdm", Fixture, NULL, fixture_set_up, test_auto_login_gdm, fixture_tear_down);
  g_test_add ("/check-session/auto-login/sddm", Fixture, NULL, fixture_set_up, test_auto_login_sddm, fixture_tear_down);
  g_test_add ("/check-session/auto-login/lightdm", Fixture, NULL, fixture_set_up, test_auto_login_lightdm, fixture_tear_down);
  g_test_add ("/check-session/auto-login/garbage", Fixture, NULL, fixture_set_up, test_auto_login_garbage, fixture_tear_down);

  g_test_add_func ("/check-session/parsers/random", test_parsers_random);

  return g_test_run ();
}
