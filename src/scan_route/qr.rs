//! Reading a page's QR code from a scan as it comes from a feeder: 150 to 300
//! dpi, turned a few degrees, maybe upside down, with sensor noise and JPEG
//! artefacts. `rqrr` finds a code at any angle by itself; what defeats it is
//! a page too large to search quickly, noise inside the finder squares and
//! soft JPEG edges. So the cheap looks come first and the costly ones only
//! for pages that are still unread (blank pages pay for all of them).

use image::{imageops, GrayImage, Luma};

use crate::scan_pages::{parse_payload, PageMark};

/// The steps tried, in order, until one reads a code of ours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    /// The four corners as scanned (a page fed upside down has the code in the
    /// opposite corner), at most [`CORNER_SIDE`] pixels on a side.
    Corners,
    /// The whole page, at most [`PAGE_SIDE`] pixels on a side (a code printed
    /// elsewhere, or a page fed sideways).
    WholePage,
    /// The corners smoothed, then black and white by Otsu's threshold: noise
    /// and JPEG ringing no longer break the finder squares.
    CornersBinarised,
    /// The corners turned back by a few degrees each way, smoothed and
    /// binarised (a skew that bends the code's grid too much for `rqrr`).
    CornersTurned,
}

/// The order of the looks.
pub const LOOKS: [Look; 4] = [
    Look::Corners,
    Look::WholePage,
    Look::CornersBinarised,
    Look::CornersTurned,
];

/// A corner is scaled down to this (a 22 mm code stays above 3 px a module
/// at 300 dpi and is not enlarged at 150 dpi).
pub const CORNER_SIDE: u32 = 700;

/// The whole page is scaled down to this.
pub const PAGE_SIDE: u32 = 1600;

/// The angles a corner is turned back by in the last look.
const TURNS: [f32; 4] = [-4.0, 4.0, -8.0, 8.0];

/// The page's QR code, if one of ours can be read.
pub fn read_mark(img: &GrayImage) -> Option<PageMark> {
    read_with_look(img).map(|(mark, _)| mark)
}

/// The page's QR code and the look that read it.
pub fn read_with_look(img: &GrayImage) -> Option<(PageMark, Look)> {
    let (w, h) = img.dimensions();
    if w == 0 || h == 0 {
        return None;
    }
    let corners: Vec<GrayImage> = corners(w, h)
        .into_iter()
        .map(|(x, y, cw, ch)| {
            fit(
                &imageops::crop_imm(img, x, y, cw, ch).to_image(),
                CORNER_SIDE,
            )
        })
        .collect();
    LOOKS.into_iter().find_map(|look| {
        let mark = match look {
            Look::Corners => corners.iter().find_map(decode),
            Look::WholePage => decode(&fit(img, PAGE_SIDE)),
            Look::CornersBinarised => corners.iter().find_map(|c| decode(&binarised(c))),
            Look::CornersTurned => corners.iter().find_map(|c| {
                let clean = binarised(c);
                TURNS.iter().find_map(|&deg| decode(&turned(&clean, deg)))
            }),
        };
        mark.map(|m| (m, look))
    })
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

/// The image scaled down so its longer side is at most `side` (never up).
fn fit(img: &GrayImage, side: u32) -> GrayImage {
    let (w, h) = img.dimensions();
    let longer = w.max(h);
    if longer <= side {
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

/// The image turned by `degrees` about its centre (bilinear, paper-white
/// where the turned image has no pixels).
pub(super) fn turned(img: &GrayImage, degrees: f32) -> GrayImage {
    let (w, h) = img.dimensions();
    let (sin, cos) = degrees.to_radians().sin_cos();
    let (cx, cy) = ((w as f32 - 1.0) / 2.0, (h as f32 - 1.0) / 2.0);
    let src = img.as_raw();
    let at = |x: i64, y: i64| -> f32 {
        if x < 0 || y < 0 || x >= i64::from(w) || y >= i64::from(h) {
            255.0
        } else {
            f32::from(src[y as usize * w as usize + x as usize])
        }
    };
    GrayImage::from_fn(w, h, |x, y| {
        // The source point that lands on (x, y): turn back by -degrees.
        let (dx, dy) = (x as f32 - cx, y as f32 - cy);
        let sx = cos * dx + sin * dy + cx;
        let sy = -sin * dx + cos * dy + cy;
        let (x0, y0) = (sx.floor(), sy.floor());
        let (fx, fy) = (sx - x0, sy - y0);
        let (x0, y0) = (x0 as i64, y0 as i64);
        let top = at(x0, y0) * (1.0 - fx) + at(x0 + 1, y0) * fx;
        let bottom = at(x0, y0 + 1) * (1.0 - fx) + at(x0 + 1, y0 + 1) * fx;
        Luma([(top * (1.0 - fy) + bottom * fy).round().clamp(0.0, 255.0) as u8])
    })
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

    #[test]
    fn turning_there_and_back_keeps_the_picture() {
        let img = GrayImage::from_fn(60, 40, |x, y| {
            Luma([if (20..40).contains(&x) && (10..30).contains(&y) {
                0
            } else {
                255
            }])
        });
        assert_eq!(turned(&img, 0.0), img);
        let back = turned(&turned(&img, 5.0), -5.0);
        let centre = back.get_pixel(30, 20).0[0];
        let corner = back.get_pixel(2, 2).0[0];
        assert!(centre < 40 && corner > 215, "{centre} {corner}");
        // Turned 90°, the dark band (20 wide, 20 high) stays around the centre.
        assert!(turned(&img, 90.0).get_pixel(30, 20).0[0] < 40);
    }
}
