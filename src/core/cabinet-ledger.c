/* cabinet-ledger.c — what each client owes and has paid: charges from the
 * sessions, payments never edited (reversed instead), refunds, and balances that
 * are always sums of those rows
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <time.h>

#include "cabinet-audit.h"
#include "cabinet-ledger.h"
#include "cabinet-csv.h"
#include "cabinet-money.h"
#include "cabinet-validate.h"

/* A session's charge, rounded to the nearest minor unit. */
#define CHARGE_SQL "((fee_minor * charge_percent + 50) / 100)"

struct _CabinetLedger
{
  GObject          parent_instance;
  CabinetDatabase *database;
  char            *currency;
  gint64           ceiling;
};

G_DEFINE_FINAL_TYPE (CabinetLedger, cabinet_ledger, G_TYPE_OBJECT)
G_DEFINE_QUARK (cabinet-ledger-error-quark, cabinet_ledger_error)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const kinds[] = { "payment", "reversal", "refund" };

void
cabinet_entry_free (CabinetEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->currency);
  g_free (entry->reference);
  g_free (entry->note);
  g_free (entry);
}

static void
cabinet_ledger_finalize (GObject *object)
{
  CabinetLedger *self = CABINET_LEDGER (object);

  g_clear_object (&self->database);
  g_free (self->currency);

  G_OBJECT_CLASS (cabinet_ledger_parent_class)->finalize (object);
}

static void
cabinet_ledger_class_init (CabinetLedgerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cabinet_ledger_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cabinet_ledger_init (CabinetLedger *self)
{
  self->ceiling = CABINET_LEDGER_DEFAULT_CEILING;
}

CabinetLedger *
cabinet_ledger_new (CabinetDatabase *database,
                    const char      *currency)
{
  CabinetLedger *self;

  g_return_val_if_fail (CABINET_IS_DATABASE (database), NULL);
  g_return_val_if_fail (currency != NULL && strlen (currency) == 3, NULL);

  self = g_object_new (CABINET_TYPE_LEDGER, NULL);
  self->database = g_object_ref (database);
  self->currency = g_strdup (currency);
  return self;
}

void
cabinet_ledger_set_ceiling (CabinetLedger *self,
                            gint64         ceiling)
{
  g_return_if_fail (CABINET_IS_LEDGER (self));
  g_return_if_fail (ceiling > 0);
  self->ceiling = ceiling;
}

const char *
cabinet_ledger_get_currency (CabinetLedger *self)
{
  g_return_val_if_fail (CABINET_IS_LEDGER (self), NULL);
  return self->currency;
}

/* Runs @sql (one number, with @client_id as ?1 when it has a parameter). */
static gboolean
query_int (CabinetLedger  *self,
           const char     *sql,
           gint64          client_id,
           gint64         *value,
           GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = cabinet_database_prepare (self->database, sql, error);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, client_id);
  if (!cabinet_database_step (self->database, stmt, &has_row, error))
    return FALSE;
  *value = has_row ? sqlite3_column_int64 (stmt, 0) : 0;
  return TRUE;
}

gboolean
cabinet_ledger_set_cancellation_percent (CabinetLedger  *self,
                                         guint           percent,
                                         GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CABINET_IS_LEDGER (self), FALSE);

  if (percent > 100)
    {
      g_set_error_literal (error, CABINET_LEDGER_ERROR, CABINET_LEDGER_ERROR_INVALID,
                           _("Choose a share between 0 and 100 percent of the fee."));
      return FALSE;
    }
  if (!cabinet_database_begin (self->database, error))
    return FALSE;
  /* Only a change is one, and is recorded. */
  stmt = cabinet_database_prepare (self->database,
                                   "UPDATE cancellation_policy SET percent = ?1 WHERE id = 1 AND percent != ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int (stmt, 1, (int) percent);
  if (!cabinet_database_step (self->database, stmt, NULL, error)
      || (cabinet_database_changes (self->database) > 0
          && !cabinet_audit_record (self->database, "cancellation-policy-changed", NULL, 0, error))
      || !cabinet_database_commit (self->database, error))
    goto fail;
  return TRUE;

fail:
  cabinet_database_rollback (self->database);
  return FALSE;
}

guint
cabinet_ledger_get_cancellation_percent (CabinetLedger *self)
{
  gint64 percent = 100;

  g_return_val_if_fail (CABINET_IS_LEDGER (self), 100);

  query_int (self, "SELECT percent FROM cancellation_policy WHERE id = 1", 0, &percent, NULL);
  return (guint) CLAMP (percent, 0, 100);
}

gboolean
cabinet_ledger_get_balance (CabinetLedger  *self,
                            gint64          client_id,
                            gint64         *balance,
                            GError        **error)
{
  g_return_val_if_fail (CABINET_IS_LEDGER (self), FALSE);
  g_return_val_if_fail (balance != NULL, FALSE);

  /* The sums the triggers keep, as for every client's balance: one row read,
   * not each of the client's sessions (the Today page asks for each row's). */
  return query_int (self,
                    "SELECT IFNULL ((SELECT charged - paid FROM client_totals WHERE client_id = ?1), 0)",
                    client_id, balance, error);
}

