/* test-session.c — sessions: time zones and the clocks changing, series, overlaps,
 * what became of each session, and what the encrypted database keeps
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "cabinet-client-store.h"
#include "cabinet-context.h"
#include "cabinet-reminders.h"
#include "cabinet-session-store.h"
#include "cabinet-test-utils.h"

#define PARIS "Europe/Paris"
#define ROOM "https://visio.example.org/salle-helene"

typedef struct {
  char                *dir;
  char                *path;
  CabinetKey          *key;
  CabinetDatabase     *db;
  CabinetClientStore  *clients;
  CabinetSessionStore *store;
  GTimeZone           *zone;
  gint64               client_id;
  gint64               other_id;
  guint                changed;
} Fixture;

static gint64
add_client (Fixture    *f,
            const char *first,
            const char *last)
{
  g_autoptr(CabinetClient) client = cabinet_client_new (PARIS);
  g_autoptr(GError) error = NULL;

  cabinet_client_set_text (client, CABINET_CLIENT_FIRST_NAME, first);
  cabinet_client_set_text (client, CABINET_CLIENT_LAST_NAME, last);
  cabinet_client_store_save (f->clients, client, &error);
  g_assert_no_error (error);
  return cabinet_client_get_id (client);
}

static void
on_changed (Fixture *f)
{
  f->changed++;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->db = cabinet_test_create_database (&f->dir, &f->path, &f->key);
  f->clients = cabinet_client_store_new (f->db, &error);
  g_assert_no_error (error);
  f->store = cabinet_session_store_new (f->db);
  g_signal_connect_swapped (f->store, "changed", G_CALLBACK (on_changed), f);
  f->zone = g_time_zone_new_identifier (PARIS);
  f->client_id = add_client (f, "Hélène", "Martin");
  f->other_id = add_client (f, "Jean", "Dupont");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_object (&f->clients);
  if (f->db)
    cabinet_database_close (f->db);
  g_clear_object (&f->db);
  g_clear_pointer (&f->zone, g_time_zone_unref);
  cabinet_test_remove_database (f->dir, f->path, f->key);
}

static gint64
local (const char *zone_id,
       int         year,
       int         month,
       int         day,
       int         hour,
       int         minute)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (zone_id);
  g_autoptr(GError) error = NULL;
  gint64 utc = 0;

  g_assert_nonnull (zone);
  cabinet_local_time_to_utc (zone, year, month, day, hour, minute, &utc, &error);
  g_assert_no_error (error);
  return utc;
}


static CabinetSession *
make_session (gint64 client_id,
              gint64 starts_at)
{
  CabinetSession *session = cabinet_session_new ();

  cabinet_session_set_client_id (session, client_id);
  cabinet_session_set_starts_at (session, starts_at);
  cabinet_session_set_link (session, ROOM);
  cabinet_session_set_fee (session, 6000, "EUR");
  return session;
}


static gint64
count_sessions (Fixture *f)
{
  return cabinet_test_query_int (f->db, "SELECT count(*) FROM sessions");
}

/* Adds @session, repeated by @rule, and returns the stored sessions of the
 * client. */
static GListModel *
add (Fixture                 *f,
     CabinetSession          *session,
     const CabinetRecurrence *rule)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetSessionPlan) plan = NULL;
  GListModel *all;

  plan = cabinet_session_store_plan_add (f->store, session, rule, f->zone, &error);
  g_assert_no_error (error);
  cabinet_session_store_apply (f->store, plan, FALSE, &error);
  g_assert_no_error (error);
  all = cabinet_session_store_list_client (f->store, cabinet_session_get_client_id (session), &error);
  g_assert_no_error (error);
  return all;
}

static CabinetSession *
nth (GListModel *model,
     guint       index)
{
  CabinetSession *session = g_list_model_get_item (model, index);

  g_assert_nonnull (session);
  g_object_unref (session);  /* the model keeps it */
  return session;
}

/* Paris goes forward at 02:00 on 29 March 2026 and back at 03:00 on 25 October. */
static void
test_time_paris (void)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier (PARIS);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) back = NULL;
  g_autoptr(GDateTime) back_utc = NULL;
  gint64 t = 0;

  g_assert_cmpint (local (PARIS, 2026, 3, 29, 1, 30), ==, cabinet_test_utc (2026, 3, 29, 0, 30));
  g_assert_cmpint (local (PARIS, 2026, 3, 29, 3, 30), ==, cabinet_test_utc (2026, 3, 29, 1, 30));
  g_assert_cmpint (local (PARIS, 2026, 1, 15, 10, 0), ==, cabinet_test_utc (2026, 1, 15, 9, 0));
  g_assert_cmpint (local (PARIS, 2026, 7, 15, 10, 0), ==, cabinet_test_utc (2026, 7, 15, 8, 0));

  g_assert_false (cabinet_local_time_to_utc (paris, 2026, 3, 29, 2, 30, &t, &error));
  g_assert_error (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_NO_SUCH_TIME);
  g_assert_nonnull (strstr (error->message, "02:30"));
  g_assert_nonnull (strstr (error->message, PARIS));
  g_clear_error (&error);

  /* 02:30 happens twice on the night the clocks go back: either is a real time,
   * and it reads back as 02:30. */
  t = local (PARIS, 2026, 10, 25, 2, 30);
  g_assert_true (t == cabinet_test_utc (2026, 10, 25, 0, 30) || t == cabinet_test_utc (2026, 10, 25, 1, 30));
  back_utc = g_date_time_new_from_unix_utc (t);
  back = g_date_time_to_timezone (back_utc, paris);
  g_assert_cmpint (g_date_time_get_hour (back), ==, 2);
  g_assert_cmpint (g_date_time_get_minute (back), ==, 30);
}

