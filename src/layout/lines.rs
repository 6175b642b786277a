//! Words to lines: words whose vertical centres are close form a line,
//! read left to right.

use std::sync::LazyLock;

use regex::Regex;

use crate::read::{median, Axis, BBox, Document, Rule, Word};

/// One line of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub page: u32,
    pub words: Vec<Word>,
    /// The words joined by single spaces.
    pub text: String,
    /// The slope sheared out of the page's words (0 for most pages): a
    /// point (x, y) of this line lies at (x, y + skew·x) on the page.
    pub skew: f32,
    /// A ruled table's row read as one line: its cell borders from the
    /// left (see [`super::grid`]). Empty for any other line.
    pub borders: Vec<f32>,
}

impl Line {
    /// A line of `words`, in the order given, its text their texts joined
    /// by single spaces.
    pub fn new(page: u32, words: Vec<Word>, skew: f32) -> Line {
        let text = words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        Line {
            page,
            words,
            text,
            skew,
            borders: Vec::new(),
        }
    }

    /// A ruled row's words, cell after cell, and its cell borders.
    pub fn ruled(page: u32, words: Vec<Word>, skew: f32, borders: Vec<f32>) -> Line {
        Line {
            borders,
            ..Line::new(page, words, skew)
        }
    }

    /// The texts of the words from `from` on, one per printed line: a
    /// ruled row's cell that wraps gives its lines apart (a word whose
    /// centre lies below the word before it opens a line).
    pub fn wrapped_texts(&self, from: usize) -> Vec<String> {
        let mut out: Vec<Vec<&str>> = Vec::new();
        let words = self.words.get(from..).unwrap_or_default();
        for (i, w) in words.iter().enumerate() {
            let wraps = i > 0 && w.bbox.y_mid() > words[i - 1].bbox.y1;
            match out.last_mut() {
                Some(line) if !wraps => line.push(&w.text),
                _ => out.push(vec![&w.text]),
            }
        }
        out.into_iter().map(|l| l.join(" ")).collect()
    }

    pub fn is_blank(&self) -> bool {
        self.words.is_empty()
    }

    /// The box around the words `range` (None when it holds none).
    pub fn span(&self, range: std::ops::Range<usize>) -> Option<BBox> {
        BBox::around(self.words.get(range)?.iter().map(|w| w.bbox))
    }

    /// The words, without leading table-rule noise ("|", "=", "==") or
    /// a cell's left border read as a bracket of its own ("( Missione:",
    /// [`is_border_bracket`]).
    pub fn content_words(&self) -> Vec<&str> {
        let mut words: Vec<&str> = self.words.iter().map(|w| w.text.as_str()).collect();
        while words
            .first()
            .is_some_and(|w| is_rule_noise(w) || is_border_bracket(w))
        {
            words.remove(0);
        }
        words
    }
}

/// Characters that OCR makes of table borders.
pub fn is_rule_noise(word: &str) -> bool {
    !word.is_empty()
        && word
            .chars()
            .all(|c| matches!(c, '|' | '=' | '[' | ']' | '_' | '‘' | '\''))
}

/// A bracket standing alone as a word: what OCR makes of a box's edge
/// close to the text ("( Missione: 032 - ..."); text sets a bracket
/// against its word ("(KPI)", "(005 - ...").
pub fn is_border_bracket(word: &str) -> bool {
    matches!(word, "(" | ")")
}

static CODE_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9OQ]{3}\b").expect("valid regex"));

/// Whether text opens with a three-digit code ("011 - ...", "(005 - ...").
pub fn starts_with_code(text: &str) -> bool {
    after_lead(text.trim_start(), 2).is_some_and(|rest| CODE_START.is_match(rest))
}

/// `text` after the marks that lead it (brackets, dashes: characters
/// that are no letter, digit or underscore), when there are at most
/// `most` of them. Done by hand: a pattern's "no word character" takes
/// about a millisecond to compile, longer than reading a page.
pub fn after_lead(text: &str, most: usize) -> Option<&str> {
    let lead = text
        .char_indices()
        .find(|&(_, c)| regex_syntax::is_word_character(c))
        .map_or(text.len(), |(i, _)| i);
    (text[..lead].chars().count() <= most).then(|| &text[lead..])
}

