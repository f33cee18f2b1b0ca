/* cabinet-client-page.c — one client's own page: the record, and what can be done
 * with it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <time.h>

#include "cabinet-check-env.h"
#include "cabinet-client-actions.h"
#include "cabinet-client-editor.h"
#include "cabinet-client-page.h"
#include "cabinet-consent-dialog.h"
#include "cabinet-feedback.h"
#include "cabinet-gui-util.h"
#include "cabinet-ledger-rows.h"
#include "cabinet-receipt.h"
#include "cabinet-money.h"
#include "cabinet-session-actions.h"
#include "cabinet-session-row.h"

typedef enum {
  GROUP_IDENTITY,
  GROUP_GUARDIAN,
  GROUP_CONTACT,
  GROUP_FRAME,
  GROUP_SAFETY,
  GROUP_ADMIN,
  N_GROUPS
} Group;

/* The record as read-only rows, in the order of the editor. The fee, which is not
 * a text field, has its own row in the online frame. */
static const struct {
  CabinetClientField  field;
  Group               group;
  const char         *title;
} row_table[] = {
  { CABINET_CLIENT_FIRST_NAME, GROUP_IDENTITY, N_("First name") },
  { CABINET_CLIENT_LAST_NAME, GROUP_IDENTITY, N_("Last name") },
  { CABINET_CLIENT_PSEUDONYM, GROUP_IDENTITY, N_("Preferred name or pseudonym") },
  { CABINET_CLIENT_BIRTH_DATE, GROUP_IDENTITY, N_("Date of birth") },
  { CABINET_CLIENT_GUARDIAN_NAME, GROUP_GUARDIAN, N_("Guardian’s name") },
  { CABINET_CLIENT_GUARDIAN_RELATION, GROUP_GUARDIAN, N_("Guardian’s relationship to the client") },
  { CABINET_CLIENT_GUARDIAN_PHONE, GROUP_GUARDIAN, N_("Guardian’s phone") },
  { CABINET_CLIENT_GUARDIAN_EMAIL, GROUP_GUARDIAN, N_("Guardian’s e-mail") },
  { CABINET_CLIENT_EMAIL, GROUP_CONTACT, N_("E-mail") },
  { CABINET_CLIENT_PHONE, GROUP_CONTACT, N_("Phone") },
  { CABINET_CLIENT_ADDRESS, GROUP_CONTACT, N_("Postal address") },
  { CABINET_CLIENT_CITY, GROUP_CONTACT, N_("City") },
  { CABINET_CLIENT_COUNTRY, GROUP_CONTACT, N_("Country") },
  { CABINET_CLIENT_TIME_ZONE, GROUP_CONTACT, N_("Time zone") },
  { CABINET_CLIENT_LANGUAGE, GROUP_CONTACT, N_("Language of documents") },
  { CABINET_CLIENT_MODALITY, GROUP_FRAME, N_("Usual way of meeting") },
  { CABINET_CLIENT_IN_PERSON_NEARBY, GROUP_FRAME, N_("In-person care available nearby") },
  { CABINET_CLIENT_EMERGENCY_NAME, GROUP_SAFETY, N_("Emergency contact") },
  { CABINET_CLIENT_EMERGENCY_RELATION, GROUP_SAFETY, N_("Emergency contact’s relationship to the client") },
  { CABINET_CLIENT_EMERGENCY_PHONE, GROUP_SAFETY, N_("Emergency contact’s phone") },
  { CABINET_CLIENT_LOCAL_EMERGENCY_NUMBER, GROUP_SAFETY, N_("Emergency number where the client lives") },
  { CABINET_CLIENT_REFERRAL_SOURCE, GROUP_ADMIN, N_("Referred by") },
  { CABINET_CLIENT_STATUS, GROUP_ADMIN, N_("Status") },
  { CABINET_CLIENT_ADMIN_NOTE, GROUP_ADMIN, N_("Administrative note") },
};

