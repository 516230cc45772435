//! The public wait page (`/wait`, no login): residents follow the queue on
//! their phones. What it may show is [`crate::public_wait`]; this is how the
//! hub serves it cheaply to hundreds of open pages.
//!
//! One task per router keeps the snapshot, as JSON, in a `watch` channel: it
//! recomputes after a ticket changes (a burst makes one snapshot per
//! [`COALESCE`]) and every [`REFRESH`] (estimates age). Every `/wait/events`
//! stream only forwards the channel's latest string, so an open page costs a
//! write per change and nothing else. The task starts with the first request
//! for the data and ends when the router and every stream are gone.

use std::collections::HashSet;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use futures_util::StreamExt as _;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};
use tokio::sync::{broadcast, watch, OnceCell, Semaphore};
use tokio::time::Instant;
use tokio_stream::wrappers::WatchStream;

use super::http::{blocking, ApiError, AppState};
use super::store::{Storage, StoreError};
use crate::api::{japan_day, HubEvent, QueueView};

/// Open `/wait/events` streams at most; more are refused with 503.
pub const MAX_STREAMS: usize = 2000;
/// A burst of ticket changes makes one snapshot per this much time.
pub const COALESCE: Duration = Duration::from_millis(500);
/// Snapshots are remade this often without changes: estimates age.
pub const REFRESH: Duration = Duration::from_secs(60);
/// A comment on every open stream this often keeps it (and its connection) open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

const PAGE: &str = include_str!("../../assets/wait.html");
const SCRIPT: &str = include_str!("../../assets/wait.js");
const STYLE: &str = include_str!("../../assets/wait.css");

/// Only the page's own script, style and stream; no frames, forms elsewhere, or plugins.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
                   img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The snapshot channel of one router, started on first use.
pub struct Feed {
    current: OnceCell<watch::Receiver<Arc<str>>>,
    streams: Arc<Semaphore>,
}

impl Default for Feed {
    fn default() -> Feed {
        Feed {
            current: OnceCell::new(),
            streams: Arc::new(Semaphore::new(MAX_STREAMS)),
        }
    }
}

impl Feed {
    /// The latest snapshot's channel; the first call makes the first snapshot
    /// and starts the task that keeps it.
    async fn receiver(
        &self,
        store: &Arc<dyn Storage>,
    ) -> Result<watch::Receiver<Arc<str>>, ApiError> {
        self.current
            .get_or_try_init(|| start(store.clone()))
            .await
            .cloned()
    }
}

async fn start(store: Arc<dyn Storage>) -> Result<watch::Receiver<Arc<str>>, ApiError> {
    // Subscribed before the first snapshot: a change made during it is not missed.
    let events = store.subscribe();
    let first = compute(store.clone()).await?;
    let (tx, rx) = watch::channel(first);
    tokio::spawn(keep(store, events, tx));
    Ok(rx)
}

/// Remake the snapshot after ticket changes and every [`REFRESH`], until
/// nobody holds the channel or the store stops.
async fn keep(
    store: Arc<dyn Storage>,
    mut events: broadcast::Receiver<HubEvent>,
    tx: watch::Sender<Arc<str>>,
) {
    let mut refresh = tokio::time::interval_at(Instant::now() + REFRESH, REFRESH);
    refresh.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last = Instant::now();
    loop {
        tokio::select! {
            _ = tx.closed() => return,
            _ = refresh.tick() => {}
            event = events.recv() => match event {
                // Missed events: something changed.
                Ok(HubEvent::Ticket(_) | HubEvent::Reload) | Err(RecvError::Lagged(_)) => {}
                Ok(HubEvent::Procedure(_) | HubEvent::Counter(_)) => continue,
                Err(RecvError::Closed) => return,
            },
        }
        tokio::time::sleep_until(last + COALESCE).await;
        // What arrived meanwhile is in the snapshot about to be made.
        loop {
            match events.try_recv() {
                Ok(_) | Err(TryRecvError::Lagged(_)) => continue,
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Closed) => return,
            }
        }
        last = Instant::now();
        match compute(store.clone()).await {
            Ok(json) => {
                tx.send_replace(json);
            }
            // The pages keep the last snapshot; the next change or minute tries again.
            Err(e) => eprintln!("hub: wait page snapshot: {}", e.message),
        }
    }
}

