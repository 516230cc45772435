//! The rule catalog: which procedures a life event brings, as data under
//! `forms/catalog/*.toml`, versioned by effective date.

pub mod eval;
pub mod expr;
mod load;
pub mod vars;

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use load::{load_builtin, load_dir, CatalogError};

use crate::japanese::legal_dates;
use crate::model::{EventKind, Request};
use expr::Expr;
use vars::Var;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Counter,
    Referral,
    Flag,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// One entry for the household; `members` is empty.
    Household,
    /// Decided per member (per moving member for moves).
    Member,
    /// The newborn of a birth event.
    Newborn,
    /// The mother of a birth event.
    Mother,
    /// The member who died (death).
    Deceased,
    /// The partners of a marriage or divorce.
    Partners,
    /// The member whose surname changes (marriage, divorce).
    SurnameChanger,
}

/// A date a deadline counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateBase {
    EventDate,
    AsOf,
    PlannedMoveOutDate,
    /// The day the filer learned of a death (`event.known_date`).
    KnownDate,
}

impl DateBase {
    pub fn parse(s: &str) -> Option<DateBase> {
        match s {
            "event.date" => Some(DateBase::EventDate),
            "as_of" => Some(DateBase::AsOf),
            "event.planned_move_out_date" => Some(DateBase::PlannedMoveOutDate),
            "event.known_date" => Some(DateBase::KnownDate),
            _ => None,
        }
    }

    fn date(self, request: &Request) -> Option<NaiveDate> {
        match self {
            DateBase::EventDate => Some(request.event.date),
            DateBase::AsOf => Some(request.as_of),
            DateBase::PlannedMoveOutDate => request.event.planned_move_out_date,
            DateBase::KnownDate => request.event.known_date,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// "Within N days": D + N, or D + N − 1 when the first day counts (戸籍法).
    Days { days: u32, first_day_counts: bool },
    /// The same day N months later, clamped to the month's end.
    Months(u32),
    /// N months with the first day counted (戸籍法43条, 民法143条2項).
    MonthsFirstDayCounts(u32),
}

#[derive(Debug, Clone, PartialEq)]
pub struct DeadlineRule {
    /// The rule applies when this holds (the first rule that holds is used).
    pub when: Option<Expr>,
    /// The first of these dates the request has is the base.
    pub from: Vec<DateBase>,
    pub period: Period,
    /// A statutory period for a notice to the city: a last day on a closed
    /// day moves to the next open day (地方自治法4条の2④).
    pub open_day: bool,
}

impl DeadlineRule {
    pub fn apply(&self, request: &Request) -> Option<NaiveDate> {
        let base = self.from.iter().find_map(|b| b.date(request))?;
        match self.period {
            Period::Days {
                days,
                first_day_counts,
            } => legal_dates::within_days(base, days, first_day_counts),
            Period::Months(n) => legal_dates::add_months_clamped(base, n),
            Period::MonthsFirstDayCounts(n) => legal_dates::within_months_first_day_counts(base, n),
        }
    }
}

/// A condition with the message explaining it when it does not hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub when: Expr,
    pub source: String,
    /// Fluent id of the `not_applicable` reason; None means the procedure is
    /// simply not relevant and is not listed.
    pub otherwise: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DocumentRule {
    pub id: String,
    pub when: Option<Expr>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProcedureRule {
    pub id: String,
    pub event: EventKind,
    pub scope: Scope,
    pub mode: Mode,
    pub optional: bool,
    pub window: String,
    pub form: Option<String>,
    /// Fluent id of the reason the procedure applies.
    pub reason: String,
    /// Alternatives: the first whose `when` holds gives the deadline; none, none.
    pub deadline: Vec<DeadlineRule>,
    pub documents: Vec<DocumentRule>,
    pub requires: Vec<Clause>,
    /// Fluent id of the title: `nhi.enroll` → `proc-nhi-enroll`.
    pub title_id: String,
    /// Fluent id of the window's name: `window-kokuho-nenkin`.
    pub window_name_id: String,
}

pub fn title_id(procedure_id: &str) -> String {
    format!("proc-{}", procedure_id.replace(['.', '_'], "-"))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub key: String,
    /// The city-wide number (call centre) used where a ward has none listed.
    pub phone: Option<String>,
    pub ward_phones: HashMap<String, String>,
}

impl Window {
    /// Fluent id of the window's name: `kokuho_nenkin` → `window-kokuho-nenkin`.
    pub fn name_id(&self) -> String {
        format!("window-{}", self.key.replace('_', "-"))
    }

    pub fn phone_for(&self, ward: &str) -> Option<&str> {
        self.ward_phones
            .get(ward)
            .map(String::as_str)
            .or(self.phone.as_deref())
    }
}

/// One version of the rule catalog.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub id: String,
    pub effective_from: NaiveDate,
    pub municipality: String,
    /// The office's closed days (the law's, and the city's own from the catalog).
    pub calendar: crate::japanese::calendar::OfficeCalendar,
    pub predicates: Vec<Expr>,
    pub predicate_names: Vec<String>,
    pub windows: Vec<Window>,
    pub procedures: Vec<ProcedureRule>,
    /// For each message the catalog uses, the facts it reads with their
    /// Fluent argument names (`member_age`).
    pub message_vars: HashMap<String, Vec<(Var, String)>>,
}

impl Catalog {
    pub fn window(&self, key: &str) -> Option<&Window> {
        self.windows.iter().find(|w| w.key == key)
    }

    pub fn rules_for(&self, event: EventKind) -> impl Iterator<Item = &ProcedureRule> {
        self.procedures.iter().filter(move |p| p.event == event)
    }

    /// Every procedure id in the catalog, once, in catalog order.
    pub fn procedure_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = Vec::new();
        for p in &self.procedures {
            if !ids.contains(&p.id.as_str()) {
                ids.push(&p.id);
            }
        }
        ids
    }
}

/// All versions of a catalog; the one in effect on a day is chosen per request.
#[derive(Debug, Clone)]
pub struct CatalogSet {
    pub versions: Vec<Catalog>,
}

impl CatalogSet {
    /// The latest version whose effective date is on or before `day`.
    pub fn in_effect(&self, day: NaiveDate) -> Option<&Catalog> {
        self.versions
            .iter()
            .filter(|c| c.effective_from <= day)
            .max_by_key(|c| c.effective_from)
    }
}
