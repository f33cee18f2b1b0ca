/* cabinet-session.c — one therapy appointment: who, when (in UTC), how, for how
 * much, and what became of it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cabinet-session.h"

/* 1900-01-01 and 2201-01-01 at 00:00 UTC: the years Cabinet plans in. */
#define MIN_TIME G_GINT64_CONSTANT (-2208988800)
#define MAX_TIME G_GINT64_CONSTANT (7289654400)

struct _CabinetSession
{
  GObject               parent_instance;
  gint64                id;
  gint64                client_id;
  gint64                series_id;
  gint64                starts_at;
  guint                 duration;
  CabinetChannels       modality;
  char                 *link;
  gint64                fee_minor;
  char                 *currency;
  CabinetSessionStatus  status;
  char                 *uid;
  gint64                started_at;
  GStrv                 started_despite;
};

G_DEFINE_TYPE (CabinetSession, cabinet_session, G_TYPE_OBJECT)
G_DEFINE_QUARK (cabinet-session-error-quark, cabinet_session_error)

enum {
  PROP_0,
  PROP_STATUS,
  PROP_STARTS_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cabinet_session_finalize (GObject *object)
{
  CabinetSession *self = CABINET_SESSION (object);

  g_free (self->link);
  g_free (self->currency);
  g_free (self->uid);
  g_strfreev (self->started_despite);

  G_OBJECT_CLASS (cabinet_session_parent_class)->finalize (object);
}

static void
cabinet_session_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CabinetSession *self = CABINET_SESSION (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_string (value, cabinet_session_status_id (self->status));
      break;
    case PROP_STARTS_AT:
      g_value_set_int64 (value, self->starts_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cabinet_session_class_init (CabinetSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cabinet_session_finalize;
  object_class->get_property = cabinet_session_get_property;

  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, "scheduled",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STARTS_AT] =
    g_param_spec_int64 ("starts-at", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cabinet_session_init (CabinetSession *self)
{
  self->duration = CABINET_SESSION_DEFAULT_DURATION;
  self->modality = CABINET_CHANNEL_VIDEO;
  self->link = g_strdup ("");
  self->currency = g_strdup ("EUR");
  self->uid = g_uuid_string_random ();
}

CabinetSession *
cabinet_session_new (void)
{
  return g_object_new (CABINET_TYPE_SESSION, NULL);
}

CabinetSession *
cabinet_session_copy (CabinetSession *self)
{
  CabinetSession *copy;

  g_return_val_if_fail (CABINET_IS_SESSION (self), NULL);

  copy = cabinet_session_new ();
  copy->id = self->id;
  copy->client_id = self->client_id;
  copy->series_id = self->series_id;
  copy->starts_at = self->starts_at;
  copy->duration = self->duration;
  copy->modality = self->modality;
  cabinet_set_string (&copy->link, self->link);
  copy->fee_minor = self->fee_minor;
  cabinet_set_string (&copy->currency, self->currency);
  copy->status = self->status;
  cabinet_set_string (&copy->uid, self->uid);
  copy->started_at = self->started_at;
  copy->started_despite = g_strdupv (self->started_despite);
  return copy;
}

gint64
cabinet_session_get_id (CabinetSession *self)
{
  g_return_val_if_fail (CABINET_IS_SESSION (self), 0);
  return self->id;
}

gint64
cabinet_session_get_client_id (CabinetSession *self)
{
  g_return_val_if_fail (CABINET_IS_SESSION (self), 0);
  return self->client_id;
}

void
cabinet_session_set_client_id (CabinetSession *self,
                               gint64          client_id)
{
  g_return_if_fail (CABINET_IS_SESSION (self));
  self->client_id = client_id;
}

gint64
cabinet_session_get_series_id (CabinetSession *self)
{
  g_return_val_if_fail (CABINET_IS_SESSION (self), 0);
  return self->series_id;
}

gint64
cabinet_session_get_starts_at (CabinetSession *self)
{
  g_return_val_if_fail (CABINET_IS_SESSION (self), 0);
  return self->starts_at;
}

void
cabinet_session_set_starts_at (CabinetSession *self,
                               gint64          utc)
{
  g_return_if_fail (CABINET_IS_SESSION (self));

  if (self->starts_at == utc)
    return;
  self->starts_at = utc;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTS_AT]);
}

gint64
cabinet_session_get_ends_at (CabinetSession *self)
{
  g_return_val_if_fail (CABINET_IS_SESSION (self), 0);
  return self->starts_at + (gint64) self->duration * 60;
}

GDateTime *
cabinet_session_dup_start (CabinetSession *self,
                           GTimeZone      *zone)
{
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (CABINET_IS_SESSION (self), NULL);

  utc = g_date_time_new_from_unix_utc (self->starts_at);
  if (zone == NULL)
    return g_steal_pointer (&utc);
  return g_date_time_to_timezone (utc, zone);
}

guint
cabinet_session_get_duration (CabinetSession *self)
{
  g_return_val_if_fail (CABINET_IS_SESSION (self), 0);
  return self->duration;
}

void
cabinet_session_set_duration (CabinetSession *self,
                              guint           minutes)
{
  g_return_if_fail (CABINET_IS_SESSION (self));
  self->duration = minutes;
}

CabinetChannels
cabinet_session_get_modality (CabinetSession *self)
{
  g_return_val_if_fail (CABINET_IS_SESSION (self), 0);
  return self->modality;
}

void
cabinet_session_set_modality (CabinetSession  *self,
                              CabinetChannels  modality)
{
  g_return_if_fail (CABINET_IS_SESSION (self));
  g_return_if_fail (cabinet_channel_id (modality) != NULL);
  self->modality = modality;
}

const char *
cabinet_session_get_link (CabinetSession *self)
{
  g_return_val_if_fail (CABINET_IS_SESSION (self), NULL);
  return self->link;
}

void
cabinet_session_set_link (CabinetSession *self,
                          const char     *link)
{
  g_autofree char *clean = NULL;

  g_return_if_fail (CABINET_IS_SESSION (self));

  clean = cabinet_text_clean (link ? link : "");
  cabinet_set_string (&self->link, clean);
}

gint64
cabinet_session_get_fee (CabinetSession *self)
{
  g_return_val_if_fail (CABINET_IS_SESSION (self), 0);
  return self->fee_minor;
}

const char *
cabinet_session_get_currency (CabinetSession *self)
{
  g_return_val_if_fail (CABINET_IS_SESSION (self), NULL);
  return self->currency;
}

void
cabinet_session_set_fee (CabinetSession *self,
                         gint64          minor,
                         const char     *currency)
{
  g_return_if_fail (CABINET_IS_SESSION (self));
  g_return_if_fail (currency != NULL && strlen (currency) == 3);

  self->fee_minor = minor;
  cabinet_set_string (&self->currency, currency);
}

CabinetSessionStatus
cabinet_session_get_status (CabinetSession *self)
{
  g_return_val_if_fail (CABINET_IS_SESSION (self), CABINET_SESSION_SCHEDULED);
  return self->status;
}

const char *
cabinet_session_get_uid (CabinetSession *self)
{
  g_return_val_if_fail (CABINET_IS_SESSION (self), NULL);
  return self->uid;
}

void
cabinet_session_set_uid (CabinetSession *self,
                         const char     *uid)
{
  g_return_if_fail (CABINET_IS_SESSION (self));
  g_return_if_fail (uid != NULL && *uid != '\0');
  g_return_if_fail (self->id == 0);

  cabinet_set_string (&self->uid, uid);
}

gint64
cabinet_session_get_started_at (CabinetSession *self)
{
  g_return_val_if_fail (CABINET_IS_SESSION (self), 0);
  return self->started_at;
}

const char * const *
cabinet_session_get_started_despite (CabinetSession *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (CABINET_IS_SESSION (self), NULL);
  return self->started_despite ? (const char * const *) self->started_despite : none;
}

void
cabinet_session_load (CabinetSession       *self,
                      gint64                id,
                      gint64                series_id,
                      CabinetSessionStatus  status,
                      const char           *uid,
                      gint64                started_at,
                      const char           *started_despite)
{
  g_return_if_fail (CABINET_IS_SESSION (self));
  g_return_if_fail (uid != NULL);

  self->id = id;
  self->series_id = series_id;
  cabinet_set_string (&self->uid, uid);
  self->started_at = started_at;
  g_clear_pointer (&self->started_despite, g_strfreev);
  if (started_despite && *started_despite)
    self->started_despite = g_strsplit (started_despite, ",", -1);
  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
}

static char *
format_hour (GDateTime *dt)
{
  /* Translators: the time of day a session starts or ends, as in "14:30"; see
   * g_date_time_format(). */
  return g_date_time_format (dt, _("%H:%M"));
}

char *
cabinet_session_dup_time_range (CabinetSession *self,
                                GTimeZone      *zone)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_return_val_if_fail (CABINET_IS_SESSION (self), NULL);

  start = cabinet_session_dup_start (self, zone);
  end = g_date_time_add_minutes (start, self->duration);
  from = format_hour (start);
  to = format_hour (end);
  /* Translators: a session's hours, as in "10:00 – 10:50". */
  return g_strdup_printf (_("%s – %s"), from, to);
}

char *
cabinet_session_dup_day (CabinetSession *self,
                         GTimeZone      *zone,
                         GDateTime      *today)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) now = NULL;
  char *text;

  g_return_val_if_fail (CABINET_IS_SESSION (self), NULL);

  start = cabinet_session_dup_start (self, zone);
  if (today == NULL)
    today = now = g_date_time_new_now (zone);
  if (g_date_time_get_year (start) == g_date_time_get_year (today))
    /* Translators: a session's day, as in "Tuesday 24 November"; see g_date_time_format(). */
    text = g_date_time_format (start, _("%A %-d %B"));
  else
    /* Translators: a session's day in another year, as in "Tuesday 24 November 2027". */
    text = g_date_time_format (start, _("%A %-d %B %Y"));
  return text ? text : g_date_time_format (start, "%Y-%m-%d");
}

