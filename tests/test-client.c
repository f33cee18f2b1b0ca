/* test-client.c — the client record, its validation, the store's search, order,
 * filter and writes, and an erasure that leaves nothing in the file
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

#include "cabinet-check-env.h"
#include "cabinet-client-store.h"
#include "cabinet-client.h"
#include "cabinet-retention.h"
#include "cabinet-test-utils.h"

#define ZONE "Europe/Paris"

typedef struct {
  char               *dir;
  char               *path;
  CabinetKey         *key;
  CabinetDatabase    *db;
  CabinetClientStore *store;
  GPtrArray          *mirror;   /* the model as items-changed described it */
  guint               n_changes;
} Fixture;

/* Applies each items-changed to a copy of the list, so that the tests can check the
 * signals told the truth: a view only knows what they say. */
static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  g_assert_cmpuint (position + removed, <=, f->mirror->len);
  g_ptr_array_remove_range (f->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (f->mirror, position + i, g_list_model_get_item (model, position + i));
  g_assert_cmpuint (f->mirror->len, ==, g_list_model_get_n_items (model));
  f->n_changes++;
}

static void
assert_mirror (Fixture *f)
{
  GListModel *model = G_LIST_MODEL (f->store);

  g_assert_cmpuint (f->mirror->len, ==, g_list_model_get_n_items (model));
  for (guint i = 0; i < f->mirror->len; i++)
    {
      g_autoptr(CabinetClient) item = g_list_model_get_item (model, i);
      g_assert_true (item == g_ptr_array_index (f->mirror, i));
    }
}

static void
open_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->store = cabinet_client_store_new (f->db, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);

  f->mirror = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (f->store)); i++)
    g_ptr_array_add (f->mirror, g_list_model_get_item (G_LIST_MODEL (f->store), i));
  g_signal_connect (f->store, "items-changed", G_CALLBACK (on_items_changed), f);
  f->n_changes = 0;
}

static void
close_store (Fixture *f)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->mirror, g_ptr_array_unref);
}

/* Closing checkpoints the WAL into the file: what a reopened database reads. */
static void
reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  close_store (f);
  cabinet_database_close (f->db);
  g_clear_object (&f->db);
  f->db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  open_store (f);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = cabinet_test_make_dir ();
  f->path = g_build_filename (f->dir, "cabinet.db", NULL);
  f->key = cabinet_key_new_random ();
  f->db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_CREATE, &error);
  g_assert_no_error (error);
  open_store (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  close_store (f);
  if (f->db)
    cabinet_database_close (f->db);
  g_clear_object (&f->db);
  cabinet_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
  cabinet_key_free (f->key);
}

static CabinetClient *
make_client (const char *first,
             const char *last)
{
  CabinetClient *client = cabinet_client_new (ZONE);

  cabinet_client_set_text (client, CABINET_CLIENT_FIRST_NAME, first);
  cabinet_client_set_text (client, CABINET_CLIENT_LAST_NAME, last);
  return client;
}

static CabinetClient *
save_new (Fixture    *f,
          const char *first,
          const char *last)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetClient) client = make_client (first, last);

  g_assert_true (cabinet_client_store_save (f->store, client, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cabinet_client_get_id (client), >, 0);
  /* Owned by the store from now on. */
  return cabinet_client_store_lookup (f->store, cabinet_client_get_id (client));
}


static gint64
count_audit (CabinetDatabase *db,
             const char      *action,
             gint64           id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit_log WHERE action = '%s' "
                                          "AND object_type = 'client' AND object_id = %" G_GINT64_FORMAT,
                                          action, id);
  return cabinet_test_query_int (db, sql);
}

/* The visible clients' last names, joined with '|'. */
static char *
visible_names (CabinetClientStore *store)
{
  GListModel *model = G_LIST_MODEL (store);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CabinetClient) client = g_list_model_get_item (model, i);

      if (i > 0)
        g_string_append_c (out, '|');
      g_string_append (out, cabinet_client_get_text (client, CABINET_CLIENT_LAST_NAME));
    }
  return g_string_free (out, FALSE);
}

static void
assert_search (Fixture    *f,
               const char *query,
               const char *expected)
{
  g_autofree char *names = NULL;

  cabinet_client_store_search (f->store, query);
  names = visible_names (f->store);
  if (g_strcmp0 (names, expected) != 0)
    g_error ("search “%s”: expected “%s”, got “%s”", query, expected, names);
  assert_mirror (f);
}

/* The store the window uses reads a client alone when Today asks for one, and
 * the whole list only when something lists: the same object either way, in its
 * place, and a write on a store not yet listed lands in a whole list. */
static void
test_lazy (Fixture *f, gconstpointer data)
{
  g_autoptr(CabinetClientStore) lazy = NULL;
  g_autoptr(CabinetClient) newcomer = make_client ("Zoé", "Aubry");
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  CabinetClient *early, *erased;
  gint64 martin_id, erased_id;

  save_new (f, "Louise", "Perrin");
  martin_id = cabinet_client_get_id (save_new (f, "Jeanne", "Martin"));
  save_new (f, "Anna", "Bernard");
  erased = save_new (f, "Paul", "Dupuis");
  erased_id = cabinet_client_get_id (erased);
  g_assert_true (cabinet_client_store_erase (f->store, erased, "Paul Dupuis", &error));
  g_assert_no_error (error);

  lazy = cabinet_client_store_new_lazy (f->db);
  early = cabinet_client_store_lookup (lazy, martin_id);
  g_assert_nonnull (early);
  g_assert_cmpstr (cabinet_client_get_text (early, CABINET_CLIENT_FIRST_NAME), ==, "Jeanne");
  g_assert_true (cabinet_client_store_lookup (lazy, martin_id) == early);
  /* Erased, or never there: no one. */
  g_assert_null (cabinet_client_store_lookup (lazy, erased_id));
  g_assert_null (cabinet_client_store_lookup (lazy, 999999));
  /* The list is read only when listed: a client saved since is in it. */
  save_new (f, "Nina", "Roux");

  /* Listed: all four, in order, the one looked up among them as it was. */
  names = visible_names (lazy);
  g_assert_cmpstr (names, ==, "Bernard|Martin|Perrin|Roux");
  g_assert_cmpuint (cabinet_client_store_get_n_all (lazy), ==, 4);
  g_assert_true (cabinet_client_store_lookup (lazy, martin_id) == early);
  g_assert_true (cabinet_client_store_load (lazy, &error));
  g_assert_no_error (error);

  /* A client added to a store that was never listed takes its place in the whole list. */
  g_clear_object (&lazy);
  lazy = cabinet_client_store_new_lazy (f->db);
  g_assert_nonnull (cabinet_client_store_lookup (lazy, martin_id));
  g_assert_true (cabinet_client_store_save (lazy, newcomer, &error));
  g_assert_no_error (error);
  g_clear_pointer (&names, g_free);
  names = visible_names (lazy);
  g_assert_cmpstr (names, ==, "Aubry|Bernard|Martin|Perrin|Roux");
}

static GDate *
date (const char *iso)
{
  GDate *d = cabinet_parse_iso_date (iso);

  g_assert_nonnull (d);
  return d;
}

/* The record */

static void
test_defaults (void)
{
  g_autoptr(CabinetClient) client = cabinet_client_new ("America/Toronto");
  g_autoptr(GHashTable) issues = cabinet_client_validate (client, NULL);

  g_assert_cmpint (cabinet_client_get_id (client), ==, 0);
  g_assert_cmpint (cabinet_client_get_fee (client), ==, -1);
  g_assert_cmpstr (cabinet_client_get_text (client, CABINET_CLIENT_TIME_ZONE), ==, "America/Toronto");
  g_assert_cmpstr (cabinet_client_get_text (client, CABINET_CLIENT_STATUS), ==, "active");
  g_assert_cmpstr (cabinet_client_get_text (client, CABINET_CLIENT_LANGUAGE), ==, "fr");
  g_assert_cmpstr (cabinet_client_get_text (client, CABINET_CLIENT_MODALITY), ==, "video");
  g_assert_cmpstr (cabinet_client_get_text (client, CABINET_CLIENT_IN_PERSON_NEARBY), ==, "unknown");
  g_assert_null (cabinet_client_get_created_at (client));

  /* Only a name is missing. */
  g_assert_nonnull (issues);
  g_assert_cmpuint (g_hash_table_size (issues), ==, 1);
  g_assert_true (g_hash_table_contains (issues, "last_name"));

  /* Each text field is a property, for the editor to bind. */
  for (guint i = 0; i < CABINET_CLIENT_N_TEXT_FIELDS; i++)
    {
      g_autofree char *name = g_strdelimit (g_strdup (cabinet_client_field_name (i)), "_", '-');
      g_assert_nonnull (g_object_class_find_property (G_OBJECT_GET_CLASS (client), name));
    }
}

