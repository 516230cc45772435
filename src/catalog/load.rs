//! Loading and validating catalog files. Every mistake a municipality can make
//! while editing (unknown field, unknown procedure id, window or message, a bad
//! condition or deadline) is an error naming the file and line.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::expr::{self, Expr, PredicateNames};
use super::vars::Var;
use super::{
    Catalog, CatalogSet, Clause, DateBase, DeadlineRule, DocumentRule, Mode, Period, ProcedureRule,
    Scope, Window,
};
use crate::i18n::Texts;
use crate::model::{iso_date, EventKind};

/// The languages every catalog message must exist in.
const REQUIRED_LANGS: [&str; 2] = ["ja", "en"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        }
    }
}

impl std::error::Error for CatalogError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    catalog: RawHeader,
    #[serde(default)]
    predicates: Vec<RawPredicate>,
    #[serde(default)]
    windows: BTreeMap<String, RawWindow>,
    #[serde(default)]
    procedures: Vec<RawProcedure>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    id: String,
    effective_from: Spanned<String>,
    #[serde(default)]
    municipality: String,
    /// The city's own closed days beyond the law's (ISO dates).
    #[serde(default)]
    extra_closed_days: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPredicate {
    name: Spanned<String>,
    when: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWindow {
    phone: Option<String>,
    #[serde(default)]
    ward_phones: HashMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProcedure {
    id: Spanned<String>,
    event: Spanned<String>,
    scope: Scope,
    mode: Mode,
    #[serde(default)]
    optional: bool,
    window: Spanned<String>,
    form: Option<Spanned<String>>,
    reason: Spanned<String>,
    deadline: Option<Spanned<RawDeadlines>>,
    #[serde(default)]
    documents: Vec<Spanned<String>>,
    #[serde(default)]
    requires: Vec<RawClause>,
}

/// One deadline, or alternatives tried in order (each but the last with `when`).
enum RawDeadlines {
    One(RawDeadline),
    Many(Vec<RawDeadline>),
}

// By hand rather than `untagged`, so that a wrong field is named in the error.
impl<'de> Deserialize<'de> for RawDeadlines {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawDeadlines;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a deadline table or an array of them")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                RawDeadline::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(RawDeadlines::One)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<Self::Value, A::Error> {
                Vec::<RawDeadline>::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(RawDeadlines::Many)
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeadline {
    #[serde(default)]
    when: Option<String>,
    from: String,
    days: Option<u32>,
    months: Option<u32>,
    #[serde(default)]
    first_day_counts: bool,
    /// false: a last day on a closed day stays (not a period for a notice to the city).
    #[serde(default)]
    open_day: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClause {
    when: Spanned<String>,
    otherwise: Option<Spanned<String>>,
}

/// The built-in catalog (`forms/catalog/*.toml` as compiled in).
pub fn load_builtin(texts: &Texts) -> Result<CatalogSet, CatalogError> {
    let files =
        crate::forms_dir::builtin_toml("catalog").map_err(|m| err("forms/catalog", 0, &m))?;
    build(files, texts)
}

/// A catalog directory given with `--catalog DIR`: `DIR/catalog/*.toml`, or `DIR/*.toml`.
pub fn load_dir(dir: &Path, texts: &Texts) -> Result<CatalogSet, CatalogError> {
    let sub = dir.join("catalog");
    let root = if sub.is_dir() { sub } else { dir.to_path_buf() };
    let files =
        crate::forms_dir::dir_toml(&root).map_err(|m| err(&root.display().to_string(), 0, &m))?;
    build(files, texts)
}

fn build(mut files: Vec<(String, String)>, texts: &Texts) -> Result<CatalogSet, CatalogError> {
    files.sort();
    if files.is_empty() {
        return Err(err("catalog", 0, "no catalog file (*.toml) found"));
    }
    let mut versions: Vec<Catalog> = Vec::new();
    for (name, text) in &files {
        let catalog = compile(name, text, texts)?;
        if let Some(other) = versions
            .iter()
            .find(|c| c.effective_from == catalog.effective_from)
        {
            return Err(err(
                name,
                0,
                &format!("same effective date as catalog {}", other.id),
            ));
        }
        versions.push(catalog);
    }
    Ok(CatalogSet { versions })
}

fn err(file: &str, line: usize, message: &str) -> CatalogError {
    CatalogError {
        file: file.to_string(),
        line,
        message: message.to_string(),
    }
}

struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
    texts: &'a Texts,
}

impl Ctx<'_> {
    fn line(&self, offset: usize) -> usize {
        self.text
            .get(..offset)
            .map_or(0, |s| s.matches('\n').count())
            + 1
    }
    fn at<T>(&self, span: &Spanned<T>, message: impl Into<String>) -> CatalogError {
        err(self.file, self.line(span.span().start), &message.into())
    }
    fn message(&self, id: &Spanned<String>, what: &str) -> Result<(), CatalogError> {
        for lang in REQUIRED_LANGS {
            if !self.texts.has(lang, id.get_ref()) {
                return Err(self.at(
                    id,
                    format!("unknown {what} '{}': not in locales/{lang}", id.get_ref()),
                ));
            }
        }
        Ok(())
    }
}

struct Names<'a>(&'a [String]);

impl PredicateNames for Names<'_> {
    fn lookup(&self, name: &str) -> Option<usize> {
        self.0.iter().position(|n| n == name)
    }
}

