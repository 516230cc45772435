//! The back office (区政事務センター): the worklist of procedures by stage,
//! window and overdue, oldest first; a procedure opened beside its case's
//! scanned pages, with the data as the counter entered it in the order of the
//! core system's entry screen (the hand-off's columns), and its steps
//! (入力済, 審査済, 完了, 差戻し); the unrouted tray; the day's hand-off.
//! Opening a procedure claims it, so two clerks never work the same one.
//! The view is in `view.rs`, the tray in `tray.rs`, the pages in `pages.rs`.

pub mod pages;
pub mod tray;
mod view;

use std::sync::Arc;

use iced::Task;

use super::backend::Backend;
use super::blocking;
use super::live::Live;
use super::tr::{s, t, tf};
use crate::api::{CaseView, Role};
use crate::processing::{ProcedureStatus, Stage, Step, WorkFilter};
use pages::Page;

/// Which part of the screen is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Worklist,
    Tray,
}

/// What the worklist shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// None: every open procedure.
    pub stage: Option<Stage>,
    pub window: Option<String>,
    pub overdue: bool,
    /// A 受付番号 typed in (the guidance sheet's).
    pub case: String,
}

impl Filter {
    fn to_work_filter(&self) -> WorkFilter {
        let case = self.case.trim();
        WorkFilter {
            stage: self.stage.map(|s| s.as_str().to_string()),
            window: self.window.clone(),
            overdue: self.overdue.then_some(true),
            case: (!case.is_empty()).then(|| case.to_string()),
            day: None,
        }
    }
}

/// A procedure opened: its case, its pages, and what the clerk is doing.
pub struct Open {
    pub case_id: String,
    pub procedure: String,
    pub view: CaseView,
    pub procedures: Vec<ProcedureStatus>,
    pub pages: Vec<Page>,
    pub page: usize,
    /// 1.0: the page fits the pane's width.
    pub zoom: f32,
    /// 差戻し asked: its reason being typed.
    pub returning: Option<String>,
}

impl Open {
    pub fn status(&self) -> Option<&ProcedureStatus> {
        self.procedures
            .iter()
            .find(|p| p.procedure == self.procedure)
    }
}

pub struct BackOffice {
    pub backend: Arc<Backend>,
    pub tab: Tab,
    pub filter: Filter,
    pub items: Vec<ProcedureStatus>,
    /// The row the keyboard is on.
    pub selected: usize,
    pub open: Option<Open>,
    pub loading: bool,
    pub notice: Option<(String, bool)>,
    pub live: bool,
    pub tray: tray::Tray,
    pub exporting: bool,
}

#[derive(Debug, Clone)]
pub enum Message {
    Load,
    Loaded(Result<Vec<ProcedureStatus>, String>),
    Live(Live),
    ShowTab(Tab),
    SetStage(Option<Stage>),
    SetWindow(Option<String>),
    ToggleOverdue(bool),
    CaseTyped(String),
    Select(usize),
    Open(String, String),
    Opened(Result<Box<OpenData>, String>),
    /// The open case's procedures, read again after a change.
    Refreshed(Result<Vec<ProcedureStatus>, String>),
    /// Another procedure of the open case.
    Switch(String),
    Step(StepKind),
    ReasonTyped(String),
    ConfirmReturn,
    CancelReturn,
    Stepped(Result<ProcedureStatus, String>),
    Close,
    PrevPage,
    NextPage,
    Zoom(bool),
    Turn,
    Copy(String),
    Export,
    Exported(Result<String, String>),
    Tray(tray::Message),
    Key(iced::keyboard::Key, iced::keyboard::Modifiers),
    /// A supervisor goes to the floor board.
    ToFloor,
}

/// The steps of the screen's buttons and keys (the return asks its reason).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Enter,
    Check,
    Complete,
    Return,
}

/// What opening a procedure fetched.
#[derive(Debug, Clone)]
pub struct OpenData {
    pub claimed: ProcedureStatus,
    pub view: CaseView,
    pub procedures: Vec<ProcedureStatus>,
    pub pages: Vec<Page>,
}

/// A hub's refusal in the back office's words: a claim says who holds it.
fn said(e: &crate::client::ClientError) -> String {
    let raw = e.to_string();
    if let Some(rest) = raw.split("being worked by ").nth(1) {
        let (who, until) = rest.split_once(" until ").unwrap_or((rest, ""));
        return tf("bo-claimed", &[("who", s(who)), ("until", s(until.trim()))]);
    }
    if raw.contains("does not apply") {
        return t("bo-step-illegal");
    }
    super::tr::problem(&raw)
}

