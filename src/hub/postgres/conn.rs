//! `hub::db`'s SQL on a PostgreSQL connection: `?N` parameters become `$N`,
//! statements are prepared once per connection, and values are converted
//! to whatever type the server inferred for each parameter.

use std::cell::RefCell;
use std::collections::HashMap;
use std::error::Error;

use bytes::BytesMut;
use postgres::types::{FromSql, IsNull, ToSql, Type};
use postgres::{Client, NoTls, Statement};

use crate::hub::db::sql::{numbered_to_dollar, Dialect, Row, Sql, ToValue, Value};
use crate::hub::store::StoreError;

type BoxError = Box<dyn Error + Sync + Send>;

/// Statements kept prepared per connection at most (the search builds a few
/// shapes; everything else is fixed text).
const CACHE: usize = 256;

pub fn err(e: postgres::Error) -> StoreError {
    match e.code() {
        Some(c) if *c == postgres::error::SqlState::UNIQUE_VIOLATION => {
            StoreError::Conflict(format!("database: {e}"))
        }
        _ => StoreError::Internal(format!("database: {}", describe(&e))),
    }
}

/// The server's message when there is one (the client's own says only "db error").
pub fn describe(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{}: {}", db.code().code(), db.message()),
        None => match e.source() {
            Some(s) => format!("{e}: {s}"),
            None => e.to_string(),
        },
    }
}

pub struct PgConn {
    client: RefCell<Client>,
    prepared: RefCell<HashMap<String, Statement>>,
}

impl PgConn {
    pub fn connect(url: &str) -> Result<PgConn, StoreError> {
        let failed = |e: &dyn std::fmt::Display| {
            StoreError::Internal(format!("PostgreSQL at {}: {e}", redact(url)))
        };
        let mut config: postgres::Config = url.parse().map_err(|e: postgres::Error| failed(&e))?;
        // A server that vanishes without closing (a cable, a crashed host)
        // is noticed in seconds, not after the system's two hours; an
        // unreachable first host of a fail-over pair is passed quickly.
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(std::time::Duration::from_secs(5));
        }
        config.keepalives(true);
        config.keepalives_idle(std::time::Duration::from_secs(30));
        let client = config.connect(NoTls).map_err(|e| failed(&describe(&e)))?;
        Ok(PgConn {
            client: RefCell::new(client),
            prepared: RefCell::new(HashMap::new()),
        })
    }

    pub fn is_closed(&self) -> bool {
        self.client.borrow().is_closed()
    }

    pub fn client(&self) -> std::cell::RefMut<'_, Client> {
        self.client.borrow_mut()
    }

    fn statement(&self, sql: &str) -> Result<Statement, StoreError> {
        if let Some(s) = self.prepared.borrow().get(sql) {
            return Ok(s.clone());
        }
        let stmt = self
            .client
            .borrow_mut()
            .prepare(&numbered_to_dollar(sql))
            .map_err(err)?;
        let mut cache = self.prepared.borrow_mut();
        if cache.len() >= CACHE {
            cache.clear();
        }
        cache.insert(sql.to_string(), stmt.clone());
        Ok(stmt)
    }
}

/// A database URL with its password hidden, for messages and logs.
pub fn redact(url: &str) -> String {
    let url = &hide_query_password(url);
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// `…?password=x&…` as `…?password=***&…`.
fn hide_query_password(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return url.to_string();
    };
    let parts: Vec<String> = query
        .split('&')
        .map(|kv| match kv.split_once('=') {
            Some((k, _)) if k == "password" => format!("{k}=***"),
            _ => kv.to_string(),
        })
        .collect();
    format!("{base}?{}", parts.join("&"))
}

