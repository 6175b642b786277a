//! Many inputs in one run: finding them, naming them, converting them in
//! parallel, and writing the per-input JSON and the run-wide tables.
//!
//! One bad input never stops the others: it is reported and counted.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, ErrorKind};
use crate::model::Report;
use crate::worker::{Job, Worker, WorkerResult};
use crate::write::{self, atomic::write_atomic};
use crate::{extract, Input, Options};

/// Extensions pira reads when walking a folder (any case).
pub const EXTENSIONS: [&str; 4] = ["pdf", "txt", "tsv", "hocr"];

/// Run-wide tables to write besides the per-input JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    pub csv: bool,
    /// How the CSV tables are written: for programs, or for Excel.
    pub csv_dialect: write::csv::Dialect,
    pub xlsx: bool,
    /// The review page, `review.html`.
    pub html: bool,
}

impl Default for Formats {
    fn default() -> Self {
        Formats {
            csv: true,
            csv_dialect: write::csv::Dialect::Standard,
            xlsx: false,
            html: false,
        }
    }
}

/// What a batch run needs, already checked.
#[derive(Debug, Clone)]
pub struct BatchConfig {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    pub formats: Formats,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    pub options: Options,
    /// Redo inputs whose JSON is already up to date.
    pub force: bool,
    /// Convert each input in a worker process (with a time limit) instead
    /// of in this process.
    pub worker: Option<Worker>,
    /// Inputs larger than this are refused without being read.
    pub max_input_bytes: u64,
}

/// The default input size limit: 512 MiB.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 512 * 1024 * 1024;

/// An input found on disk and the name it goes by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundInput {
    pub path: PathBuf,
    pub name: String,
}

impl FoundInput {
    /// `DIR/<name without extension, "/" as "__">.json`.
    pub fn json_name(&self) -> String {
        let stem = match self.name.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() && !ext.contains('/') => stem,
            _ => self.name.as_str(),
        };
        format!("{}.json", stem.replace('/', "__"))
    }
}

/// Why a batch could not start (exit status 2).
#[derive(Debug)]
pub enum UsageError {
    NoInput,
    Missing(PathBuf),
    Clash {
        first: String,
        second: String,
        file: String,
    },
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UsageError::NoInput => write!(f, "no input found (.pdf, .txt, .tsv, .hocr)"),
            UsageError::Missing(p) => write!(f, "{}: no such file or folder", p.display()),
            UsageError::Clash {
                first,
                second,
                file,
            } => {
                write!(
                    f,
                    "inputs {first} and {second} would both be written to {file}"
                )
            }
            UsageError::Io(p, e) => write!(f, "{}: {e}", p.display()),
        }
    }
}

/// What happened to one input.
#[derive(Debug)]
pub enum Outcome {
    Converted(Box<Report>),
    Skipped(Box<Report>),
    Failed(String),
}

/// The result of a run, input by input, in name order.
#[derive(Debug, Default)]
pub struct Summary {
    pub outcomes: Vec<(String, Outcome)>,
    /// Run-wide files that could not be written.
    pub table_errors: Vec<String>,
}

impl Summary {
    fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.outcomes.iter().filter(|(_, o)| f(o)).count()
    }
    pub fn converted(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Converted(_)))
    }
    pub fn skipped(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Skipped(_)))
    }
    pub fn failed(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Failed(_))) + self.table_errors.len()
    }
    /// Warnings over all reports of the run.
    pub fn warnings(&self) -> usize {
        self.reports().map(|r| r.warnings.len()).sum()
    }
    /// The reports of the run, converted or skipped.
    pub fn reports(&self) -> impl Iterator<Item = &Report> {
        self.outcomes.iter().filter_map(|(_, o)| match o {
            Outcome::Converted(r) | Outcome::Skipped(r) => Some(r.as_ref()),
            Outcome::Failed(_) => None,
        })
    }
}

