//! The back office in the real window (iced_test Simulator) over a real hub:
//! the worklist shows a case's procedures oldest first; one opens beside its
//! scanned page (a real render of the printed batch) with the data as the
//! counter entered it; F5, F6, F7 take it to 完了 and the hub records each
//! step; F8 returns another with a reason; the unrouted tray assigns a page.
//! With MADOGUCHI_SHOTS=dir the screens are saved for the README.

#[path = "support/hub.rs"]
mod hub;
#[path = "support/ui.rs"]
mod ui;

use std::path::Path;
use std::process::Command;

use iced::keyboard::{key::Named, Key, Modifiers};
use madoguchi::api::{ScanPlace, UnroutedPlace};
use madoguchi::client::HubClient;
use madoguchi::processing::Stage;
use ui::{home_for, Driver};

/// The seed case's batch printed by the real command, its pages rendered at
/// 150 dpi as a scanner would return them.
fn rendered_pages(dir: &Path, case_id: &str) -> Vec<Vec<u8>> {
    let pdf = dir.join("batch.pdf");
    let o = Command::new(hub::BIN)
        .args(["print", "--input"])
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/seed-move-in-address.json"
        ))
        .args(["--case", case_id, "--out"])
        .arg(&pdf)
        .output()
        .expect("print");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let prefix = dir.join("page");
    let o = Command::new("pdftoppm")
        .args(["-r", "150", "-gray", "-png", "-f", "1", "-l", "2"])
        .arg(&pdf)
        .arg(&prefix)
        .output()
        .expect("pdftoppm");
    assert!(o.status.success());
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("page"))
        })
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read(p).expect("page"))
        .collect()
}

fn stage(hub_url: &str, case_id: &str, procedure: &str) -> Stage {
    HubClient::new(hub_url, "supervisor", "supervisor-demo")
        .expect("sv")
        .case_procedures(case_id)
        .expect("procedures")
        .into_iter()
        .find(|p| p.procedure == procedure)
        .expect("procedure")
        .stage
}

