//! Ruled tables, as Camelot's lattice mode reads them: a page's ruling
//! lines are merged where they continue each other, joined into tables
//! where they cross, and each table cut into rows by its horizontal rules
//! and each row into cells by the vertical rules that cross it. Every word
//! goes to the cell that holds its centre, so a label or header cell that
//! wraps onto two or three lines is still one cell, and a cell spanning
//! several columns (no rule inside it) stays one cell.
//!
//! The layout reads a ruled row as one line: its cells from the left, each
//! cell's words in reading order.

use crate::read::{Axis, BBox, Rule, Word};
use crate::vocab::{fold, is_italian};

use super::Line;

/// Rules this close (points) across their length are one line; a rule
/// ending this close to another meets it.
const TOLERANCE: f32 = 3.0;
/// Pieces of one rule this far apart (points) along it are one rule: a
/// scanned rule fades or breaks over a millimetre or two.
const MAX_GAP: f32 = 6.0;
/// The share of a row's height a vertical rule covering it from a broken
/// end still borders it by.
const MOST_OF_ROW: f32 = 0.6;
/// A row lower than this (points) is the gap of a doubled rule.
const MIN_ROW: f32 = 3.0;

/// One ruled table of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub bbox: BBox,
    pub rows: Vec<Row>,
}

/// One row of a ruled table: between two horizontal rules, cut into cells
/// by the vertical rules that cross it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub y0: f32,
    pub y1: f32,
    /// Cell borders from the left, the table's own edges included.
    pub borders: Vec<f32>,
}

impl Row {
    /// The cells' boxes, from the left.
    pub fn cells(&self) -> impl Iterator<Item = BBox> + '_ {
        self.borders.windows(2).map(|b| BBox {
            x0: b[0],
            y0: self.y0,
            x1: b[1],
            y1: self.y1,
        })
    }
}

/// The ruled tables that `rules` draw: groups of crossing rules with at
/// least two horizontal and two vertical ones.
pub fn tables(rules: &[Rule]) -> Vec<Table> {
    let horizontal = merged(rules, Axis::Horizontal);
    let vertical = merged(rules, Axis::Vertical);
    let mut group: Vec<usize> = (0..horizontal.len() + vertical.len()).collect();
    for (i, h) in horizontal.iter().enumerate() {
        for (j, v) in vertical.iter().enumerate() {
            if cross(h, v) {
                join(&mut group, i, horizontal.len() + j);
            }
        }
    }
    let mut tables = Vec::new();
    let mut roots: Vec<usize> = (0..group.len()).map(|i| root(&mut group, i)).collect();
    let mut seen = roots.clone();
    seen.sort_unstable();
    seen.dedup();
    for r in seen {
        let hs: Vec<&Rule> = horizontal
            .iter()
            .enumerate()
            .filter(|(i, _)| roots[*i] == r)
            .map(|(_, h)| h)
            .collect();
        let vs: Vec<&Rule> = vertical
            .iter()
            .enumerate()
            .filter(|(j, _)| roots[horizontal.len() + j] == r)
            .map(|(_, v)| v)
            .collect();
        if hs.len() >= 2 && vs.len() >= 2 {
            tables.push(table(&hs, &vs));
        }
    }
    roots.clear();
    tables.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
    tables
}

/// The ruling lines that `rules` draw, pieces that continue each other
/// joined: horizontal ones, then vertical ones.
pub fn ruling_lines(rules: &[Rule]) -> Vec<Rule> {
    let mut out = merged(rules, Axis::Horizontal);
    out.extend(merged(rules, Axis::Vertical));
    out
}

/// Whether a horizontal and a vertical rule meet (within the tolerance).
fn cross(h: &Rule, v: &Rule) -> bool {
    v.at >= h.from - TOLERANCE
        && v.at <= h.to + TOLERANCE
        && h.at >= v.from - TOLERANCE
        && h.at <= v.to + TOLERANCE
}

fn root(group: &mut [usize], mut i: usize) -> usize {
    while group[i] != i {
        group[i] = group[group[i]];
        i = group[i];
    }
    i
}

fn join(group: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (root(group, a), root(group, b));
    group[ra.max(rb)] = ra.min(rb);
}

