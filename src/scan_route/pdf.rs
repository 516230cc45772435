//! The pages of a scanner's PDF. A scanner puts one raster image on each page
//! (JPEG, Flate-compressed grey or colour, or CCITT Group 4 for black and
//! white); that image is the page. A page a program drew (text and lines, no
//! image) has nothing scanned on it and is reported so. JPEG 2000, JBIG2 and
//! CCITT Group 3 are not read: scanners offer JPEG or Group 4 for them.

use std::collections::VecDeque;

use image::{GrayImage, ImageFormat};
use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId, Stream};

use super::raster::{self, check_size, Layout};
use super::ScanReadError;

/// An object stream or page image that would inflate beyond this is a bomb,
/// not a scan (a grey A3 page at 600 dpi is 70 MB).
const MAX_INFLATED: usize = 512 * 1024 * 1024;

/// How deep to look into form XObjects for the page's image, and up the page
/// tree for inherited resources.
const MAX_NESTING: usize = 8;

/// A scanner's PDF, loaded; its pages are decoded one by one.
pub(super) struct PdfPages {
    doc: Document,
    pages: VecDeque<ObjectId>,
}

impl PdfPages {
    pub fn open(data: &[u8]) -> Result<PdfPages, ScanReadError> {
        let options = LoadOptions {
            max_decompressed_size: Some(MAX_INFLATED),
            ..LoadOptions::default()
        };
        let doc = Document::load_mem_with_options(data, options)
            .map_err(|e| ScanReadError::BrokenPdf(e.to_string()))?;
        if doc.is_encrypted() {
            return Err(ScanReadError::EncryptedPdf);
        }
        let pages: VecDeque<ObjectId> = doc.page_iter().collect();
        if pages.is_empty() {
            return Err(ScanReadError::NoPages);
        }
        Ok(PdfPages { doc, pages })
    }

    pub fn next(&mut self) -> Option<Result<GrayImage, ScanReadError>> {
        let page = self.pages.pop_front()?;
        Some(raster::guarded(|| page_image(&self.doc, page)))
    }
}

/// The page's scanned image: the largest image drawn on it.
fn page_image(doc: &Document, page: ObjectId) -> Result<GrayImage, ScanReadError> {
    let resources = page_resources(doc, page)?;
    let mut images = Vec::new();
    if let Some(resources) = resources {
        collect_images(doc, resources, 0, &mut images);
    }
    let image = images
        .into_iter()
        .max_by_key(|s| dimension(&s.dict, b"Width").saturating_mul(dimension(&s.dict, b"Height")))
        .ok_or(ScanReadError::NoRasterImage)?;
    decode_image(doc, image)
}

fn dimension(dict: &Dictionary, key: &[u8]) -> u64 {
    dict.get(key)
        .and_then(Object::as_i64)
        .map_or(0, |v| u64::try_from(v).unwrap_or(0))
}

/// The page's resources, its own or inherited from the page tree.
fn page_resources(doc: &Document, page: ObjectId) -> Result<Option<&Dictionary>, ScanReadError> {
    let mut node = doc
        .get_dictionary(page)
        .map_err(|e| ScanReadError::BrokenPdf(e.to_string()))?;
    for _ in 0..MAX_NESTING {
        if let Ok(resources) = node.get(b"Resources") {
            return Ok(as_dict(doc, resources));
        }
        match node.get(b"Parent").and_then(|p| doc.dereference(p)) {
            Ok((_, Object::Dictionary(parent))) => node = parent,
            _ => return Ok(None),
        }
    }
    Ok(None)
}

fn as_dict<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    doc.dereference(object).ok()?.1.as_dict().ok()
}

/// The image XObjects of `resources`, and those of the forms drawn there.
fn collect_images<'a>(
    doc: &'a Document,
    resources: &'a Dictionary,
    depth: usize,
    out: &mut Vec<&'a Stream>,
) {
    let Some(xobjects) = resources.get(b"XObject").ok().and_then(|x| as_dict(doc, x)) else {
        return;
    };
    for (_, value) in xobjects.iter() {
        let Ok((_, Object::Stream(stream))) = doc.dereference(value) else {
            continue;
        };
        match stream.dict.get(b"Subtype").and_then(Object::as_name) {
            Ok(b"Image") => out.push(stream),
            Ok(b"Form") if depth < MAX_NESTING => {
                if let Some(inner) = stream
                    .dict
                    .get(b"Resources")
                    .ok()
                    .and_then(|r| as_dict(doc, r))
                {
                    collect_images(doc, inner, depth + 1, out);
                }
            }
            _ => {}
        }
    }
}

