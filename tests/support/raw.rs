//! Raw HTTP helpers for the hub's attack and session tests: a hub over a demo
//! registry with a second clerk, logins with a counter, requests as sent.
#![allow(dead_code)]

use std::process::Command;

use reqwest::blocking::Client;
use serde_json::{json, Value};

use super::hub::{demo_db, HubProcess, BIN};

pub fn start() -> (tempfile::TempDir, HubProcess) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    add_user(&db, "clerk2", "clerk", "clerk2-demo");
    let hub = HubProcess::start(&db, "127.0.0.1:0");
    (dir, hub)
}

pub fn add_user(db: &std::path::Path, name: &str, role: &str, password: &str) {
    let out = Command::new(BIN)
        .args([
            "user",
            "--db",
            &super::hub::db_arg(db),
            "--name",
            name,
            "--role",
            role,
        ])
        .args(["--password", password])
        .output()
        .expect("madoguchi user");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

pub fn login_as(
    hub: &HubProcess,
    user: &str,
    password: &str,
    counter: Option<&str>,
) -> (u16, Value) {
    call(
        "POST",
        &format!("{}/api/login", hub.url),
        None,
        Some(json!({ "user": user, "password": password, "counter": counter })),
        &[],
    )
}

pub fn token(hub: &HubProcess, user: &str, counter: Option<&str>) -> String {
    let (status, v) = login_as(hub, user, &format!("{user}-demo"), counter);
    assert_eq!(status, 200, "{v}");
    v["token"].as_str().expect("token").to_string()
}

pub fn call(
    method: &str,
    url: &str,
    token: Option<&str>,
    body: Option<Value>,
    headers: &[(&str, &str)],
) -> (u16, Value) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut req = Client::new().request(method, url);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().expect("request");
    let status = resp.status().as_u16();
    let text = resp.text().unwrap_or_default();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

pub fn ticket_json(category: &str) -> Value {
    json!({ "category": category })
}

/// The peak resident memory of a process (VmHWM), in kB.
pub fn peak_rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .expect("status")
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
        .expect("VmHWM")
}
