/* cabinet-document-window.c — a finished document (a receipt, the year's
 * summary) shown as it will print, with Print and Export PDF
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cabinet-document-actions.h"
#include "cabinet-document-view.h"
#include "cabinet-document-window.h"
#include "cabinet-validate.h"

struct _CabinetDocumentWindow
{
  AdwWindow            parent_instance;

  GBytes              *pdf;
  char                *file_stem;
  CabinetContext      *context;
  /* What the activity log records (NULL: nothing). */
  char                *printed_action;
  char                *exported_action;
  char                *object_type;
  gint64               object_id;

  AdwHeaderBar        *header_bar;
  AdwWindowTitle      *window_title;
  GtkLabel            *note_label;
  CabinetDocumentView *view;
};

G_DEFINE_FINAL_TYPE (CabinetDocumentWindow, cabinet_document_window, ADW_TYPE_WINDOW)

static void
print_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  CabinetDocumentWindow *self = CABINET_DOCUMENT_WINDOW (widget);
  CabinetDocumentAudit audit = { cabinet_context_get_database (self->context), self->printed_action,
                                  self->object_type, self->object_id };

  cabinet_document_print (GTK_WINDOW (self), self->pdf, self->file_stem, audit.action ? &audit : NULL);
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  CabinetDocumentWindow *self = CABINET_DOCUMENT_WINDOW (widget);
  g_autofree char *file = g_strconcat (self->file_stem, ".pdf", NULL);
  CabinetDocumentAudit audit = { cabinet_context_get_database (self->context), self->exported_action,
                                  self->object_type, self->object_id };

  cabinet_document_export (GTK_WINDOW (self), self->pdf, file, _("Export PDF"), audit.action ? &audit : NULL);
}

static void
cabinet_document_window_dispose (GObject *object)
{
  CabinetDocumentWindow *self = CABINET_DOCUMENT_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), CABINET_TYPE_DOCUMENT_WINDOW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cabinet_document_window_parent_class)->dispose (object);
}

static void
cabinet_document_window_finalize (GObject *object)
{
  CabinetDocumentWindow *self = CABINET_DOCUMENT_WINDOW (object);

  g_clear_pointer (&self->pdf, g_bytes_unref);
  g_free (self->file_stem);
  g_free (self->printed_action);
  g_free (self->exported_action);
  g_free (self->object_type);

  G_OBJECT_CLASS (cabinet_document_window_parent_class)->finalize (object);
}

static void
cabinet_document_window_class_init (CabinetDocumentWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cabinet_document_window_dispose;
  object_class->finalize = cabinet_document_window_finalize;

  g_type_ensure (CABINET_TYPE_DOCUMENT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cabinetapp/Cabinet/cabinet-document-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CabinetDocumentWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, CabinetDocumentWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CabinetDocumentWindow, note_label);
  gtk_widget_class_bind_template_child (widget_class, CabinetDocumentWindow, view);

  gtk_widget_class_install_action (widget_class, "document.print", NULL, print_activated);
  gtk_widget_class_install_action (widget_class, "document.export", NULL, export_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "document.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "document.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cabinet_document_window_init (CabinetDocumentWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CabinetDocumentWindow *
cabinet_document_window_present (GtkWindow      *parent,
                                 CabinetContext *context,
                                 GBytes         *pdf,
                                 const char     *title,
                                 const char     *note,
                                 const char     *file_stem,
                                 GError        **error)
{
  CabinetDocumentWindow *self;

  g_return_val_if_fail (CABINET_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (pdf != NULL, NULL);
  g_return_val_if_fail (title != NULL && file_stem != NULL, NULL);

  self = g_object_new (CABINET_TYPE_DOCUMENT_WINDOW, "transient-for", parent, "title", title, NULL);
  if (!cabinet_document_view_load (self->view, pdf, error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  self->pdf = g_bytes_ref (pdf);
  self->file_stem = g_strdup (file_stem);
  self->context = g_object_ref (context);
  adw_window_title_set_title (self->window_title, title);
  gtk_label_set_text (self->note_label, note ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL);
  /* What it shows is the practice's records: it goes when they lock. */
  g_signal_connect_object (context, "notify::locked", G_CALLBACK (gtk_window_destroy), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

GtkWidget *
cabinet_document_window_add_button (CabinetDocumentWindow *self,
                                    const char            *mnemonic,
                                    const char            *tooltip)
{
  GtkWidget *button;

  g_return_val_if_fail (CABINET_IS_DOCUMENT_WINDOW (self), NULL);
  g_return_val_if_fail (mnemonic != NULL, NULL);

  button = gtk_button_new_with_mnemonic (mnemonic);
  if (tooltip)
    gtk_widget_set_tooltip_text (button, tooltip);
  adw_header_bar_pack_start (self->header_bar, button);
  return button;
}

void
cabinet_document_window_set_audit (CabinetDocumentWindow *self,
                                   const char            *printed,
                                   const char            *exported,
                                   const char            *object_type,
                                   gint64                 object_id)
{
  g_return_if_fail (CABINET_IS_DOCUMENT_WINDOW (self));
  g_return_if_fail (printed != NULL && exported != NULL);

  cabinet_set_string (&self->printed_action, printed);
  cabinet_set_string (&self->exported_action, exported);
  cabinet_set_string (&self->object_type, object_type);
  self->object_id = object_id;
}
