/* cabinet-check-run.h — a past self-check, as the history shows it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cabinet-check.h"
#include "cabinet-database.h"

G_BEGIN_DECLS

#define CABINET_TYPE_CHECK_RUN (cabinet_check_run_get_type ())
G_DECLARE_FINAL_TYPE (CabinetCheckRun, cabinet_check_run, CABINET, CHECK_RUN, GObject)

GDateTime          *cabinet_check_run_get_checked_at (CabinetCheckRun  *self);
CabinetCheckStatus  cabinet_check_run_get_verdict    (CabinetCheckRun  *self);
/* "disk-encryption=fail,screen-lock=pass,…" in the order of the checks. */
const char         *cabinet_check_run_get_statuses   (CabinetCheckRun  *self);
CabinetCheckStatus  cabinet_check_run_get_status     (CabinetCheckRun  *self,
                                                      const char       *check_id);

/* The most recent runs first. */
GListModel         *cabinet_check_run_load_history   (CabinetDatabase  *database,
                                                      guint             limit,
                                                      GError          **error);

G_END_DECLS
