//! Labels a card's narrow label column wraps: "Centro di" over
//! "Responsabilità", "Metodo di" over "calcolo", a header cell "Codice e
//! descrizione" over "indicatore". Each part is a line of its own (with
//! the value's first line beside the first part, or between the parts
//! where cells are centred down their row), so no line names the label.
//!
//! A wrapped cell's lines stand one leading apart, while the next row
//! starts lower by the cell padding; and the lower parts lie in the
//! label's own column, left of where the value (or the next header cell)
//! starts. Where the parts so stacked make one label of the vocabulary,
//! the lower parts move up beside the first: the label stands whole on one
//! line, and the value's lines stay where they were.

use super::template::cells;
use super::Line;
use crate::read::{median, Word};
use crate::vocab::Vocabulary;

/// Similarity the joined parts need to make a label.
const LABEL_SCORE: f64 = 0.8;
/// How far (a share of the leading) a wrapped line may stand from one
/// leading below the line it continues. OCR'd tops wander with the
/// letters a word has ("Centro di" over "responsabilità" measured 1.16
/// leadings apart on a scan), while the next row stands lower by the
/// cells' padding (1.3 leadings and more).
const LEADING_SLACK: f32 = 0.2;
/// Distances this close (points) are one leading measured twice.
const LEADING_JITTER: f32 = 0.3;
/// How many times a distance recurs to be the leading.
const LEADING_SEEN: usize = 3;
/// Most parts a label wraps into.
const MAX_PARTS: usize = 3;
/// Most words a label's first part holds.
const MAX_WORDS: usize = 6;

/// The lines with every wrapped label joined onto its first line.
pub(super) fn join(lines: &[&Line], vocab: &Vocabulary) -> Vec<Line> {
    let mut out: Vec<Line> = lines.iter().map(|l| (*l).clone()).collect();
    let Some(leading) = leading(lines) else {
        return out;
    };
    for i in 0..out.len() {
        let mut from = 0;
        while let Some(join) = wrapped_label(&out, i, from, leading, vocab) {
            from = join.start + join.words + join.parts.iter().map(|p| p.1.len()).sum::<usize>();
            let between = centred_between(&out, i, &join);
            apply(&mut out, i, &join);
            from = merge(&mut out, i, &between, from);
        }
    }
    out.retain(|l| !l.is_blank());
    out
}

/// A label of line `i` whose lower parts stand on the lines below.
#[derive(Debug)]
struct Join {
    /// Where the label's first part starts in its line, and its words.
    start: usize,
    words: usize,
    /// The lower parts: their line and the indices of their words.
    parts: Vec<(usize, Vec<usize>)>,
}

/// The lines of a row's other cells centred down the row, between a
/// wrapped label's first and last parts ("Tipologia" beside "Codice e" /
/// "descrizione"; a one-line value beside "Centro di" / "Responsabilità"):
/// their middle lies between the parts' middles, a quarter of the distance
/// or more from each (a value's line beside a part shares its middle), and
/// their words stand clear of the label's line across the page. They join
/// the label's line.
fn centred_between(lines: &[Line], i: usize, join: &Join) -> Vec<usize> {
    let mid = |w: &Word| (w.bbox.y0 + w.bbox.y1) / 2.0;
    let line = &lines[i];
    let first = &line.words[join.start..join.start + join.words];
    let Some((last_line, last_words)) = join.parts.last() else {
        return Vec::new();
    };
    let (Some(a), Some(b)) = (
        first.first().map(mid),
        last_words
            .first()
            .map(|&k| mid(&lines[*last_line].words[k])),
    ) else {
        return Vec::new();
    };
    let margin = (b - a) / 4.0;
    let taken = |j: usize, k: usize| join.parts.iter().any(|(l, ws)| *l == j && ws.contains(&k));
    (i + 1..*last_line + 1)
        .filter(|&j| {
            let other = &lines[j];
            let free: Vec<(usize, &Word)> = other
                .words
                .iter()
                .enumerate()
                .filter(|(k, _)| !taken(j, *k))
                .collect();
            // Only a line none of whose words is a part of the label.
            free.len() == other.words.len()
                && !free.is_empty()
                && other.page == line.page
                && free
                    .iter()
                    .all(|(_, w)| mid(w) > a + margin && mid(w) < b - margin)
                && free.iter().all(|(_, w)| {
                    line.words
                        .iter()
                        .chain(last_words.iter().map(|&k| &lines[*last_line].words[k]))
                        .all(|o| w.bbox.x1 <= o.bbox.x0 || w.bbox.x0 >= o.bbox.x1)
                })
        })
        .collect()
}

