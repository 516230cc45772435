//! The people a form names (`head.*`, `claimant.*`, `deceased.*`, …), their
//! printable facts, and kinship between two members as the 住民票 writes it.

use chrono::NaiveDate;

use super::Datum;
use crate::events::{role_members, Role};
use crate::japanese::legal_dates;
use crate::model::{Member, Relation, Request};

/// A person a path can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// The member of the current row, or the member a per-member form is for.
    Member,
    Head,
    /// The head's spouse.
    Spouse,
    /// The child-allowance claimant after the event (never the deceased).
    Claimant,
    /// The claimant's living spouse (配偶者 on the 児童手当 claim).
    ClaimantSpouse,
    /// The (first) member an event role names: `deceased`, `notifier`, `new_head`, …
    Role(Role),
}

impl Who {
    pub fn parse(s: &str) -> Option<Who> {
        Some(match s {
            "member" => Who::Member,
            "head" => Who::Head,
            "spouse" => Who::Spouse,
            "claimant" => Who::Claimant,
            "claimant_spouse" => Who::ClaimantSpouse,
            other => Who::Role(Role::parse(other)?),
        })
    }
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
    ResidentCode,
    Honseki,
    Hittousha,
    Occupation,
    PreviousInsurance,
}

const PERSON_FIELDS: [(&str, PersonField); 17] = [
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
    ("resident_code", PersonField::ResidentCode),
    ("honseki", PersonField::Honseki),
    ("hittousha", PersonField::Hittousha),
    ("occupation", PersonField::Occupation),
    ("previous_insurance", PersonField::PreviousInsurance),
];

impl PersonField {
    pub fn parse(s: &str) -> Option<PersonField> {
        PERSON_FIELDS.iter().find(|(n, _)| *n == s).map(|(_, f)| *f)
    }
}

/// The member `who` names in `request`; `member` is the current row's.
pub fn person<'a>(
    request: &'a Request,
    who: Who,
    member: Option<&'a Member>,
) -> Option<&'a Member> {
    let h = &request.household;
    match who {
        Who::Member => member,
        Who::Head => h.head(),
        Who::Spouse => h.members.iter().find(|m| m.relation == Relation::Spouse),
        Who::Claimant => request.claimant(),
        Who::ClaimantSpouse => {
            let claimant = request.claimant()?;
            let dead = request.event.deceased_id.as_deref();
            let partner = match claimant.relation {
                Relation::Head => Relation::Spouse,
                Relation::Spouse => Relation::Head,
                _ => return None,
            };
            h.members
                .iter()
                .filter(|m| Some(m.id.as_str()) != dead)
                .find(|m| m.relation == partner)
        }
        Who::Role(role) => role_members(request, role).into_iter().next(),
    }
}

pub fn datum(m: &Member, field: PersonField, on: NaiveDate) -> Datum {
    let text = |s: &Option<String>| {
        s.as_ref()
            .filter(|s| !s.trim().is_empty())
            .map_or(Datum::Empty, |s| Datum::Text(s.clone()))
    };
    match field {
        PersonField::Name => Datum::Text(m.name.clone()),
        PersonField::Kana => Datum::Text(m.kana.clone()),
        PersonField::BirthDate => Datum::Date(m.birth_date),
        PersonField::Sex => Datum::Text(m.sex.as_str().to_string()),
        PersonField::Relation => Datum::Text(m.relation.as_str().to_string()),
        PersonField::Age => Datum::Int(i64::from(legal_dates::age(m.birth_date, on))),
        PersonField::Nationality => text(&m.nationality),
        PersonField::HealthInsurance => Datum::Text(m.health_insurance.as_str().to_string()),
        PersonField::PensionCategory => m
            .pension_category
            .map_or(Datum::Empty, |c| Datum::Int(i64::from(c))),
        PersonField::MynumberCard => Datum::Bool(m.has_mynumber_card),
        PersonField::CareCertified => Datum::Bool(m.care_certified),
        PersonField::CivilServant => Datum::Bool(m.civil_servant),
        PersonField::ResidentCode => text(&m.resident_code),
        PersonField::Honseki => text(&m.honseki),
        PersonField::Hittousha => text(&m.hittousha),
        PersonField::Occupation => text(&m.occupation),
        PersonField::PreviousInsurance => text(&m.previous_insurance),
    }
}

/// What `of` is to `to` (`spouse`, `child`, `parent`, `grandchild`,
/// `grandparent`), read from their relations to the head; None where the
/// register does not tell (neither is the head, or one is `other`).
pub fn kin(of: &Member, to: &Member) -> Option<&'static str> {
    if of.id == to.id {
        return None;
    }
    if to.relation == Relation::Head {
        return match of.relation {
            Relation::Other | Relation::Head => None,
            r => Some(r.as_str()),
        };
    }
    if of.relation == Relation::Head {
        return match to.relation {
            Relation::Spouse => Some("spouse"),
            Relation::Child => Some("parent"),
            Relation::Parent => Some("child"),
            Relation::Grandchild => Some("grandparent"),
            Relation::Head | Relation::Other => None,
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(id: &str, relation: Relation) -> Member {
        let json = serde_json::json!({
            "id": id, "name": id, "birth_date": "1980-01-01", "sex": "female",
            "relation": relation.as_str()
        });
        serde_json::from_value(json).expect("member")
    }

    #[test]
    fn kinship_through_the_head() {
        let head = m("h", Relation::Head);
        let wife = m("w", Relation::Spouse);
        let son = m("s", Relation::Child);
        let mother = m("p", Relation::Parent);
        assert_eq!(kin(&wife, &head), Some("spouse"));
        assert_eq!(kin(&son, &head), Some("child"));
        assert_eq!(kin(&head, &son), Some("parent"));
        assert_eq!(kin(&head, &mother), Some("child"));
        assert_eq!(kin(&head, &wife), Some("spouse"));
        assert_eq!(kin(&wife, &son), None, "the register does not say");
        assert_eq!(kin(&head, &head), None);
    }

    #[test]
    fn who_parses_roles() {
        assert_eq!(Who::parse("deceased"), Some(Who::Role(Role::Deceased)));
        assert_eq!(Who::parse("notifier"), Some(Who::Role(Role::Notifier)));
        assert_eq!(Who::parse("new_head"), Some(Who::Role(Role::NewHead)));
        assert_eq!(Who::parse("claimant_spouse"), Some(Who::ClaimantSpouse));
        assert_eq!(Who::parse("household"), None);
    }
}
