/* cabinet-audit-window.h — the activity log: what was done with the records and
 * when, the latest first, and a way to export it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-context.h"

G_BEGIN_DECLS

#define CABINET_TYPE_AUDIT_WINDOW (cabinet_audit_window_get_type ())
G_DECLARE_FINAL_TYPE (CabinetAuditWindow, cabinet_audit_window, CABINET, AUDIT_WINDOW, AdwWindow)

/* Shows the activity log of @context over @parent; it closes when @context
 * locks. A log that cannot be read is said in the window. */
CabinetAuditWindow *cabinet_audit_window_present (GtkWindow      *parent,
                                                  CabinetContext *context);
/* Reads the entries recorded since the window opened or was last active. */
void                cabinet_audit_window_refresh (CabinetAuditWindow *self);

G_END_DECLS
