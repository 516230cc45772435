//! Registry view, cases and scans, users and tokens, and the audit log (SQL of both stores).

use super::sql::{Dialect, Row, Sql, SqlExt, ToValue};
use super::{parse_ts, ts};
use crate::api::*;
use crate::hub::store::{AuditRecord, Reply, StoreError, StoredCase};
use crate::japanese::kana;
use chrono::{DateTime, Utc};

pub fn search(c: &dyn Sql, q: &ResidentQuery) -> Result<Vec<ResidentHit>, StoreError> {
    let mut clauses = Vec::new();
    let mut args: Vec<String> = Vec::new();
    if let Some(k) = q
        .kana
        .as_deref()
        .map(kana::search_key)
        .filter(|k| !k.is_empty())
    {
        // A range on the index: every key that starts with the prefix.
        clauses.push(format!(
            "kana_key >= ?{} AND kana_key < ?{}",
            args.len() + 1,
            args.len() + 2
        ));
        args.push(k.clone());
        args.push(format!("{k}\u{10FFFF}"));
    }
    if let Some(n) = q.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        clauses.push(format!(
            "name >= ?{} AND name < ?{}",
            args.len() + 1,
            args.len() + 2
        ));
        args.push(n.to_string());
        args.push(format!("{n}\u{10FFFF}"));
    }
    if let Some(b) = q.birth_date {
        clauses.push(format!("birth_date = ?{}", args.len() + 1));
        args.push(b.to_string());
    }
    if let Some(a) = q
        .address
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        let find = match c.dialect() {
            Dialect::Sqlite => "instr",
            Dialect::Postgres => "strpos",
        };
        clauses.push(format!("{find}(address, ?{}) > 0", args.len() + 1));
        args.push(a.to_string());
    }
    if clauses.is_empty() {
        return Err(StoreError::BadRequest(
            "give a kana or name prefix, a birth date or an address".into(),
        ));
    }
    let limit = q.limit.unwrap_or(50).clamp(1, 500);
    let sql = format!(
        "SELECT household_id, member_id, name, kana, birth_date, ward, address, relation, head FROM residents WHERE {} \
         ORDER BY kana_key, birth_date LIMIT {limit}",
        clauses.join(" AND ")
    );
    let params: Vec<&dyn ToValue> = args.iter().map(|a| a as &dyn ToValue).collect();
    c.all(&sql, &params, |r| {
        let birth: String = r.get(4)?;
        Ok(ResidentHit {
            household_id: r.get(0)?,
            member_id: r.get(1)?,
            name: r.get(2)?,
            kana: r.get(3)?,
            birth_date: chrono::NaiveDate::parse_from_str(&birth, "%Y-%m-%d").unwrap_or_default(),
            ward: r.get(5)?,
            address: r.get(6)?,
            relation: r.get(7)?,
            head: r.get(8)?,
        })
    })
}

pub fn household(c: &dyn Sql, id: &str) -> Result<Option<HouseholdRecord>, StoreError> {
    let body: Option<String> = c.value("SELECT body FROM households WHERE id = ?1", &[&id])?;
    match body {
        None => Ok(None),
        Some(b) => {
            let household =
                serde_json::from_str(&b).map_err(|e| StoreError::Internal(e.to_string()))?;
            Ok(Some(HouseholdRecord {
                id: id.to_string(),
                household,
            }))
        }
    }
}

