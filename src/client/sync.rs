//! The sync worker: drains the outbox to the hub in order, with backoff while
//! the hub is unreachable. The hub applies each entry's key at most once, so a
//! retry after a lost answer never duplicates anything.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::cache::LocalCache;
use super::hub_client::{ClientError, HubClient};
use crate::api::{BatchOp, MAX_BATCH};

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

/// Send pending entries oldest first, in batches, until none is left or the hub
/// is unreachable. Each batch is answered entry by entry and recorded in one
/// local transaction.
pub fn drain(cache: &mut LocalCache, hub: &HubClient) -> Result<Drain, String> {
    let (mut sent, mut failed) = (0, 0);
    loop {
        let entries = cache.pending(MAX_BATCH)?;
        if entries.is_empty() {
            return Ok(Drain::Empty { sent, failed });
        }
        let ops: Vec<BatchOp> = entries
            .iter()
            .map(|e| BatchOp {
                key: e.key.clone(),
                method: e.method.clone(),
                path: e.path.clone(),
                body: e.body.clone(),
            })
            .collect();
        match hub.batch(&ops) {
            Ok(reply) => {
                let answered: Vec<(i64, u16, serde_json::Value)> = entries
                    .iter()
                    .zip(&reply.results)
                    .filter(|(e, r)| r.key == e.key && r.status < 500)
                    .map(|(e, r)| (e.seq, r.status, r.body.clone()))
                    .collect();
                sent += answered
                    .iter()
                    .filter(|a| (200..300).contains(&a.1))
                    .count();
                failed += answered.iter().filter(|a| a.1 >= 400).count();
                cache.record_batch(&answered)?;
                if answered.len() < entries.len() {
                    let error = reply.results.get(answered.len()).map_or_else(
                        || "the hub answered part of a batch".to_string(),
                        |r| format!("{}: {}", r.status, r.body),
                    );
                    if let Some(e) = entries.get(answered.len()) {
                        cache.note_attempt(e.seq, &error)?;
                    }
                    return Ok(Drain::Offline { sent, error });
                }
            }
            Err(ClientError::Rejected { status, message }) => {
                // The batch itself was refused (e.g. a role): every entry carries the reason.
                let answered: Vec<(i64, u16, serde_json::Value)> = entries
                    .iter()
                    .map(|e| {
                        (
                            e.seq,
                            status,
                            serde_json::json!({ "error": message.clone() }),
                        )
                    })
                    .collect();
                failed += answered.len();
                cache.record_batch(&answered)?;
            }
            Err(ClientError::Offline(error)) => {
                if let Some(first) = entries.first() {
                    cache.note_attempt(first.seq, &error)?;
                }
                return Ok(Drain::Offline { sent, error });
            }
        }
    }
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
