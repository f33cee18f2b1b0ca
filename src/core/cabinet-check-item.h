/* cabinet-check-item.h — one check as the list shows it: its last result, or that
 * it is still running
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cabinet-check.h"

G_BEGIN_DECLS

#define CABINET_TYPE_CHECK_ITEM (cabinet_check_item_get_type ())
G_DECLARE_FINAL_TYPE (CabinetCheckItem, cabinet_check_item, CABINET, CHECK_ITEM, GObject)

CabinetCheckItem   *cabinet_check_item_new          (const char               *id,
                                                     const char               *title,
                                                     gboolean                  required);
const char         *cabinet_check_item_get_id       (CabinetCheckItem         *self);
const char         *cabinet_check_item_get_title    (CabinetCheckItem         *self);
gboolean            cabinet_check_item_get_required (CabinetCheckItem         *self);
gboolean            cabinet_check_item_get_running  (CabinetCheckItem         *self);
CabinetCheckStatus  cabinet_check_item_get_status   (CabinetCheckItem         *self);
const char         *cabinet_check_item_get_summary  (CabinetCheckItem         *self);
const char         *cabinet_check_item_get_evidence (CabinetCheckItem         *self);
const char         *cabinet_check_item_get_remedy   (CabinetCheckItem         *self);

void                cabinet_check_item_set_running  (CabinetCheckItem         *self);
void                cabinet_check_item_set_result   (CabinetCheckItem         *self,
                                                     const CabinetCheckResult *result);

G_END_DECLS
