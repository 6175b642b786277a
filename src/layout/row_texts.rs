//! The texts of a wide table's row columns, as the rows are parted by.
//!
//! An unruled table's rows part where the text of every row column leaves
//! a band. Half a line of blank is enough of a sign where rows are padded
//! generously, but a text layer boxes each word by its font's height, a
//! little more than the line pitch of many fonts: with 1.5 pt of padding
//! above and below each row, two rows' word boxes leave no more blank
//! between them (3 pt) than a font a little taller would, and the rows ran
//! together. What does part them is the pitch: a text layer sets a cell's
//! lines at one pitch (the leading), and a row's lines stand a padding
//! further from the next row's. So, column by column, the lines that
//! follow each other at the leading are one text, and each text reaches
//! half a leading above its first line's middle and below its last's;
//! rows part where every column's texts leave a band between them.
//!
//! The leading is the page's: the closest pitch of two lines in any row
//! column, as a share of that column's text height, applied to each
//! column by its own height (a column set in a smaller type has its lines
//! closer). Only the pitch within a column says anything: across columns,
//! vertically centred cells stand half a line off each other.
//!
//! OCR boxes hug the ink and lines drift: a scan's words are their own
//! texts, and only the blank between boxes parts rows there.

use crate::read::{median, Word};

/// A device pixel at 96 dpi (points): a layout engine that snaps its
/// lines to a pixel grid (a browser's CSS pixel, an office suite's screen
/// layout printed as is) sets one text's lines a pixel nearer or further
/// apart here and there, so the blank between them varies by as much.
pub(super) const DEVICE_PIXEL: f32 = 0.75;

/// How far (in a column's text heights) past the leading two lines of a
/// column may stand and still be one text: a text layer sets one pitch,
/// give or take a bold or accented word's box.
const PITCH_SLACK: f32 = 0.15;

/// One text of a row column: a run of lines at the leading (one word, on
/// a scan).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct RowText {
    /// Where its words' boxes lie (top, bottom).
    pub y0: f32,
    pub y1: f32,
    /// Where it reaches by its pitch: half a leading beyond its first and
    /// last lines' middles (the boxes, where there is no leading).
    pub top: f32,
    pub bottom: f32,
    /// How wide a band between two texts' reaches parts rows: infinite
    /// where the reach is not measured.
    pub slack: f32,
}

impl RowText {
    fn boxed(y0: f32, y1: f32) -> RowText {
        RowText {
            y0,
            y1,
            top: y0,
            bottom: y1,
            slack: f32::INFINITY,
        }
    }
}

/// One printed line of a column: its words' boxes' top and bottom, and
/// its middle.
#[derive(Debug, Clone, Copy)]
struct ColumnLine {
    y0: f32,
    y1: f32,
    mid: f32,
}

/// The row columns' texts, top to bottom: on a scan (`ocr`) each word;
/// in a text layer each run of a column's lines at the page's leading
/// with no blank over `least` (the band that parts rows anyway) inside.
/// `words` are the row columns' words, each with its column.
pub(super) fn row_texts(words: &[(&Word, usize)], least: f32, ocr: bool) -> Vec<RowText> {
    let mut texts: Vec<RowText> = if ocr {
        words
            .iter()
            .map(|(w, _)| RowText::boxed(w.bbox.y0, w.bbox.y1))
            .collect()
    } else {
        let columns = columns(words);
        let ratio = leading_ratio(&columns);
        columns
            .iter()
            .flat_map(|(lines, height)| {
                texts_of_column(lines, ratio.map(|r| r * height), *height, least)
            })
            .collect()
    };
    texts.sort_by(|a, b| a.y0.total_cmp(&b.y0));
    texts
}

/// Each column's lines, top to bottom, and the median height of its words.
fn columns(words: &[(&Word, usize)]) -> Vec<(Vec<ColumnLine>, f32)> {
    let count = words.iter().map(|(_, c)| c + 1).max().unwrap_or(0);
    (0..count)
        .filter_map(|c| {
            let mut own: Vec<&Word> = words
                .iter()
                .filter(|(_, k)| *k == c)
                .map(|(w, _)| *w)
                .collect();
            let height = median(own.iter().map(|w| w.bbox.height().abs()))?;
            own.sort_by(|a, b| a.bbox.y_mid().total_cmp(&b.bbox.y_mid()));
            Some((lines_of(&own), height))
        })
        .collect()
}

