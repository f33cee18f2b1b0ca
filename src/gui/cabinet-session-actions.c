/* cabinet-session-actions.c — what is done to a session from any page: plan,
 * edit, start (after the self-check), mark what became of it, remove
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cabinet-check-env.h"
#include "cabinet-feedback.h"
#include "cabinet-money.h"
#include "cabinet-gui-util.h"
#include "cabinet-ledger-rows.h"
#include "cabinet-receipt.h"
#include "cabinet-session-actions.h"
#include "cabinet-session-editor.h"

void
cabinet_session_actions_plan (GtkWidget      *parent,
                              CabinetContext *context,
                              gint64          start,
                              gint64          client_id)
{
  CabinetSessionEditor *editor;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (CABINET_IS_CONTEXT (context));

  if (cabinet_context_is_locked (context))
    return;
  editor = cabinet_session_editor_new (cabinet_widget_get_window (parent), context, NULL, start, client_id);
  gtk_window_present (GTK_WINDOW (editor));
}

void
cabinet_session_actions_edit (GtkWidget      *parent,
                              CabinetContext *context,
                              CabinetSession *session)
{
  CabinetSessionEditor *editor;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (CABINET_IS_CONTEXT (context));
  g_return_if_fail (CABINET_IS_SESSION (session));

  if (cabinet_context_is_locked (context))
    return;
  editor = cabinet_session_editor_new (cabinet_widget_get_window (parent), context, session, 0, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

char *
cabinet_session_actions_dup_uri (CabinetSession *session)
{
  const char *link;

  g_return_val_if_fail (CABINET_IS_SESSION (session), NULL);

  link = cabinet_session_get_link (session);
  if (*link == '\0')
    return NULL;
  switch (cabinet_session_get_modality (session))
    {
    case CABINET_CHANNEL_PHONE:
      {
        g_autoptr(GString) number = g_string_new ("tel:");

        for (const char *p = link; *p; p++)
          if (g_ascii_isdigit (*p) || (*p == '+' && number->len == 4))
            g_string_append_c (number, *p);
        return g_string_free (g_steal_pointer (&number), FALSE);
      }
    case CABINET_CHANNEL_EMAIL:
      return g_strconcat ("mailto:", link, NULL);
    case CABINET_CHANNEL_VIDEO:
    case CABINET_CHANNEL_CHAT:
      /* The session's validation lets only https:// through as a web address. */
      return g_str_has_prefix (link, "https://") ? g_strdup (link) : NULL;
    case CABINET_CHANNEL_IN_PERSON:
    default:
      return NULL;
    }
}

/* ── Start session ──────────────────────────────────────────────────────── */

typedef struct {
  CabinetFeedback  feedback;
  CabinetContext  *context;
  CabinetSession  *session;
  gint64           run_id;
  GStrv            failed;   /* ids of the required checks that failed */
  char            *uri;
} StartData;

static void
start_data_free (StartData *data)
{
  cabinet_feedback_clear (&data->feedback);
  g_clear_object (&data->context);
  g_clear_object (&data->session);
  g_strfreev (data->failed);
  g_free (data->uri);
  g_free (data);
}

static void
on_launched (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  StartData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    {
      g_autofree char *body = g_strdup_printf (_("No application could open %s. Open it yourself, or check the session’s link."),
                                               data->uri);

      cabinet_feedback_failure (&data->feedback, _("The session is started, but its link did not open."), body);
    }
  start_data_free (data);
}

static void
start_now (StartData *data)
{
  CabinetSessionStore *store = cabinet_context_get_session_store (data->context);
  g_autoptr(GError) error = NULL;

  if (store == NULL
      || !cabinet_session_store_record_start (store, data->session, data->run_id,
                                              (const char * const *) data->failed, &error))
    {
      cabinet_feedback_failure (&data->feedback, _("The session was not started."),
                                error ? error->message : _("Cabinet is locked."));
      start_data_free (data);
      return;
    }

  data->uri = cabinet_session_actions_dup_uri (data->session);
  if (data->uri == NULL)
    {
      cabinet_feedback_success (&data->feedback, _("Session started"));
      start_data_free (data);
      return;
    }
  cabinet_feedback_success (&data->feedback, _("Session started: opening its link…"));
  g_app_info_launch_default_for_uri_async (data->uri, NULL, NULL, on_launched, data);
}