#define N_ROWS G_N_ELEMENTS (row_table)

struct _CabinetClientPage
{
  AdwBin               parent_instance;

  CabinetContext      *context;
  CabinetClientStore  *store;
  CabinetClient       *client;
  gulong               client_handler;
  gulong               store_handler;

  GtkWidget           *rows[N_ROWS];
  GtkWidget           *fee_row;
  GtkWidget           *no_emergency_row;

  GtkWidget           *back_button;
  AdwAvatar           *avatar;
  GtkLabel            *name_label;
  GtkLabel            *summary_label;
  GtkWidget           *close_child;
  GtkWidget           *reopen_child;
  GtkWidget           *guardian_warning_group;
  GtkWidget           *no_consent_list;
  GtkWidget           *no_consent_row;
  GtkListBox          *consent_list;
  GtkListBox          *session_list;
  GtkListBox          *account_list;
  CabinetLedger       *ledger;      /* watched for changes */
  gulong               ledger_handler;
  CabinetSessionStore *session_store;  /* watched for changes */
  gulong               sessions_handler;
  GListStore          *forms;         /* the client's consent forms, newest first */
  AdwPreferencesGroup *groups[N_GROUPS];
};

G_DEFINE_FINAL_TYPE (CabinetClientPage, cabinet_client_page, ADW_TYPE_BIN)

/* The value stands out and the field's name is under it, as in Contacts; a long
 * address or note wraps. */
static GtkWidget *
value_row (const char *title)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), title);
  return row;
}

static char *
format_birth_date (CabinetClient *client)
{
  const char *text = cabinet_client_get_text (client, CABINET_CLIENT_BIRTH_DATE);
  g_autoptr(GDate) birth = cabinet_parse_iso_date (text);
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = NULL;
  int age;

  if (birth == NULL)
    return g_strdup (text);

  when = g_date_time_new_local (g_date_get_year (birth), g_date_get_month (birth), g_date_get_day (birth), 12, 0, 0);
  date = cabinet_format_date (when);
  age = g_date_time_get_year (now) - g_date_get_year (birth);
  if (g_date_time_get_month (now) < (int) g_date_get_month (birth)
      || (g_date_time_get_month (now) == (int) g_date_get_month (birth)
          && g_date_time_get_day_of_month (now) < g_date_get_day (birth)))
    age--;
  if (age < 0)
    return g_steal_pointer (&date);
  /* Translators: a date of birth and the age it gives, as in "23 April 1985 (40 years old)". */
  return g_strdup_printf (g_dngettext (NULL, "%s (%d year old)", "%s (%d years old)", age), date, age);
}

static char *
field_value (CabinetClient      *client,
             CabinetClientField  field)
{
  const char *text = cabinet_client_get_text (client, field);

  switch (field)
    {
    case CABINET_CLIENT_LANGUAGE:
    case CABINET_CLIENT_MODALITY:
    case CABINET_CLIENT_IN_PERSON_NEARBY:
    case CABINET_CLIENT_STATUS:
      return g_strdup (cabinet_client_choice_label (field, text));
    case CABINET_CLIENT_BIRTH_DATE:
      return format_birth_date (client);
    default:
      return g_strdup (text);
    }
}

static char *
fee_text (CabinetClientPage *self)
{
  CabinetPractitioner *practitioner = cabinet_context_get_practitioner (self->context);
  const char *currency = practitioner ? cabinet_practitioner_get_currency (practitioner) : "EUR";
  gint64 fee = cabinet_client_get_fee (self->client);
  g_autofree char *usual = NULL;

  if (fee >= 0)
    return cabinet_money_format (fee, currency);
  if (practitioner == NULL || cabinet_practitioner_get_fee (practitioner) <= 0)
    return g_strdup (_("Your usual fee"));
  usual = cabinet_money_format (cabinet_practitioner_get_fee (practitioner), currency);
  /* Translators: %s is an amount such as 60,00 €. */
  return g_strdup_printf (_("Your usual fee, %s"), usual);
}

