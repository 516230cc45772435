//! The guidance sheet tells the resident the truth: printed by `madoguchi
//! print` and read back with pdftotext, for a death (the おくやみ case) and the
//! seed move-in.

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_madoguchi");

/// Print `fixture` and return the batch's text (pdftotext -layout); the
/// guidance sheet comes first.
fn guidance_text(fixture: &str, extra: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("batch.pdf");
    let input = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    let status = Command::new(BIN)
        .args(["print", "--input"])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .args(extra)
        .output()
        .expect("print");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let text = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&out)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    String::from_utf8_lossy(&text.stdout).to_string()
}

/// The text between two headings of the sheet.
fn section<'a>(text: &'a str, heading: &str, next: &str) -> &'a str {
    let start = text.find(heading).map_or(0, |i| i + heading.len());
    let rest = &text[start..];
    let end = rest.find(next).unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn a_death_sheet_speaks_to_the_survivor_and_lists_what_the_family_does_elsewhere() {
    let text = guidance_text("death-head.json", &[]);
    // Addressed to the spouse, never to the deceased.
    assert!(text.contains("黒崎 花子 様"), "{text}");
    assert!(!text.contains("黒崎 一郎 様"));
    let todo = section(&text, "これからお手続きが必要なもの", "専門の窓口");
    for item in [
        "年金受給者 死亡届",
        "未支給年金の請求",
        "相続放棄・限定承認の申述",
        "準確定申告",
        "相続税の申告",
        "相続登記",
    ] {
        assert!(todo.contains(item), "still to do lacks {item}:\n{todo}");
    }
    // 相続登記: 3 years end on a Saturday before 敬老の日: the sheet gives the open day.
    assert!(
        todo.contains("令和11年9月15日（土）（休日のため 令和11年9月18日（火） まで受け付けます）"),
        "{todo}"
    );
    assert!(
        todo.contains("令和8年12月15日（火）まで"),
        "相続放棄 3 months"
    );
    // Offices outside the city are named without an empty phone number.
    assert!(
        !text.lines().any(|l| l.trim_end().ends_with("電話")),
        "{text}"
    );
    let done = section(
        &text,
        "本日お手続きいただいたもの",
        "これからお手続きが必要なもの",
    );
    assert!(done.contains("死亡届") && done.contains("世帯主変更届"));
    assert!(
        !done.contains("相続"),
        "nothing outside the office is done today"
    );
}

#[test]
fn print_marks_done_only_what_the_window_would_confirm() {
    // The seed move-in: 印鑑登録 is optional, so it is not "done today" by default.
    let text = guidance_text("seed-move-in-address.json", &[]);
    let done = section(
        &text,
        "本日お手続きいただいたもの",
        "これからお手続きが必要なもの",
    );
    assert!(done.contains("転入届"), "{done}");
    assert!(
        !done.contains("印鑑登録"),
        "an optional procedure is not done by default:\n{done}"
    );
    let todo = section(&text, "これからお手続きが必要なもの", "専門の窓口");
    assert!(
        todo.contains("印鑑登録"),
        "left unticked, it is still to do:\n{todo}"
    );
    // Confirmed explicitly, it is done.
    let text = guidance_text(
        "seed-move-in-address.json",
        &["--procedures", "resident.move_in,seal.register"],
    );
    let done = section(
        &text,
        "本日お手続きいただいたもの",
        "これからお手続きが必要なもの",
    );
    assert!(
        done.contains("印鑑登録") && !done.contains("国民健康保険"),
        "{done}"
    );
}

#[test]
fn a_name_the_bundled_font_lacks_prints_with_the_fallback_and_an_unprintable_one_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed-move-in-address.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture).expect("fixture")).expect("json");
    doc["household"]["members"][0]["name"] = serde_json::json!("𠮷田 健一");
    let input = dir.path().join("yoshida.json");
    std::fs::write(&input, doc.to_string()).expect("write");
    let out = dir.path().join("batch.pdf");
    let run = |out: &Path| {
        Command::new(BIN)
            .args(["print", "--input"])
            .arg(&input)
            .arg("--out")
            .arg(out)
            .output()
            .expect("print")
    };
    let o = run(&out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let fonts = Command::new("pdffonts")
        .arg(&out)
        .output()
        .expect("pdffonts");
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    assert!(
        fonts.contains("IPAmjMincho") && fonts.contains("IPAexGothic"),
        "{fonts}"
    );
    let text = Command::new("pdftotext")
        .arg(&out)
        .arg("-")
        .output()
        .expect("pdftotext");
    assert!(String::from_utf8_lossy(&text.stdout).contains("𠮷田 健一 様"));
    // A character no font here has: refused, named, and no PDF.
    doc["household"]["members"][1]["name"] = serde_json::json!("門司 😀");
    std::fs::write(&input, doc.to_string()).expect("write");
    let out2 = dir.path().join("emoji.pdf");
    let o = run(&out2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("household.members[1].name") && err.contains("U+1F600"),
        "{err}"
    );
    assert!(!out2.exists());
}
