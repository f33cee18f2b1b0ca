/* main.c — Cabinet's entry point
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "cabinet-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CabinetApplication) app = NULL;

  const char *localedir = g_getenv ("CABINET_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* CABINET_LOCALEDIR lets an uninstalled build (quick start, tests) find the
   * catalogues compiled in its build folder. */
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = cabinet_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
