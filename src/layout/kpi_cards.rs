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
use super::wide::{self, Read};
use super::{
    DoubtfulValue, IndicatorLayout, Line, LineRole, RawAllocation, RawField, SchedaLayout,
};
use crate::model::{FieldPath, IndicatorField, ObjectiveField};
use crate::read::{median, Word};
use crate::vocab::{is_italian, Label, Vocabulary};

/// Similarity a label needs to open a field.
const LABEL_SCORE: f64 = 0.8;
/// How far (points) the values of label/value rows start from each other.
const COLUMN_SLACK: f32 = 2.0;
/// How near a label's middle (in line heights) a value line stands level
/// with it.
const LEVEL: f32 = 0.25;

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
#[derive(Debug)]
struct Cards<'v> {
    objectives: Vec<SchedaLayout>,
    /// The labels of the current cards.
    seen: Vec<Label>,
    vocab: &'v Vocabulary,
}

/// Reads a report of cards.
pub(super) fn read(lines: &[&Line], vocab: &Vocabulary) -> Read {
    let columns = value_columns(lines, vocab);
    let kinds: Vec<Kind> = lines
        .iter()
        .map(|l| kind(l, columns.on(l.page), vocab))
        .collect();
    let first = kinds
        .iter()
        .position(|k| !matches!(k, Kind::Plain))
        .unwrap_or(lines.len());
    let mut cards = Cards {
        objectives: Vec::new(),
        seen: Vec::new(),
        vocab,
    };
    let mut i = first;
    // The header of the table read last, and the page its last row is on.
    let mut last_table: Option<(&[HeadCell], u32)> = None;
    while i < lines.len() {
        let end = (i + 1..lines.len())
            .find(|&j| !matches!(kinds[j], Kind::Plain))
            .unwrap_or(lines.len());
        // Value lines above a label's row are its value's upper lines
        // where values are centred on their labels.
        let labels_next = matches!(kinds.get(end), Some(Kind::Labelled { .. }));
        let table = last_table.take();
        match &kinds[i] {
            Kind::Header(heads) => {
                let continued = table.is_some_and(|t| continues(t, heads, lines, i));
                let taken = cards.table(lines[i], heads, &lines[i + 1..end], continued);
                let last = lines[i + taken].page;
                last_table = Some((heads, last));
                i += 1 + taken;
            }
            Kind::Years(years) => {
                i = cards.under_years(lines[i], years, &lines[i + 1..], &kinds[i + 1..]) + i + 1;
            }
            Kind::Plain if !labels_next => i = end,
            Kind::Labelled { .. } | Kind::Plain => {
                // A run of label/value rows, up to the next table.
                let run_end = (i + 1..lines.len())
                    .find(|&j| matches!(kinds[j], Kind::Header(_) | Kind::Years(_)))
                    .unwrap_or(lines.len());
                cards.label_rows(&lines[i..run_end], &kinds[i..run_end]);
                i = run_end;
            }
        }
    }
    Read {
        objectives: cards.objectives,
        has_actual: false,
        first,
    }
}

/// Whether the header row `heads` at line `at` repeats the header of the
/// table read just before it (`table`: its header and its last row's
/// page), on the next page: a table a page break cut, its header printed
/// again over the rest of its rows (a browser repeats a `<thead>`). Its
/// labels then open no new card. The header must open its page, so two
/// cards whose tables follow each other are still two.
fn continues(table: (&[HeadCell], u32), heads: &[HeadCell], lines: &[&Line], at: usize) -> bool {
    let (before, page) = table;
    let opens_page = at > 0 && lines[at - 1].page < lines[at].page;
    opens_page
        && lines[at].page == page + 1
        && before.len() == heads.len()
        && before.iter().zip(heads).all(|(a, b)| a.head == b.head)
}

/// Where the values of label/value rows start across each page: the
/// commonest start of the words after a label that opens a line, where
/// two lines or more agree. Prose that happens to open with a label's
/// word ("missione e programma, gli obiettivi ...") goes on elsewhere.
/// Each page of a scan lies askew and shifted in its own way, so each
/// has its own column; a page with too few rows takes the report's.
struct ValueColumns {
    pages: Vec<(u32, f32)>,
    report: Option<f32>,
}

impl ValueColumns {
    fn on(&self, page: u32) -> Option<f32> {
        self.pages
            .iter()
            .find(|(p, _)| *p == page)
            .map(|(_, x)| *x)
            .or(self.report)
    }
}

fn value_columns(lines: &[&Line], vocab: &Vocabulary) -> ValueColumns {
    let starts: Vec<(u32, f32)> = lines
        .iter()
        .filter_map(|line| {
            let noise = line.words.len() - line.content_words().len();
            let m = vocab.template_label_at_start(&line.content_words())?;
            let value = line.words.get(noise + m.words)?;
            (m.score >= LABEL_SCORE && level_of(m.label).is_some())
                .then_some((line.page, start(value, line.skew)))
        })
        .collect();
    let mut pages: Vec<u32> = starts.iter().map(|(p, _)| *p).collect();
    pages.dedup();
    ValueColumns {
        pages: pages
            .into_iter()
            .filter_map(|page| {
                let on_page = starts.iter().filter(|(p, _)| *p == page).map(|(_, x)| *x);
                commonest(on_page.collect()).map(|x| (page, x))
            })
            .collect(),
        report: commonest(starts.iter().map(|(_, x)| *x).collect()),
    }
}

