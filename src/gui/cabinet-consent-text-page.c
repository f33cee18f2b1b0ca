/* cabinet-consent-text-page.c — Preferences: the practice's own wording of each
 * section of the consent form, in French and in English, with *Restore Default*
 *
 * Changes apply as they are typed (after a short pause), like every preference;
 * forms already made keep the words they were made with.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cabinet-consent-store.h"
#include "cabinet-consent-text-page.h"
#include "cabinet-feedback.h"
#include "cabinet-gui-util.h"

#define SAVE_DELAY_MS 600

typedef struct {
  CabinetConsentTextPage *page;
  CabinetConsentSection   section;
  AdwExpanderRow         *row;
  GtkTextView            *view;
  GtkWidget              *restore;
  gulong                  changed_handler;
  guint                   save_source;
} Section;

struct _CabinetConsentTextPage
{
  AdwPreferencesPage  parent_instance;

  CabinetContext     *context;
  char               *language;
  gboolean            revised;        /* this editing session counted in the version */
  AdwComboRow        *language_row;
  Section             sections[CABINET_CONSENT_N_SECTIONS];
};

G_DEFINE_FINAL_TYPE (CabinetConsentTextPage, cabinet_consent_text_page, ADW_TYPE_PREFERENCES_PAGE)

static void
report (CabinetConsentTextPage *self,
        const char             *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), cabinet_toast_new (message));
  else
    g_warning ("%s", message);
}

static void
show_customised (Section  *section,
                 gboolean  customised)
{
  adw_expander_row_set_subtitle (section->row, customised ? _("Your wording") : _("Cabinet’s wording"));
  gtk_widget_set_sensitive (section->restore, customised);
}

/* Reads the section back from the database, as the forms will use it. */
static void
load_section (Section *section)
{
  CabinetConsentTextPage *self = section->page;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  gboolean customised = FALSE;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (section->row),
                                 cabinet_consent_section_title (section->section, self->language));
  body = cabinet_consent_section_get_body (cabinet_context_get_database (self->context), self->language,
                                           section->section, &customised, &error);
  if (body == NULL)
    {
      report (self, error->message);
      return;
    }
  g_signal_handler_block (gtk_text_view_get_buffer (section->view), section->changed_handler);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (section->view), body, -1);
  g_signal_handler_unblock (gtk_text_view_get_buffer (section->view), section->changed_handler);
  show_customised (section, customised);
}

static void
save_section (Section *section)
{
  CabinetConsentTextPage *self = section->page;
  CabinetDatabase *database = cabinet_context_get_database (self->context);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = cabinet_text_view_dup_text (section->view);
  gboolean customised = FALSE;
  g_autofree char *saved = NULL;

  g_clear_handle_id (&section->save_source, g_source_remove);
  if (database == NULL)
    return;   /* locked meanwhile: the window is closing */
  /* One new version per editing session, not one per pause in the typing. */
  if (!cabinet_consent_section_set_body (database, self->language, section->section, text,
                                         !self->revised, &error))
    {
      /* Translators: %s says why, from the database. */
      g_autofree char *message = g_strdup_printf (_("The wording could not be saved: %s"), error->message);
      report (self, message);
      return;
    }
  self->revised = TRUE;
  saved = cabinet_consent_section_get_body (database, self->language, section->section, &customised, NULL);
  show_customised (section, customised);
}

static gboolean
save_timeout (gpointer data)
{
  Section *section = data;

  section->save_source = 0;
  save_section (section);
  return G_SOURCE_REMOVE;
}

static void
on_text_changed (Section *section)
{
  g_clear_handle_id (&section->save_source, g_source_remove);
  section->save_source = g_timeout_add (SAVE_DELAY_MS, save_timeout, section);
}

