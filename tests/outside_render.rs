//! Reports set by the second, independent renderer
//! (`scripts/outside-render/render.py`: HTML printed to PDF by headless
//! Chromium), read by pira and scored against the records that made them.
//! The records come from the fixture generator's DEV seeds (100-199; the
//! sealed seeds 1000+ are never used here); the look is the renderer's,
//! drawn from the same seed. Skipped, with a note, where Chromium or
//! python3 is missing.

include!("common/generator_modules.rs");

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::score::{score, Score};
use pira::{extract, Input, Options};
use templates::Template;

/// The browser the renderer prints with, if this machine has one.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let python = Command::new("python3").arg("--version").output();
    (path.exists() && python.is_ok_and(|o| o.status.success())).then_some(path)
}

/// The records of `seed` (make_fixtures' `--style random`, or `--style
/// kpi-table|matrix|card` for `template`): the report's name and its gold.
fn records_of(seed: u64, template: Option<Template>) -> (String, String) {
    let spec = records::Spec {
        seed,
        index: 0,
        objectives: None,
        random_style: template.is_none(),
    };
    match template {
        None => {
            let (report, name, _, _) = pdf::build_styled(&spec, 0, false);
            let gold = report.gold_json(&format!("{name}.pdf"));
            (name, gold)
        }
        Some(t) => {
            let built = templates::build(&spec, t, 0);
            let gold = built.gold.gold_json(&format!("{}.pdf", built.name));
            (built.name, gold)
        }
    }
}

/// `seed`'s records (of `template`, or the scheda's) rendered by the
/// outside renderer in `seed`'s look, read by pira and scored; the
/// renderer's one-line description of the look it drew.
fn read_rendered(seed: u64, template: Option<Template>, browser: &Path) -> (Score, String) {
    let (name, gold) = records_of(seed, template);
    let dir = std::env::temp_dir().join(format!(
        "pira-outside-render-{}-{seed}-{}",
        std::process::id(),
        template.map_or("scheda", Template::name)
    ));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let gold_path = dir.join(format!("{name}.in.gold.json"));
    std::fs::write(&gold_path, gold).expect("gold written");
    let pdf_path = dir.join(format!("{name}.pdf"));
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/outside-render/render.py");
    let run = Command::new("python3")
        .arg(&script)
        .arg(&gold_path)
        .arg(&pdf_path)
        .args(["--seed", &seed.to_string(), "--describe"])
        .env("CHROMIUM", browser)
        .output()
        .expect("render.py runs");
    assert!(
        run.status.success(),
        "render.py failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let look = String::from_utf8_lossy(&run.stdout).trim().to_string();
    let bytes = std::fs::read(&pdf_path).expect("the rendered PDF");
    let gold_text = std::fs::read_to_string(dir.join(format!("{name}.gold.json"))).expect("gold");
    std::fs::remove_dir_all(&dir).ok();
    let input = Input::from_bytes(format!("{name}.pdf"), bytes);
    let out = match extract(&input, &Options::default()) {
        Ok(r) => serde_json::to_value(&r).expect("a report serializes"),
        Err(e) => panic!("seed {seed}: {e}"),
    };
    let gold: serde_json::Value = serde_json::from_str(&gold_text).expect("gold JSON");
    (score(&gold, &out), look)
}

/// Each DEV seed's rendering, and what its look exercises (the renderer
/// draws it from the seed: the test says so where it no longer does).
#[test]
fn browser_printed_reports_are_read_whole() {
    let Some(browser) = chromium() else {
        eprintln!("skipped: no Chromium (set CHROMIUM) or no python3");
        return;
    };
    let rows: [(u64, &str, &str); 3] = [
        // "Obiettivo strategico:" and the other labels end with a colon.
        (102, "labels:", "labels ending with ':'"),
        // "INDICATORE" / "1:" in a narrow label column beside a title that
        // wraps too, shaded header rows, zebra rows, a rounded box.
        (107, "borders box", "a label and its value both wrapped"),
        // An indicator table's row cut by a page break, the <thead>
        // repeated over the next page.
        (
            113,
            "fields table",
            "a row cut across pages under a repeated header",
        ),
    ];
    for (seed, drawn, what) in rows {
        let (s, look) = read_rendered(seed, None, &browser);
        assert!(
            look.contains(drawn),
            "seed {seed} no longer draws {drawn}: {look}"
        );
        s.assert_whole(&format!("seed {seed} ({what}; {look})"));
    }
}

/// One DEV seed of each of issue 15's templates, set by the outside
/// renderer, every field right; each exercises what the renderer showed
/// pira reading wrong.
#[test]
fn browser_printed_templates_are_read_whole() {
    let Some(browser) = chromium() else {
        eprintln!("skipped: no Chromium (set CHROMIUM) or no python3");
        return;
    };
    let rows: [(Template, u64, &str, &str); 6] = [
        // Unruled, zebra rows: an objective's title runs past its first
        // row, its lines a browser pixel further apart there.
        (
            Template::KpiTable,
            107,
            "borders box",
            "an unruled objective cell running past its first row",
        ),
        // Unruled rows cut by page breaks: the next page opens with the
        // rest of the cut row's objective and programme cells alone.
        (
            Template::KpiTable,
            145,
            "rows may break",
            "an unruled row's grouping cells ending on the next page",
        ),
        // Another office's habits: a column of row numbers ("N."),
        // header cells a word a line, numbers set right, DejaVu Sans
        // Light; a spanning cell a page break cut.
        (
            Template::KpiTable,
            111,
            "row numbers",
            "numbered rows under a header broken over lines",
        ),
        // Rows cut by page breaks, their objective, mission and programme
        // cells spanning several objectives: a cut row's rest opens the
        // next page under the repeated header.
        (
            Template::KpiTable,
            120,
            "spans wide",
            "a row a page break cut, its rest on the next page",
        ),
        // Objective cells repeated in each row, rows cut by page breaks.
        (
            Template::Matrix,
            121,
            "rows may break",
            "a repeated objective cell cut by a page break",
        ),
        // The allocations table cut by a page break, its header repeated
        // over the rest of its rows on the next page.
        (
            Template::Card,
            102,
            "headed indicator fields",
            "an allocations header repeated on the next page",
        ),
    ];
    for (template, seed, drawn, what) in rows {
        let (s, look) = read_rendered(seed, Some(template), &browser);
        assert!(
            look.contains(drawn),
            "{} seed {seed} no longer draws {drawn}: {look}",
            template.name()
        );
        s.assert_whole(&format!("{} seed {seed} ({what}; {look})", template.name()));
    }
}
