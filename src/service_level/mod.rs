//! Service level (サービスレベル): per category a target (say 80 % of tickets
//! called within 20 minutes), the share met so far today, wait buckets, and
//! the alerts a floor manager acts on: a ticket past its target, or one the
//! forecast says will pass it. A pure function of the day's tickets.
//!
//! - a ticket's **wait** runs from its issue to its call, or to now while it
//!   still waits;
//! - the **share** is tickets called within the target over tickets called
//!   plus tickets still waiting past it (those have missed already); tickets
//!   waiting under the target are not counted yet;
//! - the **buckets** count every ticket's wait: 0–10, 10–20, 20–30, 30+ min.

pub mod counters;
pub mod forecast;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::api::{Ticket, TicketState};
use forecast::minutes;

/// A category's target: `percent` % of tickets called within `minutes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Target {
    pub minutes: u32,
    pub percent: u32,
}

impl Default for Target {
    fn default() -> Target {
        Target {
            minutes: 20,
            percent: 80,
        }
    }
}

impl Target {
    /// A target a supervisor may set: 1 to 240 minutes, 1 to 100 %.
    pub fn check(&self) -> Result<(), String> {
        if !(1..=240).contains(&self.minutes) {
            return Err(format!("minutes: 1 to 240, not {}", self.minutes));
        }
        if !(1..=100).contains(&self.percent) {
            return Err(format!("percent: 1 to 100, not {}", self.percent));
        }
        Ok(())
    }
}

/// The upper ends of the wait buckets, in minutes; the last bucket is open.
pub const BUCKETS: [u32; 3] = [10, 20, 30];

/// The bucket (0..=3) of a wait in minutes.
pub fn bucket(wait_min: f64) -> usize {
    BUCKETS
        .iter()
        .position(|&b| wait_min < f64::from(b))
        .unwrap_or(BUCKETS.len())
}

#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    pub category: String,
    pub target: Target,
    /// Tickets called today (any outcome since).
    pub called: usize,
    /// Of those, called within the target.
    pub within: usize,
    /// Still waiting, past the target already.
    pub waiting_past: usize,
    /// Tickets per wait bucket (see [`BUCKETS`]).
    pub buckets: [usize; 4],
    /// The longest wait today, in minutes (called or still waiting).
    pub longest_min: f64,
}

impl Level {
    /// The share met, 0.0–1.0; `None` before anything counts.
    pub fn share(&self) -> Option<f64> {
        let n = self.called + self.waiting_past;
        (n > 0).then(|| self.within as f64 / n as f64)
    }
    /// Below the target's percentage.
    pub fn below(&self) -> bool {
        self.share()
            .is_some_and(|s| s * 100.0 + 1e-9 < f64::from(self.target.percent))
    }
}

/// Each ticket's wait in minutes: to its call, or to `now` while waiting.
/// `None` for tickets that ended without a call.
pub fn wait_min(t: &Ticket, now: DateTime<Utc>) -> Option<f64> {
    match (t.state, t.called_at) {
        (TicketState::Waiting, _) => Some(minutes(t.created_at, now)),
        (_, Some(c)) => Some(minutes(t.created_at, c)),
        _ => None,
    }
}

/// The service level of every category in `targets`, and of any other
/// category with tickets (at the default target), in code order.
pub fn levels(
    tickets: &[Ticket],
    targets: &BTreeMap<String, Target>,
    now: DateTime<Utc>,
) -> Vec<Level> {
    let mut out: BTreeMap<&str, Level> = targets
        .iter()
        .map(|(code, target)| (code.as_str(), empty(code, *target)))
        .collect();
    for t in tickets {
        let level = out
            .entry(t.category.as_str())
            .or_insert_with(|| empty(&t.category, Target::default()));
        let Some(wait) = wait_min(t, now) else {
            continue;
        };
        let target = f64::from(level.target.minutes);
        level.buckets[bucket(wait)] += 1;
        level.longest_min = level.longest_min.max(wait);
        if t.state == TicketState::Waiting {
            if wait > target {
                level.waiting_past += 1;
            }
        } else {
            level.called += 1;
            if wait <= target {
                level.within += 1;
            }
        }
    }
    out.into_values().collect()
}

