//! The hub's data, written once for both stores (SQLite embedded, PostgreSQL
//! for a city): the queries of the queue, the registry, cases, scans, the
//! back office, the floor and sessions, over `sql::Sql`, and the writer that
//! applies them in group commits.

pub mod floor_store;
pub mod import;
pub mod procedures;
pub mod records;
pub mod scan_store;
pub mod sessions;
pub mod sql;
pub mod tickets;
pub mod writer;

pub use crate::api::{parse_ts, ts};

use chrono::{DateTime, NaiveDate, Utc};
use tokio::sync::broadcast;

use crate::api::*;
use crate::hub::store::{OpKey, Reply, Session, Storage, StoreError, StoredCase, WriteOp};
use sql::Sql;
use writer::WriterHandle;

/// A store on SQL (SQLite or PostgreSQL): its writer, a way to read, its
/// events. Every such store answers the hub's `Storage` with the same
/// queries.
pub trait SqlStore: Send + Sync + 'static {
    fn writer(&self) -> &WriterHandle;
    fn read<T>(&self, f: impl FnOnce(&dyn Sql) -> Result<T, StoreError>) -> Result<T, StoreError>;
    fn events(&self) -> &broadcast::Sender<HubEvent>;
}

impl<S: SqlStore> Storage for S {
    fn write(&self, key: Option<OpKey>, op: WriteOp) -> Result<Reply, StoreError> {
        self.writer().write(key, op)
    }

    fn write_many(&self, ops: Vec<(Option<OpKey>, WriteOp)>) -> Vec<Result<Reply, StoreError>> {
        self.writer().write_many(ops)
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
        self.events().subscribe()
    }
}
