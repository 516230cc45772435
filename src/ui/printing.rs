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
