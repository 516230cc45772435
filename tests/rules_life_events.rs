//! Death, marriage, divorce and household change, row by row of the contract
//! (`spec/eligibility.md`), the birth and move-out additions, the office
//! calendar's next open day, and bad inputs naming a missing or unknown member.

mod common;

use common::*;
use madoguchi::catalog::Mode;
use madoguchi::engine::Determination;
use serde_json::{json, Value};

fn deadline(d: &Determination, id: &str) -> Option<String> {
    d.procedure(id)
        .and_then(|p| p.deadline)
        .map(|x| x.to_string())
}

fn open_day(d: &Determination, id: &str) -> Option<String> {
    d.procedure(id)
        .and_then(|p| p.next_open_day)
        .map(|x| x.to_string())
}

fn mode(d: &Determination, id: &str) -> Option<Mode> {
    d.procedure(id).map(|p| p.mode)
}

/// A household of four: head (the deceased by default), spouse, a child of 16
/// and one of 8; the head received the child allowance.
fn death(date: &str, deceased: &str, head: Value) -> Value {
    json!({
        "as_of": date,
        "event": { "kind": "death", "date": date, "deceased_id": deceased },
        "household": {
            "ward": "八幡西区",
            "receives_child_allowance": true,
            "members": [
                member("h", "head", "1960-04-02", head),
                member("s", "spouse", "1964-08-20", json!({})),
                member("c1", "child", "2010-05-05", json!({})),
                member("c2", "child", "2018-01-10", json!({})),
            ]
        }
    })
}

#[test]
fn death_of_a_head_in_nhi_lists_every_city_procedure() {
    let d = decide(&death(
        "2026-09-15",
        "h",
        json!({"sex": "male", "receives_pension": true, "care_certified": true,
               "disability": {"handbook": "physical", "grade": "2"}}),
    ));
    // 戸籍法: 7 days counting the first: 09-21 (敬老の日), then 国民の休日 and 秋分.
    assert_eq!(deadline(&d, "koseki.death").as_deref(), Some("2026-09-21"));
    assert_eq!(open_day(&d, "koseki.death").as_deref(), Some("2026-09-24"));
    assert_eq!(members_of(&d, "nhi.loss"), Some(vec!["h".to_string()]));
    assert_eq!(deadline(&d, "nhi.loss").as_deref(), Some("2026-09-29"));
    assert!(d
        .procedure("nhi.funeral_expenses")
        .is_some_and(|p| p.deadline.is_none()));
    assert!(d.procedure("late_elderly.loss").is_none());
    assert_eq!(members_of(&d, "ltc.loss"), Some(vec!["h".to_string()]));
    assert_eq!(mode(&d, "pension.death_report"), Some(Mode::Flag));
    assert!(d
        .procedure("pension.death_report")
        .is_some_and(|p| p.reason.contains("マイナンバー")));
    // The head died: the survivors in NHI get a new 世帯主 on their cards.
    assert_eq!(
        members_of(&d, "nhi.household_change"),
        Some(vec!["s".to_string(), "c1".to_string(), "c2".to_string()])
    );
    // The claimant died: unpaid allowance, and a new claim by the survivor.
    assert!(d.procedure("child_allowance.unpaid_claim").is_some());
    assert_eq!(
        deadline(&d, "child_allowance.claim").as_deref(),
        Some("2026-09-30")
    );
    // Spouse and the child of 16 are 15 or older: a 世帯主変更届 is needed.
    assert_eq!(
        deadline(&d, "household.head_change").as_deref(),
        Some("2026-09-29")
    );
    assert_eq!(mode(&d, "disability.handbook_return"), Some(Mode::Referral));
    assert!(
        d.procedure("child_medical.return").is_none(),
        "the deceased is no child"
    );
    // What the family does outside the city office.
    assert_eq!(
        deadline(&d, "family.inheritance_renounce").as_deref(),
        Some("2026-12-15")
    );
    assert_eq!(
        deadline(&d, "family.final_tax_return").as_deref(),
        Some("2027-01-15")
    );
    assert_eq!(
        deadline(&d, "family.inheritance_tax").as_deref(),
        Some("2027-07-15")
    );
    assert_eq!(
        deadline(&d, "family.inheritance_registration").as_deref(),
        Some("2029-09-15")
    );
    assert!(d.procedure("pension.unpaid_claim").is_some());
    // Order: counter, referral, flag.
    let modes: Vec<Mode> = d.procedures.iter().map(|p| p.mode).collect();
    let mut sorted = modes.clone();
    sorted.sort();
    assert_eq!(modes, sorted);
}

