//! The scanned pages of the case open at the back office: fetched from the
//! hub, decoded once (grey, at most a screen's height), turned in quarter
//! turns, shown by iced's image widget from our own pixels.

use iced::widget::image::Handle;

/// The tallest a page is kept at (a 300 dpi A4 page is 3508 px).
pub const MAX_HEIGHT: u32 = 1600;

/// One page, ready to show.
#[derive(Debug, Clone)]
pub struct Page {
    /// The hub's scan id.
    pub id: String,
    /// What it is, in words (form and page, or where it came from).
    pub label: String,
    pub gray: image::GrayImage,
    /// Quarter turns clockwise.
    pub turns: u8,
    pub handle: Handle,
}

/// A page's image, decoded from the hub's bytes within limits.
pub fn decode(bytes: &[u8]) -> Result<image::GrayImage, String> {
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(20_000);
    limits.max_image_height = Some(20_000);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let gray = reader.decode().map_err(|e| e.to_string())?.to_luma8();
    let (w, h) = gray.dimensions();
    if h <= MAX_HEIGHT {
        return Ok(gray);
    }
    let nw = ((u64::from(w) * u64::from(MAX_HEIGHT)) / u64::from(h)).max(1) as u32;
    Ok(image::imageops::resize(
        &gray,
        nw,
        MAX_HEIGHT,
        image::imageops::FilterType::Triangle,
    ))
}

fn handle(gray: &image::GrayImage, turns: u8) -> Handle {
    let turned = match turns % 4 {
        1 => image::imageops::rotate90(gray),
        2 => image::imageops::rotate180(gray),
        3 => image::imageops::rotate270(gray),
        _ => gray.clone(),
    };
    let (w, h) = turned.dimensions();
    let mut rgba = Vec::with_capacity((w * h * 4) as usize);
    for p in turned.pixels() {
        rgba.extend_from_slice(&[p.0[0], p.0[0], p.0[0], 255]);
    }
    Handle::from_rgba(w, h, rgba)
}

impl Page {
    pub fn new(id: String, label: String, gray: image::GrayImage) -> Page {
        let handle = handle(&gray, 0);
        Page {
            id,
            label,
            gray,
            turns: 0,
            handle,
        }
    }

    /// A quarter turn clockwise (a page scanned sideways or upside down).
    pub fn turn(&mut self) {
        self.turns = (self.turns + 1) % 4;
        self.handle = handle(&self.gray, self.turns);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tall_scan_is_kept_at_screen_height_and_turns() {
        let img = image::GrayImage::from_pixel(2480, 3508, image::Luma([250]));
        let mut png = std::io::Cursor::new(Vec::new());
        img.write_to(&mut png, image::ImageFormat::Png).unwrap();
        let gray = decode(png.get_ref()).unwrap();
        assert_eq!(gray.height(), MAX_HEIGHT);
        let mut page = Page::new("s".into(), "p".into(), gray);
        page.turn();
        assert_eq!(page.turns, 1);
        assert!(decode(b"not an image").is_err());
    }
}
