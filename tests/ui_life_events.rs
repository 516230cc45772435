//! Every life event at the counter, in the real window (iced_test Simulator)
//! against a real hub: from "call next" to the printed batch, read back with
//! pdftotext, and the case at the hub. The event step is drawn from the
//! events table; each test fills what its event asks (roles, dates, addresses).

#[path = "support/hub.rs"]
mod hub;
#[path = "support/ui.rs"]
mod ui;

use hub::{demo_db, seed_household, wait_for_case, HubProcess};
use ui::{home_for, issue, printed_batch, Driver};

/// What one event's walk fills in and expects.
struct Walk {
    /// The event's button.
    event: &'static str,
    /// The event's date as typed.
    date: &'static str,
    /// Fill the event's facts (roles, addresses, questions).
    fill: fn(&mut Driver),
    /// Procedures shown at the procedures step.
    procedures: &'static [&'static str],
    /// Text in the printed batch (whitespace removed).
    printed: &'static [&'static str],
    /// Text that must not be in the printed batch.
    not_printed: &'static [&'static str],
    /// The case's event at the hub.
    kind: &'static str,
    /// Save screenshots of the event step and the print step under this name
    /// when MADOGUCHI_SHOTS names a folder.
    shots: Option<&'static str>,
}

fn walk(w: Walk) -> String {
    let _one_at_a_time = ui::serial();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 50);
    seed_household(&db);
    let hub = HubProcess::start(&db, "127.0.0.1:0");
    let home = home_for(dir.path(), &hub.url);
    let ticket = issue(&hub.url, "A");

    let mut d = Driver::boot();
    d.type_into("user", "clerk", false);
    d.type_into("password", "clerk-demo", true);
    d.click("次の方を呼出（F2）");
    d.click("インテーク開始");
    d.type_into("kana", "モジ", true);
    d.click_containing("門司 健一");
    d.expect_shown("届出の種類", "the event step");
    d.click(w.event);
    d.type_into("event_date", w.date, false);
    (w.fill)(&mut d);
    shot(&mut d, w.shots, "event-step");
    d.click("次へ");
    let shown = d.texts().join("\n");
    for p in w.procedures {
        assert!(shown.contains(p), "{p} not shown:\n{shown}");
    }
    for developer in ["_id", "missing field", "event."] {
        assert!(
            !shown.contains(developer),
            "developer text {developer}:\n{shown}"
        );
    }
    d.click("次へ");
    d.click("申請書と案内書を一括印刷（Ctrl+P）");
    d.expect_shown("PDFを保存しました", "the batch is printed");
    shot(&mut d, w.shots, "print-step");
    let (case_id, text) = printed_batch(&home, &ticket);
    for expected in w.printed {
        assert!(
            text.contains(expected),
            "{expected} missing from the batch:\n{text}"
        );
    }
    for unexpected in w.not_printed {
        assert!(!text.contains(unexpected), "{unexpected} printed:\n{text}");
    }
    d.click("受付完了（事務センターへ送付）");
    d.expect_shown("受付を完了しました", "the visit is finished");
    d.expect_shown("本日の受付（1 件）", "the visit is listed for reprint");
    assert_eq!(wait_for_case(&hub.url, &case_id).event, w.kind);
    same_as_the_command(&hub.url, &case_id, dir.path(), &text);
    text
}

