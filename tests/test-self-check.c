/* test-self-check.c — the run of every check: verdicts, a check that hangs,
 * the JSON and text reports, the history in the database, the PDF report, and the
 * command line's exit status
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <poppler.h>
#include <string.h>
#include <sys/stat.h>

#include "cabinet-self-check.h"
#include "cabinet-test-utils.h"

static CabinetCheckEnv *
empty_root_env (const char *dir)
{
  CabinetCheckEnv *env = cabinet_check_env_new (NULL, NULL);
  g_autofree char *home = g_build_filename (dir, "home", NULL);
  g_autofree char *config = g_build_filename (dir, "home", ".config", NULL);

  g_mkdir_with_parents (config, 0700);
  cabinet_check_env_set_sysroot (env, dir);
  cabinet_check_env_set_home (env, home, config);
  cabinet_check_env_set_desktop (env, NULL);
  cabinet_check_env_set_timeout (env, 400);
  return env;
}

static void
set_result (CabinetSelfCheck   *check,
            const char         *id,
            CabinetCheckStatus  status)
{
  g_autoptr(CabinetCheckResult) result = cabinet_check_result_new (status, "résumé", "preuve", "remède");
  cabinet_check_item_set_result (cabinet_self_check_find (check, id), result);
}

static void
test_every_check_answers (void)
{
  g_autofree char *dir = cabinet_test_make_dir ();
  g_autoptr(CabinetCheckEnv) env = empty_root_env (dir);
  g_autoptr(CabinetSelfCheck) check = cabinet_self_check_new ();
  g_autoptr(GError) error = NULL;
  GListModel *items = cabinet_self_check_get_items (check);
  guint n_checks, required = 0;

  cabinet_checks_get_all (&n_checks);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, n_checks);
  g_assert_cmpuint (n_checks, ==, 10);
  g_assert_null (cabinet_self_check_get_checked_at (check));

  /* An empty system root: nothing to read, every check says so and none hangs. */
  g_assert_true (cabinet_self_check_run_sync (check, env, &error));
  g_assert_no_error (error);
  g_assert_nonnull (cabinet_self_check_get_checked_at (check));
  for (guint i = 0; i < n_checks; i++)
    {
      g_autoptr(CabinetCheckItem) item = g_list_model_get_item (items, i);

      g_assert_false (cabinet_check_item_get_running (item));
      g_assert_nonnull (cabinet_check_item_get_summary (item));
      g_assert_cmpstr (cabinet_check_item_get_summary (item), !=, "");
      required += cabinet_check_item_get_required (item);
    }
  g_assert_cmpuint (required, ==, 4);
  g_assert_nonnull (cabinet_self_check_find (check, "disk-encryption"));
  g_assert_true (cabinet_check_item_get_required (cabinet_self_check_find (check, "hardware-age")));
  g_assert_false (cabinet_check_item_get_required (cabinet_self_check_find (check, "firewall")));
  cabinet_test_remove_dir (dir);
}

static void
test_verdicts (void)
{
  g_autofree char *dir = cabinet_test_make_dir ();
  g_autoptr(CabinetCheckEnv) env = empty_root_env (dir);
  g_autoptr(CabinetSelfCheck) check = cabinet_self_check_new ();
  GListModel *items = cabinet_self_check_get_items (check);

  g_assert_cmpint (cabinet_self_check_get_verdict (check), ==, CABINET_CHECK_UNKNOWN);
  g_assert_true (cabinet_self_check_run_sync (check, env, NULL));

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(CabinetCheckItem) item = g_list_model_get_item (items, i);
      set_result (check, cabinet_check_item_get_id (item), CABINET_CHECK_PASS);
    }
  g_assert_cmpint (cabinet_self_check_get_verdict (check), ==, CABINET_CHECK_PASS);

  /* Advice that cannot tell does not spoil the verdict; a required check that
   * cannot tell does. */
  set_result (check, "secure-boot", CABINET_CHECK_UNKNOWN);
  g_assert_cmpint (cabinet_self_check_get_verdict (check), ==, CABINET_CHECK_PASS);
  set_result (check, "hardware-age", CABINET_CHECK_UNKNOWN);
  g_assert_cmpint (cabinet_self_check_get_verdict (check), ==, CABINET_CHECK_WARN);
  set_result (check, "hardware-age", CABINET_CHECK_PASS);
  set_result (check, "firewall", CABINET_CHECK_WARN);
  g_assert_cmpint (cabinet_self_check_get_verdict (check), ==, CABINET_CHECK_WARN);
  g_assert_false (cabinet_self_check_required_failed (check));
  set_result (check, "auto-login", CABINET_CHECK_FAIL);
  g_assert_cmpint (cabinet_self_check_get_verdict (check), ==, CABINET_CHECK_FAIL);
  g_assert_false (cabinet_self_check_required_failed (check));
  set_result (check, "disk-encryption", CABINET_CHECK_FAIL);
  g_assert_true (cabinet_self_check_required_failed (check));
  cabinet_test_remove_dir (dir);
}

