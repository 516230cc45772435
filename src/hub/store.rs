//! The hub's storage, behind a trait so that another database (PostgreSQL) can
//! be added without touching the HTTP handlers.

use chrono::{DateTime, NaiveDate, Utc};

use crate::api::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    NotFound(String),
    Conflict(String),
    BadRequest(String),
    /// The store cannot take more of this (a full queue): 409 with a reason.
    Full(String),
    /// The hub failed on this request itself (a fault that replaying it would
    /// repeat): 422, so a counter records it and moves on.
    Unprocessable(String),
    Internal(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::NotFound(m)
            | StoreError::Conflict(m)
            | StoreError::BadRequest(m)
            | StoreError::Full(m)
            | StoreError::Unprocessable(m)
            | StoreError::Internal(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for StoreError {}

/// The answer to a write: an HTTP status and a JSON body, kept per idempotency key.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub status: u16,
    pub body: serde_json::Value,
}

impl Reply {
    pub fn ok(body: impl serde::Serialize) -> Reply {
        Reply {
            status: 200,
            body: serde_json::to_value(body).unwrap_or(serde_json::Value::Null),
        }
    }
    pub fn created(body: impl serde::Serialize) -> Reply {
        Reply {
            status: 201,
            body: serde_json::to_value(body).unwrap_or(serde_json::Value::Null),
        }
    }
}

/// A write's idempotency key, scoped to the user and the operation, with a
/// fingerprint of the request: the same key with another request is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpKey {
    /// `<user> <operation> <client key>`, joined with U+001F.
    pub scoped: String,
    /// The key as the client sent it (answers of hubs before keys were scoped).
    pub legacy: String,
    /// SHA-256 (hex) of the operation and its request body.
    pub fingerprint: String,
}

impl OpKey {
    pub fn new(user: &str, operation: &str, key: &str, fingerprint: String) -> OpKey {
        OpKey {
            scoped: format!("{user}\u{1f}{operation}\u{1f}{key}"),
            legacy: key.to_string(),
            fingerprint,
        }
    }
}

/// One audit row: who read which resident data, for which ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub user: String,
    pub action: String,
    pub household_id: Option<String>,
    pub case_id: Option<String>,
    pub ticket: Option<String>,
    pub at: DateTime<Utc>,
}

/// Every change the hub makes.
#[derive(Debug, Clone)]
pub enum WriteOp {
    IssueTicket {
        req: IssueTicket,
        at: DateTime<Utc>,
    },
    CallNext {
        req: CallNext,
        at: DateTime<Utc>,
    },
    TicketAction {
        id: String,
        action: TicketAction,
        /// The counter of the clerk acting: a clerk may only act on its
        /// counter's tickets. `None` for floor managers and administrators.
        by_counter: Option<String>,
        at: DateTime<Utc>,
    },
    SubmitCase {
        case: Box<CaseSubmission>,
        by: String,
        at: DateTime<Utc>,
    },
    SetCaseStatus {
        id: String,
        status: CaseStatus,
        at: DateTime<Utc>,
    },
    /// A step on one procedure of a case (the back office's work, or the
    /// counter's answer to a return).
    ProcedureStep {
        case_id: String,
        procedure: String,
        step: crate::processing::Step,
        by: String,
        role: Role,
        /// A clerk answers the returns of its own counter only.
        by_counter: Option<String>,
        at: DateTime<Utc>,
    },
    /// A back-office clerk takes a procedure to work it, or gives it back.
    ClaimProcedure {
        case_id: String,
        procedure: String,
        by: String,
        release: bool,
        at: DateTime<Utc>,
    },
    AddScan {
        case_id: String,
        content_type: String,
        data: Vec<u8>,
        place: ScanPlace,
        by: String,
        at: DateTime<Utc>,
    },
    /// A page the router could not place, into the tray.
    AddUnrouted {
        place: UnroutedPlace,
        content_type: String,
        data: Vec<u8>,
        by: String,
        at: DateTime<Utc>,
    },
    /// A person places a page of the tray: it is copied to the case, and the
    /// tray's row says where it went (nothing is deleted).
    AssignUnrouted {
        id: String,
        to: AssignPage,
        by: String,
        at: DateTime<Utc>,
    },
    CreateToken {
        /// SHA-256 (hex) of the token: tokens are never stored.
        token_hash: String,
        user: String,
        role: Role,
        counter: Option<String>,
        expires_at: DateTime<Utc>,
    },
    /// Bind a clerk's token (by hash) to a counter, once.
    BindCounter {
        token_hash: String,
        counter: String,
    },
    RevokeToken {
        token_hash: String,
    },
    /// A supervisor sets a category's service-level target.
    SetTarget {
        category: String,
        target: crate::service_level::Target,
    },
    /// A counter opens, pauses (with a reason) or closes.
    SetCounter {
        counter: String,
        req: SetCounterState,
        by: String,
        at: DateTime<Utc>,
    },
    Audit(Vec<AuditRecord>),
    /// Creates or changes a user; the user's tokens are revoked.
    UpsertUser {
        name: String,
        role: Role,
        hash: String,
    },
    ImportHouseholds(Vec<HouseholdRecord>),
    /// Nothing: proves the writer is alive and the database takes a transaction.
    Ping,
    /// A write that panics inside the writer (the writer's own tests).
    #[cfg(test)]
    PanicForTest,
}

