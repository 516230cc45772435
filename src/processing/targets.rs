//! The back office's service targets: how many open days from the counter to
//! done, per procedure. Data a city edits (`forms/processing/targets.toml`),
//! not code.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::japanese::calendar::OfficeCalendar;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    /// Open days for a procedure the file does not name.
    pub default_days: u32,
    /// Open days per procedure id.
    #[serde(default)]
    pub days: BTreeMap<String, u32>,
}

/// The longest target a file may set: beyond it a typo (300 for 3) is more
/// likely than a plan.
pub const MAX_DAYS: u32 = 60;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetsError {
    #[error("{0}: cannot be read: {1}")]
    Read(String, String),
    #[error("{0}: {1}")]
    Parse(String, String),
    #[error("{0}: {1} open days for {2}: at most {MAX_DAYS}")]
    TooLong(String, u32, String),
}

impl Targets {
    /// The targets built into the binary.
    pub fn builtin() -> Targets {
        let text = crate::forms_dir::builtin_toml("processing")
            .ok()
            .and_then(|files| files.into_iter().find(|(n, _)| n.ends_with("targets.toml")))
            .map(|(_, t)| t)
            .unwrap_or_default();
        Targets::parse("forms/processing/targets.toml", &text).unwrap_or(Targets {
            default_days: 3,
            days: BTreeMap::new(),
        })
    }

    pub fn load(path: &Path) -> Result<Targets, TargetsError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| TargetsError::Read(name.clone(), e.to_string()))?;
        Targets::parse(&name, &text)
    }

    pub fn parse(name: &str, text: &str) -> Result<Targets, TargetsError> {
        let t: Targets =
            toml::from_str(text).map_err(|e| TargetsError::Parse(name.into(), e.to_string()))?;
        if t.default_days > MAX_DAYS {
            return Err(TargetsError::TooLong(
                name.into(),
                t.default_days,
                "default_days".into(),
            ));
        }
        if let Some((id, d)) = t.days.iter().find(|(_, d)| **d > MAX_DAYS) {
            return Err(TargetsError::TooLong(name.into(), *d, id.clone()));
        }
        Ok(t)
    }

    pub fn days(&self, procedure: &str) -> u32 {
        self.days
            .get(procedure)
            .copied()
            .unwrap_or(self.default_days)
    }

    /// The day a procedure received on `received` should be done by: that
    /// many open days later (0: the same day, or the next open one).
    pub fn target(
        &self,
        procedure: &str,
        received: NaiveDate,
        calendar: &OfficeCalendar,
    ) -> Option<NaiveDate> {
        let mut day = calendar.next_open_day(received)?;
        for _ in 0..self.days(procedure) {
            day = calendar.next_open_day(day.succ_opt()?)?;
        }
        Some(day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_built_in_file_reads_and_counts_open_days() {
        let t = Targets::builtin();
        assert_eq!(t.days("resident.move_in"), 1);
        assert_eq!(t.days("no.such"), t.default_days);
        let cal = OfficeCalendar::default();
        // Friday 2026-11-27 + 1 open day: Monday the 30th.
        assert_eq!(
            t.target("resident.move_in", d("2026-11-27"), &cal),
            Some(d("2026-11-30"))
        );
        // Received on a Saturday counts from Monday.
        assert_eq!(
            t.target("resident.move_in", d("2026-11-28"), &cal),
            Some(d("2026-12-01"))
        );
        // Over the new year: 12-28 (Mon) + 3 open days → 2027-01-06.
        let three = Targets {
            default_days: 3,
            days: BTreeMap::new(),
        };
        assert_eq!(
            three.target("x", d("2026-12-28"), &cal),
            Some(d("2027-01-06"))
        );
    }

    #[test]
    fn a_bad_file_is_named() {
        assert!(matches!(
            Targets::parse("t", "default_days = 300"),
            Err(TargetsError::TooLong(..))
        ));
        assert!(matches!(
            Targets::parse("t", "default_days = 'x'"),
            Err(TargetsError::Parse(..))
        ));
        assert!(matches!(
            Targets::parse("t", "default_days = 1\nfoo = 2"),
            Err(TargetsError::Parse(..))
        ));
    }
}
