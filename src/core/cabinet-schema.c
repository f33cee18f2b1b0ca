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

  /* 4: the clients. The columns are named as cabinet_client_field_name() says;
   * whatever is attached to a client later (sessions, consents) refers to it with
   * ON DELETE CASCADE, so that erasing the client erases it all. */
  "CREATE TABLE clients ("
  "  id                     INTEGER PRIMARY KEY,"
  "  first_name             TEXT NOT NULL DEFAULT '',"
  "  last_name              TEXT NOT NULL DEFAULT '',"
  "  pseudonym              TEXT NOT NULL DEFAULT '',"
  "  birth_date             TEXT NOT NULL DEFAULT '',"
  "  guardian_name          TEXT NOT NULL DEFAULT '',"
  "  guardian_relation      TEXT NOT NULL DEFAULT '',"
  "  guardian_phone         TEXT NOT NULL DEFAULT '',"
  "  guardian_email         TEXT NOT NULL DEFAULT '',"
  "  email                  TEXT NOT NULL DEFAULT '',"
  "  phone                  TEXT NOT NULL DEFAULT '',"
  "  address                TEXT NOT NULL DEFAULT '',"
  "  city                   TEXT NOT NULL DEFAULT '',"
  "  country                TEXT NOT NULL DEFAULT '',"
  "  time_zone              TEXT NOT NULL DEFAULT '',"
  "  language               TEXT NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en')),"
  "  modality               TEXT NOT NULL DEFAULT 'video'"
  "                         CHECK (modality IN ('video', 'phone', 'chat', 'email', 'in-person')),"
  "  in_person_nearby       TEXT NOT NULL DEFAULT 'unknown'"
  "                         CHECK (in_person_nearby IN ('yes', 'no', 'unknown')),"
  "  emergency_name         TEXT NOT NULL DEFAULT '',"
  "  emergency_relation     TEXT NOT NULL DEFAULT '',"
  "  emergency_phone        TEXT NOT NULL DEFAULT '',"
  "  local_emergency_number TEXT NOT NULL DEFAULT '',"
  "  referral_source        TEXT NOT NULL DEFAULT '',"
  "  status                 TEXT NOT NULL DEFAULT 'active'"
  "                         CHECK (status IN ('active', 'paused', 'closed')),"
  "  admin_note             TEXT NOT NULL DEFAULT '',"
  "  fee_minor              INTEGER NOT NULL DEFAULT -1 CHECK (fee_minor >= -1),"
  "  created_at             TEXT NOT NULL,"
  "  updated_at             TEXT NOT NULL"
  ");"
  "CREATE INDEX clients_status ON clients (status);",

  /* 5: consent forms. Each generated form is kept as the exact PDF given to the
   * client, with its SHA-256 and the terms it was built from; a signed copy is
   * kept here too, never as a file. consent_sections holds the practice's own
   * wording of a section, per language; no row means Cabinet's default text. */
  "CREATE TABLE consent_forms ("
  "  id               INTEGER PRIMARY KEY,"
  "  client_id        INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,"
  "  created_at       TEXT NOT NULL,"
  "  language         TEXT NOT NULL CHECK (language IN ('fr', 'en')),"
  "  version          TEXT NOT NULL,"
  "  terms            TEXT NOT NULL,"
  "  pdf              BLOB NOT NULL,"
  "  sha256           TEXT NOT NULL CHECK (length (sha256) = 64),"
  "  status           TEXT NOT NULL DEFAULT 'generated'"
  "                   CHECK (status IN ('generated', 'given', 'signed', 'withdrawn')),"
  "  given_at         TEXT NOT NULL DEFAULT '',"
  "  signed_at        TEXT NOT NULL DEFAULT '',"
  "  signed_method    TEXT NOT NULL DEFAULT ''"
  "                   CHECK (signed_method IN ('', 'handwritten', 'scanned', 'electronic')),"
  "  withdrawn_at     TEXT NOT NULL DEFAULT '',"
  "  signed_copy      BLOB,"
  "  signed_copy_type TEXT NOT NULL DEFAULT ''"
  ");"
  "CREATE INDEX consent_forms_client ON consent_forms (client_id, created_at);"
  "CREATE TABLE consent_sections ("
  "  language   TEXT NOT NULL CHECK (language IN ('fr', 'en')),"
  "  section    TEXT NOT NULL,"
  "  body       TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  PRIMARY KEY (language, section)"
  ");"
  "CREATE TABLE consent_revision ("
  "  id       INTEGER PRIMARY KEY CHECK (id = 1),"
  "  revision INTEGER NOT NULL"
  ");",

  /* 6: sessions. Times are UTC seconds, so that ranges and overlaps are arithmetic
   * on an index; ends_at is kept beside starts_at for the same reason. A series
   * is its sessions, each a row of its own (each has its own fate and fee). A
   * deleted session leaves its UID (a random UUID, nothing personal) so that a
   * calendar it was published to can be told to delete it too. */
  "CREATE TABLE session_series ("
  "  id         INTEGER PRIMARY KEY,"
  "  client_id  INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,"
  "  repeat     TEXT NOT NULL CHECK (repeat IN ('weekly', 'biweekly', 'monthly')),"
  "  created_at TEXT NOT NULL"
  ");"
  "CREATE TABLE sessions ("
  "  id              INTEGER PRIMARY KEY,"
  "  client_id       INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,"
  "  series_id       INTEGER REFERENCES session_series (id) ON DELETE SET NULL,"
  "  starts_at       INTEGER NOT NULL,"
  "  ends_at         INTEGER NOT NULL CHECK (ends_at > starts_at),"
  "  modality        TEXT NOT NULL"
  "                  CHECK (modality IN ('video', 'phone', 'chat', 'email', 'in-person')),"
  "  link            TEXT NOT NULL DEFAULT '',"
  "  fee_minor       INTEGER NOT NULL CHECK (fee_minor >= 0),"
  "  currency        TEXT NOT NULL CHECK (length (currency) = 3),"
  "  status          TEXT NOT NULL DEFAULT 'scheduled'"
  "                  CHECK (status IN ('scheduled', 'done', 'cancelled-client',"
  "                                    'cancelled-therapist', 'late-cancel', 'no-show')),"
  "  status_at       TEXT NOT NULL DEFAULT '',"
  "  uid             TEXT NOT NULL UNIQUE,"
  "  started_at      INTEGER NOT NULL DEFAULT 0,"
  "  self_check_run  INTEGER REFERENCES self_check_runs (id) ON DELETE SET NULL,"
  "  started_despite TEXT NOT NULL DEFAULT '',"
  "  created_at      TEXT NOT NULL,"
  "  updated_at      TEXT NOT NULL"
  ");"
  "CREATE INDEX sessions_start ON sessions (starts_at);"
  "CREATE INDEX sessions_client ON sessions (client_id, starts_at);"
  "CREATE INDEX sessions_series ON sessions (series_id, starts_at);"
  "CREATE TABLE session_tombstones ("
  "  uid        TEXT PRIMARY KEY,"
  "  deleted_at TEXT NOT NULL"
  ");"
  "CREATE TRIGGER sessions_tombstone AFTER DELETE ON sessions BEGIN"
  "  INSERT OR REPLACE INTO session_tombstones (uid, deleted_at)"
  "  VALUES (old.uid, strftime ('%Y-%m-%dT%H:%M:%fZ', 'now'));"
  "END;",

  /* 7: what was last published to a CalDAV calendar, per session: where (href),
   * the server's ETag for it, and the SHA-256 of the event sent (its DTSTAMP
   * aside), so that only sessions that changed are sent again. A row is written
   * only once the server has accepted the event. */
  "CREATE TABLE caldav_state ("
  "  uid       TEXT PRIMARY KEY,"
  "  href      TEXT NOT NULL,"
  "  etag      TEXT NOT NULL DEFAULT '',"
  "  hash      TEXT NOT NULL,"
  "  synced_at TEXT NOT NULL"
  ");",

  /* 8: the ledger. A session's charge is its fee times charge_percent, fixed when
   * its status is set (held: 100; missed or cancelled late: the cancellation
   * policy of that day; otherwise 0), so that a later change of policy does not
   * rewrite past accounts. Payments are never edited: a correction is a reversal
   * (the opposite amount, pointing at what it reverses, at most once) and a new
   * payment; a refund gives back credit. Balances are sums over these rows. */
  "ALTER TABLE sessions ADD COLUMN charge_percent INTEGER NOT NULL DEFAULT 0"
  "  CHECK (charge_percent BETWEEN 0 AND 100);"
  "UPDATE sessions SET charge_percent = 100 WHERE status IN ('done', 'no-show', 'late-cancel');"
  "CREATE INDEX sessions_charges ON sessions (client_id, charge_percent, starts_at);"
  "CREATE TABLE cancellation_policy ("
  "  id      INTEGER PRIMARY KEY CHECK (id = 1),"
  "  percent INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100)"
  ");"
  "INSERT INTO cancellation_policy (id, percent) VALUES (1, 100);"
  "CREATE TABLE payments ("
  "  id           INTEGER PRIMARY KEY,"
  "  client_id    INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,"
  "  kind         TEXT NOT NULL CHECK (kind IN ('payment', 'reversal', 'refund')),"
  "  amount_minor INTEGER NOT NULL,"
  "  currency     TEXT NOT NULL CHECK (length (currency) = 3),"
  "  paid_on      TEXT NOT NULL CHECK (length (paid_on) = 10),"
  "  method       TEXT NOT NULL"
  "               CHECK (method IN ('card', 'transfer', 'cash', 'cheque', 'online', 'other')),"
  "  reference    TEXT NOT NULL DEFAULT '',"
  "  note         TEXT NOT NULL DEFAULT '',"
  "  reverses     INTEGER UNIQUE REFERENCES payments (id),"
  "  created_at   TEXT NOT NULL,"
  "  CHECK ((kind = 'payment' AND amount_minor > 0 AND reverses IS NULL)"
  "      OR (kind = 'reversal' AND amount_minor < 0 AND reverses IS NOT NULL)"
  "      OR (kind = 'refund' AND amount_minor < 0 AND reverses IS NULL))"
  ");"
  "CREATE INDEX payments_client ON payments (client_id, paid_on);"
  "CREATE TABLE payment_sessions ("
  "  payment_id INTEGER NOT NULL REFERENCES payments (id) ON DELETE CASCADE,"
  "  session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (payment_id, session_id)"
  ");"
  "CREATE TRIGGER payments_never_edited BEFORE UPDATE ON payments BEGIN"
  "  SELECT RAISE (ABORT, 'a recorded payment is never edited; reverse it instead');"
  "END;"
  /* Each client's sums, kept by triggers in the same transaction as the rows they
   * sum, so that they cannot drift from them (the tests recompute them from the
   * rows after random operations): every balance at once is then one small
   * table, not 200,000 rows read. */
  "CREATE TABLE client_totals ("
  "  client_id INTEGER PRIMARY KEY REFERENCES clients (id) ON DELETE CASCADE,"
  "  charged   INTEGER NOT NULL DEFAULT 0,"
  "  paid      INTEGER NOT NULL DEFAULT 0"
  ");"
  "INSERT INTO client_totals (client_id) SELECT id FROM clients;"
  "UPDATE client_totals SET charged = (SELECT IFNULL (SUM ((fee_minor * charge_percent + 50) / 100), 0)"
  "  FROM sessions WHERE sessions.client_id = client_totals.client_id);"
  "CREATE TRIGGER client_totals_new_client AFTER INSERT ON clients BEGIN"
  "  INSERT OR IGNORE INTO client_totals (client_id) VALUES (new.id);"
  "END;"
  "CREATE TRIGGER client_totals_session_added AFTER INSERT ON sessions WHEN new.charge_percent > 0 BEGIN"
  "  UPDATE client_totals SET charged = charged + (new.fee_minor * new.charge_percent + 50) / 100"
  "  WHERE client_id = new.client_id;"
  "END;"
  "CREATE TRIGGER client_totals_session_changed AFTER UPDATE OF client_id, fee_minor, charge_percent ON sessions BEGIN"
  "  UPDATE client_totals SET charged = charged - (old.fee_minor * old.charge_percent + 50) / 100"
  "  WHERE client_id = old.client_id;"
  "  UPDATE client_totals SET charged = charged + (new.fee_minor * new.charge_percent + 50) / 100"
  "  WHERE client_id = new.client_id;"
  "END;"
  "CREATE TRIGGER client_totals_session_removed AFTER DELETE ON sessions BEGIN"
  "  UPDATE client_totals SET charged = charged - (old.fee_minor * old.charge_percent + 50) / 100"
  "  WHERE client_id = old.client_id;"
  "END;"
  "CREATE TRIGGER client_totals_payment_added AFTER INSERT ON payments BEGIN"
  "  UPDATE client_totals SET paid = paid + new.amount_minor WHERE client_id = new.client_id;"
  "END;"
  "CREATE TRIGGER client_totals_payment_removed AFTER DELETE ON payments BEGIN"
  "  UPDATE client_totals SET paid = paid - old.amount_minor WHERE client_id = old.client_id;"
  "END;",

  /* 9: receipts. Numbered from 1 each year with no gap (the next number is taken
   * in the transaction that writes the receipt), kept as the exact PDF given with
   * its SHA-256, never edited; a correction is a new receipt that cancels the
   * earlier one, and both stay. */
  "CREATE TABLE receipts ("
  "  id         INTEGER PRIMARY KEY,"
  "  year       INTEGER NOT NULL,"
  "  number     INTEGER NOT NULL CHECK (number > 0),"
  "  client_id  INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,"
  "  payment_id INTEGER REFERENCES payments (id) ON DELETE CASCADE,"
  "  issued_on  TEXT NOT NULL CHECK (length (issued_on) = 10),"
  "  language   TEXT NOT NULL CHECK (language IN ('fr', 'en')),"
  "  cancels    INTEGER UNIQUE REFERENCES receipts (id),"
  "  pdf        BLOB NOT NULL,"
  "  sha256     TEXT NOT NULL CHECK (length (sha256) = 64),"
  "  created_at TEXT NOT NULL,"
  "  UNIQUE (year, number)"
  ");"
  "CREATE INDEX receipts_payment ON receipts (payment_id);"
  "CREATE TRIGGER receipts_never_edited BEFORE UPDATE ON receipts BEGIN"
  "  SELECT RAISE (ABORT, 'an issued receipt is never edited; issue a new one that cancels it');"
  "END;",

  /* 10: receipts for a period: one receipt for the payments of a client between
   * two dates (payment_id is then NULL); which payments it covers is kept. And
   * the practice's payments by date, with what the year's figures sum, so that
   * a period or a year is read from the index alone. */
  "CREATE INDEX payments_paid_on ON payments (paid_on, method, amount_minor);"
  "ALTER TABLE receipts ADD COLUMN period_from TEXT CHECK (period_from IS NULL OR length (period_from) = 10);"
  "ALTER TABLE receipts ADD COLUMN period_to TEXT CHECK (period_to IS NULL OR length (period_to) = 10);"
  "CREATE TABLE receipt_payments ("
  "  receipt_id INTEGER NOT NULL REFERENCES receipts (id) ON DELETE CASCADE,"
  "  payment_id INTEGER NOT NULL REFERENCES payments (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (receipt_id, payment_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX receipt_payments_payment ON receipt_payments (payment_id);"
  "CREATE INDEX receipts_period ON receipts (client_id, period_from, period_to);"
  "CREATE TRIGGER receipt_payments_never_edited BEFORE UPDATE ON receipt_payments BEGIN"
  "  SELECT RAISE (ABORT, 'an issued receipt is never edited; issue a new one that cancels it');"
  "END;",

  /* 11: practice rules in France. A client may ask not to be named on receipts
   * and in the income ledger (their reference is printed instead), and may be
   * followed under Mon soutien psy, whose sessions are billed with a feuille
   * de soins, not a receipt: each session says how it is billed. The
   * practitioner's signature, printed on receipts, is kept here, never as a
   * file. */
  "ALTER TABLE clients ADD COLUMN receipt_name TEXT NOT NULL DEFAULT 'name'"
  "  CHECK (receipt_name IN ('name', 'reference'));"
  "ALTER TABLE clients ADD COLUMN mon_soutien_psy TEXT NOT NULL DEFAULT 'no'"
  "  CHECK (mon_soutien_psy IN ('yes', 'no'));"
  "ALTER TABLE sessions ADD COLUMN billing TEXT NOT NULL DEFAULT 'private'"
  "  CHECK (billing IN ('private', 'mon-soutien-psy'));"
  "CREATE TABLE receipt_signature ("
  "  id  INTEGER PRIMARY KEY CHECK (id = 1),"
  "  png BLOB NOT NULL"
  ");"
  /* A session planned for a client followed under Mon soutien psy is billed
   * under it, whatever becomes of the client's choice later. */
  "CREATE TRIGGER sessions_mon_soutien_psy AFTER INSERT ON sessions"
  "  WHEN (SELECT mon_soutien_psy FROM clients WHERE id = NEW.client_id) = 'yes' BEGIN"
  "  UPDATE sessions SET billing = 'mon-soutien-psy' WHERE id = NEW.id;"
  "END;"
  "CREATE INDEX sessions_billing ON sessions (client_id, billing, starts_at);",

  /* 12: a client's charges and payments read from the index alone, in the
   * order the ledger covers them (id is named so that it comes before the
   * columns only read): not a table page per session or payment, each
   * decrypted, for every client who owes something on the Payments page. */
  "DROP INDEX sessions_charges;"
  "CREATE INDEX sessions_charges ON sessions (client_id, starts_at, id, charge_percent, fee_minor);"
  "DROP INDEX payments_client;"
  "CREATE INDEX payments_client ON payments (client_id, paid_on, id, kind, amount_minor);",

  /* 13: what each client has unpaid, session by session, kept for the
   * Payments page: worked out by the ledger from the client's charges and
   * payments, and known to be out of date when the triggers that keep the
   * client's sums clear unpaid_known, in the same transaction as the change
   * (a session moved changes which are covered first, so moving one clears it
   * too). Only the clients whose rows changed are worked out again: not every
   * session and payment of the practice each time the page opens. */
  "ALTER TABLE client_totals ADD COLUMN unpaid_known INTEGER NOT NULL DEFAULT 0"
  "  CHECK (unpaid_known IN (0, 1));"
  "CREATE TABLE unpaid_charges ("
  "  session_id INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,"
  "  client_id  INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,"
  "  starts_at  INTEGER NOT NULL,"
  "  charge     INTEGER NOT NULL,"
  "  paid       INTEGER NOT NULL"
  ");"
  "CREATE INDEX unpaid_charges_client ON unpaid_charges (client_id);"
  "DROP TRIGGER client_totals_session_added;"
  "DROP TRIGGER client_totals_session_changed;"
  "DROP TRIGGER client_totals_session_removed;"
  "DROP TRIGGER client_totals_payment_added;"
  "DROP TRIGGER client_totals_payment_removed;"
  "CREATE TRIGGER client_totals_session_added AFTER INSERT ON sessions WHEN new.charge_percent > 0 BEGIN"
  "  UPDATE client_totals SET charged = charged + (new.fee_minor * new.charge_percent + 50) / 100,"
  "    unpaid_known = 0 WHERE client_id = new.client_id;"
  "END;"
  "CREATE TRIGGER client_totals_session_changed"
  "  AFTER UPDATE OF client_id, starts_at, fee_minor, charge_percent ON sessions BEGIN"
  "  UPDATE client_totals SET charged = charged - (old.fee_minor * old.charge_percent + 50) / 100,"
  "    unpaid_known = 0 WHERE client_id = old.client_id;"
  "  UPDATE client_totals SET charged = charged + (new.fee_minor * new.charge_percent + 50) / 100,"
  "    unpaid_known = 0 WHERE client_id = new.client_id;"
  "END;"
  "CREATE TRIGGER client_totals_session_removed AFTER DELETE ON sessions BEGIN"
  "  UPDATE client_totals SET charged = charged - (old.fee_minor * old.charge_percent + 50) / 100,"
  "    unpaid_known = 0 WHERE client_id = old.client_id;"
  "END;"
  "CREATE TRIGGER client_totals_payment_added AFTER INSERT ON payments BEGIN"
  "  UPDATE client_totals SET paid = paid + new.amount_minor, unpaid_known = 0 WHERE client_id = new.client_id;"
  "END;"
  "CREATE TRIGGER client_totals_payment_removed AFTER DELETE ON payments BEGIN"
  "  UPDATE client_totals SET paid = paid - old.amount_minor, unpaid_known = 0 WHERE client_id = old.client_id;"
  "END;"
  "CREATE TRIGGER client_totals_payment_sessions_added AFTER INSERT ON payment_sessions BEGIN"
  "  UPDATE client_totals SET unpaid_known = 0"
  "  WHERE client_id = (SELECT client_id FROM payments WHERE id = new.payment_id);"
  "END;"
  "CREATE TRIGGER client_totals_payment_sessions_removed AFTER DELETE ON payment_sessions BEGIN"
  "  UPDATE client_totals SET unpaid_known = 0"
  "  WHERE client_id = (SELECT client_id FROM payments WHERE id = old.payment_id);"
  "END;",

  /* 14: erasure and the records the law keeps. The payments and receipts of
   * the last six years are kept (Livre des procédures fiscales, art. L102 B):
   * a client erased before then stays as a row with nothing but its id (the
   * reference printed instead of the name) and the day it was erased, which
   * Cabinet lists nowhere but in the fiscal documents; a payment's note, free
   * text, is the one thing of a payment that erasure clears. And the breach log
   * (GDPR art. 33): each breach of the practice's data, when it was noticed,
   * what happened, to which data, its consequences, what was done, and when
   * the CNIL was told or why it was not. */
  "ALTER TABLE clients ADD COLUMN erased_on TEXT CHECK (erased_on IS NULL OR length (erased_on) = 10);"
  "DROP TRIGGER payments_never_edited;"
  "CREATE TRIGGER payments_never_edited BEFORE UPDATE ON payments"
  "  WHEN NOT (new.note = '' AND new.id = old.id AND new.client_id = old.client_id AND new.kind = old.kind"
  "            AND new.amount_minor = old.amount_minor AND new.currency = old.currency"
  "            AND new.paid_on = old.paid_on AND new.method = old.method AND new.reference = old.reference"
  "            AND new.reverses IS old.reverses AND new.created_at = old.created_at) BEGIN"
  "  SELECT RAISE (ABORT, 'a recorded payment is never edited; reverse it instead');"
  "END;"
  "CREATE TABLE breaches ("
  "  id                  INTEGER PRIMARY KEY,"
  "  noticed_at          TEXT NOT NULL,"
  "  description         TEXT NOT NULL CHECK (length (description) > 0),"
  "  data_concerned      TEXT NOT NULL DEFAULT '',"
  "  consequences        TEXT NOT NULL DEFAULT '',"
  "  measures            TEXT NOT NULL DEFAULT '',"
  "  notified_at         TEXT,"
  "  not_notified_reason TEXT NOT NULL DEFAULT '',"
  "  created_at          TEXT NOT NULL"
  ");",

  /* 15: a client's consent status is read from the index alone. The status
   * comes after the form's PDF in its row, so reading it from the table went
   * through the PDF's hundred pages, each decrypted: 0.4 ms a client, 800 ms to
   * open the Clients page of 2,000 (bench/run). */
  ("DROP INDEX consent_forms_client;"
   "CREATE INDEX consent_forms_client ON consent_forms (client_id, created_at, id, status);"),
};

const int cabinet_schema_n_migrations = sizeof cabinet_schema_migrations / sizeof cabinet_schema_migrations[0];
