//! The one adapter from the hub's event stream (blocking, in the core) to an
//! iced Subscription, reconnecting after a pause when the hub goes away.
//! Subscribed only while a screen that shows the queue live is open.

use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::time::Duration;

use iced::futures::channel::mpsc;
use iced::futures::{SinkExt, StreamExt};
use iced::Subscription;

use crate::client::events::{follow, StreamEvent};
use crate::client::HubClient;

/// Wait this long before reconnecting.
pub const RECONNECT: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Live {
    /// The queue changed (or the stream just connected): reload it.
    Changed,
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
        let reader = tokio::task::spawn_blocking(move || {
            // Every kind of event means the same here: reload the queue.
            let _ = follow(&h, &mut |_: StreamEvent| {
                tx.unbounded_send(Live::Changed).is_ok()
            });
        });
        while let Some(m) = rx.next().await {
            if out.send(m).await.is_err() {
                return;
            }
        }
        let _ = reader.await;
        if out.send(Live::Disconnected).await.is_err() {
            return;
        }
        tokio::time::sleep(RECONNECT).await;
    })
}
