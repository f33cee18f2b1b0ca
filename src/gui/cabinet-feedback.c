/* cabinet-feedback.c — where the outcome of an action is told: a toast on the
 * page, or a dialog when there is none
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cabinet-application.h"
#include "cabinet-feedback.h"
#include "cabinet-gui-util.h"

void
cabinet_show_error (GtkWindow  *parent,
                    const char *heading,
                    const char *body)
{
  GtkWidget *dialog;

  /* A window closed meanwhile is no parent. */
  if (parent && !gtk_widget_get_visible (GTK_WIDGET (parent)))
    parent = NULL;
  dialog = adw_message_dialog_new (parent, heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

AdwToast *
cabinet_toast_new (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  return adw_toast_new (escaped);
}

CabinetContext *
cabinet_widget_get_context (GtkWidget *widget)
{
  GtkWindow *window = cabinet_widget_get_window (widget);
  GtkApplication *application = window ? gtk_window_get_application (window) : NULL;

  /* A dialog has no application of its own: ask the window it belongs to. */
  if (application == NULL && window && gtk_window_get_transient_for (window))
    application = gtk_window_get_application (gtk_window_get_transient_for (window));
  if (CABINET_IS_APPLICATION (application))
    return cabinet_application_get_context (CABINET_APPLICATION (application));
  return NULL;
}

static AdwToastOverlay *
find_mapped_overlay (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return NULL;
  if (ADW_IS_TOAST_OVERLAY (widget))
    return ADW_TOAST_OVERLAY (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      AdwToastOverlay *found = find_mapped_overlay (child);

      if (found)
        return found;
    }
  return NULL;
}

AdwToastOverlay *
cabinet_widget_find_toasts (GtkWidget *widget)
{
  GtkWidget *ancestor = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (ancestor)
    return ADW_TOAST_OVERLAY (ancestor);
  return find_mapped_overlay (widget);
}

void
cabinet_feedback_init (CabinetFeedback *feedback,
                       GtkWidget       *parent)
{
  AdwToastOverlay *toasts = cabinet_widget_find_toasts (parent);
  GtkWindow *window = cabinet_widget_get_window (parent);

  feedback->window = window ? g_object_ref (window) : NULL;
  feedback->toasts = toasts ? g_object_ref (toasts) : NULL;
}

void
cabinet_feedback_clear (CabinetFeedback *feedback)
{
  g_clear_object (&feedback->window);
  g_clear_object (&feedback->toasts);
}

/* The overlay found when the dialog opened, or, when that one has gone with
 * the page the action removed (an erased client's page), another on screen. */
static AdwToastOverlay *
feedback_toasts (CabinetFeedback *feedback)
{
  if (feedback->toasts && gtk_widget_get_mapped (GTK_WIDGET (feedback->toasts)))
    return feedback->toasts;
  if (feedback->window && gtk_widget_get_mapped (GTK_WIDGET (feedback->window)))
    return find_mapped_overlay (GTK_WIDGET (feedback->window));
  return NULL;
}

void
cabinet_feedback_success (CabinetFeedback *feedback,
                          const char      *message)
{
  AdwToastOverlay *toasts = feedback_toasts (feedback);

  if (toasts)
    adw_toast_overlay_add_toast (toasts, cabinet_toast_new (message));
}

void
cabinet_feedback_failure (CabinetFeedback *feedback,
                          const char      *heading,
                          const char      *body)
{
  AdwToastOverlay *toasts = feedback_toasts (feedback);

  if (toasts)
    {
      g_autofree char *text = g_strdup_printf ("%s %s", heading, body);
      AdwToast *toast = cabinet_toast_new (text);

      /* A failure stays until it is read, and does not wait behind news of
       * earlier successes. */
      adw_toast_set_timeout (toast, 0);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_overlay_add_toast (toasts, toast);
    }
  else
    cabinet_show_error (feedback->window, heading, body);
}
