//! Routing a scanner's stack by the QR codes: thirty sheets from five visits
//! printed by the library and rendered by poppler (150 to 300 dpi, turned a
//! few degrees, some upside down, noisy, JPEG-compressed), shuffled, with
//! blank sheets, sheets of an unknown case and a sheet scanned twice, written
//! as a multi-page PDF, a multi-page TIFF and single images. And the files a
//! scanner folder should never have: each a clear error, never a panic.

#[path = "support/hub.rs"]
mod hub;
#[path = "support/scan_stack.rs"]
mod scan_stack;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

use madoguchi::scan_pages::PageMark;
use madoguchi::scan_route::{
    files_in, has_ink, line, pages_in, read_with_look, route_files, Known, Outcome, ScanReadError,
    UnroutedReason,
};
use scan_stack::{Stack, STRAY_CASE, VISITS};

/// The stack is rendered once for all the tests here.
fn stack() -> &'static Stack {
    static STACK: OnceLock<Stack> = OnceLock::new();
    STACK.get_or_init(|| {
        let started = Instant::now();
        let stack = scan_stack::build();
        eprintln!(
            "stack of {} sheets built in {:?}",
            stack.sheets.len(),
            started.elapsed()
        );
        stack
    })
}

/// The page the counter already has (attached at an earlier visit's end).
fn attached(stack: &Stack) -> PageMark {
    stack.printed[3].1[2].clone()
}

/// The counter knows the five cases; one page of the fourth is attached.
fn known(stack: &Stack) -> impl Fn(&PageMark) -> Known + '_ {
    let attached = attached(stack);
    move |m: &PageMark| {
        if *m == attached {
            Known::Attached
        } else if VISITS.iter().any(|(_, case)| *case == m.case) {
            Known::Expected
        } else {
            Known::UnknownCase
        }
    }
}

#[test]
fn every_printed_page_goes_to_its_case_and_the_others_say_why() {
    let stack = stack();
    assert_eq!(stack.sheets.len(), 30);
    assert_eq!(files_in(&stack.folder), stack.files);

    let started = Instant::now();
    let outcomes = route_files(&stack.files, known(stack));
    let elapsed = started.elapsed();
    eprintln!(
        "{} pages routed in {elapsed:?} ({:.1} pages/s, debug build)",
        outcomes.len(),
        outcomes.len() as f64 / elapsed.as_secs_f64()
    );
    assert_eq!(outcomes.len(), stack.sheets.len());

    // What each sheet should become, in the order the files are read.
    let attached = attached(stack);
    let mut seen = HashSet::new();
    let mut wrong = Vec::new();
    for (sheet, outcome) in stack.sheets.iter().zip(&outcomes) {
        assert_eq!(
            (outcome.source(), outcome.page()),
            (sheet.file.as_path(), Some(sheet.page))
        );
        let expected = match &sheet.mark {
            None => Err(UnroutedReason::NoQr),
            Some(m) if m.case == STRAY_CASE => Err(UnroutedReason::UnknownCase(m.case.clone())),
            Some(m) if *m == attached || !seen.insert(m.clone()) => {
                Err(UnroutedReason::Duplicate(m.clone()))
            }
            Some(m) => Ok(m.clone()),
        };
        let got = match outcome {
            Outcome::Routed { mark, .. } => Ok(mark.clone()),
            Outcome::Unrouted { reason, .. } => Err(reason.clone()),
        };
        if got != expected {
            wrong.push(format!(
                "{}#{} ({} dpi, {:+.1}°{}): expected {expected:?}, got {got:?}",
                sheet.file.display(),
                sheet.page,
                sheet.dpi,
                sheet.degrees,
                if sheet.upside_down {
                    ", upside down"
                } else {
                    ""
                }
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    // Against the printed batches: every page of the five visits is routed
    // exactly once, except the one already attached.
    let routed: Vec<&PageMark> = outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::Routed { mark, .. } => Some(mark),
            Outcome::Unrouted { .. } => None,
        })
        .collect();
    let mut printed: Vec<&PageMark> = stack
        .printed
        .iter()
        .flat_map(|(_, marks)| marks)
        .filter(|m| **m != attached)
        .collect();
    assert_eq!(printed.len(), 24);
    let mut routed_sorted = routed.clone();
    let key = |m: &&PageMark| (m.case.clone(), m.page);
    routed_sorted.sort_by_key(key);
    printed.sort_by_key(key);
    assert_eq!(routed_sorted, printed);

    // The reasons, counted.
    let reasons: Vec<&UnroutedReason> = outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::Unrouted { reason, .. } => Some(reason),
            Outcome::Routed { .. } => None,
        })
        .collect();
    let count = |f: &dyn Fn(&UnroutedReason) -> bool| reasons.iter().filter(|r| f(r)).count();
    assert_eq!(count(&|r| *r == UnroutedReason::NoQr), 2);
    assert_eq!(
        count(&|r| *r == UnroutedReason::UnknownCase(STRAY_CASE.into())),
        2
    );
    assert_eq!(
        count(&|r| *r == UnroutedReason::Duplicate(stack.twice.clone())),
        1
    );
    assert_eq!(
        count(&|r| *r == UnroutedReason::Duplicate(attached.clone())),
        1
    );
    assert_eq!(reasons.len(), 6);
}

