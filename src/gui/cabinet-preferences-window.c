/* cabinet-preferences-window.c — the practice profile, how Cabinet locks, and the
 * schedule's hours and reminders
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <time.h>

#include "cabinet-caldav.h"
#include "cabinet-consent-text-page.h"
#include "cabinet-feedback.h"
#include "cabinet-field-messages.h"
#include "cabinet-payment-settings-page.h"
#include "cabinet-preferences-window.h"
#include "cabinet-session.h"

/* Changes apply as they are typed, like every GNOME preferences window, but only
 * once the whole profile is valid and the typing has paused. */
#define SAVE_DELAY_MS 600

struct _CabinetPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  CabinetContext       *context;
  GtkWidget            *consent_page;
  guint                 save_source;
  gboolean              discard_confirmed;

  CabinetProfileEditor *profile_editor;
  GtkSpinButton        *idle_spin;
  GtkSpinButton        *retention_spin;
  GtkSwitch            *session_lock_switch;
  AdwEntryRow          *purchase_row;
  GtkLabel             *purchase_message;
  GtkSpinButton        *duration_spin;
  GtkSpinButton        *reminder_spin;
  AdwEntryRow          *day_start_row;
  AdwEntryRow          *day_end_row;
  GtkWidget            *hours_message;
  GtkBox               *days_box;
  gboolean              loading_hours;
  AdwEntryRow          *caldav_url_row;
  AdwEntryRow          *caldav_user_row;
  AdwEntryRow          *caldav_password_row;
  AdwComboRow          *caldav_title_row;
  AdwActionRow         *caldav_status_row;
  GtkWidget            *caldav_save_button;
  GtkWidget            *caldav_sync_button;
  GtkWidget            *caldav_stop_button;
  GtkWidget            *caldav_message;
  GCancellable         *caldav_cancellable;
  gboolean              caldav_testing;
};

G_DEFINE_FINAL_TYPE (CabinetPreferencesWindow, cabinet_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

gboolean
cabinet_preferences_window_save_now (CabinetPreferencesWindow *self)
{
  g_autoptr(CabinetPractitioner) practitioner = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CABINET_IS_PREFERENCES_WINDOW (self), FALSE);

  g_clear_handle_id (&self->save_source, g_source_remove);
  if (!cabinet_profile_editor_is_valid (self->profile_editor))
    return FALSE;

  practitioner = cabinet_profile_editor_build (self->profile_editor);
  if (practitioner == NULL)
    return FALSE;
  if (!cabinet_context_save_practitioner (self->context, practitioner, &error))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        cabinet_toast_new (error->message));
      return FALSE;
    }
  return TRUE;
}

/* Kept as soon as it is a real date in the past, or empty; a partial date is
 * only shown as such. */
static void
on_purchase_changed (CabinetPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->purchase_row));
  g_autofree char *clean = g_strstrip (g_strdup (text));
  g_autoptr(GDate) date = NULL;
  const char *message = NULL;

  if (*clean != '\0')
    {
      date = cabinet_parse_iso_date (clean);
      if (date == NULL)
        message = _("Write the date as year-month-day, for example 2024-03-15.");
      else
        {
          g_autoptr(GDate) today = g_date_new ();
          g_date_set_time_t (today, time (NULL));
          if (g_date_compare (date, today) > 0)
            message = _("This date is in the future.");
          else if (g_date_get_year (date) < 1990)
            message = _("This date is too long ago to be this computer’s.");
        }
    }

  gtk_label_set_text (self->purchase_message, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->purchase_message), message != NULL);
  if (message)
    gtk_widget_add_css_class (GTK_WIDGET (self->purchase_row), "error");
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->purchase_row), "error");
      g_settings_set_string (cabinet_context_get_settings (self->context), "hardware-purchase-date", clean);
    }
}

/* Working hours: typed as HH:MM, kept as minutes after midnight; nothing is kept
 * until both make sense. */