static void
refresh (CabinetClientPage *self)
{
  gboolean group_shown[N_GROUPS] = { FALSE, };
  g_autofree char *name = NULL;
  g_autofree char *avatar_name = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *fee = NULL;
  const char *status;
  gboolean closed;
  CabinetConsentStatus consent;

  if (self->client == NULL)
    return;

  name = cabinet_client_dup_display_name (self->client);
  gtk_label_set_text (self->name_label, name);
  /* Initials from the names, not from "(Léna)". */
  avatar_name = g_strjoin (" ", cabinet_client_get_text (self->client, CABINET_CLIENT_FIRST_NAME),
                           cabinet_client_get_text (self->client, CABINET_CLIENT_LAST_NAME), NULL);
  adw_avatar_set_text (self->avatar, *g_strstrip (avatar_name) ? avatar_name : name);

  status = cabinet_client_get_text (self->client, CABINET_CLIENT_STATUS);
  closed = g_str_equal (status, "closed");
  if (cabinet_client_get_created_at (self->client))
    {
      g_autofree char *since = cabinet_format_date (cabinet_client_get_created_at (self->client));
      /* Translators: a client's status, then the date the record was created, as in
       * "Active · Client since 12 March 2024". */
      summary = g_strdup_printf (_("%s · Client since %s"),
                                 cabinet_client_choice_label (CABINET_CLIENT_STATUS, status), since);
    }
  else
    {
      summary = g_strdup (cabinet_client_choice_label (CABINET_CLIENT_STATUS, status));
    }
  gtk_label_set_text (self->summary_label, summary);

  gtk_widget_set_visible (self->close_child, !closed);
  gtk_widget_set_visible (self->reopen_child, closed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "client.close", !closed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "client.reopen", closed);
  gtk_widget_set_visible (self->guardian_warning_group,
                          cabinet_client_needs_guardian (self->client, NULL));
  consent = cabinet_client_get_consent_status (self->client);
  gtk_widget_set_visible (self->no_consent_list, consent != CABINET_CONSENT_SIGNED);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->no_consent_row), cabinet_consent_status_label (consent));
  gtk_widget_set_visible (GTK_WIDGET (self->consent_list),
                          self->forms && g_list_model_get_n_items (G_LIST_MODEL (self->forms)) > 0);

  for (guint i = 0; i < N_ROWS; i++)
    {
      g_autofree char *value = field_value (self->client, row_table[i].field);
      gboolean shown = value != NULL && *value != '\0';

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->rows[i]), shown ? value : "");
      gtk_widget_set_visible (self->rows[i], shown);
      group_shown[row_table[i].group] |= shown;
    }

  fee = fee_text (self);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->fee_row), fee);
  group_shown[GROUP_FRAME] = TRUE;

  /* Principle 07: a missing emergency contact is worth seeing, not hiding. */
  gtk_widget_set_visible (self->no_emergency_row, !group_shown[GROUP_SAFETY]);
  group_shown[GROUP_SAFETY] = TRUE;

  for (guint g = 0; g < N_GROUPS; g++)
    gtk_widget_set_visible (GTK_WIDGET (self->groups[g]), group_shown[g]);
}

static void
on_store_changed (CabinetClientPage *self)
{
  CabinetClient *current;

  if (self->client == NULL)
    return;
  /* The store may hold a new object for the client after a save; an erased client
   * is no longer found, and the Clients page goes back to the list. */
  current = cabinet_client_store_lookup (self->store, cabinet_client_get_id (self->client));
  if (current != NULL && current != self->client)
    cabinet_client_page_set_client (self, self->store, current);
  else
    refresh (self);
}

/* Told by the page that holds this one, which stays when this one goes (erased). */
static void
add_toast (CabinetClientPage *self,
           const char        *message)
{
  GtkWidget *toasts = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (toasts)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (toasts), cabinet_toast_new (message));
}