/// Finds the inputs of a run and names them; fails on clashing names.
pub fn discover(args: &[PathBuf]) -> Result<Vec<FoundInput>, UsageError> {
    let mut found = Vec::new();
    for arg in args {
        if arg.is_dir() {
            walk(arg, arg, &mut found)?;
        } else if arg.is_file() {
            let name = arg.file_name().map_or_else(
                || arg.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            found.push(FoundInput {
                path: arg.clone(),
                name,
            });
        } else {
            return Err(UsageError::Missing(arg.clone()));
        }
    }
    if found.is_empty() {
        return Err(UsageError::NoInput);
    }
    found.sort_by(|a, b| a.name.cmp(&b.name).then(a.path.cmp(&b.path)));
    let mut seen: HashMap<String, &FoundInput> = HashMap::new();
    for f in &found {
        if let Some(first) = seen.insert(f.json_name(), f) {
            return Err(UsageError::Clash {
                first: describe(first),
                second: describe(f),
                file: f.json_name(),
            });
        }
    }
    Ok(found)
}

/// An input's name, with its path where the two differ.
fn describe(f: &FoundInput) -> String {
    let path = f.path.display().to_string();
    if path == f.name {
        path
    } else {
        format!("{} ({path})", f.name)
    }
}

fn walk(root: &Path, dir: &Path, found: &mut Vec<FoundInput>) -> Result<(), UsageError> {
    let entries = std::fs::read_dir(dir).map_err(|e| UsageError::Io(dir.to_path_buf(), e))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(root, &path, found)?;
        } else if has_known_extension(&path) {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let name = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            found.push(FoundInput { path, name });
        }
    }
    Ok(())
}

fn has_known_extension(path: &Path) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
}

/// Converts every input and writes the outputs. `progress` is called once
/// per finished input.
pub fn run(
    config: &BatchConfig,
    inputs: &[FoundInput],
    progress: &(dyn Fn(&str) + Sync),
) -> Summary {
    if let Err(e) = std::fs::create_dir_all(&config.out) {
        return Summary {
            outcomes: Vec::new(),
            table_errors: vec![format!(
                "{}: cannot create output folder: {e}",
                config.out.display()
            )],
        };
    }
    let threads = threads_per_input(config.jobs, inputs.len());
    let convert = || -> Vec<(String, Outcome)> {
        inputs
            .par_iter()
            .map(|f| {
                let outcome = convert_one(config, f, threads);
                progress(&f.name);
                (f.name.clone(), outcome)
            })
            .collect()
    };
    let outcomes = match rayon::ThreadPoolBuilder::new()
        .num_threads(config.jobs)
        .build()
    {
        Ok(pool) => pool.install(convert),
        Err(_) => convert(),
    };
    let mut summary = Summary {
        outcomes,
        table_errors: Vec::new(),
    };
    write_run_tables(&mut summary, &config.out, config.formats);
    summary
}

/// Rebuilds the run-wide files from the per-input JSON of earlier runs
/// (shards of one archive), as one run over all their inputs would write
/// them: the per-input JSON files are copied into `out` and the tables
/// are written from all of them.
pub fn merge(dirs: &[PathBuf], out: &Path, formats: Formats) -> Summary {
    let mut summary = Summary::default();
    if let Err(e) = std::fs::create_dir_all(out) {
        summary.table_errors.push(format!(
            "{}: cannot create output folder: {e}",
            out.display()
        ));
        return summary;
    }
    let mut by_name: std::collections::BTreeMap<String, (PathBuf, Vec<u8>)> = Default::default();
    for dir in dirs {
        for path in report_files(dir, &mut summary) {
            let file = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let Ok(bytes) = std::fs::read(&path) else {
                summary.outcomes.push((
                    file,
                    Outcome::Failed(format!("{}: cannot read", path.display())),
                ));
                continue;
            };
            match by_name.get(&file) {
                Some((first, known)) if *known != bytes => summary.outcomes.push((
                    file.clone(),
                    Outcome::Failed(format!(
                        "{}: differs from {} of the same name: not merged",
                        path.display(),
                        first.display()
                    )),
                )),
                Some(_) => {}
                None => {
                    by_name.insert(file, (path, bytes));
                }
            }
        }
    }
    for (file, (path, bytes)) in by_name {
        let outcome = match write::json::read_report(&bytes) {
            Ok(report) => match write_atomic(&out.join(&file), &bytes) {
                Ok(()) => Outcome::Skipped(Box::new(report)),
                Err(e) => Outcome::Failed(format!("{file}: cannot write: {e}")),
            },
            Err(e) => Outcome::Failed(format!("{}: not a pira report: {e}", path.display())),
        };
        summary.outcomes.push((file, outcome));
    }
    summary.outcomes.sort_by(|a, b| a.0.cmp(&b.0));
    write_run_tables(&mut summary, out, formats);
    summary
}

/// The `*.json` files of a folder, except hidden ones.
fn report_files(dir: &Path, summary: &mut Summary) -> Vec<PathBuf> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            summary.table_errors.push(format!("{}: {e}", dir.display()));
            return Vec::new();
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    paths.sort();
    paths
}

