/* test-schedule-ui.c — the schedule as the therapist uses it: a weekly series
 * planned in the editor and seen week after week, an overlap confirmed, bad input
 * refused beside its field, and a session started from Today after the
 * self-check, starting anyway recorded
 * Runs under Xvfb with a private D-Bus session and a throwaway keyring.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gi18n.h>
#include <string.h>

#include "cabinet-caldav.h"
#include "cabinet-calendar-actions.h"
#include "cabinet-client-page.h"
#include "cabinet-ical.h"
#include "cabinet-money.h"
#include "cabinet-clients-page.h"
#include "cabinet-preferences-window.h"
#include "cabinet-schedule-page.h"
#include "cabinet-session-actions.h"
#include "cabinet-session-editor.h"
#include "cabinet-session-row.h"
#include "cabinet-test-utils.h"
#include "cabinet-ui-practice.h"
#include "cabinet-today-page.h"
#include "cabinet-ui-test-utils.h"
#include "cabinet-window.h"

typedef CabinetUiPractice Fixture;

#define fixture_setup cabinet_ui_practice_setup
#define fixture_teardown cabinet_ui_practice_teardown
#define all_sessions cabinet_ui_practice_all_sessions
#define add_session_at cabinet_ui_practice_add_session_at

static guint
count_sessions (Fixture *f)
{
  g_autoptr(GListModel) all = all_sessions (f);

  return g_list_model_get_n_items (all);
}

/* A Tuesday some weeks ahead, so that the series lies in the future whatever day
 * the test runs. */
static GDateTime *
next_tuesday (Fixture *f,
              int      hour)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (f->zone);
  g_autoptr(GDateTime) day = g_date_time_add_days (now, 14 + ((2 - g_date_time_get_day_of_week (now) + 7) % 7));

  return g_date_time_new (f->zone, g_date_time_get_year (day), g_date_time_get_month (day),
                          g_date_time_get_day_of_month (day), hour, 0, 0);
}

static CabinetSessionEditor *
open_editor (Fixture    *f,
             GtkWidget  *page,
             const char *action)
{
  GtkWindow *editor;

  g_assert_true (gtk_widget_activate_action (page, action, NULL));
  cabinet_ui_settle ();
  editor = cabinet_ui_find_window (CABINET_TYPE_SESSION_EDITOR);
  g_assert_nonnull (editor);
  return CABINET_SESSION_EDITOR (editor);
}

static void
set_row (CabinetSessionEditor *editor,
         const char           *title,
         const char           *text)
{
  GtkWidget *row = cabinet_ui_find_row (GTK_WIDGET (editor), title);

  gtk_editable_set_text (GTK_EDITABLE (row), text);
  cabinet_ui_settle ();
}

static void
set_when (CabinetSessionEditor *editor,
          GDateTime            *when)
{
  g_autofree char *date = g_date_time_format (when, "%Y-%m-%d");
  g_autofree char *time = g_date_time_format (when, "%H:%M");

  set_row (editor, _("Date (YYYY-MM-DD)"), date);
  set_row (editor, _("Start time (HH:MM)"), time);
}

static void
save (CabinetSessionEditor *editor)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  cabinet_ui_settle ();
}

static GtkWidget *
schedule_page (Fixture *f)
{
  GtkWidget *page;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "schedule");
  cabinet_ui_settle ();
  page = cabinet_window_get_page (f->window, "schedule");
  g_assert_nonnull (page);
  /* Built and shown by the action, as Alt+3 does. */
  g_assert_true (gtk_widget_get_mapped (page));
  return page;
}