/* The dialog owns its data, which goes with it however it closes. */
static void
on_start_response (AdwMessageDialog *dialog,
                   const char       *response,
                   StartData        *data)
{
  if (g_strcmp0 (response, "start") == 0)
    {
      StartData *started = g_new0 (StartData, 1);

      started->feedback.window = data->feedback.window ? g_object_ref (data->feedback.window) : NULL;
      started->feedback.toasts = data->feedback.toasts ? g_object_ref (data->feedback.toasts) : NULL;
      started->context = g_object_ref (data->context);
      started->session = g_object_ref (data->session);
      started->run_id = data->run_id;
      started->failed = g_strdupv (data->failed);
      start_now (started);
    }
  else if (g_strcmp0 (response, "details") == 0 && data->feedback.window)
    gtk_widget_activate_action (GTK_WIDGET (data->feedback.window), "win.show-page", "s", "security");
}

static CabinetClient *
session_client (CabinetContext *context,
                CabinetSession *session)
{
  CabinetClientStore *clients = cabinet_context_get_client_store (context, NULL);

  return clients ? cabinet_client_store_lookup (clients, cabinet_session_get_client_id (session)) : NULL;
}

static void
on_self_check_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  StartData *data = user_data;
  CabinetSelfCheck *check = cabinet_context_get_self_check (data->context);
  GListModel *items = cabinet_self_check_get_items (check);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GStrvBuilder) failed = g_strv_builder_new ();
  CabinetClient *client;
  gboolean consent_missing;
  GtkWidget *dialog;
  const char *heading;

  if (cabinet_context_is_locked (data->context))
    {
      /* Locked meanwhile: nothing starts, and nothing is said on a locked screen. */
      start_data_free (data);
      return;
    }
  if (!cabinet_context_run_self_check_finish (data->context, result, &data->run_id, &error))
    {
      /* Another self-check began before this one ended (Check Now, another Start). */
      cabinet_feedback_failure (&data->feedback, _("The session was not started."),
                                _("Another security check began meanwhile. Press Start again once it is done."));
      start_data_free (data);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(CabinetCheckItem) item = g_list_model_get_item (items, i);

      if (!cabinet_check_item_get_required (item)
          || cabinet_check_item_get_status (item) != CABINET_CHECK_FAIL)
        continue;
      g_strv_builder_add (failed, cabinet_check_item_get_id (item));
      g_string_append_printf (body, "• %s: %s\n", cabinet_check_item_get_title (item),
                              cabinet_check_item_get_summary (item));
    }
  data->failed = g_strv_builder_end (failed);

  client = session_client (data->context, data->session);
  consent_missing = client && cabinet_client_get_consent_status (client) != CABINET_CONSENT_SIGNED;

  if (data->failed[0] == NULL && !consent_missing)
    {
      start_now (data);
      return;
    }

  if (data->failed[0] != NULL)
    {
      heading = _("This computer fails a security check");
      g_string_prepend (body, _("Before a session, the practice needs these to pass:\n"));
      g_string_append (body, _("\nYou can fix them first (Show Details says how), or start anyway: starting is then recorded with the session."));
    }
  else
    heading = _("No signed consent form");
  if (consent_missing)
    {
      g_autofree char *name = cabinet_client_dup_display_name (client);

      CabinetConsentStatus consent = cabinet_client_get_consent_status (client);

      g_string_append_printf (body, "%s", body->len ? "\n\n" : "");
      if (consent == CABINET_CONSENT_NONE)
        g_string_append_printf (body, _("%s has no consent form yet."), name);
      else if (consent == CABINET_CONSENT_WITHDRAWN)
        g_string_append_printf (body, _("%s has withdrawn their consent."), name);
      else
        g_string_append_printf (body, _("%s has not signed their consent form yet."), name);
    }

  dialog = adw_message_dialog_new (data->feedback.window, heading, body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  if (data->failed[0] != NULL)
    adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "details", _("Show _Details"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "start", _("_Start Anyway"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "start", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_start_response), data,
                         (GClosureNotify) (void (*) (void)) start_data_free, 0);
  /* Locked while asking: the question goes, and nothing is started. */
  g_signal_connect_object (data->context, "notify::locked", G_CALLBACK (gtk_window_destroy),
                           dialog, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
cabinet_session_actions_start (GtkWidget      *parent,
                               CabinetContext *context,
                               CabinetSession *session)
{
  StartData *data;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (CABINET_IS_CONTEXT (context));
  g_return_if_fail (CABINET_IS_SESSION (session));

  data = g_new0 (StartData, 1);
  cabinet_feedback_init (&data->feedback, parent);
  data->context = g_object_ref (context);
  data->session = g_object_ref (session);
  cabinet_context_run_self_check_async (context, on_self_check_done, data);
}

/* ── Status ─────────────────────────────────────────────────────────────── */

typedef struct {
  CabinetFeedback       feedback;
  CabinetContext       *context;
  CabinetSession       *session;
  CabinetSessionStatus  status;
} StatusData;

static void
status_data_free (StatusData *data)
{
  cabinet_feedback_clear (&data->feedback);
  g_clear_object (&data->context);
  g_clear_object (&data->session);
  g_free (data);
}

static StatusData *
status_data_new (GtkWidget            *parent,
                 CabinetContext       *context,
                 CabinetSession       *session,
                 CabinetSessionStatus  status)
{
  StatusData *data = g_new0 (StatusData, 1);

  cabinet_feedback_init (&data->feedback, parent);
  data->context = g_object_ref (context);
  data->session = g_object_ref (session);
  data->status = status;
  return data;
}

static void
apply_status (StatusData          *data,
              CabinetSessionScope  scope)
{
  CabinetSessionStore *store = cabinet_context_get_session_store (data->context);
  g_autoptr(GError) error = NULL;

  if (store == NULL)
    return;
  if (!cabinet_session_store_set_status (store, data->session, data->status, scope, &error))
    cabinet_feedback_failure (&data->feedback, _("The session was not changed."), error->message);
}

static void
on_status_scope_response (AdwMessageDialog *dialog,
                          const char       *response,
                          StatusData       *data)
{
  if (g_strcmp0 (response, "this") == 0)
    apply_status (data, CABINET_SESSION_SCOPE_THIS);
  else if (g_strcmp0 (response, "following") == 0)
    apply_status (data, CABINET_SESSION_SCOPE_FOLLOWING);
}

void
cabinet_session_actions_set_status (GtkWidget            *parent,
                                    CabinetContext       *context,
                                    CabinetSession       *session,
                                    CabinetSessionStatus  status)
{
  StatusData *data;
  GtkWidget *dialog;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (CABINET_IS_CONTEXT (context));
  g_return_if_fail (CABINET_IS_SESSION (session));

  data = status_data_new (parent, context, session, status);

  if (cabinet_session_get_series_id (session) == 0
      || (status != CABINET_SESSION_CANCELLED_CLIENT && status != CABINET_SESSION_CANCELLED_THERAPIST))
    {
      apply_status (data, CABINET_SESSION_SCOPE_THIS);
      status_data_free (data);
      return;
    }

  dialog = adw_message_dialog_new (cabinet_widget_get_window (parent),
                                   _("Cancel the following sessions too?"),
                                   _("This session is part of a series. The later sessions of the series that are still scheduled can be cancelled with it."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Everything"),
                                    "this", _("_This Session Only"),
                                    "following", _("This and _Following"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "following", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "this");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_status_scope_response), data,
                         (GClosureNotify) (void (*) (void)) status_data_free, 0);
  g_signal_connect_object (context, "notify::locked", G_CALLBACK (gtk_window_destroy), dialog, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ── Delete ─────────────────────────────────────────────────────────────── */

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    StatusData       *data)
{
  CabinetSessionStore *store = cabinet_context_get_session_store (data->context);
  g_autoptr(GError) error = NULL;
  CabinetSessionScope scope;

  if (store == NULL || (g_strcmp0 (response, "this") != 0 && g_strcmp0 (response, "following") != 0))
    return;
  scope = g_str_equal (response, "following") ? CABINET_SESSION_SCOPE_FOLLOWING : CABINET_SESSION_SCOPE_THIS;
  if (!cabinet_session_store_delete (store, data->session, scope, &error))
    cabinet_feedback_failure (&data->feedback, _("The session was not removed."), error->message);
  else
    cabinet_feedback_success (&data->feedback, _("Removed from the schedule"));
}

void
cabinet_session_actions_delete (GtkWidget      *parent,
                                CabinetContext *context,
                                CabinetSession *session)
{
  StatusData *data;
  GtkWidget *dialog;
  gboolean series;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (CABINET_IS_CONTEXT (context));
  g_return_if_fail (CABINET_IS_SESSION (session));

  data = status_data_new (parent, context, session, CABINET_SESSION_SCHEDULED);

  series = cabinet_session_get_series_id (session) != 0;
  dialog = adw_message_dialog_new (cabinet_widget_get_window (parent),
                                   _("Remove this session from the schedule?"),
                                   series
                                   ? _("Use this for a session that will not take place, such as a holiday week. The rest of the series can go too. To record that someone cancelled, use Cancel instead: that is kept.")
                                   : _("Use this for a session planned by mistake. To record that someone cancelled, use Cancel instead: that is kept."));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Keep"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "this",
                                   series ? _("_This Session Only") : _("_Remove"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "this", ADW_RESPONSE_DESTRUCTIVE);
  if (series)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "following", _("This and _Following"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "following", ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_delete_response), data,
                         (GClosureNotify) (void (*) (void)) status_data_free, 0);
  g_signal_connect_object (context, "notify::locked", G_CALLBACK (gtk_window_destroy), dialog, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ── Record a payment ───────────────────────────────────────────────────── */

typedef struct {
  CabinetFeedback   feedback;
  CabinetContext   *context;
  gint64            client_id;
  CabinetSession   *session;   /* NULL: a payment on account */
  gboolean          refund;    /* money given back from the client's credit */
  gint64            credit;    /* for a refund: the most that can be given back */
  char             *currency;
  AdwMessageDialog *dialog;
  GtkEditable      *amount;
  GtkDropDown      *method;
  GtkEditable      *date;
  GtkEditable      *reference;
  GtkCheckButton   *receipt;   /* NULL for a refund */
  gboolean          receipt_chosen;  /* ticked or unticked by the therapist */
  GtkLabel         *problem;
} PaymentData;

static void
payment_data_free (PaymentData *data)
{
  cabinet_feedback_clear (&data->feedback);
  g_clear_object (&data->context);
  g_clear_object (&data->session);
  g_free (data->currency);
  g_free (data);
}

static CabinetPaymentMethods
chosen_method (PaymentData *data)
{
  guint index = gtk_drop_down_get_selected (data->method);

  return index < CABINET_N_PAYMENT_METHODS ? cabinet_payment_method_nth (index) : 0;
}

/* The form as a payment, or FALSE with what to fix. */
static gboolean
read_payment (PaymentData  *data,
              gint64       *amount,
              GDate       **date,
              GError      **error)
{
  CabinetLedger *ledger = cabinet_context_get_ledger (data->context);
  const char *currency = data->currency;

  *date = cabinet_parse_iso_date (gtk_editable_get_text (data->date));
  if (*date == NULL)
    {
      g_set_error_literal (error, CABINET_LEDGER_ERROR, CABINET_LEDGER_ERROR_INVALID,
                           _("Enter the date as YYYY-MM-DD, for example 2026-11-24."));
      return FALSE;
    }
  if (!cabinet_money_parse (gtk_editable_get_text (data->amount), currency, amount, error))
    return FALSE;
  if (data->refund && *amount > data->credit)
    {
      g_autofree char *credit = cabinet_money_format (data->credit, currency);

      /* Translators: %s is the client's credit, as in "60,00 €". */
      g_set_error (error, CABINET_LEDGER_ERROR, CABINET_LEDGER_ERROR_INVALID,
                   _("At most %s can be given back: the client’s credit."), credit);
      return FALSE;
    }
  return ledger != NULL && cabinet_ledger_check_payment (ledger, *amount, currency, *date, chosen_method (data),
                                                         NULL, error);
}

static void
on_payment_changed (PaymentData *data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) date = NULL;
  gint64 amount;
  gboolean ok = read_payment (data, &amount, &date, &error);

  gtk_label_set_text (data->problem, ok ? "" : error->message);
  gtk_widget_set_visible (GTK_WIDGET (data->problem), !ok);
  adw_message_dialog_set_response_enabled (data->dialog, "record", ok);
  /* A receipt is due from 25 €, and offered on request below: the box follows
   * the amount until the therapist decides. */
  if (ok && data->receipt && !data->receipt_chosen)
    {
      g_signal_handlers_block_matched (data->receipt, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, data);
      gtk_check_button_set_active (data->receipt, amount >= CABINET_RECEIPT_DUE_FROM_MINOR);
      g_signal_handlers_unblock_matched (data->receipt, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, data);
    }
}

static void
on_receipt_toggled (PaymentData *data)
{
  data->receipt_chosen = TRUE;
}

static void
on_payment_response (AdwMessageDialog *dialog,
                     const char       *response,
                     PaymentData      *data)
{
  CabinetLedger *ledger = cabinet_context_get_ledger (data->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) date = NULL;
  gint64 amount, id = 0, session_id = data->session ? cabinet_session_get_id (data->session) : 0;

  if (g_strcmp0 (response, "record") != 0 || ledger == NULL)
    return;
  if (read_payment (data, &amount, &date, &error))
    id = data->refund
      ? cabinet_ledger_refund (ledger, data->client_id, amount, date, chosen_method (data),
                               gtk_editable_get_text (data->reference), NULL, NULL, &error)
      : cabinet_ledger_record_payment (ledger, data->client_id, amount, data->currency, date,
                                       chosen_method (data), gtk_editable_get_text (data->reference), NULL,
                                       &session_id, data->session ? 1 : 0, NULL, &error);
  if (id == 0)
    {
      cabinet_feedback_failure (&data->feedback,
                                data->refund ? _("The refund was not recorded.") : _("The payment was not recorded."),
                                error->message);
      return;
    }
  {
    g_autofree char *money = cabinet_money_format (amount, data->currency);
    g_autofree char *message = NULL;

    if (data->refund)
      /* Translators: %s is an amount, as in "60,00 €". */
      message = g_strdup_printf (_("Refund of %s recorded"), money);
    else
      /* Translators: %s is an amount, as in "60,00 €". */
      message = g_strdup_printf (_("Payment of %s recorded"), money);
    cabinet_feedback_success (&data->feedback, message);
  }
  if (data->receipt && gtk_check_button_get_active (data->receipt) && data->feedback.window)
    cabinet_ledger_receipt_present (GTK_WIDGET (data->feedback.window), data->context, data->client_id, id);
}

static GtkWidget *
payment_field (GtkGrid    *grid,
               int         row,
               const char *mnemonic,
               GtkWidget  *field)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), field);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  gtk_widget_set_hexpand (field, TRUE);
  gtk_grid_attach (grid, label, 0, row, 1, 1);
  gtk_grid_attach (grid, field, 1, row, 1, 1);
  return field;
}

