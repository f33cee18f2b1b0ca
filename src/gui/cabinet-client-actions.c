/* cabinet-client-actions.c — the dialogs around the client list: import from a
 * spreadsheet, export one client's data, erase a client for good
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cabinet-application.h"
#include "cabinet-audit.h"
#include "cabinet-client-actions.h"
#include "cabinet-feedback.h"
#include "cabinet-gui-util.h"
#include "cabinet-client-export.h"
#include "cabinet-client-import.h"

/* A list of clients is kilobytes; anything this large is not one. */
#define MAX_IMPORT_BYTES (20 * 1024 * 1024)

/* ── Export ──────────────────────────────────────────────────────────────── */

typedef struct {
  CabinetFeedback        feedback;
  CabinetContext *context;
  CabinetClient  *client;
  GFile          *file;
} ExportData;

static void
export_data_free (ExportData *data)
{
  cabinet_feedback_clear (&data->feedback);
  g_clear_object (&data->context);
  g_clear_object (&data->client);
  g_clear_object (&data->file);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportData, export_data_free)

static void
export_saved (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ExportData) data = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = g_file_get_parse_name (data->file);
  g_autofree char *basename = g_file_get_basename (data->file);

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      /* Translators: %s says why, in the system's words. */
      g_autofree char *body = g_strdup_printf (_("Cabinet could not write “%s”: %s"), shown, error->message);

      cabinet_feedback_failure (&data->feedback, _("The client’s data was not exported."), body);
      return;
    }

  /* Accountability: who left the encrypted file, and when. Never the content. */
  cabinet_audit_record_now (cabinet_context_get_database (data->context), "client-exported", "client",
                            cabinet_client_get_id (data->client));

  {
    /* Translators: %s is a file name. */
    g_autofree char *message = g_strdup_printf (_("Exported to “%s”"), basename);
    cabinet_feedback_success (&data->feedback, message);
  }
}

static const char *
json_filter_name (void)
{
  return _("JSON, for other software");
}

/* The name decides the format: ".json" is JSON, anything else readable text.
 * Choosing the JSON filter turns the suggested ".txt" into ".json", unless that
 * would replace a file nobody agreed to replace. (No format drop-down: choices
 * do not work in GTK 4.8's own file chooser.) */
static GFile *
chosen_file (GtkFileChooser *chooser,
             gboolean       *json)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);
  GtkFileFilter *filter = gtk_file_chooser_get_filter (chooser);
  g_autofree char *basename = g_file_get_basename (file);
  g_autoptr(GFile) parent = g_file_get_parent (file);

  if (filter && g_strcmp0 (gtk_file_filter_get_name (filter), json_filter_name ()) == 0
      && parent && g_str_has_suffix (basename, ".txt"))
    {
      g_autofree char *stem = g_strndup (basename, strlen (basename) - strlen (".txt"));
      g_autofree char *json_name = g_strconcat (stem, ".json", NULL);
      g_autoptr(GFile) renamed = g_file_get_child (parent, json_name);

      if (!g_file_query_exists (renamed, NULL))
        {
          *json = TRUE;
          return g_steal_pointer (&renamed);
        }
    }
  *json = g_str_has_suffix (basename, ".json");
  return g_steal_pointer (&file);
}

static void on_export_response (GtkNativeDialog *dialog, int response, ExportData *data_ptr);

static void
cancel_export_on_lock (CabinetContext  *context,
                       GParamSpec      *pspec,
                       GtkNativeDialog *dialog)
{
  if (!cabinet_context_is_locked (context) || !gtk_native_dialog_get_visible (dialog))
    return;
  gtk_native_dialog_hide (dialog);
  /* Hiding answers nothing: the response is what frees the export's state. */
  g_signal_emit_by_name (dialog, "response", GTK_RESPONSE_CANCEL);
}

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    ExportData      *data_ptr)
{
  g_autoptr(ExportData) data = data_ptr;
  g_autoptr(GError) error = NULL;
  gboolean json;
  char *contents;
  g_autoptr(GBytes) bytes = NULL;
  GFile *file;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;
  /* Locked while the dialog was open: the data is no longer ours to write. */
  if (cabinet_context_is_locked (data->context))
    goto out;

  data->file = chosen_file (GTK_FILE_CHOOSER (dialog), &json);

  if (json)
    contents = cabinet_client_export_json (data->client, cabinet_context_get_practitioner (data->context), &error);
  else
    contents = cabinet_client_export_text (data->client, cabinet_context_get_practitioner (data->context), &error);
  if (contents == NULL)
    {
      cabinet_feedback_failure (&data->feedback, _("The client’s data was not exported."), error->message);
      goto out;
    }
  bytes = g_bytes_new_take (contents, strlen (contents));
  /* Private: the file is readable by this account only, like the database. */
  file = data->file;
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, export_saved, g_steal_pointer (&data));

