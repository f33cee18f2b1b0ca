/* cabinet-session-editor.h — the dialog that plans a session or a series, or
 * changes one, with overlaps confirmed and series edits scoped
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-context.h"

G_BEGIN_DECLS

#define CABINET_TYPE_SESSION_EDITOR (cabinet_session_editor_get_type ())
G_DECLARE_FINAL_TYPE (CabinetSessionEditor, cabinet_session_editor, CABINET, SESSION_EDITOR, AdwWindow)

/* @session NULL plans a new one, at @start (UTC seconds; 0: the next full hour)
 * with @client_id (0: the first client). */
CabinetSessionEditor *cabinet_session_editor_new       (GtkWindow            *parent,
                                                        CabinetContext       *context,
                                                        CabinetSession       *session,
                                                        gint64                start,
                                                        gint64                client_id);
/* For the tests: the message shown under a field ("client", "date", "time",
 * "duration", "link", "fee", "repeat"), or NULL. */
const char           *cabinet_session_editor_get_issue (CabinetSessionEditor *self,
                                                        const char           *field);
/* For the tests: the hint under the date (the client's time, working hours). */
const char           *cabinet_session_editor_get_hint  (CabinetSessionEditor *self);

G_END_DECLS
