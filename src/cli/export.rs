//! `madoguchi export`: the hand-off package of a day (or a case) from a hub,
//! for the core systems: CSVs, scans and a manifest with SHA-256 checksums.
//! Runs again without changing anything when nothing changed.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::handoff::from_hub::{fetch, Selection};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub conn: super::hub_conn::HubConn,
    /// A back-office or supervisor user.
    #[arg(long, default_value = "backoffice")]
    pub user: String,
    /// The day whose cases to hand off (YYYY-MM-DD, Japan time).
    #[arg(long, conflicts_with = "case", required_unless_present = "case")]
    pub day: Option<NaiveDate>,
    /// One case (its 受付番号) instead of a day.
    #[arg(long)]
    pub case: Option<String>,
    /// The directory the package is written in (as `handoff-<day>/`).
    #[arg(long)]
    pub out: PathBuf,
}

pub fn run(args: &Args) -> Result<(), String> {
    let what = match (&args.case, args.day) {
        (Some(c), _) => Selection::Case(c.clone()),
        (None, Some(d)) => Selection::Day(d),
        (None, None) => return Err("give --day or --case".into()),
    };
    let hub = args.conn.client(&args.user)?;
    let cases = fetch(&hub, &what).map_err(|e| e.to_string())?;
    let catalogs = crate::load_rules(None).map(|(_, c)| c).ok();
    let pkg = crate::handoff::build(&what.package_name(), &cases, catalogs.as_ref());
    let dir = crate::handoff::write(&args.out, &pkg).map_err(|e| e.to_string())?;
    for f in pkg.files.iter().filter(|f| f.rows.is_some()) {
        println!("{}\t{} row(s)", f.name, f.rows.unwrap_or(0));
    }
    let scans = pkg
        .files
        .iter()
        .filter(|f| f.name.starts_with("scans/"))
        .count();
    println!(
        "{} case(s), {scans} scan(s) → {}",
        cases.len(),
        dir.display()
    );
    Ok(())
}
