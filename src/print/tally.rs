//! The supervisor's daily tally on one A4 page: per category, per counter,
//! tickets by hour, and the cases handed to the back office. Counts and times
//! only, no personal data.

use chrono::{DateTime, FixedOffset, Offset, Utc};
use fluent_bundle::FluentArgs;
use printpdf::{Mm, PdfDocument, PdfPage, PdfSaveOptions};

use super::batch::parsed_font;
use super::font::Metrics;
use super::page::{Align, Canvas};
use crate::i18n::Texts;
use crate::tally::{DailyTally, Minutes};

/// A report's PDF (its title, dates and creator set) with the bundled
/// font, and the time it is made at in Japan.
pub(super) struct Report {
    pub doc: PdfDocument,
    pub font: printpdf::FontId,
    pub metrics: &'static Metrics,
    pub jst: DateTime<FixedOffset>,
}

impl Report {
    pub fn new(title: &str, at: DateTime<Utc>) -> Result<Report, String> {
        let metrics = Metrics::bundled().ok_or("the bundled font cannot be read")?;
        let mut doc = PdfDocument::new(title);
        if let Ok(date) = printpdf::OffsetDateTime::from_unix_timestamp(at.timestamp()) {
            doc.metadata.info.creation_date = date;
            doc.metadata.info.modification_date = date;
            doc.metadata.info.metadata_date = date;
        }
        doc.metadata.info.creator = "madoguchi".into();
        let font = doc.add_font(parsed_font()?);
        let jst = at.with_timezone(&FixedOffset::east_opt(9 * 3600).unwrap_or_else(|| Utc.fix()));
        Ok(Report {
            doc,
            font,
            metrics,
            jst,
        })
    }

    /// A new A4 page in the report's font.
    pub fn page(&self) -> Canvas {
        Canvas::a4(self.font.clone(), self.metrics)
    }
}

pub(super) const LEFT: f32 = 18.0;
pub(super) const WIDTH: f32 = 174.0;
const ROW: f32 = 6.5;

fn fmt_minutes(m: Option<f64>) -> String {
    m.map_or_else(|| "—".to_string(), |v| format!("{v:.1}"))
}

pub(super) struct Table<'a> {
    pub c: &'a mut Canvas,
    pub y: f32,
    /// Column widths in mm; the first column is left-aligned, the rest right-aligned.
    pub widths: &'a [f32],
}

impl Table<'_> {
    pub fn row(&mut self, cells: &[String], header: bool) {
        if header {
            self.c.fill(LEFT, self.y - 4.6, WIDTH, ROW, 0.9);
        }
        let mut x = LEFT;
        for (i, (cell, w)) in cells.iter().zip(self.widths).enumerate() {
            let align = if i == 0 { Align::Left } else { Align::Right };
            self.c
                .text_aligned(x + 1.5, self.y, w - 3.0, 9.5, cell, align);
            x += w;
        }
        self.c
            .line(LEFT, self.y + 1.9, LEFT + WIDTH, self.y + 1.9, 0.3);
        self.y += ROW;
    }
}

