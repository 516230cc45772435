//! The hub under attack and faults, over real HTTP on loopback with a real
//! SQLite file: each finding of the attack review (issue 12) reproduced, and
//! now answered.

#[path = "support/hub.rs"]
mod hub;
#[path = "support/raw.rs"]
mod raw;

use std::time::Duration;

use madoguchi::api::*;
use madoguchi::client::{ClientError, HubClient};
use raw::{call, start, ticket_json, token};
use serde_json::json;

#[test]
fn a_date_at_the_end_of_time_is_refused_and_every_write_goes_on() {
    let (_dir, hub) = start();
    let u = |p: &str| format!("{}{p}", hub.url);
    let clerk = token(&hub, "clerk", Some("1"));
    let far = json!({ "category": "A", "created_at": "+262142-12-31T23:59:59Z" });
    let (status, v) = call(
        "POST",
        &u("/api/tickets"),
        Some(&clerk),
        Some(far.clone()),
        &[],
    );
    assert_eq!(status, 400, "{v}");
    assert!(
        v["error"]
            .as_str()
            .expect("error")
            .starts_with("created_at"),
        "{v}"
    );
    // The same through the batch: answered in place, the batch goes on.
    let (status, v) = call(
        "POST",
        &u("/api/batch"),
        Some(&clerk),
        Some(json!({ "ops": [
            { "key": "far", "method": "POST", "path": "/api/tickets", "body": far },
            { "key": "1970", "method": "POST", "path": "/api/tickets",
              "body": { "category": "A", "created_at": "1970-01-01T00:00:00Z" } },
            { "key": "next", "method": "POST", "path": "/api/tickets", "body": ticket_json("A") },
        ]})),
        &[],
    );
    assert_eq!(status, 200, "{v}");
    let statuses: Vec<u64> = v["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["status"].as_u64().expect("status"))
        .collect();
    assert_eq!(statuses, [400, 400, 201], "{v}");
    // Writes, logins and audited reads all still work; /health says so.
    let (status, _) = call(
        "POST",
        &u("/api/tickets"),
        Some(&clerk),
        Some(ticket_json("B")),
        &[],
    );
    assert_eq!(status, 201);
    token(&hub, "supervisor", None);
    let (status, v) = call("GET", &u("/health"), None, None, &[]);
    assert_eq!((status, v["status"].as_str()), (200, Some("ok")));
}

#[test]
fn health_reports_a_hub_that_cannot_write() {
    let (_dir, hub) = start();
    let (status, _) = call("GET", &format!("{}/health", hub.url), None, None, &[]);
    assert_eq!(status, 200);
    // Another process holds the database's write lock: the writer cannot
    // write (SQLite's file lock; on PostgreSQL the writers' advisory lock).
    type Step = Box<dyn Fn()>;
    let (lock, unlock): (Step, Step) = match hub::pg_base() {
        Some(_) => {
            use madoguchi::hub::db::sql::Sql;
            let c = std::rc::Rc::new(
                madoguchi::hub::postgres::PgConn::connect(&hub::db_arg(&hub.db)).expect("connect"),
            );
            let c2 = c.clone();
            (
                Box::new(move || {
                    c.batch("SELECT pg_advisory_lock(120265064251394)")
                        .expect("lock")
                }),
                Box::new(move || {
                    c2.batch("SELECT pg_advisory_unlock(120265064251394)")
                        .expect("unlock")
                }),
            )
        }
        None => {
            let c = std::rc::Rc::new(rusqlite::Connection::open(&hub.db).expect("open"));
            let c2 = c.clone();
            (
                Box::new(move || c.execute_batch("BEGIN EXCLUSIVE").expect("lock")),
                Box::new(move || c2.execute_batch("ROLLBACK").expect("unlock")),
            )
        }
    };
    lock();
    let (status, v) = call("GET", &format!("{}/health", hub.url), None, None, &[]);
    assert_eq!(status, 503, "{v}");
    assert_ne!(v["status"], "ok");
    unlock();
    assert!(hub::wait_until(Duration::from_secs(15), || {
        call("GET", &format!("{}/health", hub.url), None, None, &[]).0 == 200
    }));
}

#[test]
fn every_read_of_a_case_is_audited_and_a_clerk_reads_only_its_own() {
    let (_dir, hub) = start();
    let clerk = HubClient::for_counter(&hub.url, "clerk", "clerk-demo", "3").expect("client");
    hub::submit_seed_case(&clerk, "20261130-A-009", None);
    let other = token(&hub, "clerk2", Some("4"));
    let (status, v) = call(
        "GET",
        &format!("{}/api/cases/20261130-A-009", hub.url),
        Some(&other),
        None,
        &[],
    );
    assert_eq!(status, 404, "another clerk's case: {v}");
    let back = token(&hub, "backoffice", None);
    let (status, v) = call(
        "GET",
        &format!("{}/api/cases/20261130-A-009", hub.url),
        Some(&back),
        None,
        &[],
    );
    assert_eq!(status, 200);
    assert_eq!(
        v["case"]["request"]["household"]["members"][0]["name"],
        "門司 健一"
    );
    let supervisor = HubClient::new(&hub.url, "supervisor", "supervisor-demo").expect("client");
    let log = supervisor.audit(20).expect("audit");
    let read = log
        .iter()
        .find(|e| e.action == "read case")
        .expect("the read is audited");
    assert_eq!(
        (read.user.as_str(), read.case_id.as_deref()),
        ("backoffice", Some("20261130-A-009"))
    );
}

#[test]
fn a_search_audits_every_household_it_shows_and_checks_its_ticket() {
    let (_dir, hub) = start();
    let clerk = HubClient::for_counter(&hub.url, "clerk", "clerk-demo", "3").expect("client");
    let t = clerk.issue(&hub::walk_in("A"), None).expect("ticket");
    let bogus = clerk.search(&ResidentQuery {
        kana: Some("タ".into()),
        ticket: Some("anything at all".into()),
        ..Default::default()
    });
    assert!(
        matches!(bogus, Err(ClientError::Rejected { status: 400, .. })),
        "{bogus:?}"
    );
    let waiting = clerk.search(&ResidentQuery {
        kana: Some("タ".into()),
        ticket: Some(t.number.clone()),
        ..Default::default()
    });
    assert!(
        matches!(waiting, Err(ClientError::Rejected { status: 400, .. })),
        "a ticket not called"
    );
    let called = clerk
        .call_next(
            &CallNext {
                counter: "3".into(),
                categories: vec![],
            },
            None,
        )
        .expect("call")
        .expect("a ticket");
    assert_eq!(called.id, t.id);
    let hits = clerk
        .search(&ResidentQuery {
            kana: Some("タ".into()),
            ticket: Some(t.number.clone()),
            limit: Some(500),
            ..Default::default()
        })
        .expect("search");
    let mut households: Vec<&str> = hits.iter().map(|h| h.household_id.as_str()).collect();
    households.sort_unstable();
    households.dedup();
    assert!(households.len() > 1, "the search shows several households");
    let supervisor = HubClient::new(&hub.url, "supervisor", "supervisor-demo").expect("client");
    let log = supervisor.audit(1000).expect("audit");
    let mut audited: Vec<&str> = log
        .iter()
        .filter(|e| {
            e.action.starts_with("search") && e.ticket.as_deref() == Some(t.number.as_str())
        })
        .filter_map(|e| e.household_id.as_deref())
        .collect();
    audited.sort_unstable();
    assert_eq!(audited, households, "one audit row per household shown");
}

#[test]
fn idempotency_keys_belong_to_a_user_and_an_operation() {
    let (_dir, hub) = start();
    let u = |p: &str| format!("{}{p}", hub.url);
    let clerk = token(&hub, "clerk", Some("1"));
    let floor = token(&hub, "floor", None);
    let key = [("Idempotency-Key", "k-1")];
    let (s1, first) = call(
        "POST",
        &u("/api/tickets"),
        Some(&clerk),
        Some(ticket_json("A")),
        &key,
    );
    assert_eq!(s1, 201);
    // Another user, the same key: a write of its own.
    let (s2, second) = call(
        "POST",
        &u("/api/tickets"),
        Some(&floor),
        Some(ticket_json("A")),
        &key,
    );
    assert_eq!(s2, 201);
    assert_ne!(first["id"], second["id"]);
    // The same user, another operation, the same key: applied, not answered from the ticket.
    let (s3, called) = call(
        "POST",
        &u("/api/tickets/call-next"),
        Some(&clerk),
        Some(json!({ "counter": "1" })),
        &key,
    );
    assert_eq!(s3, 200, "{called}");
    assert_eq!(called["state"], "called");
    // The same key and operation with another body: refused.
    let (s4, v) = call(
        "POST",
        &u("/api/tickets"),
        Some(&clerk),
        Some(ticket_json("B")),
        &key,
    );
    assert_eq!(s4, 409, "{v}");
    // The same request again: the first answer.
    let (s5, again) = call(
        "POST",
        &u("/api/tickets"),
        Some(&clerk),
        Some(ticket_json("A")),
        &key,
    );
    assert_eq!((s5, &again["id"]), (201, &first["id"]));
    // A batch key longer than 200 characters is refused.
    let long = "k".repeat(201);
    let (_, v) = call(
        "POST",
        &u("/api/batch"),
        Some(&clerk),
        Some(
            json!({ "ops": [{ "key": long, "method": "POST", "path": "/api/tickets", "body": ticket_json("A") }] }),
        ),
        &[],
    );
    assert_eq!(v["results"][0]["status"], 400, "{v}");
}

#[test]
fn a_second_case_under_an_existing_id_is_refused_not_dropped() {
    let (_dir, hub) = start();
    let clerk = HubClient::for_counter(&hub.url, "clerk", "clerk-demo", "3").expect("client");
    let first = hub::submit_seed_case(&clerk, "20261130-A-001", None);
    assert_eq!(first.status, CaseStatus::Received);
    // The same case again is the same case.
    assert_eq!(
        hub::submit_seed_case(&clerk, "20261130-A-001", None).id,
        first.id
    );
    // Another visit under the same id (a transferred ticket keeps its number).
    let mut other = hub::seed_request();
    other.household.members.truncate(1);
    let (texts, catalogs) = madoguchi::load_rules(None).expect("rules");
    let determination = madoguchi::determine(
        &other,
        catalogs.in_effect(other.as_of).expect("catalog"),
        &texts,
        "ja",
    );
    let clash = clerk.submit_case(&CaseSubmission {
        id: "20261130-A-001".into(),
        ticket_id: None,
        household_id: None,
        counter: "3".into(),
        request: other,
        determination,
        confirmed: vec![],
        forms_printed: vec![],
        timings: CaseTimings::default(),
        revision: 0,
    });
    assert!(
        matches!(clash, Err(ClientError::Rejected { status: 409, .. })),
        "{clash:?}"
    );
}

#[test]
fn hostile_categories_and_counters_get_clear_4xx_answers() {
    let (_dir, hub) = start();
    let u = |p: &str| format!("{}{p}", hub.url);
    let clerk = token(&hub, "clerk", Some("1"));
    let (status, v) = call(
        "POST",
        &u("/api/tickets/call-next"),
        Some(&clerk),
        Some(json!({ "counter": "1", "categories": ["A\u{0}'; DROP TABLE tickets; --"] })),
        &[],
    );
    assert_eq!(status, 400, "{v}");
    let text = v["error"].as_str().expect("error").to_lowercase();
    assert!(!text.contains("sql") && !text.contains("select"), "{text}");
    let (_, v) = call(
        "POST",
        &u("/api/batch"),
        Some(&clerk),
        Some(json!({ "ops": [
            { "key": "nul", "method": "POST", "path": "/api/tickets/call-next",
              "body": { "counter": "1", "categories": ["\u{0}"] } },
            { "key": "after", "method": "POST", "path": "/api/tickets", "body": ticket_json("C") },
        ]})),
        &[],
    );
    let statuses: Vec<u64> = v["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["status"].as_u64().expect("status"))
        .collect();
    assert_eq!(statuses, [400, 201], "{v}");
    // A clerk of counter 1 neither calls for counter 2 nor finishes its tickets.
    let (status, _) = call(
        "POST",
        &u("/api/tickets/call-next"),
        Some(&clerk),
        Some(json!({ "counter": "2" })),
        &[],
    );
    assert_eq!(status, 403);
    let two = token(&hub, "clerk2", Some("2"));
    let (status, t) = call(
        "POST",
        &u("/api/tickets/call-next"),
        Some(&two),
        Some(json!({ "counter": "2" })),
        &[],
    );
    assert_eq!(status, 200, "{t}");
    let id = t["id"].as_str().expect("id");
    let (status, v) = call(
        "POST",
        &u(&format!("/api/tickets/{id}/actions")),
        Some(&clerk),
        Some(json!({ "action": "finish", "outcome": "done" })),
        &[],
    );
    assert_eq!(status, 409, "{v}");
    // The same refusal through the batch: one path for both.
    let (_, v) = call(
        "POST",
        &u("/api/batch"),
        Some(&clerk),
        Some(
            json!({ "ops": [{ "key": "steal", "method": "POST", "path": format!("/api/tickets/{id}/actions"),
            "body": { "action": "finish", "outcome": "done" } }] }),
        ),
        &[],
    );
    assert_eq!(v["results"][0]["status"], 409, "{v}");
    // A wrong method answers with JSON too.
    let (status, v) = call("DELETE", &u("/api/queue"), Some(&clerk), None, &[]);
    assert_eq!(status, 405);
    assert!(v["error"].is_string(), "{v}");
}

#[test]
fn a_scan_must_be_a_whole_image() {
    let (_dir, hub) = start();
    let clerk = HubClient::for_counter(&hub.url, "clerk", "clerk-demo", "3").expect("client");
    hub::submit_seed_case(&clerk, "20261130-B-001", None);
    let mut png = Vec::new();
    image::DynamicImage::new_luma8(64, 64)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("png");
    let mut cut = png.clone();
    cut.truncate(png.len() / 2);
    let mut magic_only = b"\x89PNG\r\n\x1a\n".to_vec();
    magic_only.extend(std::iter::repeat_n(0u8, 4096));
    for body in [cut, magic_only] {
        let r = clerk.upload_scan("20261130-B-001", "image/png", body);
        assert!(
            matches!(r, Err(ClientError::Rejected { status: 400, .. })),
            "{r:?}"
        );
    }
    assert!(clerk
        .upload_scan("20261130-B-001", "image/png", png)
        .is_ok());
}

#[test]
fn the_queue_is_bounded_and_paged() {
    let (_dir, hub) = start();
    let clerk = HubClient::for_counter(&hub.url, "clerk", "clerk-demo", "1").expect("client");
    // 5000 tickets of one category in batches of 200; the 5001st is refused.
    for b in 0..25 {
        let ops: Vec<BatchOp> = (0..200)
            .map(|i| BatchOp {
                key: format!("q-{b}-{i}"),
                method: "POST".into(),
                path: "/api/tickets".into(),
                body: ticket_json("D"),
            })
            .collect();
        let r = clerk.batch(&ops).expect("batch");
        assert!(r.results.iter().all(|x| x.status == 201), "batch {b}");
    }
    let full = clerk.issue(&hub::walk_in("D"), None);
    assert!(
        matches!(full, Err(ClientError::Rejected { status: 409, .. })),
        "{full:?}"
    );
    // One page is at most 2000 tickets; the client reads them all.
    let token = token(&hub, "floor", None);
    let (_, page) = call(
        "GET",
        &format!("{}/api/queue", hub.url),
        Some(&token),
        None,
        &[],
    );
    assert_eq!(page["tickets"].as_array().expect("tickets").len(), 2000);
    assert_eq!(page["next_offset"], 2000);
    let view = clerk.queue().expect("queue");
    assert_eq!(view.tickets.len(), 5000);
    let waiting: u32 = view.categories.iter().map(|c| c.waiting).sum();
    assert_eq!(waiting, 5000);
    // Call-next still finds the oldest.
    let first = clerk
        .call_next(
            &CallNext {
                counter: "1".into(),
                categories: vec!["D".into()],
            },
            None,
        )
        .expect("call")
        .expect("ticket");
    assert_eq!(first.number, "D-001");
}

#[test]
fn call_next_at_the_hub_follows_the_same_order_as_an_offline_counter() {
    let (_dir, hub) = start();
    let clerk = HubClient::for_counter(&hub.url, "clerk", "clerk-demo", "2").expect("client");
    let floor = HubClient::new(&hub.url, "floor", "floor-demo").expect("client");
    let mut ids = Vec::new();
    for (i, category) in ["B", "A", "C", "A", "B", "D", "C", "A"].iter().enumerate() {
        let t = floor.issue(&hub::walk_in(category), None).expect("issue");
        if i % 3 == 1 {
            floor
                .act(
                    &t.id,
                    &TicketActionRequest {
                        action: TicketAction::Priority { priority: true },
                        at: None,
                    },
                    None,
                )
                .expect("priority");
        }
        if i == 6 {
            floor
                .act(
                    &t.id,
                    &TicketActionRequest {
                        action: TicketAction::Transfer {
                            category: None,
                            counter: Some("2".into()),
                        },
                        at: None,
                    },
                    None,
                )
                .expect("send to counter 2");
        }
        ids.push(t.id);
        std::thread::sleep(Duration::from_millis(5));
    }
    for categories in [vec!["A".to_string(), "C".to_string()], vec![]] {
        loop {
            let view = floor.queue().expect("queue");
            let expected = madoguchi::queue::next_for(&view.tickets, "2", &categories).cloned();
            let called = clerk
                .call_next(
                    &CallNext {
                        counter: "2".into(),
                        categories: categories.clone(),
                    },
                    None,
                )
                .expect("call");
            assert_eq!(
                called.as_ref().map(|t| &t.id),
                expected.as_ref().map(|t| &t.id)
            );
            let Some(t) = called else { break };
            clerk
                .act(
                    &t.id,
                    &TicketActionRequest {
                        action: TicketAction::NoShow,
                        at: None,
                    },
                    None,
                )
                .expect("no-show");
        }
    }
    let view = floor.queue().expect("queue");
    assert!(
        view.tickets.iter().all(|t| t.state == TicketState::NoShow),
        "all called once"
    );
    assert_eq!(view.tickets.len(), ids.len());
}
