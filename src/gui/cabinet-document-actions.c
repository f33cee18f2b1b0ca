/* cabinet-document-actions.c — what the dialogs do with a document: print it,
 * print it to a PDF file, export it, save it without ever leaving half a file
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <poppler.h>

#include "cabinet-audit.h"
#include "cabinet-document-actions.h"
#include "cabinet-feedback.h"

/* ── Shared ──────────────────────────────────────────────────────────────── */

/* A CabinetDocumentAudit kept until the document has left. */
typedef struct {
  CabinetDatabase *database;
  char            *action;
  char            *object_type;
  gint64           object_id;
} Audit;

static Audit *
audit_copy (const CabinetDocumentAudit *audit)
{
  Audit *copy;

  if (audit == NULL)
    return NULL;
  g_return_val_if_fail (audit->action != NULL, NULL);

  copy = g_new0 (Audit, 1);
  copy->database = audit->database ? g_object_ref (audit->database) : NULL;
  copy->action = g_strdup (audit->action);
  copy->object_type = g_strdup (audit->object_type);
  copy->object_id = audit->object_id;
  return copy;
}

static void
audit_free (Audit *audit)
{
  if (audit == NULL)
    return;
  g_clear_object (&audit->database);
  g_free (audit->action);
  g_free (audit->object_type);
  g_free (audit);
}

static void
audit_record (Audit *audit)
{
  if (audit)
    cabinet_audit_record_now (audit->database, audit->action, audit->object_type, audit->object_id);
}

/* ── Printing ────────────────────────────────────────────────────────────── */

/* What was chosen in the print dialog, offered again at the next print. */
static GtkPrintSettings *last_settings;

static PopplerDocument *
open_pdf (GBytes  *pdf,
          GError **error)
{
  PopplerDocument *document = poppler_document_new_from_bytes (pdf, NULL, NULL);

  if (document && poppler_document_get_n_pages (document) > 0)
    return document;
  g_clear_object (&document);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("This PDF could not be read: it may be damaged."));
  return NULL;
}

/* Each page keeps its own orientation, whatever the paper. */
static void
on_request_page_setup (GtkPrintOperation *operation,
                       GtkPrintContext   *context,
                       int                page_nr,
                       GtkPageSetup      *setup,
                       PopplerDocument   *document)
{
  PopplerPage *page = poppler_document_get_page (document, page_nr);
  double width, height;

  if (page == NULL)
    return;
  poppler_page_get_size (page, &width, &height);
  gtk_page_setup_set_orientation (setup, width > height ? GTK_PAGE_ORIENTATION_LANDSCAPE
                                                        : GTK_PAGE_ORIENTATION_PORTRAIT);
  g_object_unref (page);
}

/* The PDF page scaled to fit the paper, centred: an A4 form prints whole on
 * Letter paper, and at its own size on A4. */
static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PopplerDocument   *document)
{
  PopplerPage *page = poppler_document_get_page (document, page_nr);
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double paper_width = gtk_print_context_get_width (context);
  double paper_height = gtk_print_context_get_height (context);
  double width, height, scale;

  if (page == NULL)
    return;
  poppler_page_get_size (page, &width, &height);
  scale = MIN (paper_width / width, paper_height / height);
  cairo_save (cr);
  cairo_translate (cr, (paper_width - width * scale) / 2, (paper_height - height * scale) / 2);
  cairo_scale (cr, scale, scale);
  poppler_page_render_for_printing (page, cr);
  cairo_restore (cr);
  g_object_unref (page);
}

/* The print job both printing and printing to a file run; NULL when @pdf is not
 * a PDF poppler can read. Sizes are in points, from the corner of the paper. */
static GtkPrintOperation *
print_operation_new (GBytes      *pdf,
                     const char  *job_name,
                     GError     **error)
{
  PopplerDocument *document = open_pdf (pdf, error);
  GtkPrintOperation *operation;

  if (document == NULL)
    return NULL;

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_job_name (operation, job_name);
  gtk_print_operation_set_n_pages (operation, poppler_document_get_n_pages (document));
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  if (last_settings)
    gtk_print_operation_set_print_settings (operation, last_settings);
  g_object_set_data_full (G_OBJECT (operation), "cabinet-document", document, g_object_unref);
  g_signal_connect (operation, "request-page-setup", G_CALLBACK (on_request_page_setup), document);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), document);
  return operation;
}

static void
show_print_error (GtkWindow    *parent,
                  const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
    cabinet_show_error (parent, _("The document could not be printed"),
                _("This PDF could not be read: it may be damaged. Create the document again, then print it."));
  else
    cabinet_show_error (parent, _("The document could not be printed"),
                _("Check that the printer is switched on, connected and has paper, then try again. "
                  "You can also print to a file and print that file later."));
}

