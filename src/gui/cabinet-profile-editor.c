/* cabinet-profile-editor.c — the practitioner profile form, with inline validation
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cabinet-field-messages.h"
#include "cabinet-gui-util.h"
#include "cabinet-money.h"
#include "cabinet-profile-editor.h"

/* Each field of the form: the practitioner field it edits (or a pseudo-field such
 * as "fee"), the template child that edits it, and the message shown under it. */
typedef struct {
  const char *field;
  const char *child;
  GtkWidget  *widget;
  GtkWidget  *message;   /* a row inserted under the field, or a label under a text view */
} Field;

#define N_FIELDS 20

struct _CabinetProfileEditor
{
  AdwPreferencesPage  parent_instance;

  Field               fields[N_FIELDS];
  GtkCheckButton     *method_checks[CABINET_N_PAYMENT_METHODS];
  GHashTable         *issues;        /* field → message, as last validated */
  gboolean            show_all;      /* after a first attempt to go on */
  GHashTable         *touched;       /* fields the therapist has edited */
  gboolean            loading;

  AdwComboRow        *currency_row;
  AdwExpanderRow     *payment_methods_row;
  GtkWidget          *full_name_row;
  GtkWidget          *title_row;
  GtkWidget          *adeli_row;
  GtkWidget          *rpps_row;
  GtkWidget          *address_row;
  GtkWidget          *phone_row;
  GtkWidget          *email_row;
  GtkWidget          *website_row;
  GtkWidget          *fee_row;
  GtkWidget          *video_platform_row;
  GtkWidget          *video_link_row;
  GtkWidget          *session_phone_row;
  GtkWidget          *chat_service_row;
  GtkWidget          *session_email_row;
  GtkWidget          *fallback_procedure_view;
  GtkWidget          *fallback_phone_row;
  GtkWidget          *emergency_resources_view;
};

static const struct {
  const char *field;
  const char *child;
  gsize       offset;
} field_table[] = {
  { "full_name", "full_name_row", G_STRUCT_OFFSET (CabinetProfileEditor, full_name_row) },
  { "title", "title_row", G_STRUCT_OFFSET (CabinetProfileEditor, title_row) },
  { "adeli", "adeli_row", G_STRUCT_OFFSET (CabinetProfileEditor, adeli_row) },
  { "rpps", "rpps_row", G_STRUCT_OFFSET (CabinetProfileEditor, rpps_row) },
  { "address", "address_row", G_STRUCT_OFFSET (CabinetProfileEditor, address_row) },
  { "phone", "phone_row", G_STRUCT_OFFSET (CabinetProfileEditor, phone_row) },
  { "email", "email_row", G_STRUCT_OFFSET (CabinetProfileEditor, email_row) },
  { "website", "website_row", G_STRUCT_OFFSET (CabinetProfileEditor, website_row) },
  { CABINET_PRACTITIONER_FEE, "fee_row", G_STRUCT_OFFSET (CabinetProfileEditor, fee_row) },
  { CABINET_PRACTITIONER_CURRENCY, "currency_row", G_STRUCT_OFFSET (CabinetProfileEditor, currency_row) },
  { CABINET_PRACTITIONER_PAYMENT_METHODS, "payment_methods_row", G_STRUCT_OFFSET (CabinetProfileEditor, payment_methods_row) },
  { "video_platform", "video_platform_row", G_STRUCT_OFFSET (CabinetProfileEditor, video_platform_row) },
  { "video_link", "video_link_row", G_STRUCT_OFFSET (CabinetProfileEditor, video_link_row) },
  { "session_phone", "session_phone_row", G_STRUCT_OFFSET (CabinetProfileEditor, session_phone_row) },
  { "chat_service", "chat_service_row", G_STRUCT_OFFSET (CabinetProfileEditor, chat_service_row) },
  { "session_email", "session_email_row", G_STRUCT_OFFSET (CabinetProfileEditor, session_email_row) },
  { CABINET_PRACTITIONER_DEVICES, "session_email_row", G_STRUCT_OFFSET (CabinetProfileEditor, session_email_row) },
  { "fallback_procedure", "fallback_procedure_view", G_STRUCT_OFFSET (CabinetProfileEditor, fallback_procedure_view) },
  { "fallback_phone", "fallback_phone_row", G_STRUCT_OFFSET (CabinetProfileEditor, fallback_phone_row) },
  { "emergency_resources", "emergency_resources_view", G_STRUCT_OFFSET (CabinetProfileEditor, emergency_resources_view) },
};

