/* cabinet-document-window.h — a finished document (a receipt, the year's
 * summary) shown as it will print, with Print and Export PDF
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-context.h"

G_BEGIN_DECLS

#define CABINET_TYPE_DOCUMENT_WINDOW (cabinet_document_window_get_type ())
G_DECLARE_FINAL_TYPE (CabinetDocumentWindow, cabinet_document_window, CABINET, DOCUMENT_WINDOW, AdwWindow)

/* Shows @pdf over @parent under @title, with @note (NULL: none) above it; the
 * exported file is proposed as "@file_stem.pdf". The window closes when
 * @context locks. NULL, with @error, when @pdf cannot be read. */
CabinetDocumentWindow *cabinet_document_window_present (GtkWindow      *parent,
                                                        CabinetContext *context,
                                                        GBytes         *pdf,
                                                        const char     *title,
                                                        const char     *note,
                                                        const char     *file_stem,
                                                        GError        **error);
/* Adds a button labelled @mnemonic at the start of the header bar, for what
 * else can be done with the document (for a receipt: correct it); the caller
 * connects to its "clicked". */
GtkWidget             *cabinet_document_window_add_button (CabinetDocumentWindow *self,
                                                           const char            *mnemonic,
                                                           const char            *tooltip);
/* What the activity log records when the document is printed (@printed) or
 * exported (@exported): the action's id, on @object_type @object_id (NULL and
 * 0: none). Without it, nothing is. */
void                   cabinet_document_window_set_audit  (CabinetDocumentWindow *self,
                                                           const char            *printed,
                                                           const char            *exported,
                                                           const char            *object_type,
                                                           gint64                 object_id);

G_END_DECLS
