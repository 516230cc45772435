//! A half-finished intake, saved to the local cache so that it survives a
//! crash or a restart of the counter PC. Saving is debounced: the counter
//! screen marks the intake dirty and writes it on the next tick (≤ 2 s), and
//! at once when the window closes. Only today's draft is restored.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::backend::Backend;
use super::intake::{Intake, Step};
use crate::api::{HouseholdRecord, Ticket};
use crate::model::EventKind;

/// The key of the one draft a counter PC keeps.
pub const KEY: &str = "intake";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Draft {
    pub version: u32,
    pub ticket: Ticket,
    pub step: Step,
    pub query: String,
    pub household: Option<HouseholdRecord>,
    /// The new-household form's entries (a move-in from outside the city).
    #[serde(default)]
    pub new_household: Option<super::new_household::NewHousehold>,
    pub event: EventKind,
    pub event_date: String,
    pub planned_move_out: String,
    pub from_prefecture: String,
    /// The newborn of a birth (older drafts have none).
    #[serde(default)]
    pub newborn: super::newborn::Newborn,
    pub confirmed: Vec<String>,
    pub printed: Option<String>,
    pub started: DateTime<Utc>,
    pub printed_at: Option<DateTime<Utc>>,
}

impl Draft {
    pub fn of(i: &Intake) -> Draft {
        Draft {
            version: 1,
            ticket: i.ticket.clone(),
            step: i.step,
            query: i.query.clone(),
            household: i.household.clone(),
            new_household: i.new_household.clone(),
            event: i.event,
            event_date: i.event_date.clone(),
            planned_move_out: i.planned_move_out.clone(),
            from_prefecture: i.from_prefecture.clone(),
            newborn: i.newborn.clone(),
            confirmed: i.confirmed.clone(),
            printed: i.printed.clone(),
            started: i.started,
            printed_at: i.printed_at,
        }
    }

    /// The intake again; the procedures are determined anew from the entries.
    pub fn restore(self, backend: &Backend) -> Intake {
        let mut i = Intake::new(self.ticket);
        i.query = self.query;
        i.household = self.household;
        i.new_household = self.new_household.map(|f| f.restored());
        i.event = self.event;
        i.event_date = self.event_date;
        i.planned_move_out = self.planned_move_out;
        i.from_prefecture = self.from_prefecture;
        i.newborn = self.newborn;
        i.started = self.started;
        i.printed = self.printed;
        i.printed_at = self.printed_at;
        i.step = if i.household.is_some() {
            Step::Event
        } else {
            Step::Find
        };
        if matches!(self.step, Step::Procedures | Step::Print) && i.determine(backend).is_ok() {
            i.confirmed = self.confirmed;
            i.step = self.step;
        }
        i
    }
}

/// The draft of an intake as stored (none: remove the draft).
pub fn body(intake: Option<&Intake>) -> Option<serde_json::Value> {
    intake.and_then(|i| serde_json::to_value(Draft::of(i)).ok())
}

/// Write the draft, or remove it.
pub fn save(backend: &Backend, body: Option<&serde_json::Value>) -> Result<(), String> {
    backend.with_counter(|c| match body {
        Some(b) => c.cache.save_draft(KEY, b),
        None => c.cache.clear_draft(KEY),
    })
}

/// Today's draft, if one was left; an old or unreadable one is dropped.
pub fn load(backend: &Backend) -> Option<Draft> {
    let today = crate::api::japan_day(Utc::now());
    let (body, _) = backend
        .with_counter(|c| c.cache.draft(KEY))
        .ok()
        .flatten()?;
    match serde_json::from_value::<Draft>(body) {
        Ok(d) if d.ticket.day == today => Some(d),
        _ => {
            let _ = save(backend, None);
            None
        }
    }
}