static void
test_time_other_zones (void)
{
  g_autoptr(GTimeZone) montreal = g_time_zone_new_identifier ("America/Montreal");
  g_autoptr(GError) error = NULL;
  gint64 t = 0;

  /* Montreal goes forward on 8 March 2026 at 02:00. */
  g_assert_nonnull (montreal);
  g_assert_false (cabinet_local_time_to_utc (montreal, 2026, 3, 8, 2, 30, &t, &error));
  g_assert_error (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_NO_SUCH_TIME);
  g_clear_error (&error);
  g_assert_cmpint (local ("America/Montreal", 2026, 3, 7, 10, 0), ==, cabinet_test_utc (2026, 3, 7, 15, 0));
  g_assert_cmpint (local ("America/Montreal", 2026, 3, 9, 10, 0), ==, cabinet_test_utc (2026, 3, 9, 14, 0));

  /* Tokyo has no change of the clocks: 02:30 on Paris's spring night exists. */
  g_assert_cmpint (local ("Asia/Tokyo", 2026, 3, 29, 2, 30), ==, cabinet_test_utc (2026, 3, 28, 17, 30));
  g_assert_cmpint (local ("Asia/Tokyo", 2026, 7, 1, 9, 0), ==, cabinet_test_utc (2026, 7, 1, 0, 0));
}

static void
test_time_bad (void)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier (PARIS);
  struct { int y, m, d, h, min; } bad[] = {
    { 1899, 12, 31, 10, 0 }, { 2201, 1, 1, 10, 0 }, { 2026, 2, 30, 10, 0 },
    { 2026, 13, 1, 10, 0 }, { 2026, 1, 1, 24, 0 }, { 2026, 1, 1, 10, 60 }, { 2026, 0, 0, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 t = 42;

      g_assert_false (cabinet_local_time_to_utc (paris, bad[i].y, bad[i].m, bad[i].d, bad[i].h,
                                                 bad[i].min, &t, &error));
      g_assert_error (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_INVALID);
      g_assert_cmpint (t, ==, 42);
    }
}

static GArray *
expand (const char              *zone_id,
        const CabinetRecurrence *rule,
        gint64                   first,
        GError                 **error)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (zone_id);

  return cabinet_recurrence_expand (rule, zone, first, error);
}

#define START(starts, i) g_array_index ((starts), gint64, (i))

/* A weekly session keeps its hour in Paris and in Montreal when the clocks
 * change, so its hour in UTC moves. */
