/* cabinet-key.c — the database secret and its human-typeable recovery form
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/random.h>
#include <errno.h>

#include "cabinet-key.h"

/* The recovery key is the raw key in Crockford's base32: 52 characters carry the
 * 256 bits, four more carry a checksum so that a typing mistake is caught before
 * we try to open anything. Printed as 14 groups of 4 characters. */
#define RECOVERY_DATA_CHARS 52
#define RECOVERY_CHECK_CHARS 4
#define RECOVERY_CHARS (RECOVERY_DATA_CHARS + RECOVERY_CHECK_CHARS)

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

struct _CabinetKey
{
  CabinetKeyKind kind;
  gsize          length;
  guint8        *bytes;   /* raw bytes, or the passphrase's UTF-8 */
};

G_DEFINE_QUARK (cabinet-key-error-quark, cabinet_key_error)
G_DEFINE_BOXED_TYPE (CabinetKey, cabinet_key, cabinet_key_copy, cabinet_key_free)

static CabinetKey *
key_new (CabinetKeyKind kind,
         const guint8  *bytes,
         gsize          length)
{
  CabinetKey *key = g_new0 (CabinetKey, 1);

  key->kind = kind;
  key->length = length;
  key->bytes = g_malloc (length + 1);
  memcpy (key->bytes, bytes, length);
  key->bytes[length] = 0;
  return key;
}

CabinetKey *
cabinet_key_new_random (void)
{
  guint8 bytes[CABINET_KEY_LENGTH];
  gsize filled = 0;
  CabinetKey *key;

  while (filled < sizeof bytes)
    {
      ssize_t n = getrandom (bytes + filled, sizeof bytes - filled, 0);

      if (n < 0 && errno == EINTR)
        continue;
      /* The kernel's CSPRNG never fails once seeded; if it does, no key is safe. */
      g_assert (n > 0);
      filled += (gsize) n;
    }

  key = key_new (CABINET_KEY_RAW, bytes, sizeof bytes);
  explicit_bzero (bytes, sizeof bytes);
  return key;
}

CabinetKey *
cabinet_key_new_from_hex (const char  *hex,
                          GError     **error)
{
  guint8 bytes[CABINET_KEY_LENGTH];
  CabinetKey *key;

  g_return_val_if_fail (hex != NULL, NULL);

  if (strlen (hex) != CABINET_KEY_LENGTH * 2)
    goto invalid;

  for (guint i = 0; i < CABINET_KEY_LENGTH; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]);
      int lo = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (hi < 0 || lo < 0)
        goto invalid;
      bytes[i] = (guint8) (hi << 4 | lo);
    }

  key = key_new (CABINET_KEY_RAW, bytes, sizeof bytes);
  explicit_bzero (bytes, sizeof bytes);
  return key;

invalid:
  explicit_bzero (bytes, sizeof bytes);
  g_set_error_literal (error, CABINET_KEY_ERROR, CABINET_KEY_ERROR_INVALID_RECOVERY,
                       _("The key kept in the keyring is not a valid Cabinet key."));
  return NULL;
}

static int
crockford_value (gunichar c)
{
  c = g_unichar_toupper (c);
  switch (c)
    {
    case 'O': return 0;
    case 'I': case 'L': return 1;
    default: break;
    }
  for (int i = 0; i < 32; i++)
    if ((gunichar) crockford[i] == c)
      return i;
  return -1;
}

static void
recovery_checksum (const guint8 *bytes,
                   char          out[RECOVERY_CHECK_CHARS])
{
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint32 bits;

  g_checksum_update (sum, (const guchar *) "cabinet-recovery", 16);
  g_checksum_update (sum, bytes, CABINET_KEY_LENGTH);
  g_checksum_get_digest (sum, digest, &digest_len);
  bits = (guint32) digest[0] << 12 | (guint32) digest[1] << 4 | digest[2] >> 4;
  for (int i = RECOVERY_CHECK_CHARS - 1; i >= 0; i--, bits >>= 5)
    out[i] = crockford[bits & 31];
}

char *
cabinet_key_to_recovery (const CabinetKey *key)
{
  char chars[RECOVERY_CHARS];
  GString *out;
  guint bit = 0;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (key->kind == CABINET_KEY_RAW, NULL);

  for (guint i = 0; i < RECOVERY_DATA_CHARS; i++, bit += 5)
    {
      guint value = 0;

      for (guint b = 0; b < 5; b++)
        {
          guint pos = bit + b;
          guint v = pos < CABINET_KEY_LENGTH * 8 ? (key->bytes[pos / 8] >> (7 - pos % 8)) & 1 : 0;
          value = value << 1 | v;
        }
      chars[i] = crockford[value];
    }
  recovery_checksum (key->bytes, chars + RECOVERY_DATA_CHARS);

  out = g_string_sized_new (RECOVERY_CHARS + RECOVERY_CHARS / 4);
  for (guint i = 0; i < RECOVERY_CHARS; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (out, '-');
      g_string_append_c (out, chars[i]);
    }
  explicit_bzero (chars, sizeof chars);
  return g_string_free (out, FALSE);
}

/* Reads the recovery key as typed: any case, with or without dashes and spaces,
 * and with O/I/L read as the digits they look like. Returns the count of symbols. */
static guint
recovery_symbols (const char *text,
                  guint8      values[RECOVERY_CHARS],
                  gboolean   *valid)
{
  guint n = 0;

  *valid = TRUE;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int v;

      if (c == '-' || g_unichar_isspace (c))
        continue;
      v = crockford_value (c);
      if (v < 0 || n >= RECOVERY_CHARS)
        {
          *valid = FALSE;
          n++;
          continue;
        }
      values[n++] = (guint8) v;
    }
  return n;
}

