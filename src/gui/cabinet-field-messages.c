/* cabinet-field-messages.c — what to fix, said under the form field itself
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cabinet-field-messages.h"

static GtkWidget *
create_message (GtkWidget *anchor)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_add_css_class (label, "caption");

  if (GTK_IS_LIST_BOX_ROW (anchor))
    {
      /* Preferences groups only hold preferences rows (their titles are searched). */
      GtkWidget *row = g_object_new (ADW_TYPE_PREFERENCES_ROW, NULL);
      GtkWidget *list = gtk_widget_get_parent (anchor);

      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      /* A message is read, not stopped at: Tab goes from field to field. */
      gtk_widget_set_focusable (row, FALSE);
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_insert (GTK_LIST_BOX (list), row,
                           gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (anchor)) + 1);
      return row;
    }

  /* A text view sits in a frame, itself in a group: the message goes under it. */
  g_return_val_if_fail (GTK_IS_TEXT_VIEW (anchor), NULL);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_insert_after (label, gtk_widget_get_parent (gtk_widget_get_parent (anchor)),
                           gtk_widget_get_parent (anchor));
  return label;
}

GtkLabel *
cabinet_field_message_get_label (GtkWidget *message)
{
  g_return_val_if_fail (GTK_IS_WIDGET (message), NULL);

  if (GTK_IS_LIST_BOX_ROW (message))
    return GTK_LABEL (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (message)));
  return GTK_LABEL (message);
}

void
cabinet_field_message_set_text (GtkWidget   *anchor,
                                GtkWidget  **message,
                                const char  *text)
{
  g_return_if_fail (GTK_IS_WIDGET (anchor));
  g_return_if_fail (message != NULL);

  if (text != NULL && *message == NULL)
    *message = create_message (anchor);
  if (*message == NULL)
    return;
  gtk_label_set_text (cabinet_field_message_get_label (*message), text ? text : "");
  gtk_widget_set_visible (*message, text != NULL);
}

/* The error style for the eye; for a screen reader, the field is invalid and the
 * message describes it. */
/* The keyboard focus is in an entry row's inner text: a screen reader announces
 * the state of that one, so it gets the same state as the row. Returns the next
 * widget to mark after @w, or NULL. */
static GtkWidget *
accessible_delegate (GtkWidget *w,
                     GtkWidget *field)
{
  GtkEditable *delegate;

  if (w != field || !GTK_IS_EDITABLE (field))
    return NULL;
  delegate = gtk_editable_get_delegate (GTK_EDITABLE (field));
  return delegate && GTK_WIDGET (delegate) != field ? GTK_WIDGET (delegate) : NULL;
}

void
cabinet_field_message_show (GtkWidget   *field,
                            GtkWidget  **message,
                            const char  *text)
{
  g_return_if_fail (GTK_IS_WIDGET (field));
  g_return_if_fail (text != NULL);

  cabinet_field_message_set_text (field, message, text);
  gtk_widget_add_css_class (field, "error");
  for (GtkWidget *w = field; w; w = accessible_delegate (w, field))
    {
      gtk_accessible_update_state (GTK_ACCESSIBLE (w),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (w),
                                      GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                      cabinet_field_message_get_label (*message), NULL,
                                      -1);
    }
}

void
cabinet_field_message_clear (GtkWidget *field,
                             GtkWidget *message)
{
  g_return_if_fail (GTK_IS_WIDGET (field));

  if (message)
    cabinet_field_message_set_text (field, &message, NULL);
  gtk_widget_remove_css_class (field, "error");
  for (GtkWidget *w = field; w; w = accessible_delegate (w, field))
    {
      gtk_accessible_update_state (GTK_ACCESSIBLE (w),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_FALSE,
                                   -1);
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
    }
}