static void
on_editor_saved (CabinetClientPage *self,
                 CabinetClient     *client)
{
  add_toast (self, _("Changes saved"));
  on_store_changed (self);
}

static void
edit_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  CabinetClientPage *self = CABINET_CLIENT_PAGE (widget);
  CabinetClientEditor *editor;

  if (self->client == NULL)
    return;
  editor = cabinet_client_editor_new (cabinet_widget_get_window (GTK_WIDGET (self)), self->context, self->store, self->client);
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_editor_saved), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
set_status (CabinetClientPage *self,
            const char        *status,
            const char        *done)
{
  g_autoptr(GError) error = NULL;

  if (self->client == NULL)
    return;
  if (!cabinet_client_store_set_status (self->store, self->client, status, &error))
    {
      /* Translators: %s says why, from the database. */
      g_autofree char *message = g_strdup_printf (_("The record could not be changed: %s"), error->message);
      add_toast (self, message);
      return;
    }
  add_toast (self, done);
  on_store_changed (self);
}

static void
close_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  set_status (CABINET_CLIENT_PAGE (widget), "closed", _("Record closed"));
}

static void
reopen_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  set_status (CABINET_CLIENT_PAGE (widget), "active", _("Record reopened"));
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  CabinetClientPage *self = CABINET_CLIENT_PAGE (widget);

  if (self->client)
    cabinet_client_export_present (GTK_WIDGET (self), self->context, self->client);
}

static void
erase_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  CabinetClientPage *self = CABINET_CLIENT_PAGE (widget);

  if (self->client)
    cabinet_client_erase_present (GTK_WIDGET (self), self->store, self->client);
}

/* Consent forms */

static void
update_form_row (AdwActionRow       *row,
                 GParamSpec         *pspec,
                 CabinetConsentForm *form)
{
  CabinetConsentStatus status = cabinet_consent_form_get_status (form);
  g_autofree char *subtitle = NULL;

  if (*cabinet_consent_form_get_copy_type (form))
    /* Translators: a consent form's status, as in "Consent signed · signed copy attached". */
    subtitle = g_strdup_printf (_("%s · signed copy attached"), cabinet_consent_status_label (status));
  else
    subtitle = g_strdup (cabinet_consent_status_label (status));
  adw_action_row_set_subtitle (row, subtitle);
}

static void
on_form_row_activated (AdwActionRow      *row,
                       CabinetClientPage *self)
{
  CabinetConsentForm *form = g_object_get_data (G_OBJECT (row), "cabinet-form");
  CabinetConsentDialog *dialog;

  dialog = cabinet_consent_dialog_new_for_form (cabinet_widget_get_window (GTK_WIDGET (self)),
                                                self->context, self->client, form);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
create_form_row (gpointer item,
                 gpointer user_data)
{
  CabinetConsentForm *form = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
  g_autofree char *date = cabinet_format_date (cabinet_consent_form_get_created_at (form));
  g_autofree char *title = NULL;

  title = g_strdup_printf (g_str_equal (cabinet_consent_form_get_language (form), "en")
                           /* Translators: a consent form, by the date it was made. */
                           ? _("Form of %s, in English") : _("Form of %s, in French"), date);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
  g_object_set_data_full (G_OBJECT (row), "cabinet-form", g_object_ref (form), g_object_unref);
  g_signal_connect_object (form, "notify", G_CALLBACK (update_form_row), row, G_CONNECT_SWAPPED);
  update_form_row (ADW_ACTION_ROW (row), NULL, form);
  g_signal_connect (row, "activated", G_CALLBACK (on_form_row_activated), user_data);
  return row;
}

static void
load_forms (CabinetClientPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->forms)
    g_signal_handlers_disconnect_by_func (self->forms, refresh, self);
  g_clear_object (&self->forms);
  if (self->client && self->context)
    {
      self->forms = cabinet_consent_forms_list (cabinet_context_get_database (self->context),
                                                cabinet_client_get_id (self->client), &error);
      if (self->forms == NULL)
        {
          /* Translators: %s says why, from the database. */
          g_autofree char *message = g_strdup_printf (_("The consent forms could not be read: %s"), error->message);
          add_toast (self, message);
        }
      else
        g_signal_connect_swapped (self->forms, "items-changed", G_CALLBACK (refresh), self);
    }
  gtk_list_box_bind_model (self->consent_list, G_LIST_MODEL (self->forms), create_form_row, self, NULL);
}

