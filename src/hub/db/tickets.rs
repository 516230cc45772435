//! The queue: issuing, calling and serving tickets, and the queue view.

use super::sql::{Dialect, Row, Sql, SqlExt};
use super::{parse_ts, ts};
use crate::api::*;
use crate::hub::store::{Changed, Reply, StoreError};
use chrono::{DateTime, NaiveDate, SubsecRound, Utc};

const COLUMNS: &str =
    "id, number, category, day, state, priority, counter, created_at, called_at, started_at, \
                       finished_at, outcome, transfers";

fn row_ticket(r: &Row) -> Result<Ticket, StoreError> {
    let state: String = r.get(4)?;
    let day: String = r.get(3)?;
    let opt_ts = |i: usize| -> Result<Option<DateTime<Utc>>, StoreError> {
        Ok(r.get::<Option<String>>(i)?.and_then(|s| parse_ts(&s)))
    };
    Ok(Ticket {
        id: r.get(0)?,
        number: r.get(1)?,
        category: r.get(2)?,
        day: NaiveDate::parse_from_str(&day, "%Y-%m-%d").unwrap_or_default(),
        state: TicketState::parse(&state).unwrap_or(TicketState::Waiting),
        priority: r.get::<i64>(5)? != 0,
        counter: r.get(6)?,
        created_at: parse_ts(&r.get::<String>(7)?).unwrap_or_default(),
        called_at: opt_ts(8)?,
        started_at: opt_ts(9)?,
        finished_at: opt_ts(10)?,
        outcome: r.get(11)?,
        transfers: r.get::<i64>(12)?.max(0) as u32,
    })
}

pub fn get(c: &dyn Sql, id: &str) -> Result<Option<Ticket>, StoreError> {
    c.one(
        &format!("SELECT {COLUMNS} FROM tickets WHERE id = ?1"),
        &[&id],
        row_ticket,
    )
}

fn save(c: &dyn Sql, t: &Ticket) -> Result<(), StoreError> {
    c.exec(
        "UPDATE tickets SET category=?2, state=?3, priority=?4, counter=?5, called_at=?6, started_at=?7, \
         finished_at=?8, outcome=?9, transfers=?10 WHERE id=?1",
        &[
            &t.id,
            &t.category,
            &t.state.as_str(),
            &t.priority,
            &t.counter,
            &t.called_at.map(ts),
            &t.started_at.map(ts),
            &t.finished_at.map(ts),
            &t.outcome,
            &t.transfers,
        ],
    )?;
    Ok(())
}

fn category_exists(c: &dyn Sql, code: &str) -> Result<bool, StoreError> {
    Ok(
        c.one("SELECT 1 FROM categories WHERE code = ?1", &[&code], |_| {
            Ok(())
        })?
        .is_some(),
    )
}

/// Tickets of one category one day at most: a queue longer than any office
/// has, so that nobody can fill the hub with tickets.
pub const MAX_PER_CATEGORY_DAY: i64 = 5000;

/// How far back a counter may date a ticket it issued while the hub was away.
pub const MAX_OFFLINE_AGE_DAYS: i64 = 7;

/// When a ticket was issued: the counter's time when it brings one (a clock a
/// little ahead is taken as now), refused when it is not a time a counter
/// could have issued it.
fn issued_at(req: &IssueTicket, now: DateTime<Utc>) -> Result<DateTime<Utc>, StoreError> {
    let Some(at) = req.created_at else {
        return Ok(now.trunc_subsecs(3));
    };
    let earliest = now - chrono::Duration::days(MAX_OFFLINE_AGE_DAYS);
    let latest = now + chrono::Duration::minutes(5);
    if at < earliest || at > latest {
        return Err(StoreError::BadRequest(format!(
            "created_at: {} is not within the last {MAX_OFFLINE_AGE_DAYS} days",
            at.to_rfc3339()
        )));
    }
    Ok(at.min(now).trunc_subsecs(3))
}

