//! Words a narrow cell cut where it wraps, outside ruled tables: a header
//! cell too narrow for "CONSUNTIVO" sets "CONSUNTIV" on one line and "O"
//! under it, and the page's lines then hold half a word each. The piece
//! below joins the piece above when it lies under it, right below, and
//! the two make one Italian word that the piece above alone is not (see
//! [`super::grid::rejoined`]). Ruled rows are mended cell by cell in
//! [`super::grid`].

use super::Line;
use crate::read::Word;
use crate::vocab::fold;

/// How far (in the lower word's heights) below the upper word the lower
/// one may start: the leading of one text line to the next.
const MAX_LEADING: f32 = 0.8;

/// Joins, on each page, the pieces of words cut where their cell wraps:
/// the piece below goes onto the piece above; a line left without words
/// goes. `known` says whether a folded word is a word.
pub(super) fn mend(lines: &mut Vec<Line>, known: impl Fn(&str) -> bool) {
    let mut i = 1;
    while i < lines.len() {
        let (above, below) = lines.split_at_mut(i);
        let (upper, lower) = (&mut above[i - 1], &mut below[0]);
        let plain = upper.borders.is_empty() && lower.borders.is_empty();
        if plain && upper.page == lower.page && mend_pair(upper, lower, &known) && lower.is_blank()
        {
            lines.remove(i);
            continue;
        }
        i += 1;
    }
}

/// Joins the words of `lower` that continue a cut word of `upper`;
/// whether any was joined.
fn mend_pair(upper: &mut Line, lower: &mut Line, known: impl Fn(&str) -> bool) -> bool {
    let mut mended = false;
    let mut j = 0;
    while j < lower.words.len() {
        // A word that may go on no cut word needs no word above it.
        let goes_on = super::grid::may_go_on(&lower.words[j].text);
        let above = goes_on
            .then(|| word_above(upper, &lower.words, j))
            .flatten();
        let whole = above.and_then(|k| {
            let head = &upper.words[k];
            let whole = super::grid::rejoined(&head.text, &lower.words[j].text, &known)?;
            Some((k, whole))
        });
        match whole {
            Some((k, whole)) => {
                let rest = lower.words.remove(j);
                join(&mut upper.words[k], whole, &rest);
                mended = true;
            }
            None => j += 1,
        }
    }
    if mended {
        *upper = Line::new(upper.page, std::mem::take(&mut upper.words), upper.skew);
        *lower = Line::new(lower.page, std::mem::take(&mut lower.words), lower.skew);
    }
    mended
}

/// The word of `upper` that `lower[j]` may continue: the one it lies
/// most under, right above it, with no word of its own line before it
/// under that word (it opens its cell's line) and no word right after
/// that word (it closes its cell's line).
fn word_above(upper: &Line, lower: &[Word], j: usize) -> Option<usize> {
    let piece = &lower[j];
    let overlap = |w: &Word| piece.bbox.x1.min(w.bbox.x1) - piece.bbox.x0.max(w.bbox.x0);
    let (k, head) = upper
        .words
        .iter()
        .enumerate()
        .max_by(|a, b| overlap(a.1).total_cmp(&overlap(b.1)))?;
    let narrower = (piece.bbox.x1 - piece.bbox.x0).min(head.bbox.x1 - head.bbox.x0);
    let height = (piece.bbox.y1 - piece.bbox.y0).abs();
    let right_below =
        piece.bbox.y0 - head.bbox.y1 < MAX_LEADING * height && piece.bbox.y_mid() > head.bbox.y1;
    let opens = j == 0 || lower[j - 1].bbox.x1 <= head.bbox.x0;
    // A word cut where its cell wraps fills its cell's line: the next word
    // beside it is in another cell, further than a word space away.
    let ends = upper
        .words
        .get(k + 1)
        .is_none_or(|next| next.bbox.x0 - head.bbox.x1 > height);
    (overlap(head) >= narrower / 2.0 && right_below && opens && ends).then_some(k)
}

