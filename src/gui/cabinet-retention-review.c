/* cabinet-retention-review.c — the client records past their retention
 * period, for the practitioner to erase or keep
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cabinet-client-actions.h"
#include "cabinet-context.h"
#include "cabinet-gui-util.h"
#include "cabinet-retention-review.h"
#include "cabinet-retention.h"
#include "cabinet-validate.h"

GPtrArray *
cabinet_retention_review_list (CabinetContext  *context,
                               GError         **error)
{
  CabinetDatabase *database = cabinet_context_get_database (context);

  if (database == NULL)
    return g_ptr_array_new_with_free_func (g_free);
  return cabinet_retention_list_due (database, g_settings_get_uint (cabinet_context_get_settings (context),
                                                                    "retention-years"),
                                     NULL, error);
}

typedef struct {
  CabinetClientsPage   *page;      /* not owned: the window closes with it */
  CabinetContext       *context;
  AdwPreferencesGroup  *group;
  GPtrArray            *rows;
  GtkWindow            *window;
} Review;

static void
review_free (Review *review)
{
  g_clear_object (&review->context);
  g_clear_pointer (&review->rows, g_ptr_array_unref);
  g_free (review);
}

static void
on_open_clicked (GtkButton *button,
                 Review    *review)
{
  CabinetClient *client = g_object_get_data (G_OBJECT (button), "cabinet-client");

  cabinet_clients_page_open_client (review->page, client);
  gtk_window_close (review->window);
}

static void
on_erase_clicked (GtkButton *button,
                  Review    *review)
{
  CabinetClient *client = g_object_get_data (G_OBJECT (button), "cabinet-client");

  cabinet_client_erase_present (GTK_WIDGET (button), cabinet_clients_page_get_store (review->page), client);
}

static GtkWidget *
row_button (const char    *label,
            const char    *accessible,
            CabinetClient *client,
            GCallback      callback,
            Review        *review)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data_full (G_OBJECT (button), "cabinet-client", g_object_ref (client), g_object_unref);
  g_signal_connect (button, "clicked", callback, review);
  return button;
}

/* The rows again, as the records are now: one erased or seen again goes. */
static void
refill (Review *review)
{
  CabinetClientStore *store = cabinet_clients_page_get_store (review->page);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = NULL;

  for (guint i = 0; i < review->rows->len; i++)
    adw_preferences_group_remove (review->group, g_ptr_array_index (review->rows, i));
  g_ptr_array_set_size (review->rows, 0);
  due = store ? cabinet_retention_review_list (review->context, &error) : NULL;
  if (due == NULL || due->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     error ? _("The records to review could not be read")
                                           : _("No record is past its retention period"));
      if (error)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), error->message);
      adw_preferences_group_add (review->group, row);
      g_ptr_array_add (review->rows, row);
      return;
    }
  for (guint i = 0; i < due->len; i++)
    {
      CabinetRetentionDue *item = g_ptr_array_index (due, i);
      CabinetClient *client = cabinet_client_store_lookup (store, item->client_id);
      g_autofree char *name = NULL;
      g_autofree char *last = NULL;
      g_autofree char *since = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *open_label = NULL;
      g_autofree char *erase_label = NULL;
      GtkWidget *row;

      if (client == NULL)
        continue;
      name = cabinet_client_dup_display_name (client);
      last = cabinet_format_day (&item->last);
      since = cabinet_format_day (&item->due);
      /* Translators: under a client's name in the records to review; the %s are dates. */
      subtitle = g_strdup_printf (_("Last seen %s · to be reviewed since %s"), last, since);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      /* Translators: the accessible name of a button; %s is a client's name. */
      open_label = g_strdup_printf (_("Open the record of %s"), name);
      /* Translators: the accessible name of a button; %s is a client's name. */
      erase_label = g_strdup_printf (_("Erase %s"), name);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button (_("_Open"), open_label, client, G_CALLBACK (on_open_clicked), review));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button (_("_Erase…"), erase_label, client, G_CALLBACK (on_erase_clicked), review));
      adw_preferences_group_add (review->group, row);
      g_ptr_array_add (review->rows, row);
    }
}

static void
on_records_changed (GObject    *store,
                    GParamSpec *pspec,
                    GtkWindow  *window)
{
  refill (g_object_get_data (G_OBJECT (window), "cabinet-review"));
}

void
cabinet_retention_review_present (CabinetClientsPage *page,
                                  CabinetContext     *context)
{
  Review *review = g_new0 (Review, 1);
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *prefs = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  guint years = g_settings_get_uint (cabinet_context_get_settings (context), "retention-years");
  g_autofree char *description = NULL;

  review->page = page;
  review->context = g_object_ref (context);
  review->group = ADW_PREFERENCES_GROUP (group);
  review->rows = g_ptr_array_new ();
  review->window = GTK_WINDOW (window);
  g_object_set_data_full (G_OBJECT (window), "cabinet-review", review, (GDestroyNotify) review_free);

  gtk_window_set_title (GTK_WINDOW (window), _("Records to Review"));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), cabinet_widget_get_window (GTK_WIDGET (page)));
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 480);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "A client’s record is kept %u year after their last session (for a "
                                              "minor, after their eighteenth birthday if that is later), as set in "
                                              "Preferences. Erase the records you no longer need; payments and "
                                              "receipts of the last six years stay, under the client’s reference. "
                                              "Nothing is erased unless you confirm it.",
                                              "A client’s record is kept %u years after their last session (for a "
                                              "minor, after their eighteenth birthday if that is later), as set in "
                                              "Preferences. Erase the records you no longer need; payments and "
                                              "receipts of the last six years stay, under the client’s reference. "
                                              "Nothing is erased unless you confirm it.",
                                              years),
                                 years);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (prefs), ADW_PREFERENCES_GROUP (group));
  gtk_widget_set_vexpand (prefs, TRUE);
  gtk_box_append (GTK_BOX (box), prefs);
  adw_window_set_content (ADW_WINDOW (window), box);

  refill (review);
  /* A record erased from here (or anywhere) leaves the list. */
  g_signal_connect_object (cabinet_clients_page_get_store (page), "notify::n-all", G_CALLBACK (on_records_changed),
                           window, 0);
  /* Locking closes whatever shows the records. */
  g_signal_connect_object (context, "notify::locked", G_CALLBACK (gtk_window_destroy), window, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "destroy", G_CALLBACK (gtk_window_destroy), window, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (window));
}
