/* test-gdpr.c — the GDPR records: the record of processing written from the
 * profile in French and English, and the breach log with its 72 hours: bad
 * input refused with a message, the deadline, the decisions, and the rows read
 * back after the database is opened again
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cabinet-breach-log.h"
#include "cabinet-gdpr-record.h"
#include "cabinet-test-utils.h"

typedef struct {
  char             *dir;
  char             *path;
  CabinetKey       *key;
  CabinetDatabase  *db;
  CabinetBreachLog *log;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->db = cabinet_test_create_database (&f->dir, &f->path, &f->key);
  f->log = cabinet_breach_log_new (f->db, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->log);
  cabinet_database_close (f->db);
  g_clear_object (&f->db);
  cabinet_test_remove_database (f->dir, f->path, f->key);
}

/* The record's text, read back as a reader would. */
static char *
render_record (CabinetPractitioner *practitioner,
               const char          *language)
{
  g_autoptr(GDate) today = g_date_new_dmy (22, G_DATE_NOVEMBER, 2026);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = cabinet_gdpr_record_render (practitioner, 25, language, today, &error);
  g_autoptr(GObject) document = NULL;

  g_assert_no_error (error);
  document = G_OBJECT (cabinet_test_open_pdf (pdf));
  cabinet_test_assert_inside_pages (POPPLER_DOCUMENT (document), 20);
  return cabinet_test_pdf_text (POPPLER_DOCUMENT (document));
}

static void
assert_mentions (const char         *text,
                 const char * const *expected)
{
  for (guint i = 0; expected[i]; i++)
    if (!cabinet_test_contains_words (text, expected[i]))
      g_error ("“%s” is not in the record:\n%s", expected[i], text);
}

/* Who the controller is, the one activity and its legal bases, the retention
 * periods as set, the security measures; in each language; nothing of any
 * client. */
static void
test_record (void)
{
  g_autoptr(CabinetPractitioner) practitioner = cabinet_test_practitioner ("Claire Dubois");
  const char * const french[] = {
    "Registre des activités de traitement", "Article 30 du règlement général sur la protection des données",
    "Établi le 22 novembre 2026", "Responsable du traitement", "Claire Dubois", "Psychologue clinicienne",
    "12 rue des Lilas 75011 Paris", "Courriel : cabinet@example.fr", "RPPS : 10101234567",
    "ADELI : 759312345", "Suivi des patients / clients en psychothérapie en ligne",
    "art. 6-1-b", "art. 6-1-c", "art. 9-2-h", "représentants légaux", "personnes à prévenir en cas d’urgence",
    "l’expert-comptable", "Mon soutien psy", "(Jitsi)", "25 ans après la dernière séance",
    "25 ans après ses dix-huit ans", "6 ans (Livre des procédures fiscales, art. L102 B)",
    "registre des violations", "SQLCipher (AES-256)", "trousseau", "chiffrement du disque",
    "verrouillage de l’écran", "l’âge du matériel", "Sur cet ordinateur, dans la base de données chiffrée",
    "au moins une fois par an", NULL
  };
  const char * const english[] = {
    "Record of processing activities", "Prepared on 22 November 2026", "Controller", "Claire Dubois",
    "E-mail: cabinet@example.fr", "Follow-up of patients / clients in online psychotherapy",
    "art. 6(1)(b)", "art. 6(1)(c)", "art. 9(2)(h)", "legal guardians", "emergency contacts",
    "the accountant", "Assurance maladie", "(Jitsi)", "25 years after the last session",
    "6 years (French Livre des procédures fiscales, art. L102 B)", "breach log: kept",
    "SQLCipher (AES-256)", "keyring", "disk encryption", "screen lock", "On this computer",
    "at least once a year", NULL
  };

  cabinet_practitioner_set_text (practitioner, CABINET_PRACTITIONER_ADDRESS, "12 rue des Lilas 75011 Paris");
  cabinet_practitioner_set_text (practitioner, CABINET_PRACTITIONER_RPPS, "10101234567");
  for (guint l = 0; l < 2; l++)
    {
      g_autofree char *text = render_record (practitioner, l == 0 ? "fr" : "en");

      assert_mentions (text, l == 0 ? french : english);
      /* Written from the profile alone: the only address in it is the
       * practitioner's, and no client is named. */
      g_assert_null (strstr (strchr (text, '@') + 1, "@"));
      g_assert_null (strstr (text, "Jeanne"));
    }

  /* Without a video platform or chat service, the practitioner is asked to
   * check whatever they use. */
  cabinet_practitioner_set_text (practitioner, CABINET_PRACTITIONER_VIDEO_PLATFORM, "");
  {
    g_autofree char *text = render_record (practitioner, "fr");
    const char * const none[] = { "Aucun par Cabinet", "tout service de visioconférence ou de messagerie", NULL };

    assert_mentions (text, none);
    g_assert_null (strstr (text, "Jitsi"));
  }
}

