//! A scanner's stack made from real renders of our own PDFs: five visits
//! printed by the library (different households and events, so different
//! cases and forms), rendered by poppler's `pdftoppm` at 150 to 300 dpi,
//! each sheet turned a few degrees (bilinear, white where the paper ends),
//! some fed upside down, with sensor noise; plus two blank sheets, two sheets
//! of a case nobody knows and one sheet scanned twice. The shuffled stack is
//! written as a scanner writes it: a multi-page PDF of JPEG pages, a
//! multi-page TIFF, and single PNG and JPEG files.
//!
//! Shared by `tests/scan_routing.rs` and `benches/scan_route.rs`.
#![allow(dead_code)]

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;

use image::{imageops, GrayImage, Luma};
use lopdf::{dictionary, Document, Object, Stream};
use madoguchi::catalog::Mode;
use madoguchi::print::{self, BatchInput, Templates};
use madoguchi::scan_pages::PageMark;
use madoguchi::{determine, input, load_rules};

/// The five visits: request fixtures and the case ids they are printed under.
pub const VISITS: [(&str, &str); 5] = [
    ("seed-move-in-address.json", "20261130-A-001"),
    ("seed-move-in.json", "20261130-A-002"),
    ("birth-second-child.json", "20261130-B-003"),
    ("death-head.json", "20261130-C-004"),
    ("move-out.json", "20261130-D-005"),
];

/// The case printed for the stray sheets: no counter knows it.
pub const STRAY_CASE: &str = "20261129-Z-999";

/// One sheet of paper in the stack, and where the scanner put it.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// What its QR code says; None for a blank sheet.
    pub mark: Option<PageMark>,
    pub file: PathBuf,
    /// Its page in `file` (1 for a single image).
    pub page: u32,
    pub dpi: u32,
    pub degrees: f32,
    pub upside_down: bool,
}

pub struct Stack {
    /// Keeps the files until the stack is dropped.
    pub dir: tempfile::TempDir,
    /// The folder the scanner wrote to.
    pub folder: PathBuf,
    /// The scanner's files, by name.
    pub files: Vec<PathBuf>,
    /// The sheets in the order they went through the feeder.
    pub sheets: Vec<Sheet>,
    /// The page marks of each printed visit, as the batches say.
    pub printed: Vec<(String, Vec<PageMark>)>,
    /// The page that went through the feeder twice.
    pub twice: PageMark,
}

/// A small deterministic generator (xorshift64*): the same stack every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Print a visit's batch with the library, as the counter does: every counter
/// procedure confirmed, guidance in Japanese. The PDF and its page marks.
pub fn print_visit(request_file: &str, case: &str) -> (Vec<u8>, Vec<PageMark>) {
    let (texts, catalogs) = load_rules(None).expect("rules");
    let templates = Templates::builtin().expect("templates");
    let text = std::fs::read_to_string(fixture(request_file)).expect("fixture");
    let request = input::parse_request(&text).expect("request").request;
    let catalog = catalogs.in_effect(request.as_of).expect("catalog");
    let determination = determine(&request, catalog, &texts, "ja");
    let confirmed: Vec<String> = determination
        .procedures
        .iter()
        .filter(|p| p.mode == Mode::Counter)
        .map(|p| p.id.clone())
        .collect();
    let batch = print::render(
        &BatchInput {
            request: &request,
            determination: &determination,
            confirmed: &confirmed,
            catalog,
            texts: &texts,
            templates: &templates,
            lang: "ja",
            case_id: case,
        },
        &mut |_| {},
    )
    .expect("print");
    let marks = batch
        .pages
        .iter()
        .map(|p| PageMark {
            case: case.to_string(),
            form: p.form.clone(),
            page: p.page,
        })
        .collect();
    (batch.pdf, marks)
}

