//! Labels that wrap in plain text: a label column too narrow for "Arco
//! temporale realizzazione" prints it over two lines ("Arco temporale" /
//! "realizzazione"), and plain OCR text gives each its own line. Where a
//! whole line is the head of a label that the next line's first words
//! complete, those words move up: the label stands whole on one line, and
//! what followed it on the next line stays there as the field's text.
//!
//! A narrow label column also wraps a label beside its value: "Cosa
//! fornire strumenti ..." then "misura" alone on the next line, or
//! "Indicatore | ATTIVAZIONE ..." then the number "1", or "Indicat"
//! and "ore 2" (the word cut where the column ends). The label's tail
//! moves up to its head, before the value.

use std::collections::VecDeque;

use super::lines::is_rule_noise;
use super::{scheda, Line};
use crate::read::Word;
use crate::vocab::{Label, Vocabulary};

/// At most this many words of a label's tail stand alone on the next line.
const MAX_TAIL_WORDS: usize = 2;

/// A label's tail may stand this many lines above its head.
const MAX_LINES_ABOVE: usize = 3;

/// At most this many words of a label's head open the line above.
const MAX_HEAD_WORDS: usize = 3;

/// The lines with every wrapped label joined onto its first line.
pub fn join_wrapped_labels(lines: Vec<Line>, vocab: &Vocabulary) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut rest: VecDeque<Line> = lines.into();
    while let Some(mut line) = rest.pop_front() {
        if let Some((at, words)) = tail_above_value(&line, &out, vocab) {
            line = Line::new(line.page, words, line.skew);
            out.remove(at);
        }
        let below = rest.front().and_then(|next| {
            let tail = wrapped_tail(&line, next, vocab);
            if tail > 0 {
                return Some(Below::Head(tail));
            }
            if let Some(words) = tail_below_value(&line, next, MAX_TAIL_WORDS, vocab) {
                return Some(Below::Value(words, 1));
            }
            if let Some(words) = tail_over_two_lines(&line, &rest, vocab) {
                return Some(Below::Value(words, 2));
            }
            tail_opening_next(&line, next, vocab).map(|(words, taken)| Below::Opening(words, taken))
        });
        match below {
            // A line that is all a label's head takes its tail as it
            // stands ("Arco temporale di" / "realizzazione"); only a head
            // with a value beside it gets its tail put in between.
            Some(Below::Head(tail)) => {
                if let Some(next) = rest.front_mut() {
                    let moved: Vec<_> = next.words.drain(..tail).collect();
                    line.words.extend(moved);
                    line = Line::new(line.page, line.words, line.skew);
                    *next = Line::new(next.page, std::mem::take(&mut next.words), next.skew);
                }
            }
            Some(Below::Value(words, taken)) => {
                line = Line::new(line.page, words, line.skew);
                for next in rest.iter_mut().take(taken) {
                    next.words.clear();
                }
            }
            Some(Below::Opening(words, taken)) => {
                line = Line::new(line.page, words, line.skew);
                if let Some(next) = rest.front_mut() {
                    next.words.drain(..taken);
                    *next = Line::new(next.page, std::mem::take(&mut next.words), next.skew);
                }
            }
            None => {}
        }
        if !line.is_blank() {
            out.push(line);
        }
    }
    out
}

/// What the lines below a line give it: the first words of the next line
/// (the line is all a label's head), or a label's tail set on the next
/// line or two, put back after the label's head before its value.
enum Below {
    Head(usize),
    Value(Vec<Word>, usize),
    /// The tail opens the next line, the value's next line after it.
    Opening(Vec<Word>, usize),
}

