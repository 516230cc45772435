//! Update tests, screen by screen: each screen's `update` is given the
//! messages its tasks would deliver (answers, failures) and its state is
//! checked, without running the tasks. The screens hold a real backend
//! (logged in at a real hub process on loopback, a local cache in a temp dir).
// The tasks `update` returns are dropped on purpose: these tests check state.
#![allow(unused_must_use)]

#[path = "support/hub.rs"]
mod hub;
#[path = "support/ui.rs"]
mod ui;

use std::sync::Arc;
use std::time::{Duration, Instant};

use hub::{demo_db, HubProcess};
use madoguchi::api::{Ticket, TicketAction, TicketState};
use madoguchi::client::HubClient;
use madoguchi::ui::backend::{Backend, Settings};
use madoguchi::ui::live::{Live, QueueMessage};
use madoguchi::ui::{counter, floor, intake, kiosk};

struct Fixture {
    _dir: tempfile::TempDir,
    hub: HubProcess,
    backend: Arc<Backend>,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 20);
    hub::seed_household(&db);
    let hub = HubProcess::start(&db, "127.0.0.1:0");
    let backend = Backend::connect_at(
        Settings::default(),
        &hub.url,
        "clerk",
        "clerk-demo",
        &dir.path().join("cache.db"),
        &dir.path().join("print"),
    )
    .expect("backend");
    Fixture {
        _dir: dir,
        hub,
        backend: Arc::new(backend),
    }
}

fn ticket(f: &Fixture) -> Ticket {
    ui::issue(&f.hub.url, "A")
}

/// A ticket issued and called at the fixture's counter: resident data is read for it.
fn called(f: &Fixture) -> Ticket {
    let t = ticket(f);
    let c = f
        .backend
        .with_counter(|c| c.call_next(&[]))
        .expect("call")
        .expect("a ticket waits");
    assert_eq!(c.id, t.id);
    c
}

#[test]
fn counter_calls_one_ticket_at_a_time_and_says_when_nobody_waits() {
    let f = fixture();
    let (mut c, _) = counter::CounterScreen::new(f.backend.clone());

    assert!(c.update(counter::Message::CallNext).units() > 0);
    assert!(c.busy);
    assert_eq!(
        c.update(counter::Message::CallNext).units(),
        0,
        "a second press while calling does nothing"
    );
    c.update(counter::Message::Called(Ok(None)));
    assert!(!c.busy);
    assert_eq!(c.notice.as_deref(), Some("お待ちの方はいません"));

    let t = ticket(&f);
    c.update(counter::Message::Called(Ok(Some(t.clone()))));
    assert_eq!(c.current.as_ref().map(|x| &x.id), Some(&t.id));
    assert_eq!(c.notice, None);
    assert_eq!(
        c.update(counter::Message::CallNext).units(),
        0,
        "no second call while one is served"
    );
}

#[test]
fn counter_picks_up_the_ticket_it_was_serving_after_a_restart() {
    let f = fixture();
    let t = ticket(&f);
    let called = f
        .backend
        .with_counter(|c| c.call_next(&[]))
        .expect("call")
        .expect("a ticket");
    assert_eq!(called.id, t.id);
    // The window restarts: a new screen over the same counter.
    let (mut c, _) = counter::CounterScreen::new(f.backend.clone());
    assert!(c.current.is_none());
    let tickets = f.backend.with_counter(|c| c.tickets()).expect("tickets");
    c.update(counter::Message::Refreshed(Ok(tickets.clone())));
    assert_eq!(c.current.as_ref().map(|x| &x.id), Some(&t.id));

    // Another counter's call is not taken over.
    let mut other = tickets;
    for x in &mut other {
        x.counter = Some("99".into());
    }
    let (mut c, _) = counter::CounterScreen::new(f.backend.clone());
    c.update(counter::Message::Refreshed(Ok(other)));
    assert!(c.current.is_none());
}

