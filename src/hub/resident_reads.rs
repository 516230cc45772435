//! Reads of resident data: the registry search, a household, a case. Each is
//! allowed by role, tied to a ticket being served where one is named, and
//! audited (one row per household or case shown) before it is answered.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

use super::http::{blocking, ApiError, AppState, Caller};
use super::routes::query;
use super::store::{AuditRecord, WriteOp};
use crate::api::*;

type ApiResult = Result<Response, ApiError>;

/// Record reads of resident data: one row per household (or case) read.
async fn audit(state: &AppState, rows: Vec<AuditRecord>) -> Result<(), ApiError> {
    let store = state.store.clone();
    blocking(move || store.write(None, WriteOp::Audit(rows)))
        .await
        .map(|_| ())
}

/// The ticket a read of resident data is made for: it must be one of today's
/// tickets being served (at the caller's counter, when the session has one).
async fn served_ticket(
    state: &AppState,
    caller: &Caller,
    ticket: Option<String>,
) -> Result<Option<String>, ApiError> {
    let number = ticket
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    // A clerk reads resident data only for a ticket being served at the
    // counter its session serves; administrators may read without one.
    let number = match number {
        Some(n) => n,
        None if caller.is(Role::Clerk) => {
            return Err(ApiError::bad_request(
                "ticket: the number of the ticket being served is required",
            ))
        }
        None => return Ok(None),
    };
    if caller.is(Role::Clerk) && caller.counter.is_none() {
        return Err(ApiError::forbidden(
            "this session serves no counter: call the ticket first, or log in with your counter",
        ));
    }
    let refuse = || {
        ApiError::bad_request(format!(
            "ticket: {} is not a ticket being served today",
            number.escape_default()
        ))
    };
    if number.len() > 32 {
        return Err(refuse());
    }
    let store = state.store.clone();
    let lookup = number.clone();
    let found =
        blocking(move || store.ticket_by_number(japan_day(crate::clock::now()), &lookup)).await?;
    let Some(t) = found else {
        return Err(refuse());
    };
    let served = matches!(t.state, TicketState::Called | TicketState::Serving);
    let here = match (&caller.counter, &t.counter) {
        (Some(mine), Some(theirs)) => mine == theirs,
        (None, _) => !caller.is(Role::Clerk),
        (Some(_), None) => false,
    };
    if !served || !here {
        return Err(refuse());
    }
    Ok(Some(number))
}

#[utoipa::path(get, path = "/api/residents", params(ResidentQueryParams),
    responses((status = 200, body = [ResidentHit]), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)), security(("bearer" = [])))]
pub async fn residents(
    State(state): State<AppState>,
    caller: Caller,
    q: Result<Query<ResidentQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult {
    caller.require(&[Role::Clerk])?;
    let mut q = query(q)?;
    for (field, v) in [
        ("kana", &q.kana),
        ("name", &q.name),
        ("address", &q.address),
    ] {
        if v.as_ref().is_some_and(|v| v.chars().count() > 100) {
            return Err(ApiError::bad_request(format!(
                "{field}: at most 100 characters"
            )));
        }
    }
    let ticket = served_ticket(&state, &caller, q.ticket.take()).await?;
    // A counter shows a page of hits, not the registry.
    q.limit = Some(q.limit.unwrap_or(50).clamp(1, 100));
    let store = state.store.clone();
    let hits = blocking(move || store.search_residents(&q)).await?;
    // One audit row for every household the search showed.
    let mut households: Vec<&str> = hits.iter().map(|h| h.household_id.as_str()).collect();
    households.sort_unstable();
    households.dedup();
    let at = crate::clock::now();
    let row = |household_id: Option<String>| AuditRecord {
        user: caller.user.clone(),
        action: format!("search ({} households)", households.len()),
        household_id,
        case_id: None,
        ticket: ticket.clone(),
        at,
    };
    let rows = if households.is_empty() {
        vec![row(None)]
    } else {
        households
            .iter()
            .map(|h| row(Some(h.to_string())))
            .collect()
    };
    audit(&state, rows).await?;
    Ok(Json(hits).into_response())
}

/// Query parameters of `/api/residents` (for the OpenAPI document).
#[derive(Debug, Deserialize, IntoParams)]
pub struct ResidentQueryParams {
    pub kana: Option<String>,
    pub name: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub address: Option<String>,
    /// The number of the ticket being served (called or serving, today).
    pub ticket: Option<String>,
    pub limit: Option<u32>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct TicketParam {
    /// The number of the ticket being served: recorded in the audit log.
    pub ticket: Option<String>,
}

#[utoipa::path(get, path = "/api/households/{id}", params(("id" = String, Path), TicketParam),
    responses((status = 200, body = HouseholdRecord), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub async fn household(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    q: Result<Query<TicketParam>, axum::extract::rejection::QueryRejection>,
) -> ApiResult {
    caller.require(&[Role::Clerk])?;
    let q = query(q)?;
    let ticket = served_ticket(&state, &caller, q.ticket).await?;
    let store = state.store.clone();
    let lookup = id.clone();
    let found = blocking(move || store.household(&lookup)).await?;
    let Some(h) = found else {
        return Err(ApiError::not_found("no such household"));
    };
    audit(
        &state,
        vec![AuditRecord {
            user: caller.user.clone(),
            action: "read household".into(),
            household_id: Some(id),
            case_id: None,
            ticket,
            at: crate::clock::now(),
        }],
    )
    .await?;
    Ok(Json(h).into_response())
}

#[utoipa::path(get, path = "/api/cases/{id}", params(("id" = String, Path)),
    responses((status = 200, body = CaseView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub async fn case(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult {
    caller.require(&[Role::Clerk, Role::BackOffice, Role::Supervisor])?;
    let store = state.store.clone();
    let lookup = id.clone();
    let found = blocking(move || store.case(&lookup)).await?;
    // A clerk reads the cases the clerk submitted; the back office and
    // supervisors read any. Another's case is "not found" to a clerk.
    let found = found.filter(|c| {
        !caller.is(Role::Clerk) || c.submitted_by.as_deref() == Some(caller.user.as_str())
    });
    let Some(stored) = found else {
        return Err(ApiError::not_found("no such case"));
    };
    let store = state.store.clone();
    let lookup = id.clone();
    let scans = blocking(move || store.scans(&lookup)).await?;
    audit(
        &state,
        vec![AuditRecord {
            user: caller.user.clone(),
            action: "read case".into(),
            household_id: stored.submission.household_id.clone(),
            case_id: Some(id),
            ticket: None,
            at: crate::clock::now(),
        }],
    )
    .await?;
    Ok(Json(CaseView {
        summary: stored.summary,
        case: stored.submission,
        scans,
    })
    .into_response())
}