#[test]
fn death_of_an_employee_insured_elder_and_of_a_late_elderly_member() {
    let d = decide(&death(
        "2026-04-29",
        "h",
        json!({"sex": "male", "health_insurance": "employee"}),
    ));
    assert!(d.procedure("nhi.loss").is_none());
    assert!(not_applicable(&d, "nhi.loss")
        .iter()
        .any(|(m, r)| m == "h" && r.contains("勤務先")));
    // Died on 昭和の日: the 7th day is 05-05, the next open day 05-07.
    assert_eq!(deadline(&d, "koseki.death").as_deref(), Some("2026-05-05"));
    assert_eq!(open_day(&d, "koseki.death").as_deref(), Some("2026-05-07"));
    assert!(
        d.procedure("pension.death_report").is_none(),
        "no pension recorded"
    );

    let mut elder = death(
        "2026-06-10",
        "h",
        json!({"sex": "male", "health_insurance": "late_elderly"}),
    );
    set(
        &mut elder,
        "/household/members/0/birth_date",
        json!("1945-01-01"),
    );
    let d = decide(&elder);
    assert!(d.procedure("late_elderly.loss").is_some());
    assert!(d.procedure("late_elderly.funeral_expenses").is_some());
    assert!(d.procedure("nhi.funeral_expenses").is_none());
    assert!(d.procedure("ltc.loss").is_some(), "aged 65 or more");
}

#[test]
fn death_of_a_spouse_leaves_the_head_and_the_claim_alone() {
    let d = decide(&death("2026-10-05", "s", json!({"sex": "male"})));
    assert_eq!(members_of(&d, "nhi.loss"), Some(vec!["s".to_string()]));
    assert!(d.procedure("nhi.household_change").is_none());
    assert!(d.procedure("household.head_change").is_none());
    assert!(!d
        .not_applicable
        .iter()
        .any(|n| n.id == "household.head_change"));
    assert!(d.procedure("child_allowance.unpaid_claim").is_none());
    assert!(d.procedure("child_allowance.claim").is_none());
    // 40-64 without certification: no long-term care loss.
    assert!(d.procedure("ltc.loss").is_none());
}

#[test]
fn death_of_a_head_with_one_adult_survivor_and_of_a_child() {
    let doc = json!({
        "as_of": "2026-12-26",
        "event": { "kind": "death", "date": "2026-12-26", "deceased_id": "h" },
        "household": { "ward": "戸畑区", "members": [
            member("h", "head", "1980-01-01", json!({"sex": "male", "civil_servant": true})),
            member("c", "child", "2015-03-03", json!({})),
        ]}
    });
    let d = decide(&doc);
    assert!(d.procedure("household.head_change").is_none());
    assert!(d
        .not_applicable
        .iter()
        .any(|n| n.id == "household.head_change" && n.reason.contains("1人以下")));
    // 戸籍 7 days end 2027-01-01; the office opens 01-04.
    assert_eq!(deadline(&d, "koseki.death").as_deref(), Some("2027-01-01"));
    assert_eq!(open_day(&d, "koseki.death").as_deref(), Some("2027-01-04"));
    // 住基 14 days: 2027-01-09 Sat, 01-11 成人の日 → 01-12.
    assert_eq!(
        open_day(&d, "nhi.household_change").as_deref(),
        Some("2027-01-12")
    );

    let child = json!({
        "as_of": "2026-11-02",
        "event": { "kind": "death", "date": "2026-11-02", "deceased_id": "c" },
        "household": { "ward": "戸畑区", "members": [
            member("h", "head", "1980-01-01", json!({})),
            member("c", "child", "2015-03-03", json!({})),
        ]}
    });
    let d = decide(&child);
    assert_eq!(
        members_of(&d, "child_medical.return"),
        Some(vec!["c".to_string()])
    );
}

