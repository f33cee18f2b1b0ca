/* cabinet-field-messages.h — what to fix, said under the form field itself
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* @field is a row in a preferences group (its message goes in a row below it) or a
 * text view in a frame (below the frame). *@message holds the message widget,
 * created on first use and kept, hidden, once cleared. */
void       cabinet_field_message_show        (GtkWidget   *field,
                                              GtkWidget  **message,
                                              const char  *text);
void       cabinet_field_message_clear       (GtkWidget   *field,
                                              GtkWidget   *message);

/* The message alone, for a problem that is not the field's own (@text NULL hides it). */
void       cabinet_field_message_set_text    (GtkWidget   *anchor,
                                              GtkWidget  **message,
                                              const char  *text);
GtkLabel  *cabinet_field_message_get_label   (GtkWidget   *message);

G_END_DECLS