/* The client's sessions: those to come first, in order, then the latest past
 * ones; a long history is summed up rather than listed. */
#define MAX_PAST_SESSIONS 10

static void load_sessions (CabinetClientPage *self);

static void
watch_sessions (CabinetClientPage   *self,
                CabinetSessionStore *store)
{
  if (self->session_store == store)
    return;
  if (self->session_store)
    g_clear_signal_handler (&self->sessions_handler, self->session_store);
  g_set_object (&self->session_store, store);
  if (store)
    self->sessions_handler = g_signal_connect_swapped (store, "changed", G_CALLBACK (load_sessions), self);
}

static void
load_sessions (CabinetClientPage *self)
{
  CabinetSessionStore *store = self->context ? cabinet_context_get_session_store (self->context) : NULL;
  g_autoptr(GListModel) sessions = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint n, first_future, shown_past = 0;

  watch_sessions (self, store);
  cabinet_list_box_remove_rows (self->session_list);
  if (store == NULL || self->client == NULL)
    return;

  sessions = cabinet_session_store_list_client (store, cabinet_client_get_id (self->client), &error);
  if (sessions == NULL)
    {
      add_toast (self, error->message);
      return;
    }
  n = g_list_model_get_n_items (sessions);
  for (first_future = 0; first_future < n; first_future++)
    {
      g_autoptr(CabinetSession) session = g_list_model_get_item (sessions, first_future);

      if (cabinet_session_get_ends_at (session) > now)
        break;
    }
  for (guint i = first_future; i < n; i++)
    {
      g_autoptr(CabinetSession) session = g_list_model_get_item (sessions, i);

      gtk_list_box_append (self->session_list,
                           cabinet_session_row_new (self->context, session,
                                                    CABINET_SESSION_ROW_SHOW_DAY | CABINET_SESSION_ROW_HIDE_CLIENT));
    }
  for (guint i = first_future; i > 0 && shown_past < MAX_PAST_SESSIONS; i--, shown_past++)
    {
      g_autoptr(CabinetSession) session = g_list_model_get_item (sessions, i - 1);

      gtk_list_box_append (self->session_list,
                           cabinet_session_row_new (self->context, session,
                                                    CABINET_SESSION_ROW_SHOW_DAY | CABINET_SESSION_ROW_HIDE_CLIENT));
    }
  if (first_future > shown_past)
    {
      GtkWidget *more = adw_action_row_new ();
      g_autofree char *text = g_strdup_printf (ngettext ("And %u earlier session, in the Schedule’s agenda",
                                                         "And %u earlier sessions, in the Schedule’s agenda",
                                                         first_future - shown_past),
                                               first_future - shown_past);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (more), text);
      gtk_widget_add_css_class (more, "dim-label");
      gtk_list_box_append (self->session_list, more);
    }
}

/* The account: where the client stands, then the latest entries, each payment
 * with a way to reverse it (a correction is a reversal and a new payment). */
#define MAX_ENTRIES 20

static void load_account (CabinetClientPage *self);

