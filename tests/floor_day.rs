//! A simulated morning at a ward office over a real hub: arrivals and service
//! times from a seeded generator, a fake clock (the hub and the window read
//! the time from one file), three counters, two of which pause for a meeting
//! so the line backs up. The floor board (iced_test Simulator) shows no
//! alert before, and the alert once a ticket passes its target; the
//! supervisor's tally then equals the service level, wait buckets and
//! one-counter share computed here, independently, from what the test did.

#[path = "support/hub.rs"]
mod hub;
#[path = "support/ui.rs"]
mod ui;

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, TimeZone, Utc};
use madoguchi::api::{
    CallNext, CaseSubmission, CaseTimings, CounterMode, Ticket, TicketAction, TicketActionRequest,
};
use madoguchi::catalog::Mode;
use madoguchi::client::HubClient;
use madoguchi::service_level::Target;
use madoguchi::ui::{floor, live, Message};

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() % 10_000) as f64 / 10_000.0 < p
    }
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }
}

/// What the test itself knows of a ticket.
struct Known {
    category: String,
    created: DateTime<Utc>,
    called: Option<DateTime<Utc>>,
}

struct Desk {
    client: HubClient,
    name: String,
    serving: Option<(Ticket, DateTime<Utc>)>,
}

/// The one-counter share the test expects of a case it sent: needed =
/// confirmed; at the counter = a counter procedure whose form was printed
/// (or that has none).
fn expected_share(case: &CaseSubmission) -> (usize, usize) {
    let mut needed = 0;
    let mut at = 0;
    for p in &case.determination.procedures {
        if !case.confirmed.contains(&p.id) {
            continue;
        }
        needed += 1;
        let printed = p
            .form
            .as_ref()
            .map(|f| case.forms_printed.contains(f))
            .unwrap_or(true);
        if p.mode == Mode::Counter && printed {
            at += 1;
        }
    }
    (needed, at)
}

fn refresh(d: &mut ui::Driver) {
    d.send(Message::Floor(floor::Message::Queue(
        live::QueueMessage::Refresh,
    )));
    d.send(Message::Floor(floor::Message::Tick));
}

