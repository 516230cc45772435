//! A household that is not in the registry yet: a move-in from outside the
//! city. The address comes from the postal code (seven digits fill the ward
//! and town; the clerk adds the block and lot), readings are normalised to
//! full-width katakana, and dates of birth are taken as clerks write them
//! (`S61.7.14`, `昭和61年7月14日`, `1986-07-14`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::tr::{s, t, tf};
use crate::api::HouseholdRecord;
use crate::japanese::kana::{is_katakana, normalize_kana};
use crate::japanese::postal::{self, PostalArea};
use crate::japanese::wareki;
use crate::model::{HealthInsurance, Household, Member, Relation, Sex};

mod view;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberEntry {
    pub name: String,
    pub kana: String,
    pub birth: String,
    pub sex: Sex,
    pub relation: Relation,
    pub insurance: HealthInsurance,
}

impl MemberEntry {
    fn new(relation: Relation) -> MemberEntry {
        MemberEntry {
            name: String::new(),
            kana: String::new(),
            birth: String::new(),
            sex: Sex::Male,
            relation,
            insurance: HealthInsurance::Nhi,
        }
    }
}

/// The form's entries (what the draft keeps); the postal lookup is redone from them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewHousehold {
    pub postal: String,
    /// Which of the code's towns was chosen.
    pub area: Option<usize>,
    pub street: String,
    pub phone: String,
    pub members: Vec<MemberEntry>,
    #[serde(skip)]
    pub areas: Vec<PostalArea>,
    #[serde(skip)]
    pub postal_error: Option<String>,
    /// What is wrong, said under the field it is about (after 使う).
    #[serde(skip)]
    pub problem: Option<(Field, String)>,
    /// Cancel was pressed with entries typed: asked before they are dropped.
    #[serde(skip)]
    pub asking_cancel: bool,
}

/// The field a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Address,
    Name(usize),
    Kana(usize),
    Birth(usize),
    /// The members as a whole (one head).
    Members,
}

#[derive(Debug, Clone)]
pub enum Message {
    Postal(String),
    PickArea(usize),
    Street(String),
    Phone(String),
    Name(usize, String),
    Kana(usize, String),
    /// Enter in the kana field: normalise what was typed.
    KanaDone(usize),
    Birth(usize, String),
    Sex(usize, Sex),
    Relation(usize, Relation),
    Insurance(usize, HealthInsurance),
    AddMember,
    RemoveMember(usize),
    Use,
    Cancel,
    /// Asked, the clerk drops the entries.
    ConfirmCancel,
    /// Asked, the clerk keeps editing.
    KeepEditing,
}

/// What the form asks of the intake.
pub enum Outcome {
    None,
    Use(Box<HouseholdRecord>),
    Cancel,
    Invalid(String),
}

/// A choice in a pick list, shown by its label in the window's language.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice<T> {
    pub value: T,
    label: String,
}

impl<T> std::fmt::Display for Choice<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

const RELATIONS: [Relation; 6] = [
    Relation::Head,
    Relation::Spouse,
    Relation::Child,
    Relation::Parent,
    Relation::Grandchild,
    Relation::Other,
];

const INSURANCES: [HealthInsurance; 6] = [
    HealthInsurance::Nhi,
    HealthInsurance::Employee,
    HealthInsurance::EmployeeDependent,
    HealthInsurance::LateElderly,
    HealthInsurance::PublicAssistance,
    HealthInsurance::None,
];

fn relation_choice(r: Relation) -> Choice<Relation> {
    Choice {
        value: r,
        label: t(&format!("relation-{}", r.as_str())),
    }
}

fn insurance_choice(h: HealthInsurance) -> Choice<HealthInsurance> {
    Choice {
        value: h,
        label: t(&format!("insurance-{}", h.as_str())),
    }
}

impl Default for NewHousehold {
    fn default() -> Self {
        NewHousehold {
            postal: String::new(),
            area: None,
            street: String::new(),
            phone: String::new(),
            members: vec![MemberEntry::new(Relation::Head)],
            areas: Vec::new(),
            postal_error: None,
            problem: None,
            asking_cancel: false,
        }
    }
}

impl NewHousehold {
    /// Redo the postal lookup after a restore (the draft keeps only the entries).
    pub fn restored(mut self) -> NewHousehold {
        let area = self.area;
        self.look_up();
        self.area = area.filter(|i| *i < self.areas.len());
        self
    }

