//! The writer thread's own tests: a panicking write, grouped commits.
use super::*;
use crate::hub::store::{Storage, WriteOp};

fn ticket(category: &str) -> WriteOp {
    WriteOp::IssueTicket {
        req: IssueTicket {
            category: category.into(),
            priority: false,
            id: None,
            number: None,
            created_at: None,
        },
        at: crate::clock::now(),
    }
}

#[test]
fn a_panicking_write_fails_alone_and_the_writer_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SqliteStore::open(&dir.path().join("hub.db")).expect("store");
    let alone = store.write(None, WriteOp::PanicForTest);
    assert!(
        matches!(alone, Err(StoreError::Unprocessable(_))),
        "{alone:?}"
    );
    assert!(store.write(None, WriteOp::Ping).is_ok(), "the writer lives");
    // In a group: only the panicking write fails; the others are applied once.
    let results = store.write_many(vec![
        (None, ticket("A")),
        (None, WriteOp::PanicForTest),
        (None, ticket("B")),
    ]);
    assert!(results[0].is_ok() && results[2].is_ok(), "{results:?}");
    assert!(matches!(results[1], Err(StoreError::Unprocessable(_))));
    let day = japan_day(crate::clock::now());
    let tickets = store.tickets_since(day).expect("tickets");
    assert_eq!(tickets.len(), 2, "each good write applied exactly once");
    let categories = store.categories().expect("categories");
    assert!(
        categories.iter().all(|c| c.code != "P"),
        "the panicking write rolled back"
    );
}

#[test]
fn the_end_of_time_is_a_bad_request_not_a_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SqliteStore::open(&dir.path().join("hub.db")).expect("store");
    let far = chrono::DateTime::<chrono::Utc>::MAX_UTC;
    let r = store.write(
        None,
        WriteOp::IssueTicket {
            req: IssueTicket {
                category: "A".into(),
                priority: false,
                id: None,
                number: None,
                created_at: Some(far),
            },
            at: crate::clock::now(),
        },
    );
    assert!(matches!(r, Err(StoreError::BadRequest(_))), "{r:?}");
    assert_eq!(japan_day(far), far.date_naive());
}
