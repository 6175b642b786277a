//! pira turns Italian PIRA performance reports ("Piano degli indicatori e
//! dei risultati attesi di bilancio" and its final account) into clean,
//! typed records: objectives, their financial resources and indicators.
//!
//! The work is a chain of stages, each a module with a typed output:
//!
//! 1. [`read`]: the input becomes a [`read::Document`], pages of positioned words;
//! 2. [`layout`]: words become lines and the report's blocks, a [`layout::ReportLayout`];
//! 3. [`reread`]: on scanned pages, boxed counts and table cells that OCR
//!    lost or doubted, and value cells holding numbers, are read again
//!    from crops of the page image; the readings go into the
//!    [`layout::ReportLayout`], what they changed into [`reread::Rereads`];
//! 4. [`normalize`]: OCR noise is corrected and numbers are parsed, giving a
//!    [`normalize::CleanReport`] and the log of every correction;
//! 5. [`records`]: the records are built and cross-checked into a [`Report`];
//!    a searchable scan's records are checked against pira's own OCR of
//!    its pages ([`read::own_ocr`]), on which stages 2 to 5 run again
//!    ([`records::scan_check`]);
//! 6. [`review`]: a reviewer's overrides are applied and logged;
//! 7. [`write`](mod@write): JSON, CSV and xlsx per the output contract.
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
pub mod reread;
pub mod review;
pub mod vocab;
pub mod write;

pub mod worker;

mod process;

mod input;

pub use error::{Error, ErrorKind, Result};
pub use input::{Input, Options};
pub use model::Report;

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
            check_with_own_ocr(input, options, &vocab, &document, &mut report);
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

/// Stages 2 to 5 on a document as read: layout, reread (on scanned
/// pages, what OCR lost or may have misread is read again), normalization,
/// records.
fn records_of(
    input: &Input,
    options: &Options,
    vocab: &vocab::Vocabulary,
    document: &read::Document,
) -> (layout::ReportLayout, Result<Report>) {
    let mut layout = layout::layout(document, vocab);
    let rereads = reread::reread(&input.bytes, document, &mut layout, &options.read_options());
    let mut clean = normalize::normalize(&layout, vocab);
    clean.corrections.extend(rereads.corrections);
    let report = records::build(input, options, document, clean).map(|mut report| {
        report.warnings.extend(rereads.warnings);
        report
    });
    (layout, report)
}

/// Checks a searchable scan's records against pira's own OCR of its page
/// images ([`read::own_ocr`]): fields read differently are flagged and
/// take pira's reading unless its OCR doubted them
/// ([`records::scan_check`]).
fn check_with_own_ocr(
    input: &Input,
    options: &Options,
    vocab: &vocab::Vocabulary,
    document: &read::Document,
    report: &mut Report,
) {
    match read::own_ocr(&input.bytes, document, &options.read_options()) {
        Ok(Some(own)) => {
            if let (_, Ok(other)) = records_of(input, options, vocab, &own) {
                records::scan_check::compare(report, &other);
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
