//! Printing the visit's batch: real PDFs checked through poppler (pdftotext,
//! pdffonts, pdftoppm) and the QR code of every page decoded from its image.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use madoguchi::print::qr_payload;

#[path = "support/seed_batch.rs"]
mod seed_batch;
use seed_batch::SeedBatch;

const BIN: &str = env!("CARGO_BIN_EXE_madoguchi");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn madoguchi(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("run madoguchi")
}

fn print(input: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf, Output) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("batch.pdf");
    let mut args = vec![
        "print",
        "--input",
        input.to_str().expect("path"),
        "--out",
        out.to_str().expect("path"),
    ];
    args.extend_from_slice(extra);
    let output = madoguchi(&args);
    (dir, out, output)
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} (poppler-utils) must be installed: {e}"));
    assert!(
        out.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The PDF's text with all white space removed (pdftotext splits at wide gaps
/// such as the full-width space between family and given names).
fn text_of(pdf: &Path) -> String {
    squash(&tool("pdftotext", &[pdf.to_str().expect("path"), "-"]))
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every page rendered to PNG at `dpi`, in page order.
fn pages_as_png(pdf: &Path, dpi: u32) -> Vec<PathBuf> {
    let dir = pdf.parent().expect("dir").join(format!("png{dpi}"));
    std::fs::create_dir_all(&dir).expect("mkdir");
    let prefix = dir.join("p");
    tool(
        "pdftoppm",
        &[
            "-r",
            &dpi.to_string(),
            "-png",
            pdf.to_str().expect("path"),
            prefix.to_str().expect("path"),
        ],
    );
    let mut pngs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read")
        .flatten()
        .map(|e| e.path())
        .collect();
    pngs.sort_by_key(|p| {
        let stem = p
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        stem.rsplit('-')
            .next()
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0)
    });
    pngs
}

fn decode_qr(png: &Path) -> Vec<String> {
    let img = image::open(png).expect("png").to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(img);
    prepared
        .detect_grids()
        .into_iter()
        .filter_map(|g| g.decode().ok().map(|(_, s)| s))
        .collect()
}

fn case_of(output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .trim()
        .rsplit(' ')
        .next()
        .expect("case id")
        .to_string()
}

#[test]
fn seed_move_in_batch_carries_names_dates_and_deadlines() {
    let (_dir, pdf, out) = print(&fixture("seed-move-in-address.json"), &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = text_of(&pdf);
    for expected in [
        "門司 健一",
        "門司 美香",
        "門司 陽向",
        "門司 トシ子",
        "モジ　ケンイチ",
        "モジ　ミカ",
        "モジ　ヒナタ",
        "モジ　トシコ",
        "昭和61年7月14日",
        "平成元年2月3日",
        "令和7年5月9日",
        "昭和29年9月30日",
        "令和8年11月21日", // the move-in date
        "令和8年12月5日（土）",
        "令和8年12月6日（日）",
        "令和9年2月22日（月）", // deadlines
        "住民異動届",
        "国民健康保険",
        "児童手当",
        "子ども医療証",
        "介護保険",
        "〒803-8501",
        "北九州市小倉北区大手町1番1号",
        "山口県下関市竹崎町4丁目6番1号",
        "手続きのご案内",
    ] {
        assert!(text.contains(&squash(expected)), "missing {expected}");
    }
}

#[test]
fn fonts_are_embedded_subsets_and_the_file_is_small() {
    let (_dir, pdf, out) = print(&fixture("seed-move-in-address.json"), &[]);
    assert!(out.status.success());
    let fonts = tool("pdffonts", &[pdf.to_str().expect("path")]);
    let rows: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(
            (cols[n - 5], cols[n - 4]),
            ("yes", "yes"),
            "embedded and subset: {row}"
        );
        assert!(cols[0].contains('+'), "subset name tag: {row}");
    }
    let size = std::fs::metadata(&pdf).expect("pdf").len();
    assert!(size < 500_000, "{size} bytes");
}

#[test]
fn every_page_has_a_qr_code_with_case_form_and_page() {
    let (_dir, pdf, out) = print(
        &fixture("seed-move-in-address.json"),
        &["--case", "K-2026-0042"],
    );
    assert!(out.status.success());
    assert_eq!(case_of(&out), "K-2026-0042");
    let pngs = pages_as_png(&pdf, 150);
    let expected_forms = [
        "guidance",
        "resident_move",
        "nhi_enrollment",
        "ltc_enrollment",
        "child_allowance_claim",
        "child_medical_application",
    ];
    assert_eq!(pngs.len(), expected_forms.len());
    let text = text_of(&pdf);
    for (i, (png, form)) in pngs.iter().zip(expected_forms).enumerate() {
        let codes = decode_qr(png);
        assert_eq!(
            codes,
            vec![qr_payload("K-2026-0042", form, i + 1)],
            "page {}",
            i + 1
        );
        assert!(
            text.contains(&format!("K-2026-0042{form}{}/{}", i + 1, pngs.len())),
            "footer of page {}",
            i + 1
        );
    }
}

#[test]
fn pages_render_with_ink_but_mostly_paper() {
    let (_dir, pdf, out) = print(&fixture("seed-move-in-address.json"), &[]);
    assert!(out.status.success());
    for png in pages_as_png(&pdf, 40) {
        let img = image::open(&png).expect("png").to_luma8();
        let dark = img.pixels().filter(|p| p.0[0] < 128).count() as f64
            / f64::from(img.width() * img.height());
        assert!(
            (0.01..0.35).contains(&dark),
            "{}: {dark:.3} of the page is ink",
            png.display()
        );
    }
}

#[test]
fn chosen_procedures_and_the_rest_as_still_to_do_in_english() {
    let (_dir, pdf, out) = print(
        &fixture("seed-move-in-address.json"),
        &[
            "--procedures",
            "resident.move_in,nhi.enroll",
            "--lang",
            "en",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = text_of(&pdf);
    assert!(text.contains("Yourproceduresatthewardoffice"));
    assert!(text.contains("Donetoday"));
    assert!(text.contains("Stilltodo"));
    // Child allowance was not done today: its deadline (15-day rule) is listed with the weekday.
    assert!(text.contains("Childallowance:claim"));
    assert!(text.contains("Deadline:Sat5December2026"));
    assert!(text.contains("ChildandFamilyConsultationCorner"));
    assert!(text.contains("093-563-0115"), "the ward's phone number");
    // Only the two forms of the chosen procedures follow the guidance.
    assert!(text.contains("resident_move") && text.contains("nhi_enrollment"));
    assert!(!text.contains("child_allowance_claim"));
}

#[test]
fn birth_and_move_out_batches() {
    let (_dir, pdf, out) = print(&fixture("birth-second-child.json"), &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = text_of(&pdf);
    assert!(
        text.contains("額改定請求書") && text.contains("child_allowance_revision"),
        "{text}"
    );
    assert!(text.contains("黒崎結衣") && text.contains("令和8年11月12日"));
    assert!(text.contains("child_medical_application"));

    let dir = tempfile::tempdir().expect("tempdir");
    let move_out = dir.path().join("move-out.json");
    std::fs::write(
        &move_out,
        r#"{"as_of":"2026-11-24","event":{"kind":"move_out","date":"2026-12-01","destination":"東京都千代田区丸の内1-1"},
           "household":{"ward":"門司区","address":"港町1-1","members":[
             {"id":"a","name":"若松 一郎","kana":"わかまつ いちろう","birth_date":"1970-01-01","sex":"male","relation":"head","health_insurance":"nhi"}]}}"#,
    )
    .expect("write");
    let (_d, pdf, out) = print(&move_out, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = text_of(&pdf);
    assert!(
        text.contains("資格喪失届")
            && text.contains("東京都千代田区丸の内1-1")
            && text.contains("ワカマツ")
    );
}

#[test]
fn a_value_too_long_for_its_box_is_an_error_not_a_cut() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut doc: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("seed-move-in-address.json")).expect("fixture"),
    )
    .expect("json");
    doc["household"]["address"] = serde_json::json!("大手町".repeat(60));
    let input = dir.path().join("long.json");
    std::fs::write(&input, doc.to_string()).expect("write");
    let (_d, pdf, out) = print(&input, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("field '") && stderr.contains("text too long for its box"),
        "{stderr}"
    );
    assert!(!pdf.exists(), "no PDF with a cut value");
    // A long but reasonable address shrinks or wraps and is printed whole.
    doc["household"]["address"] = serde_json::json!(
        "大手町1番1号 小倉ハイツ203号室（管理人室の右隣、エレベーターを降りて左）"
    );
    std::fs::write(&input, doc.to_string()).expect("write");
    let (_d, pdf, out) = print(&input, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = text_of(&pdf);
    assert!(
        text.contains("エレベーターを降りて左）"),
        "whole value printed"
    );
}

#[test]
fn bad_requests_and_printers() {
    let (_d, _pdf, out) = print(
        &fixture("seed-move-in-address.json"),
        &["--procedures", "nhi.enroll,teleport.now"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("teleport.now"));
    let (_d, _pdf, out) = print(&fixture("seed-move-in-address.json"), &["--lang", "tlh"]);
    assert_eq!(out.status.code(), Some(2));
    // No such printer (or no spooler at all): said clearly, exit 3, the PDF is kept.
    let (_d, pdf, out) = print(
        &fixture("seed-move-in-address.json"),
        &["--printer", "madoguchi-no-such-printer"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("no printer available") && stderr.contains("the PDF is kept"),
        "{stderr}"
    );
    assert!(pdf.exists());
}

/// The window's preview is drawn from the same layout as the PDF: page for
/// page, the preview holds exactly the characters poppler extracts.
#[test]
fn the_preview_shows_what_prints() {
    let seed = SeedBatch::load().expect("seed batch");
    let input = seed.input("20261124-preview");
    let pages = madoguchi::print::preview::preview(&input).expect("preview");
    let batch = madoguchi::print::render(&input, &mut |_| {}).expect("render");
    assert_eq!(pages.len(), batch.pages.len());
    assert!(pages.len() >= 3, "a guidance sheet and forms");
    assert_eq!(pages[0].info.form, "guidance");

    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = dir.path().join("batch.pdf");
    std::fs::write(&pdf, &batch.pdf).expect("write");
    let sorted = |s: &str| {
        let mut c: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
        c.sort_unstable();
        c
    };
    for (n, page) in pages.iter().enumerate() {
        let number = (n + 1).to_string();
        let printed = tool(
            "pdftotext",
            &[
                "-f",
                &number,
                "-l",
                &number,
                pdf.to_str().expect("path"),
                "-",
            ],
        );
        let shown: String = page.texts().collect();
        assert!(!shown.is_empty(), "page {number} has text");
        assert_eq!(
            sorted(&shown),
            sorted(&printed),
            "page {number} ({}): preview and PDF differ",
            page.info.form
        );
        // Ruled boxes and the QR code are there too.
        let shapes = page
            .marks
            .iter()
            .filter(|m| !matches!(m, madoguchi::print::preview::Mark::Text { .. }))
            .count();
        assert!(shapes > 20, "page {number}: {shapes} shapes");
    }
    // The resident's name is on the first form page.
    let name = squash(&input.request.household.members[0].name);
    assert!(
        pages[1..]
            .iter()
            .any(|p| squash(&p.texts().collect::<String>()).contains(&name)),
        "the head's name on a form"
    );
}
