/* test-check-updates.c — the system updates and automatic updates checks, against a
 * mock PackageKit on a private bus and fake system roots
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <utime.h>

#include "cabinet-check.h"
#include "cabinet-check-updates.h"
#include "cabinet-test-utils.h"

#define PK_NAME          "org.freedesktop.PackageKit"
#define PK_PATH          "/org/freedesktop/PackageKit"
#define PK_INTERFACE     "org.freedesktop.PackageKit"
#define PK_TRANSACTION   "org.freedesktop.PackageKit.Transaction"
#define TRANSACTION_PATH "/42_cabinet"

#define INFO_NORMAL    5
#define INFO_BUGFIX    6
#define INFO_IMPORTANT 7
#define INFO_SECURITY  8
#define EXIT_SUCCESS_  1
#define EXIT_FAILED    2

#define DAY (24 * 3600)

/* Whether glib-compile-schemas could give this process an org.gnome.software. */
static gboolean have_gnome_software_schema;

/* Files. */

static void
write_file (const char *root,
            const char *relative,
            const char *contents)
{
  cabinet_test_write_file (root, relative, contents, -1);
}

/* A system root with an os-release naming @distro_id, or none when NULL. */
static char *
make_sysroot (const char *distro_id)
{
  char *root = cabinet_test_make_dir ();

  if (distro_id)
    {
      g_autofree char *os_release = g_strdup_printf ("NAME=\"Test\"\nID=%s\n", distro_id);
      write_file (root, "etc/os-release", os_release);
    }
  return root;
}

static CabinetCheckEnv *
make_env (const char *root,
          guint       timeout_ms)
{
  CabinetCheckEnv *env = cabinet_check_env_new (NULL, NULL);

  cabinet_check_env_set_sysroot (env, root);
  cabinet_check_env_set_desktop (env, "GNOME");
  cabinet_check_env_set_timeout (env, timeout_ms);
  return env;
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (haystack == NULL || strstr (haystack, needle) == NULL)
    g_error ("“%s” does not contain “%s”", haystack ? haystack : "(null)", needle);
}

/* Running a check in a worker thread, as the application does, while this thread
 * serves the mock. */

typedef struct
{
  CabinetCheckEnv    *env;
  GCancellable       *cancellable;
  CabinetCheckResult *result;
  gboolean            done;
} Run;

static void
run_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Run *run = task_data;

  g_task_return_pointer (task, cabinet_check_os_updates (run->env, run->cancellable),
                         (GDestroyNotify) cabinet_check_result_free);
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;

  run->result = g_task_propagate_pointer (G_TASK (result), NULL);
  run->done = TRUE;
}

static gboolean
run_is_done (gpointer data)
{
  return ((Run *) data)->done;
}

static CabinetCheckResult *
run_os_updates (CabinetCheckEnv *env,
                GCancellable    *cancellable)
{
  Run run = { env, cancellable, NULL, FALSE };
  GTask *task = g_task_new (NULL, NULL, run_done_cb, &run);

  g_task_set_task_data (task, &run, NULL);
  g_task_run_in_thread (task, run_thread);
  g_object_unref (task);
  cabinet_test_wait_for (run_is_done, &run, 30000);
  g_assert_nonnull (run.result);
  return run.result;
}

/* A mock PackageKit daemon. */

static const char mock_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.PackageKit'>"
  "    <method name='CreateTransaction'>"
  "      <arg type='o' name='object_path' direction='out'/>"
  "    </method>"
  "    <method name='GetTimeSinceAction'>"
  "      <arg type='u' name='role' direction='in'/>"
  "      <arg type='u' name='seconds' direction='out'/>"
  "    </method>"
  "  </interface>"
  "  <interface name='org.freedesktop.PackageKit.Transaction'>"
  "    <method name='SetHints'>"
  "      <arg type='as' name='hints' direction='in'/>"
  "    </method>"
  "    <method name='GetUpdates'>"
  "      <arg type='t' name='filter' direction='in'/>"
  "    </method>"
  "    <method name='RefreshCache'>"
  "      <arg type='b' name='force' direction='in'/>"
  "    </method>"
  "    <signal name='Package'>"
  "      <arg type='u' name='info'/>"
  "      <arg type='s' name='package_id'/>"
  "      <arg type='s' name='summary'/>"
  "    </signal>"
  "    <signal name='ErrorCode'>"
  "      <arg type='u' name='code'/>"
  "      <arg type='s' name='details'/>"
  "    </signal>"
  "    <signal name='Finished'>"
  "      <arg type='u' name='exit'/>"
  "      <arg type='u' name='runtime'/>"
  "    </signal>"
  "  </interface>"
  "</node>";

typedef struct
{
  guint32     info;
  const char *package_id;
} MockPackage;

typedef struct
{
  GTestDBus         *bus;
  GDBusConnection   *connection;
  GDBusNodeInfo     *node;
  guint              daemon_id;
  guint              transaction_id;
  GPtrArray         *pending;        /* invocations left unanswered */

  /* What it answers. */
  gboolean           own_name;
  gboolean           hang;           /* never answers CreateTransaction */
  gboolean           never_finish;   /* answers GetUpdates, never sends Finished */
  const MockPackage *packages;
  guint              n_packages;
  guint32            exit_code;
  const char        *error_details;
  guint32            since_refresh;

  /* What it was asked. */
  gboolean           asked_updates;
  guint64            filter;
  guint32            role;
  gboolean           refreshed;
  char             **hints;
} MockPk;

