//! The event's facts as the clerk types and chooses them: the kind, its dates
//! as typed (和暦 or ISO), the members in each role, the addresses and the
//! yes/no questions of `crate::events`. Kept as typed so that switching the
//! kind back and forth loses nothing; read into an `Event` only for the kind
//! chosen, with what that kind does not ask left out.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::VisitError;
use crate::events::{self, DateAsk, FlagAsk, Role, TextAsk};
use crate::japanese::wareki;
use crate::model::{Event, EventKind, HouseholdChange};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventEntry {
    pub kind: EventKind,
    /// The event's date as typed.
    pub date: String,
    /// The other dates as typed, by field (`event.known_date`).
    #[serde(default)]
    pub dates: BTreeMap<String, String>,
    /// Texts by field (`event.previous_address`).
    #[serde(default)]
    pub texts: BTreeMap<String, String>,
    /// Yes/no facts by their text id.
    #[serde(default)]
    pub flags: BTreeMap<String, bool>,
    /// Member ids by role name.
    #[serde(default)]
    pub roles: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub change: Option<HouseholdChange>,
    /// 住民票コード as typed, by member id (a move-in).
    #[serde(default)]
    pub resident_codes: BTreeMap<String, String>,
}

impl EventEntry {
    pub fn new(kind: EventKind, today: NaiveDate) -> EventEntry {
        EventEntry {
            kind,
            date: today.to_string(),
            dates: BTreeMap::new(),
            texts: BTreeMap::new(),
            flags: BTreeMap::new(),
            roles: BTreeMap::new(),
            change: None,
            resident_codes: BTreeMap::new(),
        }
    }

    /// The 住民票コード typed for each member, read: 11 digits (full-width
    /// digits, spaces and hyphens are taken as typed on the certificate).
    /// Blank ones are left out; a code that does not read names its member.
    pub fn resident_codes(&self) -> Result<Vec<(String, String)>, VisitError> {
        use unicode_normalization::UnicodeNormalization;
        if !self.spec().asks_resident_codes {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        for (member, typed) in &self.resident_codes {
            let digits: String = typed
                .nfkc()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .collect();
            if digits.is_empty() {
                continue;
            }
            if digits.len() != 11 || !digits.chars().all(|c| c.is_ascii_digit()) {
                return Err(VisitError::ResidentCode {
                    member: member.clone(),
                    typed: typed.trim().to_string(),
                });
            }
            out.push((member.clone(), digits));
        }
        Ok(out)
    }

    /// The entries of an event sent before (a reopened visit).
    pub fn of_event(e: &Event) -> EventEntry {
        let mut entry = EventEntry::new(e.kind, e.date);
        let spec = events::spec(e.kind);
        for d in spec.dates {
            if let Some(v) = d.get(e) {
                entry.set_date(*d, v.to_string());
            }
        }
        for t in spec.texts {
            entry.set_text(*t, t.get(e).unwrap_or_default().to_string());
        }
        for f in spec.flags {
            entry.set_flag(*f, f.get(e));
        }
        for r in Role::ALL {
            let ids: Vec<String> = r.ids(e).into_iter().map(str::to_string).collect();
            if !ids.is_empty() {
                entry.roles.insert(r.name().to_string(), ids);
            }
        }
        entry.change = e.change;
        entry
    }

    /// The entries of an event sent before, with the members' 住民票コード.
    pub fn of_request(r: &crate::model::Request) -> EventEntry {
        let mut entry = EventEntry::of_event(&r.event);
        if entry.spec().asks_resident_codes {
            for m in &r.household.members {
                if let Some(code) = &m.resident_code {
                    entry.resident_codes.insert(m.id.clone(), code.clone());
                }
            }
        }
        entry
    }

    pub fn spec(&self) -> &'static events::EventSpec {
        events::spec(self.kind)
    }

    pub fn date_typed(&self, d: DateAsk) -> &str {
        self.dates.get(d.field()).map_or("", String::as_str)
    }
    pub fn set_date(&mut self, d: DateAsk, typed: String) {
        self.dates.insert(d.field().to_string(), typed);
    }
    pub fn text(&self, t: TextAsk) -> &str {
        self.texts.get(t.field()).map_or("", String::as_str)
    }
    pub fn set_text(&mut self, t: TextAsk, typed: String) {
        self.texts.insert(t.field().to_string(), typed);
    }
    pub fn flag(&self, f: FlagAsk) -> bool {
        self.flags.get(f.label()).copied().unwrap_or(false)
    }
    pub fn set_flag(&mut self, f: FlagAsk, on: bool) {
        self.flags.insert(f.label().to_string(), on);
    }
    pub fn members(&self, role: Role) -> &[String] {
        self.roles.get(role.name()).map_or(&[], Vec::as_slice)
    }

    /// Choose or unchoose a member for a role. A one-member role takes the
    /// last chosen; partners take two (choosing a third drops the first).
    pub fn choose(&mut self, role: Role, id: &str, on: bool) {
        let ids = self.roles.entry(role.name().to_string()).or_default();
        ids.retain(|m| m != id);
        if on {
            ids.push(id.to_string());
            while ids.len() > role.max() {
                ids.remove(0);
            }
        }
    }

