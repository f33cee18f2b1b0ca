/* cabinet-self-check.h — a run of every compliance check, as a list model that
 * fills in as each check finishes
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cabinet-check-item.h"
#include "cabinet-database.h"

G_BEGIN_DECLS

#define CABINET_TYPE_SELF_CHECK (cabinet_self_check_get_type ())
G_DECLARE_FINAL_TYPE (CabinetSelfCheck, cabinet_self_check, CABINET, SELF_CHECK, GObject)

CabinetSelfCheck   *cabinet_self_check_new            (void);
GListModel         *cabinet_self_check_get_items      (CabinetSelfCheck    *self);
CabinetCheckItem   *cabinet_self_check_find           (CabinetSelfCheck    *self,
                                                       const char          *id);

void                cabinet_self_check_run_async      (CabinetSelfCheck    *self,
                                                       CabinetCheckEnv     *env,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean            cabinet_self_check_run_finish     (CabinetSelfCheck    *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
gboolean            cabinet_self_check_run_sync       (CabinetSelfCheck    *self,
                                                       CabinetCheckEnv     *env,
                                                       GError             **error);

gboolean            cabinet_self_check_get_running    (CabinetSelfCheck    *self);
GDateTime          *cabinet_self_check_get_checked_at (CabinetSelfCheck    *self);
CabinetCheckStatus  cabinet_self_check_get_verdict    (CabinetSelfCheck    *self);
gboolean            cabinet_self_check_required_failed (CabinetSelfCheck   *self);

/* The verdict in words: "This computer meets the guidelines", "Not checked yet"… */
const char         *cabinet_self_check_describe       (CabinetSelfCheck    *self);

char               *cabinet_self_check_to_json        (CabinetSelfCheck    *self);
char               *cabinet_self_check_to_text        (CabinetSelfCheck    *self);

GBytes             *cabinet_self_check_render_report  (CabinetSelfCheck    *self,
                                                       const char          *practitioner,
                                                       GError             **error);

gboolean            cabinet_self_check_save           (CabinetSelfCheck    *self,
                                                       CabinetDatabase     *database,
                                                       gint64              *run_id,
                                                       GError             **error);

G_END_DECLS
