//! Birth, move-out and move-within rules, and the spec's birth example.

mod common;

use common::*;
use serde_json::json;

fn birth(
    date: &str,
    receives: bool,
    mother_insurance: &str,
    baby_insurance: &str,
) -> serde_json::Value {
    json!({
        "as_of": date,
        "event": { "kind": "birth", "date": date, "newborn_id": "b", "mother_id": "m" },
        "household": {
            "ward": "戸畑区",
            "receives_child_allowance": receives,
            "members": [
                member("f", "head", "1990-01-01", json!({"sex": "male", "health_insurance": "employee"})),
                member("m", "spouse", "1992-01-01", json!({"health_insurance": mother_insurance})),
                member("b", "child", date, json!({"health_insurance": baby_insurance})),
            ]
        }
    })
}

#[test]
fn spec_birth_example_revises_instead_of_claiming() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/spec/examples/birth-second-child.json"
    ))
    .or_else(|_| std::fs::read_to_string("tests/fixtures/birth-second-child.json"))
    .expect("birth example");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("json");
    let d = decide(&doc);
    assert!(d.procedure("child_allowance.revise").is_some());
    assert!(d.procedure("child_allowance.claim").is_none());
    assert!(d
        .not_applicable
        .iter()
        .any(|n| n.id == "child_allowance.claim" && n.reason.contains("額改定")));
    // Born 2026-11-12: 戸籍法 counts the birth day, so 14 days end on 11-25.
    assert_eq!(
        d.procedure("koseki.birth")
            .and_then(|p| p.deadline)
            .map(|x| x.to_string()),
        Some("2026-11-25".into())
    );
    assert_eq!(
        d.procedure("child_allowance.revise")
            .and_then(|p| p.deadline)
            .map(|x| x.to_string()),
        Some("2026-11-27".into())
    );
    assert_eq!(
        d.procedure("child_medical.apply")
            .and_then(|p| p.deadline)
            .map(|x| x.to_string()),
        Some("2026-12-12".into())
    );
    assert_eq!(
        members_of(&d, "child_medical.apply"),
        Some(vec!["c2".to_string()])
    );
    // Employee-dependent newborn: no NHI, with the reason.
    assert!(d.procedure("nhi.enroll").is_none());
    assert!(not_applicable(&d, "nhi.enroll")
        .iter()
        .any(|(m, r)| m == "c2" && r.contains("被扶養者")));
    assert!(d.procedure("mynumber.apply").is_some_and(|p| p.optional));
}

#[test]
fn birth_of_a_first_child_in_nhi() {
    let d = decide(&birth("2027-01-31", false, "nhi", "nhi"));
    assert!(d.procedure("child_allowance.claim").is_some());
    assert!(d.procedure("child_allowance.revise").is_none());
    assert_eq!(members_of(&d, "nhi.enroll"), Some(vec!["b".to_string()]));
    assert_eq!(
        members_of(&d, "nhi.childbirth_lump_sum"),
        Some(vec!["m".to_string()])
    );
    // One month after 31 January is the last day of February.
    assert_eq!(
        d.procedure("child_medical.apply")
            .and_then(|p| p.deadline)
            .map(|x| x.to_string()),
        Some("2027-02-28".into())
    );
    assert_eq!(
        d.procedure("koseki.birth")
            .and_then(|p| p.deadline)
            .map(|x| x.to_string()),
        Some("2027-02-13".into())
    );
    assert_eq!(
        d.procedure("nhi.enroll")
            .and_then(|p| p.deadline)
            .map(|x| x.to_string()),
        Some("2027-02-14".into())
    );
}

#[test]
fn lump_sum_comes_from_the_mothers_own_insurance() {
    let d = decide(&birth(
        "2026-11-12",
        false,
        "employee",
        "employee_dependent",
    ));
    assert!(d.procedure("nhi.childbirth_lump_sum").is_none());
    assert!(not_applicable(&d, "nhi.childbirth_lump_sum")
        .iter()
        .any(|(m, _)| m == "m"));
}

#[test]
fn civil_servant_parent_at_birth() {
    let mut doc = birth("2026-11-12", false, "nhi", "nhi");
    set(&mut doc, "/household/members/0/civil_servant", json!(true));
    let d = decide(&doc);
    assert!(d.procedure("child_allowance.claim").is_none());
    assert!(d
        .not_applicable
        .iter()
        .any(|n| n.id == "child_allowance.claim" && n.reason.contains("公務員")));
}

#[test]
fn move_out_procedures() {
    let mut doc = event_of(
        "move_out",
        "2026-12-01",
        vec![
            member(
                "h",
                "head",
                "1980-01-01",
                json!({"health_insurance": "employee"}),
            ),
            member("s", "spouse", "1982-01-01", json!({})),
            member(
                "c",
                "child",
                "2015-06-01",
                json!({"health_insurance": "nhi"}),
            ),
            member(
                "g",
                "parent",
                "1945-01-01",
                json!({"health_insurance": "late_elderly", "care_certified": true}),
            ),
        ],
    );
    set(&mut doc, "/household/receives_child_allowance", json!(true));
    let d = decide(&doc);
    assert_eq!(
        d.procedure("resident.move_out")
            .and_then(|p| p.deadline)
            .map(|x| x.to_string()),
        Some("2026-12-15".into())
    );
    assert_eq!(
        members_of(&d, "nhi.withdraw"),
        Some(vec!["s".to_string(), "c".to_string()])
    );
    assert!(not_applicable(&d, "nhi.withdraw")
        .iter()
        .any(|(m, _)| m == "h"));
    assert_eq!(
        d.procedure("child_allowance.terminate")
            .and_then(|p| p.deadline)
            .map(|x| x.to_string()),
        Some("2026-12-16".into())
    );
    assert_eq!(
        members_of(&d, "child_medical.return"),
        Some(vec!["c".to_string()])
    );
    assert_eq!(
        members_of(&d, "ltc.certificate"),
        Some(vec!["g".to_string()])
    );
    assert_eq!(
        members_of(&d, "school.leave_documents"),
        Some(vec!["c".to_string()])
    );
}

#[test]
fn move_within_procedures() {
    let mut doc = event_of(
        "move_within",
        "2026-11-20",
        vec![
            member(
                "h",
                "head",
                "1980-01-01",
                json!({"has_mynumber_card": true}),
            ),
            member("c", "child", "2013-06-01", json!({})),
        ],
    );
    set(&mut doc, "/household/receives_child_allowance", json!(true));
    let d = decide(&doc);
    for id in [
        "resident.move_within",
        "mynumber.address_update",
        "nhi.address_change",
        "child_allowance.address_change",
        "child_medical.address_change",
        "school.district_check",
    ] {
        assert!(d.procedure(id).is_some(), "{id}");
    }
    assert_eq!(
        d.procedures.last().map(|p| p.id.as_str()),
        Some("school.district_check"),
        "flags last"
    );
    assert!(not_applicable(&d, "mynumber.address_update")
        .iter()
        .any(|(m, _)| m == "c"));
}
