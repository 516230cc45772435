//! The calling display (full screen) over the waiting area: the numbers being
//! called and at which counter, newest first, and how many wait per category.

use std::sync::Arc;

use iced::widget::{column, container, row, text, Space};
use iced::{Alignment, Background, Color, Element, Length, Task};

use super::backend::Backend;
use super::blocking;
use crate::api::{QueueView, Ticket, TicketState};

/// At most this many calls are shown.
pub const SHOWN: usize = 6;

pub struct Display {
    pub backend: Arc<Backend>,
    pub view: Option<QueueView>,
    pub error: Option<String>,
    /// Following the hub's event stream (otherwise polled on the tick).
    pub live: bool,
}

#[derive(Debug, Clone)]
pub enum Message {
    Refresh,
    Loaded(Result<QueueView, String>),
    Live(super::live::Live),
}

impl Display {
    pub fn new(backend: Arc<Backend>) -> (Display, Task<Message>) {
        let d = Display {
            backend,
            view: None,
            error: None,
            live: false,
        };
        (d, Task::done(Message::Refresh))
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Refresh => {
                let b = self.backend.clone();
                return Task::perform(
                    blocking(move || b.hub.queue().map_err(|e| e.to_string())),
                    Message::Loaded,
                );
            }
            Message::Live(super::live::Live::Changed) => {
                self.live = true;
                return Task::done(Message::Refresh);
            }
            Message::Live(super::live::Live::Disconnected) => self.live = false,
            Message::Loaded(Ok(v)) => {
                self.view = Some(v);
                self.error = None;
            }
            // Keep showing the last calls; say the board may be behind.
            Message::Loaded(Err(e)) => self.error = Some(e),
        }
        Task::none()
    }

    /// The tickets being called, newest call first.
    pub fn calls(&self) -> Vec<&Ticket> {
        let Some(v) = &self.view else {
            return Vec::new();
        };
        let mut calls: Vec<&Ticket> = v
            .tickets
            .iter()
            .filter(|t| t.state == TicketState::Called)
            .collect();
        calls.sort_by_key(|t| std::cmp::Reverse(t.called_at));
        calls.truncate(SHOWN);
        calls
    }

    pub fn view(&self) -> Element<'_, Message> {
        let white = Color::WHITE;
        let calls = self.calls();
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
                text(format!(
                    "{} 番窓口",
                    t.counter.clone().unwrap_or_else(|| "—".into())
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
        let empty = calls.is_empty().then(|| {
            text("ただいまお呼び出し中の番号はありません")
                .size(36)
                .color(white)
        });
        let waiting = self.view.as_ref().map(|v| {
            row(v.categories.iter().map(|c| {
                text(format!("{} {}　待ち {} 人", c.category, c.name, c.waiting))
                    .size(24)
                    .color(white)
                    .into()
            }))
            .spacing(40)
        });
        let stale = self.error.as_ref().map(|_| {
            text("表示の更新が遅れています")
                .size(18)
                .color(Color::from_rgb(1.0, 0.5, 0.5))
        });
        container(
            column![text("お呼び出し中の番号").size(40).color(white), list,]
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
