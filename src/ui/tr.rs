//! The window's own texts, from `locales/<lang>/ui.ftl`, in the language the
//! settings name (日本語 by default, English). One language for the whole
//! window, switched at once from the settings screen.

use std::sync::RwLock;

use fluent_bundle::{FluentArgs, FluentValue};

static LANGUAGE: RwLock<String> = RwLock::new(String::new());

/// The languages the window offers, with their own names.
pub const LANGUAGES: [(&str, &str); 2] = [("ja", "日本語"), ("en", "English")];

/// Show the window in `lang` from now on (`ja` or `en`; anything else is Japanese).
pub fn set_language(lang: &str) {
    let lang = if LANGUAGES.iter().any(|(l, _)| *l == lang) {
        lang
    } else {
        "ja"
    };
    if let Ok(mut l) = LANGUAGE.write() {
        *l = lang.to_string();
    }
}

/// The window's language now.
pub fn language() -> String {
    match LANGUAGE.read() {
        Ok(l) if !l.is_empty() => l.clone(),
        _ => "ja".to_string(),
    }
}

/// Text `id` in the window's language (the id itself if it is missing everywhere).
pub fn t(id: &str) -> String {
    match crate::i18n::Texts::shared() {
        Ok(texts) => texts.text(&language(), id),
        Err(_) => id.to_string(),
    }
}

/// Text `id` with arguments: `tf("counter-waiting", &[("count", 3.into())])`.
pub fn tf(id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let mut fluent = FluentArgs::new();
    for (k, v) in args {
        fluent.set(*k, v.clone());
    }
    match crate::i18n::Texts::shared() {
        Ok(texts) => texts.format(&language(), id, Some(&fluent)),
        Err(_) => id.to_string(),
    }
}

/// A date with its weekday: 令和8年11月24日(火) / 24 Nov 2026 (Tue).
pub fn date_weekday(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    const JA: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];
    let wd = d.weekday().num_days_from_monday() as usize;
    if language() == "ja" {
        format!("{}({})", crate::japanese::wareki::format_date(d), JA[wd])
    } else {
        format!("{} ({})", date(d), d.format("%a"))
    }
}

/// A date as the window's language writes it: `令和8年12月6日`, or `6 Dec 2026 (R8)`.
pub fn date(d: chrono::NaiveDate) -> String {
    if language() == "ja" {
        crate::japanese::wareki::format_date(d)
    } else {
        format!(
            "{} ({})",
            d.format("%-d %b %Y"),
            crate::japanese::wareki::format_short(d)
                .split('.')
                .next()
                .unwrap_or_default()
        )
    }
}

/// Why a typed date was refused, in the window's language.
pub fn date_error(e: &crate::japanese::wareki::DateError) -> String {
    use crate::japanese::wareki::DateError;
    match e {
        DateError::Unreadable(input) => tf("date-unreadable", &[("input", s(input))]),
        DateError::Nonexistent(input) => tf("date-nonexistent", &[("input", s(input))]),
        DateError::OutsideEra { era, input } => {
            tf("date-outside-era", &[("era", s(era)), ("input", s(input))])
        }
    }
}

/// What went wrong in a visit, in the window's language.
pub fn visit_error(e: &crate::visit::VisitError) -> String {
    use crate::visit::VisitError as E;
    match e {
        E::NoHousehold => t("visit-no-household"),
        E::NotDetermined => t("visit-not-determined"),
        E::Date { field, error } => tf(
            "visit-date",
            &[
                ("field", s(t(&field_label(field)))),
                ("error", s(date_error(error))),
            ],
        ),
        E::PlannedAfterMoveIn { planned, date } => tf(
            "visit-planned-after",
            &[
                ("planned", s(super::tr::date(*planned))),
                ("date", s(super::tr::date(*date))),
            ],
        ),
        E::ResidentCode { typed, .. } => tf("visit-resident-code", &[("typed", s(typed))]),
        E::Input(i) => input_error(i),
        E::NoCatalog(_) => t("event-no-catalog"),
        E::UnknownProcedure(id) => tf("visit-unknown-procedure", &[("id", s(id))]),
        E::NotPrinted => t("visit-not-printed"),
        E::BadCaseId(id) => tf("visit-bad-case", &[("id", s(id))]),
        E::Cancelled => t("visit-cancelled"),
        E::Print(detail) => tf("visit-print-failed", &[("detail", s(detail))]),
        E::Save { path, error } => tf(
            "visit-save-failed",
            &[("path", s(path)), ("error", s(error))],
        ),
        E::Spool { path, error } => tf(
            "visit-spool-failed",
            &[("path", s(path)), ("error", s(error))],
        ),
    }
}

/// A problem from the hub, the local cache or the disk, in the window's
/// language. The client's errors read `hub unreachable: …` or `hub refused
/// (NNN): …` (`ClientError`'s Display); the window says what that means for
/// the clerk and never shows the raw text, which goes to the log for the IT
/// section (it holds no personal data: ids and HTTP reasons only).
pub fn problem(raw: &str) -> String {
    let said = if raw.starts_with("hub unreachable") {
        t("problem-offline")
    } else if let Some(rest) = raw.strip_prefix("hub refused (") {
        match rest.get(..3) {
            Some("401") => t("problem-session"),
            Some("403") => t("problem-forbidden"),
            Some("404") => t("problem-not-found"),
            Some("409") => t("problem-conflict"),
            Some("413") | Some("400") | Some("422") => t("problem-refused"),
            Some("429") => t("problem-busy"),
            _ => t("problem-hub"),
        }
    } else if raw.contains("local cache") || raw.contains("database") || raw.contains("disk") {
        t("problem-local")
    } else if looks_translated(raw) {
        // Already in the window's words (a text of the locale files).
        return raw.to_string();
    } else {
        t("problem-other")
    };
    eprintln!("madoguchi: {raw}");
    said
}

