/* test-ical.c — sessions exported as iCalendar and read back (by libical itself
 * and by the import), calendars from other applications imported across time
 * zones and repetitions, damaged and outsized files refused, clients recognised
 * in event titles
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libical/ical.h>
#include <locale.h>
#include <string.h>

#include "cabinet-ical.h"
#include "cabinet-test-utils.h"

#define LINK "https://meet.example.org/room-helene"


static GTimeZone *
zone (const char *name)
{
  GTimeZone *tz = g_time_zone_new_identifier (name);

  g_assert_nonnull (tz);
  return tz;
}

static CabinetClient *
make_client (const char *first,
             const char *last,
             const char *pseudonym)
{
  CabinetClient *client = cabinet_client_new ("Europe/Paris");

  cabinet_client_set_text (client, CABINET_CLIENT_FIRST_NAME, first);
  cabinet_client_set_text (client, CABINET_CLIENT_LAST_NAME, last);
  cabinet_client_set_text (client, CABINET_CLIENT_PSEUDONYM, pseudonym);
  return client;
}

static CabinetSession *
make_session (gint64               client_id,
              gint64               start,
              guint                minutes,
              CabinetSessionStatus status)
{
  CabinetSession *session = cabinet_session_new ();

  cabinet_session_set_client_id (session, client_id);
  cabinet_session_set_starts_at (session, start);
  cabinet_session_set_duration (session, minutes);
  cabinet_session_set_link (session, LINK);
  cabinet_session_set_fee (session, 8765, "EUR");
  cabinet_session_load (session, client_id * 100, 0, status,
                        cabinet_session_get_uid (session), 0, NULL);
  return session;
}

/* Three sessions of Hélène Martin (pseudonym Léna): one held, one cancelled by
 * her, one to come. */
static GListStore *
three_sessions (void)
{
  GListStore *store = g_list_store_new (CABINET_TYPE_SESSION);
  g_autoptr(CabinetSession) done = make_session (1, cabinet_test_utc (2026, 3, 9, 9, 0), 50, CABINET_SESSION_DONE);
  g_autoptr(CabinetSession) cancelled = make_session (1, cabinet_test_utc (2026, 3, 16, 9, 0), 50,
                                                      CABINET_SESSION_CANCELLED_CLIENT);
  g_autoptr(CabinetSession) scheduled = make_session (1, cabinet_test_utc (2026, 3, 23, 8, 0), 75,
                                                      CABINET_SESSION_SCHEDULED);

  g_list_store_append (store, done);
  g_list_store_append (store, cancelled);
  g_list_store_append (store, scheduled);
  return store;
}

static CabinetClient *
lookup_helene (gint64   client_id,
               gpointer user_data)
{
  return client_id == 1 ? user_data : NULL;
}

/* Long lines are folded at 75 octets: a name cut in two would escape a search. */
static char *
unfold (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (p[0] == '\r' && p[1] == '\n' && (p[2] == ' ' || p[2] == '\t'))
        {
          p += 2;
          continue;
        }
      if (p[0] == '\n' && (p[1] == ' ' || p[1] == '\t'))
        {
          p += 1;
          continue;
        }
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Unfolded, without the UID and DTSTAMP lines: random and clock digits could
 * hold any number, a fee's included. */
static char *
searchable (const char *text)
{
  g_autofree char *flat = unfold (text);
  g_auto(GStrv) lines = g_strsplit (flat, "\r\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i]; i++)
    if (!g_str_has_prefix (lines[i], "UID:") && !g_str_has_prefix (lines[i], "DTSTAMP:"))
      g_string_append_printf (out, "%s\r\n", lines[i]);
  return g_string_free (out, FALSE);
}

static GPtrArray *
parse_ok (const char         *text,
          GTimeZone          *local,
          CabinetIcalSkipped *skipped)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *events = cabinet_ical_parse (text, strlen (text), local, 0, 0, skipped, &error);

  g_assert_no_error (error);
  g_assert_nonnull (events);
  return events;
}

static void
assert_parse_error (const char       *text,
                    gsize             length,
                    CabinetIcalError  code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = cabinet_ical_parse (text, length, NULL, 0, 0, NULL, &error);

  g_assert_null (events);
  g_assert_error (error, CABINET_ICAL_ERROR, (int) code);
  g_assert_cmpuint (strlen (error->message), >, 20);
  /* A message for the therapist: no libical words, no line numbers. */
  g_assert_null (strstr (error->message, "X-LIC"));
  g_assert_null (strstr (error->message, "VCALENDAR"));
}

static CabinetIcalEvent *
event_at (GPtrArray *events,
          guint      index)
{
  g_assert_cmpuint (index, <, events->len);
  return events->pdata[index];
}

/* Export */

static void
test_export_read_by_libical (void)
{
  g_autoptr(GListStore) sessions = three_sessions ();
  g_autofree char *text = cabinet_ical_export (G_LIST_MODEL (sessions), CABINET_ICAL_TITLE_SESSION,
                                               NULL, NULL);
  icalcomponent *calendar = icalparser_parse_string (text);
  guint n = 0;

  g_assert_nonnull (calendar);
  g_assert_cmpint (icalcomponent_isa (calendar), ==, ICAL_VCALENDAR_COMPONENT);
  g_assert_cmpint (icalcomponent_count_errors (calendar), ==, 0);
  g_assert_cmpstr (icalproperty_get_prodid (icalcomponent_get_first_property (calendar, ICAL_PRODID_PROPERTY)),
                   ==, "-//Cabinet//Cabinet//EN");
  g_assert_cmpstr (icalproperty_get_version (icalcomponent_get_first_property (calendar, ICAL_VERSION_PROPERTY)),
                   ==, "2.0");
  /* A CalDAV server refuses a stored calendar with a METHOD. */
  g_assert_null (icalcomponent_get_first_property (calendar, ICAL_METHOD_PROPERTY));

  for (icalcomponent *event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
       event != NULL;
       event = icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT), n++)
    {
      g_autoptr(CabinetSession) session = g_list_model_get_item (G_LIST_MODEL (sessions), n);
      struct icaltimetype start = icalcomponent_get_dtstart (event);
      struct icaltimetype end = icalcomponent_get_dtend (event);

      g_assert_cmpstr (icalcomponent_get_uid (event), ==, cabinet_session_get_uid (session));
      g_assert_true (icaltime_is_utc (start));
      g_assert_true (icaltime_is_utc (end));
      g_assert_cmpint (icaltime_as_timet (start), ==, cabinet_session_get_starts_at (session));
      g_assert_cmpint (icaltime_as_timet (end), ==, cabinet_session_get_ends_at (session));
      g_assert_cmpint (icalcomponent_get_status (event), ==,
                       n == 1 ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED);
      g_assert_cmpstr (icalcomponent_get_summary (event), ==, _("Session"));
      g_assert_nonnull (icalcomponent_get_first_property (event, ICAL_DTSTAMP_PROPERTY));
      g_assert_null (icalcomponent_get_first_property (event, ICAL_RRULE_PROPERTY));
    }
  g_assert_cmpuint (n, ==, 3);
  icalcomponent_free (calendar);
}