static void
mock_method_call (GDBusConnection       *connection,
                  const char            *sender,
                  const char            *object_path,
                  const char            *interface_name,
                  const char            *method_name,
                  GVariant              *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer               user_data)
{
  MockPk *mock = user_data;

  if (g_str_equal (method_name, "CreateTransaction"))
    {
      /* The invocation is ours (transfer full): the array keeps it. */
      if (mock->hang)
        g_ptr_array_add (mock->pending, invocation);
      else
        g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", TRANSACTION_PATH));
    }
  else if (g_str_equal (method_name, "GetTimeSinceAction"))
    {
      g_variant_get (parameters, "(u)", &mock->role);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", mock->since_refresh));
    }
  else if (g_str_equal (method_name, "SetHints"))
    {
      g_strfreev (mock->hints);
      g_variant_get (parameters, "(^as)", &mock->hints);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method_name, "RefreshCache"))
    {
      mock->refreshed = TRUE;
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method_name, "GetUpdates"))
    {
      mock->asked_updates = TRUE;
      g_variant_get (parameters, "(t)", &mock->filter);
      /* As the daemon does: the reply first, then the results as signals. */
      g_dbus_method_invocation_return_value (invocation, NULL);
      if (mock->never_finish)
        return;
      for (guint i = 0; i < mock->n_packages; i++)
        g_dbus_connection_emit_signal (connection, NULL, TRANSACTION_PATH, PK_TRANSACTION, "Package",
                                       g_variant_new ("(uss)", mock->packages[i].info,
                                                      mock->packages[i].package_id, "A summary"),
                                       NULL);
      if (mock->error_details)
        g_dbus_connection_emit_signal (connection, NULL, TRANSACTION_PATH, PK_TRANSACTION, "ErrorCode",
                                       g_variant_new ("(us)", 18, mock->error_details), NULL);
      g_dbus_connection_emit_signal (connection, NULL, TRANSACTION_PATH, PK_TRANSACTION, "Finished",
                                     g_variant_new ("(uu)", mock->exit_code, 12), NULL);
    }
  else
    g_dbus_method_invocation_return_dbus_error (invocation, "org.freedesktop.DBus.Error.UnknownMethod", method_name);
}

static const GDBusInterfaceVTable mock_vtable = { mock_method_call, NULL, NULL, { 0 } };

static MockPk *
mock_new (void)
{
  MockPk *mock = g_new0 (MockPk, 1);

  mock->own_name = TRUE;
  mock->exit_code = EXIT_SUCCESS_;
  mock->since_refresh = 3 * 3600;
  mock->pending = g_ptr_array_new_with_free_func (g_object_unref);
  return mock;
}

/* The bus, and the daemon on it unless @mock->own_name is FALSE. */
static void
mock_start (MockPk *mock)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  guint32 request;

  mock->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (mock->bus);
  /* The check reads the system bus from here, as on a real system. */
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", g_test_dbus_get_bus_address (mock->bus), TRUE);
  if (!mock->own_name)
    return;

  mock->connection = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (mock->bus),
                                                             G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                                                             | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                             NULL, NULL, &error);
  g_assert_no_error (error);
  mock->node = g_dbus_node_info_new_for_xml (mock_xml, &error);
  g_assert_no_error (error);
  mock->daemon_id = g_dbus_connection_register_object (mock->connection, PK_PATH,
                                                       g_dbus_node_info_lookup_interface (mock->node, PK_INTERFACE),
                                                       &mock_vtable, mock, NULL, &error);
  g_assert_no_error (error);
  mock->transaction_id = g_dbus_connection_register_object (mock->connection, TRANSACTION_PATH,
                                                            g_dbus_node_info_lookup_interface (mock->node, PK_TRANSACTION),
                                                            &mock_vtable, mock, NULL, &error);
  g_assert_no_error (error);

  reply = g_dbus_connection_call_sync (mock->connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", PK_NAME, 4 /* DO_NOT_QUEUE */),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &request);
  g_assert_cmpuint (request, ==, 1 /* PRIMARY_OWNER */);
}

static void
mock_free (MockPk *mock)
{
  /* Answer what was left hanging, so that nothing waits on a dead caller. */
  for (guint i = 0; i < mock->pending->len; i++)
    g_dbus_method_invocation_return_dbus_error (g_object_ref (g_ptr_array_index (mock->pending, i)),
                                                "org.freedesktop.DBus.Error.Failed", "test over");
  g_ptr_array_unref (mock->pending);
  if (mock->connection)
    {
      g_dbus_connection_unregister_object (mock->connection, mock->daemon_id);
      g_dbus_connection_unregister_object (mock->connection, mock->transaction_id);
      g_dbus_connection_close_sync (mock->connection, NULL, NULL);
      g_object_unref (mock->connection);
    }
  g_clear_pointer (&mock->node, g_dbus_node_info_unref);
  if (mock->bus)
    {
      g_test_dbus_down (mock->bus);
      g_object_unref (mock->bus);
    }
  g_unsetenv ("DBUS_SYSTEM_BUS_ADDRESS");
  g_strfreev (mock->hints);
  g_free (mock);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MockPk, mock_free)

/* Runs the check against @mock on a system root with no distribution. */
static CabinetCheckResult *
run_against (MockPk *mock,
             guint   timeout_ms)
{
  g_autofree char *root = make_sysroot (NULL);
  g_autoptr(CabinetCheckEnv) env = make_env (root, timeout_ms);
  CabinetCheckResult *result;

  mock_start (mock);
  result = run_os_updates (env, NULL);
  cabinet_test_remove_dir (root);
  return result;
}

/* os-updates through PackageKit. */

static void
test_pk_up_to_date (void)
{
  g_autoptr(MockPk) mock = mock_new ();
  g_autoptr(CabinetCheckResult) result = NULL;

  mock->since_refresh = 3 * 3600 + 120;
  result = run_against (mock, 10000);

  g_assert_cmpint (result->status, ==, CABINET_CHECK_PASS);
  g_assert_cmpstr (result->summary, ==, "Your system is up to date (checked 3 hours ago)");
  assert_contains (result->evidence, "PackageKit");
  assert_contains (result->evidence, "Pending updates: 0, including 0 security updates");
  g_assert_null (result->remedy);

  /* Cached data only, asked the way the daemon expects. */
  g_assert_true (mock->asked_updates);
  g_assert_cmpuint (mock->filter, ==, CABINET_PK_FILTER_NONE);
  g_assert_cmpuint (mock->filter, ==, 2);
  g_assert_cmpuint (mock->role, ==, CABINET_PK_ROLE_REFRESH_CACHE);
  g_assert_false (mock->refreshed);
  g_assert_nonnull (mock->hints);
  g_assert_true (g_strv_contains ((const char *const *) mock->hints, "interactive=false"));
  g_assert_true (g_strv_contains ((const char *const *) mock->hints, "cache-age=4294967295"));
}

