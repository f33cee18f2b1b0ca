/* cabinet-clients-page.c — the Clients page: the list, searched, sorted and
 * filtered, and each client's own page
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cabinet-client-actions.h"
#include "cabinet-client-editor.h"
#include "cabinet-client-page.h"
#include "cabinet-feedback.h"
#include "cabinet-gui-util.h"
#include "cabinet-clients-page.h"
#include "cabinet-ledger-rows.h"
#include "cabinet-retention-review.h"

struct _CabinetClientsPage
{
  AdwBin               parent_instance;

  CabinetContext      *context;
  CabinetClientStore  *store;          /* NULL while locked */
  gulong               items_handler;
  gulong               n_all_handler;

  AdwToastOverlay     *toasts;
  GtkStack            *stack;
  GtkWidget           *toolbar;
  GtkSearchEntry      *search_entry;
  GtkDropDown         *filter_dropdown;
  GtkDropDown         *sort_dropdown;
  GtkDropDown         *narrow_filter_dropdown;
  GtkDropDown         *narrow_sort_dropdown;
  GtkStack            *content_stack;
  GtkColumnView       *column_view;
  GtkSingleSelection  *selection;
  AdwStatusPage       *no_results_page;
  char                *load_error;     /* the store could not be read */
  CabinetClientPage   *client_page;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *status_column;
  GtkColumnViewColumn *next_session_column;
  GtkColumnViewColumn *balance_column;
  GHashTable          *next_starts;  /* client id → next session's start */
  GHashTable          *balances;     /* client id → balance */
  GHashTable          *account_cells; /* GtkListItem set: bound cells of those two columns */
  GtkColumnViewColumn *consent_column;
  GtkInfoBar          *retention_bar;
  GtkLabel            *retention_label;
  gboolean             retention_dismissed;  /* until Cabinet locks */
};

G_DEFINE_FINAL_TYPE (CabinetClientsPage, cabinet_clients_page, ADW_TYPE_BIN)

/* The list rows. Each cell follows its client, which changes in place when saved. */

static void
update_name_cell (GtkListItem *item)
{
  CabinetClient *client = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  g_autofree char *name = cabinet_client_dup_display_name (client);

  gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (box)), name);
  gtk_widget_set_visible (gtk_widget_get_last_child (box), cabinet_client_needs_guardian (client, NULL));
}

static void
update_status_cell (GtkListItem *item)
{
  CabinetClient *client = gtk_list_item_get_item (item);
  const char *status = cabinet_client_get_text (client, CABINET_CLIENT_STATUS);
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (label), cabinet_client_choice_label (CABINET_CLIENT_STATUS, status));
  if (g_str_equal (status, "active"))
    gtk_widget_remove_css_class (label, "dim-label");
  else
    gtk_widget_add_css_class (label, "dim-label");
}

/* A client without a signed consent is flagged (principle 05). */
static void
update_consent_cell (GtkListItem *item)
{
  CabinetClient *client = gtk_list_item_get_item (item);
  CabinetConsentStatus status = cabinet_client_get_consent_status (client);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *icon = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_last_child (box);

  gtk_label_set_text (GTK_LABEL (label), cabinet_consent_status_short_label (status));
  gtk_widget_set_tooltip_text (box, cabinet_consent_status_label (status));
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  cabinet_consent_status_label (status), -1);
  gtk_widget_set_visible (icon, status != CABINET_CONSENT_SIGNED && g_str_equal (cabinet_client_get_text (client, CABINET_CLIENT_STATUS), "active"));
  if (status == CABINET_CONSENT_SIGNED)
    gtk_widget_remove_css_class (label, "dim-label");
  else
    gtk_widget_add_css_class (label, "dim-label");
}

