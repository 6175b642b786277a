//! Child processes with a time limit (workers, Tesseract): their pipes are
//! drained on threads so that a full pipe never blocks them, and a child
//! past its limit is killed.
//!
//! The parent sleeps until the child's pipes close (it has exited, or
//! closed them on its way out) rather than waking to look: polling every
//! few milliseconds through a run of Tesseract pages took a tenth of a
//! second of CPU for every ten seconds waited, in the worker's parent and
//! in the worker alike (docs/performance.md).

use std::io::Read;
use std::process::{Child, ExitStatus, Output};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Reads a child's pipe to its end on a thread, and says so on `closed`.
fn drain(pipe: Option<impl Read + Send + 'static>, closed: Sender<()>) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        let _ = closed.send(());
        bytes
    })
}

/// Waits for `child` up to `limit`; past it the child is killed and the
/// answer is `None`. Polls: for a child about to exit.
fn wait_within(child: &mut Child, limit: Duration) -> std::io::Result<Option<ExitStatus>> {
    let started = Instant::now();
    let mut pause = Duration::from_micros(200);
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if started.elapsed() >= limit {
            let _ = child.kill();
            let _ = child.wait();
            return Ok(None);
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(5));
    }
}

/// Sleeps until `pipes` pipes have said they closed, or `deadline`.
fn until_closed(closed: &Receiver<()>, pipes: usize, deadline: Instant) {
    for _ in 0..pipes {
        let left = deadline.saturating_duration_since(Instant::now());
        if closed.recv_timeout(left).is_err() {
            return;
        }
    }
}

/// A spawned child's output, or `None` when it ran past `limit` (and was
/// killed). Its stdout and stderr must be piped.
pub(crate) fn output_within(mut child: Child, limit: Duration) -> std::io::Result<Option<Output>> {
    let deadline = Instant::now() + limit;
    let (closed, on_close) = mpsc::channel();
    let stdout = drain(child.stdout.take(), closed.clone());
    let stderr = drain(child.stderr.take(), closed);
    until_closed(&on_close, 2, deadline);
    let left = deadline.saturating_duration_since(Instant::now());
    let Some(status) = wait_within(&mut child, left)? else {
        return Ok(None);
    };
    Ok(Some(Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::{Command, Stdio};

    fn piped(command: &mut Command) -> Child {
        command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("sh runs")
    }

    #[cfg(unix)]
    #[test]
    fn a_child_is_waited_for_to_its_end_and_its_output_kept() {
        let child = piped(Command::new("sh").args(["-c", "sleep 0.3; echo out; echo err >&2"]));
        let output = output_within(child, Duration::from_secs(30))
            .expect("waits")
            .expect("within the limit");
        assert!(output.status.success());
        assert_eq!(output.stdout, b"out\n");
        assert_eq!(output.stderr, b"err\n");
    }

    /// A child that closed its pipes but runs on is still stopped at the
    /// limit.
    #[cfg(unix)]
    #[test]
    fn a_child_past_its_limit_is_killed_even_with_its_pipes_closed() {
        let started = Instant::now();
        let child = piped(Command::new("sh").args(["-c", "exec >&- 2>&-; sleep 30"]));
        let output = output_within(child, Duration::from_millis(300)).expect("waits");
        assert!(output.is_none());
        assert!(started.elapsed() < Duration::from_secs(10));
    }
}
