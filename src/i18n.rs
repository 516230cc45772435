//! Localised texts from Fluent files: `locales/<lang>/*.ftl`.
//!
//! The built-in copy of `locales/` is embedded in the binary; a directory can
//! be loaded instead (or on top, overriding) so a municipality can edit texts
//! without recompiling. Bidi isolation marks are off: these texts go into PDFs,
//! JSON and the database.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use fluent_syntax::ast;
use include_dir::{include_dir, Dir};
use unic_langid::LanguageIdentifier;

static BUILTIN_LOCALES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/locales");

/// The language texts fall back to, in order, when a message is missing.
pub const FALLBACK: [&str; 2] = ["en", "ja"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct I18nError(pub String);

impl fmt::Display for I18nError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for I18nError {}

pub struct Texts {
    bundles: Vec<(String, FluentBundle<FluentResource>)>,
    variables: HashMap<String, Vec<String>>,
}

impl fmt::Debug for Texts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Texts")
            .field("languages", &self.languages())
            .finish()
    }
}

impl Texts {
    /// The texts built into the binary.
    pub fn builtin() -> Result<Texts, I18nError> {
        let mut texts = Texts {
            bundles: Vec::new(),
            variables: HashMap::new(),
        };
        let mut dirs: Vec<_> = BUILTIN_LOCALES.dirs().collect();
        dirs.sort_by_key(|d| d.path().to_path_buf());
        for dir in dirs {
            let lang = dir.path().to_string_lossy().to_string();
            let mut files: Vec<_> = dir
                .files()
                .filter(|f| f.path().extension().is_some_and(|e| e == "ftl"))
                .collect();
            files.sort_by_key(|f| f.path().to_path_buf());
            for file in files {
                let source = file.contents_utf8().ok_or_else(|| {
                    I18nError(format!("locales/{}: not UTF-8", file.path().display()))
                })?;
                texts.add(
                    &lang,
                    &format!("locales/{}", file.path().display()),
                    source.to_string(),
                    false,
                )?;
            }
        }
        Ok(texts)
    }

    /// A shared copy of the built-in texts, built on first use.
    pub fn shared() -> Result<&'static Texts, I18nError> {
        static SHARED: OnceLock<Result<Texts, I18nError>> = OnceLock::new();
        SHARED
            .get_or_init(Texts::builtin)
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Add every `<dir>/<lang>/*.ftl`, overriding messages that already exist.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), I18nError> {
        let read =
            |p: &Path| std::fs::read_dir(p).map_err(|e| I18nError(format!("{}: {e}", p.display())));
        let mut langs: Vec<_> = read(dir)?
            .filter_map(Result::ok)
            .filter(|e| e.path().is_dir())
            .collect();
        langs.sort_by_key(|e| e.path());
        for lang_dir in langs {
            let lang = lang_dir.file_name().to_string_lossy().to_string();
            let mut files: Vec<_> = read(&lang_dir.path())?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
                .collect();
            files.sort();
            for path in files {
                let source = std::fs::read_to_string(&path)
                    .map_err(|e| I18nError(format!("{}: {e}", path.display())))?;
                self.add(&lang, &path.display().to_string(), source, true)?;
            }
        }
        Ok(())
    }

    fn add(
        &mut self,
        lang: &str,
        file: &str,
        source: String,
        overriding: bool,
    ) -> Result<(), I18nError> {
        let resource = FluentResource::try_new(source).map_err(|(res, errors)| {
            let first = errors.first().map(|e| {
                let line = source_line(&res, e.pos.start);
                format!("{file}:{line}: {:?}", e.kind)
            });
            I18nError(first.unwrap_or_else(|| format!("{file}: cannot parse")))
        })?;
        for entry in resource.entries() {
            if let ast::Entry::Message(m) = entry {
                let mut vars = Vec::new();
                if let Some(p) = &m.value {
                    pattern_vars(p, &mut vars);
                }
                let known = self.variables.entry(m.id.name.to_string()).or_default();
                for v in vars {
                    if !known.contains(&v) {
                        known.push(v);
                    }
                }
            }
        }
        let index = match self.bundles.iter().position(|(l, _)| l == lang) {
            Some(i) => i,
            None => {
                let id: LanguageIdentifier = lang
                    .parse()
                    .map_err(|_| I18nError(format!("{file}: '{lang}' is not a language code")))?;
                let mut bundle = FluentBundle::new_concurrent(vec![id]);
                bundle.set_use_isolating(false);
                self.bundles.push((lang.to_string(), bundle));
                self.bundles.len() - 1
            }
        };
        let bundle = &mut self.bundles[index].1;
        if overriding {
            bundle.add_resource_overriding(resource);
            Ok(())
        } else {
            bundle.add_resource(resource).map_err(|errors| {
                I18nError(format!(
                    "{file}: {}",
                    errors.first().map(|e| e.to_string()).unwrap_or_default()
                ))
            })
        }
    }

    pub fn languages(&self) -> Vec<&str> {
        self.bundles.iter().map(|(l, _)| l.as_str()).collect()
    }

    pub fn has_language(&self, lang: &str) -> bool {
        self.bundles.iter().any(|(l, _)| l == lang)
    }

    /// Whether `lang` itself (no fallback) has message `id`.
    pub fn has(&self, lang: &str, id: &str) -> bool {
        self.bundle(lang).is_some_and(|b| b.has_message(id))
    }

    /// The variables (`$name`) a message uses in any language.
    pub fn variables(&self, id: &str) -> &[String] {
        self.variables.get(id).map_or(&[], Vec::as_slice)
    }

    fn bundle(&self, lang: &str) -> Option<&FluentBundle<FluentResource>> {
        self.bundles.iter().find(|(l, _)| l == lang).map(|(_, b)| b)
    }

    /// Format message `id` in `lang`, falling back to English, then Japanese,
    /// then the id itself (so a missing text shows, never panics).
    pub fn format(&self, lang: &str, id: &str, args: Option<&FluentArgs>) -> String {
        let chain = std::iter::once(lang).chain(FALLBACK);
        for l in chain {
            let Some(bundle) = self.bundle(l) else {
                continue;
            };
            let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
                continue;
            };
            let mut errors = Vec::new();
            return bundle
                .format_pattern(pattern, args, &mut errors)
                .into_owned();
        }
        id.to_string()
    }

    /// `format` without arguments.
    pub fn text(&self, lang: &str, id: &str) -> String {
        self.format(lang, id, None)
    }
}

fn source_line(res: &FluentResource, offset: usize) -> usize {
    res.source()
        .get(..offset)
        .map_or(0, |s| s.matches('\n').count())
        + 1
}

fn pattern_vars(p: &ast::Pattern<&str>, out: &mut Vec<String>) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            expression_vars(expression, out);
        }
    }
}

fn expression_vars(e: &ast::Expression<&str>, out: &mut Vec<String>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                pattern_vars(&v.value, out);
            }
        }
        ast::Expression::Inline(i) => inline_vars(i, out),
    }
}

fn inline_vars(e: &ast::InlineExpression<&str>, out: &mut Vec<String>) {
    match e {
        ast::InlineExpression::VariableReference { id } if !out.iter().any(|v| v == id.name) => {
            out.push(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, out);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, out),
        _ => {}
    }
}
