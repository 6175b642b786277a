//! The geometric reader: the header's cells give the table's columns by
//! position, and each body word goes to the column it lies under.

use super::{covered, non_empty, CellBox, DoubtfulWord, TableCells, LOW_CONFIDENCE, YES_NO};
use crate::layout::Line;
use crate::model::Column;
use crate::read::{median, BBox, Word};
use crate::vocab::Vocabulary;

/// Under this confidence a short word without digits is taken for a speck
/// of scanner noise and dropped.
const DEBRIS_CONFIDENCE: f32 = 30.0;

/// The widest a word space can be, in word heights (OCR's text layers
/// set words low: a word space there can be as wide as a word is tall).
const MAX_WORD_SPACE: f32 = 1.5;

/// A column of the table and its header's horizontal extent.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Span {
    column: Column,
    x0: f32,
    x1: f32,
}

/// Cells from word positions: the header's cells give the columns (words
/// of one header cell, wrapped over lines, overlap horizontally; cells are
/// apart by more than a word space), and each body word goes to the column
/// under which its centre lies. `others`: the body lines of the
/// document's other tables set in the same columns (see
/// [`ColumnSet::same_as`]), which show with this body where each column begins.
/// None when the header does not give at least five of the seven columns.
pub fn cells_by_columns(
    header: &[&Line],
    body: &[&Line],
    others: &[&Line],
    vocab: &Vocabulary,
) -> Option<TableCells> {
    Some(ColumnSet::of(header, vocab)?.cells(header, body, others))
}

/// [`cells_by_columns`] with the columns its header sets.
fn cells_in(columns: &ColumnSet, header: &[&Line], body: &[&Line], others: &[&Line]) -> TableCells {
    let ColumnSet {
        spans: columns,
        apart,
    } = columns;
    let apart = *apart;
    let bounds = boundaries(columns, body, others, &ruled_borders(header), apart);
    // Each cell's words with the page they stand on.
    let mut cells: Vec<Vec<(u32, &Word)>> = vec![Vec::new(); columns.len()];
    let mut unsure: Vec<Column> = Vec::new();
    // Specks and debris are left out of their cell, but a cell where OCR
    // doubted them is doubtful: it saw ink there it could not read (the
    // rest of "EFFICACIA ESTERNA/..." as "dia ga").
    let mut debris: Vec<(usize, &Word)> = Vec::new();
    for line in body {
        for segment in segments(&line.words, apart) {
            if others.is_empty() {
                unsure.extend(between_headers(columns, segment).into_iter().flatten());
            }
            let speck = is_speck(segment);
            for word in segment {
                let centre = (word.bbox.x0 + word.bbox.x1) / 2.0;
                let i = bounds.iter().filter(|b| centre > **b).count();
                match cells.get_mut(i) {
                    Some(_) if speck || is_debris(word) => debris.push((i, word)),
                    Some(cell) => cell.push((line.page, word)),
                    None => {}
                }
            }
        }
    }
    // Each cell read on its own: cells are centred vertically, so one
    // cell's lines sit between another's and page lines mix them.
    let height = median(
        body.iter()
            .flat_map(|l| l.words.iter().map(|w| (w.bbox.y1 - w.bbox.y0).abs())),
    )
    .unwrap_or(1.0);
    let mut doubtful = Vec::new();
    for (i, (span, cell)) in columns.iter().zip(&cells).enumerate() {
        let dropped = debris.iter().filter(|(c, _)| *c == i).map(|(_, w)| w);
        for w in cell.iter().map(|(_, w)| w).chain(dropped) {
            if let Some(confidence) = w.confidence.filter(|c| *c < LOW_CONFIDENCE) {
                doubtful.push(DoubtfulWord {
                    column: span.column,
                    text: w.text.clone(),
                    confidence,
                });
            }
        }
    }
    let texts: Vec<Vec<&str>> = cells
        .into_iter()
        .map(|cell| {
            page_by_page(cell, height)
                .iter()
                .map(|w| w.text.as_str())
                .collect()
        })
        .collect();
    unsure.sort_by_key(|c| c.index());
    unsure.dedup();
    let mut out = TableCells {
        boxes: cell_boxes(columns, &bounds, header, body),
        doubtful,
        unsure,
        ..TableCells::default()
    };
    for (span, words) in columns.iter().zip(texts) {
        out[span.column] = non_empty(words.join(" "));
    }
    out
}

/// A cell's words in reading order, a page at a time: a row a page break
/// cuts goes on at the top of the next page, above where it began.
fn page_by_page(mut cell: Vec<(u32, &Word)>, height: f32) -> Vec<&Word> {
    cell.sort_by_key(|(page, _)| *page);
    let mut out: Vec<&Word> = Vec::with_capacity(cell.len());
    for run in cell.chunk_by(|a, b| a.0 == b.0) {
        let mut words: Vec<&Word> = run.iter().map(|(_, w)| *w).collect();
        reading_order(&mut words, height);
        out.extend(words);
    }
    out
}