/* /proc/self/mountinfo is a FIFO nobody writes to: reading it blocks for ever,
 * as a stuck file system would. The run must not. */
static void
test_a_hanging_check_times_out (void)
{
  g_autofree char *dir = cabinet_test_make_dir ();
  g_autofree char *proc = g_build_filename (dir, "proc", "self", NULL);
  g_autofree char *fifo = g_build_filename (proc, "mountinfo", NULL);
  g_autoptr(CabinetCheckEnv) env = empty_root_env (dir);
  g_autoptr(CabinetSelfCheck) check = cabinet_self_check_new ();
  gint64 start;
  CabinetCheckItem *disk;

  g_assert_cmpint (g_mkdir_with_parents (proc, 0700), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

  start = g_get_monotonic_time ();
  g_assert_true (cabinet_self_check_run_sync (check, env, NULL));
  /* 400 ms timeout + 1 s grace, with room for a loaded machine. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);

  disk = cabinet_self_check_find (check, "disk-encryption");
  g_assert_cmpint (cabinet_check_item_get_status (disk), ==, CABINET_CHECK_UNKNOWN);
  g_assert_nonnull (strstr (cabinet_check_item_get_summary (disk), "did not finish"));
  g_assert_cmpint (cabinet_self_check_get_verdict (check), !=, CABINET_CHECK_PASS);
  /* The stuck reader keeps the FIFO open; the folder goes with the process. */
}

static void
test_json_and_text (void)
{
  g_autofree char *dir = cabinet_test_make_dir ();
  g_autoptr(CabinetCheckEnv) env = empty_root_env (dir);
  g_autoptr(CabinetSelfCheck) check = cabinet_self_check_new ();
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  const char *argv[] = { "python3", "-c",
    "import json, sys\n"
    "d = json.load(sys.stdin)\n"
    "assert d['version'] == 1 and d['verdict'] in ('pass', 'warn', 'fail')\n"
    "assert d['checked_at'].endswith('Z') and len(d['checks']) == 10\n"
    "for c in d['checks']:\n"
    "  assert set(c) == {'id', 'status', 'summary', 'evidence', 'remedy'}, c\n"
    "  assert c['status'] in ('pass', 'warn', 'fail', 'unknown')\n"
    "print(d['checks'][0]['summary'])\n",
    NULL };
  g_autoptr(GSubprocess) python = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;

  g_assert_true (cabinet_self_check_run_sync (check, env, NULL));
  /* Quotes, backslashes, newlines and accents survive the escaping. */
  {
    g_autoptr(CabinetCheckResult) tricky =
      cabinet_check_result_new (CABINET_CHECK_WARN, "Disque « chiffré »\\ \"oui\"\nligne 2\t\x01", "a\nb", NULL);
    cabinet_check_item_set_result (cabinet_self_check_find (check, "disk-encryption"), tricky);
  }
  json = cabinet_self_check_to_json (check);

  python = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (python, json, NULL, &stdout_text, NULL, &error));
  g_assert_true (g_subprocess_get_successful (python));
  g_assert_cmpstr (stdout_text, ==, "Disque « chiffré »\\ \"oui\"\nligne 2\t\x01\n");

  text = cabinet_self_check_to_text (check);
  g_assert_nonnull (strstr (text, "Disk encryption"));
  g_assert_nonnull (strstr (text, "Needs attention"));
  cabinet_test_remove_dir (dir);
}

static void
test_saved_in_history (void)
{
  g_autofree char *dir = cabinet_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "cabinet.db", NULL);
  g_autoptr(CabinetKey) key = cabinet_key_new_random ();
  g_autoptr(CabinetCheckEnv) env = empty_root_env (dir);
  g_autoptr(CabinetSelfCheck) check = cabinet_self_check_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetDatabase) db = cabinet_database_open (path, key, CABINET_DATABASE_CREATE, &error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row;
  gint64 run_id = 0;

  g_assert_no_error (error);
  g_assert_true (cabinet_self_check_run_sync (check, env, NULL));
  set_result (check, "screen-lock", CABINET_CHECK_FAIL);
  g_assert_true (cabinet_self_check_save (check, db, &run_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (run_id, >, 0);
  g_assert_true (cabinet_self_check_save (check, db, NULL, &error));

  stmt = cabinet_database_prepare (db,
                                   "SELECT r.verdict, count(*), sum(s.status = 'fail'), "
                                   "(SELECT count(*) FROM audit_log WHERE action = 'self-check') "
                                   "FROM self_check_runs r JOIN self_check_results s ON s.run_id = r.id "
                                   "WHERE r.id = ?", &error);
  sqlite3_bind_int64 (stmt, 1, run_id);
  g_assert_true (cabinet_database_step (db, stmt, &has_row, &error));
  g_assert_true (has_row);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "fail");
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 10);
  g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, 1);
  g_assert_cmpint (sqlite3_column_int (stmt, 3), ==, 2);
  cabinet_database_close (db);
  cabinet_test_remove_dir (dir);
}

