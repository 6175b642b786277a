//! pira turns Italian PIRA performance reports ("Piano degli indicatori e
//! dei risultati attesi di bilancio" and its final account) into clean,
//! typed records: objectives, their financial resources and indicators.
//!
//! The work is a chain of stages, each a module with a typed output:
//!
//! 1. [`read`]: the input becomes a [`read::Document`], pages of positioned words;
//! 2. [`layout`]: words become lines and the report's blocks, a [`layout::ReportLayout`];
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

mod input;

pub use error::{Error, ErrorKind, Result};
pub use input::{Input, Options};
pub use model::Report;

/// Runs the whole chain on one input: a pure function of the input's bytes
/// and the options.
pub fn extract(input: &Input, options: &Options) -> Result<Report> {
    let run = || -> Result<Report> {
        let vocab = options.vocabulary()?;
        let document = read::read_with(
            &input.bytes,
            options.ocr,
            options.lang(),
            options.max_pages(),
        )?;
        let layout = layout::layout(&document, &vocab);
        let clean = normalize::normalize(&layout, &vocab);
        let mut report = records::build(input, options, &document, clean)?;
        review::apply(&mut report, &options.overrides);
        Ok(report)
    };
    run().map_err(|e| e.in_file(&input.name))
}
