/* cabinet-breach-log-window.h — the breach log (GDPR art. 33): each breach,
 * what was decided about it, and a way to record one
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-context.h"

G_BEGIN_DECLS

#define CABINET_TYPE_BREACH_LOG_WINDOW (cabinet_breach_log_window_get_type ())
G_DECLARE_FINAL_TYPE (CabinetBreachLogWindow, cabinet_breach_log_window, CABINET, BREACH_LOG_WINDOW, AdwWindow)

/* Shows the breach log of @context over @parent; it closes when @context
 * locks. NULL, with @error, when the log cannot be read. */
CabinetBreachLogWindow *cabinet_breach_log_window_present (GtkWindow       *parent,
                                                           CabinetContext  *context,
                                                           GError         **error);

G_END_DECLS
