/* cabinet-payments-page.c — what is owed and what was paid: the unpaid sessions,
 * oldest first, and the payments of a period, by means and by client
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <time.h>

#include "cabinet-document-actions.h"
#include "cabinet-document-window.h"
#include "cabinet-income-report.h"
#include "cabinet-feedback.h"
#include "cabinet-gui-util.h"
#include "cabinet-ledger-rows.h"
#include "cabinet-money.h"
#include "cabinet-payments-page.h"
#include "cabinet-receipt.h"
#include "cabinet-session-actions.h"
#include "cabinet-validate.h"

/* A list shows this many rows at most, and says how many more there are: a
 * practice of twenty years stays quick to open. */
#define MAX_ROWS 25

typedef enum {
  PERIOD_THIS_MONTH,
  PERIOD_LAST_MONTH,
  PERIOD_THIS_YEAR,
  PERIOD_LAST_YEAR,
  PERIOD_ALL,
} Period;

struct _CabinetPaymentsPage
{
  AdwBin            parent_instance;

  CabinetContext   *context;
  GListModel       *clients;     /* for the client filter: "All clients" is position 0 */

  AdwToastOverlay  *toasts;
  GtkLabel         *owed_label;
  GtkListBox       *unpaid_list;
  GtkDropDown      *period_dropdown;
  GtkDropDown      *method_dropdown;
  GtkDropDown      *client_dropdown;
  GtkListBox       *payment_list;
  GtkDropDown      *year_dropdown;
  GtkListBox       *income_list;
  GtkListBox       *owing_list;
  GArray           *years;       /* of int, as the year dropdown lists them */
  CabinetIncome     income;      /* of the year chosen */
};

G_DEFINE_FINAL_TYPE (CabinetPaymentsPage, cabinet_payments_page, ADW_TYPE_BIN)

static char *
client_name (CabinetPaymentsPage *self,
             gint64               client_id,
             char              *(*name) (CabinetClient *client))
{
  CabinetClientStore *clients = cabinet_context_get_client_store (self->context, NULL);
  CabinetClient *client = clients ? cabinet_client_store_lookup (clients, client_id) : NULL;

  /* Not a record: erased, its payments kept under its reference. */
  return client ? name (client) : cabinet_client_format_reference (client_id);
}

static const char *
currency (CabinetPaymentsPage *self)
{
  return cabinet_context_get_currency (self->context);
}

static void
on_pay_clicked (GtkButton           *button,
                CabinetPaymentsPage *self)
{
  CabinetSessionStore *store = cabinet_context_get_session_store (self->context);
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "cabinet-session"));
  g_autoptr(CabinetSession) session = NULL;
  g_autoptr(GError) error = NULL;

  if (store == NULL)
    return;
  session = cabinet_session_store_get (store, id, &error);
  if (session == NULL)
    {
      adw_toast_overlay_add_toast (self->toasts, cabinet_toast_new (error->message));
      return;
    }
  cabinet_session_actions_record_payment (GTK_WIDGET (self), self->context,
                                          cabinet_session_get_client_id (session), session);
}

static GtkWidget *
unpaid_row (CabinetPaymentsPage *self,
            CabinetCharge       *charge,
            GTimeZone           *zone,
            GDateTime           *now)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *pay;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (charge->starts_at);
  g_autoptr(GDateTime) when = g_date_time_to_timezone (utc, zone);
  g_autofree char *name = client_name (self, charge->client_id, cabinet_client_dup_display_name);
  g_autofree char *money = cabinet_money_format (charge->charge - charge->paid, currency (self));
  g_autofree char *day = cabinet_format_date (when);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *label = NULL;
  guint days = (guint) MAX (g_date_time_difference (now, when) / G_TIME_SPAN_DAY, 0);

  /* Translators: an unpaid session: the client and what is still owed. */
  title = g_strdup_printf (_("%s · %s"), name, money);
  /* Translators: the day of an unpaid session and how long ago it was. */
  subtitle = g_strdup_printf (ngettext ("%s, %u day ago", "%s, %u days ago", days), day, days);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  pay = gtk_button_new_with_mnemonic (_("Record _Payment…"));
  label = g_strdup_printf (_("Record the payment of %s"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (pay), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_valign (pay, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (pay), "cabinet-session", GSIZE_TO_POINTER ((gsize) charge->session_id));
  g_signal_connect (pay, "clicked", G_CALLBACK (on_pay_clicked), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), pay);
  return row;
}

