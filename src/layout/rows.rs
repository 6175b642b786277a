//! Rows of a scheda set without rules. A label may stand beside the middle
//! of its value (centred in its row) or at its foot, so that lines of the
//! value come before the label's line and, read in order, would join the
//! field above. A row's value lines are closer to each other than to the
//! next row's (the row's padding adds to the gap), so the gaps between
//! value lines tell the rows apart; each label then moves to the first
//! line of the row it stands in.

use std::collections::HashMap;

use super::Line;
use crate::read::{median, BBox, Rule, Word};
use crate::vocab::{Label, LabelMatch, Vocabulary};

/// Labelled lines that must agree on where values start.
const MIN_AGREEING: usize = 3;

/// How many lines of the label column one label may wrap over.
const MAX_LABEL_LINES: usize = 3;

/// A row's lines follow each other by at most this much more than the
/// tightest line step of the document's values.
const ROW_STEP: f32 = 1.2;

/// Above this step (in line heights) no value wraps within a row, and
/// rows cannot be told apart by their gaps.
const MAX_LINE_STEP: f32 = 1.45;

/// A line's height is that of the box around its words, taken from
/// lines of at least this many words where there are any: OCR boxes a
/// word by its glyphs ("mese" is as high as its x-height, "Ultimo" lacks
/// a descender), a text layer by its font; a line of several words has
/// both ascenders and descenders.
const TEXT_LINE_WORDS: usize = 3;

/// The document's lines with each label of the label column on the first
/// line of its row, when some label moves. Lines left without words are
/// dropped. A document with no label column, or whose rows no gap sets
/// apart, or whose labels all stand on their rows' first lines, gives
/// None: its lines stay as they are.
pub(super) fn labels_to_row_tops(
    lines: &[Line],
    vocab: &Vocabulary,
    across: &Across,
) -> Option<Vec<Line>> {
    let edge = value_edge(lines, vocab)?;
    let kinds = classify(lines, edge, vocab);
    let step = row_step(lines, &kinds, edge)?;
    let rows = rows(lines, &kinds, ValueColumn { edge, step }, across);
    let moves = moves(lines, &kinds, &rows, edge);
    if moves.is_empty() {
        return None;
    }
    Some(apply(lines, &kinds, &moves))
}

/// What a line is to the label column.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// Words in the value column only.
    Value,
    /// A row label, maybe wrapped over the next lines: its words here, and
    /// per later line (index, words) the fragments it took from them.
    Label {
        label: Label,
        words: usize,
        wrapped: Vec<(usize, usize)>,
    },
    /// Fragments of a label whose first line is above: the first `n`
    /// words of the line.
    Fragment(usize),
    /// Anything else in the label column (a table row, a code box, a
    /// ruled row): rows do not run across it.
    Barrier,
}

/// Labels of a row of the scheda's head or of an indicator's title block.
fn is_row_label(label: Label) -> bool {
    matches!(
        label,
        Label::ObjectiveCode
            | Label::Mission
            | Label::Programme
            | Label::Objective
            | Label::Title
            | Label::Description
            | Label::TimeFrame
            | Label::ResponsibilityCentre
            | Label::Resources
            | Label::Indicator
            | Label::Measures
    )
}

/// Where the value column starts: the median left edge of the first word
/// after a row label, when most labelled lines, and at least three lines
/// with or without a label, start their words there.
fn value_edge(lines: &[Line], vocab: &Vocabulary) -> Option<f32> {
    let mut labelled: Vec<(f32, f32)> = Vec::new();
    let mut others: Vec<f32> = Vec::new();
    for line in lines.iter().filter(|l| l.borders.is_empty()) {
        let content = line.content_words();
        let noise = line.words.len() - content.len();
        let m = vocab.label_at_start(&content);
        match m.filter(|m| m.score >= 0.85 && is_row_label(m.label)) {
            // "Indicatore 1 TITOLO": the number is no value's start.
            Some(m) if m.label == Label::Indicator => {}
            Some(m) => {
                if let Some(w) = line.words.get(noise + m.words) {
                    labelled.push((w.bbox.x0, height(w)));
                }
            }
            None => others.extend(line.words.first().map(|w| w.bbox.x0)),
        }
    }
    labelled.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (edge, h) = *labelled.get(labelled.len() / 2)?;
    let agreeing = labelled
        .iter()
        .filter(|(x, _)| (x - edge).abs() <= h)
        .count();
    let also = others.iter().filter(|x| (*x - edge).abs() <= h).count();
    (agreeing >= 2 && agreeing * 3 >= labelled.len() * 2 && agreeing + also >= MIN_AGREEING)
        .then_some(edge)
}

