//! A login flood against a real hub process: 1,000 concurrent wrong logins
//! (one name, then 1,000 different names), the hub's peak RSS, and how long
//! a right login from another address takes meanwhile.
//!
//!     cargo bench --bench login_flood
#![allow(clippy::print_stdout)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_madoguchi");

fn status_kb(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
        .unwrap_or(0)
}

fn flood(url: &str, n: usize, name: impl Fn(usize) -> String) -> (Vec<u16>, Duration) {
    let start = Instant::now();
    let handles: Vec<_> = (0..n)
        .map(|i| {
            let url = url.to_string();
            let user = name(i);
            std::thread::spawn(move || {
                reqwest::blocking::Client::builder()
                    .timeout(Duration::from_secs(120))
                    .build()
                    .ok()
                    .and_then(|c| {
                        c.post(url)
                            .json(&serde_json::json!({ "user": user, "password": "not-the-password" }))
                            .send()
                            .ok()
                    })
                    .map_or(0, |r| r.status().as_u16())
            })
        })
        .collect();
    // The right login from another address, while the flood is under way.
    std::thread::sleep(Duration::from_millis(300));
    let right = Instant::now();
    let ok = reqwest::blocking::Client::builder()
        .local_address("127.0.0.2".parse::<std::net::IpAddr>().ok())
        .build()
        .ok()
        .and_then(|c| {
            c.post(url)
                .json(&serde_json::json!({ "user": "supervisor", "password": "supervisor-demo" }))
                .send()
                .ok()
        })
        .map_or(0, |r| r.status().as_u16());
    let right = right.elapsed();
    let statuses: Vec<u16> = handles.into_iter().map(|h| h.join().unwrap_or(0)).collect();
    println!(
        "  right login from 127.0.0.2 during the flood: {ok} in {:.0} ms",
        right.as_secs_f64() * 1e3
    );
    (statuses, start.elapsed())
}

fn summary(statuses: &[u16]) -> String {
    let mut counts = std::collections::BTreeMap::new();
    for s in statuses {
        *counts.entry(*s).or_insert(0) += 1;
    }
    counts
        .iter()
        .map(|(s, n)| format!("{n}×{s}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("hub.db");
    let made = Command::new(BIN)
        .args(["demo-data", "--residents", "200", "--db"])
        .arg(&db)
        .output()
        .expect("demo-data");
    assert!(made.status.success());
    let mut hub = Command::new(BIN)
        .args(["hub", "--listen", "127.0.0.1:0", "--db"])
        .arg(&db)
        .stdout(Stdio::piped())
        .spawn()
        .expect("hub");
    let mut line = String::new();
    BufReader::new(hub.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("address");
    let url = format!("{}/api/login", line.trim().rsplit(' ').next().expect("url"));
    let pid = hub.id();
    println!("hub RSS at start: {} MB", status_kb(pid, "VmRSS:") / 1024);
    for (what, by_name) in [("one name (admin)", false), ("1,000 different names", true)] {
        println!("1,000 concurrent wrong logins, {what}:");
        let (statuses, took) = flood(&url, 1000, |i| {
            if by_name {
                format!("guess{i}")
            } else {
                "admin".into()
            }
        });
        println!(
            "  answered in {:.2} s: {}; hub peak RSS {} MB, now {} MB",
            took.as_secs_f64(),
            summary(&statuses),
            status_kb(pid, "VmHWM:") / 1024,
            status_kb(pid, "VmRSS:") / 1024
        );
    }
    let _ = hub.kill();
    let _ = hub.wait();
}
