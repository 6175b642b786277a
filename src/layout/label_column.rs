//! A scheda's head is a two-column table: labels ("Missione", "Titolo")
//! on the left, values on the right. Where word positions are real, a line
//! that reaches into the value column can only hold a label on the left;
//! anything else there is scanner noise OCR read as letters ("0h Titolo",
//! "3 x n 1.726.821,00") and must not open the value.

use super::{Labelled, Line};
use crate::read::{BBox, Word};
use crate::vocab::{Label, Vocabulary};

/// Labelled lines that must agree on where values start.
const MIN_AGREEING: usize = 3;

/// The head lines of a scheda with label-column noise taken out, and
/// labels wrapped over two or three lines of the label column joined on
/// their first line: `Some` with the new line where words were dropped
/// or moved, `None` where the line stays as it is. Only lines before the
/// first indicator are touched.
pub(super) fn without_noise(lines: &[Labelled], vocab: &Vocabulary) -> Vec<Option<Line>> {
    let mut out = vec![None; lines.len()];
    let Some(edge) = value_edge(lines) else {
        return out;
    };
    let head = lines
        .iter()
        .position(|l| l.label.is_some_and(|m| ends_head(m.label)))
        .unwrap_or(lines.len());
    // A label wrapped over the head's last lines may end on a line that
    // reads as a label of its own ("Numero" / "indicatori").
    let reach = (head + MAX_LABEL_LINES - 1).min(lines.len());
    join_wrapped_labels(&lines[..reach], &mut out[..reach], head, edge, vocab);
    for (i, l) in lines[..head].iter().enumerate() {
        let line = out[i].as_ref().unwrap_or(l.line);
        if let Some(clean) = cleaned(line, edge, vocab) {
            out[i] = Some(clean);
        }
    }
    out
}

/// How many lines of the label column one label may wrap over.
const MAX_LABEL_LINES: usize = 3;

/// Joins each label wrapped over lines of the label column ("Arco
/// temporale di" / "realizzazione", with or without value lines between
/// them) on its first line, before that line's value; the later lines
/// keep their values only. A label joins only when its first line alone
/// is no whole label and the joined words are one; it starts on one of
/// the first `starts` lines.
fn join_wrapped_labels(
    lines: &[Labelled],
    out: &mut [Option<Line>],
    starts: usize,
    edge: f32,
    vocab: &Vocabulary,
) {
    let current =
        |out: &[Option<Line>], i: usize| out[i].clone().unwrap_or_else(|| lines[i].line.clone());
    for i in 0..starts.min(lines.len()) {
        let first = current(out, i);
        let zone = label_starts(&first, edge);
        if zone == 0 || whole_label(&first.words[..zone], vocab) {
            continue;
        }
        let mut label: Vec<Word> = first.words[..zone].to_vec();
        let mut taken: Vec<(usize, usize)> = Vec::new();
        let height = first.words[0].bbox.height().abs();
        let mut bottom = first.words[0].bbox.y1;
        for j in i + 1..lines.len() {
            let next = current(out, j);
            let Some(top) = next.words.first().map(|w| w.bbox.y0) else {
                continue;
            };
            if next.page != first.page
                || top - bottom > 2.5 * height
                || taken.len() + 1 >= MAX_LABEL_LINES
            {
                break;
            }
            let n = label_starts(&next, edge);
            if n == 0 {
                continue;
            }
            label.extend(next.words[..n].iter().cloned());
            taken.push((j, n));
            bottom = next.words[n - 1].bbox.y1;
            if whole_label(&label, vocab) {
                let mut words = label;
                words.extend(first.words[zone..].iter().cloned());
                out[i] = Some(Line::new(first.page, words, first.skew));
                for (j, n) in taken {
                    let rest = current(out, j);
                    out[j] = Some(Line::new(rest.page, rest.words[n..].to_vec(), rest.skew));
                }
                break;
            }
        }
    }
}

/// How many of the line's first words lie in the label column.
fn label_zone(line: &Line, edge: f32) -> usize {
    line.words.iter().take_while(|w| in_labels(w, edge)).count()
}

