/* cabinet-session-editor.c — the dialog that plans a session or a series, or
 * changes one, with overlaps confirmed and series edits scoped
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cabinet-check-env.h"
#include "cabinet-feedback.h"
#include "cabinet-mon-soutien-psy.h"
#include "cabinet-field-messages.h"
#include "cabinet-money.h"
#include "cabinet-session-editor.h"

typedef enum {
  FIELD_CLIENT,
  FIELD_DATE,
  FIELD_TIME,
  FIELD_DURATION,
  FIELD_LINK,
  FIELD_FEE,
  FIELD_REPEAT,
  N_FIELDS
} Field;

static const char * const field_names[N_FIELDS] = {
  "client", "date", "time", "duration", "link", "fee", "repeat",
};

struct _CabinetSessionEditor
{
  AdwWindow            parent_instance;

  CabinetContext      *context;
  CabinetSession      *original;     /* NULL for a new session */
  gint64               start;        /* for a new one */
  gint64               client_id;
  GListModel          *clients;
  GTimeZone           *zone;
  gboolean             loading;
  gboolean             link_touched;
  gboolean             fee_touched;
  char                *hint;
  char                *settled;      /* why the time cannot change, or NULL */

  GtkWidget           *messages[N_FIELDS];
  char                *issues[N_FIELDS];

  AdwWindowTitle      *window_title;
  AdwPreferencesGroup *when_group;
  AdwPreferencesGroup *repeat_group;
  GtkWidget           *client_row;
  GtkDropDown         *client_dropdown;
  AdwEntryRow         *date_row;
  AdwEntryRow         *time_row;
  GtkWidget           *duration_row;
  GtkSpinButton       *duration_spin;
  AdwComboRow         *modality_row;
  AdwEntryRow         *link_row;
  AdwEntryRow         *fee_row;
  AdwComboRow         *repeat_row;
  AdwComboRow         *end_row;
  GtkWidget           *count_row;
  GtkSpinButton       *count_spin;
  AdwEntryRow         *until_row;
};

G_DEFINE_FINAL_TYPE (CabinetSessionEditor, cabinet_session_editor, ADW_TYPE_WINDOW)

static GtkWidget *
field_row (CabinetSessionEditor *self,
           Field                 field)
{
  switch (field)
    {
    case FIELD_CLIENT:   return self->client_row;
    case FIELD_DATE:     return GTK_WIDGET (self->date_row);
    case FIELD_TIME:     return GTK_WIDGET (self->time_row);
    case FIELD_DURATION: return self->duration_row;
    case FIELD_LINK:     return GTK_WIDGET (self->link_row);
    case FIELD_FEE:      return GTK_WIDGET (self->fee_row);
    case FIELD_REPEAT:
    case N_FIELDS:
    default:             return GTK_WIDGET (self->end_row);
    }
}

static void
set_issue (CabinetSessionEditor *self,
           Field                 field,
           const char           *message)
{
  g_free (self->issues[field]);
  self->issues[field] = g_strdup (message);
  if (message)
    cabinet_field_message_show (field_row (self, field), &self->messages[field], message);
  else if (self->messages[field])
    cabinet_field_message_clear (field_row (self, field), self->messages[field]);
}

static void
clear_issues (CabinetSessionEditor *self)
{
  for (guint i = 0; i < N_FIELDS; i++)
    set_issue (self, i, NULL);
}

static const char *
currency (CabinetSessionEditor *self)
{
  CabinetPractitioner *practitioner = cabinet_context_get_practitioner (self->context);

  if (self->original)
    return cabinet_session_get_currency (self->original);
  return practitioner ? cabinet_practitioner_get_currency (practitioner) : "EUR";
}

static CabinetClient *
selected_client (CabinetSessionEditor *self)
{
  return gtk_drop_down_get_selected_item (self->client_dropdown);
}

static CabinetChannels
selected_modality (CabinetSessionEditor *self)
{
  return cabinet_channel_nth (adw_combo_row_get_selected (self->modality_row));
}