/// The tally as a one-page PDF, in `lang`, taken at `at`, for `office`.
pub fn render(
    t: &DailyTally,
    texts: &Texts,
    lang: &str,
    office: &str,
    at: DateTime<Utc>,
) -> Result<Vec<u8>, String> {
    let tx = |id: &str| texts.text(lang, id);
    let report = Report::new(&format!("madoguchi tally {}", t.day), at)?;
    let mut c = report.page();
    let jst = report.jst;
    let font = report.font.clone();
    let doc = report.doc;
    let day = if lang == "ja" {
        crate::japanese::wareki::format_date(t.day)
    } else {
        t.day.format("%-d %B %Y").to_string()
    };
    c.text(LEFT, 22.0, 18.0, &tx("tally-title"));
    c.text_aligned(LEFT, 22.0, WIDTH, 11.0, &day, Align::Right);
    c.text(LEFT, 30.0, 10.0, office);
    let mut args = FluentArgs::new();
    args.set("time", jst.format("%H:%M").to_string());
    args.set("issued", t.issued());
    args.set("served", t.served());
    c.text_aligned(
        LEFT,
        30.0,
        WIDTH,
        9.0,
        &texts.format(lang, "tally-taken", Some(&args)),
        Align::Right,
    );
    c.line(LEFT, 33.0, LEFT + WIDTH, 33.0, 0.8);

    let mut y = 43.0;
    c.text(LEFT, y, 12.0, &tx("tally-by-category"));
    let widths = [46.0, 16.0, 16.0, 16.0, 16.0, 22.0, 20.0, 22.0];
    let mut table = Table {
        c: &mut c,
        y: y + 8.0,
        widths: &widths,
    };
    table.row(
        &[
            "tally-col-category",
            "tally-col-issued",
            "tally-col-served",
            "tally-col-no-show",
            "tally-col-open",
            "tally-col-wait-average",
            "tally-col-wait-longest",
            "tally-col-service-average",
        ]
        .map(tx),
        true,
    );
    for k in &t.categories {
        table.row(
            &[
                format!("{} {}", k.category, k.name),
                k.issued.to_string(),
                k.served.to_string(),
                k.no_show.to_string(),
                k.open.to_string(),
                fmt_minutes(k.wait.average),
                fmt_minutes(k.wait.longest),
                fmt_minutes(k.service.average),
            ],
            false,
        );
    }
    let sum = |f: fn(&crate::tally::CategoryTally) -> usize| {
        t.categories.iter().map(f).sum::<usize>().to_string()
    };
    table.row(
        &[
            tx("tally-total"),
            sum(|k| k.issued),
            sum(|k| k.served),
            sum(|k| k.no_show),
            sum(|k| k.open),
            String::new(),
            String::new(),
            String::new(),
        ],
        true,
    );
    y = table.y + 8.0;

    c.text(LEFT, y, 12.0, &tx("tally-by-counter"));
    let widths = [58.0, 38.0, 39.0, 39.0];
    let mut table = Table {
        c: &mut c,
        y: y + 8.0,
        widths: &widths,
    };
    table.row(
        &[
            "tally-col-counter",
            "tally-col-served",
            "tally-col-service-average",
            "tally-col-service-longest",
        ]
        .map(tx),
        true,
    );
    for k in &t.counters {
        let Minutes { average, longest } = k.service;
        table.row(
            &[
                k.counter.clone(),
                k.served.to_string(),
                fmt_minutes(average),
                fmt_minutes(longest),
            ],
            false,
        );
    }
    y = table.y + 8.0;

    c.text(LEFT, y, 12.0, &tx("tally-by-hour"));
    let hours: Vec<String> = t
        .by_hour
        .iter()
        .map(|(h, n)| format!("{h}:00 {n}"))
        .collect();
    c.text(LEFT, y + 8.0, 9.5, &hours.join("　"));
    y += 18.0;

    c.text(LEFT, y, 12.0, &tx("tally-cases"));
    match &t.cases_by_event {
        Some(events) => {
            let events: Vec<String> = events
                .iter()
                .map(|(e, n)| format!("{} {n}", tx(&format!("tally-event-{e}"))))
                .collect();
            let mut args = FluentArgs::new();
            args.set("count", t.cases().unwrap_or(0));
            c.text(
                LEFT,
                y + 8.0,
                9.5,
                &format!(
                    "{}　{}",
                    texts.format(lang, "tally-cases-count", Some(&args)),
                    events.join("　")
                ),
            );
        }
        None => c.text(LEFT, y + 8.0, 9.5, &tx("tally-cases-unavailable")),
    }
    y += 17.0;
    let title = |id: &str| {
        let key = crate::catalog::title_id(id);
        if texts.has(lang, &key) || texts.has("ja", &key) {
            texts.text(lang, &key)
        } else {
            id.to_string()
        }
    };
    match (&t.processing, &t.procedures) {
        // The back office's processing, per procedure received that day.
        (Some(p), _) => {
            let b = &p.backlog;
            let mut args = FluentArgs::new();
            for (k, v) in [
                ("received", b.received),
                ("entered", b.entered),
                ("checked", b.checked),
                ("returned", b.returned),
                ("overdue", b.overdue),
                ("open", b.open()),
            ] {
                args.set(k, v);
            }
            c.text(
                LEFT,
                y,
                9.5,
                &texts.format(lang, "tally-backlog", Some(&args)),
            );
            if p.procedures.is_empty() {
                let second = measures_page(t, texts, lang, office, &font)?;
                return finish(doc, vec![c, second]);
            }
            c.text(LEFT, y + 7.0, 9.5, &tx("tally-processing-heading"));
            let widths = [92.0, 18.0, 18.0, 24.0, 24.0];
            let mut table = Table {
                c: &mut c,
                y: y + 15.0,
                widths: &widths,
            };
            table.row(
                &[
                    "tally-col-procedure",
                    "tally-col-cases",
                    "tally-col-done",
                    "tally-col-median",
                    "tally-col-longest",
                ]
                .map(tx),
                true,
            );
            for r in p.procedures.iter().take(16) {
                table.row(
                    &[
                        if r.title.is_empty() {
                            title(&r.procedure)
                        } else {
                            r.title.clone()
                        },
                        r.received.to_string(),
                        r.done.to_string(),
                        fmt_minutes(r.median),
                        fmt_minutes(r.longest),
                    ],
                    false,
                );
            }
        }
        (None, Some(procedures)) if !procedures.is_empty() => {
            let widths = [140.0, 34.0];
            let mut table = Table {
                c: &mut c,
                y,
                widths: &widths,
            };
            table.row(&["tally-col-procedure", "tally-col-cases"].map(tx), true);
            for (id, n) in procedures.iter().take(18) {
                table.row(&[title(id), n.to_string()], false);
            }
        }
        _ => {}
    }
    let second = measures_page(t, texts, lang, office, &font)?;
    finish(doc, vec![c, second])
}

