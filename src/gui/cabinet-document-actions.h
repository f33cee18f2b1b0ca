/* cabinet-document-actions.h — what the dialogs do with a document: print it,
 * print it to a PDF file, export it, save it without ever leaving half a file
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-database.h"

G_BEGIN_DECLS

/* What the activity log records once a document has been sent to the printer
 * or saved: @action on @object_type @object_id (NULL and 0: none), in
 * @database. Recorded after the fact, it never stops the user (see
 * cabinet_audit_record_now()). */
typedef struct {
  CabinetDatabase *database;
  const char      *action;
  const char      *object_type;
  gint64           object_id;
} CabinetDocumentAudit;

/* Opens the print dialog for @pdf, modal to @parent; what goes wrong is told in a
 * dialog. Each PDF page is scaled to the paper, keeping its proportions. Once
 * printed, @audit (NULL: nothing) is recorded. */
void     cabinet_document_print         (GtkWindow                  *parent,
                                         GBytes                     *pdf,
                                         const char                 *job_name,
                                         const CabinetDocumentAudit *audit);

/* The same print job, written to @path as PDF without a dialog, each page on
 * paper of the document's own size. */
gboolean cabinet_document_print_to_file (GBytes      *pdf,
                                         const char  *job_name,
                                         const char  *path,
                                         GError     **error);

/* Asks where to save @data (a PDF) with a file chooser titled @title, proposing
 * @suggested_name, then saves it with cabinet_document_save_to(). Failures are
 * told in a dialog; success in a toast, when @parent has a toast overlay. Once
 * saved, @audit (NULL: nothing) is recorded. */
void     cabinet_document_export        (GtkWindow                  *parent,
                                         GBytes                     *data,
                                         const char                 *suggested_name,
                                         const char                 *title,
                                         const CabinetDocumentAudit *audit);

/* The same for any kind of file: @mime_type and @filter_name ("Calendars") make
 * the chooser's filter. */
void     cabinet_document_export_as     (GtkWindow                  *parent,
                                         GBytes                     *data,
                                         const char                 *suggested_name,
                                         const char                 *title,
                                         const char                 *mime_type,
                                         const char                 *filter_name,
                                         const CabinetDocumentAudit *audit);

/* Writes @data to a temporary file beside @file, readable only by its owner,
 * then renames it over @file: on failure @file is as it was (or still absent)
 * and no temporary file is left. */
gboolean cabinet_document_save_to       (GBytes      *data,
                                         GFile       *file,
                                         GError     **error);

G_END_DECLS
