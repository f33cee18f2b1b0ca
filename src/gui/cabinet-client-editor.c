/* cabinet-client-editor.c — the dialog that adds or edits one client, with inline
 * validation
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cabinet-client-editor.h"
#include "cabinet-feedback.h"
#include "cabinet-field-messages.h"
#include "cabinet-money.h"

/* The text fields, by CabinetClientField, then the fee. */
#define FEE_INDEX CABINET_CLIENT_N_TEXT_FIELDS
#define N_FIELDS (CABINET_CLIENT_N_TEXT_FIELDS + 1)

struct _CabinetClientEditor
{
  AdwWindow            parent_instance;

  CabinetContext      *context;
  CabinetClientStore  *store;
  CabinetClient       *original;       /* NULL for a new client */

  GHashTable          *issues;         /* field → message, as last validated */
  GHashTable          *touched;        /* fields the therapist has edited */
  gboolean             show_all;       /* after a first attempt to save */
  gboolean             loading;
  gboolean             namesake_confirmed;
  gboolean             discard_confirmed;

  GtkWidget           *fields[N_FIELDS];
  GtkWidget           *messages[N_FIELDS];

  AdwWindowTitle      *window_title;
  AdwToastOverlay     *toasts;
  AdwPreferencesGroup *guardian_group;
  AdwPreferencesGroup *frame_group;
};

G_DEFINE_FINAL_TYPE (CabinetClientEditor, cabinet_client_editor, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_STORE,
  PROP_CLIENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The coded values a combo row chooses from, in the order it lists them. */
typedef struct {
  const char *value;
  const char *label;
} Choice;

static const struct {
  CabinetClientField  field;
  const char         *context;   /* NULL: shown as written */
  Choice              choices[6];
} choice_sets[] = {
  /* Each language is named in itself, as the client would recognise it. */
  { CABINET_CLIENT_LANGUAGE, NULL, {
      { "fr", "Français" },
      { "en", "English" },
  } },
  { CABINET_CLIENT_MODALITY, "meeting mode", {
      { "video", NC_("meeting mode", "Video") },
      { "phone", NC_("meeting mode", "Phone") },
      { "chat", NC_("meeting mode", "Chat") },
      { "email", NC_("meeting mode", "E-mail") },
      { "in-person", NC_("meeting mode", "In person") },
  } },
  { CABINET_CLIENT_IN_PERSON_NEARBY, "in-person care nearby", {
      { "yes", NC_("in-person care nearby", "Yes") },
      { "no", NC_("in-person care nearby", "No") },
      { "unknown", NC_("in-person care nearby", "Don’t know") },
  } },
  { CABINET_CLIENT_STATUS, "client status", {
      { "active", NC_("client status", "Active") },
      { "paused", NC_("client status", "Paused") },
      { "closed", NC_("client status", "Closed") },
  } },
  { CABINET_CLIENT_RECEIPT_NAME, "on receipts", {
      { "name", NC_("on receipts", "Their name") },
      { "reference", NC_("on receipts", "Their reference, not their name") },
  } },
  { CABINET_CLIENT_MON_SOUTIEN_PSY, "mon soutien psy", {
      { "no", NC_("mon soutien psy", "No") },
      { "yes", NC_("mon soutien psy", "Yes, at the national fee") },
  } },
};

static int
find_choice_set (CabinetClientField field)
{
  for (guint i = 0; i < G_N_ELEMENTS (choice_sets); i++)
    if (choice_sets[i].field == field)
      return i;
  return -1;
}

static const char *
translate_choice (guint        set,
                  const Choice *choice)
{
  if (choice_sets[set].context == NULL)
    return choice->label;
  return g_dpgettext2 (NULL, choice_sets[set].context, choice->label);
}

const char *
cabinet_client_choice_label (CabinetClientField  field,
                             const char         *value)
{
  int set = find_choice_set (field);

  g_return_val_if_fail (set >= 0, value);

  for (const Choice *c = choice_sets[set].choices; c->value; c++)
    if (g_strcmp0 (c->value, value) == 0)
      return translate_choice (set, c);
  return value;
}

static const char *
field_name (guint index)
{
  return index == FEE_INDEX ? CABINET_CLIENT_FEE : cabinet_client_field_name (index);
}

/* The fields in the order the form shows them: the fee sits in the online frame. */
static guint
nth_in_form (guint n)
{
  if (n <= CABINET_CLIENT_IN_PERSON_NEARBY)
    return n;
  if (n == CABINET_CLIENT_IN_PERSON_NEARBY + 1)
    return FEE_INDEX;
  return n - 1;
}

static const char *
currency (CabinetClientEditor *self)
{
  CabinetPractitioner *practitioner = cabinet_context_get_practitioner (self->context);

  return practitioner ? cabinet_practitioner_get_currency (practitioner) : "EUR";
}

/* Reads the form into a new client (a copy of the one edited); the fee, typed as
 * text, may not parse, and then says so in @fee_message. */
static CabinetClient *
read_form (CabinetClientEditor  *self,
           char                **fee_message)
{
  CabinetClient *client = self->original ? cabinet_client_copy (self->original) : cabinet_client_new (NULL);
  g_autofree char *fee_text = NULL;
  g_autoptr(GError) error = NULL;
  gint64 fee = -1;

  for (guint f = 0; f < CABINET_CLIENT_N_TEXT_FIELDS; f++)
    {
      GtkWidget *widget = self->fields[f];

      if (ADW_IS_COMBO_ROW (widget))
        {
          int set = find_choice_set (f);
          guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (widget));

          g_assert (set >= 0);
          if (selected < g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (widget))))
            cabinet_client_set_text (client, f, choice_sets[set].choices[selected].value);
        }
      else
        {
          cabinet_client_set_text (client, f, gtk_editable_get_text (GTK_EDITABLE (widget)));
        }
    }

  fee_text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->fields[FEE_INDEX]))));
  if (*fee_text != '\0' && !cabinet_money_parse (fee_text, currency (self), &fee, &error))
    {
      if (fee_message != NULL)
        *fee_message = g_strdup (error->message);
      fee = self->original ? cabinet_client_get_fee (self->original) : -1;
    }
  cabinet_client_set_fee (client, fee);

  return client;
}

