/* cabinet-schedule-page.c — the schedule: a week, day by day, and an agenda for
 * any period, with sessions planned and edited from either
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cabinet-calendar-actions.h"
#include "cabinet-check-env.h"
#include "cabinet-feedback.h"
#include "cabinet-gui-util.h"
#include "cabinet-schedule-page.h"
#include "cabinet-session-actions.h"
#include "cabinet-session-row.h"

/* An agenda spans a year at most: longer is a typing mistake, and a long wait. */
#define MAX_AGENDA_DAYS 366
#define DEFAULT_AGENDA_DAYS 31

struct _CabinetSchedulePage
{
  AdwBin            parent_instance;

  CabinetContext   *context;
  GTimeZone        *zone;
  guint             clock_source;
  GDate             shown_today;  /* the day highlighted as today */
  GDate             week_start;   /* a Monday */
  GDate             agenda_from;
  GDate             agenda_to;    /* included */

  AdwToastOverlay  *toasts;
  GtkLabel         *range_label;
  GtkStack         *view_stack;
  GtkBox           *week_box;
  GtkEntry         *from_entry;
  GtkEntry         *to_entry;
  GtkLabel         *range_error;
  GtkListBox       *agenda_list;
};

G_DEFINE_FINAL_TYPE (CabinetSchedulePage, cabinet_schedule_page, ADW_TYPE_BIN)

static GDateTime *
local_midnight (CabinetSchedulePage *self,
                const GDate         *day)
{
  return g_date_time_new (self->zone, g_date_get_year (day), g_date_get_month (day),
                          g_date_get_day (day), 0, 0, 0);
}

