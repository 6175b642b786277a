//! The TSV reader's clean-up of Tesseract's slips (second readings, words
//! cut over two lines, specks, bars) on one crowded page: 10,000 to 40,000
//! words. Comparing every pair of a page's words took 2.2 s for 20,000
//! words and 10 s for 40,000; the target is under 0.5 s for 40,000.
//!
//! ```text
//! cargo bench --bench tsv_cleanup
//! ```

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use pira::read::tesseract::{read_tsv, TSV_HEADER};

/// A page of `words` words in rows of 200, 45 px a word, 30 px a row, in
/// Tesseract lines of 20 words; every 50th word is read a second time by
/// another line, every 70th cut in two across lines.
fn crowded_page(words: usize) -> String {
    let mut tsv = format!(
        "{TSV_HEADER}\n1\t1\t0\t0\t0\t0\t0\t0\t9000\t{}\t-1\t\n",
        words / 200 * 30 + 100
    );
    let mut line = 0;
    for i in 0..words {
        let (x, y) = (10 + (i % 200) * 45, 10 + (i / 200) * 30);
        if i % 20 == 0 {
            line += 1;
        }
        let row = |line: usize, x: usize, w: usize, conf: u32, text: &str| {
            format!("5\t1\t1\t1\t{line}\t1\t{x}\t{y}\t{w}\t24\t{conf}\t{text}\n")
        };
        if i % 70 == 0 {
            tsv.push_str(&row(line, x, 10, 90, "p"));
            tsv.push_str(&row(line + 100_000, x + 10, 30, 91, "ratiche"));
            continue;
        }
        tsv.push_str(&row(line, x, 40, 95, "della"));
        if i % 50 == 0 {
            tsv.push_str(&row(line + 200_000, x + 2, 36, 60, "ella"));
        }
    }
    tsv
}

fn cleanup(c: &mut Criterion) {
    let mut group = c.benchmark_group("tsv_cleanup");
    group.sample_size(10);
    for words in [10_000, 20_000, 40_000] {
        let tsv = crowded_page(words);
        group.throughput(Throughput::Elements(words as u64));
        group.bench_with_input(BenchmarkId::from_parameter(words), &tsv, |b, tsv| {
            b.iter(|| read_tsv(tsv).map(|d| d.pages[0].words.len()))
        });
    }
    group.finish();
}

criterion_group!(benches, cleanup);
criterion_main!(benches);