/// One page of a PDF rendered in grey by poppler at `dpi`.
pub fn render_page(pdf: &Path, page: usize, dpi: u32) -> GrayImage {
    let out = pdf.with_file_name(format!("render-{page}-{dpi}"));
    let n = page.to_string();
    let status = Command::new("pdftoppm")
        .args(["-r", &dpi.to_string(), "-gray", "-png", "-singlefile"])
        .args(["-f", &n, "-l", &n])
        .arg(pdf)
        .arg(&out)
        .output()
        .unwrap_or_else(|e| panic!("pdftoppm (poppler-utils) must be installed: {e}"));
    assert!(
        status.status.success(),
        "pdftoppm: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let png = out.with_extension("png");
    let img = image::open(&png).expect("rendered page").to_luma8();
    std::fs::remove_file(&png).expect("remove render");
    img
}

/// The page turned by `degrees` about its centre, bilinear, white where the
/// turned page does not reach (the scanner's lid).
pub fn turn(img: &GrayImage, degrees: f32) -> GrayImage {
    let (w, h) = img.dimensions();
    let (sin, cos) = degrees.to_radians().sin_cos();
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let raw = img.as_raw();
    let px = |x: i32, y: i32| -> f32 {
        if x < 0 || y < 0 || x >= w as i32 || y >= h as i32 {
            255.0
        } else {
            f32::from(raw[y as usize * w as usize + x as usize])
        }
    };
    let mut out = Vec::with_capacity(raw.len());
    for y in 0..h {
        let dy = y as f32 - cy;
        for x in 0..w {
            let dx = x as f32 - cx;
            let sx = cos * dx + sin * dy + cx;
            let sy = cos * dy - sin * dx + cy;
            let (x0, y0) = (sx.floor() as i32, sy.floor() as i32);
            let (fx, fy) = (sx - sx.floor(), sy - sy.floor());
            let top = px(x0, y0) + (px(x0 + 1, y0) - px(x0, y0)) * fx;
            let bottom = px(x0, y0 + 1) + (px(x0 + 1, y0 + 1) - px(x0, y0 + 1)) * fx;
            out.push((top + (bottom - top) * fy) as u8);
        }
    }
    GrayImage::from_raw(w, h, out).expect("size")
}

/// Sensor noise: a grey offset of about ±`amplitude` on every pixel, and
/// one pixel in a thousand a speck of dust (black) or a dropout (white).
pub fn add_noise(img: &mut GrayImage, amplitude: f32, rng: &mut Rng) {
    for p in img.iter_mut() {
        let r = rng.next();
        let offset = ((r & 0xff) as f32 + ((r >> 8) & 0xff) as f32 - 255.0) / 255.0 * amplitude;
        *p = match (r >> 16) % 1000 {
            0 => 0,
            1 => 255,
            _ => (f32::from(*p) + offset).clamp(0.0, 255.0) as u8,
        };
    }
}

pub fn jpeg(img: &GrayImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(img)
        .expect("jpeg");
    out
}

/// A scanner's PDF: each page one grey JPEG image filling the page, the page
/// as large as the paper at `dpi`.
pub fn scanner_pdf(pages: &[(GrayImage, u32)], quality: u8) -> Vec<u8> {
    let mut doc = Document::with_version("1.4");
    let tree = doc.new_object_id();
    let mut kids = Vec::new();
    for (img, dpi) in pages {
        let (w, h) = img.dimensions();
        let image = doc.add_object(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => w as i64,
            "Height" => h as i64, "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
            "Filter" => "DCTDecode" },
            jpeg(img, quality),
        ));
        let (pw, ph) = (w as f32 * 72.0 / *dpi as f32, h as f32 * 72.0 / *dpi as f32);
        let ops = format!("q {pw:.2} 0 0 {ph:.2} 0 0 cm /Im0 Do Q");
        let contents = doc.add_object(Stream::new(dictionary! {}, ops.into_bytes()));
        let page = doc.add_object(dictionary! { "Type" => "Page", "Parent" => tree,
        "MediaBox" => vec![0.into(), 0.into(), pw.into(), ph.into()],
        "Contents" => contents,
        "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => image } } });
        kids.push(Object::Reference(page));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        tree,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => tree });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("pdf");
    out
}

/// A scanner's multi-page TIFF: grey, LZW.
pub fn scanner_tiff(pages: &[GrayImage]) -> Vec<u8> {
    use tiff::encoder::{colortype, Compression, TiffEncoder};
    let mut out = Cursor::new(Vec::new());
    let mut enc = TiffEncoder::new(&mut out)
        .expect("tiff")
        .with_compression(Compression::Lzw);
    for img in pages {
        enc.write_image::<colortype::Gray8>(img.width(), img.height(), img.as_raw())
            .expect("tiff page");
    }
    out.into_inner()
}

/// A blank sheet as scanned: paper of `paper` grey, with noise.
fn blank(dpi: u32, paper: u8, rng: &mut Rng) -> GrayImage {
    let (w, h) = (210 * dpi * 10 / 254, 297 * dpi * 10 / 254);
    let mut img = GrayImage::from_pixel(w, h, Luma([paper]));
    add_noise(&mut img, 14.0, rng);
    img
}

/// A sheet on its way into the feeder: the printed page it is (a PDF and a
/// page number), or a blank.
struct Paper {
    printed: Option<(PathBuf, usize)>,
    mark: Option<PageMark>,
}

/// A sheet as the scanner saw it.
struct Scanned {
    image: GrayImage,
    dpi: u32,
    degrees: f32,
    upside_down: bool,
    mark: Option<PageMark>,
}