static void
setup_consent_cell (GtkSignalListItemFactory *factory,
                    GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (icon, "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("No signed consent"), -1);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static void
setup_name_cell (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  const char *warning = _("Under 18, and no guardian recorded");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (icon, "warning");
  gtk_widget_set_tooltip_text (icon, warning);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, warning, -1);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_list_item_set_child (item, box);
}

static void
setup_status_cell (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           void                    (*update) (GtkListItem *item))
{
  gulong handler = g_signal_connect_swapped (gtk_list_item_get_item (item), "notify",
                                             G_CALLBACK (update), item);

  g_object_set_data (G_OBJECT (item), "cabinet-notify", GSIZE_TO_POINTER (handler));
  update (item);
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  gulong handler = GPOINTER_TO_SIZE (g_object_steal_data (G_OBJECT (item), "cabinet-notify"));

  if (handler)
    g_signal_handler_disconnect (gtk_list_item_get_item (item), handler);
}

/* The next session and the balance come from the schedule and the ledger, kept
 * in two small maps read again when either changes. */
static void
setup_plain_cell (GtkSignalListItemFactory *factory,
                  GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
update_next_session_cell (CabinetClientsPage *self,
                          GtkListItem        *item)
{
  CabinetClient *client = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  gint64 id = cabinet_client_get_id (client);
  const gint64 *start = self->next_starts ? g_hash_table_lookup (self->next_starts, &id) : NULL;

  if (start)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (*start);
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);
      g_autofree char *text = cabinet_format_date_time (local);

      gtk_label_set_text (GTK_LABEL (label), text);
      gtk_widget_remove_css_class (label, "dim-label");
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (label), _("None planned"));
      gtk_widget_add_css_class (label, "dim-label");
    }
}

static void
update_balance_cell (CabinetClientsPage *self,
                     GtkListItem        *item)
{
  CabinetClient *client = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  gint64 id = cabinet_client_get_id (client);
  const gint64 *balance = self->balances ? g_hash_table_lookup (self->balances, &id) : NULL;
  g_autofree char *text = cabinet_ledger_balance_text (balance ? *balance : 0,
                                                       cabinet_context_get_currency (self->context));

  gtk_label_set_text (GTK_LABEL (label), text);
  if (balance && *balance != 0)
    gtk_widget_remove_css_class (label, "dim-label");
  else
    gtk_widget_add_css_class (label, "dim-label");
}

static void
bind_account_cell (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   CabinetClientsPage       *self)
{
  gboolean balance = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "cabinet-balance"));

  g_object_set_data (G_OBJECT (item), "cabinet-balance", GINT_TO_POINTER (balance));
  g_hash_table_add (self->account_cells, item);
  if (balance)
    update_balance_cell (self, item);
  else
    update_next_session_cell (self, item);
}

static void
unbind_account_cell (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     CabinetClientsPage       *self)
{
  if (self->account_cells)
    g_hash_table_remove (self->account_cells, item);
}

static void
set_account_factory (CabinetClientsPage  *self,
                     GtkColumnViewColumn *column,
                     gboolean             balance)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "cabinet-balance", GINT_TO_POINTER (balance));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_plain_cell), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_account_cell), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_account_cell), self);
  gtk_column_view_column_set_factory (column, factory);
  g_object_unref (factory);
}

/* The maps read again, and the cells on screen updated. */
static void
refresh_accounts (CabinetClientsPage *self)
{
  CabinetLedger *ledger = self->context ? cabinet_context_get_ledger (self->context) : NULL;
  CabinetSessionStore *sessions = self->context ? cabinet_context_get_session_store (self->context) : NULL;
  GHashTableIter iter;
  gpointer item;

  g_clear_pointer (&self->balances, g_hash_table_unref);
  g_clear_pointer (&self->next_starts, g_hash_table_unref);
  if (ledger)
    self->balances = cabinet_ledger_get_balances (ledger, NULL, NULL);
  if (sessions)
    self->next_starts = cabinet_session_store_next_starts (sessions, g_get_real_time () / G_USEC_PER_SEC, NULL);

  g_hash_table_iter_init (&iter, self->account_cells);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      if (GPOINTER_TO_INT (g_object_get_data (item, "cabinet-balance")))
        update_balance_cell (self, item);
      else
        update_next_session_cell (self, item);
    }
}

