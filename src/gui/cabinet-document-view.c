/* cabinet-document-view.c — a document shown page by page: a PDF drawn by poppler,
 * or a scanned image, with its own toolbar to turn the pages and zoom
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <poppler.h>
#include <string.h>

#include "cabinet-document-view.h"
#include "cabinet-pdf.h"

/* CSS pixels per PDF point at 100 %. */
#define PIXELS_PER_POINT (96.0 / 72.0)
/* Past this, a texture is too large for some GPUs and for memory: the page is
 * drawn with fewer pixels and scaled up on screen instead. */
#define MAX_TEXTURE_SIDE 8192

static const double zoom_steps[] = { 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0 };

/* ── The page on screen ──────────────────────────────────────────────────── */

/* A texture with the size it is shown at, in application pixels: a page drawn
 * for a HiDPI screen has scale-factor times more pixels than it takes on
 * screen, and GtkPicture sizes itself from the intrinsic size. */
#define CABINET_TYPE_PAGE_PAINTABLE (cabinet_page_paintable_get_type ())
G_DECLARE_FINAL_TYPE (CabinetPagePaintable, cabinet_page_paintable, CABINET, PAGE_PAINTABLE, GObject)

struct _CabinetPagePaintable
{
  GObject     parent_instance;

  GdkTexture *texture;
  double      width;
  double      height;
};

static void cabinet_page_paintable_init_interface (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CabinetPagePaintable, cabinet_page_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE, cabinet_page_paintable_init_interface))

static void
cabinet_page_paintable_snapshot (GdkPaintable *paintable,
                                 GdkSnapshot  *snapshot,
                                 double        width,
                                 double        height)
{
  CabinetPagePaintable *self = CABINET_PAGE_PAINTABLE (paintable);

  gdk_paintable_snapshot (GDK_PAINTABLE (self->texture), snapshot, width, height);
}

static GdkPaintableFlags
cabinet_page_paintable_get_flags (GdkPaintable *paintable)
{
  /* A new paintable is made for every page and zoom. */
  return GDK_PAINTABLE_STATIC_SIZE | GDK_PAINTABLE_STATIC_CONTENTS;
}

static int
cabinet_page_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  return (int) (CABINET_PAGE_PAINTABLE (paintable)->width + 0.5);
}

static int
cabinet_page_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  return (int) (CABINET_PAGE_PAINTABLE (paintable)->height + 0.5);
}

static double
cabinet_page_paintable_get_intrinsic_aspect_ratio (GdkPaintable *paintable)
{
  CabinetPagePaintable *self = CABINET_PAGE_PAINTABLE (paintable);

  return self->height > 0 ? self->width / self->height : 0;
}

static void
cabinet_page_paintable_init_interface (GdkPaintableInterface *iface)
{
  iface->snapshot = cabinet_page_paintable_snapshot;
  iface->get_flags = cabinet_page_paintable_get_flags;
  iface->get_intrinsic_width = cabinet_page_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = cabinet_page_paintable_get_intrinsic_height;
  iface->get_intrinsic_aspect_ratio = cabinet_page_paintable_get_intrinsic_aspect_ratio;
}

static void
cabinet_page_paintable_finalize (GObject *object)
{
  g_clear_object (&CABINET_PAGE_PAINTABLE (object)->texture);
  G_OBJECT_CLASS (cabinet_page_paintable_parent_class)->finalize (object);
}

static void
cabinet_page_paintable_class_init (CabinetPagePaintableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cabinet_page_paintable_finalize;
}

static void
cabinet_page_paintable_init (CabinetPagePaintable *self)
{
}

/* Takes @texture. */
static GdkPaintable *
cabinet_page_paintable_new (GdkTexture *texture,
                            double      width,
                            double      height)
{
  CabinetPagePaintable *self = g_object_new (CABINET_TYPE_PAGE_PAINTABLE, NULL);

  self->texture = texture;
  self->width = width;
  self->height = height;
  return GDK_PAINTABLE (self);
}

/* ── The view ────────────────────────────────────────────────────────────── */

struct _CabinetDocumentView
{
  AdwBin           parent_instance;

  PopplerDocument *document;   /* a PDF, or */
  GdkTexture      *image;      /* a scanned page */
  guint            n_pages;
  guint            page;
  double           zoom;
  GdkPaintable    *paintable;  /* the current page, as shown */

  GtkScrolledWindow *scrolled;
  GtkPicture        *picture;
  GtkLabel          *page_label;
  GtkLabel          *zoom_label;
};

