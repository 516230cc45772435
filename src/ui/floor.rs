//! The floor manager's board: waiting per category, the longest wait (red over
//! the target), what each counter is serving and for how long; re-route or
//! prioritise a waiting ticket.

use std::sync::Arc;

use chrono::Utc;
use iced::widget::{button, column, container, row, scrollable, text};
use iced::{Element, Length, Task};

use super::backend::Backend;
use super::blocking;
use super::live::{Live, LiveQueue, QueueMessage};
use super::tr::{s, t, tf};
use crate::api::{Ticket, TicketAction, TicketActionRequest, TicketState};

/// A wait longer than this is shown in red.
pub const WAIT_TARGET_MIN: i64 = 20;

pub struct Floor {
    pub backend: Arc<Backend>,
    pub queue: LiveQueue,
    /// Where the last tally went, or why it failed.
    pub tally: Option<Result<String, String>>,
    pub printing_tally: bool,
    /// The back office's open procedures by stage, and the overdue.
    pub processing: Option<crate::processing::StageCounts>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Queue(QueueMessage),
    Prioritise(String),
    Reroute(String, String),
    Done(Result<Ticket, String>),
    PrintTally,
    TallyPrinted(Result<String, String>),
    /// A supervisor opens the back office (handled by the app).
    ToBackOffice,
    Processing(Result<crate::processing::StageCounts, String>),
}

