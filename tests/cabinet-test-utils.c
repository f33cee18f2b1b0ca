/* cabinet-test-utils.c — temporary folders, files and checksums for the tests
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>

#include <glib/gstdio.h>
#include <string.h>

#include "cabinet-test-utils.h"

char *
cabinet_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("cabinet-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
cabinet_test_remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          g_chmod (child, 0700);
          cabinet_test_remove_dir (child);
        }
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

char *
cabinet_test_file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return g_strdup ("(missing)");
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

gboolean
cabinet_test_file_contains (const char *path,
                            const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  return memmem (contents, length, needle, strlen (needle)) != NULL;
}

/* Writes @path (absolute as on a real system) under the fake system root @root,
 * making its folders. */
void
cabinet_test_write_file (const char *root,
                         const char *path,
                         const char *contents,
                         gssize      length)
{
  g_autofree char *real = g_build_filename (root, path, NULL);
  g_autofree char *dir = g_path_get_dirname (real);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (real, contents, length, &error);
  g_assert_no_error (error);
}

void
cabinet_test_make_subdir (const char *root,
                          const char *path)
{
  g_autofree char *real = g_build_filename (root, path, NULL);

  g_assert_cmpint (g_mkdir_with_parents (real, 0700), ==, 0);
}

CabinetPractitioner *
cabinet_test_practitioner (const char *full_name)
{
  CabinetPractitioner *p = cabinet_practitioner_new_with_defaults ();

  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_FULL_NAME, full_name);
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_TITLE, "Psychologue clinicienne");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_ADELI, "759312345");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_EMAIL, "cabinet@example.fr");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_VIDEO_PLATFORM, "Jitsi");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_VIDEO_LINK, "https://meet.example.fr/cabinet");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_FALLBACK_PHONE, "+33 6 12 34 56 78");
  cabinet_practitioner_set_fee (p, 6000);
  return p;
}

static gboolean
timed_out (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @condition holds; fails the test after @timeout_ms. */
static gboolean
keep_polling (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

void
cabinet_test_wait_for (gboolean (*condition) (gpointer data),
                       gpointer   data,
                       guint      timeout_ms)
{
  gboolean expired = FALSE;
  guint source = g_timeout_add (timeout_ms, timed_out, &expired);
  /* Some changes (a widget mapped on the next frame) come with no event of
   * their own to wake the loop: look again every few milliseconds. */
  guint poll = g_timeout_add (10, keep_polling, NULL);

  while (!condition (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (source);
  g_source_remove (poll);
  g_assert_true (condition (data));
}

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
cabinet_test_make_png (int width,
                       int height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);
  GByteArray *png = g_byte_array_new ();

  cairo_set_source_rgb (cr, 0.95, 0.95, 0.9);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.4);
  cairo_rectangle (cr, 20, 20, width - 40, 10);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append_png, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (png);
}

PopplerDocument *
cabinet_test_open_pdf (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *document = poppler_document_new_from_bytes (pdf, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (document);
  return document;
}

char *
cabinet_test_pdf_text (PopplerDocument *document)
{
  GString *all = g_string_new (NULL);

  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      g_autofree char *text = poppler_page_get_text (page);

      g_string_append (all, text);
      g_string_append_c (all, ' ');
      g_object_unref (page);
    }
  g_strdelimit (all->str, "\r\n", ' ');
  return g_string_free (all, FALSE);
}

void
cabinet_test_assert_inside_pages (PopplerDocument *document,
                                  double           margin)
{
  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      PopplerRectangle *boxes = NULL;
      guint n_boxes = 0;
      double width, height;

      poppler_page_get_size (page, &width, &height);
      g_assert_true (poppler_page_get_text_layout (page, &boxes, &n_boxes));
      g_assert_cmpuint (n_boxes, >, 0);
      for (guint b = 0; b < n_boxes; b++)
        {
          g_assert_cmpfloat (boxes[b].x1, >=, margin);
          g_assert_cmpfloat (boxes[b].x2, <=, width - margin);
          g_assert_cmpfloat (boxes[b].y1, >=, 0);
          g_assert_cmpfloat (boxes[b].y2, <=, height - margin);
        }
      g_free (boxes);
      g_object_unref (page);
    }
}