/// A label's tail opening the next line, the value going on after it: a
/// narrow label column wraps "Risorse finanziarie:" beside a value of
/// two lines ("Risorse € 76.619,20: conto ..." / "finanziarie: punto 5
/// ..."). The tail is a word or two with letters (a number opening the
/// next line goes on an indicator's title, not its label), and the
/// line's head with it makes a whole label the head alone is not.
fn tail_opening_next(line: &Line, next: &Line, vocab: &Vocabulary) -> Option<(Vec<Word>, usize)> {
    if !may_open_label(line, vocab) {
        return None;
    }
    let words = &next.words;
    (1..=MAX_TAIL_WORDS.min(words.len().saturating_sub(1))).find_map(|taken| {
        let tail = &words[..taken];
        if tail.iter().any(|w| is_rule_noise(&w.text)) {
            return None;
        }
        let worded = |w: &Word| w.text.chars().any(char::is_alphabetic);
        if !tail.iter().all(worded) && !matches!(tail, [n] if is_marked_number(&n.text)) {
            return None;
        }
        let tail = Line::new(next.page, tail.to_vec(), next.skew);
        if is_whole_label(&tail, vocab) {
            return None;
        }
        tail_below_value(line, &tail, taken, vocab).map(|words| (words, taken))
    })
}

/// A label's tail over the next two lines, below a head beside its value:
/// a narrow label column wraps "Arco temporale di realizzazione:" over
/// three lines ("Arco ANNO 2022" / "temporale di" / "realizzazione:").
/// Each of the two lines holds no more than [`MAX_TAIL_WORDS`] words.
fn tail_over_two_lines(
    line: &Line,
    rest: &VecDeque<Line>,
    vocab: &Vocabulary,
) -> Option<Vec<Word>> {
    let (a, b) = (rest.front()?, rest.get(1)?);
    if !may_open_label(line, vocab) {
        return None;
    }
    let short = |l: &Line| {
        let n = l.content_words().len();
        l.page == line.page && n > 0 && n <= MAX_TAIL_WORDS
    };
    if !short(a) || !short(b) {
        return None;
    }
    let words: Vec<Word> = a.words.iter().chain(&b.words).cloned().collect();
    let tail = Line::new(a.page, words, a.skew);
    // Two lines that are a whole label themselves ("Periodo di" /
    // "realizzazione") are that label, not the line's.
    if is_whole_label(&tail, vocab) {
        return None;
    }
    tail_below_value(line, &tail, 2 * MAX_TAIL_WORDS, vocab)
}

/// Whether the line's first word (rule noise aside) may open a label: a
/// word, and one some label opens with ("€ 1.260.786" opens a value).
/// Most lines open with none, told apart without building a tail.
fn may_open_label(line: &Line, vocab: &Vocabulary) -> bool {
    line.words
        .iter()
        .find(|w| !is_rule_noise(&w.text))
        .is_some_and(|w| w.text.chars().any(char::is_alphabetic) && vocab.may_open_label(&w.text))
}

/// Whether the line is all one label, read well: a label of its own, not
/// another's tail.
fn is_whole_label(line: &Line, vocab: &Vocabulary) -> bool {
    let words = line.content_words();
    vocab
        .label_at_start(&words)
        .is_some_and(|m| m.words == words.len() && m.score >= WHOLE_LABEL)
}

/// With positions: a label set over two lines of its cell with nothing
/// beside it ("Se altro," / "indicare qui" in a narrow label column) is
/// joined onto its first line, when the second stands right under the
/// first at its left edge and is wholly the label's rest.
pub fn join_stacked_labels(lines: Vec<Line>, vocab: &Vocabulary) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    for mut line in lines {
        if let Some(head) = out.last_mut() {
            if stands_under(head, &line) {
                if completes_label(head, &line, vocab) {
                    let mut words = std::mem::take(&mut head.words);
                    words.extend(line.words);
                    *head = Line::new(head.page, words, head.skew);
                    continue;
                }
                if let Some((words, used)) = tail_under_head(head, &line, vocab) {
                    *head = Line::new(head.page, words, head.skew);
                    if used == line.words.len() {
                        continue;
                    }
                    line = Line::new(line.page, line.words[used..].to_vec(), line.skew);
                }
            }
        }
        out.push(line);
    }
    out
}

