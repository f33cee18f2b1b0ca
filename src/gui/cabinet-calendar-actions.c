/* cabinet-calendar-actions.c — the schedule to and from calendar (.ics) files:
 * export what is shown, pseudonymised unless asked; import with a preview
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cabinet-calendar-actions.h"
#include "cabinet-calendar-import.h"
#include "cabinet-document-actions.h"
#include "cabinet-feedback.h"
#include "cabinet-gui-util.h"

/* An import reads the appointments of two years around today: calendars export
 * a weekly series without an end, and Cabinet plans no further ahead. */
#define IMPORT_YEARS 2

static CabinetClient *
lookup_client (gint64   client_id,
               gpointer user_data)
{
  return cabinet_client_store_lookup (CABINET_CLIENT_STORE (user_data), client_id);
}

/* A drop-down with its label before it, the label naming it for a screen
 * reader; for a message dialog's extra child. */
static GtkWidget *
labelled_drop_down (const char  *mnemonic,
                    GListModel  *model,
                    GtkWidget  **drop_down)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  *drop_down = gtk_drop_down_new (model, NULL);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), *drop_down);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (*drop_down), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  gtk_widget_set_hexpand (*drop_down, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), *drop_down);
  return box;
}

/* ── Export ─────────────────────────────────────────────────────────────── */

typedef struct {
  CabinetContext *context;
  GtkDropDown    *title;
  gint64          from;
  gint64          to;
  char           *period;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->context);
  g_free (data->period);
  g_free (data);
}

static void
on_export_response (AdwMessageDialog *dialog,
                    const char       *response,
                    ExportData       *data)
{
  CabinetSessionStore *store = cabinet_context_get_session_store (data->context);
  CabinetClientStore *clients = cabinet_context_get_client_store (data->context, NULL);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));
  g_autoptr(GListModel) sessions = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  char *text;

  if (g_strcmp0 (response, "export") != 0 || store == NULL || clients == NULL)
    return;
  sessions = cabinet_session_store_list_range (store, data->from, data->to, &error);
  if (sessions == NULL)
    {
      cabinet_show_error (parent, _("The sessions could not be exported"), error->message);
      return;
    }
  text = cabinet_ical_export (sessions, gtk_drop_down_get_selected (data->title), lookup_client, clients);
  bytes = g_bytes_new_take (text, strlen (text));
  /* Translators: the name proposed for an exported calendar; %s is the period. */
  name = g_strdup_printf (_("Sessions %s.ics"), data->period);
  g_strdelimit (name, "/\\:", '-');
  cabinet_document_export_as (parent, bytes, name, _("Export the Sessions"),
                              "text/calendar", _("Calendars (.ics)"),
                              &(CabinetDocumentAudit) { cabinet_context_get_database (data->context),
                                                        "sessions-exported", NULL, 0 });
}

