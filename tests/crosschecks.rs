//! Each cross-check of a report, triggered through the CLI: a clean
//! one-scheda report (011-005-002, no warning of its own) is altered the way
//! real reports disagree with themselves, and the warning must name the
//! objective, the field and the page.

mod common;

use std::process::Command;

use serde_json::Value;

/// The clean report with `from` replaced by `to` (once), checked to apply.
fn altered(text: &str, from: &str, to: &str) -> String {
    assert!(
        text.contains(from),
        "the report no longer contains {from:?}"
    );
    text.replacen(from, to, 1)
}

/// A summary matrix page in the report family's style (codes in cells,
/// the title's start beside each), before the report.
fn with_matrix(rows: &[&str], report: &str) -> String {
    let mut text = String::from(" IL PIANO DEGLI INDICATORI E DEI RISULTATI ATTESI DI BILANCIO\n");
    text.push_str("CODICE DESCRIZIONE CODICE DESCRIZIONE\nOBIETTIVI\n");
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    text.push('\n');
    text + report
}

/// The warnings of `text` converted by `pira extract`.
fn warnings_of(text: &str) -> Vec<Value> {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(tmp.path().join("report.txt"), text).expect("write the report");
    let output = Command::new(env!("CARGO_BIN_EXE_pira"))
        .args(["extract", "report.txt", "--out", "out", "--quiet"])
        .current_dir(tmp.path())
        .output()
        .expect("pira runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json = std::fs::read(tmp.path().join("out/report.json")).expect("the report's JSON");
    let report: Value = serde_json::from_slice(&json).expect("JSON");
    report["warnings"].as_array().cloned().unwrap_or_default()
}

struct Case {
    name: &'static str,
    report: String,
    /// (code, objective, field) of a warning that must be raised.
    want: (&'static str, &'static str, Option<&'static str>),
}

#[test]
fn every_cross_check_is_raised_where_the_report_disagrees() {
    let clean = common::clean_report();
    assert!(warnings_of(&clean).is_empty(), "the base report is clean");
    let first_resource = "€ 24.390,75";
    let twin = altered(
        &altered(&clean, "011-005-002", "011-005-009"),
        first_resource,
        "€ 25.390,75",
    );
    let cases = [
        Case {
            name: "declared vs found indicators",
            report: altered(
                &clean,
                "Nr indicatori associati\n\n2",
                "Nr indicatori associati\n\n3",
            ),
            want: (
                "indicator-count-mismatch",
                "011-005-002",
                Some("declared_indicators"),
            ),
        },
        Case {
            name: "listed in the matrix, no scheda",
            report: with_matrix(
                &["011-005-001 [Riorganizzazione 011-005-002 [Diffusione"],
                &clean,
            ),
            want: ("matrix-missing", "011-005-001", None),
        },
        Case {
            name: "a scheda the matrix does not list",
            report: with_matrix(
                &["011-005-001 [Riorganizzazione 011-005-003 [Iniziative"],
                &clean,
            ),
            want: ("matrix-unlisted", "011-005-002", None),
        },
        Case {
            name: "matrix and scheda titles disagree",
            report: with_matrix(
                &[
                    "011-005-001 [Riorganizzazione",
                    "011-005-002 [Sostegno finanziario al credito tramite voucher",
                ],
                &clean,
            ),
            want: ("matrix-title-mismatch", "011-005-002", Some("title")),
        },
        Case {
            name: "one resource, two amounts",
            report: clean.clone() + &twin,
            want: (
                "resource-conflict",
                "011-005-009",
                Some("resources[0].amount"),
            ),
        },
        Case {
            name: "lines that do not add up to the stated total",
            report: altered(
                &clean,
                "\n\n011-005-002\n\nNr",
                "\n\nTotale risorse: € 180.000,00\n\n011-005-002\n\nNr",
            ),
            want: (
                "resource-total-mismatch",
                "011-005-002",
                Some("resources_total"),
            ),
        },
        Case {
            name: "an actual that does not parse",
            // The row as OCR set it (its wrapped lines below the values'):
            // the line-by-line reader keeps the text after "n.d." apart.
            report: altered(
                &common::scheda_from_end(8).replace("ERESCIANE", "BRESCIANE"),
                "133 70 101",
                "133 70 n.d.",
            ),
            want: ("achieved-unknown", "011-005-002", Some("achieved")),
        },
    ];
    for case in cases {
        let warnings = warnings_of(&case.report);
        let (code, objective, field) = case.want;
        let hit = warnings
            .iter()
            .find(|w| w["code"] == code && w["objective_code"] == objective);
        let Some(hit) = hit else {
            panic!(
                "{}: no {code} warning on {objective} in {warnings:#?}",
                case.name
            );
        };
        if let Some(field) = field {
            assert_eq!(hit["field"], field, "{}: {hit}", case.name);
        }
        assert!(hit["page"].as_u64().is_some(), "{}: {hit}", case.name);
        assert!(
            hit["message"].as_str().is_some_and(|m| m.len() > 20),
            "{}: {hit}",
            case.name
        );
    }
}