static void
test_export_says_nothing_of_the_client (void)
{
  g_autoptr(GListStore) sessions = three_sessions ();
  g_autoptr(CabinetClient) helene = make_client ("Hélène", "Martin", "Léna");
  const char *secrets[] = { "Hélène", "Martin", "Léna", "H. M.", "meet.example", "room",
                            "8765", "87.65", "87,65", "EUR", "video", "VIDEO", "DESCRIPTION",
                            "LOCATION", "URL", "ATTENDEE", "ORGANIZER", "CONTACT" };
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;

  /* Even with a way to find the client, the default title is "Session". */
  text = cabinet_ical_export (G_LIST_MODEL (sessions), CABINET_ICAL_TITLE_SESSION,
                              lookup_helene, helene);
  flat = searchable (text);
  g_assert_nonnull (strstr (flat, "SUMMARY:Session"));
  g_assert_cmpstr (_("Session"), ==, "Session");
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    if (strstr (flat, secrets[i]) != NULL)
      g_error ("The exported calendar holds “%s”:\n%s", secrets[i], flat);
  g_assert_nonnull (strstr (flat, "CLASS:PRIVATE"));
}

static void
test_export_initials (void)
{
  g_autoptr(GListStore) sessions = three_sessions ();
  g_autoptr(CabinetClient) helene = make_client ("Hélène", "Martin", "Léna");
  g_autoptr(CabinetClient) jean_pierre = make_client ("jean-pierre", "Dupont-Aignan", "");
  g_autoptr(CabinetClient) nameless = make_client ("", "", "Léna");
  g_autoptr(CabinetSession) one = make_session (1, cabinet_test_utc (2026, 3, 9, 9, 0), 50, CABINET_SESSION_DONE);
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  g_autofree char *hyphenated = NULL;
  g_autofree char *pseudonym_only = NULL;

  text = cabinet_ical_export (G_LIST_MODEL (sessions), CABINET_ICAL_TITLE_INITIALS,
                              lookup_helene, helene);
  flat = searchable (text);
  g_assert_nonnull (strstr (flat, "SUMMARY:H. M.\r\n"));
  g_assert_null (strstr (flat, "Hélène"));
  g_assert_null (strstr (flat, "Martin"));
  g_assert_null (strstr (flat, "Léna"));
  g_assert_null (strstr (flat, "Session"));

  hyphenated = cabinet_ical_export_one (one, CABINET_ICAL_TITLE_INITIALS, lookup_helene, jean_pierre);
  g_assert_nonnull (strstr (hyphenated, "SUMMARY:J.-P. D.-A.\r\n"));

  /* Initials come from the names only: a client known by a pseudonym alone is a
   * "Session", not an "L.". */
  pseudonym_only = cabinet_ical_export_one (one, CABINET_ICAL_TITLE_INITIALS, lookup_helene, nameless);
  g_assert_nonnull (strstr (pseudonym_only, "SUMMARY:Session\r\n"));
  g_assert_null (strstr (pseudonym_only, "L."));
}

