//! Loading the resident registry from the file a city's core system
//! exports (CSV, UTF-8; the columns are in docs/registry-import.md), not from
//! `demo-data`. Each line is one resident; the lines of one 世帯番号 make a
//! household. A bad line is reported with its line number and its
//! household is left out (a household is never imported half); every other
//! household is imported. Importing the same file again changes nothing
//! (households are replaced whole by their number).

pub mod csv;

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::api::HouseholdRecord;
use crate::model::{HealthInsurance, Household, Member, Relation, Sex};

/// The columns, by their header names; the first nine are required.
pub const COLUMNS: [&str; 15] = [
    "世帯番号",
    "宛名番号",
    "氏名",
    "氏名_フリガナ",
    "生年月日",
    "性別",
    "続柄コード1",
    "住所",
    "行政区",
    "続柄コード2",
    "住所_郵便番号",
    "住民票コード",
    "本籍",
    "筆頭者",
    "保険区分",
];
const REQUIRED: usize = 9;

/// One refused line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// The file's line where the record starts (the header is line 1).
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Which column is where in this file.
pub struct Header {
    index: [Option<usize>; COLUMNS.len()],
    width: usize,
}

impl Header {
    /// Read the header row: every required column, each name once.
    pub fn parse(fields: &[String]) -> Result<Header, String> {
        let mut index = [None; COLUMNS.len()];
        for (i, f) in fields.iter().enumerate() {
            let name = f.trim().trim_start_matches('\u{feff}');
            match COLUMNS.iter().position(|c| *c == name) {
                Some(k) if index[k].is_some() => {
                    return Err(format!("line 1: column {name} appears twice"))
                }
                Some(k) => index[k] = Some(i),
                None => {
                    return Err(format!(
                        "line 1: unknown column '{name}' (see docs/registry-import.md)"
                    ))
                }
            }
        }
        let missing: Vec<&str> = COLUMNS[..REQUIRED]
            .iter()
            .zip(&index)
            .filter(|(_, i)| i.is_none())
            .map(|(c, _)| *c)
            .collect();
        if !missing.is_empty() {
            return Err(format!("line 1: missing column(s) {}", missing.join(", ")));
        }
        Ok(Header {
            index,
            width: fields.len(),
        })
    }

    fn get<'a>(&self, fields: &'a [String], column: usize) -> &'a str {
        self.index[column]
            .and_then(|i| fields.get(i))
            .map_or("", |s| s.trim())
    }
}

/// A resident line, read.
#[derive(Debug, Clone)]
struct Resident {
    line: usize,
    household: String,
    member: Member,
    address: String,
    ward: String,
    postal_code: Option<String>,
}

fn id(field: &str, v: &str) -> Result<String, String> {
    if v.is_empty()
        || v.len() > 32
        || !v
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(format!(
            "{field}: letters, digits, - and _, 1 to 32 (not '{}')",
            v.escape_default()
        ));
    }
    Ok(v.to_string())
}

fn text(field: &str, v: &str, max: usize) -> Result<String, String> {
    if v.is_empty() || v.chars().count() > max || v.chars().any(char::is_control) {
        return Err(format!(
            "{field}: 1 to {max} characters, no control characters"
        ));
    }
    Ok(v.to_string())
}

/// 続柄コード1 and 2 (住民基本台帳 code list 2001-18) to the model's relation.
fn relation(code1: &str, code2: &str) -> Result<Relation, String> {
    Ok(match (code1, code2) {
        ("02", "") => Relation::Head,
        ("11" | "12" | "13" | "14", "") => Relation::Spouse,
        ("20", "") => Relation::Child,
        ("20", "20") => Relation::Grandchild,
        ("51" | "52", "") => Relation::Parent,
        // Siblings, 縁故者, 同居人 and longer chains.
        ("71" | "74" | "81" | "84" | "96" | "99", _) | ("20" | "11" | "12" | "51" | "52", _) => {
            Relation::Other
        }
        _ => {
            return Err(format!(
                "続柄コード1: '{code1}' is not a 続柄 code (02 世帯主, 11/12 夫妻, 20 子, 51/52 父母, 71–84 兄弟姉妹, 96 縁故者, 99 同居人)"
            ))
        }
    })
}

