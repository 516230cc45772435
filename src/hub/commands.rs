//! Every write a client can ask for, as one typed value: the HTTP endpoints
//! and `/api/batch` parse their requests into a `Command`, and one function
//! checks the caller's role and the request, scopes its idempotency key and
//! makes the store's write. Nothing is checked in two places.

use chrono::{DateTime, Utc};
use sha2::Digest as _;

use super::http::{ApiError, Caller};
use super::store::{OpKey, WriteOp};
use crate::api::*;

/// The longest client key (header or batch entry).
pub const MAX_KEY: usize = 200;

#[derive(Debug, Clone)]
pub enum Command {
    IssueTicket(IssueTicket),
    CallNext(CallNext),
    TicketAction {
        id: String,
        req: TicketActionRequest,
    },
    SubmitCase(Box<CaseSubmission>),
    SetCaseStatus {
        id: String,
        req: StatusUpdate,
    },
    ProcedureStep {
        case_id: String,
        procedure: String,
        step: crate::processing::Step,
    },
    ClaimProcedure {
        case_id: String,
        procedure: String,
        release: bool,
    },
    SetTarget {
        category: String,
        target: crate::service_level::Target,
    },
    SetCounter {
        counter: String,
        req: SetCounterState,
    },
}

/// A write ready for the store: with the counter binding it needs first, if any.
pub struct Authorised {
    pub op: WriteOp,
    pub key: Option<OpKey>,
    /// A clerk's session seen calling for its first counter: bind it.
    pub bind_counter: Option<String>,
}

/// A short text field: 1 to `max` characters, no control characters.
pub(super) fn short(field: &str, value: &str, max: usize) -> Result<(), ApiError> {
    if value.trim().is_empty() || value.chars().count() > max || value.chars().any(char::is_control)
    {
        return Err(ApiError::bad_request(format!(
            "{field}: 1 to {max} characters, no control characters"
        )));
    }
    Ok(())
}

impl Command {
    /// The write an outbox entry stands for (`/api/batch`).
    pub fn from_batch(op: &BatchOp) -> Result<Command, ApiError> {
        if op.method != "POST" {
            return Err(ApiError::bad_request(format!(
                "{}: only POST writes can be batched",
                op.path
            )));
        }
        let bad = |e: serde_json::Error| ApiError::bad_request(format!("{}: {e}", op.path));
        let body = || op.body.clone();
        if op.path.len() > 512 {
            return Err(ApiError::bad_request("path: at most 512 characters"));
        }
        // Segments are percent-decoded, as the endpoints' router decodes them.
        let decoded: Vec<String> = op
            .path
            .trim_start_matches('/')
            .split('/')
            .map(percent_decode)
            .collect::<Result<_, _>>()
            .map_err(|()| ApiError::bad_request(format!("{}: not a valid path", op.path)))?;
        let segments: Vec<&str> = decoded.iter().map(String::as_str).collect();
        match segments.as_slice() {
            ["api", "tickets"] => Ok(Command::IssueTicket(
                serde_json::from_value(body()).map_err(bad)?,
            )),
            ["api", "tickets", "call-next"] => Ok(Command::CallNext(
                serde_json::from_value(body()).map_err(bad)?,
            )),
            ["api", "tickets", id, "actions"] => Ok(Command::TicketAction {
                id: id.to_string(),
                req: serde_json::from_value(body()).map_err(bad)?,
            }),
            ["api", "cases"] => Ok(Command::SubmitCase(Box::new(
                serde_json::from_value(body()).map_err(bad)?,
            ))),
            ["api", "cases", id, "status"] => Ok(Command::SetCaseStatus {
                id: id.to_string(),
                req: serde_json::from_value(body()).map_err(bad)?,
            }),
            // The counter's answer to a return may wait in its outbox.
            ["api", "cases", id, "procedures", procedure, "steps"] => Ok(Command::ProcedureStep {
                case_id: id.to_string(),
                procedure: procedure.to_string(),
                step: serde_json::from_value(body()).map_err(bad)?,
            }),
            // A counter's pause taken offline reaches the hub later.
            ["api", "counters", counter, "state"] => Ok(Command::SetCounter {
                counter: counter.to_string(),
                req: serde_json::from_value(body()).map_err(bad)?,
            }),
            _ => Err(ApiError::not_found(format!(
                "{}: not a write that can be batched",
                op.path
            ))),
        }
    }

