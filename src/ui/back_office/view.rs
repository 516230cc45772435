//! What the back office sees: the worklist (filters, rows oldest first) and a
//! procedure opened beside its scanned pages, its data in the core system's
//! order, its history and its steps.

use iced::widget::{
    button, checkbox, column, container, image, pick_list, row, scrollable, text, text_input, Space,
};
use iced::{Element, Length};

use super::{BackOffice, Message, Open, StepKind, Tab};
use crate::handoff::layouts::{layout_of, other_rows, Ctx, OTHER_COLUMNS};
use crate::processing::{ProcedureStatus, Stage};
use crate::ui::theme::{chip, State};
use crate::ui::tr::{s, stage_label, t, tf};

/// The state colour of a procedure: overdue first, then its stage.
fn stage_chip<'a>(p: &ProcedureStatus, today: chrono::NaiveDate) -> Element<'a, Message> {
    let label = stage_label(p.stage).to_string();
    if p.overdue(today) {
        return chip(
            State::Overdue,
            tf("bo-overdue-chip", &[("stage", s(label))]),
        );
    }
    match p.stage {
        Stage::Received => chip(State::Waiting, label),
        Stage::Entered | Stage::Checked => chip(State::Serving, label),
        Stage::Returned => chip(State::Offline, label),
        Stage::Done => text(label).size(13).into(),
    }
}

fn today() -> chrono::NaiveDate {
    crate::handoff::japan_day(chrono::Utc::now())
}

fn local(at: chrono::DateTime<chrono::Utc>) -> String {
    (at + chrono::Duration::hours(9))
        .format("%m/%d %H:%M")
        .to_string()
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.format("%m/%d").to_string())
        .unwrap_or_else(|| "—".into())
}

