/* cabinet-consent-dialog.c — a consent form: its terms, then the form itself,
 * previewed, printed, exported, and followed until it is signed
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cabinet-check-env.h"
#include "cabinet-consent-dialog.h"
#include "cabinet-document-actions.h"
#include "cabinet-document-view.h"
#include "cabinet-feedback.h"
#include "cabinet-field-messages.h"
#include "cabinet-gui-util.h"
#include "cabinet-money.h"

/* The terms that can have a problem, and where it is said. */
typedef enum {
  ISSUE_DOCUMENT,      /* the profile's registration, the client's guardian */
  ISSUE_CHANNELS,
  ISSUE_REPLY_DELAY,
  ISSUE_FEE,
  ISSUE_FALLBACK_PHONE,
  N_ISSUES
} Issue;

struct _CabinetConsentDialog
{
  AdwWindow             parent_instance;

  CabinetContext       *context;
  CabinetClient        *client;
  GListStore           *forms;
  GCancellable         *cancellable;
  CabinetConsentForm   *form;
  GBytes               *pdf;
  GBytes               *copy;
  gboolean              showing_copy;
  AdwToast             *attention;     /* "some terms need your attention", while shown */
  char                 *issues[N_ISSUES];
  GtkWidget            *messages[N_ISSUES];
  GtkCheckButton       *channel_checks[CABINET_N_CHANNELS];
  GtkWidget            *channel_rows[CABINET_N_CHANNELS];

  AdwWindowTitle       *window_title;
  GtkButton            *close_button;
  GtkWidget            *generate_button;
  GtkWidget            *export_button;
  GtkWidget            *print_button;
  AdwToastOverlay      *toasts;
  GtkStack             *steps;
  GtkWidget            *terms_page;
  AdwPreferencesGroup  *document_group;
  AdwPreferencesGroup  *channels_group;
  AdwComboRow          *language_row;
  GtkWidget            *reply_delay_group;
  AdwEntryRow          *reply_delay_row;
  AdwEntryRow          *fee_row;
  AdwComboRow          *due_row;
  AdwEntryRow          *fallback_phone_row;
  AdwEntryRow          *fallback_procedure_row;
  AdwEntryRow          *place_row;
  GtkTextView          *note_view;
  CabinetDocumentView  *view;
  GtkLabel             *status_label;
  GtkWidget            *given_button;
  GtkWidget            *signed_button;
  GtkWidget            *attach_button;
  GtkWidget            *withdraw_button;
  GtkWidget            *copy_toggle;
};

