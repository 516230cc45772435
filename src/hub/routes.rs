//! The hub's HTTP endpoints. Each checks the caller's role; writes carry an
//! optional `Idempotency-Key` and are applied at most once.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use futures_util::stream::Stream;
use futures_util::StreamExt as _;
use serde::Deserialize;
use tokio_stream::wrappers::BroadcastStream;
use utoipa::IntoParams;

use super::commands::{Authorised, Command};
use super::http::{
    blocking, idempotency_key, reply, ApiError, ApiJson, AppState, Caller, ClientIp,
};
use super::login_guard::Refusal;
use super::store::WriteOp;
use crate::api::*;

pub(super) type ApiResult = Result<Response, ApiError>;

/// Bind a clerk's session to the counter it first calls for.
async fn bind_counter(state: &AppState, caller: &Caller, counter: String) -> Result<(), ApiError> {
    let store = state.store.clone();
    let op = WriteOp::BindCounter {
        token_hash: caller.token_hash.clone(),
        counter,
    };
    blocking(move || store.write(None, op)).await.map(|_| ())
}

/// The one path of every write: authorise, then apply.
pub(super) async fn apply(
    state: &AppState,
    caller: &Caller,
    headers: &HeaderMap,
    cmd: Command,
) -> ApiResult {
    let key = idempotency_key(headers)?;
    let Authorised {
        op,
        key,
        bind_counter: bind,
    } = cmd.authorise(caller, key.as_deref(), crate::clock::now())?;
    if let Some(counter) = bind {
        self::bind_counter(state, caller, counter).await?;
    }
    let store = state.store.clone();
    let r = blocking(move || store.write(key, op)).await?;
    Ok(reply(r))
}

pub(super) fn query<T>(
    q: Result<Query<T>, axum::extract::rejection::QueryRejection>,
) -> Result<T, ApiError> {
    q.map(|Query(v)| v)
        .map_err(|e| ApiError::bad_request(e.body_text()))
}

#[utoipa::path(get, path = "/health", responses((status = 200, body = Health), (status = 503, body = Health)))]
pub async fn health(State(state): State<AppState>) -> Response {
    // The writer must answer a write: a hub that cannot write is not healthy.
    let store = state.store.clone();
    let ping = tokio::time::timeout(
        Duration::from_secs(3),
        blocking(move || store.write(None, WriteOp::Ping)),
    )
    .await;
    let (status, text) = match ping {
        Ok(Ok(_)) => (StatusCode::OK, "ok"),
        Ok(Err(_)) => (StatusCode::SERVICE_UNAVAILABLE, "the hub cannot write"),
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "the hub's writer did not answer within 3 s",
        ),
    };
    (
        status,
        Json(Health {
            status: text.into(),
            version: env!("CARGO_PKG_VERSION").into(),
        }),
    )
        .into_response()
}

#[utoipa::path(post, path = "/api/login", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 429, body = ErrorBody, description = "too many failed logins for this name or from this address, or too many waiting: see Retry-After")))]
pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult {
    if req.user.is_empty() || req.user.len() > 64 || req.password.len() > 1024 {
        return Err(ApiError::bad_request(
            "user: 1 to 64 bytes; password: at most 1024 bytes",
        ));
    }
    if let Some(c) = &req.counter {
        super::commands::short("counter", c, 32)?;
    }
    let turn = state
        .logins
        .turn(&req.user, ip)
        .await
        .map_err(|r| match r {
            Refusal::Locked(s) => {
                ApiError::too_many(format!("too many failed logins: try again in {s} s"), s)
            }
            Refusal::Busy(s) => ApiError::too_many("too many logins waiting: try again", s),
        })?;
    let store = state.store.clone();
    let name = req.user.clone();
    let password = req.password.clone();
    let guard = state.logins.clone();
    // The check runs to its end on a blocking thread even if the client goes
    // away: the turn (its two-at-a-time permits) goes with it and the outcome
    // is recorded there, so a dropped request neither frees a permit early nor
    // escapes the lockout. The same work whether the user exists or not.
    let role = blocking(move || {
        let found = store.user(&name);
        let ok = match &found {
            Ok(Some((_, hash))) => super::auth::verify(&password, hash),
            _ => super::auth::verify(&password, super::auth::decoy_hash()),
        };
        let role = found?.filter(|_| ok).map(|(role, _)| role);
        guard.record(&name, ip, role.is_some(), turn);
        Ok(role)
    })
    .await?;
    let role = role
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "unknown user or wrong password"))?;
    let token = super::auth::new_token();
    let counter = req.counter.filter(|_| role == Role::Clerk);
    let op = WriteOp::CreateToken {
        token_hash: super::auth::token_hash(&token),
        user: req.user.clone(),
        role,
        counter,
        expires_at: crate::clock::now() + chrono::Duration::hours(TOKEN_HOURS),
    };
    let store = state.store.clone();
    blocking(move || store.write(None, op)).await?;
    Ok(Json(LoginResponse {
        token,
        user: req.user,
        role,
    })
    .into_response())
}

