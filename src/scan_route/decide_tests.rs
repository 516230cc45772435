use super::*;
use crate::scan_route::{ScanPage, UnreadablePage};

fn mark(case: &str, form: &str, page: usize) -> PageMark {
    PageMark {
        case: case.into(),
        form: form.into(),
        page,
    }
}

/// Cases A and B are ours; A's page 5 is already attached.
fn known(m: &PageMark) -> Known {
    match m.case.as_str() {
        "A" if m.page == 5 => Known::Attached,
        "A" | "B" => Known::Expected,
        _ => Known::UnknownCase,
    }
}

#[test]
fn each_mark_goes_to_its_case_once_and_the_rest_say_why() {
    let mut r = Router::new(known);
    let src = PathBuf::from("scan.pdf");
    let judge = |r: &mut Router<_>, page, m| r.judge(src.clone(), page, m);
    assert_eq!(
        judge(&mut r, 1, Some(mark("A", "f", 2))),
        Outcome::Routed {
            source: src.clone(),
            page: 1,
            mark: mark("A", "f", 2)
        }
    );
    let unrouted = |page, reason| Outcome::Unrouted {
        source: src.clone(),
        page: Some(page),
        reason,
    };
    assert_eq!(
        judge(&mut r, 2, Some(mark("A", "f", 2))),
        unrouted(2, UnroutedReason::Duplicate(mark("A", "f", 2)))
    );
    assert_eq!(
        judge(&mut r, 3, Some(mark("A", "f", 5))),
        unrouted(3, UnroutedReason::Duplicate(mark("A", "f", 5)))
    );
    assert_eq!(
        judge(&mut r, 4, Some(mark("Z", "f", 1))),
        unrouted(4, UnroutedReason::UnknownCase("Z".into()))
    );
    assert_eq!(judge(&mut r, 5, None), unrouted(5, UnroutedReason::NoQr));
    // Same form and page of another case: not a duplicate.
    assert!(matches!(
        judge(&mut r, 6, Some(mark("B", "f", 2))),
        Outcome::Routed { .. }
    ));
}

#[test]
fn unreadable_pages_and_blank_images_are_unrouted() {
    let blank = Ok(ScanPage {
        source: "a.png".into(),
        page: 1,
        image: image::GrayImage::from_pixel(80, 100, image::Luma([255])),
    });
    let bad = Err(UnreadablePage {
        source: "b.pdf".into(),
        page: 2,
        error: ScanReadError::NoRasterImage,
    });
    let out = route([blank, bad], known);
    assert_eq!(
        out,
        [
            Outcome::Unrouted {
                source: "a.png".into(),
                page: Some(1),
                reason: UnroutedReason::NoQr
            },
            Outcome::Unrouted {
                source: "b.pdf".into(),
                page: Some(2),
                reason: UnroutedReason::Unreadable(ScanReadError::NoRasterImage)
            }
        ]
    );
}

#[test]
fn files_that_cannot_be_opened_are_one_line_each() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = dir.path().join("notes.pdf");
    std::fs::write(&text, "not a pdf").expect("write");
    let empty = dir.path().join("empty.tif");
    std::fs::write(&empty, "").expect("write");
    let out = route_files(&[text.clone(), empty.clone()], known);
    assert_eq!(
        out,
        [
            Outcome::Unrouted {
                source: text,
                page: None,
                reason: UnroutedReason::Unreadable(ScanReadError::NotScanFormat)
            },
            Outcome::Unrouted {
                source: empty,
                page: None,
                reason: UnroutedReason::Unreadable(ScanReadError::Empty)
            }
        ]
    );
}

#[test]
fn lines_name_the_file_the_page_and_the_case_or_the_reason() {
    let routed = Outcome::Routed {
        source: "/scans/batch.pdf".into(),
        page: 3,
        mark: mark("20261130-A-001", "nhi_enrollment", 4),
    };
    assert_eq!(
        line(&routed),
        "batch.pdf#3\t20261130-A-001\tnhi_enrollment\t4"
    );
    let single = Outcome::Unrouted {
        source: "/scans/p1.png".into(),
        page: Some(1),
        reason: UnroutedReason::NoQr,
    };
    assert_eq!(
        line(&single),
        "p1.png\tunrouted\tno readable QR code (blank, soiled or not ours)"
    );
    let whole = Outcome::Unrouted {
        source: "/scans/x.tif".into(),
        page: None,
        reason: UnroutedReason::Unreadable(ScanReadError::BrokenImage("a\tb\nc".into())),
    };
    assert_eq!(
        line(&whole),
        "x.tif\tunrouted\tunreadable: the image is damaged or cut short (a b c)"
    );
    assert_eq!(line(&whole).split('\t').count(), 3);
}

#[test]
fn every_reason_and_error_has_words_in_japanese_and_english() {
    let texts = Texts::builtin().expect("texts");
    let errors = [
        ScanReadError::Io("denied".into()),
        ScanReadError::Empty,
        ScanReadError::FileTooLarge { size: 300 << 20 },
        ScanReadError::NotScanFormat,
        ScanReadError::PageTooLarge {
            width: 30_000,
            height: 10,
        },
        ScanReadError::BrokenPdf("xref".into()),
        ScanReadError::EncryptedPdf,
        ScanReadError::NoPages,
        ScanReadError::NoRasterImage,
        ScanReadError::UnsupportedCompression("JBIG2Decode".into()),
        ScanReadError::UnsupportedColour("Indexed".into()),
        ScanReadError::BrokenImage("eof".into()),
    ];
    let reasons = [
        UnroutedReason::NoQr,
        UnroutedReason::UnknownCase("K-9".into()),
        UnroutedReason::Duplicate(mark("K-1", "nhi_enrollment", 2)),
    ]
    .into_iter()
    .chain(errors.into_iter().map(UnroutedReason::Unreadable));
    for reason in reasons {
        for lang in ["ja", "en"] {
            let text = reason_text(&texts, lang, &reason);
            assert!(
                !text.contains("route-"),
                "{lang}: a missing message: {text}"
            );
            assert!(!text.contains('{'), "{lang}: a variable left: {text}");
            assert_eq!(
                lang == "ja",
                text.chars().any(|c| ('\u{3040}'..='\u{9fff}').contains(&c)),
                "{lang}: {text}"
            );
            let vars = match &reason {
                UnroutedReason::UnknownCase(c) => vec![c.clone()],
                UnroutedReason::Duplicate(m) => vec![m.case.clone(), m.form.clone()],
                UnroutedReason::Unreadable(ScanReadError::PageTooLarge { width, .. }) => {
                    vec![width.to_string()]
                }
                UnroutedReason::Unreadable(ScanReadError::BrokenImage(d)) => vec![d.clone()],
                _ => vec![],
            };
            for v in vars {
                assert!(text.contains(&v), "{lang}: {v} missing in {text}");
            }
        }
    }
}
