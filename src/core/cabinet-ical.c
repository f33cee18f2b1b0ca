/* cabinet-ical.c — sessions to and from iCalendar (RFC 5545) files: exported
 * without what identifies a client unless asked, imported with their time zones
 * and repetitions worked out
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libical/ical.h>
#include <string.h>

#include "cabinet-ical.h"

G_DEFINE_QUARK (cabinet-ical-error-quark, cabinet_ical_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (icalcomponent, icalcomponent_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (icalrecur_iterator, icalrecur_iterator_free)

/* 1900-01-01 and 2201-01-01 at 00:00 UTC: the years a session may be planned in
 * (cabinet_session_validate() says the same). */
#define MIN_TIME G_GINT64_CONSTANT (-2208988800)
#define MAX_TIME G_GINT64_CONSTANT (7289654400)

/* Steps of libical's recurrence iterator over a whole file, kept dates or not
 * (before the period, excluded): enough for a daily series since 1900, and a
 * bound on the time a file can cost. */
#define MAX_STEPS 200000
/* libical 3.0 looks for the next date of a rule up to the year 2582 before it
 * gives up: a daily rule whose filters never match (BYMONTH=2;BYMONTHDAY=30)
 * costs half a second in one call, which no count can interrupt. Calendar
 * applications do not write such filters on daily, weekly or monthly rules, so
 * a few are allowed and the rest left out. */
#define MAX_FILTERED_RULES 4
/* Real VTIMEZONEs have a few observances, a full history a few hundred; libical
 * expands every one of them when it converts a time. */
#define MAX_OBSERVANCES 1000

static void
ensure_errors_not_fatal (void)
{
  static gsize done = 0;

  /* libical may be built to abort() on a parse error; a damaged file must
   * become a message. */
  if (g_once_init_enter (&done))
    {
      icalerror_set_errors_are_fatal (0);
      g_once_init_leave (&done, 1);
    }
}

/* Export */

/* "Jean-Pierre" gives "J.-P.", as French abbreviates it; of a name of several
 * words, the first is kept. */
static void
append_initials (GString    *out,
                 const char *name)
{
  g_autofree char *trimmed = NULL;
  g_auto(GStrv) words = NULL;
  g_auto(GStrv) parts = NULL;
  g_autoptr(GString) initials = g_string_new (NULL);

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return;
  trimmed = g_strstrip (g_strdup (name));
  words = g_strsplit_set (trimmed, " \t", 2);
  if (words[0] == NULL)
    return;
  parts = g_strsplit (words[0], "-", -1);
  for (guint i = 0; parts[i]; i++)
    {
      if (*parts[i] == '\0')
        continue;
      if (initials->len > 0)
        g_string_append_c (initials, '-');
      g_string_append_unichar (initials, g_unichar_toupper (g_utf8_get_char (parts[i])));
      g_string_append_c (initials, '.');
    }
  if (initials->len == 0)
    return;
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append_len (out, initials->str, initials->len);
}

/* The pseudonym is left out on purpose: it often is the name the client goes by,
 * and initials are meant to say less than a name. */
static char *
client_initials (CabinetClient *client)
{
  GString *out = g_string_new (NULL);

  append_initials (out, cabinet_client_get_text (client, CABINET_CLIENT_FIRST_NAME));
  append_initials (out, cabinet_client_get_text (client, CABINET_CLIENT_LAST_NAME));
  return g_string_free (out, FALSE);
}

static char *
event_title (CabinetSession          *session,
             CabinetIcalTitle         title,
             CabinetIcalClientLookup  lookup,
             gpointer                 user_data)
{
  if (title != CABINET_ICAL_TITLE_SESSION && lookup != NULL)
    {
      CabinetClient *client = lookup (cabinet_session_get_client_id (session), user_data);

      if (client != NULL)
        {
          g_autofree char *text = NULL;

          if (title == CABINET_ICAL_TITLE_INITIALS)
            text = client_initials (client);
          else
            text = cabinet_client_dup_display_name (client);
          if (text != NULL && *text != '\0')
            return g_steal_pointer (&text);
        }
    }
  /* Translators: the title of a session in a calendar exported for another
   * application; it says nothing about the client. */
  return g_strdup (_("Session"));
}

static struct icaltimetype
utc_time (gint64 seconds)
{
  return icaltime_from_timet_with_zone ((time_t) seconds, 0, icaltimezone_get_utc_timezone ());
}

