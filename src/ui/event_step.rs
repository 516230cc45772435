//! The intake's event step: the kind of event, its dates, the move-in
//! certificate's details, and the newborn of a birth; the members listed.

use iced::widget::{button, column, container, row, text, text_input};
use iced::{Element, Length};

use super::intake::{Intake, Message, EVENTS};
use super::tr::{s, t, tf};
use crate::model::EventKind;

pub fn view(i: &Intake) -> Element<'_, Message> {
    let kinds = row(EVENTS.iter().map(|(k, label)| {
        let style = if *k == i.event {
            button::primary
        } else {
            button::secondary
        };
        button(text(t(label)))
            .style(style)
            .on_press(Message::EventKind(*k))
            .into()
    }))
    .spacing(8);
    let members = i.household.as_ref().map(|h| {
        column(h.household.members.iter().map(|m| {
            text(format!(
                "・{}（{}）{}",
                m.name,
                m.kana,
                tf("find-born", &[("date", s(super::tr::date(m.birth_date)))])
            ))
            .size(15)
            .into()
        }))
        .spacing(2)
    });
    let mut c = column![text(t("event-heading")).size(18), kinds]
        .push(labeled(
            t("event-date"),
            text_input("2026-11-24", &i.event_date)
                .id("event_date")
                .on_input(Message::EventDate)
                .on_submit(Message::Next),
        ))
        .push(date_problem(&i.event_date))
        .spacing(10);
    if i.asks_move_in_details() {
        c = c
            .push(labeled(
                t("event-planned-move-out"),
                text_input("YYYY-MM-DD", &i.planned_move_out)
                    .id("planned_move_out")
                    .on_input(Message::PlannedMoveOut),
            ))
            .push(date_problem(&i.planned_move_out))
            .push(labeled(
                t("event-from-prefecture"),
                text_input("山口県", &i.from_prefecture)
                    .id("from_prefecture")
                    .on_input(Message::FromPrefecture),
            ));
    }
    if i.event == EventKind::Birth {
        c = c.push(
            i.newborn
                .view(i.household.as_ref().map(|h| &h.household))
                .map(Message::Newborn),
        );
    }
    c.push(members).into()
}

/// Under a date field: why what is typed there is not a date (blank while it is empty or
/// reads as one), so the clerk sees at once why Next stays greyed out. The line keeps its
/// height either way, so the fields below do not jump while a date is being typed.
pub(super) fn date_problem<'a>(typed: &str) -> Element<'a, Message> {
    let problem = match typed.trim() {
        "" => None,
        typed => crate::japanese::wareki::parse_date(typed).err(),
    };
    let said = problem
        .map(|e| super::tr::date_error(&e))
        .unwrap_or_default();
    container(text(said).size(14).style(text::danger))
        .height(Length::Fixed(20.0))
        .into()
}

pub(super) fn labeled<'a>(
    label: String,
    input: impl Into<Element<'a, Message>>,
) -> Element<'a, Message> {
    column![text(label).size(14), input.into()]
        .spacing(2)
        .into()
}
