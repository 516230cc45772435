//! Render the seed move-in batch with madoguchi and the same pages with typst,
//! side by side, and print both times and their ratio.
//!
//!     pip install typst && cargo run --release --example typst_compare
//!
//! The laid-out pages (every text, box, line and QR module at its position) are
//! exported as typst `place` calls, so typst typesets exactly the same pages.
#![allow(clippy::print_stdout)]

use std::fmt::Write as _;
use std::process::Command;
use std::time::Instant;

use madoguchi::print;
use printpdf::{Color, Op, PaintMode, TextItem, TextMatrix};

#[path = "../tests/support/seed_batch.rs"]
mod seed_batch;
use seed_batch::SeedBatch;

const RUNS: usize = 15;

fn main() -> Result<(), String> {
    let seed = SeedBatch::load()?;
    let input = seed.input("20261124-compare");
    let first = print::render(&input, &mut |_| {})?;
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        print::render(&input, &mut |_| {})?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let ours = times[RUNS / 2];

    let laid = print::layout(&input, &mut |_| {})?;
    let typ = to_typst(
        &laid
            .pages
            .iter()
            .map(|(c, _)| c.ops.as_slice())
            .collect::<Vec<_>>(),
    );
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/typst-compare");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let file = dir.join("batch.typ");
    std::fs::write(&file, typ).map_err(|e| e.to_string())?;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/typst_compare.py");
    let fonts = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/fonts");
    let out = Command::new("python3")
        .args([
            script,
            file.to_str().unwrap_or_default(),
            fonts,
            &RUNS.to_string(),
        ])
        .output()
        .map_err(|e| format!("python3: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "typst: {} (pip install typst)",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let report = String::from_utf8_lossy(&out.stdout);
    let value = |key: &str| -> f64 {
        report
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(f64::NAN)
    };
    let (fresh, warm) = (value("typst_fresh_ms"), value("typst_warm_ms"));
    println!(
        "pages: {}, madoguchi PDF {} bytes, typst PDF {} bytes",
        first.pages.len(),
        first.pdf.len(),
        value("typst_pdf_bytes")
    );
    println!("madoguchi (printpdf) median of {RUNS}: {ours:.1} ms");
    println!(
        "typst fresh compile median of {RUNS}: {fresh:.1} ms  (ratio typst/madoguchi {:.2})",
        fresh / ours
    );
    println!(
        "typst warm compiler median of {RUNS}: {warm:.1} ms  (ratio typst/madoguchi {:.2})",
        warm / ours
    );
    println!("typst source: {}", file.display());
    Ok(())
}

fn pt(v: printpdf::Pt) -> f32 {
    v.0
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The pages' drawing operations as typst `place` calls on A4 pages with no margin.
fn to_typst(pages: &[&[Op]]) -> String {
    const H: f32 = 841.89;
    let mut out = String::from(
        "#set page(width: 595.28pt, height: 841.89pt, margin: 0pt)\n#set text(font: \"IPAexGothic\", top-edge: \"baseline\", bottom-edge: \"baseline\")\n",
    );
    for (i, ops) in pages.iter().enumerate() {
        if i > 0 {
            out.push_str("#pagebreak()\n");
        }
        let (mut size, mut stroke, mut gray, mut at) =
            (10.0_f32, 0.6_f32, 0.0_f32, (0.0_f32, 0.0_f32));
        for op in *ops {
            match op {
                Op::SetFont { size: s, .. } => size = s.0,
                Op::SetOutlineThickness { pt: p } => stroke = p.0,
                Op::SetFillColor {
                    col: Color::Greyscale(g),
                } => gray = g.percent,
                Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(x, y),
                } => at = (pt(*x), pt(*y)),
                Op::ShowText { items } => {
                    for item in items {
                        if let TextItem::Text(t) = item {
                            let _ = writeln!(
                                out,
                                "#place(dx: {:.2}pt, dy: {:.2}pt, text(size: {size:.2}pt, \"{}\"))",
                                at.0,
                                H - at.1,
                                escape(t)
                            );
                        }
                    }
                }
                Op::DrawRectangle { rectangle: r } => {
                    let dy = H - pt(r.y) - pt(r.height);
                    let paint = if r.mode == Some(PaintMode::Fill) {
                        format!("fill: luma({:.0}%), stroke: none", gray * 100.0)
                    } else {
                        format!("stroke: {stroke:.2}pt")
                    };
                    let _ = writeln!(out, "#place(dx: {:.2}pt, dy: {dy:.2}pt, rect(width: {:.2}pt, height: {:.2}pt, {paint}))", pt(r.x), pt(r.width), pt(r.height));
                }
                Op::DrawLine { line } if line.points.len() == 2 => {
                    let (a, b) = (&line.points[0].p, &line.points[1].p);
                    let _ = writeln!(out, "#place(line(start: ({:.2}pt, {:.2}pt), end: ({:.2}pt, {:.2}pt), stroke: {stroke:.2}pt))", pt(a.x), H - pt(a.y), pt(b.x), H - pt(b.y));
                }
                _ => {}
            }
        }
    }
    out
}