static icalcomponent *
new_calendar (void)
{
  icalcomponent *calendar = icalcomponent_new_vcalendar ();

  /* No METHOD: a calendar object stored on a CalDAV server must not have one
   * (RFC 4791), and a plain file needs none. */
  icalcomponent_add_property (calendar, icalproperty_new_prodid ("-//Cabinet//Cabinet//EN"));
  icalcomponent_add_property (calendar, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (calendar, icalproperty_new_calscale ("GREGORIAN"));
  return calendar;
}

static void
add_session (icalcomponent           *calendar,
             CabinetSession          *session,
             struct icaltimetype      stamp,
             CabinetIcalTitle         title,
             CabinetIcalClientLookup  lookup,
             gpointer                 user_data)
{
  icalcomponent *event = icalcomponent_new_vevent ();
  g_autofree char *summary = event_title (session, title, lookup, user_data);
  CabinetSessionStatus status = cabinet_session_get_status (session);

  icalcomponent_add_property (event, icalproperty_new_uid (cabinet_session_get_uid (session)));
  icalcomponent_add_property (event, icalproperty_new_dtstamp (stamp));
  icalcomponent_add_property (event, icalproperty_new_dtstart (utc_time (cabinet_session_get_starts_at (session))));
  icalcomponent_add_property (event, icalproperty_new_dtend (utc_time (cabinet_session_get_ends_at (session))));
  icalcomponent_add_property (event, icalproperty_new_summary (summary));
  /* A session that still takes its slot (held, missed or to come) keeps the
   * time busy; a cancelled one frees it. */
  icalcomponent_add_property (event,
                              icalproperty_new_status (cabinet_session_status_holds_slot (status)
                                                       ? ICAL_STATUS_CONFIRMED
                                                       : ICAL_STATUS_CANCELLED));
  /* Asks agendas shared with others (a partner, a secretary) to show only
   * "busy". */
  icalcomponent_add_property (event, icalproperty_new_class (ICAL_CLASS_PRIVATE));
  icalcomponent_add_component (calendar, event);
}

static char *
calendar_to_string (icalcomponent *calendar)
{
  char *ical = icalcomponent_as_ical_string_r (calendar);
  char *text = g_strdup (ical);

  icalmemory_free_buffer (ical);
  return text;
}

static struct icaltimetype
now_stamp (void)
{
  return utc_time (g_get_real_time () / G_USEC_PER_SEC);
}

char *
cabinet_ical_export (GListModel              *sessions,
                     CabinetIcalTitle         title,
                     CabinetIcalClientLookup  lookup,
                     gpointer                 user_data)
{
  g_autoptr(icalcomponent) calendar = NULL;
  struct icaltimetype stamp;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (sessions), NULL);

  calendar = new_calendar ();
  stamp = now_stamp ();
  n = g_list_model_get_n_items (sessions);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CabinetSession) session = g_list_model_get_item (sessions, i);

      add_session (calendar, session, stamp, title, lookup, user_data);
    }
  return calendar_to_string (calendar);
}

char *
cabinet_ical_export_one (CabinetSession          *session,
                         CabinetIcalTitle         title,
                         CabinetIcalClientLookup  lookup,
                         gpointer                 user_data)
{
  g_autoptr(icalcomponent) calendar = NULL;

  g_return_val_if_fail (CABINET_IS_SESSION (session), NULL);

  calendar = new_calendar ();
  add_session (calendar, session, now_stamp (), title, lookup, user_data);
  return calendar_to_string (calendar);
}

/* Import */

void
cabinet_ical_event_free (CabinetIcalEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->uid);
  g_free (event->summary);
  g_free (event);
}

/* Where a wall-clock time is: a libical zone (UTC, the file's VTIMEZONE, a zone
 * known by name), or the GTimeZone given for floating times. */
typedef struct {
  icaltimezone *ical;
  GTimeZone    *glib;
} Zone;

typedef struct {
  GTimeZone          *local;
  gboolean            windowed;
  gint64              from;
  gint64              to;
  GPtrArray          *events;      /* of CabinetIcalEvent */
  GHashTable         *uids;        /* the uids given so far */
  GHashTable         *overrides;   /* "UID\nstart": dates a RECURRENCE-ID replaces */
  GHashTable         *zones;       /* "calendar\nTZID" → Zone */
  CabinetIcalSkipped  skipped;
  guint               n_outside;   /* kept out by the period */
  guint               n_steps;
  guint               n_filtered_rules;
} Parse;

static void
parse_clear (Parse *st)
{
  g_clear_pointer (&st->local, g_time_zone_unref);
  g_clear_pointer (&st->events, g_ptr_array_unref);
  g_clear_pointer (&st->uids, g_hash_table_unref);
  g_clear_pointer (&st->overrides, g_hash_table_unref);
  g_clear_pointer (&st->zones, g_hash_table_unref);
}

static void
set_malformed (GError **error)
{
  g_set_error_literal (error, CABINET_ICAL_ERROR, CABINET_ICAL_ERROR_MALFORMED,
                       _("This file is not a calendar (.ics) file, or it is damaged. In your "
                         "calendar application, export the calendar again in the iCalendar "
                         "(.ics) format and import that file."));
}

static void
set_too_many (GError **error)
{
  g_set_error_literal (error, CABINET_ICAL_ERROR, CABINET_ICAL_ERROR_TOO_MANY,
                       _("This calendar holds more than 1,000 sessions, or appointments that "
                         "repeat without end. Import a shorter period, or export a few months "
                         "at a time from your calendar application."));
}

/* libical reads a zone it knows by name from a file of that name under
 * /usr/share/zoneinfo: a name that could lead out of that folder, or to a
 * device, is not a zone name. */