void
cabinet_calendar_export_present (GtkWidget      *parent,
                                 CabinetContext *context,
                                 gint64          from,
                                 gint64          to,
                                 const char     *period)
{
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  g_autofree char *body = NULL;
  ExportData *data;
  GtkWidget *dialog, *box, *dropdown;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (CABINET_IS_CONTEXT (context));

  body = g_strdup_printf (_("The sessions of %s go into a calendar (.ics) file that other calendar applications open. "
                            "The file is not encrypted: by default each session is titled “Session”, without the client’s name."),
                          period);
  dialog = adw_message_dialog_new (cabinet_widget_get_window (parent), _("Export the Sessions Shown?"), body);

  gtk_string_list_append (titles, _("“Session”, without a name"));
  gtk_string_list_append (titles, _("The client’s initials"));
  gtk_string_list_append (titles, _("The client’s full name"));
  box = labelled_drop_down (_("_Title of each session"), G_LIST_MODEL (g_steal_pointer (&titles)), &dropdown);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "export", _("_Export…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "export", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "export");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  data = g_new0 (ExportData, 1);
  data->context = g_object_ref (context);
  data->title = GTK_DROP_DOWN (dropdown);
  data->from = from;
  data->to = to;
  data->period = g_strdup (period);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_export_response), data,
                         (GClosureNotify) (void (*) (void)) export_data_free, 0);
  g_signal_connect_object (context, "notify::locked", G_CALLBACK (gtk_window_destroy), dialog, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ── Import ─────────────────────────────────────────────────────────────── */

typedef struct {
  CabinetFeedback     feedback;
  CabinetContext     *context;
  GFile              *file;
  GBytes             *contents;
  gint64              from;
  gint64              to;
  GPtrArray          *events;     /* of CabinetIcalEvent */
  CabinetIcalSkipped  skipped;
  GListModel         *clients;    /* the open clients, for matching */
  GtkDropDown        *fallback;   /* "leave out", then each client */
} ImportData;

static void
import_data_free (ImportData *data)
{
  cabinet_feedback_clear (&data->feedback);
  g_clear_object (&data->context);
  g_clear_object (&data->file);
  g_clear_pointer (&data->contents, g_bytes_unref);
  g_clear_pointer (&data->events, g_ptr_array_unref);
  g_clear_object (&data->clients);
  g_free (data);
}

static void
import_failed (ImportData *data,
               const char *body)
{
  cabinet_feedback_failure (&data->feedback, _("The calendar was not imported."), body);
  import_data_free (data);
}

static void
on_import_response (AdwMessageDialog *dialog,
                    const char       *response,
                    ImportData       *data)
{
  CabinetSessionStore *store = cabinet_context_get_session_store (data->context);
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;
  CabinetClient *fallback = NULL;
  guint position, added = 0;

  if (g_strcmp0 (response, "import") != 0 || store == NULL)
    return;
  position = gtk_drop_down_get_selected (data->fallback);
  if (position > 0 && position != GTK_INVALID_LIST_POSITION)
    fallback = g_list_model_get_item (data->clients, position - 1);
  sessions = cabinet_calendar_import_sessions (data->events, data->clients, fallback,
                                               cabinet_context_get_practitioner (data->context), NULL);
  g_clear_object (&fallback);

  if (!cabinet_session_store_import (store, sessions, &added, &error))
    cabinet_feedback_failure (&data->feedback, _("The calendar was not imported."), error->message);
  else
    {
      g_autofree char *message = NULL;
      g_autofree char *imported = g_strdup_printf (ngettext ("%u session imported", "%u sessions imported", added),
                                                   added);
      guint before = sessions->len - added;

      if (before == 0)
        message = g_steal_pointer (&imported);
      else
        {
          g_autofree char *already = g_strdup_printf (ngettext ("%u was already there", "%u were already there", before),
                                                      before);

          /* Translators: "3 sessions imported; 2 were already there". */
          message = g_strdup_printf (_("%s; %s"), imported, already);
        }
      cabinet_feedback_success (&data->feedback, message);
    }
}

static char *
format_day (gint64 when)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (when);

  return cabinet_format_date (dt);
}

/* What the file holds, which clients its titles name, and what to do with the
 * rest: asked before anything is written. */
