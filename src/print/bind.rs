//! Values on forms: `{member.birth_date|wareki}` bound to the household, the
//! member, the event, the case or the procedure, with formatting filters.

use chrono::NaiveDate;

mod people;

use crate::engine::ProcedureResult;
use crate::events::Role;
use crate::i18n::Texts;
use crate::japanese::{kana, wareki};
use crate::model::{EventKind, HouseholdChange, Member, Relation, Request};

pub use people::{PersonField, Who};

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
    /// The day after the event: the loss day of an insurance after a death or a move-out.
    EventNextDay,
    PlannedMoveOutDate,
    KnownDate,
    PreviousAddress,
    Destination,
    FromPrefecture,
    /// The new address typed for an in-city move, as typed.
    EventNewAddress,
    EventNewPostalCode,
    /// What a household change does (head_change, split, merge); a death of the
    /// head is a head change.
    Change,
    /// The notifier's relation to the deceased (death), else to the head.
    NotifierRelation,
    /// The kind of 住民異動 the notice is: move_in, move_within, move_out or
    /// household_change (also after the head's death).
    MoveKind,
    /// The address after the event: the in-city move's new address, the move-out's
    /// destination, else the household's (full) address.
    NewAddress,
    /// The postal code of `NewAddress`: for a move, the one typed with it, never
    /// the household's old one.
    NewPostalCode,
    /// The address before the event: the previous address, or the household's for a move.
    OldAddress,
    ProcedureTitle,
    ProcedureDeadline,
    ProcedureWindow,
}

impl Path {
    pub fn parse(s: &str) -> Option<Path> {
        let (head, field) = s.split_once('.')?;
        if let Some(who) = Who::parse(head) {
            return PersonField::parse(field).map(|f| Path::Person(who, f));
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
            "event.next_day" => Path::EventNextDay,
            "event.planned_move_out_date" => Path::PlannedMoveOutDate,
            "event.known_date" => Path::KnownDate,
            "event.previous_address" => Path::PreviousAddress,
            "event.destination" => Path::Destination,
            "event.from_prefecture" => Path::FromPrefecture,
            "event.new_address" => Path::EventNewAddress,
            "event.new_postal_code" => Path::EventNewPostalCode,
            "event.change" => Path::Change,
            "event.notifier_relation" => Path::NotifierRelation,
            "move.kind" => Path::MoveKind,
            "move.new_address" => Path::NewAddress,
            "move.new_postal_code" => Path::NewPostalCode,
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
            Path::Person(_, PersonField::Relation) | Path::NotifierRelation => Some("relation"),
            Path::Person(_, PersonField::HealthInsurance) => Some("insurance"),
            Path::EventKind | Path::MoveKind => Some("event"),
            Path::Change => Some("change"),
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
        people::person(self.request, who, focus.member)
    }

    pub fn datum(&self, path: Path, focus: Focus<'a>) -> Datum {
        let r = self.request;
        let e = &r.event;
        let date = |d: Option<NaiveDate>| d.map_or(Datum::Empty, Datum::Date);
        match path {
            Path::CaseId => Datum::Text(self.case_id.to_string()),
            Path::CaseDate => Datum::Date(r.as_of),
            Path::Municipality => Datum::Text(self.municipality.to_string()),
            Path::Mayor => Datum::Text(format!("{}長", self.municipality)),
            Path::Ward => Datum::Text(r.household.ward.clone()),
            Path::PostalCode => text(r.household.postal_code.clone()),
            Path::Address => text(r.household.address.clone()),
            Path::Phone => text(r.household.phone.clone()),
            Path::EventKind => Datum::Text(e.kind.as_str().to_string()),
            Path::EventDate => Datum::Date(e.date),
            Path::EventNextDay => date(e.date.succ_opt()),
            Path::PlannedMoveOutDate => date(e.planned_move_out_date),
            Path::KnownDate => date(e.known_date),
            Path::PreviousAddress => text(e.previous_address.clone()),
            Path::Destination => text(e.destination.clone()),
            Path::FromPrefecture => text(e.from_prefecture.clone()),
            Path::EventNewAddress => text(e.new_address.clone()),
            Path::EventNewPostalCode => text(e.new_postal_code.clone()),
            Path::Change => text(self.change().map(|c| c.as_str().to_string())),
            Path::NotifierRelation => text(self.notifier_relation().map(str::to_string)),
            Path::MoveKind => text(self.move_kind().map(|k| k.as_str().to_string())),
            Path::NewAddress => text(self.addresses().new),
            Path::NewPostalCode => text(self.addresses().new_postal),
            Path::OldAddress => text(self.addresses().old),
            Path::ProcedureTitle => focus
                .procedure
                .map_or(Datum::Empty, |p| Datum::Text(p.title.clone())),
            Path::ProcedureDeadline => date(focus.procedure.and_then(|p| p.deadline)),
            Path::ProcedureWindow => focus
                .procedure
                .map_or(Datum::Empty, |p| Datum::Text(p.window.clone())),
            Path::Person(who, field) => match self.person(who, focus) {
                None => Datum::Empty,
                Some(m) => people::datum(m, field, r.as_of),
            },
        }
    }

    /// The deceased, when the event is a death.
    fn deceased(&self) -> Option<&'a Member> {
        let e = &self.request.event;
        if e.kind != EventKind::Death {
            return None;
        }
        self.request.household.member(e.deceased_id.as_deref()?)
    }

