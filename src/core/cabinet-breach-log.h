/* cabinet-breach-log.h — the breaches of the practice's data (GDPR art. 33):
 * what happened, and when the CNIL was told, or why it was not
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cabinet-database.h"

G_BEGIN_DECLS

/* A breach is notified to the CNIL within 72 hours of being noticed. */
#define CABINET_BREACH_NOTIFY_HOURS 72

#define CABINET_BREACH_ERROR (cabinet_breach_error_quark ())

typedef enum {
  CABINET_BREACH_ERROR_NO_DESCRIPTION,  /* nothing says what happened */
  CABINET_BREACH_ERROR_IN_FUTURE,       /* noticed or notified later than now */
  CABINET_BREACH_ERROR_BEFORE_NOTICED,  /* notified before it was noticed */
  CABINET_BREACH_ERROR_NO_REASON,       /* not notified, and no reason given */
  CABINET_BREACH_ERROR_DECIDED,         /* notified, or the reason given, already */
  CABINET_BREACH_ERROR_NOT_FOUND,
} CabinetBreachError;

typedef enum {
  CABINET_BREACH_DESCRIPTION,     /* what happened; required */
  CABINET_BREACH_DATA_CONCERNED,
  CABINET_BREACH_CONSEQUENCES,
  CABINET_BREACH_MEASURES,        /* what was done about it */
  CABINET_BREACH_N_TEXT_FIELDS
} CabinetBreachField;

#define CABINET_TYPE_BREACH (cabinet_breach_get_type ())
G_DECLARE_FINAL_TYPE (CabinetBreach, cabinet_breach, CABINET, BREACH, GObject)

GQuark         cabinet_breach_error_quark           (void);

gint64         cabinet_breach_get_id                (CabinetBreach       *self);
GDateTime     *cabinet_breach_get_noticed_at        (CabinetBreach       *self);
const char    *cabinet_breach_get_text              (CabinetBreach       *self,
                                                     CabinetBreachField   field);
/* NULL until the CNIL is notified. */
GDateTime     *cabinet_breach_get_notified_at       (CabinetBreach       *self);
/* Why the CNIL is not notified; "" when no reason was given. */
const char    *cabinet_breach_get_not_notified_reason (CabinetBreach     *self);
/* Neither notified nor a reason given: a decision is awaited. */
gboolean       cabinet_breach_is_pending            (CabinetBreach       *self);
/* When the CNIL must be told by: 72 hours after the breach was noticed (a new
 * reference). */
GDateTime     *cabinet_breach_deadline              (CabinetBreach       *self);
/* Time left until the deadline at @now; negative once it is past. */
GTimeSpan      cabinet_breach_remaining             (CabinetBreach       *self,
                                                     GDateTime           *now);

#define CABINET_TYPE_BREACH_LOG (cabinet_breach_log_get_type ())
G_DECLARE_FINAL_TYPE (CabinetBreachLog, cabinet_breach_log, CABINET, BREACH_LOG, GObject)

/* The log, as a GListModel of CabinetBreach, the latest noticed first. Each
 * change below is one transaction, audited, and shows in the model. */
CabinetBreachLog *cabinet_breach_log_new              (CabinetDatabase     *database,
                                                       GError             **error);
/* A new breach noticed at @noticed_at, with the texts of each
 * CabinetBreachField (NULL ones empty). */
CabinetBreach    *cabinet_breach_log_add              (CabinetBreachLog    *self,
                                                       GDateTime           *noticed_at,
                                                       const char * const  *texts,
                                                       GError             **error);
/* Replaces the texts of @breach, which must be in the log. */
gboolean          cabinet_breach_log_update           (CabinetBreachLog    *self,
                                                       CabinetBreach       *breach,
                                                       const char * const  *texts,
                                                       GError             **error);
/* The CNIL was notified at @notified_at: the breach is decided. */
gboolean          cabinet_breach_log_set_notified     (CabinetBreachLog    *self,
                                                       CabinetBreach       *breach,
                                                       GDateTime           *notified_at,
                                                       GError             **error);
/* The CNIL is not notified, for @reason (a breach unlikely to result in a risk
 * to people's rights, art. 33-1): the breach is decided. */
gboolean          cabinet_breach_log_set_not_notified (CabinetBreachLog    *self,
                                                       CabinetBreach       *breach,
                                                       const char          *reason,
                                                       GError             **error);
/* The breaches awaiting a decision, the nearest deadline first: each one's
 * time left is cabinet_breach_remaining(). */
GListModel       *cabinet_breach_log_list_pending     (CabinetBreachLog    *self);

G_END_DECLS
