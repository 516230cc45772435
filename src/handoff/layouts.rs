//! The hand-off's CSV layouts: which procedures each takes, its columns
//! (named after the items of the 住民異動届 and the standard's data items,
//! docs/handoff.md says where each comes from), and its rows, one per member
//! concerned, the same members the printed form lists.

use chrono::NaiveDate;

use crate::api::CaseSubmission;
use crate::catalog::Catalog;
use crate::japanese::{kana, wareki};
use crate::model::{EventKind, HouseholdChange, Member, Relation, Sex};

use super::new_head::{changes_household, new_head, relation_to};

/// One CSV of the package.
pub struct Layout {
    pub file: &'static str,
    /// The procedures whose rows it holds.
    pub procedures: &'static [&'static str],
    pub columns: &'static [&'static str],
    rows: fn(&Ctx<'_>, &str) -> Vec<Vec<String>>,
}

/// What a row is made of: the case, the day it was received (Japan), and the
/// catalog in effect (for the form's lists of members).
pub struct Ctx<'a> {
    pub case: &'a CaseSubmission,
    pub received: NaiveDate,
    pub catalog: Option<&'a Catalog>,
}

impl Layout {
    pub fn rows(&self, ctx: &Ctx<'_>, procedure: &str) -> Vec<Vec<String>> {
        (self.rows)(ctx, procedure)
    }
}

/// A person's columns, in this order, in every layout.
pub const PERSON: [&str; 8] = [
    "氏名",
    "氏名_フリガナ",
    "生年月日",
    "生年月日_和暦表記",
    "性別",
    "続柄コード1",
    "続柄コード2",
    "続柄表記",
];

pub const JUKI_IDO: Layout = Layout {
    file: "juki_ido.csv",
    procedures: &[
        "resident.move_in",
        "resident.move_within",
        "resident.move_out",
        "resident.household_change",
        "household.head_change",
        "koseki.birth",
        "koseki.death",
    ],
    columns: &[
        "届出ID",
        "行番号",
        "手続ID",
        "異動事由",
        "異動事由_名称",
        "異動年月日",
        "異動届出年月日",
        "氏名",
        "氏名_フリガナ",
        "生年月日",
        "生年月日_和暦表記",
        "性別",
        "続柄コード1",
        "続柄コード2",
        "続柄表記",
        "世帯主の氏名",
        "世帯主フラグ",
        "本籍",
        "筆頭者",
        "住民票コード",
        "住所_郵便番号",
        "住所_全文",
        "住所を定めた年月日",
        "住民となった年月日",
        "転入前住所_都道府県",
        "転入前住所_全文",
        "転居前住所_全文",
        "転出先住所（予定）_郵便番号",
        "転出先住所（予定）_全文",
        "転出証明書_転出予定年月日",
        "国外転入フラグ",
        "届出人氏名",
        "受付窓口",
    ],
    rows: juki_rows,
};

pub const KOKUHO: Layout = Layout {
    file: "kokuho_shikaku.csv",
    procedures: &["nhi.enroll", "nhi.withdraw", "nhi.loss"],
    columns: &[
        "届出ID",
        "行番号",
        "手続ID",
        "手続区分",
        "氏名",
        "氏名_フリガナ",
        "生年月日",
        "生年月日_和暦表記",
        "性別",
        "続柄コード1",
        "続柄コード2",
        "続柄表記",
        "世帯主の氏名",
        "住所_全文",
        "国保資格取得年月日",
        "国保資格取得事由",
        "国保資格喪失年月日",
        "国保資格喪失事由",
        "職業",
        "前保険",
        "届出年月日",
        "届出人氏名",
        "受付窓口",
    ],
    rows: kokuho_rows,
};

pub const JIDOTEATE: Layout = Layout {
    file: "jidoteate_nintei.csv",
    procedures: &["child_allowance.claim"],
    columns: &[
        "請求ID",
        "行番号",
        "手続ID",
        "請求年月日",
        "請求者_氏名",
        "請求者_氏名_フリガナ",
        "請求者_生年月日",
        "請求者_住所_全文",
        "請求者_公務員区分",
        "配偶者_氏名",
        "配偶者_生年月日",
        "児童_氏名",
        "児童_氏名_フリガナ",
        "児童_生年月日",
        "児童_性別",
        "児童_続柄表記",
        "児童_同居区分",
        "受付窓口",
    ],
    rows: jidoteate_rows,
};

