/* cabinet-security-page.h — the workstation self-check, each check as it finishes
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-context.h"

G_BEGIN_DECLS

#define CABINET_TYPE_SECURITY_PAGE (cabinet_security_page_get_type ())
G_DECLARE_FINAL_TYPE (CabinetSecurityPage, cabinet_security_page, CABINET, SECURITY_PAGE, AdwBin)

void cabinet_security_page_set_context (CabinetSecurityPage *self,
                                        CabinetContext      *context);
/* A check's status as an icon in its colour, named for a screen reader. */
void cabinet_security_page_set_status_image (GtkImage           *image,
                                             CabinetCheckStatus  status);

G_END_DECLS
