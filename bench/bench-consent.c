/* bench-consent.c - the consent form: its PDF made, its first page previewed, the
 * form generated and kept in the encrypted database; beside LibreOffice converting
 * a document of the same text to PDF when LibreOffice is installed
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <poppler.h>
#include <stdlib.h>
#include <string.h>

#include "cabinet-client-store.h"
#include "cabinet-consent-store.h"
#include "cabinet-consent.h"

#define ZONE "Europe/Paris"
#define WARM_UPS 3
#define EXPECTED_PAGES 3
/* CSS pixels per PDF point at 100 %, as the document view draws a page. */
#define PIXELS_PER_POINT (96.0 / 72.0)

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (GArray *samples)
{
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, samples->len / 2);
}

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* The practitioner of the tests: a complete profile, as a practice would fill it. */
static CabinetPractitioner *
make_practitioner (void)
{
  CabinetPractitioner *p = cabinet_practitioner_new_with_defaults ();

  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_FULL_NAME, "Élise Ménard-Brœck");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_TITLE, "Psychologue clinicienne");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_ADELI, "759312345");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_RPPS, "10101234567");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_EMAIL, "cabinet@example.fr");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_ADDRESS, "3 place de l’Église, 69002 Lyon");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_SESSION_PHONE, "+33 4 78 00 00 00");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_VIDEO_PLATFORM, "Jitsi");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_VIDEO_LINK, "https://meet.example.fr/cabinet");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_FALLBACK_PHONE, "+33 6 12 34 56 78");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_FALLBACK_PROCEDURE,
                                 "Je vous rappelle sur votre portable dans les cinq minutes.");
  cabinet_practitioner_set_text (p, CABINET_PRACTITIONER_EMERGENCY_RESOURCES,
                                 "15: SAMU\n112 : urgences\n09 72 39 40 50 : SOS Amitié, 24 h/24");
  cabinet_practitioner_set_fee (p, 6000);
  return p;
}

/* An adult in France, in French: the form without the guardian's section. */
static CabinetClient *
make_client (void)
{
  CabinetClient *client = cabinet_client_new (ZONE);

  cabinet_client_set_text (client, CABINET_CLIENT_FIRST_NAME, "Françoise");
  cabinet_client_set_text (client, CABINET_CLIENT_LAST_NAME, "Lefèvre-Cœur");
  cabinet_client_set_text (client, CABINET_CLIENT_LANGUAGE, "fr");
  cabinet_client_set_text (client, CABINET_CLIENT_BIRTH_DATE, "1980-05-04");
  cabinet_client_set_text (client, CABINET_CLIENT_CITY, "Besançon");
  cabinet_client_set_text (client, CABINET_CLIENT_EMERGENCY_NAME, "Hélène Lefèvre");
  cabinet_client_set_text (client, CABINET_CLIENT_EMERGENCY_RELATION, "sœur");
  cabinet_client_set_text (client, CABINET_CLIENT_EMERGENCY_PHONE, "+33 6 98 76 54 32");
  cabinet_client_set_text (client, CABINET_CLIENT_IN_PERSON_NEARBY, "no");
  return client;
}

static GBytes *
render_form (const CabinetConsentDocument *document)
{
  g_autoptr(GError) error = NULL;
  GBytes *pdf = cabinet_consent_render (document, &error);

  if (pdf == NULL)
    g_error ("The consent form could not be made: %s", error->message);
  return pdf;
}

static PopplerDocument *
open_pdf (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *document = poppler_document_new_from_bytes (pdf, NULL, &error);

  if (document == NULL)
    g_error ("poppler cannot read the PDF: %s", error->message);
  return document;
}

/* 1. The PDF made from the form's terms, in memory. */
static double
measure_render (const CabinetConsentDocument *document,
                guint                         runs)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < WARM_UPS + runs; i++)
    {
      g_autoptr(GBytes) pdf = NULL;
      gint64 start = g_get_monotonic_time ();
      double ms;

      pdf = render_form (document);
      ms = elapsed_ms (start);
      if (i >= WARM_UPS)
        g_array_append_val (samples, ms);
    }
  return median (samples);
}

/* The first page drawn as the document view draws it at 100 % on a screen of scale
 * factor 1: cabinet_pdf_draw_page(), at 96 dpi. Returns the surface, for the caller to look at and destroy. */