/// Moves the words of lines `from` into line `i`, each before the first
/// word of line `i` that starts right of it; returns where word `at` of
/// line `i` now stands.
fn merge(lines: &mut [Line], i: usize, from: &[usize], mut at: usize) -> usize {
    let mut words = std::mem::take(&mut lines[i].words);
    for &j in from {
        for w in std::mem::take(&mut lines[j].words) {
            let k = words
                .iter()
                .position(|o| o.bbox.x0 > w.bbox.x0)
                .unwrap_or(words.len());
            if k <= at {
                at += 1;
            }
            words.insert(k, w);
        }
        lines[j] = Line::new(lines[j].page, Vec::new(), lines[j].skew);
    }
    lines[i] = Line::new(lines[i].page, words, lines[i].skew);
    at
}

/// Moves a label's lower parts up beside its first part.
fn apply(lines: &mut [Line], i: usize, join: &Join) {
    let mut moved: Vec<Word> = Vec::new();
    for (j, taken) in &join.parts {
        let line = &mut lines[*j];
        let mut kept = Vec::with_capacity(line.words.len());
        for (k, w) in std::mem::take(&mut line.words).into_iter().enumerate() {
            if taken.contains(&k) {
                moved.push(w);
            } else {
                kept.push(w);
            }
        }
        *line = Line::new(line.page, kept, line.skew);
    }
    let line = &mut lines[i];
    let mut words = std::mem::take(&mut line.words);
    let at = join.start + join.words;
    words.splice(at..at, moved);
    *line = Line::new(line.page, words, line.skew);
}

/// The report's leading: the smallest distance from a line's top to the
/// next line's on the same page (of one to two word heights) that recurs
/// (a paragraph's lines, a wrapped cell's). Rows of one line each stand
/// further apart, by their cells' padding.
fn leading(lines: &[&Line]) -> Option<f32> {
    let height = median(
        lines
            .iter()
            .flat_map(|l| l.words.iter().map(|w| w.bbox.height().abs())),
    )?;
    let mut distances: Vec<f32> = lines
        .windows(2)
        .filter(|p| p[0].page == p[1].page && p[0].borders.is_empty() && p[1].borders.is_empty())
        .map(|p| top(&p[1].words) - top(&p[0].words))
        .filter(|d| *d >= 0.9 * height && *d <= 2.0 * height)
        .collect();
    distances.sort_by(f32::total_cmp);
    (0..distances.len()).find_map(|k| {
        let close: Vec<f32> = distances[k..]
            .iter()
            .copied()
            .take_while(|d| *d <= distances[k] + LEADING_JITTER)
            .collect();
        (close.len() >= LEADING_SEEN)
            .then(|| median(close))
            .flatten()
    })
}

/// The first label of line `i` (from word `from` on) that wraps onto the
/// lines below: the longest one the vocabulary knows.
fn wrapped_label(
    lines: &[Line],
    i: usize,
    from: usize,
    leading: f32,
    vocab: &Vocabulary,
) -> Option<Join> {
    let line = &lines[i];
    if !line.borders.is_empty() || line.words.is_empty() {
        return None;
    }
    let mut start = 0;
    for cell in cells(line) {
        let len = cell.len();
        if start >= from {
            if let Some(join) = (1..=len.min(MAX_WORDS))
                .rev()
                .find_map(|k| joined(lines, i, start, k, leading, vocab))
            {
                return Some(join);
            }
        }
        start += len;
    }
    None
}

