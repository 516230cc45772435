//! Reading a page's QR code from a scan as it comes from a feeder: 150 to 300
//! dpi, turned a few degrees, maybe upside down, with sensor noise and JPEG
//! artefacts. `rqrr` finds a code at any angle by itself; what defeats it is
//! a page too large to search quickly, and noise or soft JPEG edges in the
//! finder squares. So the corners come first as they are, then cleaned up,
//! and the whole page last (blank pages pay for all three).
//!
//! Measured on real renders of our forms (`tests/scan_routing.rs`): turning
//! the corners back by a few degrees before decoding read no page that the
//! looks below missed, so it is not done. A page skewed by more than about
//! 6° has the code's outer edge off the scanned area (it is printed 12 mm
//! from the paper's edge), which no look can bring back.

use image::{imageops, GrayImage, Luma};

use crate::scan_pages::{parse_payload, PageMark};

/// The steps tried, in order, until one reads a code of ours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    /// The four corners as scanned (a page fed upside down has the code in the
    /// opposite corner, one fed sideways in another), at most [`CORNER_SIDE`]
    /// pixels on a side.
    Corners,
    /// The corners smoothed, then black and white by Otsu's threshold: noise
    /// and JPEG ringing no longer break the finder squares.
    CornersBinarised,
    /// The whole page, at most [`PAGE_SIDE`] pixels on a side (a code printed
    /// elsewhere).
    WholePage,
}

/// The order of the looks.
pub const LOOKS: [Look; 3] = [Look::Corners, Look::CornersBinarised, Look::WholePage];

/// A corner is scaled down to this (a 22 mm code stays above 3 px a module
/// at 300 dpi and is not enlarged at 150 dpi).
pub const CORNER_SIDE: u32 = 700;

/// The whole page is scaled down to this.
pub const PAGE_SIDE: u32 = 1600;

/// The page's QR code, if one of ours can be read.
pub fn read_mark(img: &GrayImage) -> Option<PageMark> {
    read_with_look(img).map(|(mark, _)| mark)
}

/// The page's QR code and the look that read it.
pub fn read_with_look(img: &GrayImage) -> Option<(PageMark, Look)> {
    let corners = corner_images(img);
    LOOKS
        .into_iter()
        .find_map(|look| look_at(img, &corners, look).map(|m| (m, look)))
}

/// The page's QR code by one look alone (to measure each).
pub fn read_by(img: &GrayImage, look: Look) -> Option<PageMark> {
    look_at(img, &corner_images(img), look)
}

fn look_at(img: &GrayImage, corners: &[GrayImage], look: Look) -> Option<PageMark> {
    match look {
        Look::Corners => corners.iter().find_map(decode),
        Look::WholePage if img.width() > 0 && img.height() > 0 => decode(&fit(img, PAGE_SIDE)),
        Look::WholePage => None,
        Look::CornersBinarised => corners.iter().find_map(|c| decode(&binarised(c))),
    }
}

/// The page's corners, scaled down to [`CORNER_SIDE`]; none for an empty image.
fn corner_images(img: &GrayImage) -> Vec<GrayImage> {
    let (w, h) = img.dimensions();
    if w == 0 || h == 0 {
        return Vec::new();
    }
    corners(w, h)
        .into_iter()
        .map(|(x, y, cw, ch)| {
            fit(
                &imageops::crop_imm(img, x, y, cw, ch).to_image(),
                CORNER_SIDE,
            )
        })
        .collect()
}

/// The four corners of a page (40 % wide, 30 % high), top-right first: where
/// our forms print the code, then where an upside-down page has it.
fn corners(w: u32, h: u32) -> [(u32, u32, u32, u32); 4] {
    let (cw, ch) = ((w * 2 / 5).max(1), (h * 3 / 10).max(1));
    [
        (w - cw, 0, cw, ch),
        (0, h - ch, cw, ch),
        (0, 0, cw, ch),
        (w - cw, h - ch, cw, ch),
    ]
}

/// The image scaled down so its longer side is at most `side`; left as it
/// is when that would change it by less than a fifth (resampling blurs).
fn fit(img: &GrayImage, side: u32) -> GrayImage {
    let (w, h) = img.dimensions();
    let longer = w.max(h);
    if u64::from(longer) * 5 <= u64::from(side) * 6 {
        return img.clone();
    }
    let scale = side as f32 / longer as f32;
    imageops::resize(
        img,
        ((w as f32 * scale).round() as u32).max(1),
        ((h as f32 * scale).round() as u32).max(1),
        imageops::FilterType::Triangle,
    )
}