static void
test_pk_normal_updates (void)
{
  static const MockPackage packages[] = {
    { INFO_NORMAL, "firefox-esr;115.9.0esr-1~deb12u1;amd64;debian" },
    { INFO_BUGFIX, "tzdata;2024a-0+deb12u1;all;debian" },
  };
  g_autoptr(MockPk) mock = mock_new ();
  g_autoptr(CabinetCheckResult) result = NULL;

  mock->packages = packages;
  mock->n_packages = G_N_ELEMENTS (packages);
  result = run_against (mock, 10000);

  g_assert_cmpint (result->status, ==, CABINET_CHECK_WARN);
  g_assert_cmpstr (result->summary, ==, "2 updates are waiting to be installed");
  assert_contains (result->evidence, "Pending updates: 2, including 0 security updates");
  assert_contains (result->evidence, "Packages: firefox-esr, tzdata");
  assert_contains (result->evidence, "3 hours ago");
  assert_contains (result->remedy, "Software");
  assert_contains (result->remedy, "Updates");
}

static void
test_pk_security_updates (void)
{
  static const MockPackage packages[] = {
    { INFO_NORMAL, "tzdata;2024a-0+deb12u1;all;debian" },
    { INFO_SECURITY, "libssl3;3.0.11-1~deb12u2;amd64;debian-security" },
    /* PackageKit 1.2.4+: the severity (here important) in the upper 16 bits. */
    { INFO_SECURITY | (INFO_IMPORTANT << 16), "openssh-client;1:9.2p1-2+deb12u2;amd64;debian-security" },
    { INFO_IMPORTANT, "base-files;12.4+deb12u5;amd64;debian" },
  };
  g_autoptr(MockPk) mock = mock_new ();
  g_autoptr(CabinetCheckResult) result = NULL;

  mock->packages = packages;
  mock->n_packages = G_N_ELEMENTS (packages);
  result = run_against (mock, 10000);

  g_assert_cmpint (result->status, ==, CABINET_CHECK_FAIL);
  g_assert_cmpstr (result->summary, ==, "2 security updates are waiting to be installed");
  assert_contains (result->evidence, "Pending updates: 4, including 2 security updates");
  /* Security updates come first. */
  assert_contains (result->evidence, "Packages: libssl3, openssh-client, tzdata, base-files");
  g_assert_nonnull (result->remedy);
}

static void
test_pk_stale_cache (void)
{
  g_autoptr(MockPk) mock = mock_new ();
  g_autoptr(CabinetCheckResult) result = NULL;

  mock->since_refresh = 10 * DAY + 3600;
  result = run_against (mock, 10000);

  g_assert_cmpint (result->status, ==, CABINET_CHECK_WARN);
  assert_contains (result->summary, "10 days ago");
  assert_contains (result->evidence, "10 days ago");
  g_assert_nonnull (result->remedy);
}

static void
test_pk_never_refreshed (void)
{
  g_autoptr(MockPk) mock = mock_new ();
  g_autoptr(CabinetCheckResult) result = NULL;

  mock->since_refresh = G_MAXUINT32;
  result = run_against (mock, 10000);

  g_assert_cmpint (result->status, ==, CABINET_CHECK_WARN);
  assert_contains (result->summary, "never been downloaded");
  assert_contains (result->evidence, "last downloaded: never");
}

static void
test_pk_transaction_fails (void)
{
  g_autoptr(MockPk) mock = mock_new ();
  g_autoptr(CabinetCheckResult) result = NULL;

  mock->exit_code = EXIT_FAILED;
  mock->error_details = "Cache is not available";
  result = run_against (mock, 10000);

  /* No distribution to fall back on. */
  g_assert_cmpint (result->status, ==, CABINET_CHECK_UNKNOWN);
  assert_contains (result->summary, "could not list");
  assert_contains (result->evidence, "Cache is not available");
}

static void
assert_timed_out (MockPk *mock)
{
  g_autoptr(CabinetCheckResult) result = NULL;
  /* This check gets several times the usual timeout (apt is slow). */
  guint budget = 300 * CABINET_CHECK_OS_UPDATES_TIMEOUT_FACTOR;
  g_autofree char *waited = g_strdup_printf ("%u ms", budget);
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed_ms;

  result = run_against (mock, 300);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;

  g_assert_cmpint (result->status, ==, CABINET_CHECK_UNKNOWN);
  assert_contains (result->summary, "did not answer in time");
  assert_contains (result->evidence, waited);
  /* The bus is started within that time too; the margin is for slow machines. */
  g_assert_cmpint (elapsed_ms, <, budget + 2000);
}

static void
test_pk_hangs (void)
{
  g_autoptr(MockPk) mock = mock_new ();

  mock->hang = TRUE;
  assert_timed_out (mock);
  g_assert_cmpuint (mock->pending->len, ==, 1);
}

static void
test_pk_never_finishes (void)
{
  g_autoptr(MockPk) mock = mock_new ();

  mock->never_finish = TRUE;
  assert_timed_out (mock);
  g_assert_true (mock->asked_updates);
}

static void
test_cancelled (void)
{
  g_autoptr(MockPk) mock = mock_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *root = make_sysroot (NULL);
  g_autoptr(CabinetCheckEnv) env = make_env (root, 10000);
  g_autoptr(CabinetCheckResult) result = NULL;

  mock->hang = TRUE;
  mock_start (mock);
  g_cancellable_cancel (cancellable);
  result = run_os_updates (env, cancellable);

  g_assert_cmpint (result->status, ==, CABINET_CHECK_UNKNOWN);
  cabinet_test_remove_dir (root);
}

