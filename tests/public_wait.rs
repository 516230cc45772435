//! The public wait page (`/wait`) over a real hub process on loopback: the
//! snapshot and its live stream against what the test did at the counters,
//! no resident data anywhere in it, the page itself in a real headless
//! browser (Debian `chromium`), and the receipt's QR code that leads to it.

#[path = "support/browser.rs"]
mod browser;
#[path = "support/hub.rs"]
mod hub;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use browser::Browser;
use hub::{demo_db, HubProcess};
use madoguchi::api::{CallNext, IssueTicket, Ticket};
use madoguchi::client::HubClient;
use madoguchi::public_wait::PublicWait;
use reqwest::blocking::Client;
use serde_json::{json, Value};

fn start() -> (tempfile::TempDir, HubProcess) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 200);
    let hub = HubProcess::start(&db, "127.0.0.1:0");
    (dir, hub)
}

/// A clerk's session at `counter` (a session calls for one counter only).
fn clerk(hub: &HubProcess, counter: &str) -> HubClient {
    HubClient::for_counter(&hub.url, "clerk", "clerk-demo", counter).expect("clerk")
}

fn issue(c: &HubClient, category: &str) -> Ticket {
    c.issue(
        &IssueTicket {
            category: category.into(),
            priority: false,
            id: None,
            number: None,
            created_at: None,
        },
        None,
    )
    .expect("issue")
}

fn call(c: &HubClient, counter: &str, category: &str) -> Ticket {
    c.call_next(
        &CallNext {
            counter: counter.into(),
            categories: vec![category.into()],
        },
        None,
    )
    .expect("call")
    .expect("somebody waits")
}

/// What the counters did: four tickets of A and three of B; counter 3 called
/// the first A, then counter 5 the first B.
struct Morning {
    a: Vec<Ticket>,
    b: Vec<Ticket>,
    /// The clerk at counter 3.
    c3: HubClient,
}

fn morning(hub: &HubProcess) -> Morning {
    let (c3, c5) = (clerk(hub, "3"), clerk(hub, "5"));
    let a: Vec<Ticket> = (0..4).map(|_| issue(&c3, "A")).collect();
    let b: Vec<Ticket> = (0..3).map(|_| issue(&c5, "B")).collect();
    assert_eq!(call(&c3, "3", "A").number, a[0].number);
    assert_eq!(call(&c5, "5", "B").number, b[0].number);
    Morning { a, b, c3 }
}

/// A GET without any login: status, headers, body.
fn get(url: &str) -> (u16, reqwest::header::HeaderMap, String) {
    let r = Client::new().get(url).send().expect("get");
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    (status, headers, r.text().expect("body"))
}

fn header<'a>(h: &'a reqwest::header::HeaderMap, name: &str) -> &'a str {
    h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

fn snapshot(hub: &HubProcess) -> PublicWait {
    let (status, h, body) = get(&format!("{}/wait.json", hub.url));
    assert_eq!(status, 200, "{body}");
    assert!(header(&h, "content-type").starts_with("application/json"));
    assert_eq!(header(&h, "cache-control"), "no-store");
    serde_json::from_str(&body).expect("PublicWait")
}

/// The `/wait/events` stream, read on a thread: each event as (name, data).
fn events(hub: &HubProcess) -> (reqwest::header::HeaderMap, mpsc::Receiver<(String, String)>) {
    let response = Client::builder()
        .timeout(None::<Duration>)
        .build()
        .expect("client")
        .get(format!("{}/wait/events", hub.url))
        .send()
        .expect("events");
    assert_eq!(response.status().as_u16(), 200);
    let headers = response.headers().clone();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let (mut name, mut data) = (String::new(), String::new());
        for line in BufReader::new(response).lines() {
            let Ok(line) = line else { return };
            if line.is_empty() {
                if !data.is_empty()
                    && tx
                        .send((std::mem::take(&mut name), std::mem::take(&mut data)))
                        .is_err()
                {
                    return;
                }
                name.clear();
            } else if let Some(v) = line.strip_prefix("event:") {
                name = v.trim().to_string();
            } else if let Some(v) = line.strip_prefix("data:") {
                data.push_str(v.strip_prefix(' ').unwrap_or(v));
            }
        }
    });
    (headers, rx)
}

