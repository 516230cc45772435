//! A visit reopened at the counter, over a real hub: the case is sent again as
//! its next revision and replaces the one before while the back office has not
//! taken it; a replay of an older revision, or a change after the back office
//! took the case, is refused with a reason and changes nothing.

#[path = "support/hub.rs"]
mod hub;

use chrono::Utc;
use madoguchi::api::{CaseStatus, CaseSubmission};
use madoguchi::client::{ClientError, HubClient};
use madoguchi::visit::{Finish, Visit};

fn read(clerk: &HubClient, id: &str) -> CaseSubmission {
    let (status, body) = clerk
        .send(
            reqwest::Method::GET,
            &format!("/api/cases/{id}"),
            None,
            None,
        )
        .expect("read the case");
    assert_eq!(status, 200, "{body}");
    serde_json::from_value(body["case"].clone()).expect("case")
}

#[test]
fn a_reopened_case_replaces_its_revision_until_the_back_office_takes_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = hub::demo_db(dir.path(), 50);
    let hub = hub::HubProcess::start(&db, "127.0.0.1:0");
    let clerk = HubClient::for_counter(&hub.url, "clerk", "clerk-demo", "3").expect("clerk");
    let back_office = HubClient::new(&hub.url, "backoffice", "backoffice-demo").expect("bo");
    let id = "20261130-A-007";
    hub::submit_seed_case(&clerk, id, None);
    let first = read(&clerk, id);

    // Reopened: one procedure unticked, sent as revision 1.
    let mut visit = Visit::reopen(&first, None);
    let dropped = first.confirmed[0].clone();
    visit.confirm(&dropped, false).expect("untick");
    let second = visit
        .finish(Finish::WithoutPrint, None, "3", Utc::now())
        .expect("case");
    assert_eq!(second.revision, 1);
    clerk
        .submit_case(&second)
        .expect("revision 1 replaces revision 0");
    let stored = read(&clerk, id);
    assert_eq!(stored.revision, 1);
    assert!(
        !stored.confirmed.contains(&dropped),
        "{:?}",
        stored.confirmed
    );
    let summary = back_office
        .inbox(None)
        .expect("inbox")
        .into_iter()
        .find(|c| c.id == id)
        .expect("listed once");
    assert!(!summary.confirmed.contains(&dropped));

    // The same revision again (an outbox replay) is answered as before.
    clerk.submit_case(&second).expect("idempotent");
    // The first revision replayed under its key gets its first answer and
    // changes nothing; sent anew (another key) it is refused as older.
    clerk
        .submit_case(&first)
        .expect("a replay is answered as before");
    assert_eq!(read(&clerk, id).revision, 1);
    match clerk.send(
        reqwest::Method::POST,
        "/api/cases",
        Some(&serde_json::to_value(&first).expect("json")),
        Some("another-key"),
    ) {
        Err(ClientError::Rejected { status: 409, .. }) => {}
        other => panic!("an older revision must be refused: {other:?}"),
    }
    assert_eq!(read(&clerk, id).revision, 1);

    // The back office takes it: the counter can no longer change it.
    back_office
        .set_case_status(id, CaseStatus::Entered)
        .expect("entered");
    assert_eq!(clerk.case_status(id).expect("status"), CaseStatus::Entered);
    let mut again = Visit::reopen(&read(&clerk, id), None);
    again.confirm(&dropped, true).expect("tick");
    let third = again
        .finish(Finish::WithoutPrint, None, "3", Utc::now())
        .expect("case");
    match clerk.submit_case(&third) {
        Err(ClientError::Rejected {
            status: 409,
            message,
        }) => {
            assert!(message.contains("back office"), "{message}")
        }
        other => panic!("a taken case must be refused: {other:?}"),
    }
    let kept = read(&clerk, id);
    assert_eq!((kept.revision, kept.confirmed), (1, second.confirmed));
}
