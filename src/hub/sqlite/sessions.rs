//! Users and their sessions. Tokens are stored only as SHA-256 hashes; a
//! user changed (role or password) loses every session.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::{ts, Db};
use crate::api::*;
use crate::hub::store::{Reply, Session, StoreError};

pub fn upsert_user(
    c: &Connection,
    name: &str,
    role: Role,
    hash: &str,
) -> Result<Reply, StoreError> {
    c.execute(
        "INSERT INTO users(name, role, hash) VALUES (?1, ?2, ?3) ON CONFLICT(name) DO UPDATE SET role = ?2, hash = ?3",
        params![name, role.as_str(), hash],
    )
    .map_err(Db::err)?;
    let revoked = c
        .execute("DELETE FROM sessions WHERE user = ?1", [name])
        .map_err(Db::err)?;
    Ok(Reply::ok(
        serde_json::json!({ "user": name, "role": role, "sessions_revoked": revoked }),
    ))
}

pub fn user(c: &Connection, name: &str) -> Result<Option<(Role, String)>, StoreError> {
    c.query_row(
        "SELECT role, hash FROM users WHERE name = ?1",
        [name],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
    )
    .optional()
    .map_err(Db::err)
    .map(|o| o.and_then(|(role, hash)| Role::parse(&role).map(|r| (r, hash))))
}

/// A new session. The reply carries no token: the caller, who alone knows
/// it, answers with it.
pub fn create(
    c: &Connection,
    token_hash: &str,
    user: &str,
    role: Role,
    counter: Option<&str>,
    expires: DateTime<Utc>,
) -> Result<Reply, StoreError> {
    // Expired sessions go as new ones come.
    c.execute(
        "DELETE FROM sessions WHERE expires_at <= ?1",
        [ts(crate::clock::now())],
    )
    .map_err(Db::err)?;
    c.execute(
        "INSERT INTO sessions(token_hash, user, role, counter, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![token_hash, user, role.as_str(), counter, ts(expires)],
    )
    .map_err(Db::err)?;
    Ok(Reply::ok(serde_json::json!({ "user": user, "role": role })))
}

pub fn bind_counter(c: &Connection, token_hash: &str, counter: &str) -> Result<Reply, StoreError> {
    let bound: Option<Option<String>> = c
        .query_row(
            "SELECT counter FROM sessions WHERE token_hash = ?1",
            [token_hash],
            |r| r.get(0),
        )
        .optional()
        .map_err(Db::err)?;
    match bound {
        None => Err(StoreError::NotFound("session ended: log in again".into())),
        Some(Some(existing)) if existing != counter => Err(StoreError::Conflict(format!(
            "this session serves counter {existing}, not {counter}"
        ))),
        Some(Some(_)) => Ok(Reply::ok(serde_json::json!({ "counter": counter }))),
        Some(None) => {
            c.execute(
                "UPDATE sessions SET counter = ?2 WHERE token_hash = ?1",
                params![token_hash, counter],
            )
            .map_err(Db::err)?;
            Ok(Reply::ok(serde_json::json!({ "counter": counter })))
        }
    }
}

pub fn revoke(c: &Connection, token_hash: &str) -> Result<Reply, StoreError> {
    c.execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])
        .map_err(Db::err)?;
    Ok(Reply {
        status: 204,
        body: serde_json::Value::Null,
    })
}

pub fn session(
    c: &Connection,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<Session>, StoreError> {
    c.query_row(
        "SELECT user, role, counter FROM sessions WHERE token_hash = ?1 AND expires_at > ?2",
        params![token_hash, ts(now)],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        },
    )
    .optional()
    .map_err(Db::err)
    .map(|o| {
        o.and_then(|(user, role, counter)| {
            Role::parse(&role).map(|role| Session {
                user,
                role,
                counter,
            })
        })
    })
}
