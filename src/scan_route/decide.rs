//! Deciding where each scanned page goes: to the case its QR code names, or
//! nowhere, with the reason a clerk can act on (rescan, take it out, look at
//! the case).

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use fluent_bundle::FluentArgs;

use super::{is_multi_page, read_mark, PageRead, ScanFile, ScanReadError};
use crate::i18n::Texts;
use crate::scan_pages::PageMark;

/// What the caller knows of a page's case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Known {
    /// A case of ours, and this page is not attached to it yet.
    Expected,
    /// A case of ours that already has this page (scanned before).
    Attached,
    /// No case of ours has this id (another office's paper, a typo'd reprint).
    UnknownCase,
}

/// Where a scanned page goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Routed {
        source: PathBuf,
        page: u32,
        mark: PageMark,
    },
    Unrouted {
        source: PathBuf,
        /// None: the whole file could not be read.
        page: Option<u32>,
        reason: UnroutedReason,
    },
}

impl Outcome {
    pub fn source(&self) -> &Path {
        match self {
            Outcome::Routed { source, .. } | Outcome::Unrouted { source, .. } => source,
        }
    }

    pub fn page(&self) -> Option<u32> {
        match self {
            Outcome::Routed { page, .. } => Some(*page),
            Outcome::Unrouted { page, .. } => *page,
        }
    }
}

/// Why a page was not routed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnroutedReason {
    /// No QR code of ours could be read: a blank page, a page from elsewhere,
    /// a soiled or badly fed page.
    NoQr,
    /// The code names a case we do not know.
    UnknownCase(String),
    /// The same page of the same case was already scanned in this run, or is
    /// already attached to its case.
    Duplicate(PageMark),
    /// The page (or the whole file) cannot be read as an image.
    Unreadable(ScanReadError),
}

impl fmt::Display for UnroutedReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnroutedReason::NoQr => f.write_str("no readable QR code (blank, soiled or not ours)"),
            UnroutedReason::UnknownCase(case) => write!(f, "case {case} is not known here"),
            UnroutedReason::Duplicate(m) => write!(
                f,
                "page {} of case {} ({}) was already scanned",
                m.page, m.case, m.form
            ),
            UnroutedReason::Unreadable(e) => write!(f, "unreadable: {e}"),
        }
    }
}

/// Decides pages one at a time, remembering the marks already routed in
/// this run so a page scanned twice is routed once.
pub struct Router<K> {
    known: K,
    seen: HashSet<PageMark>,
}

impl<K: Fn(&PageMark) -> Known> Router<K> {
    pub fn new(known: K) -> Self {
        Router {
            known,
            seen: HashSet::new(),
        }
    }

    /// Read a page's code and decide where it goes.
    pub fn page(&mut self, read: PageRead) -> Outcome {
        match read {
            Ok(page) => {
                let mark = read_mark(&page.image);
                self.judge(page.source, page.page, mark)
            }
            Err(bad) => Outcome::Unrouted {
                source: bad.source,
                page: Some(bad.page),
                reason: UnroutedReason::Unreadable(bad.error),
            },
        }
    }

    /// Decide a page whose code has been read (or not).
    pub fn judge(&mut self, source: PathBuf, page: u32, mark: Option<PageMark>) -> Outcome {
        let unrouted = |reason| Outcome::Unrouted {
            source: source.clone(),
            page: Some(page),
            reason,
        };
        let Some(mark) = mark else {
            return unrouted(UnroutedReason::NoQr);
        };
        match (self.known)(&mark) {
            Known::UnknownCase => unrouted(UnroutedReason::UnknownCase(mark.case)),
            Known::Attached => unrouted(UnroutedReason::Duplicate(mark)),
            Known::Expected if self.seen.contains(&mark) => {
                unrouted(UnroutedReason::Duplicate(mark))
            }
            Known::Expected => {
                self.seen.insert(mark.clone());
                Outcome::Routed { source, page, mark }
            }
        }
    }
}

/// Decide every page, in order (the first of two scans of a page is routed).
pub fn route(
    pages: impl IntoIterator<Item = PageRead>,
    known: impl Fn(&PageMark) -> Known,
) -> Vec<Outcome> {
    let mut router = Router::new(known);
    pages.into_iter().map(|p| router.page(p)).collect()
}