G_STATIC_ASSERT (G_N_ELEMENTS (field_table) == N_FIELDS);


G_DEFINE_FINAL_TYPE (CabinetProfileEditor, cabinet_profile_editor, ADW_TYPE_PREFERENCES_PAGE)

enum {
  CHANGED,
  ACTIVATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static Field *
find_field (CabinetProfileEditor *self,
            const char           *field)
{
  for (guint i = 0; i < N_FIELDS; i++)
    if (g_str_equal (self->fields[i].field, field))
      return &self->fields[i];
  return NULL;
}

/* For the fields the editor itself names: they always exist. */
static GtkWidget *
field_widget (CabinetProfileEditor *self,
              const char           *name)
{
  Field *field = find_field (self, name);

  g_assert (field != NULL);
  return field->widget;
}

static char *
widget_text (GtkWidget *widget)
{
  if (GTK_IS_TEXT_VIEW (widget))
    return cabinet_text_view_dup_text (GTK_TEXT_VIEW (widget));
  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget)));
}

static void
set_widget_text (GtkWidget  *widget,
                 const char *text)
{
  if (GTK_IS_TEXT_VIEW (widget))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (widget), text);
}

static const char *
selected_currency (CabinetProfileEditor *self)
{
  guint pos = adw_combo_row_get_selected (self->currency_row);
  const char * const *codes = cabinet_currency_codes ();

  return pos < g_strv_length ((char **) codes) ? codes[pos] : "EUR";
}

/* Reads the form into a new practitioner; the fee, typed as text, may not parse,
 * and then says so in @fee_message. */
static CabinetPractitioner *
read_form (CabinetProfileEditor  *self,
           char                 **fee_message)
{
  CabinetPractitioner *practitioner = cabinet_practitioner_new ();
  CabinetPaymentMethods methods = 0;
  g_autofree char *fee_text = NULL;
  g_autoptr(GError) error = NULL;
  gint64 fee = 0;

  for (guint f = 0; f < CABINET_PRACTITIONER_N_TEXT_FIELDS; f++)
    {
      g_autofree char *text = widget_text (field_widget (self, cabinet_practitioner_field_name (f)));

      cabinet_practitioner_set_text (practitioner, f, text);
    }

  cabinet_practitioner_set_currency (practitioner, selected_currency (self));
  fee_text = widget_text (field_widget (self, CABINET_PRACTITIONER_FEE));
  if (*g_strstrip (fee_text) != '\0'
      && !cabinet_money_parse (fee_text, selected_currency (self), &fee, &error)
      && fee_message != NULL)
    *fee_message = g_strdup (error->message);
  cabinet_practitioner_set_fee (practitioner, MAX (fee, 0));

  for (guint i = 0; i < CABINET_N_PAYMENT_METHODS; i++)
    if (gtk_check_button_get_active (self->method_checks[i]))
      methods |= cabinet_payment_method_nth (i);
  cabinet_practitioner_set_payment_methods (practitioner, methods);

  return practitioner;
}

static void
show_issues (CabinetProfileEditor *self)
{
  for (guint i = 0; i < N_FIELDS; i++)
    {
      Field *field = &self->fields[i];
      const char *message = g_hash_table_lookup (self->issues, field->field);
      gboolean shown = message != NULL
                       && (self->show_all || g_hash_table_contains (self->touched, field->field));

      /* The devices message shares its anchor with the session e-mail field, whose
       * own state it leaves alone. */
      if (g_str_equal (field->field, CABINET_PRACTITIONER_DEVICES))
        cabinet_field_message_set_text (field->widget, &field->message, shown ? message : NULL);
      else if (shown)
        cabinet_field_message_show (field->widget, &field->message, message);
      else
        cabinet_field_message_clear (field->widget, field->message);
    }
}

