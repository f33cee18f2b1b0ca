/* cabinet-calendar-sync.h — keeps the published calendar up to date: after each
 * change (a few seconds later), at unlock, and every quarter of an hour while
 * something is left to send
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cabinet-database.h"

G_BEGIN_DECLS

typedef struct _CabinetContext CabinetContext;

#define CABINET_TYPE_CALENDAR_SYNC (cabinet_calendar_sync_get_type ())
G_DECLARE_FINAL_TYPE (CabinetCalendarSync, cabinet_calendar_sync, CABINET, CALENDAR_SYNC, GObject)

/* Publishes @context's sessions to the calendar its settings name ("caldav-url",
 * "caldav-user", the password in the keyring) while unlocked. Does nothing while
 * no calendar is set. The context owns it (cabinet_context_get_calendar_sync()). */
CabinetCalendarSync *cabinet_calendar_sync_new         (CabinetContext      *context);
/* Now, whatever the timers say (Sync Now, and after the settings change). */
void                 cabinet_calendar_sync_now         (CabinetCalendarSync *self);
/* Whether a calendar is set. */
gboolean             cabinet_calendar_sync_is_enabled  (CabinetCalendarSync *self);
gboolean             cabinet_calendar_sync_get_running (CabinetCalendarSync *self);
/* The outcome of the last synchronisation in words ("Up to date at 14:05", or
 * what went wrong), NULL before the first. */
const char          *cabinet_calendar_sync_get_status  (CabinetCalendarSync *self);
/* For the tests: seconds between a change and the synchronisation it causes. */
void                 cabinet_calendar_sync_set_delay   (CabinetCalendarSync *self,
                                                        guint                seconds);

G_END_DECLS
