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
  CABINET_RECEIPT_ERROR_ALREADY_ISSUED, /* the payment, or every payment of the period, has its receipt */
  CABINET_RECEIPT_ERROR_MON_SOUTIEN_PSY, /* billed with a feuille de soins, not a receipt */
} CabinetReceiptError;

/* The VAT statement every receipt carries: care given by a psychotherapist is
 * exempt (art. 261-4-1° du CGI); a practitioner under the franchise en base
 * states art. 293 B instead. */
typedef enum {
  CABINET_RECEIPT_VAT_CARE,
  CABINET_RECEIPT_VAT_FRANCHISE,
} CabinetReceiptVat;

/* Arrêté n° 83-50/A of 3 October 1983: a receipt is due for every service of
 * 25 € or more, before payment; below that, on request. */
#define CABINET_RECEIPT_DUE_FROM_MINOR 2500

/* The practitioner's choices for their receipts (Preferences). */
typedef struct {
  CabinetReceiptVat  vat;
  const char        *other_line;   /* another mention printed under it, or NULL */
  gboolean           individual;   /* "EI" after the name: an entrepreneur individuel */
} CabinetReceiptOptions;

#define CABINET_RECEIPT_OPTIONS_INIT { CABINET_RECEIPT_VAT_CARE, NULL, TRUE }

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
 * @client's language: the date; the practitioner's name (with "EI" as
 * @options say), title, address and RPPS or ADELI number; the client's name,
 * or their reference when they asked not to be named; each session the
 * payment was for, with its date, place (online and how, or in person),
 * quantity and unit price; the totals before and including tax, the means,
 * the VAT statement and other line from @options (NULL: the defaults), and
 * the signature kept by cabinet_receipt_set_signature() or a box to sign. A
 * payment for Mon soutien psy sessions only gets none
 * (CABINET_RECEIPT_ERROR_MON_SOUTIEN_PSY). With @cancels, the new receipt cancels that one (a correction,
 * for example for the payment that replaces a reversed one). A payment is on
 * one receipt that stands at most: CABINET_RECEIPT_ERROR_ALREADY_ISSUED. The
 * PDF, its SHA-256 and the next number of the year are written in one
 * transaction. */
CabinetReceiptInfo *cabinet_receipt_issue (CabinetDatabase      *database,
                                           CabinetPractitioner  *practitioner,
                                           CabinetClient        *client,
                                           gint64                payment_id,
                                           const GDate          *issued,
                                           const CabinetReceiptOptions *options,
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
                                                  const CabinetReceiptOptions *options,
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
                                                  const CabinetReceiptOptions *options,
                                                  GError              **error);
/* Keeps @png (NULL: none) as the signature printed on receipts; refused with
 * a message when it is not a PNG, is over 2 MB or 4,000 pixels. */
gboolean    cabinet_receipt_set_signature (CabinetDatabase *database,
                                           GBytes          *png,
                                           GError         **error);
/* The signature kept, or NULL (@error set only when it could not be read). */
GBytes     *cabinet_receipt_get_signature (CabinetDatabase *database,
                                           GError         **error);
/* Whether payment @payment_id needs a receipt not issued yet: it stands, is
 * of CABINET_RECEIPT_DUE_FROM_MINOR or more, is not for Mon soutien psy
 * sessions only, and is on no receipt that stands. FALSE when it cannot be
 * read. */
gboolean    cabinet_receipt_is_due      (CabinetDatabase *database,
                                         gint64           payment_id);
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
