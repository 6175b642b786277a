//! Which of several numbers a prose value cell states.
//!
//! An actual that recounts what happened ("Delle vecchie 18 agenzie solo
//! 15 hanno riconfermato la convenzione ... Le nuove agenzie convenzionate
//! sono 24") holds many numbers. The one it states is tied to the
//! indicator's own wording: the words around it share a word with those
//! after a number of the indicator's other value cells ("almeno 20 nuovi
//! intermediari") or with its unit; or it closes its clause after a phrase
//! that states a value ("sono 24", "pari a 24", "= 24"). The phrases, and
//! the filler words that name nothing counted, are vocabulary data
//! (`[value_cues]`). When the two cues disagree, or neither singles out
//! one number, the cell is still ambiguous.

use crate::normalize::number::{self, ReadNumber};
use crate::vocab::Vocabulary;

/// Words each side of a number that may tell what it counts.
const NEAR_WORDS: usize = 4;
/// Words a clause may hold after the number it ends on ("sono 24 agenzie").
const TRAILING_WORDS: usize = 2;
/// The shortest word (in letters) that can name what a number counts.
const MIN_WORD: usize = 4;

/// The stems of the words an indicator counts its values in: those after
/// each number of `cells` (its other value cells) and those of its unit.
pub fn wording(cells: &[&str], unit: Option<&str>, vocab: &Vocabulary) -> Vec<String> {
    let mut stems = Vec::new();
    for cell in cells {
        let numbers = number::find_numbers(cell);
        for n in &numbers {
            stems.extend(stems_of(after(cell, n, &numbers), vocab));
        }
    }
    stems.extend(stems_of(unit.unwrap_or(""), vocab));
    stems.sort();
    stems.dedup();
    stems
}

/// The index, in `numbers` (those of `text`), of the number the cell
/// states; `None` when the cues single out none, or disagree.
pub fn stated(
    text: &str,
    numbers: &[ReadNumber],
    wording: &[String],
    vocab: &Vocabulary,
) -> Option<usize> {
    let shared: Vec<usize> = numbers
        .iter()
        .map(|n| {
            counted(text, n, numbers, vocab)
                .iter()
                .filter(|stem| wording.contains(stem))
                .count()
        })
        .collect();
    let by_wording = single_best(&shared);
    let mut closing = numbers
        .iter()
        .enumerate()
        .filter(|(_, n)| ends_clause(text, n) && vocab.ends_on_value_cue(clause_before(text, n)))
        .map(|(i, _)| i);
    let by_cue = match (closing.next(), closing.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    };
    match (by_wording, by_cue) {
        (Some(a), Some(b)) if a != b => None,
        (a, b) => a.or(b),
    }
}

/// The index of the only highest score, when it is above zero.
fn single_best(scores: &[usize]) -> Option<usize> {
    let best = *scores.iter().max()?;
    let mut at = (0..scores.len()).filter(|&i| scores[i] == best);
    match (at.next(), at.next()) {
        (Some(only), None) if best > 0 => Some(only),
        _ => None,
    }
}

/// The stems of what `n` counts: the words after it ("18 agenzie"), or,
/// when none follows, those before it ("le nuove agenzie sono 24").
fn counted(text: &str, n: &ReadNumber, numbers: &[ReadNumber], vocab: &Vocabulary) -> Vec<String> {
    let following = stems_of(after(text, n, numbers), vocab);
    if following.is_empty() {
        stems_of(before(text, n, numbers), vocab)
    } else {
        following
    }
}

/// Whether a character ends a clause.
fn is_clause_end(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | '!' | '?' | '\n')
}

/// The text of `n`'s clause before it: from the clause's start.
fn clause_before<'a>(text: &'a str, n: &ReadNumber) -> &'a str {
    let head = &text[..n.start];
    head.rfind(is_clause_end).map_or(head, |i| &head[i + 1..])
}

/// Whether `n` ends its clause: at most [`TRAILING_WORDS`] words and no
/// digit after it before the clause's end.
fn ends_clause(text: &str, n: &ReadNumber) -> bool {
    let tail = &text[n.end..];
    let rest = tail.find(is_clause_end).map_or(tail, |i| &tail[..i]);
    !rest.contains(|c: char| c.is_ascii_digit())
        && rest.split_whitespace().count() <= TRAILING_WORDS
}

/// The words just before `n`, back to the clause's start or the number
/// before it, at most [`NEAR_WORDS`].
fn before<'a>(text: &'a str, n: &ReadNumber, numbers: &[ReadNumber]) -> &'a str {
    let floor = numbers
        .iter()
        .map(|m| m.end)
        .filter(|&end| end <= n.start)
        .max()
        .unwrap_or(0);
    let head = clause_before(text, n);
    let head = &text[(n.start - head.len()).max(floor)..n.start];
    let starts: Vec<usize> = head
        .split_whitespace()
        .map(|w| w.as_ptr() as usize - head.as_ptr() as usize)
        .collect();
    let from = starts.len().saturating_sub(NEAR_WORDS);
    starts.get(from).map_or("", |&at| &head[at..])
}