#[test]
fn the_back_office_works_a_case_to_done_and_routes_a_page() {
    let _one_at_a_time = ui::serial();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = hub::demo_db(dir.path(), 50);
    let hub = hub::HubProcess::start(&db, "127.0.0.1:0");
    let clerk = HubClient::for_counter(&hub.url, "clerk", "clerk-demo", "3").expect("clerk");
    let bo = HubClient::new(&hub.url, "backoffice", "backoffice-demo").expect("bo");
    let id = "20261130-A-061";
    let summary = hub::submit_seed_case(&clerk, id, None);
    let pages = rendered_pages(dir.path(), id);
    for (i, png) in pages.iter().enumerate() {
        let place = ScanPlace {
            form: Some(if i == 0 { "guidance" } else { "resident_move" }.into()),
            page: Some(i as u32 + 1),
            source: None,
        };
        bo.add_page(id, &place, "image/png", png.clone())
            .expect("page");
    }
    bo.add_unrouted(
        &UnroutedPlace {
            source: "stack-0930.pdf#4".into(),
            reason: "no readable QR code".into(),
        },
        "image/png",
        pages[1].clone(),
    )
    .expect("tray");
    let procs = bo.case_procedures(id).expect("procedures");
    let first = procs[0].clone();
    let second = procs[1].clone();
    assert_eq!(first.procedure, summary.confirmed[0]);

    let home = home_for(dir.path(), &hub.url);
    let mut d = Driver::boot();
    d.type_into("user", "backoffice", false);
    d.type_into("password", "backoffice-demo", true);
    d.expect_shown("事務センター", "the back office's screen");
    d.expect_shown(
        &format!("{} 件（受付の古い順）", procs.len()),
        "the worklist",
    );
    d.expect_shown(&first.title, "the first procedure is listed");
    let shots = std::env::var_os("MADOGUCHI_SHOTS").map(std::path::PathBuf::from);
    if let Some(s) = &shots {
        d.screenshot(s, "back-office-worklist")
            .save(s.join("back-office-worklist.png"))
            .expect("save");
    }

    // Enter opens the first row, beside its pages; the data in the core's order.
    d.key(Key::Named(Named::Enter), Modifiers::empty());
    d.expect_shown(
        "窓口で入力された内容（基幹システムの入力順）",
        "the procedure is open",
    );
    d.expect_shown(
        "1 / 2 ページ：案内書（1 ページ目）",
        "its first scanned page",
    );
    d.expect_shown("門司 健一", "the head as entered");
    let claimed = bo.case_procedures(id).expect("procs");
    assert_eq!(
        claimed[0].claimed_by.as_deref(),
        Some("backoffice"),
        "opening claims it"
    );
    let english: Vec<String> = d
        .texts()
        .into_iter()
        .filter(|t| !ui::english_words(t).is_empty())
        .collect();
    assert_eq!(
        english,
        Vec::<String>::new(),
        "no English or developer text"
    );
    d.key(Key::Named(Named::PageDown), Modifiers::empty());
    d.expect_shown("2 / 2 ページ：住民異動届（2 ページ目）", "paged");
    if let Some(s) = &shots {
        d.screenshot(s, "back-office-case")
            .save(s.join("back-office-case.png"))
            .expect("save");
    }

    // F5, F6, F7: each step at the hub, with who.
    d.key(Key::Named(Named::F5), Modifiers::empty());
    d.expect_shown("入力済にしました", "entered");
    assert_eq!(stage(&hub.url, id, &first.procedure), Stage::Entered);
    d.key(Key::Named(Named::F6), Modifiers::empty());
    assert_eq!(stage(&hub.url, id, &first.procedure), Stage::Checked);
    d.key(Key::Named(Named::F7), Modifiers::empty());
    d.expect_shown("完了にしました", "done");
    assert_eq!(stage(&hub.url, id, &first.procedure), Stage::Done);
    // Done: F5 again changes nothing.
    d.key(Key::Named(Named::F5), Modifiers::empty());
    assert_eq!(stage(&hub.url, id, &first.procedure), Stage::Done);

    // Another procedure of the case, returned with a reason.
    d.click_containing(&second.title);
    d.key(Key::Named(Named::F8), Modifiers::empty());
    d.type_into("bo_reason", "前住所の番地が転出証明書と違います", true);
    d.expect_shown("差戻しにしました", "returned");
    assert_eq!(stage(&hub.url, id, &second.procedure), Stage::Returned);
    d.key(Key::Named(Named::Escape), Modifiers::empty());
    d.expect_shown("件（受付の古い順）", "back at the list");
    let after = bo.case_procedures(id).expect("procs");
    assert!(
        after.iter().all(|p| p.claimed_by.is_none()),
        "leaving releases the claim"
    );

    // The tray: the page shown, assigned to the case at page 3.
    d.click("未仕分けの読取ページ（1）");
    d.expect_shown(
        "QRコードを読めません（白紙、汚れ、別の書類）",
        "why it waits",
    );
    d.click_containing("stack-0930.pdf#4");
    if let Some(s) = &shots {
        d.screenshot(s, "back-office-tray")
            .save(s.join("back-office-tray.png"))
            .expect("save");
    }
    d.type_into("tray_case", id, false);
    d.type_into("tray_page", "3", true);
    d.expect_shown(&format!("受付 {id} に振り分けました"), "assigned");
    let scans = bo.scans(id).expect("scans");
    assert_eq!(scans.len(), 3);
    assert_eq!(scans[2].source.as_deref(), Some("stack-0930.pdf#4"));
    assert!(bo.unrouted(false).expect("tray").is_empty());

    // Today's hand-off from the screen: written under the data directory,
    // its checksums verifying.
    d.click("本日分の引継ぎファイルを出力");
    d.expect_shown("1 件の引継ぎファイルを出力しました", "exported");
    let day = madoguchi::handoff::japan_day(chrono::Utc::now());
    let pkg = madoguchi::paths::data_dir()
        .join("handoff")
        .join(format!("handoff-{day}"));
    assert!(pkg.starts_with(&home), "{}", pkg.display());
    let manifest = madoguchi::handoff::verify(&pkg).expect("the package verifies");
    assert_eq!(manifest.cases, [id]);
    assert_eq!(
        manifest
            .files
            .iter()
            .filter(|f| f.name.starts_with("scans/"))
            .count(),
        3,
        "the two routed pages and the one assigned from the tray"
    );
}

