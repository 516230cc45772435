//! A visit, from the event entered to the case handed to the hub, iced-free:
//! the household, the event's facts, the determination, the procedures the
//! clerk confirms with the resident, the printed batch and the case. The
//! window's intake, `madoguchi print` and the tests drive these functions; the
//! window keeps only what it shows.

pub mod entry;
pub mod error;
pub mod printing;

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};

pub use entry::EventEntry;
pub use error::VisitError;
pub use printing::Rules;

use crate::api::{CaseSubmission, CaseTimings, HouseholdRecord, Ticket};
use crate::engine::Determination;
use crate::model::{Member, Request};

/// Households entered at the counter (not from the registry) have ids with this prefix.
pub const NEW_HOUSEHOLD_PREFIX: &str = "new-";

/// A batch that was printed for this visit.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Printed {
    /// Where the PDF was saved.
    pub path: PathBuf,
    pub pages: usize,
    /// The printer it was sent to (none: saved only).
    pub printer: Option<String>,
    pub at: DateTime<Utc>,
    /// The procedures it was printed for.
    pub confirmed: Vec<String>,
    /// The form of each page, in order (`guidance` for the sheet).
    #[serde(default)]
    pub page_forms: Vec<String>,
}

impl Printed {
    /// The pages that come back signed: every form page (not the sheet).
    pub fn pages_to_sign(&self, case: &str) -> Vec<crate::scan_pages::PageMark> {
        self.page_forms
            .iter()
            .enumerate()
            .filter(|(_, f)| f.as_str() != crate::print::batch::GUIDANCE_FORM)
            .map(|(i, f)| crate::scan_pages::PageMark {
                case: case.to_string(),
                form: f.clone(),
                page: i + 1,
            })
            .collect()
    }
}

/// How a visit ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finish {
    /// After the batch was printed (the usual end).
    Printed,
    /// Without a batch: the clerk was asked and agreed (nothing to print, or
    /// the resident left).
    WithoutPrint,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    /// The case id: printed in every QR code, the resident's 受付番号.
    pub case_id: String,
    pub household: Option<HouseholdRecord>,
    pub request: Option<Request>,
    pub determination: Option<Determination>,
    pub confirmed: Vec<String>,
    pub printed: Option<Printed>,
    pub started: DateTime<Utc>,
    /// 0 for a new case; a reopened case is sent again as its next revision.
    pub revision: u32,
}

impl Visit {
    pub fn new(case_id: impl Into<String>, started: DateTime<Utc>) -> Visit {
        Visit {
            case_id: case_id.into(),
            household: None,
            request: None,
            determination: None,
            confirmed: Vec::new(),
            printed: None,
            started,
            revision: 0,
        }
    }

    /// The visit of a request document (`madoguchi print`, tests): the
    /// household it holds, as a record of its own.
    pub fn of_request(request: Request, case_id: impl Into<String>) -> Visit {
        let case_id = case_id.into();
        let mut v = Visit::new(case_id.clone(), Utc::now());
        v.household = Some(HouseholdRecord {
            id: format!("{NEW_HOUSEHOLD_PREFIX}{case_id}"),
            household: request.household.clone(),
        });
        v.request = Some(request);
        v
    }

    /// Choose the household (from the registry or entered at the counter).
    /// What was determined for another household is dropped.
    pub fn set_household(&mut self, record: HouseholdRecord) {
        if self.household.as_ref() != Some(&record) {
            self.request = None;
            self.determination = None;
            self.confirmed.clear();
            self.printed = None;
        }
        self.household = Some(record);
    }

    /// Whether the household was entered at the counter rather than found.
    pub fn household_is_new(&self) -> bool {
        self.household
            .as_ref()
            .is_some_and(|h| h.id.starts_with(NEW_HOUSEHOLD_PREFIX))
    }

    /// Build the request from the entered event (and a newborn entered at the
    /// counter), validate it and determine the procedures. The confirmed
    /// procedures start as the defaults: every counter procedure that is not
    /// optional. A batch printed before is no longer this visit's.
    pub fn determine(
        &mut self,
        entry: &EventEntry,
        newborn: Option<Member>,
        as_of: NaiveDate,
        rules: &Rules<'_>,
    ) -> Result<&Determination, VisitError> {
        let record = self.household.as_ref().ok_or(VisitError::NoHousehold)?;
        let mut household = record.household.clone();
        let mut event = entry.event()?;
        for (id, code) in entry.resident_codes()? {
            if let Some(m) = household.members.iter_mut().find(|m| m.id == id) {
                m.resident_code = Some(code);
            }
        }
        if let Some(baby) = newborn {
            household.members.retain(|m| m.id != baby.id);
            event.newborn_id = Some(baby.id.clone());
            household.members.push(baby);
        }
        let request = Request {
            as_of,
            event,
            household,
        };
        self.determine_request(request, rules)
    }

    /// Determine the procedures for a request as given.
    pub fn determine_request(
        &mut self,
        request: Request,
        rules: &Rules<'_>,
    ) -> Result<&Determination, VisitError> {
        crate::input::validate(&request).map_err(VisitError::Input)?;
        let catalog = rules.catalog(request.as_of)?;
        let d = crate::determine(&request, catalog, rules.texts, rules.lang);
        let keep = self.determination.is_some() && self.request.as_ref() == Some(&request);
        if !keep {
            self.confirmed = crate::engine::default_confirmed(&d);
            self.printed = None;
        }
        self.request = Some(request);
        Ok(self.determination.insert(d))
    }