    /// Every date of the kind reads (blank optional dates count as read).
    pub fn ready(&self) -> bool {
        self.event().is_ok() && self.resident_codes().is_ok()
    }

    /// The event for the kind chosen, with only what that kind asks.
    pub fn event(&self) -> Result<Event, VisitError> {
        let spec = self.spec();
        let date = wareki::parse_date(&self.date).map_err(|e| VisitError::Date {
            field: "event.date",
            error: e,
        })?;
        let mut e = Event::on(self.kind, date);
        for d in spec.dates {
            let typed = self.date_typed(*d).trim();
            if typed.is_empty() {
                continue;
            }
            let read = wareki::parse_date(typed).map_err(|error| VisitError::Date {
                field: d.field(),
                error,
            })?;
            d.set(&mut e, Some(read));
        }
        for t in spec.texts {
            t.set(&mut e, self.text(*t));
        }
        for f in spec.flags {
            f.set(&mut e, self.flag(*f));
        }
        for ask in spec.roles {
            if ask.role == Role::Newborn {
                continue;
            }
            ask.role.set(&mut e, self.members(ask.role).to_vec());
        }
        if spec.asks_change {
            e.change = self.change;
        }
        events::keep_asked(&mut e);
        if let (Some(planned), EventKind::MoveIn) = (e.planned_move_out_date, e.kind) {
            // The certificate's planned date lies before the move-in or within
            // the 14 days after it; a later one is a typing slip.
            if planned > date {
                return Err(VisitError::PlannedAfterMoveIn { planned, date });
            }
        }
        Ok(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn a_fact_typed_for_another_kind_is_not_sent() {
        let mut entry = EventEntry::new(EventKind::MoveIn, day());
        entry.set_text(TextAsk::PreviousAddress, "山口県下関市1-1".into());
        entry.choose(Role::Deceased, "h", true);
        assert_eq!(
            entry.event().unwrap().previous_address.as_deref(),
            Some("山口県下関市1-1")
        );
        assert_eq!(entry.event().unwrap().deceased_id, None);
        entry.kind = EventKind::Death;
        let e = entry.event().unwrap();
        assert_eq!(e.previous_address, None);
        assert_eq!(e.deceased_id.as_deref(), Some("h"));
    }

    #[test]
    fn an_event_sent_reads_back_into_the_same_entries() {
        let mut entry = EventEntry::new(EventKind::Death, day());
        entry.choose(Role::Deceased, "h", true);
        entry.set_date(DateAsk::KnownDate, "2026-11-25".into());
        entry.set_flag(FlagAsk::DiedAbroad, true);
        let e = entry.event().unwrap();
        assert_eq!(EventEntry::of_event(&e).event().unwrap(), e);
    }

    #[test]
    fn resident_codes_read_as_typed_and_a_bad_one_names_its_member() {
        let mut entry = EventEntry::new(EventKind::MoveIn, day());
        entry
            .resident_codes
            .insert("m1".into(), "１２３４５６７８９０１".into());
        entry.resident_codes.insert("m2".into(), "".into());
        assert_eq!(
            entry.resident_codes().unwrap(),
            vec![("m1".to_string(), "12345678901".to_string())]
        );
        entry.resident_codes.insert("m2".into(), "1234".into());
        assert!(matches!(
            entry.resident_codes(),
            Err(VisitError::ResidentCode { member, .. }) if member == "m2"
        ));
        assert!(!entry.ready());
        entry.kind = EventKind::Death;
        assert!(
            entry.resident_codes().unwrap().is_empty(),
            "asked on a move-in only"
        );
    }

    #[test]
    fn partners_keep_the_last_two_chosen() {
        let mut entry = EventEntry::new(EventKind::Marriage, day());
        for id in ["a", "b", "c"] {
            entry.choose(Role::Partners, id, true);
        }
        assert_eq!(entry.members(Role::Partners), ["b", "c"]);
        entry.choose(Role::Partners, "b", false);
        assert_eq!(entry.members(Role::Partners), ["c"]);
    }

    #[test]
    fn dates_are_read_and_bad_ones_named() {
        let mut entry = EventEntry::new(EventKind::Death, day());
        entry.set_date(DateAsk::KnownDate, "令和8年11月25日".into());
        assert_eq!(
            entry.event().unwrap().known_date,
            NaiveDate::from_ymd_opt(2026, 11, 25)
        );
        entry.set_date(DateAsk::KnownDate, "2026-02-30".into());
        assert!(matches!(
            entry.event(),
            Err(VisitError::Date {
                field: "event.known_date",
                ..
            })
        ));
        entry.kind = EventKind::MoveIn;
        entry.set_date(DateAsk::PlannedMoveOut, "2026-12-01".into());
        assert!(matches!(
            entry.event(),
            Err(VisitError::PlannedAfterMoveIn { .. })
        ));
    }
}
