//! The `pira` binary, run as a user runs it, in temporary folders: output
//! files, exit statuses and stderr per the command line contract
//! (`pira extract INPUT... --out DIR`).
//!
//! Golden files: `golden_files_for_the_sample` compares what
//! `pira extract fixtures/000_b2d698d42f0df24e.txt --out DIR` writes (the
//! per-input JSON and the six CSV tables) byte for byte with the files under
//! `tests/golden/`. When the output changes on purpose, rewrite them with
//!
//! ```text
//! PIRA_UPDATE_GOLDEN=1 cargo test --test cli golden
//! ```
//!
//! review the diff (`git diff tests/golden/`) and commit it with the change.
//! With `PIRA_UPDATE_GOLDEN=1` set, that test writes the files and passes.

mod common;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::path::Path;
use std::process::Command;

use tempfile::TempDir;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The per-input JSON and run-wide tables written for one input.
const TABLES: [&str; 6] = [
    "corrections.csv",
    "indicators.csv",
    "objectives.csv",
    "resources.csv",
    "targets.csv",
    "warnings.csv",
];

/// What one run of the binary did.
#[derive(Debug)]
struct Run {
    status: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The stderr lines.
    fn lines(&self) -> Vec<&str> {
        self.stderr.lines().collect()
    }

    /// The summary line (the last stderr line), parsed.
    fn summary(&self) -> Summary {
        let last = self.stderr.lines().last().unwrap_or_default();
        match Summary::parse(last) {
            Some(s) => s,
            None => panic!("no summary line at the end of stderr:\n{}", self.stderr),
        }
    }
}

/// "pira: 1 converted, 0 skipped, 0 failed, 19 warnings".
#[derive(Debug, PartialEq, Eq)]
struct Summary {
    converted: usize,
    skipped: usize,
    failed: usize,
    warnings: usize,
}

impl Summary {
    fn parse(line: &str) -> Option<Summary> {
        let rest = line.strip_prefix("pira: ")?;
        let mut counts = BTreeMap::new();
        for part in rest.split(", ") {
            let (n, what) = part.split_once(' ')?;
            counts.insert(what, n.parse::<usize>().ok()?);
        }
        Some(Summary {
            converted: *counts.get("converted")?,
            skipped: *counts.get("skipped")?,
            failed: *counts.get("failed")?,
            warnings: *counts.get("warnings")?,
        })
    }
}

/// Runs `pira ARGS...` in `cwd`.
fn pira<I, S>(cwd: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let output = Command::new(env!("CARGO_BIN_EXE_pira"))
        .args(args)
        .current_dir(cwd)
        .env_remove("PIRA_UPDATE_GOLDEN")
        .output();
    match output {
        Ok(o) => Run {
            status: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        },
        Err(e) => panic!("cannot run pira: {e}"),
    }
}

fn tempdir() -> TempDir {
    match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("cannot create a temporary folder: {e}"),
    }
}

/// Writes a file, creating its folders.
fn put(path: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(parent) = path.parent() {
        if let Err(e) = fs::create_dir_all(parent) {
            panic!("cannot create {}: {e}", parent.display());
        }
    }
    if let Err(e) = fs::write(path, bytes) {
        panic!("cannot write {}: {e}", path.display());
    }
}

/// Copies the sample to `path`.
fn put_sample(path: &Path) {
    put(path, common::sample_text());
}

/// The files directly in `dir`, by name, with their bytes. A missing folder
/// has no files.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let bytes = fs::read(entry.path()).unwrap_or_default();
        found.insert(name, bytes);
    }
    found
}

fn names(files: &BTreeMap<String, Vec<u8>>) -> Vec<&str> {
    files.keys().map(String::as_str).collect()
}

/// The names pira should write for these per-input JSON files, sorted.
fn expected_names(json: &[&str]) -> Vec<String> {
    let mut all: Vec<String> = json
        .iter()
        .chain(TABLES.iter())
        .chain(&["manifest.csv"])
        .map(|s| s.to_string())
        .collect();
    all.sort();
    all
}

/// Writes are atomic through hidden temporary files: none may be left.
fn assert_no_temp_files(dir: &Path) {
    let hidden: Vec<String> = files(dir)
        .into_keys()
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(
        hidden.is_empty(),
        "temporary files left in {}: {hidden:?}",
        dir.display()
    );
}

/// One column of a CSV table written by pira, row by row.
fn csv_column(bytes: &[u8], column: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(bytes);
    let index = match reader.headers() {
        Ok(h) => h.iter().position(|c| c == column),
        Err(e) => panic!("unreadable CSV header: {e}"),
    };
    let Some(index) = index else {
        panic!("no column {column}");
    };
    reader
        .records()
        .map(|r| match r {
            Ok(record) => record.get(index).unwrap_or_default().to_string(),
            Err(e) => panic!("unreadable CSV row: {e}"),
        })
        .collect()
}

/// Where two byte strings first differ, by line, for a readable failure.
fn first_difference(expected: &[u8], got: &[u8]) -> String {
    let expected_lines: Vec<&[u8]> = expected.split(|b| *b == b'\n').collect();
    let got_lines: Vec<&[u8]> = got.split(|b| *b == b'\n').collect();
    for (i, (e, g)) in expected_lines.iter().zip(&got_lines).enumerate() {
        if e != g {
            return format!(
                "line {}:\n  golden: {}\n  got:    {}",
                i + 1,
                String::from_utf8_lossy(e),
                String::from_utf8_lossy(g)
            );
        }
    }
    format!(
        "{} lines in the golden file, {} written",
        expected_lines.len(),
        got_lines.len()
    )
}

// ---------------------------------------------------------------------------
// (a) golden files