static void
period_bounds (Period  period,
               GDate  *from,
               GDate  *to)
{
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  g_date_clear (from, 1);
  g_date_clear (to, 1);
  switch (period)
    {
    case PERIOD_THIS_MONTH:
      g_date_set_dmy (from, 1, g_date_get_month (&today), g_date_get_year (&today));
      *to = today;
      break;
    case PERIOD_LAST_MONTH:
      g_date_set_dmy (to, 1, g_date_get_month (&today), g_date_get_year (&today));
      g_date_subtract_days (to, 1);
      g_date_set_dmy (from, 1, g_date_get_month (to), g_date_get_year (to));
      break;
    case PERIOD_THIS_YEAR:
      g_date_set_dmy (from, 1, G_DATE_JANUARY, g_date_get_year (&today));
      *to = today;
      break;
    case PERIOD_LAST_YEAR:
      g_date_set_dmy (from, 1, G_DATE_JANUARY, g_date_get_year (&today) - 1);
      g_date_set_dmy (to, 31, G_DATE_DECEMBER, g_date_get_year (&today) - 1);
      break;
    case PERIOD_ALL:
    default:
      break;
    }
}

/* "And 120 more…" below a list cut at MAX_ROWS, with where to find them. */
static void
append_more_row (GtkListBox *list,
                 guint       total,
                 const char *hint)
{
  GtkWidget *row;
  g_autofree char *title = NULL;
  guint more = total - MAX_ROWS;

  if (total <= MAX_ROWS)
    return;
  row = adw_action_row_new ();
  /* Translators: below a list cut short; %u is how many rows are not shown. */
  title = g_strdup_printf (ngettext ("And %u more", "And %u more", more), more);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), hint);
  gtk_widget_add_css_class (row, "dim-label");
  gtk_list_box_append (list, row);
}

static GtkWidget *
amount_row (const char *title,
            gint64      amount,
            const char *currency_code)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *money = cabinet_money_format (amount, currency_code);
  GtkWidget *label = gtk_label_new (money);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

static int
selected_year (CabinetPaymentsPage *self)
{
  guint position = gtk_drop_down_get_selected (self->year_dropdown);

  if (self->years == NULL || position >= self->years->len)
    return 0;
  return g_array_index (self->years, int, position);
}

