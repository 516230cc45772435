//! Invariants checked over generated dates and households.

use std::collections::HashSet;

use chrono::{Days, NaiveDate};
use madoguchi::japanese::legal_dates::{
    age, birthday_age, fiscal_age, fy_end_after, reached, school_year,
};
use madoguchi::model::*;
use madoguchi::{determine, load_rules};
use proptest::prelude::*;

fn date_from(days: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(1920, 1, 1).expect("epoch") + Days::new(u64::from(days))
}

proptest! {
    #[test]
    fn age_never_decreases_and_brackets_the_date(b in 0u32..40_000, d1 in 0u32..45_000, step in 0u32..3_000) {
        let birth = date_from(b);
        let (on1, on2) = (date_from(d1), date_from(d1 + step));
        prop_assert!(age(birth, on1) <= age(birth, on2));
        prop_assert!(birthday_age(birth, on1) <= birthday_age(birth, on2));
        prop_assert!(school_year(birth, on1) <= school_year(birth, on2));
        if on1 >= birth {
            let n = age(birth, on1);
            prop_assert!(reached(birth, n) <= on1 || n == 0);
            prop_assert!(on1 < reached(birth, n + 1));
            // Birthday age lags legal age by at most one day's worth.
            let b_age = birthday_age(birth, on1);
            prop_assert!(b_age == n || b_age + 1 == n);
        }
    }

    #[test]
    fn fiscal_age_is_the_fy_end_rule(b in 0u32..40_000, d in 0u32..45_000, n in 1u32..30) {
        let birth = date_from(b);
        let on = date_from(d);
        prop_assume!(on >= birth);
        prop_assert_eq!(fiscal_age(birth, on) < n, on <= fy_end_after(reached(birth, n)));
    }
}

#[derive(Debug, Clone)]
struct GenMember {
    relation: Relation,
    age_days: u32,
    insurance: HealthInsurance,
    flags: [bool; 6],
}

fn gen_member() -> impl Strategy<Value = GenMember> {
    let relation = prop_oneof![
        Just(Relation::Spouse),
        Just(Relation::Child),
        Just(Relation::Parent),
        Just(Relation::Grandchild),
        Just(Relation::Other)
    ];
    let insurance = prop_oneof![
        Just(HealthInsurance::Nhi),
        Just(HealthInsurance::Employee),
        Just(HealthInsurance::EmployeeDependent),
        Just(HealthInsurance::LateElderly),
        Just(HealthInsurance::PublicAssistance),
        Just(HealthInsurance::None)
    ];
    (
        relation,
        0u32..36_000,
        insurance,
        prop::array::uniform6(any::<bool>()),
    )
        .prop_map(|(relation, age_days, insurance, flags)| GenMember {
            relation,
            age_days,
            insurance,
            flags,
        })
}

fn build(kind: EventKind, event_days: u32, gm: &[GenMember], hh: [bool; 6]) -> Request {
    let date = date_from(30_000 + event_days);
    let members: Vec<Member> = gm
        .iter()
        .enumerate()
        .map(|(i, g)| Member {
            id: format!("m{i}"),
            name: format!("試験 {i}"),
            kana: "シケン".into(),
            birth_date: date
                .checked_sub_days(Days::new(u64::from(g.age_days)))
                .unwrap_or(date),
            sex: if g.flags[5] { Sex::Male } else { Sex::Female },
            relation: if i == 0 { Relation::Head } else { g.relation },
            moving: !g.flags[0] || i == 0,
            nationality: Some("JP".into()),
            health_insurance: g.insurance,
            pension_category: None,
            civil_servant: g.flags[1],
            has_mynumber_card: g.flags[2],
            care_certified: g.flags[3],
            pregnant: g.flags[4],
            disability: g.flags[3].then_some(Disability {
                handbook: Handbook::Physical,
                grade: None,
            }),
            receives_pension: false,
            resident_code: None,
            honseki: None,
            hittousha: None,
            occupation: None,
            previous_insurance: None,
        })
        .collect();
    let mut req = Request {
        as_of: date,
        event: Event {
            kind,
            date,
            planned_move_out_date: hh[5]
                .then(|| date.checked_sub_days(Days::new(3)).unwrap_or(date)),
            from_prefecture: Some(if hh[4] { "福岡県" } else { "山口県" }.into()),
            from_abroad: false,
            previous_address: None,
            destination: None,
            newborn_id: None,
            mother_id: None,
            ..Event::on(kind, date)
        },
        household: Household {
            ward: "小倉北区".into(),
            postal_code: None,
            address: None,
            phone: None,
            single_parent: hh[0],
            public_assistance: hh[1],
            receives_child_allowance: hh[2],
            owns_dog: hh[3],
            owns_moped: hh[4],
            members,
        },
    };
    if kind == EventKind::Birth {
        let last = req.household.members.len() - 1;
        req.household.members[last].birth_date = date;
        req.household.members[last].relation = Relation::Child;
        req.event.newborn_id = Some(format!("m{last}"));
        req.event.mother_id = Some("m0".into());
    }
    req
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn determination_invariants(
        kind in prop_oneof![Just(EventKind::MoveIn), Just(EventKind::MoveOut), Just(EventKind::MoveWithin), Just(EventKind::Birth)],
        event_days in 0u32..4_000,
        members in prop::collection::vec(gen_member(), 1..9),
        hh in prop::array::uniform6(any::<bool>()),
    ) {
        let (texts, set) = load_rules(None).expect("rules");
        let req = build(kind, event_days, &members, hh);
        prop_assume!(madoguchi::input::validate(&req).is_ok());
        let catalog = set.in_effect(req.as_of).or_else(|| set.versions.first()).expect("a catalog");
        let d = determine(&req, catalog, &texts, "ja");
        let ids: HashSet<&str> = req.household.members.iter().map(|m| m.id.as_str()).collect();
        let mut seen = HashSet::new();
        for p in &d.procedures {
            prop_assert!(seen.insert(p.id.as_str()), "one entry per id: {}", p.id);
            prop_assert!(p.members.iter().all(|m| ids.contains(m.as_str())));
            prop_assert!(!p.reason.is_empty() && !p.title.is_empty() && !p.window.is_empty());
            if let Some(deadline) = p.deadline {
                prop_assert!(deadline >= req.event.date.min(req.as_of) - Days::new(31));
            }
        }
        for n in &d.not_applicable {
            if let Some(p) = d.procedure(&n.id) {
                for m in &n.members {
                    prop_assert!(!p.members.contains(m), "{} both applies and not for {}", n.id, m);
                }
            }
        }
        let modes: Vec<_> = d.procedures.iter().map(|p| p.mode).collect();
        let mut sorted = modes.clone();
        sorted.sort();
        prop_assert_eq!(modes, sorted);
        // Pure: the same input gives the same output.
        prop_assert_eq!(&d, &determine(&req, catalog, &texts, "ja"));
        // Members who do not move never get member procedures of a move.
        if kind.is_move() {
            for m in req.household.members.iter().filter(|m| !m.moving) {
                prop_assert!(d.procedures.iter().all(|p| !p.members.contains(&m.id)));
            }
        }
    }
}
