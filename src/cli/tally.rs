//! `madoguchi tally`: the day's tally from a hub as the supervisor's A4 PDF
//! (what the floor board prints), for a script at the end of the day.

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
    #[arg(long)]
    pub day: Option<NaiveDate>,
    /// Where the PDF goes.
    #[arg(long)]
    pub out: PathBuf,
    /// The language of the PDF (ja, en).
    #[arg(long, default_value = "ja")]
    pub lang: String,
    /// The office named at the top.
    #[arg(long, default_value = "北九州市 小倉北区役所")]
    pub office: String,
}

pub fn run(args: &Args) -> Result<(), String> {
    let hub = args.conn.client(&args.user)?;
    let tally = hub.daily_tally(args.day).map_err(|e| e.to_string())?;
    let texts = crate::i18n::Texts::shared().map_err(|e| e.to_string())?;
    let pdf =
        crate::print::tally::render(&tally, texts, &args.lang, &args.office, chrono::Utc::now())?;
    std::fs::write(&args.out, pdf).map_err(|e| format!("{}: {e}", args.out.display()))?;
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
