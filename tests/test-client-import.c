/* test-client-import.c — spreadsheets of clients into the preview, each line with
 * its reason; the valid ones into an encrypted database; and one client's data
 * exported as a readable text and as JSON
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "cabinet-client-export.h"
#include "cabinet-client-import.h"
#include "cabinet-client-store.h"
#include "cabinet-money.h"
#include "cabinet-test-utils.h"

static GDate *
fixed_today (void)
{
  return g_date_new_dmy (22, G_DATE_NOVEMBER, 2026);
}

static char *
data_path (const char *name)
{
  const char *dir = g_getenv ("CABINET_TEST_DATA");

  g_assert_nonnull (dir);
  return g_build_filename (dir, "csv", name, NULL);
}

static CabinetClientImport *
import_file (const char  *name,
             GError     **error)
{
  g_autofree char *path = data_path (name);
  g_autofree char *contents = NULL;
  g_autoptr(GDate) today = fixed_today ();
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return cabinet_client_import_new_from_data (contents, length, "EUR", "Europe/Paris", today, error);
}

static CabinetClientImport *
import_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) today = fixed_today ();
  CabinetClientImport *import =
    cabinet_client_import_new_from_data (text, strlen (text), "EUR", "Europe/Paris", today, &error);

  g_assert_no_error (error);
  g_assert_nonnull (import);
  return import;
}

static CabinetClientImportRow *
nth_row (CabinetClientImport *import,
         guint                n)
{
  GListModel *rows = cabinet_client_import_get_rows (import);
  g_autoptr(CabinetClientImportRow) row = g_list_model_get_item (rows, n);

  g_assert_nonnull (row);
  /* The model keeps it alive. */
  return row;
}

static CabinetClient *
nth_client (CabinetClientImport *import,
            guint                n)
{
  CabinetClient *client = cabinet_client_import_row_get_client (nth_row (import, n));

  if (client == NULL)
    g_error ("row %u was left out: %s", n, cabinet_client_import_row_get_message (nth_row (import, n)));
  return client;
}

#define TEXT(client, f) cabinet_client_get_text ((client), CABINET_CLIENT_##f)

static void
test_english_headers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetClientImport) import = import_file ("en-comma.csv", &error);
  CabinetClient *helen, *paul, *sam;

  g_assert_no_error (error);
  g_assert_cmpuint (cabinet_client_import_get_n_valid (import), ==, 3);
  g_assert_cmpuint (cabinet_client_import_get_n_invalid (import), ==, 0);
  g_assert_null (cabinet_client_import_get_notes (import)[0]);

  helen = nth_client (import, 0);
  g_assert_cmpuint (cabinet_client_import_row_get_line (nth_row (import, 0)), ==, 2);
  g_assert_cmpstr (cabinet_client_import_row_get_name (nth_row (import, 0)), ==, "Helen Martin");
  g_assert_null (cabinet_client_import_row_get_message (nth_row (import, 0)));
  g_assert_cmpstr (TEXT (helen, FIRST_NAME), ==, "Helen");
  g_assert_cmpstr (TEXT (helen, LAST_NAME), ==, "Martin");
  g_assert_cmpstr (TEXT (helen, BIRTH_DATE), ==, "1985-03-15");
  g_assert_cmpstr (TEXT (helen, EMAIL), ==, "helen.martin@example.com");
  g_assert_cmpstr (TEXT (helen, PHONE), ==, "+44 20 7946 0958");
  g_assert_cmpstr (TEXT (helen, ADDRESS), ==, "221B Baker Street, Flat 2");
  g_assert_cmpstr (TEXT (helen, CITY), ==, "London");
  g_assert_cmpstr (TEXT (helen, COUNTRY), ==, "United Kingdom");
  g_assert_cmpstr (TEXT (helen, LANGUAGE), ==, "en");
  g_assert_cmpstr (TEXT (helen, MODALITY), ==, "video");
  g_assert_cmpstr (TEXT (helen, STATUS), ==, "active");
  g_assert_cmpstr (TEXT (helen, EMERGENCY_NAME), ==, "John Martin");
  g_assert_cmpstr (TEXT (helen, EMERGENCY_PHONE), ==, "+44 20 7946 0000");
  g_assert_cmpstr (TEXT (helen, REFERRAL_SOURCE), ==, "Dr Watson");
  g_assert_cmpstr (TEXT (helen, TIME_ZONE), ==, "Europe/Paris");
  g_assert_cmpint (cabinet_client_get_fee (helen), ==, 6000);

  paul = nth_client (import, 1);
  g_assert_cmpstr (TEXT (paul, LAST_NAME), ==, "O'Neil");
  g_assert_cmpstr (TEXT (paul, PSEUDONYM), ==, "Paulie");
  g_assert_cmpstr (cabinet_client_import_row_get_name (nth_row (import, 1)), ==, "Paul O'Neil (Paulie)");
  /* DD/MM/YYYY: the French order, whatever the column names' language. */
  g_assert_cmpstr (TEXT (paul, BIRTH_DATE), ==, "1990-11-02");
  g_assert_cmpstr (TEXT (paul, LANGUAGE), ==, "fr");
  g_assert_cmpstr (TEXT (paul, MODALITY), ==, "phone");
  g_assert_cmpstr (TEXT (paul, STATUS), ==, "paused");
  g_assert_cmpstr (TEXT (paul, ADMIN_NOTE), ==, "Prefers \"evening\" sessions, after 6 pm");
  g_assert_cmpint (cabinet_client_get_fee (paul), ==, 7500);

  /* Empty cells keep the defaults of a new client. */
  sam = nth_client (import, 2);
  g_assert_cmpuint (cabinet_client_import_row_get_line (nth_row (import, 2)), ==, 4);
  g_assert_cmpstr (TEXT (sam, LANGUAGE), ==, "fr");
  g_assert_cmpstr (TEXT (sam, STATUS), ==, "active");
  g_assert_cmpint (cabinet_client_get_fee (sam), ==, -1);
}

