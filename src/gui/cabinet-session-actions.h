/* cabinet-session-actions.h — what is done to a session from any page: plan,
 * edit, start (after the self-check), mark what became of it, remove
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cabinet-context.h"

G_BEGIN_DECLS

/* The editor for a new session at @start (0: the next hour) with @client_id
 * (0: the first client). */
void cabinet_session_actions_plan       (GtkWidget            *parent,
                                         CabinetContext       *context,
                                         gint64                start,
                                         gint64                client_id);
void cabinet_session_actions_edit       (GtkWidget            *parent,
                                         CabinetContext       *context,
                                         CabinetSession       *session);

/* Start session: runs the self-check; a failed required check, or a consent
 * form not signed, is shown and starting anyway is a choice, recorded with the
 * session. Then the session's link opens in the application that handles it. */
void cabinet_session_actions_start      (GtkWidget            *parent,
                                         CabinetContext       *context,
                                         CabinetSession       *session);

/* Done, no-show, late cancellation, cancelled, or back to scheduled. A
 * cancellation of a session in a series asks whether the later ones go too. */
void cabinet_session_actions_set_status (GtkWidget            *parent,
                                         CabinetContext       *context,
                                         CabinetSession       *session,
                                         CabinetSessionStatus  status);

/* Record Payment: for @session (NULL: for the client's account), the amount
 * still owed for it (else what the client owes), the practice's first way of
 * being paid, today; checked as it is typed; the payment covers @session first. */
void cabinet_session_actions_record_payment (GtkWidget      *parent,
                                             CabinetContext *context,
                                             gint64          client_id,
                                             CabinetSession *session);
/* Gives back some of @client_id's credit: the amount (the whole credit
 * proposed), the means and the date, recorded as a refund. */
void cabinet_session_actions_refund         (GtkWidget      *parent,
                                             CabinetContext *context,
                                             gint64          client_id);

/* Removes a scheduled session (a holiday week skipped, a mistake), after asking. */
void cabinet_session_actions_delete     (GtkWidget            *parent,
                                         CabinetContext       *context,
                                         CabinetSession       *session);

/* The address the session's link opens: https://, tel:, mailto:; NULL when there
 * is nothing to open. */
char *cabinet_session_actions_dup_uri   (CabinetSession       *session);

G_END_DECLS
