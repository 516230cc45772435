//! The counter's local SQLite cache: its view of the queue, the households it
//! looked up today, its cases, and the outbox. Every local write is committed in
//! the same transaction as its outbox entry, with a client-made id.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

use crate::api::*;
use crate::japanese::kana;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS outbox(seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE,
  method TEXT NOT NULL, path TEXT NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, response TEXT);
CREATE INDEX IF NOT EXISTS outbox_state ON outbox(state, seq);
CREATE TABLE IF NOT EXISTS tickets(id TEXT PRIMARY KEY, day TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS offline_seq(day TEXT NOT NULL, category TEXT NOT NULL, next INTEGER NOT NULL,
  PRIMARY KEY(day, category));
CREATE TABLE IF NOT EXISTS households(id TEXT PRIMARY KEY, day TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS residents(household_id TEXT NOT NULL, name TEXT NOT NULL, kana_key TEXT NOT NULL,
  birth_date TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cases(id TEXT PRIMARY KEY, day TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS drafts(key TEXT PRIMARY KEY, body TEXT NOT NULL, updated_at TEXT NOT NULL);
";

/// `PRAGMA user_version` of a cache file whose free space holds nothing
/// deleted: made with secure_delete on, or VACUUMed once since. Older files
/// (before secure_delete) are VACUUMed at their first purge.
const CLEAN_SINCE_BIRTH: i64 = 1;

/// The first instant of `day` in Japan (00:00 JST), in UTC.
pub fn japan_midnight(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(chrono::NaiveTime::MIN).and_utc() - chrono::Duration::hours(9)
}

/// One queued write.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    pub seq: i64,
    pub key: String,
    pub method: String,
    pub path: String,
    pub body: Value,
    pub attempts: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OutboxCounts {
    pub pending: u64,
    pub sent: u64,
    pub failed: u64,
}

pub struct LocalCache {
    conn: Connection,
}

fn err(e: rusqlite::Error) -> String {
    format!("local cache: {e}")
}

impl LocalCache {
    pub fn open(path: &Path) -> Result<LocalCache, String> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("local cache: {}: {e}", dir.display()))?;
        }
        let conn = Connection::open(path).map_err(err)?;
        // secure_delete: what is deleted is overwritten with zeros in the file,
        // not left in free space; temp_store: sorts and VACUUM's copy stay in memory.
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
             PRAGMA secure_delete = ON; PRAGMA temp_store = MEMORY;",
        )
        .map_err(err)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(err)?;
        let fresh: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(err)?;
        conn.execute_batch(SCHEMA).map_err(err)?;
        if fresh == 0 {
            // Made with secure_delete from the start: no old free space to clean.
            conn.pragma_update(None, "user_version", CLEAN_SINCE_BIRTH)
                .map_err(err)?;
        }
        Ok(LocalCache { conn })
    }

    /// Apply a local change and queue its write to the hub, atomically.
    pub fn write_with_outbox(
        &mut self,
        method: &str,
        path: &str,
        body: &Value,
        change: impl FnOnce(&Connection) -> Result<(), String>,
    ) -> Result<String, String> {
        let key = uuid::Uuid::new_v4().to_string();
        let tx = self.conn.transaction().map_err(err)?;
        change(&tx)?;
        tx.execute(
            "INSERT INTO outbox(key, method, path, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![key, method, path, body.to_string(), ts(Utc::now())],
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(key)
    }

    /// The oldest pending entries, up to `limit`.
    pub fn pending(&self, limit: usize) -> Result<Vec<OutboxEntry>, String> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT seq, key, method, path, body, attempts FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?1")
            .map_err(err)?;
        let rows = stmt
            .query_map([limit as i64], |r| {
                let body: String = r.get(4)?;
                Ok(OutboxEntry {
                    seq: r.get(0)?,
                    key: r.get(1)?,
                    method: r.get(2)?,
                    path: r.get(3)?,
                    body: serde_json::from_str(&body).unwrap_or(Value::Null),
                    attempts: r.get(5)?,
                })
            })
            .map_err(err)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(err)
    }

    /// Record the hub's answers to a batch in one transaction: 2xx sent, 4xx failed.
    pub fn record_batch(&mut self, answers: &[(i64, u16, Value)]) -> Result<(), String> {
        let tx = self.conn.transaction().map_err(err)?;
        for (seq, status, body) in answers {
            if (200..300).contains(status) {
                tx.execute("UPDATE outbox SET state = 'sent', attempts = attempts + 1, response = ?2 WHERE seq = ?1", params![seq, body.to_string()])
                    .map_err(err)?;
                if let Ok(t) = serde_json::from_value::<Ticket>(body.clone()) {
                    put_ticket(&tx, &t)?;
                }
            } else {
                let message = body
                    .get("error")
                    .and_then(Value::as_str)
                    .map_or_else(|| body.to_string(), str::to_string);
                tx.execute(
                    "UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ?2 WHERE seq = ?1",
                    params![seq, format!("{status}: {message}")],
                )
                .map_err(err)?;
            }
        }
        tx.commit().map_err(err)
    }

    pub fn note_attempt(&self, seq: i64, error: &str) -> Result<(), String> {
        self.conn
            .execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?2 WHERE seq = ?1",
                params![seq, error],
            )
            .map(|_| ())
            .map_err(err)
    }

    pub fn counts(&self) -> Result<OutboxCounts, String> {
        let mut c = OutboxCounts::default();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT state, count(*) FROM outbox GROUP BY state")
            .map_err(err)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .map_err(err)?;
        for row in rows {
            let (state, n) = row.map_err(err)?;
            let n = n.max(0) as u64;
            match state.as_str() {
                "pending" => c.pending = n,
                "sent" => c.sent = n,
                _ => c.failed = n,
            }
        }
        Ok(c)
    }

    /// Failed writes with the hub's reason, for the clerk to see.
    pub fn failures(&self) -> Result<Vec<(String, String)>, String> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT path, last_error FROM outbox WHERE state = 'failed' ORDER BY seq",
            )
            .map_err(err)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                ))
            })
            .map_err(err)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(err)
    }

    /// The next number of a counter-made ticket: `K3-A-007`.
    pub fn next_offline_number(
        conn: &Connection,
        prefix: &str,
        category: &str,
        day: NaiveDate,
    ) -> Result<String, String> {
        let n: i64 = conn
            .query_row(
                "INSERT INTO offline_seq(day, category, next) VALUES (?1, ?2, 2) \
                 ON CONFLICT(day, category) DO UPDATE SET next = next + 1 RETURNING next - 1",
                params![day.to_string(), category],
                |r| r.get(0),
            )
            .map_err(err)?;
        Ok(format!("{prefix}-{category}-{n:03}"))
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn put_ticket(&self, t: &Ticket) -> Result<(), String> {
        put_ticket(&self.conn, t)
    }

    pub fn ticket(&self, id: &str) -> Result<Option<Ticket>, String> {
        let body: Option<String> = self
            .conn
            .query_row("SELECT body FROM tickets WHERE id = ?1", [id], |r| r.get(0))
            .optional()
            .map_err(err)?;
        Ok(body.and_then(|b| serde_json::from_str(&b).ok()))
    }

    pub fn tickets(&self, day: NaiveDate) -> Result<Vec<Ticket>, String> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT body FROM tickets WHERE day = ?1")
            .map_err(err)?;
        let rows = stmt
            .query_map([day.to_string()], |r| r.get::<_, String>(0))
            .map_err(err)?;
        let mut out: Vec<Ticket> = rows
            .filter_map(Result::ok)
            .filter_map(|b| serde_json::from_str(&b).ok())
            .collect();
        out.sort_by(|a, b| {
            a.created_at
                .cmp(&b.created_at)
                .then(a.number.cmp(&b.number))
        });
        Ok(out)
    }

    /// Ids of tickets with writes still waiting in the outbox (their local state is newer).
    pub fn dirty_ticket_ids(&self) -> Result<Vec<String>, String> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT path, body FROM outbox WHERE state = 'pending'")
            .map_err(err)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(err)?;
        let mut ids = Vec::new();
        for row in rows.flatten() {
            if let Some(id) = row
                .0
                .strip_prefix("/api/tickets/")
                .and_then(|r| r.strip_suffix("/actions"))
            {
                ids.push(id.to_string());
            } else if row.0 == "/api/tickets" {
                if let Some(id) = serde_json::from_str::<Value>(&row.1)
                    .ok()
                    .and_then(|v| v.get("id").and_then(Value::as_str).map(str::to_string))
                {
                    ids.push(id);
                }
            }
        }
        Ok(ids)
    }

    pub fn cache_household(&self, h: &HouseholdRecord, day: NaiveDate) -> Result<(), String> {
        let body = serde_json::to_string(h).map_err(|e| e.to_string())?;
        self.conn
            .execute(
                "INSERT OR REPLACE INTO households(id, day, body) VALUES (?1, ?2, ?3)",
                params![h.id, day.to_string(), body],
            )
            .map_err(err)?;
        self.conn
            .execute("DELETE FROM residents WHERE household_id = ?1", [&h.id])
            .map_err(err)?;
        let head = h
            .household
            .head()
            .map(|m| m.name.clone())
            .unwrap_or_default();
        for m in &h.household.members {
            let hit = ResidentHit {
                household_id: h.id.clone(),
                member_id: m.id.clone(),
                name: m.name.clone(),
                kana: m.kana.clone(),
                birth_date: m.birth_date,
                ward: h.household.ward.clone(),
                address: h.household.address.clone().unwrap_or_default(),
                relation: m.relation.as_str().to_string(),
                head: head.clone(),
            };
            self.conn
                .execute(
                    "INSERT INTO residents(household_id, name, kana_key, birth_date, body) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![h.id, m.name, kana::search_key(&m.kana), m.birth_date.to_string(), serde_json::to_string(&hit).unwrap_or_default()],
                )
                .map_err(err)?;
        }
        Ok(())
    }

    pub fn cached_household(&self, id: &str) -> Result<Option<HouseholdRecord>, String> {
        let body: Option<String> = self
            .conn
            .query_row("SELECT body FROM households WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(err)?;
        Ok(body.and_then(|b| serde_json::from_str(&b).ok()))
    }

    /// The cases this counter handed over on `day`, the latest first.
    pub fn cases_of_day(&self, day: NaiveDate) -> Result<Vec<CaseSubmission>, String> {
        let mut stmt = self
            .conn
            .prepare("SELECT body FROM cases WHERE day = ?1")
            .map_err(err)?;
        let rows = stmt
            .query_map([day.to_string()], |r| r.get::<_, String>(0))
            .map_err(err)?;
        let mut cases: Vec<CaseSubmission> = Vec::new();
        for body in rows {
            if let Ok(case) = serde_json::from_str(&body.map_err(err)?) {
                cases.push(case);
            }
        }
        cases.sort_by_key(|c| std::cmp::Reverse(c.timings.finished_at));
        Ok(cases)
    }

    /// Search only what this counter cached today (offline).
    pub fn search_cached(&self, q: &ResidentQuery) -> Result<Vec<ResidentHit>, String> {
        let key = q.kana.as_deref().map(kana::search_key).unwrap_or_default();
        let name = q.name.clone().unwrap_or_default();
        let birth = q.birth_date.map(|d| d.to_string());
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT body FROM residents WHERE kana_key LIKE ?1 || '%' AND name LIKE ?2 || '%' AND (?3 IS NULL OR birth_date = ?3) LIMIT 50",
            )
            .map_err(err)?;
        let rows = stmt
            .query_map(params![key, name, birth], |r| r.get::<_, String>(0))
            .map_err(err)?;
        Ok(rows
            .filter_map(Result::ok)
            .filter_map(|b| serde_json::from_str(&b).ok())
            .collect())
    }

    /// End of day: resident data and finished work older than `today` (Japan
    /// time) is removed: households and residents looked up, cases (unless
    /// their write still waits in the outbox), drafts, tickets, and outbox
    /// entries already sent. Pending and failed outbox entries stay: nothing
    /// that has not reached the hub is lost. Then the deleted rows are gone
    /// from the file too: secure_delete zeroed them, an old file is VACUUMed
    /// once, and the WAL is checkpointed and truncated to nothing.
    pub fn purge_before(&self, today: NaiveDate) -> Result<usize, String> {
        let d = today.to_string();
        let cutoff = ts(japan_midnight(today));
        let tx = self.conn.unchecked_transaction().map_err(err)?;
        let mut n = 0;
        n += tx
            .execute("DELETE FROM households WHERE day < ?1", [&d])
            .map_err(err)?;
        n += tx
            .execute(
                "DELETE FROM residents WHERE household_id NOT IN (SELECT id FROM households)",
                [],
            )
            .map_err(err)?;
        n += tx.execute("DELETE FROM cases WHERE day < ?1 AND id NOT IN (SELECT json_extract(body, '$.id') FROM outbox WHERE state = 'pending')", [&d]).map_err(err)?;
        n += tx
            .execute("DELETE FROM tickets WHERE day < ?1", [&d])
            .map_err(err)?;
        n += tx
            .execute("DELETE FROM offline_seq WHERE day < ?1", [&d])
            .map_err(err)?;
        n += tx
            .execute("DELETE FROM drafts WHERE updated_at < ?1", [&cutoff])
            .map_err(err)?;
        n += tx
            .execute(
                "DELETE FROM outbox WHERE state = 'sent' AND created_at < ?1",
                [&cutoff],
            )
            .map_err(err)?;
        tx.commit().map_err(err)?;
        let version: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(err)?;
        if version < CLEAN_SINCE_BIRTH {
            // Written before secure_delete: old deletions may sit in free space.
            self.conn.execute_batch("VACUUM").map_err(err)?;
            self.conn
                .pragma_update(None, "user_version", CLEAN_SINCE_BIRTH)
                .map_err(err)?;
        }
        self.checkpoint()?;
        Ok(n)
    }

    /// Copy the WAL into the file and truncate it to nothing, so no earlier
    /// version of a page (with rows deleted since) stays in the WAL file.
    pub fn checkpoint(&self) -> Result<(), String> {
        let (busy, _log, _done): (i64, i64, i64) = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .map_err(err)?;
        if busy != 0 {
            return Err("local cache: the WAL could not be emptied (the cache is busy)".into());
        }
        Ok(())
    }

    pub fn save_draft(&self, key: &str, body: &Value) -> Result<(), String> {
        self.conn
            .execute(
                "INSERT OR REPLACE INTO drafts(key, body, updated_at) VALUES (?1, ?2, ?3)",
                params![key, body.to_string(), ts(Utc::now())],
            )
            .map(|_| ())
            .map_err(err)
    }

    pub fn draft(&self, key: &str) -> Result<Option<(Value, DateTime<Utc>)>, String> {
        let row: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT body, updated_at FROM drafts WHERE key = ?1",
                [key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(err)?;
        Ok(row.and_then(|(b, at)| Some((serde_json::from_str(&b).ok()?, parse_ts(&at)?))))
    }

    pub fn clear_draft(&self, key: &str) -> Result<(), String> {
        self.conn
            .execute("DELETE FROM drafts WHERE key = ?1", [key])
            .map(|_| ())
            .map_err(err)
    }
}

pub fn put_ticket(conn: &Connection, t: &Ticket) -> Result<(), String> {
    let body = serde_json::to_string(t).map_err(|e| e.to_string())?;
    conn.execute(
        "INSERT OR REPLACE INTO tickets(id, day, body) VALUES (?1, ?2, ?3)",
        params![t.id, t.day.to_string(), body],
    )
    .map(|_| ())
    .map_err(err)
}

pub fn put_case(conn: &Connection, case: &CaseSubmission, day: NaiveDate) -> Result<(), String> {
    let body = serde_json::to_string(case).map_err(|e| e.to_string())?;
    conn.execute(
        "INSERT OR REPLACE INTO cases(id, day, body) VALUES (?1, ?2, ?3)",
        params![case.id, day.to_string(), body],
    )
    .map(|_| ())
    .map_err(err)
}