/// Tickets a write changed.
pub type Changed = Vec<Ticket>;

/// What a write changed that live views must hear about.
#[derive(Debug, Clone)]
pub enum Change {
    Ticket(Ticket),
    Procedure(crate::processing::ProcedureEvent),
    Counter(CounterChange),
}

/// The session a token stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: String,
    pub role: Role,
    pub counter: Option<String>,
}

/// A case as stored, with who submitted it.
#[derive(Debug, Clone)]
pub struct StoredCase {
    pub summary: CaseSummary,
    pub submission: CaseSubmission,
    pub submitted_by: Option<String>,
}

pub trait Storage: Send + Sync + 'static {
    /// Apply `op`; with a key, at most once: a repeated key gets the first reply.
    fn write(&self, key: Option<OpKey>, op: WriteOp) -> Result<Reply, StoreError>;
    /// Apply several writes in order; a store may commit them together.
    fn write_many(&self, ops: Vec<(Option<OpKey>, WriteOp)>) -> Vec<Result<Reply, StoreError>> {
        ops.into_iter()
            .map(|(key, op)| self.write(key, op))
            .collect()
    }
    /// The day's queue: categories and one page of tickets.
    fn queue(
        &self,
        day: NaiveDate,
        now: DateTime<Utc>,
        offset: u32,
        limit: u32,
    ) -> Result<QueueView, StoreError>;
    fn tickets_since(&self, day: NaiveDate) -> Result<Vec<Ticket>, StoreError>;
    /// A ticket of `day` by its number.
    fn ticket_by_number(&self, day: NaiveDate, number: &str) -> Result<Option<Ticket>, StoreError>;
    fn categories(&self) -> Result<Vec<Category>, StoreError>;
    fn search_residents(&self, q: &ResidentQuery) -> Result<Vec<ResidentHit>, StoreError>;
    fn household(&self, id: &str) -> Result<Option<HouseholdRecord>, StoreError>;
    /// Cases by status and by the day received (Japan time), oldest first.
    fn cases(
        &self,
        status: Option<CaseStatus>,
        day: Option<NaiveDate>,
    ) -> Result<Vec<CaseSummary>, StoreError>;
    fn case(&self, id: &str) -> Result<Option<StoredCase>, StoreError>;
    fn scans(&self, case_id: &str) -> Result<Vec<ScanInfo>, StoreError>;
    /// A scan's image: (its case, content type, bytes).
    fn scan_image(&self, id: &str) -> Result<Option<(String, String, Vec<u8>)>, StoreError>;
    /// The tray (`open`: only pages nobody placed yet).
    fn unrouted(&self, open: bool) -> Result<Vec<UnroutedPage>, StoreError>;
    /// A tray page's image: (content type, bytes).
    fn unrouted_image(&self, id: &str) -> Result<Option<(String, Vec<u8>)>, StoreError>;
    fn user(&self, name: &str) -> Result<Option<(Role, String)>, StoreError>;
    /// The live session of a token's hash.
    fn session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<Session>, StoreError>;
    fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>, StoreError>;
    /// Every counter's changes of mode on `day`, in order.
    fn counter_log(&self, day: NaiveDate) -> Result<Vec<CounterChange>, StoreError>;
    /// The back office's worklist.
    fn procedures(
        &self,
        filter: &crate::processing::WorkFilter,
        now: DateTime<Utc>,
    ) -> Result<Vec<crate::processing::ProcedureStatus>, StoreError>;
    /// One case's procedures with their histories.
    fn case_procedures(
        &self,
        case_id: &str,
    ) -> Result<Vec<crate::processing::ProcedureStatus>, StoreError>;
    /// Receive every ticket and procedure change after it is committed.
    fn subscribe(&self) -> tokio::sync::broadcast::Receiver<HubEvent>;
}
