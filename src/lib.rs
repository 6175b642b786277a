//! pira turns Italian PIRA performance reports ("Piano degli indicatori e
//! dei risultati attesi di bilancio" and its final account) into clean,
//! typed records: objectives, their financial resources and indicators.
//!
//! The work is a chain of stages, each a module with a typed output:
//!
//! 1. [`read`]: the input becomes a [`read::Document`], pages of positioned words;
//! 2. [`layout`]: words become lines and the report's blocks, a [`layout::ReportLayout`];
//!    a boxed count that a scan's OCR lost is read again from the page image
//!    ([`read::reread`]);
//! 3. [`normalize`]: OCR noise is corrected and numbers are parsed, giving a
//!    [`normalize::CleanReport`] and the log of every correction;
//! 4. [`records`]: the records are built and cross-checked into a [`Report`];
//! 5. [`review`]: a reviewer's overrides are applied and logged;
//! 6. [`write`]: JSON, CSV and xlsx per the output contract.
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

pub use error::{Error, ErrorKind, Result};
pub use input::{Input, Options};
pub use model::Report;

use model::Correction;

/// Runs the whole chain on one input: a pure function of the input's bytes
/// and the options.
pub fn extract(input: &Input, options: &Options) -> Result<Report> {
    run_stages(input, options)
        .map(|stages| stages.report)
        .map_err(|e| e.in_file(&input.name))
}

/// What each stage made, for `pira inspect`.
pub(crate) struct Stages {
    pub document: read::Document,
    pub layout: layout::ReportLayout,
    pub report: Report,
}

/// The chain, stage by stage.
pub(crate) fn run_stages(input: &Input, options: &Options) -> Result<Stages> {
    let vocab = options.vocabulary()?;
    let document = read::read_with(&input.bytes, &options.read_options())?;
    let mut layout = layout::layout(&document, &vocab);
    let rereads = reread_counts(input, options, &mut layout);
    let mut clean = normalize::normalize(&layout, &vocab);
    clean.corrections.extend(rereads.into_iter().map(|(i, c)| {
        Correction {
            objective_code: clean
                .schede
                .get(i)
                .and_then(|s| s.code.as_ref())
                .map(|c| c.value.clone()),
            ..c
        }
    }));
    let mut report = records::build(input, options, &document, clean)?;
    review::apply(&mut report, &options.overrides);
    Ok(Stages {
        document,
        layout,
        report,
    })
}

/// Reads again, from the page image, each declared indicator count that
/// a PDF's text layer or OCR gave without a digit; the new readings replace
/// the old in `layout` and come back as corrections (without their
/// objective code, known only after normalization) with their scheda.
fn reread_counts(
    input: &Input,
    options: &Options,
    layout: &mut layout::ReportLayout,
) -> Vec<(usize, Correction)> {
    let wanted = layout::unreadable_counts(layout);
    if wanted.is_empty()
        || options.ocr == read::triage::OcrMode::Never
        || !read::is_pdf(&input.bytes)
    {
        return Vec::new();
    }
    let regions: Vec<_> = wanted
        .iter()
        .map(|(_, r)| (*r, read::reread::Expect::Digits))
        .collect();
    let readings = read::reread::read_regions(&input.bytes, &regions, options.lang());
    let mut corrections = Vec::new();
    for ((i, region), reading) in wanted.into_iter().zip(readings) {
        let (Some(text), Some(scheda)) = (reading, layout.schede.get_mut(i)) else {
            continue;
        };
        let field = &mut scheda.declared_indicators;
        corrections.push((
            i,
            Correction {
                objective_code: None,
                indicator_number: None,
                field: "declared_indicators".into(),
                raw: field.joined(),
                corrected: text.clone(),
                rule: model::CorrectionRule::Reread,
                page: Some(region.page),
            },
        ));
        field.lines = vec![text];
        field.page = region.page;
    }
    corrections
}
