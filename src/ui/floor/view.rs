//! The board's layout: title and actions, alerts, the categories' service
//! level, the back office's counts, the counters and the queue.

use std::collections::BTreeMap;

use iced::widget::{button, column, container, row, scrollable, text, Space};
use iced::{Alignment, Element, Length};

use super::{measures, Floor, Message};
use crate::api::{Role, TicketState};
use crate::service_level::{self, Target};
use crate::ui::theme::{chip, wait_state};
use crate::ui::tr::{problem, s, t, tf};

impl Floor {
    pub fn targets(&self) -> BTreeMap<String, Target> {
        self.queue
            .view
            .iter()
            .flat_map(|v| &v.categories)
            .map(|c| (c.category.clone(), c.target))
            .collect()
    }

    pub fn view(&self) -> Element<'_, Message> {
        let Some(v) = &self.queue.view else {
            return container(text(
                self.queue
                    .error
                    .clone()
                    .unwrap_or_else(|| t("floor-loading")),
            ))
            .center(Length::Fill)
            .into();
        };
        let targets = self.targets();
        let levels = service_level::levels(&v.tickets, &targets, self.now);
        let alerts = service_level::alerts(&v.tickets, &targets, self.now);
        let supervisor = self.supervisor();
        let cards = row(v.categories.iter().map(|c| {
            let level = levels.iter().find(|l| l.category == c.category);
            measures::category_card(c, level, supervisor)
        }))
        .spacing(10);
        let counters = service_level::counters::counters(&self.counters, &v.tickets, self.now);
        let manages = matches!(
            self.backend.login.role,
            Role::FloorManager | Role::Supervisor | Role::Admin
        );
        let waiting = column(
            v.tickets
                .iter()
                .filter(|t| t.state == TicketState::Waiting)
                .map(|tk| {
                    let mins = (self.now - tk.created_at).num_minutes().max(0);
                    let target = targets.get(&tk.category).copied().unwrap_or_default();
                    let mut line = row![
                        text(tf(
                            "floor-waiting-line",
                            &[
                                ("number", s(&tk.number)),
                                (
                                    "priority",
                                    s(if tk.priority {
                                        t("floor-priority-mark")
                                    } else {
                                        String::new()
                                    }),
                                ),
                            ],
                        ))
                        .size(15)
                        .width(110),
                        container(chip(
                            wait_state(mins, i64::from(target.minutes)),
                            tf("minutes", &[("minutes", mins.into())]),
                        ))
                        .width(56),
                        button(text(t("floor-prioritise")).size(13))
                            .on_press(Message::Prioritise(tk.id.clone())),
                    ]
                    .spacing(6);
                    for c in v.categories.iter().filter(|c| c.category != tk.category) {
                        line = line.push(
                            button(text(format!("→{}", c.category)).size(13))
                                .on_press(Message::Reroute(tk.id.clone(), c.category.clone())),
                        );
                    }
                    line.into()
                }),
        )
        .spacing(4);
        let head = row![
            text(tf("floor-title", &[("day", s(v.day))])).size(24),
            Space::new().width(Length::Fill),
            button(text(t(if self.printing_tally {
                "floor-tally-printing"
            } else {
                "floor-tally"
            })))
            .on_press_maybe((!self.printing_tally).then_some(Message::PrintTally)),
        ]
        .push(supervisor.then(|| {
            button(text(t("floor-to-back-office")))
                .style(button::secondary)
                .on_press(Message::ToBackOffice)
        }))
        .push(if self.queue.live {
            text(t("floor-live")).size(14).style(text::success)
        } else {
            text(t("floor-reconnecting")).size(14).style(text::warning)
        })
        .spacing(16)
        .align_y(Alignment::Center);
        column![head, measures::alert_banner(&alerts, &self.acked), cards]
            .push(self.processing.as_ref().map(processing_line))
            .push(
                row![
                    column![
                        text(t("floor-counters")).size(18),
                        scrollable(
                            container(measures::counters_panel(&counters, self.now, manages))
                                .padding(iced::Padding::ZERO.right(16))
                        )
                        .height(Length::Fill)
                    ]
                    .spacing(6)
                    .width(Length::FillPortion(1)),
                    column![
                        text(t("floor-queue")).size(18),
                        scrollable(container(waiting).padding(iced::Padding::ZERO.right(16)))
                            .height(Length::Fill)
                    ]
                    .spacing(6)
                    .width(Length::FillPortion(1)),
                ]
                .height(Length::Fill)
                .spacing(20),
            )
            .push(
                supervisor
                    .then(|| self.one_stop.as_ref().map(measures::one_stop_panel))
                    .flatten(),
            )
            .push(self.tally.as_ref().map(|r| match r {
                Ok(said) => text(said.clone()).style(text::success),
                Err(e) => {
                    text(tf("floor-tally-failed", &[("error", s(problem(e)))])).style(text::danger)
                }
            }))
            .push(
                self.problem
                    .as_ref()
                    .or(self.queue.error.as_ref())
                    .map(|e| text(problem(e)).style(text::danger)),
            )
            .spacing(12)
            .padding(10)
            .into()
    }
}

/// The back office's open procedures on the floor board, in the state colours.
fn processing_line<'a>(c: &crate::processing::StageCounts) -> Element<'a, Message> {
    use crate::ui::theme::State;
    row![
        text(t("floor-processing")).size(16),
        chip(
            State::Waiting,
            tf("floor-stage-received", &[("count", c.received.into())])
        ),
        chip(
            State::Serving,
            tf("floor-stage-entered", &[("count", c.entered.into())])
        ),
        chip(
            State::Serving,
            tf("floor-stage-checked", &[("count", c.checked.into())])
        ),
        chip(
            State::Offline,
            tf("floor-stage-returned", &[("count", c.returned.into())])
        ),
        chip(
            State::Overdue,
            tf("floor-stage-overdue", &[("count", c.overdue.into())])
        ),
    ]
    .spacing(8)
    .align_y(Alignment::Center)
    .into()
}
