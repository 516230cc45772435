//! The counter's visits of the day, off the UI thread: a batch printed
//! again from its case, and this counter's procedures at the back office.

use chrono::Utc;

use super::backend::Backend;
use super::counter::CaseProgress;
use crate::api::CaseSubmission;

/// Print a visit's batch again from its case (the same case id, so the same
/// QR codes); says where it went.
pub fn reprint(b: &Backend, case: &CaseSubmission) -> Result<String, String> {
    let mut visit = crate::visit::Visit::reopen(case, None);
    visit.revision = case.revision;
    let path = crate::visit::printing::batch_path(&b.out_dir, &case.id);
    let never = std::sync::atomic::AtomicBool::new(false);
    let out = crate::visit::printing::Output {
        path: &path,
        printer: b.settings.printer.as_deref(),
        cancel: &never,
        now: Utc::now(),
    };
    let printed = visit
        .print(&b.rules(), &out, &mut |_| {})
        .map_err(|e| super::tr::visit_error(&e))?;
    Ok(super::intake::printed_where(printed))
}

/// This counter's cases at the back office: today's procedures, and every
/// return not yet answered.
pub fn load_progress(b: &Backend) -> Result<CaseProgress, String> {
    use crate::processing::WorkFilter;
    let mine = b.settings.counter_id.clone();
    let day = crate::handoff::japan_day(Utc::now());
    let today = b
        .hub
        .procedures(&WorkFilter {
            day: Some(day),
            ..Default::default()
        })
        .map_err(|e| e.to_string())?;
    let returned = b
        .hub
        .procedures(&WorkFilter {
            stage: Some("returned".into()),
            ..Default::default()
        })
        .map_err(|e| e.to_string())?;
    Ok(CaseProgress {
        today: today.into_iter().filter(|p| p.counter == mine).collect(),
        returned: returned.into_iter().filter(|p| p.counter == mine).collect(),
    })
}
