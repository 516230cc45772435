//! The hub's HTTP endpoints. Each checks the caller's role; writes carry an
//! optional `Idempotency-Key` and are applied at most once.

use std::convert::Infallible;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{NaiveDate, Utc};
use futures_util::stream::Stream;
use futures_util::StreamExt as _;
use serde::Deserialize;
use tokio_stream::wrappers::BroadcastStream;
use utoipa::IntoParams;

use super::http::{blocking, idempotency_key, reply, ApiError, ApiJson, AppState, Caller};
use super::store::WriteOp;
use crate::api::*;

type ApiResult = Result<Response, ApiError>;

async fn write(state: &AppState, headers: &HeaderMap, op: WriteOp) -> ApiResult {
    let key = idempotency_key(headers)?;
    let store = state.store.clone();
    let r = blocking(move || store.write(key, op)).await?;
    Ok(reply(r))
}

async fn audit(
    state: &AppState,
    caller: &Caller,
    action: &str,
    household: Option<String>,
    ticket: Option<String>,
) -> Result<(), ApiError> {
    let store = state.store.clone();
    let op = WriteOp::Audit {
        user: caller.user.clone(),
        action: action.to_string(),
        household_id: household,
        ticket,
        at: Utc::now(),
    };
    blocking(move || store.write(None, op)).await.map(|_| ())
}

fn query<T>(q: Result<Query<T>, axum::extract::rejection::QueryRejection>) -> Result<T, ApiError> {
    q.map(|Query(v)| v)
        .map_err(|e| ApiError::bad_request(e.body_text()))
}

#[utoipa::path(get, path = "/health", responses((status = 200, body = Health)))]
pub async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}

#[utoipa::path(post, path = "/api/login", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 401, body = ErrorBody)))]
pub async fn login(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult {
    let store = state.store.clone();
    let name = req.user.clone();
    let found = blocking(move || store.user(&name)).await?;
    let denied = || ApiError::new(StatusCode::UNAUTHORIZED, "unknown user or wrong password");
    let (role, hash) = found.ok_or_else(denied)?;
    let password = req.password.clone();
    let ok = tokio::task::spawn_blocking(move || super::auth::verify(&password, &hash))
        .await
        .unwrap_or(false);
    if !ok {
        return Err(denied());
    }
    let token = super::auth::new_token();
    let op = WriteOp::CreateToken {
        token,
        user: req.user.clone(),
        role,
        expires_at: Utc::now() + chrono::Duration::hours(12),
    };
    write(&state, &HeaderMap::new(), op).await
}

#[utoipa::path(get, path = "/api/categories", responses((status = 200, body = [Category])), security(("bearer" = [])))]
pub async fn categories(State(state): State<AppState>, _caller: Caller) -> ApiResult {
    let store = state.store.clone();
    Ok(Json(blocking(move || store.categories()).await?).into_response())
}

#[utoipa::path(post, path = "/api/tickets", request_body = IssueTicket,
    responses((status = 201, body = Ticket), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)),
    params(("Idempotency-Key" = Option<String>, Header)), security(("bearer" = [])))]
pub async fn issue_ticket(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    ApiJson(req): ApiJson<IssueTicket>,
) -> ApiResult {
    caller.require(&[Role::Clerk, Role::FloorManager])?;
    write(
        &state,
        &headers,
        WriteOp::IssueTicket {
            req,
            at: Utc::now(),
        },
    )
    .await
}

#[utoipa::path(post, path = "/api/tickets/call-next", request_body = CallNext,
    responses((status = 200, body = Ticket), (status = 204, description = "nobody waiting")),
    params(("Idempotency-Key" = Option<String>, Header)), security(("bearer" = [])))]
pub async fn call_next(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    ApiJson(req): ApiJson<CallNext>,
) -> ApiResult {
    caller.require(&[Role::Clerk])?;
    write(
        &state,
        &headers,
        WriteOp::CallNext {
            req,
            at: Utc::now(),
        },
    )
    .await
}

#[utoipa::path(post, path = "/api/tickets/{id}/actions", request_body = TicketActionRequest,
    responses((status = 200, body = Ticket), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header)), security(("bearer" = [])))]