/// Decode an image XObject to grey, whatever of ours it is compressed with.
fn decode_image(doc: &Document, image: &Stream) -> Result<GrayImage, ScanReadError> {
    let dict = &image.dict;
    let (width, height) = check_size(dimension(dict, b"Width"), dimension(dict, b"Height"))?;
    let filters: Vec<&[u8]> = match dict.get(b"Filter").and_then(|f| doc.dereference(f)) {
        Ok((_, Object::Name(name))) => vec![name.as_slice()],
        Ok((_, Object::Array(names))) => names.iter().filter_map(|n| n.as_name().ok()).collect(),
        _ => Vec::new(),
    };
    let inverted = inverted_decode(dict);
    match filters.split_last() {
        Some((&b"DCTDecode", before)) => {
            let jpeg = plain(image, before, MAX_INFLATED)?;
            let grey = raster::decode(&jpeg, ImageFormat::Jpeg)?;
            Ok(if inverted { invert(grey) } else { grey })
        }
        Some((&b"CCITTFaxDecode", before)) => {
            let data = plain(image, before, MAX_INFLATED)?;
            group4(&data, width, height, fax_params(doc, dict), inverted)
        }
        Some((&other @ (b"JPXDecode" | b"JBIG2Decode" | b"RunLengthDecode"), _)) => Err(
            ScanReadError::UnsupportedCompression(String::from_utf8_lossy(other).into_owned()),
        ),
        _ => {
            let is_mask = dict
                .get(b"ImageMask")
                .and_then(Object::as_bool)
                .unwrap_or(false);
            let (components, bits) = if is_mask {
                (1, 1)
            } else {
                let bits = dict
                    .get(b"BitsPerComponent")
                    .and_then(Object::as_i64)
                    .unwrap_or(8);
                let space = dict
                    .get(b"ColorSpace")
                    .map_err(|_| ScanReadError::BrokenImage("the image names no colours".into()))?;
                (components(doc, space, 0)?, u8::try_from(bits).unwrap_or(0))
            };
            let layout = Layout {
                width,
                height,
                components,
                bits,
                inverted,
            };
            // Only what the layout needs may be inflated (a bomb stops here).
            let samples = plain(image, &filters, layout.byte_len().saturating_add(4096))?;
            raster::to_grey(&samples, layout)
        }
    }
}

/// The stream's bytes after `filters` (the general ones, before the image codec).
fn plain(image: &Stream, filters: &[&[u8]], limit: usize) -> Result<Vec<u8>, ScanReadError> {
    let broken = |e: lopdf::Error| ScanReadError::BrokenImage(e.to_string());
    if filters.is_empty() {
        return Ok(image.content.clone());
    }
    let mut dict = image.dict.clone();
    let names = filters.iter().map(|f| Object::Name(f.to_vec())).collect();
    dict.set("Filter", Object::Array(names));
    if let Ok(Object::Array(params)) = image.dict.get(b"DecodeParms") {
        let params = params.iter().take(filters.len()).cloned().collect();
        dict.set("DecodeParms", Object::Array(params));
    }
    let stream = Stream::new(dict, image.content.clone());
    match stream.decompressed_content_with_limit(limit) {
        Err(lopdf::Error::Unimplemented(_)) => Err(ScanReadError::UnsupportedCompression(
            filters
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect::<Vec<_>>()
                .join("+"),
        )),
        other => other.map_err(broken),
    }
}