/// How many of the line's first words start in the label column. A
/// column too narrow for a label's longest word lets the word run on past
/// the value column's edge ("realizzazione:", "Responsabilità:" printed
/// by a browser in a 14% column): it is still the label's, since values
/// start at the edge. Only for joining wrapped labels, which the
/// vocabulary must then recognise whole.
fn label_starts(line: &Line, edge: f32) -> usize {
    line.words
        .iter()
        .take_while(|w| w.bbox.x0 < edge - (w.bbox.y1 - w.bbox.y0).abs())
        .count()
}

fn in_labels(w: &Word, edge: f32) -> bool {
    w.bbox.x1 < edge - 0.5 * (w.bbox.y1 - w.bbox.y0).abs()
}

/// Whether the words are one head label, all of them.
fn whole_label(words: &[Word], vocab: &Vocabulary) -> bool {
    let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
    vocab
        .label_at_start(&texts)
        .is_some_and(|m| m.words == texts.len() && m.score >= 0.85)
}

fn ends_head(label: Label) -> bool {
    matches!(
        label,
        Label::Indicator | Label::Measures | Label::DeclaredIndicators
    )
}

/// The labels of a scheda's head.
const HEAD_LABELS: [Label; 7] = [
    Label::Mission,
    Label::Programme,
    Label::Title,
    Label::Description,
    Label::TimeFrame,
    Label::ResponsibilityCentre,
    Label::Resources,
];

fn is_head(label: Label) -> bool {
    HEAD_LABELS.contains(&label)
}

/// Where the value column starts: the median left edge of the first word
/// after a head label, when at least three labelled lines put it within
/// a line height of the median (labels followed inline by their value,
/// as in a layout without a label column, start their values anywhere).
fn value_edge(lines: &[Labelled]) -> Option<f32> {
    let mut starts: Vec<(f32, f32)> = lines
        .iter()
        .filter_map(|l| {
            let m = l.label.filter(|m| is_head(m.label) && m.score >= 0.85)?;
            let noise = l.line.words.len() - l.line.content_words().len();
            let first = l.line.words.get(noise + m.words)?;
            Some((first.bbox.x0, (first.bbox.y1 - first.bbox.y0).abs()))
        })
        .collect();
    starts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (median, height) = *starts.get(starts.len() / 2)?;
    let agreeing = starts
        .iter()
        .filter(|(x, _)| (x - median).abs() <= height)
        .count();
    (agreeing >= MIN_AGREEING && agreeing * 3 >= starts.len() * 2).then_some(median)
}

/// The line without the words left of the value column that are no
/// label; `None` when nothing is dropped (no such words, or a line that
/// lies wholly in the label column, as a boxed objective code does).
fn cleaned(line: &Line, edge: f32, vocab: &Vocabulary) -> Option<Line> {
    let zone = label_zone(line, edge);
    // A boxed code whose box edge OCR read as a glyph past the label
    // column ("L 032-003-001 J") is the scheda's code, not noise.
    if zone == 0 || zone == line.words.len() || super::scheda::code_only(&line.text).is_some() {
        return None;
    }
    // The label may follow some noise: keep it, drop what precedes it. A
    // label opening in the label column may run on past its edge (a
    // "Codice obiettivo" bar across the page).
    let texts: Vec<&str> = line.words.iter().map(|w| w.text.as_str()).collect();
    let label_from = (0..zone).find(|&j| {
        vocab
            .label_at_start(&texts[j..])
            .is_some_and(|m| m.score >= 0.85 || (j == 0 && m.score >= 0.7))
    });
    if label_from.is_none() {
        if let Some(whole) = completed_head(line, zone, vocab) {
            return Some(whole);
        }
    }
    let drop = label_from.unwrap_or(zone);
    if drop == 0 {
        return None;
    }
    Some(Line::new(line.page, line.words[drop..].to_vec(), line.skew))
}

/// Words a label's head has at least to be completed: one word ("Arco",
/// "Centro") may be anything's.
const HEAD_MIN_WORDS: usize = 2;

