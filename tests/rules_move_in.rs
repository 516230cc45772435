//! Every boundary of the move-in rules, through the library API: each age limit
//! on the day before, on and after; school years; fiscal-year ends; referrals.

mod common;

use common::*;
use madoguchi::catalog::Mode;
use serde_json::json;

fn one(
    date: &str,
    relation: &str,
    birth: &str,
    extra: serde_json::Value,
) -> madoguchi::Determination {
    let mut members = vec![member("h", "head", "1980-05-05", json!({}))];
    if relation != "head" {
        members.push(member("x", relation, birth, extra));
    } else {
        members[0] = member("x", "head", birth, extra);
    }
    decide(&move_in(date, members))
}

#[test]
fn ltc_at_65_day_before_on_and_after() {
    // Born 1961-11-21: attains 65 on 2026-11-20.
    let before = one("2026-11-19", "parent", "1961-11-21", json!({}));
    assert!(!applies_to(&before, "ltc.enroll", "x"));
    assert!(not_applicable(&before, "ltc.enroll")
        .iter()
        .any(|(m, r)| m == "x" && r.contains("40〜64歳")));
    let on = one("2026-11-20", "parent", "1961-11-21", json!({}));
    assert!(applies_to(&on, "ltc.enroll", "x"));
    assert!(not_applicable(&on, "ltc.enroll")
        .iter()
        .all(|(m, _)| m != "x"));
    let after = one("2026-11-21", "parent", "1961-11-21", json!({}));
    assert!(applies_to(&after, "ltc.enroll", "x"));
}

#[test]
fn ltc_40_to_64_only_when_certified_and_certificate_listed() {
    // Born 1986-11-21: attains 40 on 2026-11-20.
    let before = one(
        "2026-11-19",
        "spouse",
        "1986-11-21",
        json!({"care_certified": true}),
    );
    assert!(!applies_to(&before, "ltc.enroll", "x"));
    assert!(
        not_applicable(&before, "ltc.enroll")
            .iter()
            .all(|(m, _)| m != "x"),
        "under 40 is silent"
    );
    let on = one(
        "2026-11-20",
        "spouse",
        "1986-11-21",
        json!({"care_certified": true}),
    );
    assert!(applies_to(&on, "ltc.enroll", "x"));
    let p = on.procedure("ltc.enroll").expect("ltc");
    assert!(p.documents.iter().any(|d| d.contains("受給資格証明書")));
    let uncertified = one("2026-11-20", "spouse", "1986-11-21", json!({}));
    assert!(!applies_to(&uncertified, "ltc.enroll", "x"));
    // 65+ without certification: no certificate among the documents.
    let old = one("2026-11-20", "parent", "1950-01-01", json!({}));
    let p = old.procedure("ltc.enroll").expect("ltc");
    assert!(p.documents.iter().all(|d| !d.contains("受給資格証明書")));
}

#[test]
fn nhi_ends_and_late_elderly_starts_on_the_75th_birthday() {
    // Born 1951-11-20: 75th birthday 2026-11-20 (legal age 75 already on 11-19).
    let before = one("2026-11-19", "parent", "1951-11-20", json!({}));
    assert!(applies_to(&before, "nhi.enroll", "x"));
    assert!(!applies_to(&before, "late_elderly.enroll", "x"));
    let on = one("2026-11-20", "parent", "1951-11-20", json!({}));
    assert!(!applies_to(&on, "nhi.enroll", "x"));
    assert!(applies_to(&on, "late_elderly.enroll", "x"));
    assert!(not_applicable(&on, "nhi.enroll")
        .iter()
        .any(|(m, r)| m == "x" && r.contains("後期高齢者医療")));
    let after = one("2026-11-21", "parent", "1951-11-20", json!({}));
    assert!(applies_to(&after, "late_elderly.enroll", "x"));
}