/// The URL without its password, and the password (percent-decoded), so
/// that PostgreSQL's tools get it in their environment, not on a command
/// line every user of the machine can read.
pub fn split_password(url: &str) -> (String, Option<String>) {
    if let (Some(scheme), Some(at)) = (url.find("://"), url.rfind('@')) {
        if at > scheme {
            if let Some((user, pw)) = url[scheme + 3..at].split_once(':') {
                let bare = format!("{}{user}{}", &url[..scheme + 3], &url[at..]);
                return (bare, Some(percent_decode(pw)));
            }
        }
    }
    (url.to_string(), None)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn bind(params: &[&dyn ToValue]) -> Vec<Value> {
    params.iter().map(|p| p.to_value()).collect()
}

impl Sql for PgConn {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn exec(&self, sql: &str, params: &[&dyn ToValue]) -> Result<usize, StoreError> {
        let stmt = self.statement(sql)?;
        let values = bind(params);
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as _).collect();
        let n = self
            .client
            .borrow_mut()
            .execute(&stmt, &refs)
            .map_err(err)?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    fn query(&self, sql: &str, params: &[&dyn ToValue]) -> Result<Vec<Row>, StoreError> {
        let stmt = self.statement(sql)?;
        let values = bind(params);
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as _).collect();
        let rows = self.client.borrow_mut().query(&stmt, &refs).map_err(err)?;
        rows.iter()
            .map(|r| {
                (0..r.len())
                    .map(|i| r.try_get::<_, Value>(i).map_err(err))
                    .collect::<Result<Vec<_>, _>>()
                    .map(|values| Row { values })
            })
            .collect()
    }

    fn batch(&self, sql: &str) -> Result<(), StoreError> {
        self.client.borrow_mut().batch_execute(sql).map_err(err)
    }
}

impl ToSql for Value {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                _ => i.to_string().as_str().to_sql(ty, out),
            },
            Value::Real(f) => match *ty {
                Type::FLOAT4 => (*f as f32).to_sql(ty, out),
                _ => f.to_sql(ty, out),
            },
            Value::Text(s) => s.as_str().to_sql(ty, out),
            Value::Blob(b) => b.as_slice().to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

impl<'a> FromSql<'a> for Value {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(match *ty {
            Type::INT8 => Value::Int(i64::from_sql(ty, raw)?),
            Type::INT4 => Value::Int(i64::from(i32::from_sql(ty, raw)?)),
            Type::INT2 => Value::Int(i64::from(i16::from_sql(ty, raw)?)),
            Type::BOOL => Value::Int(i64::from(bool::from_sql(ty, raw)?)),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::FLOAT4 => Value::Real(f64::from(f32::from_sql(ty, raw)?)),
            Type::BYTEA => Value::Blob(Vec::<u8>::from_sql(ty, raw)?),
            Type::NUMERIC => {
                return Err("a NUMERIC column: CAST it AS BIGINT in the query".into());
            }
            _ => Value::Text(String::from_sql(ty, raw)?),
        })
    }

    fn from_sql_null(_: &Type) -> Result<Self, BoxError> {
        Ok(Value::Null)
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn a_password_never_shows() {
        assert_eq!(
            redact("postgres://hub:s3cret@db.city.lg.jp:5432/madoguchi"),
            "postgres://hub:***@db.city.lg.jp:5432/madoguchi"
        );
        assert_eq!(redact("postgres://db/madoguchi"), "postgres://db/madoguchi");
        assert_eq!(redact("postgres://hub@db/m"), "postgres://hub@db/m");
        assert_eq!(
            redact("postgres://db/m?user=hub&password=s3cret&sslmode=prefer"),
            "postgres://db/m?user=hub&password=***&sslmode=prefer"
        );
    }

    #[test]
    fn the_password_goes_apart_decoded() {
        assert_eq!(
            super::split_password("postgres://hub:p%40ss:w@db:5432/m"),
            (
                "postgres://hub@db:5432/m".to_string(),
                Some("p@ss:w".to_string())
            )
        );
        assert_eq!(
            super::split_password("postgres://hub@db/m"),
            ("postgres://hub@db/m".to_string(), None)
        );
    }
}