static void
test_pdf_report (void)
{
  g_autofree char *dir = cabinet_test_make_dir ();
  g_autoptr(CabinetCheckEnv) env = empty_root_env (dir);
  g_autoptr(CabinetSelfCheck) check = cabinet_self_check_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  PopplerDocument *document = NULL;  /* poppler-glib 22 has no autoptr */
  g_autoptr(GString) all_text = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *author = NULL;
  g_autofree char *creator = NULL;
  double width, height;

  g_assert_true (cabinet_self_check_run_sync (check, env, NULL));
  {
    g_autoptr(CabinetCheckResult) result =
      cabinet_check_result_new (CABINET_CHECK_FAIL, "Le disque n’est pas chiffré : œuvre, ça, è.",
                                "/home: /dev/sda2 (ext4)", "Réinstallez avec le chiffrement.");
    cabinet_check_item_set_result (cabinet_self_check_find (check, "disk-encryption"), result);
  }

  bytes = cabinet_self_check_render_report (check, "Hélène Marchand", &error);
  g_assert_no_error (error);
  document = poppler_document_new_from_bytes (bytes, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (poppler_document_get_n_pages (document), >=, 1);
  title = poppler_document_get_title (document);
  author = poppler_document_get_author (document);
  creator = poppler_document_get_creator (document);
  g_assert_cmpstr (title, ==, "Security self-check of this computer");
  g_assert_cmpstr (author, ==, "Hélène Marchand");
  g_assert_true (g_str_has_prefix (creator, "Cabinet"));

  for (int p = 0; p < poppler_document_get_n_pages (document); p++)
    {
      PopplerPage *page = poppler_document_get_page (document, p);
      g_autofree char *text = poppler_page_get_text (page);
      g_autofree char *footer = g_strdup_printf ("page %d of %d", p + 1, poppler_document_get_n_pages (document));

      poppler_page_get_size (page, &width, &height);
      /* A4 in points, or US Letter where the locale says so. */
      g_assert_true ((fabs (width - 595.3) < 1 && fabs (height - 841.9) < 1)
                     || (fabs (width - 612) < 1 && fabs (height - 792) < 1));
      g_assert_nonnull (strstr (text, footer));
      g_string_append (all_text, text);
      g_object_unref (page);
    }
  g_object_unref (document);
  /* Every check is in it, and accented text is real text. */
  g_assert_nonnull (strstr (all_text->str, "Disk encryption"));
  g_assert_nonnull (strstr (all_text->str, "Cabinet’s database"));
  g_assert_nonnull (strstr (all_text->str, "Le disque n’est pas chiffré : œuvre, ça, è."));
  g_assert_nonnull (strstr (all_text->str, "Réinstallez avec le chiffrement."));
  g_assert_nonnull (strstr (all_text->str, "/dev/sda2"));
  cabinet_test_remove_dir (dir);
}

static int
run_command_line (const char  *database,
                  const char  *sysroot,
                  char       **out)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *option = g_strconcat ("--database=", database, NULL);

  g_subprocess_launcher_setenv (launcher, "CABINET_SYSROOT", sysroot, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("CABINET_EXE"),
                                         "--self-check", "--json", option, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, out, NULL, &error));
  g_assert_no_error (error);
  /* Killed rather than exited (a sanitizer's report aborts it): say so, not a
   * meaningless status. */
  if (!g_subprocess_get_if_exited (process))
    g_error ("cabinet --self-check did not exit: signal %d", g_subprocess_get_term_sig (process));
  return g_subprocess_get_exit_status (process);
}

static void
test_command_line_exit_status (void)
{
  g_autofree char *dir = cabinet_test_make_dir ();
  g_autofree char *plain = g_build_filename (dir, "plain.db", NULL);
  g_autofree char *none = g_build_filename (dir, "absent.db", NULL);
  g_autofree char *out = NULL;
  sqlite3 *raw = NULL;

  /* An unencrypted database where Cabinet's should be: that check fails, so the
   * command exits 1. */
  g_assert_cmpint (sqlite3_open (plain, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "CREATE TABLE t (x);", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);
  g_assert_cmpint (run_command_line (plain, dir, &out), ==, 1);
  g_assert_nonnull (strstr (out, "\"id\":\"cabinet-database\",\"status\":\"fail\""));
  g_assert_nonnull (strstr (out, "\"verdict\":\"fail\""));
  g_clear_pointer (&out, g_free);

  /* Nothing fails in an empty root with no database: exit 0. */
  g_assert_cmpint (run_command_line (none, dir, &out), ==, 0);
  g_assert_nonnull (strstr (out, "\"version\":1"));
  cabinet_test_remove_dir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/self-check/every-check-answers", test_every_check_answers);
  g_test_add_func ("/self-check/verdicts", test_verdicts);
  g_test_add_func ("/self-check/a-hanging-check-times-out", test_a_hanging_check_times_out);
  g_test_add_func ("/self-check/json-and-text", test_json_and_text);
  g_test_add_func ("/self-check/saved-in-history", test_saved_in_history);
  g_test_add_func ("/self-check/pdf-report", test_pdf_report);
  g_test_add_func ("/self-check/command-line-exit-status", test_command_line_exit_status);
  return g_test_run ();
}
