//! A page of the batch drawn in the window, from the marks the print layout
//! recorded: white paper scaled to the space it is given, ruled boxes, filled
//! cells, the QR code and the text in the bundled font.

use std::cell::Cell;

use iced::mouse;
use iced::widget::canvas::{self, Cache, Frame, Geometry, Path, Stroke, Text};
use iced::{Color, Pixels, Point, Rectangle, Renderer, Size, Theme, Vector};

use crate::print::page::mm_to_pt;
use crate::print::preview::{Mark, PagePreview};

/// The page to draw.
pub struct PageView<'a> {
    pub page: &'a PagePreview,
}

/// Drawn once per page and size: text is laid out only when either changes.
#[derive(Default)]
pub struct State {
    cache: Cache,
    /// The page last drawn: its form and number.
    drawn: Cell<Option<(u64, usize)>>,
}

fn key(page: &PagePreview) -> (u64, usize) {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in page.info.form.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    (h, page.info.page)
}

fn gray(g: f32) -> Color {
    Color::from_rgb(g, g, g)
}

impl<Message> canvas::Program<Message> for PageView<'_> {
    type State = State;

    fn draw(
        &self,
        state: &State,
        renderer: &Renderer,
        _theme: &Theme,
        bounds: Rectangle,
        _cursor: mouse::Cursor,
    ) -> Vec<Geometry> {
        let page = self.page;
        if state.drawn.get() != Some(key(page)) {
            state.cache.clear();
            state.drawn.set(Some(key(page)));
        }
        let geometry = state.cache.draw(renderer, bounds.size(), |frame| {
            draw_page(frame, page, bounds.size());
        });
        vec![geometry]
    }
}

/// The page centred in `size`, as large as fits, with a thin shadow.
fn draw_page(frame: &mut Frame, page: &PagePreview, size: Size) {
    let scale = ((size.width - 4.0) / page.width_mm).min((size.height - 4.0) / page.height_mm);
    if scale <= 0.0 {
        return;
    }
    let (w, h) = (page.width_mm * scale, page.height_mm * scale);
    let origin = Vector::new((size.width - w) / 2.0, (size.height - h) / 2.0);
    let at = |x: f32, y: f32| Point::new(x * scale, y * scale) + origin;
    let pt = |p: f32| (p * 25.4 / 72.0 * scale).max(0.6);

    frame.fill_rectangle(
        at(0.0, 0.0) + Vector::new(2.0, 2.0),
        Size::new(w, h),
        Color::from_rgba(0.0, 0.0, 0.0, 0.25),
    );
    frame.fill_rectangle(at(0.0, 0.0), Size::new(w, h), Color::WHITE);
    for mark in &page.marks {
        match mark {
            Mark::Rect {
                x,
                y,
                w,
                h,
                stroke_pt,
                gray: g,
            } => {
                let size = Size::new(w * scale, h * scale);
                match stroke_pt {
                    Some(p) => frame.stroke_rectangle(
                        at(*x, *y),
                        size,
                        Stroke::default().with_width(pt(*p)).with_color(gray(*g)),
                    ),
                    None => frame.fill_rectangle(at(*x, *y), size, gray(*g)),
                }
            }
            Mark::Line {
                x1,
                y1,
                x2,
                y2,
                width_pt,
                gray: g,
            } => frame.stroke(
                &Path::line(at(*x1, *y1), at(*x2, *y2)),
                Stroke::default()
                    .with_width(pt(*width_pt))
                    .with_color(gray(*g)),
            ),
            Mark::Text {
                x,
                y,
                size_pt,
                text,
                gray: g,
            } => {
                // The text's em box in millimetres; the baseline sits 0.88 em down.
                let em = mm_from_pt(*size_pt);
                frame.fill_text(Text {
                    content: text.clone(),
                    position: at(*x, *y - em * 0.88),
                    size: Pixels(em * scale),
                    line_height: iced::widget::text::LineHeight::Relative(1.0),
                    color: gray(*g),
                    font: iced::Font::with_name(crate::print::font::FONT_NAME),
                    ..Text::default()
                });
            }
        }
    }
    frame.stroke_rectangle(
        at(0.0, 0.0),
        Size::new(w, h),
        Stroke::default().with_width(1.0).with_color(gray(0.7)),
    );
}

fn mm_from_pt(p: f32) -> f32 {
    p / mm_to_pt(1.0)
}

/// A scanned page's thumbnail, drawn pixel by pixel (cached).
pub struct ThumbView<'a> {
    pub thumb: &'a crate::scan_pages::Thumbnail,
}

impl<Message> canvas::Program<Message> for ThumbView<'_> {
    type State = Cache;

    fn draw(
        &self,
        cache: &Cache,
        renderer: &Renderer,
        _theme: &Theme,
        bounds: Rectangle,
        _cursor: mouse::Cursor,
    ) -> Vec<Geometry> {
        let t = self.thumb;
        vec![cache.draw(renderer, bounds.size(), |frame| {
            let scale =
                (bounds.width / t.width.max(1) as f32).min(bounds.height / t.height.max(1) as f32);
            for (i, g) in t.pixels.iter().enumerate() {
                let (x, y) = (i as u32 % t.width, i as u32 / t.width);
                frame.fill_rectangle(
                    Point::new(x as f32 * scale, y as f32 * scale),
                    Size::new(scale, scale),
                    gray(f32::from(*g) / 255.0),
                );
            }
        })]
    }
}
