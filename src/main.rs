//! The `pira` command line: parses arguments into a checked config, runs
//! it, and maps the outcome to an exit status. All work is in the library.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use pira::batch::{self, BatchConfig, Formats};
use pira::Options;

/// mimalloc instead of the system allocator: pira makes many small
/// short-lived allocations (words, lines, cells), and glibc's malloc and
/// free took a fifth of the instructions of reading a text-layer PDF
/// (docs/performance.md). Built without transparent huge pages (its
/// `no_thp` feature, Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Extract objectives, indicators and resources from Italian PIRA
/// performance reports (PDF with a text layer, scanned PDF, OCR text,
/// Tesseract TSV or hOCR) into JSON, CSV and xlsx tables.
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
warnings.csv, corrections.csv, targets.csv and manifest.csv (each input's status) for the run. JSON files\n\
of earlier runs that no input claims are reported (--prune removes them). Exit status: 0 all\n\
converted, 1 an input failed (or --strict and a warning), 2 bad usage or no input."
    )]
    Extract(ExtractArgs),
    /// Rebuild the run-wide tables from the per-input JSON of earlier runs.
    #[command(
        after_help = "Example:\n  pira extract shard1/ --out out1/ && pira extract shard2/ --out out2/\n  pira merge out1/ out2/ --out all/\n\n\
Copies every per-input JSON into the output folder and writes the tables as one run over\n\
all inputs would. Each folder's manifest.csv says which inputs it holds; a folder without one is bad usage.\n\
Exit status: 0 merged, 1 an input failed (in its run, or could not be merged), 2 bad usage\n\
or nothing to merge."
    )]
    Merge(MergeArgs),
    /// Show a page as pira sees it: lines and their roles, the fields they became, corrections.
    #[command(
        after_help = "Example:\n  pira inspect fixtures/000_b2d698d42f0df24e.txt --page 4\n  pira inspect report.pdf --page 3 --png page3.png\n\n\
Shows what pira found even where it finds no report, and says what is missing.\n\
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

/// Where a run writes and what: shared by `extract` and `merge`.
#[derive(clap::Args)]
struct OutputArgs {
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
}

impl OutputArgs {
    fn formats(&self) -> Formats {
        Formats {
            csv: self.format.contains(&Format::Csv),
            csv_dialect: if self.csv_excel {
                pira::write::csv::Dialect::Excel
            } else {
                pira::write::csv::Dialect::Standard
            },
            xlsx: self.format.contains(&Format::Xlsx),
            html: self.html,
        }
    }
}

#[derive(clap::Args)]
struct MergeArgs {
    /// Output folders of earlier `pira extract` runs.
    #[arg(required = true)]
    dirs: Vec<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
    /// Remove the JSON files in the output folder that no merged input claims.
    #[arg(long)]
    prune: bool,
    /// Print only the failure lines.
    #[arg(long)]
    quiet: bool,
}

#[derive(clap::Args)]
struct ExtractArgs {
    /// Input files or folders (folders are walked for .pdf, .txt, .tsv, .hocr).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
    /// Threads in all: inputs converted in parallel, and a lone scanned
    /// PDF's pages OCR'd in parallel. The output is the same whatever N.
    /// [default: one per core]
    #[arg(long, value_name = "N", value_parser = at_least_one)]
    jobs: Option<u64>,
    /// When to OCR PDF pages: auto (pages without a usable text layer),
    /// always, or never (image-only inputs then fail).
    #[arg(long, value_enum, default_value = "auto")]
    ocr: OcrArg,
    /// Tesseract language(s) for OCR, e.g. "ita" or "ita+eng".
    #[arg(long, default_value = "ita")]
    lang: String,
    /// A vocabulary file adding labels, types, units, offices and words.
    #[arg(long, value_name = "FILE")]
    vocab: Option<PathBuf>,
    /// A reviewer's CSV (source_file,objective_code,indicator_number,field,value)
    /// applied after extraction, each change logged with rule "reviewer".
    #[arg(long, value_name = "FILE")]
    overrides: Option<PathBuf>,
    /// Redo inputs whose JSON is already up to date.
    #[arg(long)]
    force: bool,
    /// Remove the JSON files in the output folder that no input of this
    /// run claims (left by earlier runs, or by inputs that now fail).
    #[arg(long)]
    prune: bool,
    /// Exit with status 1 when any warning was raised.
    #[arg(long)]
    strict: bool,
    /// Print only the failure lines.
    #[arg(long)]
    quiet: bool,
    /// Time limit per input, in seconds: a longer conversion is that
    /// input's error.
    #[arg(long, value_name = "SECS", default_value_t = 900, value_parser = at_least_one)]
    timeout: u64,
    /// Inputs with more pages than this are refused (before any OCR).
    #[arg(long, value_name = "N", default_value_t = u64::from(pira::read::DEFAULT_MAX_PAGES), value_parser = at_least_one)]
    max_pages: u64,
    /// Time limit for OCR of one page, in seconds: a page Tesseract has
    /// not read by then is that input's error.
    #[arg(long, value_name = "SECS", default_value_t = pira::read::ocr::DEFAULT_PAGE_TIMEOUT.as_secs(), value_parser = at_least_one)]
    ocr_timeout: u64,
    /// Pages to render (scans, pages to OCR) are refused when their
    /// rendering at 300 dpi, or an image on them, has more megapixels than
    /// this: sizes are read from the PDF before anything is decoded.
    #[arg(long, value_name = "N", default_value_t = pira::read::DEFAULT_MAX_PIXELS / 1_000_000, value_parser = at_least_one)]
    max_megapixels: u64,
    /// Take a searchable scan's text layer as it is, without OCR'ing its
    /// pages again to check it (faster; fields the scan's OCR got wrong
    /// then carry no warning).
    #[arg(long)]
    trust_text_layer: bool,
    /// Inputs larger than this many MiB are refused without being read.
    #[arg(long, value_name = "MIB", default_value_t = 512, value_parser = at_least_one)]
    max_input_mib: u64,
    /// Memory each input's conversion may use, in MiB: more is that input's
    /// error ("ran out of memory").
    #[arg(long, value_name = "MIB", default_value_t = 4096, value_parser = at_least_one)]
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

/// A count or limit given on the command line: 1 or more.
fn at_least_one(text: &str) -> Result<u64, String> {
    match text.parse::<u64>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(format!("not a whole number: {e}")),
    }
}

