/* test-gdpr-ui.c — the breach log as the therapist keeps it: a breach recorded
 * through the dialog (what is missing said under its field), the main window's
 * reminder of the 72 hours until a decision is recorded, late once they are
 * past; the record of processing shown from the main menu
 * Runs under Xvfb with a private D-Bus session and a throwaway keyring.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cabinet-breach-dialog.h"
#include "cabinet-breach-log-window.h"
#include "cabinet-document-view.h"
#include "cabinet-document-window.h"
#include "cabinet-ui-practice.h"
#include "cabinet-ui-test-utils.h"
#include "cabinet-validate.h"

typedef CabinetUiPractice Fixture;

static GtkInfoBar *
breach_bar (Fixture *f)
{
  return GTK_INFO_BAR (cabinet_ui_find_by_type (GTK_WIDGET (f->window), GTK_TYPE_INFO_BAR));
}

/* Types @when, to the minute, into the dialog's date and time. */
static void
type_time (GtkWindow *dialog,
           GDateTime *when)
{
  g_autofree char *date = g_date_time_format (when, "%Y-%m-%d");
  g_autofree char *time = g_date_time_format (when, "%H:%M");

  gtk_editable_set_text (GTK_EDITABLE (cabinet_ui_find_row (GTK_WIDGET (dialog), "Date (YYYY-MM-DD)")), date);
  gtk_editable_set_text (GTK_EDITABLE (cabinet_ui_find_row (GTK_WIDGET (dialog), "Time (HH:MM)")), time);
}

/* The first text view on screen: in each dialog, the one to fill first. */
static void
type_text (GtkWindow  *dialog,
           const char *text)
{
  GtkWidget *view = cabinet_ui_find_by_type (GTK_WIDGET (dialog), GTK_TYPE_TEXT_VIEW);

  g_assert_nonnull (view);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
}

static void
save (GtkWindow *dialog)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "breach-dialog.save", NULL));
  cabinet_ui_settle ();
}

/* The log's only, or latest, breach. */
static gint64
latest_breach_id (Fixture *f)
{
  CabinetBreachLog *log = cabinet_context_get_breach_log (f->context, NULL);
  g_autoptr(CabinetBreach) breach = g_list_model_get_item (G_LIST_MODEL (log), 0);

  return cabinet_breach_get_id (breach);
}

static char *
expected_banner (GDateTime  *noticed,
                 const char *format)
{
  g_autoptr(GDateTime) deadline = g_date_time_add_hours (noticed, 72);
  g_autofree char *noticed_text = cabinet_format_date_time (noticed);
  g_autofree char *deadline_text = cabinet_format_date_time (deadline);

  return cabinet_text_expand (format, "noticed", noticed_text, "deadline", deadline_text, NULL);
}

/* Recorded through the dialog, the breach is shown in the log and the main
 * window says by when the CNIL must be notified, until it is; a breach noticed
 * more than 72 hours ago is said to be late, until the reason not to notify
 * it is recorded. */