/// Whether `tail` is the rest of a label that `head` opens, set right under
/// it in its cell: the two lines [`join_stacked_labels`] makes one.
pub(super) fn stacked_label(head: &Line, tail: &Line, vocab: &Vocabulary) -> bool {
    stands_under(head, tail)
        && (completes_label(head, tail, vocab) || tail_under_head(head, tail, vocab).is_some())
}

/// With positions: a label wrapped in its cell beside its value ("Codice
/// 011-005-001" over "obiettivo", "Periodo di ANNO 2023" over
/// "realizzazione", "Indicatore TITLE" over "2:"): the head line's words
/// with the tail put back after the label's head, and how many of the
/// tail line's words that took, when the tail (standing right under the
/// head's first word) ends left of the value (the words after the line's
/// widest gap), and the words before it with the tail make a whole label
/// (or an indicator's label and its number). Where the value wraps too,
/// the tail line goes on in the value's column ("1: REST OF TITLE"):
/// those words stay on it.
fn tail_under_head(head: &Line, tail: &Line, vocab: &Vocabulary) -> Option<(Vec<Word>, usize)> {
    // The value starts after the widest gap: the one between the columns.
    let at = (1..head.words.len())
        .max_by(|&a, &b| gap_before(&head.words, a).total_cmp(&gap_before(&head.words, b)))?;
    let value = &head.words[at];
    let used = tail
        .words
        .iter()
        .take_while(|w| w.bbox.x1 < value.bbox.x0)
        .count();
    let rest_in_values = tail
        .words
        .get(used)
        .is_none_or(|w| w.bbox.x0 >= value.bbox.x0 - value.bbox.height().abs());
    if used == 0 || !rest_in_values {
        return None;
    }
    let whole = |ws: &[&str]| {
        vocab
            .label_at_start(ws)
            .is_some_and(|m| m.words == ws.len() && m.score >= WHOLE_LABEL)
    };
    let label_head = label_words(&head.words[..at]);
    let label_tail = label_words(&tail.words[..used]);
    let mut label = label_head.clone();
    label.extend(label_tail.iter().copied());
    let numbered = matches!(label_tail.as_slice(), [n] if is_number(n))
        && vocab
            .label_at_start(&label_head)
            .is_some_and(|m| m.label == Label::Indicator && m.words == label_head.len());
    // A whole label may be the head of a longer one ("Obiettivo" /
    // "strategico").
    let joins = numbered || whole(&label);
    joins.then(|| (rebuilt(head, &tail.words[..used], at, false), used))
}

/// The blank between word `i` and the one before it.
fn gap_before(words: &[Word], i: usize) -> f32 {
    words[i].bbox.x0 - words[i - 1].bbox.x1
}

/// The words' texts, rule noise left out.
fn label_words(words: &[Word]) -> Vec<&str> {
    words
        .iter()
        .map(|w| w.text.as_str())
        .filter(|t| !is_rule_noise(t))
        .collect()
}

/// Whether `tail` starts right under `head`'s first word, at its left
/// edge (within a line height either way).
fn stands_under(head: &Line, tail: &Line) -> bool {
    let (Some(h), Some(t)) = (head.words.first(), tail.words.first()) else {
        return false;
    };
    let height = h.bbox.height().abs();
    let plain = head.borders.is_empty() && tail.borders.is_empty();
    plain
        && head.page == tail.page
        && (t.bbox.x0 - h.bbox.x0).abs() <= height
        && t.bbox.y0 > h.bbox.y_mid()
        && t.bbox.y0 - h.bbox.y1 <= height
}

