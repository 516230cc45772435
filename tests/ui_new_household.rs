//! Whole-window tests (iced_test Simulator, real hub on loopback) for a
//! move-in from outside the city (a household entered at the counter with
//! postal-code address entry), the English window, and text composed through
//! an input method (IME) arriving in a text field.

#[path = "support/hub.rs"]
mod hub;
#[path = "support/ui.rs"]
mod ui;

use hub::{demo_db, wait_for_case, HubProcess};
use iced_test::core::input_method;
use ui::{home_for, issue, printed_batch, Driver};

/// One window test's world: the window-test lock, a hub over a small demo
/// registry with the seed household, and a home whose settings name it.
struct World {
    _one_at_a_time: std::sync::MutexGuard<'static, ()>,
    _dir: tempfile::TempDir,
    hub: HubProcess,
    home: std::path::PathBuf,
}

fn world() -> World {
    let one_at_a_time = ui::serial();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 20);
    hub::seed_household(&db);
    let hub = HubProcess::start(&db, "127.0.0.1:0");
    let home = home_for(dir.path(), &hub.url);
    World {
        _one_at_a_time: one_at_a_time,
        _dir: dir,
        hub,
        home,
    }
}

fn log_in(d: &mut Driver, user: &str, password: &str) {
    d.type_into("user", user, false);
    d.type_into("password", password, true);
}

