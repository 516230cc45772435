//! The counter PC keeps no resident data past the day: after the day-end purge,
//! the bytes of yesterday's names are in neither the cache file nor its WAL,
//! while a write still waiting for the hub is kept and readable. Also the print
//! folder's old batch PDFs, and an old cache file from before secure_delete.

use std::path::Path;
use std::time::SystemTime;

use chrono::{Duration, NaiveDate, Utc};
use madoguchi::api::{japan_day, CaseSubmission, HouseholdRecord};
use madoguchi::client::cache::{japan_midnight, put_case};
use madoguchi::client::day_end::{purge, purge_print_folder};
use madoguchi::client::LocalCache;
use madoguchi::hub::sqlite::ts;
use serde_json::json;

#[path = "support/hub.rs"]
mod hub;

/// Yesterday's resident: names that appear nowhere else in the cache.
const GONE_NAME: &str = "鵺野 轟麿";
const GONE_KANA: &str = "ヌエノ トドロマロ";
const GONE_ADDRESS: &str = "北九州市小倉北区鵺ヶ淵町九丁目";
const GONE_DRAFT: &str = "鷭沢 霙子";
const GONE_SENT: &str = "鶚川 雫之丞";
/// The resident of the case still waiting for the hub: kept.
const KEPT_NAME: &str = "鴫原 凪沙";

fn household(id: &str, name: &str, kana: &str, address: &str) -> HouseholdRecord {
    let mut record = madoguchi::demo::seed_household().expect("seed household");
    record.id = id.into();
    record.household.address = Some(address.into());
    for (i, m) in record.household.members.iter_mut().enumerate() {
        m.name = format!("{name}{i}");
        m.kana = format!("{kana}{i}");
    }
    record
}

fn case(id: &str, h: &HouseholdRecord) -> CaseSubmission {
    let mut request =
        madoguchi::input::parse_request(include_str!("fixtures/seed-move-in-address.json"))
            .expect("request")
            .request;
    request.household = h.household.clone();
    let (texts, catalogs) = madoguchi::load_rules(None).expect("rules");
    let catalog = catalogs.in_effect(request.as_of).expect("catalog");
    let determination = madoguchi::determine(&request, catalog, &texts, "ja");
    CaseSubmission {
        id: id.into(),
        ticket_id: None,
        household_id: Some(h.id.clone()),
        counter: "3".into(),
        request,
        determination,
        confirmed: vec![],
        forms_printed: vec![],
        timings: Default::default(),
        revision: 0,
    }
}

/// The cache file and its WAL, as a thief would copy them off the disk.
fn raw_bytes(db: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(db).expect("cache file");
    let wal = db.with_file_name(format!(
        "{}-wal",
        db.file_name().expect("name").to_string_lossy()
    ));
    if let Ok(w) = std::fs::read(&wal) {
        bytes.extend(w);
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    let n = needle.as_bytes();
    haystack.windows(n.len()).any(|w| w == n)
}

/// Distinctive pieces of yesterday's data: a name, the kana, the address, and a
/// single kanji-pair of each, so a name split across fields is found too.
fn gone_needles() -> Vec<&'static str> {
    vec![
        GONE_NAME,
        GONE_KANA,
        GONE_ADDRESS,
        "鵺野",
        "轟麿",
        "ヌエノ",
        "鵺ヶ淵",
        GONE_DRAFT,
        "霙子",
        GONE_SENT,
        "雫之丞",
    ]
}

fn set_day(cache: &LocalCache, sql: &str, at: chrono::DateTime<Utc>) {
    cache.conn().execute(sql, [ts(at)]).expect("backdate");
}

