//! The clerk's counter: the queue panel (call next, recall, no-show, transfer)
//! beside the guided intake of the called ticket.

use std::sync::Arc;

use chrono::Utc;
use iced::widget::{button, column, container, row, scrollable, text, Space};
use iced::{Element, Length, Task};

use super::backend::Backend;
use super::blocking;
use super::intake::{self, Intake};
use super::tr::{s, t, tf};
use crate::api::{CaseSubmission, Ticket, TicketAction, TicketState};

pub struct CounterScreen {
    pub backend: Arc<Backend>,
    pub tickets: Vec<Ticket>,
    pub current: Option<Ticket>,
    pub intake: Option<Intake>,
    pub notice: Option<String>,
    pub busy: bool,
    /// The intake changed since the draft was last saved.
    pub draft_dirty: bool,
    /// The cases this counter handed over today, the latest first.
    pub visits: Vec<CaseSubmission>,
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
    Visits(Result<Vec<CaseSubmission>, String>),
    /// Print a visit's batch again, as it was sent.
    Reprint(String),
    Reprinted(Result<String, String>),
    /// Open a visit again for the resident at the counter now.
    Reopen(String),
    /// Whether the back office has not taken the case yet.
    Reopened(String, Result<bool, String>),
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
            visits: Vec::new(),
        };
        if let Some(d) = super::draft::load(&screen.backend) {
            let intake = d.restore(&screen.backend);
            screen.notice = Some(tf(
                "counter-resumed",
                &[("number", s(&intake.ticket.number))],
            ));
            screen.current = Some(intake.ticket.clone());
            let at_print = intake.step == intake::Step::Print;
            screen.intake = Some(intake);
            if at_print {
                let preview = Task::done(Message::Intake(intake::Message::Preview));
                return (screen, Task::batch([Task::done(Message::Refresh), preview]));
            }
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
                    self.run(|c| c.cases_today(), Message::Visits),
                ]);
            }
            Message::Visits(Ok(v)) => self.visits = v,
            Message::Visits(Err(_)) => {}
            Message::Reprint(id) => {
                let Some(case) = self.visits.iter().find(|c| c.id == id).cloned() else {
                    return Task::none();
                };
                let b = self.backend.clone();
                return Task::perform(blocking(move || reprint(&b, &case)), Message::Reprinted);
            }
            Message::Reprinted(r) => {
                self.notice = Some(r.unwrap_or_else(|e| e));
            }
            Message::Reopen(id) => {
                if self.intake.is_some() || self.current.is_none() {
                    self.notice = Some(t("visits-reopen-needs-ticket"));
                    return Task::none();
                }
                let b = self.backend.clone();
                let lookup = id.clone();
                return Task::perform(
                    blocking(move || b.with_counter(|c| c.case_open(&lookup))),
                    move |r| Message::Reopened(id.clone(), r),
                );
            }
            Message::Reopened(id, Ok(true)) => {
                let (Some(cur), Some(case)) = (
                    self.current.clone(),
                    self.visits.iter().find(|c| c.id == id),
                ) else {
                    return Task::none();
                };
                self.intake = Some(Intake::reopen(cur.clone(), case));
                self.draft_dirty = true;
                self.notice = Some(tf("visits-reopened", &[("case", s(&id))]));
                if cur.state == TicketState::Called {
                    return Task::done(Message::Act(TicketAction::Start));
                }
            }
            Message::Reopened(_, Ok(false)) => self.notice = Some(t("visits-taken")),
            Message::Reopened(_, Err(e)) => self.notice = Some(e),
            Message::DraftSaved(Ok(())) => {}
            Message::DraftSaved(Err(e)) => {
                self.draft_dirty = true;
                self.notice = Some(tf("counter-draft-failed", &[("error", s(e))]));
            }
            Message::Refreshed(Ok(t)) => {
                self.current = match &self.current {
                    Some(cur) => t
                        .iter()
                        .find(|x| x.id == cur.id)
                        .cloned()
                        .or(self.current.take()),
                    // After a restart: the ticket this counter called and has not finished.
                    None => t
                        .iter()
                        .filter(|x| {
                            x.counter.as_deref() == Some(self.backend.settings.counter_id.as_str())
                                && matches!(x.state, TicketState::Called | TicketState::Serving)
                        })
                        .max_by_key(|x| x.called_at)
                        .cloned(),
                };
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
                self.notice = Some(t("counter-nobody-waiting"));
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
                // Keyboard first: the search field takes the typing at once.
                let focus = iced::widget::operation::focus("kana");
                if cur.state == TicketState::Called {
                    return Task::batch([Task::done(Message::Act(TicketAction::Start)), focus]);
                }
                return focus;
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
                        // The signed pages scanned since the visit began go with the case;
                        // an unreadable page stops the hand-over before anything is sent.
                        let folder = self.backend.scan_folder.clone();
                        let outgoing = self.backend.scans_outgoing.clone();
                        let since = intake.visit.started.into();
                        return self.run(
                            move |c| {
                                let pages = crate::client::scans::found(&folder, since)?;
                                for page in &pages {
                                    crate::client::scans::check(&page.path)
                                        .map_err(|e| super::printing::scan_problem(&e))?;
                                }
                                crate::client::scans::hand_over(&pages, &outgoing, &case.id)?;
                                c.submit_case(&case)?;
                                c.act(&ticket_id, TicketAction::Finish { outcome })
                            },
                            Message::CaseQueued,
                        );
                    }
                }
            }
            Message::CaseQueued(Ok(_)) => {
                self.backend.scans.wake();
                self.intake = None;
                self.draft_dirty = true;
                self.current = None;
                self.notice = Some(t("counter-finished"));
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
                    ("minutes", s(mins)),
                ],
            ))
            .size(15)
            .into()
        }))
        .spacing(2);
        let current = match &self.current {
            None => column![text(t("counter-none-called")).size(16)],
            Some(t) => column![
                text(tf("counter-serving", &[("number", s(&t.number))])).size(26),
                text(tf("counter-state", &[("state", s(state_label(t.state)))])).size(14),
            ],
        };
        let has = self.current.is_some();
        let controls = column![
            button(text(t("counter-call-next")))
                .style(button::primary)
                .width(Length::Fill)
                .on_press_maybe((!has && !self.busy).then_some(Message::CallNext)),
            row![
                button(text(t("counter-recall")))
                    .on_press_maybe(has.then_some(Message::Act(TicketAction::Recall))),
                button(text(t("counter-no-show")))
                    .style(button::danger)
                    .on_press_maybe(has.then_some(Message::Act(TicketAction::NoShow))),
            ]
            .spacing(6),
            row![
                self.transfer_button("counter-to-b", "B"),
                self.transfer_button("counter-to-c", "C"),
            ]
            .spacing(6),
            button(text(t("counter-start-intake")))
                .style(button::success)
                .width(Length::Fill)
                .on_press_maybe((has && self.intake.is_none()).then_some(Message::StartIntake)),
        ]
        .spacing(8);
        // A fixed height, so the buttons under it stay where they are when a
        // ticket is called: a clerk's second click must not land on a different button.
        let panel = column![
            container(current).height(64),
            controls,
            text(tf("counter-waiting", &[("count", waiting.len().into())])).size(16),
            scrollable(list).height(Length::FillPortion(2)),
            text(tf("visits-heading", &[("count", self.visits.len().into())])).size(16),
            scrollable(self.visits_list()).height(Length::FillPortion(1)),
        ]
        .push(self.notice.as_ref().map(|n| text(n.clone()).size(14)))
        .spacing(12)
        .width(280);
        let main: Element<'_, Message> = match &self.intake {
            Some(i) => i.view().map(Message::Intake),
            None => container(text(t("counter-idle")).size(18))
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

