//! The kiosk's numbered ticket, on receipt paper (80 mm roll): the number large,
//! the category, when it was issued and how many wait before it. No personal data.

use chrono::{DateTime, FixedOffset, Offset, Utc};
use printpdf::{Mm, PdfDocument, PdfPage, PdfSaveOptions};

use super::batch::parsed_font;
use super::font::Metrics;
use super::page::{Align, Canvas};

pub const WIDTH_MM: f32 = 80.0;
pub const HEIGHT_MM: f32 = 105.0;
/// The wait page's QR code: about 0.7 mm a module for an address of 40 characters.
const QR_MM: f32 = 19.0;

pub struct Receipt<'a> {
    /// The office, printed at the top: 小倉北区役所.
    pub office: &'a str,
    pub number: &'a str,
    pub category_name: &'a str,
    pub issued_at: DateTime<Utc>,
    /// Tickets of the same category waiting before this one.
    pub waiting_before: usize,
    /// The public wait page for this number (`<hub>/wait?n=A-012`): printed
    /// as a QR code with 「待ち状況はこちら」.
    pub wait_url: Option<&'a str>,
}

/// Japan time for what is printed.
fn jst(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(9 * 3600).unwrap_or_else(|| Utc.fix());
    at.with_timezone(&offset)
}

/// The receipt as a one-page PDF.
pub fn render(r: &Receipt<'_>) -> Result<Vec<u8>, String> {
    let metrics = Metrics::bundled().ok_or("the bundled font cannot be read")?;
    let mut doc = PdfDocument::new(&format!("madoguchi ticket {}", r.number));
    if let Ok(date) = printpdf::OffsetDateTime::from_unix_timestamp(r.issued_at.timestamp()) {
        doc.metadata.info.creation_date = date;
        doc.metadata.info.modification_date = date;
        doc.metadata.info.metadata_date = date;
    }
    doc.metadata.info.creator = "madoguchi".into();
    let font = doc.add_font(parsed_font()?);
    let mut c = Canvas::sized(font, metrics, WIDTH_MM, HEIGHT_MM);
    let (x, w) = (5.0, WIDTH_MM - 10.0);
    let at = jst(r.issued_at);
    c.text_aligned(x, 12.0, w, 12.0, r.office, Align::Center);
    c.line(x, 16.0, x + w, 16.0, 0.5);
    c.text_aligned(x, 25.0, w, 13.0, r.category_name, Align::Center);
    c.text_aligned(x, 30.5, w, 9.0, "受付番号", Align::Center);
    c.text_in_box((x, 33.0, w, 28.0), r.number, 54.0, 20.0, Align::Center, 0.0)?;
    let waiting = format!("お待ちの方　{} 人", r.waiting_before);
    let issued = format!("発券 {}", at.format("%Y年%-m月%-d日 %H:%M"));
    match r.wait_url {
        None => {
            c.text_aligned(x, 70.0, w, 11.0, &waiting, Align::Center);
            c.text_aligned(x, 77.0, w, 9.0, &issued, Align::Center);
        }
        // The same lines on the left, the QR code (quiet zone kept) on the right.
        Some(url) => {
            let (qr_x, qr_y, qr) = (WIDTH_MM - 5.0 - QR_MM, 61.5, QR_MM);
            let left = qr_x - x - 4.0;
            c.text_aligned(x, 67.0, left, 11.0, &waiting, Align::Center);
            c.text_aligned(x, 73.0, left, 8.0, &issued, Align::Center);
            c.text_aligned(x, 79.5, left, 10.0, "待ち状況はこちら", Align::Center);
            c.qr(qr_x, qr_y, qr, url)?;
        }
    }
    // Under a QR code the rule leaves it its quiet zone (four modules).
    let rule = if r.wait_url.is_some() { 84.5 } else { 82.0 };
    c.line(x, rule, x + w, rule, 0.5);
    c.text_aligned(
        x,
        rule + 7.0,
        w,
        9.0,
        "番号が表示されたら、表示の窓口へお越しください。",
        Align::Center,
    );
    c.text_aligned(
        x,
        rule + 13.0,
        w,
        9.0,
        "この番号札は受付が終わるまでお持ちください。",
        Align::Center,
    );
    doc.with_pages(vec![PdfPage::new(Mm(c.width_mm), Mm(c.height_mm), c.ops)]);
    let options = PdfSaveOptions {
        subset_fonts: true,
        ..PdfSaveOptions::default()
    };
    Ok(doc.save(&options, &mut Vec::new()))
}