/// The line with its label completed where the words of its label column
/// are the first words of one head label, and no more ("Periodo di"
/// before "ANNO 2023": the label's wrapped line "realizzazione", on a
/// shaded cell, was lost by OCR). The missing words stand after the head,
/// at its end; without them the head would be dropped as noise, and the
/// value would join the field above.
fn completed_head(line: &Line, zone: usize, vocab: &Vocabulary) -> Option<Line> {
    let head: Vec<&str> = line.words[..zone].iter().map(|w| w.text.as_str()).collect();
    if zone < HEAD_MIN_WORDS {
        return None;
    }
    let mut rests = HEAD_LABELS
        .into_iter()
        .filter_map(|label| vocab.label_rest(&head, label));
    let rest = rests.next().filter(|_| rests.next().is_none())?;
    let end = line.words[zone - 1].bbox;
    let tail = rest.into_iter().map(|text| Word {
        text: text.to_string(),
        bbox: BBox {
            x0: end.x1,
            x1: end.x1,
            ..end
        },
        confidence: None,
        font_size: None,
    });
    let words: Vec<Word> = line.words[..zone]
        .iter()
        .cloned()
        .chain(tail)
        .chain(line.words[zone..].iter().cloned())
        .collect();
    Some(Line::new(line.page, words, line.skew))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::layout::test_line as line;

    fn texts(lines: &[Line], vocab: &Vocabulary) -> Vec<String> {
        let labelled = crate::layout::test_lines::labelled(lines, vocab);
        without_noise(&labelled, vocab)
            .into_iter()
            .zip(lines)
            .map(|(cleaned, line)| cleaned.map_or(line.text.clone(), |l| l.text))
            .collect()
    }

    #[test]
    fn noise_in_the_label_column_is_dropped_and_labels_kept() {
        let vocab = Vocabulary::builtin();
        let lines = [
            line(
                10.0,
                &[("Missione", 40.0), ("011", 290.0), ("Competitività", 310.0)],
            ),
            line(
                30.0,
                &[("0h", 40.0), ("Titolo", 160.0), ("DIFFUSIONE", 290.0)],
            ),
            line(
                50.0,
                &[
                    ("Arco", 40.0),
                    ("temporale", 70.0),
                    ("realizzazione", 120.0),
                    ("2019-2021", 290.0),
                ],
            ),
            line(70.0, &[("Bilancio", 290.0), ("2019:", 340.0)]),
            line(
                80.0,
                &[
                    ("3", 60.0),
                    ("x", 100.0),
                    ("n", 120.0),
                    ("1.726.821,00", 290.0),
                ],
            ),
            line(
                90.0,
                &[
                    ("Risorse", 40.0),
                    ("finanziarie", 80.0),
                    ("€", 290.0),
                    ("602,00", 300.0),
                ],
            ),
            line(110.0, &[("011-005-002", 60.0)]),
            // The box round a code read as glyphs, its right edge past the
            // label column's (DEV scan 135).
            line(115.0, &[("L", 40.0), ("011-005-004", 60.0), ("J", 295.0)]),
            // A code bar across the page: its label runs past the edge.
            line(
                120.0,
                &[
                    ("CODICE", 40.0),
                    ("OBIETTIVO", 250.0),
                    ("011-005-003", 300.0),
                ],
            ),
            // A label's wrapped line lost by OCR (DEV scan 169): its head
            // is completed, not dropped as noise.
            line(
                125.0,
                &[
                    ("Periodo", 40.0),
                    ("di", 90.0),
                    ("ANNO", 290.0),
                    ("2023", 330.0),
                ],
            ),
            line(
                130.0,
                &[("Indicatore", 40.0), ("1", 100.0), ("TITOLO", 290.0)],
            ),
            line(150.0, &[("EFFICACIA", 40.0), ("NUMERO", 290.0)]),
        ];
        assert_eq!(
            texts(&lines, &vocab),
            [
                "Missione 011 Competitività",
                "Titolo DIFFUSIONE",
                "Arco temporale realizzazione 2019-2021",
                "Bilancio 2019:",
                "1.726.821,00",
                "Risorse finanziarie € 602,00",
                // Wholly in the label column: the boxed code stays.
                "011-005-002",
                "L 011-005-004 J",
                "CODICE OBIETTIVO 011-005-003",
                "Periodo di realizzazione ANNO 2023",
                // Indicator tables have their own columns.
                "Indicatore 1 TITOLO",
                "EFFICACIA NUMERO",
            ]
        );
    }

    #[test]
    fn a_label_wrapped_over_the_label_column_is_joined_on_its_first_line() {
        let vocab = Vocabulary::builtin();
        let lines = [
            line(10.0, &[("Missione", 40.0), ("011", 290.0)]),
            line(30.0, &[("Programma", 40.0), ("005", 290.0)]),
            // Top-aligned: the label's second line below its value.
            line(
                50.0,
                &[
                    ("Arco", 40.0),
                    ("temporale", 70.0),
                    ("di", 120.0),
                    ("ANNO", 290.0),
                    ("2020", 320.0),
                ],
            ),
            line(60.0, &[("realizzazione", 40.0)]),
            // Centred: a value line between the label's lines.
            line(80.0, &[("Centro", 40.0), ("di", 80.0)]),
            line(90.0, &[("DIRIGENTE", 290.0), ("AREA", 350.0)]),
            line(100.0, &[("responsabilità", 40.0)]),
            line(
                120.0,
                &[("Risorse", 40.0), ("finanziarie", 80.0), ("€", 290.0)],
            ),
        ];
        assert_eq!(
            texts(&lines, &vocab),
            [
                "Missione 011",
                "Programma 005",
                "Arco temporale di realizzazione ANNO 2020",
                "",
                "Centro di responsabilità",
                "DIRIGENTE AREA",
                "",
                "Risorse finanziarie €",
            ]
        );
    }

    #[test]
    fn a_label_word_running_past_a_narrow_label_column_is_still_the_labels() {
        let vocab = Vocabulary::builtin();
        // A browser's 14% label column (DEV browser-printed scheda 500):
        // "realizzazione:" and "Responsabilità:" end past the value edge.
        let lines = [
            line(10.0, &[("Missione", 40.0), ("011", 110.0)]),
            line(30.0, &[("Programma", 40.0), ("005", 110.0)]),
            line(50.0, &[("Titolo", 40.0), ("DIFFUSIONE", 110.0)]),
            line(70.0, &[("Arco", 40.0), ("2023", 110.0)]),
            line(80.0, &[("temporale", 40.0)]),
            line(90.0, &[("realizzazione:", 40.0)]),
            line(
                110.0,
                &[("Centro", 40.0), ("di", 75.0), ("Segretario", 110.0)],
            ),
            line(120.0, &[("Responsabilità:", 40.0)]),
            line(140.0, &[("Risorse", 40.0), ("€", 110.0), ("602,00", 120.0)]),
            line(150.0, &[("finanziarie:", 40.0)]),
        ];
        assert_eq!(
            texts(&lines, &vocab),
            [
                "Missione 011",
                "Programma 005",
                "Titolo DIFFUSIONE",
                "Arco temporale realizzazione: 2023",
                "",
                "",
                "Centro di Responsabilità: Segretario",
                "",
                "Risorse finanziarie: € 602,00",
                "",
            ]
        );
    }

    #[test]
    fn labels_followed_inline_by_their_values_leave_lines_alone() {
        let vocab = Vocabulary::builtin();
        let lines = [
            line(
                10.0,
                &[("Missione", 40.0), ("011", 90.0), ("Competitività", 110.0)],
            ),
            line(30.0, &[("Titolo", 40.0), ("DIFFUSIONE", 80.0)]),
            line(
                50.0,
                &[
                    ("Arco", 40.0),
                    ("temporale", 70.0),
                    ("realizzazione", 120.0),
                    ("2019-2021", 190.0),
                ],
            ),
            line(
                70.0,
                &[
                    ("e", 40.0),
                    ("altre", 50.0),
                    ("imprese", 80.0),
                    ("digitali", 300.0),
                ],
            ),
        ];
        let expected: Vec<String> = lines.iter().map(|l| l.text.clone()).collect();
        assert_eq!(texts(&lines, &vocab), expected);
    }
}
