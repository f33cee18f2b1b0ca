/* cabinet-audit.c — the trail of what was done, never with client content:
 * recording it, reading it back a page at a time, saying it in words
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cabinet-audit.h"
#include "cabinet-client.h"
#include "cabinet-csv.h"

/* ── Recording ───────────────────────────────────────────────────────────── */

gboolean
cabinet_audit_record (CabinetDatabase  *database,
                      const char       *action,
                      const char       *object_type,
                      gint64            object_id,
                      GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CABINET_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  stmt = cabinet_database_prepare (database,
                                   "INSERT INTO audit_log (at, action, object_type, object_id) "
                                   "VALUES (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now'), ?, ?, ?)",
                                   error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, object_type ? object_type : "", -1, SQLITE_STATIC);
  if (object_id > 0)
    sqlite3_bind_int64 (stmt, 3, object_id);
  return cabinet_database_step (database, stmt, NULL, error);
}

gboolean
cabinet_audit_record_now (CabinetDatabase *database,
                          const char      *action,
                          const char      *object_type,
                          gint64           object_id)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (database == NULL || CABINET_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  /* The action is done: refusing it now would undo nothing, and a therapist
   * must not be kept from printing a consent form in front of a client. The
   * gap is said where an administrator looks. */
  if (database == NULL)
    {
      g_warning ("“%s” was not recorded in the activity log: Cabinet was locked", action);
      return FALSE;
    }
  if (!cabinet_audit_record (database, action, object_type, object_id, &error))
    {
      g_warning ("“%s” was not recorded in the activity log: %s", action, error->message);
      return FALSE;
    }
  return TRUE;
}

/* ── In words ────────────────────────────────────────────────────────────── */

/* Every action Cabinet records, in one place: the stores, the exports and
 * prints of the interface, the lock, and the backups. */
static const struct {
  const char *action;
  const char *label;
} actions[] = {
  /* The practice */
  { "unlock",                         N_("Unlocked") },
  { "lock",                           N_("Locked") },
  { "profile-saved",                  N_("Profile saved") },
  { "self-check",                     N_("Security self-check run") },
  { "self-check-report-exported",     N_("Security report exported") },
  { "recovery-sheet-printed",         N_("Recovery sheet printed") },
  { "recovery-sheet-exported",        N_("Recovery sheet saved as PDF") },
  /* Clients */
  { "client-created",                 N_("Client added") },
  { "client-updated",                 N_("Client record changed") },
  { "client-imported",                N_("Client imported from a spreadsheet") },
  { "client-closed",                  N_("Client record closed") },
  { "client-paused",                  N_("Client record paused") },
  { "client-reopened",                N_("Client record reopened") },
  { "client-erased",                  N_("Client erased") },
  { "client-exported",                N_("Client’s data exported") },
  /* Sessions; a status change is recorded by the status's id. */
  { "session-created",                N_("Session scheduled") },
  { "session-series-created",         N_("Repeating sessions scheduled") },
  { "session-updated",                N_("Session changed") },
  { "session-deleted",                N_("Session deleted") },
  { "scheduled",                      N_("Session set back to scheduled") },
  { "done",                           N_("Session marked as done") },
  { "cancelled-client",               N_("Session cancelled by the client") },
  { "cancelled-therapist",            N_("Session cancelled by you") },
  { "late-cancel",                    N_("Session marked as a late cancellation") },
  { "no-show",                        N_("Session marked as a no-show") },
  { "session-series-cancelled",       N_("Following sessions of the series cancelled") },
  { "session-started",                N_("Session started") },
  { "session-started-despite-checks", N_("Session started despite failed checks") },
  { "sessions-imported",              N_("Sessions imported from a calendar") },
  { "sessions-exported",              N_("Sessions exported to a calendar file") },
  { "calendar-published",             N_("Sessions published to the online calendar") },
  /* Consent */
  { "consent-generated",              N_("Consent form made") },
  { "consent-given",                  N_("Consent form given to the client") },
  { "consent-signed",                 N_("Consent form signed") },
  { "consent-withdrawn",              N_("Consent withdrawn") },
  { "consent-copy-attached",          N_("Signed copy of a consent form attached") },
  { "consent-form-printed",           N_("Consent form printed") },
  { "consent-form-exported",          N_("Consent form exported") },
  { "consent-section-edited",         N_("Consent form text changed") },
  { "consent-section-restored",       N_("Consent form text restored") },
  /* Payments */
  { "payment-recorded",               N_("Payment recorded") },
  { "payment-reversed",               N_("Payment reversed") },
  { "refund-recorded",                N_("Refund recorded") },
  { "receipt-issued",                 N_("Receipt issued") },
  { "receipt-corrected",              N_("Corrected receipt issued") },
  { "receipt-printed",                N_("Receipt printed") },
  { "receipt-exported",               N_("Receipt exported") },
  { "receipt-signature-changed",      N_("Signature on receipts changed") },
  { "receipt-signature-removed",      N_("Signature on receipts removed") },
  { "cancellation-policy-changed",    N_("Late cancellation charge changed") },
  { "income-ledger-csv-exported",     N_("Income ledger exported for the accountant") },
  { "income-ledger-printed",          N_("Income ledger printed") },
  { "income-ledger-exported",         N_("Income ledger exported") },
  { "income-report-printed",          N_("Year’s income summary printed") },
  { "income-report-exported",         N_("Year’s income summary exported") },
  /* GDPR */
  { "breach-recorded",                N_("Data breach recorded") },
  { "breach-edited",                  N_("Data breach record changed") },
  { "breach-notified",                N_("Data breach notified to the CNIL") },
  { "breach-not-notified",            N_("Data breach: reason not to notify recorded") },
  { "gdpr-record-printed",            N_("Record of processing printed") },
  { "gdpr-record-exported",           N_("Record of processing exported") },
  { "audit-log-exported",             N_("Activity log exported") },
  /* Backups */
  { "backup-made",                    N_("Backup made") },
  { "backup-exported",                N_("Backup exported") },
  { "restored",                       N_("Records restored from a backup") },
};

