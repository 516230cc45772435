//! Every screen in Japanese shows only the locale files' words and the data:
//! the test walks the window (iced_test Simulator, a real hub) through the
//! login, the settings, every event of the intake to the print step, the
//! floor board, the ticket machine and the calling display, and fails on any
//! shown text with an English word that is not data (a name of a demo user, a
//! ticket or case number, a path, a URL).

#[path = "support/hub.rs"]
mod hub;
#[path = "support/ui.rs"]
mod ui;

use std::collections::BTreeSet;

use hub::{demo_db, seed_household, HubProcess};
use ui::{english_words, home_for, issue, Driver};

fn collect(d: &mut Driver, seen: &mut BTreeSet<String>) {
    seen.extend(d.texts());
}

/// Save what the window shows as `<name>.png` (1280×800) when MADOGUCHI_SHOTS
/// names a folder: the README's screenshots come from this walk.
fn shot(d: &mut Driver, name: &str) {
    let Some(dir) = std::env::var_os("MADOGUCHI_SHOTS") else {
        return;
    };
    let dir = std::path::Path::new(&dir);
    let image = d.screenshot(dir, name);
    let small = image::imageops::resize(&image, 1280, 800, image::imageops::FilterType::Triangle);
    small
        .save(dir.join(format!("{name}.png")))
        .expect("save screenshot");
}

#[test]
fn every_screen_in_japanese_shows_no_english_or_developer_text() {
    let _one_at_a_time = ui::serial();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 50);
    seed_household(&db);
    let hub = HubProcess::start(&db, "127.0.0.1:0");
    home_for(dir.path(), &hub.url);
    issue(&hub.url, "A");
    let mut seen = BTreeSet::new();

    let mut d = Driver::boot();
    collect(&mut d, &mut seen);
    shot(&mut d, "login");
    // Wrong password, then the settings refused and opened.
    d.type_into("user", "clerk", false);
    d.type_into("password", "wrong", true);
    collect(&mut d, &mut seen);
    d.click("設定");
    collect(&mut d, &mut seen);
    d.type_into("user", "admin", false);
    d.type_into("password", "admin-demo", false);
    d.click("設定");
    d.expect_shown("表示言語", "settings");
    collect(&mut d, &mut seen);
    shot(&mut d, "settings");
    d.click("戻る");

    // The counter through every event to the print step.
    d.type_into("user", "clerk", false);
    d.type_into("password", "clerk-demo", true);
    d.click("次の方を呼出（F2）");
    collect(&mut d, &mut seen);
    shot(&mut d, "counter-called");
    d.click("インテーク開始");
    d.type_into("kana", "モジ", true);
    collect(&mut d, &mut seen);
    shot(&mut d, "intake-find");
    d.click_containing("門司 健一（");
    for event in [
        "転入",
        "転居・区間異動",
        "転出",
        "出生",
        "婚姻",
        "離婚",
        "世帯変更",
        "死亡",
    ] {
        d.click(event);
        d.click("次へ"); // incomplete: what is said must be Japanese too
        collect(&mut d, &mut seen);
        if d.shows("対象外の手続きと理由を表示") {
            d.click("戻る"); // it was complete: back to the event step
        }
    }
    d.type_into("event_date", "2026-02-30", false);
    collect(&mut d, &mut seen);
    d.type_into("event_date", "2026-11-27", false);
    d.click_id("role:deceased:m1");
    shot(&mut d, "intake-event");
    d.click("次へ");
    collect(&mut d, &mut seen);
    shot(&mut d, "intake-procedures");
    d.click("対象外の手続きと理由を表示");
    collect(&mut d, &mut seen);
    d.click("次へ");
    collect(&mut d, &mut seen);
    d.click("受付完了（事務センターへ送付）");
    collect(&mut d, &mut seen);
    shot(&mut d, "intake-print");
    d.click("印刷せずに完了");
    collect(&mut d, &mut seen);
    d.click("窓口で番号を発行（直接受付）");
    collect(&mut d, &mut seen);
    d.click("ログアウト");

    // The floor board, the ticket machine and the calling display.
    d.type_into("user", "floor", false);
    d.type_into("password", "floor-demo", true);
    collect(&mut d, &mut seen);
    shot(&mut d, "floor-board");
    d.click("ログアウト");
    d.click("発券機");
    d.type_into("user", "clerk", false);
    d.type_into("password", "clerk-demo", true);
    d.click("A　転入・転出");
    collect(&mut d, &mut seen);
    shot(&mut d, "kiosk");
    d.key(
        iced::keyboard::Key::Character("q".into()),
        iced::keyboard::Modifiers::CTRL | iced::keyboard::Modifiers::SHIFT,
    );
    d.click("呼出表示");
    d.type_into("user", "floor", false);
    d.type_into("password", "floor-demo", true);
    collect(&mut d, &mut seen);
    shot(&mut d, "display");

    assert!(seen.len() > 150, "the walk saw {} texts", seen.len());
    let english: Vec<String> = seen
        .iter()
        .filter(|t| !english_words(t).is_empty())
        .cloned()
        .collect();
    assert_eq!(
        english,
        Vec::<String>::new(),
        "English or developer text on screen"
    );
}

#[test]
fn the_check_catches_english() {
    assert!(!english_words("ticket D-001 is serving: cannot mark as no-show").is_empty());
    assert!(!english_words("event.newborn_id: missing field").is_empty());
    assert!(
        english_words("PDFを保存しました：/tmp/x/print/20261130-A-001.pdf（4 ページ）").is_empty()
    );
    assert!(english_words("clerk（窓口 2）").is_empty());
}
