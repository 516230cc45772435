//! `madoguchi print`: determine, then render the visit's batch (guidance sheet
//! and pre-filled forms) into one PDF, and optionally send it to a printer.

use std::path::PathBuf;

use std::sync::atomic::AtomicBool;

use crate::input;
use crate::print::{self, Templates};
use crate::visit::printing::Output;
use crate::visit::{Rules, Visit, VisitError};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The request document (JSON); standard input when absent.
    #[arg(long)]
    pub input: Option<PathBuf>,
    /// Procedures confirmed with the resident (comma-separated ids); default: what the
    /// window ticks, every counter procedure that is not optional.
    #[arg(long, value_delimiter = ',')]
    pub procedures: Option<Vec<String>>,
    /// Language of the guidance sheet.
    #[arg(long, default_value = "ja")]
    pub lang: String,
    /// Where to write the PDF.
    #[arg(long)]
    pub out: PathBuf,
    /// Send the PDF to this printer (CUPS `lp -d NAME`).
    #[arg(long)]
    pub printer: Option<String>,
    /// The case id printed in every QR code; default: derived from the request.
    #[arg(long)]
    pub case: Option<String>,
    /// A forms directory (catalog/, templates/, locales/) instead of the built-in one.
    #[arg(long)]
    pub catalog: Option<PathBuf>,
}

/// Exit code when the PDF was written but could not be printed.
pub const EXIT_NOT_PRINTED: u8 = 3;

pub enum Outcome {
    Written,
    NotPrinted(String),
}

pub fn run(args: &Args) -> Result<Outcome, String> {
    let (text, texts, catalogs) = super::eligibility::read_request_and_rules(
        args.input.as_ref(),
        args.catalog.as_deref(),
        &args.lang,
    )?;
    let templates = Templates::load(args.catalog.as_deref())?;
    let parsed = input::parse_request(&text).map_err(|e| e.to_string())?;
    for w in &parsed.warnings {
        eprintln!("warning: {w}");
    }
    let request = parsed.request;
    let case_id = args
        .case
        .clone()
        .unwrap_or_else(|| print::case_id_for(&request));
    let rules = Rules {
        catalogs: &catalogs,
        texts: &texts,
        templates: &templates,
        lang: &args.lang,
    };
    // The same visit the window drives: determine, confirm (the window's
    // defaults unless --procedures names them), print.
    let mut visit = Visit::of_request(request.clone(), case_id);
    visit
        .determine_request(request, &rules)
        .map_err(|e| e.to_string())?;
    if let Some(ids) = &args.procedures {
        let ids: Vec<String> = ids
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        visit.confirm_only(&ids).map_err(|e| e.to_string())?;
    }
    let never = AtomicBool::new(false);
    let out = Output {
        path: &args.out,
        printer: args.printer.as_deref(),
        cancel: &never,
        now: chrono::Utc::now(),
    };
    let earlier = args.out.is_file();
    let removed = |e: String| {
        if earlier && !args.out.exists() {
            return format!(
                "{e}; the earlier {} was removed so that it is not taken for this batch",
                args.out.display()
            );
        }
        e
    };
    let printed = visit.print(&rules, &out, &mut |p| {
        eprintln!("rendering: {}/{}", p.done, p.total)
    });
    let pages = match printed {
        Ok(p) => p.pages,
        Err(VisitError::Spool { path, error }) => {
            print_written(&visit);
            return Ok(Outcome::NotPrinted(format!(
                "{error}; the PDF is kept at {path}"
            )));
        }
        Err(e @ VisitError::Save { .. }) => return Err(removed(format!("--out: {e}"))),
        Err(e) => return Err(removed(e.to_string())),
    };
    debug_assert!(pages > 0);
    print_written(&visit);
    if let Some(printer) = &args.printer {
        println!("sent to {printer}");
    }
    Ok(Outcome::Written)
}

fn print_written(visit: &Visit) {
    if let Some(p) = &visit.printed {
        let bytes = std::fs::metadata(&p.path).map_or(0, |m| m.len());
        println!(
            "{}: {} pages, {} bytes, case {}",
            p.path.display(),
            p.pages,
            bytes,
            visit.case_id
        );
    }
}
