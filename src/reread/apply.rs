//! The readings go back into the layout, each into the cell it was read
//! from, with the corrections and warnings that say so.

use rust_decimal::Decimal;

use super::{Cell, Failure, Readings, Reason, Request, Rereads};
use crate::layout::{IndicatorLayout, ReportLayout};
use crate::model::{Correction, CorrectionRule, FieldPath, ObjectiveField, Warning, WarningCode};
use crate::normalize::number::find_numbers;

/// Puts what `readings` hold for `requests` into `layout`, in the order of
/// the requests; what changed, and the crops that could not be read.
pub(super) fn apply(
    layout: &mut ReportLayout,
    requests: &[Request],
    readings: &Readings,
) -> Rereads {
    let mut out = Rereads::default();
    for request in requests {
        let Some(reading) = readings.texts.get(&request.cell) else {
            continue;
        };
        let page = request.crop.page;
        match (request.cell, request.reason) {
            (Cell::DeclaredCount { scheda }, _) => {
                out.corrections
                    .extend(set_count(layout, scheda, reading, page));
            }
            (cell, Reason::NumbersChecked) => {
                if let Some(text) = cell_text(reading) {
                    check_numbers(layout, cell, &text, page, &mut out);
                }
            }
            (cell, reason) => match cell_text(reading) {
                Some(text) => out.corrections.extend(set_cell(layout, cell, &text, page)),
                None if reason == Reason::CellEmpty => {
                    out.warnings.push(lost_warning(layout, cell, page));
                }
                None => {}
            },
        }
    }
    let failed = readings.failures.iter().map(|f| failure_warning(layout, f));
    out.warnings.extend(failed);
    let lost = requests
        .iter()
        .filter(|r| matches!(r.reason, Reason::CountUnreadable | Reason::CellEmpty))
        .filter(|r| readings.blank.contains(&r.cell));
    out.warnings
        .extend(lost.map(|r| lost_warning(layout, r.cell, r.crop.page)));
    out
}

/// The warning on a cell whose first reading has no value and whose crop
/// holds ink that OCR, read again, made nothing of: the page image shows
/// a value that no reading gives (DEV scan 220: a boxed "1" after "N.
/// INDICATORI" read as nothing, twice; an empty box is cut to no crop).
fn lost_warning(layout: &ReportLayout, cell: Cell, page: u32) -> Warning {
    let (scheda, field) = place(layout, cell);
    Warning {
        code: WarningCode::MissingField,
        message: "the page image shows ink in its box that OCR read nothing from, on the page and on its own: a value lost?".to_string(),
        page: Some(page),
        objective_code: scheda.and_then(|s| objective_code(layout, s)),
        indicator_number: field.and_then(|f| f.indicator_number()),
        field,
    }
}

/// The scheda `cell` lies in, and its field, as far as the layout has them.
pub(super) fn place(layout: &ReportLayout, cell: Cell) -> (Option<usize>, Option<FieldPath>) {
    match cell {
        Cell::DeclaredCount { scheda } => (
            Some(scheda),
            Some(ObjectiveField::DeclaredIndicators.into()),
        ),
        Cell::Indicator {
            scheda,
            indicator,
            column,
        } => {
            let found = layout
                .schede
                .get(scheda)
                .and_then(|s| s.indicators.get(indicator));
            (
                Some(scheda),
                found.map(|i| FieldPath::cell(i.number, column)),
            )
        }
    }
}

/// The objective code of scheda `i`, as normalization gives it.
pub(super) fn objective_code(layout: &ReportLayout, i: usize) -> Option<String> {
    let scheda = layout.schede.get(i)?;
    scheda.code.as_ref().map(|(code, _)| code.clone())
}

fn indicator_mut(
    layout: &mut ReportLayout,
    scheda: usize,
    i: usize,
) -> Option<&mut IndicatorLayout> {
    layout.schede.get_mut(scheda)?.indicators.get_mut(i)
}

/// Puts a declared count read again into scheda `i`; its correction.
fn set_count(layout: &mut ReportLayout, i: usize, text: &str, page: u32) -> Option<Correction> {
    let code = objective_code(layout, i);
    let field = &mut layout.schede.get_mut(i)?.declared_indicators;
    let raw = field.joined();
    field.lines = vec![text.to_string()];
    field.page = page;
    let declared = ObjectiveField::DeclaredIndicators.into();
    Some(reread_correction(code, declared, raw, text, page))
}

