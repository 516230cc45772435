//! The intake's event step, drawn from the event's spec (`crate::events`):
//! the kind, its date and other dates, the members in each role (chosen
//! among the household), the addresses (with the city's postal lookup for an
//! in-city move) and the yes/no questions; the newborn of a birth.

use iced::widget::{button, checkbox, column, container, row, text, text_input};
use iced::{Element, Length};

use super::newborn::{self, Newborn};
use super::tr::{s, t, tf};
use crate::api::HouseholdRecord;
use crate::events::{self, DateAsk, FlagAsk, Role, TextAsk};
use crate::model::{EventKind, HouseholdChange};
use crate::visit::EventEntry;

#[derive(Debug, Clone)]
pub enum Message {
    Kind(EventKind),
    Date(String),
    OtherDate(DateAsk, String),
    Text(TextAsk, String),
    Flag(FlagAsk, bool),
    Choose(Role, String, bool),
    Change(HouseholdChange),
    /// A member's 住民票コード as typed.
    ResidentCode(String, String),
    Newborn(newborn::Message),
    /// Enter pressed in a field: go on when the step is complete.
    Submit,
}

/// Apply a message to the entries; `Submit` is the intake's.
pub fn update(entry: &mut EventEntry, baby: &mut Newborn, m: Message) {
    match m {
        Message::Kind(k) => entry.kind = k,
        Message::Date(v) => entry.date = v,
        Message::OtherDate(d, v) => entry.set_date(d, v),
        Message::Text(TextAsk::NewPostalCode, v) => {
            // In the city, the postal code fills the new address up to the town.
            let before = looked_up(entry.text(TextAsk::NewPostalCode));
            let after = looked_up(&v);
            entry.set_text(TextAsk::NewPostalCode, v);
            if entry.kind == EventKind::MoveWithin {
                let typed = entry.text(TextAsk::NewAddress).to_string();
                if let Some(town) =
                    after.filter(|_| typed.is_empty() || Some(&typed) == before.as_ref())
                {
                    entry.set_text(TextAsk::NewAddress, town);
                }
            }
        }
        Message::Text(f, v) => entry.set_text(f, v),
        Message::Flag(f, on) => entry.set_flag(f, on),
        Message::Choose(r, id, on) => entry.choose(r, &id, on),
        Message::Change(c) => entry.change = Some(c),
        Message::ResidentCode(id, v) => {
            entry.resident_codes.insert(id, v);
        }
        Message::Newborn(m) => baby.update(m),
        Message::Submit => {}
    }
}

/// `福岡県北九州市小倉北区大手町` for a code of the city with one town.
fn looked_up(code: &str) -> Option<String> {
    let areas = crate::japanese::postal::lookup(code).ok()?;
    let [a] = areas.as_slice() else {
        return None;
    };
    Some(format!(
        "{}{}{}",
        crate::japanese::postal::CITY,
        a.ward,
        a.town
    ))
}

pub fn view<'a>(
    entry: &'a EventEntry,
    baby: &'a Newborn,
    household: Option<&'a HouseholdRecord>,
) -> Element<'a, Message> {
    let spec = entry.spec();
    let kinds = row(events::EVENTS.iter().filter(|e| e.at_counter).map(|e| {
        let style = if e.kind == entry.kind {
            button::primary
        } else {
            button::secondary
        };
        button(text(t(e.label)))
            .style(style)
            .on_press(Message::Kind(e.kind))
            .into()
    }))
    .spacing(8)
    .wrap();
    let mut c = column![text(t("event-heading")).size(18), kinds]
        .push(labeled(
            t(spec.date_label),
            text_input("2026-11-24", &entry.date)
                .id("event_date")
                .on_input(Message::Date)
                .on_submit(Message::Submit),
        ))
        .push(date_problem(&entry.date))
        .spacing(10);
    for d in spec.dates {
        let typed = entry.date_typed(*d);
        c = c
            .push(labeled(
                t(d.label()),
                text_input("YYYY-MM-DD", typed)
                    .id(d.field())
                    .on_input({
                        let d = *d;
                        move |v| Message::OtherDate(d, v)
                    })
                    .on_submit(Message::Submit),
            ))
            .push(date_problem(typed));
    }
    for f in spec.texts {
        let f = *f;
        c = c.push(labeled(
            t(f.label()),
            text_input(placeholder(f), entry.text(f))
                .id(f.field())
                .on_input(move |v| Message::Text(f, v))
                .on_submit(Message::Submit),
        ));
    }
    for f in spec.flags {
        let f = *f;
        c = c.push(
            checkbox(entry.flag(f))
                .label(t(f.label()))
                .on_toggle(move |on| Message::Flag(f, on)),
        );
    }
    if spec.asks_change {
        c = c.push(changes(entry));
    }
    let members = household.map(|h| &h.household);
    for ask in spec.roles {
        if matches!(ask.role, Role::Newborn | Role::Mother) {
            continue; // entered with the newborn
        }
        // A new head is asked for a change of head, and after the head's death.
        let head_died = entry.kind == EventKind::Death
            && members.is_some_and(|h| {
                h.head()
                    .is_some_and(|head| entry.members(Role::Deceased).contains(&head.id))
            });
        if ask.role == Role::NewHead
            && entry.change != Some(HouseholdChange::HeadChange)
            && !head_died
        {
            continue;
        }
        if let Some(h) = members {
            c = c.push(role_picker(entry, h, ask.role, ask.required));
        }
    }
    if spec.asks_resident_codes {
        if let Some(h) = members {
            c = c.push(resident_codes(entry, h));
        }
    }
    if entry.kind == EventKind::Birth {
        c = c.push(baby.view(members).map(Message::Newborn));
    }
    let listed = members.map(|h| {
        column(h.members.iter().map(|m| {
            text(format!(
                "・{}（{}）{}",
                m.name,
                m.kana,
                tf("find-born", &[("date", s(super::tr::date(m.birth_date)))])
            ))
            .size(15)
            .into()
        }))
        .spacing(2)
    });
    c.push(listed).into()
}

