//! When will a waiting ticket be called? A simple, explainable forecast: the
//! tickets ahead in the same category, shared over the counters that called
//! that category lately, each taking the category's average service time.
//!
//! - counters of a category: distinct counters that called one of its
//!   tickets in the last [`RECENT_MIN`] minutes (at least one);
//! - free counters: of those, the ones not calling or serving anybody now;
//! - service time: the average turn (call to finish) of the category's tickets served today (the
//!   last [`SERVICE_SAMPLES`]), or [`DEFAULT_SERVICE_MIN`] before any;
//! - a ticket with `ahead` tickets before it is called in
//!   `0` minutes when `ahead < free`, else `((ahead - free) / counters + ½) × service`.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use crate::api::{Ticket, TicketState};

/// Counters that called a category within this many minutes serve it.
pub const RECENT_MIN: i64 = 30;
/// Service time assumed before a category has served anybody today.
pub const DEFAULT_SERVICE_MIN: f64 = 8.0;
/// How many of the latest served tickets the average takes.
pub const SERVICE_SAMPLES: usize = 10;

/// One waiting ticket's place in its line and when it should be called.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    pub ticket_id: String,
    pub number: String,
    pub category: String,
    /// 1 = next in its category's line.
    pub position: usize,
    /// Minutes waited so far.
    pub waited_min: f64,
    /// Minutes until the call, by the forecast.
    pub call_in_min: f64,
}

impl Forecast {
    /// The whole wait, waited and still to come.
    pub fn total_min(&self) -> f64 {
        self.waited_min + self.call_in_min
    }
}

/// How a category's line moves now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pace {
    pub counters: usize,
    pub free: usize,
    pub service_min: f64,
}

pub fn minutes(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).num_milliseconds().max(0) as f64 / 60_000.0
}

/// The pace of every category that has tickets today.
pub fn paces(tickets: &[Ticket], now: DateTime<Utc>) -> BTreeMap<String, Pace> {
    let busy: BTreeSet<&str> = tickets
        .iter()
        .filter(|t| matches!(t.state, TicketState::Called | TicketState::Serving))
        .filter_map(|t| t.counter.as_deref())
        .collect();
    let mut counters: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut served: BTreeMap<&str, Vec<(DateTime<Utc>, f64)>> = BTreeMap::new();
    for t in tickets {
        counters.entry(t.category.as_str()).or_default();
        if let (Some(called), Some(counter)) = (t.called_at, t.counter.as_deref()) {
            if minutes(called, now) <= RECENT_MIN as f64 && t.state != TicketState::Waiting {
                counters
                    .entry(t.category.as_str())
                    .or_default()
                    .insert(counter);
            }
        }
        // A counter's turn runs from the call (the resident walks up) to
        // the finish: that is what frees it for the next ticket.
        if t.state == TicketState::Done {
            if let (Some(end), Some(start)) = (t.finished_at, t.called_at.or(t.started_at)) {
                served
                    .entry(t.category.as_str())
                    .or_default()
                    .push((end, minutes(start, end)));
            }
        }
    }
    counters
        .into_iter()
        .map(|(cat, set)| {
            let mut times = served.remove(cat).unwrap_or_default();
            times.sort_by_key(|(end, _)| *end);
            let last: Vec<f64> = times
                .iter()
                .rev()
                .take(SERVICE_SAMPLES)
                .map(|(_, m)| *m)
                .collect();
            let service_min = if last.is_empty() {
                DEFAULT_SERVICE_MIN
            } else {
                (last.iter().sum::<f64>() / last.len() as f64).max(0.5)
            };
            let free = set.iter().filter(|c| !busy.contains(*c)).count();
            (
                cat.to_string(),
                Pace {
                    counters: set.len().max(1),
                    free,
                    service_min,
                },
            )
        })
        .collect()
}

/// The waiting tickets in call order within their category (priority, then
/// the longest waiting), each with its forecast.
pub fn forecast(tickets: &[Ticket], now: DateTime<Utc>) -> Vec<Forecast> {
    let paces = paces(tickets, now);
    let mut waiting: Vec<&Ticket> = tickets
        .iter()
        .filter(|t| t.state == TicketState::Waiting)
        .collect();
    waiting.sort_by(|a, b| {
        (&a.category, !a.priority, a.created_at, &a.number).cmp(&(
            &b.category,
            !b.priority,
            b.created_at,
            &b.number,
        ))
    });
    let mut ahead: BTreeMap<&str, usize> = BTreeMap::new();
    waiting
        .into_iter()
        .map(|t| {
            let n = ahead.entry(t.category.as_str()).or_default();
            let before = *n;
            *n += 1;
            let pace = paces.get(&t.category).copied().unwrap_or(Pace {
                counters: 1,
                free: 0,
                service_min: DEFAULT_SERVICE_MIN,
            });
            let call_in_min = if before < pace.free {
                0.0
            } else {
                ((before - pace.free) as f64 / pace.counters as f64 + 0.5) * pace.service_min
            };
            Forecast {
                ticket_id: t.id.clone(),
                number: t.number.clone(),
                category: t.category.clone(),
                position: before + 1,
                waited_min: minutes(t.created_at, now),
                call_in_min,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service_level::test_ticket as ticket;

    #[test]
    fn line_order_and_pace() {
        let now = ticket("X", "A", 0).created_at + chrono::Duration::minutes(60);
        let mut served = ticket("A-001", "A", 0);
        served.state = TicketState::Done;
        served.counter = Some("1".into());
        served.called_at = Some(now - chrono::Duration::minutes(20));
        served.finished_at = Some(now - chrono::Duration::minutes(10));
        let mut serving = ticket("A-002", "A", 5);
        serving.state = TicketState::Serving;
        serving.counter = Some("2".into());
        serving.called_at = Some(now - chrono::Duration::minutes(5));
        let a3 = ticket("A-003", "A", 30);
        let mut a4 = ticket("A-004", "A", 40);
        a4.priority = true;
        let a5 = ticket("A-005", "A", 50);
        let b1 = ticket("B-001", "B", 10);
        let all = vec![served, serving, a3, a4, a5, b1];
        let p = paces(&all, now);
        assert_eq!(
            p["A"],
            Pace {
                counters: 2,
                free: 1,
                service_min: 10.0
            }
        );
        let f = forecast(&all, now);
        let order: Vec<(&str, usize)> = f.iter().map(|f| (f.number.as_str(), f.position)).collect();
        assert_eq!(
            order,
            vec![("A-004", 1), ("A-003", 2), ("A-005", 3), ("B-001", 1)]
        );
        // A-004 goes to the free counter now; A-003 waits half a service,
        // A-005 one more half-turn of two counters.
        assert_eq!(f[0].call_in_min, 0.0);
        assert!((f[1].call_in_min - 5.0).abs() < 1e-9);
        assert!((f[2].call_in_min - 10.0).abs() < 1e-9);
        assert!((f[1].waited_min - 30.0).abs() < 1e-9);
        // B has no counter yet: one assumed, the default service time.
        assert!((f[3].call_in_min - DEFAULT_SERVICE_MIN / 2.0).abs() < 1e-9);
    }
}
