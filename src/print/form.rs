//! Drawing a form template, filled in, onto one or more pages.

use super::bind::{Datum, Focus, PrintData};
use super::page::{Align, Canvas};
use super::template::{RowSource, Table, Template};
use crate::model::Member;

/// Grey of header cells.
const HEADER_FILL: f32 = 0.9;
const LABEL_PT: f32 = 6.5;
const LABEL_H: f32 = 3.4;

/// The people a copy of a form is about.
pub struct Rows<'a> {
    /// The procedure's members (or the one member of a per-member copy).
    pub members: Vec<&'a Member>,
    pub household: Vec<&'a Member>,
    pub movers: Vec<&'a Member>,
    pub children: Vec<&'a Member>,
}

impl<'a> Rows<'a> {
    fn of(&self, source: RowSource) -> &[&'a Member] {
        match source {
            RowSource::Members => &self.members,
            RowSource::Household => &self.household,
            RowSource::Movers => &self.movers,
            RowSource::Children => &self.children,
        }
    }
}

/// Draw one copy of `template`: as many pages as its tables need.
pub fn draw<'a>(
    template: &Template,
    data: &PrintData<'a>,
    focus: Focus<'a>,
    rows: &Rows<'a>,
    mut new_page: impl FnMut() -> Canvas,
) -> Result<Vec<Canvas>, String> {
    let pages = template
        .tables
        .iter()
        .map(|t| rows.of(t.source).len().div_ceil(t.rows))
        .max()
        .unwrap_or(1)
        .max(1);
    let mut out = Vec::with_capacity(pages);
    for page_index in 0..pages {
        let mut c = new_page();
        draw_static(template, &mut c);
        for f in &template.fields {
            let value = data.render(&f.value, focus);
            c.rect(f.x, f.y, f.w, f.h, 0.6);
            let label_h = if f.label.is_empty() { 0.0 } else { LABEL_H };
            if !f.label.is_empty() {
                c.text(f.x + 1.2, f.y + 2.7, LABEL_PT, &f.label);
            }
            c.text_in_box(
                (f.x, f.y + label_h, f.w, f.h - label_h),
                &value,
                f.size,
                f.min_size,
                f.align,
                1.4,
            )
            .map_err(|e| format!("form {}: field '{}': {e}", template.id, f.label))?;
        }
        for b in &template.checkboxes {
            let checked = match &b.when {
                None => false,
                Some((path, equals)) => {
                    let datum = data.datum(*path, focus);
                    match equals {
                        Some(v) => datum.raw() == *v,
                        None => datum == Datum::Bool(true),
                    }
                }
            };
            c.checkbox(b.x, b.y, b.size, checked);
            c.text(b.x + b.size + 1.2, b.y + b.size * 0.86, 9.0, &b.label);
        }
        for t in &template.tables {
            let chunk: Vec<&Member> = rows
                .of(t.source)
                .iter()
                .skip(page_index * t.rows)
                .take(t.rows)
                .copied()
                .collect();
            draw_table(template, t, &chunk, data, focus, &mut c)?;
        }
        if pages > 1 {
            c.text(
                template.qr.x - 30.0,
                template.qr.y + 4.0,
                8.0,
                &format!("（{} / {} 枚目）", page_index + 1, pages),
            );
        }
        out.push(c);
    }
    Ok(out)
}

fn draw_static(t: &Template, c: &mut Canvas) {
    for f in &t.frames {
        if let Some(gray) = f.fill {
            c.fill(f.x, f.y, f.w, f.h, gray);
        }
        c.rect(f.x, f.y, f.w, f.h, f.width);
    }
    for r in &t.rules {
        c.line(r.x1, r.y1, r.x2, r.y2, r.width);
    }
    for s in &t.texts {
        if s.align == Align::Left || s.w <= 0.0 {
            c.text(s.x, s.y, s.size, &s.text);
        } else {
            c.text_aligned(s.x, s.y, s.w, s.size, &s.text, s.align);
        }
    }
}

fn draw_table<'a>(
    template: &Template,
    t: &Table,
    chunk: &[&'a Member],
    data: &PrintData<'a>,
    focus: Focus<'a>,
    c: &mut Canvas,
) -> Result<(), String> {
    let width: f32 = t.columns.iter().map(|col| col.w).sum();
    c.fill(t.x, t.y, width, t.header_h, HEADER_FILL);
    let mut x = t.x;
    for col in &t.columns {
        c.rect(x, t.y, col.w, t.header_h, 0.6);
        c.text_in_box(
            (x, t.y, col.w, t.header_h),
            &col.label,
            7.5,
            5.0,
            Align::Center,
            0.8,
        )
        .map_err(|e| format!("form {}: column '{}': {e}", template.id, col.label))?;
        x += col.w;
    }
    for row in 0..t.rows {
        let y = t.y + t.header_h + row as f32 * t.row_h;
        let mut x = t.x;
        let member = chunk.get(row).copied();
        for col in &t.columns {
            c.rect(x, y, col.w, t.row_h, 0.6);
            if let Some(m) = member {
                let row_focus = Focus {
                    member: Some(m),
                    procedure: focus.procedure,
                };
                let value = data.render(&col.value, row_focus);
                c.text_in_box(
                    (x, y, col.w, t.row_h),
                    &value,
                    col.size,
                    5.5,
                    col.align,
                    1.2,
                )
                .map_err(|e| format!("form {}: column '{}': {e}", template.id, col.label))?;
            }
            x += col.w;
        }
    }
    c.rect(t.x, t.y, width, t.header_h + t.rows as f32 * t.row_h, 1.0);
    Ok(())
}