/// Each column's cell on each page of the body: between the borders
/// (the outer columns reach their outermost header or body word).
fn cell_boxes(columns: &[Span], bounds: &[f32], header: &[&Line], body: &[&Line]) -> Vec<CellBox> {
    let all = || header.iter().chain(body).flat_map(|l| &l.words);
    let left = all().map(|w| w.bbox.x0).fold(f32::INFINITY, f32::min);
    let right = all().map(|w| w.bbox.x1).fold(f32::NEG_INFINITY, f32::max);
    let mut pages: Vec<u32> = body.iter().map(|l| l.page).collect();
    pages.dedup();
    let mut boxes = Vec::new();
    for page in pages {
        let lines: Vec<&&Line> = body.iter().filter(|l| l.page == page).collect();
        let skew = lines.first().map_or(0.0, |l| l.skew);
        let Some(rows) = BBox::around(lines.iter().flat_map(|l| &l.words).map(|w| w.bbox)) else {
            continue;
        };
        for (i, span) in columns.iter().enumerate() {
            let x0 = if i == 0 { left } else { bounds[i - 1] };
            let x1 = bounds.get(i).copied().unwrap_or(right);
            boxes.push(CellBox {
                page,
                column: span.column,
                bbox: BBox {
                    x0,
                    y0: rows.y0,
                    x1,
                    y1: rows.y1,
                },
                skew,
            });
        }
    }
    boxes
}

/// A word OCR itself barely believed that is too short to matter: a speck
/// of noise read as letters ("us", "À"). Digits and yes/no are kept.
fn is_debris(word: &Word) -> bool {
    let text = word.text.as_str();
    word.confidence.is_some_and(|c| c < DEBRIS_CONFIDENCE)
        && text.chars().count() <= 3
        && !text.chars().any(|c| c.is_ascii_digit())
        && !YES_NO.is_match(text)
}

/// A segment that is only a speck of scanner noise read as letters ("ì",
/// "ue"): one short lower-case token that is no Italian function word.
/// Capitals, yes/no in any case ("SI", "si", "No"), digits and signs are
/// kept.
fn is_speck(segment: &[Word]) -> bool {
    const SHORT_WORDS: [&str; 16] = [
        "di", "e", "a", "il", "la", "le", "lo", "per", "al", "ai", "del", "dei", "in", "da", "su",
        "con",
    ];
    let [word] = segment else { return false };
    let text = word.text.as_str();
    let letters = text.chars().all(char::is_alphabetic);
    let upper = text.chars().all(char::is_uppercase);
    letters
        && !upper
        && text.chars().count() <= 3
        && !SHORT_WORDS.contains(&text.to_lowercase().as_str())
        && !YES_NO.is_match(text)
}

/// A line's words split where the gap is wider than `apart`.
fn segments(words: &[Word], apart: f32) -> Vec<&[Word]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..words.len() {
        if words[i].bbox.x0 - words[i - 1].bbox.x1 > apart {
            out.push(&words[start..i]);
            start = i;
        }
    }
    if start < words.len() {
        out.push(&words[start..]);
    }
    out
}

/// The cell borders of the header's ruled rows (see [`Line::borders`]).
fn ruled_borders(header: &[&Line]) -> Vec<f32> {
    let mut borders: Vec<f32> = header.iter().flat_map(|l| l.borders.clone()).collect();
    borders.sort_by(f32::total_cmp);
    borders
}

/// Whether a ruled border lies between `left` and `right`.
fn border_between(borders: &[f32], left: f32, right: f32) -> Option<f32> {
    const SLACK: f32 = 1.0;
    borders
        .iter()
        .copied()
        .find(|&b| b > left - SLACK && b < right + SLACK)
}

/// Where one column ends and the next begins: the ruled border between
/// two header cells where the header is ruled. Else cell borders lie in
/// the gap between two header cells' texts; the body's words show where:
/// the border is the middle of the widest stretch of that gap that no body
/// word covers (the white "river" between two columns), of those that
/// give a body line's segments standing in the gap their own cells (see
/// [`Parting`]). Where body words cover the whole gap, its middle.
fn boundaries(
    columns: &[Span],
    body: &[&Line],
    others: &[&Line],
    borders: &[f32],
    apart: f32,
) -> Vec<f32> {
    let lines: Vec<&Line> = body.iter().chain(others).copied().collect();
    let words: Vec<(f32, f32)> = lines
        .iter()
        .flat_map(|l| l.words.iter().map(|w| (w.bbox.x0, w.bbox.x1)))
        .collect();
    columns
        .windows(2)
        .enumerate()
        .map(|(i, pair)| {
            let (lo, hi) = (pair[0].x1.min(pair[1].x0), pair[1].x0.max(pair[0].x1));
            if let Some(border) = border_between(borders, lo, hi) {
                return border;
            }
            let parting = Parting::of(columns, i, &lines, apart);
            if parting.is_empty() {
                return crate::layout::wide::river(&words, lo, hi);
            }
            parting.river(&words, lo, hi)
        })
        .collect()
}

