//! Many inputs in one run: finding them, naming them, converting them in
//! parallel, and writing the per-input JSON and the run-wide tables.
//!
//! One bad input never stops the others: it is reported and counted.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, ErrorKind};
use crate::manifest::{self, Entry, Status};
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
    /// Remove the JSON files in `out` that no input of the run claims.
    pub prune: bool,
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
    /// The output folder is not one pira can write into.
    Out(PathBuf, String),
    /// A folder to merge has no usable manifest.
    Manifest(manifest::ReadError),
    /// The folders to merge hold no input at all.
    NothingToMerge,
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
            UsageError::Out(p, reason) => write!(f, "--out {}: {reason}", p.display()),
            UsageError::Manifest(e) => write!(f, "{e}"),
            UsageError::NothingToMerge => {
                write!(f, "nothing to merge: the folders' manifests list no input")
            }
        }
    }
}

/// What became of one input: its manifest row, and its report unless it
/// failed.
#[derive(Debug)]
pub struct InputOutcome {
    pub entry: Entry,
    pub report: Option<Box<Report>>,
}

impl InputOutcome {
    fn done(found: &FoundInput, status: Status, report: Report) -> InputOutcome {
        InputOutcome {
            entry: Entry {
                source_file: found.name.clone(),
                sha256: Some(report.source.sha256.clone()),
                status,
                reason: String::new(),
                json_file: Some(found.json_name()),
            },
            report: Some(Box::new(report)),
        }
    }

    fn failed(name: &str, sha256: Option<String>, reason: String) -> InputOutcome {
        InputOutcome {
            entry: Entry {
                source_file: name.to_string(),
                sha256,
                status: Status::Failed,
                reason,
                json_file: None,
            },
            report: None,
        }
    }

    /// The one-line error of a failed input.
    pub fn failure(&self) -> Option<&str> {
        (self.entry.status == Status::Failed).then_some(self.entry.reason.as_str())
    }
}

/// The result of a run, input by input, in name order.
#[derive(Debug, Default)]
pub struct Summary {
    pub outcomes: Vec<InputOutcome>,
    /// Run-wide files that could not be written.
    pub table_errors: Vec<String>,
    /// JSON files in the output folder that no input of the run claims:
    /// left by earlier runs (removed when `pruned`).
    pub unclaimed: Vec<PathBuf>,
    pub pruned: bool,
    /// For `merge`: JSON files in the merged folders that their manifest
    /// does not list, left out of the merge.
    pub ignored: Vec<PathBuf>,
}