fn height(w: &Word) -> f32 {
    (w.bbox.y1 - w.bbox.y0).abs()
}

/// How many of the line's first words lie in the label column.
fn label_zone(line: &Line, edge: f32) -> usize {
    line.words
        .iter()
        .take_while(|w| w.bbox.x1 < edge - 0.25 * height(w))
        .count()
}

/// Each line's kind; wrapped labels are joined on their first line.
fn classify(lines: &[Line], edge: f32, vocab: &Vocabulary) -> Vec<Kind> {
    let mut kinds = vec![Kind::Value; lines.len()];
    for i in 0..lines.len() {
        if kinds[i] != Kind::Value {
            continue;
        }
        let line = &lines[i];
        let zone = label_zone(line, edge);
        kinds[i] = if !line.borders.is_empty() {
            Kind::Barrier
        } else if zone == 0 {
            Kind::Value
        } else {
            label_from(lines, i, zone, edge, vocab, &mut kinds)
        };
    }
    kinds
}

/// The kind of line `i`, whose first `zone` words are in the label column:
/// a row label, alone or joined with fragments of the next lines (which
/// are marked in `kinds`), or a barrier.
fn label_from(
    lines: &[Line],
    i: usize,
    zone: usize,
    edge: f32,
    vocab: &Vocabulary,
    kinds: &mut [Kind],
) -> Kind {
    let first = &lines[i];
    let mut texts: Vec<&str> = first.words[..zone]
        .iter()
        .map(|w| w.text.as_str())
        .collect();
    if let Some(label) = row_labels(&texts, vocab) {
        return Kind::Label {
            label,
            words: zone,
            wrapped: Vec::new(),
        };
    }
    let h = height(&first.words[0]);
    let mut bottom = first.words[zone - 1].bbox.y1;
    let mut wrapped: Vec<(usize, usize)> = Vec::new();
    for (j, next) in lines.iter().enumerate().skip(i + 1) {
        let Some(top) = next.words.first().map(|w| w.bbox.y0) else {
            continue;
        };
        if next.page != first.page
            || top - bottom > 2.5 * h
            || wrapped.len() + 1 >= MAX_LABEL_LINES
            || !next.borders.is_empty()
        {
            break;
        }
        let n = label_zone(next, edge);
        if n == 0 {
            continue;
        }
        texts.extend(next.words[..n].iter().map(|w| w.text.as_str()));
        wrapped.push((j, n));
        bottom = next.words[n - 1].bbox.y1;
        if let Some(label) = row_labels(&texts, vocab) {
            for &(j, n) in &wrapped {
                kinds[j] = Kind::Fragment(n);
            }
            return Kind::Label {
                label,
                words: zone,
                wrapped,
            };
        }
    }
    Kind::Barrier
}

/// The last of the row labels the words are, all of them ("Obiettivo
/// Titolo": a row-group label, then its row's; "Indicatore 3").
fn row_labels(words: &[&str], vocab: &Vocabulary) -> Option<Label> {
    let mut at = 0;
    let mut last = None;
    while at < words.len() {
        let m: LabelMatch = vocab.label_at_start(&words[at..])?;
        if m.score < 0.85 || !is_row_label(m.label) || m.words == 0 {
            return None;
        }
        at += m.words;
        // "Indicatore 3": the indicator's number is part of its label.
        let number = words.get(at).is_some_and(|w| w.parse::<u32>().is_ok());
        if m.label == Label::Indicator && number {
            at += 1;
        }
        last = Some(m.label);
    }
    last
}

/// The words of a line in the value column.
fn value_words<'a>(line: &'a Line, kind: &Kind, edge: f32) -> &'a [Word] {
    let from = match kind {
        Kind::Value => 0,
        Kind::Barrier => line.words.len(),
        Kind::Label { .. } | Kind::Fragment(_) => label_zone(line, edge),
    };
    &line.words[from..]
}

