/* cabinet-session-row.c — one session in a list: its hours, client, way of
 * meeting and consent, what became of it, and what can be done with it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cabinet-ledger-rows.h"
#include "cabinet-session-actions.h"
#include "cabinet-session-row.h"

struct _CabinetSessionRow
{
  AdwActionRow            parent_instance;
  CabinetContext         *context;
  CabinetSession         *session;
  CabinetSessionRowFlags  flags;
};

G_DEFINE_FINAL_TYPE (CabinetSessionRow, cabinet_session_row, ADW_TYPE_ACTION_ROW)

static void
start_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  CabinetSessionRow *self = CABINET_SESSION_ROW (widget);

  cabinet_session_actions_start (widget, self->context, self->session);
}

static void
edit_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  CabinetSessionRow *self = CABINET_SESSION_ROW (widget);

  cabinet_session_actions_edit (widget, self->context, self->session);
}

static void
status_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  CabinetSessionRow *self = CABINET_SESSION_ROW (widget);
  CabinetSessionStatus status;

  if (cabinet_session_status_parse (g_variant_get_string (param, NULL), &status))
    cabinet_session_actions_set_status (widget, self->context, self->session, status);
}

static void
payment_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  CabinetSessionRow *self = CABINET_SESSION_ROW (widget);

  cabinet_session_actions_record_payment (widget, self->context, cabinet_session_get_client_id (self->session),
                                          self->session);
}

static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  CabinetSessionRow *self = CABINET_SESSION_ROW (widget);

  cabinet_session_actions_delete (widget, self->context, self->session);
}

static void
cabinet_session_row_dispose (GObject *object)
{
  CabinetSessionRow *self = CABINET_SESSION_ROW (object);

  g_clear_object (&self->context);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cabinet_session_row_parent_class)->dispose (object);
}

static void
cabinet_session_row_activate (AdwActionRow *row)
{
  gtk_widget_activate_action (GTK_WIDGET (row), "session.edit", NULL);
}

static void
cabinet_session_row_class_init (CabinetSessionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwActionRowClass *row_class = ADW_ACTION_ROW_CLASS (klass);

  object_class->dispose = cabinet_session_row_dispose;
  row_class->activate = cabinet_session_row_activate;

  gtk_widget_class_install_action (widget_class, "session.start", NULL, start_activated);
  gtk_widget_class_install_action (widget_class, "session.edit", NULL, edit_activated);
  gtk_widget_class_install_action (widget_class, "session.set-status", "s", status_activated);
  gtk_widget_class_install_action (widget_class, "session.delete", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "session.record-payment", NULL, payment_activated);
}

static void
cabinet_session_row_init (CabinetSessionRow *self)
{
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), TRUE);
}

static GMenuModel *
build_menu (CabinetSessionStatus status)
{
  static const CabinetSessionStatus outcomes[] = {
    CABINET_SESSION_DONE, CABINET_SESSION_NO_SHOW, CABINET_SESSION_LATE_CANCEL,
    CABINET_SESSION_CANCELLED_CLIENT, CABINET_SESSION_CANCELLED_THERAPIST,
  };
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) what = g_menu_new ();
  g_autoptr(GMenu) other = g_menu_new ();

  if (status == CABINET_SESSION_SCHEDULED)
    for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
      {
        g_autoptr(GMenuItem) item = g_menu_item_new (cabinet_session_status_label (outcomes[i]), NULL);

        g_menu_item_set_action_and_target (item, "session.set-status", "s",
                                           cabinet_session_status_id (outcomes[i]));
        g_menu_append_item (what, item);
      }
  else
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("Back to Scheduled"), NULL);

      g_menu_item_set_action_and_target (item, "session.set-status", "s",
                                         cabinet_session_status_id (CABINET_SESSION_SCHEDULED));
      g_menu_append_item (what, item);
    }
  /* After a session held, missed or cancelled late: what it costs, paid. */
  if (status == CABINET_SESSION_DONE || status == CABINET_SESSION_NO_SHOW || status == CABINET_SESSION_LATE_CANCEL)
    g_menu_append (other, _("Record _Payment…"), "session.record-payment");
  g_menu_append (other, _("_Edit…"), "session.edit");
  if (status == CABINET_SESSION_SCHEDULED)
    g_menu_append (other, _("_Remove from Schedule…"), "session.delete");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (what));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (other));
  return G_MENU_MODEL (g_steal_pointer (&menu));
}

/* The menu is made when first opened: a day's rows come faster without it. A
 * row is made again when its session changes, so one menu serves for its life. */
static void
create_menu (GtkMenuButton *button,
             gpointer       user_data)
{
  CabinetSessionRow *self = user_data;
  g_autoptr(GMenuModel) menu = NULL;

  if (gtk_menu_button_get_menu_model (button) != NULL)
    return;
  menu = build_menu (cabinet_session_get_status (self->session));
  gtk_menu_button_set_menu_model (button, menu);
}

