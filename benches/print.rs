//! Rendering the seed move-in batch (goal: under 150 ms and under 500 KB).

use criterion::{criterion_group, criterion_main, Criterion};
use madoguchi::catalog::Mode;
use madoguchi::print::{self, BatchInput, Templates};
use madoguchi::{determine, input, load_rules};

fn bench(c: &mut Criterion) {
    let (texts, set) = load_rules(None).expect("rules");
    let templates = Templates::builtin().expect("templates");
    let text = include_str!("../tests/fixtures/seed-move-in-address.json");
    let request = input::parse_request(text).expect("request").request;
    let catalog = set.in_effect(request.as_of).expect("catalog");
    let determination = determine(&request, catalog, &texts, "ja");
    let confirmed: Vec<String> = determination
        .procedures
        .iter()
        .filter(|p| p.mode == Mode::Counter)
        .map(|p| p.id.clone())
        .collect();
    let input = BatchInput {
        request: &request,
        determination: &determination,
        confirmed: &confirmed,
        catalog,
        texts: &texts,
        templates: &templates,
        lang: "ja",
        case_id: "20261124-bench",
    };
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
