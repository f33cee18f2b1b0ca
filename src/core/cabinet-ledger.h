/* cabinet-ledger.h — what each client owes and has paid: charges from the
 * sessions, payments never edited (reversed instead), refunds, and balances that
 * are always sums of those rows
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cabinet-database.h"
#include "cabinet-enums.h"

G_BEGIN_DECLS

#define CABINET_LEDGER_ERROR (cabinet_ledger_error_quark ())

typedef enum {
  CABINET_LEDGER_ERROR_INVALID,    /* an amount, date, method or currency refused; the message says why */
  CABINET_LEDGER_ERROR_REVERSED,   /* already reversed, or a reversal itself */
  CABINET_LEDGER_ERROR_NOT_FOUND,
} CabinetLedgerError;

/* A payment above this is taken for a typing mistake (10,000.00 in the practice's
 * currency), unless the ledger is told otherwise. */
#define CABINET_LEDGER_DEFAULT_CEILING 1000000

typedef enum {
  CABINET_ENTRY_PAYMENT,
  CABINET_ENTRY_REVERSAL,  /* cancels one payment, whole */
  CABINET_ENTRY_REFUND,    /* money given back from the client's credit */
} CabinetEntryKind;

/* One row of a client's ledger, as recorded. */
typedef struct {
  gint64                 id;
  gint64                 client_id;
  CabinetEntryKind       kind;
  gint64                 amount;      /* minor units; negative for a reversal or refund */
  char                  *currency;
  GDate                  date;
  CabinetPaymentMethods  method;
  char                  *reference;
  char                  *note;
  gint64                 reverses;    /* the payment a reversal cancels, else 0 */
  gboolean               reversed;    /* a payment that a reversal cancels */
} CabinetEntry;

void          cabinet_entry_free (CabinetEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CabinetEntry, cabinet_entry_free)

/* A session that charges something, and how much of it is paid. */
typedef struct {
  gint64 session_id;
  gint64 client_id;
  gint64 starts_at;  /* UTC seconds */
  gint64 charge;     /* minor units */
  gint64 paid;       /* of it, covered by payments */
} CabinetCharge;

#define CABINET_TYPE_LEDGER (cabinet_ledger_get_type ())
G_DECLARE_FINAL_TYPE (CabinetLedger, cabinet_ledger, CABINET, LEDGER, GObject)

GQuark          cabinet_ledger_error_quark      (void);

/* The ledger of @database, in @currency (the practice's): "changed" is emitted
 * after each entry it writes. */
CabinetLedger  *cabinet_ledger_new              (CabinetDatabase       *database,
                                                 const char            *currency);
void            cabinet_ledger_set_ceiling      (CabinetLedger         *self,
                                                 gint64                 ceiling);
const char     *cabinet_ledger_get_currency     (CabinetLedger         *self);

/* The share of its fee a missed or late-cancelled session charges from now on
 * (0–100); sessions already settled keep theirs. */
gboolean        cabinet_ledger_set_cancellation_percent (CabinetLedger *self,
                                                         guint          percent,
                                                         GError       **error);
guint           cabinet_ledger_get_cancellation_percent (CabinetLedger *self);

/* Whether a payment of @amount in @currency on @date by @method could be
 * recorded, with the reason when not: what a form checks as it is filled. */
gboolean        cabinet_ledger_check_payment    (CabinetLedger         *self,
                                                 gint64                 amount,
                                                 const char            *currency,
                                                 const GDate           *date,
                                                 CabinetPaymentMethods  method,
                                                 const GDate           *today,
                                                 GError               **error);

/* Records that @client_id paid @amount on @date (not after @today; NULL: this
 * computer's date), by @method, for the sessions @session_ids when given (they
 * are covered first), otherwise for the oldest unpaid charges; what is left is
 * credit that the next charges use. Returns the entry's id, or 0. */
gint64          cabinet_ledger_record_payment   (CabinetLedger         *self,
                                                 gint64                 client_id,
                                                 gint64                 amount,
                                                 const char            *currency,
                                                 const GDate           *date,
                                                 CabinetPaymentMethods  method,
                                                 const char            *reference,
                                                 const char            *note,
                                                 const gint64          *session_ids,
                                                 guint                  n_sessions,
                                                 const GDate           *today,
                                                 GError               **error);
/* Cancels payment @payment_id whole with an entry of the opposite amount, dated
 * @date; both stay in the ledger. A payment is reversed at most once; a
 * reversal is not reversed (record the payment again instead). */
gint64          cabinet_ledger_reverse          (CabinetLedger         *self,
                                                 gint64                 payment_id,
                                                 const GDate           *date,
                                                 const char            *note,
                                                 const GDate           *today,
                                                 GError               **error);
/* Gives back @amount of @client_id's credit, by @method (@reference: the
 * cheque or transfer number, or NULL). */
