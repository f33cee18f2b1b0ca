/* fuzz-common.c — what the fuzz targets share
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"

void
fuzz_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      g_once_init_leave (&done, 1);
    }
}

char *
fuzz_strndup (const uint8_t *data,
              size_t         size)
{
  char *copy = g_malloc (size + 1);

  if (size > 0)
    memcpy (copy, data, size);
  copy[size] = '\0';
  return copy;
}

void
fuzz_split_first_line (const uint8_t  *data,
                       size_t          size,
                       char          **line,
                       const uint8_t **rest,
                       size_t         *rest_size)
{
  const uint8_t *newline = size > 0 ? memchr (data, '\n', size) : NULL;
  size_t length = newline ? (size_t) (newline - data) : size;

  *line = fuzz_strndup (data, length);
  *rest = newline ? newline + 1 : data + size;
  *rest_size = newline ? size - length - 1 : 0;
}

gboolean
fuzz_is_text (const char *text)
{
  return text == NULL || g_utf8_validate (text, -1, NULL);
}

void
fuzz_fail (const char *file,
           int         line,
           const char *expression)
{
  fprintf (stderr, "%s:%d: fuzz assertion failed: %s\n", file, line, expression);
  abort ();
}
