//! Reading a page's QR code from a scan as it comes from a feeder: 150 to 300
//! dpi, turned a few degrees, maybe upside down, with sensor noise and JPEG
//! artefacts. `rqrr` finds a code at any angle by itself; what defeats it is
//! a page too large to search quickly, and noise or soft JPEG edges in the
//! finder squares. So the corners come first as they are, then cleaned up,
//! and the whole page last (blank pages pay for all three).
//!
//! Measured on real renders of our forms (`tests/scan_routing.rs`): turning
//! the corners back by a few degrees before decoding read no page that these
//! looks missed, so it is not done. What no look brings back: an A4 sheet
//! skewed by more than 5° towards the code's side in a scan of fixed A4 size
//! has the code's outer corner cut off (the code is printed 12 mm from the
//! paper's edge; turning about the centre moves that corner 12 mm at 5°).

use std::cell::OnceCell;

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

/// The page's QR code and the look that read it. A page with no ink at all
/// (the blank back of a sheet in a duplex scan) is given up after the first
/// look: the others would cost ten times as much and cannot find anything.
pub fn read_with_look(img: &GrayImage) -> Option<(PageMark, Look)> {
    let corners = Corners::of(img);
    let first = LOOKS[0];
    if let Some(mark) = look_at(img, &corners, first) {
        return Some((mark, first));
    }
    if !has_ink(img) {
        return None;
    }
    LOOKS[1..]
        .iter()
        .find_map(|&look| look_at(img, &corners, look).map(|m| (m, look)))
}

/// Whether anything is printed or written on the page. The page is averaged
/// down to blocks of about half a millimetre, which keeps a pen stroke, a
/// line of text or a code's finder square but not scanner noise or dust;
/// ink is a block much darker than the paper (the median block).
pub fn has_ink(img: &GrayImage) -> bool {
    const BLOCKS_ACROSS: u32 = 400;
    const DARKER_THAN_PAPER: u8 = 64;
    const INK_BLOCKS: usize = 4;
    let (w, h) = img.dimensions();
    if w == 0 || h == 0 {
        return false;
    }
    let bw = BLOCKS_ACROSS.min(w);
    let bh = ((u64::from(h) * u64::from(bw) / u64::from(w)) as u32).max(1);
    let blocks = imageops::thumbnail(img, bw, bh);
    let mut hist = [0usize; 256];
    for p in blocks.iter() {
        hist[usize::from(*p)] += 1;
    }
    let half = blocks.len() / 2;
    let mut seen = 0;
    let paper = hist
        .iter()
        .position(|&n| {
            seen += n;
            seen > half
        })
        .unwrap_or(255);
    let ink_below = paper.saturating_sub(usize::from(DARKER_THAN_PAPER));
    hist[..ink_below].iter().sum::<usize>() >= INK_BLOCKS
}

/// The page's QR code by one look alone (to measure each).
pub fn read_by(img: &GrayImage, look: Look) -> Option<PageMark> {
    look_at(img, &Corners::of(img), look)
}

fn look_at(img: &GrayImage, corners: &Corners<'_>, look: Look) -> Option<PageMark> {
    match look {
        Look::Corners => corners.iter().find_map(decode),
        Look::CornersBinarised => corners.iter().find_map(|c| decode(&binarised(c))),
        Look::WholePage if img.width() > 0 && img.height() > 0 => decode(&fit(img, PAGE_SIDE)),
        Look::WholePage => None,
    }
}

/// The page's corners, cut out and scaled down to [`CORNER_SIDE`] when first
/// needed: most pages are read in the first corner, and the second look
/// reuses what the first cut.
struct Corners<'a> {
    img: &'a GrayImage,
    cut: [OnceCell<GrayImage>; 4],
}

impl<'a> Corners<'a> {
    fn of(img: &'a GrayImage) -> Self {
        Corners {
            img,
            cut: Default::default(),
        }
    }

    /// The corners in order; none for an empty image.
    fn iter(&self) -> impl Iterator<Item = &GrayImage> + '_ {
        let (w, h) = self.img.dimensions();
        let places = if w == 0 || h == 0 {
            Vec::new()
        } else {
            corners(w, h).to_vec()
        };
        places
            .into_iter()
            .zip(&self.cut)
            .map(|((x, y, cw, ch), cell)| {
                cell.get_or_init(|| {
                    fit(
                        &imageops::crop_imm(self.img, x, y, cw, ch).to_image(),
                        CORNER_SIDE,
                    )
                })
            })
    }
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
    fn noise_is_no_ink_and_a_code_or_a_line_of_text_is() {
        let mut state = 0x2545_f491_u64;
        let mut noise = |v: u8| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            match state % 1000 {
                0 => 0,
                _ => v.saturating_sub((state % 24) as u8),
            }
        };
        let blank = GrayImage::from_fn(1240, 1754, |_, _| Luma([noise(245)]));
        assert!(!has_ink(&blank));
        let grey_paper = GrayImage::from_fn(1240, 1754, |_, _| Luma([noise(200)]));
        assert!(!has_ink(&grey_paper));
        assert!(has_ink(&page_with_code(1240, 1754, "madoguchi:1:C:f:1", 4)));
        // A pen stroke 0.3 mm thick (2 px at 150 dpi) and 5 cm long.
        let stroke = GrayImage::from_fn(1240, 1754, |x, y| {
            Luma([if (600..602).contains(&y) && (300..600).contains(&x) {
                20
            } else {
                noise(245)
            }])
        });
        assert!(has_ink(&stroke));
        assert!(!has_ink(&GrayImage::new(0, 0)));
    }

    #[test]
    fn otsu_splits_ink_from_paper() {
        let img = GrayImage::from_fn(10, 10, |x, _| Luma([if x < 3 { 30 } else { 220 }]));
        let t = otsu(&img);
        assert!((30..220).contains(&t), "{t}");
    }
}
