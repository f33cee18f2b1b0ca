/* cabinet-calendar-sync.c — keeps the published calendar up to date: after each
 * change (a few seconds later), at unlock, and every quarter of an hour while
 * something is left to send
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cabinet-audit.h"
#include "cabinet-caldav.h"
#include "cabinet-calendar-sync.h"
#include "cabinet-context.h"

/* Changes made together (a series, an import) go in one synchronisation. */
#define DEFAULT_DELAY_SECONDS 5
/* A failed synchronisation is tried again this much later. */
#define RETRY_SECONDS (15 * 60)

struct _CabinetCalendarSync
{
  GObject         parent_instance;
  CabinetContext *context;     /* not owned: it owns us */
  GCancellable   *cancellable;
  guint           delay;
  guint           timer;
  gboolean        running;
  gboolean        again;      /* a change came during the run */
  guint           generation; /* of the run under way: a cancelled one's end is ignored */
  char           *status;
  gulong          store_handler;
  CabinetSessionStore *store;
  gulong          clients_handler;
  CabinetClientStore *clients;
};

G_DEFINE_FINAL_TYPE (CabinetCalendarSync, cabinet_calendar_sync, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void schedule (CabinetCalendarSync *self,
                      guint                seconds);

static void
set_status (CabinetCalendarSync *self,
            char                *status)
{
  g_free (self->status);
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
set_running (CabinetCalendarSync *self,
             gboolean             running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static CabinetClient *
lookup_client (gint64   client_id,
               gpointer user_data)
{
  return cabinet_client_store_lookup (CABINET_CLIENT_STORE (user_data), client_id);
}

static CabinetIcalTitle
title_setting (GSettings *settings)
{
  g_autofree char *title = g_settings_get_string (settings, "caldav-title");

  if (g_str_equal (title, "initials"))
    return CABINET_ICAL_TITLE_INITIALS;
  if (g_str_equal (title, "full-name"))
    return CABINET_ICAL_TITLE_FULL_NAME;
  return CABINET_ICAL_TITLE_SESSION;
}

static void
finish_run (CabinetCalendarSync *self,
            char                *status,
            gboolean             failed)
{
  set_status (self, status);
  set_running (self, FALSE);
  if (self->again)
    {
      self->again = FALSE;
      schedule (self, self->delay);
    }
  else if (failed)
    schedule (self, RETRY_SECONDS);
}

typedef struct {
  CabinetCalendarSync *self;
  guint                generation;
} Run;

static Run *
run_new (CabinetCalendarSync *self)
{
  Run *run = g_new0 (Run, 1);

  run->self = g_object_ref (self);
  run->generation = self->generation;
  return run;
}

static void
run_free (Run *run)
{
  g_object_unref (run->self);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

/* Whether @run is still the one under way (not cancelled by a lock, nor its
 * context gone). */
static gboolean
run_current (Run *run)
{
  return run->self->context != NULL && run->generation == run->self->generation;
}

static void
on_synced (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Run) run = user_data;
  CabinetCalendarSync *self = run->self;
  g_auto(CabinetCaldavSummary) summary = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *hour = NULL;
  CabinetDatabase *database;
  gboolean synced;

  synced = cabinet_caldav_sync_finish (CABINET_CALDAV (source), result, &summary, &error);
  /* Sessions left the encrypted file, even in a run that stopped part-way;
   * once locked, there is no log to say it in. */
  database = self->context ? cabinet_context_get_database (self->context) : NULL;
  if (database && summary.n_sent + summary.n_deleted > 0)
    cabinet_audit_record_now (database, "calendar-published", NULL, 0);
  if (!synced)
    {
      if (run_current (run))
        finish_run (self, g_strdup (error->message), TRUE);
      return;
    }
  if (!run_current (run))
    return;
  now = g_date_time_new_now_local ();
  /* Translators: the time of day the calendar was last brought up to date. */
  hour = g_date_time_format (now, _("%H:%M"));
  /* Translators: %s is a time of day, as in "14:05". */
  finish_run (self, g_strdup_printf (_("Up to date at %s"), hour), FALSE);
}

static void
on_password (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Run) run = user_data;
  CabinetCalendarSync *self = run->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetCaldav) caldav = NULL;
  char *password = cabinet_caldav_lookup_password_finish (result, &error);
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;
  GSettings *settings;
  CabinetDatabase *database;
  CabinetClientStore *clients;

  if (!run_current (run))
    {
      cabinet_secure_free_string (password);
      return;
    }
  settings = cabinet_context_get_settings (self->context);
  url = g_settings_get_string (settings, "caldav-url");
  user = g_settings_get_string (settings, "caldav-user");
  database = cabinet_context_get_database (self->context);
  clients = database ? cabinet_context_get_client_store (self->context, NULL) : NULL;
  if (error || database == NULL || clients == NULL)
    {
      finish_run (self, g_strdup (error ? error->message : _("Cabinet is locked.")), error != NULL);
      cabinet_secure_free_string (password);
      return;
    }
  caldav = cabinet_caldav_new (url, user, password ? password : "", &error);
  cabinet_secure_free_string (password);
  if (caldav == NULL)
    {
      finish_run (self, g_strdup (error->message), FALSE);
      return;
    }
  cabinet_caldav_sync_async (caldav, database, title_setting (settings), lookup_client, clients,
                             self->cancellable, on_synced, g_steal_pointer (&run));
}

static void
start (CabinetCalendarSync *self)
{
  GSettings *settings = cabinet_context_get_settings (self->context);
  g_autofree char *url = g_settings_get_string (settings, "caldav-url");
  g_autofree char *user = g_settings_get_string (settings, "caldav-user");

  if (self->running)
    {
      self->again = TRUE;
      return;
    }
  if (*url == '\0' || cabinet_context_is_locked (self->context))
    return;
  self->generation++;
  set_running (self, TRUE);
  cabinet_caldav_lookup_password_async (url, user, self->cancellable, on_password, run_new (self));
}

static gboolean
on_timer (gpointer user_data)
{
  CabinetCalendarSync *self = user_data;

  self->timer = 0;
  start (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (CabinetCalendarSync *self,
          guint                seconds)
{
  if (!cabinet_calendar_sync_is_enabled (self) || cabinet_context_is_locked (self->context))
    return;
  g_clear_handle_id (&self->timer, g_source_remove);
  self->timer = g_timeout_add_seconds (seconds, on_timer, self);
}

static void
on_sessions_changed (CabinetCalendarSync *self)
{
  if (self->running)
    self->again = TRUE;
  else
    schedule (self, self->delay);
}

static void
stop_watching (CabinetCalendarSync *self)
{
  if (self->store)
    g_clear_signal_handler (&self->store_handler, self->store);
  g_clear_object (&self->store);
  if (self->clients)
    g_clear_signal_handler (&self->clients_handler, self->clients);
  g_clear_object (&self->clients);
}

/* A client renamed or erased changes what their events show, or removes them:
 * watched only while publishing is on. */
static void
watch_clients (CabinetCalendarSync *self)
{
  CabinetClientStore *clients = NULL;

  if (self->store && cabinet_calendar_sync_is_enabled (self))
    clients = cabinet_context_get_client_store (self->context, NULL);
  if (clients == self->clients)
    return;
  if (self->clients)
    g_clear_signal_handler (&self->clients_handler, self->clients);
  g_clear_object (&self->clients);
  if (clients)
    {
      self->clients = g_object_ref (clients);
      self->clients_handler = g_signal_connect_swapped (clients, "items-changed",
                                                        G_CALLBACK (on_sessions_changed), self);
    }
}

static void
on_locked_changed (CabinetCalendarSync *self)
{
  CabinetSessionStore *store = cabinet_context_get_session_store (self->context);

  stop_watching (self);
  g_clear_handle_id (&self->timer, g_source_remove);

  if (store == NULL)
    {
      /* Locked: what was under way stops; the database it wrote to is closed. */
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      self->generation++;
      self->again = FALSE;
      set_running (self, FALSE);
      return;
    }
  self->store = g_object_ref (store);
  self->store_handler = g_signal_connect_swapped (store, "changed", G_CALLBACK (on_sessions_changed), self);
  watch_clients (self);
  schedule (self, 1);
}

static void
cabinet_calendar_sync_dispose (GObject *object)
{
  CabinetCalendarSync *self = CABINET_CALENDAR_SYNC (object);

  g_clear_handle_id (&self->timer, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  stop_watching (self);
  /* A run still under way finds no context and ends quietly. */
  self->context = NULL;
  g_clear_pointer (&self->status, g_free);

  G_OBJECT_CLASS (cabinet_calendar_sync_parent_class)->dispose (object);
}

static void
cabinet_calendar_sync_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CabinetCalendarSync *self = CABINET_CALENDAR_SYNC (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cabinet_calendar_sync_class_init (CabinetCalendarSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cabinet_calendar_sync_dispose;
  object_class->get_property = cabinet_calendar_sync_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cabinet_calendar_sync_init (CabinetCalendarSync *self)
{
  self->delay = DEFAULT_DELAY_SECONDS;
  self->cancellable = g_cancellable_new ();
}

CabinetCalendarSync *
cabinet_calendar_sync_new (CabinetContext *context)
{
  CabinetCalendarSync *self;

  g_return_val_if_fail (CABINET_IS_CONTEXT (context), NULL);

  self = g_object_new (CABINET_TYPE_CALENDAR_SYNC, NULL);
  self->context = context;
  g_signal_connect_object (context, "notify::locked", G_CALLBACK (on_locked_changed), self, G_CONNECT_SWAPPED);
  /* Another title (initials, or back to "Session") is published at once. */
  g_signal_connect_object (cabinet_context_get_settings (context), "changed::caldav-title",
                           G_CALLBACK (on_sessions_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (cabinet_context_get_settings (context), "changed::caldav-url",
                           G_CALLBACK (watch_clients), self, G_CONNECT_SWAPPED);
  on_locked_changed (self);
  return self;
}

void
cabinet_calendar_sync_now (CabinetCalendarSync *self)
{
  g_return_if_fail (CABINET_IS_CALENDAR_SYNC (self));

  g_clear_handle_id (&self->timer, g_source_remove);
  start (self);
}

gboolean
cabinet_calendar_sync_is_enabled (CabinetCalendarSync *self)
{
  g_autofree char *url = NULL;

  g_return_val_if_fail (CABINET_IS_CALENDAR_SYNC (self), FALSE);

  url = g_settings_get_string (cabinet_context_get_settings (self->context), "caldav-url");
  return *url != '\0';
}

gboolean
cabinet_calendar_sync_get_running (CabinetCalendarSync *self)
{
  g_return_val_if_fail (CABINET_IS_CALENDAR_SYNC (self), FALSE);
  return self->running;
}

const char *
cabinet_calendar_sync_get_status (CabinetCalendarSync *self)
{
  g_return_val_if_fail (CABINET_IS_CALENDAR_SYNC (self), NULL);
  return self->status;
}

void
cabinet_calendar_sync_set_delay (CabinetCalendarSync *self,
                                 guint                seconds)
{
  g_return_if_fail (CABINET_IS_CALENDAR_SYNC (self));
  self->delay = seconds;
}