/// The whole stack, written into a fresh temporary folder.
pub fn build() -> Stack {
    let dir = tempfile::tempdir().expect("tempdir");
    let work = dir.path().join("print");
    let folder = dir.path().join("scans");
    std::fs::create_dir_all(&work).expect("mkdir");
    std::fs::create_dir_all(&folder).expect("mkdir");
    let mut rng = Rng::new(0x5ca_2026);

    // Print the five visits, and the stray case (two of its sheets).
    let mut printed = Vec::new();
    let mut sheets: Vec<Paper> = Vec::new();
    for (i, (request, case)) in VISITS.iter().enumerate() {
        let (pdf, marks) = print_visit(request, case);
        let path = work.join(format!("visit-{i}.pdf"));
        std::fs::write(&path, pdf).expect("write");
        for (n, m) in marks.iter().enumerate() {
            sheets.push(Paper {
                printed: Some((path.clone(), n + 1)),
                mark: Some(m.clone()),
            });
        }
        printed.push((case.to_string(), marks));
    }
    let (stray_pdf, stray_marks) = print_visit(VISITS[0].0, STRAY_CASE);
    let stray_path = work.join("stray.pdf");
    std::fs::write(&stray_path, stray_pdf).expect("write");
    for n in [2, 3] {
        sheets.push(Paper {
            printed: Some((stray_path.clone(), n)),
            mark: Some(stray_marks[n - 1].clone()),
        });
    }
    // The third visit's second sheet goes through the feeder twice.
    let twice = printed[2].1[1].clone();
    let twice_path = work.join("visit-2.pdf");
    sheets.push(Paper {
        printed: Some((twice_path, 2)),
        mark: Some(twice.clone()),
    });
    for _ in 0..2 {
        sheets.push(Paper {
            printed: None,
            mark: None,
        });
    }
    rng.shuffle(&mut sheets);

    // Scan each sheet.
    const DPIS: [u32; 5] = [150, 200, 240, 300, 180];
    let mut scanned: Vec<Scanned> = Vec::new();
    for (
        i,
        Paper {
            printed: source,
            mark,
        },
    ) in sheets.into_iter().enumerate()
    {
        let dpi = DPIS[i % DPIS.len()];
        let degrees = (rng.unit() * 2.0 - 1.0) * 5.0;
        let upside_down = i % 4 == 1;
        let img = match source {
            Some((pdf, page)) => {
                let mut img = turn(&render_page(&pdf, page, dpi), degrees);
                if upside_down {
                    img = imageops::rotate180(&img);
                }
                add_noise(&mut img, 12.0, &mut rng);
                img
            }
            None => blank(dpi, if i % 2 == 0 { 250 } else { 232 }, &mut rng),
        };
        scanned.push(Scanned {
            image: img,
            dpi,
            degrees,
            upside_down,
            mark,
        });
    }

    // Write them as the scanner does: 18 sheets into a PDF, 8 into a TIFF,
    // the last four one file each.
    let mut out_sheets = Vec::new();
    let pdf_path = folder.join("scan-0001.pdf");
    let tiff_path = folder.join("scan-0002.tif");
    let (in_pdf, rest) = scanned.split_at(18);
    let (in_tiff, singles) = rest.split_at(8);
    let pdf_pages: Vec<(GrayImage, u32)> =
        in_pdf.iter().map(|s| (s.image.clone(), s.dpi)).collect();
    std::fs::write(&pdf_path, scanner_pdf(&pdf_pages, 75)).expect("write pdf");
    let tiff_pages: Vec<GrayImage> = in_tiff.iter().map(|s| s.image.clone()).collect();
    std::fs::write(&tiff_path, scanner_tiff(&tiff_pages)).expect("write tiff");
    let mut files = vec![pdf_path.clone(), tiff_path.clone()];
    for (group, path) in [(in_pdf, &pdf_path), (in_tiff, &tiff_path)] {
        for (n, s) in group.iter().enumerate() {
            out_sheets.push(sheet(s, path, n as u32 + 1));
        }
    }
    for (n, s) in singles.iter().enumerate() {
        let path = if n % 2 == 0 {
            let p = folder.join(format!("scan-{:04}.png", n + 3));
            s.image.save(&p).expect("png");
            p
        } else {
            let p = folder.join(format!("scan-{:04}.jpg", n + 3));
            std::fs::write(&p, jpeg(&s.image, 80)).expect("jpg");
            p
        };
        out_sheets.push(sheet(s, &path, 1));
        files.push(path);
    }
    Stack {
        dir,
        folder,
        files,
        sheets: out_sheets,
        printed,
        twice,
    }
}

fn sheet(s: &Scanned, file: &Path, page: u32) -> Sheet {
    Sheet {
        mark: s.mark.clone(),
        file: file.to_path_buf(),
        page,
        dpi: s.dpi,
        degrees: s.degrees,
        upside_down: s.upside_down,
    }
}
