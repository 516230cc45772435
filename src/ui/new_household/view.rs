//! The new household's form: postal code and street, phone, a row per
//! member, each problem under its field.

use iced::widget::{button, column, container, pick_list, row, text, text_input, Space};
use iced::{Element, Length};

use super::*;

impl NewHousehold {
    pub fn view(&self) -> Element<'_, Message> {
        let postal = row![
            labeled(
                t("new-postal"),
                text_input("800-0002", &self.postal)
                    .id("new_postal")
                    .on_input(Message::Postal)
                    .width(160),
            ),
            self.view_address(),
        ]
        .spacing(16);
        let street = row![
            labeled(
                t("new-street"),
                text_input("1丁目2番3号", &self.street)
                    .id("new_street")
                    .on_input(Message::Street)
                    .on_submit(Message::Use),
            ),
            labeled(
                t("new-phone"),
                text_input("093-000-0000", &self.phone)
                    .id("new_phone")
                    .on_input(Message::Phone)
                    .on_submit(Message::Use)
                    .width(180),
            ),
        ]
        .spacing(16);
        let members = column(
            self.members
                .iter()
                .enumerate()
                .map(|(i, m)| self.view_member(i, m)),
        )
        .spacing(8);
        let cancel: Element<'_, Message> = if self.asking_cancel {
            row![
                text(t("new-cancel-question")).size(14),
                button(text(t("new-cancel-yes")))
                    .style(button::danger)
                    .on_press(Message::ConfirmCancel),
                button(text(t("new-cancel-no")))
                    .style(button::secondary)
                    .on_press(Message::KeepEditing),
            ]
            .spacing(6)
            .align_y(iced::Alignment::Center)
            .into()
        } else {
            button(text(t("new-cancel")))
                .style(button::secondary)
                .on_press(Message::Cancel)
                .into()
        };
        let actions = row![
            cancel,
            button(text(t("new-add-member"))).on_press(Message::AddMember),
            Space::new().width(Length::Fill),
            button(text(t("new-use")))
                .style(button::primary)
                .on_press(Message::Use),
        ]
        .spacing(8);
        column![text(t("new-title")).size(18), postal]
            .push(self.problem_at(Field::Address))
            .push(street)
            .push(members)
            .push(self.problem_at(Field::Members))
            .push(actions)
            .spacing(10)
            .into()
    }

    fn view_address(&self) -> Element<'_, Message> {
        if let Some(e) = &self.postal_error {
            return text(e.clone()).style(text::danger).into();
        }
        if let Some(a) = self.chosen() {
            let town = if a.is_catch_all() {
                t("new-postal-catch-all")
            } else {
                a.town.to_string()
            };
            return column![
                text(format!(
                    "〒{}　{}{}{}",
                    a.display_code(),
                    postal::CITY,
                    a.ward,
                    town
                ))
                .size(16),
                text(a.town_kana).size(12),
            ]
            .into();
        }
        if self.areas.len() > 1 {
            return column![text(t("new-postal-pick")).size(14)]
                .push(
                    row(self.areas.iter().enumerate().map(|(i, a)| {
                        button(text(format!("{}{}", a.ward, a.town)).size(14))
                            .style(button::secondary)
                            .on_press(Message::PickArea(i))
                            .into()
                    }))
                    .spacing(6),
                )
                .into();
        }
        Space::new().into()
    }

    /// The problem about `field`, in red under it (nothing when there is none).
    fn problem_at(&self, field: Field) -> Option<Element<'_, Message>> {
        let (f, said) = self.problem.as_ref()?;
        (*f == field).then(|| text(said.clone()).size(13).style(text::danger).into())
    }

    fn view_member<'a>(&'a self, i: usize, m: &'a MemberEntry) -> Element<'a, Message> {
        let sex = row(
            [(Sex::Male, "new-sex-male"), (Sex::Female, "new-sex-female")].map(|(v, label)| {
                button(text(t(label)))
                    .style(if m.sex == v {
                        button::primary
                    } else {
                        button::secondary
                    })
                    .on_press(Message::Sex(i, v))
                    .into()
            }),
        )
        .spacing(4);
        let relation = pick_list(
            RELATIONS.map(relation_choice).to_vec(),
            Some(relation_choice(m.relation)),
            move |c: Choice<Relation>| Message::Relation(i, c.value),
        );
        let insurance = pick_list(
            INSURANCES.map(insurance_choice).to_vec(),
            Some(insurance_choice(m.insurance)),
            move |c: Choice<HealthInsurance>| Message::Insurance(i, c.value),
        );
        let remove = (self.members.len() > 1).then(|| {
            button(text(t("new-remove-member")).size(13))
                .style(button::danger)
                .on_press(Message::RemoveMember(i))
        });
        container(
            column![
                text(tf("new-member", &[("n", (i + 1).into())])).size(14),
                row![
                    column![labeled(
                        t("new-name"),
                        text_input("北九 太郎", &m.name)
                            .id(format!("new_name_{i}"))
                            .on_input(move |v| Message::Name(i, v))
                            .on_submit(Message::Use),
                    )]
                    .push(self.problem_at(Field::Name(i))),
                    column![labeled(
                        t("new-kana"),
                        text_input("キタキュウ タロウ", &m.kana)
                            .id(format!("new_kana_{i}"))
                            .on_input(move |v| Message::Kana(i, v))
                            .on_submit(Message::KanaDone(i)),
                    )]
                    .push(self.problem_at(Field::Kana(i))),
                    column![labeled(
                        t("new-birth"),
                        text_input("S61.7.14", &m.birth)
                            .id(format!("new_birth_{i}"))
                            .on_input(move |v| Message::Birth(i, v))
                            .on_submit(Message::Use)
                            .width(160),
                    )]
                    .push(self.problem_at(Field::Birth(i))),
                ]
                .spacing(8),
                row![sex, relation, insurance]
                    .push(Space::new().width(Length::Fill))
                    .push(remove)
                    .spacing(8)
                    .align_y(iced::Alignment::Center),
            ]
            .spacing(4),
        )
        .padding(6)
        .style(container::bordered_box)
        .into()
    }
}

fn labeled<'a>(label: String, input: impl Into<Element<'a, Message>>) -> Element<'a, Message> {
    column![text(label).size(13), input.into()]
        .spacing(2)
        .into()
}