fn next_wait(rx: &mpsc::Receiver<(String, String)>, within: Duration) -> PublicWait {
    let (name, data) = rx.recv_timeout(within).expect("a wait event in time");
    assert_eq!(name, "wait");
    serde_json::from_str(&data).expect("PublicWait")
}

fn places(w: &PublicWait) -> Vec<(String, u32)> {
    w.waiting
        .iter()
        .map(|t| (t.number.clone(), t.position))
        .collect()
}

fn counts(w: &PublicWait) -> Vec<(String, u32)> {
    w.categories
        .iter()
        .map(|c| (c.code.clone(), c.waiting))
        .collect()
}

fn expected_places(m: &Morning) -> Vec<(String, u32)> {
    let mut v: Vec<(String, u32)> = m.a[1..]
        .iter()
        .zip(1..)
        .map(|(t, p)| (t.number.clone(), p))
        .collect();
    v.extend(m.b[1..].iter().zip(1..).map(|(t, p)| (t.number.clone(), p)));
    v
}

#[test]
fn snapshot_and_stream_follow_the_counters() {
    let (_dir, hub) = start();
    let m = morning(&hub);
    let c = &m.c3;

    let w = snapshot(&hub);
    assert_eq!(
        counts(&w),
        [("A", 3), ("B", 2), ("C", 0), ("D", 0)].map(|(c, n)| (c.to_string(), n))
    );
    let called: Vec<(&str, &str)> = w
        .called
        .iter()
        .map(|c| (c.number.as_str(), c.counter.as_str()))
        .collect();
    assert_eq!(
        called,
        vec![(m.b[0].number.as_str(), "5"), (m.a[0].number.as_str(), "3")]
    );
    assert_eq!(places(&w), expected_places(&m));
    // Estimates grow along a line, and a ticket taken now waits longest.
    for code in ["A", "B"] {
        let line: Vec<u32> = w
            .waiting
            .iter()
            .filter(|t| t.category == code)
            .map(|t| t.estimate_min)
            .collect();
        assert!(line.windows(2).all(|p| p[0] <= p[1]), "{code}: {line:?}");
        let new = w.categories.iter().find(|c| c.code == code).expect("cat");
        assert!(new.estimate_min >= *line.last().expect("line"), "{w:?}");
        assert!(new.estimate_min > 0, "{w:?}");
    }
    // The same as the pure function over the clerk's view of the queue.
    let view = c.queue().expect("queue");
    assert_eq!(madoguchi::public_wait::snapshot(&view, w.updated_at), w);

    // The stream starts with the same snapshot, without any login.
    let (headers, rx) = events(&hub);
    assert!(header(&headers, "content-type").starts_with("text/event-stream"));
    assert_eq!(header(&headers, "cache-control"), "no-store");
    let first = next_wait(&rx, Duration::from_secs(5));
    assert_eq!(places(&first), places(&w));
    assert_eq!(first.called, w.called);

    // Counter 3 calls the next A: the stream says so within 2 s.
    let called_at = Instant::now();
    let second = call(c, "3", "A");
    assert_eq!(second.number, m.a[1].number);
    let next = next_wait(&rx, Duration::from_secs(2));
    assert!(called_at.elapsed() < Duration::from_secs(2));
    assert_eq!(next.called[0].number, m.a[1].number);
    assert_eq!(next.called[0].counter, "3");
    assert_eq!(next.categories[0].waiting, 2, "{:?}", next.categories);
    let a_line: Vec<(String, u32)> = places(&next)
        .into_iter()
        .filter(|(n, _)| n.starts_with('A'))
        .collect();
    assert_eq!(
        a_line,
        vec![(m.a[2].number.clone(), 1), (m.a[3].number.clone(), 2)]
    );
    assert_eq!(snapshot(&hub).called, next.called);

    // A burst of ten changes makes a snapshot per 500 ms at most, not ten.
    let burst = Instant::now();
    for _ in 0..10 {
        issue(c, "C");
    }
    let allowed = 2 + burst.elapsed().as_millis() / 500;
    let mut seen = 0;
    let deadline = Instant::now() + Duration::from_secs(3);
    let mut latest = None;
    while let Ok((_, data)) = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        seen += 1;
        latest = Some(data);
    }
    assert!(
        (1..=allowed).contains(&seen),
        "{seen} snapshots for a burst (at most {allowed})"
    );
    let latest: PublicWait = serde_json::from_str(&latest.expect("event")).expect("json");
    assert_eq!(latest.categories[2].waiting, 10);
}

