/* cabinet-first-frame.c — for the start-up benchmark: the time of a window's first
 * frame, then exit
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <unistd.h>

#include "cabinet-first-frame.h"

static void
on_after_paint (GdkFrameClock *clock,
                const char    *file)
{
  g_autofree char *stamp = g_strdup_printf ("%" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_autoptr(GError) error = NULL;

  g_signal_handlers_disconnect_by_func (clock, on_after_paint, (gpointer) file);
  if (!g_file_set_contents (file, stamp, -1, &error))
    g_warning ("The time of the first frame could not be written: %s", error->message);
  /* At once: what quitting does (the backup made on quitting) is not start-up,
   * and would count in the peak memory measured. */
  _exit (0);
}

static void
watch_clock (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint),
                    (gpointer) g_getenv ("CABINET_BENCH_FIRST_FRAME"));
  gtk_widget_queue_draw (widget);
}

void
cabinet_first_frame_watch (GtkWidget *widget)
{
  const char *file = g_getenv ("CABINET_BENCH_FIRST_FRAME");
  static gboolean watching;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  /* Only the first frame counts. */
  if (file == NULL || *file == '\0' || watching)
    return;
  watching = TRUE;
  if (gtk_widget_get_realized (widget))
    watch_clock (widget);
  else
    g_signal_connect (widget, "realize", G_CALLBACK (watch_clock), NULL);
}