static void
test_french_headers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetClientImport) import = import_file ("fr-utf8-bom.csv", &error);
  CabinetClient *helene, *zoe, *emile;

  g_assert_no_error (error);
  g_assert_cmpuint (cabinet_client_import_get_n_valid (import), ==, 3);
  g_assert_null (cabinet_client_import_get_notes (import)[0]);

  helene = nth_client (import, 0);
  g_assert_cmpstr (cabinet_client_import_row_get_name (nth_row (import, 0)), ==, "Hélène Martin (Léna)");
  g_assert_cmpstr (TEXT (helene, FIRST_NAME), ==, "Hélène");
  g_assert_cmpstr (TEXT (helene, PSEUDONYM), ==, "Léna");
  g_assert_cmpstr (TEXT (helene, BIRTH_DATE), ==, "1985-03-15");
  g_assert_cmpstr (TEXT (helene, EMAIL), ==, "helene.martin@exemple.fr");
  g_assert_cmpstr (TEXT (helene, ADDRESS), ==, "12 rue des Lilas; bâtiment B\n3e étage");
  g_assert_cmpstr (TEXT (helene, CITY), ==, "75011 Paris");
  g_assert_cmpstr (TEXT (helene, LANGUAGE), ==, "fr");
  g_assert_cmpstr (TEXT (helene, MODALITY), ==, "video");
  g_assert_cmpstr (TEXT (helene, STATUS), ==, "active");
  g_assert_cmpstr (TEXT (helene, EMERGENCY_NAME), ==, "Marc Martin");
  g_assert_cmpstr (TEXT (helene, EMERGENCY_PHONE), ==, "07 98 76 54 32");
  g_assert_cmpstr (TEXT (helene, REFERRAL_SOURCE), ==, "Dr Bernard");
  g_assert_cmpstr (TEXT (helene, ADMIN_NOTE), ==, "Préfère le \"matin\"");
  g_assert_cmpint (cabinet_client_get_fee (helene), ==, 6000);

  /* Hélène's address spans two lines: Zoé is on line 4. */
  zoe = nth_client (import, 1);
  g_assert_cmpuint (cabinet_client_import_row_get_line (nth_row (import, 1)), ==, 4);
  g_assert_cmpstr (TEXT (zoe, BIRTH_DATE), ==, "2001-12-01");
  g_assert_cmpstr (TEXT (zoe, CITY), ==, "Montréal");
  g_assert_cmpstr (TEXT (zoe, LANGUAGE), ==, "en");
  g_assert_cmpstr (TEXT (zoe, MODALITY), ==, "phone");
  g_assert_cmpstr (TEXT (zoe, STATUS), ==, "paused");

  emile = nth_client (import, 2);
  g_assert_cmpuint (cabinet_client_import_row_get_line (nth_row (import, 2)), ==, 5);
  g_assert_cmpstr (TEXT (emile, FIRST_NAME), ==, "Émile");
  g_assert_cmpstr (TEXT (emile, MODALITY), ==, "in-person");
  g_assert_cmpstr (TEXT (emile, STATUS), ==, "closed");
  g_assert_cmpint (cabinet_client_get_fee (emile), ==, 5500);
}

