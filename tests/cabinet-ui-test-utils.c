/* cabinet-ui-test-utils.c — finding and using widgets as a person would
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "cabinet-ui-test-utils.h"

typedef gboolean (*Match) (GtkWidget *widget, gconstpointer data);

/* Depth-first, only through what is mapped on screen: a test clicks what the
 * therapist could see. */
static GtkWidget *
find (GtkWidget     *root,
      Match          match,
      gconstpointer  data)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find (child, match, data);
      if (found)
        return found;
    }
  return NULL;
}

static gboolean
match_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

static gboolean
match_check (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_CHECK_BUTTON (widget) && g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), data) == 0;
}

GtkWidget *
cabinet_ui_find_check (GtkWidget  *root,
                       const char *label)
{
  GtkWidget *check = find (root, match_check, label);

  if (check == NULL)
    g_error ("No visible check box “%s”", label);
  return check;
}

static gboolean
match_label (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

static gboolean
match_type (GtkWidget *widget, gconstpointer data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

GtkWidget *
cabinet_ui_find_button (GtkWidget  *root,
                        const char *label)
{
  return find (root, match_button, label);
}

GtkWidget *
cabinet_ui_find_visible_label (GtkWidget  *root,
                               const char *text)
{
  return find (root, match_label, text);
}

static gboolean
match_row (GtkWidget *widget, gconstpointer data)
{
  return ADW_IS_PREFERENCES_ROW (widget)
         && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

GtkWidget *
cabinet_ui_find_row (GtkWidget  *root,
                     const char *title)
{
  GtkWidget *row = find (root, match_row, title);

  if (row == NULL)
    g_error ("No visible row “%s”", title);
  return row;
}

gboolean
cabinet_ui_shows_row (GtkWidget  *root,
                      const char *title)
{
  return find (root, match_row, title) != NULL;
}

GtkWidget *
cabinet_ui_find_by_type (GtkWidget *root,
                         GType      type)
{
  return find (root, match_type, GSIZE_TO_POINTER (type));
}

/* The window of @type on screen, such as a dialog just presented; NULL if none. */
GtkWindow *
cabinet_ui_find_window (GType type)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

GtkWindow *
cabinet_ui_wait_for_window (GType type)
{
  GtkWindow *window = NULL;

  for (guint i = 0; i < 200 && window == NULL; i++)
    {
      cabinet_ui_settle ();
      window = cabinet_ui_find_window (type);
      if (window == NULL)
        g_usleep (10 * 1000);
    }
  if (window == NULL)
    g_error ("No %s came", g_type_name (type));
  return window;
}

void
cabinet_ui_wait_for_no_window (GType type)
{
  for (guint i = 0; i < 200 && cabinet_ui_find_window (type); i++)
    {
      cabinet_ui_settle ();
      g_usleep (10 * 1000);
    }
  cabinet_ui_settle ();
  g_assert_null (cabinet_ui_find_window (type));
}

/* Lets pending layout, transitions and idle work run. */
void
cabinet_ui_settle (void)
{
  for (guint i = 0; i < 50 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

void
cabinet_ui_click (GtkWidget  *root,
                  const char *label)
{
  GtkWidget *button;

  cabinet_ui_settle ();
  button = cabinet_ui_find_button (root, label);
  if (button == NULL)
    g_error ("No visible button “%s”", label);
  if (!gtk_widget_is_sensitive (button))
    g_error ("The button “%s” cannot be clicked now", label);
  /* A click moves the focus to the button, then activates it; gtk_widget_activate()
   * would wait for the pressed-look animation. */
  gtk_widget_grab_focus (button);
  g_signal_emit_by_name (button, "clicked");
  cabinet_ui_settle ();
}

void
cabinet_ui_test_init (int    *argc,
                      char ***argv)
{
  const char *localedir = g_getenv ("CABINET_LOCALEDIR");

  gtk_test_init (argc, argv, NULL);
  adw_init ();
  /* As the application does: with LANGUAGE=fr and $CABINET_TEST_SHOTS, a test saves
   * what the French interface looks like (its English assertions then stop it). */
  /* gtk_test_init() chose the C locale; pictures are taken in the environment's. */
  if (g_getenv ("CABINET_TEST_SHOTS"))
    setlocale (LC_ALL, "");
  if (localedir)
    {
      bindtextdomain (GETTEXT_PACKAGE, localedir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  /* Page transitions finish at once, so only one page is ever on screen. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* Cabinet's own icons, which GtkApplication finds under its resource path. */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/cabinetapp/Cabinet/icons");
}

void
cabinet_ui_save_shot (GtkWidget  *widget,
                      const char *name)
{
  const char *dir = g_getenv ("CABINET_TEST_SHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  GskRenderer *renderer;
  int width, height;

  if (dir == NULL)
    return;
  cabinet_ui_settle ();
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  /* A window drawn for the first time has nothing to show until its frame clock
   * has painted once: give it a few frames. */
  for (guint attempt = 0; node == NULL && attempt < 50; attempt++)
    {
      if (attempt > 0)
        {
          gtk_widget_queue_draw (widget);
          g_usleep (10000);
          cabinet_ui_settle ();
        }
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  if (node == NULL)
    {
      g_test_message ("Nothing to save for %s", name);
      return;
    }
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  file = g_strdup_printf ("%s/%s.png", dir, name);
  if (!gdk_texture_save_to_png (texture, file))
    g_test_message ("%s could not be saved", file);
}