/// Whether `head` alone is no whole label and `head` then `tail` are one,
/// all their words.
fn completes_label(head: &Line, tail: &Line, vocab: &Vocabulary) -> bool {
    let whole = |words: &[&str]| {
        vocab
            .label_at_start(words)
            .is_some_and(|m| m.words == words.len() && m.score >= WHOLE_LABEL)
    };
    let first = head.content_words();
    if first.is_empty()
        || first.len() != head.words.len()
        || whole(&first)
        || value_beside(head, tail)
    {
        return false;
    }
    let mut joined = first;
    joined.extend(tail.words.iter().map(|w| w.text.as_str()));
    // A value beside the label ("Arco temporale 2023" / "realizzazione")
    // is no word of it, however closely the words match.
    let no_value = joined
        .iter()
        .all(|w| !w.contains(|c: char| c.is_ascii_digit()));
    no_value && whole(&joined)
}

/// Whether `head` holds a value beside its label: a word after a gap
/// wider than a line height (a column's, not a word space) that starts
/// right of where `tail`, the label's rest, ends. A two-letter value ("si"
/// beside "Valore" / "consuntivo") would otherwise pass for the label's
/// own short word ("Valore a consuntivo").
fn value_beside(head: &Line, tail: &Line) -> bool {
    let Some(tail_end) = tail.words.iter().map(|w| w.bbox.x1).reduce(f32::max) else {
        return false;
    };
    (1..head.words.len()).any(|i| {
        let w = &head.words[i];
        gap_before(&head.words, i) > w.bbox.height().abs() && w.bbox.x0 > tail_end
    })
}

/// A label read this well is the label.
const WHOLE_LABEL: f64 = 0.85;

/// A label's tail that OCR set a few lines above its head: Tesseract
/// reads a label cell's second line ("realizzazione") among the lines of
/// the value before it, and the head beside its own value ("Arco
/// temporale ANNO 2020"). Where one of the last lines before `line`
/// holds that tail alone, the line's words with the tail put back, and
/// where the tail was.
fn tail_above_value(
    line: &Line,
    before: &[Line],
    vocab: &Vocabulary,
) -> Option<(usize, Vec<Word>)> {
    let from = before.len().saturating_sub(MAX_LINES_ABOVE);
    (from..before.len()).rev().find_map(|at| {
        let tail = &before[at];
        // A label of its own ("Risorse finanziarie") is no other's tail.
        if vocab.label_at_start(&tail.content_words()).is_some() {
            return None;
        }
        let words = tail_below_value(line, tail, MAX_TAIL_WORDS, vocab)?;
        Some((at, words))
    })
}

/// How many of `next`'s first words complete a label that the whole of
/// `line` begins; 0 when `line` is not such a head (it holds a label of
/// its own, or text beside the label).
fn wrapped_tail(line: &Line, next: &Line, vocab: &Vocabulary) -> usize {
    let head = line.content_words();
    if head.is_empty() || next.page != line.page || line.words.len() != head.len() {
        return 0;
    }
    // A whole label of its own ("Tipologia") is no head, nor is a line
    // with a value beside a label ("Arco temporale 2020"); a line that
    // only begins one may be ("Arco temporale di" of "... realizzazione").
    if head
        .iter()
        .any(|w| w.contains(|c: char| c.is_ascii_digit()))
    {
        return 0;
    }
    let own = vocab.label_at_start(&head);
    if own.is_some_and(|m| m.words == head.len() && m.score >= WHOLE_LABEL) {
        return 0;
    }
    let mut joined = head.clone();
    joined.extend(next.words.iter().map(|w| w.text.as_str()));
    match vocab.label_at_start(&joined) {
        Some(m) if m.words > head.len() && own.is_none_or(|o| o.label == m.label) => {
            m.words - head.len()
        }
        _ => 0,
    }
}

