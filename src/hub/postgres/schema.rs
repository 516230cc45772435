//! The hub's tables on PostgreSQL: the same names and columns as SQLite's
//! latest schema (integers 64-bit, scans as bytea, times as RFC 3339 text).
//! Several hubs may start at once over one database: an advisory lock lets
//! one create, the others find it made.

use super::conn::PgConn;
use crate::hub::db::sql::{Sql, SqlExt};
use crate::hub::store::StoreError;

/// The schema this build writes (SQLite's `user_version` counts the same).
pub const VERSION: i64 = 4;

/// A lock key only madoguchi uses (schema creation).
const SCHEMA_LOCK: i64 = 0x6d61_646f_0001;

const TABLES: &str = r#"
CREATE TABLE IF NOT EXISTS schema_version(version BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS categories(code TEXT PRIMARY KEY, name TEXT NOT NULL, ord BIGINT NOT NULL,
  target_min BIGINT NOT NULL DEFAULT 20, target_pct BIGINT NOT NULL DEFAULT 80);
INSERT INTO categories(code, name, ord) VALUES
  ('A', '転入・転出', 1), ('B', '証明書', 2), ('C', '国保・年金', 3), ('D', '子育て・福祉', 4)
  ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS tickets(
  id TEXT PRIMARY KEY, number TEXT NOT NULL, category TEXT NOT NULL, day TEXT NOT NULL, state TEXT NOT NULL,
  priority BIGINT NOT NULL, counter TEXT, created_at TEXT NOT NULL, called_at TEXT, started_at TEXT,
  finished_at TEXT, outcome TEXT, transfers BIGINT NOT NULL DEFAULT 0, UNIQUE(day, number));
CREATE INDEX IF NOT EXISTS tickets_day_state ON tickets(day, state, category);
CREATE INDEX IF NOT EXISTS tickets_waiting ON tickets(day, state, counter, category, priority DESC, created_at, number);
CREATE INDEX IF NOT EXISTS tickets_day_category ON tickets(day, category);
CREATE TABLE IF NOT EXISTS ticket_seq(day TEXT NOT NULL, category TEXT NOT NULL, next BIGINT NOT NULL,
  PRIMARY KEY(day, category));
CREATE TABLE IF NOT EXISTS applied_ops(key TEXT PRIMARY KEY, status BIGINT NOT NULL, body TEXT NOT NULL,
  at TEXT NOT NULL, fingerprint TEXT);
CREATE TABLE IF NOT EXISTS households(id TEXT PRIMARY KEY, ward TEXT NOT NULL, address TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS residents(household_id TEXT NOT NULL, member_id TEXT NOT NULL,
  name TEXT COLLATE "C" NOT NULL, kana TEXT NOT NULL, kana_key TEXT COLLATE "C" NOT NULL,
  birth_date TEXT NOT NULL, ward TEXT NOT NULL, address TEXT NOT NULL,
  relation TEXT NOT NULL DEFAULT '', head TEXT NOT NULL DEFAULT '', PRIMARY KEY(household_id, member_id));
CREATE INDEX IF NOT EXISTS residents_kana ON residents(kana_key, birth_date);
CREATE INDEX IF NOT EXISTS residents_name ON residents(name);
CREATE INDEX IF NOT EXISTS residents_birth ON residents(birth_date);
CREATE TABLE IF NOT EXISTS users(name TEXT PRIMARY KEY, role TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions(token_hash TEXT PRIMARY KEY, "user" TEXT NOT NULL, role TEXT NOT NULL,
  counter TEXT, expires_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions("user");
CREATE TABLE IF NOT EXISTS cases(id TEXT PRIMARY KEY, status TEXT NOT NULL, received_at TEXT NOT NULL,
  updated_at TEXT NOT NULL, counter TEXT NOT NULL, ward TEXT NOT NULL, event TEXT NOT NULL, confirmed TEXT NOT NULL,
  body TEXT NOT NULL, submitted_by TEXT, measures TEXT NOT NULL DEFAULT '{"procedures":[]}');
CREATE INDEX IF NOT EXISTS cases_status ON cases(status, received_at);
CREATE INDEX IF NOT EXISTS cases_received ON cases(received_at, id);
CREATE TABLE IF NOT EXISTS scans(id TEXT PRIMARY KEY, case_id TEXT NOT NULL, bytes BIGINT NOT NULL,
  content_type TEXT NOT NULL, data BYTEA NOT NULL, received_at TEXT NOT NULL, form TEXT, page BIGINT, source TEXT);
CREATE INDEX IF NOT EXISTS scans_case ON scans(case_id);
CREATE INDEX IF NOT EXISTS scans_place ON scans(case_id, form, page);
CREATE TABLE IF NOT EXISTS audit(id BIGSERIAL PRIMARY KEY, at TEXT NOT NULL, "user" TEXT NOT NULL,
  action TEXT NOT NULL, household_id TEXT, ticket TEXT, case_id TEXT);
CREATE TABLE IF NOT EXISTS procedures(case_id TEXT NOT NULL, procedure TEXT NOT NULL, title TEXT NOT NULL,
  "window" TEXT NOT NULL, stage TEXT NOT NULL, counter TEXT NOT NULL, received_at TEXT NOT NULL,
  updated_at TEXT NOT NULL, due TEXT, target TEXT, claimed_by TEXT, claim_until TEXT, note TEXT,
  seq BIGSERIAL, PRIMARY KEY(case_id, procedure));
CREATE INDEX IF NOT EXISTS procedures_stage ON procedures(stage, received_at);
CREATE TABLE IF NOT EXISTS procedure_history(id BIGSERIAL PRIMARY KEY, case_id TEXT NOT NULL,
  procedure TEXT NOT NULL, stage TEXT NOT NULL, step TEXT NOT NULL, by TEXT NOT NULL, at TEXT NOT NULL, note TEXT);
CREATE INDEX IF NOT EXISTS procedure_history_case ON procedure_history(case_id, procedure, id);
CREATE TABLE IF NOT EXISTS unrouted(id TEXT PRIMARY KEY, source TEXT NOT NULL, reason TEXT NOT NULL,
  bytes BIGINT NOT NULL, content_type TEXT NOT NULL, data BYTEA NOT NULL, received_at TEXT NOT NULL,
  assigned_case TEXT, assigned_by TEXT, assigned_at TEXT);
CREATE TABLE IF NOT EXISTS scan_log(id BIGSERIAL PRIMARY KEY, at TEXT NOT NULL, by TEXT NOT NULL,
  action TEXT NOT NULL, scan_id TEXT, unrouted_id TEXT, case_id TEXT, form TEXT, page BIGINT,
  source TEXT, reason TEXT);
CREATE TABLE IF NOT EXISTS counter_log(seq BIGSERIAL PRIMARY KEY, counter TEXT NOT NULL,
  day TEXT NOT NULL, mode TEXT NOT NULL, reason TEXT, at TEXT NOT NULL, by TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS counter_log_day ON counter_log(day, counter, seq);
"#;

/// Create the tables when they are missing; refuse a database a newer
/// madoguchi made.
pub fn ensure(c: &PgConn) -> Result<(), StoreError> {
    c.batch(&format!("SELECT pg_advisory_lock({SCHEMA_LOCK})"))?;
    let made = make(c);
    let unlocked = c.batch(&format!("SELECT pg_advisory_unlock({SCHEMA_LOCK})"));
    made.and(unlocked)
}

fn make(c: &PgConn) -> Result<(), StoreError> {
    c.batch("SET client_min_messages = warning")?;
    let (encoding, collate): (String, String) = c
        .one(
            "SELECT pg_encoding_to_char(encoding)::text, datcollate::text FROM pg_database \
             WHERE datname = current_database()",
            &[],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .unwrap_or_default();
    if encoding != "UTF8" {
        return Err(StoreError::Internal(format!(
            "the database is {encoding}: residents' names need UTF8 (createdb --encoding UTF8 --locale C --template template0)"
        )));
    }
    if collate != "C" && collate != "POSIX" {
        eprintln!(
            "hub: the database's collation is {collate}; madoguchi expects C (names and numbers sort by code point)"
        );
    }
    c.batch(&format!("BEGIN; {TABLES} COMMIT;"))?;
    match c
        .value::<Option<i64>>("SELECT max(version) FROM schema_version", &[])?
        .flatten()
    {
        None => {
            c.exec("INSERT INTO schema_version(version) VALUES (?1)", &[&VERSION])?;
            Ok(())
        }
        Some(v) if v > VERSION => Err(StoreError::Internal(format!(
            "the database has schema version {v}; this hub knows up to {VERSION}: use a newer madoguchi"
        ))),
        Some(_) => Ok(()),
    }
}
