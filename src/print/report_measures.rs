//! The page of a report that a supervisor's superiors read first: the
//! service level per category against its target (table and chart), the
//! wait buckets, a chart over time (waits by hour, or each day of a period),
//! and the one-counter share (窓口完結率) with the push take-up per event
//! and per procedure. Shared by the daily tally and the period report.

use std::collections::BTreeMap;

use fluent_bundle::FluentArgs;

use super::charts::{self, Area};
use super::page::Canvas;
use super::tally::{Table, LEFT, WIDTH};
use crate::i18n::Texts;
use crate::measures::OneStop;
use crate::service_level::Level;

/// A chart over time: its title, its bars (label, value), how a value reads.
pub type OverTime = (String, Vec<(String, f64)>, fn(f64) -> String);

pub struct Measures<'a> {
    pub service: &'a [Level],
    /// Category code → name.
    pub names: BTreeMap<String, String>,
    /// The chart over time: its title, its bars, how a value reads.
    pub over_time: OverTime,
    pub one_stop: Option<&'a OneStop>,
}

/// A share as a report shows it (`87%`, or `—` when nothing was counted).
pub(super) fn pct(r: Option<f64>) -> String {
    r.map_or_else(|| "—".into(), |x| format!("{:.0}%", x * 100.0))
}

/// Draw from `y` down; returns where it ended.
pub fn draw(c: &mut Canvas, texts: &Texts, lang: &str, mut y: f32, m: &Measures<'_>) -> f32 {
    let tx = |id: &str| texts.text(lang, id);
    let name = |code: &str| {
        m.names
            .get(code)
            .map_or_else(|| code.to_string(), |n| format!("{code} {n}"))
    };
    c.text(LEFT, y, 12.0, &tx("report-service-level"));
    let widths = [34.0, 13.0, 13.0, 15.0, 12.0, 23.0, 16.0, 16.0, 16.0, 16.0];
    let mut table = Table {
        c: &mut *c,
        y: y + 8.0,
        widths: &widths,
    };
    table.row(
        &[
            "tally-col-category",
            "report-col-called",
            "report-col-within",
            "report-col-past",
            "report-col-sl",
            "report-col-target",
            "report-col-b0",
            "report-col-b1",
            "report-col-b2",
            "report-col-b3",
        ]
        .map(tx),
        true,
    );
    for l in m.service {
        let mut args = FluentArgs::new();
        args.set("percent", l.target.percent);
        args.set("minutes", l.target.minutes);
        let mut cells = vec![
            name(&l.category),
            l.called.to_string(),
            l.within.to_string(),
            l.waiting_past.to_string(),
            pct(l.share()),
            texts.format(lang, "report-target", Some(&args)),
        ];
        cells.extend(l.buckets.iter().map(|b| b.to_string()));
        table.row(&cells, false);
    }
    y = table.y + 4.0;
    // Service level per category against its target (the rule).
    let measured: Vec<(String, Option<f64>, Option<f64>)> = m
        .service
        .iter()
        .filter(|l| l.called + l.waiting_past > 0)
        .map(|l| {
            (
                name(&l.category),
                l.share(),
                Some(f64::from(l.target.percent) / 100.0),
            )
        })
        .collect();
    c.text(LEFT, y + 4.0, 9.0, &tx("report-chart-sl"));
    let h = 7.0 * measured.len().max(1) as f32;
    charts::shares(
        c,
        Area {
            x: LEFT,
            y: y + 6.0,
            w: WIDTH / 2.0 - 4.0,
            h,
        },
        30.0,
        &measured,
    );
    // The chart over time, at the right.
    let (title, bars, fmt) = &m.over_time;
    c.text(LEFT + WIDTH / 2.0 + 4.0, y + 4.0, 9.0, title);
    charts::columns(
        c,
        Area {
            x: LEFT + WIDTH / 2.0 + 4.0,
            y: y + 8.0,
            w: WIDTH / 2.0 - 4.0,
            h: 30.0,
        },
        bars,
        fmt,
    );
    y += 6.0 + h.max(38.0) + 10.0;

    c.text(LEFT, y, 12.0, &tx("report-one-stop"));
    let Some(os) = m.one_stop else {
        c.text(LEFT, y + 8.0, 9.5, &tx("tally-cases-unavailable"));
        return y + 14.0;
    };
    let mut args = FluentArgs::new();
    args.set("share", pct(os.total.ratio()));
    args.set("at", os.total.at_counter);
    args.set("needed", os.total.needed);
    args.set("referred", os.total.referred());
    args.set("offered", os.take_up.offered);
    args.set("confirmed", os.take_up.confirmed);
    args.set("printed", os.take_up.printed);
    c.text(
        LEFT,
        y + 7.0,
        9.5,
        &texts.format(lang, "report-one-stop-total", Some(&args)),
    );
    let widths = [34.0, 14.0, 14.0, 16.0, 16.0, 16.0, 14.0, 14.0, 14.0, 22.0];
    let mut table = Table {
        c: &mut *c,
        y: y + 15.0,
        widths: &widths,
    };
    table.row(
        &[
            "report-col-event",
            "report-col-visits",
            "report-col-needed",
            "report-col-at-counter",
            "report-col-referred",
            "report-col-share",
            "report-col-offered",
            "report-col-confirmed",
            "report-col-printed",
            "report-col-clerk",
        ]
        .map(tx),
        true,
    );
    for e in &os.events {
        table.row(
            &[
                tx(&format!("tally-event-{}", e.event)),
                e.visits.to_string(),
                e.share.needed.to_string(),
                e.share.at_counter.to_string(),
                e.share.referred().to_string(),
                pct(e.share.ratio()),
                e.take_up.offered.to_string(),
                e.take_up.confirmed.to_string(),
                e.take_up.printed.to_string(),
                e.clerk_min
                    .map_or_else(|| "—".into(), |x| format!("{x:.1}")),
            ],
            false,
        );
    }
    y = table.y + 4.0;
    // The procedures most needed, with their share completed at the counter.
    let title = |id: &str| {
        let key = crate::catalog::title_id(id);
        if texts.has(lang, &key) || texts.has("ja", &key) {
            texts.text(lang, &key)
        } else {
            id.to_string()
        }
    };
    let rows: Vec<(String, Option<f64>, Option<f64>)> = os
        .procedures
        .iter()
        .filter(|p| p.1.needed > 0)
        .take(12)
        .map(|(id, s, _)| (format!("{}（{}）", title(id), s.needed), s.ratio(), None))
        .collect();
    c.text(LEFT, y + 4.0, 9.0, &tx("report-chart-procedures"));
    let h = 6.0 * rows.len() as f32;
    charts::shares(
        c,
        Area {
            x: LEFT,
            y: y + 6.0,
            w: WIDTH,
            h,
        },
        80.0,
        &rows,
    );
    y + 6.0 + h + 4.0
}
