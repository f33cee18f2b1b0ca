/* bench-payments-page.c — the Payments page of a large practice (100,000
 * sessions, 98,000 payments, 2,000 sessions unpaid): built and filled, then to its first frame in
 * a window, each a median over repeated runs. Needs a display: run it under
 * build-aux/headless.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <locale.h>
#include <stdlib.h>

#include "bench-practice.h"
#include "cabinet-context.h"
#include "cabinet-payments-page.h"

#define RUNS 21

static void
on_after_paint (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

int
main (int    argc,
      char **argv)
{
  guint n_sessions = argc > 1 ? (guint) atoi (argv[1]) : 100000;
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(CabinetContext) context = NULL;
  g_autoptr(GArray) build_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frame_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GHashTable) balances = NULL;
  BenchPractice *practice;
  gint64 outstanding = 0;

  setlocale (LC_ALL, "");
  if (!gtk_init_check ())
    {
      g_printerr ("bench-payments-page: no display; run it under build-aux/headless\n");
      return 77;
    }
  adw_init ();
  /* One session in fifty never paid: a long list of unpaid sessions. */
  practice = bench_practice_new (n_sessions, 50);
  backend = g_memory_settings_backend_new ();
  settings = g_settings_new_with_backend (APPLICATION_ID, backend);
  context = cabinet_context_new (practice->path, settings);
  cabinet_context_unlock (context, practice->db);
  /* What unlocking does in the application, before any page is shown. */
  g_assert (cabinet_context_get_client_store (context, NULL) != NULL);
  balances = cabinet_ledger_get_balances (cabinet_context_get_ledger (context), &outstanding, NULL);

  for (guint run = 0; run < RUNS; run++)
    {
      GtkWidget *window = gtk_window_new ();
      GtkWidget *page;
      gboolean painted = FALSE;
      gint64 start = g_get_monotonic_time ();
      double ms;

      page = g_object_new (CABINET_TYPE_PAYMENTS_PAGE, NULL);
      cabinet_payments_page_set_context (CABINET_PAYMENTS_PAGE (page), context);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (build_samples, ms);

      gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
      gtk_window_set_child (GTK_WINDOW (window), page);
      gtk_window_present (GTK_WINDOW (window));
      g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (on_after_paint), &painted);
      while (!painted)
        g_main_context_iteration (NULL, TRUE);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (frame_samples, ms);
      gtk_window_destroy (GTK_WINDOW (window));
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }

  g_print ("%u sessions, %u payments, %u clients owing %.2f € in all, in an encrypted database (median of %u runs)\n",
           n_sessions, practice->n_payments, practice->n_clients, outstanding / 100.0, RUNS);
  g_print ("| figure | ms | target |\n|---|---|---|\n");
  g_print ("| the Payments page built and filled | %.2f | < 50 |\n", bench_median (build_samples));
  g_print ("| the same, to its first frame in a window | %.2f | — |\n", bench_median (frame_samples));

  cabinet_context_lock (context);
  g_clear_object (&context);
  bench_practice_free (practice);
  return 0;
}