static void
show_preview (ImportData *data)
{
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  CabinetCalendarImportCounts counts;
  CabinetClientStore *clients = cabinet_context_get_client_store (data->context, NULL);
  GtkWidget *dialog, *box, *dropdown;
  g_autofree char *heading = NULL;
  guint n = data->events->len;

  data->clients = clients ? cabinet_client_store_list_open (clients) : G_LIST_MODEL (g_list_store_new (CABINET_TYPE_CLIENT));
  sessions = cabinet_calendar_import_sessions (data->events, data->clients, NULL, NULL, &counts);

  heading = g_strdup_printf (ngettext ("Import %u appointment?", "Import %u appointments?", n), n);
  first = format_day (((CabinetIcalEvent *) g_ptr_array_index (data->events, 0))->starts_at);
  last = format_day (((CabinetIcalEvent *) g_ptr_array_index (data->events, n - 1))->starts_at);
  if (g_str_equal (first, last))
    /* Translators: the day an imported calendar covers. */
    g_string_append_printf (body, _("On %s."), first);
  else
    /* Translators: the period an imported calendar covers. */
    g_string_append_printf (body, _("From %s to %s."), first, last);
  g_string_append_c (body, ' ');
  g_string_append_printf (body, ngettext ("%u is titled with the name or initials of one of your clients.",
                                          "%u are titled with the name or initials of one of your clients.",
                                          counts.n_matched),
                          counts.n_matched);
  if (counts.n_left_out)
    {
      g_string_append_c (body, ' ');
      g_string_append_printf (body, ngettext ("%u names no one client: choose below whose it is, or leave it out.",
                                              "%u name no one client: choose below whose they are, or leave them out.",
                                              counts.n_left_out),
                              counts.n_left_out);
    }
  if (counts.n_cancelled + data->skipped.n_all_day + data->skipped.n_too_long + data->skipped.n_invalid > 0)
    {
      guint other = counts.n_cancelled + data->skipped.n_all_day + data->skipped.n_too_long + data->skipped.n_invalid;

      g_string_append_c (body, ' ');
      g_string_append_printf (body, ngettext ("%u event that is cancelled, all-day or unreadable is left out.",
                                              "%u events that are cancelled, all-day or unreadable are left out.",
                                              other),
                              other);
    }

  if (data->skipped.n_outside > 0)
    {
      g_string_append_c (body, ' ');
      g_string_append_printf (body, ngettext ("%u appointment more than two years before or after today is left out.",
                                              "%u appointments more than two years before or after today are left out.",
                                              data->skipped.n_outside),
                              data->skipped.n_outside);
    }

  dialog = adw_message_dialog_new (data->feedback.window, heading, body->str);
  gtk_string_list_append (choices, _("Leave them out"));
  for (guint i = 0; i < g_list_model_get_n_items (data->clients); i++)
    {
      g_autoptr(CabinetClient) client = g_list_model_get_item (data->clients, i);
      g_autofree char *name = cabinet_client_dup_display_name (client);

      gtk_string_list_append (choices, name);
    }
  box = labelled_drop_down (_("_Others are with"), G_LIST_MODEL (g_steal_pointer (&choices)), &dropdown);
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (dropdown), TRUE);
  gtk_widget_set_visible (box, counts.n_left_out > 0);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  data->fallback = GTK_DROP_DOWN (dropdown);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "import", _("_Import"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "import");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_import_response), data,
                         (GClosureNotify) (void (*) (void)) import_data_free, 0);
  g_signal_connect_object (data->context, "notify::locked", G_CALLBACK (gtk_window_destroy), dialog, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* In a worker: libical's repetition rules can take a second or two to work out. */
static void
parse_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ImportData *data = task_data;
  gsize length;
  const char *text = g_bytes_get_data (data->contents, &length);
  GError *error = NULL;
  GPtrArray *events = cabinet_ical_parse (text, length, NULL, data->from, data->to, &data->skipped, &error);

  if (events == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, events, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_parsed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  ImportData *data = user_data;
  g_autoptr(GError) error = NULL;

  data->events = g_task_propagate_pointer (G_TASK (result), &error);
  if (data->events == NULL)
    {
      import_failed (data, error->message);
      return;
    }
  if (cabinet_context_is_locked (data->context))
    {
      import_data_free (data);
      return;
    }
  show_preview (data);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  ImportData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      import_failed (data, _("The file could not be read. Check that it is still there and that you may open it."));
      return;
    }
  data->contents = g_bytes_new_take (contents, length);
  task = g_task_new (NULL, NULL, on_parsed, data);
  g_task_set_task_data (task, data, NULL);
  g_task_run_in_thread (task, parse_in_thread);
}

static void
on_queried (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  ImportData *data = user_data;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (source), result, NULL);

  /* Refused before it is read: a file of gigabytes would fill the memory. */
  g_autoptr(GError) error = NULL;

  if (info && !cabinet_ical_check_size ((guint64) g_file_info_get_size (info), &error))
    {
      import_failed (data, error->message);
      return;
    }
  g_file_load_contents_async (data->file, NULL, on_loaded, data);
}

void
cabinet_calendar_import_file (GtkWidget      *parent,
                              CabinetContext *context,
                              GFile          *file)
{
  ImportData *data;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (CABINET_IS_CONTEXT (context));
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (ImportData, 1);
  cabinet_feedback_init (&data->feedback, parent);
  data->context = g_object_ref (context);
  data->file = g_object_ref (file);
  data->from = now - (gint64) IMPORT_YEARS * 366 * 86400;
  data->to = now + (gint64) IMPORT_YEARS * 366 * 86400;
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT, NULL, on_queried, data);
}

typedef struct {
  GtkWidget      *parent;
  CabinetContext *context;
} ChooseData;

static void
on_chosen (GtkNativeDialog *chooser,
           int              response,
           ChooseData      *data)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file)
        cabinet_calendar_import_file (data->parent, data->context, file);
    }
  g_object_unref (data->parent);
  g_object_unref (data->context);
  g_free (data);
  g_object_unref (chooser);
}

void
cabinet_calendar_import_present (GtkWidget      *parent,
                                 CabinetContext *context)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  ChooseData *data;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (CABINET_IS_CONTEXT (context));

  chooser = gtk_file_chooser_native_new (_("Import a Calendar"), cabinet_widget_get_window (parent),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Calendars (.ics)"));
  gtk_file_filter_add_mime_type (filter, "text/calendar");
  gtk_file_filter_add_pattern (filter, "*.ics");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  data = g_new0 (ChooseData, 1);
  data->parent = g_object_ref (parent);
  data->context = g_object_ref (context);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chosen), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
