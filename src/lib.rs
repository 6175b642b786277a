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
    let (layout, mut report) = records_of(input, options, &vocab, &document)?;
    if !options.trust_text_layer {
        check_second_reading(input, options, &vocab, &document, &mut report);
    }
    review::apply(&mut report, &options.overrides);
    Ok(Stages {
        document,
        layout,
        report,
    })
}

/// Stages 2 to 4 on a document as read: layout (with boxed counts read
/// again), normalization, records.
fn records_of(
    input: &Input,
    options: &Options,
    vocab: &vocab::Vocabulary,
    document: &read::Document,
) -> Result<(layout::ReportLayout, Report)> {
    let mut layout = layout::layout(document, vocab);
    let rereads = reread(input, options, document, &mut layout);
    let mut clean = normalize::normalize(&layout, vocab);
    let code = |i: usize| {
        clean
            .schede
            .get(i)
            .and_then(|s| s.code.as_ref())
            .map(|c| c.value.clone())
    };
    let corrections: Vec<Correction> = (rereads.corrections.into_iter())
        .map(|(i, c)| Correction {
            objective_code: code(i),
            ..c
        })
        .collect();
    let warnings: Vec<model::Warning> = (rereads.disagreements.into_iter())
        .map(|(i, w)| model::Warning {
            objective_code: code(i),
            ..w
        })
        .collect();
    clean.corrections.extend(corrections);
    let mut report = records::build(input, options, document, clean)?;
    report.warnings.extend(warnings);
    Ok((layout, report))
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
            if let Ok((_, other)) = records_of(input, options, vocab, &second) {
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

/// Reads again, from the page image, what the first reading left
/// unusable: declared indicator counts without a digit, and table cells
/// holding words OCR doubted (a row Tesseract read as "COGGSRE 1.999
/// PORZIO" at 0% comes out "Cancellate 1.843 posizioni" once its cell is
/// cropped and read on its own). The new readings replace the old in
/// `layout` and come back as corrections (without their objective code,
/// known only after normalization) with their scheda.
///
/// The value cells of OCR'd pages that hold numbers are read again too: a
/// page's OCR can lose a digit or a minus sign with full confidence. When
/// the cell read alone gives other numbers, its reading is kept (the
/// cell's neighbours no longer disturb it) and the field is flagged with
/// both.
fn reread(
    input: &Input,
    options: &Options,
    document: &read::Document,
    layout: &mut layout::ReportLayout,
) -> Rereads {
    use read::reread::Expect;
    if options.ocr == read::triage::OcrMode::Never || !read::is_pdf(&input.bytes) {
        return Rereads::default();
    }
    // Only a scan's image can show what its words missed.
    let scans: Vec<u32> = document
        .pages
        .iter()
        .filter(|p| p.scanned)
        .map(|p| p.number)
        .collect();
    let ocr_pages: Vec<u32> = document
        .routes
        .iter()
        .filter(|r| r.route == model::Route::Ocr)
        .map(|r| r.page)
        .collect();
    let mut counts = layout::unreadable_counts(layout);
    counts.retain(|(_, r)| scans.contains(&r.page));
    let cells = layout::doubtful_cells(layout, &ocr_pages);
    let numbers = layout::number_cells(layout, &ocr_pages, &cells);
    if counts.is_empty() && cells.is_empty() && numbers.is_empty() {
        return Rereads::default();
    }
    let regions: Vec<_> = counts
        .iter()
        .map(|(_, r)| (*r, Expect::Digits))
        .chain(
            cells
                .iter()
                .chain(&numbers)
                .map(|c| (c.region, Expect::Block)),
        )
        .collect();
    let readings =
        read::reread::read_regions(&input.bytes, &regions, options.lang(), &document.renders);
    let (count_readings, rest) = readings.split_at(counts.len());
    let (cell_readings, number_readings) = rest.split_at(cells.len());
    let mut out = Rereads::default();
    for ((i, region), reading) in counts.into_iter().zip(count_readings) {
        if let Some(text) = reading {
            out.corrections.extend(set_count(layout, i, region, text));
        }
    }
    for (cell, reading) in cells.iter().zip(cell_readings) {
        if let Some(text) = reading.as_deref().and_then(cell_text) {
            out.corrections.extend(set_cell(layout, cell, &text));
        }
    }
    for (cell, reading) in numbers.iter().zip(number_readings) {
        if let Some(text) = reading.as_deref().and_then(cell_text) {
            out.disagreements
                .extend(set_numbers(layout, cell, &text, &mut out.corrections));
        }
    }
    out
}

/// What reading regions again changed, each with its scheda's index.
#[derive(Default)]
struct Rereads {
    corrections: Vec<(usize, Correction)>,
    /// Value cells whose numbers the page's OCR and the cell's own read
    /// differently.
    disagreements: Vec<(usize, model::Warning)>,
}

/// Puts a value cell read again into its indicator when its numbers differ
/// from the page's reading; the warning that says so.
fn set_numbers(
    layout: &mut layout::ReportLayout,
    cell: &layout::DoubtfulCell,
    text: &str,
    corrections: &mut Vec<(usize, Correction)>,
) -> Option<(usize, model::Warning)> {
    let values = |t: &str| -> Vec<rust_decimal::Decimal> {
        normalize::number::find_numbers(t)
            .iter()
            .map(|n| n.value)
            .collect()
    };
    let indicator = layout
        .schede
        .get(cell.scheda)?
        .indicators
        .get(cell.indicator)?;
    let first = indicator.cells.field(cell.field)?.clone()?;
    let (before, after) = (values(&first), values(text));
    if after.is_empty() || before == after {
        return None;
    }
    let number = indicator.number;
    corrections.extend(set_cell(layout, cell, text));
    let message = format!(
        "indicator {number}: pira's OCR of the page gives \"{first}\" for {}, the cell read on its own \"{text}\"; the cell's reading is kept",
        cell.field
    );
    Some((
        cell.scheda,
        model::Warning {
            code: model::WarningCode::ReadingsDiffer,
            message,
            page: Some(cell.region.page),
            objective_code: None,
            indicator_number: Some(number),
            field: Some(cell.field.to_string()),
        },
    ))
}

/// Puts a declared count read again into scheda `i`; its correction.
fn set_count(
    layout: &mut layout::ReportLayout,
    i: usize,
    region: read::reread::Region,
    text: &str,
) -> Option<(usize, Correction)> {
    let field = &mut layout.schede.get_mut(i)?.declared_indicators;
    let raw = field.joined();
    field.lines = vec![text.to_string()];
    field.page = region.page;
    let correction = reread_correction(None, "declared_indicators", raw, text, region.page);
    Some((i, correction))
}

/// Puts a cell read again into its indicator, which loses the doubtful
/// words of that cell; its correction, if the text changed.
fn set_cell(
    layout: &mut layout::ReportLayout,
    cell: &layout::DoubtfulCell,
    text: &str,
) -> Option<(usize, Correction)> {
    let indicator = layout
        .schede
        .get_mut(cell.scheda)?
        .indicators
        .get_mut(cell.indicator)?;
    let number = indicator.number;
    let cells = &mut indicator.cells;
    cells.doubtful.retain(|d| d.field != cell.field);
    let slot = cells.field_mut(cell.field)?;
    let raw = slot.replace(text.to_string()).unwrap_or_default();
    (raw != text).then(|| {
        let correction = reread_correction(Some(number), cell.field, raw, text, cell.region.page);
        (cell.scheda, correction)
    })
}

fn reread_correction(
    indicator: Option<u32>,
    field: &str,
    raw: String,
    text: &str,
    page: u32,
) -> Correction {
    Correction {
        objective_code: None,
        indicator_number: indicator,
        field: field.into(),
        raw,
        corrected: text.to_string(),
        rule: model::CorrectionRule::Reread,
        page: Some(page),
    }
}

/// A cell's text as read again: its lines joined, the borders OCR read as
/// "|" at either end left out; `None` when no letter or digit is left.
fn cell_text(reading: &str) -> Option<String> {
    let words: Vec<&str> = reading.split_whitespace().collect();
    let text = words
        .join(" ")
        .trim_matches(|c: char| c == '|' || c.is_whitespace())
        .to_string();
    text.chars().any(char::is_alphanumeric).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::cell_text;

    #[test]
    fn a_cell_read_again_loses_its_borders_and_line_breaks() {
        assert_eq!(
            cell_text("| Cancellate 1.843 posizioni\n").as_deref(),
            Some("Cancellate 1.843 posizioni")
        );
        assert_eq!(
            cell_text("Realizzazione di almeno\n1.430 ispezioni |").as_deref(),
            Some("Realizzazione di almeno 1.430 ispezioni")
        );
        assert_eq!(cell_text(" | — \n"), None);
    }
}
