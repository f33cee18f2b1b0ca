/* cabinet-session-row.h — one session in a list: its hours, client, way of
 * meeting and consent, what became of it, and what can be done with it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-context.h"

G_BEGIN_DECLS

typedef enum {
  CABINET_SESSION_ROW_DEFAULT     = 0,
  CABINET_SESSION_ROW_SHOW_DAY    = 1 << 0,  /* lists that span several days */
  CABINET_SESSION_ROW_HIDE_CLIENT = 1 << 1,  /* the client's own page */
  CABINET_SESSION_ROW_SHOW_START  = 1 << 2,  /* Today: a Start button */
} CabinetSessionRowFlags;

#define CABINET_TYPE_SESSION_ROW (cabinet_session_row_get_type ())
G_DECLARE_FINAL_TYPE (CabinetSessionRow, cabinet_session_row, CABINET, SESSION_ROW, AdwActionRow)

GtkWidget      *cabinet_session_row_new         (CabinetContext         *context,
                                                 CabinetSession         *session,
                                                 CabinetSessionRowFlags  flags);
CabinetSession *cabinet_session_row_get_session (CabinetSessionRow      *self);

G_END_DECLS