/// A family moving in from Tokyo is not in the registry: the clerk enters it,
/// the postal code fills the address, the readings are normalised, and the
/// batch and the case carry the entered household.
#[test]
fn clerk_enters_a_new_household_for_a_move_in_from_outside_the_city() {
    let w = world();
    let (hub, home) = (&w.hub, &w.home);
    let ticket = issue(&hub.url, "A");

    let mut d = Driver::boot();
    log_in(&mut d, "clerk", "clerk-demo");
    d.click("次の方を呼出（F2）");
    d.click("インテーク開始");
    // The clerk looks the family up first: the registry has no one of that reading.
    d.type_into("kana", "キタキュウ", true);
    d.expect_shown(
        "「キタキュウ」に該当する世帯はありません",
        "a search that finds no one says so",
    );
    d.click("新しい世帯を入力（市外からの転入）");
    d.expect_shown("新しい世帯（転入）", "shown");

    // Full-width digits as an IME leaves them; seven digits fill the town.
    d.type_into("new_postal", "８００－０００２", false);
    d.expect_shown(
        "福岡県北九州市門司区二タ松町",
        "the address from the postal code",
    );
    d.type_into("new_street", "1丁目2番3号", false);
    d.type_into("new_name_0", "北九 花子", false);
    d.type_into("new_kana_0", "きたきゅう はなこ", false);
    d.type_into("new_birth_0", "H2.4.1", false);
    d.click("女");

    // A child, born last year; an impossible date is refused by name first.
    d.click("世帯員を追加");
    d.type_into("new_name_1", "北九 陽太", false);
    d.type_into("new_kana_1", "ｷﾀｷｭｳ ﾖｳﾀ", false);
    d.type_into("new_birth_1", "R7.2.30", false);
    d.click("この世帯で続ける");
    d.expect_shown("R7.2.30", "the error names the date");
    assert!(d.shows("新しい世帯（転入）"), "still on the form");
    d.type_into("new_birth_1", "R7.5.10", false);
    d.click("この世帯で続ける");

    d.expect_shown("届出の種類", "shown");
    d.expect_shown("北九 花子（キタキュウ　ハナコ）", "the kana is normalised");
    d.expect_shown("北九 陽太（キタキュウ　ヨウタ）", "shown");
    d.type_into("event_date", "R8.11.20", false);
    d.type_into("event.from_prefecture", "東京都", false);
    d.click("次へ");
    let shown = d.texts().join("\n");
    for expected in ["転入届", "児童手当 認定請求", "国民健康保険 加入手続き"]
    {
        assert!(shown.contains(expected), "{expected} not shown:\n{shown}");
    }

    // Back to the first step: the form is there with its entries.
    d.click("戻る");
    d.click("戻る");
    assert!(d.ui(|s| s.find("北九 陽太").is_ok()), "{:?}", d.texts());
    d.click("この世帯で続ける");
    d.click("次へ");
    d.click("次へ");
    d.click("申請書と案内書を一括印刷（Ctrl+P）");
    d.expect_shown("PDFを保存しました", "shown");

    let (case_id, text) = printed_batch(home, &ticket);
    for expected in [
        "北九花子",
        "キタキュウハナコ",
        "門司区",
        "二タ松町1丁目2番3号",
    ] {
        assert!(text.contains(expected), "{expected} missing from the batch");
    }

    // The resident signs; the scanner leaves the pages in the scan folder: real
    // renders of the printed PDF at 150 dpi (the form pages, one left out) and
    // a blank sheet. The window reads each page's QR code.
    let scan_folder = home.join("scans");
    std::fs::create_dir_all(&scan_folder).expect("scan folder");
    let pdf = home.join("print").join(format!("{case_id}.pdf"));
    let rendered = std::process::Command::new("pdftoppm")
        .args(["-r", "150", "-gray", "-png", "-f", "2"])
        .arg(&pdf)
        .arg(scan_folder.join("signed"))
        .status()
        .expect("pdftoppm");
    assert!(rendered.success());
    let mut pages: Vec<_> = std::fs::read_dir(&scan_folder)
        .expect("scans")
        .flatten()
        .map(|e| e.path())
        .collect();
    pages.sort();
    assert!(pages.len() >= 2, "{pages:?}");
    let left_out = pages.pop().expect("a page");
    let kept = std::env::temp_dir().join(format!("left-out-{}.png", std::process::id()));
    std::fs::rename(&left_out, &kept).expect("set aside");
    image::GrayImage::from_pixel(1240, 1754, image::Luma([250]))
        .save(scan_folder.join("blank.png"))
        .expect("blank scan");
    d.click("スキャンを確認");
    let expected = pages.len() + 1;
    d.expect_shown(
        &format!("署名済みの書類：{} / {expected} ページ", pages.len()),
        "the pages are counted against the batch",
    );
    d.expect_shown(
        "まだスキャンされていないページ",
        "the page left out is named",
    );
    d.expect_shown("QRコードが読めないページ", "the blank page is said");
    d.expect_shown("blank.png", "by its file name");
    if let Some(dir) = std::env::var_os("MADOGUCHI_SHOTS") {
        let dir = std::path::Path::new(&dir);
        d.screenshot(dir, "scans-checked")
            .save(dir.join("scans-checked.png"))
            .expect("save screenshot");
    }
    // The missing page is scanned; the blank one taken out.
    std::fs::rename(&kept, &left_out).expect("scan the page");
    std::fs::remove_file(scan_folder.join("blank.png")).expect("take out the blank");
    d.click("スキャンを確認");
    d.expect_shown(
        &format!("署名済みの書類：{expected} / {expected} ページ"),
        "every page is back",
    );
    assert!(
        !d.shows("まだスキャンされていないページ"),
        "{:?}",
        d.texts()
    );
    let sent = expected;

    d.click("受付完了（事務センターへ送付）");
    d.expect_shown("受付を完了しました", "the visit is finished");
    let case = wait_for_case(&hub.url, &case_id);
    assert!(
        hub::wait_until(std::time::Duration::from_secs(20), || {
            wait_for_case(&hub.url, &case_id).scans as usize == sent
        }),
        "the signed page reached the back office with the case"
    );
    assert!(
        !scan_folder.join("signed-001.png").exists(),
        "it left the scan folder"
    );
    assert_eq!(case.ward, "門司区");
    assert_eq!(case.event, "move_in");
}

