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
            .args(["hub", "--listen", listen, "--db", &db_arg(db)])
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
        let mut hub = HubProcess::start_on(&db_arg(db), listen, extra);
        hub.db = db.to_path_buf();
        hub
    }

    /// Start a hub on the database `db` exactly as given (a file or a
    /// PostgreSQL URL). Waits until it listens.
    pub fn start_on(db: &str, listen: &str, extra: &[&str]) -> HubProcess {
        let mut child = Command::new(BIN)
            .args(["hub", "--listen", listen, "--db", db])
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
            db: PathBuf::from(db),
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
            &db_arg(&db),
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

/// The PostgreSQL server the hub's tests run on instead of SQLite files
/// (`MADOGUCHI_TEST_PG=postgres://user@host:port/`, as
/// tests/support/pg-cluster.sh prints), if set.
pub fn pg_base() -> Option<String> {
    std::env::var("MADOGUCHI_TEST_PG")
        .ok()
        .filter(|s| !s.trim().is_empty())
}

/// What `--db` is for a test's database at `path`: the SQLite file, or on
/// PostgreSQL a database of its own named after the path (made when missing,
/// so a hub started again on the same path finds its data).
pub fn db_arg(path: &Path) -> String {
    let Some(base) = pg_base() else {
        return path.to_str().expect("path").to_string();
    };
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    path.hash(&mut h);
    let name = format!("t_{:016x}", h.finish());
    let admin = madoguchi::hub::postgres::PgConn::connect(&format!("{base}postgres"))
        .expect("PostgreSQL of MADOGUCHI_TEST_PG");
    if let Err(e) = madoguchi::hub::db::sql::Sql::batch(&admin, &format!("CREATE DATABASE {name}"))
    {
        assert!(
            e.to_string().contains("42P04"),
            "CREATE DATABASE {name}: {e}"
        );
    }
    format!("{base}{name}")
}

/// Rows of a query on a hub's database (the SQLite file, or its PostgreSQL
/// database when the tests run there), each as strings.
pub fn hub_rows(db: &Path, sql: &str) -> Vec<Vec<String>> {
    if pg_base().is_some() {
        use madoguchi::hub::db::sql::{Sql, Value};
        let c = madoguchi::hub::postgres::PgConn::connect(&db_arg(db)).expect("connect");
        return c
            .query(sql, &[])
            .expect("query")
            .into_iter()
            .map(|r| {
                r.values
                    .into_iter()
                    .map(|v| match v {
                        Value::Null => String::new(),
                        Value::Int(i) => i.to_string(),
                        Value::Real(f) => f.to_string(),
                        Value::Text(t) => t,
                        Value::Blob(b) => format!("{} bytes", b.len()),
                    })
                    .collect()
            })
            .collect();
    }
    rows(db, sql)
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
    let store = madoguchi::hub::open_store(Path::new(&db_arg(hub_db))).expect("store");
    madoguchi::hub::store::Storage::write(
        store.as_ref(),
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