pub fn submit_case(
    c: &dyn Sql,
    case: &CaseSubmission,
    by: &str,
    at: DateTime<Utc>,
) -> Result<Reply, StoreError> {
    if case.id.trim().is_empty() {
        return Err(StoreError::BadRequest("id: empty case id".into()));
    }
    let body = serde_json::to_string(case).map_err(|e| StoreError::Internal(e.to_string()))?;
    if let Some(existing) = case_summary(c, &case.id)? {
        // The same case sent again is answered as before; another case under
        // the same id is refused, never dropped.
        let (stored, stored_by): (String, Option<String>) = c
            .one(
                "SELECT body, submitted_by FROM cases WHERE id = ?1",
                &[&case.id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?
            .ok_or_else(|| StoreError::Internal("case vanished".into()))?;
        let stored_value = serde_json::from_str::<serde_json::Value>(&stored).ok();
        let same = stored_value == serde_json::to_value(case).ok();
        if same {
            return Ok(Reply::ok(existing));
        }
        // A case reopened at the counter comes again as its next revision and
        // replaces the one before, from the same clerk, until the back office
        // has taken it.
        let stored_revision = stored_value
            .as_ref()
            .and_then(|v| v.get("revision"))
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0);
        if u64::from(case.revision) > stored_revision {
            if existing.status != CaseStatus::Received {
                return Err(StoreError::Conflict(format!(
                    "id: case {} was taken by the back office ({}); it can no longer be changed at the counter",
                    case.id,
                    existing.status.as_str()
                )));
            }
            if stored_by.as_deref().is_some_and(|b| b != by) {
                return Err(StoreError::Conflict(format!(
                    "id: case {} was sent by another clerk; only they can change it",
                    case.id
                )));
            }
            let confirmed = serde_json::to_string(&case.confirmed)
                .map_err(|e| StoreError::Internal(e.to_string()))?;
            c.exec(
                "UPDATE cases SET updated_at = ?2, counter = ?3, ward = ?4, event = ?5, confirmed = ?6, body = ?7 \
                 WHERE id = ?1 AND status = 'received'",
                &[
                    &case.id,
                    &ts(at),
                    &case.counter,
                    &case.request.household.ward,
                    &case.request.event.kind.as_str(),
                    &confirmed,
                    &body,
                ],
            )?;
            super::floor_store::store_measures(c, case)?;
            super::procedures::sync_for_case(c, case, by, at)?;
            let summary = case_summary(c, &case.id)?
                .ok_or_else(|| StoreError::Internal("case vanished".into()))?;
            return Ok(Reply::ok(summary));
        }
        return Err(StoreError::Conflict(format!(
            "id: case {} already exists with other contents; a new visit needs a new case id",
            case.id
        )));
    }
    let confirmed =
        serde_json::to_string(&case.confirmed).map_err(|e| StoreError::Internal(e.to_string()))?;
    c.exec(
        "INSERT INTO cases(id, status, received_at, updated_at, counter, ward, event, confirmed, body, submitted_by) \
         VALUES (?1, 'received', ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        &[
            &case.id,
            &ts(at),
            &case.counter,
            &case.request.household.ward,
            &case.request.event.kind.as_str(),
            &confirmed,
            &body,
            &by,
        ],
    )?;
    super::floor_store::store_measures(c, case)?;
    super::procedures::sync_for_case(c, case, by, at)?;
    let summary =
        case_summary(c, &case.id)?.ok_or_else(|| StoreError::Internal("case vanished".into()))?;
    Ok(Reply::created(summary))
}

const CASE_COLUMNS: &str =
    "id, status, received_at, counter, ward, event, confirmed, (SELECT count(*) FROM scans s WHERE s.case_id = cases.id), measures";

fn row_case(r: &Row) -> Result<CaseSummary, StoreError> {
    let status: String = r.get(1)?;
    let confirmed: String = r.get(6)?;
    Ok(CaseSummary {
        id: r.get(0)?,
        status: CaseStatus::parse(&status).unwrap_or(CaseStatus::Received),
        received_at: parse_ts(&r.get::<String>(2)?).unwrap_or_default(),
        counter: r.get(3)?,
        ward: r.get(4)?,
        event: r.get(5)?,
        confirmed: serde_json::from_str(&confirmed).unwrap_or_default(),
        scans: r.get::<i64>(7)?.max(0) as u32,
        measures: super::floor_store::parse_measures(&r.get::<String>(8)?),
    })
}

