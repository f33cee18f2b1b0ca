/* cabinet-today-page.c — the home page: today's sessions, each ready to start,
 * and whether this computer passed its security self-check
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cabinet-feedback.h"
#include "cabinet-gui-util.h"
#include "cabinet-money.h"
#include "cabinet-security-page.h"
#include "cabinet-session-actions.h"
#include "cabinet-session-row.h"
#include "cabinet-today-page.h"

/* How far ahead "Next" looks when the day is over or empty, and how many it shows. */
#define NEXT_DAYS 14
#define NEXT_COUNT 3

struct _CabinetTodayPage
{
  AdwBin               parent_instance;

  CabinetContext      *context;
  guint                clock_source;
  GDate                shown_day;    /* the day the page shows */

  AdwToastOverlay     *toasts;
  GtkLabel            *greeting_label;
  GtkLabel            *day_label;
  GtkLabel            *owed_label;
  AdwActionRow        *security_row;
  GtkImage            *security_icon;
  GtkWidget           *check_button;
  GtkListBox          *session_list;
  GtkWidget           *next_group;
  GtkListBox          *next_list;
  CabinetLedger       *ledger;       /* watched: a new one comes with a new profile */
  gulong               ledger_handler;
};

G_DEFINE_FINAL_TYPE (CabinetTodayPage, cabinet_today_page, ADW_TYPE_BIN)

static void
update_security (CabinetTodayPage *self)
{
  CabinetSelfCheck *check = cabinet_context_get_self_check (self->context);
  GDateTime *checked_at = cabinet_self_check_get_checked_at (check);
  g_autofree char *when = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->security_row),
                                 cabinet_self_check_describe (check));
  if (checked_at)
    {
      g_autofree char *formatted = cabinet_format_date_time (checked_at);

      when = g_strdup_printf (_("Last checked %s"), formatted);
    }
  adw_action_row_set_subtitle (self->security_row,
                               when ? when : _("Start session runs the self-check before each session."));
  cabinet_security_page_set_status_image (self->security_icon, cabinet_self_check_get_verdict (check));
  gtk_widget_set_sensitive (self->check_button, !cabinet_self_check_get_running (check));
}

static void
fill_list (CabinetTodayPage       *self,
           GtkListBox             *list,
           GListModel             *sessions,
           guint                   limit,
           CabinetSessionRowFlags  flags)
{
  cabinet_list_box_remove_rows (list);
  for (guint i = 0, shown = 0; i < g_list_model_get_n_items (sessions) && shown < limit; i++)
    {
      g_autoptr(CabinetSession) session = g_list_model_get_item (sessions, i);

      if ((flags & CABINET_SESSION_ROW_SHOW_DAY) && cabinet_session_get_status (session) != CABINET_SESSION_SCHEDULED)
        continue;
      gtk_list_box_append (list, cabinet_session_row_new (self->context, session, flags));
      shown++;
    }
}

static void reload (CabinetTodayPage *self);
static void watch_ledger (CabinetTodayPage *self);

/* The clock is looked at every minute: a timer set for midnight would not run
 * while the computer sleeps, and the page would open on yesterday. */
static gboolean
on_clock (gpointer user_data)
{
  CabinetTodayPage *self = user_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  if (!g_date_valid (&self->shown_day) || g_date_compare (&today, &self->shown_day) != 0)
    reload (self);
  return G_SOURCE_CONTINUE;
}

static void
reload (CabinetTodayPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                         g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (midnight, 1);
  g_autoptr(GDateTime) later = g_date_time_add_days (midnight, NEXT_DAYS);
  g_autofree char *day = NULL;
  CabinetSessionStore *store;
  g_autoptr(GListModel) today = NULL;
  g_autoptr(GListModel) next = NULL;
  g_autoptr(GError) error = NULL;

  /* Translators: today's date as the page's title, as in "Sunday 22 November". */
  day = g_date_time_format (now, _("%A %-d %B"));
  gtk_label_set_text (self->day_label, day);

  g_date_clear (&self->shown_day, 1);
  g_date_set_dmy (&self->shown_day, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));

  /* Locked: the ledger (and the database it holds) is let go too. */
  watch_ledger (self);
  store = self->context ? cabinet_context_get_session_store (self->context) : NULL;
  if (store == NULL)
    {
      cabinet_list_box_remove_rows (self->session_list);
      cabinet_list_box_remove_rows (self->next_list);
      gtk_widget_set_visible (self->next_group, FALSE);
      return;
    }

  today = cabinet_session_store_list_range (store, g_date_time_to_unix (midnight),
                                            g_date_time_to_unix (tomorrow), &error);
  if (today == NULL)
    {
      adw_toast_overlay_add_toast (self->toasts, cabinet_toast_new (error->message));
      return;
    }
  fill_list (self, self->session_list, today, G_MAXUINT, CABINET_SESSION_ROW_SHOW_START);

  /* What clients owe on the whole, when they owe something. */
  {
    CabinetLedger *ledger = cabinet_context_get_ledger (self->context);
    g_autoptr(GHashTable) balances = NULL;
    gint64 outstanding = 0;

    if (ledger)
      balances = cabinet_ledger_get_balances (ledger, &outstanding, NULL);
    if (balances && outstanding > 0)
      {
        g_autofree char *money = cabinet_money_format (outstanding, cabinet_context_get_currency (self->context));
        g_autofree char *text = g_strdup_printf (_("Owed to you: %s"), money);

        gtk_label_set_text (self->owed_label, text);
      }
    gtk_widget_set_visible (GTK_WIDGET (self->owed_label), balances && outstanding > 0);
  }

  next = cabinet_session_store_list_range (store, g_date_time_to_unix (tomorrow),
                                           g_date_time_to_unix (later), NULL);
  if (next)
    fill_list (self, self->next_list, next, NEXT_COUNT, CABINET_SESSION_ROW_SHOW_DAY);
  gtk_widget_set_visible (self->next_group,
                          gtk_list_box_get_row_at_index (self->next_list, 0) != NULL);
}