/* A week-view card with this tooltip's beginning. */
static GtkWidget *
find_card (GtkWidget  *root,
           const char *prefix)
{
  const char *tooltip = gtk_widget_get_tooltip_text (root);

  if (GTK_IS_BUTTON (root) && tooltip && g_str_has_prefix (tooltip, prefix) && gtk_widget_get_mapped (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_card (child, prefix);

      if (found)
        return found;
    }
  return NULL;
}

static void
test_recurring_in_week (Fixture *f, gconstpointer data)
{
  GtkWidget *page = schedule_page (f);
  g_autoptr(GDateTime) tuesday = next_tuesday (f, 10);
  g_autoptr(GListModel) all = NULL;
  CabinetSessionEditor *editor;
  GtkWidget *card;
  GDate day;

  editor = open_editor (f, page, "schedule.new-session");
  set_when (editor, tuesday);
  /* The client lives in Montreal: the editor says what time it is there. */
  g_assert_nonnull (cabinet_session_editor_get_hint (editor));
  g_assert_nonnull (strstr (cabinet_session_editor_get_hint (editor), "America/Montreal"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (cabinet_ui_find_row (GTK_WIDGET (editor), _("Repeat"))),
                              CABINET_REPEAT_WEEKLY);
  cabinet_ui_settle ();
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (cabinet_ui_find_by_type (cabinet_ui_find_row (GTK_WIDGET (editor), _("Number of sessions")),
                                                                       GTK_TYPE_SPIN_BUTTON)), 4);
  cabinet_ui_save_shot (GTK_WIDGET (editor), "session-editor");
  save (editor);
  g_assert_null (cabinet_ui_find_window (CABINET_TYPE_SESSION_EDITOR));

  /* Four sessions, at the video link of the profile. */
  all = all_sessions (f);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 4);
  {
    g_autoptr(CabinetSession) first = g_list_model_get_item (all, 0);

    g_assert_cmpstr (cabinet_session_get_link (first), ==, "https://visio.example.org/claire");
    g_assert_cmpint (cabinet_session_get_series_id (first), >, 0);
  }

  /* Seen in the week of that Tuesday, and each following week, then no more. */
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (tuesday), g_date_time_get_month (tuesday),
                  g_date_time_get_year (tuesday));
  cabinet_schedule_page_show_week (CABINET_SCHEDULE_PAGE (page), &day);
  cabinet_ui_settle ();
  cabinet_ui_save_shot (GTK_WIDGET (f->window), "schedule-week");
  card = find_card (page, "10:00 – 10:50 · Jeanne Martin");
  g_assert_nonnull (card);
  for (guint week = 1; week < 4; week++)
    {
      g_assert_true (gtk_widget_activate_action (page, "schedule.next", NULL));
      cabinet_ui_settle ();
      g_assert_nonnull (find_card (page, "10:00 – 10:50 · Jeanne Martin"));
    }
  gtk_widget_activate_action (page, "schedule.next", NULL);
  cabinet_ui_settle ();
  g_assert_null (find_card (page, "10:00 – 10:50 · Jeanne Martin"));

  /* The agenda lists the four with their day. */
  cabinet_schedule_page_show_week (CABINET_SCHEDULE_PAGE (page), &day);
  gtk_stack_set_visible_child_name (GTK_STACK (cabinet_ui_find_by_type (page, GTK_TYPE_STACK)), "agenda");
  cabinet_ui_settle ();
  {
    GtkWidget *list = cabinet_ui_find_by_type (page, GTK_TYPE_LIST_BOX);
    guint rows = 0;

    for (GtkWidget *row = gtk_widget_get_first_child (list); row; row = gtk_widget_get_next_sibling (row))
      rows += CABINET_IS_SESSION_ROW (row);
    g_assert_cmpuint (rows, ==, 4);
  }
  cabinet_ui_save_shot (GTK_WIDGET (f->window), "schedule-agenda");

  /* A session planned while the page is hidden: there once it is shown again. */
  gtk_stack_set_visible_child_name (GTK_STACK (cabinet_ui_find_by_type (page, GTK_TYPE_STACK)), "week");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "today");
  cabinet_ui_settle ();
  {
    CabinetSessionStore *store = cabinet_context_get_session_store (f->context);
    g_autoptr(CabinetSession) first = g_list_model_get_item (all, 0);
    g_autoptr(CabinetSession) later = cabinet_session_new ();
    g_autoptr(CabinetSessionPlan) plan = NULL;
    g_autoptr(GError) error = NULL;

    cabinet_session_set_client_id (later, cabinet_session_get_client_id (first));
    cabinet_session_set_starts_at (later, g_date_time_to_unix (tuesday) + 4 * 3600);
    cabinet_session_set_fee (later, 6000, "EUR");
    plan = cabinet_session_store_plan_add (store, later, NULL, g_date_time_get_timezone (tuesday), &error);
    g_assert_no_error (error);
    g_assert_true (cabinet_session_store_apply (store, plan, TRUE, &error));
    g_assert_no_error (error);
  }
  cabinet_ui_settle ();
  page = schedule_page (f);
  g_assert_nonnull (find_card (page, "14:00 – 14:50 · Jeanne Martin"));
}

