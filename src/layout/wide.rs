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

mod parts;

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
        join_cut_row(&mut rows, &mut found);
        let start = rows.len();
        rows.extend(found);
        let typeset = body
            .iter()
            .flat_map(|l| &l.words)
            .all(|w| w.confidence.is_none());
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

/// The header's columns with the last one named where the page's edge
/// cut its header word ("Progr", "Prog" for "Programma"): a table printed
/// wider than its page loses what runs past the page, its header cell's
/// letters included. The last column's header is one word that names no
/// label, it ends where the table's text does (within a letter's width,
/// a line height: the cut drops the letter it crosses), and it is the
/// start of one label only ([`Vocabulary::label_cut_from`]).
fn cut_column_named(
    mut columns: Vec<TableColumn>,
    band: &[&Line],
    body: &[&Line],
    vocab: &Vocabulary,
) -> Vec<TableColumn> {
    let words = || band.iter().chain(body).flat_map(|l| &l.words);
    let edge = words().map(|w| w.bbox.x1).fold(f32::NEG_INFINITY, f32::max);
    let height = median(words().map(|w| w.bbox.height().abs())).unwrap_or(1.0);
    let named: Vec<Label> = columns.iter().filter_map(|c| c.label).collect();
    let Some(last) = columns.last_mut() else {
        return columns;
    };
    let cut = match last.header.split_whitespace().collect::<Vec<_>>()[..] {
        [word] if last.label.is_none() && last.x1 >= edge - height => vocab.label_cut_from(word),
        _ => None,
    };
    if let Some(label) = cut.filter(|l| !named.contains(l)) {
        last.label = Some(label);
    }
    columns
}

/// A page's header columns, each the label it leaves unread (OCR lost or
/// garbled its header cell) taking the label of the named column of the
/// page before (or of the other pages) at its place.
fn inherit_labels(mut columns: Vec<TableColumn>, before: &[TableColumn]) -> Vec<TableColumn> {
    for i in 0..columns.len() {
        if columns[i].label.is_some() {
            continue;
        }
        let inherited = before
            .iter()
            .filter(|b| b.label.is_some() && overlap(b, &columns[i]) > 0.0)
            .max_by(|a, b| overlap(a, &columns[i]).total_cmp(&overlap(b, &columns[i])))
            .and_then(|b| b.label)
            .filter(|label| columns.iter().all(|c| c.label != Some(*label)));
        columns[i].label = inherited;
    }
    columns
}

/// The table's header put together from every page's: the columns of the
/// header recognised at `lines[header]`, each it left unnamed (OCR garbled
/// its cell) named where another page's header names it, and the columns
/// it lost (OCR dropped their cells) taken from the others. With the index
/// of the first line of a header, where the table starts.
fn shared_header(
    lines: &[&Line],
    header: usize,
    signature: &Signature,
    headers: &Headers,
) -> (usize, Vec<TableColumn>) {
    let mut found = headers.columns(&lines[header_band(lines, header, headers)]);
    let named: Vec<Label> = found.iter().filter_map(|c| c.label).collect();
    if let Some((label, x0, x1)) = lost_column(lines[header], &named, signature) {
        found.push(TableColumn {
            label: Some(label),
            x0,
            x1,
            header: String::new(),
        });
        found.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    let mut pages: Vec<u32> = lines.iter().map(|l| l.page).collect();
    pages.dedup();
    let mut start = header;
    let mut others: Vec<TableColumn> = Vec::new();
    for page in pages {
        let echo = (0..lines.len())
            .filter(|&i| lines[i].page == page && i != header)
            .find(|&i| echoes(lines, i, &found, headers));
        if let Some(i) = echo {
            start = start.min(i);
            others.extend(headers.columns(&lines[header_band(lines, i, headers)]));
        }
    }
    let named = inherit_labels(found, &others);
    (start, completed(named, &others))
}

/// The one label of `signature` a ruled header line's cells leave
/// unnamed, and where its cell lies (left, right): OCR lost the words of
/// one header cell (set on a shaded band) when the line names every other
/// label of the signature and none besides (a header of another template
/// names labels of its own), and one cell between its rules, as wide as
/// a column, holds no word.
pub(super) fn lost_column(
    line: &Line,
    named: &[Label],
    signature: &Signature,
) -> Option<(Label, f32, f32)> {
    if !named.iter().all(|l| signature.labels.contains(l)) {
        return None;
    }
    let mut lacking = signature.labels.iter().filter(|l| !named.contains(l));
    let (Some(&label), None) = (lacking.next(), lacking.next()) else {
        return None;
    };
    let least = 2.0 * line_height(line);
    let mut empty = line.borders.windows(2).filter(|b| {
        let holds =
            |w: &Word| (w.bbox.x0 + w.bbox.x1) / 2.0 > b[0] && (w.bbox.x0 + w.bbox.x1) / 2.0 < b[1];
        b[1] - b[0] > least && !line.words.iter().any(holds)
    });
    match (empty.next(), empty.next()) {
        (Some(b), None) => Some((label, b[0], b[1])),
        _ => None,
    }
}

/// Whether the header around line `i` is the `reference` header read
/// again (on another page, or with cells OCR dropped or garbled): a line
/// of words alone, whose columns name two or more labels where the
/// reference names them, and none where it names another.
fn echoes(lines: &[&Line], i: usize, reference: &[TableColumn], headers: &Headers) -> bool {
    if lines[i].borders.is_empty() && !header_like(lines[i]) {
        return false;
    }
    let own = headers.columns(&lines[header_band(lines, i, headers)]);
    let (mut agree, mut differ) = (0, 0);
    for c in own.iter().filter(|c| c.label.is_some()) {
        for r in reference
            .iter()
            .filter(|r| r.label.is_some() && overlap(r, c) > 0.0)
        {
            if r.label == c.label {
                agree += 1;
            } else {
                differ += 1;
            }
        }
    }
    agree >= 2 && differ == 0
}

/// How far two columns overlap across the page (negative: the gap
/// between them).
fn overlap(a: &TableColumn, b: &TableColumn) -> f32 {
    a.x1.min(b.x1) - a.x0.max(b.x0)
}

/// Header columns with the labelled columns of `others` they lack (OCR
/// dropped their cells: no column of their own stands where those do)
/// put back in their places, each label once.
fn completed(mut columns: Vec<TableColumn>, others: &[TableColumn]) -> Vec<TableColumn> {
    for other in others {
        let lost = other.label.is_some()
            && columns
                .iter()
                .all(|c| c.label != other.label && overlap(other, c) <= 0.0);
        if lost {
            columns.push(other.clone());
        }
    }
    columns.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    columns
}

/// The lines of the table's body: up to a gap of three line heights
/// (a page footer, notes under the table).
fn table_body<'a>(lines: &[&'a Line]) -> Vec<&'a Line> {
    let mut body: Vec<&Line> = Vec::new();
    let mut bottom = f32::NEG_INFINITY;
    for &line in lines {
        // A line's height (a median) is measured only when it stands
        // apart from the lines above: a table's lines mostly overlap.
        let gap = top_of(line) - bottom;
        if !body.is_empty() && gap > 0.0 && gap > 3.0 * line_height(line) {
            break;
        }
        bottom = bottom.max(bottom_of(line));
        body.push(line);
    }
    body
}

/// The labels the header around line `i` names: its own line's cells
/// (`own`, the labels they name), or (unruled) its columns over the lines
/// its cells wrap onto.
pub(super) fn band_labels_of(
    lines: &[&Line],
    i: usize,
    own: &[Option<Label>],
    headers: &Headers,
) -> Vec<Label> {
    let mut found: Vec<Label> = own.iter().flatten().copied().collect();
    if found.is_empty() || !lines[i].borders.is_empty() {
        return found;
    }
    let band = header_band(lines, i, headers);
    if band.len() > 1 {
        // A cell's words over lines name one label ("Indicatore (KPI)").
        found = headers
            .columns(&lines[band])
            .into_iter()
            .filter_map(|c| c.label)
            .collect();
    }
    found
}

/// The lines of the header whose labels line `h` names: its own, and the
/// lines of header cells that wrap above or below it (close to it, with
/// no values in them, and no rule between: the rule under a header
/// closes it, however close the body's first line stands; nor a line
/// that runs on past the label its header cell names, see
/// [`runs_past_label`]).
fn header_band(lines: &[&Line], h: usize, headers: &Headers) -> std::ops::Range<usize> {
    if !lines[h].borders.is_empty() {
        return h..h + 1;
    }
    let doc = headers.doc;
    let least = band_gap(lines[h]);
    let rules = LazyCell::new(|| page_rules(doc, lines[h].page, lines[h].skew));
    let apart = |upper: &Line, lower: &Line| {
        upper.page != lower.page
            || top_of(lower) - bottom_of(upper) > least
            || ruled_between(&rules, upper, lower)
    };
    let mut start = h;
    while start > 0 {
        let above = lines[start - 1];
        if apart(above, lines[start]) || !header_like(above) {
            break;
        }
        start -= 1;
    }
    let mut end = h + 1;
    while end < lines.len() {
        let below = lines[end];
        if apart(lines[end - 1], below)
            || !header_like(below)
            || runs_past_label(&lines[start..end], below, headers.vocab)
        {
            break;
        }
        end += 1;
    }
    start..end
}

/// Words past its label a header cell's wrapped line never holds: a
/// label is a short phrase ("Algoritmo di calcolo", "% di
/// raggiungimento"), and a header cell that wraps puts a word or two of
/// it on the next line.
const PAST_LABEL: usize = 3;

/// Whether a line under a header's lines is the body's first line: a
/// cell of it, under a header cell that names its label already, adds
/// [`PAST_LABEL`] words or more past that label ("Indicatori" over
/// "AVVIO DI PERCORSI DI", the first indicator's title set close under
/// an unruled header).
fn runs_past_label(band: &[&Line], below: &Line, vocab: &Vocabulary) -> bool {
    cells(below).iter().any(|cell| {
        let x0 = cell.iter().map(|w| w.bbox.x0).fold(f32::INFINITY, f32::min);
        let x1 = cell
            .iter()
            .map(|w| w.bbox.x1)
            .fold(f32::NEG_INFINITY, f32::max);
        let above: Vec<&str> = band
            .iter()
            .flat_map(|l| &l.words)
            .filter(|w| w.bbox.x0 < x1 && w.bbox.x1 > x0)
            .map(|w| w.text.as_str())
            .collect();
        let Some(named) = vocab.template_label_at_start(&above) else {
            return false;
        };
        let joined: Vec<&str> = above
            .iter()
            .copied()
            .chain(cell.iter().map(|w| w.text.as_str()))
            .collect();
        vocab
            .template_label_at_start(&joined)
            .is_some_and(|m| m.label == named.label && joined.len() >= m.words + PAST_LABEL)
    })
}

/// The least blank band that parts a header's line from the next: the
/// band that parts a body's rows (see [`row_gap`]), half a line; on a
/// scan, whose boxes hug the ink and leave the lines of one cell further
/// apart, a little more.
fn band_gap(line: &Line) -> f32 {
    let ocr = 2 * line.words.iter().filter(|w| w.confidence.is_some()).count() > line.words.len();
    line_height(line) * if ocr { 0.6 } else { 0.5 }
}

/// Whether a horizontal rule runs between two lines, across their words.
fn ruled_between(rules: &[Rule], upper: &Line, lower: &Line) -> bool {
    let words = || upper.words.iter().chain(&lower.words);
    let x0 = words().map(|w| w.bbox.x0).fold(f32::INFINITY, f32::min);
    let x1 = words().map(|w| w.bbox.x1).fold(f32::NEG_INFINITY, f32::max);
    let (y0, y1) = (bottom_of(upper) - 1.0, top_of(lower) + 1.0);
    rules
        .iter()
        .any(|r| r.axis == Axis::Horizontal && r.at > y0 && r.at < y1 && r.from < x1 && r.to > x0)
}

/// A line that could be part of a header: words, and years, no values.
pub(super) fn header_like(line: &Line) -> bool {
    line.borders.is_empty()
        && line.words.iter().all(|w| {
            let digits = w.text.chars().filter(char::is_ascii_digit).count();
            let year = digits == 4 && w.text.len() == 4;
            (digits == 0 || year) && !w.text.contains(['€', '%']) || w.text == "%"
        })
}

pub(super) fn line_height(line: &Line) -> f32 {
    median(line.words.iter().map(|w| w.bbox.height().abs())).unwrap_or(1.0)
}

pub(super) fn top_of(line: &Line) -> f32 {
    line.words
        .iter()
        .map(|w| w.bbox.y0)
        .fold(f32::INFINITY, f32::min)
}

pub(super) fn bottom_of(line: &Line) -> f32 {
    line.words
        .iter()
        .map(|w| w.bbox.y1)
        .fold(f32::NEG_INFINITY, f32::max)
}

/// The header's columns, from the left: its cells' words grouped where
/// they overlap from line to line, and parted where two cells ran
/// together (see [`parted`]; on a scan only where `starts`, the body
/// under the header, shows a column starting between them).
fn header_columns(
    band: &[&Line],
    vocab: &Vocabulary,
    starts: Option<&ColumnStarts>,
) -> Vec<TableColumn> {
    let mut groups: Vec<Vec<&Word>> = Vec::new();
    for line in band {
        for cell in cells(line) {
            let x0 = cell.iter().map(|w| w.bbox.x0).fold(f32::INFINITY, f32::min);
            let x1 = cell
                .iter()
                .map(|w| w.bbox.x1)
                .fold(f32::NEG_INFINITY, f32::max);
            let overlapping = groups.iter_mut().find(|g| {
                let gx0 = g.iter().map(|w| w.bbox.x0).fold(f32::INFINITY, f32::min);
                let gx1 = g
                    .iter()
                    .map(|w| w.bbox.x1)
                    .fold(f32::NEG_INFINITY, f32::max);
                x0 < gx1 && x1 > gx0
            });
            match overlapping {
                Some(g) => g.extend(cell),
                None => groups.push(cell),
            }
        }
    }
    let groups: Vec<Vec<&Word>> = groups
        .into_iter()
        .flat_map(|g| parted(g, vocab, starts))
        .collect();
    let mut columns: Vec<TableColumn> = unnamed_joined(groups, band, vocab)
        .into_iter()
        .map(|g| TableColumn {
            label: cell_label(&g, vocab),
            x0: g.iter().map(|w| w.bbox.x0).fold(f32::INFINITY, f32::min),
            x1: g
                .iter()
                .map(|w| w.bbox.x1)
                .fold(f32::NEG_INFINITY, f32::max),
            header: cell_words(&g).join(" "),
        })
        .collect();
    columns.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    columns
}

/// The header's cells (`groups`), each that names no label and lies
/// across a cell that does joined to it, its words in reading order (by
/// the `band`'s lines, then across). A cell whose lines wrap
/// ("% di" over "raggiungimento") whose lower line ran into the next
/// cell's on the line ("consuntivo raggiungimento") is parted from it
/// only after the cells are grouped, and left its upper line a cell of
/// its own, over the parted one.
fn unnamed_joined<'w>(
    mut groups: Vec<Vec<&'w Word>>,
    band: &[&'w Line],
    vocab: &Vocabulary,
) -> Vec<Vec<&'w Word>> {
    let extent = |g: &[&Word]| {
        g.iter()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), w| {
                (a.min(w.bbox.x0), b.max(w.bbox.x1))
            })
    };
    let line_of = |w: &Word| {
        band.iter()
            .position(|l| l.words.iter().any(|x| std::ptr::eq(x, w)))
            .unwrap_or(0)
    };
    let mut i = 0;
    while i < groups.len() {
        let (x0, x1) = extent(&groups[i]);
        let named = |g: &Vec<&Word>| cell_label(g, vocab).is_some();
        let host = (!named(&groups[i]))
            .then(|| {
                (0..groups.len()).find(|&j| {
                    let (gx0, gx1) = extent(&groups[j]);
                    j != i && named(&groups[j]) && x0 < gx1 && x1 > gx0
                })
            })
            .flatten();
        let Some(host) = host else {
            i += 1;
            continue;
        };
        let words = groups.remove(i);
        let host = if host > i { host - 1 } else { host };
        groups[host].extend(words);
        groups[host].sort_by(|a, b| {
            line_of(a)
                .cmp(&line_of(b))
                .then(a.bbox.x0.total_cmp(&b.bbox.x0))
        });
    }
    groups
}

/// A header cell's words, in reading order.
fn cell_words<'a>(cell: &[&'a Word]) -> Vec<&'a str> {
    cell.iter().map(|w| w.text.as_str()).collect()
}

/// The label a header cell names.
fn cell_label(cell: &[&Word], vocab: &Vocabulary) -> Option<Label> {
    let text = cell_words(cell).join(" ");
    let words: Vec<&str> = text.split_whitespace().collect();
    column_label(&words, vocab)
}

