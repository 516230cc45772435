//! Logins and sessions under attack, over real HTTP: a login flood, password
//! guessing, timing, logout and revocation, tokens at rest (issue 12).

#[path = "support/hub.rs"]
mod hub;
#[path = "support/raw.rs"]
mod raw;

use std::time::{Duration, Instant};

use raw::{add_user, call, login_as, start, token};
use reqwest::blocking::Client;
use serde_json::json;

#[test]
fn a_login_flood_neither_exhausts_the_hub_nor_locks_out_another_client() {
    let (_dir, hub) = start();
    let url = format!("{}/api/login", hub.url);
    let flood: Vec<_> = (0..256)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || {
                Client::builder()
                    .timeout(Duration::from_secs(60))
                    .build()
                    .expect("client")
                    .post(url)
                    .json(&json!({ "user": "admin", "password": "wrong-password" }))
                    .send()
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0)
            })
        })
        .collect();
    // A right login from another address while the flood runs.
    std::thread::sleep(Duration::from_millis(200));
    let other = Client::builder()
        .local_address("127.0.0.2".parse::<std::net::IpAddr>().expect("ip"))
        .build()
        .expect("client");
    let started = Instant::now();
    let status = other
        .post(&url)
        .json(&json!({ "user": "supervisor", "password": "supervisor-demo" }))
        .send()
        .expect("login")
        .status()
        .as_u16();
    let took = started.elapsed();
    let statuses: Vec<u16> = flood
        .into_iter()
        .map(|h| h.join().expect("thread"))
        .collect();
    assert_eq!(status, 200);
    assert!(took < Duration::from_secs(2), "right login took {took:?}");
    assert!(
        statuses.iter().all(|s| *s == 401 || *s == 429),
        "{statuses:?}"
    );
    assert!(
        statuses.iter().filter(|s| **s == 401).count() <= 6,
        "checked at most until the lock"
    );
    let peak = raw::peak_rss_kb(hub.child.id());
    assert!(peak < 200 * 1024, "hub peak RSS {peak} kB");
    // The right password of a locked name is refused too, until the lock ends.
    let (status, v) = login_as(&hub, "admin", "admin-demo", None);
    assert_eq!(status, 429, "{v}");
}

#[test]
fn wrong_passwords_lock_the_name_and_timing_does_not_tell_names() {
    let (_dir, hub) = start();
    let mut locked_after = None;
    for n in 1..=10 {
        let (status, _) = login_as(&hub, "floor", "guess", None);
        if status == 429 {
            locked_after = Some(n);
            break;
        }
        assert_eq!(status, 401);
    }
    assert_eq!(locked_after, Some(6), "five failures lock the name");
    let (status, _) = login_as(&hub, "floor", "floor-demo", None);
    assert_eq!(status, 429, "the right password waits out the lock");
    // A known and an unknown name cost the same (median of 4 each).
    let median = |user: &str| {
        let mut t: Vec<Duration> = (0..4)
            .map(|_| {
                let s = Instant::now();
                let (status, _) = login_as(&hub, user, "wrong", None);
                assert_eq!(status, 401);
                s.elapsed()
            })
            .collect();
        t.sort();
        t[2]
    };
    let known = median("backoffice");
    let unknown = median("nobody-here");
    let ratio = known.as_secs_f64() / unknown.as_secs_f64();
    assert!(
        (0.33..3.0).contains(&ratio),
        "known {known:?} unknown {unknown:?}"
    );
}

#[test]
fn tokens_end_at_logout_and_when_the_user_changes_and_are_stored_hashed() {
    let (_dir, hub) = start();
    let u = |p: &str| format!("{}{p}", hub.url);
    let a = token(&hub, "clerk", Some("1"));
    let b = token(&hub, "clerk", Some("2"));
    assert_eq!(call("GET", &u("/api/queue"), Some(&a), None, &[]).0, 200);
    assert_eq!(call("POST", &u("/api/logout"), Some(&a), None, &[]).0, 204);
    assert_eq!(
        call("GET", &u("/api/queue"), Some(&a), None, &[]).0,
        401,
        "logged out at once"
    );
    assert_eq!(call("GET", &u("/api/queue"), Some(&b), None, &[]).0, 200);
    // No token is stored as it is (in the SQLite file and its log, or in
    // any column of PostgreSQL's sessions).
    let (bytes, wal) = if hub::pg_base().is_some() {
        let all = hub::hub_rows(&hub.db, "SELECT * FROM sessions");
        assert!(!all.is_empty(), "b's session is stored");
        (all.concat().concat().into_bytes(), Vec::new())
    } else {
        (
            std::fs::read(&hub.db).expect("db"),
            std::fs::read(hub.db.with_extension("db-wal")).unwrap_or_default(),
        )
    };
    for t in [&a, &b] {
        let found = |hay: &[u8]| hay.windows(t.len()).any(|w| w == t.as_bytes());
        assert!(!found(&bytes) && !found(&wal), "token stored in clear");
    }
    // A changed password ends the user's sessions at once (the hub runs on).
    add_user(&hub.db, "clerk", "clerk", "a-new-password");
    assert_eq!(call("GET", &u("/api/queue"), Some(&b), None, &[]).0, 401);
    let (status, _) = login_as(&hub, "clerk", "a-new-password", None);
    assert_eq!(status, 200);
}

#[test]
fn a_live_event_stream_ends_with_its_session() {
    use std::io::{BufRead, BufReader};
    let (_dir, hub) = start();
    let t = token(&hub, "floor", None);
    let resp = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
        .get(format!("{}/api/events", hub.url))
        .bearer_auth(&t)
        .send()
        .expect("events");
    assert_eq!(resp.status().as_u16(), 200);
    let (status, _) = call(
        "POST",
        &format!("{}/api/logout", hub.url),
        Some(&t),
        None,
        &[],
    );
    assert_eq!(status, 204);
    // The hub closes the stream within its recheck (5 s); reading reaches the end.
    let started = Instant::now();
    let mut lines = BufReader::new(resp).lines();
    while let Some(Ok(_)) = lines.next() {}
    assert!(
        started.elapsed() < Duration::from_secs(12),
        "{:?}",
        started.elapsed()
    );
}