#[test]
fn the_sheets_cover_the_conditions_and_each_look_is_timed() {
    let stack = stack();
    let forms: HashSet<&str> = stack
        .printed
        .iter()
        .flat_map(|(_, marks)| marks.iter().map(|m| m.form.as_str()))
        .collect();
    assert!(forms.len() >= 8, "{forms:?}");
    let printed = stack.sheets.iter().filter(|s| s.mark.is_some());
    let dpis: HashSet<u32> = printed.clone().map(|s| s.dpi).collect();
    assert!(dpis.contains(&150) && dpis.contains(&300), "{dpis:?}");
    assert!(printed.clone().filter(|s| s.upside_down).count() >= 5);
    assert!(printed.clone().filter(|s| s.degrees.abs() > 3.0).count() >= 5);

    // Which look reads each page, and how long the reading takes.
    let mut looks = Vec::new();
    for file in &stack.files {
        for page in pages_in(file).expect("readable file") {
            let page = page.expect("readable page");
            let sheet = stack
                .sheets
                .iter()
                .find(|s| s.file == page.source && s.page == page.page)
                .expect("a sheet");
            assert_eq!(has_ink(&page.image), sheet.mark.is_some(), "{sheet:?}");
            let started = Instant::now();
            let read = read_with_look(&page.image);
            looks.push((
                page.image.width(),
                read.map(|(_, look)| look),
                started.elapsed(),
            ));
        }
    }
    for (width, look, time) in &looks {
        eprintln!("{width:>5} px wide: {look:?} in {time:?}");
    }
    assert_eq!(looks.len(), 30);
    assert_eq!(looks.iter().filter(|(_, l, _)| l.is_none()).count(), 2);
}

#[test]
fn each_file_kind_gives_its_pages_in_order() {
    let stack = stack();
    let counts: Vec<usize> = stack
        .files
        .iter()
        .map(|f| pages_in(f).expect("readable").len())
        .collect();
    assert_eq!(counts, [18, 8, 1, 1, 1, 1]);
    let tiff = pages_in(&stack.files[1]).expect("tiff");
    for (n, page) in tiff.iter().enumerate() {
        let page = page.as_ref().expect("page");
        assert_eq!(page.page, n as u32 + 1);
        let sheet = &stack.sheets[18 + n];
        let a4_width = sheet.dpi * 210 * 10 / 254;
        assert!(
            page.image.width().abs_diff(a4_width) <= 2,
            "{} {}",
            page.image.width(),
            a4_width
        );
    }
}

#[test]
fn lines_for_the_command_line_say_case_form_and_page_or_why_not() {
    let stack = stack();
    let outcomes = route_files(&stack.files, known(stack));
    let lines: Vec<String> = outcomes.iter().map(line).collect();
    for (l, o) in lines.iter().zip(&outcomes) {
        let fields: Vec<&str> = l.split('\t').collect();
        match o {
            Outcome::Routed { mark, page, .. } => {
                assert_eq!(fields.len(), 4, "{l}");
                assert_eq!(
                    fields[1..],
                    [mark.case.as_str(), &mark.form, &mark.page.to_string()]
                );
                let name = o
                    .source()
                    .file_name()
                    .and_then(|n| n.to_str())
                    .expect("name");
                if name.ends_with(".pdf") || name.ends_with(".tif") {
                    assert_eq!(fields[0], format!("{name}#{page}"));
                } else {
                    assert_eq!(fields[0], name);
                }
            }
            Outcome::Unrouted { .. } => {
                assert_eq!(fields.len(), 3, "{l}");
                assert_eq!(fields[1], "unrouted");
            }
        }
    }
    assert!(lines
        .iter()
        .any(|l| l.ends_with(&format!("case {STRAY_CASE} is not known here"))));
    assert_eq!(
        lines.iter().filter(|l| l.contains("\tunrouted\t")).count(),
        6
    );
}