/// Puts a cell read again into its indicator, which loses the doubtful
/// words of that cell; its correction, if the text changed.
fn set_cell(layout: &mut ReportLayout, cell: Cell, text: &str, page: u32) -> Option<Correction> {
    let Cell::Indicator {
        scheda,
        indicator,
        column,
    } = cell
    else {
        return None;
    };
    let code = objective_code(layout, scheda);
    let indicator = indicator_mut(layout, scheda, indicator)?;
    let field = FieldPath::cell(indicator.number, column);
    let cells = &mut indicator.cells;
    cells.doubtful.retain(|d| d.column != column);
    let raw = cells[column].replace(text.to_string()).unwrap_or_default();
    (raw != text).then(|| reread_correction(code, field, raw, text, page))
}

/// Flags a value cell whose numbers, read again on their own, differ from
/// the page's reading. The page's reading is kept: on the DEV scans
/// (seeds 120-210) it was the right one wherever the two differed, the
/// cell's crop having lost a minus sign at its edge, read "70%" as
/// "710%" or its words cut at their foot as "23 nasiziani"; the warning
/// names both for a reviewer.
fn check_numbers(
    layout: &ReportLayout,
    cell: Cell,
    text: &str,
    page: u32,
    out: &mut Rereads,
) -> Option<()> {
    let Cell::Indicator {
        scheda,
        indicator,
        column,
    } = cell
    else {
        return None;
    };
    let values = |t: &str| -> Vec<Decimal> { find_numbers(t).iter().map(|n| n.value).collect() };
    let found = layout.schede.get(scheda)?.indicators.get(indicator)?;
    let number = found.number;
    let first = found.cells[column].clone()?;
    let (before, after) = (values(&first), values(text));
    if after.is_empty() || before == after {
        return None;
    }
    let message = format!(
        "indicator {number}: pira's OCR of the page gives \"{first}\" for {column}, the cell read on its own \"{text}\"; the page's reading is kept"
    );
    out.warnings.push(Warning {
        code: WarningCode::ReadingsDiffer,
        message,
        page: Some(page),
        objective_code: objective_code(layout, scheda),
        indicator_number: Some(number),
        field: Some(FieldPath::cell(number, column)),
    });
    Some(())
}

fn reread_correction(
    objective_code: Option<String>,
    field: FieldPath,
    raw: String,
    text: &str,
    page: u32,
) -> Correction {
    Correction {
        objective_code,
        indicator_number: field.indicator_number(),
        field,
        raw,
        corrected: text.to_string(),
        rule: CorrectionRule::Reread,
        page: Some(page),
    }
}

/// The warning that crops could not be read again.
fn failure_warning(layout: &ReportLayout, failure: &Failure) -> Warning {
    let pages: Vec<String> = failure.pages.iter().map(u32::to_string).collect();
    let only = match failure.cells.as_slice() {
        [only] => Some(*only),
        _ => None,
    };
    let (scheda, field) = only.map_or((None, None), |cell| place(layout, cell));
    Warning {
        code: WarningCode::RereadFailed,
        message: format!(
            "{} cell(s) on page(s) {} could not be read again from the page image ({}): they keep their first reading",
            failure.cells.len(),
            pages.join(", "),
            failure.why
        ),
        page: failure.pages.first().copied(),
        objective_code: scheda.and_then(|s| objective_code(layout, s)),
        indicator_number: field.and_then(|f| f.indicator_number()),
        field,
    }
}