/* Whether @text was meant as a recovery key, even mistyped: only recovery symbols
 * and separators, and most of the length. A passphrase hardly ever is. */
gboolean
cabinet_key_looks_like_recovery (const char *text)
{
  guint8 values[RECOVERY_CHARS];
  gboolean valid;
  guint n;

  g_return_val_if_fail (text != NULL, FALSE);

  n = recovery_symbols (text, values, &valid);
  explicit_bzero (values, sizeof values);
  return valid && n >= RECOVERY_CHARS - 8;
}

CabinetKey *
cabinet_key_new_from_recovery (const char  *text,
                               GError     **error)
{
  guint8 values[RECOVERY_CHARS];
  guint8 bytes[CABINET_KEY_LENGTH] = { 0 };
  char check[RECOVERY_CHECK_CHARS];
  gboolean valid;
  guint n, bit = 0;
  CabinetKey *key = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  n = recovery_symbols (text, values, &valid);
  if (!valid || n != RECOVERY_CHARS)
    {
      g_set_error (error, CABINET_KEY_ERROR, CABINET_KEY_ERROR_INVALID_RECOVERY,
                   _("A recovery key has %d letters and digits in groups of four; check what you typed."),
                   RECOVERY_CHARS);
      goto out;
    }

  for (guint i = 0; i < RECOVERY_DATA_CHARS; i++, bit += 5)
    for (guint b = 0; b < 5; b++)
      {
        guint pos = bit + b;

        if (pos < CABINET_KEY_LENGTH * 8 && (values[i] >> (4 - b)) & 1)
          bytes[pos / 8] |= (guint8) (1 << (7 - pos % 8));
      }

  /* 52 symbols carry 260 bits: the last four are zero in every key we print, so
   * anything else there is a typing mistake too. */
  if ((values[RECOVERY_DATA_CHARS - 1] & 0x0F) != 0)
    goto typo;

  recovery_checksum (bytes, check);
  for (guint i = 0; i < RECOVERY_CHECK_CHARS; i++)
    if ((guint8) crockford_value ((gunichar) check[i]) != values[RECOVERY_DATA_CHARS + i])
      goto typo;

  key = key_new (CABINET_KEY_RAW, bytes, sizeof bytes);
  goto out;

typo:
  g_set_error_literal (error, CABINET_KEY_ERROR, CABINET_KEY_ERROR_INVALID_RECOVERY,
                       _("This recovery key contains a typing mistake; check each group of four characters."));

out:
  explicit_bzero (values, sizeof values);
  explicit_bzero (bytes, sizeof bytes);
  return key;
}

/* Only for a new database: an existing one opens with whatever it was given. */
gboolean
cabinet_key_check_passphrase (const char  *passphrase,
                              GError     **error)
{
  g_return_val_if_fail (passphrase != NULL, FALSE);

  if (g_utf8_strlen (passphrase, -1) < 12)
    {
      g_set_error_literal (error, CABINET_KEY_ERROR, CABINET_KEY_ERROR_WEAK_PASSPHRASE,
                           _("Choose a passphrase of at least 12 characters; a few unrelated words are easy to remember."));
      return FALSE;
    }
  return TRUE;
}

CabinetKey *
cabinet_key_new_passphrase (const char *passphrase)
{
  g_return_val_if_fail (passphrase != NULL && *passphrase != '\0', NULL);
  return key_new (CABINET_KEY_PASSPHRASE, (const guint8 *) passphrase, strlen (passphrase));
}

CabinetKey *
cabinet_key_copy (const CabinetKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);
  return key_new (key->kind, key->bytes, key->length);
}

void
cabinet_key_free (CabinetKey *key)
{
  if (key == NULL)
    return;
  explicit_bzero (key->bytes, key->length);
  g_free (key->bytes);
  explicit_bzero (key, sizeof *key);
  g_free (key);
}

CabinetKeyKind
cabinet_key_get_kind (const CabinetKey *key)
{
  g_return_val_if_fail (key != NULL, CABINET_KEY_RAW);
  return key->kind;
}

char *
cabinet_key_to_hex (const CabinetKey *key)
{
  static const char digits[] = "0123456789abcdef";
  char *hex;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (key->kind == CABINET_KEY_RAW, NULL);

  hex = g_malloc (key->length * 2 + 1);
  for (gsize i = 0; i < key->length; i++)
    {
      hex[2 * i] = digits[key->bytes[i] >> 4];
      hex[2 * i + 1] = digits[key->bytes[i] & 15];
    }
  hex[key->length * 2] = 0;
  return hex;
}

/* What sqlite3_key() receives: the blob literal x'<64 hex>' for a raw key (SQLCipher
 * then skips its KDF), the passphrase itself otherwise. Free with
 * cabinet_secure_free_string(). */
char *
cabinet_key_to_sqlcipher (const CabinetKey *key,
                          gsize            *length)
{
  char *out;

  g_return_val_if_fail (key != NULL, NULL);

  if (key->kind == CABINET_KEY_PASSPHRASE)
    {
      out = g_malloc (key->length + 1);
      memcpy (out, key->bytes, key->length + 1);
    }
  else
    {
      g_autofree char *hex = cabinet_key_to_hex (key);
      gsize hex_len = strlen (hex);

      out = g_malloc (hex_len + 4);
      out[0] = 'x';
      out[1] = '\'';
      memcpy (out + 2, hex, hex_len);
      out[hex_len + 2] = '\'';
      out[hex_len + 3] = 0;
      explicit_bzero (hex, hex_len);
    }
  if (length)
    *length = strlen (out);
  return out;
}

void
cabinet_secure_free_string (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}