#[test]
fn late_elderly_enrolment_or_address_change_by_origin() {
    let mut doc = move_in(
        "2026-11-20",
        vec![member(
            "x",
            "head",
            "1940-01-01",
            json!({"health_insurance": "late_elderly"}),
        )],
    );
    let from_yamaguchi = decide(&doc);
    assert!(applies_to(&from_yamaguchi, "late_elderly.enroll", "x"));
    assert!(!applies_to(
        &from_yamaguchi,
        "late_elderly.address_change",
        "x"
    ));
    set(&mut doc, "/event/from_prefecture", json!("福岡県"));
    let from_fukuoka = decide(&doc);
    assert!(!applies_to(&from_fukuoka, "late_elderly.enroll", "x"));
    assert!(applies_to(
        &from_fukuoka,
        "late_elderly.address_change",
        "x"
    ));
    assert!(not_applicable(&from_fukuoka, "late_elderly.enroll")
        .iter()
        .any(|(m, _)| m == "x"));
    set(&mut doc, "/event/from_abroad", json!(true));
    set(&mut doc, "/event/from_prefecture", json!(null));
    let from_abroad = decide(&doc);
    assert!(applies_to(&from_abroad, "late_elderly.enroll", "x"));
    let p = from_abroad.procedure("resident.move_in").expect("move in");
    assert!(p.documents.iter().any(|d| d.contains("パスポート")));
    assert!(p.documents.iter().all(|d| !d.contains("転出証明書")));
}

#[test]
fn seal_registration_from_15_including_a_29_february_birth() {
    // Born 2012-02-29 attains 15 on 2027-02-28.
    let before = one("2027-02-27", "child", "2012-02-29", json!({}));
    assert!(!applies_to(&before, "seal.register", "x"));
    assert!(not_applicable(&before, "seal.register")
        .iter()
        .any(|(m, _)| m == "x"));
    let on = one("2027-02-28", "child", "2012-02-29", json!({}));
    assert!(applies_to(&on, "seal.register", "x"));
    assert!(on.procedure("seal.register").expect("seal").optional);
    let after = one("2027-03-01", "child", "2012-02-29", json!({}));
    assert!(applies_to(&after, "seal.register", "x"));
}

#[test]
fn infant_checkup_until_age_4() {
    // Born 2022-11-21 attains 4 on 2026-11-20.
    let before = one("2026-11-19", "child", "2022-11-21", json!({}));
    assert!(applies_to(&before, "infant_checkup.transfer", "x"));
    let on = one("2026-11-20", "child", "2022-11-21", json!({}));
    assert!(!applies_to(&on, "infant_checkup.transfer", "x"));
    let after = one("2026-11-21", "child", "2022-11-21", json!({}));
    assert!(!applies_to(&after, "infant_checkup.transfer", "x"));
}

#[test]
fn school_year_1_april_and_2_april_births() {
    // A 1 April 2020 birth started school in April 2026: 小1, no pre-school vaccination exchange.
    let first = one("2026-11-20", "child", "2020-04-01", json!({}));
    assert!(applies_to(&first, "school.transfer_notice", "x"));
    assert!(!applies_to(&first, "vaccination.transfer", "x"));
    assert!(first
        .procedure("school.transfer_notice")
        .expect("school")
        .reason
        .contains("小学1年"));
    // A 2 April 2020 birth is still pre-school.
    let second = one("2026-11-20", "child", "2020-04-02", json!({}));
    assert!(!applies_to(&second, "school.transfer_notice", "x"));
    assert!(applies_to(&second, "vaccination.transfer", "x"));
    // The end of compulsory school: 中3 (born 2011-04-02) vs past it (born 2011-04-01).
    let chu3 = one("2026-11-20", "child", "2011-04-02", json!({}));
    assert!(applies_to(&chu3, "school.transfer_notice", "x"));
    assert!(chu3
        .procedure("school.transfer_notice")
        .expect("school")
        .reason
        .contains("中学3年"));
    let past = one("2026-11-20", "child", "2011-04-01", json!({}));
    assert!(!applies_to(&past, "school.transfer_notice", "x"));
    // On 31 March the 2 April 2019 child is still pre-school; on 1 April it is 小1.
    let march = one("2026-03-31", "child", "2019-04-02", json!({}));
    assert!(applies_to(&march, "vaccination.transfer", "x"));
    let april = one("2026-04-01", "child", "2019-04-02", json!({}));
    assert!(applies_to(&april, "school.transfer_notice", "x"));
}

