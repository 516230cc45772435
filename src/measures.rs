//! The measures of a one-stop counter, from the cases:
//!
//! - **one-counter share** (窓口完結率): of the procedures a visit needed (the
//!   ones the clerk confirmed), how many were completed at the counter: a
//!   counter procedure whose form was printed in the batch (or that has no
//!   form). The others were referred: a referral to another window, a flag
//!   the clerk had to check elsewhere, or a counter procedure left unprinted;
//! - **push take-up**: procedures offered (determined) vs confirmed vs printed;
//! - visits per event and the clerk's time per visit (call, or start, to finish).
//!
//! Ids, modes and counts only: no personal data goes in or comes out.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::api::{CaseSubmission, CaseSummary};
use crate::catalog::Mode;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ProcedureOutcome {
    pub id: String,
    pub mode: Mode,
    /// It has a form to print.
    pub form: bool,
    pub confirmed: bool,
    pub printed: bool,
}

impl ProcedureOutcome {
    /// Needed and completed at this counter.
    pub fn at_counter(&self) -> bool {
        self.confirmed && self.mode == Mode::Counter && (!self.form || self.printed)
    }
}

/// What a case says of the one-stop measures (stored with its summary).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CaseMeasures {
    pub procedures: Vec<ProcedureOutcome>,
    /// Seconds from the call (or the start of the intake) to the finish.
    #[serde(default)]
    pub clerk_s: Option<i64>,
}

impl CaseMeasures {
    pub fn of(case: &CaseSubmission) -> CaseMeasures {
        let procedures = case
            .determination
            .procedures
            .iter()
            .map(|p| {
                let confirmed = case.confirmed.contains(&p.id);
                ProcedureOutcome {
                    id: p.id.clone(),
                    mode: p.mode,
                    form: p.form.is_some(),
                    confirmed,
                    printed: confirmed
                        && p.form
                            .as_ref()
                            .is_some_and(|f| case.forms_printed.contains(f)),
                }
            })
            .collect();
        let t = &case.timings;
        let clerk_s = match (t.called_at.or(t.started_at), t.finished_at) {
            (Some(from), Some(to)) if to >= from => Some((to - from).num_seconds()),
            _ => None,
        };
        CaseMeasures {
            procedures,
            clerk_s,
        }
    }
}

/// Needed vs completed at the counter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Share {
    pub needed: usize,
    pub at_counter: usize,
}

impl Share {
    pub fn referred(&self) -> usize {
        self.needed - self.at_counter
    }
    /// 0.0–1.0; `None` when nothing was needed.
    pub fn ratio(&self) -> Option<f64> {
        (self.needed > 0).then(|| self.at_counter as f64 / self.needed as f64)
    }
    fn add(&mut self, o: &ProcedureOutcome) {
        if o.confirmed {
            self.needed += 1;
            if o.at_counter() {
                self.at_counter += 1;
            }
        }
    }
    pub fn plus(self, o: Share) -> Share {
        Share {
            needed: self.needed + o.needed,
            at_counter: self.at_counter + o.at_counter,
        }
    }
}

