//! The city hub on PostgreSQL: several hub processes over one database, a
//! database stopped in the middle of the day, a backup taken under load and
//! restored. Each test runs its own PostgreSQL cluster (Debian's postgresql
//! package, started by tests/support/pg-cluster.sh in a temporary directory).

#[path = "support/hub.rs"]
mod hub;
#[path = "support/pg.rs"]
mod pg;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use hub::{wait_until, HubProcess, BIN};
use madoguchi::api::*;
use madoguchi::client::HubClient;
use madoguchi::hub::db::sql::SqlExt;
use madoguchi::hub::postgres::PgConn;
use pg::Cluster;

fn madoguchi(args: &[&str]) -> std::process::Output {
    let out = Command::new(BIN).args(args).output().expect("madoguchi");
    assert!(
        out.status.success(),
        "madoguchi {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn count(url: &str, sql: &str) -> i64 {
    let c = PgConn::connect(url).expect("connect");
    c.value::<i64>(sql, &[]).expect("count").unwrap_or(-1)
}

fn walk_in(category: &str) -> IssueTicket {
    IssueTicket {
        category: category.into(),
        priority: false,
        id: None,
        number: None,
        created_at: None,
    }
}

/// Seven wards' counters on two hub processes over one database: every
/// ticket is numbered once without a gap, called by exactly one counter,
/// and a ticket issued at one hub is heard on the other's event stream.
#[test]
fn two_hubs_over_one_database_serve_every_ward_once() {
    let pg = Cluster::start();
    let url = pg.database("city");
    madoguchi(&["demo-data", "--db", &url, "--residents", "100"]);
    let a = HubProcess::start_on(&url, "127.0.0.1:0", &[]);
    let b = HubProcess::start_on(&url, "127.0.0.1:0", &[]);

    // Hub B's event stream, read on a thread.
    let (seen_tx, seen_rx) = std::sync::mpsc::channel::<String>();
    let floor = HubClient::new(&b.url, "floor", "floor-demo").expect("floor");
    let token = floor.token().expect("token");
    let stream_url = format!("{}/api/events", b.url);
    std::thread::spawn(move || {
        let resp = reqwest::blocking::Client::builder()
            .timeout(None)
            .build()
            .expect("client")
            .get(stream_url)
            .bearer_auth(token)
            .send()
            .expect("events");
        for line in BufReader::new(resp).lines() {
            let Ok(line) = line else { return };
            if let Some(data) = line.strip_prefix("data:") {
                if seen_tx.send(data.trim().to_string()).is_err() {
                    return;
                }
            }
        }
    });
    std::thread::sleep(Duration::from_millis(300));
    let kiosk_a = HubClient::new(&a.url, "clerk", "clerk-demo").expect("kiosk");
    let first = kiosk_a.issue(&walk_in("B"), None).expect("issue at A");
    assert!(
        wait_until(Duration::from_secs(10), || {
            seen_rx
                .try_iter()
                .any(|d| d.contains(&first.id) && d.contains(&first.number))
        }),
        "hub B's stream heard the ticket issued at hub A"
    );

    // 7 wards × 2 counters (half on each hub) issue 20 tickets each and call
    // the next ones, all at once.
    let hubs = [a.url.clone(), b.url.clone()];
    let mut threads = Vec::new();
    for ward in 0..7 {
        for desk in 0..2 {
            let hub_url = hubs[(ward + desk) % 2].clone();
            threads.push(std::thread::spawn(move || {
                let counter = format!("{}{}", ward + 1, desk + 1);
                let clerk = HubClient::new(&hub_url, "clerk", "clerk-demo").expect("clerk");
                let mut called = Vec::new();
                for i in 0..20 {
                    let cat = ["A", "B", "C", "D"][(ward + i) % 4];
                    clerk.issue(&walk_in(cat), None).expect("issue");
                    if i % 2 == 1 {
                        let next = clerk
                            .call_next(
                                &CallNext {
                                    counter: counter.clone(),
                                    categories: vec![],
                                },
                                None,
                            )
                            .expect("call");
                        called.extend(next.map(|t| t.id));
                    }
                }
                called
            }));
        }
    }
    let called: Vec<String> = threads
        .into_iter()
        .flat_map(|t| t.join().expect("counter thread"))
        .collect();
    let issued = 7 * 2 * 20 + 1;
    assert_eq!(count(&url, "SELECT count(*) FROM tickets"), issued);
    assert_eq!(
        count(&url, "SELECT count(DISTINCT number) FROM tickets"),
        issued
    );
    // Each category numbered 1..n with no gap and no repeat.
    for cat in ["A", "B", "C", "D"] {
        let n = count(
            &url,
            &format!("SELECT count(*) FROM tickets WHERE category = '{cat}'"),
        );
        let top = count(
            &url,
            &format!(
                "SELECT max(CAST(substr(number, 3) AS BIGINT)) FROM tickets WHERE category = '{cat}'"
            ),
        );
        assert_eq!(top, n, "category {cat}: numbers 1..{n}");
    }
    assert_eq!(called.len(), 7 * 2 * 10, "every call found a ticket");
    let distinct: BTreeSet<&String> = called.iter().collect();
    assert_eq!(distinct.len(), called.len(), "no ticket called twice");
    assert_eq!(
        count(&url, "SELECT count(*) FROM tickets WHERE state = 'called'"),
        called.len() as i64
    );
}

/// The lines of a hub's event stream (as the floor manager), read on a thread.
fn event_lines(hub_url: &str) -> std::sync::mpsc::Receiver<String> {
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let floor = HubClient::new(hub_url, "floor", "floor-demo").expect("floor");
    let token = floor.token().expect("token");
    let stream_url = format!("{hub_url}/api/events");
    std::thread::spawn(move || {
        let resp = reqwest::blocking::Client::builder()
            .timeout(None)
            .build()
            .expect("client")
            .get(stream_url)
            .bearer_auth(token)
            .send()
            .expect("events");
        for line in BufReader::new(resp).lines() {
            let Ok(line) = line else { return };
            if tx.send(line.trim().to_string()).is_err() {
                return;
            }
        }
    });
    std::thread::sleep(Duration::from_millis(300));
    rx
}

/// `madoguchi counter sync`: the counter's outbox to the hub.
fn counter_sync(cache: &Path, url: &str) -> std::process::Output {
    Command::new(BIN)
        .args(["counter", "sync", "--db"])
        .arg(cache)
        .args([
            "--hub",
            url,
            "--password",
            "clerk-demo",
            "--timeout-s",
            "30",
        ])
        .output()
        .expect("sync")
}

fn cache_count(cache: &Path, sql: &str) -> i64 {
    hub::rows(cache, sql)[0][0].parse().expect("count")
}

fn counter_issue(cache: &Path, url: &str, prefix: &str, count: usize) -> std::process::Output {
    let out = Command::new(BIN)
        .args(["counter", "issue", "--db"])
        .arg(cache)
        .args(["--hub", url, "--password", "clerk-demo", "--prefix", prefix])
        .args(["--counter", "7", "--count", &count.to_string()])
        .args(["--timeout-s", "30", "--no-wait"])
        .output()
        .expect("counter issue");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The database stops in the middle of the day (a fail-over takes this
/// long): the hub says so on /health, the counter goes on issuing into its
/// outbox, and when the database is back everything arrives exactly once.
#[test]
fn the_counters_go_on_while_the_database_is_down() {
    let pg = Cluster::start();
    let url = pg.database("city");
    madoguchi(&["demo-data", "--db", &url, "--residents", "20"]);
    let hub = HubProcess::start_on(&url, "127.0.0.1:0", &[]);
    let stream = event_lines(&hub.url);
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = dir.path().join("counter.db");
    counter_issue(&cache, &hub.url, "F1", 5);
    let drained = |cache: &Path| counter_sync(cache, &hub.url);
    assert!(drained(&cache).status.success());
    assert_eq!(
        count(
            &url,
            "SELECT count(*) FROM tickets WHERE number LIKE 'F1-%'"
        ),
        5
    );

    pg.down();
    let health = reqwest::blocking::get(format!("{}/health", hub.url)).expect("health");
    assert_eq!(
        health.status().as_u16(),
        503,
        "the hub says it cannot write"
    );
    let out = counter_issue(&cache, &hub.url, "F1", 7);
    assert!(String::from_utf8_lossy(&out.stdout).contains("F1-A-012"));
    assert_eq!(
        cache_count(
            &cache,
            "SELECT count(*) FROM outbox WHERE state = 'pending'"
        ),
        7,
        "the counter keeps what it could not send"
    );

    pg.up();
    assert!(
        wait_until(Duration::from_secs(30), || {
            reqwest::blocking::get(format!("{}/health", hub.url))
                .map(|r| r.status().as_u16() == 200)
                .unwrap_or(false)
        }),
        "the hub writes again once the database is back"
    );
    // What other hubs did meanwhile was not heard: the boards are told to reload.
    assert!(
        wait_until(Duration::from_secs(10), || stream
            .try_iter()
            .any(|l| l == "event: reload")),
        "a reload on the event stream after the gap"
    );
    let out = drained(&cache);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        cache_count(
            &cache,
            "SELECT count(*) FROM outbox WHERE state = 'pending'"
        ),
        0
    );
    assert_eq!(
        count(
            &url,
            "SELECT count(*) FROM tickets WHERE number LIKE 'F1-%'"
        ),
        12
    );
    assert_eq!(
        count(
            &url,
            "SELECT count(DISTINCT number) FROM tickets WHERE number LIKE 'F1-%'"
        ),
        12,
        "each exactly once"
    );
}

/// A backup taken while counters write restores into a new database with
/// every ticket, case, scan and audit entry acknowledged before it began.
#[test]
fn a_backup_under_load_restores_into_a_new_database() {
    let pg = Cluster::start();
    let url = pg.database("city");
    madoguchi(&["demo-data", "--db", &url, "--residents", "50"]);
    let hub = HubProcess::start_on(&url, "127.0.0.1:0", &[]);
    let clerk =
        Arc::new(HubClient::for_counter(&hub.url, "clerk", "clerk-demo", "3").expect("clerk"));
    let before: Vec<Ticket> = (0..30)
        .map(|_| clerk.issue(&walk_in("A"), None).expect("issue"))
        .collect();
    let serving = clerk
        .call_next(
            &CallNext {
                counter: "3".into(),
                categories: vec![],
            },
            None,
        )
        .expect("call")
        .expect("a ticket");
    let kana: String = PgConn::connect(&url)
        .expect("connect")
        .value("SELECT kana FROM residents ORDER BY kana_key LIMIT 1", &[])
        .expect("a resident")
        .expect("a resident");
    let hits = clerk
        .search(&ResidentQuery {
            kana: Some(kana.chars().take(2).collect()),
            ticket: Some(serving.number.clone()),
            ..Default::default()
        })
        .expect("an audited read");
    assert!(!hits.is_empty());
    let case = hub::submit_seed_case(&clerk, "20261130-PG-001", Some(&serving.id));
    let img = image::RgbImage::from_pixel(40, 60, image::Rgb([250, 250, 250]));
    let mut png = std::io::Cursor::new(Vec::new());
    img.write_to(&mut png, image::ImageFormat::Png)
        .expect("png");
    let scan = clerk
        .upload_scan(&case.id, "image/png", png.into_inner())
        .expect("scan");
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (clerk, stop) = (clerk.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                clerk.issue(&walk_in("B"), None).expect("issue under load");
                n += 1;
            }
            n
        })
    };
    std::thread::sleep(Duration::from_millis(300));
    let audit_before = count(&url, "SELECT count(*) FROM audit");
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("city.dump");
    let out = madoguchi(&[
        "hub",
        "backup",
        "--db",
        &url,
        "--out",
        file.to_str().expect("p"),
    ]);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let during = writer.join().expect("writer");
    assert!(during > 0, "writes went on during the backup");
    assert!(String::from_utf8_lossy(&out.stdout).contains("tickets"));
    assert!(!dir.path().join("city.dump.part").exists());

    // Into a database that already has a hub's tables: refused without --force.
    let refused = Command::new(BIN)
        .args([
            "hub",
            "restore",
            "--from",
            file.to_str().expect("p"),
            "--db",
            &url,
        ])
        .output()
        .expect("restore");
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));

    let fresh = pg.database("restored");
    madoguchi(&[
        "hub",
        "restore",
        "--from",
        file.to_str().expect("p"),
        "--db",
        &fresh,
    ]);
    let restored_hub = HubProcess::start_on(&fresh, "127.0.0.1:0", &[]);
    let supervisor =
        HubClient::new(&restored_hub.url, "supervisor", "supervisor-demo").expect("login");
    let queue = supervisor.queue().expect("queue");
    let ids: BTreeSet<&str> = queue.tickets.iter().map(|t| t.id.as_str()).collect();
    for t in &before {
        assert!(ids.contains(t.id.as_str()), "ticket {} restored", t.number);
    }
    assert!(count(&fresh, "SELECT count(*) FROM audit") >= audit_before);
    let back_office =
        HubClient::new(&restored_hub.url, "backoffice", "backoffice-demo").expect("bo");
    let cases = back_office.inbox(None).expect("inbox");
    let restored_case = cases
        .iter()
        .find(|c| c.id == case.id)
        .expect("the case restored");
    assert_eq!(restored_case.scans, 1, "its scan restored");
    assert_eq!(
        count(
            &fresh,
            &format!("SELECT count(*) FROM scans WHERE id = '{}'", scan.id)
        ),
        1
    );
    assert_eq!(
        count(&fresh, "SELECT count(*) FROM users"),
        count(&url, "SELECT count(*) FROM users")
    );
    // A file that is not a backup is refused before anything changes.
    let junk = dir.path().join("junk.dump");
    std::fs::write(&junk, b"not a dump").expect("junk");
    let other = pg.database("other");
    let bad = Command::new(BIN)
        .args([
            "hub",
            "restore",
            "--from",
            junk.to_str().expect("p"),
            "--db",
            &other,
        ])
        .output()
        .expect("restore");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a hub backup"));
}