#[test]
fn counter_closes_the_intake_when_the_ticket_ends_and_keeps_errors_visible() {
    let f = fixture();
    let (mut c, _) = counter::CounterScreen::new(f.backend.clone());
    assert!(
        c.update(counter::Message::StartIntake).units() == 0 && c.intake.is_none(),
        "no intake without a called ticket"
    );
    let mut t = ticket(&f);
    t.state = TicketState::Called;
    c.update(counter::Message::Called(Ok(Some(t.clone()))));
    c.update(counter::Message::StartIntake);
    assert!(c.intake.is_some() && c.has_open_work());

    let mut done = t.clone();
    done.state = TicketState::NoShow;
    c.draft_dirty = false;
    c.update(counter::Message::Acted(Ok(done)));
    assert!(c.current.is_none() && c.intake.is_none());
    assert!(c.draft_dirty, "the draft is removed on the next save");

    // The hub's refusal is said in the clerk's words, never as the raw English.
    c.update(counter::Message::Acted(Err(
        "hub refused (409): ticket D-001 is serving: cannot mark as no-show".into(),
    )));
    let said = c.notice.clone().unwrap_or_default();
    assert!(
        said.contains("この番号には今この操作はできません"),
        "{said}"
    );
    assert!(!said.contains("cannot") && !said.contains("hub"), "{said}");
    assert_eq!(c.notice_tone, counter::Tone::Danger);
    c.draft_dirty = false;
    c.update(counter::Message::DraftSaved(Err("disk full".into())));
    assert!(c.draft_dirty, "a failed save is tried again");
    let said = c.notice.as_deref().unwrap_or("");
    assert!(
        said.contains("下書きを保存できませんでした") && said.contains("ディスク"),
        "{said}"
    );
}

#[test]
fn intake_keeps_entries_across_steps_and_refuses_an_impossible_date() {
    let f = fixture();
    let t = called(&f);
    let number = t.number.clone();
    let mut i = intake::Intake::new(t);
    let household = f
        .backend
        .with_counter(|c| c.household("H-SEED", Some(&number)))
        .expect("household")
        .expect("the seed household");
    i.update(intake::Message::Loaded(Ok(Some(household))), &f.backend);
    assert_eq!(i.step, intake::Step::Event);

    i.update(
        intake::Message::Event(madoguchi::ui::event_step::Message::Date(
            "2026-02-30".into(),
        )),
        &f.backend,
    );
    assert!(!i.can_continue(), "Next is disabled on an impossible date");
    i.update(intake::Message::Next, &f.backend);
    assert_eq!(i.step, intake::Step::Event);
    assert!(
        i.error.as_deref().unwrap_or("").contains("2026-02-30"),
        "{:?}",
        i.error
    );

    i.update(
        intake::Message::Event(madoguchi::ui::event_step::Message::Date("R8.11.21".into())),
        &f.backend,
    );
    i.update(
        intake::Message::Event(madoguchi::ui::event_step::Message::OtherDate(
            madoguchi::events::DateAsk::PlannedMoveOut,
            "2026-11-31".into(),
        )),
        &f.backend,
    );
    assert!(
        !i.can_continue(),
        "an impossible move-out date holds Next too"
    );
    i.update(
        intake::Message::Event(madoguchi::ui::event_step::Message::Kind(
            madoguchi::model::EventKind::MoveWithin,
        )),
        &f.backend,
    );
    assert!(
        i.can_continue(),
        "the move-out date is asked for a move-in only"
    );
    i.update(
        intake::Message::Event(madoguchi::ui::event_step::Message::Kind(
            madoguchi::model::EventKind::MoveIn,
        )),
        &f.backend,
    );
    i.update(
        intake::Message::Event(madoguchi::ui::event_step::Message::OtherDate(
            madoguchi::events::DateAsk::PlannedMoveOut,
            "2026-11-20".into(),
        )),
        &f.backend,
    );
    i.update(
        intake::Message::Event(madoguchi::ui::event_step::Message::Text(
            madoguchi::events::TextAsk::FromPrefecture,
            "山口県".into(),
        )),
        &f.backend,
    );
    i.update(intake::Message::Next, &f.backend);
    assert_eq!(i.step, intake::Step::Procedures);
    let n = i.visit.confirmed.len();
    assert!(n > 0, "the counter procedures start ticked");
    let first = i.visit.confirmed[0].clone();
    i.update(
        intake::Message::Procedures(madoguchi::ui::procedures::Message::Toggle(
            first.clone(),
            false,
        )),
        &f.backend,
    );
    assert_eq!(i.visit.confirmed.len(), n - 1);

    i.update(intake::Message::Back, &f.backend);
    assert_eq!(i.entry.date, "R8.11.21");
    assert_eq!(
        i.entry.text(madoguchi::events::TextAsk::FromPrefecture),
        "山口県"
    );
    i.update(intake::Message::Back, &f.backend);
    assert_eq!(i.step, intake::Step::Find);
    assert!(
        i.visit.household.is_some(),
        "going back keeps the household"
    );
}

