/* cabinet-pdf.h — documents laid out with Pango and written as PDF by cairo:
 * real, searchable text with embedded fonts, page breaks, "page N of M"
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include <poppler.h>

G_BEGIN_DECLS

typedef enum {
  CABINET_PDF_TITLE,
  CABINET_PDF_HEADING,
  CABINET_PDF_BODY,
  CABINET_PDF_SMALL,
  CABINET_PDF_MONO,
} CabinetPdfStyle;

typedef enum {
  CABINET_PAPER_A4,
  CABINET_PAPER_LETTER,
} CabinetPaper;

typedef struct _CabinetPdf CabinetPdf;

CabinetPdf   *cabinet_pdf_new           (CabinetPaper     paper);
void          cabinet_pdf_free          (CabinetPdf      *pdf);
CabinetPaper  cabinet_paper_for_locale  (void);

void          cabinet_pdf_set_metadata  (CabinetPdf      *pdf,
                                         const char      *title,
                                         const char      *author,
                                         const char      *subject);
/* Printed at the top of every page, and before "page N of M" at the bottom. */
void          cabinet_pdf_set_header    (CabinetPdf      *pdf,
                                         const char      *header);
void          cabinet_pdf_set_footer    (CabinetPdf      *pdf,
                                         const char      *footer);

/* How "page N of M" is written when the document is not in the interface's
 * language: "{page}" and "{pages}" are replaced. */
void          cabinet_pdf_set_page_label (CabinetPdf     *pdf,
                                         const char      *label);

void          cabinet_pdf_add_text      (CabinetPdf      *pdf,
                                         CabinetPdfStyle  style,
                                         const char      *text);
void          cabinet_pdf_add_markup    (CabinetPdf      *pdf,
                                         CabinetPdfStyle  style,
                                         const char      *markup);
/* A line of a table: @left, and @right against the right margin (an amount). */
void          cabinet_pdf_add_columns   (CabinetPdf      *pdf,
                                         CabinetPdfStyle  style,
                                         const char      *left,
                                         const char      *right);
/* A line of a table of the NULL-terminated @cells: the first at the left
 * margin, each of the next but the last at its stop in @stops (fractions of
 * the width, one for each cell between), the last against the right margin. */
void          cabinet_pdf_add_row       (CabinetPdf      *pdf,
                                         CabinetPdfStyle  style,
                                         const char * const *cells,
                                         const double    *stops);
void          cabinet_pdf_add_space     (CabinetPdf      *pdf,
                                         double           points);
void          cabinet_pdf_keep_with_next (CabinetPdf     *pdf);
/* A row of boxes to sign in, side by side, each under its label; the row is
 * never split across pages. */
void          cabinet_pdf_add_signatures (CabinetPdf     *pdf,
                                         const char * const *labels);

/* A PNG image, read; NULL when it is not one cairo can read (the caller says
 * what to do about it). */
cairo_surface_t *cabinet_pdf_read_png   (GBytes          *png);
/* @image drawn at the left margin, at most @max_width_mm × @max_height_mm
 * millimetres, its proportions kept. */
void          cabinet_pdf_add_image     (CabinetPdf      *pdf,
                                         cairo_surface_t *image,
                                         double           max_width_mm,
                                         double           max_height_mm);

GBytes       *cabinet_pdf_render        (CabinetPdf      *pdf,
                                         GError         **error);

/* @page drawn on white paper into a new ARGB32 image of the given size, as a
 * preview shows it; NULL when cairo could not draw it. */
cairo_surface_t *cabinet_pdf_draw_page  (PopplerPage     *page,
                                         int              pixel_width,
                                         int              pixel_height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CabinetPdf, cabinet_pdf_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)

G_END_DECLS
