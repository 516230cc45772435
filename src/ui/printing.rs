//! The intake's print step: what will be printed (the batch's documents and a
//! preview of every page), rendering off the UI thread with progress and a
//! cancel, the scans, and finishing (asked first when nothing was printed);
//! and the supervisor's tally.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use iced::widget::{button, canvas, column, container, progress_bar, row, scrollable, text};
use iced::{Element, Length};

use super::backend::Backend;
use super::page_preview::PageView;
use super::procedures::names;
use super::tr::{s, t, tf};
use crate::print::preview::PagePreview;
use crate::visit::Visit;

#[derive(Debug, Clone)]
pub enum Message {
    Print,
    CancelPrint,
    PreviewPage(usize),
    PreviewZoom(bool),
    /// Look in the scan folder for the signed pages.
    CheckScans,
    Finish,
    /// Asked, the clerk finishes with nothing printed.
    FinishWithoutPrint,
    /// Asked, the clerk goes back to print.
    KeepOpen,
}

/// A scanned page, read: its file's name, its QR code and thumbnail.
#[derive(Debug, Clone)]
pub struct ScanRead {
    pub name: String,
    pub page: crate::scan_pages::ReadPage,
}

/// What the print step shows besides the visit.
#[derive(Default)]
pub struct PrintView {
    pub printing: bool,
    /// Pages laid out so far, of the total, while printing.
    pub progress: Option<(usize, usize)>,
    /// Set to stop the print under way.
    pub cancel: Arc<AtomicBool>,
    /// Where the last batch went, in words.
    pub done: Option<String>,
    /// Signed pages found in the scan folder since the visit began, read.
    pub scans: Option<Result<Vec<ScanRead>, String>>,
    /// The batch's pages as they will print, laid out on entering the print step.
    pub preview: Option<Result<Arc<Vec<PagePreview>>, String>>,
    /// The page shown, and whether it is shown large.
    pub preview_page: usize,
    pub preview_zoomed: bool,
    /// Finish was pressed with nothing printed: asking.
    pub asking_finish: bool,
}

/// The print step: the documents the batch holds, the print button with its
/// progress and finishing the visit, beside a preview of the pages.
pub fn view<'a>(v: &'a Visit, p: &'a PrintView) -> Element<'a, Message> {
    if p.preview_zoomed {
        if let Some(Ok(pages)) = &p.preview {
            return zoomed(v, p, pages);
        }
    }
    row![
        container(actions(v, p)).width(Length::FillPortion(3)),
        preview(v, p)
    ]
    .spacing(16)
    .into()
}

