//! The names a catalog condition can read: facts about the current member,
//! the child-allowance claimant, the household and the event.

use std::fmt;

use crate::model::{HealthInsurance, Relation};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Bool,
    Int,
    Str,
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Ty::Bool => "true/false value",
            Ty::Int => "number",
            Ty::Str => "word",
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Member,
    Claimant,
    Household,
    Event,
}

/// Facts of a person, read as `member.X` (the member being decided) or `claimant.X`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonFact {
    /// Legal age on the event date (attained the day before the birthday).
    Age,
    /// Age counted from the birthday itself (後期高齢者医療).
    BirthdayAge,
    /// School year on the event date: 0 未就学, 1–6 小1–小6, 7–9 中1–中3, 10+ beyond.
    SchoolYear,
    /// Age on the 31 March that closed the previous fiscal year; "until the first
    /// 31 March after reaching N" holds exactly while this is below N.
    FiscalAge,
    Relation,
    Sex,
    Nationality,
    HealthInsurance,
    PensionCategory,
    CivilServant,
    HasMynumberCard,
    CareCertified,
    Pregnant,
    Disability,
    DisabilityHandbook,
    Moving,
    IsNewborn,
    IsMother,
    /// `death`: the member who died.
    IsDeceased,
    /// `marriage`, `divorce`: one of the partners.
    IsPartner,
    /// `marriage`, `divorce`: the member whose surname changes.
    IsSurnameChanger,
    /// `household_change`: the new head.
    IsNewHead,
    ReceivesPension,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HouseholdFact {
    Ward,
    SingleParent,
    PublicAssistance,
    ReceivesChildAllowance,
    OwnsDog,
    OwnsMoped,
    Size,
    /// `death`: the deceased was the head.
    DeceasedWasHead,
    /// `death`: the deceased was the child-allowance claimant.
    DeceasedWasClaimant,
    /// `death`: survivors aged 15 or more.
    AdultSurvivors,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventFact {
    Kind,
    FromPrefecture,
    FromAbroad,
    DiedAbroad,
    ByCourt,
    /// `household_change`: head_change, split or merge.
    Change,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Var {
    Member(PersonFact),
    Claimant(PersonFact),
    Household(HouseholdFact),
    Event(EventFact),
}

const PERSON: [(&str, PersonFact); 23] = [
    ("age", PersonFact::Age),
    ("birthday_age", PersonFact::BirthdayAge),
    ("school_year", PersonFact::SchoolYear),
    ("fiscal_age", PersonFact::FiscalAge),
    ("relation", PersonFact::Relation),
    ("sex", PersonFact::Sex),
    ("nationality", PersonFact::Nationality),
    ("health_insurance", PersonFact::HealthInsurance),
    ("pension_category", PersonFact::PensionCategory),
    ("civil_servant", PersonFact::CivilServant),
    ("has_mynumber_card", PersonFact::HasMynumberCard),
    ("care_certified", PersonFact::CareCertified),
    ("pregnant", PersonFact::Pregnant),
    ("disability", PersonFact::Disability),
    ("disability_handbook", PersonFact::DisabilityHandbook),
    ("moving", PersonFact::Moving),
    ("is_newborn", PersonFact::IsNewborn),
    ("is_mother", PersonFact::IsMother),
    ("is_deceased", PersonFact::IsDeceased),
    ("is_partner", PersonFact::IsPartner),
    ("is_surname_changer", PersonFact::IsSurnameChanger),
    ("is_new_head", PersonFact::IsNewHead),
    ("receives_pension", PersonFact::ReceivesPension),
];

const HOUSEHOLD: [(&str, HouseholdFact); 10] = [
    ("ward", HouseholdFact::Ward),
    ("single_parent", HouseholdFact::SingleParent),
    ("public_assistance", HouseholdFact::PublicAssistance),
    (
        "receives_child_allowance",
        HouseholdFact::ReceivesChildAllowance,
    ),
    ("owns_dog", HouseholdFact::OwnsDog),
    ("owns_moped", HouseholdFact::OwnsMoped),
    ("size", HouseholdFact::Size),
    ("deceased_was_head", HouseholdFact::DeceasedWasHead),
    ("deceased_was_claimant", HouseholdFact::DeceasedWasClaimant),
    ("adult_survivors", HouseholdFact::AdultSurvivors),
];

const EVENT: [(&str, EventFact); 6] = [
    ("kind", EventFact::Kind),
    ("from_prefecture", EventFact::FromPrefecture),
    ("from_abroad", EventFact::FromAbroad),
    ("died_abroad", EventFact::DiedAbroad),
    ("by_court", EventFact::ByCourt),
    ("change", EventFact::Change),
];

const EVENT_KINDS: [&str; 8] = [
    "move_in",
    "move_within",
    "move_out",
    "birth",
    "death",
    "marriage",
    "divorce",
    "household_change",
];
const SEXES: [&str; 2] = ["male", "female"];
const HANDBOOKS: [&str; 3] = ["physical", "intellectual", "mental"];

fn find<T: Copy>(table: &[(&str, T)], name: &str) -> Option<T> {
    table.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}

fn name_of<T: PartialEq>(table: &[(&'static str, T)], v: &T) -> &'static str {
    table.iter().find(|(_, x)| x == v).map_or("?", |(n, _)| n)
}

impl Var {
    /// `member.age`, `claimant.civil_servant`, `household.owns_dog`, `event.from_abroad`.
    pub fn parse(path: &str) -> Option<Var> {
        let (subject, field) = path.split_once('.')?;
        match subject {
            "member" => find(&PERSON, field).map(Var::Member),
            "claimant" => find(&PERSON, field).map(Var::Claimant),
            "household" => find(&HOUSEHOLD, field).map(Var::Household),
            "event" => find(&EVENT, field).map(Var::Event),
            _ => None,
        }
    }

    pub fn name(&self) -> String {
        match self {
            Var::Member(f) => format!("member.{}", name_of(&PERSON, f)),
            Var::Claimant(f) => format!("claimant.{}", name_of(&PERSON, f)),
            Var::Household(f) => format!("household.{}", name_of(&HOUSEHOLD, f)),
            Var::Event(f) => format!("event.{}", name_of(&EVENT, f)),
        }
    }

    pub fn subject(&self) -> Subject {
        match self {
            Var::Member(_) => Subject::Member,
            Var::Claimant(_) => Subject::Claimant,
            Var::Household(_) => Subject::Household,
            Var::Event(_) => Subject::Event,
        }
    }

    pub fn ty(&self) -> Ty {
        use PersonFact as P;
        match self {
            Var::Member(f) | Var::Claimant(f) => match f {
                P::Age | P::BirthdayAge | P::SchoolYear | P::FiscalAge | P::PensionCategory => {
                    Ty::Int
                }
                P::Relation
                | P::Sex
                | P::Nationality
                | P::HealthInsurance
                | P::DisabilityHandbook => Ty::Str,
                _ => Ty::Bool,
            },
            Var::Household(HouseholdFact::Ward) => Ty::Str,
            Var::Household(HouseholdFact::Size | HouseholdFact::AdultSurvivors) => Ty::Int,
            Var::Household(_) => Ty::Bool,
            Var::Event(EventFact::FromAbroad | EventFact::DiedAbroad | EventFact::ByCourt) => {
                Ty::Bool
            }
            Var::Event(_) => Ty::Str,
        }
    }

    /// The closed set of words a variable can hold, for checking literals on load.
    pub fn allowed_values(&self) -> Option<&'static [&'static str]> {
        match self {
            Var::Member(f) | Var::Claimant(f) => match f {
                PersonFact::Relation => Some(&Relation::NAMES),
                PersonFact::HealthInsurance => Some(&HealthInsurance::NAMES),
                PersonFact::Sex => Some(&SEXES),
                PersonFact::DisabilityHandbook => Some(&HANDBOOKS),
                _ => None,
            },
            Var::Event(EventFact::Kind) => Some(&EVENT_KINDS),
            Var::Event(EventFact::Change) => Some(&crate::model::HouseholdChange::NAMES),
            _ => None,
        }
    }

    /// The name under which the variable is passed to Fluent messages: `member_age`.
    pub fn fluent_arg(&self) -> String {
        self.name().replace('.', "_")
    }

    pub fn all() -> Vec<Var> {
        let mut v: Vec<Var> = PERSON.iter().map(|(_, f)| Var::Member(*f)).collect();
        v.extend(PERSON.iter().map(|(_, f)| Var::Claimant(*f)));
        v.extend(HOUSEHOLD.iter().map(|(_, f)| Var::Household(*f)));
        v.extend(EVENT.iter().map(|(_, f)| Var::Event(*f)));
        v
    }
}
