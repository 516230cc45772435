//! A half-finished intake, saved to the local cache so that it survives a
//! crash or a restart of the counter PC. Saving is debounced: the counter
//! screen marks the intake dirty and writes it on the next tick (≤ 2 s), and
//! at once when the window closes. Only today's draft is restored.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::backend::Backend;
use super::intake::{Intake, Step};
use crate::api::{HouseholdRecord, Ticket};
use crate::events::{DateAsk, TextAsk};
use crate::model::EventKind;
use crate::visit::{EventEntry, Printed};

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
    /// The event's entries (version 2 on).
    #[serde(default)]
    pub entry: Option<EventEntry>,
    /// Version 1 kept the move-in's entries one by one.
    #[serde(default)]
    pub event: Option<EventKind>,
    #[serde(default)]
    pub event_date: String,
    #[serde(default)]
    pub planned_move_out: String,
    #[serde(default)]
    pub from_prefecture: String,
    /// The newborn of a birth (older drafts have none).
    #[serde(default)]
    pub newborn: super::newborn::Newborn,
    pub confirmed: Vec<String>,
    /// The batch printed (version 2 on; version 1 kept only its path).
    #[serde(default)]
    pub batch: Option<Printed>,
    pub started: DateTime<Utc>,
    /// The revision of a reopened case.
    #[serde(default)]
    pub revision: u32,
}

impl Draft {
    pub fn of(i: &Intake) -> Draft {
        Draft {
            version: 2,
            ticket: i.ticket.clone(),
            step: i.step,
            query: i.query.clone(),
            household: i.visit.household.clone(),
            new_household: i.new_household.clone(),
            entry: Some(i.entry.clone()),
            event: None,
            event_date: String::new(),
            planned_move_out: String::new(),
            from_prefecture: String::new(),
            newborn: i.newborn.clone(),
            confirmed: i.visit.confirmed.clone(),
            batch: i.visit.printed.clone(),
            started: i.visit.started,
            revision: i.visit.revision,
        }
    }

    /// The intake again; the procedures are determined anew from the entries.
    pub fn restore(self, backend: &Backend) -> Intake {
        let mut i = Intake::new(self.ticket);
        i.query = self.query;
        i.visit.household = self.household;
        i.visit.started = self.started;
        i.visit.revision = self.revision;
        i.new_household = self.new_household.map(|f| f.restored());
        i.entry = self.entry.unwrap_or_else(|| {
            let mut e = i.entry.clone();
            e.kind = self.event.unwrap_or(EventKind::MoveIn);
            e.date = self.event_date;
            e.set_date(DateAsk::PlannedMoveOut, self.planned_move_out);
            e.set_text(TextAsk::FromPrefecture, self.from_prefecture);
            e
        });
        i.newborn = self.newborn;
        i.step = if i.visit.household.is_some() {
            Step::Event
        } else {
            Step::Find
        };
        if matches!(self.step, Step::Procedures | Step::Print) && i.determine(backend).is_ok() {
            if i.visit.confirm_only(&self.confirmed).is_ok() {
                // The batch printed before counts only if it was printed for these procedures.
                i.visit.printed = self.batch.filter(|b| b.confirmed == i.visit.confirmed);
            }
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