static cairo_surface_t *
preview_first_page (GBytes *pdf)
{
  PopplerDocument *document = open_pdf (pdf);
  PopplerPage *page = poppler_document_get_page (document, 0);
  double width_pt, height_pt, width, height;
  int pixel_width, pixel_height;
  cairo_surface_t *surface;

  g_assert (page != NULL);
  poppler_page_get_size (page, &width_pt, &height_pt);
  width = width_pt * PIXELS_PER_POINT;
  height = height_pt * PIXELS_PER_POINT;
  pixel_width = MAX (1, (int) ceil (width));
  pixel_height = MAX (1, (int) ceil (height));

  surface = cabinet_pdf_draw_page (page, pixel_width, pixel_height);
  if (surface == NULL)
    g_error ("cairo could not draw the page");
  g_object_unref (page);
  g_object_unref (document);
  return surface;
}

/* How many pixels of the image are not white: a blank preview is a failure. */
static gsize
count_ink (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const unsigned char *data = cairo_image_surface_get_data (surface);
  gsize ink = 0;

  for (int y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (data + (gsize) y * stride);

      for (int x = 0; x < width; x++)
        if (row[x] != 0xffffffff)
          ink++;
    }
  return ink;
}

/* 2. From the PDF bytes to the first page on screen. */
static double
measure_preview (GBytes *pdf,
                 guint   runs,
                 int    *width,
                 int    *height)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < WARM_UPS + runs; i++)
    {
      gint64 start = g_get_monotonic_time ();
      cairo_surface_t *surface = preview_first_page (pdf);
      double ms = elapsed_ms (start);

      if (i == 0)
        {
          *width = cairo_image_surface_get_width (surface);
          *height = cairo_image_surface_get_height (surface);
          if (count_ink (surface) == 0)
            g_error ("The first page was drawn blank");
        }
      cairo_surface_destroy (surface);
      if (i >= WARM_UPS)
        g_array_append_val (samples, ms);
    }
  return median (samples);
}

static void
remove_database (const char *dir,
                 const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
  g_rmdir (dir);
}

/* 3. What the Generate button does: the form made with the practice's wording and
 * kept, encrypted, in one transaction. Every run adds a form to the same client
 * in a database made for this benchmark. */
static double
measure_store (CabinetPractitioner *practitioner,
               guint                runs)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = g_dir_make_tmp ("cabinet-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cabinet.db", NULL);
  g_autoptr(CabinetKey) key = cabinet_key_new_random ();
  g_autoptr(CabinetDatabase) db = NULL;
  g_autoptr(CabinetClientStore) store = NULL;
  g_autoptr(CabinetClient) client = make_client ();
  g_autoptr(CabinetConsentTerms) terms = NULL;
  g_autoptr(GListStore) forms = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (dir != NULL);
  db = cabinet_database_open (path, key, CABINET_DATABASE_CREATE, &error);
  if (db == NULL)
    g_error ("The database could not be created: %s", error->message);
  store = cabinet_client_store_new (db, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  if (!cabinet_client_store_save (store, client, &error))
    g_error ("The client could not be saved: %s", error->message);
  terms = cabinet_consent_terms_new (practitioner, client);

  for (guint i = 0; i < WARM_UPS + runs; i++)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(CabinetConsentForm) form = NULL;
      gint64 start = g_get_monotonic_time ();
      double ms;

      form = cabinet_consent_forms_generate (db, practitioner, client, terms, now, &error);
      ms = elapsed_ms (start);
      if (form == NULL)
        g_error ("The form could not be generated: %s", error->message);
      if (i >= WARM_UPS)
        g_array_append_val (samples, ms);
    }

  forms = cabinet_consent_forms_list (db, cabinet_client_get_id (client), &error);
  if (forms == NULL || g_list_model_get_n_items (G_LIST_MODEL (forms)) != WARM_UPS + runs)
    g_error ("The database does not hold the %u forms generated", WARM_UPS + runs);

  g_clear_object (&store);
  cabinet_database_close (db);
  g_clear_object (&db);
  remove_database (dir, path);
  return median (samples);
}

/* 4. The baseline */

/* A heading of the form is "3. Title"; short lines and lines that end a sentence
 * end a paragraph. Rough, and enough: the point is the same amount of text. */
static gboolean
is_heading (const char *line)
{
  const char *p = line;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  return p[0] == '.' && p[1] == ' ' && g_utf8_strlen (line, -1) < 80;
}

static gboolean
ends_paragraph (const char *line)
{
  gsize len = strlen (line);
  char last = len ? line[len - 1] : '.';

  return g_utf8_strlen (line, -1) < 60 || strchr (".:!?»", last) != NULL;
}

/* The text of every page of @document as an HTML document with the same title,
 * headings and paragraphs, roughly, in the type and margins of cabinet-pdf.c.
 * Returns the number of characters of text. */