/// A header cell's words, or the cells they are: two header cells set
/// closer than a line height apart ("Descrizio ne" and "Algoritm o", 5
/// points apart in narrow columns) read as one, each part naming a label
/// of its own. They part at a blank clear of every line of the header,
/// where the words on each side name two different labels. On a text
/// layer the blank is wider than a word space. OCR'd word gaps vary too
/// much for that ("Descrizione indicatore" would part into two labels,
/// "Descrizione Metodo di calcolo" 8 points apart would not): on a scan
/// the body under the header must show a column starting in the blank
/// ([`ColumnStarts::between`]); without the body, the words stay one cell.
fn parted<'w>(
    group: Vec<&'w Word>,
    vocab: &Vocabulary,
    starts: Option<&ColumnStarts>,
) -> Vec<Vec<&'w Word>> {
    let ocr = 2 * group.iter().filter(|w| w.confidence.is_some()).count() > group.len();
    let starts = match (ocr, starts) {
        (false, _) => None,
        (true, Some(starts)) => Some(starts),
        (true, None) => return vec![group],
    };
    let height = median(group.iter().map(|w| w.bbox.height().abs())).unwrap_or(1.0);
    let spans: Vec<(f32, f32)> = group.iter().map(|w| (w.bbox.x0, w.bbox.x1)).collect();
    let (lo, hi) = (
        spans.iter().map(|s| s.0).fold(f32::INFINITY, f32::min),
        spans.iter().map(|s| s.1).fold(f32::NEG_INFINITY, f32::max),
    );
    let mut at = lo;
    for (a, b) in covered(&spans, lo, hi) {
        let apart = match starts {
            None => a - at > WORD_SPACE * height,
            Some(starts) => a > at && starts.between(at, a),
        };
        if apart {
            let (left, right): (Vec<&Word>, Vec<&Word>) =
                group.iter().partition(|w| w.bbox.x1 <= at + 0.01);
            let label = |words: &[&Word]| {
                let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
                column_label(&texts, vocab)
            };
            if let (Some(l), Some(r)) = (label(&left), label(&right)) {
                if l != r {
                    let mut out = vec![left];
                    out.extend(parted(right, vocab, starts));
                    return out;
                }
            }
        }
        at = at.max(b);
    }
    vec![group]
}

/// The widest blank between two words of one header cell, in line
/// heights: a word space is about a quarter of a line.
const WORD_SPACE: f32 = 0.4;

/// How far (line heights) OCR's boxes may stray past the blank between
/// two header cells: a header word's box hugs its ink, the body's words
/// may reach a point or two nearer the column's border.
const HEADER_SLACK: f32 = 0.25;

/// How near (line heights) the starts of OCR'd words lie to start one
/// column's text: a scan's boxes do not stand as level as a text layer's.
const OCR_ALIGNED: f32 = 0.15;

/// How many words must start level at a column's edge for each word
/// that crosses it: in tight columns a scan's boxes of the column
/// before reach a point or two past where the next column's text starts
/// ("Descrizione" and "Algoritmo" 5 points apart), a word or two in a
/// dozen lines; inside one column's text most lines cross any place.
const CROSSING_SHARE: usize = 4;

/// What the body under a header shows of where its columns start: its
/// words' extents across the page (but specks and bits of rules, see
/// [`is_mark`]), the page's vertical rules, and its line height.
struct ColumnStarts {
    spans: Vec<(f32, f32)>,
    rules: Vec<f32>,
    height: f32,
}

impl ColumnStarts {
    fn new(body: &[&Line], rules: &[Rule]) -> ColumnStarts {
        let words = || body.iter().flat_map(|l| &l.words);
        ColumnStarts {
            spans: words()
                .filter(|w| !is_mark(&w.text))
                .map(|w| (w.bbox.x0, w.bbox.x1))
                .collect(),
            rules: rules
                .iter()
                .filter(|r| r.axis == Axis::Vertical)
                .map(|r| r.at)
                .collect(),
            height: median(words().map(|w| w.bbox.height().abs())).unwrap_or(1.0),
        }
    }

    /// Whether a column starts in the blank `lo..hi` between two header
    /// words (give or take [`HEADER_SLACK`]): a vertical rule stands in
    /// it, or a stretch of it no body word covers is wider than a word
    /// space (values centred in their columns), or two body words or more
    /// start level in it and next to none cross where they start (text
    /// set flush left; see [`CROSSING_SHARE`]). One column's header words a word space apart have its
    /// text's lines running across the blank.
    fn between(&self, lo: f32, hi: f32) -> bool {
        let slack = HEADER_SLACK * self.height;
        let (lo, hi) = (lo - slack, hi + slack);
        if self.rules.iter().any(|x| *x > lo && *x < hi) {
            return true;
        }
        let mut at = lo;
        let stretches = covered(&self.spans, lo, hi);
        for (a, b) in stretches.into_iter().chain(std::iter::once((hi, hi))) {
            if a - at > WORD_SPACE * self.height {
                return true;
            }
            at = at.max(b);
        }
        let near = OCR_ALIGNED * self.height;
        let starts = self
            .spans
            .iter()
            .map(|s| s.0)
            .filter(|x| *x > lo && *x < hi);
        starts.into_iter().any(|x| {
            let level = self.spans.iter().filter(|s| (s.0 - x).abs() <= near);
            let crossing = self
                .spans
                .iter()
                .filter(|s| s.0 < x - near && s.1 > x + near);
            let level = level.count();
            level >= 2 && CROSSING_SHARE * crossing.count() < level
        })
    }
}

/// The label a header cell's words name; failing that, the label its
/// letters name run together (OCR cut a word: "Progr ‘amma").
fn column_label(words: &[&str], vocab: &Vocabulary) -> Option<Label> {
    let label = vocab.template_label_at_start(words).map(|m| m.label);
    if label.is_some() || words.len() < 2 {
        return label;
    }
    let joined: String = words
        .concat()
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    vocab.template_label_at_start(&[&joined]).map(|m| m.label)
}

/// The page's ruling lines, in the frame its words were deskewed into
/// (on a scan a little askew, a row's border at the far side of the page
/// would otherwise stand points away from the same border at the near).
fn page_rules(doc: &Document, page: u32, skew: f32) -> Vec<Rule> {
    doc.pages
        .iter()
        .find(|p| p.number == page)
        .map(|p| deskewed_rules(&p.rules, skew))
        .unwrap_or_default()
}

/// Where each column ends and the next begins: a vertical rule between
/// their header cells, else a stretch between them that no body word
/// covers (see [`aligned_river`]; the widest, where words are not placed
/// in points but `aligned` is false).
fn boundaries(columns: &[TableColumn], body: &[&Line], rules: &[Rule], aligned: bool) -> Vec<f32> {
    let height = median(
        body.iter()
            .flat_map(|l| l.words.iter().map(|w| w.bbox.height().abs())),
    )
    .unwrap_or(1.0);
    let spans: Vec<(f32, f32)> = body
        .iter()
        .flat_map(|l| &l.words)
        .filter(|w| w.confidence.is_none() || !is_mark(&w.text))
        .map(|w| (w.bbox.x0, w.bbox.x1))
        .collect();
    columns
        .windows(2)
        .map(|pair| {
            let (lo, hi) = (pair[0].x1.min(pair[1].x0), pair[1].x0.max(pair[0].x1));
            let ruled = rules
                .iter()
                .filter(|r| r.axis == Axis::Vertical && r.at > lo - 1.0 && r.at < hi + 1.0)
                .map(|r| r.at)
                .next();
            ruled.unwrap_or_else(|| match aligned {
                true => aligned_river(&spans, lo, hi, height),
                false => river(&spans, lo, hi),
            })
        })
        .collect()
}

/// How near (points) the starts of words lie to start one column's text.
const ALIGNED: f32 = 1.0;

/// Where a column begins between `lo` and `hi`: the widest stretch no
/// word covers that ends where two words or more start level (the left
/// edge of a column's text: headers centred over their columns leave
/// wider stretches inside a column than before it), if one is wider
/// than a word space (half a line); else the middle of the widest stretch;
/// where words cover all of `lo..hi` (a scan's tight columns, whose
/// boxes reach into the padding), where the fewest words cross.
fn aligned_river(spans: &[(f32, f32)], lo: f32, hi: f32, height: f32) -> f32 {
    let covered = covered(spans, lo, hi);
    let starts_at = |x: f32| spans.iter().filter(|s| (s.0 - x).abs() <= ALIGNED).count();
    // Each stretch before level starts: (width, middle, words starting).
    let mut stretches: Vec<(f32, f32, usize)> = Vec::new();
    let mut at = lo;
    for &(a, b) in &covered {
        let width = a - at;
        // Starts are counted only before a stretch wide enough (counting
        // them for every span cost a wide report 24 M instructions).
        let starts = if width > 0.5 * height {
            starts_at(a)
        } else {
            0
        };
        if starts >= 2 {
            stretches.push((width, (a + at) / 2.0, starts));
        }
        at = at.max(b);
    }
    let widest = stretches
        .iter()
        .copied()
        .reduce(|best, s| if s.0 > best.0 { s } else { best });
    match widest {
        Some(w) => column_edge(&stretches, w).1,
        None if covers_all(&covered, lo, hi) => least_crossed(spans, lo, hi),
        None => river(spans, lo, hi),
    }
}

/// How wide (of the widest) a stretch before level starts further left
/// must be to be the column's edge instead: see [`column_edge`].
const NEAR_WIDEST: f32 = 0.75;

/// Of the stretches before level starts, the column's left edge: the
/// widest, unless one further left is nearly as wide and as many words
/// start after it. A column's text starts at its edge on every line; a
/// text inside it set level on every line ("Anno 2021: >=150,00" under
/// "Anno 2022: ...") starts level too, after a gap a scan may widen (OCR
/// lost the colon: DEV browser-printed matrix 101 scanned image-only put
/// "Anno 2021" in the indicator's title).
fn column_edge(stretches: &[(f32, f32, usize)], widest: (f32, f32, usize)) -> (f32, f32, usize) {
    stretches
        .iter()
        .copied()
        .find(|s| s.1 < widest.1 && s.0 >= NEAR_WIDEST * widest.0 && s.2 >= widest.2)
        .unwrap_or(widest)
}

/// Whether the stretches `covered` (sorted, as [`covered`] gives them)
/// leave no blank in `lo..hi`.
fn covers_all(covered: &[(f32, f32)], lo: f32, hi: f32) -> bool {
    let mut at = lo;
    for &(a, b) in covered {
        if a > at {
            return false;
        }
        at = at.max(b);
    }
    at >= hi
}

/// Where in `lo..hi` the fewest of `spans` cross (start before and end
/// after): of the places as little crossed, the middle of the widest run.
/// On a scan whose columns' words leave no blank between them, a column's
/// text starts where the previous column's ends; the middle of the
/// stretch would cut through the words of one of them.
fn least_crossed(spans: &[(f32, f32)], lo: f32, hi: f32) -> f32 {
    let mut edges: Vec<f32> = spans
        .iter()
        .flat_map(|s| [s.0, s.1])
        .filter(|x| *x > lo && *x < hi)
        .chain([lo, hi])
        .collect();
    edges.sort_by(f32::total_cmp);
    edges.dedup();
    // Every edge, and the middle of the space up to the next.
    let mut places: Vec<f32> = Vec::with_capacity(2 * edges.len());
    for (i, &x) in edges.iter().enumerate() {
        places.push(x);
        if let Some(next) = edges.get(i + 1) {
            places.push((x + next) / 2.0);
        }
    }
    let crossing = |x: f32| spans.iter().filter(|s| s.0 < x && s.1 > x).count();
    let counts: Vec<usize> = places.iter().map(|&x| crossing(x)).collect();
    let fewest = counts.iter().copied().min().unwrap_or(0);
    let mut best = ((lo + hi) / 2.0, f32::NEG_INFINITY);
    let mut i = 0;
    while i < places.len() {
        if counts[i] != fewest {
            i += 1;
            continue;
        }
        let start = i;
        while i + 1 < places.len() && counts[i + 1] == fewest {
            i += 1;
        }
        let width = places[i] - places[start];
        if width > best.1 {
            best = ((places[start] + places[i]) / 2.0, width);
        }
        i += 1;
    }
    best.0
}

/// A word of marks alone ("—", "|", "-"): no letter, digit, sign of a
/// value (%, €) or operator. On a scan these are mostly specks and bits of
/// rules OCR read as text; they do not close a river between columns
/// (in a text layer they are the text's: "002 - Indirizzo").
fn is_mark(text: &str) -> bool {
    !text
        .chars()
        .any(|c| c.is_alphanumeric() || matches!(c, '%' | '€' | '<' | '>' | '≥' | '≤'))
}

/// The middle of the widest stretch of `lo..hi` that none of `spans`
/// covers; the middle of `lo..hi` when they cover it all.
pub(super) fn river(spans: &[(f32, f32)], lo: f32, hi: f32) -> f32 {
    let covered = covered(spans, lo, hi);
    let (mut best, mut width, mut at) = ((lo + hi) / 2.0, 0.0f32, lo);
    for (a, b) in covered.iter().copied().chain(std::iter::once((hi, hi))) {
        if a - at > width {
            width = a - at;
            best = (a + at) / 2.0;
        }
        at = at.max(b);
    }
    best
}

/// The middle of the lowest stretch of `lo..hi` that none of `spans`
/// covers, of those nearly as wide as the widest (a row's own text
/// starts right under its border; lines of a cell are a little closer).
fn lowest_river(spans: &[(f32, f32)], lo: f32, hi: f32) -> f32 {
    let covered = covered(spans, lo, hi);
    let mut free: Vec<(f32, f32)> = Vec::new();
    let mut at = lo;
    for (a, b) in covered.iter().copied().chain(std::iter::once((hi, hi))) {
        if a > at {
            free.push((at, a));
        }
        at = at.max(b);
    }
    let widest = free.iter().map(|(a, b)| b - a).fold(0.0f32, f32::max);
    free.iter()
        .rev()
        .find(|(a, b)| b - a >= 0.8 * widest)
        .map_or((lo + hi) / 2.0, |(a, b)| (a + b) / 2.0)
}

/// The column a word's centre lies in.
fn column_at(bounds: &[f32], word: &Word) -> usize {
    let x = (word.bbox.x0 + word.bbox.x1) / 2.0;
    bounds.iter().filter(|b| x > **b).count()
}

/// Where column `i`'s cells lie across the page (left, right): between
/// its boundaries, the outer columns to their header's edge.
fn lane(columns: &[TableColumn], bounds: &[f32], i: usize) -> (f32, f32) {
    let x0 = if i == 0 { columns[0].x0 } else { bounds[i - 1] };
    let x1 = bounds.get(i).copied().unwrap_or(columns[i].x1);
    (x0, x1)
}

/// The x-middle of column `i`, for rules crossing it.
fn middle(columns: &[TableColumn], bounds: &[f32], i: usize) -> f32 {
    let (x0, x1) = lane(columns, bounds, i);
    (x0 + x1) / 2.0
}

/// The y of each horizontal rule crossing `x`, sorted.
fn rules_across(rules: &[Rule], x: f32) -> Vec<f32> {
    let mut ys: Vec<f32> = rules
        .iter()
        .filter(|r| {
            r.axis == Axis::Horizontal && r.from - RULE_SLACK <= x && r.to + RULE_SLACK >= x
        })
        .map(|r| r.at)
        .collect();
    ys.sort_by(f32::total_cmp);
    ys.dedup_by(|a, b| (*a - *b).abs() <= RULE_SLACK);
    ys
}

