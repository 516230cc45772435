//! The counter screen as drawn: the queue panel (the ticket held and its
//! state, the actions that apply to that state, the waiting list, the day's
//! visits) beside the main pane (the notice where the eye is, then the intake,
//! or the ticket being called).

use chrono::Utc;
use iced::widget::{button, column, container, row, scrollable, text, text_input, Space};
use iced::{Element, Length};

use super::counter::{CounterScreen, Message, Tone, CATEGORIES};
use super::tr::{s, t, tf};
use crate::api::{Ticket, TicketAction, TicketState};

impl CounterScreen {
    pub fn view(&self) -> Element<'_, Message> {
        let panel = column![
            // A fixed height, so the buttons under it stay where they are when a
            // ticket is called: a clerk's second click must not land elsewhere.
            container(self.held()).height(64),
            self.controls(),
            self.waiting(),
        ]
        .push(self.returned_tasks())
        .push(
            column![
                text(tf("visits-heading", &[("count", self.visits.len().into())])).size(16),
                scrollable(self.visits_list()).height(Length::FillPortion(1)),
            ]
            .spacing(12),
        )
        .spacing(12)
        .width(280);
        let main = column![]
            .push(self.notice_banner())
            .push(self.main_pane())
            .spacing(8);
        row![
            container(panel).padding(10).style(container::bordered_box),
            Space::new().width(8),
            container(main).padding(10).width(Length::Fill)
        ]
        .into()
    }

    /// The ticket held: its number under the word for its state, its category.
    fn held(&self) -> Element<'_, Message> {
        match &self.current {
            None => column![text(t("counter-none-called")).size(16)].into(),
            Some(ticket) => {
                let heading = match ticket.state {
                    TicketState::Called => "counter-called-heading",
                    _ => "counter-serving",
                };
                let category = category_name(&ticket.category);
                let line = if ticket.transfers > 0 {
                    tf(
                        "counter-ticket-transferred",
                        &[
                            ("category", s(category)),
                            ("count", ticket.transfers.into()),
                        ],
                    )
                } else {
                    tf("counter-ticket-category", &[("category", s(category))])
                };
                column![
                    text(tf(heading, &[("number", s(&ticket.number))])).size(26),
                    text(line).size(14),
                ]
                .into()
            }
        }
    }

    /// The actions that apply now: no-show only while calling; a transfer
    /// during an intake asks first (below the buttons).
    fn controls(&self) -> Element<'_, Message> {
        let has = self.current.is_some();
        let calling = self
            .current
            .as_ref()
            .is_some_and(|t| t.state == TicketState::Called);
        let mut c = column![
            button(text(t("counter-call-next")))
                .style(button::primary)
                .width(Length::Fill)
                .on_press_maybe(
                    (!has && !self.busy && !self.pause.paused()).then_some(Message::CallNext)
                ),
            row![
                button(text(t("counter-recall")))
                    .on_press_maybe(calling.then_some(Message::Act(TicketAction::Recall))),
                button(text(t("counter-no-show")))
                    .style(button::danger)
                    .on_press_maybe(calling.then_some(Message::NoShow)),
            ]
            .spacing(6),
            row![
                self.transfer_button("counter-to-b", "B"),
                self.transfer_button("counter-to-c", "C"),
                self.transfer_button("counter-to-d", "D"),
            ]
            .spacing(6)
            .wrap(),
        ]
        .spacing(8);
        c = c.push(self.pause.view(has).map(Message::Pause));
        if self.asking_no_show {
            let number = self.current.as_ref().map_or("", |t| t.number.as_str());
            c = c.push(ask(
                tf("counter-no-show-question", &[("number", s(number))]),
                (t("counter-no-show-yes"), Message::ConfirmNoShow),
                (t("counter-cancel"), Message::CancelNoShow),
            ));
        }
        if let Some(category) = &self.pending_transfer {
            c = c.push(ask(
                tf(
                    "counter-transfer-question",
                    &[("category", s(category_name(category)))],
                ),
                (t("counter-transfer-yes"), Message::ConfirmTransfer),
                (t("counter-transfer-no"), Message::CancelTransfer),
            ));
        }
        c = c.push(
            button(text(t("counter-start-intake")))
                .style(button::success)
                .width(Length::Fill)
                .on_press_maybe((has && self.intake.is_none()).then_some(Message::StartIntake)),
        );
        if self.choosing_walk_in {
            let choices = row(CATEGORIES.iter().map(|(code, _)| {
                button(text(category_name(code)).size(13))
                    .style(button::secondary)
                    .on_press(Message::WalkInCategory(code.to_string()))
                    .into()
            }))
            .spacing(4)
            .wrap();
            c = c.push(
                container(
                    column![
                        text(t("counter-walk-in-question")).size(14),
                        choices,
                        button(text(t("counter-cancel")).size(13))
                            .style(button::text)
                            .on_press(Message::CancelWalkIn),
                    ]
                    .spacing(6),
                )
                .padding(6)
                .style(container::bordered_box),
            );
        } else {
            c = c.push(
                button(text(t("counter-walk-in")).size(13))
                    .style(button::secondary)
                    .width(Length::Fill)
                    .on_press_maybe((!has && !self.busy).then_some(Message::WalkIn)),
            );
        }
        c.into()
    }

    fn waiting(&self) -> Element<'_, Message> {
        let waiting: Vec<&Ticket> = self
            .tickets
            .iter()
            .filter(|t| t.state == TicketState::Waiting)
            .collect();
        let now = Utc::now();
        let list = column(waiting.iter().map(|t| {
            let mins = (now - t.created_at).num_minutes();
            row![
                text(tf(
                    "counter-waiting-line",
                    &[
                        ("number", s(&t.number)),
                        (
                            "priority",
                            s(if t.priority {
                                super::tr::t("counter-priority-mark")
                            } else {
                                String::new()
                            }),
                        ),
                    ],
                ))
                .size(15),
                super::theme::chip(
                    super::theme::wait_state(mins, super::floor::WAIT_TARGET_MIN),
                    tf("minutes", &[("minutes", mins.into())]),
                ),
            ]
            .spacing(8)
            .align_y(iced::Alignment::Center)
            .into()
        }))
        .spacing(2);
        column![
            text(tf("counter-waiting", &[("count", waiting.len().into())])).size(16),
            scrollable(list).height(Length::FillPortion(2)),
        ]
        .spacing(6)
        .height(Length::FillPortion(2))
        .into()
    }

    /// The notice, at the top of the main pane, coloured by what it is.
    fn notice_banner(&self) -> Option<Element<'_, Message>> {
        let notice = self.notice.as_ref()?;
        let style = match self.notice_tone {
            Tone::Info => text::default,
            Tone::Success => text::success,
            Tone::Danger => text::danger,
        };
        Some(
            container(
                row![
                    text(notice.clone())
                        .size(16)
                        .style(style)
                        .width(Length::Fill),
                    button(text(t("counter-dismiss")).size(13))
                        .style(button::text)
                        .on_press(Message::DismissNotice),
                ]
                .spacing(8)
                .align_y(iced::Alignment::Center),
            )
            .padding([6, 10])
            .width(Length::Fill)
            .style(container::bordered_box)
            .into(),
        )
    }

    /// The intake, or the ticket being called, or what to do first.
    fn main_pane(&self) -> Element<'_, Message> {
        if let Some(i) = &self.intake {
            return i.view().map(Message::Intake);
        }
        let body: Element<'_, Message> = match &self.current {
            Some(ticket) => column![
                text(tf("counter-called-main", &[("number", s(&ticket.number))])).size(28),
                text(t("counter-called-hint")).size(16),
                button(text(t("counter-start-intake")).size(18))
                    .style(button::success)
                    .padding([10, 24])
                    .on_press(Message::StartIntake),
            ]
            .spacing(14)
            .align_x(iced::Alignment::Center)
            .into(),
            None => text(t("counter-idle")).size(18).into(),
        };
        container(body).center(Length::Fill).into()
    }

    /// Today's visits at this counter: reprint, or reopen for the resident now
    /// at the counter.
    fn visits_list(&self) -> Element<'_, Message> {
        let can_reopen = self.intake.is_none() && self.current.is_some();
        column(self.visits.iter().map(|c| {
            let at = c
                .timings
                .finished_at
                .map(|f| (f + chrono::Duration::hours(9)).format("%H:%M").to_string())
                .unwrap_or_default();
            let kind = crate::events::spec(c.request.event.kind).label;
            let mine: Vec<&crate::processing::ProcedureStatus> =
                self.statuses.iter().filter(|p| p.case_id == c.id).collect();
            let done = mine
                .iter()
                .filter(|p| p.stage == crate::processing::Stage::Done)
                .count();
            let progress = (!mine.is_empty()).then(|| {
                text(tf(
                    "visits-progress",
                    &[("done", done.into()), ("total", mine.len().into())],
                ))
                .size(12)
                .style(if done == mine.len() {
                    text::success
                } else {
                    super::theme::muted
                })
            });
            column![text(format!("{at}　{}　{}", t(kind), c.id)).size(13),]
                .push(progress)
                .push(column![row![
                    button(text(t("visits-reprint")).size(13))
                        .style(button::secondary)
                        .on_press(Message::Reprint(c.id.clone())),
                    // Always pressable: without a called ticket it says what to do.
                    button(text(t("visits-reopen")).size(13))
                        .style(if can_reopen {
                            button::secondary
                        } else {
                            button::text
                        })
                        .on_press(Message::Reopen(c.id.clone())),
                ]
                .spacing(6)])
                .spacing(2)
                .into()
        }))
        .spacing(6)
        .into()
    }

    /// The procedures the back office sent back, each with its reason and a
    /// field for the answer: tasks until answered.
    fn returned_tasks(&self) -> Option<Element<'_, Message>> {
        if self.returned.is_empty() {
            return None;
        }
        let tasks = column(self.returned.iter().map(|p| {
            let key = (p.case_id.clone(), p.procedure.clone());
            let typed = self.answers.get(&key).cloned().unwrap_or_default();
            let (case, procedure) = key;
            let (c2, p2) = (case.clone(), procedure.clone());
            container(
                column![
                    text(format!("{}　{}", p.case_id, p.title)).size(13),
                    text(tf(
                        "returned-reason",
                        &[("reason", s(p.note.clone().unwrap_or_default()))]
                    ))
                    .size(13)
                    .style(text::danger),
                    row![
                        text_input(&t("returned-answer"), &typed)
                            .id("returned_answer")
                            .size(13)
                            .on_input(move |v| Message::AnswerTyped(
                                case.clone(),
                                procedure.clone(),
                                v
                            ))
                            .on_submit(Message::Answer(c2.clone(), p2.clone())),
                        button(text(t("returned-send")).size(13)).on_press(Message::Answer(c2, p2)),
                    ]
                    .spacing(4),
                ]
                .spacing(3),
            )
            .padding(6)
            .style(container::bordered_box)
            .into()
        }))
        .spacing(6);
        Some(
            column![
                super::theme::chip(
                    super::theme::State::Offline,
                    tf("returned-heading", &[("count", self.returned.len().into())])
                ),
                tasks
            ]
            .spacing(6)
            .into(),
        )
    }

    /// Sends the current ticket to another category's queue; offered only
    /// while a ticket is held and it is not already in that category.
    fn transfer_button(&self, label: &str, category: &str) -> Element<'_, Message> {
        let to = self
            .current
            .as_ref()
            .filter(|t| t.category != category)
            .map(|_| Message::Transfer(category.into()));
        button(text(t(label))).on_press_maybe(to).into()
    }
}

/// A question with two answers, in a box.
fn ask<'a>(
    question: String,
    yes: (String, Message),
    no: (String, Message),
) -> Element<'a, Message> {
    container(
        column![
            text(question).size(14),
            row![
                button(text(yes.0).size(13))
                    .style(button::danger)
                    .on_press(yes.1),
                button(text(no.0).size(13))
                    .style(button::secondary)
                    .on_press(no.1),
            ]
            .spacing(6)
        ]
        .spacing(6),
    )
    .padding(6)
    .style(container::bordered_box)
    .into()
}

/// `B 証明書` for a category code, in the window's language.
pub fn category_name(code: &str) -> String {
    match CATEGORIES.iter().find(|(c, _)| *c == code) {
        Some((c, _)) => format!("{c} {}", t(&format!("category-{}", c.to_lowercase()))),
        None => code.to_string(),
    }
}