/* Where the session is held, as the profile and the client's record say. */
static const char *
default_link (CabinetSessionEditor *self,
              CabinetChannels       modality)
{
  CabinetPractitioner *practitioner = cabinet_context_get_practitioner (self->context);
  CabinetClient *client = selected_client (self);

  switch (modality)
    {
    case CABINET_CHANNEL_VIDEO:
      return practitioner ? cabinet_practitioner_get_text (practitioner, CABINET_PRACTITIONER_VIDEO_LINK) : "";
    case CABINET_CHANNEL_PHONE:
      return client ? cabinet_client_get_text (client, CABINET_CLIENT_PHONE) : "";
    case CABINET_CHANNEL_EMAIL:
      return client ? cabinet_client_get_text (client, CABINET_CLIENT_EMAIL) : "";
    case CABINET_CHANNEL_CHAT:
      return practitioner ? cabinet_practitioner_get_text (practitioner, CABINET_PRACTITIONER_CHAT_SERVICE) : "";
    case CABINET_CHANNEL_IN_PERSON:
    default:
      return "";
    }
}

static void
update_link_title (CabinetSessionEditor *self)
{
  static const char *titles[CABINET_N_CHANNELS] = {
    N_("Video link (https://…)"),
    N_("Phone number to call"),
    N_("Chat service or link"),
    N_("E-mail address"),
    N_("Place (optional)"),
  };
  guint index = adw_combo_row_get_selected (self->modality_row);

  if (index < CABINET_N_CHANNELS)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->link_row), _(titles[index]));
}

/* A new session of a client followed under Mon soutien psy is billed under it
 * (sessions already planned keep how they are billed). */
static gboolean
under_mon_soutien_psy (CabinetSessionEditor *self,
                       CabinetClient        *client)
{
  return client && self->original == NULL
         && g_str_equal (cabinet_client_get_text (client, CABINET_CLIENT_MON_SOUTIEN_PSY), "yes");
}

static gint64
mon_soutien_psy_fee (CabinetSessionEditor *self)
{
  return (gint64) g_settings_get_uint (cabinet_context_get_settings (self->context), "mon-soutien-psy-fee") * 100;
}

static void
fill_defaults_for_client (CabinetSessionEditor *self)
{
  CabinetClient *client = selected_client (self);
  CabinetPractitioner *practitioner = cabinet_context_get_practitioner (self->context);
  CabinetChannels modality;
  gint64 fee;

  if (client == NULL || self->original)
    return;

  self->loading = TRUE;
  modality = cabinet_channel_parse (cabinet_client_get_text (client, CABINET_CLIENT_MODALITY));
  for (guint i = 0; i < CABINET_N_CHANNELS; i++)
    if (cabinet_channel_nth (i) == modality)
      adw_combo_row_set_selected (self->modality_row, i);
  if (!self->link_touched)
    gtk_editable_set_text (GTK_EDITABLE (self->link_row), default_link (self, selected_modality (self)));
  if (!self->fee_touched)
    {
      g_autofree char *text = NULL;

      fee = cabinet_client_get_fee (client);
      if (fee < 0 && practitioner)
        fee = cabinet_practitioner_get_fee (practitioner);
      if (under_mon_soutien_psy (self, client))
        fee = mon_soutien_psy_fee (self);
      text = cabinet_money_format_plain (MAX (fee, 0), currency (self));
      gtk_editable_set_text (GTK_EDITABLE (self->fee_row), text);
    }
  self->loading = FALSE;
}

