/* cabinet-schedule-page.h — the schedule: a week, day by day, and an agenda for
 * any period, with sessions planned and edited from either
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-context.h"

G_BEGIN_DECLS

#define CABINET_TYPE_SCHEDULE_PAGE (cabinet_schedule_page_get_type ())
G_DECLARE_FINAL_TYPE (CabinetSchedulePage, cabinet_schedule_page, CABINET, SCHEDULE_PAGE, AdwBin)

void cabinet_schedule_page_set_context (CabinetSchedulePage *self,
                                        CabinetContext      *context);
/* Shows the week holding @day (a local date). */
void cabinet_schedule_page_show_week   (CabinetSchedulePage *self,
                                        const GDate         *day);

G_END_DECLS