G_DEFINE_FINAL_TYPE (CabinetDocumentView, cabinet_document_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_N_PAGES,
  PROP_PAGE,
  PROP_ZOOM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The texture cairo drew: ARGB32 is premultiplied, in native-endian words. */
static GdkTexture *
texture_for_surface (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  g_autoptr(GBytes) bytes = NULL;

  cairo_surface_flush (surface);
  /* The bytes keep the surface alive: no copy of the pixels. */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) stride * height,
                                      (GDestroyNotify) cairo_surface_destroy,
                                      cairo_surface_reference (surface));
  return gdk_memory_texture_new (width, height,
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
                                 GDK_MEMORY_B8G8R8A8_PREMULTIPLIED,
#else
                                 GDK_MEMORY_A8R8G8B8_PREMULTIPLIED,
#endif
                                 bytes, stride);
}

/* The current PDF page at the zoom, drawn with the screen's pixel density. */
static GdkPaintable *
render_pdf_page (CabinetDocumentView *self)
{
  PopplerPage *page = poppler_document_get_page (self->document, (int) self->page);
  double width_pt, height_pt, width, height, scale;
  int pixel_width, pixel_height;
  cairo_surface_t *surface;
  GdkTexture *texture = NULL;

  if (page == NULL)
    return NULL;
  poppler_page_get_size (page, &width_pt, &height_pt);
  width = width_pt * PIXELS_PER_POINT * self->zoom;
  height = height_pt * PIXELS_PER_POINT * self->zoom;
  scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  if (MAX (width, height) * scale > MAX_TEXTURE_SIDE)
    scale = MAX_TEXTURE_SIDE / MAX (width, height);
  pixel_width = MAX (1, (int) ceil (width * scale));
  pixel_height = MAX (1, (int) ceil (height * scale));

  surface = cabinet_pdf_draw_page (page, pixel_width, pixel_height);
  if (surface)
    texture = texture_for_surface (surface);
  g_clear_pointer (&surface, cairo_surface_destroy);
  g_object_unref (page);

  return texture ? cabinet_page_paintable_new (texture, width, height) : NULL;
}

static double
page_width_at_100 (CabinetDocumentView *self)
{
  if (self->document)
    {
      PopplerPage *page = poppler_document_get_page (self->document, (int) self->page);
      double width_pt = 0;

      if (page)
        {
          poppler_page_get_size (page, &width_pt, NULL);
          g_object_unref (page);
        }
      return width_pt * PIXELS_PER_POINT;
    }
  if (self->image)
    return gdk_texture_get_width (self->image);
  return 0;
}

static void
update_controls (CabinetDocumentView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean loaded = self->n_pages > 0;
  g_autofree char *zoom = NULL;

  if (loaded)
    {
      /* Translators: the page shown and how many the document has, "Page 2 of 3". */
      g_autofree char *text = g_strdup_printf (_("Page %u of %u"), self->page + 1, self->n_pages);

      gtk_label_set_text (self->page_label, text);
      gtk_picture_set_alternative_text (self->picture, text);
    }
  else
    {
      gtk_label_set_text (self->page_label, "");
      gtk_picture_set_alternative_text (self->picture, NULL);
    }

  /* Translators: the zoom level, "125%"; %.0f is the number, %% the percent sign. */
  zoom = g_strdup_printf (_("%.0f%%"), self->zoom * 100);
  gtk_label_set_text (self->zoom_label, zoom);

  gtk_widget_action_set_enabled (widget, "document.previous-page", loaded && self->page > 0);
  gtk_widget_action_set_enabled (widget, "document.next-page", loaded && self->page + 1 < self->n_pages);
  gtk_widget_action_set_enabled (widget, "document.zoom-in", loaded && self->zoom < CABINET_DOCUMENT_VIEW_ZOOM_MAX);
  gtk_widget_action_set_enabled (widget, "document.zoom-out", loaded && self->zoom > CABINET_DOCUMENT_VIEW_ZOOM_MIN);
  gtk_widget_action_set_enabled (widget, "document.zoom-fit", loaded);
  gtk_widget_action_set_enabled (widget, "document.zoom-reset", loaded && self->zoom != 1.0);
}

/* Only the page on screen is ever drawn. */
static void
show_page (CabinetDocumentView *self)
{
  g_clear_object (&self->paintable);
  if (self->document)
    self->paintable = render_pdf_page (self);
  else if (self->image)
    self->paintable = cabinet_page_paintable_new (g_object_ref (self->image),
                                                  gdk_texture_get_width (self->image) * self->zoom,
                                                  gdk_texture_get_height (self->image) * self->zoom);
  gtk_picture_set_paintable (self->picture, self->paintable);
  update_controls (self);
}

