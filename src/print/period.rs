//! The period report (a week, a month) as PDF, for the supervisor's
//! superiors: day by day (tickets, service level, cases, one-counter share)
//! with a chart, then the period's service level and one-stop measures.

use chrono::{DateTime, Utc};
use fluent_bundle::FluentArgs;

use super::charts::{self, Area};
use super::page::{Align, Canvas};
use super::report_measures::{draw, pct, Measures};
use super::tally::{finish, Report, Table, LEFT, WIDTH};
use crate::i18n::Texts;
use crate::tally::period::PeriodTally;

/// An hour of the day on a chart's axis.
pub fn hour_label(lang: &str, h: u32) -> String {
    if lang == "ja" {
        format!("{h}時")
    } else {
        format!("{h}:00")
    }
}

/// The whole day's service level over its categories.
fn day_share(d: &crate::tally::DailyTally) -> Option<f64> {
    let (within, counted) = d.service.iter().fold((0, 0), |(w, n), l| {
        (w + l.within, n + l.called + l.waiting_past)
    });
    (counted > 0).then(|| within as f64 / counted as f64)
}

pub fn render(
    p: &PeriodTally,
    texts: &Texts,
    lang: &str,
    office: &str,
    at: DateTime<Utc>,
) -> Result<Vec<u8>, String> {
    let tx = |id: &str| texts.text(lang, id);
    let report = Report::new(&format!("madoguchi report {}..{}", p.from, p.to), at)?;
    let mut c = report.page();
    let jst = report.jst;
    let date = |d: chrono::NaiveDate| {
        if lang == "ja" {
            crate::japanese::wareki::format_date(d)
        } else {
            d.format("%-d %B %Y").to_string()
        }
    };
    // The period, at the top right of each page.
    let span = |page: &mut Canvas| {
        let mut args = FluentArgs::new();
        args.set("from", date(p.from));
        args.set("to", date(p.to));
        args.set("days", (p.to - p.from).num_days() + 1);
        page.text_aligned(
            LEFT,
            22.0,
            WIDTH,
            10.0,
            &texts.format(lang, "period-span", Some(&args)),
            Align::Right,
        );
    };
    c.text(LEFT, 22.0, 18.0, &tx("period-title"));
    span(&mut c);
    c.text(LEFT, 30.0, 10.0, office);
    let mut args = FluentArgs::new();
    args.set("time", jst.format("%Y-%m-%d %H:%M").to_string());
    args.set("issued", p.issued());
    args.set("served", p.served());
    c.text_aligned(
        LEFT,
        30.0,
        WIDTH,
        9.0,
        &texts.format(lang, "period-taken", Some(&args)),
        Align::Right,
    );
    c.line(LEFT, 33.0, LEFT + WIDTH, 33.0, 0.8);
    let mut y = 43.0;
    if p.days.is_empty() {
        c.text(LEFT, y, 11.0, &tx("period-none"));
        return finish(report.doc, vec![c]);
    }
    c.text(LEFT, y, 12.0, &tx("period-by-day"));
    let widths = [50.0, 24.0, 24.0, 24.0, 24.0, 28.0];
    let mut table = Table {
        c: &mut c,
        y: y + 8.0,
        widths: &widths,
    };
    table.row(
        &[
            "period-col-day",
            "tally-col-issued",
            "tally-col-served",
            "period-col-sl",
            "period-col-cases",
            "period-col-one-stop",
        ]
        .map(tx),
        true,
    );
    // At most a month of rows on this page; the chart shows every day.
    for d in p.days.iter().take(31) {
        table.row(
            &[
                date(d.day),
                d.issued().to_string(),
                d.served().to_string(),
                pct(day_share(d)),
                d.cases().map_or_else(|| "—".into(), |n| n.to_string()),
                pct(d.one_stop.as_ref().and_then(|m| m.total.ratio())),
            ],
            false,
        );
    }
    let (within, counted) = p.service.iter().fold((0, 0), |(w, n), l| {
        (w + l.within, n + l.called + l.waiting_past)
    });
    table.row(
        &[
            tx("tally-total"),
            p.issued().to_string(),
            p.served().to_string(),
            pct((counted > 0).then(|| within as f64 / counted as f64)),
            p.one_stop.as_ref().map_or_else(
                || "—".into(),
                |m| m.events.iter().map(|e| e.visits).sum::<usize>().to_string(),
            ),
            pct(p.one_stop.as_ref().and_then(|m| m.total.ratio())),
        ],
        true,
    );
    y = table.y + 8.0;
    if y < 230.0 {
        c.text(LEFT, y, 9.0, &tx("report-chart-sl-by-day"));
        let bars: Vec<(String, f64)> = p
            .days
            .iter()
            .map(|d| {
                (
                    d.day.format("%-m/%-d").to_string(),
                    day_share(d).unwrap_or(0.0) * 100.0,
                )
            })
            .collect();
        charts::columns(
            &mut c,
            Area {
                x: LEFT,
                y: y + 4.0,
                w: WIDTH,
                h: 36.0,
            },
            &bars,
            |v| format!("{v:.0}"),
        );
    }

    let mut second = report.page();
    second.text(LEFT, 22.0, 16.0, &tx("report-measures-title"));
    span(&mut second);
    second.text(LEFT, 30.0, 10.0, office);
    second.line(LEFT, 33.0, LEFT + WIDTH, 33.0, 0.8);
    let m = Measures {
        service: &p.service,
        names: p
            .days
            .iter()
            .flat_map(|d| &d.categories)
            .map(|k| (k.category.clone(), k.name.clone()))
            .collect(),
        over_time: (
            tx("tally-by-hour"),
            {
                let mut by: std::collections::BTreeMap<u32, usize> = Default::default();
                for (h, n) in p.days.iter().flat_map(|d| &d.by_hour) {
                    *by.entry(*h).or_default() += n;
                }
                by.into_iter()
                    .map(|(h, n)| (hour_label(lang, h), n as f64))
                    .collect()
            },
            |v| format!("{v:.0}"),
        ),
        one_stop: p.one_stop.as_ref(),
    };
    draw(&mut second, texts, lang, 43.0, &m);
    finish(report.doc, vec![c, second])
}