fn empty(code: &str, target: Target) -> Level {
    Level {
        category: code.to_string(),
        target,
        called: 0,
        within: 0,
        waiting_past: 0,
        buckets: [0; 4],
        longest_min: 0.0,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AlertKind {
    /// The ticket has waited longer than its category's target.
    Passed,
    /// The forecast says it will be called after the target.
    Forecast,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    pub kind: AlertKind,
    pub ticket_id: String,
    pub number: String,
    pub category: String,
    pub waited_min: f64,
    /// The whole wait by the forecast.
    pub expected_min: f64,
    pub target: Target,
}

impl Alert {
    /// What a floor manager acknowledges: the same ticket passing the same
    /// way asks once.
    pub fn key(&self) -> (String, AlertKind) {
        (self.ticket_id.clone(), self.kind)
    }
}

/// The alerts now: passed targets first (the longest waiting first), then
/// forecast ones (the soonest to pass first).
pub fn alerts(
    tickets: &[Ticket],
    targets: &BTreeMap<String, Target>,
    now: DateTime<Utc>,
) -> Vec<Alert> {
    let mut out: Vec<Alert> = forecast::forecast(tickets, now)
        .into_iter()
        .filter_map(|f| {
            let target = targets.get(&f.category).copied().unwrap_or_default();
            let limit = f64::from(target.minutes);
            let kind = if f.waited_min > limit {
                AlertKind::Passed
            } else if f.total_min() > limit {
                AlertKind::Forecast
            } else {
                return None;
            };
            Some(Alert {
                kind,
                expected_min: f.total_min(),
                waited_min: f.waited_min,
                ticket_id: f.ticket_id,
                number: f.number,
                category: f.category,
                target,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        a.kind.cmp(&b.kind).then_with(|| match a.kind {
            AlertKind::Passed => b.waited_min.total_cmp(&a.waited_min),
            AlertKind::Forecast => (f64::from(a.target.minutes) - a.waited_min)
                .total_cmp(&(f64::from(b.target.minutes) - b.waited_min)),
        })
    });
    out
}

#[cfg(test)]
pub(crate) fn test_ticket(number: &str, category: &str, minute: i64) -> Ticket {
    use chrono::TimeZone;
    let base = Utc
        .with_ymd_and_hms(2026, 11, 30, 0, 0, 0)
        .single()
        .unwrap_or_default();
    Ticket {
        id: format!("id-{number}"),
        number: number.into(),
        category: category.into(),
        day: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default(),
        state: TicketState::Waiting,
        priority: false,
        counter: None,
        created_at: base + chrono::Duration::minutes(minute),
        called_at: None,
        started_at: None,
        finished_at: None,
        outcome: None,
        transfers: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn called(n: &str, at: i64, wait: i64) -> Ticket {
        let mut t = test_ticket(n, "A", at);
        t.state = TicketState::Done;
        t.counter = Some("1".into());
        t.called_at = Some(t.created_at + chrono::Duration::minutes(wait));
        t.finished_at = Some(t.created_at + chrono::Duration::minutes(wait + 5));
        t
    }

    #[test]
    fn share_buckets_and_alerts() {
        let targets: BTreeMap<String, Target> = [("A".to_string(), Target::default())].into();
        let now = test_ticket("X", "A", 100).created_at;
        let all = vec![
            called("A-001", 0, 5),         // within, bucket 0
            called("A-002", 1, 20),        // within (on the target), bucket 2
            called("A-003", 2, 25),        // missed, bucket 2
            test_ticket("A-004", "A", 70), // waiting 30 min: past, bucket 3
            test_ticket("A-005", "A", 95), // waiting 5 min: not counted yet
            test_ticket("B-001", "B", 99), // another category, default target
        ];
        let l = levels(&all, &targets, now);
        assert_eq!(l.len(), 2);
        let a = &l[0];
        assert_eq!((a.called, a.within, a.waiting_past), (3, 2, 1));
        assert_eq!(a.buckets, [2, 0, 2, 1]);
        assert_eq!(a.share(), Some(0.5));
        assert!(a.below());
        assert!((a.longest_min - 30.0).abs() < 1e-9);
        assert_eq!(l[1].category, "B");
        assert_eq!(l[1].share(), None);

        let al = alerts(&all, &targets, now);
        assert_eq!(al[0].kind, AlertKind::Passed);
        assert_eq!(al[0].number, "A-004");
        // A-005 has a free counter? No: counter 1 called nothing lately
        // within 30 min of now (its last call was at minute 27), so one
        // counter at 5 min a service: 1.5 services = 7.5 min, total 12.5:
        // under 20, no alert.
        assert!(al.iter().all(|a| a.number != "A-005"));
    }

    #[test]
    fn forecast_alert_before_the_target() {
        let targets: BTreeMap<String, Target> = [(
            "A".to_string(),
            Target {
                minutes: 10,
                percent: 80,
            },
        )]
        .into();
        let now = test_ticket("X", "A", 60).created_at;
        let mut serving = test_ticket("A-001", "A", 40);
        serving.state = TicketState::Serving;
        serving.counter = Some("1".into());
        serving.called_at = Some(now - chrono::Duration::minutes(2));
        let all = vec![
            serving,
            test_ticket("A-002", "A", 52),
            test_ticket("A-003", "A", 55),
        ];
        // One busy counter, 8 min a service (none served yet): A-002 in 4
        // min (total 12 > 10), A-003 in 12 (total 17).
        let al = alerts(&all, &targets, now);
        let got: Vec<(&str, AlertKind)> = al.iter().map(|a| (a.number.as_str(), a.kind)).collect();
        assert_eq!(
            got,
            vec![
                ("A-002", AlertKind::Forecast),
                ("A-003", AlertKind::Forecast)
            ]
        );
        assert!(Target {
            minutes: 0,
            percent: 80
        }
        .check()
        .is_err());
        assert!(Target {
            minutes: 20,
            percent: 101
        }
        .check()
        .is_err());
        assert!(Target::default().check().is_ok());
    }
}
