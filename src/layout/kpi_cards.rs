//! The "card" template: per objective a card of labels and values
//! (Centro di Responsabilità, Obiettivo, Descrizione, Responsabile, the
//! resources by budget item and year), then per indicator a card (Codice
//! e descrizione, Tipologia, Fonte del dato, Unità di misura, a row of
//! years with the targets under them, Metodo di calcolo).
//!
//! A card mixes two shapes, both read by position:
//! - label/value rows: the label opens the line, its value follows; a
//!   value that wraps over lines has its label at its top or in its
//!   middle, so value lines go to the label whose row they lie in;
//! - small tables: a row of labels (and years) over the row of values
//!   under them; each value word goes to the header cell it lies under.
//!
//! A label the current card already has opens the next card; an
//! objective's label after indicators opens the next objective.

use super::template::cells;
use super::wide::Read;
use super::{IndicatorLayout, Line, RawAllocation, RawField, SchedaLayout};
use crate::read::{median, Word};
use crate::vocab::{Label, Vocabulary};

/// Similarity a label needs to open a field.
const LABEL_SCORE: f64 = 0.8;
/// How far (points) the values of label/value rows start from each other.
const COLUMN_SLACK: f32 = 2.0;

/// What a header cell heads: a field, or a year's column.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Head {
    Field(Label),
    Year(i32),
}

/// A header cell and where it lies across the page.
#[derive(Debug, Clone, Copy)]
struct HeadCell {
    head: Head,
    x0: f32,
    x1: f32,
}

/// What a line of a card is.
#[derive(Debug, Clone)]
enum Kind {
    /// A row of labels (and years) over a row of values.
    Header(Vec<HeadCell>),
    /// A row of years alone: the row under it has a value per year.
    Years(Vec<HeadCell>),
    /// A label opening the line; its value is the words after `words`.
    Labelled { label: Label, words: usize },
    /// A value's line.
    Plain,
}

/// Whether a label belongs to the objective's card or an indicator's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Objective,
    Indicator,
}

/// The cards being read.
#[derive(Debug, Default)]
struct Cards {
    objectives: Vec<SchedaLayout>,
    /// The labels of the current cards.
    seen: Vec<Label>,
}

/// Reads a report of cards.
pub(super) fn read(lines: &[&Line], vocab: &Vocabulary) -> Read {
    let column = value_column(lines, vocab);
    let kinds: Vec<Kind> = lines.iter().map(|l| kind(l, column, vocab)).collect();
    let first = kinds
        .iter()
        .position(|k| !matches!(k, Kind::Plain))
        .unwrap_or(lines.len());
    let mut cards = Cards::default();
    let mut i = first;
    while i < lines.len() {
        let end = (i + 1..lines.len())
            .find(|&j| !matches!(kinds[j], Kind::Plain))
            .unwrap_or(lines.len());
        match &kinds[i] {
            Kind::Header(heads) => {
                cards.table(heads, &lines[i + 1..end]);
                i = end;
            }
            Kind::Years(years) => {
                i = cards.under_years(years, &lines[i + 1..], &kinds[i + 1..]) + i + 1
            }
            Kind::Labelled { .. } => {
                // A run of label/value rows, up to the next table.
                let run_end = (i + 1..lines.len())
                    .find(|&j| matches!(kinds[j], Kind::Header(_) | Kind::Years(_)))
                    .unwrap_or(lines.len());
                cards.label_rows(&lines[i..run_end], &kinds[i..run_end]);
                i = run_end;
            }
            Kind::Plain => i = end,
        }
    }
    Read {
        objectives: cards.objectives,
        has_actual: false,
        first,
    }
}

