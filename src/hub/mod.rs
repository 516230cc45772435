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
#[cfg(feature = "server")]
pub mod postgres;

/// The store a `--db` names: a PostgreSQL database (`postgres://…`, a city's
/// hub) or a SQLite file (created when missing; the embedded default).
pub fn open_store(db: &std::path::Path) -> Result<std::sync::Arc<dyn store::Storage>, String> {
    let text = db.to_string_lossy();
    if text.starts_with("postgres://") || text.starts_with("postgresql://") {
        #[cfg(feature = "server")]
        return postgres::PgStore::open(&text)
            .map(|s| std::sync::Arc::new(s) as std::sync::Arc<dyn store::Storage>)
            .map_err(|e| e.to_string());
        #[cfg(not(feature = "server"))]
        return Err(
            "this build has no PostgreSQL store: the hub is in the madoguchi-hub package".into(),
        );
    }
    sqlite::SqliteStore::open(db)
        .map(|s| std::sync::Arc::new(s) as std::sync::Arc<dyn store::Storage>)
        .map_err(|e| e.to_string())
}