static void
show_issues (CabinetClientEditor *self)
{
  for (guint i = 0; i < N_FIELDS; i++)
    {
      const char *name = field_name (i);
      const char *message = g_hash_table_lookup (self->issues, name);
      gboolean shown = message != NULL
                       && (self->show_all || g_hash_table_contains (self->touched, name));

      if (shown)
        cabinet_field_message_show (self->fields[i], &self->messages[i], message);
      else
        cabinet_field_message_clear (self->fields[i], self->messages[i]);
    }
}

static gboolean
has_guardian_text (CabinetClient *client)
{
  return *cabinet_client_get_text (client, CABINET_CLIENT_GUARDIAN_NAME)
         || *cabinet_client_get_text (client, CABINET_CLIENT_GUARDIAN_RELATION)
         || *cabinet_client_get_text (client, CABINET_CLIENT_GUARDIAN_PHONE)
         || *cabinet_client_get_text (client, CABINET_CLIENT_GUARDIAN_EMAIL);
}

static void
validate (CabinetClientEditor *self)
{
  g_autoptr(CabinetClient) client = NULL;
  g_autofree char *fee_message = NULL;
  CabinetIssues *issues;

  client = read_form (self, &fee_message);
  issues = cabinet_client_validate (client, NULL);

  g_hash_table_remove_all (self->issues);
  if (fee_message)
    g_hash_table_insert (self->issues, g_strdup (CABINET_CLIENT_FEE), g_steal_pointer (&fee_message));
  if (issues)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, issues);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (!g_hash_table_contains (self->issues, key))
          g_hash_table_insert (self->issues, g_strdup (key), g_strdup (value));
      g_hash_table_unref (issues);
    }

  /* Guardian fields are for minors; once filled in, they stay in sight so that
   * nothing typed is hidden by a change of birth date. */
  gtk_widget_set_visible (GTK_WIDGET (self->guardian_group),
                          cabinet_client_is_minor (client, NULL) || has_guardian_text (client));
  show_issues (self);
}