/// Every other procedure: one file each, the same columns.
pub const OTHER_COLUMNS: &[&str] = &[
    "届出ID",
    "行番号",
    "手続ID",
    "手続名",
    "氏名",
    "氏名_フリガナ",
    "生年月日",
    "生年月日_和暦表記",
    "性別",
    "続柄コード1",
    "続柄コード2",
    "続柄表記",
    "世帯主の氏名",
    "住所_郵便番号",
    "住所_全文",
    "異動年月日",
    "届出年月日",
    "受付窓口",
];

pub const LAYOUTS: [&Layout; 3] = [&JUKI_IDO, &KOKUHO, &JIDOTEATE];

/// The layout of a procedure's own file (`other.<id>.csv` when none of the
/// three takes it).
pub fn layout_of(procedure: &str) -> Option<&'static Layout> {
    LAYOUTS
        .into_iter()
        .find(|l| l.procedures.contains(&procedure))
}

pub fn other_file(procedure: &str) -> String {
    format!("other.{procedure}.csv")
}

/// The household's address written whole (北九州市小倉北区…), as on the forms.
fn whole_address(ctx: &Ctx<'_>) -> String {
    let h = &ctx.case.request.household;
    match ctx.catalog {
        Some(c) => crate::print::bind::full_address(&c.municipality, h).unwrap_or_default(),
        None => h.address.clone().unwrap_or_default(),
    }
}

/// An address in the city as typed, written whole.
fn in_city(ctx: &Ctx<'_>, typed: &str) -> String {
    match ctx.catalog {
        Some(c) => {
            crate::print::bind::in_city(&c.municipality, &ctx.case.request.household.ward, typed)
        }
        None => typed.to_string(),
    }
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// 続柄 as the 住民票 writes it, with the codes of the standard's list
/// (handoff-reference §3.4): 02 世帯主, 11 夫, 12 妻, 20 子, 51 父, 52 母, 96 縁故者.
fn relation(m: &Member) -> (&'static str, &'static str, &'static str) {
    match (m.relation, m.sex) {
        (Relation::Head, _) => ("02", "", "世帯主"),
        (Relation::Spouse, Sex::Male) => ("11", "", "夫"),
        (Relation::Spouse, Sex::Female) => ("12", "", "妻"),
        (Relation::Child, _) => ("20", "", "子"),
        (Relation::Parent, Sex::Male) => ("51", "", "父"),
        (Relation::Parent, Sex::Female) => ("52", "", "母"),
        (Relation::Grandchild, _) => ("20", "20", "子の子"),
        (Relation::Other, _) => ("96", "", "縁故者"),
    }
}

fn person(m: &Member) -> Vec<String> {
    let (c1, c2, label) = relation(m);
    vec![
        m.name.clone(),
        kana::normalize_kana(&m.kana),
        m.birth_date.to_string(),
        wareki::format_date(m.birth_date),
        match m.sex {
            Sex::Male => "1",
            Sex::Female => "2",
        }
        .into(),
        c1.into(),
        c2.into(),
        label.into(),
    ]
}

fn head_name(ctx: &Ctx<'_>) -> String {
    ctx.case
        .request
        .household
        .head()
        .map(|h| h.name.clone())
        .unwrap_or_default()
}

/// Who filed: the member the clerk named, or the events' rule (the head; after
/// the head's death, the oldest adult survivor). Never the deceased.
fn notifier_name(ctx: &Ctx<'_>) -> String {
    crate::events::role_members(&ctx.case.request, crate::events::Role::Notifier)
        .first()
        .map(|m| m.name.clone())
        .unwrap_or_default()
}

/// The members a procedure concerns: those the determination names, or for a
/// household-level procedure, the members its form lists.
fn concerned<'a>(ctx: &'a Ctx<'_>, procedure: &str) -> Vec<&'a Member> {
    let req = &ctx.case.request;
    let named = ctx
        .case
        .determination
        .procedure(procedure)
        .map(|p| p.members.clone())
        .unwrap_or_default();
    if !named.is_empty() {
        return req
            .household
            .members
            .iter()
            .filter(|m| named.contains(&m.id))
            .collect();
    }
    let e = &req.event;
    let one = |id: Option<&str>| -> Vec<&'a Member> {
        id.and_then(|id| req.household.member(id))
            .into_iter()
            .collect()
    };
    match e.kind {
        // A death's procedures are the deceased's, but for the household's
        // own change (a new head), which lists the survivors.
        EventKind::Death if !changes_household(procedure) => one(e.deceased_id.as_deref()),
        // A birth's are the newborn's.
        EventKind::Birth => one(e.newborn_id.as_deref()),
        _ => crate::print::batch::movers(req),
    }
}