static void
test_windows_1252 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetClientImport) import = import_file ("fr-excel-1252.csv", &error);
  const char * const *notes;
  CabinetClient *francoise, *noel;

  g_assert_no_error (error);
  notes = cabinet_client_import_get_notes (import);
  g_assert_cmpstr (notes[0], ==, "This file uses the older Windows encoding, as Excel does in France; Cabinet converted it. "
                                 "Check that accented letters look right.");
  g_assert_cmpstr (notes[1], ==, "Cabinet does not know this column and leaves it out: “Groupe”.");
  g_assert_null (notes[2]);

  francoise = nth_client (import, 0);
  g_assert_cmpstr (TEXT (francoise, LAST_NAME), ==, "Müller");
  g_assert_cmpstr (TEXT (francoise, FIRST_NAME), ==, "Françoise");
  g_assert_cmpstr (TEXT (francoise, BIRTH_DATE), ==, "1972-07-03");
  g_assert_cmpstr (TEXT (francoise, PHONE), ==, "01 23 45 67 89");
  g_assert_cmpstr (TEXT (francoise, CITY), ==, "Besançon");
  g_assert_cmpint (cabinet_client_get_fee (francoise), ==, 7000);
  noel = nth_client (import, 1);
  g_assert_cmpuint (cabinet_client_import_row_get_line (nth_row (import, 1)), ==, 3);
  g_assert_cmpstr (cabinet_client_import_row_get_name (nth_row (import, 1)), ==, "Noël Œuvray");
  g_assert_cmpstr (TEXT (noel, CITY), ==, "Orléans");
}

/* Every kind of problem, each with its line and its reason in plain words. */
static void
test_problems (void)
{
  static const struct {
    guint       line;
    const char *name;
    gboolean    valid;
    const char *message;
  } expected[] = {
    { 2, "Anne Valid", TRUE, NULL },
    { 3, "Bruno Fewer", FALSE, "This line has 4 cells instead of 7. A separator may be missing, or the line may have been cut in two." },
    { 4, "Carla More", FALSE, "This line has 8 cells instead of 7. A value may contain the separator without quotation marks around it." },
    { 5, "Denis BadDate", FALSE, "The birth date “31/02/1990” does not exist; check the day and the month." },
    { 6, "Eva BadEmail", FALSE, "The e-mail address “eva.example.fr” looks incomplete; it should look like name@example.fr." },
    { 8, "Farid TwoDigitYear", FALSE, "The birth date “12/05/90” has a two-digit year; write the year in full, like 15/03/1985." },
    { 9, "Gina BadPhone", FALSE, "The phone number “06 12 AB” does not look complete; write it like +33 6 12 34 56 78." },
    { 10, "Hugo BadLanguage", FALSE, "The language “Deutsch” is not one Cabinet writes documents in; write French or English." },
    { 11, "Iris", FALSE, "Enter the client’s last name, or the name they prefer to be called by." },
    { 12, "Anne Valid", TRUE, "Same name as on line 2; both will be added." },
    { 13, "Jo Future", FALSE, "The birth date “2090-01-01” is in the future." },
    { 14, "Kim Trailing", TRUE, NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetClientImport) import = import_file ("problems.csv", &error);
  GListModel *rows;
  g_autoptr(GPtrArray) clients = NULL;

  g_assert_no_error (error);
  rows = cabinet_client_import_get_rows (import);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      CabinetClientImportRow *row = nth_row (import, i);

      g_test_message ("line %u", expected[i].line);
      g_assert_cmpuint (cabinet_client_import_row_get_line (row), ==, expected[i].line);
      g_assert_cmpstr (cabinet_client_import_row_get_name (row), ==, expected[i].name);
      g_assert_cmpint (cabinet_client_import_row_get_client (row) != NULL, ==, expected[i].valid);
      g_assert_cmpstr (cabinet_client_import_row_get_message (row), ==, expected[i].message);
    }
  g_assert_cmpuint (cabinet_client_import_get_n_valid (import), ==, 3);
  g_assert_cmpuint (cabinet_client_import_get_n_invalid (import), ==, 9);
  clients = cabinet_client_import_dup_clients (import);
  g_assert_cmpuint (clients->len, ==, 3);
  g_assert_true (g_ptr_array_index (clients, 0) == cabinet_client_import_row_get_client (nth_row (import, 0)));
}

