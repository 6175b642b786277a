//! A scheda's label column that plain OCR text gives as one block. Where
//! the labels stand far left of their values, Tesseract takes the label
//! column for a block of its own: the page's text lists "Missione",
//! "Programma", "Obiettivo", ... one under the other, and only then the
//! values, in the same order. Here such a block is set back into rows:
//! each label takes, in turn, the lines that its kind of value opens with
//! (a mission's "011 - ...", a time frame's year, a budget line) and the
//! label's line becomes "label value", as the rest of the layout expects.
//!
//! What stands among the labels and is none of them (a table's first
//! cells below the label column, "Tipologia" and its value) follows the
//! label it stood under; value lines no label takes keep their order.
//!
//! A page may open with an indicator's labels alone ("Indicatore 1",
//! "Cosa misura", "Tipologia" and the type cell, "Se altro" rows), the
//! scheda's head on an earlier page: a bare indicator number over a bare
//! "Cosa misura" is such a column too, since an indicator's title is
//! never empty. There the type cell opens the table's first body line
//! and the "Se altro" rows wait until the table's body is out, as a row
//! read across the page would have them.

use std::sync::LazyLock;

use regex::Regex;

use super::lines::{is_rule_noise, starts_with_code};
use super::scheda::{code_line, mostly_upper};
use super::table::columnar::is_type_cell;
use super::{Labelled, Line};
use crate::read::Word;
use crate::vocab::{fold, Label, Vocabulary};

/// Similarity a line needs to be taken for a bare label.
const LABEL_SCORE: f64 = 0.8;

/// Fewest labels one under the other that make a label column: two bare
/// labels in a row are also fields left empty.
const MIN_RUN: usize = 4;

/// Fewest labels that make a column opening with an indicator's: its
/// number and "Cosa misura" (see [`opens_indicator_column`]).
const MIN_INDICATOR_RUN: usize = 2;

/// Fewest words of an indicator's title found among other values.
const MIN_TITLE_WORDS: usize = 2;

/// A label wrapped in its column stands on at most this many lines.
const MAX_LABEL_LINES: usize = 3;

/// Most lines of a mission, programme or responsibility centre.
const MAX_SHORT_VALUE: usize = 4;

/// A time frame's year ("ANNO 2023", "2019-2021", "01/01/2023 - 31/12/2023").
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:19|20)[0-9]{2}\b").expect("valid regex"));

/// The longest line taken for a time frame alone.
const MAX_TIME_FRAME_CHARS: usize = 40;

/// One label of the column: its kind and the lines it was printed on.
struct Slot {
    label: Label,
    lines: Vec<Line>,
    /// Lines under the label that are none (a table's first cells).
    side: Vec<Line>,
}

/// The lines with every label column read as a block set back into rows.
pub(super) fn unstack(lines: Vec<Line>, vocab: &Vocabulary) -> Vec<Line> {
    let mut out = Vec::with_capacity(lines.len());
    let mut page: Vec<Line> = Vec::new();
    for line in lines {
        if page.last().is_some_and(|l| l.page != line.page) {
            out.extend(unstack_page(std::mem::take(&mut page), vocab));
        }
        page.push(line);
    }
    out.extend(unstack_page(page, vocab));
    out
}

/// One page's lines, its label columns set back into rows.
fn unstack_page(lines: Vec<Line>, vocab: &Vocabulary) -> Vec<Line> {
    let mut out = Vec::with_capacity(lines.len());
    let mut at = 0;
    while at < lines.len() {
        match column_at(&lines, at, vocab) {
            Some(column) => {
                let end = column.stream_end;
                out.extend(column.rows(&lines, vocab));
                at = end;
            }
            None => {
                out.push(lines[at].clone());
                at += 1;
            }
        }
    }
    out
}

/// A label column found on a page, and where its values stand.
struct Column {
    /// Lines before the first value that belong to no label.
    lead: Vec<Line>,
    slots: Vec<Slot>,
    /// The values' lines: `stream_start..stream_end` of the page.
    stream_start: usize,
    stream_end: usize,
}

