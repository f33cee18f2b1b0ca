/* cabinet-gdpr-record.h — the practice's record of processing activities
 * (GDPR art. 30), written from the profile
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cabinet-practitioner.h"

G_BEGIN_DECLS

/* The record as a PDF in @language ("fr" or "en"), prepared on @today (NULL:
 * this computer's date): the controller (the practitioner), and the one
 * processing activity, the follow-up of clients, with its purposes, legal
 * bases, people and data concerned, recipients, transfers, retention
 * (@retention_years for client records), security measures and where the data
 * is kept. Nothing about any client. */
GBytes *cabinet_gdpr_record_render (CabinetPractitioner  *practitioner,
                                    guint                 retention_years,
                                    const char           *language,
                                    const GDate          *today,
                                    GError              **error);

G_END_DECLS