static void
test_overlap_confirmed (Fixture *f, gconstpointer data)
{
  GtkWidget *page = schedule_page (f);
  g_autoptr(GDateTime) tuesday = next_tuesday (f, 14);
  g_autoptr(GDateTime) half_past = g_date_time_add_minutes (tuesday, 30);
  CabinetSessionEditor *editor;
  GtkWindow *dialog;

  editor = open_editor (f, page, "schedule.new-session");
  set_when (editor, tuesday);
  save (editor);
  g_assert_cmpuint (count_sessions (f), ==, 1);

  editor = open_editor (f, page, "schedule.new-session");
  set_when (editor, half_past);
  save (editor);
  dialog = cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "Jeanne Martin"));
  cabinet_ui_save_shot (GTK_WIDGET (dialog), "session-overlap");

  /* Cancelled: nothing more, the editor still open. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (dialog);
  cabinet_ui_settle ();
  g_assert_cmpuint (count_sessions (f), ==, 1);
  g_assert_nonnull (cabinet_ui_find_window (CABINET_TYPE_SESSION_EDITOR));

  /* Confirmed: both kept. */
  save (editor);
  dialog = cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "plan");
  gtk_window_destroy (dialog);
  cabinet_ui_settle ();
  g_assert_cmpuint (count_sessions (f), ==, 2);
  g_assert_null (cabinet_ui_find_window (CABINET_TYPE_SESSION_EDITOR));
}

static void
test_bad_input (Fixture *f, gconstpointer data)
{
  GtkWidget *page = schedule_page (f);
  g_autoptr(GDateTime) tuesday = next_tuesday (f, 9);
  CabinetSessionEditor *editor = open_editor (f, page, "schedule.new-session");

  set_when (editor, tuesday);
  set_row (editor, _("Video link (https://…)"), "http://visio.example.org/claire");
  save (editor);
  g_assert_nonnull (cabinet_session_editor_get_issue (editor, "link"));
  g_assert_nonnull (strstr (cabinet_session_editor_get_issue (editor, "link"), "https://"));
  g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (editor),
                                                   cabinet_session_editor_get_issue (editor, "link")));
  cabinet_ui_save_shot (GTK_WIDGET (editor), "session-editor-bad-link");
  set_row (editor, _("Video link (https://…)"), "https://visio.example.org/claire");

  set_row (editor, _("Date (YYYY-MM-DD)"), "2026-02-30");
  save (editor);
  g_assert_nonnull (cabinet_session_editor_get_issue (editor, "date"));

  set_row (editor, _("Date (YYYY-MM-DD)"), "1850-01-01");
  save (editor);
  g_assert_nonnull (strstr (cabinet_session_editor_get_issue (editor, "date"), "1900"));

  set_row (editor, _("Date (YYYY-MM-DD)"), "2026-11-24");
  set_row (editor, _("Start time (HH:MM)"), "25:00");
  save (editor);
  g_assert_nonnull (cabinet_session_editor_get_issue (editor, "time"));

  set_row (editor, _("Fee"), "cinquante");
  set_row (editor, _("Start time (HH:MM)"), "10:00");
  save (editor);
  g_assert_nonnull (cabinet_session_editor_get_issue (editor, "fee"));
  set_row (editor, _("Fee"), "60");

  /* A series without an end date that can be read. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (cabinet_ui_find_row (GTK_WIDGET (editor), _("Repeat"))),
                              CABINET_REPEAT_WEEKLY);
  adw_combo_row_set_selected (ADW_COMBO_ROW (cabinet_ui_find_row (GTK_WIDGET (editor), _("Ends"))), 1);
  cabinet_ui_settle ();
  set_row (editor, _("Last day (YYYY-MM-DD)"), "someday");
  save (editor);
  g_assert_nonnull (cabinet_session_editor_get_issue (editor, "repeat"));

  g_assert_cmpuint (count_sessions (f), ==, 0);
}

/* The clocks skip 02:30 on the last Sunday of March in Paris: said beside the time. */
static void
test_clock_change (Fixture *f, gconstpointer data)
{
  GtkWidget *page = schedule_page (f);
  CabinetSessionEditor *editor = open_editor (f, page, "schedule.new-session");

  set_row (editor, _("Date (YYYY-MM-DD)"), "2027-03-28");
  set_row (editor, _("Start time (HH:MM)"), "02:30");
  save (editor);
  g_assert_nonnull (cabinet_session_editor_get_issue (editor, "time"));
  g_assert_nonnull (strstr (cabinet_session_editor_get_issue (editor, "time"), "02:30"));
  g_assert_cmpuint (count_sessions (f), ==, 0);
}

