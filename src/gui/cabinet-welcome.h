/* cabinet-welcome.h — the first run: the practitioner profile, then the key
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-context.h"
#include "cabinet-profile-editor.h"

G_BEGIN_DECLS

#define CABINET_TYPE_WELCOME (cabinet_welcome_get_type ())
G_DECLARE_FINAL_TYPE (CabinetWelcome, cabinet_welcome, CABINET, WELCOME, AdwBin)

void                  cabinet_welcome_set_context        (CabinetWelcome *self,
                                                          CabinetContext *context);
void                  cabinet_welcome_resume_profile     (CabinetWelcome *self);
const char           *cabinet_welcome_get_step           (CabinetWelcome *self);
CabinetProfileEditor *cabinet_welcome_get_profile_editor (CabinetWelcome *self);
const char           *cabinet_welcome_get_recovery_key   (CabinetWelcome *self);
const char           *cabinet_welcome_get_message        (CabinetWelcome *self);

G_END_DECLS
