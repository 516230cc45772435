//! The hand-off package for the core systems (住民記録, 国保, 児童手当 …): a
//! day's (or one case's) cases as one UTF-8 CSV per procedure kind, one row
//! per member concerned, the scanned pages, and a manifest listing every file
//! with its SHA-256. Built from the cases alone, so the same cases make the
//! same bytes: an export runs again without changing anything. The columns
//! are named after the 住民異動届's items; no conformance to a standard
//! layout is claimed (docs/handoff.md).

pub mod csv;
pub mod from_hub;
pub mod layouts;
mod new_head;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sha2::Digest as _;

use crate::api::{CaseSubmission, ScanInfo};
use crate::catalog::CatalogSet;
use layouts::{layout_of, other_file, other_rows, Ctx, LAYOUTS, OTHER_COLUMNS};

/// The layout version written in the manifest: it changes when a column does.
pub const LAYOUT_VERSION: u32 = 1;

/// One case as the hand-off takes it.
#[derive(Debug, Clone)]
pub struct HandoffCase {
    pub case: CaseSubmission,
    pub received_at: DateTime<Utc>,
    /// Its scanned pages with their images.
    pub scans: Vec<(ScanInfo, Vec<u8>)>,
}

/// A file of the package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageFile {
    pub name: String,
    pub bytes: Vec<u8>,
    /// Data rows (CSV files).
    pub rows: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// The directory name: `handoff-<day>` or `handoff-case-<id>`.
    pub name: String,
    /// Every file, the manifest last.
    pub files: Vec<PackageFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    pub name: String,
    pub sha256: String,
    pub bytes: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub package_id: String,
    pub source_system: String,
    pub layout_version: u32,
    pub cases: Vec<String>,
    pub note: String,
    pub standard_refs: Vec<String>,
    pub files: Vec<ManifestFile>,
    /// What the back office must complete before the core system takes a row
    /// (a required item left empty, 住民記録システム標準仕様書 §1.1.6).
    #[serde(default)]
    pub checks: Vec<Check>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub file: String,
    /// The data row (1-based, after the header).
    pub row: usize,
    pub case: String,
    pub column: String,
    pub problem: String,
}

/// Required items (住民記録システム標準仕様書 §1.1.6) of the 住民異動届 rows.
fn checks(file: &str, columns: &[&str], rows: &[Vec<String>]) -> Vec<Check> {
    let at = |name: &str| columns.iter().position(|c| *c == name);
    let (Some(case), Some(reason)) = (at("届出ID"), at("異動事由")) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        // A death's 消除 needs no address; every other row does.
        let required: &[&str] = match r.get(reason).map(String::as_str) {
            Some("23") => &["氏名", "生年月日"],
            _ => &["氏名", "生年月日", "住所_全文"],
        };
        for name in required {
            if at(name)
                .and_then(|c| r.get(c))
                .is_some_and(|v| v.trim().is_empty())
            {
                out.push(Check {
                    file: file.to_string(),
                    row: i + 1,
                    case: r[case].clone(),
                    column: name.to_string(),
                    problem: "required (§1.1.6) but empty: complete it before import".into(),
                });
            }
        }
    }
    out
}

#[derive(Debug, thiserror::Error)]
pub enum HandoffError {
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    #[error("the manifest cannot be read: {0}")]
    Manifest(String),
    #[error("{0}: its SHA-256 is not the manifest's")]
    Checksum(String),
    #[error("{0}: listed in the manifest but missing")]
    Missing(String),
}

fn sha256(bytes: &[u8]) -> String {
    crate::hub::auth::hex(&sha2::Sha256::digest(bytes))
}

/// The office's day of an instant (Japan time).
pub fn japan_day(at: DateTime<Utc>) -> NaiveDate {
    (at + chrono::Duration::hours(9)).date_naive()
}

/// A file name part that is safe on every file system.
fn safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn extension(content_type: &str) -> &'static str {
    match content_type {
        "image/jpeg" => "jpg",
        "image/tiff" => "tif",
        _ => "png",
    }
}

