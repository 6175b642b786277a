//! The wide tables of the other templates ("kpi-table", "matrix"): a
//! header row names the indicator fields, one indicator per row below.
//!
//! Columns come from the header's cells: the ruling lines between them
//! where the page is ruled, else the white river between the header
//! cells that no body word crosses. Rows come from the horizontal rules
//! that cross the row columns (not the grouping ones: Missione,
//! Programma, Obiettivo, whose cells may span rows), else from the gaps
//! between the body's text. A grouping cell that spans rows is found from
//! the rules that do not cross it; on an unruled page, from where its
//! text sits (at the top of its span, or in its middle). A grouping cell
//! left empty repeats the one above.
//!
//! [`read`] runs the steps, one submodule each: `header` (the header
//! band, its cells and labels), `columns` (the boundaries between
//! columns), `body` (the rows and their cells' text), `spans` (grouping
//! cells that span rows), `records` (objectives and indicators) and
//! `parts` (where two neighbours of one title are two objectives).

use std::cell::{LazyCell, RefCell};
use std::rc::Rc;
use std::sync::LazyLock;

use regex::Regex;

use super::cell_pitch::{baseline, cell_lines, within_cell, CellPitch};
use super::row_texts::{row_texts, DEVICE_PIXEL};
use super::table::{covered, CellBox};
use super::template::cells;
use super::{deskewed_rules, IndicatorLayout, Line, LineRole, RawField, SchedaLayout};
use crate::model::{Column, FieldPath, IndicatorField, InputFormat, ObjectiveField, ValueField};
use crate::read::{median, Axis, BBox, Document, Rule, Word};
use crate::vocab::{alike, fold, is_italian_form, Label, Signature, Vocabulary};
use crate::FastMap;

mod body;
mod columns;
mod header;
mod parts;
mod records;
mod spans;
#[cfg(test)]
mod tests;

use body::*;
pub(super) use columns::river;
use columns::*;
use header::*;
pub(super) use header::{band_labels_of, bottom_of, header_like, line_height, lost_column, top_of};
use records::*;
use spans::*;

/// A rule this close (points) to a row's top is its border.
const RULE_SLACK: f32 = 3.0;

/// What a template reader made of the report.
#[derive(Debug, Default)]
pub(super) struct Read {
    pub objectives: Vec<SchedaLayout>,
    pub has_actual: bool,
    /// The index of the first line read into a record: lines before it
    /// are the preamble.
    pub first: usize,
}

/// One column of the table: the label its header names, and where.
#[derive(Debug, Clone)]
struct TableColumn {
    label: Option<Label>,
    x0: f32,
    x1: f32,
    header: String,
}

impl TableColumn {
    fn groups(&self) -> bool {
        matches!(
            self.label,
            Some(
                Label::Mission
                    | Label::Programme
                    | Label::Objective
                    | Label::DeclaredIndicators
                    | Label::ResponsibilityCentre
            )
        )
    }
}

/// One row of the body on one page: its cells' lines, by column.
#[derive(Debug, Clone)]
struct Row {
    page: u32,
    /// The columns of the row's page, as its header names them.
    columns: Rc<Vec<TableColumn>>,
    y0: f32,
    y1: f32,
    cells: Vec<Vec<String>>,
    /// Where each cell's words lie down the page (top, bottom).
    extents: Vec<Option<(f32, f32)>>,
    /// Where each cell's first and last lines stand (their baselines).
    baselines: Vec<Option<(f32, f32)>>,
    /// The top of the row's text outside the grouping columns.
    text_top: f32,
    /// Where each column's cells lie across the page (left, right).
    lanes: Rc<Vec<(f32, f32)>>,
    /// The skew of the page's lines (see [`Line::skew`]).
    skew: f32,
    /// By column, whether the row opens a span of the grouping cell
    /// there (see [`spans_of_page`]).
    opens: Vec<bool>,
    /// A page break cut the row: its rest opens the next page.
    cut: bool,
}

/// A header's bands, each read into columns once: the table's header is
/// looked for on every page (recognised, named by its labels, echoed by
/// another page's), each time over the same lines.
pub(super) struct Headers<'a> {
    vocab: &'a Vocabulary,
    doc: &'a Document,
    /// The columns of each band read, by its first line and its length.
    read: RefCell<FastMap<(*const Line, usize), Vec<TableColumn>>>,
}

