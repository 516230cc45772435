//! The queue in SQLite: issuing, calling and serving tickets, and the queue view.

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{parse_ts, ts, Db};
use crate::api::*;
use crate::hub::store::{Changed, Reply, StoreError};

const COLUMNS: &str =
    "id, number, category, day, state, priority, counter, created_at, called_at, started_at, \
                       finished_at, outcome, transfers";

fn row_ticket(r: &Row<'_>) -> rusqlite::Result<Ticket> {
    let state: String = r.get(4)?;
    let day: String = r.get(3)?;
    let opt_ts = |i: usize| -> rusqlite::Result<Option<DateTime<Utc>>> {
        Ok(r.get::<_, Option<String>>(i)?.and_then(|s| parse_ts(&s)))
    };
    Ok(Ticket {
        id: r.get(0)?,
        number: r.get(1)?,
        category: r.get(2)?,
        day: NaiveDate::parse_from_str(&day, "%Y-%m-%d").unwrap_or_default(),
        state: TicketState::parse(&state).unwrap_or(TicketState::Waiting),
        priority: r.get::<_, i64>(5)? != 0,
        counter: r.get(6)?,
        created_at: parse_ts(&r.get::<_, String>(7)?).unwrap_or_default(),
        called_at: opt_ts(8)?,
        started_at: opt_ts(9)?,
        finished_at: opt_ts(10)?,
        outcome: r.get(11)?,
        transfers: r.get::<_, i64>(12)?.max(0) as u32,
    })
}

pub fn get(c: &Connection, id: &str) -> Result<Option<Ticket>, StoreError> {
    c.query_row(
        &format!("SELECT {COLUMNS} FROM tickets WHERE id = ?1"),
        [id],
        row_ticket,
    )
    .optional()
    .map_err(Db::err)
}

fn save(c: &Connection, t: &Ticket) -> Result<(), StoreError> {
    c.execute(
        "UPDATE tickets SET category=?2, state=?3, priority=?4, counter=?5, called_at=?6, started_at=?7, \
         finished_at=?8, outcome=?9, transfers=?10 WHERE id=?1",
        params![
            t.id,
            t.category,
            t.state.as_str(),
            t.priority as i64,
            t.counter,
            t.called_at.map(ts),
            t.started_at.map(ts),
            t.finished_at.map(ts),
            t.outcome,
            t.transfers as i64
        ],
    )
    .map_err(Db::err)?;
    Ok(())
}

fn category_exists(c: &Connection, code: &str) -> Result<bool, StoreError> {
    c.query_row("SELECT 1 FROM categories WHERE code = ?1", [code], |_| {
        Ok(())
    })
    .optional()
    .map_err(Db::err)
    .map(|o| o.is_some())
}

pub fn issue(
    c: &Connection,
    req: &IssueTicket,
    now: DateTime<Utc>,
) -> Result<(Reply, Changed), StoreError> {
    if !category_exists(c, &req.category)? {
        return Err(StoreError::BadRequest(format!(
            "category: unknown category '{}'",
            req.category
        )));
    }
    let created_at = req.created_at.unwrap_or(now).trunc_subsecs(3);
    let day = japan_day(created_at);
    let id = req
        .id
        .clone()
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    if let Some(existing) = get(c, &id)? {
        return Ok((Reply::ok(&existing), Vec::new()));
    }
    let number = match &req.number {
        Some(n) => {
            let parts: Vec<&str> = n.split('-').collect();
            let valid = parts.len() == 3
                && !parts[0].is_empty()
                && parts[0].chars().all(|ch| ch.is_ascii_alphanumeric())
                && parts[1] == req.category
                && !parts[2].is_empty()
                && parts[2].chars().all(|ch| ch.is_ascii_digit());
            if !valid {
                return Err(StoreError::BadRequest(format!(
                    "number: a counter's number looks like <prefix>-{}-<digits>, not '{n}'",
                    req.category
                )));
            }
            n.clone()
        }
        None => {
            let next: i64 = c
                .query_row(
                    "INSERT INTO ticket_seq(day, category, next) VALUES (?1, ?2, 2) \
                     ON CONFLICT(day, category) DO UPDATE SET next = next + 1 RETURNING next - 1",
                    params![day.to_string(), req.category],
                    |r| r.get(0),
                )
                .map_err(Db::err)?;
            format!("{}-{next:03}", req.category)
        }
    };
    let inserted = c.execute(
        &format!("INSERT INTO tickets({COLUMNS}) VALUES (?1, ?2, ?3, ?4, 'waiting', ?5, NULL, ?6, NULL, NULL, NULL, NULL, 0)"),
        params![id, number, req.category, day.to_string(), req.priority as i64, ts(created_at)],
    );
    match inserted {
        Ok(_) => {}
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            return Err(StoreError::Conflict(format!(
                "number: {number} already issued today"
            )));
        }
        Err(e) => return Err(Db::err(e)),
    }
    let t = get(c, &id)?.ok_or_else(|| StoreError::Internal("ticket vanished".into()))?;
    Ok((Reply::created(&t), vec![t]))
}

