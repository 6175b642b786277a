//! Converting one input in a worker process (pira running itself), so that
//! what `catch_unwind` cannot stop (a hang, a stack overflow, an abort, a
//! runaway allocation) ends that input, not the batch.
//!
//! Protocol: the parent runs `pira __worker` and writes one [`Job`] (with
//! the worker's memory limit) as JSON on its stdin; the worker answers on stdout with the report's JSON
//! (exit 0) or with the input's one-line error (exit 3).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::model::Report;
use crate::write::json::{read_report, report_json};
use crate::{extract, Input, Options};

/// The hidden subcommand that runs a worker.
pub const SUBCOMMAND: &str = "__worker";

/// Exit status of a worker whose input failed cleanly.
const INPUT_FAILED: i32 = 3;

/// One input to convert.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Job {
    pub name: String,
    pub path: PathBuf,
    pub options: Options,
    /// Threads the conversion may use (OCR pages in parallel); 0: one per
    /// core.
    #[serde(default)]
    pub threads: usize,
}

/// What the parent writes on a worker's stdin.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Request {
    job: Job,
    /// Memory the worker may allocate, in bytes (`None`: no limit).
    max_memory: Option<u64>,
}

/// How the parent runs workers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worker {
    /// The pira executable.
    pub exe: PathBuf,
    /// Wall-clock limit per input.
    pub timeout: Duration,
    /// Memory limit per worker, in bytes (the data segment, which is what
    /// allocations grow; `None`: no limit).
    pub max_memory: Option<u64>,
}

/// What came back from a worker: the report and its JSON bytes, or the
/// input's one-line error.
pub type WorkerResult = Result<(Report, Vec<u8>), String>;

impl Worker {
    /// Converts one input in a child process.
    pub fn convert(&self, job: &Job) -> WorkerResult {
        let fail = |reason: String| Err(format!("{}: {reason}", job.name));
        let request = Request {
            job: job.clone(),
            max_memory: self.max_memory,
        };
        let request = serde_json::to_vec(&request).map_err(|e| format!("{}: {e}", job.name))?;
        let mut child = match Command::new(&self.exe)
            .arg(SUBCOMMAND)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .env("OMP_THREAD_LIMIT", "1")
            .spawn()
        {
            Ok(child) => child,
            Err(e) => {
                return fail(format!(
                    "cannot start a worker ({}): {e}",
                    self.exe.display()
                ))
            }
        };
        if let Some(mut stdin) = child.stdin.take() {
            // A worker that died before reading shows in its exit status.
            let _ = stdin.write_all(&request);
        }
        let output = match crate::process::output_within(child, self.timeout) {
            Ok(Some(output)) => output,
            Ok(None) => return fail(format!("timed out after {} s", self.timeout.as_secs())),
            Err(e) => return fail(format!("lost the worker: {e}")),
        };
        let (status, errors, output) = (output.status, output.stderr, output.stdout);
        if ran_out_of_memory(&errors) {
            let limit = self.max_memory.unwrap_or(0) / (1024 * 1024);
            return fail(format!(
                "ran out of memory (over the limit of {limit} MiB; see --max-memory-mib)"
            ));
        }
        match status.code() {
            Some(0) => read_report(&output)
                .map(|report| (report, output))
                .map_err(|e| format!("{}: worker sent a bad report: {e}", job.name)),
            Some(INPUT_FAILED) => Err(String::from_utf8_lossy(&output).trim().to_string()),
            Some(code) => fail(format!("worker failed with exit status {code}")),
            None => fail(crashed(&status)),
        }
    }
}

/// Whether the worker died on a failed allocation: Rust's allocation error
/// handler prints this before it aborts.
fn ran_out_of_memory(stderr: &[u8]) -> bool {
    String::from_utf8_lossy(stderr).contains("memory allocation of")
}

#[cfg(unix)]
fn crashed(status: &std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match status.signal() {
        Some(signal) => format!(
            "crashed (signal {signal}): the file may be malformed in a way pira cannot survive"
        ),
        None => "crashed".into(),
    }
}

#[cfg(not(unix))]
fn crashed(_: &std::process::ExitStatus) -> String {
    "crashed".into()
}

/// The worker side: reads a job on stdin, answers on stdout, returns the
/// exit status.
pub fn serve() -> i32 {
    let mut request = Vec::new();
    if std::io::stdin().read_to_end(&mut request).is_err() {
        return 2;
    }
    let Ok(Request { job, max_memory }) = serde_json::from_slice(&request) else {
        return 2;
    };
    if let Some(bytes) = max_memory {
        limit_memory(bytes);
    }
    if job.threads > 0 {
        // Only fails if a pool exists already, which it does not here.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(job.threads)
            .build_global();
    }
    let (answer, code) = match run_job(&job) {
        Ok(bytes) => (bytes, 0),
        Err(message) => (message.into_bytes(), INPUT_FAILED),
    };
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(&answer)
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return 2;
    }
    code
}

fn run_job(job: &Job) -> Result<Vec<u8>, String> {
    inject_fault(&job.name);
    let bytes = read_input(&job.path).map_err(|e| format!("{}: cannot read: {e}", job.name))?;
    let input = Input::from_bytes(job.name.clone(), bytes);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        extract(&input, &job.options)
    }));
    match outcome {
        Ok(Ok(report)) => Ok(report_json(&report)),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(format!(
            "{}: internal error (a bug in pira; please report it)",
            job.name
        )),
    }
}

/// Caps the data segment, so a runaway allocation fails inside this worker
/// (and the OCR tools it starts) instead of exhausting the machine.
#[cfg(unix)]
fn limit_memory(bytes: u64) {
    // Without the limit the input is still converted, as in-process runs are.
    let _ = rlimit::setrlimit(rlimit::Resource::DATA, bytes, bytes);
}

#[cfg(not(unix))]
fn limit_memory(_: u64) {}

/// Test hook, in debug builds only: `PIRA_WORKER_FAULT=hang:NAME` or
/// `abort:NAME` makes the worker for input NAME hang or abort, and
/// `alloc:NAME` makes it allocate 64 GiB, so the tests can check that the
/// batch survives what `catch_unwind` cannot stop.
fn inject_fault(name: &str) {
    if !cfg!(debug_assertions) {
        return;
    }
    let Ok(fault) = std::env::var("PIRA_WORKER_FAULT") else {
        return;
    };
    match fault.split_once(':') {
        Some(("hang", target)) if target == name => loop {
            std::thread::sleep(Duration::from_secs(60));
        },
        Some(("abort", target)) if target == name => std::process::abort(),
        Some(("alloc", target)) if target == name => {
            let hog = vec![1u8; 64 << 30];
            std::hint::black_box(hog);
        }
        _ => {}
    }
}

fn read_input(path: &Path) -> std::io::Result<Vec<u8>> {
    std::fs::read(path)
}
