//! Cell borders OCR read as glyphs. A table printed with separate cell
//! borders (each cell its own box, a blank between neighbours) shows two
//! thin lines at each column's edge; OCR reads the pair as "Il", "|[",
//! ")[", "J{" and the like, as a word of its own or glued to the cell's
//! first word ("{Indicatore", "|[2021"). Those glyphs open lines before
//! their labels ("{ Unità di misura", "I Centro di responsabilità"), and
//! a label that does not open its line is not read as one.
//!
//! The image tells them apart: a rule runs through them. A rule that
//! survives [`super::image_rules::clear_of_words`] runs on past the word
//! it crosses, so it is no stroke of the word's own glyphs, and text is
//! set inside its cell, clear of the cell's borders. A word a vertical
//! rule crosses is the rule's reading where it is glyphs a thin line
//! looks like alone (or one character); glued to a word, those glyphs are
//! cut off the end the rule crosses. Dashes a horizontal rule runs
//! through are that rule's reading.

use super::{Axis, BBox, Rule, Word};

/// Glyphs OCR makes of one thin vertical line or two.
fn reads_as_upright(c: char) -> bool {
    matches!(
        c,
        '|' | '['
            | ']'
            | '('
            | ')'
            | '{'
            | '}'
            | '!'
            | '/'
            | '\\'
            | '_'
            | '—'
            | '–'
            | '-'
            | '='
            | '\''
            | '‘'
            | '’'
            | '"'
            | '°'
            | '.'
            | ','
            | ':'
            | ';'
            | 'I'
            | 'J'
            | 'L'
            | 'l'
            | 'i'
            | 'ì'
            | 'í'
            | 'Î'
            | 'j'
            | '1'
    )
}

/// Glyphs that are a line's reading wherever they stand in a word: no
/// letter or digit looks like them.
fn is_bracket(c: char) -> bool {
    matches!(c, '|' | '[' | ']' | '{' | '}' | '(' | ')' | '_' | '—' | '=')
}

/// Glyphs OCR makes of a horizontal line.
fn reads_as_level(c: char) -> bool {
    matches!(c, '_' | '—' | '–' | '-' | '=' | '~' | '.')
}

/// The words of an OCR'd page with the cell borders read as glyphs taken
/// out: dropped where the word is nothing else, cut off where they are
/// glued to its end.
pub(crate) fn without_border_glyphs(words: Vec<Word>, rules: &[Rule]) -> Vec<Word> {
    words
        .into_iter()
        .filter_map(|w| clear_of_borders(w, rules))
        .collect()
}

/// The word with the borders the rules show in it taken out; `None` when
/// it is a border's reading alone.
fn clear_of_borders(mut w: Word, rules: &[Rule]) -> Option<Word> {
    if crossed_along(&w.bbox, rules) && w.text.chars().all(reads_as_level) {
        return None;
    }
    let crossings: Vec<f32> = rules
        .iter()
        .filter(|r| r.axis == Axis::Vertical && crosses_upright(&w.bbox, r))
        .map(|r| r.at)
        .collect();
    if crossings.is_empty() {
        return Some(w);
    }
    let chars: Vec<char> = w.text.chars().collect();
    if chars.len() == 1 || chars.iter().all(|&c| reads_as_upright(c)) {
        return None;
    }
    let glyph = w.bbox.width() / chars.len() as f32;
    let lead = chars.iter().take_while(|&&c| is_bracket(c)).count();
    let trail = chars[lead..]
        .iter()
        .rev()
        .take_while(|&&c| is_bracket(c))
        .count();
    let near_start = |k: usize| {
        crossings
            .iter()
            .any(|&at| at <= w.bbox.x0 + (k as f32 + 0.5) * glyph)
    };
    let near_end = |k: usize| {
        crossings
            .iter()
            .any(|&at| at >= w.bbox.x1 - (k as f32 + 0.5) * glyph)
    };
    let cut_lead = if lead > 0 && near_start(lead) {
        lead
    } else {
        0
    };
    let cut_trail = if trail > 0 && near_end(trail) {
        trail
    } else {
        0
    };
    if cut_lead + cut_trail == 0 {
        return Some(w);
    }
    w.text = chars[cut_lead..chars.len() - cut_trail].iter().collect();
    w.bbox.x0 += cut_lead as f32 * glyph;
    w.bbox.x1 -= cut_trail as f32 * glyph;
    Some(w)
}