/// How long a session lasts (a counter's working day and then some).
pub const TOKEN_HOURS: i64 = 12;

#[utoipa::path(post, path = "/api/logout",
    responses((status = 204, description = "the session is ended"), (status = 401, body = ErrorBody)), security(("bearer" = [])))]
pub async fn logout(State(state): State<AppState>, caller: Caller) -> ApiResult {
    let store = state.store.clone();
    let op = WriteOp::RevokeToken {
        token_hash: caller.token_hash,
    };
    blocking(move || store.write(None, op)).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[utoipa::path(get, path = "/api/categories", responses((status = 200, body = [Category]), (status = 401, body = ErrorBody)), security(("bearer" = [])))]
pub async fn categories(State(state): State<AppState>, _caller: Caller) -> ApiResult {
    let store = state.store.clone();
    Ok(Json(blocking(move || store.categories()).await?).into_response())
}

#[utoipa::path(post, path = "/api/tickets", request_body = IssueTicket,
    responses((status = 200, body = Ticket, description = "a ticket with this id exists already"), (status = 201, body = Ticket),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "number taken, queue full, or the key was used for another request"),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)),
    params(("Idempotency-Key" = Option<String>, Header)), security(("bearer" = [])))]
pub async fn issue_ticket(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    ApiJson(req): ApiJson<IssueTicket>,
) -> ApiResult {
    apply(&state, &caller, &headers, Command::IssueTicket(req)).await
}

#[utoipa::path(post, path = "/api/tickets/call-next", request_body = CallNext,
    responses((status = 200, body = Ticket), (status = 204, description = "nobody waiting"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)),
    params(("Idempotency-Key" = Option<String>, Header)), security(("bearer" = [])))]
pub async fn call_next(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    ApiJson(req): ApiJson<CallNext>,
) -> ApiResult {
    apply(&state, &caller, &headers, Command::CallNext(req)).await
}

#[utoipa::path(post, path = "/api/tickets/{id}/actions", request_body = TicketActionRequest,
    responses((status = 200, body = Ticket), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)),
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header)), security(("bearer" = [])))]
pub async fn ticket_action(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<TicketActionRequest>,
) -> ApiResult {
    apply(&state, &caller, &headers, Command::TicketAction { id, req }).await
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct DayQuery {
    /// The day (Japan date); today when absent.
    pub day: Option<NaiveDate>,
    /// Skip so many of the day's tickets (paging; see `next_offset`).
    pub offset: Option<u32>,
    /// Tickets in this page (at most 2000, the default).
    pub limit: Option<u32>,
}

#[utoipa::path(get, path = "/api/queue", params(DayQuery),
    responses((status = 200, body = QueueView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)), security(("bearer" = [])))]