/// 異動事由 of the standard's list (handoff-reference §3.4) for the event.
fn reason(ctx: &Ctx<'_>, procedure: &str) -> (&'static str, &'static str) {
    let e = &ctx.case.request.event;
    match (procedure, e.kind, e.change) {
        ("resident.move_in", _, _) if e.from_abroad => ("02", "国外転入等"),
        ("resident.move_in", _, _) => ("01", "国内転入"),
        ("resident.move_within", _, _) => ("41", "転居"),
        ("resident.move_out", _, _) => ("21", "国内転出"),
        ("koseki.death", _, _) => ("23", "死亡"),
        ("koseki.birth", _, _) => ("03", "出生"),
        (_, _, Some(HouseholdChange::Split)) => ("50", "世帯分離"),
        (_, _, Some(HouseholdChange::Merge)) => ("51", "世帯合併"),
        (_, EventKind::Death, _) | (_, _, Some(HouseholdChange::HeadChange)) => {
            ("53", "世帯主変更")
        }
        _ => ("52", "世帯変更"),
    }
}

fn juki_rows(ctx: &Ctx<'_>, procedure: &str) -> Vec<Vec<String>> {
    let req = &ctx.case.request;
    let e = &req.event;
    let h = &req.household;
    let (code, name) = reason(ctx, procedure);
    // After a change of head, the rows speak of the new household.
    let taking_over = changes_household(procedure)
        .then(|| new_head(ctx))
        .flatten();
    let old_head = h.head().map(|m| m.id.as_str());
    let head = taking_over.map_or_else(|| head_name(ctx), |m| m.name.clone());
    let moving_in = procedure == "resident.move_in";
    let within = procedure == "resident.move_within";
    let out = procedure == "resident.move_out";
    // 住所を定めた年月日 and 住民となった年月日 (転入; 転居 sets the first only).
    let settled = if moving_in || within {
        e.date.to_string()
    } else {
        String::new()
    };
    let became = if moving_in {
        e.date.to_string()
    } else {
        String::new()
    };
    let address = if within {
        e.new_address
            .as_deref()
            .map(|a| in_city(ctx, a))
            .unwrap_or_default()
    } else {
        whole_address(ctx)
    };
    // 転居: the address before is the household's, as kept.
    let before = whole_address(ctx);
    let postal = if within {
        e.new_postal_code.clone()
    } else {
        h.postal_code.clone()
    };
    concerned(ctx, procedure)
        .into_iter()
        .enumerate()
        .map(|(i, m)| {
            let mut row = vec![
                ctx.case.id.clone(),
                (i + 1).to_string(),
                procedure.to_string(),
                code.into(),
                name.into(),
                e.date.to_string(),
                ctx.received.to_string(),
            ];
            let mut p = person(m);
            let is_head = match taking_over {
                Some(new) => {
                    let (c1, c2, label) = relation_to(m, new, old_head);
                    p[5] = c1.into();
                    p[6] = c2.into();
                    p[7] = label.into();
                    m.id == new.id
                }
                None => m.relation == Relation::Head,
            };
            row.extend(p);
            row.extend([
                head.clone(),
                u8::from(is_head).to_string(),
                m.honseki.clone().unwrap_or_default(),
                m.hittousha.clone().unwrap_or_default(),
                m.resident_code.clone().unwrap_or_default(),
                postal.clone().unwrap_or_default(),
                address.clone(),
                settled.clone(),
                became.clone(),
                if moving_in {
                    e.from_prefecture.clone().unwrap_or_default()
                } else {
                    String::new()
                },
                if moving_in {
                    e.previous_address.clone().unwrap_or_default()
                } else {
                    String::new()
                },
                if within {
                    before.clone()
                } else {
                    String::new()
                },
                if out {
                    e.new_postal_code.clone().unwrap_or_default()
                } else {
                    String::new()
                },
                if out {
                    e.destination.clone().unwrap_or_default()
                } else {
                    String::new()
                },
                if moving_in {
                    date(e.planned_move_out_date)
                } else {
                    String::new()
                },
                u8::from(moving_in && e.from_abroad).to_string(),
                notifier_name(ctx),
                ctx.case.counter.clone(),
            ]);
            row
        })
        .collect()
}