static void
test_fold (void)
{
  struct { const char *in, *out; } cases[] = {
    { "Hélène", "helene" },
    { "He\xcc\x81le\xcc\x80ne", "helene" },   /* decomposed */
    { "ŒUVRE", "oeuvre" },
    { "Lætitia", "laetitia" },
    { "Straße", "strasse" },
    { "Søren Łukasz Đặng", "soren lukasz dang" },
    { "  Jean \t  Pierre\n", "jean pierre" },
    { "O’Brien", "o'brien" },
    { "ÇA", "ca" },
    { "ﬁ", "fi" },
    { "Анна", "анна" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = cabinet_client_fold (cases[i].in);
      g_assert_cmpstr (folded, ==, cases[i].out);
    }
}

static void
test_display_name (void)
{
  g_autoptr(CabinetClient) client = make_client ("Hélène", "Martin");
  g_autofree char *plain = cabinet_client_dup_display_name (client);
  g_autofree char *with_pseudonym = NULL;
  g_autofree char *only_pseudonym = NULL;
  g_autofree char *property = NULL;

  g_assert_cmpstr (plain, ==, "Hélène Martin");
  cabinet_client_set_text (client, CABINET_CLIENT_PSEUDONYM, "Léna");
  with_pseudonym = cabinet_client_dup_display_name (client);
  g_assert_cmpstr (with_pseudonym, ==, "Hélène Martin (Léna)");
  g_object_get (client, "display-name", &property, NULL);
  g_assert_cmpstr (property, ==, "Hélène Martin (Léna)");
  cabinet_client_set_text (client, CABINET_CLIENT_FIRST_NAME, NULL);
  cabinet_client_set_text (client, CABINET_CLIENT_LAST_NAME, "");
  only_pseudonym = cabinet_client_dup_display_name (client);
  g_assert_cmpstr (only_pseudonym, ==, "Léna");
}

static void
assert_issue (CabinetClient      *client,
              const char         *field,
              GDate              *today)
{
  g_autoptr(GHashTable) issues = cabinet_client_validate (client, today);

  if (issues == NULL || !g_hash_table_contains (issues, field))
    g_error ("expected an issue on %s", field);
  /* Messages say what to do, in words. */
  g_assert_cmpuint (strlen (g_hash_table_lookup (issues, field)), >, 20);
}

static void
assert_valid (CabinetClient *client,
              GDate         *today)
{
  g_autoptr(GHashTable) issues = cabinet_client_validate (client, today);

  if (issues)
    {
      GHashTableIter iter;
      gpointer field, message;

      g_hash_table_iter_init (&iter, issues);
      while (g_hash_table_iter_next (&iter, &field, &message))
        g_printerr ("%s: %s\n", (char *) field, (char *) message);
      g_error ("expected a valid record");
    }
}

static void
test_validation (void)
{
  g_autoptr(GDate) today = date ("2026-05-10");
  g_autofree char *long_text = g_strnfill (2000, 'a');
  g_autofree char *too_long = g_strnfill (2001, 'a');
  g_autofree char *note_ok = g_strnfill (500, 'n');
  g_autofree char *note_long = g_strnfill (501, 'n');
  struct { CabinetClientField field; const char *value; } bad[] = {
    { CABINET_CLIENT_LAST_NAME, "   " },
    { CABINET_CLIENT_EMAIL, "jean@" },
    { CABINET_CLIENT_EMAIL, "jean.example.fr" },
    { CABINET_CLIENT_EMAIL, "jean@example" },
    { CABINET_CLIENT_EMAIL, "jean dupont@example.fr" },
    { CABINET_CLIENT_EMAIL, "a@b@example.fr" },
    { CABINET_CLIENT_GUARDIAN_EMAIL, "maman@" },
    { CABINET_CLIENT_PHONE, "appelez-moi" },
    { CABINET_CLIENT_PHONE, "12" },
    { CABINET_CLIENT_GUARDIAN_PHONE, "06 12 AB" },
    { CABINET_CLIENT_EMERGENCY_PHONE, "112" },     /* a person's phone, not a service */
    { CABINET_CLIENT_LOCAL_EMERGENCY_NUMBER, "1" },
    { CABINET_CLIENT_LOCAL_EMERGENCY_NUMBER, "police" },
    { CABINET_CLIENT_BIRTH_DATE, "23/04/1985" },
    { CABINET_CLIENT_BIRTH_DATE, "1985-02-30" },
    { CABINET_CLIENT_BIRTH_DATE, "2026-05-11" },   /* tomorrow */
    { CABINET_CLIENT_BIRTH_DATE, "2999-01-01" },
    { CABINET_CLIENT_BIRTH_DATE, "1850-06-01" },
    { CABINET_CLIENT_BIRTH_DATE, "1899-12-31" },
    { CABINET_CLIENT_TIME_ZONE, "" },
    { CABINET_CLIENT_TIME_ZONE, "Mars/Olympus_Mons" },
    { CABINET_CLIENT_TIME_ZONE, "/etc/localtime" },
    { CABINET_CLIENT_TIME_ZONE, "CET-1CEST" },
    { CABINET_CLIENT_TIME_ZONE, "Europe/../Paris" },
    { CABINET_CLIENT_LANGUAGE, "de" },
    { CABINET_CLIENT_LANGUAGE, "" },
    { CABINET_CLIENT_MODALITY, "fax" },
    { CABINET_CLIENT_IN_PERSON_NEARBY, "maybe" },
    { CABINET_CLIENT_STATUS, "archived" },
    { CABINET_CLIENT_ADMIN_NOTE, note_long },
    { CABINET_CLIENT_ADDRESS, too_long },
    { CABINET_CLIENT_FIRST_NAME, too_long },
    { CABINET_CLIENT_REFERRAL_SOURCE, too_long },
  };
  struct { CabinetClientField field; const char *value; } good[] = {
    { CABINET_CLIENT_EMAIL, "jean.dupont+cabinet@example.co.uk" },
    { CABINET_CLIENT_PHONE, "+33 6 12 34 56 78" },
    { CABINET_CLIENT_PHONE, "(514) 555-0199" },
    { CABINET_CLIENT_LOCAL_EMERGENCY_NUMBER, "112" },
    { CABINET_CLIENT_LOCAL_EMERGENCY_NUMBER, "15" },
    { CABINET_CLIENT_LOCAL_EMERGENCY_NUMBER, "000" },
    { CABINET_CLIENT_LOCAL_EMERGENCY_NUMBER, "+1 514 555 0199" },
    { CABINET_CLIENT_BIRTH_DATE, "1900-01-01" },
    { CABINET_CLIENT_BIRTH_DATE, "2026-05-10" },
    { CABINET_CLIENT_BIRTH_DATE, "1985-04-23" },
    { CABINET_CLIENT_TIME_ZONE, "Asia/Tokyo" },
    { CABINET_CLIENT_TIME_ZONE, "America/Argentina/Buenos_Aires" },
    { CABINET_CLIENT_TIME_ZONE, "UTC" },
    { CABINET_CLIENT_LANGUAGE, "en" },
    { CABINET_CLIENT_MODALITY, "in-person" },
    { CABINET_CLIENT_MODALITY, "email" },
    { CABINET_CLIENT_IN_PERSON_NEARBY, "no" },
    { CABINET_CLIENT_STATUS, "closed" },
    { CABINET_CLIENT_ADMIN_NOTE, note_ok },
    { CABINET_CLIENT_ADDRESS, long_text },
    { CABINET_CLIENT_ADDRESS, "12, rue de l’Église\nBâtiment B" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(CabinetClient) client = make_client ("Jean", "Dupont");

      cabinet_client_set_text (client, bad[i].field, bad[i].value);
      assert_issue (client, cabinet_client_field_name (bad[i].field), today);
    }
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(CabinetClient) client = make_client ("Jean", "Dupont");

      cabinet_client_set_text (client, good[i].field, good[i].value);
      assert_valid (client, today);
    }

  {
    g_autoptr(CabinetClient) client = make_client ("Jean", "Dupont");

    /* -1 is the practice's fee; below that is a mistake. */
    cabinet_client_set_fee (client, -2);
    assert_issue (client, CABINET_CLIENT_FEE, today);
    cabinet_client_set_fee (client, 0);
    assert_valid (client, today);
    cabinet_client_set_fee (client, 7500);
    assert_valid (client, today);
  }
  {
    /* A pseudonym stands in for the last name; the first name is optional. */
    g_autoptr(CabinetClient) client = make_client ("", "");

    assert_issue (client, "last_name", today);
    cabinet_client_set_text (client, CABINET_CLIENT_PSEUDONYM, "Léna");
    assert_valid (client, today);
  }
}

static void
test_unicode_and_cleaning (void)
{
  struct { const char *first, *last; } names[] = {
    { "فاطمة", "الزهراء" },
    { "小明", "王" },
    { "Анна", "Каренина" },
    { "Nguyễn", "Thị Minh Khai" },
    { "Jean-Édouard", "D’Artagnan-Lefèvre" },
    { "Siobhán", "O'Sullivan" },
    { "Ἀλέξανδρος", "Παπαδόπουλος" },
  };
  g_autofree char *long_name = g_strnfill (1500, 'x');

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(CabinetClient) client = make_client (names[i].first, names[i].last);

      assert_valid (client, NULL);
      g_assert_cmpstr (cabinet_client_get_text (client, CABINET_CLIENT_LAST_NAME), ==, names[i].last);
    }
  {
    g_autoptr(CabinetClient) client = make_client (long_name, long_name);
    assert_valid (client, NULL);
  }
  {
    g_autoptr(CabinetClient) client = make_client ("  He\xcc\x81le\xcc\x80ne\x07 ", "\tMartin  ");

    /* Trimmed, stored composed, controls dropped. */
    g_assert_cmpstr (cabinet_client_get_text (client, CABINET_CLIENT_FIRST_NAME), ==, "Hélène");
    g_assert_cmpstr (cabinet_client_get_text (client, CABINET_CLIENT_LAST_NAME), ==, "Martin");
    cabinet_client_set_text (client, CABINET_CLIENT_EMAIL, "  helene@example.fr ");
    g_assert_cmpstr (cabinet_client_get_text (client, CABINET_CLIENT_EMAIL), ==, "helene@example.fr");
    assert_valid (client, NULL);
  }
}