pub async fn queue(
    State(state): State<AppState>,
    _caller: Caller,
    q: Result<Query<DayQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult {
    let q = query(q)?;
    let now = crate::clock::now();
    let day = q.day.unwrap_or_else(|| japan_day(now));
    let (offset, limit) = (q.offset.unwrap_or(0), q.limit.unwrap_or(u32::MAX));
    let store = state.store.clone();
    Ok(Json(blocking(move || store.queue(day, now, offset, limit)).await?).into_response())
}

#[utoipa::path(get, path = "/api/events", responses((status = 200, description = "server-sent events: `ticket` (QueueEvent as JSON), `procedure` (ProcedureEvent as JSON), `counter` (CounterChange as JSON), `reload` (events were missed)", content_type = "text/event-stream"), (status = 401, body = ErrorBody)), security(("bearer" = [])))]
pub async fn events(
    State(state): State<AppState>,
    caller: Caller,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // The stream ends once its session does (logout, a changed user, expiry).
    let store = state.store.clone();
    let hash = caller.token_hash.clone();
    let session_ended = async move {
        loop {
            tokio::time::sleep(SESSION_RECHECK).await;
            let (s, h) = (store.clone(), hash.clone());
            let alive =
                tokio::task::spawn_blocking(move || s.session(&h, crate::clock::now())).await;
            if !matches!(alive, Ok(Ok(Some(_)))) {
                break;
            }
        }
    };
    let stream = BroadcastStream::new(state.store.subscribe()).filter_map(|item| async move {
        match item {
            Ok(HubEvent::Ticket(ev)) => serde_json::to_string(&ev).ok().map(|json| {
                Ok(Event::default()
                    .event("ticket")
                    .id(ev.seq.to_string())
                    .data(json))
            }),
            Ok(HubEvent::Counter(c)) => serde_json::to_string(&c)
                .ok()
                .map(|json| Ok(Event::default().event("counter").data(json))),
            Ok(HubEvent::Procedure(ev)) => serde_json::to_string(&ev).ok().map(|json| {
                Ok(Event::default()
                    .event("procedure")
                    .id(ev.seq.to_string())
                    .data(json))
            }),
            // A slow reader that missed events is told to reload the queue,
            // as are all when the hub may have missed other hubs' events.
            Ok(HubEvent::Reload) | Err(_) => Some(Ok(Event::default().event("reload").data("{}"))),
        }
    });
    Sse::new(stream.take_until(session_ended))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// How often a live event stream checks that its session still holds.
const SESSION_RECHECK: Duration = Duration::from_secs(5);

#[utoipa::path(post, path = "/api/cases", request_body = CaseSubmission,
    responses((status = 200, body = CaseSummary, description = "the same case was received before"), (status = 201, body = CaseSummary),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "another case has this id, or the key was used for another request"),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)),
    params(("Idempotency-Key" = Option<String>, Header)), security(("bearer" = [])))]
pub async fn submit_case(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    ApiJson(case): ApiJson<CaseSubmission>,
) -> ApiResult {
    apply(
        &state,
        &caller,
        &headers,
        Command::SubmitCase(Box::new(case)),
    )
    .await
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct StatusQuery {
    pub status: Option<CaseStatus>,
    /// Received on this day (YYYY-MM-DD, Japan time).
    pub day: Option<NaiveDate>,
}

#[utoipa::path(get, path = "/api/cases", params(StatusQuery),
    responses((status = 200, body = [CaseSummary]), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)), security(("bearer" = [])))]
pub async fn inbox(
    State(state): State<AppState>,
    caller: Caller,
    q: Result<Query<StatusQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult {
    caller.require(&[Role::BackOffice, Role::Supervisor])?;
    let q = query(q)?;
    let store = state.store.clone();
    Ok(Json(blocking(move || store.cases(q.status, q.day)).await?).into_response())
}

#[utoipa::path(post, path = "/api/cases/{id}/status", request_body = StatusUpdate, params(("id" = String, Path)),
    responses((status = 200, body = CaseSummary), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub async fn case_status(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<StatusUpdate>,
) -> ApiResult {
    apply(
        &state,
        &caller,
        &headers,
        Command::SetCaseStatus { id, req },
    )
    .await
}

#[utoipa::path(get, path = "/api/procedures", params(crate::processing::WorkFilter),
    responses((status = 200, body = [crate::processing::ProcedureStatus], description = "oldest first; open ones unless a stage, a case or a day is asked"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)), security(("bearer" = [])))]
pub async fn procedures(
    State(state): State<AppState>,
    _caller: Caller,
    q: Result<Query<crate::processing::WorkFilter>, axum::extract::rejection::QueryRejection>,
) -> ApiResult {
    // Titles, windows, stages and counters: no resident data, so every role
    // may see how far the work has gone.
    let q = query(q)?;
    let store = state.store.clone();
    Ok(Json(blocking(move || store.procedures(&q, crate::clock::now())).await?).into_response())
}

