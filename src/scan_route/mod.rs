//! Routing scanned pages by their QR code. A clerk drops a stack of signed
//! papers from several visits into the scanner; the scanner writes one
//! multi-page PDF or TIFF (or a file per page) into a folder. Every page we
//! printed carries `madoguchi:1:<case>:<form>:<page>` in a corner, so each
//! scanned page can be sent to its case without anyone sorting the stack.
//!
//! The parts, each in its own module:
//! - [`files_in`]: the scan files in a folder (not the ones still being written);
//! - [`ScanFile`] / [`pages_in`]: the pages of one file as grey images (PDF with
//!   one raster image a page, multi-page TIFF, PNG, JPEG), within size limits;
//! - [`read_mark`]: the QR code of a page, also when it is rotated, upside
//!   down, noisy or JPEG-blurred;
//! - [`Router`] / [`route`]: each page routed to its case, or left unrouted
//!   with the reason (no QR code, unknown case, a duplicate, unreadable);
//! - [`line`]: one line of text per page for the command line.
//!
//! Nothing here draws: the window and the command line show the outcomes.

mod decide;
mod folder;
mod pdf;
mod qr;
mod raster;
mod tiff_pages;

use std::path::{Path, PathBuf};

use image::GrayImage;

pub use decide::{line, reason_text, route, route_files, Known, Outcome, Router, UnroutedReason};
pub use folder::files_in;
pub use qr::{has_ink, read_by, read_mark, read_with_look, Look, LOOKS};

/// A scan file larger than this is not a scanner's output (a 100-page A4
/// stack in grey JPEG at 300 dpi is about 60 MB).
pub const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;

/// The longest side a scanned page may have in pixels (A3 at 1200 dpi is
/// 19 843): anything larger is a broken or hostile header.
pub const MAX_SIDE: u32 = 20_000;

/// One page of a scan file, as a grey image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanPage {
    pub source: PathBuf,
    /// The page's number in its file (1-based; 1 for a single image).
    pub page: u32,
    pub image: GrayImage,
}

/// A page of a readable file whose own picture cannot be had (a page a
/// program drew instead of a scanner, an unsupported compression, a damaged
/// image). The file's other pages are still routed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadablePage {
    pub source: PathBuf,
    pub page: u32,
    pub error: ScanReadError,
}

/// A page of a scan file: its picture, or why there is none.
pub type PageRead = Result<ScanPage, UnreadablePage>;

/// Why a scan file, or one of its pages, cannot be read. Cloneable so a
/// window can keep it; said in English by `Display` (the command line, logs)
/// and in the clerk's language by [`reason_text`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScanReadError {
    #[error("the file cannot be read ({0})")]
    Io(String),
    #[error("the file is empty")]
    Empty,
    #[error("the file is {size} bytes, more than a scan can be ({MAX_FILE_BYTES} bytes)")]
    FileTooLarge { size: u64 },
    #[error("not a scan: the file is neither a PDF, a TIFF, a PNG nor a JPEG")]
    NotScanFormat,
    #[error(
        "the page is {width}×{height} pixels, larger than a scan can be ({MAX_SIDE} on a side)"
    )]
    PageTooLarge { width: u64, height: u64 },
    #[error("the PDF is damaged or cut short ({0})")]
    BrokenPdf(String),
    #[error("the PDF is encrypted")]
    EncryptedPdf,
    #[error("the file has no pages")]
    NoPages,
    #[error("the page has no scanned image: a document made by a program, not by a scanner")]
    NoRasterImage,
    #[error("the page's image is stored as {0}, which is not read here: set the scanner to JPEG, grey or colour")]
    UnsupportedCompression(String),
    #[error("the page's image has colours stored as {0}, which is not read here: set the scanner to grey or colour")]
    UnsupportedColour(String),
    #[error("the image is damaged or cut short ({0})")]
    BrokenImage(String),
}

/// A scan file, opened: its pages are decoded one at a time as it is iterated,
/// so a 100-page stack never holds more than one page's pixels.
pub struct ScanFile {
    source: PathBuf,
    next_page: u32,
    pages: Pages,
}

enum Pages {
    Pdf(pdf::PdfPages),
    Tiff(tiff_pages::TiffPages),
    Single(Option<GrayImage>),
}

impl ScanFile {
    /// Open a scan file: check its size and kind (by its first bytes, not its
    /// name) and read its structure. A single image is decoded here.
    pub fn open(path: &Path) -> Result<ScanFile, ScanReadError> {
        let size = std::fs::metadata(path)
            .map_err(|e| ScanReadError::Io(e.to_string()))?
            .len();
        if size > MAX_FILE_BYTES {
            return Err(ScanReadError::FileTooLarge { size });
        }
        let data = std::fs::read(path).map_err(|e| ScanReadError::Io(e.to_string()))?;
        Self::from_bytes(path, data)
    }

