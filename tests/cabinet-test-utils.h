/* cabinet-test-utils.h — temporary folders, files and checksums for the tests
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <poppler.h>

#include "cabinet-database.h"
#include "cabinet-practitioner.h"

G_BEGIN_DECLS

char                *cabinet_test_make_dir        (void);
void                 cabinet_test_remove_dir      (const char *path);
char                *cabinet_test_file_checksum   (const char *path);
gboolean             cabinet_test_file_contains   (const char *path,
                                                   const char *needle);
void                 cabinet_test_write_file      (const char *root,
                                                   const char *path,
                                                   const char *contents,
                                                   gssize      length);
void                 cabinet_test_make_subdir     (const char *root,
                                                   const char *path);
CabinetPractitioner *cabinet_test_practitioner    (const char *full_name);
/* A scan: a PNG of @width × @height pixels, a line of "ink" on pale paper. */
GBytes              *cabinet_test_make_png        (int         width,
                                                   int         height);
/* A generated PDF, read back as a reader would. */
PopplerDocument     *cabinet_test_open_pdf        (GBytes          *pdf);
/* Every page's text, lines joined by spaces: a phrase cut at a line end is found. */
char                *cabinet_test_pdf_text        (PopplerDocument *document);
/* Every character of every page lies at least @margin points inside the page. */
void                 cabinet_test_assert_inside_pages (PopplerDocument *document,
                                                       double           margin);
void                 cabinet_test_wait_for        (gboolean  (*condition) (gpointer data),
                                                   gpointer    data,
                                                   guint       timeout_ms);

G_END_DECLS
