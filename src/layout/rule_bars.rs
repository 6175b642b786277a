//! A table's vertical rule that OCR read into a word as a bar: "|alla"
//! for "alla" printed just right of a cell's border, "termini|Anno" for
//! two cells' words read as one across the border between them.
//!
//! Tesseract boxes the word from its first letter (the rule's pixels are
//! outside the box) but keeps the bar in its text. A bar is taken for the
//! rule only where the page's rules put one: inside the word's box, or
//! just left of it; a leading bar also only when the word without it is an
//! Italian word and with an l for it is not ("|a" stays for the next stage
//! to read as "la").

use crate::read::{Axis, BBox, Rule, Word};
use crate::vocab::{fold, is_italian};

/// How far left of a word's box (points) a rule may stand for a leading
/// bar to be it: a cell's padding.
const PADDING: f32 = 5.0;

/// The characters OCR makes of a vertical rule inside a word.
fn is_bar(c: char) -> bool {
    matches!(c, '|' | '[' | ']')
}

/// The words with the bars that are the page's vertical `rules` taken
/// out: a word the rule runs through is cut in two there.
pub(super) fn without_rule_bars(words: Vec<Word>, rules: &[Rule]) -> Vec<Word> {
    let verticals: Vec<&Rule> = rules.iter().filter(|r| r.axis == Axis::Vertical).collect();
    if verticals.is_empty() {
        return words;
    }
    words
        .into_iter()
        .flat_map(|w| {
            if !w.text.contains(is_bar) {
                return vec![w];
            }
            let crossing: Vec<f32> = verticals
                .iter()
                .filter(|r| r.from - 2.0 <= w.bbox.y_mid() && r.to + 2.0 >= w.bbox.y_mid())
                .map(|r| r.at)
                .collect();
            cut(w, &crossing)
        })
        .collect()
}

/// One word, its bars at the rules at `xs` taken out.
fn cut(word: Word, xs: &[f32]) -> Vec<Word> {
    let b = word.bbox;
    let chars: Vec<char> = word.text.chars().collect();
    // A leading bar, with a rule just left of the box or under the bar.
    let leading = chars.first().copied().is_some_and(is_bar)
        && xs
            .iter()
            .any(|&x| x >= b.x0 - PADDING && x <= b.x0 + b.width() / chars.len() as f32)
        && rest_is_a_word(&chars[1..]);
    if leading {
        let rest = Word {
            text: chars[1..].iter().collect(),
            ..word
        };
        return cut(rest, xs);
    }
    // A bar inside, where a rule runs through the box: two words.
    let inside = xs
        .iter()
        .copied()
        .filter(|&x| x > b.x0 && x < b.x1)
        .find_map(|x| Some((x, inner_bar(&chars)?)));
    let Some((x, at)) = inside else {
        return vec![word];
    };
    let piece = |text: String, x0: f32, x1: f32| Word {
        text,
        bbox: BBox { x0, x1, ..b },
        ..word.clone()
    };
    let left = piece(chars[..at].iter().collect(), b.x0, x - 1.0);
    let right = piece(chars[at + 1..].iter().collect(), x + 1.0, b.x1);
    let mut out = vec![left];
    out.extend(cut(right, xs));
    out
}

/// The index of a bar with letters or digits on both sides.
fn inner_bar(chars: &[char]) -> Option<usize> {
    (1..chars.len().saturating_sub(1)).find(|&i| {
        is_bar(chars[i]) && chars[i - 1].is_alphanumeric() && chars[i + 1].is_alphanumeric()
    })
}

/// Whether the letters after a leading bar are an Italian word that an l
/// in the bar's place would not make ("alla", not "lalla"; "a" and "la"
/// are both words). Digits and capitals after the bar never follow an l.
fn rest_is_a_word(rest: &[char]) -> bool {
    let text: String = rest.iter().collect();
    let core = text.trim_end_matches(|c: char| !c.is_alphanumeric());
    let Some(first) = core.chars().next() else {
        return false;
    };
    if first.is_ascii_digit() || first.is_uppercase() {
        return true;
    }
    let folded = fold(core);
    is_italian(&folded) && !is_italian(&format!("l{folded}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x0: f32, x1: f32) -> Word {
        Word {
            text: text.to_string(),
            bbox: BBox {
                x0,
                y0: 100.0,
                x1,
                y1: 107.0,
            },
            confidence: Some(90.0),
            font_size: None,
        }
    }

    fn rule(at: f32) -> Rule {
        Rule {
            axis: Axis::Vertical,
            at,
            from: 50.0,
            to: 200.0,
        }
    }

    struct Case {
        word: Word,
        rule_at: f32,
        want: &'static [&'static str],
    }

    #[test]
    fn bars_where_a_rule_runs_are_the_rule() {
        let cases = [
            // A rule 3 pt left of the box: the bar is the rule.
            Case {
                word: word("|alla", 226.1, 238.3),
                rule_at: 223.2,
                want: &["alla"],
            },
            Case {
                word: word("|Tasso", 351.4, 374.2),
                rule_at: 349.0,
                want: &["Tasso"],
            },
            // "la" and "a" are both words: left for the text stage.
            Case {
                word: word("|a", 226.1, 230.0),
                rule_at: 223.2,
                want: &["|a"],
            },
            // No rule near: a bar read for an l, left alone.
            Case {
                word: word("|alla", 226.1, 238.3),
                rule_at: 150.0,
                want: &["|alla"],
            },
            // A rule through the box: two cells' words.
            Case {
                word: word("termini|Anno", 400.0, 450.0),
                rule_at: 425.0,
                want: &["termini", "Anno"],
            },
            Case {
                word: word("termini|Anno", 400.0, 450.0),
                rule_at: 300.0,
                want: &["termini|Anno"],
            },
        ];
        for case in cases {
            let got = without_rule_bars(vec![case.word.clone()], &[rule(case.rule_at)]);
            let texts: Vec<&str> = got.iter().map(|w| w.text.as_str()).collect();
            assert_eq!(texts, case.want, "{:?}", case.word.text);
        }
        let split = without_rule_bars(vec![word("termini|Anno", 400.0, 450.0)], &[rule(425.0)]);
        assert!(
            split[0].bbox.x1 < 425.0 && split[1].bbox.x0 > 425.0,
            "{split:?}"
        );
    }
}
