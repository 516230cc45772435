//! SQLite storage of the hub (WAL, synchronous=FULL). One writer thread applies
//! writes in group commits: every write is durable before it is answered, and
//! its idempotency key is recorded in the same transaction as its change.

pub mod backup;
mod conn;
mod migrate;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use rusqlite::Connection;
use tokio::sync::broadcast;

use crate::api::*;
use crate::hub::db::sql::Sql;
use crate::hub::db::writer::{WriterDb, WriterHandle};
use crate::hub::db::SqlStore;
use crate::hub::store::{Change, StoreError};

pub use crate::api::{parse_ts, ts};

/// Error mapping for SQLite failures.
pub struct Db;

impl Db {
    pub fn err(e: rusqlite::Error) -> StoreError {
        StoreError::Internal(format!("database: {e}"))
    }
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS categories(code TEXT PRIMARY KEY, name TEXT NOT NULL, ord INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS tickets(
  id TEXT PRIMARY KEY, number TEXT NOT NULL, category TEXT NOT NULL, day TEXT NOT NULL, state TEXT NOT NULL,
  priority INTEGER NOT NULL, counter TEXT, created_at TEXT NOT NULL, called_at TEXT, started_at TEXT,
  finished_at TEXT, outcome TEXT, transfers INTEGER NOT NULL DEFAULT 0, UNIQUE(day, number));
CREATE INDEX IF NOT EXISTS tickets_day_state ON tickets(day, state, category);
CREATE TABLE IF NOT EXISTS ticket_seq(day TEXT NOT NULL, category TEXT NOT NULL, next INTEGER NOT NULL,
  PRIMARY KEY(day, category));
CREATE TABLE IF NOT EXISTS applied_ops(key TEXT PRIMARY KEY, status INTEGER NOT NULL, body TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS households(id TEXT PRIMARY KEY, ward TEXT NOT NULL, address TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS residents(household_id TEXT NOT NULL, member_id TEXT NOT NULL, name TEXT NOT NULL,
  kana TEXT NOT NULL, kana_key TEXT NOT NULL, birth_date TEXT NOT NULL, ward TEXT NOT NULL, address TEXT NOT NULL,
  PRIMARY KEY(household_id, member_id));
CREATE INDEX IF NOT EXISTS residents_kana ON residents(kana_key, birth_date);
CREATE INDEX IF NOT EXISTS residents_name ON residents(name);
CREATE INDEX IF NOT EXISTS residents_birth ON residents(birth_date);
CREATE TABLE IF NOT EXISTS users(name TEXT PRIMARY KEY, role TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cases(id TEXT PRIMARY KEY, status TEXT NOT NULL, received_at TEXT NOT NULL,
  updated_at TEXT NOT NULL, counter TEXT NOT NULL, ward TEXT NOT NULL, event TEXT NOT NULL, confirmed TEXT NOT NULL,
  body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS cases_status ON cases(status, received_at);
CREATE TABLE IF NOT EXISTS scans(id TEXT PRIMARY KEY, case_id TEXT NOT NULL, bytes INTEGER NOT NULL,
  content_type TEXT NOT NULL, data BLOB NOT NULL, received_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS scans_case ON scans(case_id);
CREATE TABLE IF NOT EXISTS audit(id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user TEXT NOT NULL,
  action TEXT NOT NULL, household_id TEXT, ticket TEXT);
INSERT OR IGNORE INTO categories(code, name, ord) VALUES
  ('A', '転入・転出', 1), ('B', '証明書', 2), ('C', '国保・年金', 3), ('D', '子育て・福祉', 4);
";

fn open_connection(path: &Path) -> Result<Connection, StoreError> {
    let c = Connection::open(path).map_err(Db::err)?;
    c.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
    )
    .map_err(Db::err)?;
    c.busy_timeout(std::time::Duration::from_secs(10))
        .map_err(Db::err)?;
    c.set_prepared_statement_cache_capacity(64);
    Ok(c)
}

pub struct SqliteStore {
    path: PathBuf,
    writer: WriterHandle,
    readers: Mutex<Vec<Connection>>,
    events: broadcast::Sender<HubEvent>,
}

impl SqliteStore {
    /// Open (and create) the database at `path`, bring its schema up to date
    /// and start its writer thread.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let mut conn = open_connection(path)?;
        conn.execute_batch(SCHEMA).map_err(Db::err)?;
        migrate::run(&mut conn)?;
        let (events, _) = broadcast::channel(4096);
        let writer = WriterHandle::start(
            "hub-writer",
            SqliteWriter {
                conn,
                path: path.to_path_buf(),
                events: events.clone(),
            },
        )?;
        Ok(SqliteStore {
            path: path.to_path_buf(),
            writer,
            readers: Mutex::new(Vec::new()),
            events,
        })
    }

    fn read_conn<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let pooled = self
            .readers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .pop();
        let conn = match pooled {
            Some(c) => c,
            None => open_connection(&self.path)?,
        };
        let out = f(&conn);
        let mut pool = self
            .readers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if pool.len() < 16 {
            pool.push(conn);
        }
        out
    }
}

static EVENT_SEQ: AtomicU64 = AtomicU64::new(1);

/// The events a committed change makes, numbered in this process's order.
pub fn event_of(c: Change) -> HubEvent {
    let seq = EVENT_SEQ.fetch_add(1, Ordering::Relaxed);
    match c {
        Change::Ticket(ticket) => HubEvent::Ticket(QueueEvent { seq, ticket }),
        Change::Procedure(mut p) => {
            p.seq = seq;
            HubEvent::Procedure(p)
        }
        Change::Counter(c) => HubEvent::Counter(c),
    }
}

/// The writer's side of SQLite: one connection, `BEGIN IMMEDIATE`, events
/// sent to this process's subscribers after the commit.
struct SqliteWriter {
    conn: Connection,
    path: PathBuf,
    events: broadcast::Sender<HubEvent>,
}

impl WriterDb for SqliteWriter {
    fn ready(&mut self) -> Result<(), StoreError> {
        Ok(())
    }

    fn sql(&self) -> Result<&dyn Sql, StoreError> {
        Ok(&self.conn)
    }

    fn begin(&self) -> &'static str {
        "BEGIN IMMEDIATE"
    }

    fn committed(&self, changes: Vec<Change>) {
        for c in changes {
            let _ = self.events.send(event_of(c));
        }
    }

    fn recover(&mut self) {
        if !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        if !self.conn.is_autocommit() {
            if let Ok(fresh) = open_connection(&self.path) {
                self.conn = fresh;
            }
        }
    }
}

impl SqlStore for SqliteStore {
    fn writer(&self) -> &WriterHandle {
        &self.writer
    }

    fn read<T>(&self, f: impl FnOnce(&dyn Sql) -> Result<T, StoreError>) -> Result<T, StoreError> {
        self.read_conn(|c| f(c))
    }

    fn events(&self) -> &broadcast::Sender<HubEvent> {
        &self.events
    }
}

#[cfg(test)]
mod writer_tests;