fn read(h: &Header, fields: &[String], line: usize, today: NaiveDate) -> Result<Resident, String> {
    if fields.len() != h.width {
        return Err(format!(
            "{} fields where the header has {}",
            fields.len(),
            h.width
        ));
    }
    let g = |k: usize| h.get(fields, k);
    let household = id("世帯番号", g(0))?;
    let member_id = id("宛名番号", g(1))?;
    // Names are kept exactly as written (髙, 﨑, 𠮷): no normalisation.
    let name = text("氏名", g(2), 100)?;
    let kana = crate::japanese::kana::normalize_kana(g(3));
    if kana.is_empty() || !crate::japanese::kana::is_katakana(&kana) {
        return Err(format!("氏名_フリガナ: kana only (not '{}')", g(3)));
    }
    let birth_date = crate::japanese::wareki::parse_date(g(4)).map_err(|_| {
        format!(
            "生年月日: not a date: '{}' (1986-07-14 or 昭和61年7月14日)",
            g(4)
        )
    })?;
    if birth_date > today || birth_date < NaiveDate::from_ymd_opt(1868, 1, 25).unwrap_or_default() {
        return Err(format!(
            "生年月日: {birth_date} cannot be a resident's birth date"
        ));
    }
    let sex = match g(5) {
        "1" => Sex::Male,
        "2" => Sex::Female,
        other => {
            return Err(format!(
                "性別: 1 (男) or 2 (女), not '{other}' (0 不明 cannot be served by the rules)"
            ))
        }
    };
    let relation = relation(g(6), g(9))?;
    let address = text("住所", g(7), 300)?;
    let ward = text("行政区", g(8), 20)?;
    let postal_code = match g(10) {
        "" => None,
        v => Some(
            crate::japanese::postal::normalize_code(v)
                .map_err(|_| format!("住所_郵便番号: seven digits, not '{v}'"))?,
        ),
    };
    let resident_code = match g(11) {
        "" => None,
        v if v.len() == 11 && v.chars().all(|c| c.is_ascii_digit()) => Some(v.to_string()),
        v => return Err(format!("住民票コード: eleven digits, not '{v}'")),
    };
    let health_insurance = match g(14) {
        "" | "なし" | "none" => HealthInsurance::None,
        "国保" | "nhi" => HealthInsurance::Nhi,
        "社保" | "employee" => HealthInsurance::Employee,
        "社保扶養" | "employee_dependent" => HealthInsurance::EmployeeDependent,
        "後期" | "late_elderly" => HealthInsurance::LateElderly,
        "生保" | "public_assistance" => HealthInsurance::PublicAssistance,
        v => {
            return Err(format!(
                "保険区分: 国保, 社保, 社保扶養, 後期, 生保 or なし, not '{v}'"
            ))
        }
    };
    let optional = |k: usize, field: &str| -> Result<Option<String>, String> {
        match g(k) {
            "" => Ok(None),
            v => text(field, v, 300).map(Some),
        }
    };
    let member = Member {
        id: member_id,
        name,
        kana,
        birth_date,
        sex,
        relation,
        moving: false,
        nationality: None,
        health_insurance,
        pension_category: None,
        civil_servant: false,
        has_mynumber_card: false,
        care_certified: false,
        pregnant: false,
        disability: None,
        receives_pension: false,
        resident_code,
        honseki: optional(12, "本籍")?,
        hittousha: optional(13, "筆頭者")?,
        occupation: None,
        previous_insurance: None,
    };
    Ok(Resident {
        line,
        household,
        member,
        address,
        ward,
        postal_code,
    })
}

/// What an import read: the households to write and the lines refused.
#[derive(Debug, Default)]
pub struct Read {
    pub households: Vec<HouseholdRecord>,
    pub errors: Vec<LineError>,
    /// Lines read (records, not counting the header).
    pub lines: usize,
    /// Residents in the households to write.
    pub residents: usize,
}

