//! The back office works each procedure of a case to done, over a real hub:
//! 受付 → 入力 → 審査 → 完了 with who and when; a clerk cannot check; a
//! return reaches the counter, which answers it; two back-office clerks never
//! work the same procedure at once; every move is on the event stream; an
//! older hub's cases get their procedures when it is opened.

#[path = "support/hub.rs"]
mod hub;

use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use madoguchi::client::events::{follow, StreamEvent};
use madoguchi::client::{ClientError, HubClient};
use madoguchi::processing::{Stage, Step, WorkFilter};

fn status_of(e: &ClientError) -> Option<u16> {
    match e {
        ClientError::Rejected { status, .. } => Some(*status),
        _ => None,
    }
}

#[test]
fn a_procedure_goes_to_done_and_a_return_is_answered() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = hub::demo_db(dir.path(), 50);
    // A second back-office clerk.
    let out = Command::new(hub::BIN)
        .args([
            "user",
            "--db",
            &hub::db_arg(&db),
            "--name",
            "bo2",
            "--role",
            "back_office",
        ])
        .env("MADOGUCHI_PASSWORD", "bo2-pass-2026")
        .output()
        .expect("user");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hub = hub::HubProcess::start(&db, "127.0.0.1:0");
    let clerk = HubClient::for_counter(&hub.url, "clerk", "clerk-demo", "3").expect("clerk");
    let bo = HubClient::new(&hub.url, "backoffice", "backoffice-demo").expect("bo");
    let bo2 = HubClient::new(&hub.url, "bo2", "bo2-pass-2026").expect("bo2");
    let supervisor = HubClient::new(&hub.url, "supervisor", "supervisor-demo").expect("sv");

    // The counter follows the stream from before the case is sent.
    let (tx, rx) = mpsc::channel();
    let watcher = HubClient::for_counter(&hub.url, "clerk", "clerk-demo", "3").expect("watcher");
    std::thread::spawn(move || {
        let _ = follow(&watcher, &mut |e| {
            if let StreamEvent::Procedure(p) = e {
                return tx.send(*p).is_ok();
            }
            true
        });
    });
    std::thread::sleep(Duration::from_millis(300));

    let id = "20261130-A-031";
    let summary = hub::submit_seed_case(&clerk, id, None);
    let procs = bo.case_procedures(id).expect("procedures");
    assert_eq!(
        procs
            .iter()
            .map(|p| p.procedure.clone())
            .collect::<Vec<_>>(),
        summary.confirmed,
        "one row per confirmed procedure, in order"
    );
    assert!(procs.iter().all(|p| p.stage == Stage::Received));
    assert!(
        procs.iter().all(|p| p.target.is_some()),
        "every procedure has a target"
    );
    let first = procs[0].clone();
    assert_eq!(first.history.len(), 1);
    assert_eq!(first.history[0].by, "clerk");
    let p = first.procedure.as_str();

    // The worklist shows it, oldest first, open ones by default.
    let list = bo.procedures(&WorkFilter::default()).expect("worklist");
    assert_eq!(list.len(), procs.len());

    // A clerk cannot enter or check; nothing moves.
    let e = clerk
        .step(id, p, &Step::Enter)
        .expect_err("a clerk cannot enter");
    assert_eq!(status_of(&e), Some(403), "{e}");
    // Out of order: 409 with the order in words.
    let e = bo.step(id, p, &Step::Check).expect_err("not entered yet");
    assert_eq!(status_of(&e), Some(409), "{e}");
    assert!(e.to_string().contains("received"), "{e}");

    // bo claims it; bo2 cannot take it, nor step it, while the claim holds.
    bo.claim(id, p, false).expect("claim");
    let e = bo2.claim(id, p, false).expect_err("taken");
    assert_eq!(status_of(&e), Some(409), "{e}");
    assert!(e.to_string().contains("backoffice"), "says who: {e}");
    let e = bo2.step(id, p, &Step::Enter).expect_err("taken");
    assert_eq!(status_of(&e), Some(409), "{e}");

    let after = bo.step(id, p, &Step::Enter).expect("入力済");
    assert_eq!(after.stage, Stage::Entered);
    let e = clerk
        .step(id, p, &Step::Check)
        .expect_err("a clerk cannot mark 審査済");
    assert_eq!(status_of(&e), Some(403), "{e}");
    bo.step(id, p, &Step::Check).expect("審査済");
    let done = bo.step(id, p, &Step::Complete).expect("完了");
    assert_eq!(done.stage, Stage::Done);
    assert_eq!(done.claimed_by, None, "done releases the claim");
    let steps: Vec<(&str, &str)> = done
        .history
        .iter()
        .map(|h| (h.step.as_str(), h.by.as_str()))
        .collect();
    assert_eq!(
        steps,
        [
            ("received", "clerk"),
            ("enter", "backoffice"),
            ("check", "backoffice"),
            ("complete", "backoffice")
        ]
    );
    let e = bo.step(id, p, &Step::Enter).expect_err("done is done");
    assert_eq!(status_of(&e), Some(409), "{e}");

    // A return needs a reason; with one it reaches the counter.
    let q = procs[1].procedure.as_str();
    let e = bo2
        .step(
            id,
            q,
            &Step::Return {
                reason: "  ".into(),
            },
        )
        .expect_err("no reason");
    assert_eq!(status_of(&e), Some(400), "{e}");
    let returned = bo2
        .step(
            id,
            q,
            &Step::Return {
                reason: "前住所の番地が転出証明書と違います".into(),
            },
        )
        .expect("差戻し");
    assert_eq!(returned.stage, Stage::Returned);
    let mine = clerk
        .procedures(&WorkFilter {
            stage: Some("returned".into()),
            ..Default::default()
        })
        .expect("the counter's returns");
    assert_eq!(mine.len(), 1);
    assert_eq!(
        mine[0].note.as_deref(),
        Some("前住所の番地が転出証明書と違います")
    );
    // The back office cannot answer its own return; the counter does.
    let answer = Step::Answer {
        note: "転出証明書を確認し、3番4号に訂正しました".into(),
    };
    let e = bo.step(id, q, &answer).expect_err("not the back office's");
    assert_eq!(status_of(&e), Some(403), "{e}");
    // A clerk at another counter cannot answer it.
    let elsewhere = HubClient::for_counter(&hub.url, "clerk", "clerk-demo", "5").expect("clerk 5");
    let e = elsewhere
        .step(id, q, &answer)
        .expect_err("not this counter's");
    assert_eq!(status_of(&e), Some(404), "{e}");
    let answered = clerk.step(id, q, &answer).expect("answered");
    assert_eq!(answered.stage, Stage::Received);

    // A supervisor may work it too.
    supervisor
        .step(id, q, &Step::Enter)
        .expect("supervisor enters");

    // The counter heard every move, in order.
    let mut heard = Vec::new();
    while let Ok(e) = rx.recv_timeout(Duration::from_secs(5)) {
        heard.push((e.procedure.clone(), e.stage));
        if heard.len() == 6 {
            break;
        }
    }
    assert_eq!(
        heard,
        [
            (p.to_string(), Stage::Entered),
            (p.to_string(), Stage::Checked),
            (p.to_string(), Stage::Done),
            (q.to_string(), Stage::Returned),
            (q.to_string(), Stage::Received),
            (q.to_string(), Stage::Entered),
        ]
    );

    // Filters: by stage, by case, done ones only when asked.
    let done_list = bo
        .procedures(&WorkFilter {
            stage: Some("done".into()),
            ..Default::default()
        })
        .expect("done");
    assert_eq!(done_list.len(), 1);
    let open = bo.procedures(&WorkFilter::default()).expect("open");
    assert_eq!(open.len(), procs.len() - 1);
    let e = bo
        .procedures(&WorkFilter {
            stage: Some("lost".into()),
            ..Default::default()
        })
        .expect_err("no such stage");
    assert_eq!(status_of(&e), Some(400), "{e}");
}

