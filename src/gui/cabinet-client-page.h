/* cabinet-client-page.h — one client's own page: the record, and what can be done
 * with it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-client-store.h"
#include "cabinet-context.h"

G_BEGIN_DECLS

#define CABINET_TYPE_CLIENT_PAGE (cabinet_client_page_get_type ())
G_DECLARE_FINAL_TYPE (CabinetClientPage, cabinet_client_page, CABINET, CLIENT_PAGE, AdwBin)

void           cabinet_client_page_set_context (CabinetClientPage  *self,
                                                CabinetContext     *context);
/* Shows @client of @store; NULL for both lets go of them (the records locked). */
void           cabinet_client_page_set_client  (CabinetClientPage  *self,
                                                CabinetClientStore *store,
                                                CabinetClient      *client);
CabinetClient *cabinet_client_page_get_client  (CabinetClientPage  *self);

G_END_DECLS