static void
test_export_full_name (void)
{
  g_autoptr(GListStore) sessions = three_sessions ();
  g_autoptr(CabinetClient) helene = make_client ("Hélène", "Martin", "Léna");
  g_autoptr(CabinetSession) other = make_session (2, cabinet_test_utc (2026, 3, 9, 9, 0), 50, CABINET_SESSION_DONE);
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  g_autofree char *unknown = NULL;
  icalcomponent *calendar;

  text = cabinet_ical_export (G_LIST_MODEL (sessions), CABINET_ICAL_TITLE_FULL_NAME,
                              lookup_helene, helene);
  calendar = icalparser_parse_string (text);
  g_assert_cmpstr (icalcomponent_get_summary (icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT)),
                   ==, "Hélène Martin (Léna)");
  icalcomponent_free (calendar);

  /* The name, and still nothing else. */
  flat = searchable (text);
  g_assert_null (strstr (flat, "meet.example"));
  g_assert_null (strstr (flat, "8765"));
  g_assert_null (strstr (flat, "DESCRIPTION"));

  /* A session whose client cannot be found is a "Session". */
  unknown = cabinet_ical_export_one (other, CABINET_ICAL_TITLE_FULL_NAME, lookup_helene, helene);
  g_assert_nonnull (strstr (unknown, "SUMMARY:Session\r\n"));
}

static void
test_export_one (void)
{
  g_autoptr(CabinetSession) session = make_session (1, cabinet_test_utc (2026, 3, 16, 9, 0), 50,
                                                    CABINET_SESSION_LATE_CANCEL);
  g_autofree char *text = cabinet_ical_export_one (session, CABINET_ICAL_TITLE_SESSION, NULL, NULL);
  icalcomponent *calendar = icalparser_parse_string (text);
  icalcomponent *event;

  g_assert_cmpint (icalcomponent_isa (calendar), ==, ICAL_VCALENDAR_COMPONENT);
  g_assert_cmpint (icalcomponent_count_components (calendar, ICAL_VEVENT_COMPONENT), ==, 1);
  event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
  g_assert_cmpstr (icalcomponent_get_uid (event), ==, cabinet_session_get_uid (session));
  g_assert_cmpint (icalcomponent_get_status (event), ==, ICAL_STATUS_CANCELLED);
  g_assert_true (g_str_has_prefix (text, "BEGIN:VCALENDAR\r\n"));
  icalcomponent_free (calendar);
}

/* What Cabinet writes, Cabinet reads back: same sessions, same times, same
 * cancellations. */
static void
test_export_then_import (void)
{
  g_autoptr(GListStore) sessions = three_sessions ();
  g_autofree char *text = cabinet_ical_export (G_LIST_MODEL (sessions), CABINET_ICAL_TITLE_SESSION,
                                               NULL, NULL);
  g_autoptr(GTimeZone) paris = zone ("Europe/Paris");
  CabinetIcalSkipped skipped;
  g_autoptr(GPtrArray) events = parse_ok (text, paris, &skipped);

  g_assert_cmpuint (events->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(CabinetSession) session = g_list_model_get_item (G_LIST_MODEL (sessions), i);
      CabinetIcalEvent *event = event_at (events, i);

      g_assert_cmpstr (event->uid, ==, cabinet_session_get_uid (session));
      g_assert_cmpint (event->starts_at, ==, cabinet_session_get_starts_at (session));
      g_assert_cmpint (event->ends_at, ==, cabinet_session_get_ends_at (session));
      g_assert_cmpstr (event->summary, ==, "Session");
      g_assert_cmpint (event->cancelled, ==, i == 1);
    }
  g_assert_cmpuint (skipped.n_all_day + skipped.n_invalid + skipped.n_too_long, ==, 0);
}

/* Import */

#define PARIS_VTIMEZONE(tzid) \
  "BEGIN:VTIMEZONE\r\n" \
  "TZID:" tzid "\r\n" \
  "BEGIN:DAYLIGHT\r\n" \
  "TZOFFSETFROM:+0100\r\n" \
  "TZOFFSETTO:+0200\r\n" \
  "TZNAME:CEST\r\n" \
  "DTSTART:19700329T020000\r\n" \
  "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n" \
  "END:DAYLIGHT\r\n" \
  "BEGIN:STANDARD\r\n" \
  "TZOFFSETFROM:+0200\r\n" \
  "TZOFFSETTO:+0100\r\n" \
  "TZNAME:CET\r\n" \
  "DTSTART:19701025T030000\r\n" \
  "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n" \
  "END:STANDARD\r\n" \
  "END:VTIMEZONE\r\n"

#define WEEKLY_IN(tzid) \
  "BEGIN:VEVENT\r\n" \
  "UID:weekly@example.org\r\n" \
  "DTSTAMP:20260301T120000Z\r\n" \
  "DTSTART;TZID=" tzid ":20260316T100000\r\n" \
  "DTEND;TZID=" tzid ":20260316T105000\r\n" \
  "RRULE:FREQ=WEEKLY;COUNT=4\r\n" \
  "SUMMARY:Hélène Martin\r\n" \
  "END:VEVENT\r\n"

/* Paris leaves winter time on 29 March 2026: 10:00 is 09:00 UTC before, 08:00
 * after. */
