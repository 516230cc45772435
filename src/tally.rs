//! The day's tally for supervisors: per category (issued, served, no-shows,
//! still waiting, waits and service times), per counter, tickets by hour, and
//! the cases handed to the back office by event and procedure. A pure function
//! of the hub's queue and case list: no personal data goes in or comes out.

pub mod period;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Timelike, Utc};

use crate::api::{CaseSummary, QueueView, Ticket, TicketState};

#[derive(Debug, Clone, PartialEq)]
pub struct CategoryTally {
    pub category: String,
    pub name: String,
    pub issued: usize,
    pub served: usize,
    pub no_show: usize,
    /// Waiting (or called, not yet served) when the tally was taken.
    pub open: usize,
    /// Minutes from the ticket to the call, over the tickets called.
    pub wait: Minutes,
    /// Minutes at the counter (start, or call, to finish), over the tickets served.
    pub service: Minutes,
}

/// Average and longest, in minutes; `None` when nothing was measured.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Minutes {
    pub average: Option<f64>,
    pub longest: Option<f64>,
}

impl Minutes {
    fn of(samples: &[f64]) -> Minutes {
        if samples.is_empty() {
            return Minutes::default();
        }
        Minutes {
            average: Some(samples.iter().sum::<f64>() / samples.len() as f64),
            longest: samples.iter().copied().reduce(f64::max),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CounterTally {
    pub counter: String,
    pub served: usize,
    pub service: Minutes,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DailyTally {
    pub day: NaiveDate,
    pub categories: Vec<CategoryTally>,
    pub counters: Vec<CounterTally>,
    /// Tickets issued per hour of the day (Japan time), for the hours with any.
    pub by_hour: Vec<(u32, usize)>,
    /// Cases received that day, by event; `None` when the cases could not be read
    /// (a floor manager may not read them).
    pub cases_by_event: Option<Vec<(String, usize)>>,
    /// Procedures confirmed in those cases, most first.
    pub procedures: Option<Vec<(String, usize)>>,
    /// The back office's processing of that day's procedures, and its backlog.
    pub processing: Option<Processing>,
    /// Per category: the share called within its target, the wait buckets.
    pub service: Vec<crate::service_level::Level>,
    /// Average wait (minutes) of the tickets issued in each hour (Japan time).
    pub wait_by_hour: Vec<(u32, f64)>,
    /// The one-stop measures of the day's cases (`None` as `cases_by_event`).
    pub one_stop: Option<crate::measures::OneStop>,
}

/// How long the back office took, per procedure received that day.
#[derive(Debug, Clone, PartialEq)]
pub struct ProcedureTimes {
    pub procedure: String,
    pub title: String,
    pub received: usize,
    pub done: usize,
    /// From 受付 to 完了, in minutes, of those done.
    pub median: Option<f64>,
    pub longest: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Processing {
    /// Most received first.
    pub procedures: Vec<ProcedureTimes>,
    /// Every procedure not done yet (any day), by stage, and the overdue.
    pub backlog: crate::processing::StageCounts,
}

fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// The processing of the procedures received that day (`of_day`) and the
/// backlog (`open`: every procedure not done). A done procedure's
/// `updated_at` is when it was done (nothing moves it after).
pub fn processing(
    of_day: &[crate::processing::ProcedureStatus],
    open: &[crate::processing::ProcedureStatus],
    today: NaiveDate,
) -> Processing {
    let mut by: BTreeMap<&str, (String, usize, Vec<f64>)> = BTreeMap::new();
    for p in of_day {
        let e = by
            .entry(p.procedure.as_str())
            .or_insert_with(|| (p.title.clone(), 0, Vec::new()));
        e.1 += 1;
        if p.stage == crate::processing::Stage::Done {
            e.2.push(minutes(p.received_at, p.updated_at));
        }
    }
    let mut procedures: Vec<ProcedureTimes> = by
        .into_iter()
        .map(|(id, (title, received, mut times))| ProcedureTimes {
            procedure: id.to_string(),
            title,
            received,
            done: times.len(),
            longest: times.iter().copied().reduce(f64::max),
            median: median(&mut times),
        })
        .collect();
    procedures.sort_by(|a, b| {
        b.received
            .cmp(&a.received)
            .then_with(|| a.procedure.cmp(&b.procedure))
    });
    Processing {
        procedures,
        backlog: crate::processing::StageCounts::of(open, today),
    }
}

impl DailyTally {
    pub fn issued(&self) -> usize {
        self.categories.iter().map(|c| c.issued).sum()
    }
    pub fn served(&self) -> usize {
        self.categories.iter().map(|c| c.served).sum()
    }
    pub fn cases(&self) -> Option<usize> {
        self.cases_by_event
            .as_ref()
            .map(|e| e.iter().map(|(_, n)| n).sum())
    }
}

fn minutes(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).num_seconds().max(0) as f64 / 60.0
}

fn service_minutes(t: &Ticket) -> Option<f64> {
    let end = t.finished_at?;
    let start = t.started_at.or(t.called_at)?;
    Some(minutes(start, end))
}

/// The end of a Japan day, in UTC.
pub fn end_of_day(day: NaiveDate) -> DateTime<Utc> {
    (day + chrono::Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .and_utc()
        - chrono::Duration::hours(9)
}

/// The tally of `view` (one day's queue) and the cases received that day,
/// taken at `now` (waits of tickets still waiting run to `now`, or to the
/// end of a past day).
pub fn tally(view: &QueueView, cases: Option<&[CaseSummary]>, now: DateTime<Utc>) -> DailyTally {
    let now = now.min(end_of_day(view.day));
    let names: BTreeMap<&str, &str> = view
        .categories
        .iter()
        .map(|c| (c.category.as_str(), c.name.as_str()))
        .collect();
    let mut by_category: BTreeMap<&str, Vec<&Ticket>> = BTreeMap::new();
    for c in &view.categories {
        by_category.entry(c.category.as_str()).or_default();
    }
    for t in &view.tickets {
        by_category.entry(t.category.as_str()).or_default().push(t);
    }
    let categories = by_category
        .into_iter()
        .map(|(code, tickets)| {
            let waits: Vec<f64> = tickets
                .iter()
                .filter_map(|t| t.called_at.map(|c| minutes(t.created_at, c)))
                .collect();
            let services: Vec<f64> = tickets
                .iter()
                .filter(|t| t.state == TicketState::Done)
                .filter_map(|t| service_minutes(t))
                .collect();
            CategoryTally {
                category: code.to_string(),
                name: names.get(code).copied().unwrap_or(code).to_string(),
                issued: tickets.len(),
                served: count(&tickets, TicketState::Done),
                no_show: count(&tickets, TicketState::NoShow),
                open: tickets
                    .iter()
                    .filter(|t| {
                        matches!(
                            t.state,
                            TicketState::Waiting | TicketState::Called | TicketState::Serving
                        )
                    })
                    .count(),
                wait: Minutes::of(&waits),
                service: Minutes::of(&services),
            }
        })
        .collect();

    let mut by_counter: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut served_at: BTreeMap<&str, usize> = BTreeMap::new();
    for t in view.tickets.iter().filter(|t| t.state == TicketState::Done) {
        let counter = t.counter.as_deref().unwrap_or("—");
        *served_at.entry(counter).or_default() += 1;
        if let Some(m) = service_minutes(t) {
            by_counter.entry(counter).or_default().push(m);
        }
    }
    let counters = served_at
        .into_iter()
        .map(|(counter, served)| CounterTally {
            counter: counter.to_string(),
            served,
            service: Minutes::of(by_counter.get(counter).map_or(&[][..], |v| v)),
        })
        .collect();

    let mut by_hour: BTreeMap<u32, usize> = BTreeMap::new();
    let mut waits_by_hour: BTreeMap<u32, Vec<f64>> = BTreeMap::new();
    for t in &view.tickets {
        *by_hour.entry(japan_hour(t.created_at)).or_default() += 1;
        if let Some(w) = crate::service_level::wait_min(t, now) {
            waits_by_hour
                .entry(japan_hour(t.created_at))
                .or_default()
                .push(w);
        }
    }
    let targets: BTreeMap<String, crate::service_level::Target> = view
        .categories
        .iter()
        .map(|c| (c.category.clone(), c.target))
        .collect();

    let day_cases: Option<Vec<&CaseSummary>> = cases.map(|cs| {
        cs.iter()
            .filter(|c| crate::api::japan_day(c.received_at) == view.day)
            .collect()
    });
    let cases_by_event = day_cases.as_ref().map(|cs| {
        let mut m: BTreeMap<&str, usize> = BTreeMap::new();
        for c in cs {
            *m.entry(c.event.as_str()).or_default() += 1;
        }
        most_first(m)
    });
    let procedures = day_cases.as_ref().map(|cs| {
        let mut m: BTreeMap<&str, usize> = BTreeMap::new();
        for p in cs.iter().flat_map(|c| &c.confirmed) {
            *m.entry(p.as_str()).or_default() += 1;
        }
        most_first(m)
    });

    DailyTally {
        day: view.day,
        categories,
        counters,
        by_hour: by_hour.into_iter().collect(),
        cases_by_event,
        one_stop: day_cases
            .as_ref()
            .map(|cs| crate::measures::one_stop(cs.iter().copied())),
        procedures,
        processing: None,
        service: crate::service_level::levels(&view.tickets, &targets, now),
        wait_by_hour: waits_by_hour
            .into_iter()
            .map(|(h, w)| (h, w.iter().sum::<f64>() / w.len() as f64))
            .collect(),
    }
}

fn count(tickets: &[&Ticket], state: TicketState) -> usize {
    tickets.iter().filter(|t| t.state == state).count()
}

fn most_first(m: BTreeMap<&str, usize>) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = m.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

fn japan_hour(at: DateTime<Utc>) -> u32 {
    (at + chrono::Duration::hours(9)).hour()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{CaseStatus, CategoryWaiting};
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        // Japan time 2026-11-22 h:m.
        Utc.with_ymd_and_hms(2026, 11, 22, h, m, 0).unwrap() - chrono::Duration::hours(9)
    }

    fn ticket(n: &str, cat: &str, state: TicketState, times: [Option<(u32, u32)>; 4]) -> Ticket {
        let [created, called, started, finished] = times.map(|t| t.map(|(h, m)| at(h, m)));
        Ticket {
            id: n.into(),
            number: n.into(),
            category: cat.into(),
            day: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            state,
            priority: false,
            counter: called.map(|_| "3".to_string()),
            created_at: created.unwrap(),
            called_at: called,
            started_at: started,
            finished_at: finished,
            outcome: None,
            transfers: 0,
        }
    }

    fn view() -> QueueView {
        use TicketState::*;
        QueueView {
            next_offset: None,
            day: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            categories: ["A", "B"]
                .map(|c| CategoryWaiting {
                    category: c.into(),
                    name: format!("{c}の窓口"),
                    waiting: 0,
                    longest_wait_s: 0,
                    target: Default::default(),
                })
                .to_vec(),
            tickets: vec![
                ticket(
                    "A-001",
                    "A",
                    Done,
                    [Some((9, 0)), Some((9, 10)), Some((9, 11)), Some((9, 31))],
                ),
                ticket(
                    "A-002",
                    "A",
                    Done,
                    [Some((9, 5)), Some((9, 35)), None, Some((9, 45))],
                ),
                ticket(
                    "A-003",
                    "A",
                    NoShow,
                    [Some((10, 0)), Some((10, 20)), None, Some((10, 25))],
                ),
                ticket("A-004", "A", Waiting, [Some((10, 30)), None, None, None]),
            ],
        }
    }

    #[test]
    fn waits_and_service_times_per_category() {
        let t = tally(&view(), None, at(23, 0));
        let a = &t.categories[0];
        assert_eq!((a.issued, a.served, a.no_show, a.open), (4, 2, 1, 1));
        assert_eq!(a.wait.average, Some(20.0), "(10 + 30 + 20) / 3");
        assert_eq!(a.wait.longest, Some(30.0));
        assert_eq!(
            a.service.average,
            Some(15.0),
            "(20 from the start + 10 from the call) / 2"
        );
        let b = &t.categories[1];
        assert_eq!(
            (b.name.as_str(), b.issued, b.wait.average),
            ("Bの窓口", 0, None)
        );
        assert_eq!(t.by_hour, vec![(9, 2), (10, 2)]);
        assert_eq!(t.counters.len(), 1);
        assert_eq!((t.counters[0].served, t.issued(), t.served()), (2, 4, 2));
        assert_eq!(t.cases(), None, "no case list: nothing claimed");
    }

    #[test]
    fn cases_of_the_day_by_event_and_procedure() {
        let case = |id: &str, day: u32, event: &str, confirmed: &[&str]| CaseSummary {
            id: id.into(),
            status: CaseStatus::Received,
            received_at: Utc.with_ymd_and_hms(2026, 11, day, 3, 0, 0).unwrap(),
            counter: "3".into(),
            ward: "門司区".into(),
            event: event.into(),
            confirmed: confirmed.iter().map(|s| s.to_string()).collect(),
            scans: 0,
            measures: Default::default(),
        };
        let cases = [
            case("1", 22, "move_in", &["resident.move_in", "nhi.enroll"]),
            case("2", 22, "move_in", &["resident.move_in"]),
            case("3", 22, "birth", &["resident.birth"]),
            case("4", 21, "move_out", &["resident.move_out"]),
        ];
        let t = tally(&view(), Some(&cases), at(23, 0));
        assert_eq!(t.cases(), Some(3), "yesterday's case is not counted");
        assert_eq!(
            t.cases_by_event.unwrap(),
            vec![("move_in".to_string(), 2), ("birth".to_string(), 1)]
        );
        assert_eq!(
            t.procedures.unwrap()[0],
            ("resident.move_in".to_string(), 2)
        );
    }
}