/// The label column that opens at line `at`, if one does: at least
/// [`MIN_RUN`] bare labels of the scheda's head one under the other
/// (objective codes among them), then lines up to the first mission code,
/// where the values begin.
fn column_at(lines: &[Line], at: usize, vocab: &Vocabulary) -> Option<Column> {
    let (first, _) = slot_at(lines, at, vocab)?;
    let indicators_first = opens_indicator_column(lines, at, vocab);
    if !is_head(first) && !indicators_first {
        return None;
    }
    let min_run = if indicators_first {
        MIN_INDICATOR_RUN
    } else {
        MIN_RUN
    };
    let mut slots: Vec<Slot> = Vec::new();
    let mut lead: Vec<Line> = Vec::new();
    let mut i = at;
    let mut run = 0;
    let mut in_run = true;
    while i < lines.len() {
        let line = &lines[i];
        if line.is_blank() {
            i += 1;
            continue;
        }
        if is_mission_value(line, vocab) {
            break;
        }
        // Past an indicator's labels, the column holds only labels and
        // the table's first cells: the first other line is a value.
        let indicators = slots.iter().any(|s| s.label == Label::Indicator);
        if indicators && slot_at(lines, i, vocab).is_none() && !in_column(line, vocab) {
            break;
        }
        match slot_at(lines, i, vocab) {
            Some((label, n)) => {
                if in_run {
                    run += 1;
                }
                slots.push(Slot {
                    label,
                    lines: lines[i..i + n].to_vec(),
                    side: Vec::new(),
                });
                i += n;
                continue;
            }
            None if in_run && is_code(line, vocab) => {}
            None => {
                // A label with its value beside it: the labels are not
                // a column apart.
                if has_label_and_value(line, vocab) {
                    return None;
                }
                in_run = false;
                if run < min_run {
                    return None;
                }
            }
        }
        match slots.last_mut() {
            Some(slot) => slot.side.push(line.clone()),
            None => lead.push(line.clone()),
        }
        i += 1;
    }
    if run < min_run || i >= lines.len() || !slots.iter().any(|s| opens_scheda(s.label)) {
        return None;
    }
    // Text after the last label that is no label stood above the values.
    if let Some(last) = slots.last_mut() {
        let keep = last.side.iter().rposition(|l| label_of(l, vocab).is_some());
        let moved = last.side.split_off(keep.map_or(0, |k| k + 1));
        lead.extend(moved);
    }
    let stream_end = (i + 1..lines.len())
        .find(|&k| {
            slot_at(lines, k, vocab).is_some_and(|(l, _)| l == Label::Mission)
                || opens_indicator_column(lines, k, vocab)
        })
        .unwrap_or(lines.len());
    Some(Column {
        lead,
        slots,
        stream_start: i,
        stream_end,
    })
}

impl Column {
    /// The column's labels, each on one line with the first line of its
    /// value, the value's other lines after it.
    fn rows(self, lines: &[Line], vocab: &Vocabulary) -> Vec<Line> {
        let stream = Stream {
            lines: &lines[self.stream_start..self.stream_end],
            vocab,
        };
        let mut out = self.lead;
        let mut p = 0;
        let labels: Vec<Label> = self.slots.iter().map(|s| s.label).collect();
        // An indicator's "Se altro" rows close its table: they wait for
        // the table's lines that no label takes.
        let mut notes: Vec<Line> = Vec::new();
        // The table's first cell (its type), read in the label column:
        // it opens the table's first body line.
        let mut first_cell: Vec<Line> = Vec::new();
        for (k, slot) in self.slots.into_iter().enumerate() {
            let (start, end) = stream.value(slot.label, &labels[k + 1..], p);
            out.extend(opening_row(&stream.lines[p..start], &mut first_cell));
            let value = &stream.lines[start..end];
            let row = joined(&slot.lines, value.first());
            if slot.label == Label::Other && value.is_empty() {
                notes.push(row);
                notes.extend(slot.side);
                continue;
            }
            out.append(&mut notes);
            out.push(row);
            out.extend(value.iter().skip(1).cloned());
            let header = matches!(slot.label, Label::Column(_)) && !value.is_empty();
            if header
                && slot
                    .side
                    .iter()
                    .all(|l| l.is_blank() || in_column(l, vocab))
            {
                first_cell.extend(slot.side);
            } else {
                out.extend(slot.side);
            }
            p = end;
        }
        out.extend(opening_row(&stream.lines[p..], &mut first_cell));
        out.append(&mut first_cell);
        out.append(&mut notes);
        out
    }
}

