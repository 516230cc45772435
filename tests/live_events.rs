//! The floor board's live feed: the hub's event stream followed through the
//! iced adapter, against a real hub process that is killed and restarted.

#[path = "support/hub.rs"]
mod hub;

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use hub::{demo_db, walk_in, HubProcess};
use madoguchi::client::HubClient;
use madoguchi::ui::live::{stream, Live};

#[test]
fn the_board_hears_changes_and_reconnects_when_the_hub_returns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 10);
    let mut hub = HubProcess::start(&db, "127.0.0.1:0");
    let port = hub.port();
    let client = Arc::new(HubClient::new(&hub.url, "floor", "floor-demo").expect("client"));
    let kiosk = HubClient::new(&hub.url, "clerk", "clerk-demo").expect("client");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let mut live = Box::pin(stream(client.clone()));
    let next = |live: &mut (dyn futures_util::Stream<Item = Live> + Unpin)| -> Option<Live> {
        rt.block_on(async {
            tokio::time::timeout(Duration::from_secs(20), live.next())
                .await
                .ok()
                .flatten()
        })
    };

    assert_eq!(next(&mut live), Some(Live::Changed), "connected: reload");
    kiosk.issue(&walk_in("B"), None).expect("issue");
    assert_eq!(next(&mut live), Some(Live::Changed), "a ticket was issued");
    // A counter pauses: the board hears it at once (not at its next poll).
    let pause = |why: &str| {
        client
            .set_counter("5", madoguchi::api::CounterMode::Paused, Some(why))
            .expect("pause")
    };
    pause("break");
    assert_eq!(next(&mut live), Some(Live::Counters), "a counter paused");
    // The same pause again changes nothing and says nothing.
    pause("break");
    kiosk.issue(&walk_in("B"), None).expect("issue");
    assert_eq!(next(&mut live), Some(Live::Changed), "only the ticket");

    hub.kill();
    assert_eq!(next(&mut live), Some(Live::Disconnected));

    let _hub = HubProcess::start(&db, &format!("127.0.0.1:{port}"));
    assert_eq!(
        next(&mut live),
        Some(Live::Changed),
        "reconnected by itself, and reloads"
    );
    kiosk
        .issue(&walk_in("B"), None)
        .expect("issue after restart");
    assert_eq!(next(&mut live), Some(Live::Changed));
}
