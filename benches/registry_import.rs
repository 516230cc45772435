//! `madoguchi registry import` at a city's size: a CSV of 1,000,000 synthetic
//! residents (the demo generator's households written in the import's
//! columns), read and checked, then written to a fresh hub database; side
//! by side with `demo-data` writing the same households without the CSV.
//!
//!     cargo bench --bench registry_import
//!     MADOGUCHI_BENCH_RESIDENTS=100000 cargo bench --bench registry_import
//!     MADOGUCHI_BENCH_PG=postgres://postgres@127.0.0.1:5433/ cargo bench --bench registry_import
//!         # into a new PostgreSQL database instead of a SQLite file
#![allow(clippy::print_stdout)]

#[path = "support/db.rs"]
mod db;
use db::database;

use std::io::Write as _;
use std::time::Instant;

use madoguchi::hub::store::WriteOp;
use madoguchi::model::{Relation, Sex};

fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn main() {
    let residents: usize = std::env::var("MADOGUCHI_BENCH_RESIDENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("registry.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&csv).expect("csv"));
    writeln!(
        out,
        "世帯番号,宛名番号,氏名,氏名_フリガナ,生年月日,性別,続柄コード1,続柄コード2,住所,行政区,住所_郵便番号,保険区分"
    )
    .expect("write");
    let mut n = 0;
    madoguchi::demo::for_residents(7, residents, 2000, |chunk| {
        for h in chunk {
            for m in &h.household.members {
                let rel = match m.relation {
                    Relation::Head => ("02", ""),
                    Relation::Spouse => ("12", ""),
                    Relation::Child => ("20", ""),
                    Relation::Grandchild => ("20", "20"),
                    Relation::Parent => ("51", ""),
                    Relation::Other => ("99", ""),
                };
                writeln!(
                    out,
                    "{},{},{},{},{},{},{},{},{},{},{},{}",
                    h.id,
                    format_args!("{}-{}", h.id, m.id),
                    quote(&m.name),
                    quote(&m.kana),
                    m.birth_date,
                    if m.sex == Sex::Male { 1 } else { 2 },
                    rel.0,
                    rel.1,
                    quote(h.household.address.as_deref().unwrap_or("-")),
                    quote(&h.household.ward),
                    h.household.postal_code.as_deref().unwrap_or(""),
                    m.health_insurance.as_str(),
                )
                .map_err(|e| e.to_string())?;
                n += 1;
            }
        }
        Ok(())
    })
    .expect("generate");
    out.flush().expect("flush");
    drop(out);
    let size = std::fs::metadata(&csv).expect("size").len();
    println!(
        "registry import: {n} residents, {:.0} MB of CSV",
        size as f64 / 1e6
    );

    let started = Instant::now();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_madoguchi"))
        .args(["registry", "import"])
        .arg(&csv)
        .arg("--db")
        .arg(database(dir.path(), "import"))
        .status()
        .expect("madoguchi");
    let took = started.elapsed().as_secs_f64();
    println!(
        "  madoguchi registry import: {took:.1} s ({:.0} rows/s), exit {status}",
        n as f64 / took
    );

    let started = Instant::now();
    let store = madoguchi::hub::open_store(&database(dir.path(), "demo")).expect("store");
    madoguchi::demo::for_residents(7, residents, 2000, |chunk| {
        store
            .write(None, WriteOp::ImportHouseholds(chunk))
            .map(|_| ())
            .map_err(|e| e.to_string())
    })
    .expect("demo");
    let took = started.elapsed().as_secs_f64();
    println!(
        "  peer: demo-data writing the same households (no CSV): {took:.1} s ({:.0} rows/s)",
        n as f64 / took
    );
}
