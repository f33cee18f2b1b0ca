/* cabinet-unlock-page.c — what the window shows while Cabinet is locked
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cabinet-backup-keeper.h"
#include "cabinet-validate.h"
#include "cabinet-keyring.h"
#include "cabinet-unlock-page.h"

struct _CabinetUnlockPage
{
  AdwBin               parent_instance;

  CabinetContext      *context;
  GCancellable        *cancellable;
  gboolean             tried_keyring;

  AdwStatusPage       *status_page;
  GtkButton           *unlock_button;
  GtkLabel            *message_label;
  AdwPreferencesGroup *secret_group;
  AdwPasswordEntryRow *secret_row;
  GtkButton           *open_button;
  GtkButton           *restore_button;
  GtkSpinner          *spinner;
  CabinetKey          *key;   /* the one typed, kept to restore a damaged database */
};

G_DEFINE_FINAL_TYPE (CabinetUnlockPage, cabinet_unlock_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_busy (CabinetUnlockPage *self,
          gboolean           busy)
{
  gboolean was_busy = gtk_spinner_get_spinning (self->spinner);

  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->unlock_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->secret_group), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->open_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->restore_button), !busy);
  if (busy != was_busy)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
show_message (CabinetUnlockPage *self,
              const char        *message)
{
  gtk_label_set_text (self->message_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL && *message);
}

static void
show_secret_entry (CabinetUnlockPage *self,
                   gboolean           focus)
{
  gtk_widget_set_visible (GTK_WIDGET (self->secret_group), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->open_button), TRUE);
  if (focus)
    gtk_widget_grab_focus (GTK_WIDGET (self->secret_row));
}

/* A damaged file is left as it is; the newest backup can take its place. */
static gboolean
offer_restore (CabinetUnlockPage *self,
               const GError      *error)
{
  g_autoptr(CabinetBackup) newest = NULL;
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;

  if (!g_error_matches (error, CABINET_DATABASE_ERROR, CABINET_DATABASE_ERROR_DAMAGED))
    return FALSE;
  newest = cabinet_backup_keeper_dup_newest (cabinet_context_get_backups (self->context));
  if (newest == NULL)
    return FALSE;

  when = cabinet_format_date_time (cabinet_backup_get_made_at (newest));
  /* Translators: the first %s says the database is damaged; the second is a date. */
  text = g_strdup_printf (_("%s\nThe newest backup was made on %s. Restoring it moves the damaged file aside, untouched."),
                          error->message, when);
  show_message (self, text);
  gtk_widget_set_visible (GTK_WIDGET (self->restore_button), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->restore_button));
  return TRUE;
}

static void
open_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  CabinetUnlockPage *self = user_data;
  g_autoptr(CabinetDatabase) database = NULL;
  g_autoptr(GError) error = NULL;

  database = cabinet_context_open_finish (CABINET_CONTEXT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    goto out;

  if (database == NULL)
    {
      set_busy (self, FALSE);
      if (offer_restore (self, error))
        goto out;
      show_message (self, error->message);
      /* Whatever went wrong with the keyring, the recovery key is the way in. */
      show_secret_entry (self, TRUE);
      goto out;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->secret_row), "");
  show_message (self, NULL);
  /* Open before no longer busy: whoever waits on the page finds the records. */
  cabinet_context_unlock (self->context, database);
  set_busy (self, FALSE);

out:
  g_object_unref (self);
}

static void
start_open (CabinetUnlockPage *self,
            CabinetKey        *key)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_busy (self, TRUE);
  show_message (self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->restore_button), FALSE);
  g_clear_pointer (&self->key, cabinet_key_free);
  self->key = key ? cabinet_key_copy (key) : NULL;
  cabinet_context_open_async (self->context, key, self->cancellable, open_cb, g_object_ref (self));
}

static void
restored_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CabinetUnlockPage) self = user_data;
  g_autoptr(CabinetBackup) backup = NULL;
  g_autoptr(GError) error = NULL;

  backup = cabinet_backup_keeper_restore_finish (CABINET_BACKUP_KEEPER (source), result, &error);
  set_busy (self, FALSE);
  if (backup == NULL)
    show_message (self, error->message);
  else
    gtk_widget_set_visible (GTK_WIDGET (self->restore_button), FALSE);
}

static void
on_restore_clicked (CabinetUnlockPage *self)
{
  /* Found damaged after it opened: the key it opened with, whichever way that was. */
  g_autoptr(CabinetKey) damaged_key = cabinet_context_dup_damaged_key (self->context);

  set_busy (self, TRUE);
  cabinet_backup_keeper_replace_damaged_async (cabinet_context_get_backups (self->context),
                                               damaged_key ? damaged_key : self->key,
                                               restored_cb, g_object_ref (self));
}

static void
on_unlock_clicked (CabinetUnlockPage *self)
{
  start_open (self, NULL);
}

