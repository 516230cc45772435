//! Users and their sessions. Tokens are stored only as SHA-256 hashes; a
//! user changed (role or password) loses every session.

use super::sql::{Sql, SqlExt};
use super::ts;
use crate::api::*;
use crate::hub::store::{Reply, Session, StoreError};
use chrono::{DateTime, Utc};

pub fn upsert_user(c: &dyn Sql, name: &str, role: Role, hash: &str) -> Result<Reply, StoreError> {
    c.exec(
        "INSERT INTO users(name, role, hash) VALUES (?1, ?2, ?3) ON CONFLICT(name) DO UPDATE SET role = ?2, hash = ?3",
        &[&name, &role.as_str(), &hash],
    )?;
    let revoked = c.exec("DELETE FROM sessions WHERE \"user\" = ?1", &[&name])?;
    Ok(Reply::ok(
        serde_json::json!({ "user": name, "role": role, "sessions_revoked": revoked }),
    ))
}

pub fn user(c: &dyn Sql, name: &str) -> Result<Option<(Role, String)>, StoreError> {
    c.one(
        "SELECT role, hash FROM users WHERE name = ?1",
        &[&name],
        |r| Ok((r.get::<String>(0)?, r.get::<String>(1)?)),
    )
    .map(|o| o.and_then(|(role, hash)| Role::parse(&role).map(|r| (r, hash))))
}

/// A new session. The reply carries no token: the caller, who alone knows
/// it, answers with it.
pub fn create(
    c: &dyn Sql,
    token_hash: &str,
    user: &str,
    role: Role,
    counter: Option<&str>,
    expires: DateTime<Utc>,
) -> Result<Reply, StoreError> {
    // Expired sessions go as new ones come.
    c.exec(
        "DELETE FROM sessions WHERE expires_at <= ?1",
        &[&ts(crate::clock::now())],
    )?;
    c.exec(
        "INSERT INTO sessions(token_hash, \"user\", role, counter, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        &[&token_hash, &user, &role.as_str(), &counter, &ts(expires)],
    )?;
    Ok(Reply::ok(serde_json::json!({ "user": user, "role": role })))
}

pub fn bind_counter(c: &dyn Sql, token_hash: &str, counter: &str) -> Result<Reply, StoreError> {
    let bound: Option<Option<String>> = c.value(
        "SELECT counter FROM sessions WHERE token_hash = ?1",
        &[&token_hash],
    )?;
    match bound {
        None => Err(StoreError::NotFound("session ended: log in again".into())),
        Some(Some(existing)) if existing != counter => Err(StoreError::Conflict(format!(
            "this session serves counter {existing}, not {counter}"
        ))),
        Some(Some(_)) => Ok(Reply::ok(serde_json::json!({ "counter": counter }))),
        Some(None) => {
            c.exec(
                "UPDATE sessions SET counter = ?2 WHERE token_hash = ?1",
                &[&token_hash, &counter],
            )?;
            Ok(Reply::ok(serde_json::json!({ "counter": counter })))
        }
    }
}

pub fn revoke(c: &dyn Sql, token_hash: &str) -> Result<Reply, StoreError> {
    c.exec("DELETE FROM sessions WHERE token_hash = ?1", &[&token_hash])?;
    Ok(Reply {
        status: 204,
        body: serde_json::Value::Null,
    })
}

pub fn session(
    c: &dyn Sql,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<Session>, StoreError> {
    c.one(
        "SELECT \"user\", role, counter FROM sessions WHERE token_hash = ?1 AND expires_at > ?2",
        &[&token_hash, &ts(now)],
        |r| {
            Ok((
                r.get::<String>(0)?,
                r.get::<String>(1)?,
                r.get::<Option<String>>(2)?,
            ))
        },
    )
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
