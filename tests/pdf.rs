//! PDF inputs end to end: the generated report PDFs (born-digital, and a
//! Tesseract-OCR'd "searchable scan") against the records that generated
//! them, scored as `shared/eval/score.py` scores.

mod common;

use std::path::Path;

use common::score::{score, Score};
use pira::{extract, Input, Options};

const GENERATED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/generated");

fn run(stem: &str, pdf: &str) -> Score {
    let dir = Path::new(GENERATED);
    let bytes = std::fs::read(dir.join(pdf)).expect("the generated PDF is committed");
    let report = match extract(&Input::from_bytes(pdf, bytes), &Options::default()) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    let out = serde_json::to_value(&report).expect("a report serializes");
    let gold: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.join(format!("{stem}.gold.json"))).expect("gold file"),
    )
    .expect("gold JSON");
    score(&gold, &out)
}

#[test]
fn born_digital_pdf_gives_every_field() {
    let s = run(
        "gen_s1_01_brescia_2023_consuntivo",
        "gen_s1_01_brescia_2023_consuntivo.pdf",
    );
    assert!(s.total > 200, "a real report: {} fields", s.total);
    assert_eq!(s.right, s.total, "misses: {:#?}", s.misses);
}

#[test]
fn searchable_scan_gives_nearly_every_field() {
    let stem = "gen_s15_01_padova_2019_consuntivo_compact.scan";
    let s = run(stem, &format!("{stem}.pdf"));
    assert!(
        s.fields_pct() >= 95.0,
        "{:.1}% fields: {:#?}",
        s.fields_pct(),
        s.misses
    );
    assert!(
        s.numbers_pct() >= 98.0,
        "{:.1}% numbers: {:#?}",
        s.numbers_pct(),
        s.misses
    );
}

/// A searchable scan draws no vector rules: its ruled tables are found in
/// its page images, under the invisible text, and read by their cells.
#[test]
fn searchable_scan_pages_get_the_rules_their_images_show() {
    let stem = "gen_s15_01_padova_2019_consuntivo_compact.scan";
    let bytes = std::fs::read(Path::new(GENERATED).join(format!("{stem}.pdf"))).expect("fixture");
    let text_layer = pira::read::pdf::read(&bytes).expect("PDF");
    assert!(text_layer.pages.iter().all(|p| p.rules.is_empty()));
    let options = pira::read::ReadOptions {
        ocr: pira::OcrMode::Never,
        ..Default::default()
    };
    let doc = pira::read::read_with(&bytes, &options).expect("PDF");
    for page in &doc.pages {
        assert!(page.scanned, "page {} is a scan", page.number);
        let tables = pira::layout::grid::tables(&page.rules);
        assert!(
            tables.iter().any(|t| t.rows.len() >= 3),
            "page {}: a ruled table from {} rules",
            page.number,
            page.rules.len()
        );
    }
}
