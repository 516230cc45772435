//! Nothing is lost and nothing is applied twice: the hub is SIGKILLed in the
//! middle of a client's sync, the client is SIGKILLed in the middle of a batch,
//! and tickets issued while the hub is down arrive when it returns. Real
//! processes, real SQLite files, loopback HTTP.

#[path = "support/hub.rs"]
mod hub;

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use hub::{demo_db, rows, wait_until, HubProcess, BIN};
use madoguchi::api::*;
use madoguchi::client::{drain, Counter, Drain, HubClient, LocalCache};

/// A count on the hub's database.
fn count(db: &Path, sql: &str) -> i64 {
    hub::hub_rows(db, sql)[0][0].parse().expect("a count")
}

/// A count on a counter's local cache (always SQLite).
fn cache_count(cache: &Path, sql: &str) -> i64 {
    rows(cache, sql)[0][0].parse().expect("a count")
}

/// Every ticket of `prefix` at the hub exactly once, numbered 1..=n with no gap.
fn assert_exactly_once(hub_db: &Path, prefix: &str, n: i64) {
    let like = format!("'{prefix}-%'");
    assert_eq!(
        count(
            hub_db,
            &format!("SELECT count(*) FROM tickets WHERE number LIKE {like}")
        ),
        n,
        "tickets at the hub"
    );
    assert_eq!(
        count(
            hub_db,
            &format!("SELECT count(DISTINCT number) FROM tickets WHERE number LIKE {like}")
        ),
        n,
        "distinct numbers"
    );
    assert_eq!(
        count(
            hub_db,
            &format!("SELECT count(DISTINCT id) FROM tickets WHERE number LIKE {like}")
        ),
        n,
        "distinct ids"
    );
    let max = hub::hub_rows(
        hub_db,
        &format!(
            "SELECT number FROM tickets WHERE number LIKE {like} ORDER BY number DESC LIMIT 1"
        ),
    );
    assert_eq!(max[0][0], format!("{prefix}-A-{n:03}"), "no gap");
}

fn issue_cmd(
    cache: &Path,
    url: &str,
    prefix: &str,
    count: usize,
    delay_ms: u64,
    no_wait: bool,
) -> Command {
    let mut c = Command::new(BIN);
    c.args([
        "counter",
        "issue",
        "--db",
        cache.to_str().expect("path"),
        "--hub",
        url,
        "--password",
        "clerk-demo",
    ])
    .args([
        "--prefix",
        prefix,
        "--counter",
        "7",
        "--count",
        &count.to_string(),
        "--delay-ms",
        &delay_ms.to_string(),
    ])
    .args(["--timeout-s", "60"]);
    if no_wait {
        c.arg("--no-wait");
    }
    c
}

fn sync_cmd(cache: &Path, url: &str) -> std::process::Output {
    Command::new(BIN)
        .args([
            "counter",
            "sync",
            "--db",
            cache.to_str().expect("path"),
            "--hub",
            url,
            "--password",
            "clerk-demo",
            "--timeout-s",
            "60",
        ])
        .output()
        .expect("sync")
}

#[test]
fn hub_killed_and_restarted_in_the_middle_of_a_sync() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 20);
    let cache = dir.path().join("counter.db");
    let mut hub = HubProcess::start(&db, "127.0.0.1:0");
    let port = hub.port();
    let total = 300;
    let client = issue_cmd(&cache, &hub.url, "K7", total, 4, false)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("client");
    assert!(
        wait_until(Duration::from_secs(30), || count(
            &db,
            "SELECT count(*) FROM tickets WHERE number LIKE 'K7-%'"
        ) >= 40),
        "sync started"
    );
    hub.kill();
    let at_kill = count(&db, "SELECT count(*) FROM tickets WHERE number LIKE 'K7-%'");
    assert!(at_kill < total as i64, "killed in the middle ({at_kill})");
    std::thread::sleep(Duration::from_millis(800));
    let _hub = HubProcess::start(&db, &format!("127.0.0.1:{port}"));
    let out = client.wait_with_output().expect("client ends");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout
            .trim_end()
            .ends_with(&format!("pending 0 sent {total} failed 0")),
        "{}",
        stdout.lines().last().unwrap_or_default()
    );
    assert_exactly_once(&db, "K7", total as i64);
    // Every key the client sent was applied once: keys (scoped to the user and
    // the operation) are the primary key of applied_ops.
    let keys = rows(&cache, "SELECT key FROM outbox");
    let list: Vec<String> = keys
        .iter()
        .map(|k| format!("'clerk\u{1f}POST /api/tickets\u{1f}{}'", k[0]))
        .collect();
    assert_eq!(
        count(
            &db,
            &format!(
                "SELECT count(*) FROM applied_ops WHERE key IN ({})",
                list.join(",")
            )
        ),
        total as i64
    );
}