impl BackOffice {
    pub fn new(backend: Arc<Backend>) -> (BackOffice, Task<Message>) {
        (
            BackOffice {
                backend,
                tab: Tab::Worklist,
                filter: Filter::default(),
                items: Vec::new(),
                selected: 0,
                open: None,
                loading: false,
                notice: None,
                live: false,
                tray: tray::Tray::default(),
                exporting: false,
            },
            Task::batch([
                Task::done(Message::Load),
                Task::done(Message::Tray(tray::Message::Load)),
            ]),
        )
    }

    pub fn is_supervisor(&self) -> bool {
        self.backend.login.role == Role::Supervisor
    }

    /// The windows (担当課) the worklist has, for the filter.
    pub fn windows(&self) -> Vec<String> {
        let mut w: Vec<String> = self.items.iter().map(|p| p.window.clone()).collect();
        if let Some(f) = &self.filter.window {
            w.push(f.clone());
        }
        w.sort();
        w.dedup();
        w.retain(|w| !w.is_empty());
        w
    }

    fn load(&mut self) -> Task<Message> {
        self.loading = true;
        let b = self.backend.clone();
        let f = self.filter.to_work_filter();
        Task::perform(
            blocking(move || b.hub.procedures(&f).map_err(|e| said(&e))),
            Message::Loaded,
        )
    }

    fn open(&self, case_id: String, procedure: String) -> Task<Message> {
        let b = self.backend.clone();
        Task::perform(
            blocking(move || {
                let claimed = b
                    .hub
                    .claim(&case_id, &procedure, false)
                    .map_err(|e| said(&e))?;
                let view = b.hub.case_view(&case_id).map_err(|e| said(&e))?;
                let procedures = b.hub.case_procedures(&case_id).map_err(|e| said(&e))?;
                let mut pages = Vec::new();
                for info in &view.scans {
                    let (_, bytes) = b.hub.scan_image(&info.id).map_err(|e| said(&e))?;
                    let label = match (&info.form, info.page) {
                        (Some(f), Some(p)) => {
                            // The form's title, as printed (not its id).
                            let title = if f == crate::print::batch::GUIDANCE_FORM {
                                t("preview-guidance")
                            } else {
                                b.templates
                                    .get(f)
                                    .map_or_else(|| f.clone(), |x| x.title.clone())
                            };
                            tf("bo-page-label", &[("page", p.into()), ("form", s(title))])
                        }
                        _ => info.source.clone().unwrap_or_else(|| t("bo-page-unplaced")),
                    };
                    match pages::decode(&bytes) {
                        Ok(gray) => pages.push(Page::new(info.id.clone(), label, gray)),
                        Err(_) => pages.push(Page::new(
                            info.id.clone(),
                            tf("bo-page-broken", &[("label", s(label))]),
                            image::GrayImage::from_pixel(8, 11, image::Luma([200])),
                        )),
                    }
                }
                Ok(Box::new(OpenData {
                    claimed,
                    view,
                    procedures,
                    pages,
                }))
            }),
            Message::Opened,
        )
    }

    fn step(&self, step: Step) -> Task<Message> {
        let Some(o) = &self.open else {
            return Task::none();
        };
        let (b, case_id, procedure) =
            (self.backend.clone(), o.case_id.clone(), o.procedure.clone());
        Task::perform(
            blocking(move || {
                b.hub
                    .step(&case_id, &procedure, &step)
                    .map_err(|e| said(&e))
            }),
            Message::Stepped,
        )
    }