/* The years that have entries, the one chosen kept chosen. */
static void
load_years (CabinetPaymentsPage *self,
            CabinetLedger       *ledger)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GArray) years = NULL;
  int chosen = selected_year (self);
  guint position = 0;

  years = cabinet_ledger_list_years (ledger, NULL);
  if (years == NULL)
    return;
  if (self->years && self->years->len == years->len
      && memcmp (self->years->data, years->data, years->len * sizeof (int)) == 0)
    return;
  for (guint i = 0; i < years->len; i++)
    {
      g_autofree char *name = g_strdup_printf ("%d", g_array_index (years, int, i));

      gtk_string_list_append (names, name);
      if (g_array_index (years, int, i) == chosen)
        position = i;
    }
  g_clear_pointer (&self->years, g_array_unref);
  self->years = g_steal_pointer (&years);
  g_signal_handlers_block_matched (self->year_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_drop_down_set_model (self->year_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->year_dropdown, position);
  g_signal_handlers_unblock_matched (self->year_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

static void
fill_months (AdwExpanderRow      *row,
             GParamSpec          *pspec,
             CabinetPaymentsPage *self)
{
  g_autoptr(GDateTime) january = NULL;

  if (g_object_get_data (G_OBJECT (row), "cabinet-filled"))
    return;
  g_object_set_data (G_OBJECT (row), "cabinet-filled", GINT_TO_POINTER (TRUE));
  january = g_date_time_new_local (self->income.year, 1, 15, 12, 0, 0);
  for (guint m = 0; m < 12; m++)
    {
      g_autoptr(GDateTime) month = g_date_time_add_months (january, (int) m);
      /* xgettext:no-c-format
       * Translators: a month's name standing alone, as a strftime format (%OB in
       * languages that decline it). */
      g_autofree char *word = g_date_time_format (month, _("%B"));
      g_autofree char *name = cabinet_text_capitalize (word);

      adw_expander_row_add_row (row, amount_row (name, self->income.months[m], currency (self)));
    }
}

static void
fill_means (AdwExpanderRow      *row,
            GParamSpec          *pspec,
            CabinetPaymentsPage *self)
{
  if (g_object_get_data (G_OBJECT (row), "cabinet-filled"))
    return;
  g_object_set_data (G_OBJECT (row), "cabinet-filled", GINT_TO_POINTER (TRUE));
  for (guint i = 0; i < CABINET_N_PAYMENT_METHODS; i++)
    adw_expander_row_add_row (row, amount_row (cabinet_payment_method_label (cabinet_payment_method_nth (i)),
                                               self->income.methods[i], currency (self)));
}

/* The chosen year's income, by month and by means; and who owes what. */
static void
reload_income (CabinetPaymentsPage *self,
               CabinetLedger       *ledger)
{
  g_autoptr(GPtrArray) owing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *total_title = NULL;
  GtkWidget *months, *means;
  int year;

  cabinet_list_box_remove_rows (self->income_list);
  cabinet_list_box_remove_rows (self->owing_list);
  load_years (self, ledger);
  year = selected_year (self);
  if (year == 0 || !cabinet_ledger_get_income (ledger, year, &self->income, &error))
    {
      if (error)
        adw_toast_overlay_add_toast (self->toasts, cabinet_toast_new (error->message));
      return;
    }
  /* Translators: %d is a year. */
  total_title = g_strdup_printf (_("Total for %d"), year);
  gtk_list_box_append (self->income_list, amount_row (total_title, self->income.total, currency (self)));

  /* The details are made when they are opened: the page opens sooner. */
  months = adw_expander_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (months), _("By month"));
  g_signal_connect_object (months, "notify::expanded", G_CALLBACK (fill_months), self, 0);
  gtk_list_box_append (self->income_list, months);

  means = adw_expander_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (means), _("By means of payment"));
  g_signal_connect_object (means, "notify::expanded", G_CALLBACK (fill_means), self, 0);
  gtk_list_box_append (self->income_list, means);

  owing = cabinet_ledger_list_owing (ledger, &error);
  if (owing == NULL)
    {
      adw_toast_overlay_add_toast (self->toasts, cabinet_toast_new (error->message));
      return;
    }
  for (guint i = 0; i < MIN (owing->len, MAX_ROWS); i++)
    {
      CabinetCharge *charge = g_ptr_array_index (owing, i);
      g_autofree char *name = client_name (self, charge->client_id, cabinet_client_dup_display_name);

      gtk_list_box_append (self->owing_list, amount_row (name, charge->charge, currency (self)));
    }
  append_more_row (self->owing_list, owing->len, _("Each client’s page shows what they owe."));
}

static void
on_year_changed (CabinetPaymentsPage *self)
{
  CabinetLedger *ledger = self->context ? cabinet_context_get_ledger (self->context) : NULL;

  if (ledger)
    reload_income (self, ledger);
}