static const char * const stolen[] = {
  "  Ordinateur portable volé dans le train.  ", "Dossiers de 40 clients", "Aucune : disque chiffré",
  "Plainte déposée", NULL
};

static GDateTime *
hours_ago (int hours)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_add_hours (now, -hours);
}

/* Recorded with its texts cleaned, in one audited transaction; due 72 hours
 * after it was noticed, and awaiting a decision until then. */
static void
test_breach_add (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GDateTime) noticed = hours_ago (10);
  g_autoptr(GDateTime) deadline = NULL;
  g_autoptr(CabinetBreach) breach = NULL;
  g_autoptr(CabinetBreach) listed = NULL;
  g_autoptr(GListModel) pending = NULL;
  g_autoptr(GError) error = NULL;

  breach = cabinet_breach_log_add (f->log, noticed, stolen, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cabinet_breach_get_id (breach), >, 0);
  g_assert_cmpstr (cabinet_breach_get_text (breach, CABINET_BREACH_DESCRIPTION), ==,
                   "Ordinateur portable volé dans le train.");
  g_assert_cmpstr (cabinet_breach_get_text (breach, CABINET_BREACH_MEASURES), ==, "Plainte déposée");
  g_assert_true (cabinet_breach_is_pending (breach));

  deadline = cabinet_breach_deadline (breach);
  g_assert_cmpint (g_date_time_difference (deadline, cabinet_breach_get_noticed_at (breach)), ==,
                   72 * G_TIME_SPAN_HOUR);
  /* Kept to the millisecond, as every timestamp. */
  g_assert_cmpint (g_date_time_difference (noticed, cabinet_breach_get_noticed_at (breach)), <,
                   G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (cabinet_breach_remaining (breach, cabinet_breach_get_noticed_at (breach)), ==,
                   72 * G_TIME_SPAN_HOUR);
  {
    g_autoptr(GDateTime) later = g_date_time_add_hours (deadline, 1);

    g_assert_cmpint (cabinet_breach_remaining (breach, later), ==, -G_TIME_SPAN_HOUR);
  }

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->log)), ==, 1);
  listed = g_list_model_get_item (G_LIST_MODEL (f->log), 0);
  g_assert_true (listed == breach);
  pending = cabinet_breach_log_list_pending (f->log);
  g_assert_cmpuint (g_list_model_get_n_items (pending), ==, 1);

  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count (*) FROM breaches"), ==, 1);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count (*) FROM audit_log WHERE action = 'breach-recorded'"
                                                  " AND object_type = 'breach'"), ==, 1);
}

