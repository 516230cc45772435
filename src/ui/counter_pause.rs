//! The clerk pauses the counter with a reason (休憩, 書類確認, 電話 …) and
//! resumes it; the floor board shows it. The counter opens when the clerk
//! logs in (unless it was paused: then it says so) and closes at logout.

use std::sync::Arc;

use iced::widget::{button, column, row, text};
use iced::{Element, Length, Task};

use super::backend::Backend;
use super::blocking;
use super::tr::{problem, s, t, tf};
use crate::api::{CounterChange, CounterMode, PAUSE_REASONS};

#[derive(Debug, Default)]
pub struct Pause {
    /// Paused, with this reason.
    pub reason: Option<String>,
    /// Choosing the reason.
    pub choosing: bool,
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// The counter's mode at the hub when the screen opens.
    Loaded(Result<Option<CounterChange>, String>),
    Choose,
    Pick(&'static str),
    Cancel,
    Resume,
    Set(Result<CounterChange, String>),
}

/// Open the counter at the hub (at login) unless it is paused; say which.
pub fn open(backend: &Arc<Backend>) -> Task<Message> {
    let b = backend.clone();
    Task::perform(
        blocking(move || {
            let me = b.settings.counter_id.clone();
            let last = b
                .hub
                .counter_log(None)
                .map_err(|e| e.to_string())?
                .into_iter()
                .rev()
                .find(|c| c.counter == me);
            match last {
                Some(c) if c.mode == CounterMode::Paused => Ok(Some(c)),
                _ => b
                    .hub
                    .set_counter(&me, CounterMode::Open, None)
                    .map(Some)
                    .map_err(|e| e.to_string()),
            }
        }),
        Message::Loaded,
    )
}

/// Close the counter at the hub (at logout); nothing waits on the answer.
pub fn close(backend: &Arc<Backend>) {
    let b = backend.clone();
    std::thread::spawn(move || {
        let _ = b
            .hub
            .set_counter(&b.settings.counter_id, CounterMode::Closed, None);
    });
}

impl Pause {
    pub fn paused(&self) -> bool {
        self.reason.is_some()
    }

    pub fn update(&mut self, backend: &Arc<Backend>, message: Message) -> Task<Message> {
        let set = |mode: CounterMode, reason: Option<&'static str>| {
            let b = backend.clone();
            Task::perform(
                blocking(move || {
                    b.hub
                        .set_counter(&b.settings.counter_id, mode, reason)
                        .map_err(|e| e.to_string())
                }),
                Message::Set,
            )
        };
        match message {
            Message::Loaded(Ok(Some(c))) | Message::Set(Ok(c)) => {
                self.error = None;
                self.reason = (c.mode == CounterMode::Paused)
                    .then(|| c.reason.unwrap_or_else(|| "other".into()));
            }
            Message::Loaded(Ok(None)) => {}
            // The hub away: the counter works on (its queue is cached).
            Message::Loaded(Err(_)) => {}
            Message::Set(Err(e)) => self.error = Some(e),
            Message::Choose => self.choosing = true,
            Message::Cancel => self.choosing = false,
            Message::Pick(reason) => {
                self.choosing = false;
                return set(CounterMode::Paused, Some(reason));
            }
            Message::Resume => return set(CounterMode::Open, None),
        }
        Task::none()
    }

    /// The pause button, the reasons to pick from, or the paused notice
    /// with the resume button.
    pub fn view(&self, serving: bool) -> Element<'_, Message> {
        let mut c = column![].spacing(6);
        if let Some(reason) = &self.reason {
            c = c.push(
                text(tf(
                    "counter-paused",
                    &[("reason", s(t(&format!("pause-{reason}"))))],
                ))
                .style(text::warning),
            );
            c = c.push(
                button(text(t("counter-resume")))
                    .style(button::success)
                    .width(Length::Fill)
                    .on_press(Message::Resume),
            );
        } else if self.choosing {
            c = c.push(text(t("counter-pause-why")).size(14));
            c = c.push(
                row(PAUSE_REASONS.iter().map(|r| {
                    button(text(t(&format!("pause-{r}"))).size(14))
                        .style(button::secondary)
                        .on_press(Message::Pick(r))
                        .into()
                }))
                .spacing(6)
                .wrap(),
            );
            c = c.push(
                button(text(t("counter-cancel")).size(14))
                    .style(button::text)
                    .on_press(Message::Cancel),
            );
        } else {
            c = c.push(
                button(text(t("counter-pause")).size(14))
                    .style(button::secondary)
                    .on_press_maybe((!serving).then_some(Message::Choose)),
            );
        }
        if let Some(e) = &self.error {
            c = c.push(text(problem(e)).size(13).style(text::danger));
        }
        c.into()
    }
}