pub fn call_next(
    c: &Connection,
    req: &CallNext,
    now: DateTime<Utc>,
) -> Result<(Reply, Changed), StoreError> {
    let now = now.trunc_subsecs(3);
    let day = japan_day(now).to_string();
    let mut sql = format!(
        "SELECT {COLUMNS} FROM tickets WHERE day = ?1 AND state = 'waiting' AND (counter IS NULL OR counter = ?2)"
    );
    if !req.categories.is_empty() {
        let list: Vec<String> = req
            .categories
            .iter()
            .map(|k| format!("'{}'", k.replace('\'', "''")))
            .collect();
        sql.push_str(&format!(" AND category IN ({})", list.join(",")));
    }
    sql.push_str(" ORDER BY (counter IS NULL), priority DESC, created_at, number LIMIT 1");
    let next = c
        .query_row(&sql, params![day, req.counter], row_ticket)
        .optional()
        .map_err(Db::err)?;
    let Some(mut t) = next else {
        return Ok((
            Reply {
                status: 204,
                body: serde_json::Value::Null,
            },
            Vec::new(),
        ));
    };
    t.state = TicketState::Called;
    t.counter = Some(req.counter.clone());
    t.called_at = Some(now.max(t.created_at));
    save(c, &t)?;
    Ok((Reply::ok(&t), vec![t]))
}

pub fn act(
    c: &Connection,
    id: &str,
    action: &TicketAction,
    at: DateTime<Utc>,
) -> Result<(Reply, Changed), StoreError> {
    let mut t =
        get(c, id)?.ok_or_else(|| StoreError::NotFound(format!("ticket {id} not found")))?;
    if let TicketAction::Transfer {
        category: Some(cat),
        ..
    } = action
    {
        if !category_exists(c, cat)? {
            return Err(StoreError::BadRequest(format!(
                "category: unknown category '{cat}'"
            )));
        }
    }
    match crate::queue::apply_action(&mut t, action, at) {
        Ok(crate::queue::Applied::Unchanged) => Ok((Reply::ok(&t), Vec::new())),
        Ok(crate::queue::Applied::Changed) => {
            save(c, &t)?;
            Ok((Reply::ok(&t), vec![t]))
        }
        Err(crate::queue::ActionError::Conflict(m)) => Err(StoreError::Conflict(m)),
        Err(crate::queue::ActionError::Invalid(m)) => Err(StoreError::BadRequest(m)),
    }
}

pub fn of_day(c: &Connection, day: NaiveDate) -> Result<Vec<Ticket>, StoreError> {
    let mut stmt = c
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM tickets WHERE day = ?1 ORDER BY created_at, number"
        ))
        .map_err(Db::err)?;
    let rows = stmt
        .query_map([day.to_string()], row_ticket)
        .map_err(Db::err)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(Db::err)
}

pub fn categories(c: &Connection) -> Result<Vec<Category>, StoreError> {
    let mut stmt = c
        .prepare_cached("SELECT code, name FROM categories ORDER BY ord, code")
        .map_err(Db::err)?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Category {
                code: r.get(0)?,
                name: r.get(1)?,
            })
        })
        .map_err(Db::err)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(Db::err)
}

pub fn view(c: &Connection, day: NaiveDate, now: DateTime<Utc>) -> Result<QueueView, StoreError> {
    let tickets = of_day(c, day)?;
    let categories = categories(c)?
        .into_iter()
        .map(|cat| {
            let waiting: Vec<&Ticket> = tickets
                .iter()
                .filter(|t| t.category == cat.code && t.state == TicketState::Waiting)
                .collect();
            let longest = waiting
                .iter()
                .map(|t| (now - t.created_at).num_seconds())
                .max()
                .unwrap_or(0)
                .max(0);
            CategoryWaiting {
                category: cat.code,
                name: cat.name,
                waiting: waiting.len() as u32,
                longest_wait_s: longest,
            }
        })
        .collect();
    Ok(QueueView {
        day,
        categories,
        tickets,
    })
}