/// The step from one line of a row's value to the next: the tightest
/// step (its lower fifth) between lines of the value column. None when
/// that is no wrapped line's step.
fn row_step(lines: &[Line], kinds: &[Kind], edge: f32) -> Option<f32> {
    let mut steps: Vec<f32> = Vec::new();
    let (mut heights, mut short_heights): (Vec<f32>, Vec<f32>) = (Vec::new(), Vec::new());
    let mut last: Option<(u32, f32)> = None;
    for (line, kind) in lines.iter().zip(kinds) {
        if *kind == Kind::Barrier {
            last = None;
            continue;
        }
        let words = value_words(line, kind, edge);
        let Some(b) = BBox::around(words.iter().map(|w| w.bbox)) else {
            continue;
        };
        let (top, h) = (b.y0, b.y1 - b.y0);
        if words.len() >= TEXT_LINE_WORDS {
            heights.push(h);
        } else {
            short_heights.push(h);
        }
        // Lines of one column do not overlap: closer lines are cells of a
        // table side by side.
        if let Some((page, before)) = last {
            if page == line.page && top - before >= 0.9 * h {
                steps.push(top - before);
            }
        }
        last = Some((line.page, top));
    }
    steps.sort_by(f32::total_cmp);
    let step = *steps.get(steps.len() / 5)?;
    let h = median(heights).or_else(|| median(short_heights))?;
    (step <= MAX_LINE_STEP * h).then_some(step)
}

/// One row's value: its lines (in order) and its vertical extent.
#[derive(Debug, Clone)]
struct Row {
    page: u32,
    lines: Vec<usize>,
    top: f32,
    bottom: f32,
}

/// The horizontal rules of each page, in the frame of its lines.
pub(super) type Across = HashMap<u32, Vec<Rule>>;

/// The value column: where it starts, and the step from one line of a
/// row's value to the next.
#[derive(Debug, Clone, Copy)]
struct ValueColumn {
    edge: f32,
    step: f32,
}

impl ValueColumn {
    /// Whether a rule of `across` parts the value lines whose middles are
    /// `above` and `below` on `page`: a row's rule, starting left of the
    /// value column (an underline starts at its word).
    fn ruled_between(&self, across: &Across, page: u32, above: f32, below: f32) -> bool {
        across.get(&page).is_some_and(|rules| {
            rules
                .iter()
                .any(|r| r.at > above && r.at < below && r.from < self.edge && r.to > self.edge)
        })
    }
}

/// The rows of value lines: a line opens a new row after a barrier, on a
/// new page, below a rule drawn across the value column, or further below
/// the line before than a row's lines are.
fn rows(lines: &[Line], kinds: &[Kind], column: ValueColumn, across: &Across) -> Vec<Row> {
    let ValueColumn { edge, step } = column;
    let mut rows: Vec<Row> = Vec::new();
    let mut open = false;
    let (mut last_top, mut last_mid) = (f32::NEG_INFINITY, f32::NEG_INFINITY);
    for (i, (line, kind)) in lines.iter().zip(kinds).enumerate() {
        if *kind == Kind::Barrier {
            open = false;
            continue;
        }
        let Some(b) = BBox::around(value_words(line, kind, edge).iter().map(|w| w.bbox)) else {
            continue;
        };
        let ruled = || column.ruled_between(across, line.page, last_mid, b.y_mid());
        match rows.last_mut() {
            Some(row)
                if open
                    && row.page == line.page
                    && b.y0 - last_top <= ROW_STEP * step
                    && !ruled() =>
            {
                row.lines.push(i);
                row.bottom = row.bottom.max(b.y1);
            }
            _ => rows.push(Row {
                page: line.page,
                lines: vec![i],
                top: b.y0,
                bottom: b.y1,
            }),
        }
        open = true;
        (last_top, last_mid) = (b.y0, b.y_mid());
    }
    rows
}

/// The label's extent: its words on its line and the lines it wraps over.
fn label_box(lines: &[Line], i: usize, words: usize, wrapped: &[(usize, usize)]) -> Option<BBox> {
    let own = lines[i].words[..words].iter();
    let rest = wrapped
        .iter()
        .flat_map(|&(j, n)| lines[j].words[..n].iter());
    BBox::around(own.chain(rest).map(|w| w.bbox))
}

