//! The intake's procedures step: what applies, grouped counter / referral /
//! flag, each with its deadline (near ones marked), window, members, reason
//! and the documents to bring, ticked for the batch; what does not apply, and
//! why, on request.

use iced::widget::{button, checkbox, column, container, row, scrollable, text, Space};
use iced::{Element, Length};

use super::tr::{s, t, tf};
use crate::catalog::Mode;
use crate::visit::Visit;

#[derive(Debug, Clone)]
pub enum Message {
    Toggle(String, bool),
    ShowNotApplicable(bool),
}

/// The members' names, or "the household" when the procedure names no one.
pub fn names(visit: &Visit, ids: &[String]) -> String {
    let Some(h) = &visit.household else {
        return String::new();
    };
    if ids.is_empty() {
        return t("procedures-household");
    }
    let request = visit.request.as_ref().map(|r| &r.household);
    ids.iter()
        .filter_map(|id| {
            request
                .and_then(|r| r.member(id))
                .or_else(|| h.household.member(id))
        })
        .map(|m| m.name.as_str())
        .collect::<Vec<_>>()
        .join("、")
}

/// Days from today within which a deadline is marked as near.
const NEAR_DAYS: i64 = 7;

pub fn view(visit: &Visit, show_not_applicable: bool) -> Element<'_, Message> {
    let Some(d) = &visit.determination else {
        return text("").into();
    };
    let today = visit.request.as_ref().map(|r| r.as_of);
    let mut list = column![].spacing(6);
    for (mode, heading) in [
        (Mode::Counter, "procedures-counter"),
        (Mode::Referral, "procedures-referral"),
        (Mode::Flag, "procedures-flag"),
    ] {
        let items: Vec<_> = d.procedures.iter().filter(|p| p.mode == mode).collect();
        if items.is_empty() {
            continue;
        }
        list = list.push(text(t(heading)).size(18));
        for p in items {
            let near = match (p.deadline, today) {
                (Some(dl), Some(td)) => (dl - td).num_days() <= NEAR_DAYS,
                _ => false,
            };
            let deadline = p.deadline.map_or_else(
                || t("procedures-no-deadline"),
                |dl| {
                    tf(
                        if near {
                            "procedures-deadline-near"
                        } else {
                            "procedures-deadline"
                        },
                        &[("date", s(super::tr::date_weekday(dl)))],
                    )
                },
            );
            let tick = checkbox(visit.confirmed.contains(&p.id))
                .label(p.title.clone())
                .on_toggle({
                    let id = p.id.clone();
                    move |on| Message::Toggle(id.clone(), on)
                });
            let documents = (!p.documents.is_empty()).then(|| {
                text(tf(
                    "procedures-documents",
                    &[("documents", s(p.documents.join("、")))],
                ))
                .size(13)
            });
            list = list.push(
                container(
                    column![
                        tick,
                        row![
                            text(deadline).size(14).style(if near {
                                text::danger
                            } else {
                                text::default
                            }),
                            text(format!("{}　{}", p.window, names(visit, &p.members))).size(14)
                        ]
                        .spacing(12),
                        text(p.reason.clone()).size(13)
                    ]
                    .push(documents)
                    .spacing(2),
                )
                .padding(6)
                .style(container::bordered_box)
                .width(Length::Fill),
            );
        }
    }
    if show_not_applicable {
        list = list.push(text(t("procedures-not-applicable")).size(18));
        for n in &d.not_applicable {
            list = list.push(
                text(format!(
                    "× {}（{}）：{}",
                    n.title,
                    names(visit, &n.members),
                    n.reason
                ))
                .size(14),
            );
        }
    }
    let toggle = button(text(t(if show_not_applicable {
        "procedures-hide-not-applicable"
    } else {
        "procedures-show-not-applicable"
    })))
    .style(button::secondary)
    .on_press(Message::ShowNotApplicable(!show_not_applicable));
    let summary = text(tf(
        "procedures-summary",
        &[
            ("count", d.procedures.len().into()),
            ("confirmed", visit.confirmed.len().into()),
            ("excluded", d.not_applicable.len().into()),
        ],
    ))
    .size(14);
    column![
        row![summary, Space::new().width(Length::Fill), toggle].spacing(10),
        scrollable(list).height(Length::Fill)
    ]
    .spacing(8)
    .into()
}