/// The commonest of some starts (within [`COLUMN_SLACK`]), if two agree.
fn commonest(mut starts: Vec<f32>) -> Option<f32> {
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
            let label_words = line.words.get(..noise + m.words).unwrap_or_default();
            let value_word = line.words.get(noise + m.words);
            let value = value_word.map(|w| start(w, line.skew));
            // Prose that opens with a label's words ("grado di
            // raggiungimento e il ...") goes on past the column, one word
            // space after them.
            let beside = match (value, column) {
                (Some(x), Some(c)) => (x - c).abs() <= COLUMN_SLACK,
                _ => true,
            } || stacked_beside(label_words, value_word);
            // A label stands left of the values: prose in the value
            // column that opens with a label's word ("L'obiettivo si
            // inserisce ...") goes on its field.
            let first = line.words.get(noise).map(|w| start(w, line.skew));
            let in_labels = match (first, column) {
                (Some(x), Some(c)) => x < c - COLUMN_SLACK,
                _ => true,
            };
            if beside && in_labels {
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

/// Whether a label wrapped over two lines or more of its cell (its words
/// stacked, as [`super::wrapped`] joined them) has its value beside it:
/// the value starts right of the label's widest line, level with its first
/// line. Such a label stands in a label cell of its own, so its value need
/// not start in the page's commonest value column (a browser sizes each
/// table's label column to its own labels). Prose that opens with a
/// label's words never has them stacked.
fn stacked_beside(label: &[Word], value: Option<&Word>) -> bool {
    let (Some(first), Some(value)) = (label.first(), value) else {
        return false;
    };
    let height = first.bbox.height().abs();
    let level = |w: &Word| (w.bbox.y0 - first.bbox.y0).abs() <= height / 2.0;
    let stacked = label.iter().any(|w| !level(w));
    let right = label
        .iter()
        .map(|w| w.bbox.x1)
        .fold(f32::NEG_INFINITY, f32::max);
    stacked && level(value) && value.bbox.x0 >= right
}

/// Where a word starts across the page, the skew of a page scanned askew
/// taken out: the lines are levelled (see [`Line::skew`]) but a column's
/// words still drift sideways down the page, by the skew times their
/// height on it (3 pt over a page at half a degree).
fn start(w: &Word, skew: f32) -> f32 {
    w.bbox.x0 + skew * w.bbox.y_mid()
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

impl Cards<'_> {
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

    /// Gives `words` of a line (on `page`) the role of what `head` heads
    /// in the current card, for `inspect`: "objective title", "indicator
    /// 2 kpi_code", "indicator 2 targets 2021".
    /// A label's own words (`label`) feed no field.
    fn role(&mut self, page: u32, words: &[Word], head: Head, label: bool) {
        if words.is_empty() {
            return;
        }
        let Some(o) = self.objectives.last_mut() else {
            return;
        };
        let line = Line::new(page, words.to_vec(), 0.0);
        let level = match head {
            Head::Field(label) => level_of(label),
            Head::Year(_) => Some(Level::Indicator),
        };
        let (role, field) = match (level, o.indicators.last_mut()) {
            (Some(Level::Indicator), Some(ind)) => {
                let number = ind.number;
                let (name, field) = indicator_field(head);
                if !label {
                    ind.doubtful
                        .extend(field.into_iter().flat_map(|f| doubtful(f, words)));
                }
                let role = LineRole {
                    field: field
                        .filter(|_| !label)
                        .map(|f| FieldPath::indicator(number, f)),
                    ..LineRole::of(&line, format!("indicator {number} {name}{}", suffix(label)))
                };
                ind.roles.push(role);
                return;
            }
            (Some(Level::Objective), _) => objective_field(head),
            _ => return,
        };
        o.roles.push(LineRole {
            field: field.filter(|_| !label).map(FieldPath::from),
            ..LineRole::of(&line, format!("objective {role}{}", suffix(label)))
        });
    }

    /// Gives each column's words of a table's line the role of its head
    /// (its label's role, on the header's line).
    fn cell_roles(
        &mut self,
        line: &Line,
        heads: &[HeadCell],
        column: impl Fn(&Word) -> usize,
        label: bool,
    ) {
        for (c, head) in heads.iter().enumerate() {
            let words: Vec<Word> = line
                .words
                .iter()
                .filter(|w| column(w).min(heads.len() - 1) == c)
                .cloned()
                .collect();
            self.role(line.page, &words, head.head, label);
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
        let known = |w: &str| is_italian(w) || self.vocab.is_known(w);
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
                        append(cell, text, known);
                        return;
                    }
                    _ => return,
                }
            }
        };
        // A value's next line, the word its cell broke joined again.
        let rest = field
            .lines
            .last_mut()
            .and_then(|last| super::grid::rejoin_across(last, text, known))
            .unwrap_or(text);
        if !rest.is_empty() {
            field.push(rest.to_string(), page);
        }
    }

    /// A header row and the rows of values under it; returns how many of
    /// `body` it took (a resources block's rows, else all).
    /// Reads a table (its header and the body lines under it), the rest of
    /// the one before where `continued`; returns how many body lines it took.
    fn table(
        &mut self,
        header: &Line,
        heads: &[HeadCell],
        body: &[&Line],
        continued: bool,
    ) -> usize {
        let page = body.first().map_or(0, |l| l.page);
        let mut allocations = false;
        for h in heads {
            if let Head::Field(label) = h.head {
                if !continued {
                    self.open(label, page);
                }
                allocations |= label == Label::Allocations;
            }
        }
        let bounds = boundaries(heads, body);
        let column = |w: &Word| {
            let x = (w.bbox.x0 + w.bbox.x1) / 2.0;
            bounds
                .iter()
                .filter(|b| x > **b)
                .count()
                .min(heads.len() - 1)
        };
        let resources = Head::Field(Label::Allocations);
        if allocations {
            let (taken, rows) = budget_rows(header, body, column);
            for line in std::iter::once(header).chain(body[..taken].iter().copied()) {
                self.role(line.page, &line.words, resources, false);
            }
            for row in rows {
                let cells = column_texts(&row, column, heads.len(), self.known());
                self.allocations(heads, &cells, row[0].page);
            }
            return taken;
        }
        self.cell_roles(header, heads, column, true);
        for line in body {
            self.cell_roles(line, heads, column, false);
        }
        let cells = column_texts(body, column, heads.len(), self.known());
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
        body.len()
    }

    /// Whether a folded word is known: Italian, or the vocabulary's.
    fn known(&self) -> impl Fn(&str) -> bool + '_ {
        |w| is_italian(w) || self.vocab.is_known(w)
    }

    /// The rows under a row of years: the resources' budget items (while
    /// the resources block is open), else the line of an indicator's
    /// targets (its label, if any, then a target under each year).
    /// `lines` are the value lines up to the next row of labels, and the
    /// label's row after them; returns how many of them it took.
    fn under_years(
        &mut self,
        years_line: &Line,
        years: &[HeadCell],
        lines: &[&Line],
        kinds: &[Kind],
    ) -> usize {
        let in_allocations = self.seen.last() == Some(&Label::Allocations);
        let mut heads = vec![HeadCell {
            head: Head::Field(Label::Allocations),
            x0: f32::NEG_INFINITY,
            x1: f32::NEG_INFINITY,
        }];
        heads.extend_from_slice(years);
        if in_allocations {
            let plain = kinds
                .iter()
                .position(|k| !matches!(k, Kind::Plain))
                .unwrap_or(lines.len());
            let column = |w: &Word| nearest_head(w, &heads);
            let (taken, rows) = budget_rows(years_line, &lines[..plain], column);
            for line in std::iter::once(years_line).chain(lines[..taken].iter().copied()) {
                self.role(
                    line.page,
                    &line.words,
                    Head::Field(Label::Allocations),
                    false,
                );
            }
            for row in rows {
                let cells = column_texts(&row, column, heads.len(), self.known());
                self.allocations(&heads, &cells, row[0].page);
            }
            return taken;
        }
        let (Some(line), Some(kind)) = (lines.first(), kinds.first()) else {
            return 0;
        };
        let from = match kind {
            Kind::Labelled { label, words } => {
                self.open(*label, line.page);
                self.role(line.page, &line.words[..*words], Head::Field(*label), true);
                *words
            }
            Kind::Plain => 0,
            _ => return 0,
        };
        let targets = Line::new(line.page, line.words[from..].to_vec(), line.skew);
        let wrapped = wrapped_under(&targets, &lines[1..], &kinds[1..]);
        let column = |w: &Word| nearest_head(w, years);
        self.cell_roles(years_line, years, column, true);
        self.cell_roles(&targets, years, column, false);
        for more in &lines[1..=wrapped] {
            self.cell_roles(more, years, column, false);
        }
        let rows: Vec<&Line> = std::iter::once(&targets)
            .chain(lines[1..=wrapped].iter().copied())
            .collect();
        let cells = column_texts(
            &rows,
            |w| nearest_head(w, &heads[1..]),
            years.len(),
            self.known(),
        );
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
        1 + wrapped
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
        // Where each label's words end on its line; where each value's start.
        let mut label_words: Vec<(&Line, usize)> = Vec::new();
        let mut value_words: Vec<(&Line, usize)> = Vec::new();
        for (line, kind) in lines.iter().zip(kinds) {
            let from = match kind {
                Kind::Labelled { label, words } => {
                    let (y0, y1) = extent(&line.words[..*words]);
                    labels.push((*label, y0, y1, line.page));
                    label_words.push((line, *words));
                    *words
                }
                _ => 0,
            };
            let rest = &line.words[from..];
            if !rest.is_empty() {
                let (y0, y1) = extent(rest);
                values.push((texts(rest), y0, y1, line.page));
                value_words.push((line, from));
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
            let (line, words) = label_words[k];
            self.role(page, &line.words[..words], Head::Field(label), true);
            for ((v, owner), (line, from)) in values.iter().zip(&owners).zip(&value_words) {
                if *owner == Some(k) {
                    self.push(label, &v.0, v.3);
                    self.role(line.page, &line.words[*from..], Head::Field(label), false);
                }
            }
        }
    }
}

