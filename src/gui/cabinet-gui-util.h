/* cabinet-gui-util.h — small helpers every page shares
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The window holding @widget, for dialogs to be transient for; NULL while it is
 * not in one. */
static inline GtkWindow *
cabinet_widget_get_window (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

G_END_DECLS