#[test]
fn a_simulated_morning_alerts_the_floor_and_tallies_what_happened() {
    let _one_at_a_time = ui::serial();
    let dir = tempfile::tempdir().expect("tempdir");
    // Today (Japan) at 08:30, whatever the machine's time.
    let today = madoguchi::api::japan_day(Utc::now());
    let open = Utc
        .from_local_datetime(&today.and_hms_opt(8, 30, 0).expect("08:30"))
        .single()
        .expect("time")
        - Duration::hours(9);
    let clock = dir.path().join("clock");
    madoguchi::clock::write(&clock, open).expect("clock");
    std::env::set_var(madoguchi::clock::CLOCK_FILE, &clock);
    assert_eq!(
        madoguchi::clock::now(),
        open,
        "the test's clock is the file"
    );

    let db = hub::demo_db(dir.path(), 20);
    let hub = hub::HubProcess::start(&db, "127.0.0.1:0");
    ui::home_for(dir.path(), &hub.url);
    let floor_client = HubClient::new(&hub.url, "floor", "floor-demo").expect("floor");
    let supervisor = HubClient::new(&hub.url, "supervisor", "supervisor-demo").expect("sup");
    // The supervisor holds B to a stricter target.
    let b_target = Target {
        minutes: 15,
        percent: 90,
    };
    supervisor.set_target("B", b_target).expect("target");
    assert!(
        floor_client.set_target("B", Target::default()).is_err(),
        "a floor manager may not change a target"
    );
    let mut desks: Vec<Desk> = ["1", "2", "3"]
        .iter()
        .map(|c| Desk {
            client: HubClient::for_counter(&hub.url, "clerk", "clerk-demo", c).expect("clerk"),
            name: c.to_string(),
            serving: None,
        })
        .collect();

    let request = hub::seed_request();
    let (texts, catalogs) = madoguchi::load_rules(None).expect("rules");
    let catalog = catalogs.in_effect(request.as_of).expect("catalog");
    let determination = madoguchi::determine(&request, catalog, &texts, "ja");

    let mut rng = Rng(0x5eed_2026_1130);
    let mut known: BTreeMap<String, Known> = BTreeMap::new();
    let mut cases: Vec<CaseSubmission> = Vec::new();
    let mut driver: Option<ui::Driver> = None;
    let mut alert_seen_at: Option<i64> = None;
    let minutes = 150;
    for m in 0..=minutes {
        let now = open + Duration::minutes(m);
        madoguchi::clock::write(&clock, now).expect("clock");
        // Counters 2 and 3 leave for a meeting from 09:30 to 10:10.
        if m == 60 {
            for d in &desks[1..] {
                d.client
                    .set_counter(&d.name, CounterMode::Paused, Some("meeting"))
                    .expect("pause");
            }
        }
        if m == 100 {
            for d in &desks[1..] {
                d.client
                    .set_counter(&d.name, CounterMode::Open, None)
                    .expect("resume");
            }
        }
        // Arrivals.
        for (category, p) in [("A", 0.2), ("B", 0.13)] {
            if rng.chance(p) {
                let t = floor_client
                    .issue(&hub::walk_in(category), None)
                    .expect("issue");
                assert_eq!(t.created_at, now, "the hub goes by the simulated clock");
                known.insert(
                    t.id.clone(),
                    Known {
                        category: category.into(),
                        created: now,
                        called: None,
                    },
                );
            }
        }
        // The counters.
        for desk in desks.iter_mut() {
            if let Some((t, until)) = &desk.serving {
                if now >= *until {
                    let id = t.id.clone();
                    desk.client
                        .act(
                            &id,
                            &TicketActionRequest {
                                action: TicketAction::Finish {
                                    outcome: "done".into(),
                                },
                                at: None,
                            },
                            None,
                        )
                        .expect("finish");
                    if t.category == "A" {
                        // A move-in: some procedures confirmed, some printed.
                        let confirmed: Vec<String> = determination
                            .procedures
                            .iter()
                            .filter(|_| rng.chance(0.8))
                            .map(|p| p.id.clone())
                            .collect();
                        let forms_printed: Vec<String> = determination
                            .procedures
                            .iter()
                            .filter(|p| confirmed.contains(&p.id))
                            .filter_map(|p| p.form.clone())
                            .filter(|_| rng.chance(0.85))
                            .collect();
                        let case = CaseSubmission {
                            id: format!("sim-{}", t.number),
                            ticket_id: Some(id.clone()),
                            household_id: None,
                            counter: desk.name.clone(),
                            request: request.clone(),
                            determination: determination.clone(),
                            confirmed,
                            forms_printed,
                            timings: CaseTimings {
                                called_at: t.called_at,
                                started_at: t.called_at,
                                printed_at: None,
                                finished_at: Some(now),
                            },
                            revision: 0,
                        };
                        desk.client.submit_case(&case).expect("case");
                        cases.push(case);
                    }
                    desk.serving = None;
                }
            }
            if desk.serving.is_some() {
                continue;
            }
            let called = desk.client.call_next(
                &CallNext {
                    counter: desk.name.clone(),
                    categories: vec![],
                },
                None,
            );
            let paused = (60..100).contains(&m) && desk.name != "1";
            match called {
                Err(e) => {
                    assert!(paused, "minute {m}: counter {} {e}", desk.name);
                    assert!(e.to_string().contains("paused"), "{e}");
                }
                Ok(None) => assert!(!paused, "a paused counter cannot call"),
                Ok(Some(t)) => {
                    assert!(!paused, "a paused counter cannot call");
                    known.get_mut(&t.id).expect("known").called = Some(now);
                    let service = rng.between(3, 10);
                    desk.serving = Some((t, now + Duration::minutes(service)));
                }
            }
        }

        // The floor board, from before the meeting.
        let past: Vec<&Known> = known
            .values()
            .filter(|k| k.called.is_none())
            .filter(|k| {
                let target = if k.category == "B" { 15 } else { 20 };
                now - k.created > Duration::minutes(target)
            })
            .collect();
        if m == 45 {
            assert!(past.is_empty(), "the morning starts calm");
            let mut d = ui::Driver::boot();
            d.type_into("user", "floor", false);
            d.type_into("password", "floor-demo", true);
            d.expect_shown(
                "目標を超えそうな方はいません",
                "no alert before the meeting",
            );
            assert!(!d.shows("目標超過"), "{:?}", d.texts());
            driver = Some(d);
        }
        if let Some(d) = driver
            .as_mut()
            .filter(|_| m > 45 && alert_seen_at.is_none())
        {
            refresh(d);
            if d.shows("目標超過") {
                assert!(
                    !past.is_empty(),
                    "minute {m}: an alert with no ticket past its target: {:?}",
                    d.texts()
                );
                alert_seen_at = Some(m);
                // The longest waiting past its own target is named first
                // (any of them when several waited as long); acknowledged, it goes.
                let longest = past.iter().map(|k| k.created).min().expect("past");
                let view = floor_client.queue().expect("queue");
                let expected: Vec<String> = known
                    .iter()
                    .filter(|(_, k)| k.called.is_none() && k.created == longest)
                    .filter(|(_, k)| {
                        let target = if k.category == "B" { 15 } else { 20 };
                        now - k.created > Duration::minutes(target)
                    })
                    .filter_map(|(id, _)| view.tickets.iter().find(|t| t.id == *id))
                    .map(|t| t.number.clone())
                    .collect();
                let texts = d.texts();
                let first = texts
                    .iter()
                    .position(|t| t == "目標超過")
                    .and_then(|i| texts.get(i + 1))
                    .expect("the first alert's line");
                assert!(
                    expected.iter().any(|n| first.starts_with(n.as_str())),
                    "the first alert names one of {expected:?}: {first}"
                );
                let shot = d.screenshot(dir.path(), "floor-alert");
                let (w, h) = shot.dimensions();
                assert!(w >= 1280 && h >= 800);
                if std::env::var_os("MADOGUCHI_SCREENS").is_some() {
                    shot.save("docs/screens/floor-alert.png").expect("save");
                }
                // Counters 2 and 3 show as paused for the meeting.
                assert!(d.shows("休止：打合せ"), "{:?}", d.texts());
                let before = d.texts().iter().filter(|t| t.contains("目標超過")).count();
                d.click("確認");
                let after = d.texts().iter().filter(|t| t.contains("目標超過")).count();
                assert!(after < before, "acknowledged: {before} → {after}");
            } else {
                assert!(
                    past.is_empty(),
                    "minute {m}: {} past the target and no alert shown: {:?}",
                    past.len(),
                    d.texts()
                );
            }
        }
    }
    let seen = alert_seen_at.expect("the board showed the alert during the meeting");
    assert!((60..100).contains(&seen), "alert at minute {seen}");

    // The tally the supervisor prints, against the test's own arithmetic.
    let end = open + Duration::minutes(minutes);
    let tally = supervisor.daily_tally(None).expect("tally");
    for (category, target) in [("A", Target::default()), ("B", b_target)] {
        let level = tally
            .service
            .iter()
            .find(|l| l.category == category)
            .expect("level");
        assert_eq!(level.target, target);
        let (mut called, mut within, mut past, mut buckets) = (0, 0, 0, [0usize; 4]);
        for k in known.values().filter(|k| k.category == category) {
            let wait = (k.called.unwrap_or(end) - k.created).num_minutes();
            buckets[match wait {
                w if w < 10 => 0,
                w if w < 20 => 1,
                w if w < 30 => 2,
                _ => 3,
            }] += 1;
            match k.called {
                Some(_) => {
                    called += 1;
                    if wait <= i64::from(target.minutes) {
                        within += 1;
                    }
                }
                None if wait > i64::from(target.minutes) => past += 1,
                None => {}
            }
        }
        assert_eq!(
            (
                level.called,
                level.within,
                level.waiting_past,
                level.buckets
            ),
            (called, within, past, buckets),
            "category {category}"
        );
        let share = within as f64 / (called + past) as f64;
        assert!((level.share().expect("share") - share).abs() < 1e-9);
        eprintln!(
            "category {category}: SL {:.1}% ({within}/{}), buckets {buckets:?}",
            share * 100.0,
            called + past
        );
    }
    assert!(
        tally
            .service
            .iter()
            .any(|l| l.waiting_past + l.called > l.within),
        "the meeting cost some tickets their target"
    );
    let one_stop = tally.one_stop.expect("a supervisor's tally has the cases");
    let (needed, at) = cases
        .iter()
        .map(expected_share)
        .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    assert!(cases.len() >= 5, "{} cases", cases.len());
    assert_eq!(
        (one_stop.total.needed, one_stop.total.at_counter),
        (needed, at)
    );
    assert!(at < needed, "some procedures were referred");
    let move_in = &one_stop.events[0];
    assert_eq!(
        (move_in.event.as_str(), move_in.visits),
        ("move_in", cases.len())
    );
    eprintln!(
        "one-counter share {at}/{needed} over {} move-ins; alert at minute {seen}",
        cases.len()
    );
    // The supervisor's screen: the day's one-counter share as computed
    // here; a click raises A's target by five minutes.
    drop(driver);
    let mut d = ui::Driver::boot();
    d.type_into("user", "supervisor", false);
    d.type_into("password", "supervisor-demo", true);
    refresh(&mut d);
    let said = format!(
        "窓口完結率 {:.0}%（{at} / {needed} 件）",
        at as f64 / needed as f64 * 100.0
    );
    d.expect_shown(&said, "the one-counter share on the supervisor's screen");
    if std::env::var_os("MADOGUCHI_SCREENS").is_some() {
        d.screenshot(dir.path(), "supervisor")
            .save("docs/screens/floor-supervisor.png")
            .expect("save");
    }
    d.click("+5分");
    let a = supervisor
        .categories()
        .expect("categories")
        .into_iter()
        .find(|c| c.code == "A")
        .expect("A");
    assert_eq!(
        a.target.minutes, 25,
        "the supervisor's click set A's target"
    );

    // The counters' minutes: counter 2 paused 40 min for the meeting.
    let log = supervisor.counter_log(None).expect("log");
    let view = supervisor.queue().expect("queue");
    let now = madoguchi::service_level::counters::counters(&log, &view.tickets, end);
    let two = now.iter().find(|c| c.counter == "2").expect("counter 2");
    assert!((two.paused_by["meeting"] - 40.0).abs() < 0.5, "{two:?}");
}
