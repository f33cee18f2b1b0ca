/* cabinet-ui-practice.c — a practice for UI tests: an encrypted database with a
 * profile and one client, Jeanne Martin, unlocked, and Cabinet's window on it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include <time.h>

#include "cabinet-client-page.h"
#include "cabinet-clients-page.h"
#include "cabinet-session-editor.h"
#include "cabinet-test-utils.h"
#include "cabinet-ui-practice.h"
#include "cabinet-ui-test-utils.h"

void
cabinet_ui_practice_setup (CabinetUiPractice *f, gconstpointer data)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(CabinetPractitioner) practitioner = cabinet_test_practitioner ("Claire Dubois");
  g_autoptr(CabinetDatabase) db = NULL;
  g_autoptr(CabinetClient) client = cabinet_client_new ("America/Montreal");
  g_autoptr(GError) error = NULL;
  CabinetClientStore *clients;

  db = cabinet_test_create_database (&f->dir, &f->path, &f->key);
  f->settings = g_settings_new_with_backend (APPLICATION_ID, backend);
  f->zone = g_time_zone_new_local ();

  cabinet_practitioner_set_text (practitioner, CABINET_PRACTITIONER_VIDEO_LINK, "https://visio.example.org/claire");
  g_assert_true (cabinet_practitioner_save (practitioner, db, &error));

  f->context = cabinet_context_new (f->path, f->settings);
  cabinet_context_unlock (f->context, db);
  clients = cabinet_context_get_client_store (f->context, &error);
  g_assert_no_error (error);
  cabinet_client_set_text (client, CABINET_CLIENT_FIRST_NAME, "Jeanne");
  cabinet_client_set_text (client, CABINET_CLIENT_LAST_NAME, "Martin");
  cabinet_client_store_save (clients, client, &error);
  g_assert_no_error (error);
  f->client_id = cabinet_client_get_id (client);

  f->window = cabinet_window_new (NULL, f->context);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  cabinet_ui_settle ();
}

void
cabinet_ui_practice_teardown (CabinetUiPractice *f, gconstpointer data)
{
  GtkWindow *dialog;

  while ((dialog = cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG)) != NULL
         || (dialog = cabinet_ui_find_window (CABINET_TYPE_SESSION_EDITOR)) != NULL)
    {
      gtk_window_destroy (dialog);
      cabinet_ui_settle ();
    }
  cabinet_context_lock (f->context);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->context);
  cabinet_ui_settle ();
  g_clear_object (&f->settings);
  g_clear_pointer (&f->zone, g_time_zone_unref);
  cabinet_test_remove_database (f->dir, f->path, f->key);
}

/* Every session stored, from 1900 to 2200. */
GListModel *
cabinet_ui_practice_all_sessions (CabinetUiPractice *f)
{
  CabinetSessionStore *store = cabinet_context_get_session_store (f->context);
  g_autoptr(GError) error = NULL;
  GListModel *all = cabinet_session_store_list_range (store, G_GINT64_CONSTANT (-2208988800),
                                                      G_GINT64_CONSTANT (7289654400), &error);

  g_assert_no_error (error);
  return all;
}

void
cabinet_ui_practice_add_session_at (CabinetUiPractice *f,
                gint64   start)
{
  CabinetSessionStore *store = cabinet_context_get_session_store (f->context);
  g_autoptr(CabinetSession) session = cabinet_session_new ();
  g_autoptr(CabinetSessionPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  cabinet_session_set_client_id (session, f->client_id);
  cabinet_session_set_starts_at (session, start);
  cabinet_session_set_fee (session, 6000, "EUR");
  plan = cabinet_session_store_plan_add (store, session, NULL, f->zone, &error);
  g_assert_no_error (error);
  cabinet_session_store_apply (store, plan, TRUE, &error);
  g_assert_no_error (error);
}

GtkWidget *
cabinet_ui_practice_open_client (CabinetUiPractice *f)
{
  CabinetClientStore *clients = cabinet_context_get_client_store (f->context, NULL);
  GtkWidget *clients_page;
  GtkWidget *page;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "clients");
  cabinet_ui_settle ();
  clients_page = cabinet_window_get_page (f->window, "clients");
  g_assert_nonnull (clients_page);
  g_assert_true (gtk_widget_get_mapped (clients_page));
  cabinet_clients_page_open_client (CABINET_CLIENTS_PAGE (clients_page),
                                    cabinet_client_store_lookup (clients, f->client_id));
  cabinet_ui_settle ();
  page = cabinet_ui_find_by_type (GTK_WIDGET (f->window), CABINET_TYPE_CLIENT_PAGE);
  g_assert_nonnull (page);
  return page;
}

void
cabinet_ui_practice_pay_today (CabinetUiPractice     *f,
                               gint64                 amount,
                               CabinetPaymentMethods  method)
{
  g_autoptr(GError) error = NULL;
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  g_assert_cmpint (cabinet_ledger_record_payment (cabinet_context_get_ledger (f->context), f->client_id, amount,
                                                  "EUR", &today, method, "", "", NULL, 0, NULL, &error), >, 0);
  g_assert_no_error (error);
}
