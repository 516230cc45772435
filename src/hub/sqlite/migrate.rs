//! Schema versions of the hub's database (`PRAGMA user_version`). Each step
//! runs once, in one transaction, and keeps every row.

use rusqlite::{params, Connection};

use super::Db;
use crate::hub::store::StoreError;

/// The schema this build writes.
pub const VERSION: i64 = 4;

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
    if version < 2 {
        let tx = conn.transaction().map_err(Db::err)?;
        to_v2(&tx)?;
        tx.execute_batch("PRAGMA user_version = 2")
            .map_err(Db::err)?;
        tx.commit().map_err(Db::err)?;
    }
    if version < 3 {
        // v3: each confirmed procedure has its own stage and history.
        let tx = conn.transaction().map_err(Db::err)?;
        crate::hub::db::procedures::migrate_v3(&*tx)?;
        crate::hub::db::scan_store::migrate_v3(&*tx)?;
        tx.execute_batch("PRAGMA user_version = 3")
            .map_err(Db::err)?;
        tx.commit().map_err(Db::err)?;
    }
    if version < 4 {
        // v4: service-level targets, the counters' modes, one-stop measures.
        let tx = conn.transaction().map_err(Db::err)?;
        crate::hub::db::floor_store::migrate_v4(&*tx)?;
        tx.execute_batch("PRAGMA user_version = 4")
            .map_err(Db::err)?;
        tx.commit().map_err(Db::err)?;
    }
    Ok(())
}

/// v2: a search hit says the member's 続柄 and the head of the household, so
/// the clerk tells the right family apart; filled from the households kept.
fn to_v2(tx: &Connection) -> Result<(), StoreError> {
    tx.execute_batch(
        "ALTER TABLE residents ADD COLUMN relation TEXT NOT NULL DEFAULT '';
         ALTER TABLE residents ADD COLUMN head TEXT NOT NULL DEFAULT '';
         UPDATE residents SET
           relation = coalesce((SELECT json_extract(m.value, '$.relation')
               FROM households h, json_each(h.body, '$.members') m
               WHERE h.id = residents.household_id
                 AND json_extract(m.value, '$.id') = residents.member_id), ''),
           head = coalesce((SELECT json_extract(m.value, '$.name')
               FROM households h, json_each(h.body, '$.members') m
               WHERE h.id = residents.household_id
                 AND json_extract(m.value, '$.relation') = 'head'), '');",
    )
    .map_err(Db::err)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A version-1 registry gains the search hit's 続柄 and head, filled from
    /// the households it keeps; every row stays.
    #[test]
    fn v2_fills_relation_and_head_from_the_households() {
        let mut c = Connection::open_in_memory().unwrap();
        c.execute_batch(
            "CREATE TABLE households(id TEXT PRIMARY KEY, ward TEXT, address TEXT, body TEXT);
             CREATE TABLE residents(household_id TEXT NOT NULL, member_id TEXT NOT NULL, name TEXT NOT NULL,
               kana TEXT NOT NULL, kana_key TEXT NOT NULL, birth_date TEXT NOT NULL, ward TEXT NOT NULL,
               address TEXT NOT NULL, PRIMARY KEY(household_id, member_id));
             INSERT INTO households VALUES ('H1', '門司区', '', '{\"ward\":\"門司区\",\"members\":[
               {\"id\":\"a\",\"name\":\"門司 一郎\",\"relation\":\"head\"},
               {\"id\":\"b\",\"name\":\"門司 花子\",\"relation\":\"spouse\"}]}');
             INSERT INTO residents VALUES ('H1','a','門司 一郎','','','1980-01-01','門司区','');
             INSERT INTO residents VALUES ('H1','b','門司 花子','','','1982-01-01','門司区','');
             CREATE TABLE cases(id TEXT PRIMARY KEY, status TEXT NOT NULL, received_at TEXT NOT NULL,
               updated_at TEXT NOT NULL, body TEXT NOT NULL);
             CREATE TABLE scans(id TEXT PRIMARY KEY, case_id TEXT NOT NULL, bytes INTEGER NOT NULL,
               content_type TEXT NOT NULL, data BLOB NOT NULL, received_at TEXT NOT NULL);
             CREATE TABLE categories(code TEXT PRIMARY KEY, name TEXT NOT NULL, ord INTEGER NOT NULL);
             INSERT INTO categories VALUES ('A', '転入・転出', 1);
             PRAGMA user_version = 1;",
        )
        .unwrap();
        run(&mut c).unwrap();
        // v4: the category keeps its row, with the default target.
        let target: (i64, i64) = c
            .query_row("SELECT target_min, target_pct FROM categories", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(target, (20, 80));
        let rows: Vec<(String, String, String)> = c
            .prepare("SELECT member_id, relation, head FROM residents ORDER BY member_id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            rows,
            vec![
                ("a".into(), "head".into(), "門司 一郎".into()),
                ("b".into(), "spouse".into(), "門司 一郎".into()),
            ]
        );
        let v: i64 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, VERSION);
    }
}
