/* cabinet-validate.c — the rules every form field follows, shared by all records
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cabinet-validate.h"

/* Trimmed, NFC-normalised, never NULL: what a field holds once typed. Control
 * characters other than newlines and tabs are dropped, they only come from pasting. */
char *
cabinet_text_clean (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *nfc = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  nfc = g_utf8_normalize (valid, -1, G_NORMALIZE_NFC);
  out = g_string_sized_new (strlen (nfc));
  for (const char *p = nfc; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) && c != '\n' && c != '\t')
        continue;
      g_string_append_unichar (out, c);
    }
  return g_strstrip (g_string_free (out, FALSE));
}

/* g_set_str() arrives with GLib 2.76, above our floor. */
gboolean
cabinet_set_string (char       **ptr,
                    const char  *value)
{
  char *copy;

  if (g_strcmp0 (*ptr, value) == 0)
    return FALSE;
  copy = g_strdup (value);
  g_free (*ptr);
  *ptr = copy;
  return TRUE;
}

gboolean
cabinet_validate_email (const char *text)
{
  const char *at;
  const char *dot;

  g_return_val_if_fail (text != NULL, FALSE);

  at = strchr (text, '@');
  if (at == NULL || at == text || strchr (at + 1, '@') != NULL)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (g_ascii_isspace (*p) || *p == ',' || *p == ';' || *p == '<' || *p == '>')
      return FALSE;
  dot = strrchr (at + 1, '.');
  /* user@host.tld: a dot in the domain, not first, with at least two letters after. */
  return dot != NULL && dot > at + 1 && strlen (dot + 1) >= 2 && strstr (at, "..") == NULL;
}

gboolean
cabinet_validate_phone (const char *text)
{
  guint digits = 0;

  g_return_val_if_fail (text != NULL, FALSE);

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (*p == '+' && p == text)
        continue;
      else if (!strchr (" .-()/", *p))
        return FALSE;
    }
  /* Short numbers (15, 112, 3114) are emergency numbers, not phone numbers here;
   * E.164 allows 15 digits, a few more for extensions typed with the number. */
  return digits >= 6 && digits <= 18;
}

gboolean
cabinet_validate_https_url (const char  *text,
                            char       **message)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0'
      || strchr (text, ' ') != NULL)
    {
      if (message)
        *message = g_strdup (_("Enter the full link, starting with https://."));
      return FALSE;
    }
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0)
    {
      if (message)
        *message = g_strdup (_("The link must start with https:// so that the connection is encrypted."));
      return FALSE;
    }
  return TRUE;
}

gboolean
cabinet_validate_digits (const char *text,
                         guint       count)
{
  guint n = 0;

  g_return_val_if_fail (text != NULL, FALSE);

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        n++;
      else if (*p != ' ')
        return FALSE;
    }
  return n == count;
}

CabinetIssues *
cabinet_issues_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

void
cabinet_issues_add (CabinetIssues *issues,
                    const char    *field,
                    const char    *message)
{
  g_return_if_fail (issues != NULL);
  g_return_if_fail (field != NULL && message != NULL);

  /* The first problem found in a field is the one to fix first. */
  if (!g_hash_table_contains (issues, field))
    g_hash_table_insert (issues, g_strdup (field), g_strdup (message));
}

/* A JSON string: UTF-8 passes through; quotes, backslashes and control characters
 * are escaped; NULL is null. */
void
cabinet_json_append_string (GString    *out,
                            const char *text)
{
  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) text; *p; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

char *
cabinet_text_capitalize (const char *text)
{
  char first[8] = { 0 };

  g_return_val_if_fail (text != NULL, NULL);
  if (*text == '\0')
    return g_strdup ("");
  g_unichar_to_utf8 (g_unichar_totitle (g_utf8_get_char (text)), first);
  return g_strconcat (first, g_utf8_next_char (text), NULL);
}

/* One pass over the template, so that a value that happens to contain "{name}"
 * (a name typed by someone) is never expanded in turn. */
char *
cabinet_text_expand (const char *template,
                     ...)
{
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  GString *out = g_string_sized_new (strlen (template) + 64);
  const char *name;
  const char *p = template;
  va_list args;

  va_start (args, template);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);
      g_hash_table_insert (values, (gpointer) name, (gpointer) (value ? value : ""));
    }
  va_end (args);

  while (*p)
    {
      const char *open = strchr (p, '{');
      const char *close = open ? strchr (open + 1, '}') : NULL;
      g_autofree char *key = NULL;
      const char *value;

      if (close == NULL)
        {
          g_string_append (out, p);
          break;
        }
      g_string_append_len (out, p, open - p);
      key = g_strndup (open + 1, close - open - 1);
      value = g_hash_table_lookup (values, key);
      if (value)
        g_string_append (out, value);
      else
        g_string_append_len (out, open, close - open + 1);
      p = close + 1;
    }
  return g_string_free (out, FALSE);
}

char *
cabinet_format_date (GDateTime *when)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (when);
  /* Translators: a date as in "23 April 1985"; see g_date_time_format(). */
  char *text = g_date_time_format (local, _("%-d %B %Y"));

  /* A translation g_date_time_format() cannot read still gives a date. */
  return text ? text : g_date_time_format (local, "%Y-%m-%d");
}

char *
cabinet_format_day (const GDate *day)
{
  g_autoptr(GDateTime) noon = g_date_time_new_local (g_date_get_year (day), g_date_get_month (day),
                                                     g_date_get_day (day), 12, 0, 0);

  return cabinet_format_date (noon);
}

char *
cabinet_format_date_time (GDateTime *when)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (when);
  /* Translators: a date and time as in "Saturday 22 November 2026, 09:30". */
  char *text = g_date_time_format (local, _("%A %e %B %Y, %H:%M"));

  return text ? text : g_date_time_format (local, "%Y-%m-%d %H:%M");
}
