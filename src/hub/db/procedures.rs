//! Each confirmed procedure of a case at the back office: its
//! stage, claim and history (schema v3). The rules of the stages are the
//! core's (`processing::apply`); this file only keeps what they decide.

use std::sync::OnceLock;

use super::sql::{Dialect, Row, Sql, SqlExt};
use super::{parse_ts, ts};
use crate::api::{CaseSubmission, Role};
use crate::hub::store::StoreError;
use crate::japanese::calendar::OfficeCalendar;
use crate::processing::{
    apply, claim_until, ProcedureEvent, ProcedureStatus, Stage, StageChange, Step, Targets,
    WorkFilter,
};
use chrono::{DateTime, NaiveDate, Utc};

pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS procedures(case_id TEXT NOT NULL, procedure TEXT NOT NULL, title TEXT NOT NULL,
  window TEXT NOT NULL, stage TEXT NOT NULL, counter TEXT NOT NULL, received_at TEXT NOT NULL,
  updated_at TEXT NOT NULL, due TEXT, target TEXT, claimed_by TEXT, claim_until TEXT, note TEXT,
  PRIMARY KEY(case_id, procedure));
CREATE INDEX IF NOT EXISTS procedures_stage ON procedures(stage, received_at);
CREATE TABLE IF NOT EXISTS procedure_history(id INTEGER PRIMARY KEY AUTOINCREMENT, case_id TEXT NOT NULL,
  procedure TEXT NOT NULL, stage TEXT NOT NULL, step TEXT NOT NULL, by TEXT NOT NULL, at TEXT NOT NULL, note TEXT);
CREATE INDEX IF NOT EXISTS procedure_history_case ON procedure_history(case_id, procedure, id);
";

static TARGETS: OnceLock<Targets> = OnceLock::new();

/// The service targets this hub uses (set once at start; the built-in file
/// otherwise).
pub fn use_targets(t: Targets) -> bool {
    TARGETS.set(t).is_ok()
}

fn targets() -> &'static Targets {
    TARGETS.get_or_init(Targets::builtin)
}

/// An instant as the office's clock shows it (HH:MM, Japan time).
fn japan_hhmm(at: DateTime<Utc>) -> String {
    (at + chrono::Duration::hours(9))
        .format("%H:%M")
        .to_string()
}

/// The day in Japan of an instant (the office's day).
fn japan_day(at: DateTime<Utc>) -> NaiveDate {
    (at + chrono::Duration::hours(9)).date_naive()
}

