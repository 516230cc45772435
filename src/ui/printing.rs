//! The intake's print step: what will be printed (a preview of the batch's
//! documents), rendering off the UI thread with progress, the print folder and
//! the spooler; and the supervisor's tally.

use iced::widget::{button, column, progress_bar, row, text};
use iced::Element;

use super::backend::Backend;
use super::intake::{names, Intake, Message};
use super::tr::{s, t, tf};
use crate::engine::Determination;
use crate::model::Request;

/// The print step: the documents the batch holds, the print button with its
/// progress, and finishing the visit.
pub fn view(i: &Intake) -> Element<'_, Message> {
    let n = i.confirmed.len();
    let documents = i.determination.as_ref().map(|d| {
        let forms = d
            .procedures
            .iter()
            .filter(|p| i.confirmed.contains(&p.id) && p.form.is_some())
            .map(|p| {
                text(tf(
                    "print-form-line",
                    &[("title", s(&p.title)), ("names", s(names(i, &p.members)))],
                ))
                .size(14)
                .into()
            });
        column![text(t("print-documents")).size(16)]
            .extend(forms)
            .push(text(t("print-guidance-line")).size(14))
            .spacing(3)
    });
    let print = button(text(t(if i.printing {
        "print-printing"
    } else {
        "print-batch"
    })))
    .style(button::primary)
    .on_press_maybe((!i.printing).then_some(Message::Print));
    let progress = i.printing.then(|| {
        let (done, total) = i.progress.unwrap_or((0, 1));
        row![
            progress_bar(0.0..=total.max(1) as f32, done as f32).length(320),
            text(format!("{done} / {total}")).size(14)
        ]
        .spacing(10)
        .align_y(iced::Alignment::Center)
    });
    let done = i
        .printed
        .as_ref()
        .map(|p| text(tf("print-done", &[("path", s(p))])).style(text::success));
    let finish = button(text(t("intake-finish")))
        .style(button::success)
        .on_press(Message::Finish);
    let scans = column![row![
        text(t("scans-heading")).size(16),
        button(text(t("scans-check")).size(13))
            .style(button::secondary)
            .on_press(Message::CheckScans)
    ]
    .spacing(10)
    .align_y(iced::Alignment::Center)]
    .push(i.scans.as_ref().map(|r| -> Element<'_, Message> {
        match r {
            Ok(files) if files.is_empty() => text(t("scans-none")).size(14).into(),
            Ok(files) => text(tf(
                "scans-found",
                &[
                    ("count", files.len().into()),
                    (
                        "names",
                        s(files
                            .iter()
                            .map(|f| f.name.as_str())
                            .collect::<Vec<_>>()
                            .join("、")),
                    ),
                ],
            ))
            .size(14)
            .into(),
            Err(e) => text(e.clone()).size(14).style(text::danger).into(),
        }
    }))
    .spacing(4);
    column![text(tf("print-confirmed", &[("count", n.into())])).size(18)]
        .push(documents)
        .push(print)
        .push(progress)
        .push(done)
        .push(scans)
        .push(finish)
        .spacing(12)
        .into()
}

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
    Ok(tf(
        "print-pages",
        &[
            ("path", s(path.display())),
            ("pages", batch.pages.len().into()),
        ],
    ))
}

/// Take today's tally from the hub, save it as a PDF (and spool it when a
/// printer is set); says where it went. A supervisor's tally includes the
/// cases; a floor manager's has the queue only.
pub fn print_tally(b: &Backend) -> Result<String, String> {
    let tally = crate::tally::from_hub(&b.hub, None)?;
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