/// The rules along `axis`, those on one line that touch or overlap joined.
fn merged(rules: &[Rule], axis: Axis) -> Vec<Rule> {
    let mut along: Vec<Rule> = rules.iter().filter(|r| r.axis == axis).copied().collect();
    along.sort_by(|a, b| a.at.total_cmp(&b.at).then(a.from.total_cmp(&b.from)));
    // Lines: runs of rules whose positions across are within the tolerance.
    let mut lines: Vec<Vec<Rule>> = Vec::new();
    for r in along {
        match lines.last_mut() {
            Some(line) if r.at - line[line.len() - 1].at <= TOLERANCE => line.push(r),
            _ => lines.push(vec![r]),
        }
    }
    let mut out = Vec::new();
    for mut line in lines {
        let at = line.iter().map(|r| r.at).sum::<f32>() / line.len() as f32;
        line.sort_by(|a, b| a.from.total_cmp(&b.from));
        let mut current: Option<Rule> = None;
        for r in line {
            current = match current {
                Some(mut c) if r.from <= c.to + MAX_GAP => {
                    c.to = c.to.max(r.to);
                    Some(c)
                }
                other => {
                    out.extend(other);
                    Some(Rule { at, ..r })
                }
            };
        }
        out.extend(current);
    }
    out
}

/// A table from its rules: rows between successive horizontal rules, each
/// cut by the vertical rules crossing it from top to bottom.
fn table(hs: &[&Rule], vs: &[&Rule]) -> Table {
    let mut ys: Vec<f32> = hs.iter().map(|h| h.at).collect();
    ys.sort_by(f32::total_cmp);
    // Across, the table reaches as far as its rules do: a table printed
    // wider than its page loses its right edge's rule where the page cuts
    // it, and its horizontal rules run on past its last vertical one,
    // over the cut column.
    let ends = vs
        .iter()
        .map(|v| (v.at, v.at))
        .chain(hs.iter().map(|h| (h.from, h.to)));
    let (x0, x1) = ends.fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), (a, b)| {
        (lo.min(a), hi.max(b))
    });
    let bbox = BBox {
        x0,
        y0: ys[0],
        x1,
        y1: ys[ys.len() - 1],
    };
    let mut rows = Vec::new();
    for pair in ys.windows(2) {
        let (y0, y1) = (pair[0], pair[1]);
        if y1 - y0 < MIN_ROW {
            continue;
        }
        let mut borders: Vec<f32> = vs
            .iter()
            .filter(|v| crosses_row(v, y0, y1))
            .map(|v| v.at)
            .collect();
        borders.sort_by(f32::total_cmp);
        borders.dedup_by(|a, b| (*a - *b).abs() <= TOLERANCE);
        if borders.len() >= 2 {
            rows.push(Row { y0, y1, borders });
        }
    }
    Table { bbox, rows }
}

/// Whether vertical rule `v` borders the row from `y0` to `y1`: it runs
/// from top to bottom, or over most of the row (a scanned rule can break
/// off near a corner, where the skew moves it a pixel), while a rule of
/// the row above or below only reaches into it by a rule's thickness.
fn crosses_row(v: &Rule, y0: f32, y1: f32) -> bool {
    let whole = v.from <= y0 + TOLERANCE && v.to >= y1 - TOLERANCE;
    let covered = v.to.min(y1) - v.from.max(y0);
    whole || covered >= MOST_OF_ROW * (y1 - y0)
}

