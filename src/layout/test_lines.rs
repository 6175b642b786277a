//! Lines for layout tests, made from words or `(x, text)` cells the way
//! a PDF's text layer gives them.

use crate::read::{BBox, Word};

use crate::vocab::Vocabulary;

use super::{Labelled, Line};

/// A line of `(x, text)` cells at `y` (words 5 pt a character, 10 pt
/// high, a 3 pt space).
pub(crate) fn line(y: f32, cells: &[(f32, &str)]) -> Line {
    let mut words = Vec::new();
    for &(mut x, text) in cells {
        for t in text.split_whitespace() {
            let w = 5.0 * t.chars().count() as f32;
            words.push(Word {
                text: t.to_string(),
                bbox: BBox {
                    x0: x,
                    y0: y,
                    x1: x + w,
                    y1: y + 10.0,
                },
                confidence: None,
                font_size: Some(10.0),
            });
            x += w + 3.0;
        }
    }
    Line::new(1, words, 0.0)
}

/// A word at `(x0, y0)`, 5 pt a character, 8 pt high.
pub(crate) fn word(text: &str, x0: f32, y0: f32) -> Word {
    Word {
        text: text.to_string(),
        bbox: BBox {
            x0,
            y0,
            x1: x0 + 5.0 * text.chars().count() as f32,
            y1: y0 + 8.0,
        },
        confidence: None,
        font_size: Some(8.0),
    }
}

/// A line of `(word, x)` words at `y` (5 pt a character, 8 pt high).
pub(crate) fn words_line(y: f32, words: &[(&str, f32)]) -> Line {
    let words = words.iter().map(|&(text, x0)| word(text, x0, y)).collect();
    Line::new(1, words, 0.0)
}

/// Each line with the label that opens it, as the scheda reader sees them.
pub(super) fn labelled<'a>(lines: &'a [Line], vocab: &Vocabulary) -> Vec<Labelled<'a>> {
    lines
        .iter()
        .map(|line| Labelled {
            line,
            label: vocab.label_at_start(&line.content_words()),
        })
        .collect()
}

/// The lines of a plain text, grouped as the layout stage groups a
/// document's words.
pub(crate) fn from_text(text: &str) -> Vec<Line> {
    let doc = crate::read::text::read(text.as_bytes()).expect("text");
    super::group_lines(&doc)
}
