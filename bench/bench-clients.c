/* bench-clients.c — the Clients page at the size of a large practice: loading,
 * a search per keystroke, a change of order
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-practice.h"
#include "cabinet-client-store.h"

static void
measure (guint n_clients)
{
  g_autofree char *dir = g_dir_make_tmp ("cabinet-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cabinet.db", NULL);
  g_autoptr(CabinetKey) key = cabinet_key_new_random ();
  g_autoptr(CabinetDatabase) db = cabinet_database_open (path, key, CABINET_DATABASE_CREATE, NULL);
  g_autoptr(CabinetClientStore) store = NULL;
  g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) keystrokes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  const char *typed = "helene martin lyon";
  gint64 start;
  double load_ms, sort_ms;

  g_assert (db != NULL);
  store = cabinet_client_store_new (db, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n_clients; i++)
    {
      g_ptr_array_add (clients, bench_client_new (i));
    }
  if (!cabinet_client_store_add_all (store, clients, &error))
    g_error ("%s", error->message);
  g_clear_object (&store);

  /* Opening the page: every client read from the encrypted file. */
  start = g_get_monotonic_time ();
  store = cabinet_client_store_new (db, &error);
  load_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert (cabinet_client_store_get_n_all (store) == n_clients);

  /* Typing "helene martin lyon" one character at a time, then erasing it, five
   * times over: each keystroke is one search. */
  bench_type_search (store, typed, 5, keystrokes);

  start = g_get_monotonic_time ();
  cabinet_client_store_set_sort (store, CABINET_CLIENT_SORT_LAST_ACTIVITY);
  cabinet_client_store_set_sort (store, CABINET_CLIENT_SORT_NAME);
  sort_ms = (g_get_monotonic_time () - start) / 2000.0;

  {
    double worst = 0;
    for (guint i = 0; i < keystrokes->len; i++)
      worst = MAX (worst, g_array_index (keystrokes, double, i));
    g_print ("| %u clients | %.1f ms | %.2f ms | %.2f ms | %.2f ms | %s |\n", n_clients, load_ms,
             bench_median (keystrokes), worst, sort_ms, worst <= 16 ? "met" : "MISSED");
  }

  cabinet_database_close (db);
  g_unlink (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_print ("| practice | open the page (load all) | search, median keystroke | slowest keystroke | change of order | target: 16 ms a keystroke |\n");
  g_print ("|---|---|---|---|---|---|\n");
  measure (2000);
  measure (10000);
  measure (20000);
  return 0;
}