fn placeholder(f: TextAsk) -> &'static str {
    match f {
        TextAsk::FromPrefecture => "山口県",
        TextAsk::PreviousAddress => "山口県下関市竹崎町1丁目2番3号",
        TextAsk::NewPostalCode => "802-0001",
        TextAsk::NewAddress => "福岡県北九州市小倉北区浅野1丁目1番1号",
        TextAsk::Destination => "福岡県福岡市中央区天神1丁目1番1号",
    }
}

/// Each member's 住民票コード, as on the 転出証明書.
fn resident_codes<'a>(
    entry: &'a EventEntry,
    h: &'a crate::model::Household,
) -> Element<'a, Message> {
    let rows = column(h.members.iter().map(|m| {
        let typed = entry.resident_codes.get(&m.id).map_or("", String::as_str);
        let id = m.id.clone();
        row![
            text(m.name.clone()).width(160),
            text_input("12345678901", typed)
                .id(format!("resident_code:{}", m.id))
                .on_input(move |v| Message::ResidentCode(id.clone(), v))
                .on_submit(Message::Submit)
                .width(200),
        ]
        .spacing(8)
        .align_y(iced::Alignment::Center)
        .into()
    }))
    .spacing(4);
    let problem = entry.resident_codes().err().map(|e| {
        text(super::tr::visit_error(&e))
            .size(14)
            .style(text::danger)
    });
    labeled(
        t("event-resident-codes"),
        column![rows].push(problem).spacing(4),
    )
}

/// What a household change does.
fn changes(entry: &EventEntry) -> Element<'_, Message> {
    let choice = |c: HouseholdChange, label: &str| {
        button(text(t(label)))
            .style(if entry.change == Some(c) {
                button::primary
            } else {
                button::secondary
            })
            .on_press(Message::Change(c))
            .into()
    };
    labeled(
        t("event-change"),
        row([
            choice(HouseholdChange::HeadChange, "event-change-head"),
            choice(HouseholdChange::Split, "event-change-split"),
            choice(HouseholdChange::Merge, "event-change-merge"),
        ])
        .spacing(8),
    )
}

/// The household's members as buttons, the chosen ones highlighted.
fn role_picker<'a>(
    entry: &'a EventEntry,
    h: &'a crate::model::Household,
    role: Role,
    required: bool,
) -> Element<'a, Message> {
    let date = crate::japanese::wareki::parse_date(&entry.date).ok();
    let chosen = entry.members(role);
    // The one who files is among the living.
    let deceased = entry.members(Role::Deceased);
    let buttons = row(h
        .members
        .iter()
        .filter(|m| date.is_none_or(|d| role.can_be(m, d)))
        .filter(|m| {
            !matches!(role, Role::Notifier | Role::NewHead)
                || entry.kind != EventKind::Death
                || !deceased.contains(&m.id)
        })
        .map(|m| {
            let on = chosen.contains(&m.id);
            // Each button has an id (`role:deceased:h`), so keyboards, screen
            // readers and tests tell the same name in two roles apart.
            container(
                button(text(m.name.clone()))
                    .style(if on {
                        button::primary
                    } else {
                        button::secondary
                    })
                    .on_press(Message::Choose(role, m.id.clone(), !on)),
            )
            .id(role_button_id(role, &m.id))
            .into()
        }))
    .spacing(8)
    .wrap();
    let label = if required {
        tf(
            "role-required",
            &[("role", s(t(&format!("role-{}", role.name()))))],
        )
    } else {
        t(&format!("role-{}", role.name()))
    };
    labeled(label, buttons)
}

/// The id of a member's button in a role's picker.
pub fn role_button_id(role: Role, member: &str) -> String {
    format!("role:{}:{member}", role.name())
}

/// Under a date field: why what is typed there is not a date (blank while it is empty or
/// reads as one), so the clerk sees at once why Next stays greyed out. The line keeps its
/// height either way, so the fields below do not jump while a date is being typed.
pub(super) fn date_problem<'a, M: 'a>(typed: &str) -> Element<'a, M> {
    let problem = match typed.trim() {
        "" => None,
        typed => crate::japanese::wareki::parse_date(typed).err(),
    };
    let bad = problem.is_some();
    let said = match problem {
        Some(e) => super::tr::date_error(&e),
        // A date that reads is shown back as read: 令和8年11月24日(火).
        None => crate::japanese::wareki::parse_date(typed.trim())
            .map(|d| tf("date-read", &[("date", s(super::tr::date_weekday(d)))]))
            .unwrap_or_default(),
    };
    let style = if bad {
        text::danger
    } else {
        super::theme::muted
    };
    container(text(said).size(14).style(style))
        .height(Length::Fixed(20.0))
        .into()
}

pub(super) fn labeled<'a, M: 'a>(
    label: String,
    input: impl Into<Element<'a, M>>,
) -> Element<'a, M> {
    column![text(label).size(14), input.into()]
        .spacing(2)
        .into()
}
