/* cabinet-window.c — the main window: unlock, first run, and the five pages
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cabinet-audit-window.h"
#include "cabinet-breach-log-window.h"
#include "cabinet-clients-page.h"
#include "cabinet-document-window.h"
#include "cabinet-first-frame.h"
#include "cabinet-feedback.h"
#include "cabinet-gdpr-record.h"
#include "cabinet-gui-util.h"
#include "cabinet-payments-page.h"
#include "cabinet-schedule-page.h"
#include "cabinet-security-page.h"
#include "cabinet-today-page.h"
#include "cabinet-unlock-page.h"
#include "cabinet-welcome.h"
#include "cabinet-window.h"

/* How often the idle lock looks at the clock. */
#define IDLE_CHECK_SECONDS 10

/* How long a start waits for the keyring before showing the unlock screen. */
#define READY_WAIT_MS 1500

struct _CabinetWindow
{
  AdwApplicationWindow  parent_instance;

  CabinetContext       *context;
  gint64                last_activity;
  guint                 idle_source;
  CabinetBreachLog     *watched_log;         /* weak: the unlocked practice's */
  guint                 deadline_source;     /* when the first breach's 72 hours are over */
  guint                 ready_source;        /* the longest wait before the first present */
  guint                 ready_wait_ms;
  GtkWindow            *breach_log_window;   /* weak */
  GtkWindow            *audit_window;        /* weak */

  GtkStack             *view_stack;
  GtkInfoBar           *breach_bar;
  GtkLabel             *breach_label;
  CabinetUnlockPage    *unlock_page;
  AdwBin               *welcome_slot;        /* empty until a first run needs it */
  AdwViewStack         *page_stack;          /* of AdwBin, each filled when first shown */
};

G_DEFINE_FINAL_TYPE (CabinetWindow, cabinet_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_breach_bar (CabinetWindow *self);

static gboolean
deadline_passed (gpointer user_data)
{
  CabinetWindow *self = user_data;

  self->deadline_source = 0;
  update_breach_bar (self);
  return G_SOURCE_REMOVE;
}

/* While a breach awaits a decision, the window says by when the CNIL must be
 * told (GDPR art. 33), and once that is past, that it is late. */
static void
update_breach_bar (CabinetWindow *self)
{
  g_autoptr(GListModel) pending = NULL;
  g_autoptr(CabinetBreach) first = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) deadline = NULL;
  g_autofree char *noticed = NULL;
  g_autofree char *due = NULL;
  g_autofree char *text = NULL;
  GTimeSpan remaining;
  guint n;

  g_clear_handle_id (&self->deadline_source, g_source_remove);
  pending = self->watched_log ? cabinet_breach_log_list_pending (self->watched_log) : NULL;
  n = pending ? g_list_model_get_n_items (pending) : 0;
  gtk_info_bar_set_revealed (self->breach_bar, n > 0);
  if (n == 0)
    return;

  first = g_list_model_get_item (pending, 0);
  now = g_date_time_new_now_utc ();
  remaining = cabinet_breach_remaining (first, now);
  deadline = cabinet_breach_deadline (first);
  noticed = cabinet_format_date_time (cabinet_breach_get_noticed_at (first));
  due = cabinet_format_date_time (deadline);
  if (remaining > 0)
    {
      /* Translators: the first %s is when the breach was noticed, the second the deadline (dates and times). */
      text = g_strdup_printf (_("A data breach noticed on %s must be notified to the CNIL by %s (GDPR art. 33), or the reason not to notify it recorded."),
                              noticed, due);
      self->deadline_source = g_timeout_add_seconds (remaining / G_USEC_PER_SEC + 1, deadline_passed, self);
    }
  else
    {
      /* Translators: the first %s is when the breach was noticed, the second the deadline (dates and times). */
      text = g_strdup_printf (_("A data breach noticed on %s was to be notified to the CNIL by %s (GDPR art. 33). It is late: notify it now, with the reasons for the delay."),
                              noticed, due);
    }
  if (n > 1)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("%u other breach also awaits a decision.",
                                                         "%u other breaches also await a decision.", n - 1),
                                               n - 1);
      g_autofree char *both = g_strconcat (text, " ", more, NULL);

      g_free (g_steal_pointer (&text));
      text = g_steal_pointer (&both);
    }
  gtk_info_bar_set_message_type (self->breach_bar, remaining > 0 ? GTK_MESSAGE_WARNING : GTK_MESSAGE_ERROR);
  gtk_label_set_text (self->breach_label, text);
}