/// The body's rows on one page.
fn body_rows(
    page: u32,
    body: &[&Line],
    shared: &Rc<Vec<TableColumn>>,
    bounds: &[f32],
    rules: &[Rule],
    height: f32,
    known: &Known,
) -> Vec<Row> {
    let columns = shared.as_slice();
    let words: Vec<&Word> = body.iter().flat_map(|l| &l.words).collect();
    let Some(key) = columns.iter().position(|c| !c.groups()) else {
        return Vec::new();
    };
    // Each word's column, found once.
    let placed: Vec<(&Word, usize)> = words
        .iter()
        .map(|w| (*w, column_at(bounds, w).min(columns.len() - 1)))
        .collect();
    let row_words: Vec<(&Word, usize)> = placed
        .iter()
        .copied()
        .filter(|(_, c)| !columns[*c].groups())
        .collect();
    let group_words: Vec<&Word> = placed
        .iter()
        .filter(|(_, c)| columns[*c].groups())
        .map(|(w, _)| *w)
        .collect();
    let ruled = rules_across(rules, middle(columns, bounds, key));
    // A grouping cell's text may reach above the first row's text or
    // below the last's: the rows take it in. A ruled table's outer rules
    // hold its text, but for a row without a bottom rule: text a line or
    // more beyond them (a page footer close under the table) is not the
    // table's.
    let is_ruled = ruled.len() >= 2;
    let mut cut = false;
    let (mut cuts, reach) = if is_ruled {
        (ruled, height)
    } else {
        let opens = plan_openings(&row_words, columns);
        (gap_cuts(&row_words, &group_words, &opens), f32::INFINITY)
    };
    let spans: Vec<(f32, f32)> = words.iter().map(|w| (w.bbox.y0, w.bbox.y1)).collect();
    if !is_ruled {
        if let Some(rest) = cuts
            .first()
            .and_then(|&top| rest_above(&group_words, top, 0.5 * height + DEVICE_PIXEL))
        {
            cuts.insert(0, rest);
        }
    }
    if let Some(first) = cuts.first_mut() {
        let flipped: Vec<(f32, f32)> = spans.iter().map(|&(y0, y1)| (-y1, -y0)).collect();
        *first = -reach_past(&flipped, -*first, reach, reach) - 0.5;
    }
    if let Some(&end) = cuts.last() {
        let key_spans: Vec<(f32, f32)> = row_words
            .iter()
            .map(|(w, _)| (w.bbox.y0, w.bbox.y1))
            .collect();
        // A row a page break cut under the last rule begins as far below
        // it as the other rows' text below theirs (a cell's top padding
        // may be more than a line of a small face).
        let below = match top_padding(&key_spans, &cuts) {
            Some(padding) if is_ruled => reach.max(padding + DEVICE_PIXEL),
            _ => reach,
        };
        let bottom = reach_past(&spans, end, below, reach) + 0.5;
        cut = is_ruled && cut_row_below(&key_spans, end, bottom);
        if cut {
            cuts.push(bottom);
        } else if let Some(last) = cuts.last_mut() {
            *last = bottom;
        }
    }
    let lanes: Rc<Vec<(f32, f32)>> = Rc::new(
        (0..columns.len())
            .map(|c| lane(columns, bounds, c))
            .collect(),
    );
    let skew = body.first().map_or(0.0, |l| l.skew);
    let mut rows: Vec<Row> = cuts
        .windows(2)
        .map(|c| Row {
            page,
            columns: Rc::clone(shared),
            y0: c[0],
            y1: c[1],
            cells: vec![Vec::new(); columns.len()],
            extents: vec![None; columns.len()],
            baselines: vec![None; columns.len()],
            text_top: c[1],
            lanes: Rc::clone(&lanes),
            skew,
            opens: vec![false; columns.len()],
            cut: false,
        })
        .collect();
    let mut by_cell: Vec<Vec<Vec<&Word>>> = vec![vec![Vec::new(); columns.len()]; rows.len()];
    for &(w, c) in &placed {
        let y = w.bbox.y_mid();
        let Some(r) = rows.iter().position(|r| y >= r.y0 && y < r.y1) else {
            continue;
        };
        by_cell[r][c].push(w);
    }
    let rights = text_rights(&placed, columns.len());
    let known = |w: &str| known.is(w);
    for (row, cells) in rows.iter_mut().zip(by_cell) {
        for (c, cell) in cells.iter().enumerate() {
            let top = cell.iter().map(|w| w.bbox.y0).reduce(f32::min);
            let bottom = cell.iter().map(|w| w.bbox.y1).reduce(f32::max);
            row.extents[c] = top.zip(bottom);
            if let (Some(top), false) = (top, columns[c].groups()) {
                row.text_top = row.text_top.min(top);
            }
        }
        let lines: Vec<Vec<Vec<&Word>>> = cells.into_iter().map(cell_lines).collect();
        row.baselines = lines.iter().map(|l| first_and_last(l)).collect();
        row.cells = lines
            .into_iter()
            .zip(&rights)
            .map(|(lines, &right)| cell_text(lines, right, known))
            .collect();
    }
    if let Some(last) = rows.last_mut() {
        last.cut = cut;
    }
    rows.retain(|r| r.cells.iter().any(|c| !c.is_empty()));
    rows
}

/// The baselines of a cell's first and last lines.
fn first_and_last(lines: &[Vec<&Word>]) -> Option<(f32, f32)> {
    Some((baseline(lines.first()?)?, baseline(lines.last()?)?))
}

/// The leading the lines of the row columns' cells of a scanned page
/// share, where they share one clearly ([`CellPitch`]).
fn leading(body: &[&Line], columns: &[TableColumn], bounds: &[f32]) -> Option<f32> {
    let words: Vec<(&Word, usize)> = body
        .iter()
        .flat_map(|l| &l.words)
        .map(|w| (w, column_at(bounds, w).min(columns.len().saturating_sub(1))))
        .filter(|(_, c)| columns.get(*c).is_some_and(|c| !c.groups()))
        .collect();
    CellPitch::new(&words).map(|p| p.leading())
}

/// Where the rest of a row a page break cut ends on an unruled page: the
/// grouping cells' text above the first row's own text (`top`), parted
/// from what follows by a band wider than `least`, is no row of its own
/// (a row has text in its row columns) but the end of the cells the last
/// row of the page before began. The border under it, if any.
fn rest_above(group: &[&Word], top: f32, least: f32) -> Option<f32> {
    let mut spans: Vec<(f32, f32)> = group
        .iter()
        .map(|w| (w.bbox.y0, w.bbox.y1))
        .filter(|s| s.0 < top)
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut bottom = spans.first()?.1;
    let mut border = None;
    for &(y0, y1) in spans.iter().skip(1).chain(std::iter::once(&(top, top))) {
        if y0 - bottom > least {
            border = Some((bottom + y0) / 2.0);
        }
        bottom = bottom.max(y1);
    }
    border
}

/// Whether a row holds text in its grouping cells alone: the rest of a
/// row a page break cut, as the next page begins with it.
fn grouping_alone(row: &Row) -> bool {
    row.columns.len() == row.cells.len()
        && row
            .columns
            .iter()
            .zip(&row.cells)
            .all(|(c, cell)| c.groups() || cell.is_empty())
}

/// The rest of a row a page break cut (the first row of the next page:
/// below a ruled table's last rule, holding grouping cells' text alone,
/// or completing a grouping cell a neighbour repeats whole, see
/// [`completes_cell`]) joined to its start, cell by cell.
fn join_cut_row(rows: &mut [Row], next: &mut Vec<Row>) {
    let alone = next.first().is_some_and(grouping_alone);
    let completes = match (rows.last(), next.first()) {
        (Some(cut), Some(rest)) => {
            let above = rows.len().checked_sub(2).and_then(|i| rows.get(i));
            [above, next.get(1)]
                .into_iter()
                .flatten()
                .any(|n| completes_cell(cut, rest, n))
        }
        _ => false,
    };
    let Some(cut) = rows.last_mut().filter(|r| r.cut || alone || completes) else {
        return;
    };
    let Some(rest) = next.first().filter(|r| r.page == cut.page + 1) else {
        return;
    };
    if rest.cells.len() != cut.cells.len() {
        return;
    }
    let rest = next.remove(0);
    for (cell, more) in cut.cells.iter_mut().zip(rest.cells) {
        cell.extend(more);
    }
    cut.cut = rest.cut;
}

/// Whether the first row of a page (`rest`) is the rest of the last row
/// of the page before (`cut`), though no rule says so: in a table that
/// repeats its grouping cells on each row, a grouping cell of the cut row
/// holds the start of the text its `neighbour` (the row above the cut
/// one, or the one below the rest) holds whole, and the rest's cell the
/// remainder. Two rows' texts that join into a third's by chance are no
/// risk worth weighing.
fn completes_cell(cut: &Row, rest: &Row, neighbour: &Row) -> bool {
    let same = |r: &Row| r.cells.len() == cut.cells.len() && r.columns.len() == r.cells.len();
    if rest.page != cut.page + 1 || !same(rest) || !same(neighbour) {
        return false;
    }
    let letters = |lines: &[String]| -> String {
        fold(&lines.join(" "))
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect()
    };
    (0..cut.cells.len())
        .filter(|&c| rest.columns[c].groups())
        .any(|c| {
            let (start, end) = (letters(&cut.cells[c]), letters(&rest.cells[c]));
            let whole = letters(&neighbour.cells[c]);
            !start.is_empty() && !end.is_empty() && whole == start + &end
        })
}

/// Whether a row a page break cut lies under a ruled table's last rule,
/// down to `bottom`: words of the row columns wholly below the rule (a
/// browser draws no bottom border on a cut cell, so the rule is the cut
/// row's top). Its words are a row of their own, not the rest of the row
/// above the rule.
fn cut_row_below(row_spans: &[(f32, f32)], rule: f32, bottom: f32) -> bool {
    row_spans.iter().any(|&(y0, y1)| y0 > rule && y1 <= bottom)
}

/// How far down the text runs past `border`: through the `spans` (top,
/// bottom), the first less than `first` below the border, each of the
/// others less than `reach` below the one above it.
fn reach_past(spans: &[(f32, f32)], border: f32, first: f32, reach: f32) -> f32 {
    let mut below: Vec<(f32, f32)> = spans.iter().copied().filter(|s| s.1 > border).collect();
    below.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut bottom = border;
    for (y0, y1) in below {
        let most = if bottom == border { first } else { reach };
        if y0 - bottom >= most {
            break;
        }
        bottom = bottom.max(y1);
    }
    bottom
}

/// The top padding of a ruled table's cells: the median gap between a
/// row's top rule (`rules`, down the page) and the first of the row
/// columns' text (`spans`, top and bottom) under it, over the rows
/// between two rules that hold text.
fn top_padding(spans: &[(f32, f32)], rules: &[f32]) -> Option<f32> {
    let gaps = rules.windows(2).filter_map(|r| {
        spans
            .iter()
            .filter(|s| s.0 > r[0] && s.1 <= r[1])
            .map(|s| s.0 - r[0])
            .reduce(f32::min)
    });
    median(gaps)
}

/// On a scan whose cells' leading is measured ([`CellPitch`]), the least
/// blank band (in line heights) that may part two rows: thinner ones are
/// where OCR's boxes of two lines all but touch.
const LEAST_PITCH_BAND: f32 = 0.15;

/// Row borders from the gaps in the text of the row columns (each word
/// with its column): wherever their texts ([`row_texts`]) leave a band
/// wider than [`row_gap`] between their words (on a scan, a band no
/// cell's lines step across: see [`CellPitch`]), or, in a text layer, a
/// band between their reaches by the leading, a row ends, at the widest
/// stretch of it that the `group` words leave free.
fn gap_cuts(words: &[(&Word, usize)], group: &[&Word], opens: &[f32]) -> Vec<f32> {
    let group: Vec<(f32, f32)> = group.iter().map(|w| (w.bbox.y0, w.bbox.y1)).collect();
    let height = median(words.iter().map(|(w, _)| w.bbox.height().abs())).unwrap_or(1.0);
    let mut spans: Vec<(f32, f32)> = words.iter().map(|(w, _)| (w.bbox.y0, w.bbox.y1)).collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let Some(&(first, _)) = spans.first() else {
        return Vec::new();
    };
    let ocr = 2 * words.iter().filter(|(w, _)| w.confidence.is_some()).count() > words.len();
    let least = row_gap(&gaps(&spans), height, ocr);
    let pitch = if ocr { CellPitch::new(words) } else { None };
    let parts = |top: f32, bottom: f32| match &pitch {
        Some(pitch) => bottom - top > LEAST_PITCH_BAND * height && pitch.parts(top, bottom),
        None => bottom - top > least,
    };
    let mut cuts = vec![first - 0.5];
    let (mut bottom, mut reach) = (f32::NEG_INFINITY, f32::NEG_INFINITY);
    let mut opens = opens.iter().copied().peekable();
    let mut last_open = f32::NEG_INFINITY;
    for text in row_texts(words, least, ocr) {
        let blank = parts(bottom, text.y0);
        // A row's target cell opening its plan again opens the row, where
        // nothing parted the rows since the cell above opened (a cell
        // centred in its row opens below its row's border).
        let mut opened = false;
        while let Some(y) = opens.next_if(|&y| text.y0 >= y - LEVEL * height) {
            let parted = cuts[1..].iter().any(|&c| c > last_open && c < y);
            opened |= y > bottom && !parted;
            last_open = y;
        }
        if bottom.is_finite() && (blank || opened || text.top - reach > text.slack) {
            // Between the rows' texts (their reaches, where their boxes
            // meet), where no grouping cell's line is cut either (a
            // repeated cell may reach lower than its row's other texts).
            let (lo, hi) = if text.y0 > bottom {
                (bottom, text.y0)
            } else {
                (reach, text.top)
            };
            // A grouping cell starting level with the next row's text is
            // set at its row's top: the border is right above them.
            let level = group
                .iter()
                .any(|(top, _)| (top - text.y0).abs() < LEVEL * height);
            let cut = if level {
                lowest_river(&group, lo, hi)
            } else {
                river(&group, lo, hi)
            };
            cuts.push(cut);
        }
        bottom = bottom.max(text.y1);
        reach = reach.max(text.bottom);
    }
    cuts.push(bottom + 0.5);
    cuts
}

/// How near (line heights) two lines' tops stand to be level.
const LEVEL: f32 = 0.3;

/// "Anno 2021: >= 300": a target cell's line stating one year's target.
static YEAR_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i:anno)\s*((?:19|20)[0-9]{2})\b").expect("valid regex"));

/// Where the target cells that state a plan's targets year by year open
/// their plan again (the tops of their lines): a cell lists each year of
/// the plan once, in the same order in every row, so a line naming the
/// year the column's first such line names opens a row's cell, however
/// little padding parts it from the cell above (its steps then no
/// longer than a cell's own).
fn plan_openings(words: &[(&Word, usize)], columns: &[TableColumn]) -> Vec<f32> {
    let target = |c: usize| {
        columns
            .get(c)
            .is_some_and(|c| c.label == Some(Label::Column(Column::Target)))
    };
    let cell: Vec<&Word> = words
        .iter()
        .filter(|(_, c)| target(*c))
        .map(|(w, _)| *w)
        .collect();
    let mut first: Option<u16> = None;
    let mut opens = Vec::new();
    for line in cell_lines(cell) {
        let text: Vec<&str> = line.iter().map(|w| w.text.as_str()).collect();
        let year = YEAR_LINE
            .captures(&text.join(" "))
            .and_then(|c| c.get(1)?.as_str().parse::<u16>().ok());
        let Some(year) = year else {
            continue;
        };
        if first.is_some_and(|f| f == year) {
            opens.push(line.iter().map(|w| w.bbox.y0).fold(f32::INFINITY, f32::min));
        }
        first = first.or(Some(year));
    }
    opens
}

/// The blank bands between `spans` (sorted by their tops), as heights.
fn gaps(spans: &[(f32, f32)]) -> Vec<f32> {
    let mut out = Vec::new();
    let mut bottom = f32::NEG_INFINITY;
    for &(y0, y1) in spans {
        if bottom.is_finite() && y0 > bottom {
            out.push(y0 - bottom);
        }
        bottom = bottom.max(y1);
    }
    out
}

/// The least blank band between two rows, for text `height` high: half a
/// line, and in a text layer a device pixel more (a loosely leaded text
/// snapped to a pixel grid leaves half a line between its own lines now
/// and then). OCR boxes hug the ink (an x-height word is half a line high), so
/// on a scan the lines of one cell stand apart too: where the bands fall
/// into small ones (up to a line high) and ones clearly wider, only the
/// wider part rows.
fn row_gap(gaps: &[f32], height: f32, ocr: bool) -> f32 {
    let least = 0.5 * height;
    if !ocr {
        return least + DEVICE_PIXEL;
    }
    let mut sorted = gaps.to_vec();
    sorted.sort_by(f32::total_cmp);
    sorted
        .windows(2)
        .filter(|p| p[0] <= 1.2 * height && p[1] > least)
        .map(|p| (p[1] / p[0].max(0.1 * height), (p[0] + p[1]) / 2.0))
        .filter(|&(ratio, _)| ratio >= 1.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map_or(least, |(_, between)| between.max(least))
}

/// Where each column's text ends furthest right on the page (each word
/// with its column).
fn text_rights(words: &[(&Word, usize)], columns: usize) -> Vec<f32> {
    let mut rights = vec![f32::NEG_INFINITY; columns];
    for &(w, c) in words {
        rights[c] = rights[c].max(w.bbox.x1);
    }
    rights
}

/// Whether a word is one, the vocabulary's or an Italian form, for
/// mending the words a cell's wrapping cut: asked once per word and
/// table, as a table's cells repeat their words row after row.
struct Known<'v> {
    vocab: &'v Vocabulary,
    seen: RefCell<FastMap<String, bool>>,
}