/// The counter sees the back office's progress live: a visit handed over in
/// the window shows how many of its procedures are done, a 差戻し appears as a
/// task with its reason (through the hub's real event stream), and the
/// clerk's answer sends it back to 受付.
#[test]
fn the_counter_sees_progress_and_answers_a_return() {
    use futures_util::StreamExt;
    use madoguchi::ui::counter;
    use madoguchi::ui::live::{stream, Live};
    use madoguchi::ui::Message;

    let _one_at_a_time = ui::serial();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = hub::demo_db(dir.path(), 50);
    hub::seed_household(&db);
    let hub = hub::HubProcess::start(&db, "127.0.0.1:0");
    home_for(dir.path(), &hub.url);
    let ticket = ui::issue(&hub.url, "A");
    let mut d = Driver::boot();
    d.type_into("user", "clerk", false);
    d.type_into("password", "clerk-demo", true);
    d.click("次の方を呼出（F2）");
    d.click("インテーク開始");
    d.type_into("kana", "モジ", true);
    d.click_containing("門司 健一（");
    // 転入 is preselected: the dates from the move-out certificate.
    d.type_into("event_date", "2026-11-21", false);
    d.type_into("event.planned_move_out_date", "2026-11-20", false);
    d.type_into("event.from_prefecture", "山口県", false);
    d.click("次へ");
    d.click("次へ");
    d.click("申請書と案内書を一括印刷（Ctrl+P）");
    d.click("受付完了（事務センターへ送付）");
    d.expect_shown("受付を完了しました", "handed over");
    let case_id = madoguchi::ui::intake::case_id(&ticket);
    let bo = HubClient::new(&hub.url, "backoffice", "backoffice-demo").expect("bo");
    assert!(
        hub::wait_until(std::time::Duration::from_secs(10), || bo
            .case_procedures(&case_id)
            .is_ok()),
        "the case reached the hub"
    );
    let procs = bo.case_procedures(&case_id).expect("procedures");
    d.send(Message::Counter(counter::Message::LoadStatuses));
    d.expect_shown(
        &format!("事務センター：完了 0 / {} 件", procs.len()),
        "progress",
    );

    // The back office completes one and returns another; the counter's live
    // stream (the real one, from the hub) says something changed.
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let watcher = std::sync::Arc::new(
        HubClient::for_counter(&hub.url, "clerk", "clerk-demo", "2").expect("watcher"),
    );
    let mut live = Box::pin(stream(watcher));
    let mut next = || {
        rt.block_on(async {
            tokio::time::timeout(std::time::Duration::from_secs(20), live.next())
                .await
                .ok()
                .flatten()
        })
    };
    assert_eq!(next(), Some(Live::Changed), "connected");
    let first = &procs[0].procedure;
    for step in [
        madoguchi::processing::Step::Enter,
        madoguchi::processing::Step::Check,
        madoguchi::processing::Step::Complete,
    ] {
        bo.step(&case_id, first, &step).expect("step");
        let heard = next();
        assert_eq!(
            heard,
            Some(Live::Procedures),
            "each step is heard as a procedure's"
        );
        d.send(Message::Counter(counter::Message::Live(
            heard.expect("event"),
        )));
    }
    d.expect_shown(
        &format!("事務センター：完了 1 / {} 件", procs.len()),
        "one done",
    );
    let second = &procs[1];
    bo.step(
        &case_id,
        &second.procedure,
        &madoguchi::processing::Step::Return {
            reason: "婚姻の相手方の本籍が未記入です".into(),
        },
    )
    .expect("return");
    let heard = next().expect("the return is heard");
    d.send(Message::Counter(counter::Message::Live(heard)));
    d.expect_shown("差戻し 1 件（回答してください）", "a task");
    d.expect_shown("理由：婚姻の相手方の本籍が未記入です", "with its reason");
    if let Some(s) = std::env::var_os("MADOGUCHI_SHOTS").map(std::path::PathBuf::from) {
        d.screenshot(&s, "counter-returned")
            .save(s.join("counter-returned.png"))
            .expect("save");
    }

    // The answer sends it back to 受付.
    d.click("回答");
    d.expect_shown(
        "差戻しへの回答（対応した内容）を入力してください",
        "an answer needs words",
    );
    d.type_into(
        "returned_answer",
        "相手方に確認し、本籍を記入しました",
        true,
    );
    d.expect_shown(
        &format!("{case_id} の {} に回答しました", second.title),
        "answered",
    );
    assert!(
        !d.shows("差戻し 1 件（回答してください）"),
        "{:?}",
        d.texts()
    );
    let after = bo.case_procedures(&case_id).expect("procedures");
    let p = after
        .iter()
        .find(|p| p.procedure == second.procedure)
        .expect("second");
    assert_eq!(p.stage, Stage::Received);
    assert_eq!(p.history.last().map(|h| h.by.as_str()), Some("clerk"));
    assert_eq!(
        p.history.last().and_then(|h| h.note.as_deref()),
        Some("相手方に確認し、本籍を記入しました")
    );
}
