/* cabinet-retention.h — how long a client's record is kept, and what the law
 * keeps of it after an erasure
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cabinet-database.h"

G_BEGIN_DECLS

/* Payments and receipts are kept six years after the latest (Livre des
 * procédures fiscales, art. L102 B). */
#define CABINET_RETENTION_FISCAL_YEARS 6

/* The day a client's record is due for review: @years after @last (their last
 * session, or the day the record was made), or, for someone born on @birth
 * (NULL: not known), @years after their eighteenth birthday if that is later. */
void       cabinet_retention_due_date     (const GDate      *last,
                                           const GDate      *birth,
                                           guint             years,
                                           GDate            *due);

typedef struct {
  gint64 client_id;
  GDate  last;   /* the last session, or the day the record was made */
  GDate  due;
} CabinetRetentionDue;

/* Of CabinetRetentionDue (g_free), the clients whose record is due for review
 * on @today (NULL: this computer's date), the longest overdue first. */
GPtrArray *cabinet_retention_list_due     (CabinetDatabase  *database,
                                           guint             years,
                                           const GDate      *today,
                                           GError          **error);

/* Whether payments or receipts of @client_id must still be kept on @today
 * (NULL: this computer's date); if so, @until (may be NULL) is the day they
 * may go. FALSE with @error set when the database could not be read. */
gboolean   cabinet_retention_fiscal_hold  (CabinetDatabase  *database,
                                           gint64            client_id,
                                           const GDate      *today,
                                           GDate            *until,
                                           GError          **error);

G_END_DECLS
