/* cabinet-feedback.h — where the outcome of an action is told: a toast on the
 * page, or a dialog when there is none
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-context.h"

G_BEGIN_DECLS

/* A dialog with @heading, @body and Close, transient for @parent when it is
 * still on screen. */
void            cabinet_show_error          (GtkWindow       *parent,
                                             const char      *heading,
                                             const char      *body);

/* A toast showing @text as it is: libadwaita 1.2 reads every toast title as
 * Pango markup, so a "&" in a file name or a link would blank it. */
AdwToast       *cabinet_toast_new           (const char      *text);

/* The context, through the application, for widgets handed only a record. */
CabinetContext *cabinet_widget_get_context  (GtkWidget       *widget);

/* The overlay above @widget, or else the first one on screen inside it. */
AdwToastOverlay *cabinet_widget_find_toasts (GtkWidget       *widget);

typedef struct {
  GtkWindow       *window;
  AdwToastOverlay *toasts;
} CabinetFeedback;

/* Remembers where @parent is, for an outcome told later (after a dialog). */
void            cabinet_feedback_init       (CabinetFeedback *feedback,
                                             GtkWidget       *parent);
void            cabinet_feedback_clear      (CabinetFeedback *feedback);
void            cabinet_feedback_success    (CabinetFeedback *feedback,
                                             const char      *message);
/* A failure: a toast that stays until read, or a dialog. */
void            cabinet_feedback_failure    (CabinetFeedback *feedback,
                                             const char      *heading,
                                             const char      *body);

G_END_DECLS