static void
reload (CabinetPaymentsPage *self)
{
  CabinetLedger *ledger = self->context ? cabinet_context_get_ledger (self->context) : NULL;
  CabinetDatabase *database = self->context ? cabinet_context_get_database (self->context) : NULL;
  g_autoptr(GHashTable) balances = NULL;
  g_autoptr(GPtrArray) unpaid = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autofree char *owed_text = NULL;
  g_autofree char *owed_money = NULL;
  guint method_index, client_index;
  CabinetPaymentMethods methods = 0;
  gint64 client_id = 0, outstanding = 0;
  GDate from, to;

  cabinet_list_box_remove_rows (self->unpaid_list);
  cabinet_list_box_remove_rows (self->payment_list);
  if (ledger == NULL)
    {
      cabinet_list_box_remove_rows (self->income_list);
      cabinet_list_box_remove_rows (self->owing_list);
      g_clear_pointer (&self->years, g_array_unref);
      return;
    }
  reload_income (self, ledger);

  balances = cabinet_ledger_get_balances (ledger, &outstanding, &error);
  if (balances)
    unpaid = cabinet_ledger_list_unpaid (ledger, &error);
  if (unpaid == NULL)
    {
      adw_toast_overlay_add_toast (self->toasts, cabinet_toast_new (error->message));
      return;
    }
  owed_money = cabinet_money_format (outstanding, currency (self));
  /* Translators: %s is what clients owe on the whole. */
  owed_text = g_strdup_printf (_("Owed to you: %s"), owed_money);
  gtk_label_set_text (self->owed_label, owed_text);
  for (guint i = 0; i < MIN (unpaid->len, MAX_ROWS); i++)
    gtk_list_box_append (self->unpaid_list, unpaid_row (self, g_ptr_array_index (unpaid, i), zone, now));
  append_more_row (self->unpaid_list, unpaid->len, _("The oldest are shown; each client’s page shows the rest."));

  period_bounds (gtk_drop_down_get_selected (self->period_dropdown), &from, &to);
  method_index = gtk_drop_down_get_selected (self->method_dropdown);
  if (method_index > 0 && method_index <= CABINET_N_PAYMENT_METHODS)
    methods = cabinet_payment_method_nth (method_index - 1);
  client_index = gtk_drop_down_get_selected (self->client_dropdown);
  if (self->clients && client_index > 0 && client_index != GTK_INVALID_LIST_POSITION)
    {
      g_autoptr(CabinetClient) client = g_list_model_get_item (self->clients, client_index - 1);

      client_id = client ? cabinet_client_get_id (client) : 0;
    }
  entries = cabinet_ledger_list_recent (ledger, g_date_valid (&from) ? &from : NULL, g_date_valid (&to) ? &to : NULL,
                                        methods, client_id, &error);
  if (entries == NULL)
    {
      adw_toast_overlay_add_toast (self->toasts, cabinet_toast_new (error->message));
      return;
    }
  for (guint i = 0; i < MIN (entries->len, MAX_ROWS); i++)
    {
      CabinetEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *name = client_name (self, entry->client_id, cabinet_client_dup_display_name);

      gtk_list_box_append (self->payment_list,
                           cabinet_ledger_entry_row_new (entry, name, cabinet_receipt_is_due (database, entry->id),
                                                         NULL, NULL));
    }
  append_more_row (self->payment_list, entries->len,
                   _("The latest are shown; choose a shorter period, a means or a client to see the others."));
}

/* In the accountant's documents, the client as declared, or their reference
 * when they asked not to be named. */
static char *
name_for_export (gint64   client_id,
                 gpointer user_data)
{
  return client_name (CABINET_PAYMENTS_PAGE (user_data), client_id, cabinet_client_dup_fiscal_name);
}

/* The income ledger of the period shown, for the accountant, written the way
 * the interface's language writes numbers. */
static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  CabinetPaymentsPage *self = CABINET_PAYMENTS_PAGE (widget);
  CabinetLedger *ledger = self->context ? cabinet_context_get_ledger (self->context) : NULL;
  const char *language = cabinet_document_language ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *file = NULL;
  char *text;
  GDate from, to;

  if (ledger == NULL)
    return;
  period_bounds (gtk_drop_down_get_selected (self->period_dropdown), &from, &to);
  text = cabinet_ledger_export_csv (ledger, g_date_valid (&from) ? &from : NULL, g_date_valid (&to) ? &to : NULL,
                                    language, name_for_export, self, &error);
  if (text == NULL)
    {
      adw_toast_overlay_add_toast (self->toasts, cabinet_toast_new (error->message));
      return;
    }
  bytes = g_bytes_new_take (text, strlen (text));
  /* Translators: the file proposed for the accountant's export (the French livre des recettes). */
  file = g_strdup (_("Income ledger.csv"));
  cabinet_document_export_as (cabinet_widget_get_window (widget), bytes, file,
                              _("Export for the Accountant"), "text/csv", _("Spreadsheets (CSV)"),
                              &(CabinetDocumentAudit) { cabinet_context_get_database (self->context),
                                                        "income-ledger-csv-exported", NULL, 0 });
}