/// A PNG whose header claims `w`×`h` pixels, with one empty data chunk.
fn png_header(w: u32, h: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 0, 0, 0, 0]); // 8-bit grey
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(13u32.to_be_bytes());
    png.extend(&ihdr);
    png.extend(crc32(&ihdr).to_be_bytes());
    let idat = b"IDAT\x78\x9c\x03\x00\x00\x00\x00\x01"; // an empty zlib stream
    png.extend(8u32.to_be_bytes());
    png.extend(idat);
    png.extend(crc32(idat).to_be_bytes());
    png.extend(0u32.to_be_bytes());
    png.extend(b"IEND");
    png.extend(crc32(b"IEND").to_be_bytes());
    png
}

fn whole_file_error(outcomes: &[Outcome], file: &Path) -> Option<ScanReadError> {
    outcomes.iter().find_map(|o| match o {
        Outcome::Unrouted {
            source,
            page: None,
            reason: UnroutedReason::Unreadable(e),
        } if source == file => Some(e.clone()),
        _ => None,
    })
}

#[test]
fn broken_files_are_clear_errors_and_never_panics() {
    let stack = stack();
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |name: &str, bytes: &[u8]| -> PathBuf {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).expect("write");
        p
    };
    let pdf = std::fs::read(&stack.files[0]).expect("pdf");
    let tiff = std::fs::read(&stack.files[1]).expect("tiff");
    let jpg = std::fs::read(&stack.files[3]).expect("jpg");
    let truncated_pdf = write("truncated.pdf", &pdf[..pdf.len() / 2]);
    let text = write("notes.pdf", b"Please scan these again tomorrow.\n");
    let empty = write("empty.tif", b"");
    let huge = write("huge.png", &png_header(100_000, 100_000));
    let wide = write("wide.png", &png_header(30_000, 10));
    let truncated_tiff = write("truncated.tif", &tiff[..tiff.len() / 3]);
    let truncated_jpg = write("truncated.jpg", &jpg[..jpg.len() / 2]);
    let (printed_pdf, printed_marks) = scan_stack::print_visit(VISITS[4].0, VISITS[4].1);
    let vector = write("printed.pdf", &printed_pdf);

    let files = [
        &truncated_pdf,
        &text,
        &empty,
        &huge,
        &wide,
        &truncated_tiff,
        &truncated_jpg,
        &vector,
    ]
    .map(|p| p.to_path_buf());
    let outcomes = route_files(&files, known(stack));
    for o in &outcomes {
        eprintln!("{}", line(o));
    }

    assert!(matches!(
        whole_file_error(&outcomes, &truncated_pdf),
        Some(ScanReadError::BrokenPdf(_))
    ));
    assert_eq!(
        whole_file_error(&outcomes, &text),
        Some(ScanReadError::NotScanFormat)
    );
    assert_eq!(
        whole_file_error(&outcomes, &empty),
        Some(ScanReadError::Empty)
    );
    assert_eq!(
        whole_file_error(&outcomes, &huge),
        Some(ScanReadError::PageTooLarge {
            width: 100_000,
            height: 100_000
        })
    );
    assert_eq!(
        whole_file_error(&outcomes, &wide),
        Some(ScanReadError::PageTooLarge {
            width: 30_000,
            height: 10
        })
    );
    assert!(matches!(
        whole_file_error(&outcomes, &truncated_jpg),
        Some(ScanReadError::BrokenImage(_))
    ));
    // A TIFF cut short: the pages before the cut are routed, the one cut
    // through is unreadable, and nothing after it is made up.
    let tiff_outcomes: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.source() == truncated_tiff)
        .collect();
    let last = tiff_outcomes.last().expect("tiff outcomes");
    assert!(
        matches!(
            last,
            Outcome::Unrouted {
                reason: UnroutedReason::Unreadable(ScanReadError::BrokenImage(_)),
                ..
            }
        ),
        "{last:?}"
    );
    assert!(tiff_outcomes.len() < 8);
    // Our own printed PDF is drawn, not scanned: each page says so.
    let vector_reasons: Vec<&Outcome> = outcomes.iter().filter(|o| o.source() == vector).collect();
    assert_eq!(vector_reasons.len(), printed_marks.len());
    for o in vector_reasons {
        assert!(matches!(
            o,
            Outcome::Unrouted {
                reason: UnroutedReason::Unreadable(ScanReadError::NoRasterImage),
                page: Some(_),
                ..
            }
        ));
    }
}