/// The words of a page's ruled rows as one line per row (cells from the
/// left, each cell's words in reading order), and the words outside any
/// ruled row, in their order. A row whose rule at its left or right end a
/// scan lost (a faded box edge) is open there: words of the row beyond
/// its last border, still within its table, are one more cell, closed by
/// the table's edge. Left out, they would stand as a line of their own
/// beside the row and break it in two.
pub fn ruled_lines(
    tables: &[Table],
    words: Vec<Word>,
    page: u32,
    skew: f32,
) -> (Vec<Line>, Vec<Word>) {
    let rows: Vec<(&Row, &BBox)> = tables
        .iter()
        .flat_map(|t| t.rows.iter().map(move |r| (r, &t.bbox)))
        .collect();
    let mut held: Vec<Vec<Word>> = vec![Vec::new(); rows.len()];
    let mut rest = Vec::new();
    for word in words {
        let (x, y) = ((word.bbox.x0 + word.bbox.x1) / 2.0, word.bbox.y_mid());
        // Two tables side by side share their rows' heights: the row is
        // the one whose table holds the word across the page as well.
        let row = rows
            .iter()
            .position(|(r, t)| y >= r.y0 && y < r.y1 && x >= t.x0 && x < t.x1);
        match row {
            Some(i) => held[i].push(word),
            None => rest.push(word),
        }
    }
    let mut lines = Vec::new();
    for ((row, table), words) in rows.into_iter().zip(held) {
        let borders = open_ends(row, table, &words);
        let mut cells: Vec<Vec<Word>> = vec![Vec::new(); borders.len() - 1];
        for word in words {
            let x = (word.bbox.x0 + word.bbox.x1) / 2.0;
            match borders.windows(2).position(|b| x >= b[0] && x < b[1]) {
                Some(c) => cells[c].push(word),
                None => rest.push(word),
            }
        }
        let words: Vec<Word> = cells.into_iter().flat_map(reading_order).collect();
        if !words.is_empty() {
            lines.push(Line::ruled(page, words, skew, borders));
        }
    }
    (lines, rest)
}

/// A box ruled round a block of this many lines or more, with no rule
/// inside it, is a frame, not a cell.
const FRAME_LINES: usize = 8;

/// The tables without frames: a box of one row and one cell round a
/// block of [`FRAME_LINES`] lines or more (a scheda boxed whole, as a scan
/// shows a box a text layer draws with rounded corners) holds labels,
/// values and tables of its own, which one ruled line would run
/// together; its words are grouped as unruled text is.
pub fn without_frames(tables: Vec<Table>, words: &[Word]) -> Vec<Table> {
    tables.into_iter().filter(|t| !is_frame(t, words)).collect()
}

fn is_frame(table: &Table, words: &[Word]) -> bool {
    let [row] = table.rows.as_slice() else {
        return false;
    };
    if row.borders.len() != 2 {
        return false;
    }
    let inside = words.iter().filter(|w| {
        let (x, y) = ((w.bbox.x0 + w.bbox.x1) / 2.0, w.bbox.y_mid());
        x >= table.bbox.x0 && x < table.bbox.x1 && y >= row.y0 && y < row.y1
    });
    line_count(inside) >= FRAME_LINES
}

/// How many lines words stand on: their middles sorted from the top, a
/// new line where one lies more than half a word's height below the last.
fn line_count<'a>(words: impl Iterator<Item = &'a Word>) -> usize {
    let mut marks: Vec<(f32, f32)> = words
        .map(|w| (w.bbox.y_mid(), (w.bbox.y1 - w.bbox.y0).abs() / 2.0))
        .collect();
    marks.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut count = 0;
    let mut last = f32::NEG_INFINITY;
    for (y, half) in marks {
        if y - last > half {
            count += 1;
        }
        last = y;
    }
    count
}

/// A row's borders, with its table's edge added at an end where some of
/// `words` lie beyond the row's own border.
fn open_ends(row: &Row, table: &BBox, words: &[Word]) -> Vec<f32> {
    let mut borders = row.borders.clone();
    let xs = || words.iter().map(|w| (w.bbox.x0 + w.bbox.x1) / 2.0);
    if let (Some(&first), Some(&last)) = (borders.first(), borders.last()) {
        if xs().any(|x| x >= last) && table.x1 > last {
            borders.push(table.x1);
        }
        if xs().any(|x| x < first) && table.x0 < first {
            borders.insert(0, table.x0);
        }
    }
    borders
}