/// The lines a label column's values stand on.
struct Stream<'a> {
    lines: &'a [Line],
    vocab: &'a Vocabulary,
}

impl Stream<'_> {
    /// The lines `start..end` that a label of kind `label` takes from line
    /// `p` on (`start == end` when its value is not there); `later` are
    /// the labels after it. Lines `p..start` are taken by none.
    fn value(&self, label: Label, later: &[Label], p: usize) -> (usize, usize) {
        let n = self.lines.len();
        let p = (p..n).find(|&k| !self.lines[k].is_blank()).unwrap_or(n);
        if p >= n {
            return (p, p);
        }
        let here = &self.lines[p];
        let empty = (p, p);
        match label {
            Label::Mission => match (p..n).find(|&k| self.is_code_value(k)) {
                Some(start) => (start, self.short_end(start)),
                None => empty,
            },
            Label::Programme if self.is_code_value(p) => (p, self.short_end(p)),
            Label::Objective | Label::Title if !self.is_label(p) => (p, self.title_end(p)),
            Label::Indicator => match self.title_start(p) {
                Some(start) => (start, self.title_end(start)),
                None => empty,
            },
            Label::Column(_) if self.is_label(p) || self.is_header_words(p) => {
                (p, self.header_end(p))
            }
            Label::Description => (p, self.description_end(p, later)),
            Label::TimeFrame if is_time_frame(&here.text, self.vocab) => (p, p + 1),
            Label::ResponsibilityCentre if !self.stops_value(p) => (p, self.short_end(p)),
            Label::Resources if self.opens_resources(p, later) => (p, self.resources_end(p, later)),
            Label::DeclaredIndicators if is_count(&here.text) => (p, p + 1),
            Label::Measures if !self.is_label(p) && !is_count(&here.text) => {
                (p, self.paragraph_end(p))
            }
            _ => empty,
        }
    }

    /// Whether a blank line stands before line `k`.
    fn gap_before(&self, k: usize) -> bool {
        let y = |l: &Line| l.words.first().map(|w| w.bbox.y0);
        match (k.checked_sub(1).map(|j| &self.lines[j]), self.lines.get(k)) {
            (Some(a), Some(b)) => match (y(a), y(b)) {
                (Some(ya), Some(yb)) => a.page != b.page || (yb - ya).abs() > 1.5,
                _ => true,
            },
            _ => true,
        }
    }

    fn is_label(&self, k: usize) -> bool {
        label_of(&self.lines[k], self.vocab).is_some()
    }

    /// A mission's or programme's value: "011 - ...".
    fn is_code_value(&self, k: usize) -> bool {
        let line = &self.lines[k];
        is_mission_value(line, self.vocab)
    }

    /// A line that no head field's text runs on to: a label, a code, a
    /// time frame, a budget line, a count.
    fn stops_value(&self, k: usize) -> bool {
        let text = &self.lines[k].text;
        self.is_label(k)
            || self.is_code_value(k)
            || is_code(&self.lines[k], self.vocab)
            || is_time_frame(text, self.vocab)
            || opens_resources(text, self.vocab)
            || is_count(text)
    }

    /// Whether the resources' text opens at line `k`: a budget line, or
    /// any text that opens no other field.
    fn opens_resources(&self, k: usize, later: &[Label]) -> bool {
        let text = &self.lines[k].text;
        opens_resources(text, self.vocab) || !(self.stops_value(k) || self.opens_title(k, later))
    }

    /// Whether line `k` opens an indicator's title that the next label
    /// with a value waits for: capitals after a blank line.
    fn opens_title(&self, k: usize, later: &[Label]) -> bool {
        let next = later.iter().find(|&&l| l != Label::DeclaredIndicators);
        next == Some(&Label::Indicator)
            && self.gap_before(k)
            && mostly_upper(&self.lines[k].text)
            && !opens_resources(&self.lines[k].text, self.vocab)
    }

    /// Where an indicator's title opens from line `p` on: there, or
    /// after the rest of the previous indicator's table (its header and
    /// cells, which OCR read with the values), at capitals after a blank
    /// line.
    fn title_start(&self, p: usize) -> Option<usize> {
        if !self.is_label(p) && mostly_upper(&self.lines[p].text) {
            return Some(p);
        }
        if self.is_label(p) && !self.is_column_label(p) {
            return None;
        }
        let candidates: Vec<usize> = (p + 1..self.lines.len())
            .take_while(|&k| !self.is_label(k) || self.is_column_label(k))
            .filter(|&k| {
                self.gap_before(k) && !self.is_label(k) && mostly_upper(&self.lines[k].text)
            })
            .collect();
        // A wrapped cell's last word in capitals ("PERVENUTE") is no
        // title: a title has words.
        let titled = |k: &&usize| self.lines[**k].content_words().len() >= MIN_TITLE_WORDS;
        candidates
            .iter()
            .find(titled)
            .or(candidates.first())
            .copied()
    }

    fn is_column_label(&self, k: usize) -> bool {
        label_of(&self.lines[k], self.vocab).is_some_and(Label::is_table_header)
    }

    /// Whether line `k` is table header words alone ("Ultimo valore").
    fn is_header_words(&self, k: usize) -> bool {
        let words = self.lines[k].content_words();
        !words.is_empty() && words.iter().all(|w| self.vocab.is_header_word(w))
    }

    /// The end of a table header that opens at `start`: the lines after
    /// it of header words alone ("valore" / "osservato").
    fn header_end(&self, start: usize) -> usize {
        let header = |k: usize| self.is_header_words(k);
        let mut end = start + 1;
        let mut k = end;
        while k < self.lines.len() && (self.lines[k].is_blank() || header(k)) {
            k += 1;
            if header(k - 1) {
                end = k;
            }
        }
        end
    }

    /// The end of the paragraph that opens at `start`.
    fn paragraph_end(&self, start: usize) -> usize {
        let mut k = start + 1;
        while k < self.lines.len() && !self.gap_before(k) && !self.is_label(k) {
            k += 1;
        }
        k
    }

    /// The end of a short value: its paragraph, at most
    /// [`MAX_SHORT_VALUE`] lines, up to a line that opens another field.
    fn short_end(&self, start: usize) -> usize {
        let upper = mostly_upper(&self.lines[start].text);
        let mut k = start + 1;
        while k < self.lines.len()
            && k - start < MAX_SHORT_VALUE
            && !self.gap_before(k)
            && !self.stops_value(k)
            && (upper || !mostly_upper(&self.lines[k].text))
        {
            k += 1;
        }
        k
    }

    /// The end of a title: its paragraph, and the paragraphs of capitals
    /// after it when it is in capitals too (a title wrapped over a gap).
    fn title_end(&self, start: usize) -> usize {
        if !mostly_upper(&self.lines[start].text) {
            return self.paragraph_end(start);
        }
        // A title in capitals ends where its paragraph does or at the
        // first line in small letters ("Cosa misura"'s value right under).
        let mut end = start + 1;
        while end < self.paragraph_end(start) && mostly_upper(&self.lines[end].text) {
            end += 1;
        }
        while end < self.lines.len()
            && !self.stops_value(end)
            && mostly_upper(&self.lines[end].text)
            && end - start < MAX_SHORT_VALUE
        {
            let next = end;
            end += 1;
            while end < self.paragraph_end(next) && mostly_upper(&self.lines[end].text) {
                end += 1;
            }
        }
        end
    }

    /// The end of a description: up to the first line that opens a later
    /// label's value.
    fn description_end(&self, start: usize, later: &[Label]) -> usize {
        let mut k = start;
        while k < self.lines.len() && !self.stops_value(k) && !self.opens_title(k, later) {
            k += 1;
        }
        k
    }

    /// The end of the resources: budget lines up to a count, a label, a
    /// code or an indicator's title.
    fn resources_end(&self, start: usize, later: &[Label]) -> usize {
        let mut k = start + 1;
        while k < self.lines.len() {
            let text = &self.lines[k].text;
            let stops = self.is_label(k)
                || is_count(text)
                || is_code(&self.lines[k], self.vocab)
                || self.is_code_value(k)
                || self.opens_title(k, later);
            if stops {
                break;
            }
            k += 1;
        }
        k
    }
}