/* The start typed, in UTC; FALSE with the reason under the field at fault. */
static gboolean
read_start (CabinetSessionEditor *self,
            gboolean              show,
            gint64               *start)
{
  g_autoptr(GDate) day = cabinet_parse_iso_date (gtk_editable_get_text (GTK_EDITABLE (self->date_row)));
  g_autoptr(GError) error = NULL;
  int hour, minute;

  if (day == NULL)
    {
      if (show)
        set_issue (self, FIELD_DATE, _("Enter the date as YYYY-MM-DD, for example 2026-11-24."));
      return FALSE;
    }
  if (!cabinet_parse_time_of_day (gtk_editable_get_text (GTK_EDITABLE (self->time_row)), &hour, &minute))
    {
      if (show)
        set_issue (self, FIELD_TIME, _("Enter the time as HH:MM, for example 14:30."));
      return FALSE;
    }
  if (!cabinet_local_time_to_utc (self->zone, g_date_get_year (day), g_date_get_month (day),
                                  g_date_get_day (day), hour, minute, start, &error))
    {
      if (show)
        set_issue (self,
                   g_error_matches (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_NO_SUCH_TIME)
                   ? FIELD_TIME : FIELD_DATE,
                   error->message);
      return FALSE;
    }
  return TRUE;
}

/* The session as the form says, or NULL with what to fix under each field. */
static CabinetSession *
read_session (CabinetSessionEditor *self,
              gboolean              show)
{
  g_autoptr(CabinetSession) session = NULL;
  g_autoptr(GHashTable) issues = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fee_text = NULL;
  CabinetClient *client = selected_client (self);
  gboolean ok = TRUE;
  gint64 start = 0, fee = 0;

  session = self->original ? cabinet_session_copy (self->original) : cabinet_session_new ();
  cabinet_session_set_client_id (session, client ? cabinet_client_get_id (client) : 0);
  ok = read_start (self, show, &start);
  cabinet_session_set_starts_at (session, start);
  cabinet_session_set_duration (session, (guint) gtk_spin_button_get_value_as_int (self->duration_spin));
  cabinet_session_set_modality (session, selected_modality (self));
  cabinet_session_set_link (session, gtk_editable_get_text (GTK_EDITABLE (self->link_row)));

  fee_text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->fee_row))));
  if (*fee_text != '\0' && !cabinet_money_parse (fee_text, currency (self), &fee, &error))
    {
      if (show)
        set_issue (self, FIELD_FEE, error->message);
      ok = FALSE;
    }
  cabinet_session_set_fee (session, fee, currency (self));
  if (ok && under_mon_soutien_psy (self, client) && fee != mon_soutien_psy_fee (self))
    {
      g_autofree char *national = cabinet_money_format (mon_soutien_psy_fee (self), currency (self));
      g_autofree char *message = NULL;

      /* Translators: %s is the national fee, as in "50,00 €". */
      message = g_strdup_printf (_("Under Mon soutien psy a session is at the national fee, %s, with no extra charge."),
                                 national);
      if (show)
        set_issue (self, FIELD_FEE, message);
      ok = FALSE;
    }

  issues = cabinet_session_validate (session);
  if (issues)
    {
      static const struct { const char *name; Field field; } map[] = {
        { CABINET_SESSION_CLIENT, FIELD_CLIENT }, { CABINET_SESSION_DURATION, FIELD_DURATION },
        { CABINET_SESSION_LINK, FIELD_LINK }, { CABINET_SESSION_FEE, FIELD_FEE },
        { CABINET_SESSION_START, FIELD_DATE },
      };

      for (guint i = 0; i < G_N_ELEMENTS (map); i++)
        {
          const char *message = g_hash_table_lookup (issues, map[i].name);

          /* A start that could not be read already says why. */
          if (message && !(map[i].field == FIELD_DATE && !ok))
            {
              if (show)
                set_issue (self, map[i].field, message);
              ok = FALSE;
            }
        }
    }
  return ok ? g_steal_pointer (&session) : NULL;
}

/* Under the date: the client's own time when their clock differs, and whether
 * the session falls outside the working hours. */