/// A usage problem found while checking the arguments.
#[derive(Debug)]
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
    let formats = args.output.formats();
    let summary = match batch::merge(&args.dirs, &args.output.out, formats, args.prune) {
        Ok(summary) => summary,
        Err(e) => {
            eprintln!("pira: {e}");
            return ExitCode::from(2);
        }
    };
    report(&summary, args.quiet);
    if !args.quiet {
        eprintln!(
            "pira: {} merged, {} failed, {} warnings",
            summary.reported(),
            summary.failed(),
            summary.warnings()
        );
    }
    ExitCode::from(u8::from(summary.has_failures()))
}

/// The failure lines, then (unless `quiet`) the notes on left-over files.
fn report(summary: &batch::Summary, quiet: bool) {
    for failure in summary.outcomes.iter().filter_map(|o| o.failure()) {
        eprintln!("{failure}");
    }
    for message in &summary.table_errors {
        eprintln!("pira: {message}");
    }
    if quiet {
        return;
    }
    for path in &summary.ignored {
        eprintln!(
            "pira: {}: not merged: its folder's manifest does not list it",
            path.display()
        );
    }
    for path in &summary.unclaimed {
        let what = if summary.pruned {
            "removed"
        } else {
            "left from an earlier run (--prune removes it)"
        };
        eprintln!(
            "pira: {}: no input of this run claims it: {what}",
            path.display()
        );
    }
}

