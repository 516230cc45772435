//! The `madoguchi eligibility` contract, through the real binary.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_madoguchi");

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn madoguchi");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

fn ok_json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

fn procedure<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["procedures"]
        .as_array()
        .expect("procedures")
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or(&Value::Null)
}

#[test]
fn seed_move_in_lists_the_four_procedures_of_the_slide() {
    let v = ok_json(&run(&["eligibility"], &fixture("seed-move-in.json")));
    assert_eq!(v["catalog"], "kitakyushu-2026.11");
    assert_eq!(v["as_of"], "2026-11-24");
    let mv = procedure(&v, "resident.move_in");
    assert_eq!(mv["deadline"], "2026-12-05");
    assert_eq!(mv["members"], json!([]));
    assert_eq!(mv["window"], "市民課");
    let nhi = procedure(&v, "nhi.enroll");
    assert_eq!(nhi["members"], json!(["m1", "m2", "m3", "m4"]));
    assert_eq!(nhi["deadline"], "2026-12-05");
    assert_eq!(nhi["form"], "nhi_enrollment");
    assert_eq!(nhi["window"], "国保年金課");
    let med = procedure(&v, "child_medical.apply");
    assert_eq!(med["members"], json!(["m3"]));
    assert_eq!(med["deadline"], "2026-12-06");
    let ltc = procedure(&v, "ltc.enroll");
    assert_eq!(ltc["members"], json!(["m4"]));
    assert!(ltc["reason"].as_str().expect("reason").contains("要介護"));
    assert!(ltc["documents"]
        .as_array()
        .expect("docs")
        .iter()
        .any(|d| d.as_str().is_some_and(|d| d.contains("受給資格証明書"))));
    for p in v["procedures"].as_array().expect("procedures") {
        assert!(!p["reason"].as_str().unwrap_or_default().is_empty(), "{p}");
        for field in [
            "id",
            "title",
            "members",
            "mode",
            "optional",
            "deadline",
            "window",
            "reason",
            "documents",
            "form",
        ] {
            assert!(p.get(field).is_some(), "{field} in {p}");
        }
    }
}

#[test]
fn reads_input_file_and_lang_en() {
    let path = format!(
        "{}/tests/fixtures/seed-move-in.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let v = ok_json(&run(&["eligibility", "--input", &path, "--lang", "en"], ""));
    assert_eq!(
        procedure(&v, "resident.move_in")["title"],
        "Move-in notification"
    );
    let bad = run(&["eligibility", "--input", &path, "--lang", "xx"], "");
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn birth_example_revises() {
    let v = ok_json(&run(&["eligibility"], &fixture("birth-second-child.json")));
    assert!(procedure(&v, "child_allowance.revise").is_object());
    assert!(procedure(&v, "child_allowance.claim").is_null());
}

/// Exit 2, nothing on stdout, exactly one line on stderr naming the field.
fn assert_bad(input: &str, field: &str, words: &str) {
    let out = run(&["eligibility"], input);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert!(out.stdout.is_empty(), "no partial result");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(stderr.starts_with(field), "names {field}: {stderr}");
    assert!(stderr.contains(words), "says {words}: {stderr}");
    assert!(!stderr.contains("panicked"));
}

fn seed() -> Value {
    serde_json::from_str(&fixture("seed-move-in.json")).expect("seed")
}

fn with(pointer: &str, value: Value) -> String {
    let mut v = seed();
    *v.pointer_mut(pointer).expect("pointer") = value;
    v.to_string()
}

#[test]
fn bad_input_classes() {
    assert_bad("{ not json", "input", "not JSON");
    assert_bad("", "input", "not JSON");
    assert_bad("[1, 2]", "input", "");
    assert_bad(
        &with("/household/members/1/birth_date", json!("2026-02-30")),
        "household.members[1].birth_date",
        "not a date: 2026-02-30",
    );
    assert_bad(&with("/as_of", json!("2026-13-01")), "as_of", "not a date");
    assert_bad(
        &with("/event/date", json!("20261120")),
        "event.date",
        "not a date",
    );
    assert_bad(
        &with("/event/kind", json!("moving")),
        "event.kind",
        "unknown variant",
    );
    assert_bad(
        &with("/household/members/2/health_insurance", json!("private")),
        "household.members[2].health_insurance",
        "unknown variant",
    );
    assert_bad(
        &with("/household/members/0/relation", json!(7)),
        "household.members[0].relation",
        "invalid type",
    );
    assert_bad(
        &with("/household/members/3/birth_date", json!("2027-01-01")),
        "household.members[3].birth_date",
        "after the event date",
    );
    assert_bad(
        &with("/household/members/1/id", json!("m1")),
        "household.members[1].id",
        "duplicate member id",
    );
    assert_bad(
        &with("/household/members", json!([])),
        "household.members",
        "at least one member",
    );
    assert_bad(
        &with("/household/members/0/pension_category", json!(4)),
        "household.members[0].pension_category",
        "1, 2, 3",
    );
    let mut missing = seed();
    missing["household"]["members"][1]
        .as_object_mut()
        .expect("member")
        .remove("birth_date");
    assert_bad(
        &missing.to_string(),
        "household.members[1].birth_date",
        "missing field",
    );
    let mut no_as_of = seed();
    no_as_of.as_object_mut().expect("doc").remove("as_of");
    assert_bad(&no_as_of.to_string(), "as_of", "missing field");
    let mut birth: Value =
        serde_json::from_str(&fixture("birth-second-child.json")).expect("birth");
    birth["event"]["newborn_id"] = json!("zz");
    assert_bad(&birth.to_string(), "event.newborn_id", "no member");
}

#[test]
fn unknown_fields_are_warned_about_not_fatal() {
    let mut v = seed();
    v["household"]["members"][0]["care_certifed"] = json!(true);
    let out = run(&["eligibility"], &v.to_string());
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("household.members.0.care_certifed: unknown field"),
        "{stderr}"
    );
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir").flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).expect("copy");
        }
    }
}

