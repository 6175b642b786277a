//! What every fuzz target checks on one input. The fuzz targets in
//! `fuzz/fuzz_targets/` call these, and so does `tests/fuzz_regressions.rs`
//! on the inputs the fuzzers once crashed on, so `cargo test` replays them
//! without the fuzzer.
//!
//! A check fails by panicking: either the entry point panicked itself, or a
//! property of its result (spans, round trips, page numbering) is broken.

use pira::normalize::date::find_date;
use pira::normalize::number::{
    cell_value, find_numbers, format_italian, leading_amount, NumberKind, ReadNumber,
};

/// The number and amount parser: `find_numbers`, `cell_value`,
/// `leading_amount` and `find_date` on the input as text (invalid UTF-8
/// replaced), with their invariants.
pub fn numbers(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();

    let all = find_numbers(text);
    for n in &all {
        check_span(text, n, "find_numbers");
    }
    for pair in all.windows(2) {
        assert!(
            pair[0].end <= pair[1].start,
            "find_numbers: overlapping spans {pair:?} in {text:?}"
        );
    }

    let cell = cell_value(text);
    assert_eq!(
        cell.as_ref(),
        all.first(),
        "cell_value is not the first of find_numbers in {text:?}"
    );
    if let Some(n) = &cell {
        check_span(text, n, "cell_value");
        if n.kind == NumberKind::Plain && !n.uncertain {
            round_trip(text, n);
        }
    }

    if let Some(n) = leading_amount(text) {
        check_span(text, &n, "leading_amount");
        assert_ne!(
            n.kind,
            NumberKind::Percent,
            "leading_amount: a percentage in {text:?}"
        );
    }

    if let Some((y, m, d)) = find_date(text) {
        assert!(
            is_valid_date(y, m, d),
            "find_date: impossible date {y}-{m}-{d} in {text:?}"
        );
    }
}

/// The readers: `pira::read::text::read` and `pira::read::read` (text,
/// UTF-16, Latin-1, Tesseract TSV and hOCR detection), and the TSV and
/// hOCR readers directly on the input as text.
pub fn text_reader(data: &[u8]) {
    if let Ok(doc) = pira::read::text::read(data) {
        check_document(&doc, "read::text::read");
    }
    // OCR is not what is fuzzed here: never run Tesseract on fuzz input.
    let never = pira::read::ReadOptions {
        ocr: pira::read::OcrMode::Never,
        ..Default::default()
    };
    if let Ok(doc) = pira::read::read_with(data, &never) {
        check_document(&doc, "read::read_with");
    }
    let text = String::from_utf8_lossy(data);
    if let Ok(doc) = pira::read::tesseract::read_tsv(&text) {
        check_document(&doc, "read_tsv");
    }
    if let Ok(doc) = pira::read::tesseract::read_hocr(&text) {
        check_document(&doc, "read_hocr");
    }
}

/// The whole chain on a `.txt` input: returns `Ok` or `Err`, never panics.
pub fn extract(data: &[u8]) {
    let input = pira::Input::from_bytes("f.txt", data.to_vec());
    // No OCR on fuzz input (a mutated "%PDF" would start Tesseract).
    let options = pira::Options {
        ocr: pira::read::OcrMode::Never,
        ..pira::Options::default()
    };
    let _ = pira::extract(&input, &options);
}

/// The PDF text-layer reader (`pira::read::pdf::read`) on inputs that
/// start with `%PDF` (others are not PDFs and are skipped). OCR is left
/// out: it would run Tesseract on every mutated page.
pub fn pdf_reader(data: &[u8]) {
    if !data.starts_with(b"%PDF") {
        return;
    }
    if let Ok(doc) = pira::read::pdf::read(data) {
        check_document(&doc, "read::pdf::read");
    }
}

/// A number's span: non-empty, in bounds, on char boundaries.
fn check_span(text: &str, n: &ReadNumber, what: &str) {
    assert!(
        n.start < n.end && n.end <= text.len(),
        "{what}: span {}..{} out of bounds in {text:?} ({} bytes)",
        n.start,
        n.end,
        text.len()
    );
    assert!(
        text.is_char_boundary(n.start) && text.is_char_boundary(n.end),
        "{what}: span {}..{} not on char boundaries in {text:?}",
        n.start,
        n.end
    );
}

/// A plain number read with certainty reads back the same from its Italian
/// formatting: same value, same scale, plain and certain.
fn round_trip(text: &str, n: &ReadNumber) {
    let written = format_italian(n.value);
    let back = cell_value(&written);
    let Some(back) = back else {
        panic!("round trip: {written:?} (from {text:?}, {n:?}) is not read back");
    };
    assert!(
        back.value == n.value
            && back.value.scale() == n.value.scale()
            && back.kind == NumberKind::Plain
            && !back.uncertain,
        "round trip: {text:?} read as {n:?}, written {written:?}, read back as {back:?}"
    );
}

/// Pages numbered from 1 in order, one route per page.
fn check_document(doc: &pira::read::Document, what: &str) {
    assert_eq!(
        doc.pages.len(),
        doc.routes.len(),
        "{what}: pages and routes differ"
    );
    for (page, route) in doc.pages.iter().zip(&doc.routes) {
        assert!(page.number >= 1, "{what}: page number 0");
        assert_eq!(page.number, route.page, "{what}: route of another page");
    }
}

fn is_valid_date(year: i32, month: u32, day: u32) -> bool {
    if !(1900..=2099).contains(&year) {
        return false;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}
