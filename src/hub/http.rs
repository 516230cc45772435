//! HTTP plumbing of the hub: JSON errors with the right status, a JSON body
//! extractor whose rejections are 400/413 with a message, and the bearer-token
//! caller with role checks.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;

use super::login_guard::LoginGuard;
use super::store::{Reply, Storage, StoreError};
use crate::api::{ErrorBody, Role};

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Storage>,
    pub logins: Arc<LoginGuard>,
    /// The public wait page's snapshot channel (started on first use).
    pub wait: Arc<super::public_wait::Feed>,
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
    /// Seconds to wait before trying again (429, 503).
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
            retry_after: None,
        }
    }
    pub fn too_many(message: impl Into<String>, retry_after: u64) -> Self {
        ApiError {
            status: StatusCode::TOO_MANY_REQUESTS,
            message: message.into(),
            retry_after: Some(retry_after.max(1)),
        }
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::FORBIDDEN, message)
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }
    pub fn internal(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            Json(ErrorBody {
                error: self.message,
            }),
        )
            .into_response();
        if let Some(secs) = self.retry_after {
            if let Ok(v) = axum::http::HeaderValue::from_str(&secs.to_string()) {
                response
                    .headers_mut()
                    .insert(axum::http::header::RETRY_AFTER, v);
            }
        }
        response
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(m) => ApiError::new(StatusCode::NOT_FOUND, m),
            StoreError::Conflict(m) | StoreError::Full(m) => ApiError::new(StatusCode::CONFLICT, m),
            StoreError::BadRequest(m) => ApiError::bad_request(m),
            StoreError::Unprocessable(m) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, m),
            // The detail (a database message) goes to the hub's log, never to the
            // client: it may name tables and statements.
            StoreError::Internal(m) => {
                let reference = uuid::Uuid::new_v4().simple().to_string();
                let reference = &reference[..8];
                eprintln!("hub: internal error {reference}: {m}");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    format!("the hub could not do this now (ref {reference}); try again"),
                )
                .with_retry(5)
            }
        }
    }
}

impl ApiError {
    pub fn with_retry(mut self, secs: u64) -> Self {
        self.retry_after = Some(secs);
        self
    }
}

/// A stored reply as an HTTP response.
pub fn reply(r: Reply) -> Response {
    let status = StatusCode::from_u16(r.status).unwrap_or(StatusCode::OK);
    if status == StatusCode::NO_CONTENT {
        return status.into_response();
    }
    (status, Json(r.body)).into_response()
}

/// Run blocking storage work off the async threads. A panic there is an
/// error for this request only.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, ApiError> {
    match tokio::task::spawn_blocking(f).await {
        Ok(r) => r.map_err(ApiError::from),
        Err(_) => Err(ApiError::from(StoreError::Internal(
            "a storage task failed".into(),
        ))),
    }
}

/// A JSON body; malformed JSON is a 400 and an oversized body a 413, with a message.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => {
                // Wrong shapes (422 in axum) are bad requests like malformed JSON; size and type keep theirs.
                let status = match rejection.status() {
                    s @ (StatusCode::PAYLOAD_TOO_LARGE | StatusCode::UNSUPPORTED_MEDIA_TYPE) => s,
                    _ => StatusCode::BAD_REQUEST,
                };
                Err(ApiError::new(status, rejection.body_text()))
            }
        }
    }
}

/// The user a request comes from, by its bearer token.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: String,
    pub role: Role,
    /// The counter the session serves (clerks), once known.
    pub counter: Option<String>,
    /// The stored form of the caller's token (to end or bind the session).
    pub token_hash: String,
}

impl Caller {
    /// 403 unless the caller has one of `roles` (admins may do everything).
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if self.role == Role::Admin || roles.contains(&self.role) {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "role {} may not do this (needs {})",
                self.role.as_str(),
                roles
                    .iter()
                    .map(|r| r.as_str())
                    .collect::<Vec<_>>()
                    .join(" or ")
            )))
        }
    }

    /// The caller has exactly one of `roles` (no administrator override).
    pub fn is(&self, role: Role) -> bool {
        self.role == role
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let unauthorized = |m: &str| ApiError::new(StatusCode::UNAUTHORIZED, m);
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| unauthorized("missing bearer token: log in at /api/login"))?;
        let token = header
            .strip_prefix("Bearer ")
            .map(str::trim)
            .filter(|t| !t.is_empty() && t.len() <= 256)
            .ok_or_else(|| unauthorized("the Authorization header must be 'Bearer <token>'"))?;
        // Every request asks the store: a revoked session ends at once.
        let token_hash = super::auth::token_hash(token);
        let store = state.store.clone();
        let lookup = token_hash.clone();
        let found = blocking(move || store.session(&lookup, crate::clock::now())).await?;
        let session =
            found.ok_or_else(|| unauthorized("unknown or expired token: log in again"))?;
        Ok(Caller {
            user: session.user,
            role: session.role,
            counter: session.counter,
            token_hash,
        })
    }
}

/// The address a request comes from (loopback when the hub runs in-process
/// without connection info).
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip())
                .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST)),
        ))
    }
}

/// The `Idempotency-Key` of a write, if the client sent one.
pub fn idempotency_key(headers: &axum::http::HeaderMap) -> Result<Option<String>, ApiError> {
    match headers.get(crate::api::IDEMPOTENCY_HEADER) {
        None => Ok(None),
        Some(v) => {
            let key = v
                .to_str()
                .map_err(|_| ApiError::bad_request("Idempotency-Key: not text"))?
                .trim();
            if key.is_empty() || key.len() > 200 {
                return Err(ApiError::bad_request(
                    "Idempotency-Key: 1 to 200 characters",
                ));
            }
            Ok(Some(key.to_string()))
        }
    }
}
