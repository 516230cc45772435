//! The back office's side of the hub, from a client: the procedures' stages
//! (worklist, a case's procedures, steps, claims) and the cases of a day.

use reqwest::Method;

use super::hub_client::{encode, ClientError, HubClient};
use crate::api::{CaseSummary, CaseView};

fn to_value<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

impl HubClient {
    /// The cases received on `day` (Japan time), oldest first.
    pub fn cases_of_day(&self, day: chrono::NaiveDate) -> Result<Vec<CaseSummary>, ClientError> {
        self.required(Method::GET, &format!("/api/cases?day={day}"), None, None)
    }

    /// A case as the hub keeps it, with its scans' places. Audited at the hub.
    pub fn case_view(&self, id: &str) -> Result<CaseView, ClientError> {
        self.required(
            Method::GET,
            &format!("/api/cases/{}", encode(id)),
            None,
            None,
        )
    }

    /// The back office's worklist (or any view of the procedures' stages).
    pub fn procedures(
        &self,
        filter: &crate::processing::WorkFilter,
    ) -> Result<Vec<crate::processing::ProcedureStatus>, ClientError> {
        let mut q = Vec::new();
        if let Some(s) = &filter.stage {
            q.push(format!("stage={}", encode(s)));
        }
        if let Some(w) = &filter.window {
            q.push(format!("window={}", encode(w)));
        }
        if let Some(o) = filter.overdue {
            q.push(format!("overdue={o}"));
        }
        if let Some(c) = &filter.case {
            q.push(format!("case={}", encode(c)));
        }
        if let Some(d) = filter.day {
            q.push(format!("day={d}"));
        }
        let q = if q.is_empty() {
            String::new()
        } else {
            format!("?{}", q.join("&"))
        };
        self.required(Method::GET, &format!("/api/procedures{q}"), None, None)
    }

    /// A case's procedures with their histories.
    pub fn case_procedures(
        &self,
        case_id: &str,
    ) -> Result<Vec<crate::processing::ProcedureStatus>, ClientError> {
        self.required(
            Method::GET,
            &format!("/api/cases/{}/procedures", encode(case_id)),
            None,
            None,
        )
    }

    /// A step on a procedure (入力済, 審査済, 完了, 差戻し, or the counter's answer).
    pub fn step(
        &self,
        case_id: &str,
        procedure: &str,
        step: &crate::processing::Step,
    ) -> Result<crate::processing::ProcedureStatus, ClientError> {
        self.required(
            Method::POST,
            &format!(
                "/api/cases/{}/procedures/{}/steps",
                encode(case_id),
                encode(procedure)
            ),
            Some(&to_value(step)),
            None,
        )
    }

    /// Take a procedure to work it (`release`: give it back).
    pub fn claim(
        &self,
        case_id: &str,
        procedure: &str,
        release: bool,
    ) -> Result<crate::processing::ProcedureStatus, ClientError> {
        let method = if release {
            Method::DELETE
        } else {
            Method::POST
        };
        self.required(
            method,
            &format!(
                "/api/cases/{}/procedures/{}/claim",
                encode(case_id),
                encode(procedure)
            ),
            None,
            None,
        )
    }
}
