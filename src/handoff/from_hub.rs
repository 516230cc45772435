//! The cases of a hand-off, read from a hub (for `madoguchi export` and the
//! back office's screen): each case with its scanned pages' images. Every
//! read is audited at the hub.

use chrono::NaiveDate;

use super::HandoffCase;
use crate::client::{ClientError, HubClient};

/// What to hand off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// The cases received that day (Japan time).
    Day(NaiveDate),
    /// One case.
    Case(String),
}

impl Selection {
    /// The package's directory name.
    pub fn package_name(&self) -> String {
        match self {
            Selection::Day(d) => format!("handoff-{d}"),
            Selection::Case(id) => format!(
                "handoff-case-{}",
                id.chars()
                    .map(|c| if c.is_ascii_alphanumeric() || c == '-' {
                        c
                    } else {
                        '_'
                    })
                    .collect::<String>()
            ),
        }
    }
}

pub fn fetch(hub: &HubClient, what: &Selection) -> Result<Vec<HandoffCase>, ClientError> {
    let ids: Vec<String> = match what {
        Selection::Day(d) => hub.cases_of_day(*d)?.into_iter().map(|c| c.id).collect(),
        Selection::Case(id) => vec![id.clone()],
    };
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let view = hub.case_view(&id)?;
        let mut scans = Vec::with_capacity(view.scans.len());
        for info in view.scans {
            let (_, bytes) = hub.scan_image(&info.id)?;
            scans.push((info, bytes));
        }
        out.push(HandoffCase {
            case: view.case,
            received_at: view.summary.received_at,
            scans,
        });
    }
    Ok(out)
}