/// Read a whole file: every record checked, households assembled and
/// checked (one 世帯主, one address, a 宛名番号 once in the file).
pub fn read_all(input: impl std::io::BufRead, today: NaiveDate) -> Result<Read, String> {
    let mut records = csv::Records::new(input);
    let header = match records.next() {
        Some(Ok((_, fields))) => Header::parse(&fields)?,
        Some(Err(e)) => return Err(format!("line 1: {e}")),
        None => return Err("the file is empty: it needs a header line".into()),
    };
    let mut out = Read::default();
    let mut by_household: BTreeMap<String, Vec<Resident>> = BTreeMap::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut bad_households: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for record in records.by_ref() {
        out.lines += 1;
        let (line, fields) = match record {
            Ok(r) => r,
            Err(e) => {
                out.errors.push(LineError {
                    line: e.line,
                    message: e.message,
                });
                // The reader cannot go on past a broken quote.
                if e.fatal {
                    break;
                }
                continue;
            }
        };
        // A blank line is allowed (a trailing one, typically).
        if fields.len() == 1 && fields[0].trim().is_empty() {
            out.lines -= 1;
            continue;
        }
        match read(&header, &fields, line, today) {
            Ok(r) => {
                if let Some(first) = seen.insert(r.member.id.clone(), line) {
                    out.errors.push(LineError {
                        line,
                        message: format!("宛名番号 {} is on line {first} already", r.member.id),
                    });
                    bad_households.entry(r.household.clone()).or_default();
                    continue;
                }
                by_household.entry(r.household.clone()).or_default().push(r);
            }
            Err(message) => {
                let household = header.get(&fields, 0).to_string();
                out.errors.push(LineError { line, message });
                if !household.is_empty() {
                    bad_households.entry(household).or_default().push(line);
                }
            }
        }
    }
    for (id, mut members) in by_household {
        if let Some(lines) = bad_households.get(&id) {
            let first = members.first().map_or(0, |m| m.line);
            let mut said: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            said.dedup();
            out.errors.push(LineError {
                line: first,
                message: format!(
                    "世帯番号 {id}: not imported, a line of it was refused{}",
                    if said.is_empty() {
                        String::new()
                    } else {
                        format!(" (line {})", said.join(", "))
                    }
                ),
            });
            continue;
        }
        match household(&id, &mut members) {
            Ok(h) => {
                out.residents += h.household.members.len();
                out.households.push(h);
            }
            Err(e) => out.errors.push(e),
        }
    }
    out.errors.sort_by_key(|e| e.line);
    Ok(out)
}

fn household(id: &str, members: &mut [Resident]) -> Result<HouseholdRecord, LineError> {
    members.sort_by_key(|m| m.line);
    let first = &members[0];
    for m in members.iter() {
        if m.address != first.address || m.ward != first.ward || m.postal_code != first.postal_code
        {
            return Err(LineError {
                line: m.line,
                message: format!(
                    "世帯番号 {id}: 住所, 行政区 or 郵便番号 differs from line {} of the same household",
                    first.line
                ),
            });
        }
    }
    let heads: Vec<usize> = members
        .iter()
        .filter(|m| m.member.relation == Relation::Head)
        .map(|m| m.line)
        .collect();
    if heads.len() != 1 {
        return Err(LineError {
            line: heads.get(1).copied().unwrap_or(first.line),
            message: format!(
                "世帯番号 {id}: a household has one 世帯主 (続柄コード1 02), this one has {}",
                heads.len()
            ),
        });
    }
    Ok(HouseholdRecord {
        id: id.to_string(),
        household: Household {
            ward: first.ward.clone(),
            postal_code: first.postal_code.clone(),
            address: Some(first.address.clone()),
            phone: None,
            single_parent: false,
            public_assistance: false,
            receives_child_allowance: false,
            owns_dog: false,
            owns_moped: false,
            members: members.iter().map(|m| m.member.clone()).collect(),
        },
    })
}