    /// The operation's name, which scopes its idempotency keys.
    pub fn operation(&self) -> &'static str {
        match self {
            Command::IssueTicket(_) => "POST /api/tickets",
            Command::CallNext(_) => "POST /api/tickets/call-next",
            Command::TicketAction { .. } => "POST /api/tickets/{id}/actions",
            Command::SubmitCase(_) => "POST /api/cases",
            Command::SetCaseStatus { .. } => "POST /api/cases/{id}/status",
            Command::ProcedureStep { .. } => "POST /api/cases/{id}/procedures/{procedure}/steps",
            Command::ClaimProcedure { .. } => "POST /api/cases/{id}/procedures/{procedure}/claim",
            Command::SetTarget { .. } => "PUT /api/categories/{code}/target",
            Command::SetCounter { .. } => "POST /api/counters/{counter}/state",
        }
    }

    /// SHA-256 of the operation, its path ids and its request body.
    pub fn fingerprint(&self) -> String {
        let body = match self {
            Command::IssueTicket(r) => serde_json::to_string(r),
            Command::CallNext(r) => serde_json::to_string(r),
            Command::TicketAction { id, req } => serde_json::to_string(&(id, req)),
            Command::SubmitCase(c) => serde_json::to_string(c),
            Command::SetCaseStatus { id, req } => serde_json::to_string(&(id, req)),
            Command::ProcedureStep {
                case_id,
                procedure,
                step,
            } => serde_json::to_string(&(case_id, procedure, step)),
            Command::ClaimProcedure {
                case_id,
                procedure,
                release,
            } => serde_json::to_string(&(case_id, procedure, release)),
            Command::SetTarget { category, target } => serde_json::to_string(&(category, target)),
            Command::SetCounter { counter, req } => serde_json::to_string(&(counter, req)),
        }
        .unwrap_or_default();
        let mut h = sha2::Sha256::new();
        h.update(self.operation().as_bytes());
        h.update([0u8]);
        h.update(body.as_bytes());
        super::auth::hex(&h.finalize())
    }

    /// Check who asks and what: the one place for role checks and request
    /// validation of every write.
    pub fn authorise(
        self,
        caller: &Caller,
        key: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Authorised, ApiError> {
        if let Some(k) = key {
            if k.trim().is_empty() || k.len() > MAX_KEY {
                return Err(ApiError::bad_request(format!(
                    "key: 1 to {MAX_KEY} characters"
                )));
            }
        }
        let key = key.map(|k| OpKey::new(&caller.user, self.operation(), k, self.fingerprint()));
        let mut bind_counter = None;
        let op = match self {
            Command::IssueTicket(req) => {
                caller.require(&[Role::Clerk, Role::FloorManager])?;
                short("category", &req.category, 16)?;
                if let Some(id) = &req.id {
                    short("id", id, 64)?;
                }
                if let Some(n) = &req.number {
                    short("number", n, 32)?;
                }
                WriteOp::IssueTicket { req, at: now }
            }
            Command::CallNext(req) => {
                caller.require(&[Role::Clerk])?;
                short("counter", &req.counter, 32)?;
                if req.categories.len() > 32 {
                    return Err(ApiError::bad_request("categories: at most 32"));
                }
                for c in &req.categories {
                    short("categories", c, 16)?;
                }
                if caller.is(Role::Clerk) {
                    match &caller.counter {
                        Some(mine) if *mine != req.counter => {
                            return Err(ApiError::forbidden(format!(
                                "this session serves counter {mine}: it cannot call for counter {}",
                                req.counter
                            )))
                        }
                        Some(_) => {}
                        None => bind_counter = Some(req.counter.clone()),
                    }
                }
                WriteOp::CallNext { req, at: now }
            }
            Command::TicketAction { id, req } => {
                match req.action {
                    TicketAction::Transfer { .. } | TicketAction::Priority { .. } => {
                        caller.require(&[Role::Clerk, Role::FloorManager])?
                    }
                    _ => caller.require(&[Role::Clerk])?,
                }
                short("id", &id, 64)?;
                match &req.action {
                    TicketAction::Call { counter } => short("counter", counter, 32)?,
                    TicketAction::Finish { outcome } => short("outcome", outcome, 64)?,
                    TicketAction::Transfer { category, counter } => {
                        if let Some(c) = category {
                            short("category", c, 16)?;
                        }
                        if let Some(c) = counter {
                            short("counter", c, 32)?;
                        }
                    }
                    _ => {}
                }
                let by_counter = if caller.is(Role::Clerk) {
                    let mine = match (&caller.counter, &req.action) {
                        (Some(mine), _) => mine.clone(),
                        (None, TicketAction::Call { counter }) => {
                            short("counter", counter, 32)?;
                            bind_counter = Some(counter.clone());
                            counter.clone()
                        }
                        (None, _) => {
                            return Err(ApiError::forbidden(
                                "this session serves no counter yet: call a ticket first, or log in with your counter",
                            ))
                        }
                    };
                    Some(mine)
                } else {
                    None
                };
                let at = req.at.map_or(now, |t| t.min(now));
                WriteOp::TicketAction {
                    id,
                    action: req.action,
                    by_counter,
                    at,
                }
            }
            Command::SubmitCase(case) => {
                caller.require(&[Role::Clerk])?;
                short("id", &case.id, 64)?;
                short("counter", &case.counter, 32)?;
                // Ids only: these reach the audit log and the back office's lists.
                if let Some(h) = &case.household_id {
                    if h.is_empty()
                        || h.len() > 32
                        || !h
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                    {
                        return Err(ApiError::bad_request(
                            "household_id: a registry id (letters, digits, - and _, at most 32)",
                        ));
                    }
                }
                if let Some(t) = &case.ticket_id {
                    short("ticket_id", t, 64)?;
                }
                for (field, list) in [
                    ("confirmed", &case.confirmed),
                    ("forms_printed", &case.forms_printed),
                ] {
                    if list.len() > 100 {
                        return Err(ApiError::bad_request(format!("{field}: at most 100")));
                    }
                    for v in list.iter() {
                        short(field, v, 64)?;
                    }
                }
                // A clerk submits for the counter its session serves.
                if caller.is(Role::Clerk) {
                    match &caller.counter {
                        Some(mine) if *mine != case.counter => {
                            return Err(ApiError::forbidden(format!(
                                "this session serves counter {mine}: a case of counter {} is not its to submit",
                                case.counter
                            )))
                        }
                        Some(_) => {}
                        None => bind_counter = Some(case.counter.clone()),
                    }
                }
                crate::input::validate(&case.request)
                    .map_err(|e| ApiError::bad_request(format!("request.{e}")))?;
                WriteOp::SubmitCase {
                    case,
                    by: caller.user.clone(),
                    at: now,
                }
            }
            Command::SetCaseStatus { id, req } => {
                caller.require(&[Role::BackOffice])?;
                short("id", &id, 64)?;
                WriteOp::SetCaseStatus {
                    id,
                    status: req.status,
                    at: now,
                }
            }
            Command::ProcedureStep {
                case_id,
                procedure,
                step,
            } => {
                // Who may take which step is the core's rule (a clerk cannot
                // mark 審査済); asked here too, so it is a 403.
                if !(step.allowed(caller.role) || caller.is(Role::Admin)) {
                    return Err(ApiError::forbidden(format!(
                        "a {} may not take the step {}",
                        caller.role.as_str(),
                        step.name()
                    )));
                }
                short("id", &case_id, 64)?;
                short("procedure", &procedure, 64)?;
                // Admins act as supervisors.
                let role = if caller.is(Role::Admin) {
                    Role::Supervisor
                } else {
                    caller.role
                };
                let by_counter = if caller.is(Role::Clerk) {
                    match &caller.counter {
                        Some(c) => Some(c.clone()),
                        None => {
                            return Err(ApiError::forbidden(
                                "this session serves no counter: log in with your counter to answer a return",
                            ))
                        }
                    }
                } else {
                    None
                };
                WriteOp::ProcedureStep {
                    case_id,
                    procedure,
                    step,
                    by: caller.user.clone(),
                    role,
                    by_counter,
                    at: now,
                }
            }
            Command::ClaimProcedure {
                case_id,
                procedure,
                release,
            } => {
                caller.require(&[Role::BackOffice, Role::Supervisor])?;
                short("id", &case_id, 64)?;
                short("procedure", &procedure, 64)?;
                WriteOp::ClaimProcedure {
                    case_id,
                    procedure,
                    by: caller.user.clone(),
                    release,
                    at: now,
                }
            }
            Command::SetTarget { category, target } => {
                caller.require(&[Role::Supervisor])?;
                short("code", &category, 16)?;
                target.check().map_err(ApiError::bad_request)?;
                WriteOp::SetTarget { category, target }
            }
            Command::SetCounter { counter, req } => {
                caller.require(&[Role::Clerk, Role::FloorManager, Role::Supervisor])?;
                short("counter", &counter, 32)?;
                // A clerk opens, pauses and closes its own counter only.
                if caller.is(Role::Clerk) && caller.counter.as_deref() != Some(counter.as_str()) {
                    return Err(ApiError::forbidden(format!(
                        "this session does not serve counter {counter}: a clerk sets its own counter only"
                    )));
                }
                if let Some(r) = &req.reason {
                    short("reason", r, 32)?;
                }
                WriteOp::SetCounter {
                    counter,
                    req,
                    by: caller.user.clone(),
                    at: now,
                }
            }
        };
        Ok(Authorised {
            op,
            key,
            bind_counter,
        })
    }
}

/// `%xx` escapes of a path segment decoded (UTF-8); Err on a broken escape.
fn percent_decode(segment: &str) -> Result<String, ()> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(())?;
            let hex = std::str::from_utf8(hex).map_err(|_| ())?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| ())?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| ())
}
