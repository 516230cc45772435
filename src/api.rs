//! The hub's HTTP + JSON types, shared by the server and the client so they
//! cannot drift. Timestamps are UTC (RFC 3339); a ticket's day is the Japan date.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Japan Standard Time (UTC+9, no daylight saving): the day tickets are numbered by.
pub fn japan_day(at: DateTime<Utc>) -> NaiveDate {
    // Checked: a time at the very end of chrono's range must not panic (it would
    // kill whichever thread computed it); such a time keeps its UTC date.
    let utc = at.naive_utc();
    utc.checked_add_signed(chrono::Duration::hours(9))
        .unwrap_or(utc)
        .date()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Clerk,
    FloorManager,
    Supervisor,
    BackOffice,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::FloorManager => "floor_manager",
            Role::Supervisor => "supervisor",
            Role::BackOffice => "back_office",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        [
            Role::Clerk,
            Role::FloorManager,
            Role::Supervisor,
            Role::BackOffice,
            Role::Admin,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LoginRequest {
    pub user: String,
    pub password: String,
    /// The counter this session serves (clerks): the token may only call and
    /// serve tickets for it. A clerk token without one is bound to the first
    /// counter it calls for.
    #[serde(default)]
    pub counter: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LoginResponse {
    pub token: String,
    pub user: String,
    pub role: Role,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    pub error: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Health {
    pub status: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Category {
    /// Number prefix: `A`.
    pub code: String,
    /// `転入・転出`.
    pub name: String,
    /// The service level it is held to (a supervisor sets it).
    #[serde(default)]
    pub target: crate::service_level::Target,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TicketState {
    Waiting,
    Called,
    Serving,
    Done,
    NoShow,
}

impl TicketState {
    pub fn as_str(self) -> &'static str {
        match self {
            TicketState::Waiting => "waiting",
            TicketState::Called => "called",
            TicketState::Serving => "serving",
            TicketState::Done => "done",
            TicketState::NoShow => "no_show",
        }
    }

    pub fn parse(s: &str) -> Option<TicketState> {
        [
            TicketState::Waiting,
            TicketState::Called,
            TicketState::Serving,
            TicketState::Done,
            TicketState::NoShow,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Ticket {
    pub id: String,
    /// `A-012` from the hub; `K3-A-004` when a counter issued it (offline or walk-in).
    pub number: String,
    pub category: String,
    pub day: NaiveDate,
    pub state: TicketState,
    pub priority: bool,
    pub counter: Option<String>,
    pub created_at: DateTime<Utc>,
    pub called_at: Option<DateTime<Utc>>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
    pub transfers: u32,
}

/// Issue a ticket. The hub numbers it, unless a counter brings its own number.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IssueTicket {
    pub category: String,
    #[serde(default)]
    pub priority: bool,
    /// Client-made id (counters); the hub makes one when absent.
    #[serde(default)]
    pub id: Option<String>,
    /// A counter-made number: `<counter prefix>-<category>-<seq>`.
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub created_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CallNext {
    pub counter: String,
    /// Categories this counter serves; all when empty.
    #[serde(default)]
    pub categories: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum TicketAction {
    /// Call this ticket to a counter (a counter that decided offline).
    Call {
        counter: String,
    },
    Recall,
    Start,
    Finish {
        outcome: String,
    },
    NoShow,
    /// Send the ticket back to the queue of another category, or to a counter.
    Transfer {
        #[serde(default)]
        category: Option<String>,
        #[serde(default)]
        counter: Option<String>,
    },
    Priority {
        priority: bool,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TicketActionRequest {
    #[serde(flatten)]
    pub action: TicketAction,
    /// When it happened at the counter (offline actions); now when absent.
    #[serde(default)]
    pub at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CategoryWaiting {
    pub category: String,
    pub name: String,
    pub waiting: u32,
    /// Seconds the longest-waiting ticket has waited.
    pub longest_wait_s: i64,
    #[serde(default)]
    pub target: crate::service_level::Target,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct QueueView {
    pub day: NaiveDate,
    pub categories: Vec<CategoryWaiting>,
    /// The day's tickets, one page of them (see `next_offset`).
    pub tickets: Vec<Ticket>,
    /// More tickets follow: ask again with `offset` = this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_offset: Option<u32>,
}

/// What a counter is doing, as its clerk (or the floor manager) set it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CounterMode {
    Open,
    Paused,
    Closed,
}

impl CounterMode {
    pub fn as_str(self) -> &'static str {
        match self {
            CounterMode::Open => "open",
            CounterMode::Paused => "paused",
            CounterMode::Closed => "closed",
        }
    }
    pub fn parse(s: &str) -> Option<CounterMode> {
        [CounterMode::Open, CounterMode::Paused, CounterMode::Closed]
            .into_iter()
            .find(|m| m.as_str() == s)
    }
}

/// The reasons a clerk pauses a counter (the floor board names them).
pub const PAUSE_REASONS: [&str; 5] = ["break", "papers", "phone", "meeting", "other"];

/// `POST /api/counters/{counter}/state`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SetCounterState {
    pub mode: CounterMode,
    /// With `paused`: one of `PAUSE_REASONS`.
    #[serde(default)]
    pub reason: Option<String>,
}

/// One change of a counter's mode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CounterChange {
    pub counter: String,
    pub mode: CounterMode,
    #[serde(default)]
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

/// `PUT /api/categories/{code}/target`: the body is a `Target`.
pub type TargetUpdate = crate::service_level::Target;

/// A change of the queue, as sent on the event stream.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct QueueEvent {
    pub seq: u64,
    pub ticket: Ticket,
}

/// What the hub's event stream carries: a ticket changed (SSE event
/// `ticket`), or a procedure of a case moved (SSE event `procedure`).
#[derive(Debug, Clone)]
pub enum HubEvent {
    Ticket(QueueEvent),
    Procedure(crate::processing::ProcedureEvent),
    /// A counter opened, paused or closed (SSE event `counter`).
    Counter(CounterChange),
    /// Events may have been missed (a hub's link to the other hubs came
    /// back): views reload (SSE event `reload`).
    Reload,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Default)]
pub struct ResidentQuery {
    /// Kana prefix (any width, hiragana or katakana).
    #[serde(default)]
    pub kana: Option<String>,
    /// Name prefix (kanji).
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub birth_date: Option<NaiveDate>,
    /// Address substring.
    #[serde(default)]
    pub address: Option<String>,
    /// The ticket being served: recorded in the audit log.
    #[serde(default)]
    pub ticket: Option<String>,
    #[serde(default)]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ResidentHit {
    pub household_id: String,
    pub member_id: String,
    pub name: String,
    pub kana: String,
    pub birth_date: NaiveDate,
    pub ward: String,
    pub address: String,
    /// The member's 続柄 to the head (`head`, `spouse`, …); empty from an older hub.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub relation: String,
    /// The head of the member's household.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub head: String,
}

/// A household of the registry view, in the rule engine's shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HouseholdRecord {
    pub id: String,
    pub household: crate::model::Household,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    Received,
    Entered,
    Checked,
    Done,
}

impl CaseStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Received => "received",
            CaseStatus::Entered => "entered",
            CaseStatus::Checked => "checked",
            CaseStatus::Done => "done",
        }
    }
    pub fn parse(s: &str) -> Option<CaseStatus> {
        [
            CaseStatus::Received,
            CaseStatus::Entered,
            CaseStatus::Checked,
            CaseStatus::Done,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct CaseTimings {
    pub called_at: Option<DateTime<Utc>>,
    pub started_at: Option<DateTime<Utc>>,
    pub printed_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// A visit's case, submitted by the counter.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CaseSubmission {
    /// Client-made id (also printed in the forms' QR codes).
    pub id: String,
    #[serde(default)]
    pub ticket_id: Option<String>,
    #[serde(default)]
    pub household_id: Option<String>,
    pub counter: String,
    pub request: crate::model::Request,
    pub determination: crate::engine::Determination,
    pub confirmed: Vec<String>,
    #[serde(default)]
    pub forms_printed: Vec<String>,
    #[serde(default)]
    pub timings: CaseTimings,
    /// 0 when first sent; a case reopened at the counter is sent again with
    /// the next revision, which replaces it until the back office takes it.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub revision: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CaseSummary {
    pub id: String,
    pub status: CaseStatus,
    pub received_at: DateTime<Utc>,
    pub counter: String,
    pub ward: String,
    pub event: String,
    pub confirmed: Vec<String>,
    pub scans: u32,
    /// What became of each procedure offered, and the clerk's time: the
    /// one-stop measures, without personal data.
    #[serde(default)]
    pub measures: crate::measures::CaseMeasures,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct StatusUpdate {
    pub status: CaseStatus,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ScanInfo {
    pub id: String,
    pub case_id: String,
    pub bytes: u64,
    pub content_type: String,
    pub received_at: DateTime<Utc>,
    /// The form and page its QR code names (pages routed at the back office,
    /// or placed by hand from the unrouted tray).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Where it came from: the scanner's file, and its page in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A case with the data the counter entered.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CaseView {
    pub summary: CaseSummary,
    pub case: CaseSubmission,
    /// Its scanned pages (where each belongs; the images are read one by one).
    #[serde(default)]
    pub scans: Vec<ScanInfo>,
}

/// Where a scanned page belongs, and where it came from (query of
/// `POST /api/cases/{id}/scans`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, utoipa::IntoParams)]
pub struct ScanPlace {
    /// The form id its QR code names.
    #[serde(default)]
    pub form: Option<String>,
    /// Its page in the printed batch (1-based).
    #[serde(default)]
    pub page: Option<u32>,
    /// The scanner's file and page (`stack.pdf#3`).
    #[serde(default)]
    pub source: Option<String>,
}

/// A scanned page nobody could place: no readable QR code, an unknown case,
/// a duplicate. It waits in the back office's tray until a person assigns it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct UnroutedPage {
    pub id: String,
    pub source: String,
    /// Why it was not routed, as the router said.
    pub reason: String,
    pub bytes: u64,
    pub content_type: String,
    pub received_at: DateTime<Utc>,
    /// Set once a person placed it (the page is kept here as well).
    #[serde(default)]
    pub assigned_case: Option<String>,
    #[serde(default)]
    pub assigned_by: Option<String>,
}

/// Query of `POST /api/unrouted`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, utoipa::IntoParams)]
pub struct UnroutedPlace {
    pub source: String,
    pub reason: String,
}

/// A person places an unrouted page.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AssignPage {
    pub case_id: String,
    #[serde(default)]
    pub form: Option<String>,
    #[serde(default)]
    pub page: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub user: String,
    pub action: String,
    pub household_id: Option<String>,
    pub ticket: Option<String>,
    /// The case read, for reads of a case.
    #[serde(default)]
    pub case_id: Option<String>,
}

/// The header carrying a write's client-made id; the hub applies each id once.
pub const IDEMPOTENCY_HEADER: &str = "Idempotency-Key";

/// The largest scan image the hub accepts.
pub const MAX_SCAN_BYTES: usize = 8 * 1024 * 1024;

/// One outbox entry sent in a batch: the write it stands for, with its key.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BatchOp {
    pub key: String,
    pub method: String,
    pub path: String,
    #[schema(value_type = Object)]
    pub body: serde_json::Value,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BatchRequest {
    pub ops: Vec<BatchOp>,
}

/// Each op's answer, in order; the hub stops at the first one it could not apply for
/// its own reasons (5xx), so the rest are retried later in the same order.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BatchReply {
    pub results: Vec<BatchResult>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BatchResult {
    pub key: String,
    pub status: u16,
    #[schema(value_type = Object)]
    pub body: serde_json::Value,
}

/// Entries sent in one batch at most.
pub const MAX_BATCH: usize = 200;

/// A timestamp as stored (hub and counter cache alike): RFC 3339, milliseconds, UTC.
pub fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A stored timestamp read back.
pub fn parse_ts(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}
