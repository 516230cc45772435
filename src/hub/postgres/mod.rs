//! The hub on PostgreSQL, for a city: several hub processes over one
//! database serve the counters of every ward. The queries are `hub::db`'s,
//! as on SQLite. Each process has one writer thread applying group commits;
//! an advisory lock taken by each group's transaction keeps the writers of
//! all processes one at a time, so ticket numbers, call-next and
//! idempotency keys keep exactly the guarantees of the single SQLite writer.
//! Changes reach every process's subscribers through LISTEN/NOTIFY.

pub mod backup;
mod conn;
mod events;
mod schema;

use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::broadcast;

pub use conn::{redact, PgConn};

use crate::api::*;
use crate::hub::db::sql::Sql;
use crate::hub::db::writer::{WriterDb, WriterHandle};
use crate::hub::db::SqlStore;
use crate::hub::store::{Change, StoreError};

/// Whether `--db` names a PostgreSQL database rather than a SQLite file.
pub fn is_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// Every write transaction first takes this advisory lock ('mado' and 2):
/// one writer at a time over all hub processes.
/// Read committed whatever the database's default: each statement sees
/// what the hub before it committed.
const BEGIN: &str =
    "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(120265064251394)";

/// Reading connections a hub holds at most; with its writer and its
/// listener a hub uses 18 of the server's `max_connections`.
pub const READERS: usize = 16;

pub struct PgStore {
    url: String,
    writer: WriterHandle,
    readers: Mutex<Vec<PgConn>>,
    /// Readers in use now, to keep within READERS.
    busy: (Mutex<usize>, std::sync::Condvar),
    events: broadcast::Sender<HubEvent>,
}

impl PgStore {
    /// Connect, create the tables when missing, start the writer and the
    /// event listener.
    pub fn open(url: &str) -> Result<PgStore, StoreError> {
        let conn = PgConn::connect(url)?;
        schema::ensure(&conn)?;
        let (events, _) = broadcast::channel(4096);
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let listener_events = events.clone();
        let listen_url = url.to_string();
        std::thread::Builder::new()
            .name("hub-events".into())
            .spawn(move || events::listen(listen_url, listener_events, ready_tx))
            .map_err(|e| StoreError::Internal(format!("event thread: {e}")))?;
        // Changes committed from now on are heard.
        ready_rx
            .recv_timeout(Duration::from_secs(30))
            .map_err(|_| StoreError::Internal("PostgreSQL: LISTEN did not start".into()))?;
        let writer = WriterHandle::start(
            "hub-writer",
            PgWriter {
                url: url.to_string(),
                conn: Some(conn),
            },
        )?;
        Ok(PgStore {
            url: url.to_string(),
            writer,
            readers: Mutex::new(Vec::new()),
            busy: (Mutex::new(0), std::sync::Condvar::new()),
            events,
        })
    }

    fn read<T>(&self, f: impl FnOnce(&dyn Sql) -> Result<T, StoreError>) -> Result<T, StoreError> {
        // Wait for a turn: a burst of requests queues here rather than
        // opening connections beyond the server's limit.
        {
            let (count, freed) = &self.busy;
            let mut n = count.lock().unwrap_or_else(|p| p.into_inner());
            while *n >= READERS {
                n = freed.wait(n).unwrap_or_else(|p| p.into_inner());
            }
            *n += 1;
        }
        let out = self.read_now(f);
        let (count, freed) = &self.busy;
        *count.lock().unwrap_or_else(|p| p.into_inner()) -= 1;
        freed.notify_one();
        out
    }

    fn read_now<T>(
        &self,
        f: impl FnOnce(&dyn Sql) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let pooled = self
            .readers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .pop();
        let conn = match pooled {
            Some(c) if !c.is_closed() => c,
            _ => PgConn::connect(&self.url)?,
        };
        let out = f(&conn);
        if !conn.is_closed() {
            let mut pool = self
                .readers
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if pool.len() < READERS {
                pool.push(conn);
            }
        }
        out
    }
}

/// The writer's side: its connection (made again after a lost one), the
/// lock in each transaction, the changes announced before the commit.
struct PgWriter {
    url: String,
    conn: Option<PgConn>,
}

impl WriterDb for PgWriter {
    fn ready(&mut self) -> Result<(), StoreError> {
        if self.conn.as_ref().is_none_or(PgConn::is_closed) {
            self.conn = None;
            self.conn =
                Some(PgConn::connect(&self.url).map_err(|e| {
                    StoreError::Internal(format!("the database is unavailable: {e}"))
                })?);
        }
        Ok(())
    }

    fn sql(&self) -> Result<&dyn Sql, StoreError> {
        match &self.conn {
            Some(c) => Ok(c),
            None => Err(StoreError::Internal("the database is unavailable".into())),
        }
    }

    fn begin(&self) -> &'static str {
        BEGIN
    }

    fn before_commit(&self, conn: &dyn Sql, changes: &[Change]) -> Result<(), StoreError> {
        events::notify(conn, changes)
    }

    fn recover(&mut self) {
        let broken = match &self.conn {
            Some(c) => c.batch("ROLLBACK").is_err() || c.is_closed(),
            None => true,
        };
        if broken {
            self.conn = None;
        }
    }
}

impl SqlStore for PgStore {
    fn writer(&self) -> &WriterHandle {
        &self.writer
    }

    fn read<T>(&self, f: impl FnOnce(&dyn Sql) -> Result<T, StoreError>) -> Result<T, StoreError> {
        PgStore::read(self, f)
    }

    fn events(&self) -> &broadcast::Sender<HubEvent> {
        &self.events
    }
}
