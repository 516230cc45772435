//! Whole-window tests with iced_test's Simulator (tiny-skia, bundled font):
//! the real App against a real hub process on loopback, driven by clicking
//! what is shown and typing, asserting what the window shows.

#[path = "support/hub.rs"]
mod hub;
#[path = "support/ui.rs"]
mod ui;

use std::process::Command;

use hub::{demo_db, seed_household, wait_for_case, HubProcess};
use madoguchi::client::HubClient;
use ui::{home_for, issue, pdftotext, printed_batch, Driver};

/// The preview's area in window units: the right-hand part of the print step.
const PREVIEW: (u32, u32, u32, u32) = (870, 175, 1225, 685);

/// The preview's area in the screenshot's pixels (the Simulator may draw at a
/// scale factor above 1).
fn preview_area(shot: &image::RgbaImage) -> (u32, u32, u32, u32) {
    let scale = shot.width() / 1280;
    let (x0, y0, x1, y1) = PREVIEW;
    (x0 * scale, y0 * scale, x1 * scale, y1 * scale)
}

/// In the preview's area: the share of white pixels, and how many are dark.
fn paper(shot: &image::RgbaImage) -> (f64, usize) {
    let (x0, y0, x1, y1) = preview_area(shot);
    let (mut white, mut dark, mut all) = (0usize, 0usize, 0usize);
    for y in y0..y1.min(shot.height()) {
        for x in x0..x1.min(shot.width()) {
            let [r, g, b, _] = shot.get_pixel(x, y).0;
            let level = (u32::from(r) + u32::from(g) + u32::from(b)) / 3;
            all += 1;
            if level > 245 {
                white += 1;
            } else if level < 110 {
                dark += 1;
            }
        }
    }
    (white as f64 / all.max(1) as f64, dark)
}

/// The share of the preview's pixels that differ between two screenshots.
fn changed(a: &image::RgbaImage, b: &image::RgbaImage) -> f64 {
    let (x0, y0, x1, y1) = preview_area(a);
    let (mut diff, mut all) = (0usize, 0usize);
    for y in y0..y1.min(a.height()).min(b.height()) {
        for x in x0..x1.min(a.width()).min(b.width()) {
            all += 1;
            if a.get_pixel(x, y) != b.get_pixel(x, y) {
                diff += 1;
            }
        }
    }
    diff as f64 / all.max(1) as f64
}