/// The hub's open sockets (Linux: its file descriptors that are sockets).
fn sockets(hub: &HubProcess) -> usize {
    std::fs::read_dir(format!("/proc/{}/fd", hub.child.id()))
        .map(|dir| {
            dir.filter_map(Result::ok)
                .filter(|e| {
                    std::fs::read_link(e.path())
                        .is_ok_and(|l| l.to_string_lossy().starts_with("socket:"))
                })
                .count()
        })
        .unwrap_or(0)
}

/// Pages that go away (their connections closed) end their streams: the
/// hub closes their sockets by the next keep-alive at the latest.
#[test]
fn streams_end_when_pages_go_away() {
    let (_dir, hub) = start();
    snapshot(&hub);
    std::thread::sleep(Duration::from_millis(300));
    let before = sockets(&hub);
    let addr = hub.url.trim_start_matches("http://").to_string();
    let pages: Vec<std::net::TcpStream> = (0..20)
        .map(|_| {
            let mut s = std::net::TcpStream::connect(&addr).expect("connect");
            s.set_read_timeout(Some(Duration::from_secs(10)))
                .expect("timeout");
            std::io::Write::write_all(&mut s, b"GET /wait/events HTTP/1.1\r\nHost: hub\r\n\r\n")
                .expect("request");
            let mut seen = Vec::new();
            let mut buf = [0u8; 4096];
            while !String::from_utf8_lossy(&seen).contains("event: wait") {
                let n = std::io::Read::read(&mut s, &mut buf).expect("read");
                assert!(n > 0, "closed: {}", String::from_utf8_lossy(&seen));
                seen.extend_from_slice(&buf[..n]);
            }
            assert!(seen.starts_with(b"HTTP/1.1 200"));
            s
        })
        .collect();
    assert!(sockets(&hub) >= before + 20, "{} open", sockets(&hub));
    drop(pages);
    let gone = Instant::now();
    assert!(
        hub::wait_until(Duration::from_secs(20), || sockets(&hub) <= before),
        "{} sockets still open ({before} before the pages)",
        sockets(&hub)
    );
    eprintln!(
        "20 closed pages: the hub let go of their sockets in {:.1} s",
        gone.elapsed().as_secs_f64()
    );
    // The hub still serves pages.
    let (_, rx) = events(&hub);
    next_wait(&rx, Duration::from_secs(5));
}

#[test]
fn page_and_headers() {
    let (_dir, hub) = start();
    let (status, h, html) = get(&format!("{}/wait?n=A-001&lang=en", hub.url));
    assert_eq!(status, 200);
    assert!(header(&h, "content-type").starts_with("text/html"));
    assert_eq!(header(&h, "cache-control"), "no-store");
    let csp = header(&h, "content-security-policy");
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe"), "{csp}");
    assert!(html.contains("/wait.js") && html.contains("/wait.css"));
    for (path, kind) in [("/wait.js", "text/javascript"), ("/wait.css", "text/css")] {
        let (status, h, body) = get(&format!("{}{path}", hub.url));
        assert_eq!(status, 200, "{path}");
        assert!(header(&h, "content-type").starts_with(kind), "{path}");
        assert!(!body.is_empty());
    }
    // The new paths are in the OpenAPI document the fuzzer reads.
    let (_, _, doc) = get(&format!("{}/openapi.json", hub.url));
    let doc: Value = serde_json::from_str(&doc).expect("openapi");
    for path in [
        "/wait",
        "/wait.js",
        "/wait.css",
        "/wait.json",
        "/wait/events",
    ] {
        assert!(doc["paths"][path]["get"].is_object(), "{path} documented");
    }
}

