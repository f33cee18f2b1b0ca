/* cabinet-window.h — the main window: unlock, first run, and the five pages
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-application.h"
#include "cabinet-context.h"

G_BEGIN_DECLS

#define CABINET_TYPE_WINDOW (cabinet_window_get_type ())
G_DECLARE_FINAL_TYPE (CabinetWindow, cabinet_window, CABINET, WINDOW, AdwApplicationWindow)

CabinetWindow *cabinet_window_new                (CabinetApplication *application,
                                                  CabinetContext     *context);
void           cabinet_window_present_when_ready (CabinetWindow      *self);
void           cabinet_window_set_ready_wait     (CabinetWindow      *self,
                                                  guint               milliseconds);
const char    *cabinet_window_get_visible_view   (CabinetWindow      *self);
const char    *cabinet_window_get_visible_page   (CabinetWindow      *self);
void           cabinet_window_set_visible_page   (CabinetWindow      *self,
                                                  const char         *name);
/* The page @name ("today", "clients", …), built now if it was not yet shown:
 * each is built when first shown. */
GtkWidget     *cabinet_window_get_page           (CabinetWindow      *self,
                                                  const char         *name);

/* The idle lock, with the clock passed in so tests need not wait. */
void           cabinet_window_note_activity      (CabinetWindow      *self,
                                                  gint64              monotonic_usec);
gboolean       cabinet_window_check_idle         (CabinetWindow      *self,
                                                  gint64              monotonic_usec);

G_END_DECLS