/// Decide every page of every file, one page in memory at a time; a file
/// that cannot be opened is one unrouted outcome with no page.
pub fn route_files(files: &[PathBuf], known: impl Fn(&PageMark) -> Known) -> Vec<Outcome> {
    let mut router = Router::new(known);
    let mut outcomes = Vec::new();
    for file in files {
        match ScanFile::open(file) {
            Ok(pages) => outcomes.extend(pages.map(|p| router.page(p))),
            Err(error) => outcomes.push(Outcome::Unrouted {
                source: file.clone(),
                page: None,
                reason: UnroutedReason::Unreadable(error),
            }),
        }
    }
    outcomes
}

/// One line for the command line, tab-separated:
/// `<file>[#<page>]\t<case>\t<form>\t<page>` for a routed page and
/// `<file>[#<page>]\tunrouted\t<reason>` for the others. The file is named
/// by its name; `#<page>` follows for the pages of a PDF or TIFF.
pub fn line(outcome: &Outcome) -> String {
    let source = outcome.source();
    let name = source.file_name().map_or_else(
        || source.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let place = match outcome.page() {
        Some(page) if is_multi_page(source) => format!("{name}#{page}"),
        _ => name,
    };
    let fields = match outcome {
        Outcome::Routed { mark, .. } => {
            vec![
                place,
                mark.case.clone(),
                mark.form.clone(),
                mark.page.to_string(),
            ]
        }
        Outcome::Unrouted { reason, .. } => vec![place, "unrouted".into(), reason.to_string()],
    };
    fields
        .iter()
        .map(|f| one_field(f))
        .collect::<Vec<_>>()
        .join("\t")
}

/// A field without the tabs and line breaks that would split it.
fn one_field(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The reason in the clerk's language (`locales/<lang>/scan_route.ftl`).
pub fn reason_text(texts: &Texts, lang: &str, reason: &UnroutedReason) -> String {
    let mut args = FluentArgs::new();
    let id = match reason {
        UnroutedReason::NoQr => "route-no-qr",
        UnroutedReason::UnknownCase(case) => {
            args.set("case", case.clone());
            "route-unknown-case"
        }
        UnroutedReason::Duplicate(m) => {
            args.set("case", m.case.clone());
            args.set("form", m.form.clone());
            args.set("page", m.page);
            "route-duplicate"
        }
        UnroutedReason::Unreadable(e) => {
            args.set("detail", error_text(texts, lang, e));
            "route-unreadable"
        }
    };
    texts.format(lang, id, Some(&args))
}

/// A read error in the clerk's language; the technical detail (a decoder's
/// own message) stays in English.
fn error_text(texts: &Texts, lang: &str, e: &ScanReadError) -> String {
    let mut args = FluentArgs::new();
    let (id, detail) = match e {
        ScanReadError::Io(d) => ("route-error-io", Some(d)),
        ScanReadError::BrokenPdf(d) => ("route-error-broken-pdf", Some(d)),
        ScanReadError::BrokenImage(d) => ("route-error-broken-image", Some(d)),
        ScanReadError::UnsupportedCompression(d) => ("route-error-compression", Some(d)),
        ScanReadError::UnsupportedColour(d) => ("route-error-colour", Some(d)),
        ScanReadError::Empty => ("route-error-empty", None),
        ScanReadError::FileTooLarge { size } => {
            args.set("megabytes", size / (1024 * 1024));
            ("route-error-file-too-large", None)
        }
        ScanReadError::NotScanFormat => ("route-error-not-scan", None),
        ScanReadError::PageTooLarge { width, height } => {
            args.set("width", *width);
            args.set("height", *height);
            ("route-error-page-too-large", None)
        }
        ScanReadError::EncryptedPdf => ("route-error-encrypted", None),
        ScanReadError::NoPages => ("route-error-no-pages", None),
        ScanReadError::NoRasterImage => ("route-error-no-image", None),
    };
    if let Some(d) = detail {
        args.set("detail", d.clone());
    }
    texts.format(lang, id, Some(&args))
}

#[cfg(test)]
#[path = "decide_tests.rs"]
mod tests;