pub async fn ticket_action(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<TicketActionRequest>,
) -> ApiResult {
    match req.action {
        TicketAction::Transfer { .. } | TicketAction::Priority { .. } => {
            caller.require(&[Role::Clerk, Role::FloorManager])?
        }
        _ => caller.require(&[Role::Clerk])?,
    }
    let at = req.at.map_or_else(Utc::now, |t| t.min(Utc::now()));
    write(
        &state,
        &headers,
        WriteOp::TicketAction {
            id,
            action: req.action,
            at,
        },
    )
    .await
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct DayQuery {
    /// The day (Japan date); today when absent.
    pub day: Option<NaiveDate>,
}

#[utoipa::path(get, path = "/api/queue", params(DayQuery), responses((status = 200, body = QueueView)), security(("bearer" = [])))]
pub async fn queue(
    State(state): State<AppState>,
    _caller: Caller,
    q: Result<Query<DayQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult {
    let q = query(q)?;
    let now = Utc::now();
    let day = q.day.unwrap_or_else(|| japan_day(now));
    let store = state.store.clone();
    Ok(Json(blocking(move || store.queue(day, now)).await?).into_response())
}

#[utoipa::path(get, path = "/api/events", responses((status = 200, description = "server-sent events: QueueEvent as JSON")), security(("bearer" = [])))]
pub async fn events(
    State(state): State<AppState>,
    _caller: Caller,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let stream = BroadcastStream::new(state.store.subscribe()).filter_map(|item| async move {
        match item {
            Ok(ev) => serde_json::to_string(&ev).ok().map(|json| {
                Ok(Event::default()
                    .event("ticket")
                    .id(ev.seq.to_string())
                    .data(json))
            }),
            // A slow reader that missed events is told to reload the queue.
            Err(_) => Some(Ok(Event::default().event("reload").data("{}"))),
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

#[utoipa::path(get, path = "/api/residents", params(ResidentQueryParams), responses((status = 200, body = [ResidentHit]), (status = 400, body = ErrorBody)), security(("bearer" = [])))]
pub async fn residents(
    State(state): State<AppState>,
    caller: Caller,
    q: Result<Query<ResidentQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult {
    caller.require(&[Role::Clerk])?;
    let q = query(q)?;
    let ticket = q.ticket.clone();
    let store = state.store.clone();
    let hits = blocking(move || store.search_residents(&q)).await?;
    let households: Vec<&str> = hits.iter().map(|h| h.household_id.as_str()).collect();
    audit(
        &state,
        &caller,
        &format!("search ({} households)", households.len()),
        households.first().map(|s| s.to_string()),
        ticket,
    )
    .await?;
    Ok(Json(hits).into_response())
}

/// Query parameters of `/api/residents` (for the OpenAPI document).
#[derive(Debug, Deserialize, IntoParams)]
pub struct ResidentQueryParams {
    pub kana: Option<String>,
    pub name: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub address: Option<String>,
    pub ticket: Option<String>,
    pub limit: Option<u32>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct TicketParam {
    /// The ticket being served: recorded in the audit log.
    pub ticket: Option<String>,
}

#[utoipa::path(get, path = "/api/households/{id}", params(("id" = String, Path), TicketParam),
    responses((status = 200, body = HouseholdRecord), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub async fn household(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    q: Result<Query<TicketParam>, axum::extract::rejection::QueryRejection>,
) -> ApiResult {
    caller.require(&[Role::Clerk])?;
    let q = query(q)?;
    let store = state.store.clone();
    let lookup = id.clone();
    let found = blocking(move || store.household(&lookup)).await?;
    audit(
        &state,
        &caller,
        "read household",
        Some(id.clone()),
        q.ticket,
    )
    .await?;
    match found {
        Some(h) => Ok(Json(h).into_response()),
        None => Err(ApiError::not_found(format!("household {id} not found"))),
    }
}

#[utoipa::path(post, path = "/api/cases", request_body = CaseSubmission,
    responses((status = 201, body = CaseSummary), (status = 400, body = ErrorBody)),
    params(("Idempotency-Key" = Option<String>, Header)), security(("bearer" = [])))]
pub async fn submit_case(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    ApiJson(case): ApiJson<CaseSubmission>,
) -> ApiResult {
    caller.require(&[Role::Clerk])?;
    crate::input::validate(&case.request)
        .map_err(|e| ApiError::bad_request(format!("request.{e}")))?;
    write(
        &state,
        &headers,
        WriteOp::SubmitCase {
            case: Box::new(case),
            at: Utc::now(),
        },
    )
    .await
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct StatusQuery {
    pub status: Option<CaseStatus>,
}

#[utoipa::path(get, path = "/api/cases", params(StatusQuery), responses((status = 200, body = [CaseSummary])), security(("bearer" = [])))]
pub async fn inbox(
    State(state): State<AppState>,
    caller: Caller,
    q: Result<Query<StatusQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult {
    caller.require(&[Role::BackOffice, Role::Supervisor])?;
    let q = query(q)?;
    let store = state.store.clone();
    Ok(Json(blocking(move || store.cases(q.status)).await?).into_response())
}

#[utoipa::path(get, path = "/api/cases/{id}", params(("id" = String, Path)),
    responses((status = 200, body = CaseSummary), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub async fn case(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult {
    caller.require(&[Role::Clerk, Role::BackOffice, Role::Supervisor])?;
    let store = state.store.clone();
    let lookup = id.clone();
    match blocking(move || store.case(&lookup)).await? {
        Some((summary, submission)) => {
            Ok(Json(serde_json::json!({ "summary": summary, "case": submission })).into_response())
        }
        None => Err(ApiError::not_found(format!("case {id} not found"))),
    }
}

#[utoipa::path(post, path = "/api/cases/{id}/status", request_body = StatusUpdate, params(("id" = String, Path)),
    responses((status = 200, body = CaseSummary), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub async fn case_status(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<StatusUpdate>,
) -> ApiResult {
    caller.require(&[Role::BackOffice])?;
    write(
        &state,
        &headers,
        WriteOp::SetCaseStatus {
            id,
            status: req.status,
            at: Utc::now(),
        },
    )
    .await
}

#[utoipa::path(post, path = "/api/cases/{id}/scans", params(("id" = String, Path)),
    request_body(content = Vec<u8>, content_type = "image/png"),
    responses((status = 201, body = ScanInfo), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody)), security(("bearer" = [])))]
pub async fn add_scan(
    State(state): State<AppState>,
    caller: Caller,
    Path(case_id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> ApiResult {
    caller.require(&[Role::Clerk, Role::BackOffice])?;
    let data = body.map_err(|e| ApiError::new(e.status(), format!("scan: {}", e.body_text())))?;
    let content_type = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let known = [
        ("image/png", &b"\x89PNG"[..]),
        ("image/jpeg", &b"\xFF\xD8\xFF"[..]),
        ("image/tiff", &b"II*\0"[..]),
        ("image/tiff", &b"MM\0*"[..]),
    ];
    if !known.iter().any(|(t, _)| *t == content_type) {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "scan: send image/png, image/jpeg or image/tiff",
        ));
    }
    if !known
        .iter()
        .any(|(t, magic)| *t == content_type && data.starts_with(magic))
    {
        return Err(ApiError::bad_request(format!(
            "scan: the body is not a {content_type} image"
        )));
    }
    write(
        &state,
        &headers,
        WriteOp::AddScan {
            case_id,
            content_type,
            data: data.to_vec(),
            at: Utc::now(),
        },
    )
    .await
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct LimitQuery {
    pub limit: Option<u32>,
}

#[utoipa::path(get, path = "/api/audit", params(LimitQuery), responses((status = 200, body = [AuditEntry])), security(("bearer" = [])))]
pub async fn audit_log(
    State(state): State<AppState>,
    caller: Caller,
    q: Result<Query<LimitQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult {
    caller.require(&[Role::Supervisor])?;
    let q = query(q)?;
    let store = state.store.clone();
    Ok(Json(blocking(move || store.audit_log(q.limit.unwrap_or(200))).await?).into_response())
}

/// The write an outbox entry stands for, with the roles that may make it.
fn batch_op(caller: &Caller, op: &BatchOp) -> Result<WriteOp, ApiError> {
    if op.method != "POST" {
        return Err(ApiError::bad_request(format!(
            "{}: only POST writes can be batched",
            op.path
        )));
    }
    let bad = |e: serde_json::Error| ApiError::bad_request(format!("{}: {e}", op.path));
    let now = Utc::now();
    let segments: Vec<&str> = op.path.trim_start_matches('/').split('/').collect();
    match segments.as_slice() {
        ["api", "tickets"] => {
            caller.require(&[Role::Clerk, Role::FloorManager])?;
            Ok(WriteOp::IssueTicket {
                req: serde_json::from_value(op.body.clone()).map_err(bad)?,
                at: now,
            })
        }
        ["api", "tickets", "call-next"] => {
            caller.require(&[Role::Clerk])?;
            Ok(WriteOp::CallNext {
                req: serde_json::from_value(op.body.clone()).map_err(bad)?,
                at: now,
            })
        }
        ["api", "tickets", id, "actions"] => {
            let req: TicketActionRequest = serde_json::from_value(op.body.clone()).map_err(bad)?;
            match req.action {
                TicketAction::Transfer { .. } | TicketAction::Priority { .. } => {
                    caller.require(&[Role::Clerk, Role::FloorManager])?
                }
                _ => caller.require(&[Role::Clerk])?,
            }
            let at = req.at.map_or(now, |t| t.min(now));
            Ok(WriteOp::TicketAction {
                id: id.to_string(),
                action: req.action,
                at,
            })
        }
        ["api", "cases"] => {
            caller.require(&[Role::Clerk])?;
            let case: CaseSubmission = serde_json::from_value(op.body.clone()).map_err(bad)?;
            crate::input::validate(&case.request)
                .map_err(|e| ApiError::bad_request(format!("request.{e}")))?;
            Ok(WriteOp::SubmitCase {
                case: Box::new(case),
                at: now,
            })
        }
        ["api", "cases", id, "status"] => {
            caller.require(&[Role::BackOffice])?;
            let req: StatusUpdate = serde_json::from_value(op.body.clone()).map_err(bad)?;
            Ok(WriteOp::SetCaseStatus {
                id: id.to_string(),
                status: req.status,
                at: now,
            })
        }
        _ => Err(ApiError::not_found(format!(
            "{}: not a write that can be batched",
            op.path
        ))),
    }
}

#[utoipa::path(post, path = "/api/batch", request_body = BatchRequest,
    responses((status = 200, body = BatchReply), (status = 400, body = ErrorBody)), security(("bearer" = [])))]
pub async fn batch(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<BatchRequest>,
) -> ApiResult {
    if req.ops.len() > MAX_BATCH {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("at most {MAX_BATCH} operations in a batch"),
        ));
    }
    // Entries the hub refuses up front are answered in place; the others are applied in order.
    let mut answers: Vec<Option<BatchResult>> = Vec::with_capacity(req.ops.len());
    let mut writes = Vec::new();
    for op in &req.ops {
        if op.key.trim().is_empty() {
            answers.push(Some(BatchResult {
                key: op.key.clone(),
                status: 400,
                body: serde_json::json!({ "error": "key: empty" }),
            }));
            continue;
        }
        match batch_op(&caller, op) {
            Ok(w) => {
                writes.push((Some(op.key.clone()), w));
                answers.push(None);
            }
            Err(e) => answers.push(Some(BatchResult {
                key: op.key.clone(),
                status: e.status.as_u16(),
                body: serde_json::json!({ "error": e.message }),
            })),
        }
    }
    let store = state.store.clone();
    let applied = tokio::task::spawn_blocking(move || store.write_many(writes))
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?;
    let mut applied = applied.into_iter();
    let mut results = Vec::with_capacity(req.ops.len());
    for (op, answer) in req.ops.iter().zip(answers) {
        let result = match answer {
            Some(a) => a,
            None => match applied.next() {
                Some(Ok(r)) => BatchResult {
                    key: op.key.clone(),
                    status: r.status,
                    body: r.body,
                },
                Some(Err(e)) => {
                    let e = ApiError::from(e);
                    BatchResult {
                        key: op.key.clone(),
                        status: e.status.as_u16(),
                        body: serde_json::json!({ "error": e.message }),
                    }
                }
                None => break,
            },
        };
        let stop = result.status >= 500;
        results.push(result);
        if stop {
            break;
        }
    }
    Ok(Json(BatchReply { results }).into_response())
}

pub async fn not_found() -> ApiError {
    ApiError::not_found("no such endpoint: see /openapi.json")
}
