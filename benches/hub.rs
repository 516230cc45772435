//! Hub figures over real HTTP on loopback (not criterion: throughput and tail
//! latency under concurrency are what matter here).
//!
//!     cargo bench --bench hub
//!     MADOGUCHI_BENCH_RESIDENTS=100000 cargo bench --bench hub   # a smaller registry
//!     MADOGUCHI_BENCH_PG=postgres://postgres@127.0.0.1:5433/ cargo bench --bench hub
//!         # the same on PostgreSQL (a new database per part; C collation)
#![allow(clippy::print_stdout)]

#[path = "support/db.rs"]
mod db;
use db::database;

use std::sync::Arc;
use std::time::{Duration, Instant};

use madoguchi::api::*;
use madoguchi::client::{drain, Counter, HubClient, LocalCache};
use madoguchi::hub::store::{Storage, WriteOp};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn report(name: &str, mut lat: Vec<Duration>, elapsed: Duration) {
    lat.sort();
    println!(
        "{name}: {} ops in {:.2} s = {:.0} ops/s; p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        lat.len(),
        elapsed.as_secs_f64(),
        lat.len() as f64 / elapsed.as_secs_f64(),
        percentile(&lat, 0.5).as_secs_f64() * 1e3,
        percentile(&lat, 0.99).as_secs_f64() * 1e3,
        lat.last().copied().unwrap_or_default().as_secs_f64() * 1e3
    );
}

fn open(db: &std::path::Path) -> Arc<dyn Storage> {
    madoguchi::hub::open_store(db).expect("store")
}

fn hub_with_users(db: &std::path::Path) -> madoguchi::hub::EmbeddedHub {
    {
        let store = open(db);
        madoguchi::demo::seed_users(store.as_ref()).expect("users");
    }
    madoguchi::hub::spawn("127.0.0.1:0", db).expect("hub")
}

fn queue_ops(threads: usize, per_thread: usize) {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub = hub_with_users(&database(dir.path(), &format!("queue{threads}")));
    let url = hub.url();
    let start = Instant::now();
    let handles: Vec<_> = (0..threads)
        .map(|i| {
            let url = url.clone();
            std::thread::spawn(move || {
                let c = HubClient::new(&url, "clerk", "clerk-demo").expect("client");
                c.login().expect("login");
                let mut lat = Vec::with_capacity(per_thread);
                for n in 0..per_thread {
                    let t = Instant::now();
                    if n % 2 == 0 {
                        let category = ["A", "B", "C"][(i + n) % 3].to_string();
                        c.issue(
                            &IssueTicket {
                                category,
                                priority: false,
                                id: None,
                                number: None,
                                created_at: None,
                            },
                            Some(&format!("b{i}-{n}")),
                        )
                        .expect("issue");
                    } else {
                        c.call_next(
                            &CallNext {
                                counter: i.to_string(),
                                categories: vec![],
                            },
                            None,
                        )
                        .expect("call");
                    }
                    lat.push(t.elapsed());
                }
                lat
            })
        })
        .collect();
    let lat: Vec<Duration> = handles
        .into_iter()
        .flat_map(|h| h.join().expect("thread"))
        .collect();
    report(
        &format!("queue operations (issue + call-next, {threads} clients)"),
        lat,
        start.elapsed(),
    );
}

fn outbox_drain(n: usize) {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub = hub_with_users(&database(dir.path(), "outbox"));
    let client = Arc::new(HubClient::new(&hub.url(), "clerk", "clerk-demo").expect("client"));
    let cache_path = dir.path().join("counter.db");
    let mut counter = Counter::new(
        LocalCache::open(&cache_path).expect("cache"),
        client.clone(),
        "9",
        "K9",
    )
    .expect("counter");
    let t = Instant::now();
    // Spread over the four categories: the hub takes 5,000 of one a day.
    for i in 0..n {
        counter
            .issue_ticket(["A", "B", "C", "D"][i % 4], false)
            .expect("issue");
    }
    println!(
        "outbox: {n} local writes (each its own durable transaction) in {:.2} s",
        t.elapsed().as_secs_f64()
    );
    let mut cache = LocalCache::open(&cache_path).expect("cache");
    let t = Instant::now();
    let result = drain(&mut cache, &client).expect("drain");
    let e = t.elapsed();
    println!(
        "outbox drain: {result:?} in {:.2} s = {:.0} ops/s",
        e.as_secs_f64(),
        n as f64 / e.as_secs_f64()
    );
}

