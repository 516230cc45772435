//! The hub (`madoguchi hub`): the HTTP + JSON server the counters of a ward
//! share. It holds the queue, a read view of the resident registry, received
//! cases and scans, users and roles, and an audit log of resident-data reads.

pub mod auth;
#[cfg(feature = "server")]
pub mod commands;
#[cfg(feature = "server")]
pub mod conn_guard;
pub mod db;
#[cfg(feature = "server")]
pub mod floor_routes;
#[cfg(feature = "server")]
pub mod http;
#[cfg(feature = "server")]
pub mod login_guard;
#[cfg(feature = "server")]
pub mod openapi;
#[cfg(feature = "server")]
pub mod public_wait;
#[cfg(feature = "server")]
pub mod resident_reads;
#[cfg(feature = "server")]
pub mod routes;
#[cfg(feature = "server")]
pub mod scan_routes;
pub mod sqlite;
pub mod store;
#[cfg(feature = "server")]
pub mod tls;

#[cfg(feature = "server")]
mod server;
#[cfg(feature = "server")]
pub use server::*;
