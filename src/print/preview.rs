//! The batch as the window previews it: each page's drawing in millimetres from
//! the top-left corner, recorded by the same `Canvas` calls that write the PDF,
//! so the preview cannot drift from what is printed.

use super::batch::{layout, BatchInput, PageInfo};
pub use super::mark::Mark;

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
