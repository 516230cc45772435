//! Scanned pages: a case's pages (with the form and page their QR
//! code names), the unrouted tray, and the log of every move (schema v3).
//! Nothing here deletes a page.

use super::records::case_summary;
use super::sql::{Sql, SqlExt};
use super::{parse_ts, ts};
use crate::api::*;
use crate::hub::store::{Reply, StoreError};
use chrono::{DateTime, Utc};

/// Scanned pages of one case at most (a visit's batch is a handful of forms).
pub const MAX_SCANS_PER_CASE: i64 = 60;
/// Bytes of scans of one case at most.
pub const MAX_SCAN_BYTES_PER_CASE: i64 = 200 * 1_000_000;
/// Pages waiting in the tray at most, and their bytes.
pub const MAX_UNROUTED: i64 = 2000;
pub const MAX_UNROUTED_BYTES: i64 = 2_000 * 1_000_000;

/// The v3 additions: where a scan belongs and came from, the tray, the log.
pub fn migrate_v3(c: &dyn Sql) -> Result<(), StoreError> {
    c.batch(
        "ALTER TABLE scans ADD COLUMN form TEXT;
         ALTER TABLE scans ADD COLUMN page INTEGER;
         ALTER TABLE scans ADD COLUMN source TEXT;
         CREATE INDEX IF NOT EXISTS scans_place ON scans(case_id, form, page);
         CREATE TABLE IF NOT EXISTS unrouted(id TEXT PRIMARY KEY, source TEXT NOT NULL, reason TEXT NOT NULL,
           bytes INTEGER NOT NULL, content_type TEXT NOT NULL, data BLOB NOT NULL, received_at TEXT NOT NULL,
           assigned_case TEXT, assigned_by TEXT, assigned_at TEXT);
         CREATE TABLE IF NOT EXISTS scan_log(id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, by TEXT NOT NULL,
           action TEXT NOT NULL, scan_id TEXT, unrouted_id TEXT, case_id TEXT, form TEXT, page INTEGER,
           source TEXT, reason TEXT);",
    )
}

#[allow(clippy::too_many_arguments)]
fn log(
    c: &dyn Sql,
    at: DateTime<Utc>,
    by: &str,
    action: &str,
    scan_id: Option<&str>,
    unrouted_id: Option<&str>,
    place: (Option<&str>, Option<&str>, Option<u32>),
    source: Option<&str>,
    reason: Option<&str>,
) -> Result<(), StoreError> {
    c.exec(
        "INSERT INTO scan_log(at, by, action, scan_id, unrouted_id, case_id, form, page, source, reason) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        &[&ts(at), &by, &action, &scan_id, &unrouted_id, &place.0, &place.1, &place.2, &source, &reason],
    )?;
    Ok(())
}

