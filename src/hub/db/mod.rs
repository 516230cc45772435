//! The hub's data, written once for both stores (SQLite embedded, PostgreSQL
//! for a city): the queries of the queue, the registry, cases, scans, the
//! back office, the floor and sessions, over `sql::Sql`, and the writer that
//! applies them in group commits.

pub mod floor_store;
pub mod import;
pub mod procedures;
pub mod records;
pub mod scan_store;
pub mod sessions;
pub mod sql;
pub mod tickets;
pub mod writer;

pub use crate::api::{parse_ts, ts};
