//! What the floor and the supervisor measure, in SQLite: each category's
//! service-level target, each counter's mode (open, paused with a reason,
//! closed) through the day, and each case's one-stop measures.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::{parse_ts, ts, Db};
use crate::api::{japan_day, CaseSubmission, CounterChange, CounterMode, SetCounterState};
use crate::hub::store::{Change, Reply, StoreError};
use crate::measures::CaseMeasures;
use crate::service_level::Target;

/// v4: targets on categories, the counters' log, the cases' measures
/// (filled for the cases kept).
pub fn migrate_v4(c: &Connection) -> Result<(), StoreError> {
    c.execute_batch(
        "ALTER TABLE categories ADD COLUMN target_min INTEGER NOT NULL DEFAULT 20;
         ALTER TABLE categories ADD COLUMN target_pct INTEGER NOT NULL DEFAULT 80;
         ALTER TABLE cases ADD COLUMN measures TEXT NOT NULL DEFAULT '{\"procedures\":[]}';
         CREATE TABLE counter_log(seq INTEGER PRIMARY KEY AUTOINCREMENT, counter TEXT NOT NULL,
           day TEXT NOT NULL, mode TEXT NOT NULL, reason TEXT, at TEXT NOT NULL, by TEXT NOT NULL);
         CREATE INDEX counter_log_day ON counter_log(day, counter, seq);",
    )
    .map_err(Db::err)?;
    let bodies: Vec<String> = {
        let mut stmt = c.prepare("SELECT body FROM cases").map_err(Db::err)?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(Db::err)?;
        rows.collect::<Result<_, _>>().map_err(Db::err)?
    };
    // A body this build cannot read keeps empty measures.
    for case in bodies
        .iter()
        .filter_map(|b| serde_json::from_str::<CaseSubmission>(b).ok())
    {
        store_measures(c, &case)?;
    }
    Ok(())
}

pub fn store_measures(c: &Connection, case: &CaseSubmission) -> Result<(), StoreError> {
    let m = serde_json::to_string(&CaseMeasures::of(case))
        .map_err(|e| StoreError::Internal(e.to_string()))?;
    c.execute(
        "UPDATE cases SET measures = ?2 WHERE id = ?1",
        params![case.id, m],
    )
    .map_err(Db::err)?;
    Ok(())
}

pub fn parse_measures(json: &str) -> CaseMeasures {
    serde_json::from_str(json).unwrap_or_default()
}

pub fn set_target(c: &Connection, code: &str, target: &Target) -> Result<Reply, StoreError> {
    target.check().map_err(StoreError::BadRequest)?;
    let n = c
        .execute(
            "UPDATE categories SET target_min = ?2, target_pct = ?3 WHERE code = ?1",
            params![code, target.minutes, target.percent],
        )
        .map_err(Db::err)?;
    if n == 0 {
        return Err(StoreError::NotFound(format!(
            "category {} not found",
            code.escape_default()
        )));
    }
    let category = super::tickets::categories(c)?
        .into_iter()
        .find(|k| k.code == code)
        .ok_or_else(|| StoreError::Internal("category vanished".into()))?;
    Ok(Reply::ok(category))
}

/// A counter's mode now: the last change today, `None` before any.
pub fn counter_mode(
    c: &Connection,
    counter: &str,
    day: NaiveDate,
) -> Result<Option<CounterChange>, StoreError> {
    c.query_row(
        "SELECT counter, mode, reason, at FROM counter_log WHERE day = ?1 AND counter = ?2 \
         ORDER BY seq DESC LIMIT 1",
        params![day.to_string(), counter],
        row_change,
    )
    .optional()
    .map_err(Db::err)
    .map(Option::flatten)
}

fn row_change(r: &rusqlite::Row<'_>) -> rusqlite::Result<Option<CounterChange>> {
    let mode: String = r.get(1)?;
    let at: String = r.get(3)?;
    Ok(CounterMode::parse(&mode)
        .zip(parse_ts(&at))
        .map(|(mode, at)| CounterChange {
            counter: r.get(0).unwrap_or_default(),
            mode,
            reason: r.get(2).unwrap_or_default(),
            at,
        }))
}

/// Record a counter's change of mode; live views hear of it (not of a
/// change to the mode it has already).
pub fn set_counter(
    c: &Connection,
    counter: &str,
    req: &SetCounterState,
    by: &str,
    at: DateTime<Utc>,
) -> Result<(Reply, Vec<Change>), StoreError> {
    let reason = match (req.mode, req.reason.as_deref()) {
        (CounterMode::Paused, Some(r)) if crate::api::PAUSE_REASONS.contains(&r) => Some(r),
        (CounterMode::Paused, _) => {
            return Err(StoreError::BadRequest(format!(
                "reason: a pause says why: one of {}",
                crate::api::PAUSE_REASONS.join(", ")
            )))
        }
        (_, None) => None,
        (_, Some(_)) => {
            return Err(StoreError::BadRequest(
                "reason: only a pause has a reason".into(),
            ))
        }
    };
    let day = japan_day(at);
    let now = counter_mode(c, counter, day)?;
    if let Some(n) = &now {
        if n.mode == req.mode && n.reason.as_deref() == reason {
            return Ok((Reply::ok(n), Vec::new()));
        }
    }
    c.execute(
        "INSERT INTO counter_log(counter, day, mode, reason, at, by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![counter, day.to_string(), req.mode.as_str(), reason, ts(at), by],
    )
    .map_err(Db::err)?;
    let change = CounterChange {
        counter: counter.to_string(),
        mode: req.mode,
        reason: reason.map(str::to_string),
        at,
    };
    Ok((Reply::ok(&change), vec![Change::Counter(change)]))
}

/// The day's changes of every counter, in order.
pub fn counter_log(c: &Connection, day: NaiveDate) -> Result<Vec<CounterChange>, StoreError> {
    let mut stmt = c
        .prepare_cached(
            "SELECT counter, mode, reason, at FROM counter_log WHERE day = ?1 ORDER BY seq LIMIT 20000",
        )
        .map_err(Db::err)?;
    let rows = stmt
        .query_map([day.to_string()], row_change)
        .map_err(Db::err)?;
    Ok(rows
        .collect::<Result<Vec<_>, _>>()
        .map_err(Db::err)?
        .into_iter()
        .flatten()
        .collect())
}