static void
validate (CabinetProfileEditor *self)
{
  g_autoptr(CabinetPractitioner) practitioner = NULL;
  g_autofree char *fee_message = NULL;
  CabinetIssues *issues;

  practitioner = read_form (self, &fee_message);
  issues = cabinet_practitioner_validate (practitioner);

  g_hash_table_remove_all (self->issues);
  if (fee_message)
    g_hash_table_insert (self->issues, g_strdup (CABINET_PRACTITIONER_FEE), g_steal_pointer (&fee_message));
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
  show_issues (self);
}

static void
on_field_changed (GObject              *object,
                  CabinetProfileEditor *self)
{
  const char *field = g_object_get_data (object, "cabinet-field");

  if (self->loading)
    return;
  if (field)
    g_hash_table_add (self->touched, g_strdup (field));
  validate (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_entry_activated (CabinetProfileEditor *self)
{
  g_signal_emit (self, signals[ACTIVATE], 0);
}

static void
update_methods_subtitle (CabinetProfileEditor *self)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < CABINET_N_PAYMENT_METHODS; i++)
    if (gtk_check_button_get_active (self->method_checks[i]))
      {
        if (text->len)
          g_string_append (text, ", ");
        g_string_append (text, cabinet_payment_method_label (cabinet_payment_method_nth (i)));
      }
  adw_expander_row_set_subtitle (self->payment_methods_row, text->str);
  g_string_free (text, TRUE);
}

