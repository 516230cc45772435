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

use chrono::{DateTime, NaiveDate, Utc};
use tokio::sync::broadcast;

pub use conn::{redact, PgConn};

use crate::api::*;
use crate::hub::db::sql::Sql;
use crate::hub::db::writer::{WriterDb, WriterHandle};
use crate::hub::db::{floor_store, procedures, records, scan_store, sessions, tickets};
use crate::hub::store::{Change, OpKey, Reply, Session, Storage, StoreError, StoredCase, WriteOp};

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

impl Storage for PgStore {
    fn write(&self, key: Option<OpKey>, op: WriteOp) -> Result<Reply, StoreError> {
        self.writer.write(key, op)
    }

    fn write_many(&self, ops: Vec<(Option<OpKey>, WriteOp)>) -> Vec<Result<Reply, StoreError>> {
        self.writer.write_many(ops)
    }

    fn queue(
        &self,
        day: NaiveDate,
        now: DateTime<Utc>,
        offset: u32,
        limit: u32,
    ) -> Result<QueueView, StoreError> {
        self.read(|c| tickets::view(c, day, now, offset, limit))
    }

    fn ticket_by_number(&self, day: NaiveDate, number: &str) -> Result<Option<Ticket>, StoreError> {
        self.read(|c| tickets::by_number(c, day, number))
    }

    fn tickets_since(&self, day: NaiveDate) -> Result<Vec<Ticket>, StoreError> {
        self.read(|c| tickets::of_day(c, day))
    }

    fn categories(&self) -> Result<Vec<Category>, StoreError> {
        self.read(|c| tickets::categories(c))
    }

    fn search_residents(&self, q: &ResidentQuery) -> Result<Vec<ResidentHit>, StoreError> {
        self.read(|c| records::search(c, q))
    }

    fn household(&self, id: &str) -> Result<Option<HouseholdRecord>, StoreError> {
        self.read(|c| records::household(c, id))
    }

    fn cases(
        &self,
        status: Option<CaseStatus>,
        day: Option<NaiveDate>,
    ) -> Result<Vec<CaseSummary>, StoreError> {
        self.read(|c| records::cases(c, status, day))
    }

    fn case(&self, id: &str) -> Result<Option<StoredCase>, StoreError> {
        self.read(|c| records::case(c, id))
    }

    fn scans(&self, case_id: &str) -> Result<Vec<ScanInfo>, StoreError> {
        self.read(|c| scan_store::scans(c, case_id))
    }

    fn user(&self, name: &str) -> Result<Option<(Role, String)>, StoreError> {
        self.read(|c| sessions::user(c, name))
    }

    fn session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<Session>, StoreError> {
        self.read(|c| sessions::session(c, token_hash, now))
    }

    fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>, StoreError> {
        self.read(|c| records::audit_log(c, limit))
    }

    fn counter_log(&self, day: NaiveDate) -> Result<Vec<CounterChange>, StoreError> {
        self.read(|c| floor_store::counter_log(c, day))
    }

    fn scan_image(&self, id: &str) -> Result<Option<(String, String, Vec<u8>)>, StoreError> {
        self.read(|c| scan_store::scan_image(c, id))
    }

    fn unrouted(&self, open: bool) -> Result<Vec<UnroutedPage>, StoreError> {
        self.read(|c| scan_store::unrouted(c, open))
    }

    fn unrouted_image(&self, id: &str) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        self.read(|c| scan_store::unrouted_image(c, id))
    }

    fn procedures(
        &self,
        filter: &crate::processing::WorkFilter,
        now: DateTime<Utc>,
    ) -> Result<Vec<crate::processing::ProcedureStatus>, StoreError> {
        self.read(|c| procedures::list(c, filter, now))
    }

    fn case_procedures(
        &self,
        case_id: &str,
    ) -> Result<Vec<crate::processing::ProcedureStatus>, StoreError> {
        self.read(|c| procedures::for_case(c, case_id))
    }

    fn subscribe(&self) -> broadcast::Receiver<HubEvent> {
        self.events.subscribe()
    }
}