/// What a label's role adds to its field's name.
fn suffix(label: bool) -> &'static str {
    if label {
        " label"
    } else {
        ""
    }
}

/// The role name and the field of what an objective card's head heads.
fn objective_field(head: Head) -> (String, Option<ObjectiveField>) {
    let field = match head {
        Head::Field(Label::Mission) => Some(ObjectiveField::MissionName),
        Head::Field(Label::Programme) => Some(ObjectiveField::ProgrammeName),
        Head::Field(Label::Objective | Label::Title) => Some(ObjectiveField::Title),
        Head::Field(Label::Description) => Some(ObjectiveField::Description),
        Head::Field(Label::TimeFrame) => Some(ObjectiveField::TimeFrame),
        Head::Field(Label::ResponsibilityCentre) => Some(ObjectiveField::ResponsibilityCentre),
        Head::Field(Label::Allocations | Label::Resources) => Some(ObjectiveField::Resources),
        Head::Year(_) => Some(ObjectiveField::Resources),
        Head::Field(_) => None,
    };
    let name = match (field, head) {
        (Some(f), _) => f.as_str().to_string(),
        (None, Head::Field(Label::Responsible)) => "responsible".to_string(),
        _ => "label".to_string(),
    };
    (name, field)
}

/// The role name and the field of what an indicator card's head heads.
fn indicator_field(head: Head) -> (String, Option<IndicatorField>) {
    let field = match head {
        Head::Field(Label::Kpi) => IndicatorField::KpiCode,
        Head::Field(Label::Measures) => IndicatorField::Measures,
        Head::Field(Label::Achievement) => IndicatorField::AchievementStated,
        Head::Field(Label::Column(column)) => IndicatorField::Cell(column),
        Head::Year(year) => return (format!("targets {year}"), Some(IndicatorField::Targets)),
        Head::Field(_) => return ("label".to_string(), None),
    };
    (field.as_str().to_string(), Some(field))
}