out:
  g_object_unref (dialog);
}

void
cabinet_client_export_present (GtkWidget      *parent,
                               CabinetContext *context,
                               CabinetClient  *client)
{
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) text_filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) json_filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  ExportData *data;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (CABINET_IS_CONTEXT (context));
  g_return_if_fail (CABINET_IS_CLIENT (client));

  data = g_new0 (ExportData, 1);
  cabinet_feedback_init (&data->feedback, parent);
  data->context = g_object_ref (context);
  data->client = g_object_ref (client);

  dialog = gtk_file_chooser_native_new (_("Export the Client’s Data"), cabinet_widget_get_window (parent),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  name = cabinet_client_export_file_name (client, NULL, "txt");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_file_filter_set_name (text_filter, _("Readable text"));
  gtk_file_filter_add_suffix (text_filter, "txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), text_filter);
  gtk_file_filter_set_name (json_filter, json_filter_name ());
  gtk_file_filter_add_suffix (json_filter, "json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), json_filter);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (dialog), text_filter);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response), data);
  /* Locking closes whatever shows a client, the file chooser and its suggested
   * name included. */
  g_signal_connect_object (context, "notify::locked", G_CALLBACK (cancel_export_on_lock), dialog, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ── Erasure ─────────────────────────────────────────────────────────────── */

typedef struct {
  CabinetFeedback            feedback;
  CabinetClientStore *store;
  CabinetClient      *client;
  char               *name;
  char               *folded_name;
  GtkEntry           *entry;
} EraseData;

static void
erase_data_free (EraseData *data)
{
  cabinet_feedback_clear (&data->feedback);
  g_clear_object (&data->store);
  g_clear_object (&data->client);
  g_free (data->name);
  g_free (data->folded_name);
  g_free (data);
}

static void
on_erase_name_changed (GtkEditable      *entry,
                       AdwMessageDialog *dialog)
{
  EraseData *data = g_object_get_data (G_OBJECT (dialog), "cabinet-erase");
  g_autofree char *typed = cabinet_client_fold (gtk_editable_get_text (entry));

  adw_message_dialog_set_response_enabled (dialog, "erase",
                                           *typed && g_strcmp0 (typed, data->folded_name) == 0);
}

static void
on_erase_name_activate (GtkEntry         *entry,
                        AdwMessageDialog *dialog)
{
  /* As a click on the button would: respond, then close. */
  if (adw_message_dialog_get_response_enabled (dialog, "erase"))
    {
      adw_message_dialog_response (dialog, "erase");
      gtk_window_close (GTK_WINDOW (dialog));
    }
}

static void
on_erase_response (AdwMessageDialog *dialog,
                   const char       *response,
                   gpointer          user_data)
{
  EraseData *data = g_object_get_data (G_OBJECT (dialog), "cabinet-erase");
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_strcmp0 (response, "erase") != 0)
    return;

  if (!cabinet_client_store_erase (data->store, data->client,
                                   gtk_editable_get_text (GTK_EDITABLE (data->entry)), &error))
    {
      /* Translators: %s is the client's name. */
      g_autofree char *heading = g_strdup_printf (_("%s was not erased"), data->name);

      /* A failed erasure must not go unnoticed in a toast. */
      cabinet_show_error (data->feedback.window, heading, error->message);
      return;
    }
  /* Translators: %s is the client's name. */
  message = g_strdup_printf (_("%s was erased"), data->name);
  cabinet_feedback_success (&data->feedback, message);
}

void
cabinet_client_erase_present (GtkWidget          *parent,
                              CabinetClientStore *store,
                              CabinetClient      *client)
{
  CabinetContext *context;
  GtkWidget *dialog;
  GtkWidget *entry;
  EraseData *data;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GDate until;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (CABINET_IS_CLIENT_STORE (store));
  g_return_if_fail (CABINET_IS_CLIENT (client));

  data = g_new0 (EraseData, 1);
  cabinet_feedback_init (&data->feedback, parent);
  data->store = g_object_ref (store);
  data->client = g_object_ref (client);
  /* The store asks for the name as shown, pseudonym included. */
  data->name = cabinet_client_dup_display_name (client);
  data->folded_name = cabinet_client_fold (data->name);

  /* Translators: %s is the client's name. */
  heading = g_strdup_printf (_("Erase %s?"), data->name);
  if (cabinet_client_store_fiscal_hold (store, client, &until))
    {
      g_autofree char *day = cabinet_format_day (&until);
      g_autofree char *reference = cabinet_client_dup_reference (client);

      /* Translators: the first %s is a date, the second the client's reference ("C-00042"), the third their
       * name. */
      body = g_strdup_printf (_("Everything Cabinet holds about this client is deleted for good, and cannot be "
                                "recovered, but their payments and receipts: the law keeps them six years "
                                "(Livre des procédures fiscales, art. L102 B), until %s, under the reference %s "
                                "instead of the name. If the client asked for a copy of their data, export it "
                                "first.\n\nTo confirm, type the client’s name: %s"),
                              day, reference, data->name);
    }
  else
    body = g_strdup_printf (_("Everything Cabinet holds about this client is deleted for good, and cannot be "
                              "recovered. If the client asked for a copy of their data, export it first.\n\n"
                              "To confirm, type the client’s name: %s"),
                            data->name);
  dialog = adw_message_dialog_new (data->feedback.window, heading, body);
  g_object_set_data_full (G_OBJECT (dialog), "cabinet-erase", data, (GDestroyNotify) erase_data_free);

  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Client’s name"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Client’s name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  data->entry = GTK_ENTRY (entry);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "erase", _("_Erase"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "erase", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "erase", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_signal_connect (entry, "changed", G_CALLBACK (on_erase_name_changed), dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (on_erase_name_activate), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_erase_response), NULL);

  /* Locking closes whatever shows the records. */
  context = cabinet_widget_get_context (parent);
  if (context)
    g_signal_connect_object (context, "notify::locked", G_CALLBACK (gtk_window_destroy),
                             dialog, G_CONNECT_SWAPPED);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* ── Import ──────────────────────────────────────────────────────────────── */

typedef struct {
  CabinetFeedback             feedback;
  CabinetClientStore  *store;
  CabinetContext      *context;   /* NULL outside the application (tests) */
  char                *currency;
  GFile               *file;
  CabinetClientImport *import;
  GtkWidget           *preview;
  GtkWidget           *import_button;
} ImportData;

static void
import_data_free (ImportData *data)
{
  cabinet_feedback_clear (&data->feedback);
  g_clear_object (&data->store);
  g_clear_object (&data->context);
  g_free (data->currency);
  g_clear_object (&data->file);
  g_clear_object (&data->import);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImportData, import_data_free)

static gboolean
import_locked (ImportData *data)
{
  return data->context && cabinet_context_is_locked (data->context);
}

static void
import_failed (ImportData *data,
               const char *body)
{
  cabinet_show_error (data->feedback.window, _("This file cannot be imported"), body);
}

static void
import_failed_reading (ImportData *data,
                       GError     *error)
{
  g_autofree char *shown = g_file_get_parse_name (data->file);
  /* Translators: %s are a file name, then why it cannot be read, in the system's words. */
  g_autofree char *body = g_strdup_printf (_("Cabinet could not read “%s”: %s"), shown, error->message);

  import_failed (data, body);
}

/* The preview rows */

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (subtitle), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), subtitle);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_list_item_set_child (item, box);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          ImportData               *data)
{
  CabinetClientImportRow *row = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *icon = gtk_widget_get_first_child (box);
  GtkWidget *texts = gtk_widget_get_next_sibling (icon);
  GtkWidget *title = gtk_widget_get_first_child (texts);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  CabinetClient *client = cabinet_client_import_row_get_client (row);
  const char *name = cabinet_client_import_row_get_name (row);
  const char *message = cabinet_client_import_row_get_message (row);
  g_autofree char *title_text = NULL;
  g_autofree char *namesake = NULL;
  const char *icon_name, *css, *state;

  if (name && *name)
    /* Translators: %u is a line of the file, %s the client's name on it. */
    title_text = g_strdup_printf (_("Line %u · %s"), cabinet_client_import_row_get_line (row), name);
  else
    /* Translators: %u is a line of the file. */
    title_text = g_strdup_printf (_("Line %u"), cabinet_client_import_row_get_line (row));
  gtk_label_set_text (GTK_LABEL (title), title_text);

  if (client && message == NULL)
    {
      g_autoptr(GPtrArray) same = cabinet_client_store_find_same_name (data->store, client);

      if (same->len > 0)
        message = namesake = g_strdup (_("A client with this name is already in Cabinet; this one will be added as well."));
    }

  if (client == NULL)
    icon_name = "dialog-error-symbolic", css = "error", state = _("Left out");
  else if (message)
    icon_name = "dialog-information-symbolic", css = "accent", state = _("Will be added, with a note");
  else
    icon_name = "emblem-ok-symbolic", css = "success", state = _("Will be added");

  gtk_image_set_from_icon_name (GTK_IMAGE (icon), icon_name);
  gtk_widget_set_css_classes (icon, (const char *[]) { css, NULL });
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, state, -1);
  gtk_label_set_text (GTK_LABEL (subtitle), message ? message : "");
  gtk_widget_set_visible (subtitle, message != NULL);
  gtk_widget_set_css_classes (subtitle, (const char *[]) { "caption", client ? "dim-label" : "error", NULL });
}