static glong
write_html (PopplerDocument *document,
            const char      *path)
{
  g_autoptr(GString) html = g_string_new (NULL);
  g_autoptr(GString) paragraph = g_string_new (NULL);
  g_autoptr(GString) title_so_far = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped_title = NULL;
  glong n_chars = 0;

  g_object_get (document, "title", &title, NULL);
  escaped_title = g_markup_escape_text (title ? title : "", -1);
  g_string_append_printf (html, "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
                                "<title>%s</title>\n<style>\n"
                                "@page { size: 210mm 297mm; margin: 20mm; }\n"
                                "body { font-family: serif; font-size: 10.5pt; }\n"
                                "h1 { font-family: sans-serif; font-size: 18pt; font-weight: bold; }\n"
                                "h2 { font-family: sans-serif; font-size: 12pt; font-weight: bold; }\n"
                                "</style>\n</head>\n<body>\n", escaped_title);

  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      g_autofree char *text = poppler_page_get_text (page);
      g_auto(GStrv) lines = g_strsplit (text ? text : "", "\n", -1);

      n_chars += g_utf8_strlen (text ? text : "", -1);
      for (guint l = 0; lines[l]; l++)
        {
          g_autofree char *line = g_strstrip (g_strdup (lines[l]));
          g_autofree char *escaped = NULL;

          if (*line == '\0')
            continue;
          escaped = g_markup_escape_text (line, -1);
          /* The title, which may be wrapped over two lines. */
          if (title && *title && title_so_far->len < strlen (title))
            {
              g_autofree char *candidate = g_strconcat (title_so_far->str, title_so_far->len ? " " : "", line, NULL);

              if (g_str_has_prefix (title, candidate))
                {
                  g_string_assign (title_so_far, candidate);
                  if (strcmp (candidate, title) == 0)
                    g_string_append_printf (html, "<h1>%s</h1>\n", escaped_title);
                  continue;
                }
            }
          if (is_heading (line))
            {
              if (paragraph->len)
                g_string_append_printf (html, "<p>%s</p>\n", paragraph->str);
              g_string_truncate (paragraph, 0);
              g_string_append_printf (html, "<h2>%s</h2>\n", escaped);
              continue;
            }
          if (paragraph->len)
            g_string_append_c (paragraph, ' ');
          g_string_append (paragraph, escaped);
          if (ends_paragraph (line))
            {
              g_string_append_printf (html, "<p>%s</p>\n", paragraph->str);
              g_string_truncate (paragraph, 0);
            }
        }
      g_object_unref (page);
    }
  if (paragraph->len)
    g_string_append_printf (html, "<p>%s</p>\n", paragraph->str);
  g_string_append (html, "</body>\n</html>\n");

  if (!g_file_set_contents (path, html->str, html->len, &error))
    g_error ("%s", error->message);
  return n_chars;
}

/* Removes a folder and everything in it (LibreOffice's profile). */
static void
remove_tree (const char *path)
{
  GDir *dir;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      dir = g_dir_open (path, 0, NULL);
      while (dir && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      if (dir)
        g_dir_close (dir);
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/* One conversion; the wall time in ms, or a negative number when it failed (then
 * @why says why). */
static double
convert_once (const char * const *argv,
              const char         *pdf_path,
              int                *n_pages,
              char              **why)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  double ms;

  g_unlink (pdf_path);
  start = g_get_monotonic_time ();
  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  if (process == NULL || !g_subprocess_wait_check (process, NULL, &error))
    {
      *why = g_strdup (error->message);
      return -1;
    }
  ms = elapsed_ms (start);
  if (!g_file_test (pdf_path, G_FILE_TEST_IS_REGULAR))
    {
      *why = g_strdup ("it wrote no PDF");
      return -1;
    }
  if (n_pages)
    {
      g_autofree char *uri = g_filename_to_uri (pdf_path, NULL, NULL);
      PopplerDocument *out = poppler_document_new_from_file (uri, NULL, NULL);

      *n_pages = out ? poppler_document_get_n_pages (out) : 0;
      g_clear_object (&out);
    }
  return ms;
}

/* LibreOffice converting the form's text, as HTML, to PDF: the median of @runs
 * after one warm-up that creates its private profile. Negative, with @why, when
 * it cannot be measured. */
static double
measure_libreoffice (const char  *soffice,
                     GBytes      *pdf,
                     guint        runs,
                     double      *first_ms,
                     int         *n_pages,
                     glong       *n_chars,
                     char       **why)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = g_dir_make_tmp ("cabinet-bench-lo-XXXXXX", NULL);
  g_autofree char *profile = NULL;
  g_autofree char *profile_uri = NULL;
  g_autofree char *user_installation = NULL;
  g_autofree char *html_path = NULL;
  g_autofree char *pdf_path = NULL;
  PopplerDocument *document = open_pdf (pdf);
  double result = -1;

  g_assert (dir != NULL);
  profile = g_build_filename (dir, "profile", NULL);
  profile_uri = g_filename_to_uri (profile, NULL, NULL);
  user_installation = g_strconcat ("-env:UserInstallation=", profile_uri, NULL);
  html_path = g_build_filename (dir, "consent.html", NULL);
  pdf_path = g_build_filename (dir, "consent.pdf", NULL);
  *n_chars = write_html (document, html_path);
  g_object_unref (document);

  {
    const char *argv[] = { soffice, user_installation, "--headless", "--norestore",
                           "--convert-to", "pdf", "--outdir", dir, html_path, NULL };

    /* The first start creates the profile: paid once, apart. */
    *first_ms = convert_once (argv, pdf_path, n_pages, why);
    if (*first_ms < 0)
      goto out;
    for (guint i = 0; i < runs; i++)
      {
        double ms = convert_once (argv, pdf_path, NULL, why);

        if (ms < 0)
          goto out;
        g_array_append_val (samples, ms);
      }
  }
  result = median (samples);

out:
  remove_tree (dir);
  return result;
}

