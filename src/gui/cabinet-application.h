/* cabinet-application.h — the application: command line, actions, session lock
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-context.h"

G_BEGIN_DECLS

#define CABINET_TYPE_APPLICATION (cabinet_application_get_type ())
G_DECLARE_FINAL_TYPE (CabinetApplication, cabinet_application, CABINET, APPLICATION, AdwApplication)

CabinetApplication *cabinet_application_new         (void);
CabinetContext     *cabinet_application_get_context (CabinetApplication *self);

G_END_DECLS