/// Whether the word closing a cell's line `above` was cut where the cell
/// wraps, going on at the start of its next line `below`, told by where
/// it ends. A word too long for its cell stands alone on its line and
/// fills it to the cell's edge (`right`: where the column's text ends
/// furthest on the page), within a character; the cell cut it there,
/// whatever it is. A whole word that happens to fill its cell stands the
/// same way, so what the pieces say decides: digits on both sides are one
/// number ("2.127.500,0" / "0"); words go on where the two make a `known`
/// word, or where the piece above is none and the piece below is none
/// either or as short as an ending ("EFFICIENTAMEN" / "TO", "ISTITUZIONA"
/// / "LE"). After a known word ("attivazione" / "e") a new word starts.
pub(super) fn cut_at_edge(
    above: &[&Word],
    below: &[&Word],
    right: f32,
    known: impl Fn(&str) -> bool,
) -> bool {
    let ([head], Some(rest)) = (above, below.first()) else {
        return false;
    };
    let chars = head.text.chars().count().max(1) as f32;
    if head.bbox.x1 < right - (head.bbox.x1 - head.bbox.x0) / chars {
        return false;
    }
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    if digit(head.text.chars().last()) && digit(rest.text.chars().next()) {
        return true;
    }
    let piece = head
        .text
        .rsplit(['/', '\'', '’', '(', '-'])
        .next()
        .unwrap_or("");
    let tail = rest.text.trim_end_matches(|c: char| !c.is_alphanumeric());
    let letters = |s: &str| s.chars().count() >= 1 && s.chars().all(char::is_alphabetic);
    let capitals = |s: &str| s.chars().all(char::is_uppercase);
    let goes_on =
        tail.chars().next().is_some_and(char::is_lowercase) || (capitals(piece) && capitals(tail));
    if piece.chars().count() < 2 || !letters(piece) || !letters(tail) || !goes_on {
        return false;
    }
    let (piece, tail) = (fold(piece), fold(tail));
    known(&format!("{piece}{tail}"))
        || (!known(&piece) && (!known(&tail) || tail.chars().count() <= ENDING))
}

/// The most letters of a word's end that may stand alone as a word of
/// their own ("e", "ne", "le") and still be taken for an ending.
const ENDING: usize = 2;

