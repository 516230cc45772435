//! Reading a determination request: JSON parsing with errors that name the
//! offending field, and the semantic checks serde cannot express.

use std::collections::HashSet;
use std::fmt;

use crate::model::{EventKind, Relation, Request};

/// A bad input, named by its field path: `household.members[1].birth_date: not a date: 2026-02-30`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub path: String,
    pub message: String,
}

impl InputError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        InputError {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for InputError {}

/// A parsed, validated request, with warnings about fields that were ignored.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub request: Request,
    pub warnings: Vec<String>,
}

/// Parse and validate a request document.
/// The largest request document read (a household of 30 with long addresses
/// is under 40 KB).
pub const MAX_INPUT_BYTES: usize = 256 * 1024;
/// Members of one household at most (the registry's largest are under 20).
pub const MAX_MEMBERS: usize = 30;
/// Characters of a name, kana, address or other text field at most.
pub const MAX_TEXT: usize = 200;

pub fn parse_request(text: &str) -> Result<Parsed, InputError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(InputError::new(
            "input",
            format!(
                "{} bytes is more than a request can be ({MAX_INPUT_BYTES} at most)",
                text.len()
            ),
        ));
    }
    // Syntax first, so that a type error is never reported as broken JSON.
    serde_json::from_str::<serde::de::IgnoredAny>(text).map_err(|e| {
        InputError::new(
            "input",
            format!("not JSON: {}", strip_location(&e.to_string())),
        )
    })?;
    let mut ignored = Vec::new();
    let mut de = serde_json::Deserializer::from_str(text);
    let request: Request = {
        let mut note = |path: serde_ignored::Path<'_>| {
            ignored.push(format!("{path}: unknown field, ignored"));
        };
        let tracked = serde_ignored::Deserializer::new(&mut de, &mut note);
        serde_path_to_error::deserialize(tracked).map_err(from_serde)?
    };
    de.end().map_err(|e| {
        InputError::new(
            "input",
            format!("not JSON: {}", strip_location(&e.to_string())),
        )
    })?;
    validate(&request)?;
    Ok(Parsed {
        request,
        warnings: ignored,
    })
}

fn from_serde(err: serde_path_to_error::Error<serde_json::Error>) -> InputError {
    let path = err.path().to_string();
    let inner = err.into_inner();
    let mut message = strip_location(&inner.to_string());
    if inner.is_syntax() {
        // serde_json reports a number where a word was expected as a syntax error.
        message = "invalid type: expected a word".to_string();
    }
    if path.starts_with('[') || (path == "." && message.starts_with("invalid type")) {
        return InputError::new(
            "input",
            "expected a JSON object with as_of, event and household",
        );
    }
    let at = |field: &str| {
        if path == "." {
            field.to_string()
        } else {
            format!("{path}.{field}")
        }
    };
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.trim_end_matches('`');
        return InputError::new(at(field), "missing field");
    }
    let path = if path == "." {
        "input".to_string()
    } else {
        path
    };
    InputError::new(path, message)
}

fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Checks across fields: members present and unique, dates in order, event references.
pub fn validate(request: &Request) -> Result<(), InputError> {
    let household = &request.household;
    let event = &request.event;
    if household.members.is_empty() {
        return Err(InputError::new(
            "household.members",
            "a household needs at least one member",
        ));
    }
    if household.members.len() > MAX_MEMBERS {
        return Err(InputError::new(
            "household.members",
            format!(
                "{} members; a household has at most {MAX_MEMBERS}",
                household.members.len()
            ),
        ));
    }
    let too_long = |v: &str| v.chars().count() > MAX_TEXT;
    for (field, value) in [
        ("household.ward", Some(household.ward.as_str())),
        ("household.address", household.address.as_deref()),
        ("household.postal_code", household.postal_code.as_deref()),
        ("household.phone", household.phone.as_deref()),
        ("event.from_prefecture", event.from_prefecture.as_deref()),
        ("event.previous_address", event.previous_address.as_deref()),
        ("event.destination", event.destination.as_deref()),
        ("event.new_address", event.new_address.as_deref()),
        ("event.new_postal_code", event.new_postal_code.as_deref()),
    ] {
        if value.is_some_and(too_long) {
            return Err(InputError::new(
                field,
                format!("more than {MAX_TEXT} characters"),
            ));
        }
    }
    let mut ids = HashSet::new();
    let mut heads = 0;
    for (i, m) in household.members.iter().enumerate() {
        let at = |field: &str| format!("household.members[{i}].{field}");
        if m.id.trim().is_empty() {
            return Err(InputError::new(at("id"), "empty member id"));
        }
        let none = String::new();
        for (field, value) in [
            ("id", &m.id),
            ("name", &m.name),
            ("kana", &m.kana),
            ("honseki", m.honseki.as_ref().unwrap_or(&none)),
            ("hittousha", m.hittousha.as_ref().unwrap_or(&none)),
            ("occupation", m.occupation.as_ref().unwrap_or(&none)),
            (
                "previous_insurance",
                m.previous_insurance.as_ref().unwrap_or(&none),
            ),
        ] {
            if too_long(value) {
                return Err(InputError::new(
                    at(field),
                    format!("more than {MAX_TEXT} characters"),
                ));
            }
        }
        if let Some(code) = &m.resident_code {
            if code.chars().count() != 11 || !code.chars().all(|c| c.is_ascii_digit()) {
                return Err(InputError::new(
                    at("resident_code"),
                    "a 住民票コード is 11 digits",
                ));
            }
        }
        if !ids.insert(m.id.as_str()) {
            return Err(InputError::new(
                at("id"),
                format!("duplicate member id: {}", m.id),
            ));
        }
        if m.name.trim().is_empty() {
            return Err(InputError::new(at("name"), "empty name"));
        }
        if m.birth_date > event.date {
            return Err(InputError::new(
                at("birth_date"),
                format!(
                    "born after the event date: {} > {}",
                    m.birth_date, event.date
                ),
            ));
        }
        if let Some(c) = m.pension_category {
            if !(1..=3).contains(&c) {
                return Err(InputError::new(
                    at("pension_category"),
                    format!("must be 1, 2, 3 or null, not {c}"),
                ));
            }
        }
        if m.relation == Relation::Head {
            heads += 1;
            if heads > 1 {
                return Err(InputError::new(at("relation"), "a household has one head"));
            }
        }
    }
    if event.kind == EventKind::Birth {
        let newborn = event
            .newborn_id
            .as_deref()
            .ok_or_else(|| InputError::new("event.newborn_id", "missing field"))?;
        let (i, baby) = household
            .members
            .iter()
            .enumerate()
            .find(|(_, m)| m.id == newborn)
            .ok_or_else(|| {
                InputError::new("event.newborn_id", format!("no member with id {newborn}"))
            })?;
        if baby.birth_date != event.date {
            return Err(InputError::new(
                format!("household.members[{i}].birth_date"),
                format!(
                    "the newborn's birth date must be the event date {}",
                    event.date
                ),
            ));
        }
        if let Some(mother) = event.mother_id.as_deref() {
            if household.member(mother).is_none() {
                return Err(InputError::new(
                    "event.mother_id",
                    format!("no member with id {mother}"),
                ));
            }
        }
    }
    validate_event_roles(request)
}

/// The members an event names must exist; each event's required roles are given.
fn validate_event_roles(request: &Request) -> Result<(), InputError> {
    let event = &request.event;
    let household = &request.household;
    let member = |field: &str, id: &str| -> Result<(), InputError> {
        if household.member(id).is_none() {
            return Err(InputError::new(field, format!("no member with id {id}")));
        }
        Ok(())
    };
    let required = |field: &str, v: &Option<String>| -> Result<(), InputError> {
        match v {
            None => Err(InputError::new(field, "missing field")),
            Some(id) => member(field, id),
        }
    };
    // Every role the event's spec asks for: required ones given, at most as
    // many members as the role takes.
    let spec = crate::events::spec(event.kind);
    for ask in spec.roles {
        let ids = ask.role.ids(event);
        if ask.required && ids.is_empty() {
            return Err(InputError::new(ask.role.field(), "missing field"));
        }
        if ids.len() > ask.role.max() {
            return Err(InputError::new(
                ask.role.field(),
                format!("at most {} members", ask.role.max()),
            ));
        }
    }
    match event.kind {
        EventKind::Death => {
            if let Some(known) = event.known_date {
                if known < event.date {
                    return Err(InputError::new(
                        "event.known_date",
                        format!("before the day of death {}", event.date),
                    ));
                }
            }
            if event.notifier_id.is_some() && event.notifier_id == event.deceased_id {
                return Err(InputError::new(
                    "event.notifier_id",
                    "the deceased cannot be the one who files",
                ));
            }
        }
        EventKind::HouseholdChange => {
            let change = event
                .change
                .ok_or_else(|| InputError::new("event.change", "missing field"))?;
            if change == crate::model::HouseholdChange::HeadChange {
                required("event.new_head_id", &event.new_head_id)?;
            }
        }
        _ => {}
    }
    // Every id given, for this event or another, must name a member.
    for role in crate::events::Role::ALL {
        for (i, id) in role.ids(event).into_iter().enumerate() {
            let field = if role.max() > 1 {
                format!("{}[{i}]", role.field())
            } else {
                role.field().to_string()
            };
            member(&field, id)?;
        }
    }
    Ok(())
}