static void
update_hint (CabinetSessionEditor *self)
{
  g_autoptr(CabinetSession) session = read_session (self, FALSE);
  GSettings *settings = cabinet_context_get_settings (self->context);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  CabinetClient *client = selected_client (self);

  g_clear_pointer (&self->hint, g_free);
  if (self->settled)
    g_ptr_array_add (parts, g_strdup (self->settled));
  if (session)
    {
      char *client_time = cabinet_session_dup_client_time (session, self->zone,
                                                           client ? cabinet_client_get_text (client, CABINET_CLIENT_TIME_ZONE) : NULL);

      if (client_time)
        g_ptr_array_add (parts, client_time);
      if (cabinet_session_outside_hours (session, self->zone,
                                         g_settings_get_uint (settings, "working-hours-start"),
                                         g_settings_get_uint (settings, "working-hours-end"),
                                         g_settings_get_uint (settings, "working-days")))
        g_ptr_array_add (parts, g_strdup (_("Outside your working hours.")));
      if (under_mon_soutien_psy (self, client) && cabinet_context_get_database (self->context))
        {
          char *warning = cabinet_mon_soutien_psy_warning (cabinet_context_get_database (self->context),
                                                           cabinet_client_get_id (client),
                                                           cabinet_session_get_starts_at (session),
                                                           cabinet_session_get_modality (session));

          if (warning)
            g_ptr_array_add (parts, warning);
        }
    }
  if (parts->len)
    {
      g_ptr_array_add (parts, NULL);
      self->hint = g_strjoinv (" · ", (char **) parts->pdata);
    }
  adw_preferences_group_set_description (self->when_group, self->hint);
}

static void
on_client_changed (CabinetSessionEditor *self)
{
  if (self->loading)
    return;
  set_issue (self, FIELD_CLIENT, NULL);
  fill_defaults_for_client (self);
  update_hint (self);
}

static void
on_modality_changed (CabinetSessionEditor *self)
{
  update_link_title (self);
  if (self->loading)
    return;
  if (!self->link_touched)
    {
      self->loading = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->link_row), default_link (self, selected_modality (self)));
      self->loading = FALSE;
    }
  set_issue (self, FIELD_LINK, NULL);
  update_hint (self);
}

static void
on_when_changed (CabinetSessionEditor *self)
{
  if (self->loading)
    return;
  set_issue (self, FIELD_DATE, NULL);
  set_issue (self, FIELD_TIME, NULL);
  set_issue (self, FIELD_DURATION, NULL);
  update_hint (self);
}

static void
on_link_changed (CabinetSessionEditor *self)
{
  if (self->loading)
    return;
  self->link_touched = TRUE;
  set_issue (self, FIELD_LINK, NULL);
}

static void
on_fee_changed (CabinetSessionEditor *self)
{
  if (self->loading)
    return;
  self->fee_touched = TRUE;
  set_issue (self, FIELD_FEE, NULL);
}

static void
on_repeat_changed (CabinetSessionEditor *self)
{
  gboolean repeats = adw_combo_row_get_selected (self->repeat_row) != CABINET_REPEAT_NONE;
  gboolean by_date = adw_combo_row_get_selected (self->end_row) == 1;

  gtk_widget_set_visible (GTK_WIDGET (self->end_row), repeats);
  gtk_widget_set_visible (self->count_row, repeats && !by_date);
  gtk_widget_set_visible (GTK_WIDGET (self->until_row), repeats && by_date);
  set_issue (self, FIELD_REPEAT, NULL);
}

/* ── Saving ─────────────────────────────────────────────────────────────── */

typedef struct {
  CabinetSessionEditor *editor;
  CabinetSession       *session;
  CabinetSessionPlan   *plan;
} Pending;

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->editor);
  g_object_unref (pending->session);
  cabinet_session_plan_free (pending->plan);
  g_free (pending);
}