static void
scroll_to_top (CabinetDocumentView *self)
{
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled), 0);
  gtk_adjustment_set_value (gtk_scrolled_window_get_hadjustment (self->scrolled), 0);
}

static gboolean
load_pdf (GBytes           *data,
          PopplerDocument **document_out,
          GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  PopplerDocument *document = poppler_document_new_from_bytes (data, NULL, &local_error);

  if (document == NULL)
    {
      if (g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             _("This PDF is protected by a password: Cabinet cannot show it."));
      else
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             _("This PDF could not be read: it may be damaged."));
      return FALSE;
    }
  if (poppler_document_get_n_pages (document) < 1)
    {
      g_object_unref (document);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("This PDF could not be read: it may be damaged."));
      return FALSE;
    }
  *document_out = document;
  return TRUE;
}

gboolean
cabinet_document_view_load (CabinetDocumentView *self,
                            GBytes              *data,
                            GError             **error)
{
  PopplerDocument *document = NULL;
  GdkTexture *image = NULL;
  gsize size;
  const char *bytes;

  g_return_val_if_fail (CABINET_IS_DOCUMENT_VIEW (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = g_bytes_get_data (data, &size);
  if (size >= 5 && memcmp (bytes, "%PDF-", 5) == 0)
    {
      if (!load_pdf (data, &document, error))
        return FALSE;
    }
  else
    {
      /* GDK's own loaders (PNG, JPEG, TIFF) or else gdk-pixbuf's; its message
       * speaks of formats, not of what the therapist can do. */
      image = size > 0 ? gdk_texture_new_from_bytes (data, NULL) : NULL;
      if (image == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("This file is neither a PDF nor an image Cabinet can show."));
          return FALSE;
        }
    }

  g_clear_object (&self->document);
  g_clear_object (&self->image);
  self->document = document;
  self->image = image;
  self->n_pages = document ? (guint) poppler_document_get_n_pages (document) : 1;
  self->page = 0;
  show_page (self);
  scroll_to_top (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  return TRUE;
}

void
cabinet_document_view_clear (CabinetDocumentView *self)
{
  g_return_if_fail (CABINET_IS_DOCUMENT_VIEW (self));

  g_clear_object (&self->document);
  g_clear_object (&self->image);
  self->n_pages = 0;
  self->page = 0;
  show_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

guint
cabinet_document_view_get_n_pages (CabinetDocumentView *self)
{
  g_return_val_if_fail (CABINET_IS_DOCUMENT_VIEW (self), 0);

  return self->n_pages;
}

guint
cabinet_document_view_get_page (CabinetDocumentView *self)
{
  g_return_val_if_fail (CABINET_IS_DOCUMENT_VIEW (self), 0);

  return self->page;
}

void
cabinet_document_view_set_page (CabinetDocumentView *self,
                                guint                page)
{
  g_return_if_fail (CABINET_IS_DOCUMENT_VIEW (self));

  if (self->n_pages == 0)
    return;
  page = MIN (page, self->n_pages - 1);
  if (page == self->page)
    return;
  self->page = page;
  show_page (self);
  scroll_to_top (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

double
cabinet_document_view_get_zoom (CabinetDocumentView *self)
{
  g_return_val_if_fail (CABINET_IS_DOCUMENT_VIEW (self), 1.0);

  return self->zoom;
}

void
cabinet_document_view_set_zoom (CabinetDocumentView *self,
                                double               zoom)
{
  g_return_if_fail (CABINET_IS_DOCUMENT_VIEW (self));

  zoom = CLAMP (zoom, CABINET_DOCUMENT_VIEW_ZOOM_MIN, CABINET_DOCUMENT_VIEW_ZOOM_MAX);
  if (fabs (zoom - self->zoom) < 1e-9)
    return;
  self->zoom = zoom;
  show_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

GdkPaintable *
cabinet_document_view_get_paintable (CabinetDocumentView *self)
{
  g_return_val_if_fail (CABINET_IS_DOCUMENT_VIEW (self), NULL);

  return self->paintable;
}

GtkWidget *
cabinet_document_view_new (void)
{
  return g_object_new (CABINET_TYPE_DOCUMENT_VIEW, NULL);
}

/* ── Actions ─────────────────────────────────────────────────────────────── */

static void
previous_page_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  CabinetDocumentView *self = CABINET_DOCUMENT_VIEW (widget);

  if (self->page > 0)
    cabinet_document_view_set_page (self, self->page - 1);
}

static void
next_page_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  CabinetDocumentView *self = CABINET_DOCUMENT_VIEW (widget);

  if (self->page + 1 < self->n_pages)
    cabinet_document_view_set_page (self, self->page + 1);
}

static void
zoom_in_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  CabinetDocumentView *self = CABINET_DOCUMENT_VIEW (widget);

  /* The next step up, from wherever "fit width" left the zoom. */
  for (guint i = 0; i < G_N_ELEMENTS (zoom_steps); i++)
    if (zoom_steps[i] > self->zoom + 1e-3)
      {
        cabinet_document_view_set_zoom (self, zoom_steps[i]);
        return;
      }
}

static void
zoom_out_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  CabinetDocumentView *self = CABINET_DOCUMENT_VIEW (widget);

  for (guint i = G_N_ELEMENTS (zoom_steps); i > 0; i--)
    if (zoom_steps[i - 1] < self->zoom - 1e-3)
      {
        cabinet_document_view_set_zoom (self, zoom_steps[i - 1]);
        return;
      }
}

static void
zoom_fit_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  CabinetDocumentView *self = CABINET_DOCUMENT_VIEW (widget);
  GtkWidget *picture = GTK_WIDGET (self->picture);
  double page_width = page_width_at_100 (self);
  int available = gtk_widget_get_width (GTK_WIDGET (self->scrolled))
                  - gtk_widget_get_margin_start (picture) - gtk_widget_get_margin_end (picture);

  if (page_width > 0 && available > 0)
    cabinet_document_view_set_zoom (self, available / page_width);
}

static void
zoom_reset_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  cabinet_document_view_set_zoom (CABINET_DOCUMENT_VIEW (widget), 1.0);
}