static void
test_recurrence_weekly_dst (void)
{
  CabinetRecurrence rule;
  g_autoptr(GArray) paris = NULL;
  g_autoptr(GArray) montreal = NULL;
  g_autoptr(GArray) tokyo = NULL;
  g_autoptr(GError) error = NULL;

  cabinet_recurrence_init (&rule, CABINET_REPEAT_WEEKLY);
  rule.count = 4;
  paris = expand (PARIS, &rule, local (PARIS, 2026, 3, 16, 10, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (paris->len, ==, 4);
  g_assert_cmpint (START (paris, 0), ==, cabinet_test_utc (2026, 3, 16, 9, 0));
  g_assert_cmpint (START (paris, 1), ==, cabinet_test_utc (2026, 3, 23, 9, 0));
  g_assert_cmpint (START (paris, 2), ==, cabinet_test_utc (2026, 3, 30, 8, 0));
  g_assert_cmpint (START (paris, 3), ==, cabinet_test_utc (2026, 4, 6, 8, 0));

  montreal = expand ("America/Montreal", &rule, local ("America/Montreal", 2026, 3, 2, 18, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpint (START (montreal, 0), ==, cabinet_test_utc (2026, 3, 2, 23, 0));
  g_assert_cmpint (START (montreal, 1), ==, cabinet_test_utc (2026, 3, 9, 22, 0));

  tokyo = expand ("Asia/Tokyo", &rule, local ("Asia/Tokyo", 2026, 3, 16, 10, 0), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < tokyo->len; i++)
    g_assert_cmpint (START (tokyo, i) - START (tokyo, 0), ==, (gint64) i * 7 * 86400);
  cabinet_recurrence_clear (&rule);
}

static void
test_recurrence_until_monthly_skip (void)
{
  CabinetRecurrence rule;
  g_autoptr(GArray) starts = NULL;
  g_autoptr(GError) error = NULL;
  GDate day;

  /* Every two weeks until a day, that day included. */
  cabinet_recurrence_init (&rule, CABINET_REPEAT_BIWEEKLY);
  g_date_set_dmy (&rule.until, 9, 2, 2026);
  starts = expand (PARIS, &rule, local (PARIS, 2026, 1, 12, 18, 30), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (starts->len, ==, 3);
  g_assert_cmpint (START (starts, 2), ==, local (PARIS, 2026, 2, 9, 18, 30));
  cabinet_recurrence_clear (&rule);
  g_clear_pointer (&starts, g_array_unref);

  /* Monthly on the 31st: the last day of shorter months, then the 31st again. */
  cabinet_recurrence_init (&rule, CABINET_REPEAT_MONTHLY);
  rule.count = 4;
  starts = expand (PARIS, &rule, local (PARIS, 2026, 1, 31, 9, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpint (START (starts, 1), ==, local (PARIS, 2026, 2, 28, 9, 0));
  g_assert_cmpint (START (starts, 2), ==, local (PARIS, 2026, 3, 31, 9, 0));
  g_assert_cmpint (START (starts, 3), ==, local (PARIS, 2026, 4, 30, 9, 0));
  cabinet_recurrence_clear (&rule);
  g_clear_pointer (&starts, g_array_unref);

  /* A holiday week skipped: four sessions still, the skipped day not among them. */
  cabinet_recurrence_init (&rule, CABINET_REPEAT_WEEKLY);
  rule.count = 4;
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 16, 2, 2026);
  cabinet_recurrence_skip_day (&rule, &day);
  starts = expand (PARIS, &rule, local (PARIS, 2026, 2, 2, 10, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (starts->len, ==, 4);
  g_assert_cmpint (START (starts, 1), ==, local (PARIS, 2026, 2, 9, 10, 0));
  g_assert_cmpint (START (starts, 2), ==, local (PARIS, 2026, 2, 23, 10, 0));
  g_assert_cmpint (START (starts, 3), ==, local (PARIS, 2026, 3, 2, 10, 0));
  cabinet_recurrence_clear (&rule);
}

static void
test_recurrence_bad (void)
{
  CabinetRecurrence rule;
  g_autoptr(GError) error = NULL;
  GArray *starts;

  /* No end. */
  cabinet_recurrence_init (&rule, CABINET_REPEAT_WEEKLY);
  starts = expand (PARIS, &rule, local (PARIS, 2026, 1, 5, 10, 0), &error);
  g_assert_null (starts);
  g_assert_error (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_INVALID);
  g_clear_error (&error);

  /* Too many, by count and by date. */
  rule.count = CABINET_RECURRENCE_MAX + 1;
  g_assert_null (expand (PARIS, &rule, local (PARIS, 2026, 1, 5, 10, 0), &error));
  g_assert_error (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_INVALID);
  g_clear_error (&error);
  rule.count = 0;
  g_date_set_dmy (&rule.until, 1, 1, 2199);
  g_assert_null (expand (PARIS, &rule, local (PARIS, 2026, 1, 5, 10, 0), &error));
  g_assert_error (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_INVALID);
  g_clear_error (&error);

  /* Ending before it begins. */
  g_date_set_dmy (&rule.until, 1, 1, 2026);
  g_assert_null (expand (PARIS, &rule, local (PARIS, 2026, 1, 5, 10, 0), &error));
  g_assert_error (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_INVALID);
  g_clear_error (&error);

  /* A weekly session at 02:30 meets the night the clocks go forward. */
  g_date_clear (&rule.until, 1);
  rule.count = 6;
  g_assert_null (expand (PARIS, &rule, local (PARIS, 2026, 3, 8, 2, 30), &error));
  g_assert_error (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_NO_SUCH_TIME);
  g_clear_error (&error);
  cabinet_recurrence_clear (&rule);
}

static void
test_recurrence_move (void)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier (PARIS);
  g_autoptr(GError) error = NULL;
  gint64 moved = 0;

  /* Monday 10:00 becomes Tuesday 14:00: a Monday after the clocks changed becomes
   * that week's Tuesday at 14:00 too. */
  cabinet_recurrence_move (paris, local (PARIS, 2026, 3, 16, 10, 0), local (PARIS, 2026, 3, 17, 14, 0),
                           local (PARIS, 2026, 4, 6, 10, 0), &moved, &error);
  g_assert_no_error (error);
  g_assert_cmpint (moved, ==, local (PARIS, 2026, 4, 7, 14, 0));

  /* And earlier: Friday back to Wednesday. */
  cabinet_recurrence_move (paris, local (PARIS, 2026, 5, 8, 9, 0), local (PARIS, 2026, 5, 6, 9, 0),
                           local (PARIS, 2026, 5, 15, 9, 0), &moved, &error);
  g_assert_no_error (error);
  g_assert_cmpint (moved, ==, local (PARIS, 2026, 5, 13, 9, 0));
}

static void
assert_issue (CabinetSession *session,
              const char     *field)
{
  g_autoptr(GHashTable) issues = cabinet_session_validate (session);

  g_assert_nonnull (issues);
  g_assert_true (g_hash_table_contains (issues, field));
}

static void
test_validate (void)
{
  g_autoptr(CabinetSession) session = make_session (1, cabinet_test_utc (2026, 11, 23, 9, 0));
  g_autoptr(GHashTable) none = cabinet_session_validate (session);
  g_autoptr(GHashTable) issues = NULL;

  g_assert_null (none);

  cabinet_session_set_link (session, "http://visio.example.org/salle");
  issues = cabinet_session_validate (session);
  g_assert_nonnull (strstr (g_hash_table_lookup (issues, CABINET_SESSION_LINK), "https://"));
  cabinet_session_set_link (session, "visio example org");
  assert_issue (session, CABINET_SESSION_LINK);
  cabinet_session_set_link (session, "https://");
  assert_issue (session, CABINET_SESSION_LINK);
  cabinet_session_set_link (session, ROOM);

  cabinet_session_set_modality (session, CABINET_CHANNEL_PHONE);
  assert_issue (session, CABINET_SESSION_LINK);  /* a web address is no phone number */
  cabinet_session_set_link (session, "+33 6 12 34 56 78");
  g_assert_null (cabinet_session_validate (session));
  cabinet_session_set_modality (session, CABINET_CHANNEL_EMAIL);
  assert_issue (session, CABINET_SESSION_LINK);
  cabinet_session_set_link (session, "helene@example.org");
  g_assert_null (cabinet_session_validate (session));

  cabinet_session_set_duration (session, 0);
  assert_issue (session, CABINET_SESSION_DURATION);
  cabinet_session_set_duration (session, CABINET_SESSION_MAX_DURATION + 1);
  assert_issue (session, CABINET_SESSION_DURATION);
  cabinet_session_set_duration (session, 50);

  cabinet_session_set_starts_at (session, cabinet_test_utc (1899, 12, 31, 23, 0));
  assert_issue (session, CABINET_SESSION_START);
  cabinet_session_set_starts_at (session, cabinet_test_utc (2201, 1, 1, 0, 0));
  assert_issue (session, CABINET_SESSION_START);
  cabinet_session_set_starts_at (session, cabinet_test_utc (2026, 11, 23, 9, 0));

  cabinet_session_set_fee (session, -1, "EUR");
  assert_issue (session, CABINET_SESSION_FEE);
  cabinet_session_set_fee (session, 0, "EUR");
  cabinet_session_set_client_id (session, 0);
  assert_issue (session, CABINET_SESSION_CLIENT);
}

static void
test_status_rules (void)
{
  gint64 now = cabinet_test_utc (2026, 11, 22, 12, 0);
  gint64 past = now - 3600, future = now + 3600;
  g_autoptr(GError) error = NULL;

  g_assert_true (cabinet_session_status_change_allowed (CABINET_SESSION_SCHEDULED, CABINET_SESSION_DONE, past, now, NULL));
  g_assert_true (cabinet_session_status_change_allowed (CABINET_SESSION_SCHEDULED, CABINET_SESSION_NO_SHOW, past, now, NULL));
  g_assert_true (cabinet_session_status_change_allowed (CABINET_SESSION_SCHEDULED, CABINET_SESSION_LATE_CANCEL, future, now, NULL));
  g_assert_true (cabinet_session_status_change_allowed (CABINET_SESSION_SCHEDULED, CABINET_SESSION_CANCELLED_CLIENT, future, now, NULL));
  g_assert_true (cabinet_session_status_change_allowed (CABINET_SESSION_DONE, CABINET_SESSION_SCHEDULED, past, now, NULL));

  g_assert_false (cabinet_session_status_change_allowed (CABINET_SESSION_SCHEDULED, CABINET_SESSION_DONE, future, now, &error));
  g_assert_error (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_STATUS);
  g_clear_error (&error);
  g_assert_false (cabinet_session_status_change_allowed (CABINET_SESSION_SCHEDULED, CABINET_SESSION_NO_SHOW, future, now, NULL));
  g_assert_false (cabinet_session_status_change_allowed (CABINET_SESSION_DONE, CABINET_SESSION_NO_SHOW, past, now, &error));
  g_assert_nonnull (strstr (error->message, "Done"));
}

static void
test_parse_time (void)
{
  struct { const char *text; int hour, minute; } good[] = {
    { "14:30", 14, 30 }, { "9:05", 9, 5 }, { "09:05", 9, 5 }, { "14h30", 14, 30 },
    { "14h", 14, 0 }, { "14", 14, 0 }, { " 8:00 ", 8, 0 }, { "0:00", 0, 0 }, { "23.59", 23, 59 },
  };
  const char *bad[] = { "", "h", "24:00", "12:60", "12:5", "ab", "12:30pm", "123", "-1:00", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      int hour = -1, minute = -1;

      g_assert_true (cabinet_parse_time_of_day (good[i].text, &hour, &minute));
      g_assert_cmpint (hour, ==, good[i].hour);
      g_assert_cmpint (minute, ==, good[i].minute);
    }
  for (guint i = 0; bad[i]; i++)
    {
      int hour = -1, minute = -1;

      g_assert_false (cabinet_parse_time_of_day (bad[i], &hour, &minute));
      g_assert_cmpint (hour, ==, -1);
    }
}

static void
test_client_time (void)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier (PARIS);
  g_autoptr(CabinetSession) session = make_session (1, local (PARIS, 2026, 11, 24, 10, 0));
  g_autofree char *same = cabinet_session_dup_client_time (session, paris, "Europe/Berlin");
  g_autofree char *montreal = cabinet_session_dup_client_time (session, paris, "America/Montreal");
  g_autofree char *tokyo = NULL;
  g_autofree char *range = cabinet_session_dup_time_range (session, paris);

  g_assert_null (same);
  g_assert_cmpstr (montreal, ==, "04:00 for the client (America/Montreal)");
  g_assert_cmpstr (range, ==, "10:00 – 10:50");
  cabinet_session_set_starts_at (session, local (PARIS, 2026, 11, 24, 18, 0));
  tokyo = cabinet_session_dup_client_time (session, paris, "Asia/Tokyo");
  g_assert_cmpstr (tokyo, ==, "02:00 (Wed) for the client (Asia/Tokyo)");
  g_assert_null (cabinet_session_dup_client_time (session, paris, "Not/AZone"));
}

static void
test_outside_hours (void)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier (PARIS);
  g_autoptr(CabinetSession) session = make_session (1, local (PARIS, 2026, 11, 23, 9, 0));  /* a Monday */
  guint weekdays = 0x1f;

  g_assert_false (cabinet_session_outside_hours (session, paris, 9 * 60, 19 * 60, weekdays));
  cabinet_session_set_starts_at (session, local (PARIS, 2026, 11, 23, 8, 30));
  g_assert_true (cabinet_session_outside_hours (session, paris, 9 * 60, 19 * 60, weekdays));
  cabinet_session_set_starts_at (session, local (PARIS, 2026, 11, 23, 18, 30));  /* ends 19:20 */
  g_assert_true (cabinet_session_outside_hours (session, paris, 9 * 60, 19 * 60, weekdays));
  cabinet_session_set_starts_at (session, local (PARIS, 2026, 11, 28, 10, 0));  /* a Saturday */
  g_assert_true (cabinet_session_outside_hours (session, paris, 9 * 60, 19 * 60, weekdays));
  g_assert_false (cabinet_session_outside_hours (session, paris, 9 * 60, 19 * 60, 0x3f));
}

/* A weekly series is written, read back by day and by client, and survives
 * closing and reopening the file with its key; the file shows none of it. */
static void
test_store_series_reopen (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(CabinetSession) session = make_session (f->client_id, local (PARIS, 2026, 3, 16, 10, 0));
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GListModel) week = NULL;
  g_autoptr(GError) error = NULL;
  CabinetRecurrence rule;
  CabinetSession *third;

  cabinet_recurrence_init (&rule, CABINET_REPEAT_WEEKLY);
  rule.count = 10;
  all = add (f, session, &rule);
  cabinet_recurrence_clear (&rule);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 10);
  g_assert_cmpuint (f->changed, ==, 1);
  g_assert_cmpint (cabinet_session_get_id (session), >, 0);
  g_assert_cmpint (cabinet_session_get_series_id (session), >, 0);

  third = nth (all, 2);
  g_assert_cmpint (cabinet_session_get_starts_at (third), ==, cabinet_test_utc (2026, 3, 30, 8, 0));
  g_assert_cmpuint (cabinet_session_get_duration (third), ==, 50);
  g_assert_cmpstr (cabinet_session_get_link (third), ==, ROOM);
  g_assert_cmpint (cabinet_session_get_fee (third), ==, 6000);
  g_assert_cmpstr (cabinet_session_get_uid (third), !=, cabinet_session_get_uid (nth (all, 1)));

  /* The week of 30 March: the third session only; a range that starts in the
   * middle of a session still shows it. */
  week = cabinet_session_store_list_range (f->store, local (PARIS, 2026, 3, 30, 0, 0),
                                           local (PARIS, 2026, 4, 6, 0, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (week), ==, 1);
  g_clear_object (&week);
  week = cabinet_session_store_list_range (f->store, cabinet_test_utc (2026, 3, 30, 8, 49), cabinet_test_utc (2026, 3, 30, 8, 50), &error);
  g_assert_cmpuint (g_list_model_get_n_items (week), ==, 1);
  g_clear_object (&week);
  week = cabinet_session_store_list_range (f->store, cabinet_test_utc (2026, 3, 30, 8, 50), cabinet_test_utc (2026, 3, 30, 9, 0), &error);
  g_assert_cmpuint (g_list_model_get_n_items (week), ==, 0);

  g_clear_object (&f->store);
  g_clear_object (&f->clients);
  cabinet_database_close (f->db);
  g_clear_object (&f->db);
  g_assert_false (cabinet_test_file_contains (f->path, ROOM));
  g_assert_false (cabinet_test_file_contains (f->path, "visio.example.org"));

  f->db = cabinet_database_open (f->path, f->key, CABINET_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  f->store = cabinet_session_store_new (f->db);
  g_clear_object (&all);
  all = cabinet_session_store_list_client (f->store, f->client_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 10);
  g_assert_cmpint (cabinet_session_get_starts_at (nth (all, 9)), ==, local (PARIS, 2026, 5, 18, 10, 0));
}

static void
test_store_overlap (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CabinetSession) first = make_session (f->client_id, local (PARIS, 2026, 11, 23, 10, 0));
  g_autoptr(CabinetSession) second = make_session (f->other_id, local (PARIS, 2026, 11, 23, 10, 30));
  g_autoptr(CabinetSession) after = make_session (f->other_id, local (PARIS, 2026, 11, 23, 10, 50));
  g_autoptr(CabinetSessionPlan) plan = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GError) error = NULL;
  CabinetRecurrence rule;

  all = add (f, first, NULL);

  plan = cabinet_session_store_plan_add (f->store, second, NULL, f->zone, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cabinet_session_plan_get_overlaps (plan)->len, ==, 1);
  g_assert_cmpint (cabinet_session_get_id (g_ptr_array_index (cabinet_session_plan_get_overlaps (plan), 0)),
                   ==, cabinet_session_get_id (first));

  /* Not confirmed: nothing is written. */
  g_assert_false (cabinet_session_store_apply (f->store, plan, FALSE, &error));
  g_assert_error (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_OVERLAP);
  g_clear_error (&error);
  g_assert_cmpint (count_sessions (f), ==, 1);
  g_assert_cmpuint (f->changed, ==, 1);

  /* Confirmed: both are kept. */
  cabinet_session_store_apply (f->store, plan, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_sessions (f), ==, 2);
  g_clear_pointer (&plan, cabinet_session_plan_free);

  /* Back to back is no overlap. */
  plan = cabinet_session_store_plan_add (f->store, after, NULL, f->zone, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cabinet_session_plan_get_overlaps (plan)->len, ==, 1);  /* the 10:30 one */
  g_clear_pointer (&plan, cabinet_session_plan_free);

  /* A cancelled session frees its slot. */
  cabinet_session_store_set_status (f->store, first, CABINET_SESSION_CANCELLED_CLIENT,
                                    CABINET_SESSION_SCOPE_THIS, &error);
  g_assert_no_error (error);
  cabinet_session_store_set_status (f->store, second, CABINET_SESSION_CANCELLED_THERAPIST,
                                    CABINET_SESSION_SCOPE_THIS, &error);
  g_assert_no_error (error);
  plan = cabinet_session_store_plan_add (f->store, after, NULL, f->zone, &error);
  g_assert_cmpuint (cabinet_session_plan_get_overlaps (plan)->len, ==, 0);
  g_clear_pointer (&plan, cabinet_session_plan_free);

  /* A series meeting one planned session reports it once. */
  g_clear_object (&after);
  after = make_session (f->other_id, local (PARIS, 2026, 12, 7, 10, 0));
  g_clear_object (&all);
  all = add (f, after, NULL);
  cabinet_recurrence_init (&rule, CABINET_REPEAT_WEEKLY);
  rule.count = 5;
  g_clear_object (&second);
  second = make_session (f->client_id, local (PARIS, 2026, 11, 30, 10, 20));
  plan = cabinet_session_store_plan_add (f->store, second, &rule, f->zone, &error);
  cabinet_recurrence_clear (&rule);
  g_assert_no_error (error);
  g_assert_cmpuint (cabinet_session_plan_get_n_sessions (plan), ==, 5);
  g_assert_cmpuint (cabinet_session_plan_get_overlaps (plan)->len, ==, 1);
}

/* Series in the past, so that they can be marked as held. */
static GListModel *
add_past_series (Fixture *f,
                 guint    count)
{
  g_autoptr(CabinetSession) session = make_session (f->client_id, local (PARIS, 2020, 1, 6, 10, 0));
  CabinetRecurrence rule;
  GListModel *all;

  cabinet_recurrence_init (&rule, CABINET_REPEAT_WEEKLY);
  rule.count = count;
  all = add (f, session, &rule);
  cabinet_recurrence_clear (&rule);
  return all;
}

static void
test_store_edit_following (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GListModel) all = add_past_series (f, 6);
  g_autoptr(GListModel) after = NULL;
  g_autoptr(CabinetSession) edited = NULL;
  g_autoptr(CabinetSessionPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  /* The fifth was held: it stays where it was. */
  cabinet_session_store_set_status (f->store, nth (all, 4), CABINET_SESSION_DONE,
                                    CABINET_SESSION_SCOPE_THIS, &error);
  g_assert_no_error (error);

  /* From the third on: Tuesday 14:00, 45 minutes, by phone. */
  edited = cabinet_session_copy (nth (all, 2));
  cabinet_session_set_starts_at (edited, local (PARIS, 2020, 1, 21, 14, 0));
  cabinet_session_set_duration (edited, 45);
  cabinet_session_set_modality (edited, CABINET_CHANNEL_PHONE);
  cabinet_session_set_link (edited, "+33 6 12 34 56 78");
  plan = cabinet_session_store_plan_update (f->store, edited, CABINET_SESSION_SCOPE_FOLLOWING, f->zone, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cabinet_session_plan_get_n_sessions (plan), ==, 3);  /* 3rd, 4th, 6th */
  cabinet_session_store_apply (f->store, plan, FALSE, &error);
  g_assert_no_error (error);

  after = cabinet_session_store_list_client (f->store, f->client_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cabinet_session_get_starts_at (nth (after, 0)), ==, local (PARIS, 2020, 1, 6, 10, 0));
  g_assert_cmpint (cabinet_session_get_starts_at (nth (after, 1)), ==, local (PARIS, 2020, 1, 13, 10, 0));
  g_assert_cmpint (cabinet_session_get_starts_at (nth (after, 2)), ==, local (PARIS, 2020, 1, 21, 14, 0));
  g_assert_cmpint (cabinet_session_get_starts_at (nth (after, 3)), ==, local (PARIS, 2020, 1, 28, 14, 0));
  g_assert_cmpint (cabinet_session_get_starts_at (nth (after, 4)), ==, local (PARIS, 2020, 2, 3, 10, 0));
  g_assert_cmpint (cabinet_session_get_status (nth (after, 4)), ==, CABINET_SESSION_DONE);
  g_assert_cmpint (cabinet_session_get_starts_at (nth (after, 5)), ==, local (PARIS, 2020, 2, 11, 14, 0));
  g_assert_cmpuint (cabinet_session_get_duration (nth (after, 5)), ==, 45);
  g_assert_cmpint (cabinet_session_get_modality (nth (after, 5)), ==, CABINET_CHANNEL_PHONE);
  g_assert_cmpuint (cabinet_session_get_duration (nth (after, 1)), ==, 50);

  /* This one only. */
  g_clear_object (&edited);
  g_clear_pointer (&plan, cabinet_session_plan_free);
  edited = cabinet_session_copy (nth (after, 0));
  cabinet_session_set_starts_at (edited, local (PARIS, 2020, 1, 6, 16, 0));
  plan = cabinet_session_store_plan_update (f->store, edited, CABINET_SESSION_SCOPE_THIS, f->zone, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cabinet_session_plan_get_n_sessions (plan), ==, 1);
  cabinet_session_store_apply (f->store, plan, FALSE, &error);
  g_assert_no_error (error);
  g_clear_object (&after);
  after = cabinet_session_store_list_client (f->store, f->client_id, &error);
  g_assert_cmpint (cabinet_session_get_starts_at (nth (after, 0)), ==, local (PARIS, 2020, 1, 6, 16, 0));
  g_assert_cmpint (cabinet_session_get_starts_at (nth (after, 1)), ==, local (PARIS, 2020, 1, 13, 10, 0));

  /* A session that was held keeps its time; its fee may still be corrected. */
  g_clear_object (&edited);
  g_clear_pointer (&plan, cabinet_session_plan_free);
  edited = cabinet_session_copy (nth (after, 4));
  cabinet_session_set_starts_at (edited, local (PARIS, 2030, 2, 3, 10, 0));
  g_assert_null (cabinet_session_store_plan_update (f->store, edited, CABINET_SESSION_SCOPE_THIS, f->zone, &error));
  g_assert_error (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_STATUS);
  g_clear_error (&error);
  g_clear_object (&edited);
  edited = cabinet_session_copy (nth (after, 4));
  cabinet_session_set_fee (edited, 4500, "EUR");
  plan = cabinet_session_store_plan_update (f->store, edited, CABINET_SESSION_SCOPE_THIS, f->zone, &error);
  g_assert_no_error (error);
  cabinet_session_store_apply (f->store, plan, FALSE, &error);
  g_assert_no_error (error);

  /* A session of a series stays with its client. */
  g_clear_object (&edited);
  g_clear_pointer (&plan, cabinet_session_plan_free);
  edited = cabinet_session_copy (nth (after, 5));
  cabinet_session_set_client_id (edited, f->other_id);
  g_assert_null (cabinet_session_store_plan_update (f->store, edited, CABINET_SESSION_SCOPE_THIS, f->zone, &error));
  g_assert_error (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_INVALID);
  g_clear_error (&error);

  /* An invalid edit writes nothing. */
  g_clear_object (&edited);
  g_clear_pointer (&plan, cabinet_session_plan_free);
  edited = cabinet_session_copy (nth (after, 1));
  cabinet_session_set_link (edited, "http://visio.example.org/");
  g_assert_null (cabinet_session_store_plan_update (f->store, edited, CABINET_SESSION_SCOPE_FOLLOWING, f->zone, &error));
  g_assert_error (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_INVALID);
}

static void
test_store_cancel_following (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GListModel) all = add_past_series (f, 6);
  g_autoptr(GListModel) after = NULL;
  g_autoptr(GError) error = NULL;

  cabinet_session_store_set_status (f->store, nth (all, 4), CABINET_SESSION_DONE,
                                    CABINET_SESSION_SCOPE_THIS, &error);
  g_assert_no_error (error);

  /* Only a cancellation spreads to the rest of the series. */
  g_assert_false (cabinet_session_store_set_status (f->store, nth (all, 3), CABINET_SESSION_NO_SHOW,
                                                    CABINET_SESSION_SCOPE_FOLLOWING, &error));
  g_assert_error (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_STATUS);
  g_clear_error (&error);

  cabinet_session_store_set_status (f->store, nth (all, 3), CABINET_SESSION_CANCELLED_THERAPIST,
                                    CABINET_SESSION_SCOPE_FOLLOWING, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cabinet_session_get_status (nth (all, 3)), ==, CABINET_SESSION_CANCELLED_THERAPIST);

  after = cabinet_session_store_list_client (f->store, f->client_id, &error);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (cabinet_session_get_status (nth (after, i)), ==, CABINET_SESSION_SCHEDULED);
  g_assert_cmpint (cabinet_session_get_status (nth (after, 3)), ==, CABINET_SESSION_CANCELLED_THERAPIST);
  g_assert_cmpint (cabinet_session_get_status (nth (after, 4)), ==, CABINET_SESSION_DONE);
  g_assert_cmpint (cabinet_session_get_status (nth (after, 5)), ==, CABINET_SESSION_CANCELLED_THERAPIST);
}

/* A status change made in another window is not overwritten by a stale copy. */
static void
test_store_status_guard (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GListModel) all = add_past_series (f, 2);
  g_autoptr(CabinetSession) stale = cabinet_session_copy (nth (all, 0));
  g_autoptr(CabinetSession) reread = NULL;
  g_autoptr(GError) error = NULL;

  cabinet_session_store_set_status (f->store, nth (all, 0), CABINET_SESSION_DONE,
                                    CABINET_SESSION_SCOPE_THIS, &error);
  g_assert_no_error (error);
  g_assert_false (cabinet_session_store_set_status (f->store, stale, CABINET_SESSION_NO_SHOW,
                                                    CABINET_SESSION_SCOPE_THIS, &error));
  g_assert_error (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_STATUS);
  g_clear_error (&error);

  reread = cabinet_session_store_get (f->store, cabinet_session_get_id (stale), &error);
  g_assert_cmpint (cabinet_session_get_status (reread), ==, CABINET_SESSION_DONE);

  /* Undone, then marked a no-show. */
  cabinet_session_store_set_status (f->store, stale, CABINET_SESSION_SCHEDULED, CABINET_SESSION_SCOPE_THIS, &error);
  g_assert_no_error (error);
  cabinet_session_store_set_status (f->store, stale, CABINET_SESSION_NO_SHOW, CABINET_SESSION_SCOPE_THIS, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM audit_log WHERE action = 'no-show'"), ==, 1);
}

static void
test_store_delete (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GListModel) all = add_past_series (f, 5);
  g_autofree char *uid = g_strdup (cabinet_session_get_uid (nth (all, 1)));
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;

  /* A holiday week skipped. */
  cabinet_session_store_delete (f->store, nth (all, 1), CABINET_SESSION_SCOPE_THIS, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_sessions (f), ==, 4);
  sql = g_strdup_printf ("SELECT count(*) FROM session_tombstones WHERE uid = '%s'", uid);
  g_assert_cmpint (cabinet_test_query_int (f->db, sql), ==, 1);

  /* A session that was held stays in the records. */
  cabinet_session_store_set_status (f->store, nth (all, 2), CABINET_SESSION_DONE, CABINET_SESSION_SCOPE_THIS, &error);
  g_assert_no_error (error);
  g_assert_false (cabinet_session_store_delete (f->store, nth (all, 2), CABINET_SESSION_SCOPE_THIS, &error));
  g_assert_error (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_STATUS);
  g_clear_error (&error);

  /* The rest of the series from the fourth: 4th and 5th go, the held one stays. */
  cabinet_session_store_delete (f->store, nth (all, 3), CABINET_SESSION_SCOPE_FOLLOWING, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_sessions (f), ==, 2);

  /* Already gone. */
  g_assert_false (cabinet_session_store_delete (f->store, nth (all, 4), CABINET_SESSION_SCOPE_THIS, &error));
  g_assert_error (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_NOT_FOUND);
}

/* Starting despite a failed check is written with the session, and read back. */
static void
test_store_record_start (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GListModel) all = add_past_series (f, 3);
  g_autoptr(CabinetSession) reread = NULL;
  g_autoptr(GError) error = NULL;
  const char *failed[] = { "disk-encryption", "os-updates", NULL };
  const char * const *despite;
  gint64 run;

  cabinet_database_exec (f->db, "INSERT INTO self_check_runs (checked_at, verdict)"
                                " VALUES ('2026-11-22T08:00:00.000Z', 'fail')", &error);
  g_assert_no_error (error);
  run = cabinet_database_last_insert_id (f->db);

  cabinet_session_store_record_start (f->store, nth (all, 0), run, failed, &error);
  g_assert_no_error (error);
  cabinet_session_store_record_start (f->store, nth (all, 1), run, NULL, &error);
  g_assert_no_error (error);

  reread = cabinet_session_store_get (f->store, cabinet_session_get_id (nth (all, 0)), &error);
  g_assert_cmpint (cabinet_session_get_started_at (reread), >, 0);
  despite = cabinet_session_get_started_despite (reread);
  g_assert_cmpuint (g_strv_length ((char **) despite), ==, 2);
  g_assert_cmpstr (despite[0], ==, "disk-encryption");
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM sessions WHERE self_check_run IS NOT NULL"), ==, 2);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM audit_log WHERE action = 'session-started-despite-checks'"), ==, 1);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM audit_log WHERE action = 'session-started'"), ==, 1);

  /* A started session is not deleted; a cancelled one is not started. */
  g_assert_false (cabinet_session_store_delete (f->store, nth (all, 0), CABINET_SESSION_SCOPE_THIS, &error));
  g_clear_error (&error);
  cabinet_session_store_set_status (f->store, nth (all, 2), CABINET_SESSION_CANCELLED_CLIENT,
                                    CABINET_SESSION_SCOPE_THIS, &error);
  g_assert_no_error (error);
  g_assert_false (cabinet_session_store_record_start (f->store, nth (all, 2), run, NULL, &error));
  g_assert_error (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_STATUS);
}