#[test]
fn a_death_abroad_and_a_late_known_date() {
    let mut doc = death("2025-11-30", "h", json!({"sex": "male"}));
    set(&mut doc, "/as_of", json!("2026-01-10"));
    set(&mut doc, "/event/died_abroad", json!(true));
    let d = decide(&doc);
    // 3 months counting the first day: 2026-02-28 (a Saturday) → 03-02.
    assert_eq!(deadline(&d, "koseki.death").as_deref(), Some("2026-02-28"));
    assert_eq!(open_day(&d, "koseki.death").as_deref(), Some("2026-03-02"));

    let mut doc = death("2026-07-01", "h", json!({"sex": "male"}));
    set(&mut doc, "/event/known_date", json!("2026-07-10"));
    let d = decide(&doc);
    assert_eq!(deadline(&d, "koseki.death").as_deref(), Some("2026-07-16"));
    assert_eq!(
        deadline(&d, "nhi.loss").as_deref(),
        Some("2026-07-15"),
        "from the death"
    );
    assert_eq!(
        deadline(&d, "family.inheritance_renounce").as_deref(),
        Some("2026-10-10")
    );
}

fn couple(kind: &str, date: &str, wife: Value) -> Value {
    json!({
        "as_of": date,
        "event": { "kind": kind, "date": date, "partner_ids": ["h", "w"], "surname_change_id": "w" },
        "household": { "ward": "小倉南区", "single_parent": true, "members": [
            member("h", "head", "1985-02-02", json!({"sex": "male", "pension_category": 2, "health_insurance": "employee"})),
            member("w", "spouse", "1990-06-06", wife),
            member("k", "child", "2019-09-09", json!({})),
        ]}
    })
}

#[test]
fn marriage_changes_the_surname_changers_cards_and_ends_single_parent_aid() {
    let d = decide(&couple(
        "marriage",
        "2026-11-20",
        json!({"has_mynumber_card": true, "pension_category": 3}),
    ));
    assert!(d
        .procedure("koseki.marriage")
        .is_some_and(|p| p.deadline.is_none()));
    assert_eq!(
        members_of(&d, "mynumber.name_change"),
        Some(vec!["w".to_string()])
    );
    assert_eq!(
        deadline(&d, "mynumber.name_change").as_deref(),
        Some("2026-12-04")
    );
    assert_eq!(
        members_of(&d, "nhi.name_change"),
        Some(vec!["w".to_string()])
    );
    assert!(d.procedure("seal.reregister").is_some_and(|p| p.optional));
    assert_eq!(mode(&d, "child_support.end"), Some(Mode::Referral));
    assert!(d.procedure("koseki.divorce").is_none());

    let d = decide(&couple(
        "marriage",
        "2026-11-20",
        json!({"health_insurance": "employee_dependent"}),
    ));
    assert!(d.procedure("mynumber.name_change").is_none());
    assert!(not_applicable(&d, "mynumber.name_change")
        .iter()
        .any(|(m, _)| m == "w"));
    assert!(d.procedure("nhi.name_change").is_none());
}

