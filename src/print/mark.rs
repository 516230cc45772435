//! What a page is drawn of, recorded for the preview: the same calls that
//! write the PDF push these (page.rs), and the window draws them (no circle:
//! page and preview both depend on this, not on each other).

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
