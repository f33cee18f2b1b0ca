/* cabinet-pdf.c — documents laid out with Pango and written as PDF by cairo:
 * real, searchable text with embedded fonts, page breaks, "page N of M"
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <langinfo.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "cabinet-pdf.h"
#include "cabinet-validate.h"

/* Points: 1/72 inch, the PDF unit. */
#define MM (72.0 / 25.4)
#define MARGIN (20 * MM)
#define HEADER_GAP (8 * MM)

typedef struct {
  CabinetPdfStyle  style;
  char            *markup;
  double           space;          /* > 0 for vertical space instead of text */
  gboolean         keep_with_next; /* a heading is never left alone at a page end */
  char           **signatures;     /* labels of a row of signature boxes */
  gboolean         columns;        /* "cell\t…\tamount": the amount against the right margin */
  double          *stops;          /* where the cells between start, in fractions of the width */
  guint            n_stops;
  cairo_surface_t *image;          /* an image, @image_width × @image_height points */
  double           image_width;
  double           image_height;
} Block;

#define SIGNATURE_HEIGHT (30 * MM)
#define SIGNATURE_GAP (8 * MM)

struct _CabinetPdf
{
  double     width;
  double     height;
  char      *title;
  char      *author;
  char      *subject;
  char      *header;
  char      *footer;
  char      *page_label;
  GPtrArray *blocks;
};

static void
block_free (Block *block)
{
  g_free (block->markup);
  g_strfreev (block->signatures);
  g_free (block->stops);
  g_clear_pointer (&block->image, cairo_surface_destroy);
  g_free (block);
}

CabinetPdf *
cabinet_pdf_new (CabinetPaper paper)
{
  CabinetPdf *pdf = g_new0 (CabinetPdf, 1);

  if (paper == CABINET_PAPER_LETTER)
    {
      pdf->width = 8.5 * 72;
      pdf->height = 11 * 72;
    }
  else
    {
      pdf->width = 210 * MM;
      pdf->height = 297 * MM;
    }
  pdf->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  return pdf;
}

void
cabinet_pdf_free (CabinetPdf *pdf)
{
  if (pdf == NULL)
    return;
  g_free (pdf->title);
  g_free (pdf->author);
  g_free (pdf->subject);
  g_free (pdf->header);
  g_free (pdf->footer);
  g_free (pdf->page_label);
  g_ptr_array_unref (pdf->blocks);
  g_free (pdf);
}

/* US Letter where the locale's paper is 8.5 × 11 inches, A4 everywhere else. */
CabinetPaper
cabinet_paper_for_locale (void)
{
#ifdef _NL_PAPER_WIDTH
  union { char *string; unsigned int word; } width;

  width.string = nl_langinfo (_NL_PAPER_WIDTH);
  if (width.word == 216)
    return CABINET_PAPER_LETTER;
#endif
  return CABINET_PAPER_A4;
}

void
cabinet_pdf_set_metadata (CabinetPdf *pdf,
                          const char *title,
                          const char *author,
                          const char *subject)
{
  g_free (pdf->title);
  g_free (pdf->author);
  g_free (pdf->subject);
  pdf->title = g_strdup (title);
  pdf->author = g_strdup (author);
  pdf->subject = g_strdup (subject);
}

void
cabinet_pdf_set_header (CabinetPdf *pdf,
                        const char *header)
{
  g_free (pdf->header);
  pdf->header = g_strdup (header);
}

void
cabinet_pdf_set_footer (CabinetPdf *pdf,
                        const char *footer)
{
  g_free (pdf->footer);
  pdf->footer = g_strdup (footer);
}

void
cabinet_pdf_set_page_label (CabinetPdf *pdf,
                            const char *label)
{
  g_free (pdf->page_label);
  pdf->page_label = g_strdup (label);
}

