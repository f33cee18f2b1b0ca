/* cabinet-caldav.h — the schedule published to a CalDAV calendar (Nextcloud,
 * Radicale, Fastmail…): only what changed is sent, Cabinet's own sessions win
 * over edits made elsewhere, and nothing is lost when the server cannot be reached
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cabinet-database.h"
#include "cabinet-ical.h"

G_BEGIN_DECLS

#define CABINET_CALDAV_ERROR (cabinet_caldav_error_quark ())

/* Every message is written for the therapist and says what to do. */
typedef enum {
  CABINET_CALDAV_ERROR_INVALID_URL, /* not a web address, not https://, or holding a password */
  CABINET_CALDAV_ERROR_AUTH,        /* 401: user name or password refused */
  CABINET_CALDAV_ERROR_FORBIDDEN,   /* 403: the account may not change this calendar */
  CABINET_CALDAV_ERROR_NOT_FOUND,   /* no calendar at the address (404, 409, not a calendar) */
  CABINET_CALDAV_ERROR_CONFLICT,    /* 412 again after the event was fetched anew */
  CABINET_CALDAV_ERROR_NETWORK,     /* cannot connect, name not found, no answer in time */
  CABINET_CALDAV_ERROR_TLS,         /* certificate not trusted, secure connection failed */
  CABINET_CALDAV_ERROR_SERVER,      /* 5xx: the server's own trouble */
  CABINET_CALDAV_ERROR_KEYRING,     /* the password could not be kept in or read from the keyring */
  CABINET_CALDAV_ERROR_FAILED,      /* any other answer, or already synchronising */
} CabinetCaldavError;

/* How long one request may wait for the server, connecting included. */
#define CABINET_CALDAV_DEFAULT_TIMEOUT 15

/* Sessions that started less than this many days ago, and all those to come, are
 * published; older ones stay on the calendar as they were last sent. */
#define CABINET_CALDAV_DAYS_BACK 90

/* What a synchronisation did. Filled by cabinet_caldav_sync_finish() even when it
 * reports an error: n_failed counts the items left for the next time (those
 * refused, and those not tried because the synchronisation stopped). */
typedef struct {
  guint  n_sent;        /* events created or replaced */
  guint  n_deleted;     /* events of deleted sessions removed (or already gone) */
  guint  n_unchanged;   /* sessions as last published: not sent */
  guint  n_failed;
  char  *first_failure; /* the message of the first failure, or NULL */
} CabinetCaldavSummary;

void          cabinet_caldav_summary_clear     (CabinetCaldavSummary *summary);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CabinetCaldavSummary, cabinet_caldav_summary_clear)

#define CABINET_TYPE_CALDAV (cabinet_caldav_get_type ())
G_DECLARE_FINAL_TYPE (CabinetCaldav, cabinet_caldav, CABINET, CALDAV, GObject)

GQuark        cabinet_caldav_error_quark       (void);

/* Checks a calendar collection's address as typed and returns it as Cabinet
 * keeps it (ending with '/'). https:// only; http:// is accepted for this computer
 * alone (127.0.0.1, ::1, localhost), where nothing crosses a network. */
char         *cabinet_caldav_normalize_url     (const char           *url,
                                                GError              **error);

/* One calendar collection and the account that may write to it. The password is
 * kept in memory only, for as long as the object lives. NULL with
 * CABINET_CALDAV_ERROR_INVALID_URL when cabinet_caldav_normalize_url() refuses
 * @url. */
CabinetCaldav *cabinet_caldav_new              (const char           *url,
                                                const char           *user,
                                                const char           *password,
                                                GError              **error);
const char   *cabinet_caldav_get_url           (CabinetCaldav        *self);  /* normalized */
const char   *cabinet_caldav_get_user          (CabinetCaldav        *self);
guint         cabinet_caldav_get_timeout       (CabinetCaldav        *self);
/* Seconds (CABINET_CALDAV_DEFAULT_TIMEOUT unless set); for requests sent after. */
void          cabinet_caldav_set_timeout       (CabinetCaldav        *self,
                                                guint                 seconds);

/* Tries the settings before they are saved: asks the server about the collection
 * (PROPFIND, depth 0). Succeeds when it is a calendar this account can see. */
void          cabinet_caldav_check_async       (CabinetCaldav        *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean      cabinet_caldav_check_finish      (CabinetCaldav        *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* Publishes the sessions of @database that started CABINET_CALDAV_DAYS_BACK days
 * ago or later, one event each (cabinet_ical_export_one() with @title, so
 * "Session" by default), and removes the events of deleted sessions. The
 * database is read and written on the calling thread, the requests go one after
 * the other without blocking it. Only sessions whose event differs from what was
 * last accepted are sent; an event changed on the server meanwhile is replaced by
 * Cabinet's. What the server did not accept is not recorded as published, so it
 * is sent again next time. One synchronisation at a time per object.
 *
 * @summary is filled whether or not it succeeds. An error is returned when the
 * synchronisation stopped (wrong password, no network…) or when any item failed;
 * then it is the first failure. */
void          cabinet_caldav_sync_async        (CabinetCaldav           *self,
                                                CabinetDatabase         *database,
                                                CabinetIcalTitle         title,
                                                CabinetIcalClientLookup  lookup,
                                                gpointer                 lookup_data,
                                                GCancellable            *cancellable,
                                                GAsyncReadyCallback      callback,
                                                gpointer                 user_data);
gboolean      cabinet_caldav_sync_finish       (CabinetCaldav           *self,
                                                GAsyncResult            *result,
                                                CabinetCaldavSummary    *summary,
                                                GError                 **error);

/* The password in the desktop keyring (its own item, found by the normalized
 * @url and @user): never in the database or the settings. A lookup that finds
 * nothing returns NULL without an error. Free a password with
 * cabinet_secure_free_string(). */
void          cabinet_caldav_store_password_async   (const char          *url,
                                                     const char          *user,
                                                     const char          *password,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean      cabinet_caldav_store_password_finish  (GAsyncResult        *result,
                                                     GError             **error);
void          cabinet_caldav_lookup_password_async  (const char          *url,
                                                     const char          *user,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
char         *cabinet_caldav_lookup_password_finish (GAsyncResult        *result,
                                                     GError             **error);
void          cabinet_caldav_clear_password_async   (const char          *url,
                                                     const char          *user,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean      cabinet_caldav_clear_password_finish  (GAsyncResult        *result,
                                                     GError             **error);

/* Synchronous forms, for the command line and tests: they block on D-Bus. */
gboolean      cabinet_caldav_store_password    (const char           *url,
                                                const char           *user,
                                                const char           *password,
                                                GError              **error);
char         *cabinet_caldav_lookup_password   (const char           *url,
                                                const char           *user,
                                                GError              **error);
gboolean      cabinet_caldav_clear_password    (const char           *url,
                                                const char           *user,
                                                GError              **error);

G_END_DECLS