static void
set_factory (GtkColumnViewColumn *column,
             GCallback            setup,
             GCallback            bind,
             gpointer             data)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", setup, data);
  if (bind)
    {
      g_signal_connect (factory, "bind", bind, data);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), NULL);
    }
  gtk_column_view_column_set_factory (column, factory);
  g_object_unref (factory);
}

/* Which of the list, the first-run invitation or "nothing found" to show. */
static void
update_content (CabinetClientsPage *self)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  guint filter = gtk_drop_down_get_selected (self->filter_dropdown);
  g_autofree char *description = NULL;
  const char *view;

  /* A store that could not be read is not an empty practice: saying "add your
   * first client" would invite entering everyone again. */
  if (self->load_error)
    {
      gtk_widget_set_visible (self->toolbar, FALSE);
      gtk_stack_set_visible_child_name (self->content_stack, "no-results");
      adw_status_page_set_icon_name (self->no_results_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->no_results_page, _("Your Clients Could Not Be Read"));
      adw_status_page_set_description (self->no_results_page, self->load_error);
      return;
    }
  adw_status_page_set_icon_name (self->no_results_page, "system-search-symbolic");
  adw_status_page_set_title (self->no_results_page, _("No Matching Clients"));

  if (self->store == NULL || cabinet_client_store_get_n_all (self->store) == 0)
    view = "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->store)) == 0)
    view = "no-results";
  else
    view = "clients";

  /* Searching and sorting an empty list would only be in the way. */
  gtk_widget_set_visible (self->toolbar, !g_str_equal (view, "empty"));
  gtk_stack_set_visible_child_name (self->content_stack, view);

  if (*search != '\0' && filter == CABINET_CLIENT_FILTER_ALL)
    /* Translators: %s is what the therapist typed in the search. */
    description = g_strdup_printf (_("No client matches “%s”. Check the spelling, or try an e-mail address, a phone number or a city."),
                                   search);
  else if (*search != '\0')
    /* Translators: %s is what the therapist typed in the search. */
    description = g_strdup_printf (_("No client with this status matches “%s”. Check the spelling, or show all clients."),
                                   search);
  else
    description = g_strdup (_("No client has this status."));
  adw_status_page_set_description (self->no_results_page, description);
}

static void
on_search_changed (CabinetClientsPage *self)
{
  if (self->store)
    cabinet_client_store_search (self->store, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  update_content (self);
}

static void
on_filter_changed (CabinetClientsPage *self)
{
  if (self->store)
    cabinet_client_store_set_filter (self->store, gtk_drop_down_get_selected (self->filter_dropdown));
  update_content (self);
}

static void
on_sort_changed (CabinetClientsPage *self)
{
  if (self->store)
    cabinet_client_store_set_sort (self->store, gtk_drop_down_get_selected (self->sort_dropdown));
}

static void
show_list (CabinetClientsPage *self)
{
  gtk_stack_set_visible_child_name (self->stack, "list");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "clients.back", FALSE);
}

static void load_store (CabinetClientsPage *self);

void
cabinet_clients_page_open_client (CabinetClientsPage *self,
                                  CabinetClient      *client)
{
  g_return_if_fail (CABINET_IS_CLIENTS_PAGE (self));
  g_return_if_fail (CABINET_IS_CLIENT (client));

  load_store (self);
  g_return_if_fail (self->store != NULL);

  cabinet_client_page_set_client (self->client_page, self->store, client);
  gtk_stack_set_visible_child_name (self->stack, "client");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "clients.back", TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->client_page));
}

static void
on_row_activated (CabinetClientsPage *self,
                  guint               position)
{
  g_autoptr(CabinetClient) client = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (client)
    cabinet_clients_page_open_client (self, client);
}

/* Enter in the search: straight to the client when only one is found, else to
 * the list. */