impl Floor {
    pub fn new(backend: Arc<Backend>) -> (Floor, Task<Message>) {
        (
            Floor {
                backend,
                queue: LiveQueue::default(),
                tally: None,
                printing_tally: false,
                processing: None,
            },
            Task::done(Message::Queue(QueueMessage::Refresh)),
        )
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Queue(m) => {
                // The back office's counts: when a procedure moves, when the
                // stream (re)connects, and while polling without it.
                let live = self.queue.live;
                let counts = match &m {
                    QueueMessage::Live(Live::Procedures) => true,
                    QueueMessage::Live(Live::Changed) => !live,
                    QueueMessage::Refresh => !live,
                    _ => false,
                }
                .then(|| {
                    let b = self.backend.clone();
                    Task::perform(
                        blocking(move || {
                            let open = b
                                .hub
                                .procedures(&crate::processing::WorkFilter::default())
                                .map_err(|e| e.to_string())?;
                            let today = crate::handoff::japan_day(Utc::now());
                            Ok(crate::processing::StageCounts::of(&open, today))
                        }),
                        Message::Processing,
                    )
                });
                return Task::batch([
                    self.queue.update(&self.backend, m).map(Message::Queue),
                    counts.unwrap_or_else(Task::none),
                ]);
            }
            Message::Processing(Ok(c)) => self.processing = Some(c),
            Message::Processing(Err(_)) => {}
            Message::Prioritise(id) => {
                return self.act(id, TicketAction::Priority { priority: true })
            }
            Message::Reroute(id, category) => {
                return self.act(
                    id,
                    TicketAction::Transfer {
                        category: Some(category),
                        counter: None,
                    },
                )
            }
            Message::Done(Ok(_)) => return Task::done(Message::Queue(QueueMessage::Refresh)),
            Message::Done(Err(e)) => self.queue.error = Some(e),
            Message::PrintTally => {
                if self.printing_tally {
                    return Task::none();
                }
                self.printing_tally = true;
                let b = self.backend.clone();
                return Task::perform(
                    blocking(move || super::printing::print_tally(&b).map(|(_, said)| said)),
                    Message::TallyPrinted,
                );
            }
            Message::TallyPrinted(r) => {
                self.printing_tally = false;
                self.tally = Some(r);
            }
            Message::ToBackOffice => {}
        }
        Task::none()
    }

    fn act(&self, id: String, action: TicketAction) -> Task<Message> {
        let b = self.backend.clone();
        Task::perform(
            blocking(move || {
                b.hub
                    .act(&id, &TicketActionRequest { action, at: None }, None)
                    .map_err(|e| e.to_string())
            }),
            Message::Done,
        )
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
        let cards = row(v.categories.iter().map(|c| {
            let mins = c.longest_wait_s / 60;
            container(
                column![
                    text(format!("{} {}", c.category, c.name)).size(18),
                    text(tf("floor-waiting", &[("count", c.waiting.into())])).size(28),
                    super::theme::chip(
                        super::theme::wait_state(mins, WAIT_TARGET_MIN),
                        tf("floor-longest", &[("minutes", mins.into())]),
                    ),
                ]
                .spacing(4),
            )
            .padding(12)
            .width(Length::FillPortion(1))
            .style(container::bordered_box)
            .into()
        }))
        .spacing(10);
        let now = Utc::now();
        let serving = column(
            v.tickets
                .iter()
                .filter(|t| matches!(t.state, TicketState::Called | TicketState::Serving))
                .map(|t| {
                    let since = t
                        .started_at
                        .or(t.called_at)
                        .map_or(0, |s| (now - s).num_minutes());
                    row![
                        text(tf(
                            "floor-serving-line",
                            &[
                                ("counter", s(t.counter.clone().unwrap_or_default())),
                                ("number", s(&t.number)),
                                ("minutes", s(since)),
                            ],
                        ))
                        .size(16),
                        super::theme::chip(
                            super::theme::State::Serving,
                            super::counter::state_label(t.state).to_string(),
                        ),
                    ]
                    .spacing(8)
                    .align_y(iced::Alignment::Center)
                    .into()
                }),
        )
        .spacing(4);
        let waiting = column(
            v.tickets
                .iter()
                .filter(|t| t.state == TicketState::Waiting)
                .map(|t| {
                    let mins = (now - t.created_at).num_minutes();
                    row![
                        text(tf(
                            "floor-waiting-line",
                            &[
                                ("number", s(&t.number)),
                                (
                                    "priority",
                                    s(if t.priority {
                                        super::tr::t("floor-priority-mark")
                                    } else {
                                        String::new()
                                    }),
                                ),
                            ],
                        ))
                        .size(15)
                        .width(110),
                        super::theme::chip(
                            super::theme::wait_state(mins, WAIT_TARGET_MIN),
                            tf("minutes", &[("minutes", mins.into())]),
                        ),
                        button(text(super::tr::t("floor-prioritise")).size(13))
                            .on_press(Message::Prioritise(t.id.clone())),
                        button(text("→B").size(13))
                            .on_press(Message::Reroute(t.id.clone(), "B".into())),
                        button(text("→C").size(13))
                            .on_press(Message::Reroute(t.id.clone(), "C".into())),
                        button(text("→D").size(13))
                            .on_press(Message::Reroute(t.id.clone(), "D".into())),
                    ]
                    .spacing(6)
                    .into()
                }),
        )
        .spacing(4);
        column![
            row![
                text(tf("floor-title", &[("day", s(v.day))])).size(24),
                iced::widget::Space::new().width(Length::Fill),
                button(text(t(if self.printing_tally {
                    "floor-tally-printing"
                } else {
                    "floor-tally"
                })))
                .on_press_maybe((!self.printing_tally).then_some(Message::PrintTally)),
            ]
            .push(
                (self.backend.login.role == crate::api::Role::Supervisor).then(|| {
                    button(text(t("floor-to-back-office")))
                        .style(button::secondary)
                        .on_press(Message::ToBackOffice)
                })
            )
            .push(if self.queue.live {
                text(t("floor-live")).size(14).style(text::success)
            } else {
                text(t("floor-reconnecting")).size(14).style(text::warning)
            })
            .spacing(16)
            .align_y(iced::Alignment::Center),
            cards,
        ]
        .push(self.processing.as_ref().map(processing_line))
        .push(
            row![
                column![text(t("floor-counters")).size(18), serving]
                    .spacing(6)
                    .width(Length::FillPortion(1)),
                column![
                    text(t("floor-queue")).size(18),
                    scrollable(waiting).height(Length::Fill)
                ]
                .spacing(6)
                .width(Length::FillPortion(1)),
            ]
            .spacing(20),
        )
        .push(self.tally.as_ref().map(|r| {
            match r {
                Ok(said) => text(said.clone()).style(text::success),
                Err(e) => text(tf(
                    "floor-tally-failed",
                    &[("error", s(super::tr::problem(e)))],
                ))
                .style(text::danger),
            }
        }))
        .push(
            self.queue
                .error
                .as_ref()
                .map(|e| text(e.clone()).style(text::danger)),
        )
        .spacing(14)
        .padding(10)
        .into()
    }
}

/// The back office's open procedures on the floor board, in the state colours.
fn processing_line<'a>(c: &crate::processing::StageCounts) -> Element<'a, Message> {
    use super::theme::{chip, State};
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
    .align_y(iced::Alignment::Center)
    .into()
}