/// A page for a case. With a form and page, a second page at the same place
/// is refused as a duplicate (the first stays).
pub fn add_scan(
    c: &dyn Sql,
    case_id: &str,
    content_type: &str,
    data: &[u8],
    place: &ScanPlace,
    by: &str,
    at: DateTime<Utc>,
) -> Result<Reply, StoreError> {
    // Answered as it will read back (the store keeps milliseconds).
    let at = parse_ts(&ts(at)).unwrap_or(at);
    if case_summary(c, case_id)?.is_none() {
        return Err(StoreError::NotFound(format!("case {case_id} not found")));
    }
    if let (Some(form), Some(page)) = (&place.form, place.page) {
        let there: Option<String> = c.value(
            "SELECT id FROM scans WHERE case_id = ?1 AND form = ?2 AND page = ?3",
            &[&case_id, form, &page],
        )?;
        if there.is_some() {
            return Err(StoreError::Conflict(format!(
                "duplicate: case {case_id} already has page {page} of {form}"
            )));
        }
    }
    let (count, bytes): (i64, i64) = c
        .one(
            "SELECT count(*), CAST(coalesce(sum(bytes), 0) AS BIGINT) FROM scans WHERE case_id = ?1",
            &[&case_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .unwrap_or((0, 0));
    if count >= MAX_SCANS_PER_CASE || bytes + data.len() as i64 > MAX_SCAN_BYTES_PER_CASE {
        return Err(StoreError::Full(format!(
            "case {case_id} has {count} scans ({} MB): at most {MAX_SCANS_PER_CASE} pages and {} MB a case",
            bytes / 1_000_000,
            MAX_SCAN_BYTES_PER_CASE / 1_000_000
        )));
    }
    let id = uuid::Uuid::new_v4().to_string();
    c.exec(
        "INSERT INTO scans(id, case_id, bytes, content_type, data, received_at, form, page, source) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        &[
            &id,
            &case_id,
            &data.len(),
            &content_type,
            &data,
            &ts(at),
            &place.form,
            &place.page,
            &place.source,
        ],
    )?;
    log(
        c,
        at,
        by,
        "attached",
        Some(&id),
        None,
        (Some(case_id), place.form.as_deref(), place.page),
        place.source.as_deref(),
        None,
    )?;
    Ok(Reply::created(ScanInfo {
        id,
        case_id: case_id.to_string(),
        bytes: data.len() as u64,
        content_type: content_type.to_string(),
        received_at: at,
        form: place.form.clone(),
        page: place.page,
        source: place.source.clone(),
    }))
}

pub fn scans(c: &dyn Sql, case_id: &str) -> Result<Vec<ScanInfo>, StoreError> {
    c.all(
        "SELECT id, case_id, bytes, content_type, received_at, form, page, source FROM scans \
         WHERE case_id = ?1 ORDER BY page IS NULL, page, received_at",
        &[&case_id],
        |r| {
            Ok(ScanInfo {
                id: r.get(0)?,
                case_id: r.get(1)?,
                bytes: r.get::<i64>(2)?.max(0) as u64,
                content_type: r.get(3)?,
                received_at: parse_ts(&r.get::<String>(4)?).unwrap_or_default(),
                form: r.get(5)?,
                page: r.get::<Option<i64>>(6)?.map(|p| p.max(0) as u32),
                source: r.get(7)?,
            })
        },
    )
}

pub fn scan_image(c: &dyn Sql, id: &str) -> Result<Option<(String, String, Vec<u8>)>, StoreError> {
    c.one(
        "SELECT case_id, content_type, data FROM scans WHERE id = ?1",
        &[&id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

pub fn add_unrouted(
    c: &dyn Sql,
    place: &UnroutedPlace,
    content_type: &str,
    data: &[u8],
    by: &str,
    at: DateTime<Utc>,
) -> Result<Reply, StoreError> {
    // Answered as it will read back (the store keeps milliseconds).
    let at = parse_ts(&ts(at)).unwrap_or(at);
    let (count, bytes): (i64, i64) = c
        .one(
            "SELECT count(*), CAST(coalesce(sum(bytes), 0) AS BIGINT) FROM unrouted WHERE assigned_case IS NULL",
            &[],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .unwrap_or((0, 0));
    if count >= MAX_UNROUTED || bytes + data.len() as i64 > MAX_UNROUTED_BYTES {
        return Err(StoreError::Full(format!(
            "the unrouted tray holds {count} pages: place some before adding more (at most {MAX_UNROUTED})"
        )));
    }
    let id = uuid::Uuid::new_v4().to_string();
    c.exec(
        "INSERT INTO unrouted(id, source, reason, bytes, content_type, data, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        &[&id, &place.source, &place.reason, &data.len(), &content_type, &data, &ts(at)],
    )?;
    log(
        c,
        at,
        by,
        "unrouted",
        None,
        Some(&id),
        (None, None, None),
        Some(&place.source),
        Some(&place.reason),
    )?;
    Ok(Reply::created(UnroutedPage {
        id,
        source: place.source.clone(),
        reason: place.reason.clone(),
        bytes: data.len() as u64,
        content_type: content_type.to_string(),
        received_at: at,
        assigned_case: None,
        assigned_by: None,
    }))
}

pub fn unrouted(c: &dyn Sql, open: bool) -> Result<Vec<UnroutedPage>, StoreError> {
    c.all(
        "SELECT id, source, reason, bytes, content_type, received_at, assigned_case, assigned_by FROM unrouted \
         WHERE CAST(?1 AS BIGINT) = 0 OR assigned_case IS NULL ORDER BY received_at, source LIMIT 2000",
        &[&open],
        |r| {
            Ok(UnroutedPage {
                id: r.get(0)?,
                source: r.get(1)?,
                reason: r.get(2)?,
                bytes: r.get::<i64>(3)?.max(0) as u64,
                content_type: r.get(4)?,
                received_at: parse_ts(&r.get::<String>(5)?).unwrap_or_default(),
                assigned_case: r.get(6)?,
                assigned_by: r.get(7)?,
            })
        },
    )
}

pub fn unrouted_image(c: &dyn Sql, id: &str) -> Result<Option<(String, Vec<u8>)>, StoreError> {
    c.one(
        "SELECT content_type, data FROM unrouted WHERE id = ?1",
        &[&id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// A person places a tray page on a case: the page is copied to the case's
/// scans and the tray row records where it went and who placed it.
pub fn assign(
    c: &dyn Sql,
    id: &str,
    to: &AssignPage,
    by: &str,
    at: DateTime<Utc>,
) -> Result<Reply, StoreError> {
    let row: Option<(String, String, Vec<u8>, Option<String>)> = c.one(
        "SELECT source, content_type, data, assigned_case FROM unrouted WHERE id = ?1",
        &[&id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let Some((source, content_type, data, assigned)) = row else {
        return Err(StoreError::NotFound(format!("no unrouted page {id}")));
    };
    if let Some(case) = assigned {
        return Err(StoreError::Conflict(format!(
            "this page was already placed on case {case}"
        )));
    }
    let place = ScanPlace {
        form: to.form.clone(),
        page: to.page,
        source: Some(source),
    };
    let reply = add_scan(c, &to.case_id, &content_type, &data, &place, by, at)?;
    c.exec(
        "UPDATE unrouted SET assigned_case = ?2, assigned_by = ?3, assigned_at = ?4 WHERE id = ?1",
        &[&id, &to.case_id, &by, &ts(at)],
    )?;
    log(
        c,
        at,
        by,
        "assigned",
        reply.body.get("id").and_then(|v| v.as_str()),
        Some(id),
        (Some(&to.case_id), to.form.as_deref(), to.page),
        place.source.as_deref(),
        None,
    )?;
    Ok(reply)
}