    fn look_up(&mut self) {
        self.areas.clear();
        self.area = None;
        self.postal_error = None;
        if self.postal.trim().is_empty() {
            return;
        }
        match postal::lookup(&self.postal) {
            Ok(areas) => {
                self.area = (areas.len() == 1).then_some(0);
                self.areas = areas;
            }
            // Still typing: say nothing until seven digits are there.
            Err(postal::PostalError::Malformed(_)) => {}
            Err(e) => self.postal_error = Some(e.to_string()),
        }
    }

    /// The chosen postal area.
    pub fn chosen(&self) -> Option<&PostalArea> {
        self.area.and_then(|i| self.areas.get(i))
    }

    pub fn update(&mut self, message: Message, id: &str, today: NaiveDate) -> Outcome {
        match message {
            Message::Postal(p) => {
                self.postal = p;
                self.look_up();
            }
            Message::PickArea(i) => self.area = (i < self.areas.len()).then_some(i),
            Message::Street(v) => self.street = v,
            Message::Phone(v) => self.phone = v,
            Message::Name(i, v) => self.with(i, |m| m.name = v),
            Message::Kana(i, v) => self.with(i, |m| m.kana = v),
            Message::KanaDone(i) => self.with(i, |m| m.kana = normalize_kana(&m.kana)),
            Message::Birth(i, v) => self.with(i, |m| m.birth = v),
            Message::Sex(i, v) => self.with(i, |m| m.sex = v),
            Message::Relation(i, v) => self.with(i, |m| m.relation = v),
            Message::Insurance(i, v) => self.with(i, |m| m.insurance = v),
            Message::AddMember => self.members.push(MemberEntry::new(Relation::Child)),
            Message::RemoveMember(i) => {
                if self.members.len() > 1 && i < self.members.len() {
                    self.members.remove(i);
                }
            }
            // Entries typed are not dropped by one click.
            Message::Cancel if self.has_entries() => self.asking_cancel = true,
            Message::Cancel | Message::ConfirmCancel => return Outcome::Cancel,
            Message::KeepEditing => self.asking_cancel = false,
            Message::Use => {
                for m in &mut self.members {
                    m.kana = normalize_kana(&m.kana);
                }
                return match self.household(today) {
                    Ok(household) => {
                        self.problem = None;
                        Outcome::Use(Box::new(HouseholdRecord {
                            id: id.to_string(),
                            household,
                        }))
                    }
                    Err((field, e)) => {
                        self.problem = Some((field, e.clone()));
                        Outcome::Invalid(e)
                    }
                };
            }
        }
        Outcome::None
    }

    /// Whether anything was typed into the form.
    pub fn has_entries(&self) -> bool {
        !self.postal.trim().is_empty()
            || !self.street.trim().is_empty()
            || !self.phone.trim().is_empty()
            || self.members.len() > 1
            || self.members.iter().any(|m| {
                !m.name.trim().is_empty() || !m.kana.trim().is_empty() || !m.birth.trim().is_empty()
            })
    }

    fn with(&mut self, i: usize, f: impl FnOnce(&mut MemberEntry)) {
        if let Some(m) = self.members.get_mut(i) {
            f(m);
        }
    }

