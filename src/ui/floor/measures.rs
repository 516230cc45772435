//! The board's measures: alerts to acknowledge, each category's service
//! level and wait buckets (a supervisor changes the target here), the
//! counters as people see them, and a supervisor's one-stop figures.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use iced::widget::{button, column, container, row, text, Space};
use iced::{Alignment, Element, Length};

use super::Message;
use crate::api::{CategoryWaiting, CounterMode};
use crate::measures::OneStop;
use crate::service_level::counters::{CounterNow, Now};
use crate::service_level::{Alert, AlertKind, Level, Target};
use crate::ui::theme::{chip, State};
use crate::ui::tr::{s, t, tf};

/// Alerts shown at once; the rest are counted.
const SHOWN: usize = 3;

fn mins(m: f64) -> i64 {
    m.floor() as i64
}

/// The alerts not acknowledged yet, passed first; or a calm line.
pub fn alert_banner<'a>(
    alerts: &[Alert],
    acked: &HashSet<(String, AlertKind)>,
) -> Element<'a, Message> {
    let open: Vec<&Alert> = alerts
        .iter()
        .filter(|a| !acked.contains(&a.key()))
        .collect();
    let seen = alerts.len() - open.len();
    if open.is_empty() {
        let line = if seen > 0 {
            tf("floor-alerts-acked", &[("count", seen.into())])
        } else {
            t("floor-alerts-none")
        };
        return row![
            chip(State::Serving, t("floor-alerts-title")),
            text(line).size(15)
        ]
        .spacing(10)
        .align_y(Alignment::Center)
        .into();
    }
    let passed = open.iter().any(|a| a.kind == AlertKind::Passed);
    let mut lines = column![].spacing(4);
    for a in open.iter().take(SHOWN) {
        let (state, said) = match a.kind {
            AlertKind::Passed => (
                State::Overdue,
                tf(
                    "floor-alert-passed",
                    &[
                        ("number", s(&a.number)),
                        ("target", a.target.minutes.into()),
                        ("minutes", mins(a.waited_min).into()),
                    ],
                ),
            ),
            AlertKind::Forecast => (
                State::Offline,
                tf(
                    "floor-alert-forecast",
                    &[
                        ("number", s(&a.number)),
                        ("target", a.target.minutes.into()),
                        ("minutes", mins(a.expected_min.ceil()).into()),
                    ],
                ),
            ),
        };
        lines = lines.push(
            row![
                chip(
                    state,
                    t(match a.kind {
                        AlertKind::Passed => "floor-alert-passed-tag",
                        AlertKind::Forecast => "floor-alert-forecast-tag",
                    })
                ),
                text(said).size(16),
                Space::new().width(Length::Fill),
                button(text(t("floor-alert-ack")).size(14))
                    .on_press(Message::Acknowledge(a.ticket_id.clone(), a.kind)),
            ]
            .spacing(10)
            .align_y(Alignment::Center),
        );
    }
    if open.len() > SHOWN {
        lines = lines.push(
            text(tf(
                "floor-alerts-more",
                &[("count", (open.len() - SHOWN).into())],
            ))
            .size(14),
        );
    }
    container(lines)
        .padding(10)
        .width(Length::Fill)
        .style(move |theme: &iced::Theme| {
            let (_, background) = if passed {
                State::Overdue.colors()
            } else {
                State::Offline.colors()
            };
            container::Style {
                border: iced::Border {
                    color: background,
                    width: 3.0,
                    radius: 6.0.into(),
                },
                ..container::bordered_box(theme)
            }
        })
        .into()
}

/// A category: waiting, the longest wait, the service level against its
/// target, the wait buckets; a supervisor's buttons change the target.
pub fn category_card<'a>(
    c: &CategoryWaiting,
    level: Option<&Level>,
    supervisor: bool,
) -> Element<'a, Message> {
    let longest = c.longest_wait_s / 60;
    let target = c.target;
    let sl = level.and_then(Level::share);
    let sl_state = match level {
        Some(l) if l.below() => State::Overdue,
        Some(_) if sl.is_some() => State::Serving,
        _ => State::Waiting,
    };
    let sl_text = match sl {
        Some(x) => tf(
            "floor-sl",
            &[("percent", ((x * 100.0).round() as i64).into())],
        ),
        None => t("floor-sl-none"),
    };
    let buckets = level.map(|l| l.buckets).unwrap_or_default();
    let mut card = column![
        text(format!("{} {}", c.category, c.name)).size(18),
        text(tf("floor-waiting", &[("count", c.waiting.into())])).size(28),
        chip(
            crate::ui::theme::wait_state(longest, i64::from(target.minutes)),
            tf("floor-longest", &[("minutes", longest.into())]),
        ),
        row![
            chip(sl_state, sl_text),
            text(tf(
                "floor-target",
                &[
                    ("percent", target.percent.into()),
                    ("minutes", target.minutes.into())
                ]
            ))
            .size(13),
        ]
        .spacing(6)
        .align_y(Alignment::Center),
        buckets_row(buckets),
    ]
    .spacing(4);
    if supervisor {
        let code = c.category.clone();
        let set = move |t: Target| Message::SetTarget(code.clone(), t);
        let step = |label: &'static str, t: Target| {
            button(text(label).size(12))
                .padding([2, 6])
                .style(button::secondary)
                .on_press_maybe(t.check().is_ok().then(|| set(t)))
        };
        card = card.push(
            row![
                text(t("floor-target-edit")).size(12),
                step(
                    "−5分",
                    Target {
                        minutes: target.minutes.saturating_sub(5),
                        ..target
                    }
                ),
                step(
                    "+5分",
                    Target {
                        minutes: target.minutes + 5,
                        ..target
                    }
                ),
                step(
                    "−5%",
                    Target {
                        percent: target.percent.saturating_sub(5),
                        ..target
                    }
                ),
                step(
                    "+5%",
                    Target {
                        percent: target.percent + 5,
                        ..target
                    }
                ),
            ]
            .spacing(4)
            .align_y(Alignment::Center),
        );
    }
    container(card)
        .padding(12)
        .width(Length::FillPortion(1))
        .style(container::bordered_box)
        .into()
}