fn registry_search(residents: usize) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = database(dir.path(), "registry");
    let t = Instant::now();
    {
        let store = open(&db);
        let made = madoguchi::demo::for_residents(20261122, residents, 5000, |chunk| {
            store
                .write(None, WriteOp::ImportHouseholds(chunk))
                .map(|_| ())
                .map_err(|e| e.to_string())
        })
        .expect("registry");
        println!(
            "registry: {made} synthetic residents generated and indexed in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }
    let hub = hub_with_users(&db);
    let client = HubClient::for_counter(&hub.url(), "clerk", "clerk-demo", "1").expect("client");
    // Resident data is read for a ticket being served at the counter.
    client
        .issue(
            &IssueTicket {
                category: "A".into(),
                priority: false,
                id: None,
                number: None,
                created_at: None,
            },
            None,
        )
        .expect("issue");
    let served = client
        .call_next(
            &CallNext {
                counter: "1".into(),
                categories: vec![],
            },
            None,
        )
        .expect("call")
        .expect("a ticket")
        .number;
    let prefixes: Vec<String> = [
        "タ",
        "ヤマ",
        "ナカムラ",
        "コバヤシ ケ",
        "マツ",
        "イノウエ ユ",
        "サトウ",
        "スズキ ハ",
        "ワタナベ",
        "コガ",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut lat = Vec::new();
    let start = Instant::now();
    let mut found = 0;
    for i in 0..2000 {
        let q = ResidentQuery {
            kana: Some(prefixes[i % prefixes.len()].clone()),
            limit: Some(20),
            ticket: Some(served.clone()),
            ..Default::default()
        };
        let t = Instant::now();
        found += client.search(&q).expect("search").len();
        lat.push(t.elapsed());
    }
    report(
        &format!("kana-prefix search over HTTP with audit ({residents} residents, {found} hits)"),
        lat,
        start.elapsed(),
    );
    let store = open(&db);
    let mut lat = Vec::new();
    let start = Instant::now();
    for i in 0..2000 {
        let q = ResidentQuery {
            kana: Some(prefixes[i % prefixes.len()].clone()),
            limit: Some(20),
            ..Default::default()
        };
        let t = Instant::now();
        store.search_residents(&q).expect("search");
        lat.push(t.elapsed());
    }
    report(
        "kana-prefix search in the store alone",
        lat,
        start.elapsed(),
    );
}

/// Call-next and the queue view with the day's queue full: 4 categories ×
/// 5,000 waiting tickets (the hub's cap), filled through the store.
fn full_queue() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = database(dir.path(), "full_queue");
    {
        let store = open(&db);
        madoguchi::demo::seed_users(store.as_ref()).expect("users");
        let now = chrono::Utc::now();
        for category in ["A", "B", "C", "D"] {
            let ops = (0..5000)
                .map(|_| {
                    (
                        None,
                        WriteOp::IssueTicket {
                            req: IssueTicket {
                                category: category.into(),
                                priority: false,
                                id: None,
                                number: None,
                                created_at: None,
                            },
                            at: now,
                        },
                    )
                })
                .collect();
            for r in store.write_many(ops) {
                r.expect("issue");
            }
        }
    }
    let hub = madoguchi::hub::spawn("127.0.0.1:0", &db).expect("hub");
    let c = HubClient::for_counter(&hub.url(), "clerk", "clerk-demo", "1").expect("client");
    c.login().expect("login");
    let start = Instant::now();
    let mut lat = Vec::new();
    for i in 0..2000 {
        let t = Instant::now();
        let categories = if i % 2 == 0 {
            vec![]
        } else {
            vec!["C".to_string()]
        };
        c.call_next(
            &CallNext {
                counter: "1".into(),
                categories,
            },
            None,
        )
        .expect("call")
        .expect("a ticket");
        lat.push(t.elapsed());
    }
    report(
        "call-next with 20,000 tickets waiting (one client)",
        lat,
        start.elapsed(),
    );
    let token = c.token().expect("token");
    let t = Instant::now();
    let page = reqwest::blocking::Client::new()
        .get(format!("{}/api/queue", hub.url()))
        .bearer_auth(token)
        .send()
        .expect("queue")
        .bytes()
        .expect("body");
    println!(
        "GET /api/queue with 20,000 tickets: one page of {:.1} MB in {:.0} ms",
        page.len() as f64 / 1e6,
        t.elapsed().as_secs_f64() * 1e3
    );
    let t = Instant::now();
    let all = c.queue().expect("queue");
    println!(
        "the whole day through the client's paging: {} tickets in {:.0} ms",
        all.tickets.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
}

fn main() {
    let residents = std::env::var("MADOGUCHI_BENCH_RESIDENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    // MADOGUCHI_BENCH_ONLY=full_queue (or queue, outbox, search) runs one part.
    let only = std::env::var("MADOGUCHI_BENCH_ONLY").unwrap_or_default();
    let run = |name: &str| only.is_empty() || only == name;
    if run("queue") {
        queue_ops(16, 400);
    }
    if run("wards") {
        // A city: 7 wards × 10 counters at once.
        queue_ops(70, 100);
    }
    if run("full_queue") {
        full_queue();
    }
    if run("outbox") {
        outbox_drain(10_000);
    }
    if run("search") {
        registry_search(residents);
    }
}