/// The line's words with a label's tail from `next` put back after its
/// head, when the line opens with a label's head and a value, and `next`
/// holds only the rest of that label (an indicator's number included).
fn tail_below_value(
    line: &Line,
    next: &Line,
    max_words: usize,
    vocab: &Vocabulary,
) -> Option<Vec<Word>> {
    let tail: Vec<&str> = next.content_words();
    if next.page != line.page || tail.is_empty() || tail.len() > max_words {
        return None;
    }
    let real: Vec<usize> = (0..line.words.len())
        .filter(|&i| !is_rule_noise(&line.words[i].text))
        .collect();
    let texts: Vec<&str> = real.iter().map(|&i| line.words[i].text.as_str()).collect();
    let whole = vocab.label_at_start(&texts);
    // Words opening with a first word that opens no label spell none: of
    // the candidates only a first word glued to the tail's may.
    let opens = texts.first().is_some_and(|w| vocab.may_open_label(w));
    for k in 1..=MAX_HEAD_WORDS.min(texts.len().saturating_sub(1)) {
        let (head, _) = texts.split_at(k);
        for glued in [false, true] {
            if !(opens || glued && k == 1) {
                continue;
            }
            let Some(candidate) = completed(head, &tail, glued) else {
                continue;
            };
            let words: Vec<&str> = candidate.iter().map(String::as_str).collect();
            // A word glued back together must spell the label's word.
            let min = if glued { 0.95 } else { 0.8 };
            let Some(m) = vocab.label_at_start(&words).filter(|m| m.score >= min) else {
                continue;
            };
            if whole.is_some_and(|w| w.label != m.label) {
                continue;
            }
            let covers = m.words == words.len()
                || m.label == Label::Indicator
                    && m.words + 1 == words.len()
                    && is_number(words[m.words]);
            // The line holds the label whole already (an indicator's
            // with its number).
            let already = whole.is_some_and(|w| {
                let numbered = texts.get(w.words).is_some_and(|t| is_number(t));
                w.label == m.label
                    && w.words >= m.words
                    && (w.label != Label::Indicator || numbered)
            });
            if m.words >= k && covers && !already {
                return Some(rebuilt(line, &next.words, real[k - 1] + 1, glued));
            }
        }
    }
    None
}

/// The label's words: the head, then the tail (its first word glued to
/// the head's last when `glued`: a word cut where the column ends).
fn completed(head: &[&str], tail: &[&str], glued: bool) -> Option<Vec<String>> {
    let mut words: Vec<String> = head.iter().map(|w| w.to_string()).collect();
    let mut rest = tail.iter();
    if glued {
        let last = words.last_mut()?;
        last.push_str(rest.next()?);
    }
    words.extend(rest.map(|w| w.to_string()));
    Some(words)
}

/// An indicator's number as a label prints it: "2", or "2:" and "2." where
/// the office ends its labels with a colon or a full stop; with that mark,
/// also a 1 OCR read as a letter ("l:").
fn is_number(word: &str) -> bool {
    let digits = word.strip_suffix([':', '.']).unwrap_or(word);
    digits.parse::<u32>().is_ok_and(|n| n > 0 && n < 100)
        || digits.len() < word.len() && scheda::ONE_LOOKALIKES.contains(&digits)
}

/// An indicator's number ending with a colon or a full stop ("2:", "l:"):
/// the end of a label, never the first word of a wrapped title.
fn is_marked_number(word: &str) -> bool {
    word.ends_with([':', '.']) && is_number(word)
}

