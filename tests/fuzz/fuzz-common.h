/* fuzz-common.h — what the fuzz targets share: libFuzzer's entry point, a copy
 * of the input that AddressSanitizer watches, and assertions that make a wrong
 * answer a crash
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

/* Each fuzz-NAME.c defines it; libFuzzer calls it with every input it tries, and
 * fuzz-replay.c with every file of the corpus and of the regressions. */
int   LLVMFuzzerTestOneInput (const uint8_t *data,
                              size_t         size);

/* Once per process: a critical or a warning aborts, since a g_return_if_fail()
 * reached by outside input is a bug. */
void  fuzz_init              (void);

/* @size bytes of @data and a NUL, in an allocation of exactly that size, so that
 * reading one byte past the string is reported. */
char *fuzz_strndup           (const uint8_t *data,
                              size_t         size);

/* Splits @data at its first newline: *@line gets a copy of what is before it
 * (as fuzz_strndup() makes), *@rest and *@rest_size what follows it (nothing
 * when there is no newline). */
void  fuzz_split_first_line  (const uint8_t  *data,
                              size_t          size,
                              char          **line,
                              const uint8_t **rest,
                              size_t         *rest_size);

/* Whether @text is NULL or valid UTF-8: whatever Cabinet shows or stores. */
gboolean fuzz_is_text        (const char    *text);

G_NORETURN void fuzz_fail    (const char    *file,
                              int            line,
                              const char    *expression);

/* Unlike g_assert(), never compiled out. */
#define fuzz_assert(expr) \
  G_STMT_START { if (G_LIKELY (expr)) ; else fuzz_fail (__FILE__, __LINE__, #expr); } G_STMT_END

G_END_DECLS