static CabinetSessionRow *
today_row (Fixture *f)
{
  GtkWidget *page;
  GtkWidget *row;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "today");
  cabinet_ui_settle ();
  page = cabinet_window_get_page (f->window, "today");
  g_assert_true (gtk_widget_get_mapped (page));
  row = cabinet_ui_find_by_type (page, CABINET_TYPE_SESSION_ROW);
  g_assert_nonnull (row);
  return CABINET_SESSION_ROW (row);
}

/* Whether the row's menu, once opened (it is made then), offers @label. */
static gboolean
menu_offers (CabinetSessionRow *row,
             const char        *label)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (cabinet_ui_find_by_type (GTK_WIDGET (row), GTK_TYPE_MENU_BUTTON));
  GMenuModel *menu;
  gboolean found = FALSE;

  g_assert_nonnull (button);
  gtk_menu_button_popup (button);
  cabinet_ui_settle ();
  menu = gtk_menu_button_get_menu_model (button);
  g_assert_nonnull (menu);
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      for (int j = 0; section && j < g_menu_model_get_n_items (section); j++)
        {
          g_autofree char *text = NULL;

          if (g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_LABEL, "s", &text))
            found = found || g_str_equal (text, label);
        }
    }
  gtk_menu_button_popdown (button);
  cabinet_ui_settle ();
  return found;
}

static gboolean
self_check_over (gpointer data)
{
  Fixture *f = data;

  return cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG) != NULL
         || !cabinet_self_check_get_running (cabinet_context_get_self_check (f->context));
}

/* A session this morning, in person (no link to open), with a computer past the
 * three-year guideline: the check fails, the therapist starts anyway, and that is
 * what the session keeps. */
static void
test_start_from_today (Fixture *f, gconstpointer data)
{
  CabinetSessionStore *store = cabinet_context_get_session_store (f->context);
  g_autoptr(CabinetSession) session = cabinet_session_new ();
  g_autoptr(CabinetSessionPlan) plan = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now (f->zone);
  g_autoptr(GDateTime) midnight = g_date_time_new (f->zone, g_date_time_get_year (now), g_date_time_get_month (now),
                                                   g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) old = g_date_time_add_years (now, -5);
  g_autofree char *purchase = g_date_time_format (old, "%Y-%m-%d");
  g_autoptr(CabinetSession) reread = NULL;
  g_autoptr(GError) error = NULL;
  CabinetSessionRow *row;
  GtkWindow *dialog;

  g_settings_set_string (f->settings, "hardware-purchase-date", purchase);

  cabinet_session_set_client_id (session, f->client_id);
  cabinet_session_set_starts_at (session, MAX (g_date_time_to_unix (midnight), g_date_time_to_unix (now) - 60));
  cabinet_session_set_modality (session, CABINET_CHANNEL_IN_PERSON);
  cabinet_session_set_fee (session, 6000, "EUR");
  plan = cabinet_session_store_plan_add (store, session, NULL, f->zone, &error);
  g_assert_no_error (error);
  cabinet_session_store_apply (store, plan, FALSE, &error);
  g_assert_no_error (error);

  row = today_row (f);
  cabinet_ui_save_shot (GTK_WIDGET (f->window), "today");
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Jeanne Martin"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "No consent form"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "session.start", NULL));
  cabinet_test_wait_for (self_check_over, f, 10000);
  cabinet_ui_settle ();
  dialog = cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  cabinet_ui_save_shot (GTK_WIDGET (dialog), "start-session-failed-check");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "Jeanne Martin has no consent form yet."));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "start");
  gtk_window_destroy (dialog);
  cabinet_ui_settle ();

  reread = cabinet_session_store_get (store, cabinet_session_get_id (session), &error);
  g_assert_no_error (error);
  g_assert_cmpint (cabinet_session_get_started_at (reread), >, 0);
  g_assert_true (g_strv_contains (cabinet_session_get_started_despite (reread), "hardware-age"));

  /* Held: marked done from the row's menu. */
  row = today_row (f);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Started despite a failed check"));
  g_assert_true (menu_offers (row, _("_Remove from Schedule…")));
  g_assert_false (menu_offers (row, _("Record _Payment…")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "session.set-status", "s", "done"));
  cabinet_ui_settle ();
  g_clear_object (&reread);
  reread = cabinet_session_store_get (store, cabinet_session_get_id (session), &error);
  g_assert_cmpint (cabinet_session_get_status (reread), ==, CABINET_SESSION_DONE);
  row = today_row (f);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Done"));
  /* Held: its menu offers the payment, and no longer the removal. */
  g_assert_true (menu_offers (row, _("Record _Payment…")));
  g_assert_false (menu_offers (row, _("_Remove from Schedule…")));

  /* Its payment, in two clicks: the fee is proposed; recorded, nothing is owed. */
  {
    CabinetLedger *ledger = cabinet_context_get_ledger (f->context);
    GtkEditable *amount;
    gint64 balance = -1;

    cabinet_ledger_get_balance (ledger, f->client_id, &balance, &error);
    g_assert_no_error (error);
    g_assert_cmpint (balance, ==, 6000);
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Owes €60.00"));
    g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (f->window), "Owed to you: €60.00"));
    cabinet_ui_click (GTK_WIDGET (row), _("Record _Payment…"));
    dialog = cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (dialog);
    amount = GTK_EDITABLE (cabinet_ui_find_by_type (GTK_WIDGET (dialog), GTK_TYPE_ENTRY));
    g_assert_cmpstr (gtk_editable_get_text (amount), ==, "60.00");
    cabinet_ui_save_shot (GTK_WIDGET (dialog), "record-payment");

    /* Nothing, or a date to come, cannot be recorded. */
    gtk_editable_set_text (amount, "0");
    g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "record"));
    gtk_editable_set_text (amount, "60");
    g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "record"));

    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "record");
    gtk_window_destroy (dialog);
    cabinet_ui_settle ();
    cabinet_ledger_get_balance (ledger, f->client_id, &balance, &error);
    g_assert_no_error (error);
    g_assert_cmpint (balance, ==, 0);
    row = today_row (f);
    g_assert_null (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Owes"));
    g_assert_null (cabinet_ui_find_visible_label (GTK_WIDGET (f->window), "Owed to you: €60.00"));
  }
}

