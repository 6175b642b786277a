//! The recipes of docs/loading.md, run as a user would run them:
//! each recipe is taken from its fenced block in docs/loading.md (found by the
//! `<!-- loading-test: NAME -->` marker before it) and run against a real
//! `pira extract` output of the sample.
//!
//! The pandas and DuckDB recipes run under `python3`; `tests/loading/checks.py`
//! then compares every cell they loaded with the CSV cell pira wrote (codes
//! must stay text, amounts must be numbers). Without pandas or duckdb those
//! two tests are skipped with a note, and fail when the environment variable
//! `CI` is set (`.ci/run` installs them). The Excel recipes need no Python.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use calamine::{Data, Reader, Xlsx};

const RECIPES: &str = include_str!("../docs/loading.md");

/// The fenced block that follows `<!-- loading-test: NAME -->` in docs/loading.md.
fn recipe(name: &str) -> String {
    let marker = format!("<!-- loading-test: {name} -->");
    let Some(start) = RECIPES.find(&marker) else {
        panic!("docs/loading.md has no {marker} before a fenced block");
    };
    let mut lines = RECIPES[start + marker.len()..]
        .lines()
        .skip_while(|l| l.trim().is_empty());
    match lines.next() {
        Some(fence) if fence.starts_with("```") => {}
        other => panic!("{marker} is followed by {other:?}, not a fenced block"),
    }
    let body: Vec<&str> = lines.take_while(|l| !l.starts_with("```")).collect();
    assert!(!body.is_empty(), "the block after {marker} is empty");
    body.join("\n") + "\n"
}

/// A fresh folder under the target dir for one test's files.
fn work_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("loading")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        panic!("cannot create {}: {e}", dir.display());
    }
    dir
}

/// Runs `pira ARGS` in `dir` and asserts that it succeeded.
fn pira(dir: &Path, args: &[&str]) {
    let output = Command::new(env!("CARGO_BIN_EXE_pira"))
        .args(args)
        .current_dir(dir)
        .output();
    match output {
        Ok(o) if o.status.success() => {}
        Ok(o) => panic!(
            "pira {args:?} failed: {}",
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => panic!("cannot run pira: {e}"),
    }
}

/// A folder holding `out/`, the sample extracted as in the README's first
/// command, with the xlsx workbook too. Made once for all tests.
fn extracted() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = work_dir("extracted");
        let sample = common::sample_path();
        let sample = sample.to_string_lossy();
        pira(
            &dir,
            &[
                "extract", &sample, "--out", "out/", "--format", "csv,xlsx", "--quiet",
            ],
        );
        dir
    })
}

/// Whether `python3` can import `modules`; without them, a note (or a
/// failure under CI, where `.ci/run` installs them).
fn python_has(modules: &str) -> bool {
    let ok = Command::new("python3")
        .args(["-c", &format!("import {modules}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        let install = format!("pip install {}", modules.replace(',', ""));
        if std::env::var_os("CI").is_some() {
            panic!("python3 cannot import {modules}: run `{install}`");
        }
        eprintln!(
            "note: skipping a loading recipe (docs/loading.md): python3 cannot import {modules} ({install})"
        );
    }
    ok
}

/// Runs a Python script in `dir`, after putting `checks.py` on its path.
/// Returns whether it succeeded, and its stdout and stderr.
fn run_python(dir: &Path, file: &str, script: &str) -> (bool, String) {
    let checks = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("loading");
    let prelude = format!(
        "import sys\nsys.path.insert(0, {:?})\nimport checks\n",
        checks.to_string_lossy()
    );
    let path = dir.join(file);
    if let Err(e) = std::fs::write(&path, prelude + script) {
        panic!("cannot write {}: {e}", path.display());
    }
    match Command::new("python3").arg(file).current_dir(dir).output() {
        Ok(o) => (
            o.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            ),
        ),
        Err(e) => panic!("cannot run python3: {e}"),
    }
}

#[test]
fn pandas_recipe_loads_every_cell_right() {
    if !python_has("pandas") {
        return;
    }
    let script = recipe("pandas") + "\nchecks.check_pandas(globals())\n";
    let (ok, output) = run_python(extracted(), "recipe_pandas.py", &script);
    assert!(
        ok,
        "docs/loading.md's pandas recipe fails its check:\n{output}"
    );
}

/// The check can fail: pandas' defaults turn mission_code "011" into 11.
#[test]
fn pandas_defaults_fail_the_check() {
    if !python_has("pandas") {
        return;
    }
    let script = "import pandas as pd\n\
                  tables = {t: pd.read_csv(f'out/{t}.csv') for t in checks.TABLES}\n\
                  checks.check_pandas(tables)\n";
    let (ok, output) = run_python(extracted(), "naive_pandas.py", script);
    assert!(!ok, "pandas' defaults passed the check:\n{output}");
    assert!(output.contains("code '011' loaded as 11"), "{output}");
}

#[test]
fn duckdb_recipe_loads_every_cell_right() {
    if !python_has("duckdb") {
        return;
    }
    let dir = extracted();
    let sql = recipe("duckdb");
    if let Err(e) = std::fs::write(dir.join("recipe.sql"), sql) {
        panic!("cannot write recipe.sql: {e}");
    }
    let script = "import duckdb\n\
                  con = duckdb.connect()\n\
                  con.execute(open('recipe.sql', encoding='utf-8').read())\n\
                  checks.check_duckdb(con)\n";
    let (ok, output) = run_python(dir, "recipe_duckdb.py", script);
    assert!(
        ok,
        "docs/loading.md's DuckDB recipe fails its check:\n{output}"
    );
}

/// Runs each `pira extract INPUT ARGS...` line of docs/loading.md's Excel block
/// on the sample, once, in a fresh folder, and returns the folder and each
/// line's arguments after the input.
fn run_excel_recipe() -> &'static (PathBuf, Vec<Vec<String>>) {
    static RUN: OnceLock<(PathBuf, Vec<Vec<String>>)> = OnceLock::new();
    RUN.get_or_init(run_excel_commands)
}