static void
watch_ledger (CabinetClientPage *self,
              CabinetLedger     *ledger)
{
  if (self->ledger == ledger)
    return;
  if (self->ledger)
    g_clear_signal_handler (&self->ledger_handler, self->ledger);
  g_set_object (&self->ledger, ledger);
  if (ledger)
    self->ledger_handler = g_signal_connect_swapped (ledger, "changed", G_CALLBACK (load_account), self);
}

static void
on_reverse_response (AdwMessageDialog *dialog,
                     const char       *response,
                     CabinetClientPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "cabinet-payment"));
  g_autoptr(GDate) today = g_date_new ();
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "reverse") != 0 || self->ledger == NULL)
    return;
  g_date_set_time_t (today, time (NULL));
  if (cabinet_ledger_reverse (self->ledger, id, today, NULL, NULL, &error) == 0)
    add_toast (self, error->message);
  else if (self->client)
    cabinet_ledger_receipt_after_reversal (GTK_WIDGET (self), self->context, cabinet_client_get_id (self->client), id);
}

static void
on_reverse_clicked (GtkButton         *button,
                    CabinetClientPage *self)
{
  const char *what = g_object_get_data (G_OBJECT (button), "cabinet-what");
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "cabinet-payment"));
  CabinetDatabase *database = cabinet_context_get_database (self->context);
  g_autoptr(CabinetReceiptInfo) receipt = database ? cabinet_receipt_find_for_payment (database, id, NULL) : NULL;
  g_autofree char *receipt_text = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (receipt)
    /* Translators: %s is a receipt's number, as in 2026-0001. */
    receipt_text = g_strdup_printf (_("Its receipt %s will be cancelled by a new receipt, to give the client."),
                                    receipt->label);
  body = g_strconcat (what, ". ",
                      _("A reversal cancels the payment in the account; both stay visible, as an accountant expects. Record the right payment afterwards."),
                      receipt_text ? " " : NULL, receipt_text, NULL);
  dialog = adw_message_dialog_new (cabinet_widget_get_window (GTK_WIDGET (self)), _("Reverse this payment?"), body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep"),
                                    "reverse", _("_Reverse"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reverse", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "cabinet-payment", g_object_get_data (G_OBJECT (button), "cabinet-payment"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reverse_response), self, 0);
  g_signal_connect_object (self->context, "notify::locked", G_CALLBACK (gtk_window_destroy), dialog, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
load_account (CabinetClientPage *self)
{
  CabinetLedger *ledger = self->context ? cabinet_context_get_ledger (self->context) : NULL;
  g_autoptr(GPtrArray) entries = NULL;
  CabinetDatabase *database = self->context ? cabinet_context_get_database (self->context) : NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  GtkWidget *row;
  gint64 balance = 0;

  watch_ledger (self, ledger);
  cabinet_list_box_remove_rows (self->account_list);
  if (ledger == NULL || self->client == NULL)
    return;

  if (!cabinet_ledger_get_balance (ledger, cabinet_client_get_id (self->client), &balance, &error)
      || (entries = cabinet_ledger_list_entries (ledger, cabinet_client_get_id (self->client), &error)) == NULL)
    {
      add_toast (self, error->message);
      return;
    }
  title = cabinet_ledger_balance_text (balance, cabinet_context_get_currency (self->context));
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (row, "property");
  if (balance < 0)
    {
      GtkWidget *give_back = gtk_button_new_with_mnemonic (_("_Give Back…"));

      gtk_widget_set_valign (give_back, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (give_back, _("Give back the client’s credit"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (give_back), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Give back the client’s credit"), -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (give_back), "client.refund");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), give_back);
    }
  gtk_list_box_append (self->account_list, row);

  for (guint i = entries->len, shown = 0; i > 0 && shown < MAX_ENTRIES; i--, shown++)
    {
      CabinetEntry *entry = g_ptr_array_index (entries, i - 1);

      gtk_list_box_append (self->account_list,
                           cabinet_ledger_entry_row_new (entry, NULL, cabinet_receipt_is_due (database, entry->id),
                                                         G_CALLBACK (on_reverse_clicked), self));
    }
}

static void
receipt_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  CabinetClientPage *self = CABINET_CLIENT_PAGE (widget);

  if (self->client && self->context)
    cabinet_ledger_receipt_present (widget, self->context, cabinet_client_get_id (self->client),
                                    g_variant_get_int64 (param));
}

static void
record_payment_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  CabinetClientPage *self = CABINET_CLIENT_PAGE (widget);

  if (self->client && self->context)
    cabinet_session_actions_record_payment (widget, self->context, cabinet_client_get_id (self->client), NULL);
}

static void
period_receipt_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  CabinetClientPage *self = CABINET_CLIENT_PAGE (widget);

  if (self->client && self->context)
    cabinet_ledger_period_receipt_present (widget, self->context, cabinet_client_get_id (self->client));
}

static void
refund_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  CabinetClientPage *self = CABINET_CLIENT_PAGE (widget);

  if (self->client && self->context)
    cabinet_session_actions_refund (widget, self->context, cabinet_client_get_id (self->client));
}

static void
new_session_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  CabinetClientPage *self = CABINET_CLIENT_PAGE (widget);

  if (self->client && self->context)
    cabinet_session_actions_plan (widget, self->context, 0, cabinet_client_get_id (self->client));
}

static void
new_consent_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  CabinetClientPage *self = CABINET_CLIENT_PAGE (widget);
  CabinetConsentDialog *dialog;

  if (self->client == NULL || self->forms == NULL)
    return;
  dialog = cabinet_consent_dialog_new (cabinet_widget_get_window (GTK_WIDGET (self)),
                                       self->context, self->client, self->forms);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
cabinet_client_page_set_client (CabinetClientPage  *self,
                                CabinetClientStore *store,
                                CabinetClient      *client)
{
  g_return_if_fail (CABINET_IS_CLIENT_PAGE (self));
  g_return_if_fail (store == NULL || CABINET_IS_CLIENT_STORE (store));
  g_return_if_fail (client == NULL || CABINET_IS_CLIENT (client));
  g_return_if_fail ((store == NULL) == (client == NULL));

  if (self->store != store)
    {
      g_clear_signal_handler (&self->store_handler, self->store);
      g_set_object (&self->store, store);
      if (store)
        self->store_handler = g_signal_connect_swapped (store, "items-changed",
                                                        G_CALLBACK (on_store_changed), self);
    }
  if (self->client != client)
    {
      g_clear_signal_handler (&self->client_handler, self->client);
      g_set_object (&self->client, client);
      if (client)
        self->client_handler = g_signal_connect_swapped (client, "notify", G_CALLBACK (refresh), self);
    }

  load_forms (self);
  load_sessions (self);
  load_account (self);
  for (const char * const *a = (const char * const[]) { "client.edit", "client.close", "client.reopen",
                                                        "client.export", "client.erase",
                                                        "client.new-consent", "client.new-session", "client.record-payment",
                                                        "client.period-receipt", "client.refund", NULL }; *a; a++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), *a, client != NULL);
  refresh (self);
}