/// The rows of a case's confirmed procedures: new ones are received now; one
/// no longer confirmed (a revision from the counter) goes with its history;
/// the rest stay as they are.
pub fn sync_for_case(
    c: &dyn Sql,
    case: &CaseSubmission,
    by: &str,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let existing: Vec<String> = c.all(
        "SELECT procedure FROM procedures WHERE case_id = ?1",
        &[&case.id],
        |r| r.get(0),
    )?;
    for gone in existing.iter().filter(|p| !case.confirmed.contains(p)) {
        c.exec(
            "DELETE FROM procedures WHERE case_id = ?1 AND procedure = ?2",
            &[&case.id, gone],
        )?;
        c.exec(
            "DELETE FROM procedure_history WHERE case_id = ?1 AND procedure = ?2",
            &[&case.id, gone],
        )?;
    }
    let calendar = OfficeCalendar::default();
    for id in case.confirmed.iter().filter(|p| !existing.contains(p)) {
        let found = case.determination.procedure(id);
        let title = found.map_or_else(|| id.clone(), |p| p.title.clone());
        let window = found.map(|p| p.window.clone()).unwrap_or_default();
        let due = found.and_then(|p| p.next_open_day.or(p.deadline));
        let target = targets().target(id, japan_day(at), &calendar);
        c.exec(
            "INSERT INTO procedures(case_id, procedure, title, \"window\", stage, counter, received_at, updated_at, due, target) \
             VALUES (?1, ?2, ?3, ?4, 'received', ?5, ?6, ?6, ?7, ?8)",
            &[
                &case.id,
                id,
                &title,
                &window,
                &case.counter,
                &ts(at),
                &due.map(|d| d.to_string()),
                &target.map(|d| d.to_string()),
            ],
        )?;
        history(c, &case.id, id, Stage::Received, "received", by, at, None)?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn history(
    c: &dyn Sql,
    case_id: &str,
    procedure: &str,
    stage: Stage,
    step: &str,
    by: &str,
    at: DateTime<Utc>,
    note: Option<&str>,
) -> Result<(), StoreError> {
    c.exec(
        "INSERT INTO procedure_history(case_id, procedure, stage, step, by, at, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        &[&case_id, &procedure, &stage.as_str(), &step, &by, &ts(at), &note],
    )?;
    Ok(())
}

const COLUMNS: &str = "case_id, procedure, title, \"window\", stage, counter, received_at, updated_at, due, target, claimed_by, claim_until, note";

fn row(r: &Row) -> Result<ProcedureStatus, StoreError> {
    let date = |s: Option<String>| s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok());
    Ok(ProcedureStatus {
        case_id: r.get(0)?,
        procedure: r.get(1)?,
        title: r.get(2)?,
        window: r.get(3)?,
        stage: Stage::parse(&r.get::<String>(4)?).unwrap_or(Stage::Received),
        counter: r.get(5)?,
        received_at: parse_ts(&r.get::<String>(6)?).unwrap_or_default(),
        updated_at: parse_ts(&r.get::<String>(7)?).unwrap_or_default(),
        due: date(r.get(8)?),
        target: date(r.get(9)?),
        claimed_by: r.get(10)?,
        claim_until: r.get::<Option<String>>(11)?.and_then(|s| parse_ts(&s)),
        note: r.get(12)?,
        history: Vec::new(),
    })
}

fn one(c: &dyn Sql, case_id: &str, procedure: &str) -> Result<ProcedureStatus, StoreError> {
    c.one(
        &format!("SELECT {COLUMNS} FROM procedures WHERE case_id = ?1 AND procedure = ?2"),
        &[&case_id, &procedure],
        row,
    )?
    .ok_or_else(|| StoreError::NotFound(format!("case {case_id} has no procedure {procedure}")))
}

fn with_history(c: &dyn Sql, mut p: ProcedureStatus) -> Result<ProcedureStatus, StoreError> {
    p.history = c.all(
        "SELECT stage, step, by, at, note FROM procedure_history WHERE case_id = ?1 AND procedure = ?2 ORDER BY id",
        &[&p.case_id, &p.procedure],
        |r| {
            Ok(StageChange {
                stage: Stage::parse(&r.get::<String>(0)?).unwrap_or(Stage::Received),
                step: r.get(1)?,
                by: r.get(2)?,
                at: parse_ts(&r.get::<String>(3)?).unwrap_or_default(),
                note: r.get(4)?,
            })
        },
    )?;
    Ok(p)
}

/// A case's procedures with their histories, in the order confirmed.
pub fn for_case(c: &dyn Sql, case_id: &str) -> Result<Vec<ProcedureStatus>, StoreError> {
    let list = c.all(
        &format!(
            "SELECT {COLUMNS} FROM procedures WHERE case_id = ?1 ORDER BY {}",
            insertion_order(c)
        ),
        &[&case_id],
        row,
    )?;
    list.into_iter().map(|p| with_history(c, p)).collect()
}

/// The column that keeps the order rows were inserted in (SQLite's rowid;
/// a serial column on PostgreSQL).
fn insertion_order(c: &dyn Sql) -> &'static str {
    match c.dialect() {
        Dialect::Sqlite => "rowid",
        Dialect::Postgres => "seq",
    }
}

/// The most a list answers.
pub const MAX_LIST: u32 = 2000;

