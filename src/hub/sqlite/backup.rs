//! Backups of the hub's SQLite database, taken while the hub runs, and
//! their restore. A backup is one consistent snapshot (`VACUUM INTO` reads
//! in one transaction while the writer goes on), checked before it is kept;
//! nothing half-written is ever left under the backup's or the database's
//! name.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{migrate, Db};
use crate::hub::store::StoreError;

/// What a backup (or a database to restore) holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contents {
    pub schema: i64,
    pub tickets: i64,
    pub cases: i64,
    pub scans: i64,
    pub audit: i64,
    pub residents: i64,
    pub bytes: u64,
}

impl std::fmt::Display for Contents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "schema v{}, {} tickets, {} cases, {} scans, {} audit entries, {} residents, {:.1} MB",
            self.schema,
            self.tickets,
            self.cases,
            self.scans,
            self.audit,
            self.residents,
            self.bytes as f64 / 1e6
        )
    }
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |e| StoreError::Internal(format!("{}: {e}", path.display()))
}

/// Open a database file read-only, check it whole and say what it holds.
pub fn inspect(path: &Path) -> Result<Contents, StoreError> {
    let c = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(Db::err)?;
    let check: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| {
            StoreError::BadRequest(format!("{}: not a hub database: {e}", path.display()))
        })?;
    if check != "ok" {
        return Err(StoreError::BadRequest(format!(
            "{}: the database is damaged: {check}",
            path.display()
        )));
    }
    let schema: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(Db::err)?;
    if schema > migrate::VERSION {
        return Err(StoreError::BadRequest(format!(
            "{}: schema version {schema}; this hub knows up to {}: use a newer madoguchi",
            path.display(),
            migrate::VERSION
        )));
    }
    let count = |table: &str| -> Result<i64, StoreError> {
        c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .map_err(|e| {
                StoreError::BadRequest(format!(
                    "{}: not a hub database ({table}: {e})",
                    path.display()
                ))
            })
    };
    Ok(Contents {
        schema,
        tickets: count("tickets")?,
        cases: count("cases")?,
        scans: count("scans")?,
        audit: count("audit")?,
        residents: count("residents")?,
        bytes: std::fs::metadata(path).map_err(io(path))?.len(),
    })
}

fn sync_file(path: &Path) -> Result<(), StoreError> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(io(path))
}

fn sync_dir(path: &Path) {
    // Best effort: the rename is durable once its directory is.
    if let Some(dir) = path.parent() {
        if let Ok(d) = std::fs::File::open(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        }) {
            let _ = d.sync_all();
        }
    }
}

fn part(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".part");
    path.with_file_name(name)
}

/// Back up the database at `db` (a hub may be writing to it) into `out`,
/// which must not exist yet.
pub fn backup(db: &Path, out: &Path) -> Result<Contents, StoreError> {
    if out.exists() {
        return Err(StoreError::Conflict(format!(
            "{}: exists already; a backup never overwrites one",
            out.display()
        )));
    }
    if !db.exists() {
        return Err(StoreError::NotFound(format!(
            "{}: no such database",
            db.display()
        )));
    }
    let tmp = part(out);
    let _ = std::fs::remove_file(&tmp);
    {
        let c = Connection::open_with_flags(
            db,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(Db::err)?;
        c.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(Db::err)?;
        let target = tmp.to_str().ok_or_else(|| {
            StoreError::BadRequest(format!("{}: not a UTF-8 path", out.display()))
        })?;
        if let Err(e) = c.execute("VACUUM INTO ?1", [target]) {
            let _ = std::fs::remove_file(&tmp);
            return Err(Db::err(e));
        }
    }
    let contents = match inspect(&tmp) {
        Ok(c) => c,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    };
    sync_file(&tmp)?;
    std::fs::rename(&tmp, out).map_err(io(out))?;
    sync_dir(out);
    Ok(contents)
}

/// Restore the backup `from` as the database `db`. A hub must not be
/// running on `db`. An existing database is kept beside it as
/// `<db>.before-restore-<time>` (with its WAL), and only with `force`.
pub fn restore(
    from: &Path,
    db: &Path,
    force: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(Contents, Option<PathBuf>), StoreError> {
    let contents = inspect(from)?;
    if db.exists() && !force {
        return Err(StoreError::Conflict(format!(
            "{}: exists; stop its hub and give --force (the old database is kept beside it)",
            db.display()
        )));
    }
    let tmp = part(db);
    let _ = std::fs::remove_file(&tmp);
    std::fs::copy(from, &tmp).map_err(io(&tmp))?;
    sync_file(&tmp)?;
    let mut kept = None;
    if db.exists() {
        let stamp = now.format("%Y%m%dT%H%M%S").to_string();
        let mut name = db.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".before-restore-{stamp}"));
        let old = db.with_file_name(name);
        // The old database's WAL and shared memory go with it: left here
        // they would be replayed into the restored file.
        for suffix in ["-wal", "-shm"] {
            let mut from_name = db.as_os_str().to_os_string();
            from_name.push(suffix);
            let mut to_name = old.as_os_str().to_os_string();
            to_name.push(suffix);
            if Path::new(&from_name).exists() {
                std::fs::rename(&from_name, &to_name).map_err(io(Path::new(&from_name)))?;
            }
        }
        std::fs::rename(db, &old).map_err(io(db))?;
        kept = Some(old);
    }
    std::fs::rename(&tmp, db).map_err(io(db))?;
    sync_dir(db);
    Ok((contents, kept))
}