/// The wait buckets as four small columns: the range above its count.
fn buckets_row<'a>(buckets: [usize; 4]) -> Element<'a, Message> {
    let labels = ["0–10", "10–20", "20–30", "30〜"];
    row![text(t("floor-buckets")).size(12).width(Length::Shrink)]
        .extend(
            labels
                .iter()
                .zip(buckets)
                .enumerate()
                .map(|(i, (label, n))| {
                    let state = if i >= 2 && n > 0 {
                        State::Overdue
                    } else {
                        State::Waiting
                    };
                    column![
                        text(*label).size(11),
                        container(text(n.to_string()).size(14))
                            .padding([0, 6])
                            .style(state.chip())
                    ]
                    .align_x(Alignment::Center)
                    .width(Length::FillPortion(1))
                    .into()
                }),
        )
        .spacing(4)
        .align_y(Alignment::End)
        .into()
}

fn hm(minutes: f64) -> String {
    let m = minutes.round() as i64;
    format!("{}:{:02}", m / 60, m % 60)
}

/// Each counter now, its minutes per state today; a floor manager opens or
/// closes it.
pub fn counters_panel<'a>(
    counters: &[CounterNow],
    now: DateTime<Utc>,
    manages: bool,
) -> Element<'a, Message> {
    if counters.is_empty() {
        return text(t("floor-counters-none")).size(15).into();
    }
    column(counters.iter().map(|c| {
        let since = |at: DateTime<Utc>| (now - at).num_minutes().max(0);
        let (state, said) = match &c.now {
            Now::Serving { number, since: at } => (
                State::Serving,
                tf(
                    "floor-counter-serving",
                    &[("number", s(number)), ("minutes", since(*at).into())],
                ),
            ),
            Now::Paused { reason, since: at } => (
                State::Offline,
                tf(
                    "floor-counter-paused",
                    &[
                        ("reason", s(t(&format!("pause-{reason}")))),
                        ("minutes", since(*at).into()),
                    ],
                ),
            ),
            Now::Idle { since: at } => (
                State::Waiting,
                tf("floor-counter-idle", &[("minutes", since(*at).into())]),
            ),
            Now::Closed { .. } => (State::Offline, t("floor-counter-closed")),
        };
        let m = &c.minutes;
        let mut line = row![
            text(tf("floor-counter-name", &[("counter", s(&c.counter))]))
                .size(16)
                .width(70),
            chip(state, said),
            text(tf(
                "floor-counter-times",
                &[
                    ("serving", s(hm(m.serving))),
                    ("paused", s(hm(m.paused))),
                    ("idle", s(hm(m.idle))),
                ]
            ))
            .size(12),
            Space::new().width(Length::Fill),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        if manages {
            let closed = matches!(c.now, Now::Closed { .. });
            line = line.push(
                button(
                    text(t(if closed {
                        "floor-counter-open"
                    } else {
                        "floor-counter-close"
                    }))
                    .size(12),
                )
                .padding([2, 8])
                .style(button::secondary)
                .on_press(Message::SetCounter(
                    c.counter.clone(),
                    if closed {
                        CounterMode::Open
                    } else {
                        CounterMode::Closed
                    },
                )),
            );
        }
        line.into()
    }))
    .spacing(6)
    .into()
}

fn percent(r: Option<f64>) -> String {
    r.map_or_else(|| "—".into(), |x| format!("{:.0}%", x * 100.0))
}

/// A supervisor's line of the day's one-stop measures.
pub fn one_stop_panel<'a>(m: &OneStop) -> Element<'a, Message> {
    let mut events = row![].spacing(14);
    for e in m.events.iter().take(6) {
        let label = crate::model::EventKind::parse(&e.event)
            .map(crate::ui::tr::event_label)
            .unwrap_or_else(|| e.event.clone());
        events = events.push(
            text(tf(
                "floor-one-stop-event",
                &[
                    ("event", s(label)),
                    ("visits", e.visits.into()),
                    ("share", s(percent(e.share.ratio()))),
                ],
            ))
            .size(13),
        );
    }
    container(
        column![
            row![
                text(t("floor-one-stop")).size(16),
                chip(
                    State::Serving,
                    tf(
                        "floor-one-stop-share",
                        &[
                            ("share", s(percent(m.total.ratio()))),
                            ("at", m.total.at_counter.into()),
                            ("needed", m.total.needed.into()),
                        ]
                    )
                ),
                text(tf(
                    "floor-take-up",
                    &[
                        ("offered", m.take_up.offered.into()),
                        ("confirmed", m.take_up.confirmed.into()),
                        ("printed", m.take_up.printed.into()),
                    ]
                ))
                .size(13),
            ]
            .spacing(10)
            .align_y(Alignment::Center),
            events,
        ]
        .spacing(4),
    )
    .padding(8)
    .width(Length::Fill)
    .style(container::bordered_box)
    .into()
}
