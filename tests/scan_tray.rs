//! Scanned pages at the back office, over a real hub: a routed page lands on
//! its case at its form and page; the same place twice is a duplicate; a page
//! nobody could place waits in the unrouted tray until a person assigns it,
//! and stays on record there; images are read by the back office only, and
//! every read is in the audit log.

#[path = "support/hub.rs"]
mod hub;

use madoguchi::api::{AssignPage, ScanPlace, UnroutedPlace};
use madoguchi::client::{ClientError, HubClient};

fn png(shade: u8) -> Vec<u8> {
    let img = image::GrayImage::from_pixel(40, 60, image::Luma([shade]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}

fn status_of(e: &ClientError) -> Option<u16> {
    match e {
        ClientError::Rejected { status, .. } => Some(*status),
        _ => None,
    }
}

#[test]
fn routed_pages_duplicates_and_the_tray() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = hub::demo_db(dir.path(), 50);
    let hub = hub::HubProcess::start(&db, "127.0.0.1:0");
    let clerk = HubClient::for_counter(&hub.url, "clerk", "clerk-demo", "3").expect("clerk");
    let bo = HubClient::new(&hub.url, "backoffice", "backoffice-demo").expect("bo");
    let supervisor = HubClient::new(&hub.url, "supervisor", "supervisor-demo").expect("sv");
    let id = "20261130-A-050";
    hub::submit_seed_case(&clerk, id, None);

    let place = |form: &str, page: u32| ScanPlace {
        form: Some(form.into()),
        page: Some(page),
        source: Some(format!("stack.pdf#{page}")),
    };
    let first = bo
        .add_page(id, &place("resident.move_in", 2), "image/png", png(200))
        .expect("routed page");
    assert_eq!(first.form.as_deref(), Some("resident.move_in"));
    assert_eq!(first.page, Some(2));
    let e = bo
        .add_page(id, &place("resident.move_in", 2), "image/png", png(180))
        .expect_err("the same place twice");
    assert_eq!(status_of(&e), Some(409), "{e}");
    assert!(e.to_string().contains("duplicate"), "{e}");
    let e = bo
        .add_page("20991231-Z-999", &place("x", 1), "image/png", png(1))
        .expect_err("unknown case");
    assert_eq!(status_of(&e), Some(404), "{e}");
    let e = bo
        .add_page(id, &place("x", 1), "image/png", b"not a png".to_vec())
        .expect_err("broken image");
    assert_eq!(status_of(&e), Some(400), "{e}");

    // The tray: in, listed, placed, still on record.
    let tray = UnroutedPlace {
        source: "stack.pdf#7".into(),
        reason: "no readable QR code".into(),
    };
    let e = clerk
        .add_unrouted(&tray, "image/png", png(250))
        .expect_err("a clerk has no tray");
    assert_eq!(status_of(&e), Some(403), "{e}");
    let waiting = bo
        .add_unrouted(&tray, "image/png", png(250))
        .expect("into the tray");
    let listed = bo.unrouted(false).expect("tray");
    assert_eq!(listed, vec![waiting.clone()]);
    let (ct, bytes) = bo.unrouted_image(&waiting.id).expect("its image");
    assert_eq!((ct.as_str(), bytes.len()), ("image/png", png(250).len()));
    let to = |page| AssignPage {
        case_id: id.into(),
        form: Some("resident.move_in".into()),
        page: Some(page),
    };
    let e = bo
        .assign_page(&waiting.id, &to(2))
        .expect_err("page 2 is there");
    assert_eq!(status_of(&e), Some(409), "{e}");
    assert_eq!(bo.unrouted(false).expect("tray").len(), 1, "still waiting");
    let placed = supervisor
        .assign_page(&waiting.id, &to(3))
        .expect("assigned");
    assert_eq!(placed.source.as_deref(), Some("stack.pdf#7"));
    assert!(bo.unrouted(false).expect("tray").is_empty());
    let all = bo.unrouted(true).expect("the tray's record");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].assigned_case.as_deref(), Some(id));
    assert_eq!(all[0].assigned_by.as_deref(), Some("supervisor"));
    let e = bo
        .assign_page(&waiting.id, &to(4))
        .expect_err("placed once");
    assert_eq!(status_of(&e), Some(409), "{e}");

    // The case lists its pages in order; the images are the back office's.
    let scans = bo.scans(id).expect("scans");
    assert_eq!(
        scans.iter().map(|s| s.page).collect::<Vec<_>>(),
        [Some(2), Some(3)]
    );
    let (_, img) = bo.scan_image(&scans[1].id).expect("image");
    assert_eq!(img, png(250));
    let e = clerk.scan_image(&scans[1].id).expect_err("not a clerk's");
    assert_eq!(status_of(&e), Some(403), "{e}");
    let audit = supervisor.audit(50).expect("audit");
    let reads: Vec<_> = audit
        .iter()
        .filter(|a| a.action == "scan" && a.user == "backoffice")
        .collect();
    assert_eq!(reads.len(), 2, "the tray page and the case page: {audit:?}");
    assert!(reads.iter().any(|a| a.case_id.as_deref() == Some(id)));
}
