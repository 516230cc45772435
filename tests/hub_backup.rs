//! `madoguchi hub backup` while counters write to a real hub, then `hub
//! restore` into a fresh database and a new hub on it: every ticket, case,
//! scan and audit entry acknowledged before the backup began is there, and
//! the restored database is whole. Restoring over a database asks for
//! --force and keeps the old one.

#[path = "support/hub.rs"]
mod hub;

use std::collections::BTreeSet;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use madoguchi::client::HubClient;

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(hub::BIN)
        .args(args)
        .output()
        .expect("madoguchi")
}

fn path(p: &std::path::Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

/// `madoguchi hub backup --db DB --out OUT`.
fn backup_cmd(db: &std::path::Path, out: &std::path::Path) -> std::process::Output {
    cli(&["hub", "backup", "--db", path(db), "--out", path(out)])
}

/// `madoguchi hub restore --from FROM --db DB`.
fn restore_cmd(from: &std::path::Path, db: &std::path::Path) -> std::process::Output {
    cli(&["hub", "restore", "--from", path(from), "--db", path(db)])
}

/// A small PNG page, as a scanner would send.
fn page() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(40, 60, image::Rgb([250, 250, 250]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}

/// The seed move-in's case, every procedure confirmed.
fn seed_case() -> madoguchi::api::CaseSubmission {
    let request = hub::seed_request();
    let (texts, catalogs) = madoguchi::load_rules(None).expect("rules");
    let catalog = catalogs.in_effect(request.as_of).expect("catalog");
    let determination = madoguchi::determine(&request, catalog, &texts, "ja");
    madoguchi::api::CaseSubmission {
        id: String::new(),
        ticket_id: None,
        household_id: None,
        counter: "1".into(),
        request,
        confirmed: determination
            .procedures
            .iter()
            .map(|p| p.id.clone())
            .collect(),
        determination,
        forms_printed: vec![],
        timings: Default::default(),
        revision: 0,
    }
}

#[derive(Default)]
struct Acked {
    /// (when acknowledged, ticket id)
    tickets: Vec<(Instant, String)>,
    cases: Vec<(Instant, String)>,
    scans: Vec<(Instant, String)>,
    /// Cases read by the back office (each read is audited).
    reads: Vec<(Instant, String)>,
}

#[test]
fn a_backup_under_load_restores_with_nothing_lost() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = hub::demo_db(dir.path(), 200);
    let hub = hub::HubProcess::start(&db, "127.0.0.1:0");
    let acked = Arc::new(Mutex::new(Acked::default()));
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..3)
        .map(|w| {
            let (url, acked, stop) = (hub.url.clone(), acked.clone(), stop.clone());
            let seed = seed_case();
            std::thread::spawn(move || {
                let counter = (w + 1).to_string();
                let clerk =
                    HubClient::for_counter(&url, "clerk", "clerk-demo", &counter).expect("clerk");
                let bo = HubClient::new(&url, "backoffice", "backoffice-demo").expect("bo");
                let png = page();
                let mut k = 0;
                while !stop.load(Ordering::Relaxed) {
                    k += 1;
                    let t = clerk.issue(&hub::walk_in("B"), None).expect("issue");
                    acked
                        .lock()
                        .expect("lock")
                        .tickets
                        .push((Instant::now(), t.id));
                    if k % 4 == 0 {
                        let id = format!("bk-{w}-{k}");
                        let mut case = seed.clone();
                        case.id = id.clone();
                        case.counter = counter.clone();
                        clerk.submit_case(&case).expect("case");
                        acked
                            .lock()
                            .expect("lock")
                            .cases
                            .push((Instant::now(), id.clone()));
                        let scan = clerk
                            .add_page(&id, &Default::default(), "image/png", png.clone())
                            .expect("scan");
                        acked
                            .lock()
                            .expect("lock")
                            .scans
                            .push((Instant::now(), scan.id));
                        bo.case_view(&id).expect("read");
                        acked
                            .lock()
                            .expect("lock")
                            .reads
                            .push((Instant::now(), id.clone()));
                    }
                }
            })
        })
        .collect();
    // Let the load build, then back up while it goes on.
    std::thread::sleep(Duration::from_millis(1500));
    let backup = dir.path().join("backup.db");
    let began = Instant::now();
    let out = backup_cmd(&db, &backup);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    std::thread::sleep(Duration::from_millis(700));
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.join().expect("writer");
    }
    let acked = acked.lock().expect("lock");
    let before = |v: &[(Instant, String)]| -> BTreeSet<String> {
        v.iter()
            .filter(|(at, _)| *at < began)
            .map(|(_, id)| id.clone())
            .collect()
    };
    let (tickets, cases, scans) = (
        before(&acked.tickets),
        before(&acked.cases),
        before(&acked.scans),
    );
    assert!(
        tickets.len() > 20 && !cases.is_empty() && !scans.is_empty(),
        "a load: {} tickets",
        tickets.len()
    );
    assert!(
        acked.tickets.len() > tickets.len(),
        "writes went on during the backup: {said}"
    );
    let reads = before(&acked.reads);

    // A backup never overwrites.
    let again = backup_cmd(&db, &backup);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));

    let fresh = dir.path().join("fresh.db");
    let out = restore_cmd(&backup, &fresh);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let restored = hub::HubProcess::start(&fresh, "127.0.0.1:0");
    let sup = HubClient::new(&restored.url, "supervisor", "supervisor-demo").expect("sup");
    let queue: BTreeSet<String> = sup
        .queue()
        .expect("queue")
        .tickets
        .into_iter()
        .map(|t| t.id)
        .collect();
    let missing: Vec<&String> = tickets.difference(&queue).collect();
    assert!(
        missing.is_empty(),
        "{} tickets lost: {missing:?}",
        missing.len()
    );
    let inbox: BTreeSet<String> = sup
        .inbox(None)
        .expect("inbox")
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert!(cases.is_subset(&inbox), "cases lost");
    let scan_ids: BTreeSet<String> = hub::rows(&fresh, "SELECT id FROM scans")
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    assert!(scans.is_subset(&scan_ids), "scans lost");
    // Every scan's bytes came through.
    let sizes = hub::rows(
        &fresh,
        "SELECT count(*) FROM scans WHERE length(data) = bytes",
    );
    assert_eq!(sizes[0][0], scan_ids.len().to_string());
    // Every audited read before the backup is in the restored audit log.
    let audited: BTreeSet<String> = hub::rows(
        &fresh,
        "SELECT case_id FROM audit WHERE case_id IS NOT NULL",
    )
    .into_iter()
    .map(|r| r[0].clone())
    .collect();
    assert!(
        !reads.is_empty() && reads.is_subset(&audited),
        "audit entries lost"
    );
    assert_eq!(
        hub::rows(&fresh, "PRAGMA integrity_check")[0][0],
        "ok",
        "the restored database is whole"
    );
    // The backup's own count of tickets is what the restored hub serves.
    assert!(
        said.contains(&format!(
            "{} tickets",
            hub::rows(&fresh, "SELECT count(*) FROM tickets")[0][0]
        )),
        "{said}"
    );

    // Restoring over a database needs --force and keeps the old one.
    let over = restore_cmd(&backup, &fresh);
    assert!(!over.status.success());
    assert!(String::from_utf8_lossy(&over.stderr).contains("--force"));
    // A damaged backup is refused before anything moves.
    let broken = dir.path().join("broken.db");
    let mut bytes = std::fs::read(&backup).expect("read");
    let n = bytes.len();
    bytes.truncate(n / 2);
    std::fs::write(&broken, bytes).expect("write");
    let bad = restore_cmd(&broken, &dir.path().join("x.db"));
    assert!(!bad.status.success());
    assert!(!dir.path().join("x.db").exists());
}
