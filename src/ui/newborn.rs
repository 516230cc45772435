//! The newborn of a birth, entered at the event step: name, reading, sex, the
//! insurance the baby joins and the mother (chosen among the household). The
//! birth date is the event's date. The intake adds the baby to the request.

use iced::widget::{button, column, row, text, text_input};
use iced::Element;

use super::tr::t;
use crate::model::{HealthInsurance, Household, Member, Relation, Sex};

/// The id the newborn gets in the request (no registry id yet).
pub const NEWBORN_ID: &str = "newborn";

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Newborn {
    pub name: String,
    pub kana: String,
    pub sex: Option<Sex>,
    /// The baby joins the mother's or father's employee insurance as a dependant;
    /// otherwise 国民健康保険.
    pub dependent: bool,
    pub mother: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Name(String),
    Kana(String),
    Sex(Sex),
    Dependent(bool),
    Mother(String),
}

impl Newborn {
    pub fn update(&mut self, m: Message) {
        match m {
            Message::Name(v) => self.name = v,
            Message::Kana(v) => self.kana = v,
            Message::Sex(v) => self.sex = Some(v),
            Message::Dependent(v) => self.dependent = v,
            Message::Mother(id) => self.mother = Some(id),
        }
    }

    /// Whether everything the forms need is entered.
    pub fn ready(&self) -> bool {
        !self.name.trim().is_empty() && !self.kana.trim().is_empty() && self.sex.is_some()
    }

    /// The baby as a member of the household, born on `date`.
    pub fn member(&self, date: chrono::NaiveDate, household: &Household) -> Option<Member> {
        let template = household.members.first()?;
        Some(Member {
            id: NEWBORN_ID.into(),
            name: self.name.trim().to_string(),
            kana: crate::japanese::kana::normalize_kana(self.kana.trim()),
            birth_date: date,
            sex: self.sex?,
            relation: Relation::Child,
            moving: true,
            nationality: template.nationality.clone(),
            health_insurance: if self.dependent {
                HealthInsurance::EmployeeDependent
            } else {
                HealthInsurance::Nhi
            },
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
        })
    }

    pub fn view<'a>(&'a self, household: Option<&'a Household>) -> Element<'a, Message> {
        let choice = |label: String, on: bool, m: Message| {
            button(text(label))
                .style(if on {
                    button::primary
                } else {
                    button::secondary
                })
                .on_press(m)
        };
        let sex = row![
            choice(
                t("sex-female"),
                self.sex == Some(Sex::Female),
                Message::Sex(Sex::Female)
            ),
            choice(
                t("sex-male"),
                self.sex == Some(Sex::Male),
                Message::Sex(Sex::Male)
            ),
        ]
        .spacing(8);
        let insurance = row![
            choice(t("newborn-nhi"), !self.dependent, Message::Dependent(false)),
            choice(
                t("newborn-dependent"),
                self.dependent,
                Message::Dependent(true)
            ),
        ]
        .spacing(8);
        let mothers = row(household
            .into_iter()
            .flat_map(|h| h.members.iter())
            .filter(|m| m.sex == Sex::Female && m.relation != Relation::Child)
            .map(|m| {
                choice(
                    m.name.clone(),
                    self.mother.as_deref() == Some(m.id.as_str()),
                    Message::Mother(m.id.clone()),
                )
                .into()
            }))
        .spacing(8);
        column![
            text(t("newborn-heading")).size(16),
            row![
                text(t("newborn-name")).width(140),
                text_input("北九 はな", &self.name)
                    .id("newborn_name")
                    .on_input(Message::Name)
            ]
            .spacing(8),
            row![
                text(t("newborn-kana")).width(140),
                text_input("キタキュウ ハナ", &self.kana)
                    .id("newborn_kana")
                    .on_input(Message::Kana)
            ]
            .spacing(8),
            row![text(t("newborn-sex")).width(140), sex].spacing(8),
            row![text(t("newborn-insurance")).width(140), insurance].spacing(8),
            row![text(t("newborn-mother")).width(140), mothers].spacing(8),
        ]
        .spacing(8)
        .into()
    }
}