impl CounterScreen {
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
            column![
                text(format!("{at}　{}　{}", t(kind), c.id)).size(13),
                row![
                    button(text(t("visits-reprint")).size(13))
                        .style(button::secondary)
                        .on_press(Message::Reprint(c.id.clone())),
                    button(text(t("visits-reopen")).size(13))
                        // Always pressable: without a called ticket it says what to do.
                        .style(if can_reopen {
                            button::secondary
                        } else {
                            button::text
                        })
                        .on_press(Message::Reopen(c.id.clone())),
                ]
                .spacing(6)
            ]
            .spacing(2)
            .into()
        }))
        .spacing(6)
        .into()
    }

    /// Sends the current ticket to another category's queue; offered only
    /// while a ticket is held and it is not already in that category.
    fn transfer_button(&self, label: &str, category: &str) -> Element<'_, Message> {
        let to = self
            .current
            .as_ref()
            .filter(|t| t.category != category)
            .map(|_| {
                Message::Act(TicketAction::Transfer {
                    category: Some(category.into()),
                    counter: None,
                })
            });
        button(text(t(label))).on_press_maybe(to).into()
    }
}

pub fn state_label(state: TicketState) -> String {
    t(match state {
        TicketState::Waiting => "state-waiting",
        TicketState::Called => "state-called",
        TicketState::Serving => "state-serving",
        TicketState::Done => "state-done",
        TicketState::NoShow => "state-no-show",
    })
}

/// Print a visit's batch again from its case (the same case id, so the same
/// QR codes); says where it went.
fn reprint(b: &Backend, case: &CaseSubmission) -> Result<String, String> {
    let mut visit = crate::visit::Visit::reopen(case, None);
    visit.revision = case.revision;
    let path = crate::visit::printing::batch_path(&b.out_dir, &case.id);
    let never = std::sync::atomic::AtomicBool::new(false);
    let out = crate::visit::printing::Output {
        path: &path,
        printer: b.settings.printer.as_deref(),
        cancel: &never,
        now: Utc::now(),
    };
    let printed = visit
        .print(&b.rules(), &out, &mut |_| {})
        .map_err(|e| super::tr::visit_error(&e))?;
    Ok(super::intake::printed_where(printed))
}