/// The documents, printing, the scans and finishing.
fn actions<'a>(v: &'a Visit, p: &'a PrintView) -> Element<'a, Message> {
    let n = v.confirmed.len();
    let documents = v.determination.as_ref().map(|d| {
        let forms = d
            .procedures
            .iter()
            .filter(|pr| v.confirmed.contains(&pr.id) && pr.form.is_some())
            .map(|pr| {
                text(tf(
                    "print-form-line",
                    &[("title", s(&pr.title)), ("names", s(names(v, &pr.members)))],
                ))
                .size(14)
                .into()
            });
        column![text(t("print-documents")).size(16)]
            .extend(forms)
            .push(text(t("print-guidance-line")).size(14))
            .spacing(3)
    });
    let print = if p.printing {
        row![
            button(text(t("print-printing"))).style(button::primary),
            button(text(t("print-cancel")))
                .style(button::secondary)
                .on_press(Message::CancelPrint)
        ]
        .spacing(8)
    } else {
        row![button(text(t(if v.printed.is_some() {
            "print-again"
        } else {
            "print-batch"
        })))
        .style(button::primary)
        .on_press(Message::Print)]
    };
    let progress = p.printing.then(|| {
        let (done, total) = p.progress.unwrap_or((0, 1));
        row![
            progress_bar(0.0..=total.max(1) as f32, done as f32).length(320),
            text(format!("{done} / {total}")).size(14)
        ]
        .spacing(10)
        .align_y(iced::Alignment::Center)
    });
    let done = p
        .done
        .as_ref()
        .filter(|_| v.printed.is_some())
        .map(|d| text(d.clone()).style(text::success));
    let stale = (v.printed.is_none() && p.done.is_some())
        .then(|| text(t("print-stale")).style(text::warning));
    let finish: Element<'_, Message> = if p.asking_finish {
        container(
            column![
                text(t("finish-unprinted-question")).size(16),
                row![
                    button(text(t("finish-unprinted-yes")))
                        .style(button::danger)
                        .on_press(Message::FinishWithoutPrint),
                    button(text(t("finish-unprinted-no")))
                        .style(button::secondary)
                        .on_press(Message::KeepOpen),
                ]
                .spacing(10)
            ]
            .spacing(8),
        )
        .padding(10)
        .style(container::bordered_box)
        .into()
    } else {
        button(text(t("intake-finish")))
            .style(button::success)
            .on_press_maybe((!p.printing).then_some(Message::Finish))
            .into()
    };
    let scans = column![row![
        text(t("scans-heading")).size(16),
        button(text(t("scans-check")).size(13))
            .style(button::secondary)
            .on_press(Message::CheckScans)
    ]
    .spacing(10)
    .align_y(iced::Alignment::Center)]
    .push(p.scans.as_ref().map(|r| -> Element<'_, Message> {
        match r {
            Ok(files) if files.is_empty() => text(t("scans-none")).size(14).into(),
            Ok(files) => scans_read(v, files),
            Err(e) => text(e.clone()).size(14).style(text::danger).into(),
        }
    }))
    .spacing(4);
    column![text(tf("print-confirmed", &[("count", n.into())])).size(18)]
        .push(documents)
        .push(print)
        .push(progress)
        .push(done)
        .push(stale)
        .push(scans)
        .push(finish)
        .spacing(12)
        .into()
}

/// The scanned pages against the pages printed: how many of those to sign
/// are back, which are missing (by form title and page), which belong to
/// another visit or have no readable code; and a thumbnail of each.
fn scans_read<'a>(v: &'a Visit, files: &'a [ScanRead]) -> Element<'a, Message> {
    let title = |form: &str| {
        v.determination
            .as_ref()
            .and_then(|d| {
                d.procedures
                    .iter()
                    .find(|p| p.form.as_deref() == Some(form))
            })
            .map_or_else(|| form.to_string(), |p| p.title.clone())
    };
    let marks: Vec<(String, Option<crate::scan_pages::PageMark>)> = files
        .iter()
        .map(|f| (f.name.clone(), f.page.mark.clone()))
        .collect();
    let expected = v
        .printed
        .as_ref()
        .map(|p| p.pages_to_sign(&v.case_id))
        .unwrap_or_default();
    let tally = crate::scan_pages::tally(&v.case_id, &expected, &marks);
    let mut c = column![text(tf(
        "scans-count",
        &[
            ("found", tally.found.len().into()),
            ("expected", expected.len().into()),
        ],
    ))
    .size(14)
    .style(if tally.missing.is_empty() && !expected.is_empty() {
        text::success
    } else {
        text::default
    })]
    .spacing(3);
    let line = |id: &str, what: String| {
        text(tf(id, &[("pages", s(what))]))
            .size(13)
            .style(text::danger)
    };
    let list = |ms: &[crate::scan_pages::PageMark]| {
        ms.iter()
            .map(|m| {
                tf(
                    "scans-page",
                    &[("title", s(title(&m.form))), ("page", m.page.into())],
                )
            })
            .collect::<Vec<_>>()
            .join("、")
    };
    if !tally.missing.is_empty() {
        c = c.push(line("scans-missing", list(&tally.missing)));
    }
    if !tally.other_case.is_empty() {
        let cases: Vec<String> = tally.other_case.iter().map(|m| m.case.clone()).collect();
        c = c.push(line("scans-other-case", cases.join("、")));
    }
    if !tally.duplicates.is_empty() {
        c = c.push(line("scans-duplicate", list(&tally.duplicates)));
    }
    if !tally.unreadable.is_empty() {
        c = c.push(line("scans-unreadable-qr", tally.unreadable.join("、")));
    }
    let thumbs = row(files.iter().map(|f| {
        let label = match &f.page.mark {
            Some(m) if m.case == v.case_id => tf("scans-thumb-page", &[("page", m.page.into())]),
            Some(_) => t("scans-thumb-other"),
            None => t("scans-thumb-unknown"),
        };
        let t = &f.page.thumbnail;
        column![
            canvas(super::page_preview::ThumbView { thumb: t })
                .width(Length::Fixed(t.width as f32))
                .height(Length::Fixed(t.height as f32)),
            text(label).size(11),
        ]
        .spacing(2)
        .align_x(iced::Alignment::Center)
        .into()
    }))
    .spacing(6)
    .wrap();
    c.push(thumbs).into()
}

