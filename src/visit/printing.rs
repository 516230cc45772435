//! Printing a visit's batch: the rules it is printed with, the preview, the
//! render (cancellable between forms), the PDF written beside and renamed
//! (a failed or cancelled print leaves nothing, and no older PDF under the
//! name), and the spooler.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, NaiveDate, Utc};

use super::{Printed, Visit, VisitError};
use crate::catalog::{Catalog, CatalogSet};
use crate::i18n::Texts;
use crate::print::preview::PagePreview;
use crate::print::{BatchInput, Progress, Templates};

/// What determining and printing a visit read: the catalogs, the texts, the
/// form templates and the language.
#[derive(Clone, Copy)]
pub struct Rules<'a> {
    pub catalogs: &'a CatalogSet,
    pub texts: &'a Texts,
    pub templates: &'a Templates,
    pub lang: &'a str,
}

impl<'a> Rules<'a> {
    pub fn catalog(&self, day: NaiveDate) -> Result<&'a Catalog, VisitError> {
        self.catalogs
            .in_effect(day)
            .ok_or(VisitError::NoCatalog(day))
    }
}

/// Where and how a batch goes.
pub struct Output<'a> {
    /// The PDF file to write.
    pub path: &'a Path,
    /// Send it to this printer (CUPS) after it is saved.
    pub printer: Option<&'a str>,
    /// Set by the clerk to stop; checked after each form.
    pub cancel: &'a AtomicBool,
    pub now: DateTime<Utc>,
}

impl Visit {
    fn with_input<R>(
        &self,
        rules: &Rules<'_>,
        f: impl FnOnce(&BatchInput<'_>) -> Result<R, VisitError>,
    ) -> Result<R, VisitError> {
        let request = self.request.as_ref().ok_or(VisitError::NotDetermined)?;
        let determination = self
            .determination
            .as_ref()
            .ok_or(VisitError::NotDetermined)?;
        super::check_case_id(&self.case_id)?;
        f(&BatchInput {
            request,
            determination,
            confirmed: &self.confirmed,
            catalog: rules.catalog(request.as_of)?,
            texts: rules.texts,
            templates: rules.templates,
            lang: rules.lang,
            case_id: &self.case_id,
        })
    }

    /// The batch's pages as they will print.
    pub fn preview(&self, rules: &Rules<'_>) -> Result<Vec<PagePreview>, VisitError> {
        self.with_input(rules, |input| {
            crate::print::preview::preview(input).map_err(VisitError::Print)
        })
    }

    /// Render the batch into `out.path` (and the printer), reporting progress.
    /// On success the visit records what was printed; on failure or cancel
    /// nothing is left under the name, not even an older batch.
    pub fn print(
        &mut self,
        rules: &Rules<'_>,
        out: &Output<'_>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<&Printed, VisitError> {
        if out.path.is_dir() {
            return Err(VisitError::Save {
                path: out.path.display().to_string(),
                error: "a folder; name the PDF file to write".into(),
            });
        }
        let stop = || out.cancel.load(Ordering::Relaxed);
        let rendered = self.with_input(rules, |input| {
            crate::print::render_until(input, progress, &stop).map_err(VisitError::Print)
        });
        let batch = match rendered {
            Ok(Some(b)) => b,
            Ok(None) => return Err(remove_stale(out.path, VisitError::Cancelled)),
            Err(e) => return Err(remove_stale(out.path, e)),
        };
        write_whole(out.path, &batch.pdf).map_err(|e| remove_stale(out.path, e))?;
        if stop() {
            return Err(remove_stale(out.path, VisitError::Cancelled));
        }
        let printed = Printed {
            path: out.path.to_path_buf(),
            pages: batch.pages.len(),
            printer: out.printer.map(str::to_string),
            at: out.now,
            confirmed: self.confirmed.clone(),
            page_forms: batch.pages.iter().map(|p| p.form.clone()).collect(),
        };
        self.printed = Some(printed);
        if let Some(printer) = out.printer {
            crate::print::spool::submit(out.path, printer).map_err(|error| VisitError::Spool {
                path: out.path.display().to_string(),
                error,
            })?;
        }
        self.printed.as_ref().ok_or(VisitError::NotPrinted)
    }
}

/// The file a visit's batch is saved as in the print folder.
pub fn batch_path(folder: &Path, case_id: &str) -> PathBuf {
    folder.join(format!("{case_id}.pdf"))
}

/// Write beside, then rename: a killed run never leaves half a PDF under the
/// name, and a failed write leaves nothing (the part file holds personal data).
fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), VisitError> {
    let tmp = path.with_extension("pdf.part");
    let save = |p: &Path, e: std::io::Error| VisitError::Save {
        path: p.display().to_string(),
        error: e.to_string(),
    };
    let written = std::fs::write(&tmp, bytes)
        .map_err(|e| save(&tmp, e))
        .and_then(|()| std::fs::rename(&tmp, path).map_err(|e| save(path, e)));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// A print that failed must not leave an older PDF under the name, where it
/// would be taken for this visit's batch.
fn remove_stale(path: &Path, error: VisitError) -> VisitError {
    if path.is_file() {
        let _ = std::fs::remove_file(path);
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Printing cancelled (the flag set before the first form is done) ends
    /// with `Cancelled`, no PDF, no part file, and no batch recorded; and an
    /// older PDF under the name is removed, not left to be taken for this one.
    #[test]
    fn a_cancelled_print_leaves_nothing_and_records_nothing() {
        let (texts, catalogs) = crate::load_rules(None).unwrap();
        let templates = Templates::load(None).unwrap();
        let rules = Rules {
            catalogs: &catalogs,
            texts: &texts,
            templates: &templates,
            lang: "ja",
        };
        let text = include_str!("../../tests/fixtures/seed-move-in-address.json");
        let request = crate::input::parse_request(text).unwrap().request;
        let mut visit = Visit::of_request(request.clone(), "20261124-A-001");
        visit.determine_request(request, &rules).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("batch.pdf");
        std::fs::write(&path, b"an older batch").unwrap();
        let cancel = AtomicBool::new(true);
        let out = Output {
            path: &path,
            printer: None,
            cancel: &cancel,
            now: Utc::now(),
        };
        let r = visit.print(&rules, &out, &mut |_| {}).map(|p| p.pages);
        assert_eq!(r, Err(VisitError::Cancelled));
        assert!(visit.printed.is_none());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        // Not cancelled: printed and recorded, with the form of each page.
        cancel.store(false, Ordering::Relaxed);
        let printed = visit.print(&rules, &out, &mut |_| {}).unwrap().clone();
        assert!(printed.pages > 1 && path.is_file());
        assert_eq!(printed.page_forms.len(), printed.pages);
        assert_eq!(printed.page_forms[0], crate::print::batch::GUIDANCE_FORM);
    }

    #[test]
    fn a_failed_write_leaves_no_part_file() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no-such-folder").join("x.pdf");
        assert!(matches!(
            write_whole(&missing, b"%PDF"),
            Err(VisitError::Save { .. })
        ));
        let ok = dir.path().join("x.pdf");
        write_whole(&ok, b"%PDF").unwrap();
        assert_eq!(std::fs::read(&ok).unwrap(), b"%PDF");
        assert!(!dir.path().join("x.pdf.part").exists());
    }
}
