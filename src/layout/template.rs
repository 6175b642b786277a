//! Which template a report without schede is printed in, decided from its
//! labels and table headers through the vocabulary's `[templates]`
//! signatures, and the reader of that template.

use std::cell::LazyCell;
use std::collections::BTreeSet;

use super::{card_labels, kpi_cards, wide, Line, ReportLayout};
use crate::model::Template;
use crate::read::{median, Document, Word};
use crate::vocab::{Evidence, Label, Signature, Vocabulary};

/// Similarity a label needs to count as evidence of a template.
const EVIDENCE_SCORE: f64 = 0.8;
/// How many lines of what was seen the error names.
const SEEN: usize = 4;

/// Lays out a report that holds no scheda: in the template its labels
/// show, or (in none) with what was seen, for the error to name.
/// `repeated` are the lines repeated at the top or foot of every page: a
/// wide table's header repeated on each page is one of them, and is kept.
pub(super) fn other(
    lines: &[Line],
    repeated: &[Line],
    vocab: &Vocabulary,
    doc: &Document,
    all_text: String,
) -> ReportLayout {
    let (own, repeated) = body_and_running(lines, repeated);
    let mut body: Vec<&Line> = lines.iter().chain(&own).collect();
    body.sort_by_cached_key(|l| reading_key(l));
    let repeated = &repeated[..];
    // Each line's cells are looked up once, for the headers and the
    // recognition alike.
    let body: Vec<Named> = body.into_iter().map(|l| Named::new(l, vocab)).collect();
    let running: Vec<Named> = repeated.iter().map(|l| Named::new(l, vocab)).collect();
    let headers: Vec<&Named> = running.iter().filter(|n| n.is_header()).collect();
    let anchors: Vec<&Line> = body
        .iter()
        .chain(headers.iter().copied())
        .filter(|n| n.is_header())
        .map(|n| n.line)
        .collect();
    // The header's wrapped lines repeat with it (those naming labels
    // themselves are among the headers already).
    let wrapped = running.iter().filter(|n| {
        let l = n.line;
        wide::header_like(l)
            && !n.is_header()
            && anchors.iter().any(|h| {
                // Only a header on the line's own page is measured.
                h.page == l.page && {
                    let gap = (wide::top_of(h) - wide::bottom_of(l))
                        .max(wide::top_of(l) - wide::bottom_of(h));
                    gap <= 0.6 * wide::line_height(h) && !std::ptr::eq(*h, l)
                }
            })
    });
    let mut named: Vec<&Named> = body
        .iter()
        .chain(headers.iter().copied())
        .chain(wrapped)
        .collect();
    named.sort_by_cached_key(|n| reading_key(n.line));
    let plain: Vec<&Line> = named.iter().map(|n| n.line).collect();
    let labels: Vec<&[Option<Label>]> = named.iter().map(|n| &n.labels[..]).collect();
    // Only a card template needs the card lines: they are joined the
    // first time they are asked for.
    let joined = LazyCell::new(|| card_lines(&plain, repeated, vocab));
    let card_lines = || joined.iter().collect::<Vec<&Line>>();
    // The header's bands are read once, for the recognition and the reader.
    let headers = wide::Headers::new(vocab, doc);
    let Some((signature, header)) = recognise(&plain, &labels, card_lines, &headers) else {
        return ReportLayout {
            preamble: plain.iter().map(|l| (*l).clone()).collect(),
            all_text,
            seen: seen(&plain, &labels, vocab),
            ..ReportLayout::default()
        };
    };
    let card;
    let (read, lines) = match (signature.template, header) {
        (Template::Card, _) => {
            card = card_lines();
            (kpi_cards::read(&card, vocab), &card)
        }
        (_, Some(header)) => (
            wide::read(&plain, &labels, header, signature, &headers),
            &plain,
        ),
        _ => (wide::Read::default(), &plain),
    };
    let preamble: Vec<Line> = lines[..read.first.min(lines.len())]
        .iter()
        .map(|l| (*l).clone())
        .collect();
    ReportLayout {
        title_block: super::title_block(doc, &preamble),
        preamble,
        schede: read.objectives,
        has_actual_column: read.has_actual,
        all_text,
        template: Some(signature.template),
        ..ReportLayout::default()
    }
}

