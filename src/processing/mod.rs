//! The back office's side of a case (区政事務センター): each confirmed
//! procedure moves on its own through its stages, with who and when; a
//! procedure past its service target or its legal deadline is overdue; a
//! back-office clerk claims a procedure before working it, so two never take
//! the same one. Iced-free: the hub stores this, the windows show it.

pub mod stage;
pub mod targets;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use stage::{apply, Stage, Step, StepError};
pub use targets::Targets;

/// How long a claim holds without a step: a clerk who walks away does not
/// keep a procedure from the others for longer.
pub const CLAIM_MINUTES: i64 = 15;

/// One procedure of a case, where it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ProcedureStatus {
    pub case_id: String,
    /// The catalog's procedure id.
    pub procedure: String,
    pub title: String,
    /// The window (担当課) that owns it.
    pub window: String,
    pub stage: Stage,
    /// The counter that took the case, and when.
    pub counter: String,
    pub received_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The legal deadline (moved to the next open day where the law does so).
    #[serde(default)]
    pub due: Option<NaiveDate>,
    /// The service target (forms/processing/targets.toml).
    #[serde(default)]
    pub target: Option<NaiveDate>,
    #[serde(default)]
    pub claimed_by: Option<String>,
    #[serde(default)]
    pub claim_until: Option<DateTime<Utc>>,
    /// Why it was returned (while returned), or the counter's answer after.
    #[serde(default)]
    pub note: Option<String>,
    /// Every step, oldest first (empty in lists).
    #[serde(default)]
    pub history: Vec<StageChange>,
}

/// One step taken: who moved the procedure to which stage, when, and the
/// words that went with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct StageChange {
    pub stage: Stage,
    /// `received` (at the counter), `enter`, `check`, `complete`, `return`,
    /// `answer`, or `migrated` (from a hub before procedures had stages).
    pub step: String,
    pub by: String,
    pub at: DateTime<Utc>,
    #[serde(default)]
    pub note: Option<String>,
}

impl ProcedureStatus {
    /// Past its target or its legal deadline and not done.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.stage.open()
            && (self.target.is_some_and(|t| today > t) || self.due.is_some_and(|d| today > d))
    }

    /// Who holds it now (a claim that ran out holds nothing).
    pub fn holder(&self, now: DateTime<Utc>) -> Option<&str> {
        match (&self.claimed_by, self.claim_until) {
            (Some(by), Some(until)) if until > now => Some(by),
            _ => None,
        }
    }
}

/// A claim's end when taken at `now`.
pub fn claim_until(now: DateTime<Utc>) -> DateTime<Utc> {
    now + Duration::minutes(CLAIM_MINUTES)
}

/// The back office's worklist: which procedures to show.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema, utoipa::IntoParams,
)]
pub struct WorkFilter {
    /// Only this stage (received, entered, checked, done, returned); all open ones if none.
    #[serde(default)]
    pub stage: Option<String>,
    /// Only this window (担当課), as the catalog names it.
    #[serde(default)]
    pub window: Option<String>,
    /// Only the overdue.
    #[serde(default)]
    pub overdue: Option<bool>,
    /// Only this case (the 受付番号 on the guidance sheet).
    #[serde(default)]
    pub case: Option<String>,
    /// Received on this day (YYYY-MM-DD, Japan time).
    #[serde(default)]
    pub day: Option<NaiveDate>,
}

/// Counts of a set of procedures per stage, and the overdue among them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StageCounts {
    pub received: u32,
    pub entered: u32,
    pub checked: u32,
    pub done: u32,
    pub returned: u32,
    pub overdue: u32,
}

impl StageCounts {
    pub fn of(items: &[ProcedureStatus], today: NaiveDate) -> StageCounts {
        let mut c = StageCounts::default();
        for p in items {
            *match p.stage {
                Stage::Received => &mut c.received,
                Stage::Entered => &mut c.entered,
                Stage::Checked => &mut c.checked,
                Stage::Done => &mut c.done,
                Stage::Returned => &mut c.returned,
            } += 1;
            if p.overdue(today) {
                c.overdue += 1;
            }
        }
        c
    }

    /// Not done yet: the backlog.
    pub fn open(&self) -> u32 {
        self.received + self.entered + self.checked + self.returned
    }
}

/// A change of a case's procedures, told to live views.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ProcedureEvent {
    pub seq: u64,
    pub case_id: String,
    pub procedure: String,
    pub stage: Stage,
    /// The counter that took the case (it shows its returned procedures).
    pub counter: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(stage: Stage, target: &str, due: Option<&str>) -> ProcedureStatus {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        ProcedureStatus {
            case_id: "c".into(),
            procedure: "p".into(),
            title: "t".into(),
            window: "w".into(),
            stage,
            counter: "1".into(),
            received_at: Utc::now(),
            updated_at: Utc::now(),
            due: due.map(d),
            target: Some(d(target)),
            claimed_by: None,
            claim_until: None,
            note: None,
            history: vec![],
        }
    }

    #[test]
    fn overdue_is_past_the_target_or_the_deadline_and_not_done() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        assert!(!status(Stage::Received, "2026-12-02", None).overdue(today));
        assert!(status(Stage::Received, "2026-12-01", None).overdue(today));
        assert!(status(Stage::Entered, "2026-12-09", Some("2026-12-01")).overdue(today));
        assert!(!status(Stage::Done, "2026-12-01", None).overdue(today));
        let items = [
            status(Stage::Received, "2026-12-01", None),
            status(Stage::Done, "2026-12-01", None),
            status(Stage::Returned, "2026-12-09", None),
        ];
        let c = StageCounts::of(&items, today);
        assert_eq!(
            (c.received, c.done, c.returned, c.overdue, c.open()),
            (1, 1, 1, 1, 2)
        );
    }

    #[test]
    fn a_claim_that_ran_out_holds_nothing() {
        let now = Utc::now();
        let mut p = status(Stage::Received, "2026-12-01", None);
        p.claimed_by = Some("bo1".into());
        p.claim_until = Some(claim_until(now));
        assert_eq!(p.holder(now), Some("bo1"));
        assert_eq!(p.holder(now + Duration::minutes(CLAIM_MINUTES + 1)), None);
    }
}
