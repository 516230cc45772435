//! What a counter does, online or not: issue and call tickets, serve them, look
//! up households, submit cases. Writes go to the local cache and its outbox in
//! one transaction; calls go to the hub when it answers and are decided locally
//! (and replayed later) when it does not.

use std::sync::Arc;

use chrono::Utc;
use serde_json::json;

use super::cache::{self, LocalCache};
use super::hub_client::{ClientError, HubClient};
use crate::api::*;
use crate::queue;

pub struct Counter {
    pub cache: LocalCache,
    pub hub: Arc<HubClient>,
    /// The counter's id at the hub: `3`.
    pub id: String,
    /// The prefix of numbers this counter makes: `K3`.
    pub prefix: String,
}

impl Counter {
    pub fn new(
        cache: LocalCache,
        hub: Arc<HubClient>,
        id: &str,
        prefix: &str,
    ) -> Result<Counter, String> {
        if prefix.is_empty() || !prefix.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(format!(
                "counter prefix: letters and digits only, not '{prefix}'"
            ));
        }
        Ok(Counter {
            cache,
            hub,
            id: id.to_string(),
            prefix: prefix.to_string(),
        })
    }

    /// Issue a ticket at this counter (a walk-in, or any ticket while offline).
    /// It carries the counter's prefix, so it never collides with the hub's.
    pub fn issue_ticket(&mut self, category: &str, priority: bool) -> Result<Ticket, String> {
        let now = Utc::now();
        let day = japan_day(now);
        let id = uuid::Uuid::new_v4().to_string();
        let prefix = self.prefix.clone();
        let body_of = |t: &Ticket| json!({ "id": t.id, "number": t.number, "category": t.category, "priority": t.priority, "created_at": t.created_at });
        // The number is taken inside the transaction that also queues the write.
        let tx = self
            .cache
            .conn()
            .unchecked_transaction()
            .map_err(|e| format!("local cache: {e}"))?;
        let number = LocalCache::next_offline_number(&tx, &prefix, category, day)?;
        let ticket = Ticket {
            id: id.clone(),
            number,
            category: category.to_string(),
            day,
            state: TicketState::Waiting,
            priority,
            counter: None,
            created_at: chrono::SubsecRound::trunc_subsecs(now, 3),
            called_at: None,
            started_at: None,
            finished_at: None,
            outcome: None,
            transfers: 0,
        };
        cache::put_ticket(&tx, &ticket)?;
        tx.execute(
            "INSERT INTO outbox(key, method, path, body, created_at) VALUES (?1, 'POST', '/api/tickets', ?2, ?3)",
            rusqlite::params![uuid::Uuid::new_v4().to_string(), body_of(&ticket).to_string(), crate::api::ts(now)],
        )
        .map_err(|e| format!("local cache: {e}"))?;
        tx.commit().map_err(|e| format!("local cache: {e}"))?;
        Ok(ticket)
    }

    /// The kiosk's ticket: numbered by the hub when it answers (one sequence per
    /// category for the whole floor), otherwise by this PC through the outbox.
    pub fn issue_ticket_hub_first(
        &mut self,
        category: &str,
        priority: bool,
    ) -> Result<Ticket, String> {
        let req = IssueTicket {
            category: category.to_string(),
            priority,
            id: Some(uuid::Uuid::new_v4().to_string()),
            number: None,
            created_at: Some(chrono::SubsecRound::trunc_subsecs(Utc::now(), 3)),
        };
        let key = uuid::Uuid::new_v4().to_string();
        match self.hub.issue(&req, Some(&key)) {
            Ok(t) => {
                self.cache.put_ticket(&t)?;
                Ok(t)
            }
            Err(ClientError::Offline(_)) => self.issue_ticket(category, priority),
            Err(e) => Err(e.to_string()),
        }
    }

    /// Call the next ticket: the hub decides when it answers; otherwise this
    /// counter decides from what it knows, and the call is replayed later.
    pub fn call_next(&mut self, categories: &[String]) -> Result<Option<Ticket>, String> {
        let req = CallNext {
            counter: self.id.clone(),
            categories: categories.to_vec(),
        };
        let key = uuid::Uuid::new_v4().to_string();
        match self.hub.call_next(&req, Some(&key)) {
            Ok(Some(t)) => {
                self.cache.put_ticket(&t)?;
                Ok(Some(t))
            }
            Ok(None) => Ok(self.call_local(categories)?),
            Err(ClientError::Offline(_)) => self.call_local(categories),
            Err(e) => Err(e.to_string()),
        }
    }

    fn call_local(&mut self, categories: &[String]) -> Result<Option<Ticket>, String> {
        let tickets = self.cache.tickets(japan_day(Utc::now()))?;
        let Some(next) = queue::next_for(&tickets, &self.id, categories).cloned() else {
            return Ok(None);
        };
        self.act(
            &next.id,
            TicketAction::Call {
                counter: self.id.clone(),
            },
        )
        .map(Some)
    }

    /// Recall, start, finish, no-show, transfer or prioritise a ticket.
    pub fn act(&mut self, ticket_id: &str, action: TicketAction) -> Result<Ticket, String> {
        let mut t = self
            .cache
            .ticket(ticket_id)?
            .ok_or_else(|| format!("ticket {ticket_id} is not in this counter's view"))?;
        let at = Utc::now();
        queue::apply_action(&mut t, &action, at).map_err(|e| e.to_string())?;
        let body = serde_json::to_value(TicketActionRequest {
            action,
            at: Some(at),
        })
        .map_err(|e| e.to_string())?;
        let path = format!(
            "/api/tickets/{}/actions",
            super::hub_client::encode(ticket_id)
        );
        let updated = t.clone();
        self.cache
            .write_with_outbox("POST", &path, &body, move |c| {
                cache::put_ticket(c, &updated)
            })?;
        Ok(t)
    }

    /// Reload today's queue from the hub; tickets with writes still queued here
    /// keep their local state. Ok(false) when the hub did not answer.
    pub fn refresh_queue(&mut self) -> Result<bool, String> {
        match self.hub.queue() {
            Ok(view) => {
                let dirty = self.cache.dirty_ticket_ids()?;
                for t in view.tickets.iter().filter(|t| !dirty.contains(&t.id)) {
                    self.cache.put_ticket(t)?;
                }
                Ok(true)
            }
            Err(ClientError::Offline(_)) => Ok(false),
            Err(e) => Err(e.to_string()),
        }
    }

    pub fn tickets(&self) -> Result<Vec<Ticket>, String> {
        self.cache.tickets(japan_day(Utc::now()))
    }

    /// Search the registry; offline, only the households cached today. The flag
    /// says whether the answer came from the cache.
    pub fn search(&mut self, q: &ResidentQuery) -> Result<(Vec<ResidentHit>, bool), String> {
        match self.hub.search(q) {
            Ok(hits) => Ok((hits, false)),
            Err(ClientError::Offline(_)) => Ok((self.cache.search_cached(q)?, true)),
            Err(e) => Err(e.to_string()),
        }
    }

    /// A household from the registry (cached for today), or the cached copy offline.
    pub fn household(
        &mut self,
        id: &str,
        ticket: Option<&str>,
    ) -> Result<Option<HouseholdRecord>, String> {
        match self.hub.household(id, ticket) {
            Ok(h) => {
                self.cache.cache_household(&h, japan_day(Utc::now()))?;
                Ok(Some(h))
            }
            Err(ClientError::Offline(_)) => self.cache.cached_household(id),
            Err(ClientError::Rejected { status: 404, .. }) => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }

    /// The cases this counter handed over today (from the local cache: offline too).
    pub fn cases_today(&self) -> Result<Vec<CaseSubmission>, String> {
        self.cache.cases_of_day(japan_day(Utc::now()))
    }

    /// Whether the case may still be changed at the counter: the back office
    /// has not taken it. Offline, the hub decides when the case arrives.
    pub fn case_open(&self, id: &str) -> Result<bool, String> {
        match self.hub.case_status(id) {
            Ok(status) => Ok(status == crate::api::CaseStatus::Received),
            Err(ClientError::Offline(_)) => Ok(true),
            // Not at the hub yet (still in the outbox): still open.
            Err(ClientError::Rejected { status: 404, .. }) => Ok(true),
            Err(e) => Err(e.to_string()),
        }
    }

    /// Hand the visit's case to the hub (through the outbox: it arrives when the hub does).
    pub fn submit_case(&mut self, case: &CaseSubmission) -> Result<(), String> {
        let body = serde_json::to_value(case).map_err(|e| e.to_string())?;
        let stored = case.clone();
        let day = japan_day(Utc::now());
        self.cache
            .write_with_outbox("POST", "/api/cases", &body, move |c| {
                cache::put_case(c, &stored, day)
            })
            .map(|_| ())
    }
}