static void
test_minor (void)
{
  g_autoptr(CabinetClient) client = make_client ("Léo", "Petit");
  g_autoptr(GDate) before_birthday = date ("2026-05-09");
  g_autoptr(GDate) birthday = date ("2026-05-10");

  g_assert_false (cabinet_client_is_minor (client, NULL));
  g_assert_false (cabinet_client_needs_guardian (client, NULL));

  cabinet_client_set_text (client, CABINET_CLIENT_BIRTH_DATE, "2008-05-10");
  g_assert_true (cabinet_client_is_minor (client, before_birthday));
  g_assert_false (cabinet_client_is_minor (client, birthday));
  g_assert_true (cabinet_client_needs_guardian (client, before_birthday));
  g_assert_false (cabinet_client_needs_guardian (client, birthday));

  /* Named and reachable. */
  cabinet_client_set_text (client, CABINET_CLIENT_GUARDIAN_NAME, "Claire Petit");
  g_assert_true (cabinet_client_needs_guardian (client, before_birthday));
  cabinet_client_set_text (client, CABINET_CLIENT_GUARDIAN_PHONE, "06 11 22 33 44");
  g_assert_false (cabinet_client_needs_guardian (client, before_birthday));
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_notify (void)
{
  g_autoptr(CabinetClient) client = cabinet_client_new (ZONE);
  guint city = 0, display = 0;

  g_signal_connect (client, "notify::city", G_CALLBACK (count_notify), &city);
  g_signal_connect (client, "notify::display-name", G_CALLBACK (count_notify), &display);
  cabinet_client_set_text (client, CABINET_CLIENT_CITY, "Lyon");
  cabinet_client_set_text (client, CABINET_CLIENT_CITY, " Lyon ");
  cabinet_client_set_text (client, CABINET_CLIENT_LAST_NAME, "Martin");
  g_assert_cmpuint (city, ==, 1);
  g_assert_cmpuint (display, ==, 1);
}

/* The store */

static void
fill_all_fields (CabinetClient *client)
{
  cabinet_client_set_text (client, CABINET_CLIENT_FIRST_NAME, "Hélène");
  cabinet_client_set_text (client, CABINET_CLIENT_LAST_NAME, "Dupont-Œuvray");
  cabinet_client_set_text (client, CABINET_CLIENT_PSEUDONYM, "Léna");
  cabinet_client_set_text (client, CABINET_CLIENT_BIRTH_DATE, "1985-04-23");
  cabinet_client_set_text (client, CABINET_CLIENT_GUARDIAN_NAME, "Marc Dupont");
  cabinet_client_set_text (client, CABINET_CLIENT_GUARDIAN_RELATION, "père");
  cabinet_client_set_text (client, CABINET_CLIENT_GUARDIAN_PHONE, "+33 1 23 45 67 89");
  cabinet_client_set_text (client, CABINET_CLIENT_GUARDIAN_EMAIL, "marc@example.fr");
  cabinet_client_set_text (client, CABINET_CLIENT_EMAIL, "helene@example.fr");
  cabinet_client_set_text (client, CABINET_CLIENT_PHONE, "+1 514 555 0199");
  cabinet_client_set_text (client, CABINET_CLIENT_ADDRESS, "1200 rue Sainte-Catherine\nApp. 4");
  cabinet_client_set_text (client, CABINET_CLIENT_CITY, "Montréal");
  cabinet_client_set_text (client, CABINET_CLIENT_COUNTRY, "Canada");
  cabinet_client_set_text (client, CABINET_CLIENT_TIME_ZONE, "America/Toronto");
  cabinet_client_set_text (client, CABINET_CLIENT_LANGUAGE, "en");
  cabinet_client_set_text (client, CABINET_CLIENT_MODALITY, "phone");
  cabinet_client_set_text (client, CABINET_CLIENT_IN_PERSON_NEARBY, "yes");
  cabinet_client_set_text (client, CABINET_CLIENT_EMERGENCY_NAME, "Paul Tremblay");
  cabinet_client_set_text (client, CABINET_CLIENT_EMERGENCY_RELATION, "conjoint");
  cabinet_client_set_text (client, CABINET_CLIENT_EMERGENCY_PHONE, "+1 514 555 0123");
  cabinet_client_set_text (client, CABINET_CLIENT_LOCAL_EMERGENCY_NUMBER, "911");
  cabinet_client_set_text (client, CABINET_CLIENT_REFERRAL_SOURCE, "Dr Martin");
  cabinet_client_set_text (client, CABINET_CLIENT_STATUS, "paused");
  cabinet_client_set_text (client, CABINET_CLIENT_ADMIN_NOTE, "Prefers Tuesday mornings.");
  cabinet_client_set_fee (client, 5500);
}

static void
assert_same_record (CabinetClient *a,
                    CabinetClient *b)
{
  g_assert_cmpint (cabinet_client_get_id (a), ==, cabinet_client_get_id (b));
  for (guint i = 0; i < CABINET_CLIENT_N_TEXT_FIELDS; i++)
    g_assert_cmpstr (cabinet_client_get_text (a, i), ==, cabinet_client_get_text (b, i));
  g_assert_cmpint (cabinet_client_get_fee (a), ==, cabinet_client_get_fee (b));
  g_assert_true (g_date_time_equal (cabinet_client_get_created_at (a), cabinet_client_get_created_at (b)));
  g_assert_true (g_date_time_equal (cabinet_client_get_updated_at (a), cabinet_client_get_updated_at (b)));
}

static void
test_crud (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetClient) client = cabinet_client_new (ZONE);
  g_autoptr(CabinetClient) edit = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) created = NULL;
  CabinetClient *loaded;
  gint64 id;

  for (guint i = 0; i < CABINET_CLIENT_N_TEXT_FIELDS; i++)
    g_assert_cmpstr (cabinet_client_field_name (i), !=, NULL);

  fill_all_fields (client);
  g_assert_true (cabinet_client_store_save (f->store, client, &error));
  g_assert_no_error (error);
  id = cabinet_client_get_id (client);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpuint (cabinet_client_store_get_n_all (f->store), ==, 1);
  g_assert_true (cabinet_client_store_lookup (f->store, id) == client);
  assert_mirror (f);
  g_assert_cmpuint (f->n_changes, ==, 1);

  /* Timestamps, UTC, the same at creation; the last activity follows. */
  g_assert_nonnull (cabinet_client_get_created_at (client));
  g_assert_true (g_date_time_equal (cabinet_client_get_created_at (client), cabinet_client_get_updated_at (client)));
  g_assert_true (cabinet_client_get_last_activity (client) == cabinet_client_get_updated_at (client));
  g_assert_cmpint (g_date_time_difference (cabinet_client_get_created_at (client), before), >=, -1000);
  g_assert_cmpint (g_date_time_difference (cabinet_client_get_created_at (client), before), <, 60 * G_USEC_PER_SEC);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM clients WHERE created_at LIKE '____-__-__T__:__:__.___Z'"), ==, 1);
  g_assert_cmpint (count_audit (f->db, "client-created", id), ==, 1);

  /* Everything comes back from the file as it was. */
  reopen (f);
  g_assert_cmpuint (cabinet_client_store_get_n_all (f->store), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->store)), ==, 1);
  loaded = cabinet_client_store_lookup (f->store, id);
  g_assert_nonnull (loaded);
  g_assert_false (loaded == client);
  assert_same_record (loaded, client);
  created = g_date_time_ref (cabinet_client_get_created_at (loaded));

  /* An editor works on a copy; saving it updates the store's own client. */
  edit = cabinet_client_copy (loaded);
  assert_same_record (edit, loaded);
  cabinet_client_set_text (edit, CABINET_CLIENT_CITY, "Québec");
  cabinet_client_set_fee (edit, -1);
  g_assert_cmpstr (cabinet_client_get_text (loaded, CABINET_CLIENT_CITY), ==, "Montréal");
  g_usleep (2000);
  g_assert_true (cabinet_client_store_save (f->store, edit, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cabinet_client_get_id (edit), ==, id);
  g_assert_cmpstr (cabinet_client_get_text (loaded, CABINET_CLIENT_CITY), ==, "Québec");
  g_assert_cmpint (cabinet_client_get_fee (loaded), ==, -1);
  g_assert_true (g_date_time_equal (cabinet_client_get_created_at (loaded), created));
  g_assert_cmpint (g_date_time_compare (cabinet_client_get_updated_at (loaded), created), >, 0);
  assert_same_record (edit, loaded);
  g_assert_cmpuint (cabinet_client_store_get_n_all (f->store), ==, 1);
  assert_mirror (f);
  g_assert_cmpint (count_audit (f->db, "client-updated", id), ==, 1);

  reopen (f);
  assert_same_record (cabinet_client_store_lookup (f->store, id), edit);

  /* The trail says what was done to which client, by id. */
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM audit_log WHERE action LIKE 'client-%' "
                                      "AND (object_type != 'client' OR object_id IS NULL)"), ==, 0);
}