/* The log is the unlocked practice's: a new one after each unlock. */
static void
watch_breaches (CabinetWindow *self)
{
  CabinetBreachLog *log = cabinet_context_get_breach_log (self->context, NULL);

  if (log != self->watched_log)
    {
      g_set_weak_pointer (&self->watched_log, log);
      if (log)
        g_signal_connect_object (log, "items-changed", G_CALLBACK (update_breach_bar), self, G_CONNECT_SWAPPED);
    }
  update_breach_bar (self);
}

static void
check_after_paint (GdkFrameClock *clock,
                   CabinetWindow *self)
{
  g_signal_handlers_disconnect_by_func (clock, check_after_paint, self);
  cabinet_context_check_database (self->context);
}

/* The file's whole check (1.7 s at 215 MB) waits until the records are on
 * screen, so that it neither delays them nor competes with drawing them. */
static void
check_database_once_shown (CabinetWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  g_signal_handlers_disconnect_by_func (self, check_database_once_shown, NULL);
  if (clock == NULL)
    {
      /* Not presented yet: a start shows the window once the records are open. */
      g_signal_connect (self, "realize", G_CALLBACK (check_database_once_shown), NULL);
      return;
    }
  g_signal_handlers_disconnect_by_func (clock, check_after_paint, self);
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (check_after_paint), self, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static CabinetWelcome *
ensure_welcome (CabinetWindow *self)
{
  CabinetWelcome *welcome = CABINET_WELCOME (adw_bin_get_child (self->welcome_slot));

  if (welcome == NULL)
    {
      welcome = g_object_new (CABINET_TYPE_WELCOME, NULL);
      cabinet_welcome_set_context (welcome, self->context);
      adw_bin_set_child (self->welcome_slot, GTK_WIDGET (welcome));
    }
  return welcome;
}

static GtkWidget *
build_page (CabinetWindow *self,
            const char    *name)
{
  GtkWidget *page;

  if (g_str_equal (name, "today"))
    cabinet_today_page_set_context (CABINET_TODAY_PAGE (page = g_object_new (CABINET_TYPE_TODAY_PAGE, NULL)),
                                    self->context);
  else if (g_str_equal (name, "clients"))
    cabinet_clients_page_set_context (CABINET_CLIENTS_PAGE (page = g_object_new (CABINET_TYPE_CLIENTS_PAGE, NULL)),
                                      self->context);
  else if (g_str_equal (name, "schedule"))
    cabinet_schedule_page_set_context (CABINET_SCHEDULE_PAGE (page = g_object_new (CABINET_TYPE_SCHEDULE_PAGE, NULL)),
                                       self->context);
  else if (g_str_equal (name, "payments"))
    cabinet_payments_page_set_context (CABINET_PAYMENTS_PAGE (page = g_object_new (CABINET_TYPE_PAYMENTS_PAGE, NULL)),
                                       self->context);
  else
    cabinet_security_page_set_context (CABINET_SECURITY_PAGE (page = g_object_new (CABINET_TYPE_SECURITY_PAGE, NULL)),
                                       self->context);
  return page;
}

GtkWidget *
cabinet_window_get_page (CabinetWindow *self,
                         const char    *name)
{
  GtkWidget *slot;

  g_return_val_if_fail (CABINET_IS_WINDOW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  slot = adw_view_stack_get_child_by_name (self->page_stack, name);
  if (slot == NULL)
    return NULL;
  if (adw_bin_get_child (ADW_BIN (slot)) == NULL)
    adw_bin_set_child (ADW_BIN (slot), build_page (self, name));
  return adw_bin_get_child (ADW_BIN (slot));
}

static void
on_visible_page_changed (CabinetWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->page_stack);

  if (name)
    cabinet_window_get_page (self, name);
}

/* Which of unlock, first run or the pages to show follows from the context alone. */
static void
update_view (CabinetWindow *self)
{
  const char *view;

  if (cabinet_context_is_locked (self->context))
    {
      if (cabinet_context_database_exists (self->context))
        {
          view = "unlock";
          cabinet_unlock_page_reset (self->unlock_page);
        }
      else
        {
          view = "welcome";
          ensure_welcome (self);
        }
    }
  else if (cabinet_context_get_practitioner (self->context) == NULL)
    {
      /* Unlocked but no profile: a first run that stopped half-way. */
      view = "welcome";
      cabinet_welcome_resume_profile (ensure_welcome (self));
    }
  else
    {
      view = "main";
    }

  gtk_stack_set_visible_child_name (self->view_stack, view);
  /* The start-up benchmark times the first frame that shows the records. */
  if (g_str_equal (view, "main"))
    {
      cabinet_first_frame_watch (GTK_WIDGET (self));
      check_database_once_shown (self);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.lock",
                                 !cabinet_context_is_locked (self->context));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-page", g_str_equal (view, "main"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.breach-log", g_str_equal (view, "main"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.gdpr-record", g_str_equal (view, "main"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.audit-log", g_str_equal (view, "main"));
  watch_breaches (self);
}

static void present_if_settled (CabinetWindow *self);

static void
present_now (CabinetWindow *self)
{
  g_clear_handle_id (&self->ready_source, g_source_remove);
  g_signal_handlers_disconnect_by_func (self->unlock_page, present_if_settled, self);
  gtk_window_present (GTK_WINDOW (self));
}

static void
present_if_settled (CabinetWindow *self)
{
  if (!cabinet_unlock_page_is_busy (self->unlock_page))
    present_now (self);
}

static gboolean
ready_wait_over (gpointer user_data)
{
  CabinetWindow *self = user_data;

  self->ready_source = 0;
  present_now (self);
  return G_SOURCE_REMOVE;
}

/**
 * cabinet_window_present_when_ready:
 *
 * Presents the window, but while the keyring is opening the records (an
 * ordinary start) only once they are open or the unlock failed, so that the
 * first thing shown is the day rather than an unlock screen that vanishes at
 * once (and drawing it does not slow the opening down). A keyring that takes
 * longer than READY_WAIT_MS (it may be asking for its own password) gets the
 * unlock screen, with its spinner. cabinet_window_set_ready_wait() changes that
 * wait (tests on a busy machine).
 */
void
cabinet_window_present_when_ready (CabinetWindow *self)
{
  g_return_if_fail (CABINET_IS_WINDOW (self));

  if (gtk_widget_get_visible (GTK_WIDGET (self)) || !cabinet_unlock_page_is_busy (self->unlock_page))
    {
      present_now (self);
      return;
    }
  if (self->ready_source != 0)
    return;
  g_signal_connect_object (self->unlock_page, "notify::busy", G_CALLBACK (present_if_settled), self,
                           G_CONNECT_SWAPPED);
  self->ready_source = g_timeout_add (self->ready_wait_ms, ready_wait_over, self);
}

void
cabinet_window_set_ready_wait (CabinetWindow *self,
                               guint          milliseconds)
{
  g_return_if_fail (CABINET_IS_WINDOW (self));
  self->ready_wait_ms = milliseconds;
}

static void
lock_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  CabinetWindow *self = CABINET_WINDOW (widget);

  cabinet_context_lock (self->context);
}

