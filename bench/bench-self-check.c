/* bench-self-check.c - how long the whole self-check takes on this computer,
 * beside `lynis audit system --quick` when Lynis is installed
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "cabinet-self-check.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (GArray *samples)
{
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, samples->len / 2);
}

/* Runs COMMAND @runs times and returns the median wall time, or a negative number
 * when it cannot run. */
static double
time_command (const char * const *argv,
              guint               runs)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(GSubprocess) process = NULL;
      gint64 start = g_get_monotonic_time ();
      double ms;

      process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, NULL);
      if (process == NULL || !g_subprocess_wait (process, NULL, NULL))
        return -1;
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (samples, ms);
    }
  return median (samples);
}

int
main (int argc, char *argv[])
{
  guint runs = argc > 1 ? (guint) atoi (argv[1]) : 7;
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *lynis = g_find_program_in_path ("lynis");
  double ours, cold, theirs = -1;

  if (runs == 0)
    runs = 7;

  /* The first run after the package lists changed simulates an upgrade with apt
   * where there is no PackageKit; later ones reuse that answer. */
  {
    g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "cabinet", "apt-simulation.txt", NULL);
    g_autoptr(CabinetSelfCheck) check = cabinet_self_check_new ();
    g_autoptr(CabinetCheckEnv) env = cabinet_check_env_new (NULL, NULL);
    gint64 start;

    g_unlink (cache);
    start = g_get_monotonic_time ();
    cabinet_self_check_run_sync (check, env, NULL);
    cold = (g_get_monotonic_time () - start) / 1000.0;
  }

  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(CabinetSelfCheck) check = cabinet_self_check_new ();
      g_autoptr(CabinetCheckEnv) env = cabinet_check_env_new (NULL, NULL);
      gint64 start = g_get_monotonic_time ();
      double ms;

      cabinet_self_check_run_sync (check, env, NULL);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (samples, ms);
    }
  ours = median (samples);

  if (lynis)
    {
      const char *lynis_argv[] = { lynis, "audit", "system", "--quick", "--no-colors", NULL };
      /* Minutes per run: once is enough for a baseline. */
      theirs = time_command (lynis_argv, 1);
    }

  g_print ("| figure | median | baseline | ratio |\n|---|---|---|---|\n");
  g_print ("| first self-check after the package lists changed | %.0f ms | | |\n", cold);
  if (theirs > 0)
    g_print ("| whole self-check (%u runs) | %.0f ms | lynis audit system --quick: %.0f ms | %.3fx |\n",
             runs, ours, theirs, ours / theirs);
  else
    g_print ("| whole self-check (%u runs) | %.0f ms | lynis not installed | - |\n", runs, ours);
  g_print ("target: under 1000 ms - %s\n", ours < 1000 ? "met" : "MISSED");
  return 0;
}