static void
assert_paris_weeks (GPtrArray *events)
{
  const gint64 starts[] = {
    cabinet_test_utc (2026, 3, 16, 9, 0), cabinet_test_utc (2026, 3, 23, 9, 0),
    cabinet_test_utc (2026, 3, 30, 8, 0), cabinet_test_utc (2026, 4, 6, 8, 0),
  };
  const char *uids[] = {
    "weekly@example.org-20260316T090000Z", "weekly@example.org-20260323T090000Z",
    "weekly@example.org-20260330T080000Z", "weekly@example.org-20260406T080000Z",
  };

  g_assert_cmpuint (events->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      CabinetIcalEvent *event = event_at (events, i);

      g_assert_cmpint (event->starts_at, ==, starts[i]);
      g_assert_cmpint (event->ends_at - event->starts_at, ==, 50 * 60);
      g_assert_cmpstr (event->uid, ==, uids[i]);
      g_assert_cmpstr (event->summary, ==, "Hélène Martin");
      g_assert_false (event->cancelled);
    }
}

static void
test_import_vtimezone_across_dst (void)
{
  /* Outlook names zones its own way, with the VTIMEZONE in the file: only that
   * VTIMEZONE can say where "Romance Standard Time" is. The local zone given
   * (Tokyo) must play no part. */
  const char *text =
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\n"
    PARIS_VTIMEZONE ("Romance Standard Time")
    WEEKLY_IN ("Romance Standard Time")
    "END:VCALENDAR\r\n";
  g_autoptr(GTimeZone) tokyo = zone ("Asia/Tokyo");
  g_autoptr(GPtrArray) events = parse_ok (text, tokyo, NULL);

  assert_paris_weeks (events);
}

static void
test_import_known_zones (void)
{
  const char *paris =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\n"
    WEEKLY_IN ("Europe/Paris")
    "END:VCALENDAR\r\n";
  const char *prefixed =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\n"
    WEEKLY_IN ("/freeassociation.sourceforge.net/Tzfile/Europe/Paris")
    "END:VCALENDAR\r\n";
  /* North America changes its clocks on 8 March 2026; Japan never does. */
  const char *montreal_tokyo =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\n"
    "BEGIN:VEVENT\r\nUID:mtl\r\nDTSTAMP:20260301T120000Z\r\n"
    "DTSTART;TZID=America/Montreal:20260305T100000\r\n"
    "DTEND;TZID=America/Montreal:20260305T105000\r\n"
    "RRULE:FREQ=WEEKLY;UNTIL=20260312T140000Z\r\n"
    "SUMMARY:Montréal\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:tyo\r\nDTSTAMP:20260301T120000Z\r\n"
    "DTSTART;TZID=Asia/Tokyo:20260316T100000\r\n"
    "DTEND;TZID=Asia/Tokyo:20260316T110000\r\n"
    "RDATE;TZID=Asia/Tokyo:20260716T100000\r\n"
    "SUMMARY:Tōkyō\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n";
  g_autoptr(GTimeZone) local = zone ("America/New_York");
  g_autoptr(GPtrArray) from_paris = parse_ok (paris, local, NULL);
  g_autoptr(GPtrArray) from_prefixed = parse_ok (prefixed, local, NULL);
  g_autoptr(GPtrArray) events = parse_ok (montreal_tokyo, local, NULL);

  assert_paris_weeks (from_paris);
  assert_paris_weeks (from_prefixed);

  /* Sorted by start: Montréal 5 March (15:00Z, UTC−5), Montréal 12 March (14:00Z,
   * UTC−4, and UNTIL at exactly that time keeps it), Tokyo in March and in July
   * (01:00Z both, UTC+9). */
  g_assert_cmpuint (events->len, ==, 4);
  g_assert_cmpint (event_at (events, 0)->starts_at, ==, cabinet_test_utc (2026, 3, 5, 15, 0));
  g_assert_cmpint (event_at (events, 1)->starts_at, ==, cabinet_test_utc (2026, 3, 12, 14, 0));
  g_assert_cmpint (event_at (events, 2)->starts_at, ==, cabinet_test_utc (2026, 3, 16, 1, 0));
  g_assert_cmpint (event_at (events, 3)->starts_at, ==, cabinet_test_utc (2026, 7, 16, 1, 0));
  g_assert_cmpint (event_at (events, 3)->ends_at, ==, cabinet_test_utc (2026, 7, 16, 2, 0));
  g_assert_cmpstr (event_at (events, 0)->uid, ==, "mtl-20260305T150000Z");
  g_assert_cmpstr (event_at (events, 3)->uid, ==, "tyo-20260716T010000Z");
  g_assert_cmpstr (event_at (events, 3)->summary, ==, "Tōkyō");
}

/* Without a TZID, a time is the therapist's own (the zone given); "Z" is UTC;
 * a TZID nobody knows falls back to the zone given, and one that looks like a
 * path is never opened as a file. */