/// Groups each page's words into lines, in reading order.
pub fn group_lines(doc: &Document) -> Vec<Line> {
    let mut lines = Vec::new();
    for page in &doc.pages {
        let kept: Vec<Word> = page
            .words
            .iter()
            .filter(|w| !is_rule_glyph(w))
            .cloned()
            .collect();
        let (words, skew) = deskew(&kept);
        let rules = deskewed_rules(&page.rules, skew);
        let words = super::rule_bars::without_rule_bars(words, &rules);
        let tables = super::grid::without_frames(super::grid::tables(&rules), &words);
        let (mut page_lines, rest) = super::grid::ruled_lines(&tables, words, page.number, skew);
        page_lines.extend(by_height(rest, page.number, skew));
        page_lines.sort_by(|a, b| top(a).total_cmp(&top(b)));
        lines.extend(join_beside_boxes(page_lines));
    }
    lines
}

/// At most this many words make a short value that stands beside a
/// ruled cell (a count, a code, "ANNO 2023").
const SHORT_VALUE: usize = 3;

/// Short lines joined to the ruled cell they stand level with, outside
/// it: a scheda's label ruled in a box of its own ("N. indicatori") with
/// its value beside the box ("2", boxed in a square OCR read as "2 |").
/// Apart, the value's line may sort above its label's (a box's edge read
/// as "|" reaches higher than the label's letters) and be read as the
/// field above's last line. Joined, the value follows its label, as on a
/// line of unruled text.
fn join_beside_boxes(lines: Vec<Line>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut short: Vec<Line> = Vec::new();
    for line in lines {
        if line.borders.is_empty() && line.words.len() <= SHORT_VALUE {
            short.push(line);
        } else {
            out.push(line);
        }
    }
    for line in short {
        match out.iter().position(|boxed| beside_box(&line, boxed)) {
            Some(i) => {
                let boxed = &mut out[i];
                let mut words = std::mem::take(&mut boxed.words);
                words.extend(line.words);
                *boxed = Line::ruled(
                    boxed.page,
                    words,
                    boxed.skew,
                    std::mem::take(&mut boxed.borders),
                );
            }
            None => out.push(line),
        }
    }
    out.sort_by(|a, b| top(a).total_cmp(&top(b)));
    out
}

/// Whether `line` stands beside the ruled cell `boxed` (a row of one
/// cell holding one line of words), level with its text: right of the
/// cell, nearer than the cell is wide, its letters' middle within the
/// cell's line of words.
fn beside_box(line: &Line, boxed: &Line) -> bool {
    let [left, right] = boxed.borders[..] else {
        return false;
    };
    let (y0, y1) = extent(&boxed.words);
    let one_line = y1 - y0 <= 1.5 * median_height(&boxed.words);
    let content: Vec<&Word> = line
        .words
        .iter()
        .filter(|w| !is_rule_noise(&w.text))
        .collect();
    let Some(middle) = median(content.iter().map(|w| w.bbox.y_mid())) else {
        return false;
    };
    // Beside the cell: right of it, nearer than the cell is wide (a
    // box's edge read as "|" may stand on the cell's own border).
    let near = right + (right - left);
    let outside = content
        .iter()
        .all(|w| w.bbox.x0 >= right && w.bbox.x0 < near)
        && line.words.iter().all(|w| w.bbox.x1 > right);
    one_line && outside && middle > y0 && middle < y1
}

/// The top of a line's highest word and the bottom of its lowest.
fn extent(words: &[Word]) -> (f32, f32) {
    words
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), w| {
            (a.min(w.bbox.y0), b.max(w.bbox.y1))
        })
}

fn median_height(words: &[Word]) -> f32 {
    median(words.iter().map(|w| (w.bbox.y1 - w.bbox.y0).abs())).unwrap_or(0.0)
}

/// Where a line's highest word starts.
fn top(line: &Line) -> f32 {
    line.words
        .iter()
        .map(|w| w.bbox.y0)
        .fold(f32::INFINITY, f32::min)
}