static void
on_hours_changed (CabinetPreferencesWindow *self)
{
  GSettings *settings = cabinet_context_get_settings (self->context);
  int start_hour, start_minute, end_hour, end_minute;
  const char *message = NULL;
  gboolean start_ok, end_ok;

  if (self->loading_hours)
    return;
  start_ok = cabinet_parse_time_of_day (gtk_editable_get_text (GTK_EDITABLE (self->day_start_row)),
                                        &start_hour, &start_minute);
  end_ok = cabinet_parse_time_of_day (gtk_editable_get_text (GTK_EDITABLE (self->day_end_row)),
                                      &end_hour, &end_minute);
  /* A day may end at midnight, written 24:00. */
  if (!end_ok)
    {
      g_autofree char *end = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->day_end_row))));

      if (g_str_equal (end, "24:00") || g_str_equal (end, "24h") || g_str_equal (end, "24"))
        {
          end_ok = TRUE;
          end_hour = 24;
          end_minute = 0;
        }
    }
  if (!start_ok || !end_ok)
    message = _("Enter the hours as HH:MM, for example 09:00 and 19:00.");
  else if (end_hour * 60 + end_minute <= start_hour * 60 + start_minute)
    message = _("The day must end after it starts.");
  if (message)
    cabinet_field_message_show (GTK_WIDGET (self->day_end_row), &self->hours_message, message);
  else
    {
      if (self->hours_message)
        cabinet_field_message_clear (GTK_WIDGET (self->day_end_row), self->hours_message);
      g_settings_set_uint (settings, "working-hours-start", (guint) (start_hour * 60 + start_minute));
      g_settings_set_uint (settings, "working-hours-end", (guint) (end_hour * 60 + end_minute));
    }
}

static void
on_day_toggled (GtkToggleButton          *button,
                CabinetPreferencesWindow *self)
{
  GSettings *settings = cabinet_context_get_settings (self->context);
  guint bit = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "cabinet-day"));
  guint days = g_settings_get_uint (settings, "working-days");

  if (gtk_toggle_button_get_active (button))
    days |= bit;
  else
    days &= ~bit;
  g_settings_set_uint (settings, "working-days", days);
}

static void
load_schedule (CabinetPreferencesWindow *self)
{
  GSettings *settings = cabinet_context_get_settings (self->context);
  guint start = g_settings_get_uint (settings, "working-hours-start");
  guint end = g_settings_get_uint (settings, "working-hours-end");
  guint days = g_settings_get_uint (settings, "working-days");
  g_autofree char *start_text = g_strdup_printf ("%02u:%02u", start / 60, start % 60);
  g_autofree char *end_text = g_strdup_printf ("%02u:%02u", end / 60, end % 60);
  /* 2 January 2023 was a Monday: the week's days, named in the interface's language. */
  g_autoptr(GDateTime) monday = g_date_time_new_utc (2023, 1, 2, 12, 0, 0);

  g_settings_bind (settings, "session-duration",
                   gtk_spin_button_get_adjustment (self->duration_spin), "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "reminder-minutes",
                   gtk_spin_button_get_adjustment (self->reminder_spin), "value", G_SETTINGS_BIND_DEFAULT);

  self->loading_hours = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->day_start_row), start_text);
  gtk_editable_set_text (GTK_EDITABLE (self->day_end_row), end_text);
  self->loading_hours = FALSE;

  for (guint i = 0; i < 7; i++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (monday, i);
      g_autofree char *name = g_date_time_format (day, "%a");
      g_autofree char *full = g_date_time_format (day, "%A");
      GtkWidget *toggle = gtk_toggle_button_new_with_label (name);

      g_object_set_data (G_OBJECT (toggle), "cabinet-day", GUINT_TO_POINTER (1u << i));
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), (days & (1u << i)) != 0);
      gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, full, -1);
      g_signal_connect (toggle, "toggled", G_CALLBACK (on_day_toggled), self);
      gtk_box_append (self->days_box, toggle);
    }
}

