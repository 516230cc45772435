//! What the counter PC keeps past the day, and its removal at day end. The PC
//! stands in a public hall: what a thief or the next user of an abandoned PC
//! could read must be today's work only.
//!
//! - The local cache ([`LocalCache::purge_before`]): households and residents
//!   looked up, cases, drafts, tickets, sent outbox entries older than today.
//!   Writes still waiting for the hub stay until sent.
//! - The print folder: each case's batch PDF (`<case id>.pdf`, names and
//!   addresses on every page) from before today. The daily tally
//!   (`tally-*.pdf`, counts only) stays.
//! - Scans: a page leaves `scans-outgoing/` when the hub has it (see
//!   [`super::scans::upload`]); pages still waiting stay until sent, and refused
//!   ones stay for a person to decide (README: never deleted).
//!
//! The window runs [`purge`] when it logs in and when the day changes while it
//! stays open.

use std::path::Path;
use std::time::SystemTime;

use chrono::NaiveDate;

use super::cache::{japan_midnight, LocalCache};

/// What a day-end purge removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Purged {
    /// Rows of the local cache.
    pub cache_rows: usize,
    /// Batch PDFs of the print folder.
    pub pdfs: usize,
}

/// Everything older than `today` (Japan time) that the counter need not keep.
pub fn purge(cache: &LocalCache, print_dir: &Path, today: NaiveDate) -> Result<Purged, String> {
    // Files first: a busy cache must not keep yesterday's PDFs on disk.
    let pdfs = purge_print_folder(print_dir, today);
    let cache_rows = cache.purge_before(today)?;
    Ok(Purged {
        cache_rows,
        pdfs: pdfs?,
    })
}

/// Delete the case batch PDFs in `dir` last written before `today` (Japan
/// time). Tally PDFs (`tally-*.pdf`: counts, no personal data) and other
/// files stay. Every file is tried; the first failure is reported.
pub fn purge_print_folder(dir: &Path, today: NaiveDate) -> Result<usize, String> {
    let cutoff = SystemTime::from(japan_midnight(today));
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(format!("{}: {e}", dir.display())),
    };
    let mut removed = 0;
    let mut first_error = None;
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().to_string();
        let is_batch = name.to_ascii_lowercase().ends_with(".pdf") && !name.starts_with("tally-");
        let old = entry
            .metadata()
            .ok()
            .filter(std::fs::Metadata::is_file)
            .and_then(|m| m.modified().ok())
            .is_some_and(|t| t < cutoff);
        if !(is_batch && old) {
            continue;
        }
        match std::fs::remove_file(entry.path()) {
            Ok(()) => removed += 1,
            Err(e) => {
                first_error.get_or_insert_with(|| format!("{}: {e}", entry.path().display()));
            }
        }
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(removed),
    }
}
