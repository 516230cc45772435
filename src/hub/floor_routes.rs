//! The floor's endpoints: a category's service-level target (a supervisor
//! sets it) and the counters' modes (open, paused with a reason, closed).

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::Json;
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

use super::commands::Command;
use super::http::{blocking, ApiJson, AppState, Caller};
use super::routes::{apply, query, ApiResult};
use crate::api::*;

#[utoipa::path(put, path = "/api/categories/{code}/target", request_body = crate::service_level::Target,
    params(("code" = String, Path)),
    responses((status = 200, body = Category), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)),
    params(("Idempotency-Key" = Option<String>, Header)), security(("bearer" = [])))]
pub async fn set_target(
    State(state): State<AppState>,
    caller: Caller,
    Path(category): Path<String>,
    headers: HeaderMap,
    ApiJson(target): ApiJson<crate::service_level::Target>,
) -> ApiResult {
    apply(
        &state,
        &caller,
        &headers,
        Command::SetTarget { category, target },
    )
    .await
}

#[utoipa::path(post, path = "/api/counters/{counter}/state", request_body = SetCounterState,
    params(("counter" = String, Path)),
    responses((status = 200, body = CounterChange), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)),
    params(("Idempotency-Key" = Option<String>, Header)), security(("bearer" = [])))]
pub async fn set_counter(
    State(state): State<AppState>,
    caller: Caller,
    Path(counter): Path<String>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<SetCounterState>,
) -> ApiResult {
    apply(
        &state,
        &caller,
        &headers,
        Command::SetCounter { counter, req },
    )
    .await
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct CounterDayQuery {
    /// The day (Japan date); today when absent.
    pub day: Option<NaiveDate>,
}

#[utoipa::path(get, path = "/api/counters", params(CounterDayQuery),
    responses((status = 200, body = [CounterChange], description = "the day's changes of every counter's mode, in order"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)), security(("bearer" = [])))]
pub async fn counters(
    State(state): State<AppState>,
    _caller: Caller,
    q: Result<Query<CounterDayQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult {
    let day = query(q)?
        .day
        .unwrap_or_else(|| japan_day(crate::clock::now()));
    let store = state.store.clone();
    Ok(Json(blocking(move || store.counter_log(day)).await?).into_response())
}