/* Asked whether to start without a signed form, the therapist declines: nothing
 * is recorded. */
static void
test_cancel_start (Fixture *f, gconstpointer data)
{
  CabinetSessionStore *store = cabinet_context_get_session_store (f->context);
  g_autoptr(CabinetSession) session = cabinet_session_new ();
  g_autoptr(CabinetSessionPlan) plan = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now (f->zone);
  g_autoptr(CabinetSession) reread = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog;

  cabinet_session_set_client_id (session, f->client_id);
  cabinet_session_set_starts_at (session, g_date_time_to_unix (now) - 60);
  cabinet_session_set_modality (session, CABINET_CHANNEL_IN_PERSON);
  cabinet_session_set_fee (session, 6000, "EUR");
  plan = cabinet_session_store_plan_add (store, session, NULL, f->zone, &error);
  cabinet_session_store_apply (store, plan, FALSE, &error);
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (today_row (f)), "session.start", NULL));
  cabinet_test_wait_for (self_check_over, f, 10000);
  cabinet_ui_settle ();
  dialog = cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (dialog);
  cabinet_ui_settle ();
  reread = cabinet_session_store_get (store, cabinet_session_get_id (session), &error);
  g_assert_cmpint (cabinet_session_get_started_at (reread), ==, 0);
}

