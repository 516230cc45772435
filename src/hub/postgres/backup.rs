//! Backups of a city hub's PostgreSQL database while the hubs run, and their
//! restore, with PostgreSQL's own tools (`pg_dump`, `pg_restore`, from the
//! postgresql-client package). The dump reads one snapshot, exported from a
//! transaction that also counts what it holds, so the counts printed are
//! the dump's. The file is written under a `.part` name, checked with
//! `pg_restore --list`, and only then given its name.

use std::path::Path;
use std::process::Command;

use super::conn::{redact, split_password, PgConn};
use crate::hub::db::sql::{Sql, SqlExt};
use crate::hub::sqlite::backup::Contents;
use crate::hub::store::StoreError;

fn count_all(c: &dyn Sql) -> Result<Contents, StoreError> {
    let count = |table: &str| -> Result<i64, StoreError> {
        Ok(
            c.value::<i64>(&format!("SELECT count(*) FROM {table}"), &[])?
                .unwrap_or(0),
        )
    };
    Ok(Contents {
        schema: c
            .value::<Option<i64>>("SELECT max(version) FROM schema_version", &[])?
            .flatten()
            .unwrap_or(0),
        tickets: count("tickets")?,
        cases: count("cases")?,
        scans: count("scans")?,
        audit: count("audit")?,
        residents: count("residents")?,
        bytes: 0,
    })
}

/// Run one of PostgreSQL's tools; `url` is hidden in what it says, and a
/// password in it goes to the tool's environment (PGPASSWORD), not to its
/// command line, which every user of the machine can read.
fn tool(name: &str, args: &[&str], url: &str) -> Result<String, StoreError> {
    let (bare, password) = split_password(url);
    let args: Vec<&str> = args
        .iter()
        .map(|a| if *a == url { bare.as_str() } else { a })
        .collect();
    let mut cmd = Command::new(name);
    cmd.args(&args);
    if let Some(p) = password {
        cmd.env("PGPASSWORD", p);
    }
    let out = cmd.output().map_err(|e| {
        StoreError::Internal(format!(
            "{name}: {e} (install PostgreSQL's client programs: postgresql-client)"
        ))
    })?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr).replace(url, &redact(url));
        return Err(StoreError::Internal(format!("{name}: {}", stderr.trim())));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Dump the database at `url` (hubs may be writing) into `out`, which must
/// not exist yet.
pub fn backup(url: &str, out: &Path) -> Result<Contents, StoreError> {
    if out.exists() {
        return Err(StoreError::Conflict(format!(
            "{}: exists already; a backup never overwrites one",
            out.display()
        )));
    }
    let mut part = out.as_os_str().to_os_string();
    part.push(".part");
    let part = std::path::PathBuf::from(part);
    let _ = std::fs::remove_file(&part);
    let target = part
        .to_str()
        .ok_or_else(|| StoreError::BadRequest(format!("{}: not a UTF-8 path", out.display())))?
        .to_string();
    let snapshot_holder = PgConn::connect(url)?;
    snapshot_holder.batch("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
    let snapshot: String = snapshot_holder
        .value("SELECT pg_export_snapshot()", &[])?
        .ok_or_else(|| StoreError::Internal("no snapshot".into()))?;
    let mut contents = count_all(&snapshot_holder)?;
    let dumped = tool(
        "pg_dump",
        &[
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            &format!("--snapshot={snapshot}"),
            "--file",
            &target,
            url,
        ],
        url,
    );
    let _ = snapshot_holder.batch("COMMIT");
    if let Err(e) = dumped {
        let _ = std::fs::remove_file(&part);
        return Err(e);
    }
    if let Err(e) = check(&part) {
        let _ = std::fs::remove_file(&part);
        return Err(e);
    }
    std::fs::File::open(&part)
        .and_then(|f| f.sync_all())
        .map_err(|e| StoreError::Internal(format!("{}: {e}", part.display())))?;
    contents.bytes = std::fs::metadata(&part).map(|m| m.len()).unwrap_or(0);
    std::fs::rename(&part, out)
        .map_err(|e| StoreError::Internal(format!("{}: {e}", out.display())))?;
    Ok(contents)
}

/// The archive reads whole and holds the hub's tables.
fn check(file: &Path) -> Result<(), StoreError> {
    let path = file
        .to_str()
        .ok_or_else(|| StoreError::BadRequest(format!("{}: not a UTF-8 path", file.display())))?;
    let list = tool("pg_restore", &["--list", path], path).map_err(|e| {
        StoreError::BadRequest(format!("{}: not a hub backup: {e}", file.display()))
    })?;
    for table in ["tickets", "cases", "scans", "audit", "applied_ops"] {
        if !list.contains(&format!("TABLE DATA public {table} ")) {
            return Err(StoreError::BadRequest(format!(
                "{}: not a hub backup (no table {table})",
                file.display()
            )));
        }
    }
    Ok(())
}

/// Restore the dump `from` into the database at `url`, which must hold no
/// hub tables yet (a new, empty database: `createdb`), unless `force`, when
/// the hub's tables there are replaced (stop its hubs first).
pub fn restore(from: &Path, url: &str, force: bool) -> Result<Contents, StoreError> {
    check(from)?;
    let conn = PgConn::connect(url)?;
    let has_tables = conn
        .value::<Option<String>>("SELECT to_regclass('public.tickets')::text", &[])?
        .flatten()
        .is_some();
    if has_tables && !force {
        return Err(StoreError::Conflict(format!(
            "{}: already holds a hub's tables; restore into a new database (createdb), \
             or stop its hubs and give --force to replace them",
            redact(url)
        )));
    }
    let path = from
        .to_str()
        .ok_or_else(|| StoreError::BadRequest(format!("{}: not a UTF-8 path", from.display())))?;
    let mut args = vec![
        "--exit-on-error",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
    ];
    if has_tables {
        args.extend(["--clean", "--if-exists"]);
    }
    args.extend(["--dbname", url, path]);
    tool("pg_restore", &args, url)?;
    let mut contents = count_all(&conn)?;
    contents.bytes = std::fs::metadata(from).map(|m| m.len()).unwrap_or(0);
    Ok(contents)
}
