/* cabinet-document-view.h — a document shown page by page: a PDF drawn by poppler,
 * or a scanned image, with its own toolbar to turn the pages and zoom
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CABINET_DOCUMENT_VIEW_ZOOM_MIN 0.25
#define CABINET_DOCUMENT_VIEW_ZOOM_MAX 4.0

#define CABINET_TYPE_DOCUMENT_VIEW (cabinet_document_view_get_type ())
G_DECLARE_FINAL_TYPE (CabinetDocumentView, cabinet_document_view, CABINET, DOCUMENT_VIEW, AdwBin)

GtkWidget    *cabinet_document_view_new           (void);

/* @data is a PDF (it starts with "%PDF-") or an image (PNG, JPEG). On failure
 * (G_IO_ERROR_INVALID_DATA, with a message for the therapist) what was shown
 * before stays shown. The view opens on the first page and keeps its zoom. */
gboolean      cabinet_document_view_load          (CabinetDocumentView *self,
                                                   GBytes              *data,
                                                   GError             **error);
void          cabinet_document_view_clear         (CabinetDocumentView *self);

/* 0 while nothing is loaded; an image is one page. */
guint         cabinet_document_view_get_n_pages   (CabinetDocumentView *self);
/* 0-based; pages out of range go to the last one. */
guint         cabinet_document_view_get_page      (CabinetDocumentView *self);
void          cabinet_document_view_set_page      (CabinetDocumentView *self,
                                                   guint                page);

/* 1.0 is 100 %: a PDF point is 96/72 pixels, an image pixel is one pixel.
 * Clamped to CABINET_DOCUMENT_VIEW_ZOOM_MIN..CABINET_DOCUMENT_VIEW_ZOOM_MAX. */
double        cabinet_document_view_get_zoom      (CabinetDocumentView *self);
void          cabinet_document_view_set_zoom      (CabinetDocumentView *self,
                                                   double               zoom);

/* The page on screen: the rendered texture, at its size in application pixels
 * (gdk_paintable_get_intrinsic_width() grows with the zoom); NULL when empty. */
GdkPaintable *cabinet_document_view_get_paintable (CabinetDocumentView *self);

G_END_DECLS
