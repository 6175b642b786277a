//! Atomic file writing: readers of the output folder see either the old file
//! or the complete new one, never a half-written file.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// Makes each temporary name of this process unique, even across threads.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// The temp files being written right now, so an interrupt can remove them.
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes every temp file still being written: called when the process is
/// interrupted (SIGINT), so an interrupted run leaves no temporary files.
pub fn remove_temp_files() {
    let paths = match IN_FLIGHT.lock() {
        Ok(mut paths) => std::mem::take(&mut *paths),
        Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
    };
    for path in paths {
        let _ = fs::remove_file(path);
    }
}

fn track(path: &Path) {
    if let Ok(mut paths) = IN_FLIGHT.lock() {
        paths.push(path.to_path_buf());
    }
}

fn untrack(path: &Path) {
    if let Ok(mut paths) = IN_FLIGHT.lock() {
        paths.retain(|p| p != path);
    }
}

/// Writes bytes to `path` atomically: a hidden temp file (`.<name>.tmp-<pid>-<n>`)
/// in the same directory, fsync, rename; the temp file is removed on any error.
///
/// An existing file at `path` is replaced. The directory must exist: a
/// missing one is an error and nothing is created. Errors keep their
/// [`io::ErrorKind`] and name `path` in their message.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_inner(path, bytes)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display())))
}

fn write_atomic_inner(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temp_name = OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(
        ".tmp-{}-{}",
        std::process::id(),
        TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let temp_path = dir.join(temp_name);

    // `create_new`: never truncate a file this call did not create, so the
    // guard below only ever removes our own temp file.
    track(&temp_path);
    let mut file = match OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp_path)
    {
        Ok(file) => file,
        Err(e) => {
            untrack(&temp_path);
            return Err(e);
        }
    };
    let guard = TempGuard(Some(temp_path));
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    if let Some(temp_path) = guard.path() {
        fs::rename(temp_path, path)?;
        untrack(temp_path);
    }
    guard.disarm();
    sync_dir(dir);
    Ok(())
}

/// Removes the temp file when dropped, unless disarmed after the rename.
/// Dropping also happens on early `?` returns and on unwinding.
struct TempGuard(Option<PathBuf>);

impl TempGuard {
    fn path(&self) -> Option<&Path> {
        self.0.as_deref()
    }

    fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            // Best effort: the original error is the one worth reporting.
            let _ = fs::remove_file(&path);
            untrack(&path);
        }
    }
}

/// Makes the rename itself durable. Best effort: the file is already
/// complete and in place, and some file systems refuse to sync a directory.
#[cfg(unix)]
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    #[test]
    fn writes_new_file_and_leaves_no_temp_file() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("report.json");
        write_atomic(&path, b"{}\n")?;
        assert_eq!(fs::read(&path)?, b"{}\n");
        assert_eq!(entries(dir.path()), ["report.json"]);
        Ok(())
    }

    #[test]
    fn replaces_existing_file() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("objectives.csv");
        fs::write(&path, "old content that is longer than the new one")?;
        write_atomic(&path, b"new")?;
        assert_eq!(fs::read(&path)?, b"new");
        write_atomic(&path, b"")?;
        assert_eq!(fs::read(&path)?, b"");
        assert_eq!(entries(dir.path()), ["objectives.csv"]);
        Ok(())
    }

    #[test]
    fn many_writes_leave_one_file() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("a.json");
        for i in 0..20 {
            write_atomic(&path, format!("{i}").as_bytes())?;
        }
        assert_eq!(fs::read_to_string(&path)?, "19");
        assert_eq!(entries(dir.path()), ["a.json"]);
        Ok(())
    }

    #[test]
    fn missing_directory_fails_and_creates_nothing() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("missing").join("report.json");
        let err = match write_atomic(&path, b"x") {
            Ok(()) => panic!("writing into a missing directory succeeded"),
            Err(e) => e,
        };
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
        assert!(err.to_string().contains("report.json"), "{err}");
        assert!(entries(dir.path()).is_empty());
        Ok(())
    }

    #[test]
    fn failed_rename_removes_temp_file() -> io::Result<()> {
        // The target is a non-empty directory: the temp file is written,
        // the rename fails, and the temp file must go.
        let dir = tempfile::tempdir()?;
        let target = dir.path().join("taken");
        fs::create_dir(&target)?;
        fs::write(target.join("inside"), "x")?;
        assert!(write_atomic(&target, b"data").is_err());
        assert_eq!(entries(dir.path()), ["taken"]);
        assert_eq!(entries(&target), ["inside"]);
        Ok(())
    }

    #[test]
    fn path_without_file_name_is_invalid_input() {
        for path in ["/", "..", ""] {
            match write_atomic(Path::new(path), b"x") {
                Ok(()) => panic!("{path:?} accepted"),
                Err(e) => assert_eq!(e.kind(), io::ErrorKind::InvalidInput, "{path:?}: {e}"),
            }
        }
    }
}