static int
find_action (const char *action)
{
  if (action == NULL)
    return -1;
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_str_equal (actions[i].action, action))
      return (int) i;
  return -1;
}

const char *
cabinet_audit_action_label (const char *action)
{
  int found;

  g_return_val_if_fail (action != NULL, NULL);

  found = find_action (action);
  return found < 0 ? action : _(actions[found].label);
}

gboolean
cabinet_audit_action_is_known (const char *action)
{
  return find_action (action) >= 0;
}

char *
cabinet_audit_describe_object (const char *object_type,
                               gint64      object_id)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  if (object_type == NULL || *object_type == '\0')
    return g_strdup ("");
  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, object_id);

  if (g_str_equal (object_type, "client"))
    {
      g_autofree char *reference = cabinet_client_format_reference (object_id);

      /* Translators: an object of the activity log; %s is the client's reference, as in C-00042. */
      return g_strdup_printf (_("Client %s"), reference);
    }
  if (g_str_equal (object_type, "practitioner"))
    return g_strdup (_("Your profile"));
  if (g_str_equal (object_type, "backup") && object_id <= 0)
    return g_strdup (_("Backup"));
  if (g_str_equal (object_type, "consent-section"))
    {
      /* The section's place in the form, counted from 1. */
      g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, object_id + 1);
      /* Translators: an object of the activity log; %s is a number. */
      return g_strdup_printf (_("Consent form text, part %s"), number);
    }
  if (g_str_equal (object_type, "session"))
    /* Translators: an object of the activity log; %s is its number. */
    return g_strdup_printf (_("Session #%s"), number);
  if (g_str_equal (object_type, "session_series"))
    /* Translators: an object of the activity log; %s is its number. */
    return g_strdup_printf (_("Repeating sessions #%s"), number);
  if (g_str_equal (object_type, "consent-form"))
    /* Translators: an object of the activity log; %s is its number. */
    return g_strdup_printf (_("Consent form #%s"), number);
  if (g_str_equal (object_type, "payment"))
    /* Translators: an object of the activity log; %s is its number. */
    return g_strdup_printf (_("Payment #%s"), number);
  if (g_str_equal (object_type, "receipt"))
    /* Translators: an object of the activity log; %s is its number. */
    return g_strdup_printf (_("Receipt #%s"), number);
  if (g_str_equal (object_type, "breach"))
    /* Translators: an object of the activity log; %s is its number. */
    return g_strdup_printf (_("Breach #%s"), number);
  if (g_str_equal (object_type, "self_check_run"))
    /* Translators: an object of the activity log; %s is its number. */
    return g_strdup_printf (_("Self-check #%s"), number);
  if (g_str_equal (object_type, "backup"))
    /* Translators: an object of the activity log; %s is its number. */
    return g_strdup_printf (_("Backup #%s"), number);
  if (g_str_equal (object_type, "year"))
    /* Translators: an object of the activity log; %s is a year, as in 2026. */
    return g_strdup_printf (_("Year %s"), number);
  return object_id > 0 ? g_strdup_printf ("%s #%s", object_type, number) : g_strdup (object_type);
}

