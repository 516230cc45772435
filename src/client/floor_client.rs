//! The floor's side of the hub, from a client: service-level targets and the
//! counters' modes.

use reqwest::Method;

use super::hub_client::{encode, ClientError, HubClient};
use crate::api::{Category, CounterChange, CounterMode, SetCounterState};
use crate::service_level::Target;

impl HubClient {
    /// The categories of the queue, with their targets.
    pub fn categories(&self) -> Result<Vec<Category>, ClientError> {
        self.required(Method::GET, "/api/categories", None, None)
    }

    /// A supervisor sets a category's target.
    pub fn set_target(&self, category: &str, target: Target) -> Result<Category, ClientError> {
        self.required(
            Method::PUT,
            &format!("/api/categories/{}/target", encode(category)),
            Some(&serde_json::to_value(target).unwrap_or_default()),
            None,
        )
    }

    /// Open, pause (with one of `api::PAUSE_REASONS`) or close a counter.
    pub fn set_counter(
        &self,
        counter: &str,
        mode: CounterMode,
        reason: Option<&str>,
    ) -> Result<CounterChange, ClientError> {
        let req = SetCounterState {
            mode,
            reason: reason.map(str::to_string),
        };
        self.required(
            Method::POST,
            &format!("/api/counters/{}/state", encode(counter)),
            Some(&serde_json::to_value(req).unwrap_or_default()),
            None,
        )
    }

    /// The day's changes of every counter's mode (today when `None`).
    pub fn counter_log(
        &self,
        day: Option<chrono::NaiveDate>,
    ) -> Result<Vec<CounterChange>, ClientError> {
        let q = day.map(|d| format!("?day={d}")).unwrap_or_default();
        self.required(Method::GET, &format!("/api/counters{q}"), None, None)
    }

    /// The report of the days `from..=to`: each day's tally and the
    /// period's whole. A supervisor's includes the cases.
    pub fn period_tally(
        &self,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<crate::tally::period::PeriodTally, ClientError> {
        let days =
            crate::tally::period::days(from, to).map_err(|message| ClientError::Rejected {
                status: 400,
                message,
            })?;
        let supervisor = self.login()?.role == crate::api::Role::Supervisor;
        let now = crate::clock::now();
        let mut tallies = Vec::with_capacity(days.len());
        let mut all_cases = Vec::new();
        for day in days {
            let view = self.queue_on(day)?;
            let cases = if supervisor {
                Some(self.cases_of_day(day)?)
            } else {
                None
            };
            tallies.push(crate::tally::tally(&view, cases.as_deref(), now));
            all_cases.extend(cases.unwrap_or_default());
        }
        Ok(crate::tally::period::period(
            from,
            to,
            tallies,
            supervisor.then_some(&all_cases[..]),
        ))
    }
}