/* Sets the modification time of @relative under @root. */
static void
set_mtime (const char *root,
           const char *relative,
           gint64      unix_time)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  struct utimbuf times = { (time_t) unix_time, (time_t) unix_time };

  g_assert_cmpint (g_utime (path, &times), ==, 0);
}

static void
test_pk_apt_lists_fresher (void)
{
  g_autoptr(MockPk) mock = mock_new ();
  g_autofree char *root = make_sysroot ("debian");
  g_autoptr(CabinetCheckEnv) env = make_env (root, 10000);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2024, 3, 1, 12, 0, 0);
  g_autoptr(CabinetCheckResult) result = NULL;
  gint64 now_unix = g_date_time_to_unix (now);

  /* PackageKit last refreshed ten days ago, but someone ran `apt update` two hours
   * ago; apt's lock file does not count. */
  mock->since_refresh = 10 * DAY;
  write_file (root, "var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease", "x");
  set_mtime (root, "var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease", now_unix - 2 * 3600);
  write_file (root, "var/lib/apt/lists/lock", "");
  set_mtime (root, "var/lib/apt/lists/lock", now_unix);
  cabinet_check_env_set_now (env, now);
  mock_start (mock);
  result = run_os_updates (env, NULL);

  g_assert_cmpint (result->status, ==, CABINET_CHECK_PASS);
  g_assert_cmpstr (result->summary, ==, "Your system is up to date (checked 2 hours ago)");
  assert_contains (result->evidence, "estimated from the files in /var/lib/apt/lists");
  cabinet_test_remove_dir (root);
}

/* os-updates without PackageKit. */

static void
test_no_packagekit_debian (void)
{
  g_autoptr(MockPk) mock = mock_new ();
  g_autofree char *root = make_sysroot ("debian");
  g_autoptr(CabinetCheckEnv) env = make_env (root, 10000);
  g_autoptr(CabinetCheckResult) result = NULL;

  /* A bus without PackageKit, and a root without a package database: apt-get has
   * nothing to simulate with, so the answer does not depend on apt-get. */
  mock->own_name = FALSE;
  mock_start (mock);
  result = run_os_updates (env, NULL);

  g_assert_cmpint (result->status, ==, CABINET_CHECK_UNKNOWN);
  assert_contains (result->evidence, "PackageKit: not available");
  assert_contains (result->evidence, "/var/lib/dpkg/status: not found");
  assert_contains (result->remedy, "sudo apt update && sudo apt upgrade");
  cabinet_test_remove_dir (root);
}

static void
test_no_system_bus_fedora (void)
{
  g_autofree char *root = make_sysroot ("fedora");
  g_autofree char *address = g_strdup_printf ("unix:path=%s/no-such-socket", root);
  g_autoptr(CabinetCheckEnv) env = make_env (root, 10000);
  g_autoptr(CabinetCheckResult) result = NULL;

  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", address, TRUE);
  result = run_os_updates (env, NULL);
  g_unsetenv ("DBUS_SYSTEM_BUS_ADDRESS");

  g_assert_cmpint (result->status, ==, CABINET_CHECK_UNKNOWN);
  assert_contains (result->summary, "PackageKit is not available");
  assert_contains (result->evidence, "PackageKit: not available");
  assert_contains (result->remedy, "sudo dnf upgrade --refresh");
  cabinet_test_remove_dir (root);
}

/* The pure parts. */

/* Captured from `LC_ALL=C apt-get -s upgrade` on Debian 12, shortened. */
static const char apt_output[] =
  "Reading package lists...\n"
  "Building dependency tree...\n"
  "Reading state information...\n"
  "Calculating upgrade...\n"
  "The following NEW packages will be installed:\n"
  "  linux-image-6.1.0-18-amd64\n"
  "The following packages will be upgraded:\n"
  "  base-files bash libgcrypt20 liblzma5 linux-image-amd64 ubuntu-ish\n"
  "6 upgraded, 1 newly installed, 0 to remove and 0 not upgraded.\n"
  "Inst base-files [12.4+deb12u11] (12.4+deb12u15 Debian:12.15/oldstable [amd64])\n"
  "Inst bash [5.2.15-2+b8] (5.2.15-2+b13 Debian:12.15/oldstable [amd64])\n"
  "Inst libgcrypt20 [1.10.1-3] (1.10.1-3+deb12u1 Debian:12.15/oldstable, Debian-Security:12/oldstable-security [amd64])\n"
  "Inst liblzma5 [5.4.1-1] (5.4.1-1+deb12u2 Debian-Security:12/stable-security [amd64]) []\n"
  "Inst linux-image-6.1.0-18-amd64 (6.1.76-1 Debian-Security:12/stable-security [amd64])\n"
  "Inst linux-image-amd64 [6.1.69-1] (6.1.76-1 Debian-Security:12/stable-security [amd64])\n"
  "Inst ubuntu-ish [1.0] (1.1 Ubuntu:22.04/jammy-security [all])\n"
  "Inst not-security-tools [1.0] (1.1 Debian:12.5/stable [all])\n"
  "Conf base-files (12.4+deb12u15 Debian:12.15/oldstable [amd64])\n"
  "Conf bash (5.2.15-2+b13 Debian:12.15/oldstable [amd64])\n";