static void
today (CabinetSchedulePage *self,
       GDate               *day)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (self->zone);

  g_date_clear (day, 1);
  g_date_set_dmy (day, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

static char *
format_day (CabinetSchedulePage *self,
            const GDate         *day,
            const char          *format)
{
  g_autoptr(GDateTime) dt = local_midnight (self, day);

  return g_date_time_format (dt, format);
}

/* "23 – 29 November 2026", "30 November – 6 December 2026". */
static char *
format_range (CabinetSchedulePage *self,
              const GDate         *first,
              const GDate         *last)
{
  /* Translators: the last day of a period, as in "29 November 2026". */
  g_autofree char *to = format_day (self, last, _("%-d %B %Y"));
  g_autofree char *from = NULL;

  if (g_date_get_year (first) != g_date_get_year (last))
    from = format_day (self, first, _("%-d %B %Y"));
  else if (g_date_get_month (first) != g_date_get_month (last))
    /* Translators: the first day of a period within a year, as in "30 November". */
    from = format_day (self, first, _("%-d %B"));
  else
    from = format_day (self, first, "%-d");
  /* Translators: a period, as in "23 – 29 November 2026". */
  return g_strdup_printf (_("%s – %s"), from, to);
}

static GListModel *
list_days (CabinetSchedulePage *self,
           const GDate         *first,
           guint                n_days)
{
  CabinetSessionStore *store = self->context ? cabinet_context_get_session_store (self->context) : NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *sessions;

  if (store == NULL)
    return NULL;
  from = local_midnight (self, first);
  to = g_date_time_add_days (from, n_days);
  sessions = cabinet_session_store_list_range (store, g_date_time_to_unix (from), g_date_time_to_unix (to), &error);
  if (sessions == NULL)
    adw_toast_overlay_add_toast (self->toasts, cabinet_toast_new (error->message));
  return sessions;
}

static CabinetClient *
lookup_client (CabinetSchedulePage *self,
               CabinetSession      *session)
{
  CabinetClientStore *clients = cabinet_context_get_client_store (self->context, NULL);

  return clients ? cabinet_client_store_lookup (clients, cabinet_session_get_client_id (session)) : NULL;
}

static void
on_session_clicked (GtkButton           *button,
                    CabinetSchedulePage *self)
{
  CabinetSession *session = g_object_get_data (G_OBJECT (button), "cabinet-session");

  cabinet_session_actions_edit (GTK_WIDGET (self), self->context, session);
}

/* A session in the week: its hour and client, what became of it when it is
 * settled; activating it edits it. */
static GtkWidget *
week_session_button (CabinetSchedulePage *self,
                     CabinetSession      *session)
{
  CabinetClient *client = lookup_client (self, session);
  CabinetSessionStatus status = cabinet_session_get_status (session);
  g_autofree char *hours = cabinet_session_dup_time_range (session, self->zone);
  g_autofree char *name = client ? cabinet_client_dup_display_name (client) : g_strdup (_("Unknown client"));
  g_autofree char *tooltip = NULL;
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *time_label = gtk_label_new (hours);
  GtkWidget *name_label = gtk_label_new (name);

  gtk_label_set_xalign (GTK_LABEL (time_label), 0);
  gtk_widget_add_css_class (time_label, "caption-heading");
  gtk_label_set_xalign (GTK_LABEL (name_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name_label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), time_label);
  gtk_box_append (GTK_BOX (box), name_label);
  if (status != CABINET_SESSION_SCHEDULED)
    {
      GtkWidget *status_label = gtk_label_new (cabinet_session_status_label (status));

      gtk_label_set_xalign (GTK_LABEL (status_label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (status_label), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (status_label, "caption");
      gtk_box_append (GTK_BOX (box), status_label);
      gtk_widget_add_css_class (button, "dim-label");
    }
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "card");
  gtk_widget_add_css_class (button, "session-card");

  /* Translators: a session in the week: its hours, client, way of meeting and status. */
  tooltip = g_strdup_printf (_("%s · %s · %s · %s"), hours, name,
                             cabinet_channel_label (cabinet_session_get_modality (session)),
                             cabinet_session_status_label (status));
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  g_object_set_data_full (G_OBJECT (button), "cabinet-session", g_object_ref (session), g_object_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (on_session_clicked), self);
  return button;
}

/* An empty slot of @day: after its last session, from the start of the working
 * day, on a quarter hour. */
static gint64
free_slot (CabinetSchedulePage *self,
           const GDate         *day,
           GListModel          *sessions)
{
  GSettings *settings = cabinet_context_get_settings (self->context);
  guint first = g_settings_get_uint (settings, "working-hours-start");
  GDate next_day = *day;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) following = NULL;
  gint64 slot, day_end;

  /* Wall-clock times of that day: the day the clocks change has 23 or 25 hours. */
  g_date_add_days (&next_day, 1);
  start = g_date_time_new (self->zone, g_date_get_year (day), g_date_get_month (day), g_date_get_day (day),
                           (int) (first / 60), (int) (first % 60), 0);
  following = local_midnight (self, &next_day);
  slot = g_date_time_to_unix (start);
  day_end = g_date_time_to_unix (following);

  for (guint i = 0; sessions && i < g_list_model_get_n_items (sessions); i++)
    {
      g_autoptr(CabinetSession) session = g_list_model_get_item (sessions, i);

      if (cabinet_session_get_starts_at (session) < day_end
          && cabinet_session_status_holds_slot (cabinet_session_get_status (session)))
        slot = MAX (slot, cabinet_session_get_ends_at (session));
    }
  slot = (slot + 899) / 900 * 900;
  return slot < day_end ? slot : g_date_time_to_unix (start);
}

static void
on_add_clicked (GtkButton           *button,
                CabinetSchedulePage *self)
{
  const gint64 *slot = g_object_get_data (G_OBJECT (button), "cabinet-slot");

  cabinet_session_actions_plan (GTK_WIDGET (self), self->context, *slot, 0);
}

static void
rebuild_week (CabinetSchedulePage *self)
{
  g_autoptr(GListModel) sessions = list_days (self, &self->week_start, 7);
  GDate now, last;
  GtkWidget *child;
  guint next = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->week_box))) != NULL)
    gtk_box_remove (self->week_box, child);
  today (self, &now);
  self->shown_today = now;

  for (guint d = 0; d < 7; d++)
    {
      GDate day = self->week_start;
      g_autoptr(GDateTime) midnight = NULL;
      g_autoptr(GDateTime) following = NULL;
      g_autoptr(GListStore) of_day = g_list_store_new (CABINET_TYPE_SESSION);
      GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *header;
      GtkWidget *add;
      g_autofree char *title = NULL;
      g_autofree char *long_day = NULL;
      g_autofree char *add_label = NULL;
      gint64 *slot;

      g_date_add_days (&day, d);
      midnight = local_midnight (self, &day);
      following = g_date_time_add_days (midnight, 1);

      /* Translators: a day's heading in the week, as in "Mon 23". */
      title = format_day (self, &day, _("%a %-d"));
      /* Translators: a day in full, as in "Monday 23 November". */
      long_day = format_day (self, &day, _("%A %-d %B"));
      header = gtk_label_new (title);
      gtk_widget_add_css_class (header, "heading");
      if (g_date_compare (&day, &now) == 0)
        gtk_widget_add_css_class (header, "accent");
      gtk_accessible_update_property (GTK_ACCESSIBLE (header), GTK_ACCESSIBLE_PROPERTY_LABEL, long_day, -1);
      gtk_box_append (GTK_BOX (column), header);

      for (; sessions && next < g_list_model_get_n_items (sessions); next++)
        {
          g_autoptr(CabinetSession) session = g_list_model_get_item (sessions, next);

          if (cabinet_session_get_starts_at (session) >= g_date_time_to_unix (following))
            break;
          g_list_store_append (of_day, session);
          gtk_box_append (GTK_BOX (column), week_session_button (self, session));
        }

      add = gtk_button_new_from_icon_name ("list-add-symbolic");
      gtk_widget_add_css_class (add, "flat");
      /* Translators: %s is a day, as in "Monday 23 November". */
      add_label = g_strdup_printf (_("New session on %s"), long_day);
      gtk_widget_set_tooltip_text (add, add_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL, add_label, -1);
      slot = g_new (gint64, 1);
      *slot = free_slot (self, &day, G_LIST_MODEL (of_day));
      g_object_set_data_full (G_OBJECT (add), "cabinet-slot", slot, g_free);
      g_signal_connect (add, "clicked", G_CALLBACK (on_add_clicked), self);
      gtk_box_append (GTK_BOX (column), add);

      gtk_widget_set_size_request (column, 120, -1);
      gtk_box_append (self->week_box, column);
    }

  last = self->week_start;
  g_date_add_days (&last, 6);
  {
    g_autofree char *range = format_range (self, &self->week_start, &last);

    gtk_label_set_text (self->range_label, range);
  }
}

