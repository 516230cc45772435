//! What a second attack review found, reproduced over real HTTP and answered:
//! dropped logins, idle connections, resident reads without a ticket, oversized
//! fields, free text in ids, cases and scans of another counter or clerk.

#[path = "support/hub.rs"]
mod hub;
#[path = "support/raw.rs"]
mod raw;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use hub::{demo_db, HubProcess};
use madoguchi::api::*;
use madoguchi::client::{ClientError, HubClient};
use raw::{call, login_as, start, token};
use serde_json::json;

#[test]
fn logins_dropped_by_their_client_still_wait_their_turn_and_count_as_failures() {
    let (_dir, hub) = start();
    let addr = hub.url.trim_start_matches("http://").to_string();
    let body = r#"{"user":"admin","password":"wrong-password"}"#;
    let request = format!(
        "POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    // 300 logins, each abandoned 30 ms after it was sent.
    for _ in 0..300 {
        let mut s = TcpStream::connect(&addr).expect("connect");
        s.write_all(request.as_bytes()).expect("send");
        std::thread::sleep(Duration::from_millis(4));
        drop(s);
    }
    std::thread::sleep(Duration::from_secs(2));
    let peak = raw::peak_rss_kb(hub.child.id());
    assert!(peak < 200 * 1024, "peak RSS {peak} kB");
    // The abandoned ones were checked and counted: the name is locked.
    let (status, v) = login_as(&hub, "admin", "admin-demo", None);
    assert_eq!(status, 429, "{v}");
}

#[test]
fn idle_and_surplus_connections_are_closed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 50);
    let hub = HubProcess::start_with_args(
        &db,
        "127.0.0.1:0",
        &["--idle-timeout", "2", "--max-connections-per-address", "10"],
    );
    let addr = hub.url.trim_start_matches("http://").to_string();
    // Ten connections that never finish their headers.
    let mut half_open: Vec<TcpStream> = (0..10)
        .map(|_| {
            let mut s = TcpStream::connect(&addr).expect("connect");
            s.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n")
                .expect("send");
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    // An eleventh from the same address is closed at once.
    let mut extra = TcpStream::connect(&addr).expect("connect");
    extra
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let _ = extra.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    let mut buf = [0u8; 64];
    assert!(
        matches!(extra.read(&mut buf), Ok(0) | Err(_)),
        "the surplus connection is refused"
    );
    // Another address is served meanwhile.
    let other = reqwest::blocking::Client::builder()
        .local_address("127.0.0.2".parse::<std::net::IpAddr>().ok())
        .build()
        .expect("client");
    let status = other
        .get(format!("{}/health", hub.url))
        .send()
        .expect("health")
        .status();
    assert_eq!(status.as_u16(), 200);
    // After the idle time, the half-open ones are closed by the hub.
    let started = Instant::now();
    for s in &mut half_open {
        s.set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let mut b = [0u8; 64];
        assert!(matches!(s.read(&mut b), Ok(0) | Err(_)));
    }
    assert!(
        started.elapsed() < Duration::from_secs(9),
        "{:?}",
        started.elapsed()
    );
    // And the address may connect again.
    let status = reqwest::blocking::get(format!("{}/health", hub.url))
        .expect("health")
        .status();
    assert_eq!(status.as_u16(), 200);
}

#[test]
fn a_clerk_reads_resident_data_only_for_a_served_ticket_of_its_counter() {
    let (_dir, hub) = start();
    let u = |p: &str| format!("{}{p}", hub.url);
    let clerk = token(&hub, "clerk", Some("1"));
    for path in [
        "/api/households/H-SEED",
        "/api/residents?address=%E4%B8%81%E7%9B%AE&limit=500",
    ] {
        let (status, v) = call("GET", &u(path), Some(&clerk), None, &[]);
        assert_eq!(status, 400, "{path}: {v}");
    }
    // A session with no counter yet may not cite another counter's ticket.
    let floor = token(&hub, "floor", None);
    let (_, t) = call(
        "POST",
        &u("/api/tickets"),
        Some(&floor),
        Some(json!({"category": "B"})),
        &[],
    );
    let (status, called) = call(
        "POST",
        &u("/api/tickets/call-next"),
        Some(&clerk),
        Some(json!({"counter": "1"})),
        &[],
    );
    assert_eq!((status, &called["id"]), (200, &t["id"]));
    let unbound = token(&hub, "clerk2", None);
    let number = called["number"].as_str().expect("number");
    let (status, _) = call(
        "GET",
        &u(&format!("/api/households/H-SEED?ticket={number}")),
        Some(&unbound),
        None,
        &[],
    );
    assert_eq!(status, 403);
    // The counter's own clerk reads, and a search shows at most 100 hits.
    let (status, _) = call(
        "GET",
        &u(&format!("/api/households/H-SEED?ticket={number}")),
        Some(&clerk),
        None,
        &[],
    );
    assert_eq!(status, 200);
    let (status, hits) = call(
        "GET",
        &u(&format!(
            "/api/residents?address=%E5%8C%BA&limit=500&ticket={number}"
        )),
        Some(&clerk),
        None,
        &[],
    );
    assert_eq!(status, 200);
    assert!(hits.as_array().expect("hits").len() <= 100);
}

#[test]
fn oversized_fields_and_free_text_ids_are_refused() {
    let (_dir, hub) = start();
    let u = |p: &str| format!("{}{p}", hub.url);
    let floor = token(&hub, "floor", None);
    let (_, t) = call(
        "POST",
        &u("/api/tickets"),
        Some(&floor),
        Some(json!({"category": "A"})),
        &[],
    );
    let id = t["id"].as_str().expect("id");
    let (status, v) = call(
        "POST",
        &u(&format!("/api/tickets/{id}/actions")),
        Some(&floor),
        Some(json!({"action": "transfer", "counter": "K".repeat(100_000)})),
        &[],
    );
    assert_eq!(status, 400, "{v}");
    let (status, _) = call(
        "POST",
        &u("/api/tickets"),
        Some(&floor),
        Some(json!({"category": "A", "id": "A\nB"})),
        &[],
    );
    assert_eq!(status, 400);
    // A case's household id is an id, never a name; and its counter is the session's.
    let clerk = HubClient::for_counter(&hub.url, "clerk", "clerk-demo", "3").expect("client");
    let mut case = serde_json::to_value(CaseSubmission {
        id: "20261130-A-050".into(),
        ticket_id: None,
        household_id: Some("堤 悠真 1957-06-05 西本町1丁目".into()),
        counter: "3".into(),
        request: hub::seed_request(),
        determination: {
            let (texts, c) = madoguchi::load_rules(None).expect("rules");
            let r = hub::seed_request();
            madoguchi::determine(&r, c.in_effect(r.as_of).expect("catalog"), &texts, "ja")
        },
        confirmed: vec![],
        forms_printed: vec![],
        timings: CaseTimings::default(),
        revision: 0,
    })
    .expect("json");
    let three = token(&hub, "clerk", Some("3"));
    let (status, v) = call(
        "POST",
        &u("/api/cases"),
        Some(&three),
        Some(case.clone()),
        &[],
    );
    assert_eq!(status, 400, "{v}");
    case["household_id"] = json!("H-SEED");
    case["counter"] = json!("1");
    let (status, v) = call(
        "POST",
        &u("/api/cases"),
        Some(&three),
        Some(case.clone()),
        &[],
    );
    assert_eq!(status, 403, "another counter's case: {v}");
    case["counter"] = json!("3");
    let (status, _) = call("POST", &u("/api/cases"), Some(&three), Some(case), &[]);
    assert_eq!(status, 201);
    // Another clerk cannot add pages to this case; the case takes at most 60.
    let other = HubClient::for_counter(&hub.url, "clerk2", "clerk2-demo", "4").expect("client");
    let mut png = Vec::new();
    image::DynamicImage::new_luma8(8, 8)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("png");
    let r = other.upload_scan("20261130-A-050", "image/png", png.clone());
    assert!(
        matches!(r, Err(ClientError::Rejected { status: 404, .. })),
        "{r:?}"
    );
    for _ in 0..60 {
        clerk
            .upload_scan("20261130-A-050", "image/png", png.clone())
            .expect("scan");
    }
    let r = clerk.upload_scan("20261130-A-050", "image/png", png);
    assert!(
        matches!(r, Err(ClientError::Rejected { status: 409, .. })),
        "{r:?}"
    );
}

#[test]
fn batch_paths_are_decoded_like_the_endpoints() {
    let (_dir, hub) = start();
    let clerk = HubClient::for_counter(&hub.url, "clerk", "clerk-demo", "1").expect("client");
    let ticket = clerk
        .issue(
            &IssueTicket {
                category: "A".into(),
                priority: false,
                id: Some("walkin K1 001".into()),
                number: None,
                created_at: None,
            },
            None,
        )
        .expect("issue");
    let reply = clerk
        .batch(&[BatchOp {
            key: "call-spaced".into(),
            method: "POST".into(),
            path: "/api/tickets/walkin%20K1%20001/actions".into(),
            body: json!({"action": "call", "counter": "1"}),
        }])
        .expect("batch");
    assert_eq!(reply.results[0].status, 200, "{:?}", reply.results[0]);
    assert_eq!(reply.results[0].body["id"], ticket.id);
}