/// `lines` with the words of `cell` before the first line that is not
/// blank (a row's first cell read apart from the rest of the row); `cell`
/// waits for a line when there is none.
fn opening_row(lines: &[Line], cell: &mut Vec<Line>) -> Vec<Line> {
    let mut out = lines.to_vec();
    if let Some(first) = out.iter_mut().find(|l| !l.is_blank()) {
        let mut words: Vec<Word> = cell.drain(..).flat_map(|l| l.words).collect();
        if !words.is_empty() {
            words.append(&mut first.words);
            *first = Line::new(first.page, words, first.skew);
        }
    }
    out
}

/// The label's lines and the first line of its value as one line: the
/// label's words first, at the value's height.
fn joined(label: &[Line], value: Option<&Line>) -> Line {
    let (page, skew) = label.first().map_or((0, 0.0), |l| (l.page, l.skew));
    let y = value.and_then(|v| v.words.first()).map(|w| w.bbox);
    let mut words: Vec<Word> = label
        .iter()
        .flat_map(|l| &l.words)
        .filter(|w| !is_rule_noise(&w.text))
        .cloned()
        .collect();
    if let Some(b) = y {
        for w in &mut words {
            w.bbox.y0 = b.y0;
            w.bbox.y1 = b.y1;
        }
    }
    words.extend(value.iter().flat_map(|v| v.words.iter().cloned()));
    Line::new(page, words, skew)
}