#[utoipa::path(get, path = "/api/cases/{id}/procedures", params(("id" = String, Path)),
    responses((status = 200, body = [crate::processing::ProcedureStatus], description = "with their histories"),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub async fn case_procedures(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
) -> ApiResult {
    let store = state.store.clone();
    let list = blocking(move || store.case_procedures(&id)).await?;
    if list.is_empty() {
        return Err(ApiError::not_found("no such case, or it has no procedures"));
    }
    Ok(Json(list).into_response())
}

#[utoipa::path(post, path = "/api/cases/{id}/procedures/{procedure}/steps", request_body = crate::processing::Step,
    params(("id" = String, Path), ("procedure" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = crate::processing::ProcedureStatus), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "this role may not take this step (a clerk cannot check)"), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "the step does not apply at this stage, or another clerk works it"),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub async fn procedure_step(
    State(state): State<AppState>,
    caller: Caller,
    Path((case_id, procedure)): Path<(String, String)>,
    headers: HeaderMap,
    ApiJson(step): ApiJson<crate::processing::Step>,
) -> ApiResult {
    apply(
        &state,
        &caller,
        &headers,
        Command::ProcedureStep {
            case_id,
            procedure,
            step,
        },
    )
    .await
}

#[utoipa::path(post, path = "/api/cases/{id}/procedures/{procedure}/claim",
    params(("id" = String, Path), ("procedure" = String, Path)),
    responses((status = 200, body = crate::processing::ProcedureStatus, description = "claimed for 15 minutes, renewed by every step"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "another clerk works it")), security(("bearer" = [])))]
pub async fn claim_procedure(
    State(state): State<AppState>,
    caller: Caller,
    Path((case_id, procedure)): Path<(String, String)>,
    headers: HeaderMap,
) -> ApiResult {
    let cmd = Command::ClaimProcedure {
        case_id,
        procedure,
        release: false,
    };
    apply(&state, &caller, &headers, cmd).await
}

#[utoipa::path(delete, path = "/api/cases/{id}/procedures/{procedure}/claim",
    params(("id" = String, Path), ("procedure" = String, Path)),
    responses((status = 200, body = crate::processing::ProcedureStatus), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub async fn release_procedure(
    State(state): State<AppState>,
    caller: Caller,
    Path((case_id, procedure)): Path<(String, String)>,
    headers: HeaderMap,
) -> ApiResult {
    let cmd = Command::ClaimProcedure {
        case_id,
        procedure,
        release: true,
    };
    apply(&state, &caller, &headers, cmd).await
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct LimitQuery {
    pub limit: Option<u32>,
}

#[utoipa::path(get, path = "/api/audit", params(LimitQuery),
    responses((status = 200, body = [AuditEntry]), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)), security(("bearer" = [])))]
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

#[utoipa::path(post, path = "/api/batch", request_body = BatchRequest,
    responses((status = 200, body = BatchReply), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody)), security(("bearer" = [])))]
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
    let refused = |key: &str, e: ApiError| BatchResult {
        key: key.chars().take(super::commands::MAX_KEY).collect(),
        status: e.status.as_u16(),
        body: serde_json::json!({ "error": e.message }),
    };
    // Entries the hub refuses up front are answered in place; the others are
    // applied in order, through the same checks as the endpoints.
    let mut answers: Vec<Option<BatchResult>> = Vec::with_capacity(req.ops.len());
    let mut writes = Vec::new();
    let now = crate::clock::now();
    // A session bound to its counter by one entry acts as that counter's for the next.
    let mut caller = caller;
    for op in &req.ops {
        let authorised =
            Command::from_batch(op).and_then(|cmd| cmd.authorise(&caller, Some(&op.key), now));
        match authorised {
            Ok(Authorised {
                op: w,
                key,
                bind_counter: bind,
            }) => {
                if let Some(counter) = bind {
                    if let Err(e) = bind_counter(&state, &caller, counter.clone()).await {
                        answers.push(Some(refused(&op.key, e)));
                        continue;
                    }
                    caller.counter = Some(counter);
                }
                writes.push((key, w));
                answers.push(None);
            }
            Err(e) => answers.push(Some(refused(&op.key, e))),
        }
    }
    let store = state.store.clone();
    let applied = blocking(move || Ok(store.write_many(writes))).await?;
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
                Some(Err(e)) => refused(&op.key, ApiError::from(e)),
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

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "this endpoint does not take this method: see /openapi.json",
    )
}
