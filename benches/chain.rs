//! The whole chain (read, layout, normalize, records, JSON and CSV writers)
//! on the bundled sample report. docs/performance.md quotes the time per page.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use pira::write::{
    csv::{table_csv, Dialect},
    json::report_json,
    Table,
};
use pira::{extract, Input, Options};

fn chain(c: &mut Criterion) {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/000_b2d698d42f0df24e.txt"
    ))
    .expect("the sample fixture is in the repo");
    let input = Input::from_bytes("000_b2d698d42f0df24e.txt", bytes);
    let options = Options::default();
    let pages = extract(&input, &options)
        .map(|r| r.source.pages)
        .unwrap_or(1);
    let mut group = c.benchmark_group("sample");
    group.throughput(Throughput::Elements(u64::from(pages)));
    group.bench_function("extract+write", |b| {
        b.iter(|| {
            let report = extract(&input, &options).expect("the sample converts");
            let json = report_json(&report);
            let reports = [report];
            let tables: usize = Table::ALL
                .iter()
                .map(|t| {
                    table_csv(*t, &reports, Dialect::Standard)
                        .map(|v| v.len())
                        .unwrap_or(0)
                })
                .sum();
            (json.len(), tables)
        })
    });
    group.finish();
}

criterion_group!(benches, chain);
criterion_main!(benches);
