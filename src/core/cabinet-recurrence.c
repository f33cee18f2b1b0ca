/* cabinet-recurrence.c — a series of sessions at the same hour: weekly, every two
 * weeks or monthly, until a day or for a number of sessions, holidays skipped
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cabinet-recurrence.h"
#include "cabinet-session.h"

void
cabinet_recurrence_init (CabinetRecurrence *rule,
                         CabinetRepeat      repeat)
{
  g_return_if_fail (rule != NULL);

  rule->repeat = repeat;
  rule->count = 0;
  g_date_clear (&rule->until, 1);
  rule->skip = g_array_new (FALSE, FALSE, sizeof (GDate));
}

void
cabinet_recurrence_clear (CabinetRecurrence *rule)
{
  g_return_if_fail (rule != NULL);
  g_clear_pointer (&rule->skip, g_array_unref);
}

void
cabinet_recurrence_skip_day (CabinetRecurrence *rule,
                             const GDate       *day)
{
  g_return_if_fail (rule != NULL && rule->skip != NULL);
  g_return_if_fail (g_date_valid (day));
  g_array_append_val (rule->skip, *day);
}

static gboolean
is_skipped (const CabinetRecurrence *rule,
            const GDate             *day)
{
  for (guint i = 0; i < rule->skip->len; i++)
    if (g_date_compare (&g_array_index (rule->skip, GDate, i), day) == 0)
      return TRUE;
  return FALSE;
}

static void
local_date (GDateTime *dt,
            GDate     *date)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (dt), g_date_time_get_month (dt),
                  g_date_time_get_year (dt));
}

/* The @n-th day of the series that starts on @first. */
static void
nth_day (CabinetRepeat  repeat,
         const GDate   *first,
         guint          n,
         GDate         *day)
{
  *day = *first;
  switch (repeat)
    {
    case CABINET_REPEAT_WEEKLY:
      g_date_add_days (day, 7 * n);
      break;
    case CABINET_REPEAT_BIWEEKLY:
      g_date_add_days (day, 14 * n);
      break;
    case CABINET_REPEAT_MONTHLY:
      /* GLib clamps the 31st to the month's last day, and counts each month from
       * the first date, so that February does not pull March back to the 28th. */
      g_date_add_months (day, n);
      break;
    case CABINET_REPEAT_NONE:
    default:
      g_assert (n == 0);
      break;
    }
}

static gboolean
day_at (GTimeZone   *zone,
        const GDate *day,
        int          hour,
        int          minute,
        gint64      *utc,
        GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (cabinet_local_time_to_utc (zone, g_date_get_year (day), g_date_get_month (day),
                                 g_date_get_day (day), hour, minute, utc, &local_error))
    return TRUE;
  if (g_error_matches (local_error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_NO_SUCH_TIME))
    {
      char text[64];

      g_date_strftime (text, sizeof text, "%x", day);
      g_set_error (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_NO_SUCH_TIME,
                   _("On %s, %02d:%02d does not exist in %s: the clocks go forward that night. Choose another time, or skip that day."),
                   text, hour, minute, g_time_zone_get_identifier (zone));
      return FALSE;
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

GArray *
cabinet_recurrence_expand (const CabinetRecurrence  *rule,
                           GTimeZone                *zone,
                           gint64                    first,
                           GError                  **error)
{
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  GDate first_day;
  int hour, minute;

  g_return_val_if_fail (rule != NULL && rule->skip != NULL, NULL);
  g_return_val_if_fail (zone != NULL, NULL);

  if (rule->repeat == CABINET_REPEAT_NONE)
    {
      g_array_append_val (starts, first);
      return g_steal_pointer (&starts);
    }

  utc = g_date_time_new_from_unix_utc (first);
  if (utc == NULL)
    {
      g_set_error_literal (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_INVALID,
                           _("Choose a date between the years 1900 and 2200."));
      return NULL;
    }
  local = g_date_time_to_timezone (utc, zone);
  local_date (local, &first_day);
  hour = g_date_time_get_hour (local);
  minute = g_date_time_get_minute (local);

  if (rule->count == 0 && !g_date_valid (&rule->until))
    {
      g_set_error_literal (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_INVALID,
                           _("Choose when the series ends: on a date, or after a number of sessions."));
      return NULL;
    }
  if (rule->count > CABINET_RECURRENCE_MAX)
    {
      g_set_error (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_INVALID,
                   ngettext ("A series holds %d session at most. Choose fewer sessions.",
                             "A series holds %d sessions at most. Choose fewer sessions.",
                             CABINET_RECURRENCE_MAX),
                   CABINET_RECURRENCE_MAX);
      return NULL;
    }
  if (rule->count == 0 && g_date_compare (&rule->until, &first_day) < 0)
    {
      g_set_error_literal (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_INVALID,
                           _("The series ends before its first session. Choose a later end date."));
      return NULL;
    }

  for (guint n = 0; ; n++)
    {
      GDate day;
      gint64 start;

      if (rule->count > 0 && starts->len == rule->count)
        break;
      nth_day (rule->repeat, &first_day, n, &day);
      if (rule->count == 0 && g_date_compare (&day, &rule->until) > 0)
        break;
      /* Skipped days would let a count run on for ever: bound the walk too. */
      if (n >= 2 * CABINET_RECURRENCE_MAX || starts->len == CABINET_RECURRENCE_MAX)
        {
          g_set_error (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_INVALID,
                       ngettext ("A series holds %d session at most. Choose an earlier end date.",
                                 "A series holds %d sessions at most. Choose an earlier end date.",
                                 CABINET_RECURRENCE_MAX),
                       CABINET_RECURRENCE_MAX);
          return NULL;
        }
      if (is_skipped (rule, &day))
        continue;
      if (!day_at (zone, &day, hour, minute, &start, error))
        return NULL;
      g_array_append_val (starts, start);
    }

  if (starts->len == 0)
    {
      g_set_error_literal (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_INVALID,
                           _("Every session of this series falls on a skipped day."));
      return NULL;
    }
  return g_steal_pointer (&starts);
}

gboolean
cabinet_recurrence_move (GTimeZone  *zone,
                         gint64      from,
                         gint64      to,
                         gint64      occurrence,
                         gint64     *result,
                         GError    **error)
{
  g_autoptr(GDateTime) from_local = NULL;
  g_autoptr(GDateTime) to_local = NULL;
  g_autoptr(GDateTime) occurrence_local = NULL;
  g_autoptr(GDateTime) utc = NULL;
  GDate from_day, to_day, day;

  g_return_val_if_fail (zone != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  utc = g_date_time_new_from_unix_utc (from);
  from_local = g_date_time_to_timezone (utc, zone);
  g_clear_pointer (&utc, g_date_time_unref);
  utc = g_date_time_new_from_unix_utc (to);
  to_local = g_date_time_to_timezone (utc, zone);
  g_clear_pointer (&utc, g_date_time_unref);
  utc = g_date_time_new_from_unix_utc (occurrence);
  occurrence_local = g_date_time_to_timezone (utc, zone);

  local_date (from_local, &from_day);
  local_date (to_local, &to_day);
  local_date (occurrence_local, &day);
  if (g_date_compare (&to_day, &from_day) >= 0)
    g_date_add_days (&day, g_date_days_between (&from_day, &to_day));
  else
    g_date_subtract_days (&day, g_date_days_between (&to_day, &from_day));

  return day_at (zone, &day, g_date_time_get_hour (to_local), g_date_time_get_minute (to_local),
                 result, error);
}
