//! One batch per visit: the guidance sheet and every pre-filled form of the
//! confirmed procedures as one PDF, each page with a QR code and a footer
//! carrying the case id, the form id and the page number.

use std::sync::OnceLock;

use printpdf::{Mm, ParsedFont, PdfDocument, PdfPage, PdfSaveOptions};

use super::bind::{Focus, PrintData};
use super::font::{Metrics, FONT_BYTES};
use super::form::{self, Rows};
use super::guidance::{self, Guidance};
use super::page::Canvas;
use super::template::{Per, Templates};
use crate::catalog::eval::Env;
use crate::catalog::expr::Expr;
use crate::catalog::Catalog;
use crate::engine::{Determination, ProcedureResult};
use crate::i18n::Texts;
use crate::model::{Member, Request};

/// The form id used for the guidance sheet's pages.
pub const GUIDANCE_FORM: &str = "guidance";

/// The pages of a batch, laid out, and the document they go into.
pub struct LaidOut {
    pub doc: PdfDocument,
    pub pages: Vec<(Canvas, PageInfo)>,
    /// Progress steps: the guidance sheet, each form copy, and writing the PDF.
    pub steps: usize,
}

/// What a page of the batch is: which form, and its number in the batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageInfo {
    pub form: String,
    pub page: usize,
}

#[derive(Debug, Clone)]
pub struct Batch {
    pub pdf: Vec<u8>,
    pub case_id: String,
    pub pages: Vec<PageInfo>,
}

/// Progress of a batch: pages drawn of pages planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

pub struct BatchInput<'a> {
    pub request: &'a Request,
    pub determination: &'a Determination,
    /// The procedures confirmed with the resident, by id.
    pub confirmed: &'a [String],
    pub catalog: &'a Catalog,
    pub texts: &'a Texts,
    pub templates: &'a Templates,
    /// Language of the guidance sheet.
    pub lang: &'a str,
    pub case_id: &'a str,
}

/// The QR payload of a page: `madoguchi:1:<case>:<form>:<page>`.
pub fn qr_payload(case_id: &str, form: &str, page: usize) -> String {
    format!("madoguchi:1:{case_id}:{form}:{page}")
}

/// A stable case id for a request when the hub has not given one: the date and
/// a hash of the request (`20261124-3f9a0c`).
pub fn case_id_for(request: &Request) -> String {
    let text = serde_json::to_string(request).unwrap_or_default();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!(
        "{}-{:06x}",
        request.as_of.format("%Y%m%d"),
        hash & 0xff_ffff
    )
}

pub(crate) fn parsed_font() -> Result<&'static ParsedFont, String> {
    static FONT: OnceLock<Option<ParsedFont>> = OnceLock::new();
    FONT.get_or_init(|| ParsedFont::from_bytes(FONT_BYTES, 0, &mut Vec::new()))
        .as_ref()
        .ok_or_else(|| "the bundled font cannot be read".to_string())
}

/// The fallback font (IPAmj明朝) as printpdf reads it, once.
fn fallback_parsed() -> Result<&'static ParsedFont, String> {
    static FONT: OnceLock<Option<ParsedFont>> = OnceLock::new();
    FONT.get_or_init(|| {
        super::font::Fallback::get()
            .and_then(|f| ParsedFont::from_bytes(f.bytes, 0, &mut Vec::new()))
    })
    .as_ref()
    .ok_or_else(|| "the fallback font (IPAmj明朝) cannot be read".to_string())
}

/// Whether the request's printed texts need the fallback font; Err naming the
/// field and the character when no font here can draw one.
pub fn unprintable(request: &crate::model::Request, metrics: &Metrics) -> Result<bool, String> {
    let h = &request.household;
    let mut fields: Vec<(String, &str)> = Vec::new();
    for (i, m) in h.members.iter().enumerate() {
        fields.push((format!("household.members[{i}].name"), &m.name));
        fields.push((format!("household.members[{i}].kana"), &m.kana));
        for (name, value) in [
            ("honseki", &m.honseki),
            ("hittousha", &m.hittousha),
            ("occupation", &m.occupation),
            ("previous_insurance", &m.previous_insurance),
        ] {
            if let Some(v) = value {
                fields.push((format!("household.members[{i}].{name}"), v));
            }
        }
    }
    for (name, value) in [
        ("household.address", h.address.as_deref()),
        ("household.ward", Some(h.ward.as_str())),
        (
            "event.previous_address",
            request.event.previous_address.as_deref(),
        ),
        ("event.destination", request.event.destination.as_deref()),
        ("event.new_address", request.event.new_address.as_deref()),
        (
            "event.from_prefecture",
            request.event.from_prefecture.as_deref(),
        ),
    ] {
        if let Some(v) = value {
            fields.push((name.to_string(), v));
        }
    }
    let mut needs_fallback = false;
    for (field, value) in fields {
        for c in metrics.missing(value) {
            match super::font::Fallback::get() {
                Some(f) if f.has(c) => needs_fallback = true,
                _ => {
                    return Err(format!(
                        "{field}: {c} (U+{:04X}) cannot be printed: no font here has it. \
                         Install IPAmj明朝 (Debian fonts-ipamj-mincho) or set MADOGUCHI_FALLBACK_FONT, \
                         or agree with the resident on a printable form of the name",
                        u32::from(c)
                    ))
                }
            }
        }
    }
    Ok(needs_fallback)
}