impl Summary {
    fn count(&self, status: Status) -> usize {
        self.outcomes
            .iter()
            .filter(|o| o.entry.status == status)
            .count()
    }
    pub fn converted(&self) -> usize {
        self.count(Status::Converted)
    }
    pub fn skipped(&self) -> usize {
        self.count(Status::Skipped)
    }
    /// Inputs that failed (each counts once).
    pub fn failed(&self) -> usize {
        self.count(Status::Failed)
    }
    /// Inputs with a report: converted or skipped (for `merge`, merged).
    pub fn reported(&self) -> usize {
        self.outcomes.len() - self.failed()
    }
    /// Whether anything failed: an input, or a run-wide file.
    pub fn has_failures(&self) -> bool {
        self.failed() > 0 || !self.table_errors.is_empty()
    }
    /// Warnings over all reports of the run.
    pub fn warnings(&self) -> usize {
        self.reports().map(|r| r.warnings.len()).sum()
    }
    /// The reports of the run, converted or skipped.
    pub fn reports(&self) -> impl Iterator<Item = &Report> {
        self.outcomes.iter().filter_map(|o| o.report.as_deref())
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

/// Checks, before any input is read, that `out` is a folder pira can
/// write into, creating it (and its parents) when missing.
pub fn prepare_out(out: &Path) -> Result<(), UsageError> {
    let bad = |reason: String| UsageError::Out(out.to_path_buf(), reason);
    if out.exists() && !out.is_dir() {
        return Err(bad("not a folder (a file of that name exists)".into()));
    }
    std::fs::create_dir_all(out).map_err(|e| bad(format!("cannot create the folder: {e}")))?;
    tempfile::Builder::new()
        .prefix(".pira-write-check")
        .tempfile_in(out)
        .map(drop)
        .map_err(|e| bad(format!("cannot write into the folder: {e}")))
}

/// Converts every input and writes the outputs: the per-input JSON, the
/// run-wide tables and the manifest. `progress` is called once per
/// finished input.
pub fn run(
    config: &BatchConfig,
    inputs: &[FoundInput],
    progress: &(dyn Fn(&str) + Sync),
) -> Summary {
    let threads = threads_per_input(config.jobs, inputs.len());
    let convert = || -> Vec<InputOutcome> {
        inputs
            .par_iter()
            .map(|f| {
                let outcome = convert_one(config, f, threads);
                progress(&f.name);
                outcome
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
        ..Summary::default()
    };
    finish(&mut summary, &config.out, config.formats, config.prune);
    summary
}

/// Rebuilds the run-wide files from earlier runs' output folders (shards
/// of one archive), as one run over all their inputs would write them.
/// Each folder's manifest says which inputs it holds: their JSON files are
/// copied into `out`, the inputs that failed there stay failed, and the
/// tables and manifest are written for all of them.
///
/// A folder without a manifest, or no input in any, is bad usage.
pub fn merge(
    dirs: &[PathBuf],
    out: &Path,
    formats: Formats,
    prune: bool,
) -> Result<Summary, UsageError> {
    let mut shards = Vec::with_capacity(dirs.len());
    for dir in dirs {
        let entries = manifest::read(dir).map_err(UsageError::Manifest)?;
        shards.push((dir, entries));
    }
    if shards.iter().all(|(_, entries)| entries.is_empty()) {
        return Err(UsageError::NothingToMerge);
    }
    prepare_out(out)?;
    let mut summary = Summary::default();
    let mut by_name: BTreeMap<String, ShardReport> = BTreeMap::new();
    for (dir, entries) in &shards {
        summary.ignored.extend(manifest::unclaimed(dir, entries));
        for entry in entries {
            if let Some(outcome) = take_shard_entry(dir, entry, &mut by_name) {
                summary.outcomes.push(outcome);
            }
        }
    }
    for (name, report) in by_name {
        summary.outcomes.push(copy_report(&name, &report, out));
    }
    summary
        .outcomes
        .sort_by(|a, b| a.entry.source_file.cmp(&b.entry.source_file));
    finish(&mut summary, out, formats, prune);
    Ok(summary)
}

/// An input's JSON file in a merged folder, and how it got there.
struct ShardReport {
    path: PathBuf,
    bytes: Vec<u8>,
    status: Status,
}

/// One row of a shard's manifest: a failure carried over as it is, or the
/// input's JSON file noted in `by_name` (`None`); the same input in two
/// shards must have the same JSON.
fn take_shard_entry(
    dir: &Path,
    entry: &Entry,
    by_name: &mut BTreeMap<String, ShardReport>,
) -> Option<InputOutcome> {
    let name = &entry.source_file;
    let Some(json) = entry
        .json_file
        .as_deref()
        .filter(|_| entry.status != Status::Failed)
    else {
        return Some(InputOutcome {
            entry: entry.clone(),
            report: None,
        });
    };
    let path = dir.join(json);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            let reason = format!("{}: cannot read: {e}", path.display());
            return Some(InputOutcome::failed(name, entry.sha256.clone(), reason));
        }
    };
    match by_name.get(name) {
        Some(first) if first.bytes != bytes => Some(InputOutcome::failed(
            name,
            entry.sha256.clone(),
            format!(
                "{}: differs from {} for the same input {name}: not merged",
                path.display(),
                first.path.display()
            ),
        )),
        Some(_) => None,
        None => {
            let status = entry.status;
            by_name.insert(
                name.clone(),
                ShardReport {
                    path,
                    bytes,
                    status,
                },
            );
            None
        }
    }
}

/// A shard's report for input `name`, checked and copied into `out`.
fn copy_report(name: &str, shard: &ShardReport, out: &Path) -> InputOutcome {
    let (path, bytes) = (&shard.path, shard.bytes.as_slice());
    let report = match write::json::read_report(bytes) {
        Ok(report) if report.source.file == name => report,
        Ok(report) => {
            let reason = format!(
                "{}: holds the report of {}, not of {name}",
                path.display(),
                report.source.file
            );
            return InputOutcome::failed(name, None, reason);
        }
        Err(e) => {
            let reason = format!("{}: not a pira report: {e}", path.display());
            return InputOutcome::failed(name, None, reason);
        }
    };
    let found = FoundInput {
        path: path.to_path_buf(),
        name: name.to_string(),
    };
    match write_atomic(&out.join(found.json_name()), bytes) {
        Ok(()) => InputOutcome::done(&found, shard.status, report),
        Err(e) => InputOutcome::failed(name, Some(report.source.sha256), format!("{name}: {e}")),
    }
}

/// The end of a run or merge: the run-wide tables, the manifest, and the
/// JSON files no input claims (removed when `prune`).
fn finish(summary: &mut Summary, out: &Path, formats: Formats, prune: bool) {
    write_run_tables(summary, out, formats);
    let entries: Vec<Entry> = summary.outcomes.iter().map(|o| o.entry.clone()).collect();
    if let Err(e) = manifest::write(out, &entries) {
        summary.table_errors.push(e.to_string());
    }
    let unclaimed = manifest::unclaimed(out, &entries);
    if prune {
        for path in &unclaimed {
            if let Err(e) = std::fs::remove_file(path) {
                summary
                    .table_errors
                    .push(format!("{}: cannot remove: {e}", path.display()));
            }
        }
        summary.pruned = true;
    }
    summary.unclaimed.extend(unclaimed);
}

/// Writes the run-wide tables of a run's reports.
fn write_run_tables(summary: &mut Summary, out: &Path, formats: Formats) {
    if !formats.csv && !formats.xlsx && !formats.html {
        return;
    }
    let mut reports: Vec<Report> = summary.reports().cloned().collect();
    reports.sort_by(|a, b| a.source.file.cmp(&b.source.file));
    let mut failed = |result: std::io::Result<()>| {
        if let Err(e) = result {
            summary.table_errors.push(e.to_string());
        }
    };
    if formats.csv {
        failed(write::csv::write_tables(out, &reports, formats.csv_dialect).map(drop));
    }
    if formats.html {
        failed(write::html::write_review(out, &reports).map(drop));
    }
    if formats.xlsx {
        failed(write::xlsx::write_workbook(out, &reports).map(drop));
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

fn convert_one(config: &BatchConfig, found: &FoundInput, threads: usize) -> InputOutcome {
    let failed = |sha256, reason| InputOutcome::failed(&found.name, sha256, reason);
    let size = std::fs::metadata(&found.path).map(|m| m.len()).unwrap_or(0);
    if size > config.max_input_bytes {
        let e = Error::new(ErrorKind::TooLarge {
            limit: config.max_input_bytes,
            actual: size,
        });
        return failed(None, e.in_file(&found.name).to_string());
    }
    let bytes = match std::fs::read(&found.path) {
        Ok(b) => b,
        Err(e) => return failed(None, format!("{}: cannot read: {e}", found.name)),
    };
    let input = Input::from_bytes(found.name.clone(), bytes);
    // The report names its input's sha256 itself: here it is worked out
    // only for an input that fails.
    let sha256 = || Some(input.sha256());
    let json_path = config.out.join(found.json_name());
    if !config.force {
        if let Some(report) = up_to_date(&json_path, &input, &config.options) {
            return InputOutcome::done(found, Status::Skipped, report);
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
        Err(message) => return failed(sha256(), message),
    };
    match write_atomic(&json_path, &json) {
        Ok(()) => InputOutcome::done(found, Status::Converted, report),
        // The error names the file it could not write.
        Err(e) => failed(sha256(), format!("{}: {e}", found.name)),
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
    let same = report.source.sha256 == input.sha256()
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
