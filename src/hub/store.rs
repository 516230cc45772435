//! The hub's storage, behind a trait so that another database (PostgreSQL) can
//! be added without touching the HTTP handlers.

use chrono::{DateTime, NaiveDate, Utc};

use crate::api::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    NotFound(String),
    Conflict(String),
    BadRequest(String),
    Internal(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::NotFound(m)
            | StoreError::Conflict(m)
            | StoreError::BadRequest(m)
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
        at: DateTime<Utc>,
    },
    SubmitCase {
        case: Box<CaseSubmission>,
        at: DateTime<Utc>,
    },
    SetCaseStatus {
        id: String,
        status: CaseStatus,
        at: DateTime<Utc>,
    },
    AddScan {
        case_id: String,
        content_type: String,
        data: Vec<u8>,
        at: DateTime<Utc>,
    },
    CreateToken {
        token: String,
        user: String,
        role: Role,
        expires_at: DateTime<Utc>,
    },
    Audit {
        user: String,
        action: String,
        household_id: Option<String>,
        ticket: Option<String>,
        at: DateTime<Utc>,
    },
    UpsertUser {
        name: String,
        role: Role,
        hash: String,
    },
    ImportHouseholds(Vec<HouseholdRecord>),
}

/// What a write changed that live views must hear about.
pub type Changed = Vec<Ticket>;

pub trait Storage: Send + Sync + 'static {
    /// Apply `op`; with a key, at most once: a repeated key gets the first reply.
    fn write(&self, key: Option<String>, op: WriteOp) -> Result<Reply, StoreError>;
    /// Apply several writes in order; a store may commit them together.
    fn write_many(&self, ops: Vec<(Option<String>, WriteOp)>) -> Vec<Result<Reply, StoreError>> {
        ops.into_iter()
            .map(|(key, op)| self.write(key, op))
            .collect()
    }
    fn queue(&self, day: NaiveDate, now: DateTime<Utc>) -> Result<QueueView, StoreError>;
    fn tickets_since(&self, day: NaiveDate) -> Result<Vec<Ticket>, StoreError>;
    fn categories(&self) -> Result<Vec<Category>, StoreError>;
    fn search_residents(&self, q: &ResidentQuery) -> Result<Vec<ResidentHit>, StoreError>;
    fn household(&self, id: &str) -> Result<Option<HouseholdRecord>, StoreError>;
    fn cases(&self, status: Option<CaseStatus>) -> Result<Vec<CaseSummary>, StoreError>;
    fn case(&self, id: &str) -> Result<Option<(CaseSummary, CaseSubmission)>, StoreError>;
    fn scans(&self, case_id: &str) -> Result<Vec<ScanInfo>, StoreError>;
    fn user(&self, name: &str) -> Result<Option<(Role, String)>, StoreError>;
    fn token(&self, token: &str, now: DateTime<Utc>) -> Result<Option<(String, Role)>, StoreError>;
    fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>, StoreError>;
    /// Receive every ticket change after it is committed.
    fn subscribe(&self) -> tokio::sync::broadcast::Receiver<QueueEvent>;
}
