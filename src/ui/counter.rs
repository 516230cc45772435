//! The clerk's counter: the queue panel (call next, recall, no-show, transfer,
//! a ticket for a walk-in served at once) beside the guided intake of the
//! called ticket, and the day's visits (reprint, reopen). The view is in
//! `counter_view.rs`.

use std::sync::Arc;

use iced::Task;

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
    /// What the clerk must see now, shown where the eye is (top of the main pane).
    pub notice: Option<String>,
    pub notice_tone: Tone,
    /// A transfer asked for while an intake is open: asked before it is lost.
    pub pending_transfer: Option<String>,
    /// Choosing the category of a walk-in's ticket.
    pub choosing_walk_in: bool,
    /// 不在 was pressed: asked before the ticket leaves the queue.
    pub asking_no_show: bool,
    pub busy: bool,
    /// The intake changed since the draft was last saved.
    pub draft_dirty: bool,
    /// The cases this counter handed over today, the latest first.
    pub visits: Vec<CaseSubmission>,
    /// Following the hub's event stream: the queue is reloaded when it
    /// changes, not polled.
    pub live: bool,
    /// How far the back office has taken this counter's cases of today.
    pub statuses: Vec<crate::processing::ProcedureStatus>,
    /// Procedures the back office sent back to this counter (any day): tasks.
    pub returned: Vec<crate::processing::ProcedureStatus>,
    /// The answer being typed to each return, by (case, procedure).
    pub answers: std::collections::HashMap<(String, String), String>,
    /// Paused with a reason (the floor board shows it).
    pub pause: super::counter_pause::Pause,
}

/// How a notice reads: information, done, or a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Info,
    Success,
    Danger,
}

/// The back office's progress on this counter's cases: today's procedures and
/// the returns waiting for an answer.
#[derive(Debug, Clone, Default)]
pub struct CaseProgress {
    pub today: Vec<crate::processing::ProcedureStatus>,
    pub returned: Vec<crate::processing::ProcedureStatus>,
}

/// The categories a ticket can be transferred to or issued in, with their names.
pub const CATEGORIES: [(&str, &str); 4] = super::kiosk::FALLBACK_CATEGORIES;

#[derive(Debug, Clone)]
pub enum Message {
    /// The window's clock: saves the draft, and polls the queue while the
    /// hub's event stream is down.
    Tick,
    /// The hub's event stream.
    Live(super::live::Live),
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
    /// Load the day's visits (at the start, and when one is handed over).
    LoadVisits,
    Visits(Result<Vec<CaseSubmission>, String>),
    /// Print a visit's batch again, as it was sent.
    Reprint(String),
    Reprinted(Result<String, String>),
    /// Open a visit again for the resident at the counter now.
    Reopen(String),
    /// Whether the back office has not taken the case yet.
    Reopened(String, Result<bool, String>),
    /// Send the current ticket to another category (asked first during an intake).
    Transfer(String),
    ConfirmTransfer,
    CancelTransfer,
    /// A resident at the counter without a ticket: choose the category.
    WalkIn,
    WalkInCategory(String),
    CancelWalkIn,
    WalkInCalled(Result<Ticket, String>),
    DismissNotice,
    /// Read how far the back office has taken this counter's cases.
    LoadStatuses,
    Statuses(Result<CaseProgress, String>),
    AnswerTyped(String, String, String),
    /// Answer a returned procedure: it goes back to the back office.
    Answer(String, String),
    Answered(Result<crate::processing::ProcedureStatus, String>),
    /// 不在: asks first.
    NoShow,
    ConfirmNoShow,
    CancelNoShow,
    Pause(super::counter_pause::Message),
}

