//! Scanned pages over HTTP: a page for a case (from the counter, or routed by
//! its QR code at the back office), the unrouted tray and its assignment, and
//! the images for the back office's screen. Every image is decoded whole,
//! within limits, before it is kept; every read of one is audited.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;

use super::http::{blocking, idempotency_key, reply, ApiError, ApiJson, AppState, Caller};
use super::routes::query;
use super::store::{AuditRecord, OpKey, WriteOp};
use crate::api::*;

type ApiResult = Result<Response, ApiError>;

/// Scans decoded at once at most (a decoded page can take ~100 MB).
static DECODES: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// The body as a whole image of a type we keep: (content type, bytes).
async fn checked_image(
    headers: &HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<(String, Bytes), ApiError> {
    let data = body.map_err(|e| ApiError::new(e.status(), format!("scan: {}", e.body_text())))?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let format = match content_type.as_str() {
        "image/png" => image::ImageFormat::Png,
        "image/jpeg" => image::ImageFormat::Jpeg,
        "image/tiff" => image::ImageFormat::Tiff,
        _ => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "scan: send image/png, image/jpeg or image/tiff",
            ))
        }
    };
    // The whole image is decoded, within limits: a scan that is not a whole
    // picture is refused here, not found broken at the back office.
    let permit = DECODES
        .acquire()
        .await
        .map_err(|_| ApiError::internal("scan decoder closed"))?;
    let checked = data.clone();
    // The permit lives as long as the decode, even if the client goes away.
    let decoded = tokio::task::spawn_blocking(move || {
        let result = decode_check(&checked, format);
        drop(permit);
        result
    })
    .await;
    match decoded {
        Ok(Ok(())) => Ok((content_type, data)),
        Ok(Err(why)) => Err(ApiError::bad_request(format!(
            "scan: the body is not a whole {content_type} image ({why})"
        ))),
        Err(_) => Err(ApiError::bad_request(format!(
            "scan: the body is not a readable {content_type} image"
        ))),
    }
}

fn decode_check(data: &[u8], format: image::ImageFormat) -> Result<(), String> {
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(data), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(20_000);
    limits.max_image_height = Some(20_000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    reader.decode().map(|_| ()).map_err(|e| e.to_string())
}

/// The key of an image write: scoped to the user, fingerprinted by the
/// request's ids and the image.
fn image_key(
    headers: &HeaderMap,
    caller: &Caller,
    operation: &str,
    ids: &[&str],
    data: &[u8],
) -> Result<Option<OpKey>, ApiError> {
    Ok(idempotency_key(headers)?.map(|k| {
        let mut fingerprint = <sha2::Sha256 as sha2::Digest>::new();
        for id in ids {
            sha2::Digest::update(&mut fingerprint, id.as_bytes());
            sha2::Digest::update(&mut fingerprint, [0u8]);
        }
        sha2::Digest::update(&mut fingerprint, data);
        OpKey::new(
            &caller.user,
            operation,
            &k,
            super::auth::hex(&sha2::Digest::finalize(fingerprint)),
        )
    }))
}

fn short_opt(field: &str, v: &Option<String>, max: usize) -> Result<(), ApiError> {
    match v {
        Some(v) => super::commands::short(field, v, max),
        None => Ok(()),
    }
}

#[utoipa::path(post, path = "/api/cases/{id}/scans", params(("id" = String, Path), ScanPlace),
    request_body(content = Vec<u8>, content_type = "image/png"),
    responses((status = 201, body = ScanInfo), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "a duplicate (the case has this page of this form), or the case is full"),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub async fn add_scan(
    State(state): State<AppState>,
    caller: Caller,
    Path(case_id): Path<String>,
    place: Result<Query<ScanPlace>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> ApiResult {
    caller.require(&[Role::Clerk, Role::BackOffice, Role::Supervisor])?;
    let place = query(place)?;
    short_opt("form", &place.form, 64)?;
    short_opt("source", &place.source, 300)?;
    if place.page.is_some_and(|p| p == 0 || p > 999) {
        return Err(ApiError::bad_request("page: 1 to 999"));
    }
    if caller.is(Role::Clerk) {
        // A clerk adds pages to the cases the clerk submitted.
        let store = state.store.clone();
        let lookup = case_id.clone();
        let owner = blocking(move || Ok(store.case(&lookup)?.map(|c| c.submitted_by))).await?;
        if owner.flatten().as_deref() != Some(caller.user.as_str()) {
            return Err(ApiError::not_found("no such case"));
        }
    }
    let (content_type, data) = checked_image(&headers, body).await?;
    let page = place.page.map(|p| p.to_string()).unwrap_or_default();
    let ids = [
        case_id.as_str(),
        place.form.as_deref().unwrap_or(""),
        page.as_str(),
    ];
    let key = image_key(&headers, &caller, "POST /api/cases/{id}/scans", &ids, &data)?;
    let op = WriteOp::AddScan {
        case_id,
        content_type,
        data: data.to_vec(),
        place,
        by: caller.user.clone(),
        at: crate::clock::now(),
    };
    let store = state.store.clone();
    Ok(reply(blocking(move || store.write(key, op)).await?))
}

#[utoipa::path(post, path = "/api/unrouted", params(UnroutedPlace),
    request_body(content = Vec<u8>, content_type = "image/png"),
    responses((status = 201, body = UnroutedPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody, description = "the tray is full"),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody)), security(("bearer" = [])))]