impl<'a> Headers<'a> {
    pub(super) fn new(vocab: &'a Vocabulary, doc: &'a Document) -> Headers<'a> {
        Headers {
            vocab,
            doc,
            read: RefCell::default(),
        }
    }

    pub(super) fn vocab(&self) -> &'a Vocabulary {
        self.vocab
    }

    /// [`header_columns`] of the band, without the body under it.
    fn columns(&self, band: &[&Line]) -> Vec<TableColumn> {
        let Some(first) = band.first() else {
            return Vec::new();
        };
        let key = (std::ptr::from_ref::<Line>(first), band.len());
        if let Some(read) = self.read.borrow().get(&key) {
            return read.clone();
        }
        let read = header_columns(band, self.vocab, None);
        self.read.borrow_mut().insert(key, read.clone());
        read
    }
}

/// Reads the table whose first header row is `lines[header]`; `labels`
/// are the labels each line's cells name
/// ([`super::template::header_labels`]).
pub(super) fn read(
    lines: &[&Line],
    labels: &[&[Option<Label>]],
    header: usize,
    signature: &Signature,
    headers: &Headers,
) -> Read {
    let (vocab, doc) = (headers.vocab, headers.doc);
    let mut columns: Rc<Vec<TableColumn>> = Rc::default();
    let mut rows: Vec<Row> = Vec::new();
    let mut geometry: Vec<PageGeometry> = Vec::new();
    // The header as every page gives it: a page whose own header OCR read
    // only in part takes the columns it lost from the others'.
    let (start, reference) = shared_header(lines, header, signature, headers);
    let known = Known::new(vocab);
    let first_page = lines[start].page;
    let mut pages: Vec<u32> = lines.iter().map(|l| l.page).collect();
    pages.dedup();
    // Each page's lines, gathered in one pass (in the lines' order).
    let mut by_page: FastMap<u32, Vec<usize>> = FastMap::default();
    for (i, line) in lines.iter().enumerate() {
        by_page.entry(line.page).or_default().push(i);
    }
    for page in pages.into_iter().filter(|p| *p >= first_page) {
        let at: Vec<usize> = by_page.get(&page).cloned().unwrap_or_default();
        let on_page: Vec<&Line> = at.iter().map(|&i| lines[i]).collect();
        let head = (0..on_page.len())
            .find(|&i| {
                let found = band_labels_of(&on_page, i, labels[at[i]], headers);
                signature.labels.iter().all(|k| found.contains(k))
            })
            .or_else(|| (0..on_page.len()).find(|&i| echoes(&on_page, i, &reference, headers)));
        let skew = on_page.first().map_or(0.0, |l| l.skew);
        let rules = page_rules(doc, page, skew);
        let band = head.map(|h| header_band(&on_page, h, headers));
        let body_from = band.as_ref().map_or(0, |band| band.end);
        let body = table_body(&on_page[body_from..]);
        if let Some(band) = band {
            let band = &on_page[band];
            // A text layer's header cells part without the body's help.
            let typeset = band
                .iter()
                .flat_map(|l| &l.words)
                .all(|w| w.confidence.is_none());
            let own = if typeset {
                headers.columns(band)
            } else {
                header_columns(band, vocab, Some(&ColumnStarts::new(&body, &rules)))
            };
            let own = cut_column_named(own, band, &body, vocab);
            columns = Rc::new(completed(inherit_labels(own, &reference), &reference));
        }
        if columns.is_empty() {
            continue;
        }
        // Plain text's positions are characters: no alignment to go by.
        let aligned = doc.format != InputFormat::OcrText;
        let bounds = boundaries(&columns, &body, &rules, aligned);
        let height = median(
            body.iter()
                .flat_map(|l| l.words.iter().map(|w| w.bbox.height().abs())),
        )
        .unwrap_or(1.0);
        let mut found = body_rows(page, &body, &columns, &bounds, &rules, height, &known);
        let typeset = body
            .iter()
            .flat_map(|l| &l.words)
            .all(|w| w.confidence.is_none());
        join_cut_row(&mut rows, &mut found, typeset);
        let start = rows.len();
        rows.extend(found);
        geometry.push(PageGeometry {
            rows: start..rows.len(),
            leading: (!typeset)
                .then(|| leading(&body, &columns, &bounds))
                .flatten(),
            columns: Rc::clone(&columns),
            bounds,
            rules,
            height,
            typeset,
        });
    }
    let at_top = top_aligned(&rows, &geometry);
    for g in &geometry {
        spans_of_page(&mut rows[g.rows.clone()], g, at_top, |w| known.is(w));
    }
    join_cut_spans(&mut rows, &geometry, |w| known.is(w));
    Read {
        has_actual: rows.iter().any(|r| {
            r.columns
                .iter()
                .any(|c| c.label == Some(Label::Column(Column::Actual)))
        }),
        objectives: objectives(&rows, vocab),
        first: start,
    }
}
