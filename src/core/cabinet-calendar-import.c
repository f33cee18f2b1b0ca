/* cabinet-calendar-import.c — the appointments of a calendar file made into
 * sessions: each with the client its title names, the client's way of meeting
 * and fee
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cabinet-calendar-import.h"
#include "cabinet-session.h"

static CabinetSession *
session_for (CabinetIcalEvent    *event,
             CabinetClient       *client,
             CabinetPractitioner *practitioner)
{
  CabinetSession *session = cabinet_session_new ();
  CabinetChannels modality = cabinet_channel_parse (cabinet_client_get_text (client, CABINET_CLIENT_MODALITY));
  gint64 fee = cabinet_client_get_fee (client);
  const char *currency = practitioner ? cabinet_practitioner_get_currency (practitioner) : "EUR";

  if (fee < 0)
    fee = practitioner ? cabinet_practitioner_get_fee (practitioner) : 0;
  cabinet_session_set_uid (session, event->uid);
  cabinet_session_set_client_id (session, cabinet_client_get_id (client));
  cabinet_session_set_starts_at (session, event->starts_at);
  cabinet_session_set_duration (session, (guint) ((event->ends_at - event->starts_at + 59) / 60));
  cabinet_session_set_modality (session, modality ? modality : CABINET_CHANNEL_VIDEO);
  cabinet_session_set_fee (session, fee, currency);
  if (practitioner && cabinet_session_get_modality (session) == CABINET_CHANNEL_VIDEO)
    cabinet_session_set_link (session, cabinet_practitioner_get_text (practitioner, CABINET_PRACTITIONER_VIDEO_LINK));
  return session;
}

GPtrArray *
cabinet_calendar_import_sessions (GPtrArray                   *events,
                                  GListModel                  *clients,
                                  CabinetClient               *fallback,
                                  CabinetPractitioner         *practitioner,
                                  CabinetCalendarImportCounts *counts)
{
  GPtrArray *sessions = g_ptr_array_new_with_free_func (g_object_unref);
  CabinetCalendarImportCounts local = { 0, };

  g_return_val_if_fail (events != NULL, sessions);
  g_return_val_if_fail (G_IS_LIST_MODEL (clients), sessions);

  for (guint i = 0; i < events->len; i++)
    {
      CabinetIcalEvent *event = g_ptr_array_index (events, i);
      CabinetClient *client;

      if (event->cancelled)
        {
          local.n_cancelled++;
          continue;
        }
      client = cabinet_ical_match_client (event->summary, clients);
      if (client)
        local.n_matched++;
      else if (fallback)
        {
          client = fallback;
          local.n_fallback++;
        }
      else
        {
          local.n_left_out++;
          continue;
        }
      g_ptr_array_add (sessions, session_for (event, client, practitioner));
    }
  if (counts)
    *counts = local;
  return sessions;
}