/// A line and the label each of its cells names.
struct Named<'a> {
    line: &'a Line,
    labels: Vec<Option<Label>>,
}

impl<'a> Named<'a> {
    fn new(line: &'a Line, vocab: &Vocabulary) -> Named<'a> {
        Named {
            line,
            labels: header_labels(line, vocab),
        }
    }

    /// Whether the line is a table header: it names two labels or more.
    fn is_header(&self) -> bool {
        names_two(&self.labels)
    }
}

/// Whether a line's cells name two labels or more.
fn names_two(labels: &[Option<Label>]) -> bool {
    labels.iter().flatten().count() >= 2
}

/// The lines cards are read (and recognised) from: with their wrapped
/// labels whole, and with the rows that open each page's first card at the
/// same height ("Stanziamenti in c/competenza 2023 2024 2025").
fn card_lines(plain: &[&Line], repeated: &[Line], vocab: &Vocabulary) -> Vec<Line> {
    let mut lines = plain.to_vec();
    lines.extend(repeated.iter().filter(|l| {
        !plain.iter().any(|p| std::ptr::eq(*p, *l))
            && vocab
                .template_label_at_start(&l.content_words())
                .is_some_and(|m| m.score >= EVIDENCE_SCORE)
    }));
    lines.sort_by(|a, b| a.page.cmp(&b.page).then(top(a).total_cmp(&top(b))));
    card_labels::join(&lines, vocab)
}

/// The repeated lines that are the body's, and the running headers and
/// footers. A card that opens every page at the same height repeats its
/// first rows there (the resources' header, a "€ -" row, a label's
/// wrapped part), while running lines stand apart from the body, above or
/// below it. A repeated line is the body's when it lies within the
/// extent of its page's body, or touches it (less than half its height
/// apart), directly or through other such lines.
fn body_and_running(lines: &[Line], repeated: &[Line]) -> (Vec<Line>, Vec<Line>) {
    let mut own = vec![false; repeated.len()];
    let pages: BTreeSet<u32> = repeated.iter().map(|l| l.page).collect();
    for page in pages {
        let body = lines
            .iter()
            .filter(|l| l.page == page && !l.words.is_empty());
        let (mut lo, mut hi) = body.fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), l| {
            (lo.min(wide::top_of(l)), hi.max(wide::bottom_of(l)))
        });
        let mut on_page: Vec<usize> = (0..repeated.len())
            .filter(|&i| repeated[i].page == page && !repeated[i].words.is_empty())
            .collect();
        on_page.sort_by(|&a, &b| top(&repeated[a]).total_cmp(&top(&repeated[b])));
        for &i in &on_page {
            let l = &repeated[i];
            own[i] = wide::top_of(l) >= lo && wide::bottom_of(l) <= hi;
        }
        // Upwards from the body, then downwards.
        for &i in on_page.iter().rev() {
            let l = &repeated[i];
            if own[i] || wide::top_of(l) >= lo {
                continue;
            }
            if lo - wide::bottom_of(l) >= 0.5 * wide::line_height(l) {
                break;
            }
            own[i] = true;
            lo = wide::top_of(l);
        }
        for &i in &on_page {
            let l = &repeated[i];
            if own[i] || wide::bottom_of(l) <= hi {
                continue;
            }
            if wide::top_of(l) - hi >= 0.5 * wide::line_height(l) {
                break;
            }
            own[i] = true;
            hi = wide::bottom_of(l);
        }
    }
    let mut body = Vec::new();
    let mut running = Vec::new();
    for (line, own) in repeated.iter().zip(own) {
        if own {
            body.push(line.clone());
        } else {
            running.push(line.clone());
        }
    }
    (body, running)
}