static guint
count_session_rows (GtkWidget *root)
{
  guint n = CABINET_IS_SESSION_ROW (root) && gtk_widget_get_mapped (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    n += count_session_rows (child);
  return n;
}

/* The client's page lists the sessions to come and the latest past ones, and
 * follows changes made elsewhere. */
static void
test_client_page_sessions (Fixture *f, gconstpointer data)
{
  GtkWidget *page;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (int week = -12; week <= 2; week++)
    if (week != 0)
      add_session_at (f, now + (gint64) week * 7 * 86400);

  page = cabinet_ui_practice_open_client (f);
  /* Two to come, the ten latest of twelve past, and a line for the two others. */
  g_assert_cmpuint (count_session_rows (page), ==, 12);
  g_assert_true (cabinet_ui_shows_row (page, "And 2 earlier sessions, in the Schedule’s agenda"));

  add_session_at (f, now + 3 * 7 * 86400);
  cabinet_ui_settle ();
  g_assert_cmpuint (count_session_rows (page), ==, 13);
  cabinet_ui_save_shot (GTK_WIDGET (f->window), "client-page-sessions");
}

/* Planning from a closed client's page plans with that client, not with the
 * first one of the list (whose phone and fee would follow). */
static void
test_plan_for_closed_client (Fixture *f, gconstpointer data)
{
  CabinetClientStore *clients = cabinet_context_get_client_store (f->context, NULL);
  g_autoptr(CabinetClient) other = cabinet_client_new ("Europe/Paris");
  g_autoptr(GError) error = NULL;
  CabinetSessionEditor *editor;
  GtkDropDown *dropdown;
  CabinetClient *selected;

  cabinet_client_set_text (other, CABINET_CLIENT_FIRST_NAME, "Anne");
  cabinet_client_set_text (other, CABINET_CLIENT_LAST_NAME, "Aaron");
  cabinet_client_store_save (clients, other, &error);
  g_assert_no_error (error);
  cabinet_client_store_set_status (clients, cabinet_client_store_lookup (clients, f->client_id), "closed", &error);
  g_assert_no_error (error);

  cabinet_session_actions_plan (GTK_WIDGET (f->window), f->context, 0, f->client_id);
  cabinet_ui_settle ();
  editor = CABINET_SESSION_EDITOR (cabinet_ui_find_window (CABINET_TYPE_SESSION_EDITOR));
  g_assert_nonnull (editor);
  dropdown = GTK_DROP_DOWN (cabinet_ui_find_by_type (GTK_WIDGET (editor), GTK_TYPE_DROP_DOWN));
  selected = gtk_drop_down_get_selected_item (dropdown);
  g_assert_nonnull (selected);
  g_assert_cmpint (cabinet_client_get_id (selected), ==, f->client_id);
}

/* The working hours and reminders of the Schedule preferences, kept only when
 * they make sense. */
static void
test_preferences (Fixture *f, gconstpointer data)
{
  CabinetPreferencesWindow *prefs = cabinet_preferences_window_new (f->context);
  GtkWidget *start_row, *end_row;

  gtk_window_present (GTK_WINDOW (prefs));
  cabinet_ui_settle ();
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "schedule");
  cabinet_ui_settle ();
  start_row = cabinet_ui_find_row (GTK_WIDGET (prefs), _("Start of the day (HH:MM)"));
  end_row = cabinet_ui_find_row (GTK_WIDGET (prefs), _("End of the day (HH:MM)"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (start_row)), ==, "09:00");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (end_row)), ==, "19:00");

  gtk_editable_set_text (GTK_EDITABLE (start_row), "8h30");
  gtk_editable_set_text (GTK_EDITABLE (end_row), "18:00");
  g_assert_cmpuint (g_settings_get_uint (f->settings, "working-hours-start"), ==, 8 * 60 + 30);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "working-hours-end"), ==, 18 * 60);

  /* An end before the start, and an hour that is none: said, not kept. */
  gtk_editable_set_text (GTK_EDITABLE (end_row), "07:00");
  cabinet_ui_settle ();
  g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (prefs), "The day must end after it starts."));
  gtk_editable_set_text (GTK_EDITABLE (end_row), "25:00");
  g_assert_cmpuint (g_settings_get_uint (f->settings, "working-hours-end"), ==, 18 * 60);
  gtk_editable_set_text (GTK_EDITABLE (end_row), "20:00");
  cabinet_ui_settle ();
  g_assert_null (cabinet_ui_find_visible_label (GTK_WIDGET (prefs), "The day must end after it starts."));
  g_assert_cmpuint (g_settings_get_uint (f->settings, "working-hours-end"), ==, 20 * 60);

  /* Saturday becomes a working day. */
  {
    GtkWidget *saturday = cabinet_ui_find_button (GTK_WIDGET (prefs), "Sat");

    g_assert_nonnull (saturday);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (saturday), TRUE);
    g_assert_cmpuint (g_settings_get_uint (f->settings, "working-days"), ==, 31 | 32);
  }
  cabinet_ui_save_shot (GTK_WIDGET (prefs), "preferences-schedule");
  gtk_window_destroy (GTK_WINDOW (prefs));
  cabinet_ui_settle ();
}

static gboolean
dialog_shown (gpointer data)
{
  return cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static gboolean
label_shown (gpointer data)
{
  Fixture *f = ((gpointer *) data)[0];

  return cabinet_ui_find_visible_label (GTK_WIDGET (f->window), ((gpointer *) data)[1]) != NULL;
}

static GFile *
write_ics (Fixture    *f,
           const char *name,
           const char *text)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return g_file_new_for_path (path);
}

#define ICS_HEAD "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Test//EN\r\n"
#define ICS_EVENT(uid, start, summary) \
  "BEGIN:VEVENT\r\nUID:" uid "\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:" start "\r\n" \
  "DURATION:PT50M\r\nSUMMARY:" summary "\r\nEND:VEVENT\r\n"