/* A series that cannot be planned whole is not planned at all. */
static void
test_store_nothing_half_written (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(CabinetSession) session = make_session (f->client_id, local (PARIS, 2026, 3, 8, 2, 30));
  g_autoptr(GError) error = NULL;
  CabinetRecurrence rule;

  cabinet_recurrence_init (&rule, CABINET_REPEAT_WEEKLY);
  rule.count = 6;
  g_assert_null (cabinet_session_store_plan_add (f->store, session, &rule, f->zone, &error));
  g_assert_error (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_NO_SUCH_TIME);
  g_clear_error (&error);
  rule.count = 0;
  g_assert_null (cabinet_session_store_plan_add (f->store, session, &rule, f->zone, &error));
  g_assert_error (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_INVALID);
  g_clear_error (&error);
  cabinet_recurrence_clear (&rule);

  cabinet_session_set_link (session, "http://insecure.example.org/");
  g_assert_null (cabinet_session_store_plan_add (f->store, session, NULL, f->zone, &error));
  g_assert_error (error, CABINET_SESSION_ERROR, CABINET_SESSION_ERROR_INVALID);
  g_assert_cmpint (count_sessions (f), ==, 0);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM session_series"), ==, 0);
  g_assert_cmpuint (f->changed, ==, 0);
}