    /// A scan file from bytes already read; `source` names it in outcomes.
    pub fn from_bytes(source: &Path, data: Vec<u8>) -> Result<ScanFile, ScanReadError> {
        if data.is_empty() {
            return Err(ScanReadError::Empty);
        }
        if data.len() as u64 > MAX_FILE_BYTES {
            return Err(ScanReadError::FileTooLarge {
                size: data.len() as u64,
            });
        }
        let pages = match kind_of(&data) {
            Some(Kind::Pdf) => Pages::Pdf(raster::guarded(|| pdf::PdfPages::open(&data))?),
            Some(Kind::Tiff) => Pages::Tiff(tiff_pages::TiffPages::open(data)?),
            Some(Kind::Image(format)) => {
                Pages::Single(Some(raster::guarded(|| raster::decode(&data, format))?))
            }
            None => return Err(ScanReadError::NotScanFormat),
        };
        Ok(ScanFile {
            source: source.to_path_buf(),
            next_page: 1,
            pages,
        })
    }

    pub fn source(&self) -> &Path {
        &self.source
    }
}

impl Iterator for ScanFile {
    type Item = PageRead;

    fn next(&mut self) -> Option<PageRead> {
        let read = match &mut self.pages {
            Pages::Pdf(p) => p.next()?,
            Pages::Tiff(t) => t.next()?,
            Pages::Single(image) => Ok(image.take()?),
        };
        let page = self.next_page;
        self.next_page += 1;
        let source = self.source.clone();
        Some(match read {
            Ok(image) => Ok(ScanPage {
                source,
                page,
                image,
            }),
            Err(error) => Err(UnreadablePage {
                source,
                page,
                error,
            }),
        })
    }
}

/// Every page of a scan file, decoded (all at once: for a few pages, or
/// tests; [`ScanFile`] decodes them one by one).
pub fn pages_in(path: &Path) -> Result<Vec<PageRead>, ScanReadError> {
    Ok(ScanFile::open(path)?.collect())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Pdf,
    Tiff,
    Image(image::ImageFormat),
}

/// What a file is by its first bytes. A PDF's header may follow some junk
/// (the format allows it within the first 1024 bytes).
fn kind_of(data: &[u8]) -> Option<Kind> {
    let head = &data[..data.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Some(Kind::Pdf);
    }
    if data.starts_with(b"II*\0") || data.starts_with(b"MM\0*") {
        return Some(Kind::Tiff);
    }
    match image::guess_format(data).ok()? {
        f @ (image::ImageFormat::Png | image::ImageFormat::Jpeg) => Some(Kind::Image(f)),
        _ => None,
    }
}

/// Whether a file holds pages rather than one picture (its outcomes name the page).
fn is_multi_page(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["pdf", "tif", "tiff"].contains(&e.to_ascii_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_told_apart_by_their_first_bytes() {
        assert_eq!(kind_of(b"%PDF-1.7\n"), Some(Kind::Pdf));
        assert_eq!(kind_of(b"\xef\xbb\xbf%PDF-1.4"), Some(Kind::Pdf));
        assert_eq!(kind_of(b"II*\0\x08\0\0\0"), Some(Kind::Tiff));
        assert_eq!(kind_of(b"MM\0*\0\0\0\x08"), Some(Kind::Tiff));
        assert_eq!(
            kind_of(b"\x89PNG\r\n\x1a\n...."),
            Some(Kind::Image(image::ImageFormat::Png))
        );
        assert_eq!(
            kind_of(b"\xff\xd8\xff\xe0..."),
            Some(Kind::Image(image::ImageFormat::Jpeg))
        );
        assert_eq!(kind_of(b"GIF89a......"), None);
        assert_eq!(kind_of(b"hello, this is a text file"), None);
    }

    #[test]
    fn empty_text_and_oversized_inputs_are_refused_by_name() {
        let p = Path::new("x.pdf");
        assert_eq!(
            ScanFile::from_bytes(p, Vec::new()).err(),
            Some(ScanReadError::Empty)
        );
        assert_eq!(
            ScanFile::from_bytes(p, b"not a pdf at all".to_vec()).err(),
            Some(ScanReadError::NotScanFormat)
        );
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = dir.path().join("gone.tif");
        assert!(matches!(
            ScanFile::open(&missing).err(),
            Some(ScanReadError::Io(_))
        ));
    }

    #[test]
    fn a_single_image_is_one_page_numbered_one() {
        let mut png = Vec::new();
        GrayImage::from_pixel(30, 40, image::Luma([200]))
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .expect("png");
        let pages: Vec<PageRead> = ScanFile::from_bytes(Path::new("a.png"), png)
            .expect("open")
            .collect();
        assert_eq!(pages.len(), 1);
        let page = pages[0].as_ref().expect("page");
        assert_eq!((page.page, page.image.dimensions()), (1, (30, 40)));
    }

    #[test]
    fn only_pdf_and_tiff_files_name_their_pages() {
        assert!(is_multi_page(Path::new("scan.PDF")));
        assert!(is_multi_page(Path::new("a/scan.tif")));
        assert!(!is_multi_page(Path::new("scan.png")));
        assert!(!is_multi_page(Path::new("scan")));
    }
}