/// Which labels move, as (label's line, row's first line): a label whose
/// row begins above it, or below its first line (it wraps round a value
/// of one line), with no other label between (a row-group label,
/// "Obiettivo", may share its row), and whose middle lies within the row.
/// Where "Obiettivo" labels the title itself, the row is two
/// ([`after_own_label`]).
fn moves(lines: &[Line], kinds: &[Kind], rows: &[Row], edge: f32) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (i, kind) in kinds.iter().enumerate() {
        let Kind::Label {
            label,
            words,
            wrapped,
        } = kind
        else {
            continue;
        };
        let Some(b) = label_box(lines, i, *words, wrapped) else {
            continue;
        };
        let overlap = |r: &Row| r.bottom.min(b.y1) - r.top.max(b.y0);
        let best = rows
            .iter()
            .filter(|r| r.page == lines[i].page && overlap(r) > 0.0)
            .max_by(|a, c| overlap(a).total_cmp(&overlap(c)));
        let Some(row) = best else {
            continue;
        };
        let middle = b.y_mid();
        let first = after_own_label(lines, kinds, row, edge, middle).unwrap_or(row.lines[0]);
        // The label's first line above its row's: it opens a label
        // wrapped round a one-line value ("Codice" / value / "obiettivo").
        let between = if first < i { first..i } else { i + 1..first };
        let between_free = between.into_iter().all(|j| match &kinds[j] {
            Kind::Label { label: other, .. } => {
                *other == Label::Objective && *label != Label::Objective
            }
            _ => true,
        });
        if first != i && between_free && (row.top..=row.bottom).contains(&middle) {
            out.push((i, first));
        }
    }
    out
}

/// Where a label's row starts when the row's first line holds
/// "Obiettivo" as the title's own label (the scheda has no "Titolo": the
/// label above is another row's, "Programma"). By their gaps the title's
/// row and the next are one (the step between them barely wider than a
/// line's), and the next row's label stands beside the middle of its
/// value: its row starts at the line below the title from which the rest
/// of the row is centred on the label. A line's top is its words' median
/// top, which one tall glyph ("È") does not move. None for any other row.
fn after_own_label(
    lines: &[Line],
    kinds: &[Kind],
    row: &Row,
    edge: f32,
    middle: f32,
) -> Option<usize> {
    let first = *row.lines.first()?;
    if !matches!(
        kinds[first],
        Kind::Label {
            label: Label::Objective,
            ..
        }
    ) {
        return None;
    }
    let above = kinds[..first].iter().rev().find_map(|k| match k {
        Kind::Label { label, .. } => Some(*label),
        _ => None,
    });
    if above == Some(Label::Title) {
        return None;
    }
    let top = |j: usize| {
        median(
            value_words(&lines[j], &kinds[j], edge)
                .iter()
                .map(|w| w.bbox.y0),
        )
    };
    let off_centre = |t: f32| ((t + row.bottom) / 2.0 - middle).abs();
    row.lines
        .iter()
        .skip(1)
        .filter_map(|&j| Some((j, top(j)?)))
        .take_while(|(_, t)| *t <= middle)
        .min_by(|a, b| off_centre(a.1).total_cmp(&off_centre(b.1)))
        .map(|(j, _)| j)
}