static gboolean
looks_like_zone_name (const char *name)
{
  gsize length = strlen (name);

  if (length == 0 || length > 64 || !g_ascii_isalpha (name[0]))
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr ("/_+-", *p) == NULL)
      return FALSE;
  return TRUE;
}

static icaltimezone *
known_timezone (const char *tzid)
{
  if (tzid[0] != '/')
    return looks_like_zone_name (tzid) ? icaltimezone_get_builtin_timezone (tzid) : NULL;

  /* Thunderbird and Evolution put a prefix before the name:
   * "/mozilla.org/20050126_1/Europe/Paris",
   * "/freeassociation.sourceforge.net/Tzfile/Europe/Paris". */
  for (const char *name = strchr (tzid + 1, '/'); name; name = strchr (name + 1, '/'))
    if (looks_like_zone_name (name + 1))
      {
        icaltimezone *zone = icaltimezone_get_builtin_timezone (name + 1);

        if (zone != NULL)
          return zone;
      }
  return NULL;
}

static GPtrArray *
collect_properties (icalcomponent     *component,
                    icalproperty_kind  kind)
{
  GPtrArray *props = g_ptr_array_new ();

  /* libical iterates with a cursor kept in the component: collecting first
   * keeps two loops over one component from disturbing each other. */
  for (icalproperty *prop = icalcomponent_get_first_property (component, kind);
       prop != NULL;
       prop = icalcomponent_get_next_property (component, kind))
    g_ptr_array_add (props, prop);
  return props;
}

static GPtrArray *
collect_components (icalcomponent      *component,
                    icalcomponent_kind  kind)
{
  GPtrArray *children = g_ptr_array_new ();

  for (icalcomponent *child = icalcomponent_get_first_component (component, kind);
       child != NULL;
       child = icalcomponent_get_next_component (component, kind))
    g_ptr_array_add (children, child);
  return children;
}

/* A VTIMEZONE libical can expand in bounded time: observances that repeat
 * yearly, as every real zone's do, and not too many of them. */
static gboolean
vtimezone_is_bounded (icalcomponent *vtimezone)
{
  g_autoptr(GPtrArray) children = collect_components (vtimezone, ICAL_ANY_COMPONENT);
  guint n = 0;

  for (guint i = 0; i < children->len; i++)
    {
      icalcomponent *observance = children->pdata[i];
      icalcomponent_kind kind = icalcomponent_isa (observance);
      g_autoptr(GPtrArray) rrules = NULL;

      if (kind != ICAL_XSTANDARD_COMPONENT && kind != ICAL_XDAYLIGHT_COMPONENT)
        continue;
      n++;
      rrules = collect_properties (observance, ICAL_RRULE_PROPERTY);
      for (guint j = 0; j < rrules->len; j++)
        if (icalproperty_get_rrule (rrules->pdata[j]).freq != ICAL_YEARLY_RECURRENCE)
          return FALSE;
      n += icalcomponent_count_properties (observance, ICAL_RDATE_PROPERTY);
      if (n > MAX_OBSERVANCES)
        return FALSE;
    }
  return n > 0;
}

/* The zone of a time: UTC for "…Z"; for a TZID, the file's own VTIMEZONE, else
 * a zone libical knows by that name, else (a name only Outlook knows, and no
 * VTIMEZONE) the local zone, as for a floating time. */
static void
resolve_zone (Parse                     *st,
              icalcomponent             *calendar,
              icalproperty              *prop,
              const struct icaltimetype *time,
              Zone                      *zone)
{
  icalparameter *param;
  const char *tzid;
  g_autofree char *key = NULL;
  Zone *cached;
  icaltimezone *found;

  zone->ical = NULL;
  zone->glib = st->local;
  if (icaltime_is_utc (*time))
    {
      zone->ical = icaltimezone_get_utc_timezone ();
      return;
    }
  param = icalproperty_get_first_parameter (prop, ICAL_TZID_PARAMETER);
  tzid = param ? icalparameter_get_tzid (param) : NULL;
  if (tzid == NULL || *tzid == '\0')
    return;

  key = g_strdup_printf ("%p\n%s", (void *) calendar, tzid);
  cached = g_hash_table_lookup (st->zones, key);
  if (cached != NULL)
    {
      *zone = *cached;
      return;
    }

  found = icalcomponent_get_timezone (calendar, tzid);
  if (found != NULL && !vtimezone_is_bounded (icaltimezone_get_component (found)))
    found = NULL;
  if (found == NULL)
    found = known_timezone (tzid);
  zone->ical = found;

  cached = g_new (Zone, 1);
  *cached = *zone;
  g_hash_table_insert (st->zones, g_steal_pointer (&key), cached);
}

static gboolean
wall_time_is_valid (const struct icaltimetype *time)
{
  return time->year >= 1900 && time->year <= 2200
         && time->month >= 1 && time->month <= 12
         && time->day >= 1 && time->day <= g_date_get_days_in_month (time->month, time->year)
         && time->hour >= 0 && time->hour <= 23
         && time->minute >= 0 && time->minute <= 59
         && time->second >= 0 && time->second <= 60;
}