static void
finish (CabinetSessionEditor *self,
        CabinetSessionPlan   *plan,
        gboolean              allow_overlap)
{
  g_autoptr(GError) error = NULL;
  CabinetSessionStore *store = cabinet_context_get_session_store (self->context);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  guint n = cabinet_session_plan_get_n_sessions (plan);
  g_autofree char *message = NULL;

  if (store && !cabinet_session_store_apply (store, plan, allow_overlap, &error)
      && g_error_matches (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_OVERLAP))
    {
      /* Planned meanwhile in another window: shown, for another try. */
      set_issue (self, FIELD_DATE, error->message);
      return;
    }
  if (store == NULL || error)
    {
      cabinet_show_error (GTK_WINDOW (self), _("The session was not saved"),
                          error ? error->message : _("Cabinet is locked."));
      return;
    }

  if (self->original)
    message = g_strdup_printf (ngettext ("%u session changed", "%u sessions changed", n), n);
  else
    message = g_strdup_printf (ngettext ("%u session planned", "%u sessions planned", n), n);
  if (parent)
    {
      AdwToastOverlay *toasts = cabinet_widget_find_toasts (GTK_WIDGET (parent));

      if (toasts)
        adw_toast_overlay_add_toast (toasts, cabinet_toast_new (message));
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_overlap_response (AdwMessageDialog *dialog,
                     const char       *response,
                     Pending          *pending)
{
  if (g_strcmp0 (response, "plan") == 0)
    finish (pending->editor, pending->plan, TRUE);
}

static char *
describe_session (CabinetSessionEditor *self,
                  CabinetSession       *session)
{
  g_autoptr(GError) error = NULL;
  CabinetClientStore *clients = cabinet_context_get_client_store (self->context, &error);
  CabinetClient *client = clients ? cabinet_client_store_lookup (clients, cabinet_session_get_client_id (session)) : NULL;
  g_autofree char *day = cabinet_session_dup_day (session, self->zone, NULL);
  g_autofree char *hours = cabinet_session_dup_time_range (session, self->zone);
  g_autofree char *name = client ? cabinet_client_dup_display_name (client) : g_strdup ("");

  /* Translators: a session already planned, as in "Tuesday 24 November, 10:00 – 10:50 — Jeanne Martin". */
  return g_strdup_printf (_("%s, %s — %s"), day, hours, name);
}

/* Overlaps are shown, and planning over them is a choice. */
static void
plan_and_confirm (CabinetSessionEditor *self,
                  CabinetSession       *session,
                  CabinetSessionScope   scope)
{
  CabinetSessionStore *store = cabinet_context_get_session_store (self->context);
  g_autoptr(CabinetSessionPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  CabinetRecurrence rule;
  GPtrArray *overlaps;

  if (store == NULL)
    return;

  if (self->original)
    plan = cabinet_session_store_plan_update (store, session, scope, self->zone, &error);
  else
    {
      cabinet_recurrence_init (&rule, adw_combo_row_get_selected (self->repeat_row));
      if (adw_combo_row_get_selected (self->end_row) == 0)
        rule.count = (guint) gtk_spin_button_get_value_as_int (self->count_spin);
      else
        {
          g_autoptr(GDate) until = cabinet_parse_iso_date (gtk_editable_get_text (GTK_EDITABLE (self->until_row)));

          if (until)
            rule.until = *until;
        }
      plan = cabinet_session_store_plan_add (store, session, &rule, self->zone, &error);
      cabinet_recurrence_clear (&rule);
    }

  if (plan == NULL)
    {
      Field field = FIELD_DATE;

      if (g_error_matches (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_NO_SUCH_TIME))
        field = FIELD_TIME;
      else if (!self->original && adw_combo_row_get_selected (self->repeat_row) != CABINET_REPEAT_NONE)
        field = FIELD_REPEAT;
      set_issue (self, field, error->message);
      return;
    }

  overlaps = cabinet_session_plan_get_overlaps (plan);
  if (overlaps->len == 0)
    {
      finish (self, plan, FALSE);
      return;
    }

  {
    g_autoptr(GString) body = g_string_new (NULL);
    Pending *pending = g_new0 (Pending, 1);
    GtkWidget *dialog;

    for (guint i = 0; i < MIN (overlaps->len, 5); i++)
      {
        g_autofree char *line = describe_session (self, g_ptr_array_index (overlaps, i));

        g_string_append_printf (body, "%s%s", i ? "\n" : "", line);
      }
    if (overlaps->len > 5)
      g_string_append_printf (body, "\n%s", _("…and others."));

    dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                     ngettext ("This overlaps a session already planned",
                                               "This overlaps sessions already planned",
                                               overlaps->len),
                                     body->str);
    adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                      "cancel", _("_Cancel"),
                                      "plan", _("_Plan Anyway"),
                                      NULL);
    adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "plan", ADW_RESPONSE_DESTRUCTIVE);
    adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
    adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
    pending->editor = g_object_ref (self);
    pending->session = g_object_ref (session);
    pending->plan = g_steal_pointer (&plan);
    g_signal_connect_data (dialog, "response", G_CALLBACK (on_overlap_response), pending,
                           (GClosureNotify) (void (*) (void)) pending_free, 0);
    gtk_window_present (GTK_WINDOW (dialog));
  }
}

