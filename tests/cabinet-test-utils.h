/* cabinet-test-utils.h — temporary folders, files and checksums for the tests
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>
#include <poppler.h>

#include "cabinet-database.h"
#include "cabinet-ledger.h"
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
/* A new encrypted database, cabinet.db in a new temporary folder, with a new
 * random key: the folder, the file and the key are given back to keep. */
CabinetDatabase     *cabinet_test_create_database (char       **dir,
                                                   char       **path,
                                                   CabinetKey **key);
/* Removes the folder of cabinet_test_create_database() and frees what it gave
 * (the database itself is closed by the caller). */
void                 cabinet_test_remove_database (char        *dir,
                                                   char        *path,
                                                   CabinetKey  *key);
/* A scan: a PNG of @width × @height pixels, a line of "ink" on pale paper. */
GBytes              *cabinet_test_make_png        (int         width,
                                                   int         height);
/* A generated PDF, read back as a reader would. */
PopplerDocument     *cabinet_test_open_pdf        (GBytes          *pdf);
/* Every page's text, lines joined by spaces: a phrase cut at a line end is found. */
char                *cabinet_test_pdf_text        (PopplerDocument *document);
/* Every page's text a row at a time, top to bottom, each row's characters
 * left to right (a table's cells read in order, as poppler's reading order
 * need not), one row a line. Characters are separated by spaces: compare with
 * cabinet_test_contains_words(). */
char                *cabinet_test_pdf_rows        (PopplerDocument *document);
/* Whether @text holds @words in that order, whatever spaces are between them
 * or not (poppler reads the gap before a table's cell or an amount as a space
 * or as nothing, and a no-break space as a space). */
gboolean             cabinet_test_contains_words  (const char      *text,
                                                   const char      *words);
/* Every character of every page lies at least @margin points inside the page. */
void                 cabinet_test_assert_inside_pages (PopplerDocument *document,
                                                       double           margin);
/* The one number a query such as "SELECT count(*) …" answers. */
gint64               cabinet_test_query_int       (CabinetDatabase *db,
                                                   const char      *sql);
/* PRAGMA integrity_check says "ok". */
void                 cabinet_test_assert_integrity (CabinetDatabase *db);
/* The ledger's rules, whatever operations came before, for every client of
 * @db (erased ones whose payments are kept too): each balance is the sum of
 * the charges less the sum of the entries; no charge is unpaid while the
 * client is in credit, and no more is unpaid than is owed; the sums the
 * triggers keep (client_totals) are those the rows give, and the practice's
 * outstanding total is what is owed; what is kept as unpaid (unpaid_charges)
 * is what each client's charges say now, oldest first. */
void                 cabinet_test_assert_ledger_invariants (CabinetDatabase *db,
                                                            CabinetLedger   *ledger);
/* Seconds since 1970 of a time in UTC. */
gint64               cabinet_test_utc             (int              year,
                                                   int              month,
                                                   int              day,
                                                   int              hour,
                                                   int              minute);
void                 cabinet_test_wait_for        (gboolean  (*condition) (gpointer data),
                                                   gpointer    data,
                                                   guint       timeout_ms);

/* A CalDAV calendar on loopback, in this process's main loop: PROPFIND says
 * "calendar", PUT keeps the event (with an ETag), DELETE removes it; with
 * @refuse, everything is 401. */
/* libsoup 3.2's own listener never releases the sockets it accepts: these
 * accept the connections on 127.0.0.1 and hand them to a SoupServer (in TLS
 * with @certificate, else plain HTTP). */
guint16              cabinet_test_listen_loopback (GSocketListener *listener);
GSocketService      *cabinet_test_serve           (SoupServer      *server,
                                                   GTlsCertificate *certificate,
                                                   guint16         *port);
void                 cabinet_test_stop_serving    (GSocketService  *service);

typedef struct {
  SoupServer     *server;
  GSocketService *service;
  char       *url;     /* http://127.0.0.1:PORT/cal/ */
  GHashTable *events;  /* path → iCalendar text */
  guint       n_put;
  gboolean    refuse;
  guint       etag;
} CabinetTestCaldav;

CabinetTestCaldav   *cabinet_test_caldav_new      (void);
void                 cabinet_test_caldav_free     (CabinetTestCaldav *caldav);

G_END_DECLS