#[test]
fn golden_files_for_the_sample() {
    let tmp = tempdir();
    let out = tmp.path().join("out");
    let run = pira(
        tmp.path(),
        [
            OsStr::new("extract"),
            common::sample_path().as_os_str(),
            OsStr::new("--out"),
            out.as_os_str(),
        ],
    );
    assert_eq!(run.status, Some(0), "{run:?}");
    let written = files(&out);
    let json_name = "000_b2d698d42f0df24e.json";
    assert_eq!(names(&written), expected_names(&[json_name]));

    let golden = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("golden");
    if std::env::var_os("PIRA_UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        for (name, bytes) in &written {
            put(&golden.join(name), bytes);
        }
        eprintln!("golden files rewritten in {}", golden.display());
        return;
    }
    let mut failures = Vec::new();
    for (name, got) in &written {
        match fs::read(golden.join(name)) {
            Ok(expected) if &expected == got => {}
            Ok(expected) => failures.push(format!(
                "{name} differs from tests/golden/{name}: {}",
                first_difference(&expected, got)
            )),
            Err(e) => failures.push(format!("tests/golden/{name}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n(if the change is intended: PIRA_UPDATE_GOLDEN=1 cargo test --test cli golden)",
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------
// (b) bad inputs, exit statuses, stderr

/// Bytes that are clearly not text: NULs and control bytes, no report.
fn garbage() -> Vec<u8> {
    let mut bytes = b"\x00\x01\x02\x03PK\x03\x04\x7fELF".to_vec();
    bytes.extend((0u32..4096).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    bytes
}

#[test]
fn bad_inputs_fail_one_line_each_and_good_ones_are_written() {
    let tmp = tempdir();
    let input = tmp.path().join("in");
    put(&input.join("empty.txt"), "");
    put(&input.join("garbage.txt"), garbage());
    put(
        &input.join("notes.txt"),
        "Relazione sulla performance 2020\n\nNessuna scheda obiettivo in questo testo.\n",
    );
    put(&input.join("good.txt"), common::clean_report());
    let run = pira(tmp.path(), ["extract", "in", "--out", "out"]);
    assert_eq!(run.status, Some(1), "{run:?}");

    let lines = run.lines();
    assert_eq!(
        lines.len(),
        4,
        "three failure lines and the summary: {lines:?}"
    );
    for name in ["empty.txt", "garbage.txt", "notes.txt"] {
        let prefix = format!("{name}: ");
        let matching: Vec<&&str> = lines.iter().filter(|l| l.starts_with(&prefix)).collect();
        assert_eq!(matching.len(), 1, "one line for {name}: {lines:?}");
        assert!(
            matching[0].len() > prefix.len() + 3,
            "no reason given for {name}: {lines:?}"
        );
    }
    let lower = run.stderr.to_lowercase();
    assert!(
        !lower.contains("panic") && !lower.contains("backtrace"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.summary(),
        Summary {
            converted: 1,
            skipped: 0,
            failed: 3,
            warnings: 0
        }
    );

    let out = tmp.path().join("out");
    let written = files(&out);
    assert_eq!(names(&written), expected_names(&["good.json"]));
    assert_eq!(
        csv_column(&written["objectives.csv"], "source_file"),
        ["good.txt"]
    );
    assert_no_temp_files(&out);
}

#[test]
fn quiet_leaves_only_the_failure_lines() {
    let tmp = tempdir();
    put(&tmp.path().join("empty.txt"), "");
    put(&tmp.path().join("good.txt"), common::clean_report());
    let run = pira(
        tmp.path(),
        [
            "extract",
            "empty.txt",
            "good.txt",
            "--out",
            "out",
            "--quiet",
        ],
    );
    assert_eq!(run.status, Some(1), "{run:?}");
    let lines = run.lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("empty.txt: "), "{lines:?}");
    assert!(files(&tmp.path().join("out")).contains_key("good.json"));
}

#[test]
fn no_input_found_is_exit_2() {
    let tmp = tempdir();
    fs::create_dir(tmp.path().join("empty")).ok();
    // Hidden files and unknown extensions are not inputs either.
    put(
        &tmp.path().join("skipped/.hidden.txt"),
        common::clean_report(),
    );
    put(
        &tmp.path().join("skipped/.git/x.txt"),
        common::clean_report(),
    );
    put(&tmp.path().join("skipped/notes.md"), "# notes\n");
    for folder in ["empty", "skipped"] {
        let run = pira(tmp.path(), ["extract", folder, "--out", "out"]);
        assert_eq!(run.status, Some(2), "{folder}: {run:?}");
        assert!(run.stderr.contains("no input found"), "{folder}: {run:?}");
        assert!(files(&tmp.path().join("out")).is_empty(), "{folder}");
    }
}

#[test]
fn bad_usage_is_exit_2() {
    let tmp = tempdir();
    put(&tmp.path().join("good.txt"), common::clean_report());
    let cases: [&[&str]; 4] = [
        &["extract", "missing.txt", "--out", "out"],
        &["extract", "good.txt"],
        &["extract", "--out", "out"],
        &["extract", "good.txt", "--out", "out", "--format", "pdf"],
    ];
    for args in cases {
        let run = pira(tmp.path(), args);
        assert_eq!(run.status, Some(2), "{args:?}: {run:?}");
        assert!(!run.stderr.is_empty(), "{args:?}: no message");
        assert!(files(&tmp.path().join("out")).is_empty(), "{args:?}");
    }
    let run = pira(tmp.path(), ["extract", "missing.txt", "--out", "out"]);
    assert!(run.stderr.contains("missing.txt"), "{run:?}");
}

#[test]
fn clashing_output_names_are_exit_2_and_write_nothing() {
    let tmp = tempdir();
    put(&tmp.path().join("a/x.txt"), common::clean_report());
    put(&tmp.path().join("b/x.txt"), common::report_with_warnings());
    // Two inputs in one folder whose names differ only by extension.
    put(&tmp.path().join("c/x.txt"), common::clean_report());
    put(&tmp.path().join("c/x.tsv"), "whatever");
    let out = tmp.path().join("out");
    fs::create_dir(&out).ok();

    let run = pira(
        tmp.path(),
        ["extract", "a/x.txt", "b/x.txt", "--out", "out"],
    );
    assert_eq!(run.status, Some(2), "{run:?}");
    assert!(run.stderr.contains("x.txt"), "{run:?}");
    assert!(run.stderr.contains("x.json"), "{run:?}");
    assert!(files(&out).is_empty(), "written: {:?}", names(&files(&out)));

    let run = pira(tmp.path(), ["extract", "c", "--out", "out"]);
    assert_eq!(run.status, Some(2), "{run:?}");
    for name in ["x.txt", "x.tsv", "x.json"] {
        assert!(run.stderr.contains(name), "{name} not named: {run:?}");
    }
    assert!(files(&out).is_empty(), "written: {:?}", names(&files(&out)));
}

/// Two files given directly share the name "x.txt": the message names
/// their paths so the user can tell which files clash.
#[test]
fn clash_of_files_names_both_paths() {
    let tmp = tempdir();
    put(&tmp.path().join("a/x.txt"), common::clean_report());
    put(&tmp.path().join("b/x.txt"), common::clean_report());
    let run = pira(
        tmp.path(),
        ["extract", "a/x.txt", "b/x.txt", "--out", "out"],
    );
    assert_eq!(run.status, Some(2), "{run:?}");
    assert!(run.stderr.contains("a/x.txt"), "{}", run.stderr);
    assert!(run.stderr.contains("b/x.txt"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------
// (c) reruns, --force, --jobs

#[test]
fn rerun_skips_and_force_reconverts() {
    let tmp = tempdir();
    put_sample(&tmp.path().join("report.txt"));
    let out = tmp.path().join("out");
    let args = ["extract", "report.txt", "--out", "out"];

    let first = pira(tmp.path(), args);
    assert_eq!(first.status, Some(0), "{first:?}");
    let summary = first.summary();
    assert_eq!((summary.converted, summary.skipped), (1, 0), "{first:?}");
    assert!(summary.warnings > 0, "the sample has warnings: {first:?}");
    let written = files(&out);
    assert_eq!(names(&written), expected_names(&["report.json"]));

    let second = pira(tmp.path(), args);
    assert_eq!(second.status, Some(0), "{second:?}");
    assert_eq!(
        second.summary(),
        Summary {
            converted: 0,
            skipped: 1,
            failed: 0,
            warnings: summary.warnings
        },
        "a skipped input still counts its warnings"
    );
    // The tables are rebuilt from the JSON read back: the same bytes. The
    // manifest says the input was skipped.
    let mut rerun = files(&out);
    let manifest = rerun.remove("manifest.csv").unwrap_or_default();
    assert!(
        String::from_utf8_lossy(&manifest).contains(",skipped,,report.json"),
        "{}",
        String::from_utf8_lossy(&manifest)
    );
    let mut tables = written.clone();
    tables.remove("manifest.csv");
    assert_eq!(rerun, tables, "a rerun changed the output");

    let forced = pira(
        tmp.path(),
        ["extract", "report.txt", "--out", "out", "--force"],
    );
    assert_eq!(forced.status, Some(0), "{forced:?}");
    assert_eq!(
        (forced.summary().converted, forced.summary().skipped),
        (1, 0),
        "{forced:?}"
    );
    assert_eq!(files(&out), written, "--force changed the output");
    assert_no_temp_files(&out);
}

/// Writes `path` (a per-input JSON) back as an earlier pira wrote it:
/// `schema_version` 1, without the version 2 fields.
fn downgrade_to_version_1(path: &Path) {
    let mut doc: serde_json::Value =
        match serde_json::from_slice(&fs::read(path).unwrap_or_default()) {
            Ok(doc) => doc,
            Err(e) => panic!("{}: {e}", path.display()),
        };
    doc["schema_version"] = serde_json::json!(1);
    let drop = |v: &mut serde_json::Value, keys: &[&str]| {
        if let Some(o) = v.as_object_mut() {
            keys.iter().for_each(|k| drop(o.shift_remove(*k)));
        }
    };
    drop(&mut doc, &["template"]);
    for objective in doc["objectives"].as_array_mut().into_iter().flatten() {
        for r in objective["resources"].as_array_mut().into_iter().flatten() {
            drop(r, &["year", "budget_item"]);
        }
        for i in objective["indicators"].as_array_mut().into_iter().flatten() {
            drop(i, &["kpi_code", "targets", "achievement_stated"]);
        }
    }
    put(path, serde_json::to_string_pretty(&doc).unwrap_or_default());
}

/// A JSON of schema_version 1 (an earlier pira's) is stale: a rerun converts
/// its input again, and `merge` refuses it, naming the version.
#[test]
fn version_1_json_is_reconverted_and_not_merged() {
    let tmp = tempdir();
    put(&tmp.path().join("r.txt"), common::clean_report());
    let args = ["extract", "r.txt", "--out", "out"];
    assert_eq!(pira(tmp.path(), args).status, Some(0));
    let json = tmp.path().join("out/r.json");
    let current = fs::read(&json).unwrap_or_default();
    downgrade_to_version_1(&json);

    let merged = pira(tmp.path(), ["merge", "out", "--out", "m"]);
    assert_eq!(merged.status, Some(1), "{merged:?}");
    assert!(
        merged.stderr.contains("schema_version 1 is not supported"),
        "{}",
        merged.stderr
    );

    let rerun = pira(tmp.path(), args);
    assert_eq!(rerun.status, Some(0), "{rerun:?}");
    assert_eq!((rerun.summary().converted, rerun.summary().skipped), (1, 0));
    assert_eq!(fs::read(&json).unwrap_or_default(), current);
}

#[test]
fn changed_input_is_reconverted() {
    let tmp = tempdir();
    let input = tmp.path().join("r.txt");
    put(&input, common::clean_report());
    let args = ["extract", "r.txt", "--out", "out"];
    assert_eq!(pira(tmp.path(), args).summary().converted, 1);
    assert_eq!(pira(tmp.path(), args).summary().skipped, 1);
    put(&input, common::report_with_warnings());
    let run = pira(tmp.path(), args);
    assert_eq!((run.summary().converted, run.summary().skipped), (1, 0));
    let json = String::from_utf8_lossy(&files(&tmp.path().join("out"))["r.json"]).into_owned();
    assert!(
        json.contains("\"032-003-005\""),
        "the JSON is not the new report's"
    );
}

#[test]
fn output_is_the_same_whatever_jobs() {
    let tmp = tempdir();
    let input = tmp.path().join("in");
    put_sample(&input.join("sample.txt"));
    put(&input.join("clean.txt"), common::clean_report());
    put(
        &input.join("sub/warnings.txt"),
        common::report_with_warnings(),
    );
    put(&input.join("sub/deeper/clean.txt"), common::clean_report());

    let one = pira(
        tmp.path(),
        ["extract", "in", "--out", "out1", "--jobs", "1"],
    );
    assert_eq!(one.status, Some(0), "{one:?}");
    let two = pira(
        tmp.path(),
        ["extract", "in", "--out", "out2", "--jobs", "2"],
    );
    assert_eq!(two.status, Some(0), "{two:?}");
    assert_eq!(one.summary(), two.summary());
    assert_eq!(one.summary().converted, 4);

    let (out1, out2) = (
        files(&tmp.path().join("out1")),
        files(&tmp.path().join("out2")),
    );
    assert_eq!(
        names(&out1),
        expected_names(&[
            "clean.json",
            "sample.json",
            "sub__deeper__clean.json",
            "sub__warnings.json"
        ])
    );
    assert_eq!(names(&out1), names(&out2));
    for (name, bytes) in &out1 {
        assert!(
            &out2[name] == bytes,
            "{name} differs between --jobs 1 and --jobs 2: {}",
            first_difference(bytes, &out2[name])
        );
    }
    assert_no_temp_files(&tmp.path().join("out1"));
    assert_no_temp_files(&tmp.path().join("out2"));
}

// ---------------------------------------------------------------------------
// (d) --strict, --quiet

#[test]
fn strict_fails_on_warnings() {
    let tmp = tempdir();
    put(
        &tmp.path().join("warnings.txt"),
        common::report_with_warnings(),
    );
    put(&tmp.path().join("clean.txt"), common::clean_report());

    let lenient = pira(tmp.path(), ["extract", "warnings.txt", "--out", "a"]);
    assert_eq!(lenient.status, Some(0), "{lenient:?}");
    assert!(lenient.summary().warnings > 0, "{lenient:?}");

    let strict = pira(
        tmp.path(),
        ["extract", "warnings.txt", "--out", "b", "--strict"],
    );
    assert_eq!(strict.status, Some(1), "{strict:?}");
    // A warning is no failure: the report is still written.
    assert!(files(&tmp.path().join("b")).contains_key("warnings.json"));
    assert_eq!(strict.summary().failed, 0);

    let clean = pira(
        tmp.path(),
        ["extract", "clean.txt", "--out", "c", "--strict"],
    );
    assert_eq!(clean.status, Some(0), "{clean:?}");
    assert_eq!(clean.summary().warnings, 0, "{clean:?}");
}

#[test]
fn quiet_clean_run_prints_nothing() {
    let tmp = tempdir();
    put(&tmp.path().join("clean.txt"), common::clean_report());
    let run = pira(
        tmp.path(),
        [
            "extract",
            "clean.txt",
            "--out",
            "out",
            "--quiet",
            "--strict",
        ],
    );
    assert_eq!(run.status, Some(0), "{run:?}");
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout, "");
    assert_eq!(
        names(&files(&tmp.path().join("out"))),
        expected_names(&["clean.json"])
    );
}

// ---------------------------------------------------------------------------
// (e) atomic writes

#[test]
fn no_temp_files_even_over_old_output() {
    let tmp = tempdir();
    put(&tmp.path().join("r.txt"), common::report_with_warnings());
    let out = tmp.path().join("out");
    // Old tables of another run are replaced, not appended to.
    put(&out.join("objectives.csv"), "stale\n");
    put(&out.join("r.json"), "{ not json");
    let run = pira(tmp.path(), ["extract", "r.txt", "--out", "out"]);
    assert_eq!(run.status, Some(0), "{run:?}");
    assert_eq!(run.summary().converted, 1, "a broken JSON is redone");
    let written = files(&out);
    assert_eq!(names(&written), expected_names(&["r.json"]));
    assert!(written["objectives.csv"].starts_with(b"source_file,year,code,"));
    assert_no_temp_files(&out);
}

// ---------------------------------------------------------------------------
// (f) help

#[test]
fn help_has_examples() {
    let tmp = tempdir();
    for args in [vec!["--help"], vec!["extract", "--help"]] {
        let run = pira(tmp.path(), &args);
        assert_eq!(run.status, Some(0), "{args:?}: {run:?}");
        assert!(run.stdout.contains("Example"), "{args:?}: {}", run.stdout);
        assert!(
            run.stdout.contains("pira extract"),
            "{args:?}: {}",
            run.stdout
        );
    }
    let run = pira(tmp.path(), ["extract", "--help"]);
    for option in [
        "--out", "--format", "--jobs", "--force", "--strict", "--quiet",
    ] {
        assert!(run.stdout.contains(option), "{option}: {}", run.stdout);
    }
    let run = pira(tmp.path(), ["--version"]);
    assert_eq!(run.status, Some(0));
    assert!(run.stdout.contains(env!("CARGO_PKG_VERSION")), "{run:?}");
}

// ---------------------------------------------------------------------------
// (g) names of inputs found in folders

#[test]
fn folder_inputs_are_named_by_relative_path() -> TestResult {
    let tmp = tempdir();
    let input = tmp.path().join("archive");
    put(&input.join("sub/r.txt"), common::clean_report());
    put(&input.join("a/b/deep.TXT"), common::clean_report());
    put(&input.join("top.txt"), common::report_with_warnings());
    put(&input.join(".hidden.txt"), common::clean_report());
    put(&input.join("readme.md"), "not an input");

    let run = pira(tmp.path(), ["extract", "archive", "--out", "out"]);
    assert_eq!(run.status, Some(0), "{run:?}");
    assert_eq!(run.summary().converted, 3, "{run:?}");
    let out = tmp.path().join("out");
    let written = files(&out);
    assert_eq!(
        names(&written),
        expected_names(&["a__b__deep.json", "sub__r.json", "top.json"])
    );

    for (file, name) in [
        ("sub__r.json", "sub/r.txt"),
        ("a__b__deep.json", "a/b/deep.TXT"),
        ("top.json", "top.txt"),
    ] {
        let json: serde_json::Value = serde_json::from_slice(&written[file])?;
        assert_eq!(json["source"]["file"], name, "{file}");
    }
    // Rows ordered by source_file, then document order.
    assert_eq!(
        csv_column(&written["objectives.csv"], "source_file"),
        ["a/b/deep.TXT", "sub/r.txt", "top.txt"]
    );
    assert_eq!(
        csv_column(&written["objectives.csv"], "code"),
        ["011-005-002", "011-005-002", "032-003-005"]
    );
    assert_no_temp_files(&out);
    Ok(())
}

#[test]
fn file_inputs_are_named_by_file_name() -> TestResult {
    let tmp = tempdir();
    put(&tmp.path().join("deep/down/r.txt"), common::clean_report());
    let run = pira(
        tmp.path(),
        [
            "extract",
            "deep/down/r.txt",
            "--out",
            "out",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.status, Some(0), "{run:?}");
    let written = files(&tmp.path().join("out"));
    // `--format json` writes the per-input JSON (and the manifest) only.
    assert_eq!(names(&written), ["manifest.csv", "r.json"]);
    let json: serde_json::Value = serde_json::from_slice(&written["r.json"])?;
    assert_eq!(json["source"]["file"], "r.txt");
    Ok(())
}

// ---------------------------------------------------------------------------
// merge

/// Shards converted by separate runs and merged give the same files, byte
/// for byte, as one run over all the inputs.
#[test]
fn merged_shards_equal_one_run() {
    let tmp = tempdir();
    put_sample(&tmp.path().join("a.txt"));
    put(&tmp.path().join("b.txt"), common::clean_report());
    put(&tmp.path().join("c.txt"), common::report_with_warnings());
    let all = pira(
        tmp.path(),
        ["extract", "a.txt", "b.txt", "c.txt", "--out", "all"],
    );
    assert_eq!(all.status, Some(0), "{all:?}");
    for (inputs, shard) in [(&["a.txt"][..], "s1"), (&["b.txt", "c.txt"][..], "s2")] {
        let mut args = vec!["extract"];
        args.extend(inputs);
        args.extend(["--out", shard]);
        let run = pira(tmp.path(), args);
        assert_eq!(run.status, Some(0), "{run:?}");
    }
    let merged = pira(tmp.path(), ["merge", "s1", "s2", "--out", "merged"]);
    assert_eq!(merged.status, Some(0), "{merged:?}");
    assert!(merged.stderr.contains("3 merged"), "{}", merged.stderr);
    let (one, shards) = (
        files(&tmp.path().join("all")),
        files(&tmp.path().join("merged")),
    );
    assert_eq!(names(&one), names(&shards));
    for (name, bytes) in &one {
        assert!(
            &shards[name] == bytes,
            "{name} differs: {}",
            first_difference(bytes, &shards[name])
        );
    }
    assert_no_temp_files(&tmp.path().join("merged"));
}

/// Two shards holding different reports under one name cannot be merged.
#[test]
fn merge_refuses_conflicting_reports() {
    let tmp = tempdir();
    put(&tmp.path().join("x/r.txt"), common::clean_report());
    put(&tmp.path().join("y/r.txt"), common::report_with_warnings());
    assert_eq!(
        pira(tmp.path(), ["extract", "x/r.txt", "--out", "s1"]).status,
        Some(0)
    );
    assert_eq!(
        pira(tmp.path(), ["extract", "y/r.txt", "--out", "s2"]).status,
        Some(0)
    );
    let merged = pira(tmp.path(), ["merge", "s1", "s2", "--out", "m"]);
    assert_eq!(merged.status, Some(1), "{merged:?}");
    assert!(merged.stderr.contains("differs from"), "{}", merged.stderr);
}

// ---------------------------------------------------------------------------
// interrupts

/// SIGINT in the middle of a batch: exit status 130 and no temporary or
/// half-written files in the output folder.
#[test]
fn interrupt_leaves_no_temp_files() {
    let tmp = tempdir();
    for i in 0..60 {
        put_sample(&tmp.path().join(format!("in/r{i:02}.txt")));
    }
    let child = Command::new(env!("CARGO_BIN_EXE_pira"))
        .args(["extract", "in", "--out", "out", "--force"])
        .current_dir(tmp.path())
        .stderr(std::process::Stdio::null())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => panic!("cannot run pira: {e}"),
    };
    // Wait until some outputs exist, then interrupt.
    let out = tmp.path().join("out");
    let started = std::time::Instant::now();
    while files(&out).len() < 3 && started.elapsed() < std::time::Duration::from_secs(30) {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    assert!(killed.is_ok_and(|s| s.success()), "cannot send SIGINT");
    let status = child.wait().map(|s| s.code());
    assert_eq!(
        status.ok().flatten(),
        Some(130),
        "interrupted run exits 130"
    );
    assert_no_temp_files(&out);
    for (name, bytes) in files(&out) {
        assert!(
            serde_json::from_slice::<serde_json::Value>(&bytes).is_ok(),
            "{name} is not complete JSON"
        );
    }
}

/// `--format xlsx` adds `pira.xlsx`; `json` alone writes no table.
#[test]
fn format_selects_the_run_wide_files() {
    let tmp = tempdir();
    put(&tmp.path().join("r.txt"), common::clean_report());
    let run = pira(
        tmp.path(),
        ["extract", "r.txt", "--out", "x", "--format", "json,xlsx"],
    );
    assert_eq!(run.status, Some(0), "{run:?}");
    assert_eq!(
        names(&files(&tmp.path().join("x"))),
        ["manifest.csv", "pira.xlsx", "r.json"]
    );
    let run = pira(
        tmp.path(),
        ["extract", "r.txt", "--out", "j", "--format", "json"],
    );
    assert_eq!(run.status, Some(0), "{run:?}");
    assert_eq!(
        names(&files(&tmp.path().join("j"))),
        ["manifest.csv", "r.json"]
    );
}

// ---------------------------------------------------------------------------
// worker processes

/// An input whose conversion hangs is stopped at --timeout (10 s, so a debug
/// build on a loaded machine still converts the good input in time), one whose
/// conversion aborts the process is reported; the others are written.
#[test]
fn hangs_and_crashes_end_their_input_only() {
    let tmp = tempdir();
    for name in ["good.txt", "hangs.txt", "aborts.txt"] {
        put(&tmp.path().join("in").join(name), common::clean_report());
    }
    for (fault, expected) in [
        ("hang:hangs.txt", "hangs.txt: timed out after 10 s"),
        ("abort:aborts.txt", "aborts.txt: crashed"),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_pira"))
            .args([
                "extract",
                "in",
                "--out",
                "out",
                "--timeout",
                "10",
                "--force",
            ])
            .current_dir(tmp.path())
            .env("PIRA_WORKER_FAULT", fault)
            .output();
        let output = match output {
            Ok(o) => o,
            Err(e) => panic!("cannot run pira: {e}"),
        };
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(expected), "{fault}: {stderr}");
        assert!(tmp.path().join("out/good.json").is_file(), "{stderr}");
    }
}

/// A conversion that allocates past --max-memory-mib ends with that input's
/// one-line error; the rest of the batch is written, and the default limit
/// leaves room for real inputs.
#[test]
fn runaway_allocation_ends_its_input_only() {
    let tmp = tempdir();
    for name in ["good.txt", "hog.txt"] {
        put(&tmp.path().join("in").join(name), common::clean_report());
    }
    let output = Command::new(env!("CARGO_BIN_EXE_pira"))
        .args(["extract", "in", "--out", "out", "--max-memory-mib", "512"])
        .current_dir(tmp.path())
        .env("PIRA_WORKER_FAULT", "alloc:hog.txt")
        .output()
        .expect("pira runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("hog.txt: "))
        .collect();
    assert_eq!(
        lines,
        ["hog.txt: ran out of memory (over the limit of 512 MiB; see --max-memory-mib)"],
        "{stderr}"
    );
    assert!(tmp.path().join("out/good.json").is_file(), "{stderr}");
    assert!(!tmp.path().join("out/hog.json").exists(), "{stderr}");
}

/// An input over the size limit is refused without being read, with the
/// contract's one-line error.
#[test]
fn inputs_over_the_size_limit_are_refused() {
    let tmp = tempdir();
    put(&tmp.path().join("in/small.txt"), common::clean_report());
    let report = common::clean_report();
    let over_a_mib = report.repeat(1 + (1 << 20) / report.len());
    put(&tmp.path().join("in/big.txt"), over_a_mib);
    let run = pira(
        tmp.path(),
        ["extract", "in", "--out", "out", "--max-input-mib", "1"],
    );
    assert_eq!(run.status, Some(1), "{run:?}");
    assert!(run.stderr.contains("big.txt: input of"), "{}", run.stderr);
    assert!(run.stderr.contains("over the limit"), "{}", run.stderr);
    assert_eq!(run.summary().converted, 1, "{}", run.stderr);
}

// ---------------------------------------------------------------------------
// (issue 14) output a person can trust

/// The rows of a run's manifest: (source_file, status, reason, json_file).
fn manifest(dir: &Path) -> Vec<[String; 4]> {
    let bytes = fs::read(dir.join("manifest.csv")).unwrap_or_default();
    let column = |name| csv_column(&bytes, name);
    let (names, statuses, reasons, json) = (
        column("source_file"),
        column("status"),
        column("reason"),
        column("json_file"),
    );
    (0..names.len())
        .map(|i| {
            [
                names[i].clone(),
                statuses[i].clone(),
                reasons[i].clone(),
                json[i].clone(),
            ]
        })
        .collect()
}

#[test]
fn a_vocabulary_entry_without_letters_is_a_line_numbered_usage_error() {
    let tmp = tempdir();
    put(&tmp.path().join("r.txt"), common::clean_report());
    put(&tmp.path().join("my.vocab"), "# mine\n[no_history]\n'\n");
    let run = pira(
        tmp.path(),
        ["extract", "r.txt", "--out", "out", "--vocab", "my.vocab"],
    );
    assert_eq!(run.status, Some(2), "{run:?}");
    assert_eq!(
        run.lines(),
        [
            r#"pira: --vocab my.vocab: line 3: bad vocabulary entry: an entry needs a letter or a digit: "'""#
        ],
    );
    assert!(!tmp.path().join("out").exists(), "nothing written");
}

#[test]
fn zero_counts_and_limits_are_refused_by_the_parser() {
    let tmp = tempdir();
    put(&tmp.path().join("r.txt"), common::clean_report());
    for flag in [
        "--jobs",
        "--ocr-timeout",
        "--timeout",
        "--max-pages",
        "--max-megapixels",
        "--max-input-mib",
        "--max-memory-mib",
    ] {
        let run = pira(tmp.path(), ["extract", "r.txt", "--out", "out", flag, "0"]);
        assert_eq!(run.status, Some(2), "{flag}: {run:?}");
        assert!(run.stderr.contains("must be at least 1"), "{flag}: {run:?}");
    }
    assert!(!tmp.path().join("out").exists(), "nothing done");
}

#[test]
fn help_states_the_true_defaults() {
    let tmp = tempdir();
    let top = pira(tmp.path(), ["--help"]);
    assert!(
        top.stdout.contains("PDF with a text layer, scanned PDF"),
        "{}",
        top.stdout
    );
    let help = pira(tmp.path(), ["extract", "--help"]).stdout;
    let line = |flag: &str| {
        help.lines()
            .find(|l| l.trim_start().starts_with(flag))
            .unwrap_or_else(|| panic!("no {flag} in {help}"))
            .to_string()
    };
    assert!(line("--jobs").contains("[default: one per core]"), "{help}");
    assert!(!help.contains("[default: 0]"), "{help}");
    assert!(line("--lang").contains("[default: ita]"), "{help}");
    assert!(line("--ocr-timeout").contains("[default: 120]"), "{help}");
    assert!(line("--max-pages").contains("[default: 2000]"), "{help}");
    assert!(
        line("--max-megapixels").contains("[default: 200]"),
        "{help}"
    );
}

#[test]
fn out_naming_a_file_is_bad_usage_before_any_work() {
    let tmp = tempdir();
    put(&tmp.path().join("r.txt"), common::clean_report());
    put(&tmp.path().join("taken"), "a file");
    let run = pira(tmp.path(), ["extract", "r.txt", "--out", "taken"]);
    assert_eq!(run.status, Some(2), "{run:?}");
    assert_eq!(
        run.lines(),
        ["pira: --out taken: not a folder (a file of that name exists)"]
    );
    // A folder that cannot be made: one line, its reason once.
    let run = pira(tmp.path(), ["extract", "r.txt", "--out", "taken/sub"]);
    assert_eq!(run.status, Some(2), "{run:?}");
    let lines = run.lines();
    assert_eq!(lines.len(), 1, "{run:?}");
    assert!(
        lines[0].starts_with("pira: --out taken/sub: cannot create the folder: "),
        "{run:?}"
    );
}

#[test]
fn an_input_that_cannot_be_written_counts_once_and_says_so_once() {
    let tmp = tempdir();
    put(&tmp.path().join("r.txt"), common::clean_report());
    // Folders where the input's JSON and a table would go.
    fs::create_dir_all(tmp.path().join("out/r.json/x")).expect("folder");
    fs::create_dir_all(tmp.path().join("out/objectives.csv/x")).expect("folder");
    let run = pira(tmp.path(), ["extract", "r.txt", "--out", "out"]);
    assert_eq!(run.status, Some(1), "{run:?}");
    assert_eq!(run.summary().failed, 1, "{run:?}");
    let line = run
        .lines()
        .into_iter()
        .find(|l| l.starts_with("r.txt: "))
        .unwrap_or_else(|| panic!("no line for r.txt: {run:?}"));
    assert_eq!(line.matches("cannot write").count(), 1, "{line}");
    assert!(
        run.stderr
            .contains("pira: cannot write out/objectives.csv: "),
        "{run:?}"
    );
}

#[test]
fn a_rerun_with_another_output_setting_reconverts() {
    let tmp = tempdir();
    put(&tmp.path().join("r.txt"), common::clean_report());
    put(&tmp.path().join("my.vocab"), "[units]\nKILOMETRI\n");
    let base = ["extract", "r.txt", "--out", "out", "--vocab", "my.vocab"];
    assert_eq!(pira(tmp.path(), base).summary().converted, 1);
    assert_eq!(pira(tmp.path(), base).summary().skipped, 1);
    let mut trusting = base.to_vec();
    trusting.push("--trust-text-layer");
    let run = pira(tmp.path(), &trusting);
    assert_eq!(run.summary().converted, 1, "--trust-text-layer: {run:?}");
    // The same vocabulary file name with other content.
    put(&tmp.path().join("my.vocab"), "[units]\nMETRI\n");
    let run = pira(tmp.path(), &trusting);
    assert_eq!(run.summary().converted, 1, "new vocabulary: {run:?}");
}

#[test]
fn the_manifest_lists_each_input_and_left_over_json_is_reported_and_pruned() {
    let tmp = tempdir();
    put(&tmp.path().join("in/a.txt"), common::clean_report());
    put(&tmp.path().join("in/b.txt"), common::report_with_warnings());
    put(&tmp.path().join("in/bad.txt"), garbage());
    let run = pira(tmp.path(), ["extract", "in", "--out", "out"]);
    assert_eq!(run.status, Some(1), "{run:?}");
    let out = tmp.path().join("out");
    let rows = manifest(&out);
    let statuses: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[3].as_str()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("a.txt", "converted", "a.json"),
            ("b.txt", "converted", "b.json"),
            ("bad.txt", "failed", "")
        ]
    );
    assert!(rows[2][2].starts_with("bad.txt: "), "{rows:?}");

    // b.txt is gone and a.txt now fails: their JSON is left over.
    fs::remove_file(tmp.path().join("in/b.txt")).expect("remove");
    put(&tmp.path().join("in/a.txt"), garbage());
    let run = pira(tmp.path(), ["extract", "in", "--out", "out"]);
    assert_eq!(run.status, Some(1), "{run:?}");
    for json in ["a.json", "b.json"] {
        let note = format!("pira: out/{json}: no input of this run claims it");
        assert!(run.stderr.contains(&note), "{json}: {run:?}");
        assert!(out.join(json).is_file(), "kept without --prune");
    }
    assert_eq!(
        csv_column(
            &fs::read(out.join("objectives.csv")).unwrap_or_default(),
            "source_file"
        ),
        Vec::<String>::new(),
        "the tables hold this run's inputs only"
    );
    let run = pira(tmp.path(), ["extract", "in", "--out", "out", "--prune"]);
    assert!(run.stderr.contains("removed"), "{run:?}");
    assert!(!out.join("a.json").exists() && !out.join("b.json").exists());
}

#[test]
fn merge_reads_manifests_and_refuses_folders_without_one() {
    let tmp = tempdir();
    put(&tmp.path().join("a.txt"), common::clean_report());
    put(&tmp.path().join("bad.txt"), garbage());
    let run = pira(tmp.path(), ["extract", "a.txt", "bad.txt", "--out", "s1"]);
    assert_eq!(run.status, Some(1), "{run:?}");
    // A stray report the manifest does not list.
    let stray = fs::read(tmp.path().join("s1/a.json")).unwrap_or_default();
    put(&tmp.path().join("s1/stray.json"), stray);

    let merged = pira(tmp.path(), ["merge", "s1", "--out", "m"]);
    assert_eq!(
        merged.status,
        Some(1),
        "the failed input stays failed: {merged:?}"
    );
    assert!(merged.stderr.contains("1 merged, 1 failed"), "{merged:?}");
    assert!(
        merged.stderr.contains("stray.json: not merged"),
        "{merged:?}"
    );
    assert!(!tmp.path().join("m/stray.json").exists());
    let rows = manifest(&tmp.path().join("m"));
    assert_eq!(
        rows,
        manifest(&tmp.path().join("s1")),
        "the manifest carries over"
    );

    // Report files without a manifest are not a shard.
    fs::create_dir_all(tmp.path().join("loose")).expect("folder");
    put(
        &tmp.path().join("loose/a.json"),
        fs::read(tmp.path().join("s1/a.json")).unwrap_or_default(),
    );
    let run = pira(tmp.path(), ["merge", "s1", "loose", "--out", "m2"]);
    assert_eq!(run.status, Some(2), "{run:?}");
    assert!(run.stderr.contains("loose: no manifest.csv"), "{run:?}");
    assert!(!tmp.path().join("m2").exists(), "nothing written");

    // Manifests that list nothing: nothing to merge is not "0 merged".
    put(
        &tmp.path().join("empty/manifest.csv"),
        "source_file,sha256,status,reason,json_file\r\n",
    );
    let run = pira(tmp.path(), ["merge", "empty", "--out", "m3"]);
    assert_eq!(run.status, Some(2), "{run:?}");
    assert_eq!(
        run.lines(),
        ["pira: nothing to merge: the folders' manifests list no input"]
    );
}

#[test]
fn inspect_shows_a_document_it_does_not_recognise() {
    let tmp = tempdir();
    put(
        &tmp.path().join("letter.txt"),
        "Relazione annuale\nLa Camera di Commercio ha svolto attività varie.\n",
    );
    let run = pira(tmp.path(), ["inspect", "letter.txt"]);
    assert_eq!(run.status, Some(0), "{run:?}");
    assert!(
        run.stdout
            .contains("preamble                                 | Relazione annuale"),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("== not found: no recognisable PIRA report"),
        "{run:?}"
    );
}

#[test]
fn inspect_checks_the_page_before_converting() {
    // A one-page scan that cannot be converted: its only page is over the
    // pixel budget. Asking for page 4 is bad usage, found first.
    let tmp = tempdir();
    let mut pdf = b"%PDF-1.5\n".to_vec();
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] >>".to_string(),
    ];
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = pdf.len();
    pdf.extend(b"xref\n0 4\n0000000000 65535 f \n");
    for at in offsets {
        pdf.extend(format!("{at:010} 00000 n \n").bytes());
    }
    pdf.extend(format!("trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").bytes());
    put(&tmp.path().join("huge.pdf"), &pdf);
    let converted = pira(tmp.path(), ["inspect", "huge.pdf"]);
    assert_eq!(converted.status, Some(1), "{converted:?}");
    assert!(converted.stderr.contains("over the limit"), "{converted:?}");
    let run = pira(tmp.path(), ["inspect", "huge.pdf", "--page", "4"]);
    assert_eq!(run.status, Some(2), "{run:?}");
    assert_eq!(
        run.lines(),
        ["huge.pdf: no page 4: the document has 1 pages"]
    );
}

#[test]
fn inspect_shows_no_rust_debug_output() {
    let tmp = tempdir();
    put_sample(&tmp.path().join("s.txt"));
    let run = pira(tmp.path(), ["inspect", "s.txt"]);
    assert_eq!(run.status, Some(0), "{run:?}");
    for debug in [
        "Some(",
        "None",
        "(Euro)",
        "(Percent)",
        "(Number)",
        "(YesNo)",
        "\\n",
    ] {
        assert!(!run.stdout.contains(debug), "{debug} in the inspect output");
    }
    assert!(
        run.stdout.contains("(euro), achieved true"),
        "{}",
        run.stdout
    );
}