void
cabinet_pdf_add_markup (CabinetPdf      *pdf,
                        CabinetPdfStyle  style,
                        const char      *markup)
{
  Block *block = g_new0 (Block, 1);

  block->style = style;
  block->markup = g_strdup (markup);
  block->keep_with_next = style == CABINET_PDF_HEADING || style == CABINET_PDF_TITLE;
  g_ptr_array_add (pdf->blocks, block);
}

void
cabinet_pdf_add_text (CabinetPdf      *pdf,
                      CabinetPdfStyle  style,
                      const char      *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);
  cabinet_pdf_add_markup (pdf, style, escaped);
}

void
cabinet_pdf_add_row (CabinetPdf         *pdf,
                     CabinetPdfStyle     style,
                     const char * const *cells,
                     const double       *stops)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = g_strv_length ((char **) cells);
  Block *block;

  g_return_if_fail (n >= 2);

  for (guint i = 0; i < n; i++)
    {
      gsize at = text->len;

      if (i > 0)
        g_string_append_c (text, '\t');
      g_string_append (text, cells[i]);
      /* One line, one tab between cells: a line break would part the amount
       * from its label, and another tab would push a cell out of its column. */
      g_strdelimit (text->str + at + (i > 0), "\t\r\n", ' ');
    }
  cabinet_pdf_add_text (pdf, style, text->str);
  block = g_ptr_array_index (pdf->blocks, pdf->blocks->len - 1);
  block->columns = TRUE;
  block->n_stops = n - 2;
  block->stops = g_memdup2 (stops, sizeof (double) * block->n_stops);
}

void
cabinet_pdf_add_columns (CabinetPdf      *pdf,
                         CabinetPdfStyle  style,
                         const char      *left,
                         const char      *right)
{
  const char * const cells[] = { left ? left : "", right ? right : "", NULL };

  cabinet_pdf_add_row (pdf, style, cells, NULL);
}

void
cabinet_pdf_add_space (CabinetPdf *pdf,
                       double      points)
{
  Block *block = g_new0 (Block, 1);

  block->space = points;
  g_ptr_array_add (pdf->blocks, block);
}

void
cabinet_pdf_keep_with_next (CabinetPdf *pdf)
{
  if (pdf->blocks->len > 0)
    ((Block *) g_ptr_array_index (pdf->blocks, pdf->blocks->len - 1))->keep_with_next = TRUE;
}

void
cabinet_pdf_add_signatures (CabinetPdf         *pdf,
                            const char * const *labels)
{
  Block *block = g_new0 (Block, 1);

  g_return_if_fail (labels != NULL && labels[0] != NULL);
  block->style = CABINET_PDF_SMALL;
  block->signatures = g_strdupv ((char **) labels);
  g_ptr_array_add (pdf->blocks, block);
}

typedef struct {
  GBytes *bytes;
  gsize   offset;
} PngReader;

static cairo_status_t
read_png (void          *closure,
          unsigned char *data,
          unsigned int   length)
{
  PngReader *reader = closure;
  gsize size;
  const guint8 *bytes = g_bytes_get_data (reader->bytes, &size);

  if (length > size - reader->offset)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, bytes + reader->offset, length);
  reader->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

cairo_surface_t *
cabinet_pdf_read_png (GBytes *png)
{
  PngReader reader = { png, 0 };
  cairo_surface_t *image;

  g_return_val_if_fail (png != NULL, NULL);

  image = cairo_image_surface_create_from_png_stream (read_png, &reader);
  if (cairo_surface_status (image) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (image);
      return NULL;
    }
  return image;
}

void
cabinet_pdf_add_image (CabinetPdf      *pdf,
                       cairo_surface_t *image,
                       double           max_width_mm,
                       double           max_height_mm)
{
  Block *block = g_new0 (Block, 1);
  double width = cairo_image_surface_get_width (image);
  double height = cairo_image_surface_get_height (image);
  double scale;

  g_return_if_fail (width > 0 && height > 0);
  scale = MIN (max_width_mm * MM / width, max_height_mm * MM / height);
  block->style = CABINET_PDF_BODY;
  block->image = cairo_surface_reference (image);
  block->image_width = width * scale;
  block->image_height = height * scale;
  g_ptr_array_add (pdf->blocks, block);
}

