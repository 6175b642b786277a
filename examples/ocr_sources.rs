//! OCRs a PDF's pages from both image sources, the embedded scan (at any
//! resolution) and a 300 dpi rendering, and prints per page: where the
//! embedded path takes its image from, the seconds each source took (one
//! page at a time, one Tesseract process; wall clock, and the CPU time of
//! pdftoppm and Tesseract where /proc tells it), the words each read, and
//! how far apart the boxes of the words both read once are (median and
//! 90th percentile of the largest edge difference, in points).
//!
//! With `--out DIR` it also writes the report the rest of the chain makes
//! from each source, `DIR/embedded/<stem>.json` and `DIR/rendered/<stem>.json`,
//! for `../shared/eval/score.py`.
//!
//! ```text
//! cargo run --release --example ocr_sources -- scan.pdf [--pages 1,3] [--out DIR]
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use pira::model::{InputFormat, PageRoute, Route};
use pira::read::ocr::{ocr_pdf_pages_with, ImageChoice, OcrPage, Tesseract};
use pira::read::{Document, PageWords};
use pira::{Input, Options};

struct Args {
    pdf: PathBuf,
    pages: Option<Vec<u32>>,
    out: Option<PathBuf>,
}

fn args() -> Result<Args, String> {
    let mut pdf = None;
    let (mut pages, mut out) = (None, None);
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--pages" => {
                let list = it.next().ok_or("--pages needs a list")?;
                let parsed: Result<Vec<u32>, _> = list.split(',').map(str::parse).collect();
                pages = Some(parsed.map_err(|_| format!("bad page list {list:?}"))?);
            }
            "--out" => out = Some(PathBuf::from(it.next().ok_or("--out needs a folder")?)),
            _ if pdf.is_none() => pdf = Some(PathBuf::from(arg)),
            _ => return Err(format!("unexpected argument {arg:?}")),
        }
    }
    let pdf = pdf.ok_or("usage: ocr_sources FILE.pdf [--pages 1,3] [--out DIR]")?;
    Ok(Args { pdf, pages, out })
}