/// The lines with the labels moved: a moved label's words (and the
/// fragments it wraps over) open its row's first line, after any label
/// moved there before it; lines left empty are dropped.
fn apply(lines: &[Line], kinds: &[Kind], moves: &[(usize, usize)]) -> Vec<Line> {
    let mut words: Vec<Vec<Word>> = lines.iter().map(|l| l.words.clone()).collect();
    // Labels already on a row's first line stay first.
    let mut labels_at: Vec<usize> = kinds
        .iter()
        .map(|k| match k {
            Kind::Label { words, .. } => *words,
            _ => 0,
        })
        .collect();
    for &(from, to) in moves {
        let Kind::Label {
            words: n, wrapped, ..
        } = &kinds[from]
        else {
            continue;
        };
        let mut label: Vec<Word> = words[from].drain(..*n).collect();
        for &(j, m) in wrapped {
            label.extend(words[j].drain(..m));
        }
        let at = labels_at[to];
        labels_at[to] += label.len();
        words[to].splice(at..at, label);
    }
    lines
        .iter()
        .zip(words)
        .filter(|(_, w)| !w.is_empty())
        .map(|(line, w)| Line {
            text: w
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            words: w,
            borders: line.borders.clone(),
            ..*line
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::layout::test_line as line;

    struct Case {
        name: &'static str,
        /// (y, words): labels from x 40, values from x 200.
        lines: Vec<(f32, Vec<&'static str>)>,
        want: Vec<&'static str>,
    }

    /// Words before "|" in the label column (from x 40), after it in the
    /// value column (from x 200).
    fn placed(y: f32, words: &[&str]) -> Line {
        let split = words
            .iter()
            .position(|w| *w == "|")
            .expect("a | in each line");
        let mut out = Vec::new();
        for (part, mut x) in [(&words[..split], 40.0), (&words[split + 1..], 200.0)] {
            for w in part {
                out.push((*w, x));
                x += 5.0 * w.chars().count() as f32 + 3.0;
            }
        }
        line(y, &out)
    }

    /// On a scan OCR boxes a word by its glyphs: "una" is as high as its
    /// x-height, under half the line (lines 8 pt high, 10 pt apart in a
    /// row, rows 18 pt apart). The rows are still told apart by the
    /// line's height, not its first word's.
    #[test]
    fn ocr_lines_whose_first_words_are_short_still_make_rows() {
        let x_height_only = |t: &str| t.chars().all(|c| "aceimnorsuvwxz".contains(c));
        let ocr = |y: f32, words: &[&str]| {
            let mut line = placed(y, words);
            for w in line.words.iter_mut().filter(|w| x_height_only(&w.text)) {
                w.bbox.y0 += 3.0;
                w.bbox.y1 -= 2.0;
            }
            line
        };
        let lines: Vec<Line> = [
            (
                10.0,
                vec!["Missione", "|", "una", "missione", "Competitività"],
            ),
            (28.0, vec!["|", "con", "005", "Promozione"]),
            (33.0, vec!["Programma", "|"]),
            (38.0, vec!["|", "verso", "movimento", "cooperativo"]),
            (56.0, vec!["|", "una", "DIFFUSIONE", "TRA"]),
            (61.0, vec!["Titolo", "|"]),
            (66.0, vec!["|", "es", "IMPRESE", "DIGITALI"]),
            (
                84.0,
                vec!["Descrizione", "|", "una", "descrizione", "breve"],
            ),
        ]
        .iter()
        .map(|(y, w)| ocr(*y, w))
        .collect();
        let moved = labels_to_row_tops(&lines, &Vocabulary::builtin(), &Across::new())
            .expect("labels move");
        let got: Vec<&str> = moved.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            got,
            [
                "Missione una missione Competitività",
                "Programma con 005 Promozione",
                "verso movimento cooperativo",
                "Titolo una DIFFUSIONE TRA",
                "es IMPRESE DIGITALI",
                "Descrizione una descrizione breve",
            ]
        );
    }

    /// A label wrapped round a one-line value ("Centro di" / value /
    /// "Responsabilità") whose long word reaches within half a line of
    /// the value column: its words are still the label column's.
    #[test]
    fn a_label_reaching_near_the_values_wraps_round_its_value() {
        let at = |y: f32, words: &[(&str, f32)]| line(y, words);
        let lines = vec![
            placed(10.0, &["Missione", "|", "011", "Competitività"]),
            placed(19.0, &["|", "e", "sviluppo"]),
            placed(31.0, &["Programma", "|", "005", "Promozione"]),
            at(43.0, &[("Centro", 40.0), ("di", 73.0)]),
            placed(48.0, &["|", "Dirigente", "area"]),
            // 14 letters from x 127: they end 3 pt short of the values.
            at(53.0, &[("Responsabilità", 127.0)]),
            placed(65.0, &["Titolo", "|", "DIFFUSIONE"]),
        ];
        let moved = labels_to_row_tops(&lines, &Vocabulary::builtin(), &Across::new())
            .expect("a label moves");
        let got: Vec<&str> = moved.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            got,
            [
                "Missione 011 Competitività",
                "e sviluppo",
                "Programma 005 Promozione",
                "Centro di Responsabilità Dirigente area",
                "Titolo DIFFUSIONE",
            ]
        );
    }

    /// "Obiettivo" beside the title (no "Titolo" label), "Descrizione"
    /// centred on the description's five lines, lines 9 pt apart
    /// throughout (DEV scans 163 and 182): by the gaps alone the title and
    /// the description are one row, and "Descrizione" took the title's
    /// line. OCR boxes the accent of "È" `raised` above its line.
    fn own_title_label(raised: f32) -> Vec<Line> {
        let mut lines: Vec<Line> = [
            (10.0, vec!["Missione", "|", "012", "Regolazione"]),
            (22.0, vec!["Programma", "|", "004", "Vigilanza"]),
            (34.0, vec!["Obiettivo", "|", "RETE", "S.U.A.P.", "A"]),
            (43.0, vec!["|", "TERRITORIO"]),
            (52.0, vec!["|", "È", "la", "Camera"]),
            (61.0, vec!["|", "dall'imprenditore", "grazie"]),
            (70.0, vec!["Descrizione", "|", "digitale"]),
            (79.0, vec!["|", "dei", "terzi"]),
            (88.0, vec!["|", "delle", "imprese"]),
            (100.0, vec!["Arco", "temporale", "|", "2020"]),
        ]
        .iter()
        .map(|(y, w)| placed(*y, w))
        .collect();
        lines[4].words[0].bbox.y0 -= raised;
        lines
    }

    const OWN_TITLE_LABEL_MOVED: [&str; 9] = [
        "Missione 012 Regolazione",
        "Programma 004 Vigilanza",
        "Obiettivo RETE S.U.A.P. A",
        "TERRITORIO",
        "Descrizione È la Camera",
        "dall'imprenditore grazie",
        "digitale",
        "dei terzi",
        "delle imprese",
    ];

    fn moved_texts(lines: &[Line], across: &Across) -> Vec<String> {
        labels_to_row_tops(lines, &Vocabulary::builtin(), across)
            .expect("labels move")
            .into_iter()
            .map(|l| l.text)
            .collect()
    }

    /// A rule drawn across the row between the title and the description
    /// parts them (DEV 182); an underline, starting at its word in the
    /// value column, parts nothing.
    #[test]
    fn a_rule_across_the_value_column_parts_two_rows() {
        let lines = own_title_label(0.0);
        let rule = Rule {
            axis: crate::read::Axis::Horizontal,
            at: 50.0,
            from: 30.0,
            to: 400.0,
        };
        let got = moved_texts(&lines, &Across::from([(1, vec![rule])]));
        assert_eq!(got[..9], OWN_TITLE_LABEL_MOVED);
        let underline = Rule {
            from: 200.0,
            ..rule
        };
        let rows = |across: &Across| {
            let edge = value_edge(&lines, &Vocabulary::builtin()).expect("an edge");
            let kinds = classify(&lines, edge, &Vocabulary::builtin());
            let step = row_step(&lines, &kinds, edge).expect("a step");
            let column = ValueColumn { edge, step };
            rows(&lines, &kinds, column, across)
                .iter()
                .map(|r| r.lines.clone())
                .collect::<Vec<_>>()
        };
        let ruled = rows(&Across::from([(1, vec![rule])]));
        assert!(ruled.contains(&vec![2, 3]), "{ruled:?}");
        assert_eq!(
            rows(&Across::from([(1, vec![underline])])),
            rows(&Across::new())
        );
    }

    /// Without a rule, the description's row starts at the line below the
    /// title from which the rest is centred on "Descrizione" (DEV 163).
    #[test]
    fn obiettivo_beside_the_title_keeps_its_row() {
        let got = moved_texts(&own_title_label(1.5), &Across::new());
        assert_eq!(got[..9], OWN_TITLE_LABEL_MOVED);
    }

    #[test]
    fn labels_move_to_the_first_line_of_their_row() {
        let cases = [
            Case {
                name: "centred labels, rows 12 pt apart, lines 9 pt",
                lines: vec![
                    (10.0, vec!["Missione", "|", "011", "Competitività"]),
                    (22.0, vec!["|", "005", "Promozione"]),
                    (26.5, vec!["Programma", "|"]),
                    (31.0, vec!["|", "movimento", "cooperativo"]),
                    (43.0, vec!["|", "DIFFUSIONE", "TRA"]),
                    (47.5, vec!["Titolo", "|"]),
                    (52.0, vec!["|", "IMPRESE", "DIGITALI"]),
                    (64.0, vec!["|", "Una", "descrizione"]),
                    (73.0, vec!["Descrizione", "|", "su", "tre"]),
                    (82.0, vec!["|", "righe"]),
                ],
                want: vec![
                    "Missione 011 Competitività",
                    "Programma 005 Promozione",
                    "movimento cooperativo",
                    "Titolo DIFFUSIONE TRA",
                    "IMPRESE DIGITALI",
                    "Descrizione Una descrizione",
                    "su tre",
                    "righe",
                ],
            },
            Case {
                name: "a label wrapped over two lines, centred on three, moves whole",
                lines: vec![
                    (10.0, vec!["Missione", "|", "011", "Competitività"]),
                    (19.0, vec!["|", "e", "sviluppo"]),
                    (31.0, vec!["|", "ANNO"]),
                    (36.0, vec!["Arco", "temporale", "|"]),
                    (40.0, vec!["|", "2020"]),
                    (44.0, vec!["realizzazione", "|"]),
                    (49.0, vec!["|", "2021"]),
                    (61.0, vec!["Titolo", "|", "DIFFUSIONE"]),
                ],
                want: vec![
                    "Missione 011 Competitività",
                    "e sviluppo",
                    "Arco temporale realizzazione ANNO",
                    "2020",
                    "2021",
                    "Titolo DIFFUSIONE",
                ],
            },
            Case {
                name: "a label wrapped round a one-line value moves down to it",
                lines: vec![
                    (10.0, vec!["Codice", "|"]),
                    (15.0, vec!["|", "011-005-001"]),
                    (20.0, vec!["obiettivo", "|"]),
                    (32.0, vec!["Missione", "|", "011", "Competitività"]),
                    (41.0, vec!["|", "e", "sviluppo"]),
                    (53.0, vec!["Titolo", "|", "DIFFUSIONE"]),
                ],
                want: vec![
                    "Codice obiettivo 011-005-001",
                    "Missione 011 Competitività",
                    "e sviluppo",
                    "Titolo DIFFUSIONE",
                ],
            },
            Case {
                name: "top-aligned labels stay",
                lines: vec![
                    (10.0, vec!["Missione", "|", "011", "Competitività"]),
                    (19.0, vec!["|", "e", "sviluppo"]),
                    (31.0, vec!["Programma", "|", "005", "Promozione"]),
                    (40.0, vec!["|", "cooperativo"]),
                    (52.0, vec!["Titolo", "|", "DIFFUSIONE"]),
                    (61.0, vec!["|", "DIGITALE"]),
                ],
                want: vec![
                    "Missione 011 Competitività",
                    "e sviluppo",
                    "Programma 005 Promozione",
                    "cooperativo",
                    "Titolo DIFFUSIONE",
                    "DIGITALE",
                ],
            },
            Case {
                name: "rows no gap sets apart: nothing moves",
                lines: vec![
                    (10.0, vec!["Missione", "|", "011", "Competitività"]),
                    (19.0, vec!["|", "005", "Promozione"]),
                    (23.0, vec!["Programma", "|"]),
                    (28.0, vec!["|", "cooperativo"]),
                    (37.0, vec!["Titolo", "|", "DIFFUSIONE"]),
                    (46.0, vec!["|", "DIGITALE"]),
                ],
                want: vec![
                    "Missione 011 Competitività",
                    "005 Promozione",
                    "Programma",
                    "cooperativo",
                    "Titolo DIFFUSIONE",
                    "DIGITALE",
                ],
            },
            Case {
                name: "an indicator's title and what it measures, centred",
                lines: vec![
                    (10.0, vec!["Missione", "|", "011", "Competitività"]),
                    (22.0, vec!["Titolo", "|", "DIFFUSIONE"]),
                    (34.0, vec!["|", "DISPONIBILITÀ", "DI"]),
                    (38.5, vec!["Indicatore", "1", "|"]),
                    (43.0, vec!["|", "CONTRIBUTI"]),
                    (55.0, vec!["|", "IMPORTO", "STANZIATO"]),
                    (59.5, vec!["Cosa", "misura", "|"]),
                    (64.0, vec!["|", "NELL'ANNO"]),
                ],
                want: vec![
                    "Missione 011 Competitività",
                    "Titolo DIFFUSIONE",
                    "Indicatore 1 DISPONIBILITÀ DI",
                    "CONTRIBUTI",
                    "Cosa misura IMPORTO STANZIATO",
                    "NELL'ANNO",
                ],
            },
        ];
        let vocab = Vocabulary::builtin();
        for case in cases {
            let mut lines: Vec<Line> = case.lines.iter().map(|(y, w)| placed(*y, w)).collect();
            lines.sort_by(|a, b| a.words[0].bbox.y0.total_cmp(&b.words[0].bbox.y0));
            let got: Vec<String> = labels_to_row_tops(&lines, &vocab, &Across::new())
                .unwrap_or(lines)
                .into_iter()
                .map(|l| l.text)
                .collect();
            assert_eq!(got, case.want, "{}", case.name);
        }
    }
}