/// `madoguchi route-scans` over a real hub: the same stack in a scanner's
/// folder; one line per page; the pages on their cases at their places, the
/// rest in the unrouted tray with their reasons; every file moved to done/
/// and logged; a second run sends nothing again.
#[test]
fn route_scans_places_the_stack_at_the_hub() {
    let stack = stack();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = hub::demo_db(dir.path(), 20);
    let hub = hub::HubProcess::start(&db, "127.0.0.1:0");
    let clerk = madoguchi::client::HubClient::for_counter(&hub.url, "clerk", "clerk-demo", "3")
        .expect("clerk");
    let bo =
        madoguchi::client::HubClient::new(&hub.url, "backoffice", "backoffice-demo").expect("bo");
    let (texts, catalogs) = madoguchi::load_rules(None).expect("rules");
    for (fixture, case) in VISITS {
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(fixture),
        )
        .expect("fixture");
        let request = madoguchi::input::parse_request(&text)
            .expect("request")
            .request;
        let catalog = catalogs.in_effect(request.as_of).expect("catalog");
        let determination = madoguchi::determine(&request, catalog, &texts, "ja");
        let confirmed = madoguchi::engine::default_confirmed(&determination);
        clerk
            .submit_case(&madoguchi::api::CaseSubmission {
                id: case.into(),
                ticket_id: None,
                household_id: None,
                counter: "3".into(),
                request,
                determination,
                confirmed,
                forms_printed: vec![],
                timings: Default::default(),
                revision: 0,
            })
            .expect("case");
    }
    // The page attached at the counter before.
    let before = attached(stack);
    let blank = {
        let mut out = std::io::Cursor::new(Vec::new());
        image::GrayImage::from_pixel(20, 28, image::Luma([255]))
            .write_to(&mut out, image::ImageFormat::Png)
            .expect("png");
        out.into_inner()
    };
    let place = madoguchi::api::ScanPlace {
        form: Some(before.form.clone()),
        page: Some(before.page as u32),
        source: Some("counter".into()),
    };
    bo.add_page(&before.case, &place, "image/png", blank)
        .expect("attached before");

    let folder = dir.path().join("scanner");
    std::fs::create_dir_all(&folder).expect("mkdir");
    for f in &stack.files {
        std::fs::copy(f, folder.join(f.file_name().expect("name"))).expect("copy");
    }
    let run = || {
        let o = std::process::Command::new(hub::BIN)
            .arg("route-scans")
            .arg(&folder)
            .args([
                "--hub",
                &hub.url,
                "--user",
                "backoffice",
                "--password",
                "backoffice-demo",
            ])
            .output()
            .expect("route-scans");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).to_string()
    };
    let said = run();
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(
        lines.len(),
        stack.sheets.len(),
        "one line per page:\n{said}"
    );
    let routed: Vec<&&str> = lines
        .iter()
        .filter(|l| !l.contains("\tunrouted\t"))
        .collect();
    assert_eq!(routed.len(), 24, "{said}");
    for l in &routed {
        let f: Vec<&str> = l.split('\t').collect();
        assert_eq!(f.len(), 4, "file, case, form, page: {l}");
        assert!(VISITS.iter().any(|(_, c)| *c == f[1]), "{l}");
    }
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("no readable QR code"))
            .count(),
        2,
        "{said}"
    );
    assert_eq!(
        lines.iter().filter(|l| l.contains(STRAY_CASE)).count(),
        2,
        "{said}"
    );
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("already scanned"))
            .count(),
        2,
        "{said}"
    );

    // At the hub: each case has its printed pages at their places.
    let mut placed = 0;
    for (_, case) in VISITS {
        let scans = bo.scans(case).expect("scans");
        for s in &scans {
            let mark = PageMark {
                case: case.to_string(),
                form: s.form.clone().expect("form"),
                page: s.page.expect("page") as usize,
            };
            let printed = stack
                .printed
                .iter()
                .find(|(c, _)| c == case)
                .expect("printed");
            assert!(printed.1.contains(&mark), "{mark:?} was printed for {case}");
        }
        placed += scans.len();
    }
    assert_eq!(placed, 25, "24 routed and the one attached before");
    let tray = bo.unrouted(false).expect("tray");
    assert_eq!(tray.len(), 6, "{tray:?}");
    assert!(files_in(&folder).is_empty(), "every file moved");
    assert_eq!(
        std::fs::read_dir(folder.join("done"))
            .expect("done")
            .count(),
        stack.files.len()
    );
    let log = std::fs::read_to_string(folder.join("route-scans.log")).expect("log");
    assert_eq!(log.lines().count(), stack.files.len(), "{log}");

    // Again (the files put back, as after a crash before the move): nothing new.
    for f in std::fs::read_dir(folder.join("done"))
        .expect("done")
        .flatten()
    {
        std::fs::rename(f.path(), folder.join(f.file_name())).expect("back");
    }
    run();
    let again: usize = VISITS
        .iter()
        .map(|(_, c)| bo.scans(c).expect("scans").len())
        .sum();
    assert_eq!(again, 25, "no page sent twice");
    assert_eq!(
        bo.unrouted(false).expect("tray").len(),
        6,
        "the tray did not grow"
    );
}