static void
test_invalid_is_never_saved (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetClient) bad = make_client ("Jean", "Dupont");
  CabinetClient *good = save_new (f, "Anne", "Valide");
  g_autoptr(CabinetClient) edit = cabinet_client_copy (good);

  cabinet_client_set_text (bad, CABINET_CLIENT_EMAIL, "pas une adresse");
  g_assert_false (cabinet_client_store_save (f->store, bad, &error));
  g_assert_error (error, CABINET_CLIENT_STORE_ERROR, CABINET_CLIENT_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "e-mail"));
  g_clear_error (&error);
  g_assert_cmpint (cabinet_client_get_id (bad), ==, 0);

  cabinet_client_set_text (edit, CABINET_CLIENT_BIRTH_DATE, "1850-01-01");
  g_assert_false (cabinet_client_store_save (f->store, edit, &error));
  g_assert_error (error, CABINET_CLIENT_STORE_ERROR, CABINET_CLIENT_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpstr (cabinet_client_get_text (good, CABINET_CLIENT_BIRTH_DATE), ==, "");

  g_assert_cmpuint (cabinet_client_store_get_n_all (f->store), ==, 1);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM clients"), ==, 1);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM clients WHERE birth_date != ''"), ==, 0);

  /* A minor without a guardian is saved, and flagged. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *birth = g_strdup_printf ("%04d-01-01", g_date_time_get_year (now) - 10);
    g_autoptr(CabinetClient) minor = make_client ("Léo", "Petit");

    cabinet_client_set_text (minor, CABINET_CLIENT_BIRTH_DATE, birth);
    g_assert_true (cabinet_client_store_save (f->store, minor, &error));
    g_assert_no_error (error);
    g_assert_true (cabinet_client_needs_guardian (minor, NULL));
  }

  /* A client erased elsewhere cannot be saved back into existence. */
  {
    g_autoptr(CabinetClient) ghost = make_client ("Nul", "Part");

    g_object_set (ghost, "id", (gint64) 9999, NULL);
    g_assert_false (cabinet_client_store_save (f->store, ghost, &error));
    g_assert_error (error, CABINET_CLIENT_STORE_ERROR, CABINET_CLIENT_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM clients"), ==, 2);
}

static void
test_unicode_round_trip (Fixture *f, gconstpointer data)
{
  save_new (f, "فاطمة", "الزهراء");
  save_new (f, "小明", "王");
  save_new (f, "Анна", "Каренина");
  save_new (f, "Jean-Édouard", "D’Artagnan-Lefèvre");

  reopen (f);
  assert_search (f, "анна", "Каренина");
  assert_search (f, "小明", "王");
  assert_search (f, "فاطمة", "الزهراء");
  assert_search (f, "d'artagnan", "D’Artagnan-Lefèvre");
  assert_search (f, "jean-edouard", "D’Artagnan-Lefèvre");
}

static void
test_search (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CabinetClient *c;
  guint changes;

  c = save_new (f, "Hélène", "Martin");
  cabinet_client_set_text (c, CABINET_CLIENT_CITY, "Lyon");
  g_assert_true (cabinet_client_store_save (f->store, c, &error));
  save_new (f, "Jean", "Œuvre");
  c = save_new (f, "Jean", "Dupont");
  cabinet_client_set_text (c, CABINET_CLIENT_PHONE, "06 12 34 56 78");
  cabinet_client_set_text (c, CABINET_CLIENT_EMAIL, "jd.contact@exemple.fr");
  cabinet_client_set_text (c, CABINET_CLIENT_CITY, "Saint-Étienne");
  g_assert_true (cabinet_client_store_save (f->store, c, &error));
  c = save_new (f, "Ana", "García");
  cabinet_client_set_text (c, CABINET_CLIENT_PSEUDONYM, "Nita");
  cabinet_client_set_text (c, CABINET_CLIENT_PHONE, "+34 655 901 999");
  g_assert_true (cabinet_client_store_save (f->store, c, &error));
  g_assert_no_error (error);

  /* A fresh store, so that the keys come from the file. */
  reopen (f);
  assert_search (f, "", "Dupont|García|Martin|Œuvre");
  assert_search (f, "helene", "Martin");
  assert_search (f, "HÉLÈNE", "Martin");
  assert_search (f, "hel", "Martin");
  assert_search (f, "OEUVRE", "Œuvre");
  assert_search (f, "œuvre", "Œuvre");
  assert_search (f, "jean", "Dupont|Œuvre");
  assert_search (f, "jean dup", "Dupont");
  assert_search (f, "  dupont   JEAN ", "Dupont");
  assert_search (f, "jean lyon", "");
  assert_search (f, "lyon", "Martin");
  assert_search (f, "saint etienne", "Dupont");
  assert_search (f, "jd.contact@exe", "Dupont");
  assert_search (f, "0612345678", "Dupont");
  assert_search (f, "06.12.34", "Dupont");
  assert_search (f, "56 78", "Dupont");
  assert_search (f, "+34 655", "García");
  assert_search (f, "garcia", "García");
  assert_search (f, "nita", "García");
  assert_search (f, "zzz", "");

  /* The same search again tells the view nothing. */
  changes = f->n_changes;
  cabinet_client_store_search (f->store, "ZZZ");
  cabinet_client_store_search (f->store, "zzz ");
  g_assert_cmpuint (f->n_changes, ==, changes);
  assert_search (f, NULL, "Dupont|García|Martin|Œuvre");

  /* Saving while searching keeps the view right. */
  assert_search (f, "jean", "Dupont|Œuvre");
  save_new (f, "Jeanne", "Arc");
  save_new (f, "Paul", "Zidane");
  {
    g_autofree char *names = visible_names (f->store);
    g_assert_cmpstr (names, ==, "Arc|Dupont|Œuvre");
  }
  assert_mirror (f);
}

static void
test_sort (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  g_autoptr(CabinetClient) first = NULL;
  CabinetClient *zola, *eluard, *martin_bob;

  zola = save_new (f, "Émile", "Zola");
  g_usleep (2000);
  save_new (f, "Claire", "martin");
  g_usleep (2000);
  eluard = save_new (f, "Anne", "Éluard");
  g_usleep (2000);
  martin_bob = save_new (f, "Bob", "Martin");
  g_usleep (2000);
  {
    g_autoptr(CabinetClient) only_pseudonym = make_client ("", "");

    /* Filed under the pseudonym. */
    cabinet_client_set_text (only_pseudonym, CABINET_CLIENT_PSEUDONYM, "Lena");
    g_assert_true (cabinet_client_store_save (f->store, only_pseudonym, &error));
  }
  assert_mirror (f);

  /* By name: accents and case do not push a name to the end. */
  first = g_list_model_get_item (G_LIST_MODEL (f->store), 0);
  g_assert_true (first == eluard);
  names = visible_names (f->store);
  g_assert_cmpstr (names, ==, "Éluard||Martin|martin|Zola");
  g_clear_pointer (&names, g_free);

  /* By last activity, newest first. */
  cabinet_client_store_set_sort (f->store, CABINET_CLIENT_SORT_LAST_ACTIVITY);
  names = visible_names (f->store);
  g_assert_cmpstr (names, ==, "|Martin|Éluard|martin|Zola");
  g_clear_pointer (&names, g_free);
  assert_mirror (f);

  /* A change moves the client to the top, told as a move. */
  g_usleep (2000);
  cabinet_client_set_text (zola, CABINET_CLIENT_CITY, "Paris");
  g_assert_true (cabinet_client_store_save (f->store, zola, &error));
  g_assert_no_error (error);
  names = visible_names (f->store);
  g_assert_cmpstr (names, ==, "Zola||Martin|Éluard|martin");
  g_clear_pointer (&names, g_free);
  assert_mirror (f);

  /* A renamed client changes place in the name order. */
  cabinet_client_store_set_sort (f->store, CABINET_CLIENT_SORT_NAME);
  cabinet_client_set_text (martin_bob, CABINET_CLIENT_LAST_NAME, "Abadie");
  g_assert_true (cabinet_client_store_save (f->store, martin_bob, &error));
  names = visible_names (f->store);
  g_assert_cmpstr (names, ==, "Abadie|Éluard||martin|Zola");
  g_clear_pointer (&names, g_free);
  assert_mirror (f);
}

static void
test_filter (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  CabinetClient *a, *b;
  g_autoptr(CabinetClient) copy = NULL;

  a = save_new (f, "Anne", "Aubert");
  b = save_new (f, "Bruno", "Blanc");
  save_new (f, "Chloé", "Carré");

  g_assert_true (cabinet_client_store_set_status (f->store, a, "closed", &error));
  g_assert_no_error (error);
  copy = cabinet_client_copy (b);
  g_assert_true (cabinet_client_store_set_status (f->store, copy, "paused", &error));
  g_assert_cmpstr (cabinet_client_get_text (b, CABINET_CLIENT_STATUS), ==, "paused");
  g_assert_cmpint (count_audit (f->db, "client-closed", cabinet_client_get_id (a)), ==, 1);
  g_assert_cmpint (count_audit (f->db, "client-paused", cabinet_client_get_id (b)), ==, 1);
  assert_mirror (f);

  cabinet_client_store_set_filter (f->store, CABINET_CLIENT_FILTER_ACTIVE);
  names = visible_names (f->store);
  g_assert_cmpstr (names, ==, "Carré");
  g_clear_pointer (&names, g_free);
  cabinet_client_store_set_filter (f->store, CABINET_CLIENT_FILTER_CLOSED);
  names = visible_names (f->store);
  g_assert_cmpstr (names, ==, "Aubert");
  g_clear_pointer (&names, g_free);
  cabinet_client_store_set_filter (f->store, CABINET_CLIENT_FILTER_PAUSED);
  names = visible_names (f->store);
  g_assert_cmpstr (names, ==, "Blanc");
  g_clear_pointer (&names, g_free);
  assert_mirror (f);

  /* Reopened, the client leaves the closed list; the filter and a search combine. */
  cabinet_client_store_set_filter (f->store, CABINET_CLIENT_FILTER_CLOSED);
  g_assert_true (cabinet_client_store_set_status (f->store, a, "active", &error));
  g_assert_cmpint (count_audit (f->db, "client-reopened", cabinet_client_get_id (a)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->store)), ==, 0);
  assert_mirror (f);
  cabinet_client_store_set_filter (f->store, CABINET_CLIENT_FILTER_ACTIVE);
  cabinet_client_store_search (f->store, "carre");
  names = visible_names (f->store);
  g_assert_cmpstr (names, ==, "Carré");
  g_clear_pointer (&names, g_free);
  cabinet_client_store_set_filter (f->store, CABINET_CLIENT_FILTER_ALL);
  cabinet_client_store_search (f->store, NULL);
  assert_mirror (f);

  g_assert_false (cabinet_client_store_set_status (f->store, a, "archived", &error));
  g_assert_error (error, CABINET_CLIENT_STORE_ERROR, CABINET_CLIENT_STORE_ERROR_INVALID);
  g_clear_error (&error);

  reopen (f);
  cabinet_client_store_set_filter (f->store, CABINET_CLIENT_FILTER_PAUSED);
  names = visible_names (f->store);
  g_assert_cmpstr (names, ==, "Blanc");
}