static void
show_page_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  CabinetWindow *self = CABINET_WINDOW (widget);

  cabinet_window_set_visible_page (self, g_variant_get_string (param, NULL));
}

static void
breach_log_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  CabinetWindow *self = CABINET_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  CabinetBreachLogWindow *log_window;

  if (self->breach_log_window)
    {
      gtk_window_present (self->breach_log_window);
      return;
    }
  log_window = cabinet_breach_log_window_present (GTK_WINDOW (self), self->context, &error);
  if (log_window)
    g_set_weak_pointer (&self->breach_log_window, GTK_WINDOW (log_window));
  else if (error)
    cabinet_show_error (GTK_WINDOW (self), _("The breach log could not be opened"), error->message);
}

static void
audit_log_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  CabinetWindow *self = CABINET_WINDOW (widget);

  if (self->audit_window)
    {
      cabinet_audit_window_refresh (CABINET_AUDIT_WINDOW (self->audit_window));
      gtk_window_present (self->audit_window);
      return;
    }
  g_set_weak_pointer (&self->audit_window, GTK_WINDOW (cabinet_audit_window_present (GTK_WINDOW (self),
                                                                                      self->context)));
}

/* The record of processing (GDPR art. 30), written from the profile in the
 * interface's language, to print or export. */
static void
gdpr_record_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  CabinetWindow *self = CABINET_WINDOW (widget);
  CabinetPractitioner *practitioner = cabinet_context_get_practitioner (self->context);
  guint years = g_settings_get_uint (cabinet_context_get_settings (self->context), "retention-years");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  CabinetDocumentWindow *document = NULL;

  if (practitioner == NULL)
    return;
  pdf = cabinet_gdpr_record_render (practitioner, years, cabinet_document_language (), NULL, &error);
  if (pdf)
    document = cabinet_document_window_present (GTK_WINDOW (self), self->context, pdf, _("GDPR Record of Processing"),
                                                _("Written from your profile and Preferences. Review it once a year, and whenever the way you work changes."),
                                                /* Translators: the name of the exported file, without .pdf. */
                                                _("Record of processing activities"), &error);
  if (document == NULL)
    cabinet_show_error (GTK_WINDOW (self), _("The record of processing could not be made"), error->message);
  else
    cabinet_document_window_set_audit (document, "gdpr-record-printed", "gdpr-record-exported", NULL, 0);
}