static PangoFontDescription *
style_font (CabinetPdfStyle style)
{
  switch (style)
    {
    case CABINET_PDF_TITLE: return pango_font_description_from_string ("Sans Bold 18");
    case CABINET_PDF_HEADING: return pango_font_description_from_string ("Sans Bold 12");
    case CABINET_PDF_SMALL: return pango_font_description_from_string ("Sans 8.5");
    case CABINET_PDF_MONO: return pango_font_description_from_string ("Monospace 8.5");
    case CABINET_PDF_BODY:
    default: return pango_font_description_from_string ("Serif 10.5");
    }
}

static double
style_space_after (CabinetPdfStyle style)
{
  switch (style)
    {
    case CABINET_PDF_TITLE: return 10;
    case CABINET_PDF_HEADING: return 4;
    default: return 6;
    }
}

static PangoLayout *
make_layout (PangoContext    *context,
             double           width,
             CabinetPdfStyle  style,
             const char      *markup)
{
  PangoLayout *layout = pango_layout_new (context);
  g_autoptr(PangoFontDescription) font = style_font (style);

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (style == CABINET_PDF_BODY)
    pango_layout_set_spacing (layout, (int) (1.5 * PANGO_SCALE));
  pango_layout_set_markup (layout, markup, -1);
  return layout;
}

/* Where each line of each block falls: pages are cut between lines, so a long
 * paragraph continues on the next page instead of overflowing it. */
typedef struct {
  PangoLayoutLine *line;
  PangoLayout     *layout;
  guint            page;
  double           x;
  double           y;          /* baseline */
} PlacedLine;

typedef struct {
  guint            page;
  double           x, y, width, height;
  cairo_surface_t *image;   /* drawn in the box instead of its outline */
} PlacedBox;

/* A row of signature boxes: the labels on one line above boxes of equal width. */
static double
place_signatures (Block        *block,
                  PangoContext *context,
                  double        width,
                  double        bottom,
                  guint        *page,
                  double        y,
                  GPtrArray    *layouts,
                  GArray       *lines,
                  GArray       *boxes)
{
  guint n = g_strv_length (block->signatures);
  double column = (width - (n - 1) * SIGNATURE_GAP) / n;
  double label_height = 0;
  g_autoptr(GPtrArray) row = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (block->signatures[i], -1);
      PangoLayout *layout = make_layout (context, column, CABINET_PDF_SMALL, escaped);
      int h;

      g_ptr_array_add (layouts, layout);
      g_ptr_array_add (row, layout);
      pango_layout_get_size (layout, NULL, &h);
      label_height = MAX (label_height, (double) h / PANGO_SCALE);
    }
  if (y + label_height + 3 + SIGNATURE_HEIGHT > bottom && y > MARGIN)
    {
      (*page)++;
      y = MARGIN;
    }
  for (guint i = 0; i < n; i++)
    {
      PangoLayout *layout = g_ptr_array_index (row, i);
      double x = MARGIN + i * (column + SIGNATURE_GAP);
      PangoLayoutIter *iter = pango_layout_get_iter (layout);
      PlacedBox box = { *page, x, y + label_height + 3, column, SIGNATURE_HEIGHT, NULL };

      do
        {
          PlacedLine placed = {
            pango_layout_iter_get_line_readonly (iter), layout, *page, x,
            y + (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE,
          };
          g_array_append_val (lines, placed);
        }
      while (pango_layout_iter_next_line (iter));
      pango_layout_iter_free (iter);
      g_array_append_val (boxes, box);
    }
  return y + label_height + 3 + SIGNATURE_HEIGHT;
}