/// Lay out every page of the batch (with QR codes and footers), not yet a PDF.
pub fn layout(
    input: &BatchInput<'_>,
    progress: &mut dyn FnMut(Progress),
) -> Result<LaidOut, String> {
    layout_until(input, progress, &|| false)?.ok_or_else(|| "laying out was stopped".to_string())
}

/// Lay out the batch, asking `stop` after each form: none when it said stop.
pub fn layout_until(
    input: &BatchInput<'_>,
    progress: &mut dyn FnMut(Progress),
    stop: &dyn Fn() -> bool,
) -> Result<Option<LaidOut>, String> {
    let metrics = Metrics::bundled().ok_or("the bundled font cannot be read")?;
    for id in input.confirmed {
        if input.determination.procedure(id).is_none() {
            return Err(format!(
                "--procedures: '{id}' is not among the procedures determined for this household"
            ));
        }
    }
    let confirmed: Vec<&ProcedureResult> = input
        .determination
        .procedures
        .iter()
        .filter(|p| input.confirmed.contains(&p.id))
        .collect();
    // Guidance texts must be drawable by the bundled font.
    let sample = input.texts.text(input.lang, "guide-title");
    if !metrics.covers(&sample) {
        return Err(format!(
            "the bundled font cannot draw {} text: {:?}",
            input.lang,
            metrics.missing(&sample)
        ));
    }

    let mut doc = PdfDocument::new(&format!("madoguchi {}", input.case_id));
    let noon = input
        .request
        .as_of
        .and_hms_opt(3, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp());
    if let Ok(date) = printpdf::OffsetDateTime::from_unix_timestamp(noon) {
        doc.metadata.info.creation_date = date;
        doc.metadata.info.modification_date = date;
        doc.metadata.info.metadata_date = date;
    }
    doc.metadata.info.creator = "madoguchi".into();
    let font_id = doc.add_font(parsed_font()?);
    // Names the bundled font cannot draw (𠮷 …) are drawn with the fallback
    // font; a character no font here has stops the print, named, before any page.
    let fallback_id = match unprintable(input.request, metrics)? {
        true => Some(doc.add_font(fallback_parsed()?)),
        false => None,
    };
    let mut new_page = || Canvas::a4(font_id.clone(), metrics).with_fallback(fallback_id.clone());

    // Plan: which form copies, in procedure order, each form once.
    struct Copy<'a> {
        template: &'a super::template::Template,
        focus: Focus<'a>,
        rows: Rows<'a>,
    }
    let household: Vec<&Member> = input.request.household.members.iter().collect();
    let movers = movers(input.request);
    let children = children(input.request, input.catalog);
    let mut copies: Vec<Copy<'_>> = Vec::new();
    let mut forms_seen: Vec<&str> = Vec::new();
    for p in &confirmed {
        let Some(form_id) = p.form.as_deref() else {
            continue;
        };
        if forms_seen.contains(&form_id) {
            continue;
        }
        forms_seen.push(form_id);
        let template = input.templates.get(form_id).ok_or_else(|| {
            format!(
                "procedure {} prints form '{form_id}', which has no template",
                p.id
            )
        })?;
        let members: Vec<&Member> = p
            .members
            .iter()
            .filter_map(|id| input.request.household.member(id))
            .collect();
        match template.per {
            Per::Procedure => copies.push(Copy {
                template,
                focus: Focus {
                    member: None,
                    procedure: Some(p),
                },
                rows: Rows {
                    members,
                    household: household.clone(),
                    movers: movers.clone(),
                    children: children.clone(),
                },
            }),
            Per::Member => {
                let subjects = if members.is_empty() {
                    input.request.household.head().into_iter().collect()
                } else {
                    members
                };
                for m in subjects {
                    copies.push(Copy {
                        template,
                        focus: Focus {
                            member: Some(m),
                            procedure: Some(p),
                        },
                        rows: Rows {
                            members: vec![m],
                            household: household.clone(),
                            movers: movers.clone(),
                            children: children.clone(),
                        },
                    });
                }
            }
        }
    }

    let data = PrintData {
        request: input.request,
        case_id: input.case_id,
        municipality: &input.catalog.municipality,
        texts: input.texts,
    };
    let steps = copies.len() + 2;
    let mut pages: Vec<(Canvas, String, (f32, f32, f32))> = Vec::new();
    let guide = Guidance {
        request: input.request,
        determination: input.determination,
        done: input.confirmed,
        catalog: input.catalog,
        texts: input.texts,
        lang: input.lang,
        case_id: input.case_id,
    };
    for c in guidance::draw(&guide, &mut new_page) {
        pages.push((c, GUIDANCE_FORM.to_string(), (174.0, 8.0, 20.0)));
    }
    progress(Progress {
        done: 1,
        total: steps,
    });
    for (i, copy) in copies.iter().enumerate() {
        let drawn = form::draw(copy.template, &data, copy.focus, &copy.rows, &mut new_page)?;
        let q = copy.template.qr;
        for c in drawn {
            pages.push((c, copy.template.id.clone(), (q.x, q.y, q.size)));
        }
        progress(Progress {
            done: i + 2,
            total: steps,
        });
        if stop() {
            return Ok(None);
        }
    }

    let total = pages.len();
    let mut laid_out = Vec::with_capacity(total);
    for (n, (mut c, form, (qx, qy, qs))) in pages.into_iter().enumerate() {
        let page = n + 1;
        c.qr(qx, qy, qs, &qr_payload(input.case_id, &form, page))?;
        let footer = format!("madoguchi  {}  {}  {page}/{total}", input.case_id, form);
        c.text_aligned(12.0, 290.0, 186.0, 7.0, &footer, super::page::Align::Right);
        laid_out.push((c, PageInfo { form, page }));
    }
    Ok(Some(LaidOut {
        doc,
        pages: laid_out,
        steps,
    }))
}