static void
test_same_name (Fixture *f, gconstpointer data)
{
  CabinetClient *jean = save_new (f, "Jean", "Dupont");
  g_autoptr(CabinetClient) other = make_client ("JÉAN", "dupont");
  g_autoptr(CabinetClient) different = make_client ("Jean", "Dupond");
  g_autoptr(GPtrArray) same = NULL;

  save_new (f, "Jeanne", "Dupont");

  same = cabinet_client_store_find_same_name (f->store, other);
  g_assert_cmpuint (same->len, ==, 1);
  g_assert_true (g_ptr_array_index (same, 0) == jean);
  g_clear_pointer (&same, g_ptr_array_unref);

  same = cabinet_client_store_find_same_name (f->store, different);
  g_assert_cmpuint (same->len, ==, 0);
  g_clear_pointer (&same, g_ptr_array_unref);

  /* Not one's own namesake, even as a copy in an editor. */
  {
    g_autoptr(CabinetClient) copy = cabinet_client_copy (jean);

    same = cabinet_client_store_find_same_name (f->store, jean);
    g_assert_cmpuint (same->len, ==, 0);
    g_clear_pointer (&same, g_ptr_array_unref);
    same = cabinet_client_store_find_same_name (f->store, copy);
    g_assert_cmpuint (same->len, ==, 0);
    g_clear_pointer (&same, g_ptr_array_unref);
  }

  /* Once the second Jean Dupont is saved, each sees the other. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (cabinet_client_store_save (f->store, other, &error));
    same = cabinet_client_store_find_same_name (f->store, jean);
    g_assert_cmpuint (same->len, ==, 1);
    g_assert_true (g_ptr_array_index (same, 0) == other);
  }
}

static void
test_add_all (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  guint changes;

  save_new (f, "Déjà", "Là");

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *last = g_strdup_printf ("Importé%02u", i);

      g_ptr_array_add (batch, make_client ("Client", last));
    }
  /* One bad record among many: nothing is written. */
  cabinet_client_set_text (g_ptr_array_index (batch, 37), CABINET_CLIENT_EMAIL, "nulle part");
  changes = f->n_changes;
  g_assert_false (cabinet_client_store_add_all (f->store, batch, &error));
  g_assert_error (error, CABINET_CLIENT_STORE_ERROR, CABINET_CLIENT_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Importé37"));
  g_clear_error (&error);
  g_assert_cmpuint (cabinet_client_store_get_n_all (f->store), ==, 1);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM clients"), ==, 1);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM audit_log WHERE action = 'client-imported'"), ==, 0);
  g_assert_cmpuint (f->n_changes, ==, changes);
  for (guint i = 0; i < batch->len; i++)
    g_assert_cmpint (cabinet_client_get_id (g_ptr_array_index (batch, i)), ==, 0);

  /* Fixed, all go in at once, with one signal. */
  cabinet_client_set_text (g_ptr_array_index (batch, 37), CABINET_CLIENT_EMAIL, "client37@example.fr");
  g_assert_true (cabinet_client_store_add_all (f->store, batch, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->n_changes, ==, changes + 1);
  g_assert_cmpuint (cabinet_client_store_get_n_all (f->store), ==, 51);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM clients"), ==, 51);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM audit_log WHERE action = 'client-imported'"), ==, 50);
  for (guint i = 0; i < batch->len; i++)
    {
      CabinetClient *client = g_ptr_array_index (batch, i);

      g_assert_cmpint (cabinet_client_get_id (client), >, 0);
      g_assert_true (cabinet_client_store_lookup (f->store, cabinet_client_get_id (client)) == client);
    }
  assert_mirror (f);

  reopen (f);
  g_assert_cmpuint (cabinet_client_store_get_n_all (f->store), ==, 51);
  assert_search (f, "importe37", "Importé37");
}

