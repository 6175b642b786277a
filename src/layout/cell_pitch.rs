//! Rows of an unruled wide table read by OCR, told apart by the pitch of
//! their cells' lines. OCR boxes hug the ink: a line without descenders
//! ends at its baseline, one with them lower, so the blanks between the
//! lines of one cell vary about as much as the blank between two rows
//! (the rows' padding, 3 to 8 points), and no height of blank parts the
//! rows alone. The baselines do not vary: the lines of one cell follow
//! each other at the text's leading, and the row's padding adds to the
//! step from a row's last line to the next row's first.
//!
//! A row's text lies inside its row, so every blank band inside a row
//! lies between two successive lines of the row's tallest cell, one
//! leading apart, however its other cells sit (at the top, or centred in
//! the row). A band between two rows has no such pair: in every column
//! holding lines on both sides of it, the step across it is a leading
//! plus the padding of two rows, or more.
//!
//! The leading is measured, never assumed: the steps between successive
//! lines of each column gather tightly at it (most cells wrap), and the
//! steps across rows spread above. Where they do not gather (cells of
//! one line, a page of few rows) there is no pitch, and the rows are
//! told apart by their blanks as before.

use crate::read::{median, Word};

/// A step this many leadings long or shorter stays within one cell. The
/// steps of one cell's lines lie within a tenth of their leading (OCR
/// boxes move a little with the ink); a row's padding adds a third or
/// more.
const SAME_CELL: f32 = 1.2;

/// The steps a leading is measured from lie this many median word
/// heights apart, or more (OCR boxes of a line's ink are a little
/// shorter than its type size, the leading a little longer) ...
const LEAST_STEP: f32 = 0.8;

/// ... and this many or fewer: longer ones step over a line or a row.
const MOST_STEP: f32 = 2.5;

/// Steps within this share of each other gather at one leading.
const CLUSTER: f32 = 0.08;

/// A leading is clear when its cluster holds this share of the steps
/// measured ...
const CLEAR_SHARE: f32 = 0.25;

/// ... and at least this many of them.
const CLEAR_COUNT: usize = 4;

/// Characters that reach below the baseline.
const DESCENDERS: &str = "gjpqyQJ,;()[]{}/|_";

/// [`DESCENDERS`] as a table by byte.
static DESCENDER_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = DESCENDERS.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
};

/// How far below its baseline a line's box ends when its words descend,
/// in box heights (a descent of a fifth of the type size, over a box
/// from the ascenders to the descenders).
const DESCENT: f32 = 0.22;

/// The lines of a table's row columns, by column, and their leading.
#[derive(Debug)]
pub(super) struct CellPitch {
    /// Per column, its lines' (middle, baseline), top to bottom.
    columns: Vec<Vec<(f32, f32)>>,
    leading: f32,
}

impl CellPitch {
    /// The lines of `words`, each in its column, with the leading their
    /// cells' lines share; None when their steps do not gather clearly
    /// at one (nothing tells a cell's lines from rows).
    pub(super) fn new(words: &[(&Word, usize)]) -> Option<CellPitch> {
        let mut by_column: Vec<Vec<&Word>> = Vec::new();
        for &(w, c) in words.iter().filter(|(w, _)| !is_speck(&w.text)) {
            if by_column.len() <= c {
                by_column.resize(c + 1, Vec::new());
            }
            by_column[c].push(w);
        }
        let columns: Vec<Vec<(f32, f32)>> = by_column.into_iter().map(baselines).collect();
        let height = median(words.iter().map(|(w, _)| w.bbox.height().abs()))?;
        let steps: Vec<f32> = columns
            .iter()
            .flat_map(|c| c.windows(2).map(|p| p[1].1 - p[0].1))
            .filter(|s| (LEAST_STEP * height..=MOST_STEP * height).contains(s))
            .collect();
        let leading = clear_leading(&steps)?;
        Some(CellPitch { columns, leading })
    }

    /// The step most lines of one cell take.
    pub(super) fn leading(&self) -> f32 {
        self.leading
    }

    /// Whether the blank band from `top` to `bottom` parts two rows: no
    /// column steps across it from one line of a cell to the next.
    pub(super) fn parts(&self, top: f32, bottom: f32) -> bool {
        let middle = (top + bottom) / 2.0;
        !self.columns.iter().any(|lines| {
            let above = lines.iter().rev().find(|l| l.0 < middle);
            let below = lines.iter().find(|l| l.0 > middle);
            matches!((above, below), (Some(a), Some(b)) if within_cell(b.1 - a.1, self.leading))
        })
    }
}