    /// Tick or untick a procedure. A batch printed before shows other
    /// procedures now, so it is no longer this visit's batch.
    pub fn confirm(&mut self, id: &str, on: bool) -> Result<(), VisitError> {
        let d = self
            .determination
            .as_ref()
            .ok_or(VisitError::NotDetermined)?;
        if d.procedure(id).is_none() {
            return Err(VisitError::UnknownProcedure(id.to_string()));
        }
        let before = self.confirmed.clone();
        self.confirmed.retain(|c| c != id);
        if on {
            // In the determination's order, so the batch and the sheet agree.
            self.confirmed.push(id.to_string());
            let order: Vec<&str> = d.procedures.iter().map(|p| p.id.as_str()).collect();
            self.confirmed
                .sort_by_key(|c| order.iter().position(|o| o == c).unwrap_or(usize::MAX));
        }
        if self.confirmed != before {
            self.printed = None;
        }
        Ok(())
    }

    /// Set the confirmed procedures at once (`madoguchi print --procedures`).
    pub fn confirm_only(&mut self, ids: &[String]) -> Result<(), VisitError> {
        let d = self
            .determination
            .as_ref()
            .ok_or(VisitError::NotDetermined)?;
        if let Some(bad) = ids.iter().find(|id| d.procedure(id).is_none()) {
            return Err(VisitError::UnknownProcedure(bad.clone()));
        }
        let ids: Vec<String> = d
            .procedures
            .iter()
            .filter(|p| ids.contains(&p.id))
            .map(|p| p.id.clone())
            .collect();
        if ids != self.confirmed {
            self.printed = None;
        }
        self.confirmed = ids;
        Ok(())
    }

    /// The forms the confirmed procedures print, each once, in order.
    pub fn forms(&self) -> Vec<String> {
        let Some(d) = &self.determination else {
            return Vec::new();
        };
        let mut forms: Vec<String> = Vec::new();
        for p in d
            .procedures
            .iter()
            .filter(|p| self.confirmed.contains(&p.id))
        {
            if let Some(f) = &p.form {
                if !forms.contains(f) {
                    forms.push(f.clone());
                }
            }
        }
        forms
    }

    /// Whether finishing now would hand over a case with no printed batch
    /// (the window asks first).
    pub fn unprinted(&self) -> bool {
        self.printed.is_none()
    }

    /// The case handed to the hub. Finishing as printed when no batch was
    /// printed (or the confirmed procedures changed since) is refused.
    pub fn finish(
        &self,
        how: Finish,
        ticket: Option<&Ticket>,
        counter: &str,
        now: DateTime<Utc>,
    ) -> Result<CaseSubmission, VisitError> {
        let request = self.request.clone().ok_or(VisitError::NotDetermined)?;
        let determination = self
            .determination
            .clone()
            .ok_or(VisitError::NotDetermined)?;
        if how == Finish::Printed && self.printed.is_none() {
            return Err(VisitError::NotPrinted);
        }
        Ok(CaseSubmission {
            id: self.case_id.clone(),
            ticket_id: ticket.map(|t| t.id.clone()),
            household_id: self
                .household
                .as_ref()
                .filter(|_| !self.household_is_new())
                .map(|h| h.id.clone()),
            counter: counter.to_string(),
            request,
            determination,
            confirmed: self.confirmed.clone(),
            revision: self.revision,
            forms_printed: if self.printed.is_some() {
                self.forms()
            } else {
                Vec::new()
            },
            timings: CaseTimings {
                called_at: ticket.and_then(|t| t.called_at),
                started_at: Some(self.started),
                printed_at: self.printed.as_ref().map(|p| p.at),
                finished_at: Some(now),
            },
        })
    }

    /// A visit again from a case sent earlier (reopen or reprint at the
    /// counter): the same request, determination and confirmed procedures.
    pub fn reopen(case: &CaseSubmission, household: Option<HouseholdRecord>) -> Visit {
        let started = case.timings.started_at.unwrap_or_else(Utc::now);
        let mut v = Visit::new(case.id.clone(), started);
        v.household = household.or_else(|| {
            Some(HouseholdRecord {
                id: case
                    .household_id
                    .clone()
                    .unwrap_or_else(|| format!("{NEW_HOUSEHOLD_PREFIX}{}", case.id)),
                household: case.request.household.clone(),
            })
        });
        v.request = Some(case.request.clone());
        v.determination = Some(case.determination.clone());
        v.confirmed = case.confirmed.clone();
        v.revision = case.revision + 1;
        v
    }
}

/// The case id of a visit: the ticket's day and number (and how many times it
/// was transferred, so two counters' cases never collide).
pub fn case_id(ticket: &Ticket) -> String {
    if ticket.transfers > 0 {
        return format!(
            "{}-{}-{}",
            ticket.day.format("%Y%m%d"),
            ticket.number,
            ticket.transfers
        );
    }
    format!("{}-{}", ticket.day.format("%Y%m%d"), ticket.number)
}

/// A case id fit to print in a QR code and to name a file.
pub fn check_case_id(id: &str) -> Result<(), VisitError> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(VisitError::BadCaseId(id.to_string()))
    }
}
