/* cabinet-ui-practice.h — a practice for UI tests: an encrypted database with a
 * profile and one client, Jeanne Martin, unlocked, and Cabinet's window on it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cabinet-context.h"
#include "cabinet-key.h"
#include "cabinet-window.h"

G_BEGIN_DECLS

typedef struct {
  char           *dir;
  char           *path;
  CabinetKey     *key;
  GSettings      *settings;   /* memory backend */
  CabinetContext *context;
  CabinetWindow  *window;
  gint64          client_id;  /* Jeanne Martin */
  GTimeZone      *zone;       /* local */
} CabinetUiPractice;

/* As g_test_add() fixture functions. */
void        cabinet_ui_practice_setup          (CabinetUiPractice *f,
                                                gconstpointer      data);
void        cabinet_ui_practice_teardown       (CabinetUiPractice *f,
                                                gconstpointer      data);
/* Every session stored, from 1900 to 2200. */
GListModel *cabinet_ui_practice_all_sessions   (CabinetUiPractice *f);
/* A 60 € session of Jeanne Martin at @start (UTC seconds). */
void        cabinet_ui_practice_add_session_at (CabinetUiPractice *f,
                                                gint64             start);

/* Shows Jeanne Martin's page, as from the client list; returns the page. */
GtkWidget  *cabinet_ui_practice_open_client    (CabinetUiPractice *f);
/* Records that Jeanne Martin paid @amount today by @method, on account. */
void        cabinet_ui_practice_pay_today      (CabinetUiPractice     *f,
                                                gint64                 amount,
                                                CabinetPaymentMethods  method);

G_END_DECLS
