/* bench-startup.c — Cabinet started on a large practice, to the first frame that
 * shows its records, and its peak memory, beside a bare libadwaita window started
 * on the same display; run inside build-aux/headless (a display and a keyring):
 *
 *   bench-startup DIR CABINET BARE-WINDOW [RUNS]
 *
 * DIR is what cabinet-bench-data wrote. A copy of its database is opened, its key
 * in the keyring as after a first run.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-practice.h"
#include "cabinet-keyring.h"

typedef struct {
  double ms;       /* from the start of the process to its first frame */
  double rss_mb;   /* its peak resident memory */
} Run;

/* Runs @argv with $CABINET_BENCH_FIRST_FRAME set, until it quits on its own
 * after its first frame (a minute at most). */
static Run
run_once (char **argv)
{
  g_autofree char *stamp_path = g_build_filename (g_get_tmp_dir (), "cabinet-first-frame-XXXXXX", NULL);
  g_autofree char *stamp = NULL;
  struct rusage usage;
  Run run = { 0, 0 };
  int fd = g_mkstemp (stamp_path), status = 0;
  gint64 start, deadline;
  pid_t pid;

  close (fd);
  g_setenv ("CABINET_BENCH_FIRST_FRAME", stamp_path, TRUE);
  start = g_get_monotonic_time ();
  pid = fork ();
  if (pid == 0)
    {
      execv (argv[0], argv);
      _exit (127);
    }
  deadline = start + 60 * G_USEC_PER_SEC;
  for (;;)
    {
      pid_t done = wait4 (pid, &status, WNOHANG, &usage);

      if (done == pid)
        break;
      if (g_get_monotonic_time () > deadline)
        {
          kill (pid, SIGKILL);
          g_error ("%s did not show its first frame within a minute", argv[0]);
        }
      g_usleep (2000);
    }
  g_unsetenv ("CABINET_BENCH_FIRST_FRAME");
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0
      || !g_file_get_contents (stamp_path, &stamp, NULL, NULL) || *stamp == '\0')
    g_error ("%s ended without a first frame (status %d)", argv[0], status);
  g_unlink (stamp_path);
  run.ms = (g_ascii_strtoll (stamp, NULL, 10) - start) / 1000.0;
  run.rss_mb = usage.ru_maxrss / 1024.0;   /* kB on Linux */
  return run;
}

int
main (int argc, char *argv[])
{
  guint runs = argc > 4 ? (guint) atoi (argv[4]) : 7;
  g_autofree char *source = NULL, *key_file = NULL, *hex = NULL, *copy = NULL, *folder = NULL;
  g_autoptr(GFile) from = NULL, to = NULL;
  g_autoptr(CabinetKey) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) app_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) app_mb = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare_mb = g_array_new (FALSE, FALSE, sizeof (double));
  char *app_argv[4] = { NULL }, *bare_argv[2] = { NULL };
  double a, b, am, bm;

  setlocale (LC_ALL, "");
  if (argc < 4 || runs == 0)
    {
      g_printerr ("usage: bench-startup DIR CABINET BARE-WINDOW [RUNS]\n");
      return 2;
    }
  source = g_build_filename (argv[1], "cabinet.db", NULL);
  key_file = g_build_filename (argv[1], "cabinet.key", NULL);
  if (!g_file_get_contents (key_file, &hex, NULL, &error)
      || (key = cabinet_key_new_from_hex (g_strstrip (hex), &error)) == NULL)
    g_error ("%s", error->message);

  /* A copy, so that the unlocks recorded do not change the practice measured. */
  folder = g_dir_make_tmp ("cabinet-bench-startup-XXXXXX", &error);
  if (folder == NULL)
    g_error ("%s", error->message);
  copy = g_build_filename (folder, "cabinet.db", NULL);
  from = g_file_new_for_path (source);
  to = g_file_new_for_path (copy);
  if (!g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error)
      || !cabinet_keyring_store (copy, key, &error))
    g_error ("%s", error->message);

  app_argv[0] = argv[2];
  app_argv[1] = (char *) "--database";
  app_argv[2] = copy;
  bare_argv[0] = argv[3];

  /* One of each to warm the caches, then turn about. */
  run_once (bare_argv);
  run_once (app_argv);
  for (guint i = 0; i < runs; i++)
    {
      Run bare = run_once (bare_argv);
      Run app = run_once (app_argv);

      g_array_append_val (bare_ms, bare.ms);
      g_array_append_val (bare_mb, bare.rss_mb);
      g_array_append_val (app_ms, app.ms);
      g_array_append_val (app_mb, app.rss_mb);
    }
  a = bench_median (app_ms);
  b = bench_median (bare_ms);
  am = bench_median (app_mb);
  bm = bench_median (bare_mb);
  g_print ("| start-up to the first frame of the records | %.0f ms | bare libadwaita window: %.0f ms | %.2f× | 1.5× | %s |\n",
           a, b, a / b, a / b <= 1.5 ? "met" : "MISSED");
  g_print ("| peak memory (RSS) | %.0f MB | bare libadwaita window: %.0f MB | +%.0f MB | +40 MB | %s |\n",
           am, bm, am - bm, am - bm <= 40 ? "met" : "MISSED");
  g_print ("@startup\t%.3f\t%.3f\n@memory\t%.3f\t%.3f\n", a, b, am, bm);

  cabinet_keyring_forget (copy, NULL);
  for (const char * const *suffix = (const char * const[]) { "", "-wal", "-shm", NULL }; *suffix; suffix++)
    {
      g_autofree char *file = g_strconcat (copy, *suffix, NULL);
      g_unlink (file);
    }
  g_rmdir (folder);
  return 0;
}
