//! Rendering the seed move-in batch (goal: under 150 ms and under 500 KB).

use criterion::{criterion_group, criterion_main, Criterion};
use madoguchi::print;

#[path = "../tests/support/seed_batch.rs"]
mod seed_batch;
use seed_batch::SeedBatch;

fn bench(c: &mut Criterion) {
    let seed = SeedBatch::load().expect("seed batch");
    let input = seed.input("20261124-bench");
    let batch = print::render(&input, &mut |_| {}).expect("batch");
    eprintln!(
        "seed move-in batch: {} pages, {} bytes",
        batch.pages.len(),
        batch.pdf.len()
    );
    let mut group = c.benchmark_group("print");
    group.sample_size(20);
    group.bench_function("seed_move_in_batch", |b| {
        b.iter(|| print::render(&input, &mut |_| {}).expect("batch"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
