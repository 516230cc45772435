//! `madoguchi eligibility` and `madoguchi check-catalog`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::CatalogSet;
use crate::Texts;
use crate::{determine, input, load_rules};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The request document (JSON); standard input when absent.
    #[arg(long)]
    pub input: Option<PathBuf>,
    /// A rule catalog directory to use instead of the built-in copy of forms/.
    #[arg(long)]
    pub catalog: Option<PathBuf>,
    /// Language of titles, reasons and documents.
    #[arg(long, default_value = "ja")]
    pub lang: String,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// The catalog directory to check; the built-in one when absent.
    #[arg(long)]
    pub catalog: Option<PathBuf>,
}

pub fn read_input(path: Option<&PathBuf>) -> Result<String, String> {
    let limit = crate::input::MAX_INPUT_BYTES as u64;
    let (what, reader): (String, Box<dyn std::io::Read>) = match path {
        Some(p) => (
            format!("--input {}", p.display()),
            Box::new(
                std::fs::File::open(p)
                    .map_err(|e| format!("--input: cannot read {}: {e}", p.display()))?,
            ),
        ),
        None => ("standard input".to_string(), Box::new(std::io::stdin())),
    };
    // Read one byte past the limit, never more: an absurd input is refused at once.
    let mut bytes = Vec::new();
    reader
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("input: cannot read {what}: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "input: {what} is larger than {limit} bytes; a request is a few kilobytes"
        ));
    }
    String::from_utf8(bytes).map_err(|_| format!("input: {what} is not UTF-8 text"))
}

/// What both `eligibility` and `print` start from: the request's text, the rules, and a
/// language the texts have.
pub fn read_request_and_rules(
    input: Option<&PathBuf>,
    catalog_dir: Option<&Path>,
    lang: &str,
) -> Result<(String, Texts, CatalogSet), String> {
    let text = read_input(input)?;
    let (texts, catalogs) = load_rules(catalog_dir)?;
    if !texts.has_language(lang) {
        return Err(format!(
            "--lang: unknown language '{lang}' (have: {})",
            texts.languages().join(", ")
        ));
    }
    Ok((text, texts, catalogs))
}

pub fn run(args: &Args) -> Result<(), String> {
    let (text, texts, catalogs) =
        read_request_and_rules(args.input.as_ref(), args.catalog.as_deref(), &args.lang)?;
    let parsed = input::parse_request(&text).map_err(|e| e.to_string())?;
    let request = &parsed.request;
    let catalog = catalogs
        .in_effect(request.as_of)
        .ok_or_else(|| format!("as_of: no rule catalog in effect on {}", request.as_of))?;
    for w in &parsed.warnings {
        eprintln!("warning: {w}");
    }
    let result = determine(request, catalog, &texts, &args.lang);
    let json = serde_json::to_string_pretty(&result).map_err(|e| format!("output: {e}"))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{json}").map_err(|e| format!("output: {e}"))
}

pub fn check(args: &CheckArgs) -> Result<(), String> {
    let (_, catalogs) = load_rules(args.catalog.as_deref())?;
    let templates = crate::print::Templates::load(args.catalog.as_deref())?;
    for c in &catalogs.versions {
        crate::print::check_forms(c, &templates)?;
        println!(
            "{} (effective {}): {} rules, {} procedures, {} windows, {} predicates",
            c.id,
            c.effective_from,
            c.procedures.len(),
            c.procedure_ids().len(),
            c.windows.len(),
            c.predicates.len()
        );
    }
    println!(
        "{} form templates: {}",
        templates.forms.len(),
        templates
            .forms
            .iter()
            .map(|t| t.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}
