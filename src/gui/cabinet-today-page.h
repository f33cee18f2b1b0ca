/* cabinet-today-page.h — the home page: today's sessions, each ready to start,
 * and whether this computer passed its security self-check
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-context.h"

G_BEGIN_DECLS

#define CABINET_TYPE_TODAY_PAGE (cabinet_today_page_get_type ())
G_DECLARE_FINAL_TYPE (CabinetTodayPage, cabinet_today_page, CABINET, TODAY_PAGE, AdwBin)

void cabinet_today_page_set_context (CabinetTodayPage *self,
                                     CabinetContext   *context);

G_END_DECLS
