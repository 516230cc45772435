//! The guided intake for a called ticket: find the household → the event and
//! its dates → the procedures (with reasons, deadlines, windows; what does not
//! apply, and why) → print the batch → finish. Steps go back without losing entries.

use std::sync::Arc;

use chrono::Utc;
use iced::widget::{button, column, container, row, scrollable, text, text_input, Space};
use iced::{Element, Length, Task};

use super::backend::Backend;
use super::blocking;
use super::new_household::{self, NewHousehold};
use super::newborn::{self, Newborn};
use super::tr::{s, t, tf};
use crate::api::{
    CaseSubmission, CaseTimings, HouseholdRecord, ResidentHit, ResidentQuery, Ticket,
};
use crate::engine::Determination;
use crate::model::{Event, EventKind, Request};
use crate::print::preview::PagePreview;

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

/// The events the clerk chooses from, with their text ids.
pub const EVENTS: [(EventKind, &str); 4] = [
    (EventKind::MoveIn, "event-move-in"),
    (EventKind::MoveWithin, "event-move-within"),
    (EventKind::MoveOut, "event-move-out"),
    (EventKind::Birth, "event-birth"),
];

/// Households entered at the counter (not from the registry) have ids with this prefix.
pub const NEW_HOUSEHOLD_PREFIX: &str = "new-";