#[test]
fn yesterdays_residents_leave_no_bytes_in_the_cache_file_or_its_wal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("cache.db");
    let today = japan_day(Utc::now());
    let yesterday = today - Duration::days(1);
    let yesterday_noon = japan_midnight(yesterday) + Duration::hours(12);
    let mut cache = LocalCache::open(&db).expect("open");

    // Yesterday: a household looked up, its case sent, a draft left open.
    let gone = household("H-GONE", GONE_NAME, GONE_KANA, GONE_ADDRESS);
    cache.cache_household(&gone, yesterday).expect("household");
    let sent_case = case("20261122-A-001", &gone);
    let body = serde_json::to_value(&sent_case).expect("json");
    cache
        .write_with_outbox("POST", "/api/cases", &body, |c| {
            put_case(c, &sent_case, yesterday)
        })
        .expect("case");
    let sent = household("H-SENT", GONE_SENT, "ミサゴガワ", "鶚川町");
    cache
        .write_with_outbox(
            "POST",
            "/api/cases",
            &json!({ "name": GONE_SENT, "household": sent }),
            |_| Ok(()),
        )
        .expect("sent entry");
    let seqs: Vec<i64> = cache
        .pending(10)
        .expect("pending")
        .iter()
        .map(|e| e.seq)
        .collect();
    assert_eq!(seqs.len(), 2);
    let answers: Vec<_> = seqs
        .iter()
        .map(|s| (*s, 201, json!({ "ok": true })))
        .collect();
    cache.record_batch(&answers).expect("sent");
    cache
        .save_draft(
            "intake-3",
            &json!({ "name": GONE_DRAFT, "kana": "バンザワ ミゾレコ" }),
        )
        .expect("draft");
    set_day(&cache, "UPDATE outbox SET created_at = ?1", yesterday_noon);
    set_day(&cache, "UPDATE drafts SET updated_at = ?1", yesterday_noon);

    // Yesterday too, but the hub never had it: must stay until sent.
    let kept = household("H-KEPT", KEPT_NAME, "シギハラ ナギサ", "鴫原町");
    let kept_case = case("20261122-A-002", &kept);
    let kept_body = serde_json::to_value(&kept_case).expect("json");
    cache
        .write_with_outbox("POST", "/api/cases", &kept_body, |c| {
            put_case(c, &kept_case, yesterday)
        })
        .expect("pending case");
    set_day(
        &cache,
        "UPDATE outbox SET created_at = ?1 WHERE state = 'pending'",
        yesterday_noon,
    );
    // Today's draft stays.
    cache
        .save_draft("intake-today", &json!({ "note": "today" }))
        .expect("today's draft");

    // Before the purge the names are on disk: the search below can find them.
    let before = raw_bytes(&db);
    for needle in gone_needles() {
        assert!(contains(&before, needle), "{needle} not written at all");
    }

    let n = cache.purge_before(today).expect("purge");
    assert!(n >= 5, "{n} rows purged");

    let after = raw_bytes(&db);
    let left: Vec<_> = gone_needles()
        .into_iter()
        .filter(|n| contains(&after, n))
        .collect();
    assert!(left.is_empty(), "still on disk after the purge: {left:?}");
    assert!(
        contains(&after, KEPT_NAME),
        "the pending case is not in the file"
    );

    // The write waiting for the hub is still there and readable.
    let pending = cache.pending(10).expect("pending");
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].path, "/api/cases");
    assert_eq!(pending[0].body["id"], "20261122-A-002");
    let kept_back: CaseSubmission =
        serde_json::from_value(pending[0].body.clone()).expect("a case");
    assert_eq!(
        kept_back.request.household.members[0].name,
        format!("{KEPT_NAME}0")
    );
    assert!(cache.draft("intake-today").expect("draft").is_some());
    assert!(cache.draft("intake-3").expect("draft").is_none());
    assert!(cache.cached_household("H-GONE").expect("read").is_none());
    let counts = cache.counts().expect("counts");
    assert_eq!((counts.pending, counts.sent), (1, 0));

    // Once sent, the waiting case goes at the next day's purge.
    let seq = pending[0].seq;
    cache
        .record_batch(&[(seq, 201, json!({ "ok": true }))])
        .expect("sent");
    cache
        .purge_before(today + Duration::days(1))
        .expect("purge");
    let next_day = raw_bytes(&db);
    assert!(!contains(&next_day, KEPT_NAME), "sent case kept");
    assert_eq!(cache.counts().expect("counts").sent, 0);
}