/// Whether a message is already in the window's language (Japanese texts have
/// Japanese characters; English ones are checked against nothing: they pass).
fn looks_translated(raw: &str) -> bool {
    language() != "ja" || !raw.is_ascii()
}

/// The text id naming a request field on screen: `event.known_date` → `field-event-known_date`.
fn field_label(field: &str) -> String {
    format!("field-{}", field.replace('.', "-"))
}

/// A bad request, in the window's language: which field, and what is wrong
/// (the roles and dates the clerk chose; other fields keep their detail).
fn input_error(e: &crate::input::InputError) -> String {
    let field = e.path.split('[').next().unwrap_or(&e.path);
    let label = field_label(field);
    let known = crate::i18n::Texts::shared().is_ok_and(|x| x.has(&language(), &label));
    let what = if known { t(&label) } else { e.path.clone() };
    let why = if e.message == "missing field" {
        t("input-missing")
    } else if e.message.starts_with("no member with id") {
        t("input-no-member")
    } else {
        e.message.clone()
    };
    tf("input-error", &[("field", s(what)), ("error", s(why))])
}

/// A string argument for `tf`.
pub fn s(v: impl std::fmt::Display) -> FluentValue<'static> {
    FluentValue::from(v.to_string())
}

/// An event's name (転入, 死亡, …).
pub fn event_label(kind: crate::model::EventKind) -> String {
    t(crate::events::spec(kind).label)
}

/// A procedure's stage at the back office (受付, 入力, 審査, 完了, 差戻し).
pub fn stage_label(stage: crate::processing::Stage) -> String {
    t(&format!("stage-{}", stage.as_str()))
}

#[cfg(test)]
mod tests {
    fn ids(lang: &str) -> std::collections::BTreeSet<String> {
        let path = format!("{}/locales/{lang}/ui.ftl", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .filter_map(|l| l.split_once(" = ").map(|(id, _)| id.trim().to_string()))
            .filter(|id| !id.starts_with('#') && !id.is_empty() && !id.contains(' '))
            .collect()
    }

    #[test]
    fn japanese_and_english_have_the_same_texts() {
        let (ja, en) = (ids("ja"), ids("en"));
        assert!(ja.len() > 150, "{} ids", ja.len());
        assert_eq!(
            ja.symmetric_difference(&en).collect::<Vec<_>>(),
            Vec::<&String>::new()
        );
    }

    /// Every text id the window's code names (`"floor-live"` and the like) is in ui.ftl,
    /// so no screen ever shows a bare id.
    #[test]
    fn every_id_the_screens_use_exists() {
        let ja = ids("ja");
        let dir = format!("{}/src/ui", env!("CARGO_MANIFEST_DIR"));
        let mut missing = Vec::new();
        // Every file under src/ui, the screens' folders too.
        let mut files = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(dir)];
        while let Some(d) = dirs.pop() {
            for entry in std::fs::read_dir(d).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    files.push(path);
                }
            }
        }
        for path in files {
            let source = std::fs::read_to_string(&path).unwrap();
            for literal in source.split('"').skip(1).step_by(2) {
                let looks_like_id = literal.contains('-')
                    && !literal.ends_with('-')
                    && literal
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '-' || c == '_');
                // Literals of that shape that are not texts.
                let not_text = [
                    "tiny-skia",
                    "scans-outgoing",
                    "event-stream",
                    "raise-window",
                ]
                .contains(&literal);
                if looks_like_id && !not_text && !ja.contains(literal) {
                    missing.push(format!("{}: {literal}", path.display()));
                }
            }
        }
        // Built ids: relation-{}, insurance-{} (checked against the model's names).
        for r in crate::model::Relation::NAMES {
            assert!(ja.contains(&format!("relation-{r}")), "relation-{r}");
        }
        for h in crate::model::HealthInsurance::NAMES {
            assert!(ja.contains(&format!("insurance-{h}")), "insurance-{h}");
        }
        // The event step's texts come from the events table.
        for e in crate::events::EVENTS {
            let mut used = vec![e.label.to_string(), e.date_label.to_string()];
            used.extend(e.dates.iter().map(|d| d.label().to_string()));
            used.extend(e.texts.iter().map(|t| t.label().to_string()));
            used.extend(e.flags.iter().map(|f| f.label().to_string()));
            used.extend(e.roles.iter().map(|r| format!("role-{}", r.role.name())));
            used.extend(
                e.roles
                    .iter()
                    .map(|r| format!("field-{}", r.role.field().replace('.', "-"))),
            );
            missing.extend(used.into_iter().filter(|id| !ja.contains(id)));
        }
        assert_eq!(missing, Vec::<String>::new());
    }
}