/// `head` made the whole word `whole`, taking in `rest`'s extent to the
/// right and its doubt.
fn join(head: &mut Word, whole: String, rest: &Word) {
    head.text = whole;
    head.bbox.x1 = head.bbox.x1.max(rest.bbox.x1);
    head.confidence = match (head.confidence, rest.confidence) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::test_lines::word;
    use crate::vocab::{is_italian, Vocabulary};

    fn mend(lines: &mut Vec<Line>) {
        let vocab = Vocabulary::builtin();
        super::mend(lines, |w| is_italian(w) || vocab.is_known(w));
    }

    fn line(words: &[(&str, f32)], y0: f32) -> Line {
        Line::new(1, words.iter().map(|&(t, x)| word(t, x, y0)).collect(), 0.0)
    }

    fn texts(lines: &[Line]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn a_header_word_cut_in_its_cell_is_one_word_again() {
        // Two narrow header cells, centred: "VALORE OSSERVAT / O" beside
        // "ATTESO CONSUNTIV / O", each cut word's last letter below it.
        let mut lines = vec![
            line(
                &[("VALORE", 10.0), ("ATTESO", 60.0), ("VALORE", 110.0)],
                100.0,
            ),
            line(
                &[("OSSERVAT", 5.0), ("2021", 62.0), ("CONSUNTIV", 105.0)],
                110.0,
            ),
            line(&[("O", 20.0), ("O", 125.0)], 120.0),
        ];
        mend(&mut lines);
        assert_eq!(
            texts(&lines),
            ["VALORE ATTESO VALORE", "OSSERVATO 2021 CONSUNTIVO"]
        );
    }

    #[test]
    fn only_a_piece_right_below_and_under_the_cut_word_joins() {
        // Far below: another row.
        let mut far = vec![
            line(&[("CONSUNTIV", 105.0)], 100.0),
            line(&[("O", 125.0)], 130.0),
        ];
        mend(&mut far);
        assert_eq!(texts(&far), ["CONSUNTIV", "O"]);
        // Beside it, not under it.
        let mut beside = vec![
            line(&[("CONSUNTIV", 105.0)], 100.0),
            line(&[("O", 200.0)], 110.0),
        ];
        mend(&mut beside);
        assert_eq!(texts(&beside), ["CONSUNTIV", "O"]);
        // A word followed on its line by the next: it is whole.
        let mut followed = vec![
            line(&[("Mel", 100.0), ("corso", 118.0)], 100.0),
            line(&[("e", 105.0), ("la", 113.0)], 110.0),
        ];
        mend(&mut followed);
        assert_eq!(texts(&followed), ["Mel corso", "e la"]);
        // A whole word above: the one below is the next word, not its end.
        let mut whole = vec![
            line(&[("FONTE", 10.0), ("DEI", 40.0)], 100.0),
            line(&[("DATI", 38.0)], 110.0),
        ];
        mend(&mut whole);
        assert_eq!(texts(&whole), ["FONTE DEI", "DATI"]);
    }

    /// A word alone on its line, reaching the column's right edge (100 +
    /// 5 a character), and what opens the line below.
    fn cut(head: &str, below: &[&str], right: f32) -> bool {
        let vocab = Vocabulary::builtin();
        let head = word(head, 100.0, 100.0);
        let below: Vec<Word> = below
            .iter()
            .enumerate()
            .map(|(i, t)| word(t, 100.0 + 40.0 * i as f32, 110.0))
            .collect();
        let below: Vec<&Word> = below.iter().collect();
        let known = |w: &str| crate::vocab::is_italian_form(w) || vocab.is_known(w);
        cut_at_edge(&[&head], &below, right, known)
    }

    #[test]
    fn a_word_filling_its_cell_goes_on_below_where_the_pieces_say_so() {
        let edge = |head: &str| 100.0 + 5.0 * head.chars().count() as f32;
        let cases: [(&str, &[&str], bool); 7] = [
            ("EFFICIENTAMEN", &["TO", "DEI"], true),
            ("RISCOSSION", &["E", "DEL"], true),
            ("2.127.500,0", &["0"], true),
            ("dell'attiva", &["zione"], true),
            // A whole word filling its cell, the next word below.
            ("EFFICIENTAMENTO", &["DEI", "PROCESSI"], false),
            // A known word above: the one below is the next word.
            ("dell'attivazione", &["e", "del"], false),
            // Lower case after capitals: no word goes on so.
            ("CONSUNTIV", &["della"], false),
        ];
        for (head, below, joined) in cases {
            assert_eq!(cut(head, below, edge(head)), joined, "{head} / {below:?}");
        }
        // Short of the edge by more than a character: a whole word.
        assert!(!cut("EFFICIENTAMEN", &["TO"], edge("EFFICIENTAMEN") + 6.0));
        // Not alone on its line: the line broke between words.
        let vocab = Vocabulary::builtin();
        let (a, b) = (
            word("di", 100.0, 100.0),
            word("EFFICIENTAMEN", 115.0, 100.0),
        );
        let below = word("TO", 100.0, 110.0);
        assert!(!cut_at_edge(&[&a, &b], &[&below], b.bbox.x1, |w| vocab.is_known(w)));
    }

    #[test]
    fn a_piece_after_other_words_of_its_cell_does_not_join() {
        // A word of the lower line under the cut word before the piece:
        // the piece does not open that cell's line.
        let mut lines = vec![
            line(&[("CONSUNTIV", 100.0)], 100.0),
            line(&[("x", 96.0), ("O", 110.0)], 110.0),
        ];
        mend(&mut lines);
        assert_eq!(texts(&lines), ["CONSUNTIV", "x O"]);
    }
}