/// Checks the raw arguments and the output folder; no input is read
/// before this.
fn config(args: ExtractArgs) -> Result<(BatchConfig, bool, bool), Usage> {
    let read = |flag: &str, path: &PathBuf| {
        std::fs::read_to_string(path).map_err(|e| Usage(format!("{flag} {}: {e}", path.display())))
    };
    let extra_vocabulary = match &args.vocab {
        Some(path) => Some(read("--vocab", path)?),
        None => None,
    };
    let overrides = match &args.overrides {
        Some(path) => pira::read_overrides(&read("--overrides", path)?)
            .map_err(|e| Usage(format!("--overrides {}: {e}", path.display())))?,
        None => Vec::new(),
    };
    let options = Options {
        ocr: args.ocr.into(),
        lang: Some(args.lang),
        max_pages: Some(u32::try_from(args.max_pages).unwrap_or(u32::MAX)),
        ocr_page_timeout: Some(args.ocr_timeout),
        trust_text_layer: args.trust_text_layer,
        max_pixels: Some(args.max_megapixels.saturating_mul(1_000_000)),
        extra_vocabulary,
        overrides,
    };
    if let (Err(e), Some(path)) = (options.vocabulary(), &args.vocab) {
        return Err(Usage(format!("--vocab {}: {e}", path.display())));
    }
    batch::prepare_out(&args.output.out).map_err(|e| Usage(e.to_string()))?;
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
        formats: args.output.formats(),
        out: args.output.out,
        jobs: args
            .jobs
            .map_or(0, |n| usize::try_from(n).unwrap_or(usize::MAX)),
        options,
        force: args.force,
        worker,
        max_input_bytes: args.max_input_mib.saturating_mul(1024 * 1024),
        prune: args.prune,
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
    report(&summary, quiet);
    if !quiet {
        eprintln!(
            "pira: {} converted, {} skipped, {} failed, {} warnings",
            summary.converted(),
            summary.skipped(),
            summary.failed(),
            summary.warnings()
        );
    }
    if summary.has_failures() || (strict && summary.warnings() > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// The rerun key (`source.options`) of input `in.txt` under these
    /// `extract` arguments.
    fn key(out: &std::path::Path, args: &[String]) -> serde_json::Value {
        let mut argv: Vec<String> = ["pira", "extract", "in.txt"].map(String::from).to_vec();
        if !args.iter().any(|a| a == "--out") {
            argv.extend(["--out".to_string(), out.display().to_string()]);
        }
        argv.extend(args.iter().cloned());
        let cli = match Cli::try_parse_from(&argv) {
            Ok(cli) => cli,
            Err(e) => panic!("{argv:?}: {e}"),
        };
        let Command::Extract(args) = cli.command else {
            panic!("not extract");
        };
        match config(args) {
            Ok((config, _, _)) => config.options.to_json("in.txt"),
            Err(Usage(e)) => panic!("{argv:?}: {e}"),
        }
    }

    /// Every `extract` flag with a value other than its default, and
    /// whether it changes what a report holds (and so must change the key).
    fn flags(dir: &std::path::Path) -> Vec<(&'static str, Vec<String>, bool)> {
        let vocab = dir.join("my.vocab");
        let overrides = dir.join("fixes.csv");
        let _ = std::fs::write(&vocab, "[units]\nKILOMETRI\n");
        let _ = std::fs::write(
            &overrides,
            "source_file,objective_code,indicator_number,field,value\nin.txt,011-005-001,1,target,10\n",
        );
        let other_out = dir.join("elsewhere").display().to_string();
        let rows: [(&'static str, &[&str], bool); 21] = [
            ("out", &["--out", &other_out], false),
            ("format", &["--format", "json,xlsx"], false),
            ("html", &["--html"], false),
            ("csv_excel", &["--csv-excel"], false),
            ("jobs", &["--jobs", "3"], false),
            ("ocr", &["--ocr", "never"], true),
            ("lang", &["--lang", "ita+eng"], true),
            ("vocab", &["--vocab", &vocab.display().to_string()], true),
            (
                "overrides",
                &["--overrides", &overrides.display().to_string()],
                true,
            ),
            ("force", &["--force"], false),
            ("prune", &["--prune"], false),
            ("strict", &["--strict"], false),
            ("quiet", &["--quiet"], false),
            ("timeout", &["--timeout", "30"], false),
            ("max_pages", &["--max-pages", "10"], true),
            ("ocr_timeout", &["--ocr-timeout", "5"], true),
            ("max_megapixels", &["--max-megapixels", "50"], true),
            ("trust_text_layer", &["--trust-text-layer"], true),
            ("max_input_mib", &["--max-input-mib", "1"], false),
            ("max_memory_mib", &["--max-memory-mib", "100"], false),
            ("in_process", &["--in-process"], false),
        ];
        rows.into_iter()
            .map(|(id, args, changes)| (id, args.iter().map(|a| a.to_string()).collect(), changes))
            .collect()
    }

    #[test]
    fn the_rerun_key_changes_with_every_output_changing_flag_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("out");
        let table = flags(dir.path());
        let command = Cli::command();
        let extract = command
            .find_subcommand("extract")
            .expect("an extract subcommand");
        for arg in extract.get_arguments() {
            let id = arg.get_id().as_str();
            if arg.is_positional() || id == "help" {
                continue;
            }
            assert!(
                table.iter().any(|(flag, _, _)| *flag == id),
                "--{id} is not classified as output-changing or not"
            );
        }
        let base = key(&out, &[]);
        // The word list changes corrections: which one was used is in the key.
        assert_eq!(base["word_list"], pira::vocab::word_list_source());
        for (id, args, changes) in &table {
            let changed = key(&out, args) != base;
            assert_eq!(changed, *changes, "--{id}: key {}", key(&out, args));
        }
        // Defaults given explicitly are the defaults.
        let explicit = ["--ocr", "auto", "--lang", "ita", "--ocr-timeout", "120"];
        let explicit: Vec<String> = explicit.iter().map(|a| a.to_string()).collect();
        assert_eq!(key(&out, &explicit), base);
    }

    #[test]
    fn the_rerun_key_holds_the_vocabulary_content_not_its_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("out");
        let vocab = dir.path().join("my.vocab");
        let args = vec!["--vocab".to_string(), vocab.display().to_string()];
        std::fs::write(&vocab, "[units]\nKILOMETRI\n").expect("write");
        let first = key(&out, &args);
        std::fs::write(&vocab, "[units]\nMETRI\n").expect("write");
        assert_ne!(key(&out, &args), first, "same file name, other content");
    }
}
