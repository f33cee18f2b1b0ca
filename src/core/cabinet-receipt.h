/* cabinet-receipt.h — the receipt of a payment (in France, the note
 * d'honoraires): numbered without gaps each year, kept as issued, cancelled only
 * by a new receipt
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cabinet-client.h"
#include "cabinet-database.h"
#include "cabinet-practitioner.h"

G_BEGIN_DECLS

#define CABINET_RECEIPT_ERROR (cabinet_receipt_error_quark ())

typedef enum {
  CABINET_RECEIPT_ERROR_INVALID,    /* not a payment, reversed, or already cancelled */
  CABINET_RECEIPT_ERROR_NOT_FOUND,
  CABINET_RECEIPT_ERROR_DAMAGED,    /* the stored PDF no longer matches its SHA-256 */
  CABINET_RECEIPT_ERROR_ALREADY_ISSUED, /* every payment of the period already has its receipt */
} CabinetReceiptError;

/* The legal line printed when none is set: care given by a psychotherapist is
 * exempt from VAT in France. */
#define CABINET_RECEIPT_DEFAULT_LEGAL_LINE "TVA non applicable, art. 261-4-1° du CGI"

typedef struct {
  gint64  id;
  int     year;
  int     number;
  gint64  payment_id;
  gint64  cancels;     /* the receipt this one cancels, else 0 */
  char   *label;       /* "2026-0001" */
} CabinetReceiptInfo;

void        cabinet_receipt_info_free   (CabinetReceiptInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CabinetReceiptInfo, cabinet_receipt_info_free)

GQuark      cabinet_receipt_error_quark (void);

/* Issues the receipt of payment @payment_id on @issued (NULL: today), in
 * @client's language, with the profile's identity and numbers, each session the
 * payment was for (date, amount), the means, the total and @legal_line (NULL:
 * the default). With @cancels, the new receipt cancels that one (a correction,
 * for example for the payment that replaces a reversed one). A payment is on
 * one receipt that stands at most: CABINET_RECEIPT_ERROR_ALREADY_ISSUED. The
 * PDF, its SHA-256 and the next number of the year are written in one
 * transaction. */
CabinetReceiptInfo *cabinet_receipt_issue (CabinetDatabase      *database,
                                           CabinetPractitioner  *practitioner,
                                           CabinetClient        *client,
                                           gint64                payment_id,
                                           const GDate          *issued,
                                           const char           *legal_line,
                                           gint64                cancels,
                                           GError              **error);
/* One receipt for every payment of @client from @from to @to (both included)
 * that stands and has no receipt yet (its own, or another period's): the
 * sessions held in the period, each payment with its day, means and amount,
 * and the total paid. Numbered like the others. When every payment of the
 * period already has its receipt: CABINET_RECEIPT_ERROR_ALREADY_ISSUED. */
CabinetReceiptInfo *cabinet_receipt_issue_period (CabinetDatabase      *database,
                                                  CabinetPractitioner  *practitioner,
                                                  CabinetClient        *client,
                                                  const GDate          *from,
                                                  const GDate          *to,
                                                  const GDate          *issued,
                                                  const char           *legal_line,
                                                  GError              **error);
/* Corrects receipt @receipt_id of @client: a new receipt, on @issued (NULL:
 * today), with the profile and the client as they are now, that cancels it
 * and covers what it covered and still stands (its payment, or its period's
 * payments without another receipt). When nothing it covered stands any more
 * (its payment was reversed), the new receipt only cancels it. Both stay. */
CabinetReceiptInfo *cabinet_receipt_correct     (CabinetDatabase      *database,
                                                  CabinetPractitioner  *practitioner,
                                                  CabinetClient        *client,
                                                  gint64                receipt_id,
                                                  const GDate          *issued,
                                                  const char           *legal_line,
                                                  GError              **error);
/* The receipt that stands for payment @payment_id (its own or its period's,
 * none cancelling it), or NULL (with @error set only when the database could
 * not be read). */
CabinetReceiptInfo *cabinet_receipt_find_for_payment (CabinetDatabase  *database,
                                                      gint64            payment_id,
                                                      GError          **error);
/* The receipt for exactly that period that stands (none cancels it), or NULL
 * (with @error set only when the database could not be read). */
CabinetReceiptInfo *cabinet_receipt_find_period  (CabinetDatabase      *database,
                                                  gint64                client_id,
                                                  const GDate          *from,
                                                  const GDate          *to,
                                                  GError              **error);
/* The receipt as it was issued, its SHA-256 checked. */
GBytes     *cabinet_receipt_load_pdf    (CabinetDatabase      *database,
                                         gint64                receipt_id,
                                         GError              **error);
/* The receipts of a payment, its own and those of a period that cover it,
 * oldest first (of CabinetReceiptInfo; payment_id is 0 for a period's). */
GPtrArray  *cabinet_receipt_list_for_payment (CabinetDatabase *database,
                                              gint64           payment_id,
                                              GError         **error);

G_END_DECLS
