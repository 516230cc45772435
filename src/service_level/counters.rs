//! Counters as people see them: serving (which ticket, since when), paused
//! with a reason, idle, or closed; and the minutes in each state over the day.
//!
//! A counter's mode comes from its log (open, paused, closed; before any
//! change it is open from its first call); serving comes from the tickets
//! (from the call to the finish) and wins over the mode.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use crate::api::{CounterChange, CounterMode, Ticket, TicketState};

#[derive(Debug, Clone, PartialEq)]
pub enum Now {
    Serving {
        number: String,
        since: DateTime<Utc>,
    },
    Paused {
        reason: String,
        since: DateTime<Utc>,
    },
    Idle {
        since: DateTime<Utc>,
    },
    Closed {
        since: DateTime<Utc>,
    },
}

/// Minutes in each state over the day so far.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StateMinutes {
    pub serving: f64,
    pub paused: f64,
    pub idle: f64,
    pub closed: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CounterNow {
    pub counter: String,
    pub now: Now,
    pub minutes: StateMinutes,
    /// Minutes paused per reason.
    pub paused_by: BTreeMap<String, f64>,
}

/// The resolution of the day's minutes.
const STEP_S: i64 = 15;

/// Every counter seen today (in the log or on a ticket), in name order.
pub fn counters(log: &[CounterChange], tickets: &[Ticket], now: DateTime<Utc>) -> Vec<CounterNow> {
    // Tickets only sent to a counter (not called there) do not open it.
    let mut names: BTreeSet<&str> = log.iter().map(|c| c.counter.as_str()).collect();
    names.extend(
        tickets
            .iter()
            .filter(|t| t.called_at.is_some())
            .filter_map(|t| t.counter.as_deref()),
    );
    names
        .into_iter()
        .map(|name| one(name, log, tickets, now))
        .collect()
}

fn one(name: &str, log: &[CounterChange], tickets: &[Ticket], now: DateTime<Utc>) -> CounterNow {
    let changes: Vec<&CounterChange> = log.iter().filter(|c| c.counter == name).collect();
    let served: Vec<(DateTime<Utc>, DateTime<Utc>, &Ticket)> = tickets
        .iter()
        .filter(|t| t.counter.as_deref() == Some(name))
        .filter(|t| t.state != TicketState::Waiting && t.state != TicketState::NoShow)
        .filter_map(|t| Some((t.called_at?, t.finished_at.unwrap_or(now), t)))
        .collect();
    let first_call = served.iter().map(|s| s.0).min();
    let start = changes
        .first()
        .map(|c| c.at)
        .into_iter()
        .chain(first_call)
        .min();
    let mode_at = |at: DateTime<Utc>| -> Option<(CounterMode, Option<&str>, DateTime<Utc>)> {
        match changes.iter().rev().find(|c| c.at <= at) {
            Some(c) => Some((c.mode, c.reason.as_deref(), c.at)),
            None => first_call
                .filter(|f| *f <= at)
                .map(|f| (CounterMode::Open, None, f)),
        }
    };
    let mut minutes = StateMinutes::default();
    let mut paused_by: BTreeMap<String, f64> = BTreeMap::new();
    if let Some(start) = start {
        let step = STEP_S as f64 / 60.0;
        let mut t = start;
        while t < now {
            if served.iter().any(|(from, to, _)| *from <= t && t < *to) {
                minutes.serving += step;
            } else {
                match mode_at(t) {
                    Some((CounterMode::Open, _, _)) => minutes.idle += step,
                    Some((CounterMode::Paused, reason, _)) => {
                        minutes.paused += step;
                        *paused_by
                            .entry(reason.unwrap_or("other").to_string())
                            .or_default() += step;
                    }
                    Some((CounterMode::Closed, _, _)) | None => minutes.closed += step,
                }
            }
            t += chrono::Duration::seconds(STEP_S);
        }
    }
    let serving = served
        .iter()
        .filter(|(_, _, t)| matches!(t.state, TicketState::Called | TicketState::Serving))
        .max_by_key(|s| s.0);
    let now_state = match (serving, mode_at(now)) {
        (Some((from, _, t)), _) => Now::Serving {
            number: t.number.clone(),
            since: *from,
        },
        (None, Some((CounterMode::Paused, reason, at))) => Now::Paused {
            reason: reason.unwrap_or("other").to_string(),
            since: at,
        },
        (None, Some((CounterMode::Closed, _, at))) => Now::Closed { since: at },
        (None, Some((CounterMode::Open, _, at))) => Now::Idle {
            since: served
                .iter()
                .map(|s| s.1)
                .filter(|end| *end <= now)
                .max()
                .map_or(at, |end| end.max(at)),
        },
        (None, None) => Now::Closed { since: now },
    };
    CounterNow {
        counter: name.to_string(),
        now: now_state,
        minutes,
        paused_by,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service_level::test_ticket;

    #[test]
    fn states_and_minutes() {
        let t0 = test_ticket("X", "A", 0).created_at;
        let at = |m: i64| t0 + chrono::Duration::minutes(m);
        let change = |m: i64, mode: CounterMode, reason: Option<&str>| CounterChange {
            counter: "1".into(),
            mode,
            reason: reason.map(str::to_string),
            at: at(m),
        };
        let log = vec![
            change(0, CounterMode::Open, None),
            change(30, CounterMode::Paused, Some("break")),
            change(40, CounterMode::Open, None),
        ];
        let mut done = test_ticket("A-001", "A", 0);
        done.state = TicketState::Done;
        done.counter = Some("1".into());
        done.called_at = Some(at(10));
        done.finished_at = Some(at(25));
        let mut serving = test_ticket("A-002", "A", 1);
        serving.state = TicketState::Serving;
        serving.counter = Some("2".into());
        serving.called_at = Some(at(50));
        let all = vec![done, serving];
        let c = counters(&log, &all, at(60));
        assert_eq!(c.len(), 2);
        let one = &c[0];
        assert_eq!(one.now, Now::Idle { since: at(40) });
        assert!((one.minutes.serving - 15.0).abs() < 1e-9);
        assert!((one.minutes.paused - 10.0).abs() < 1e-9);
        assert!((one.minutes.idle - 35.0).abs() < 1e-9);
        assert_eq!(one.paused_by.get("break").copied(), Some(10.0));
        // Counter 2 has no log: open from its first call, serving since.
        assert_eq!(
            c[1].now,
            Now::Serving {
                number: "A-002".into(),
                since: at(50)
            }
        );
        assert!((c[1].minutes.serving - 10.0).abs() < 1e-9);
        let paused = counters(&log, &all, at(35));
        assert_eq!(
            paused[0].now,
            Now::Paused {
                reason: "break".into(),
                since: at(30)
            }
        );
    }
}
