/* cabinet-audit.h — the trail of what was done, never with client content
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cabinet-database.h"

G_BEGIN_DECLS

gboolean cabinet_audit_record (CabinetDatabase  *database,
                               const char       *action,
                               const char       *object_type,
                               gint64            object_id,
                               GError          **error);

G_END_DECLS