G_DEFINE_FINAL_TYPE (CabinetConsentDialog, cabinet_consent_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_SHOWING_COPY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const issue_fields[N_ISSUES] = {
  CABINET_CONSENT_REGISTRATION, CABINET_CONSENT_CHANNELS, CABINET_CONSENT_REPLY_DELAY,
  CABINET_CONSENT_FEE, CABINET_CONSENT_FALLBACK_PHONE,
};

static void
toast (CabinetConsentDialog *self,
       const char           *message)
{
  adw_toast_overlay_add_toast (self->toasts, cabinet_toast_new (message));
}

static CabinetDatabase *
database (CabinetConsentDialog *self)
{
  return cabinet_context_get_database (self->context);
}

/* The terms */

static GtkWidget *
issue_anchor (CabinetConsentDialog *self,
              Issue                 issue)
{
  switch (issue)
    {
    case ISSUE_DOCUMENT: return GTK_WIDGET (self->language_row);
    case ISSUE_CHANNELS: return self->channel_rows[CABINET_N_CHANNELS - 1];
    case ISSUE_REPLY_DELAY: return GTK_WIDGET (self->reply_delay_row);
    case ISSUE_FEE: return GTK_WIDGET (self->fee_row);
    case ISSUE_FALLBACK_PHONE: return GTK_WIDGET (self->fallback_phone_row);
    case N_ISSUES:
    default: g_return_val_if_reached (NULL);
    }
}

static void
show_issues (CabinetConsentDialog *self,
             GHashTable           *issues)
{
  for (guint i = 0; i < N_ISSUES; i++)
    {
      const char *message = issues ? g_hash_table_lookup (issues, issue_fields[i]) : NULL;
      GtkWidget *anchor = issue_anchor (self, i);

      /* What the profile or the client's record lacks is said at the top. */
      if (i == ISSUE_DOCUMENT && issues)
        {
          const char *record_fields[] = {
            cabinet_client_field_name (CABINET_CLIENT_GUARDIAN_NAME),
            cabinet_client_field_name (CABINET_CLIENT_LOCAL_EMERGENCY_NUMBER),
          };
          g_autoptr(GString) all = g_string_new (message);

          for (guint f = 0; f < G_N_ELEMENTS (record_fields); f++)
            {
              const char *more = g_hash_table_lookup (issues, record_fields[f]);

              if (more)
                g_string_append_printf (all, "%s%s", all->len ? "\n" : "", more);
            }
          g_free (self->issues[i]);
          self->issues[i] = all->len ? g_strdup (all->str) : NULL;
        }
      else
        {
          g_free (self->issues[i]);
          self->issues[i] = g_strdup (message);
        }

      if (self->issues[i])
        cabinet_field_message_show (anchor, &self->messages[i], self->issues[i]);
      else
        cabinet_field_message_clear (anchor, self->messages[i]);
    }
}

static void
update_reply_delay (CabinetConsentDialog *self)
{
  gboolean written = gtk_check_button_get_active (self->channel_checks[2])
                     || gtk_check_button_get_active (self->channel_checks[3]);

  gtk_widget_set_visible (self->reply_delay_group, written);
}

static void
fill_terms (CabinetConsentDialog *self)
{
  CabinetPractitioner *practitioner = cabinet_context_get_practitioner (self->context);
  g_autoptr(CabinetConsentTerms) terms = cabinet_consent_terms_new (practitioner, self->client);
  g_autofree char *fee = cabinet_money_format_plain (terms->fee, terms->currency);

  adw_combo_row_set_selected (self->language_row, g_str_equal (terms->language, "en") ? 1 : 0);
  for (guint i = 0; i < CABINET_N_CHANNELS; i++)
    gtk_check_button_set_active (self->channel_checks[i], (terms->channels & cabinet_channel_nth (i)) != 0);
  gtk_editable_set_text (GTK_EDITABLE (self->reply_delay_row), terms->reply_delay);
  gtk_editable_set_text (GTK_EDITABLE (self->fee_row), fee);
  adw_combo_row_set_selected (self->due_row, terms->pay_in_advance ? 1 : 0);
  gtk_editable_set_text (GTK_EDITABLE (self->fallback_phone_row), terms->fallback_phone);
  gtk_editable_set_text (GTK_EDITABLE (self->fallback_procedure_row), terms->fallback_procedure);
  gtk_editable_set_text (GTK_EDITABLE (self->place_row), terms->place);
  update_reply_delay (self);
}

/* The terms as typed; a fee that does not read as an amount is an issue. */
static CabinetConsentTerms *
read_terms (CabinetConsentDialog  *self,
            GHashTable           **issues)
{
  CabinetPractitioner *practitioner = cabinet_context_get_practitioner (self->context);
  CabinetConsentTerms *terms = cabinet_consent_terms_new (practitioner, self->client);
  g_autoptr(GError) error = NULL;
  g_autofree char *note = cabinet_text_view_dup_text (self->note_view);
  gboolean fee_ok;

  cabinet_set_string (&terms->language, adw_combo_row_get_selected (self->language_row) == 1 ? "en" : "fr");
  terms->channels = 0;
  for (guint i = 0; i < CABINET_N_CHANNELS; i++)
    if (gtk_check_button_get_active (self->channel_checks[i]))
      terms->channels |= cabinet_channel_nth (i);
  g_free (terms->reply_delay);
  terms->reply_delay = cabinet_text_clean (gtk_editable_get_text (GTK_EDITABLE (self->reply_delay_row)));
  fee_ok = cabinet_money_parse (gtk_editable_get_text (GTK_EDITABLE (self->fee_row)), terms->currency,
                                &terms->fee, &error);
  terms->pay_in_advance = adw_combo_row_get_selected (self->due_row) == 1;
  g_free (terms->fallback_phone);
  terms->fallback_phone = cabinet_text_clean (gtk_editable_get_text (GTK_EDITABLE (self->fallback_phone_row)));
  g_free (terms->fallback_procedure);
  terms->fallback_procedure = cabinet_text_clean (gtk_editable_get_text (GTK_EDITABLE (self->fallback_procedure_row)));
  g_free (terms->place);
  terms->place = cabinet_text_clean (gtk_editable_get_text (GTK_EDITABLE (self->place_row)));
  g_free (terms->note);
  terms->note = cabinet_text_clean (note);

  *issues = cabinet_consent_check (terms, practitioner, self->client);
  if (!fee_ok)
    {
      if (*issues == NULL)
        *issues = cabinet_issues_new ();
      cabinet_issues_add (*issues, CABINET_CONSENT_FEE, error->message);
    }
  return terms;
}

/* The form */

static void
update_status (CabinetConsentDialog *self)
{
  CabinetConsentStatus status = cabinet_consent_form_get_status (self->form);
  gboolean has_copy = *cabinet_consent_form_get_copy_type (self->form) != '\0';
  g_autofree char *made = cabinet_format_date (cabinet_consent_form_get_created_at (self->form));
  g_autofree char *text = NULL;

  switch (status)
    {
    case CABINET_CONSENT_GIVEN:
      {
        g_autofree char *given = cabinet_format_date (cabinet_consent_form_get_given_at (self->form));
        /* Translators: %s is a date. */
        text = g_strdup_printf (_("Given to the client on %s, not signed yet."), given);
      }
      break;
    case CABINET_CONSENT_SIGNED:
      {
        g_autofree char *signed_on = cabinet_format_date (cabinet_consent_form_get_signed_at (self->form));
        const char *how = cabinet_signature_method_label (cabinet_consent_form_get_signature_method (self->form));
        /* Translators: a date, then how the form was signed ("by hand"). */
        text = g_strdup_printf (_("Signed %2$s on %1$s."), signed_on, how);
      }
      break;
    case CABINET_CONSENT_WITHDRAWN:
      {
        g_autofree char *withdrawn = cabinet_format_date (cabinet_consent_form_get_withdrawn_at (self->form));
        /* Translators: %s is a date. */
        text = g_strdup_printf (_("Consent withdrawn on %s."), withdrawn);
      }
      break;
    case CABINET_CONSENT_GENERATED:
    case CABINET_CONSENT_NONE:
    default:
      /* Translators: %s is a date. */
      text = g_strdup_printf (_("Made on %s, not given to the client yet."), made);
    }
  gtk_label_set_text (self->status_label, text);

  {
    gboolean can_give = cabinet_consent_form_can_set_status (self->form, CABINET_CONSENT_GIVEN);
    gboolean can_sign = cabinet_consent_form_can_set_status (self->form, CABINET_CONSENT_SIGNED);
    gboolean can_withdraw = cabinet_consent_form_can_set_status (self->form, CABINET_CONSENT_WITHDRAWN);
    gboolean can_attach = cabinet_consent_form_can_attach_copy (self->form);

    gtk_widget_set_visible (self->given_button, can_give);
    gtk_widget_set_visible (self->signed_button, can_sign);
    gtk_widget_set_visible (self->attach_button, can_attach);
    gtk_widget_set_visible (self->copy_toggle, has_copy);
    gtk_widget_set_visible (self->withdraw_button, can_withdraw);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "consent.given", can_give);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "consent.signed", can_sign);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "consent.attach", can_attach);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "consent.withdraw", can_withdraw);
  }
}