/// The page shown: which one of how many, and what it is.
fn page_line<'a>(
    v: &'a Visit,
    p: &'a PrintView,
    pages: &[PagePreview],
) -> (usize, Element<'a, Message>) {
    let n = p.preview_page.min(pages.len().saturating_sub(1));
    let page = &pages[n];
    let title = if page.info.form == crate::print::batch::GUIDANCE_FORM {
        t("preview-guidance")
    } else {
        v.determination
            .as_ref()
            .and_then(|d| {
                d.procedures
                    .iter()
                    .find(|p| p.form.as_deref() == Some(page.info.form.as_str()))
            })
            .map_or_else(|| page.info.form.clone(), |p| p.title.clone())
    };
    // The two buttons first and the title after them: a long title wraps
    // in its own space and never moves a button from under the pointer.
    let line = row![
        button(text(t("preview-previous")).size(13))
            .style(button::secondary)
            .on_press_maybe((n > 0).then(|| Message::PreviewPage(n - 1))),
        button(text(t("preview-next")).size(13))
            .style(button::secondary)
            .on_press_maybe((n + 1 < pages.len()).then(|| Message::PreviewPage(n + 1))),
        text(tf(
            "preview-page",
            &[
                ("page", (n + 1).into()),
                ("total", pages.len().into()),
                ("title", s(title)),
            ],
        ))
        .size(14)
        .width(Length::Fill),
    ]
    .spacing(8)
    .align_y(iced::Alignment::Center);
    (n, line.into())
}

/// The preview beside the actions: the whole page, as large as the height allows.
fn preview<'a>(v: &'a Visit, p: &'a PrintView) -> Element<'a, Message> {
    let body: Element<'a, Message> = match &p.preview {
        None => text(t("preview-laying-out")).size(14).into(),
        Some(Err(e)) => text(e.clone()).size(14).style(text::danger).into(),
        Some(Ok(pages)) if pages.is_empty() => text(t("preview-laying-out")).size(14).into(),
        Some(Ok(pages)) => {
            let (n, line) = page_line(v, p, pages);
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
        .width(Length::FillPortion(2))
        .height(Length::Fill)
        .into()
}

/// One page large enough to read, scrolled.
fn zoomed<'a>(v: &'a Visit, p: &'a PrintView, pages: &'a [PagePreview]) -> Element<'a, Message> {
    let (n, line) = page_line(v, p, pages);
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

/// Take today's tally from the hub, save it as a PDF (and spool it when a
/// printer is set): the file, and where it went in the clerk's words. A supervisor's tally includes the
/// cases; a floor manager's has the queue only.
pub fn print_tally(b: &Backend) -> Result<(std::path::PathBuf, String), String> {
    let tally = b.hub.daily_tally(None).map_err(|e| e.to_string())?;
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
    // Says where it went: to a printer, or only saved.
    let said = match &b.settings.printer {
        Some(printer) => {
            crate::print::spool::submit(&path, printer)?;
            tf(
                "floor-tally-sent",
                &[("printer", s(printer)), ("path", s(path.display()))],
            )
        }
        None => tf("floor-tally-saved", &[("path", s(path.display()))]),
    };
    Ok((path, said))
}
