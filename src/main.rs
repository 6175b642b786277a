//! The `pira` command line: parses arguments into a checked config, runs
//! it, and maps the outcome to an exit status. All work is in the library.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use pira::batch::{self, BatchConfig, Formats, Outcome};
use pira::Options;

/// Extract objectives, indicators and resources from Italian PIRA
/// performance reports (OCR text) into JSON and CSV.
#[derive(Parser)]
#[command(
    name = "pira",
    version,
    after_help = "Example:\n  pira extract fixtures/000_b2d698d42f0df24e.txt --out out/\n  pira extract archive/ --out out/ --format json,csv --jobs 2"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Convert reports (files or folders) into JSON and CSV.
    #[command(
        after_help = "Example:\n  pira extract fixtures/000_b2d698d42f0df24e.txt --out out/\n\n\
Writes out/<name>.json per input and out/objectives.csv, indicators.csv, resources.csv,\n\
warnings.csv, corrections.csv for the run. Exit status: 0 all converted, 1 an input\n\
failed (or --strict and a warning), 2 bad usage or no input."
    )]
    Extract(ExtractArgs),
    /// Rebuild the run-wide tables from the per-input JSON of earlier runs.
    #[command(
        after_help = "Example:\n  pira extract shard1/ --out out1/ && pira extract shard2/ --out out2/\n  pira merge out1/ out2/ --out all/\n\n\
Copies every per-input JSON into the output folder and writes the tables as one run over\n\
all inputs would. Exit status: 0 merged, 1 a file could not be merged, 2 bad usage."
    )]
    Merge(MergeArgs),
    /// Show a page as pira sees it: lines and their roles, the fields they became, corrections.
    #[command(
        after_help = "Example:\n  pira inspect fixtures/000_b2d698d42f0df24e.txt --page 4\n  pira inspect report.pdf --page 3 --png page3.png\n\n\
Exit status: 0 shown, 1 the input cannot be read, 2 bad usage or no such page."
    )]
    Inspect(InspectArgs),
}

#[derive(clap::Args)]
struct InspectArgs {
    /// The input to inspect.
    file: PathBuf,
    /// The page to show (default: every page).
    #[arg(long)]
    page: Option<u32>,
    /// Also draw the page (--page, else page 1) into this PNG: word boxes,
    /// lines, label column, table cells and the fields they became. PDF
    /// inputs only; a text input gets the annotated text alone.
    #[arg(long)]
    png: Option<PathBuf>,
}

#[derive(clap::Args)]
struct MergeArgs {
    /// Output folders of earlier `pira extract` runs.
    #[arg(required = true)]
    dirs: Vec<PathBuf>,
    /// Output folder.
    #[arg(long)]
    out: PathBuf,
    /// Run-wide tables to write.
    #[arg(long, value_delimiter = ',', default_value = "json,csv")]
    format: Vec<Format>,
    /// Write DIR/review.html for the merged run.
    #[arg(long)]
    html: bool,
    /// Write the CSV tables for Excel set to Italian: UTF-8 with BOM, ";"
    /// between fields, decimal commas.
    #[arg(long)]
    csv_excel: bool,
    /// Print only the failure lines.
    #[arg(long)]
    quiet: bool,
}