static void
on_scope_response (AdwMessageDialog *dialog,
                   const char       *response,
                   Pending          *pending)
{
  if (g_strcmp0 (response, "this") == 0)
    plan_and_confirm (pending->editor, pending->session, CABINET_SESSION_SCOPE_THIS);
  else if (g_strcmp0 (response, "following") == 0)
    plan_and_confirm (pending->editor, pending->session, CABINET_SESSION_SCOPE_FOLLOWING);
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  CabinetSessionEditor *self = CABINET_SESSION_EDITOR (widget);
  g_autoptr(CabinetSession) session = NULL;

  clear_issues (self);
  session = read_session (self, TRUE);
  if (session == NULL)
    return;

  /* A session of a series: this one alone, or the rest of the series too. */
  if (self->original && cabinet_session_get_series_id (self->original) != 0
      && cabinet_session_get_status (self->original) == CABINET_SESSION_SCHEDULED)
    {
      Pending *pending = g_new0 (Pending, 1);
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                                  _("Change the following sessions too?"),
                                                  _("This session is part of a series. The change can apply to it alone, or to it and every later session of the series that is still scheduled."));

      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "this", _("_This Session Only"),
                                        "following", _("This and _Following"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "following", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "this");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      pending->editor = g_object_ref (self);
      pending->session = g_steal_pointer (&session);
      g_signal_connect_data (dialog, "response", G_CALLBACK (on_scope_response), pending,
                             (GClosureNotify) (void (*) (void)) pending_free, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  plan_and_confirm (self, session, CABINET_SESSION_SCOPE_THIS);
}

/* ── Setting up ─────────────────────────────────────────────────────────── */

static void
load (CabinetSessionEditor *self)
{
  GSettings *settings = cabinet_context_get_settings (self->context);
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GtkStringList) modalities = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) repeats = gtk_string_list_new (NULL);
  g_autoptr(GtkExpression) name = NULL;
  g_autoptr(GError) error = NULL;
  CabinetClientStore *store = cabinet_context_get_client_store (self->context, &error);
  gint64 client_id = self->original ? cabinet_session_get_client_id (self->original) : self->client_id;
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;

  self->loading = TRUE;

  for (guint i = 0; i < CABINET_N_CHANNELS; i++)
    gtk_string_list_append (modalities, cabinet_channel_label (cabinet_channel_nth (i)));
  adw_combo_row_set_model (self->modality_row, G_LIST_MODEL (modalities));
  for (guint i = 0; i < CABINET_N_REPEATS; i++)
    gtk_string_list_append (repeats, cabinet_repeat_label (i));
  adw_combo_row_set_model (self->repeat_row, G_LIST_MODEL (repeats));

  self->clients = store ? cabinet_client_store_list_open (store) : G_LIST_MODEL (g_list_store_new (CABINET_TYPE_CLIENT));
  /* The client asked for is listed even if their file is closed: planning from
   * a closed client's page must not fall on another client. */
  if (client_id != 0 && store)
    {
      CabinetClient *client = cabinet_client_store_lookup (store, client_id);
      guint position;

      if (client && !g_list_store_find (G_LIST_STORE (self->clients), client, &position))
        g_list_store_insert (G_LIST_STORE (self->clients), 0, client);
    }
  name = gtk_property_expression_new (CABINET_TYPE_CLIENT, NULL, "display-name");
  gtk_drop_down_set_expression (self->client_dropdown, name);
  gtk_drop_down_set_model (self->client_dropdown, self->clients);
  for (guint i = 0; i < g_list_model_get_n_items (self->clients); i++)
    {
      g_autoptr(CabinetClient) client = g_list_model_get_item (self->clients, i);

      if (cabinet_client_get_id (client) == client_id)
        gtk_drop_down_set_selected (self->client_dropdown, i);
    }

  if (self->original)
    {
      CabinetChannels modality = cabinet_session_get_modality (self->original);
      g_autofree char *fee = cabinet_money_format_plain (cabinet_session_get_fee (self->original),
                                                        cabinet_session_get_currency (self->original));

      start = cabinet_session_dup_start (self->original, self->zone);
      gtk_spin_button_set_value (self->duration_spin, cabinet_session_get_duration (self->original));
      for (guint i = 0; i < CABINET_N_CHANNELS; i++)
        if (cabinet_channel_nth (i) == modality)
          adw_combo_row_set_selected (self->modality_row, i);
      gtk_editable_set_text (GTK_EDITABLE (self->link_row), cabinet_session_get_link (self->original));
      gtk_editable_set_text (GTK_EDITABLE (self->fee_row), fee);
      /* A session already planned is one; its series was set when it was planned. */
      gtk_widget_set_visible (GTK_WIDGET (self->repeat_group), FALSE);
      adw_window_title_set_title (self->window_title, _("Edit Session"));
      /* A session of a series stays with its client; one already settled stays
       * where and with whom it was (its fee, link and way may still change). */
      if (cabinet_session_get_series_id (self->original) != 0)
        gtk_widget_set_sensitive (self->client_row, FALSE);
      if (cabinet_session_get_status (self->original) != CABINET_SESSION_SCHEDULED)
        {
          gtk_widget_set_sensitive (self->client_row, FALSE);
          gtk_widget_set_sensitive (GTK_WIDGET (self->date_row), FALSE);
          gtk_widget_set_sensitive (GTK_WIDGET (self->time_row), FALSE);
          gtk_widget_set_sensitive (self->duration_row, FALSE);
          self->settled = g_strdup_printf (_("Marked “%s”: set it back to scheduled to move it."),
                                           cabinet_session_status_label (cabinet_session_get_status (self->original)));
        }
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now (self->zone);

      if (self->start != 0)
        {
          g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (self->start);

          start = g_date_time_to_timezone (utc, self->zone);
        }
      else
        {
          /* The next full hour. */
          g_autoptr(GDateTime) hour = g_date_time_add_full (now, 0, 0, 0, 1, -g_date_time_get_minute (now),
                                                            -g_date_time_get_seconds (now));
          start = g_steal_pointer (&hour);
        }
      gtk_spin_button_set_value (self->duration_spin, g_settings_get_uint (settings, "session-duration"));
      adw_window_title_set_title (self->window_title, _("New Session"));
    }

  date = g_date_time_format (start, "%Y-%m-%d");
  time = g_date_time_format (start, "%H:%M");
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), date);
  gtk_editable_set_text (GTK_EDITABLE (self->time_row), time);
  update_link_title (self);
  self->loading = FALSE;

  fill_defaults_for_client (self);
  on_repeat_changed (self);
  update_hint (self);
}