/* Each refusal says what to fix, and leaves the log as it was. */
static void
test_breach_invalid (Fixture       *f,
                     gconstpointer  data)
{
  const char * const blank[] = { "   ", "Dossiers", NULL, NULL, NULL };
  g_autoptr(GDateTime) noticed = hours_ago (2);
  g_autoptr(GDateTime) future = hours_ago (-1);
  g_autoptr(GDateTime) before = hours_ago (3);
  g_autoptr(CabinetBreach) breach = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (cabinet_breach_log_add (f->log, noticed, blank, &error));
  g_assert_error (error, CABINET_BREACH_ERROR, CABINET_BREACH_ERROR_NO_DESCRIPTION);
  g_assert_cmpstr (error->message, ==, "Describe what happened: the description of the breach is required.");
  g_clear_error (&error);

  g_assert_null (cabinet_breach_log_add (f->log, future, stolen, &error));
  g_assert_error (error, CABINET_BREACH_ERROR, CABINET_BREACH_ERROR_IN_FUTURE);
  g_assert_cmpstr (error->message, ==, "The breach cannot have been noticed later than now.");
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->log)), ==, 0);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count (*) FROM breaches"), ==, 0);

  breach = cabinet_breach_log_add (f->log, noticed, stolen, &error);
  g_assert_no_error (error);

  g_assert_false (cabinet_breach_log_update (f->log, breach, blank, &error));
  g_assert_error (error, CABINET_BREACH_ERROR, CABINET_BREACH_ERROR_NO_DESCRIPTION);
  g_clear_error (&error);
  g_assert_cmpstr (cabinet_breach_get_text (breach, CABINET_BREACH_DATA_CONCERNED), ==, "Dossiers de 40 clients");

  g_assert_false (cabinet_breach_log_set_notified (f->log, breach, future, &error));
  g_assert_error (error, CABINET_BREACH_ERROR, CABINET_BREACH_ERROR_IN_FUTURE);
  g_assert_cmpstr (error->message, ==, "The CNIL cannot have been notified later than now.");
  g_clear_error (&error);
  g_assert_false (cabinet_breach_log_set_notified (f->log, breach, before, &error));
  g_assert_error (error, CABINET_BREACH_ERROR, CABINET_BREACH_ERROR_BEFORE_NOTICED);
  g_assert_cmpstr (error->message, ==, "The CNIL cannot have been notified before the breach was noticed.");
  g_clear_error (&error);
  g_assert_false (cabinet_breach_log_set_not_notified (f->log, breach, " \n ", &error));
  g_assert_error (error, CABINET_BREACH_ERROR, CABINET_BREACH_ERROR_NO_REASON);
  g_assert_cmpstr (error->message, ==, "Say why the CNIL is not notified: the reason is kept in the log.");
  g_clear_error (&error);

  g_assert_true (cabinet_breach_is_pending (breach));
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count (*) FROM breaches WHERE notified_at IS NULL"
                                                  " AND not_notified_reason = ''"), ==, 1);
}

static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               guint      *changes)
{
  (*changes)++;
}

/* The latest noticed first; a decision taken, once, takes the breach off the
 * pending list; its texts can still be completed. */
