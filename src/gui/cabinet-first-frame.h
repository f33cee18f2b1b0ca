/* cabinet-first-frame.h — for the start-up benchmark: the time of a window's first
 * frame, then exit
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* When $CABINET_BENCH_FIRST_FRAME names a file (bench/run sets it; nothing else
 * does), the next frame @widget paints writes g_get_monotonic_time() to that file,
 * then the process exits at once. Otherwise it does nothing. */
void cabinet_first_frame_watch (GtkWidget *widget);

G_END_DECLS
