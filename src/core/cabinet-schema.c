/* cabinet-schema.c — the database schema, as the migrations that build it
 *
 * Never edit a migration that has shipped: add a new one at the end.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cabinet-schema.h"

const char * const cabinet_schema_migrations[] = {
  /* 1: the practitioner's profile, one row. */
  "CREATE TABLE practitioner ("
  "  id                  INTEGER PRIMARY KEY CHECK (id = 1),"
  "  full_name           TEXT NOT NULL,"
  "  title               TEXT NOT NULL,"
  "  adeli               TEXT NOT NULL DEFAULT '',"
  "  rpps                TEXT NOT NULL DEFAULT '',"
  "  address             TEXT NOT NULL DEFAULT '',"
  "  phone               TEXT NOT NULL DEFAULT '',"
  "  email               TEXT NOT NULL DEFAULT '',"
  "  website             TEXT NOT NULL DEFAULT '',"
  "  fee_minor           INTEGER NOT NULL CHECK (fee_minor >= 0),"
  "  currency            TEXT NOT NULL CHECK (length (currency) = 3),"
  "  payment_methods     TEXT NOT NULL DEFAULT '',"
  "  video_platform      TEXT NOT NULL DEFAULT '',"
  "  video_link          TEXT NOT NULL DEFAULT '',"
  "  session_phone       TEXT NOT NULL DEFAULT '',"
  "  chat_service        TEXT NOT NULL DEFAULT '',"
  "  session_email       TEXT NOT NULL DEFAULT '',"
  "  fallback_procedure  TEXT NOT NULL DEFAULT '',"
  "  fallback_phone      TEXT NOT NULL DEFAULT '',"
  "  emergency_resources TEXT NOT NULL DEFAULT '',"
  "  created_at          TEXT NOT NULL,"
  "  updated_at          TEXT NOT NULL"
  ");",

  /* 2: what was done and when, never with client content (accountability owed by a
   * health-data controller). */
  "CREATE TABLE audit_log ("
  "  id          INTEGER PRIMARY KEY,"
  "  at          TEXT NOT NULL,"
  "  action      TEXT NOT NULL,"
  "  object_type TEXT NOT NULL DEFAULT '',"
  "  object_id   INTEGER"
  ");"
  "CREATE INDEX audit_log_at ON audit_log (at);",

  /* 3: every self-check run, and what each check said. */
  "CREATE TABLE self_check_runs ("
  "  id         INTEGER PRIMARY KEY,"
  "  checked_at TEXT NOT NULL,"
  "  verdict    TEXT NOT NULL CHECK (verdict IN ('pass', 'warn', 'fail', 'unknown'))"
  ");"
  "CREATE INDEX self_check_runs_at ON self_check_runs (checked_at);"
  "CREATE TABLE self_check_results ("
  "  run_id   INTEGER NOT NULL REFERENCES self_check_runs (id) ON DELETE CASCADE,"
  "  check_id TEXT NOT NULL,"
  "  status   TEXT NOT NULL CHECK (status IN ('pass', 'warn', 'fail', 'unknown')),"
  "  summary  TEXT NOT NULL,"
  "  PRIMARY KEY (run_id, check_id)"
  ");",
};

const int cabinet_schema_n_migrations = sizeof cabinet_schema_migrations / sizeof cabinet_schema_migrations[0];