static void
fill (CabinetSessionRow *self)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  CabinetClientStore *clients = cabinet_context_get_client_store (self->context, NULL);
  CabinetClient *client = clients ? cabinet_client_store_lookup (clients, cabinet_session_get_client_id (self->session)) : NULL;
  CabinetSessionStatus status = cabinet_session_get_status (self->session);
  g_autofree char *hours = cabinet_session_dup_time_range (self->session, zone);
  g_autofree char *name = client ? cabinet_client_dup_display_name (client) : g_strdup (_("Unknown client"));
  g_autoptr(GPtrArray) title = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) details = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *title_text = NULL;
  g_autofree char *details_text = NULL;
  g_autofree char *accessible = NULL;
  char *client_time;
  GtkWidget *menu_button;

  if (self->flags & CABINET_SESSION_ROW_SHOW_DAY)
    g_ptr_array_add (title, cabinet_session_dup_day (self->session, zone, NULL));
  g_ptr_array_add (title, g_steal_pointer (&hours));
  if (!(self->flags & CABINET_SESSION_ROW_HIDE_CLIENT))
    g_ptr_array_add (title, g_strdup (name));
  g_ptr_array_add (title, NULL);
  title_text = g_strjoinv (" · ", (char **) title->pdata);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title_text);

  g_ptr_array_add (details, g_strdup (cabinet_channel_label (cabinet_session_get_modality (self->session))));
  if (client && !(self->flags & CABINET_SESSION_ROW_HIDE_CLIENT))
    g_ptr_array_add (details, g_strdup (cabinet_consent_status_label (cabinet_client_get_consent_status (client))));
  client_time = cabinet_session_dup_client_time (self->session, zone,
                                                 client ? cabinet_client_get_text (client, CABINET_CLIENT_TIME_ZONE) : NULL);
  if (client_time)
    g_ptr_array_add (details, client_time);
  if (status != CABINET_SESSION_SCHEDULED)
    g_ptr_array_add (details, g_strdup (cabinet_session_status_label (status)));
  if (cabinet_session_get_started_despite (self->session)[0] != NULL)
    g_ptr_array_add (details, g_strdup (_("Started despite a failed check")));
  /* Today: where the client's account stands, before the session is paid. */
  if ((self->flags & CABINET_SESSION_ROW_SHOW_START) && client)
    {
      CabinetLedger *ledger = cabinet_context_get_ledger (self->context);
      gint64 balance = 0;

      if (ledger && cabinet_ledger_get_balance (ledger, cabinet_client_get_id (client), &balance, NULL) && balance != 0)
        g_ptr_array_add (details, cabinet_ledger_balance_text (balance, cabinet_session_get_currency (self->session)));
    }
  g_ptr_array_add (details, NULL);
  details_text = g_strjoinv (" · ", (char **) details->pdata);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), details_text);

  if (status != CABINET_SESSION_SCHEDULED)
    gtk_widget_add_css_class (GTK_WIDGET (self), "dim-label");

  if ((self->flags & CABINET_SESSION_ROW_SHOW_START) && status == CABINET_SESSION_SCHEDULED)
    {
      GtkWidget *start = gtk_button_new_with_mnemonic (_("_Start"));
      g_autofree char *label = g_strdup_printf (_("Start the session with %s"), name);

      gtk_widget_set_valign (start, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (start, "suggested-action");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (start), "session.start");
      gtk_widget_set_tooltip_text (start, _("Runs the security self-check, then opens the session’s link"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (start), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (self), start);
    }

  /* Today, after the session: its payment in two clicks. */
  if ((self->flags & CABINET_SESSION_ROW_SHOW_START)
      && (status == CABINET_SESSION_DONE || status == CABINET_SESSION_NO_SHOW
          || status == CABINET_SESSION_LATE_CANCEL))
    {
      GtkWidget *pay = gtk_button_new_with_mnemonic (_("Record _Payment…"));
      g_autofree char *label = g_strdup_printf (_("Record the payment of %s"), name);

      gtk_widget_set_valign (pay, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (pay), "session.record-payment");
      gtk_accessible_update_property (GTK_ACCESSIBLE (pay), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (self), pay);
    }

  menu_button = g_object_new (GTK_TYPE_MENU_BUTTON,
                              "icon-name", "view-more-symbolic",
                              "valign", GTK_ALIGN_CENTER,
                              "tooltip-text", _("What became of this session"),
                              NULL);
  gtk_widget_add_css_class (menu_button, "flat");
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (menu_button), create_menu, self, NULL);
  accessible = g_strdup_printf (_("Session options: %s"), title_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), menu_button);
}

GtkWidget *
cabinet_session_row_new (CabinetContext         *context,
                         CabinetSession         *session,
                         CabinetSessionRowFlags  flags)
{
  CabinetSessionRow *self;

  g_return_val_if_fail (CABINET_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (CABINET_IS_SESSION (session), NULL);

  self = g_object_new (CABINET_TYPE_SESSION_ROW, NULL);
  self->context = g_object_ref (context);
  self->session = g_object_ref (session);
  self->flags = flags;
  fill (self);
  return GTK_WIDGET (self);
}

CabinetSession *
cabinet_session_row_get_session (CabinetSessionRow *self)
{
  g_return_val_if_fail (CABINET_IS_SESSION_ROW (self), NULL);
  return self->session;
}