/// The worklist: procedures by the filter, oldest first.
pub fn list(
    c: &dyn Sql,
    f: &WorkFilter,
    now: DateTime<Utc>,
) -> Result<Vec<ProcedureStatus>, StoreError> {
    let stage = match f.stage.as_deref() {
        None | Some("") | Some("open") => None,
        Some(s) => Some(
            Stage::parse(s)
                .ok_or_else(|| StoreError::BadRequest(format!("stage: no stage {s}")))?
                .as_str(),
        ),
    };
    let open_only = f
        .stage
        .as_deref()
        .is_none_or(|s| s.is_empty() || s == "open");
    // The day's window in UTC: Japan's day starts at 15:00 UTC the day before.
    let (from, to) = match f.day {
        Some(d) => {
            let start =
                d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() - chrono::Duration::hours(9);
            (Some(ts(start)), Some(ts(start + chrono::Duration::days(1))))
        }
        None => (None, None),
    };
    let all: Vec<ProcedureStatus> = c.all(
        &format!(
            "SELECT {COLUMNS} FROM procedures WHERE (CAST(?1 AS TEXT) IS NULL OR stage = ?1) \
             AND (CAST(?2 AS BIGINT) = 0 OR stage != 'done') \
             AND (CAST(?3 AS TEXT) IS NULL OR \"window\" = ?3) AND (CAST(?4 AS TEXT) IS NULL OR case_id = ?4) \
             AND (CAST(?5 AS TEXT) IS NULL OR received_at >= ?5) AND (CAST(?6 AS TEXT) IS NULL OR received_at < ?6) \
             ORDER BY received_at, case_id, {} LIMIT ?7",
            insertion_order(c)
        ),
        &[
            &stage,
            &i64::from(open_only && stage.is_none() && f.case.is_none() && f.day.is_none()),
            &f.window,
            &f.case,
            &from,
            &to,
            &MAX_LIST,
        ],
        row,
    )?;
    let today = japan_day(now);
    Ok(match f.overdue {
        Some(want) => all
            .into_iter()
            .filter(|p| p.overdue(today) == want)
            .collect(),
        None => all,
    })
}

/// A step on one procedure by `by`; the claim of another back-office clerk
/// is respected, and a back-office step claims it for its taker.
pub fn step(
    c: &dyn Sql,
    case_id: &str,
    procedure: &str,
    step: &Step,
    (by, role, by_counter): (&str, Role, Option<&str>),
    at: DateTime<Utc>,
) -> Result<(ProcedureStatus, ProcedureEvent), StoreError> {
    let p = one(c, case_id, procedure)?;
    // Another counter's case is not this clerk's to answer (nor to see exist).
    if by_counter.is_some_and(|mine| mine != p.counter) {
        return Err(StoreError::NotFound(format!(
            "case {case_id} has no procedure {procedure} at this counter"
        )));
    }
    let back_office = !matches!(step, Step::Answer { .. });
    if back_office {
        if let Some(holder) = p.holder(at).filter(|h| *h != by) {
            return Err(StoreError::Conflict(format!(
                "{procedure} of case {case_id} is being worked by {holder} until {}",
                p.claim_until.map(japan_hhmm).unwrap_or_default()
            )));
        }
    }
    let next = apply(p.stage, step, role).map_err(|e| match e {
        crate::processing::StepError::Role { .. } => StoreError::BadRequest(e.to_string()),
        crate::processing::StepError::Illegal { .. } => StoreError::Conflict(e.to_string()),
        _ => StoreError::BadRequest(e.to_string()),
    })?;
    let note = step.note().map(str::trim).or(p.note.as_deref());
    let (claimed_by, until) = if back_office && next != Stage::Done {
        (Some(by.to_string()), Some(ts(claim_until(at))))
    } else {
        (None, None)
    };
    c.exec(
        "UPDATE procedures SET stage = ?3, updated_at = ?4, note = ?5, claimed_by = ?6, claim_until = ?7 \
         WHERE case_id = ?1 AND procedure = ?2",
        &[&case_id, &procedure, &next.as_str(), &ts(at), &note, &claimed_by, &until],
    )?;
    history(
        c,
        case_id,
        procedure,
        next,
        step.name(),
        by,
        at,
        step.note().map(str::trim),
    )?;
    update_case_status(c, case_id, at)?;
    let p = with_history(c, one(c, case_id, procedure)?)?;
    let event = ProcedureEvent {
        seq: 0,
        case_id: case_id.to_string(),
        procedure: procedure.to_string(),
        stage: next,
        counter: p.counter.clone(),
    };
    Ok((p, event))
}

/// Claim (or, with `release`, give back) a procedure for `by`.
pub fn claim(
    c: &dyn Sql,
    case_id: &str,
    procedure: &str,
    by: &str,
    release: bool,
    at: DateTime<Utc>,
) -> Result<ProcedureStatus, StoreError> {
    let p = one(c, case_id, procedure)?;
    if let Some(holder) = p.holder(at).filter(|h| *h != by) {
        return Err(StoreError::Conflict(format!(
            "{procedure} of case {case_id} is being worked by {holder} until {}",
            p.claim_until.map(japan_hhmm).unwrap_or_default()
        )));
    }
    if !release && !p.stage.open() {
        return Err(StoreError::Conflict(format!(
            "{procedure} of case {case_id} is done: nothing to claim"
        )));
    }
    let (who, until) = if release {
        (None, None)
    } else {
        (Some(by.to_string()), Some(ts(claim_until(at))))
    };
    c.exec(
        "UPDATE procedures SET claimed_by = ?3, claim_until = ?4 WHERE case_id = ?1 AND procedure = ?2",
        &[&case_id, &procedure, &who, &until],
    )?;
    with_history(c, one(c, case_id, procedure)?)
}