/* ── An entry ────────────────────────────────────────────────────────────── */

struct _CabinetAuditEntry
{
  GObject    parent_instance;
  gint64     id;
  GDateTime *time;
  char      *action;
  char      *object_type;
  gint64     object_id;
};

G_DEFINE_FINAL_TYPE (CabinetAuditEntry, cabinet_audit_entry, G_TYPE_OBJECT)

static void
cabinet_audit_entry_finalize (GObject *object)
{
  CabinetAuditEntry *self = CABINET_AUDIT_ENTRY (object);

  g_clear_pointer (&self->time, g_date_time_unref);
  g_free (self->action);
  g_free (self->object_type);

  G_OBJECT_CLASS (cabinet_audit_entry_parent_class)->finalize (object);
}

static void
cabinet_audit_entry_class_init (CabinetAuditEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cabinet_audit_entry_finalize;
}

static void
cabinet_audit_entry_init (CabinetAuditEntry *self)
{
}

gint64
cabinet_audit_entry_get_id (CabinetAuditEntry *self)
{
  g_return_val_if_fail (CABINET_IS_AUDIT_ENTRY (self), 0);
  return self->id;
}

GDateTime *
cabinet_audit_entry_get_time (CabinetAuditEntry *self)
{
  g_return_val_if_fail (CABINET_IS_AUDIT_ENTRY (self), NULL);
  return self->time;
}

const char *
cabinet_audit_entry_get_action (CabinetAuditEntry *self)
{
  g_return_val_if_fail (CABINET_IS_AUDIT_ENTRY (self), NULL);
  return self->action;
}

const char *
cabinet_audit_entry_get_object_type (CabinetAuditEntry *self)
{
  g_return_val_if_fail (CABINET_IS_AUDIT_ENTRY (self), NULL);
  return self->object_type;
}

gint64
cabinet_audit_entry_get_object_id (CabinetAuditEntry *self)
{
  g_return_val_if_fail (CABINET_IS_AUDIT_ENTRY (self), 0);
  return self->object_id;
}

/* What every reading of the log selects, in this order. */
#define AUDIT_COLUMNS "id, at, action, object_type, IFNULL (object_id, 0)"

static CabinetAuditEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  CabinetAuditEntry *entry = g_object_new (CABINET_TYPE_AUDIT_ENTRY, NULL);

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->time = cabinet_timestamp_parse (cabinet_database_column_text (stmt, 1));
  entry->action = g_strdup (cabinet_database_column_text (stmt, 2));
  entry->object_type = g_strdup (cabinet_database_column_text (stmt, 3));
  entry->object_id = sqlite3_column_int64 (stmt, 4);
  return entry;
}

/* Stands for an entry whose page could not be read. */
static CabinetAuditEntry *
unreadable_entry (void)
{
  CabinetAuditEntry *entry = g_object_new (CABINET_TYPE_AUDIT_ENTRY, NULL);

  entry->object_type = g_strdup ("");
  return entry;
}

/* ── The log, a page at a time ───────────────────────────────────────────── */

#define PAGE_SIZE 200
/* Pages kept in memory; the one used longest ago goes first. */
#define MAX_PAGES 16

