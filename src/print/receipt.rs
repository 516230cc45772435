//! The kiosk's numbered ticket, on receipt paper (80 mm roll): the number large,
//! the category, when it was issued and how many wait before it. No personal data.

use chrono::{DateTime, FixedOffset, Offset, Utc};
use printpdf::{Mm, PdfDocument, PdfPage, PdfSaveOptions};

use super::batch::parsed_font;
use super::font::Metrics;
use super::page::{Align, Canvas};

pub const WIDTH_MM: f32 = 80.0;
pub const HEIGHT_MM: f32 = 105.0;

pub struct Receipt<'a> {
    /// The office, printed at the top: 小倉北区役所.
    pub office: &'a str,
    pub number: &'a str,
    pub category_name: &'a str,
    pub issued_at: DateTime<Utc>,
    /// Tickets of the same category waiting before this one.
    pub waiting_before: usize,
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
    c.text_aligned(
        x,
        70.0,
        w,
        11.0,
        &format!("お待ちの方　{} 人", r.waiting_before),
        Align::Center,
    );
    c.text_aligned(
        x,
        77.0,
        w,
        9.0,
        &format!("発券 {}", at.format("%Y年%-m月%-d日 %H:%M")),
        Align::Center,
    );
    c.line(x, 82.0, x + w, 82.0, 0.5);
    c.text_aligned(
        x,
        89.0,
        w,
        9.0,
        "番号が表示されたら、表示の窓口へお越しください。",
        Align::Center,
    );
    c.text_aligned(
        x,
        95.0,
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