/* ── Publishing to a calendar ──────────────────────────────────────────── */

static const char * const caldav_titles[] = { "session", "initials", "full-name" };

static void
caldav_message (CabinetPreferencesWindow *self,
                const char               *message)
{
  if (message)
    cabinet_field_message_show (GTK_WIDGET (self->caldav_status_row), &self->caldav_message, message);
  else if (self->caldav_message)
    cabinet_field_message_clear (GTK_WIDGET (self->caldav_status_row), self->caldav_message);
}

static void
update_caldav_status (CabinetPreferencesWindow *self)
{
  CabinetCalendarSync *sync = cabinet_context_get_calendar_sync (self->context);
  gboolean enabled = cabinet_calendar_sync_is_enabled (sync);
  gboolean running = cabinet_calendar_sync_get_running (sync);
  const char *status = cabinet_calendar_sync_get_status (sync);
  const char *title;

  if (self->caldav_testing)
    title = _("Trying the calendar…");
  else if (!enabled)
    title = _("Not published");
  else if (running)
    title = _("Publishing…");
  else if (status)
    title = status;
  else
    title = _("Published; not brought up to date yet");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->caldav_status_row), title);
  gtk_widget_set_sensitive (self->caldav_save_button, !self->caldav_testing);
  gtk_widget_set_visible (self->caldav_sync_button, enabled);
  gtk_widget_set_sensitive (self->caldav_sync_button, enabled && !running && !self->caldav_testing);
  gtk_widget_set_visible (self->caldav_stop_button, enabled);
}

typedef struct {
  CabinetPreferencesWindow *self;
  CabinetCaldav            *caldav;
  char                     *password;  /* typed, to keep once it works; NULL: the keyring's */
} CaldavSave;

static void
caldav_save_free (CaldavSave *save)
{
  g_object_unref (save->self);
  g_clear_object (&save->caldav);
  cabinet_secure_free_string (save->password);
  g_free (save);
}

static void
caldav_done (CaldavSave *save,
             const char *error_message)
{
  CabinetPreferencesWindow *self = save->self;

  if (g_cancellable_is_cancelled (self->caldav_cancellable))
    {
      caldav_save_free (save);
      return;
    }
  self->caldav_testing = FALSE;
  caldav_message (self, error_message);
  if (error_message == NULL)
    {
      GSettings *settings = cabinet_context_get_settings (self->context);

      g_settings_set_string (settings, "caldav-url", cabinet_caldav_get_url (save->caldav));
      g_settings_set_string (settings, "caldav-user", cabinet_caldav_get_user (save->caldav));
      gtk_editable_set_text (GTK_EDITABLE (self->caldav_password_row), "");
      cabinet_calendar_sync_now (cabinet_context_get_calendar_sync (self->context));
    }
  update_caldav_status (self);
  caldav_save_free (save);
}

static void
on_caldav_password_stored (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  CaldavSave *save = user_data;
  g_autoptr(GError) error = NULL;

  if (!cabinet_caldav_store_password_finish (result, &error))
    caldav_done (save, error->message);
  else
    caldav_done (save, NULL);
}

static void
on_caldav_checked (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CaldavSave *save = user_data;
  g_autoptr(GError) error = NULL;

  if (!cabinet_caldav_check_finish (CABINET_CALDAV (source), result, &error))
    {
      caldav_done (save, error->message);
      return;
    }
  if (save->password == NULL)
    {
      caldav_done (save, NULL);
      return;
    }
  cabinet_caldav_store_password_async (cabinet_caldav_get_url (save->caldav), cabinet_caldav_get_user (save->caldav),
                                       save->password, save->self->caldav_cancellable,
                                       on_caldav_password_stored, save);
}

