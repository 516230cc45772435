//! `madoguchi tally`: the day's tally from a hub as the supervisor's A4 PDF
//! (what the floor board prints), for a script at the end of the day; with
//! `--from`/`--to`, the period report (a week, a month); `--csv` writes the
//! same figures for a spreadsheet.

use std::path::PathBuf;

use chrono::NaiveDate;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub conn: super::hub_conn::HubConn,
    /// A supervisor gets the cases too; a floor manager the queue only.
    #[arg(long, default_value = "supervisor")]
    pub user: String,
    /// The day (YYYY-MM-DD, Japan time); default today.
    #[arg(long, conflicts_with_all = ["from", "to"])]
    pub day: Option<NaiveDate>,
    /// The period's first day (with --to): a period report.
    #[arg(long, requires = "to")]
    pub from: Option<NaiveDate>,
    /// The period's last day (with --from).
    #[arg(long, requires = "from")]
    pub to: Option<NaiveDate>,
    /// Where the PDF goes.
    #[arg(long)]
    pub out: PathBuf,
    /// Also write the figures as CSV (UTF-8, columns in docs/reports.md).
    #[arg(long)]
    pub csv: Option<PathBuf>,
    /// The language of the PDF (ja, en).
    #[arg(long, default_value = "ja")]
    pub lang: String,
    /// The office named at the top.
    #[arg(long, default_value = "北九州市 小倉北区役所")]
    pub office: String,
}

/// Write `bytes` to `path` whole (a temporary file renamed), so that no
/// half-written report is left.
fn write_whole(path: &std::path::Path, bytes: &[u8]) -> Result<(), String> {
    let tmp = path.with_extension("part");
    std::fs::write(&tmp, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))
}

fn period(args: &Args, from: NaiveDate, to: NaiveDate) -> Result<(), String> {
    crate::tally::period::days(from, to)?;
    let hub = args.conn.client(&args.user)?;
    let p = hub.period_tally(from, to).map_err(|e| e.to_string())?;
    let texts = crate::i18n::Texts::shared().map_err(|e| e.to_string())?;
    let pdf =
        crate::print::period::render(&p, texts, &args.lang, &args.office, crate::clock::now())?;
    write_whole(&args.out, &pdf)?;
    if let Some(csv) = &args.csv {
        write_whole(csv, crate::tally::period::csv(&p).as_bytes())?;
    }
    println!(
        "report {from}..{to}: {} day(s) open, {} issued, {} served, one-counter share {} → {}",
        p.days.len(),
        p.issued(),
        p.served(),
        p.one_stop
            .as_ref()
            .and_then(|m| m.total.ratio())
            .map_or_else(|| "—".to_string(), |r| format!("{:.1}%", r * 100.0)),
        args.out.display()
    );
    Ok(())
}

pub fn run(args: &Args) -> Result<(), String> {
    if let (Some(from), Some(to)) = (args.from, args.to) {
        return period(args, from, to);
    }
    let hub = args.conn.client(&args.user)?;
    let tally = hub.daily_tally(args.day).map_err(|e| e.to_string())?;
    let texts = crate::i18n::Texts::shared().map_err(|e| e.to_string())?;
    let pdf =
        crate::print::tally::render(&tally, texts, &args.lang, &args.office, crate::clock::now())?;
    write_whole(&args.out, &pdf)?;
    if let Some(csv) = &args.csv {
        let p = crate::tally::period::period(tally.day, tally.day, vec![tally.clone()], None);
        write_whole(csv, crate::tally::period::csv(&p).as_bytes())?;
    }
    println!(
        "tally {}: {} issued, {} served, {} → {}",
        tally.day,
        tally.issued(),
        tally.served(),
        tally.cases().map_or_else(
            || "cases not readable by this user".to_string(),
            |n| format!("{n} case(s)")
        ),
        args.out.display()
    );
    Ok(())
}
