//! The guidance sheet (手続き案内書) handed to the resident: what was done
//! today, what is still to do (deadline with weekday, documents, window and
//! phone), and the specialist windows they are referred to, with the reason.
//! Every text comes from `locales/<lang>/guidance.ftl`.

use chrono::{Datelike, NaiveDate};
use fluent_bundle::FluentArgs;

use super::fit::{wrap, LEADING};
use super::page::{mm_to_pt, pt_to_mm, Canvas};
use crate::catalog::{Catalog, Mode};
use crate::engine::{Determination, ProcedureResult};
use crate::i18n::Texts;
use crate::japanese::wareki;
use crate::model::Request;

const LEFT: f32 = 18.0;
const WIDTH: f32 = 174.0;
const BOTTOM: f32 = 272.0;

pub struct Guidance<'a> {
    pub request: &'a Request,
    pub determination: &'a Determination,
    /// Ids of the procedures done at the counter today.
    pub done: &'a [String],
    pub catalog: &'a Catalog,
    pub texts: &'a Texts,
    pub lang: &'a str,
    pub case_id: &'a str,
}

/// A date the resident reads: `令和8年12月5日（土）`, `Sat 5 December 2026`.
pub fn format_date(texts: &Texts, lang: &str, d: NaiveDate) -> String {
    let mut args = FluentArgs::new();
    args.set("year", d.year());
    args.set("month", d.month());
    args.set("day", d.day());
    args.set("wareki", wareki::format_date(d));
    args.set(
        "month_name",
        texts.text(lang, &format!("month-{}", d.month())),
    );
    args.set(
        "weekday",
        texts.text(
            lang,
            &format!("weekday-{}", d.weekday().num_days_from_monday()),
        ),
    );
    texts.format(lang, "guide-date", Some(&args))
}

struct Writer<'c, 'f> {
    pages: Vec<Canvas>,
    y: f32,
    new_page: &'c mut dyn FnMut() -> Canvas,
    footer: &'f str,
}