impl<'v> Known<'v> {
    fn new(vocab: &'v Vocabulary) -> Known<'v> {
        Known {
            vocab,
            seen: RefCell::default(),
        }
    }

    fn is(&self, word: &str) -> bool {
        if let Some(&known) = self.seen.borrow().get(word) {
            return known;
        }
        let known = self.vocab.knows_word(word) || is_italian_form(word);
        self.seen.borrow_mut().insert(word.to_string(), known);
        known
    }
}

/// A cell's text, line by line, the words its wrapping cut joined again:
/// a word filling its line to the column's `right` edge
/// ([`super::cut_words::cut_at_edge`]), or one whose pieces make a known
/// word ([`super::grid::rejoin_lines`]).
fn cell_text(lines: Vec<Vec<&Word>>, right: f32, known: impl Fn(&str) -> bool) -> Vec<String> {
    // The words joined by spaces, into one string made at once.
    let text = |words: &[&Word]| {
        let mut out = String::with_capacity(words.iter().map(|w| w.text.len() + 1).sum());
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(&w.text);
        }
        out
    };
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let cut = i > 0 && super::cut_words::cut_at_edge(&lines[i - 1], line, right, &known);
        match out.last_mut() {
            Some(held) if cut => {
                held.push_str(&line[0].text);
                let rest = text(&line[1..]);
                if !rest.is_empty() {
                    out.push(rest);
                }
            }
            _ => out.push(text(line)),
        }
    }
    super::grid::rejoin_lines(out, known)
}

/// What one page's part of the table is read by: its rows (indices into
/// the table's), its columns and their boundaries, its rules and the
/// height of its text; whether its words are a text layer's (their
/// boxes the font's, a text's lines at one pitch) rather than OCR's;
/// on a scan, the leading its cells' lines share, where measured.
struct PageGeometry {
    rows: std::ops::Range<usize>,
    leading: Option<f32>,
    columns: Rc<Vec<TableColumn>>,
    bounds: Vec<f32>,
    rules: Vec<Rule>,
    height: f32,
    typeset: bool,
}

impl PageGeometry {
    /// The rules across column `c`, where it is ruled (two or more).
    fn ruled(&self, c: usize) -> Option<Vec<f32>> {
        let ruled = rules_across(&self.rules, middle(&self.columns, &self.bounds, c));
        (ruled.len() >= 2).then_some(ruled)
    }
}

/// Whether the unruled grouping cells of the table stand at the top of
/// their spans (else in their middle), as the table's texts in them show
/// together: a document sets its cells one way. A text that stands lower
/// than its first row's text says the middle; one level with it says the
/// top, unless it also lies in the middle of its rows (a span of one
/// row, its cell the tallest), which says nothing. A text in the middle
/// of a span stands level with a row's text now and then by chance, so
/// the top needs three votes in four; with no vote either way, the top.
fn top_aligned(rows: &[Row], geometry: &[PageGeometry]) -> bool {
    let (mut top, mut middle) = (0, 0);
    for g in geometry {
        let rows = &rows[g.rows.clone()];
        let grouping = (0..g.columns.len()).filter(|&c| g.columns[c].groups());
        for c in grouping.filter(|&c| g.ruled(c).is_none()) {
            for b in blocks(rows, c, g) {
                let level = (b.y0 - rows[b.first].text_top).abs() <= 0.5 * g.height;
                let centre = (rows[b.first].y0 + rows[b.last].y1) / 2.0;
                let centred = ((b.y0 + b.y1) / 2.0 - centre).abs() <= 0.5 * g.height;
                match (level, centred) {
                    (false, _) => middle += 1,
                    (true, false) => top += 1,
                    (true, true) => {}
                }
            }
        }
    }
    top >= 3 * middle
}

/// Gives each row of a page the text of the grouping cells that span it.
/// A span opens at a row whose top border is ruled across the column; on
/// an unruled page, where the column's text sits: at the top of its span
/// (each text opens one) where the table's texts stand `at_top`, else in
/// its middle (the span reaches as far below the text's middle as above).
/// A word the cell's wrapping cut where a row's border crosses the text
/// ("internazionalizz" / "azione") is whole again where the two pieces
/// make a `known` word ([`super::grid::rejoin_lines`]).
fn spans_of_page(rows: &mut [Row], g: &PageGeometry, at_top: bool, known: impl Fn(&str) -> bool) {
    for (c, column) in g.columns.iter().enumerate() {
        if !column.groups() || rows.is_empty() {
            continue;
        }
        let opens: Vec<bool> = match g.ruled(c) {
            Some(ruled) => rows
                .iter()
                .map(|r| ruled.iter().any(|y| (y - r.y0).abs() <= RULE_SLACK))
                .collect(),
            None => unruled_opens(rows, c, g, at_top),
        };
        for (row, &open) in rows.iter_mut().zip(&opens) {
            row.opens[c] = open;
        }
        let mut start = 0;
        for i in 1..=rows.len() {
            if i == rows.len() || opens[i] {
                let text: Vec<String> = rows[start..i]
                    .iter()
                    .flat_map(|r| r.cells[c].clone())
                    .collect();
                let text = super::grid::rejoin_lines(text, &known);
                for r in &mut rows[start..i] {
                    r.cells[c] = text.clone();
                }
                start = i;
            }
        }
    }
}

/// Where the spans of an unruled grouping column open. Its texts are
/// blocks of lines (a text may straddle two rows); each is either at its
/// span's top (every block opens a span) or in its middle (spans are cut
/// so that each block is as near its span's middle as the rows allow).
fn unruled_opens(rows: &[Row], c: usize, g: &PageGeometry, at_top: bool) -> Vec<bool> {
    let blocks = blocks(rows, c, g);
    let mut opens = vec![false; rows.len()];
    if at_top {
        for b in &blocks {
            opens[b.first] = true;
        }
        return opens;
    }
    let mut start = 0;
    for (k, b) in blocks.iter().enumerate() {
        if start >= rows.len() {
            break;
        }
        opens[start] = true;
        let centre = (b.y0 + b.y1) / 2.0;
        let limit = blocks.get(k + 1).map_or(rows.len(), |n| n.first);
        let top = rows[start].y0;
        start = (b.last + 1..=limit.max(b.last + 1))
            .min_by(|&x, &y| {
                let dx = ((top + rows[x - 1].y1) / 2.0 - centre).abs();
                let dy = ((top + rows[y - 1].y1) / 2.0 - centre).abs();
                dx.total_cmp(&dy)
            })
            .unwrap_or(b.last + 1);
    }
    opens
}

/// One text of a grouping column: the rows it touches, and where it lies.
#[derive(Debug, Clone, Copy)]
struct Block {
    first: usize,
    last: usize,
    y0: f32,
    y1: f32,
}

/// The texts of column `c`: cells of successive rows whose lines follow
/// each other as closely as the lines of one text do are one text. On a
/// scan whose cells' leading is measured, the step between the two
/// cells' baselines tells: a text's lines follow at the leading, two
/// texts' stand a row's padding further apart. OCR's boxes hug the ink,
/// so the blank between them varies about as much as the padding.
fn blocks(rows: &[Row], c: usize, g: &PageGeometry) -> Vec<Block> {
    let apart = text_break(rows, c, g);
    let mut out: Vec<Block> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let Some((y0, y1)) = row.extents[c] else {
            continue;
        };
        // A cell repeating the one above is its own text, however close.
        let repeats = i > 0 && row.cells[c] == rows[i - 1].cells[c];
        let follows = |b: &Block| {
            let pitched = g
                .leading
                .zip(rows[b.last].baselines[c])
                .zip(row.baselines[c]);
            match pitched {
                Some(((leading, (_, above)), (below, _))) => within_cell(below - above, leading),
                None => y0 - b.y1 <= apart,
            }
        };
        match out.last_mut() {
            Some(b) if b.last + 1 == i && follows(b) && !repeats => {
                b.last = i;
                b.y1 = y1;
            }
            _ => out.push(Block {
                first: i,
                last: i,
                y0,
                y1,
            }),
        }
    }
    out
}

/// The least blank between two texts of column `c`: more than a text
/// leaves between its lines. In a text layer a text's lines stand at one
/// pitch, so the blank its cells of two lines or more leave between their
/// lines (the median) and a little more, and a device pixel more where
/// the lines were snapped to one ([`DEVICE_PIXEL`]); two cells of adjacent rows
/// stand further apart by their padding, however tall they are. On a
/// scan, or where no cell has two lines, 0.6 of a line.
fn text_break(rows: &[Row], c: usize, g: &PageGeometry) -> f32 {
    let loose = 0.6 * g.height;
    if !g.typeset {
        return loose;
    }
    let blanks = rows.iter().filter_map(|r| {
        let (y0, y1) = r.extents[c]?;
        let n = r.cells[c].len();
        (n >= 2).then(|| ((y1 - y0) - n as f32 * g.height) / (n - 1) as f32)
    });
    median(blanks).map_or(loose, |blank| {
        (blank.max(0.0) + 0.1 * g.height + DEVICE_PIXEL).min(loose)
    })
}

/// The rows as objectives: a row whose objective (or, without an
/// objective column, its mission and programme) differs from the row
/// above opens one, and so does a row that opens an objective cell of its
/// own where the text is the same ([`own_cells`]): two objectives of one
/// title, one under the other; and a row the objective's repeated count
/// says opens one ([`parts::part_by_counts`]). Where nothing parts two
/// neighbours of one title, the objective says why it may hold two
/// ([`parts::doubts`]).
fn objectives(rows: &[Row], vocab: &Vocabulary) -> Vec<SchedaLayout> {
    let rows: Vec<&Row> = rows
        .iter()
        .filter(|r| r.cells.iter().any(|c| !c.is_empty()))
        .collect();
    let alone: Vec<Option<String>> = rows.iter().map(|r| count_alone(r, vocab)).collect();
    let runs = text_runs(&rows, &alone);
    let mut opens = own_cells(&rows, &runs, &alone);
    for run in &runs {
        opens[run.start] = true;
    }
    parts::part_by_counts(&rows, &mut opens, vocab);
    let mut out: Vec<SchedaLayout> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        if opens[i] || out.is_empty() {
            out.push(objective(row, vocab));
        } else if let (Some(o), Some(count)) = (out.last_mut(), &alone[i]) {
            if o.declared_indicators.is_blank() {
                o.declared_indicators.push(count.clone(), row.page);
            }
        }
        if let Some(o) = out.last_mut() {
            let number = o.indicators.len() as u32 + 1;
            o.indicators.push(indicator(row, number));
            if !o.pages.contains(&row.page) {
                o.pages.push(row.page);
            }
        }
    }
    let groups = parts::groups(&opens);
    for (o, doubt) in out.iter_mut().zip(parts::doubts(&rows, &groups, vocab)) {
        o.one_title = doubt;
    }
    out
}

/// What says which objective a row is of: the objective's own cell;
/// without one, the grouping cells together.
fn objective_key(r: &Row) -> Vec<String> {
    let has_objective = r.columns.iter().any(|c| c.label == Some(Label::Objective));
    let keyed = |c: &TableColumn| {
        if has_objective {
            c.label == Some(Label::Objective)
        } else {
            c.groups()
        }
    };
    r.columns
        .iter()
        .zip(&r.cells)
        .filter(|(c, _)| keyed(c))
        .map(|(_, t)| t.join(" "))
        .collect()
}

/// The runs of rows one objective text holds: a row whose key
/// ([`objective_key`]) is the run's first row's, or empty (a grouping
/// cell left empty repeats the one above), or whose objective cell holds
/// a count alone (`alone`: the rest of a cell whose title stands above),
/// continues it, unless it names another mission or programme than the
/// row above ([`parts::recoded`]).
fn text_runs(rows: &[&Row], alone: &[Option<String>]) -> Vec<std::ops::Range<usize>> {
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    let mut first: Vec<String> = Vec::new();
    let codes: Vec<parts::RowCodes> = rows.iter().map(|r| parts::RowCodes::of(r)).collect();
    for (i, row) in rows.iter().enumerate() {
        let k = objective_key(row);
        let continues = k.iter().all(String::is_empty) || alone[i].is_some();
        let recoded = parts::recoded(&codes, i);
        match runs.last_mut() {
            Some(run) if !recoded && (continues || same_group(&first, &k)) => {
                run.end = i + 1;
            }
            _ => {
                runs.push(i..i + 1);
                first = k;
            }
        }
    }
    runs
}

/// The rows that open an objective of their own inside a run of one
/// text. Where the table's objective cells span their indicators' rows
/// (most runs of two rows or more leave rows that open no cell of their
/// own), each cell is an objective: a row below the run's first that
/// opens a cell holding text opens one. A span cut by a page opens again
/// on the next: where the table repeats its text there (a table leaves it
/// empty, as a cut span), it is read as a second objective. Where the
/// cells repeat in each row, nothing on the page tells two objectives of
/// one title apart: they stay one.
fn own_cells(
    rows: &[&Row],
    runs: &[std::ops::Range<usize>],
    alone: &[Option<String>],
) -> Vec<bool> {
    let mut own = vec![false; rows.len()];
    let every_row = |run: &&std::ops::Range<usize>| {
        rows[run.start + 1..run.end]
            .iter()
            .all(|r| opens_objective(r))
    };
    let long = runs.iter().filter(|r| r.len() >= 2);
    let spans = long.clone().filter(|r| !every_row(r)).count();
    if 2 * spans <= long.count() {
        return own;
    }
    for run in runs {
        for i in run.start + 1..run.end {
            let text = objective_key(rows[i]).iter().any(|t| !t.is_empty());
            own[i] = text && alone[i].is_none() && opens_objective(rows[i]);
        }
    }
    own
}

/// Whether the row opens a span of the objective's cell.
fn opens_objective(row: &Row) -> bool {
    row.columns
        .iter()
        .position(|c| c.label == Some(Label::Objective))
        .is_some_and(|c| row.opens[c])
}

/// Whether two rows' grouping cells say the same: equal, or (a scan's
/// repeated cell read a little differently each time) nearly equal in
/// their letters with the same digits.
fn same_group(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a == b || nearly_equal(a, b))
}

/// The least similarity of two readings of one text: a few letters in a
/// hundred misread.
const SAME_TEXT: f64 = 0.9;

fn nearly_equal(a: &str, b: &str) -> bool {
    // The digits first: two texts of other digits need no letters compared.
    let digits_a = a.chars().filter(char::is_ascii_digit);
    if !digits_a.eq(b.chars().filter(char::is_ascii_digit)) {
        return false;
    }
    let letters = |t: &str| -> String { fold(t).chars().filter(|c| c.is_alphabetic()).collect() };
    let (la, lb) = (letters(a), letters(b));
    !la.is_empty() && alike(&la, &lb, SAME_TEXT)
}

/// A field of the row's cells, by the label its column names.
fn raw(row: &Row, label: Label) -> RawField {
    let mut field = RawField::default();
    for (column, lines) in row.columns.iter().zip(&row.cells) {
        if column.label == Some(label) {
            for l in lines {
                field.push(l.clone(), row.page);
            }
        }
    }
    field
}

/// The objective a row opens.
fn objective(row: &Row, vocab: &Vocabulary) -> SchedaLayout {
    let mut title = raw(row, Label::Objective);
    let mut declared = raw(row, Label::DeclaredIndicators);
    // "N. indicatori: 3" written in the objective's cell, after its title.
    if let Some((kept, count)) = split_count(&title.joined(), vocab) {
        let page = title.page;
        title = RawField::default();
        if !kept.is_empty() {
            title.push(kept, page);
        }
        declared.push(count, page);
    }
    let roles = cell_roles(row, "objective", |label| {
        let field = match label {
            Label::Mission => ObjectiveField::MissionName,
            Label::Programme => ObjectiveField::ProgrammeName,
            Label::Objective => ObjectiveField::Title,
            Label::ResponsibilityCentre => ObjectiveField::ResponsibilityCentre,
            Label::DeclaredIndicators => ObjectiveField::DeclaredIndicators,
            _ => return None,
        };
        Some(field.into())
    });
    SchedaLayout {
        pages: vec![row.page],
        mission: raw(row, Label::Mission),
        programme: raw(row, Label::Programme),
        title,
        responsibility_centre: raw(row, Label::ResponsibilityCentre),
        declared_indicators: declared,
        roles,
        ..SchedaLayout::default()
    }
}

/// The count of indicators a row's objective cell holds with no title
/// before it ("Nr indicatori: 4" set under its title, which a page break
/// or the row's band left above).
fn count_alone(row: &Row, vocab: &Vocabulary) -> Option<String> {
    let cell = raw(row, Label::Objective).joined();
    let (title, count) = split_count(&cell, vocab)?;
    title.trim().is_empty().then_some(count)
}

/// A text holding the count of indicators after its label ("N.
/// indicatori: 3"): the text before the label, and what follows it.
fn split_count(text: &str, vocab: &Vocabulary) -> Option<(String, String)> {
    // No digit, no count: the labels need not be looked for.
    if !text.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    (0..words.len()).find_map(|start| {
        let m = vocab.label_at_start(&words[start..])?;
        let counted = m.label == Label::DeclaredIndicators && m.score >= 0.8;
        let rest = words.get(start + m.words..)?.join(" ");
        (counted && rest.chars().any(|c| c.is_ascii_digit()))
            .then(|| (words[..start].join(" "), rest))
    })
}