/* ── Object ──────────────────────────────────────────────────────────────── */

static void
on_scale_factor_changed (CabinetDocumentView *self)
{
  if (self->document)
    show_page (self);
}

static void
cabinet_document_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CabinetDocumentView *self = CABINET_DOCUMENT_VIEW (object);

  switch (prop_id)
    {
    case PROP_N_PAGES:
      g_value_set_uint (value, self->n_pages);
      break;
    case PROP_PAGE:
      g_value_set_uint (value, self->page);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cabinet_document_view_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  CabinetDocumentView *self = CABINET_DOCUMENT_VIEW (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      cabinet_document_view_set_zoom (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cabinet_document_view_dispose (GObject *object)
{
  CabinetDocumentView *self = CABINET_DOCUMENT_VIEW (object);

  /* The bin's child is a bound template child: AdwBin must let go of it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CABINET_TYPE_DOCUMENT_VIEW);
  g_clear_object (&self->paintable);
  g_clear_object (&self->document);
  g_clear_object (&self->image);
  G_OBJECT_CLASS (cabinet_document_view_parent_class)->dispose (object);
}

static void
cabinet_document_view_class_init (CabinetDocumentViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cabinet_document_view_dispose;
  object_class->get_property = cabinet_document_view_get_property;
  object_class->set_property = cabinet_document_view_set_property;

  properties[PROP_N_PAGES] =
    g_param_spec_uint ("n-pages", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PAGE] =
    g_param_spec_uint ("page", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL,
                         CABINET_DOCUMENT_VIEW_ZOOM_MIN, CABINET_DOCUMENT_VIEW_ZOOM_MAX, 1.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cabinetapp/Cabinet/cabinet-document-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CabinetDocumentView, scrolled);
  gtk_widget_class_bind_template_child (widget_class, CabinetDocumentView, picture);
  gtk_widget_class_bind_template_child (widget_class, CabinetDocumentView, page_label);
  gtk_widget_class_bind_template_child (widget_class, CabinetDocumentView, zoom_label);

  gtk_widget_class_install_action (widget_class, "document.previous-page", NULL, previous_page_activated);
  gtk_widget_class_install_action (widget_class, "document.next-page", NULL, next_page_activated);
  gtk_widget_class_install_action (widget_class, "document.zoom-in", NULL, zoom_in_activated);
  gtk_widget_class_install_action (widget_class, "document.zoom-out", NULL, zoom_out_activated);
  gtk_widget_class_install_action (widget_class, "document.zoom-fit", NULL, zoom_fit_activated);
  gtk_widget_class_install_action (widget_class, "document.zoom-reset", NULL, zoom_reset_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "document.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Page_Up, 0, "document.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "document.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Page_Down, 0, "document.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "document.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "document.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "document.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "document.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "document.zoom-out", NULL);
  /* Ctrl+0 is "normal size" in GNOME applications: back to 100 %. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "document.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "document.zoom-reset", NULL);
}

static void
cabinet_document_view_init (CabinetDocumentView *self)
{
  self->zoom = 1.0;
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (on_scale_factor_changed), NULL);
  update_controls (self);
}