/* The chosen year on paper, shown before it is printed or exported: its
 * summary, or its income ledger. */
static void
report_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  CabinetPaymentsPage *self = CABINET_PAYMENTS_PAGE (widget);
  CabinetLedger *ledger = self->context ? cabinet_context_get_ledger (self->context) : NULL;
  CabinetPractitioner *practitioner = self->context ? cabinet_context_get_practitioner (self->context) : NULL;
  gboolean summary = g_str_equal (action_name, "payments.report");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *title = NULL;
  CabinetDocumentWindow *document;
  int year = selected_year (self);

  if (ledger == NULL || practitioner == NULL || year == 0)
    return;
  pdf = (summary ? cabinet_income_report_render : cabinet_income_ledger_render) (ledger, practitioner, year,
                                                                                  cabinet_document_language (), NULL,
                                                                                  name_for_export, self, &error);
  /* Translators: the title of the year's summary, and its file's name; %d is the year. */
  title = summary ? g_strdup_printf (_("Income %d"), year)
    /* Translators: the title of the year's income ledger (the French livre des recettes), and its file's name;
     * %d is the year. */
    : g_strdup_printf (_("Income Ledger %d"), year);
  document = pdf ? cabinet_document_window_present (cabinet_widget_get_window (widget), self->context, pdf, title,
                                                    NULL, title, &error)
                 : NULL;
  if (document == NULL)
    {
      cabinet_show_error (cabinet_widget_get_window (widget),
                          summary ? _("The year’s summary could not be made") : _("The income ledger could not be made"),
                          error->message);
      return;
    }
  if (summary)
    cabinet_document_window_set_audit (document, "income-report-printed", "income-report-exported", "year", year);
  else
    cabinet_document_window_set_audit (document, "income-ledger-printed", "income-ledger-exported", "year", year);
}

static void
load_clients (CabinetPaymentsPage *self)
{
  CabinetClientStore *store = cabinet_context_get_client_store (self->context, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_clear_object (&self->clients);
  gtk_string_list_append (names, _("All clients"));
  if (store)
    {
      self->clients = cabinet_client_store_list_open (store);
      for (guint i = 0; i < g_list_model_get_n_items (self->clients); i++)
        {
          g_autoptr(CabinetClient) client = g_list_model_get_item (self->clients, i);
          g_autofree char *name = cabinet_client_dup_display_name (client);

          gtk_string_list_append (names, name);
        }
    }
  /* The caller reloads once, after. */
  g_signal_handlers_block_by_func (self->client_dropdown, reload, self);
  gtk_drop_down_set_model (self->client_dropdown, G_LIST_MODEL (names));
  g_signal_handlers_unblock_by_func (self->client_dropdown, reload, self);
}

/* Every open client for the filter (read once per unlock), the year's income,
 * the unpaid sessions: read when the page is shown, not while it is hidden. */
static void
refresh (CabinetPaymentsPage *self)
{
  if (self->clients == NULL && !cabinet_context_is_locked (self->context))
    load_clients (self);
  reload (self);
}

static void
reload_when_shown (CabinetPaymentsPage *self)
{
  cabinet_widget_refresh_when_shown (GTK_WIDGET (self), G_CALLBACK (refresh));
}

static void
on_locked_changed (CabinetPaymentsPage *self)
{
  gboolean locked = cabinet_context_is_locked (self->context);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "payments.export", !locked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "payments.report", !locked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "payments.ledger", !locked);
  if (!locked)
    {
      CabinetClientStore *clients = cabinet_context_get_client_store (self->context, NULL);

      g_signal_connect_object (cabinet_context_get_ledger (self->context), "changed",
                               G_CALLBACK (reload_when_shown), self, G_CONNECT_SWAPPED);
      /* A session held or cancelled changes what is owed. */
      g_signal_connect_object (cabinet_context_get_session_store (self->context), "changed",
                               G_CALLBACK (reload_when_shown), self, G_CONNECT_SWAPPED);
      if (clients)
        g_signal_connect_object (clients, "items-changed", G_CALLBACK (reload_when_shown), self,
                                 G_CONNECT_SWAPPED);
      reload_when_shown (self);
      return;
    }
  /* Locked: nothing of the accounts stays on screen or in memory, at once. */
  g_clear_object (&self->clients);
  load_clients (self);
  reload (self);
}