static void
on_search_activate (CabinetClientsPage *self)
{
  guint n = self->store ? g_list_model_get_n_items (G_LIST_MODEL (self->store)) : 0;

  if (n == 1)
    on_row_activated (self, 0);
  else if (n > 1)
    gtk_widget_child_focus (GTK_WIDGET (self->column_view), GTK_DIR_TAB_FORWARD);
}

/* Typing a letter while the list has the focus starts a search. Unlike the search
 * entry's own key capture, Delete, Enter and Escape are left to the list. */
static gboolean
on_list_key_pressed (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     CabinetClientsPage    *self)
{
  gunichar c = gdk_keyval_to_unicode (keyval);
  GtkWidget *text = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (self->search_entry)));

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0 || !g_unichar_isgraph (c)
      || !gtk_widget_get_mapped (text))
    return GDK_EVENT_PROPAGATE;
  if (!gtk_event_controller_key_forward (controller, text))
    return GDK_EVENT_PROPAGATE;
  gtk_text_grab_focus_without_selecting (GTK_TEXT (text));
  return GDK_EVENT_STOP;
}

/* An erased client's page has nothing left to show. */
static void
on_store_changed (CabinetClientsPage *self)
{
  CabinetClient *shown = cabinet_client_page_get_client (self->client_page);

  if (shown && cabinet_client_store_lookup (self->store, cabinet_client_get_id (shown)) == NULL)
    {
      show_list (self);
      cabinet_client_page_set_client (self->client_page, NULL, NULL);
    }
  update_content (self);
}

static void
select_client (CabinetClientsPage *self,
               CabinetClient      *client)
{
  GListModel *model = G_LIST_MODEL (self->store);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CabinetClient) item = g_list_model_get_item (model, i);

      if (item == client)
        {
          gtk_single_selection_set_selected (self->selection, i);
          break;
        }
    }
}

static void
on_client_added (CabinetClientsPage *self,
                 CabinetClient      *client)
{
  g_autofree char *name = cabinet_client_dup_display_name (client);
  /* Translators: %s is the new client's name. */
  g_autofree char *message = g_strdup_printf (_("Record created for %s"), name);

  adw_toast_overlay_add_toast (self->toasts, cabinet_toast_new (message));
  update_content (self);
  select_client (self, client);
}

static void
new_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  CabinetClientsPage *self = CABINET_CLIENTS_PAGE (widget);
  CabinetClientEditor *editor;

  if (self->store == NULL)
    return;
  editor = cabinet_client_editor_new (cabinet_widget_get_window (GTK_WIDGET (self)), self->context, self->store, NULL);
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_client_added), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
import_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  CabinetClientsPage *self = CABINET_CLIENTS_PAGE (widget);

  if (self->store)
    cabinet_client_import_present (GTK_WIDGET (self->stack), self->store);
}

static void
search_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  CabinetClientsPage *self = CABINET_CLIENTS_PAGE (widget);

  if (self->store == NULL || cabinet_client_store_get_n_all (self->store) == 0)
    return;
  show_list (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
back_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  CabinetClientsPage *self = CABINET_CLIENTS_PAGE (widget);

  show_list (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
erase_selected_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  CabinetClientsPage *self = CABINET_CLIENTS_PAGE (widget);
  CabinetClient *client = gtk_single_selection_get_selected_item (self->selection);

  if (self->store && client)
    cabinet_client_erase_present (GTK_WIDGET (self->stack), self->store, client);
}

static void
set_store_actions_enabled (CabinetClientsPage *self,
                           gboolean            enabled)
{
  static const char *actions[] = { "clients.new", "clients.import", "clients.search", "clients.erase-selected" };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], enabled);
}

/* Locked: nothing of the records stays in memory, nor what was searched. */
/* Says how many records are past their retention period, unless dismissed. */
static void
update_retention (CabinetClientsPage *self)
{
  g_autoptr(GPtrArray) due = NULL;
  g_autofree char *text = NULL;

  if (self->store && !self->retention_dismissed)
    due = cabinet_retention_review_list (self->context, NULL);
  gtk_info_bar_set_revealed (self->retention_bar, due && due->len > 0);
  if (due == NULL || due->len == 0)
    return;
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u client record is past its retention period and awaits your review.",
                                       "%u client records are past their retention period and await your review.",
                                       due->len),
                          due->len);
  gtk_label_set_text (self->retention_label, text);
}

