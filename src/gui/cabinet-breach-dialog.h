/* cabinet-breach-dialog.h — a breach recorded or its texts edited, and the
 * decision on it: when the CNIL was notified, or why it is not
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-breach-log.h"
#include "cabinet-context.h"

G_BEGIN_DECLS

typedef enum {
  CABINET_BREACH_DIALOG_RECORD,        /* a new breach: when, what, which data… */
  CABINET_BREACH_DIALOG_EDIT,          /* the texts of a breach */
  CABINET_BREACH_DIALOG_NOTIFIED,      /* when the CNIL was notified */
  CABINET_BREACH_DIALOG_NOT_NOTIFIED,  /* why it is not */
} CabinetBreachDialogMode;

#define CABINET_TYPE_BREACH_DIALOG (cabinet_breach_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CabinetBreachDialog, cabinet_breach_dialog, CABINET, BREACH_DIALOG, AdwWindow)

/* The dialog over @parent for @breach (NULL to record one) in the context's
 * breach log; the outcome is told on @parent, and the dialog closes when the
 * context locks. */
CabinetBreachDialog *cabinet_breach_dialog_new (GtkWindow               *parent,
                                                CabinetContext          *context,
                                                CabinetBreach           *breach,
                                                CabinetBreachDialogMode  mode);

G_END_DECLS