static void
test_import_floating_and_utc (void)
{
  const char *text =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\n"
    "BEGIN:VEVENT\r\nUID:floating\r\nDTSTART:20260316T100000\r\nDTEND:20260316T105000\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:utc\r\nDTSTART:20260317T100000Z\r\nDTEND:20260317T105000Z\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:unknown\r\nDTSTART;TZID=Nowhere/Atlantis:20260318T100000\r\n"
    "DTEND;TZID=Nowhere/Atlantis:20260318T105000\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:path\r\nDTSTART;TZID=../../../../dev/zero:20260319T100000\r\n"
    "DURATION:PT50M\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n";
  g_autoptr(GTimeZone) paris = zone ("Europe/Paris");
  g_autoptr(GTimeZone) new_york = zone ("America/New_York");
  g_autoptr(GPtrArray) in_paris = parse_ok (text, paris, NULL);
  g_autoptr(GPtrArray) in_new_york = parse_ok (text, new_york, NULL);

  g_assert_cmpuint (in_paris->len, ==, 4);
  g_assert_cmpint (event_at (in_paris, 0)->starts_at, ==, cabinet_test_utc (2026, 3, 16, 9, 0));
  g_assert_cmpint (event_at (in_paris, 1)->starts_at, ==, cabinet_test_utc (2026, 3, 17, 10, 0));
  g_assert_cmpint (event_at (in_paris, 2)->starts_at, ==, cabinet_test_utc (2026, 3, 18, 9, 0));
  g_assert_cmpint (event_at (in_paris, 3)->starts_at, ==, cabinet_test_utc (2026, 3, 19, 9, 0));
  g_assert_cmpstr (event_at (in_paris, 0)->summary, ==, "");

  g_assert_cmpint (event_at (in_new_york, 0)->starts_at, ==, cabinet_test_utc (2026, 3, 16, 14, 0));
  g_assert_cmpint (event_at (in_new_york, 1)->starts_at, ==, cabinet_test_utc (2026, 3, 17, 10, 0));
}

static void
test_import_exdate_and_moved_date (void)
{
  /* Four Mondays; the third removed (EXDATE); the second moved to Tuesday at
   * 14:00 and cancelled, as Google and Thunderbird write it (RECURRENCE-ID). */
  const char *text =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\n"
    PARIS_VTIMEZONE ("Europe/Paris")
    "BEGIN:VEVENT\r\nUID:series\r\n"
    "DTSTART;TZID=Europe/Paris:20260316T100000\r\n"
    "DTEND;TZID=Europe/Paris:20260316T105000\r\n"
    "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=4\r\n"
    "EXDATE;TZID=Europe/Paris:20260330T100000\r\n"
    "SUMMARY:H. M.\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:series\r\n"
    "RECURRENCE-ID;TZID=Europe/Paris:20260323T100000\r\n"
    "DTSTART;TZID=Europe/Paris:20260324T140000\r\n"
    "DTEND;TZID=Europe/Paris:20260324T145000\r\n"
    "STATUS:CANCELLED\r\n"
    "SUMMARY:H. M. (moved)\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n";
  g_autoptr(GPtrArray) events = parse_ok (text, NULL, NULL);

  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpint (event_at (events, 0)->starts_at, ==, cabinet_test_utc (2026, 3, 16, 9, 0));
  g_assert_false (event_at (events, 0)->cancelled);
  /* The moved date keeps the uid of the date it replaces. */
  g_assert_cmpint (event_at (events, 1)->starts_at, ==, cabinet_test_utc (2026, 3, 24, 13, 0));
  g_assert_cmpstr (event_at (events, 1)->uid, ==, "series-20260323T090000Z");
  g_assert_cmpstr (event_at (events, 1)->summary, ==, "H. M. (moved)");
  g_assert_true (event_at (events, 1)->cancelled);
  /* 30 March is gone; 6 April stays. */
  g_assert_cmpint (event_at (events, 2)->starts_at, ==, cabinet_test_utc (2026, 4, 6, 8, 0));
  g_assert_cmpstr (event_at (events, 2)->uid, ==, "series-20260406T080000Z");
}

static void
test_import_lengths (void)
{
  const char *text =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\n"
    "BEGIN:VEVENT\r\nUID:duration\r\nDTSTART:20260316T090000Z\r\nDURATION:PT1H30M\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:no-end\r\nDTSTART:20260317T090000Z\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:backwards\r\nDTSTART:20260318T090000Z\r\nDTEND:20260318T080000Z\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:negative\r\nDTSTART:20260318T090000Z\r\nDURATION:-PT1H\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:training-day\r\nDTSTART:20260319T080000Z\r\nDTEND:20260319T170000Z\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:holiday\r\nDTSTART;VALUE=DATE:20260320\r\nDTEND;VALUE=DATE:20260321\r\n"
    "RRULE:FREQ=YEARLY\r\nSUMMARY:Holiday\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:too-old\r\nDTSTART:18991231T090000Z\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:no-start\r\nSUMMARY:?\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n";
  CabinetIcalSkipped skipped;
  g_autoptr(GPtrArray) events = parse_ok (text, NULL, &skipped);

  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpstr (event_at (events, 0)->uid, ==, "duration");
  g_assert_cmpint (event_at (events, 0)->ends_at - event_at (events, 0)->starts_at, ==, 90 * 60);
  g_assert_cmpstr (event_at (events, 1)->uid, ==, "no-end");
  g_assert_cmpint (event_at (events, 1)->ends_at - event_at (events, 1)->starts_at, ==,
                   CABINET_SESSION_DEFAULT_DURATION * 60);
  /* The all-day event repeats every year: it is still one event left out. */
  g_assert_cmpuint (skipped.n_all_day, ==, 1);
  g_assert_cmpuint (skipped.n_too_long, ==, 1);
  g_assert_cmpuint (skipped.n_invalid, ==, 4);
}