/// The case's one status, from its procedures (the counter may still change
/// a case that no procedure of has left 受付).
fn update_case_status(c: &dyn Sql, case_id: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
    let stages: Vec<Stage> = c
        .all(
            "SELECT stage FROM procedures WHERE case_id = ?1",
            &[&case_id],
            |r| r.get::<String>(0),
        )?
        .iter()
        .filter_map(|s| Stage::parse(s))
        .collect();
    let status = if !stages.is_empty() && stages.iter().all(|s| *s == Stage::Done) {
        "done"
    } else if !stages.is_empty()
        && stages
            .iter()
            .all(|s| matches!(s, Stage::Checked | Stage::Done))
    {
        "checked"
    } else if stages
        .iter()
        .any(|s| matches!(s, Stage::Entered | Stage::Checked | Stage::Done))
    {
        "entered"
    } else {
        "received"
    };
    c.exec(
        "UPDATE cases SET status = ?2, updated_at = ?3 WHERE id = ?1",
        &[&case_id, &status, &ts(at)],
    )?;
    Ok(())
}

/// A case's status set as a whole: each procedure not yet that far (and not
/// waiting for the counter) is moved there.
pub fn follow_case_status(
    c: &dyn Sql,
    case_id: &str,
    status: crate::api::CaseStatus,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    use crate::api::CaseStatus;
    let (stage, behind): (Stage, &[&str]) = match status {
        CaseStatus::Received => return Ok(()),
        CaseStatus::Entered => (Stage::Entered, &["received"]),
        CaseStatus::Checked => (Stage::Checked, &["received", "entered"]),
        CaseStatus::Done => (Stage::Done, &["received", "entered", "checked"]),
    };
    for from in behind {
        let moved: Vec<String> = c.all(
            "SELECT procedure FROM procedures WHERE case_id = ?1 AND stage = ?2",
            &[&case_id, from],
            |r| r.get(0),
        )?;
        for p in moved {
            c.exec(
                "UPDATE procedures SET stage = ?3, updated_at = ?4 WHERE case_id = ?1 AND procedure = ?2",
                &[&case_id, &p, &stage.as_str(), &ts(at)],
            )?;
            history(
                c,
                case_id,
                &p,
                stage,
                "case_status",
                "back_office",
                at,
                None,
            )?;
        }
    }
    Ok(())
}

/// Schema v3 for a hub that kept cases with one status: every confirmed
/// procedure of every case gets a row at the stage of its case, with one
/// history entry saying so. Nothing of the cases changes.
pub fn migrate_v3(c: &dyn Sql) -> Result<(), StoreError> {
    c.batch(SCHEMA)?;
    let cases: Vec<(String, String, String, String)> = c.all(
        "SELECT id, status, updated_at, body FROM cases ORDER BY received_at, id",
        &[],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    for (id, status, updated, body) in cases {
        let case: CaseSubmission = serde_json::from_str(&body).map_err(|e| {
            StoreError::Internal(format!("case {id} cannot be read for migration: {e}"))
        })?;
        let received: String = c
            .value("SELECT received_at FROM cases WHERE id = ?1", &[&id])?
            .unwrap_or_default();
        let at = parse_ts(&received).unwrap_or_default();
        sync_for_case(c, &case, "migration", at)?;
        let stage = match status.as_str() {
            "entered" => Stage::Entered,
            "checked" => Stage::Checked,
            "done" => Stage::Done,
            _ => Stage::Received,
        };
        c.exec(
            "UPDATE procedures SET stage = ?2, updated_at = ?3 WHERE case_id = ?1",
            &[&id, &stage.as_str(), &updated],
        )?;
        c.exec(
            "UPDATE procedure_history SET stage = ?2, step = 'migrated', by = 'migration' WHERE case_id = ?1",
            &[&id, &stage.as_str()],
        )?;
    }
    Ok(())
}