static gboolean
show_form (CabinetConsentDialog *self,
           CabinetConsentForm   *form)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = cabinet_consent_form_load_pdf (form, database (self), &error);
  g_autofree char *date = NULL;
  g_autofree char *name = cabinet_client_dup_display_name (self->client);
  g_autofree char *subtitle = NULL;

  g_set_object (&self->form, form);
  if (pdf == NULL || !cabinet_document_view_load (self->view, pdf, &error))
    {
      /* The form is not shown rather than shown altered; the reason is. */
      adw_window_title_set_title (self->window_title, _("Consent Form"));
      gtk_widget_set_visible (self->generate_button, FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "consent.generate", FALSE);
      gtk_button_set_label (self->close_button, _("_Close"));
      gtk_stack_set_visible_child_name (self->steps, "preview");
      update_status (self);
      gtk_label_set_text (self->status_label, error->message);
      return FALSE;
    }
  g_clear_pointer (&self->pdf, g_bytes_unref);
  self->pdf = g_steal_pointer (&pdf);

  date = cabinet_format_date (cabinet_consent_form_get_created_at (form));
  subtitle = g_strdup_printf ("%s · %s", name, date);
  adw_window_title_set_title (self->window_title, _("Consent Form"));
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_button_set_label (self->close_button, _("_Close"));
  gtk_widget_set_visible (self->generate_button, FALSE);
  gtk_widget_set_visible (self->print_button, TRUE);
  gtk_widget_set_visible (self->export_button, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "consent.generate", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "consent.print", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "consent.export", TRUE);
  gtk_stack_set_visible_child_name (self->steps, "preview");
  update_status (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
  return TRUE;
}

