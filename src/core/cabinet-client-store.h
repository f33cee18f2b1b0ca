/* cabinet-client-store.h — the clients, as a GListModel over the database:
 * searched, sorted and filtered in memory, written in transactions
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cabinet-client.h"
#include "cabinet-database.h"

G_BEGIN_DECLS

#define CABINET_CLIENT_STORE_ERROR (cabinet_client_store_error_quark ())

typedef enum {
  CABINET_CLIENT_STORE_ERROR_INVALID,    /* the record does not validate */
  CABINET_CLIENT_STORE_ERROR_NOT_FOUND,
  CABINET_CLIENT_STORE_ERROR_CONFIRMATION, /* erasure: the typed name does not match */
} CabinetClientStoreError;

typedef enum {
  CABINET_CLIENT_SORT_NAME,
  CABINET_CLIENT_SORT_LAST_ACTIVITY,
} CabinetClientSort;

typedef enum {
  CABINET_CLIENT_FILTER_ALL,
  CABINET_CLIENT_FILTER_ACTIVE,
  CABINET_CLIENT_FILTER_PAUSED,
  CABINET_CLIENT_FILTER_CLOSED,
} CabinetClientFilter;

#define CABINET_TYPE_CLIENT_STORE (cabinet_client_store_get_type ())
G_DECLARE_FINAL_TYPE (CabinetClientStore, cabinet_client_store, CABINET, CLIENT_STORE, GObject)

GQuark              cabinet_client_store_error_quark (void);

/* Loads every client; the store is a GListModel of CabinetClient showing the ones
 * that match the search and filter, in the chosen order. */
CabinetClientStore *cabinet_client_store_new         (CabinetDatabase     *database,
                                                      GError             **error);
/* The same, but reading nothing yet: a client looked up by id is read alone
 * (a day's few sessions need no more), and the whole list when first needed,
 * by cabinet_client_store_load() or anything that lists, searches or writes.
 * A list that cannot be read then is empty, with a warning. */
CabinetClientStore *cabinet_client_store_new_lazy    (CabinetDatabase     *database);
/* Reads every client now, if not done yet; says why it could not. */
gboolean            cabinet_client_store_load        (CabinetClientStore  *self,
                                                      GError             **error);
guint               cabinet_client_store_get_n_all   (CabinetClientStore  *self);
CabinetClient      *cabinet_client_store_lookup      (CabinetClientStore  *self,
                                                      gint64               id);

/* A new list of the clients who are not closed, by name, whatever the search:
 * who a session may be planned with. */
GListModel         *cabinet_client_store_list_open   (CabinetClientStore  *self);

/* Search as you type over names, pseudonym, e-mail, phone and city; accents and
 * case do not matter ("helene" finds "Hélène"). */
void                cabinet_client_store_search      (CabinetClientStore  *self,
                                                      const char          *text);
void                cabinet_client_store_set_sort    (CabinetClientStore  *self,
                                                      CabinetClientSort    sort);
void                cabinet_client_store_set_filter  (CabinetClientStore  *self,
                                                      CabinetClientFilter  filter);

/* Other clients with the same first and last name (the therapist is warned). */
GPtrArray          *cabinet_client_store_find_same_name (CabinetClientStore *self,
                                                         CabinetClient      *client);

/* Inserts (id 0) or updates, after validation, in one transaction; the stored
 * client is updated in place (id, timestamps) and the model notified. */
gboolean            cabinet_client_store_save        (CabinetClientStore  *self,
                                                      CabinetClient       *client,
                                                      GError             **error);
/* Many new clients in one transaction, all or nothing (the CSV import). */
gboolean            cabinet_client_store_add_all     (CabinetClientStore  *self,
                                                      GPtrArray           *clients,
                                                      GError             **error);
gboolean            cabinet_client_store_set_status  (CabinetClientStore  *self,
                                                      CabinetClient       *client,
                                                      const char          *status,
                                                      GError             **error);

/* Whether erasing @client keeps their payments and receipts (younger than six
 * years, LPF art. L102 B), and until when (@until may be NULL). */
gboolean            cabinet_client_store_fiscal_hold (CabinetClientStore  *self,
                                                      CabinetClient       *client,
                                                      GDate               *until);

/* Right to erasure: the client and everything attached, gone from the file too
 * (secure delete, then the WAL is checkpointed and truncated), but the payments
 * and receipts the law keeps (see cabinet_client_store_fiscal_hold()): those
 * stay, under the client's id, with nothing else of them. @typed_name must be
 * the client's name as shown, typed to confirm. */
gboolean            cabinet_client_store_erase       (CabinetClientStore  *self,
                                                      CabinetClient       *client,
                                                      const char          *typed_name,
                                                      GError             **error);

G_END_DECLS