void
cabinet_window_note_activity (CabinetWindow *self,
                              gint64         monotonic_usec)
{
  g_return_if_fail (CABINET_IS_WINDOW (self));
  self->last_activity = monotonic_usec;
}

/* Locks when nothing was typed or clicked for the configured time; returns whether
 * it locked. 0 minutes means never. */
gboolean
cabinet_window_check_idle (CabinetWindow *self,
                           gint64         monotonic_usec)
{
  guint minutes;

  g_return_val_if_fail (CABINET_IS_WINDOW (self), FALSE);

  minutes = g_settings_get_uint (cabinet_context_get_settings (self->context), "idle-lock-minutes");
  if (minutes == 0 || cabinet_context_is_locked (self->context))
    return FALSE;
  if (monotonic_usec - self->last_activity < (gint64) minutes * 60 * G_USEC_PER_SEC)
    return FALSE;

  cabinet_context_lock (self->context);
  return TRUE;
}

static gboolean
idle_tick (gpointer user_data)
{
  cabinet_window_check_idle (user_data, g_get_monotonic_time ());
  return G_SOURCE_CONTINUE;
}

static gboolean
on_any_event (GtkEventControllerLegacy *controller,
              GdkEvent                 *event,
              CabinetWindow            *self)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_MOTION_NOTIFY:
    case GDK_BUTTON_PRESS:
    case GDK_KEY_PRESS:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
      cabinet_window_note_activity (self, g_get_monotonic_time ());
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
save_window_state (CabinetWindow *self)
{
  GSettings *settings = cabinet_context_get_settings (self->context);
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
cabinet_window_close_request (GtkWindow *window)
{
  save_window_state (CABINET_WINDOW (window));
  return GTK_WINDOW_CLASS (cabinet_window_parent_class)->close_request (window);
}

static void
cabinet_window_constructed (GObject *object)
{
  CabinetWindow *self = CABINET_WINDOW (object);
  GSettings *settings = cabinet_context_get_settings (self->context);

  G_OBJECT_CLASS (cabinet_window_parent_class)->constructed (object);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  cabinet_unlock_page_set_context (self->unlock_page, self->context);

  g_signal_connect_object (self->context, "notify::locked",
                           G_CALLBACK (update_view), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::practitioner",
                           G_CALLBACK (update_view), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->page_stack, "notify::visible-child-name",
                           G_CALLBACK (on_visible_page_changed), self, G_CONNECT_SWAPPED);
  g_settings_bind (settings, "last-page", self->page_stack, "visible-child-name",
                   G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_GET_NO_CHANGES);
  on_visible_page_changed (self);

  self->last_activity = g_get_monotonic_time ();
  self->idle_source = g_timeout_add_seconds (IDLE_CHECK_SECONDS, idle_tick, self);

  update_view (self);
}

static void
cabinet_window_dispose (GObject *object)
{
  CabinetWindow *self = CABINET_WINDOW (object);

  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_handle_id (&self->deadline_source, g_source_remove);
  g_clear_handle_id (&self->ready_source, g_source_remove);
  g_clear_weak_pointer (&self->watched_log);
  g_clear_weak_pointer (&self->breach_log_window);
  g_clear_weak_pointer (&self->audit_window);
  gtk_widget_dispose_template (GTK_WIDGET (self), CABINET_TYPE_WINDOW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cabinet_window_parent_class)->dispose (object);
}

static void
cabinet_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CabinetWindow *self = CABINET_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cabinet_window_class_init (CabinetWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  static const struct { guint key; const char *page; } page_keys[] = {
    { GDK_KEY_1, "today" }, { GDK_KEY_2, "clients" }, { GDK_KEY_3, "schedule" },
    { GDK_KEY_4, "payments" }, { GDK_KEY_5, "security" },
  };

  object_class->constructed = cabinet_window_constructed;
  object_class->dispose = cabinet_window_dispose;
  object_class->set_property = cabinet_window_set_property;
  window_class->close_request = cabinet_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CABINET_TYPE_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CABINET_TYPE_UNLOCK_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cabinetapp/Cabinet/cabinet-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CabinetWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CabinetWindow, breach_bar);
  gtk_widget_class_bind_template_child (widget_class, CabinetWindow, breach_label);
  gtk_widget_class_bind_template_child (widget_class, CabinetWindow, unlock_page);
  gtk_widget_class_bind_template_child (widget_class, CabinetWindow, welcome_slot);
  gtk_widget_class_bind_template_child (widget_class, CabinetWindow, page_stack);
  gtk_widget_class_bind_template_callback (widget_class, on_any_event);

  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.lock", NULL);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_activated);
  gtk_widget_class_install_action (widget_class, "win.breach-log", NULL, breach_log_activated);
  gtk_widget_class_install_action (widget_class, "win.gdpr-record", NULL, gdpr_record_activated);
  gtk_widget_class_install_action (widget_class, "win.audit-log", NULL, audit_log_activated);
  for (guint i = 0; i < G_N_ELEMENTS (page_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, page_keys[i].key, GDK_ALT_MASK,
                                         "win.show-page", "s", page_keys[i].page);
}

static void
cabinet_window_init (CabinetWindow *self)
{
  self->ready_wait_ms = READY_WAIT_MS;
  gtk_widget_init_template (GTK_WIDGET (self));
}

CabinetWindow *
cabinet_window_new (CabinetApplication *application,
                    CabinetContext     *context)
{
  return g_object_new (CABINET_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}

const char *
cabinet_window_get_visible_view (CabinetWindow *self)
{
  g_return_val_if_fail (CABINET_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->view_stack);
}

const char *
cabinet_window_get_visible_page (CabinetWindow *self)
{
  g_return_val_if_fail (CABINET_IS_WINDOW (self), NULL);
  return adw_view_stack_get_visible_child_name (self->page_stack);
}

void
cabinet_window_set_visible_page (CabinetWindow *self,
                                 const char    *name)
{
  g_return_if_fail (CABINET_IS_WINDOW (self));

  if (adw_view_stack_get_child_by_name (self->page_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->page_stack, name);
}