static char *
summary_text (CabinetClientImport *import)
{
  guint valid = cabinet_client_import_get_n_valid (import);
  guint invalid = cabinet_client_import_get_n_invalid (import);
  g_autoptr(GString) text = g_string_new (NULL);

  if (valid == 0)
    return g_strdup (_("No client can be added: every line has a problem. Correct the file in your spreadsheet, "
                       "then import it again."));

  g_string_append_printf (text, ngettext ("%u client will be added.", "%u clients will be added.", valid), valid);
  if (invalid > 0)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text,
                              ngettext ("%u line has a problem and will be left out.",
                                        "%u lines have problems and will be left out.", invalid),
                              invalid);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
on_import_confirmed (ImportData *data)
{
  g_autoptr(GPtrArray) clients = cabinet_client_import_dup_clients (data->import);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (import_locked (data))
    return;
  if (!cabinet_client_store_add_all (data->store, clients, &error))
    {
      /* All or nothing: nothing was written, and trying again would fail the same way. */
      gtk_widget_set_sensitive (data->import_button, FALSE);
      cabinet_show_error (GTK_WINDOW (data->preview), _("The clients were not imported"), error->message);
      return;
    }

  message = g_strdup_printf (ngettext ("%u client imported", "%u clients imported", clients->len), clients->len);
  cabinet_feedback_success (&data->feedback, message);
  gtk_window_destroy (GTK_WINDOW (data->preview));
}

