//! The supervisor's daily tally, end to end: a day of tickets and a case at a
//! real hub on loopback, the tally taken through the window's backend, printed
//! to PDF and read back with pdftotext (and rendered with pdftoppm).

#[path = "support/hub.rs"]
mod hub;
#[path = "support/ui.rs"]
mod ui;

use std::path::Path;

use hub::{demo_db, walk_in, HubProcess};
use madoguchi::api::{CallNext, TicketAction, TicketActionRequest};
use madoguchi::client::HubClient;
use madoguchi::ui::backend::{Backend, Settings};

fn act(clerk: &HubClient, id: &str, action: TicketAction) {
    clerk
        .act(id, &TicketActionRequest { action, at: None }, None)
        .expect("ticket action");
}

fn call(clerk: &HubClient) -> madoguchi::api::Ticket {
    clerk
        .call_next(
            &CallNext {
                counter: "3".into(),
                categories: vec!["A".into()],
            },
            None,
        )
        .expect("call")
        .expect("a ticket waits")
}

fn backend(url: &str, user: &str, dir: &Path) -> Backend {
    Backend::connect_at(
        Settings::default(),
        url,
        user,
        &format!("{user}-demo"),
        &dir.join(format!("{user}-cache.db")),
        &dir.join("print"),
    )
    .expect("backend")
}

#[test]
fn the_days_tally_counts_tickets_waits_and_cases() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 20);
    let hub = HubProcess::start(&db, "127.0.0.1:0");
    let clerk = HubClient::new(&hub.url, "clerk", "clerk-demo").expect("client");
    for category in ["A", "A", "A", "C"] {
        clerk.issue(&walk_in(category), None).expect("issue");
    }
    let served = call(&clerk);
    act(&clerk, &served.id, TicketAction::Start);
    act(
        &clerk,
        &served.id,
        TicketAction::Finish {
            outcome: "move_in".into(),
        },
    );
    let absent = call(&clerk);
    act(&clerk, &absent.id, TicketAction::NoShow);

    // The seed move-in's case, as the counter hands it over.
    let case = hub::submit_seed_case(&clerk, "20261122-A-001", Some(&served.id));
    // The back office takes 転入届 to done; the rest wait.
    let bo = HubClient::new(&hub.url, "backoffice", "backoffice-demo").expect("bo");
    for step in [
        madoguchi::processing::Step::Enter,
        madoguchi::processing::Step::Check,
        madoguchi::processing::Step::Complete,
    ] {
        bo.step(&case.id, "resident.move_in", &step).expect("step");
    }
    let open = case.confirmed.len() - 1;

    let supervisor = backend(&hub.url, "supervisor", dir.path());
    let (pdf, said) = madoguchi::ui::printing::print_tally(&supervisor).expect("tally");
    assert!(
        said.contains("プリンター未設定"),
        "says where it went: {said}"
    );
    let text = ui::pdftotext(&pdf);
    for expected in [
        "窓口日計表",
        "北九州市小倉北区役所",
        "発券4件完了1件",
        // category, issued, served, no-show, still open
        "A転入・転出3111",
        "C国保・年金1001",
        "合計4112",
        "事務センターへ送付した受付1件転入1",
        "本日受付分の処理状況（処理時間は受付から完了まで）",
        "中央値(分)",
        // received 1, done 1, a median and a longest of 0.0 minutes
        "転入届110.00.0",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    let backlog = format!("事務センターの未完了{open}件（受付{open}、入力済0、審査済0、差戻し0）");
    assert!(text.contains(&backlog), "{backlog} missing from:\n{text}");
    assert!(
        !text.contains("門司"),
        "no personal data in the tally: {text}"
    );

    // The page renders (looked at by hand: docs/screens/tally.png).
    let png = std::env::var_os("MADOGUCHI_SHOTS")
        .map_or_else(|| dir.path().to_path_buf(), std::path::PathBuf::from)
        .join("tally");
    let out = std::process::Command::new("pdftoppm")
        .args([
            "-r",
            "60",
            "-png",
            "-singlefile",
            pdf.to_str().expect("path"),
            png.to_str().expect("path"),
        ])
        .output()
        .expect("pdftoppm");
    assert!(out.status.success());
    assert!(
        std::fs::metadata(png.with_extension("png"))
            .expect("png")
            .len()
            > 5_000
    );

    // The same tally headless, for a script at the end of the day.
    let out = dir.path().join("cli-tally.pdf");
    let run = |args: &[&str]| {
        std::process::Command::new(hub::BIN)
            .arg("tally")
            .args(["--hub", &hub.url, "--password", "supervisor-demo"])
            .args(args)
            .output()
            .expect("madoguchi tally")
    };
    let ok = run(&["--out", out.to_str().expect("path")]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let said = String::from_utf8_lossy(&ok.stdout);
    assert!(said.contains("4 issued, 1 served, 1 case(s)"), "{said}");
    assert!(ui::pdftotext(&out).contains("合計4112"));
    // A day with no tickets is a tally of zeros, not an error.
    let empty = run(&["--day", "2020-01-06", "--out", out.to_str().expect("path")]);
    assert!(
        empty.status.success(),
        "{}",
        String::from_utf8_lossy(&empty.stderr)
    );
    assert!(ui::pdftotext(&out).contains("合計0000"));
    // An impossible day is refused by name; nothing is written.
    std::fs::remove_file(&out).expect("rm");
    let bad = run(&["--day", "2026-02-30", "--out", out.to_str().expect("path")]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("2026-02-30"));
    assert!(!out.exists());

    // A floor manager's tally has the queue, and says why the cases are not in it.
    let floor = backend(&hub.url, "floor", dir.path());
    let (pdf, _) = madoguchi::ui::printing::print_tally(&floor).expect("tally");
    let text = ui::pdftotext(&pdf);
    assert!(text.contains("A転入・転出3111"), "{text}");
    assert!(text.contains("監督者のみ"), "{text}");
}
