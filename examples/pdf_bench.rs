//! Times pira's PDF reader on a generated 128-page report, and compares it
//! with `pdftotext -layout` (poppler-utils) when that is installed.
//!
//! ```text
//! cargo run --release --example pdf_bench [-- OUT.pdf [COPIES]]
//! ```
//!
//! The PDF is the sample OCR text of the repository, four times over (or
//! COPIES times), one
//! text line per line in Courier 9 pt (so the text's columns survive),
//! WinAnsi encoded, on A3 landscape pages, content streams compressed. It is left at OUT.pdf
//! (default: `pira-bench.pdf` in the temporary folder).

use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use lopdf::{dictionary, Object, Stream};

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/000_b2d698d42f0df24e.txt"
);
const COPIES: usize = 4;

/// A character as a WinAnsi byte ('?' where WinAnsi has none).
fn win_ansi(c: char) -> u8 {
    match c {
        '€' => 0x80,
        '‚' => 0x82,
        '„' => 0x84,
        '…' => 0x85,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '™' => 0x99,
        '–' => 0x96,
        '—' => 0x97,
        c if (c as u32) < 0x80 || (0xA0..=0xFF).contains(&(c as u32)) => c as u8,
        _ => b'?',
    }
}

/// A PDF literal string for `text`.
fn literal(text: &str) -> Vec<u8> {
    let mut out = vec![b'('];
    for c in text.chars() {
        match win_ansi(c) {
            b @ (b'(' | b')' | b'\\') => out.extend_from_slice(&[b'\\', b]),
            b if b >= 0x80 => out.extend_from_slice(format!("\\{b:03o}").as_bytes()),
            b => out.push(b),
        }
    }
    out.push(b')');
    out
}

fn generate(copies: usize) -> Result<(Vec<u8>, usize), Box<dyn std::error::Error>> {
    let text = std::fs::read(SAMPLE)?;
    let doc = pira::read::text::read(&text)?;
    let mut pdf = lopdf::Document::with_version("1.5");
    let pages_id = pdf.new_object_id();
    let font_id = pdf.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Courier",
        "Encoding" => "WinAnsiEncoding",
        "FirstChar" => 32,
        "LastChar" => 255,
        "Widths" => vec![Object::Integer(600); 224],
    });
    let mut kids = Vec::new();
    for _ in 0..copies {
        for page in &doc.pages {
            // Rebuild the page's lines from the words' columns.
            let mut content = b"BT /F1 9 Tf 10.5 TL 36 800 Td\n".to_vec();
            let mut line = 0.0f32;
            let mut text_line = String::new();
            let flush = |text_line: &mut String, content: &mut Vec<u8>| {
                content.extend_from_slice(&literal(text_line));
                content.extend_from_slice(b" Tj T*\n");
                text_line.clear();
            };
            for word in &page.words {
                while word.bbox.y0 > line {
                    flush(&mut text_line, &mut content);
                    line += 1.0;
                }
                let column = word.bbox.x0 as usize;
                while text_line.chars().count() < column {
                    text_line.push(' ');
                }
                text_line.push_str(&word.text);
            }
            flush(&mut text_line, &mut content);
            content.extend_from_slice(b"ET");
            let mut stream = Stream::new(dictionary! {}, content);
            stream.compress()?;
            let content_id = pdf.add_object(stream);
            kids.push(Object::Reference(pdf.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => Object::Reference(pages_id),
                "MediaBox" => vec![0.into(), 0.into(), 1190.into(), 842.into()],
                "Contents" => Object::Reference(content_id),
                "Resources" => dictionary! { "Font" => dictionary! { "F1" => Object::Reference(font_id) } },
            })));
        }
    }
    let count = kids.len();
    pdf.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count as i64 },
        ),
    );
    let catalog =
        pdf.add_object(dictionary! { "Type" => "Catalog", "Pages" => Object::Reference(pages_id) });
    pdf.trailer.set("Root", Object::Reference(catalog));
    let mut bytes = Vec::new();
    pdf.save_to(&mut bytes)?;
    Ok((bytes, count))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() -> ExitCode {
    let out: PathBuf = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("pira-bench.pdf"));
    let copies = std::env::args()
        .nth(2)
        .and_then(|c| c.parse().ok())
        .unwrap_or(COPIES);
    let (bytes, pages) = match generate(copies) {
        Ok(generated) => generated,
        Err(e) => {
            eprintln!("cannot generate the PDF: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = std::fs::write(&out, &bytes) {
        eprintln!("{}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    println!(
        "{}: {pages} pages, {} KiB",
        out.display(),
        bytes.len() / 1024
    );

    let runs = 15;
    let mut times = Vec::new();
    let mut words = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let doc = match pira::read::read(&bytes) {
            Ok(doc) => doc,
            Err(e) => {
                eprintln!("pira: {e}");
                return ExitCode::FAILURE;
            }
        };
        times.push(start.elapsed());
        words = doc.pages.iter().map(|p| p.words.len()).sum();
    }
    let pira = median(times);
    println!(
        "pira read:           {:7.1} ms median of {runs} ({words} words, {:.2} ms/page)",
        ms(pira),
        ms(pira) / pages as f64
    );

    let mut times = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let status = Command::new("pdftotext")
            .arg("-layout")
            .arg(&out)
            .arg(std::env::temp_dir().join("pira-bench.txt"))
            .status();
        match status {
            Ok(s) if s.success() => times.push(start.elapsed()),
            _ => {
                println!("pdftotext -layout:   not available (apt-get install poppler-utils)");
                return ExitCode::SUCCESS;
            }
        }
    }
    let poppler = median(times);
    println!(
        "pdftotext -layout:   {:7.1} ms median of {runs} (a process each, to a file)",
        ms(poppler)
    );
    println!("ratio pira / pdftotext: {:.2}", ms(pira) / ms(poppler));
    ExitCode::SUCCESS
}