gint64          cabinet_ledger_refund           (CabinetLedger         *self,
                                                 gint64                 client_id,
                                                 gint64                 amount,
                                                 const GDate           *date,
                                                 CabinetPaymentMethods  method,
                                                 const char            *reference,
                                                 const char            *note,
                                                 const GDate           *today,
                                                 GError               **error);

/* Charges minus payments (reversals and refunds count with their sign): above
 * 0 the client owes, below 0 they are in credit. */
gboolean        cabinet_ledger_get_balance      (CabinetLedger         *self,
                                                 gint64                 client_id,
                                                 gint64                *balance,
                                                 GError               **error);
/* Every client's balance (client id → gint64*, clients without any entry or
 * charge left out), and the practice's outstanding total (what is owed, credit
 * not deducted). */
GHashTable     *cabinet_ledger_get_balances     (CabinetLedger         *self,
                                                 gint64                *outstanding,
                                                 GError               **error);
/* Of CabinetEntry, by date then id. */
GPtrArray      *cabinet_ledger_list_entries     (CabinetLedger         *self,
                                                 gint64                 client_id,
                                                 GError               **error);
/* Of CabinetCharge (g_free), oldest first, with what the payments cover: each
 * payment first to the sessions it was for, then to the oldest unpaid. */
GPtrArray      *cabinet_ledger_list_charges     (CabinetLedger         *self,
                                                 gint64                 client_id,
                                                 GError               **error);

/* What is still owed, session by session, across the practice, oldest first:
 * of CabinetCharge (g_free) with client_id filled in. The answer is kept in
 * the database (schema 13): the clients whose rows changed since are worked
 * out again first, in a transaction of its own, so this is not to be called
 * inside another. */
GPtrArray      *cabinet_ledger_list_unpaid      (CabinetLedger         *self,
                                                 GError               **error);
/* Of CabinetEntry, newest first: those dated in [@from, @to] (NULL: no bound),
 * by one of @methods (0: any), of @client_id (0: any). */
GPtrArray      *cabinet_ledger_list_recent      (CabinetLedger         *self,
                                                 const GDate           *from,
                                                 const GDate           *to,
                                                 CabinetPaymentMethods  methods,
                                                 gint64                 client_id,
                                                 GError               **error);

/* What came in during one year: by month, by means and in all, reversals and
 * refunds deducted in the month they were made. */
typedef struct {
  int    year;
  gint64 months[12];
  gint64 methods[CABINET_N_PAYMENT_METHODS];  /* in cabinet_payment_method_nth() order */
  gint64 total;
  guint  n_entries;
} CabinetIncome;

gboolean        cabinet_ledger_get_income       (CabinetLedger         *self,
                                                 int                    year,
                                                 CabinetIncome         *income,
                                                 GError               **error);
/* The years with at least one entry, newest first (of int); never empty: the
 * current year is always there. */
GArray         *cabinet_ledger_list_years       (CabinetLedger         *self,
                                                 GError               **error);

/* What each client owes (of CabinetCharge with only client_id and charge, the
 * amount owed, filled in), largest first; clients in credit or square left out. */
GPtrArray      *cabinet_ledger_list_owing       (CabinetLedger         *self,
                                                 GError               **error);

/* A line of the income ledger (in France, the livre des recettes): an entry,
 * and the number of the receipt that stands for it ("2026-0001"), or "". */
typedef struct {
  CabinetEntry *entry;
  char          receipt[16];
} CabinetIncomeLine;

/* Of CabinetIncomeLine, oldest first: the entries dated in [@from, @to] (NULL:
 * no bound). */
GPtrArray      *cabinet_ledger_list_income_lines (CabinetLedger        *self,
                                                  const GDate          *from,
                                                  const GDate          *to,
                                                  GError              **error);

/* The income ledger of [@from, @to] (NULL: no bound) for the accountant (in
 * France, the livre des recettes): one line per entry, oldest first, with its
 * date, the number of its receipt, the client's name (through @lookup), the
 * amount (negative for a reversal or refund) and the means; in @language ("fr":
 * semicolons and decimal commas, as French spreadsheets expect; "en": commas and
 * points). Never anything about the care. */
typedef char *(*CabinetLedgerClientName) (gint64 client_id, gpointer user_data);

char           *cabinet_ledger_export_csv       (CabinetLedger           *self,
                                                 const GDate             *from,
                                                 const GDate             *to,
                                                 const char              *language,
                                                 CabinetLedgerClientName  name,
                                                 gpointer                 user_data,
                                                 GError                 **error);

/* Emits "changed" after a receipt was issued, for the views that show which
 * payments still need theirs. */
void            cabinet_ledger_receipts_changed (CabinetLedger *self);

G_END_DECLS
