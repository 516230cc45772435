//! The intake's procedures step: what applies, grouped counter / referral /
//! flag, each with its deadline, window, members and reason, ticked for the
//! batch; what does not apply, and why, on request.

use iced::widget::{button, checkbox, column, container, row, scrollable, text, Space};
use iced::{Element, Length};

use super::intake::{names, Intake, Message};
use super::tr::{s, t, tf};
use crate::catalog::Mode;

pub fn view(i: &Intake) -> Element<'_, Message> {
    let Some(d) = &i.determination else {
        return text("").into();
    };
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
            let deadline = p.deadline.map_or_else(
                || t("procedures-no-deadline"),
                |d| tf("procedures-deadline", &[("date", s(super::tr::date(d)))]),
            );
            let tick = checkbox(i.confirmed.contains(&p.id))
                .label(p.title.clone())
                .on_toggle({
                    let id = p.id.clone();
                    move |on| Message::Toggle(id.clone(), on)
                });
            list = list.push(
                container(
                    column![
                        tick,
                        text(format!(
                            "{}　{}　{}",
                            deadline,
                            p.window,
                            names(i, &p.members)
                        ))
                        .size(14),
                        text(p.reason.clone()).size(13)
                    ]
                    .spacing(2),
                )
                .padding(6)
                .style(container::bordered_box)
                .width(Length::Fill),
            );
        }
    }
    if i.show_not_applicable {
        list = list.push(text(t("procedures-not-applicable")).size(18));
        for n in &d.not_applicable {
            list = list.push(
                text(format!(
                    "× {}（{}）：{}",
                    n.title,
                    names(i, &n.members),
                    n.reason
                ))
                .size(14),
            );
        }
    }
    let toggle = button(text(t(if i.show_not_applicable {
        "procedures-hide-not-applicable"
    } else {
        "procedures-show-not-applicable"
    })))
    .style(button::secondary)
    .on_press(Message::ShowNotApplicable(!i.show_not_applicable));
    let summary = text(tf(
        "procedures-summary",
        &[
            ("count", d.procedures.len().into()),
            ("confirmed", i.confirmed.len().into()),
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