fn run_excel_commands() -> (PathBuf, Vec<Vec<String>>) {
    let dir = work_dir("excel");
    let sample = common::sample_path().to_string_lossy().into_owned();
    let mut commands = Vec::new();
    for line in recipe("excel").lines() {
        let command = line.split('#').next().unwrap_or("");
        let words: Vec<&str> = command.split_whitespace().collect();
        let ["pira", "extract", _input, rest @ ..] = words.as_slice() else {
            continue;
        };
        let mut args = vec!["extract", sample.as_str()];
        args.extend(rest);
        pira(&dir, &args);
        commands.push(rest.iter().map(|s| s.to_string()).collect());
    }
    (dir, commands)
}

/// The value after `--out` in a command's arguments.
fn out_of(args: &[String]) -> &str {
    match args.iter().position(|a| a == "--out") {
        Some(i) if i + 1 < args.len() => &args[i + 1],
        _ => panic!("an Excel command of docs/loading.md has no --out: {args:?}"),
    }
}

/// The standard CSV table pira wrote for the sample: header and rows.
fn standard_table(table: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let path = extracted().join("out").join(format!("{table}.csv"));
    let mut reader = match csv::Reader::from_path(&path) {
        Ok(r) => r,
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    };
    let header = match reader.headers() {
        Ok(h) => h.iter().map(String::from).collect(),
        Err(e) => panic!("{}: {e}", path.display()),
    };
    let rows = reader
        .records()
        .map(|r| match r {
            Ok(r) => r.iter().map(String::from).collect(),
            Err(e) => panic!("{}: {e}", path.display()),
        })
        .collect();
    (header, rows)
}

const TABLES: [&str; 6] = [
    "objectives",
    "indicators",
    "resources",
    "targets",
    "warnings",
    "corrections",
];
/// Columns holding codes, whose zeros matter.
const CODES: [&str; 7] = [
    "code",
    "objective_code",
    "mission_code",
    "programme_code",
    "account",
    "budget",
    "kpi_code",
];
/// Columns holding decimal numbers.
const DECIMALS: [&str; 6] = [
    "resources_total",
    "amount",
    "last_observed_value",
    "target_value",
    "actual_value",
    "achievement_stated",
];

#[test]
fn excel_workbook_keeps_codes_as_text_and_amounts_as_numbers() {
    let (dir, commands) = run_excel_recipe();
    let xlsx = commands
        .iter()
        .find(|args| args.iter().any(|a| a.contains("xlsx")))
        .unwrap_or_else(|| panic!("docs/loading.md's Excel block has no command writing xlsx"));
    let path = dir.join(out_of(xlsx)).join("pira.xlsx");
    let mut workbook: Xlsx<_> = match calamine::open_workbook(&path) {
        Ok(w) => w,
        Err(e) => panic!("cannot open {}: {e}", path.display()),
    };
    let mut codes = 0;
    for table in TABLES {
        let (header, rows) = standard_table(table);
        let sheet = match workbook.worksheet_range(table) {
            Ok(s) => s,
            Err(e) => panic!("{}: no sheet {table}: {e}", path.display()),
        };
        let sheet_rows: Vec<&[Data]> = sheet.rows().skip(1).collect();
        assert_eq!(sheet_rows.len(), rows.len(), "{table}");
        for (cells, raw) in sheet_rows.iter().zip(&rows) {
            for ((column, cell), raw) in header.iter().zip(cells.iter()).zip(raw) {
                if raw.is_empty() {
                    continue;
                }
                if CODES.contains(&column.as_str()) {
                    assert_eq!(cell, &Data::String(raw.clone()), "{table}.{column}");
                    codes += 1;
                }
                if column == "amount" || column == "resources_total" {
                    let value: f64 = raw.parse().unwrap_or(f64::NAN);
                    assert_eq!(cell, &Data::Float(value), "{table}.{column}");
                }
            }
        }
    }
    assert!(codes > 100, "only {codes} code cells checked");
}

#[test]
fn excel_csv_has_bom_semicolons_and_decimal_commas() {
    let (dir, commands) = run_excel_recipe();
    let excel = commands
        .iter()
        .find(|args| args.iter().any(|a| a == "--csv-excel"))
        .unwrap_or_else(|| panic!("docs/loading.md's Excel block has no --csv-excel command"));
    let out = dir.join(out_of(excel));
    for table in TABLES {
        let path = out.join(format!("{table}.csv"));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let Some(body) = bytes.strip_prefix(pira::write::csv::UTF8_BOM) else {
            panic!("{} does not start with the UTF-8 BOM", path.display());
        };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .has_headers(false)
            .from_reader(body);
        let rows: Vec<csv::StringRecord> = reader
            .records()
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let (header, standard) = standard_table(table);
        assert_eq!(rows[0].iter().collect::<Vec<_>>(), header, "{table}");
        assert_eq!(rows.len() - 1, standard.len(), "{table}");
        for (row, raw) in rows[1..].iter().zip(&standard) {
            for ((column, cell), raw) in header.iter().zip(row.iter()).zip(raw) {
                let expected = if DECIMALS.contains(&column.as_str()) {
                    raw.replace('.', ",")
                } else {
                    raw.clone()
                };
                assert_eq!(cell, expected, "{table}.{column}");
            }
        }
    }
    let resources = std::fs::read_to_string(out.join("resources.csv")).unwrap_or_default();
    assert!(resources.contains(";24390,75;€ 24.390,75;"), "{resources}");
}
