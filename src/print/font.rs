//! The bundled Japanese font (IPAex Gothic, IPA Font License v1.0, shipped
//! unmodified with its licence in `assets/fonts/`) and its metrics.

use std::sync::OnceLock;

/// The font file, embedded so that printing works with no font installed.
pub static FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/ipaexg.ttf");

pub const FONT_NAME: &str = "IPAexGothic";

/// Where a fallback font for the characters IPAex Gothic lacks (𠮷 and the
/// rest of the 行政事務標準文字) is looked for: `MADOGUCHI_FALLBACK_FONT`, then
/// IPAmj明朝 where Debian's `fonts-ipamj-mincho` or a Windows install puts it.
pub fn fallback_font_paths() -> Vec<std::path::PathBuf> {
    let mut paths: Vec<std::path::PathBuf> = std::env::var_os("MADOGUCHI_FALLBACK_FONT")
        .map(std::path::PathBuf::from)
        .into_iter()
        .collect();
    paths.extend(
        [
            "/usr/share/fonts/truetype/ipamj/ipamjm.ttf",
            "/usr/share/fonts/opentype/ipamj/ipamjm.ttf",
            "/usr/local/share/fonts/ipamjm.ttf",
            "C:\\Windows\\Fonts\\ipamjm.ttf",
        ]
        .map(std::path::PathBuf::from),
    );
    paths
}

/// The fallback font (IPAmj明朝), read once when a text first needs it.
pub struct Fallback {
    pub bytes: &'static [u8],
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
}

impl Fallback {
    pub fn get() -> Option<&'static Fallback> {
        static FALLBACK: OnceLock<Option<Fallback>> = OnceLock::new();
        FALLBACK
            .get_or_init(|| {
                let bytes = fallback_font_paths()
                    .into_iter()
                    .find_map(|p| std::fs::read(p).ok())?;
                // Kept for the life of the process: faces borrow it.
                let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
                let face = ttf_parser::Face::parse(bytes, 0).ok()?;
                let units_per_em = f32::from(face.units_per_em());
                Some(Fallback {
                    bytes,
                    face,
                    units_per_em,
                })
            })
            .as_ref()
    }

    pub fn has(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }
}

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
        if let Some(a) = self
            .face
            .glyph_index(c)
            .and_then(|g| self.face.glyph_hor_advance(g))
        {
            return f32::from(a);
        }
        // A character only the fallback font has: its advance, in our units.
        if let Some(f) = Fallback::get() {
            if let Some(a) = f
                .face
                .glyph_index(c)
                .and_then(|g| f.face.glyph_hor_advance(g))
            {
                return f32::from(a) / f.units_per_em * self.units_per_em;
            }
        }
        self.units_per_em
    }

    /// Whether the bundled font itself draws `c`.
    pub fn has(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
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
