//! SQLite storage of the hub (WAL, synchronous=FULL). One writer thread applies
//! writes in group commits: every write is durable before it is answered, and
//! its idempotency key is recorded in the same transaction as its change.

pub mod backup;
mod floor_store;
mod migrate;
pub mod procedures;
mod records;
mod scan_store;
mod sessions;
mod tickets;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use tokio::sync::{broadcast, oneshot};

use crate::api::*;
use crate::hub::store::{Change, OpKey, Reply, Session, Storage, StoreError, StoredCase, WriteOp};

/// Writes applied in one transaction at most.
const GROUP: usize = 128;

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
    Ok(c)
}

struct Job {
    key: Option<OpKey>,
    op: WriteOp,
    reply: oneshot::Sender<Result<Reply, StoreError>>,
}

pub struct SqliteStore {
    path: PathBuf,
    writer: Mutex<mpsc::Sender<Job>>,
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
        let (tx, rx) = mpsc::channel::<Job>();
        let (events, _) = broadcast::channel(4096);
        let sender = events.clone();
        let db = path.to_path_buf();
        std::thread::Builder::new()
            .name("hub-writer".into())
            .spawn(move || writer_loop(conn, &db, rx, sender))
            .map_err(|e| StoreError::Internal(format!("writer thread: {e}")))?;
        Ok(SqliteStore {
            path: path.to_path_buf(),
            writer: Mutex::new(tx),
            readers: Mutex::new(Vec::new()),
            events,
        })
    }

    fn read<T>(
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

/// The writer: applies queued writes in group commits. Nothing a request
/// carries can stop it: a write that panics is rolled back and answered with
/// an error, and the writes grouped with it are applied again one by one.
fn writer_loop(
    mut conn: Connection,
    db: &Path,
    rx: mpsc::Receiver<Job>,
    events: broadcast::Sender<HubEvent>,
) {
    while let Ok(first) = rx.recv() {
        let mut jobs = vec![first];
        while jobs.len() < GROUP {
            match rx.try_recv() {
                Ok(j) => jobs.push(j),
                Err(_) => break,
            }
        }
        let outcome = guarded(&mut conn, db, &jobs);
        let (results, changed) = match outcome {
            Some(Ok(r)) => r,
            // One of the group panicked: each alone, so only that one fails.
            None if jobs.len() > 1 => {
                let mut results = Vec::with_capacity(jobs.len());
                let mut changed = Vec::new();
                for job in &jobs {
                    match guarded(&mut conn, db, std::slice::from_ref(job)) {
                        Some(Ok((mut r, c))) => {
                            results.push(r.pop().unwrap_or_else(|| Err(panicked())));
                            changed.extend(c);
                        }
                        Some(Err(e)) => results.push(Err(e)),
                        None => results.push(Err(panicked())),
                    }
                }
                (results, changed)
            }
            None => (vec![Err(panicked())], Vec::new()),
            Some(Err(e)) => (jobs.iter().map(|_| Err(e.clone())).collect(), Vec::new()),
        };
        for c in changed {
            let seq = EVENT_SEQ.fetch_add(1, Ordering::Relaxed);
            let _ = events.send(match c {
                Change::Ticket(ticket) => HubEvent::Ticket(QueueEvent { seq, ticket }),
                Change::Procedure(mut p) => {
                    p.seq = seq;
                    HubEvent::Procedure(p)
                }
                Change::Counter(c) => HubEvent::Counter(c),
            });
        }
        for (job, result) in jobs.into_iter().zip(results) {
            let _ = job.reply.send(result);
        }
    }
}

fn panicked() -> StoreError {
    StoreError::Unprocessable(
        "the hub could not apply this write: it failed inside the hub and was rolled back".into(),
    )
}

/// Apply a group, catching a panic. The transaction of a group that panicked
/// is rolled back when it is dropped during the unwind; should the connection
/// be left unusable, it is opened again.
fn guarded(
    conn: &mut Connection,
    db: &Path,
    jobs: &[Job],
) -> Option<Result<GroupResult, StoreError>> {
    let outcome =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| apply_group(conn, jobs)));
    match outcome {
        Ok(r) => Some(r),
        Err(_) => {
            eprintln!("hub: a write panicked and was rolled back");
            if !conn.is_autocommit() {
                let _ = conn.execute_batch("ROLLBACK");
            }
            if !conn.is_autocommit() {
                if let Ok(fresh) = open_connection(db) {
                    *conn = fresh;
                }
            }
            None
        }
    }
}