#[derive(clap::Args)]
struct ExtractArgs {
    /// Input files or folders (folders are walked for .pdf, .txt, .tsv, .hocr).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output folder.
    #[arg(long)]
    out: PathBuf,
    /// Run-wide tables to write besides the per-input JSON.
    #[arg(long, value_delimiter = ',', default_value = "json,csv")]
    format: Vec<Format>,
    /// Write DIR/review.html, one self-contained review page for the run.
    #[arg(long)]
    html: bool,
    /// Write the CSV tables for Excel set to Italian: UTF-8 with BOM, ";"
    /// between fields, decimal commas.
    #[arg(long)]
    csv_excel: bool,
    /// Threads in all: inputs converted in parallel, and a lone scanned
    /// PDF's pages OCR'd in parallel (default: one per core). The output is
    /// the same whatever N.
    #[arg(long, default_value_t = 0)]
    jobs: usize,
    /// When to OCR PDF pages: auto (pages without a usable text layer),
    /// always, or never (image-only inputs then fail).
    #[arg(long, value_enum, default_value = "auto")]
    ocr: OcrArg,
    /// Tesseract language(s) for OCR, e.g. "ita" or "ita+eng".
    #[arg(long)]
    lang: Option<String>,
    /// A vocabulary file adding labels, types, units, offices and words.
    #[arg(long)]
    vocab: Option<PathBuf>,
    /// A reviewer's CSV (source_file,objective_code,indicator_number,field,value)
    /// applied after extraction, each change logged with rule "reviewer".
    #[arg(long)]
    overrides: Option<PathBuf>,
    /// Redo inputs whose JSON is already up to date.
    #[arg(long)]
    force: bool,
    /// Exit with status 1 when any warning was raised.
    #[arg(long)]
    strict: bool,
    /// Print only the failure lines.
    #[arg(long)]
    quiet: bool,
    /// Time limit per input, in seconds: a longer conversion is that
    /// input's error.
    #[arg(long, default_value_t = 900)]
    timeout: u64,
    /// Inputs with more pages than this are refused (before any OCR).
    #[arg(long)]
    max_pages: Option<u32>,
    /// Time limit for OCR of one page, in seconds (default 120): a page
    /// Tesseract has not read by then is that input's error.
    #[arg(long)]
    ocr_timeout: Option<u64>,
    /// Take a searchable scan's text layer as it is, without OCR'ing its
    /// pages again to check it (faster; fields the scan's OCR got wrong
    /// then carry no warning).
    #[arg(long)]
    trust_text_layer: bool,
    /// Inputs larger than this many MiB are refused without being read.
    #[arg(long, default_value_t = 512)]
    max_input_mib: u64,
    /// Memory each input's conversion may use, in MiB: more is that input's
    /// error ("ran out of memory").
    #[arg(long, default_value_t = 4096)]
    max_memory_mib: u64,
    /// Convert inputs inside this process instead of one worker process
    /// per input (faster for many small text files; no protection against
    /// hangs or crashes).
    #[arg(long, hide = true)]
    in_process: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OcrArg {
    Auto,
    Always,
    Never,
}

impl From<OcrArg> for pira::read::OcrMode {
    fn from(a: OcrArg) -> Self {
        match a {
            OcrArg::Auto => Self::Auto,
            OcrArg::Always => Self::Always,
            OcrArg::Never => Self::Never,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Json,
    Csv,
    Xlsx,
}

fn formats(list: &[Format], html: bool, csv_excel: bool) -> Formats {
    Formats {
        csv: list.contains(&Format::Csv),
        csv_dialect: if csv_excel {
            pira::write::csv::Dialect::Excel
        } else {
            pira::write::csv::Dialect::Standard
        },
        xlsx: list.contains(&Format::Xlsx),
        html,
    }
}

/// A usage problem found while checking the arguments.
struct Usage(String);

fn main() -> ExitCode {
    // Panics are caught per input and reported as that input's error; the
    // default hook would print a second, noisier message.
    std::panic::set_hook(Box::new(|_| {}));
    if std::env::args().nth(1).as_deref() == Some(pira::worker::SUBCOMMAND) {
        return ExitCode::from(pira::worker::serve().clamp(0, 255) as u8);
    }
    // An interrupted run leaves no half-written or temporary files.
    let _ = ctrlc::set_handler(|| {
        pira::write::atomic::remove_temp_files();
        eprintln!("pira: interrupted");
        std::process::exit(130);
    });
    let cli = Cli::parse();
    match cli.command {
        Command::Extract(args) => match config(args) {
            Ok((config, strict, quiet)) => extract(&config, strict, quiet),
            Err(Usage(message)) => {
                eprintln!("pira: {message}");
                ExitCode::from(2)
            }
        },
        Command::Merge(args) => merge(&args),
        Command::Inspect(args) => inspect(&args),
    }
}

fn inspect(args: &InspectArgs) -> ExitCode {
    let input = match pira::Input::from_path(&args.file) {
        Ok(input) => input,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let options = Options::default();
    let view = match &args.png {
        Some(png) => {
            let page = args.page.unwrap_or(1);
            pira::inspect::draw(&input, &options, page, png).map(|drawn| {
                if !drawn.image_written {
                    eprintln!(
                        "pira: {}: a text input has no page image: {} not written (the annotated text is on stdout)",
                        input.name,
                        png.display()
                    );
                }
                drawn.text
            })
        }
        None => pira::inspect::inspect(&input, &options, args.page),
    };
    match view {
        Ok(view) => {
            print!("{view}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            // A page the document does not have is bad usage.
            let usage = matches!(e.kind(), pira::ErrorKind::NoSuchPage { .. });
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}

fn merge(args: &MergeArgs) -> ExitCode {
    if let Some(missing) = args.dirs.iter().find(|d| !d.is_dir()) {
        eprintln!("pira: {}: no such folder", missing.display());
        return ExitCode::from(2);
    }
    let formats = formats(&args.format, args.html, args.csv_excel);
    let summary = batch::merge(&args.dirs, &args.out, formats);
    report_failures(&summary);
    if !args.quiet {
        eprintln!(
            "pira: {} merged, {} failed, {} warnings",
            summary.skipped(),
            summary.failed(),
            summary.warnings()
        );
    }
    if summary.failed() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn report_failures(summary: &batch::Summary) {
    for (_, outcome) in &summary.outcomes {
        if let Outcome::Failed(message) = outcome {
            eprintln!("{message}");
        }
    }
    for message in &summary.table_errors {
        eprintln!("{message}");
    }
}

/// Checks the raw arguments; no work is done before this.
fn config(args: ExtractArgs) -> Result<(BatchConfig, bool, bool), Usage> {
    let extra_vocabulary = match &args.vocab {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .map_err(|e| Usage(format!("--vocab {}: {e}", path.display())))?,
        ),
        None => None,
    };
    let overrides = match &args.overrides {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Usage(format!("--overrides {}: {e}", path.display())))?;
            pira::review::read_overrides(&text)
                .map_err(|e| Usage(format!("--overrides {}: {e}", path.display())))?
        }
        None => Vec::new(),
    };
    let options = Options {
        ocr: args.ocr.into(),
        lang: args.lang.clone(),
        max_pages: args.max_pages,
        ocr_page_timeout: args.ocr_timeout,
        trust_text_layer: args.trust_text_layer,
        extra_vocabulary,
        overrides,
    };
    options
        .vocabulary()
        .map_err(|e| Usage(format!("--vocab: {e}")))?;
    if args.timeout == 0 {
        return Err(Usage("--timeout must be at least 1 second".into()));
    }
    let worker = match std::env::current_exe() {
        Ok(exe) if !args.in_process => Some(pira::worker::Worker {
            exe,
            timeout: std::time::Duration::from_secs(args.timeout),
            max_memory: Some(args.max_memory_mib.saturating_mul(1024 * 1024)),
        }),
        _ => None,
    };
    let config = BatchConfig {
        inputs: args.inputs,
        out: args.out,
        formats: formats(&args.format, args.html, args.csv_excel),
        jobs: args.jobs,
        options,
        force: args.force,
        worker,
        max_input_bytes: args.max_input_mib.saturating_mul(1024 * 1024),
    };
    Ok((config, args.strict, args.quiet))
}

/// A progress bar on stderr, drawn only when stderr is a terminal.
fn progress_bar(inputs: u64, quiet: bool) -> indicatif::ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(inputs);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:30} {pos}/{len} inputs, {elapsed} (eta {eta}) {wide_msg}",
    ) {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

fn extract(config: &BatchConfig, strict: bool, quiet: bool) -> ExitCode {
    let found = match batch::discover(&config.inputs) {
        Ok(found) => found,
        Err(e) => {
            eprintln!("pira: {e}");
            return ExitCode::from(2);
        }
    };
    let bar = progress_bar(found.len() as u64, quiet);
    let progress = |name: &str| {
        bar.set_message(name.to_string());
        bar.inc(1);
    };
    let summary = batch::run(config, &found, &progress);
    bar.finish_and_clear();
    report_failures(&summary);
    if !quiet {
        eprintln!(
            "pira: {} converted, {} skipped, {} failed, {} warnings",
            summary.converted(),
            summary.skipped(),
            summary.failed(),
            summary.warnings()
        );
    }
    if summary.failed() > 0 || (strict && summary.warnings() > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