/// A cell's words in reading order: lines from the top, words from the
/// left. A word joins a line when its centre is within half the lower of
/// their heights of the line's first word, or of its word nearest it
/// across (a line that a
/// page's deskewing left askew still holds together word by word; a box
/// OCR stretched over two lines is no neighbour of a word of normal
/// height, so it does not pull the next line in).
fn reading_order(mut words: Vec<Word>) -> Vec<Word> {
    words.sort_by(|a, b| a.bbox.y_mid().total_cmp(&b.bbox.y_mid()));
    let mut lines: Vec<Vec<Word>> = Vec::new();
    for w in words {
        match lines.iter_mut().rev().find(|line| on_line(&w, line)) {
            Some(line) => line.push(w),
            None => lines.push(vec![w]),
        }
    }
    lines.sort_by(|a, b| line_mid(a).total_cmp(&line_mid(b)));
    for line in &mut lines {
        line.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    }
    for i in 1..lines.len() {
        let (above, below) = lines.split_at_mut(i);
        if let (Some(head), Some(rest)) = (above[i - 1].last_mut(), below[0].first()) {
            if let Some(whole) = rejoined(&head.text, &rest.text, is_italian) {
                head.text = whole;
                head.confidence = min_confidence(head.confidence, rest.confidence);
                below[0].remove(0);
            }
        }
    }
    lines.into_iter().flatten().collect()
}

/// Whether `w` stands on `line`: level with the line's first word from
/// the top, or with the line's word nearest it across among those of no
/// more than [`TALLER`] times its height.
fn on_line(w: &Word, line: &[Word]) -> bool {
    let x = |v: &Word| (v.bbox.x0 + v.bbox.x1) / 2.0;
    let level = |v: &Word| {
        (w.bbox.y_mid() - v.bbox.y_mid()).abs() <= half(w, v) || mark_on(w, v) || mark_on(v, w)
    };
    let height = w.bbox.height().abs();
    let neighbour = line
        .iter()
        .filter(|v| v.bbox.height().abs() <= TALLER * height)
        .min_by(|a, b| (x(a) - x(w)).abs().total_cmp(&(x(b) - x(w)).abs()));
    line.first().is_some_and(level) || neighbour.is_some_and(level)
}

/// A word of a line more than this many times taller than another was
/// read across lines of its cell: no neighbour to measure a line by.
const TALLER: f32 = 1.5;

/// The middle of a line's first word from the top (lines in reading order).
fn line_mid(line: &[Word]) -> f32 {
    line.first().map_or(0.0, |w| w.bbox.y_mid())
}

/// Whether `mark` is a mark OCR boxed to its ink (a dash, a dot), at
/// most half as tall as `word`, its middle within `word`'s height: it
/// stands on `word`'s line. Measured by the lower of the two heights, a
/// dash's middle a point off its line's would open a line of its own,
/// and the words sorted after it would join the dash ("della - previsti
/// prevenzione" out of one line of a title, DEV card scan 167).
fn mark_on(mark: &Word, word: &Word) -> bool {
    let (m, b) = (mark.bbox, word.bbox);
    2.0 * m.height().abs() <= b.height().abs() && (b.y0..=b.y1).contains(&m.y_mid())
}

fn half(a: &Word, b: &Word) -> f32 {
    a.bbox.height().abs().min(b.bbox.height().abs()) / 2.0
}

/// A word its cell cut where it wraps, without a hyphen ("Indicat" /
/// "ore", "convenzioni/acco" / "rdi", "INTERNAZIONALIZZAZ" / "IONE"): the
/// word closing a line and the one opening the next, joined, when the
/// first's last piece (after a slash or an apostrophe) is no `known` word
/// (folded) and the two make one. The rest goes on in the piece's case: in
/// lower case, or in capitals after capitals.
pub(super) fn rejoined(head: &str, rest: &str, known: impl Fn(&str) -> bool) -> Option<String> {
    if !may_go_on(rest) {
        return None;
    }
    let piece = last_piece(head);
    let lower = rest.chars().next().is_some_and(char::is_lowercase);
    let goes_on = lower || (capitals(piece) && capitals(rest));
    // `rest` is letters alone (may_go_on); `piece` two or more letters.
    if piece.chars().nth(1).is_none() || !letters(piece) || !goes_on {
        return None;
    }
    // A piece of plain lower-case letters is its own folding.
    let folded = if piece.bytes().all(|b| b.is_ascii_lowercase()) {
        std::borrow::Cow::Borrowed(piece)
    } else {
        std::borrow::Cow::Owned(fold(piece))
    };
    if known(&folded) {
        return None;
    }
    known(&fold(&format!("{piece}{rest}"))).then(|| format!("{head}{rest}"))
}