/// A hub database from before procedures had stages (schema v2): opened by
/// this build, every confirmed procedure of every case gets a row at its
/// case's status, and nothing of the case changes.
#[test]
fn an_older_hub_gets_its_procedures() {
    if hub::pg_base().is_some() {
        eprintln!("SQLite's schema steps: nothing to migrate on PostgreSQL");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = hub::demo_db(dir.path(), 50);
    let (case_id, confirmed) = {
        let hub = hub::HubProcess::start(&db, "127.0.0.1:0");
        let clerk = HubClient::for_counter(&hub.url, "clerk", "clerk-demo", "3").expect("clerk");
        let s = hub::submit_seed_case(&clerk, "20261130-A-040", None);
        let bo = HubClient::new(&hub.url, "backoffice", "backoffice-demo").expect("bo");
        bo.set_case_status(&s.id, madoguchi::api::CaseStatus::Entered)
            .expect("status");
        (s.id, s.confirmed)
    };
    // Make it the v2 database it would have been.
    {
        let c = rusqlite::Connection::open(&db).expect("open");
        c.execute_batch(
            "DROP TABLE procedures; DROP TABLE procedure_history; DROP TABLE unrouted; DROP TABLE scan_log;
             DROP INDEX scans_place; ALTER TABLE scans DROP COLUMN form; ALTER TABLE scans DROP COLUMN page;
             ALTER TABLE scans DROP COLUMN source;
             DROP TABLE counter_log; ALTER TABLE categories DROP COLUMN target_min;
             ALTER TABLE categories DROP COLUMN target_pct; ALTER TABLE cases DROP COLUMN measures;
             PRAGMA user_version = 2;",
        )
        .expect("to v2");
    }
    let hub = hub::HubProcess::start(&db, "127.0.0.1:0");
    let bo = HubClient::new(&hub.url, "backoffice", "backoffice-demo").expect("bo");
    let procs = bo.case_procedures(&case_id).expect("procedures");
    assert_eq!(
        procs
            .iter()
            .map(|p| p.procedure.clone())
            .collect::<Vec<_>>(),
        confirmed
    );
    for p in &procs {
        assert_eq!(p.stage, Stage::Entered, "{}", p.procedure);
        assert_eq!(p.history.len(), 1);
        assert_eq!(p.history[0].step, "migrated");
    }
    assert_eq!(
        bo.case_status(&case_id).expect("status"),
        madoguchi::api::CaseStatus::Entered
    );
    // v4 filled the case's one-stop measures from its body.
    let summary = bo
        .inbox(None)
        .expect("inbox")
        .into_iter()
        .find(|c| c.id == case_id)
        .expect("the case");
    let measured: Vec<&str> = summary
        .measures
        .procedures
        .iter()
        .filter(|o| o.confirmed)
        .map(|o| o.id.as_str())
        .collect();
    assert_eq!(
        measured,
        confirmed.iter().map(String::as_str).collect::<Vec<_>>()
    );
    // And it works on from there.
    let p = &procs[0].procedure;
    bo.step(&case_id, p, &Step::Check)
        .expect("check after migration");
}