static void
set_entry_date (CabinetSchedulePage *self,
                GtkEntry            *entry,
                const GDate         *day)
{
  g_autofree char *text = format_day (self, day, "%Y-%m-%d");

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static void
rebuild_agenda (CabinetSchedulePage *self)
{
  g_autoptr(GListModel) sessions = NULL;
  g_autofree char *range = NULL;

  cabinet_list_box_remove_rows (self->agenda_list);

  set_entry_date (self, self->from_entry, &self->agenda_from);
  set_entry_date (self, self->to_entry, &self->agenda_to);
  range = format_range (self, &self->agenda_from, &self->agenda_to);
  gtk_label_set_text (self->range_label, range);

  sessions = list_days (self, &self->agenda_from,
                        (guint) g_date_days_between (&self->agenda_from, &self->agenda_to) + 1);
  for (guint i = 0; sessions && i < g_list_model_get_n_items (sessions); i++)
    {
      g_autoptr(CabinetSession) session = g_list_model_get_item (sessions, i);

      gtk_list_box_append (self->agenda_list,
                           cabinet_session_row_new (self->context, session, CABINET_SESSION_ROW_SHOW_DAY));
    }
}

static void reload (CabinetSchedulePage *self);

/* A new day (also after the computer slept): the week shows it as today. */
static gboolean
on_clock (gpointer user_data)
{
  CabinetSchedulePage *self = user_data;
  GDate now;

  today (self, &now);
  if (g_date_compare (&now, &self->shown_today) != 0)
    reload (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
showing_week (CabinetSchedulePage *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "week") == 0;
}

static void
reload (CabinetSchedulePage *self)
{
  if (showing_week (self))
    rebuild_week (self);
  else
    rebuild_agenda (self);
}

static void
on_range_entered (CabinetSchedulePage *self)
{
  g_autoptr(GDate) from = cabinet_parse_iso_date (gtk_editable_get_text (GTK_EDITABLE (self->from_entry)));
  g_autoptr(GDate) to = cabinet_parse_iso_date (gtk_editable_get_text (GTK_EDITABLE (self->to_entry)));
  const char *problem = NULL;

  if (from == NULL || to == NULL)
    problem = _("Enter both dates as YYYY-MM-DD, for example 2026-11-01.");
  else if (g_date_compare (to, from) < 0)
    problem = _("The period ends before it begins: choose a later end.");
  else if (g_date_days_between (from, to) >= MAX_AGENDA_DAYS)
    problem = _("Choose a period of one year at most.");
  else if (g_date_get_year (from) < 1900 || g_date_get_year (to) > 2200)
    problem = _("Choose dates between the years 1900 and 2200.");

  gtk_label_set_text (self->range_error, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->range_error), problem != NULL);
  if (problem)
    return;
  self->agenda_from = *from;
  self->agenda_to = *to;
  rebuild_agenda (self);
}

static void
go (CabinetSchedulePage *self,
    int                  direction)
{
  if (showing_week (self))
    {
      if (direction > 0)
        g_date_add_days (&self->week_start, 7);
      else
        g_date_subtract_days (&self->week_start, 7);
    }
  else
    {
      guint length = (guint) g_date_days_between (&self->agenda_from, &self->agenda_to) + 1;

      if (direction > 0)
        {
          g_date_add_days (&self->agenda_from, length);
          g_date_add_days (&self->agenda_to, length);
        }
      else
        {
          g_date_subtract_days (&self->agenda_from, length);
          g_date_subtract_days (&self->agenda_to, length);
        }
    }
  reload (self);
}

static void
previous_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  go (CABINET_SCHEDULE_PAGE (widget), -1);
}