/// Where the values of label/value rows start across the page: the
/// commonest start of the words after a label that opens a line, where
/// two lines or more agree. Prose that happens to open with a label's
/// word ("missione e programma, gli obiettivi ...") goes on elsewhere.
fn value_column(lines: &[&Line], vocab: &Vocabulary) -> Option<f32> {
    let mut starts: Vec<f32> = lines
        .iter()
        .filter_map(|line| {
            let noise = line.words.len() - line.content_words().len();
            let m = vocab.template_label_at_start(&line.content_words())?;
            let value = line.words.get(noise + m.words)?;
            (m.score >= LABEL_SCORE && level_of(m.label).is_some()).then_some(value.bbox.x0)
        })
        .collect();
    starts.sort_by(f32::total_cmp);
    let mut best: Option<(usize, f32)> = None;
    for (k, &x) in starts.iter().enumerate() {
        let n = starts[k..]
            .iter()
            .take_while(|&&y| y <= x + COLUMN_SLACK)
            .count();
        if n >= 2 && best.is_none_or(|(m, _)| n > m) {
            best = Some((n, x));
        }
    }
    best.map(|(_, x)| x)
}

/// What a line is: a header row (two cells or more that are labels, or a
/// label and years), a label/value row, or a value's line. A label with
/// its value beside it in the same cell opens a row only where the value
/// starts in the `column` of values, if there is one.
fn kind(line: &Line, column: Option<f32>, vocab: &Vocabulary) -> Kind {
    let mut heads = Vec::new();
    for cell in cells(line) {
        let words: Vec<&str> = cell.iter().map(|w| w.text.as_str()).collect();
        let x0 = cell.iter().map(|w| w.bbox.x0).fold(f32::INFINITY, f32::min);
        let x1 = cell
            .iter()
            .map(|w| w.bbox.x1)
            .fold(f32::NEG_INFINITY, f32::max);
        let year = match words[..] {
            [w] if super::table::is_year(w) => w.parse().ok(),
            _ => None,
        };
        let label = vocab
            .template_label_at_start(&words)
            .filter(|m| m.score >= LABEL_SCORE && m.words + 1 >= words.len())
            .map(|m| m.label)
            .filter(|l| level_of(*l).is_some());
        let head = year.map(Head::Year).or(label.map(Head::Field));
        match head {
            Some(head) => heads.push(HeadCell { head, x0, x1 }),
            None => {
                heads.clear();
                break;
            }
        }
    }
    let labels = heads
        .iter()
        .filter(|h| matches!(h.head, Head::Field(_)))
        .count();
    if heads.len() >= 2 && labels >= 1 {
        return Kind::Header(heads);
    }
    if heads.len() >= 2 {
        return Kind::Years(heads);
    }
    // A label alone in the line's first cell: the value's cell follows.
    if let Some(first) = cells(line).first().filter(|c| c.len() < line.words.len()) {
        let words: Vec<&str> = first.iter().map(|w| w.text.as_str()).collect();
        if let Some(m) = vocab.template_label_at_start(&words) {
            if m.score >= LABEL_SCORE && m.words == words.len() && level_of(m.label).is_some() {
                return Kind::Labelled {
                    label: m.label,
                    words: words.len(),
                };
            }
        }
    }
    let words = line.content_words();
    let noise = line.words.len() - words.len();
    match vocab.template_label_at_start(&words) {
        Some(m) if m.score >= LABEL_SCORE && level_of(m.label).is_some() => {
            let value = line.words.get(noise + m.words).map(|w| w.bbox.x0);
            let beside = match (value, column) {
                (Some(x), Some(c)) => x >= c - COLUMN_SLACK,
                _ => true,
            };
            if beside {
                Kind::Labelled {
                    label: m.label,
                    words: noise + m.words,
                }
            } else {
                Kind::Plain
            }
        }
        _ => Kind::Plain,
    }
}

fn level_of(label: Label) -> Option<Level> {
    match label {
        Label::Mission
        | Label::Programme
        | Label::Objective
        | Label::Title
        | Label::Description
        | Label::TimeFrame
        | Label::ResponsibilityCentre
        | Label::Responsible
        | Label::Allocations
        | Label::Resources => Some(Level::Objective),
        Label::Kpi | Label::Measures | Label::Achievement | Label::Column(_) => {
            Some(Level::Indicator)
        }
        // "Indicatore di risultato" is a value (of Tipologia), not a label.
        Label::Indicator | Label::DeclaredIndicators | Label::Other | Label::ObjectiveCode => None,
    }
}

