//! `madoguchi tally`: the day's tally from a hub as the supervisor's A4 PDF
//! (what the floor board prints), for a script at the end of the day.

use std::path::PathBuf;

use chrono::NaiveDate;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The hub's URL.
    #[arg(long, default_value = "http://127.0.0.1:8700")]
    pub hub: String,
    /// The CA certificate (PEM) that signed the hub's HTTPS certificate.
    #[arg(long)]
    pub hub_ca: Option<PathBuf>,
    /// A supervisor gets the cases too; a floor manager the queue only.
    #[arg(long, default_value = "supervisor")]
    pub user: String,
    /// The password; read from MADOGUCHI_PASSWORD when absent.
    #[arg(long)]
    pub password: Option<String>,
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
    let password = match &args.password {
        Some(p) => p.clone(),
        None => std::env::var("MADOGUCHI_PASSWORD")
            .map_err(|_| "give --password or set MADOGUCHI_PASSWORD".to_string())?,
    };
    let hub = crate::client::HubClient::with_ca(
        &args.hub,
        &args.user,
        &password,
        args.hub_ca.as_deref(),
    )?;
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
