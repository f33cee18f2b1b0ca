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

/* The language of the documents the practitioner makes for themself (a report,
 * the record of processing): the interface's, French or else English. */
static inline const char *
cabinet_document_language (void)
{
  return g_str_has_prefix (g_get_language_names ()[0], "fr") ? "fr" : "en";
}

/* All the text of @view. */
static inline char *
cabinet_text_view_dup_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Removes every row of @list, but not its placeholder (which is one of its
 * children too, and would be gone for good). */
static inline void
cabinet_list_box_remove_rows (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static inline void
cabinet_widget_refresh_on_map (GtkWidget *widget,
                               gpointer   refresh)
{
  g_signal_handlers_disconnect_by_func (widget, cabinet_widget_refresh_on_map, refresh);
  ((void (*) (GtkWidget *)) (GCallback) refresh) (widget);
}

/* Runs @refresh (a function of @widget) now if @widget is on screen, else once
 * it next is: a hidden page is read again neither at each change made elsewhere
 * nor at unlock, which then waits only for what is shown (bench/run). */
static inline void
cabinet_widget_refresh_when_shown (GtkWidget *widget,
                                   GCallback  refresh)
{
  g_signal_handlers_disconnect_by_func (widget, cabinet_widget_refresh_on_map, (gpointer) refresh);
  if (gtk_widget_get_mapped (widget))
    ((void (*) (GtkWidget *)) refresh) (widget);
  else
    g_signal_connect (widget, "map", G_CALLBACK (cabinet_widget_refresh_on_map), (gpointer) refresh);
}

G_END_DECLS