/// A line's place in reading order, for a stable sort: its page, then
/// its top ([`top`] as `f32::total_cmp` orders it), each line's found
/// once rather than at every comparison.
fn reading_key(line: &Line) -> (u32, i32) {
    let bits = top(line).to_bits() as i32;
    (line.page, bits ^ ((((bits >> 31) as u32) >> 1) as i32))
}

/// Where a line's highest word starts.
fn top(line: &Line) -> f32 {
    line.words
        .iter()
        .map(|w| w.bbox.y0)
        .fold(f32::INFINITY, f32::min)
}

/// The template whose signature the lines show, with the index of the
/// first header row for a table template. Signatures with more labels are
/// tried first: they are the more specific.
/// `labels` are the labels each line's cells name; `joined` gives the
/// lines with wrapped labels joined, where the labels that open lines are
/// looked for (asked only for a signature of labels).
fn recognise<'v, 'l>(
    lines: &[&Line],
    labels: &[&[Option<Label>]],
    joined: impl FnOnce() -> Vec<&'l Line>,
    headers: &wide::Headers<'v>,
) -> Option<(&'v Signature, Option<usize>)> {
    let vocab = headers.vocab();
    let mut signatures: Vec<&Signature> = vocab.templates().iter().collect();
    signatures.sort_by_key(|s| std::cmp::Reverse(s.labels.len()));
    let headers: Vec<Vec<Label>> = (0..lines.len())
        .map(|i| wide::band_labels_of(lines, i, labels[i], headers))
        .collect();
    let openers = LazyCell::new(|| -> Vec<Label> {
        joined()
            .iter()
            .filter_map(|l| {
                let m = vocab.template_label_at_start(&l.content_words())?;
                (m.score >= EVIDENCE_SCORE).then_some(m.label)
            })
            .collect()
    });
    let whole = signatures.iter().find_map(|&s| match s.evidence {
        Evidence::Header => headers
            .iter()
            .position(|found| s.labels.iter().all(|l| found.contains(l)))
            .map(|i| (s, Some(i))),
        Evidence::Labels => s
            .labels
            .iter()
            .all(|l| openers.contains(l))
            .then_some((s, None)),
    });
    // Failing every signature whole: a ruled header whose one empty cell
    // stands for the one label it lacks ([`wide::lost_column`]).
    whole.or_else(|| {
        signatures.iter().find_map(|&s| {
            let header = s.evidence == Evidence::Header;
            let i = (0..lines.len())
                .find(|&i| header && wide::lost_column(lines[i], &headers[i], s).is_some())?;
            Some((s, Some(i)))
        })
    })
}

/// The label each cell of a line names (None for a cell naming none).
/// Every line of a report is asked: its cells are read as runs of its
/// words where they stand in order ([`cell_runs`]), with nothing gathered.
pub(super) fn header_labels(line: &Line, vocab: &Vocabulary) -> Vec<Option<Label>> {
    let mut texts: Vec<&str> = Vec::new();
    match cell_runs(line) {
        Some(runs) => runs
            .into_iter()
            .map(|run| cell_label(line.words[run].iter(), vocab, &mut texts))
            .collect(),
        None => cells(line)
            .iter()
            .map(|cell| cell_label(cell.iter().copied(), vocab, &mut texts))
            .collect(),
    }
}

/// The label a cell's words (in order) name; `texts` is room for them.
fn cell_label<'w>(
    mut words: impl Iterator<Item = &'w Word>,
    vocab: &Vocabulary,
    texts: &mut Vec<&'w str>,
) -> Option<Label> {
    // Most cells open with no label's first word: told apart without
    // their words gathered.
    let first = words.next().map_or("", |w| w.text.as_str());
    if !vocab.may_open_label(first) {
        return None;
    }
    texts.clear();
    texts.push(first);
    texts.extend(words.map(|w| w.text.as_str()));
    vocab
        .template_label_at_start(texts)
        .filter(|m| m.score >= EVIDENCE_SCORE)
        .map(|m| m.label)
}