#[test]
fn divorce_by_agreement_and_by_the_court() {
    let d = decide(&couple(
        "divorce",
        "2026-09-10",
        json!({"has_mynumber_card": true, "pension_category": 3}),
    ));
    assert!(d
        .procedure("koseki.divorce")
        .is_some_and(|p| p.deadline.is_none()));
    // 3 months counting the first day: 2026-12-09.
    assert_eq!(
        deadline(&d, "koseki.keep_surname").as_deref(),
        Some("2026-12-09")
    );
    assert!(d
        .procedure("koseki.keep_surname")
        .is_some_and(|p| p.optional));
    assert_eq!(
        members_of(&d, "pension.category_change"),
        Some(vec!["w".to_string()])
    );
    assert_eq!(
        deadline(&d, "pension.category_change").as_deref(),
        Some("2026-09-24")
    );
    assert_eq!(mode(&d, "child_support.referral"), Some(Mode::Referral));
    assert_eq!(
        members_of(&d, "mynumber.name_change"),
        Some(vec!["w".to_string()])
    );

    let mut court = couple("divorce", "2026-09-10", json!({}));
    set(&mut court, "/event/by_court", json!(true));
    let d = decide(&court);
    // 10 days counting the first: 09-19 (a Saturday) → 09-24 after the holidays.
    assert_eq!(
        deadline(&d, "koseki.divorce").as_deref(),
        Some("2026-09-19")
    );
    assert_eq!(
        open_day(&d, "koseki.divorce").as_deref(),
        Some("2026-09-24")
    );
}

fn household_change(change: &str, extra: Value) -> Value {
    let mut doc = json!({
        "as_of": "2026-11-24",
        "event": { "kind": "household_change", "date": "2026-11-24", "change": change },
        "household": { "ward": "若松区", "receives_child_allowance": true, "members": [
            member("h", "head", "1950-01-01", json!({"sex": "male", "moving": false})),
            member("a", "child", "1980-01-01", json!({"moving": true})),
            member("b", "grandchild", "2012-01-01", json!({"moving": true, "health_insurance": "employee_dependent"})),
            member("x", "other", "1975-01-01", json!({"moving": false, "health_insurance": "employee"})),
        ]}
    });
    if let (Some(event), Some(more)) = (doc["event"].as_object_mut(), extra.as_object()) {
        for (k, v) in more {
            event.insert(k.clone(), v.clone());
        }
    }
    doc
}

#[test]
fn household_change_split_and_head_change() {
    let d = decide(&household_change("split", json!({})));
    assert_eq!(
        deadline(&d, "resident.household_change").as_deref(),
        Some("2026-12-08")
    );
    // Only the members who change household and are in NHI.
    assert_eq!(
        members_of(&d, "nhi.household_change"),
        Some(vec!["a".to_string()])
    );
    assert_eq!(
        mode(&d, "child_allowance.recipient_check"),
        Some(Mode::Flag)
    );

    let d = decide(&household_change(
        "head_change",
        json!({"new_head_id": "a"}),
    ));
    assert_eq!(
        members_of(&d, "nhi.household_change"),
        Some(vec!["h".to_string(), "a".to_string()])
    );
}

#[test]
fn birth_to_a_civil_servant_and_an_employee_dependent_baby() {
    let doc = json!({
        "as_of": "2026-11-24",
        "event": { "kind": "birth", "date": "2026-11-20", "newborn_id": "b", "mother_id": "m" },
        "household": { "ward": "戸畑区", "receives_child_allowance": true, "members": [
            member("f", "head", "1990-01-01", json!({"sex": "male", "civil_servant": true, "health_insurance": "employee"})),
            member("m", "spouse", "1992-01-01", json!({"health_insurance": "employee_dependent"})),
            member("b", "child", "2026-11-20", json!({"health_insurance": "employee_dependent"})),
        ]}
    });
    let d = decide(&doc);
    assert!(d.procedure("child_allowance.revise").is_none());
    assert!(d
        .not_applicable
        .iter()
        .any(|n| n.id == "child_allowance.revise" && n.reason.contains("公務員")));
    assert_eq!(mode(&d, "employer.child_allowance"), Some(Mode::Flag));
    assert_eq!(
        deadline(&d, "employer.child_allowance").as_deref(),
        Some("2026-12-05")
    );
    assert_eq!(
        members_of(&d, "employer.add_dependent"),
        Some(vec!["b".to_string()])
    );
    // 戸籍法: the birth day counts: 14 days end 12-03.
    assert_eq!(deadline(&d, "koseki.birth").as_deref(), Some("2026-12-03"));
}