type GroupResult = (Vec<Result<Reply, StoreError>>, Vec<Change>);

/// A stored answer to a key, if the key was used; `Err` when it was used
/// for another request.
fn seen(tx: &Connection, key: &OpKey) -> Result<Option<Reply>, StoreError> {
    let row: Option<(u16, String, Option<String>)> = tx
        .query_row(
            "SELECT status, body, fingerprint FROM applied_ops WHERE key = ?1",
            [&key.scoped],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()
        .map_err(Db::err)?;
    // Keys a hub stored before they were scoped (no fingerprint) still answer.
    let row = match row {
        Some(r) => Some(r),
        None => tx
            .query_row(
                "SELECT status, body, NULL FROM applied_ops WHERE key = ?1 AND fingerprint IS NULL",
                [&key.legacy],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(Db::err)?,
    };
    match row {
        None => Ok(None),
        Some((_, _, Some(f))) if f != key.fingerprint => Err(StoreError::Conflict(
            "Idempotency-Key: this key was used for another request; use a new key".into(),
        )),
        Some((status, body, _)) => Ok(Some(Reply {
            status,
            body: serde_json::from_str(&body).unwrap_or_default(),
        })),
    }
}

fn remember(tx: &Connection, key: &OpKey, status: u16, body: &str) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO applied_ops(key, status, body, at, fingerprint) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            key.scoped,
            status,
            body,
            ts(crate::clock::now()),
            key.fingerprint
        ],
    )
    .map_err(Db::err)?;
    Ok(())
}

fn apply_group(conn: &mut Connection, jobs: &[Job]) -> Result<GroupResult, StoreError> {
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(Db::err)?;
    let mut results = Vec::with_capacity(jobs.len());
    let mut changed = Vec::new();
    for job in jobs {
        if let Some(key) = &job.key {
            match seen(&tx, key) {
                Ok(Some(reply)) => {
                    results.push(Ok(reply));
                    continue;
                }
                Ok(None) => {}
                Err(e @ StoreError::Conflict(_)) => {
                    results.push(Err(e));
                    continue;
                }
                Err(e) => return Err(e),
            }
        }
        tx.execute_batch("SAVEPOINT op").map_err(Db::err)?;
        match apply(&tx, &job.op) {
            Ok((reply, touched)) => {
                if let Some(key) = &job.key {
                    remember(&tx, key, reply.status, &reply.body.to_string())?;
                }
                tx.execute_batch("RELEASE op").map_err(Db::err)?;
                changed.extend(touched);
                results.push(Ok(reply));
            }
            Err(e) => {
                tx.execute_batch("ROLLBACK TO op; RELEASE op")
                    .map_err(Db::err)?;
                // A client's mistake is an answer too: the same key gets it again.
                if let (Some(key), Some(status)) = (&job.key, client_status(&e)) {
                    let body = serde_json::json!({ "error": e.to_string() });
                    remember(&tx, key, status, &body.to_string())?;
                }
                results.push(Err(e));
            }
        }
    }
    tx.commit().map_err(Db::err)?;
    Ok((results, changed))
}

fn client_status(e: &StoreError) -> Option<u16> {
    match e {
        StoreError::NotFound(_) => Some(404),
        StoreError::Conflict(_) | StoreError::Full(_) => Some(409),
        StoreError::BadRequest(_) => Some(400),
        StoreError::Unprocessable(_) => Some(422),
        StoreError::Internal(_) => None,
    }
}