pub async fn add_unrouted(
    State(state): State<AppState>,
    caller: Caller,
    place: Result<Query<UnroutedPlace>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> ApiResult {
    caller.require(&[Role::BackOffice, Role::Supervisor])?;
    let place = query(place)?;
    super::commands::short("source", &place.source, 300)?;
    super::commands::short("reason", &place.reason, 300)?;
    let (content_type, data) = checked_image(&headers, body).await?;
    let key = image_key(
        &headers,
        &caller,
        "POST /api/unrouted",
        &[&place.source, &place.reason],
        &data,
    )?;
    let op = WriteOp::AddUnrouted {
        place,
        content_type,
        data: data.to_vec(),
        by: caller.user.clone(),
        at: crate::clock::now(),
    };
    let store = state.store.clone();
    Ok(reply(blocking(move || store.write(key, op)).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct TrayQuery {
    /// Also the pages already placed (they stay in the tray's record).
    #[serde(default)]
    pub all: bool,
}

#[utoipa::path(get, path = "/api/unrouted", params(TrayQuery),
    responses((status = 200, body = [UnroutedPage]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)), security(("bearer" = [])))]
pub async fn unrouted(
    State(state): State<AppState>,
    caller: Caller,
    q: Result<Query<TrayQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult {
    caller.require(&[Role::BackOffice, Role::Supervisor])?;
    let q = query(q)?;
    let store = state.store.clone();
    Ok(Json(blocking(move || store.unrouted(!q.all)).await?).into_response())
}

#[utoipa::path(post, path = "/api/unrouted/{id}/assign", request_body = AssignPage, params(("id" = String, Path)),
    responses((status = 201, body = ScanInfo), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody, description = "no such page, or no such case"),
        (status = 409, body = ErrorBody, description = "already placed, or the case has this page already"),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub async fn assign_unrouted(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(to): ApiJson<AssignPage>,
) -> ApiResult {
    caller.require(&[Role::BackOffice, Role::Supervisor])?;
    super::commands::short("id", &id, 64)?;
    super::commands::short("case_id", &to.case_id, 64)?;
    short_opt("form", &to.form, 64)?;
    if to.page.is_some_and(|p| p == 0 || p > 999) {
        return Err(ApiError::bad_request("page: 1 to 999"));
    }
    let page = to.page.map(|p| p.to_string()).unwrap_or_default();
    let ids = [
        id.as_str(),
        to.case_id.as_str(),
        to.form.as_deref().unwrap_or(""),
        page.as_str(),
    ];
    let key = image_key(
        &headers,
        &caller,
        "POST /api/unrouted/{id}/assign",
        &ids,
        &[],
    )?;
    let op = WriteOp::AssignUnrouted {
        id,
        to,
        by: caller.user.clone(),
        at: crate::clock::now(),
    };
    let store = state.store.clone();
    Ok(reply(blocking(move || store.write(key, op)).await?))
}

async fn audited_image(
    state: &AppState,
    caller: &Caller,
    case_id: Option<String>,
    content_type: String,
    data: Vec<u8>,
) -> ApiResult {
    // A scanned page shows a resident's data: its read is audited first.
    let store = state.store.clone();
    let row = AuditRecord {
        user: caller.user.clone(),
        action: "scan".into(),
        household_id: None,
        case_id,
        ticket: None,
        at: crate::clock::now(),
    };
    blocking(move || store.write(None, WriteOp::Audit(vec![row]))).await?;
    Ok(([(header::CONTENT_TYPE, content_type)], data).into_response())
}

#[utoipa::path(get, path = "/api/scans/{id}", params(("id" = String, Path)),
    responses((status = 200, description = "the page's image", content_type = "image/png"), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub async fn scan_image(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult {
    caller.require(&[Role::BackOffice, Role::Supervisor])?;
    let store = state.store.clone();
    let found = blocking(move || store.scan_image(&id)).await?;
    let Some((case_id, content_type, data)) = found else {
        return Err(ApiError::not_found("no such scan"));
    };
    audited_image(&state, &caller, Some(case_id), content_type, data).await
}

#[utoipa::path(get, path = "/api/unrouted/{id}/image", params(("id" = String, Path)),
    responses((status = 200, description = "the page's image", content_type = "image/png"), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub async fn unrouted_image(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult {
    caller.require(&[Role::BackOffice, Role::Supervisor])?;
    let store = state.store.clone();
    let found = blocking(move || store.unrouted_image(&id)).await?;
    let Some((content_type, data)) = found else {
        return Err(ApiError::not_found("no such page"));
    };
    audited_image(&state, &caller, None, content_type, data).await
}
