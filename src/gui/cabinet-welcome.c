/* cabinet-welcome.c — the first run: the practitioner profile, then the key
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cabinet-document-actions.h"
#include "cabinet-gui-util.h"
#include "cabinet-keyring.h"
#include "cabinet-recovery-sheet.h"
#include "cabinet-welcome.h"

struct _CabinetWelcome
{
  AdwBin                parent_instance;

  CabinetContext       *context;
  CabinetPractitioner  *practitioner;   /* the profile, once the form is valid */
  CabinetDatabase      *database;       /* created, not yet handed to the context */
  GCancellable         *cancellable;
  gboolean              resuming;       /* the database exists but has no profile */
  char                 *recovery_key;

  GtkStack             *steps;
  CabinetProfileEditor *profile_editor;
  GtkCheckButton       *keyring_check;
  GtkCheckButton       *passphrase_check;
  AdwPreferencesGroup  *passphrase_group;
  AdwPasswordEntryRow  *passphrase_row;
  AdwPasswordEntryRow  *confirm_row;
  GtkLabel             *key_message;
  GtkButton            *create_button;
  GtkSpinner           *spinner;
  GtkLabel             *recovery_label;
  GtkCheckButton       *written_check;
  GtkButton            *finish_button;
};

G_DEFINE_FINAL_TYPE (CabinetWelcome, cabinet_welcome, ADW_TYPE_BIN)

static void
forget_recovery_key (CabinetWelcome *self)
{
  g_clear_pointer (&self->recovery_key, cabinet_secure_free_string);
  gtk_label_set_text (self->recovery_label, "");
}

static void
show_key_message (CabinetWelcome *self,
                  const char     *message)
{
  gtk_label_set_text (self->key_message, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->key_message), message != NULL);
}

static void
set_busy (CabinetWelcome *self,
          gboolean        busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), !busy);
}

static void
show_profile_step (CabinetWelcome *self)
{
  gtk_stack_set_visible_child_name (self->steps, "profile");
  /* Typing starts in the first field, not in the header bar. */
  gtk_widget_grab_focus (cabinet_profile_editor_get_field (self->profile_editor, "full_name"));
}

static void
on_start_clicked (CabinetWelcome *self)
{
  show_profile_step (self);
}

static void
on_profile_back_clicked (CabinetWelcome *self)
{
  gtk_stack_set_visible_child_name (self->steps, "intro");
}

static void
on_profile_next_clicked (CabinetWelcome *self)
{
  g_autoptr(CabinetPractitioner) practitioner = cabinet_profile_editor_build (self->profile_editor);
  g_autoptr(GError) error = NULL;

  if (practitioner == NULL)
    return;

  if (self->resuming)
    {
      /* The context announces the profile and the window moves on. */
      if (!cabinet_context_save_practitioner (self->context, practitioner, &error))
        {
          AdwMessageDialog *dialog;

          dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                               _("Your Profile Was Not Saved"),
                                                               error->message));
          adw_message_dialog_add_response (dialog, "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (dialog));
        }
      return;
    }

  g_set_object (&self->practitioner, practitioner);
  gtk_stack_set_visible_child_name (self->steps, "key");
  /* The recommended choice is made already: Enter goes on. */
  gtk_widget_grab_focus (GTK_WIDGET (self->create_button));
}

static void
on_key_back_clicked (CabinetWelcome *self)
{
  show_profile_step (self);
}

static void
on_mode_toggled (CabinetWelcome *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->passphrase_group),
                          gtk_check_button_get_active (self->passphrase_check));
  show_key_message (self, NULL);
}

static void
create_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  CabinetWelcome *self = user_data;
  g_autoptr(GError) error = NULL;
  CabinetDatabase *database;

  database = cabinet_context_create_finish (CABINET_CONTEXT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    goto out;

  set_busy (self, FALSE);
  if (database == NULL)
    {
      forget_recovery_key (self);
      show_key_message (self, error->message);
      if (g_error_matches (error, CABINET_KEYRING_ERROR, CABINET_KEYRING_ERROR_UNAVAILABLE))
        gtk_check_button_set_active (self->passphrase_check, TRUE);
      goto out;
    }

  g_clear_object (&self->database);
  self->database = database;

  if (self->recovery_key)
    {
      /* The focus is deliberately not put on "I have written down my recovery
       * key": the Enter that created the database must not tick it. */
      gtk_stack_set_visible_child_name (self->steps, "recovery");
    }
  else
    {
      /* A passphrase has no recovery key: the passphrase is the only way in. */
      cabinet_context_unlock (self->context, self->database);
      g_clear_object (&self->database);
    }

out:
  g_object_unref (self);
}

static void
on_create_clicked (CabinetWelcome *self)
{
  g_autoptr(CabinetKey) key = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (self->practitioner != NULL);

  if (gtk_check_button_get_active (self->passphrase_check))
    {
      const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
      const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->confirm_row));

      if (!cabinet_key_check_passphrase (passphrase, &error))
        {
          show_key_message (self, error->message);
          gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
          return;
        }
      if (!g_str_equal (passphrase, confirm))
        {
          show_key_message (self, _("The two passphrases differ; type the same one twice."));
          gtk_widget_grab_focus (GTK_WIDGET (self->confirm_row));
          return;
        }
      key = cabinet_key_new_passphrase (passphrase);
      forget_recovery_key (self);
    }
  else
    {
      key = cabinet_key_new_random ();
      forget_recovery_key (self);
      self->recovery_key = cabinet_key_to_recovery (key);
      gtk_label_set_text (self->recovery_label, self->recovery_key);
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  show_key_message (self, NULL);
  set_busy (self, TRUE);
  cabinet_context_create_async (self->context, key, self->practitioner, self->cancellable,
                                create_cb, g_object_ref (self));
}