/// Render the batch, reporting progress after each page is laid out.
pub fn render(input: &BatchInput<'_>, progress: &mut dyn FnMut(Progress)) -> Result<Batch, String> {
    render_until(input, progress, &|| false)?.ok_or_else(|| "printing was stopped".to_string())
}

/// Render the batch, asking `stop` after each form: none when it said stop.
pub fn render_until(
    input: &BatchInput<'_>,
    progress: &mut dyn FnMut(Progress),
    stop: &dyn Fn() -> bool,
) -> Result<Option<Batch>, String> {
    let Some(LaidOut {
        mut doc,
        pages,
        steps,
    }) = layout_until(input, progress, stop)?
    else {
        return Ok(None);
    };
    let mut infos = Vec::with_capacity(pages.len());
    let mut pdf_pages = Vec::with_capacity(pages.len());
    for (c, info) in pages {
        pdf_pages.push(PdfPage::new(Mm(c.width_mm), Mm(c.height_mm), c.ops));
        infos.push(info);
    }
    doc.with_pages(pdf_pages);
    let options = PdfSaveOptions {
        subset_fonts: true,
        ..PdfSaveOptions::default()
    };
    let pdf = doc.save(&options, &mut Vec::new());
    progress(Progress {
        done: steps,
        total: steps,
    });
    Ok(Some(Batch {
        pdf,
        case_id: input.case_id.to_string(),
        pages: infos,
    }))
}

/// The household's children by the catalog's `child` predicate.
pub fn children<'a>(request: &'a Request, catalog: &'a Catalog) -> Vec<&'a Member> {
    let Some(index) = catalog.predicate_names.iter().position(|n| n == "child") else {
        return Vec::new();
    };
    let env = Env::new(request, &catalog.predicates);
    let pred = Expr::Predicate(index);
    env.people
        .iter()
        .filter(|p| env.holds(&pred, Some(p)))
        .map(|p| p.member)
        .collect()
}

/// The people a 住民異動届 lists: for a move, a split or a merge, the members who
/// move; otherwise (a head change) the household. Never the deceased.
pub fn movers(request: &Request) -> Vec<&Member> {
    use crate::model::{EventKind, HouseholdChange};
    let e = &request.event;
    let by_flag = e.kind.is_move()
        || (e.kind == EventKind::HouseholdChange && e.change != Some(HouseholdChange::HeadChange));
    let dead = e.deceased_id.as_deref();
    request
        .household
        .members
        .iter()
        .filter(|m| m.moving || !by_flag)
        .filter(|m| Some(m.id.as_str()) != dead)
        .collect()
}