/// The settings screen switches the window to English at once, keeps it for
/// the next start, and the counter works in it.
#[test]
fn the_window_speaks_english_when_the_settings_say_so() {
    let w = world();
    let (hub, home) = (&w.hub, &w.home);
    let ticket = issue(&hub.url, "A");

    let mut d = Driver::boot();
    // The settings need an administrator.
    d.type_into("user", "admin", false);
    d.type_into("password", "admin-demo", false);
    d.click("設定");
    d.expect_shown("表示言語", "shown");
    d.click("English");
    d.click("保存");
    d.expect_shown("Saved:", "the confirmation is in English");
    let saved = std::fs::read_to_string(home.join("settings.toml")).expect("settings");
    assert!(saved.contains("language = \"en\""), "{saved}");
    assert!(saved.contains(&hub.url), "the hub URL is kept: {saved}");
    d.click("Back");
    d.expect_shown("One-stop counter: sign in", "shown");
    drop(d);

    let mut d = Driver::boot();
    d.expect_shown("One-stop counter: sign in", "shown");
    log_in(&mut d, "clerk", "wrong");
    d.expect_shown("Wrong user name or password", "shown");
    log_in(&mut d, "clerk", "clerk-demo");
    d.click("Call next (F2)");
    d.expect_shown(&format!("Calling: {}", ticket.number), "shown");
    d.send(madoguchi::ui::Message::Tick);
    d.expect_shown("● Online", "shown");
    d.click("Start intake");
    d.expect_shown("1 Household", "shown");
    let japanese: Vec<String> = d
        .texts()
        .into_iter()
        .filter(|t| t.chars().any(|c| matches!(c, '\u{3040}'..='\u{30ff}')))
        .filter(|t| !t.contains("モジ S61.7.14")) // the placeholder shows a kana example
        .collect();
    assert!(japanese.is_empty(), "untranslated: {japanese:?}");
    // Dates are written the English way, with the era year beside.
    d.type_into("kana", "モジ", true);
    d.expect_shown("born 14 Jul 1986 (S61)", "shown");
}

/// Japanese typed through an input method arrives as the IME commits it: the
/// preedit (composition) changes nothing, the committed text is the field's.
#[test]
fn text_composed_in_an_input_method_is_entered_on_commit() {
    let w = world();
    issue(&w.hub.url, "A");

    let mut d = Driver::boot();
    log_in(&mut d, "clerk", "clerk-demo");
    d.click("次の方を呼出（F2）");
    d.click("インテーク開始");
    d.log.clear();
    d.ui(|s| {
        s.click(iced_test::selector::id("kana"))
            .expect("kana field");
        s.simulate([
            iced::Event::InputMethod(input_method::Event::Opened),
            iced::Event::InputMethod(input_method::Event::Preedit("もじ".into(), Some(0..6))),
        ]);
    });
    assert!(
        !d.log.iter().any(|m| m.contains("Query")),
        "composition is not input yet: {:?}",
        d.log
    );
    // (Each `ui` call is a fresh simulator: focus the field again.)
    d.ui(|s| {
        s.click(iced_test::selector::id("kana"))
            .expect("kana field");
        s.simulate([
            iced::Event::InputMethod(input_method::Event::Opened),
            iced::Event::InputMethod(input_method::Event::Preedit("もじ".into(), Some(0..6))),
            iced::Event::InputMethod(input_method::Event::Preedit(String::new(), None)),
            iced::Event::InputMethod(input_method::Event::Commit("もじ".into())),
            iced::Event::InputMethod(input_method::Event::Closed),
        ]);
    });
    assert!(
        d.log.iter().any(|m| m.contains("Query(\"もじ\")")),
        "{:?}",
        d.log
    );
    // Hiragana from the IME finds the katakana reading.
    d.ui(|s| {
        s.click(iced_test::selector::id("kana"))
            .expect("kana field");
        s.tap_key(iced::keyboard::key::Named::Enter);
    });
    d.expect_shown("門司 健一", "hiragana finds the katakana reading");

    // The same box takes a name and a date of birth in either calendar.
    d.type_into("kana", "門司 S61.7.14", true);
    d.expect_shown("門司 健一", "found by name and date of birth");
    d.type_into("kana", "門司 S61.7.15", true);
    assert!(!d.shows("門司 健一"), "another date of birth finds nobody");
}