fn apply(c: &Connection, op: &WriteOp) -> Result<(Reply, Vec<Change>), StoreError> {
    let none = |r: Reply| (r, Vec::new());
    let tickets = |(r, t): (Reply, Vec<Ticket>)| (r, t.into_iter().map(Change::Ticket).collect());
    match op {
        WriteOp::IssueTicket { req, at } => tickets::issue(c, req, *at).map(tickets),
        WriteOp::CallNext { req, at } => tickets::call_next(c, req, *at).map(tickets),
        WriteOp::TicketAction {
            id,
            action,
            by_counter,
            at,
        } => tickets::act(c, id, action, by_counter.as_deref(), *at).map(tickets),
        WriteOp::ProcedureStep {
            case_id,
            procedure,
            step,
            by,
            role,
            by_counter,
            at,
        } => procedures::step(
            c,
            case_id,
            procedure,
            step,
            (by, *role, by_counter.as_deref()),
            *at,
        )
        .map(|(p, e)| (Reply::ok(p), vec![Change::Procedure(e)])),
        WriteOp::ClaimProcedure {
            case_id,
            procedure,
            by,
            release,
            at,
        } => {
            procedures::claim(c, case_id, procedure, by, *release, *at).map(|p| none(Reply::ok(p)))
        }
        WriteOp::SubmitCase { case, by, at } => records::submit_case(c, case, by, *at).map(none),
        WriteOp::SetCaseStatus { id, status, at } => {
            records::set_status(c, id, *status, *at).map(none)
        }
        WriteOp::AddScan {
            case_id,
            content_type,
            data,
            place,
            by,
            at,
        } => scan_store::add_scan(c, case_id, content_type, data, place, by, *at).map(none),
        WriteOp::AddUnrouted {
            place,
            content_type,
            data,
            by,
            at,
        } => scan_store::add_unrouted(c, place, content_type, data, by, *at).map(none),
        WriteOp::AssignUnrouted { id, to, by, at } => {
            scan_store::assign(c, id, to, by, *at).map(none)
        }
        WriteOp::CreateToken {
            token_hash,
            user,
            role,
            counter,
            expires_at,
        } => {
            sessions::create(c, token_hash, user, *role, counter.as_deref(), *expires_at).map(none)
        }
        WriteOp::BindCounter {
            token_hash,
            counter,
        } => sessions::bind_counter(c, token_hash, counter).map(none),
        WriteOp::RevokeToken { token_hash } => sessions::revoke(c, token_hash).map(none),
        WriteOp::SetTarget { category, target } => {
            floor_store::set_target(c, category, target).map(none)
        }
        WriteOp::SetCounter {
            counter,
            req,
            by,
            at,
        } => floor_store::set_counter(c, counter, req, by, *at),
        WriteOp::Audit(rows) => records::audit(c, rows).map(none),
        WriteOp::UpsertUser { name, role, hash } => {
            sessions::upsert_user(c, name, *role, hash).map(none)
        }
        WriteOp::ImportHouseholds(records) => records::import_households(c, records).map(none),
        WriteOp::Ping => Ok(none(Reply::ok(serde_json::json!({ "writer": "ok" })))),
        #[cfg(test)]
        WriteOp::PanicForTest => {
            // Leave a change behind first: it must be rolled back.
            c.execute(
                "INSERT INTO categories(code, name, ord) VALUES ('P', 'panic', 9)",
                [],
            )
            .map_err(Db::err)?;
            panic!("a write that panics")
        }
    }
}

impl Storage for SqliteStore {
    fn write(&self, key: Option<OpKey>, op: WriteOp) -> Result<Reply, StoreError> {
        let (reply, rx) = oneshot::channel();
        self.writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .send(Job { key, op, reply })
            .map_err(|_| StoreError::Internal("the writer has stopped".into()))?;
        rx.blocking_recv()
            .map_err(|_| StoreError::Internal("the writer dropped a write".into()))?
    }

    fn write_many(&self, ops: Vec<(Option<OpKey>, WriteOp)>) -> Vec<Result<Reply, StoreError>> {
        // Queue every job before waiting for any, so the writer commits them together.
        let mut waiting = Vec::with_capacity(ops.len());
        let writer = self
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        for (key, op) in ops {
            let (reply, rx) = oneshot::channel();
            let sent = writer.send(Job { key, op, reply }).is_ok();
            waiting.push(sent.then_some(rx));
        }
        drop(writer);
        waiting
            .into_iter()
            .map(|rx| match rx {
                Some(rx) => rx.blocking_recv().unwrap_or_else(|_| {
                    Err(StoreError::Internal("the writer dropped a write".into()))
                }),
                None => Err(StoreError::Internal("the writer has stopped".into())),
            })
            .collect()
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
        self.read(tickets::categories)
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

#[cfg(test)]
mod writer_tests;
