//! PDFs made here the way scanners make them (an image XObject a page), one
//! for each compression we read, and the ways they go wrong.

use image::{GrayImage, Luma};
use lopdf::{dictionary, Dictionary, Document, Object, Stream};

use super::*;

/// A small page with a dark square, so decoding errors show in the pixels.
fn sample() -> GrayImage {
    GrayImage::from_fn(40, 24, |x, y| {
        Luma([if (8..20).contains(&x) && (4..12).contains(&y) {
            10
        } else {
            240
        }])
    })
}

fn image_stream(dict: Dictionary, content: Vec<u8>) -> Stream {
    let mut d = dictionary! { "Type" => "XObject", "Subtype" => "Image" };
    for (k, v) in dict.iter() {
        d.set(k.clone(), v.clone());
    }
    Stream::new(d, content)
}

fn jpeg(img: &GrayImage) -> Stream {
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90)
        .encode_image(img)
        .expect("jpeg");
    image_stream(
        dictionary! { "Width" => img.width() as i64, "Height" => img.height() as i64,
        "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8, "Filter" => "DCTDecode" },
        bytes,
    )
}

/// An image stream, Flate-compressed (by lopdf, which sets the filter).
fn flate(dict: Dictionary, data: Vec<u8>) -> Stream {
    let mut stream = image_stream(dict, data);
    stream.compress().expect("deflate");
    assert!(stream.filters().is_ok_and(|f| f == [b"FlateDecode"]));
    stream
}

fn flate_grey(img: &GrayImage) -> Stream {
    flate(
        dictionary! { "Width" => img.width() as i64, "Height" => img.height() as i64,
        "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
        img.as_raw().clone(),
    )
}

/// A PDF whose pages each show one of `pages` (an image XObject), or only
/// drawn lines where there is none. The resources of the first page are
/// inherited from the page tree, as some scanners write them.
fn pdf(pages: Vec<Option<Stream>>) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let tree = doc.new_object_id();
    let mut kids = Vec::new();
    let mut inherited = None;
    for (i, image) in pages.into_iter().enumerate() {
        let (resources, ops) = match image {
            Some(stream) => {
                let id = doc.add_object(stream);
                (
                    dictionary! { "XObject" => dictionary! { "Im0" => id } },
                    b"q 595 0 0 842 0 0 cm /Im0 Do Q".to_vec(),
                )
            }
            None => (Dictionary::new(), b"0 0 m 100 100 l S".to_vec()),
        };
        let contents = doc.add_object(Stream::new(Dictionary::new(), ops));
        let mut page = dictionary! { "Type" => "Page", "Parent" => tree, "Contents" => contents };
        if i == 0 {
            inherited = Some(resources);
        } else {
            page.set("Resources", resources);
        }
        kids.push(Object::Reference(doc.add_object(page)));
    }
    let count = kids.len() as i64;
    let mut tree_dict = dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count,
    "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()] };
    if let Some(r) = inherited {
        tree_dict.set("Resources", r);
    }
    doc.objects.insert(tree, Object::Dictionary(tree_dict));
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => tree });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

fn pages(data: &[u8]) -> Vec<Result<GrayImage, ScanReadError>> {
    let mut p = PdfPages::open(data).expect("open");
    std::iter::from_fn(|| p.next()).collect()
}

/// Mean absolute difference of two grey images of the same size.
fn distance(a: &GrayImage, b: &GrayImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions());
    let sum: u64 = a
        .iter()
        .zip(b.iter())
        .map(|(x, y)| u64::from(x.abs_diff(*y)))
        .sum();
    sum as f64 / a.len() as f64
}

#[test]
fn jpeg_and_flate_grey_pages_come_back_as_scanned() {
    let img = sample();
    let read = pages(&pdf(vec![Some(jpeg(&img)), Some(flate_grey(&img))]));
    assert_eq!(read.len(), 2);
    let jpeg_page = read[0].as_ref().expect("jpeg page");
    assert!(
        distance(jpeg_page, &img) < 6.0,
        "{}",
        distance(jpeg_page, &img)
    );
    assert_eq!(read[1].as_ref().expect("flate page"), &img);
}

