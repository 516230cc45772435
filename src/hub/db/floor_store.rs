//! What the floor and the supervisor measure: each category's
//! service-level target, each counter's mode (open, paused with a reason,
//! closed) through the day, and each case's one-stop measures.

use super::sql::{Row, Sql, SqlExt};
use super::{parse_ts, ts};
use crate::api::{japan_day, CaseSubmission, CounterChange, CounterMode, SetCounterState};
use crate::hub::store::{Change, Reply, StoreError};
use crate::measures::CaseMeasures;
use crate::service_level::Target;
use chrono::{DateTime, NaiveDate, Utc};

/// v4: targets on categories, the counters' log, the cases' measures
/// (filled for the cases kept).
pub fn migrate_v4(c: &dyn Sql) -> Result<(), StoreError> {
    c.batch(
        "ALTER TABLE categories ADD COLUMN target_min INTEGER NOT NULL DEFAULT 20;
         ALTER TABLE categories ADD COLUMN target_pct INTEGER NOT NULL DEFAULT 80;
         ALTER TABLE cases ADD COLUMN measures TEXT NOT NULL DEFAULT '{\"procedures\":[]}';
         CREATE TABLE counter_log(seq INTEGER PRIMARY KEY AUTOINCREMENT, counter TEXT NOT NULL,
           day TEXT NOT NULL, mode TEXT NOT NULL, reason TEXT, at TEXT NOT NULL, by TEXT NOT NULL);
         CREATE INDEX counter_log_day ON counter_log(day, counter, seq);",
    )?;
    let bodies: Vec<String> = c.all("SELECT body FROM cases", &[], |r| r.get(0))?;
    // A body this build cannot read keeps empty measures.
    for case in bodies
        .iter()
        .filter_map(|b| serde_json::from_str::<CaseSubmission>(b).ok())
    {
        store_measures(c, &case)?;
    }
    Ok(())
}

pub fn store_measures(c: &dyn Sql, case: &CaseSubmission) -> Result<(), StoreError> {
    let m = serde_json::to_string(&CaseMeasures::of(case))
        .map_err(|e| StoreError::Internal(e.to_string()))?;
    c.exec(
        "UPDATE cases SET measures = ?2 WHERE id = ?1",
        &[&case.id, &m],
    )?;
    Ok(())
}

pub fn parse_measures(json: &str) -> CaseMeasures {
    serde_json::from_str(json).unwrap_or_default()
}

pub fn set_target(c: &dyn Sql, code: &str, target: &Target) -> Result<Reply, StoreError> {
    target.check().map_err(StoreError::BadRequest)?;
    let n = c.exec(
        "UPDATE categories SET target_min = ?2, target_pct = ?3 WHERE code = ?1",
        &[&code, &target.minutes, &target.percent],
    )?;
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
    c: &dyn Sql,
    counter: &str,
    day: NaiveDate,
) -> Result<Option<CounterChange>, StoreError> {
    c.one(
        "SELECT counter, mode, reason, at FROM counter_log WHERE day = ?1 AND counter = ?2 \
         ORDER BY seq DESC LIMIT 1",
        &[&day.to_string(), &counter],
        row_change,
    )
    .map(Option::flatten)
}

fn row_change(r: &Row) -> Result<Option<CounterChange>, StoreError> {
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
    c: &dyn Sql,
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
    c.exec(
        "INSERT INTO counter_log(counter, day, mode, reason, at, by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        &[&counter, &day.to_string(), &req.mode.as_str(), &reason, &ts(at), &by],
    )?;
    let change = CounterChange {
        counter: counter.to_string(),
        mode: req.mode,
        reason: reason.map(str::to_string),
        at,
    };
    Ok((Reply::ok(&change), vec![Change::Counter(change)]))
}

/// The day's changes of every counter, in order.
pub fn counter_log(c: &dyn Sql, day: NaiveDate) -> Result<Vec<CounterChange>, StoreError> {
    Ok(c.all(
        "SELECT counter, mode, reason, at FROM counter_log WHERE day = ?1 ORDER BY seq LIMIT 20000",
        &[&day.to_string()],
        row_change,
    )?
    .into_iter()
    .flatten()
    .collect())
}