typedef struct {
  guint      index;
  guint64    used;
  GPtrArray *entries;   /* of CabinetAuditEntry, the latest first */
} Page;

static void
page_free (Page *page)
{
  g_ptr_array_unref (page->entries);
  g_free (page);
}

struct _CabinetAuditLog
{
  GObject          parent_instance;
  CabinetDatabase *database;
  gint64           newest_id;   /* the entries up to this one are the model's */
  guint            n_items;
  GPtrArray       *pages;       /* of Page */
  guint64          clock;       /* counts uses, for the pages */
};

static void cabinet_audit_log_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CabinetAuditLog, cabinet_audit_log, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, cabinet_audit_log_model_init))

static Page *
find_page (CabinetAuditLog *self,
           guint            index)
{
  for (guint i = 0; i < self->pages->len; i++)
    {
      Page *page = g_ptr_array_index (self->pages, i);

      if (page->index == index)
        return page;
    }
  return NULL;
}

static void
drop_oldest_page (CabinetAuditLog *self)
{
  guint oldest = 0;

  for (guint i = 1; i < self->pages->len; i++)
    if (((Page *) g_ptr_array_index (self->pages, i))->used
        < ((Page *) g_ptr_array_index (self->pages, oldest))->used)
      oldest = i;
  g_ptr_array_remove_index_fast (self->pages, oldest);
}

/* Page @index: from where the page before it ends when it is in memory, as
 * one scrolls down; else counted from the top. */
static Page *
load_page (CabinetAuditLog  *self,
           guint             index,
           GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  Page *before = index > 0 ? find_page (self, index - 1) : NULL;
  Page *page;
  gboolean has_row;

  if (before && before->entries->len == PAGE_SIZE)
    {
      CabinetAuditEntry *last = g_ptr_array_index (before->entries, PAGE_SIZE - 1);

      stmt = cabinet_database_prepare (self->database,
                                       "SELECT " AUDIT_COLUMNS " FROM audit_log WHERE id < ?1"
                                       " ORDER BY id DESC LIMIT ?2", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, last->id);
    }
  else
    {
      stmt = cabinet_database_prepare (self->database,
                                       "SELECT " AUDIT_COLUMNS " FROM audit_log WHERE id <= ?1"
                                       " ORDER BY id DESC LIMIT ?2 OFFSET ?3", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, self->newest_id);
      sqlite3_bind_int64 (stmt, 3, (gint64) index * PAGE_SIZE);
    }
  sqlite3_bind_int (stmt, 2, PAGE_SIZE);
  for (;;)
    {
      if (!cabinet_database_step (self->database, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      g_ptr_array_add (entries, entry_from_row (stmt));
    }

  if (self->pages->len >= MAX_PAGES)
    drop_oldest_page (self);
  page = g_new0 (Page, 1);
  page->index = index;
  page->entries = g_steal_pointer (&entries);
  g_ptr_array_add (self->pages, page);
  return page;
}

static GType
cabinet_audit_log_get_item_type (GListModel *model)
{
  return CABINET_TYPE_AUDIT_ENTRY;
}

static guint
cabinet_audit_log_get_n_items (GListModel *model)
{
  return CABINET_AUDIT_LOG (model)->n_items;
}

static gpointer
cabinet_audit_log_get_item (GListModel *model,
                            guint       position)
{
  CabinetAuditLog *self = CABINET_AUDIT_LOG (model);
  g_autoptr(GError) error = NULL;
  guint index = position / PAGE_SIZE;
  Page *page;

  if (position >= self->n_items)
    return NULL;
  page = find_page (self, index);
  if (page == NULL)
    page = load_page (self, index, &error);
  if (page == NULL)
    {
      g_warning ("The activity log could not be read: %s", error->message);
      return unreadable_entry ();
    }
  page->used = ++self->clock;
  if (position % PAGE_SIZE >= page->entries->len)
    return unreadable_entry ();   /* fewer than counted: a row went meanwhile */
  return g_object_ref (g_ptr_array_index (page->entries, position % PAGE_SIZE));
}

static void
cabinet_audit_log_model_init (GListModelInterface *iface)
{
  iface->get_item_type = cabinet_audit_log_get_item_type;
  iface->get_n_items = cabinet_audit_log_get_n_items;
  iface->get_item = cabinet_audit_log_get_item;
}

static void
cabinet_audit_log_dispose (GObject *object)
{
  CabinetAuditLog *self = CABINET_AUDIT_LOG (object);

  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (cabinet_audit_log_parent_class)->dispose (object);
}

static void
cabinet_audit_log_class_init (CabinetAuditLogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cabinet_audit_log_dispose;
}

static void
cabinet_audit_log_init (CabinetAuditLog *self)
{
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) page_free);
}