/// Components a pixel of a colour space has (grey 1, RGB 3, CMYK 4).
fn components(doc: &Document, space: &Object, depth: usize) -> Result<u8, ScanReadError> {
    let unsupported =
        |name: &[u8]| ScanReadError::UnsupportedColour(String::from_utf8_lossy(name).into_owned());
    let space = doc
        .dereference(space)
        .map_err(|e| ScanReadError::BrokenImage(e.to_string()))?
        .1;
    match space {
        Object::Name(name) => match name.as_slice() {
            b"DeviceGray" | b"CalGray" | b"G" => Ok(1),
            b"DeviceRGB" | b"CalRGB" | b"RGB" => Ok(3),
            b"DeviceCMYK" | b"CMYK" => Ok(4),
            other => Err(unsupported(other)),
        },
        Object::Array(parts) => {
            let family = parts.first().and_then(|p| p.as_name().ok()).unwrap_or(b"?");
            match family {
                b"CalGray" => Ok(1),
                b"CalRGB" => Ok(3),
                b"ICCBased" => {
                    let profile = parts.get(1).map(|p| doc.dereference(p));
                    match profile {
                        Some(Ok((_, Object::Stream(s)))) => {
                            match s.dict.get(b"N").and_then(Object::as_i64) {
                                Ok(n @ (1 | 3 | 4)) => Ok(n as u8),
                                _ => match s.dict.get(b"Alternate") {
                                    Ok(alt) if depth < MAX_NESTING => {
                                        components(doc, alt, depth + 1)
                                    }
                                    _ => Err(unsupported(b"ICCBased")),
                                },
                            }
                        }
                        _ => Err(unsupported(b"ICCBased")),
                    }
                }
                other => Err(unsupported(other)),
            }
        }
        _ => Err(unsupported(b"?")),
    }
}

/// Whether the image's `/Decode` array swaps dark and light (`[1 0]`).
fn inverted_decode(dict: &Dictionary) -> bool {
    let Ok(Object::Array(decode)) = dict.get(b"Decode") else {
        return false;
    };
    let number = |o: &Object| {
        o.as_float()
            .ok()
            .or_else(|| o.as_i64().ok().map(|i| i as f32))
    };
    matches!(
        (decode.first().and_then(number), decode.get(1).and_then(number)),
        (Some(a), Some(b)) if a > b
    )
}

fn invert(mut grey: GrayImage) -> GrayImage {
    grey.iter_mut().for_each(|v| *v = 255 - *v);
    grey
}

/// The parameters of a CCITT image that matter here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FaxParams {
    /// Negative: Group 4; otherwise Group 3.
    k: i64,
    black_is_1: bool,
}

fn fax_params(doc: &Document, dict: &Dictionary) -> FaxParams {
    let params = match dict.get(b"DecodeParms").and_then(|p| doc.dereference(p)) {
        Ok((_, Object::Dictionary(d))) => Some(d),
        Ok((_, Object::Array(list))) => list.last().and_then(|p| as_dict(doc, p)),
        _ => None,
    };
    let get = |key: &[u8]| params.and_then(|p| p.get(key).ok());
    FaxParams {
        k: get(b"K").and_then(|k| k.as_i64().ok()).unwrap_or(0),
        black_is_1: get(b"BlackIs1")
            .and_then(|b| b.as_bool().ok())
            .unwrap_or(false),
    }
}

/// A CCITT Group 4 image to grey. A sample is 0 for black unless `BlackIs1`;
/// the image's `/Decode [1 0]` swaps that again.
fn group4(
    data: &[u8],
    width: u32,
    height: u32,
    params: FaxParams,
    inverted: bool,
) -> Result<GrayImage, ScanReadError> {
    if params.k >= 0 {
        return Err(ScanReadError::UnsupportedCompression(
            "CCITT Group 3".to_string(),
        ));
    }
    let (w, h) = (
        u16::try_from(width).map_err(|_| too_large(width, height))?,
        u16::try_from(height).map_err(|_| too_large(width, height))?,
    );
    let white_sample = !params.black_is_1;
    let mut pixels = Vec::with_capacity(width as usize * height as usize);
    fax::decoder::decode_g4(data.iter().copied(), w, Some(h), |line| {
        pixels.extend(fax::decoder::pels(line, w).map(|colour| {
            let sample = (colour == fax::Color::White) == white_sample;
            if sample != inverted {
                255
            } else {
                0
            }
        }));
    })
    .ok_or_else(|| ScanReadError::BrokenImage("the CCITT data ends early".to_string()))?;
    pixels.resize(width as usize * height as usize, 255);
    GrayImage::from_raw(width, height, pixels)
        .ok_or_else(|| ScanReadError::BrokenImage("pixel count".to_string()))
}

fn too_large(width: u32, height: u32) -> ScanReadError {
    ScanReadError::PageTooLarge {
        width: u64::from(width),
        height: u64::from(height),
    }
}

#[cfg(test)]
#[path = "pdf_tests.rs"]
mod tests;