/* Reading the file as an attacker with the key would: every page decrypted, so
 * that a test can say what the file holds in plain text. */

#define PAGE_SIZE 1024
#define RESERVE 48
#define SALT 16
#define WAL_HEADER 32
#define FRAME_HEADER 24

static void
key_bytes (const CabinetKey *key,
           guchar            out[32])
{
  g_autofree char *hex = cabinet_key_to_hex (key);

  g_assert_cmpuint (strlen (hex), ==, 64);
  for (guint i = 0; i < 32; i++)
    out[i] = (g_ascii_xdigit_value (hex[2 * i]) << 4) | g_ascii_xdigit_value (hex[2 * i + 1]);
}

/* One SQLCipher 3 page: AES-256-CBC over all but the reserved area, whose first 16
 * bytes are the IV; page 1 starts with the file's salt, left in clear. */
static void
decrypt_page (const guchar *key,
              guint32       page_number,
              const guchar *page,
              GByteArray   *plain)
{
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new ();
  guint offset = page_number == 1 ? SALT : 0;
  int length = PAGE_SIZE - RESERVE - offset;
  guchar out[PAGE_SIZE];
  int n = 0, tail = 0;

  g_assert_nonnull (ctx);
  g_assert_cmpint (EVP_DecryptInit_ex (ctx, EVP_aes_256_cbc (), NULL, key, page + PAGE_SIZE - RESERVE), ==, 1);
  EVP_CIPHER_CTX_set_padding (ctx, 0);
  g_assert_cmpint (EVP_DecryptUpdate (ctx, out, &n, page + offset, length), ==, 1);
  g_assert_cmpint (EVP_DecryptFinal_ex (ctx, out + n, &tail), ==, 1);
  g_assert_cmpint (n + tail, ==, length);
  EVP_CIPHER_CTX_free (ctx);

  if (page_number == 1)
    {
      /* The database header after the salt: page size 1024, 48 reserved bytes.
       * Garbage here would mean the decryption is wrong and proves nothing. */
      g_assert_cmpuint (out[0], ==, 0x04);
      g_assert_cmpuint (out[1], ==, 0x00);
      g_assert_cmpuint (out[4], ==, RESERVE);
    }
  g_byte_array_append (plain, out, length);
}

static GByteArray *
decrypt_database (const char       *path,
                  const CabinetKey *key)
{
  GByteArray *plain = g_byte_array_new ();
  g_autofree char *contents = NULL;
  guchar raw_key[32];
  gsize length = 0;

  key_bytes (key, raw_key);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length % PAGE_SIZE, ==, 0);
  g_assert_cmpuint (length, >, 0);
  for (gsize page = 0; page < length / PAGE_SIZE; page++)
    decrypt_page (raw_key, page + 1, (const guchar *) contents + page * PAGE_SIZE, plain);
  return plain;
}

/* Every frame of the WAL, stale ones included: they are what an erasure must not
 * leave behind. Returns an empty array when there is no WAL or it is empty. */
static GByteArray *
decrypt_wal (const char       *db_path,
             const CabinetKey *key)
{
  g_autofree char *path = g_strconcat (db_path, "-wal", NULL);
  GByteArray *plain = g_byte_array_new ();
  g_autofree char *contents = NULL;
  guchar raw_key[32];
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL) || length < WAL_HEADER)
    return plain;
  key_bytes (key, raw_key);
  for (gsize at = WAL_HEADER; at + FRAME_HEADER + PAGE_SIZE <= length; at += FRAME_HEADER + PAGE_SIZE)
    {
      const guchar *frame = (const guchar *) contents + at;
      guint32 page_number = ((guint32) frame[0] << 24) | (frame[1] << 16) | (frame[2] << 8) | frame[3];

      decrypt_page (raw_key, page_number, frame + FRAME_HEADER, plain);
    }
  return plain;
}

static gboolean
bytes_contain (GByteArray *bytes,
               const char *needle)
{
  return bytes->len > 0 && memmem (bytes->data, bytes->len, needle, strlen (needle)) != NULL;
}

static gsize
wal_size (const char *db_path)
{
  g_autofree char *path = g_strconcat (db_path, "-wal", NULL);
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gsize) st.st_size : 0;
}

#define MARKER "QX7-ERASE-ME-4417"
#define MARKER_NAME "Zébulon-Quenotte"

static void
test_erase (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) plain = NULL;
  g_autoptr(CabinetClient) copy = NULL;
  CabinetClient *target;
  CabinetClient *neighbour;
  gint64 id, neighbour_id;
  guint position;

  save_new (f, "Anne", "Avant");
  target = save_new (f, "Hélène", MARKER_NAME);
  neighbour = save_new (f, "Paul", "Après");
  cabinet_client_set_text (target, CABINET_CLIENT_ADDRESS, "12 rue " MARKER);
  cabinet_client_set_text (target, CABINET_CLIENT_ADMIN_NOTE, "Code " MARKER);
  g_assert_true (cabinet_client_store_save (f->store, target, &error));
  g_assert_no_error (error);
  id = cabinet_client_get_id (target);
  neighbour_id = cabinet_client_get_id (neighbour);

  /* Before: the marker is in the file, so that the test can fail, and the
   * decryption reads the schema. */
  reopen (f);
  g_assert_cmpuint (wal_size (f->path), ==, 0);
  plain = decrypt_database (f->path, f->key);
  g_assert_true (bytes_contain (plain, "CREATE TABLE clients"));
  g_assert_true (bytes_contain (plain, MARKER));
  g_assert_true (bytes_contain (plain, MARKER_NAME));
  g_clear_pointer (&plain, g_byte_array_unref);

  /* And in the WAL, after one more change that copies its page there. */
  target = cabinet_client_store_lookup (f->store, id);
  neighbour = cabinet_client_store_lookup (f->store, neighbour_id);
  cabinet_client_set_text (target, CABINET_CLIENT_CITY, "Lyon");
  g_assert_true (cabinet_client_store_save (f->store, target, &error));
  g_assert_cmpuint (wal_size (f->path), >, 0);
  plain = decrypt_wal (f->path, f->key);
  g_assert_true (bytes_contain (plain, MARKER));
  g_clear_pointer (&plain, g_byte_array_unref);

  /* A wrong or partial name is refused; nothing changes. */
  copy = cabinet_client_copy (target);
  g_assert_false (cabinet_client_store_erase (f->store, copy, "Hélène", &error));
  g_assert_error (error, CABINET_CLIENT_STORE_ERROR, CABINET_CLIENT_STORE_ERROR_CONFIRMATION);
  g_clear_error (&error);
  g_assert_false (cabinet_client_store_erase (f->store, copy, "", &error));
  g_assert_error (error, CABINET_CLIENT_STORE_ERROR, CABINET_CLIENT_STORE_ERROR_CONFIRMATION);
  g_clear_error (&error);
  g_assert_false (cabinet_client_store_erase (f->store, copy, "Paul Après", &error));
  g_assert_error (error, CABINET_CLIENT_STORE_ERROR, CABINET_CLIENT_STORE_ERROR_CONFIRMATION);
  g_clear_error (&error);
  g_assert_nonnull (cabinet_client_store_lookup (f->store, id));
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM clients"), ==, 3);

  /* Typed without accents or capitals, it is accepted. */
  g_assert_true (g_ptr_array_find (f->mirror, target, &position));
  g_assert_true (cabinet_client_store_erase (f->store, copy, "  helene ZEBULON-quenotte ", &error));
  g_assert_no_error (error);
  g_assert_null (cabinet_client_store_lookup (f->store, id));
  g_assert_cmpuint (cabinet_client_store_get_n_all (f->store), ==, 2);
  g_assert_false (g_ptr_array_find (f->mirror, target, NULL));
  assert_mirror (f);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM clients"), ==, 2);
  g_assert_cmpint (count_audit (f->db, "client-erased", id), ==, 1);
  g_assert_true (cabinet_client_store_lookup (f->store, neighbour_id) == neighbour);

  /* At once, before the database is closed: the WAL was emptied into the file and
   * the file holds no copy. */
  g_assert_cmpuint (wal_size (f->path), ==, 0);
  plain = decrypt_wal (f->path, f->key);
  g_assert_false (bytes_contain (plain, MARKER));
  g_clear_pointer (&plain, g_byte_array_unref);
  plain = decrypt_database (f->path, f->key);
  g_assert_true (bytes_contain (plain, "CREATE TABLE clients"));
  g_assert_false (bytes_contain (plain, MARKER));
  g_assert_false (bytes_contain (plain, MARKER_NAME));
  g_assert_true (bytes_contain (plain, "Après"));
  g_clear_pointer (&plain, g_byte_array_unref);

  /* And once closed, for good. */
  reopen (f);
  g_assert_null (cabinet_client_store_lookup (f->store, id));
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM clients"), ==, 2);
  close_store (f);
  cabinet_database_close (f->db);
  plain = decrypt_database (f->path, f->key);
  g_assert_false (bytes_contain (plain, MARKER));
  g_assert_false (bytes_contain (plain, MARKER_NAME));
  g_clear_pointer (&plain, g_byte_array_unref);
  plain = decrypt_wal (f->path, f->key);
  g_assert_false (bytes_contain (plain, MARKER));
}