/* A calendar from another application: previewed, its titles matched to the
 * client, the rest given to the client chosen, written in one go; the same file
 * again adds nothing; a damaged one is refused with words a person understands. */
static void
test_import_calendar (Fixture *f, gconstpointer data)
{
  GtkWidget *page = schedule_page (f);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) soon = g_date_time_add_days (now, 10);
  g_autofree char *day = g_date_time_format (soon, "%Y%m%d");
  g_autofree char *ics = g_strdup_printf (ICS_HEAD
                                          ICS_EVENT ("a@test", "%sT090000Z", "Jeanne Martin")
                                          ICS_EVENT ("b@test", "%sT110000Z", "J. M.")
                                          ICS_EVENT ("c@test", "%sT140000Z", "Supervision")
                                          "BEGIN:VEVENT\r\nUID:d@test\r\nDTSTAMP:20261101T000000Z\r\n"
                                          "DTSTART;VALUE=DATE:%s\r\nSUMMARY:Holiday\r\nEND:VEVENT\r\n"
                                          "END:VCALENDAR\r\n", day, day, day, day);
  g_autoptr(GFile) file = write_ics (f, "agenda.ics", ics);
  g_autoptr(GFile) damaged = write_ics (f, "damaged.ics", "BEGIN:VCALENDAR\r\n\x01\x02 garbage");
  GtkWindow *dialog;
  const char *body;

  cabinet_calendar_import_file (page, f->context, file);
  cabinet_test_wait_for (dialog_shown, NULL, 10000);
  dialog = cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Import 3 appointments?");
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_assert_nonnull (strstr (body, "2 are titled with the name or initials"));
  g_assert_nonnull (strstr (body, "1 names no one client"));
  g_assert_nonnull (strstr (body, "1 event that is cancelled, all-day or unreadable is left out"));
  cabinet_ui_save_shot (GTK_WIDGET (dialog), "import-calendar");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (cabinet_ui_find_by_type (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN)), 1);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "import");
  gtk_window_destroy (dialog);
  cabinet_ui_settle ();
  g_assert_cmpuint (count_sessions (f), ==, 3);
  {
    g_autoptr(GListModel) all = all_sessions (f);
    g_autoptr(CabinetSession) first = g_list_model_get_item (all, 0);

    g_assert_cmpint (cabinet_session_get_client_id (first), ==, f->client_id);
    g_assert_cmpuint (cabinet_session_get_duration (first), ==, 50);
    g_assert_cmpstr (cabinet_session_get_uid (first), ==, "a@test");
  }

  /* Again: nothing new. */
  cabinet_calendar_import_file (page, f->context, file);
  cabinet_test_wait_for (dialog_shown, NULL, 10000);
  dialog = cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (cabinet_ui_find_by_type (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN)), 1);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "import");
  gtk_window_destroy (dialog);
  cabinet_ui_settle ();
  g_assert_cmpuint (count_sessions (f), ==, 3);

  /* Damaged: said on the page, nothing written, no preview. */
  cabinet_calendar_import_file (page, f->context, damaged);
  {
    gpointer args[] = { f, "The calendar was not imported. This file is not a calendar (.ics) file, or it is damaged. "
                           "In your calendar application, export the calendar again in the iCalendar (.ics) format and import that file." };

    cabinet_test_wait_for (label_shown, args, 10000);
  }
  g_assert_null (cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpuint (count_sessions (f), ==, 3);
}

/* Exporting says the file is not encrypted and titles sessions without names
 * unless asked. */
static void
test_export_calendar (Fixture *f, gconstpointer data)
{
  GtkWidget *page = schedule_page (f);
  GtkWindow *dialog;
  GtkWidget *dropdown;

  g_assert_true (gtk_widget_activate_action (page, "schedule.export", NULL));
  cabinet_ui_settle ();
  dialog = cabinet_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "not encrypted"));
  dropdown = cabinet_ui_find_by_type (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)), ==, CABINET_ICAL_TITLE_SESSION);
  cabinet_ui_save_shot (GTK_WIDGET (dialog), "export-calendar");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (dialog);
  cabinet_ui_settle ();
}

static void
assert_setting (Fixture    *f,
                const char *key,
                const char *expected)
{
  g_autofree char *value = g_settings_get_string (f->settings, key);

  g_assert_cmpstr (value, ==, expected);
}