/// The roles of a row's cells that hold text and fill a field (`field`
/// of their column's label): each cell's text and its field, named
/// "`what` <field>", for `inspect`. The box is the column's header span
/// over the cell's lines, for ordering: no value box is drawn, since a
/// cell spanning rows lies beside the row, not in it.
fn cell_roles(row: &Row, what: &str, field: impl Fn(Label) -> Option<FieldPath>) -> Vec<LineRole> {
    let cells = row.columns.iter().zip(&row.cells).zip(&row.extents);
    cells
        .filter_map(|((column, lines), extent)| {
            let field = field(column.label?)?;
            let text = lines.join(" ");
            if text.trim().is_empty() {
                return None;
            }
            let (y0, y1) = extent.unwrap_or((row.y0, row.y1));
            let bbox = BBox {
                x0: column.x0,
                y0,
                x1: column.x1,
                y1,
            };
            // Written out, not formatted: a role for every cell of a row.
            let name = field.name();
            let mut role = String::with_capacity(what.len() + 1 + name.len());
            role.push_str(what);
            role.push(' ');
            role.push_str(&name);
            Some(LineRole {
                page: row.page,
                text,
                role,
                bbox,
                label: None,
                value: None,
                field: Some(field),
                skew: 0.0,
            })
        })
        .collect()
}

/// One row's indicator.
fn indicator(row: &Row, number: u32) -> IndicatorLayout {
    let mut ind = IndicatorLayout {
        number,
        page: row.page,
        title: raw(row, Label::Indicator),
        measures: raw(row, Label::Description),
        header: row.columns.iter().map(|c| c.header.clone()).collect(),
        kpi: raw(row, Label::Kpi),
        achievement: raw(row, Label::Achievement),
        ..IndicatorLayout::default()
    };
    if ind.title.is_blank() {
        ind.title = raw(row, Label::Title);
    }
    if ind.measures.is_blank() {
        ind.measures = raw(row, Label::Measures);
    }
    for &column in Column::ALL {
        let field = raw(row, Label::Column(column));
        if !field.is_blank() {
            ind.cells[column] = Some(field.joined());
        }
    }
    ind.cells.boxes = empty_value_cells(row);
    ind.roles = cell_roles(row, &format!("indicator {number}"), |label| {
        let field = match label {
            Label::Indicator | Label::Title => IndicatorField::Title,
            Label::Description | Label::Measures => IndicatorField::Measures,
            Label::Kpi => IndicatorField::KpiCode,
            Label::Achievement => IndicatorField::AchievementStated,
            Label::Column(column) => IndicatorField::Cell(column),
            _ => return None,
        };
        Some(FieldPath::indicator(number, field))
    });
    ind
}