static void
show_preview (ImportData *data_ptr)
{
  g_autoptr(ImportData) data = data_ptr;
  guint valid = cabinet_client_import_get_n_valid (data->import);
  GtkWidget *window, *box, *header, *title, *cancel, *status, *summary, *scrolled, *list;
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autofree char *summary_str = summary_text (data->import);
  g_autofree char *basename = g_file_get_basename (data->file);
  GtkShortcutController *shortcuts;
  ImportData *owned;

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Import Clients"));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), data->feedback.window);
  gtk_window_set_default_size (GTK_WINDOW (window), 620, 640);
  data->preview = window;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  title = adw_window_title_new (_("Import Clients"), basename);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), window);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);

  if (valid > 0)
    {
      g_autofree char *label = g_strdup_printf (ngettext ("_Import %u Client", "_Import %u Clients", valid), valid);
      data->import_button = gtk_button_new_with_mnemonic (label);
    }
  else
    data->import_button = gtk_button_new_with_mnemonic (_("_Import"));
  gtk_widget_add_css_class (data->import_button, "suggested-action");
  gtk_widget_set_sensitive (data->import_button, valid > 0);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), data->import_button);
  gtk_box_append (GTK_BOX (box), header);

  status = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_top (status, 12);
  gtk_widget_set_margin_bottom (status, 12);
  gtk_widget_set_margin_start (status, 18);
  gtk_widget_set_margin_end (status, 18);
  summary = gtk_label_new (summary_str);
  gtk_label_set_wrap (GTK_LABEL (summary), TRUE);
  gtk_label_set_xalign (GTK_LABEL (summary), 0);
  gtk_widget_add_css_class (summary, "heading");
  gtk_box_append (GTK_BOX (status), summary);
  for (const char * const *note = cabinet_client_import_get_notes (data->import); *note; note++)
    {
      GtkWidget *label = gtk_label_new (*note);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (status), label);
    }
  gtk_box_append (GTK_BOX (box), status);
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));

  /* A list view: a spreadsheet can have tens of thousands of lines. */
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), data);
  list = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (cabinet_client_import_get_rows (data->import)))),
                            g_steal_pointer (&factory));
  gtk_list_view_set_show_separators (GTK_LIST_VIEW (list), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Lines of the file"), -1);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (window), box);

  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("Escape"),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, GTK_EVENT_CONTROLLER (shortcuts));

  /* The window owns the data from here on. */
  owned = g_steal_pointer (&data);
  g_object_set_data_full (G_OBJECT (window), "cabinet-import", owned, (GDestroyNotify) import_data_free);
  g_signal_connect_swapped (owned->import_button, "clicked", G_CALLBACK (on_import_confirmed), owned);
  if (owned->context)
    g_signal_connect_object (owned->context, "notify::locked", G_CALLBACK (gtk_window_destroy),
                             window, G_CONNECT_SWAPPED);

  gtk_window_present (GTK_WINDOW (window));
  if (valid > 0)
    gtk_widget_grab_focus (owned->import_button);
}

