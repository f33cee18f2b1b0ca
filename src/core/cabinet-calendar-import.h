/* cabinet-calendar-import.h — the appointments of a calendar file made into
 * sessions: each with the client its title names, the client's way of meeting
 * and fee
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cabinet-client.h"
#include "cabinet-ical.h"
#include "cabinet-practitioner.h"

G_BEGIN_DECLS

typedef struct {
  guint n_matched;    /* titled with a client's name or initials */
  guint n_fallback;   /* given @fallback, their title naming no one client */
  guint n_left_out;   /* naming no one client, and no @fallback */
  guint n_cancelled;  /* cancelled in the calendar: not sessions to keep */
} CabinetCalendarImportCounts;

/* Of CabinetSession, from @events (of CabinetIcalEvent): each event's client is
 * the one of @clients its title names (cabinet_ical_match_client()), else
 * @fallback (NULL: the event is left out). A session takes the event's UID,
 * start and length, and the client's way of meeting and fee (or the practice's);
 * a video session, the practice's video link. */
GPtrArray *cabinet_calendar_import_sessions (GPtrArray                   *events,
                                             GListModel                  *clients,
                                             CabinetClient               *fallback,
                                             CabinetPractitioner         *practitioner,
                                             CabinetCalendarImportCounts *counts);

G_END_DECLS
