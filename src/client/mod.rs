//! The counter's side of the hub: an HTTP client, the local SQLite cache with
//! its outbox, the sync worker, and the counter's operations over them.

pub mod back_office_client;
pub mod cache;
pub mod counter;
pub mod day_end;
pub mod events;
pub mod floor_client;
pub mod hub_client;
pub mod scan_client;
pub mod scans;
pub mod search_text;
pub mod sync;

pub use cache::LocalCache;
pub use counter::Counter;
pub use hub_client::{ClientError, HubClient};
pub use sync::{drain, Drain, SyncState, SyncWorker};