/// A city's hub with a standby (streaming replication): the hub's URL names
/// both servers and asks for the one that takes writes. The primary fails
/// in the middle of the day; the counter goes on offline; the standby is
/// promoted; the hub finds it by itself and everything arrives once.
#[test]
fn the_hub_follows_a_promoted_standby() {
    let t0 = std::time::Instant::now();
    let phase = |what: &str| eprintln!("{:6.1} s  {what}", t0.elapsed().as_secs_f64());
    let primary = Cluster::start();
    let url = primary.database("city");
    madoguchi(&["demo-data", "--db", &url, "--residents", "20"]);
    let standby = Cluster::standby_of(&primary);
    let both = format!(
        "postgres://postgres@127.0.0.1:{},127.0.0.1:{}/city?target_session_attrs=read-write",
        primary.port, standby.port
    );
    phase("primary and standby up");
    let hub = HubProcess::start_on(&both, "127.0.0.1:0", &[]);
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = dir.path().join("counter.db");
    let sync = |cache: &Path| counter_sync(cache, &hub.url);
    counter_issue(&cache, &hub.url, "S1", 5);
    assert!(sync(&cache).status.success());
    let on_standby = standby.url("city");
    assert!(
        wait_until(Duration::from_secs(20), || count(
            &on_standby,
            "SELECT count(*) FROM tickets WHERE number LIKE 'S1-%'"
        ) == 5),
        "the standby has the morning's tickets"
    );

    phase("the standby has the morning");
    primary.down();
    let health = reqwest::blocking::get(format!("{}/health", hub.url)).expect("health");
    assert_eq!(health.status().as_u16(), 503);
    counter_issue(&cache, &hub.url, "S1", 4);
    assert_eq!(
        cache_count(
            &cache,
            "SELECT count(*) FROM outbox WHERE state = 'pending'"
        ),
        4
    );

    phase("offline tickets kept");
    standby.promote();
    assert!(
        wait_until(Duration::from_secs(30), || {
            reqwest::blocking::get(format!("{}/health", hub.url))
                .map(|r| r.status().as_u16() == 200)
                .unwrap_or(false)
        }),
        "the hub writes on the promoted standby"
    );
    phase("promoted; the hub writes");
    let out = sync(&cache);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    phase("synced");
    assert_eq!(
        count(
            &on_standby,
            "SELECT count(DISTINCT number) FROM tickets WHERE number LIKE 'S1-%'"
        ),
        9,
        "every ticket once, on the new primary"
    );
    // A ticket issued now is written on the new primary.
    let kiosk = HubClient::new(&hub.url, "clerk", "clerk-demo").expect("kiosk");
    let t = kiosk
        .issue(&walk_in("C"), None)
        .expect("issue after fail-over");
    assert_eq!(
        count(
            &on_standby,
            &format!("SELECT count(*) FROM tickets WHERE id = '{}'", t.id)
        ),
        1
    );
}