#[test]
fn client_killed_in_the_middle_of_a_batch_then_restarted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 20);
    let cache = dir.path().join("counter.db");
    let hub = HubProcess::start(&db, "127.0.0.1:0");
    let mut client = issue_cmd(&cache, &hub.url, "K8", 5000, 1, false)
        .stdout(Stdio::null())
        .spawn()
        .expect("client");
    assert!(
        wait_until(Duration::from_secs(30), || cache.exists()
            && cache_count(&cache, "SELECT count(*) FROM outbox") >= 150),
        "batch under way"
    );
    client.kill().expect("SIGKILL the client");
    client.wait().expect("reaped");
    let local = cache_count(&cache, "SELECT count(*) FROM outbox");
    assert!(local < 5000, "killed in the middle ({local})");
    // The restarted counter drains what it had committed before it died.
    let out = sync_cmd(&cache, &hub.url);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        cache_count(&cache, "SELECT count(*) FROM outbox WHERE state = 'sent'"),
        local
    );
    assert_exactly_once(&db, "K8", local);
    // Every local ticket is at the hub with the same number.
    assert_eq!(cache_count(&cache, "SELECT count(*) FROM tickets"), local);
}

#[test]
fn tickets_issued_while_the_hub_is_down_arrive_when_it_returns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 20);
    let cache = dir.path().join("counter.db");
    // Find a free port, and leave it unused for now.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let out = issue_cmd(&cache, &url, "K9", 12, 0, true)
        .output()
        .expect("issue offline");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("issued 12 K9-A-012"));
    assert_eq!(
        cache_count(
            &cache,
            "SELECT count(*) FROM outbox WHERE state = 'pending'"
        ),
        12
    );
    let _hub = HubProcess::start(&db, &format!("127.0.0.1:{port}"));
    let out = sync_cmd(&cache, &url);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_exactly_once(&db, "K9", 12);
    let client = HubClient::new(&url, "clerk", "clerk-demo").expect("client");
    let queue = client.queue().expect("queue");
    assert_eq!(
        queue
            .tickets
            .iter()
            .filter(|t| t.number.starts_with("K9-"))
            .count(),
        12,
        "in the hub's queue"
    );
}

#[test]
fn offline_calls_replay_and_a_conflict_is_kept_not_lost() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 20);
    let mut hub = HubProcess::start(&db, "127.0.0.1:0");
    let port = hub.port();
    let url = hub.url.clone();
    let kiosk = HubClient::new(&url, "clerk", "clerk-demo").expect("client");
    let waiting = kiosk.issue(&hub::walk_in("A"), None).expect("issue");
    let open = |name: &str, id: &str, prefix: &str| {
        let cache = LocalCache::open(&dir.path().join(name)).expect("cache");
        let client = Arc::new(HubClient::new(&url, "clerk", "clerk-demo").expect("client"));
        Counter::new(cache, client, id, prefix).expect("counter")
    };
    let mut three = open("c3.db", "3", "K3");
    let mut four = open("c4.db", "4", "K4");
    assert!(three.refresh_queue().expect("refresh") && four.refresh_queue().expect("refresh"));
    hub.kill();
    // Both counters are offline; each calls the one waiting ticket from its own view.
    let a = three
        .call_next(&[])
        .expect("offline call")
        .expect("a ticket");
    let b = four
        .call_next(&[])
        .expect("offline call")
        .expect("a ticket");
    assert_eq!(
        (a.id.as_str(), b.id.as_str()),
        (waiting.id.as_str(), waiting.id.as_str())
    );
    three.act(&a.id, TicketAction::Start).expect("start");
    three
        .act(
            &a.id,
            TicketAction::Finish {
                outcome: "move_in".into(),
            },
        )
        .expect("finish");
    let walk_in = three
        .issue_ticket("B", false)
        .expect("walk-in while offline");
    let _hub = HubProcess::start(&db, &format!("127.0.0.1:{port}"));
    assert_eq!(
        drain(&mut three.cache, &three.hub).expect("drain"),
        Drain::Empty { sent: 4, failed: 0 }
    );
    assert_eq!(
        drain(&mut four.cache, &four.hub).expect("drain"),
        Drain::Empty { sent: 0, failed: 1 }
    );
    let failures = four.cache.failures().expect("failures");
    assert_eq!(failures.len(), 1);
    assert!(
        failures[0].1.starts_with("409") && failures[0].1.contains("cannot call"),
        "{failures:?}"
    );
    let view = kiosk.queue().expect("queue");
    let served = view
        .tickets
        .iter()
        .find(|t| t.id == waiting.id)
        .expect("served ticket");
    assert_eq!(
        (
            served.state,
            served.counter.as_deref(),
            served.outcome.as_deref()
        ),
        (TicketState::Done, Some("3"), Some("move_in"))
    );
    assert!(
        served.created_at <= served.called_at.expect("called")
            && served.called_at <= served.started_at
            && served.started_at <= served.finished_at
    );
    assert!(view
        .tickets
        .iter()
        .any(|t| t.id == walk_in.id && t.number == "K3-B-001"));
}