impl BackOffice {
    pub fn view(&self) -> Element<'_, Message> {
        let tray_label = tf("bo-tab-tray", &[("count", self.tray.pages.len().into())]);
        let tabs = row![
            button(text(t("bo-tab-worklist")))
                .style(if self.tab == Tab::Worklist {
                    button::primary
                } else {
                    button::secondary
                })
                .on_press(Message::ShowTab(Tab::Worklist)),
            button(text(tray_label))
                .style(if self.tab == Tab::Tray {
                    button::primary
                } else {
                    button::secondary
                })
                .on_press(Message::ShowTab(Tab::Tray)),
            Space::new().width(Length::Fill),
            button(text(t(if self.exporting {
                "bo-exporting"
            } else {
                "bo-export"
            })))
            .style(button::secondary)
            .on_press_maybe((!self.exporting).then_some(Message::Export)),
        ]
        .push(self.is_supervisor().then(|| {
            button(text(t("bo-to-floor")))
                .style(button::secondary)
                .on_press(Message::ToFloor)
        }))
        .push(if self.live {
            text(t("floor-live")).size(14).style(text::success)
        } else {
            text(t("floor-reconnecting")).size(14).style(text::warning)
        })
        .spacing(10)
        .align_y(iced::Alignment::Center);
        let notice = self.notice.as_ref().map(|(n, ok)| {
            container(text(n.clone()).size(15).style(if *ok {
                text::success
            } else {
                text::danger
            }))
            .padding([6, 10])
            .width(Length::Fill)
            .style(container::rounded_box)
        });
        let body: Element<'_, Message> = match (self.tab, &self.open) {
            (Tab::Tray, _) => self.tray.view().map(Message::Tray),
            (Tab::Worklist, Some(o)) => self.case_view(o),
            (Tab::Worklist, None) => self.worklist(),
        };
        column![
            row![text(t("bo-title")).size(24), Space::new().width(16), tabs]
                .align_y(iced::Alignment::Center)
        ]
        .push(notice)
        .push(body)
        .spacing(10)
        .padding(10)
        .into()
    }

    fn worklist(&self) -> Element<'_, Message> {
        let stage_button = |label: String, stage: Option<Stage>| {
            button(text(label).size(14))
                .style(if self.filter.stage == stage {
                    button::primary
                } else {
                    button::secondary
                })
                .on_press(Message::SetStage(stage))
        };
        let mut stages = row![stage_button(t("bo-stage-open"), None)].spacing(6);
        for st in [
            Stage::Received,
            Stage::Entered,
            Stage::Checked,
            Stage::Returned,
            Stage::Done,
        ] {
            stages = stages.push(stage_button(stage_label(st).to_string(), Some(st)));
        }
        let mut windows = vec![t("bo-window-all")];
        windows.extend(self.windows());
        let chosen = self
            .filter
            .window
            .clone()
            .unwrap_or_else(|| t("bo-window-all"));
        let all = t("bo-window-all");
        let filters = row![
            stages,
            pick_list(windows, Some(chosen), move |w: String| {
                Message::SetWindow((w != all).then_some(w))
            })
            .text_size(14),
            checkbox(self.filter.overdue)
                .label(t("bo-overdue-only"))
                .on_toggle(Message::ToggleOverdue),
            text_input(&t("bo-case-search"), &self.filter.case)
                .id("bo_case")
                .on_input(Message::CaseTyped)
                .width(220),
        ]
        .spacing(12)
        .align_y(iced::Alignment::Center);
        let header = row![
            text(t("bo-col-case"))
                .size(13)
                .width(Length::FillPortion(3)),
            text(t("bo-col-procedure"))
                .size(13)
                .width(Length::FillPortion(4)),
            text(t("bo-col-window"))
                .size(13)
                .width(Length::FillPortion(3)),
            text(t("bo-col-stage"))
                .size(13)
                .width(Length::FillPortion(2)),
            text(t("bo-col-received"))
                .size(13)
                .width(Length::FillPortion(2)),
            text(t("bo-col-target"))
                .size(13)
                .width(Length::FillPortion(1)),
            text(t("bo-col-due")).size(13).width(Length::FillPortion(1)),
            text(t("bo-col-holder"))
                .size(13)
                .width(Length::FillPortion(2)),
        ]
        .spacing(8)
        .padding([0, 10]);
        let now = chrono::Utc::now();
        let day = today();
        let rows = column(self.items.iter().enumerate().map(|(i, p)| {
            let line = row![
                text(p.case_id.clone())
                    .size(14)
                    .width(Length::FillPortion(3)),
                text(p.title.clone()).size(14).width(Length::FillPortion(4)),
                text(p.window.clone())
                    .size(13)
                    .width(Length::FillPortion(3)),
                container(stage_chip(p, day)).width(Length::FillPortion(2)),
                text(local(p.received_at))
                    .size(13)
                    .width(Length::FillPortion(2)),
                text(date(p.target)).size(13).width(Length::FillPortion(1)),
                text(date(p.due)).size(13).width(Length::FillPortion(1)),
                text(p.holder(now).unwrap_or("").to_string())
                    .size(13)
                    .width(Length::FillPortion(2)),
            ]
            .spacing(8)
            .align_y(iced::Alignment::Center);
            button(line)
                .width(Length::Fill)
                .style(if i == self.selected {
                    button::primary
                } else {
                    button::text
                })
                .on_press(Message::Open(p.case_id.clone(), p.procedure.clone()))
                .into()
        }))
        .spacing(2);
        let empty = (self.items.is_empty() && !self.loading).then(|| {
            container(text(t("bo-empty")).size(16))
                .center_x(Length::Fill)
                .padding(30)
        });
        column![
            filters,
            text(tf("bo-count", &[("count", self.items.len().into())])).size(14),
            header,
        ]
        .push(empty)
        .push(scrollable(rows).height(Length::Fill))
        .push(
            text(t("bo-keys-list"))
                .size(13)
                .style(crate::ui::theme::muted),
        )
        .spacing(8)
        .into()
    }

    fn case_view<'a>(&'a self, o: &'a Open) -> Element<'a, Message> {
        let pages: Element<'a, Message> = match o.pages.get(o.page) {
            None => container(text(t("bo-no-scans")).size(16))
                .center(Length::Fill)
                .into(),
            Some(p) => column![
                row![
                    button(text(t("preview-previous")).size(13))
                        .style(button::secondary)
                        .on_press_maybe((o.page > 0).then_some(Message::PrevPage)),
                    button(text(t("preview-next")).size(13))
                        .style(button::secondary)
                        .on_press_maybe((o.page + 1 < o.pages.len()).then_some(Message::NextPage)),
                    button(text(t("bo-zoom-out")).size(13))
                        .style(button::secondary)
                        .on_press(Message::Zoom(false)),
                    button(text(t("bo-zoom-in")).size(13))
                        .style(button::secondary)
                        .on_press(Message::Zoom(true)),
                    button(text(t("bo-turn")).size(13))
                        .style(button::secondary)
                        .on_press(Message::Turn),
                    text(tf(
                        "bo-page-of",
                        &[
                            ("page", (o.page + 1).into()),
                            ("total", o.pages.len().into()),
                            ("label", s(&p.label))
                        ]
                    ))
                    .size(13)
                    .width(Length::Fill),
                ]
                .spacing(6)
                .align_y(iced::Alignment::Center),
                scrollable(image(p.handle.clone()).width(Length::Fixed(560.0 * o.zoom)))
                    .direction(scrollable::Direction::Both {
                        vertical: scrollable::Scrollbar::default(),
                        horizontal: scrollable::Scrollbar::default(),
                    })
                    .height(Length::Fill)
                    .width(Length::Fill),
            ]
            .spacing(6)
            .into(),
        };
        let day = today();
        let others = row(o.procedures.iter().map(|p| {
            let here = p.procedure == o.procedure;
            button(
                row![text(p.title.clone()).size(13), stage_chip(p, day)]
                    .spacing(6)
                    .align_y(iced::Alignment::Center),
            )
            .style(if here {
                button::primary
            } else {
                button::secondary
            })
            .on_press_maybe((!here).then(|| Message::Switch(p.procedure.clone())))
            .into()
        }))
        .spacing(6)
        .wrap();
        let case = &o.view.case;
        let head = column![
            text(tf(
                "bo-case-head",
                &[
                    ("case", s(&o.case_id)),
                    (
                        "event",
                        s(crate::ui::tr::event_label(case.request.event.kind))
                    ),
                    ("counter", s(&case.counter)),
                    ("received", s(local(o.view.summary.received_at))),
                ]
            ))
            .size(18),
            others,
        ]
        .spacing(6);
        let status = o.status().map(|p| {
            column![
                row![text(p.title.clone()).size(20), stage_chip(p, day)]
                    .spacing(10)
                    .align_y(iced::Alignment::Center),
                text(tf(
                    "bo-target-due",
                    &[
                        ("window", s(&p.window)),
                        ("target", s(date(p.target))),
                        ("due", s(date(p.due)))
                    ]
                ))
                .size(14),
            ]
            .push(
                p.note
                    .as_ref()
                    .filter(|_| p.stage == Stage::Returned)
                    .map(|n| {
                        text(tf("bo-returned-because", &[("reason", s(n))]))
                            .size(14)
                            .style(text::danger)
                    }),
            )
            .spacing(4)
        });
        let steps = self.steps(o);
        let data = self.entered_data(o);
        let history = o.status().map(|p| {
            column(p.history.iter().map(|h| {
                text(tf(
                    "bo-history-line",
                    &[
                        ("at", s(local(h.at))),
                        ("stage", s(stage_label(h.stage))),
                        ("by", s(&h.by)),
                        ("note", s(h.note.clone().unwrap_or_default())),
                    ],
                ))
                .size(13)
                .into()
            }))
            .spacing(2)
        });
        let right = column![head]
            .push(status)
            .push(steps)
            .push(text(t("bo-data-heading")).size(16))
            .push(
                scrollable(
                    column![data]
                        .push(text(t("bo-history")).size(15))
                        .push(history)
                        .spacing(8),
                )
                .height(Length::Fill),
            )
            .spacing(10)
            .width(Length::FillPortion(5));
        row![container(pages).width(Length::FillPortion(4)), right]
            .spacing(16)
            .height(Length::Fill)
            .into()
    }

    fn steps<'a>(&'a self, o: &'a Open) -> Element<'a, Message> {
        let stage = o.status().map(|p| p.stage);
        // What the core allows from here, for this clerk's role.
        let role = self.backend.login.role;
        let can = |k: StepKind| {
            let step = match k {
                StepKind::Enter => crate::processing::Step::Enter,
                StepKind::Check => crate::processing::Step::Check,
                StepKind::Complete => crate::processing::Step::Complete,
                StepKind::Return => crate::processing::Step::Return { reason: "?".into() },
            };
            stage.is_some_and(|st| crate::processing::apply(st, &step, role).is_ok())
        };
        let b = |key: &str, k: StepKind| {
            button(text(t(key))).on_press_maybe(can(k).then_some(Message::Step(k)))
        };
        let mut col = column![row![
            b("bo-step-enter", StepKind::Enter),
            b("bo-step-check", StepKind::Check),
            b("bo-step-complete", StepKind::Complete).style(button::success),
            b("bo-step-return", StepKind::Return).style(button::danger),
            Space::new().width(Length::Fill),
            button(text(t("bo-back")))
                .style(button::secondary)
                .on_press(Message::Close),
        ]
        .spacing(8)]
        .spacing(6);
        if let Some(reason) = &o.returning {
            col = col.push(
                row![
                    text_input(&t("bo-return-reason"), reason)
                        .id("bo_reason")
                        .on_input(Message::ReasonTyped)
                        .on_submit(Message::ConfirmReturn),
                    button(text(t("bo-return-send")))
                        .style(button::danger)
                        .on_press(Message::ConfirmReturn),
                    button(text(t("counter-cancel")))
                        .style(button::secondary)
                        .on_press(Message::CancelReturn),
                ]
                .spacing(8),
            );
        }
        col.into()
    }

    /// The procedure's data as the counter entered it, member by member, in
    /// the order the core system's entry screen asks (the hand-off's columns);
    /// each value copies with a click.
    fn entered_data<'a>(&'a self, o: &'a Open) -> Element<'a, Message> {
        let case = &o.view.case;
        let ctx = Ctx {
            case,
            received: crate::handoff::japan_day(o.view.summary.received_at),
            catalog: self.backend.catalogs.in_effect(case.request.as_of),
        };
        let (columns, rows): (&[&str], Vec<Vec<String>>) = match layout_of(&o.procedure) {
            Some(l) => (l.columns, l.rows(&ctx, &o.procedure)),
            None => (OTHER_COLUMNS, other_rows(&ctx, &o.procedure)),
        };
        if rows.is_empty() {
            return text(t("bo-data-none")).size(14).into();
        }
        column(rows.into_iter().enumerate().map(|(i, r)| {
            let fields = column(
                columns
                    .iter()
                    .zip(r)
                    .skip(3) // the ids: case, row, procedure
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(c, v)| {
                        row![
                            text(c.to_string())
                                .size(13)
                                .width(200)
                                .style(crate::ui::theme::muted),
                            text(v.clone()).size(15).width(Length::Fill),
                            button(text(t("bo-copy")).size(12))
                                .style(button::secondary)
                                .on_press(Message::Copy(v)),
                        ]
                        .spacing(8)
                        .align_y(iced::Alignment::Center)
                        .into()
                    }),
            )
            .spacing(2);
            container(
                column![
                    text(tf("bo-data-member", &[("n", (i + 1).into())])).size(14),
                    fields
                ]
                .spacing(4),
            )
            .padding(8)
            .width(Length::Fill)
            .style(container::bordered_box)
            .into()
        }))
        .spacing(8)
        .into()
    }
}
