/* cabinet-calendar-actions.h — the schedule to and from calendar (.ics) files:
 * export what is shown, pseudonymised unless asked; import with a preview
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-context.h"

G_BEGIN_DECLS

/* Asks how sessions are titled, then where to save the sessions of [@from, @to)
 * (UTC seconds); @period names it ("23 – 29 November 2026"). */
void cabinet_calendar_export_present (GtkWidget      *parent,
                                      CabinetContext *context,
                                      gint64          from,
                                      gint64          to,
                                      const char     *period);

/* Asks for a calendar file, reads it away from the main loop, shows what it
 * holds and which clients its titles name, then imports it in one transaction. */
void cabinet_calendar_import_present (GtkWidget      *parent,
                                      CabinetContext *context);

/* For the tests: the same from a file already chosen. */
void cabinet_calendar_import_file    (GtkWidget      *parent,
                                      CabinetContext *context,
                                      GFile          *file);

G_END_DECLS
