//! The hub's HTTP server: its routes, and serving them (plain, TLS, or
//! embedded in the counter's process). Only in builds with the `server`
//! feature.

#[allow(unused_imports)]
use super::{
    conn_guard, floor_routes, http, login_guard, openapi, public_wait, resident_reads, routes,
    scan_routes, sqlite, store, tls,
};
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::{Json, Router};
use utoipa::OpenApi;

use http::AppState;
use store::Storage;

/// The hub's routes over a store.
pub fn router(store: Arc<dyn Storage>) -> Router {
    router_with(store, login_guard::Limits::default())
}

/// The hub's routes with the given login limits.
pub fn router_with(store: Arc<dyn Storage>, limits: login_guard::Limits) -> Router {
    let state = AppState {
        store,
        logins: Arc::new(login_guard::LoginGuard::new(limits)),
        wait: Arc::default(),
    };
    Router::new()
        .route("/health", get(routes::health))
        .route(
            "/openapi.json",
            get(|| async { Json(openapi::ApiDoc::openapi()) }),
        )
        .route("/api/login", post(routes::login))
        .route("/api/logout", post(routes::logout))
        .route("/api/categories", get(routes::categories))
        .route(
            "/api/categories/{code}/target",
            axum::routing::put(floor_routes::set_target),
        )
        .route("/api/counters", get(floor_routes::counters))
        .route(
            "/api/counters/{counter}/state",
            post(floor_routes::set_counter),
        )
        .route("/api/tickets", post(routes::issue_ticket))
        .route("/api/tickets/call-next", post(routes::call_next))
        .route("/api/tickets/{id}/actions", post(routes::ticket_action))
        .route("/api/queue", get(routes::queue))
        .route("/api/events", get(routes::events))
        .route("/api/residents", get(resident_reads::residents))
        .route("/api/households/{id}", get(resident_reads::household))
        .route("/api/cases", post(routes::submit_case).get(routes::inbox))
        .route("/api/cases/{id}", get(resident_reads::case))
        .route("/api/cases/{id}/status", post(routes::case_status))
        .route("/api/procedures", get(routes::procedures))
        .route("/api/cases/{id}/procedures", get(routes::case_procedures))
        .route(
            "/api/cases/{id}/procedures/{procedure}/steps",
            post(routes::procedure_step),
        )
        .route(
            "/api/cases/{id}/procedures/{procedure}/claim",
            post(routes::claim_procedure).delete(routes::release_procedure),
        )
        .route(
            "/api/cases/{id}/scans",
            post(scan_routes::add_scan).layer(DefaultBodyLimit::max(crate::api::MAX_SCAN_BYTES)),
        )
        .route(
            "/api/unrouted",
            post(scan_routes::add_unrouted)
                .get(scan_routes::unrouted)
                .layer(DefaultBodyLimit::max(crate::api::MAX_SCAN_BYTES)),
        )
        .route(
            "/api/unrouted/{id}/assign",
            post(scan_routes::assign_unrouted),
        )
        .route("/api/unrouted/{id}/image", get(scan_routes::unrouted_image))
        .route("/api/scans/{id}", get(scan_routes::scan_image))
        .route("/api/audit", get(routes::audit_log))
        .route("/api/batch", post(routes::batch))
        .route("/wait", get(public_wait::page))
        .route("/wait.js", get(public_wait::script))
        .route("/wait.css", get(public_wait::style))
        .route("/wait.json", get(public_wait::snapshot))
        .route("/wait/events", get(public_wait::events))
        .fallback(routes::not_found)
        .method_not_allowed_fallback(routes::method_not_allowed)
        .layer(DefaultBodyLimit::max(4 * 1024 * 1024))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            panic_reply,
        ))
        .with_state(state)
}

/// A handler that panicked (it should never) answers 500 with JSON; the
/// connection and every other request go on.
fn panic_reply(_: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    eprintln!("hub: a request handler panicked");
    use axum::response::IntoResponse as _;
    http::ApiError::internal("the hub failed on this request").into_response()
}

/// Serve on a bound listener until the process ends.
pub async fn serve(
    listener: tokio::net::TcpListener,
    store: Arc<dyn Storage>,
) -> std::io::Result<()> {
    serve_with(listener, store, conn_guard::ConnLimits::default()).await
}

/// Serve with the given connection limits.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    store: Arc<dyn Storage>,
    limits: conn_guard::ConnLimits,
) -> std::io::Result<()> {
    let listener =
        axum::serve::ListenerExt::tap_io(conn_guard::Guarded::new(listener, limits), |_| {});
    axum::serve(
        listener,
        router(store).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
}

/// Serve HTTPS on a bound listener until the process ends (see [`tls`]).
pub async fn serve_tls(
    listener: tokio::net::TcpListener,
    store: Arc<dyn Storage>,
    config: Arc<tokio_rustls::rustls::ServerConfig>,
    limits: conn_guard::ConnLimits,
) -> std::io::Result<()> {
    // tap_io: axum gives the client's address (ConnectInfo, which the login
    // guard's per-address turns and lockout read) to tapped listeners of any kind.
    let listener = axum::serve::ListenerExt::tap_io(
        conn_guard::Guarded::new(tls::TlsListener::new(listener, config)?, limits),
        |_| {},
    );
    axum::serve(
        listener,
        router(store).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
}

/// A hub running in this process on its own runtime thread (the counter app's
/// embedded hub, and tests).
pub struct EmbeddedHub {
    pub addr: SocketAddr,
    _thread: std::thread::JoinHandle<()>,
}

impl EmbeddedHub {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// Start a hub on `listen` (port 0 picks a free port) over the database at `db`.
pub fn spawn(listen: &str, db: &std::path::Path) -> Result<EmbeddedHub, String> {
    let store: Arc<dyn Storage> = super::open_store(db)?;
    let std_listener =
        std::net::TcpListener::bind(listen).map_err(|e| format!("--listen {listen}: {e}"))?;
    std_listener
        .set_nonblocking(true)
        .map_err(|e| e.to_string())?;
    let addr = std_listener.local_addr().map_err(|e| e.to_string())?;
    let thread = std::thread::Builder::new()
        .name("hub".into())
        .spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
            else {
                return;
            };
            runtime.block_on(async move {
                if let Ok(listener) = tokio::net::TcpListener::from_std(std_listener) {
                    let _ = serve(listener, store).await;
                }
            });
        })
        .map_err(|e| e.to_string())?;
    Ok(EmbeddedHub {
        addr,
        _thread: thread,
    })
}