static void
test_import_only_all_day (void)
{
  const char *text =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\n"
    "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20260320\r\nSUMMARY:Congrès\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:b\r\nDTSTART;VALUE=DATE:20260321\r\nSUMMARY:Congrès\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n";
  g_autoptr(GError) error = NULL;
  CabinetIcalSkipped skipped;
  g_autoptr(GPtrArray) events = cabinet_ical_parse (text, strlen (text), NULL, 0, 0, &skipped, &error);

  g_assert_null (events);
  g_assert_error (error, CABINET_ICAL_ERROR, CABINET_ICAL_ERROR_EMPTY);
  g_assert_nonnull (strstr (error->message, "all-day"));
  g_assert_cmpuint (skipped.n_all_day, ==, 2);
}

static void
test_import_damaged (void)
{
  const char binary[] = { 0x00, 0x01, (char) 0xff, (char) 0xfe, 'B', 'E', 'G', 'I', 'N', 0x00 };
  const char *latin1 = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:S\xe9" "ance\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  const char *vcard = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Hélène Martin\r\nEND:VCARD\r\n";
  const char *garbage = "BEGIN:VCALENDAR\r\ngarbage\r\n\x01\x02 zz\r\n";
  const char *garbage_ended = "BEGIN:VCALENDAR\r\nthis is not a calendar\r\nEND:VCALENDAR\r\n";
  const char *no_events = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\nEND:VCALENDAR\r\n";
  const char *csv = "Prénom;Nom\r\nHélène;Martin\r\n";

  assert_parse_error (garbage, strlen (garbage), CABINET_ICAL_ERROR_MALFORMED);
  assert_parse_error (garbage_ended, strlen (garbage_ended), CABINET_ICAL_ERROR_MALFORMED);
  assert_parse_error (binary, sizeof binary, CABINET_ICAL_ERROR_MALFORMED);
  assert_parse_error (latin1, strlen (latin1), CABINET_ICAL_ERROR_MALFORMED);
  assert_parse_error (vcard, strlen (vcard), CABINET_ICAL_ERROR_MALFORMED);
  assert_parse_error (csv, strlen (csv), CABINET_ICAL_ERROR_MALFORMED);
  assert_parse_error ("", 0, CABINET_ICAL_ERROR_MALFORMED);
  assert_parse_error (" \r\n\r\n", 5, CABINET_ICAL_ERROR_MALFORMED);
  assert_parse_error (no_events, strlen (no_events), CABINET_ICAL_ERROR_EMPTY);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) events = cabinet_ical_parse (vcard, strlen (vcard), NULL, 0, 0, NULL, &error);

    g_assert_cmpstr (error->message, ==,
                     "This file is not a calendar (.ics) file, or it is damaged. In your "
                     "calendar application, export the calendar again in the iCalendar "
                     "(.ics) format and import that file.");
  }
}

static void
test_import_too_large (void)
{
  gsize length = 6 * 1024 * 1024;
  g_autofree char *text = g_malloc (length);
  gint64 before = g_get_monotonic_time ();

  /* A real calendar as far as the first bytes go: the size alone refuses it. */
  memset (text, '\n', length);
  memcpy (text, "BEGIN:VCALENDAR\r\n", 17);
  assert_parse_error (text, length, CABINET_ICAL_ERROR_TOO_LARGE);
  g_assert_cmpint (g_get_monotonic_time () - before, <, G_USEC_PER_SEC);
}

/* Just at the limit, a file is read: a calendar without events, padded with
 * lines other applications would keep (X- properties). */
static void
test_import_at_the_limit (void)
{
  g_autoptr(GString) text = g_string_new ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\n");
  const char *end = "END:VCALENDAR\r\n";

  while (text->len + 64 + strlen (end) <= CABINET_ICAL_MAX_BYTES)
    g_string_append (text, "X-PADDING:0123456789012345678901234567890123456789012345678901\r\n");
  while (text->len + strlen (end) < CABINET_ICAL_MAX_BYTES)
    g_string_append_c (text, '\n');
  g_string_append (text, end);
  g_assert_cmpuint (text->len, ==, CABINET_ICAL_MAX_BYTES);
  assert_parse_error (text->str, text->len, CABINET_ICAL_ERROR_EMPTY);
}