typedef struct {
  GtkWindow *parent;
  Audit     *audit;
} PrintJob;

static void
print_job_free (gpointer  data,
                GClosure *closure)
{
  PrintJob *job = data;

  g_clear_object (&job->parent);
  audit_free (job->audit);
  g_free (job);
}

static void
on_print_done (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               PrintJob                *job)
{
  if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    {
      g_set_object (&last_settings, gtk_print_operation_get_print_settings (operation));
      audit_record (job->audit);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      show_print_error (job->parent, error);
    }
}

void
cabinet_document_print (GtkWindow                  *parent,
                        GBytes                     *pdf,
                        const char                 *job_name,
                        const CabinetDocumentAudit *audit)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  PrintJob *job;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (pdf != NULL);

  operation = print_operation_new (pdf, job_name, &error);
  if (operation == NULL)
    {
      show_print_error (parent, error);
      return;
    }
  gtk_print_operation_set_allow_async (operation, TRUE);
  /* Every outcome, even a failure before the dialog, ends in "done"; the running
   * operation holds its own reference until then. */
  job = g_new0 (PrintJob, 1);
  job->parent = parent ? g_object_ref (parent) : NULL;
  job->audit = audit_copy (audit);
  g_signal_connect_data (operation, "done", G_CALLBACK (on_print_done), job, print_job_free, 0);
  gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, NULL);
}

/* The paper of the first page, so that a file holds the pages at their size. */
static void
set_document_paper (GtkPrintOperation *operation)
{
  PopplerDocument *document = g_object_get_data (G_OBJECT (operation), "cabinet-document");
  PopplerPage *page = poppler_document_get_page (document, 0);
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) paper = NULL;
  double width, height;

  if (page == NULL)
    return;
  poppler_page_get_size (page, &width, &height);
  g_object_unref (page);
  /* Portrait paper: the page's orientation is set page by page. */
  paper = gtk_paper_size_new_custom ("cabinet-document", "Document", MIN (width, height),
                                     MAX (width, height), GTK_UNIT_POINTS);
  gtk_page_setup_set_paper_size (setup, paper);
  gtk_page_setup_set_top_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_bottom_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_left_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_right_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_print_operation_set_default_page_setup (operation, setup);
}

/* GTK writes the PDF in place and does not check that cairo could finish it:
 * it is written beside @path, read back, and only then renamed over @path. */