static void
on_generated (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CabinetConsentDialog) self = user_data;
  g_autoptr(CabinetConsentForm) form = NULL;
  g_autoptr(GError) error = NULL;

  form = cabinet_consent_forms_generate_finish (CABINET_DATABASE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->terms_page), TRUE);
  if (form == NULL)
    {
      /* Translators: %s says why. */
      g_autofree char *message = g_strdup_printf (_("The form could not be made: %s"), error->message);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "consent.generate", TRUE);
      toast (self, message);
      return;
    }
  if (self->forms)
    g_list_store_insert (self->forms, 0, form);
  show_form (self, form);
}

static void
generate_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  CabinetConsentDialog *self = CABINET_CONSENT_DIALOG (widget);
  g_autoptr(GHashTable) issues = NULL;
  g_autoptr(CabinetConsentTerms) terms = read_terms (self, &issues);
  g_autoptr(GDateTime) now = NULL;

  show_issues (self, issues);
  if (issues)
    {
      for (guint i = 0; i < N_ISSUES; i++)
        if (self->issues[i])
          {
            gtk_widget_grab_focus (issue_anchor (self, i));
            break;
          }
      if (self->attention)
        adw_toast_dismiss (self->attention);
      g_set_weak_pointer (&self->attention, cabinet_toast_new (_("Some terms need your attention before the form can be made")));
      adw_toast_overlay_add_toast (self->toasts, self->attention);
      return;
    }

  if (self->attention)
    adw_toast_dismiss (self->attention);
  /* The PDF is made in a worker thread; the terms wait, unchanged, meanwhile. */
  now = cabinet_timestamp_now ();
  gtk_widget_action_set_enabled (widget, "consent.generate", FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->terms_page), FALSE);
  cabinet_consent_forms_generate_async (database (self), cabinet_context_get_practitioner (self->context),
                                        self->client, terms, now, self->cancellable,
                                        on_generated, g_object_ref (self));
}

