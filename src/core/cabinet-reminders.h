/* cabinet-reminders.h — a word before each session, while Cabinet runs
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cabinet-context.h"

G_BEGIN_DECLS

#define CABINET_TYPE_REMINDERS (cabinet_reminders_get_type ())
G_DECLARE_FINAL_TYPE (CabinetReminders, cabinet_reminders, CABINET, REMINDERS, GObject)

/* Watches @context's sessions while it is unlocked and, "reminder-minutes"
 * before each scheduled one, sends @application a notification (GNotification)
 * that gives the time and the way of meeting, never the client's name: a
 * notification may show on a shared screen. Also emits "remind" with the
 * session. @application may be NULL (tests). */
CabinetReminders *cabinet_reminders_new    (CabinetContext   *context,
                                            GApplication     *application);

/* Looks at the clock @now (UTC seconds) as the timer would; for the tests. */
void              cabinet_reminders_check  (CabinetReminders *self,
                                            gint64            now);

/* The scheduled sessions of @sessions (of CabinetSession) that start within
 * @lead_minutes after @now and have not begun. */
GPtrArray        *cabinet_reminders_due    (GListModel       *sessions,
                                            gint64            now,
                                            guint             lead_minutes);

G_END_DECLS