impl Cards {
    /// Opens the field a label names, and the card it belongs to when the
    /// current one already has that label (or an objective's label comes
    /// after its indicators).
    fn open(&mut self, label: Label, page: u32) {
        let Some(level) = level_of(label) else {
            return;
        };
        let has_indicators = self
            .objectives
            .last()
            .is_some_and(|o| !o.indicators.is_empty());
        let repeated = self.seen.contains(&label);
        if self.objectives.is_empty() || (level == Level::Objective && (has_indicators || repeated))
        {
            self.objectives.push(SchedaLayout::default());
            self.seen.clear();
        }
        if level == Level::Indicator {
            let in_indicator = self
                .seen
                .iter()
                .any(|l| level_of(*l) == Some(Level::Indicator));
            if !in_indicator || repeated {
                if let Some(o) = self.objectives.last_mut() {
                    let number = o.indicators.len() as u32 + 1;
                    o.indicators.push(IndicatorLayout {
                        number,
                        page,
                        ..IndicatorLayout::default()
                    });
                }
                self.seen.retain(|l| level_of(*l) == Some(Level::Objective));
            }
        }
        self.seen.push(label);
        if let Some(o) = self.objectives.last_mut() {
            if !o.pages.contains(&page) {
                o.pages.push(page);
            }
        }
    }

    /// Adds text to the field a label names in the current card.
    fn push(&mut self, label: Label, text: &str, page: u32) {
        let text = text.trim();
        let Some(o) = self.objectives.last_mut() else {
            return;
        };
        if text.is_empty() {
            return;
        }
        let field: &mut RawField = match label {
            Label::Mission => &mut o.mission,
            Label::Programme => &mut o.programme,
            Label::Objective | Label::Title => &mut o.title,
            Label::Description => &mut o.description,
            Label::TimeFrame => &mut o.time_frame,
            Label::ResponsibilityCentre => &mut o.responsibility_centre,
            Label::Resources => &mut o.resources,
            _ => {
                let Some(ind) = o.indicators.last_mut() else {
                    return;
                };
                match label {
                    Label::Kpi => &mut ind.kpi,
                    Label::Measures => &mut ind.measures,
                    Label::Achievement => &mut ind.achievement,
                    Label::Column(column) => {
                        let cell = ind.cells[column].get_or_insert_with(String::new);
                        if !cell.is_empty() {
                            cell.push(' ');
                        }
                        cell.push_str(text);
                        return;
                    }
                    _ => return,
                }
            }
        };
        field.push(text.to_string(), page);
    }

    /// A header row and the rows of values under it.
    fn table(&mut self, heads: &[HeadCell], body: &[&Line]) {
        let page = body.first().map_or(0, |l| l.page);
        let mut allocations = false;
        for h in heads {
            if let Head::Field(label) = h.head {
                self.open(label, page);
                allocations |= label == Label::Allocations;
            }
        }
        let bounds = boundaries(heads, body);
        if allocations {
            for line in body {
                let cells = by_column(&[line], &bounds, heads.len());
                self.allocations(heads, &cells, line.page);
            }
            return;
        }
        let cells = by_column(body, &bounds, heads.len());
        for (h, text) in heads.iter().zip(cells) {
            match h.head {
                Head::Field(label) => self.push(label, &text, page),
                Head::Year(year) => {
                    let ind = self
                        .objectives
                        .last_mut()
                        .and_then(|o| o.indicators.last_mut());
                    if let Some(ind) = ind {
                        ind.year_targets.push((year, text));
                    }
                }
            }
        }
    }

