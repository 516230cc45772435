//! Routing a scanner's stack: thirty sheets of five printed visits (real
//! renders at 150-300 dpi, turned, noisy, two blank) in a multi-page PDF, a
//! multi-page TIFF and single images; pages routed a second. Also each look
//! at a page on its own, and a blank page (which pays for every look).

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use madoguchi::scan_pages::PageMark;
use madoguchi::scan_route::{pages_in, read_by, read_mark, route_files, Known, Outcome, LOOKS};

#[path = "../tests/support/scan_stack.rs"]
mod scan_stack;

fn known(m: &PageMark) -> Known {
    if scan_stack::VISITS.iter().any(|(_, case)| *case == m.case) {
        Known::Expected
    } else {
        Known::UnknownCase
    }
}

fn bench(c: &mut Criterion) {
    let stack = scan_stack::build();
    let outcomes = route_files(&stack.files, known);
    let routed = outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Routed { .. }))
        .count();
    eprintln!(
        "stack: {} pages in {} files, {routed} routed",
        outcomes.len(),
        stack.files.len()
    );

    let mut group = c.benchmark_group("scan_route");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Elements(outcomes.len() as u64));
    group.bench_function("stack_of_30_pages", |b| {
        b.iter(|| route_files(&stack.files, known))
    });
    // Decoding the files alone, to tell it from reading the codes.
    group.bench_function("decode_only", |b| {
        b.iter(|| {
            stack
                .files
                .iter()
                .map(|f| pages_in(f).map_or(0, |p| p.len()))
                .sum::<usize>()
        })
    });
    group.finish();

    // One printed page (the TIFF's first, 240 dpi or so) by each look, and a blank page.
    let pages: Vec<_> = pages_in(&stack.files[1])
        .expect("tiff")
        .into_iter()
        .flatten()
        .collect();
    let mut group = c.benchmark_group("scan_route_page");
    group.sample_size(10);
    if let Some(page) = pages.iter().find(|p| read_mark(&p.image).is_some()) {
        for look in LOOKS {
            group.bench_function(format!("{look:?}"), |b| {
                b.iter(|| read_by(&page.image, look))
            });
        }
    }
    let blank = stack
        .sheets
        .iter()
        .find(|s| s.mark.is_none())
        .and_then(|s| {
            pages_in(&s.file)
                .ok()?
                .into_iter()
                .flatten()
                .find(|p| p.page == s.page)
        });
    if let Some(blank) = blank {
        group.bench_function("blank_page_all_looks", |b| {
            b.iter(|| read_mark(&blank.image))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
