//! The intake's print step off the UI thread: render the visit's batch with
//! progress, write it to the print folder, and hand it to the spooler.

use super::backend::Backend;
use crate::engine::Determination;
use crate::model::Request;

/// Render, save and (when a printer is set) spool the batch; says where it went.
pub fn print_batch(
    b: &Backend,
    request: &Request,
    d: &Determination,
    confirmed: &[String],
    case_id: &str,
    progress: &mut dyn FnMut(crate::print::Progress),
) -> Result<String, String> {
    let catalog = b
        .catalogs
        .in_effect(request.as_of)
        .ok_or("no rule catalog")?;
    let input = crate::print::BatchInput {
        request,
        determination: d,
        confirmed,
        catalog,
        texts: &b.texts,
        templates: &b.templates,
        lang: &b.settings.language,
        case_id,
    };
    let batch = crate::print::render(&input, progress)?;
    let path = b.out_dir.join(format!("{case_id}.pdf"));
    std::fs::write(&path, &batch.pdf).map_err(|e| format!("{}: {e}", path.display()))?;
    if let Some(printer) = &b.settings.printer {
        crate::print::spool::submit(&path, printer)?;
    }
    Ok(super::tr::tf(
        "print-pages",
        &[
            ("path", super::tr::s(path.display())),
            ("pages", batch.pages.len().into()),
        ],
    ))
}

/// Take today's tally from the hub, save it as a PDF (and spool it when a
/// printer is set); says where it went. A supervisor's tally includes the
/// cases; a floor manager's has the queue only.
pub fn print_tally(b: &Backend) -> Result<String, String> {
    let view = b.hub.queue().map_err(|e| e.to_string())?;
    let cases = if b.login.role == crate::api::Role::Supervisor {
        Some(b.hub.inbox(None).map_err(|e| e.to_string())?)
    } else {
        None
    };
    let tally = crate::tally::tally(&view, cases.as_deref());
    let now = chrono::Utc::now();
    let pdf = crate::print::tally::render(
        &tally,
        &b.texts,
        &b.settings.language,
        &b.settings.office,
        now,
    )?;
    let path = b.out_dir.join(format!(
        "tally-{}-{}.pdf",
        tally.day.format("%Y%m%d"),
        (now + chrono::Duration::hours(9)).format("%H%M%S")
    ));
    std::fs::write(&path, pdf).map_err(|e| format!("{}: {e}", path.display()))?;
    if let Some(printer) = &b.settings.printer {
        crate::print::spool::submit(&path, printer)?;
    }
    Ok(path.display().to_string())
}