    /// What the household change does; the head's death changes the head.
    fn change(&self) -> Option<HouseholdChange> {
        let e = &self.request.event;
        match e.kind {
            EventKind::HouseholdChange => e.change,
            EventKind::Death => self
                .deceased()
                .filter(|d| d.relation == Relation::Head)
                .map(|_| HouseholdChange::HeadChange),
            _ => None,
        }
    }

    fn move_kind(&self) -> Option<EventKind> {
        let kind = self.request.event.kind;
        if kind.is_move() || kind == EventKind::HouseholdChange {
            return Some(kind);
        }
        self.change().map(|_| EventKind::HouseholdChange)
    }

    /// 届出人の続柄: to the deceased after a death, else to the head (世帯主
    /// when the notifier is the head).
    fn notifier_relation(&self) -> Option<&'static str> {
        let notifier = self.person(Who::Role(Role::Notifier), Focus::default())?;
        match self.deceased() {
            Some(dead) => people::kin(notifier, dead),
            None => Some(notifier.relation.as_str()),
        }
    }

    /// The addresses before and after the event, with the new one's postal code.
    fn addresses(&self) -> Addresses {
        let e = &self.request.event;
        let here = self.full_address();
        let given = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
        let new_address = given(&e.new_address);
        match e.kind {
            EventKind::MoveOut => Addresses {
                new_postal: given(&e.new_postal_code),
                new: given(&e.destination),
                old: here,
            },
            EventKind::MoveWithin if new_address.is_some() => Addresses {
                new_postal: given(&e.new_postal_code),
                new: new_address.map(|a| self.in_city(&a)),
                old: here,
            },
            _ => Addresses {
                new_postal: given(&self.request.household.postal_code),
                new: here,
                old: given(&e.previous_address),
            },
        }
    }

    /// `北九州市小倉北区大手町1-1`: the municipality and ward before the household's address.
    fn full_address(&self) -> Option<String> {
        full_address(self.municipality, &self.request.household)
    }

    /// An address in the city as typed, written whole.
    fn in_city(&self, address: &str) -> String {
        in_city(self.municipality, &self.request.household.ward, address)
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
                let id = format!("value-{kind}-{}", datum.raw().replace('_', "-"));
                // Relations as the 住民票 writes them: 妻 or 夫, 父 or 母.
                let sexed = self
                    .labelled_person(path, focus)
                    .map(|m| format!("{id}-{}", m.sex.as_str()))
                    .filter(|id| self.texts.has("ja", id));
                self.texts.text("ja", sexed.as_deref().unwrap_or(&id))
            }
            (Some(Filter::YesNo), Datum::Bool(b)) => self
                .texts
                .text("ja", if *b { "value-yes" } else { "value-no" }),
            _ => datum.raw(),
        }
    }

    /// The person whose sex picks a relation's word.
    fn labelled_person(&self, path: Path, focus: Focus<'a>) -> Option<&'a Member> {
        match path {
            Path::Person(who, PersonField::Relation) => self.person(who, focus),
            Path::NotifierRelation => self.person(Who::Role(Role::Notifier), focus),
            _ => None,
        }
    }
}

struct Addresses {
    new_postal: Option<String>,
    new: Option<String>,
    old: Option<String>,
}

fn text(s: Option<String>) -> Datum {
    s.filter(|s| !s.is_empty())
        .map_or(Datum::Empty, Datum::Text)
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

/// `北九州市小倉北区大手町1-1`: the municipality and ward before the household's
/// address (the printed forms and the hand-off write it so).
pub fn full_address(municipality: &str, h: &crate::model::Household) -> Option<String> {
    let address = h.address.as_deref().filter(|a| !a.trim().is_empty())?;
    if address.starts_with(municipality) {
        return Some(address.to_string());
    }
    Some(format!("{municipality}{}{address}", h.ward))
}

/// An address in the city as typed (`小倉南区守恒1-2-3`, or `守恒1-2-3` in the
/// same ward), written whole: `北九州市小倉南区守恒1-2-3`.
pub fn in_city(municipality: &str, ward: &str, address: &str) -> String {
    let address = address.trim();
    if address.contains(municipality) {
        return address.to_string();
    }
    // A ward name ends in 区 within its first few characters, before any digit.
    let names_ward = address
        .chars()
        .take(6)
        .take_while(|c| !c.is_ascii_digit() && !c.is_numeric())
        .any(|c| c == '区');
    if names_ward {
        format!("{municipality}{address}")
    } else {
        format!("{municipality}{ward}{address}")
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
        for ok in [
            "{deceased.name}",
            "{notifier.relation|label}",
            "{new_head.kana|kana}",
            "{claimant_spouse.name}",
            "{member.resident_code}{member.honseki}{member.hittousha}",
            "{member.occupation}{member.previous_insurance}",
            "{event.notifier_relation|label}{event.change|label}{move.kind|label}",
            "{move.new_postal_code|postal}{event.new_address}{event.known_date|wareki}",
            "{event.next_day|wareki}",
        ] {
            assert!(Binding::parse(ok).is_ok(), "{ok}");
        }
        assert!(Binding::parse("{deceased.honseki|label}").is_err());
        assert!(!Binding::parse("{deceased.name}")
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