/// Words whose vertical centres are close, as lines read left to right.
fn by_height(mut words: Vec<Word>, page: u32, skew: f32) -> Vec<Line> {
    words.sort_by(|a, b| {
        a.bbox
            .y_mid()
            .total_cmp(&b.bbox.y_mid())
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    let mut lines = Vec::new();
    let mut current: Vec<Word> = Vec::new();
    let mut last_y = f32::NEG_INFINITY;
    for word in words {
        let tolerance = (word.bbox.y1 - word.bbox.y0).abs() / 2.0;
        if !current.is_empty() && (word.bbox.y_mid() - last_y).abs() > tolerance {
            lines.push(finish(page, std::mem::take(&mut current), skew));
        }
        last_y = word.bbox.y_mid();
        current.push(word);
    }
    if !current.is_empty() {
        lines.push(finish(page, current, skew));
    }
    lines
}

/// A page's rules in the frame its words were deskewed into: each rule
/// sheared like the words at its middle.
pub fn deskewed_rules(rules: &[Rule], skew: f32) -> Vec<Rule> {
    if skew == 0.0 {
        return rules.to_vec();
    }
    rules
        .iter()
        .map(|r| match r.axis {
            Axis::Horizontal => Rule {
                at: r.at - skew * (r.from + r.to) / 2.0,
                ..*r
            },
            Axis::Vertical => Rule {
                from: r.from - skew * r.at,
                to: r.to - skew * r.at,
                ..*r
            },
        })
        .collect()
}

/// One-character words a thin box does not make suspect: narrow glyphs,
/// and Italian one-letter words, whose boxes in a scan's text layer can be
/// squeezed to a tenth of their width.
const KEEP_THIN: &str = "iIlj1.,;:'-!|/eaoEAOèéà";

/// A one-character word far too thin for its character: a table's
/// vertical ruling line that OCR read as "È", "4" or "5" (0.5 points wide
/// in an 8-point line). Width is judged against the font size, or the
/// word's height where the reader gives no size.
pub fn is_rule_glyph(word: &Word) -> bool {
    let mut chars = word.text.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return false;
    };
    let em = word
        .font_size
        .unwrap_or((word.bbox.y1 - word.bbox.y0).abs());
    !KEEP_THIN.contains(c) && (word.bbox.x1 - word.bbox.x0).abs() < 0.12 * em
}

/// The words with a scan's skew taken out: the median slope between
/// neighbouring words of a line (the reader gives words in reading order)
/// is sheared away, so that lines of a page scanned a little askew do not
/// mix across a wide table. A page without skew is returned as it is.
/// The slope comes back too (0 when nothing was sheared).
fn deskew(words: &[Word]) -> (Vec<Word>, f32) {
    let slopes: Vec<f32> = words
        .windows(2)
        .filter_map(|p| {
            let (a, b) = (&p[0], &p[1]);
            let height = (a.bbox.y1 - a.bbox.y0).abs().max(1e-3);
            let dx = (b.bbox.x0 + b.bbox.x1) / 2.0 - (a.bbox.x0 + a.bbox.x1) / 2.0;
            let dy = b.bbox.y_mid() - a.bbox.y_mid();
            let neighbours = b.bbox.x0 > a.bbox.x1 && b.bbox.x0 - a.bbox.x1 < 3.0 * height;
            (neighbours && dy.abs() < 0.5 * height && dx > 0.0).then(|| dy / dx)
        })
        .collect();
    let slope = match median(slopes.iter().copied()) {
        Some(slope) if slopes.len() >= 10 => slope,
        _ => return (words.to_vec(), 0.0),
    };
    if slope.abs() < 5e-4 || slope.abs() > 0.05 {
        return (words.to_vec(), 0.0);
    }
    let straight = words
        .iter()
        .map(|w| {
            let mut w = w.clone();
            let shift = slope * (w.bbox.x0 + w.bbox.x1) / 2.0;
            w.bbox.y0 -= shift;
            w.bbox.y1 -= shift;
            w
        })
        .collect();
    (straight, slope)
}

fn finish(page: u32, mut words: Vec<Word>, skew: f32) -> Line {
    words.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    Line::new(page, words, skew)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The code finder says what the one pattern it replaced said.
        #[test]
        fn a_code_start_is_what_the_whole_pattern_found(
            text in "[ (\\[_*•é-]{0,4}[0-9OQa]{2,4}[ é_a(-]{0,2}",
        ) {
            let pattern = Regex::new(r"^\W{0,2}[0-9OQ]{3}\b").unwrap();
            proptest::prop_assert_eq!(starts_with_code(&text), pattern.is_match(text.trim_start()));
        }
    }

    fn word(text: &str, x0: f32, width: f32) -> Word {
        Word {
            text: text.to_string(),
            bbox: BBox {
                x0,
                y0: 100.0,
                x1: x0 + width,
                y1: 108.0,
            },
            confidence: None,
            font_size: Some(8.0),
        }
    }

    #[test]
    fn thin_one_character_words_are_ruling_lines() {
        struct Case {
            text: &'static str,
            width: f32,
            rule: bool,
        }
        let cases = [
            Case {
                text: "È",
                width: 0.5,
                rule: true,
            },
            Case {
                text: "4",
                width: 0.4,
                rule: true,
            },
            Case {
                text: "È",
                width: 5.0,
                rule: false,
            },
            Case {
                text: "4",
                width: 4.4,
                rule: false,
            },
            // Italian one-letter words and narrow glyphs are kept however thin.
            Case {
                text: "e",
                width: 0.4,
                rule: false,
            },
            Case {
                text: "1",
                width: 0.4,
                rule: false,
            },
            Case {
                text: "li",
                width: 0.4,
                rule: false,
            },
        ];
        for case in cases {
            let w = word(case.text, 10.0, case.width);
            assert_eq!(
                is_rule_glyph(&w),
                case.rule,
                "{:?} {}",
                case.text,
                case.width
            );
        }
    }

    #[test]
    fn ruling_glyphs_are_left_out_of_lines() {
        let page = crate::read::PageWords {
            number: 1,
            width: 800.0,
            height: 600.0,
            words: vec![
                word("conteggio", 10.0, 40.0),
                word("È", 60.0, 0.5),
                word("dispositivi", 70.0, 40.0),
            ],
            scanned: true,
            rules: Vec::new(),
        };
        let doc = Document::new(crate::model::InputFormat::PdfText, vec![page], Vec::new());
        let lines = group_lines(&doc);
        assert_eq!(lines[0].text, "conteggio dispositivi");
    }

    /// A word at `(x0, y0)` to `(x0 + width, y1)`.
    fn boxed_word(text: &str, x0: f32, width: f32, y0: f32, y1: f32) -> Word {
        Word {
            text: text.to_string(),
            bbox: BBox {
                x0,
                y0,
                x1: x0 + width,
                y1,
            },
            confidence: None,
            font_size: None,
        }
    }

    #[test]
    fn a_short_value_beside_a_ruled_label_joins_its_line() {
        struct Case {
            what: &'static str,
            value: Vec<Word>,
            joined: bool,
        }
        // "N. indicatori" ruled in a box from x 44 to 216, its letters
        // from y 190.8 to 199.
        let label = || {
            let words = vec![
                boxed_word("N.", 48.0, 8.0, 190.8, 199.0),
                boxed_word("indicatori", 60.0, 40.0, 190.8, 199.0),
            ];
            Line::ruled(3, words, 0.0, vec![44.0, 216.0])
        };
        let cases = [
            Case {
                what: "a boxed count whose box edge OCR read as a tall '|'",
                value: vec![
                    boxed_word("|", 216.2, 2.0, 187.0, 203.0),
                    boxed_word("2", 234.0, 6.0, 191.0, 198.7),
                    boxed_word("|", 256.0, 2.0, 187.0, 203.0),
                ],
                joined: true,
            },
            Case {
                what: "a value on the next line",
                value: vec![boxed_word("2", 234.0, 6.0, 202.0, 210.0)],
                joined: false,
            },
            Case {
                what: "a word far across the page",
                value: vec![boxed_word("2", 500.0, 6.0, 191.0, 198.7)],
                joined: false,
            },
            Case {
                what: "a longer line of text",
                value: ["uno", "due", "tre", "quattro"]
                    .iter()
                    .enumerate()
                    .map(|(i, t)| boxed_word(t, 230.0 + 30.0 * i as f32, 20.0, 191.0, 198.7))
                    .collect(),
                joined: false,
            },
        ];
        for case in cases {
            let value = Line::new(3, case.value, 0.0);
            let value_text = value.text.clone();
            let lines = join_beside_boxes(vec![value, label()]);
            let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
            let expected = if case.joined {
                vec![format!("N. indicatori {value_text}")]
            } else {
                vec!["N. indicatori".to_string(), value_text]
            };
            let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
            assert_eq!(lines.len(), expected.len(), "{}", case.what);
            assert!(
                texts.iter().all(|t| expected.contains(t)),
                "{}: {texts:?}",
                case.what
            );
        }
    }
}
