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

/// A string argument for `tf`.
pub fn s(v: impl std::fmt::Display) -> FluentValue<'static> {
    FluentValue::from(v.to_string())
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
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let source = std::fs::read_to_string(&path).unwrap();
            for literal in source.split('"').skip(1).step_by(2) {
                let looks_like_id = literal.contains('-')
                    && !literal.ends_with('-')
                    && literal
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '-' || c == '_');
                // Literals of that shape that are not texts.
                let not_text = ["tiny-skia", "scans-outgoing"].contains(&literal);
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
        assert_eq!(missing, Vec::<String>::new());
    }
}