/* A row written as the ledger, the receipts and the sessions write theirs, on
 * @day ("YYYY-MM-DD"), for client @id. */
static void
add_records (Fixture    *f,
             gint64      id,
             const char *day)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO payments (client_id, kind, amount_minor, currency, paid_on, method, reference, note, created_at)"
    " VALUES (%1$" G_GINT64_FORMAT ", 'payment', 6000, 'EUR', '%2$s', 'cheque', 'CHQ-77', 'Note " MARKER "',"
    "         '%2$sT10:00:00.000Z');"
    "INSERT INTO receipts (year, number, client_id, payment_id, issued_on, language, pdf, sha256, created_at)"
    " VALUES (CAST (substr ('%2$s', 1, 4) AS INTEGER), %1$" G_GINT64_FORMAT ", %1$" G_GINT64_FORMAT ","
    "         last_insert_rowid (), '%2$s', 'fr', x'25504446', '%3$s', '%2$sT10:00:00.000Z');"
    "INSERT INTO sessions (client_id, starts_at, ends_at, modality, fee_minor, currency, status, uid, created_at,"
    "                      updated_at)"
    " VALUES (%1$" G_GINT64_FORMAT ", strftime ('%%s', '%2$s 09:00'), strftime ('%%s', '%2$s 10:00'), 'video', 6000,"
    "         'EUR', 'done', 'uid-%1$" G_GINT64_FORMAT "-%2$s', '%2$sT08:00:00.000Z', '%2$sT08:00:00.000Z');",
    id, day, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");

  cabinet_database_exec (f->db, sql, &error);
  g_assert_no_error (error);
}

/* Erasing a client paid less than six years ago keeps their payments and
 * receipts (LPF art. L102 B) with only the id behind them; everything else of
 * the client goes, in the file too. Paid longer ago, everything goes. */
static void
test_erase_keeps_fiscal_rows (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) plain = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) recent = g_date_time_add_years (now, -2);
  g_autoptr(GDateTime) old = g_date_time_add_years (now, -7);
  g_autofree char *recent_day = g_date_time_format (recent, "%Y-%m-%d");
  g_autofree char *old_day = g_date_time_format (old, "%Y-%m-%d");
  g_autofree char *name = NULL;
  CabinetClient *kept = save_new (f, "Hélène", MARKER_NAME);
  CabinetClient *gone = save_new (f, "Paul", "Ancien");
  gint64 kept_id = cabinet_client_get_id (kept), gone_id = cabinet_client_get_id (gone);
  GDate until, expected;

  cabinet_client_set_text (kept, CABINET_CLIENT_ADDRESS, "12 rue " MARKER);
  cabinet_client_set_text (kept, CABINET_CLIENT_BIRTH_DATE, "1980-04-02");
  g_assert_true (cabinet_client_store_save (f->store, kept, &error));
  add_records (f, kept_id, old_day);
  add_records (f, kept_id, recent_day);
  add_records (f, gone_id, old_day);

  /* Held until six years after the latest: the caller says so before. */
  g_assert_true (cabinet_retention_fiscal_hold (f->db, kept_id, NULL, &until, &error));
  g_assert_no_error (error);
  g_date_clear (&expected, 1);
  g_date_set_dmy (&expected, g_date_time_get_day_of_month (recent), g_date_time_get_month (recent),
                  g_date_time_get_year (recent));
  g_date_add_years (&expected, 6);
  g_assert_cmpint (g_date_compare (&until, &expected), ==, 0);
  g_assert_false (cabinet_retention_fiscal_hold (f->db, gone_id, NULL, NULL, &error));
  g_assert_no_error (error);

  name = cabinet_client_dup_display_name (kept);
  g_assert_true (cabinet_client_store_erase (f->store, kept, name, &error));
  g_assert_no_error (error);
  g_assert_null (cabinet_client_store_lookup (f->store, kept_id));
  g_assert_cmpint (count_audit (f->db, "client-erased", kept_id), ==, 1);
  /* What the law keeps: both payments and both receipts, to the row; the
   * payments' reference (a cheque's number) too, not their note. */
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count (*) FROM payments WHERE client_id IN"
                                                  " (SELECT id FROM clients WHERE erased_on IS NOT NULL"
                                                  "  AND first_name = '' AND last_name = '' AND address = ''"
                                                  "  AND birth_date = '' AND status = 'closed'"
                                                  "  AND receipt_name = 'reference')"), ==, 2);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count (*) FROM receipts"), ==, 3);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count (*) FROM payments WHERE reference = 'CHQ-77'"
                                                  " AND note = ''"), ==, 2);
  /* What goes: the sessions. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM sessions WHERE client_id = %" G_GINT64_FORMAT,
                                            kept_id);

    g_assert_cmpint (cabinet_test_query_int (f->db, sql), ==, 0);
  }
  /* Out of the review of retention too: not a record any more. */
  {
    g_autoptr(GDate) far = g_date_new_dmy (1, 1, 2200);
    g_autoptr(GPtrArray) due = cabinet_retention_list_due (f->db, 20, far, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < due->len; i++)
      g_assert_cmpint (((CabinetRetentionDue *) g_ptr_array_index (due, i))->client_id, !=, kept_id);
  }

  /* Paid seven years ago: nothing is kept. */
  g_clear_pointer (&name, g_free);
  name = cabinet_client_dup_display_name (gone);
  g_assert_true (cabinet_client_store_erase (f->store, gone, name, &error));
  g_assert_no_error (error);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT (SELECT count (*) FROM clients WHERE id = %1$" G_GINT64_FORMAT ")"
                                            " + (SELECT count (*) FROM payments WHERE client_id = %1$" G_GINT64_FORMAT ")"
                                            " + (SELECT count (*) FROM receipts WHERE client_id = %1$" G_GINT64_FORMAT ")",
                                            gone_id);

    g_assert_cmpint (cabinet_test_query_int (f->db, sql), ==, 0);
  }

  /* In the file, once closed: no trace of the erased client's name, address or
   * note. */
  close_store (f);
  cabinet_database_close (f->db);
  plain = decrypt_database (f->path, f->key);
  g_assert_true (bytes_contain (plain, "CHQ-77"));
  g_assert_false (bytes_contain (plain, MARKER));
  g_assert_false (bytes_contain (plain, MARKER_NAME));
}

/* The day a record is due for review: twenty years after the last session; for
 * a minor, twenty years after their eighteenth birthday if later. */