int
main (int argc, char *argv[])
{
  guint runs = argc > 1 ? (guint) atoi (argv[1]) : 30;
  guint lo_runs = argc > 2 ? (guint) atoi (argv[2]) : 5;
  g_autoptr(CabinetPractitioner) practitioner = make_practitioner ();
  g_autoptr(CabinetClient) client = make_client ();
  g_autoptr(CabinetConsentTerms) terms = cabinet_consent_terms_new (practitioner, client);
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier (ZONE);
  g_autoptr(GDateTime) date = g_date_time_new (paris, 2026, 11, 1, 10, 30, 0);
  CabinetConsentDocument document = {
    practitioner, client, terms, NULL, "1.0", date, CABINET_PAPER_A4,
  };
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *soffice = g_find_program_in_path ("soffice");
  g_autofree char *why = NULL;
  double render_ms, preview_ms, store_ms, lo_ms = -1, lo_first_ms = -1;
  int width = 0, height = 0, lo_pages = 0, n_pages;
  glong n_chars = 0;

  if (runs == 0)
    runs = 30;
  if (lo_runs == 0)
    lo_runs = 5;

  /* The benchmark is of a three-page form: anything else is a failure. */
  pdf = render_form (&document);
  {
    PopplerDocument *check = open_pdf (pdf);

    n_pages = poppler_document_get_n_pages (check);
    g_object_unref (check);
    if (n_pages != EXPECTED_PAGES)
      {
        g_printerr ("The consent form has %d pages, not %d: the benchmark measures a three-page form.\n",
                    n_pages, EXPECTED_PAGES);
        return 1;
      }
  }

  render_ms = measure_render (&document, runs);
  preview_ms = measure_preview (pdf, runs, &width, &height);
  store_ms = measure_store (practitioner, runs);

  if (soffice == NULL)
    soffice = g_find_program_in_path ("libreoffice");
  if (soffice)
    lo_ms = measure_libreoffice (soffice, pdf, lo_runs, &lo_first_ms, &lo_pages, &n_chars, &why);
  else
    why = g_strdup ("neither soffice nor libreoffice is in PATH");

  g_print ("consent form: %d pages, A4, %.1f KB; medians of %u runs after %u warm-ups\n\n",
           n_pages, g_bytes_get_size (pdf) / 1024.0, runs, WARM_UPS);
  g_print ("| figure | median | target |\n|---|---|---|\n");
  g_print ("| consent form made as a PDF (cabinet_consent_render) | %.1f ms | under 50 ms: %s |\n",
           render_ms, render_ms < 50 ? "met" : "MISSED");
  g_print ("| first page previewed, %dx%d px at 96 dpi (poppler, cairo) | %.1f ms | under 100 ms: %s |\n",
           width, height, preview_ms, preview_ms < 100 ? "met" : "MISSED");
  g_print ("| form generated and kept, encrypted (cabinet_consent_forms_generate) | %.1f ms | |\n",
           store_ms);
  if (lo_ms > 0)
    {
      g_print ("| baseline: LibreOffice, the same text (%ld characters) as HTML to PDF, %d pages (%u runs) | %.0f ms | |\n",
               n_chars, lo_pages, lo_runs, lo_ms);
      g_print ("\nLibreOffice's first start, creating its profile: %.0f ms (not counted)\n", lo_first_ms);
      g_print ("ratio LibreOffice / Cabinet: %.0fx the PDF alone, %.0fx generated and kept\n",
               lo_ms / render_ms, lo_ms / store_ms);
    }
  else
    g_print ("\nbaseline skipped: %s\n", why ? why : "LibreOffice could not convert the document");
  return 0;
}