static void
test_import_without_end (void)
{
  const char *text =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\n"
    "BEGIN:VEVENT\r\nUID:forever\r\nDTSTART;TZID=Europe/Paris:20200106T100000\r\n"
    "DURATION:PT50M\r\nRRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n";
  const char *daily = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:d\r\nDTSTART:19000101T090000Z\r\n"
                      "RRULE:FREQ=DAILY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) refused = NULL;
  g_autoptr(GPtrArray) first_quarter = NULL;
  gint64 before = g_get_monotonic_time ();

  refused = cabinet_ical_parse (text, strlen (text), NULL, 0, 0, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, CABINET_ICAL_ERROR, CABINET_ICAL_ERROR_TOO_MANY);
  g_assert_nonnull (strstr (error->message, "1,000"));
  g_clear_error (&error);
  assert_parse_error (daily, strlen (daily), CABINET_ICAL_ERROR_TOO_MANY);
  g_assert_cmpint (g_get_monotonic_time () - before, <, 2 * G_USEC_PER_SEC);

  /* For a period, the same series is its Mondays in that period. */
  first_quarter = cabinet_ical_parse (text, strlen (text), NULL,
                                      cabinet_test_utc (2026, 1, 1, 0, 0), cabinet_test_utc (2026, 4, 1, 0, 0),
                                      NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first_quarter->len, ==, 13);
  g_assert_cmpint (event_at (first_quarter, 0)->starts_at, ==, cabinet_test_utc (2026, 1, 5, 9, 0));
  g_assert_cmpint (event_at (first_quarter, 12)->starts_at, ==, cabinet_test_utc (2026, 3, 30, 8, 0));
  g_assert_cmpstr (event_at (first_quarter, 0)->uid, ==, "forever-20260105T090000Z");
}

/* Rules no session follows, some of which libical would search for centuries:
 * left out, and quickly. */
static void
test_import_pathological_rules (void)
{
  g_autoptr(GString) text = g_string_new ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\n");
  g_autoptr(GPtrArray) events = NULL;
  CabinetIcalSkipped skipped;
  gint64 before;

  g_string_append (text, "BEGIN:VEVENT\r\nUID:s\r\nDTSTART:20260316T090000Z\r\n"
                         "RRULE:FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30\r\nEND:VEVENT\r\n");
  g_string_append (text, "BEGIN:VEVENT\r\nUID:h\r\nDTSTART:20260316T090000Z\r\n"
                         "RRULE:FREQ=HOURLY;COUNT=3\r\nEND:VEVENT\r\n");
  for (guint i = 0; i < 20; i++)
    g_string_append_printf (text, "BEGIN:VEVENT\r\nUID:never-%u\r\nDTSTART:20260316T090000Z\r\n"
                                  "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30\r\nEND:VEVENT\r\n", i);
  g_string_append (text, "BEGIN:VEVENT\r\nUID:ok\r\nDTSTART:20260317T090000Z\r\nEND:VEVENT\r\n");
  g_string_append (text, "END:VCALENDAR\r\n");

  before = g_get_monotonic_time ();
  events = parse_ok (text->str, NULL, &skipped);
  g_assert_cmpint (g_get_monotonic_time () - before, <, 10 * G_USEC_PER_SEC);

  /* The first dates of the filtered daily rules that were expanded (their
   * DTSTART), and the plain event. */
  g_assert_cmpuint (events->len, ==, 5);
  g_assert_cmpuint (skipped.n_invalid, ==, 2 + 16);
}

static char *
many_events (guint n)
{
  GString *text = g_string_new ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\n");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GDateTime) day = g_date_time_new_utc (2026, 1, 1, 9, 0, 0);
      g_autoptr(GDateTime) start = g_date_time_add_days (day, (int) i);
      g_autofree char *stamp = g_date_time_format (start, "%Y%m%dT%H%M%SZ");

      g_string_append_printf (text, "BEGIN:VEVENT\r\nUID:event-%u@example.org\r\nDTSTAMP:%s\r\n"
                                    "DTSTART:%s\r\nDURATION:PT50M\r\nSUMMARY:Séance\r\nEND:VEVENT\r\n",
                              i, stamp, stamp);
    }
  g_string_append (text, "END:VCALENDAR\r\n");
  return g_string_free (text, FALSE);
}

/* The limit is inclusive: 1,000 sessions are imported, 1,001 are refused. */
static void
test_import_limit (void)
{
  g_autofree char *thousand = many_events (CABINET_ICAL_MAX_EVENTS);
  g_autofree char *one_more = many_events (CABINET_ICAL_MAX_EVENTS + 1);
  g_autoptr(GPtrArray) events = parse_ok (thousand, NULL, NULL);

  g_assert_cmpuint (events->len, ==, 1000);
  g_assert_cmpstr (event_at (events, 999)->uid, ==, "event-999@example.org");
  assert_parse_error (one_more, strlen (one_more), CABINET_ICAL_ERROR_TOO_MANY);
}

/* Importing the same file twice gives the same uids, even to events without one;
 * two events sharing a UID are told apart. */
