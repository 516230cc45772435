//! The counter screens' logic against a real hub process on loopback: the
//! intake of the seed move-in household from the called ticket to the case,
//! going back without losing entries, and pulling the hub away mid-intake
//! (offline indicator, pending count; the case arrives when the hub returns).

#[path = "support/hub.rs"]
mod hub;

use std::sync::Arc;
use std::time::Duration;

use hub::{demo_db, seed_household, wait_until, HubProcess};
use madoguchi::api::*;
use madoguchi::client::HubClient;
use madoguchi::model::EventKind;
use madoguchi::ui::backend::{Backend, Settings};
use madoguchi::ui::intake::{Action, Intake, Message, Step};

fn run(intake: &mut Intake, m: Message, b: &Arc<Backend>) -> Action {
    intake.update(m, b)
}

#[test]
fn seed_move_in_from_the_called_ticket_to_the_case_with_the_hub_pulled_away() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::env::set_var(madoguchi::paths::HOME_ENV, dir.path().join("home"));
    let db = demo_db(dir.path(), 100);
    let seed = seed_household(&db);
    let mut hub = HubProcess::start(&db, "127.0.0.1:0");
    let port = hub.port();
    let settings = Settings {
        counter_id: "3".into(),
        counter_prefix: "K3".into(),
        ..Settings::default()
    };
    let backend =
        Arc::new(Backend::connect(settings, &hub.url, "clerk", "clerk-demo").expect("log in"));

    // The kiosk issues a ticket; the clerk calls it.
    let kiosk = HubClient::new(&hub.url, "clerk", "clerk-demo").expect("client");
    kiosk.issue(&hub::walk_in("A"), None).expect("ticket");
    let ticket = backend
        .with_counter(|c| c.call_next(&[]))
        .expect("call")
        .expect("someone waits");
    assert_eq!(
        (ticket.state, ticket.counter.as_deref()),
        (TicketState::Called, Some("3"))
    );

    // Find: search by kana (through the hub, audited), then pick the household.
    let mut intake = Intake::new(ticket.clone());
    assert!(!intake.can_continue(), "no household yet");
    let hits = backend
        .with_counter(|c| {
            c.search(&ResidentQuery {
                kana: Some("もじ".into()),
                ticket: Some(ticket.number.clone()),
                ..Default::default()
            })
        })
        .expect("search");
    assert!(
        hits.0.iter().any(|h| h.household_id == "H-SEED"),
        "{:?}",
        hits.0
    );
    let household = backend
        .with_counter(|c| c.household("H-SEED", Some(&ticket.number)))
        .expect("household");
    assert!(matches!(
        run(&mut intake, Message::Loaded(Ok(household)), &backend),
        Action::None
    ));
    assert_eq!(intake.step, Step::Event);

    // Event: move-in with its dates; a bad date keeps the clerk on the step with a message.
    run(
        &mut intake,
        Message::Event(madoguchi::ui::event_step::Message::Kind(EventKind::MoveIn)),
        &backend,
    );
    run(
        &mut intake,
        Message::Event(madoguchi::ui::event_step::Message::Date(
            "2026-02-30".into(),
        )),
        &backend,
    );
    assert!(!intake.can_continue());
    run(
        &mut intake,
        Message::Event(madoguchi::ui::event_step::Message::Date(
            "2026-11-21".into(),
        )),
        &backend,
    );
    run(
        &mut intake,
        Message::Event(madoguchi::ui::event_step::Message::OtherDate(
            madoguchi::events::DateAsk::PlannedMoveOut,
            "2026-11-20".into(),
        )),
        &backend,
    );
    run(
        &mut intake,
        Message::Event(madoguchi::ui::event_step::Message::Text(
            madoguchi::events::TextAsk::FromPrefecture,
            "山口県".into(),
        )),
        &backend,
    );
    // The certificate's former address and a 住民票コード (typed full-width, with a
    // hyphen); a code of the wrong length holds Next and says why.
    use madoguchi::ui::event_step::Message as E;
    run(
        &mut intake,
        Message::Event(E::Text(
            madoguchi::events::TextAsk::PreviousAddress,
            "山口県下関市竹崎町1丁目2番3号".into(),
        )),
        &backend,
    );
    run(
        &mut intake,
        Message::Event(E::ResidentCode("m1".into(), "1234".into())),
        &backend,
    );
    assert!(!intake.can_continue(), "a short 住民票コード holds Next");
    run(
        &mut intake,
        Message::Event(E::ResidentCode(
            "m1".into(),
            "１２３４５-６７８９０１".into(),
        )),
        &backend,
    );
    run(&mut intake, Message::Next, &backend);
    assert_eq!(intake.step, Step::Procedures, "{:?}", intake.error);
    let request = intake.visit.request.clone().expect("request");
    assert_eq!(
        request
            .household
            .member("m1")
            .and_then(|m| m.resident_code.clone())
            .as_deref(),
        Some("12345678901")
    );
    assert_eq!(
        request.event.previous_address.as_deref(),
        Some("山口県下関市竹崎町1丁目2番3号")
    );
    let d = intake.visit.determination.clone().expect("determination");
    for id in [
        "resident.move_in",
        "nhi.enroll",
        "child_medical.apply",
        "ltc.enroll",
    ] {
        assert!(
            intake.visit.confirmed.contains(&id.to_string()),
            "{id} ticked by default"
        );
    }
    assert!(
        !intake
            .visit
            .confirmed
            .contains(&"seal.register".to_string()),
        "optional ones are the resident's choice"
    );
    assert!(d.procedures.iter().any(|p| p.id == "seal.register"));

    // Back keeps the entries.
    run(&mut intake, Message::Back, &backend);
    assert_eq!(
        (
            intake.step,
            intake.entry.date.as_str(),
            intake
                .entry
                .text(madoguchi::events::TextAsk::FromPrefecture)
        ),
        (Step::Event, "2026-11-21", "山口県")
    );
    run(&mut intake, Message::Next, &backend);
    run(
        &mut intake,
        Message::Procedures(madoguchi::ui::procedures::Message::Toggle(
            "seal.register".into(),
            true,
        )),
        &backend,
    );
    run(&mut intake, Message::Next, &backend);
    assert_eq!(intake.step, Step::Print);

    // Pull the hub away: the counter keeps working and says so.
    hub.kill();
    assert!(
        wait_until(Duration::from_secs(15), || !backend.status().online),
        "offline shown"
    );
    let Action::Run(_print) = run(
        &mut intake,
        Message::Print(madoguchi::ui::printing::Message::Print),
        &backend,
    ) else {
        panic!("printing runs in the background")
    };
    // What the background print does, done here: the real batch, offline.
    let mut visit = intake.visit.clone();
    let pdf = dir.path().join("batch.pdf");
    let never = std::sync::atomic::AtomicBool::new(false);
    let out = madoguchi::visit::printing::Output {
        path: &pdf,
        printer: None,
        cancel: &never,
        now: chrono::Utc::now(),
    };
    let printed = visit
        .print(&backend.rules(), &out, &mut |_| {})
        .expect("printed offline")
        .clone();
    assert!(printed.pages > 3 && pdf.is_file(), "{printed:?}");
    run(&mut intake, Message::Printed(Some(printed), None), &backend);
    let Action::Finished(case) = run(
        &mut intake,
        Message::Print(madoguchi::ui::printing::Message::Finish),
        &backend,
    ) else {
        panic!("finish hands the case over")
    };
    assert_eq!(
        case.id,
        format!("{}-{}", ticket.day.format("%Y%m%d"), ticket.number)
    );
    assert!(case.confirmed.contains(&"seal.register".to_string()));
    assert!(case.forms_printed.contains(&"nhi_enrollment".to_string()));
    assert!(
        case.timings.printed_at.is_some() && case.timings.finished_at >= case.timings.printed_at
    );
    backend
        .with_counter(|c| c.submit_case(&case))
        .expect("queued locally");
    backend
        .with_counter(|c| {
            c.act(
                &ticket.id,
                TicketAction::Finish {
                    outcome: "move_in".into(),
                },
            )
        })
        .expect("finished locally");
    assert!(
        wait_until(Duration::from_secs(5), || backend.status().pending >= 2),
        "pending changes counted: {:?}",
        backend.status()
    );

    // The hub returns: the case and the finished ticket arrive by themselves.
    let _hub = HubProcess::start(&db, &format!("127.0.0.1:{port}"));
    assert!(
        wait_until(Duration::from_secs(30), || backend.status().pending == 0
            && backend.status().online),
        "{:?}",
        backend.status()
    );
    let back_office = HubClient::new(
        &format!("http://127.0.0.1:{port}"),
        "backoffice",
        "backoffice-demo",
    )
    .expect("client");
    let inbox = back_office.inbox(None).expect("inbox");
    assert!(
        inbox
            .iter()
            .any(|c| c.id == case.id && c.event == "move_in"),
        "{inbox:?}"
    );
    let served = kiosk
        .queue()
        .expect("queue")
        .tickets
        .into_iter()
        .find(|t| t.id == ticket.id)
        .expect("ticket");
    assert_eq!(served.state, TicketState::Done);
    let _ = seed;
}