static void
on_retention_response (CabinetClientsPage *self,
                       int                 response)
{
  if (response == GTK_RESPONSE_CLOSE)
    {
      self->retention_dismissed = TRUE;
      update_retention (self);
    }
  else if (self->store)
    cabinet_retention_review_present (self, self->context);
}

static void
on_n_all_changed (CabinetClientsPage *self)
{
  on_store_changed (self);
  update_retention (self);
}

static void
drop_store (CabinetClientsPage *self)
{
  show_list (self);
  cabinet_client_page_set_client (self->client_page, NULL, NULL);
  gtk_single_selection_set_model (self->selection, NULL);
  if (self->store)
    {
      g_clear_signal_handler (&self->items_handler, self->store);
      g_clear_signal_handler (&self->n_all_handler, self->store);
      g_clear_object (&self->store);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  set_store_actions_enabled (self, FALSE);
  /* Nothing of the accounts stays in memory either. */
  refresh_accounts (self);
  update_content (self);
}

static void
load_store (CabinetClientsPage *self)
{
  CabinetDatabase *database = self->context ? cabinet_context_get_database (self->context) : NULL;
  CabinetClientStore *store;
  g_autoptr(GError) error = NULL;

  if (self->store || database == NULL)
    return;

  g_clear_pointer (&self->load_error, g_free);
  store = cabinet_context_get_client_store (self->context, &error);
  if (store && cabinet_client_store_load (store, &error))
    self->store = g_object_ref (store);
  else
    {
      self->load_error = g_strdup (error->message);
      update_content (self);
      return;
    }

  cabinet_client_store_set_sort (self->store, gtk_drop_down_get_selected (self->sort_dropdown));
  cabinet_client_store_set_filter (self->store, gtk_drop_down_get_selected (self->filter_dropdown));
  cabinet_client_store_search (self->store, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->store));
  self->items_handler = g_signal_connect_swapped (self->store, "items-changed",
                                                  G_CALLBACK (on_store_changed), self);
  /* Clients added or erased outside the filter change no visible row. */
  self->n_all_handler = g_signal_connect_swapped (self->store, "notify::n-all",
                                                  G_CALLBACK (on_n_all_changed), self);
  set_store_actions_enabled (self, TRUE);
  /* A session planned, held or cancelled, a payment: the two columns follow. */
  g_signal_connect_object (cabinet_context_get_session_store (self->context), "changed",
                           G_CALLBACK (refresh_accounts), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (cabinet_context_get_ledger (self->context), "changed",
                           G_CALLBACK (refresh_accounts), self, G_CONNECT_SWAPPED);
  /* A session planned or held changes whose record is due. */
  g_signal_connect_object (cabinet_context_get_session_store (self->context), "changed",
                           G_CALLBACK (update_retention), self, G_CONNECT_SWAPPED);
  refresh_accounts (self);
  update_content (self);
  update_retention (self);
}

static void
on_locked_changed (CabinetClientsPage *self)
{
  self->retention_dismissed = FALSE;
  if (cabinet_context_is_locked (self->context))
    {
      drop_store (self);
      update_retention (self);   /* hides it */
    }
  else if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load_store (self);
  /* Otherwise once the page is shown: sorting, filtering and listing every
   * client with their consent and account take 170 ms for 2,000 (bench/run),
   * which the day, starting on Today, need not wait for. */
}

void
cabinet_clients_page_set_context (CabinetClientsPage *self,
                                  CabinetContext     *context)
{
  g_return_if_fail (CABINET_IS_CLIENTS_PAGE (self));
  g_return_if_fail (CABINET_IS_CONTEXT (context));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  cabinet_client_page_set_context (self->client_page, context);
  g_signal_connect_object (context, "notify::locked", G_CALLBACK (on_locked_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "map", G_CALLBACK (load_store), NULL);
  g_signal_connect_object (cabinet_context_get_settings (context), "changed::retention-years",
                           G_CALLBACK (update_retention), self, G_CONNECT_SWAPPED);
  on_locked_changed (self);
}

CabinetClientStore *
cabinet_clients_page_get_store (CabinetClientsPage *self)
{
  g_return_val_if_fail (CABINET_IS_CLIENTS_PAGE (self), NULL);
  if (self->context)
    load_store (self);
  return self->store;
}

const char *
cabinet_clients_page_get_view (CabinetClientsPage *self)
{
  g_return_val_if_fail (CABINET_IS_CLIENTS_PAGE (self), NULL);

  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "client"))
    return "client";
  return gtk_stack_get_visible_child_name (self->content_stack);
}