#[test]
fn intake_search_says_when_nothing_was_typed_or_nobody_matches() {
    let f = fixture();
    let t = called(&f);
    let number = t.number.clone();
    let mut i = intake::Intake::new(t);
    i.update(intake::Message::Query("  ".into()), &f.backend);
    i.update(intake::Message::Search, &f.backend);
    assert!(
        i.error
            .as_deref()
            .unwrap_or("")
            .contains("入力してから検索"),
        "{:?}",
        i.error
    );

    let found = f
        .backend
        .with_counter(|c| {
            c.search(&madoguchi::api::ResidentQuery {
                ticket: Some(number.clone()),
                ..madoguchi::client::search_text::parse("モジ S61.7.14")
            })
        })
        .expect("search");
    i.update(intake::Message::Query("モジ S61.7.14".into()), &f.backend);
    i.update(intake::Message::Found(Ok(found)), &f.backend);
    assert_eq!(i.hits.len(), 1);
    assert_eq!(i.no_match, None);

    // The answer the hub gives for a kana nobody has: the hits go, and the query is named.
    let none = f
        .backend
        .with_counter(|c| {
            c.search(&madoguchi::api::ResidentQuery {
                ticket: Some(number.clone()),
                ..madoguchi::client::search_text::parse("ヴヴヴ")
            })
        })
        .expect("search");
    i.update(intake::Message::Query(" ヴヴヴ ".into()), &f.backend);
    i.update(intake::Message::Found(Ok(none)), &f.backend);
    assert!(i.hits.is_empty());
    assert_eq!(i.no_match.as_deref(), Some("ヴヴヴ"));
}

#[test]
fn intake_for_a_new_household_sends_no_registry_id() {
    let f = fixture();
    let mut i = intake::Intake::new(ticket(&f));
    i.update(intake::Message::EnterNew, &f.backend);
    use madoguchi::ui::new_household::Message as N;
    for m in [
        N::Postal("8040001".into()),
        N::Name(0, "戸畑 一郎".into()),
        N::Kana(0, "とばた いちろう".into()),
        N::Birth(0, "1970-01-02".into()),
        N::Use,
    ] {
        i.update(intake::Message::New(m), &f.backend);
    }
    assert_eq!(i.error, None);
    let h = i.visit.household.clone().expect("the household entered");
    assert!(intake::is_new(&h));
    assert_eq!(h.household.ward, "戸畑区");
    i.update(intake::Message::Next, &f.backend);
    i.update(intake::Message::Next, &f.backend);
    // Nothing printed: finishing asks first, and hands nothing over until answered.
    use madoguchi::ui::printing::Message as P;
    assert!(matches!(
        i.update(intake::Message::Print(P::Finish), &f.backend),
        intake::Action::None
    ));
    assert!(i.print.asking_finish, "finishing unprinted asks");
    i.update(intake::Message::Print(P::KeepOpen), &f.backend);
    assert!(!i.print.asking_finish);
    i.update(intake::Message::Print(P::Finish), &f.backend);
    let intake::Action::Finished(case) =
        i.update(intake::Message::Print(P::FinishWithoutPrint), &f.backend)
    else {
        panic!("finish hands the case over");
    };
    assert!(case.forms_printed.is_empty(), "nothing was printed");
    assert_eq!(case.household_id, None, "not a registry household");
    assert_eq!(case.request.household.members[0].kana, "トバタ　イチロウ");

    // Cancelling the form asks (entries were typed), then forgets the household.
    i.update(
        intake::Message::New(madoguchi::ui::new_household::Message::Cancel),
        &f.backend,
    );
    assert!(
        i.visit.household.is_some() && i.new_household.as_ref().is_some_and(|n| n.asking_cancel),
        "one click does not drop the entries"
    );
    i.update(
        intake::Message::New(madoguchi::ui::new_household::Message::ConfirmCancel),
        &f.backend,
    );
    assert!(i.visit.household.is_none() && i.new_household.is_none());
}