static char *
file_name (CabinetConsentDialog *self)
{
  return cabinet_consent_file_name (self->client, cabinet_consent_form_get_language (self->form),
                                    cabinet_consent_form_get_created_at (self->form));
}

static void
print_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  CabinetConsentDialog *self = CABINET_CONSENT_DIALOG (widget);
  g_autofree char *name = NULL;

  if (self->pdf == NULL)
    return;
  name = file_name (self);
  cabinet_document_print (GTK_WINDOW (self), self->pdf, name,
                          &(CabinetDocumentAudit) { database (self), "consent-form-printed", "consent-form",
                                                    cabinet_consent_form_get_id (self->form) });
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  CabinetConsentDialog *self = CABINET_CONSENT_DIALOG (widget);
  g_autofree char *name = NULL;

  if (self->pdf == NULL)
    return;
  name = file_name (self);
  cabinet_document_export (GTK_WINDOW (self), self->pdf, name, _("Export the Consent Form"),
                           &(CabinetDocumentAudit) { database (self), "consent-form-exported", "consent-form",
                                                     cabinet_consent_form_get_id (self->form) });
}

static void
set_status_at (CabinetConsentDialog   *self,
               CabinetConsentStatus    status,
               CabinetSignatureMethod  method,
               GDateTime              *when,
               const char             *done)
{
  g_autoptr(GError) error = NULL;

  if (!cabinet_consent_form_set_status (self->form, database (self), self->client, status, method, when, &error))
    {
      toast (self, error->message);
      return;
    }
  update_status (self);
  toast (self, done);
}

static void
set_status (CabinetConsentDialog   *self,
            CabinetConsentStatus    status,
            CabinetSignatureMethod  method,
            const char             *done)
{
  g_autoptr(GDateTime) now = cabinet_timestamp_now ();

  set_status_at (self, status, method, now, done);
}

static void
given_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  set_status (CABINET_CONSENT_DIALOG (widget), CABINET_CONSENT_GIVEN, CABINET_SIGNATURE_NONE,
              _("Marked as given to the client"));
}

/* The day typed in the signing dialog, at the current time (today), or at noon
 * (another day); NULL when it is no date or still to come. */
static GDateTime *
signing_moment (const char *text)
{
  g_autoptr(GDate) day = cabinet_parse_iso_date (text);
  g_autoptr(GDateTime) now = cabinet_timestamp_now ();
  g_autoptr(GDateTime) local = g_date_time_to_local (now);
  g_autoptr(GDateTime) noon = NULL;

  if (day == NULL)
    return NULL;
  if ((int) g_date_get_year (day) == g_date_time_get_year (local)
      && (int) g_date_get_month (day) == g_date_time_get_month (local)
      && (int) g_date_get_day (day) == g_date_time_get_day_of_month (local))
    return g_steal_pointer (&now);
  noon = g_date_time_new_local (g_date_get_year (day), g_date_get_month (day), g_date_get_day (day), 12, 0, 0);
  if (noon == NULL || g_date_time_compare (noon, now) > 0)
    return NULL;
  return g_date_time_to_utc (noon);
}

static void
on_signed_response (AdwMessageDialog     *dialog,
                    const char           *response,
                    CabinetConsentDialog *self)
{
  CabinetSignatureMethod method = cabinet_signature_method_parse (response);
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autoptr(GDateTime) when = NULL;

  if (method == CABINET_SIGNATURE_NONE)
    return;
  when = signing_moment (gtk_editable_get_text (entry));
  if (when == NULL)
    {
      toast (self, _("The date of signature must be a day, written as YYYY-MM-DD, and not after today."));
      return;
    }
  set_status_at (self, CABINET_CONSENT_SIGNED, method, when, _("Signature recorded"));
}