/// Whether `rest` may go on a word cut above it, whatever that word
/// ([`rejoined`]'s test of the lower piece alone): letters, in lower case
/// or all in capitals. Most words of a table's cells (numbers, words with
/// a capital initial) may not, and are told apart before the word above
/// is looked for.
pub(super) fn may_go_on(rest: &str) -> bool {
    let lower = rest.chars().next().is_some_and(char::is_lowercase);
    letters(rest) && (lower || capitals(rest))
}

/// What follows the last slash or apostrophe of a word (the whole word
/// without one), found byte by byte from its end.
fn last_piece(word: &str) -> &str {
    let bytes = word.as_bytes();
    let typographic = "’".as_bytes();
    let mut end = bytes.len();
    while end > 0 {
        let at = end - 1;
        // '’' ends in byte 0x99 (E2 80 99).
        let parts = match bytes[at] {
            b'/' | b'\'' => true,
            0x99 => bytes[..end].ends_with(typographic),
            _ => false,
        };
        if parts {
            return word.get(end..).unwrap_or(word);
        }
        end = at;
    }
    word
}

/// Whether a text is a word of letters alone.
fn letters(s: &str) -> bool {
    !s.is_empty() && s.chars().all(char::is_alphabetic)
}

/// Whether a text has no letter outside capitals.
fn capitals(s: &str) -> bool {
    s.chars().all(char::is_uppercase)
}

/// Joins the word opening `next` onto the last word of `held` where its
/// cell broke one word there ([`rejoined`]); returns the rest of `next`,
/// or None where nothing was joined.
pub(super) fn rejoin_across<'a>(
    held: &mut String,
    next: &'a str,
    known: impl Fn(&str) -> bool,
) -> Option<&'a str> {
    let (first, rest) = next.split_once(' ').unwrap_or((next, ""));
    let last = held.rfind(' ').map_or(held.as_str(), |at| &held[at + 1..]);
    let whole = rejoined(last, first, known)?;
    held.truncate(held.len() - last.len());
    held.push_str(&whole);
    Some(rest)
}

/// A cell's lines with the words their wrapping broke joined again.
pub(super) fn rejoin_lines(lines: Vec<String>, known: impl Fn(&str) -> bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for line in lines {
        let rest = match out.last_mut() {
            Some(held) => rejoin_across(held, &line, &known).map(str::to_string),
            None => None,
        };
        match rest {
            Some(rest) if rest.is_empty() => {}
            Some(rest) => out.push(rest),
            None => out.push(line),
        }
    }
    out
}