static void
caldav_check (CaldavSave *save,
              const char *password)
{
  CabinetPreferencesWindow *self = save->self;
  g_autoptr(GError) error = NULL;

  save->caldav = cabinet_caldav_new (gtk_editable_get_text (GTK_EDITABLE (self->caldav_url_row)),
                                     gtk_editable_get_text (GTK_EDITABLE (self->caldav_user_row)),
                                     password ? password : "", &error);
  if (save->caldav == NULL)
    {
      caldav_done (save, error->message);
      return;
    }
  cabinet_caldav_check_async (save->caldav, self->caldav_cancellable, on_caldav_checked, save);
}

static void
on_caldav_stored_password (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  CaldavSave *save = user_data;
  g_autoptr(GError) error = NULL;
  char *password = cabinet_caldav_lookup_password_finish (result, &error);

  if (error)
    caldav_done (save, error->message);
  else
    caldav_check (save, password);
  cabinet_secure_free_string (password);
}

/* Test and Save: the calendar is asked first; only an address, account and
 * password that work are kept (the password in the keyring). */
static void
on_caldav_save (CabinetPreferencesWindow *self)
{
  CaldavSave *save = g_new0 (CaldavSave, 1);
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->caldav_password_row));
  g_autoptr(GError) error = NULL;
  g_autofree char *url = cabinet_caldav_normalize_url (gtk_editable_get_text (GTK_EDITABLE (self->caldav_url_row)),
                                                       &error);

  save->self = g_object_ref (self);
  self->caldav_testing = TRUE;
  update_caldav_status (self);
  if (url == NULL)
    {
      caldav_done (save, error->message);
      return;
    }
  if (*typed != '\0')
    {
      save->password = g_strdup (typed);
      caldav_check (save, typed);
    }
  else
    /* Left empty: the password kept for this address and account, if any. */
    cabinet_caldav_lookup_password_async (url, gtk_editable_get_text (GTK_EDITABLE (self->caldav_user_row)),
                                          self->caldav_cancellable, on_caldav_stored_password, save);
}

static void
on_caldav_sync (CabinetPreferencesWindow *self)
{
  cabinet_calendar_sync_now (cabinet_context_get_calendar_sync (self->context));
}

static void
on_caldav_stop (CabinetPreferencesWindow *self)
{
  GSettings *settings = cabinet_context_get_settings (self->context);
  g_autofree char *url = g_settings_get_string (settings, "caldav-url");
  g_autofree char *user = g_settings_get_string (settings, "caldav-user");

  /* The events already published stay on the calendar: it is the therapist's. */
  cabinet_caldav_clear_password_async (url, user, NULL, NULL, NULL);
  g_settings_set_string (settings, "caldav-url", "");
  g_settings_set_string (settings, "caldav-user", "");
  caldav_message (self, NULL);
  update_caldav_status (self);
}

static void
on_caldav_title_changed (CabinetPreferencesWindow *self)
{
  GSettings *settings = cabinet_context_get_settings (self->context);
  guint selected = adw_combo_row_get_selected (self->caldav_title_row);

  if (selected < G_N_ELEMENTS (caldav_titles))
    g_settings_set_string (settings, "caldav-title", caldav_titles[selected]);
}

static void
load_calendar (CabinetPreferencesWindow *self)
{
  GSettings *settings = cabinet_context_get_settings (self->context);
  g_autofree char *url = g_settings_get_string (settings, "caldav-url");
  g_autofree char *user = g_settings_get_string (settings, "caldav-user");
  g_autofree char *title = g_settings_get_string (settings, "caldav-title");
  CabinetCalendarSync *sync = cabinet_context_get_calendar_sync (self->context);

  gtk_editable_set_text (GTK_EDITABLE (self->caldav_url_row), url);
  gtk_editable_set_text (GTK_EDITABLE (self->caldav_user_row), user);
  for (guint i = 0; i < G_N_ELEMENTS (caldav_titles); i++)
    if (g_str_equal (title, caldav_titles[i]))
      adw_combo_row_set_selected (self->caldav_title_row, i);
  g_signal_connect_swapped (self->caldav_title_row, "notify::selected", G_CALLBACK (on_caldav_title_changed), self);
  g_signal_connect_object (sync, "notify", G_CALLBACK (update_caldav_status), self, G_CONNECT_SWAPPED);
  self->caldav_cancellable = g_cancellable_new ();
  update_caldav_status (self);
}

