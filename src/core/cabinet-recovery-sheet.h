/* cabinet-recovery-sheet.h — the recovery key on one printable page, with what
 * it is for, how to use it and how to keep it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cabinet-pdf.h"

G_BEGIN_DECLS

/* Lays out the recovery sheet as a one-page PDF, in the interface's language, on
 * the locale's paper (cabinet_paper_for_locale()).
 *
 * @recovery_key is the key as cabinet_key_to_recovery() writes it (any form the
 * unlock screen accepts will do); it is checked first, so no sheet is ever made
 * with a key that would not open anything: a mistyped key fails with
 * CABINET_KEY_ERROR_INVALID_RECOVERY, and the message does not quote it. The key
 * is printed in large monospace, in groups of four symbols separated by spaces,
 * exactly as it can be typed on the unlock screen.
 * @database_path is the database file, printed so that the key can be matched
 * with it; @practitioner_name (may be NULL) is printed and is the PDF's author;
 * @date is the day the sheet is made, written in local time.
 *
 * The returned bytes hold the recovery key in clear: with the database file,
 * they open every record. Hand them only to where the user chose (the printer,
 * the file they named), never to a cache, a temporary file, a log or a
 * thumbnail, and drop the reference as soon as they are handed over. */
GBytes *cabinet_recovery_sheet_render          (const char    *recovery_key,
                                                const char    *database_path,
                                                const char    *practitioner_name,
                                                GDateTime     *date,
                                                GError       **error);

/* The same sheet on the paper given, whatever the locale. */
GBytes *cabinet_recovery_sheet_render_on_paper (CabinetPaper   paper,
                                                const char    *recovery_key,
                                                const char    *database_path,
                                                const char    *practitioner_name,
                                                GDateTime     *date,
                                                GError       **error);

G_END_DECLS
