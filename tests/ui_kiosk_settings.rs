//! The ticket machine in the hall, in the real window (iced_test Simulator)
//! against a real hub: its buttons stay put when the ticket card appears, and
//! leaving it (Ctrl+Shift+Q) does not open the settings to anyone: they need
//! an administrator.

#[path = "support/hub.rs"]
mod hub;
#[path = "support/ui.rs"]
mod ui;

use hub::{demo_db, HubProcess};
use ui::{home_for, Driver};

fn top_of(d: &mut Driver, label: &str) -> f32 {
    let label = label.to_string();
    d.ui(move |s| s.find(label.as_str()).map(|t| t.bounds().y))
        .unwrap_or_else(|e| panic!("{e:?}"))
}

#[test]
fn kiosk_buttons_stay_put_and_the_settings_need_an_administrator() {
    let _one_at_a_time = ui::serial();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 20);
    let hub = HubProcess::start(&db, "127.0.0.1:0");
    home_for(dir.path(), &hub.url);

    let mut d = Driver::boot();
    d.click("発券機");
    d.type_into("user", "clerk", false);
    d.type_into("password", "clerk-demo", true);
    d.expect_shown("番号札をお取りください", "the kiosk");
    let (a, b) = (top_of(&mut d, "A　転入・転出"), top_of(&mut d, "B　証明書"));
    d.click("A　転入・転出");
    d.expect_shown("番号札をお取りください（前にお待ちの方", "the ticket card");
    assert_eq!(
        (top_of(&mut d, "A　転入・転出"), top_of(&mut d, "B　証明書")),
        (a, b),
        "the buttons did not move when the card appeared"
    );

    // Out of the kiosk: the login screen. The settings stay shut without an
    // administrator, whoever presses the button.
    d.key(
        iced::keyboard::Key::Character("q".into()),
        iced::keyboard::Modifiers::CTRL | iced::keyboard::Modifiers::SHIFT,
    );
    d.expect_shown("ワンストップ窓口", "the login screen");
    d.type_into("user", "", false);
    d.type_into("password", "", false);
    d.click("設定");
    d.expect_shown(
        "管理者のユーザー名とパスワードを入力",
        "asks for an administrator",
    );
    assert!(!d.shows("表示言語"), "{:?}", d.texts());
    d.type_into("user", "clerk", false);
    d.type_into("password", "clerk-demo", false);
    d.click("設定");
    d.expect_shown("設定は管理者", "a clerk is not an administrator");
    assert!(!d.shows("表示言語"));
    d.type_into("user", "admin", false);
    d.type_into("password", "wrong", false);
    d.click("設定");
    d.expect_shown("ユーザー名またはパスワードが違います", "a wrong password");
    assert!(!d.shows("表示言語"));
    d.type_into("user", "admin", false);
    d.type_into("password", "admin-demo", false);
    d.click("設定");
    d.expect_shown("表示言語", "an administrator opens the settings");
}