/// The words just after `n`, up to the clause's end or the next number,
/// at most [`NEAR_WORDS`].
fn after<'a>(text: &'a str, n: &ReadNumber, numbers: &[ReadNumber]) -> &'a str {
    let ceiling = numbers
        .iter()
        .map(|m| m.start)
        .filter(|&start| start >= n.end)
        .min()
        .unwrap_or(text.len());
    let tail = &text[n.end..ceiling];
    let tail = tail.find(is_clause_end).map_or(tail, |i| &tail[..i]);
    let ends: Vec<usize> = tail
        .split_whitespace()
        .map(|w| w.as_ptr() as usize - tail.as_ptr() as usize + w.len())
        .collect();
    ends.get(NEAR_WORDS - 1)
        .or(ends.last())
        .map_or("", |&end| &tail[..end])
}

/// The stems of a text's words that may name what is counted: words of
/// [`MIN_WORD`] letters or more, no filler, without their final vowels
/// ("nuovi" and "nuove" -> "nuov").
fn stems_of(text: &str, vocab: &Vocabulary) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= MIN_WORD && w.chars().all(char::is_alphabetic))
        .filter(|w| !vocab.is_filler(w))
        .map(|w| {
            let folded = crate::vocab::fold(w);
            folded
                .trim_end_matches(['a', 'e', 'i', 'o', 'u'])
                .to_string()
        })
        .filter(|stem| stem.chars().count() >= MIN_WORD - 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value a cell states, given the indicator's target and unit.
    fn chosen(cell: &str, target: &str, unit: &str) -> Option<String> {
        let vocab = Vocabulary::builtin();
        let numbers = number::find_numbers(cell);
        let wording = wording(&[target], Some(unit), &vocab);
        let i = stated(cell, &numbers, &wording, &vocab)?;
        Some(numbers[i].value.to_string())
    }

    #[test]
    fn the_number_counted_in_the_targets_words_is_stated() {
        let cases = [
            // The target counts "nuovi intermediari"; of the agencies
            // recounted, the clause on the new ones.
            (
                "Delle vecchie 18 agenzie solo 15 hanno confermato mentre 3 hanno rinunciato. \
                 Le nuove agenzie convenzionate sono 24",
                "almeno 20 nuovi intermediari",
                "numero",
                Some("24"),
            ),
            // The same by the target's noun alone, the number first.
            (
                "Organizzati 6 seminari, con 240 partecipanti iscritti in 3 sedi",
                "almeno 200 partecipanti",
                "numero",
                Some("240"),
            ),
            // The unit names what is counted.
            (
                "Su 40 richieste pervenute, evase 35 pratiche in 2 settimane",
                "100%",
                "numero pratiche evase",
                Some("35"),
            ),
            // A clause that closes on "pari a".
            (
                "Nel 2 semestre le imprese assistite in 5 sportelli sono state pari a 130",
                "120",
                "numero",
                Some("130"),
            ),
            // "=" closing a sum.
            ("12 + 9 = 21", "20", "numero", Some("21")),
        ];
        for (cell, target, unit, want) in cases {
            assert_eq!(chosen(cell, target, unit).as_deref(), want, "{cell}");
        }
    }

    #[test]
    fn a_cell_the_cues_cannot_settle_stays_ambiguous() {
        let cases = [
            // No cue at all.
            ("5 su 8.888 dispositivi", "almeno 5", "numero"),
            // Two numbers share the target's words.
            (
                "Avviati 4 corsi per imprese e 6 corsi per professionisti",
                "almeno 8 corsi",
                "numero",
            ),
            // Two clauses close on "sono".
            (
                "Le domande accolte sono 40; le domande respinte sono 12",
                "50",
                "numero",
            ),
            // The wording points at one number, the closing phrase at another.
            (
                "Convenzionate 18 agenzie. Gli intermediari nuovi sono 24",
                "almeno 20 agenzie",
                "numero",
            ),
        ];
        for (cell, target, unit) in cases {
            assert_eq!(chosen(cell, target, unit), None, "{cell}");
        }
    }

    #[test]
    fn filler_words_tie_nothing() {
        // "delle" after the target's number and the first is no shared
        // wording: neither number counts "aziende".
        let cell = "Contattate 30 delle camere, 12 imprese";
        assert_eq!(chosen(cell, "almeno 25 delle aziende", "numero"), None);
        assert_eq!(
            chosen(cell, "almeno 25 delle imprese", "numero").as_deref(),
            Some("12")
        );
    }
}
