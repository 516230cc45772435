//! After a change of head (世帯主変更, or the head's death): who the new head
//! is, and each member's 続柄 to them, as the 住民票 will write it.

use super::layouts::Ctx;
use crate::model::{EventKind, Member, Relation, Sex};

/// A procedure that changes the household itself (its head, its members).
pub fn changes_household(procedure: &str) -> bool {
    matches!(
        procedure,
        "resident.household_change" | "household.head_change" | "nhi.household_change"
    )
}

/// The new head after the event: named by the clerk, or after the head's
/// death, the surviving spouse, else the oldest adult survivor.
pub fn new_head<'a>(ctx: &'a Ctx<'_>) -> Option<&'a Member> {
    let req = &ctx.case.request;
    let e = &req.event;
    if let Some(m) = e
        .new_head_id
        .as_deref()
        .and_then(|id| req.household.member(id))
    {
        return Some(m);
    }
    let head = req.household.head()?;
    if e.kind != EventKind::Death || e.deceased_id.as_deref() != Some(head.id.as_str()) {
        return None;
    }
    let alive = |m: &&Member| m.id != head.id;
    req.household
        .members
        .iter()
        .filter(alive)
        .find(|m| m.relation == Relation::Spouse)
        .or_else(|| {
            req.household
                .members
                .iter()
                .filter(alive)
                .filter(|m| crate::japanese::legal_dates::age(m.birth_date, e.date) >= 18)
                .min_by_key(|m| m.birth_date)
        })
}

/// 続柄 to a new head, as the 住民票 will write it after a 世帯主変更: the
/// old head's spouse or child taking over (the common cases); what the
/// register does not tell is 縁故者 for the back office to confirm.
pub fn relation_to(
    m: &Member,
    head: &Member,
    old_head_id: Option<&str>,
) -> (&'static str, &'static str, &'static str) {
    use Relation::*;
    if m.id == head.id {
        return ("02", "", "世帯主");
    }
    let old = |x: &Member| Some(x.id.as_str()) == old_head_id;
    let by_sex =
        |male: (&'static str, &'static str), female: (&'static str, &'static str)| match m.sex {
            Sex::Male => (male.0, "", male.1),
            Sex::Female => (female.0, "", female.1),
        };
    match head.relation {
        // The spouse takes over: the old head is 夫/妻, the children 子.
        Spouse => match m.relation {
            _ if old(m) => by_sex(("11", "夫"), ("12", "妻")),
            Child => ("20", "", "子"),
            Grandchild => ("20", "20", "子の子"),
            Parent => match (head.sex, m.sex) {
                (Sex::Female, Sex::Male) => ("11", "51", "夫の父"),
                (Sex::Female, Sex::Female) => ("11", "52", "夫の母"),
                (Sex::Male, Sex::Male) => ("12", "51", "妻の父"),
                (Sex::Male, Sex::Female) => ("12", "52", "妻の母"),
            },
            _ => ("96", "", "縁故者"),
        },
        // A child takes over: the parents are 父/母, the siblings by age.
        Child => match m.relation {
            _ if old(m) => by_sex(("51", "父"), ("52", "母")),
            Spouse => by_sex(("51", "父"), ("52", "母")),
            Child => match (m.birth_date < head.birth_date, m.sex) {
                (true, Sex::Male) => ("71", "", "兄"),
                (true, Sex::Female) => ("81", "", "姉"),
                (false, Sex::Male) => ("74", "", "弟"),
                (false, Sex::Female) => ("84", "", "妹"),
            },
            _ => ("96", "", "縁故者"),
        },
        _ => ("96", "", "縁故者"),
    }
}