fn main() -> ExitCode {
    match args().and_then(|a| run(&a)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ocr_sources: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Wall clock and child processes' CPU time.
#[derive(Debug, Clone, Copy, Default)]
struct Times {
    wall: Duration,
    cpu: Duration,
}

impl std::ops::Add for Times {
    type Output = Times;
    fn add(self, other: Times) -> Times {
        Times {
            wall: self.wall + other.wall,
            cpu: self.cpu + other.cpu,
        }
    }
}

/// CPU time of the finished child processes (user + system), from
/// /proc/self/stat; zero where there is no /proc.
fn children_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // After the command name (which may hold spaces) come fields 3 on;
    // cutime and cstime are fields 16 and 17, in clock ticks (100 a second).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let ticks: u64 = rest
        .split_whitespace()
        .skip(13)
        .take(2)
        .filter_map(|f| f.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10)
}

/// One page OCR'd from one source, and the time it took.
fn ocr_page(
    bytes: &[u8],
    page: u32,
    engine: &Tesseract,
    choice: ImageChoice,
) -> Result<(OcrPage, Times), String> {
    let (start, cpu) = (Instant::now(), children_cpu());
    let mut pages =
        ocr_pdf_pages_with(bytes, &[page], engine, choice).map_err(|e| e.to_string())?;
    let times = Times {
        wall: start.elapsed(),
        cpu: children_cpu().saturating_sub(cpu),
    };
    pages
        .pop()
        .map(|p| (p, times))
        .ok_or_else(|| format!("page {page}: no result"))
}

fn run(args: &Args) -> Result<(), String> {
    let bytes = std::fs::read(&args.pdf).map_err(|e| format!("{}: {e}", args.pdf.display()))?;
    let doc = pira::read::pdf::read(&bytes).map_err(|e| e.to_string())?;
    let pages = args
        .pages
        .clone()
        .unwrap_or_else(|| doc.pages.iter().map(|p| p.number).collect());
    let engine = Tesseract::new("ita").map_err(|e| e.to_string())?;
    let (mut embedded, mut rendered) = (Vec::new(), Vec::new());
    let (mut time_e, mut time_r) = (Times::default(), Times::default());
    for &page in &pages {
        let (e, te) = ocr_page(&bytes, page, &engine, ImageChoice::Embedded)?;
        let (r, tr) = ocr_page(&bytes, page, &engine, ImageChoice::Rendered)?;
        let (median, p90, matched) = box_differences(&e.words, &r.words);
        println!(
            "page {page}: {}; embedded {:.2} s ({:.2} s CPU), {} words; \
             rendered {:.2} s ({:.2} s CPU), {} words; \
             {matched} words matched, box difference median {median:.2} pt, 90% {p90:.2} pt",
            e.image.describe(),
            te.wall.as_secs_f64(),
            te.cpu.as_secs_f64(),
            e.words.words.len(),
            tr.wall.as_secs_f64(),
            tr.cpu.as_secs_f64(),
            r.words.words.len(),
        );
        (time_e, time_r) = (time_e + te, time_r + tr);
        embedded.push(e);
        rendered.push(r);
    }
    let n = pages.len().max(1) as f64;
    println!(
        "per page: embedded {:.2} s ({:.2} s CPU), rendered {:.2} s ({:.2} s CPU)",
        time_e.wall.as_secs_f64() / n,
        time_e.cpu.as_secs_f64() / n,
        time_r.wall.as_secs_f64() / n,
        time_r.cpu.as_secs_f64() / n,
    );
    if let Some(out) = &args.out {
        for (name, ocr) in [("embedded", embedded), ("rendered", rendered)] {
            let path = write_report(&args.pdf, &bytes, ocr, &out.join(name))?;
            println!("wrote {}", path.display());
        }
    }
    Ok(())
}

/// Median and 90th percentile of the largest edge difference between the
/// boxes of words both pages read exactly once, and how many there were.
fn box_differences(a: &PageWords, b: &PageWords) -> (f32, f32, usize) {
    let (ia, ib) = (read_once(a), read_once(b));
    let mut diffs: Vec<f32> = ia
        .iter()
        .filter_map(|(text, i)| Some(((*i)?, (*ib.get(text)?)?)))
        .map(|(i, j)| {
            let (x, y) = (a.words[i].bbox, b.words[j].bbox);
            [x.x0 - y.x0, x.y0 - y.y0, x.x1 - y.x1, x.y1 - y.y1]
                .into_iter()
                .fold(0.0f32, |m, d| m.max(d.abs()))
        })
        .collect();
    diffs.sort_by(f32::total_cmp);
    let at = |q: f32| {
        diffs
            .get(((diffs.len() as f32 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or(f32::NAN)
    };
    (at(0.5), at(0.9), diffs.len())
}

/// Each word of three characters or more read once, with its index.
fn read_once(page: &PageWords) -> HashMap<&str, Option<usize>> {
    let mut seen: HashMap<&str, Option<usize>> = HashMap::new();
    for (i, w) in page.words.iter().enumerate() {
        if w.text.chars().count() >= 3 {
            seen.entry(w.text.as_str())
                .and_modify(|v| *v = None)
                .or_insert(Some(i));
        }
    }
    seen
}

/// The chain after reading, on the OCR'd pages, written as pira's JSON.
fn write_report(
    pdf: &Path,
    bytes: &[u8],
    ocr: Vec<OcrPage>,
    dir: &Path,
) -> Result<PathBuf, String> {
    let routes = ocr
        .iter()
        .map(|p| PageRoute {
            page: p.words.number,
            route: Route::Ocr,
            reason: format!("OCR from {}", p.image.describe()),
        })
        .collect();
    let pages = ocr.into_iter().map(|p| p.words).collect();
    let doc = Document::new(InputFormat::PdfOcr, pages, routes);
    let name = pdf.file_name().map_or_else(
        || "input.pdf".to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let input = Input::from_bytes(name, bytes.to_vec());
    let options = Options::default();
    let vocab = options.vocabulary().map_err(|e| e.to_string())?;
    let layout = pira::layout::layout(&doc, &vocab);
    let clean = pira::normalize::normalize(&layout, &vocab);
    let report = pira::records::build(pira::source(&input, &options, &doc), clean, &vocab)
        .map_err(|e| e.to_string())?;
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let stem = pdf
        .file_stem()
        .map_or_else(|| "input".to_string(), |s| s.to_string_lossy().into_owned());
    let path = dir.join(format!("{stem}.json"));
    std::fs::write(&path, pira::write::json::report_json(&report))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}