/* The form for a payment (for @session, or on account), or with @refund for
 * money given back from the client's credit. */
static void
present_payment (GtkWidget      *parent,
                 CabinetContext *context,
                 gint64          client_id,
                 CabinetSession *session,
                 gboolean        refund)
{
  CabinetLedger *ledger;
  CabinetPractitioner *practitioner;
  CabinetClient *client;
  CabinetClientStore *clients;
  g_autoptr(GPtrArray) charges = NULL;
  g_autoptr(GtkStringList) methods = gtk_string_list_new (NULL);
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;
  g_autofree char *due_text = NULL;
  const char *currency;
  PaymentData *data;
  GtkWidget *dialog, *grid, *entry;
  gint64 due = 0;
  guint first_method = 0;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (CABINET_IS_CONTEXT (context));
  g_return_if_fail (session == NULL || CABINET_IS_SESSION (session));

  ledger = cabinet_context_get_ledger (context);
  practitioner = cabinet_context_get_practitioner (context);
  if (ledger == NULL)
    return;
  currency = session ? cabinet_session_get_currency (session) : cabinet_context_get_currency (context);

  /* What the session still owes (a session not charged yet proposes its fee),
   * or what the client owes on the whole. */
  if (session)
    {
      due = cabinet_session_get_fee (session);
      charges = cabinet_ledger_list_charges (ledger, client_id, NULL);
      for (guint i = 0; charges && i < charges->len; i++)
        {
          CabinetCharge *charge = g_ptr_array_index (charges, i);

          if (charge->session_id == cabinet_session_get_id (session))
            due = MAX (charge->charge - charge->paid, 0);
        }
    }
  else if (cabinet_ledger_get_balance (ledger, client_id, &due, NULL))
    due = MAX (refund ? -due : due, 0);

  for (guint i = 0; i < CABINET_N_PAYMENT_METHODS; i++)
    {
      gtk_string_list_append (methods, cabinet_payment_method_label (cabinet_payment_method_nth (i)));
      if (first_method == 0 && practitioner
          && (cabinet_practitioner_get_payment_methods (practitioner) & cabinet_payment_method_nth (i)))
        first_method = i + 1;
    }

  clients = cabinet_context_get_client_store (context, NULL);
  client = clients ? cabinet_client_store_lookup (clients, client_id) : NULL;
  name = client ? cabinet_client_dup_display_name (client) : g_strdup ("");
  due_text = cabinet_money_format (due, currency);
  if (session)
    {
      g_autofree char *day = cabinet_session_dup_day (session, zone, NULL);

      /* Translators: the session a payment is for, as in "Jeanne Martin, Tuesday 24 November: 60,00 € to pay." */
      body = g_strdup_printf (_("%s, %s: %s to pay."), name, day, due_text);
    }
  else if (refund)
    /* Translators: as in "Jeanne Martin is in credit: 60,00 €." */
    body = g_strdup_printf (_("%s is in credit: %s."), name, due_text);
  else
    /* Translators: a payment on account, as in "Jeanne Martin owes 60,00 €." */
    body = g_strdup_printf (_("%s owes %s."), name, due_text);

  dialog = adw_message_dialog_new (cabinet_widget_get_window (parent),
                                   refund ? _("Give Back Credit") : _("Record a Payment"), body);
  data = g_new0 (PaymentData, 1);
  cabinet_feedback_init (&data->feedback, parent);
  data->context = g_object_ref (context);
  data->client_id = client_id;
  data->session = session ? g_object_ref (session) : NULL;
  data->currency = g_strdup (currency);
  data->dialog = ADW_MESSAGE_DIALOG (dialog);
  data->refund = refund;
  data->credit = refund ? due : 0;

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  entry = gtk_entry_new ();
  {
    g_autofree char *plain = cabinet_money_format_plain (due, currency);

    gtk_editable_set_text (GTK_EDITABLE (entry), plain);
  }
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  data->amount = GTK_EDITABLE (payment_field (GTK_GRID (grid), 0, _("_Amount"), entry));
  data->method = GTK_DROP_DOWN (payment_field (GTK_GRID (grid), 1, refund ? _("_Given back by") : _("_Paid by"),
                                               gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&methods)), NULL)));
  gtk_drop_down_set_selected (data->method, first_method > 0 ? first_method - 1 : 0);
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), today);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  data->date = GTK_EDITABLE (payment_field (GTK_GRID (grid), 2, _("_Date (YYYY-MM-DD)"), entry));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Optional: cheque or transfer number"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  data->reference = GTK_EDITABLE (payment_field (GTK_GRID (grid), 3, _("_Reference"), entry));
  if (!refund)
    {
      data->receipt = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("Issue the r_eceipt now")));
      gtk_widget_set_tooltip_text (GTK_WIDGET (data->receipt),
                                   _("In France a receipt is due for a session of 25 € or more; below that, the client may ask for one."));
      gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (data->receipt), 1, 4, 1, 1);
      g_signal_connect_swapped (data->receipt, "toggled", G_CALLBACK (on_receipt_toggled), data);
    }
  data->problem = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (data->problem, TRUE);
  gtk_label_set_xalign (data->problem, 0);
  gtk_widget_add_css_class (GTK_WIDGET (data->problem), "error");
  gtk_widget_set_visible (GTK_WIDGET (data->problem), FALSE);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (data->problem), 0, 5, 2, 1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), grid);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "record", refund ? _("_Give Back") : _("_Record"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "record", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "record");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_swapped (data->amount, "changed", G_CALLBACK (on_payment_changed), data);
  g_signal_connect_swapped (data->date, "changed", G_CALLBACK (on_payment_changed), data);
  g_signal_connect_swapped (data->method, "notify::selected", G_CALLBACK (on_payment_changed), data);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_payment_response), data,
                         (GClosureNotify) (void (*) (void)) payment_data_free, 0);
  g_signal_connect_object (context, "notify::locked", G_CALLBACK (gtk_window_destroy), dialog, G_CONNECT_SWAPPED);
  on_payment_changed (data);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
cabinet_session_actions_record_payment (GtkWidget      *parent,
                                        CabinetContext *context,
                                        gint64          client_id,
                                        CabinetSession *session)
{
  present_payment (parent, context, client_id, session, FALSE);
}

void
cabinet_session_actions_refund (GtkWidget      *parent,
                                CabinetContext *context,
                                gint64          client_id)
{
  present_payment (parent, context, client_id, NULL, TRUE);
}