static void
on_entry_activated (CabinetSessionEditor *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "editor.save", NULL);
}

static void
cabinet_session_editor_dispose (GObject *object)
{
  CabinetSessionEditor *self = CABINET_SESSION_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CABINET_TYPE_SESSION_EDITOR);
  g_clear_object (&self->context);
  g_clear_object (&self->original);
  g_clear_object (&self->clients);

  G_OBJECT_CLASS (cabinet_session_editor_parent_class)->dispose (object);
}

static void
cabinet_session_editor_finalize (GObject *object)
{
  CabinetSessionEditor *self = CABINET_SESSION_EDITOR (object);

  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_free (self->hint);
  g_free (self->settled);
  for (guint i = 0; i < N_FIELDS; i++)
    g_free (self->issues[i]);

  G_OBJECT_CLASS (cabinet_session_editor_parent_class)->finalize (object);
}

static void
cabinet_session_editor_class_init (CabinetSessionEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cabinet_session_editor_dispose;
  object_class->finalize = cabinet_session_editor_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cabinetapp/Cabinet/cabinet-session-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CabinetSessionEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, CabinetSessionEditor, when_group);
  gtk_widget_class_bind_template_child (widget_class, CabinetSessionEditor, repeat_group);
  gtk_widget_class_bind_template_child (widget_class, CabinetSessionEditor, client_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetSessionEditor, client_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CabinetSessionEditor, date_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetSessionEditor, time_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetSessionEditor, duration_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetSessionEditor, duration_spin);
  gtk_widget_class_bind_template_child (widget_class, CabinetSessionEditor, modality_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetSessionEditor, link_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetSessionEditor, fee_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetSessionEditor, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetSessionEditor, end_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetSessionEditor, count_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetSessionEditor, count_spin);
  gtk_widget_class_bind_template_child (widget_class, CabinetSessionEditor, until_row);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cabinet_session_editor_init (CabinetSessionEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->zone = g_time_zone_new_local ();

  g_signal_connect_swapped (self->client_dropdown, "notify::selected", G_CALLBACK (on_client_changed), self);
  g_signal_connect_swapped (self->modality_row, "notify::selected", G_CALLBACK (on_modality_changed), self);
  g_signal_connect_swapped (self->repeat_row, "notify::selected", G_CALLBACK (on_repeat_changed), self);
  g_signal_connect_swapped (self->end_row, "notify::selected", G_CALLBACK (on_repeat_changed), self);
  g_signal_connect_swapped (self->date_row, "changed", G_CALLBACK (on_when_changed), self);
  g_signal_connect_swapped (self->time_row, "changed", G_CALLBACK (on_when_changed), self);
  g_signal_connect_swapped (self->duration_spin, "value-changed", G_CALLBACK (on_when_changed), self);
  g_signal_connect_swapped (self->link_row, "changed", G_CALLBACK (on_link_changed), self);
  g_signal_connect_swapped (self->fee_row, "changed", G_CALLBACK (on_fee_changed), self);
  g_signal_connect_swapped (self->until_row, "changed", G_CALLBACK (on_repeat_changed), self);

  g_signal_connect_swapped (self->date_row, "entry-activated", G_CALLBACK (on_entry_activated), self);
  g_signal_connect_swapped (self->time_row, "entry-activated", G_CALLBACK (on_entry_activated), self);
  g_signal_connect_swapped (self->link_row, "entry-activated", G_CALLBACK (on_entry_activated), self);
  g_signal_connect_swapped (self->fee_row, "entry-activated", G_CALLBACK (on_entry_activated), self);
  g_signal_connect_swapped (self->until_row, "entry-activated", G_CALLBACK (on_entry_activated), self);
}

