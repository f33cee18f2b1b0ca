/* cabinet-unlock-page.h — what the window shows while Cabinet is locked
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-context.h"

G_BEGIN_DECLS

#define CABINET_TYPE_UNLOCK_PAGE (cabinet_unlock_page_get_type ())
G_DECLARE_FINAL_TYPE (CabinetUnlockPage, cabinet_unlock_page, CABINET, UNLOCK_PAGE, AdwBin)

void        cabinet_unlock_page_set_context (CabinetUnlockPage *self,
                                             CabinetContext    *context);
void        cabinet_unlock_page_reset       (CabinetUnlockPage *self);
const char *cabinet_unlock_page_get_message (CabinetUnlockPage *self);
gboolean    cabinet_unlock_page_is_busy     (CabinetUnlockPage *self);

G_END_DECLS
