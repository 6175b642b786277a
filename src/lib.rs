//! pira turns Italian PIRA performance reports ("Piano degli indicatori e
//! dei risultati attesi di bilancio" and its final account) into clean,
//! typed records: objectives, their financial resources and indicators.
//!
//! The work is a chain of stages, each a module with a typed output:
//!
//! 1. [`read`]: the input becomes a [`read::Document`], pages of positioned words;
//! 2. [`layout`]: words become lines and the report's blocks, a [`layout::ReportLayout`];
//!    on scanned pages, boxed counts and table cells that OCR lost or
//!    doubted, and value cells holding numbers, are read again from the
//!    page image ([`read::reread`]);
//! 3. [`normalize`]: OCR noise is corrected and numbers are parsed, giving a
//!    [`normalize::CleanReport`] and the log of every correction;
//! 4. [`records`]: the records are built and cross-checked into a [`Report`];
//!    a searchable scan's records are checked against pira's own OCR of
//!    its pages, stages 2 to 4 run again on that second reading
//!    ([`read::second_reading`], [`records::second_reading`]);
//! 5. [`review`]: a reviewer's overrides are applied and logged;
//! 6. [`write`](mod@write): JSON, CSV and xlsx per the output contract.
//!
//! ```
//! let text = std::fs::read("fixtures/000_b2d698d42f0df24e.txt")?;
//! let report = pira::extract(&pira::Input::from_bytes("sample.txt", text), &pira::Options::default())?;
//! assert_eq!(report.objectives.len(), 17);
//! assert_eq!(report.objectives[0].code, "011-005-001");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod batch;
pub mod error;
pub mod inspect;
pub mod layout;
pub mod manifest;
pub mod model;
pub mod normalize;
pub mod read;
pub mod records;
pub mod review;
pub mod vocab;
pub mod write;

pub mod worker;

mod process;

mod input;
mod rereads;

pub use error::{Error, ErrorKind, Result};
pub use input::{Input, Options};
pub use model::Report;

use model::Correction;

/// Runs the whole chain on one input: a pure function of the input's bytes
/// and the options.
pub fn extract(input: &Input, options: &Options) -> Result<Report> {
    run_stages(input, options)
        .and_then(|stages| stages.report)
        .map_err(|e| e.in_file(&input.name))
}

/// What each stage made, for `pira inspect`: the document as read and its
/// layout, then the report or why none was made from them.
pub(crate) struct Stages {
    pub document: read::Document,
    pub layout: layout::ReportLayout,
    pub report: Result<Report>,
}

/// The chain, stage by stage.
pub(crate) fn run_stages(input: &Input, options: &Options) -> Result<Stages> {
    let vocab = options.vocabulary()?;
    let document = read::read_with(&input.bytes, &options.read_options())?;
    let (layout, report) = records_of(input, options, &vocab, &document);
    let report = report.map(|mut report| {
        if !options.trust_text_layer {
            check_second_reading(input, options, &vocab, &document, &mut report);
        }
        review::apply(&mut report, &options.overrides);
        report
    });
    Ok(Stages {
        document,
        layout,
        report,
    })
}

/// Stages 2 to 4 on a document as read: layout (and, on scanned pages,
/// what OCR lost or may have misread read again: [`rereads`]),
/// normalization, records.
fn records_of(
    input: &Input,
    options: &Options,
    vocab: &vocab::Vocabulary,
    document: &read::Document,
) -> (layout::ReportLayout, Result<Report>) {
    let mut layout = layout::layout(document, vocab);
    let rereads = rereads::reread(input, options, document, &mut layout);
    let mut clean = normalize::normalize(&layout, vocab);
    let code = |i: usize| {
        clean
            .schede
            .get(i)
            .and_then(|s| s.code.as_ref())
            .map(|c| c.value.clone())
    };
    let corrections: Vec<Correction> = rereads
        .corrections
        .into_iter()
        .map(|(i, c)| Correction {
            objective_code: code(i),
            ..c
        })
        .collect();
    let warnings: Vec<model::Warning> = rereads
        .disagreements
        .into_iter()
        .map(|(i, w)| model::Warning {
            objective_code: code(i),
            ..w
        })
        .collect();
    clean.corrections.extend(corrections);
    let report = records::build(input, options, document, clean).map(|mut report| {
        report.warnings.extend(warnings);
        report
    });
    (layout, report)
}

/// Checks a searchable scan's records against pira's own OCR of its page
/// images ([`read::second_reading`]): fields read differently are flagged
/// and take pira's reading unless its OCR doubted them
/// ([`records::second_reading`]).
fn check_second_reading(
    input: &Input,
    options: &Options,
    vocab: &vocab::Vocabulary,
    document: &read::Document,
    report: &mut Report,
) {
    match read::second_reading(&input.bytes, document, &options.read_options()) {
        Ok(Some(second)) => {
            if let (_, Ok(other)) = records_of(input, options, vocab, &second) {
                records::second_reading::compare(report, &other);
            }
        }
        Ok(None) => {}
        Err(e) => report.warnings.push(unchecked(document, &e)),
    }
}

/// The warning that a searchable scan's text layer stands unchecked.
fn unchecked(document: &read::Document, why: &Error) -> model::Warning {
    let scanned = document.pages.iter().filter(|p| p.scanned);
    model::Warning {
        code: model::WarningCode::TextLayerUnchecked,
        message: format!(
            "{} scanned page(s) read from their text layer could not be checked against pira's own OCR ({why}): their fields stand as the text layer gives them",
            scanned.clone().count()
        ),
        page: scanned.map(|p| p.number).next(),
        objective_code: None,
        indicator_number: None,
        field: None,
    }
}