static void
on_locked_changed (CabinetTodayPage *self)
{
  if (!cabinet_context_is_locked (self->context))
    {
      CabinetClientStore *clients = cabinet_context_get_client_store (self->context, NULL);

      /* A renamed client, a form signed: the rows say so at once. */
      g_signal_connect_object (cabinet_context_get_session_store (self->context), "changed",
                               G_CALLBACK (reload), self, G_CONNECT_SWAPPED);

      if (clients)
        g_signal_connect_object (clients, "items-changed", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
    }
  reload (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "today.new-session",
                                 !cabinet_context_is_locked (self->context));
}

static void
update_greeting (CabinetTodayPage *self)
{
  CabinetPractitioner *practitioner = cabinet_context_get_practitioner (self->context);
  g_autofree char *title = NULL;

  if (practitioner == NULL)
    return;
  /* Translators: the Today page's title; %s is the therapist's name. */
  title = g_strdup_printf (_("Hello, %s"),
                           cabinet_practitioner_get_text (practitioner, CABINET_PRACTITIONER_FULL_NAME));
  gtk_label_set_text (self->greeting_label, title);
}

static void
watch_ledger (CabinetTodayPage *self)
{
  CabinetLedger *ledger = self->context ? cabinet_context_get_ledger (self->context) : NULL;

  if (self->ledger == ledger)
    return;
  if (self->ledger)
    g_clear_signal_handler (&self->ledger_handler, self->ledger);
  g_set_object (&self->ledger, ledger);
  if (ledger)
    self->ledger_handler = g_signal_connect_swapped (ledger, "changed", G_CALLBACK (reload), self);
}

static void
on_security_row_activated (CabinetTodayPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-page", "s", "security");
}

static void
new_session_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  CabinetTodayPage *self = CABINET_TODAY_PAGE (widget);

  if (self->context)
    cabinet_session_actions_plan (widget, self->context, 0, 0);
}

static void
check_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  CabinetTodayPage *self = CABINET_TODAY_PAGE (widget);

  if (self->context)
    cabinet_context_run_self_check (self->context);
}

static void
cabinet_today_page_dispose (GObject *object)
{
  CabinetTodayPage *self = CABINET_TODAY_PAGE (object);

  g_clear_handle_id (&self->clock_source, g_source_remove);
  if (self->ledger)
    g_clear_signal_handler (&self->ledger_handler, self->ledger);
  g_clear_object (&self->ledger);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CABINET_TYPE_TODAY_PAGE);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cabinet_today_page_parent_class)->dispose (object);
}

static void
cabinet_today_page_class_init (CabinetTodayPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cabinet_today_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cabinetapp/Cabinet/cabinet-today-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CabinetTodayPage, toasts);
  gtk_widget_class_bind_template_child (widget_class, CabinetTodayPage, greeting_label);
  gtk_widget_class_bind_template_child (widget_class, CabinetTodayPage, day_label);
  gtk_widget_class_bind_template_child (widget_class, CabinetTodayPage, owed_label);
  gtk_widget_class_bind_template_child (widget_class, CabinetTodayPage, security_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetTodayPage, security_icon);
  gtk_widget_class_bind_template_child (widget_class, CabinetTodayPage, check_button);
  gtk_widget_class_bind_template_child (widget_class, CabinetTodayPage, session_list);
  gtk_widget_class_bind_template_child (widget_class, CabinetTodayPage, next_group);
  gtk_widget_class_bind_template_child (widget_class, CabinetTodayPage, next_list);
  gtk_widget_class_bind_template_callback (widget_class, on_security_row_activated);

  gtk_widget_class_install_action (widget_class, "today.new-session", NULL, new_session_activated);
  gtk_widget_class_install_action (widget_class, "today.check", NULL, check_activated);
}

static void
cabinet_today_page_init (CabinetTodayPage *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_date_clear (&self->shown_day, 1);
  self->clock_source = g_timeout_add_seconds (60, on_clock, self);

  placeholder = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (placeholder), _("No sessions today"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (placeholder), _("Plan one with New Session (Ctrl+N), or in the Schedule."));
  gtk_list_box_set_placeholder (self->session_list, placeholder);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "today.new-session", FALSE);
}

void
cabinet_today_page_set_context (CabinetTodayPage *self,
                                CabinetContext   *context)
{
  CabinetSelfCheck *check;

  g_return_if_fail (CABINET_IS_TODAY_PAGE (self));
  g_return_if_fail (CABINET_IS_CONTEXT (context));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  check = cabinet_context_get_self_check (context);
  g_signal_connect_object (check, "notify", G_CALLBACK (update_security), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::locked", G_CALLBACK (on_locked_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::practitioner", G_CALLBACK (update_greeting), self, G_CONNECT_SWAPPED);
  update_greeting (self);
  update_security (self);
  on_locked_changed (self);
}