static void
signed_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  CabinetConsentDialog *self = CABINET_CONSENT_DIALOG (widget);
  GtkWidget *date = gtk_entry_new ();
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autofree char *today_text = g_date_time_format (today, "%Y-%m-%d");
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("How Was the Form Signed?"),
                                                       _("Check the date of the signature (YYYY-MM-DD), then say how the client signed.")));
  gtk_editable_set_text (GTK_EDITABLE (date), today_text);
  gtk_entry_set_input_purpose (GTK_ENTRY (date), GTK_INPUT_PURPOSE_DIGITS);
  gtk_accessible_update_property (GTK_ACCESSIBLE (date), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Date of signature"), -1);
  adw_message_dialog_set_extra_child (dialog, date);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "handwritten", _("By _Hand"),
                                    "scanned", _("_Scanned"),
                                    "electronic", _("_Electronically"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "handwritten", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "handwritten");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_signed_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_withdraw_response (CabinetConsentDialog *self,
                      const char           *response)
{
  if (g_str_equal (response, "withdraw"))
    set_status (self, CABINET_CONSENT_WITHDRAWN, CABINET_SIGNATURE_NONE, _("Withdrawal of consent recorded"));
}

static void
withdraw_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  CabinetConsentDialog *self = CABINET_CONSENT_DIALOG (widget);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Record the Withdrawal of Consent?"),
                                                       _("The form stays in the client’s record, marked as withdrawn today. To work together again, make a new form.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "withdraw", _("_Record Withdrawal"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "withdraw", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_withdraw_response), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The signed copy */

static void
set_showing_copy (CabinetConsentDialog *self,
                  gboolean              showing)
{
  g_autoptr(GError) error = NULL;

  if (self->showing_copy == showing || self->form == NULL)
    return;
  if (showing && self->copy == NULL)
    self->copy = cabinet_consent_form_load_copy (self->form, database (self), &error);
  if (!cabinet_document_view_load (self->view, showing ? self->copy : self->pdf, &error))
    {
      toast (self, error->message);
      return;
    }
  self->showing_copy = showing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWING_COPY]);
}

gboolean
cabinet_consent_dialog_attach_copy (CabinetConsentDialog *self,
                                    GBytes               *data)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CABINET_IS_CONSENT_DIALOG (self), FALSE);
  g_return_val_if_fail (self->form != NULL, FALSE);

  if (!cabinet_consent_form_attach_copy (self->form, database (self), data, &error))
    {
      toast (self, error->message);
      return FALSE;
    }
  g_clear_pointer (&self->copy, g_bytes_unref);
  self->copy = g_bytes_ref (data);
  update_status (self);
  self->showing_copy = FALSE;
  set_showing_copy (self, TRUE);
  toast (self, _("Signed copy attached"));
  return TRUE;
}

static void
on_copy_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CabinetConsentDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (data == NULL)
    {
      g_autofree char *name = g_file_get_basename (G_FILE (source));
      /* Translators: %s is a file name. */
      g_autofree char *message = g_strdup_printf (_("“%s” could not be read: check that the file is still there."), name);
      toast (self, message);
      return;
    }
  cabinet_consent_dialog_attach_copy (self, data);
}

static void
on_copy_chosen (GtkNativeDialog      *chooser,
                int                   response,
                CabinetConsentDialog *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file)
    g_file_load_bytes_async (file, self->cancellable, on_copy_loaded, g_object_ref (self));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
attach_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  CabinetConsentDialog *self = CABINET_CONSENT_DIALOG (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Attach the Signed Copy"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PDF documents and scanned images"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_copy_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Life cycle */

static void
cabinet_consent_dialog_dispose (GObject *object)
{
  CabinetConsentDialog *self = CABINET_CONSENT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CABINET_TYPE_CONSENT_DIALOG);
  g_clear_weak_pointer (&self->attention);
  g_clear_object (&self->context);
  g_clear_object (&self->client);
  g_clear_object (&self->forms);
  g_clear_object (&self->form);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  g_clear_pointer (&self->copy, g_bytes_unref);

  G_OBJECT_CLASS (cabinet_consent_dialog_parent_class)->dispose (object);
}