gboolean
cabinet_document_print_to_file (GBytes      *pdf,
                                const char  *job_name,
                                const char  *path,
                                GError     **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *temp = NULL;
  g_autofree char *written = NULL;
  g_autoptr(GBytes) written_bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  PopplerDocument *check;
  gsize length;
  int fd, saved_errno;
  gboolean complete;

  g_return_val_if_fail (pdf != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  operation = print_operation_new (pdf, job_name, error);
  if (operation == NULL)
    return FALSE;
  set_document_paper (operation);

  dir = g_path_get_dirname (path);
  temp = g_build_filename (dir, ".cabinet-print-XXXXXX", NULL);
  fd = g_mkstemp_full (temp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), g_strerror (saved_errno));
      return FALSE;
    }
  g_close (fd, NULL);

  gtk_print_operation_set_export_filename (operation, temp);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &local_error)
      == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_unlink (temp);
      if (local_error)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The PDF could not be written."));
      return FALSE;
    }

  g_file_get_contents (temp, &written, &length, NULL);
  written_bytes = written ? g_bytes_new_take (g_steal_pointer (&written), length) : NULL;
  check = written_bytes ? poppler_document_new_from_bytes (written_bytes, NULL, NULL) : NULL;
  complete = check && poppler_document_get_n_pages (check)
                      == poppler_document_get_n_pages (g_object_get_data (G_OBJECT (operation), "cabinet-document"));
  g_clear_object (&check);
  if (!complete)
    {
      g_unlink (temp);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The PDF could not be written completely: the disk may be full."));
      return FALSE;
    }

  if (g_rename (temp, path) != 0)
    {
      saved_errno = errno;
      g_unlink (temp);
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* ── Saving ──────────────────────────────────────────────────────────────── */

/* A hidden file of our own beside @file, made with O_EXCL so nothing already
 * there is ever written to. */
static GFileOutputStream *
create_temp_sibling (GFile   *file,
                     GFile  **temp_out,
                     GError **error)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);

  if (parent == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME, _("This is not a file name."));
      return NULL;
    }
  for (guint attempt = 0;; attempt++)
    {
      g_autofree char *name = g_strdup_printf (".cabinet-save-%08x", g_random_int ());
      g_autoptr(GFile) temp = g_file_get_child (parent, name);
      g_autoptr(GError) local_error = NULL;
      GFileOutputStream *stream = g_file_create (temp, G_FILE_CREATE_PRIVATE, NULL, &local_error);

      if (stream)
        {
          *temp_out = g_steal_pointer (&temp);
          return stream;
        }
      if (attempt >= 10 || !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
}

/* g_file_replace_contents() would do for an existing file (GLib writes a
 * temporary file and renames it), but it writes a new file in place, so a full
 * disk would leave half of one: the temporary file is ours in both cases. */
gboolean
cabinet_document_save_to (GBytes  *data,
                          GFile   *file,
                          GError **error)
{
  g_autoptr(GFile) temp = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  gsize size;
  const void *bytes;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stream = create_temp_sibling (file, &temp, error);
  if (stream == NULL)
    return FALSE;

  bytes = g_bytes_get_data (data, &size);
  if (!g_output_stream_write_all (G_OUTPUT_STREAM (stream), bytes, size, NULL, NULL, error)
      || !g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error)
      || !g_file_move (temp, file, G_FILE_COPY_OVERWRITE | G_FILE_COPY_NO_FALLBACK_FOR_MOVE,
                       NULL, NULL, NULL, error))
    {
      g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL);
      g_file_delete (temp, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

/* ── Exporting ───────────────────────────────────────────────────────────── */

typedef struct {
  GtkWindow *parent;
  GBytes    *data;
  Audit     *audit;
} Export;

static void
export_free (Export *export)
{
  g_clear_object (&export->parent);
  g_bytes_unref (export->data);
  audit_free (export->audit);
  g_free (export);
}

static void
show_save_error (GtkWindow    *parent,
                 GFile        *file,
                 const GError *error)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *name = g_filename_display_name (basename);
  g_autofree char *body = NULL;

  /* The system's wording (and the temporary file's name) stay out of it. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    /* Translators: %s is a file name. */
    body = g_strdup_printf (_("The disk is full: “%s” could not be written. Free some space or choose another place, then try again."), name);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED)
           || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY))
    /* Translators: %s is a file name. */
    body = g_strdup_printf (_("This folder is read-only: “%s” could not be written there. Choose another folder, then try again."), name);
  else
    /* Translators: %s is a file name. */
    body = g_strdup_printf (_("“%s” could not be written: the folder may be read-only or the disk full. Choose another folder, or free some space, then try again."), name);
  cabinet_show_error (parent, _("The file could not be saved"), body);
}

/* The first toast overlay in @widget, where the window tells what went well. */

static void
tell_saved (GtkWindow *parent,
            GFile     *file)
{
  AdwToastOverlay *toasts = parent ? cabinet_widget_find_toasts (GTK_WIDGET (parent)) : NULL;
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *name = g_filename_display_name (basename);
  g_autofree char *message = NULL;

  if (toasts == NULL)
    return;
  /* Translators: %s is a file name. */
  message = g_strdup_printf (_("Saved as “%s”"), name);
  adw_toast_overlay_add_toast (toasts, cabinet_toast_new (message));
}

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    Export          *export)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;

      if (file && !cabinet_document_save_to (export->data, file, &error))
        show_save_error (export->parent, file, error);
      else if (file)
        {
          audit_record (export->audit);
          tell_saved (export->parent, file);
        }
    }
  /* The reference from cabinet_document_export(); @export goes with it. */
  g_object_unref (dialog);
}

void
cabinet_document_export_as (GtkWindow                  *parent,
                            GBytes                     *data,
                            const char                 *suggested_name,
                            const char                 *title,
                            const char                 *mime_type,
                            const char                 *filter_name,
                            const CabinetDocumentAudit *audit)
{
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  Export *export;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (data != NULL);
  g_return_if_fail (mime_type != NULL && filter_name != NULL);

  dialog = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_filter_set_name (filter, filter_name);
  gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  if (suggested_name)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested_name);

  export = g_new0 (Export, 1);
  export->parent = parent ? g_object_ref (parent) : NULL;
  export->data = g_bytes_ref (data);
  export->audit = audit_copy (audit);
  g_object_set_data_full (G_OBJECT (dialog), "cabinet-export", export, (GDestroyNotify) export_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response), export);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

void
cabinet_document_export (GtkWindow                  *parent,
                         GBytes                     *data,
                         const char                 *suggested_name,
                         const char                 *title,
                         const CabinetDocumentAudit *audit)
{
  cabinet_document_export_as (parent, data, suggested_name, title, "application/pdf", _("PDF documents"), audit);
}
