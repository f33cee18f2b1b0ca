/* cabinet-gui-util.h — small helpers every page shares
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib/gi18n.h>
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

/* "23 April 1985", in the interface's language and the local time zone. */
static inline char *
cabinet_format_date (GDateTime *when)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (when);

  /* Translators: a date as in "23 April 1985"; see g_date_time_format(). */
  return g_date_time_format (local, _("%-d %B %Y"));
}

G_END_DECLS
