//! The unrouted tray: scanned pages no QR code placed (blank, unreadable, an
//! unknown case, a duplicate), each shown with why, until a person assigns it
//! to a case, a form and a page. Nothing is deleted: an assigned page stays on
//! the tray's record at the hub.

use std::sync::Arc;

use iced::widget::{button, column, container, image, row, scrollable, text, text_input, Space};
use iced::{Element, Length, Task};

use super::pages::{decode, Page};
use crate::api::{AssignPage, UnroutedPage};
use crate::ui::backend::Backend;
use crate::ui::blocking;
use crate::ui::tr::{problem, s, t, tf};

#[derive(Default)]
pub struct Tray {
    pub pages: Vec<UnroutedPage>,
    pub open: Option<(String, Page)>,
    pub case_id: String,
    pub form: String,
    pub page: String,
    pub notice: Option<(String, bool)>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Load,
    Loaded(Result<Vec<UnroutedPage>, String>),
    Show(String),
    Shown(Result<(String, Page), String>),
    CaseTyped(String),
    FormTyped(String),
    PageTyped(String),
    Turn,
    Assign,
    Assigned(Result<String, String>),
}

impl Tray {
    pub fn update(&mut self, backend: &Arc<Backend>, message: Message) -> Task<Message> {
        match message {
            Message::Load => {
                let b = backend.clone();
                return Task::perform(
                    blocking(move || b.hub.unrouted(false).map_err(|e| problem(&e.to_string()))),
                    Message::Loaded,
                );
            }
            Message::Loaded(Ok(p)) => self.pages = p,
            Message::Loaded(Err(e)) => self.notice = Some((e, false)),
            Message::Show(id) => {
                let b = backend.clone();
                let source = self
                    .pages
                    .iter()
                    .find(|p| p.id == id)
                    .map(|p| p.source.clone())
                    .unwrap_or_default();
                return Task::perform(
                    blocking(move || {
                        let (_, bytes) = b
                            .hub
                            .unrouted_image(&id)
                            .map_err(|e| problem(&e.to_string()))?;
                        let gray = decode(&bytes).map_err(|_| t("tray-broken"))?;
                        Ok((id.clone(), Page::new(id, source, gray)))
                    }),
                    Message::Shown,
                );
            }
            Message::Shown(Ok((id, page))) => {
                self.open = Some((id, page));
                self.notice = None;
            }
            Message::Shown(Err(e)) => self.notice = Some((e, false)),
            Message::CaseTyped(v) => self.case_id = v,
            Message::FormTyped(v) => self.form = v,
            Message::PageTyped(v) => self.page = v,
            Message::Turn => {
                if let Some((_, p)) = &mut self.open {
                    p.turn();
                }
            }
            Message::Assign => {
                let Some((id, _)) = &self.open else {
                    return Task::none();
                };
                let case_id = self.case_id.trim().to_string();
                if case_id.is_empty() {
                    self.notice = Some((t("tray-needs-case"), false));
                    return Task::none();
                }
                let page = match self.page.trim() {
                    "" => None,
                    p => match p.parse::<u32>() {
                        Ok(n) if (1..=999).contains(&n) => Some(n),
                        _ => {
                            self.notice = Some((t("tray-bad-page"), false));
                            return Task::none();
                        }
                    },
                };
                let form = Some(self.form.trim().to_string()).filter(|f| !f.is_empty());
                let to = AssignPage {
                    case_id,
                    form,
                    page,
                };
                let (b, id) = (backend.clone(), id.clone());
                return Task::perform(
                    blocking(move || {
                        b.hub
                            .assign_page(&id, &to)
                            .map(|_| tf("tray-assigned", &[("case", s(&to.case_id))]))
                            .map_err(|e| match &e {
                                crate::client::ClientError::Rejected { status: 404, .. } => {
                                    t("tray-no-case")
                                }
                                crate::client::ClientError::Rejected { status: 409, .. } => {
                                    t("tray-taken")
                                }
                                _ => problem(&e.to_string()),
                            })
                    }),
                    Message::Assigned,
                );
            }
            Message::Assigned(Ok(said)) => {
                self.notice = Some((said, true));
                self.open = None;
                self.case_id.clear();
                self.form.clear();
                self.page.clear();
                return Task::done(Message::Load);
            }
            Message::Assigned(Err(e)) => self.notice = Some((e, false)),
        }
        Task::none()
    }

    pub fn view(&self) -> Element<'_, Message> {
        let list = column(self.pages.iter().map(|p| {
            let chosen = self.open.as_ref().is_some_and(|(id, _)| *id == p.id);
            button(
                column![
                    text(p.source.clone()).size(15),
                    text(reason_words(&p.reason)).size(13),
                ]
                .spacing(2),
            )
            .width(Length::Fill)
            .style(if chosen {
                button::primary
            } else {
                button::secondary
            })
            .on_press(Message::Show(p.id.clone()))
            .into()
        }))
        .spacing(6);
        let left = column![
            text(tf("tray-count", &[("count", self.pages.len().into())])).size(18),
            scrollable(list).height(Length::Fill),
        ]
        .spacing(8)
        .width(Length::FillPortion(2));
        let right: Element<'_, Message> = match &self.open {
            None => container(text(t("tray-choose")).size(16))
                .center(Length::Fill)
                .into(),
            Some((_, page)) => column![
                row![
                    text(page.label.clone()).size(16),
                    Space::new().width(Length::Fill),
                    button(text(t("bo-turn")).size(13))
                        .style(button::secondary)
                        .on_press(Message::Turn),
                ]
                .align_y(iced::Alignment::Center),
                image(page.handle.clone())
                    .width(Length::Fill)
                    .height(Length::Fill),
                row![
                    text_input(&t("tray-case"), &self.case_id)
                        .id("tray_case")
                        .on_input(Message::CaseTyped)
                        .width(Length::FillPortion(3)),
                    text_input(&t("tray-form"), &self.form)
                        .id("tray_form")
                        .on_input(Message::FormTyped)
                        .width(Length::FillPortion(3)),
                    text_input(&t("tray-page"), &self.page)
                        .id("tray_page")
                        .on_input(Message::PageTyped)
                        .on_submit(Message::Assign)
                        .width(Length::FillPortion(1)),
                    button(text(t("tray-assign"))).on_press(Message::Assign),
                ]
                .spacing(8),
            ]
            .spacing(8)
            .width(Length::FillPortion(3))
            .into(),
        };
        column![]
            .push(self.notice.as_ref().map(|(n, ok)| {
                text(n.clone()).style(if *ok { text::success } else { text::danger })
            }))
            .push(row![left, right].spacing(16).height(Length::Fill))
            .spacing(8)
            .into()
    }
}

/// The router's reason in the clerk's words.
pub fn reason_words(reason: &str) -> String {
    if reason.starts_with("no readable QR")
        || reason.starts_with("NoQr")
        || reason.contains("no QR")
    {
        t("tray-reason-no-qr")
    } else if reason.contains("unknown case") {
        t("tray-reason-unknown-case")
    } else if reason.contains("duplicate") {
        t("tray-reason-duplicate")
    } else {
        tf("tray-reason-other", &[("reason", s(reason))])
    }
}
