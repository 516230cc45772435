//! A real headless browser (Debian `chromium`) driven over the DevTools
//! protocol on a pipe (`--remote-debugging-pipe`: JSON messages ending in NUL
//! on the browser's fds 3 and 4), so a test waits for what the page shows
//! instead of guessing how long it takes. No WebDriver, no extra crates.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The browser on this machine, if any; under CI (env `CI`) there must be one.
pub fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs: Vec<PathBuf> = std::env::split_paths(&path).collect();
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| dirs.iter().map(move |dir| dir.join(name)))
        .find(|p| p.is_file());
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs chromium for the browser tests (apt-get install chromium)"
        );
        eprintln!("note: no chromium on this machine: the browser test is skipped");
    }
    found
}

pub struct Browser {
    child: Child,
    to: ChildStdin,
    from: mpsc::Receiver<Value>,
    next_id: u64,
    session: String,
}

/// How long one protocol command may take.
const ANSWER: Duration = Duration::from_secs(60);

impl Browser {
    /// Headless chromium with one page at phone size: `width` × `height` CSS
    /// pixels, `scale` device pixels per CSS pixel, touch and mobile viewport.
    pub fn phone(chromium: &Path, profile: &Path, width: u32, height: u32, scale: f64) -> Browser {
        // The shell hands our pipes to the browser as fds 3 (commands) and 4 (answers).
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(
                "exec \"$0\" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
                 --hide-scrollbars --no-first-run --no-default-browser-check --mute-audio \
                 --user-data-dir=\"$1\" --remote-debugging-pipe about:blank \
                 3<&0 4>&1 </dev/null >/dev/null 2>/dev/null",
            )
            .arg(chromium)
            .arg(profile)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromium starts");
        let to = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, from) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut message = Vec::new();
            while let Ok(n) = reader.read_until(0, &mut message) {
                if n == 0 {
                    return;
                }
                if message.last() == Some(&0) {
                    message.pop();
                }
                if let Ok(v) = serde_json::from_slice::<Value>(&message) {
                    if tx.send(v).is_err() {
                        return;
                    }
                }
                message.clear();
            }
        });
        let mut b = Browser {
            child,
            to,
            from,
            next_id: 0,
            session: String::new(),
        };
        let targets = b.command("Target.getTargets", json!({}));
        let page = targets["targetInfos"]
            .as_array()
            .and_then(|t| t.iter().find(|t| t["type"] == "page"))
            .and_then(|t| t["targetId"].as_str())
            .expect("a page")
            .to_string();
        let attached = b.command(
            "Target.attachToTarget",
            json!({ "targetId": page, "flatten": true }),
        );
        b.session = attached["sessionId"].as_str().expect("session").to_string();
        b.command(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": scale, "mobile": true }),
        );
        b
    }

    fn send(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if !self.session.is_empty() {
            message["sessionId"] = json!(self.session);
        }
        let mut bytes = serde_json::to_vec(&message).expect("json");
        bytes.push(0);
        self.to.write_all(&bytes).map_err(|e| e.to_string())?;
        self.to.flush().map_err(|e| e.to_string())?;
        let deadline = Instant::now() + ANSWER;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let v = self
                .from
                .recv_timeout(left)
                .map_err(|_| format!("{method}: no answer from the browser"))?;
            if v["id"] == json!(id) {
                return match v.get("error") {
                    Some(e) => Err(format!("{method}: {e}")),
                    None => Ok(v["result"].clone()),
                };
            }
        }
    }

    /// A command that must succeed.
    pub fn command(&mut self, method: &str, params: Value) -> Value {
        self.send(method, params).unwrap_or_else(|e| panic!("{e}"))
    }

    pub fn navigate(&mut self, url: &str) {
        self.command("Page.navigate", json!({ "url": url }));
    }

    /// A JavaScript expression's value (promises awaited); Err while the page
    /// is being replaced or when the expression throws.
    pub fn eval(&mut self, expression: &str) -> Result<Value, String> {
        let r = self.send(
            "Runtime.evaluate",
            json!({ "expression": expression, "awaitPromise": true, "returnByValue": true }),
        )?;
        if let Some(e) = r.get("exceptionDetails") {
            return Err(e.to_string());
        }
        Ok(r["result"]["value"].clone())
    }

    /// Wait until `condition` (JavaScript) holds on the current page.
    pub fn wait_for(&mut self, condition: &str, within: Duration) -> bool {
        let deadline = Instant::now() + within;
        let check = format!(
            "(() => {{ try {{ return Boolean({condition}); }} catch (e) {{ return false; }} }})()"
        );
        while Instant::now() < deadline {
            if self.eval(&check) == Ok(Value::Bool(true)) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }

    /// The text of the element with `id`: its text pieces, trimmed, joined
    /// by single spaces ("" when there is no such element).
    pub fn text(&mut self, id: &str) -> String {
        let js = format!(
            "(() => {{ const e = document.getElementById({id:?}); if (!e) return ''; \
             const w = document.createTreeWalker(e, NodeFilter.SHOW_TEXT); const out = []; \
             while (w.nextNode()) {{ const t = w.currentNode.textContent.trim(); if (t) out.push(t); }} \
             return out.join(' '); }})()"
        );
        self.eval(&js)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// A screenshot of the viewport as PNG bytes.
    pub fn screenshot(&mut self) -> Vec<u8> {
        let r = self.command("Page.captureScreenshot", json!({ "format": "png" }));
        base64(r["data"].as_str().expect("png data"))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Standard base64 (the protocol's screenshots).
fn base64(s: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(value) {
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}
