/* cabinet-session.h — one therapy appointment: who, when (in UTC), how, for how
 * much, and what became of it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cabinet-enums.h"
#include "cabinet-validate.h"

G_BEGIN_DECLS

#define CABINET_SESSION_ERROR (cabinet_session_error_quark ())

typedef enum {
  CABINET_SESSION_ERROR_INVALID,      /* a field does not validate; the message says which */
  CABINET_SESSION_ERROR_NO_SUCH_TIME, /* the wall-clock time does not exist (clocks go forward) */
  CABINET_SESSION_ERROR_OVERLAP,      /* another session holds that time, and no confirmation */
  CABINET_SESSION_ERROR_STATUS,       /* that change of status is not possible */
  CABINET_SESSION_ERROR_NOT_FOUND,
} CabinetSessionError;

/* Field names for the issues a validation reports. */
#define CABINET_SESSION_CLIENT   "client"
#define CABINET_SESSION_START    "start"
#define CABINET_SESSION_DURATION "duration"
#define CABINET_SESSION_LINK     "link"
#define CABINET_SESSION_FEE      "fee"

/* Limits of what can be planned: a session lasts 1 minute to 8 hours, between
 * 1900 and 2200. */
#define CABINET_SESSION_MAX_DURATION (8 * 60)
#define CABINET_SESSION_DEFAULT_DURATION 50

#define CABINET_TYPE_SESSION (cabinet_session_get_type ())
G_DECLARE_FINAL_TYPE (CabinetSession, cabinet_session, CABINET, SESSION, GObject)

GQuark                cabinet_session_error_quark       (void);

CabinetSession       *cabinet_session_new               (void);
CabinetSession       *cabinet_session_copy              (CabinetSession       *self);

gint64                cabinet_session_get_id            (CabinetSession       *self);  /* 0 until saved */
gint64                cabinet_session_get_client_id     (CabinetSession       *self);
void                  cabinet_session_set_client_id     (CabinetSession       *self,
                                                         gint64                client_id);
/* 0 for a session that is not part of a series. */
gint64                cabinet_session_get_series_id     (CabinetSession       *self);
/* Seconds since 1970 in UTC: what the database stores. */
gint64                cabinet_session_get_starts_at     (CabinetSession       *self);
void                  cabinet_session_set_starts_at     (CabinetSession       *self,
                                                         gint64                utc);
gint64                cabinet_session_get_ends_at       (CabinetSession       *self);
/* The start in @zone (NULL: UTC). */
GDateTime            *cabinet_session_dup_start         (CabinetSession       *self,
                                                         GTimeZone            *zone);
guint                 cabinet_session_get_duration      (CabinetSession       *self);  /* minutes */
void                  cabinet_session_set_duration      (CabinetSession       *self,
                                                         guint                 minutes);
CabinetChannels       cabinet_session_get_modality      (CabinetSession       *self);
void                  cabinet_session_set_modality      (CabinetSession       *self,
                                                         CabinetChannels       modality);
/* The video room's address, the phone number to call, the chat or e-mail address. */
const char           *cabinet_session_get_link          (CabinetSession       *self);
void                  cabinet_session_set_link          (CabinetSession       *self,
                                                         const char           *link);
gint64                cabinet_session_get_fee           (CabinetSession       *self);
const char           *cabinet_session_get_currency      (CabinetSession       *self);
void                  cabinet_session_set_fee           (CabinetSession       *self,
                                                         gint64                minor,
                                                         const char           *currency);
CabinetSessionStatus  cabinet_session_get_status        (CabinetSession       *self);
/* The iCalendar UID, stable for the life of the session. */
const char           *cabinet_session_get_uid           (CabinetSession       *self);
/* When Start session was used (0: never), and the required checks that had
 * failed when the therapist started anyway. */
gint64                cabinet_session_get_started_at    (CabinetSession       *self);
const char * const   *cabinet_session_get_started_despite (CabinetSession     *self);

/* "10:00 – 10:50" in @zone, the hours as the locale writes them. */
char                 *cabinet_session_dup_time_range    (CabinetSession       *self,
                                                         GTimeZone            *zone);
/* "Tuesday 24 November" (with the year when it is not @today's) in @zone. */
char                 *cabinet_session_dup_day           (CabinetSession       *self,
                                                         GTimeZone            *zone,
                                                         GDateTime            *today);
/* "16:00 for the client (Asia/Tokyo)" when the client's clock reads another hour
 * than @zone's at the start; NULL when it reads the same, or @client_zone is
 * unknown. */
char                 *cabinet_session_dup_client_time   (CabinetSession       *self,
                                                         GTimeZone            *zone,
                                                         const char           *client_zone);

/* NULL when the session can be saved; otherwise, by field, what to fix. */
CabinetIssues        *cabinet_session_validate          (CabinetSession       *self);

/* Whether the session starts or ends outside the working hours: @day_start and
 * @day_end in minutes after midnight, @days a mask of weekdays (bit 0 Monday …
 * bit 6 Sunday), all in @zone. */
gboolean              cabinet_session_outside_hours     (CabinetSession       *self,
                                                         GTimeZone            *zone,
                                                         guint                 day_start,
                                                         guint                 day_end,
                                                         guint                 days);

/* Whether the status may go from @from to @to for a session starting at
 * @starts_at, @now being the time: a session that has not begun cannot have
 * been held or missed; a settled one goes back to scheduled before anything else. */
gboolean              cabinet_session_status_change_allowed (CabinetSessionStatus from,
                                                             CabinetSessionStatus to,
                                                             gint64               starts_at,
                                                             gint64               now,
                                                             GError             **error);

/* A wall-clock time in @zone as UTC seconds. A time the clocks skip (02:30 on
 * the spring-forward night in Paris) and a year outside 1900–2200 are errors with
 * a message saying so. */
gboolean              cabinet_local_time_to_utc         (GTimeZone            *zone,
                                                         int                   year,
                                                         int                   month,
                                                         int                   day,
                                                         int                   hour,
                                                         int                   minute,
                                                         gint64               *utc,
                                                         GError              **error);

/* A time of day as people type it: "14:30", "9:05", "14h30", "14h", "14". */
gboolean              cabinet_parse_time_of_day         (const char           *text,
                                                         int                  *hour,
                                                         int                  *minute);

/* For an import: the session keeps the UID it had in the calendar it came from. */
void                  cabinet_session_set_uid           (CabinetSession       *self,
                                                         const char           *uid);

/* For the store: fills a session from what the database holds. */
void                  cabinet_session_load              (CabinetSession       *self,
                                                         gint64                id,
                                                         gint64                series_id,
                                                         CabinetSessionStatus  status,
                                                         const char           *uid,
                                                         gint64                started_at,
                                                         const char           *started_despite);

G_END_DECLS
