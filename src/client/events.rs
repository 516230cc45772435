//! Following the hub's server-sent event stream (`/api/events`), blocking:
//! each ticket change (or a `reload` when this reader fell behind) is handed to
//! a callback until the stream ends, fails, or the callback says stop.

use std::io::{BufRead, BufReader};

use super::hub_client::{ClientError, HubClient};
use crate::api::QueueEvent;

/// What the stream said.
#[derive(Debug, Clone)]
pub enum StreamEvent {
    Ticket(Box<QueueEvent>),
    /// A procedure of a case moved (the back office's work, a return).
    Procedure(Box<crate::processing::ProcedureEvent>),
    /// A counter opened, paused or closed.
    Counter(Box<crate::api::CounterChange>),
    /// Events were missed: reload the whole queue.
    Reload,
}

/// Follow the stream. `on_event` returns false to stop. Returns when the hub
/// closes or loses the connection (the caller reconnects).
pub fn follow(
    hub: &HubClient,
    on_event: &mut dyn FnMut(StreamEvent) -> bool,
) -> Result<(), ClientError> {
    let token = hub.token()?;
    // No overall timeout: the stream stays open; the hub sends a keep-alive
    // every 15 s, so a silent minute means the connection is gone.
    let http = hub
        .http_builder()
        .timeout(None)
        .build()
        .map_err(|e| ClientError::Offline(e.to_string()))?;
    let resp = http
        .get(format!("{}/api/events", hub.base()))
        .bearer_auth(token)
        .send()
        .map_err(|e| ClientError::Offline(e.to_string()))?;
    let status = resp.status().as_u16();
    if status == 401 {
        // The session ended: log in again for the next attempt.
        hub.login()?;
    }
    if status != 200 {
        let message = format!("event stream: HTTP {status}");
        return Err(if (400..500).contains(&status) && status != 401 {
            ClientError::Rejected { status, message }
        } else {
            ClientError::Offline(message)
        });
    }
    // Connected: whatever happened while away is unknown, so reload first.
    if !on_event(StreamEvent::Reload) {
        return Ok(());
    }
    let mut name = String::new();
    let mut data = String::new();
    for line in BufReader::new(resp).lines() {
        let line = line.map_err(|e| ClientError::Offline(e.to_string()))?;
        if let Some(v) = line.strip_prefix("event:") {
            name = v.trim().to_string();
        } else if let Some(v) = line.strip_prefix("data:") {
            data.push_str(v.trim_start());
        } else if line.is_empty() && !data.is_empty() {
            let event = match name.as_str() {
                "ticket" => serde_json::from_str::<QueueEvent>(&data)
                    .map(|e| StreamEvent::Ticket(Box::new(e)))
                    .unwrap_or(StreamEvent::Reload),
                "procedure" => serde_json::from_str(&data)
                    .map(|e| StreamEvent::Procedure(Box::new(e)))
                    .unwrap_or(StreamEvent::Reload),
                "counter" => serde_json::from_str(&data)
                    .map(|e| StreamEvent::Counter(Box::new(e)))
                    .unwrap_or(StreamEvent::Reload),
                _ => StreamEvent::Reload,
            };
            name.clear();
            data.clear();
            if !on_event(event) {
                return Ok(());
            }
        }
    }
    Ok(())
}