    /// The rows under a row of years: the resources' budget items (while
    /// the resources block is open), else the line of an indicator's
    /// targets (its label, if any, then a target under each year).
    /// Returns how many of `lines` it took.
    fn under_years(&mut self, years: &[HeadCell], lines: &[&Line], kinds: &[Kind]) -> usize {
        let in_allocations = self.seen.last() == Some(&Label::Allocations);
        let mut heads = vec![HeadCell {
            head: Head::Field(Label::Allocations),
            x0: f32::NEG_INFINITY,
            x1: f32::NEG_INFINITY,
        }];
        heads.extend_from_slice(years);
        if in_allocations {
            let mut taken = 0;
            for (line, kind) in lines.iter().zip(kinds) {
                let amounts = line.words.iter().any(|w| w.text.contains('€'));
                if !matches!(kind, Kind::Plain) {
                    break;
                }
                taken += 1;
                if amounts {
                    let cells = nearest(&line.words, &heads);
                    self.allocations(&heads, &cells, line.page);
                }
            }
            return taken;
        }
        let (Some(line), Some(kind)) = (lines.first(), kinds.first()) else {
            return 0;
        };
        let from = match kind {
            Kind::Labelled { label, words } => {
                self.open(*label, line.page);
                *words
            }
            Kind::Plain => 0,
            _ => return 0,
        };
        let cells = nearest(&line.words[from..], &heads[1..]);
        let ind = self
            .objectives
            .last_mut()
            .and_then(|o| o.indicators.last_mut());
        if let Some(ind) = ind {
            for (h, text) in years.iter().zip(cells) {
                if let Head::Year(year) = h.head {
                    ind.year_targets.push((year, text));
                }
            }
        }
        1
    }

    /// One budget item's row of the resources block: its name under the
    /// block's label, an amount under each year.
    fn allocations(&mut self, heads: &[HeadCell], cells: &[String], page: u32) {
        let Some(o) = self.objectives.last_mut() else {
            return;
        };
        let item = heads
            .iter()
            .zip(cells)
            .find(|(h, _)| matches!(h.head, Head::Field(_)))
            .map(|(_, t)| t.clone())
            .unwrap_or_default();
        for (h, amount) in heads.iter().zip(cells) {
            if let Head::Year(year) = h.head {
                if !amount.trim().is_empty() {
                    o.allocations.push(RawAllocation {
                        item: item.clone(),
                        year: Some(year),
                        amount: amount.clone(),
                        page,
                    });
                }
            }
        }
    }

    /// A run of label/value rows: each value line goes to the label whose
    /// row it lies in.
    fn label_rows(&mut self, lines: &[&Line], kinds: &[Kind]) {
        // The labels, and the value part of every line.
        let mut labels: Vec<(Label, f32, f32, u32)> = Vec::new();
        let mut values: Vec<(String, f32, f32, u32)> = Vec::new();
        let mut own: Vec<Option<usize>> = Vec::new();
        for (line, kind) in lines.iter().zip(kinds) {
            let from = match kind {
                Kind::Labelled { label, words } => {
                    let label_words = &line.words[..*words];
                    let (y0, y1) = extent(label_words);
                    labels.push((*label, y0, y1, line.page));
                    *words
                }
                _ => 0,
            };
            let rest = &line.words[from..];
            if !rest.is_empty() {
                let (y0, y1) = extent(rest);
                values.push((texts(rest), y0, y1, line.page));
                own.push((from > 0).then(|| labels.len() - 1));
            }
        }
        let height = median(
            lines
                .iter()
                .flat_map(|l| l.words.iter().map(|w| w.bbox.height())),
        )
        .unwrap_or(1.0);
        let owners = owners(&labels, &values, &own, height);
        for (k, &(label, _, _, page)) in labels.iter().enumerate() {
            self.open(label, page);
            for (v, owner) in values.iter().zip(&owners) {
                if *owner == Some(k) {
                    self.push(label, &v.0, v.3);
                }
            }
        }
    }
}

/// Which label each value line belongs to (`own`: the label on the
/// value's own line, if any). Labels centred on their values have as many
/// of them above their middle as below: counting from the top, the lines
/// between two labels are first the upper one's (as many as it has above
/// it), then the lower one's. Where the counts do not work out, labels
/// are at their values' tops: a value line belongs to the last label at
/// or above it.
fn owners(
    labels: &[(Label, f32, f32, u32)],
    values: &[(String, f32, f32, u32)],
    own: &[Option<usize>],
    height: f32,
) -> Vec<Option<usize>> {
    centred(labels, values, own).unwrap_or_else(|| {
        values
            .iter()
            .zip(own)
            .map(|(v, own)| {
                own.or_else(|| {
                    labels
                        .iter()
                        .rposition(|l| l.3 < v.3 || (l.3 == v.3 && l.1 <= v.1 + 0.5 * height))
                })
            })
            .collect()
    })
}