/// Offered, confirmed, printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TakeUp {
    pub offered: usize,
    pub confirmed: usize,
    pub printed: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EventMeasures {
    pub event: String,
    pub visits: usize,
    pub share: Share,
    pub take_up: TakeUp,
    /// Average minutes at the counter, of the visits timed.
    pub clerk_min: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OneStop {
    pub total: Share,
    pub take_up: TakeUp,
    /// By event, most visits first.
    pub events: Vec<EventMeasures>,
    /// By procedure (id), most needed first.
    pub procedures: Vec<(String, Share, TakeUp)>,
}

/// The one-stop measures of `cases` (one day's, or a period's).
pub fn one_stop<'a>(cases: impl IntoIterator<Item = &'a CaseSummary>) -> OneStop {
    let mut events: BTreeMap<&str, (usize, Share, TakeUp, Vec<f64>)> = BTreeMap::new();
    let mut procedures: BTreeMap<&str, (Share, TakeUp)> = BTreeMap::new();
    for c in cases {
        let e = events.entry(c.event.as_str()).or_default();
        e.0 += 1;
        if let Some(s) = c.measures.clerk_s {
            e.3.push(s as f64 / 60.0);
        }
        for o in &c.measures.procedures {
            e.1.add(o);
            take(&mut e.2, o);
            let p = procedures.entry(o.id.as_str()).or_default();
            p.0.add(o);
            take(&mut p.1, o);
        }
    }
    let mut events: Vec<EventMeasures> = events
        .into_iter()
        .map(|(event, (visits, share, take_up, times))| EventMeasures {
            event: event.to_string(),
            visits,
            share,
            take_up,
            clerk_min: (!times.is_empty()).then(|| times.iter().sum::<f64>() / times.len() as f64),
        })
        .collect();
    events.sort_by(|a, b| b.visits.cmp(&a.visits).then_with(|| a.event.cmp(&b.event)));
    let mut procedures: Vec<(String, Share, TakeUp)> = procedures
        .into_iter()
        .map(|(id, (s, t))| (id.to_string(), s, t))
        .collect();
    procedures.sort_by(|a, b| b.1.needed.cmp(&a.1.needed).then_with(|| a.0.cmp(&b.0)));
    OneStop {
        total: events.iter().fold(Share::default(), |a, e| a.plus(e.share)),
        take_up: events.iter().fold(TakeUp::default(), |a, e| TakeUp {
            offered: a.offered + e.take_up.offered,
            confirmed: a.confirmed + e.take_up.confirmed,
            printed: a.printed + e.take_up.printed,
        }),
        events,
        procedures,
    }
}

fn take(t: &mut TakeUp, o: &ProcedureOutcome) {
    t.offered += 1;
    t.confirmed += usize::from(o.confirmed);
    t.printed += usize::from(o.printed);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(id: &str, mode: Mode, form: bool, confirmed: bool, printed: bool) -> ProcedureOutcome {
        ProcedureOutcome {
            id: id.into(),
            mode,
            form,
            confirmed,
            printed,
        }
    }

    fn case(event: &str, procedures: Vec<ProcedureOutcome>, clerk_s: Option<i64>) -> CaseSummary {
        CaseSummary {
            id: "c".into(),
            status: crate::api::CaseStatus::Received,
            received_at: chrono::DateTime::default(),
            counter: "1".into(),
            ward: "kokurakita".into(),
            event: event.into(),
            confirmed: Vec::new(),
            scans: 0,
            measures: CaseMeasures {
                procedures,
                clerk_s,
            },
        }
    }

    #[test]
    fn share_and_take_up() {
        let cases = [
            case(
                "move_in",
                vec![
                    o("juminhyo", Mode::Counter, true, true, true),
                    o("kokuho", Mode::Counter, true, true, false), // not printed: referred
                    o("jidou_teate", Mode::Counter, false, true, false), // no form: at counter
                    o("nenkin", Mode::Referral, false, true, false),
                    o("inkan", Mode::Counter, true, false, false), // offered, declined
                ],
                Some(600),
            ),
            case(
                "birth",
                vec![o("jidou_teate", Mode::Counter, true, true, true)],
                None,
            ),
            case("move_in", vec![], Some(300)),
        ];
        let m = one_stop(cases.iter());
        assert_eq!(
            m.total,
            Share {
                needed: 5,
                at_counter: 3
            }
        );
        assert_eq!(m.total.referred(), 2);
        assert_eq!(
            m.take_up,
            TakeUp {
                offered: 6,
                confirmed: 5,
                printed: 2
            }
        );
        assert_eq!(m.events[0].event, "move_in");
        assert_eq!(m.events[0].visits, 2);
        assert_eq!(m.events[0].clerk_min, Some(7.5));
        assert_eq!(m.events[1].clerk_min, None);
        assert_eq!(m.procedures[0].0, "jidou_teate");
        assert_eq!(
            m.procedures[0].1,
            Share {
                needed: 2,
                at_counter: 2
            }
        );
        assert_eq!(Share::default().ratio(), None);
    }
}