/// What a table's body lines say of the border between header cells `i`
/// and `i + 1`: a line of one cell holds no gap as wide as those between
/// the header's cells, so a segment of a line standing in the gap between
/// the two header cells (under neither) does not share a cell with a
/// segment of its line under either. Left-aligned cells under centred
/// headers set the second column's short values ("numerico" under a wide
/// "Unità di misura") nearer the first column's header: the widest white
/// stretch of the gap may lie right of them.
#[derive(Debug, Default)]
struct Parting {
    /// Left edges of segments that go to the right cell: the border lies
    /// left of them.
    right: Vec<f32>,
    /// Right edges of segments that go to the left cell.
    left: Vec<f32>,
}

impl Parting {
    fn of(columns: &[Span], i: usize, lines: &[&Line], apart: f32) -> Parting {
        let (l, r) = (&columns[i], &columns[i + 1]);
        let mut out = Parting::default();
        for line in lines {
            let segments = segments(&line.words, apart);
            let extent = |s: &[Word]| -> Option<(f32, f32)> {
                Some((s.first()?.bbox.x0, s.last()?.bbox.x1))
            };
            let under = |c: &Span| {
                segments
                    .iter()
                    .filter_map(|s| extent(s))
                    .any(|(x0, x1)| x1 > c.x0 && x0 < c.x1)
            };
            let (left_held, right_held) = (under(l), under(r));
            if left_held == right_held {
                continue;
            }
            for (x0, x1) in segments.iter().filter_map(|s| extent(s)) {
                if x0 >= l.x1 && x1 <= r.x0 {
                    if left_held {
                        out.right.push(x0);
                    } else {
                        out.left.push(x1);
                    }
                }
            }
        }
        out
    }

    fn is_empty(&self) -> bool {
        self.right.is_empty() && self.left.is_empty()
    }

    /// How many of the segments a border at `a..b` (a white stretch)
    /// leaves on their side.
    fn agreeing(&self, a: f32, b: f32) -> usize {
        self.right.iter().filter(|x0| b <= **x0).count()
            + self.left.iter().filter(|x1| a >= **x1).count()
    }

    /// The middle of the white stretch of `lo..hi` that leaves the most
    /// segments on their side, the widest of those; the middle of
    /// `lo..hi` when words cover it all.
    fn river(&self, spans: &[(f32, f32)], lo: f32, hi: f32) -> f32 {
        let mut best: Option<((usize, f32), f32)> = None;
        let mut at = lo;
        for (a, b) in covered(spans, lo, hi)
            .into_iter()
            .chain(std::iter::once((hi, hi)))
        {
            if a > at {
                let key = (self.agreeing(at, a), a - at);
                if best.is_none_or(|(k, _)| key.0 > k.0 || key.0 == k.0 && key.1 > k.1) {
                    best = Some((key, (at + a) / 2.0));
                }
            }
            at = at.max(b);
        }
        best.map_or((lo + hi) / 2.0, |(_, x)| x)
    }
}

/// The two columns a body segment may be in when it lies under no
/// header cell and about as far from the one on its left as from the one
/// on its right (a short value under a wide, centred header): which of
/// the two holds it, one table alone cannot tell.
fn between_headers(columns: &[Span], segment: &[Word]) -> Option<[Column; 2]> {
    let x0 = segment.first()?.bbox.x0;
    let x1 = segment.last()?.bbox.x1;
    if columns.iter().any(|c| c.x1 > x0 && c.x0 < x1) {
        return None;
    }
    let right = columns.iter().position(|c| c.x0 >= x1)?;
    let left = &columns[right.checked_sub(1)?];
    let (to_left, to_right) = (x0 - left.x1, columns[right].x0 - x1);
    (to_left.min(to_right) > 0.5 * to_left.max(to_right))
        .then_some([left.column, columns[right].column])
}

/// The columns a table's header sets, and where (with the gap that parts
/// its cells): found once per table, and compared with every other
/// table's ([`ColumnSet::same_as`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ColumnSet {
    spans: Vec<Span>,
    apart: f32,
}

impl ColumnSet {
    /// The columns of a header that gives at least five of the seven.
    pub fn of(header: &[&Line], vocab: &Vocabulary) -> Option<ColumnSet> {
        let (spans, apart) = header_columns(header, vocab)?;
        Some(ColumnSet { spans, apart })
    }

    /// The table's cells ([`cells_by_columns`]).
    pub fn cells(&self, header: &[&Line], body: &[&Line], others: &[&Line]) -> TableCells {
        cells_in(self, header, body, others)
    }

