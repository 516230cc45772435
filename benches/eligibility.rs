//! Determination for a household of 8 (goal: under 20 µs).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use madoguchi::{determine, input, load_rules};

const HOUSEHOLD_OF_8: &str = r#"{
  "as_of": "2026-11-24",
  "event": { "kind": "move_in", "date": "2026-11-21", "planned_move_out_date": "2026-11-20", "from_prefecture": "山口県" },
  "household": { "ward": "小倉北区", "owns_dog": true, "members": [
    { "id": "m1", "name": "門司 健一", "kana": "モジ ケンイチ", "birth_date": "1986-07-14", "sex": "male", "relation": "head", "health_insurance": "nhi", "has_mynumber_card": true },
    { "id": "m2", "name": "門司 美香", "kana": "モジ ミカ", "birth_date": "1989-02-03", "sex": "female", "relation": "spouse", "health_insurance": "nhi", "pregnant": true },
    { "id": "m3", "name": "門司 陽向", "kana": "モジ ヒナタ", "birth_date": "2025-05-09", "sex": "female", "relation": "child", "health_insurance": "nhi" },
    { "id": "m4", "name": "門司 蓮", "kana": "モジ レン", "birth_date": "2016-04-01", "sex": "male", "relation": "child", "health_insurance": "nhi" },
    { "id": "m5", "name": "門司 葵", "kana": "モジ アオイ", "birth_date": "2010-10-10", "sex": "female", "relation": "child", "health_insurance": "nhi", "disability": { "handbook": "physical", "grade": "2" } },
    { "id": "m6", "name": "門司 トシ子", "kana": "モジ トシコ", "birth_date": "1954-09-30", "sex": "female", "relation": "parent", "health_insurance": "nhi", "care_certified": true },
    { "id": "m7", "name": "門司 茂", "kana": "モジ シゲル", "birth_date": "1948-01-20", "sex": "male", "relation": "parent", "health_insurance": "late_elderly" },
    { "id": "m8", "name": "門司 花", "kana": "モジ ハナ", "birth_date": "2001-12-01", "sex": "female", "relation": "other", "health_insurance": "employee" }
  ] }
}"#;

fn bench(c: &mut Criterion) {
    let (texts, set) = load_rules(None).expect("rules");
    let parsed = input::parse_request(HOUSEHOLD_OF_8).expect("request");
    let catalog = set.in_effect(parsed.request.as_of).expect("catalog");
    let d = determine(&parsed.request, catalog, &texts, "ja");
    assert!(
        d.procedures.len() >= 12,
        "a busy household: {}",
        d.procedures.len()
    );
    c.bench_function("determine_household_of_8", |b| {
        b.iter(|| determine(black_box(&parsed.request), catalog, &texts, "ja"))
    });
    c.bench_function("parse_and_validate_request", |b| {
        b.iter(|| input::parse_request(black_box(HOUSEHOLD_OF_8)))
    });
    c.bench_function("load_builtin_rules", |b| b.iter(|| load_rules(None)));
}

criterion_group!(benches, bench);
criterion_main!(benches);