/* UTC seconds of a wall-clock time in @zone; FALSE for a time that is not one
 * or lies outside the years Cabinet plans in. libical's own conversion to
 * time_t is avoided: it goes through mktime() rules that differ between
 * versions before 1970. */
static gboolean
wall_to_utc (const Zone          *zone,
             struct icaltimetype  time,
             gint64              *utc)
{
  g_autoptr(GDateTime) date = NULL;

  if (!wall_time_is_valid (&time))
    return FALSE;
  /* A leap second is the last second of its minute. */
  time.second = MIN (time.second, 59);
  time.is_date = 0;
  time.zone = NULL;
  if (zone->ical != NULL)
    {
      icaltimezone_convert_time (&time, zone->ical, icaltimezone_get_utc_timezone ());
      date = g_date_time_new_utc (time.year, time.month, time.day, time.hour, time.minute, time.second);
    }
  else
    date = g_date_time_new (zone->glib, time.year, time.month, time.day,
                            time.hour, time.minute, time.second);
  if (date == NULL)
    return FALSE;
  *utc = g_date_time_to_unix (date);
  return TRUE;
}

static gboolean
property_to_utc (Parse               *st,
                 icalcomponent       *calendar,
                 icalproperty        *prop,
                 struct icaltimetype  time,
                 gint64              *utc)
{
  Zone zone;

  if (icaltime_is_null_time (time) || time.is_date)
    return FALSE;
  resolve_zone (st, calendar, prop, &time, &zone);
  return wall_to_utc (&zone, time, utc);
}

static gint64
duration_seconds (struct icaldurationtype duration)
{
  gint64 seconds = ((((gint64) duration.weeks * 7 + duration.days) * 24
                     + duration.hours) * 60 + duration.minutes) * 60 + duration.seconds;

  return duration.is_neg ? -seconds : seconds;
}

/* "20260316T090000Z": how RFC 5545 writes a UTC time, and what tells apart the
 * dates of one repeating event. */
static char *
basic_utc (gint64 utc)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (utc);

  return g_date_time_format (date, "%Y%m%dT%H%M%SZ");
}

static char *
override_key (const char *uid,
              gint64      start)
{
  return g_strdup_printf ("%s\n%" G_GINT64_FORMAT, uid, start);
}

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const CabinetIcalEvent *x = *(CabinetIcalEvent * const *) a;
  const CabinetIcalEvent *y = *(CabinetIcalEvent * const *) b;

  if (x->starts_at != y->starts_at)
    return x->starts_at < y->starts_at ? -1 : 1;
  return strcmp (x->uid, y->uid);
}

/* What is common to every date of one VEVENT. */
typedef struct {
  icalcomponent *calendar;
  icalcomponent *event;
  Zone           zone;           /* DTSTART's */
  gint64         length;         /* seconds */
  const char    *uid;
  const char    *summary;
  gboolean       cancelled;
  GHashTable    *excluded;       /* EXDATE, UTC seconds */
  GHashTable    *excluded_days;  /* EXDATE;VALUE=DATE, as YYYYMMDD */
  GHashTable    *seen;           /* dates already given */
} Event;

static gboolean
add_event (Parse       *st,
           const char  *uid,
           gint64       start,
           gint64       end,
           const char  *summary,
           gboolean     cancelled,
           GError     **error)
{
  CabinetIcalEvent *event;
  g_autofree char *unique = NULL;

  if (start < MIN_TIME || start >= MAX_TIME)
    {
      st->skipped.n_invalid++;
      return TRUE;
    }
  if (st->windowed && (start < st->from || start >= st->to))
    {
      st->n_outside++;
      return TRUE;
    }
  if (end - start > CABINET_SESSION_MAX_DURATION * 60)
    {
      st->skipped.n_too_long++;
      return TRUE;
    }

  /* Two events sharing a UID break RFC 5545 but happen (copied events); the
   * second is told apart by its start. The same UID at the same start is the
   * same appointment given twice. */
  if (g_hash_table_contains (st->uids, uid))
    {
      g_autofree char *stamp = basic_utc (start);

      unique = g_strdup_printf ("%s-%s", uid, stamp);
      if (g_hash_table_contains (st->uids, unique))
        return TRUE;
      uid = unique;
    }

  if (st->events->len >= CABINET_ICAL_MAX_EVENTS)
    {
      set_too_many (error);
      return FALSE;
    }

  event = g_new0 (CabinetIcalEvent, 1);
  event->uid = g_strdup (uid);
  event->starts_at = start;
  event->ends_at = end;
  event->summary = g_strdup (summary);
  event->cancelled = cancelled;
  g_ptr_array_add (st->events, event);
  g_hash_table_add (st->uids, g_strdup (uid));
  return TRUE;
}

/* One date of a repeating event, unless EXDATE removed it, a RECURRENCE-ID
 * event replaces it, or another rule gave it already. */