    /// Whether two tables' headers set the same columns at the same places
    /// (within a point): one table repeated through the document.
    pub fn same_as(&self, other: &ColumnSet) -> bool {
        let (a, b) = (&self.spans, &other.spans);
        a.len() == b.len()
            && a.iter().zip(b).all(|(a, b)| {
                a.column == b.column && (a.x0 - b.x0).abs() <= 1.0 && (a.x1 - b.x1).abs() <= 1.0
            })
    }
}

/// The table's columns from its header lines.
fn header_columns(header: &[&Line], vocab: &Vocabulary) -> Option<(Vec<Span>, f32)> {
    let words: Vec<&Word> = header.iter().flat_map(|l| &l.words).collect();
    let height = median(words.iter().map(|w| (w.bbox.y1 - w.bbox.y0).abs()))?;
    // Words of one cell are a word space apart; cells much further. The
    // word space is the small end of the gaps between neighbours on a line
    // (OCR spaces words wider than a PDF's text layer does). A header
    // wrapped one word a line ("Unità" / "di" / "misura") has only gaps
    // between cells, too wide for a word space: a quarter of the words'
    // height stands for it, as where no line has two words.
    let mut gaps: Vec<f32> = header
        .iter()
        .flat_map(|l| l.words.windows(2).map(|p| p[1].bbox.x0 - p[0].bbox.x1))
        .filter(|g| *g > 0.0)
        .collect();
    gaps.sort_by(f32::total_cmp);
    let space = gaps
        .get(gaps.len() / 4)
        .copied()
        .filter(|g| *g <= MAX_WORD_SPACE * height)
        .unwrap_or(0.25 * height);
    let apart = (2.2 * space).max(0.6 * height);
    let mut groups: Vec<Vec<&Word>> = Vec::new();
    let mut sorted = words.clone();
    sorted.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    // In a ruled header, a border between two words parts their cells.
    let borders = ruled_borders(header);
    let mut right = f32::NEG_INFINITY;
    for w in sorted {
        let ruled_apart = border_between(&borders, right, w.bbox.x0).is_some();
        if groups.is_empty() || w.bbox.x0 > right + apart || ruled_apart {
            groups.push(Vec::new());
        }
        right = right.max(w.bbox.x1);
        if let Some(g) = groups.last_mut() {
            g.push(w);
        }
    }
    let groups: Vec<Vec<&Word>> = groups
        .into_iter()
        .flat_map(|g| split_named_cells(g, height, vocab))
        .collect();
    let mut cells: Vec<(Option<Column>, f32, f32)> = Vec::new();
    for mut group in groups {
        reading_order(&mut group, height);
        // Only words with letters name a column: the header's date and
        // OCR debris (";", "\"") sit among them.
        let texts: Vec<&str> = group
            .iter()
            .map(|w| w.text.as_str())
            .filter(|t| t.chars().any(char::is_alphabetic))
            .collect();
        if texts.is_empty() {
            continue;
        }
        // A speck of OCR noise may open the group: the label anywhere in it.
        let column = vocab
            .find_label_in(
                &texts,
                |l| {
                    l.column()
                        .is_some_and(|c| !cells.iter().any(|x| x.0 == Some(c)))
                },
                0.0,
            )
            .and_then(|m| m.label.column());
        let x0 = group
            .iter()
            .map(|w| w.bbox.x0)
            .fold(f32::INFINITY, f32::min);
        let x1 = group
            .iter()
            .map(|w| w.bbox.x1)
            .fold(f32::NEG_INFINITY, f32::max);
        cells.push((column, x0, x1));
    }
    let trailing = trailing_ruled_cell(&cells, &borders);
    let mut columns = name_garbled_cells(cells);
    columns.extend(trailing);
    (columns.len() >= 5).then_some((columns, apart))
}

/// A group of header words that are two cells set closer than the
/// header's cells stand apart ("Ultimo / valore / osservato" beside
/// "Risultato atteso / al 31/12/2021" in an unruled header), parted at
/// the first white gap down the group where the words on each side name
/// a column of their own, the right ones parted again likewise.
fn split_named_cells<'a>(
    mut group: Vec<&'a Word>,
    height: f32,
    vocab: &Vocabulary,
) -> Vec<Vec<&'a Word>> {
    group.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    let mut parts = Vec::new();
    let mut right = f32::NEG_INFINITY;
    let mut cut = None;
    for i in 1..group.len() {
        right = right.max(group[i - 1].bbox.x1);
        if group[i].bbox.x0 <= right {
            continue;
        }
        let (a, b) = group.split_at(i);
        let named = |words: &[&'a Word]| {
            let mut words = words.to_vec();
            reading_order(&mut words, height);
            let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
            vocab
                .find_label_in(&texts, |l| l.column().is_some(), 0.0)
                .and_then(|m| m.label.column())
        };
        if let (Some(x), Some(y)) = (named(a), named(b)) {
            if x != y {
                cut = Some(i);
                break;
            }
        }
    }
    match cut {
        Some(i) => {
            let rest = group.split_off(i);
            parts.push(group);
            parts.extend(split_named_cells(rest, height, vocab));
        }
        None => parts.push(group),
    }
    parts
}

