//! Drawing on a page in millimetres from the top-left corner, the way forms are
//! measured, over printpdf's operations (which count points from the bottom left).

use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Mm, Op, PaintMode, PdfFontHandle, Point, Pt, Rect,
    TextItem, TextMatrix, WindingOrder,
};

use super::fit::{fit, LEADING};
use super::font::Metrics;
use super::mark::Mark;

pub const A4_WIDTH_MM: f32 = 210.0;
pub const A4_HEIGHT_MM: f32 = 297.0;

pub fn mm_to_pt(mm: f32) -> f32 {
    mm * 72.0 / 25.4
}

pub fn pt_to_mm(pt: f32) -> f32 {
    pt * 25.4 / 72.0
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

/// The operations of one page being drawn.
pub struct Canvas {
    pub ops: Vec<Op>,
    /// The same drawing in millimetres from the top left, for the window's preview.
    pub marks: Vec<Mark>,
    pub width_mm: f32,
    pub height_mm: f32,
    font: FontId,
    /// The fallback font in this document, for characters the bundled one lacks.
    fallback: Option<FontId>,
    metrics: &'static Metrics,
    gray: f32,
    line_pt: f32,
}

impl Canvas {
    pub fn a4(font: FontId, metrics: &'static Metrics) -> Self {
        Canvas::sized(font, metrics, A4_WIDTH_MM, A4_HEIGHT_MM)
    }

    /// A page of any size (a receipt roll, for instance).
    pub fn sized(font: FontId, metrics: &'static Metrics, width_mm: f32, height_mm: f32) -> Self {
        Canvas {
            ops: Vec::new(),
            marks: Vec::new(),
            width_mm,
            height_mm,
            font,
            fallback: None,
            metrics,
            gray: 0.0,
            line_pt: 1.0,
        }
    }

    /// Draw the characters the bundled font lacks with `fallback`.
    pub fn with_fallback(mut self, fallback: Option<FontId>) -> Self {
        self.fallback = fallback;
        self
    }

    pub fn metrics(&self) -> &'static Metrics {
        self.metrics
    }

    fn point(&self, x_mm: f32, y_mm: f32) -> Point {
        Point::new(Mm(x_mm), Mm(self.height_mm - y_mm))
    }

    /// Width of a text in millimetres.
    pub fn text_width(&self, text: &str, size_pt: f32) -> f32 {
        pt_to_mm(self.metrics.width(text, size_pt))
    }

    /// One line of text with its baseline at `y` (mm from the top).
    pub fn text(&mut self, x: f32, y: f32, size_pt: f32, text: &str) {
        if text.is_empty() {
            return;
        }
        let p = self.point(x, y);
        self.marks.push(Mark::Text {
            x,
            y,
            size_pt,
            text: text.to_string(),
            gray: self.gray,
        });
        self.ops.extend([
            Op::StartTextSection,
            Op::SetTextMatrix {
                matrix: TextMatrix::Translate(p.x, p.y),
            },
        ]);
        // Runs of one font each; a run continues where the last one ended.
        for (run, fallback) in self.runs(text) {
            let font = match (&self.fallback, fallback) {
                (Some(f), true) => f.clone(),
                _ => self.font.clone(),
            };
            self.ops.extend([
                Op::SetFont {
                    font: PdfFontHandle::External(font),
                    size: Pt(size_pt),
                },
                Op::ShowText {
                    items: vec![TextItem::Text(run)],
                },
            ]);
        }
        self.ops.push(Op::EndTextSection);
    }

    /// `text` split into runs the bundled font draws (false) and runs for the fallback (true).
    fn runs(&self, text: &str) -> Vec<(String, bool)> {
        let mut runs: Vec<(String, bool)> = Vec::new();
        for c in text.chars() {
            let fallback = self.fallback.is_some() && !self.metrics.has(c) && !c.is_whitespace();
            match runs.last_mut() {
                Some((run, f)) if *f == fallback => run.push(c),
                _ => runs.push((c.to_string(), fallback)),
            }
        }
        runs
    }

    pub fn text_aligned(
        &mut self,
        x: f32,
        y: f32,
        width: f32,
        size_pt: f32,
        text: &str,
        align: Align,
    ) {
        let w = self.text_width(text, size_pt);
        let x = match align {
            Align::Left => x,
            Align::Center => x + (width - w) / 2.0,
            Align::Right => x + width - w,
        };
        self.text(x, y, size_pt, text);
    }

    /// Text fitted into a box (shrunk, then wrapped), vertically centred.
    /// Err when it cannot fit even at `min_pt`: values are never cut.
    #[allow(clippy::too_many_arguments)]
    pub fn text_in_box(
        &mut self,
        (x, y, w, h): (f32, f32, f32, f32),
        text: &str,
        size_pt: f32,
        min_pt: f32,
        align: Align,
        pad: f32,
    ) -> Result<f32, String> {
        let (inner_w, inner_h) = (mm_to_pt(w - 2.0 * pad), mm_to_pt(h - 2.0 * pad));
        let fitted =
            fit(self.metrics, text, inner_w, inner_h, size_pt, min_pt).ok_or_else(|| {
                format!(
                    "text too long for its box ({} characters, {w:.0}×{h:.0} mm)",
                    text.chars().count()
                )
            })?;
        let line_mm = pt_to_mm(fitted.size * LEADING);
        let block = line_mm * fitted.lines.len() as f32 - pt_to_mm(fitted.size * (LEADING - 1.0));
        let top = y + (h - block) / 2.0;
        for (i, line) in fitted.lines.iter().enumerate() {
            let baseline = top + pt_to_mm(fitted.size * 0.88) + line_mm * i as f32;
            self.text_aligned(x + pad, baseline, w - 2.0 * pad, fitted.size, line, align);
        }
        Ok(fitted.size)
    }

    pub fn set_gray(&mut self, gray: f32) {
        self.gray = gray;
        let col = Color::Greyscale(Greyscale {
            percent: gray,
            icc_profile: None,
        });
        self.ops.push(Op::SetFillColor { col: col.clone() });
        self.ops.push(Op::SetOutlineColor { col });
    }

    fn rectangle(&mut self, x: f32, y: f32, w: f32, h: f32, mode: PaintMode) {
        self.marks.push(Mark::Rect {
            x,
            y,
            w,
            h,
            stroke_pt: matches!(mode, PaintMode::Stroke).then_some(self.line_pt),
            gray: self.gray,
        });
        let ll = self.point(x, y + h);
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: ll.x,
                y: ll.y,
                width: Mm(w).into(),
                height: Mm(h).into(),
                mode: Some(mode),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
    }

    /// A ruled rectangle.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, line_pt: f32) {
        self.line_pt = line_pt;
        self.ops.push(Op::SetOutlineThickness { pt: Pt(line_pt) });
        self.rectangle(x, y, w, h, PaintMode::Stroke);
    }

    /// A filled rectangle in grey (0 black, 1 white); the fill returns to black after.
    pub fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, gray: f32) {
        self.set_gray(gray);
        self.rectangle(x, y, w, h, PaintMode::Fill);
        self.set_gray(0.0);
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, line_pt: f32) {
        let (a, b) = (self.point(x1, y1), self.point(x2, y2));
        self.line_pt = line_pt;
        self.marks.push(Mark::Line {
            x1,
            y1,
            x2,
            y2,
            width_pt: line_pt,
            gray: self.gray,
        });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(line_pt) });
        self.ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint {
                        p: a,
                        bezier: false,
                    },
                    LinePoint {
                        p: b,
                        bezier: false,
                    },
                ],
                is_closed: false,
            },
        });
    }

    /// A check box; a checked one gets a cross.
    pub fn checkbox(&mut self, x: f32, y: f32, size: f32, checked: bool) {
        self.rect(x, y, size, size, 0.6);
        if checked {
            let m = size * 0.18;
            self.line(x + m, y + m, x + size - m, y + size - m, 1.2);
            self.line(x + m, y + size - m, x + size - m, y + m, 1.2);
        }
    }

    /// A QR code of `data`, `size` mm square, drawn as filled runs of modules.
    pub fn qr(&mut self, x: f32, y: f32, size: f32, data: &str) -> Result<(), String> {
        let code = qrcode::QrCode::with_error_correction_level(data.as_bytes(), qrcode::EcLevel::M)
            .map_err(|e| format!("QR code: {e}"))?;
        let n = code.width();
        let modules = code.to_colors();
        let cell = size / n as f32;
        self.set_gray(0.0);
        for row in 0..n {
            let mut col = 0;
            while col < n {
                if modules[row * n + col] != qrcode::Color::Dark {
                    col += 1;
                    continue;
                }
                let start = col;
                while col < n && modules[row * n + col] == qrcode::Color::Dark {
                    col += 1;
                }
                self.rectangle(
                    x + start as f32 * cell,
                    y + row as f32 * cell,
                    cell * (col - start) as f32,
                    cell,
                    PaintMode::Fill,
                );
            }
        }
        Ok(())
    }
}