fn edited_catalog(edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/forms")),
        dir.path(),
    );
    let file = dir.path().join("catalog/kitakyushu-2026.11.toml");
    let text = std::fs::read_to_string(&file).expect("catalog");
    let edited = edit(text.clone());
    assert_ne!(text, edited, "the edit changed the file");
    std::fs::write(&file, edited).expect("write");
    dir
}

#[test]
fn an_edited_catalog_changes_the_result() {
    // The city lowers the age for the infant check exchange and lengthens the NHI deadline.
    let dir = edited_catalog(|t| {
        t.replace(r#"requires = [{ when = "member.age < 4" }]"#, r#"requires = [{ when = "member.age < 1" }]"#)
            .replace(
                "reason = \"reason-nhi-enroll-move-in\"\ndeadline = { from = \"event.date\", days = 14 }",
                "reason = \"reason-nhi-enroll-move-in\"\ndeadline = { from = \"event.date\", days = 20 }",
            )
            .replace("window = \"hoken_fukushi\"\nform = \"ltc_enrollment\"", "window = \"koureisha_shougai\"\nform = \"ltc_enrollment\"")
    });
    let catalog = dir.path().to_str().expect("path");
    let before = ok_json(&run(&["eligibility"], &fixture("seed-move-in.json")));
    let after = ok_json(&run(
        &["eligibility", "--catalog", catalog],
        &fixture("seed-move-in.json"),
    ));
    assert_eq!(
        procedure(&before, "infant_checkup.transfer")["members"],
        json!(["m3"])
    );
    assert!(
        procedure(&after, "infant_checkup.transfer").is_null(),
        "m3 is 1, no longer under 1"
    );
    assert_eq!(procedure(&before, "nhi.enroll")["deadline"], "2026-12-05");
    assert_eq!(procedure(&after, "nhi.enroll")["deadline"], "2026-12-11");
    assert_eq!(
        procedure(&after, "ltc.enroll")["window"],
        "高齢者・障害者相談コーナー"
    );
}

#[test]
fn a_broken_catalog_is_refused_with_file_and_line() {
    let dir = edited_catalog(|t| {
        t.replace(
            r#"when = "member.age >= 15""#,
            r#"when = "member.agee >= 15""#,
        )
    });
    let out = run(
        &[
            "eligibility",
            "--catalog",
            dir.path().to_str().expect("path"),
        ],
        &fixture("seed-move-in.json"),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(stderr.contains("kitakyushu-2026.11.toml:"), "{stderr}");
    assert!(stderr.contains("unknown name 'member.agee'"), "{stderr}");
}

#[test]
fn check_catalog_summarises() {
    let out = run(&["check-catalog"], "");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("kitakyushu-2026.11 (effective 2024-10-01)"),
        "{stdout}"
    );
}
