//! Schema versions of the hub's database (`PRAGMA user_version`). Each step
//! runs once, in one transaction, and keeps every row.

use rusqlite::{params, Connection};

use super::Db;
use crate::hub::store::StoreError;

/// The schema this build writes.
pub const VERSION: i64 = 1;

pub fn run(conn: &mut Connection) -> Result<(), StoreError> {
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(Db::err)?;
    if version > VERSION {
        return Err(StoreError::Internal(format!(
            "the database has schema version {version}; this hub knows up to {VERSION}: use a newer madoguchi"
        )));
    }
    if version < 1 {
        let tx = conn.transaction().map_err(Db::err)?;
        to_v1(&tx)?;
        tx.execute_batch("PRAGMA user_version = 1")
            .map_err(Db::err)?;
        tx.commit().map_err(Db::err)?;
    }
    Ok(())
}

/// v1: idempotency keys carry a request fingerprint; tokens are stored as
/// SHA-256 hashes with the counter they serve; cases record who submitted
/// them; audit rows name the case read; an index serves call-next.
fn to_v1(tx: &Connection) -> Result<(), StoreError> {
    tx.execute_batch(
        "ALTER TABLE applied_ops ADD COLUMN fingerprint TEXT;
         ALTER TABLE cases ADD COLUMN submitted_by TEXT;
         ALTER TABLE audit ADD COLUMN case_id TEXT;
         CREATE INDEX IF NOT EXISTS tickets_waiting ON tickets(day, state, counter, category, priority DESC, created_at, number);
         CREATE INDEX IF NOT EXISTS tickets_day_category ON tickets(day, category);
         CREATE TABLE sessions(token_hash TEXT PRIMARY KEY, user TEXT NOT NULL, role TEXT NOT NULL,
           counter TEXT, expires_at TEXT NOT NULL);
         CREATE INDEX sessions_user ON sessions(user);",
    )
    .map_err(Db::err)?;
    let had_tokens: bool = tx
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'tokens'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map_err(Db::err)?
        > 0;
    if !had_tokens {
        return Ok(());
    }
    let old: Vec<(String, String, String, String)> = {
        let mut stmt = tx
            .prepare("SELECT token, user, role, expires_at FROM tokens")
            .map_err(Db::err)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .map_err(Db::err)?;
        rows.collect::<Result<_, _>>().map_err(Db::err)?
    };
    for (token, user, role, expires) in old {
        tx.execute(
            "INSERT OR IGNORE INTO sessions(token_hash, user, role, counter, expires_at) VALUES (?1, ?2, ?3, NULL, ?4)",
            params![crate::hub::auth::token_hash(&token), user, role, expires],
        )
        .map_err(Db::err)?;
    }
    tx.execute_batch("DROP TABLE tokens").map_err(Db::err)?;
    Ok(())
}
