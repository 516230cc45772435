//! What a scanned page is: the QR code every printed page carries
//! (`madoguchi:1:<case>:<form>:<page>`) read back from the image, and a small
//! picture of the page for the clerk to recognise it. The counter compares the
//! pages scanned with the pages printed: which are there, which are missing,
//! which belong to another visit.

use std::path::Path;

use image::{imageops, GrayImage};

/// Where a page belongs, as its QR code says.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageMark {
    pub case: String,
    pub form: String,
    /// The page's number in its batch (1-based).
    pub page: usize,
}

/// The QR payload of a printed page, read; anything else is none.
pub fn parse_payload(s: &str) -> Option<PageMark> {
    let rest = s.strip_prefix("madoguchi:1:")?;
    let (rest, page) = rest.rsplit_once(':')?;
    let (case, form) = rest.rsplit_once(':')?;
    let page: usize = page.parse().ok()?;
    if case.is_empty() || form.is_empty() || page == 0 {
        return None;
    }
    Some(PageMark {
        case: case.to_string(),
        form: form.to_string(),
        page,
    })
}

/// A page small enough to show: grey levels, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thumbnail {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

/// A scanned page, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadPage {
    /// None: no readable QR code (a blank page, a page from elsewhere, a bad scan).
    pub mark: Option<PageMark>,
    pub thumbnail: Thumbnail,
}

/// The thumbnail's width in pixels (height by the page's proportions).
pub const THUMB_WIDTH: u32 = 48;

/// Read a scanned page: its QR code and a thumbnail. The QR code sits in a
/// corner of every printed page; the corners are looked at first (a page fed
/// upside down has it in the opposite one), then the whole page, smaller,
/// then the corners cleaned up and turned.
pub fn read_page(path: &Path) -> Result<ReadPage, String> {
    let img = image::open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .to_luma8();
    Ok(read_image(&img))
}

pub fn read_image(img: &GrayImage) -> ReadPage {
    let (w, h) = img.dimensions();
    // The corners, the whole page, then cleaned-up and turned corners (for
    // noise, JPEG artefacts and skew): see `scan_route::read_mark`.
    let mark = crate::scan_route::read_mark(img);
    let tw = THUMB_WIDTH.min(w.max(1));
    let th = ((h as u64 * tw as u64) / w.max(1) as u64).max(1) as u32;
    let thumb = imageops::resize(img, tw, th, imageops::FilterType::Triangle);
    ReadPage {
        mark,
        thumbnail: Thumbnail {
            width: tw,
            height: th,
            pixels: thumb.into_raw(),
        },
    }
}

/// The pages of a visit's batch that come back signed, against the pages
/// scanned: what is there, what is missing, what is not this visit's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Pages of this visit found, by form and page.
    pub found: Vec<PageMark>,
    /// Pages printed for signing that no scan shows.
    pub missing: Vec<PageMark>,
    /// Scans with another visit's QR code.
    pub other_case: Vec<PageMark>,
    /// Scans with no readable QR code (their file names).
    pub unreadable: Vec<String>,
    /// The same page scanned twice.
    pub duplicates: Vec<PageMark>,
}

/// Compare the scans with the pages expected back (the batch's form pages).
pub fn tally(case: &str, expected: &[PageMark], scans: &[(String, Option<PageMark>)]) -> Tally {
    let mut t = Tally::default();
    for (name, mark) in scans {
        match mark {
            None => t.unreadable.push(name.clone()),
            Some(m) if m.case != case => t.other_case.push(m.clone()),
            Some(m) if t.found.contains(m) => t.duplicates.push(m.clone()),
            Some(m) => t.found.push(m.clone()),
        }
    }
    t.missing = expected
        .iter()
        .filter(|e| !t.found.contains(e))
        .cloned()
        .collect();
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_read_and_other_codes_do_not() {
        assert_eq!(
            parse_payload("madoguchi:1:20261130-A-001:nhi_enrollment:3"),
            Some(PageMark {
                case: "20261130-A-001".into(),
                form: "nhi_enrollment".into(),
                page: 3
            })
        );
        for bad in [
            "https://example.jp",
            "madoguchi:2:x:y:1",
            "madoguchi:1:x:y:0",
            "madoguchi:1::y:1",
            "madoguchi:1:x:y:z",
        ] {
            assert_eq!(parse_payload(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_tally_says_what_is_missing_and_what_is_not_this_visits() {
        let m = |case: &str, page| PageMark {
            case: case.into(),
            form: "f".into(),
            page,
        };
        let expected = [m("A", 2), m("A", 3), m("A", 4)];
        let scans = [
            ("1.png".to_string(), Some(m("A", 2))),
            ("2.png".to_string(), Some(m("A", 2))),
            ("3.png".to_string(), Some(m("B", 2))),
            ("4.png".to_string(), None),
            ("5.png".to_string(), Some(m("A", 4))),
        ];
        let t = tally("A", &expected, &scans);
        assert_eq!(t.found, vec![m("A", 2), m("A", 4)]);
        assert_eq!(t.missing, vec![m("A", 3)]);
        assert_eq!(t.other_case, vec![m("B", 2)]);
        assert_eq!(t.duplicates, vec![m("A", 2)]);
        assert_eq!(t.unreadable, vec!["4.png".to_string()]);
    }
}
