//! Pixels to grey: decoding a PNG or JPEG within our limits, and turning the
//! raw samples a PDF or TIFF stores (1 or 8 bits, grey, RGB, CMYK) into grey.

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use image::{GrayImage, ImageFormat, ImageReader, Limits};

use super::{ScanReadError, MAX_SIDE};

/// Run a decoder on bytes from outside. The decoders are written not to
/// panic, but they parse whatever a scanner (or anyone) put in the folder: a
/// panic in one of them must become an unreadable file, not a dead counter.
pub(super) fn guarded<T>(
    decode: impl FnOnce() -> Result<T, ScanReadError>,
) -> Result<T, ScanReadError> {
    catch_unwind(AssertUnwindSafe(decode)).unwrap_or_else(|_| {
        Err(ScanReadError::BrokenImage(
            "the decoder stopped on malformed data".to_string(),
        ))
    })
}

/// Refuse a page whose size is zero or beyond [`MAX_SIDE`].
pub(super) fn check_size(width: u64, height: u64) -> Result<(u32, u32), ScanReadError> {
    let too_large = ScanReadError::PageTooLarge { width, height };
    if width == 0 || height == 0 {
        return Err(ScanReadError::BrokenImage(format!(
            "the page is {width}×{height} pixels"
        )));
    }
    let w = u32::try_from(width).map_err(|_| too_large.clone())?;
    let h = u32::try_from(height).map_err(|_| too_large.clone())?;
    if w > MAX_SIDE || h > MAX_SIDE {
        return Err(too_large);
    }
    Ok((w, h))
}

/// A PNG or JPEG as grey. The size in its header is checked before any
/// pixel memory is taken.
pub(super) fn decode(data: &[u8], format: ImageFormat) -> Result<GrayImage, ScanReadError> {
    let broken = |e: image::ImageError| ScanReadError::BrokenImage(e.to_string());
    if format == ImageFormat::Jpeg && !ends_like_a_jpeg(data) {
        return Err(ScanReadError::BrokenImage(
            "no end-of-image marker".to_string(),
        ));
    }
    let reader = || ImageReader::with_format(Cursor::new(data), format);
    let (w, h) = reader().into_dimensions().map_err(broken)?;
    check_size(u64::from(w), u64::from(h))?;
    let mut reader = reader();
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    // A colour page at the largest size: 3 bytes a pixel, and its grey copy.
    limits.max_alloc = Some(4 * u64::from(MAX_SIDE) * u64::from(MAX_SIDE));
    reader.limits(limits);
    Ok(reader.decode().map_err(broken)?.into_luma8())
}

/// Whether JPEG data ends with its end-of-image marker (padding after it
/// allowed). The decoder fills a JPEG cut short with grey and says nothing;
/// half a page must be scanned again, not routed.
fn ends_like_a_jpeg(data: &[u8]) -> bool {
    let end = data
        .iter()
        .rposition(|b| !matches!(b, 0 | b' ' | b'\r' | b'\n'))
        .map_or(0, |i| i + 1);
    data[..end].ends_with(&[0xff, 0xd9])
}

/// How a raw sample set is laid out: components a pixel and bits a component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Layout {
    pub width: u32,
    pub height: u32,
    pub components: u8,
    pub bits: u8,
    /// The samples are stored dark-is-high (a PDF `/Decode [1 0]`).
    pub inverted: bool,
}

impl Layout {
    /// Bytes a row takes (rows start on a byte boundary).
    pub fn row_bytes(&self) -> usize {
        (self.width as usize * self.components as usize * self.bits as usize).div_ceil(8)
    }

    pub fn byte_len(&self) -> usize {
        self.row_bytes() * self.height as usize
    }
}

/// Raw samples (grey, RGB or CMYK; 1, 8 or 16 bits) to a grey image.
pub(super) fn to_grey(samples: &[u8], layout: Layout) -> Result<GrayImage, ScanReadError> {
    let Layout {
        width,
        height,
        components,
        bits,
        inverted,
    } = layout;
    if samples.len() < layout.byte_len() {
        return Err(ScanReadError::BrokenImage(format!(
            "{} bytes of pixels where {width}×{height} need {}",
            samples.len(),
            layout.byte_len()
        )));
    }
    if !matches!(components, 1 | 3 | 4)
        || !matches!(bits, 1 | 8 | 16)
        || (bits == 1 && components != 1)
    {
        return Err(ScanReadError::UnsupportedColour(format!(
            "{components} components of {bits} bits"
        )));
    }
    let row_bytes = layout.row_bytes();
    let step = usize::from(bits / 8).max(1);
    let mut out = Vec::with_capacity(width as usize * height as usize);
    for row in samples.chunks_exact(row_bytes).take(height as usize) {
        if bits == 1 {
            out.extend((0..width as usize).map(|x| {
                if row[x / 8] & (0x80 >> (x % 8)) != 0 {
                    255
                } else {
                    0
                }
            }));
            continue;
        }
        // 16-bit samples are big-endian in a PDF: the first byte is the high one.
        let sample = |px: &[u8], c: usize| f32::from(px[c * step]);
        out.extend(
            row.chunks_exact(usize::from(components) * step)
                .take(width as usize)
                .map(|px| match components {
                    1 => px[0],
                    3 => luma(sample(px, 0), sample(px, 1), sample(px, 2)),
                    _ => {
                        let k = 255.0 - sample(px, 3);
                        let c = |i| (255.0 - sample(px, i)) * k / 255.0;
                        luma(c(0), c(1), c(2))
                    }
                }),
        );
    }
    if inverted {
        out.iter_mut().for_each(|v| *v = 255 - *v);
    }
    GrayImage::from_raw(width, height, out)
        .ok_or_else(|| ScanReadError::BrokenImage("pixel count".to_string()))
}