/// The package of `cases` under `name`. Cases are taken in the order received.
pub fn build(name: &str, cases: &[HandoffCase], catalogs: Option<&CatalogSet>) -> Package {
    let mut cases: Vec<&HandoffCase> = cases.iter().collect();
    cases.sort_by(|a, b| (a.received_at, &a.case.id).cmp(&(b.received_at, &b.case.id)));
    // file → rows, in a fixed order: the three layouts, then others by name.
    let mut tables: BTreeMap<String, (Vec<&'static str>, Vec<Vec<String>>)> = BTreeMap::new();
    for l in LAYOUTS {
        tables.insert(l.file.to_string(), (l.columns.to_vec(), Vec::new()));
    }
    let mut files = Vec::new();
    for hc in &cases {
        let ctx = Ctx {
            case: &hc.case,
            received: japan_day(hc.received_at),
            catalog: catalogs.and_then(|c| c.in_effect(hc.case.request.as_of)),
        };
        for procedure in &hc.case.confirmed {
            match layout_of(procedure) {
                Some(l) => {
                    let rows = l.rows(&ctx, procedure);
                    if let Some(t) = tables.get_mut(l.file) {
                        t.1.extend(rows);
                    }
                }
                None => {
                    let t = tables
                        .entry(other_file(procedure))
                        .or_insert_with(|| (OTHER_COLUMNS.to_vec(), Vec::new()));
                    t.1.extend(other_rows(&ctx, procedure));
                }
            }
        }
        let mut scans: Vec<&(ScanInfo, Vec<u8>)> = hc.scans.iter().collect();
        scans.sort_by(|a, b| (&a.0.form, a.0.page, &a.0.id).cmp(&(&b.0.form, b.0.page, &b.0.id)));
        for (info, bytes) in scans {
            let stem = match (&info.form, info.page) {
                (Some(f), Some(p)) => format!("p{p:03}-{}", safe(f)),
                _ => format!("unplaced-{}", safe(&info.id)),
            };
            files.push(PackageFile {
                name: format!(
                    "scans/{}/{stem}.{}",
                    safe(&hc.case.id),
                    extension(&info.content_type)
                ),
                bytes: bytes.clone(),
                rows: None,
            });
        }
    }
    let mut found = Vec::new();
    for (name, (columns, rows)) in &tables {
        if name == layouts::JUKI_IDO.file {
            found.extend(checks(name, columns, rows));
        }
    }
    let mut out: Vec<PackageFile> = tables
        .into_iter()
        .map(|(name, (columns, rows))| PackageFile {
            bytes: csv::write(&columns, &rows),
            rows: Some(rows.len()),
            name,
        })
        .collect();
    out.extend(files);
    let manifest = Manifest {
        package_id: name.to_string(),
        source_system: format!("madoguchi {}", env!("CARGO_PKG_VERSION")),
        layout_version: LAYOUT_VERSION,
        cases: cases.iter().map(|c| c.case.id.clone()).collect(),
        note: "UTF-8 (no BOM), RFC 4180, CRLF, every field quoted; dates YYYY-MM-DD. Column names follow the \
               住民異動届's items and the vocabulary of the 住民記録システム標準仕様書; this package claims no \
               conformance to any standard layout. Columns and their sources: docs/handoff.md."
            .into(),
        standard_refs: vec![
            "住民記録システム標準仕様書 第1.0版 §10.8 (CSV形式のデータの取込: no layout defined)".into(),
            "基本データリスト(住民基本台帳) item names, via a secondary source (unverified)".into(),
        ],
        files: out
            .iter()
            .map(|f| ManifestFile {
                name: f.name.clone(),
                sha256: sha256(&f.bytes),
                bytes: f.bytes.len() as u64,
                rows: f.rows,
            })
            .collect(),
        checks: found,
    };
    let json = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    out.push(PackageFile {
        name: "manifest.json".into(),
        bytes: json,
        rows: None,
    });
    Package {
        name: name.to_string(),
        files: out,
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> HandoffError + '_ {
    move |e| HandoffError::Io(path.display().to_string(), e)
}

/// Write the package under `out` as `out/<name>/`. Written beside it first
/// and swapped in whole: a reader never sees half a package, a crash leaves
/// the previous one. The same package again changes nothing.
pub fn write(out: &Path, pkg: &Package) -> Result<PathBuf, HandoffError> {
    let target = out.join(&pkg.name);
    if read_dir_files(&target).is_ok_and(|have| have == pkg.files) {
        return Ok(target);
    }
    std::fs::create_dir_all(out).map_err(io(out))?;
    let tmp = out.join(format!(".{}.part-{}", pkg.name, std::process::id()));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(io(&tmp))?;
    }
    for f in &pkg.files {
        let path = tmp.join(&f.name);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        let mut file = std::fs::File::create(&path).map_err(io(&path))?;
        std::io::Write::write_all(&mut file, &f.bytes).map_err(io(&path))?;
        file.sync_all().map_err(io(&path))?;
    }
    let old = out.join(format!(".{}.old-{}", pkg.name, std::process::id()));
    if target.exists() {
        std::fs::rename(&target, &old).map_err(io(&target))?;
    }
    std::fs::rename(&tmp, &target).map_err(io(&target))?;
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(io(&old))?;
    }
    Ok(target)
}

/// The files under `dir` as a package's files would be (manifest last).
fn read_dir_files(dir: &Path) -> Result<Vec<PackageFile>, HandoffError> {
    let manifest = read_manifest(dir)?;
    let mut files = Vec::new();
    for f in &manifest.files {
        let path = dir.join(&f.name);
        let bytes = std::fs::read(&path).map_err(|_| HandoffError::Missing(f.name.clone()))?;
        files.push(PackageFile {
            name: f.name.clone(),
            bytes,
            rows: f.rows,
        });
    }
    let path = dir.join("manifest.json");
    files.push(PackageFile {
        name: "manifest.json".into(),
        bytes: std::fs::read(&path).map_err(io(&path))?,
        rows: None,
    });
    Ok(files)
}

pub fn read_manifest(dir: &Path) -> Result<Manifest, HandoffError> {
    let path = dir.join("manifest.json");
    let text = std::fs::read(&path).map_err(io(&path))?;
    serde_json::from_slice(&text).map_err(|e| HandoffError::Manifest(e.to_string()))
}

/// Check every file of a written package against its manifest.
pub fn verify(dir: &Path) -> Result<Manifest, HandoffError> {
    let manifest = read_manifest(dir)?;
    for f in &manifest.files {
        let bytes =
            std::fs::read(dir.join(&f.name)).map_err(|_| HandoffError::Missing(f.name.clone()))?;
        if sha256(&bytes) != f.sha256 {
            return Err(HandoffError::Checksum(f.name.clone()));
        }
    }
    Ok(manifest)
}