static void
on_field_changed (GObject             *object,
                  CabinetClientEditor *self)
{
  const char *field = g_object_get_data (object, "cabinet-field");

  if (self->loading)
    return;
  g_hash_table_add (self->touched, g_strdup (field));
  validate (self);
}

static void
on_choice_changed (GObject             *object,
                   GParamSpec          *pspec,
                   CabinetClientEditor *self)
{
  on_field_changed (object, self);
}

static gboolean
store_client (CabinetClientEditor *self,
              CabinetClient       *client)
{
  g_autoptr(GError) error = NULL;
  CabinetClient *saved;

  if (!cabinet_client_store_save (self->store, client, &error))
    {
      /* Translators: %s says why, from the database. */
      g_autofree char *message = g_strdup_printf (_("The client could not be saved: %s"), error->message);
      adw_toast_overlay_add_toast (self->toasts, cabinet_toast_new (message));
      return FALSE;
    }

  saved = cabinet_client_store_lookup (self->store, cabinet_client_get_id (client));
  g_signal_emit (self, signals[SAVED], 0, saved ? saved : client);
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

static gboolean
save_after_question (gpointer user_data)
{
  CabinetClientEditor *self = user_data;

  /* Unless the editor went meanwhile, with the lock. */
  if (self->store != NULL)
    cabinet_client_editor_save (self);
  return G_SOURCE_REMOVE;
}

static void
on_namesake_response (AdwMessageDialog    *dialog,
                      const char          *response,
                      CabinetClientEditor *self)
{
  if (!g_str_equal (response, "save"))
    return;
  self->namesake_confirmed = TRUE;
  /* Saving closes the editor: first let the question, transient for it, go. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, save_after_question, g_object_ref (self), g_object_unref);
}

static void
ask_about_namesake (CabinetClientEditor *self,
                    CabinetClient       *client)
{
  g_autofree char *name = cabinet_client_dup_display_name (client);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  /* Translators: %s is a client's name. */
  body = g_strdup_printf (_("You already have a client named “%s”. If this is someone else, save anyway. "
                            "If it is the same person, cancel and open the record you already have."),
                          name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Anyway?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_namesake_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A namesake is only worth a question when the name is new to this record. */
static gboolean
name_is_new (CabinetClientEditor *self,
             CabinetClient       *client)
{
  if (self->original == NULL || cabinet_client_get_id (self->original) == 0)
    return TRUE;
  return g_strcmp0 (cabinet_client_get_text (client, CABINET_CLIENT_FIRST_NAME),
                    cabinet_client_get_text (self->original, CABINET_CLIENT_FIRST_NAME)) != 0
         || g_strcmp0 (cabinet_client_get_text (client, CABINET_CLIENT_LAST_NAME),
                       cabinet_client_get_text (self->original, CABINET_CLIENT_LAST_NAME)) != 0;
}

gboolean
cabinet_client_editor_save (CabinetClientEditor *self)
{
  g_autoptr(CabinetClient) client = NULL;

  g_return_val_if_fail (CABINET_IS_CLIENT_EDITOR (self), FALSE);

  self->show_all = TRUE;
  validate (self);
  if (g_hash_table_size (self->issues) > 0)
    {
      for (guint n = 0; n < N_FIELDS; n++)
        if (g_hash_table_contains (self->issues, field_name (nth_in_form (n))))
          {
            gtk_widget_grab_focus (self->fields[nth_in_form (n)]);
            break;
          }
      return FALSE;
    }

  client = read_form (self, NULL);
  if (!self->namesake_confirmed && name_is_new (self, client))
    {
      g_autoptr(GPtrArray) namesakes = cabinet_client_store_find_same_name (self->store, client);

      if (namesakes != NULL && namesakes->len > 0)
        {
          ask_about_namesake (self, client);
          return FALSE;
        }
    }
  return store_client (self, client);
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  cabinet_client_editor_save (CABINET_CLIENT_EDITOR (widget));
}

static void
on_entry_activated (CabinetClientEditor *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "editor.save", NULL);
}

static gboolean
close_after_question (gpointer user_data)
{
  CabinetClientEditor *self = user_data;

  if (self->store != NULL)
    gtk_window_close (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

static void
on_discard_response (AdwMessageDialog    *dialog,
                     const char          *response,
                     CabinetClientEditor *self)
{
  if (!g_str_equal (response, "discard"))
    return;
  self->discard_confirmed = TRUE;
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_after_question, g_object_ref (self), g_object_unref);
}

/* Closing with changes typed asks first; nothing is saved without Save. */
static gboolean
cabinet_client_editor_close_request (GtkWindow *window)
{
  CabinetClientEditor *self = CABINET_CLIENT_EDITOR (window);

  if (!self->discard_confirmed && g_hash_table_size (self->touched) > 0)
    {
      GtkWidget *dialog = adw_message_dialog_new (window, _("Discard Changes?"),
                                                  _("What you typed in this form has not been saved."));

      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "keep", _("_Keep Editing"),
                                        "discard", _("_Discard"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
      g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return TRUE;
    }
  return GTK_WINDOW_CLASS (cabinet_client_editor_parent_class)->close_request (window);
}

static void
load_form (CabinetClientEditor *self,
           CabinetClient       *client)
{
  g_autofree char *fee = NULL;

  self->loading = TRUE;
  for (guint f = 0; f < CABINET_CLIENT_N_TEXT_FIELDS; f++)
    {
      GtkWidget *widget = self->fields[f];
      const char *value = cabinet_client_get_text (client, f);

      if (ADW_IS_COMBO_ROW (widget))
        {
          int set = find_choice_set (f);

          for (guint i = 0; choice_sets[set].choices[i].value; i++)
            if (g_str_equal (choice_sets[set].choices[i].value, value))
              adw_combo_row_set_selected (ADW_COMBO_ROW (widget), i);
        }
      else
        {
          gtk_editable_set_text (GTK_EDITABLE (widget), value);
        }
    }
  if (cabinet_client_get_fee (client) >= 0)
    fee = cabinet_money_format_plain (cabinet_client_get_fee (client), currency (self));
  gtk_editable_set_text (GTK_EDITABLE (self->fields[FEE_INDEX]), fee ? fee : "");
  self->loading = FALSE;
}

static void
describe_fee (CabinetClientEditor *self)
{
  CabinetPractitioner *practitioner = cabinet_context_get_practitioner (self->context);
  g_autofree char *description = NULL;

  if (practitioner && cabinet_practitioner_get_fee (practitioner) > 0)
    {
      g_autofree char *usual = cabinet_money_format (cabinet_practitioner_get_fee (practitioner),
                                                     cabinet_practitioner_get_currency (practitioner));
      /* Translators: %s is an amount such as 60,00 €. */
      description = g_strdup_printf (_("How you work with this client (principle 09). Leave the fee empty to charge your usual fee, %s."),
                                     usual);
    }
  else
    {
      description = g_strdup (_("How you work with this client (principle 09). Leave the fee empty to charge your usual fee."));
    }
  adw_preferences_group_set_description (self->frame_group, description);
}

static void
cabinet_client_editor_constructed (GObject *object)
{
  CabinetClientEditor *self = CABINET_CLIENT_EDITOR (object);
  g_autoptr(CabinetClient) fresh = NULL;

  G_OBJECT_CLASS (cabinet_client_editor_parent_class)->constructed (object);

  g_assert (self->context != NULL && self->store != NULL);

  if (self->original)
    {
      g_autofree char *name = cabinet_client_dup_display_name (self->original);

      gtk_window_set_title (GTK_WINDOW (self), _("Edit Client"));
      adw_window_title_set_title (self->window_title, _("Edit Client"));
      adw_window_title_set_subtitle (self->window_title, name);
      load_form (self, self->original);
    }
  else
    {
      fresh = cabinet_client_new (NULL);
      gtk_window_set_title (GTK_WINDOW (self), _("New Client"));
      adw_window_title_set_title (self->window_title, _("New Client"));
      load_form (self, fresh);
    }
  describe_fee (self);
  validate (self);

  /* Locking closes whatever shows the records, unsaved changes included. */
  g_signal_connect_object (self->context, "notify::locked", G_CALLBACK (gtk_window_destroy),
                           self, G_CONNECT_SWAPPED);
}

static void
cabinet_client_editor_dispose (GObject *object)
{
  CabinetClientEditor *self = CABINET_CLIENT_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CABINET_TYPE_CLIENT_EDITOR);
  g_clear_object (&self->context);
  g_clear_object (&self->store);
  g_clear_object (&self->original);
  G_OBJECT_CLASS (cabinet_client_editor_parent_class)->dispose (object);
}

static void
cabinet_client_editor_finalize (GObject *object)
{
  CabinetClientEditor *self = CABINET_CLIENT_EDITOR (object);

  g_hash_table_unref (self->issues);
  g_hash_table_unref (self->touched);
  G_OBJECT_CLASS (cabinet_client_editor_parent_class)->finalize (object);
}

static void
cabinet_client_editor_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  CabinetClientEditor *self = CABINET_CLIENT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CLIENT:
      self->original = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cabinet_client_editor_class_init (CabinetClientEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = cabinet_client_editor_constructed;
  object_class->dispose = cabinet_client_editor_dispose;
  object_class->finalize = cabinet_client_editor_finalize;
  object_class->set_property = cabinet_client_editor_set_property;
  window_class->close_request = cabinet_client_editor_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CABINET_TYPE_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CABINET_TYPE_CLIENT_STORE,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, CABINET_TYPE_CLIENT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted once the client is saved, with the client as the store now holds it. */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, CABINET_TYPE_CLIENT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cabinetapp/Cabinet/cabinet-client-editor.ui");
  /* Each field's row is named after its column: first_name_row, …, fee_row. */
  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_autofree char *child = g_strconcat (field_name (i), "_row", NULL);

      gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (child), FALSE,
                                                 G_STRUCT_OFFSET (CabinetClientEditor, fields)
                                                 + i * sizeof (GtkWidget *));
    }
  gtk_widget_class_bind_template_child (widget_class, CabinetClientEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientEditor, toasts);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientEditor, guardian_group);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientEditor, frame_group);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cabinet_client_editor_init (CabinetClientEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->issues = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < N_FIELDS; i++)
    {
      GtkWidget *widget = self->fields[i];

      g_assert (widget != NULL);
      g_object_set_data (G_OBJECT (widget), "cabinet-field", (gpointer) field_name (i));

      if (ADW_IS_COMBO_ROW (widget))
        {
          int set = find_choice_set (i);
          g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

          g_assert (set >= 0);
          for (const Choice *c = choice_sets[set].choices; c->value; c++)
            gtk_string_list_append (labels, translate_choice (set, c));
          adw_combo_row_set_model (ADW_COMBO_ROW (widget), G_LIST_MODEL (labels));
          g_signal_connect (widget, "notify::selected", G_CALLBACK (on_choice_changed), self);
        }
      else
        {
          g_signal_connect (widget, "changed", G_CALLBACK (on_field_changed), self);
          g_signal_connect_swapped (widget, "entry-activated", G_CALLBACK (on_entry_activated), self);
        }
    }
}

CabinetClientEditor *
cabinet_client_editor_new (GtkWindow          *parent,
                           CabinetContext     *context,
                           CabinetClientStore *store,
                           CabinetClient      *client)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CABINET_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (CABINET_IS_CLIENT_STORE (store), NULL);
  g_return_val_if_fail (client == NULL || CABINET_IS_CLIENT (client), NULL);

  return g_object_new (CABINET_TYPE_CLIENT_EDITOR,
                       "transient-for", parent,
                       "context", context,
                       "store", store,
                       "client", client,
                       NULL);
}

const char *
cabinet_client_editor_get_issue (CabinetClientEditor *self,
                                 const char          *field)
{
  g_return_val_if_fail (CABINET_IS_CLIENT_EDITOR (self), NULL);
  return g_hash_table_lookup (self->issues, field);
}

GtkWidget *
cabinet_client_editor_get_field (CabinetClientEditor *self,
                                 const char          *field)
{
  g_return_val_if_fail (CABINET_IS_CLIENT_EDITOR (self), NULL);

  for (guint i = 0; i < N_FIELDS; i++)
    if (g_str_equal (field_name (i), field))
      return self->fields[i];
  return NULL;
}
