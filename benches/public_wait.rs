//! What open wait pages (`/wait/events`) cost the counters: call-next latency
//! over real HTTP on loopback with no page open, then with 500 pages open and
//! reading their streams (each from its own loopback address, as phones come
//! from their own).
//!
//!     cargo bench --bench public_wait
//!     MADOGUCHI_BENCH_PAGES=1000 MADOGUCHI_BENCH_CALLS=500 MADOGUCHI_BENCH_PACE_MS=0 cargo bench --bench public_wait
#![allow(clippy::print_stdout)]

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use madoguchi::api::{CallNext, IssueTicket};
use madoguchi::client::HubClient;
use madoguchi::hub::sqlite::SqliteStore;
use madoguchi::hub::store::{Storage, WriteOp};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// What the open pages received.
#[derive(Default)]
struct Pages {
    ready: AtomicUsize,
    refused: AtomicUsize,
    bytes: AtomicU64,
    events: AtomicU64,
}

const MARK: &[u8] = b"event: wait";

/// One phone: opens the stream and reads it until the task is dropped.
async fn page(hub: SocketAddr, source: IpAddr, pages: Arc<Pages>) -> std::io::Result<()> {
    let socket = tokio::net::TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(source, 0))?;
    let mut s = socket.connect(hub).await?;
    s.write_all(b"GET /wait/events HTTP/1.1\r\nHost: hub\r\nAccept: text/event-stream\r\n\r\n")
        .await?;
    let mut buf = vec![0u8; 32 * 1024];
    let mut carry: Vec<u8> = Vec::new();
    let (mut answered, mut first) = (false, true);
    loop {
        let n = s.read(&mut buf).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        pages.bytes.fetch_add(n as u64, Ordering::Relaxed);
        carry.extend_from_slice(&buf[..n]);
        if !answered && carry.len() >= 12 {
            if !carry.starts_with(b"HTTP/1.1 200") {
                pages.refused.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
            answered = true;
        }
        let events = carry.windows(MARK.len()).filter(|w| *w == MARK).count();
        if events > 0 {
            pages.events.fetch_add(events as u64, Ordering::Relaxed);
            if first {
                pages.ready.fetch_add(1, Ordering::Relaxed);
                first = false;
            }
        }
        if !answered {
            continue;
        }
        // Keep a tail that may hold the start of a mark cut by the read.
        let keep = carry.len().min(MARK.len() - 1);
        carry.drain(..carry.len() - keep);
    }
}

/// `calls` call-nexts from one clerk, one every `pace`, each timed.
fn calls(client: &HubClient, calls: usize, pace: Duration) -> Vec<Duration> {
    let mut lat = Vec::with_capacity(calls);
    let start = Instant::now();
    for i in 0..calls {
        if let Some(wait) = (start + pace * i as u32).checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        let t = Instant::now();
        client
            .call_next(
                &CallNext {
                    counter: "1".into(),
                    categories: vec![],
                },
                None,
            )
            .expect("call")
            .expect("a ticket");
        lat.push(t.elapsed());
    }
    lat.sort();
    lat
}

fn main() {
    let pages_n = env("MADOGUCHI_BENCH_PAGES", 500);
    let calls_n = env("MADOGUCHI_BENCH_CALLS", 300);
    // A call every 20 ms: far busier than a ward office, and long enough
    // (6 s) for a dozen snapshots to reach the pages while calls are timed.
    let pace = Duration::from_millis(env("MADOGUCHI_BENCH_PACE_MS", 20) as u64);
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("hub.db");
    // A busy morning: every call of both runs finds somebody waiting, spread
    // over the four categories, and each snapshot lists them all.
    let waiting = 2 * calls_n + 100;
    {
        let store = SqliteStore::open(&db).expect("store");
        madoguchi::demo::seed_users(&store).expect("users");
        let now = chrono::Utc::now();
        let ops = (0..waiting)
            .map(|i| {
                (
                    None,
                    WriteOp::IssueTicket {
                        req: IssueTicket {
                            category: ["A", "B", "C", "D"][i % 4].into(),
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
    let hub = madoguchi::hub::spawn("127.0.0.1:0", &db).expect("hub");
    let client = HubClient::for_counter(&hub.url(), "clerk", "clerk-demo", "1").expect("client");
    client.login().expect("login");
    // The wait feed starts with its first reader: start it before the first run.
    let first = reqwest::blocking::get(format!("{}/wait.json", hub.url()))
        .expect("wait.json")
        .bytes()
        .expect("body");
    println!(
        "{waiting} tickets waiting; a snapshot is {:.1} kB of JSON",
        first.len() as f64 / 1e3
    );

    let quiet = calls(&client, calls_n, pace);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let pages = Arc::new(Pages::default());
    let hub_addr = hub.addr;
    let tasks: Vec<_> = (0..pages_n)
        .map(|i| {
            // 200 pages per loopback address (the hub takes 256 from one).
            let source = IpAddr::V4(Ipv4Addr::new(127, 0, 1, 1 + (i / 200) as u8));
            let pages = pages.clone();
            runtime.spawn(async move {
                // Refused, or closed by the hub.
                if page(hub_addr, source, pages.clone()).await.is_err() {
                    pages.refused.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    let opened = Instant::now();
    while pages.ready.load(Ordering::Relaxed) + pages.refused.load(Ordering::Relaxed) < pages_n
        && opened.elapsed() < Duration::from_secs(60)
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    let ready = pages.ready.load(Ordering::Relaxed);
    println!(
        "{ready} of {pages_n} pages open and read their first snapshot in {:.2} s ({} refused)",
        opened.elapsed().as_secs_f64(),
        pages.refused.load(Ordering::Relaxed)
    );
    let (bytes0, events0) = (
        pages.bytes.load(Ordering::Relaxed),
        pages.events.load(Ordering::Relaxed),
    );
    let t = Instant::now();
    let busy = calls(&client, calls_n, pace);
    let run = t.elapsed();
    // The last snapshot reaches the pages at most 500 ms after the last call.
    std::thread::sleep(Duration::from_millis(1500));
    let (bytes, events) = (
        pages.bytes.load(Ordering::Relaxed) - bytes0,
        pages.events.load(Ordering::Relaxed) - events0,
    );

    println!(
        "call-next latency, {calls_n} calls from one clerk over loopback, one every {} ms:",
        pace.as_millis()
    );
    println!(
        "  {:>22} {:>9} {:>9} {:>9} {:>9}",
        "open /wait/events", "p50", "p90", "p99", "max"
    );
    for (n, lat) in [(0, &quiet), (ready, &busy)] {
        println!(
            "  {n:>22} {:>6.2} ms {:>6.2} ms {:>6.2} ms {:>6.2} ms",
            ms(percentile(lat, 0.5)),
            ms(percentile(lat, 0.9)),
            ms(percentile(lat, 0.99)),
            ms(lat.last().copied().unwrap_or_default())
        );
    }
    println!(
        "  during the {:.2} s run with pages open: {:.1} snapshots per page ({events} events), {:.1} MB to the pages",
        run.as_secs_f64(),
        events as f64 / ready.max(1) as f64,
        bytes as f64 / 1e6
    );
    let p99 = ms(percentile(&busy, 0.99));
    println!(
        "  p99 with {ready} pages open: {p99:.2} ms ({} the 20 ms budget)",
        if p99 <= 20.0 { "within" } else { "OVER" }
    );
    for t in tasks {
        t.abort();
    }
    runtime.shutdown_timeout(Duration::from_secs(1));
}
