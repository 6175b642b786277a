//! The fixture generator's other templates (`make_fixtures --style
//! kpi-table|matrix|card`), run through its library code: the gold of
//! contract version 2 follows `shared/eval/GOLD_SCHEMA.md`, the scorer
//! takes it whole, the PDF prints what the gold says, and the layouts vary
//! over the development seeds (100-199; `scripts/score-sealed.sh` keeps
//! 1000-1019 sealed).

include!("common/generator_modules.rs");

mod common;

use common::{raw_text, squeeze};

use std::path::{Path, PathBuf};
use std::process::Command;

use records::Spec;
use serde_json::Value;
use templates::{Built, Template};

const TEMPLATES: [Template; 3] = [Template::KpiTable, Template::Matrix, Template::Card];

fn build(t: Template, seed: u64) -> Built {
    let spec = Spec {
        seed,
        index: 0,
        objectives: None,
        random_style: false,
    };
    templates::build(&spec, t, 0)
}

fn gold_of(b: &Built) -> Value {
    serde_json::from_str(&b.gold.gold_json(&format!("{}.pdf", b.name))).expect("gold is JSON")
}

/// The Italian number of a cell, as the gold decimal would read it.
fn plain(s: &str) -> String {
    s.replace('.', "").replace(',', ".")
}

fn text(v: &Value) -> Option<&str> {
    v.as_str()
}

/// A decimal string's value in hundredths ("93.33" -> 9333, "8" -> 800).
fn hundredths(v: &Value) -> u64 {
    let s = v.as_str().expect("a decimal string");
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    let frac = format!("{frac:0<2}");
    assert_eq!(frac.len(), 2, "{s}: more than two decimals");
    whole.parse::<u64>().expect("digits") * 100 + frac.parse::<u64>().expect("digits")
}

#[test]
fn gold_follows_the_version_2_schema() {
    for t in TEMPLATES {
        for seed in 100..110 {
            let b = build(t, seed);
            check_gold(t, &gold_of(&b), &b.name);
        }
    }
}

/// The gold of a template report: `template`, `#N` codes in order, the
/// fields its template prints and null for the others, values found in
/// the texts they come from, stated achievement and yearly targets that
/// agree with the values.
fn check_gold(t: Template, g: &Value, name: &str) {
    assert_eq!(g["template"], t.name(), "{name}");
    assert_eq!(g["source"], format!("{name}.pdf"));
    assert!(text(&g["entity"])
        .unwrap()
        .starts_with("Camera di Commercio di "));
    let year = g["year"].as_i64().unwrap();
    let kind = text(&g["kind"]).unwrap();
    if t != Template::KpiTable {
        assert_eq!(kind, "budget-plan", "{name}: a plan");
    }
    let mut kpi_codes = Vec::new();
    let objectives = g["objectives"].as_array().unwrap();
    assert!(!objectives.is_empty());
    for (i, o) in objectives.iter().enumerate() {
        let code = format!("#{}", i + 1);
        assert_eq!(o["code"], code, "{name}");
        assert!(!text(&o["title"]).unwrap().is_empty());
        for f in ["time_frame", "resources_text"] {
            assert!(o[f].is_null(), "{name} {code}: {f} is not printed");
        }
        let inds = o["indicators"].as_array().unwrap();
        assert!(!inds.is_empty());
        if let Some(n) = o["declared_indicators"].as_u64() {
            assert_eq!(
                t,
                Template::Matrix,
                "{name}: only the matrix states the count"
            );
            assert_eq!(n as usize, inds.len());
        }
        match t {
            Template::KpiTable | Template::Matrix => {
                let m = text(&o["mission_code"]).unwrap();
                assert!(m.len() == 3 && m.bytes().all(|b| b.is_ascii_digit()));
                assert!(!text(&o["programme_name"]).unwrap().is_empty());
                assert_eq!(
                    o["programme_code"].is_null(),
                    t == Template::Matrix,
                    "{name}: the matrix names the programme only"
                );
                assert!(o["resources"].as_array().unwrap().is_empty());
            }
            Template::Card => {
                assert!(o["mission_code"].is_null() && o["programme_name"].is_null());
                assert!(!text(&o["description"]).unwrap().is_empty());
                assert!(!text(&o["responsibility_centre"]).unwrap().is_empty());
                check_resources(o, year, name);
            }
        }
        for (k, ind) in inds.iter().enumerate() {
            assert_eq!(ind["number"], k as u64 + 1);
            let target = text(&ind["target"]);
            if let Some(v) = ind["target_value"].as_str() {
                let printed = target.expect("a value has its text");
                assert!(
                    printed.starts_with(">=") || printed.starts_with("<="),
                    "{printed}"
                );
                assert!(plain(printed).contains(v), "{name}: {v} not in {printed:?}");
            }
            match (&ind["kpi_code"], t) {
                (Value::String(c), Template::KpiTable | Template::Card) => {
                    let digits = c.trim_start_matches("KPIM").trim_start_matches("KPI");
                    assert!(c.starts_with("KPI") && digits.bytes().all(|b| b.is_ascii_digit()));
                    assert!(ind["title"].is_string(), "{name}: a KPI has its name");
                    kpi_codes.push(c.clone());
                }
                (Value::Null, Template::KpiTable) => {
                    assert!(
                        ind["title"].is_null(),
                        "{name}: 'Kpi non definito' has no name"
                    );
                }
                (Value::Null, Template::Matrix) => assert!(ind["title"].is_string()),
                (other, _) => panic!("{name}: kpi_code {other} in a {}", t.name()),
            }
            if t == Template::KpiTable {
                check_achievement(ind, kind, name);
            } else {
                check_targets(ind, year, name);
            }
        }
    }
    let n = kpi_codes.len();
    kpi_codes.sort();
    kpi_codes.dedup();
    assert_eq!(kpi_codes.len(), n, "{name}: KPI codes unique");
}

