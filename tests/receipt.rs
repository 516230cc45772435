//! The ticket machine's receipt: the number, the people ahead, and the wait
//! page's address as a QR code that a phone (here rqrr) reads back from the
//! printed page.

use std::path::Path;
use std::process::Command;

#[test]
fn receipt_carries_the_wait_page_as_a_qr_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = madoguchi::public_wait::page_url("http://192.168.10.5:8700", "A-012");
    assert_eq!(url, "http://192.168.10.5:8700/wait?n=A-012");
    let pdf = madoguchi::print::receipt::render(&madoguchi::print::receipt::Receipt {
        office: "北九州市 小倉北区役所",
        number: "A-012",
        category_name: "転入・転出",
        issued_at: chrono::Utc::now(),
        waiting_before: 4,
        wait_url: Some(&url),
    })
    .expect("receipt");
    let path = dir.path().join("receipt.pdf");
    std::fs::write(&path, pdf).expect("write");
    let text = Command::new("pdftotext")
        .args([path.to_str().expect("path"), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    let text: String = String::from_utf8_lossy(&text.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for expected in ["A-012", "お待ちの方4人", "待ち状況はこちら", "この番号札は"]
    {
        assert!(text.contains(expected), "{expected} missing from {text}");
    }
    let out = Command::new("pdftoppm")
        .args(["-r", "300", "-gray", "-png", "-singlefile"])
        .arg(&path)
        .arg(dir.path().join("receipt"))
        .status()
        .expect("pdftoppm");
    assert!(out.success());
    let img = image::open(dir.path().join("receipt.png"))
        .expect("png")
        .to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(img);
    let decoded: Vec<String> = prepared
        .detect_grids()
        .into_iter()
        .filter_map(|g| g.decode().ok().map(|(_, s)| s))
        .collect();
    assert_eq!(decoded, vec![url]);
    // `MADOGUCHI_SCREENS=docs/screens` keeps a picture of it (100 dpi).
    if let Some(out) = std::env::var_os("MADOGUCHI_SCREENS") {
        let done = Command::new("pdftoppm")
            .args(["-r", "100", "-png", "-singlefile"])
            .arg(&path)
            .arg(Path::new(&out).join("receipt"))
            .status()
            .expect("pdftoppm");
        assert!(done.success());
    }
}