pub fn issue(
    c: &dyn Sql,
    req: &IssueTicket,
    now: DateTime<Utc>,
) -> Result<(Reply, Changed), StoreError> {
    if !category_exists(c, &req.category)? {
        return Err(StoreError::BadRequest(format!(
            "category: unknown category '{}'",
            req.category
        )));
    }
    if req
        .id
        .as_deref()
        .is_some_and(|id| id.is_empty() || id.len() > 64)
    {
        return Err(StoreError::BadRequest("id: 1 to 64 characters".into()));
    }
    if req.number.as_deref().is_some_and(|n| n.len() > 32) {
        return Err(StoreError::BadRequest(
            "number: at most 32 characters".into(),
        ));
    }
    let created_at = issued_at(req, now)?;
    let day = japan_day(created_at);
    let id = req
        .id
        .clone()
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    if let Some(existing) = get(c, &id)? {
        return Ok((Reply::ok(&existing), Vec::new()));
    }
    let issued: i64 = c
        .value(
            "SELECT count(*) FROM tickets WHERE day = ?1 AND category = ?2",
            &[&day.to_string(), &req.category],
        )?
        .unwrap_or(0);
    if issued >= MAX_PER_CATEGORY_DAY {
        return Err(StoreError::Full(format!(
            "category: {MAX_PER_CATEGORY_DAY} tickets of {} were issued on {day}; the queue takes no more",
            req.category
        )));
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
                .value(
                    "INSERT INTO ticket_seq(day, category, next) VALUES (?1, ?2, 2) \
                     ON CONFLICT(day, category) DO UPDATE SET next = ticket_seq.next + 1 RETURNING next - 1",
                    &[&day.to_string(), &req.category],
                )?
                .ok_or_else(|| StoreError::Internal("ticket_seq: no number".into()))?;
            format!("{}-{next:03}", req.category)
        }
    };
    let inserted = c.exec(
        &format!("INSERT INTO tickets({COLUMNS}) VALUES (?1, ?2, ?3, ?4, 'waiting', ?5, NULL, ?6, NULL, NULL, NULL, NULL, 0)"),
        &[&id, &number, &req.category, &day.to_string(), &req.priority, &ts(created_at)],
    );
    match inserted {
        Ok(_) => {}
        Err(StoreError::Conflict(_)) => {
            return Err(StoreError::Conflict(format!(
                "number: {number} already issued today"
            )));
        }
        Err(e) => return Err(e),
    }
    let t = get(c, &id)?.ok_or_else(|| StoreError::Internal("ticket vanished".into()))?;
    Ok((Reply::created(&t), vec![t]))
}