static void
test_breach_decide (Fixture       *f,
                    gconstpointer  data)
{
  const char * const lost[] = { "Clé USB perdue", NULL, NULL, NULL };
  const char * const completed[] = { "Clé USB perdue", "Un export CSV des séances", NULL, "Clé chiffrée", NULL };
  g_autoptr(GDateTime) first_noticed = hours_ago (100);
  g_autoptr(GDateTime) second_noticed = hours_ago (5);
  g_autoptr(GDateTime) notified = hours_ago (1);
  g_autoptr(CabinetBreach) first = NULL;
  g_autoptr(CabinetBreach) second = NULL;
  g_autoptr(CabinetBreach) top = NULL;
  g_autoptr(GListModel) pending = NULL;
  g_autoptr(CabinetBreach) most_urgent = NULL;
  g_autoptr(GError) error = NULL;
  guint changes = 0;

  first = cabinet_breach_log_add (f->log, first_noticed, stolen, &error);
  g_assert_no_error (error);
  second = cabinet_breach_log_add (f->log, second_noticed, lost, &error);
  g_assert_no_error (error);
  top = g_list_model_get_item (G_LIST_MODEL (f->log), 0);
  g_assert_true (top == second);

  /* Both await a decision, the one noticed first more urgently: it is late. */
  pending = cabinet_breach_log_list_pending (f->log);
  g_assert_cmpuint (g_list_model_get_n_items (pending), ==, 2);
  most_urgent = g_list_model_get_item (pending, 0);
  g_assert_true (most_urgent == first);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    g_assert_cmpint (cabinet_breach_remaining (first, now), <, 0);
    g_assert_cmpint (cabinet_breach_remaining (second, now), >, 0);
  }
  g_clear_object (&pending);

  g_signal_connect (f->log, "items-changed", G_CALLBACK (count_changes), &changes);
  g_assert_true (cabinet_breach_log_set_notified (f->log, first, notified, &error));
  g_assert_no_error (error);
  g_assert_false (cabinet_breach_is_pending (first));
  g_assert_cmpint (g_date_time_difference (notified, cabinet_breach_get_notified_at (first)), <,
                   G_TIME_SPAN_MILLISECOND);
  g_assert_true (cabinet_breach_log_set_not_notified (f->log, second, "  Clé chiffrée, mot de passe non perdu. ",
                                                      &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cabinet_breach_get_not_notified_reason (second), ==, "Clé chiffrée, mot de passe non perdu.");
  g_assert_cmpuint (changes, ==, 2);

  pending = cabinet_breach_log_list_pending (f->log);
  g_assert_cmpuint (g_list_model_get_n_items (pending), ==, 0);

  /* What was decided stays. */
  g_assert_false (cabinet_breach_log_set_not_notified (f->log, first, "Finalement non", &error));
  g_assert_error (error, CABINET_BREACH_ERROR, CABINET_BREACH_ERROR_DECIDED);
  g_clear_error (&error);
  g_assert_false (cabinet_breach_log_set_notified (f->log, second, notified, &error));
  g_assert_error (error, CABINET_BREACH_ERROR, CABINET_BREACH_ERROR_DECIDED);
  g_clear_error (&error);

  g_assert_true (cabinet_breach_log_update (f->log, second, completed, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cabinet_breach_get_text (second, CABINET_BREACH_DATA_CONCERNED), ==, "Un export CSV des séances");
  g_assert_cmpstr (cabinet_breach_get_text (second, CABINET_BREACH_CONSEQUENCES), ==, "");
  g_assert_cmpuint (changes, ==, 3);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count (*) FROM audit_log WHERE action IN"
                                                  " ('breach-notified', 'breach-not-notified', 'breach-edited')"),
                   ==, 3);
}

/* Everything is in the database: opened again with the key, the log reads the
 * same breaches, to the millisecond. */
static void
test_breach_reopen (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GDateTime) noticed = hours_ago (30);
  g_autoptr(GDateTime) notified = hours_ago (2);
  g_autoptr(CabinetBreach) breach = NULL;
  g_autoptr(CabinetBreach) read = NULL;
  g_autoptr(GError) error = NULL;

  breach = cabinet_breach_log_add (f->log, noticed, stolen, &error);
  g_assert_no_error (error);
  cabinet_breach_log_set_notified (f->log, breach, notified, &error);
  g_assert_no_error (error);

  g_clear_object (&f->log);
  cabinet_database_close (f->db);
  g_clear_object (&f->db);
  f->db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  f->log = cabinet_breach_log_new (f->db, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->log)), ==, 1);
  read = g_list_model_get_item (G_LIST_MODEL (f->log), 0);
  g_assert_cmpint (cabinet_breach_get_id (read), ==, cabinet_breach_get_id (breach));
  g_assert_true (g_date_time_equal (cabinet_breach_get_noticed_at (read), cabinet_breach_get_noticed_at (breach)));
  g_assert_true (g_date_time_equal (cabinet_breach_get_notified_at (read), cabinet_breach_get_notified_at (breach)));
  for (guint i = 0; i < CABINET_BREACH_N_TEXT_FIELDS; i++)
    g_assert_cmpstr (cabinet_breach_get_text (read, i), ==, cabinet_breach_get_text (breach, i));
  g_assert_false (cabinet_breach_is_pending (read));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gdpr/record", test_record);
#define ADD(name, func) g_test_add ("/gdpr/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("breach-add", test_breach_add);
  ADD ("breach-invalid", test_breach_invalid);
  ADD ("breach-decide", test_breach_decide);
  ADD ("breach-reopen", test_breach_reopen);
#undef ADD

  return g_test_run ();
}
