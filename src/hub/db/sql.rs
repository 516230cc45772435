//! The SQL both stores speak: a value, a row and a connection that SQLite
//! and PostgreSQL each implement. The queries of `hub::db` are written once
//! against it; where the two databases differ, a query asks `dialect()`.
//!
//! Parameters are written `?1`, `?2`… (PostgreSQL's connection turns them
//! into `$1`…). Integers are 64-bit on both sides; times are RFC 3339 text.

use crate::hub::store::StoreError;

/// One value of a parameter or a column.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// Which database a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A Rust value that binds as a parameter.
pub trait ToValue {
    fn to_value(&self) -> Value;
}

impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_string())
    }
}
impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
}
impl ToValue for [u8] {
    fn to_value(&self) -> Value {
        Value::Blob(self.to_vec())
    }
}
impl ToValue for Vec<u8> {
    fn to_value(&self) -> Value {
        Value::Blob(self.clone())
    }
}
impl ToValue for i64 {
    fn to_value(&self) -> Value {
        Value::Int(*self)
    }
}
impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Int(i64::from(*self))
    }
}
macro_rules! int_to_value {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value {
                Value::Int(i64::try_from(*self).unwrap_or(i64::MAX))
            }
        }
    )*};
}
int_to_value!(i32, u16, u32, u64, usize);

impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}
impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        match self {
            Some(v) => v.to_value(),
            None => Value::Null,
        }
    }
}

/// A column's value as a Rust value.
pub trait FromValue: Sized {
    fn from_value(v: &Value) -> Result<Self, String>;
}

impl FromValue for String {
    fn from_value(v: &Value) -> Result<Self, String> {
        match v {
            Value::Text(s) => Ok(s.clone()),
            other => Err(format!("expected text, found {other:?}")),
        }
    }
}
impl FromValue for Vec<u8> {
    fn from_value(v: &Value) -> Result<Self, String> {
        match v {
            Value::Blob(b) => Ok(b.clone()),
            Value::Text(s) => Ok(s.clone().into_bytes()),
            other => Err(format!("expected bytes, found {other:?}")),
        }
    }
}
impl FromValue for i64 {
    fn from_value(v: &Value) -> Result<Self, String> {
        match v {
            Value::Int(i) => Ok(*i),
            other => Err(format!("expected an integer, found {other:?}")),
        }
    }
}
impl FromValue for bool {
    fn from_value(v: &Value) -> Result<Self, String> {
        i64::from_value(v).map(|i| i != 0)
    }
}
macro_rules! int_from_value {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            fn from_value(v: &Value) -> Result<Self, String> {
                let i = i64::from_value(v)?;
                <$t>::try_from(i).map_err(|_| format!("{i} is out of range"))
            }
        }
    )*};
}
int_from_value!(i32, u16, u32, u64);

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: &Value) -> Result<Self, String> {
        match v {
            Value::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

/// One row of a result.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub values: Vec<Value>,
}

impl Row {
    /// Column `i` (from 0) as `T`.
    pub fn get<T: FromValue>(&self, i: usize) -> Result<T, StoreError> {
        let v = self
            .values
            .get(i)
            .ok_or_else(|| StoreError::Internal(format!("database: no column {i}")))?;
        T::from_value(v).map_err(|e| StoreError::Internal(format!("database: column {i}: {e}")))
    }
}

/// A connection (or a transaction on one). A unique key violated is a
/// `Conflict`; any other failure is `Internal`.
pub trait Sql {
    fn dialect(&self) -> Dialect;
    /// Run one statement; the rows it changed.
    fn exec(&self, sql: &str, params: &[&dyn ToValue]) -> Result<usize, StoreError>;
    /// Run one query; every row.
    fn query(&self, sql: &str, params: &[&dyn ToValue]) -> Result<Vec<Row>, StoreError>;
    /// Run statements without parameters (schema, transactions).
    fn batch(&self, sql: &str) -> Result<(), StoreError>;
}

/// Reading helpers over any connection.
pub trait SqlExt: Sql {
    /// The first row, mapped; `None` when there is none.
    fn one<T>(
        &self,
        sql: &str,
        params: &[&dyn ToValue],
        f: impl FnOnce(&Row) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        match self.query(sql, params)?.first() {
            Some(r) => f(r).map(Some),
            None => Ok(None),
        }
    }

    /// The first row's first column (for a count, a value by key).
    fn value<T: FromValue>(
        &self,
        sql: &str,
        params: &[&dyn ToValue],
    ) -> Result<Option<T>, StoreError> {
        self.one(sql, params, |r| r.get(0))
    }

    /// Every row, mapped.
    fn all<T>(
        &self,
        sql: &str,
        params: &[&dyn ToValue],
        f: impl FnMut(&Row) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        self.query(sql, params)?.iter().map(f).collect()
    }
}

impl<S: Sql + ?Sized> SqlExt for S {}

/// `?1`… as PostgreSQL's `$1`… (outside quoted text and names).
pub fn numbered_to_dollar(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quote: Option<char> = None;
    let mut chars = sql.chars().peekable();
    while let Some(ch) = chars.next() {
        match (quote, ch) {
            (None, '\'' | '"') => quote = Some(ch),
            (Some(q), c) if c == q => quote = None,
            (None, '?') if chars.peek().is_some_and(char::is_ascii_digit) => {
                out.push('$');
                continue;
            }
            _ => {}
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_dollars_outside_quotes() {
        assert_eq!(
            numbered_to_dollar("SELECT '?1', \"a?2\" FROM t WHERE a = ?1 AND b = ?12"),
            "SELECT '?1', \"a?2\" FROM t WHERE a = $1 AND b = $12"
        );
    }

    #[test]
    fn values_convert_both_ways() {
        assert_eq!(Some(3u32).to_value(), Value::Int(3));
        assert_eq!(None::<String>.to_value(), Value::Null);
        let row = Row {
            values: vec![Value::Int(7), Value::Null, Value::Text("x".into())],
        };
        assert_eq!(row.get::<u16>(0), Ok(7));
        assert_eq!(row.get::<Option<String>>(1), Ok(None));
        assert_eq!(row.get::<String>(2), Ok("x".into()));
        assert!(row.get::<i64>(2).is_err());
        assert!(row.get::<String>(9).is_err());
        assert!(Row {
            values: vec![Value::Int(-1)]
        }
        .get::<u32>(0)
        .is_err());
    }
}
