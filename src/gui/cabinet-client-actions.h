/* cabinet-client-actions.h — the dialogs around the client list: import from a
 * spreadsheet, export one client's data, erase a client for good
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-client-store.h"
#include "cabinet-context.h"

G_BEGIN_DECLS

/* @parent is any widget in the window: the dialogs are modal to its window, and
 * their toasts go to the AdwToastOverlay above it, or else the first one on
 * screen inside it (the window itself will do). */
void cabinet_client_import_present (GtkWidget          *parent,
                                    CabinetClientStore *store);
void cabinet_client_export_present (GtkWidget          *parent,
                                    CabinetContext     *context,
                                    CabinetClient      *client);
void cabinet_client_erase_present  (GtkWidget          *parent,
                                    CabinetClientStore *store,
                                    CabinetClient      *client);

G_END_DECLS