GHashTable *
cabinet_ledger_get_balances (CabinetLedger  *self,
                             gint64         *outstanding,
                             GError        **error)
{
  g_autoptr(GHashTable) balances = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 owed = 0;

  g_return_val_if_fail (CABINET_IS_LEDGER (self), NULL);

  /* The sums the triggers keep (see the schema): one row per client. */
  stmt = cabinet_database_prepare (self->database,
                                   "SELECT client_id, charged - paid FROM client_totals"
                                   " WHERE charged != 0 OR paid != 0", error);
  if (stmt == NULL)
    return NULL;
  for (;;)
    {
      gboolean has_row;
      gint64 *key, *value;

      if (!cabinet_database_step (self->database, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      key = g_new (gint64, 1);
      value = g_new (gint64, 1);
      *key = sqlite3_column_int64 (stmt, 0);
      *value = sqlite3_column_int64 (stmt, 1);
      if (*value > 0)
        owed += *value;
      g_hash_table_insert (balances, key, value);
    }
  if (outstanding)
    *outstanding = owed;
  return g_steal_pointer (&balances);
}

static int
compare_charges (gconstpointer a,
                 gconstpointer b)
{
  const CabinetCharge *x = *(CabinetCharge * const *) a;
  const CabinetCharge *y = *(CabinetCharge * const *) b;

  if (x->starts_at != y->starts_at)
    return x->starts_at < y->starts_at ? -1 : 1;
  return x->session_id < y->session_id ? -1 : x->session_id > y->session_id;
}

static void
format_date (const GDate *date,
             char         text[11])
{
  g_snprintf (text, 11, "%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
              g_date_get_day (date));
}

static gboolean
validate_date (const GDate  *date,
               const GDate  *today,
               GError      **error)
{
  GDate now;

  if (date == NULL || !g_date_valid (date) || g_date_get_year (date) < 1900)
    {
      g_set_error_literal (error, CABINET_LEDGER_ERROR, CABINET_LEDGER_ERROR_INVALID,
                           _("Enter the date of the payment."));
      return FALSE;
    }
  if (today == NULL)
    {
      g_date_clear (&now, 1);
      g_date_set_time_t (&now, time (NULL));
      today = &now;
    }
  if (g_date_compare (date, today) > 0)
    {
      g_set_error_literal (error, CABINET_LEDGER_ERROR, CABINET_LEDGER_ERROR_INVALID,
                           _("A payment cannot be dated in the future: record it on the day it is made."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_amount (CabinetLedger  *self,
                 gint64          amount,
                 const char     *currency,
                 GError        **error)
{
  if (g_strcmp0 (currency, self->currency) != 0)
    {
      g_set_error (error, CABINET_LEDGER_ERROR, CABINET_LEDGER_ERROR_INVALID,
                   _("This amount is in %s, but the practice keeps its accounts in %s. Enter it in %s."),
                   currency ? currency : "?", self->currency, self->currency);
      return FALSE;
    }
  if (amount <= 0)
    {
      g_set_error_literal (error, CABINET_LEDGER_ERROR, CABINET_LEDGER_ERROR_INVALID,
                           _("Enter an amount above zero. To give money back, record a refund; to undo a payment, reverse it."));
      return FALSE;
    }
  if (amount > self->ceiling)
    {
      g_autofree char *limit = cabinet_money_format (self->ceiling, self->currency);

      g_set_error (error, CABINET_LEDGER_ERROR, CABINET_LEDGER_ERROR_INVALID,
                   _("This amount is above %s, more than any session costs: check it."), limit);
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_method (CabinetPaymentMethods   method,
                 GError                **error)
{
  for (guint i = 0; i < CABINET_N_PAYMENT_METHODS; i++)
    if (cabinet_payment_method_nth (i) == method)
      return TRUE;
  g_set_error_literal (error, CABINET_LEDGER_ERROR, CABINET_LEDGER_ERROR_INVALID,
                       _("Choose how the payment was made."));
  return FALSE;
}

static gboolean
check_client (CabinetLedger  *self,
              gint64          client_id,
              GError        **error)
{
  gint64 found = 0;

  if (!query_int (self, "SELECT count (*) FROM clients WHERE id = ?1", client_id, &found, error))
    return FALSE;
  if (found == 0)
    {
      g_set_error_literal (error, CABINET_LEDGER_ERROR, CABINET_LEDGER_ERROR_NOT_FOUND,
                           _("This client is no longer in your records."));
      return FALSE;
    }
  return TRUE;
}

static gint64
insert_entry (CabinetLedger          *self,
              gint64                  client_id,
              CabinetEntryKind        kind,
              gint64                  amount,
              const GDate            *date,
              CabinetPaymentMethods   method,
              const char             *reference,
              const char             *note,
              gint64                  reverses,
              GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) now = cabinet_timestamp_now ();
  g_autofree char *stamp = cabinet_timestamp_format (now);
  g_autofree char *clean_reference = cabinet_text_clean (reference ? reference : "");
  g_autofree char *clean_note = cabinet_text_clean (note ? note : "");
  char day[11];
  gint64 id;

  format_date (date, day);
  stmt = cabinet_database_prepare (self->database,
                                   "INSERT INTO payments (client_id, kind, amount_minor, currency, paid_on,"
                                   " method, reference, note, reverses, created_at)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, client_id);
  sqlite3_bind_text (stmt, 2, kinds[kind], -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, amount);
  sqlite3_bind_text (stmt, 4, self->currency, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, cabinet_payment_method_id (method), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, clean_reference, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, clean_note, -1, SQLITE_STATIC);
  if (reverses)
    sqlite3_bind_int64 (stmt, 9, reverses);
  else
    sqlite3_bind_null (stmt, 9);
  sqlite3_bind_text (stmt, 10, stamp, -1, SQLITE_STATIC);
  if (!cabinet_database_step (self->database, stmt, NULL, error))
    return 0;
  id = cabinet_database_last_insert_id (self->database);
  if (!cabinet_audit_record (self->database, kind == CABINET_ENTRY_PAYMENT ? "payment-recorded"
                                             : kind == CABINET_ENTRY_REVERSAL ? "payment-reversed"
                                             : "refund-recorded",
                             "payment", id, error))
    return 0;
  return id;
}

gboolean
cabinet_ledger_check_payment (CabinetLedger          *self,
                              gint64                  amount,
                              const char             *currency,
                              const GDate            *date,
                              CabinetPaymentMethods   method,
                              const GDate            *today,
                              GError                **error)
{
  g_return_val_if_fail (CABINET_IS_LEDGER (self), FALSE);

  return validate_amount (self, amount, currency, error)
         && validate_date (date, today, error)
         && validate_method (method, error);
}

gint64
cabinet_ledger_record_payment (CabinetLedger          *self,
                               gint64                  client_id,
                               gint64                  amount,
                               const char             *currency,
                               const GDate            *date,
                               CabinetPaymentMethods   method,
                               const char             *reference,
                               const char             *note,
                               const gint64           *session_ids,
                               guint                   n_sessions,
                               const GDate            *today,
                               GError                **error)
{
  g_autoptr(sqlite3_stmt) link = NULL;
  gint64 id;

  g_return_val_if_fail (CABINET_IS_LEDGER (self), 0);
  g_return_val_if_fail (n_sessions == 0 || session_ids != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!cabinet_ledger_check_payment (self, amount, currency, date, method, today, error)
      || !check_client (self, client_id, error))
    return 0;

  if (!cabinet_database_begin (self->database, error))
    return 0;
  id = insert_entry (self, client_id, CABINET_ENTRY_PAYMENT, amount, date, method, reference, note, 0, error);
  if (id == 0)
    goto fail;
  if (n_sessions > 0)
    {
      /* Only the client's own sessions: the SELECT gives nothing otherwise. */
      link = cabinet_database_prepare (self->database,
                                       "INSERT INTO payment_sessions (payment_id, session_id)"
                                       " SELECT ?1, id FROM sessions WHERE id = ?2 AND client_id = ?3",
                                       error);
      if (link == NULL)
        goto fail;
      for (guint i = 0; i < n_sessions; i++)
        {
          sqlite3_reset (link);
          sqlite3_bind_int64 (link, 1, id);
          sqlite3_bind_int64 (link, 2, session_ids[i]);
          sqlite3_bind_int64 (link, 3, client_id);
          if (!cabinet_database_step (self->database, link, NULL, error))
            goto fail;
          if (cabinet_database_changes (self->database) != 1)
            {
              g_set_error_literal (error, CABINET_LEDGER_ERROR, CABINET_LEDGER_ERROR_INVALID,
                                   _("A session chosen for this payment is not this client’s, or is no longer in the schedule."));
              goto fail;
            }
        }
    }
  if (!cabinet_database_commit (self->database, error))
    return 0;
  g_signal_emit (self, signals[CHANGED], 0);
  return id;

fail:
  cabinet_database_rollback (self->database);
  return 0;
}

gint64
cabinet_ledger_reverse (CabinetLedger  *self,
                        gint64          payment_id,
                        const GDate    *date,
                        const char     *note,
                        const GDate    *today,
                        GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row = FALSE;
  gint64 client_id, amount, id;
  CabinetPaymentMethods method;
  g_autofree char *kind = NULL;
  gboolean reversed;

  g_return_val_if_fail (CABINET_IS_LEDGER (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!validate_date (date, today, error))
    return 0;
  stmt = cabinet_database_prepare (self->database,
                                   "SELECT client_id, kind, amount_minor, method,"
                                   " EXISTS (SELECT 1 FROM payments r WHERE r.reverses = p.id)"
                                   " FROM payments p WHERE id = ?", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, payment_id);
  if (!cabinet_database_step (self->database, stmt, &has_row, error))
    return 0;
  if (!has_row)
    {
      g_set_error_literal (error, CABINET_LEDGER_ERROR, CABINET_LEDGER_ERROR_NOT_FOUND,
                           _("This payment is no longer in the ledger."));
      return 0;
    }
  client_id = sqlite3_column_int64 (stmt, 0);
  kind = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  amount = sqlite3_column_int64 (stmt, 2);
  method = cabinet_payment_methods_parse ((const char *) sqlite3_column_text (stmt, 3));
  reversed = sqlite3_column_int (stmt, 4);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!g_str_equal (kind, "payment"))
    {
      g_set_error_literal (error, CABINET_LEDGER_ERROR, CABINET_LEDGER_ERROR_REVERSED,
                           _("Only a payment can be reversed. To undo a reversal, record the payment again."));
      return 0;
    }
  if (reversed)
    {
      g_set_error_literal (error, CABINET_LEDGER_ERROR, CABINET_LEDGER_ERROR_REVERSED,
                           _("This payment has already been reversed."));
      return 0;
    }

  if (!cabinet_database_begin (self->database, error))
    return 0;
  /* The UNIQUE reverses column refuses a second reversal made meanwhile. */
  id = insert_entry (self, client_id, CABINET_ENTRY_REVERSAL, -amount, date, method, "", note, payment_id, error);
  if (id == 0 || !cabinet_database_commit (self->database, error))
    {
      cabinet_database_rollback (self->database);
      return 0;
    }
  g_signal_emit (self, signals[CHANGED], 0);
  return id;
}

gint64
cabinet_ledger_refund (CabinetLedger          *self,
                       gint64                  client_id,
                       gint64                  amount,
                       const GDate            *date,
                       CabinetPaymentMethods   method,
                       const char             *reference,
                       const char             *note,
                       const GDate            *today,
                       GError                **error)
{
  gint64 balance = 0, id;

  g_return_val_if_fail (CABINET_IS_LEDGER (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!cabinet_ledger_check_payment (self, amount, self->currency, date, method, today, error)
      || !check_client (self, client_id, error))
    return 0;

  if (!cabinet_database_begin (self->database, error))
    return 0;
  /* Inside the transaction: the credit is what it is when the refund is written. */
  if (!cabinet_ledger_get_balance (self, client_id, &balance, error))
    goto fail;
  if (amount > -balance)
    {
      g_autofree char *credit = cabinet_money_format (MAX (-balance, 0), self->currency);

      g_set_error (error, CABINET_LEDGER_ERROR, CABINET_LEDGER_ERROR_INVALID,
                   _("A refund gives back credit, and this client’s credit is %s."), credit);
      goto fail;
    }
  id = insert_entry (self, client_id, CABINET_ENTRY_REFUND, -amount, date, method, reference ? reference : "", note,
                     0, error);
  if (id == 0 || !cabinet_database_commit (self->database, error))
    goto fail;
  g_signal_emit (self, signals[CHANGED], 0);
  return id;

fail:
  cabinet_database_rollback (self->database);
  return 0;
}

#define ENTRY_COLUMNS \
  "id, client_id, kind, amount_minor, currency, paid_on, method, reference, note," \
  " IFNULL (reverses, 0), EXISTS (SELECT 1 FROM payments r WHERE r.reverses = p.id)"

static GPtrArray *
read_entries (CabinetLedger  *self,
              sqlite3_stmt   *stmt,
              GError        **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) cabinet_entry_free);

  for (;;)
    {
      gboolean has_row;
      CabinetEntry *entry;
      const char *kind;

      if (!cabinet_database_step (self->database, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      entry = g_new0 (CabinetEntry, 1);
      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->client_id = sqlite3_column_int64 (stmt, 1);
      kind = (const char *) sqlite3_column_text (stmt, 2);
      entry->kind = g_str_equal (kind, "reversal") ? CABINET_ENTRY_REVERSAL
                    : g_str_equal (kind, "refund") ? CABINET_ENTRY_REFUND : CABINET_ENTRY_PAYMENT;
      entry->amount = sqlite3_column_int64 (stmt, 3);
      entry->currency = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      g_date_clear (&entry->date, 1);
      g_date_set_parse (&entry->date, (const char *) sqlite3_column_text (stmt, 5));
      entry->method = cabinet_payment_methods_parse ((const char *) sqlite3_column_text (stmt, 6));
      entry->reference = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      entry->note = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
      entry->reverses = sqlite3_column_int64 (stmt, 9);
      entry->reversed = sqlite3_column_int (stmt, 10);
      g_ptr_array_add (entries, entry);
    }
  return g_steal_pointer (&entries);
}

GPtrArray *
cabinet_ledger_list_entries (CabinetLedger  *self,
                             gint64          client_id,
                             GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CABINET_IS_LEDGER (self), NULL);

  stmt = cabinet_database_prepare (self->database,
                                   "SELECT " ENTRY_COLUMNS " FROM payments p WHERE client_id = ?"
                                   " ORDER BY paid_on, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, client_id);
  return read_entries (self, stmt, error);
}

GPtrArray *
cabinet_ledger_list_recent (CabinetLedger          *self,
                            const GDate            *from,
                            const GDate            *to,
                            CabinetPaymentMethods   methods,
                            gint64                  client_id,
                            GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  char first[11] = "0000-00-00", last[11] = "9999-99-99";

  g_return_val_if_fail (CABINET_IS_LEDGER (self), NULL);

  if (from)
    format_date (from, first);
  if (to)
    format_date (to, last);
  stmt = cabinet_database_prepare (self->database,
                                   "SELECT " ENTRY_COLUMNS " FROM payments p"
                                   " WHERE paid_on BETWEEN ?1 AND ?2 AND (?3 = 0 OR client_id = ?3)"
                                   " ORDER BY paid_on DESC, id DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, last, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, client_id);
  entries = read_entries (self, stmt, error);
  if (entries == NULL || methods == 0)
    return g_steal_pointer (&entries);
  for (guint i = entries->len; i > 0; i--)
    if (!(((CabinetEntry *) g_ptr_array_index (entries, i - 1))->method & methods))
      g_ptr_array_remove_index (entries, i - 1);
  return g_steal_pointer (&entries);
}


/* A client's charges and the payments that cover them are read by two
 * statements, each ordered by client: for one client, or for every client who
 * owes something (the sums the triggers keep say who) in two passes side by
 * side, rather than two queries for each of them. Both read the indexes alone
 * (schema 12), in the order asked: no table page, no sort. */
/* The clients whose unpaid sessions are to be worked out again (schema 13),
 * and of those the ones who owe something: the sums the triggers keep say who. */
#define STALE_CLIENTS "IN (SELECT client_id FROM client_totals WHERE unpaid_known = 0)"
#define STALE_OWING_CLIENTS "IN (SELECT client_id FROM client_totals WHERE unpaid_known = 0 AND charged > paid)"
/* The sessions that charge something, oldest first. */
#define SESSIONS_SQL(clients) \
  "SELECT client_id, id, starts_at, " CHARGE_SQL " FROM sessions" \
  " WHERE client_id " clients " AND charge_percent > 0 ORDER BY client_id, starts_at, id"
/* Each payment still standing, with each session it was for (in no particular
 * order: charges_for_client() puts them oldest first). A reversed payment and
 * its reversal cancel out. */
#define PAYMENTS_SQL(clients) \
  "SELECT p.client_id, p.id, p.amount_minor, s.session_id FROM payments p" \
  " LEFT JOIN payment_sessions s ON s.payment_id = p.id" \
  " WHERE p.client_id " clients " AND p.kind != 'reversal'" \
  " AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.reverses = p.id)" \
  " ORDER BY p.client_id, p.paid_on, p.id"

typedef struct {
  sqlite3_stmt *sessions;
  sqlite3_stmt *payments;
  gboolean      on_session;   /* whether each stands on a row not read yet */
  gboolean      on_payment;
  GHashTable   *by_session;   /* of the client being read: session id → charge */
  GPtrArray    *covered;      /* the charges a payment was for */
} ChargeReader;

static void
charge_reader_clear (ChargeReader *reader)
{
  g_clear_pointer (&reader->sessions, sqlite3_finalize);
  g_clear_pointer (&reader->payments, sqlite3_finalize);
  g_clear_pointer (&reader->by_session, g_hash_table_unref);
  g_clear_pointer (&reader->covered, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ChargeReader, charge_reader_clear)

/* Prepares @sessions_sql and @payments_sql (@client_id as ?1 when they have a
 * parameter) and stands each on its first row. */
static gboolean
charge_reader_init (CabinetLedger  *self,
                    ChargeReader   *reader,
                    const char     *sessions_sql,
                    const char     *payments_sql,
                    gint64          client_id,
                    GError        **error)
{
  reader->by_session = g_hash_table_new (g_int64_hash, g_int64_equal);
  reader->covered = g_ptr_array_new ();
  reader->sessions = cabinet_database_prepare (self->database, sessions_sql, error);
  if (reader->sessions == NULL)
    return FALSE;
  reader->payments = cabinet_database_prepare (self->database, payments_sql, error);
  if (reader->payments == NULL)
    return FALSE;
  if (sqlite3_bind_parameter_count (reader->sessions) > 0)
    {
      sqlite3_bind_int64 (reader->sessions, 1, client_id);
      sqlite3_bind_int64 (reader->payments, 1, client_id);
    }
  return cabinet_database_step (self->database, reader->sessions, &reader->on_session, error)
         && cabinet_database_step (self->database, reader->payments, &reader->on_payment, error);
}

/* Gives what is @left of a payment to the charges it was for, oldest first;
 * returns what remains of it. */
static gint64
cover_charges (GPtrArray *covered,
               gint64     left)
{
  g_ptr_array_sort (covered, compare_charges);
  for (guint i = 0; i < covered->len && left > 0; i++)
    {
      CabinetCharge *charge = g_ptr_array_index (covered, i);
      gint64 take = MIN (left, charge->charge - charge->paid);

      charge->paid += take;
      left -= take;
    }
  g_ptr_array_set_size (covered, 0);
  return left;
}

/* The charges of @client_id, oldest first, with what covers them: reads the
 * client's rows from where @reader stands (past those of any client before)
 * and leaves it on the next client's. */
static GPtrArray *
charges_for_client (CabinetLedger  *self,
                    ChargeReader   *reader,
                    gint64          client_id,
                    GError        **error)
{
  sqlite3_stmt *stmt = reader->sessions;
  g_autoptr(GPtrArray) charges = g_ptr_array_new_with_free_func (g_free);
  gint64 pool = 0, current = 0, left = 0;

  g_hash_table_remove_all (reader->by_session);
  while (reader->on_session && sqlite3_column_int64 (stmt, 0) <= client_id)
    {
      if (sqlite3_column_int64 (stmt, 0) == client_id)
        {
          CabinetCharge *charge = g_new0 (CabinetCharge, 1);

          charge->client_id = client_id;
          charge->session_id = sqlite3_column_int64 (stmt, 1);
          charge->starts_at = sqlite3_column_int64 (stmt, 2);
          charge->charge = sqlite3_column_int64 (stmt, 3);
          g_ptr_array_add (charges, charge);
          g_hash_table_insert (reader->by_session, &charge->session_id, charge);
        }
      if (!cabinet_database_step (self->database, stmt, &reader->on_session, error))
        return NULL;
    }

  /* Each payment first covers the sessions it was for, oldest first; what is
   * left of it, with every refund taken off, then covers the oldest unpaid
   * charges. */
  stmt = reader->payments;
  while (reader->on_payment && sqlite3_column_int64 (stmt, 0) <= client_id)
    {
      if (sqlite3_column_int64 (stmt, 0) == client_id)
        {
          gint64 id = sqlite3_column_int64 (stmt, 1);

          if (id != current)
            {
              pool += cover_charges (reader->covered, left);
              current = id;
              left = sqlite3_column_int64 (stmt, 2);
            }
          if (left > 0 && sqlite3_column_type (stmt, 3) != SQLITE_NULL)
            {
              gint64 session_id = sqlite3_column_int64 (stmt, 3);
              CabinetCharge *charge = g_hash_table_lookup (reader->by_session, &session_id);

              if (charge)
                g_ptr_array_add (reader->covered, charge);
            }
        }
      if (!cabinet_database_step (self->database, stmt, &reader->on_payment, error))
        return NULL;
    }
  pool += cover_charges (reader->covered, left);

  for (guint i = 0; i < charges->len && pool > 0; i++)
    {
      CabinetCharge *charge = g_ptr_array_index (charges, i);
      gint64 take = MIN (pool, charge->charge - charge->paid);

      charge->paid += take;
      pool -= take;
    }
  return g_steal_pointer (&charges);
}

GPtrArray *
cabinet_ledger_list_charges (CabinetLedger  *self,
                             gint64          client_id,
                             GError        **error)
{
  g_auto(ChargeReader) reader = { NULL, };

  g_return_val_if_fail (CABINET_IS_LEDGER (self), NULL);

  if (!charge_reader_init (self, &reader, SESSIONS_SQL ("= ?1"), PAYMENTS_SQL ("= ?1"), client_id, error))
    return NULL;
  return charges_for_client (self, &reader, client_id, error);
}

/* Works out again, in one transaction, what each client the triggers marked
 * (schema 13) has unpaid, and keeps it in unpaid_charges: the clients whose
 * rows did not change since are not read at all. */
static gboolean
refresh_unpaid (CabinetLedger  *self,
                GError        **error)
{
  g_auto(ChargeReader) reader = { NULL, };
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) stale = NULL;
  gboolean any = FALSE;

  stale = cabinet_database_prepare (self->database,
                                    "SELECT 1 FROM client_totals WHERE unpaid_known = 0 LIMIT 1", error);
  if (stale == NULL || !cabinet_database_step (self->database, stale, &any, error))
    return FALSE;
  if (!any)
    return TRUE;
  sqlite3_reset (stale);
  if (!cabinet_database_begin (self->database, error))
    return FALSE;
  insert = cabinet_database_prepare (self->database,
                                     "INSERT INTO unpaid_charges (session_id, client_id, starts_at, charge, paid)"
                                     " VALUES (?, ?, ?, ?, ?)", error);
  if (insert == NULL
      || !cabinet_database_exec (self->database,
                                 "DELETE FROM unpaid_charges WHERE client_id " STALE_CLIENTS, error)
      || !charge_reader_init (self, &reader, SESSIONS_SQL (STALE_OWING_CLIENTS), PAYMENTS_SQL (STALE_OWING_CLIENTS),
                              0, error))
    goto failed;
  /* Each client with a charge in turn, as the sessions come: one who owes
   * without any (a payment reversed after its refund) has nothing unpaid. */
  while (reader.on_session)
    {
      g_autoptr(GPtrArray) charges = NULL;

      charges = charges_for_client (self, &reader, sqlite3_column_int64 (reader.sessions, 0), error);
      if (charges == NULL)
        goto failed;
      for (guint i = 0; i < charges->len; i++)
        {
          CabinetCharge *charge = g_ptr_array_index (charges, i);

          if (charge->paid >= charge->charge)
            continue;
          sqlite3_reset (insert);
          sqlite3_bind_int64 (insert, 1, charge->session_id);
          sqlite3_bind_int64 (insert, 2, charge->client_id);
          sqlite3_bind_int64 (insert, 3, charge->starts_at);
          sqlite3_bind_int64 (insert, 4, charge->charge);
          sqlite3_bind_int64 (insert, 5, charge->paid);
          if (!cabinet_database_step (self->database, insert, NULL, error))
            goto failed;
        }
    }
  if (!cabinet_database_exec (self->database, "UPDATE client_totals SET unpaid_known = 1 WHERE unpaid_known = 0",
                              error)
      || !cabinet_database_commit (self->database, error))
    goto failed;
  return TRUE;

failed:
  cabinet_database_rollback (self->database);
  return FALSE;
}

GPtrArray *
cabinet_ledger_list_unpaid (CabinetLedger  *self,
                            GError        **error)
{
  g_autoptr(GPtrArray) unpaid = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CABINET_IS_LEDGER (self), NULL);

  if (!refresh_unpaid (self, error))
    return NULL;
  stmt = cabinet_database_prepare (self->database,
                                   "SELECT client_id, session_id, starts_at, charge, paid FROM unpaid_charges", error);
  if (stmt == NULL)
    return NULL;
  for (;;)
    {
      gboolean has_row;
      CabinetCharge *charge;

      if (!cabinet_database_step (self->database, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      charge = g_new0 (CabinetCharge, 1);
      charge->client_id = sqlite3_column_int64 (stmt, 0);
      charge->session_id = sqlite3_column_int64 (stmt, 1);
      charge->starts_at = sqlite3_column_int64 (stmt, 2);
      charge->charge = sqlite3_column_int64 (stmt, 3);
      charge->paid = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (unpaid, charge);
    }
  g_ptr_array_sort (unpaid, compare_charges);
  return g_steal_pointer (&unpaid);
}

gboolean
cabinet_ledger_get_income (CabinetLedger  *self,
                           int             year,
                           CabinetIncome  *income,
                           GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char first[11], last[11];

  g_return_val_if_fail (CABINET_IS_LEDGER (self), FALSE);
  g_return_val_if_fail (income != NULL, FALSE);

  memset (income, 0, sizeof *income);
  income->year = year;
  g_snprintf (first, sizeof first, "%04d-01-01", year);
  g_snprintf (last, sizeof last, "%04d-12-31", year);
  stmt = cabinet_database_prepare (self->database,
                                   "SELECT CAST (substr (paid_on, 6, 2) AS INTEGER), method, sum (amount_minor), count (*)"
                                   " FROM payments WHERE paid_on BETWEEN ? AND ? GROUP BY 1, 2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, last, -1, SQLITE_TRANSIENT);
  for (;;)
    {
      gboolean has_row;
      int month;
      const char *method;
      gint64 amount;

      if (!cabinet_database_step (self->database, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        break;
      month = sqlite3_column_int (stmt, 0);
      method = (const char *) sqlite3_column_text (stmt, 1);
      amount = sqlite3_column_int64 (stmt, 2);
      if (month < 1 || month > 12)
        continue;
      income->months[month - 1] += amount;
      for (guint i = 0; i < CABINET_N_PAYMENT_METHODS; i++)
        if (cabinet_payment_method_nth (i) == cabinet_payment_method_from_id (method))
          income->methods[i] += amount;
      income->total += amount;
      income->n_entries += (guint) sqlite3_column_int (stmt, 3);
    }
  return TRUE;
}

GArray *
cabinet_ledger_list_years (CabinetLedger  *self,
                           GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) years = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int current = g_date_time_get_year (now);

  g_return_val_if_fail (CABINET_IS_LEDGER (self), NULL);

  /* Entries are never dated after the day they are written: the current year
   * comes first. Then each earlier year that has one, found through the index
   * by date, a lookup per year rather than a pass over every payment. */
  g_array_append_val (years, current);
  stmt = cabinet_database_prepare (self->database,
                                   "SELECT CAST (substr (max (paid_on), 1, 4) AS INTEGER) FROM payments"
                                   " WHERE paid_on < printf ('%04d-01-01', ?)", error);
  if (stmt == NULL)
    return NULL;
  for (int year = current;;)
    {
      gboolean has_row;

      sqlite3_reset (stmt);
      sqlite3_bind_int (stmt, 1, year);
      if (!cabinet_database_step (self->database, stmt, &has_row, error))
        return NULL;
      if (!has_row || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
        break;
      year = sqlite3_column_int (stmt, 0);
      g_array_append_val (years, year);
    }
  return g_steal_pointer (&years);
}

static int
by_amount_owed (gconstpointer a,
                gconstpointer b)
{
  const CabinetCharge *x = *(CabinetCharge * const *) a;
  const CabinetCharge *y = *(CabinetCharge * const *) b;

  return (x->charge < y->charge) - (x->charge > y->charge);
}

GPtrArray *
cabinet_ledger_list_owing (CabinetLedger  *self,
                           GError        **error)
{
  g_autoptr(GHashTable) balances = NULL;
  GPtrArray *owing;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (CABINET_IS_LEDGER (self), NULL);

  balances = cabinet_ledger_get_balances (self, NULL, error);
  if (balances == NULL)
    return NULL;
  owing = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_iter_init (&iter, balances);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      CabinetCharge *charge;

      if (*(gint64 *) value <= 0)
        continue;
      charge = g_new0 (CabinetCharge, 1);
      charge->client_id = *(gint64 *) key;
      charge->charge = *(gint64 *) value;
      g_ptr_array_add (owing, charge);
    }
  g_ptr_array_sort (owing, by_amount_owed);
  return owing;
}

static void
income_line_free (CabinetIncomeLine *line)
{
  cabinet_entry_free (line->entry);
  g_free (line);
}

GPtrArray *
cabinet_ledger_list_income_lines (CabinetLedger  *self,
                                  const GDate    *from,
                                  const GDate    *to,
                                  GError        **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) income_line_free);
  g_autoptr(sqlite3_stmt) receipt = NULL;

  g_return_val_if_fail (CABINET_IS_LEDGER (self), NULL);

  entries = cabinet_ledger_list_recent (self, from, to, 0, 0, error);
  if (entries == NULL)
    return NULL;
  /* The receipt that stands for a payment (its own, or its period's): the
   * latest, unless cancelled. */
  receipt = cabinet_database_prepare (self->database,
                                      "SELECT printf ('%d-%04d', year, number) FROM receipts r"
                                      " WHERE (payment_id = ?1"
                                      "        OR id IN (SELECT receipt_id FROM receipt_payments WHERE payment_id = ?1))"
                                      " AND NOT EXISTS (SELECT 1 FROM receipts c WHERE c.cancels = r.id)"
                                      " ORDER BY id DESC LIMIT 1", error);
  if (receipt == NULL)
    return NULL;
  /* Oldest first, as a ledger is kept: the entries come newest first. */
  while (entries->len > 0)
    {
      CabinetIncomeLine *line = g_new0 (CabinetIncomeLine, 1);
      gboolean has_row = FALSE;

      line->entry = g_ptr_array_steal_index (entries, entries->len - 1);
      g_ptr_array_add (lines, line);
      sqlite3_reset (receipt);
      sqlite3_bind_int64 (receipt, 1, line->entry->reverses ? line->entry->reverses : line->entry->id);
      if (!cabinet_database_step (self->database, receipt, &has_row, error))
        return NULL;
      if (has_row)
        g_strlcpy (line->receipt, (const char *) sqlite3_column_text (receipt, 0), sizeof line->receipt);
    }
  return g_steal_pointer (&lines);
}

char *
cabinet_ledger_export_csv (CabinetLedger            *self,
                           const GDate              *from,
                           const GDate              *to,
                           const char               *language,
                           CabinetLedgerClientName   name,
                           gpointer                  user_data,
                           GError                  **error)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean french = g_strcmp0 (language, "fr") == 0;
  char separator = french ? ';' : ',';
  static const char * const fr_header[] = { "Date", "N° de note", "Client", "Montant", "Moyen de paiement" };
  static const char * const en_header[] = { "Date", "Receipt no.", "Client", "Amount", "Means of payment" };

  g_return_val_if_fail (CABINET_IS_LEDGER (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  lines = cabinet_ledger_list_income_lines (self, from, to, error);
  if (lines == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (fr_header); i++)
    {
      if (i > 0)
        g_string_append_c (out, separator);
      cabinet_csv_append_field (out, french ? fr_header[i] : en_header[i], separator);
    }
  g_string_append (out, "\r\n");

  for (guint i = 0; i < lines->len; i++)
    {
      CabinetIncomeLine *line = g_ptr_array_index (lines, i);
      CabinetEntry *entry = line->entry;
      g_autofree char *client = name (entry->client_id, user_data);
      g_autofree char *amount = cabinet_money_format_bare (entry->amount, entry->currency, french ? "fr" : "en");
      g_autofree char *means = cabinet_payment_method_heading (entry->method, french ? "fr" : "en");
      char day[11];

      format_date (&entry->date, day);
      cabinet_csv_append_field (out, day, separator);
      g_string_append_c (out, separator);
      cabinet_csv_append_field (out, line->receipt, separator);
      g_string_append_c (out, separator);
      cabinet_csv_append_field (out, client, separator);
      g_string_append_c (out, separator);
      cabinet_csv_append_field (out, amount, separator);
      g_string_append_c (out, separator);
      cabinet_csv_append_field (out, means, separator);
      g_string_append (out, "\r\n");
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
cabinet_ledger_receipts_changed (CabinetLedger *self)
{
  g_return_if_fail (CABINET_IS_LEDGER (self));
  g_signal_emit (self, signals[CHANGED], 0);
}