#[test]
fn an_old_cache_file_from_before_secure_delete_is_cleaned_at_its_first_purge() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("cache.db");
    let today = japan_day(Utc::now());
    {
        // As the release before secure_delete wrote it: deleted rows stay in free space.
        let cache = LocalCache::open(&db).expect("open");
        let c = cache.conn();
        c.execute_batch("PRAGMA secure_delete = OFF; PRAGMA user_version = 0;")
            .expect("old file");
        cache
            .save_draft("old", &json!({ "name": GONE_DRAFT }))
            .expect("draft");
        cache.clear_draft("old").expect("clear");
        c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .expect("checkpoint");
    }
    assert!(
        contains(&raw_bytes(&db), GONE_DRAFT),
        "without secure_delete a deleted draft stays in the file"
    );
    let cache = LocalCache::open(&db).expect("reopen");
    cache.purge_before(today).expect("purge");
    assert!(!contains(&raw_bytes(&db), GONE_DRAFT));
    let version: i64 = cache
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, 1);
}

fn file_at(dir: &Path, name: &str, at: chrono::DateTime<Utc>) {
    let path = dir.join(name);
    std::fs::write(&path, b"%PDF-1.7 synthetic").expect("write");
    std::fs::File::options()
        .write(true)
        .open(&path)
        .expect("open")
        .set_modified(SystemTime::from(at))
        .expect("mtime");
}

fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
        .collect();
    n.sort();
    n
}

#[test]
fn yesterdays_batch_pdf_is_deleted_and_todays_and_the_tally_stay() {
    let dir = tempfile::tempdir().expect("tempdir");
    let print = dir.path().join("print");
    std::fs::create_dir_all(&print).expect("print dir");
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let midnight = japan_midnight(today);
    file_at(&print, "20261122-A-001.pdf", midnight - Duration::hours(8));
    // 23:59:59 JST yesterday is still yesterday; 00:00:01 is today.
    file_at(
        &print,
        "20261122-A-009.pdf",
        midnight - Duration::seconds(1),
    );
    file_at(
        &print,
        "20261123-A-001.pdf",
        midnight + Duration::seconds(1),
    );
    file_at(
        &print,
        "tally-2026-11-22-ja.pdf",
        midnight - Duration::hours(2),
    );
    file_at(&print, "notes.txt", midnight - Duration::hours(30));

    assert_eq!(purge_print_folder(&print, today), Ok(2));
    assert_eq!(
        names(&print),
        ["20261123-A-001.pdf", "notes.txt", "tally-2026-11-22-ja.pdf"]
    );
    // Nothing more the next time; a missing folder is no error.
    assert_eq!(purge_print_folder(&print, today), Ok(0));
    assert_eq!(purge_print_folder(&dir.path().join("none"), today), Ok(0));

    // The whole day-end purge, as the window runs it: the PDFs and the cache.
    let cache = LocalCache::open(&dir.path().join("cache.db")).expect("cache");
    let purged = purge(&cache, &print, today + Duration::days(1)).expect("purge");
    assert_eq!(purged.pdfs, 1);
    assert_eq!(names(&print), ["notes.txt", "tally-2026-11-22-ja.pdf"]);
}

#[test]
fn the_window_purges_at_login_and_again_when_the_day_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = hub::demo_db(dir.path(), 20);
    let hub = hub::HubProcess::start(&db, "127.0.0.1:0");
    let print = dir.path().join("print");
    std::fs::create_dir_all(&print).expect("print dir");
    let now = Utc::now();
    let today = japan_day(now);
    let midnight = japan_midnight(today);
    file_at(&print, "old-A-001.pdf", midnight - Duration::hours(3));
    file_at(&print, "today-A-002.pdf", now);

    let backend = madoguchi::ui::backend::Backend::connect_at(
        madoguchi::ui::backend::Settings::default(),
        &hub.url,
        "clerk",
        "clerk-demo",
        &dir.path().join("cache.db"),
        &print,
    )
    .expect("log in");
    assert_eq!(names(&print), ["today-A-002.pdf"], "purged at login");

    // The same day: nothing to do. The next morning, once.
    assert_eq!(backend.day_changed(now), None);
    let tomorrow = now + Duration::days(1);
    assert_eq!(
        backend.day_changed(tomorrow),
        Some(today + Duration::days(1))
    );
    assert_eq!(backend.day_changed(tomorrow), None);
    let purged = backend
        .purge_day_end(today + Duration::days(1))
        .expect("purge");
    assert_eq!(purged.pdfs, 1);
    assert!(names(&print).is_empty());
}
