//! The pages of a multi-page TIFF, read with the `tiff` crate itself: the
//! `image` crate reads only the first. Scanners write grey or colour (often
//! LZW, Deflate or JPEG inside) and black and white as CCITT Group 4.

use std::io::Cursor;

use image::GrayImage;
use tiff::decoder::{Decoder, DecodingResult};
use tiff::ColorType;

use super::raster::{self, check_size, Layout};
use super::ScanReadError;

/// More pages than any scanner's feeder holds: a TIFF claiming more is broken.
const MAX_PAGES: u32 = 10_000;

pub(super) struct TiffPages {
    /// None once the chain of pages has ended or broken.
    decoder: Option<Decoder<Cursor<Vec<u8>>>>,
    pages_read: u32,
}

fn broken(e: tiff::TiffError) -> ScanReadError {
    ScanReadError::BrokenImage(e.to_string())
}

impl TiffPages {
    pub fn open(data: Vec<u8>) -> Result<TiffPages, ScanReadError> {
        let decoder = raster::guarded(|| Decoder::new(Cursor::new(data)).map_err(broken))?;
        Ok(TiffPages {
            decoder: Some(decoder),
            pages_read: 0,
        })
    }

    pub fn next(&mut self) -> Option<Result<GrayImage, ScanReadError>> {
        let decoder = self.decoder.as_mut()?;
        if self.pages_read > 0 {
            if !decoder.more_images() || self.pages_read >= MAX_PAGES {
                self.decoder = None;
                return None;
            }
            if let Err(e) = raster::guarded(|| decoder.next_image().map_err(broken)) {
                // The next page's directory is damaged: it is the last one.
                self.decoder = None;
                self.pages_read += 1;
                return Some(Err(e));
            }
        }
        self.pages_read += 1;
        Some(raster::guarded(|| current_page(decoder)))
    }
}

/// The decoder's current page, as grey.
fn current_page(decoder: &mut Decoder<Cursor<Vec<u8>>>) -> Result<GrayImage, ScanReadError> {
    let (w, h) = decoder.dimensions().map_err(broken)?;
    let (width, height) = check_size(u64::from(w), u64::from(h))?;
    let (components, bits) = match decoder.colortype().map_err(broken)? {
        ColorType::Gray(bits @ (1 | 8 | 16)) => (1, bits),
        ColorType::RGB(bits @ (8 | 16)) => (3, bits),
        ColorType::CMYK(8) => (4, 8),
        other => return Err(ScanReadError::UnsupportedColour(format!("{other:?}"))),
    };
    let samples = match decoder.read_image().map_err(broken)? {
        DecodingResult::U8(bytes) => bytes,
        // Big-endian, as `to_grey` reads 16-bit samples (high byte first).
        DecodingResult::U16(words) => words.iter().flat_map(|w| w.to_be_bytes()).collect(),
        _ => return Err(ScanReadError::UnsupportedColour("floating point".into())),
    };
    raster::to_grey(
        &samples,
        Layout {
            width,
            height,
            components,
            bits,
            inverted: false,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;
    use tiff::encoder::{colortype, Compression, TiffEncoder};

    fn pages(data: Vec<u8>) -> Vec<Result<GrayImage, ScanReadError>> {
        let mut t = TiffPages::open(data).expect("open");
        std::iter::from_fn(|| t.next()).collect()
    }

    fn shade(v: u8) -> GrayImage {
        GrayImage::from_fn(17, 9, |x, y| Luma([v.wrapping_add((x * y) as u8)]))
    }

    #[test]
    fn every_page_of_a_multi_page_tiff_is_read() {
        let mut data = Cursor::new(Vec::new());
        let mut enc = TiffEncoder::new(&mut data)
            .expect("tiff")
            .with_compression(Compression::Lzw);
        for v in [10, 120, 250] {
            let img = shade(v);
            enc.write_image::<colortype::Gray8>(17, 9, img.as_raw())
                .expect("page");
        }
        enc.write_image::<colortype::RGB8>(1, 1, &[255, 0, 0])
            .expect("rgb page");
        let read = pages(data.into_inner());
        assert_eq!(read.len(), 4);
        for (page, v) in read.iter().zip([10, 120, 250]) {
            assert_eq!(page.as_ref().expect("page"), &shade(v));
        }
        assert_eq!(read[3].as_ref().expect("rgb").as_raw(), &[76]);
    }

    #[test]
    fn a_group_4_tiff_reads_black_on_white() {
        let (w, h) = (12u16, 3u16);
        let mut encoder = fax::encoder::Encoder::new(fax::VecWriter::new());
        for _ in 0..h {
            let pels = (0..w).map(|x| {
                if x < 4 {
                    fax::Color::Black
                } else {
                    fax::Color::White
                }
            });
            encoder.encode_line(pels, w).expect("encode");
        }
        let g4 = encoder.finish().expect("finish").finish();
        let read = pages(fax::tiff::wrap(&g4, u32::from(w), u32::from(h)));
        let page = read[0].as_ref().expect("page");
        assert_eq!(page.dimensions(), (12, 3));
        assert_eq!(
            &page.as_raw()[..12],
            &[0, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255]
        );
    }

    #[test]
    fn damaged_tiffs_are_errors() {
        assert!(matches!(
            TiffPages::open(b"II*\0".to_vec()),
            Err(ScanReadError::BrokenImage(_))
        ));
        let mut data = Cursor::new(Vec::new());
        TiffEncoder::new(&mut data)
            .expect("tiff")
            .write_image::<colortype::Gray8>(17, 9, shade(1).as_raw())
            .expect("page");
        let whole = data.into_inner();
        for cut in 8..whole.len() {
            if let Ok(mut t) = TiffPages::open(whole[..cut].to_vec()) {
                let first = t.next();
                assert!(first.is_some_and(|p| p.is_err()), "cut at {cut}");
            }
        }
    }
}
