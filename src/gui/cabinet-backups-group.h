/* cabinet-backups-group.h — the last backup, where backups go, restoring and exporting
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-context.h"

G_BEGIN_DECLS

#define CABINET_TYPE_BACKUPS_GROUP (cabinet_backups_group_get_type ())
G_DECLARE_FINAL_TYPE (CabinetBackupsGroup, cabinet_backups_group, CABINET, BACKUPS_GROUP, AdwPreferencesGroup)

void cabinet_backups_group_set_context (CabinetBackupsGroup *self,
                                        CabinetContext      *context);

G_END_DECLS
