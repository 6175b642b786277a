//! What to read again: the requests the layout calls for, each a cell, the
//! crop of the page it is read from, and the reason.

use super::{Cell, Reason, Request};
use crate::layout::{IndicatorLayout, ReportLayout};
use crate::model::Route;
use crate::read::Document;

/// The value cells whose numbers are checked by reading them alone.
const VALUE_FIELDS: [&str; 3] = ["last_observed", "target", "actual"];

/// The requests for `layout` of `document`, each cell once: declared
/// counts without a digit on scanned pages, then the table cells of OCR'd
/// pages holding words OCR doubted or found empty, then their value cells
/// holding numbers.
pub(super) fn requests(document: &Document, layout: &ReportLayout) -> Vec<Request> {
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
        .filter(|r| r.route == Route::Ocr)
        .map(|r| r.page)
        .collect();
    let mut out = unreadable_counts(layout, &scans);
    let doubtful = doubtful_cells(layout, &ocr_pages);
    let numbers = number_cells(layout, &ocr_pages, &doubtful);
    out.extend(doubtful);
    out.extend(numbers);
    out
}

/// The schede of `scans` whose declared indicator count has no digit.
fn unreadable_counts(layout: &ReportLayout, scans: &[u32]) -> Vec<Request> {
    let no_digit = |text: String| !text.chars().any(|c| c.is_ascii_digit());
    layout
        .schede
        .iter()
        .enumerate()
        .filter(|(_, s)| no_digit(s.declared_indicators.joined()))
        .filter_map(|(scheda, s)| {
            let crop = s.declared_region.filter(|r| scans.contains(&r.page))?;
            Some(Request {
                cell: Cell::DeclaredCount { scheda },
                crop,
                reason: Reason::CountUnreadable,
            })
        })
        .collect()
}

/// Each indicator of the layout with its scheda's and its own index.
fn indicators(layout: &ReportLayout) -> impl Iterator<Item = (usize, usize, &IndicatorLayout)> {
    layout.schede.iter().enumerate().flat_map(|(s, scheda)| {
        (scheda.indicators.iter().enumerate()).map(move |(i, indicator)| (s, i, indicator))
    })
}

/// The table cells holding words OCR doubted, and the empty cells of the
/// pages `ocr_pages` (a cell OCR found nothing in may still hold text).
fn doubtful_cells(layout: &ReportLayout, ocr_pages: &[u32]) -> Vec<Request> {
    let mut out = Vec::new();
    for (scheda, indicator, layout) in indicators(layout) {
        let cells = &layout.cells;
        let mut fields: Vec<(&'static str, Reason)> = cells
            .doubtful
            .iter()
            .map(|d| (d.field, Reason::WordsDoubted))
            .collect();
        fields.extend(cells.boxes.iter().filter_map(|b| {
            let empty = cells.field(b.field).is_some_and(|t| t.is_none());
            (empty && ocr_pages.contains(&b.page)).then_some((b.field, Reason::CellEmpty))
        }));
        fields.sort_by_key(|(field, _)| *field);
        fields.dedup_by_key(|(field, _)| *field);
        for (field, reason) in fields {
            if let Some(cell) = cells.boxes.iter().find(|b| b.field == field) {
                out.push(Request {
                    cell: Cell::Indicator {
                        scheda,
                        indicator,
                        field,
                    },
                    crop: cell.page_region(),
                    reason,
                });
            }
        }
    }
    out
}

/// The value cells of the pages `ocr_pages` that hold a digit, but for
/// those in `skip`: a page's OCR can lose a digit or a minus sign with
/// full confidence, which the cell read on its own shows.
fn number_cells(layout: &ReportLayout, ocr_pages: &[u32], skip: &[Request]) -> Vec<Request> {
    let mut out = Vec::new();
    for (scheda, indicator, layout) in indicators(layout) {
        let cells = &layout.cells;
        for field in VALUE_FIELDS {
            let has_digit = cells
                .field(field)
                .and_then(|t| t.as_deref())
                .is_some_and(|t| t.chars().any(|c| c.is_ascii_digit()));
            let Some(cell) = cells.boxes.iter().find(|b| b.field == field) else {
                continue;
            };
            let key = Cell::Indicator {
                scheda,
                indicator,
                field,
            };
            let skipped = skip.iter().any(|r| r.cell == key);
            if has_digit && !skipped && ocr_pages.contains(&cell.page) {
                out.push(Request {
                    cell: key,
                    crop: cell.page_region(),
                    reason: Reason::NumbersChecked,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::table::{CellBox, DoubtfulWord};
    use crate::layout::{SchedaLayout, TableCells};
    use crate::read::BBox;

    /// Which cells of an OCR'd table are read again: those holding doubtful
    /// words or nothing, and, as a check on the page's reading, the value
    /// cells that hold a digit.
    #[test]
    fn cells_read_again_from_the_page_image() {
        let cell = |page: u32, field: &'static str, x0: f32| CellBox {
            page,
            field,
            bbox: BBox {
                x0,
                y0: 100.0,
                x1: x0 + 50.0,
                y1: 130.0,
            },
            skew: 0.0,
        };
        let indicator = |page: u32| IndicatorLayout {
            number: 1,
            page,
            cells: TableCells {
                algorithm: Some("numero eventi".into()),
                last_observed: Some("nuova attività".into()),
                target: Some("5,00%".into()),
                actual: Some("8,99%".into()),
                boxes: vec![
                    cell(page, "algorithm", 0.0),
                    cell(page, "unit", 60.0),
                    cell(page, "last_observed", 120.0),
                    cell(page, "target", 180.0),
                    cell(page, "actual", 240.0),
                ],
                doubtful: vec![DoubtfulWord {
                    field: "actual",
                    text: "8,99%".into(),
                    confidence: 20.0,
                }],
                ..TableCells::default()
            },
            ..IndicatorLayout::default()
        };
        let layout = ReportLayout {
            schede: vec![SchedaLayout {
                indicators: vec![indicator(1), indicator(2)],
                ..SchedaLayout::default()
            }],
            ..ReportLayout::default()
        };
        let fields = |requests: &[Request]| -> Vec<(usize, &str)> {
            requests
                .iter()
                .filter_map(|r| match r.cell {
                    Cell::Indicator {
                        indicator, field, ..
                    } => Some((indicator, field)),
                    Cell::DeclaredCount { .. } => None,
                })
                .collect()
        };
        // Page 1 was OCR'd, page 2 read from its text layer.
        let doubtful = doubtful_cells(&layout, &[1]);
        assert_eq!(
            fields(&doubtful),
            [(0, "actual"), (0, "unit"), (1, "actual")]
        );
        let numbers = number_cells(&layout, &[1], &doubtful);
        assert_eq!(fields(&numbers), [(0, "target")]);
    }
}
