//! The life of a ticket: waiting → called → serving → done (or no-show), with
//! recalls, transfers and priority. The hub and an offline counter apply the
//! same rules, so a counter's offline decisions replay the same at the hub.

use chrono::{DateTime, SubsecRound, Utc};

use crate::api::{Ticket, TicketAction, TicketState};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionError {
    /// The ticket is in a state where this cannot happen.
    Conflict(String),
    /// The request itself is incomplete.
    Invalid(String),
}

impl std::fmt::Display for ActionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ActionError::Conflict(m) | ActionError::Invalid(m) => f.write_str(m),
        }
    }
}

/// What happened: whether the ticket changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    Changed,
    Unchanged,
}

/// Apply `action` at `at`. Times never run backwards through a ticket's life
/// (an offline counter's clock may be behind), and are kept to milliseconds.
pub fn apply_action(
    t: &mut Ticket,
    action: &TicketAction,
    at: DateTime<Utc>,
) -> Result<Applied, ActionError> {
    let conflict = |t: &Ticket, what: &str| {
        ActionError::Conflict(format!(
            "ticket {} is {}: cannot {what}",
            t.number,
            t.state.as_str()
        ))
    };
    let latest = [Some(t.created_at), t.called_at, t.started_at]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(at);
    let at = at.max(latest).trunc_subsecs(3);
    match action {
        TicketAction::Call { counter } => {
            if t.state != TicketState::Waiting {
                if t.state == TicketState::Called && t.counter.as_deref() == Some(counter.as_str())
                {
                    return Ok(Applied::Unchanged);
                }
                return Err(conflict(t, "call"));
            }
            t.state = TicketState::Called;
            t.counter = Some(counter.clone());
            t.called_at = Some(at);
        }
        TicketAction::Recall => {
            if t.state != TicketState::Called {
                return Err(conflict(t, "recall"));
            }
            return Ok(Applied::Unchanged);
        }
        TicketAction::Start => {
            if t.state != TicketState::Called {
                return Err(conflict(t, "start"));
            }
            t.state = TicketState::Serving;
            t.started_at = Some(at);
        }
        TicketAction::Finish { outcome } => {
            if !matches!(t.state, TicketState::Called | TicketState::Serving) {
                return Err(conflict(t, "finish"));
            }
            t.started_at = t.started_at.or(Some(at));
            t.state = TicketState::Done;
            t.finished_at = Some(at);
            t.outcome = Some(outcome.clone());
        }
        TicketAction::NoShow => {
            if t.state != TicketState::Called {
                return Err(conflict(t, "mark as no-show"));
            }
            t.state = TicketState::NoShow;
            t.finished_at = Some(at);
        }
        TicketAction::Transfer { category, counter } => {
            if matches!(t.state, TicketState::Done | TicketState::NoShow) {
                return Err(conflict(t, "transfer"));
            }
            if category.is_none() && counter.is_none() {
                return Err(ActionError::Invalid(
                    "transfer: name a category or a counter".into(),
                ));
            }
            if let Some(cat) = category {
                t.category = cat.clone();
            }
            t.counter = counter.clone();
            t.state = TicketState::Waiting;
            t.called_at = None;
            t.started_at = None;
            t.transfers += 1;
        }
        TicketAction::Priority { priority } => {
            if matches!(t.state, TicketState::Done | TicketState::NoShow) {
                return Err(conflict(t, "change the priority of"));
            }
            t.priority = *priority;
        }
    }
    Ok(Applied::Changed)
}

/// The order tickets are called in: those sent to this counter, then priority,
/// then the longest waiting.
pub fn next_for<'a>(
    tickets: &'a [Ticket],
    counter: &str,
    categories: &[String],
) -> Option<&'a Ticket> {
    tickets
        .iter()
        .filter(|t| t.state == TicketState::Waiting)
        .filter(|t| t.counter.as_deref().is_none_or(|c| c == counter))
        .filter(|t| categories.is_empty() || categories.contains(&t.category))
        .min_by(|a, b| {
            (a.counter.is_none(), !a.priority, a.created_at, &a.number).cmp(&(
                b.counter.is_none(),
                !b.priority,
                b.created_at,
                &b.number,
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn ticket(n: &str, minute: u32) -> Ticket {
        let created = Utc
            .with_ymd_and_hms(2026, 11, 24, 0, minute, 0)
            .single()
            .expect("time");
        Ticket {
            id: n.into(),
            number: n.into(),
            category: "A".into(),
            day: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).expect("day"),
            state: TicketState::Waiting,
            priority: false,
            counter: None,
            created_at: created,
            called_at: None,
            started_at: None,
            finished_at: None,
            outcome: None,
            transfers: 0,
        }
    }

    #[test]
    fn life_of_a_ticket_and_clock_skew() {
        let mut t = ticket("A-001", 10);
        let early = Utc
            .with_ymd_and_hms(2026, 11, 24, 0, 5, 0)
            .single()
            .expect("time");
        apply_action(
            &mut t,
            &TicketAction::Call {
                counter: "3".into(),
            },
            early,
        )
        .expect("call");
        assert!(t.called_at >= Some(t.created_at), "never before creation");
        assert_eq!(
            apply_action(
                &mut t,
                &TicketAction::Call {
                    counter: "3".into()
                },
                early
            ),
            Ok(Applied::Unchanged)
        );
        assert!(matches!(
            apply_action(
                &mut t,
                &TicketAction::Call {
                    counter: "4".into()
                },
                early
            ),
            Err(ActionError::Conflict(_))
        ));
        apply_action(&mut t, &TicketAction::Start, early).expect("start");
        apply_action(
            &mut t,
            &TicketAction::Finish {
                outcome: "done".into(),
            },
            early,
        )
        .expect("finish");
        assert!(
            t.created_at <= t.called_at.expect("c")
                && t.called_at <= t.started_at
                && t.started_at <= t.finished_at
        );
        assert!(apply_action(&mut t, &TicketAction::NoShow, early).is_err());
    }

    #[test]
    fn call_order() {
        let mut a = ticket("A-001", 1);
        let b = ticket("A-002", 2);
        let mut c = ticket("A-003", 3);
        c.priority = true;
        let mut d = ticket("A-004", 4);
        d.counter = Some("7".into());
        a.category = "B".into();
        let all = vec![a, b, c, d];
        assert_eq!(
            next_for(&all, "7", &[]).map(|t| t.number.as_str()),
            Some("A-004")
        );
        assert_eq!(
            next_for(&all, "3", &[]).map(|t| t.number.as_str()),
            Some("A-003")
        );
        assert_eq!(
            next_for(&all, "3", &["B".into()]).map(|t| t.number.as_str()),
            Some("A-001")
        );
    }
}