/// The label a line is, with nothing after it but an indicator's number,
/// and how many lines it spans (a label wrapped in its column: "ARCO" /
/// "TEMPORALE" / "REALIZZAZIONE").
fn slot_at(lines: &[Line], at: usize, vocab: &Vocabulary) -> Option<(Label, usize)> {
    (1..=MAX_LABEL_LINES).rev().find_map(|n| {
        let group = lines.get(at..at + n)?;
        if group.iter().any(Line::is_blank) || group.iter().any(|l| l.page != group[0].page) {
            return None;
        }
        let words: Vec<&str> = group.iter().flat_map(|l| l.content_words()).collect();
        let label = bare_label(&words, vocab)?;
        // Each line of a wrapped label is part of it, none a label whole.
        let parts_alone = n > 1 && group.iter().any(|l| label_of(l, vocab).is_some());
        (!parts_alone || n == 1).then_some((label, n))
    })
}

/// The label that `words` are, all of them (an indicator's number after
/// "Indicatore").
fn bare_label(words: &[&str], vocab: &Vocabulary) -> Option<Label> {
    let m = vocab.label_at_start(words)?;
    if m.score < LABEL_SCORE {
        return None;
    }
    let rest = &words[m.words..];
    let numbered = m.label == Label::Indicator
        && rest.len() == 1
        && rest[0].chars().all(|c| c.is_ascii_digit());
    (rest.is_empty() || numbered).then_some(m.label)
}

/// The label a line opens with, if a confident one.
fn label_of(line: &Line, vocab: &Vocabulary) -> Option<Label> {
    vocab
        .label_at_start(&line.content_words())
        .filter(|m| m.score >= LABEL_SCORE)
        .map(|m| m.label)
}

/// A head label with its value after it on the line.
fn has_label_and_value(line: &Line, vocab: &Vocabulary) -> bool {
    let words = line.content_words();
    vocab
        .label_at_start(&words)
        .is_some_and(|m| m.score >= LABEL_SCORE && is_head(m.label) && m.words < words.len())
}

/// Labels of the scheda's head, above its indicators.
fn is_head(label: Label) -> bool {
    matches!(
        label,
        Label::Mission
            | Label::Programme
            | Label::Objective
            | Label::Title
            | Label::Description
            | Label::TimeFrame
            | Label::ResponsibilityCentre
            | Label::Resources
    )
}

/// The labels whose values give a label column away: the mission's and
/// programme's codes anchor where the values begin; an indicator's
/// title, its capitals.
fn opens_scheda(label: Label) -> bool {
    matches!(label, Label::Mission | Label::Programme | Label::Indicator)
}

/// Whether an indicator's labels open a column at line `at`: "Indicatore
/// N" alone (or the declared count's label alone, then it), and right
/// under it "Cosa misura" alone. An indicator's title is never empty: a
/// bare "Indicatore N" over a bare "Cosa misura" stood a column apart
/// from both values.
fn opens_indicator_column(lines: &[Line], at: usize, vocab: &Vocabulary) -> bool {
    let mut labels = (at..lines.len())
        .filter(|&k| !lines[k].is_blank())
        .map(|k| slot_at(lines, k, vocab).map(|(label, _)| label));
    let mut first = labels.next().flatten();
    if first == Some(Label::DeclaredIndicators) {
        first = labels.next().flatten();
    }
    first == Some(Label::Indicator) && labels.next().flatten() == Some(Label::Measures)
}