static void
test_apt_parse (void)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint n_updates = 99;
  guint n_security = 99;

  g_assert_true (cabinet_apt_parse_simulation_names (apt_output, &n_updates, &n_security, names));
  /* The new kernel package is pulled in, not an update of its own. */
  g_assert_cmpuint (n_updates, ==, 7);
  g_assert_cmpuint (n_security, ==, 4);
  g_assert_cmpuint (names->len, ==, 7);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "libgcrypt20");
  g_assert_cmpstr (g_ptr_array_index (names, 1), ==, "liblzma5");
  g_assert_cmpstr (g_ptr_array_index (names, 2), ==, "linux-image-amd64");
  g_assert_cmpstr (g_ptr_array_index (names, 3), ==, "ubuntu-ish");
  g_assert_cmpstr (g_ptr_array_index (names, 4), ==, "base-files");
  g_assert_cmpstr (g_ptr_array_index (names, 6), ==, "not-security-tools");

  g_assert_true (cabinet_apt_parse_simulation (apt_output, NULL, NULL));
}

static void
test_apt_parse_up_to_date (void)
{
  guint n_updates = 99;
  guint n_security = 99;

  g_assert_true (cabinet_apt_parse_simulation ("Reading package lists...\n"
                                               "Building dependency tree...\n"
                                               "Calculating upgrade...\n"
                                               "0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n",
                                               &n_updates, &n_security));
  g_assert_cmpuint (n_updates, ==, 0);
  g_assert_cmpuint (n_security, ==, 0);
}

static void
test_apt_parse_garbage (void)
{
  static const char *const garbage[] = {
    "",
    "E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\n",
    "Inst\nInst \nInst [\nInst (\n(((\n]]]\n",
    "upgraded, newly installed\n12upgraded\n",
    "\xff\xfe\x01Inst \xff [\x80 (\xc3",
    "Inst a [1] (2 Debian-Security:12/stable-security",  /* cut short */
  };
  guint n_updates;
  guint n_security;

  g_assert_false (cabinet_apt_parse_simulation (NULL, &n_updates, &n_security));
  for (guint i = 0; i < 4; i++)
    {
      n_updates = n_security = 99;
      g_assert_false (cabinet_apt_parse_simulation (garbage[i], &n_updates, &n_security));
      g_assert_cmpuint (n_updates, ==, 0);
      g_assert_cmpuint (n_security, ==, 0);
    }
  /* Whatever it makes of these, it must not crash or count a security update that
   * is not one. */
  cabinet_apt_parse_simulation (garbage[4], &n_updates, &n_security);
  g_assert_cmpuint (n_security, ==, 0);
  g_assert_true (cabinet_apt_parse_simulation (garbage[5], &n_updates, &n_security));
  g_assert_cmpuint (n_updates, ==, 1);
  g_assert_cmpuint (n_security, ==, 1);
}

static void
test_packagekit_ids (void)
{
  g_autoptr(CabinetUpdates) updates = cabinet_updates_new ("test");

  cabinet_updates_add_packagekit (updates, INFO_NORMAL, "gimp;2.10;x86_64;fedora");
  cabinet_updates_add_packagekit (updates, INFO_SECURITY, "kernel;6.8;x86_64;updates");
  cabinet_updates_add_packagekit (updates, INFO_SECURITY | (3u << 16), "noname");
  cabinet_updates_add_packagekit (updates, INFO_NORMAL, "");
  cabinet_updates_add_packagekit (updates, INFO_NORMAL, NULL);
  g_assert_cmpuint (updates->n_updates, ==, 5);
  g_assert_cmpuint (updates->n_security, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (updates->names, 0), ==, "kernel");
  g_assert_cmpstr (g_ptr_array_index (updates->names, 1), ==, "noname");
  g_assert_cmpstr (g_ptr_array_index (updates->names, 2), ==, "gimp");
  g_assert_cmpstr (g_ptr_array_index (updates->names, 3), ==, "?");
}

static void
test_updates_to_result (void)
{
  g_autoptr(CabinetUpdates) updates = cabinet_updates_new ("test");
  g_autoptr(CabinetCheckResult) pass = NULL;
  g_autoptr(CabinetCheckResult) warn = NULL;
  g_autoptr(CabinetCheckResult) kde = NULL;
  g_autoptr(CabinetCheckResult) fresh = NULL;

  /* Up to date, but how fresh the list is cannot be told. */
  pass = cabinet_updates_to_result (updates, CABINET_DESKTOP_GNOME, CABINET_DISTRO_DEBIAN);
  g_assert_cmpint (pass->status, ==, CABINET_CHECK_PASS);
  g_assert_cmpstr (pass->summary, ==, "Your system is up to date");
  assert_contains (pass->evidence, "last downloaded: unknown");

  updates->cache_age = 20 * 60;
  fresh = cabinet_updates_to_result (updates, CABINET_DESKTOP_GNOME, CABINET_DISTRO_DEBIAN);
  g_assert_cmpstr (fresh->summary, ==, "Your system is up to date (checked less than an hour ago)");

  /* Exactly seven days is not yet too old. */
  updates->cache_age = CABINET_UPDATES_MAX_CACHE_AGE;
  g_clear_pointer (&fresh, cabinet_check_result_free);
  fresh = cabinet_updates_to_result (updates, CABINET_DESKTOP_GNOME, CABINET_DISTRO_DEBIAN);
  g_assert_cmpint (fresh->status, ==, CABINET_CHECK_PASS);
  assert_contains (fresh->summary, "7 days ago");

  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *name = g_strdup_printf ("package%u", i);
      cabinet_updates_add (updates, name, FALSE);
    }
  warn = cabinet_updates_to_result (updates, CABINET_DESKTOP_GNOME, CABINET_DISTRO_DEBIAN);
  g_assert_cmpint (warn->status, ==, CABINET_CHECK_WARN);
  assert_contains (warn->evidence, "package9, and 2 more");
  g_assert_null (strstr (warn->evidence, "package10"));
  assert_contains (warn->remedy, "Open the Software application");
  assert_contains (warn->remedy, "sudo apt update && sudo apt upgrade");

  kde = cabinet_updates_to_result (updates, CABINET_DESKTOP_KDE, CABINET_DISTRO_FEDORA);
  assert_contains (kde->remedy, "Discover");
  assert_contains (kde->remedy, "sudo dnf upgrade --refresh");
}