/// The label that words `start..start + words` of line `i` open and the
/// lines below complete, if any.
fn joined(
    lines: &[Line],
    i: usize,
    start: usize,
    words: usize,
    leading: f32,
    vocab: &Vocabulary,
) -> Option<Join> {
    let line = &lines[i];
    let first = &line.words[start..start + words];
    // The label's column: from the end of what stands before it to the
    // start of what follows it on its line.
    let left = start
        .checked_sub(1)
        .map_or(f32::NEG_INFINITY, |k| line.words[k].bbox.x1);
    let right = line
        .words
        .get(start + words)
        .map_or(f32::INFINITY, |w| w.bbox.x0);
    let (x0, x1) = (
        first
            .iter()
            .map(|w| w.bbox.x0)
            .fold(f32::INFINITY, f32::min),
        first
            .iter()
            .map(|w| w.bbox.x1)
            .fold(f32::NEG_INFINITY, f32::max),
    );
    let mut texts: Vec<&str> = first.iter().map(|w| w.text.as_str()).collect();
    let alone = vocab
        .template_label_at_start(&texts)
        .filter(|m| m.score >= LABEL_SCORE && m.words == texts.len());
    let mut parts: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut best: Option<(f64, usize)> = None;
    let mut above = top(first);
    let mut j = i + 1;
    while parts.len() + 1 < MAX_PARTS {
        let Some((next, taken)) = part_below(lines, j, above, leading, (left, right), (x0, x1))
        else {
            break;
        };
        above = top(&taken
            .iter()
            .map(|&k| lines[next].words[k].clone())
            .collect::<Vec<_>>());
        texts.extend(taken.iter().map(|&k| lines[next].words[k].text.as_str()));
        parts.push((next, taken));
        j = next + 1;
        let m = vocab.template_label_at_start(&texts);
        if let Some(m) = m.filter(|m| m.score >= LABEL_SCORE && m.words == texts.len()) {
            if alone.is_none_or(|a| m.score >= a.score) {
                best = Some((m.score, parts.len()));
            }
        }
    }
    let (_, n) = best?;
    parts.truncate(n);
    Some(Join {
        start,
        words,
        parts,
    })
}

/// The words of the first line from `j` on that stand one leading below
/// `above` in the column `left..right`: its cell that starts under
/// `x0..x1` (left-aligned or centred under it). Lines between with no
/// such cell are passed over (a value centred beside the label).
fn part_below(
    lines: &[Line],
    j: usize,
    above: f32,
    leading: f32,
    (left, right): (f32, f32),
    (x0, x1): (f32, f32),
) -> Option<(usize, Vec<usize>)> {
    let page = lines.get(j.checked_sub(1)?)?.page;
    let slack = LEADING_SLACK * leading;
    for (n, line) in lines.iter().enumerate().skip(j) {
        if line.page != page || !line.borders.is_empty() {
            return None;
        }
        let Some(taken) = cell_under(line, (left, right), (x0, x1)) else {
            if top(&line.words) > above + leading + slack {
                return None;
            }
            continue;
        };
        let words: Vec<Word> = taken.iter().map(|&k| line.words[k].clone()).collect();
        let dy = top(&words) - above;
        return ((dy - leading).abs() <= slack).then_some((n, taken));
    }
    None
}

/// The indices of a line's cell that starts under `x0..x1`, its words in
/// the column `left..right`.
fn cell_under(line: &Line, (left, right): (f32, f32), (x0, x1): (f32, f32)) -> Option<Vec<usize>> {
    let mut start = 0;
    for cell in cells(line) {
        let len = cell.len();
        let head = cell[0].bbox.x0;
        if head >= x0 - (x1 - x0) && head < x1 {
            let taken: Vec<usize> = (start..start + len)
                .filter(|&k| line.words[k].bbox.x0 >= left && line.words[k].bbox.x1 <= right)
                .collect();
            return (!taken.is_empty()).then_some(taken);
        }
        start += len;
    }
    None
}