fn check_resources(o: &Value, year: i64, name: &str) {
    let items = ["Personale", "Funzionamento", "Interventi", "Ammortamenti"];
    for r in o["resources"].as_array().unwrap() {
        let y = r["year"].as_i64().unwrap();
        assert!((year..year + 3).contains(&y), "{name}: resource year {y}");
        assert!(items.contains(&text(&r["budget_item"]).unwrap()));
        let amount = text(&r["amount"]).unwrap();
        assert!(
            hundredths(&r["amount"]) > 0,
            "{name}: {amount}: '€ -' is no resource"
        );
        assert!(r["account"].is_null() && r["budget"].is_null());
    }
}

/// The wide table: no yearly targets; in a final account the stated
/// achievement is the actual against the target, capped at 100%.
fn check_achievement(ind: &Value, kind: &str, name: &str) {
    assert!(ind["targets"].as_array().unwrap().is_empty());
    if kind == "budget-plan" {
        assert!(ind["actual"].is_null() && ind.get("achievement_stated").is_none());
        return;
    }
    let (target, actual) = (
        hundredths(&ind["target_value"]),
        hundredths(&ind["actual_value"]),
    );
    let stated = hundredths(&ind["achievement_stated"]);
    let ceiling = text(&ind["target"]).unwrap().starts_with("<=");
    let (num, den) = if ceiling {
        (target, actual)
    } else {
        (actual, target)
    };
    let exact = num as f64 / den as f64 * 10_000.0;
    assert!(
        (stated as f64 - exact.min(10_000.0)).abs() <= 0.5,
        "{name}: {stated} for {actual} against {target}"
    );
}

/// A plan's targets: one per plan year from the report's year; the
/// indicator's own target is the first year's.
fn check_targets(ind: &Value, year: i64, name: &str) {
    let targets = ind["targets"].as_array().unwrap();
    let years: Vec<i64> = targets
        .iter()
        .map(|t| t["year"].as_i64().unwrap())
        .collect();
    assert_eq!(years, vec![year, year + 1, year + 2], "{name}");
    assert_eq!(targets[0]["target"], ind["target"]);
    assert_eq!(targets[0]["target_value"], ind["target_value"]);
    for t in targets {
        assert_eq!(t["target"].is_null(), t["target_value"].is_null(), "{name}");
    }
    assert!(ind.get("achievement_stated").is_none() && ind["actual"].is_null());
}

fn scorer() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/score.py")
}