pub struct Intake {
    pub ticket: Ticket,
    pub step: Step,
    pub query: String,
    pub hits: Vec<ResidentHit>,
    /// What the last search was for, when it found no one (said where the hits would be).
    pub no_match: Option<String>,
    pub from_cache: bool,
    pub household: Option<HouseholdRecord>,
    /// The form for a household not in the registry (a move-in from outside the city).
    pub new_household: Option<NewHousehold>,
    pub event: EventKind,
    pub event_date: String,
    pub planned_move_out: String,
    pub from_prefecture: String,
    /// The baby of a birth, entered at the event step.
    pub newborn: Newborn,
    pub determination: Option<Determination>,
    pub request: Option<Request>,
    pub confirmed: Vec<String>,
    pub show_not_applicable: bool,
    pub printed: Option<String>,
    pub printing: bool,
    /// Pages laid out so far, of the total, while printing.
    pub progress: Option<(usize, usize)>,
    pub error: Option<String>,
    pub started: chrono::DateTime<Utc>,
    pub printed_at: Option<chrono::DateTime<Utc>>,
    /// Signed pages found in the scan folder since the visit began.
    pub scans: Option<Result<Vec<crate::client::scans::ScanFile>, String>>,
    /// The batch's pages as they will print, laid out on entering the print step.
    pub preview: Option<Result<Arc<Vec<PagePreview>>, String>>,
    /// The page shown, and whether it is shown large.
    pub preview_page: usize,
    pub preview_zoomed: bool,
}

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
    EventKind(EventKind),
    EventDate(String),
    PlannedMoveOut(String),
    FromPrefecture(String),
    Newborn(newborn::Message),
    Toggle(String, bool),
    ShowNotApplicable(bool),
    Next,
    Back,
    Print,
    /// Pages laid out so far, of the total.
    PrintProgress(usize, usize),
    Printed(Result<String, String>),
    /// Lay the batch out for the preview.
    Preview,
    Previewed(Result<Arc<Vec<PagePreview>>, String>),
    PreviewPage(usize),
    PreviewZoom(bool),
    /// Look in the scan folder for the signed pages.
    CheckScans,
    ScansChecked(Result<Vec<crate::client::scans::ScanFile>, String>),
    Finish,
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
            ticket,
            step: Step::Find,
            query: String::new(),
            hits: Vec::new(),
            no_match: None,
            from_cache: false,
            household: None,
            new_household: None,
            event: EventKind::MoveIn,
            event_date: today.to_string(),
            planned_move_out: String::new(),
            from_prefecture: String::new(),
            newborn: Newborn::default(),
            determination: None,
            request: None,
            confirmed: Vec::new(),
            show_not_applicable: false,
            printed: None,
            printing: false,
            progress: None,
            error: None,
            started: Utc::now(),
            printed_at: None,
            scans: None,
            preview: None,
            preview_page: 0,
            preview_zoomed: false,
        }
    }

    /// Whether the Next button is enabled on the current step.
    pub fn can_continue(&self) -> bool {
        match self.step {
            Step::Find => self.household.is_some(),
            Step::Event => {
                let planned_reads = !self.asks_move_in_details()
                    || self.planned_move_out.trim().is_empty()
                    || crate::japanese::wareki::parse_date(&self.planned_move_out).is_ok();
                crate::japanese::wareki::parse_date(&self.event_date).is_ok()
                    && planned_reads
                    && (self.event != EventKind::Birth || self.newborn.ready())
            }
            Step::Procedures => self.determination.is_some(),
            Step::Print => false,
        }
    }

    /// Whether the event step asks for the move-out certificate's date and the previous
    /// prefecture (a move-in only; what was typed there stays if the kind is switched
    /// back, but is not sent with another kind).
    pub fn asks_move_in_details(&self) -> bool {
        self.event == EventKind::MoveIn
    }

    /// Build the request from the entries and run the rule engine (local, pure).
    pub fn determine(&mut self, backend: &Backend) -> Result<(), String> {
        let household = self
            .household
            .as_ref()
            .ok_or("no household")?
            .household
            .clone();
        let date = crate::japanese::wareki::parse_date(&self.event_date).map_err(|e| {
            tf(
                "event-date-error",
                &[("error", s(super::tr::date_error(&e)))],
            )
        })?;
        let move_in = self.asks_move_in_details();
        let planned = match self.planned_move_out.trim() {
            _ if !move_in => None,
            "" => None,
            typed => Some(crate::japanese::wareki::parse_date(typed).map_err(|e| {
                tf(
                    "event-planned-error",
                    &[("error", s(super::tr::date_error(&e)))],
                )
            })?),
        };
        let mut household = household;
        let (mut newborn_id, mut mother_id) = (None, None);
        if self.event == EventKind::Birth {
            if !self.newborn.ready() {
                return Err(t("newborn-missing"));
            }
            let baby = self
                .newborn
                .member(date, &household)
                .ok_or_else(|| t("newborn-missing"))?;
            household.members.retain(|m| m.id != newborn::NEWBORN_ID);
            household.members.push(baby);
            newborn_id = Some(newborn::NEWBORN_ID.to_string());
            mother_id = self.newborn.mother.clone();
        }
        let request = Request {
            as_of: crate::api::japan_day(Utc::now()),
            event: Event {
                planned_move_out_date: planned,
                from_prefecture: Some(self.from_prefecture.trim().to_string())
                    .filter(|s| move_in && !s.is_empty()),
                newborn_id,
                mother_id,
                ..Event::on(self.event, date)
            },
            household,
        };
        crate::input::validate(&request).map_err(|e| e.to_string())?;
        let catalog = backend
            .catalogs
            .in_effect(request.as_of)
            .ok_or_else(|| t("event-no-catalog"))?;
        let d = crate::determine(
            &request,
            catalog,
            &backend.texts,
            &backend.settings.language,
        );
        self.confirmed = crate::engine::default_confirmed(&d);
        self.determination = Some(d);
        self.request = Some(request);
        Ok(())
    }

    pub fn update(&mut self, message: Message, backend: &Arc<Backend>) -> Action {
        self.error = None;
        match message {
            Message::Query(q) => self.query = q,
            Message::Search => {
                let q = ResidentQuery {
                    ticket: Some(self.ticket.number.clone()),
                    limit: Some(30),
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
            Message::Found(Ok((hits, cached))) => {
                self.no_match = hits.is_empty().then(|| self.query.trim().to_string());
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
                self.household = Some(h);
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
                let id = format!("{NEW_HOUSEHOLD_PREFIX}{}", case_id(&self.ticket));
                match form.update(m, &id, crate::api::japan_day(Utc::now())) {
                    new_household::Outcome::None => {}
                    new_household::Outcome::Invalid(e) => self.error = Some(e),
                    new_household::Outcome::Cancel => {
                        self.new_household = None;
                        if self.household.as_ref().is_some_and(is_new) {
                            self.household = None;
                        }
                    }
                    new_household::Outcome::Use(record) => {
                        self.household = Some(*record);
                        self.event = EventKind::MoveIn;
                        self.step = Step::Event;
                    }
                }
            }
            Message::Found(Err(e)) | Message::Loaded(Err(e)) | Message::Printed(Err(e)) => {
                self.printing = false;
                self.error = Some(e);
            }
            Message::EventKind(k) => self.event = k,
            Message::Newborn(m) => self.newborn.update(m),
            Message::EventDate(s) => self.event_date = s,
            Message::PlannedMoveOut(s) => self.planned_move_out = s,
            Message::FromPrefecture(s) => self.from_prefecture = s,
            Message::Toggle(id, on) => {
                self.confirmed.retain(|c| c != &id);
                if on {
                    self.confirmed.push(id);
                }
            }
            Message::ShowNotApplicable(on) => self.show_not_applicable = on,
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
                self.step = match self.step {
                    Step::Find | Step::Event => Step::Find,
                    Step::Procedures => Step::Event,
                    Step::Print => Step::Procedures,
                }
            }
            Message::Print => {
                let (Some(request), Some(determination)) =
                    (self.request.clone(), self.determination.clone())
                else {
                    return Action::None;
                };
                self.printing = true;
                self.progress = None;
                let b = backend.clone();
                let confirmed = self.confirmed.clone();
                let case_id = case_id(&self.ticket);
                // Rendering reports each page; the window shows it as it goes.
                let (tx, rx) = iced::futures::channel::mpsc::unbounded();
                std::thread::spawn(move || {
                    let progress = tx.clone();
                    let result = super::printing::print_batch(
                        &b,
                        &request,
                        &determination,
                        &confirmed,
                        &case_id,
                        &mut |p| {
                            let _ =
                                progress.unbounded_send(Message::PrintProgress(p.done, p.total));
                        },
                    );
                    let _ = tx.unbounded_send(Message::Printed(result));
                });
                return Action::Run(Task::run(rx, |m| m));
            }
            Message::PrintProgress(done, total) => self.progress = Some((done, total)),
            Message::Preview => {
                let (Some(request), Some(determination)) =
                    (self.request.clone(), self.determination.clone())
                else {
                    return Action::None;
                };
                self.preview = None;
                self.preview_page = 0;
                let (b, confirmed, case_id) = (
                    backend.clone(),
                    self.confirmed.clone(),
                    case_id(&self.ticket),
                );
                return Action::Run(Task::perform(
                    blocking(move || {
                        super::printing::preview_batch(
                            &b,
                            &request,
                            &determination,
                            &confirmed,
                            &case_id,
                        )
                        .map(Arc::new)
                    }),
                    Message::Previewed,
                ));
            }
            Message::Previewed(r) => self.preview = Some(r),
            Message::PreviewPage(n) => self.preview_page = n,
            Message::PreviewZoom(on) => self.preview_zoomed = on,
            Message::CheckScans => {
                let (folder, since) = (backend.scan_folder.clone(), self.started.into());
                return Action::Run(Task::perform(
                    blocking(move || {
                        let files = crate::client::scans::found(&folder, since)?;
                        for f in &files {
                            crate::client::scans::check(&f.path)
                                .map_err(|e| super::printing::scan_problem(&e))?;
                        }
                        Ok(files)
                    }),
                    Message::ScansChecked,
                ));
            }
            Message::ScansChecked(r) => self.scans = Some(r),
            Message::Printed(Ok(path)) => {
                self.printing = false;
                self.printed = Some(path);
                self.printed_at = Some(Utc::now());
            }
            Message::Finish => {
                let (Some(request), Some(determination)) =
                    (self.request.clone(), self.determination.clone())
                else {
                    return Action::None;
                };
                let forms: Vec<String> = determination
                    .procedures
                    .iter()
                    .filter(|p| self.confirmed.contains(&p.id))
                    .filter_map(|p| p.form.clone())
                    .collect();
                return Action::Finished(Box::new(CaseSubmission {
                    id: case_id(&self.ticket),
                    ticket_id: Some(self.ticket.id.clone()),
                    household_id: self
                        .household
                        .as_ref()
                        .filter(|h| !is_new(h))
                        .map(|h| h.id.clone()),
                    counter: backend.settings.counter_id.clone(),
                    request,
                    determination,
                    confirmed: self.confirmed.clone(),
                    forms_printed: if self.printed.is_some() {
                        forms
                    } else {
                        Vec::new()
                    },
                    timings: CaseTimings {
                        called_at: self.ticket.called_at,
                        started_at: Some(self.started),
                        printed_at: self.printed_at,
                        finished_at: Some(Utc::now()),
                    },
                }));
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
            Step::Event => super::event_step::view(self),
            Step::Procedures => super::procedures::view(self),
            Step::Print => super::printing::view(self),
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
        let hits = column(self.hits.iter().map(|h| {
            button(
                text(format!(
                    "{}　{}　{}　{}{}",
                    h.name,
                    h.kana,
                    tf("find-born", &[("date", s(super::tr::date(h.birth_date)))]),
                    h.ward,
                    h.address
                ))
                .size(15),
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
        .push(no_match)
        .push(scrollable(hits).height(Length::Fill))
        .spacing(10)
        .into()
    }
}

pub(super) fn names(intake: &Intake, ids: &[String]) -> String {
    let Some(h) = &intake.household else {
        return String::new();
    };
    if ids.is_empty() {
        return t("procedures-household");
    }
    ids.iter()
        .filter_map(|id| h.household.member(id))
        .map(|m| m.name.as_str())
        .collect::<Vec<_>>()
        .join("、")
}

/// A household entered at the counter rather than found in the registry.
pub fn is_new(h: &HouseholdRecord) -> bool {
    h.id.starts_with(NEW_HOUSEHOLD_PREFIX)
}

/// The case id of a visit: the ticket's day and number.
pub fn case_id(ticket: &Ticket) -> String {
    // A transferred ticket keeps its number: each visit after a transfer has
    // its own case id, so two counters' cases never collide.
    if ticket.transfers > 0 {
        return format!(
            "{}-{}-{}",
            ticket.day.format("%Y%m%d"),
            ticket.number,
            ticket.transfers
        );
    }
    format!("{}-{}", ticket.day.format("%Y%m%d"), ticket.number)
}
