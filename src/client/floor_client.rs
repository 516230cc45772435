//! The floor's side of the hub, from a client: service-level targets and the
//! counters' modes.

use reqwest::Method;

use super::hub_client::{encode, ClientError, HubClient};
use crate::api::{Category, CounterChange, CounterMode, SetCounterState};
use crate::service_level::Target;

impl HubClient {
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
}
