//! Form templates as data (`forms/templates/*.toml`): an A4 page of ruled
//! boxes, static labels, fields bound to data, check boxes, member rows and
//! the position of the QR code. Validated on load, with file and line.

use std::path::Path as FsPath;

use serde::Deserialize;
use toml::Spanned;

use super::bind::{Binding, Path};
use super::page::Align;

/// How many copies of a form a procedure prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Per {
    /// One copy for the procedure, listing its members in a table.
    Procedure,
    /// One copy for each member the procedure concerns.
    Member,
}

/// Which people fill a table's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowSource {
    /// The members the procedure concerns (or the member of a per-member copy).
    Members,
    /// Every member of the household.
    Household,
    /// The members who move (the move notice lists them).
    Movers,
    /// The household's children (the catalog's `child` predicate).
    Children,
}

#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Qr {
    pub x: f32,
    pub y: f32,
    #[serde(default = "default_qr_size")]
    pub size: f32,
}

fn default_qr_size() -> f32 {
    22.0
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    id: String,
    title: String,
    per: Per,
    qr: Qr,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub x: f32,
    pub y: f32,
    #[serde(default = "default_text_size")]
    pub size: f32,
    pub text: String,
    #[serde(default)]
    pub align: Align,
    #[serde(default)]
    pub w: f32,
}