impl Writer<'_, '_> {
    fn page(&mut self) -> &mut Canvas {
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn ensure(&mut self, height: f32) {
        if self.y + height > BOTTOM {
            self.finish_page();
            self.pages.push((self.new_page)());
            self.y = 22.0;
        }
    }

    fn finish_page(&mut self) {
        let footer = self.footer.to_string();
        let c = self.page();
        let lines = wrap(c.metrics(), &footer, mm_to_pt(WIDTH), 8.0);
        for (i, l) in lines.iter().enumerate() {
            c.text(LEFT, 278.0 + i as f32 * 3.6, 8.0, l);
        }
    }

    /// A paragraph wrapped to the page width, indented by `indent` mm.
    fn paragraph(&mut self, text: &str, size: f32, indent: f32) {
        let width = mm_to_pt(WIDTH - indent);
        let lines = wrap(self.page().metrics(), text, width, size);
        let line_mm = pt_to_mm(size * LEADING);
        for line in lines {
            self.ensure(line_mm);
            let y = self.y + pt_to_mm(size);
            self.page().text(LEFT + indent, y, size, &line);
            self.y += line_mm;
        }
    }

    fn heading(&mut self, text: &str) {
        self.ensure(16.0);
        self.y += 3.0;
        let y = self.y;
        self.page().fill(LEFT, y, WIDTH, 7.5, 0.88);
        self.page().text(LEFT + 2.0, y + 5.4, 11.5, text);
        self.y += 10.0;
    }
}

/// Draw the guidance sheet; returns its pages.
pub fn draw(g: &Guidance<'_>, new_page: &mut dyn FnMut() -> Canvas) -> Vec<Canvas> {
    let t = g.texts;
    let lang = g.lang;
    let req = g.request;
    let footer = t.text(lang, "guide-footer");
    let first = new_page();
    let mut w = Writer {
        pages: vec![first],
        y: 18.0,
        new_page,
        footer: &footer,
    };

    let title = t.text(lang, "guide-title");
    w.page()
        .text_aligned(LEFT, 26.0, WIDTH, 18.0, &title, super::page::Align::Center);
    w.y = 32.0;
    let mut args = FluentArgs::new();
    args.set("municipality", g.catalog.municipality.clone());
    args.set("ward", req.household.ward.clone());
    w.paragraph(&t.format(lang, "guide-office", Some(&args)), 10.0, 0.0);
    if let Some(person) = addressee(req) {
        let mut args = FluentArgs::new();
        args.set("name", person.name.clone());
        w.paragraph(&t.format(lang, "guide-for", Some(&args)), 12.0, 0.0);
    }
    let mut args = FluentArgs::new();
    args.set("date", format_date(t, lang, req.as_of));
    args.set("case", g.case_id.to_string());
    w.paragraph(&t.format(lang, "guide-received", Some(&args)), 9.5, 0.0);
    w.y += 2.0;

    let is_done = |p: &&ProcedureResult| g.done.iter().any(|d| d == &p.id);
    let done: Vec<&ProcedureResult> = g.determination.procedures.iter().filter(is_done).collect();
    let todo: Vec<&ProcedureResult> = g
        .determination
        .procedures
        .iter()
        .filter(|p| !is_done(p) && p.mode != Mode::Referral)
        .collect();
    let referrals: Vec<&ProcedureResult> = g
        .determination
        .procedures
        .iter()
        .filter(|p| !is_done(p) && p.mode == Mode::Referral)
        .collect();

    w.heading(&t.text(lang, "guide-done-heading"));
    if done.is_empty() {
        w.paragraph(&t.text(lang, "guide-none"), 10.0, 4.0);
    }
    for p in done {
        w.ensure(12.0);
        w.paragraph(&format!("■ {}", p.title), 11.0, 2.0);
        item_lines(g, &mut w, p, false);
        w.y += 1.5;
    }
    w.heading(&t.text(lang, "guide-todo-heading"));
    if todo.is_empty() {
        w.paragraph(&t.text(lang, "guide-none"), 10.0, 4.0);
    }
    for p in todo {
        w.ensure(18.0);
        w.paragraph(&format!("□ {}", p.title), 11.0, 2.0);
        item_lines(g, &mut w, p, true);
        w.y += 1.5;
    }
    if !referrals.is_empty() {
        w.heading(&t.text(lang, "guide-referral-heading"));
        for p in referrals {
            w.ensure(18.0);
            w.paragraph(&format!("□ {}", p.title), 11.0, 2.0);
            w.paragraph(&p.reason, 9.0, 7.0);
            item_lines(g, &mut w, p, true);
            w.y += 1.5;
        }
    }
    w.finish_page();
    w.pages
}

fn item_lines(g: &Guidance<'_>, w: &mut Writer<'_, '_>, p: &ProcedureResult, to_do: bool) {
    let (t, lang) = (g.texts, g.lang);
    let names: Vec<&str> = p
        .members
        .iter()
        .filter_map(|id| g.request.household.member(id))
        .map(|m| m.name.as_str())
        .collect();
    if !names.is_empty() {
        let mut args = FluentArgs::new();
        args.set(
            "names",
            names.join(t.text(lang, "guide-list-separator").as_str()),
        );
        w.paragraph(&t.format(lang, "guide-members", Some(&args)), 9.0, 7.0);
    }
    if let (false, Some(d)) = (to_do, p.deadline) {
        let mut args = FluentArgs::new();
        args.set("date", format_date(t, lang, d));
        w.paragraph(&t.format(lang, "guide-deadline-met", Some(&args)), 9.0, 7.0);
    }
    if to_do {
        let line = match (p.deadline, p.next_open_day) {
            // The last day falls on a closed day: the law moves it to the next open day.
            (Some(d), Some(open)) if open != d => {
                let mut args = FluentArgs::new();
                args.set("date", format_date(t, lang, d));
                args.set("open", format_date(t, lang, open));
                t.format(lang, "guide-deadline-moved", Some(&args))
            }
            (Some(d), _) => {
                let mut args = FluentArgs::new();
                args.set("date", format_date(t, lang, d));
                t.format(lang, "guide-deadline", Some(&args))
            }
            (None, _) => t.text(lang, "guide-no-deadline"),
        };
        w.paragraph(&line, 9.5, 7.0);
        if !p.documents.is_empty() {
            let mut args = FluentArgs::new();
            args.set(
                "documents",
                p.documents
                    .join(t.text(lang, "guide-list-separator").as_str()),
            );
            w.paragraph(&t.format(lang, "guide-documents", Some(&args)), 9.0, 7.0);
        }
    }
    let phone = g
        .catalog
        .window(&p.window_key)
        .and_then(|win| win.phone_for(&g.request.household.ward));
    let mut args = FluentArgs::new();
    args.set("window", p.window.clone());
    // Offices outside the city (年金事務所, 税務署, the new municipality) have no
    // number of ours: the window is named alone.
    let line = match phone {
        Some(phone) => {
            args.set("phone", phone.to_string());
            t.format(lang, "guide-window", Some(&args))
        }
        None => t.format(lang, "guide-window-only", Some(&args)),
    };
    w.paragraph(&line, 9.0, 7.0);
}

/// Whom the sheet is for: the head, or after a death the first survivor who
/// heads the household now (the new head, the spouse, else the eldest).
pub fn addressee(req: &Request) -> Option<&crate::model::Member> {
    let Some(deceased) = req.event.deceased_id.as_deref() else {
        return req.household.head();
    };
    let survivors = || req.household.members.iter().filter(|m| m.id != deceased);
    req.event
        .new_head_id
        .as_deref()
        .and_then(|id| req.household.member(id))
        .filter(|m| m.id != deceased)
        .or_else(|| survivors().find(|m| m.relation == crate::model::Relation::Head))
        .or_else(|| survivors().find(|m| m.relation == crate::model::Relation::Spouse))
        .or_else(|| survivors().min_by_key(|m| m.birth_date))
}