static gboolean
add_occurrence (Parse       *st,
                Event       *ev,
                gint64       start,
                gint64       end,
                guint        day,
                GError     **error)
{
  g_autofree char *key = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *uid = NULL;

  if (g_hash_table_contains (ev->excluded, &start)
      || g_hash_table_contains (ev->excluded_days, GUINT_TO_POINTER (day)))
    return TRUE;
  if (g_hash_table_contains (ev->seen, &start))
    return TRUE;
  g_hash_table_add (ev->seen, g_memdup2 (&start, sizeof start));

  key = override_key (ev->uid, start);
  if (g_hash_table_contains (st->overrides, key))
    return TRUE;

  stamp = basic_utc (start);
  uid = g_strdup_printf ("%s-%s", ev->uid, stamp);
  return add_event (st, uid, start, end, ev->summary, ev->cancelled, error);
}

static guint
day_of (const struct icaltimetype *time)
{
  return (guint) (time->year * 10000 + time->month * 100 + time->day);
}

static void
read_exdates (Parse *st,
              Event *ev)
{
  g_autoptr(GPtrArray) props = collect_properties (ev->event, ICAL_EXDATE_PROPERTY);

  for (guint i = 0; i < props->len; i++)
    {
      struct icaltimetype time = icalproperty_get_exdate (props->pdata[i]);
      gint64 utc;

      if (icaltime_is_null_time (time))
        continue;
      if (time.is_date)
        g_hash_table_add (ev->excluded_days, GUINT_TO_POINTER (day_of (&time)));
      else if (property_to_utc (st, ev->calendar, props->pdata[i], time, &utc))
        g_hash_table_add (ev->excluded, g_memdup2 (&utc, sizeof utc));
    }
}

/* Filters that make libical 3.0 search long for a date (see MAX_FILTERED_RULES). */
static gboolean
rule_is_filtered (const struct icalrecurrencetype *rule)
{
  if (rule->freq == ICAL_YEARLY_RECURRENCE)
    return FALSE;
  return rule->by_month[0] != ICAL_RECURRENCE_ARRAY_MAX
         || rule->by_set_pos[0] != ICAL_RECURRENCE_ARRAY_MAX
         || rule->by_year_day[0] != ICAL_RECURRENCE_ARRAY_MAX
         || rule->by_week_no[0] != ICAL_RECURRENCE_ARRAY_MAX
         || (rule->freq == ICAL_DAILY_RECURRENCE
             && rule->by_month_day[0] != ICAL_RECURRENCE_ARRAY_MAX);
}

