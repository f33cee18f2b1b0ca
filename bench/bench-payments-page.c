/* bench-payments-page.c — the Payments page of a large practice (100,000
 * sessions over 2,000 clients, a payment for each session held but one in
 * fifty of each client's, so that every client owes something): built and
 * filled, then to its first frame in a window, each a median over repeated
 * runs; and what is unpaid, worked out once for every client and then for
 * one. Needs a display: run it under build-aux/headless.
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
  double first_ms, changed_ms;
  guint n_unpaid;

  setlocale (LC_ALL, "");
  if (!gtk_init_check ())
    {
      g_printerr ("bench-payments-page: no display; run it under build-aux/headless\n");
      return 77;
    }
  adw_init ();
  /* One session in fifty of each client never paid: a long list of unpaid
   * sessions, one or two for every client. */
  practice = bench_practice_new (n_sessions, 50);
  backend = g_memory_settings_backend_new ();
  settings = g_settings_new_with_backend (APPLICATION_ID, backend);
  context = cabinet_context_new (practice->path, settings);
  cabinet_context_unlock (context, practice->db);
  /* What unlocking does in the application, before any page is shown. */
  g_assert (cabinet_context_get_client_store (context, NULL) != NULL);
  balances = cabinet_ledger_get_balances (cabinet_context_get_ledger (context), &outstanding, NULL);

  /* What is unpaid is worked out for every client once (the first time the
   * page opens after the upgrade to schema 13), then again only for the
   * clients whose sessions or payments changed: here, one payment. */
  {
    CabinetLedger *ledger = cabinet_context_get_ledger (context);
    g_autoptr(GPtrArray) unpaid = NULL;
    g_autoptr(GDate) paid_on = g_date_new_dmy (1, 1, 2026);
    g_autoptr(GError) error = NULL;
    gint64 start = g_get_monotonic_time ();

    unpaid = cabinet_ledger_list_unpaid (ledger, &error);
    g_assert_no_error (error);
    first_ms = (g_get_monotonic_time () - start) / 1000.0;
    n_unpaid = unpaid->len;
    g_clear_pointer (&unpaid, g_ptr_array_unref);
    cabinet_ledger_record_payment (ledger, cabinet_client_get_id (g_ptr_array_index (practice->client_list, 0)),
                                   6000, "EUR", paid_on, CABINET_PAYMENT_CARD, NULL, NULL, NULL, 0, NULL, &error);
    g_assert_no_error (error);
    start = g_get_monotonic_time ();
    unpaid = cabinet_ledger_list_unpaid (ledger, &error);
    g_assert_no_error (error);
    changed_ms = (g_get_monotonic_time () - start) / 1000.0;
  }

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
  g_print ("| the %u unpaid sessions worked out for every client (once, after the upgrade) | %.2f | — |\n",
           n_unpaid, first_ms);
  g_print ("| the same, after a payment of one client | %.2f | — |\n", changed_ms);

  cabinet_context_lock (context);
  g_clear_object (&context);
  bench_practice_free (practice);
  return 0;
}