async fn compute(store: Arc<dyn Storage>) -> Result<Arc<str>, ApiError> {
    blocking(move || {
        let now = crate::clock::now();
        let view = whole_day(store.as_ref(), japan_day(now), now)?;
        let snapshot = crate::public_wait::snapshot(&view, now);
        serde_json::to_string(&snapshot)
            .map(Arc::from)
            .map_err(|e| StoreError::Internal(format!("wait snapshot: {e}")))
    })
    .await
}

/// The day's queue with every page of its tickets (a ticket seen twice,
/// because one was issued between two pages, counts once).
fn whole_day(
    store: &dyn Storage,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<QueueView, StoreError> {
    let mut view = store.queue(day, now, 0, u32::MAX)?;
    let mut seen: HashSet<String> = view.tickets.iter().map(|t| t.id.clone()).collect();
    while let Some(offset) = view.next_offset.take() {
        let page = store.queue(day, now, offset, u32::MAX)?;
        view.tickets.extend(
            page.tickets
                .into_iter()
                .filter(|t| seen.insert(t.id.clone())),
        );
        view.next_offset = page.next_offset;
    }
    Ok(view)
}

/// Headers every wait response carries: never cached (a stale count misleads),
/// never sniffed, never framed, no referrer to the number in the address.
fn public(mut response: Response, content_type: &'static str) -> Response {
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    response
}

/// `n` and `lang` are read by the page's script; the hub serves the same page for any.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[allow(dead_code)]
pub struct PageQuery {
    /// The resident's ticket number (`A-012`): the page shows its place and estimated wait.
    n: Option<String>,
    /// `en` for English; Japanese otherwise.
    lang: Option<String>,
}

#[utoipa::path(get, path = "/wait", params(PageQuery), tag = "public",
    responses((status = 200, content_type = "text/html", body = String,
        description = "the wait page for residents (no login): waiting per category, the latest calls, the own number's place; live over /wait/events")))]
pub async fn page() -> Response {
    public(PAGE.into_response(), "text/html; charset=utf-8")
}

#[utoipa::path(get, path = "/wait.js", tag = "public",
    responses((status = 200, content_type = "text/javascript", body = String, description = "the wait page's script")))]
pub async fn script() -> Response {
    public(SCRIPT.into_response(), "text/javascript; charset=utf-8")
}

#[utoipa::path(get, path = "/wait.css", tag = "public",
    responses((status = 200, content_type = "text/css", body = String, description = "the wait page's style")))]
pub async fn style() -> Response {
    public(STYLE.into_response(), "text/css; charset=utf-8")
}

#[utoipa::path(get, path = "/wait.json", tag = "public",
    responses((status = 200, body = crate::public_wait::PublicWait, description = "the current snapshot (numbers and counts only)"),
        (status = 503, body = crate::api::ErrorBody, description = "the hub cannot read its queue now: see Retry-After")))]
pub async fn snapshot(State(state): State<AppState>) -> Result<Response, ApiError> {
    let rx = state.wait.receiver(&state.store).await?;
    let json = rx.borrow().to_string();
    Ok(public(
        (StatusCode::OK, json).into_response(),
        "application/json",
    ))
}

#[utoipa::path(get, path = "/wait/events", tag = "public",
    responses((status = 200, content_type = "text/event-stream",
        description = "server-sent events: `wait` (PublicWait as JSON) at once and after every change, a comment every 15 s"),
        (status = 503, body = crate::api::ErrorBody, description = "too many open wait pages, or the queue cannot be read now: see Retry-After")))]
pub async fn events(State(state): State<AppState>) -> Result<Response, ApiError> {
    let permit = state
        .wait
        .streams
        .clone()
        .try_acquire_owned()
        .map_err(|_| {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "too many wait pages are open: try again later",
            )
            .with_retry(30)
        })?;
    let rx = state.wait.receiver(&state.store).await?;
    // The permit lives as long as the stream: a page that goes away (the
    // connection closes, found at the latest by the next keep-alive) gives it back.
    let stream = WatchStream::new(rx).map(move |json| {
        let _held = &permit;
        Ok::<_, Infallible>(
            Event::default()
                .event("wait")
                .retry(Duration::from_secs(5))
                .data(&*json),
        )
    });
    let mut response = public(
        Sse::new(stream)
            .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
            .into_response(),
        "text/event-stream",
    );
    // A reverse proxy in front of the hub must pass each event on at once.
    response
        .headers_mut()
        .insert("x-accel-buffering", HeaderValue::from_static("no"));
    Ok(response)
}