static void
test_breach_log (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) minute = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                       g_date_time_get_day_of_month (now),
                                                       g_date_time_get_hour (now), g_date_time_get_minute (now), 0);
  g_autoptr(GDateTime) noticed = g_date_time_add_hours (minute, -2);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (minute, 1);
  g_autofree char *banner = NULL;
  GtkWindow *log_window;
  GtkWindow *dialog;

  g_assert_false (gtk_info_bar_get_revealed (breach_bar (f)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.breach-log", NULL));
  cabinet_ui_settle ();
  log_window = cabinet_ui_find_window (CABINET_TYPE_BREACH_LOG_WINDOW);
  g_assert_nonnull (log_window);
  g_assert_true (gtk_window_get_transient_for (log_window) == GTK_WINDOW (f->window));
  g_assert_true (cabinet_ui_shows_row (GTK_WIDGET (log_window), "No breach recorded"));
  cabinet_ui_save_shot (GTK_WIDGET (log_window), "breach-log-empty");

  /* What happened is required; a time to come is refused. Each is said under
   * its field, and nothing is recorded. */
  cabinet_ui_click (GTK_WIDGET (log_window), _("_Record a Breach…"));
  dialog = cabinet_ui_find_window (CABINET_TYPE_BREACH_DIALOG);
  g_assert_nonnull (dialog);
  type_time (dialog, noticed);
  save (dialog);
  g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (dialog),
                                                   "Describe what happened: the description of the breach is required."));
  cabinet_ui_save_shot (GTK_WIDGET (dialog), "breach-dialog-missing");
  type_text (dialog, "Ordinateur portable volé dans le train");
  type_time (dialog, tomorrow);
  save (dialog);
  g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (dialog),
                                                   "The breach cannot have been noticed later than now."));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cabinet_context_get_breach_log (f->context, NULL))),
                    ==, 0);

  type_time (dialog, noticed);
  save (dialog);
  g_assert_null (cabinet_ui_find_window (CABINET_TYPE_BREACH_DIALOG));
  {
    g_autofree char *when = cabinet_format_date_time (noticed);
    g_autofree char *title = g_strdup_printf ("Noticed on %s", when);

    g_assert_true (cabinet_ui_shows_row (GTK_WIDGET (log_window), title));
  }
  g_assert_nonnull (cabinet_ui_find_button (GTK_WIDGET (log_window), _("CNIL _Notified…")));
  cabinet_ui_save_shot (GTK_WIDGET (log_window), "breach-log-pending");

  /* The main window says it, with the deadline. */
  g_assert_true (gtk_info_bar_get_revealed (breach_bar (f)));
  banner = expected_banner (noticed, "A data breach noticed on {noticed} must be notified to the CNIL by {deadline} "
                                     "(GDPR art. 33), or the reason not to notify it recorded.");
  g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (f->window), banner));
  cabinet_ui_save_shot (GTK_WIDGET (f->window), "breach-banner");

  /* Notified: the reminder goes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (log_window), "breach-log.notified", "x",
                                             latest_breach_id (f)));
  cabinet_ui_settle ();
  dialog = cabinet_ui_find_window (CABINET_TYPE_BREACH_DIALOG);
  g_assert_nonnull (dialog);
  cabinet_ui_save_shot (GTK_WIDGET (dialog), "breach-dialog-notified");
  save (dialog);
  g_assert_null (cabinet_ui_find_window (CABINET_TYPE_BREACH_DIALOG));
  g_assert_false (gtk_info_bar_get_revealed (breach_bar (f)));
  g_assert_null (cabinet_ui_find_button (GTK_WIDGET (log_window), _("CNIL _Notified…")));
  cabinet_ui_save_shot (GTK_WIDGET (log_window), "breach-log-notified");

  /* Noticed four days ago and undecided: late, and said so. */
  {
    const char * const texts[] = { "Courriel envoyé au mauvais destinataire", NULL, NULL, NULL };
    g_autoptr(GDateTime) long_ago = g_date_time_add_hours (minute, -96);
    g_autoptr(CabinetBreach) breach = NULL;
    g_autoptr(GError) error = NULL;

    breach = cabinet_breach_log_add (cabinet_context_get_breach_log (f->context, NULL), long_ago, texts, &error);
    g_assert_no_error (error);
    cabinet_ui_settle ();
    g_free (banner);
    banner = expected_banner (long_ago, "A data breach noticed on {noticed} was to be notified to the CNIL by "
                                        "{deadline} (GDPR art. 33). It is late: notify it now, with the reasons "
                                        "for the delay.");
    g_assert_true (gtk_info_bar_get_revealed (breach_bar (f)));
    g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (f->window), banner));
    cabinet_ui_save_shot (GTK_WIDGET (f->window), "breach-banner-late");

    /* The reason not to notify is required, then recorded. */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (log_window), "breach-log.not-notified", "x",
                                               cabinet_breach_get_id (breach)));
    cabinet_ui_settle ();
    dialog = cabinet_ui_find_window (CABINET_TYPE_BREACH_DIALOG);
    g_assert_nonnull (dialog);
    save (dialog);
    g_assert_nonnull (cabinet_ui_find_visible_label (GTK_WIDGET (dialog),
                                                     "Say why the CNIL is not notified: the reason is kept in the log."));
    type_text (dialog, "Adresse interne au cabinet, message supprimé sans être lu.");
    cabinet_ui_save_shot (GTK_WIDGET (dialog), "breach-dialog-not-notified");
    save (dialog);
    g_assert_null (cabinet_ui_find_window (CABINET_TYPE_BREACH_DIALOG));
    g_assert_false (gtk_info_bar_get_revealed (breach_bar (f)));
    g_assert_cmpstr (cabinet_breach_get_not_notified_reason (breach), ==,
                     "Adresse interne au cabinet, message supprimé sans être lu.");
  }
  cabinet_ui_save_shot (GTK_WIDGET (log_window), "breach-log-decided");

  /* The log is the practice's records: it goes when they lock. */
  cabinet_context_lock (f->context);
  cabinet_ui_settle ();
  g_assert_null (cabinet_ui_find_window (CABINET_TYPE_BREACH_LOG_WINDOW));
}

/* The record of processing, from the main menu, as it will print. */
static void
test_gdpr_record (Fixture *f, gconstpointer data)
{
  GtkWindow *shown;
  CabinetDocumentView *view;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.gdpr-record", NULL));
  cabinet_ui_settle ();
  shown = cabinet_ui_find_window (CABINET_TYPE_DOCUMENT_WINDOW);
  g_assert_nonnull (shown);
  g_assert_cmpstr (gtk_window_get_title (shown), ==, "GDPR Record of Processing");
  view = CABINET_DOCUMENT_VIEW (cabinet_ui_find_by_type (GTK_WIDGET (shown), CABINET_TYPE_DOCUMENT_VIEW));
  g_assert_cmpuint (cabinet_document_view_get_n_pages (view), >=, 1);
  cabinet_ui_save_shot (GTK_WIDGET (shown), "gdpr-record");
  gtk_window_destroy (shown);
  cabinet_ui_settle ();
}

int
main (int argc, char **argv)
{
  g_setenv ("TZ", "Europe/Paris", TRUE);
  cabinet_ui_test_init (&argc, &argv);

#define ADD(name, fn) g_test_add ("/gdpr-ui/" name, Fixture, NULL, cabinet_ui_practice_setup, fn, \
                                  cabinet_ui_practice_teardown)
  ADD ("breach-log", test_breach_log);
  ADD ("gdpr-record", test_gdpr_record);
#undef ADD

  return g_test_run ();
}