/// Whether a line that is no label may stand in a label column among an
/// indicator's labels: the table's first cell (its type), the notes'
/// pieces, an objective code.
fn in_column(line: &Line, vocab: &Vocabulary) -> bool {
    let words = line.content_words();
    is_type_cell(&words, vocab)
        || vocab.type_word(&line.text).is_some()
        || vocab.is_notes_debris(&words)
        || is_code(line, vocab)
}

/// Whether the line is the first of a mission's or programme's value
/// ("011 - ..."; not "€ 358,40").
fn is_mission_value(line: &Line, vocab: &Vocabulary) -> bool {
    starts_with_code(&line.text)
        && !opens_resources(&line.text, vocab)
        && !is_code(line, vocab)
        && label_of(line, vocab).is_none()
}

fn is_code(line: &Line, vocab: &Vocabulary) -> bool {
    let label = vocab.label_at_start(&line.content_words());
    code_line(Labelled { line, label }, vocab).is_some()
}

/// A time frame standing alone: a short line with a year that opens no
/// budget ("Bilancio 2023:").
fn is_time_frame(text: &str, vocab: &Vocabulary) -> bool {
    let t = text.trim();
    t.chars().count() <= MAX_TIME_FRAME_CHARS
        && YEAR.is_match(t)
        && !t.ends_with(':')
        && !opens_resources(t, vocab)
}

/// A line that opens a budget's text ("Bilancio 2023:", "€ 358,40: ...").
fn opens_resources(text: &str, vocab: &Vocabulary) -> bool {
    let first = text.split_whitespace().next().unwrap_or("");
    first.starts_with('€') || vocab.is_resource_start(&fold(first.trim_end_matches(':')))
}

/// A line of one small number: a declared count of indicators.
fn is_count(text: &str) -> bool {
    let t = text.trim();
    (1..=2).contains(&t.len()) && t.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{self, Document};

    fn lines(text: &str) -> Vec<Line> {
        let doc: Document = read::text::read(text.as_bytes()).expect("text");
        super::super::group_lines(&doc)
    }

    fn texts(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.text.clone()).collect()
    }

    /// DEV seed 103's first page as Tesseract's text (trimmed): labels
    /// wrapped in their column, then the values.
    const STACKED: &str = "\
011-005-001

MISSIONE
PROGRAMMA

OBIETTIVO
DESCRIZIONE

ARCO
TEMPORALE
REALIZZAZIONE

CENTRO DI
RESPONSABILITÀ

RISORSE
FINANZIARIE

Camera di Commercio di Padova - P.I.R.A. 2019 - Rendicontazione

011 - Competitività e sviluppo delle imprese

005 - Promozione e attuazione di politiche di sviluppo, competitività
d'impresa e movimento cooperativo

SOSTEGNO ALLA TRANSIZIONE ECOLOGICA E ALLA SOSTENIBILITÀ DELLE PMI

Il sostegno alle micro, piccole e medie imprese resta la priorità.

AZIONI DA INTRAPRENDERE:

- analisi delle posizioni e definizione delle priorità d'intervento;

ANNO 2019

Dirigente area anagrafica - area anagrafica

Bilancio 2019:

€ 75.137,17: conto 330005 - linea 5
";

    #[test]
    fn a_stacked_label_column_takes_its_values_in_order() {
        let vocab = Vocabulary::builtin();
        let rows = texts(&unstack(lines(STACKED), &vocab));
        assert_eq!(
            rows,
            [
                "011-005-001",
                "Camera di Commercio di Padova - P.I.R.A. 2019 - Rendicontazione",
                "MISSIONE 011 - Competitività e sviluppo delle imprese",
                "PROGRAMMA 005 - Promozione e attuazione di politiche di sviluppo, competitività",
                "d'impresa e movimento cooperativo",
                "OBIETTIVO SOSTEGNO ALLA TRANSIZIONE ECOLOGICA E ALLA SOSTENIBILITÀ DELLE PMI",
                "DESCRIZIONE Il sostegno alle micro, piccole e medie imprese resta la priorità.",
                "AZIONI DA INTRAPRENDERE:",
                "- analisi delle posizioni e definizione delle priorità d'intervento;",
                "ARCO TEMPORALE REALIZZAZIONE ANNO 2019",
                "CENTRO DI RESPONSABILITÀ Dirigente area anagrafica - area anagrafica",
                "RISORSE FINANZIARIE Bilancio 2019:",
                "€ 75.137,17: conto 330005 - linea 5",
            ]
        );
    }

    /// DEV seed 110's second page as Tesseract's text (trimmed): each
    /// indicator's labels and its table's first cell, then the titles,
    /// "Cosa misura"'s values and the tables.
    const INDICATOR_COLUMN: &str = "\
Indicatore 1
Cosa misura

