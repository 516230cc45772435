//! Values on forms: `{member.birth_date|wareki}` bound to the household, the
//! member, the event, the case or the procedure, with formatting filters.

use chrono::NaiveDate;

use crate::engine::ProcedureResult;
use crate::i18n::Texts;
use crate::japanese::{kana, legal_dates, wareki};
use crate::model::{Member, Relation, Request};

/// A person a path can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// The member of the current row, or the member a per-member form is for.
    Member,
    Head,
    Spouse,
    Claimant,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Path {
    CaseId,
    CaseDate,
    Municipality,
    Mayor,
    Ward,
    PostalCode,
    Address,
    Phone,
    Person(Who, PersonField),
    EventKind,
    EventDate,
    PlannedMoveOutDate,
    PreviousAddress,
    Destination,
    FromPrefecture,
    /// The address after the event: the household's (full) address, or the destination of a move-out.
    NewAddress,
    /// The address before the event: the previous address, or the household's for a move-out.
    OldAddress,
    ProcedureTitle,
    ProcedureDeadline,
    ProcedureWindow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonField {
    Name,
    Kana,
    BirthDate,
    Sex,
    Relation,
    Age,
    Nationality,
    HealthInsurance,
    PensionCategory,
    MynumberCard,
    CareCertified,
    CivilServant,
}

const PERSON_FIELDS: [(&str, PersonField); 12] = [
    ("name", PersonField::Name),
    ("kana", PersonField::Kana),
    ("birth_date", PersonField::BirthDate),
    ("sex", PersonField::Sex),
    ("relation", PersonField::Relation),
    ("age", PersonField::Age),
    ("nationality", PersonField::Nationality),
    ("health_insurance", PersonField::HealthInsurance),
    ("pension_category", PersonField::PensionCategory),
    ("has_mynumber_card", PersonField::MynumberCard),
    ("care_certified", PersonField::CareCertified),
    ("civil_servant", PersonField::CivilServant),
];

impl Path {
    pub fn parse(s: &str) -> Option<Path> {
        let (head, field) = s.split_once('.')?;
        let who = match head {
            "member" => Some(Who::Member),
            "head" => Some(Who::Head),
            "spouse" => Some(Who::Spouse),
            "claimant" => Some(Who::Claimant),
            _ => None,
        };
        if let Some(who) = who {
            return PERSON_FIELDS
                .iter()
                .find(|(n, _)| *n == field)
                .map(|(_, f)| Path::Person(who, *f));
        }
        Some(match s {
            "case.id" => Path::CaseId,
            "case.date" => Path::CaseDate,
            "office.municipality" => Path::Municipality,
            "office.mayor" => Path::Mayor,
            "household.ward" => Path::Ward,
            "household.postal_code" => Path::PostalCode,
            "household.address" => Path::Address,
            "household.phone" => Path::Phone,
            "event.kind" => Path::EventKind,
            "event.date" => Path::EventDate,
            "event.planned_move_out_date" => Path::PlannedMoveOutDate,
            "event.previous_address" => Path::PreviousAddress,
            "event.destination" => Path::Destination,
            "event.from_prefecture" => Path::FromPrefecture,
            "move.new_address" => Path::NewAddress,
            "move.old_address" => Path::OldAddress,
            "procedure.title" => Path::ProcedureTitle,
            "procedure.deadline" => Path::ProcedureDeadline,
            "procedure.window" => Path::ProcedureWindow,
            _ => return None,
        })
    }

    /// The word used to find labels for this path's values: `value-<kind>-<raw>`.
    fn label_kind(&self) -> Option<&'static str> {
        match self {
            Path::Person(_, PersonField::Sex) => Some("sex"),
            Path::Person(_, PersonField::Relation) => Some("relation"),
            Path::Person(_, PersonField::HealthInsurance) => Some("insurance"),
            Path::EventKind => Some("event"),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// 和暦 date: 令和8年11月20日.
    Wareki,
    /// 和暦 year and month: 令和8年11月.
    WarekiYearMonth,
    /// Full-width katakana.
    Kana,
    /// 〒803-8501.
    Postal,
    /// The Japanese label of a coded value (male → 男, nhi → 国民健康保険).
    Label,
    /// 有 / 無.
    YesNo,
}

impl Filter {
    pub fn parse(s: &str) -> Option<Filter> {
        Some(match s {
            "wareki" => Filter::Wareki,
            "wareki_ym" => Filter::WarekiYearMonth,
            "kana" => Filter::Kana,
            "postal" => Filter::Postal,
            "label" => Filter::Label,
            "yesno" => Filter::YesNo,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    Text(String),
    Value(Path, Option<Filter>),
}

/// A value template: literal text with `{path|filter}` placeholders.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding(pub Vec<Segment>);

impl Binding {
    pub fn parse(src: &str) -> Result<Binding, String> {
        let mut out = Vec::new();
        let mut rest = src;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                out.push(Segment::Text(rest[..open].to_string()));
            }
            let close = rest[open..]
                .find('}')
                .ok_or_else(|| format!("unclosed '{{' in \"{src}\""))?
                + open;
            let inner = rest[open + 1..close].trim();
            let (path, filter) = match inner.split_once('|') {
                Some((p, f)) => (p.trim(), Some(f.trim())),
                None => (inner, None),
            };
            let parsed = Path::parse(path).ok_or_else(|| format!("unknown data path '{path}'"))?;
            let filter = match filter {
                None => None,
                Some(f) => Some(Filter::parse(f).ok_or_else(|| format!("unknown filter '{f}'"))?),
            };
            if filter == Some(Filter::Label) && parsed.label_kind().is_none() {
                return Err(format!("filter 'label' does not apply to '{path}'"));
            }
            out.push(Segment::Value(parsed, filter));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            out.push(Segment::Text(rest.to_string()));
        }
        Ok(Binding(out))
    }

    pub fn reads_member(&self) -> bool {
        self.0
            .iter()
            .any(|s| matches!(s, Segment::Value(Path::Person(Who::Member, _), _)))
    }
}

/// A raw value: what a path holds before formatting.
#[derive(Debug, Clone, PartialEq)]
pub enum Datum {
    Empty,
    Text(String),
    Date(NaiveDate),
    Bool(bool),
    Int(i64),
}

impl Datum {
    /// The value as a plain string (dates ISO, booleans true/false), for conditions.
    pub fn raw(&self) -> String {
        match self {
            Datum::Empty => String::new(),
            Datum::Text(s) => s.clone(),
            Datum::Date(d) => d.to_string(),
            Datum::Bool(b) => b.to_string(),
            Datum::Int(n) => n.to_string(),
        }
    }
}

/// Everything a form can print, for one household's case.
pub struct PrintData<'a> {
    pub request: &'a Request,
    pub case_id: &'a str,
    pub municipality: &'a str,
    pub texts: &'a Texts,
}

/// What the current form copy or table row is about.
#[derive(Clone, Copy, Default)]
pub struct Focus<'a> {
    pub member: Option<&'a Member>,
    pub procedure: Option<&'a ProcedureResult>,
}

impl<'a> PrintData<'a> {
    fn person(&self, who: Who, focus: Focus<'a>) -> Option<&'a Member> {
        let h = &self.request.household;
        match who {
            Who::Member => focus.member,
            Who::Head => h.head(),
            Who::Spouse => h.members.iter().find(|m| m.relation == Relation::Spouse),
            Who::Claimant => h.claimant(),
        }
    }

    pub fn datum(&self, path: Path, focus: Focus<'a>) -> Datum {
        let r = self.request;
        let text = |s: Option<&String>| s.map_or(Datum::Empty, |s| Datum::Text(s.clone()));
        match path {
            Path::CaseId => Datum::Text(self.case_id.to_string()),
            Path::CaseDate => Datum::Date(r.as_of),
            Path::Municipality => Datum::Text(self.municipality.to_string()),
            Path::Mayor => Datum::Text(format!("{}長", self.municipality)),
            Path::Ward => Datum::Text(r.household.ward.clone()),
            Path::PostalCode => text(r.household.postal_code.as_ref()),
            Path::Address => text(r.household.address.as_ref()),
            Path::Phone => text(r.household.phone.as_ref()),
            Path::EventKind => Datum::Text(r.event.kind.as_str().to_string()),
            Path::EventDate => Datum::Date(r.event.date),
            Path::PlannedMoveOutDate => r
                .event
                .planned_move_out_date
                .map_or(Datum::Empty, Datum::Date),
            Path::PreviousAddress => text(r.event.previous_address.as_ref()),
            Path::Destination => text(r.event.destination.as_ref()),
            Path::FromPrefecture => text(r.event.from_prefecture.as_ref()),
            Path::NewAddress | Path::OldAddress => {
                let here = self.full_address();
                let out_of_city = r.event.kind == crate::model::EventKind::MoveOut;
                let there = if out_of_city {
                    r.event.destination.clone()
                } else {
                    r.event.previous_address.clone()
                };
                let (new, old) = if out_of_city {
                    (there, here)
                } else {
                    (here, there)
                };
                let v = if path == Path::NewAddress { new } else { old };
                v.filter(|s| !s.is_empty())
                    .map_or(Datum::Empty, Datum::Text)
            }
            Path::ProcedureTitle => focus
                .procedure
                .map_or(Datum::Empty, |p| Datum::Text(p.title.clone())),
            Path::ProcedureDeadline => focus
                .procedure
                .and_then(|p| p.deadline)
                .map_or(Datum::Empty, Datum::Date),
            Path::ProcedureWindow => focus
                .procedure
                .map_or(Datum::Empty, |p| Datum::Text(p.window.clone())),
            Path::Person(who, field) => match self.person(who, focus) {
                None => Datum::Empty,
                Some(m) => person_datum(m, field, r.as_of),
            },
        }
    }

    /// `北九州市小倉北区大手町1-1`: the municipality and ward before the household's address.
    fn full_address(&self) -> Option<String> {
        let h = &self.request.household;
        let address = h.address.as_deref()?;
        if address.starts_with(self.municipality) {
            return Some(address.to_string());
        }
        Some(format!("{}{}{}", self.municipality, h.ward, address))
    }

    /// The printed text of a binding.
    pub fn render(&self, binding: &Binding, focus: Focus<'a>) -> String {
        let mut out = String::new();
        for seg in &binding.0 {
            match seg {
                Segment::Text(t) => out.push_str(t),
                Segment::Value(path, filter) => out.push_str(&self.format(*path, *filter, focus)),
            }
        }
        out
    }

    fn format(&self, path: Path, filter: Option<Filter>, focus: Focus<'a>) -> String {
        let datum = self.datum(path, focus);
        match (filter, &datum) {
            (_, Datum::Empty) => String::new(),
            (Some(Filter::Wareki), Datum::Date(d)) => wareki::format_date(*d),
            (Some(Filter::WarekiYearMonth), Datum::Date(d)) => wareki::format_year_month(*d),
            (Some(Filter::Kana), Datum::Text(s)) => kana::normalize_kana(s),
            (Some(Filter::Postal), Datum::Text(s)) => postal(s),
            (Some(Filter::Label), _) => {
                let kind = path.label_kind().unwrap_or("value");
                self.texts.text(
                    "ja",
                    &format!("value-{kind}-{}", datum.raw().replace('_', "-")),
                )
            }
            (Some(Filter::YesNo), Datum::Bool(b)) => self
                .texts
                .text("ja", if *b { "value-yes" } else { "value-no" }),
            _ => datum.raw(),
        }
    }
}

fn person_datum(m: &Member, field: PersonField, on: NaiveDate) -> Datum {
    match field {
        PersonField::Name => Datum::Text(m.name.clone()),
        PersonField::Kana => Datum::Text(m.kana.clone()),
        PersonField::BirthDate => Datum::Date(m.birth_date),
        PersonField::Sex => Datum::Text(m.sex.as_str().to_string()),
        PersonField::Relation => Datum::Text(m.relation.as_str().to_string()),
        PersonField::Age => Datum::Int(i64::from(legal_dates::age(m.birth_date, on))),
        PersonField::Nationality => m.nationality.clone().map_or(Datum::Empty, Datum::Text),
        PersonField::HealthInsurance => Datum::Text(m.health_insurance.as_str().to_string()),
        PersonField::PensionCategory => m
            .pension_category
            .map_or(Datum::Empty, |c| Datum::Int(i64::from(c))),
        PersonField::MynumberCard => Datum::Bool(m.has_mynumber_card),
        PersonField::CareCertified => Datum::Bool(m.care_certified),
        PersonField::CivilServant => Datum::Bool(m.civil_servant),
    }
}

/// `8038501` or `803-8501` → `〒803-8501`; anything else is printed as given.
pub fn postal(s: &str) -> String {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    if digits.len() == 7 {
        format!("〒{}-{}", &digits[..3], &digits[3..])
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bindings_and_rejects_unknowns() {
        let b = Binding::parse("〒{household.postal_code|postal} {household.address}")
            .expect("binding");
        assert_eq!(b.0.len(), 4);
        assert!(Binding::parse("{houshold.address}")
            .expect_err("path")
            .contains("unknown data path"));
        assert!(Binding::parse("{member.name|bold}")
            .expect_err("filter")
            .contains("unknown filter 'bold'"));
        assert!(Binding::parse("{member.name|label}").is_err());
        assert!(Binding::parse("{member.name").is_err());
        assert!(Binding::parse("{member.sex|label}")
            .expect("ok")
            .reads_member());
    }

    #[test]
    fn postal_codes() {
        assert_eq!(postal("8038501"), "〒803-8501");
        assert_eq!(postal("803-8501"), "〒803-8501");
        assert_eq!(postal("unknown"), "unknown");
    }
}