CabinetAuditLog *
cabinet_audit_log_new (CabinetDatabase  *database,
                       GError          **error)
{
  g_autoptr(CabinetAuditLog) self = NULL;

  g_return_val_if_fail (CABINET_IS_DATABASE (database), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (CABINET_TYPE_AUDIT_LOG, NULL);
  self->database = g_object_ref (database);
  if (!cabinet_audit_log_refresh (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* Entries are only ever added, with growing ids: the new ones go on top and
 * the positions below move down by as many. */
gboolean
cabinet_audit_log_refresh (CabinetAuditLog  *self,
                           GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row = FALSE;
  gint64 added;

  g_return_val_if_fail (CABINET_IS_AUDIT_LOG (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = cabinet_database_prepare (self->database,
                                   "SELECT count (*), IFNULL (max (id), 0) FROM audit_log WHERE id > ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->newest_id);
  if (!cabinet_database_step (self->database, stmt, &has_row, error))
    return FALSE;
  added = has_row ? sqlite3_column_int64 (stmt, 0) : 0;
  if (added <= 0)
    return TRUE;
  self->newest_id = sqlite3_column_int64 (stmt, 1);
  self->n_items += (guint) added;
  g_ptr_array_set_size (self->pages, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, (guint) added);
  return TRUE;
}

/* ── Export ──────────────────────────────────────────────────────────────── */

char *
cabinet_audit_export_csv (CabinetDatabase  *database,
                          char              separator,
                          GError          **error)
{
  const char *header[] = {
    /* Translators: the columns of the activity log saved as CSV. */
    N_("Time (UTC)"), N_("Action id"), N_("Action"), N_("Object type"), N_("Object id"), N_("Object"),
  };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean has_row;

  g_return_val_if_fail (CABINET_IS_DATABASE (database), NULL);
  g_return_val_if_fail (separator == ',' || separator == ';', NULL);

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    {
      if (i > 0)
        g_string_append_c (out, separator);
      cabinet_csv_append_field (out, _(header[i]), separator);
    }
  g_string_append (out, "\r\n");

  stmt = cabinet_database_prepare (database, "SELECT " AUDIT_COLUMNS " FROM audit_log ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  for (;;)
    {
      g_autofree char *object = NULL;
      const char *action, *object_type;
      gint64 object_id;
      char id_text[G_ASCII_DTOSTR_BUF_SIZE] = "";

      if (!cabinet_database_step (database, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      action = cabinet_database_column_text (stmt, 2);
      object_type = cabinet_database_column_text (stmt, 3);
      object_id = sqlite3_column_int64 (stmt, 4);
      if (object_id > 0)
        g_snprintf (id_text, sizeof id_text, "%" G_GINT64_FORMAT, object_id);
      object = cabinet_audit_describe_object (object_type, object_id);

      /* The time as stored: UTC, ISO 8601, to the millisecond. */
      cabinet_csv_append_field (out, cabinet_database_column_text (stmt, 1), separator);
      g_string_append_c (out, separator);
      cabinet_csv_append_field (out, action, separator);
      g_string_append_c (out, separator);
      cabinet_csv_append_field (out, cabinet_audit_action_label (action), separator);
      g_string_append_c (out, separator);
      cabinet_csv_append_field (out, object_type, separator);
      g_string_append_c (out, separator);
      cabinet_csv_append_field (out, id_text, separator);
      g_string_append_c (out, separator);
      cabinet_csv_append_field (out, object, separator);
      g_string_append (out, "\r\n");
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
