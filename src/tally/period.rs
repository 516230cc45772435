//! A period's report (a week, a month) for the supervisor's superiors: each
//! day's figures side by side and the period's whole: service level per
//! category, wait buckets, the one-counter share per event and procedure,
//! push take-up; and the same figures as CSV.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::DailyTally;
use crate::api::CaseSummary;
use crate::measures::{one_stop, OneStop};
use crate::service_level::Level;

/// The longest period one report covers.
pub const MAX_DAYS: i64 = 92;

#[derive(Debug, Clone, PartialEq)]
pub struct PeriodTally {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The days with any ticket or case, in order.
    pub days: Vec<DailyTally>,
    /// Per category over the period (the last day's target).
    pub service: Vec<Level>,
    /// The period's cases (`None` when the user may not read them).
    pub one_stop: Option<OneStop>,
}

/// The days `from..=to`, refused when backwards or longer than [`MAX_DAYS`].
pub fn days(from: NaiveDate, to: NaiveDate) -> Result<Vec<NaiveDate>, String> {
    if to < from {
        return Err(format!("--to {to} is before --from {from}"));
    }
    let n = (to - from).num_days() + 1;
    if n > MAX_DAYS {
        return Err(format!(
            "{n} days: a report covers {MAX_DAYS} days at most (a quarter)"
        ));
    }
    Ok(from.iter_days().take(n as usize).collect())
}

/// Sum the days' service levels per category.
pub fn sum_levels<'a>(levels: impl IntoIterator<Item = &'a Level>) -> Vec<Level> {
    let mut by: BTreeMap<String, Level> = BTreeMap::new();
    for l in levels {
        let e = by.entry(l.category.clone()).or_insert_with(|| Level {
            category: l.category.clone(),
            target: l.target,
            called: 0,
            within: 0,
            waiting_past: 0,
            buckets: [0; 4],
            longest_min: 0.0,
        });
        e.target = l.target;
        e.called += l.called;
        e.within += l.within;
        e.waiting_past += l.waiting_past;
        for (a, b) in e.buckets.iter_mut().zip(l.buckets) {
            *a += b;
        }
        e.longest_min = e.longest_min.max(l.longest_min);
    }
    by.into_values().collect()
}

/// The period from its days' tallies and all its cases.
pub fn period(
    from: NaiveDate,
    to: NaiveDate,
    days: Vec<DailyTally>,
    cases: Option<&[CaseSummary]>,
) -> PeriodTally {
    let days: Vec<DailyTally> = days
        .into_iter()
        .filter(|d| d.issued() > 0 || d.cases().unwrap_or(0) > 0)
        .collect();
    PeriodTally {
        from,
        to,
        service: sum_levels(days.iter().flat_map(|d| &d.service)),
        one_stop: cases.map(|cs| one_stop(cs.iter())),
        days,
    }
}

impl PeriodTally {
    pub fn issued(&self) -> usize {
        self.days.iter().map(DailyTally::issued).sum()
    }
    pub fn served(&self) -> usize {
        self.days.iter().map(DailyTally::served).sum()
    }
}

/// One CSV cell, quoted when it must be.
fn cell(v: &str) -> String {
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_string()
    }
}

fn pct(r: Option<f64>) -> String {
    r.map_or_else(String::new, |x| format!("{:.1}", x * 100.0))
}

fn min1(m: Option<f64>) -> String {
    m.map_or_else(String::new, |x| format!("{x:.1}"))
}

/// The columns of the CSV, in order (documented in docs/reports.md).
pub const CSV_COLUMNS: [&str; 26] = [
    "section",
    "day",
    "key",
    "name",
    "issued",
    "served",
    "no_show",
    "called",
    "within_target",
    "waiting_past_target",
    "service_level_pct",
    "target_min",
    "target_pct",
    "wait_0_10",
    "wait_10_20",
    "wait_20_30",
    "wait_30_plus",
    "visits",
    "needed",
    "at_counter",
    "referred",
    "one_counter_pct",
    "offered",
    "confirmed",
    "printed",
    "clerk_min_avg",
];

fn level_row(section: &str, day: &str, name: &str, l: &Level, counts: [String; 3]) -> Vec<String> {
    let mut r = vec![
        section.to_string(),
        day.to_string(),
        l.category.clone(),
        name.to_string(),
    ];
    r.extend(counts);
    r.extend([
        l.called.to_string(),
        l.within.to_string(),
        l.waiting_past.to_string(),
        pct(l.share()),
        l.target.minutes.to_string(),
        l.target.percent.to_string(),
    ]);
    r.extend(l.buckets.iter().map(|b| b.to_string()));
    r.extend(std::iter::repeat_n(String::new(), 9));
    r
}