#[test]
fn child_until_the_first_31_march_after_18() {
    // Born 2008-04-01 reached 18 on 2026-03-31: no longer a child after that day.
    let out = one("2026-11-20", "child", "2008-04-01", json!({}));
    assert!(!applies_to(&out, "child_medical.apply", "x"));
    assert!(out.procedure("child_allowance.claim").is_none());
    // Born 2008-04-02 reaches 18 on 2026-04-01: a child until 2027-03-31.
    let inside = one("2026-11-20", "child", "2008-04-02", json!({}));
    assert!(applies_to(&inside, "child_medical.apply", "x"));
    assert!(inside.procedure("child_allowance.claim").is_some());
    let last_day = one("2027-03-31", "child", "2008-04-02", json!({}));
    assert!(applies_to(&last_day, "child_medical.apply", "x"));
    let next_day = one("2027-04-01", "child", "2008-04-02", json!({}));
    assert!(!applies_to(&next_day, "child_medical.apply", "x"));
    // Grandchildren count; other relations do not.
    let grandchild = one("2026-11-20", "grandchild", "2020-01-01", json!({}));
    assert!(applies_to(&grandchild, "child_medical.apply", "x"));
    let other = one("2026-11-20", "other", "2020-01-01", json!({}));
    assert!(!applies_to(&other, "child_medical.apply", "x"));
}

#[test]
fn fifteen_day_rule_counts_from_the_planned_move_out_date() {
    let mut doc = move_in(
        "2026-11-20",
        vec![
            member("h", "head", "1985-01-01", json!({})),
            member("c", "child", "2019-06-01", json!({})),
        ],
    );
    set(
        &mut doc,
        "/event/planned_move_out_date",
        json!("2026-11-10"),
    );
    let d = decide(&doc);
    let claim = d.procedure("child_allowance.claim").expect("claim");
    assert_eq!(
        claim.deadline.map(|d| d.to_string()),
        Some("2026-11-25".into())
    );
    assert_eq!(
        d.procedure("child_medical.apply")
            .and_then(|p| p.deadline)
            .map(|d| d.to_string()),
        Some("2026-12-05".into())
    );
    assert_eq!(
        d.procedure("resident.move_in")
            .and_then(|p| p.deadline)
            .map(|d| d.to_string()),
        Some("2026-12-04".into())
    );
    // Without a planned move-out date the move-in date is the base.
    set(&mut doc, "/event/planned_move_out_date", json!(null));
    let d = decide(&doc);
    assert_eq!(
        d.procedure("child_allowance.claim")
            .and_then(|p| p.deadline)
            .map(|d| d.to_string()),
        Some("2026-12-05".into())
    );
}

#[test]
fn civil_servant_claimants_get_the_allowance_from_their_employer() {
    let head_cs = decide(&move_in(
        "2026-11-20",
        vec![
            member("h", "head", "1985-01-01", json!({"civil_servant": true})),
            member("c", "child", "2019-06-01", json!({})),
        ],
    ));
    assert!(head_cs.procedure("child_allowance.claim").is_none());
    let na = not_applicable(&head_cs, "child_allowance.claim");
    assert!(
        head_cs
            .not_applicable
            .iter()
            .any(|n| n.id == "child_allowance.claim" && n.reason.contains("公務員")),
        "{na:?}"
    );
    // The spouse being a civil servant does not matter while the head is the parent.
    let spouse_cs = decide(&move_in(
        "2026-11-20",
        vec![
            member("h", "head", "1985-01-01", json!({})),
            member("s", "spouse", "1986-01-01", json!({"civil_servant": true})),
            member("c", "child", "2019-06-01", json!({})),
        ],
    ));
    assert!(spouse_cs.procedure("child_allowance.claim").is_some());
    // A grandparent head is not a parent: the spouse is the claimant.
    let grand = decide(&move_in(
        "2026-11-20",
        vec![
            member("h", "head", "1960-01-01", json!({"civil_servant": true})),
            member("s", "spouse", "1962-01-01", json!({})),
            member("g", "grandchild", "2019-06-01", json!({})),
        ],
    ));
    assert!(grand.procedure("child_allowance.claim").is_some());
}

#[test]
fn public_assistance_households_are_referred_not_enrolled() {
    let mut doc = move_in(
        "2026-11-20",
        vec![
            member(
                "h",
                "head",
                "1985-01-01",
                json!({"health_insurance": "public_assistance"}),
            ),
            member(
                "c",
                "child",
                "2019-06-01",
                json!({"health_insurance": "public_assistance"}),
            ),
        ],
    );
    set(&mut doc, "/household/public_assistance", json!(true));
    let d = decide(&doc);
    assert!(d.procedure("nhi.enroll").is_none());
    assert!(not_applicable(&d, "nhi.enroll")
        .iter()
        .any(|(m, r)| m == "h" && r.contains("生活保護")));
    assert!(d.procedure("child_medical.apply").is_none());
    assert!(not_applicable(&d, "child_medical.apply")
        .iter()
        .any(|(m, _)| m == "c"));
    let referral = d.procedure("public_assistance.referral").expect("referral");
    assert_eq!(referral.mode, Mode::Referral);
    assert_eq!(referral.window, "保護課");
}

