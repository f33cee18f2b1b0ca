/* cabinet-preferences-window.h — the practice profile, how Cabinet locks, and the
 * schedule's hours and reminders
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-context.h"
#include "cabinet-profile-editor.h"

G_BEGIN_DECLS

#define CABINET_TYPE_PREFERENCES_WINDOW (cabinet_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (CabinetPreferencesWindow, cabinet_preferences_window, CABINET, PREFERENCES_WINDOW, AdwPreferencesWindow)

CabinetPreferencesWindow *cabinet_preferences_window_new                (CabinetContext           *context);
CabinetProfileEditor     *cabinet_preferences_window_get_profile_editor (CabinetPreferencesWindow *self);
/* The consent form's wording; NULL while the records are locked. */
GtkWidget                *cabinet_preferences_window_get_consent_page  (CabinetPreferencesWindow *self);
gboolean                  cabinet_preferences_window_save_now           (CabinetPreferencesWindow *self);

G_END_DECLS
