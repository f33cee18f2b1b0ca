/* cabinet-reminders.c — a word before each session, while Cabinet runs
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cabinet-reminders.h"

/* How often the clock is looked at: a reminder comes at most this late. */
#define TICK_SECONDS 20

struct _CabinetReminders
{
  GObject         parent_instance;
  CabinetContext *context;
  GApplication   *application;  /* not owned: it owns us */
  GHashTable     *reminded;     /* of session uid: reminded once each */
  GPtrArray      *shown;        /* ids of the notifications sent */
  guint           tick_source;
};

G_DEFINE_FINAL_TYPE (CabinetReminders, cabinet_reminders, G_TYPE_OBJECT)

enum {
  REMIND,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GPtrArray *
cabinet_reminders_due (GListModel *sessions,
                       gint64      now,
                       guint       lead_minutes)
{
  GPtrArray *due = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (G_IS_LIST_MODEL (sessions), due);

  for (guint i = 0; i < g_list_model_get_n_items (sessions); i++)
    {
      g_autoptr(CabinetSession) session = g_list_model_get_item (sessions, i);
      gint64 start = cabinet_session_get_starts_at (session);

      if (cabinet_session_get_status (session) == CABINET_SESSION_SCHEDULED
          && cabinet_session_get_started_at (session) == 0
          && start > now && start - now <= (gint64) lead_minutes * 60)
        g_ptr_array_add (due, g_steal_pointer (&session));
    }
  return due;
}

static void
notify_session (CabinetReminders *self,
                CabinetSession   *session,
                gint64            now)
{
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GDateTime) start = cabinet_session_dup_start (session, zone);
  g_autofree char *hour = g_date_time_format (start, _("%H:%M"));
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *id = NULL;
  guint minutes = (guint) ((cabinet_session_get_starts_at (session) - now + 59) / 60);

  /* Translators: a reminder's title, as in "Session at 14:00". */
  title = g_strdup_printf (_("Session at %s"), hour);
  /* Translators: a reminder, as in "In 10 minutes, by video." */
  body = g_strdup_printf (ngettext ("In %u minute · %s", "In %u minutes · %s", minutes), minutes,
                          cabinet_channel_label (cabinet_session_get_modality (session)));
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target (notification, "app.show-today", NULL);
  id = g_strconcat ("session-", cabinet_session_get_uid (session), NULL);
  if (self->application)
    {
      g_application_send_notification (self->application, id, notification);
      g_ptr_array_add (self->shown, g_steal_pointer (&id));
    }
  g_signal_emit (self, signals[REMIND], 0, session);
}

void
cabinet_reminders_check (CabinetReminders *self,
                         gint64            now)
{
  CabinetSessionStore *store;
  guint lead;
  g_autoptr(GListModel) sessions = NULL;
  g_autoptr(GPtrArray) due = NULL;

  g_return_if_fail (CABINET_IS_REMINDERS (self));

  store = cabinet_context_get_session_store (self->context);
  lead = g_settings_get_uint (cabinet_context_get_settings (self->context), "reminder-minutes");
  if (store == NULL || lead == 0)
    return;

  sessions = cabinet_session_store_list_range (store, now, now + (gint64) lead * 60 + 1, NULL);
  if (sessions == NULL)
    return;
  due = cabinet_reminders_due (sessions, now, lead);
  for (guint i = 0; i < due->len; i++)
    {
      CabinetSession *session = g_ptr_array_index (due, i);
      /* Once per session and start time: a session moved is reminded again. */
      g_autofree char *key = g_strdup_printf ("%s@%" G_GINT64_FORMAT, cabinet_session_get_uid (session),
                                              cabinet_session_get_starts_at (session));

      if (g_hash_table_contains (self->reminded, key))
        continue;
      g_hash_table_add (self->reminded, g_steal_pointer (&key));
      notify_session (self, session, now);
    }
}

static gboolean
on_tick (gpointer user_data)
{
  CabinetReminders *self = user_data;

  cabinet_reminders_check (self, g_get_real_time () / G_USEC_PER_SEC);
  return G_SOURCE_CONTINUE;
}

/* Locked: the reminders on screen go too (they may be out of date by the
 * time Cabinet is unlocked, and a locked Cabinet says nothing). */
static void
withdraw_all (CabinetReminders *self)
{
  for (guint i = 0; self->application && i < self->shown->len; i++)
    g_application_withdraw_notification (self->application, g_ptr_array_index (self->shown, i));
  g_ptr_array_set_size (self->shown, 0);
}

static void
on_locked_changed (CabinetReminders *self)
{
  g_clear_handle_id (&self->tick_source, g_source_remove);
  if (cabinet_context_is_locked (self->context))
    {
      withdraw_all (self);
      return;
    }
  self->tick_source = g_timeout_add_seconds (TICK_SECONDS, on_tick, self);
  on_tick (self);
}

static void
cabinet_reminders_dispose (GObject *object)
{
  CabinetReminders *self = CABINET_REMINDERS (object);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  g_clear_object (&self->context);
  g_clear_pointer (&self->reminded, g_hash_table_unref);
  g_clear_pointer (&self->shown, g_ptr_array_unref);

  G_OBJECT_CLASS (cabinet_reminders_parent_class)->dispose (object);
}

static void
cabinet_reminders_class_init (CabinetRemindersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cabinet_reminders_dispose;

  signals[REMIND] = g_signal_new ("remind", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, CABINET_TYPE_SESSION);
}

static void
cabinet_reminders_init (CabinetReminders *self)
{
  self->reminded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->shown = g_ptr_array_new_with_free_func (g_free);
}

CabinetReminders *
cabinet_reminders_new (CabinetContext *context,
                       GApplication   *application)
{
  CabinetReminders *self;

  g_return_val_if_fail (CABINET_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (application == NULL || G_IS_APPLICATION (application), NULL);

  self = g_object_new (CABINET_TYPE_REMINDERS, NULL);
  self->context = g_object_ref (context);
  self->application = application;
  g_signal_connect_object (context, "notify::locked", G_CALLBACK (on_locked_changed), self, G_CONNECT_SWAPPED);
  on_locked_changed (self);
  return self;
}