#[test]
fn employee_insured_members_never_get_nhi_enrolment() {
    let d = decide(&move_in(
        "2026-11-20",
        vec![
            member(
                "h",
                "head",
                "1985-01-01",
                json!({"health_insurance": "employee"}),
            ),
            member(
                "s",
                "spouse",
                "1986-01-01",
                json!({"health_insurance": "employee_dependent"}),
            ),
            member(
                "g",
                "parent",
                "1960-01-01",
                json!({"health_insurance": "nhi"}),
            ),
        ],
    ));
    assert_eq!(members_of(&d, "nhi.enroll"), Some(vec!["g".to_string()]));
    let na = not_applicable(&d, "nhi.enroll");
    assert!(na.iter().any(|(m, r)| m == "h" && r.contains("被用者保険")));
    assert!(na.iter().any(|(m, r)| m == "s" && r.contains("被扶養者")));
}

#[test]
fn referrals_and_flags_come_after_counter_procedures() {
    let mut doc = move_in(
        "2026-11-20",
        vec![
            member("h", "head", "1990-01-01", json!({"pregnant": true})),
            member(
                "c",
                "child",
                "2007-06-01",
                json!({"disability": {"handbook": "physical", "grade": "2"}}),
            ),
            member(
                "d",
                "child",
                "2006-11-19",
                json!({"disability": {"handbook": "intellectual"}}),
            ),
            member("y", "child", "2015-01-01", json!({})),
        ],
    );
    set(&mut doc, "/household/single_parent", json!(true));
    set(&mut doc, "/household/owns_dog", json!(true));
    set(&mut doc, "/household/owns_moped", json!(true));
    let d = decide(&doc);
    assert!(applies_to(&d, "maternal.transfer", "h"));
    assert!(d.procedure("child_support.referral").is_some());
    // c is 19 (under 20), d attained 20 on 2026-11-18.
    assert_eq!(
        members_of(&d, "special_child_allowance.referral"),
        Some(vec!["c".to_string()])
    );
    assert_eq!(
        members_of(&d, "disability.address_change"),
        Some(vec!["c".to_string(), "d".to_string()])
    );
    let dog = d.procedure("dog.registration").expect("dog");
    assert_eq!(
        (dog.mode, dog.deadline.map(|x| x.to_string())),
        (Mode::Flag, Some("2026-12-20".into()))
    );
    let moped = d.procedure("moped.registration").expect("moped");
    assert_eq!(
        moped.deadline.map(|x| x.to_string()),
        Some("2026-12-05".into())
    );
    let modes: Vec<Mode> = d.procedures.iter().map(|p| p.mode).collect();
    let mut sorted = modes.clone();
    sorted.sort();
    assert_eq!(modes, sorted, "counter, then referral, then flag");
    assert_eq!(
        d.procedures.first().map(|p| p.id.as_str()),
        Some("resident.move_in")
    );
}

#[test]
fn members_who_do_not_move_still_count_for_household_facts() {
    let d = decide(&move_in(
        "2026-11-20",
        vec![
            member("h", "head", "1985-01-01", json!({})),
            member("c", "child", "2019-06-01", json!({"moving": false})),
        ],
    ));
    assert!(
        d.procedure("child_allowance.claim").is_some(),
        "the child still counts"
    );
    assert!(
        !applies_to(&d, "child_medical.apply", "c"),
        "but has no member procedure"
    );
    assert_eq!(members_of(&d, "nhi.enroll"), Some(vec!["h".to_string()]));
}

#[test]
fn english_texts() {
    let d = decide_lang(
        &move_in(
            "2026-11-20",
            vec![member("h", "head", "1985-01-01", json!({}))],
        ),
        "en",
    );
    let p = d.procedure("nhi.enroll").expect("nhi");
    assert_eq!(p.title, "National Health Insurance: enrolment");
    assert!(p.window.starts_with("Health Insurance and Pension Section"));
    assert!(p.reason.contains("within 14 days"));
}