#[test]
fn the_scorer_takes_the_gold_whole() {
    let scorer = scorer();
    if !scorer.is_file() || Command::new("python3").arg("-V").output().is_err() {
        eprintln!("skipped: no python3 or no {}", scorer.display());
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    for t in TEMPLATES {
        let b = build(t, 101);
        let path = dir.path().join(format!("{}.gold.json", b.name));
        std::fs::write(&path, b.gold.gold_json(&format!("{}.pdf", b.name))).expect("write");
        let out = Command::new("python3")
            .arg(&scorer)
            .arg(&path)
            .arg(&path)
            .arg("--detail")
            .arg("--min")
            .arg("100")
            .output()
            .expect("python3 runs");
        let detail = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{}: {detail}", b.name);
        assert!(!detail.contains("MISS"), "{}: {detail}", b.name);
        // Every version 2 field is scored: the template, the KPI codes, the
        // yearly targets or the stated achievement, resources by year.
        let mut groups = vec!["report.template", "indicator.kpi_code"];
        match (t, b.gold.is_final_account()) {
            (Template::KpiTable, true) => groups.push("indicator.achievement_stated"),
            (Template::KpiTable, false) => {}
            (Template::Matrix, _) => groups.push("indicator.targets_value"),
            (Template::Card, _) => {
                groups.extend(["indicator.targets_value", "resource.budget_item"])
            }
        }
        for g in groups {
            assert!(detail.contains(g), "{}: {g} not scored:\n{detail}", b.name);
        }
    }
}

#[test]
fn the_pdf_prints_what_the_gold_says() {
    let dir = tempfile::tempdir().expect("temp dir");
    for t in TEMPLATES {
        for seed in [100, 103, 106] {
            let b = build(t, seed);
            let path = dir.path().join(format!("{}.pdf", b.name));
            std::fs::write(&path, &b.rendered.bytes).expect("write");
            let doc = lopdf::Document::load(&path).expect("lopdf parses the PDF");
            assert_eq!(doc.get_pages().len(), b.rendered.pages, "{}", b.name);
            let Some(text) = raw_text(&path) else {
                eprintln!("skipped the text checks: pdftotext (poppler-utils) is not installed");
                return;
            };
            check_text(t, &gold_of(&b), &text, &b.name);
        }
    }
}

/// Titles, KPI codes and targets stand in the text in document order;
/// each year's target follows "Anno YYYY:" in the matrix; the card prints
/// every amount.
fn check_text(t: Template, g: &Value, text: &str, name: &str) {
    assert!(text.contains(text_of(&g["entity"])), "{name}: entity");
    let mut at = 0;
    for o in g["objectives"].as_array().unwrap() {
        let title = squeeze(text_of(&o["title"]));
        at += text[at..]
            .find(&title)
            .unwrap_or_else(|| panic!("{name}: {title:?} missing or out of order"));
        for r in o["resources"].as_array().unwrap() {
            let cents = hundredths(&r["amount"]);
            let it = format!("{},{:02}", records::it_int(cents / 100), cents % 100);
            assert!(text.contains(&it), "{name}: amount {it}");
        }
        for ind in o["indicators"].as_array().unwrap() {
            match (&ind["kpi_code"], &ind["title"]) {
                (Value::String(code), Value::String(title)) => {
                    at += text[at..]
                        .find(code.as_str())
                        .unwrap_or_else(|| panic!("{name}: {code} missing or out of order"));
                    assert!(text[at..].contains(&squeeze(title)), "{name}: {title:?}");
                }
                (Value::Null, Value::String(title)) => {
                    at += text[at..]
                        .find(&squeeze(title))
                        .unwrap_or_else(|| panic!("{name}: {title:?} missing or out of order"));
                }
                _ => {
                    at += text[at..]
                        .find("Kpi non definito")
                        .unwrap_or_else(|| panic!("{name}: 'Kpi non definito' missing"));
                }
            }
            for yt in ind["targets"].as_array().unwrap() {
                let printed = yt["target"].as_str().unwrap_or(">=");
                let line = if t == Template::Matrix {
                    format!("Anno {}: {printed}", yt["year"])
                } else {
                    printed.to_string()
                };
                let found = text[at..].contains(&line)
                    || (yt["target"].is_null() && text[at..].contains(&line.replace(">=", "<=")));
                assert!(found, "{name}: {line:?}");
            }
            if let Some(target) = ind["target"].as_str() {
                assert!(text[at..].contains(target), "{name}: {target:?}");
            }
        }
    }
}

fn text_of(v: &Value) -> &str {
    v.as_str().expect("a string")
}

#[test]
fn layouts_vary_over_the_dev_seeds() {
    for t in TEMPLATES {
        let built: Vec<Built> = (100..120).map(|seed| build(t, seed)).collect();
        let seen = |what: &str, f: &dyn Fn(&Built) -> String| {
            let mut kinds: Vec<String> = built.iter().map(f).collect();
            kinds.sort();
            kinds.dedup();
            assert!(kinds.len() > 1, "{}: {what} always {kinds:?}", t.name());
            kinds.len()
        };
        assert!(seen("face", &|b| format!("{:?}", b.style.regular)) >= 3);
        assert!(seen("rules", &|b| format!("{:?}", b.style.rules)) >= 3);
        seen("table size", &|b| b.style.small.to_string());
        seen("cover", &|b| b.style.cover.to_string());
        for what in built[0].choices.iter().map(|(w, _)| *w) {
            seen(what, &|b| {
                b.choices
                    .iter()
                    .find(|(w, _)| *w == what)
                    .map(|(_, c)| c.clone())
                    .unwrap_or_default()
            });
        }
        if t == Template::KpiTable {
            seen("kind", &|b| b.gold.kind.to_string());
        }
        if t != Template::Card {
            seen("objectives over two pages", &|b| {
                b.rendered
                    .objective_pages
                    .iter()
                    .any(|p| p.len() > 1)
                    .to_string()
            });
        }
    }
}

#[test]
fn generation_is_deterministic() {
    for t in TEMPLATES {
        let a = build(t, 7).rendered.bytes;
        assert!(
            a == build(t, 7).rendered.bytes,
            "{}: same seed, other bytes",
            t.name()
        );
        assert!(
            a != build(t, 8).rendered.bytes,
            "{}: another seed, same bytes",
            t.name()
        );
    }
}
