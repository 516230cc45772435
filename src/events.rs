//! What each life event is, in one place: its kind and label, the members it
//! names (roles), the dates it asks for and the other facts the counter asks.
//! The input validation, the window's event step, the visit core and the
//! forms' bindings all read this table; adding an event is a row here, its
//! procedures in the catalog and its texts in the locales (docs/catalog.md).

use chrono::NaiveDate;

use crate::model::{Event, EventKind, HouseholdChange, Member, Request};

/// A member an event names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The baby of a birth: entered at the counter, not chosen.
    Newborn,
    Mother,
    Deceased,
    /// The one or two members who marry or divorce.
    Partners,
    /// The member whose surname changes with the marriage or divorce.
    SurnameChanger,
    NewHead,
    /// The member who files at the counter (届出人); absent: the head, or after
    /// a death the first adult survivor.
    Notifier,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Newborn,
        Role::Mother,
        Role::Deceased,
        Role::Partners,
        Role::SurnameChanger,
        Role::NewHead,
        Role::Notifier,
    ];

    /// The request field that holds the member id(s).
    pub fn field(self) -> &'static str {
        match self {
            Role::Newborn => "event.newborn_id",
            Role::Mother => "event.mother_id",
            Role::Deceased => "event.deceased_id",
            Role::Partners => "event.partner_ids",
            Role::SurnameChanger => "event.surname_change_id",
            Role::NewHead => "event.new_head_id",
            Role::Notifier => "event.notifier_id",
        }
    }

    /// The name used in form bindings (`deceased.name`) and text ids (`role-deceased`).
    pub fn name(self) -> &'static str {
        match self {
            Role::Newborn => "newborn",
            Role::Mother => "mother",
            Role::Deceased => "deceased",
            Role::Partners => "partner",
            Role::SurnameChanger => "surname_changer",
            Role::NewHead => "new_head",
            Role::Notifier => "notifier",
        }
    }

    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name)
    }

    /// How many members the role can name.
    pub fn max(self) -> usize {
        if self == Role::Partners {
            2
        } else {
            1
        }
    }

    /// The member ids the event gives for this role.
    pub fn ids(self, e: &Event) -> Vec<&str> {
        fn one(v: &Option<String>) -> Vec<&str> {
            v.as_deref().into_iter().collect()
        }
        match self {
            Role::Newborn => one(&e.newborn_id),
            Role::Mother => one(&e.mother_id),
            Role::Deceased => one(&e.deceased_id),
            Role::Partners => e.partner_ids.iter().map(String::as_str).collect(),
            Role::SurnameChanger => one(&e.surname_change_id),
            Role::NewHead => one(&e.new_head_id),
            Role::Notifier => one(&e.notifier_id),
        }
    }

    /// Set the role's member ids (at most `max`; the first for a one-member role).
    pub fn set(self, e: &mut Event, ids: Vec<String>) {
        let first = ids.first().cloned();
        match self {
            Role::Newborn => e.newborn_id = first,
            Role::Mother => e.mother_id = first,
            Role::Deceased => e.deceased_id = first,
            Role::Partners => e.partner_ids = ids.into_iter().take(2).collect(),
            Role::SurnameChanger => e.surname_change_id = first,
            Role::NewHead => e.new_head_id = first,
            Role::Notifier => e.notifier_id = first,
        }
    }

    /// Whether `m` can take this role (the window offers only these).
    pub fn can_be(self, m: &Member, event_date: NaiveDate) -> bool {
        let age = crate::japanese::legal_dates::age(m.birth_date, event_date);
        match self {
            Role::Mother => m.sex == crate::model::Sex::Female && age >= 12,
            Role::Partners | Role::SurnameChanger => age >= 18,
            Role::Notifier => age >= 15,
            _ => true,
        }
    }
}

/// The members of the request that an event's role names, in the order given.
pub fn role_members(request: &Request, role: Role) -> Vec<&Member> {
    let mut ids = role.ids(&request.event);
    if role == Role::Notifier && ids.is_empty() {
        return default_notifier(request).into_iter().collect();
    }
    ids.dedup();
    ids.into_iter()
        .filter_map(|id| request.household.member(id))
        .collect()
}

/// Who files when the clerk names no one: the head, or, when the head died,
/// the oldest adult survivor.
fn default_notifier(request: &Request) -> Option<&Member> {
    let e = &request.event;
    let dead = e
        .deceased_id
        .as_deref()
        .filter(|_| e.kind == EventKind::Death);
    let alive = |m: &&Member| Some(m.id.as_str()) != dead;
    let h = &request.household;
    h.head().filter(alive).or_else(|| {
        h.members
            .iter()
            .filter(alive)
            .filter(|m| crate::japanese::legal_dates::age(m.birth_date, e.date) >= 18)
            .min_by_key(|m| m.birth_date)
    })
}

/// A role an event asks for.
#[derive(Debug, Clone, Copy)]
pub struct RoleAsk {
    pub role: Role,
    pub required: bool,
}