fn kokuho_rows(ctx: &Ctx<'_>, procedure: &str) -> Vec<Vec<String>> {
    let req = &ctx.case.request;
    let e = &req.event;
    let head = head_name(ctx);
    let address = whole_address(ctx);
    // 取得 on the event's day; 喪失 the day after a death or a move out
    // (国民健康保険法8条: the day after the day it no longer applies).
    let (kind, gain, gain_reason, loss, loss_reason) = match procedure {
        "nhi.enroll" => {
            let why = match e.kind {
                EventKind::Birth => "04",
                EventKind::MoveIn => "01",
                _ => "09",
            };
            ("取得", date(Some(e.date)), why, String::new(), "")
        }
        "nhi.loss" => ("喪失", String::new(), "", date(e.date.succ_opt()), "44"),
        // 転出: the day the new address is taken, the move date
        // (国民健康保険法8条 ただし書).
        _ => ("喪失", String::new(), "", date(Some(e.date)), "41"),
    };
    concerned(ctx, procedure)
        .into_iter()
        .enumerate()
        .map(|(i, m)| {
            let mut row = vec![
                ctx.case.id.clone(),
                (i + 1).to_string(),
                procedure.to_string(),
                kind.into(),
            ];
            row.extend(person(m));
            row.extend([
                head.clone(),
                address.clone(),
                gain.clone(),
                gain_reason.into(),
                loss.clone(),
                loss_reason.into(),
                m.occupation.clone().unwrap_or_default(),
                m.previous_insurance.clone().unwrap_or_default(),
                ctx.received.to_string(),
                notifier_name(ctx),
                ctx.case.counter.clone(),
            ]);
            row
        })
        .collect()
}

fn jidoteate_rows(ctx: &Ctx<'_>, procedure: &str) -> Vec<Vec<String>> {
    let req = &ctx.case.request;
    let h = &req.household;
    let left = req.event.deceased_id.as_deref();
    let Some(claimant) = h.claimant_among(left) else {
        return Vec::new();
    };
    let spouse = h.members.iter().find(|m| {
        Some(m.id.as_str()) != left
            && m.id != claimant.id
            && matches!(m.relation, Relation::Head | Relation::Spouse)
    });
    let children = match ctx.catalog {
        Some(c) => crate::print::batch::children(req, c),
        None => h
            .members
            .iter()
            .filter(|m| m.relation == Relation::Child)
            .collect(),
    };
    children
        .into_iter()
        .enumerate()
        .map(|(i, child)| {
            let (_, _, label) = relation(child);
            vec![
                ctx.case.id.clone(),
                (i + 1).to_string(),
                procedure.to_string(),
                ctx.received.to_string(),
                claimant.name.clone(),
                kana::normalize_kana(&claimant.kana),
                claimant.birth_date.to_string(),
                whole_address(ctx),
                u8::from(claimant.civil_servant).to_string(),
                spouse.map(|s| s.name.clone()).unwrap_or_default(),
                spouse.map(|s| s.birth_date.to_string()).unwrap_or_default(),
                child.name.clone(),
                kana::normalize_kana(&child.kana),
                child.birth_date.to_string(),
                match child.sex {
                    Sex::Male => "1",
                    Sex::Female => "2",
                }
                .into(),
                label.into(),
                "同居".into(),
                ctx.case.counter.clone(),
            ]
        })
        .collect()
}

/// The rows of a procedure no layout takes.
pub fn other_rows(ctx: &Ctx<'_>, procedure: &str) -> Vec<Vec<String>> {
    let req = &ctx.case.request;
    let title = ctx
        .case
        .determination
        .procedure(procedure)
        .map(|p| p.title.clone())
        .unwrap_or_default();
    let head = head_name(ctx);
    concerned(ctx, procedure)
        .into_iter()
        .enumerate()
        .map(|(i, m)| {
            let mut row = vec![
                ctx.case.id.clone(),
                (i + 1).to_string(),
                procedure.to_string(),
                title.clone(),
            ];
            row.extend(person(m));
            row.extend([
                head.clone(),
                req.household.postal_code.clone().unwrap_or_default(),
                whole_address(ctx),
                req.event.date.to_string(),
                ctx.received.to_string(),
                ctx.case.counter.clone(),
            ]);
            row
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_layout_has_its_person_columns_in_order() {
        for l in LAYOUTS.iter().copied().filter(|l| l.file != JIDOTEATE.file) {
            let at = l.columns.iter().position(|c| *c == "氏名").unwrap();
            assert_eq!(&l.columns[at..at + PERSON.len()], &PERSON[..], "{}", l.file);
        }
        let at = OTHER_COLUMNS.iter().position(|c| *c == "氏名").unwrap();
        assert_eq!(&OTHER_COLUMNS[at..at + PERSON.len()], &PERSON[..]);
    }
}