impl CounterScreen {
    pub fn new(backend: Arc<Backend>) -> (CounterScreen, Task<Message>) {
        let mut screen = CounterScreen {
            backend,
            tickets: Vec::new(),
            current: None,
            intake: None,
            notice: None,
            notice_tone: Tone::Info,
            pending_transfer: None,
            choosing_walk_in: false,
            asking_no_show: false,
            busy: false,
            draft_dirty: false,
            visits: Vec::new(),
            live: false,
            statuses: Vec::new(),
            returned: Vec::new(),
            answers: std::collections::HashMap::new(),
            pause: Default::default(),
        };
        let open = super::counter_pause::open(&screen.backend).map(Message::Pause);
        if let Some(d) = super::draft::load(&screen.backend) {
            let intake = d.restore(&screen.backend);
            screen.say(
                tf("counter-resumed", &[("number", s(&intake.ticket.number))]),
                Tone::Info,
            );
            screen.current = Some(intake.ticket.clone());
            let at_print = intake.step == intake::Step::Print;
            screen.intake = Some(intake);
            if at_print {
                let preview = Task::done(Message::Intake(intake::Message::Preview));
                return (
                    screen,
                    Task::batch([
                        Task::done(Message::Refresh),
                        Task::done(Message::LoadVisits),
                        preview,
                        open,
                    ]),
                );
            }
        }
        (
            screen,
            Task::batch([
                Task::done(Message::Refresh),
                Task::done(Message::LoadVisits),
                open,
            ]),
        )
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

    fn say(&mut self, text: String, tone: Tone) {
        self.notice = Some(text);
        self.notice_tone = tone;
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        // A clerk's action makes the last notice stale.
        if matches!(
            message,
            Message::CallNext
                | Message::Act(_)
                | Message::StartIntake
                | Message::Transfer(_)
                | Message::WalkIn
                | Message::Reprint(_)
                | Message::Reopen(_)
                | Message::DismissNotice
        ) || matches!(&message, Message::Intake(m) if !m.is_background())
        {
            self.notice = None;
        }
        match message {
            Message::Tick if self.live => return self.save_draft(),
            Message::Tick => return self.update(Message::Refresh),
            Message::Live(super::live::Live::Changed) => {
                // Just (re)connected: the stages may have moved meanwhile too.
                let was_live = std::mem::replace(&mut self.live, true);
                let statuses = (!was_live).then(|| self.update(Message::LoadStatuses));
                return Task::batch([
                    self.update(Message::Refresh),
                    statuses.unwrap_or_else(Task::none),
                ]);
            }
            Message::Live(super::live::Live::Procedures) => {
                self.live = true;
                return self.update(Message::LoadStatuses);
            }
            Message::Live(super::live::Live::Disconnected) => self.live = false,
            // Another counter paused or closed: nothing to show here.
            Message::Live(super::live::Live::Counters) => self.live = true,
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
            // Only this counter adds to its visits: read them when it does, not
            // on every tick.
            Message::LoadVisits => return self.run(|c| c.cases_today(), Message::Visits),
            Message::Visits(Ok(v)) => {
                self.visits = v;
                return self.update(Message::LoadStatuses);
            }
            Message::LoadStatuses => {
                let b = self.backend.clone();
                return Task::perform(
                    blocking(move || super::counter_visits::load_progress(&b)),
                    Message::Statuses,
                );
            }
            Message::Statuses(Ok(p)) => {
                self.statuses = p.today;
                self.returned = p.returned;
            }
            // Offline: what was last read stays.
            Message::Statuses(Err(_)) => {}
            Message::AnswerTyped(case, procedure, text) => {
                self.answers.insert((case, procedure), text);
            }
            Message::Answer(case, procedure) => {
                let note = self
                    .answers
                    .get(&(case.clone(), procedure.clone()))
                    .map(|a| a.trim().to_string())
                    .unwrap_or_default();
                if note.is_empty() {
                    self.say(t("returned-needs-answer"), Tone::Danger);
                    return Task::none();
                }
                let b = self.backend.clone();
                return Task::perform(
                    blocking(move || {
                        b.hub
                            .step(&case, &procedure, &crate::processing::Step::Answer { note })
                            .map_err(|e| super::tr::problem(&e.to_string()))
                    }),
                    Message::Answered,
                );
            }
            Message::Answered(Ok(p)) => {
                self.answers
                    .remove(&(p.case_id.clone(), p.procedure.clone()));
                self.returned
                    .retain(|r| !(r.case_id == p.case_id && r.procedure == p.procedure));
                self.say(
                    tf(
                        "returned-answered",
                        &[("case", s(&p.case_id)), ("title", s(&p.title))],
                    ),
                    Tone::Success,
                );
                return self.update(Message::LoadStatuses);
            }
            Message::Answered(Err(e)) => self.say(e, Tone::Danger),
            Message::Visits(Err(_)) => {}
            Message::Reprint(id) => {
                let Some(case) = self.visits.iter().find(|c| c.id == id).cloned() else {
                    return Task::none();
                };
                let b = self.backend.clone();
                return Task::perform(
                    blocking(move || super::counter_visits::reprint(&b, &case)),
                    Message::Reprinted,
                );
            }
            Message::Reprinted(Ok(said)) => self.say(said, Tone::Success),
            Message::Reprinted(Err(e)) => self.say(e, Tone::Danger),
            Message::Reopen(id) => {
                if self.intake.is_some() || self.current.is_none() {
                    self.say(t("visits-reopen-needs-ticket"), Tone::Info);
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
                self.say(tf("visits-reopened", &[("case", s(&id))]), Tone::Info);
                if cur.state == TicketState::Called {
                    let ticket = cur.id.clone();
                    return self.run(move |c| c.act(&ticket, TicketAction::Start), Message::Acted);
                }
            }
            Message::Reopened(_, Ok(false)) => self.say(t("visits-taken"), Tone::Danger),
            Message::Reopened(_, Err(e)) => self.say(super::tr::problem(&e), Tone::Danger),
            Message::Transfer(category) => {
                if self.intake.is_some() {
                    self.pending_transfer = Some(category);
                    return Task::none();
                }
                return self.update(Message::Act(TicketAction::Transfer {
                    category: Some(category),
                    counter: None,
                }));
            }
            Message::ConfirmTransfer => {
                let Some(category) = self.pending_transfer.take() else {
                    return Task::none();
                };
                self.intake = None;
                self.draft_dirty = true;
                return self.update(Message::Act(TicketAction::Transfer {
                    category: Some(category),
                    counter: None,
                }));
            }
            Message::CancelTransfer => self.pending_transfer = None,
            Message::WalkIn => {
                if self.current.is_none() && !self.busy {
                    self.choosing_walk_in = true;
                }
            }
            Message::CancelWalkIn => self.choosing_walk_in = false,
            Message::WalkInCategory(category) => {
                self.choosing_walk_in = false;
                if self.current.is_some() || self.busy {
                    return Task::none();
                }
                self.busy = true;
                return self.run(
                    move |c| {
                        let ticket = c.issue_ticket(&category, false)?;
                        let counter = c.id.clone();
                        c.act(&ticket.id, TicketAction::Call { counter })
                    },
                    Message::WalkInCalled,
                );
            }
            Message::WalkInCalled(Ok(ticket)) => {
                self.busy = false;
                self.say(
                    tf("counter-walk-in-issued", &[("number", s(&ticket.number))]),
                    Tone::Success,
                );
                self.current = Some(ticket);
                return Task::done(Message::Refresh);
            }
            Message::DismissNotice => {}
            Message::NoShow => {
                self.asking_no_show = self
                    .current
                    .as_ref()
                    .is_some_and(|t| t.state == TicketState::Called);
            }
            Message::CancelNoShow => self.asking_no_show = false,
            Message::ConfirmNoShow => {
                self.asking_no_show = false;
                return self.update(Message::Act(TicketAction::NoShow));
            }
            Message::DraftSaved(Ok(())) => {}
            Message::DraftSaved(Err(e)) => {
                self.draft_dirty = true;
                self.say(
                    tf(
                        "counter-draft-failed",
                        &[("error", s(super::tr::problem(&e)))],
                    ),
                    Tone::Danger,
                );
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
            Message::Pause(m) => {
                return self.pause.update(&self.backend, m).map(Message::Pause);
            }
            Message::CallNext => {
                if self.busy || self.current.is_some() || self.pause.paused() {
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
                self.say(t("counter-nobody-waiting"), Tone::Info);
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
                let mut intake = Intake::new(cur.clone());
                intake.served_today = self
                    .visits
                    .iter()
                    .filter_map(|c| c.household_id.clone().map(|h| (h, c.id.clone())))
                    .collect();
                self.intake = Some(intake);
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
                self.say(t("counter-finished"), Tone::Success);
                return Task::batch([
                    Task::done(Message::Refresh),
                    Task::done(Message::LoadVisits),
                ]);
            }
            Message::Refreshed(Err(e))
            | Message::Called(Err(e))
            | Message::Acted(Err(e))
            | Message::WalkInCalled(Err(e))
            | Message::CaseQueued(Err(e)) => {
                self.busy = false;
                self.say(super::tr::problem(&e), Tone::Danger);
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