pub fn call_next(
    c: &dyn Sql,
    req: &CallNext,
    now: DateTime<Utc>,
) -> Result<(Reply, Changed), StoreError> {
    for code in &req.categories {
        if !category_exists(c, code)? {
            return Err(StoreError::BadRequest(format!(
                "categories: unknown category '{}'",
                code.escape_default()
            )));
        }
    }
    let now = now.trunc_subsecs(3);
    if let Some(m) = super::floor_store::counter_mode(c, &req.counter, japan_day(now))? {
        if m.mode != CounterMode::Open {
            return Err(StoreError::Conflict(format!(
                "counter {} is {}: open it to call the next ticket",
                req.counter,
                m.mode.as_str()
            )));
        }
    }
    let day = japan_day(now).to_string();
    let categories: Vec<String> = if req.categories.is_empty() {
        self::categories(c)?.into_iter().map(|k| k.code).collect()
    } else {
        req.categories.clone()
    };
    // Tickets sent to this counter first, then the shared queue; in each, the
    // head of every category's line (one index seek each, on tickets_waiting),
    // and of those the one with priority, then the longest waiting.
    let mut next: Option<Ticket> = None;
    let indexed = match c.dialect() {
        Dialect::Sqlite => "INDEXED BY tickets_waiting",
        Dialect::Postgres => "",
    };
    let head = |counter: Option<&str>, category: &str| {
        let sql = format!(
            "SELECT {COLUMNS} FROM tickets {indexed} \
             WHERE day = ?1 AND state = 'waiting' AND {} AND category = ?2 \
             ORDER BY priority DESC, created_at, number LIMIT 1",
            if counter.is_some() {
                "counter = ?3"
            } else {
                "counter IS NULL"
            }
        );
        match counter {
            Some(k) => c.one(&sql, &[&day, &category, &k], row_ticket),
            None => c.one(&sql, &[&day, &category], row_ticket),
        }
    };
    for counter in [Some(req.counter.as_str()), None] {
        for category in &categories {
            let found = head(counter, category)?;
            if let Some(t) = found {
                let better = next.as_ref().is_none_or(|n| {
                    (!t.priority, t.created_at, &t.number) < (!n.priority, n.created_at, &n.number)
                });
                if better {
                    next = Some(t);
                }
            }
        }
        if next.is_some() {
            break;
        }
    }
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
    c: &dyn Sql,
    id: &str,
    action: &TicketAction,
    by_counter: Option<&str>,
    at: DateTime<Utc>,
) -> Result<(Reply, Changed), StoreError> {
    let mut t =
        get(c, id)?.ok_or_else(|| StoreError::NotFound(format!("ticket {id} not found")))?;
    if let Some(mine) = by_counter {
        // A clerk calls waiting tickets to its own counter and serves only
        // the tickets called there.
        let allowed = match action {
            // Whether a ticket no longer waiting can be called is the queue's
            // rule (a conflict it names); a waiting one must be free or sent here.
            TicketAction::Call { counter } => {
                counter == mine
                    && (t.state != TicketState::Waiting
                        || t.counter.as_deref().is_none_or(|c| c == mine))
            }
            _ => t.counter.as_deref() == Some(mine),
        };
        if !allowed {
            return Err(StoreError::Conflict(format!(
                "ticket {} is not at counter {mine}: a counter acts only on its own tickets",
                t.number
            )));
        }
    }
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

pub fn of_day(c: &dyn Sql, day: NaiveDate) -> Result<Vec<Ticket>, StoreError> {
    c.all(
        &format!("SELECT {COLUMNS} FROM tickets WHERE day = ?1 ORDER BY created_at, number"),
        &[&day.to_string()],
        row_ticket,
    )
}

pub fn categories(c: &dyn Sql) -> Result<Vec<Category>, StoreError> {
    c.all(
        "SELECT code, name, target_min, target_pct FROM categories ORDER BY ord, code",
        &[],
        |r| {
            Ok(Category {
                code: r.get(0)?,
                name: r.get(1)?,
                target: crate::service_level::Target {
                    minutes: r.get::<i64>(2)?.clamp(1, 240) as u32,
                    percent: r.get::<i64>(3)?.clamp(1, 100) as u32,
                },
            })
        },
    )
}

pub fn by_number(c: &dyn Sql, day: NaiveDate, number: &str) -> Result<Option<Ticket>, StoreError> {
    c.one(
        &format!("SELECT {COLUMNS} FROM tickets WHERE day = ?1 AND number = ?2"),
        &[&day.to_string(), &number],
        row_ticket,
    )
}

/// The day's queue: per category the waiting count and longest wait (over
/// all of the day's tickets), and one page of tickets.
pub fn view(
    c: &dyn Sql,
    day: NaiveDate,
    now: DateTime<Utc>,
    offset: u32,
    limit: u32,
) -> Result<QueueView, StoreError> {
    let limit = limit.clamp(1, MAX_PAGE);
    let counts: std::collections::HashMap<String, (i64, Option<String>)> = c
        .all(
            "SELECT category, count(*), min(created_at) FROM tickets WHERE day = ?1 AND state = 'waiting' GROUP BY category",
            &[&day.to_string()],
            |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))),
        )?
        .into_iter()
        .collect();
    let categories = categories(c)?
        .into_iter()
        .map(|cat| {
            let (n, oldest) = counts.get(&cat.code).cloned().unwrap_or((0, None));
            let longest = oldest
                .and_then(|t| parse_ts(&t))
                .map(|t| (now - t).num_seconds())
                .unwrap_or(0)
                .max(0);
            CategoryWaiting {
                category: cat.code,
                name: cat.name,
                waiting: n.max(0) as u32,
                longest_wait_s: longest,
                target: cat.target,
            }
        })
        .collect();
    let mut tickets = c.all(
        &format!(
            "SELECT {COLUMNS} FROM tickets WHERE day = ?1 ORDER BY created_at, number LIMIT ?2 OFFSET ?3"
        ),
        &[&day.to_string(), &(i64::from(limit) + 1), &i64::from(offset)],
        row_ticket,
    )?;
    let next_offset = (tickets.len() > limit as usize).then(|| {
        tickets.truncate(limit as usize);
        offset.saturating_add(limit)
    });
    Ok(QueueView {
        day,
        categories,
        tickets,
        next_offset,
    })
}

/// Tickets in one page of the queue at most.
pub const MAX_PAGE: u32 = 2000;