static gboolean
save_timeout (gpointer user_data)
{
  CabinetPreferencesWindow *self = user_data;

  self->save_source = 0;
  cabinet_preferences_window_save_now (self);
  return G_SOURCE_REMOVE;
}

static void
on_profile_changed (CabinetPreferencesWindow *self)
{
  g_clear_handle_id (&self->save_source, g_source_remove);
  if (cabinet_profile_editor_is_valid (self->profile_editor))
    self->save_source = g_timeout_add (SAVE_DELAY_MS, save_timeout, self);
}

static void
on_discard_response (AdwMessageDialog         *dialog,
                     const char               *response,
                     CabinetPreferencesWindow *self)
{
  if (g_str_equal (response, "discard"))
    {
      self->discard_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

static gboolean
cabinet_preferences_window_close_request (GtkWindow *window)
{
  CabinetPreferencesWindow *self = CABINET_PREFERENCES_WINDOW (window);

  if (!self->discard_confirmed && !cabinet_profile_editor_is_valid (self->profile_editor))
    {
      GtkWidget *dialog = adw_message_dialog_new (window, _("Close Without Saving?"),
                                                  _("Some fields of your profile need attention, so your latest changes cannot be saved. If you close now, the profile stays as it was."));

      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "keep", _("_Keep Editing"),
                                        "discard", _("_Close Without Saving"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
      g_signal_connect (dialog, "response", G_CALLBACK (on_discard_response), self);
      gtk_window_present (GTK_WINDOW (dialog));
      return TRUE;
    }

  if (self->save_source)
    cabinet_preferences_window_save_now (self);
  return GTK_WINDOW_CLASS (cabinet_preferences_window_parent_class)->close_request (window);
}

static void
cabinet_preferences_window_constructed (GObject *object)
{
  CabinetPreferencesWindow *self = CABINET_PREFERENCES_WINDOW (object);
  GSettings *settings = cabinet_context_get_settings (self->context);
  CabinetPractitioner *practitioner = cabinet_context_get_practitioner (self->context);

  G_OBJECT_CLASS (cabinet_preferences_window_parent_class)->constructed (object);

  if (practitioner)
    cabinet_profile_editor_load (self->profile_editor, practitioner);
  g_signal_connect_object (self->profile_editor, "changed",
                           G_CALLBACK (on_profile_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->profile_editor, "activate",
                           G_CALLBACK (cabinet_preferences_window_save_now), self, G_CONNECT_SWAPPED);

  g_settings_bind (settings, "idle-lock-minutes",
                   gtk_spin_button_get_adjustment (self->idle_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "lock-on-session-lock", self->session_lock_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "retention-years",
                   gtk_spin_button_get_adjustment (self->retention_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  {
    g_autofree char *purchase = g_settings_get_string (settings, "hardware-purchase-date");
    gtk_editable_set_text (GTK_EDITABLE (self->purchase_row), purchase);
  }
  load_schedule (self);
  load_calendar (self);

  if (cabinet_context_get_database (self->context))
    {
      self->consent_page = cabinet_consent_text_page_new (self->context);
      adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->consent_page));
      adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                                  ADW_PREFERENCES_PAGE (cabinet_payment_settings_page_new (self->context)));
    }

  /* Locking closes the records: the window showing them goes too. */
  g_signal_connect_object (self->context, "notify::locked",
                           G_CALLBACK (gtk_window_destroy), self, G_CONNECT_SWAPPED);
}

static void
cabinet_preferences_window_dispose (GObject *object)
{
  CabinetPreferencesWindow *self = CABINET_PREFERENCES_WINDOW (object);

  g_clear_handle_id (&self->save_source, g_source_remove);
  /* A test of the calendar under way ends without touching the window. */
  g_cancellable_cancel (self->caldav_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CABINET_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cabinet_preferences_window_parent_class)->dispose (object);
}

static void
cabinet_preferences_window_finalize (GObject *object)
{
  CabinetPreferencesWindow *self = CABINET_PREFERENCES_WINDOW (object);

  g_clear_object (&self->caldav_cancellable);

  G_OBJECT_CLASS (cabinet_preferences_window_parent_class)->finalize (object);
}

static void
cabinet_preferences_window_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  CabinetPreferencesWindow *self = CABINET_PREFERENCES_WINDOW (object);

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
cabinet_preferences_window_class_init (CabinetPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = cabinet_preferences_window_constructed;
  object_class->dispose = cabinet_preferences_window_dispose;
  object_class->finalize = cabinet_preferences_window_finalize;
  object_class->set_property = cabinet_preferences_window_set_property;
  window_class->close_request = cabinet_preferences_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CABINET_TYPE_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CABINET_TYPE_PROFILE_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cabinetapp/Cabinet/cabinet-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CabinetPreferencesWindow, profile_editor);
  gtk_widget_class_bind_template_child (widget_class, CabinetPreferencesWindow, idle_spin);
  gtk_widget_class_bind_template_child (widget_class, CabinetPreferencesWindow, retention_spin);
  gtk_widget_class_bind_template_child (widget_class, CabinetPreferencesWindow, session_lock_switch);
  gtk_widget_class_bind_template_child (widget_class, CabinetPreferencesWindow, purchase_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetPreferencesWindow, purchase_message);
  gtk_widget_class_bind_template_child (widget_class, CabinetPreferencesWindow, duration_spin);
  gtk_widget_class_bind_template_child (widget_class, CabinetPreferencesWindow, reminder_spin);
  gtk_widget_class_bind_template_child (widget_class, CabinetPreferencesWindow, day_start_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetPreferencesWindow, day_end_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetPreferencesWindow, days_box);
  gtk_widget_class_bind_template_callback (widget_class, on_purchase_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_hours_changed);
  gtk_widget_class_bind_template_child (widget_class, CabinetPreferencesWindow, caldav_url_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetPreferencesWindow, caldav_user_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetPreferencesWindow, caldav_password_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetPreferencesWindow, caldav_title_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetPreferencesWindow, caldav_status_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetPreferencesWindow, caldav_save_button);
  gtk_widget_class_bind_template_child (widget_class, CabinetPreferencesWindow, caldav_sync_button);
  gtk_widget_class_bind_template_child (widget_class, CabinetPreferencesWindow, caldav_stop_button);
  gtk_widget_class_bind_template_callback (widget_class, on_caldav_save);
  gtk_widget_class_bind_template_callback (widget_class, on_caldav_sync);
  gtk_widget_class_bind_template_callback (widget_class, on_caldav_stop);
}

static void
cabinet_preferences_window_init (CabinetPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CabinetPreferencesWindow *
cabinet_preferences_window_new (CabinetContext *context)
{
  return g_object_new (CABINET_TYPE_PREFERENCES_WINDOW,
                       "context", context,
                       NULL);
}

CabinetProfileEditor *
cabinet_preferences_window_get_profile_editor (CabinetPreferencesWindow *self)
{
  g_return_val_if_fail (CABINET_IS_PREFERENCES_WINDOW (self), NULL);
  return self->profile_editor;
}

GtkWidget *
cabinet_preferences_window_get_consent_page (CabinetPreferencesWindow *self)
{
  g_return_val_if_fail (CABINET_IS_PREFERENCES_WINDOW (self), NULL);
  return self->consent_page;
}