static void
test_more_values (void)
{
  g_autoptr(CabinetClientImport) bad = import_text ("Nom;Statut;Modalité;Tarif;Téléphone d'urgence\n"
                                                    "Martin;annulé;sms;12.345;Maman\n");
  g_autoptr(CabinetClientImport) minor = import_text ("Nom;Prénom;Naissance\nPetit;Léo;01/01/2015\n");

  /* Every problem of a line is listed, in the order of the columns. */
  g_assert_cmpstr (cabinet_client_import_row_get_message (nth_row (bad, 0)), ==,
                   "The status “annulé” is not one Cabinet knows; write active, paused or closed. "
                   "The modality “sms” is not one Cabinet knows; write video, phone, chat, e-mail or in person. "
                   "The fee “12.345” cannot be read: Write the amount with at most 2 decimals. "
                   "The emergency phone number “Maman” does not look complete; write it like +33 6 12 34 56 78.");
  g_assert_cmpstr (cabinet_client_import_row_get_name (nth_row (bad, 0)), ==, "Martin");

  /* A minor with no guardian is added, with a word to the therapist. */
  g_assert_nonnull (cabinet_client_import_row_get_client (nth_row (minor, 0)));
  g_assert_cmpstr (cabinet_client_import_row_get_message (nth_row (minor, 0)), ==,
                   "Under 18, with no guardian recorded: add one once the client is in Cabinet.");
}

static void
test_header_synonyms (void)
{
  g_autoptr(CabinetClientImport) import =
    import_text ("NOM DE FAMILLE,firstname,D.O.B,Mail,Portable,Nom d’usage,Langue,STATUT,Modalité,"
                 "Contact d'urgence,Tél. d'urgence,Adressé par,Honoraires,Remarques,Pays,Ville,CP,Nom,Couleur,\n"
                 "DUPONT,jean,1980-05-06,j@exemple.fr,0611223344,Jeannot,English,Fermé,Chat,"
                 "Marie,0600000000,Annuaire,\"80,50\",rien,France,Lyon,69003,Autre,bleu,\n");
  g_autoptr(CabinetClientImport) full = import_text ("Nom complet;Courriel\nHélène Martin;\n\"Martin, Hélène\";\nCher;\n");
  g_autoptr(CabinetClientImport) reversed = import_text ("Nom Prénom\nMARTIN Hélène\n");
  g_autoptr(CabinetClientImport) pseudonym = import_text ("Pseudonyme\nLéna\n");
  CabinetClient *client = nth_client (import, 0);
  const char * const *notes = cabinet_client_import_get_notes (import);

  g_assert_cmpstr (TEXT (client, LAST_NAME), ==, "DUPONT");
  g_assert_cmpstr (TEXT (client, FIRST_NAME), ==, "jean");
  g_assert_cmpstr (TEXT (client, BIRTH_DATE), ==, "1980-05-06");
  g_assert_cmpstr (TEXT (client, EMAIL), ==, "j@exemple.fr");
  g_assert_cmpstr (TEXT (client, PHONE), ==, "0611223344");
  g_assert_cmpstr (TEXT (client, PSEUDONYM), ==, "Jeannot");
  g_assert_cmpstr (TEXT (client, LANGUAGE), ==, "en");
  g_assert_cmpstr (TEXT (client, STATUS), ==, "closed");
  g_assert_cmpstr (TEXT (client, MODALITY), ==, "chat");
  g_assert_cmpstr (TEXT (client, EMERGENCY_NAME), ==, "Marie");
  g_assert_cmpstr (TEXT (client, EMERGENCY_PHONE), ==, "0600000000");
  g_assert_cmpstr (TEXT (client, REFERRAL_SOURCE), ==, "Annuaire");
  g_assert_cmpstr (TEXT (client, ADMIN_NOTE), ==, "rien");
  g_assert_cmpstr (TEXT (client, COUNTRY), ==, "France");
  g_assert_cmpstr (TEXT (client, CITY), ==, "69003 Lyon");
  g_assert_cmpint (cabinet_client_get_fee (client), ==, 8050);
  /* A second "Nom" repeats "Nom de famille"; an unnamed trailing column is not mentioned. */
  g_assert_cmpstr (notes[0], ==, "Cabinet does not know this column and leaves it out: “Couleur”.");
  g_assert_cmpstr (notes[1], ==, "This column repeats an earlier one and is left out: “Nom”.");
  g_assert_null (notes[2]);

  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpstr (TEXT (nth_client (full, i), FIRST_NAME), ==, "Hélène");
      g_assert_cmpstr (TEXT (nth_client (full, i), LAST_NAME), ==, "Martin");
    }
  /* One word is a last name. */
  g_assert_cmpstr (TEXT (nth_client (full, 2), LAST_NAME), ==, "Cher");
  g_assert_cmpstr (TEXT (nth_client (reversed, 0), LAST_NAME), ==, "MARTIN");
  g_assert_cmpstr (TEXT (nth_client (reversed, 0), FIRST_NAME), ==, "Hélène");
  g_assert_cmpstr (TEXT (nth_client (pseudonym, 0), PSEUDONYM), ==, "Léna");
}

