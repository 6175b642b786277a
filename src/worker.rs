//! Converting one input in a worker process (pira running itself), so that
//! what `catch_unwind` cannot stop (a hang, a stack overflow, an abort, a
//! runaway allocation) ends that input, not the batch.
//!
//! Protocol: the parent runs `pira __worker` and writes one [`Job`] as
//! JSON on its stdin; the worker answers on stdout with the report's JSON
//! (exit 0) or with the input's one-line error (exit 3).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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
}

/// How the parent runs workers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worker {
    /// The pira executable.
    pub exe: PathBuf,
    /// Wall-clock limit per input.
    pub timeout: Duration,
}

/// What came back from a worker: the report and its JSON bytes, or the
/// input's one-line error.
pub type WorkerResult = Result<(Report, Vec<u8>), String>;

impl Worker {
    /// Converts one input in a child process.
    pub fn convert(&self, job: &Job) -> WorkerResult {
        let fail = |reason: String| Err(format!("{}: {reason}", job.name));
        let request = serde_json::to_vec(job).map_err(|e| format!("{}: {e}", job.name))?;
        let mut child = match Command::new(&self.exe)
            .arg(SUBCOMMAND)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
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
        let reader = child.stdout.take().map(|mut out| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                let _ = out.read_to_end(&mut bytes);
                bytes
            })
        });
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if started.elapsed() >= self.timeout => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return fail(format!("timed out after {} s", self.timeout.as_secs()));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(5)),
                Err(e) => return fail(format!("lost the worker: {e}")),
            }
        };
        let output = reader.and_then(|r| r.join().ok()).unwrap_or_default();
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
    let Ok(job) = serde_json::from_slice::<Job>(&request) else {
        return 2;
    };
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

/// Test hook, in debug builds only: `PIRA_WORKER_FAULT=hang:NAME` or
/// `abort:NAME` makes the worker for input NAME hang or abort, so the tests
/// can check that the batch survives what `catch_unwind` cannot stop.
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
        _ => {}
    }
}

fn read_input(path: &Path) -> std::io::Result<Vec<u8>> {
    std::fs::read(path)
}
