//! Labels that wrap in plain text: a label column too narrow for "Arco
//! temporale realizzazione" prints it over two lines ("Arco temporale" /
//! "realizzazione"), and plain OCR text gives each its own line. Where a
//! whole line is the head of a label that the next line's first words
//! complete, those words move up: the label stands whole on one line, and
//! what followed it on the next line stays there as the field's text.

use super::Line;
use crate::vocab::Vocabulary;

/// The lines with every wrapped label joined onto its first line.
pub fn join_wrapped_labels(lines: Vec<Line>, vocab: &Vocabulary) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut lines = lines.into_iter().peekable();
    while let Some(mut line) = lines.next() {
        if let Some(next) = lines.peek_mut() {
            let tail = wrapped_tail(&line, next, vocab);
            if tail > 0 {
                let moved: Vec<_> = next.words.drain(..tail).collect();
                line.words.extend(moved);
                line = Line::new(line.page, line.words, line.skew);
                *next = Line::new(next.page, std::mem::take(&mut next.words), next.skew);
            }
        }
        if !line.is_blank() {
            out.push(line);
        }
    }
    out
}

/// How many of `next`'s first words complete a label that the whole of
/// `line` begins; 0 when `line` is not such a head (it holds a label of
/// its own, or text beside the label).
fn wrapped_tail(line: &Line, next: &Line, vocab: &Vocabulary) -> usize {
    let head = line.content_words();
    if head.is_empty() || next.page != line.page || line.words.len() != head.len() {
        return 0;
    }
    if vocab.label_at_start(&head).is_some() {
        return 0;
    }
    let mut joined = head.clone();
    joined.extend(next.words.iter().map(|w| w.text.as_str()));
    match vocab.label_at_start(&joined) {
        Some(m) if m.words > head.len() => m.words - head.len(),
        _ => 0,
    }
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
        let cases: [(&str, &[&str]); 5] = [
            (
                "Arco temporale\nrealizzazione\n\nANNO 2020",
                &["Arco temporale realizzazione", "ANNO 2020"],
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
}