fn compile(file: &str, text: &str, texts: &Texts) -> Result<Catalog, CatalogError> {
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(0, |s| {
            text.get(..s.start).map_or(0, |t| t.matches('\n').count()) + 1
        });
        err(file, line, e.message())
    })?;
    let cx = Ctx { file, text, texts };
    let effective_from = iso_date::parse(raw.catalog.effective_from.get_ref()).map_err(|m| {
        cx.at(
            &raw.catalog.effective_from,
            format!("catalog.effective_from: {m}"),
        )
    })?;

    let mut names: Vec<String> = Vec::new();
    let mut predicates: Vec<Expr> = Vec::new();
    for p in &raw.predicates {
        let name = p.name.get_ref();
        if Var::parse(name).is_some() || names.contains(name) || !is_identifier(name) {
            return Err(cx.at(
                &p.name,
                format!("predicate name '{name}' is taken or not a plain name"),
            ));
        }
        let e = expr::parse(p.when.get_ref(), &Names(&names))
            .map_err(|e| cx.at(&p.when, format!("predicate {name}: {e}")))?;
        names.push(name.clone());
        predicates.push(e);
    }
    let predicate_reads_member: Vec<bool> = {
        let mut v: Vec<bool> = Vec::new();
        for p in &predicates {
            let r = expr::reads_member(p, &|i| v.get(i).copied().unwrap_or(false));
            v.push(r);
        }
        v
    };

    let windows: Vec<Window> = raw
        .windows
        .into_iter()
        .map(|(key, w)| Window {
            key,
            phone: w.phone,
            ward_phones: w.ward_phones,
        })
        .collect();
    for w in &windows {
        if REQUIRED_LANGS.iter().any(|l| !texts.has(l, &w.name_id())) {
            return Err(err(
                file,
                0,
                &format!(
                    "window '{}' has no name '{}' in locales",
                    w.key,
                    w.name_id()
                ),
            ));
        }
    }

    let mut message_vars: HashMap<String, Vec<(Var, String)>> = HashMap::new();
    let mut procedures = Vec::new();
    for p in raw.procedures {
        let id = p.id.get_ref().clone();
        let here = format!("procedure {id}");
        let valid_id = id.split('.').count() == 2
            && id
                .split('.')
                .all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
        if !valid_id {
            return Err(cx.at(
                &p.id,
                format!("procedure id '{id}' must look like 'area.action'"),
            ));
        }
        let title = super::title_id(&id);
        if REQUIRED_LANGS.iter().any(|l| !texts.has(l, &title)) {
            return Err(cx.at(
                &p.id,
                format!(
                    "unknown procedure id '{id}': no title '{title}' in locales/ja and locales/en"
                ),
            ));
        }
        let event = EventKind::parse(p.event.get_ref()).ok_or_else(|| {
            cx.at(
                &p.event,
                format!("{here}: unknown event '{}'", p.event.get_ref()),
            )
        })?;
        if procedures
            .iter()
            .any(|q: &ProcedureRule| q.id == id && q.event == event)
        {
            return Err(cx.at(
                &p.id,
                format!("{here}: listed twice for event {}", event.as_str()),
            ));
        }
        if !windows.iter().any(|w| &w.key == p.window.get_ref()) {
            return Err(cx.at(
                &p.window,
                format!("{here}: unknown window '{}'", p.window.get_ref()),
            ));
        }
        let scope_event = match p.scope {
            Scope::Newborn | Scope::Mother => Some((EventKind::Birth, None)),
            Scope::Deceased => Some((EventKind::Death, None)),
            Scope::Partners | Scope::SurnameChanger => {
                Some((EventKind::Marriage, Some(EventKind::Divorce)))
            }
            Scope::Household | Scope::Member => None,
        };
        if let Some((a, b)) = scope_event {
            if event != a && Some(event) != b {
                return Err(cx.at(
                    &p.id,
                    format!("{here}: this scope is not for {} events", event.as_str()),
                ));
            }
        }
        cx.message(&p.reason, "message")?;
        let member_scope = p.scope != Scope::Household;
        let condition = |src: &Spanned<String>, what: &str| -> Result<Expr, CatalogError> {
            let e = expr::parse(src.get_ref(), &Names(&names))
                .map_err(|e| cx.at(src, format!("{here}: {what}: {e}")))?;
            if !member_scope
                && expr::reads_member(&e, &|i| {
                    predicate_reads_member.get(i).copied().unwrap_or(false)
                })
            {
                return Err(cx.at(
                    src,
                    format!("{here}: {what}: a household-scope rule cannot read member.*"),
                ));
            }
            Ok(e)
        };
        let mut requires = Vec::new();
        for (i, c) in p.requires.iter().enumerate() {
            let when = condition(&c.when, &format!("requires[{i}].when"))?;
            if let Some(o) = &c.otherwise {
                cx.message(o, "message")?;
                record_vars(&cx, o, &mut message_vars)?;
            }
            requires.push(Clause {
                when,
                source: c.when.get_ref().clone(),
                otherwise: c.otherwise.as_ref().map(|o| o.get_ref().clone()),
            });
        }
        record_vars(&cx, &p.reason, &mut message_vars)?;
        let mut documents = Vec::new();
        for d in &p.documents {
            let (doc_id, when) = match d.get_ref().split_once(" if ") {
                Some((doc, cond)) => {
                    let shifted = Spanned::new(d.span(), cond.trim().to_string());
                    (
                        doc.trim().to_string(),
                        Some(condition(&shifted, "documents")?),
                    )
                }
                None => (d.get_ref().trim().to_string(), None),
            };
            cx.message(&Spanned::new(d.span(), doc_id.clone()), "document")?;
            documents.push(DocumentRule { id: doc_id, when });
        }
        let mut deadline = Vec::new();
        if let Some(d) = &p.deadline {
            let alternatives: Vec<&RawDeadline> = match d.get_ref() {
                RawDeadlines::One(r) => vec![r],
                RawDeadlines::Many(v) => v.iter().collect(),
            };
            for (i, raw) in alternatives.into_iter().enumerate() {
                let when = match &raw.when {
                    Some(w) => Some(condition(
                        &Spanned::new(d.span(), w.clone()),
                        &format!("deadline[{i}].when"),
                    )?),
                    None => None,
                };
                deadline.push(compile_deadline(&cx, d, raw, when, &here)?);
            }
        }
        if let Some(form) = &p.form {
            if form.get_ref().trim().is_empty() {
                return Err(cx.at(form, format!("{here}: empty form id")));
            }
        }
        procedures.push(ProcedureRule {
            id,
            event,
            scope: p.scope,
            mode: p.mode,
            optional: p.optional,
            window: p.window.get_ref().clone(),
            form: p.form.map(|f| f.get_ref().clone()),
            reason: p.reason.get_ref().clone(),
            deadline,
            documents,
            requires,
            title_id: title,
            window_name_id: windows
                .iter()
                .find(|w| &w.key == p.window.get_ref())
                .map(Window::name_id)
                .unwrap_or_default(),
        });
    }
    let mut extra_closed = Vec::new();
    for day in &raw.catalog.extra_closed_days {
        extra_closed.push(
            iso_date::parse(day.get_ref())
                .map_err(|m| cx.at(day, format!("catalog.extra_closed_days: {m}")))?,
        );
    }
    Ok(Catalog {
        id: raw.catalog.id,
        effective_from,
        municipality: raw.catalog.municipality,
        calendar: crate::japanese::calendar::OfficeCalendar { extra_closed },
        predicates,
        predicate_names: names,
        windows,
        procedures,
        message_vars,
    })
}