/// A date an event asks for, besides its own date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateAsk {
    /// The move-out certificate's 転出予定日 (move-in).
    PlannedMoveOut,
    /// The day the filer learned of a death (default: the day of death).
    KnownDate,
}

impl DateAsk {
    pub fn field(self) -> &'static str {
        match self {
            DateAsk::PlannedMoveOut => "event.planned_move_out_date",
            DateAsk::KnownDate => "event.known_date",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            DateAsk::PlannedMoveOut => "event-planned-move-out",
            DateAsk::KnownDate => "event-known-date",
        }
    }
    pub fn get(self, e: &Event) -> Option<NaiveDate> {
        match self {
            DateAsk::PlannedMoveOut => e.planned_move_out_date,
            DateAsk::KnownDate => e.known_date,
        }
    }
    pub fn set(self, e: &mut Event, v: Option<NaiveDate>) {
        match self {
            DateAsk::PlannedMoveOut => e.planned_move_out_date = v,
            DateAsk::KnownDate => e.known_date = v,
        }
    }
}

/// A fact typed in as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextAsk {
    FromPrefecture,
    /// As on the 転出証明書.
    PreviousAddress,
    /// The postal code of the new address or destination (looked up).
    NewPostalCode,
    NewAddress,
    Destination,
}

impl TextAsk {
    pub fn field(self) -> &'static str {
        match self {
            TextAsk::FromPrefecture => "event.from_prefecture",
            TextAsk::PreviousAddress => "event.previous_address",
            TextAsk::NewPostalCode => "event.new_postal_code",
            TextAsk::NewAddress => "event.new_address",
            TextAsk::Destination => "event.destination",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            TextAsk::FromPrefecture => "event-from-prefecture",
            TextAsk::PreviousAddress => "event-previous-address",
            TextAsk::NewPostalCode => "event-new-postal-code",
            TextAsk::NewAddress => "event-new-address",
            TextAsk::Destination => "event-destination",
        }
    }
    pub fn get(self, e: &Event) -> Option<&str> {
        match self {
            TextAsk::FromPrefecture => e.from_prefecture.as_deref(),
            TextAsk::PreviousAddress => e.previous_address.as_deref(),
            TextAsk::NewPostalCode => e.new_postal_code.as_deref(),
            TextAsk::NewAddress => e.new_address.as_deref(),
            TextAsk::Destination => e.destination.as_deref(),
        }
    }
    /// Set the fact; blank is absent.
    pub fn set(self, e: &mut Event, v: &str) {
        let v = Some(v.trim().to_string()).filter(|s| !s.is_empty());
        match self {
            TextAsk::FromPrefecture => e.from_prefecture = v,
            TextAsk::PreviousAddress => e.previous_address = v,
            TextAsk::NewPostalCode => e.new_postal_code = v,
            TextAsk::NewAddress => e.new_address = v,
            TextAsk::Destination => e.destination = v,
        }
    }
}

/// A yes/no fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FlagAsk {
    FromAbroad,
    DiedAbroad,
    ByCourt,
}

impl FlagAsk {
    pub fn label(self) -> &'static str {
        match self {
            FlagAsk::FromAbroad => "event-from-abroad",
            FlagAsk::DiedAbroad => "event-died-abroad",
            FlagAsk::ByCourt => "event-by-court",
        }
    }
    pub fn get(self, e: &Event) -> bool {
        match self {
            FlagAsk::FromAbroad => e.from_abroad,
            FlagAsk::DiedAbroad => e.died_abroad,
            FlagAsk::ByCourt => e.by_court,
        }
    }
    pub fn set(self, e: &mut Event, on: bool) {
        match self {
            FlagAsk::FromAbroad => e.from_abroad = on,
            FlagAsk::DiedAbroad => e.died_abroad = on,
            FlagAsk::ByCourt => e.by_court = on,
        }
    }
}

/// One life event as the counter handles it.
#[derive(Debug)]
pub struct EventSpec {
    pub kind: EventKind,
    /// The text id of its name (the window's button).
    pub label: &'static str,
    /// The text id of what its date is (転入した日, 死亡日, …).
    pub date_label: &'static str,
    pub roles: &'static [RoleAsk],
    pub dates: &'static [DateAsk],
    pub texts: &'static [TextAsk],
    pub flags: &'static [FlagAsk],
    /// Asks what a household change does (世帯主変更, 分離, 合併).
    pub asks_change: bool,
    /// Asks each member's 住民票コード (a move-in: from the 転出証明書).
    pub asks_resident_codes: bool,
    /// Offered in the window's event step.
    pub at_counter: bool,
}

const fn req(role: Role) -> RoleAsk {
    RoleAsk {
        role,
        required: true,
    }
}
const fn opt(role: Role) -> RoleAsk {
    RoleAsk {
        role,
        required: false,
    }
}