/// Every resident's name and reading, household id and address in the
/// hub's registry, and the parts of the names.
fn registry_words(db: &Path) -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    for row in hub::hub_rows(
        db,
        "SELECT household_id, member_id, name, kana, address FROM residents
         UNION ALL SELECT id, '', '', '', address FROM households",
    ) {
        for value in row {
            for part in value.split([' ', '\u{3000}']) {
                // One character (一, タ) is no name: it would match any text.
                if part.chars().count() >= 2 {
                    words.insert(part.to_string());
                }
            }
            if value.chars().count() >= 2 {
                words.insert(value);
            }
        }
    }
    words
}

#[test]
fn no_resident_data_anywhere() {
    let (dir, hub) = start();
    let words = registry_words(&dir.path().join("hub.db"));
    assert!(words.len() > 400, "{} words", words.len());
    assert!(
        words.iter().any(|w| w.contains("門司")),
        "the seed family is there"
    );
    let m = morning(&hub);
    let c = &m.c3;
    // A clerk reads the seed family for the ticket being served: the audit
    // log has it, the public page must not.
    let served = m.a[0].number.clone();
    c.search(&madoguchi::api::ResidentQuery {
        kana: Some("モジ".into()),
        ticket: Some(served),
        ..Default::default()
    })
    .expect("search");
    let (_, rx) = events(&hub);
    let (_, first) = rx.recv_timeout(Duration::from_secs(5)).expect("event");
    let mut texts = vec![("stream".to_string(), first)];
    for path in ["/wait?n=A-002", "/wait.js", "/wait.css", "/wait.json"] {
        let (status, _, body) = get(&format!("{}{path}", hub.url));
        assert_eq!(status, 200, "{path}");
        texts.push((path.to_string(), body));
    }
    for (what, text) in &texts {
        for w in &words {
            assert!(!text.contains(w.as_str()), "{what} contains {w:?}");
        }
    }
    // The snapshot's fields are numbers, counts, categories and counters: nothing else.
    let json: Value = serde_json::from_str(&texts[4].1).expect("json");
    let keys = |v: &Value| -> Vec<String> {
        let mut k: Vec<String> = v
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        k.sort();
        k
    };
    assert_eq!(
        keys(&json),
        ["called", "categories", "day", "updated_at", "waiting"]
    );
    assert_eq!(
        keys(&json["categories"][0]),
        ["code", "estimate_min", "name", "waiting"]
    );
    assert_eq!(keys(&json["called"][0]), ["counter", "number"]);
    assert_eq!(
        keys(&json["waiting"][0]),
        ["category", "estimate_min", "number", "position"]
    );
}