char *
cabinet_session_dup_client_time (CabinetSession *self,
                                 GTimeZone      *zone,
                                 const char     *client_zone)
{
  g_autoptr(GTimeZone) theirs = NULL;
  g_autoptr(GDateTime) ours = NULL;
  g_autoptr(GDateTime) their_start = NULL;
  g_autofree char *hour = NULL;

  g_return_val_if_fail (CABINET_IS_SESSION (self), NULL);

  if (client_zone == NULL || *client_zone == '\0')
    return NULL;
  theirs = g_time_zone_new_identifier (client_zone);
  if (theirs == NULL)
    return NULL;
  ours = cabinet_session_dup_start (self, zone);
  their_start = cabinet_session_dup_start (self, theirs);
  if (g_date_time_get_utc_offset (ours) == g_date_time_get_utc_offset (their_start))
    return NULL;
  hour = format_hour (their_start);
  if (g_date_time_get_day_of_year (ours) != g_date_time_get_day_of_year (their_start))
    {
      g_autofree char *day = g_date_time_format (their_start, "%a");

      /* Translators: the client's own time, on another day than the therapist's,
       * as in "01:00 (Wed) for the client (Asia/Tokyo)". */
      return g_strdup_printf (_("%s (%s) for the client (%s)"), hour, day, client_zone);
    }
  /* Translators: the client's own time, as in "16:00 for the client (Asia/Tokyo)". */
  return g_strdup_printf (_("%s for the client (%s)"), hour, client_zone);
}