/// Writes the run-wide tables of a run's reports.
fn write_run_tables(summary: &mut Summary, out: &Path, formats: Formats) {
    if !formats.csv && !formats.xlsx && !formats.html {
        return;
    }
    let mut reports: Vec<Report> = summary.reports().cloned().collect();
    reports.sort_by(|a, b| a.source.file.cmp(&b.source.file));
    if formats.csv {
        if let Err(e) = write::csv::write_tables(out, &reports, formats.csv_dialect) {
            summary
                .table_errors
                .push(format!("{}: cannot write tables: {e}", out.display()));
        }
    }
    if formats.html {
        if let Err(e) = write::html::write_review(out, &reports) {
            summary
                .table_errors
                .push(format!("{}: cannot write review.html: {e}", out.display()));
        }
    }
    if formats.xlsx {
        if let Err(e) = write::xlsx::write_workbook(out, &reports) {
            summary
                .table_errors
                .push(format!("{}: cannot write pira.xlsx: {e}", out.display()));
        }
    }
}

/// One input: skipped when its JSON is up to date, else extracted and written.
/// The threads each input's conversion gets so that all together use
/// `jobs` (0: one per core): a lone scanned PDF OCRs its pages on every
/// core, many inputs run one thread each.
fn threads_per_input(jobs: usize, inputs: usize) -> usize {
    let cores = match jobs {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    (cores / cores.min(inputs).max(1)).max(1)
}

fn convert_one(config: &BatchConfig, found: &FoundInput, threads: usize) -> Outcome {
    let size = std::fs::metadata(&found.path).map(|m| m.len()).unwrap_or(0);
    if size > config.max_input_bytes {
        let e = Error::new(ErrorKind::TooLarge {
            limit: config.max_input_bytes,
            actual: size,
        });
        return Outcome::Failed(e.in_file(&found.name).to_string());
    }
    let bytes = match std::fs::read(&found.path) {
        Ok(b) => b,
        Err(e) => return Outcome::Failed(format!("{}: cannot read: {e}", found.name)),
    };
    let input = Input::from_bytes(found.name.clone(), bytes);
    let json_path = config.out.join(found.json_name());
    if !config.force {
        if let Some(report) = up_to_date(&json_path, &input, &config.options) {
            return Outcome::Skipped(Box::new(report));
        }
    }
    let converted = match &config.worker {
        Some(worker) => worker.convert(&Job {
            name: found.name.clone(),
            path: found.path.clone(),
            options: config.options.clone(),
            threads,
        }),
        None => in_process(&input, &config.options),
    };
    let (report, json) = match converted {
        Ok(done) => done,
        Err(message) => return Outcome::Failed(message),
    };
    match write_atomic(&json_path, &json) {
        Ok(()) => Outcome::Converted(Box::new(report)),
        Err(e) => Outcome::Failed(format!(
            "{}: cannot write {}: {e}",
            found.name,
            json_path.display()
        )),
    }
}

/// Extracts in this process; a panic becomes the input's error.
fn in_process(input: &Input, options: &Options) -> WorkerResult {
    match catch(|| extract(input, options)) {
        Ok(Ok(report)) => {
            let json = write::json::report_json(&report);
            Ok((report, json))
        }
        Ok(Err(e)) => Err(e.to_string()),
        Err(panic) => Err(format!("{}: internal error: {panic}", input.name)),
    }
}

/// The existing report for this input, if its sha256, version and options match.
fn up_to_date(json_path: &Path, input: &Input, options: &Options) -> Option<Report> {
    let bytes = std::fs::read(json_path).ok()?;
    let report = write::json::read_report(&bytes).ok()?;
    let same = report.source.sha256 == crate::input::sha256_hex(&input.bytes)
        && report.source.pira_version == env!("CARGO_PKG_VERSION")
        && report.source.options == options.to_json(&input.name)
        && report.source.file == input.name;
    same.then_some(report)
}

/// Runs `f`, turning a panic into its message: the last line of defence
/// that keeps one bad input from ending the batch.
fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|p| {
        p.downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_are_shared_between_inputs() {
        // (jobs, inputs, threads each)
        for (jobs, inputs, want) in [
            (2, 1, 2),
            (2, 2, 1),
            (2, 40, 1),
            (8, 3, 2),
            (1, 1, 1),
            (4, 0, 4),
        ] {
            assert_eq!(
                threads_per_input(jobs, inputs),
                want,
                "{jobs} jobs, {inputs} inputs"
            );
        }
        assert!(threads_per_input(0, 1) >= 1);
    }
}
