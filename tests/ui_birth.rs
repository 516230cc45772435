//! A birth at the counter, in the real window (iced_test Simulator) against a
//! real hub: the newborn entered at the event step, the mother chosen, the
//! procedures of a birth, and the printed batch read back with pdftotext.

#[path = "support/hub.rs"]
mod hub;
#[path = "support/ui.rs"]
mod ui;

use hub::{demo_db, seed_household, wait_for_case, HubProcess};
use ui::{home_for, issue, printed_batch, Driver};

#[test]
fn clerk_enters_a_birth_from_the_call_to_the_printed_batch() {
    let _one_at_a_time = ui::serial();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 50);
    seed_household(&db);
    let hub = HubProcess::start(&db, "127.0.0.1:0");
    let home = home_for(dir.path(), &hub.url);
    let ticket = issue(&hub.url, "D");

    let mut d = Driver::boot();
    d.type_into("user", "clerk", false);
    d.type_into("password", "clerk-demo", true);
    d.expect_shown("次の方を呼出（F2）", "logged in");
    d.click("次の方を呼出（F2）");
    d.click("インテーク開始");
    d.type_into("kana", "モジ", true);
    d.click_containing("門司 健一");
    d.expect_shown("届出の種類", "the event step");

    d.click("出生");
    d.expect_shown(
        "生まれたお子さん",
        "the newborn's fields appear for a birth",
    );
    d.type_into("event_date", "2026-11-27", false);
    d.click("次へ");
    d.expect_shown("届出の種類", "no newborn yet: Next holds");
    d.type_into("newborn_name", "門司 陽葵", false);
    d.type_into("newborn_kana", "もじ ひまり", false);
    d.click("女");
    d.click("門司 美香");
    if let Some(dir) = std::env::var_os("MADOGUCHI_SHOTS") {
        let shot = d.screenshot(std::path::Path::new(&dir), "birth-event-step");
        shot.save(std::path::Path::new(&dir).join("birth-event-step.png"))
            .expect("save screenshot");
    }
    d.click("次へ");
    let shown = d.texts().join("\n");
    for expected in ["出生届", "国民健康保険 加入手続き", "子ども医療証 交付申請"]
    {
        assert!(shown.contains(expected), "{expected} not shown:\n{shown}");
    }
    assert!(!shown.contains("newborn_id"), "no developer text: {shown}");

    d.click("次へ");
    d.click("申請書と案内書を一括印刷（Ctrl+P）");
    d.expect_shown("PDFを保存しました", "the batch is printed");
    let (case_id, text) = printed_batch(&home, &ticket);
    for expected in ["門司陽葵", "モジヒマリ", "出生届", "令和8年11月27日"] {
        assert!(text.contains(expected), "{expected} missing from the batch");
    }
    d.click("受付完了（事務センターへ送付）");
    d.expect_shown("受付を完了しました", "the visit is finished");
    assert_eq!(wait_for_case(&hub.url, &case_id).event, "birth");
}
