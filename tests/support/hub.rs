//! Real hub processes on loopback for the tests.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_madoguchi");

/// A `madoguchi hub` process; killed (SIGKILL) when dropped.
pub struct HubProcess {
    pub child: Child,
    pub url: String,
    pub db: PathBuf,
}

impl HubProcess {
    /// Start a hub on `listen` (port 0: any free port) and wait until it listens.
    pub fn start(db: &Path, listen: &str) -> HubProcess {
        let mut child = Command::new(BIN)
            .args([
                "hub",
                "--listen",
                listen,
                "--db",
                db.to_str().expect("path"),
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start hub");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("hub prints its address");
        let url = line.trim().rsplit(' ').next().expect("url").to_string();
        assert!(url.starts_with("http://127.0.0.1:"), "{line}");
        HubProcess {
            child,
            url,
            db: db.to_path_buf(),
        }
    }

    /// Start a hub with more arguments (`--tls-cert …`); its URL may be
    /// `https://`. Waits until it listens.
    pub fn start_with_args(db: &Path, listen: &str, extra: &[&str]) -> HubProcess {
        let mut child = Command::new(BIN)
            .args([
                "hub",
                "--listen",
                listen,
                "--db",
                db.to_str().expect("path"),
            ])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start hub");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("hub prints its address");
        let url = line.trim().rsplit(' ').next().expect("url").to_string();
        assert!(
            url.starts_with("http://127.0.0.1:") || url.starts_with("https://127.0.0.1:"),
            "{line}"
        );
        HubProcess {
            child,
            url,
            db: db.to_path_buf(),
        }
    }

    pub fn port(&self) -> u16 {
        self.url
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("port")
    }

    /// SIGKILL, as a power cut would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for HubProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A hub database with `residents` synthetic residents and the demo users.
pub fn demo_db(dir: &Path, residents: usize) -> PathBuf {
    let db = dir.join("hub.db");
    let out = Command::new(BIN)
        .args([
            "demo-data",
            "--residents",
            &residents.to_string(),
            "--db",
            db.to_str().expect("path"),
        ])
        .output()
        .expect("demo-data");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    db
}

pub fn wait_until(timeout: Duration, mut f: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// Rows of a query on a SQLite file, each as strings.
pub fn rows(db: &Path, sql: &str) -> Vec<Vec<String>> {
    let c = rusqlite::Connection::open(db).expect("open db");
    let mut stmt = c.prepare(sql).expect("prepare");
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        (0..n)
            .map(|i| {
                r.get::<_, rusqlite::types::Value>(i).map(|v| match v {
                    rusqlite::types::Value::Null => String::new(),
                    rusqlite::types::Value::Integer(i) => i.to_string(),
                    rusqlite::types::Value::Real(f) => f.to_string(),
                    rusqlite::types::Value::Text(t) => t,
                    rusqlite::types::Value::Blob(b) => format!("{} bytes", b.len()),
                })
            })
            .collect::<Result<Vec<_>, _>>()
    })
    .expect("query")
    .collect::<Result<Vec<_>, _>>()
    .expect("rows")
}

/// The seed move-in request (tests/fixtures/seed-move-in-address.json).
pub fn seed_request() -> madoguchi::model::Request {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/seed-move-in-address.json"
    ))
    .expect("fixture");
    madoguchi::input::parse_request(&text)
        .expect("request")
        .request
}

/// The seed move-in household, imported into a hub database's registry as H-SEED.
pub fn seed_household(hub_db: &Path) -> madoguchi::api::HouseholdRecord {
    let record = madoguchi::demo::seed_household().expect("seed household");
    assert_eq!(record.household, seed_request().household);
    let store = madoguchi::hub::sqlite::SqliteStore::open(hub_db).expect("store");
    madoguchi::hub::store::Storage::write(
        &store,
        None,
        madoguchi::hub::store::WriteOp::ImportHouseholds(vec![record.clone()]),
    )
    .expect("import");
    record
}

/// A walk-in ticket of a category, numbered by the hub.
pub fn walk_in(category: &str) -> madoguchi::api::IssueTicket {
    madoguchi::api::IssueTicket {
        category: category.into(),
        priority: false,
        id: None,
        number: None,
        created_at: None,
    }
}

/// The back office's view of case `id`, once the counter's outbox delivered it (20 s at most).
pub fn wait_for_case(url: &str, id: &str) -> madoguchi::api::CaseSummary {
    let back_office = madoguchi::client::HubClient::new(url, "backoffice", "backoffice-demo")
        .expect("back-office client");
    let mut case = None;
    wait_until(Duration::from_secs(20), || {
        case = back_office
            .inbox(None)
            .ok()
            .and_then(|i| i.into_iter().find(|c| c.id == id));
        case.is_some()
    });
    case.unwrap_or_else(|| panic!("case {id} did not reach the hub"))
}

/// Submit the seed move-in's case (every procedure confirmed), as a counter hands it over.
pub fn submit_seed_case(
    clerk: &madoguchi::client::HubClient,
    id: &str,
    ticket_id: Option<&str>,
) -> madoguchi::api::CaseSummary {
    let request = seed_request();
    let (texts, catalogs) = madoguchi::load_rules(None).expect("rules");
    let catalog = catalogs.in_effect(request.as_of).expect("catalog");
    let determination = madoguchi::determine(&request, catalog, &texts, "ja");
    let confirmed: Vec<String> = determination
        .procedures
        .iter()
        .map(|p| p.id.clone())
        .collect();
    clerk
        .submit_case(&madoguchi::api::CaseSubmission {
            id: id.into(),
            ticket_id: ticket_id.map(str::to_string),
            household_id: None,
            counter: "3".into(),
            request,
            determination,
            confirmed,
            forms_printed: vec![],
            timings: madoguchi::api::CaseTimings::default(),
            revision: 0,
        })
        .expect("case")
}