#[test]
fn move_out_lists_the_steps_at_the_new_municipality() {
    let doc = json!({
        "as_of": "2026-11-24",
        "event": { "kind": "move_out", "date": "2026-11-28" },
        "household": { "ward": "門司区", "single_parent": true, "receives_child_allowance": true, "members": [
            member("p", "head", "1988-01-01", json!({})),
            member("k", "child", "2016-06-01", json!({})),
        ]}
    });
    let d = decide(&doc);
    assert_eq!(mode(&d, "child_support.move_out"), Some(Mode::Referral));
    assert_eq!(mode(&d, "destination.move_in"), Some(Mode::Flag));
    assert_eq!(
        deadline(&d, "destination.move_in").as_deref(),
        Some("2026-12-12")
    );
    // 12-12 is a Saturday: the next open day is 12-14.
    assert_eq!(
        open_day(&d, "destination.move_in").as_deref(),
        Some("2026-12-14")
    );
    assert_eq!(
        members_of(&d, "destination.nhi_enroll"),
        Some(vec!["p".to_string(), "k".to_string()])
    );
    assert_eq!(
        deadline(&d, "destination.child_allowance_claim").as_deref(),
        Some("2026-12-13")
    );
    assert_eq!(
        members_of(&d, "destination.school"),
        Some(vec!["k".to_string()])
    );
}

#[test]
fn an_id_that_names_no_member_is_a_bad_input_naming_the_field() {
    let cases = [
        (
            json!({ "kind": "death", "date": "2026-11-20" }),
            "event.deceased_id: missing field",
        ),
        (
            json!({ "kind": "death", "date": "2026-11-20", "deceased_id": "zz" }),
            "event.deceased_id: no member with id zz",
        ),
        (
            json!({ "kind": "death", "date": "2026-11-20", "deceased_id": "h", "known_date": "2026-11-01" }),
            "event.known_date",
        ),
        (
            json!({ "kind": "marriage", "date": "2026-11-20" }),
            "event.partner_ids",
        ),
        (
            json!({ "kind": "marriage", "date": "2026-11-20", "partner_ids": ["h", "q"] }),
            "event.partner_ids[1]: no member with id q",
        ),
        (
            json!({ "kind": "divorce", "date": "2026-11-20", "partner_ids": ["h"], "surname_change_id": "q" }),
            "event.surname_change_id: no member with id q",
        ),
        (
            json!({ "kind": "household_change", "date": "2026-11-20" }),
            "event.change: missing field",
        ),
        (
            json!({ "kind": "household_change", "date": "2026-11-20", "change": "head_change" }),
            "event.new_head_id: missing field",
        ),
        (
            json!({ "kind": "household_change", "date": "2026-11-20", "change": "head_change", "new_head_id": "q" }),
            "event.new_head_id: no member with id q",
        ),
        (
            json!({ "kind": "household_change", "date": "2026-11-20", "change": "swap" }),
            "event.change",
        ),
    ];
    for (event, expected) in cases {
        let doc = json!({
            "as_of": "2026-11-24",
            "event": event,
            "household": { "ward": "若松区", "members": [member("h", "head", "1970-01-01", json!({}))] }
        });
        let err = madoguchi::input::parse_request(&doc.to_string())
            .err()
            .unwrap_or_else(|| panic!("accepted: {doc}"));
        assert!(
            err.to_string().starts_with(expected),
            "{err} (expected {expected})"
        );
    }
}

#[test]
fn every_new_procedure_has_titles_and_reasons_in_both_languages() {
    let d = decide_lang(
        &death(
            "2026-09-15",
            "h",
            json!({"sex": "male", "receives_pension": true}),
        ),
        "en",
    );
    for p in &d.procedures {
        assert!(
            !p.title.is_empty() && !p.title.starts_with("proc-"),
            "{}",
            p.id
        );
        assert!(
            p.reason.is_ascii() || p.reason.contains('('),
            "{}: {}",
            p.id,
            p.reason
        );
    }
    assert!(d
        .procedure("koseki.death")
        .is_some_and(|p| p.title == "Death registration"));
}