static void
on_copy_clicked (CabinetWelcome *self)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->recovery_key);
}

/* The recovery sheet, made afresh for each print or save and let go of once it
 * is handed over: it holds the key, so it is never kept. NULL after telling
 * what went wrong. */
static GBytes *
render_recovery_sheet (CabinetWelcome *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  const char *name = NULL;
  GBytes *pdf;

  g_return_val_if_fail (self->recovery_key != NULL, NULL);

  if (self->practitioner)
    name = cabinet_practitioner_get_text (self->practitioner, CABINET_PRACTITIONER_FULL_NAME);
  pdf = cabinet_recovery_sheet_render (self->recovery_key, cabinet_context_get_database_path (self->context),
                                       name, now, &error);
  if (pdf == NULL)
    {
      AdwMessageDialog *dialog;

      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (cabinet_widget_get_window (GTK_WIDGET (self)),
                                                           _("The Recovery Sheet Could Not Be Made"),
                                                           error->message));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  return pdf;
}

static void
on_print_clicked (CabinetWelcome *self)
{
  g_autoptr(GBytes) pdf = render_recovery_sheet (self);

  if (pdf)
    /* Translators: the print job's name, as the printer's queue shows it. */
    cabinet_document_print (cabinet_widget_get_window (GTK_WIDGET (self)), pdf, _("Cabinet recovery key"),
                            &(CabinetDocumentAudit) { self->database, "recovery-sheet-printed", NULL, 0 });
}

static void
on_save_clicked (CabinetWelcome *self)
{
  g_autoptr(GBytes) pdf = render_recovery_sheet (self);

  if (pdf)
    cabinet_document_export (cabinet_widget_get_window (GTK_WIDGET (self)), pdf,
                             /* Translators: the file name proposed for the recovery sheet. */
                             _("Cabinet recovery key.pdf"),
                             _("Save the Recovery Key as PDF"),
                             &(CabinetDocumentAudit) { self->database, "recovery-sheet-exported", NULL, 0 });
}

static void
on_finish_clicked (CabinetWelcome *self)
{
  g_return_if_fail (self->database != NULL);

  forget_recovery_key (self);
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
  cabinet_context_unlock (self->context, self->database);
  g_clear_object (&self->database);
}

void
cabinet_welcome_set_context (CabinetWelcome *self,
                             CabinetContext *context)
{
  g_autoptr(CabinetPractitioner) defaults = NULL;

  g_return_if_fail (CABINET_IS_WELCOME (self));

  g_set_object (&self->context, context);
  defaults = cabinet_practitioner_new_with_defaults ();
  cabinet_profile_editor_load (self->profile_editor, defaults);
}

void
cabinet_welcome_resume_profile (CabinetWelcome *self)
{
  g_return_if_fail (CABINET_IS_WELCOME (self));

  self->resuming = TRUE;
  show_profile_step (self);
}

const char *
cabinet_welcome_get_step (CabinetWelcome *self)
{
  g_return_val_if_fail (CABINET_IS_WELCOME (self), NULL);
  return gtk_stack_get_visible_child_name (self->steps);
}

CabinetProfileEditor *
cabinet_welcome_get_profile_editor (CabinetWelcome *self)
{
  g_return_val_if_fail (CABINET_IS_WELCOME (self), NULL);
  return self->profile_editor;
}

const char *
cabinet_welcome_get_recovery_key (CabinetWelcome *self)
{
  g_return_val_if_fail (CABINET_IS_WELCOME (self), NULL);
  return self->recovery_key;
}

const char *
cabinet_welcome_get_message (CabinetWelcome *self)
{
  g_return_val_if_fail (CABINET_IS_WELCOME (self), NULL);
  return gtk_label_get_text (self->key_message);
}

static void
cabinet_welcome_dispose (GObject *object)
{
  CabinetWelcome *self = CABINET_WELCOME (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  forget_recovery_key (self);
  /* The bin's child is a bound template child: AdwBin must let go of it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CABINET_TYPE_WELCOME);
  g_clear_object (&self->database);
  g_clear_object (&self->practitioner);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cabinet_welcome_parent_class)->dispose (object);
}

static void
cabinet_welcome_class_init (CabinetWelcomeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cabinet_welcome_dispose;

  g_type_ensure (CABINET_TYPE_PROFILE_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cabinetapp/Cabinet/cabinet-welcome.ui");
  gtk_widget_class_bind_template_child (widget_class, CabinetWelcome, steps);
  gtk_widget_class_bind_template_child (widget_class, CabinetWelcome, profile_editor);
  gtk_widget_class_bind_template_child (widget_class, CabinetWelcome, keyring_check);
  gtk_widget_class_bind_template_child (widget_class, CabinetWelcome, passphrase_check);
  gtk_widget_class_bind_template_child (widget_class, CabinetWelcome, passphrase_group);
  gtk_widget_class_bind_template_child (widget_class, CabinetWelcome, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetWelcome, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetWelcome, key_message);
  gtk_widget_class_bind_template_child (widget_class, CabinetWelcome, create_button);
  gtk_widget_class_bind_template_child (widget_class, CabinetWelcome, spinner);
  gtk_widget_class_bind_template_child (widget_class, CabinetWelcome, recovery_label);
  gtk_widget_class_bind_template_child (widget_class, CabinetWelcome, written_check);
  gtk_widget_class_bind_template_child (widget_class, CabinetWelcome, finish_button);
  gtk_widget_class_bind_template_callback (widget_class, on_start_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_profile_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_profile_next_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_key_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_create_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_print_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_finish_clicked);
}

static void
cabinet_welcome_init (CabinetWelcome *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
