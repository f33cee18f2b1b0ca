/* fuzz-ical.c — calendar files (cabinet_ical_parse()), whole and for a period,
 * and their appointments made into sessions of the clients their titles name
 * (cabinet_calendar_import_sessions())
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cabinet-calendar-import.h"
#include "cabinet-ical.h"
#include "cabinet-session.h"
#include "fuzz-common.h"

/* 1900-01-01 and 2201-01-01 at 00:00 UTC, as cabinet-ical.c keeps them. */
#define MIN_TIME G_GINT64_CONSTANT (-2208988800)
#define MAX_TIME G_GINT64_CONSTANT (7289654400)
/* 2026 in UTC. */
#define YEAR_FROM G_GINT64_CONSTANT (1767225600)
#define YEAR_TO   G_GINT64_CONSTANT (1798761600)

static GTimeZone *paris;
static GListStore *clients;

static void
add_client (const char *first,
            const char *last,
            const char *pseudonym,
            const char *modality)
{
  g_autoptr(CabinetClient) client = cabinet_client_new ("Europe/Paris");

  cabinet_client_set_text (client, CABINET_CLIENT_FIRST_NAME, first);
  cabinet_client_set_text (client, CABINET_CLIENT_LAST_NAME, last);
  cabinet_client_set_text (client, CABINET_CLIENT_PSEUDONYM, pseudonym);
  cabinet_client_set_text (client, CABINET_CLIENT_MODALITY, modality);
  g_list_store_append (clients, client);
}

static void
check_events (GPtrArray          *events,
              GError             *error,
              gint64              from,
              gint64              to)
{
  gint64 last_start = G_MININT64;

  if (events == NULL)
    {
      fuzz_assert (error != NULL && error->domain == CABINET_ICAL_ERROR);
      fuzz_assert (fuzz_is_text (error->message));
      return;
    }
  fuzz_assert (error == NULL);
  fuzz_assert (events->len > 0 && events->len <= CABINET_ICAL_MAX_EVENTS);
  for (guint i = 0; i < events->len; i++)
    {
      CabinetIcalEvent *event = events->pdata[i];

      fuzz_assert (event->uid != NULL && g_utf8_validate (event->uid, -1, NULL));
      fuzz_assert (event->summary != NULL && g_utf8_validate (event->summary, -1, NULL));
      fuzz_assert (event->starts_at >= MIN_TIME && event->starts_at < MAX_TIME);
      fuzz_assert (event->ends_at > event->starts_at);
      fuzz_assert (event->ends_at - event->starts_at <= (gint64) CABINET_SESSION_MAX_DURATION * 60);
      fuzz_assert (event->starts_at >= last_start);
      last_start = event->starts_at;
      if (from < to)
        fuzz_assert (event->starts_at >= from && event->starts_at < to);
    }
}

static void
check_import (GPtrArray     *events,
              CabinetClient *fallback)
{
  g_autoptr(GPtrArray) sessions = NULL;
  CabinetCalendarImportCounts counts;

  sessions = cabinet_calendar_import_sessions (events, G_LIST_MODEL (clients), fallback, NULL, &counts);
  fuzz_assert (counts.n_matched + counts.n_fallback + counts.n_left_out + counts.n_cancelled == events->len);
  fuzz_assert (sessions->len == counts.n_matched + counts.n_fallback);
  if (fallback == NULL)
    fuzz_assert (counts.n_fallback == 0);
  else
    fuzz_assert (counts.n_left_out == 0);
  for (guint i = 0; i < sessions->len; i++)
    fuzz_assert (cabinet_session_get_duration (sessions->pdata[i]) >= 1);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) year = NULL;
  g_autoptr(GError) all_error = NULL;
  g_autoptr(GError) year_error = NULL;
  g_autofree char *copy = g_memdup2 (data, size);
  CabinetIcalSkipped skipped;

  fuzz_init ();
  if (paris == NULL)
    {
      paris = g_time_zone_new_identifier ("Europe/Paris");
      fuzz_assert (paris != NULL);
      clients = g_list_store_new (CABINET_TYPE_CLIENT);
      add_client ("Hélène", "Martin", "Léna", "video");
      add_client ("Jean-Pierre", "Dupont", "", "phone");
      add_client ("Zoé", "Lefèvre", "", "in-person");
    }

  /* Whole: a series without end is then too many. */
  all = cabinet_ical_parse (copy, size, paris, 0, 0, &skipped, &all_error);
  check_events (all, all_error, 0, 0);
  /* For a year, as the import asks for a period. */
  year = cabinet_ical_parse (copy, size, paris, YEAR_FROM, YEAR_TO, &skipped, &year_error);
  check_events (year, year_error, YEAR_FROM, YEAR_TO);

  if (year != NULL)
    {
      g_autoptr(CabinetClient) fallback = cabinet_client_new ("Europe/Paris");

      cabinet_client_set_text (fallback, CABINET_CLIENT_LAST_NAME, "Inconnu");
      check_import (year, NULL);
      check_import (year, fallback);
    }
  return 0;
}