static void
test_retention_dates (void)
{
  struct {
    const char *last, *birth;
    guint years;
    const char *due;
  } cases[] = {
    { "2026-03-15", NULL, 20, "2046-03-15" },          /* birth date not known */
    { "2026-03-15", "1980-04-02", 20, "2046-03-15" },  /* an adult */
    { "2026-03-15", "2014-05-02", 20, "2052-05-02" },  /* twelve at the last session */
    { "2026-03-15", "2008-02-29", 20, "2046-03-15" },  /* eighteen just before */
    { "2026-03-15", "2008-03-16", 20, "2046-03-16" },  /* seventeen, a day short */
    { "2024-02-29", NULL, 5, "2029-02-28" },           /* no 29 February then */
    { "2026-03-15", "2014-05-02", 5, "2037-05-02" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate last, birth, due;
      char text[11];
      guint y, m, d;

      g_date_clear (&birth, 1);
      sscanf (cases[i].last, "%4u-%2u-%2u", &y, &m, &d);
      g_date_clear (&last, 1);
      g_date_set_dmy (&last, d, m, y);
      if (cases[i].birth)
        {
          sscanf (cases[i].birth, "%4u-%2u-%2u", &y, &m, &d);
          g_date_set_dmy (&birth, d, m, y);
        }
      cabinet_retention_due_date (&last, cases[i].birth ? &birth : NULL, cases[i].years, &due);
      g_date_strftime (text, sizeof text, "%Y-%m-%d", &due);
      g_assert_cmpstr (text, ==, cases[i].due);
    }
}

/* The clients past their date, the longest overdue first; a minor is kept
 * longer; a client without any session counts from the day the record was
 * made. */
static void
test_retention_list (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GDate) today = g_date_new_dmy (1, 1, 2029);
  CabinetClient *adult = save_new (f, "Anne", "Adulte");
  CabinetClient *minor = save_new (f, "Marc", "Mineur");
  CabinetClient *older = save_new (f, "Odile", "Ancienne");
  CabinetClient *recent = save_new (f, "Rémi", "Récent");
  CabinetClient *unseen = save_new (f, "Nadia", "Nouvelle");   /* made today, no session */

  cabinet_client_set_text (minor, CABINET_CLIENT_BIRTH_DATE, "2010-09-01");
  g_assert_true (cabinet_client_store_save (f->store, minor, &error));
  add_records (f, cabinet_client_get_id (adult), "2020-03-10");
  add_records (f, cabinet_client_get_id (adult), "2024-05-31");
  add_records (f, cabinet_client_get_id (minor), "2024-05-31");
  add_records (f, cabinet_client_get_id (older), "2023-01-15");
  add_records (f, cabinet_client_get_id (recent), "2026-01-15");

  /* Five years (the shortest the setting allows): only the older client's
   * last session is past it. */
  due = cabinet_retention_list_due (f->db, 5, today, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpint (((CabinetRetentionDue *) g_ptr_array_index (due, 0))->client_id, ==,
                   cabinet_client_get_id (older));
  g_clear_pointer (&due, g_ptr_array_unref);
  /* A year and a half later, the adult's too; the minor is not yet 23. */
  g_clear_pointer (&today, g_date_free);
  today = g_date_new_dmy (1, 6, 2030);
  due = cabinet_retention_list_due (f->db, 5, today, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 2);
  g_assert_cmpint (((CabinetRetentionDue *) g_ptr_array_index (due, 0))->client_id, ==,
                   cabinet_client_get_id (older));
  g_assert_cmpint (((CabinetRetentionDue *) g_ptr_array_index (due, 1))->client_id, ==,
                   cabinet_client_get_id (adult));
  {
    CabinetRetentionDue *item = g_ptr_array_index (due, 1);

    g_assert_cmpint (g_date_get_year (&item->last), ==, 2024);
    g_assert_cmpint (g_date_get_year (&item->due), ==, 2029);
  }
  g_clear_pointer (&due, g_ptr_array_unref);
  /* The minor: 18 on 1 September 2028, due on 1 September 2033, the last;
   * the client never seen, five years after the record was made. */
  g_clear_pointer (&today, g_date_free);
  today = g_date_new_dmy (1, 9, 2033);
  due = cabinet_retention_list_due (f->db, 5, today, &error);
  g_assert_cmpuint (due->len, ==, 5);
  g_assert_cmpint (((CabinetRetentionDue *) g_ptr_array_index (due, 2))->client_id, ==,
                   cabinet_client_get_id (recent));
  g_assert_cmpint (((CabinetRetentionDue *) g_ptr_array_index (due, 3))->client_id, ==,
                   cabinet_client_get_id (unseen));
  g_assert_cmpint (((CabinetRetentionDue *) g_ptr_array_index (due, 4))->client_id, ==,
                   cabinet_client_get_id (minor));
  g_clear_pointer (&due, g_ptr_array_unref);
  /* Twenty years, the default: nobody yet. */
  due = cabinet_retention_list_due (f->db, 20, today, &error);
  g_assert_cmpuint (due->len, ==, 0);
}

static void
test_erase_unknown (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetClient) unsaved = make_client ("Jean", "Dupont");

  g_assert_false (cabinet_client_store_erase (f->store, unsaved, "Jean Dupont", &error));
  g_assert_error (error, CABINET_CLIENT_STORE_ERROR, CABINET_CLIENT_STORE_ERROR_NOT_FOUND);
}

/* Ten thousand clients: loading, searching and sorting stay in memory. */
static void
test_many (Fixture *f, gconstpointer data)
{
  static const char *firsts[] = { "Hélène", "Jean", "Zoë", "Łukasz", "Анна", "Fatima", "Chloé", "Noé" };
  static const char *lasts[] = { "Martin", "Dupont-Œuvray", "García", "Nguyễn", "Ковалёва", "Bernard", "Lefèvre" };
  static const char *cities[] = { "Lyon", "Montréal", "Genève", "Bruxelles", "Saint-Étienne" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 start;
  double load_ms, search_ms, sort_ms;

  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *last = g_strdup_printf ("%s %u", lasts[i % G_N_ELEMENTS (lasts)], i);
      g_autofree char *phone = g_strdup_printf ("06 %02u %02u %02u %02u", i % 97, i % 89, i % 83, i % 79);
      CabinetClient *client = make_client (firsts[i % G_N_ELEMENTS (firsts)], last);

      cabinet_client_set_text (client, CABINET_CLIENT_CITY, cities[i % G_N_ELEMENTS (cities)]);
      cabinet_client_set_text (client, CABINET_CLIENT_PHONE, phone);
      g_ptr_array_add (batch, client);
    }
  g_assert_true (cabinet_client_store_add_all (f->store, batch, &error));
  g_assert_no_error (error);
  g_clear_pointer (&batch, g_ptr_array_unref);

  close_store (f);
  start = g_get_monotonic_time ();
  open_store (f);
  load_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_cmpuint (cabinet_client_store_get_n_all (f->store), ==, 10000);

  start = g_get_monotonic_time ();
  cabinet_client_store_search (f->store, "h");
  cabinet_client_store_search (f->store, "he");
  cabinet_client_store_search (f->store, "hel");
  cabinet_client_store_search (f->store, "hele");
  cabinet_client_store_search (f->store, "helene");
  cabinet_client_store_search (f->store, "helene mar");
  search_ms = (g_get_monotonic_time () - start) / 1000.0 / 6;
  /* Hélène comes every 8th, Martin every 7th: together every 56th. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->store)), ==, (10000 + 55) / 56);
  assert_mirror (f);

  cabinet_client_store_search (f->store, NULL);
  start = g_get_monotonic_time ();
  cabinet_client_store_set_sort (f->store, CABINET_CLIENT_SORT_LAST_ACTIVITY);
  cabinet_client_store_set_sort (f->store, CABINET_CLIENT_SORT_NAME);
  sort_ms = (g_get_monotonic_time () - start) / 1000.0 / 2;
  assert_mirror (f);

  g_test_message ("10,000 clients: load %.1f ms, search %.2f ms per keystroke, sort %.1f ms",
                  load_ms, search_ms, sort_ms);
  /* Far above what was measured, only to catch an accidental quadratic. */
  g_assert_cmpfloat (search_ms, <, 200);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/defaults", test_defaults);
  g_test_add_func ("/client/fold", test_fold);
  g_test_add_func ("/client/display-name", test_display_name);
  g_test_add_func ("/client/validation", test_validation);
  g_test_add_func ("/client/unicode-and-cleaning", test_unicode_and_cleaning);
  g_test_add_func ("/client/minor", test_minor);
  g_test_add_func ("/client/notify", test_notify);

#define ADD(name, func) g_test_add ("/client/store/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("crud", test_crud);
  ADD ("lazy", test_lazy);
  ADD ("invalid-is-never-saved", test_invalid_is_never_saved);
  ADD ("unicode-round-trip", test_unicode_round_trip);
  ADD ("search", test_search);
  ADD ("sort", test_sort);
  ADD ("filter", test_filter);
  ADD ("same-name", test_same_name);
  ADD ("add-all", test_add_all);
  ADD ("erase", test_erase);
  ADD ("erase-unknown", test_erase_unknown);
  ADD ("erase-keeps-fiscal-rows", test_erase_keeps_fiscal_rows);
  ADD ("retention-list", test_retention_list);
  g_test_add_func ("/client/retention-dates", test_retention_dates);
  ADD ("many", test_many);
#undef ADD

  return g_test_run ();
}
