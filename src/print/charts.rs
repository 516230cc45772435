//! Charts drawn into the supervisor's reports, in greys (ward offices print
//! in black and white): vertical bars (a value per hour or per day) and
//! horizontal bars of shares with a target mark.

use super::page::{Align, Canvas};

/// A frame for a chart: its area in mm (top-left, size).
#[derive(Debug, Clone, Copy)]
pub struct Area {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

/// Vertical bars, one per `(label, value)`, scaled to the largest value;
/// each bar shows its value above it (`fmt`) and its label below.
pub fn columns(c: &mut Canvas, a: Area, bars: &[(String, f64)], fmt: impl Fn(f64) -> String) {
    c.line(a.x, a.y + a.h, a.x + a.w, a.y + a.h, 0.6);
    if bars.is_empty() {
        return;
    }
    let max = bars.iter().map(|b| b.1).fold(0.0_f64, f64::max).max(1e-9);
    let slot = a.w / bars.len() as f32;
    let bar = (slot * 0.6).min(14.0);
    // Room for the value above the tallest bar.
    let room = a.h - 5.0;
    for (i, (label, v)) in bars.iter().enumerate() {
        let hgt = (v / max) as f32 * room;
        let x = a.x + slot * i as f32 + (slot - bar) / 2.0;
        if hgt > 0.0 {
            c.fill(x, a.y + a.h - hgt, bar, hgt, 0.55);
        }
        c.text_aligned(
            x - 3.0,
            a.y + a.h - hgt - 1.2,
            bar + 6.0,
            7.0,
            &fmt(*v),
            Align::Center,
        );
        c.text_aligned(
            x - 3.0,
            a.y + a.h + 3.6,
            bar + 6.0,
            7.0,
            label,
            Align::Center,
        );
    }
}

/// Horizontal bars of shares (0.0–1.0, `None`: nothing measured), each
/// with its label at the left, its percentage at the right, and a target
/// mark (a vertical rule) where the row has one.
pub fn shares(c: &mut Canvas, a: Area, label_w: f32, rows: &[(String, Option<f64>, Option<f64>)]) {
    if rows.is_empty() {
        return;
    }
    let row_h = (a.h / rows.len() as f32).min(8.0);
    let bar_x = a.x + label_w;
    let bar_w = a.w - label_w - 16.0;
    for (i, (label, share, target)) in rows.iter().enumerate() {
        let y = a.y + row_h * i as f32;
        c.text_aligned(
            a.x,
            y + row_h * 0.65,
            label_w - 2.0,
            8.0,
            label,
            Align::Left,
        );
        c.rect(bar_x, y + 1.0, bar_w, row_h - 2.0, 0.3);
        if let Some(s) = share {
            let w = (*s as f32).clamp(0.0, 1.0) * bar_w;
            if w > 0.0 {
                c.fill(bar_x, y + 1.0, w, row_h - 2.0, 0.55);
            }
        }
        if let Some(t) = target {
            let x = bar_x + (*t as f32).clamp(0.0, 1.0) * bar_w;
            c.line(x, y + 0.2, x, y + row_h - 0.2, 1.4);
        }
        let said = super::report_measures::pct(*share);
        c.text_aligned(
            bar_x + bar_w + 1.0,
            y + row_h * 0.65,
            15.0,
            8.0,
            &said,
            Align::Right,
        );
    }
}