/// Whether a step from one line's baseline to the next's, at `leading`,
/// stays within one cell (a row's padding would lengthen it).
pub(super) fn within_cell(step: f32, leading: f32) -> bool {
    step <= SAME_CELL * leading
}

/// A word of marks alone: on a scan, specks and bits of rules.
fn is_speck(text: &str) -> bool {
    !text.chars().any(char::is_alphanumeric)
}

/// A column's words as lines, each its (middle, baseline), top to bottom.
fn baselines(words: Vec<&Word>) -> Vec<(f32, f32)> {
    cell_lines(words)
        .iter()
        .filter_map(|line| {
            let middle = median(line.iter().map(|w| w.bbox.y_mid()))?;
            Some((middle, baseline(line)?))
        })
        .collect()
}

/// A cell's (or a column's) words as its printed lines, top to bottom,
/// each left to right: a word whose middle is within half its height of
/// the line's first word's is on that line.
pub(super) fn cell_lines(mut words: Vec<&Word>) -> Vec<Vec<&Word>> {
    words.sort_by(|a, b| a.bbox.y_mid().total_cmp(&b.bbox.y_mid()));
    // Each line is a run of the sorted words: made at once, at its size.
    let mut lines: Vec<Vec<&Word>> = Vec::new();
    let mut start = 0;
    for (i, w) in words.iter().enumerate() {
        let half = w.bbox.height().abs() / 2.0;
        let on_line = (w.bbox.y_mid() - words[start].bbox.y_mid()).abs() <= half;
        if i > start && !on_line {
            lines.push(words[start..i].to_vec());
            start = i;
        }
    }
    if start < words.len() {
        lines.push(words[start..].to_vec());
    }
    for line in &mut lines {
        line.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    }
    lines
}

/// Where a line's letters stand: the foot of its box, less a descent
/// when a word of it descends. The line's, not each word's: OCR may give
/// every word of a line the line's box (a word without descenders then
/// reaches as low as one with them).
pub(super) fn baseline(line: &[&Word]) -> Option<f32> {
    let top = line.iter().map(|w| w.bbox.y0).reduce(f32::min)?;
    let foot = line.iter().map(|w| w.bbox.y1).reduce(f32::max)?;
    // The descenders are ASCII: a byte of another character's UTF-8 is
    // none of them, and a set of bytes is looked up at once.
    let descends = line
        .iter()
        .any(|w| w.text.bytes().any(|b| DESCENDER_BYTES[usize::from(b)]));
    Some(if descends {
        foot - DESCENT * (foot - top)
    } else {
        foot
    })
}

/// The step most lines of one cell take: the median of the densest
/// cluster of `steps` (those within [`CLUSTER`] of its least), when it
/// holds a clear share of them; a step OCR shortened (a line read in
/// two) or one across rows stands apart.
fn clear_leading(steps: &[f32]) -> Option<f32> {
    let mut sorted = steps.to_vec();
    sorted.sort_by(f32::total_cmp);
    let densest = (0..sorted.len())
        .map(|i| {
            let n = sorted[i..]
                .iter()
                .take_while(|s| **s <= (1.0 + CLUSTER) * sorted[i])
                .count();
            (n, i)
        })
        .max_by_key(|&(n, i)| (n, std::cmp::Reverse(i)))?;
    let (n, i) = densest;
    let clear = n >= CLEAR_COUNT && n as f32 >= CLEAR_SHARE * sorted.len() as f32;
    clear.then(|| median(sorted[i..i + n].iter().copied()))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_leading_is_the_densest_cluster_of_steps() {
        // A line read in two (4.1) and steps across rows (13 and more)
        // stand apart from the cells' steps about 9.
        let steps = [4.1, 8.8, 9.0, 9.1, 9.1, 9.2, 9.4, 13.0, 14.2, 14.5, 15.1];
        let leading = clear_leading(&steps);
        assert!(
            leading.is_some_and(|l| (9.0..=9.2).contains(&l)),
            "{leading:?}"
        );
    }

    #[test]
    fn steps_that_do_not_gather_give_no_leading() {
        // Cells of one line: every step is across a row, of varied height.
        let steps = [12.0, 14.5, 17.0, 19.9, 23.1, 26.0];
        assert_eq!(clear_leading(&steps), None);
    }
}