/// The cells [`cells`] parts a line into, each as the range of its words
/// in the line's order; None where a ruled line's cells do not take its
/// words in runs (a word before the first border or past the last, or a
/// word whose middle stands left of the one before it).
fn cell_runs(line: &Line) -> Option<Vec<std::ops::Range<usize>>> {
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    if line.borders.len() >= 2 {
        let mut last = 0;
        for (at, w) in line.words.iter().enumerate() {
            let x = (w.bbox.x0 + w.bbox.x1) / 2.0;
            let i = line.borders.iter().filter(|b| **b <= x).count();
            if i == 0 || i >= line.borders.len() || i < last {
                return None;
            }
            match runs.last_mut() {
                Some(run) if i == last => run.end = at + 1,
                _ => runs.push(at..at + 1),
            }
            last = i;
        }
        return Some(runs);
    }
    let height = median(line.words.iter().map(|w| w.bbox.height().abs())).unwrap_or(1.0);
    let mut right = f32::NEG_INFINITY;
    for (at, w) in line.words.iter().enumerate() {
        let opens = runs.is_empty() || w.bbox.x0 - right > height;
        match runs.last_mut() {
            Some(run) if !opens => run.end = at + 1,
            _ => runs.push(at..at + 1),
        }
        right = right.max(w.bbox.x1);
    }
    Some(runs)
}

/// A line's cells: between its ruled borders, else its words parted by
/// gaps wider than a word space (a line height or more).
pub(super) fn cells(line: &Line) -> Vec<Vec<&Word>> {
    if line.borders.len() >= 2 {
        let mut out: Vec<Vec<&Word>> = vec![Vec::new(); line.borders.len() - 1];
        for w in &line.words {
            let x = (w.bbox.x0 + w.bbox.x1) / 2.0;
            let i = line.borders.iter().filter(|b| **b <= x).count();
            if let Some(cell) = i.checked_sub(1).and_then(|i| out.get_mut(i)) {
                cell.push(w);
            }
        }
        out.retain(|c| !c.is_empty());
        return out;
    }
    let height = median(line.words.iter().map(|w| w.bbox.height().abs())).unwrap_or(1.0);
    let mut out: Vec<Vec<&Word>> = Vec::new();
    let mut right = f32::NEG_INFINITY;
    for w in &line.words {
        if out.is_empty() || w.bbox.x0 - right > height {
            out.push(Vec::new());
        }
        right = right.max(w.bbox.x1);
        if let Some(cell) = out.last_mut() {
            cell.push(w);
        }
    }
    out
}

/// What the error names when no template fits: the lines that name two
/// or more labels (table headers), else the lines that open with one.
fn seen(lines: &[&Line], labels: &[&[Option<Label>]], vocab: &Vocabulary) -> Vec<String> {
    let mut headers: Vec<String> = Vec::new();
    for (line, labels) in lines.iter().zip(labels) {
        if names_two(labels) && !headers.contains(&line.text) {
            headers.push(line.text.clone());
        }
    }
    if headers.is_empty() {
        for line in lines {
            if vocab
                .template_label_at_start(&line.content_words())
                .is_some_and(|m| m.score >= EVIDENCE_SCORE)
                && !headers.contains(&line.text)
            {
                headers.push(line.text.clone());
            }
        }
    }
    headers.truncate(SEEN);
    headers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::test_line;

    #[test]
    fn repeated_rows_inside_the_body_are_the_bodys() {
        let line = |y: f32, text: &str| test_line(y, &[(text, 40.0)]);
        // Lines 8 pt tall: the body from 50 to 98.
        let body = [line(50.0, "Centro"), line(90.0, "Obiettivo")];
        let repeated = [
            line(20.0, "Camera"),       // the running header, well above
            line(42.5, "Centro di"),    // touches the body's top
            line(70.0, "Stanziamenti"), // between body lines
            line(800.0, "Pagina"),      // the running footer
        ];
        let (own, running) = body_and_running(&body, &repeated);
        let texts = |ls: &[Line]| ls.iter().map(|l| l.text.clone()).collect::<Vec<_>>();
        assert_eq!(texts(&own), ["Centro di", "Stanziamenti"]);
        assert_eq!(texts(&running), ["Camera", "Pagina"]);
    }
}
