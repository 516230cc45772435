//! The writer both stores run: one thread per hub process applies queued
//! writes in group commits. Every write is durable before it is answered,
//! its idempotency key is recorded in the same transaction as its change,
//! and nothing a request carries can stop it: a write that panics is rolled
//! back and answered with an error, and the writes grouped with it are
//! applied again one by one.

use std::sync::{mpsc, Mutex};

use tokio::sync::oneshot;

use super::sql::{Sql, SqlExt};
use super::{floor_store, procedures, records, scan_store, sessions, tickets, ts};
use crate::api::Ticket;
use crate::hub::store::{Change, OpKey, Reply, StoreError, WriteOp};

/// Writes applied in one transaction at most.
pub const GROUP: usize = 128;

pub struct Job {
    pub key: Option<OpKey>,
    pub op: WriteOp,
    pub reply: oneshot::Sender<Result<Reply, StoreError>>,
}

/// What a store's writer thread does with its database.
pub trait WriterDb {
    /// Ready to write (a store that lost its connection connects again).
    fn ready(&mut self) -> Result<(), StoreError>;
    /// The connection to write on, once ready.
    fn sql(&self) -> Result<&dyn Sql, StoreError>;
    /// Starts a group's transaction.
    fn begin(&self) -> &'static str;
    /// Inside the transaction, before it commits (a store whose other
    /// processes must hear of the changes queues them here).
    fn before_commit(&self, _conn: &dyn Sql, _changes: &[Change]) -> Result<(), StoreError> {
        Ok(())
    }
    /// After the commit, in order.
    fn committed(&self, _changes: Vec<Change>) {}
    /// After a panic: roll back what is open; reconnect if need be.
    fn recover(&mut self);
}

/// The sending end, shared by the request threads.
pub struct WriterHandle(Mutex<mpsc::Sender<Job>>);

impl WriterHandle {
    /// Start `db`'s writer thread.
    pub fn start(name: &str, db: impl WriterDb + Send + 'static) -> Result<Self, StoreError> {
        let (tx, rx) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name(name.into())
            .spawn(move || run(db, rx))
            .map_err(|e| StoreError::Internal(format!("writer thread: {e}")))?;
        Ok(WriterHandle(Mutex::new(tx)))
    }

    pub fn write(&self, key: Option<OpKey>, op: WriteOp) -> Result<Reply, StoreError> {
        let (reply, rx) = oneshot::channel();
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .send(Job { key, op, reply })
            .map_err(|_| StoreError::Internal("the writer has stopped".into()))?;
        rx.blocking_recv()
            .map_err(|_| StoreError::Internal("the writer dropped a write".into()))?
    }