/// The seed move-in, from "call next" to the printed batch and the finished
/// case, by clicking and typing in the window. Counts the clerk's actions.
#[test]
fn clerk_serves_the_seed_move_in_from_the_call_to_the_printed_batch() {
    let _one_at_a_time = ui::serial();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 100);
    seed_household(&db);
    let hub = HubProcess::start(&db, "127.0.0.1:0");
    let home = home_for(dir.path(), &hub.url);
    let ticket = issue(&hub.url, "A");

    let mut d = Driver::boot();
    assert!(d.shows("ワンストップ窓口"), "{:?}", d.texts());
    assert!(d.shows(&format!("ハブ：{}", hub.url)));

    // A wrong password says so and stays on the login screen.
    d.type_into("user", "clerk", false);
    d.type_into("password", "wrong", true);
    assert!(
        d.shows("ユーザー名またはパスワードが違います"),
        "{:?}",
        d.texts()
    );
    d.type_into("password", "clerk-demo", true);
    assert!(d.shows("次の方を呼出（F2）"), "{:?}", d.texts());
    d.send(madoguchi::ui::Message::Tick); // what the 2-second subscription sends
    assert!(d.shows("● オンライン"), "{:?}", d.texts());

    // From here on, count what the clerk does beyond typing data.
    let mut actions = 0;
    d.click("次の方を呼出（F2）");
    actions += 1;
    assert!(
        d.shows(&format!("呼出中：{}", ticket.number)),
        "{:?}",
        d.texts()
    );
    d.click("インテーク開始");
    actions += 1;
    assert!(d.shows("1 世帯の検索"));

    d.type_into("kana", "モジ", true);
    actions += 1; // Enter
    assert!(d.shows("モジ ケンイチ"), "{:?}", d.texts());
    d.click_containing("門司 健一");
    actions += 1;
    assert!(d.shows("届出の種類"), "{:?}", d.texts());
    assert!(d.shows("門司 トシ子"), "the members are listed");

    // A day that does not exist, or an era date past its era, is said under the field and
    // Next does nothing (typing mistakes are not counted as actions).
    d.type_into("event_date", "2026-02-30", false);
    assert!(d.shows("存在しない日付です：2026-02-30"), "{:?}", d.texts());
    d.click("次へ");
    assert!(
        d.shows("届出の種類"),
        "Next must not pass an impossible date"
    );
    d.type_into("event_date", "H31.5.1", false);
    assert!(
        d.shows("平成の日付ではありません：H31.5.1"),
        "{:?}",
        d.texts()
    );
    d.type_into("event.planned_move_out_date", "あした", false);
    assert!(d.shows("日付として読めません：あした"), "{:?}", d.texts());

    // 転入 is preselected; the dates from the move-out certificate.
    d.type_into("event_date", "2026-11-21", false);
    d.type_into("event.planned_move_out_date", "2026-11-20", false);
    assert!(
        !d.shows("日付として読めません") && !d.shows("平成の日付ではありません"),
        "the date problems go once the dates read: {:?}",
        d.texts()
    );
    d.type_into("event.from_prefecture", "山口県", false);
    d.click("次へ");
    actions += 1;
    let shown = d.texts().join("\n");
    for expected in [
        "本日この窓口で受け付ける手続き",
        "国民健康保険 加入手続き",
        "令和8年12月5日",
        "令和8年12月6日",
    ] {
        assert!(shown.contains(expected), "{expected} not shown:\n{shown}");
    }
    assert!(!d.shows("× "), "what does not apply is hidden at first");
    d.click("対象外の手続きと理由を表示");
    assert!(d.shows("× "), "{:?}", d.texts());

    // Going back keeps the entries.
    d.click("戻る");
    assert!(d.ui(|s| s.find("2026-11-21").is_ok()), "{:?}", d.texts());
    d.click("次へ"); // the detour back and forth is not counted

    d.click("次へ");
    actions += 1;
    // The print step previews the pages as they will print: the guidance sheet
    // first, drawn on white paper at the right of the window.
    d.expect_shown("ページ：案内書", "the preview's first page");
    let shots = tempfile::tempdir().expect("tempdir");
    let first = d.screenshot(shots.path(), "page1");
    let (white, dark) = paper(&first);
    assert!(white > 0.6, "the preview is white paper ({white:.2})");
    assert!(
        dark > 1500,
        "with text and rules on it ({dark} dark pixels)"
    );
    d.click("次のページ"); // looking is not counted
    d.expect_shown("2 / ", "the second page");
    let second = d.screenshot(shots.path(), "page2");
    let moved = changed(&first, &second);
    eprintln!("preview: {white:.2} white, {dark} dark pixels; page 2 differs in {moved:.3}");
    assert!(moved > 0.02, "the next page looks different ({moved:.3})");
    // The print step says what the batch holds before it is printed.
    d.expect_shown("印刷する書類", "the batch's documents are listed");
    d.expect_shown(
        "申請書：国民健康保険 加入手続き",
        "a pre-filled form, by name",
    );
    d.expect_shown("案内書：", "the guidance sheet");
    d.click("申請書と案内書を一括印刷（Ctrl+P）");
    actions += 1;
    assert!(d.shows("PDFを保存しました"), "{:?}", d.texts());
    let progress: Vec<&String> = d
        .log
        .iter()
        .filter(|m| m.contains("PrintProgress"))
        .collect();
    assert!(
        progress.len() >= 2,
        "printing reports its pages as it goes: {progress:?}"
    );
    assert!(
        actions <= 15,
        "{actions} clerk actions from call to printed batch"
    );
    eprintln!("clerk actions from call next to the printed batch: {actions}");

    let (case_id, text) = printed_batch(&home, &ticket);
    for expected in [
        "門司健一",
        "モジケンイチ",
        "昭和61年7月14日",
        "令和8年12月5日",
    ] {
        assert!(text.contains(expected), "{expected} missing from the batch");
    }

    d.click("受付完了（事務センターへ送付）");
    d.expect_shown("受付を完了しました", "the visit is finished");
    d.expect_shown("呼出中の番号はありません", "the counter is free again");

    // The case reaches the back office through the outbox.
    assert_eq!(wait_for_case(&hub.url, &case_id).event, "move_in");
}