static gboolean
calendar_saved (gpointer data)
{
  Fixture *f = data;
  g_autofree char *url = g_settings_get_string (f->settings, "caldav-url");
  CabinetCalendarSync *sync = cabinet_context_get_calendar_sync (f->context);

  return *url != '\0' && !cabinet_calendar_sync_get_running (sync)
         && cabinet_calendar_sync_get_status (sync) != NULL;
}

static gboolean
calendar_refused (gpointer data)
{
  GtkWidget *prefs = data;

  return cabinet_ui_find_visible_label (prefs, "The calendar server refused the user name or password. "
                                               "Check them; some providers ask for an app password made for Cabinet.") != NULL;
}

/* Publishing to a calendar, set up in Preferences: an address that is not
 * https:// is refused beside it; a password the server refuses is said and not
 * kept; the right one is kept in the keyring, and the schedule goes out. */
static void
test_publish_calendar (Fixture *f, gconstpointer data)
{
  CabinetTestCaldav *server = cabinet_test_caldav_new ();
  CabinetPreferencesWindow *prefs = cabinet_preferences_window_new (f->context);
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  GtkWidget *url_row, *user_row, *password_row;

  add_session_at (f, g_get_real_time () / G_USEC_PER_SEC + 86400);
  gtk_window_present (GTK_WINDOW (prefs));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "schedule");
  cabinet_ui_settle ();
  url_row = cabinet_ui_find_row (GTK_WIDGET (prefs), _("Calendar address (https://…)"));
  user_row = cabinet_ui_find_row (GTK_WIDGET (prefs), _("User name"));
  password_row = cabinet_ui_find_row (GTK_WIDGET (prefs), _("Password"));

  gtk_editable_set_text (GTK_EDITABLE (url_row), "http://calendar.example.org/claire/");
  gtk_editable_set_text (GTK_EDITABLE (user_row), "claire");
  gtk_editable_set_text (GTK_EDITABLE (password_row), "s3cret");
  cabinet_ui_click (GTK_WIDGET (prefs), _("_Test and Save"));
  cabinet_ui_settle ();
  g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (prefs),
                                                   "The calendar’s address must start with https://, so that your schedule travels encrypted."));
  assert_setting (f, "caldav-url", "");

  server->refuse = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (url_row), server->url);
  cabinet_ui_click (GTK_WIDGET (prefs), _("_Test and Save"));
  cabinet_test_wait_for (calendar_refused, prefs, 20000);
  g_assert_null (cabinet_caldav_lookup_password (server->url, "claire", NULL));

  server->refuse = FALSE;
  cabinet_ui_click (GTK_WIDGET (prefs), _("_Test and Save"));
  cabinet_test_wait_for (calendar_saved, f, 20000);
  g_assert_cmpuint (server->n_put, ==, 1);
  kept = cabinet_caldav_lookup_password (server->url, "claire", &error);
  if (error == NULL)
    g_assert_cmpstr (kept, ==, "s3cret");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password_row)), ==, "");
  cabinet_ui_save_shot (GTK_WIDGET (prefs), "preferences-calendar");

  /* Stopped: the settings forget the calendar, the keyring the password. */
  cabinet_ui_click (GTK_WIDGET (prefs), _("S_top"));
  cabinet_ui_settle ();
  assert_setting (f, "caldav-url", "");

  gtk_window_destroy (GTK_WINDOW (prefs));
  cabinet_ui_settle ();
  cabinet_caldav_clear_password (server->url, "claire", NULL);
  cabinet_test_caldav_free (server);
}

int
main (int argc, char **argv)
{
  /* The practitioner works in Paris; the client lives in Montreal. */
  g_setenv ("TZ", "Europe/Paris", TRUE);
  cabinet_ui_test_init (&argc, &argv);

#define ADD(name, fn) g_test_add ("/schedule-ui/" name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("recurring-in-week", test_recurring_in_week);
  ADD ("overlap-confirmed", test_overlap_confirmed);
  ADD ("bad-input", test_bad_input);
  ADD ("clock-change", test_clock_change);
  ADD ("start-from-today", test_start_from_today);
  ADD ("cancel-start", test_cancel_start);
  ADD ("client-page-sessions", test_client_page_sessions);
  ADD ("preferences", test_preferences);
  ADD ("plan-for-closed-client", test_plan_for_closed_client);
  ADD ("import-calendar", test_import_calendar);
  ADD ("export-calendar", test_export_calendar);
  ADD ("publish-calendar", test_publish_calendar);
#undef ADD

  return g_test_run ();
}
