//! Shared by the benches: where a part keeps its hub.
#![allow(dead_code)]

/// A SQLite file in `dir`, or a new PostgreSQL database when
/// MADOGUCHI_BENCH_PG is set (`postgres://user@host:port/`).
pub fn database(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let Ok(base) = std::env::var("MADOGUCHI_BENCH_PG") else {
        return dir.join(format!("{name}.db"));
    };
    use madoguchi::hub::db::sql::Sql;
    let db = format!("bench_{name}_{}", std::process::id());
    madoguchi::hub::postgres::PgConn::connect(&format!("{base}postgres"))
        .expect("PostgreSQL of MADOGUCHI_BENCH_PG")
        .batch(&format!("CREATE DATABASE {db}"))
        .expect("create database");
    std::path::PathBuf::from(format!("{base}{db}"))
}
