//! What to read again: the requests the layout calls for, each a cell, the
//! crop of the page it is read from, and the reason.

use super::{Cell, Reason, Request};
use crate::layout::{IndicatorLayout, ReportLayout};
use crate::model::{Column, Route, ValueField};
use crate::read::Document;

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
    for request in &mut out {
        shrink_to_page(request, document);
    }
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

/// The long side of an A4 sheet, in points.
const A4_LONG: f32 = 842.0;

/// A declared count's box, three inches of an A4 sheet right of its label,
/// shrunk with a page smaller than A4 (a scanned sheet placed on a 333 x
/// 237 pt page): the same share of the sheet, not of a neighbour's cell.
fn shrink_to_page(request: &mut Request, document: &Document) {
    let crop = &mut request.crop;
    let Some(page) = document.pages.iter().find(|p| p.number == crop.page) else {
        return;
    };
    let scale = page.width.max(page.height) / A4_LONG;
    if scale > 0.0 && scale < 1.0 {
        crop.bbox.x1 = crop.bbox.x0 + (crop.bbox.x1 - crop.bbox.x0) * scale;
    }
}

/// Each indicator of the layout with its scheda's and its own index.
fn indicators(layout: &ReportLayout) -> impl Iterator<Item = (usize, usize, &IndicatorLayout)> {
    layout.schede.iter().enumerate().flat_map(|(s, scheda)| {
        (scheda.indicators.iter().enumerate()).map(move |(i, indicator)| (s, i, indicator))
    })
}

/// The table cells holding words OCR doubted, and the empty cells of the
/// pages `ocr_pages` (a cell OCR found nothing in, or only marks in, may
/// still hold text).
fn doubtful_cells(layout: &ReportLayout, ocr_pages: &[u32]) -> Vec<Request> {
    let mut out = Vec::new();
    for (scheda, indicator, layout) in indicators(layout) {
        let cells = &layout.cells;
        let mut columns: Vec<(Column, Reason)> = cells
            .doubtful
            .iter()
            .map(|d| (d.column, Reason::WordsDoubted))
            .collect();
        columns.extend(cells.boxes.iter().filter_map(|b| {
            let empty = cells[b.column].as_deref().is_none_or(only_marks);
            (empty && ocr_pages.contains(&b.page)).then_some((b.column, Reason::CellEmpty))
        }));
        // By name: the order the rereads' corrections have always had.
        columns.sort_by_key(|(column, _)| column.as_str());
        columns.dedup_by_key(|(column, _)| *column);
        for (column, reason) in columns {
            if let Some(cell) = cells.boxes.iter().find(|b| b.column == column) {
                out.push(Request {
                    cell: Cell::Indicator {
                        scheda,
                        indicator,
                        column,
                    },
                    crop: cell.page_region(),
                    reason,
                });
            }
        }
    }
    out
}

/// Whether a cell's text is marks alone, no value: OCR's reading of a
/// value it could not read ("55" read "=)", DEV scan 215). A dash alone
/// is a value (none to give), kept.
fn only_marks(text: &str) -> bool {
    let dash = |c: char| matches!(c, '-' | '–' | '—');
    !text.chars().any(|c| c.is_alphanumeric() || dash(c))
}

/// The value cells of the pages `ocr_pages` that hold a digit, but for
/// those in `skip`: where the cell read on its own gives other numbers,
/// one of the two readings is wrong, and the field is flagged.
fn number_cells(layout: &ReportLayout, ocr_pages: &[u32], skip: &[Request]) -> Vec<Request> {
    let mut out = Vec::new();
    for (scheda, indicator, layout) in indicators(layout) {
        let cells = &layout.cells;
        for column in ValueField::ALL.iter().map(|v| v.column()) {
            let has_digit = cells[column]
                .as_deref()
                .is_some_and(|t| t.chars().any(|c| c.is_ascii_digit()));
            let Some(cell) = cells.boxes.iter().find(|b| b.column == column) else {
                continue;
            };
            let key = Cell::Indicator {
                scheda,
                indicator,
                column,
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
        let cell = |page: u32, column: Column, x0: f32| CellBox {
            page,
            column,
            bbox: BBox {
                x0,
                y0: 100.0,
                x1: x0 + 50.0,
                y1: 130.0,
            },
            skew: 0.0,
        };
        let indicator = |page: u32| {
            let mut cells = TableCells {
                boxes: vec![
                    cell(page, Column::Algorithm, 0.0),
                    cell(page, Column::Unit, 60.0),
                    cell(page, Column::LastObserved, 120.0),
                    cell(page, Column::Target, 180.0),
                    cell(page, Column::Actual, 240.0),
                ],
                doubtful: vec![DoubtfulWord {
                    column: Column::Actual,
                    text: "8,99%".into(),
                    confidence: 20.0,
                }],
                ..TableCells::default()
            };
            for (column, text) in [
                (Column::Algorithm, "numero eventi"),
                (Column::Unit, "=)"),
                (Column::LastObserved, "nuova attività"),
                (Column::Target, "5,00%"),
                (Column::Actual, "8,99%"),
            ] {
                cells[column] = Some(text.into());
            }
            IndicatorLayout {
                number: 1,
                page,
                cells,
                ..IndicatorLayout::default()
            }
        };
        let layout = ReportLayout {
            schede: vec![SchedaLayout {
                indicators: vec![indicator(1), indicator(2)],
                ..SchedaLayout::default()
            }],
            ..ReportLayout::default()
        };
        let cells = |requests: &[Request]| -> Vec<(usize, Column, Reason)> {
            requests
                .iter()
                .filter_map(|r| match r.cell {
                    Cell::Indicator {
                        indicator, column, ..
                    } => Some((indicator, column, r.reason)),
                    Cell::DeclaredCount { .. } => None,
                })
                .collect()
        };
        // Page 1 was OCR'd, page 2 read from its text layer.
        let doubtful = doubtful_cells(&layout, &[1]);
        assert_eq!(
            cells(&doubtful),
            [
                (0, Column::Actual, Reason::WordsDoubted),
                (0, Column::Unit, Reason::CellEmpty),
                (1, Column::Actual, Reason::WordsDoubted)
            ]
        );
        let numbers = number_cells(&layout, &[1], &doubtful);
        assert_eq!(
            cells(&numbers),
            [(0, Column::Target, Reason::NumbersChecked)]
        );
    }
}
