//! Writes realistic PIRA report PDFs with their gold files.
//!
//! ```text
//! cargo run --example make_fixtures -- --out DIR [--seed N] [--reports K] [--scan] [--pages-min P]
//!     [--style classic|random|kpi-table|matrix|card] [--image-only]
//! cargo run --example make_fixtures -- --scan-pdf FILE --out DIR [--seed N] [--image-only]
//! ```
//!
//! For each report: `DIR/<name>.pdf` (born-digital) and `DIR/<name>.gold.json`
//! (the generating records, in the format of `shared/eval/GOLD_SCHEMA.md`);
//! with `--scan` also `DIR/<name>.scan.pdf`, a degraded "searchable scan"
//! (page images with Tesseract's invisible text layer), and
//! `DIR/<name>.image.pdf`, the same page images with no text layer (an
//! image-only scan), each with its gold file (`<name>.scan.gold.json`,
//! `<name>.image.gold.json`: the same records, `source` naming the scan).
//! The same seed writes the same born-digital PDFs on every machine.
//!
//! `--scan-pdf FILE` scans a PDF made elsewhere (another renderer's
//! report) the same way, degradation drawn from `--seed`: `DIR/<stem>.image.pdf`
//! and, without `--image-only`, `DIR/<stem>.scan.pdf`; a `<stem>.gold.json`
//! beside FILE is copied beside each, `source` naming the scan.
//!
//! `--style random` draws each report's layout from its seed (`style.rs`):
//! orientation, face and size, column widths, ruling, wording, the code's
//! place, indicator tables or label/value cards, the "Se altro" rows, cover
//! and summary, blocks cut across pages. The default, `classic`, is the one
//! layout the generator always wrote; its output never changes.
//!
//! `--style kpi-table`, `matrix` and `card` write the other templates of
//! the family (`templates.rs`: the wide indicator table, the matrix with
//! yearly targets, the cards with KPI codes and resources by budget item),
//! each in a page style drawn from the seed plus the template's own
//! choices; their gold is in contract version 2 (`template`, `#N` codes,
//! `kpi_code`, `targets`, `achievement_stated`, resource `year` and
//! `budget_item`). `--scan` scans them as it scans a scheda.
//!
//! Seed ranges (see `scripts/score-sealed.sh`, with `--template T` for the
//! other templates): 100-199 are for working on layouts (DEV), 1000-1019
//! are SEALED, scored only to report the figure for unseen layouts.

mod blocks;
mod canvas;
mod metrics;
mod pdf;
mod records;
mod scan;
mod style;
mod table;
mod templates;
mod tmpl_card;
mod tmpl_kpi;
mod tmpl_matrix;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

#[derive(Parser, Debug)]
#[command(about = "Writes PIRA report PDFs (and searchable scans) with their gold files")]
struct Args {
    /// Output folder (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// Seed of the records and of the scan degradation.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Number of reports.
    #[arg(long, default_value_t = 3)]
    reports: u32,
    /// Also write `<name>.scan.pdf` and `<name>.image.pdf` (needs
    /// poppler-utils, imagemagick, tesseract-ocr, tesseract-ocr-ita).
    #[arg(long)]
    scan: bool,
    /// Add objectives until each report has at least this many pages.
    #[arg(long, default_value_t = 0)]
    pages_min: usize,
    /// Exactly this many objectives per report (default: 4 to 7, seeded).
    #[arg(long)]
    objectives: Option<usize>,
    /// No cover page, no forced page break, no rotated page: the smallest
    /// report for a given number of objectives (the scheda styles only).
    #[arg(long)]
    compact: bool,
    /// Pages scanned in parallel (default: the number of CPUs).
    #[arg(long)]
    jobs: Option<usize>,
    /// `classic`: the generator's one historic layout; `random`: a layout
    /// drawn from each report's seed; `kpi-table`: another template (gold
    /// in contract version 2), its layout drawn from the seed.
    #[arg(long, value_enum, default_value_t = StyleArg::Classic)]
    style: StyleArg,
    /// With --scan or --scan-pdf: write only the image-only scan (no
    /// Tesseract run).
    #[arg(long)]
    image_only: bool,
    /// Scan this PDF (made elsewhere) instead of writing reports.
    #[arg(long)]
    scan_pdf: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum StyleArg {
    Classic,
    Random,
    KpiTable,
    Matrix,
    Card,
}

impl StyleArg {
    /// The other template this style writes, if any.
    fn template(self) -> Option<templates::Template> {
        match self {
            StyleArg::Classic | StyleArg::Random => None,
            StyleArg::KpiTable => Some(templates::Template::KpiTable),
            StyleArg::Matrix => Some(templates::Template::Matrix),
            StyleArg::Card => Some(templates::Template::Card),
        }
    }
}

/// A report written: its records, as a scheda or another template.
enum Made {
    Scheda(records::Report),
    Other(templates::Gold),
}

impl Made {
    fn gold_json(&self, source: &str) -> String {
        match self {
            Made::Scheda(r) => r.gold_json(source),
            Made::Other(g) => g.gold_json(source),
        }
    }