fn min_confidence(a: Option<f32>, b: Option<f32>) -> Option<f32> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::test_lines::word;

    /// Words of the reports the general word list lacks in the form
    /// printed ("prevenzione", "istituzionale") are the vocabulary's, so
    /// that a cell's wrapping is undone into them, and a whole one is not
    /// taken for a piece (DEV kpi-table 557 read "mediazione e" as
    /// "mediazionee" without them).
    #[test]
    fn a_domain_word_the_word_list_lacks_is_rejoined() {
        let vocab = crate::vocab::Vocabulary::builtin();
        let known = |w: &str| vocab.knows_word(w);
        for (head, rest, whole) in [
            ("prevenzio", "ne", "prevenzione"),
            ("ISTITUZIONA", "LE", "ISTITUZIONALE"),
            ("riscossio", "ne", "riscossione"),
        ] {
            assert_eq!(rejoined(head, rest, known).as_deref(), Some(whole));
        }
    }

    fn h(y: f32, x0: f32, x1: f32) -> Rule {
        Rule {
            axis: Axis::Horizontal,
            at: y,
            from: x0,
            to: x1,
        }
    }

    fn v(x: f32, y0: f32, y1: f32) -> Rule {
        Rule {
            axis: Axis::Vertical,
            at: x,
            from: y0,
            to: y1,
        }
    }

    /// A two-row table: a header row whose middle cell is cut by a rule
    /// and a body row whose right cells are one (no rule between them);
    /// each edge drawn in pieces, as a tool drawing cell by cell does.
    fn table_rules() -> Vec<Rule> {
        vec![
            h(100.0, 10.0, 200.0),
            h(100.3, 200.0, 400.0),
            h(130.0, 10.0, 400.0),
            h(160.0, 10.0, 400.0),
            v(10.0, 100.0, 160.0),
            v(200.0, 100.0, 130.0),
            v(200.2, 130.0, 160.0),
            v(300.0, 100.0, 130.0),
            v(400.0, 100.0, 160.0),
        ]
    }

    #[test]
    fn rules_make_rows_and_cells() {
        let tables = tables(&table_rules());
        assert_eq!(tables.len(), 1);
        let rows: Vec<(f32, usize)> = tables[0]
            .rows
            .iter()
            .map(|r| (r.y0, r.borders.len() - 1))
            .collect();
        assert_eq!(rows.len(), 2);
        assert!((rows[0].0 - 100.15).abs() < 0.2, "{rows:?}");
        assert_eq!(
            (rows[0].1, rows[1].1),
            (3, 2),
            "the spanning cell stays one"
        );
    }

    /// Browser-printed DEV scheda 103 scanned image-only: a box round a
    /// whole scheda (no rule inside) made one ruled line of the page.
    #[test]
    fn a_box_round_a_block_of_lines_is_a_frame_not_a_cell() {
        let frame = vec![
            h(100.0, 10.0, 400.0),
            h(300.0, 10.0, 400.0),
            v(10.0, 100.0, 300.0),
            v(400.0, 100.0, 300.0),
        ];
        let block: Vec<Word> = (0..9)
            .flat_map(|i| {
                let y = 105.0 + 20.0 * i as f32;
                [word("LABEL", 20.0, y), word("value", 200.0, y)]
            })
            .collect();
        let kept = without_frames(tables(&frame), &block);
        assert!(kept.is_empty());
        let (lines, rest) = ruled_lines(&kept, block.clone(), 1, 0.0);
        assert!(lines.is_empty());
        assert_eq!(rest.len(), block.len());
        // A box round a few lines (a wrapped cell) stays a cell.
        let few = &block[..6];
        assert_eq!(without_frames(tables(&frame), few).len(), 1);
    }

    #[test]
    fn rules_that_do_not_cross_make_no_table() {
        let lone = vec![
            h(100.0, 10.0, 400.0),
            h(130.0, 10.0, 400.0),
            v(500.0, 0.0, 50.0),
        ];
        assert!(tables(&lone).is_empty());
    }

    #[test]
    fn a_wrapped_cell_is_one_cell_of_one_line() {
        let tables = tables(&table_rules());
        let words = vec![
            word("Ultimo", 210.0, 104.0),
            word("valore", 245.0, 104.0),
            word("Arco", 20.0, 104.0),
            word("osservato", 210.0, 116.0),
            word("temporale", 20.0, 116.0),
            word("ANNO", 310.0, 110.0),
            word("2020", 340.0, 110.0),
            word("outside", 20.0, 200.0),
            word("wide", 220.0, 140.0),
            word("cell", 320.0, 140.0),
        ];
        let (lines, rest) = ruled_lines(&tables, words, 1, 0.0);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Arco temporale Ultimo valore osservato ANNO 2020",
                "wide cell"
            ]
        );
        assert_eq!(rest.len(), 1);
        assert_eq!(rest[0].text, "outside");
    }

    /// A code box whose right edge the scan lost (DEV scan 165): its row
    /// has borders at the label cell only, and the code beyond them is
    /// still the row's, closed by the table's edge. Left out, it stood as
    /// a line of its own above its label and the scheda lost its code.
    #[test]
    fn a_row_that_lost_its_right_edge_keeps_its_value() {
        let rules = vec![
            h(40.0, 10.0, 400.0),
            h(57.0, 10.0, 400.0),
            h(63.0, 10.0, 400.0),
            h(80.0, 10.0, 400.0),
            v(10.0, 40.0, 80.0),
            v(100.0, 40.0, 80.0),
            v(400.0, 63.0, 80.0),
        ];
        let tables = tables(&rules);
        assert_eq!(tables.len(), 1);
        let words = vec![
            word("016-005-001", 110.0, 44.0),
            word("Codice", 20.0, 45.0),
            word("obiettivo", 60.0, 45.0),
            word("Missione", 20.0, 67.0),
            word("016", 110.0, 67.0),
            word("beside", 450.0, 44.0),
        ];
        let (lines, rest) = ruled_lines(&tables, words, 1, 0.0);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["Codice obiettivo 016-005-001", "Missione 016"]);
        assert_eq!(lines[0].borders, [10.0, 100.0, 400.0]);
        let rest: Vec<&str> = rest.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(rest, ["beside"]);
    }

    /// A table printed wider than its page (DEV browser-printed kpi-table
    /// 295): the page cut its last column, and that column's right rule
    /// with it; the horizontal rules run on over the cut column to the
    /// page's edge. The cut column's header ("Programma") is the header
    /// row's last cell, closed by the rules' ends; left out, it stood as a
    /// line of its own above the header and opened an objective.
    #[test]
    fn a_column_past_the_last_vertical_rule_is_the_rows_last_cell() {
        let rules = vec![
            h(100.0, 10.0, 500.0),
            h(130.0, 10.0, 500.0),
            h(160.0, 10.0, 500.0),
            v(10.0, 100.0, 160.0),
            v(200.0, 100.0, 160.0),
            v(400.0, 100.0, 160.0),
        ];
        let tables = tables(&rules);
        let words = vec![
            word("Missioni", 220.0, 110.0),
            word("Obiettivo", 20.0, 110.0),
            word("Programma", 420.0, 110.0),
            word("011", 220.0, 140.0),
            word("005", 420.0, 140.0),
            word("beyond", 520.0, 110.0),
        ];
        let (lines, rest) = ruled_lines(&tables, words, 1, 0.0);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["Obiettivo Missioni Programma", "011 005"]);
        assert_eq!(lines[0].borders, [10.0, 200.0, 400.0, 500.0]);
        let rest: Vec<&str> = rest.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(rest, ["beyond"]);
    }

    /// Two ruled tables side by side at the same heights (a label/value
    /// card beside a small table): a word in the right one is the right
    /// table's row's, not left over because the left table's row at its
    /// height came first.
    #[test]
    fn a_word_in_the_right_of_two_tables_side_by_side_is_its_rows() {
        let rules = vec![
            h(100.0, 10.0, 200.0),
            h(130.0, 10.0, 200.0),
            v(10.0, 100.0, 130.0),
            v(200.0, 100.0, 130.0),
            h(100.0, 300.0, 500.0),
            h(130.0, 300.0, 500.0),
            v(300.0, 100.0, 130.0),
            v(500.0, 100.0, 130.0),
        ];
        let tables = tables(&rules);
        assert_eq!(tables.len(), 2);
        let words = vec![word("left", 20.0, 110.0), word("right", 320.0, 110.0)];
        let (lines, rest) = ruled_lines(&tables, words, 1, 0.0);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert!(texts.contains(&"left") && texts.contains(&"right"));
        assert!(rest.is_empty());
    }

    /// A word at `x0` whose box runs from `y0` to `y1`, as OCR boxes it.
    fn boxed(text: &str, x0: f32, y0: f32, y1: f32) -> Word {
        Word {
            bbox: BBox {
                y0,
                y1,
                ..word(text, x0, 0.0).bbox
            },
            ..word(text, x0, 0.0)
        }
    }

    #[test]
    fn a_box_stretched_over_two_lines_does_not_pull_the_next_line_up() {
        // OCR of a page scanned askew: the first line's boxes 13.5 high,
        // the second line's word stretched to 19 (its centre 9 below).
        let words = vec![
            boxed("MISURE", 175.7, 106.2, 119.7),
            boxed("DI", 229.4, 106.2, 119.7),
            boxed("TRASPARENZA", 175.4, 112.5, 131.4),
        ];
        let texts: Vec<String> = reading_order(words).into_iter().map(|w| w.text).collect();
        assert_eq!(texts, ["MISURE", "DI", "TRASPARENZA"]);
    }

    #[test]
    fn a_dash_boxed_to_its_ink_stays_on_its_line() {
        // DEV card scan 167, the code and description cell read again:
        // the dash's box 1.4 pt high, its middle a point under the line's.
        let words = vec![
            boxed("KP1108", 166.6, 475.2, 481.9),
            boxed("-", 197.0, 478.6, 480.0),
            boxed("Pubblicazione", 202.6, 475.0, 481.7),
            boxed("dei", 261.8, 474.7, 481.7),
            boxed("contenuti", 276.2, 474.7, 481.4),
            boxed("previsti", 317.3, 474.7, 483.1),
            boxed("nel", 349.9, 474.5, 481.4),
            boxed("piano", 364.6, 474.5, 482.9),
            boxed("della", 488.9, 474.2, 481.0),
            boxed("corruzione", 166.3, 484.7, 492.8),
            boxed("e", 212.2, 484.9, 493.0),
        ];
        let texts: Vec<String> = reading_order(words).into_iter().map(|w| w.text).collect();
        assert_eq!(
            texts,
            [
                "KP1108",
                "-",
                "Pubblicazione",
                "dei",
                "contenuti",
                "previsti",
                "nel",
                "piano",
                "della",
                "corruzione",
                "e"
            ]
        );
    }

    #[test]
    fn a_line_left_askew_keeps_its_first_words_in_front() {
        // A scanned title cell whose first line still rises 5 pt over
        // its 500 pt after the page's deskewing (words 8 pt high), the
        // second line 14 pt below the first's start.
        let words: Vec<Word> = (0..10)
            .map(|i| {
                let x = 220.0 + 55.0 * i as f32;
                word(&format!("W{i}"), x, 342.0 - 0.01 * (x - 220.0))
            })
            .chain([word("E", 220.0, 356.0), word("DELLA", 230.0, 356.0)])
            .collect();
        let texts: Vec<String> = reading_order(words).into_iter().map(|w| w.text).collect();
        assert_eq!(
            texts,
            ["W0", "W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8", "W9", "E", "DELLA"]
        );
    }

    #[test]
    fn a_word_cut_where_its_cell_wraps_is_one_word_again() {
        let tables = tables(&table_rules());
        let words = vec![
            word("Indicat", 20.0, 104.0),
            word("ore", 20.0, 116.0),
            word("2", 40.0, 116.0),
            word("convenzioni/acco", 210.0, 104.0),
            word("rdi", 210.0, 116.0),
            word("Arco", 310.0, 104.0),
            word("temporale", 310.0, 116.0),
        ];
        let (lines, _) = ruled_lines(&tables, words, 1, 0.0);
        assert_eq!(
            lines[0].text,
            "Indicatore 2 convenzioni/accordi Arco temporale"
        );
    }

    #[test]
    fn a_border_broken_off_near_a_corner_still_cuts_its_row() {
        let mut rules = table_rules();
        // The left edge starts 8 points under the top rule.
        rules[4] = v(10.0, 108.0, 160.0);
        let tables = tables(&rules);
        let borders: Vec<f32> = tables[0].rows[0]
            .borders
            .iter()
            .map(|b| b.round())
            .collect();
        assert_eq!(borders, [10.0, 200.0, 300.0, 400.0]);
    }

    #[test]
    fn a_rule_broken_by_a_faint_stretch_is_one_rule() {
        let mut rules = table_rules();
        rules[4] = v(10.0, 100.0, 112.0);
        rules.push(v(10.0, 116.0, 160.0));
        let tables = tables(&rules);
        assert_eq!(tables[0].rows[0].borders.len(), 4, "{:?}", tables[0].rows);
    }

    #[test]
    fn only_a_piece_that_is_no_word_is_joined() {
        let italian = is_italian;
        assert_eq!(
            rejoined("Indicat", "ore", italian).as_deref(),
            Some("Indicatore")
        );
        assert_eq!(
            rejoined("FUNZIONAMEN", "TO", italian).as_deref(),
            Some("FUNZIONAMENTO"),
            "capitals go on in capitals"
        );
        assert_eq!(rejoined("della", "gestione", italian), None);
        assert_eq!(
            rejoined("acco", "Rdi", italian),
            None,
            "a capital opens a word"
        );
        assert_eq!(rejoined("Funzionamen", "TO", italian), None);
        assert_eq!(rejoined("n.", "ore", italian), None);
    }
}