/// Rec. 601 luma, as `image` computes it for its own grey conversions.
fn luma(r: f32, g: f32, b: f32) -> u8 {
    (0.299 * r + 0.587 * g + 0.114 * b)
        .round()
        .clamp(0.0, 255.0) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(width: u32, height: u32, components: u8, bits: u8) -> Layout {
        Layout {
            width,
            height,
            components,
            bits,
            inverted: false,
        }
    }

    #[test]
    fn bits_grey_rgb_and_cmyk_become_grey() {
        // 1 bit: rows padded to a byte; 1 is white.
        let bits = to_grey(&[0b1010_0000, 0b0110_0000], layout(3, 2, 1, 1)).expect("bits");
        assert_eq!(bits.as_raw(), &[255, 0, 255, 0, 255, 255]);
        let rgb = to_grey(&[255, 255, 255, 0, 0, 0, 255, 0, 0], layout(3, 1, 3, 8)).expect("rgb");
        assert_eq!(rgb.as_raw(), &[255, 0, 76]);
        let cmyk = to_grey(&[0, 0, 0, 0, 0, 0, 0, 255], layout(2, 1, 4, 8)).expect("cmyk");
        assert_eq!(cmyk.as_raw(), &[255, 0]);
        let grey16 = to_grey(&[0x80, 0xff, 0x10, 0x00], layout(2, 1, 1, 16)).expect("16");
        assert_eq!(grey16.as_raw(), &[0x80, 0x10]);
        let mut inv = layout(2, 1, 1, 8);
        inv.inverted = true;
        assert_eq!(to_grey(&[0, 200], inv).expect("inv").as_raw(), &[255, 55]);
    }

    #[test]
    fn short_data_and_odd_layouts_are_errors() {
        assert!(matches!(
            to_grey(&[0; 5], layout(3, 2, 1, 8)),
            Err(ScanReadError::BrokenImage(_))
        ));
        assert!(matches!(
            to_grey(&[0; 64], layout(2, 2, 2, 8)),
            Err(ScanReadError::UnsupportedColour(_))
        ));
        assert!(matches!(
            to_grey(&[0; 64], layout(2, 2, 1, 4)),
            Err(ScanReadError::UnsupportedColour(_))
        ));
    }

    #[test]
    fn sizes_beyond_the_limit_or_zero_are_refused() {
        assert_eq!(check_size(2480, 3508), Ok((2480, 3508)));
        assert_eq!(
            check_size(20_001, 10),
            Err(ScanReadError::PageTooLarge {
                width: 20_001,
                height: 10
            })
        );
        assert!(matches!(
            check_size(u64::MAX, 1),
            Err(ScanReadError::PageTooLarge { .. })
        ));
        assert!(matches!(
            check_size(0, 10),
            Err(ScanReadError::BrokenImage(_))
        ));
    }

    #[test]
    fn a_jpeg_cut_short_is_broken_even_if_the_decoder_would_fill_it() {
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new(&mut jpeg)
            .encode_image(&GrayImage::from_pixel(32, 32, image::Luma([90])))
            .expect("jpeg");
        assert!(decode(&jpeg, ImageFormat::Jpeg).is_ok());
        let mut padded = jpeg.clone();
        padded.extend(b"\r\n\0");
        assert!(decode(&padded, ImageFormat::Jpeg).is_ok());
        assert!(matches!(
            decode(&jpeg[..jpeg.len() - 10], ImageFormat::Jpeg),
            Err(ScanReadError::BrokenImage(_))
        ));
    }

    #[test]
    fn a_panicking_decoder_is_an_unreadable_file() {
        let r: Result<(), ScanReadError> = guarded(|| panic!("boom"));
        assert!(matches!(r, Err(ScanReadError::BrokenImage(_))));
    }
}