Tipologia

EFFICACIA ESTERNA/EFFICACIA

INTERNA

Se altro, indicare qui
Se altro, indicare qui

Indicatore 2

Cosa misura

Tipologia

EFFICACIA INTERNA

Se altro, indicare qui
Se altro, indicare qui

ISTRUTTORIA ED EROGAZIONE DEI CONTRIBUTI RELATIVI ALLE DOMANDE SUI BANDI CAMERALI 2023

Istruttoria ed erogazione di contributi alle imprese

Ultimo valore
osservato

Unità di misura Algoritmo di calcolo Fonte dei dati

PERCENTUALE DOMANDE ISTRUITE ED REPORT DEI nuova attività
EROGATE / DOMANDE CONTRIBUTI EROGATI

PERVENUTE

GRADO DI SODDISFAZIONE DEGLI UTENTI DEI SERVIZI CAMERALI
La qualità percepita dagli utenti dei servizi di sportello

Unità di misura Algoritmo di calcolo Fonte dei dati Ultimo valore

osservato
PERCENTUALE giudizi positivi / REPORT QUESTIONARI 59,85%
questionari compilati DI CUSTOMER
SATISFACTION
";

    #[test]
    fn an_indicator_label_column_takes_titles_measures_and_headers() {
        let vocab = Vocabulary::builtin();
        let rows: Vec<String> = texts(&unstack(lines(INDICATOR_COLUMN), &vocab))
            .into_iter()
            .filter(|t| !t.trim().is_empty())
            .collect();
        assert_eq!(
            rows,
            [
                "Indicatore 1 ISTRUTTORIA ED EROGAZIONE DEI CONTRIBUTI RELATIVI ALLE DOMANDE SUI BANDI CAMERALI 2023",
                "Cosa misura Istruttoria ed erogazione di contributi alle imprese",
                "Tipologia Ultimo valore",
                "osservato",
                "Unità di misura Algoritmo di calcolo Fonte dei dati",
                "EFFICACIA ESTERNA/EFFICACIA INTERNA PERCENTUALE DOMANDE ISTRUITE ED REPORT DEI nuova attività",
                "EROGATE / DOMANDE CONTRIBUTI EROGATI",
                "PERVENUTE",
                "Se altro, indicare qui",
                "Se altro, indicare qui",
                "Indicatore 2 GRADO DI SODDISFAZIONE DEGLI UTENTI DEI SERVIZI CAMERALI",
                "Cosa misura La qualità percepita dagli utenti dei servizi di sportello",
                "Tipologia Unità di misura Algoritmo di calcolo Fonte dei dati Ultimo valore",
                "osservato",
                "EFFICACIA INTERNA PERCENTUALE giudizi positivi / REPORT QUESTIONARI 59,85%",
                "questionari compilati DI CUSTOMER",
                "SATISFACTION",
                "Se altro, indicare qui",
                "Se altro, indicare qui",
            ]
        );
    }

    #[test]
    fn labels_beside_their_values_stay_as_they_are() {
        let text = "\
Missione 011 - Competitività e sviluppo delle imprese
Programma 005 - Promozione e attuazione di politiche di sviluppo
Obiettivo SOSTEGNO ALLA TRANSIZIONE ECOLOGICA
Descrizione
Il sostegno alle micro, piccole e medie imprese resta la priorità.
Arco temporale realizzazione
ANNO 2019
";
        let vocab = Vocabulary::builtin();
        let before = texts(&lines(text));
        assert_eq!(texts(&unstack(lines(text), &vocab)), before);
    }
}
