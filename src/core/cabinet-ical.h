/* cabinet-ical.h — sessions to and from iCalendar (RFC 5545) files: exported
 * without what identifies a client unless asked, imported with their time zones
 * and repetitions worked out
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cabinet-client.h"
#include "cabinet-session.h"

G_BEGIN_DECLS

#define CABINET_ICAL_ERROR (cabinet_ical_error_quark ())

/* Every message is written for the therapist, not for a programmer. */
typedef enum {
  CABINET_ICAL_ERROR_MALFORMED,  /* not a calendar (.ics) file, damaged, or empty */
  CABINET_ICAL_ERROR_TOO_LARGE,  /* over CABINET_ICAL_MAX_BYTES */
  CABINET_ICAL_ERROR_TOO_MANY,   /* over CABINET_ICAL_MAX_EVENTS sessions, or a
                                  * repetition without end */
  CABINET_ICAL_ERROR_EMPTY,      /* no appointment with a time to import */
} CabinetIcalError;

/* Refused before it is read: a practice's calendar of sessions is far smaller. */
#define CABINET_ICAL_MAX_BYTES (5 * 1024 * 1024)
/* The most sessions one file may bring, repetitions included; a file with
 * exactly this many is imported. */
#define CABINET_ICAL_MAX_EVENTS 1000

/* What an exported event is called: calendars leave the encrypted database
 * (synchronised phones, shared agendas), so by default they say nothing of the
 * client. */
typedef enum {
  CABINET_ICAL_TITLE_SESSION,    /* "Session", translated */
  CABINET_ICAL_TITLE_INITIALS,   /* "H. M.", "J.-P. M." from the first and last names */
  CABINET_ICAL_TITLE_FULL_NAME,  /* the name as Cabinet shows it */
} CabinetIcalTitle;

/* The client of a session, or NULL; not transferred (cabinet_client_store_lookup
 * fits). */
typedef CabinetClient *(*CabinetIcalClientLookup) (gint64   client_id,
                                                   gpointer user_data);

GQuark          cabinet_ical_error_quark  (void);

/* A calendar of @sessions (of CabinetSession), one event each: UID, start and
 * end in UTC, the title @title asks for, CONFIRMED or CANCELLED, marked private.
 * Never the link, fee, modality or anything else about the client. Without
 * @lookup, or when it finds no client or the client has no name to abbreviate,
 * the title is "Session". */
char           *cabinet_ical_export       (GListModel               *sessions,
                                           CabinetIcalTitle          title,
                                           CabinetIcalClientLookup   lookup,
                                           gpointer                  user_data);
/* One calendar holding one event: what a CalDAV server stores per session. */
char           *cabinet_ical_export_one   (CabinetSession           *session,
                                           CabinetIcalTitle          title,
                                           CabinetIcalClientLookup   lookup,
                                           gpointer                  user_data);

/* One appointment read from a calendar; a repeating one gives one per date. */
typedef struct {
  /* The event's UID; for a date of a repeating event, the UID, '-' and the
   * original start in UTC ("…-20260316T090000Z"), so that importing the same
   * file again finds the same sessions. */
  char     *uid;
  gint64    starts_at;  /* UTC seconds */
  gint64    ends_at;    /* UTC seconds, after starts_at */
  char     *summary;    /* the title as written, "" when there is none */
  gboolean  cancelled;  /* STATUS:CANCELLED */
} CabinetIcalEvent;

void            cabinet_ical_event_free   (CabinetIcalEvent         *event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CabinetIcalEvent, cabinet_ical_event_free)

/* What a parse left out, so that the import can say so. */
typedef struct {
  guint n_all_day;   /* all-day events (a repeating one counts once): not sessions */
  guint n_too_long;  /* longer than CABINET_SESSION_MAX_DURATION */
  guint n_invalid;   /* no usable start, an end before the start, outside the years
                      * 1900–2200, repeating more than daily */
  guint n_outside;   /* outside the period asked for */
} CabinetIcalSkipped;

/* FALSE, with the message, for a file of @length bytes too large to read. */
gboolean        cabinet_ical_check_size   (guint64                   length,
                                           GError                  **error);

/* The appointments of an iCalendar text (@length bytes, not necessarily
 * NUL-terminated), of CabinetIcalEvent, by start. Times with a TZID are read in
 * that zone (the file's VTIMEZONE, or a zone libical knows by its name), times
 * without one ("floating") in @local_zone (NULL: this computer's). RRULE, RDATE,
 * EXDATE and modified dates (RECURRENCE-ID) are worked out. An event without an
 * end lasts CABINET_SESSION_DEFAULT_DURATION minutes.
 *
 * With @from < @to, only the appointments starting in [@from, @to) are kept, so
 * that a series repeating without end can be imported for a period; with 0 and 0,
 * all are, and such a series is CABINET_ICAL_ERROR_TOO_MANY. @skipped, when not
 * NULL, is filled even on error. */
GPtrArray      *cabinet_ical_parse        (const char               *text,
                                           gsize                     length,
                                           GTimeZone                *local_zone,
                                           gint64                    from,
                                           gint64                    to,
                                           CabinetIcalSkipped       *skipped,
                                           GError                  **error);

/* The one client of @clients (of CabinetClient) that @summary names: their
 * "First Last", "Last First", pseudonym, name as shown, or initials ("H. M."),
 * accents, case and punctuation ignored; failing that, a title holding
 * "First Last" or "Last First" among other words ("Séance — Hélène Martin").
 * NULL when none or several match. Not transferred. */
CabinetClient  *cabinet_ical_match_client (const char               *summary,
                                           GListModel               *clients);

G_END_DECLS
