/* cabinet-keyring.h — the database key in the desktop keyring (Secret Service)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cabinet-key.h"

G_BEGIN_DECLS

#define CABINET_KEYRING_ERROR (cabinet_keyring_error_quark ())

typedef enum {
  CABINET_KEYRING_ERROR_UNAVAILABLE, /* no Secret Service on this desktop */
  CABINET_KEYRING_ERROR_LOCKED,      /* the keyring stayed locked */
  CABINET_KEYRING_ERROR_NOT_FOUND,   /* no key for this database */
  CABINET_KEYRING_ERROR_FAILED,
} CabinetKeyringError;

GQuark      cabinet_keyring_error_quark  (void);

void        cabinet_keyring_store_async  (const char          *database_path,
                                          const CabinetKey    *key,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean    cabinet_keyring_store_finish (GAsyncResult        *result,
                                          GError             **error);
void        cabinet_keyring_lookup_async (const char          *database_path,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
CabinetKey *cabinet_keyring_lookup_finish (GAsyncResult       *result,
                                           GError            **error);

/* Synchronous forms, for the command line and tests: they block on D-Bus. */
gboolean    cabinet_keyring_store        (const char          *database_path,
                                          const CabinetKey    *key,
                                          GError             **error);
CabinetKey *cabinet_keyring_lookup       (const char          *database_path,
                                          GError             **error);
gboolean    cabinet_keyring_forget       (const char          *database_path,
                                          GError             **error);

G_END_DECLS
