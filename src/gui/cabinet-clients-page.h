/* cabinet-clients-page.h — the Clients page: the list, searched, sorted and
 * filtered, and each client's own page
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-client-store.h"
#include "cabinet-context.h"

G_BEGIN_DECLS

#define CABINET_TYPE_CLIENTS_PAGE (cabinet_clients_page_get_type ())
G_DECLARE_FINAL_TYPE (CabinetClientsPage, cabinet_clients_page, CABINET, CLIENTS_PAGE, AdwBin)

void                cabinet_clients_page_set_context (CabinetClientsPage *self,
                                                      CabinetContext     *context);
/* The store the page lists, read now if the page has not been shown yet; NULL
 * while the records are locked. */
CabinetClientStore *cabinet_clients_page_get_store   (CabinetClientsPage *self);
void                cabinet_clients_page_open_client (CabinetClientsPage *self,
                                                      CabinetClient      *client);
/* What is on screen: "clients", "empty", "no-results" or "client". */
const char         *cabinet_clients_page_get_view    (CabinetClientsPage *self);

G_END_DECLS