static void
on_open_clicked (CabinetUnlockPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->secret_row));
  g_autoptr(CabinetKey) key = NULL;
  g_autoptr(GError) error = NULL;

  if (*text == '\0')
    {
      show_message (self, _("Type your recovery key or your passphrase."));
      return;
    }

  /* A recovery key carries a checksum: a mistyped one is caught here, before the
   * slow open, and a passphrase is never mistaken for one. */
  if (!cabinet_context_uses_passphrase (self->context) && cabinet_key_looks_like_recovery (text))
    {
      key = cabinet_key_new_from_recovery (text, &error);
      if (key == NULL)
        {
          show_message (self, error->message);
          return;
        }
    }
  else
    {
      key = cabinet_key_new_passphrase (text);
    }

  start_open (self, key);
}

void
cabinet_unlock_page_reset (CabinetUnlockPage *self)
{
  const GError *damage;
  gboolean passphrase;

  g_return_if_fail (CABINET_IS_UNLOCK_PAGE (self));
  g_return_if_fail (self->context != NULL);

  passphrase = cabinet_context_uses_passphrase (self->context);
  gtk_editable_set_text (GTK_EDITABLE (self->secret_row), "");
  show_message (self, NULL);
  set_busy (self, FALSE);

  gtk_widget_set_visible (GTK_WIDGET (self->unlock_button), !passphrase);
  gtk_widget_set_visible (GTK_WIDGET (self->secret_group), passphrase);
  gtk_widget_set_visible (GTK_WIDGET (self->open_button), passphrase);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->secret_row),
                                 passphrase ? _("Passphrase") : _("Recovery key or passphrase"));
  adw_status_page_set_description (self->status_page,
                                   passphrase
                                   ? _("Type your passphrase to open your records.")
                                   : _("Your records are closed and encrypted. Unlock them to continue."));

  /* At start-up the keyring is tried at once, so an ordinary morning needs no
   * click; after a lock, the therapist asks for it. */
  if (!passphrase && !self->tried_keyring)
    {
      self->tried_keyring = TRUE;
      start_open (self, NULL);
    }
  else if (passphrase)
    show_secret_entry (self, TRUE);

  /* Locked because the check that follows each unlock found the file damaged. */
  damage = cabinet_context_get_damage (self->context);
  gtk_widget_set_visible (GTK_WIDGET (self->restore_button), FALSE);
  if (damage && !offer_restore (self, damage))
    show_message (self, damage->message);
}

/* Once the records have been open in this window (unlocked here, or created by
 * the first run), a lock is undone only when the therapist asks. */
static void
context_locked_changed (CabinetUnlockPage *self)
{
  if (!cabinet_context_is_locked (self->context))
    self->tried_keyring = TRUE;
}

void
cabinet_unlock_page_set_context (CabinetUnlockPage *self,
                                 CabinetContext    *context)
{
  g_return_if_fail (CABINET_IS_UNLOCK_PAGE (self));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  g_signal_connect_object (context, "notify::locked", G_CALLBACK (context_locked_changed), self,
                           G_CONNECT_SWAPPED);
  context_locked_changed (self);
}

const char *
cabinet_unlock_page_get_message (CabinetUnlockPage *self)
{
  g_return_val_if_fail (CABINET_IS_UNLOCK_PAGE (self), NULL);
  return gtk_label_get_text (self->message_label);
}

gboolean
cabinet_unlock_page_is_busy (CabinetUnlockPage *self)
{
  g_return_val_if_fail (CABINET_IS_UNLOCK_PAGE (self), FALSE);
  return gtk_spinner_get_spinning (self->spinner);
}

static void
cabinet_unlock_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CabinetUnlockPage *self = CABINET_UNLOCK_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, cabinet_unlock_page_is_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cabinet_unlock_page_dispose (GObject *object)
{
  CabinetUnlockPage *self = CABINET_UNLOCK_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_pointer (&self->key, cabinet_key_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), CABINET_TYPE_UNLOCK_PAGE);

  G_OBJECT_CLASS (cabinet_unlock_page_parent_class)->dispose (object);
}

static void
cabinet_unlock_page_class_init (CabinetUnlockPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cabinet_unlock_page_dispose;
  object_class->get_property = cabinet_unlock_page_get_property;

  /* Opening the records: with the keyring, a key typed, or restoring a backup. */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cabinetapp/Cabinet/cabinet-unlock-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CabinetUnlockPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, CabinetUnlockPage, unlock_button);
  gtk_widget_class_bind_template_child (widget_class, CabinetUnlockPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, CabinetUnlockPage, secret_group);
  gtk_widget_class_bind_template_child (widget_class, CabinetUnlockPage, secret_row);
  gtk_widget_class_bind_template_child (widget_class, CabinetUnlockPage, open_button);
  gtk_widget_class_bind_template_child (widget_class, CabinetUnlockPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CabinetUnlockPage, restore_button);
  gtk_widget_class_bind_template_callback (widget_class, on_restore_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_unlock_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_open_clicked);
}

static void
cabinet_unlock_page_init (CabinetUnlockPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