#[test]
fn kiosk_asks_for_categories_until_the_hub_answers_and_clears_the_number() {
    let f = fixture();
    let (mut k, _) = kiosk::Kiosk::new(f.backend.clone());
    assert_eq!(k.categories.len(), kiosk::FALLBACK_CATEGORIES.len());
    assert!(k.update(kiosk::Message::Refresh).units() > 0);
    k.update(kiosk::Message::Loaded(Err("offline".into())));
    assert!(!k.categories_from_hub, "offline: the fallback list stays");
    let view = f.backend.hub.queue().expect("queue");
    k.update(kiosk::Message::Loaded(Ok(view)));
    assert!(k.categories_from_hub);
    assert_eq!(
        k.update(kiosk::Message::Refresh).units(),
        0,
        "no more asking once the hub answered"
    );

    assert!(k.update(kiosk::Message::Issue("A".into())).units() > 0);
    assert_eq!(
        k.update(kiosk::Message::Issue("A".into())).units(),
        0,
        "a double press issues one ticket"
    );
    k.update(kiosk::Message::Issued(Ok(kiosk::Issued {
        number: "A-009".into(),
        category_name: "転入・転出".into(),
        waiting_before: 2,
        at: Instant::now() - kiosk::SHOW_ISSUED - Duration::from_secs(1),
    })));
    assert!(!k.busy && k.issued.is_some());
    k.update(kiosk::Message::Refresh);
    assert!(
        k.issued.is_none(),
        "the number leaves the screen after a while"
    );
    k.update(kiosk::Message::Issued(Err("printer jammed".into())));
    assert_eq!(k.error.as_deref(), Some("printer jammed"));
}

#[test]
fn floor_board_follows_the_stream_and_shows_what_went_wrong() {
    let f = fixture();
    let (mut b, _) = floor::Floor::new(f.backend.clone());
    assert!(
        b.update(floor::Message::Queue(QueueMessage::Live(Live::Changed)))
            .units()
            > 0
    );
    assert!(b.queue.live);
    b.update(floor::Message::Queue(QueueMessage::Live(
        Live::Disconnected,
    )));
    assert!(!b.queue.live, "polling takes over");
    let view = f.backend.hub.queue().expect("queue");
    b.update(floor::Message::Queue(QueueMessage::Loaded(Ok(view))));
    assert!(b.queue.view.is_some() && b.queue.error.is_none());
    b.update(floor::Message::Done(Err("hub refused (403)".into())));
    assert_eq!(b.queue.error.as_deref(), Some("hub refused (403)"));
    b.update(floor::Message::Queue(QueueMessage::Loaded(Err(
        "gone".into()
    ))));
    assert!(b.queue.view.is_some(), "the last board stays on screen");
}

#[test]
fn the_hub_numbers_a_transfer_into_the_new_category() {
    // The counter's transfer buttons send this action; check what it does at the hub.
    let f = fixture();
    let t = ticket(&f);
    // The clerk of the counter that called it (a session serves one counter).
    let counter = f.backend.settings.counter_id.clone();
    let clerk =
        HubClient::for_counter(&f.hub.url, "clerk", "clerk-demo", &counter).expect("client");
    let called = clerk
        .call_next(
            &madoguchi::api::CallNext {
                counter,
                categories: vec![],
            },
            None,
        )
        .expect("call")
        .expect("a ticket");
    assert_eq!(called.id, t.id);
    let moved = clerk
        .act(
            &t.id,
            &madoguchi::api::TicketActionRequest {
                action: TicketAction::Transfer {
                    category: Some("B".into()),
                    counter: None,
                },
                at: None,
            },
            None,
        )
        .expect("transfer");
    assert_eq!(moved.category, "B");
    assert_eq!(moved.state, TicketState::Waiting);
}

#[test]
fn a_search_that_finds_more_than_it_shows_says_so() {
    let f = fixture();
    let mut i = intake::Intake::new(called(&f));
    let hit = |n: usize| madoguchi::api::ResidentHit {
        household_id: format!("H{n}"),
        member_id: "m".into(),
        name: format!("北九 {n}"),
        kana: "キタキュウ".into(),
        birth_date: chrono::NaiveDate::from_ymd_opt(1980, 1, 1).unwrap(),
        ward: "門司区".into(),
        address: String::new(),
        relation: "head".into(),
        head: format!("北九 {n}"),
    };
    let many: Vec<_> = (0..=intake::HITS_SHOWN).map(hit).collect();
    i.update(intake::Message::Found(Ok((many, false))), &f.backend);
    assert!(i.more_hits, "the search found more than it shows");
    assert_eq!(i.hits.len(), intake::HITS_SHOWN);
    let few: Vec<_> = (0..3).map(hit).collect();
    i.update(intake::Message::Found(Ok((few, false))), &f.backend);
    assert!(!i.more_hits);
}