static void
on_method_toggled (GtkCheckButton       *check,
                   CabinetProfileEditor *self)
{
  update_methods_subtitle (self);
  if (self->loading)
    return;
  g_hash_table_add (self->touched, g_strdup (CABINET_PRACTITIONER_PAYMENT_METHODS));
  validate (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
build_payment_methods (CabinetProfileEditor *self)
{
  for (guint i = 0; i < CABINET_N_PAYMENT_METHODS; i++)
    {
      CabinetPaymentMethods method = cabinet_payment_method_nth (i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cabinet_payment_method_label (method));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, cabinet_payment_method_label (method),
                                      -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_expander_row_add_row (self->payment_methods_row, row);
      g_signal_connect (check, "toggled", G_CALLBACK (on_method_toggled), self);
      self->method_checks[i] = GTK_CHECK_BUTTON (check);
    }
}

static void
cabinet_profile_editor_dispose (GObject *object)
{

  gtk_widget_dispose_template (GTK_WIDGET (object), CABINET_TYPE_PROFILE_EDITOR);
  G_OBJECT_CLASS (cabinet_profile_editor_parent_class)->dispose (object);
}

static void
cabinet_profile_editor_finalize (GObject *object)
{
  CabinetProfileEditor *self = CABINET_PROFILE_EDITOR (object);

  g_hash_table_unref (self->issues);
  g_hash_table_unref (self->touched);
  G_OBJECT_CLASS (cabinet_profile_editor_parent_class)->finalize (object);
}

static void
cabinet_profile_editor_class_init (CabinetProfileEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cabinet_profile_editor_dispose;
  object_class->finalize = cabinet_profile_editor_finalize;

  /* Emitted after each edit, once the form has been validated again. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Enter in a field: the form is done, whoever holds it goes on. */
  signals[ACTIVATE] = g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cabinetapp/Cabinet/cabinet-profile-editor.ui");
  for (guint i = 0; i < N_FIELDS; i++)
    if (!g_str_equal (field_table[i].field, CABINET_PRACTITIONER_DEVICES))
      gtk_widget_class_bind_template_child_full (widget_class, field_table[i].child, FALSE,
                                                 field_table[i].offset);
}

static void
cabinet_profile_editor_init (CabinetProfileEditor *self)
{
  g_autoptr(GtkStringList) currencies = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->issues = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  currencies = gtk_string_list_new ((const char * const *) cabinet_currency_codes ());
  adw_combo_row_set_model (self->currency_row, G_LIST_MODEL (currencies));
  build_payment_methods (self);

  for (guint i = 0; i < N_FIELDS; i++)
    {
      Field *field = &self->fields[i];
      GObject *watched;

      field->field = field_table[i].field;
      field->widget = G_STRUCT_MEMBER (GtkWidget *, self, field_table[i].offset);
      g_assert (field->widget != NULL);

      if (g_str_equal (field->field, CABINET_PRACTITIONER_DEVICES)
          || g_str_equal (field->field, CABINET_PRACTITIONER_PAYMENT_METHODS))
        continue;

      watched = GTK_IS_TEXT_VIEW (field->widget)
                ? G_OBJECT (gtk_text_view_get_buffer (GTK_TEXT_VIEW (field->widget)))
                : G_OBJECT (field->widget);
      g_object_set_data (watched, "cabinet-field", (gpointer) field->field);
      if (ADW_IS_ENTRY_ROW (field->widget))
        g_signal_connect_swapped (field->widget, "entry-activated", G_CALLBACK (on_entry_activated), self);
      g_signal_connect (watched,
                        GTK_IS_TEXT_VIEW (field->widget) ? "changed"
                        : ADW_IS_COMBO_ROW (field->widget) ? "notify::selected" : "changed",
                        G_CALLBACK (on_field_changed), self);
    }
}

CabinetProfileEditor *
cabinet_profile_editor_new (void)
{
  return g_object_new (CABINET_TYPE_PROFILE_EDITOR, NULL);
}

void
cabinet_profile_editor_load (CabinetProfileEditor *self,
                             CabinetPractitioner  *practitioner)
{
  const char * const *codes = cabinet_currency_codes ();
  CabinetPaymentMethods methods;
  g_autofree char *fee = NULL;

  g_return_if_fail (CABINET_IS_PROFILE_EDITOR (self));
  g_return_if_fail (CABINET_IS_PRACTITIONER (practitioner));

  self->loading = TRUE;
  for (guint f = 0; f < CABINET_PRACTITIONER_N_TEXT_FIELDS; f++)
    set_widget_text (field_widget (self, cabinet_practitioner_field_name (f)),
                     cabinet_practitioner_get_text (practitioner, f));

  for (guint i = 0; codes[i]; i++)
    if (g_str_equal (codes[i], cabinet_practitioner_get_currency (practitioner)))
      adw_combo_row_set_selected (self->currency_row, i);

  if (cabinet_practitioner_get_fee (practitioner) > 0)
    fee = cabinet_money_format_plain (cabinet_practitioner_get_fee (practitioner),
                                      cabinet_practitioner_get_currency (practitioner));
  set_widget_text (field_widget (self, CABINET_PRACTITIONER_FEE), fee ? fee : "");

  methods = cabinet_practitioner_get_payment_methods (practitioner);
  for (guint i = 0; i < CABINET_N_PAYMENT_METHODS; i++)
    gtk_check_button_set_active (self->method_checks[i], (methods & cabinet_payment_method_nth (i)) != 0);
  self->loading = FALSE;

  self->show_all = FALSE;
  g_hash_table_remove_all (self->touched);
  validate (self);
}

/* Returns the practitioner the form describes, or NULL after showing, beside each
 * field, what to fix; the first field to fix gets the focus. */
CabinetPractitioner *
cabinet_profile_editor_build (CabinetProfileEditor *self)
{
  g_return_val_if_fail (CABINET_IS_PROFILE_EDITOR (self), NULL);

  self->show_all = TRUE;
  validate (self);
  if (g_hash_table_size (self->issues) > 0)
    {
      for (guint i = 0; i < N_FIELDS; i++)
        if (g_hash_table_contains (self->issues, self->fields[i].field))
          {
            gtk_widget_grab_focus (self->fields[i].widget);
            break;
          }
      return NULL;
    }
  return read_form (self, NULL);
}

gboolean
cabinet_profile_editor_is_valid (CabinetProfileEditor *self)
{
  g_return_val_if_fail (CABINET_IS_PROFILE_EDITOR (self), FALSE);
  return g_hash_table_size (self->issues) == 0;
}

const char *
cabinet_profile_editor_get_issue (CabinetProfileEditor *self,
                                  const char           *field)
{
  g_return_val_if_fail (CABINET_IS_PROFILE_EDITOR (self), NULL);
  return g_hash_table_lookup (self->issues, field);
}

GtkWidget *
cabinet_profile_editor_get_field (CabinetProfileEditor *self,
                                  const char           *field)
{
  Field *f;

  g_return_val_if_fail (CABINET_IS_PROFILE_EDITOR (self), NULL);
  f = find_field (self, field);
  return f ? f->widget : NULL;
}