/// The line's words up to `at`, the tail's words, then the rest.
fn rebuilt(line: &Line, tail: &[Word], at: usize, glued: bool) -> Vec<Word> {
    let mut words: Vec<Word> = line.words[..at].to_vec();
    let mut tail = tail.iter().filter(|w| !is_rule_noise(&w.text));
    if glued {
        if let (Some(last), Some(first)) = (words.last_mut(), tail.next()) {
            last.text.push_str(&first.text);
        }
    }
    words.extend(tail.cloned());
    words.extend(line.words[at..].iter().cloned());
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{self, Document};

    fn lines(text: &str) -> Vec<Line> {
        let doc: Document = read::text::read(text.as_bytes()).expect("text");
        super::super::group_lines(&doc)
    }

    fn texts(lines: &[Line]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn a_label_wrapped_over_two_lines_is_joined() {
        let v = Vocabulary::builtin();
        let cases: [(&str, &[&str]); 9] = [
            (
                "Arco temporale\nrealizzazione\n\nANNO 2020",
                &["Arco temporale realizzazione", "ANNO 2020"],
            ),
            // A head that begins a label of its own words ("Arco temporale
            // di") is still completed by the line under it.
            (
                "Arco temporale di\nrealizzazione\n\nANNO 2022",
                &["Arco temporale di realizzazione", "ANNO 2022"],
            ),
            (
                "Periodo di\nrealizzazione\n2022",
                &["Periodo di realizzazione", "2022"],
            ),
            // A value beside the head: the tail goes between.
            (
                "Arco temporale 2020\n\nrealizzazione",
                &["Arco temporale realizzazione 2020"],
            ),
            // A whole label is no head of another.
            (
                "Tipologia\nUnità di misura",
                &["Tipologia", "Unità di misura"],
            ),
            (
                "rco temporale\nrealizzazione ANNO 2020",
                &["rco temporale realizzazione", "ANNO 2020"],
            ),
            ("Cosa\nmisura le imprese", &["Cosa misura", "le imprese"]),
            (
                "Arco temporale realizzazione\n2020",
                &["Arco temporale realizzazione", "2020"],
            ),
            (
                "Missione\n011 - Competitività",
                &["Missione", "011 - Competitività"],
            ),
        ];
        for (text, want) in cases {
            let joined = join_wrapped_labels(lines(text), &v);
            assert_eq!(texts(&joined), want, "{text:?}");
        }
    }

    #[test]
    fn a_label_stacked_in_its_cell_is_joined() {
        use super::super::test_lines::line;
        let v = Vocabulary::builtin();
        // "Se altro," then "indicare qui" at (x, y).
        let stacked = |x: f32, y: f32| {
            vec![
                line(100.0, &[(40.0, "Se altro,")]),
                line(y, &[(x, "indicare qui")]),
                line(y + 20.0, &[(40.0, "Indicatore 2")]),
            ]
        };
        let cases: [(f32, f32, &[&str]); 3] = [
            (40.0, 111.0, &["Se altro, indicare qui", "Indicatore 2"]),
            // Beside the first line's start, or a row lower: not its rest.
            (200.0, 111.0, &["Se altro,", "indicare qui", "Indicatore 2"]),
            (40.0, 130.0, &["Se altro,", "indicare qui", "Indicatore 2"]),
        ];
        for (x, y, want) in cases {
            let joined = join_stacked_labels(stacked(x, y), &v);
            assert_eq!(texts(&joined), want, "at ({x}, {y})");
        }
        // A value beside the label's first line: the rest of the label
        // goes between the label's head and the value, when it stands in
        // the label column.
        let beside = |tail_x: f32| {
            vec![
                line(100.0, &[(40.0, "Codice"), (200.0, "011-005-001")]),
                line(111.0, &[(tail_x, "obiettivo")]),
                line(130.0, &[(40.0, "Missione"), (200.0, "011 - Competitività")]),
            ]
        };
        assert_eq!(
            texts(&join_stacked_labels(beside(40.0), &v)),
            [
                "Codice obiettivo 011-005-001",
                "Missione 011 - Competitività"
            ]
        );
        assert_eq!(
            texts(&join_stacked_labels(beside(200.0), &v)),
            [
                "Codice 011-005-001",
                "obiettivo",
                "Missione 011 - Competitività"
            ]
        );
        // Every word of the head goes before the tail, however few of
        // them make a label with it.
        let time_frame = vec![
            line(100.0, &[(40.0, "Arco temporale di"), (200.0, "2021-2023")]),
            line(111.0, &[(40.0, "realizzazione")]),
        ];
        assert_eq!(
            texts(&join_stacked_labels(time_frame, &v)),
            ["Arco temporale di realizzazione 2021-2023"]
        );
        // No word of the value joins the label, however alike.
        let worded = vec![
            line(100.0, &[(40.0, "Arco temporale"), (200.0, "ANNO 2021")]),
            line(111.0, &[(40.0, "realizzazione")]),
            line(130.0, &[(40.0, "Valore"), (200.0, "3 eventi realizzati")]),
            line(141.0, &[(40.0, "consuntivo")]),
        ];
        assert_eq!(
            texts(&join_stacked_labels(worded, &v)),
            [
                "Arco temporale realizzazione ANNO 2021",
                "Valore consuntivo 3 eventi realizzati"
            ]
        );
        // A two-letter value beside the label's head is no word of the
        // label ("Valore si" / "consuntivo" is no "Valore a consuntivo").
        let short_value = vec![
            line(100.0, &[(40.0, "Valore"), (200.0, "si")]),
            line(111.0, &[(40.0, "consuntivo")]),
        ];
        assert_eq!(
            texts(&join_stacked_labels(short_value, &v)),
            ["Valore consuntivo si"]
        );
        // A whole label is no head of a longer one.
        let whole = vec![
            line(100.0, &[(40.0, "Tipologia")]),
            line(111.0, &[(40.0, "misura")]),
        ];
        assert_eq!(
            texts(&join_stacked_labels(whole, &v)),
            ["Tipologia", "misura"]
        );
        // An indicator's number under its label ("2:" with the colon an
        // office ends its labels with) is the label's.
        let numbered = vec![
            line(
                100.0,
                &[(40.0, "INDICATORE"), (200.0, "DISPONIBILITÀ DI CONTRIBUTI")],
            ),
            line(111.0, &[(40.0, "2:")]),
        ];
        assert_eq!(
            texts(&join_stacked_labels(numbered, &v)),
            ["INDICATORE 2: DISPONIBILITÀ DI CONTRIBUTI"]
        );
        // Label and value both wrapped: the label column's words of the
        // second line join the label, the value's stay on their line.
        let both = vec![
            line(
                100.0,
                &[(40.0, "INDICATORE"), (200.0, "ISTRUTTORIA DELLE DOMANDE")],
            ),
            line(111.0, &[(40.0, "1:"), (200.0, "CAMERALI 2019")]),
            line(130.0, &[(40.0, "CIÒ CHE"), (200.0, "IMPORTO CONTRIBUTI")]),
            line(141.0, &[(40.0, "MISURA:"), (200.0, "NELL'ANNO 2019")]),
        ];
        assert_eq!(
            texts(&join_stacked_labels(both, &v)),
            [
                "INDICATORE 1: ISTRUTTORIA DELLE DOMANDE",
                "CAMERALI 2019",
                "CIÒ CHE MISURA: IMPORTO CONTRIBUTI",
                "NELL'ANNO 2019"
            ]
        );
        // A number in the value's column is the value's, not the label's.
        let value_number = vec![
            line(100.0, &[(40.0, "Indicatore"), (200.0, "TEMPI MEDI")]),
            line(111.0, &[(200.0, "2")]),
        ];
        assert_eq!(
            texts(&join_stacked_labels(value_number, &v)),
            ["Indicatore TEMPI MEDI", "2"]
        );
    }

    #[test]
    fn a_label_wrapped_beside_its_value_is_joined() {
        let v = Vocabulary::builtin();
        let cases: [(&str, &[&str]); 19] = [
            (
                "€ 1.260.786: conto 333004, linea 4\nRisorse finanziarie territorio\n",
                &["€ 1.260.786: conto 333004, linea 4", "Risorse finanziarie territorio"],
            ),
            (
                "Risorse € 76.619,20: conto 330005\nfinanziarie: punto 5 - progetto 8\n",
                &["Risorse finanziarie: € 76.619,20: conto 330005", "punto 5 - progetto 8"],
            ),
            (
                "Indicatore NUMERO DI PRATICHE EVASE ENTRO\n5 GIORNI DALLA RICHIESTA\n",
                &["Indicatore NUMERO DI PRATICHE EVASE ENTRO", "5 GIORNI DALLA RICHIESTA"],
            ),
            (
                "- diffusione dell'iniziativa attraverso il sito\nPeriodo di\nrealizzazione\n2022",
                &["- diffusione dell'iniziativa attraverso il sito", "Periodo di realizzazione", "2022"],
            ),
            (
                "Arco ANNO 2022\ntemporale di\nrealizzazione:\nCentro di DIRIGENTE",
                &["Arco temporale di realizzazione: ANNO 2022", "Centro di DIRIGENTE"],
            ),
            (
                "Arco ANNO 2022\ntemporale di\nimprese locali\nCentro di DIRIGENTE",
                &["Arco ANNO 2022", "temporale di", "imprese locali", "Centro di DIRIGENTE"],
            ),
            (
                "Indicatore | ATTIVAZIONE DEL SERVIZIO\n1",
                &["Indicatore 1 | ATTIVAZIONE DEL SERVIZIO"],
            ),
            (
                "Indicat | MISURE PER LA SICUREZZA\nore 2",
                &["Indicatore 2 | MISURE PER LA SICUREZZA"],
            ),
            (
                "Cosa fornire strumenti agli uffici\n\nmisura\nTipologia",
                &["Cosa misura fornire strumenti agli uffici", "Tipologia"],
            ),
            (
                "Indicatore 1 ATTIVAZIONE\n2",
                &["Indicatore 1 ATTIVAZIONE", "2"],
            ),
            (
                "Cosa misura le imprese\nmisura",
                &["Cosa misura le imprese", "misura"],
            ),
            (
                "Se altro, indicare qui\nIndicatore 2",
                &["Se altro, indicare qui", "Indicatore 2"],
            ),
            (
                "Le imprese della provincia\n2020",
                &["Le imprese della provincia", "2020"],
            ),
            (
                "delle attività\nrealizzazione\nal supporto delle imprese\nArco temporale ANNO 2020",
                &[
                    "delle attività",
                    "al supporto delle imprese",
                    "Arco temporale realizzazione ANNO 2020",
                ],
            ),
            (
                "realizzazione\na\nb\nc\nArco temporale ANNO 2020",
                &["realizzazione", "a", "b", "c", "Arco temporale ANNO 2020"],
            ),
            // An indicator's number under its label, its title beside
            // both: "1" read "l", the title's rest after the number.
            (
                "Indicatore TEMPO MEDIO DI EVASIONE\nl:\nCiò che misura:",
                &["Indicatore l: TEMPO MEDIO DI EVASIONE", "Ciò che misura:"],
            ),
            (
                "Indicatore ISTRUTTORIA ED EROGAZIONE DEI\n2: DOMANDE SUI BANDI\n",
                &["Indicatore 2: ISTRUTTORIA ED EROGAZIONE DEI", "DOMANDE SUI BANDI"],
            ),
            // A title whose next line opens with a number and no mark
            // goes on with it.
            (
                "Indicatore PRATICHE EVASE ENTRO\n5 GIORNI\n",
                &["Indicatore PRATICHE EVASE ENTRO", "5 GIORNI"],
            ),
            (
                "Indicatore PRATICHE EVASE\nl GIORNO\n",
                &["Indicatore PRATICHE EVASE", "l GIORNO"],
            ),
        ];
        for (text, want) in cases {
            let joined = join_wrapped_labels(lines(text), &v);
            assert_eq!(texts(&joined), want, "{text:?}");
        }
    }
}