static void
test_dates (void)
{
  static const struct {
    const char *text;
    const char *iso;
  } good[] = {
    { "1985-03-15", "1985-03-15" }, { "15/03/1985", "1985-03-15" }, { "5/3/1985", "1985-03-05" },
    { "15.03.1985", "1985-03-15" }, { "15-03-1985", "1985-03-15" }, { " 15/03/1985 00:00 ", "1985-03-15" },
    { "1985-03-15T00:00:00", "1985-03-15" }, { "1985/3/5", "1985-03-05" }, { "29/02/2000", "2000-02-29" },
    { "22/11/2026", "2026-11-22" },
  };
  static const struct {
    const char *text;
    const char *reason;
  } bad[] = {
    { "15 mars 1985", "The birth date “15 mars 1985” cannot be read; write it like 15/03/1985 or 1985-03-15." },
    { "31122", "The birth date “31122” cannot be read; write it like 15/03/1985 or 1985-03-15." },
    { "15/03/85", "The birth date “15/03/85” has a two-digit year; write the year in full, like 15/03/1985." },
    { "03/15/1985", "The birth date “03/15/1985” does not exist; check the day and the month." },
    { "29/02/2001", "The birth date “29/02/2001” does not exist; check the day and the month." },
    { "1885-01-01", "The birth date “1885-01-01” is before 1900; check the year." },
    { "23/11/2026", "The birth date “23/11/2026” is in the future." },
    { "1985-003-15", "The birth date “1985-003-15” cannot be read; write it like 15/03/1985 or 1985-03-15." },
    { "--", "The birth date “--” cannot be read; write it like 15/03/1985 or 1985-03-15." },
  };
  g_autoptr(GDate) today = fixed_today ();

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *reason = NULL;
      g_autofree char *iso = cabinet_client_import_parse_date (good[i].text, today, &reason);

      g_assert_cmpstr (iso, ==, good[i].iso);
      g_assert_null (reason);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *reason = NULL;
      g_autofree char *iso = cabinet_client_import_parse_date (bad[i].text, today, &reason);

      g_assert_null (iso);
      g_assert_cmpstr (reason, ==, bad[i].reason);
    }
}