/// In a ruled header, a last cell that names no column ("Valore a Cons /
/// untivo", a word cut where its cell wraps) is the column that follows
/// the one before it: the rules show it is a cell.
fn trailing_ruled_cell(cells: &[(Option<Column>, f32, f32)], borders: &[f32]) -> Option<Span> {
    let [.., (Some(before), ..), (None, x0, x1)] = cells else {
        return None;
    };
    let column = *Column::ALL.get(before.index() + 1)?;
    (!borders.is_empty()).then_some(Span {
        column,
        x0: *x0,
        x1: *x1,
    })
}

/// Header cells to columns. Cells whose text OCR garbled past matching
/// ("RIS%'E?E;;%EED") take the columns missing between their named
/// neighbours, in order, when there are as many of them as columns
/// missing; other unnamed cells are dropped.
fn name_garbled_cells(cells: Vec<(Option<Column>, f32, f32)>) -> Vec<Span> {
    let named = |i: usize, step: isize| -> Option<usize> {
        let mut j = i as isize + step;
        while let Some(c) = usize::try_from(j).ok().and_then(|j| cells.get(j)) {
            if let Some(column) = c.0 {
                return Some(column.index());
            }
            j += step;
        }
        None
    };
    let mut columns = Vec::new();
    for (i, &(column, x0, x1)) in cells.iter().enumerate() {
        let column = column.or_else(|| {
            let before = named(i, -1)?;
            let after = named(i, 1)?;
            let gap: Vec<usize> = (0..cells.len())
                .filter(|&j| {
                    cells[j].0.is_none()
                        && (named(j, -1), named(j, 1)) == (Some(before), Some(after))
                })
                .collect();
            let place = gap.iter().position(|&j| j == i)?;
            (after > before && gap.len() == after - before - 1)
                .then(|| Column::ALL[before + 1 + place])
        });
        if let Some(column) = column {
            columns.push(Span { column, x0, x1 });
        }
    }
    columns
}

/// Words of one cell in reading order: lines from the top, words from the
/// left. A word joins the first line whose centre is within half a line
/// height of its own and none of whose words it overlaps sideways: two
/// words over each other are on different lines, however close their
/// centres (a scan's text layer can set a cell's two lines 3 points apart).
fn reading_order(words: &mut [&Word], height: f32) {
    words.sort_by(|a, b| a.bbox.y_mid().total_cmp(&b.bbox.y_mid()));
    let mut lines: Vec<Vec<&Word>> = Vec::new();
    for &w in words.iter() {
        let fits = |line: &&mut Vec<&Word>| {
            let first = line[0].bbox.y_mid();
            (w.bbox.y_mid() - first).abs() <= 0.5 * height
                && line.iter().all(|o| !overlaps_sideways(o, w))
        };
        match lines.iter_mut().find(fits) {
            Some(line) => line.push(w),
            None => lines.push(vec![w]),
        }
    }
    let ordered = lines.into_iter().flat_map(|mut line| {
        line.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
        line
    });
    for (slot, w) in words.iter_mut().zip(ordered.collect::<Vec<_>>()) {
        *slot = w;
    }
}