/// The floor manager logs in and sees the board: waiting per category.
#[test]
fn floor_manager_sees_the_board() {
    let _one_at_a_time = ui::serial();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 20);
    let hub = HubProcess::start(&db, "127.0.0.1:0");
    home_for(dir.path(), &hub.url);
    issue(&hub.url, "A");
    issue(&hub.url, "A");
    let c = issue(&hub.url, "C");
    // A case at the back office, one of its procedures returned.
    let clerk = madoguchi::client::HubClient::for_counter(&hub.url, "clerk", "clerk-demo", "3")
        .expect("clerk");
    let case = hub::submit_seed_case(&clerk, "20261130-A-070", None);
    let bo =
        madoguchi::client::HubClient::new(&hub.url, "backoffice", "backoffice-demo").expect("bo");
    bo.step(
        &case.id,
        &case.confirmed[0],
        &madoguchi::processing::Step::Return {
            reason: "確認".into(),
        },
    )
    .expect("return");

    let mut d = Driver::boot();
    d.type_into("user", "floor", false);
    d.type_into("password", "floor-demo", true);
    d.expect_shown("事務センター（未完了）", "the back office's counts");
    d.expect_shown(&format!("受付 {}", case.confirmed.len() - 1), "received");
    d.expect_shown("差戻し 1", "returned");
    let shown = d.texts().join("\n");
    assert!(shown.contains(&c.number), "{shown}");
    assert!(shown.contains("待ち 2 人"), "two wait for A:\n{shown}");
    let marked = format!("{}　優先", c.number);
    assert!(!d.shows(&marked), "nobody is prioritised yet");
    d.click("優先");
    assert!(
        d.texts().iter().any(|t| t.ends_with("　優先")),
        "{:?}",
        d.texts()
    );
}

