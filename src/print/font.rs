//! The bundled Japanese font (IPAex Gothic, IPA Font License v1.0, shipped
//! unmodified with its licence in `assets/fonts/`) and its metrics.

use std::sync::OnceLock;

/// The font file, embedded so that printing works with no font installed.
pub static FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/ipaexg.ttf");

pub const FONT_NAME: &str = "IPAexGothic";

/// Glyph advances of the bundled font, for fitting text into boxes.
pub struct Metrics {
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
}

impl Metrics {
    /// The metrics of the bundled font, parsed once.
    pub fn bundled() -> Option<&'static Metrics> {
        static METRICS: OnceLock<Option<Metrics>> = OnceLock::new();
        METRICS
            .get_or_init(|| {
                let face = ttf_parser::Face::parse(FONT_BYTES, 0).ok()?;
                let units_per_em = f32::from(face.units_per_em());
                Some(Metrics { face, units_per_em })
            })
            .as_ref()
    }

    /// Width of `text` at `size` points, in points. Missing glyphs count as a full em.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: f32 = text.chars().map(|c| self.advance(c)).sum();
        units / self.units_per_em * size
    }

    fn advance(&self, c: char) -> f32 {
        self.face
            .glyph_index(c)
            .and_then(|g| self.face.glyph_hor_advance(g))
            .map_or(self.units_per_em, f32::from)
    }

    /// Whether the font has a glyph for every character (spaces and controls aside).
    pub fn covers(&self, text: &str) -> bool {
        text.chars()
            .all(|c| c.is_whitespace() || c.is_control() || self.face.glyph_index(c).is_some())
    }

    /// The characters of `text` the font cannot draw.
    pub fn missing(&self, text: &str) -> Vec<char> {
        let mut out: Vec<char> = text
            .chars()
            .filter(|c| {
                !c.is_whitespace() && !c.is_control() && self.face.glyph_index(*c).is_none()
            })
            .collect();
        out.dedup();
        out
    }
}