static void
draw_page_furniture (CabinetPdf   *pdf,
                     cairo_t      *cr,
                     PangoContext *context,
                     guint         page,
                     guint         n_pages)
{
  double width = pdf->width - 2 * MARGIN;
  g_autofree char *page_text = NULL;
  g_autofree char *footer = NULL;
  g_autofree char *escaped = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  int h;

  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  if (pdf->header)
    {
      escaped = g_markup_escape_text (pdf->header, -1);
      layout = make_layout (context, width, CABINET_PDF_SMALL, escaped);
      cairo_move_to (cr, MARGIN, MARGIN - HEADER_GAP - 2);
      pango_cairo_show_layout (cr, layout);
      g_clear_object (&layout);
      g_clear_pointer (&escaped, g_free);
    }

  if (pdf->page_label)
    {
      g_autofree char *number = g_strdup_printf ("%u", page + 1);
      g_autofree char *count = g_strdup_printf ("%u", n_pages);

      page_text = cabinet_text_expand (pdf->page_label, "page", number, "pages", count, NULL);
    }
  else
    {
      /* Translators: the page number at the bottom of every document page. */
      page_text = g_strdup_printf (_("page %u of %u"), page + 1, n_pages);
    }
  footer = pdf->footer ? g_strdup_printf ("%s · %s", pdf->footer, page_text) : g_strdup (page_text);
  escaped = g_markup_escape_text (footer, -1);
  layout = make_layout (context, width, CABINET_PDF_SMALL, escaped);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_get_size (layout, NULL, &h);
  cairo_move_to (cr, MARGIN, pdf->height - MARGIN + HEADER_GAP - (double) h / PANGO_SCALE + 10);
  pango_cairo_show_layout (cr, layout);
  cairo_set_source_rgb (cr, 0, 0, 0);
}

