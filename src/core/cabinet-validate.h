/* cabinet-validate.h — the rules every form field follows, shared by all records
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *cabinet_text_clean          (const char *text);
gboolean  cabinet_set_string          (char      **ptr,
                                       const char *value);
gboolean  cabinet_validate_email      (const char *text);
gboolean  cabinet_validate_phone      (const char *text);
gboolean  cabinet_validate_https_url  (const char *text,
                                       char      **message);
gboolean  cabinet_validate_digits     (const char *text,
                                       guint       count);

/* A set of problems found in a record, by field name, each with a message that
 * says what to fix. */
typedef GHashTable CabinetIssues;

/* @template with each "{name}" replaced by its value; pairs of name and value end
 * with NULL. Unknown names are left as they are: the text comes from files and
 * from the therapist, so it is never a printf format. */
char          *cabinet_text_expand        (const char *template,
                                           ...) G_GNUC_NULL_TERMINATED;

/* @text with its first letter upper case ("novembre" → "Novembre"). */
char          *cabinet_text_capitalize    (const char *text);

/* "23 April 1985", in the interface's language and the local time zone. */
char          *cabinet_format_date        (GDateTime  *when);
/* The same for a day. */
char          *cabinet_format_day         (const GDate *day);

/* "Saturday 22 November 2026, 09:30", in the interface's language and the local
 * time zone. */
char          *cabinet_format_date_time   (GDateTime  *when);

void           cabinet_json_append_string (GString    *out,
                                           const char *text);

CabinetIssues *cabinet_issues_new     (void);
void           cabinet_issues_add     (CabinetIssues *issues,
                                       const char    *field,
                                       const char    *message);

G_END_DECLS