static void
next_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  go (CABINET_SCHEDULE_PAGE (widget), 1);
}

void
cabinet_schedule_page_show_week (CabinetSchedulePage *self,
                                 const GDate         *day)
{
  g_return_if_fail (CABINET_IS_SCHEDULE_PAGE (self));
  g_return_if_fail (g_date_valid (day));

  self->week_start = *day;
  g_date_subtract_days (&self->week_start, g_date_get_weekday (day) - G_DATE_MONDAY);
  self->agenda_from = self->week_start;
  self->agenda_to = self->agenda_from;
  g_date_add_days (&self->agenda_to, DEFAULT_AGENDA_DAYS - 1);
  reload (self);
}

static void
today_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  CabinetSchedulePage *self = CABINET_SCHEDULE_PAGE (widget);
  GDate now;

  today (self, &now);
  cabinet_schedule_page_show_week (self, &now);
}

static void
new_session_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  CabinetSchedulePage *self = CABINET_SCHEDULE_PAGE (widget);

  if (self->context && !cabinet_context_is_locked (self->context))
    cabinet_session_actions_plan (widget, self->context, 0, 0);
}

/* The period shown: the week, or the agenda's days. */
static void
shown_period (CabinetSchedulePage *self,
              GDate               *first,
              GDate               *last)
{
  if (showing_week (self))
    {
      *first = self->week_start;
      *last = self->week_start;
      g_date_add_days (last, 6);
    }
  else
    {
      *first = self->agenda_from;
      *last = self->agenda_to;
    }
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  CabinetSchedulePage *self = CABINET_SCHEDULE_PAGE (widget);
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autofree char *period = NULL;
  GDate first, last;

  if (self->context == NULL || cabinet_context_is_locked (self->context))
    return;
  shown_period (self, &first, &last);
  from = local_midnight (self, &first);
  to = local_midnight (self, &last);
  {
    g_autoptr(GDateTime) end = g_date_time_add_days (to, 1);

    period = format_range (self, &first, &last);
    cabinet_calendar_export_present (widget, self->context, g_date_time_to_unix (from),
                                     g_date_time_to_unix (end), period);
  }
}

static void
import_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  CabinetSchedulePage *self = CABINET_SCHEDULE_PAGE (widget);

  if (self->context && !cabinet_context_is_locked (self->context))
    cabinet_calendar_import_present (widget, self->context);
}

/* The week or month shown is built when the page is shown, not at unlock nor at
 * each change made while it is hidden. */
static void
reload_when_shown (CabinetSchedulePage *self)
{
  cabinet_widget_refresh_when_shown (GTK_WIDGET (self), G_CALLBACK (reload));
}