fn decode(img: &GrayImage) -> Option<PageMark> {
    let mut prepared = rqrr::PreparedImage::prepare(img.clone());
    prepared
        .detect_grids()
        .into_iter()
        .filter_map(|g| g.decode().ok().map(|(_, s)| s))
        .find_map(|s| parse_payload(&s))
}

/// Smoothed (removing single-pixel noise) and thresholded by Otsu's method.
fn binarised(img: &GrayImage) -> GrayImage {
    let smooth = imageops::blur(img, 1.0);
    let t = otsu(&smooth);
    GrayImage::from_fn(smooth.width(), smooth.height(), |x, y| {
        Luma([if smooth.get_pixel(x, y).0[0] > t {
            255
        } else {
            0
        }])
    })
}

/// Otsu's threshold: the grey level that best splits the histogram in two
/// (ink and paper), by the largest variance between the two classes.
pub(super) fn otsu(img: &GrayImage) -> u8 {
    let mut hist = [0u64; 256];
    for p in img.iter() {
        hist[usize::from(*p)] += 1;
    }
    let total: u64 = hist.iter().sum();
    let sum_all: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &n)| i as f64 * n as f64)
        .sum();
    let (mut below, mut sum_below) = (0u64, 0f64);
    let (mut best, mut best_var) = (0u8, -1f64);
    for (t, &n) in hist.iter().enumerate() {
        below += n;
        sum_below += t as f64 * n as f64;
        let above = total - below;
        if below == 0 || above == 0 {
            continue;
        }
        let (wb, wa) = (below as f64, above as f64);
        let diff = sum_below / wb - (sum_all - sum_below) / wa;
        let var = wb * wa * diff * diff;
        if var > best_var {
            best_var = var;
            best = t as u8;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page of `w`×`h` white pixels with our QR code for `payload` drawn
    /// in the top-right corner at `module` pixels a module.
    fn page_with_code(w: u32, h: u32, payload: &str, module: u32) -> GrayImage {
        let code = qrcode::QrCode::new(payload.as_bytes()).expect("qr");
        let n = code.width() as u32;
        let colours = code.to_colors();
        let (ox, oy) = (w - (n + 8) * module, 4 * module);
        GrayImage::from_fn(w, h, |x, y| {
            let inside = x >= ox && y >= oy && x < ox + n * module && y < oy + n * module;
            let dark = inside && {
                let (mx, my) = ((x - ox) / module, (y - oy) / module);
                colours[(my * n + mx) as usize] == qrcode::Color::Dark
            };
            Luma([if dark { 0 } else { 255 }])
        })
    }

    fn mark(case: &str, form: &str, page: usize) -> PageMark {
        PageMark {
            case: case.into(),
            form: form.into(),
            page,
        }
    }

    #[test]
    fn a_clean_code_is_read_in_the_corners_and_upside_down() {
        let page = page_with_code(600, 840, "madoguchi:1:C-1:nhi_enrollment:3", 4);
        let expected = mark("C-1", "nhi_enrollment", 3);
        assert_eq!(
            read_with_look(&page),
            Some((expected.clone(), Look::Corners))
        );
        let upside_down = imageops::rotate180(&page);
        assert_eq!(
            read_with_look(&upside_down),
            Some((expected, Look::Corners))
        );
    }

    #[test]
    fn codes_of_others_and_blank_pages_are_no_mark() {
        let other = page_with_code(600, 840, "https://example.jp/", 4);
        assert_eq!(read_mark(&other), None);
        assert_eq!(
            read_mark(&GrayImage::from_pixel(300, 420, Luma([255]))),
            None
        );
        assert_eq!(read_mark(&GrayImage::new(0, 0)), None);
        assert_eq!(read_mark(&GrayImage::from_pixel(1, 1, Luma([0]))), None);
    }

    #[test]
    fn otsu_splits_ink_from_paper() {
        let img = GrayImage::from_fn(10, 10, |x, _| Luma([if x < 3 { 30 } else { 220 }]));
        let t = otsu(&img);
        assert!((30..220).contains(&t), "{t}");
    }
}