    /// The household the entries describe, or what is wrong with them.
    pub fn household(&self, today: NaiveDate) -> Result<Household, (Field, String)> {
        let area = self
            .chosen()
            .ok_or_else(|| (Field::Address, t("new-error-address")))?;
        let mut members = Vec::with_capacity(self.members.len());
        for (i, m) in self.members.iter().enumerate() {
            let n = || ("n", (i + 1).into());
            if m.name.trim().is_empty() {
                return Err((Field::Name(i), tf("new-error-name", &[n()])));
            }
            let kana = normalize_kana(&m.kana);
            if kana.is_empty() || !is_katakana(&kana) {
                return Err((
                    Field::Kana(i),
                    tf("new-error-kana", &[n(), ("kana", s(&kana))]),
                ));
            }
            let birth = wareki::parse_date(&m.birth).map_err(|e| {
                (
                    Field::Birth(i),
                    tf(
                        "new-error-birth",
                        &[n(), ("error", s(super::tr::date_error(&e)))],
                    ),
                )
            })?;
            if birth > today {
                return Err((Field::Birth(i), tf("new-error-future", &[n()])));
            }
            members.push(Member {
                id: format!("M{}", i + 1),
                name: m.name.trim().to_string(),
                kana,
                birth_date: birth,
                sex: m.sex,
                relation: m.relation,
                moving: true,
                nationality: None,
                health_insurance: m.insurance,
                pension_category: None,
                civil_servant: false,
                has_mynumber_card: false,
                care_certified: false,
                pregnant: false,
                disability: None,
                receives_pension: false,
                resident_code: None,
                honseki: None,
                hittousha: None,
                occupation: None,
                previous_insurance: None,
            });
        }
        if members
            .iter()
            .filter(|m| m.relation == Relation::Head)
            .count()
            != 1
        {
            return Err((Field::Members, t("new-error-head")));
        }
        let street = self.street.trim();
        Ok(Household {
            ward: area.ward.to_string(),
            postal_code: Some(area.code.to_string()),
            address: Some(format!("{}{}", area.town, street)).filter(|a| !a.is_empty()),
            phone: Some(self.phone.trim().to_string()).filter(|p| !p.is_empty()),
            single_parent: false,
            public_assistance: false,
            receives_child_allowance: false,
            owns_dog: false,
            owns_moped: false,
            members,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn filled() -> NewHousehold {
        let mut f = NewHousehold::default();
        for m in [
            Message::Postal("８００－０００２".into()),
            Message::Street("1丁目2番3号".into()),
            Message::Name(0, "北九 太郎".into()),
            Message::Kana(0, "きたきゅう  たろう".into()),
            Message::Birth(0, "S61.7.14".into()),
        ] {
            assert!(matches!(f.update(m, "new-1", today()), Outcome::None));
        }
        f
    }

    #[test]
    fn seven_digits_fill_the_ward_and_town() {
        let f = filled();
        let a = f.chosen().expect("one town for 800-0002");
        assert_eq!((a.ward, a.town), ("門司区", "二タ松町"));
    }

    #[test]
    fn the_household_is_built_with_normalised_kana_and_the_full_address() {
        let mut f = filled();
        let Outcome::Use(record) = f.update(Message::Use, "new-1", today()) else {
            panic!("the form is complete");
        };
        let h = record.household;
        assert_eq!(record.id, "new-1");
        assert_eq!(h.ward, "門司区");
        assert_eq!(h.postal_code.as_deref(), Some("8000002"));
        assert_eq!(h.address.as_deref(), Some("二タ松町1丁目2番3号"));
        assert_eq!(h.members[0].kana, "キタキュウ　タロウ");
        assert_eq!(h.members[0].birth_date.to_string(), "1986-07-14");
        assert!(h.members[0].moving);
        assert_eq!(
            f.members[0].kana, "キタキュウ　タロウ",
            "the form shows it too"
        );
    }

    #[test]
    fn what_is_wrong_is_said_and_nothing_is_lost() {
        let mut f = filled();
        f.update(Message::Birth(0, "S61.2.30".into()), "new-1", today());
        let Outcome::Invalid(e) = f.update(Message::Use, "new-1", today()) else {
            panic!("an impossible date is refused");
        };
        assert!(e.contains("S61.2.30"), "{e}");
        assert_eq!(
            f.problem.as_ref().map(|(field, _)| *field),
            Some(Field::Birth(0)),
            "said under the birth date of member 1"
        );
        assert_eq!(f.members[0].name, "北九 太郎");

        f.update(Message::Birth(0, "S61.7.14".into()), "new-1", today());
        f.update(Message::AddMember, "new-1", today());
        f.update(Message::Relation(1, Relation::Head), "new-1", today());
        f.update(Message::Name(1, "北九 花子".into()), "new-1", today());
        f.update(Message::Kana(1, "ｷﾀｷｭｳ ﾊﾅｺ".into()), "new-1", today());
        f.update(Message::Birth(1, "2020-01-01".into()), "new-1", today());
        assert!(matches!(
            f.update(Message::Use, "new-1", today()),
            Outcome::Invalid(_)
        ));
        f.update(Message::Relation(1, Relation::Child), "new-1", today());
        assert!(matches!(
            f.update(Message::Use, "new-1", today()),
            Outcome::Use(_)
        ));
    }

    #[test]
    fn a_code_outside_the_city_is_named_and_a_partial_code_is_quiet() {
        let mut f = NewHousehold::default();
        f.update(Message::Postal("800-00".into()), "x", today());
        assert!(f.postal_error.is_none() && f.chosen().is_none());
        f.update(Message::Postal("100-0001".into()), "x", today());
        assert!(f.postal_error.as_deref().unwrap_or("").contains("1000001"));
    }

    #[test]
    fn the_draft_keeps_the_entries_and_the_lookup_is_redone() {
        let f = filled();
        let json = serde_json::to_string(&f).unwrap();
        let back: NewHousehold = serde_json::from_str::<NewHousehold>(&json)
            .unwrap()
            .restored();
        assert_eq!(back, f);
    }
}
