//! The ticket machine (full screen): one large button per category issues a
//! numbered ticket through the local cache (so it keeps working offline) and
//! prints it on receipt paper.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use iced::widget::{button, column, container, text};
use iced::{Alignment, Element, Length, Task};

use super::backend::Backend;
use super::blocking;
use super::tr::{s, t, tf};
use crate::api::{QueueView, TicketState};

/// How long the issued number stays on screen.
pub const SHOW_ISSUED: Duration = Duration::from_secs(10);

/// The categories a kiosk offers before it has heard from the hub.
pub const FALLBACK_CATEGORIES: [(&str, &str); 4] = [
    ("A", "転入・転出"),
    ("B", "証明書"),
    ("C", "国保・年金"),
    ("D", "子育て・福祉"),
];

pub struct Kiosk {
    pub backend: Arc<Backend>,
    pub categories: Vec<(String, String)>,
    /// The categories came from the hub (until then: the fallback list).
    pub categories_from_hub: bool,
    pub issued: Option<Issued>,
    pub busy: bool,
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Issued {
    pub number: String,
    pub category_name: String,
    pub waiting_before: usize,
    pub at: Instant,
}

#[derive(Debug, Clone)]
pub enum Message {
    Refresh,
    Loaded(Result<QueueView, String>),
    Issue(String),
    Issued(Result<Issued, String>),
}

impl Kiosk {
    pub fn new(backend: Arc<Backend>) -> (Kiosk, Task<Message>) {
        let kiosk = Kiosk {
            backend,
            categories: FALLBACK_CATEGORIES
                .iter()
                .map(|(c, n)| (c.to_string(), n.to_string()))
                .collect(),
            categories_from_hub: false,
            issued: None,
            busy: false,
            error: None,
        };
        (kiosk, Task::done(Message::Refresh))
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Refresh => {
                if self
                    .issued
                    .as_ref()
                    .is_some_and(|i| i.at.elapsed() > SHOW_ISSUED)
                {
                    self.issued = None;
                }
                // The categories rarely change: ask the hub until it has answered once.
                if self.categories_from_hub {
                    return Task::none();
                }
                let b = self.backend.clone();
                return Task::perform(
                    blocking(move || b.hub.queue().map_err(|e| e.to_string())),
                    Message::Loaded,
                );
            }
            // Offline: keep the categories we have; tickets still issue locally.
            Message::Loaded(Err(_)) => {}
            Message::Loaded(Ok(v)) => {
                if !v.categories.is_empty() {
                    self.categories_from_hub = true;
                    self.categories = v
                        .categories
                        .into_iter()
                        .map(|c| (c.category, c.name))
                        .collect();
                }
            }
            Message::Issue(code) => {
                if self.busy {
                    return Task::none();
                }
                self.busy = true;
                self.error = None;
                let name = self
                    .categories
                    .iter()
                    .find(|(c, _)| *c == code)
                    .map_or_else(|| code.clone(), |(_, n)| n.clone());
                let b = self.backend.clone();
                return Task::perform(
                    blocking(move || issue_and_print(&b, &code, &name)),
                    Message::Issued,
                );
            }
            Message::Issued(Ok(i)) => {
                self.busy = false;
                self.issued = Some(i);
            }
            Message::Issued(Err(e)) => {
                self.busy = false;
                self.error = Some(e);
            }
        }
        Task::none()
    }

    pub fn view(&self) -> Element<'_, Message> {
        let buttons = column(self.categories.iter().map(|(code, name)| {
            button(
                container(text(format!("{code}　{name}")).size(34))
                    .center_x(Length::Fill)
                    .padding(10),
            )
            .width(Length::Fill)
            .style(button::primary)
            .on_press_maybe((!self.busy).then(|| Message::Issue(code.clone())))
            .into()
        }))
        .spacing(12)
        .max_width(760);
        let issued = self.issued.as_ref().map(|i| {
            container(
                column![
                    text(tf(
                        "kiosk-number-heading",
                        &[("category", s(&i.category_name))]
                    ))
                    .size(24),
                    text(i.number.clone()).size(72),
                    text(tf(
                        "kiosk-take-ticket-ahead",
                        &[("count", i.waiting_before.into())],
                    ))
                    .size(24),
                ]
                .align_x(Alignment::Center)
                .spacing(6),
            )
            .padding(20)
            .style(container::rounded_box)
        });
        let error = self.error.as_ref().map(|e| {
            text(tf("kiosk-failed", &[("error", s(super::tr::problem(e)))]))
                .size(20)
                .style(text::danger)
        });
        // The buttons stay where they are when the ticket card appears: the
        // column is anchored at the top and the card has its own fixed space,
        // so a second tap on A never lands on B.
        let card = container(
            column![]
                .push(issued)
                .push(error)
                .align_x(Alignment::Center),
        )
        .height(Length::Fixed(KIOSK_CARD_HEIGHT))
        .center_x(Length::Fill);
        container(
            column![
                text(t("kiosk-take-ticket")).size(40),
                text(t("kiosk-choose")).size(22),
                buttons,
                card,
            ]
            .spacing(16)
            .align_x(Alignment::Center),
        )
        .padding(iced::Padding::new(0.0).top(40.0))
        .center_x(Length::Fill)
        .height(Length::Fill)
        .into()
    }
}

/// The space kept for the ticket card under the buttons.
pub const KIOSK_CARD_HEIGHT: f32 = 260.0;

/// Issue a ticket through the counter's cache and print its receipt.
fn issue_and_print(b: &Backend, code: &str, name: &str) -> Result<Issued, String> {
    let (ticket, waiting_before) = b.with_counter(|c| {
        let t = c.issue_ticket_hub_first(code, false)?;
        // Count who waits from the hub's queue when it answers (offline: what this PC knows).
        let _ = c.refresh_queue();
        let before = c
            .tickets()?
            .iter()
            .filter(|x| x.category == t.category && x.state == TicketState::Waiting && x.id != t.id)
            .count();
        Ok((t, before))
    })?;
    let pdf = crate::print::receipt::render(&crate::print::receipt::Receipt {
        office: &b.settings.office,
        number: &ticket.number,
        category_name: name,
        issued_at: Utc::now(),
        waiting_before,
        wait_url: Some(&crate::public_wait::page_url(
            b.settings.wait_page.as_deref().unwrap_or(b.hub.base()),
            &ticket.number,
        )),
    })?;
    let dir = b.out_dir.join("tickets");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = dir.join(format!(
        "{}-{}.pdf",
        ticket.day.format("%Y%m%d"),
        ticket.number
    ));
    std::fs::write(&path, pdf).map_err(|e| format!("{}: {e}", path.display()))?;
    if let Some(printer) = &b.settings.printer {
        crate::print::spool::submit(&path, printer)?;
    }
    Ok(Issued {
        number: ticket.number,
        category_name: name.to_string(),
        waiting_before,
        at: Instant::now(),
    })
}