/// The page in a real browser at phone size: it renders the snapshot it
/// gets over the stream, follows a call live, switches language by its
/// link, and is photographed in both languages.
#[test]
fn the_page_in_a_headless_browser() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let (dir, hub) = start();
    let m = morning(&hub);
    let mine = m.a[2].number.clone(); // second in line, behind a[1]
    assert_eq!(mine, "A-003", "the hub numbers A-001, A-002, …");
    let mut b = Browser::phone(&chromium, &dir.path().join("chromium"), 390, 844, 2.0);
    let within = Duration::from_secs(15);
    let shown = "document.getElementById('state').textContent.includes";

    // Japanese by default; a number typed by hand (`a3`) is read as A-003.
    b.navigate(&format!("{}/wait?n=a3", hub.url));
    assert!(
        b.wait_for(&format!("{shown}('更新')"), within),
        "no snapshot shown"
    );
    assert_eq!(b.text("my-number"), mine);
    assert_eq!(b.text("my-status"), "2 番目（前に 1 人）");
    assert!(b.text("my-estimate").starts_with("お呼びするまで 約"));
    let categories = b.text("categories");
    for expected in [
        "A 転入・転出 3 人",
        "B 証明書 2 人",
        "C 国保・年金 0 人",
        "D 子育て・福祉 0 人",
    ] {
        assert!(categories.contains(expected), "{expected} in {categories}");
    }
    assert_eq!(
        b.text("called"),
        format!("{} 5 番窓口 {} 3 番窓口", m.b[0].number, m.a[0].number)
    );
    assert_eq!(b.eval("document.documentElement.lang"), Ok(json!("ja")));
    // The page fits the phone: nothing wider than the screen.
    assert_eq!(
        b.eval("document.documentElement.scrollWidth <= window.innerWidth"),
        Ok(json!(true)),
        "the page scrolls sideways at 390 px"
    );
    let shots = std::env::var_os("MADOGUCHI_SCREENS").map(PathBuf::from);
    screenshot(&mut b, dir.path(), shots.as_deref(), "ja");

    // Counter 3 calls A-002: the open page moves A-003 up without a reload.
    call(&m.c3, "3", "A");
    assert!(
        b.wait_for(
            "document.getElementById('my-status').textContent === '次にお呼びします'",
            Duration::from_secs(3)
        ),
        "the page did not follow the call: {}",
        b.text("my-status")
    );
    assert!(b
        .text("called")
        .starts_with(&format!("{} 3 番窓口", m.a[1].number)));

    // The language link keeps the number.
    b.eval("document.getElementById('lang').click()")
        .expect("click");
    assert!(
        b.wait_for(
            &format!("location.search.includes('lang=en') && {shown}('Updated')"),
            within
        ),
        "no English page"
    );
    assert_eq!(b.eval("document.documentElement.lang"), Ok(json!("en")));
    assert_eq!(b.text("my-number"), mine);
    assert_eq!(b.text("my-status"), "You are next");
    assert!(b.text("categories").contains("A Moving in / out 2 waiting"));
    assert!(b.text("called").contains("Counter 3"));
    assert_eq!(b.text("lang"), "日本語");

    // A called number is sent to its counter; an unknown one is told so.
    b.navigate(&format!("{}/wait?n={}", hub.url, m.a[0].number));
    assert!(b.wait_for(&format!("{shown}('更新')"), within));
    assert_eq!(b.text("my-status"), "お呼びしています");
    assert_eq!(b.text("my-estimate"), "3 番窓口へお越しください");
    b.navigate(&format!("{}/wait?n=Z-999", hub.url));
    assert!(b.wait_for(&format!("{shown}('更新')"), within));
    assert_eq!(b.text("my-status"), "本日の待ち列にこの番号はありません");
    // Without a number: a box to type it in.
    b.navigate(&format!("{}/wait", hub.url));
    assert!(b.wait_for(&format!("{shown}('更新')"), within));
    assert_eq!(
        b.eval("[document.getElementById('mine').hidden, document.getElementById('ask').hidden]"),
        Ok(json!([true, false]))
    );

    // The English screenshot at the first state, as the Japanese one.
    let (_dir2, hub2) = start();
    morning(&hub2);
    b.navigate(&format!("{}/wait?n={mine}&lang=en", hub2.url));
    assert!(b.wait_for(&format!("{shown}('Updated')"), within));
    assert_eq!(b.text("my-status"), "Position 2 (1 ahead of you)");
    screenshot(&mut b, dir.path(), shots.as_deref(), "en");
}

/// Save the page's screenshot (phone size, 2× pixels) and check it is the
/// page: the blue header and dark text. `MADOGUCHI_SCREENS=docs/screens`
/// keeps a copy.
fn screenshot(b: &mut Browser, dir: &Path, copy_to: Option<&Path>, lang: &str) {
    let png = dir.join(format!("public-wait-{lang}.png"));
    std::fs::write(&png, b.screenshot()).expect("write screenshot");
    let img = image::open(&png).expect("screenshot").to_rgb8();
    assert_eq!(img.dimensions(), (780, 1688), "{lang}");
    let blue = img.pixels().filter(|p| p.0 == [0x00, 0x17, 0xc1]).count();
    let dark = img.pixels().filter(|p| p.0.iter().all(|&c| c < 60)).count();
    assert!(
        blue > 780 * 80 && dark > 5000,
        "{lang}: blue {blue}, dark {dark}"
    );
    if let Some(out) = copy_to {
        std::fs::copy(&png, out.join(png.file_name().expect("name"))).expect("copy screenshot");
    }
}
