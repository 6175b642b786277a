//! Reads PDFs with pira's reader and prints, per file, the time `read` took
//! and the words per page; with `--text`, each page's words as lines (words
//! joined by a space, lines as the layout stage would group them); with
//! `--boxes`, one word per line with its box (points), font size and OCR
//! confidence; with `--rules`, each page's ruling lines.
//!
//! ```text
//! cargo run --release --example pdf_words -- report.pdf --text
//! ```

use std::process::ExitCode;
use std::time::Instant;

/// The page's words (in reading order), a new line where the baseline moves.
fn print_lines(page: &pira::read::PageWords) {
    let mut line = String::new();
    let mut last_y = f32::NEG_INFINITY;
    for word in &page.words {
        let tolerance = (word.bbox.y1 - word.bbox.y0) / 2.0;
        if !line.is_empty() && (word.bbox.y_mid() - last_y).abs() > tolerance {
            println!("p{:<3} {line}", page.number);
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word.text);
        last_y = word.bbox.y_mid();
    }
    if !line.is_empty() {
        println!("p{:<3} {line}", page.number);
    }
}

/// One word per line: page, box, font size, confidence, text.
fn print_boxes(page: &pira::read::PageWords) {
    for w in &page.words {
        let b = &w.bbox;
        println!(
            "p{:<3} {:7.1} {:7.1} {:7.1} {:7.1}  size {:5.1}  conf {:>5}  {}",
            page.number,
            b.x0,
            b.y0,
            b.x1,
            b.y1,
            w.font_size.unwrap_or(0.0),
            w.confidence.map_or("-".into(), |c| format!("{c:.0}")),
            w.text
        );
    }
}

/// One ruling line per line: page, axis, where across, from and to.
fn print_rules(page: &pira::read::PageWords) {
    for r in &page.rules {
        println!(
            "p{:<3} {:?} at {:7.1} from {:7.1} to {:7.1}",
            page.number, r.axis, r.at, r.from, r.to
        );
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show_text = args.iter().any(|a| a == "--text");
    let show_boxes = args.iter().any(|a| a == "--boxes");
    let show_rules = args.iter().any(|a| a == "--rules");
    let mut status = ExitCode::SUCCESS;
    for path in args.iter().filter(|a| !a.starts_with("--")) {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                status = ExitCode::FAILURE;
                continue;
            }
        };
        let start = Instant::now();
        let result = pira::read::read(&bytes);
        let elapsed = start.elapsed();
        match result {
            Ok(doc) => {
                let words: usize = doc.pages.iter().map(|p| p.words.len()).sum();
                println!(
                    "{path}: {} pages, {words} words in {:.1} ms",
                    doc.pages.len(),
                    elapsed.as_secs_f64() * 1000.0
                );
                if show_rules {
                    doc.pages.iter().for_each(print_rules);
                }
                if show_text {
                    doc.pages.iter().for_each(print_lines);
                }
                if show_boxes {
                    doc.pages.iter().for_each(print_boxes);
                }
            }
            Err(e) => {
                println!("{path}: error: {e}");
                status = ExitCode::FAILURE;
            }
        }
    }
    status
}
