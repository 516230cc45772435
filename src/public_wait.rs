//! What the public wait page (`/wait`, 待ち状況) shows residents on their
//! phones: per category how many wait and how long a ticket taken now would
//! wait, the last numbers called with their counters, and every waiting
//! number's place in its line. Ticket numbers and counts only: nothing here
//! can say who holds a number. A pure function of the day's queue.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::{QueueView, Ticket, TicketState};
use crate::service_level::forecast::forecast;

/// How many of the latest calls the page lists.
pub const CALLED_SHOWN: usize = 8;

/// The day's queue as the public may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicWait {
    pub day: NaiveDate,
    pub updated_at: DateTime<Utc>,
    /// Every category, in the hub's order.
    pub categories: Vec<WaitCategory>,
    /// The latest calls still at a counter (called or being served), newest first, at most 8.
    pub called: Vec<CalledNumber>,
    /// Every waiting number, by category in call order.
    pub waiting: Vec<WaitingNumber>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct WaitCategory {
    /// `A`.
    pub code: String,
    /// `転入・転出`.
    pub name: String,
    pub waiting: u32,
    /// Minutes a ticket taken now would wait for its call (rounded up; 0: at once).
    pub estimate_min: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CalledNumber {
    pub number: String,
    pub counter: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct WaitingNumber {
    pub number: String,
    pub category: String,
    /// 1: called next in its category.
    pub position: u32,
    /// Minutes until its call, by the forecast (rounded up; 0: any moment).
    pub estimate_min: u32,
}

/// Whole minutes, rounded up, for a page that must not promise too early a call.
fn whole_minutes(min: f64) -> u32 {
    if min.is_finite() && min > 0.0 {
        min.ceil().min(f64::from(u32::MAX)) as u32
    } else {
        0
    }
}

/// The public view of `view` (the whole day: every page of its tickets) at `now`.
pub fn snapshot(view: &QueueView, now: DateTime<Utc>) -> PublicWait {
    let waiting = forecast(&view.tickets, now)
        .into_iter()
        .map(|f| WaitingNumber {
            number: f.number,
            category: f.category,
            position: u32::try_from(f.position).unwrap_or(u32::MAX),
            estimate_min: whole_minutes(f.call_in_min),
        })
        .collect();
    // A ticket taken now: the forecast of one more ticket at the end of each
    // line (issued after every other, no priority), so the page and the
    // floor's forecast cannot disagree.
    let last_issued = view.tickets.iter().map(|t| t.created_at).max();
    let at = last_issued.map_or(now, |t| t.max(now)) + chrono::Duration::seconds(1);
    let mut with_newcomers = view.tickets.clone();
    with_newcomers.extend(
        view.categories
            .iter()
            .map(|c| newcomer(&c.category, view.day, at)),
    );
    let newcomers = forecast(&with_newcomers, now);
    let categories = view
        .categories
        .iter()
        .map(|c| WaitCategory {
            code: c.category.clone(),
            name: c.name.clone(),
            waiting: c.waiting,
            estimate_min: newcomers
                .iter()
                .find(|f| f.ticket_id == NEWCOMER_ID && f.category == c.category)
                .map_or(0, |f| whole_minutes(f.call_in_min)),
        })
        .collect();
    let mut calls: Vec<&Ticket> = view
        .tickets
        .iter()
        .filter(|t| matches!(t.state, TicketState::Called | TicketState::Serving))
        .filter(|t| t.counter.is_some())
        .collect();
    calls.sort_by_key(|t| std::cmp::Reverse((t.called_at, t.number.clone())));
    let called = calls
        .into_iter()
        .take(CALLED_SHOWN)
        .map(|t| CalledNumber {
            number: t.number.clone(),
            counter: t.counter.clone().unwrap_or_default(),
        })
        .collect();
    PublicWait {
        day: view.day,
        updated_at: now,
        categories,
        called,
        waiting,
    }
}

/// The id of the imagined ticket taken now (no real id has a space).
const NEWCOMER_ID: &str = "new ticket";

fn newcomer(category: &str, day: NaiveDate, at: DateTime<Utc>) -> Ticket {
    Ticket {
        id: NEWCOMER_ID.into(),
        number: String::new(),
        category: category.into(),
        day,
        state: TicketState::Waiting,
        priority: false,
        counter: None,
        created_at: at,
        called_at: None,
        started_at: None,
        finished_at: None,
        outcome: None,
        transfers: 0,
    }
}

/// The wait page's address for a ticket: `<hub>/wait?n=<number>` (the number
/// percent-encoded but for letters, digits and `-`).
pub fn page_url(hub_base: &str, number: &str) -> String {
    let mut encoded = String::with_capacity(number.len());
    for b in number.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("{}/wait?n={encoded}", hub_base.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::CategoryWaiting;
    use chrono::TimeZone;

    fn at(minute: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, 0, 0, 0)
            .single()
            .unwrap_or_default()
            + chrono::Duration::minutes(minute)
    }

    fn ticket(number: &str, state: TicketState, minute: i64) -> Ticket {
        let mut t = newcomer(&number[..1], at(0).date_naive(), at(minute));
        t.id = format!("id-{number}");
        t.number = number.into();
        t.state = state;
        t
    }

    fn called(number: &str, counter: &str, minute: i64) -> Ticket {
        let mut t = ticket(number, TicketState::Called, 0);
        t.counter = Some(counter.into());
        t.called_at = Some(at(minute));
        t
    }

    fn view(tickets: Vec<Ticket>) -> QueueView {
        let count = |c: &str| {
            tickets
                .iter()
                .filter(|t| t.category == c && t.state == TicketState::Waiting)
                .count() as u32
        };
        QueueView {
            day: at(0).date_naive(),
            categories: ["A", "B", "C"]
                .iter()
                .map(|c| CategoryWaiting {
                    category: c.to_string(),
                    name: format!("name {c}"),
                    waiting: count(c),
                    longest_wait_s: 0,
                    target: Default::default(),
                })
                .collect(),
            tickets,
            next_offset: None,
        }
    }

    #[test]
    fn counts_calls_and_positions() {
        let mut tickets = vec![
            called("A-001", "1", 10),
            called("B-001", "2", 12),
            ticket("A-002", TicketState::Waiting, 1),
            ticket("A-003", TicketState::Waiting, 2),
            ticket("B-002", TicketState::Waiting, 3),
            ticket("A-004", TicketState::Done, 0),
        ];
        tickets[1].state = TicketState::Serving;
        let w = snapshot(&view(tickets), at(15));
        let numbers: Vec<(&str, &str)> = w
            .called
            .iter()
            .map(|c| (c.number.as_str(), c.counter.as_str()))
            .collect();
        assert_eq!(numbers, vec![("B-001", "2"), ("A-001", "1")]);
        let places: Vec<(&str, u32)> = w
            .waiting
            .iter()
            .map(|t| (t.number.as_str(), t.position))
            .collect();
        assert_eq!(places, vec![("A-002", 1), ("A-003", 2), ("B-002", 1)]);
        let counts: Vec<(&str, u32)> = w
            .categories
            .iter()
            .map(|c| (c.code.as_str(), c.waiting))
            .collect();
        assert_eq!(counts, vec![("A", 2), ("B", 1), ("C", 0)]);
        // A: counter 1 is busy with A-001, so one counter and the default
        // service time: A-002 half a turn, A-003 one and a half, a new
        // ticket two and a half.
        assert_eq!(w.waiting[0].estimate_min, 4);
        assert_eq!(w.waiting[1].estimate_min, 12);
        assert_eq!(w.categories[0].estimate_min, 20);
        // C: nobody waits, nobody serves it yet: half a default turn.
        assert_eq!(w.categories[2].estimate_min, 4);
    }

    #[test]
    fn at_most_eight_calls_newest_first() {
        let tickets: Vec<Ticket> = (1..=12)
            .map(|n| called(&format!("A-{n:03}"), &n.to_string(), n))
            .collect();
        let w = snapshot(&view(tickets), at(20));
        assert_eq!(w.called.len(), CALLED_SHOWN);
        assert_eq!(w.called[0].number, "A-012");
        assert_eq!(w.called[7].number, "A-005");
    }

    #[test]
    fn nothing_but_numbers_and_counts() {
        let mut t = ticket("A-001", TicketState::Waiting, 1);
        t.outcome = Some("secret outcome".into());
        t.id = "secret-id".into();
        let json = serde_json::to_string(&snapshot(&view(vec![t]), at(2))).unwrap_or_default();
        assert!(json.contains("A-001"), "{json}");
        assert!(!json.contains("secret"), "{json}");
    }

    #[test]
    fn page_urls() {
        assert_eq!(
            page_url("http://10.0.0.5:8700/", "A-012"),
            "http://10.0.0.5:8700/wait?n=A-012"
        );
        assert_eq!(
            page_url("https://h", "K3 A&1"),
            "https://h/wait?n=K3%20A%261"
        );
    }
}
