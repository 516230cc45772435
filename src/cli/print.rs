//! `madoguchi print`: determine, then render the visit's batch (guidance sheet
//! and pre-filled forms) into one PDF, and optionally send it to a printer.

use std::path::PathBuf;

use crate::print::{self, spool, BatchInput, Templates};
use crate::{determine, input};

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
    let request = &parsed.request;
    let catalog = catalogs
        .in_effect(request.as_of)
        .ok_or_else(|| format!("as_of: no rule catalog in effect on {}", request.as_of))?;
    let determination = determine(request, catalog, &texts, &args.lang);
    let confirmed: Vec<String> = match &args.procedures {
        Some(ids) => ids
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        None => crate::engine::default_confirmed(&determination),
    };
    let case_id = args
        .case
        .clone()
        .unwrap_or_else(|| print::case_id_for(request));
    if case_id.is_empty() || case_id.contains(':') || case_id.chars().any(char::is_whitespace) {
        return Err("--case: an id without spaces or ':'".to_string());
    }
    let batch_input = BatchInput {
        request,
        determination: &determination,
        confirmed: &confirmed,
        catalog,
        texts: &texts,
        templates: &templates,
        lang: &args.lang,
        case_id: &case_id,
    };
    if args.out.is_dir() {
        return Err(format!(
            "--out: {} is a folder; name the PDF file to write",
            args.out.display()
        ));
    }
    let rendered = print::render(&batch_input, &mut |p| {
        eprintln!("rendering: {}/{}", p.done, p.total)
    });
    let batch = match rendered {
        Ok(b) => b,
        Err(e) => return Err(with_stale_removed(&args.out, e)),
    };
    // Write beside, then rename: a killed run never leaves half a PDF under the
    // name, and a failed write leaves nothing (the part file holds personal data).
    let tmp = args.out.with_extension("pdf.part");
    let written = std::fs::write(&tmp, &batch.pdf)
        .map_err(|e| format!("--out: cannot write {}: {e}", tmp.display()))
        .and_then(|()| {
            std::fs::rename(&tmp, &args.out)
                .map_err(|e| format!("--out: cannot write {}: {e}", args.out.display()))
        });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(with_stale_removed(&args.out, e));
    }
    println!(
        "{}: {} pages, {} bytes, case {}",
        args.out.display(),
        batch.pages.len(),
        batch.pdf.len(),
        batch.case_id
    );
    if let Some(printer) = &args.printer {
        return match spool::submit(&args.out, printer) {
            Ok(job) => {
                println!("sent to {printer}: job {job}");
                Ok(Outcome::Written)
            }
            Err(e) => Ok(Outcome::NotPrinted(format!(
                "{e}; the PDF is kept at {}",
                args.out.display()
            ))),
        };
    }
    Ok(Outcome::Written)
}

/// A print that failed must not leave an older PDF under the name, where it
/// would be taken for this visit's batch.
fn with_stale_removed(out: &std::path::Path, error: String) -> String {
    if out.is_file() && std::fs::remove_file(out).is_ok() {
        return format!(
            "{error}; the earlier {} was removed so that it is not taken for this batch",
            out.display()
        );
    }
    error
}
