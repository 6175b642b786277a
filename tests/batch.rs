//! A mixed batch as users run it: the sample text, a text-layer PDF, a
//! searchable scan and a corrupt file; and the CSV tables read back with the
//! `csv` crate into the same records as the JSON.

mod common;

use std::path::Path;
use std::process::Command;

use pira::model::Report;

fn generated(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/generated")
            .join(name),
    )
    .expect("a committed generated fixture")
}

fn rows(path: &Path) -> Vec<csv::StringRecord> {
    let mut reader = csv::Reader::from_path(path).expect("a CSV table");
    reader.records().map(|r| r.expect("a CSV row")).collect()
}

fn header(path: &Path) -> csv::StringRecord {
    csv::Reader::from_path(path)
        .expect("a CSV table")
        .headers()
        .expect("a header")
        .clone()
}

fn column(h: &csv::StringRecord, name: &str) -> usize {
    h.iter()
        .position(|c| c == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

#[test]
fn mixed_batch_and_csv_round_trip() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let input = tmp.path().join("archive");
    std::fs::create_dir_all(&input).expect("folder");
    std::fs::write(input.join("2020-brescia.txt"), common::sample_text()).expect("write");
    std::fs::write(
        input.join("2023-brescia.pdf"),
        generated("gen_s1_01_brescia_2023_consuntivo.pdf"),
    )
    .expect("write");
    std::fs::write(
        input.join("2019-padova-scan.pdf"),
        generated("gen_s15_01_padova_2019_consuntivo_compact.scan.pdf"),
    )
    .expect("write");
    let mut corrupt = generated("gen_s1_01_brescia_2023_consuntivo.pdf");
    corrupt.truncate(900);
    std::fs::write(input.join("corrupt.pdf"), corrupt).expect("write");

    let output = Command::new(env!("CARGO_BIN_EXE_pira"))
        .args(["extract", "archive", "--out", "out", "--ocr", "never"])
        .current_dir(tmp.path())
        .output()
        .expect("pira runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let failures: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.starts_with("pira: "))
        .collect();
    assert_eq!(failures.len(), 1, "{stderr}");
    assert!(failures[0].starts_with("corrupt.pdf: "), "{stderr}");
    assert!(
        stderr.contains("3 converted, 0 skipped, 1 failed"),
        "{stderr}"
    );

    let out = tmp.path().join("out");
    let mut reports: Vec<Report> = ["2019-padova-scan", "2020-brescia", "2023-brescia"]
        .iter()
        .map(|stem| {
            let bytes = std::fs::read(out.join(format!("{stem}.json"))).expect("per-input JSON");
            pira::write::json::read_report(&bytes).expect("a report")
        })
        .collect();
    reports.sort_by(|a, b| a.source.file.cmp(&b.source.file));
    assert_eq!(
        reports.iter().map(|r| r.year).collect::<Vec<_>>(),
        [Some(2019), Some(2020), Some(2023)]
    );

    // objectives.csv: one row per objective, in source_file then document order.
    let (h, o) = (
        header(&out.join("objectives.csv")),
        rows(&out.join("objectives.csv")),
    );
    let expected: Vec<(String, String, String)> = reports
        .iter()
        .flat_map(|r| {
            r.objectives.iter().map(move |o| {
                (
                    r.source.file.clone(),
                    o.code.clone(),
                    o.resources_total.map(|d| d.to_string()).unwrap_or_default(),
                )
            })
        })
        .collect();
    let got: Vec<(String, String, String)> = o
        .iter()
        .map(|r| {
            (
                r[column(&h, "source_file")].to_string(),
                r[column(&h, "code")].to_string(),
                r[column(&h, "resources_total")].to_string(),
            )
        })
        .collect();
    assert_eq!(got, expected);

    // indicators.csv: every value as the JSON has it.
    let (h, ind) = (
        header(&out.join("indicators.csv")),
        rows(&out.join("indicators.csv")),
    );
    let expected: Vec<Vec<String>> = reports
        .iter()
        .flat_map(|r| {
            r.objectives.iter().flat_map(move |o| {
                o.indicators.iter().map(move |i| {
                    let d = |v: Option<rust_decimal::Decimal>| {
                        v.map(|d| d.to_string()).unwrap_or_default()
                    };
                    vec![
                        r.source.file.clone(),
                        r.year.map(|y| y.to_string()).unwrap_or_default(),
                        o.code.clone(),
                        i.number.to_string(),
                        i.target.clone().unwrap_or_default(),
                        d(i.target_value),
                        d(i.actual_value),
                        i.achieved.map(|a| a.to_string()).unwrap_or_default(),
                    ]
                })
            })
        })
        .collect();
    let names = [
        "source_file",
        "year",
        "objective_code",
        "number",
        "target",
        "target_value",
        "actual_value",
        "achieved",
    ];
    let got: Vec<Vec<String>> = ind
        .iter()
        .map(|r| names.iter().map(|n| r[column(&h, n)].to_string()).collect())
        .collect();
    assert_eq!(got, expected);

    // resources.csv and warnings.csv: as many rows as the JSON has records.
    let resources: usize = reports
        .iter()
        .flat_map(|r| &r.objectives)
        .map(|o| o.resources.len())
        .sum();
    assert_eq!(rows(&out.join("resources.csv")).len(), resources);
    let warnings: usize = reports.iter().map(|r| r.warnings.len()).sum();
    assert_eq!(rows(&out.join("warnings.csv")).len(), warnings);
}