/* Erasing a client erases their sessions, and leaves only the UIDs a calendar
 * needs to forget them. */
static void
test_store_erased_with_client (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GListModel) all = add_past_series (f, 3);
  CabinetClient *client = cabinet_client_store_lookup (f->clients, f->client_id);
  g_autofree char *name = cabinet_client_dup_display_name (client);
  g_autoptr(GError) error = NULL;

  cabinet_client_store_erase (f->clients, client, name, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_sessions (f), ==, 0);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM session_series"), ==, 0);
  g_assert_cmpint (cabinet_test_query_int (f->db, "SELECT count(*) FROM session_tombstones"), ==, 3);
}

static void
on_remind (GPtrArray      *reminded,
           CabinetSession *session)
{
  g_ptr_array_add (reminded, g_object_ref (session));
}

/* A reminder comes once, "reminder-minutes" before a scheduled session; not for
 * one cancelled or already started; again for one moved. */
static void
test_reminders (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) settings = g_settings_new_with_backend (APPLICATION_ID, backend);
  g_autofree char *dir = cabinet_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "cabinet.db", NULL);
  g_autoptr(CabinetKey) key = cabinet_key_new_random ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinetContext) context = cabinet_context_new (path, settings);
  g_autoptr(CabinetReminders) reminders = NULL;
  g_autoptr(GPtrArray) reminded = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CabinetClient) client = cabinet_client_new (PARIS);
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier (PARIS);
  CabinetDatabase *db = cabinet_database_open (path, key, CABINET_DATABASE_CREATE, &error);
  CabinetSessionStore *store;
  gint64 now = cabinet_test_utc (2030, 5, 6, 8, 0);
  gint64 starts[] = { now + 5 * 60, now + 30 * 60, now + 3 * 60 };
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_no_error (error);
  cabinet_context_unlock (context, db);
  g_object_unref (db);
  cabinet_client_set_text (client, CABINET_CLIENT_FIRST_NAME, "Hélène");
  cabinet_client_set_text (client, CABINET_CLIENT_LAST_NAME, "Martin");
  cabinet_client_store_save (cabinet_context_get_client_store (context, NULL), client, &error);
  g_assert_no_error (error);
  store = cabinet_context_get_session_store (context);
  for (guint i = 0; i < G_N_ELEMENTS (starts); i++)
    {
      g_autoptr(CabinetSession) session = make_session (cabinet_client_get_id (client), starts[i]);
      g_autoptr(CabinetSessionPlan) plan = cabinet_session_store_plan_add (store, session, NULL, paris, &error);

      cabinet_session_store_apply (store, plan, TRUE, &error);
      g_assert_no_error (error);
      g_ptr_array_add (sessions, g_object_ref (session));
    }
  cabinet_session_store_set_status (store, g_ptr_array_index (sessions, 2), CABINET_SESSION_CANCELLED_CLIENT,
                                    CABINET_SESSION_SCOPE_THIS, &error);
  g_assert_no_error (error);

  reminders = cabinet_reminders_new (context, NULL);
  g_signal_connect_swapped (reminders, "remind", G_CALLBACK (on_remind), reminded);
  g_ptr_array_set_size (reminded, 0);  /* whatever the real clock said at start-up */

  /* 10 minutes ahead by default: the first only; the cancelled one never. */
  cabinet_reminders_check (reminders, now);
  g_assert_cmpuint (reminded->len, ==, 1);
  g_assert_cmpint (cabinet_session_get_id (g_ptr_array_index (reminded, 0)), ==,
                   cabinet_session_get_id (g_ptr_array_index (sessions, 0)));
  cabinet_reminders_check (reminders, now + 60);
  g_assert_cmpuint (reminded->len, ==, 1);

  /* The second, twenty minutes later. */
  cabinet_reminders_check (reminders, now + 21 * 60);
  g_assert_cmpuint (reminded->len, ==, 2);

  /* Moved: reminded again before its new time. */
  {
    g_autoptr(CabinetSession) moved = cabinet_session_copy (g_ptr_array_index (sessions, 1));
    g_autoptr(CabinetSessionPlan) plan = NULL;

    cabinet_session_set_starts_at (moved, now + 40 * 60);
    plan = cabinet_session_store_plan_update (store, moved, CABINET_SESSION_SCOPE_THIS, paris, &error);
    cabinet_session_store_apply (store, plan, TRUE, &error);
    g_assert_no_error (error);
  }
  cabinet_reminders_check (reminders, now + 31 * 60);
  g_assert_cmpuint (reminded->len, ==, 3);

  /* None when the setting says none, nor while locked. */
  g_settings_set_uint (settings, "reminder-minutes", 0);
  cabinet_reminders_check (reminders, now + 39 * 60);
  g_assert_cmpuint (reminded->len, ==, 3);
  cabinet_context_lock (context);
  g_settings_set_uint (settings, "reminder-minutes", 10);
  cabinet_reminders_check (reminders, now + 39 * 60);
  g_assert_cmpuint (reminded->len, ==, 3);

  cabinet_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session/time/paris", test_time_paris);
  g_test_add_func ("/session/time/other-zones", test_time_other_zones);
  g_test_add_func ("/session/time/bad", test_time_bad);
  g_test_add_func ("/session/recurrence/weekly-dst", test_recurrence_weekly_dst);
  g_test_add_func ("/session/recurrence/until-monthly-skip", test_recurrence_until_monthly_skip);
  g_test_add_func ("/session/recurrence/bad", test_recurrence_bad);
  g_test_add_func ("/session/recurrence/move", test_recurrence_move);
  g_test_add_func ("/session/validate", test_validate);
  g_test_add_func ("/session/status-rules", test_status_rules);
  g_test_add_func ("/session/outside-hours", test_outside_hours);
  g_test_add_func ("/session/parse-time", test_parse_time);
  g_test_add_func ("/session/client-time", test_client_time);
  g_test_add_func ("/session/reminders", test_reminders);

#define ADD(name, func) g_test_add ("/session/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("store/series-reopen", test_store_series_reopen);
  ADD ("store/overlap", test_store_overlap);
  ADD ("store/edit-following", test_store_edit_following);
  ADD ("store/cancel-following", test_store_cancel_following);
  ADD ("store/status-guard", test_store_status_guard);
  ADD ("store/delete", test_store_delete);
  ADD ("store/record-start", test_store_record_start);
  ADD ("store/nothing-half-written", test_store_nothing_half_written);
  ADD ("store/erased-with-client", test_store_erased_with_client);
#undef ADD

  return g_test_run ();
}
