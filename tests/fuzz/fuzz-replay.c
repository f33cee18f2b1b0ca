/* fuzz-replay.c — a main() for the fuzz targets in the ordinary build: every
 * file of the folders given (the seeds and the inputs that once crashed) is
 * handed to LLVMFuzzerTestOneInput() once, so that the unit suite, and its
 * sanitizer build, replays them without libFuzzer or clang.
 *
 *   replay-NAME FOLDER_OR_FILE...
 *
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
replay_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree uint8_t *exact = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      exit (1);
    }
  /* An allocation of exactly the input's size, as libFuzzer hands it over. */
  exact = g_malloc (MAX (length, 1));
  memcpy (exact, contents, length);
  printf ("replay %s (%" G_GSIZE_FORMAT " bytes)\n", path, length);
  fflush (stdout);
  LLVMFuzzerTestOneInput (exact, length);
}

int
main (int    argc,
      char **argv)
{
  guint n_inputs = 0;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s FOLDER_OR_FILE...\n", argv[0]);
      return 2;
    }
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDir) dir = NULL;
      g_autoptr(GPtrArray) names = NULL;
      const char *name;

      if (!g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          replay_file (argv[i]);
          n_inputs++;
          continue;
        }
      dir = g_dir_open (argv[i], 0, &error);
      if (dir == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      /* In a fixed order, so that a failure is the same from one run to the next. */
      names = g_ptr_array_new_with_free_func (g_free);
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_build_filename (argv[i], name, NULL));
      g_ptr_array_sort (names, compare_names);
      for (guint j = 0; j < names->len; j++)
        if (g_file_test (names->pdata[j], G_FILE_TEST_IS_REGULAR))
          {
            replay_file (names->pdata[j]);
            n_inputs++;
          }
    }
  printf ("%u inputs replayed, none failed\n", n_inputs);
  return n_inputs > 0 ? 0 : 1;
}