static void
cabinet_clients_page_dispose (GObject *object)
{
  CabinetClientsPage *self = CABINET_CLIENTS_PAGE (object);

  if (self->store)
    {
      g_clear_signal_handler (&self->items_handler, self->store);
      g_clear_signal_handler (&self->n_all_handler, self->store);
    }
  /* The bin's child is a bound template child: AdwBin must let go of it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CABINET_TYPE_CLIENTS_PAGE);
  g_clear_object (&self->store);
  g_clear_pointer (&self->load_error, g_free);
  g_clear_pointer (&self->balances, g_hash_table_unref);
  g_clear_pointer (&self->next_starts, g_hash_table_unref);
  g_clear_pointer (&self->account_cells, g_hash_table_unref);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (cabinet_clients_page_parent_class)->dispose (object);
}

static void
cabinet_clients_page_class_init (CabinetClientsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cabinet_clients_page_dispose;

  g_type_ensure (CABINET_TYPE_CLIENT_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cabinetapp/Cabinet/cabinet-clients-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CabinetClientsPage, toasts);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientsPage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientsPage, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientsPage, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientsPage, narrow_filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientsPage, narrow_sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientsPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientsPage, selection);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientsPage, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientsPage, client_page);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientsPage, name_column);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientsPage, status_column);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientsPage, next_session_column);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientsPage, balance_column);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientsPage, consent_column);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientsPage, retention_bar);
  gtk_widget_class_bind_template_child (widget_class, CabinetClientsPage, retention_label);
  gtk_widget_class_bind_template_callback (widget_class, on_retention_response);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_sort_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_list_key_pressed);

  gtk_widget_class_install_action (widget_class, "clients.new", NULL, new_activated);
  gtk_widget_class_install_action (widget_class, "clients.import", NULL, import_activated);
  gtk_widget_class_install_action (widget_class, "clients.search", NULL, search_activated);
  gtk_widget_class_install_action (widget_class, "clients.back", NULL, back_activated);
  gtk_widget_class_install_action (widget_class, "clients.erase-selected", NULL, erase_selected_activated);
}

static void
cabinet_clients_page_init (CabinetClientsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  set_factory (self->name_column, G_CALLBACK (setup_name_cell), G_CALLBACK (bind_cell), (gpointer) update_name_cell);
  set_factory (self->status_column, G_CALLBACK (setup_status_cell), G_CALLBACK (bind_cell), (gpointer) update_status_cell);
  self->account_cells = g_hash_table_new (NULL, NULL);
  set_account_factory (self, self->next_session_column, FALSE);
  set_account_factory (self, self->balance_column, TRUE);
  set_factory (self->consent_column, G_CALLBACK (setup_consent_cell), G_CALLBACK (bind_cell), (gpointer) update_consent_cell);

  /* The narrow window's copies of the filter and the order are the same choice. */
  g_object_bind_property (self->filter_dropdown, "selected", self->narrow_filter_dropdown, "selected",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->sort_dropdown, "selected", self->narrow_sort_dropdown, "selected",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  show_list (self);
  set_store_actions_enabled (self, FALSE);
}
