//! Queue events between hub processes over one database: the writer sends
//! each committed change with `pg_notify` inside its transaction (so it is
//! delivered only if it commits, in commit order), and every hub listens and
//! hands what it hears to its own subscribers, its own changes included.

use std::time::Duration;

use postgres::fallible_iterator::FallibleIterator;
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

use super::conn::{describe, PgConn};
use crate::api::{CounterChange, HubEvent, Ticket};
use crate::hub::db::sql::Sql;
use crate::hub::store::{Change, StoreError};
use crate::processing::ProcedureEvent;

pub const CHANNEL: &str = "madoguchi_events";

/// NOTIFY's payload limit is 8000 bytes; a change is a few hundred.
const MAX_PAYLOAD: usize = 7900;

/// The payload that tells every hub's views to reload.
const RELOAD: &str = "reload";

/// One change as sent: `n` makes every payload unique, since PostgreSQL
/// delivers identical payloads of one transaction only once.
#[derive(Serialize, Deserialize)]
struct Note {
    n: String,
    c: Wire,
}

#[derive(Serialize, Deserialize)]
enum Wire {
    Ticket(Ticket),
    Procedure(ProcedureEvent),
    Counter(CounterChange),
}

impl From<&Change> for Wire {
    fn from(c: &Change) -> Wire {
        match c {
            Change::Ticket(t) => Wire::Ticket(t.clone()),
            Change::Procedure(p) => Wire::Procedure(p.clone()),
            Change::Counter(k) => Wire::Counter(k.clone()),
        }
    }
}

impl From<Wire> for Change {
    fn from(w: Wire) -> Change {
        match w {
            Wire::Ticket(t) => Change::Ticket(t),
            Wire::Procedure(p) => Change::Procedure(p),
            Wire::Counter(k) => Change::Counter(k),
        }
    }
}

/// Queue the group's changes for every hub (sent when the transaction commits).
pub fn notify(c: &dyn Sql, changes: &[Change]) -> Result<(), StoreError> {
    for change in changes {
        let note = Note {
            n: uuid::Uuid::new_v4().simple().to_string(),
            c: Wire::from(change),
        };
        let payload =
            serde_json::to_string(&note).map_err(|e| StoreError::Internal(e.to_string()))?;
        if payload.len() > MAX_PAYLOAD {
            // Every hub's views reload instead of missing it.
            eprintln!(
                "hub: a change too large to announce ({} bytes)",
                payload.len()
            );
            c.exec("SELECT pg_notify(?1, ?2)", &[&CHANNEL, &RELOAD])?;
            continue;
        }
        c.exec("SELECT pg_notify(?1, ?2)", &[&CHANNEL, &payload])?;
    }
    Ok(())
}

/// Listen on its own connection for as long as the process runs; after a
/// lost connection, connect again (once a second) and go on.
pub fn listen(
    url: String,
    events: broadcast::Sender<HubEvent>,
    ready: std::sync::mpsc::Sender<()>,
) {
    let mut ready = Some(ready);
    loop {
        match PgConn::connect(&url) {
            Ok(conn) => {
                if conn.batch(&format!("LISTEN {CHANNEL}")).is_ok() {
                    match ready.take() {
                        Some(r) => {
                            let _ = r.send(());
                        }
                        // Back after a gap: what other hubs did meanwhile
                        // was not heard, so every view reloads.
                        None => {
                            let _ = events.send(HubEvent::Reload);
                        }
                    }
                    hear(&conn, &events);
                }
                eprintln!("hub: the event connection to PostgreSQL was lost; connecting again");
            }
            Err(e) => eprintln!("hub: events: {e}"),
        }
        std::thread::sleep(Duration::from_secs(1));
    }
}

fn hear(conn: &PgConn, events: &broadcast::Sender<HubEvent>) {
    let mut client = conn.client();
    let mut notifications = client.notifications();
    let mut iter = notifications.blocking_iter();
    loop {
        match iter.next() {
            Ok(Some(n)) if n.payload() == RELOAD => {
                let _ = events.send(HubEvent::Reload);
            }
            Ok(Some(n)) => match serde_json::from_str::<Note>(n.payload()) {
                Ok(note) => {
                    let _ = events.send(crate::hub::sqlite::event_of(note.c.into()));
                }
                Err(e) => eprintln!("hub: an event that does not read: {e}"),
            },
            Ok(None) => return,
            Err(e) => {
                eprintln!("hub: events: {}", describe(&e));
                return;
            }
        }
    }
}