static cairo_status_t
write_to_bytes (void                *closure,
                const unsigned char *data,
                unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
cabinet_pdf_render (CabinetPdf  *pdf,
                    GError     **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GPtrArray) layouts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (PlacedLine));
  g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (PlacedBox));
  double width = pdf->width - 2 * MARGIN;
  double bottom = pdf->height - MARGIN;
  double y = MARGIN;
  guint page = 0;
  cairo_surface_t *surface;
  cairo_t *cr;
  PangoContext *context;
  cairo_status_t status;

  surface = cairo_pdf_surface_create_for_stream (write_to_bytes, bytes, pdf->width, pdf->height);
  cairo_pdf_surface_restrict_to_version (surface, CAIRO_PDF_VERSION_1_5);
  if (pdf->title)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, pdf->title);
  if (pdf->author)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, pdf->author);
  if (pdf->subject)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, pdf->subject);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Cabinet " PACKAGE_VERSION);

  cr = cairo_create (surface);
  context = pango_cairo_create_context (cr);
  /* 72 units per inch: a 10.5 pt font is 10.5 pt on paper. */
  pango_cairo_context_set_resolution (context, 72);

  /* First pass: lay every line out on its page. */
  for (guint b = 0; b < pdf->blocks->len; b++)
    {
      Block *block = g_ptr_array_index (pdf->blocks, b);
      PangoLayout *layout;
      PangoLayoutIter *iter;
      double block_top = y;

      if (block->space > 0)
        {
          y += block->space;
          continue;
        }
      if (block->image)
        {
          PlacedBox box;

          if (y + block->image_height > bottom && y > MARGIN)
            {
              page++;
              y = MARGIN;
            }
          box = (PlacedBox) { page, MARGIN, y, block->image_width, block->image_height, block->image };
          g_array_append_val (boxes, box);
          y += block->image_height + style_space_after (block->style);
          continue;
        }
      if (block->signatures)
        {
          y = place_signatures (block, context, width, bottom, &page, y, layouts, lines, boxes);
          y += style_space_after (block->style);
          continue;
        }
      layout = make_layout (context, width, block->style, block->markup);
      if (block->columns)
        {
          PangoTabArray *tabs = pango_tab_array_new (block->n_stops + 1, TRUE);

          for (guint t = 0; t < block->n_stops; t++)
            pango_tab_array_set_tab (tabs, t, PANGO_TAB_LEFT, (int) (block->stops[t] * width));
          pango_tab_array_set_tab (tabs, block->n_stops, PANGO_TAB_RIGHT, (int) width);
          pango_layout_set_tabs (layout, tabs);
          pango_tab_array_free (tabs);
        }
      g_ptr_array_add (layouts, layout);

      /* A heading moves to the next page with the first lines that follow it. */
      if (block->keep_with_next)
        {
          int h;
          pango_layout_get_size (layout, NULL, &h);
          if (y + (double) h / PANGO_SCALE + 40 > bottom && y > MARGIN)
            {
              page++;
              y = block_top = MARGIN;
            }
        }

      iter = pango_layout_get_iter (layout);
      do
        {
          PangoRectangle logical;
          PlacedLine placed;
          int baseline = pango_layout_iter_get_baseline (iter);

          pango_layout_iter_get_line_extents (iter, NULL, &logical);
          if (block_top + (double) (logical.y + logical.height) / PANGO_SCALE > bottom)
            {
              /* Continue the block at the top of the next page. */
              page++;
              block_top = MARGIN - (double) logical.y / PANGO_SCALE;
            }
          placed.line = pango_layout_iter_get_line_readonly (iter);
          placed.layout = layout;
          placed.page = page;
          placed.x = MARGIN;
          placed.y = block_top + (double) baseline / PANGO_SCALE;
          g_array_append_val (lines, placed);
          y = block_top + (double) (logical.y + logical.height) / PANGO_SCALE;
        }
      while (pango_layout_iter_next_line (iter));
      pango_layout_iter_free (iter);
      y += style_space_after (block->style);
    }

  /* Second pass: draw, now that the number of pages is known. */
  for (guint p = 0; p <= page; p++)
    {
      draw_page_furniture (pdf, cr, context, p, page + 1);
      for (guint i = 0; i < lines->len; i++)
        {
          PlacedLine *placed = &g_array_index (lines, PlacedLine, i);

          if (placed->page != p)
            continue;
          cairo_move_to (cr, placed->x, placed->y);
          pango_cairo_show_layout_line (cr, placed->line);
        }
      cairo_set_line_width (cr, 0.6);
      for (guint i = 0; i < boxes->len; i++)
        {
          PlacedBox *box = &g_array_index (boxes, PlacedBox, i);

          if (box->page != p)
            continue;
          if (box->image)
            {
              cairo_save (cr);
              cairo_translate (cr, box->x, box->y);
              cairo_scale (cr, box->width / cairo_image_surface_get_width (box->image),
                           box->height / cairo_image_surface_get_height (box->image));
              cairo_set_source_surface (cr, box->image, 0, 0);
              cairo_paint (cr);
              cairo_restore (cr);
              continue;
            }
          cairo_rectangle (cr, box->x, box->y, box->width, box->height);
          cairo_stroke (cr);
        }
      cairo_show_page (cr);
    }

  g_object_unref (context);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The document could not be written (%s)."), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

cairo_surface_t *
cabinet_pdf_draw_page (PopplerPage *page,
                       int          pixel_width,
                       int          pixel_height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pixel_width, pixel_height);
  cairo_t *cr = cairo_create (surface);
  double width_pt, height_pt;
  cairo_status_t status;

  poppler_page_get_size (page, &width_pt, &height_pt);
  /* Paper is white; poppler only draws what is printed on it. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, pixel_width / width_pt, pixel_height / height_pt);
  poppler_page_render (page, cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    g_clear_pointer (&surface, cairo_surface_destroy);
  return surface;
}
