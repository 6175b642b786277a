//! Helpers shared by the integration tests: where the sample is, and small
//! reports cut out of it (one scheda each) for tests that need a fast input.

// Each test crate uses only some of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The sample's file name, which is also its input name.
pub const SAMPLE_NAME: &str = "000_b2d698d42f0df24e.txt";

/// The sample report (OCR text of a 32-page final account).
pub fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(SAMPLE_NAME)
}

/// The sample's text.
pub fn sample_text() -> String {
    let path = sample_path();
    match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => panic!("cannot read the sample {}: {e}", path.display()),
    }
}

/// One scheda of the sample, counted from the end (0 = the last), as a
/// stand-alone report.
///
/// The sample marks a page start with a line that begins with a single space;
/// the schede counted here each start on a page whose first line is
/// " Missione". Scheda 8 from the end (011-005-002, pages 5-6) gives a clean
/// report with no warning; the one before the last (032-003-005, pages
/// 30-31) has uncertain amounts and an assumed direction, so it gives
/// warnings.
pub fn scheda_from_end(n: usize) -> String {
    let text = sample_text();
    let starts: Vec<usize> = text
        .match_indices("\n Missione\n")
        .map(|(i, _)| i + 1)
        .collect();
    assert!(
        starts.len() > n,
        "the sample has only {} pages starting with \" Missione\"",
        starts.len()
    );
    let start = starts[starts.len() - 1 - n];
    let end = if n == 0 {
        text.len()
    } else {
        starts[starts.len() - n]
    };
    text[start..end].to_string()
}

/// A small report that pira converts without any warning (011-005-002),
/// set right as a reviewer would: its one OCR slip ("ERESCIANE", which
/// pira flags), and its two table rows, whose wrapped algorithm and
/// source lines plain text interleaves with no border (pira warns that it
/// shares them out by guess): the borders put back, or the row set on one
/// line.
pub fn clean_report() -> String {
    const ROWS: [(&str, &str); 2] = [
        (
            "REPORT SUGLI\nEFFICACIA NUMERO EVENTIE |EVENTIE CAMPAGNE\nESTERMA/QUALITA NUMERICA COMUNICAZIONI INFORMATIVE 133 70 101\nMIRATE REALIZZATE DEDICATI ALLE\nIMPRESE\n",
            "REPORT SUGLI\nEFFICACIA NUMERO EVENTIE |EVENTIE CAMPAGNE\nESTERMA/QUALITA NUMERICA COMUNICAZIONI | INFORMATIVE 133 70 101\nMIRATE REALIZZATE | DEDICATI ALLE IMPRESE\n",
        ),
        (
            "MUMERD\nQUESTIONARI DI\nEFFICACIA REFPORT QUESTIONARI\n. NUMERICA ASSESSMENT 173 120 183\nESTERNA/QUALITA COMPILATI DALLE ELFIE E ZOOM\nIMPRESE\n",
            "EFFICACIA ESTERNA/QUALITA NUMERICA NUMERO QUESTIONARI DI ASSESSMENT COMPILATI DALLE IMPRESE | REPORT QUESTIONARI SELFIE E ZOOM 173 120 183\n",
        ),
    ];
    let mut text = scheda_from_end(8).replace("ERESCIANE", "BRESCIANE");
    for (wrapped, row) in ROWS {
        assert!(text.contains(wrapped), "the sample's row {wrapped:?}");
        text = text.replace(wrapped, row);
    }
    text
}

/// A small report that gives warnings (032-003-005: uncertain amounts).
pub fn report_with_warnings() -> String {
    scheda_from_end(1)
}
pub mod score;

/// The words of a text, one space apart.
pub fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// pdftotext's text of a PDF in content-stream order, whitespace squeezed;
/// `None` where poppler-utils is not installed.
pub fn raw_text(path: &Path) -> Option<String> {
    let out = std::process::Command::new("pdftotext")
        .arg("-raw")
        .arg(path)
        .arg("-")
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        path.display()
    );
    Some(squeeze(&String::from_utf8(out.stdout).expect("UTF-8")))
}