/// A cell's text as read again: its lines joined, the borders OCR read as
/// "|" at either end left out; `None` when no digit and no word of two
/// letters is left: marks and a letter are OCR's guess at ink it could
/// not read ("55" read "e)", DEV scan 215), no value.
fn cell_text(reading: &str) -> Option<String> {
    let words: Vec<&str> = reading.split_whitespace().collect();
    let text = words
        .join(" ")
        .trim_matches(|c: char| c == '|' || c.is_whitespace())
        .to_string();
    let word = |w: &str| w.chars().filter(|c| c.is_alphanumeric()).count() >= 2;
    let value = text.chars().any(|c| c.is_ascii_digit()) || text.split(' ').any(word);
    value.then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::table::CellBox;
    use crate::layout::{SchedaLayout, TableCells};
    use crate::model::Column;
    use crate::read::{BBox, Region};

    /// DEV scan 196: the page reads "-4,78%", the cell's crop alone
    /// "4,78%" (its minus at the crop's edge). The page's reading stays;
    /// the field is flagged with both.
    #[test]
    fn a_value_read_otherwise_alone_keeps_the_pages_reading_and_is_flagged() {
        let bbox = BBox {
            x0: 300.0,
            y0: 100.0,
            x1: 360.0,
            y1: 120.0,
        };
        let mut cells = TableCells {
            boxes: vec![CellBox {
                page: 2,
                column: Column::Actual,
                bbox,
                skew: 0.0,
            }],
            ..TableCells::default()
        };
        cells[Column::Actual] = Some("-4,78%".into());
        let mut layout = ReportLayout {
            schede: vec![SchedaLayout {
                indicators: vec![IndicatorLayout {
                    number: 4,
                    page: 2,
                    cells,
                    ..IndicatorLayout::default()
                }],
                ..SchedaLayout::default()
            }],
            ..ReportLayout::default()
        };
        let cell = Cell::Indicator {
            scheda: 0,
            indicator: 0,
            column: Column::Actual,
        };
        let requests = [Request {
            cell,
            crop: Region { page: 2, bbox },
            reason: Reason::NumbersChecked,
        }];
        let readings = Readings {
            texts: [(cell, "4,78%\n".to_string())].into(),
            blank: Vec::new(),
            failures: Vec::new(),
        };
        let rereads = apply(&mut layout, &requests, &readings);
        let kept = &layout.schede[0].indicators[0].cells[Column::Actual];
        assert_eq!(kept.as_deref(), Some("-4,78%"));
        assert!(rereads.corrections.is_empty());
        let [warning] = rereads.warnings.as_slice() else {
            panic!("one warning: {:?}", rereads.warnings);
        };
        assert_eq!(warning.code, WarningCode::ReadingsDiffer);
        assert_eq!(warning.field, Some(FieldPath::cell(4, Column::Actual)));
        assert!(
            warning.message.contains("\"-4,78%\""),
            "{}",
            warning.message
        );
        assert!(warning.message.contains("\"4,78%\""), "{}", warning.message);
    }

    /// DEV scans 215 and 220: a last observed value "55" read "=)" on the
    /// page and "e)" alone, a boxed count "1" read as nothing twice. Both
    /// fields stay empty and are flagged; a cell read again into a value
    /// is not.
    #[test]
    fn ink_no_reading_makes_a_value_of_is_flagged_on_its_field() {
        let bbox = BBox {
            x0: 300.0,
            y0: 100.0,
            x1: 360.0,
            y1: 120.0,
        };
        let boxed = |column| CellBox {
            page: 3,
            column,
            bbox,
            skew: 0.0,
        };
        let cells = TableCells {
            boxes: vec![boxed(Column::LastObserved), boxed(Column::Target)],
            ..TableCells::default()
        };
        let mut layout = ReportLayout {
            schede: vec![SchedaLayout {
                code: Some(("011-005-001".into(), 3)),
                indicators: vec![IndicatorLayout {
                    number: 1,
                    page: 3,
                    cells,
                    ..IndicatorLayout::default()
                }],
                ..SchedaLayout::default()
            }],
            ..ReportLayout::default()
        };
        let cell = |column| Cell::Indicator {
            scheda: 0,
            indicator: 0,
            column,
        };
        let request = |cell, reason| Request {
            cell,
            crop: Region { page: 3, bbox },
            reason,
        };
        let count = Cell::DeclaredCount { scheda: 0 };
        let requests = [
            request(cell(Column::LastObserved), Reason::CellEmpty),
            request(cell(Column::Target), Reason::CellEmpty),
            request(count, Reason::CountUnreadable),
        ];
        let readings = Readings {
            texts: [
                (cell(Column::LastObserved), "e)\n".to_string()),
                (cell(Column::Target), "70\n".to_string()),
            ]
            .into(),
            blank: vec![count],
            failures: Vec::new(),
        };
        let rereads = apply(&mut layout, &requests, &readings);
        let cells = &layout.schede[0].indicators[0].cells;
        assert_eq!(cells[Column::LastObserved], None);
        assert_eq!(cells[Column::Target].as_deref(), Some("70"));
        let flagged: Vec<_> = rereads
            .warnings
            .iter()
            .map(|w| (w.code, w.objective_code.as_deref(), w.field))
            .collect();
        assert_eq!(
            flagged,
            [
                (
                    WarningCode::MissingField,
                    Some("011-005-001"),
                    Some(FieldPath::cell(1, Column::LastObserved))
                ),
                (
                    WarningCode::MissingField,
                    Some("011-005-001"),
                    Some(ObjectiveField::DeclaredIndicators.into())
                ),
            ]
        );
    }

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
        assert_eq!(cell_text("e)\n"), None);
        assert_eq!(cell_text("1\n").as_deref(), Some("1"));
        assert_eq!(cell_text("SI\n").as_deref(), Some("SI"));
    }
}
