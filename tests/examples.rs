//! The library example `examples/extract.rs`, run through its `run` function
//! (the one its `main` calls), on the sample report.

// The example's `main` is not called here.
#[allow(dead_code)]
#[path = "../examples/extract.rs"]
mod extract_example;

use std::path::Path;

#[test]
fn example_describes_the_sample() {
    let text = match extract_example::run(Path::new(extract_example::SAMPLE)) {
        Ok(text) => text,
        Err(e) => panic!("the example failed on the sample: {e}"),
    };
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.first().copied(),
        Some("000_b2d698d42f0df24e.txt: Camera di Commercio di Brescia, 2020, final account")
    );
    assert_eq!(lines.get(1).copied(), Some("17 objectives, 37 indicators"));

    // One line per objective, one (indented) per indicator.
    let objectives: Vec<&str> = lines[2..]
        .iter()
        .copied()
        .filter(|l| !l.starts_with("  "))
        .collect();
    let indicators = lines[2..].iter().filter(|l| l.starts_with("  ")).count();
    assert_eq!(objectives.len(), 17, "{text}");
    assert_eq!(indicators, 37, "{text}");
    assert!(
        objectives[0].starts_with("011-005-001 RIORGANIZZAZIONE DELL'ENTE")
            && objectives[0].ends_with(": 2 indicators"),
        "{}",
        objectives[0]
    );
    assert!(
        objectives[16].starts_with("032-003-006 ") && objectives[16].ends_with(": 2 indicators"),
        "{}",
        objectives[16]
    );

    // Targets and actuals as the gold file has them.
    for expected in [
        "  1. target € 6.900.000,00, actual € 8.825.715,66",
        "  2. target 1.600, actual 2698",
        "  3. target Realizzazione di almeno 15 eventi, actual Realizzati 21 eventi in webinar",
        "  1. target -5,00%, actual -6,25%",
    ] {
        assert!(
            lines.contains(&expected),
            "no line {expected:?} in:\n{text}"
        );
    }
}

#[test]
fn example_reports_a_missing_file() {
    let missing = Path::new(env!("CARGO_MANIFEST_DIR")).join("no-such-report.txt");
    match extract_example::run(&missing) {
        Ok(text) => panic!("a missing file gave output: {text}"),
        Err(e) => assert!(e.to_string().contains("no-such-report.txt"), "{e}"),
    }
}