/// Whether two words share more than a third of the narrower one's width.
fn overlaps_sideways(a: &Word, b: &Word) -> bool {
    let shared = a.bbox.x1.min(b.bbox.x1) - a.bbox.x0.max(b.bbox.x0);
    let narrower = (a.bbox.x1 - a.bbox.x0).min(b.bbox.x1 - b.bbox.x0);
    shared > narrower / 3.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A word at `x0` on the line at `y`, 6 pt a character, 10 pt tall.
    fn word(text: &str, x0: f32, y: f32) -> Word {
        Word {
            text: text.to_string(),
            bbox: crate::read::BBox {
                x0,
                y0: y,
                x1: x0 + 6.0 * text.chars().count() as f32,
                y1: y + 10.0,
            },
            confidence: None,
            font_size: None,
        }
    }

    /// [`word`] as OCR read it, with its confidence.
    fn ocr_word(text: &str, x0: f32, y: f32, confidence: f32) -> Word {
        Word {
            confidence: Some(confidence),
            ..word(text, x0, y)
        }
    }

    fn line(words: Vec<Word>) -> Line {
        Line::new(1, words, 0.0)
    }
    #[test]
    fn a_cells_lines_stay_apart_when_their_centres_nearly_meet() {
        // A scan's text layer set the type cell's second line 3 pt below
        // its first: the words over each other still make two lines.
        let mut first = word("efficacia", 50.0, 100.0);
        let mut second = word("esterna/efficacia", 110.0, 100.0);
        let mut under = word("interna", 60.0, 103.0);
        for w in [&mut first, &mut second, &mut under] {
            w.bbox.y1 = w.bbox.y0 + 7.0;
        }
        let mut cell = vec![&under, &second, &first];
        reading_order(&mut cell, 7.0);
        let text: Vec<&str> = cell.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(text, ["efficacia", "esterna/efficacia", "interna"]);
    }

    #[test]
    fn columns_from_header_positions() {
        let v = Vocabulary::builtin();
        // (text, x0, line): a header wrapped over two lines, then two body lines.
        let header = [
            line(vec![
                word("Tipologia", 10.0, 0.0),
                word("Unità", 100.0, 0.0),
                word("di", 136.0, 0.0),
                word("misura", 152.0, 0.0),
                word("Algoritmo", 220.0, 0.0),
                word("di", 280.0, 0.0),
                word("calcolo", 296.0, 0.0),
                word("Fonte", 360.0, 0.0),
                word("dei", 396.0, 0.0),
                word("dati", 420.0, 0.0),
                word("Ultimo", 470.0, 0.0),
                word("valore", 510.0, 0.0),
                word("Risultato", 580.0, 0.0),
                word("atteso", 640.0, 0.0),
                word("Valore", 700.0, 0.0),
                word("a", 740.0, 0.0),
                word("consuntivo", 752.0, 0.0),
            ]),
            line(vec![
                word("osservato", 470.0, 12.0),
                word("al", 580.0, 12.0),
                word("31/12/2021", 596.0, 12.0),
            ]),
        ];
        let body = [
            line(vec![
                word("EFFICACIA", 10.0, 30.0),
                word("NUMERICO", 100.0, 30.0),
                word("numero", 220.0, 30.0),
                word("REPORT", 360.0, 30.0),
                word("nuova", 470.0, 30.0),
                word("almeno", 580.0, 30.0),
                word("€", 700.0, 30.0),
                word("1.600,00", 712.0, 30.0),
            ]),
            line(vec![
                word("ESTERNA", 10.0, 42.0),
                word("eventi", 220.0, 42.0),
                word("UFFICIO", 360.0, 42.0),
                word("attività", 470.0, 42.0),
                word("15", 580.0, 42.0),
            ]),
        ];
        let h: Vec<&Line> = header.iter().collect();
        let b: Vec<&Line> = body.iter().collect();
        let c = cells_by_columns(&h, &b, &[], &v).expect("seven columns");
        assert_eq!(c[Column::Type].as_deref(), Some("EFFICACIA ESTERNA"));
        assert_eq!(c[Column::Unit].as_deref(), Some("NUMERICO"));
        assert_eq!(c[Column::Algorithm].as_deref(), Some("numero eventi"));
        assert_eq!(c[Column::DataSource].as_deref(), Some("REPORT UFFICIO"));
        assert_eq!(c[Column::LastObserved].as_deref(), Some("nuova attività"));
        assert_eq!(c[Column::Target].as_deref(), Some("almeno 15"));
        assert_eq!(c[Column::Actual].as_deref(), Some("€ 1.600,00"));
    }

    /// Header cells centred over their columns, body cells set at their
    /// columns' left: the unit "numerico" (x 166-214) stands nearer the
    /// type's header than its own, under neither, and the widest blank
    /// of the gap (214-237) lies right of it. A cell's line holds no gap
    /// as wide as the header's cells leave: it is the unit's.
    #[test]
    fn a_value_left_of_its_centred_header_keeps_its_own_cell() {
        let v = Vocabulary::builtin();
        let words = |cells: &[(f32, &str)], y: f32| {
            let mut out = Vec::new();
            for &(mut x, text) in cells {
                for t in text.split(' ') {
                    out.push(word(t, x, y));
                    x += 6.0 * t.chars().count() as f32 + 4.0;
                }
            }
            line(out)
        };
        let header = words(
            &[
                (53.0, "Tipologia"),
                (237.0, "Unità di misura"),
                (430.0, "Algoritmo di calcolo"),
                (600.0, "Fonte dei dati"),
                (760.0, "Ultimo valore osservato"),
                (950.0, "Target"),
            ],
            0.0,
        );
        let body = words(
            &[
                (6.0, "efficacia interna/qualità"),
                (166.0, "numerico"),
                (406.0, "numero partecipanti"),
                (566.0, "registro"),
                (726.0, "252"),
                (926.0, "300"),
            ],
            20.0,
        );
        let c = cells_by_columns(&[&header], &[&body], &[], &v).expect("six columns");
        assert_eq!(
            c[Column::Type].as_deref(),
            Some("efficacia interna/qualità")
        );
        assert_eq!(c[Column::Unit].as_deref(), Some("numerico"));
        assert_eq!(c[Column::Algorithm].as_deref(), Some("numero partecipanti"));
        assert!(c.unsure.is_empty(), "{:?}", c.unsure);
    }

    /// A header wrapped one word a line under every cell ("Unità" / "di"
    /// / "misura"), as a browser sets narrow columns: no line holds two
    /// words of one cell, so its gaps are all between cells, and none is
    /// the word space that keeps a cell's words together.
    #[test]
    fn a_header_of_one_word_a_cell_a_line_gives_its_columns() {
        let v = Vocabulary::builtin();
        let at = |y: f32, cells: &[(f32, &str)]| {
            line(cells.iter().map(|&(x, t)| word(t, x, y)).collect())
        };
        let header = [
            at(
                0.0,
                &[
                    (241.0, "Unità"),
                    (345.0, "Metodo"),
                    (457.0, "Fonte"),
                    (560.0, "Ultimo"),
                    (690.0, "Risultato"),
                ],
            ),
            at(
                12.0,
                &[
                    (100.0, "Tipologia"),
                    (251.0, "di"),
                    (361.0, "di"),
                    (464.0, "dei"),
                    (560.0, "valore"),
                    (695.0, "atteso"),
                ],
            ),
            at(
                24.0,
                &[
                    (237.0, "misura"),
                    (347.0, "calcolo"),
                    (462.0, "dati"),
                    (550.0, "osservato"),
                    (700.0, "2021"),
                ],
            ),
        ];
        let body = [
            at(
                40.0,
                &[
                    (72.0, "efficacia"),
                    (185.0, "SI/NO"),
                    (333.0, "adozione"),
                    (405.0, "Ordini"),
                    (443.0, "di"),
                    (458.0, "servizio"),
                    (680.0, "SI"),
                ],
            ),
            at(52.0, &[(333.0, "azioni")]),
        ];
        let h: Vec<&Line> = header.iter().collect();
        let b: Vec<&Line> = body.iter().collect();
        let c = cells_by_columns(&h, &b, &[], &v).expect("six columns");
        assert_eq!(c[Column::Algorithm].as_deref(), Some("adozione azioni"));
        assert_eq!(c[Column::DataSource].as_deref(), Some("Ordini di servizio"));
        assert_eq!(c[Column::Target].as_deref(), Some("SI"));
    }

    #[test]
    fn ocr_debris_is_dropped_and_doubtful_words_are_kept_with_their_field() {
        let v = Vocabulary::builtin();
        let header = line(
            [
                ("Tipologia", 10.0),
                ("Unità", 100.0),
                ("di", 136.0),
                ("misura", 152.0),
                ("Algoritmo", 220.0),
                ("di", 280.0),
                ("calcolo", 296.0),
                ("Fonte", 360.0),
                ("dei", 396.0),
                ("dati", 420.0),
                ("Risultato", 580.0),
                ("atteso", 640.0),
                ("al", 680.0),
                ("Valore", 720.0),
                ("a", 760.0),
                ("consuntivo", 772.0),
            ]
            .iter()
            .map(|&(t, x)| ocr_word(t, x, 0.0, 95.0))
            .collect(),
        );
        let body = line(vec![
            ocr_word("EFFICACIA", 10.0, 30.0, 93.0),
            ocr_word("NUMERICO", 100.0, 30.0, 91.0),
            ocr_word("numero", 220.0, 30.0, 90.0),
            ocr_word("REPORT", 360.0, 30.0, 92.0),
            ocr_word("300", 580.0, 30.0, 96.0),
            ocr_word("us", 604.0, 30.0, 12.0),
            ocr_word("1.999", 720.0, 30.0, 31.0),
            ocr_word("SI", 760.0, 30.0, 20.0),
        ]);
        let c = cells_by_columns(&[&header], &[&body], &[], &v).expect("columns");
        assert_eq!(
            c[Column::Target].as_deref(),
            Some("300"),
            "the speck is dropped"
        );
        assert_eq!(
            c[Column::Actual].as_deref(),
            Some("1.999 SI"),
            "digits and yes/no stay"
        );
        let doubtful: Vec<(Column, &str)> = c
            .doubtful
            .iter()
            .map(|d| (d.column, d.text.as_str()))
            .collect();
        // The dropped speck still makes its cell doubtful.
        assert_eq!(
            doubtful,
            [
                (Column::Target, "us"),
                (Column::Actual, "1.999"),
                (Column::Actual, "SI")
            ]
        );
    }

    #[test]
    fn specks_are_short_lower_case_non_words() {
        for (text, speck) in [
            ("ue", true),
            ("ì", true),
            ("si", false),
            ("Si", false),
            ("no", false),
            ("SI", false),
            ("di", false),
            ("12", false),
            ("nuova", false),
        ] {
            assert_eq!(is_speck(&[word(text, 0.0, 0.0)]), speck, "{text}");
        }
    }

    #[test]
    fn garbled_header_cells_take_the_labels_missing_between_neighbours() {
        use Column::*;
        struct Case {
            cells: Vec<Option<Column>>,
            want: Vec<Column>,
        }
        let cases = [
            // "RIS%'E?E;;%EED" between last observed and actual: the target.
            Case {
                cells: vec![
                    Some(Type),
                    Some(Unit),
                    Some(Algorithm),
                    Some(DataSource),
                    Some(LastObserved),
                    None,
                    Some(Actual),
                ],
                want: Column::ALL.to_vec(),
            },
            // Two labels missing between the neighbours: no guess.
            Case {
                cells: vec![
                    Some(Type),
                    None,
                    Some(DataSource),
                    Some(LastObserved),
                    Some(Target),
                    Some(Actual),
                ],
                want: vec![Type, DataSource, LastObserved, Target, Actual],
            },
            // Two garbled cells for two missing labels: in order.
            Case {
                cells: vec![
                    Some(Type),
                    Some(Unit),
                    Some(Algorithm),
                    Some(DataSource),
                    None,
                    None,
                    Some(Actual),
                ],
                want: Column::ALL.to_vec(),
            },
            // Two garbled cells compete for one gap: no guess.
            Case {
                cells: vec![
                    Some(Type),
                    None,
                    None,
                    Some(Algorithm),
                    Some(DataSource),
                    Some(Target),
                ],
                want: vec![Type, Algorithm, DataSource, Target],
            },
            // Nothing named on one side: no guess.
            Case {
                cells: vec![None, Some(Unit), Some(Algorithm)],
                want: vec![Unit, Algorithm],
            },
        ];
        for case in cases {
            let cells = case
                .cells
                .iter()
                .enumerate()
                .map(|(i, l)| (*l, 100.0 * i as f32, 100.0 * i as f32 + 50.0))
                .collect();
            let got: Vec<Column> = name_garbled_cells(cells).iter().map(|c| c.column).collect();
            assert_eq!(got, case.want, "{:?}", case.cells);
        }
    }

    #[test]
    fn header_debris_and_dates_do_not_hide_a_label() {
        let v = Vocabulary::builtin();
        // The date's line sits between the label's two lines, and a ";"
        // splits "Unità di misura".
        let words = vec![
            word("Tipologia", 10.0, 6.0),
            word("Unità", 100.0, 6.0),
            word(";", 133.0, 6.0),
            word("di", 140.0, 6.0),
            word("misura", 154.0, 6.0),
            word("Algoritmo", 220.0, 6.0),
            word("di", 278.0, 6.0),
            word("calcolo", 294.0, 6.0),
            word("Fonte", 360.0, 6.0),
            word("dei", 394.0, 6.0),
            word("dati", 416.0, 6.0),
            word("Ultimo", 470.0, 6.0),
            word("valore", 510.0, 6.0),
            word("Risultato", 580.0, 0.0),
            word("31/12/2023", 590.0, 6.0),
            word("atteso", 580.0, 12.0),
            word("al", 620.0, 12.0),
            word("Valore", 700.0, 6.0),
            word("a", 740.0, 6.0),
            word("consuntivo", 750.0, 6.0),
        ];
        let header = line(words);
        let (columns, _) = header_columns(&[&header], &v).expect("columns");
        let got: Vec<Column> = columns.iter().map(|c| c.column).collect();
        assert_eq!(got, Column::ALL);
    }

    #[test]
    fn two_header_cells_closer_than_cells_stand_apart_are_two_columns() {
        // DEV scan 164: an unruled header sets "Ultimo / valore /
        // osservato" a word space from "Risultato atteso / al 31/12/2021".
        let v = Vocabulary::builtin();
        let row = |y: f32, cells: &[(&str, f32)]| -> Line {
            line(cells.iter().map(|&(t, x)| word(t, x, y)).collect())
        };
        let header = [
            row(
                0.0,
                &[
                    ("Tipologia", 10.0),
                    ("Unità", 100.0),
                    ("di", 136.0),
                    ("misura", 152.0),
                    ("Algoritmo", 220.0),
                    ("di", 278.0),
                    ("Fonte", 360.0),
                    ("del", 394.0),
                    ("dato", 416.0),
                    ("Ultimo", 470.0),
                    ("Risultato", 530.0),
                    ("atteso", 590.0),
                    ("Valore", 660.0),
                    ("a", 700.0),
                ],
            ),
            row(
                12.0,
                &[
                    ("calcolo", 226.0),
                    ("valore", 470.0),
                    ("al", 536.0),
                    ("31/12/2021", 554.0),
                    ("Consuntivo", 656.0),
                ],
            ),
            row(24.0, &[("osservato", 466.0)]),
        ];
        let refs: Vec<&Line> = header.iter().collect();
        let (columns, _) = header_columns(&refs, &v).expect("columns");
        let got: Vec<Column> = columns.iter().map(|c| c.column).collect();
        assert_eq!(got, Column::ALL);
    }
}