static void
cabinet_consent_dialog_finalize (GObject *object)
{
  CabinetConsentDialog *self = CABINET_CONSENT_DIALOG (object);

  for (guint i = 0; i < N_ISSUES; i++)
    g_free (self->issues[i]);

  G_OBJECT_CLASS (cabinet_consent_dialog_parent_class)->finalize (object);
}

static void
cabinet_consent_dialog_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  CabinetConsentDialog *self = CABINET_CONSENT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SHOWING_COPY:
      g_value_set_boolean (value, self->showing_copy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cabinet_consent_dialog_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  CabinetConsentDialog *self = CABINET_CONSENT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SHOWING_COPY:
      set_showing_copy (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cabinet_consent_dialog_class_init (CabinetConsentDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cabinet_consent_dialog_dispose;
  object_class->finalize = cabinet_consent_dialog_finalize;
  object_class->get_property = cabinet_consent_dialog_get_property;
  object_class->set_property = cabinet_consent_dialog_set_property;

  /* Whether the view shows the signed copy rather than the form as given. */
  properties[PROP_SHOWING_COPY] =
    g_param_spec_boolean ("showing-copy", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CABINET_TYPE_DOCUMENT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cabinetapp/Cabinet/cabinet-consent-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CabinetConsentDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CabinetConsentDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, CabinetConsentDialog, generate_button);
  gtk_widget_class_bind_template_child (widget_class, CabinetConsentDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, CabinetConsentDialog, print_button);
  gtk_widget_class_bind_template_child (widget_class, CabinetConsentDialog, toasts);
  gtk_widget_class_bind_template_child (widget_class, CabinetConsentDialog, steps);
  gtk_widget_class_bind_template_child (widget_class, CabinetConsentDialog, terms_page);
  gtk_widget_class_bind_template_child (widget_class, CabinetConsentDialog, document_group);
  gtk_widget_class_bind_template_child (widget_class, CabinetConsentDialog, channels_group);
  gtk_widget_class_bind_template_child (widget_class, CabinetConsentDialog, language_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetConsentDialog, reply_delay_group);
  gtk_widget_class_bind_template_child (widget_class, CabinetConsentDialog, reply_delay_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetConsentDialog, fee_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetConsentDialog, due_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetConsentDialog, fallback_phone_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetConsentDialog, fallback_procedure_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetConsentDialog, place_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetConsentDialog, note_view);
  gtk_widget_class_bind_template_child (widget_class, CabinetConsentDialog, view);
  gtk_widget_class_bind_template_child (widget_class, CabinetConsentDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, CabinetConsentDialog, given_button);
  gtk_widget_class_bind_template_child (widget_class, CabinetConsentDialog, signed_button);
  gtk_widget_class_bind_template_child (widget_class, CabinetConsentDialog, attach_button);
  gtk_widget_class_bind_template_child (widget_class, CabinetConsentDialog, withdraw_button);
  gtk_widget_class_bind_template_child (widget_class, CabinetConsentDialog, copy_toggle);

  gtk_widget_class_install_action (widget_class, "consent.generate", NULL, generate_activated);
  gtk_widget_class_install_action (widget_class, "consent.print", NULL, print_activated);
  gtk_widget_class_install_action (widget_class, "consent.export", NULL, export_activated);
  gtk_widget_class_install_action (widget_class, "consent.given", NULL, given_activated);
  gtk_widget_class_install_action (widget_class, "consent.signed", NULL, signed_activated);
  gtk_widget_class_install_action (widget_class, "consent.withdraw", NULL, withdraw_activated);
  gtk_widget_class_install_action (widget_class, "consent.attach", NULL, attach_activated);
  gtk_widget_class_install_property_action (widget_class, "consent.show-copy", "showing-copy");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "consent.generate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "consent.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "consent.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cabinet_consent_dialog_init (CabinetConsentDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (self->print_button, FALSE);
  gtk_widget_set_visible (self->export_button, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "consent.print", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "consent.export", FALSE);
}

/* One row per means of communication, saying what the profile gives for it. */
static void
add_channel_rows (CabinetConsentDialog *self)
{
  CabinetPractitioner *practitioner = cabinet_context_get_practitioner (self->context);

  for (guint i = 0; i < CABINET_N_CHANNELS; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      const char *detail = cabinet_consent_channel_detail (practitioner, cabinet_channel_nth (i));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cabinet_channel_label (cabinet_channel_nth (i)));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), *detail ? detail : _("Not in your profile yet"));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL, -1);
      g_signal_connect_object (check, "toggled", G_CALLBACK (update_reply_delay), self, G_CONNECT_SWAPPED);
      adw_preferences_group_add (self->channels_group, row);
      self->channel_checks[i] = GTK_CHECK_BUTTON (check);
      self->channel_rows[i] = row;
    }
}

