//! The batch as the window previews it: each page's drawing in millimetres from
//! the top-left corner, recorded by the same `Canvas` calls that write the PDF,
//! so the preview cannot drift from what is printed.

use super::batch::{layout, BatchInput, PageInfo};

/// One thing drawn on a page. Grey is 0 (black) to 1 (white).
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// A line of text; `y` is its baseline.
    Text {
        x: f32,
        y: f32,
        size_pt: f32,
        text: String,
        gray: f32,
    },
    /// A rectangle: ruled (`stroke_pt`) or filled.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        stroke_pt: Option<f32>,
        gray: f32,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width_pt: f32,
        gray: f32,
    },
}

/// A page of the batch, as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct PagePreview {
    pub info: PageInfo,
    pub width_mm: f32,
    pub height_mm: f32,
    pub marks: Vec<Mark>,
}

impl PagePreview {
    /// The page's text, line by line in drawing order (for tests and for
    /// screen readers).
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.marks.iter().filter_map(|m| match m {
            Mark::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
    }
}

/// Lay the batch out as it will print and keep each page's drawing.
pub fn preview(input: &BatchInput<'_>) -> Result<Vec<PagePreview>, String> {
    let laid = layout(input, &mut |_| {})?;
    Ok(laid
        .pages
        .into_iter()
        .map(|(canvas, info)| PagePreview {
            info,
            width_mm: canvas.width_mm,
            height_mm: canvas.height_mm,
            marks: canvas.marks,
        })
        .collect())
}