    /// Queue every job before waiting for any, so the writer commits them together.
    pub fn write_many(&self, ops: Vec<(Option<OpKey>, WriteOp)>) -> Vec<Result<Reply, StoreError>> {
        let mut waiting = Vec::with_capacity(ops.len());
        let writer = self
            .0
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
}

fn run(mut db: impl WriterDb, rx: mpsc::Receiver<Job>) {
    while let Ok(first) = rx.recv() {
        let mut jobs = vec![first];
        while jobs.len() < GROUP {
            match rx.try_recv() {
                Ok(j) => jobs.push(j),
                Err(_) => break,
            }
        }
        let outcome = guarded(&mut db, &jobs);
        let (results, changed) = match outcome {
            Some(Ok(r)) => r,
            // One of the group panicked: each alone, so only that one fails.
            None if jobs.len() > 1 => {
                let mut results = Vec::with_capacity(jobs.len());
                let mut changed = Vec::new();
                for job in &jobs {
                    match guarded(&mut db, std::slice::from_ref(job)) {
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
            // Nothing of the group was applied: each write is to be sent
            // again (an error of the hub, never a refusal of the request).
            Some(Err(e)) => (
                jobs.iter()
                    .map(|_| Err(StoreError::Internal(format!("not applied: {e}"))))
                    .collect(),
                Vec::new(),
            ),
        };
        db.committed(changed);
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

type GroupResult = (Vec<Result<Reply, StoreError>>, Vec<Change>);

/// Apply a group, catching a panic (the store then rolls back and, if its
/// connection is left unusable, opens it again).
fn guarded(db: &mut impl WriterDb, jobs: &[Job]) -> Option<Result<GroupResult, StoreError>> {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        db.ready()?;
        let conn = db.sql()?;
        if let Err(e) = conn.batch(db.begin()) {
            // Never leave the connection inside a failed transaction.
            let _ = conn.batch("ROLLBACK");
            return Err(e);
        }
        match apply_group(conn, jobs) {
            Ok((results, changes)) => {
                let done = db
                    .before_commit(conn, &changes)
                    .and_then(|()| conn.batch("COMMIT"));
                match done {
                    Ok(()) => Ok((results, changes)),
                    Err(e) => {
                        let _ = conn.batch("ROLLBACK");
                        Err(e)
                    }
                }
            }
            Err(e) => {
                let _ = conn.batch("ROLLBACK");
                Err(e)
            }
        }
    }));
    match outcome {
        Ok(r) => Some(r),
        Err(_) => {
            eprintln!("hub: a write panicked and was rolled back");
            db.recover();
            None
        }
    }
}

/// A stored answer to a key, if the key was used; `Err` when it was used
/// for another request.
fn seen(tx: &dyn Sql, key: &OpKey) -> Result<Option<Reply>, StoreError> {
    let read = |r: &super::sql::Row| -> Result<(u16, String, Option<String>), StoreError> {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    };
    let row = tx.one(
        "SELECT status, body, fingerprint FROM applied_ops WHERE key = ?1",
        &[&key.scoped],
        read,
    )?;
    // Keys a hub stored before they were scoped (no fingerprint) still answer.
    let row = match row {
        Some(r) => Some(r),
        None => tx.one(
            "SELECT status, body, fingerprint FROM applied_ops WHERE key = ?1 AND fingerprint IS NULL",
            &[&key.legacy],
            read,
        )?,
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

fn remember(tx: &dyn Sql, key: &OpKey, status: u16, body: &str) -> Result<(), StoreError> {
    tx.exec(
        "INSERT INTO applied_ops(key, status, body, at, fingerprint) VALUES (?1, ?2, ?3, ?4, ?5)",
        &[
            &key.scoped,
            &status,
            &body,
            &ts(crate::clock::now()),
            &key.fingerprint,
        ],
    )?;
    Ok(())
}

fn apply_group(tx: &dyn Sql, jobs: &[Job]) -> Result<GroupResult, StoreError> {
    let mut results = Vec::with_capacity(jobs.len());
    let mut changed = Vec::new();
    for job in jobs {
        if let Some(key) = &job.key {
            match seen(tx, key) {
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
        tx.batch("SAVEPOINT op")?;
        match apply(tx, &job.op) {
            Ok((reply, touched)) => {
                if let Some(key) = &job.key {
                    remember(tx, key, reply.status, &reply.body.to_string())?;
                }
                tx.batch("RELEASE SAVEPOINT op")?;
                changed.extend(touched);
                results.push(Ok(reply));
            }
            Err(e) => {
                tx.batch("ROLLBACK TO SAVEPOINT op; RELEASE SAVEPOINT op")?;
                // A client's mistake is an answer too: the same key gets it again.
                if let (Some(key), Some(status)) = (&job.key, client_status(&e)) {
                    let body = serde_json::json!({ "error": e.to_string() });
                    remember(tx, key, status, &body.to_string())?;
                }
                results.push(Err(e));
            }
        }
    }
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

fn apply(c: &dyn Sql, op: &WriteOp) -> Result<(Reply, Vec<Change>), StoreError> {
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
        WriteOp::ImportHouseholds(records) => {
            super::import::import_households(c, records).map(none)
        }
        WriteOp::Ping => Ok(none(Reply::ok(serde_json::json!({ "writer": "ok" })))),
        #[cfg(test)]
        WriteOp::PanicForTest => {
            // Leave a change behind first: it must be rolled back.
            c.exec(
                "INSERT INTO categories(code, name, ord) VALUES ('P', 'panic', 9)",
                &[],
            )?;
            panic!("a write that panics")
        }
    }
}