/// Whether the vertical rule runs through the box: strictly inside it
/// across, along half its height or more.
fn crosses_upright(b: &BBox, r: &Rule) -> bool {
    let along = r.to.min(b.y1) - r.from.max(b.y0);
    b.x0 < r.at && r.at < b.x1 && along >= 0.5 * b.height()
}

/// Whether a horizontal rule runs through the box along half its width
/// or more.
fn crossed_along(b: &BBox, rules: &[Rule]) -> bool {
    rules.iter().any(|r| {
        let along = r.to.min(b.x1) - r.from.max(b.x0);
        r.axis == Axis::Horizontal && b.y0 < r.at && r.at < b.y1 && along >= 0.5 * b.width()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x0: f32, x1: f32) -> Word {
        Word {
            text: text.into(),
            bbox: BBox {
                x0,
                y0: 100.0,
                x1,
                y1: 108.0,
            },
            confidence: Some(60.0),
            font_size: None,
        }
    }

    fn upright(at: f32) -> Rule {
        Rule {
            axis: Axis::Vertical,
            at,
            from: 96.0,
            to: 112.0,
        }
    }

    fn level(at: f32) -> Rule {
        Rule {
            axis: Axis::Horizontal,
            at,
            from: 20.0,
            to: 300.0,
        }
    }

    struct Case {
        what: &'static str,
        word: Word,
        rules: Vec<Rule>,
        /// The word's text kept, `None`: dropped.
        kept: Option<&'static str>,
    }

    #[test]
    fn borders_read_as_glyphs_are_taken_out() {
        let cases = [
            Case {
                what: "a separate border's two lines read 'Il'",
                word: word("Il", 50.0, 53.0),
                rules: vec![upright(50.8), upright(52.2)],
                kept: None,
            },
            Case {
                what: "a border read as a bracket pair",
                word: word(")[", 50.0, 53.0),
                rules: vec![upright(51.5)],
                kept: None,
            },
            Case {
                what: "a border read as one letter",
                word: word("z", 50.0, 52.5),
                rules: vec![upright(51.0)],
                kept: None,
            },
            Case {
                what: "brackets glued to the cell's first word",
                word: word("{Indicatore", 50.0, 94.0),
                rules: vec![upright(51.0)],
                kept: Some("Indicatore"),
            },
            Case {
                what: "brackets glued to an amount's end",
                word: word("927.142,35]", 50.0, 94.0),
                rules: vec![upright(93.0)],
                kept: Some("927.142,35"),
            },
            Case {
                what: "a ruling line under a header read as dashes",
                word: word("——_—", 50.0, 70.0),
                rules: vec![level(104.0)],
                kept: None,
            },
            Case {
                what: "'Il' opening a cell, its border left of it",
                word: word("Il", 50.0, 53.0),
                rules: vec![upright(48.5)],
                kept: Some("Il"),
            },
            Case {
                what: "a word overflowing its cell over the border",
                word: word("realizzazione:", 50.0, 100.0),
                rules: vec![upright(90.0)],
                kept: Some("realizzazione:"),
            },
            Case {
                what: "a bracket of the text, the border away from it",
                word: word("(Obiettivo", 50.0, 90.0),
                rules: vec![upright(80.0)],
                kept: Some("(Obiettivo"),
            },
            Case {
                what: "a rule over a short stretch of the word's height",
                word: word("|", 50.0, 52.0),
                rules: vec![Rule {
                    from: 106.0,
                    ..upright(51.0)
                }],
                kept: Some("|"),
            },
            Case {
                what: "a dash no rule runs through",
                word: word("—", 50.0, 55.0),
                rules: vec![level(120.0)],
                kept: Some("—"),
            },
        ];
        for case in cases {
            let kept = without_border_glyphs(vec![case.word], &case.rules);
            let text = kept.first().map(|w| w.text.as_str());
            assert_eq!(text, case.kept, "{}", case.what);
        }
    }
}