CabinetSessionEditor *
cabinet_session_editor_new (GtkWindow      *parent,
                            CabinetContext *context,
                            CabinetSession *session,
                            gint64          start,
                            gint64          client_id)
{
  CabinetSessionEditor *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CABINET_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (session == NULL || CABINET_IS_SESSION (session), NULL);

  self = g_object_new (CABINET_TYPE_SESSION_EDITOR, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  self->original = session ? cabinet_session_copy (session) : NULL;
  self->start = start;
  self->client_id = client_id;
  load (self);
  /* Locked: the form and what it holds go. */
  g_signal_connect_object (context, "notify::locked", G_CALLBACK (gtk_window_destroy), self, G_CONNECT_SWAPPED);
  return self;
}

const char *
cabinet_session_editor_get_issue (CabinetSessionEditor *self,
                                  const char           *field)
{
  g_return_val_if_fail (CABINET_IS_SESSION_EDITOR (self), NULL);

  for (guint i = 0; i < N_FIELDS; i++)
    if (g_str_equal (field_names[i], field))
      return self->issues[i];
  return NULL;
}

const char *
cabinet_session_editor_get_hint (CabinetSessionEditor *self)
{
  g_return_val_if_fail (CABINET_IS_SESSION_EDITOR (self), NULL);
  return self->hint;
}