static void
test_import_stable_uids (void)
{
  const char *text =
    "\xEF\xBB\xBF" "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Example//EN\n"
    "BEGIN:VEVENT\nDTSTART:20260316T090000Z\nSUMMARY:No uid\nEND:VEVENT\n"
    "BEGIN:VEVENT\nUID:twin\nDTSTART:20260317T090000Z\nEND:VEVENT\n"
    "BEGIN:VEVENT\nUID:twin\nDTSTART:20260318T090000Z\nEND:VEVENT\n"
    "BEGIN:VEVENT\nUID:twin\nDTSTART:20260318T090000Z\nEND:VEVENT\n"
    "END:VCALENDAR\n";
  g_autoptr(GPtrArray) first = parse_ok (text, NULL, NULL);
  g_autoptr(GPtrArray) second = parse_ok (text, NULL, NULL);

  g_assert_cmpuint (first->len, ==, 3);
  g_assert_cmpuint (second->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (event_at (first, i)->uid, ==, event_at (second, i)->uid);
  g_assert_true (g_str_has_prefix (event_at (first, 0)->uid, "cabinet-import-"));
  g_assert_cmpstr (event_at (first, 1)->uid, ==, "twin");
  g_assert_cmpstr (event_at (first, 2)->uid, ==, "twin-20260318T090000Z");
}

/* Client matching */

static void
test_match_client (void)
{
  g_autoptr(GListStore) clients = g_list_store_new (CABINET_TYPE_CLIENT);
  g_autoptr(GListStore) without_hugo = g_list_store_new (CABINET_TYPE_CLIENT);
  g_autoptr(CabinetClient) helene = make_client ("Hélène", "Martin", "Léna");
  g_autoptr(CabinetClient) hugo = make_client ("Hugo", "Moreau", "");
  g_autoptr(CabinetClient) jean_pierre = make_client ("Jean-Pierre", "Lefèvre-Cœur", "");
  GListModel *model = G_LIST_MODEL (clients);

  g_list_store_append (clients, helene);
  g_list_store_append (clients, hugo);
  g_list_store_append (clients, jean_pierre);
  g_list_store_append (without_hugo, helene);
  g_list_store_append (without_hugo, jean_pierre);

  g_assert_true (cabinet_ical_match_client ("helene martin", model) == helene);
  g_assert_true (cabinet_ical_match_client ("Hélène Martin", model) == helene);
  g_assert_true (cabinet_ical_match_client ("Martin Hélène", model) == helene);
  g_assert_true (cabinet_ical_match_client ("MARTIN, Hélène", model) == helene);
  g_assert_true (cabinet_ical_match_client ("Léna", model) == helene);
  g_assert_true (cabinet_ical_match_client ("Hélène Martin (Léna)", model) == helene);
  g_assert_true (cabinet_ical_match_client ("Séance — Hélène Martin", model) == helene);
  g_assert_true (cabinet_ical_match_client ("jean pierre lefevre coeur", model) == jean_pierre);
  g_assert_true (cabinet_ical_match_client ("J.-P. L.-C.", model) == jean_pierre);

  /* Hélène Martin and Hugo Moreau are both "H. M.": no guess. */
  g_assert_null (cabinet_ical_match_client ("H. M.", model));
  g_assert_true (cabinet_ical_match_client ("H. M.", G_LIST_MODEL (without_hugo)) == helene);
  g_assert_true (cabinet_ical_match_client ("h.m.", G_LIST_MODEL (without_hugo)) == helene);

  g_assert_null (cabinet_ical_match_client ("Hélène", model));
  g_assert_null (cabinet_ical_match_client ("HM", model));
  g_assert_null (cabinet_ical_match_client (_("Session"), model));
  g_assert_null (cabinet_ical_match_client ("", model));
  g_assert_null (cabinet_ical_match_client (" — ", model));
  g_assert_null (cabinet_ical_match_client (NULL, model));
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ical/export/read-by-libical", test_export_read_by_libical);
  g_test_add_func ("/ical/export/says-nothing-of-the-client", test_export_says_nothing_of_the_client);
  g_test_add_func ("/ical/export/initials", test_export_initials);
  g_test_add_func ("/ical/export/full-name", test_export_full_name);
  g_test_add_func ("/ical/export/one", test_export_one);
  g_test_add_func ("/ical/export/then-import", test_export_then_import);
  g_test_add_func ("/ical/import/vtimezone-across-dst", test_import_vtimezone_across_dst);
  g_test_add_func ("/ical/import/known-zones", test_import_known_zones);
  g_test_add_func ("/ical/import/floating-and-utc", test_import_floating_and_utc);
  g_test_add_func ("/ical/import/exdate-and-moved-date", test_import_exdate_and_moved_date);
  g_test_add_func ("/ical/import/lengths", test_import_lengths);
  g_test_add_func ("/ical/import/only-all-day", test_import_only_all_day);
  g_test_add_func ("/ical/import/damaged", test_import_damaged);
  g_test_add_func ("/ical/import/too-large", test_import_too_large);
  g_test_add_func ("/ical/import/at-the-limit", test_import_at_the_limit);
  g_test_add_func ("/ical/import/without-end", test_import_without_end);
  g_test_add_func ("/ical/import/pathological-rules", test_import_pathological_rules);
  g_test_add_func ("/ical/import/limit", test_import_limit);
  g_test_add_func ("/ical/import/stable-uids", test_import_stable_uids);
  g_test_add_func ("/ical/match-client", test_match_client);
  return g_test_run ();
}
