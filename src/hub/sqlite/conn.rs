//! `hub::db`'s SQL on a SQLite connection (statements cached per connection).

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::Connection;

use crate::hub::db::sql::{Dialect, Row, Sql, ToValue, Value};
use crate::hub::store::StoreError;

fn err(e: rusqlite::Error) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
        {
            StoreError::Conflict(format!("database: {e}"))
        }
        _ => StoreError::Internal(format!("database: {e}")),
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Owned(rusqlite::types::Value::Null),
            Value::Int(i) => ToSqlOutput::from(*i),
            Value::Real(f) => ToSqlOutput::from(*f),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Value::Blob(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
        })
    }
}

fn bind(params: &[&dyn ToValue]) -> Vec<Value> {
    params.iter().map(|p| p.to_value()).collect()
}

impl Sql for Connection {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn exec(&self, sql: &str, params: &[&dyn ToValue]) -> Result<usize, StoreError> {
        let mut stmt = self.prepare_cached(sql).map_err(err)?;
        stmt.execute(rusqlite::params_from_iter(bind(params)))
            .map_err(err)
    }

    fn query(&self, sql: &str, params: &[&dyn ToValue]) -> Result<Vec<Row>, StoreError> {
        let mut stmt = self.prepare_cached(sql).map_err(err)?;
        let n = stmt.column_count();
        let mut rows = stmt
            .query(rusqlite::params_from_iter(bind(params)))
            .map_err(err)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(err)? {
            let mut values = Vec::with_capacity(n);
            for i in 0..n {
                values.push(match r.get_ref(i).map_err(err)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(i) => Value::Int(i),
                    ValueRef::Real(f) => Value::Real(f),
                    ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Blob(b) => Value::Blob(b.to_vec()),
                });
            }
            out.push(Row { values });
        }
        Ok(out)
    }

    fn batch(&self, sql: &str) -> Result<(), StoreError> {
        self.execute_batch(sql).map_err(err)
    }
}
