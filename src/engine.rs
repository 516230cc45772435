//! Push-type service determination (PUSH型サービス判定): a pure function from a
//! request and a catalog to the procedures the household needs, each with its
//! reason, and the ones a clerk might expect that do not apply, with why.

use chrono::NaiveDate;
use fluent_bundle::{FluentArgs, FluentValue};
use serde::{Deserialize, Serialize};

use crate::catalog::eval::{Env, PersonFacts, Value};
use crate::catalog::{Catalog, Mode, ProcedureRule, Scope};
use crate::i18n::Texts;
use crate::model::{iso_date, Request};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ProcedureResult {
    pub id: String,
    pub title: String,
    pub members: Vec<String>,
    pub mode: Mode,
    pub optional: bool,
    #[serde(with = "iso_date::option")]
    pub deadline: Option<NaiveDate>,
    /// Where `deadline` falls on a day the office is closed and the law moves
    /// it (地方自治法4条の2④): the next open day, the last day in practice.
    #[serde(
        default,
        with = "iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub next_open_day: Option<NaiveDate>,
    pub window: String,
    pub reason: String,
    pub documents: Vec<String>,
    pub form: Option<String>,
    /// The catalog key of the window (for its phone number); not part of the JSON contract.
    #[serde(skip)]
    pub window_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NotApplicable {
    pub id: String,
    pub title: String,
    pub members: Vec<String>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Determination {
    #[serde(with = "iso_date")]
    pub as_of: NaiveDate,
    pub catalog: String,
    pub procedures: Vec<ProcedureResult>,
    pub not_applicable: Vec<NotApplicable>,
}

impl Determination {
    pub fn procedure(&self, id: &str) -> Option<&ProcedureResult> {
        self.procedures.iter().find(|p| p.id == id)
    }
}

/// What the clerk confirms unless told otherwise: every counter procedure that
/// is not optional (an optional one, 印鑑登録 say, only when the resident asks).
/// The window and `madoguchi print` both start from this.
pub fn default_confirmed(d: &Determination) -> Vec<String> {
    d.procedures
        .iter()
        .filter(|p| p.mode == crate::catalog::Mode::Counter && !p.optional)
        .map(|p| p.id.clone())
        .collect()
}

/// Decide every procedure of the catalog for the request's event.
pub fn determine(request: &Request, catalog: &Catalog, texts: &Texts, lang: &str) -> Determination {
    let env = Env::new(request, &catalog.predicates);
    let mut procedures = Vec::new();
    let mut not_applicable: Vec<NotApplicable> = Vec::new();
    let separator = if lang == "ja" { "／" } else { " / " };

    for rule in catalog.rules_for(request.event.kind) {
        let title = texts.text(lang, &rule.title_id);
        let subjects: Vec<Option<&PersonFacts<'_>>> = match rule.scope {
            Scope::Household => vec![None],
            Scope::Member => env
                .people
                .iter()
                .filter(|p| !request.event.kind.is_move() || p.member.moving)
                .map(Some)
                .collect(),
            Scope::Newborn => env
                .people
                .iter()
                .filter(|p| p.is_newborn)
                .map(Some)
                .collect(),
            Scope::Mother => env
                .people
                .iter()
                .filter(|p| p.is_mother)
                .map(Some)
                .collect(),
            Scope::Deceased => env
                .people
                .iter()
                .filter(|p| p.is_deceased)
                .map(Some)
                .collect(),
            Scope::Partners => env
                .people
                .iter()
                .filter(|p| p.is_partner)
                .map(Some)
                .collect(),
            Scope::SurnameChanger => env
                .people
                .iter()
                .filter(|p| p.is_surname_changer)
                .map(Some)
                .collect(),
        };
        let mut applies: Vec<Option<&PersonFacts<'_>>> = Vec::new();
        for subject in subjects {
            match rule.requires.iter().find(|c| !env.holds(&c.when, subject)) {
                None => applies.push(subject),
                Some(clause) => {
                    let Some(reason_id) = &clause.otherwise else {
                        continue;
                    };
                    let reason = message(texts, lang, catalog, reason_id, &env, subject);
                    let member = subject.map(|p| p.member.id.clone());
                    match not_applicable
                        .iter_mut()
                        .find(|n| n.id == rule.id && n.reason == reason)
                    {
                        Some(entry) => entry.members.extend(member),
                        None => not_applicable.push(NotApplicable {
                            id: rule.id.clone(),
                            title: title.clone(),
                            members: member.into_iter().collect(),
                            reason,
                        }),
                    }
                }
            }
        }
        if applies.is_empty() {
            continue;
        }
        let mut reasons: Vec<String> = Vec::new();
        // A reason that reads no facts is the same for every member: render it once.
        let per_member = catalog
            .message_vars
            .get(&rule.reason)
            .is_some_and(|v| !v.is_empty());
        let reason_subjects = if per_member {
            &applies[..]
        } else {
            &applies[..1]
        };
        for subject in reason_subjects {
            let r = message(texts, lang, catalog, &rule.reason, &env, *subject);
            if !reasons.contains(&r) {
                reasons.push(r);
            }
        }
        // The first deadline alternative whose condition holds.
        let chosen = rule.deadline.iter().find(|d| {
            d.when
                .as_ref()
                .is_none_or(|w| env.holds(w, applies.first().copied().flatten()))
        });
        let deadline = chosen.and_then(|d| d.apply(request));
        let next_open_day = match (chosen, deadline) {
            (Some(rule), Some(last)) if rule.open_day && catalog.calendar.closed(last) => {
                catalog.calendar.next_open_day(last)
            }
            _ => None,
        };
        procedures.push(ProcedureResult {
            id: rule.id.clone(),
            title,
            members: applies
                .iter()
                .filter_map(|s| s.map(|p| p.member.id.clone()))
                .collect(),
            mode: rule.mode,
            optional: rule.optional,
            deadline,
            next_open_day,
            window: texts.text(lang, &rule.window_name_id),
            reason: reasons.join(separator),
            documents: documents(rule, &env, &applies, texts, lang),
            form: rule.form.clone(),
            window_key: rule.window.clone(),
        });
    }
    // Stable: catalog order within each mode.
    procedures.sort_by_key(|p| p.mode);
    Determination {
        as_of: request.as_of,
        catalog: catalog.id.clone(),
        procedures,
        not_applicable,
    }
}

fn documents(
    rule: &ProcedureRule,
    env: &Env<'_>,
    applies: &[Option<&PersonFacts<'_>>],
    texts: &Texts,
    lang: &str,
) -> Vec<String> {
    rule.documents
        .iter()
        .filter(|d| match &d.when {
            None => true,
            Some(cond) => applies.iter().any(|s| env.holds(cond, *s)),
        })
        .map(|d| texts.text(lang, &d.id))
        .collect()
}

/// Format a catalog message with the facts it reads about the subject.
fn message(
    texts: &Texts,
    lang: &str,
    catalog: &Catalog,
    id: &str,
    env: &Env<'_>,
    subject: Option<&PersonFacts<'_>>,
) -> String {
    let vars = catalog.message_vars.get(id).map_or(&[][..], Vec::as_slice);
    if vars.is_empty() {
        return texts.text(lang, id);
    }
    let mut args = FluentArgs::with_capacity(vars.len());
    for (v, arg) in vars {
        let value: FluentValue<'_> = match env.var(*v, subject) {
            Value::Int(n) => FluentValue::from(n),
            Value::Str(s) => FluentValue::from(s),
            Value::Bool(b) => FluentValue::from(if b { "true" } else { "false" }),
            Value::Null => FluentValue::from("none"),
        };
        args.set(arg.as_str(), value);
    }
    texts.format(lang, id, Some(&args))
}
