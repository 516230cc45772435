//! The floor manager's board: per category the service level against its
//! target, wait buckets and alerts (a ticket past the target, or one the
//! forecast says will pass it) to acknowledge; each counter serving, paused
//! with a reason, idle or closed; re-route or prioritise a waiting ticket.
//! A supervisor also sets the targets and sees the one-stop measures.

mod measures;
mod view;

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use iced::Task;

use super::backend::Backend;
use super::blocking;
use super::live::{Live, LiveQueue, QueueMessage};
use crate::api::{CounterChange, CounterMode, Role, Ticket, TicketAction, TicketActionRequest};
use crate::service_level::{AlertKind, Target};

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
    /// The day's changes of the counters' modes.
    pub counters: Vec<CounterChange>,
    /// Alerts the floor manager acknowledged (ticket id, kind).
    pub acked: HashSet<(String, AlertKind)>,
    /// The time the board goes by (the hub's clock; a simulated one in tests).
    pub now: DateTime<Utc>,
    /// A supervisor's view of the day's cases (one-stop measures).
    pub one_stop: Option<crate::measures::OneStop>,
    /// The last write of the floor failed.
    pub problem: Option<String>,
    ticks: u32,
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
    /// The app's tick: the clock moves (alerts come due), the counters reload.
    Tick,
    Counters(Result<Vec<CounterChange>, String>),
    OneStop(Result<crate::measures::OneStop, String>),
    Acknowledge(String, AlertKind),
    SetCounter(String, CounterMode),
    CounterSet(Result<CounterChange, String>),
    SetTarget(String, Target),
    TargetSet(Result<crate::api::Category, String>),
}

/// The counters reload every so many ticks (2 s each) besides on changes.
const COUNTERS_EVERY: u32 = 5;

impl Floor {
    pub fn new(backend: Arc<Backend>) -> (Floor, Task<Message>) {
        (
            Floor {
                backend,
                queue: LiveQueue::default(),
                tally: None,
                printing_tally: false,
                processing: None,
                counters: Vec::new(),
                acked: HashSet::new(),
                now: crate::clock::now(),
                one_stop: None,
                problem: None,
                ticks: 0,
            },
            Task::done(Message::Queue(QueueMessage::Refresh)),
        )
    }

    fn supervisor(&self) -> bool {
        matches!(self.backend.login.role, Role::Supervisor | Role::Admin)
    }

    /// The counters' modes, and for a supervisor the day's one-stop measures.
    fn reload_side(&self) -> Task<Message> {
        Task::batch([self.reload_counters(), self.reload_one_stop()])
    }

    fn reload_counters(&self) -> Task<Message> {
        let b = self.backend.clone();
        Task::perform(
            blocking(move || b.hub.counter_log(None).map_err(|e| e.to_string())),
            Message::Counters,
        )
    }

    /// The day's cases summed for a supervisor: on the tick and on a refresh,
    /// not on every ticket a busy floor moves.
    fn reload_one_stop(&self) -> Task<Message> {
        if !self.supervisor() {
            return Task::none();
        }
        let b = self.backend.clone();
        Task::perform(
            blocking(move || {
                let day = crate::api::japan_day(crate::clock::now());
                b.hub
                    .cases_of_day(day)
                    .map(|cs| crate::measures::one_stop(cs.iter()))
                    .map_err(|e| e.to_string())
            }),
            Message::OneStop,
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
                            let today = crate::handoff::japan_day(crate::clock::now());
                            Ok(crate::processing::StageCounts::of(&open, today))
                        }),
                        Message::Processing,
                    )
                });
                let side = match m {
                    QueueMessage::Refresh => Some(self.reload_side()),
                    QueueMessage::Live(Live::Changed | Live::Counters) => {
                        Some(self.reload_counters())
                    }
                    _ => None,
                };
                self.now = crate::clock::now();
                return Task::batch([
                    self.queue.update(&self.backend, m).map(Message::Queue),
                    counts.unwrap_or_else(Task::none),
                    side.unwrap_or_else(Task::none),
                ]);
            }
            Message::Tick => {
                self.now = crate::clock::now();
                self.ticks = self.ticks.wrapping_add(1);
                if self.ticks.is_multiple_of(COUNTERS_EVERY) {
                    return self.reload_side();
                }
            }
            Message::Counters(Ok(c)) => self.counters = c,
            Message::Counters(Err(_)) | Message::OneStop(Err(_)) => {}
            Message::OneStop(Ok(m)) => self.one_stop = Some(m),
            Message::Acknowledge(id, kind) => {
                self.acked.insert((id, kind));
            }
            Message::SetCounter(counter, mode) => {
                let b = self.backend.clone();
                return Task::perform(
                    blocking(move || {
                        b.hub
                            .set_counter(&counter, mode, None)
                            .map_err(|e| e.to_string())
                    }),
                    Message::CounterSet,
                );
            }
            Message::CounterSet(Ok(_)) => {
                self.problem = None;
                return self.reload_side();
            }
            Message::CounterSet(Err(e)) | Message::TargetSet(Err(e)) => self.problem = Some(e),
            Message::SetTarget(category, target) => {
                if target.check().is_err() {
                    return Task::none();
                }
                let b = self.backend.clone();
                return Task::perform(
                    blocking(move || {
                        b.hub
                            .set_target(&category, target)
                            .map_err(|e| e.to_string())
                    }),
                    Message::TargetSet,
                );
            }
            Message::TargetSet(Ok(_)) => {
                self.problem = None;
                return Task::done(Message::Queue(QueueMessage::Refresh));
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
}
