/* cabinet-recurrence.h — a series of sessions at the same hour: weekly, every two
 * weeks or monthly, until a day or for a number of sessions, holidays skipped
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cabinet-enums.h"

G_BEGIN_DECLS

/* A series holds at most this many sessions (five years of weekly sessions): a
 * longer one is a mistake, and would fill the calendar for decades. */
#define CABINET_RECURRENCE_MAX 260

typedef struct {
  CabinetRepeat  repeat;
  guint          count;  /* how many sessions; 0 when @until says */
  GDate          until;  /* the last day a session may fall on, when @count is 0 */
  GArray        *skip;   /* of GDate: days without a session (a holiday week) */
} CabinetRecurrence;

void    cabinet_recurrence_init      (CabinetRecurrence       *rule,
                                      CabinetRepeat            repeat);
void    cabinet_recurrence_clear     (CabinetRecurrence       *rule);
void    cabinet_recurrence_skip_day  (CabinetRecurrence       *rule,
                                      const GDate             *day);

/* The start of every session of the series, in UTC seconds, the first being
 * @first. Sessions keep their wall-clock hour in @zone across changes of the
 * clocks; a monthly series on the 31st falls on the last day of shorter months.
 * A series without an end, ending before it begins, longer than
 * CABINET_RECURRENCE_MAX, or falling on a time the clocks skip is an error that
 * says so. */
GArray *cabinet_recurrence_expand    (const CabinetRecurrence *rule,
                                      GTimeZone               *zone,
                                      gint64                   first,
                                      GError                 **error);

/* Where @occurrence goes when a session of its series moves from @from to @to:
 * as many days later or earlier, at @to's wall-clock hour in @zone. */
gboolean cabinet_recurrence_move     (GTimeZone               *zone,
                                      gint64                   from,
                                      gint64                   to,
                                      gint64                   occurrence,
                                      gint64                  *result,
                                      GError                 **error);

G_END_DECLS