/// The ticket machine issues a numbered ticket on receipt paper; the calling
/// display shows it with its counter once a clerk calls it.
#[test]
fn kiosk_issues_a_receipt_and_the_display_shows_the_call() {
    let _one_at_a_time = ui::serial();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 20);
    let hub = HubProcess::start(&db, "127.0.0.1:0");
    let home = home_for(dir.path(), &hub.url);
    issue(&hub.url, "A"); // someone is already waiting

    let mut d = Driver::boot();
    d.click("発券機");
    d.type_into("user", "clerk", false);
    d.type_into("password", "clerk-demo", true);
    assert!(d.shows("番号札をお取りください"), "{:?}", d.texts());
    assert!(!d.shows("ログアウト"), "no staff controls on the kiosk");
    d.click("A　転入・転出");
    assert!(
        d.shows("番号札をお取りください（前にお待ちの方 1 人）"),
        "{:?}",
        d.texts()
    );
    let receipts: Vec<_> = std::fs::read_dir(home.join("print").join("tickets"))
        .expect("receipts folder")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(receipts.len(), 1, "{receipts:?}");
    let text = pdftotext(&receipts[0]);
    for expected in [
        "北九州市小倉北区役所",
        "転入・転出",
        "受付番号",
        "A-002",
        "お待ちの方1人",
    ] {
        assert!(text.contains(expected), "{expected} missing from {text}");
    }
    let size = Command::new("pdfinfo")
        .arg(&receipts[0])
        .output()
        .expect("pdfinfo");
    let info = String::from_utf8_lossy(&size.stdout);
    assert!(
        info.contains("226.772 x 297.638 pts"),
        "80 × 105 mm: {info}"
    );

    // A clerk at counter 5 calls the next ticket; the display shows it.
    HubClient::new(&hub.url, "clerk", "clerk-demo")
        .expect("client")
        .call_next(
            &madoguchi::api::CallNext {
                counter: "5".into(),
                categories: vec![],
            },
            None,
        )
        .expect("call");
    d.key(
        iced::keyboard::Key::Character("q".into()),
        iced::keyboard::Modifiers::CTRL | iced::keyboard::Modifiers::SHIFT,
    );
    assert!(d.shows("ワンストップ窓口"), "Ctrl+Shift+Q leaves the kiosk");
    d.click("呼出表示");
    d.type_into("user", "floor", false);
    d.type_into("password", "floor-demo", true);
    assert!(d.shows("お呼び出し中の番号"), "{:?}", d.texts());
    let shown = d.texts();
    assert!(shown.contains(&"A-001".to_string()), "{shown:?}");
    assert!(shown.contains(&"5 番窓口".to_string()), "{shown:?}");
    assert!(shown.iter().any(|t| t.contains("待ち 1 人")), "{shown:?}");
}

/// A half-finished intake survives a restart: the draft is saved on the tick
/// and the counter reopens at the same step with the same entries.
#[test]
fn a_half_finished_intake_survives_a_restart() {
    let _one_at_a_time = ui::serial();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 50);
    seed_household(&db);
    let hub = HubProcess::start(&db, "127.0.0.1:0");
    home_for(dir.path(), &hub.url);
    let ticket = issue(&hub.url, "A");

    let log_in = |d: &mut Driver| {
        d.type_into("user", "clerk", false);
        d.type_into("password", "clerk-demo", true);
    };
    {
        let mut d = Driver::boot();
        log_in(&mut d);
        d.click("次の方を呼出（F2）");
        d.click("インテーク開始");
        d.type_into("kana", "モジ", true);
        d.click_containing("門司 健一");
        d.type_into("event_date", "2026-11-21", false);
        d.type_into("event.from_prefecture", "山口県", false);
        d.click("次へ");
        assert!(d.shows("転入届"), "{:?}", d.texts());
        d.send(madoguchi::ui::Message::Tick); // the debounced save
                                              // The PC is switched off here: no close confirmation, no logout.
    }

    let mut d = Driver::boot();
    log_in(&mut d);
    assert!(
        d.shows(&format!(
            "{} のインテークを途中から再開しました",
            ticket.number
        )),
        "{:?}",
        d.texts()
    );
    assert!(d.shows("転入届"), "back at the procedures: {:?}", d.texts());
    d.click("戻る");
    assert!(d.ui(|s| s.find("2026-11-21").is_ok()), "{:?}", d.texts());
    assert!(d.ui(|s| s.find("山口県").is_ok()), "{:?}", d.texts());

    // Finishing the visit removes the draft: the next start is clean.
    d.click("次へ");
    d.click("次へ");
    d.click("受付完了（事務センターへ送付）");
    // Nothing was printed in this visit: finishing asks first.
    d.expect_shown("印刷せずに受付完了しますか", "an unprinted finish asks");
    d.click("印刷せずに完了");
    d.send(madoguchi::ui::Message::Tick);
    drop(d);
    let mut d = Driver::boot();
    log_in(&mut d);
    assert!(!d.shows("途中から再開"), "{:?}", d.texts());
    assert!(d.shows("呼出中の番号はありません"), "{:?}", d.texts());
}