/// The window and `madoguchi print` agree: the case the window sent, given to
/// the command as its request, determines the same procedures, ticks the same
/// ones as done today, and prints the same batch, word for word.
fn same_as_the_command(url: &str, case_id: &str, dir: &std::path::Path, window_text: &str) {
    let back_office = madoguchi::client::HubClient::new(url, "backoffice", "backoffice-demo")
        .expect("back-office client");
    let (status, body) = back_office
        .send(
            reqwest::Method::GET,
            &format!("/api/cases/{case_id}"),
            None,
            None,
        )
        .expect("read the case");
    assert_eq!(status, 200, "{body}");
    let case: madoguchi::api::CaseSubmission =
        serde_json::from_value(body["case"].clone()).expect("the case");
    let input = dir.join("request.json");
    std::fs::write(&input, serde_json::to_string(&case.request).expect("json")).expect("write");
    let bin = env!("CARGO_BIN_EXE_madoguchi");
    let eligibility = std::process::Command::new(bin)
        .args(["eligibility", "--input", input.to_str().expect("path")])
        .output()
        .expect("madoguchi eligibility");
    assert!(eligibility.status.success());
    let d: madoguchi::engine::Determination =
        serde_json::from_slice(&eligibility.stdout).expect("determination");
    let ids = |d: &madoguchi::engine::Determination| -> Vec<String> {
        d.procedures.iter().map(|p| p.id.clone()).collect()
    };
    assert_eq!(ids(&d), ids(&case.determination), "the same procedures");
    assert_eq!(
        madoguchi::engine::default_confirmed(&d),
        case.confirmed,
        "the command ticks what the window ticked"
    );
    let pdf = dir.join("command.pdf");
    let out = std::process::Command::new(bin)
        .args([
            "print",
            "--input",
            input.to_str().expect("path"),
            "--case",
            case_id,
        ])
        .args(["--out", pdf.to_str().expect("path")])
        .output()
        .expect("madoguchi print");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        ui::pdftotext(&pdf),
        window_text,
        "the command's batch reads as the window's"
    );
}

fn shot(d: &mut Driver, name: Option<&str>, step: &str) {
    let (Some(name), Some(dir)) = (name, std::env::var_os("MADOGUCHI_SHOTS")) else {
        return;
    };
    let dir = std::path::Path::new(&dir);
    let file = format!("{name}-{step}");
    let image = d.screenshot(dir, &file);
    image
        .save(dir.join(format!("{file}.png")))
        .expect("save screenshot");
}

#[test]
fn a_death_from_the_call_to_the_printed_batch() {
    walk(Walk {
        event: "死亡",
        date: "2026-11-27",
        fill: |d| {
            d.expect_shown("亡くなった方（必須）", "the deceased is asked");
            d.click("次へ");
            d.expect_shown("亡くなった方", "no deceased chosen: Next holds");
            d.click_id("role:deceased:m1");
            d.click_id("role:notifier:m2");
        },
        procedures: &[
            "死亡届",
            "国民健康保険 資格喪失届",
            "世帯主変更届",
            "相続放棄",
        ],
        printed: &[
            // The guidance sheet speaks to the survivor who came.
            "門司美香",
            "死亡届",
            "相続放棄",
            "令和9年2月27日",
            "準確定申告",
        ],
        not_printed: &["門司健一様"],
        kind: "death",
        shots: Some("death"),
    });
}

#[test]
fn a_divorce_with_the_surname_change() {
    walk(Walk {
        event: "離婚",
        date: "2026-11-27",
        fill: |d| {
            d.click_id("role:partner:m1");
            d.click_id("role:partner:m2");
            d.click_id("role:surname_changer:m2");
        },
        procedures: &[
            "離婚届",
            "マイナンバーカード 氏名変更",
            "国民健康保険 氏名変更",
        ],
        printed: &["離婚届", "国民健康保険氏名変更"],
        not_printed: &[],
        kind: "divorce",
        shots: None,
    });
}

#[test]
fn a_marriage_of_one_member() {
    walk(Walk {
        event: "婚姻",
        date: "2026-11-27",
        fill: |d| {
            d.click_id("role:partner:m4");
            d.click_id("role:surname_changer:m4");
        },
        procedures: &["婚姻届", "国民健康保険 氏名変更"],
        printed: &["婚姻届", "門司トシ子"],
        not_printed: &[],
        kind: "marriage",
        shots: None,
    });
}

#[test]
fn a_household_change_of_head() {
    walk(Walk {
        event: "世帯変更",
        date: "2026-11-27",
        fill: |d| {
            d.click("世帯主変更");
            d.click_id("role:new_head:m2");
        },
        procedures: &["世帯変更届", "国民健康保険 世帯主変更"],
        printed: &["住民異動届", "世帯変更届"],
        not_printed: &[],
        kind: "household_change",
        shots: None,
    });
}

