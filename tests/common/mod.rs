//! Helpers shared by the integration tests.
#![allow(dead_code)]

use madoguchi::engine::Determination;
use madoguchi::{determine, input, load_rules};
use serde_json::{json, Value};

/// Determine with the built-in catalog and texts.
pub fn decide(doc: &Value) -> Determination {
    decide_lang(doc, "ja")
}

pub fn decide_lang(doc: &Value, lang: &str) -> Determination {
    let (texts, set) = load_rules(None).expect("built-in rules load");
    let parsed = input::parse_request(&doc.to_string()).expect("valid request");
    let catalog = set
        .in_effect(parsed.request.as_of)
        .expect("catalog in effect");
    determine(&parsed.request, catalog, &texts, lang)
}

/// A member with sensible defaults; override fields with `extra`.
pub fn member(id: &str, relation: &str, birth: &str, extra: Value) -> Value {
    let mut m = json!({
        "id": id, "name": format!("北九 {id}"), "kana": "キタキュウ", "birth_date": birth,
        "sex": "female", "relation": relation, "nationality": "JP", "health_insurance": "nhi"
    });
    if let (Some(obj), Some(more)) = (m.as_object_mut(), extra.as_object()) {
        for (k, v) in more {
            obj.insert(k.clone(), v.clone());
        }
    }
    m
}

/// A move-in on `date` (handled the same day) for the given members.
pub fn move_in(date: &str, members: Vec<Value>) -> Value {
    json!({
        "as_of": date,
        "event": { "kind": "move_in", "date": date, "from_prefecture": "山口県" },
        "household": { "ward": "小倉北区", "members": members }
    })
}

pub fn event_of(kind: &str, date: &str, members: Vec<Value>) -> Value {
    json!({
        "as_of": date,
        "event": { "kind": kind, "date": date },
        "household": { "ward": "八幡西区", "members": members }
    })
}

/// Members a procedure concerns, or None when it does not apply.
pub fn members_of(d: &Determination, id: &str) -> Option<Vec<String>> {
    d.procedures
        .iter()
        .find(|p| p.id == id)
        .map(|p| p.members.clone())
}

/// Members listed as not applicable for `id`, with the reasons.
pub fn not_applicable(d: &Determination, id: &str) -> Vec<(String, String)> {
    d.not_applicable
        .iter()
        .filter(|n| n.id == id)
        .flat_map(|n| n.members.iter().map(move |m| (m.clone(), n.reason.clone())))
        .collect()
}

pub fn applies_to(d: &Determination, id: &str, member: &str) -> bool {
    members_of(d, id).is_some_and(|ms| ms.iter().any(|m| m == member))
}

/// Set (or add) the field at a JSON pointer like `/event/from_abroad`.
pub fn set(doc: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
    let target = doc.pointer_mut(parent).expect("parent exists");
    match target {
        Value::Object(map) => {
            map.insert(key.to_string(), value);
        }
        Value::Array(items) => items[key.parse::<usize>().expect("index")] = value,
        _ => panic!("cannot set {pointer}"),
    }
}