CabinetClient *
cabinet_client_page_get_client (CabinetClientPage *self)
{
  g_return_val_if_fail (CABINET_IS_CLIENT_PAGE (self), NULL);
  return self->client;
}

void
cabinet_client_page_set_context (CabinetClientPage *self,
                                 CabinetContext    *context)
{
  g_return_if_fail (CABINET_IS_CLIENT_PAGE (self));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  g_signal_connect_object (context, "notify::practitioner", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
}

static gboolean
cabinet_client_page_grab_focus (GtkWidget *widget)
{
  /* Arriving on the page, the keyboard starts from the way back. */
  return gtk_widget_grab_focus (CABINET_CLIENT_PAGE (widget)->back_button);
}

static void
cabinet_client_page_dispose (GObject *object)
{
  CabinetClientPage *self = CABINET_CLIENT_PAGE (object);

  cabinet_client_page_set_client (self, NULL, NULL);
  watch_sessions (self, NULL);
  watch_ledger (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CABINET_TYPE_CLIENT_PAGE);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (cabinet_client_page_parent_class)->dispose (object);
}

static void
cabinet_client_page_class_init (CabinetClientPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cabinet_client_page_dispose;
  widget_class->grab_focus = cabinet_client_page_grab_focus;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cabinetapp/Cabinet/cabinet-client-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CabinetClientPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientPage, avatar);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientPage, close_child);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientPage, reopen_child);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientPage, guardian_warning_group);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientPage, no_consent_list);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientPage, no_consent_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientPage, consent_list);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientPage, session_list);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientPage, account_list);
  gtk_widget_class_bind_template_child_full (widget_class, "identity_group", FALSE,
                                             G_STRUCT_OFFSET (CabinetClientPage, groups[GROUP_IDENTITY]));
  gtk_widget_class_bind_template_child_full (widget_class, "guardian_group", FALSE,
                                             G_STRUCT_OFFSET (CabinetClientPage, groups[GROUP_GUARDIAN]));
  gtk_widget_class_bind_template_child_full (widget_class, "contact_group", FALSE,
                                             G_STRUCT_OFFSET (CabinetClientPage, groups[GROUP_CONTACT]));
  gtk_widget_class_bind_template_child_full (widget_class, "frame_group", FALSE,
                                             G_STRUCT_OFFSET (CabinetClientPage, groups[GROUP_FRAME]));
  gtk_widget_class_bind_template_child_full (widget_class, "safety_group", FALSE,
                                             G_STRUCT_OFFSET (CabinetClientPage, groups[GROUP_SAFETY]));
  gtk_widget_class_bind_template_child_full (widget_class, "admin_group", FALSE,
                                             G_STRUCT_OFFSET (CabinetClientPage, groups[GROUP_ADMIN]));

  gtk_widget_class_install_action (widget_class, "client.edit", NULL, edit_activated);
  gtk_widget_class_install_action (widget_class, "client.close", NULL, close_activated);
  gtk_widget_class_install_action (widget_class, "client.reopen", NULL, reopen_activated);
  gtk_widget_class_install_action (widget_class, "client.export", NULL, export_activated);
  gtk_widget_class_install_action (widget_class, "client.erase", NULL, erase_activated);
  gtk_widget_class_install_action (widget_class, "client.new-consent", NULL, new_consent_activated);
  gtk_widget_class_install_action (widget_class, "client.new-session", NULL, new_session_activated);
  gtk_widget_class_install_action (widget_class, "client.record-payment", NULL, record_payment_activated);
  gtk_widget_class_install_action (widget_class, "client.refund", NULL, refund_activated);
  gtk_widget_class_install_action (widget_class, "client.period-receipt", NULL, period_receipt_activated);
  gtk_widget_class_install_action (widget_class, "client.receipt", "x", receipt_activated);
}

static void
cabinet_client_page_init (CabinetClientPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < N_ROWS; i++)
    {
      self->rows[i] = value_row (_(row_table[i].title));
      adw_preferences_group_add (self->groups[row_table[i].group], self->rows[i]);

      /* The fee follows the way of meeting and in-person care, as in the editor. */
      if (row_table[i].field == CABINET_CLIENT_IN_PERSON_NEARBY)
        {
          self->fee_row = value_row (_("Fee for one session"));
          adw_preferences_group_add (self->groups[GROUP_FRAME], self->fee_row);
        }
    }

  self->no_emergency_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->no_emergency_row), _("No emergency contact recorded"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->no_emergency_row),
                               _("Someone to call if this client is in danger during a session."));
  adw_preferences_group_add (self->groups[GROUP_SAFETY], self->no_emergency_row);

  cabinet_client_page_set_client (self, NULL, NULL);
}