pub fn case_summary(c: &dyn Sql, id: &str) -> Result<Option<CaseSummary>, StoreError> {
    c.one(
        &format!("SELECT {CASE_COLUMNS} FROM cases WHERE id = ?1"),
        &[&id],
        row_case,
    )
}

pub fn cases(
    c: &dyn Sql,
    status: Option<CaseStatus>,
    day: Option<chrono::NaiveDate>,
) -> Result<Vec<CaseSummary>, StoreError> {
    // Japan's day, in UTC: it starts at 15:00 the day before.
    let range = day.map(|d| {
        let start =
            d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() - chrono::Duration::hours(9);
        (ts(start), ts(start + chrono::Duration::days(1)))
    });
    c.all(
        &format!(
            "SELECT {CASE_COLUMNS} FROM cases WHERE (CAST(?1 AS TEXT) IS NULL OR status = ?1) \
             AND (CAST(?2 AS TEXT) IS NULL OR received_at >= ?2) AND (CAST(?3 AS TEXT) IS NULL OR received_at < ?3) \
             ORDER BY received_at, id LIMIT 5000"
        ),
        &[
            &status.map(CaseStatus::as_str),
            &range.as_ref().map(|r| r.0.clone()),
            &range.as_ref().map(|r| r.1.clone()),
        ],
        row_case,
    )
}

pub fn case(c: &dyn Sql, id: &str) -> Result<Option<StoredCase>, StoreError> {
    let Some(summary) = case_summary(c, id)? else {
        return Ok(None);
    };
    let (body, submitted_by): (String, Option<String>) = c
        .one(
            "SELECT body, submitted_by FROM cases WHERE id = ?1",
            &[&id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .ok_or_else(|| StoreError::Internal("case vanished".into()))?;
    let submission =
        serde_json::from_str(&body).map_err(|e| StoreError::Internal(e.to_string()))?;
    Ok(Some(StoredCase {
        summary,
        submission,
        submitted_by,
    }))
}

pub fn set_status(
    c: &dyn Sql,
    id: &str,
    status: CaseStatus,
    at: DateTime<Utc>,
) -> Result<Reply, StoreError> {
    let current =
        case_summary(c, id)?.ok_or_else(|| StoreError::NotFound(format!("case {id} not found")))?;
    let order = |s: CaseStatus| s as u8;
    if order(status) < order(current.status) {
        return Err(StoreError::Conflict(format!(
            "case {id} is {}: its status only moves forward (received, entered, checked, done)",
            current.status.as_str()
        )));
    }
    c.exec(
        "UPDATE cases SET status = ?2, updated_at = ?3 WHERE id = ?1",
        &[&id, &status.as_str(), &ts(at)],
    )?;
    // The whole case at once (the endpoint from before procedures had
    // stages): every procedure behind it follows, with a history entry.
    super::procedures::follow_case_status(c, id, status, at)?;
    Ok(Reply::ok(case_summary(c, id)?))
}

pub fn audit(c: &dyn Sql, rows: &[AuditRecord]) -> Result<Reply, StoreError> {
    for r in rows {
        c.exec(
            "INSERT INTO audit(at, \"user\", action, household_id, ticket, case_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            &[
                &ts(r.at),
                &r.user,
                &r.action,
                &r.household_id,
                &r.ticket,
                &r.case_id,
            ],
        )?;
    }
    Ok(Reply::ok(serde_json::json!({ "audited": rows.len() })))
}

pub fn audit_log(c: &dyn Sql, limit: u32) -> Result<Vec<AuditEntry>, StoreError> {
    c.all(
        "SELECT id, at, \"user\", action, household_id, ticket, case_id FROM audit ORDER BY id DESC LIMIT ?1",
        &[&limit.clamp(1, 10_000)],
        |r| {
            Ok(AuditEntry {
                id: r.get(0)?,
                at: parse_ts(&r.get::<String>(1)?).unwrap_or_default(),
                user: r.get(2)?,
                action: r.get(3)?,
                household_id: r.get(4)?,
                ticket: r.get(5)?,
                case_id: r.get(6)?,
            })
        },
    )
}