static void
on_locked_changed (CabinetSchedulePage *self)
{
  gboolean locked = cabinet_context_is_locked (self->context);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "schedule.new-session", !locked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "schedule.export", !locked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "schedule.import", !locked);
  if (!locked)
    {
      CabinetClientStore *clients = cabinet_context_get_client_store (self->context, NULL);

      g_signal_connect_object (cabinet_context_get_session_store (self->context), "changed",
                               G_CALLBACK (reload_when_shown), self, G_CONNECT_SWAPPED);
      if (clients)
        g_signal_connect_object (clients, "items-changed", G_CALLBACK (reload_when_shown), self,
                                 G_CONNECT_SWAPPED);
      reload_when_shown (self);
      return;
    }
  /* Locked: no client's name stays on screen or in memory, at once. */
  reload (self);
}

static void
cabinet_schedule_page_dispose (GObject *object)
{
  CabinetSchedulePage *self = CABINET_SCHEDULE_PAGE (object);

  g_clear_handle_id (&self->clock_source, g_source_remove);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CABINET_TYPE_SCHEDULE_PAGE);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cabinet_schedule_page_parent_class)->dispose (object);
}

static void
cabinet_schedule_page_finalize (GObject *object)
{
  CabinetSchedulePage *self = CABINET_SCHEDULE_PAGE (object);

  g_clear_pointer (&self->zone, g_time_zone_unref);

  G_OBJECT_CLASS (cabinet_schedule_page_parent_class)->finalize (object);
}

static void
cabinet_schedule_page_class_init (CabinetSchedulePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cabinet_schedule_page_dispose;
  object_class->finalize = cabinet_schedule_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cabinetapp/Cabinet/cabinet-schedule-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CabinetSchedulePage, toasts);
  gtk_widget_class_bind_template_child (widget_class, CabinetSchedulePage, range_label);
  gtk_widget_class_bind_template_child (widget_class, CabinetSchedulePage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CabinetSchedulePage, week_box);
  gtk_widget_class_bind_template_child (widget_class, CabinetSchedulePage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, CabinetSchedulePage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, CabinetSchedulePage, range_error);
  gtk_widget_class_bind_template_child (widget_class, CabinetSchedulePage, agenda_list);
  gtk_widget_class_bind_template_callback (widget_class, on_range_entered);

  gtk_widget_class_install_action (widget_class, "schedule.previous", NULL, previous_activated);
  gtk_widget_class_install_action (widget_class, "schedule.next", NULL, next_activated);
  gtk_widget_class_install_action (widget_class, "schedule.today", NULL, today_activated);
  gtk_widget_class_install_action (widget_class, "schedule.new-session", NULL, new_session_activated);
  gtk_widget_class_install_action (widget_class, "schedule.export", NULL, export_activated);
  gtk_widget_class_install_action (widget_class, "schedule.import", NULL, import_activated);
}

static void
cabinet_schedule_page_init (CabinetSchedulePage *self)
{
  GtkWidget *placeholder;
  GDate now;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->zone = g_time_zone_new_local ();

  placeholder = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (placeholder), _("No sessions in this period"));
  gtk_list_box_set_placeholder (self->agenda_list, placeholder);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child-name", G_CALLBACK (reload), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "schedule.new-session", FALSE);

  today (self, &now);
  self->shown_today = now;
  self->clock_source = g_timeout_add_seconds (60, on_clock, self);
  self->week_start = now;
  g_date_subtract_days (&self->week_start, g_date_get_weekday (&now) - G_DATE_MONDAY);
  self->agenda_from = self->week_start;
  self->agenda_to = self->agenda_from;
  g_date_add_days (&self->agenda_to, DEFAULT_AGENDA_DAYS - 1);
}

void
cabinet_schedule_page_set_context (CabinetSchedulePage *self,
                                   CabinetContext      *context)
{
  g_return_if_fail (CABINET_IS_SCHEDULE_PAGE (self));
  g_return_if_fail (CABINET_IS_CONTEXT (context));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  g_signal_connect_object (context, "notify::locked", G_CALLBACK (on_locked_changed), self, G_CONNECT_SWAPPED);
  on_locked_changed (self);
}