static gboolean
expand_rule (Parse                     *st,
             Event                     *ev,
             icalproperty              *prop,
             struct icaltimetype        dtstart,
             GError                   **error)
{
  struct icalrecurrencetype rule = icalproperty_get_rrule (prop);
  g_autoptr(icalrecur_iterator) iterator = NULL;
  struct icaltimetype until = rule.until;
  gboolean until_is_day = FALSE;
  guint until_day = 0;
  gint64 until_utc = G_MAXINT64;

  /* UNTIL is checked here rather than by libical, which compares a floating
   * start with a UTC end as if both were UTC. */
  if (!icaltime_is_null_time (until))
    {
      if (until.is_date)
        {
          until_is_day = TRUE;
          until_day = day_of (&until);
        }
      else
        {
          Zone zone = ev->zone;

          if (icaltime_is_utc (until))
            zone.ical = icaltimezone_get_utc_timezone ();
          if (!wall_to_utc (&zone, until, &until_utc))
            until_utc = until.year < 1900 ? G_MININT64 : G_MAXINT64;
        }
    }
  rule.until = icaltime_null_time ();

  dtstart.zone = NULL;
  iterator = icalrecur_iterator_new (rule, dtstart);
  if (iterator == NULL)
    {
      st->skipped.n_invalid++;
      return TRUE;
    }

  for (;;)
    {
      struct icaltimetype next;
      gint64 start;

      if (++st->n_steps > MAX_STEPS)
        {
          set_too_many (error);
          return FALSE;
        }
      next = icalrecur_iterator_next (iterator);
      if (icaltime_is_null_time (next) || next.year > 2200)
        break;
      if (until_is_day && day_of (&next) > until_day)
        break;
      if (!wall_to_utc (&ev->zone, next, &start))
        {
          st->skipped.n_invalid++;
          continue;
        }
      if (start > until_utc || start >= MAX_TIME || (st->windowed && start >= st->to))
        break;
      if (!add_occurrence (st, ev, start, start + ev->length, day_of (&next), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_rdate (Parse         *st,
           Event         *ev,
           icalproperty  *prop,
           GError       **error)
{
  struct icaldatetimeperiodtype value = icalproperty_get_rdate (prop);
  struct icaltimetype time = value.time;
  gint64 start;
  gint64 end;

  if (icaltime_is_null_time (time))
    time = value.period.start;
  if (!property_to_utc (st, ev->calendar, prop, time, &start))
    {
      st->skipped.n_invalid++;
      return TRUE;
    }
  end = start + ev->length;
  if (icaltime_is_null_time (value.time))
    {
      if (!icaltime_is_null_time (value.period.end))
        {
          if (!property_to_utc (st, ev->calendar, prop, value.period.end, &end))
            end = start - 1;
        }
      else
        end = start + duration_seconds (value.period.duration);
      if (end < start)
        {
          st->skipped.n_invalid++;
          return TRUE;
        }
      if (end == start)
        end = start + CABINET_SESSION_DEFAULT_DURATION * 60;
    }
  return add_occurrence (st, ev, start, end, day_of (&time), error);
}

/* The length of an event from DTEND or DURATION; FALSE when it ends before it
 * starts. None, or zero (a reminder rather than an appointment), gives a
 * session's usual length. */
static gboolean
read_length (Parse          *st,
             icalcomponent  *calendar,
             icalcomponent  *event,
             gint64          start,
             gint64         *length)
{
  icalproperty *dtend = icalcomponent_get_first_property (event, ICAL_DTEND_PROPERTY);
  icalproperty *duration = icalcomponent_get_first_property (event, ICAL_DURATION_PROPERTY);

  *length = 0;
  if (dtend != NULL)
    {
      gint64 end;

      if (!property_to_utc (st, calendar, dtend, icalproperty_get_dtend (dtend), &end))
        return FALSE;
      *length = end - start;
    }
  else if (duration != NULL)
    *length = duration_seconds (icalproperty_get_duration (duration));

  if (*length < 0)
    return FALSE;
  if (*length == 0)
    *length = CABINET_SESSION_DEFAULT_DURATION * 60;
  return TRUE;
}

/* Files without UIDs exist (hand-made, old exporters): one made of what the
 * event says keeps a second import of the same file from doubling it. */
static char *
derived_uid (icalproperty *dtstart,
             const char   *summary)
{
  char *text = icalproperty_as_ical_string_r (dtstart);
  g_autofree char *seed = g_strconcat (text, "\n", summary, NULL);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);

  icalmemory_free_buffer (text);
  return g_strdup_printf ("cabinet-import-%.32s", digest);
}

static gboolean
read_event (Parse          *st,
            icalcomponent  *calendar,
            icalcomponent  *component,
            GError        **error)
{
  icalproperty *dtstart_prop = icalcomponent_get_first_property (component, ICAL_DTSTART_PROPERTY);
  icalproperty *recurrence_id = icalcomponent_get_first_property (component, ICAL_RECURRENCEID_PROPERTY);
  g_autoptr(GPtrArray) rrules = NULL;
  g_autoptr(GPtrArray) rdates = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *uid = NULL;
  struct icaltimetype dtstart;
  const char *text;
  gint64 start;
  Event ev = { 0 };
  gboolean ok = TRUE;

  if (dtstart_prop == NULL)
    {
      st->skipped.n_invalid++;
      return TRUE;
    }
  dtstart = icalproperty_get_dtstart (dtstart_prop);
  if (icaltime_is_null_time (dtstart))
    {
      st->skipped.n_invalid++;
      return TRUE;
    }
  if (dtstart.is_date)
    {
      st->skipped.n_all_day++;
      return TRUE;
    }

  ev.calendar = calendar;
  ev.event = component;
  resolve_zone (st, calendar, dtstart_prop, &dtstart, &ev.zone);
  if (!wall_to_utc (&ev.zone, dtstart, &start) || !read_length (st, calendar, component, start, &ev.length))
    {
      st->skipped.n_invalid++;
      return TRUE;
    }
  if (ev.length > CABINET_SESSION_MAX_DURATION * 60)
    {
      st->skipped.n_too_long++;
      return TRUE;
    }

  text = icalcomponent_get_summary (component);
  summary = g_strstrip (g_strdup (text ? text : ""));
  text = icalcomponent_get_uid (component);
  uid = text && *text ? g_strdup (text) : derived_uid (dtstart_prop, summary);
  ev.uid = uid;
  ev.summary = summary;
  ev.cancelled = icalcomponent_get_status (component) == ICAL_STATUS_CANCELLED;

  /* A date of a series moved or changed: it stands alone, under the uid the
   * date it replaces would have had. */
  if (recurrence_id != NULL)
    {
      gint64 original;
      g_autofree char *stamp = NULL;
      g_autofree char *occurrence_uid = NULL;

      if (!property_to_utc (st, calendar, recurrence_id,
                            icalproperty_get_recurrenceid (recurrence_id), &original))
        original = start;
      stamp = basic_utc (original);
      occurrence_uid = g_strdup_printf ("%s-%s", uid, stamp);
      return add_event (st, occurrence_uid, start, start + ev.length, summary, ev.cancelled, error);
    }

  rrules = collect_properties (component, ICAL_RRULE_PROPERTY);
  rdates = collect_properties (component, ICAL_RDATE_PROPERTY);
  if (rrules->len == 0 && rdates->len == 0)
    return add_event (st, uid, start, start + ev.length, summary, ev.cancelled, error);

  for (guint i = 0; i < rrules->len; i++)
    {
      struct icalrecurrencetype rule = icalproperty_get_rrule (rrules->pdata[i]);

      /* Hourly, minutely or secondly: not sessions, and libical may search
       * centuries for a date of such a rule. */
      if (rule.freq < ICAL_DAILY_RECURRENCE
          || (rule_is_filtered (&rule) && ++st->n_filtered_rules > MAX_FILTERED_RULES))
        {
          st->skipped.n_invalid++;
          return TRUE;
        }
    }

  ev.excluded = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  ev.excluded_days = g_hash_table_new (NULL, NULL);
  ev.seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  read_exdates (st, &ev);

  /* DTSTART is the first date of the set (RFC 5545 §3.8.5.3), whether or not
   * the rule gives it. */
  ok = add_occurrence (st, &ev, start, start + ev.length, day_of (&dtstart), error);
  for (guint i = 0; ok && i < rrules->len; i++)
    if (icalproperty_get_rrule (rrules->pdata[i]).freq != ICAL_NO_RECURRENCE)
      ok = expand_rule (st, &ev, rrules->pdata[i], dtstart, error);
  for (guint i = 0; ok && i < rdates->len; i++)
    ok = add_rdate (st, &ev, rdates->pdata[i], error);

  g_hash_table_unref (ev.excluded);
  g_hash_table_unref (ev.excluded_days);
  g_hash_table_unref (ev.seen);
  return ok;
}

/* The dates that a RECURRENCE-ID event replaces, so that expanding the series
 * leaves them out. */
static void
read_overrides (Parse         *st,
                icalcomponent *calendar,
                GPtrArray     *events)
{
  for (guint i = 0; i < events->len; i++)
    {
      icalcomponent *event = events->pdata[i];
      icalproperty *prop = icalcomponent_get_first_property (event, ICAL_RECURRENCEID_PROPERTY);
      const char *uid = icalcomponent_get_uid (event);
      gint64 original;

      if (prop == NULL || uid == NULL || *uid == '\0')
        continue;
      if (property_to_utc (st, calendar, prop, icalproperty_get_recurrenceid (prop), &original))
        g_hash_table_add (st->overrides, override_key (uid, original));
    }
}

static GPtrArray *
find_calendars (icalcomponent *root)
{
  GPtrArray *calendars;

  if (root == NULL)
    return g_ptr_array_new ();
  if (icalcomponent_isa (root) == ICAL_VCALENDAR_COMPONENT)
    {
      calendars = g_ptr_array_new ();
      g_ptr_array_add (calendars, root);
      return calendars;
    }
  /* Several calendars one after the other come back under an XROOT. */
  if (icalcomponent_isa (root) == ICAL_XROOT_COMPONENT)
    return collect_components (root, ICAL_VCALENDAR_COMPONENT);
  return g_ptr_array_new ();
}

static gboolean
is_blank (const char *text)
{
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

gboolean
cabinet_ical_check_size (guint64   length,
                         GError  **error)
{
  if (length <= CABINET_ICAL_MAX_BYTES)
    return TRUE;
  g_set_error_literal (error, CABINET_ICAL_ERROR, CABINET_ICAL_ERROR_TOO_LARGE,
                       _("This file is too large to be a calendar of sessions (more than "
                         "5 MB). Export a shorter period from your calendar application "
                         "and import that file."));
  return FALSE;
}

GPtrArray *
cabinet_ical_parse (const char          *text,
                    gsize                length,
                    GTimeZone           *local_zone,
                    gint64               from,
                    gint64               to,
                    CabinetIcalSkipped  *skipped,
                    GError             **error)
{
  g_autofree char *copy = NULL;
  g_autoptr(icalcomponent) root = NULL;
  g_autoptr(GPtrArray) calendars = NULL;
  Parse st = { 0 };
  GPtrArray *result;
  guint n_vevents = 0;
  guint n_errors = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (skipped != NULL)
    memset (skipped, 0, sizeof *skipped);
  if (text == NULL)
    text = "";

  if (!cabinet_ical_check_size (length, error))
    return NULL;
  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    {
      text += 3;
      length -= 3;
    }
  /* NUL bytes are refused too: a calendar is text. */
  if (!g_utf8_validate_len (text, length, NULL))
    {
      set_malformed (error);
      return NULL;
    }
  copy = g_strndup (text, length);
  if (is_blank (copy))
    {
      g_set_error_literal (error, CABINET_ICAL_ERROR, CABINET_ICAL_ERROR_MALFORMED,
                           _("This file is empty. In your calendar application, export the "
                             "calendar again in the iCalendar (.ics) format and import that file."));
      return NULL;
    }

  ensure_errors_not_fatal ();
  root = icalparser_parse_string (copy);
  g_clear_pointer (&copy, g_free);
  calendars = find_calendars (root);
  if (calendars->len == 0)
    {
      set_malformed (error);
      return NULL;
    }

  st.local = local_zone ? g_time_zone_ref (local_zone) : g_time_zone_new_local ();
  st.windowed = from < to;
  st.from = from;
  st.to = to;
  st.events = g_ptr_array_new_with_free_func ((GDestroyNotify) cabinet_ical_event_free);
  st.uids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  st.overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  st.zones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; ok && i < calendars->len; i++)
    {
      icalcomponent *calendar = calendars->pdata[i];
      g_autoptr(GPtrArray) events = collect_components (calendar, ICAL_VEVENT_COMPONENT);

      n_vevents += events->len;
      n_errors += icalcomponent_count_errors (calendar);
      read_overrides (&st, calendar, events);
      for (guint j = 0; ok && j < events->len; j++)
        ok = read_event (&st, calendar, events->pdata[j], error);
    }

  st.skipped.n_outside = st.n_outside;
  if (skipped != NULL)
    *skipped = st.skipped;

  if (!ok)
    {
      parse_clear (&st);
      return NULL;
    }
  if (n_vevents == 0)
    {
      /* "BEGIN:VCALENDAR" followed by anything libical could not read. */
      if (n_errors > 0)
        set_malformed (error);
      else
        g_set_error_literal (error, CABINET_ICAL_ERROR, CABINET_ICAL_ERROR_EMPTY,
                             _("This calendar holds no appointments."));
      parse_clear (&st);
      return NULL;
    }
  if (st.events->len == 0)
    {
      if (st.n_outside > 0)
        g_set_error_literal (error, CABINET_ICAL_ERROR, CABINET_ICAL_ERROR_EMPTY,
                             _("This calendar holds no appointments in the chosen period."));
      else
        g_set_error_literal (error, CABINET_ICAL_ERROR, CABINET_ICAL_ERROR_EMPTY,
                             _("This calendar holds no appointments with a start and end "
                               "time: all-day events, and events whose time cannot be read, "
                               "are left out."));
      parse_clear (&st);
      return NULL;
    }

  g_ptr_array_sort (st.events, compare_events);
  result = g_steal_pointer (&st.events);
  parse_clear (&st);
  return result;
}

/* Client matching */

/* Folded (accents, case), with every run of punctuation and spaces made one
 * space: "Martin, Hélène" and "martin helene" are the same, and so are "H. M."
 * and "h m". */
static char *
normalize (const char *text)
{
  g_autofree char *folded = cabinet_client_fold (text);
  GString *out = g_string_new (NULL);
  gboolean gap = FALSE;

  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalnum (c))
        {
          gap = out->len > 0;
          continue;
        }
      if (gap)
        g_string_append_c (out, ' ');
      gap = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static char *
join_words (const char *a,
            const char *b)
{
  if (*a == '\0')
    return g_strdup (b);
  if (*b == '\0')
    return g_strdup (a);
  return g_strconcat (a, " ", b, NULL);
}

static gboolean
holds_words (const char *padded,
             const char *words)
{
  g_autofree char *needle = g_strconcat (" ", words, " ", NULL);

  return strstr (padded, needle) != NULL;
}

CabinetClient *
cabinet_ical_match_client (const char *summary,
                           GListModel *clients)
{
  g_autofree char *wanted = NULL;
  g_autofree char *padded = NULL;
  CabinetClient *exact = NULL;
  CabinetClient *within = NULL;
  guint n_exact = 0;
  guint n_within = 0;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (clients), NULL);

  if (summary == NULL)
    return NULL;
  wanted = normalize (summary);
  if (*wanted == '\0')
    return NULL;
  padded = g_strconcat (" ", wanted, " ", NULL);

  n = g_list_model_get_n_items (clients);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CabinetClient) client = g_list_model_get_item (clients, i);
      g_autofree char *first = normalize (cabinet_client_get_text (client, CABINET_CLIENT_FIRST_NAME));
      g_autofree char *last = normalize (cabinet_client_get_text (client, CABINET_CLIENT_LAST_NAME));
      g_autofree char *pseudonym = normalize (cabinet_client_get_text (client, CABINET_CLIENT_PSEUDONYM));
      g_autofree char *shown = NULL;
      g_autofree char *shown_folded = NULL;
      g_autofree char *initials = NULL;
      g_autofree char *initials_folded = NULL;
      g_autofree char *first_last = join_words (first, last);
      g_autofree char *last_first = join_words (last, first);

      shown = cabinet_client_dup_display_name (client);
      shown_folded = normalize (shown);
      initials = client_initials (client);
      initials_folded = normalize (initials);

      /* Initials count only as two letters or more apart ("H. M."): a single
       * letter, or letters run together ("Al"), is more likely a name. */
      if (g_str_equal (wanted, first_last)
          || g_str_equal (wanted, last_first)
          || g_str_equal (wanted, shown_folded)
          || (*pseudonym != '\0' && g_str_equal (wanted, pseudonym))
          || (strchr (initials_folded, ' ') != NULL && g_str_equal (wanted, initials_folded)))
        {
          n_exact++;
          exact = client;
        }
      else if (*first != '\0' && *last != '\0'
               && (holds_words (padded, first_last) || holds_words (padded, last_first)))
        {
          n_within++;
          within = client;
        }
    }

  if (n_exact > 0)
    return n_exact == 1 ? exact : NULL;
  return n_within == 1 ? within : NULL;
}
