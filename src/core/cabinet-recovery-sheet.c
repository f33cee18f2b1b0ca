/* cabinet-recovery-sheet.c — the recovery key on one printable page, with what
 * it is for, how to use it and how to keep it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <pango/pango.h>
#include <string.h>

#include "cabinet-key.h"
#include "cabinet-recovery-sheet.h"
#include "cabinet-validate.h"

/* 14 groups of four on two lines of seven: large enough to read aloud across a
 * room, narrow enough for A4 and Letter. */
#define GROUPS_PER_LINE 7
#define KEY_POINTS 20
#define PATH_POINTS 10

/* A button's label as it is seen on screen: "_Open My Records" is written
 * "Open My Records", so the sheet names what the window shows. */
static char *
without_mnemonic (const char *label)
{
  GString *out = g_string_new (NULL);

  for (const char *p = label; *p; p++)
    {
      if (*p == '_')
        {
          if (p[1] == '_')
            g_string_append_c (out, *++p);
          continue;
        }
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* The key as it is printed, in large monospace: "ABCD EFGH …", seven groups a
 * line, each line a block of its own so that the lines stand apart. Only key
 * symbols and spaces go in the markup, so nothing needs escaping, and its buffer
 * is sized so that no copy of the key is left behind by a reallocation. (The
 * PDF engine keeps copies of its own until it is freed, and does not wipe them.) */
static void
add_key (CabinetPdf       *pdf,
         const CabinetKey *key)
{
  /* "ABCD-EFGH-…": group g starts at 5 g. */
  char *recovery = cabinet_key_to_recovery (key);
  guint n_groups = (guint) (strlen (recovery) + 1) / 5;
  GString *markup = g_string_sized_new (strlen (recovery) + 64);

  for (guint first = 0; first < n_groups; first += GROUPS_PER_LINE)
    {
      g_string_append_printf (markup, "<span size=\"%d\">", KEY_POINTS * PANGO_SCALE);
      for (guint g = first; g < MIN (first + GROUPS_PER_LINE, n_groups); g++)
        {
          if (g > first)
            g_string_append_c (markup, ' ');
          g_string_append_len (markup, recovery + 5 * g, 4);
        }
      g_string_append (markup, "</span>");
      cabinet_pdf_add_markup (pdf, CABINET_PDF_MONO, markup->str);
      explicit_bzero (markup->str, markup->len);
      g_string_truncate (markup, 0);
    }
  g_string_free (markup, TRUE);
  cabinet_secure_free_string (recovery);
}

/* "23 April 1985" in local time, as the window writes dates. */
GBytes *
cabinet_recovery_sheet_render_on_paper (CabinetPaper   paper,
                                        const char    *recovery_key,
                                        const char    *database_path,
                                        const char    *practitioner_name,
                                        GDateTime     *date,
                                        GError       **error)
{
  g_autoptr(CabinetKey) key = NULL;
  g_autoptr(CabinetPdf) pdf = NULL;
  g_autofree char *day = NULL;
  g_autofree char *path = NULL;
  g_autofree char *field = NULL;
  g_autofree char *button = NULL;
  g_autofree char *text = NULL;
  char *markup;
  const char *title;

  g_return_val_if_fail (recovery_key != NULL, NULL);
  g_return_val_if_fail (database_path != NULL, NULL);
  g_return_val_if_fail (date != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A sheet with a key that opens nothing would be worse than none; printed
   * from the key itself, the groups are the canonical ones. */
  key = cabinet_key_new_from_recovery (recovery_key, error);
  if (key == NULL)
    return NULL;

  if (practitioner_name && *practitioner_name == '\0')
    practitioner_name = NULL;
  day = cabinet_format_date (date);
  path = g_filename_display_name (database_path);
  /* The very words of the unlock screen. */
  field = without_mnemonic (_("Recovery key or passphrase"));
  button = without_mnemonic (_("_Open My Records"));

  pdf = cabinet_pdf_new (paper);
  title = _("Cabinet Recovery Key");
  cabinet_pdf_set_metadata (pdf, title, practitioner_name,
                            _("How to open your Cabinet records if this computer’s keyring is lost"));
  /* Translators: printed at the top of the recovery sheet. */
  cabinet_pdf_set_header (pdf, _("Confidential: keep this sheet locked away"));

  cabinet_pdf_add_text (pdf, CABINET_PDF_TITLE, title);
  if (practitioner_name)
    {
      /* Translators: %s is the practitioner's name, on the recovery sheet. */
      text = g_strdup_printf (_("Practice of %s"), practitioner_name);
      cabinet_pdf_add_text (pdf, CABINET_PDF_BODY, text);
      g_clear_pointer (&text, g_free);
    }
  /* Translators: %s is a date, as in "23 April 1985", on the recovery sheet. */
  text = g_strdup_printf (_("Made on %s"), day);
  cabinet_pdf_add_text (pdf, CABINET_PDF_BODY, text);
  g_clear_pointer (&text, g_free);
  cabinet_pdf_add_space (pdf, 6);

  cabinet_pdf_add_text (pdf, CABINET_PDF_HEADING, _("Your recovery key"));
  cabinet_pdf_add_space (pdf, 2);
  add_key (pdf, key);
  cabinet_pdf_add_space (pdf, 2);
  cabinet_pdf_add_text (pdf, CABINET_PDF_SMALL,
                        _("14 groups of four letters and digits. Type them with or without the spaces, "
                          "in capital or small letters. The letters I, L, O and U are never used: "
                          "0 is always the digit zero, and 1 the digit one."));
  cabinet_pdf_add_space (pdf, 4);

  cabinet_pdf_add_text (pdf, CABINET_PDF_HEADING, _("Your records"));
  cabinet_pdf_add_text (pdf, CABINET_PDF_BODY,
                        _("This key opens the Cabinet database in this file, and no other:"));
  markup = g_markup_printf_escaped ("<span size=\"%d\">%s</span>", PATH_POINTS * PANGO_SCALE, path);
  cabinet_pdf_add_markup (pdf, CABINET_PDF_MONO, markup);
  g_free (markup);
  cabinet_pdf_add_space (pdf, 4);

  cabinet_pdf_add_text (pdf, CABINET_PDF_HEADING, _("What it is for"));
  cabinet_pdf_add_text (pdf, CABINET_PDF_BODY,
                        _("Cabinet encrypts all your records. It normally opens them with a key kept in "
                          "this computer’s keyring, without asking you anything. If that keyring is "
                          "lost (on a new computer, after the system is reinstalled, or when the "
                          "keyring is reset), this recovery key is the only way to open your records. "
                          "Nobody else can open them for you, not even the Cabinet developers."));
  cabinet_pdf_add_space (pdf, 4);

  cabinet_pdf_add_text (pdf, CABINET_PDF_HEADING, _("How to use it"));
  cabinet_pdf_add_text (pdf, CABINET_PDF_BODY,
                        _("1. Start Cabinet. On a new computer, first copy your database file back to "
                          "the place named above."));
  /* Translators: %s is the name of the field on the unlock screen,
   * "Recovery key or passphrase". */
  text = g_strdup_printf (_("2. When Cabinet cannot open your records with the keyring, it says so and "
                            "shows the field “%s”. Type the recovery key there."), field);
  cabinet_pdf_add_text (pdf, CABINET_PDF_BODY, text);
  g_clear_pointer (&text, g_free);
  /* Translators: %s is the button on the unlock screen, "Open My Records". */
  text = g_strdup_printf (_("3. Choose “%s”. Cabinet opens your records and stores the key in the "
                            "keyring again, so that it opens by itself from then on."), button);
  cabinet_pdf_add_text (pdf, CABINET_PDF_BODY, text);
  g_clear_pointer (&text, g_free);
  cabinet_pdf_add_space (pdf, 4);

  cabinet_pdf_add_text (pdf, CABINET_PDF_HEADING, _("How to keep it"));
  cabinet_pdf_add_text (pdf, CABINET_PDF_BODY,
                        _("Keep this sheet on paper, in a locked place such as a locked drawer or a "
                          "safe. Never keep it beside the computer, and never in an e-mail, a message, "
                          "a photo or cloud notes. Anyone who has this sheet and your database file "
                          "can read all your records."));
  cabinet_pdf_add_text (pdf, CABINET_PDF_BODY,
                        _("If you saved this sheet as a PDF file, print it, then delete the file."));
  cabinet_pdf_add_text (pdf, CABINET_PDF_BODY,
                        _("If you lose this sheet while Cabinet still opens by itself, nothing is lost. "
                          "But Cabinet cannot show this key again or make a new sheet: the key is "
                          "shown only once, when the records are created, and Cabinet keeps no copy "
                          "of it. Without this sheet, losing the keyring means losing your records."));

  return cabinet_pdf_render (pdf, error);
}

GBytes *
cabinet_recovery_sheet_render (const char  *recovery_key,
                               const char  *database_path,
                               const char  *practitioner_name,
                               GDateTime   *date,
                               GError     **error)
{
  return cabinet_recovery_sheet_render_on_paper (cabinet_paper_for_locale (), recovery_key,
                                                 database_path, practitioner_name, date, error);
}