/// The top of some words.
fn top(words: &[Word]) -> f32 {
    words
        .iter()
        .map(|w| w.bbox.y0)
        .fold(f32::INFINITY, f32::min)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::layout::test_lines::line;

    /// A paragraph of four lines one leading (12.5 pt) apart from `y`.
    fn paragraph(y: f32) -> Vec<Line> {
        (0..4)
            .map(|k| line(y + 12.5 * k as f32, &[(150.0, "testo della descrizione")]))
            .collect()
    }

    struct Case {
        what: &'static str,
        lines: Vec<Line>,
        want: &'static [&'static str],
    }

    #[test]
    fn wrapped_labels_are_joined_and_rows_below_are_not() {
        let cases = [
            Case {
                what: "a label over two lines, its value beside the first",
                lines: vec![
                    line(0.0, &[(40.0, "Centro di"), (150.0, "Segretario Generale")]),
                    line(12.5, &[(40.0, "Responsabilità")]),
                ],
                want: &["Centro di Responsabilità Segretario Generale"],
            },
            Case {
                what: "a scan's label over two lines whose OCR'd tops stand 1.16 leadings apart",
                lines: vec![
                    line(0.0, &[(40.0, "Centro di"), (150.0, "DIRIGENTE AREA")]),
                    line(14.5, &[(40.0, "responsabilità")]),
                ],
                want: &["Centro di responsabilità DIRIGENTE AREA"],
            },
            Case {
                what: "a label over two lines, its value centred between them",
                lines: vec![
                    line(0.0, &[(40.0, "Metodo di")]),
                    line(6.25, &[(150.0, "conteggio posizioni")]),
                    line(12.5, &[(40.0, "calcolo")]),
                ],
                want: &["Metodo di calcolo conteggio posizioni"],
            },
            Case {
                what: "a label over two lines, its value's lines beside both parts",
                lines: vec![
                    line(0.0, &[(40.0, "Metodo di"), (150.0, "conteggio delle")]),
                    line(12.5, &[(40.0, "calcolo"), (150.0, "posizioni")]),
                ],
                want: &["Metodo di calcolo conteggio delle", "posizioni"],
            },
            Case {
                what: "a header cell over two lines, the others centred down the row",
                lines: vec![
                    line(0.0, &[(60.0, "Codice e")]),
                    line(6.25, &[(260.0, "Tipologia"), (400.0, "Fonte del dato")]),
                    line(12.5, &[(60.0, "descrizione")]),
                ],
                want: &["Codice e descrizione Tipologia Fonte del dato"],
            },
            Case {
                what: "a header cell over two lines beside other header cells",
                lines: vec![
                    line(0.0, &[(60.0, "Codice e descrizione"), (260.0, "Tipologia")]),
                    line(12.5, &[(85.0, "indicatore")]),
                ],
                want: &["Codice e descrizione indicatore Tipologia"],
            },
            Case {
                what: "a value row under a header row: a row apart, not a leading",
                lines: vec![
                    line(0.0, &[(60.0, "Codice"), (260.0, "Tipologia")]),
                    line(16.5, &[(60.0, "KPI12"), (260.0, "indicatore")]),
                ],
                want: &["Codice Tipologia", "KPI12 indicatore"],
            },
            Case {
                what: "a value's next line in the value column stays",
                lines: vec![
                    line(0.0, &[(40.0, "Obiettivo"), (150.0, "Vigilanza sul")]),
                    line(12.5, &[(150.0, "strategico e mercato")]),
                ],
                want: &["Obiettivo Vigilanza sul", "strategico e mercato"],
            },
        ];
        let v = Vocabulary::builtin();
        for case in cases {
            let mut lines = case.lines;
            lines.extend(paragraph(200.0));
            let refs: Vec<&Line> = lines.iter().collect();
            let joined = join(&refs, &v);
            let texts: Vec<&str> = joined.iter().map(|l| l.text.as_str()).collect();
            assert_eq!(&texts[..texts.len() - 4], case.want, "{}", case.what);
        }
    }
}