/// Every event, in the order the window offers them.
pub const EVENTS: &[EventSpec] = &[
    EventSpec {
        kind: EventKind::MoveIn,
        label: "event-move-in",
        date_label: "event-date-move-in",
        roles: &[opt(Role::Notifier)],
        dates: &[DateAsk::PlannedMoveOut],
        texts: &[TextAsk::FromPrefecture, TextAsk::PreviousAddress],
        flags: &[FlagAsk::FromAbroad],
        asks_change: false,
        asks_resident_codes: true,
        at_counter: true,
    },
    EventSpec {
        kind: EventKind::MoveWithin,
        label: "event-move-within",
        date_label: "event-date-move-within",
        roles: &[opt(Role::Notifier)],
        dates: &[],
        texts: &[TextAsk::NewPostalCode, TextAsk::NewAddress],
        flags: &[],
        asks_change: false,
        asks_resident_codes: false,
        at_counter: true,
    },
    EventSpec {
        kind: EventKind::MoveOut,
        label: "event-move-out",
        date_label: "event-date-move-out",
        roles: &[opt(Role::Notifier)],
        dates: &[],
        texts: &[TextAsk::NewPostalCode, TextAsk::Destination],
        flags: &[],
        asks_change: false,
        asks_resident_codes: false,
        at_counter: true,
    },
    EventSpec {
        kind: EventKind::Birth,
        label: "event-birth",
        date_label: "event-date-birth",
        roles: &[req(Role::Newborn), opt(Role::Mother), opt(Role::Notifier)],
        dates: &[],
        texts: &[],
        flags: &[],
        asks_change: false,
        asks_resident_codes: false,
        at_counter: true,
    },
    EventSpec {
        kind: EventKind::Death,
        label: "event-death",
        date_label: "event-date-death",
        roles: &[req(Role::Deceased), opt(Role::NewHead), opt(Role::Notifier)],
        dates: &[DateAsk::KnownDate],
        texts: &[],
        flags: &[FlagAsk::DiedAbroad],
        asks_change: false,
        asks_resident_codes: false,
        at_counter: true,
    },
    EventSpec {
        kind: EventKind::Marriage,
        label: "event-marriage",
        date_label: "event-date-marriage",
        roles: &[
            req(Role::Partners),
            opt(Role::SurnameChanger),
            opt(Role::Notifier),
        ],
        dates: &[],
        texts: &[],
        flags: &[],
        asks_change: false,
        asks_resident_codes: false,
        at_counter: true,
    },
    EventSpec {
        kind: EventKind::Divorce,
        label: "event-divorce",
        date_label: "event-date-divorce",
        roles: &[
            req(Role::Partners),
            opt(Role::SurnameChanger),
            opt(Role::Notifier),
        ],
        dates: &[],
        texts: &[],
        flags: &[FlagAsk::ByCourt],
        asks_change: false,
        asks_resident_codes: false,
        at_counter: true,
    },
    EventSpec {
        kind: EventKind::HouseholdChange,
        label: "event-household-change",
        date_label: "event-date-household-change",
        roles: &[opt(Role::NewHead), opt(Role::Notifier)],
        dates: &[],
        texts: &[],
        flags: &[],
        asks_change: true,
        asks_resident_codes: false,
        at_counter: true,
    },
];

/// The spec of `kind` (every kind has one; a kind missing here is a test failure).
pub fn spec(kind: EventKind) -> &'static EventSpec {
    EVENTS.iter().find(|s| s.kind == kind).unwrap_or(&EVENTS[0])
}

/// The roles an event does not ask for are cleared, as are its unasked facts,
/// so that what was typed for another kind is not sent with this one.
pub fn keep_asked(e: &mut Event) {
    let s = spec(e.kind);
    for role in Role::ALL {
        if !s.roles.iter().any(|r| r.role == role) {
            role.set(e, Vec::new());
        }
    }
    for d in [DateAsk::PlannedMoveOut, DateAsk::KnownDate] {
        if !s.dates.contains(&d) {
            d.set(e, None);
        }
    }
    for t in [
        TextAsk::FromPrefecture,
        TextAsk::PreviousAddress,
        TextAsk::NewPostalCode,
        TextAsk::NewAddress,
        TextAsk::Destination,
    ] {
        if !s.texts.contains(&t) {
            t.set(e, "");
        }
    }
    for f in [FlagAsk::FromAbroad, FlagAsk::DiedAbroad, FlagAsk::ByCourt] {
        if !s.flags.contains(&f) {
            f.set(e, false);
        }
    }
    if !s.asks_change {
        e.change = None;
    }
    if e.change != Some(HouseholdChange::HeadChange) && e.kind == EventKind::HouseholdChange {
        e.new_head_id = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_one_spec() {
        for k in EventKind::ALL {
            assert_eq!(
                EVENTS.iter().filter(|s| s.kind == k).count(),
                1,
                "{k:?} must have exactly one spec"
            );
        }
    }

    #[test]
    fn roles_round_trip_through_their_fields() {
        let mut e = Event::on(
            EventKind::Marriage,
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        );
        for role in Role::ALL {
            role.set(&mut e, vec!["a".into(), "b".into(), "c".into()]);
            assert_eq!(role.ids(&e).len(), role.max(), "{role:?}");
            assert_eq!(Role::parse(role.name()), Some(role));
        }
    }
}