/* Reading and checking the file, in a thread: tens of thousands of lines. */

typedef struct {
  GBytes *bytes;
  char   *currency;
} ReadJob;

static void
read_job_free (ReadJob *job)
{
  g_bytes_unref (job->bytes);
  g_free (job->currency);
  g_free (job);
}

static void
read_clients_in_thread (GTask        *task,
                        gpointer      source,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  ReadJob *job = task_data;
  g_autoptr(GError) error = NULL;
  CabinetClientImport *import;
  gsize length;
  const char *contents = g_bytes_get_data (job->bytes, &length);

  import = cabinet_client_import_new_from_data (contents ? contents : "", length, job->currency,
                                                NULL, NULL, &error);
  if (import == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, import, g_object_unref);
}

static void
clients_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ImportData) data = user_data;
  g_autoptr(GError) error = NULL;

  data->import = g_task_propagate_pointer (G_TASK (result), &error);
  if (import_locked (data))
    return;
  if (data->import == NULL)
    {
      import_failed (data, error->message);
      return;
    }
  show_preview (g_steal_pointer (&data));
}

static void
file_loaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ImportData) data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  ReadJob *job;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      import_failed_reading (data, error);
      return;
    }
  /* The size can change between the check and the read. */
  if (length > MAX_IMPORT_BYTES)
    {
      g_free (contents);
      import_failed (data, _("This file is larger than 20 MB, far more than a list of clients. "
                             "Check that you chose the right file."));
      return;
    }

  job = g_new0 (ReadJob, 1);
  job->bytes = g_bytes_new_take (contents, length);
  job->currency = g_strdup (data->currency);
  task = g_task_new (NULL, NULL, clients_read, g_steal_pointer (&data));
  g_task_set_source_tag (task, file_loaded);
  g_task_set_task_data (task, job, (GDestroyNotify) read_job_free);
  g_task_run_in_thread (task, read_clients_in_thread);
}

static void
file_measured (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(ImportData) data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (source), result, &error);
  GFile *file;

  if (info == NULL)
    {
      import_failed_reading (data, error);
      return;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      import_failed (data, _("This is not a file Cabinet can read. Choose the spreadsheet, saved as CSV."));
      return;
    }
  if (g_file_info_get_size (info) > MAX_IMPORT_BYTES)
    {
      import_failed (data, _("This file is larger than 20 MB, far more than a list of clients. "
                             "Check that you chose the right file."));
      return;
    }
  file = data->file;
  g_file_load_contents_async (file, NULL, file_loaded, g_steal_pointer (&data));
}

static void
on_import_response (GtkNativeDialog *dialog,
                    int              response,
                    ImportData      *data_ptr)
{
  g_autoptr(ImportData) data = data_ptr;

  if (response == GTK_RESPONSE_ACCEPT && !import_locked (data))
    {
      GFile *file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      data->file = file;
      g_file_query_info_async (file,
                               G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                               G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, NULL,
                               file_measured, g_steal_pointer (&data));
    }
  g_object_unref (dialog);
}

void
cabinet_client_import_present (GtkWidget          *parent,
                               CabinetClientStore *store)
{
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  CabinetContext *context;
  CabinetPractitioner *practitioner;
  ImportData *data;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (CABINET_IS_CLIENT_STORE (store));

  data = g_new0 (ImportData, 1);
  cabinet_feedback_init (&data->feedback, parent);
  data->store = g_object_ref (store);
  context = cabinet_widget_get_context (parent);
  data->context = context ? g_object_ref (context) : NULL;
  /* Fees are read in the practice's currency. */
  practitioner = context ? cabinet_context_get_practitioner (context) : NULL;
  data->currency = g_strdup (practitioner ? cabinet_practitioner_get_currency (practitioner) : "EUR");

  dialog = gtk_file_chooser_native_new (_("Import Clients from a Spreadsheet"), cabinet_widget_get_window (parent),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_filter_set_name (csv, _("Spreadsheets saved as CSV"));
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_mime_type (csv, "text/tab-separated-values");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), csv);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (dialog), csv);
  g_signal_connect (dialog, "response", G_CALLBACK (on_import_response), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