fn compile_deadline(
    cx: &Ctx<'_>,
    d: &Spanned<RawDeadlines>,
    raw: &RawDeadline,
    when: Option<Expr>,
    here: &str,
) -> Result<DeadlineRule, CatalogError> {
    let mut from = Vec::new();
    for part in raw.from.split(" or ") {
        let base = DateBase::parse(part.trim()).ok_or_else(|| {
            cx.at(d, format!("{here}: deadline.from: unknown date '{}' (event.date, as_of, event.planned_move_out_date, event.known_date)", part.trim()))
        })?;
        from.push(base);
    }
    let period = match (raw.days, raw.months) {
        (Some(days), None) if days > 0 => Period::Days {
            days,
            first_day_counts: raw.first_day_counts,
        },
        (None, Some(m)) if m > 0 && !raw.first_day_counts => Period::Months(m),
        (None, Some(m)) if m > 0 => Period::MonthsFirstDayCounts(m),
        _ => {
            return Err(cx.at(
                d,
                format!("{here}: deadline needs either days or months (a positive number)"),
            ))
        }
    };
    Ok(DeadlineRule {
        when,
        from,
        period,
        open_day: raw.open_day.unwrap_or(true),
    })
}

fn record_vars(
    cx: &Ctx<'_>,
    id: &Spanned<String>,
    out: &mut HashMap<String, Vec<(Var, String)>>,
) -> Result<(), CatalogError> {
    let names = cx.texts.variables(id.get_ref());
    let all = Var::all();
    let mut vars = Vec::new();
    for n in names {
        match all.iter().find(|v| &v.fluent_arg() == n) {
            Some(v) => vars.push((*v, n.clone())),
            None => {
                return Err(cx.at(id, format!(
                    "message '{}' uses ${n}, which is not a fact (facts look like $member_age, $household_ward)",
                    id.get_ref()
                )))
            }
        }
    }
    out.insert(id.get_ref().clone(), vars);
    Ok(())
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