fn event_rows(section: &str, day: &str, m: &OneStop) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = m
        .events
        .iter()
        .map(|e| {
            let mut r = vec![
                section.to_string(),
                day.to_string(),
                e.event.clone(),
                String::new(),
            ];
            r.extend(std::iter::repeat_n(String::new(), 13));
            r.extend([
                e.visits.to_string(),
                e.share.needed.to_string(),
                e.share.at_counter.to_string(),
                e.share.referred().to_string(),
                pct(e.share.ratio()),
                e.take_up.offered.to_string(),
                e.take_up.confirmed.to_string(),
                e.take_up.printed.to_string(),
                min1(e.clerk_min),
            ]);
            r
        })
        .collect();
    let mut total = vec![
        section.to_string(),
        day.to_string(),
        "all".into(),
        String::new(),
    ];
    total.extend(std::iter::repeat_n(String::new(), 13));
    total.extend([
        m.events.iter().map(|e| e.visits).sum::<usize>().to_string(),
        m.total.needed.to_string(),
        m.total.at_counter.to_string(),
        m.total.referred().to_string(),
        pct(m.total.ratio()),
        m.take_up.offered.to_string(),
        m.take_up.confirmed.to_string(),
        m.take_up.printed.to_string(),
        String::new(),
    ]);
    rows.push(total);
    rows
}

/// The report as CSV (UTF-8 with a byte-order mark, so that a spreadsheet
/// opens the Japanese names right): per day and category the queue and its
/// service level, per day and event the one-stop measures, and the period's
/// whole (day `from..to`).
pub fn csv(p: &PeriodTally) -> String {
    let mut rows: Vec<Vec<String>> = Vec::new();
    for d in &p.days {
        let day = d.day.to_string();
        for l in &d.service {
            let k = d.categories.iter().find(|c| c.category == l.category);
            let name = k.map_or("", |k| k.name.as_str());
            let counts = k.map_or([String::new(), String::new(), String::new()], |k| {
                [
                    k.issued.to_string(),
                    k.served.to_string(),
                    k.no_show.to_string(),
                ]
            });
            rows.push(level_row("category", &day, name, l, counts));
        }
        if let Some(m) = &d.one_stop {
            rows.extend(event_rows("event", &day, m));
        }
    }
    let span = format!("{}..{}", p.from, p.to);
    for l in &p.service {
        let (mut issued, mut served, mut no_show, mut name) = (0, 0, 0, String::new());
        for k in p
            .days
            .iter()
            .flat_map(|d| &d.categories)
            .filter(|k| k.category == l.category)
        {
            issued += k.issued;
            served += k.served;
            no_show += k.no_show;
            name = k.name.clone();
        }
        rows.push(level_row(
            "period_category",
            &span,
            &name,
            l,
            [issued.to_string(), served.to_string(), no_show.to_string()],
        ));
    }
    if let Some(m) = &p.one_stop {
        rows.extend(event_rows("period_event", &span, m));
    }
    let mut out = String::from("\u{feff}");
    out.push_str(&CSV_COLUMNS.join(","));
    out.push_str("\r\n");
    for r in rows {
        out.push_str(&r.iter().map(|v| cell(v)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service_level::Target;

    fn level(cat: &str, called: usize, within: usize, past: usize, b: [usize; 4]) -> Level {
        Level {
            category: cat.into(),
            target: Target::default(),
            called,
            within,
            waiting_past: past,
            buckets: b,
            longest_min: called as f64,
        }
    }

    #[test]
    fn days_are_bounded_and_levels_add_up() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(days(d("2026-11-01"), d("2026-11-07")).unwrap().len(), 7);
        assert!(days(d("2026-11-07"), d("2026-11-01")).is_err());
        assert!(days(d("2026-01-01"), d("2026-12-31")).is_err());
        let sum = sum_levels(&[
            level("A", 10, 8, 1, [5, 3, 2, 1]),
            level("A", 4, 4, 0, [4, 0, 0, 0]),
            level("B", 2, 1, 0, [1, 0, 1, 0]),
        ]);
        assert_eq!(sum.len(), 2);
        assert_eq!(
            (sum[0].called, sum[0].within, sum[0].waiting_past),
            (14, 12, 1)
        );
        assert_eq!(sum[0].buckets, [9, 3, 2, 1]);
        assert_eq!(sum[0].longest_min, 10.0);
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