/// Words sorted by their middles as lines: a word whose middle is within
/// half its height of the line's first word's is on that line.
fn lines_of(words: &[&Word]) -> Vec<ColumnLine> {
    let mut lines: Vec<(ColumnLine, f32)> = Vec::new();
    for w in words {
        let (y0, y1, mid) = (w.bbox.y0, w.bbox.y1, w.bbox.y_mid());
        match lines.last_mut() {
            Some((line, first)) if (mid - *first).abs() <= w.bbox.height().abs() / 2.0 => {
                line.y0 = line.y0.min(y0);
                line.y1 = line.y1.max(y1);
            }
            _ => lines.push((ColumnLine { y0, y1, mid }, mid)),
        }
    }
    lines.into_iter().map(|(line, _)| line).collect()
}

/// The page's leading as a share of a column's text height: the closest
/// pitch of two lines of one column; none where no column has two lines.
fn leading_ratio(columns: &[(Vec<ColumnLine>, f32)]) -> Option<f32> {
    columns
        .iter()
        .filter(|(_, height)| *height > 0.0)
        .flat_map(|(lines, height)| {
            lines
                .windows(2)
                .map(move |p| (p[1].mid - p[0].mid) / height)
        })
        .filter(|r| r.is_finite() && *r > 0.0)
        .reduce(f32::min)
}

/// One column's texts: its lines joined while each stands at most the
/// `leading` (and a little) under the one above and leaves no blank over
/// `least`. Without a leading, each line is a text of its boxes.
fn texts_of_column(
    lines: &[ColumnLine],
    leading: Option<f32>,
    height: f32,
    least: f32,
) -> Vec<RowText> {
    let Some(leading) = leading else {
        return lines.iter().map(|l| RowText::boxed(l.y0, l.y1)).collect();
    };
    let slack = PITCH_SLACK * height;
    let mut texts: Vec<RowText> = Vec::new();
    let mut last_mid = f32::NEG_INFINITY;
    for line in lines {
        let reach = (line.mid - leading / 2.0, line.mid + leading / 2.0);
        match texts.last_mut() {
            Some(t) if line.mid - last_mid <= leading + slack && line.y0 - t.y1 <= least => {
                t.y1 = t.y1.max(line.y1);
                t.bottom = reach.1;
            }
            _ => texts.push(RowText {
                y0: line.y0,
                y1: line.y1,
                top: reach.0,
                bottom: reach.1,
                slack,
            }),
        }
        last_mid = line.mid;
    }
    texts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::BBox;

    /// A text layer's word in column `c` (100 wide), its box `h` high from
    /// `y`.
    fn typeset(c: usize, y: f32, h: f32) -> (Word, usize) {
        let x0 = 100.0 * c as f32;
        let word = Word {
            text: "testo".into(),
            bbox: BBox {
                x0,
                y0: y,
                x1: x0 + 40.0,
                y1: y + h,
            },
            confidence: None,
            font_size: Some(9.0),
        };
        (word, c)
    }

    fn texts(words: &[(Word, usize)]) -> Vec<RowText> {
        let refs: Vec<(&Word, usize)> = words.iter().map(|(w, c)| (w, *c)).collect();
        row_texts(&refs, 5.2, false)
    }

    /// Lines of a cell 10.35 apart, boxes 10.48 high (they overlap), rows
    /// 3 pt further apart by their padding: each cell is one text, the
    /// second row's apart from the first's.
    #[test]
    fn a_columns_lines_at_the_leading_are_one_text_and_a_padding_parts_them() {
        let mut words = Vec::new();
        for k in 0..5 {
            words.push(typeset(0, 84.26 + 10.35 * k as f32, 10.48));
        }
        for k in 0..2 {
            words.push(typeset(0, 139.01 + 10.35 * k as f32, 10.48));
        }
        let got = texts(&words);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[1].top - got[0].bottom > got[0].slack, "{got:?}");
    }

    /// A column set in a smaller type has its lines closer: the page's
    /// leading applies to each column by its own height, so the larger
    /// column's cell of three lines stays one text.
    #[test]
    fn the_leading_follows_each_columns_type_size() {
        let mut words = Vec::new();
        for k in 0..3 {
            words.push(typeset(0, 100.0 + 8.0 * k as f32, 7.8));
            words.push(typeset(1, 100.0 + 11.0 * k as f32, 10.7));
        }
        let got = texts(&words);
        assert_eq!(got.len(), 2, "{got:?}");
    }

    /// Where no column has two lines there is no leading: each line is a
    /// text of its boxes, parted by the blank between boxes alone.
    #[test]
    fn without_a_leading_each_line_is_a_text_of_its_boxes() {
        let words = vec![typeset(0, 100.0, 10.0), typeset(1, 113.0, 10.0)];
        let got = texts(&words);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            got.iter().all(|t| t.slack.is_infinite() && t.top == t.y0),
            "{got:?}"
        );
    }
}