#[test]
fn rgb_and_icc_pages_and_inverted_bits_become_grey() {
    let mut doc = Document::with_version("1.5");
    let icc = doc.add_object(Stream::new(dictionary! { "N" => 3 }, vec![]));
    let rgb = image_stream(
        dictionary! { "Width" => 2, "Height" => 1, "BitsPerComponent" => 8,
        "ColorSpace" => vec![Object::Name(b"ICCBased".to_vec()), Object::Reference(icc)] },
        vec![255, 255, 255, 0, 0, 0],
    );
    let page = |stream: &Stream| decode_image(&doc, stream).expect("decode");
    assert_eq!(page(&rgb).as_raw(), &[255, 0]);
    // 1-bit, Decode [1 0]: a set bit is black.
    let bits = image_stream(
        dictionary! { "Width" => 4, "Height" => 1, "BitsPerComponent" => 1,
        "ColorSpace" => "DeviceGray", "Decode" => vec![1.into(), 0.into()] },
        vec![0b1100_0000],
    );
    assert_eq!(page(&bits).as_raw(), &[0, 0, 255, 255]);
    let indexed = image_stream(
        dictionary! { "Width" => 1, "Height" => 1, "BitsPerComponent" => 8,
        "ColorSpace" => vec![Object::Name(b"Indexed".to_vec())] },
        vec![0],
    );
    assert_eq!(
        decode_image(&doc, &indexed),
        Err(ScanReadError::UnsupportedColour("Indexed".into()))
    );
}

#[test]
fn ccitt_group_4_pages_are_read_and_group_3_is_named() {
    let img = sample();
    let (w, h) = img.dimensions();
    let mut encoder = fax::encoder::Encoder::new(fax::VecWriter::new());
    for row in img.rows() {
        let pels = row.map(|p| {
            if p.0[0] < 128 {
                fax::Color::Black
            } else {
                fax::Color::White
            }
        });
        encoder.encode_line(pels, w as u16).expect("encode");
    }
    let data = encoder.finish().expect("finish").finish();
    let g4 = |k: i64| {
        image_stream(
            dictionary! { "Width" => w as i64, "Height" => h as i64, "BitsPerComponent" => 1,
            "ColorSpace" => "DeviceGray", "Filter" => "CCITTFaxDecode",
            "DecodeParms" => dictionary! { "K" => k, "Columns" => w as i64, "Rows" => h as i64 } },
            data.clone(),
        )
    };
    let read = pages(&pdf(vec![Some(g4(-1)), Some(g4(0))]));
    let bilevel = GrayImage::from_fn(w, h, |x, y| {
        Luma([if img.get_pixel(x, y).0[0] < 128 {
            0
        } else {
            255
        }])
    });
    assert_eq!(read[0].as_ref().expect("g4"), &bilevel);
    assert_eq!(
        read[1],
        Err(ScanReadError::UnsupportedCompression(
            "CCITT Group 3".into()
        ))
    );
}

#[test]
fn a_drawn_page_has_no_scan_and_the_other_pages_still_read() {
    let read = pages(&pdf(vec![None, Some(flate_grey(&sample()))]));
    assert_eq!(read[0], Err(ScanReadError::NoRasterImage));
    assert!(read[1].is_ok());
}

#[test]
fn unsupported_codecs_huge_headers_and_bombs_are_named() {
    let jpx = image_stream(
        dictionary! { "Width" => 10, "Height" => 10, "Filter" => "JPXDecode" },
        vec![0; 16],
    );
    let huge = image_stream(
        dictionary! { "Width" => 100_000, "Height" => 10, "ColorSpace" => "DeviceGray",
        "BitsPerComponent" => 8 },
        vec![0; 16],
    );
    // 10×10 pixels of grey whose stream inflates to 8 MB.
    let bomb = flate(
        dictionary! { "Width" => 10, "Height" => 10, "ColorSpace" => "DeviceGray",
        "BitsPerComponent" => 8 },
        vec![0; 8 << 20],
    );
    let short = image_stream(
        dictionary! { "Width" => 10, "Height" => 10, "ColorSpace" => "DeviceGray",
        "BitsPerComponent" => 8 },
        vec![0; 50],
    );
    let read = pages(&pdf(vec![Some(jpx), Some(huge), Some(bomb), Some(short)]));
    assert_eq!(
        read[0],
        Err(ScanReadError::UnsupportedCompression("JPXDecode".into()))
    );
    assert_eq!(
        read[1],
        Err(ScanReadError::PageTooLarge {
            width: 100_000,
            height: 10
        })
    );
    assert!(
        matches!(&read[2], Err(ScanReadError::BrokenImage(_))),
        "{:?}",
        read[2]
    );
    assert!(
        matches!(&read[3], Err(ScanReadError::BrokenImage(_))),
        "{:?}",
        read[3]
    );
}

#[test]
fn broken_documents_are_errors_not_panics() {
    let whole = pdf(vec![Some(flate_grey(&sample()))]);
    assert!(matches!(
        PdfPages::open(b"%PDF-1.4\nnothing else"),
        Err(ScanReadError::BrokenPdf(_))
    ));
    // Every cut of a real file, however short, ends in an error or a page.
    for cut in (0..whole.len()).step_by(37) {
        if let Ok(mut p) = PdfPages::open(&whole[..cut]) {
            while p.next().is_some() {}
        }
    }
}