/* What the link must look like depends on how the session is held: a video room
 * is an https:// address (principle 11: the therapist answers for the service's
 * security); a phone number is a number; e-mail is an address; chat may be an
 * https:// address or a handle. */
static void
validate_link (CabinetSession *self,
               CabinetIssues  *issues)
{
  g_autofree char *message = NULL;

  if (*self->link == '\0')
    return;

  switch (self->modality)
    {
    case CABINET_CHANNEL_VIDEO:
      if (!cabinet_validate_https_url (self->link, &message))
        cabinet_issues_add (issues, CABINET_SESSION_LINK, message);
      break;
    case CABINET_CHANNEL_PHONE:
      if (!cabinet_validate_phone (self->link))
        cabinet_issues_add (issues, CABINET_SESSION_LINK,
                            _("Enter the phone number to call, for example +33 6 12 34 56 78."));
      break;
    case CABINET_CHANNEL_EMAIL:
      if (!cabinet_validate_email (self->link))
        cabinet_issues_add (issues, CABINET_SESSION_LINK,
                            _("Enter the e-mail address the session takes place at."));
      break;
    case CABINET_CHANNEL_CHAT:
      if (g_str_has_prefix (self->link, "http:") || g_str_has_prefix (self->link, "https:"))
        if (!cabinet_validate_https_url (self->link, &message))
          cabinet_issues_add (issues, CABINET_SESSION_LINK, message);
      break;
    case CABINET_CHANNEL_IN_PERSON:
    default:
      break;
    }
}

CabinetIssues *
cabinet_session_validate (CabinetSession *self)
{
  g_autoptr(GHashTable) issues = cabinet_issues_new ();

  g_return_val_if_fail (CABINET_IS_SESSION (self), NULL);

  if (self->client_id <= 0)
    cabinet_issues_add (issues, CABINET_SESSION_CLIENT, _("Choose the client this session is with."));
  if (self->starts_at < MIN_TIME || self->starts_at >= MAX_TIME)
    cabinet_issues_add (issues, CABINET_SESSION_START,
                        _("Choose a date between the years 1900 and 2200."));
  if (self->duration == 0)
    cabinet_issues_add (issues, CABINET_SESSION_DURATION,
                        _("A session lasts at least one minute: the end must come after the start."));
  else if (self->duration > CABINET_SESSION_MAX_DURATION)
    cabinet_issues_add (issues, CABINET_SESSION_DURATION,
                        _("A session lasts eight hours at most."));
  if (self->fee_minor < 0)
    cabinet_issues_add (issues, CABINET_SESSION_FEE, _("The fee cannot be negative."));
  validate_link (self, issues);

  return g_hash_table_size (issues) ? g_steal_pointer (&issues) : NULL;
}