/// Where the row's value cells (target, actual, last observed) lie that
/// hold nothing: on a scan, OCR of the page may have dropped a short
/// number standing alone there ("96"), which the reread looks for in the
/// cell's own image.
fn empty_value_cells(row: &Row) -> Vec<CellBox> {
    let values: Vec<Column> = ValueField::ALL.iter().map(|v| v.column()).collect();
    row.columns
        .iter()
        .zip(&row.cells)
        .zip(row.lanes.iter())
        .filter_map(|((c, lines), &(x0, x1))| match c.label {
            Some(Label::Column(column)) if values.contains(&column) && lines.is_empty() => {
                Some(CellBox {
                    page: row.page,
                    column,
                    bbox: BBox {
                        x0,
                        y0: row.y0,
                        x1,
                        y1: row.y1,
                    },
                    skew: row.skew,
                })
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::OneTitle;

    struct GapCase {
        what: &'static str,
        gaps: &'static [f32],
        ocr: bool,
        want: f32,
    }

    #[test]
    fn rows_part_at_the_bands_wider_than_a_cells_line_spacing() {
        let cases = [
            GapCase {
                what: "a text layer: half a line and a device pixel",
                gaps: &[0.9, 9.3, 9.1, 9.5],
                ocr: false,
                want: 3.75,
            },
            GapCase {
                what: "OCR: lines of a cell 1.7 to 4 apart, rows 11 and more",
                gaps: &[1.7, 2.2, 3.6, 4.0, 2.9, 11.5, 12.0, 14.8],
                ocr: true,
                want: 7.75,
            },
            GapCase {
                what: "OCR, all bands alike: half a line",
                gaps: &[9.0, 9.5, 10.0],
                ocr: true,
                want: 3.0,
            },
            GapCase {
                what: "OCR, the small bands already under half a line",
                gaps: &[1.0, 1.2, 9.0],
                ocr: true,
                want: 5.1,
            },
        ];
        for case in cases {
            let got = row_gap(case.gaps, 6.0, case.ocr);
            assert!((got - case.want).abs() < 0.01, "{}: {got}", case.what);
        }
    }

    /// An OCR word 10 points high on `baseline`, its box hugging the
    /// ink: from the ascenders (or the x-height) to the descenders (or
    /// the baseline).
    fn ink_word(text: &str, x0: f32, baseline: f32) -> Word {
        let tall = text
            .chars()
            .any(|c| c.is_uppercase() || c.is_ascii_digit() || "bdfhiklt'>=<".contains(c));
        let low = text.chars().any(|c| "gjpqy,".contains(c));
        Word {
            text: text.to_string(),
            bbox: BBox {
                x0,
                y0: baseline - if tall { 7.2 } else { 5.0 },
                x1: x0 + 5.0 * text.chars().count() as f32,
                y1: baseline + if low { 2.1 } else { 0.0 },
            },
            confidence: Some(90.0),
            font_size: None,
        }
    }

    /// A scan of an unruled table, lines 12 points apart, rows padded by
    /// 2: blanks between a cell's lines run from 2.7 to 4.8 points (a line
    /// with descenders over one with ascenders, or neither), between rows
    /// from 6.7; the first rows' cells at their tops, the last rows'
    /// centred. Its words, and each row's (top, bottom); with
    /// `line_boxes`, every word of a line has the line's box (as OCR of a
    /// cell's crop gives them: a word without descenders then reaches as
    /// low as one with them).
    fn unruled_scan(line_boxes: bool) -> (Vec<Word>, Vec<(f32, f32)>) {
        // (column x, first baseline, lines) per cell, row by row.
        let rows: [&[(f32, f32, &[&str])]; 4] = [
            &[
                (
                    0.0,
                    100.0,
                    &[
                        "KPI390 -",
                        "Ispezioni di",
                        "vigilanza sulla",
                        "sicurezza dei",
                        "prodotti",
                    ],
                ),
                (110.0, 100.0, &["conteggio", "ispezioni"]),
                (210.0, 100.0, &[">= 120"]),
            ],
            &[
                (
                    0.0,
                    164.0,
                    &[
                        "KPI361 -",
                        "Contenimento del",
                        "costi di",
                        "funzionamento",
                        "dell'ente",
                    ],
                ),
                (110.0, 164.0, &["L'importo degli", "oneri di"]),
                (210.0, 164.0, &[">= 4.560"]),
            ],
            &[
                (0.0, 240.0, &["KPI12 - Tempi"]),
                (
                    110.0,
                    228.0,
                    &["media ponderata", "dei giorni di", "pagamento"],
                ),
                (210.0, 240.0, &["<= 5 gg."]),
            ],
            &[
                (0.0, 270.0, &["KPI20 - Numero", "imprese"]),
                (110.0, 276.0, &["le imprese"]),
                (210.0, 276.0, &[">= 12"]),
            ],
        ];
        let mut words = Vec::new();
        let mut spans = Vec::new();
        for row in rows {
            let (mut top, mut bottom) = (f32::INFINITY, f32::NEG_INFINITY);
            for &(x, first, lines) in row {
                for (i, text) in lines.iter().enumerate() {
                    let mut at = x;
                    let mut line: Vec<Word> = Vec::new();
                    for t in text.split_whitespace() {
                        let w = ink_word(t, at, first + 12.0 * i as f32);
                        at = w.bbox.x1 + 3.0;
                        line.push(w);
                    }
                    let y0 = line.iter().map(|w| w.bbox.y0).fold(f32::INFINITY, f32::min);
                    let y1 = line
                        .iter()
                        .map(|w| w.bbox.y1)
                        .fold(f32::NEG_INFINITY, f32::max);
                    if line_boxes {
                        for w in &mut line {
                            (w.bbox.y0, w.bbox.y1) = (y0, y1);
                        }
                    }
                    top = top.min(y0);
                    bottom = bottom.max(y1);
                    words.extend(line);
                }
            }
            spans.push((top, bottom));
        }
        (words, spans)
    }

    /// Each row of [`unruled_scan`] is a row: the wrapped title's last
    /// line ("prodotti", 4.8 under "sicurezza dei") stays in its row,
    /// and the short cells centred in the rows do not join them; with
    /// the words in line boxes too (a line whose box reaches its
    /// descenders still stands one leading under the line above).
    #[test]
    fn a_scans_rows_part_where_no_cells_lines_step_across() {
        for line_boxes in [false, true] {
            let (words, spans) = unruled_scan(line_boxes);
            let refs: Vec<(&Word, usize)> = words
                .iter()
                .map(|w| (w, column_at(&[105.0, 205.0], w)))
                .collect();
            let cuts = gap_cuts(&refs, &[], &[]);
            assert_eq!(
                cuts.len(),
                spans.len() + 1,
                "line boxes {line_boxes}: {cuts:?}"
            );
            for (i, (top, bottom)) in spans.iter().enumerate() {
                let held = cuts[i] < *top && cuts[i + 1] > *bottom;
                assert!(held, "line boxes {line_boxes}, row {i}: {cuts:?}");
            }
        }
    }

    /// OCR of a page can drop a short number standing alone in its cell
    /// ("96"): a row's empty value cell is given where it lies, for the
    /// reread to read it from the image; a cell holding text, or a
    /// column of no value, is not.
    #[test]
    fn a_rows_empty_value_cells_are_placed_for_the_reread() {
        let target = Some(Label::Column(Column::Target));
        let actual = Some(Label::Column(Column::Actual));
        let columns = Rc::new(vec![
            column("Descrizione", Some(Label::Description), 0.0, 90.0),
            column("Target", target, 100.0, 140.0),
            column("Consuntivo", actual, 150.0, 190.0),
        ]);
        let row = Row {
            page: 2,
            columns,
            y0: 300.0,
            y1: 340.0,
            cells: vec![Vec::new(), vec![">= 120".to_string()], Vec::new()],
            extents: vec![None; 3],
            baselines: vec![None; 3],
            text_top: 302.0,
            lanes: Rc::new(vec![(0.0, 95.0), (95.0, 145.0), (145.0, 200.0)]),
            skew: 0.01,
            opens: vec![false; 3],
            cut: false,
        };
        let boxes = empty_value_cells(&row);
        assert_eq!(boxes.len(), 1, "{boxes:?}");
        let b = &boxes[0];
        assert_eq!((b.page, b.column, b.skew), (2, Column::Actual, 0.01));
        assert_eq!(
            (b.bbox.x0, b.bbox.y0, b.bbox.x1, b.bbox.y1),
            (145.0, 300.0, 200.0, 340.0)
        );
    }

    fn column(header: &str, label: Option<Label>, x0: f32, x1: f32) -> TableColumn {
        TableColumn {
            label,
            x0,
            x1,
            header: header.into(),
        }
    }

    /// A table printed wider than its page (DEV browser-printed kpi-table
    /// 192, 243): the page's edge cut the last header cell to "Prog", and
    /// the body's text there ends at the same edge. The cut word names the
    /// programme's column; a whole word short of the edge, or a cut one
    /// of a label the header names already, names nothing.
    #[test]
    fn a_last_header_word_the_pages_edge_cut_names_its_column() {
        let vocab = Vocabulary::builtin();
        let mission = Some(Label::Mission);
        let header = line(100.0, &[(300.0, "Missioni"), (400.0, "Prog")]);
        let body = line(120.0, &[(300.0, "011 Competitivita"), (400.0, "005 Pr")]);
        let columns = |last: &str, label| {
            vec![
                column("Missioni", mission, 300.0, 340.0),
                column(last, label, 400.0, 420.0),
            ]
        };
        let named = |columns: Vec<TableColumn>, body: &Line| -> Vec<Option<Label>> {
            cut_column_named(columns, &[&header], &[body], &vocab)
                .into_iter()
                .map(|c| c.label)
                .collect()
        };
        assert_eq!(
            named(columns("Prog", None), &body),
            [mission, Some(Label::Programme)]
        );
        // The body's text runs on past the header word: no cut there.
        let wider = line(120.0, &[(300.0, "011"), (400.0, "005 Promozione")]);
        assert_eq!(named(columns("Prog", None), &wider), [mission, None]);
        assert_eq!(named(columns("Missio", None), &body), [mission, None]);
        assert_eq!(named(columns("Note", None), &body), [mission, None]);
    }

    #[test]
    fn a_header_cell_ocr_garbled_takes_the_label_of_the_page_before() {
        let actual = Some(Label::Column(Column::Actual));
        let before = [
            column(
                "Valore target",
                Some(Label::Column(Column::Target)),
                383.0,
                438.7,
            ),
            column("Consuntivo 2019", actual, 462.2, 509.3),
        ];
        let page = vec![
            column(
                "Valore target",
                Some(Label::Column(Column::Target)),
                381.6,
                437.3,
            ),
            column("a\" \"aa", None, 460.8, 507.8),
            column("Note", None, 600.0, 650.0),
        ];
        let labels: Vec<Option<Label>> = inherit_labels(page.clone(), &before)
            .into_iter()
            .map(|c| c.label)
            .collect();
        assert_eq!(labels, [Some(Label::Column(Column::Target)), actual, None]);
        // Among the other pages' headers, one garbled at the same place
        // (the page's own, read again) names nothing: the other does.
        let mut others = vec![column("a\" \"aa", None, 460.0, 508.0)];
        others.extend(before);
        let labels: Vec<Option<Label>> = inherit_labels(page, &others)
            .into_iter()
            .map(|c| c.label)
            .collect();
        assert_eq!(labels, [Some(Label::Column(Column::Target)), actual, None]);
    }

    #[test]
    fn a_header_ocr_read_in_part_takes_the_columns_it_lost_from_another_page() {
        let target = Some(Label::Column(Column::Target));
        let actual = Some(Label::Column(Column::Actual));
        // Page 2's header: "Consuntivo" garbled, "Missione" there.
        let others = [
            column("OBIETTIVO", Some(Label::Objective), 65.0, 111.0),
            column("Valore target", target, 415.0, 468.0),
            column("Cone", None, 489.0, 533.0),
            column("Missione", Some(Label::Mission), 641.0, 676.0),
        ];
        // Page 1's: "Consuntivo" read, the "Missione" cell dropped.
        let page = vec![
            column("OBIETTIVO", Some(Label::Objective), 66.0, 111.0),
            column("Valore target", target, 416.0, 468.0),
            column("Consuntivo 2019", actual, 489.0, 533.0),
        ];
        let labels: Vec<Option<Label>> = completed(page, &others)
            .into_iter()
            .map(|c| c.label)
            .collect();
        assert_eq!(
            labels,
            [Some(Label::Objective), target, actual, Some(Label::Mission)]
        );
        // A column the page has, unnamed, is not doubled.
        let page = vec![column("Missone", None, 640.0, 677.0)];
        assert_eq!(completed(page, &others[3..]).len(), 1);
    }

    /// A scan 0.6° askew: a row border drawn across the page drops 8
    /// points from left to right. In the frame the words were deskewed
    /// into it lies level, where the row's words put it on both sides.
    #[test]
    fn a_scans_row_borders_are_read_in_the_words_frame() {
        let skew = 0.01;
        let border = |x0: f32, x1: f32| Rule {
            axis: Axis::Horizontal,
            at: 100.0 + skew * (x0 + x1) / 2.0,
            from: x0,
            to: x1,
        };
        let page = crate::read::PageWords {
            number: 1,
            rules: vec![border(40.0, 300.0), border(300.0, 800.0)],
            ..Default::default()
        };
        let doc = Document::new(crate::model::InputFormat::PdfOcr, vec![page], Vec::new());
        let rules = page_rules(&doc, 1, skew);
        for x in [60.0, 700.0] {
            let ys = rules_across(&rules, x);
            assert_eq!(ys.len(), 1, "{ys:?}");
            assert!((ys[0] - 100.0).abs() < 0.5, "at x {x}: {ys:?}");
        }
    }

    /// A row of `cells` on `page`, cut by the page's end where `cut`.
    fn bare_row(page: u32, cells: &[&str], cut: bool) -> Row {
        Row {
            page,
            columns: Rc::new(Vec::new()),
            y0: 0.0,
            y1: 10.0,
            cells: cells
                .iter()
                .map(|c| c.split_whitespace().map(str::to_string).collect())
                .collect(),
            extents: vec![None; cells.len()],
            baselines: vec![None; cells.len()],
            text_top: 0.0,
            lanes: Rc::new(Vec::new()),
            skew: 0.0,
            opens: vec![false; cells.len()],
            cut,
        }
    }

    /// A browser prints a ruled table's row a page break cuts with its
    /// top rule and no bottom one: words wholly under the last rule are
    /// that row's start, and the next page's first row its rest.
    #[test]
    fn a_row_a_page_break_cut_is_one_row_over_two_pages() {
        // Words under the last rule (at 500) down to the page's end.
        assert!(cut_row_below(
            &[(480.0, 490.0), (505.0, 515.0)],
            500.0,
            530.0
        ));
        // Only words above it: the table ends at the rule.
        assert!(!cut_row_below(&[(480.0, 490.0)], 500.0, 530.0));
        let mut rows = vec![
            bare_row(1, &["Obiettivo uno", "Tempi medi", ">= 5"], false),
            bare_row(1, &["Obiettivo due", "Numero di", ""], true),
        ];
        let mut next = vec![
            bare_row(2, &["e tre", "imprese", ">= 10"], false),
            bare_row(2, &["Obiettivo due e tre", "Tasso", ">= 1"], false),
        ];
        join_cut_row(&mut rows, &mut next);
        assert_eq!(next.len(), 1);
        let texts: Vec<String> = rows[1].cells.iter().map(|c| c.join(" ")).collect();
        assert_eq!(texts, ["Obiettivo due e tre", "Numero di imprese", ">= 10"]);
        // A row not cut keeps the next page's first row apart.
        let mut next = vec![bare_row(2, &["Obiettivo tre", "Tasso", ">= 1"], false)];
        join_cut_row(&mut rows[..1], &mut next);
        assert_eq!(next.len(), 1);
    }

    use crate::layout::test_lines::line;

    fn page_with(rules: Vec<Rule>) -> Document {
        let page = crate::read::PageWords {
            number: 1,
            rules,
            ..Default::default()
        };
        Document::new(crate::model::InputFormat::PdfText, vec![page], Vec::new())
    }

    /// A header whose "Descrizione" cell wraps onto a second line, and the
    /// body's first line (words alone, in the objective's column) close
    /// under it: the cell's line belongs to the header; the body's does
    /// not, whether a rule parts them or a row's gap does.
    #[test]
    fn a_header_band_ends_at_its_rule_or_at_a_rows_gap() {
        let header = line(100.0, &[(50.0, "Obiettivo"), (200.0, "Descrizione")]);
        let wrapped = line(111.5, &[(205.0, "indicatore")]);
        let rule = |at: f32| Rule {
            axis: Axis::Horizontal,
            at,
            from: 40.0,
            to: 400.0,
        };
        // 5.5 points under the wrapped line: less than the 6 of old, more
        // than a body row's gap (half a line).
        let body = line(127.0, &[(50.0, "SOSTEGNO")]);
        let lines = [&header, &wrapped, &body];
        let vocab = Vocabulary::builtin();
        let band = |lines: &[&Line], rules: Vec<Rule>| {
            let doc = page_with(rules);
            header_band(lines, 0, &Headers::new(&vocab, &doc))
        };
        assert_eq!(band(&lines, Vec::new()), 0..2);
        // A body line closer still, but under the header's rule.
        let close = line(124.0, &[(50.0, "SOSTEGNO")]);
        let lines = [&header, &wrapped, &close];
        assert_eq!(band(&lines, Vec::new()), 0..3);
        assert_eq!(band(&lines, vec![rule(123.0)]), 0..2);
    }

    /// An unruled header with the first indicator's title set close under
    /// it (DEV matrix scan 129): the title runs on past the label of the
    /// header cell over it, a header cell's wrapped words do not.
    #[test]
    fn a_header_band_ends_where_a_line_runs_past_its_cells_label() {
        let vocab = Vocabulary::builtin();
        let doc = page_with(Vec::new());
        let headers = Headers::new(&vocab, &doc);
        let header = line(
            100.0,
            &[
                (50.0, "MISSIONI"),
                (200.0, "Obiettivi"),
                (320.0, "Indicatori"),
            ],
        );
        let title = line(111.5, &[(300.0, "AVVIO DI PERCORSI DI")]);
        assert_eq!(header_band(&[&header, &title], 0, &headers), 0..1);
        let header = line(100.0, &[(50.0, "Obiettivo"), (200.0, "Algoritmo")]);
        let wrapped = line(111.5, &[(200.0, "di calcolo")]);
        assert_eq!(header_band(&[&header, &wrapped], 0, &headers), 0..2);
    }

    /// The texts of the table's grouping columns say together how its
    /// cells sit: one text lower than its first row's text is enough to
    /// tell the middle, against one level with it by chance; a text that
    /// fills a row of its own says nothing.
    #[test]
    fn grouping_cells_sit_in_the_middle_unless_nearly_all_are_at_the_top() {
        let columns = Rc::new(vec![
            column("Missione", Some(Label::Mission), 0.0, 100.0),
            column("Target", Some(Label::Column(Column::Target)), 100.0, 200.0),
        ]);
        let row = |y0: f32, y1: f32, text_top: f32, mission: Option<(f32, f32)>| Row {
            page: 1,
            columns: Rc::clone(&columns),
            y0,
            y1,
            cells: vec![
                mission.map_or(Vec::new(), |_| vec!["011 - Competitività".to_string()]),
                vec!["Anno 2023: >= 5".to_string()],
            ],
            extents: vec![mission, Some((text_top, text_top + 10.0))],
            baselines: vec![None; 2],
            text_top,
            lanes: Rc::new(vec![(0.0, 100.0), (100.0, 200.0)]),
            skew: 0.0,
            opens: vec![false; 2],
            cut: false,
        };
        let geometry = |n: usize| PageGeometry {
            rows: 0..n,
            leading: None,
            columns: Rc::clone(&columns),
            bounds: vec![100.0],
            rules: Vec::new(),
            height: 10.0,
            typeset: false,
        };
        // Level with its row's text by chance, in the middle of a span of
        // two rows; then one lower than its row's text.
        let chance = [
            row(0.0, 40.0, 2.0, None),
            row(40.0, 80.0, 42.0, Some((40.0, 50.0))),
            row(80.0, 120.0, 82.0, Some((95.0, 105.0))),
        ];
        assert!(!top_aligned(&chance, &[geometry(3)]));
        // Each at its row's top, below the middle of its row.
        let top = [
            row(0.0, 40.0, 2.0, Some((2.0, 12.0))),
            row(40.0, 80.0, 42.0, Some((42.0, 52.0))),
        ];
        assert!(top_aligned(&top, &[geometry(2)]));
        // One text filling its row says nothing: the others decide.
        let mut filled = chance.to_vec();
        filled[0] = row(0.0, 40.0, 15.0, Some((15.0, 25.0)));
        assert!(!top_aligned(&filled, &[geometry(3)]));
    }

    /// "Descrizio" / "ne" and "Algoritm" / "o", two narrow header cells 7
    /// points apart (less than a line): two columns, each naming its
    /// label; "Descrizione KPI", a word space apart, one.
    #[test]
    fn header_cells_set_close_part_where_each_names_a_label() {
        let vocab = Vocabulary::builtin();
        let labels = |band: &[&Line]| -> Vec<Option<Label>> {
            header_columns(band, &vocab, None)
                .into_iter()
                .map(|c| c.label)
                .collect()
        };
        let upper = line(100.0, &[(100.0, "Descrizio"), (152.0, "Algoritm")]);
        let lower = line(111.0, &[(100.0, "ne"), (152.0, "o")]);
        assert_eq!(
            labels(&[&upper, &lower]),
            [
                Some(Label::Description),
                Some(Label::Column(Column::Algorithm))
            ]
        );
        let one = line(100.0, &[(100.0, "Descrizione KPI")]);
        assert_eq!(labels(&[&one]), [Some(Label::Description)]);
    }

    /// An OCR'd line of `(x0, x1, text)` words at `y`, 11 points high.
    fn ocr_line(y: f32, words: &[(f32, f32, &str)]) -> Line {
        let words = words
            .iter()
            .map(|&(x0, x1, text)| Word {
                text: text.to_string(),
                bbox: BBox {
                    x0,
                    y0: y,
                    x1,
                    y1: y + 11.0,
                },
                confidence: Some(90.0),
                font_size: None,
            })
            .collect();
        Line::new(1, words, 0.0)
    }

    /// A header and its body as OCR read them.
    struct ScanHeaderCase {
        what: &'static str,
        header: &'static [&'static [(f32, f32, &'static str)]],
        body: &'static [&'static [(f32, f32, &'static str)]],
        /// The labels the columns name with the body to go by, and
        /// without it.
        with_body: &'static [Option<Label>],
        without: &'static [Option<Label>],
    }

    /// On a scan, header cells OCR set less than a line apart ran
    /// together ("Descrizione Metodo di calcolo", "Target Consuntiv
    /// raggiungiment o": DEV kpi-table scan 147, whose measures took the
    /// algorithm's words and whose target the actual and the achievement):
    /// they part where the body shows a column starting, its text set
    /// flush left or its values centred; one cell's words a word space
    /// apart ("Descrizione indicatore") do not, the body's lines running
    /// across the blank.
    #[test]
    fn scanned_header_cells_run_together_part_where_the_body_starts_a_column() {
        use Column::{Actual, Algorithm, Target};
        let cases = [
            ScanHeaderCase {
                what: "DEV 147's header",
                header: &[
                    &[
                        (48.0, 88.0, "OBIETTIVo"),
                        (101.0, 142.0, "Indicatore"),
                        (155.0, 197.0, "Descrizione"),
                        (205.0, 245.0, "Metodo"),
                        (236.0, 246.0, "di"),
                        (258.0, 285.0, "Target"),
                        (295.0, 335.0, "Consuntiv"),
                        (338.0, 398.0, "raggiungiment"),
                    ],
                    &[
                        (111.0, 132.0, "(KPI)"),
                        (211.0, 239.0, "calcolo"),
                        (312.0, 317.0, "o"),
                    ],
                ],
                body: &[
                    &[
                        (92.0, 113.0, "KPI98"),
                        (153.0, 197.0, "tempestività"),
                        (200.0, 221.0, "media"),
                    ],
                    &[
                        (91.0, 131.0, "pagamento"),
                        (153.0, 163.0, "dei"),
                        (199.0, 220.0, "giorni"),
                        (253.0, 264.0, "<="),
                        (267.0, 275.0, "15"),
                        (278.0, 288.0, "gg."),
                        (304.0, 311.0, "15"),
                        (314.0, 324.0, "gg."),
                        (353.0, 383.0, "100,00%"),
                    ],
                    &[(152.0, 173.0, "nuovo"), (198.0, 246.0, "approvazione")],
                    &[
                        (255.0, 266.0, ">="),
                        (269.0, 284.0, "85%"),
                        (302.0, 324.0, "69,7%"),
                        (354.0, 380.0, "82,00%"),
                    ],
                ],
                with_body: &[
                    Some(Label::Objective),
                    Some(Label::Kpi),
                    Some(Label::Description),
                    Some(Label::Column(Algorithm)),
                    Some(Label::Column(Target)),
                    Some(Label::Column(Actual)),
                    Some(Label::Achievement),
                ],
                without: &[
                    Some(Label::Objective),
                    Some(Label::Kpi),
                    Some(Label::Description),
                    Some(Label::Column(Target)),
                ],
            },
            ScanHeaderCase {
                what: "one cell's two words over wrapped text",
                header: &[&[(155.0, 197.0, "Descrizione"), (201.0, 240.0, "indicatore")]],
                body: &[
                    &[(152.0, 160.0, "La"), (163.0, 209.0, "tempestività")],
                    &[(152.0, 190.0, "dell'utente"), (193.0, 230.0, "per")],
                    &[(152.0, 199.0, "rilasciato"), (203.0, 225.0, "entro")],
                ],
                with_body: &[Some(Label::Description)],
                without: &[Some(Label::Description)],
            },
            ScanHeaderCase {
                // DEV kpi-table scan 215 (its words' places scaled to the
                // test's line height): the description's boxes reach a
                // point or two past where the algorithm's text starts.
                what: "tight columns whose boxes overlap",
                header: &[
                    &[(378.1, 446.9, "Descrizio"), (457.0, 522.9, "Algoritm")],
                    &[(403.3, 421.3, "ne"), (486.2, 494.6, "o")],
                ],
                body: &[
                    &[(375.8, 441.0, "certificati"), (455.1, 506.5, "numero")],
                    &[(377.2, 451.1, "rilasciati"), (455.1, 520.2, "certificati")],
                    &[(379.1, 448.8, "l'attivazion"), (455.7, 522.1, "telematici")],
                    &[(380.4, 448.2, "pagament"), (456.0, 506.5, "verifica")],
                    &[(380.8, 452.4, "L'importo"), (456.4, 522.9, "dell'attiva")],
                    &[(381.8, 454.1, "funzionam"), (456.4, 491.8, "totale")],
                    &[(385.0, 456.0, "STANZIAT"), (457.4, 496.0, "importo")],
                    &[(386.0, 458.0, "DISPOSIZI"), (458.0, 528.0, "finanziam")],
                    &[(440.0, 460.2, "ONE")],
                    &[(380.4, 446.5, "ispezioni"), (458.0, 487.2, "enti")],
                ],
                with_body: &[Some(Label::Description), Some(Label::Column(Algorithm))],
                without: &[Some(Label::Description)],
            },
        ];
        let vocab = Vocabulary::builtin();
        for case in cases {
            let lines = |rows: &[&[(f32, f32, &str)]], top: f32| -> Vec<Line> {
                (rows.iter().enumerate())
                    .map(|(i, words)| ocr_line(top + 12.0 * i as f32, words))
                    .collect()
            };
            let (header, body) = (lines(case.header, 48.0), lines(case.body, 80.0));
            let band: Vec<&Line> = header.iter().collect();
            let body: Vec<&Line> = body.iter().collect();
            let labels = |starts: Option<&ColumnStarts>| -> Vec<Option<Label>> {
                (header_columns(&band, &vocab, starts).iter())
                    .map(|c| c.label)
                    .collect()
            };
            let starts = ColumnStarts::new(&body, &[]);
            assert_eq!(labels(Some(&starts)), case.with_body, "{}", case.what);
            assert_eq!(labels(None), case.without, "{}: no body", case.what);
        }
    }

    /// Where a scan's words leave no blank between two columns (DEV
    /// kpi-table scan 147: the algorithm's text starts a point after the
    /// measures' ends, the mission's level with the header's end), the
    /// border is where the fewest words cross, not the middle of the
    /// stretch, which put "e" of the algorithm and the mission's code
    /// "011" in the columns before.
    #[test]
    fn tight_scanned_columns_part_where_the_fewest_words_cross() {
        /// What lies between two columns, their words' extents, the stretch
        /// between their headers, and the border expected.
        type Case<'a> = (&'a str, &'a [(f32, f32)], (f32, f32), f32);
        let cases: [Case; 3] = [
            (
                "measures | algorithm",
                &[
                    (153.0, 197.0),
                    (196.0, 231.0),
                    (197.0, 217.0),
                    (198.0, 225.0),
                    (199.0, 202.0),
                    (152.0, 190.0),
                ],
                (197.0, 205.0),
                197.0,
            ),
            (
                "achievement | mission",
                &[
                    (353.0, 383.0),
                    (398.0, 402.0),
                    (401.0, 413.0),
                    (399.0, 449.0),
                    (413.0, 440.0),
                    (420.0, 463.0),
                ],
                (398.0, 422.0),
                398.0,
            ),
            // A blank between the words: its middle, as ever.
            (
                "a blank",
                &[(150.0, 196.0), (203.0, 230.0)],
                (197.0, 205.0),
                200.0,
            ),
        ];
        for (what, spans, (lo, hi), want) in cases {
            let got = aligned_river(spans, lo, hi, 11.0);
            assert!((got - want).abs() < 0.01, "{what}: {got}");
        }
    }

    /// A matrix's target cell, "Anno 2021: >=150,00" a line, its header
    /// centred (DEV browser-printed matrix 101 scanned image-only; OCR
    /// lost the colons, so the gap before ">=" is wider than the one
    /// before "Anno"): the column starts before "Anno", not before ">=".
    #[test]
    fn a_texts_inner_level_starts_are_no_column_edge() {
        let rows: [[(f32, f32); 4]; 3] = [
            [
                (541.0, 571.0),
                (588.7, 612.7),
                (616.6, 639.4),
                (647.3, 695.0),
            ],
            [
                (503.5, 520.6),
                (588.7, 612.5),
                (616.6, 639.4),
                (647.3, 695.0),
            ],
            [
                (445.7, 582.0),
                (588.7, 612.5),
                (616.6, 639.4),
                (647.3, 695.0),
            ],
        ];
        let spans: Vec<(f32, f32)> = rows.iter().flatten().copied().collect();
        let got = aligned_river(&spans, 540.7, 670.1, 7.4);
        assert!((got - 585.35).abs() < 0.01, "{got}");
        // Where fewer words start at the place further left (a line
        // without "Anno"), the widest gap stays the edge.
        let fewer: Vec<(f32, f32)> = (spans.iter().enumerate())
            .filter(|&(i, _)| i != 9)
            .map(|(_, s)| *s)
            .collect();
        let got = aligned_river(&fewer, 540.7, 670.1, 7.4);
        assert!((got - 643.35).abs() < 0.01, "{got}");
    }

    /// Cells of adjacent rows of a text layer, each filling its row (lines
    /// 2 points apart, cells 5): a text each; a text whose lines straddle
    /// the rows' border (2 points apart across it): one text.
    #[test]
    fn tall_cells_of_adjacent_rows_are_texts_of_their_own() {
        let columns = Rc::new(vec![column(
            "Obiettivo",
            Some(Label::Objective),
            0.0,
            100.0,
        )]);
        // A cell of `n` lines 10 high from `top`, 2 apart.
        let row = |y0: f32, y1: f32, top: (f32, usize)| Row {
            page: 1,
            columns: Rc::clone(&columns),
            y0,
            y1,
            cells: vec![vec![format!("RIGA {y0}"); top.1]],
            extents: vec![Some((top.0, top.0 + 12.0 * top.1 as f32 - 2.0))],
            baselines: vec![None],
            text_top: y0,
            lanes: Rc::new(vec![(0.0, 100.0)]),
            skew: 0.0,
            opens: vec![false],
            cut: false,
        };
        let geometry = PageGeometry {
            rows: 0..2,
            leading: None,
            columns: Rc::clone(&columns),
            bounds: Vec::new(),
            rules: Vec::new(),
            height: 10.0,
            typeset: true,
        };
        let texts = |rows: &[Row]| blocks(rows, 0, &geometry).len();
        // 3 lines from 0 (to 34), 3 from 39.
        let apart = [row(0.0, 36.5, (0.0, 3)), row(36.5, 80.0, (39.0, 3))];
        assert_eq!(texts(&apart), 2);
        // One text of 4 lines from 20: 2 in each row.
        let straddling = [row(0.0, 43.0, (20.0, 2)), row(43.0, 90.0, (44.0, 2))];
        assert_eq!(texts(&straddling), 1);
        // On a scan, lines stand apart unevenly: 0.6 of a line parts texts.
        let scan = PageGeometry {
            typeset: false,
            ..geometry
        };
        assert_eq!(blocks(&apart, 0, &scan).len(), 1);
    }

    /// DEV kpi-table scan 196: an objective's text runs past its first
    /// row's border ("... mercati esteri" / "attraverso l'e-commerce").
    /// OCR's boxes leave 4.4 points between its lines there, more than
    /// 0.6 of a line (7.2), but their baselines follow at the leading
    /// (10.1): one text. The next objective's first line stands a row's
    /// padding further down: a text of its own.
    #[test]
    fn a_scanned_text_past_its_rows_border_follows_at_the_leading() {
        let columns = Rc::new(vec![column(
            "Obiettivo",
            Some(Label::Objective),
            0.0,
            100.0,
        )]);
        let row = |y0: f32, y1: f32, extent: (f32, f32), lines: (f32, f32)| Row {
            page: 2,
            columns: Rc::clone(&columns),
            y0,
            y1,
            cells: vec![vec![format!("RIGA {y0}")]],
            extents: vec![Some(extent)],
            baselines: vec![Some(lines)],
            text_top: y0,
            lanes: Rc::new(vec![(0.0, 100.0)]),
            skew: 0.0,
            opens: vec![false],
            cut: false,
        };
        let geometry = PageGeometry {
            rows: 0..3,
            leading: Some(10.1),
            columns: Rc::clone(&columns),
            bounds: Vec::new(),
            rules: Vec::new(),
            height: 7.2,
            typeset: false,
        };
        let rows = [
            row(84.7, 136.5, (85.8, 133.3), (92.4, 133.3)),
            row(136.5, 160.0, (137.7, 154.0), (143.4, 152.4)),
            row(160.0, 200.0, (163.0, 190.0), (170.0, 189.0)),
        ];
        let texts: Vec<(usize, usize)> = blocks(&rows, 0, &geometry)
            .iter()
            .map(|b| (b.first, b.last))
            .collect();
        assert_eq!(texts, [(0, 1), (2, 2)]);
    }

    /// DEV matrix scan 123: rows padded so little that a target cell's
    /// last line ("Anno 2023: <= 10 giorni") and the next row's first
    /// ("Anno 2021: >= 3,00") step one leading apart, like the lines of
    /// one cell. The plan's first year named again opens the row.
    #[test]
    fn a_target_cell_naming_the_plans_first_year_again_opens_a_row() {
        let columns = [
            column("Indicatori", Some(Label::Indicator), 0.0, 150.0),
            column("Target", Some(Label::Column(Column::Target)), 200.0, 300.0),
        ];
        let mut words = Vec::new();
        for (row, title) in [(0, "TEMPI MEDI"), (1, "CANCELLAZIONI")] {
            let top = 100.0 + 30.0 * row as f32;
            words.push((ink_word(title, 10.0, top + 7.2), 0));
            for (k, year) in ["2021:", "2022:", "2023:"].into_iter().enumerate() {
                let baseline = top + 7.2 + 10.0 * k as f32;
                words.push((ink_word("Anno", 200.0, baseline), 1));
                words.push((ink_word(year, 225.0, baseline), 1));
                words.push((ink_word(">=", 255.0, baseline), 1));
            }
        }
        let refs: Vec<(&Word, usize)> = words.iter().map(|(w, c)| (w, *c)).collect();
        let opens = plan_openings(&refs, &columns);
        assert_eq!(opens, [130.0]);
        let cuts = gap_cuts(&refs, &[], &opens);
        assert_eq!(cuts.len(), 3, "{cuts:?}");
        assert!(cuts[1] > 127.2 && cuts[1] <= 130.0, "{cuts:?}");
        // The steps alone do not part the rows.
        assert_eq!(gap_cuts(&refs, &[], &[]).len(), 2);
    }

    /// DEV matrix scan 129: target cells centred in rows a blank parts
    /// already open below their rows' borders: no second border there.
    #[test]
    fn a_centred_target_cell_opens_no_row_of_its_own() {
        let columns = [
            column("Indicatori", Some(Label::Indicator), 0.0, 150.0),
            column("Target", Some(Label::Column(Column::Target)), 200.0, 300.0),
        ];
        let mut words = Vec::new();
        for row in 0..2 {
            let top = 100.0 + 60.0 * row as f32;
            for k in 0..5 {
                words.push((ink_word("ACCORDI", 10.0, top + 7.2 + 10.0 * k as f32), 0));
            }
            for (k, year) in ["2021:", "2022:", "2023:"].into_iter().enumerate() {
                let baseline = top + 17.2 + 10.0 * k as f32;
                words.push((ink_word("Anno", 200.0, baseline), 1));
                words.push((ink_word(year, 225.0, baseline), 1));
            }
        }
        let refs: Vec<(&Word, usize)> = words.iter().map(|(w, c)| (w, *c)).collect();
        let opens = plan_openings(&refs, &columns);
        assert_eq!(opens, [170.0]);
        let cuts = gap_cuts(&refs, &[], &opens);
        assert_eq!(cuts.len(), 3, "{cuts:?}");
        assert!(cuts[1] > 147.2 && cuts[1] < 160.0, "{cuts:?}");
    }

    /// DEV matrix scan 124: OCR lost the "Programmi" of a shaded ruled
    /// header. Its empty cell stands for the one label the header lacks;
    /// a header naming a label the signature does not, or with two empty
    /// cells, is not taken for it.
    #[test]
    fn a_ruled_headers_empty_cell_is_the_label_it_lacks() {
        let vocab = Vocabulary::builtin();
        let matrix = vocab
            .templates()
            .iter()
            .find(|s| s.template == crate::model::Template::Matrix)
            .expect("the matrix signature");
        let words = [
            (20.0, "Missione"),
            (330.0, "Obiettivi"),
            (480.0, "INDICATORI"),
            (650.0, "Target"),
        ];
        let header = |borders: Vec<f32>| {
            let plain = line(100.0, &words);
            Line::ruled(1, plain.words, 0.0, borders)
        };
        let ruled = header(vec![10.0, 150.0, 320.0, 460.0, 640.0, 720.0]);
        let named = [
            Label::Mission,
            Label::Objective,
            Label::Indicator,
            Label::Column(Column::Target),
        ];
        assert_eq!(
            lost_column(&ruled, &named, matrix),
            Some((Label::Programme, 150.0, 320.0))
        );
        let two_empty = header(vec![10.0, 150.0, 240.0, 320.0, 460.0, 640.0, 720.0]);
        assert_eq!(lost_column(&two_empty, &named, matrix), None);
        let foreign = [
            Label::Description,
            Label::Objective,
            Label::Indicator,
            Label::Column(Column::Target),
        ];
        assert_eq!(lost_column(&ruled, &foreign, matrix), None);
    }

    /// A text layer's unruled rows padded 1.5 pt, cells vertically
    /// centred: lines of a cell 10.35 apart in boxes 10.48 high, rows 3 pt
    /// further apart. Their boxes leave 2.9 pt between the rows, less
    /// than half a line, but the pitch parts them, column by column; the
    /// short cells centred half a line off the tall ones do not.
    #[test]
    fn rows_padded_little_part_by_their_line_pitch() {
        let word = |c: usize, y: f32| Word {
            text: "testo".into(),
            bbox: BBox {
                x0: 100.0 * c as f32,
                y0: y,
                x1: 100.0 * c as f32 + 40.0,
                y1: y + 10.48,
            },
            confidence: None,
            font_size: Some(9.0),
        };
        let pitch = 10.35;
        let mut words = Vec::new();
        // Row 1: five lines in column 0, two centred in column 1.
        for k in 0..5 {
            words.push((word(0, 84.26 + pitch * k as f32), 0));
        }
        words.push((word(1, 84.26 + 1.5 * pitch), 1));
        words.push((word(1, 84.26 + 2.5 * pitch), 1));
        // Row 2, 3 pt further than a line below: three lines, one centred.
        let second = 84.26 + 5.0 * pitch + 3.0;
        for k in 0..3 {
            words.push((word(0, second + pitch * k as f32), 0));
        }
        words.push((word(1, second + pitch), 1));
        let refs: Vec<(&Word, usize)> = words.iter().map(|(w, c)| (w, *c)).collect();
        let cuts = gap_cuts(&refs, &[], &[]);
        assert_eq!(cuts.len(), 3, "{cuts:?}");
        assert!(
            cuts[1] > 84.26 + 4.0 * pitch + 5.0 && cuts[1] < second + 5.0,
            "{cuts:?}"
        );
    }

    /// DEV kpi-table 146 (browser-printed, DejaVu Serif 8 pt, line height
    /// 1.5): a cell's lines stand 11.25 or 12 apart (the browser snaps
    /// them to its pixels) in boxes 8 high, so their blank is half a line
    /// now and then a hair more; rows stand 3 pt further apart. The cell
    /// stays one row's, and the rows still part.
    #[test]
    fn a_loosely_leaded_cell_snapped_to_pixels_is_one_rows() {
        let word = |c: usize, y: f32| Word {
            text: "testo".into(),
            bbox: BBox {
                x0: 100.0 * c as f32,
                y0: y,
                x1: 100.0 * c as f32 + 40.0,
                y1: y + 7.995,
            },
            confidence: None,
            font_size: Some(8.0),
        };
        let mut words = Vec::new();
        // Row 1: four lines in column 0, one in column 1.
        for y in [87.83, 99.08, 110.33, 122.33] {
            words.push((word(0, y), 0));
        }
        words.push((word(1, 87.83), 1));
        // Row 2, a line and 3 pt under the cell's last.
        let second = 122.33 + 11.25 + 3.0;
        words.push((word(0, second), 0));
        words.push((word(1, second), 1));
        let refs: Vec<(&Word, usize)> = words.iter().map(|(w, c)| (w, *c)).collect();
        let cuts = gap_cuts(&refs, &[], &[]);
        assert_eq!(cuts.len(), 3, "{cuts:?}");
        assert!(cuts[1] > 130.0 && cuts[1] < second, "{cuts:?}");
    }

    /// DEV kpi-table 107 (browser-printed, unruled): an objective's title
    /// runs past its first row, its lines 9.75 or 10.5 apart (the
    /// browser's pixels), the blank a pixel wider where the row's border
    /// falls: still one text, spanning both rows.
    #[test]
    fn a_text_a_pixel_looser_across_a_rows_border_is_one() {
        let columns = Rc::new(vec![column(
            "Obiettivo",
            Some(Label::Objective),
            0.0,
            100.0,
        )]);
        // A cell of `n` lines 7.5 high from `top`, 2.25 apart.
        let row = |y0: f32, y1: f32, top: f32, n: usize| Row {
            page: 1,
            columns: Rc::clone(&columns),
            y0,
            y1,
            cells: vec![vec![format!("RIGA {y0}"); n]],
            extents: vec![Some((top, top + 9.75 * n as f32 - 2.25))],
            baselines: vec![None],
            text_top: y0,
            lanes: Rc::new(vec![(0.0, 100.0)]),
            skew: 0.0,
            opens: vec![false],
            cut: false,
        };
        let geometry = PageGeometry {
            rows: 0..2,
            leading: None,
            columns: Rc::clone(&columns),
            bounds: Vec::new(),
            rules: Vec::new(),
            height: 7.5,
            typeset: true,
        };
        // 4 lines from 84 (to 120.75), 2 from 124: 3.25 apart.
        let straddling = [row(83.0, 122.2, 84.0, 4), row(122.2, 156.8, 124.0, 2)];
        assert_eq!(blocks(&straddling, 0, &geometry).len(), 1);
        // Two rows' cells, padded 1.5 pt: texts of their own.
        let apart = [row(83.0, 122.2, 84.0, 4), row(122.2, 156.8, 126.0, 2)];
        assert_eq!(blocks(&apart, 0, &geometry).len(), 2);
    }

    /// DEV kpi-table 145 (browser-printed, unruled, rows cut by page
    /// breaks): the next page opens with the end of the cut row's
    /// objective and programme cells alone, a row's padding over the
    /// first row's own text. It is no row (nor objective) of its own but
    /// the rest of the row the page before ends with.
    #[test]
    fn grouping_text_alone_over_a_pages_first_row_ends_the_cut_row() {
        let w = |y0: f32| Word {
            text: "testo".into(),
            bbox: BBox {
                x0: 0.0,
                y0,
                x1: 40.0,
                y1: y0 + 9.0,
            },
            confidence: None,
            font_size: Some(9.0),
        };
        // "COMPETENZE" / "TRASVERSALI", then the first row's objective
        // level with its own text at 100.
        let group = [w(70.0), w(80.0), w(100.0), w(110.0)];
        let refs: Vec<&Word> = group.iter().collect();
        let border = rest_above(&refs, 100.0, 5.25).expect("a rest");
        assert!(border > 89.0 && border < 100.0, "{border}");
        // The first row's grouping text level with it: no rest.
        assert_eq!(rest_above(&refs[2..], 100.0, 5.25), None);
        // A grouping cell centred a line over its row's text: no rest.
        let centred = [w(92.0), w(102.0)];
        let refs: Vec<&Word> = centred.iter().collect();
        assert_eq!(rest_above(&refs, 100.0, 5.25), None);
        let columns = Rc::new(vec![
            column("Obiettivo", Some(Label::Objective), 0.0, 100.0),
            column("KPI", None, 100.0, 200.0),
            column("Programma", Some(Label::Programme), 200.0, 300.0),
        ]);
        let with = |mut r: Row| {
            r.columns = Rc::clone(&columns);
            r
        };
        let mut rows = vec![with(bare_row(
            1,
            &[
                "ORIENTAMENTO AL LAVORO",
                "KPI23 - ATTIVAZIONE",
                "005 Promozione",
            ],
            false,
        ))];
        let mut next = vec![
            with(bare_row(
                2,
                &["COMPETENZE TRASVERSALI", "", "cooperativo"],
                false,
            )),
            with(bare_row(
                2,
                &["REVISIONE", "KPI385", "004 Vigilanza"],
                false,
            )),
        ];
        join_cut_row(&mut rows, &mut next);
        assert_eq!(next.len(), 1);
        let texts: Vec<String> = rows[0].cells.iter().map(|c| c.join(" ")).collect();
        assert_eq!(
            texts,
            [
                "ORIENTAMENTO AL LAVORO COMPETENZE TRASVERSALI",
                "KPI23 - ATTIVAZIONE",
                "005 Promozione cooperativo"
            ]
        );
        // A first row with text of its own is a row.
        join_cut_row(&mut rows, &mut next);
        assert_eq!(next.len(), 1);
    }

    /// DEV kpi-table 162 (browser-printed, borders drawn round each cell,
    /// 8 pt type): the row a page break cut starts 6.2 pt under the last
    /// rule, its cells' top padding, more than a 6 pt word's height. The
    /// other rows' text stands as far under their rules, so the cut row
    /// is the table's, not dropped.
    #[test]
    fn a_cut_rows_text_a_cells_padding_under_the_last_rule_is_the_tables() {
        let spans = [
            (106.0, 112.0),
            (156.0, 162.0),
            (206.2, 212.2),
            (213.0, 219.0),
        ];
        let padding = top_padding(&spans, &[100.0, 150.0, 200.0]).expect("a padding");
        assert!((padding - 6.0).abs() < 0.01, "{padding}");
        // A word's height alone leaves the cut row out.
        assert_eq!(reach_past(&spans, 200.0, 6.0, 6.0), 200.0);
        let bottom = reach_past(&spans, 200.0, padding + DEVICE_PIXEL, 6.0);
        assert_eq!(bottom, 219.0);
        assert!(cut_row_below(&spans, 200.0, bottom + 0.5));
        // Text a line further down (a footer) stays out.
        let footer = [(106.0, 112.0), (156.0, 162.0), (215.0, 221.0)];
        assert_eq!(
            reach_past(&footer, 200.0, padding + DEVICE_PIXEL, 6.0),
            200.0
        );
    }

    /// DEV matrix 227 and kpi-table 248 (browser-printed, objective cells
    /// repeated on each row, no rule under a cut row): the last row of a
    /// page holds the start of its objective's title, the next page's
    /// first row the rest, and a neighbour the whole title. The rest is
    /// the cut row's; a first row whose cell joins into no neighbour's is
    /// a row of its own.
    #[test]
    fn a_repeated_cell_a_page_break_cut_is_completed_by_the_next_pages_first_row() {
        let columns = Rc::new(vec![
            column("Obiettivo", Some(Label::Objective), 0.0, 100.0),
            column("KPI", None, 100.0, 200.0),
            column("Target", Some(Label::Column(Column::Target)), 200.0, 300.0),
        ]);
        let with = |page: u32, cells: &[&str]| {
            let mut r = bare_row(page, cells, false);
            r.columns = Rc::clone(&columns);
            r
        };
        let title = "PROGETTO SEI - SOSTEGNO ALL'EXPORT DELL'ITALIA";
        let mut rows = vec![
            with(1, &[title, "TEMPI MEDI", ">= 5"]),
            with(1, &["PROGETTO SEI - SOSTEGNO", "TEMPO MEDIO DI", ">= 10"]),
        ];
        let mut next = vec![
            with(2, &["ALL'EXPORT DELL'ITALIA", "EVASIONE", ""]),
            with(2, &["RILASCIO TELEMATICO", "N. PARTECIPANTI", ">= 1"]),
        ];
        join_cut_row(&mut rows, &mut next);
        assert_eq!(next.len(), 1);
        let texts: Vec<String> = rows[1].cells.iter().map(|c| c.join(" ")).collect();
        assert_eq!(texts, [title, "TEMPO MEDIO DI EVASIONE", ">= 10"]);
        // The whole title below the rest (the cut row opens its objective).
        let mut rows = vec![with(1, &["REVISIONE DEI PROCESSI", "KPI219", ">= 8"])];
        let mut next = vec![
            with(2, &["ORGANIZZATIVI", "", ""]),
            with(
                2,
                &["REVISIONE DEI PROCESSI ORGANIZZATIVI", "KPI213", ">= 75"],
            ),
        ];
        join_cut_row(&mut rows, &mut next);
        assert_eq!(next.len(), 1);
        // A first row whose cell joins into no neighbour's stays a row.
        let mut rows = vec![
            with(1, &["COMUNICAZIONE", "KPI1", ">= 1"]),
            with(1, &["FORMAZIONE", "KPI2", ">= 2"]),
        ];
        let mut next = vec![
            with(2, &["DEL PERSONALE", "KPI3", ">= 3"]),
            with(2, &["FORMAZIONE DEL", "KPI4", ">= 4"]),
        ];
        join_cut_row(&mut rows, &mut next);
        assert_eq!(next.len(), 2);
    }

    /// DEV kpi-table 248 (browser-printed, header cells wrapped, no
    /// rules): "% di" over "raggiungimento", whose lower line ran into
    /// "consuntivo" on its line ("Valore a" over it). Parted from
    /// "consuntivo", "raggiungimento" takes "% di" over it: one column
    /// naming the achievement, not a nameless column the values fell in.
    #[test]
    fn a_wrapped_header_cells_upper_line_joins_the_cell_parted_under_it() {
        let vocab = Vocabulary::builtin();
        let upper = line(100.0, &[(100.0, "Valore a"), (180.0, "% di")]);
        let lower = line(111.0, &[(95.0, "consuntivo"), (152.0, "raggiungimento")]);
        let columns = header_columns(&[&upper, &lower], &vocab, None);
        let got: Vec<(Option<Label>, &str)> = columns
            .iter()
            .map(|c| (c.label, c.header.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (Some(Label::Column(Column::Actual)), "Valore a consuntivo"),
                (Some(Label::Achievement), "% di raggiungimento"),
            ]
        );
    }

    #[test]
    fn a_header_word_ocr_cut_in_two_still_names_its_column() {
        let vocab = Vocabulary::builtin();
        assert_eq!(
            column_label(&["Progr", "‘amma"], &vocab),
            Some(Label::Programme)
        );
        assert_eq!(column_label(&["a\"", "\"aa"], &vocab), None);
    }

    #[test]
    fn a_count_alone_in_a_cut_objective_cell_continues_its_objective() {
        let vocab = Vocabulary::builtin();
        let columns = Rc::new(vec![
            column("Obiettivi", Some(Label::Objective), 0.0, 100.0),
            column("Indicatori", Some(Label::Indicator), 100.0, 200.0),
        ]);
        let row = |page: u32, objective: &str, indicator: &str| Row {
            columns: Rc::clone(&columns),
            opens: vec![true, true],
            ..bare_row(page, &[objective, indicator], false)
        };
        let rows = [
            row(2, "Gestione della performance", "Tempo medio"),
            row(2, "", "Grado di copertura"),
            row(3, "Nr indicatori: 3", "Rispetto dei termini"),
            row(3, "Sicurezza sul lavoro", "Ore di formazione"),
        ];
        let found = objectives(&rows, &vocab);
        let summary: Vec<(String, String, usize)> = found
            .iter()
            .map(|o| {
                (
                    o.title.joined(),
                    o.declared_indicators.joined(),
                    o.indicators.len(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("Gestione della performance".into(), "3".into(), 3),
                ("Sicurezza sul lavoro".into(), String::new(), 1),
            ]
        );
    }

    #[test]
    fn a_repeated_cell_read_a_little_differently_is_the_same_group() {
        let text = |t: &str| vec![t.to_string()];
        let cases = [
            (
                "Rilascio telematico dei certificati di origine e dei documenti per l'estero",
                "Rilascio telematico dei certificati di origine e dei documenti per lestero",
                true,
            ),
            (
                "Accesso al credito Numero indicatori: 4",
                "Accesso al credito Numero indicatori: 3",
                false,
            ),
            ("Promozione del territorio", "Promozione del turismo", false),
        ];
        for (a, b, same) in cases {
            assert_eq!(same_group(&text(a), &text(b)), same, "{a:?} / {b:?}");
        }
    }

    /// A table of objective, KPI, description and programme cells whose
    /// objective cell repeats on every row (each row opens its own).
    fn repeated_rows(rows: &[[&str; 4]]) -> Vec<Row> {
        let columns = Rc::new(vec![
            column("Obiettivo", Some(Label::Objective), 0.0, 100.0),
            column("KPI", Some(Label::Kpi), 100.0, 200.0),
            column("Descrizione", Some(Label::Description), 200.0, 300.0),
            column("Programma", Some(Label::Programme), 300.0, 400.0),
        ]);
        rows.iter()
            .map(|cells| Row {
                columns: Rc::clone(&columns),
                opens: vec![true; 4],
                ..bare_row(2, cells, false)
            })
            .collect()
    }

    /// Each objective's title, count of indicators and doubt.
    fn read(rows: &[Row]) -> Vec<(String, usize, Option<OneTitle>)> {
        objectives(rows, &Vocabulary::builtin())
            .iter()
            .map(|o| (o.title.joined(), o.indicators.len(), o.one_title))
            .collect()
    }

    /// An objective whose programme cell spans its two rows, the first row
    /// read with the programme of the objective above, which files it
    /// under another mission (DEV scan kpi-table 253): the programme's
    /// change below parts nothing, the rows stay one objective.
    #[test]
    fn a_programme_borrowed_across_a_mission_parts_no_objective() {
        let columns = Rc::new(vec![
            column("Obiettivo", Some(Label::Objective), 0.0, 100.0),
            column("KPI", Some(Label::Kpi), 100.0, 200.0),
            column("Missione", Some(Label::Mission), 200.0, 300.0),
            column("Programma", Some(Label::Programme), 300.0, 400.0),
        ]);
        const ABROAD: &str = "005 - Sostegno all'internazionalizzazione delle imprese";
        let cells = [
            [
                "Servizi alle imprese",
                "KPI1 Voucher",
                "016 - Commercio internazionale",
                ABROAD,
            ],
            [
                "Ciclo della performance",
                "KPI2 Riscossione",
                "032 - Servizi istituzionali",
                ABROAD,
            ],
            [
                "Ciclo della performance",
                "KPI3 Verifiche",
                "032 - Servizi istituzionali",
                "002 - Indirizzo politico",
            ],
        ];
        let rows: Vec<Row> = cells
            .iter()
            .map(|c| Row {
                columns: Rc::clone(&columns),
                opens: vec![true; 4],
                ..bare_row(2, c, false)
            })
            .collect();
        let found: Vec<(String, usize)> = read(&rows)
            .into_iter()
            .map(|(title, n, _)| (title, n))
            .collect();
        assert_eq!(
            found,
            [
                ("Servizi alle imprese".to_string(), 1),
                ("Ciclo della performance".to_string(), 2)
            ]
        );
    }

    struct PartCase {
        what: &'static str,
        rows: &'static [[&'static str; 4]],
        want: &'static [(&'static str, usize, Option<OneTitle>)],
    }

    #[test]
    fn neighbours_of_one_title_part_where_the_page_says_so_else_are_in_doubt() {
        const PROGRAMME: &str = "005 - Promozione";
        const LEGALITY: &str = "Tutela della legalita";
        let cases = [
            PartCase {
                what: "another programme's code and name",
                rows: &[
                    [
                        "Tutela della legalita",
                        "KPI1 Visite",
                        "ispezioni svolte",
                        PROGRAMME,
                    ],
                    [
                        "Tutela della legalita",
                        "KPI2 Esami",
                        "esami svolti",
                        PROGRAMME,
                    ],
                    [
                        "Tutela della legalita",
                        "KPI3 Tempi",
                        "giorni medi",
                        "004 - Regolazione",
                    ],
                ],
                want: &[(LEGALITY, 2, Some(OneTitle::Shared)), (LEGALITY, 1, None)],
            },
            PartCase {
                what: "a programme's code misread, its name the same",
                rows: &[
                    [
                        "Tutela della legalita",
                        "KPI1 Visite",
                        "ispezioni svolte",
                        PROGRAMME,
                    ],
                    [
                        "Tutela della legalita",
                        "KPI2 Esami",
                        "esami svolti",
                        "006 - Promozione",
                    ],
                ],
                want: &[(LEGALITY, 2, None)],
            },
            PartCase {
                what: "a repeated count: two objectives of two indicators",
                rows: &[
                    [
                        "Tutela della legalita N. indicatori: 2",
                        "KPI1 Visite",
                        "ispezioni svolte",
                        PROGRAMME,
                    ],
                    [
                        "Tutela della legalita N. indicatori: 2",
                        "KPI2 Esami",
                        "esami svolti",
                        PROGRAMME,
                    ],
                    [
                        "Tutela della legalita N. indicatori: 2",
                        "KPI3 Tempi",
                        "giorni medi",
                        PROGRAMME,
                    ],
                    [
                        "Tutela della legalita N. indicatori: 2",
                        "KPI4 Pratiche",
                        "pratiche evase",
                        PROGRAMME,
                    ],
                ],
                want: &[(LEGALITY, 2, None), (LEGALITY, 2, None)],
            },
            PartCase {
                what: "a repeated count the rows do not fill: one objective, counted apart",
                rows: &[
                    [
                        "Tutela della legalita N. indicatori: 2",
                        "KPI1 Visite",
                        "ispezioni svolte",
                        PROGRAMME,
                    ],
                    [
                        "Tutela della legalita N. indicatori: 2",
                        "KPI2 Esami",
                        "esami svolti",
                        PROGRAMME,
                    ],
                    [
                        "Tutela della legalita N. indicatori: 2",
                        "KPI3 Tempi",
                        "giorni medi",
                        PROGRAMME,
                    ],
                ],
                want: &[(LEGALITY, 3, None)],
            },
            PartCase {
                what: "the same indicator twice, under another code",
                rows: &[
                    [
                        "Tutela della legalita",
                        "KPI1 Visite",
                        "ispezioni svolte",
                        PROGRAMME,
                    ],
                    [
                        "Tutela della legalita",
                        "KPI2 Esami",
                        "esami svolti",
                        PROGRAMME,
                    ],
                    [
                        "Tutela della legalita",
                        "KPI9 Visite",
                        "ispezioni svolte",
                        PROGRAMME,
                    ],
                ],
                want: &[(LEGALITY, 3, Some(OneTitle::SameIndicator(1, 3)))],
            },
            PartCase {
                what: "two KPIs without a code or a description name no indicator",
                rows: &[
                    ["Tutela della legalita", "Kpi non definito", "", PROGRAMME],
                    ["Tutela della legalita", "Kpi non definito", "", PROGRAMME],
                ],
                want: &[(LEGALITY, 2, None)],
            },
            PartCase {
                what: "more indicators than any objective of its own title, its title given twice",
                rows: &[
                    [
                        "Tutela della legalita",
                        "KPI1 Visite",
                        "ispezioni svolte",
                        PROGRAMME,
                    ],
                    [
                        "Tutela della legalita",
                        "KPI2 Esami",
                        "esami svolti",
                        PROGRAMME,
                    ],
                    [
                        "Tutela della legalita",
                        "KPI3 Tempi",
                        "giorni medi",
                        PROGRAMME,
                    ],
                    [
                        "Sportello unico",
                        "KPI4 Pratiche",
                        "pratiche evase",
                        PROGRAMME,
                    ],
                    ["Sportello unico", "KPI5 Esiti", "esiti resi", PROGRAMME],
                    [
                        "Tutela della legalita",
                        "KPI6 Sanzioni",
                        "sanzioni emesse",
                        PROGRAMME,
                    ],
                ],
                want: &[
                    (LEGALITY, 3, Some(OneTitle::MoreThan(2))),
                    ("Sportello unico", 2, None),
                    (LEGALITY, 1, None),
                ],
            },
            PartCase {
                what: "the most indicators, its title its own: no doubt",
                rows: &[
                    [
                        "Tutela della legalita",
                        "KPI1 Visite",
                        "ispezioni svolte",
                        PROGRAMME,
                    ],
                    [
                        "Tutela della legalita",
                        "KPI2 Esami",
                        "esami svolti",
                        PROGRAMME,
                    ],
                    [
                        "Tutela della legalita",
                        "KPI3 Tempi",
                        "giorni medi",
                        PROGRAMME,
                    ],
                    [
                        "Sportello unico",
                        "KPI4 Pratiche",
                        "pratiche evase",
                        PROGRAMME,
                    ],
                ],
                want: &[(LEGALITY, 3, None), ("Sportello unico", 1, None)],
            },
        ];
        for case in cases {
            let got = read(&repeated_rows(case.rows));
            let want: Vec<(String, usize, Option<OneTitle>)> = case
                .want
                .iter()
                .map(|&(t, n, d)| (t.to_string(), n, d))
                .collect();
            assert_eq!(got, want, "{}", case.what);
        }
    }

    #[test]
    fn a_spanning_cell_of_one_title_is_never_in_doubt() {
        let mut rows = repeated_rows(&[
            [
                "Tutela della legalita",
                "KPI1 Visite",
                "ispezioni svolte",
                "005 - Promozione",
            ],
            [
                "Tutela della legalita",
                "KPI2 Esami",
                "esami svolti",
                "005 - Promozione",
            ],
            [
                "Tutela della legalita",
                "KPI9 Visite",
                "ispezioni svolte",
                "005 - Promozione",
            ],
        ]);
        for r in &mut rows[1..] {
            r.opens[0] = false;
        }
        assert_eq!(
            read(&rows),
            [("Tutela della legalita".to_string(), 3, None)]
        );
    }
}
