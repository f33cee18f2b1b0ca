/* cabinet-client-editor.h — the dialog that adds or edits one client, with inline
 * validation
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-client-store.h"
#include "cabinet-context.h"

G_BEGIN_DECLS

#define CABINET_TYPE_CLIENT_EDITOR (cabinet_client_editor_get_type ())
G_DECLARE_FINAL_TYPE (CabinetClientEditor, cabinet_client_editor, CABINET, CLIENT_EDITOR, AdwWindow)

/* @client NULL: a new client. The editor works on a copy; "saved" hands over the
 * client as the store holds it. */
CabinetClientEditor *cabinet_client_editor_new       (GtkWindow           *parent,
                                                      CabinetContext      *context,
                                                      CabinetClientStore  *store,
                                                      CabinetClient       *client);
/* What Save does: TRUE once saved; FALSE while something needs fixing (shown, and
 * the first field to fix focused) or while the therapist is asked to confirm. */
gboolean             cabinet_client_editor_save      (CabinetClientEditor *self);
const char          *cabinet_client_editor_get_issue (CabinetClientEditor *self,
                                                      const char          *field);
GtkWidget           *cabinet_client_editor_get_field (CabinetClientEditor *self,
                                                      const char          *field);

/* The words shown for a coded value: status, language, modality, in-person care. */
const char          *cabinet_client_choice_label     (CabinetClientField   field,
                                                      const char          *value);

G_END_DECLS