fn default_text_size() -> f32 {
    9.0
}
fn default_value_size() -> f32 {
    11.0
}
fn default_min_size() -> f32 {
    6.0
}
fn default_line() -> f32 {
    0.6
}
fn default_check() -> f32 {
    3.5
}
fn default_header_h() -> f32 {
    6.0
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    x: f32,
    y: f32,
    w: f32,
    h: f32,
    #[serde(default)]
    label: String,
    value: Spanned<String>,
    #[serde(default = "default_value_size")]
    size: f32,
    #[serde(default = "default_min_size")]
    min_size: f32,
    #[serde(default)]
    align: Align,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub x1: f32,
    pub y1: f32,
    pub x2: f32,
    pub y2: f32,
    #[serde(default = "default_line")]
    pub width: f32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Frame {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    #[serde(default = "default_line")]
    pub width: f32,
    /// Grey fill (0 black … 1 white) drawn under the frame, for header cells.
    pub fill: Option<f32>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheckbox {
    x: f32,
    y: f32,
    label: String,
    /// `path` (true/false) or `path=value`; absent for a box left for the resident or clerk.
    checked: Option<Spanned<String>>,
    #[serde(default = "default_check")]
    size: f32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColumn {
    label: String,
    w: f32,
    value: Spanned<String>,
    #[serde(default = "default_value_size")]
    size: f32,
    #[serde(default)]
    align: Align,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    x: f32,
    y: f32,
    rows: usize,
    row_h: f32,
    #[serde(default = "default_header_h")]
    header_h: f32,
    source: RowSource,
    columns: Vec<RawColumn>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTemplate {
    form: RawHeader,
    #[serde(default)]
    text: Vec<Text>,
    #[serde(default)]
    rect: Vec<Frame>,
    #[serde(default)]
    line: Vec<Rule>,
    #[serde(default)]
    field: Vec<RawField>,
    #[serde(default)]
    checkbox: Vec<RawCheckbox>,
    #[serde(default)]
    table: Vec<RawTable>,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    pub label: String,
    pub value: Binding,
    pub size: f32,
    pub min_size: f32,
    pub align: Align,
}

#[derive(Debug, Clone)]
pub struct Checkbox {
    pub x: f32,
    pub y: f32,
    pub size: f32,
    pub label: String,
    /// What checks the box: a path, and the value it must equal (or true).
    pub when: Option<(Path, Option<String>)>,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub label: String,
    pub w: f32,
    pub value: Binding,
    pub size: f32,
    pub align: Align,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub x: f32,
    pub y: f32,
    pub rows: usize,
    pub row_h: f32,
    pub header_h: f32,
    pub source: RowSource,
    pub columns: Vec<Column>,
}

/// A validated form template.
#[derive(Debug, Clone)]
pub struct Template {
    pub id: String,
    pub title: String,
    pub per: Per,
    pub qr: Qr,
    pub texts: Vec<Text>,
    pub frames: Vec<Frame>,
    pub rules: Vec<Rule>,
    pub fields: Vec<Field>,
    pub checkboxes: Vec<Checkbox>,
    pub tables: Vec<Table>,
}

/// Every template, by id.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    pub forms: Vec<Template>,
}

impl Templates {
    pub fn get(&self, id: &str) -> Option<&Template> {
        self.forms.iter().find(|t| t.id == id)
    }

    /// The templates compiled into the binary (`forms/templates/`).
    pub fn builtin() -> Result<Templates, String> {
        Templates::from_files(crate::forms_dir::builtin_toml("templates")?)
    }

    /// `DIR/templates/*.toml` when DIR has one, else the built-in templates.
    pub fn load(dir: Option<&FsPath>) -> Result<Templates, String> {
        match dir.map(|d| d.join("templates")).filter(|d| d.is_dir()) {
            Some(sub) => Templates::from_files(crate::forms_dir::dir_toml(&sub)?),
            None => Templates::builtin(),
        }
    }

    pub fn from_files(mut files: Vec<(String, String)>) -> Result<Templates, String> {
        files.sort();
        let mut forms: Vec<Template> = Vec::new();
        for (name, text) in files {
            let t = parse(&name, &text)?;
            if forms.iter().any(|f| f.id == t.id) {
                return Err(format!("{name}: form id '{}' defined twice", t.id));
            }
            forms.push(t);
        }
        Ok(Templates { forms })
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(0, |s| s.matches('\n').count()) + 1
}

/// Parse and validate one template file.
pub fn parse(file: &str, text: &str) -> Result<Template, String> {
    let raw: RawTemplate = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(0, |s| line_of(text, s.start));
        format!("{file}:{line}: {}", e.message())
    })?;
    let at = |s: &Spanned<String>, what: &str, m: String| {
        format!("{file}:{}: {what}: {m}", line_of(text, s.span().start))
    };
    let per = raw.form.per;
    let mut fields = Vec::new();
    for (i, f) in raw.field.into_iter().enumerate() {
        let what = format!("field[{i}] ({})", f.label);
        let value = Binding::parse(f.value.get_ref()).map_err(|m| at(&f.value, &what, m))?;
        if value.reads_member() && per != Per::Member {
            return Err(at(
                &f.value,
                &what,
                "member.* outside a table needs per = \"member\"".into(),
            ));
        }
        if f.w <= 0.0 || f.h <= 0.0 || f.min_size > f.size {
            return Err(at(
                &f.value,
                &what,
                "a field needs a positive size and min_size <= size".into(),
            ));
        }
        fields.push(Field {
            x: f.x,
            y: f.y,
            w: f.w,
            h: f.h,
            label: f.label,
            value,
            size: f.size,
            min_size: f.min_size,
            align: f.align,
        });
    }
    let mut checkboxes = Vec::new();
    for (i, c) in raw.checkbox.into_iter().enumerate() {
        let what = format!("checkbox[{i}] ({})", c.label);
        let when = match &c.checked {
            None => None,
            Some(checked) => {
                let (path, equals) = match checked.get_ref().split_once('=') {
                    Some((p, v)) => (p.trim(), Some(v.trim().to_string())),
                    None => (checked.get_ref().trim(), None),
                };
                let path = Path::parse(path)
                    .ok_or_else(|| at(checked, &what, format!("unknown data path '{path}'")))?;
                if matches!(path, Path::Person(super::bind::Who::Member, _)) && per != Per::Member {
                    return Err(at(
                        checked,
                        &what,
                        "member.* outside a table needs per = \"member\"".into(),
                    ));
                }
                Some((path, equals))
            }
        };
        checkboxes.push(Checkbox {
            x: c.x,
            y: c.y,
            size: c.size,
            label: c.label,
            when,
        });
    }
    let mut tables = Vec::new();
    for (i, t) in raw.table.into_iter().enumerate() {
        let mut columns = Vec::new();
        for (j, c) in t.columns.into_iter().enumerate() {
            let what = format!("table[{i}].columns[{j}] ({})", c.label);
            let value = Binding::parse(c.value.get_ref()).map_err(|m| at(&c.value, &what, m))?;
            columns.push(Column {
                label: c.label,
                w: c.w,
                value,
                size: c.size,
                align: c.align,
            });
        }
        if t.rows == 0 || columns.is_empty() {
            return Err(format!("{file}: table[{i}] needs rows and columns"));
        }
        tables.push(Table {
            x: t.x,
            y: t.y,
            rows: t.rows,
            row_h: t.row_h,
            header_h: t.header_h,
            source: t.source,
            columns,
        });
    }
    Ok(Template {
        id: raw.form.id,
        title: raw.form.title,
        per,
        qr: raw.form.qr,
        texts: raw.text,
        frames: raw.rect,
        rules: raw.line,
        fields,
        checkboxes,
        tables,
    })
}
