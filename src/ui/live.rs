//! The one adapter from the hub's event stream (blocking, in the core) to an
//! iced Subscription, reconnecting after a pause when the hub goes away.
//! Subscribed only while a screen that shows the queue live is open.

use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::time::Duration;

use iced::futures::channel::mpsc;
use iced::futures::{SinkExt, StreamExt};
use iced::{Subscription, Task};

use super::backend::Backend;
use super::blocking;
use crate::api::QueueView;
use crate::client::events::{follow, StreamEvent};
use crate::client::HubClient;

/// Wait this long before reconnecting.
pub const RECONNECT: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Live {
    /// The queue changed (or the stream just connected): reload it.
    Changed,
    /// A procedure of a case moved at the back office: reload what shows
    /// stages (not the queue).
    Procedures,
    /// A counter opened, paused or closed: the floor board reloads its counters.
    Counters,
    /// The stream is gone; it reconnects by itself.
    Disconnected,
}

struct Hub(Arc<HubClient>);

impl Hash for Hub {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.base().hash(state);
    }
}

/// Queue changes from the hub, for as long as the subscription lives.
pub fn queue_changes(hub: Arc<HubClient>) -> Subscription<Live> {
    Subscription::run_with(Hub(hub), |hub| stream(hub.0.clone()))
}

/// The stream behind the subscription (public for tests).
pub fn stream(hub: Arc<HubClient>) -> impl iced::futures::Stream<Item = Live> {
    iced::stream::channel(32, async move |mut out: mpsc::Sender<Live>| loop {
        let (tx, mut rx) = mpsc::unbounded();
        let h = hub.clone();
        // A thread of its own, not the runtime's blocking pool: a stream that
        // waits for the hub's next event must never hold the window's exit
        // (the runtime waits for its blocking tasks when it shuts down). The
        // thread ends at the next event or keep-alive once nobody listens.
        let reader = std::thread::Builder::new()
            .name("event-stream".into())
            .spawn(move || {
                // A ticket, or events missed: the queue; a procedure: the stages.
                let _ = follow(&h, &mut |e: StreamEvent| {
                    let live = match e {
                        StreamEvent::Procedure(_) => Live::Procedures,
                        StreamEvent::Counter(_) => Live::Counters,
                        StreamEvent::Ticket(_) | StreamEvent::Reload => Live::Changed,
                    };
                    tx.unbounded_send(live).is_ok()
                });
            });
        if reader.is_err() {
            tokio::time::sleep(RECONNECT).await;
            continue;
        }
        while let Some(m) = rx.next().await {
            if out.send(m).await.is_err() {
                return;
            }
        }
        if out.send(Live::Disconnected).await.is_err() {
            return;
        }
        tokio::time::sleep(RECONNECT).await;
    })
}

/// The queue as a live screen (floor board, calling display) holds it: loaded
/// from the hub, reloaded on every event, polled only while the stream is down.
#[derive(Debug, Default)]
pub struct LiveQueue {
    pub view: Option<QueueView>,
    pub error: Option<String>,
    /// Following the hub's event stream.
    pub live: bool,
}

#[derive(Debug, Clone)]
pub enum QueueMessage {
    Refresh,
    Loaded(Result<QueueView, String>),
    Live(Live),
}

impl LiveQueue {
    pub fn update(&mut self, backend: &Arc<Backend>, message: QueueMessage) -> Task<QueueMessage> {
        match message {
            QueueMessage::Refresh => {
                let b = backend.clone();
                return Task::perform(
                    blocking(move || b.hub.queue().map_err(|e| e.to_string())),
                    QueueMessage::Loaded,
                );
            }
            QueueMessage::Live(Live::Changed) => {
                self.live = true;
                return Task::done(QueueMessage::Refresh);
            }
            QueueMessage::Live(Live::Disconnected) => self.live = false,
            // The queue itself did not change.
            QueueMessage::Live(Live::Procedures | Live::Counters) => self.live = true,
            QueueMessage::Loaded(Ok(v)) => {
                self.view = Some(v);
                self.error = None;
            }
            // Keep showing what was last loaded; the screen says it may be behind.
            QueueMessage::Loaded(Err(e)) => self.error = Some(e),
        }
        Task::none()
    }
}