/// Under this OCR confidence a code's or a target's word is doubtful.
/// Lower than a table cell's ([`super::table::LOW_CONFIDENCE`]): Tesseract gives
/// short codes and numbers 38% to 49% where it read them right (card
/// scans 100-109 and 120-125), and under 37% where it misread them.
const DOUBTFUL_VALUE: f32 = 40.0;

/// The words of a code or a target (`field`) OCR read with low
/// confidence and holding a digit: a misread digit makes another code or
/// number that reads as well as the right one.
fn doubtful(field: IndicatorField, words: &[Word]) -> Vec<DoubtfulValue> {
    if !matches!(field, IndicatorField::KpiCode | IndicatorField::Targets) {
        return Vec::new();
    }
    words
        .iter()
        .filter(|w| w.text.chars().any(|c| c.is_ascii_digit()))
        .filter_map(|w| {
            let confidence = w.confidence.filter(|&c| c < DOUBTFUL_VALUE)?;
            Some(DoubtfulValue {
                field,
                text: w.text.clone(),
                confidence,
            })
        })
        .collect()
}

/// Which label each value line belongs to (`own`: the label on the
/// value's own line, if any). Labels centred on their values have as many
/// of them above their middle as below: counting from the top, the lines
/// between two labels are first the upper one's (as many as it has above
/// it), then the lower one's; a line level with a label's middle (a value
/// of an odd count of lines) is that label's. Where the counts do not work out, labels
/// are at their values' tops: a value line belongs to the last label at
/// or above it.
fn owners(
    labels: &[(Label, f32, f32, u32)],
    values: &[(String, f32, f32, u32)],
    own: &[Option<usize>],
    height: f32,
) -> Vec<Option<usize>> {
    centred(labels, values, own, height).unwrap_or_else(|| {
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
    height: f32,
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
            // A line level with the label's middle is its own.
            let level =
                limit.is_some_and(|(lp, ly)| page == lp && (mid - ly).abs() <= LEVEL * height);
            if level && own[v].is_none() {
                owners[v] = Some(k);
                v += 1;
                continue;
            }
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
        // The label's own line (a wrapped label joined beside its value's
        // first line) counts on its side of the middle.
        let side = |v: usize| {
            let (page, mid) = centre(values[v].3, values[v].1, values[v].2);
            let (lp, ly) = limit.unwrap_or((page, mid));
            if page != lp {
                return 0.0;
            }
            (mid - ly) / (LEVEL * height)
        };
        let owns = |below: bool| {
            (0..values.len())
                .filter(|&v| own[v] == Some(k))
                .filter(|&v| if below { side(v) > 1.0 } else { side(v) < -1.0 })
                .count()
        };
        owed = (above + owns(false)).checked_sub(owns(true))?;
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

/// The header cell nearest a word across the page; a word left of the
/// first year's reach (a row's own label) goes to the first cell.
fn nearest_head(w: &Word, heads: &[HeadCell]) -> usize {
    let first_year = heads
        .iter()
        .position(|h| matches!(h.head, Head::Year(_)))
        .unwrap_or(0);
    let year = &heads[first_year];
    if first_year > 0 && w.bbox.x1 < year.x0 - (year.x1 - year.x0) {
        return 0;
    }
    let x = (w.bbox.x0 + w.bbox.x1) / 2.0;
    let off = |h: &HeadCell| ((h.x0 + h.x1) / 2.0 - x).abs();
    (first_year..heads.len())
        .min_by(|&a, &b| off(&heads[a]).total_cmp(&off(&heads[b])))
        .unwrap_or(0)
}

/// The words of some lines by column (`column` of a word), each column's
/// words in reading order. A word its narrow cell broke where it wrapped
/// ("Ammortament" / "i") is joined again where the pieces make a `known`
/// word and the first is none.
/// How many of `lines` (with their `kinds`) go on with the cells of a
/// row of targets (`targets`, the row's values without its label): value
/// lines that stand under the line above closer than [`WRAP_GAP`] of its
/// height (a cell's text wrapped in its narrow cell, ">=" over "95%"; the
/// next row stands a cell's padding lower) and start no further left than
/// the targets do (the label column holds none of them).
fn wrapped_under(targets: &Line, lines: &[&Line], kinds: &[Kind]) -> usize {
    let Some(left) = targets.words.iter().map(|w| w.bbox.x0).reduce(f32::min) else {
        return 0;
    };
    let mut above = targets;
    let mut taken = 0;
    for (line, kind) in lines.iter().zip(kinds) {
        let height = wide::line_height(above);
        let close = wide::top_of(line) - wide::bottom_of(above) < WRAP_GAP * height;
        let inside = line.words.iter().all(|w| w.bbox.x0 >= left - COLUMN_SLACK);
        if !matches!(kind, Kind::Plain) || line.page != above.page || !close || !inside {
            break;
        }
        taken += 1;
        above = line;
    }
    taken
}

/// How far under a cell's line (a share of its height) the cell's next
/// line stands at most: a text's lines follow each other at the leading,
/// the next row a cell padding further.
const WRAP_GAP: f32 = 0.3;

fn column_texts(
    lines: &[&Line],
    column: impl Fn(&Word) -> usize,
    columns: usize,
    known: impl Fn(&str) -> bool,
) -> Vec<String> {
    let mut out: Vec<Vec<String>> = vec![Vec::new(); columns];
    // Per column, the right end of its last word.
    let mut right = vec![f32::INFINITY; columns];
    for line in lines {
        let mut new_line = vec![true; columns];
        for w in &line.words {
            let c = column(w).min(columns - 1);
            // A word starting left of the last one's end opens a new line
            // of its cell.
            let wrapped = new_line[c] || w.bbox.x0 < right[c];
            let joined = out[c]
                .last()
                .filter(|_| wrapped)
                .and_then(|last| super::grid::rejoined(last, &w.text, &known));
            match (joined, out[c].last_mut()) {
                (Some(whole), Some(last)) => *last = whole,
                _ => out[c].push(w.text.clone()),
            }
            right[c] = w.bbox.x1;
            new_line[c] = false;
        }
    }
    out.into_iter().map(|c| c.join(" ")).collect()
}

/// Appends a value line's text to what a field holds, joining a word its
/// cell broke where it wrapped.
fn append(held: &mut String, text: &str, known: impl Fn(&str) -> bool) {
    let rest = super::grid::rejoin_across(held, text, known).unwrap_or(text);
    if !held.is_empty() && !rest.is_empty() {
        held.push(' ');
    }
    held.push_str(rest);
}

/// The budget items' rows that open `lines` (a resources block's body,
/// under its `header`): how many lines they take, and the lines of each
/// row. A line with amounts (words in the years' columns, most of them
/// with no letters) is a row; a line without, that starts where the items
/// do (an item's name wrapped in its narrow cell, "7)" over
/// "Funzionamento"), belongs to the row of the line next to it, above or
/// below, that stands closer: a wrapped cell's lines stand one leading
/// apart, rows further by the cells' padding. The header is such a
/// neighbour too: the block's label wrapped in its cell ("Stanziamenti
/// in" over "c/competenza") is no item's. The block ends at the first
/// line that is neither.
fn budget_rows<'a>(
    header: &'a Line,
    lines: &[&'a Line],
    column: impl Fn(&Word) -> usize,
) -> (usize, Vec<Vec<&'a Line>>) {
    let Some(edge) = lines
        .iter()
        .find(|l| amounts(l, &column))
        .and_then(|l| l.words.first().map(|w| start(w, l.skew)))
    else {
        return (0, Vec::new());
    };
    let taken = lines
        .iter()
        .take_while(|l| {
            amounts(l, &column)
                || l.words
                    .first()
                    .is_some_and(|w| (start(w, l.skew) - edge).abs() <= COLUMN_SLACK)
        })
        .count();
    // The header is line 0 of the block and a row of its own, of no item.
    let block: Vec<&Line> = std::iter::once(header)
        .chain(lines[..taken].iter().copied())
        .collect();
    let rows: Vec<usize> = (0..block.len())
        .filter(|&k| k == 0 || amounts(block[k], &column))
        .collect();
    let mut out = rows_of(&block, &rows);
    out.remove(0);
    (taken, out)
}

/// Whether a line of a resources block holds amounts: words in the
/// years' columns ("€ 1.088.574,57", "1.088.574,57 €", "€ -"), more of
/// them without letters than with (OCR reads a faint "€ -" as "Ci").
fn amounts(l: &Line, column: impl Fn(&Word) -> usize) -> bool {
    let (mut plain, mut lettered) = (0, 0);
    for w in l.words.iter().filter(|w| column(w) > 0) {
        if w.text.chars().any(char::is_alphabetic) {
            lettered += 1;
        } else {
            plain += 1;
        }
    }
    plain > lettered
}

/// The lines of each row of a block whose `rows` (indices of `block`)
/// are known: each other line goes with the closer of its neighbours, and
/// on until a row.
fn rows_of<'a>(block: &[&'a Line], rows: &[usize]) -> Vec<Vec<&'a Line>> {
    let taken = block.len();
    let is_row = |k: usize| rows.contains(&k);
    let distance = |a: usize, b: usize| {
        if block[a].page == block[b].page {
            (wide::top_of(block[b]) - wide::top_of(block[a])).abs()
        } else {
            f32::INFINITY
        }
    };
    // The line each text line goes with: the closer of its neighbours.
    let towards = |k: usize| {
        let up = k.checked_sub(1).map_or(f32::INFINITY, |p| distance(p, k));
        let down = if k + 1 < taken {
            distance(k, k + 1)
        } else {
            f32::INFINITY
        };
        if up <= down && k > 0 {
            k - 1
        } else {
            (k + 1).min(taken - 1)
        }
    };
    let mut out: Vec<Vec<&Line>> = vec![Vec::new(); rows.len()];
    for (k, line) in block.iter().enumerate() {
        let mut at = k;
        for _ in 0..taken {
            if is_row(at) {
                break;
            }
            at = towards(at);
        }
        // Lines that lead to no row (two text lines each closer to the
        // other) go with the row before them.
        let n = rows
            .iter()
            .position(|&r| r == at)
            .or_else(|| rows.iter().rposition(|&r| r < k))
            .unwrap_or(0);
        out[n].push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::test_line;

    /// A line at `y` of cells `(x, text)`, each word 5 pt a character and
    /// a 3 pt space after it.
    fn row(y: f32, cells: &[(f32, &str)]) -> Line {
        let mut words = Vec::new();
        for &(mut x, text) in cells {
            for t in text.split_whitespace() {
                words.push((t, x));
                x += 5.0 * t.chars().count() as f32 + 3.0;
            }
        }
        test_line(y, &words)
    }

    /// A row of the resources block: the item at x 40, an amount under
    /// each year.
    fn budget(y: f32, item: &str, amounts: [&str; 3]) -> Line {
        let mut cells = vec![(40.0, item)];
        cells.extend([250.0, 350.0, 450.0].into_iter().zip(amounts));
        row(
            y,
            &cells
                .into_iter()
                .filter(|c| !c.1.is_empty())
                .collect::<Vec<_>>(),
        )
    }

    /// A budget item's amount: its item, year and amount as printed.
    type Item = (String, Option<i32>, String);

    fn items(lines: &[Line]) -> Vec<Item> {
        let refs: Vec<&Line> = lines.iter().collect();
        let read = read(&refs, &Vocabulary::builtin());
        read.objectives[0]
            .allocations
            .iter()
            .map(|a| (a.item.clone(), a.year, a.amount.clone()))
            .collect()
    }

    fn header(y: f32) -> Line {
        row(
            y,
            &[
                (40.0, "Stanziamenti in c/competenza"),
                (255.0, "2021"),
                (355.0, "2022"),
                (455.0, "2023"),
            ],
        )
    }

    #[test]
    fn an_item_name_wrapped_in_its_cell_stays_with_its_row() {
        let item = |name: &str, amount: &str| (name.to_string(), Some(2021), amount.to_string());
        let cases: [(&str, Vec<Line>, Vec<Item>); 5] = [
            (
                "the name under the number, the amounts beside the number",
                vec![
                    header(0.0),
                    budget(20.0, "6) Personale", ["€ 1,00", "", ""]),
                    budget(34.0, "7)", ["€ 2,00", "", ""]),
                    budget(44.0, "Funzionament", ["", "", ""]),
                    budget(54.0, "o", ["", "", ""]),
                    budget(68.0, "8) Interventi", ["€ 3,00", "", ""]),
                ],
                vec![
                    item("6) Personale", "€ 1,00"),
                    item("7) Funzionamento", "€ 2,00"),
                    item("8) Interventi", "€ 3,00"),
                ],
            ),
            (
                "the amounts centred down the item's two lines",
                vec![
                    header(0.0),
                    budget(20.0, "6) Personale", ["€ 1,00", "", ""]),
                    budget(34.0, "9)", ["", "", ""]),
                    budget(39.0, "", ["€ 2,00", "", ""]),
                    budget(44.0, "Ammortamenti", ["", "", ""]),
                    budget(58.0, "8) Interventi", ["€ 3,00", "", ""]),
                ],
                vec![
                    item("6) Personale", "€ 1,00"),
                    item("9) Ammortamenti", "€ 2,00"),
                    item("8) Interventi", "€ 3,00"),
                ],
            ),
            (
                "the block's label wrapped under its years is no item's",
                vec![
                    row(
                        0.0,
                        &[
                            (40.0, "Stanziamenti in"),
                            (255.0, "2021"),
                            (355.0, "2022"),
                            (455.0, "2023"),
                        ],
                    ),
                    row(10.0, &[(40.0, "c/competenza")]),
                    budget(26.0, "6) Personale", ["€ 1,00", "", ""]),
                    budget(42.0, "7) Funzionamento", ["€ 2,00", "", ""]),
                ],
                vec![
                    item("6) Personale", "€ 1,00"),
                    item("7) Funzionamento", "€ 2,00"),
                ],
            ),
            (
                "a faint \"€ -\" read as letters leaves its row a row",
                vec![
                    header(0.0),
                    budget(20.0, "8) Interventi", ["€ 3,00", "€ -", "€ 4,00"]),
                    budget(34.0, "9) Ammortamenti", ["€ 5,00", "Ci", "€ -"]),
                ],
                vec![
                    item("8) Interventi", "€ 3,00"),
                    item("9) Ammortamenti", "€ 5,00"),
                ],
            ),
            (
                "prose after the block, in the value column, is no item",
                vec![
                    header(0.0),
                    budget(20.0, "6) Personale", ["€ 1,00", "", ""]),
                    row(
                        34.0,
                        &[(150.0, "Orientamento al lavoro e alle professioni 2021")],
                    ),
                    row(40.0, &[(40.0, "Obiettivo")]),
                    row(46.0, &[(150.0, "e dei percorsi")]),
                ],
                vec![item("6) Personale", "€ 1,00")],
            ),
        ];
        for (what, lines, want) in cases {
            let got: Vec<_> = items(&lines)
                .into_iter()
                .filter(|(_, year, _)| *year == Some(2021))
                .collect();
            assert_eq!(got, want, "{what}");
        }
    }

    /// DEV card 211 (browser-printed, a target under each plan year in
    /// narrow cells): the first year's target wraps, ">=" over "95%".
    /// The lower line is the cell's; a line a row's padding lower is not.
    #[test]
    fn a_target_wrapped_in_its_years_cell_is_read_whole() {
        let targets = |lines: &[Line]| {
            let refs: Vec<&Line> = lines.iter().collect();
            let read = read(&refs, &Vocabulary::builtin());
            read.objectives[0].indicators[0].year_targets.clone()
        };
        let card = |wrapped_at: f32| {
            vec![
                row(
                    0.0,
                    &[(40.0, "Obiettivo"), (150.0, "Promozione del territorio")],
                ),
                row(
                    20.0,
                    &[
                        (40.0, "Codice e descrizione indicatore"),
                        (200.0, "KPI352 Aggiornamento"),
                    ],
                ),
                row(40.0, &[(250.0, "2023"), (350.0, "2024"), (450.0, "2025")]),
                row(
                    60.0,
                    &[
                        (40.0, "Target"),
                        (250.0, ">="),
                        (350.0, ">= 100%"),
                        (450.0, ">= 100%"),
                    ],
                ),
                row(wrapped_at, &[(250.0, "95%")]),
                row(90.0, &[(40.0, "Metodo di calcolo"), (200.0, "risme")]),
            ]
        };
        let year = |y: i32, t: &str| (y, t.to_string());
        assert_eq!(
            targets(&card(68.5)),
            [
                year(2023, ">= 95%"),
                year(2024, ">= 100%"),
                year(2025, ">= 100%")
            ]
        );
        // Five points under the row (a row's padding): not its cell's.
        assert_eq!(targets(&card(73.0))[0], year(2023, ">="));
    }

    #[test]
    fn an_allocations_table_a_page_break_cut_stays_one_objectives() {
        // Its header printed again over the rest of its rows on page 2,
        // then the objective's title: one objective holding both rows.
        let mut lines = [
            header(0.0),
            budget(20.0, "6) Personale", ["€ 1,00", "€ -", "€ -"]),
            header(0.0),
            budget(20.0, "7) Funzionamento", ["€ 2,00", "€ -", "€ -"]),
            row(
                40.0,
                &[(40.0, "Obiettivo"), (150.0, "Promozione del territorio")],
            ),
        ];
        for l in &mut lines[2..] {
            l.page = 2;
        }
        let refs: Vec<&Line> = lines.iter().collect();
        let read = read(&refs, &Vocabulary::builtin());
        assert_eq!(read.objectives.len(), 1);
        let o = &read.objectives[0];
        let mut items: Vec<&str> = o.allocations.iter().map(|a| a.item.as_str()).collect();
        items.dedup();
        assert_eq!(items, ["6) Personale", "7) Funzionamento"]);
        // The same header further down its page opens a card of its own.
        lines[2].page = 1;
        let refs: Vec<&Line> = lines.iter().collect();
        assert_eq!(read_objectives(&refs), 2);
    }

    fn read_objectives(lines: &[&Line]) -> usize {
        read(lines, &Vocabulary::builtin()).objectives.len()
    }

    #[test]
    fn a_word_its_cell_broke_is_joined_again() {
        let v = Vocabulary::builtin();
        let known = |w: &str| is_italian(w) || v.is_known(w);
        // "Ammortament" over "i", read as one line: the second piece
        // starts left of the first's end.
        let line = row(0.0, &[(40.0, "9) Ammortament"), (58.0, "i")]);
        let texts = column_texts(&[&line], |_| 0, 1, known);
        assert_eq!(texts, ["9) Ammortamenti"]);
        let upper = row(0.0, &[(40.0, "INTERNAZIONALIZZAZ")]);
        let lower = row(10.0, &[(40.0, "IONE DELLE IMPRESE")]);
        let texts = column_texts(&[&upper, &lower], |_| 0, 1, known);
        assert_eq!(texts, ["INTERNAZIONALIZZAZIONE DELLE IMPRESE"]);
        // Two words that are words each stay two.
        let upper = row(0.0, &[(40.0, "TASSO DI")]);
        let lower = row(10.0, &[(40.0, "CONCILIAZIONE")]);
        let texts = column_texts(&[&upper, &lower], |_| 0, 1, known);
        assert_eq!(texts, ["TASSO DI CONCILIAZIONE"]);
    }

    #[test]
    fn values_drifting_sideways_down_a_page_scanned_askew_stay_in_their_column() {
        // Half a degree: each line 0.009 pt further right a point down.
        let skew = -0.009;
        let askew = |y: f32, label: &str, value: &str| {
            let drift = -skew * y;
            let mut line = row(y, &[(40.0 + drift, label), (150.0 + drift, value)]);
            line.skew = skew;
            line
        };
        let lines = [
            askew(0.0, "Obiettivo", "Digitalizzazione dei processi"),
            askew(150.0, "Descrizione", "Nuove procedure di lavoro"),
            askew(300.0, "Responsabile", "Dott. Marco Bianchi"),
            askew(450.0, "Centro di responsabilità", "Segretario Generale"),
        ];
        let refs: Vec<&Line> = lines.iter().collect();
        let read = read(&refs, &Vocabulary::builtin());
        assert_eq!(read.objectives.len(), 1);
        let o = &read.objectives[0];
        assert_eq!(o.description.joined(), "Nuove procedure di lavoro");
        assert_eq!(o.responsibility_centre.joined(), "Segretario Generale");
    }

    #[test]
    fn a_label_wrapped_in_its_own_cell_opens_its_row_wherever_its_value_starts() {
        use crate::layout::test_lines::word;
        // "Centro di" over "responsabilità", joined into one line: the
        // label's cell is wider than the other rows' labels, so its value
        // starts one word space right of it, not in the column of values
        // (at 150).
        let stacked = |y: f32, value: &str| {
            let mut words = vec![
                word("Centro", 40.0, y),
                word("di", 73.0, y),
                word("responsabilità", 40.0, y + 10.0),
            ];
            let mut x = 114.0;
            for t in value.split_whitespace() {
                words.push(word(t, x, y));
                x += 5.0 * t.chars().count() as f32 + 3.0;
            }
            Line::new(1, words, 0.0)
        };
        let lines = [
            stacked(0.0, "Segretario Generale"),
            row(30.0, &[(40.0, "Obiettivo"), (150.0, "Digitalizzazione")]),
            row(50.0, &[(40.0, "Descrizione"), (150.0, "Nuove procedure")]),
            row(
                70.0,
                &[(40.0, "Metodo di calcolo"), (150.0, "media dei giorni")],
            ),
            stacked(100.0, "Dirigente area anagrafica"),
            row(
                130.0,
                &[(40.0, "Obiettivo"), (150.0, "Sostegno all'export")],
            ),
        ];
        let refs: Vec<&Line> = lines.iter().collect();
        let read = read(&refs, &Vocabulary::builtin());
        assert_eq!(read.objectives.len(), 2);
        let (first, second) = (&read.objectives[0], &read.objectives[1]);
        assert_eq!(first.responsibility_centre.joined(), "Segretario Generale");
        assert_eq!(
            second.responsibility_centre.joined(),
            "Dirigente area anagrafica"
        );
        assert_eq!(second.title.joined(), "Sostegno all'export");
    }

    #[test]
    fn each_page_of_a_scan_has_its_own_value_column() {
        // Page 2 scanned 4 pt further right than page 1.
        let on = |page: u32, y: f32, label: &str, value: &str| {
            let shift = if page == 2 { 4.0 } else { 0.0 };
            let mut line = row(y, &[(40.0 + shift, label), (150.0 + shift, value)]);
            line.page = page;
            line
        };
        let lines = [
            on(1, 0.0, "Obiettivo", "Digitalizzazione dei processi"),
            on(1, 20.0, "Descrizione", "Nuove procedure di lavoro"),
            on(1, 40.0, "Responsabile", "Dott. Marco Bianchi"),
            on(2, 0.0, "Obiettivo", "Sostegno all'export"),
            on(2, 20.0, "Descrizione", "Fiere internazionali"),
        ];
        let refs: Vec<&Line> = lines.iter().collect();
        let read = read(&refs, &Vocabulary::builtin());
        assert_eq!(read.objectives.len(), 2);
        let second = &read.objectives[1];
        assert_eq!(second.title.joined(), "Sostegno all'export");
        assert_eq!(second.description.joined(), "Fiere internazionali");
    }

    #[test]
    fn a_label_word_opening_prose_in_the_value_column_is_no_label() {
        let v = Vocabulary::builtin();
        let lines = [
            row(
                0.0,
                &[
                    (40.0, "Obiettivo"),
                    (150.0, "Digitalizzazione dei processi"),
                ],
            ),
            row(
                14.0,
                &[
                    (40.0, "Descrizione"),
                    (150.0, "L'organizzazione del lavoro"),
                ],
            ),
            row(24.0, &[(150.0, "L'obiettivo si inserisce nel quadro")]),
            row(
                38.0,
                &[(40.0, "Responsabile"), (150.0, "Dott. Marco Bianchi")],
            ),
        ];
        let refs: Vec<&Line> = lines.iter().collect();
        let read = read(&refs, &v);
        assert_eq!(read.objectives.len(), 1);
        let description = read.objectives[0].description.joined();
        assert_eq!(
            description,
            "L'organizzazione del lavoro L'obiettivo si inserisce nel quadro"
        );
    }
    #[test]
    fn a_code_or_target_ocr_doubted_is_kept_as_doubtful() {
        let v = Vocabulary::builtin();
        // The OCR confidence of the words: the code's, then a title word's.
        let card = |code: f32, title: f32| {
            let mut kpi = row(
                20.0,
                &[(40.0, "Codice e descrizione"), (150.0, "KPI196 TEMPI MEDI")],
            );
            for (w, c) in kpi.words.iter_mut().skip(3).zip([code, title]) {
                w.confidence = Some(c);
            }
            let lines = [
                row(0.0, &[(40.0, "Obiettivo"), (150.0, "Digitalizzazione")]),
                kpi,
                row(40.0, &[(40.0, "Tipologia"), (150.0, "Efficacia")]),
            ];
            let refs: Vec<&Line> = lines.iter().collect();
            let read = read(&refs, &v);
            let doubtful = &read.objectives[0].indicators[0].doubtful;
            doubtful
                .iter()
                .map(|d| (d.field, d.text.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            card(17.0, 90.0),
            [(IndicatorField::KpiCode, "KPI196".to_string())]
        );
        // A doubted word without digits is left to the spelling checks.
        assert!(card(90.0, 17.0).is_empty());
    }
}
