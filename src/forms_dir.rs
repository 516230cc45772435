//! The `forms/` data (rule catalog, form templates): the copy built into the
//! binary, or a directory a municipality edits. Embedded once, read one way.

use std::path::Path;

use include_dir::{include_dir, Dir};

static BUILTIN_FORMS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/forms");

/// `(name, text)` of every `forms/<sub>/*.toml` built into the binary, sorted.
pub fn builtin_toml(sub: &str) -> Result<Vec<(String, String)>, String> {
    let mut files = Vec::new();
    if let Some(dir) = BUILTIN_FORMS.get_dir(sub) {
        for f in dir
            .files()
            .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
        {
            let name = format!("forms/{}", f.path().display());
            let text = f
                .contents_utf8()
                .ok_or_else(|| format!("{name}: not UTF-8"))?;
            files.push((name, text.to_string()));
        }
    }
    files.sort();
    Ok(files)
}

/// `(path, text)` of every `*.toml` directly in `dir`, sorted.
pub fn dir_toml(dir: &Path) -> Result<Vec<(String, String)>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    let mut files = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
        files.push((p.display().to_string(), text));
    }
    Ok(files)
}
