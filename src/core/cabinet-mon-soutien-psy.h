/* cabinet-mon-soutien-psy.h — sessions under Mon soutien psy: at the national
 * fee, no extra charge, twelve a calendar year, the first in person
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cabinet-database.h"
#include "cabinet-enums.h"

G_BEGIN_DECLS

/* The national fee since June 2024, in cents; Preferences can change it. */
#define CABINET_MON_SOUTIEN_PSY_FEE 5000
/* Sessions covered each calendar year. */
#define CABINET_MON_SOUTIEN_PSY_PER_YEAR 12

/* The sessions of @client_id under Mon soutien psy in the calendar year of
 * @starts_at (local time), cancelled ones left out, and whether one comes
 * before @starts_at (ever). */
gboolean cabinet_mon_soutien_psy_count (CabinetDatabase  *database,
                                        gint64            client_id,
                                        gint64            starts_at,
                                        guint            *in_year,
                                        gboolean         *earlier,
                                        GError          **error);

/* What to tell the therapist about a new session of a client followed under
 * Mon soutien psy, at @starts_at by @modality: NULL when nothing, else a
 * sentence (past the yearly limit; a first session not in person). */
char    *cabinet_mon_soutien_psy_warning (CabinetDatabase  *database,
                                          gint64            client_id,
                                          gint64            starts_at,
                                          CabinetChannels   modality);

G_END_DECLS
