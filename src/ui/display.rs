//! The calling display (full screen) over the waiting area: the numbers being
//! called and at which counter, newest first, and how many wait per category.

use std::sync::Arc;

use iced::widget::{column, container, row, text, Space};
use iced::{Alignment, Background, Color, Element, Length, Task};

use super::backend::Backend;
use super::live::{LiveQueue, QueueMessage};
use super::tr::{s, t, tf};
use crate::api::{QueueView, Ticket, TicketState};

/// At most this many calls are shown.
pub const SHOWN: usize = 6;

pub struct Display {
    pub backend: Arc<Backend>,
    pub queue: LiveQueue,
}

pub type Message = QueueMessage;

impl Display {
    pub fn new(backend: Arc<Backend>) -> (Display, Task<Message>) {
        let d = Display {
            backend,
            queue: LiveQueue::default(),
        };
        (d, Task::done(QueueMessage::Refresh))
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        self.queue.update(&self.backend, message)
    }

    /// The tickets being called, newest call first.
    pub fn view(&self) -> Element<'_, Message> {
        let white = Color::WHITE;
        let calls = self.queue.view.as_ref().map(calls).unwrap_or_default();
        let list = column(calls.iter().enumerate().map(|(i, t)| {
            let size = if i == 0 { 72 } else { 48 };
            let color = if i == 0 {
                Color::from_rgb(1.0, 0.85, 0.2)
            } else {
                white
            };
            row![
                text(t.number.clone())
                    .size(size)
                    .color(color)
                    .width(Length::FillPortion(1)),
                text("→").size(size).color(white),
                text(tf(
                    "display-counter",
                    &[(
                        "counter",
                        s(t.counter.clone().unwrap_or_else(|| "—".into()))
                    )],
                ))
                .size(size)
                .color(color)
                .width(Length::FillPortion(1)),
            ]
            .spacing(30)
            .align_y(Alignment::Center)
            .into()
        }))
        .spacing(16);
        let empty = calls
            .is_empty()
            .then(|| text(t("display-none")).size(36).color(white));
        let waiting = self.queue.view.as_ref().map(|v| {
            row(v.categories.iter().map(|c| {
                text(tf(
                    "display-waiting",
                    &[
                        ("category", s(&c.category)),
                        ("name", s(&c.name)),
                        ("count", c.waiting.into()),
                    ],
                ))
                .size(24)
                .color(white)
                .into()
            }))
            .spacing(40)
        });
        let stale = self.queue.error.as_ref().map(|_| {
            text(t("display-stale"))
                .size(18)
                .color(Color::from_rgb(1.0, 0.5, 0.5))
        });
        container(
            column![text(t("display-heading")).size(40).color(white), list,]
                .push(empty)
                .push(Space::new().height(Length::Fill))
                .push(waiting)
                .push(stale)
                .spacing(28)
                .padding(40),
        )
        .width(Length::Fill)
        .height(Length::Fill)
        .style(|_| container::Style {
            background: Some(Background::Color(Color::from_rgb(0.05, 0.1, 0.25))),
            ..container::Style::default()
        })
        .into()
    }
}

/// The tickets being called, newest call first, at most [`SHOWN`].
pub fn calls(view: &QueueView) -> Vec<&Ticket> {
    let mut calls: Vec<&Ticket> = view
        .tickets
        .iter()
        .filter(|t| t.state == TicketState::Called)
        .collect();
    calls.sort_by_key(|t| std::cmp::Reverse(t.called_at));
    calls.truncate(SHOWN);
    calls
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, Utc};

    fn ticket(n: u32, state: TicketState, called_min_ago: Option<i64>) -> Ticket {
        let now = Utc::now();
        Ticket {
            id: format!("t{n}"),
            number: format!("A-{n:03}"),
            category: "A".into(),
            day: crate::api::japan_day(now),
            state,
            priority: false,
            counter: Some(n.to_string()),
            created_at: now - Duration::minutes(60),
            called_at: called_min_ago.map(|m| now - Duration::minutes(m)),
            started_at: None,
            finished_at: None,
            outcome: None,
            transfers: 0,
        }
    }

    #[test]
    fn the_newest_call_comes_first_and_only_calls_are_shown() {
        let mut tickets = vec![
            ticket(1, TicketState::Called, Some(9)),
            ticket(2, TicketState::Serving, Some(8)),
            ticket(3, TicketState::Called, Some(1)),
            ticket(4, TicketState::Waiting, None),
        ];
        tickets.extend((10..20).map(|n| ticket(n, TicketState::Called, Some(30 + i64::from(n)))));
        let view = QueueView {
            day: tickets[0].day,
            categories: Vec::new(),
            tickets,
            next_offset: None,
        };
        let shown: Vec<&str> = calls(&view).iter().map(|t| t.number.as_str()).collect();
        assert_eq!(shown.len(), SHOWN);
        assert_eq!(&shown[..3], &["A-003", "A-001", "A-010"]);
        assert!(!shown.contains(&"A-002") && !shown.contains(&"A-004"));
    }
}
