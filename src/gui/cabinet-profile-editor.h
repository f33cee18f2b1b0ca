/* cabinet-profile-editor.h — the practitioner profile form, with inline validation
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-practitioner.h"

G_BEGIN_DECLS

#define CABINET_TYPE_PROFILE_EDITOR (cabinet_profile_editor_get_type ())
G_DECLARE_FINAL_TYPE (CabinetProfileEditor, cabinet_profile_editor, CABINET, PROFILE_EDITOR, AdwPreferencesPage)

CabinetProfileEditor *cabinet_profile_editor_new          (void);
void                  cabinet_profile_editor_load         (CabinetProfileEditor *self,
                                                           CabinetPractitioner  *practitioner);
CabinetPractitioner  *cabinet_profile_editor_build        (CabinetProfileEditor *self);
gboolean              cabinet_profile_editor_is_valid     (CabinetProfileEditor *self);
const char           *cabinet_profile_editor_get_issue    (CabinetProfileEditor *self,
                                                           const char           *field);
GtkWidget            *cabinet_profile_editor_get_field    (CabinetProfileEditor *self,
                                                           const char           *field);

G_END_DECLS
