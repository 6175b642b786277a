//! The reread step between layout and normalization: on scanned pages,
//! what the first reading left unusable or may have got wrong is read
//! again from crops of the page image ([`crate::read::reread`]), and the
//! new readings go back into the layout.

use crate::model::{self, Correction, FieldPath, ObjectiveField};
use crate::{layout, normalize, read};
use crate::{Input, Options};

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
pub(crate) fn reread(
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
            set_numbers(layout, cell, &text, &mut out);
        }
    }
    out
}

/// What reading regions again changed, each with its scheda's index.
#[derive(Default)]
pub(crate) struct Rereads {
    pub corrections: Vec<(usize, Correction)>,
    /// Value cells whose numbers the page's OCR and the cell's own read
    /// differently.
    pub disagreements: Vec<(usize, model::Warning)>,
}

/// Puts a value cell read again into its indicator when its numbers differ
/// from the page's reading, with its correction and the warning that says
/// so.
fn set_numbers(
    layout: &mut layout::ReportLayout,
    cell: &layout::DoubtfulCell,
    text: &str,
    out: &mut Rereads,
) -> Option<()> {
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
    let first = indicator.cells[cell.column].clone()?;
    let (before, after) = (values(&first), values(text));
    if after.is_empty() || before == after {
        return None;
    }
    let number = indicator.number;
    out.corrections.extend(set_cell(layout, cell, text));
    let message = format!(
        "indicator {number}: pira's OCR of the page gives \"{first}\" for {}, the cell read on its own \"{text}\"; the cell's reading is kept",
        cell.column
    );
    let warning = model::Warning {
        code: model::WarningCode::ReadingsDiffer,
        message,
        page: Some(cell.region.page),
        objective_code: None,
        indicator_number: Some(number),
        field: Some(FieldPath::cell(number, cell.column)),
    };
    out.disagreements.push((cell.scheda, warning));
    Some(())
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
    let field = ObjectiveField::DeclaredIndicators.into();
    let correction = reread_correction(field, raw, text, region.page);
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
    cells.doubtful.retain(|d| d.column != cell.column);
    let raw = cells[cell.column]
        .replace(text.to_string())
        .unwrap_or_default();
    (raw != text).then(|| {
        let field = FieldPath::cell(number, cell.column);
        let correction = reread_correction(field, raw, text, cell.region.page);
        (cell.scheda, correction)
    })
}

fn reread_correction(field: FieldPath, raw: String, text: &str, page: u32) -> Correction {
    Correction {
        objective_code: None,
        indicator_number: field.indicator_number(),
        field,
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