static void
cabinet_payments_page_dispose (GObject *object)
{
  CabinetPaymentsPage *self = CABINET_PAYMENTS_PAGE (object);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CABINET_TYPE_PAYMENTS_PAGE);
  g_clear_object (&self->clients);
  g_clear_object (&self->context);
  g_clear_pointer (&self->years, g_array_unref);

  G_OBJECT_CLASS (cabinet_payments_page_parent_class)->dispose (object);
}

static void
cabinet_payments_page_class_init (CabinetPaymentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cabinet_payments_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cabinetapp/Cabinet/cabinet-payments-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CabinetPaymentsPage, toasts);
  gtk_widget_class_bind_template_child (widget_class, CabinetPaymentsPage, owed_label);
  gtk_widget_class_bind_template_child (widget_class, CabinetPaymentsPage, unpaid_list);
  gtk_widget_class_bind_template_child (widget_class, CabinetPaymentsPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CabinetPaymentsPage, method_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CabinetPaymentsPage, client_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CabinetPaymentsPage, payment_list);
  gtk_widget_class_bind_template_child (widget_class, CabinetPaymentsPage, year_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CabinetPaymentsPage, income_list);
  gtk_widget_class_bind_template_child (widget_class, CabinetPaymentsPage, owing_list);

  gtk_widget_class_install_action (widget_class, "payments.export", NULL, export_activated);
  gtk_widget_class_install_action (widget_class, "payments.report", NULL, report_activated);
  gtk_widget_class_install_action (widget_class, "payments.ledger", NULL, report_activated);
}

static void
cabinet_payments_page_init (CabinetPaymentsPage *self)
{
  g_autoptr(GtkStringList) methods = gtk_string_list_new (NULL);
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (methods, _("Any means"));
  for (guint i = 0; i < CABINET_N_PAYMENT_METHODS; i++)
    gtk_string_list_append (methods, cabinet_payment_method_label (cabinet_payment_method_nth (i)));
  gtk_drop_down_set_model (self->method_dropdown, G_LIST_MODEL (methods));

  placeholder = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (placeholder), _("Nothing is owed"));
  gtk_list_box_set_placeholder (self->unpaid_list, placeholder);
  placeholder = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (placeholder), _("No payments in this period"));
  gtk_list_box_set_placeholder (self->payment_list, placeholder);
  placeholder = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (placeholder), _("No client owes anything"));
  gtk_list_box_set_placeholder (self->owing_list, placeholder);

  g_signal_connect_swapped (self->period_dropdown, "notify::selected", G_CALLBACK (reload), self);
  g_signal_connect_swapped (self->method_dropdown, "notify::selected", G_CALLBACK (reload), self);
  g_signal_connect_swapped (self->client_dropdown, "notify::selected", G_CALLBACK (reload), self);
  g_signal_connect_swapped (self->year_dropdown, "notify::selected", G_CALLBACK (on_year_changed), self);
}

void
cabinet_payments_page_set_context (CabinetPaymentsPage *self,
                                   CabinetContext      *context)
{
  g_return_if_fail (CABINET_IS_PAYMENTS_PAGE (self));
  g_return_if_fail (CABINET_IS_CONTEXT (context));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  g_signal_connect_object (context, "notify::locked", G_CALLBACK (on_locked_changed), self, G_CONNECT_SWAPPED);
  on_locked_changed (self);
}