static CabinetConsentDialog *
dialog_new (GtkWindow      *parent,
            CabinetContext *context,
            CabinetClient  *client)
{
  CabinetConsentDialog *self = g_object_new (CABINET_TYPE_CONSENT_DIALOG,
                                             "transient-for", parent,
                                             NULL);
  g_autofree char *name = cabinet_client_dup_display_name (client);

  self->context = g_object_ref (context);
  self->client = g_object_ref (client);
  /* Locking closes the records: the window showing one goes too. */
  g_signal_connect_object (context, "notify::locked", G_CALLBACK (gtk_window_destroy), self, G_CONNECT_SWAPPED);
  add_channel_rows (self);
  adw_window_title_set_title (self->window_title, _("New Consent Form"));
  adw_window_title_set_subtitle (self->window_title, name);
  return self;
}

CabinetConsentDialog *
cabinet_consent_dialog_new (GtkWindow      *parent,
                            CabinetContext *context,
                            CabinetClient  *client,
                            GListStore     *forms)
{
  CabinetConsentDialog *self;

  g_return_val_if_fail (CABINET_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (CABINET_IS_CLIENT (client), NULL);

  self = dialog_new (parent, context, client);
  if (forms)
    self->forms = g_object_ref (forms);
  fill_terms (self);
  gtk_stack_set_visible_child_name (self->steps, "terms");
  return self;
}

CabinetConsentDialog *
cabinet_consent_dialog_new_for_form (GtkWindow          *parent,
                                     CabinetContext     *context,
                                     CabinetClient      *client,
                                     CabinetConsentForm *form)
{
  CabinetConsentDialog *self;

  g_return_val_if_fail (CABINET_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (CABINET_IS_CLIENT (client), NULL);
  g_return_val_if_fail (CABINET_IS_CONSENT_FORM (form), NULL);

  self = dialog_new (parent, context, client);
  show_form (self, form);
  return self;
}

CabinetConsentForm *
cabinet_consent_dialog_get_form (CabinetConsentDialog *self)
{
  g_return_val_if_fail (CABINET_IS_CONSENT_DIALOG (self), NULL);
  return self->form;
}

GBytes *
cabinet_consent_dialog_get_pdf (CabinetConsentDialog *self)
{
  g_return_val_if_fail (CABINET_IS_CONSENT_DIALOG (self), NULL);
  return self->pdf;
}

GtkWidget *
cabinet_consent_dialog_get_view (CabinetConsentDialog *self)
{
  g_return_val_if_fail (CABINET_IS_CONSENT_DIALOG (self), NULL);
  return GTK_WIDGET (self->view);
}

const char *
cabinet_consent_dialog_get_issue (CabinetConsentDialog *self,
                                  const char           *field)
{
  g_return_val_if_fail (CABINET_IS_CONSENT_DIALOG (self), NULL);

  for (guint i = 0; i < N_ISSUES; i++)
    if (g_str_equal (issue_fields[i], field))
      return self->issues[i];
  return NULL;
}
