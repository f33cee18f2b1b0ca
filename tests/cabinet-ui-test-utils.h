/* cabinet-ui-test-utils.h — finding and using widgets as a person would
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

GtkWidget *cabinet_ui_find_button        (GtkWidget  *root,
                                          const char *label);
GtkWidget *cabinet_ui_find_check         (GtkWidget  *root,
                                          const char *label);
GtkWidget *cabinet_ui_find_visible_label (GtkWidget  *root,
                                          const char *text);
GtkWidget *cabinet_ui_find_row           (GtkWidget  *root,
                                          const char *title);
/* Whether a row with @title is on screen, without failing the test. */
gboolean   cabinet_ui_shows_row          (GtkWidget  *root,
                                          const char *title);
GtkWidget *cabinet_ui_find_by_type       (GtkWidget  *root,
                                          GType       type);
GtkWindow *cabinet_ui_find_window        (GType       type);
/* The window of @type, waited for up to two seconds; fails the test if none came. */
GtkWindow *cabinet_ui_wait_for_window    (GType       type);
/* Waits up to two seconds for no window of @type to be left; fails the test if one is. */
void       cabinet_ui_wait_for_no_window (GType       type);
void       cabinet_ui_click              (GtkWidget  *root,
                                          const char *label);
void       cabinet_ui_test_init          (int         *argc,
                                          char      ***argv);
void       cabinet_ui_settle             (void);
/* Saves what @widget shows as NAME.png in $CABINET_TEST_SHOTS, when it is set: a
 * way to look at a dialog a test has driven. */
void       cabinet_ui_save_shot          (GtkWidget  *widget,
                                          const char *name);

G_END_DECLS