static void
on_restore_clicked (Section *section)
{
  /* The default text, saved at once: the same text as Cabinet's means no row. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (section->view),
                            cabinet_consent_default_body (section->section, section->page->language), -1);
  save_section (section);
}

void
cabinet_consent_text_page_flush (CabinetConsentTextPage *self)
{
  g_return_if_fail (CABINET_IS_CONSENT_TEXT_PAGE (self));

  for (guint i = 0; i < CABINET_CONSENT_N_SECTIONS; i++)
    if (self->sections[i].save_source)
      save_section (&self->sections[i]);
}

void
cabinet_consent_text_page_set_language (CabinetConsentTextPage *self,
                                        const char             *language)
{
  g_return_if_fail (CABINET_IS_CONSENT_TEXT_PAGE (self));
  g_return_if_fail (g_strcmp0 (language, "fr") == 0 || g_strcmp0 (language, "en") == 0);

  if (g_strcmp0 (self->language, language) == 0)
    return;
  cabinet_consent_text_page_flush (self);
  g_free (self->language);
  self->language = g_strdup (language);
  adw_combo_row_set_selected (self->language_row, g_str_equal (language, "en") ? 1 : 0);
  for (guint i = 0; i < CABINET_CONSENT_N_SECTIONS; i++)
    load_section (&self->sections[i]);
}

static void
on_language_selected (CabinetConsentTextPage *self)
{
  cabinet_consent_text_page_set_language (self, adw_combo_row_get_selected (self->language_row) == 1 ? "en" : "fr");
}

GtkTextView *
cabinet_consent_text_page_get_view (CabinetConsentTextPage *self,
                                    CabinetConsentSection   section)
{
  g_return_val_if_fail (CABINET_IS_CONSENT_TEXT_PAGE (self), NULL);
  g_return_val_if_fail (section < CABINET_CONSENT_N_SECTIONS, NULL);
  return self->sections[section].view;
}

GtkWidget *
cabinet_consent_text_page_get_restore (CabinetConsentTextPage *self,
                                       CabinetConsentSection   section)
{
  g_return_val_if_fail (CABINET_IS_CONSENT_TEXT_PAGE (self), NULL);
  g_return_val_if_fail (section < CABINET_CONSENT_N_SECTIONS, NULL);
  return self->sections[section].restore;
}

/* One expander per section: the text, and the way back to Cabinet's. */
static void
build_section (CabinetConsentTextPage *self,
               AdwPreferencesGroup    *group,
               CabinetConsentSection   index)
{
  Section *section = &self->sections[index];
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *view = gtk_text_view_new ();

  section->page = self;
  section->section = index;
  section->row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  section->view = GTK_TEXT_VIEW (view);
  section->restore = gtk_button_new_with_mnemonic (_("_Restore Default"));

  gtk_text_view_set_wrap_mode (section->view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (section->view, FALSE);
  gtk_text_view_set_top_margin (section->view, 8);
  gtk_text_view_set_bottom_margin (section->view, 8);
  gtk_text_view_set_left_margin (section->view, 8);
  gtk_text_view_set_right_margin (section->view, 8);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_RELATION_LABELLED_BY, section->row, NULL, -1);
  gtk_frame_set_child (GTK_FRAME (frame), view);

  gtk_widget_set_halign (section->restore, GTK_ALIGN_END);
  gtk_widget_set_tooltip_text (section->restore, _("Use Cabinet’s wording of this section again"));

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), frame);
  gtk_box_append (GTK_BOX (box), section->restore);
  adw_expander_row_add_row (section->row, box);
  adw_preferences_group_add (group, GTK_WIDGET (section->row));

  section->changed_handler = g_signal_connect_swapped (gtk_text_view_get_buffer (section->view), "changed",
                                                       G_CALLBACK (on_text_changed), section);
  g_signal_connect_swapped (section->restore, "clicked", G_CALLBACK (on_restore_clicked), section);
}

static void
cabinet_consent_text_page_dispose (GObject *object)
{
  CabinetConsentTextPage *self = CABINET_CONSENT_TEXT_PAGE (object);

  /* What was typed just before closing is kept. */
  if (self->context)
    cabinet_consent_text_page_flush (self);
  for (guint i = 0; i < CABINET_CONSENT_N_SECTIONS; i++)
    g_clear_handle_id (&self->sections[i].save_source, g_source_remove);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cabinet_consent_text_page_parent_class)->dispose (object);
}

static void
cabinet_consent_text_page_finalize (GObject *object)
{
  g_free (CABINET_CONSENT_TEXT_PAGE (object)->language);
  G_OBJECT_CLASS (cabinet_consent_text_page_parent_class)->finalize (object);
}

static void
cabinet_consent_text_page_class_init (CabinetConsentTextPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cabinet_consent_text_page_dispose;
  object_class->finalize = cabinet_consent_text_page_finalize;
}

static void
cabinet_consent_text_page_init (CabinetConsentTextPage *self)
{
  AdwPreferencesGroup *intro = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *sections = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  g_autoptr(GtkStringList) languages = gtk_string_list_new (NULL);

  adw_preferences_page_set_name (ADW_PREFERENCES_PAGE (self), "consent");
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _("Consent Form"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "document-edit-symbolic");

  adw_preferences_group_set_description (intro, _("Cabinet’s wording is ready to use. Change a section to make it your own: the forms you make from now on use your words, the forms already made keep theirs. The details of each client (fee, means, emergency contact) are added under each section."));
  gtk_string_list_append (languages, _("French"));
  gtk_string_list_append (languages, _("English"));
  self->language_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->language_row), _("Language of the wording"));
  adw_combo_row_set_model (self->language_row, G_LIST_MODEL (languages));
  adw_preferences_group_add (intro, GTK_WIDGET (self->language_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), intro);

  adw_preferences_group_set_title (sections, _("Sections"));
  for (guint i = 0; i < CABINET_CONSENT_N_SECTIONS; i++)
    build_section (self, sections, i);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), sections);
}

GtkWidget *
cabinet_consent_text_page_new (CabinetContext *context)
{
  CabinetConsentTextPage *self;

  g_return_val_if_fail (CABINET_IS_CONTEXT (context), NULL);

  self = g_object_new (CABINET_TYPE_CONSENT_TEXT_PAGE, NULL);
  self->context = g_object_ref (context);
  /* French first: Cabinet's clients are in France first. */
  cabinet_consent_text_page_set_language (self, "fr");
  g_signal_connect_swapped (self->language_row, "notify::selected", G_CALLBACK (on_language_selected), self);
  return GTK_WIDGET (self);
}