/* automatic-updates. */

/* GNOME Software's download-updates, in the memory backend these tests run with. */
static void
set_gnome_software (gboolean on)
{
  g_autoptr(GSettings) settings = NULL;

  if (!have_gnome_software_schema)
    return;
  settings = g_settings_new ("org.gnome.software");
  g_settings_set_boolean (settings, "download-updates", on);
}

static CabinetCheckResult *
run_automatic (const char *root)
{
  g_autoptr(CabinetCheckEnv) env = make_env (root, 10000);

  return cabinet_check_automatic_updates (env, NULL);
}

static const char auto_upgrades_on[] =
  "APT::Periodic::Update-Package-Lists \"1\";\n"
  "APT::Periodic::Unattended-Upgrade \"1\";\n";

static const char auto_upgrades_off[] =
  "APT::Periodic::Update-Package-Lists \"1\";\n"
  "APT::Periodic::Unattended-Upgrade \"0\";\n";

static void
test_auto_debian_on (void)
{
  g_autofree char *root = make_sysroot ("debian");
  g_autoptr(CabinetCheckResult) result = NULL;

  set_gnome_software (FALSE);
  write_file (root, "etc/apt/apt.conf.d/20auto-upgrades", auto_upgrades_on);
  write_file (root, "usr/bin/unattended-upgrade", "#!/usr/bin/python3\n");
  result = run_automatic (root);

  g_assert_cmpint (result->status, ==, CABINET_CHECK_PASS);
  assert_contains (result->summary, "unattended-upgrades");
  assert_contains (result->evidence, "APT::Periodic::Unattended-Upgrade \"1\" (/etc/apt/apt.conf.d/20auto-upgrades)");
  g_assert_null (result->remedy);
  cabinet_test_remove_dir (root);
}

static void
test_auto_debian_off (void)
{
  g_autofree char *root = make_sysroot ("debian");
  g_autoptr(CabinetCheckResult) result = NULL;

  set_gnome_software (FALSE);
  write_file (root, "etc/apt/apt.conf.d/20auto-upgrades", auto_upgrades_off);
  write_file (root, "usr/bin/unattended-upgrade", "#!/usr/bin/python3\n");
  result = run_automatic (root);

  g_assert_cmpint (result->status, ==, CABINET_CHECK_WARN);
  assert_contains (result->evidence, "\"0\"");
  assert_contains (result->remedy, "sudo apt install unattended-upgrades");
  assert_contains (result->remedy, "sudo dpkg-reconfigure -plow unattended-upgrades");
  cabinet_test_remove_dir (root);
}

static void
test_auto_debian_not_installed (void)
{
  g_autofree char *root = make_sysroot ("ubuntu");
  g_autoptr(CabinetCheckResult) result = NULL;

  set_gnome_software (FALSE);
  write_file (root, "etc/apt/apt.conf.d/20auto-upgrades", auto_upgrades_on);
  result = run_automatic (root);

  g_assert_cmpint (result->status, ==, CABINET_CHECK_WARN);
  assert_contains (result->evidence, "/usr/bin/unattended-upgrade: not installed");
  cabinet_test_remove_dir (root);
}

static void
test_auto_debian_order (void)
{
  g_autofree char *root = make_sysroot ("debian");
  g_autoptr(CabinetCheckResult) later_off = NULL;
  g_autoptr(CabinetCheckResult) later_on = NULL;
  g_autoptr(CabinetCheckResult) periodic_off = NULL;

  set_gnome_software (FALSE);
  write_file (root, "usr/bin/unattended-upgrade", "#!/usr/bin/python3\n");

  /* A later file turns it off. */
  write_file (root, "etc/apt/apt.conf.d/20auto-upgrades", auto_upgrades_on);
  write_file (root, "etc/apt/apt.conf.d/99local", "APT::Periodic::Unattended-Upgrade \"0\";\n");
  later_off = run_automatic (root);
  g_assert_cmpint (later_off->status, ==, CABINET_CHECK_WARN);
  assert_contains (later_off->evidence, "(/etc/apt/apt.conf.d/99local)");

  /* A later file, in the nested syntax, turns it on; files apt skips are skipped. */
  write_file (root, "etc/apt/apt.conf.d/20auto-upgrades", auto_upgrades_off);
  write_file (root, "etc/apt/apt.conf.d/99local",
              "// Turned on by hand\n"
              "APT {\n"
              "  Periodic {\n"
              "    /* daily */ Unattended-Upgrade \"1\";\n"
              "  };\n"
              "};\n");
  write_file (root, "etc/apt/apt.conf.d/99local.dpkg-old", "APT::Periodic::Unattended-Upgrade \"0\";\n");
  write_file (root, "etc/apt/apt.conf.d/zz~", "APT::Periodic::Unattended-Upgrade \"0\";\n");
  later_on = run_automatic (root);
  g_assert_cmpint (later_on->status, ==, CABINET_CHECK_PASS);

  /* APT::Periodic::Enable "0" stops apt's daily job altogether. */
  write_file (root, "etc/apt/apt.conf", "APT::Periodic::Enable \"0\";\n");
  periodic_off = run_automatic (root);
  g_assert_cmpint (periodic_off->status, ==, CABINET_CHECK_WARN);
  assert_contains (periodic_off->evidence, "APT::Periodic::Enable \"0\" (/etc/apt/apt.conf)");
  cabinet_test_remove_dir (root);
}

