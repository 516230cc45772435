//! Scanned pages handed to the back office with their case, against a real hub
//! on loopback: sent once the case is there, kept while it is not or while the
//! hub is away, and counted at the back office.

#[path = "support/hub.rs"]
mod hub;

use std::path::Path;
use std::time::SystemTime;

use hub::{demo_db, submit_seed_case, wait_until, HubProcess};
use madoguchi::client::scans;
use madoguchi::client::HubClient;

fn page(dir: &Path, name: &str) {
    std::fs::create_dir_all(dir).expect("mkdir");
    image::RgbImage::from_fn(60, 80, |x, y| image::Rgb([x as u8, y as u8, 128]))
        .save(dir.join(name))
        .expect("page");
}

fn scans_at_hub(url: &str, case_id: &str) -> u32 {
    HubClient::new(url, "backoffice", "backoffice-demo")
        .expect("client")
        .inbox(None)
        .expect("inbox")
        .into_iter()
        .find(|c| c.id == case_id)
        .map_or(0, |c| c.scans)
}

#[test]
fn pages_wait_for_their_case_and_for_the_hub_then_arrive() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 20);
    let mut hub = HubProcess::start(&db, "127.0.0.1:0");
    let clerk = HubClient::new(&hub.url, "clerk", "clerk-demo").expect("client");
    let (folder, outgoing) = (dir.path().join("scans"), dir.path().join("outgoing"));

    // Two signed pages; the case is still in the counter's outbox.
    page(&folder, "scan-001.png");
    page(&folder, "scan-002.jpg");
    let found = scans::found(&folder, SystemTime::UNIX_EPOCH).expect("found");
    assert_eq!(scans::hand_over(&found, &outgoing, "20261122-A-007"), Ok(2));
    assert_eq!(
        scans::upload(&clerk, &outgoing),
        Ok((0, 2)),
        "no case yet: kept"
    );
    assert_eq!(scans::count_waiting(&outgoing), 2);

    // The hub goes away just as the case arrives: still kept.
    submit_seed_case(&clerk, "20261122-A-007", None);
    let url = hub.url.clone();
    hub.kill();
    assert_eq!(scans::upload(&clerk, &outgoing), Ok((0, 2)));
    assert_eq!(scans::count_waiting(&outgoing), 2);

    // Back on the same port: both pages arrive, in order, and leave the counter.
    let listen = url.trim_start_matches("http://").to_string();
    let _hub = HubProcess::start(&db, &listen);
    assert_eq!(scans::upload(&clerk, &outgoing), Ok((2, 0)));
    assert_eq!(scans::count_waiting(&outgoing), 0);
    assert_eq!(scans_at_hub(&url, "20261122-A-007"), 2);

    // The uploader thread does the same by itself.
    page(&folder, "scan-003.png");
    let found = scans::found(&folder, SystemTime::UNIX_EPOCH).expect("found");
    scans::hand_over(&found, &outgoing, "20261122-A-007").expect("hand over");
    let uploader = scans::ScanUploader::spawn(
        std::sync::Arc::new(HubClient::new(&url, "clerk", "clerk-demo").expect("client")),
        outgoing.clone(),
    )
    .expect("uploader");
    uploader.wake();
    assert!(wait_until(std::time::Duration::from_secs(15), || {
        scans_at_hub(&url, "20261122-A-007") == 3
    }));
    assert!(wait_until(std::time::Duration::from_secs(10), || uploader
        .waiting()
        == 0));
}