gboolean
cabinet_session_outside_hours (CabinetSession *self,
                               GTimeZone      *zone,
                               guint           day_start,
                               guint           day_end,
                               guint           days)
{
  g_autoptr(GDateTime) start = NULL;
  guint minute;

  g_return_val_if_fail (CABINET_IS_SESSION (self), FALSE);
  g_return_val_if_fail (zone != NULL, FALSE);

  start = cabinet_session_dup_start (self, zone);
  if (!(days & (1u << (g_date_time_get_day_of_week (start) - 1))))
    return TRUE;
  minute = g_date_time_get_hour (start) * 60 + g_date_time_get_minute (start);
  /* The end is counted from the local start, so that a session crossing a change
   * of the clocks is judged by the hours it was planned at. */
  return minute < day_start || minute + self->duration > day_end;
}

gboolean
cabinet_session_status_change_allowed (CabinetSessionStatus   from,
                                       CabinetSessionStatus   to,
                                       gint64                 starts_at,
                                       gint64                 now,
                                       GError               **error)
{
  g_return_val_if_fail (from < CABINET_N_SESSION_STATUSES, FALSE);
  g_return_val_if_fail (to < CABINET_N_SESSION_STATUSES, FALSE);

  if (from == to)
    return TRUE;
  if (from != CABINET_SESSION_SCHEDULED && to != CABINET_SESSION_SCHEDULED)
    {
      g_set_error (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_STATUS,
                   _("This session is already marked “%s”. Set it back to scheduled first."),
                   cabinet_session_status_label (from));
      return FALSE;
    }
  if ((to == CABINET_SESSION_DONE || to == CABINET_SESSION_NO_SHOW) && starts_at > now)
    {
      g_set_error_literal (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_STATUS,
                           _("This session has not begun yet: it can be cancelled, not marked as held or missed."));
      return FALSE;
    }
  return TRUE;
}

gboolean
cabinet_local_time_to_utc (GTimeZone  *zone,
                           int         year,
                           int         month,
                           int         day,
                           int         hour,
                           int         minute,
                           gint64     *utc,
                           GError    **error)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (zone != NULL, FALSE);
  g_return_val_if_fail (utc != NULL, FALSE);

  if (year < 1900 || year > 2200)
    {
      g_set_error_literal (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_INVALID,
                           _("Choose a date between the years 1900 and 2200."));
      return FALSE;
    }
  if (month < 1 || month > 12 || day < 1 || !g_date_valid_dmy (day, month, year)
      || hour < 0 || hour > 23 || minute < 0 || minute > 59)
    {
      g_set_error_literal (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_INVALID,
                           _("This date or time does not exist."));
      return FALSE;
    }

  /* GLib moves a time the clocks skip to one that exists; a session must not
   * silently move, so a time that does not read back as asked is refused. */
  local = g_date_time_new (zone, year, month, day, hour, minute, 0);
  if (local == NULL
      || g_date_time_get_hour (local) != hour || g_date_time_get_minute (local) != minute
      || g_date_time_get_day_of_month (local) != day)
    {
      g_set_error (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_NO_SUCH_TIME,
                   _("%02d:%02d does not exist on that day in %s: the clocks go forward that night. Choose another time."),
                   hour, minute, g_time_zone_get_identifier (zone));
      return FALSE;
    }
  *utc = g_date_time_to_unix (local);
  return TRUE;
}

gboolean
cabinet_parse_time_of_day (const char *text,
                           int        *hour,
                           int        *minute)
{
  unsigned int h = 0, m = 0;
  guint digits = 0;
  const char *p;

  g_return_val_if_fail (hour != NULL && minute != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  p = text;
  while (g_ascii_isspace (*p))
    p++;
  for (; g_ascii_isdigit (*p) && digits < 2; p++, digits++)
    h = h * 10 + (unsigned int) (*p - '0');
  if (digits == 0)
    return FALSE;
  if (*p == ':' || *p == 'h' || *p == 'H' || *p == '.')
    {
      p++;
      digits = 0;
      for (; g_ascii_isdigit (*p) && digits < 2; p++, digits++)
        m = m * 10 + (unsigned int) (*p - '0');
      if (digits == 1)
        return FALSE;
    }
  while (g_ascii_isspace (*p))
    p++;
  if (*p != '\0' || h > 23 || m > 59)
    return FALSE;
  *hour = (int) h;
  *minute = (int) m;
  return TRUE;
}