static void
test_auto_fedora (void)
{
  g_autofree char *root = make_sysroot ("fedora");
  g_autoptr(CabinetCheckResult) timer = NULL;
  g_autoptr(CabinetCheckResult) download_only = NULL;
  g_autoptr(CabinetCheckResult) install_timer = NULL;

  set_gnome_software (FALSE);
  write_file (root, "etc/systemd/system/timers.target.wants/dnf-automatic.timer", "[Timer]\n");
  write_file (root, "etc/dnf/automatic.conf",
              "[commands]\n"
              "upgrade_type = security\n"
              "download_updates = yes\n"
              "apply_updates = no\n"
              "\n"
              "[emitters]\n"
              "apply_updates = yes\n");
  download_only = run_automatic (root);
  g_assert_cmpint (download_only->status, ==, CABINET_CHECK_WARN);
  assert_contains (download_only->evidence, "apply_updates = no");
  assert_contains (download_only->remedy, "dnf-automatic-install.timer");

  write_file (root, "etc/dnf/automatic.conf",
              "[commands]\n"
              "# Whether updates should be applied when they are available\n"
              "apply_updates = yes\n");
  timer = run_automatic (root);
  g_assert_cmpint (timer->status, ==, CABINET_CHECK_PASS);
  assert_contains (timer->summary, "dnf-automatic");

  /* The -install timer installs whatever the file says. */
  write_file (root, "etc/dnf/automatic.conf", "[commands]\napply_updates = no\n");
  write_file (root, "etc/systemd/system/timers.target.wants/dnf-automatic-install.timer", "[Timer]\n");
  install_timer = run_automatic (root);
  g_assert_cmpint (install_timer->status, ==, CABINET_CHECK_PASS);
  cabinet_test_remove_dir (root);
}

static void
test_auto_nothing (void)
{
  g_autofree char *root = make_sysroot (NULL);
  g_autoptr(CabinetCheckResult) result = NULL;

  set_gnome_software (FALSE);
  result = run_automatic (root);

  g_assert_cmpint (result->status, ==, CABINET_CHECK_WARN);
  g_assert_nonnull (result->remedy);
  cabinet_test_remove_dir (root);
}

static void
test_auto_gnome_software (void)
{
  g_autofree char *root = make_sysroot (NULL);
  g_autoptr(CabinetCheckResult) on = NULL;
  g_autoptr(CabinetCheckResult) off = NULL;

  if (!have_gnome_software_schema)
    {
      g_test_skip ("glib-compile-schemas is not available");
      cabinet_test_remove_dir (root);
      return;
    }

  set_gnome_software (TRUE);
  on = run_automatic (root);
  g_assert_cmpint (on->status, ==, CABINET_CHECK_PASS);
  assert_contains (on->summary, "GNOME Software");
  assert_contains (on->evidence, "org.gnome.software download-updates: true");

  set_gnome_software (FALSE);
  off = run_automatic (root);
  g_assert_cmpint (off->status, ==, CABINET_CHECK_WARN);
  assert_contains (off->remedy, "Automatic Updates");
  cabinet_test_remove_dir (root);
}

/* The automatic updates parsers. */

static void
test_apt_conf_parse (void)
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  cabinet_apt_conf_parse ("# a comment\n"
                          "APT::Periodic::Update-Package-Lists \"1\";\n"
                          "apt::periodic::UNATTENDED-Upgrade \"1\"; // trailing\n"
                          "/* a\n block */\n"
                          "Unattended-Upgrade::Origins-Pattern {\n"
                          "  \"origin=Debian,codename=${distro_codename},label=Debian-Security\";\n"
                          "  \"origin=Debian\";\n"
                          "};\n"
                          "Unattended-Upgrade { Mail \"root\"; Automatic-Reboot false; };\n"
                          "#clear APT::Update::Post-Invoke;\n"
                          "Dpkg::Options { \"--force-confdef\"; };\n",
                          values);
  g_assert_cmpstr (g_hash_table_lookup (values, "apt::periodic::update-package-lists"), ==, "1");
  g_assert_cmpstr (g_hash_table_lookup (values, "apt::periodic::unattended-upgrade"), ==, "1");
  g_assert_cmpstr (g_hash_table_lookup (values, "unattended-upgrade::mail"), ==, "root");
  g_assert_cmpstr (g_hash_table_lookup (values, "unattended-upgrade::automatic-reboot"), ==, "false");
  g_assert_null (g_hash_table_lookup (values, "unattended-upgrade::origins-pattern"));

  /* A later value overrides. */
  cabinet_apt_conf_parse ("APT { Periodic { Unattended-Upgrade \"0\"; }; };", values);
  g_assert_cmpstr (g_hash_table_lookup (values, "apt::periodic::unattended-upgrade"), ==, "0");

  /* Garbage and things cut short: nothing to crash on. */
  cabinet_apt_conf_parse ("}}}{{{ \"unterminated", values);
  cabinet_apt_conf_parse ("/* unterminated", values);
  cabinet_apt_conf_parse ("A::B \"c", values);
  g_assert_cmpstr (g_hash_table_lookup (values, "a::b"), ==, "c");
  cabinet_apt_conf_parse ("\xff\xfe{\x80;\"", values);
  cabinet_apt_conf_parse ("", values);
  cabinet_apt_conf_parse (NULL, values);
}

static void
test_apt_conf_names (void)
{
  g_assert_true (cabinet_apt_conf_name_is_read ("20auto-upgrades"));
  g_assert_true (cabinet_apt_conf_name_is_read ("50unattended-upgrades"));
  g_assert_true (cabinet_apt_conf_name_is_read ("99local.conf"));
  g_assert_true (cabinet_apt_conf_name_is_read ("01_my-thing"));
  g_assert_false (cabinet_apt_conf_name_is_read ("20auto-upgrades.dpkg-old"));
  g_assert_false (cabinet_apt_conf_name_is_read ("50unattended-upgrades.ucf-dist"));
  g_assert_false (cabinet_apt_conf_name_is_read ("local.bak"));
  g_assert_false (cabinet_apt_conf_name_is_read ("local~"));
  g_assert_false (cabinet_apt_conf_name_is_read ("with space"));
  g_assert_false (cabinet_apt_conf_name_is_read (""));
}

