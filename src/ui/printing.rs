//! The intake's print step: what will be printed (the batch's documents and a
//! preview of every page), rendering off the UI thread with progress, the print
//! folder and the spooler; and the supervisor's tally.

use iced::widget::{button, canvas, column, progress_bar, row, scrollable, text};
use iced::{Element, Length};

use super::backend::Backend;
use super::intake::{names, Intake, Message};
use super::page_preview::PageView;
use super::tr::{s, t, tf};
use crate::engine::Determination;
use crate::model::Request;
use crate::print::preview::PagePreview;

/// The print step: the documents the batch holds, the print button with its
/// progress and finishing the visit, beside a preview of the pages.
pub fn view(i: &Intake) -> Element<'_, Message> {
    if i.preview_zoomed {
        if let Some(Ok(pages)) = &i.preview {
            return zoomed(i, pages);
        }
    }
    row![
        iced::widget::container(actions(i)).width(Length::Fill),
        preview(i)
    ]
    .spacing(16)
    .into()
}

/// The documents, printing, the scans and finishing.
fn actions(i: &Intake) -> Element<'_, Message> {
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

/// The page shown: which one of how many, and what it is.
fn page_line<'a>(i: &'a Intake, pages: &[PagePreview]) -> (usize, Element<'a, Message>) {
    let n = i.preview_page.min(pages.len().saturating_sub(1));
    let page = &pages[n];
    let title = if page.info.form == crate::print::batch::GUIDANCE_FORM {
        t("preview-guidance")
    } else {
        i.determination
            .as_ref()
            .and_then(|d| {
                d.procedures
                    .iter()
                    .find(|p| p.form.as_deref() == Some(page.info.form.as_str()))
            })
            .map_or_else(|| page.info.form.clone(), |p| p.title.clone())
    };
    let line = row![
        button(text(t("preview-previous")).size(13))
            .style(button::secondary)
            .on_press_maybe((n > 0).then(|| Message::PreviewPage(n - 1))),
        text(tf(
            "preview-page",
            &[
                ("page", (n + 1).into()),
                ("total", pages.len().into()),
                ("title", s(title)),
            ],
        ))
        .size(14),
        button(text(t("preview-next")).size(13))
            .style(button::secondary)
            .on_press_maybe((n + 1 < pages.len()).then(|| Message::PreviewPage(n + 1))),
    ]
    .spacing(8)
    .align_y(iced::Alignment::Center);
    (n, line.into())
}

/// The preview beside the actions: the whole page, as large as the height allows.
fn preview(i: &Intake) -> Element<'_, Message> {
    let body: Element<'_, Message> = match &i.preview {
        None => text(t("preview-laying-out")).size(14).into(),
        Some(Err(e)) => text(e.clone()).size(14).style(text::danger).into(),
        Some(Ok(pages)) if pages.is_empty() => text(t("preview-laying-out")).size(14).into(),
        Some(Ok(pages)) => {
            let (n, line) = page_line(i, pages);
            column![
                line,
                canvas(PageView { page: &pages[n] })
                    .width(Length::Fill)
                    .height(Length::Fill),
                button(text(t("preview-zoom")).size(13))
                    .style(button::secondary)
                    .on_press(Message::PreviewZoom(true)),
            ]
            .spacing(6)
            .align_x(iced::Alignment::Center)
            .into()
        }
    };
    iced::widget::container(body)
        .width(Length::Fixed(430.0))
        .height(Length::Fill)
        .into()
}

/// One page large enough to read, scrolled.
fn zoomed<'a>(i: &'a Intake, pages: &'a [PagePreview]) -> Element<'a, Message> {
    let (n, line) = page_line(i, pages);
    let page = &pages[n];
    let width = 820.0;
    column![
        row![
            line,
            button(text(t("preview-close")).size(13)).on_press(Message::PreviewZoom(false))
        ]
        .spacing(16)
        .align_y(iced::Alignment::Center),
        scrollable(
            canvas(PageView { page })
                .width(Length::Fixed(width))
                .height(Length::Fixed(width * page.height_mm / page.width_mm)),
        )
        .height(Length::Fill),
    ]
    .spacing(8)
    .into()
}

/// What is wrong with a scanned page, in the window's language.
pub fn scan_problem(p: &crate::client::scans::ScanProblem) -> String {
    use crate::client::scans::ProblemKind;
    let name = ("name", s(&p.name));
    match &p.kind {
        ProblemKind::Unreadable(e) => tf("scan-unreadable", &[name, ("detail", s(e))]),
        ProblemKind::NotImage => tf("scan-not-image", &[name]),
        ProblemKind::NotScanFormat(f) => tf("scan-not-scan-format", &[name, ("format", s(f))]),
        ProblemKind::Damaged(_) => tf("scan-damaged", &[name]),
    }
}

/// The batch's input for a visit, handed to `f`.
fn with_batch<R>(
    b: &Backend,
    request: &Request,
    d: &Determination,
    confirmed: &[String],
    case_id: &str,
    f: impl FnOnce(&crate::print::BatchInput<'_>) -> Result<R, String>,
) -> Result<R, String> {
    let catalog = b
        .catalogs
        .in_effect(request.as_of)
        .ok_or("no rule catalog")?;
    f(&crate::print::BatchInput {
        request,
        determination: d,
        confirmed,
        catalog,
        texts: &b.texts,
        templates: &b.templates,
        lang: &b.settings.language,
        case_id,
    })
}

/// The batch's pages as they will print, for the preview.
pub fn preview_batch(
    b: &Backend,
    request: &Request,
    d: &Determination,
    confirmed: &[String],
    case_id: &str,
) -> Result<Vec<PagePreview>, String> {
    with_batch(
        b,
        request,
        d,
        confirmed,
        case_id,
        crate::print::preview::preview,
    )
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
    let batch = with_batch(b, request, d, confirmed, case_id, |input| {
        crate::print::render(input, progress)
    })?;
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