/// The owners of value lines under centred labels, if the counts work out.
fn centred(
    labels: &[(Label, f32, f32, u32)],
    values: &[(String, f32, f32, u32)],
    own: &[Option<usize>],
) -> Option<Vec<Option<usize>>> {
    let centre = |page: u32, y0: f32, y1: f32| (page, (y0 + y1) / 2.0);
    let mut owners: Vec<Option<usize>> = own.to_vec();
    let mut owed = 0usize;
    let mut v = 0;
    for k in 0..=labels.len() {
        // The free lines above label k (below label k - 1).
        let limit = labels.get(k).map(|l| centre(l.3, l.1, l.2));
        let mut free = Vec::new();
        while v < values.len() {
            let (page, mid) = centre(values[v].3, values[v].1, values[v].2);
            if limit.is_some_and(|(lp, ly)| page > lp || (page == lp && mid >= ly)) {
                break;
            }
            if own[v].is_none() {
                free.push(v);
            }
            v += 1;
        }
        let above = free.len().checked_sub(owed)?;
        for (n, &i) in free.iter().enumerate() {
            owners[i] = Some(if n < owed { k - 1 } else { k });
        }
        if k == labels.len() {
            return (above == 0).then_some(owners);
        }
        owed = above;
    }
    Some(owners)
}

/// Top and bottom of some words.
fn extent(words: &[Word]) -> (f32, f32) {
    let y0 = words
        .iter()
        .map(|w| w.bbox.y0)
        .fold(f32::INFINITY, f32::min);
    let y1 = words
        .iter()
        .map(|w| w.bbox.y1)
        .fold(f32::NEG_INFINITY, f32::max);
    (y0, y1)
}

fn texts(words: &[Word]) -> String {
    words
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where one header cell's column ends and the next begins: the middle
/// of the widest stretch between them that no body word covers.
fn boundaries(heads: &[HeadCell], body: &[&Line]) -> Vec<f32> {
    let spans: Vec<(f32, f32)> = body
        .iter()
        .flat_map(|l| l.words.iter().map(|w| (w.bbox.x0, w.bbox.x1)))
        .collect();
    heads
        .windows(2)
        .map(|p| {
            let (lo, hi) = (p[0].x1.min(p[1].x0), p[1].x0.max(p[0].x1));
            super::wide::river(&spans, lo, hi)
        })
        .collect()
}

/// Words by the header cell nearest them across the page; words left of
/// the first cell's reach (a row's own label) go to the first cell.
fn nearest(words: &[Word], heads: &[HeadCell]) -> Vec<String> {
    let mut out: Vec<Vec<&str>> = vec![Vec::new(); heads.len()];
    let centres: Vec<f32> = heads.iter().map(|h| (h.x0 + h.x1) / 2.0).collect();
    let first_year = heads
        .iter()
        .position(|h| matches!(h.head, Head::Year(_)))
        .unwrap_or(0);
    for w in words {
        let x = (w.bbox.x0 + w.bbox.x1) / 2.0;
        let left_of_years = first_year > 0
            && w.bbox.x1 < heads[first_year].x0 - (heads[first_year].x1 - heads[first_year].x0);
        let i = if left_of_years {
            0
        } else {
            (first_year..heads.len())
                .min_by(|&a, &b| (centres[a] - x).abs().total_cmp(&(centres[b] - x).abs()))
                .unwrap_or(0)
        };
        out[i].push(&w.text);
    }
    out.into_iter().map(|c| c.join(" ")).collect()
}

/// The body's words by column, each column's words in reading order.
fn by_column(body: &[&Line], bounds: &[f32], columns: usize) -> Vec<String> {
    let mut out: Vec<Vec<&str>> = vec![Vec::new(); columns];
    for line in body {
        for w in &line.words {
            let x = (w.bbox.x0 + w.bbox.x1) / 2.0;
            let c = bounds.iter().filter(|b| x > **b).count().min(columns - 1);
            out[c].push(&w.text);
        }
    }
    out.into_iter().map(|c| c.join(" ")).collect()
}
