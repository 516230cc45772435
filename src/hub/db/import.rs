//! Households into the registry view. A city's morning import is a million
//! residents: on PostgreSQL each statement is a round trip, so rows go 100 a
//! statement; on SQLite a prepared statement a row is fastest. A household
//! replaces its earlier self whole.

use super::sql::{Sql, ToValue, Value};
use crate::api::HouseholdRecord;
use crate::hub::store::{Reply, StoreError};
use crate::japanese::kana;

/// Rows a statement at most (10 values each: 1,000 parameters).
const ROWS: usize = 100;

/// `(?1, ?2, …), (…)`: `rows` tuples of `width` numbered parameters.
fn tuples(rows: usize, width: usize) -> String {
    (0..rows)
        .map(|r| {
            let cols: Vec<String> = (1..=width).map(|c| format!("?{}", r * width + c)).collect();
            format!("({})", cols.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn exec_values(c: &dyn Sql, sql: &str, values: &[Value]) -> Result<usize, StoreError> {
    let params: Vec<&dyn ToValue> = values.iter().map(|v| v as &dyn ToValue).collect();
    c.exec(sql, &params)
}

impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
}

pub fn import_households(c: &dyn Sql, records: &[HouseholdRecord]) -> Result<Reply, StoreError> {
    // SQLite has no round trips: a prepared statement a row is its fastest.
    if c.dialect() == super::sql::Dialect::Sqlite {
        return row_by_row(c, records);
    }
    // The last of a household given twice wins, as if applied in order.
    let mut seen = std::collections::HashSet::new();
    let mut kept: Vec<&HouseholdRecord> = records
        .iter()
        .rev()
        .filter(|r| seen.insert(r.id.as_str()))
        .collect();
    kept.reverse();
    for chunk in kept.chunks(ROWS) {
        let mut households = Vec::with_capacity(chunk.len() * 4);
        let mut ids = Vec::with_capacity(chunk.len());
        for r in chunk {
            let h = &r.household;
            let body = serde_json::to_string(h).map_err(|e| StoreError::Internal(e.to_string()))?;
            households.extend([
                Value::Text(r.id.clone()),
                Value::Text(h.ward.clone()),
                Value::Text(h.address.clone().unwrap_or_default()),
                Value::Text(body),
            ]);
            ids.push(Value::Text(r.id.clone()));
        }
        exec_values(
            c,
            &format!(
                "INSERT INTO households(id, ward, address, body) VALUES {} \
                 ON CONFLICT(id) DO UPDATE SET ward = excluded.ward, address = excluded.address, body = excluded.body",
                tuples(chunk.len(), 4)
            ),
            &households,
        )?;
        exec_values(
            c,
            &format!(
                "DELETE FROM residents WHERE household_id IN ({})",
                (1..=ids.len())
                    .map(|i| format!("?{i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            &ids,
        )?;
    }
    let mut residents = Vec::new();
    for r in &kept {
        let h = &r.household;
        let address = h.address.clone().unwrap_or_default();
        let head = h.head().map(|m| m.name.clone()).unwrap_or_default();
        for m in &h.members {
            residents.push([
                Value::Text(r.id.clone()),
                Value::Text(m.id.clone()),
                Value::Text(m.name.clone()),
                Value::Text(m.kana.clone()),
                Value::Text(kana::search_key(&m.kana)),
                Value::Text(m.birth_date.to_string()),
                Value::Text(h.ward.clone()),
                Value::Text(address.clone()),
                Value::Text(m.relation.as_str().to_string()),
                Value::Text(head.clone()),
            ]);
        }
    }
    for chunk in residents.chunks(ROWS) {
        let values: Vec<Value> = chunk.iter().flatten().cloned().collect();
        exec_values(
            c,
            &format!(
                "INSERT INTO residents(household_id, member_id, name, kana, kana_key, birth_date, ward, address, relation, head) \
                 VALUES {}",
                tuples(chunk.len(), 10)
            ),
            &values,
        )?;
    }
    Ok(Reply::ok(serde_json::json!({ "imported": records.len() })))
}

/// One statement a row (SQLite).
fn row_by_row(c: &dyn Sql, records: &[HouseholdRecord]) -> Result<Reply, StoreError> {
    for r in records {
        let h = &r.household;
        let address = h.address.clone().unwrap_or_default();
        let body = serde_json::to_string(h).map_err(|e| StoreError::Internal(e.to_string()))?;
        c.exec(
            "INSERT INTO households(id, ward, address, body) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT(id) DO UPDATE SET ward = excluded.ward, address = excluded.address, body = excluded.body",
            &[&r.id, &h.ward, &address, &body],
        )?;
        c.exec("DELETE FROM residents WHERE household_id = ?1", &[&r.id])?;
        let head = h.head().map(|m| m.name.as_str()).unwrap_or_default();
        for m in &h.members {
            c.exec(
                "INSERT INTO residents(household_id, member_id, name, kana, kana_key, birth_date, ward, address, relation, head) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                &[
                    &r.id,
                    &m.id,
                    &m.name,
                    &m.kana,
                    &kana::search_key(&m.kana),
                    &m.birth_date.to_string(),
                    &h.ward,
                    &address,
                    &m.relation.as_str(),
                    &head,
                ],
            )?;
        }
    }
    Ok(Reply::ok(serde_json::json!({ "imported": records.len() })))
}

#[cfg(test)]
mod tests {
    use super::tuples;

    #[test]
    fn tuples_number_every_parameter_once() {
        assert_eq!(tuples(2, 3), "(?1, ?2, ?3), (?4, ?5, ?6)");
        assert_eq!(tuples(1, 1), "(?1)");
    }
}