static void
test_whole_file_errors (void)
{
  static const struct {
    const char *file;
    GQuark      domain;
    int         code;
    const char *message;
  } cases[] = {
    { "empty.csv", 0, CABINET_CSV_ERROR_EMPTY, "This file is empty." },
    { "binary.csv", 0, CABINET_CSV_ERROR_NOT_TEXT,
      "This file is not a text spreadsheet (CSV). In your spreadsheet, choose “Save As” and the “CSV” format, then import that file." },
    { "truncated-quote.csv", 0, CABINET_CSV_ERROR_UNCLOSED_QUOTE,
      "A quotation mark opened on line 3 is never closed, so the rest of the file cannot be read. Check that line in your spreadsheet." },
    { "header-only.csv", 1, CABINET_CLIENT_IMPORT_ERROR_NO_CLIENTS,
      "This file has the names of the columns, but no clients below them." },
    { "no-name-column.csv", 1, CABINET_CLIENT_IMPORT_ERROR_NO_NAME_COLUMN,
      "Cabinet found no column of names in this file. Its first line must name the columns, "
      "with at least “Last name” or “First name” (in French, “Nom” or “Prénom”)." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CabinetClientImport) import = import_file (cases[i].file, &error);

      g_test_message ("%s", cases[i].file);
      g_assert_null (import);
      g_assert_error (error, (cases[i].domain ? CABINET_CLIENT_IMPORT_ERROR : CABINET_CSV_ERROR), cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* From the file to the encrypted database, and nothing at all when nothing is valid. */
static void
test_into_the_database (void)
{
  g_autofree char *dir = cabinet_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "cabinet.db", NULL);
  g_autoptr(CabinetKey) key = cabinet_key_new_random ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetDatabase) db = cabinet_database_open (path, key, CABINET_DATABASE_CREATE, &error);
  g_autoptr(CabinetClientStore) store = NULL;
  g_autoptr(CabinetClientStore) reopened = NULL;
  g_autoptr(CabinetClientImport) problems = NULL;
  g_autoptr(CabinetClientImport) french = NULL;
  g_autoptr(CabinetClientImport) invalid = NULL;
  g_autoptr(GPtrArray) clients = NULL;
  g_autoptr(GPtrArray) french_clients = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autofree char *before = NULL;
  CabinetClient *stored;

  g_assert_no_error (error);
  store = cabinet_client_store_new (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cabinet_client_store_get_n_all (store), ==, 0);

  problems = import_file ("problems.csv", &error);
  g_assert_no_error (error);
  clients = cabinet_client_import_dup_clients (problems);
  g_assert_true (cabinet_client_store_add_all (store, clients, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cabinet_client_store_get_n_all (store), ==, 3);

  french = import_file ("fr-utf8-bom.csv", &error);
  g_assert_no_error (error);
  french_clients = cabinet_client_import_dup_clients (french);
  g_assert_true (cabinet_client_store_add_all (store, french_clients, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cabinet_client_store_get_n_all (store), ==, 6);
  g_assert_cmpint (cabinet_client_get_id (g_ptr_array_index (french_clients, 0)), >, 0);

  /* What was written is read back from the file. */
  reopened = cabinet_client_store_new (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cabinet_client_store_get_n_all (reopened), ==, 6);
  stored = cabinet_client_store_lookup (reopened, cabinet_client_get_id (g_ptr_array_index (french_clients, 0)));
  g_assert_nonnull (stored);
  g_assert_cmpstr (TEXT (stored, ADDRESS), ==, "12 rue des Lilas; bâtiment B\n3e étage");
  g_assert_cmpstr (TEXT (stored, CITY), ==, "75011 Paris");
  g_assert_cmpint (cabinet_client_get_fee (stored), ==, 6000);

  /* Nothing valid: nothing to add, and the file does not change. */
  invalid = import_file ("all-invalid.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cabinet_client_import_get_n_valid (invalid), ==, 0);
  g_assert_cmpuint (cabinet_client_import_get_n_invalid (invalid), ==, 2);
  g_assert_cmpstr (cabinet_client_import_row_get_message (nth_row (invalid, 0)), ==,
                   "The e-mail address “pas-une-adresse” looks incomplete; it should look like name@example.fr.");
  none = cabinet_client_import_dup_clients (invalid);
  g_assert_cmpuint (none->len, ==, 0);
  before = cabinet_test_file_checksum (path);
  g_assert_true (cabinet_client_store_add_all (store, none, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cabinet_client_store_get_n_all (store), ==, 6);
  {
    g_autofree char *after = cabinet_test_file_checksum (path);
    g_assert_cmpstr (after, ==, before);
  }

  g_clear_object (&reopened);
  g_clear_object (&store);
  cabinet_database_close (db);
  cabinet_test_remove_dir (dir);
}

/* ── Export ──────────────────────────────────────────────────────────────── */

static CabinetClient *
full_client (void)
{
  CabinetClient *client = cabinet_client_new ("America/Montreal");

  cabinet_client_set_text (client, CABINET_CLIENT_FIRST_NAME, "Hélène");
  cabinet_client_set_text (client, CABINET_CLIENT_LAST_NAME, "Martin");
  cabinet_client_set_text (client, CABINET_CLIENT_PSEUDONYM, "Léna");
  cabinet_client_set_text (client, CABINET_CLIENT_BIRTH_DATE, "1985-03-15");
  cabinet_client_set_text (client, CABINET_CLIENT_GUARDIAN_NAME, "Paul Martin");
  cabinet_client_set_text (client, CABINET_CLIENT_GUARDIAN_RELATION, "Père");
  cabinet_client_set_text (client, CABINET_CLIENT_GUARDIAN_PHONE, "+33 6 11 11 11 11");
  cabinet_client_set_text (client, CABINET_CLIENT_GUARDIAN_EMAIL, "paul@exemple.fr");
  cabinet_client_set_text (client, CABINET_CLIENT_EMAIL, "helene@exemple.fr");
  cabinet_client_set_text (client, CABINET_CLIENT_PHONE, "+1 514 555 0199");
  cabinet_client_set_text (client, CABINET_CLIENT_ADDRESS, "12 rue des Lilas\nBâtiment \"B\" \\ 3e");
  cabinet_client_set_text (client, CABINET_CLIENT_CITY, "Montréal");
  cabinet_client_set_text (client, CABINET_CLIENT_COUNTRY, "Canada");
  cabinet_client_set_text (client, CABINET_CLIENT_LANGUAGE, "en");
  cabinet_client_set_text (client, CABINET_CLIENT_MODALITY, "phone");
  cabinet_client_set_text (client, CABINET_CLIENT_IN_PERSON_NEARBY, "yes");
  cabinet_client_set_text (client, CABINET_CLIENT_EMERGENCY_NAME, "Marc Martin");
  cabinet_client_set_text (client, CABINET_CLIENT_EMERGENCY_RELATION, "Frère");
  cabinet_client_set_text (client, CABINET_CLIENT_EMERGENCY_PHONE, "+1 514 555 0100");
  cabinet_client_set_text (client, CABINET_CLIENT_LOCAL_EMERGENCY_NUMBER, "911");
  cabinet_client_set_text (client, CABINET_CLIENT_REFERRAL_SOURCE, "Dr Bernard");
  cabinet_client_set_text (client, CABINET_CLIENT_STATUS, "paused");
  cabinet_client_set_text (client, CABINET_CLIENT_ADMIN_NOTE, "Paie par virement");
  cabinet_client_set_text (client, CABINET_CLIENT_RECEIPT_NAME, "reference");
  cabinet_client_set_text (client, CABINET_CLIENT_MON_SOUTIEN_PSY, "yes");
  cabinet_client_set_fee (client, 6500);
  return client;
}

/* How the text shows each value of full_client(). */
static const char *
shown_value (CabinetClientField field,
             const char        *value)
{
  switch (field)
    {
    case CABINET_CLIENT_BIRTH_DATE: return "15 March 1985";
    case CABINET_CLIENT_LANGUAGE: return "English";
    case CABINET_CLIENT_MODALITY: return "Phone";
    case CABINET_CLIENT_IN_PERSON_NEARBY: return "Yes";
    case CABINET_CLIENT_STATUS: return "Paused";
    case CABINET_CLIENT_RECEIPT_NAME: return "Their reference, not their name";
    case CABINET_CLIENT_MON_SOUTIEN_PSY: return "Yes";
    case CABINET_CLIENT_ADDRESS: return "12 rue des Lilas\n    Bâtiment \"B\" \\ 3e";
    default: return value;
    }
}

static void
test_export_text (void)
{
  g_autoptr(CabinetClient) client = full_client ();
  g_autoptr(CabinetClient) empty = cabinet_client_new ("Europe/Paris");
  g_autoptr(CabinetPractitioner) practitioner = cabinet_test_practitioner ("Anne Dupont");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = cabinet_client_export_text (client, practitioner, &error);
  g_autofree char *bare = NULL;
  g_autofree char *fee = cabinet_money_format (6500, "EUR");
  g_autofree char *fee_line = g_strdup_printf ("Fee per session: %s\n", fee);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%e %B %Y");
  static const char *headings[] = {
    "\nIdentity\n────────\n", "\nContact\n───────\n", "\nOnline frame\n────────────\n",
    "\nSafety\n──────\n", "\nAdministration\n──────────────\n",
  };

  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_true (g_str_has_prefix (text, "Client data: Hélène Martin (Léna)\nExported from Cabinet on "));
  g_assert_nonnull (strstr (text, g_strstrip (today)));
  g_assert_nonnull (strstr (text, "\nPractitioner: Anne Dupont, Psychologue clinicienne, ADELI 759312345, cabinet@example.fr\n"));
  for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
    g_assert_nonnull (strstr (text, headings[i]));

  for (guint f = 0; f < CABINET_CLIENT_N_TEXT_FIELDS; f++)
    {
      g_autofree char *line = g_strdup_printf ("\n  %s: %s\n", cabinet_client_export_field_label (f),
                                               shown_value (f, cabinet_client_get_text (client, f)));

      g_test_message ("%s", cabinet_client_export_field_label (f));
      g_assert_nonnull (strstr (text, line));
    }
  g_assert_nonnull (strstr (text, fee_line));
  g_assert_true (g_str_has_suffix (text, "\nConsent forms are exported one by one, as the PDF given to the client, from the client’s page. Sessions and payments will be included here once Cabinet keeps them.\n"));
  /* The order of the record: identity before contact, safety before administration. */
  g_assert_true (strstr (text, "Date of birth:") < strstr (text, "E-mail:"));
  g_assert_true (strstr (text, "Emergency contact:") < strstr (text, "Status:"));

  /* No practitioner, nothing filled in: every label still there, with a dash. */
  bare = cabinet_client_export_text (empty, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (bare, "Practitioner:"));
  g_assert_nonnull (strstr (bare, "\n  E-mail: —\n"));
  g_assert_nonnull (strstr (bare, "\n  Fee per session: The practice’s usual fee\n"));
}

static void
test_export_json (void)
{
  g_autoptr(CabinetClient) client = full_client ();
  g_autoptr(CabinetPractitioner) practitioner = cabinet_test_practitioner ("Anne Dupont");
  g_autoptr(GError) error = NULL;
  g_autofree char *json = cabinet_client_export_json (client, practitioner, &error);
  g_autofree char *bare_json = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) python = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) values = NULL;

  g_assert_no_error (error);
  /* Python reads it and prints the client's fields, in the order asked. */
  g_ptr_array_add (argv, "python3");
  g_ptr_array_add (argv, "-c");
  g_ptr_array_add (argv,
                   "import json, sys\n"
                   "d = json.load(sys.stdin)\n"
                   "assert d['format'] == 'cabinet-client-data' and d['version'] == 1, d\n"
                   "assert d['exported_at'].endswith('Z')\n"
                   "assert d['client']['fee_minor'] == 6500 and d['client']['currency'] == 'EUR'\n"
                   "assert d['client']['id'] == 0\n"
                   "assert d['practitioner'] is None or d['practitioner']['full_name'] == 'Anne Dupont'\n"
                   "assert d['not_yet_kept'] == ['sessions', 'payments']\n"
                   "sys.stdout.write('\\x1e'.join(d['client'][k] for k in sys.argv[1:]))\n");
  for (guint f = 0; f < CABINET_CLIENT_N_TEXT_FIELDS; f++)
    g_ptr_array_add (argv, (gpointer) cabinet_client_field_name (f));
  g_ptr_array_add (argv, NULL);

  python = g_subprocess_newv ((const char * const *) argv->pdata,
                              G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (python, json, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (python));
  values = g_strsplit (out, "\x1e", -1);
  g_assert_cmpuint (g_strv_length (values), ==, CABINET_CLIENT_N_TEXT_FIELDS);
  for (guint f = 0; f < CABINET_CLIENT_N_TEXT_FIELDS; f++)
    g_assert_cmpstr (values[f], ==, cabinet_client_get_text (client, f));

  /* Without a practitioner, "practitioner" is null and the rest still reads. */
  bare_json = cabinet_client_export_json (client, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (bare_json, "\"practitioner\": null,"));
  g_clear_object (&python);
  g_clear_pointer (&out, g_free);
  python = g_subprocess_newv ((const char * const *) argv->pdata,
                              G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (python, bare_json, NULL, &out, NULL, &error));
  g_assert_true (g_subprocess_get_successful (python));
}

static void
test_export_file_name (void)
{
  g_autoptr(CabinetClient) client = full_client ();
  g_autoptr(GDateTime) when = g_date_time_new_local (2026, 11, 22, 9, 30, 0);
  g_autofree char *text_name = cabinet_client_export_file_name (client, when, "txt");
  g_autofree char *json_name = NULL;

  g_assert_cmpstr (text_name, ==, "Client data - Hélène Martin (Léna) - 2026-11-22.txt");
  /* A name is never a path. */
  cabinet_client_set_text (client, CABINET_CLIENT_PSEUDONYM, "../A/B");
  json_name = cabinet_client_export_file_name (client, when, "json");
  g_assert_cmpstr (json_name, ==, "Client data - Hélène Martin (..-A-B) - 2026-11-22.json");
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/client-import/english-headers", test_english_headers);
  g_test_add_func ("/client-import/french-headers", test_french_headers);
  g_test_add_func ("/client-import/windows-1252", test_windows_1252);
  g_test_add_func ("/client-import/problems", test_problems);
  g_test_add_func ("/client-import/more-values", test_more_values);
  g_test_add_func ("/client-import/header-synonyms", test_header_synonyms);
  g_test_add_func ("/client-import/dates", test_dates);
  g_test_add_func ("/client-import/whole-file-errors", test_whole_file_errors);
  g_test_add_func ("/client-import/into-the-database", test_into_the_database);
  g_test_add_func ("/client-export/text", test_export_text);
  g_test_add_func ("/client-export/json", test_export_json);
  g_test_add_func ("/client-export/file-name", test_export_file_name);
  return g_test_run ();
}
