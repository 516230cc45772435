//! The guided intake for a called ticket: find the household → the event and
//! its facts → the procedures (with reasons, deadlines, windows; what does not
//! apply, and why) → print the batch → finish. Steps go back without losing entries.

use std::sync::Arc;

use chrono::Utc;
use iced::widget::{button, column, container, row, scrollable, text, text_input, Space};
use iced::{Element, Length, Task};

use std::sync::atomic::{AtomicBool, Ordering};

use super::backend::Backend;
use super::blocking;
use super::event_step;
use super::new_household::{self, NewHousehold};
use super::newborn::Newborn;
use super::printing::{self, PrintView};
use super::procedures;
use super::tr::{s, t, tf};
use crate::api::{CaseSubmission, HouseholdRecord, ResidentHit, ResidentQuery, Ticket};
use crate::events::Role;
use crate::model::EventKind;
use crate::print::preview::PagePreview;
use crate::visit::printing::Output;
use crate::visit::{EventEntry, Finish, Printed, Visit, VisitError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Step {
    Find,
    Event,
    Procedures,
    Print,
}

impl Step {
    pub const ALL: [Step; 4] = [Step::Find, Step::Event, Step::Procedures, Step::Print];
    fn label(self) -> String {
        t(match self {
            Step::Find => "step-find",
            Step::Event => "step-event",
            Step::Procedures => "step-procedures",
            Step::Print => "step-print",
        })
    }
}

pub use crate::visit::NEW_HOUSEHOLD_PREFIX;

pub struct Intake {
    pub ticket: Ticket,
    pub step: Step,
    pub query: String,
    pub hits: Vec<ResidentHit>,
    /// What the last search was for, when it found no one (said where the hits would be).
    pub no_match: Option<String>,
    pub from_cache: bool,
    /// The form for a household not in the registry (a move-in from outside the city).
    pub new_household: Option<NewHousehold>,
    /// The visit itself: household, request, determination, confirmed, printed.
    pub visit: Visit,
    /// The event's facts as typed.
    pub entry: EventEntry,
    /// The baby of a birth, entered at the event step.
    pub newborn: Newborn,
    pub show_not_applicable: bool,
    pub print: PrintView,
    pub error: Option<String>,
    /// Households this counter served today, with their case ids: a hit of
    /// one is marked, so a household is not served twice by mistake.
    pub served_today: Vec<(String, String)>,
    /// The search found more than it shows.
    pub more_hits: bool,
}

/// Hits shown at most; more asks the clerk to narrow the search.
pub const HITS_SHOWN: usize = 30;

#[derive(Debug, Clone)]
pub enum Message {
    Query(String),
    Search,
    Found(Result<(Vec<ResidentHit>, bool), String>),
    Pick(String),
    Loaded(Result<Option<HouseholdRecord>, String>),
    /// Open the form for a new household.
    EnterNew,
    New(new_household::Message),
    Event(event_step::Message),
    Procedures(procedures::Message),
    Print(printing::Message),
    Next,
    Back,
    /// Pages laid out so far, of the total.
    PrintProgress(usize, usize),
    /// What was printed (also when only the spooler failed), and what went wrong.
    Printed(Option<Printed>, Option<VisitError>),
    /// Lay the batch out for the preview.
    Preview,
    Previewed(Result<Arc<Vec<PagePreview>>, String>),
    ScansChecked(Result<Vec<printing::ScanRead>, String>),
}

impl Message {
    /// An answer from background work, not something the clerk did.
    pub fn is_background(&self) -> bool {
        matches!(
            self,
            Message::Found(_)
                | Message::Loaded(_)
                | Message::PrintProgress(..)
                | Message::Printed(..)
                | Message::Previewed(_)
                | Message::ScansChecked(_)
        )
    }
}

/// What the intake asks of the counter screen.
pub enum Action {
    None,
    Run(Task<Message>),
    /// The case is handed over: finish the ticket.
    Finished(Box<CaseSubmission>),
}

impl Intake {
    pub fn new(ticket: Ticket) -> Intake {
        let today = crate::api::japan_day(Utc::now());
        Intake {
            visit: Visit::new(case_id(&ticket), Utc::now()),
            ticket,
            step: Step::Find,
            query: String::new(),
            hits: Vec::new(),
            no_match: None,
            from_cache: false,
            new_household: None,
            entry: EventEntry::new(EventKind::MoveIn, today),
            newborn: Newborn::default(),
            show_not_applicable: false,
            print: PrintView::default(),
            error: None,
            served_today: Vec::new(),
            more_hits: false,
        }
    }

    /// The case of today's visit that served this household, if any.
    pub fn served(&self, household_id: &str) -> Option<&str> {
        self.served_today
            .iter()
            .find(|(h, _)| h == household_id)
            .map(|(_, case)| case.as_str())
    }

    /// A case sent earlier today, opened again at the counter for `ticket`
    /// (the resident came back): its procedures as confirmed, to print again
    /// and send as the case's next revision.
    pub fn reopen(ticket: Ticket, case: &CaseSubmission) -> Intake {
        let mut i = Intake::new(ticket);
        i.visit = Visit::reopen(case, None);
        i.entry = EventEntry::of_request(&case.request);
        i.step = Step::Procedures;
        i
    }

    /// Whether the Next button is enabled on the current step.
    pub fn can_continue(&self) -> bool {
        match self.step {
            Step::Find => self.visit.household.is_some(),
            Step::Event => {
                self.entry.ready() && (self.entry.kind != EventKind::Birth || self.newborn.ready())
            }
            Step::Procedures => self.visit.determination.is_some(),
            Step::Print => false,
        }
    }

    /// Build the request from the entries and run the rule engine (local, pure).
    pub fn determine(&mut self, backend: &Backend) -> Result<(), String> {
        let household = self
            .visit
            .household
            .as_ref()
            .ok_or_else(|| t("find-not-found"))?
            .household
            .clone();
        let mut newborn = None;
        let mut entry = self.entry.clone();
        if entry.kind == EventKind::Birth {
            let date = entry.event().map_err(|e| super::tr::visit_error(&e))?.date;
            newborn = Some(
                self.newborn
                    .member(date, &household)
                    .filter(|_| self.newborn.ready())
                    .ok_or_else(|| t("newborn-missing"))?,
            );
            let mother: Vec<String> = self.newborn.mother.iter().cloned().collect();
            entry.roles.insert(Role::Mother.name().to_string(), mother);
        }
        let as_of = crate::api::japan_day(Utc::now());
        self.visit
            .determine(&entry, newborn, as_of, &backend.rules())
            .map(|_| ())
            .map_err(|e| super::tr::visit_error(&e))
    }

    pub fn update(&mut self, message: Message, backend: &Arc<Backend>) -> Action {
        self.error = None;
        match message {
            Message::Query(q) => self.query = q,
            Message::Search => {
                let q = ResidentQuery {
                    ticket: Some(self.ticket.number.clone()),
                    // One more than shown: whether there are more is said.
                    limit: Some(HITS_SHOWN as u32 + 1),
                    ..crate::client::search_text::parse(&self.query)
                };
                if q.kana.is_none() && q.name.is_none() && q.birth_date.is_none() {
                    self.error = Some(t("find-empty"));
                    return Action::None;
                }
                let b = backend.clone();
                return Action::Run(Task::perform(
                    blocking(move || b.with_counter(|c| c.search(&q))),
                    Message::Found,
                ));
            }
            Message::Found(Ok((mut hits, cached))) => {
                self.no_match = hits.is_empty().then(|| self.query.trim().to_string());
                self.more_hits = hits.len() > HITS_SHOWN;
                hits.truncate(HITS_SHOWN);
                self.hits = hits;
                self.from_cache = cached;
            }
            Message::Pick(id) => {
                let b = backend.clone();
                let ticket = self.ticket.number.clone();
                return Action::Run(Task::perform(
                    blocking(move || b.with_counter(|c| c.household(&id, Some(&ticket)))),
                    Message::Loaded,
                ));
            }
            Message::Loaded(Ok(Some(h))) => {
                // Served already today: said on the next step too.
                self.error = self
                    .served(&h.id)
                    .map(|case| tf("find-served-today", &[("case", s(case))]));
                self.visit.set_household(h);
                self.step = Step::Event;
            }
            Message::Loaded(Ok(None)) => self.error = Some(t("find-not-found")),
            Message::EnterNew => {
                self.new_household.get_or_insert_with(NewHousehold::default);
                return Action::Run(iced::widget::operation::focus("new_postal"));
            }
            Message::New(m) => {
                let Some(form) = self.new_household.as_mut() else {
                    return Action::None;
                };
                let id = format!("{NEW_HOUSEHOLD_PREFIX}{}", self.visit.case_id);
                match form.update(m, &id, crate::api::japan_day(Utc::now())) {
                    new_household::Outcome::None => {}
                    // Said under the field it is about, by the form itself.
                    new_household::Outcome::Invalid(_) => {}
                    new_household::Outcome::Cancel => {
                        self.new_household = None;
                        if self.visit.household_is_new() {
                            self.visit.household = None;
                        }
                    }
                    new_household::Outcome::Use(record) => {
                        self.visit.set_household(*record);
                        self.entry.kind = EventKind::MoveIn;
                        self.step = Step::Event;
                    }
                }
            }
            Message::Found(Err(e)) | Message::Loaded(Err(e)) => self.error = Some(e),
            Message::Event(event_step::Message::Submit) => {
                if self.can_continue() {
                    return self.update(Message::Next, backend);
                }
            }
            Message::Event(m) => event_step::update(&mut self.entry, &mut self.newborn, m),
            Message::Procedures(procedures::Message::Toggle(id, on)) => {
                if let Err(e) = self.visit.confirm(&id, on) {
                    self.error = Some(super::tr::visit_error(&e));
                }
            }
            Message::Procedures(procedures::Message::ShowNotApplicable(on)) => {
                self.show_not_applicable = on
            }
            Message::Next => match self.step {
                Step::Find if self.can_continue() => self.step = Step::Event,
                Step::Event => match self.determine(backend) {
                    Ok(()) => self.step = Step::Procedures,
                    Err(e) => self.error = Some(e),
                },
                Step::Procedures => {
                    self.step = Step::Print;
                    return self.update(Message::Preview, backend);
                }
                _ => {}
            },
            Message::Back => {
                self.print.asking_finish = false;
                self.step = match self.step {
                    Step::Find | Step::Event => Step::Find,
                    Step::Procedures => Step::Event,
                    Step::Print => Step::Procedures,
                }
            }
            Message::Print(m) => return self.print_step(m, backend),
            Message::PrintProgress(done, total) => self.print.progress = Some((done, total)),
            Message::Printed(printed, error) => {
                self.print.printing = false;
                if let Some(p) = printed.filter(|p| p.confirmed == self.visit.confirmed) {
                    self.print.done = Some(printed_where(&p));
                    self.visit.printed = Some(p);
                }
                self.error = error.map(|e| super::tr::visit_error(&e));
            }
            Message::Preview => {
                self.print.preview = None;
                self.print.preview_page = 0;
                let (b, visit) = (backend.clone(), self.visit.clone());
                return Action::Run(Task::perform(
                    blocking(move || {
                        visit
                            .preview(&b.rules())
                            .map(Arc::new)
                            .map_err(|e| super::tr::visit_error(&e))
                    }),
                    Message::Previewed,
                ));
            }
            Message::Previewed(r) => self.print.preview = Some(r),
            Message::ScansChecked(r) => self.print.scans = Some(r),
        }
        Action::None
    }

    /// The print step's buttons.
    fn print_step(&mut self, m: printing::Message, backend: &Arc<Backend>) -> Action {
        match m {
            printing::Message::Print => {
                if self.print.printing || self.visit.determination.is_none() {
                    return Action::None;
                }
                self.print.printing = true;
                self.print.progress = None;
                self.print.asking_finish = false;
                self.print.cancel = Arc::new(AtomicBool::new(false));
                let (b, mut visit, cancel) = (
                    backend.clone(),
                    self.visit.clone(),
                    self.print.cancel.clone(),
                );
                // Rendering reports each page; the window shows it as it goes.
                let (tx, rx) = iced::futures::channel::mpsc::unbounded();
                std::thread::spawn(move || {
                    let progress = tx.clone();
                    let path = crate::visit::printing::batch_path(&b.out_dir, &visit.case_id);
                    let out = Output {
                        path: &path,
                        printer: b.settings.printer.as_deref(),
                        cancel: &cancel,
                        now: Utc::now(),
                    };
                    let result = visit.print(&b.rules(), &out, &mut |p| {
                        let _ = progress.unbounded_send(Message::PrintProgress(p.done, p.total));
                    });
                    let error = result.err();
                    let _ = tx.unbounded_send(Message::Printed(visit.printed.clone(), error));
                });
                return Action::Run(Task::run(rx, |m| m));
            }
            printing::Message::CancelPrint => {
                self.print.cancel.store(true, Ordering::Relaxed);
            }
            printing::Message::PreviewPage(n) => self.print.preview_page = n,
            printing::Message::PreviewZoom(on) => self.print.preview_zoomed = on,
            printing::Message::CheckScans => {
                // The last answer goes at once: a fixed scan is not shown as broken.
                self.print.scans = None;
                let (folder, since) = (backend.scan_folder.clone(), self.visit.started.into());
                return Action::Run(Task::perform(
                    blocking(move || {
                        let files = crate::client::scans::found(&folder, since)?;
                        let mut read = Vec::with_capacity(files.len());
                        for f in files {
                            crate::client::scans::check(&f.path)
                                .map_err(|e| super::printing::scan_problem(&e))?;
                            let page = crate::scan_pages::read_page(&f.path)?;
                            read.push(printing::ScanRead { name: f.name, page });
                        }
                        Ok(read)
                    }),
                    Message::ScansChecked,
                ));
            }
            printing::Message::Finish if self.visit.unprinted() => {
                self.print.asking_finish = true;
            }
            printing::Message::KeepOpen => self.print.asking_finish = false,
            printing::Message::Finish | printing::Message::FinishWithoutPrint => {
                let how = if self.visit.unprinted() {
                    Finish::WithoutPrint
                } else {
                    Finish::Printed
                };
                self.print.asking_finish = false;
                match self.visit.finish(
                    how,
                    Some(&self.ticket),
                    &backend.settings.counter_id,
                    Utc::now(),
                ) {
                    Ok(case) => return Action::Finished(Box::new(case)),
                    Err(e) => self.error = Some(super::tr::visit_error(&e)),
                }
            }
        }
        Action::None
    }

    pub fn view(&self) -> Element<'_, Message> {
        let steps = row(Step::ALL.iter().map(|s| {
            let label = text(s.label()).size(15);
            let style = if *s == self.step {
                container::rounded_box
            } else {
                container::transparent
            };
            container(label).padding([4, 10]).style(style).into()
        }))
        .spacing(6);
        let body: Element<'_, Message> = match self.step {
            Step::Find => self.view_find(),
            Step::Event => {
                event_step::view(&self.entry, &self.newborn, self.visit.household.as_ref())
                    .map(Message::Event)
            }
            Step::Procedures => {
                procedures::view(&self.visit, self.show_not_applicable).map(Message::Procedures)
            }
            Step::Print => printing::view(&self.visit, &self.print).map(Message::Print),
        };
        let back = button(text(t("back")))
            .on_press_maybe((self.step != Step::Find).then_some(Message::Back));
        let next = button(text(t("next")))
            .style(button::primary)
            .on_press_maybe(self.can_continue().then_some(Message::Next));
        let error = self
            .error
            .as_ref()
            .map(|e| text(e.clone()).style(text::danger));
        column![
            text(tf("intake-title", &[("number", s(&self.ticket.number))])).size(22),
            steps,
            container(body).height(Length::Fill),
            column![].push(error),
            row![back, Space::new().width(Length::Fill), next].spacing(10),
        ]
        .spacing(12)
        .into()
    }

    fn view_find(&self) -> Element<'_, Message> {
        if let Some(form) = &self.new_household {
            return scrollable(form.view().map(Message::New)).into();
        }
        let search = text_input(&t("find-placeholder"), &self.query)
            .id("kana")
            .on_input(Message::Query)
            .on_submit(Message::Search);
        let today = crate::api::japan_day(Utc::now());
        let hits = column(self.hits.iter().map(|h| {
            let age = crate::japanese::legal_dates::age(h.birth_date, today);
            let relation = if h.relation.is_empty() {
                String::new()
            } else if h.relation == "head" {
                t("relation-head")
            } else {
                tf(
                    "find-relation",
                    &[
                        ("relation", s(t(&format!("relation-{}", h.relation)))),
                        ("head", s(&h.head)),
                    ],
                )
            };
            let served = self.served(&h.household_id).map(|case| {
                text(tf("find-served-today", &[("case", s(case))]))
                    .size(13)
                    .style(text::danger)
            });
            button(
                column![
                    text(tf(
                        "find-hit",
                        &[
                            ("name", s(&h.name)),
                            ("kana", s(&h.kana)),
                            ("born", s(super::tr::date(h.birth_date))),
                            ("age", age.into()),
                            ("relation", s(relation)),
                        ],
                    ))
                    .size(15),
                    text(format!("{}{}", h.ward, h.address)).size(13),
                ]
                .push(served)
                .spacing(2),
            )
            .width(Length::Fill)
            .style(button::secondary)
            .on_press(Message::Pick(h.household_id.clone()))
            .into()
        }))
        .spacing(4);
        let note = self
            .from_cache
            .then(|| text(t("find-offline")).style(text::warning));
        let more = self
            .more_hits
            .then(|| text(tf("find-more", &[("count", HITS_SHOWN.into())])).style(text::warning));
        let no_match = self
            .no_match
            .as_ref()
            .map(|q| text(tf("find-no-match", &[("query", s(q))])));
        let new = button(text(t("find-new-household")))
            .style(button::secondary)
            .on_press(Message::EnterNew);
        column![row![
            search,
            button(text(t("find-search"))).on_press(Message::Search),
            new
        ]
        .spacing(8)]
        .push(note)
        .push(more)
        .push(no_match)
        .push(scrollable(hits).height(Length::Fill))
        .spacing(10)
        .into()
    }
}

/// A household entered at the counter rather than found in the registry.
pub fn is_new(h: &HouseholdRecord) -> bool {
    h.id.starts_with(NEW_HOUSEHOLD_PREFIX)
}

pub use crate::visit::case_id;

/// Where a printed batch went, in the clerk's words.
pub(super) fn printed_where(p: &Printed) -> String {
    let path = s(p.path.display());
    match &p.printer {
        Some(printer) => tf(
            "print-sent",
            &[
                ("printer", s(printer)),
                ("pages", p.pages.into()),
                ("path", path),
            ],
        ),
        None => tf(
            "print-saved-only",
            &[("pages", p.pages.into()), ("path", path)],
        ),
    }
}