#[test]
fn a_move_out_with_its_destination() {
    walk(Walk {
        event: "転出",
        date: "2026-12-05",
        fill: |d| {
            d.type_into("event.new_postal_code", "810-0001", false);
            d.type_into(
                "event.destination",
                "福岡県福岡市中央区天神1丁目1番1号",
                false,
            );
        },
        procedures: &["転出届", "国民健康保険 資格喪失"],
        printed: &["福岡県福岡市中央区天神1丁目1番1号", "810-0001"],
        // The current postal code is not printed in front of the destination.
        not_printed: &["803-8501福岡県福岡市"],
        kind: "move_out",
        shots: None,
    });
}

#[test]
fn an_in_city_move_with_the_new_address_from_its_postal_code() {
    walk(Walk {
        event: "転居・区間異動",
        date: "2026-11-27",
        fill: |d| {
            d.type_into("event.new_postal_code", "802-0001", false);
            // The postal code filled the town; the clerk adds the rest.
            let filled = d.ui(|s| s.find("福岡県北九州市小倉北区浅野").is_ok());
            assert!(filled, "{:?}", d.texts());
            d.type_into(
                "event.new_address",
                "福岡県北九州市小倉北区浅野1丁目1番1号",
                false,
            );
        },
        procedures: &["転居届", "マイナンバーカード 住所変更"],
        printed: &["福岡県北九州市小倉北区浅野1丁目1番1号", "802-0001"],
        not_printed: &[],
        kind: "move_within",
        shots: None,
    });
}

#[test]
fn a_visit_of_the_day_is_reprinted_and_reopened_for_the_resident_who_came_back() {
    let _one_at_a_time = ui::serial();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 50);
    seed_household(&db);
    let hub = HubProcess::start(&db, "127.0.0.1:0");
    let home = home_for(dir.path(), &hub.url);
    let first = issue(&hub.url, "A");
    issue(&hub.url, "A");

    let mut d = Driver::boot();
    d.type_into("user", "clerk", false);
    d.type_into("password", "clerk-demo", true);
    d.click("次の方を呼出（F2）");
    d.click("インテーク開始");
    d.type_into("kana", "モジ", true);
    d.click_containing("門司 健一");
    d.click("婚姻");
    d.type_into("event_date", "2026-11-27", false);
    d.click_id("role:partner:m4");
    d.click("次へ");
    d.click("次へ");
    d.click("申請書と案内書を一括印刷（Ctrl+P）");
    d.expect_shown("PDFを保存しました", "printed");
    d.click("受付完了（事務センターへ送付）");
    d.expect_shown("本日の受付（1 件）", "listed");
    let (case_id, _) = printed_batch(&home, &first);
    let pdf = home.join("print").join(format!("{case_id}.pdf"));
    std::fs::remove_file(&pdf).expect("remove the batch");

    // Reprint: the same batch again, from the case.
    d.click("再印刷");
    d.expect_shown("PDFを保存しました", "reprinted");
    assert!(ui::pdftotext(&pdf).contains("婚姻届"));

    // Reopen needs the resident at the counter: call the next ticket first.
    d.click("再開");
    d.expect_shown("番号を呼び出してから", "reopen asks for a called ticket");
    d.click("次の方を呼出（F2）");
    d.click("再開");
    d.expect_shown("を再開しました", "reopened");
    d.expect_shown("婚姻届", "back at the procedures");
    d.click("次へ");
    d.click("申請書と案内書を一括印刷（Ctrl+P）");
    d.expect_shown("PDFを保存しました", "printed again");
    d.click("受付完了（事務センターへ送付）");
    d.expect_shown("受付を完了しました", "finished again");
    let back_office = madoguchi::client::HubClient::new(&hub.url, "backoffice", "backoffice-demo")
        .expect("client");
    let mut revision = 0;
    hub::wait_until(std::time::Duration::from_secs(20), || {
        revision = back_office
            .send(
                reqwest::Method::GET,
                &format!("/api/cases/{case_id}"),
                None,
                None,
            )
            .ok()
            .and_then(|(_, v)| v["case"]["revision"].as_u64())
            .unwrap_or(0);
        revision == 1
    });
    assert_eq!(
        revision, 1,
        "the reopened case replaced the first at the hub"
    );
}
