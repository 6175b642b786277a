//! Inputs the fuzzers crashed on, replayed without the fuzzer.
//!
//! Every file under `tests/fuzz_regressions/TARGET/` goes through the same
//! checks as the fuzz target `TARGET` (`fuzz/src/checks.rs`, shared with
//! `fuzz/fuzz_targets/`): the entry point must not panic and its result must
//! keep the target's invariants. The committed seed corpus `fuzz/seeds/TARGET/`
//! is replayed too. See docs/development.md, "Fuzzing and hostile inputs", for
//! how to run the fuzzers and add a crash here.

#[path = "../fuzz/src/checks.rs"]
mod checks;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// The files of `dir` (relative to the crate root), sorted; none when it is
/// missing.
fn files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs `check` on every regression input and seed of `target`; fails with
/// the names of the inputs that panicked.
fn replay(target: &str, check: fn(&[u8])) {
    let mut inputs = files(&format!("tests/fuzz_regressions/{target}"));
    inputs.extend(files(&format!("fuzz/seeds/{target}")));
    let mut failed = Vec::new();
    for path in &inputs {
        let data = match std::fs::read(path) {
            Ok(d) => d,
            Err(e) => panic!("cannot read {}: {e}", path.display()),
        };
        if catch_unwind(AssertUnwindSafe(|| check(&data))).is_err() {
            failed.push(path.display().to_string());
        }
    }
    assert!(
        failed.is_empty(),
        "{target}: {} of {} inputs panicked: {failed:#?}",
        failed.len(),
        inputs.len()
    );
}

#[test]
fn numbers() {
    replay("numbers", checks::numbers);
}

#[test]
fn text_reader() {
    replay("text_reader", checks::text_reader);
}

#[test]
fn extract() {
    replay("extract", checks::extract);
}

#[test]
fn pdf_reader() {
    replay("pdf_reader", checks::pdf_reader);
}

/// The regression inputs are where the tests look for them: a renamed
/// folder would silently replay nothing.
#[test]
fn regression_inputs_are_found() {
    assert!(!files("tests/fuzz_regressions/text_reader").is_empty());
    for target in ["numbers", "text_reader", "extract", "pdf_reader"] {
        assert!(
            !files(&format!("fuzz/seeds/{target}")).is_empty(),
            "{target}"
        );
    }
}
