//! The sync worker: drains the outbox to the hub in order, with backoff while
//! the hub is unreachable. The hub applies each entry's key at most once, so a
//! retry after a lost answer never duplicates anything.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::Method;

use super::cache::LocalCache;
use super::hub_client::{ClientError, HubClient};

/// What the screen shows: online or not, and how many changes wait.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncState {
    pub online: bool,
    pub pending: u64,
    pub failed: u64,
    pub last_error: Option<String>,
    pub last_contact: Option<DateTime<Utc>>,
}

/// How one drain ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Drain {
    /// Everything pending was sent (or refused by the hub and kept as failed).
    Empty { sent: usize, failed: usize },
    /// The hub went away: the rest waits.
    Offline { sent: usize, error: String },
}

/// Send pending entries oldest first until none is left or the hub is unreachable.
pub fn drain(cache: &mut LocalCache, hub: &HubClient) -> Result<Drain, String> {
    let (mut sent, mut failed) = (0, 0);
    while let Some(entry) = cache.next_pending()? {
        let method = Method::from_bytes(entry.method.as_bytes()).unwrap_or(Method::POST);
        match hub.send(method, &entry.path, Some(&entry.body), Some(&entry.key)) {
            Ok((_, response)) => {
                cache.mark_sent(entry.seq, &response)?;
                sent += 1;
            }
            Err(ClientError::Rejected { status, message }) => {
                cache.mark_failed(entry.seq, &format!("{status}: {message}"))?;
                failed += 1;
            }
            Err(ClientError::Offline(error)) => {
                cache.note_attempt(entry.seq, &error)?;
                return Ok(Drain::Offline { sent, error });
            }
        }
    }
    Ok(Drain::Empty { sent, failed })
}

/// A running sync worker. Dropping it stops the thread.
pub struct SyncWorker {
    pub state: Arc<Mutex<SyncState>>,
    wake: mpsc::Sender<()>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl SyncWorker {
    /// Start draining the cache at `cache_path` to `hub` in a thread of its own.
    pub fn spawn(cache_path: PathBuf, hub: Arc<HubClient>) -> Result<SyncWorker, String> {
        let mut cache = LocalCache::open(&cache_path)?;
        let state = Arc::new(Mutex::new(SyncState::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let (wake, woken) = mpsc::channel::<()>();
        let (st, stp) = (state.clone(), stop.clone());
        let thread = std::thread::Builder::new()
            .name("sync".into())
            .spawn(move || {
                let mut backoff = Duration::from_millis(200);
                while !stp.load(Ordering::Relaxed) {
                    let outcome = drain(&mut cache, &hub);
                    let counts = cache.counts().unwrap_or_default();
                    let wait = {
                        let mut s = st.lock().unwrap_or_else(|p| p.into_inner());
                        s.pending = counts.pending;
                        s.failed = counts.failed;
                        match outcome {
                            Ok(Drain::Empty { .. }) => {
                                let reachable = hub.health().is_ok();
                                s.online = reachable;
                                if reachable {
                                    s.last_contact = Some(Utc::now());
                                    s.last_error = None;
                                    backoff = Duration::from_millis(200);
                                    Duration::from_secs(2)
                                } else {
                                    backoff
                                }
                            }
                            Ok(Drain::Offline { error, .. }) => {
                                s.online = false;
                                s.last_error = Some(error);
                                let w = backoff;
                                backoff = (backoff * 2).min(Duration::from_secs(5));
                                w
                            }
                            Err(e) => {
                                s.last_error = Some(e);
                                Duration::from_secs(1)
                            }
                        }
                    };
                    match woken.recv_timeout(wait) {
                        Ok(()) | Err(RecvTimeoutError::Timeout) => {}
                        Err(RecvTimeoutError::Disconnected) => break,
                    }
                    while woken.try_recv().is_ok() {}
                }
            })
            .map_err(|e| format!("sync thread: {e}"))?;
        Ok(SyncWorker {
            state,
            wake,
            stop,
            thread: Some(thread),
        })
    }

    /// Send new outbox entries now rather than at the next tick.
    pub fn wake(&self) {
        let _ = self.wake.send(());
    }

    pub fn snapshot(&self) -> SyncState {
        self.state.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

impl Drop for SyncWorker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.wake.send(());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
