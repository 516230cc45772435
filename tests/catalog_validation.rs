//! A municipality's editing mistakes are refused with the file and line.

use std::path::Path;

use madoguchi::catalog::load_dir;
use madoguchi::Texts;

const HEADER: &str = r#"[catalog]
id = "test-1"
effective_from = "2025-01-01"

[windows.shimin]
phone = "093-000-0000"
"#;

const GOOD_RULE: &str = r#"
[[procedures]]
id = "resident.move_in"
event = "move_in"
scope = "household"
mode = "counter"
window = "shimin"
reason = "reason-resident-move-in"
deadline = { from = "event.date", days = 14 }
"#;

fn load(body: &str) -> Result<madoguchi::CatalogSet, String> {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("rules.toml"), format!("{HEADER}{body}")).expect("write");
    let texts = Texts::builtin().expect("texts");
    load_dir(dir.path(), &texts).map_err(|e| e.to_string())
}

fn assert_error(body: &str, line: usize, words: &str) {
    let err = load(body).expect_err("must be refused");
    assert!(
        err.contains(&format!("rules.toml:{line}:")),
        "line {line}: {err}"
    );
    assert!(err.contains(words), "{words}: {err}");
}

#[test]
fn a_good_minimal_catalog_loads() {
    let set = load(GOOD_RULE).expect("loads");
    assert_eq!(set.versions.len(), 1);
    assert_eq!(set.versions[0].procedures.len(), 1);
}

#[test]
fn unknown_field() {
    // Line numbers: HEADER is 6 lines, GOOD_RULE starts with a blank line.
    assert_error(
        &GOOD_RULE.replace("mode = \"counter\"", "mode = \"counter\"\ncolour = \"red\""),
        13,
        "unknown field `colour`",
    );
}

#[test]
fn unknown_procedure_id() {
    assert_error(
        &GOOD_RULE.replace("resident.move_in", "resident.teleport"),
        9,
        "unknown procedure id 'resident.teleport'",
    );
}

#[test]
fn bad_conditions() {
    let with = |cond: &str| format!("{GOOD_RULE}requires = [{{ when = '{cond}' }}]\n");
    assert_error(
        &with("household.owns_cat"),
        16,
        "unknown name 'household.owns_cat'",
    );
    assert_error(&with("household.size >= \"three\""), 16, "cannot compare");
    assert_error(&with("household.owns_dog and"), 16, "unexpected end");
    assert_error(
        &with("event.kind == \"moving\""),
        16,
        "'moving' is not a value of event.kind",
    );
    assert_error(
        &with("member.age > 3"),
        16,
        "household-scope rule cannot read member",
    );
    assert_error(&with("household.size"), 16, "must be true or false");
}

#[test]
fn unknown_window_message_mode_event_deadline() {
    assert_error(
        &GOOD_RULE.replace("window = \"shimin\"", "window = \"annex\""),
        13,
        "unknown window 'annex'",
    );
    assert_error(
        &GOOD_RULE.replace("reason-resident-move-in", "reason-nope"),
        14,
        "unknown message 'reason-nope'",
    );
    assert_error(
        &GOOD_RULE.replace("event = \"move_in\"", "event = \"wedding\""),
        10,
        "unknown event 'wedding'",
    );
    assert_error(
        &GOOD_RULE.replace("mode = \"counter\"", "mode = \"maybe\""),
        12,
        "unknown variant `maybe`",
    );
    assert_error(
        &GOOD_RULE.replace("days = 14", "weeks = 2"),
        15,
        "unknown field `weeks`",
    );
    assert_error(
        &GOOD_RULE.replace("from = \"event.date\"", "from = \"tomorrow\""),
        15,
        "unknown date 'tomorrow'",
    );
}

#[test]
fn effective_dates_choose_the_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = format!("{HEADER}{GOOD_RULE}");
    let new = old
        .replace("test-1", "test-2")
        .replace("2025-01-01", "2026-04-01")
        .replace("days = 14", "days = 10");
    std::fs::write(dir.path().join("a.toml"), old).expect("write");
    std::fs::write(dir.path().join("b.toml"), new).expect("write");
    let texts = Texts::builtin().expect("texts");
    let set = load_dir(dir.path(), &texts).expect("loads");
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
    assert!(set.in_effect(day("2024-12-31")).is_none());
    assert_eq!(
        set.in_effect(day("2026-03-31")).map(|c| c.id.as_str()),
        Some("test-1")
    );
    assert_eq!(
        set.in_effect(day("2026-04-01")).map(|c| c.id.as_str()),
        Some("test-2")
    );
}

#[test]
fn the_builtin_catalog_covers_every_rule_of_the_spec() {
    let texts = Texts::builtin().expect("texts");
    let set = madoguchi::catalog::load_builtin(&texts).expect("builtin");
    let c = &set.versions[0];
    let ids = |event: madoguchi::model::EventKind| -> Vec<&str> {
        c.rules_for(event).map(|r| r.id.as_str()).collect()
    };
    use madoguchi::model::EventKind::*;
    assert_eq!(ids(MoveIn).len(), 19);
    assert_eq!(
        ids(Birth),
        [
            "koseki.birth",
            "nhi.enroll",
            "nhi.childbirth_lump_sum",
            "child_allowance.claim",
            "child_allowance.revise",
            "employer.child_allowance",
            "employer.add_dependent",
            "child_medical.apply",
            "mynumber.apply"
        ]
    );
    // Move-out: 6 at the counter and referrals, 4 steps at the new municipality, 1 more referral.
    assert_eq!(ids(MoveOut).len(), 11);
    assert_eq!(ids(MoveWithin).len(), 6);
    // The contract's tables for the new events, plus what the family does elsewhere.
    assert_eq!(
        ids(Death),
        [
            "koseki.death",
            "nhi.loss",
            "nhi.funeral_expenses",
            "late_elderly.loss",
            "late_elderly.funeral_expenses",
            "ltc.loss",
            "pension.death_report",
            "pension.unpaid_claim",
            "nhi.household_change",
            "nhi.dependent_check",
            "child_allowance.unpaid_claim",
            "household.head_change",
            "child_allowance.claim",
            "child_medical.return",
            "disability.handbook_return",
            "family.inheritance_renounce",
            "family.final_tax_return",
            "family.inheritance_tax",
            "family.inheritance_registration"
        ]
    );
    assert_eq!(
        ids(Marriage),
        [
            "koseki.marriage",
            "mynumber.name_change",
            "nhi.name_change",
            "seal.reregister",
            "child_support.end"
        ]
    );
    assert_eq!(
        ids(Divorce),
        [
            "koseki.divorce",
            "mynumber.name_change",
            "nhi.name_change",
            "seal.reregister",
            "koseki.keep_surname",
            "pension.category_change",
            "child_support.referral"
        ]
    );
    assert_eq!(
        ids(HouseholdChange),
        [
            "resident.household_change",
            "nhi.household_change",
            "child_allowance.recipient_check"
        ]
    );
    assert!(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/forms/catalog")).is_dir());
}
