//! The hub over real HTTP on loopback, with a real SQLite file: roles and
//! tokens, the audit log, every bad-input class, idempotency, cases and scans,
//! the event stream, and 50 concurrent clients.

#[path = "support/hub.rs"]
mod hub;

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::time::Duration;

use hub::{demo_db, HubProcess};
use madoguchi::api::*;
use madoguchi::client::{ClientError, HubClient};
use reqwest::blocking::Client;
use serde_json::{json, Value};

fn start(residents: usize) -> (tempfile::TempDir, HubProcess) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), residents);
    let hub = HubProcess::start(&db, "127.0.0.1:0");
    (dir, hub)
}

fn login(hub: &HubProcess, user: &str) -> String {
    let password = format!("{user}-demo");
    let v: Value = Client::new()
        .post(format!("{}/api/login", hub.url))
        .json(&json!({ "user": user, "password": password, "counter": "1" }))
        .send()
        .expect("login")
        .json()
        .expect("json");
    v["token"].as_str().expect("token").to_string()
}

fn call(
    method: reqwest::Method,
    url: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> (u16, Value) {
    let mut req = Client::new().request(method, url);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req
            .header("content-type", "application/json")
            .body(b.to_string());
    }
    let resp = req.send().expect("request");
    let status = resp.status().as_u16();
    let text = resp.text().unwrap_or_default();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

#[test]
fn tokens_roles_and_bad_input() {
    let (_dir, hub) = start(200);
    let u = |p: &str| format!("{}{p}", hub.url);
    let clerk = login(&hub, "clerk");
    let back = login(&hub, "backoffice");
    let get = reqwest::Method::GET;
    let post = reqwest::Method::POST;

    // 401: no token, a wrong token, a wrong password.
    assert_eq!(call(get.clone(), &u("/api/queue"), None, None).0, 401);
    assert_eq!(
        call(get.clone(), &u("/api/queue"), Some("nope"), None).0,
        401
    );
    assert_eq!(
        call(
            post.clone(),
            &u("/api/login"),
            None,
            Some(r#"{"user":"clerk","password":"wrong"}"#)
        )
        .0,
        401
    );
    // 403: wrong role.
    let (s, v) = call(get.clone(), &u("/api/audit"), Some(&clerk), None);
    assert_eq!(s, 403, "{v}");
    assert!(v["error"]
        .as_str()
        .unwrap_or_default()
        .contains("role clerk"));
    assert_eq!(
        call(
            post.clone(),
            &u("/api/tickets"),
            Some(&back),
            Some(r#"{"category":"A"}"#)
        )
        .0,
        403
    );
    assert_eq!(
        call(get.clone(), &u("/api/residents?kana=タ"), Some(&back), None).0,
        403
    );
    // 400: malformed JSON, wrong types, unknown category, bad query, empty search.
    for body in ["{", "[1]", r#"{"category": 7}"#, r#"{"category":"Z"}"#] {
        let (s, v) = call(post.clone(), &u("/api/tickets"), Some(&clerk), Some(body));
        assert_eq!(s, 400, "{body}: {v}");
        assert!(v["error"].is_string(), "{v}");
    }
    assert_eq!(
        call(
            get.clone(),
            &u("/api/queue?day=2026-02-30"),
            Some(&clerk),
            None
        )
        .0,
        400
    );
    assert_eq!(
        call(get.clone(), &u("/api/residents"), Some(&clerk), None).0,
        400
    );
    // 404: unknown ticket, household, case, endpoint.
    let act = r#"{"action":"start"}"#;
    assert_eq!(
        call(
            post.clone(),
            &u("/api/tickets/none/actions"),
            Some(&clerk),
            Some(act)
        )
        .0,
        404
    );
    // A clerk names the ticket being served; without one the read is refused.
    assert_eq!(
        call(
            get.clone(),
            &u("/api/households/H9999999"),
            Some(&clerk),
            None
        )
        .0,
        400
    );
    assert_eq!(
        call(
            get.clone(),
            &u("/api/households/H9999999"),
            Some(&login(&hub, "admin")),
            None
        )
        .0,
        404
    );
    assert_eq!(
        call(get.clone(), &u("/api/cases/none"), Some(&clerk), None).0,
        404
    );
    assert_eq!(
        call(get.clone(), &u("/api/nothing"), Some(&clerk), None).0,
        404
    );
    // 409: an impossible transition.
    let (_, t) = call(
        post.clone(),
        &u("/api/tickets"),
        Some(&clerk),
        Some(r#"{"category":"B"}"#),
    );
    let id = t["id"].as_str().expect("id");
    assert_eq!(
        call(
            post.clone(),
            &u(&format!("/api/tickets/{id}/actions")),
            Some(&clerk),
            Some(act)
        )
        .0,
        409
    );
    // The hub is still healthy after all of it.
    assert_eq!(call(get, &u("/health"), None, None).0, 200);
}

#[test]
fn idempotent_writes_and_audit_of_resident_reads() {
    let (_dir, hub) = start(300);
    let client = HubClient::new(&hub.url, "clerk", "clerk-demo").expect("client");
    let req = IssueTicket {
        category: "C".into(),
        priority: false,
        id: None,
        number: None,
        created_at: None,
    };
    let a = client.issue(&req, Some("same-key")).expect("issue");
    let b = client.issue(&req, Some("same-key")).expect("again");
    assert_eq!(a, b, "the same key is applied once");
    let c = client.issue(&req, Some("other-key")).expect("issue");
    assert_ne!(a.number, c.number);
    // Resident data is read for a ticket being served.
    let called = client
        .call_next(
            &CallNext {
                counter: "1".into(),
                categories: vec![],
            },
            None,
        )
        .expect("call")
        .expect("a ticket");
    assert_eq!(called.id, a.id);

    let hits = client
        .search(&ResidentQuery {
            kana: Some("た".into()),
            ticket: Some(a.number.clone()),
            ..Default::default()
        })
        .expect("search");
    assert!(
        !hits.is_empty() && hits.iter().all(|h| h.kana.starts_with('タ')),
        "{hits:?}"
    );
    // The search box's own example finds the seed household in any demo registry.
    let example = client
        .search(&ResidentQuery {
            ticket: Some(a.number.clone()),
            ..madoguchi::client::search_text::parse("モジ S61.7.14")
        })
        .expect("search");
    assert_eq!(
        example
            .iter()
            .map(|h| (h.household_id.as_str(), h.name.as_str()))
            .collect::<Vec<_>>(),
        [("H-SEED", "門司 健一")]
    );
    let household = client
        .household(&hits[0].household_id, Some(&a.number))
        .expect("household");
    assert_eq!(household.id, hits[0].household_id);

    let supervisor = HubClient::new(&hub.url, "supervisor", "supervisor-demo").expect("client");
    let log = supervisor.audit(50).expect("audit");
    let read = log
        .iter()
        .find(|e| e.action == "read household")
        .expect("a read is audited");
    assert_eq!(
        (
            read.user.as_str(),
            read.household_id.as_deref(),
            read.ticket.as_deref()
        ),
        (
            "clerk",
            Some(hits[0].household_id.as_str()),
            Some(a.number.as_str())
        )
    );
    assert!(log
        .iter()
        .any(|e| e.action.starts_with("search") && e.ticket.as_deref() == Some(a.number.as_str())));
    // The audit log never holds names.
    assert!(log.iter().all(|e| !e.action.contains(&hits[0].name)));
}

fn case_for(id: &str) -> CaseSubmission {
    let request = hub::seed_request();
    let (texts, set) = madoguchi::load_rules(None).expect("rules");
    let determination = madoguchi::determine(
        &request,
        set.in_effect(request.as_of).expect("catalog"),
        &texts,
        "ja",
    );
    CaseSubmission {
        id: id.into(),
        ticket_id: None,
        household_id: None,
        counter: "3".into(),
        confirmed: determination
            .procedures
            .iter()
            .map(|p| p.id.clone())
            .collect(),
        request,
        determination,
        forms_printed: vec!["resident_move".into()],
        timings: CaseTimings::default(),
        revision: 0,
    }
}

#[test]
fn cases_move_through_the_back_office_with_scans() {
    let (_dir, hub) = start(50);
    let clerk = HubClient::new(&hub.url, "clerk", "clerk-demo").expect("client");
    let back = HubClient::new(&hub.url, "backoffice", "backoffice-demo").expect("client");
    let summary = clerk
        .submit_case(&case_for("20261124-0001"))
        .expect("submit");
    assert_eq!(summary.status, CaseStatus::Received);
    assert_eq!(
        clerk
            .submit_case(&case_for("20261124-0001"))
            .expect("again")
            .id,
        summary.id,
        "once"
    );
    let inbox = back.inbox(Some(CaseStatus::Received)).expect("inbox");
    assert_eq!(inbox.len(), 1);
    assert_eq!(inbox[0].event, "move_in");
    assert_eq!(
        back.set_case_status("20261124-0001", CaseStatus::Entered)
            .expect("entered")
            .status,
        CaseStatus::Entered
    );
    let backwards = back.set_case_status("20261124-0001", CaseStatus::Received);
    assert!(
        matches!(backwards, Err(ClientError::Rejected { status: 409, .. })),
        "{backwards:?}"
    );
    assert!(matches!(
        clerk.set_case_status("20261124-0001", CaseStatus::Done),
        Err(ClientError::Rejected { status: 403, .. })
    ));

    // Scans: a real PNG is kept; a lie about the type, a wrong type and an oversized body are refused.
    let mut png = Vec::new();
    image::DynamicImage::new_luma8(32, 32)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("png");
    let scan = clerk
        .upload_scan("20261124-0001", "image/png", png.clone())
        .expect("scan");
    assert_eq!(scan.bytes, png.len() as u64);
    assert!(matches!(
        clerk.upload_scan("20261124-0001", "image/png", b"not a png".to_vec()),
        Err(ClientError::Rejected { status: 400, .. })
    ));
    assert!(matches!(
        clerk.upload_scan("20261124-0001", "text/plain", png.clone()),
        Err(ClientError::Rejected { status: 415, .. })
    ));
    assert!(matches!(
        clerk.upload_scan("none", "image/png", png),
        Err(ClientError::Rejected { status: 404, .. })
    ));
    let mut huge = vec![0u8; MAX_SCAN_BYTES + 1024];
    huge[..4].copy_from_slice(b"\x89PNG");
    match clerk.upload_scan("20261124-0001", "image/png", huge) {
        Err(ClientError::Rejected { status: 413, .. }) => {}
        // The hub may close the connection while the body is still being sent.
        Err(ClientError::Offline(_)) => {}
        other => panic!("oversized scan: {other:?}"),
    }
    let (_, v) = call(
        reqwest::Method::GET,
        &format!("{}/api/cases/20261124-0001", hub.url),
        Some(&login(&hub, "backoffice")),
        None,
    );
    assert_eq!(v["summary"]["scans"], 1);
    assert_eq!(v["summary"]["status"], "entered");
}

#[test]
fn the_event_stream_reports_queue_changes() {
    let (_dir, hub) = start(20);
    let token = login(&hub, "floor");
    let resp = Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client")
        .get(format!("{}/api/events", hub.url))
        .bearer_auth(&token)
        .send()
        .expect("stream");
    assert_eq!(resp.status().as_u16(), 200);
    let clerk = HubClient::new(&hub.url, "clerk", "clerk-demo").expect("client");
    let issued = clerk
        .issue(
            &IssueTicket {
                category: "A".into(),
                priority: true,
                id: None,
                number: None,
                created_at: None,
            },
            None,
        )
        .expect("issue");
    let mut reader = BufReader::new(resp);
    let mut line = String::new();
    let mut data = None;
    for _ in 0..20 {
        line.clear();
        reader.read_line(&mut line).expect("read event");
        if let Some(d) = line.strip_prefix("data: ") {
            data = Some(d.trim().to_string());
            break;
        }
    }
    let event: QueueEvent = serde_json::from_str(&data.expect("an event")).expect("event json");
    assert_eq!(event.ticket.id, issued.id);
    assert!(event.ticket.priority);
}

#[test]
fn fifty_concurrent_clients_issue_and_call() {
    let (_dir, hub) = start(20);
    let url = hub.url.clone();
    let handles: Vec<_> = (0..50)
        .map(|i| {
            let url = url.clone();
            std::thread::spawn(move || {
                let c = HubClient::new(&url, "clerk", "clerk-demo").expect("client");
                let mut issued = Vec::new();
                let mut called = Vec::new();
                for n in 0..6 {
                    let category = ["A", "B", "C"][(i + n) % 3].to_string();
                    issued.push(
                        c.issue(
                            &IssueTicket {
                                category,
                                priority: false,
                                id: None,
                                number: None,
                                created_at: None,
                            },
                            Some(&format!("c{i}-{n}")),
                        )
                        .expect("issue"),
                    );
                    if n % 2 == 1 {
                        if let Some(t) = c
                            .call_next(
                                &CallNext {
                                    counter: format!("{i}"),
                                    categories: vec![],
                                },
                                None,
                            )
                            .expect("call")
                        {
                            called.push(t);
                        }
                    }
                }
                (issued, called)
            })
        })
        .collect();
    let mut issued = Vec::new();
    let mut called = Vec::new();
    for h in handles {
        let (i, c) = h.join().expect("client thread");
        issued.extend(i);
        called.extend(c);
    }
    assert_eq!(issued.len(), 300);
    let numbers: HashSet<(String, String)> = issued
        .iter()
        .map(|t| (t.day.to_string(), t.number.clone()))
        .collect();
    assert_eq!(numbers.len(), 300, "numbers unique per day");
    for cat in ["A", "B", "C"] {
        let mut n: Vec<u32> = issued
            .iter()
            .filter(|t| t.category == cat)
            .map(|t| t.number[2..].parse().expect("seq"))
            .collect();
        n.sort();
        assert_eq!(
            n,
            (1..=100).collect::<Vec<_>>(),
            "category {cat} numbered 1..100 with no gap"
        );
    }
    let called_ids: HashSet<&str> = called.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(called_ids.len(), called.len(), "no ticket called twice");
    assert_eq!(called.len(), 150, "every call found someone waiting");
    let client = HubClient::new(&url, "clerk", "clerk-demo").expect("client");
    let view = client.queue().expect("queue");
    assert_eq!(view.tickets.len(), 300, "no lost update");
    for t in &view.tickets {
        if let Some(c) = t.called_at {
            assert!(c >= t.created_at, "{t:?}");
        }
        assert_eq!(
            t.state == TicketState::Called,
            called_ids.contains(t.id.as_str()),
            "{t:?}"
        );
    }
    let waiting: u32 = view.categories.iter().map(|c| c.waiting).sum();
    assert_eq!(waiting, 150);
}

#[test]
fn openapi_document_lists_the_endpoints() {
    let (_dir, hub) = start(10);
    let (s, v) = call(
        reqwest::Method::GET,
        &format!("{}/openapi.json", hub.url),
        None,
        None,
    );
    assert_eq!(s, 200);
    for path in [
        "/api/tickets",
        "/api/tickets/call-next",
        "/api/queue",
        "/api/events",
        "/api/residents",
        "/api/cases",
        "/api/audit",
        "/health",
    ] {
        assert!(v["paths"].get(path).is_some(), "{path}");
    }
    assert!(v["components"]["schemas"].get("Ticket").is_some());
}

#[test]
fn a_batch_is_applied_in_order_once_with_an_answer_per_entry() {
    let (_dir, hub) = start(10);
    let clerk = HubClient::new(&hub.url, "clerk", "clerk-demo").expect("client");
    let op = |key: &str, path: &str, body: Value| BatchOp {
        key: key.into(),
        method: "POST".into(),
        path: path.into(),
        body,
    };
    let id = "11111111-2222-3333-4444-555555555555";
    let ops = vec![
        op(
            "k1",
            "/api/tickets",
            json!({ "id": id, "number": "K5-A-001", "category": "A" }),
        ),
        op(
            "k2",
            &format!("/api/tickets/{id}/actions"),
            json!({ "action": "call", "counter": "5" }),
        ),
        op(
            "k3",
            &format!("/api/tickets/{id}/actions"),
            json!({ "action": "start" }),
        ),
        op(
            "k4",
            &format!("/api/tickets/{id}/actions"),
            json!({ "action": "no_show" }),
        ),
        op(
            "k5",
            "/api/tickets/none/actions",
            json!({ "action": "start" }),
        ),
        op("k6", "/api/cases/x/status", json!({ "status": "done" })),
        op("k7", "/api/nowhere", json!({})),
        op("k8", "/api/tickets", json!({ "category": 3 })),
    ];
    let first = clerk.batch(&ops).expect("batch");
    let statuses: Vec<u16> = first.results.iter().map(|r| r.status).collect();
    assert_eq!(statuses, vec![201, 200, 200, 409, 404, 403, 404, 400]);
    assert_eq!(
        first.results[2].body["state"], "serving",
        "applied in order"
    );
    // The same batch again: the same answers, nothing applied twice.
    let again = clerk.batch(&ops).expect("batch");
    let statuses_again: Vec<u16> = again.results.iter().map(|r| r.status).collect();
    assert_eq!(&statuses_again[..5], &[201, 200, 200, 409, 404]);
    let view = clerk.queue().expect("queue");
    assert_eq!(
        view.tickets
            .iter()
            .filter(|t| t.number == "K5-A-001")
            .count(),
        1
    );
    let too_many: Vec<BatchOp> = (0..=MAX_BATCH)
        .map(|i| op(&format!("m{i}"), "/api/tickets", json!({ "category": "A" })))
        .collect();
    assert!(matches!(
        clerk.batch(&too_many),
        Err(ClientError::Rejected { status: 413, .. })
    ));
}
