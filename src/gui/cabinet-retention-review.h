/* cabinet-retention-review.h — the client records past their retention
 * period, for the practitioner to erase or keep
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cabinet-clients-page.h"

G_BEGIN_DECLS

/* The records of the clients whose retention period (the retention-years
 * setting) has run today: of CabinetRetentionDue. NULL with @error set when
 * they could not be read. */
GPtrArray *cabinet_retention_review_list    (CabinetContext     *context,
                                             GError            **error);

/* A window listing them, each with Open and Erase…: nothing is erased without
 * the practitioner's confirmation. */
void       cabinet_retention_review_present (CabinetClientsPage *page,
                                             CabinetContext     *context);

G_END_DECLS