    /// Objectives, indicators, kind.
    fn counts(&self) -> (usize, usize, &'static str) {
        match self {
            Made::Scheda(r) => (r.objectives.len(), r.indicator_count(), r.kind),
            Made::Other(g) => (g.objectives.len(), g.indicator_count(), g.kind),
        }
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("make_fixtures: {e}");
            ExitCode::FAILURE
        }
    }
}

fn write(path: &std::path::Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The scan's seed of report `index` of `--seed`.
fn scan_seed(seed: u64, index: u32) -> u64 {
    records::Rng::new(seed)
        .fork(u64::from(index) + 1)
        .next_u64()
}

/// `--scan-pdf`: the scans of a PDF made elsewhere, and its gold copied
/// beside each, if it has one.
fn scan_other(args: &Args, pdf: &std::path::Path, jobs: usize) -> Result<(), String> {
    scan::check_tools()?;
    let doc =
        lopdf::Document::load(pdf).map_err(|e| format!("cannot read {}: {e}", pdf.display()))?;
    let pages = doc.get_pages().len();
    if pages == 0 {
        return Err(format!("{}: no pages", pdf.display()));
    }
    let stem = pdf
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .ok_or_else(|| format!("{}: no file name", pdf.display()))?;
    std::fs::create_dir_all(&args.out)
        .map_err(|e| format!("cannot create {}: {e}", args.out.display()))?;
    let kinds: &[&str] = if args.image_only {
        &["image"]
    } else {
        &["scan", "image"]
    };
    let job = scan::Job {
        pdf,
        pages,
        // pdftoppm draws a /Rotate page upright: its image needs no turn.
        rotated_page: None,
        searchable: (!args.image_only).then(|| args.out.join(format!("{stem}.scan.pdf"))),
        image_only: &args.out.join(format!("{stem}.image.pdf")),
    };
    let stats = scan::scan(&job, scan_seed(args.seed, 0), jobs)?;
    let gold_path = pdf.with_file_name(format!("{stem}.gold.json"));
    if let Ok(text) = std::fs::read_to_string(&gold_path) {
        let mut gold: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", gold_path.display()))?;
        for kind in kinds {
            gold["source"] = serde_json::Value::from(format!("{stem}.{kind}.pdf"));
            let mut s = serde_json::to_string_pretty(&gold)
                .map_err(|e| format!("{}: {e}", gold_path.display()))?;
            s.push('\n');
            write(
                &args.out.join(format!("{stem}.{kind}.gold.json")),
                s.as_bytes(),
            )?;
        }
    }
    println!(
        "{stem}: {} scanned, {pages} pages in {:.1} s",
        kinds.join(" and "),
        stats.wall.as_secs_f64()
    );
    Ok(())
}

fn run(args: &Args) -> Result<(), String> {
    if args.image_only && !args.scan && args.scan_pdf.is_none() {
        return Err("--image-only needs --scan or --scan-pdf".to_string());
    }
    let jobs = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    if let Some(pdf) = &args.scan_pdf {
        return scan_other(args, pdf, jobs);
    }
    if args.scan {
        scan::check_tools()?;
    }
    if args.objectives == Some(0) {
        return Err("--objectives must be at least 1".to_string());
    }
    std::fs::create_dir_all(&args.out)
        .map_err(|e| format!("cannot create {}: {e}", args.out.display()))?;
    let (mut pdfs, mut scans, mut pages_total, mut scan_pages) = (0, 0, 0, 0);
    let mut scan_wall = std::time::Duration::ZERO;
    for index in 0..args.reports {
        let t = Instant::now();
        let spec = records::Spec {
            seed: args.seed,
            index,
            objectives: args.objectives,
            random_style: args.style == StyleArg::Random,
        };
        let mut template_log = None;
        let (report, name, rendered, style) = match args.style.template() {
            None => {
                let (r, name, rendered, style) =
                    pdf::build_styled(&spec, args.pages_min, args.compact);
                (Made::Scheda(r), name, rendered, style)
            }
            Some(t) => {
                let b = templates::build(&spec, t, args.pages_min);
                let mut style = templates::describe(&b.style);
                for (what, choice) in &b.choices {
                    style.push_str(&format!("; {what}: {choice}"));
                }
                template_log = Some(format!("  template {}: {style}", t.name()));
                (Made::Other(b.gold), b.name, b.rendered, b.style)
            }
        };
        let (objectives, indicators, kind) = report.counts();
        let pdf_path = args.out.join(format!("{name}.pdf"));
        write(&pdf_path, &rendered.bytes)?;
        let gold = report.gold_json(&format!("{name}.pdf"));
        write(&args.out.join(format!("{name}.gold.json")), gold.as_bytes())?;
        pdfs += 1;
        pages_total += rendered.pages;
        let spanning = rendered
            .objective_pages
            .iter()
            .filter(|p| p.len() > 1)
            .count();
        println!(
            "{name}.pdf: {} pages, {} objectives ({spanning} over two pages or more), {} indicators, {}, rotated page {}, {} ms",
            rendered.pages,
            objectives,
            indicators,
            kind,
            rendered
                .rotated_page
                .map_or("none".to_string(), |p| p.to_string()),
            t.elapsed().as_millis()
        );
        if let Some(log) = &template_log {
            println!("{log}");
        } else if !style.classic {
            let cut = |kind| rendered.cut_blocks.iter().filter(|k| **k == kind).count();
            println!(
                "  style: {}; cut across pages: {} schede, {} indicators",
                style.describe(),
                cut("scheda"),
                cut("indicator")
            );
        }
        if args.scan {
            let seed = scan_seed(args.seed, index);
            let job = scan::Job {
                pdf: &pdf_path,
                pages: rendered.pages,
                rotated_page: rendered.rotated_page,
                searchable: (!args.image_only).then(|| args.out.join(format!("{name}.scan.pdf"))),
                image_only: &args.out.join(format!("{name}.image.pdf")),
            };
            let stats = scan::scan(&job, seed, jobs)?;
            let kinds: &[&str] = if args.image_only {
                &["image"]
            } else {
                &["scan", "image"]
            };
            for kind in kinds {
                let gold = report.gold_json(&format!("{name}.{kind}.pdf"));
                write(
                    &args.out.join(format!("{name}.{kind}.gold.json")),
                    gold.as_bytes(),
                )?;
            }
            scans += 1;
            scan_pages += stats.pages;
            scan_wall += stats.wall;
            println!(
                "{}{name}.image.pdf: {} pages in {:.1} s ({:.1} s per page with {jobs} jobs; {:.1} s of work per page)",
                if args.image_only {
                    String::new()
                } else {
                    format!("{name}.scan.pdf, ")
                },
                stats.pages,
                stats.wall.as_secs_f64(),
                stats.wall.as_secs_f64() / stats.pages.max(1) as f64,
                stats.page_time.as_secs_f64() / stats.pages.max(1) as f64
            );
        }
    }
    println!(
        "wrote {pdfs} PDFs ({pages_total} pages) and {scans} scans ({scan_pages} pages{}) to {}",
        if scan_pages > 0 {
            format!(
                ", {:.1} s per page",
                scan_wall.as_secs_f64() / scan_pages as f64
            )
        } else {
            String::new()
        },
        args.out.display()
    );
    Ok(())
}