/// The second page: service level, wait buckets, waits by hour, one-stop.
fn measures_page(
    t: &DailyTally,
    texts: &Texts,
    lang: &str,
    office: &str,
    font: &printpdf::FontId,
) -> Result<Canvas, String> {
    let metrics = Metrics::bundled().ok_or("the bundled font cannot be read")?;
    let mut c = Canvas::a4(font.clone(), metrics);
    let tx = |id: &str| texts.text(lang, id);
    c.text(LEFT, 22.0, 16.0, &tx("report-measures-title"));
    let day = if lang == "ja" {
        crate::japanese::wareki::format_date(t.day)
    } else {
        t.day.format("%-d %B %Y").to_string()
    };
    c.text_aligned(LEFT, 22.0, WIDTH, 11.0, &day, Align::Right);
    c.text(LEFT, 30.0, 10.0, office);
    c.line(LEFT, 33.0, LEFT + WIDTH, 33.0, 0.8);
    let m = super::report_measures::Measures {
        service: &t.service,
        names: t
            .categories
            .iter()
            .map(|k| (k.category.clone(), k.name.clone()))
            .collect(),
        over_time: (
            tx("report-chart-wait-by-hour"),
            t.wait_by_hour
                .iter()
                .map(|(h, w)| (super::period::hour_label(lang, *h), *w))
                .collect(),
            |v| format!("{v:.0}"),
        ),
        one_stop: t.one_stop.as_ref(),
    };
    super::report_measures::draw(&mut c, texts, lang, 43.0, &m);
    Ok(c)
}

pub(super) fn finish(mut doc: PdfDocument, pages: Vec<Canvas>) -> Result<Vec<u8>, String> {
    doc.with_pages(
        pages
            .into_iter()
            .map(|c| PdfPage::new(Mm(c.width_mm), Mm(c.height_mm), c.ops))
            .collect(),
    );
    let options = PdfSaveOptions {
        subset_fonts: true,
        ..PdfSaveOptions::default()
    };
    Ok(doc.save(&options, &mut Vec::new()))
}