static void
test_apt_periodic (void)
{
  g_assert_true (cabinet_apt_periodic_is_on ("1"));
  g_assert_true (cabinet_apt_periodic_is_on ("7"));
  g_assert_true (cabinet_apt_periodic_is_on (" 1d "));
  g_assert_true (cabinet_apt_periodic_is_on ("always"));
  g_assert_false (cabinet_apt_periodic_is_on ("0"));
  g_assert_false (cabinet_apt_periodic_is_on ("0d"));
  g_assert_false (cabinet_apt_periodic_is_on (""));
  g_assert_false (cabinet_apt_periodic_is_on ("yes"));
  g_assert_false (cabinet_apt_periodic_is_on (NULL));
}

static void
test_ini_lookup (void)
{
  static const char conf[] =
    "[commands]\n"
    "upgrade_type = default\n"
    "Apply_Updates=Yes\n"
    "; a comment\n"
    "[emitters]\n"
    "apply_updates = no\n"
    "garbage line\n"
    "[\n";
  g_autofree char *apply = cabinet_ini_lookup (conf, "Commands", "apply_updates");
  g_autofree char *missing = cabinet_ini_lookup (conf, "commands", "download_updates");
  g_autofree char *emitters = cabinet_ini_lookup (conf, "emitters", "apply_updates");

  g_assert_cmpstr (apply, ==, "Yes");
  g_assert_null (missing);
  g_assert_cmpstr (emitters, ==, "no");
  g_assert_true (cabinet_dnf_bool_is_true (apply));
  g_assert_true (cabinet_dnf_bool_is_true ("1"));
  g_assert_true (cabinet_dnf_bool_is_true ("on"));
  g_assert_false (cabinet_dnf_bool_is_true (emitters));
  g_assert_false (cabinet_dnf_bool_is_true (NULL));
  g_assert_null (cabinet_ini_lookup (NULL, "commands", "apply_updates"));
}

/* Gives this process an org.gnome.software schema of its own, and nothing of the
 * machine's: the automatic updates check looks for it on the default source. */
static void
setup_gnome_software_schema (const char *data_dir)
{
  g_autofree char *schemas = g_build_filename (data_dir, "glib-2.0", "schemas", NULL);
  g_autofree char *compiler = g_find_program_in_path ("glib-compile-schemas");
  const char *argv[] = { compiler, schemas, NULL };
  int wait_status = 0;

  write_file (data_dir, "glib-2.0/schemas/org.gnome.software.gschema.xml",
              "<schemalist>\n"
              "  <schema id='org.gnome.software' path='/org/gnome/software/'>\n"
              "    <key name='download-updates' type='b'><default>true</default></key>\n"
              "  </schema>\n"
              "</schemalist>\n");
  if (compiler == NULL
      || !g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                        NULL, NULL, &wait_status, NULL)
      || !g_spawn_check_wait_status (wait_status, NULL))
    return;
  have_gnome_software_schema = TRUE;
}

int
main (int argc, char *argv[])
{
  g_autofree char *data_dir = cabinet_test_make_dir ();
  int status;

  /* Before anything reads them: GSettings never touches the real settings, and
   * sees no schema of the machine's. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("XDG_DATA_DIRS", data_dir, TRUE);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  g_unsetenv ("DBUS_SYSTEM_BUS_ADDRESS");
  setup_gnome_software_schema (data_dir);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/check-updates/packagekit/up-to-date", test_pk_up_to_date);
  g_test_add_func ("/check-updates/packagekit/normal-updates", test_pk_normal_updates);
  g_test_add_func ("/check-updates/packagekit/security-updates", test_pk_security_updates);
  g_test_add_func ("/check-updates/packagekit/stale-cache", test_pk_stale_cache);
  g_test_add_func ("/check-updates/packagekit/never-refreshed", test_pk_never_refreshed);
  g_test_add_func ("/check-updates/packagekit/transaction-fails", test_pk_transaction_fails);
  g_test_add_func ("/check-updates/packagekit/hangs", test_pk_hangs);
  g_test_add_func ("/check-updates/packagekit/never-finishes", test_pk_never_finishes);
  g_test_add_func ("/check-updates/packagekit/cancelled", test_cancelled);
  g_test_add_func ("/check-updates/packagekit/apt-lists-fresher", test_pk_apt_lists_fresher);
  g_test_add_func ("/check-updates/fallback/debian-without-packagekit", test_no_packagekit_debian);
  g_test_add_func ("/check-updates/fallback/fedora-without-system-bus", test_no_system_bus_fedora);
  g_test_add_func ("/check-updates/apt/parse", test_apt_parse);
  g_test_add_func ("/check-updates/apt/parse-up-to-date", test_apt_parse_up_to_date);
  g_test_add_func ("/check-updates/apt/parse-garbage", test_apt_parse_garbage);
  g_test_add_func ("/check-updates/result/packagekit-ids", test_packagekit_ids);
  g_test_add_func ("/check-updates/result/verdicts", test_updates_to_result);
  g_test_add_func ("/check-updates/automatic/debian-on", test_auto_debian_on);
  g_test_add_func ("/check-updates/automatic/debian-off", test_auto_debian_off);
  g_test_add_func ("/check-updates/automatic/debian-not-installed", test_auto_debian_not_installed);
  g_test_add_func ("/check-updates/automatic/debian-file-order", test_auto_debian_order);
  g_test_add_func ("/check-updates/automatic/fedora", test_auto_fedora);
  g_test_add_func ("/check-updates/automatic/nothing", test_auto_nothing);
  g_test_add_func ("/check-updates/automatic/gnome-software", test_auto_gnome_software);
  g_test_add_func ("/check-updates/automatic/apt-conf-parse", test_apt_conf_parse);
  g_test_add_func ("/check-updates/automatic/apt-conf-names", test_apt_conf_names);
  g_test_add_func ("/check-updates/automatic/apt-periodic", test_apt_periodic);
  g_test_add_func ("/check-updates/automatic/ini", test_ini_lookup);

  status = g_test_run ();
  cabinet_test_remove_dir (data_dir);
  return status;
}
