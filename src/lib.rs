//! pira turns Italian PIRA performance reports ("Piano degli indicatori e
//! dei risultati attesi di bilancio" and its final account) into clean,
//! typed records: objectives, their financial resources and indicators.
//!
//! # Use
//!
//! [`extract`] takes one [`Input`] and the [`Options`] and gives its
//! [`Report`] (the records of [`model`]) or an [`Error`] naming the input
//! and the reason:
//!
//! ```
//! let text = std::fs::read("fixtures/000_b2d698d42f0df24e.txt")?;
//! let input = pira::Input::from_bytes("sample.txt", text);
//! let report = pira::extract(&input, &pira::Options::default())?;
//! assert_eq!(report.objectives.len(), 17);
//! let objective = &report.objectives[0];
//! assert_eq!(objective.code, "011-005-001");
//! assert_eq!(objective.indicators[0].target.as_deref(), Some("€ 6.900.000,00"));
//! // Every warning and correction names the field it is about.
//! for warning in &report.warnings {
//!     println!("{} {:?}", warning.code.as_str(), warning.field.map(|f| f.to_string()));
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ```
//! let input = pira::Input::from_bytes("notes.txt", b"nothing of a report".to_vec());
//! let error = pira::extract(&input, &pira::Options::default()).unwrap_err();
//! assert!(error.to_string().starts_with("notes.txt: "), "{error}");
//! ```
//!
//! # The chain
//!
//! Each stage is a module with a typed output, the next stage's input; no
//! stage imports a later one:
//!
//! 1. `read`: the input's bytes (and the read options) become a
//!    `read::Document`, pages of positioned words, each page read from its
//!    text layer or by OCR;
//! 2. `layout`: the `Document` and the vocabulary become a
//!    `layout::ReportLayout`: lines, and the report's blocks (schede, their
//!    fields, the indicator tables' cells);
//! 3. `reread` (on scanned pages): the `ReportLayout` and the `Document`'s
//!    page images give a list of `reread::Request`s (cell, crop, reason),
//!    read through the OCR engine into `reread::Readings` keyed by cell;
//!    the readings go back into the `ReportLayout`, what they changed into
//!    `reread::Rereads` (corrections, warnings): the counts and table
//!    cells OCR lost or doubted, and value cells whose numbers it may have
//!    misread;
//! 4. `normalize`: the `ReportLayout` becomes a `normalize::CleanReport`:
//!    OCR noise corrected, every change logged as a
//!    [`Correction`](model::Correction);
//! 5. `records`: the `CleanReport` and the input's [`Source`](model::Source)
//!    become the [`Report`], values parsed, `achieved` judged,
//!    cross-checks as [`Warning`](model::Warning)s; a searchable scan's
//!    `Report` is checked (`records::scan_check`) against stages 2 to 5
//!    run on pira's own OCR of its pages (`read::own_ocr`);
//! 6. review: the reviewer's [`Override`]s change the `Report`'s fields,
//!    logged as corrections;
//! 7. `write`: the `Report`s become the per-input JSON, the run-wide CSV
//!    tables or xlsx, and the review page.
//!
//! The stage modules, the batch runner and `pira inspect` are public for
//! the command line, the tests, examples and fuzz targets, but are not
//! part of the documented API.

pub mod model;

#[doc(hidden)]
pub mod batch;
#[doc(hidden)]
pub mod inspect;
#[doc(hidden)]
pub mod layout;
#[doc(hidden)]
pub mod manifest;
#[doc(hidden)]
pub mod normalize;
#[doc(hidden)]
pub mod read;
#[doc(hidden)]
pub mod records;
#[doc(hidden)]
pub mod reread;
#[doc(hidden)]
pub mod vocab;
#[doc(hidden)]
pub mod worker;
#[doc(hidden)]
pub mod write;

mod error;
mod input;
mod options;
mod overrides;
mod process;
mod review;

pub use error::{Error, ErrorKind, Result};

/// A hash map for the chain's hot lookups (a line's label, a word's fix,
/// a font): foldhash hashes a short key in a few instructions where the
/// standard SipHash takes a few hundred, and is seeded per map alike.
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
/// A hash set of [`FastMap`]'s kind.
pub(crate) type FastSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;
pub use input::Input;
pub use model::Report;
pub use options::Options;
pub use overrides::{read_overrides, Override};
pub use read::OcrMode;

/// Runs the whole chain on one input: a pure function of the input's bytes
/// and the options.
///
/// ```
/// let input = pira::Input::from_path("fixtures/000_b2d698d42f0df24e.txt".as_ref())?;
/// let report = pira::extract(&input, &pira::Options::default())?;
/// assert_eq!(report.source.file, "000_b2d698d42f0df24e.txt");
/// assert_eq!(report.source.sha256, input.sha256());
/// assert_eq!(report.year, Some(2020));
/// # Ok::<(), pira::Error>(())
/// ```
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
    let report =
        records::build(source(input, options, document), clean, vocab).map(|mut report| {
            // A value the reread found ink for and no reading: a doubt
            // where the records left its field empty.
            let lost = |w: &model::Warning| w.code == model::WarningCode::MissingField;
            let kept = rereads
                .warnings
                .into_iter()
                .filter(|w| !lost(w) || records::left_empty(&report.objectives, w));
            report.warnings.extend(kept.collect::<Vec<_>>());
            report
        });
    (layout, report)
}

/// Where the report comes from and how it was read: the records stage's
/// input beside the clean text.
#[doc(hidden)]
pub fn source(input: &Input, options: &Options, document: &read::Document) -> model::Source {
    model::Source {
        file: input.name.clone(),
        sha256: input.sha256(),
        pira_version: env!("CARGO_PKG_VERSION").to_string(),
        options: options.to_json(&input.name),
        format: document.format,
        pages: document.pages.len() as u32,
        page_routes: document.routes.clone(),
    }
}

/// Checks a searchable scan's records against pira's own OCR of its page
/// images (`read::own_ocr`): fields read differently are flagged and take
/// pira's reading unless its OCR doubted them (`records::scan_check`).
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
