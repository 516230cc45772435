//! The clerk's counter: the queue panel (call next, recall, no-show, transfer)
//! beside the guided intake of the called ticket.

use std::sync::Arc;

use chrono::Utc;
use iced::widget::{button, column, container, row, scrollable, text, Space};
use iced::{Element, Length, Task};

use super::backend::Backend;
use super::blocking;
use super::intake::{self, Intake};
use crate::api::{Ticket, TicketAction, TicketState};

pub struct CounterScreen {
    pub backend: Arc<Backend>,
    pub tickets: Vec<Ticket>,
    pub current: Option<Ticket>,
    pub intake: Option<Intake>,
    pub notice: Option<String>,
    pub busy: bool,
    /// The intake changed since the draft was last saved.
    pub draft_dirty: bool,
}

#[derive(Debug, Clone)]
pub enum Message {
    Refresh,
    Refreshed(Result<Vec<Ticket>, String>),
    CallNext,
    Called(Result<Option<Ticket>, String>),
    Act(TicketAction),
    Acted(Result<Ticket, String>),
    StartIntake,
    Intake(intake::Message),
    CaseQueued(Result<Ticket, String>),
    DraftSaved(Result<(), String>),
}

impl CounterScreen {
    pub fn new(backend: Arc<Backend>) -> (CounterScreen, Task<Message>) {
        let mut screen = CounterScreen {
            backend,
            tickets: Vec::new(),
            current: None,
            intake: None,
            notice: None,
            busy: false,
            draft_dirty: false,
        };
        if let Some(d) = super::draft::load(&screen.backend) {
            let intake = d.restore(&screen.backend);
            screen.notice = Some(format!(
                "{} のインテークを途中から再開しました",
                intake.ticket.number
            ));
            screen.current = Some(intake.ticket.clone());
            screen.intake = Some(intake);
        }
        (screen, Task::done(Message::Refresh))
    }

    /// A half-finished intake: closing the window asks first.
    pub fn has_open_work(&self) -> bool {
        self.intake.is_some()
    }

    fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut crate::client::Counter) -> Result<T, String> + Send + 'static,
        done: fn(Result<T, String>) -> Message,
    ) -> Task<Message> {
        let b = self.backend.clone();
        Task::perform(blocking(move || b.with_counter(f)), done)
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Refresh => {
                let save = self.save_draft();
                return Task::batch([
                    save,
                    self.run(
                        |c| {
                            c.refresh_queue()?;
                            c.tickets()
                        },
                        Message::Refreshed,
                    ),
                ]);
            }
            Message::DraftSaved(Ok(())) => {}
            Message::DraftSaved(Err(e)) => {
                self.draft_dirty = true;
                self.notice = Some(format!("下書きを保存できませんでした：{e}"));
            }
            Message::Refreshed(Ok(t)) => {
                if let Some(cur) = &self.current {
                    self.current = t
                        .iter()
                        .find(|x| x.id == cur.id)
                        .cloned()
                        .or(self.current.take());
                }
                self.tickets = t;
            }
            Message::CallNext => {
                if self.busy || self.current.is_some() {
                    return Task::none();
                }
                self.busy = true;
                return self.run(|c| c.call_next(&[]), Message::Called);
            }
            Message::Called(Ok(Some(t))) => {
                self.busy = false;
                self.notice = None;
                self.current = Some(t);
                return Task::done(Message::Refresh);
            }
            Message::Called(Ok(None)) => {
                self.busy = false;
                self.notice = Some("お待ちの方はいません".into());
            }
            Message::Act(action) => {
                let Some(cur) = self.current.clone() else {
                    return Task::none();
                };
                let id = cur.id.clone();
                return self.run(move |c| c.act(&id, action), Message::Acted);
            }
            Message::Acted(Ok(t)) => {
                let finished = matches!(
                    t.state,
                    TicketState::Done | TicketState::NoShow | TicketState::Waiting
                );
                self.current = if finished { None } else { Some(t) };
                if finished {
                    self.intake = None;
                    self.draft_dirty = true;
                }
                return Task::done(Message::Refresh);
            }
            Message::StartIntake => {
                let Some(cur) = self.current.clone() else {
                    return Task::none();
                };
                self.intake = Some(Intake::new(cur.clone()));
                self.draft_dirty = true;
                if cur.state == TicketState::Called {
                    return Task::done(Message::Act(TicketAction::Start));
                }
            }
            Message::Intake(m) => {
                let Some(intake) = self.intake.as_mut() else {
                    return Task::none();
                };
                self.draft_dirty = true;
                match intake.update(m, &self.backend) {
                    intake::Action::None => {}
                    intake::Action::Run(task) => return task.map(Message::Intake),
                    intake::Action::Finished(case) => {
                        let ticket_id = case.ticket_id.clone().unwrap_or_default();
                        let outcome = case.request.event.kind.as_str().to_string();
                        return self.run(
                            move |c| {
                                c.submit_case(&case)?;
                                c.act(&ticket_id, TicketAction::Finish { outcome })
                            },
                            Message::CaseQueued,
                        );
                    }
                }
            }
            Message::CaseQueued(Ok(_)) => {
                self.intake = None;
                self.draft_dirty = true;
                self.current = None;
                self.notice = Some("受付を完了しました。事務センターへ送付します。".into());
                return Task::done(Message::Refresh);
            }
            Message::Refreshed(Err(e))
            | Message::Called(Err(e))
            | Message::Acted(Err(e))
            | Message::CaseQueued(Err(e)) => {
                self.busy = false;
                self.notice = Some(e);
            }
        }
        Task::none()
    }

    /// Save the draft in the background when the intake changed (debounced by the tick).
    fn save_draft(&mut self) -> Task<Message> {
        if !std::mem::take(&mut self.draft_dirty) {
            return Task::none();
        }
        let body = super::draft::body(self.intake.as_ref());
        let b = self.backend.clone();
        Task::perform(
            blocking(move || super::draft::save(&b, body.as_ref())),
            Message::DraftSaved,
        )
    }

    /// Save the draft now (the window is closing).
    pub fn flush_draft(&mut self) -> Result<(), String> {
        if std::mem::take(&mut self.draft_dirty) {
            let body = super::draft::body(self.intake.as_ref());
            super::draft::save(&self.backend, body.as_ref())?;
        }
        Ok(())
    }

    pub fn view(&self) -> Element<'_, Message> {
        let waiting: Vec<&Ticket> = self
            .tickets
            .iter()
            .filter(|t| t.state == TicketState::Waiting)
            .collect();
        let now = Utc::now();
        let list = column(waiting.iter().map(|t| {
            let mins = (now - t.created_at).num_minutes();
            text(format!(
                "{}{}　{}分",
                t.number,
                if t.priority { "（優先）" } else { "" },
                mins
            ))
            .size(15)
            .into()
        }))
        .spacing(2);
        let current = match &self.current {
            None => column![text("呼出中の番号はありません").size(16)],
            Some(t) => column![
                text(format!("対応中：{}", t.number)).size(26),
                text(format!("状態：{}", state_label(t.state))).size(14),
            ],
        };
        let has = self.current.is_some();
        let controls = column![
            button(text("次の方を呼出（F2）"))
                .style(button::primary)
                .width(Length::Fill)
                .on_press_maybe((!has && !self.busy).then_some(Message::CallNext)),
            row![
                button(text("再呼出"))
                    .on_press_maybe(has.then_some(Message::Act(TicketAction::Recall))),
                button(text("不在"))
                    .style(button::danger)
                    .on_press_maybe(has.then_some(Message::Act(TicketAction::NoShow))),
            ]
            .spacing(6),
            row![
                button(text("証明書(B)へ")).on_press_maybe(has.then(|| Message::Act(
                    TicketAction::Transfer {
                        category: Some("B".into()),
                        counter: None
                    }
                ))),
                button(text("国保(C)へ")).on_press_maybe(has.then(|| Message::Act(
                    TicketAction::Transfer {
                        category: Some("C".into()),
                        counter: None
                    }
                ))),
            ]
            .spacing(6),
            button(text("インテーク開始"))
                .style(button::success)
                .width(Length::Fill)
                .on_press_maybe((has && self.intake.is_none()).then_some(Message::StartIntake)),
        ]
        .spacing(8);
        let panel = column![
            current,
            controls,
            text(format!("待ち {} 人", waiting.len())).size(16),
            scrollable(list).height(Length::Fill)
        ]
        .push(self.notice.as_ref().map(|n| text(n.clone()).size(14)))
        .spacing(12)
        .width(280);
        let main: Element<'_, Message> = match &self.intake {
            Some(i) => i.view().map(Message::Intake),
            None => container(text("番号を呼び出して、インテークを開始してください").size(18))
                .center(Length::Fill)
                .into(),
        };
        row![
            container(panel).padding(10).style(container::bordered_box),
            Space::new().width(8),
            container(main).padding(10).width(Length::Fill)
        ]
        .into()
    }
}

pub fn state_label(s: TicketState) -> &'static str {
    match s {
        TicketState::Waiting => "待ち",
        TicketState::Called => "呼出中",
        TicketState::Serving => "対応中",
        TicketState::Done => "完了",
        TicketState::NoShow => "不在",
    }
}