    fn say(&mut self, text: String, ok: bool) {
        self.notice = Some((text, ok));
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Load => return self.load(),
            Message::Loaded(Ok(items)) => {
                self.loading = false;
                self.items = items;
                self.selected = self.selected.min(self.items.len().saturating_sub(1));
            }
            Message::Loaded(Err(e)) => {
                self.loading = false;
                self.say(e, false);
            }
            // A ticket moved: nothing here, unless the stream just (re)connected.
            Message::Live(Live::Changed) if std::mem::replace(&mut self.live, true) => {}
            Message::Live(Live::Changed | Live::Procedures) => {
                self.live = true;
                let reload_open = self.open.as_ref().map(|o| {
                    let (b, id) = (self.backend.clone(), o.case_id.clone());
                    Task::perform(
                        blocking(move || b.hub.case_procedures(&id).map_err(|e| said(&e))),
                        Message::Refreshed,
                    )
                });
                return Task::batch([self.load(), reload_open.unwrap_or_else(Task::none)]);
            }
            Message::Live(Live::Disconnected) => self.live = false,
            Message::Live(Live::Counters) => self.live = true,
            Message::ShowTab(tab) => {
                self.tab = tab;
                self.notice = None;
                if tab == Tab::Tray {
                    return self
                        .tray
                        .update(&self.backend, tray::Message::Load)
                        .map(Message::Tray);
                }
            }
            Message::SetStage(stage) => {
                self.filter.stage = stage;
                return self.load();
            }
            Message::SetWindow(w) => {
                self.filter.window = w;
                return self.load();
            }
            Message::ToggleOverdue(on) => {
                self.filter.overdue = on;
                return self.load();
            }
            Message::CaseTyped(c) => {
                self.filter.case = c;
                return self.load();
            }
            Message::Select(i) => self.selected = i,
            Message::Open(case_id, procedure) => {
                self.notice = None;
                return self.open(case_id, procedure);
            }
            Message::Opened(Ok(data)) => {
                let data = *data;
                self.open = Some(Open {
                    case_id: data.claimed.case_id.clone(),
                    procedure: data.claimed.procedure.clone(),
                    view: data.view,
                    procedures: data.procedures,
                    pages: data.pages,
                    page: 0,
                    zoom: 1.0,
                    returning: None,
                });
            }
            Message::Opened(Err(e)) => self.say(e, false),
            Message::Switch(procedure) => {
                let Some(o) = &self.open else {
                    return Task::none();
                };
                let (b, id, old) = (self.backend.clone(), o.case_id.clone(), o.procedure.clone());
                let release = Task::perform(
                    blocking(move || {
                        b.hub
                            .claim(&id, &old, true)
                            .map(|_| ())
                            .map_err(|e| said(&e))
                    }),
                    |_| Message::Load,
                );
                let case_id = o.case_id.clone();
                return Task::batch([release, self.open(case_id, procedure)]);
            }
            Message::Step(kind) => {
                let Some(o) = &mut self.open else {
                    return Task::none();
                };
                return match kind {
                    StepKind::Enter => self.step(Step::Enter),
                    StepKind::Check => self.step(Step::Check),
                    StepKind::Complete => self.step(Step::Complete),
                    StepKind::Return => {
                        o.returning = Some(String::new());
                        iced::widget::operation::focus("bo_reason")
                    }
                };
            }
            Message::ReasonTyped(r) => {
                if let Some(o) = &mut self.open {
                    o.returning = Some(r);
                }
            }
            Message::ConfirmReturn => {
                let reason = self
                    .open
                    .as_ref()
                    .and_then(|o| o.returning.clone())
                    .unwrap_or_default();
                if reason.trim().is_empty() {
                    self.say(t("bo-return-needs-reason"), false);
                    return Task::none();
                }
                return self.step(Step::Return { reason });
            }
            Message::CancelReturn => {
                if let Some(o) = &mut self.open {
                    o.returning = None;
                }
            }
            Message::Stepped(Ok(p)) => {
                let stage = super::tr::stage_label(p.stage);
                self.say(
                    tf("bo-stepped", &[("title", s(&p.title)), ("stage", s(stage))]),
                    true,
                );
                if let Some(o) = &mut self.open {
                    o.returning = None;
                    if let Some(slot) = o.procedures.iter_mut().find(|x| x.procedure == p.procedure)
                    {
                        *slot = p;
                    }
                }
                return self.load();
            }
            Message::Stepped(Err(e)) => self.say(e, false),
            Message::Close => {
                if let Some(o) = self.open.take() {
                    let b = self.backend.clone();
                    return Task::perform(
                        blocking(move || {
                            b.hub
                                .claim(&o.case_id, &o.procedure, true)
                                .map(|_| ())
                                .map_err(|e| said(&e))
                        }),
                        |_| Message::Load,
                    );
                }
            }
            Message::PrevPage => {
                if let Some(o) = &mut self.open {
                    o.page = o.page.saturating_sub(1);
                }
            }
            Message::NextPage => {
                if let Some(o) = &mut self.open {
                    o.page = (o.page + 1).min(o.pages.len().saturating_sub(1));
                }
            }
            Message::Zoom(bigger) => {
                if let Some(o) = &mut self.open {
                    o.zoom = if bigger {
                        (o.zoom * 1.25).min(4.0)
                    } else {
                        (o.zoom / 1.25).max(0.5)
                    };
                }
            }
            Message::Turn => {
                if let Some(p) = self.open.as_mut().and_then(|o| o.pages.get_mut(o.page)) {
                    p.turn();
                }
            }
            Message::Copy(text) => {
                self.say(tf("bo-copied", &[("text", s(&text))]), true);
                return iced::clipboard::write(text);
            }
            Message::Export => {
                if self.exporting {
                    return Task::none();
                }
                self.exporting = true;
                let b = self.backend.clone();
                return Task::perform(blocking(move || export_today(&b)), Message::Exported);
            }
            Message::Exported(r) => {
                self.exporting = false;
                match r {
                    Ok(said) => self.say(said, true),
                    Err(e) => self.say(e, false),
                }
            }
            Message::Refreshed(Ok(list)) => {
                if let Some(o) = &mut self.open {
                    o.procedures = list;
                }
            }
            Message::Refreshed(Err(_)) => {}
            Message::Tray(m) => return self.tray.update(&self.backend, m).map(Message::Tray),
            Message::Key(key, modifiers) => return self.key(key, modifiers),
            Message::ToFloor => {}
        }
        Task::none()
    }

    /// Keyboard first: ↑↓ and Enter in the list; F5 入力済, F6 審査済, F7 完了,
    /// F8 差戻し, PageUp/PageDown the pages, Ctrl+R a quarter turn, Ctrl++ and
    /// Ctrl+- zoom, Esc back to the list.
    fn key(
        &mut self,
        key: iced::keyboard::Key,
        modifiers: iced::keyboard::Modifiers,
    ) -> Task<Message> {
        use iced::keyboard::key::Named;
        use iced::keyboard::Key;
        if self.tab != Tab::Worklist {
            return Task::none();
        }
        match (&self.open, key.as_ref()) {
            (None, Key::Named(Named::ArrowDown)) => {
                self.selected = (self.selected + 1).min(self.items.len().saturating_sub(1));
            }
            (None, Key::Named(Named::ArrowUp)) => self.selected = self.selected.saturating_sub(1),
            (None, Key::Named(Named::Enter)) => {
                if let Some(p) = self.items.get(self.selected) {
                    return self.update(Message::Open(p.case_id.clone(), p.procedure.clone()));
                }
            }
            (Some(o), Key::Named(Named::Escape)) if o.returning.is_some() => {
                return self.update(Message::CancelReturn)
            }
            (Some(_), Key::Named(Named::Escape)) => return self.update(Message::Close),
            (Some(_), Key::Named(Named::F5)) => return self.update(Message::Step(StepKind::Enter)),
            (Some(_), Key::Named(Named::F6)) => return self.update(Message::Step(StepKind::Check)),
            (Some(_), Key::Named(Named::F7)) => {
                return self.update(Message::Step(StepKind::Complete))
            }
            (Some(_), Key::Named(Named::F8)) => {
                return self.update(Message::Step(StepKind::Return))
            }
            (Some(_), Key::Named(Named::PageDown)) => return self.update(Message::NextPage),
            (Some(_), Key::Named(Named::PageUp)) => return self.update(Message::PrevPage),
            (Some(_), Key::Character("r")) if modifiers.control() => {
                return self.update(Message::Turn)
            }
            (Some(_), Key::Character("+" | "=")) if modifiers.control() => {
                return self.update(Message::Zoom(true))
            }
            (Some(_), Key::Character("-")) if modifiers.control() => {
                return self.update(Message::Zoom(false))
            }
            _ => {}
        }
        Task::none()
    }
}

/// The day's hand-off package, written under the data directory.
fn export_today(b: &Backend) -> Result<String, String> {
    use crate::handoff::from_hub::{fetch, Selection};
    let day = crate::handoff::japan_day(chrono::Utc::now());
    let what = Selection::Day(day);
    let cases = fetch(&b.hub, &what).map_err(|e| super::tr::problem(&e.to_string()))?;
    let pkg = crate::handoff::build(&what.package_name(), &cases, Some(&b.catalogs));
    let out = crate::paths::data_dir().join("handoff");
    let dir = crate::handoff::write(&out, &pkg).map_err(|e| super::tr::problem(&e.to_string()))?;
    Ok(tf(
        "bo-exported",
        &[
            ("count", cases.len().into()),
            ("path", s(dir.display().to_string())),
        ],
    ))
}
