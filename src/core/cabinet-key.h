/* cabinet-key.h — the database secret: 32 random bytes or a passphrase
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CABINET_KEY_LENGTH 32
/* Iterations for the passphrase mode's key derivation (SQLCipher's PBKDF2). */
#define CABINET_KEY_KDF_ITERATIONS 256000

#define CABINET_KEY_ERROR (cabinet_key_error_quark ())

typedef enum {
  CABINET_KEY_ERROR_INVALID_RECOVERY,
  CABINET_KEY_ERROR_WEAK_PASSPHRASE,
} CabinetKeyError;

typedef enum {
  CABINET_KEY_RAW,        /* 32 random bytes handed to SQLCipher as a blob literal */
  CABINET_KEY_PASSPHRASE, /* a passphrase that SQLCipher stretches with its KDF */
} CabinetKeyKind;

typedef struct _CabinetKey CabinetKey;

GQuark          cabinet_key_error_quark        (void);
GType           cabinet_key_get_type           (void) G_GNUC_CONST;

CabinetKey     *cabinet_key_new_random         (void);
CabinetKey     *cabinet_key_new_from_hex       (const char  *hex,
                                                GError     **error);
CabinetKey     *cabinet_key_new_from_recovery  (const char  *text,
                                                GError     **error);
CabinetKey     *cabinet_key_new_passphrase     (const char  *passphrase);
gboolean        cabinet_key_check_passphrase   (const char  *passphrase,
                                                GError     **error);
CabinetKey     *cabinet_key_copy               (const CabinetKey *key);
void            cabinet_key_free               (CabinetKey  *key);

CabinetKeyKind  cabinet_key_get_kind           (const CabinetKey *key);
char           *cabinet_key_to_hex             (const CabinetKey *key);
char           *cabinet_key_to_recovery        (const CabinetKey *key);
char           *cabinet_key_to_sqlcipher       (const CabinetKey *key,
                                                gsize            *length);
gboolean        cabinet_key_looks_like_recovery (const char *text);

void            cabinet_secure_free_string     (char        *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CabinetKey, cabinet_key_free)

#define CABINET_TYPE_KEY (cabinet_key_get_type ())

G_END_DECLS
