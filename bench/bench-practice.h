/* bench-practice.h — a large practice for the benchmarks: clients, twenty years
 * of sessions written through the session store, and as many payments, in an
 * encrypted database in a temporary folder
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cabinet-client-store.h"
#include "cabinet-database.h"
#include "cabinet-key.h"
#include "cabinet-session-store.h"

G_BEGIN_DECLS

typedef struct {
  char                *dir;
  char                *path;
  CabinetKey          *key;
  CabinetDatabase     *db;
  CabinetClientStore  *clients;
  CabinetSessionStore *store;
  GPtrArray           *client_list;   /* of CabinetClient */
  GTimeZone           *zone;          /* Europe/Paris */
  GDateTime           *today;         /* midnight, in zone */
  guint                n_sessions;
  guint                n_clients;     /* one per 50 sessions */
  double               sessions_ms;   /* writing the sessions */
  double               payments_ms;   /* writing the payments */
  guint                n_payments;
} BenchPractice;

/* Twenty sessions each working day back from the end of this week, the past
 * ones held (one in twenty missed), each of @n_sessions / 50 clients in turn;
 * and a payment, of every means, for each session held by its client, but for
 * one session in @unpaid_every of each client (0: none left out), so that
 * every client owes something. */
BenchPractice *bench_practice_new     (guint          n_sessions,
                                       guint          unpaid_every);
void           bench_practice_free    (BenchPractice *practice);

/* Client @i of a made-up practice: names, city, e-mail and phone from short
 * lists of French and foreign names, accents included, so that searches match
 * as many as in a real practice. */
CabinetClient *bench_client_new       (guint          i);

/* Types @typed into the search one character at a time, then erases it, @rounds
 * times over: one search a keystroke, each one's time (ms) added to @samples. */
void           bench_type_search      (CabinetClientStore *store,
                                       const char    *typed,
                                       guint          rounds,
                                       GArray        *samples);

int            bench_compare_doubles  (gconstpointer  a,
                                       gconstpointer  b);
/* Sorts @samples (of double). */
double         bench_median           (GArray        *samples);

G_END_DECLS
