//! Stage 2: layout. Positioned words become lines, lines become the report's
//! blocks: the preamble, one [`SchedaLayout`] per objective with its head
//! fields, and per indicator its title, "Cosa misura" and table cells.
//!
//! Labels are found with the fuzzy [`Vocabulary`] so that OCR damage
//! ("Titalo", "Algontmo di calcolo") does not hide them. Text stays raw
//! here: correcting it is the next stage's job.

mod card_labels;
mod cards;
mod cell_pitch;
mod column_order;
mod cut_words;
pub mod grid;
mod kind;
mod kpi_cards;
mod label_block;
mod label_column;
mod lines;
mod row_texts;
mod rows;
mod rule_bars;
mod running;
mod scheda;
pub mod table;
mod template;
#[cfg(test)]
mod test_lines;
mod wide;
mod wrapped;

pub use lines::{after_lead, deskewed_rules, group_lines, Line};
pub use table::{CellBox, TableCells};

use crate::model::{Column, FieldPath, IndicatorField, InputFormat, ReportKind, Template};
use crate::read::{BBox, Document, Region};
use crate::vocab::{Label, LabelMatch, Vocabulary};
use crate::FastMap;

/// Raw text of one field: its lines as read, and the page of the first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawField {
    pub lines: Vec<String>,
    pub page: u32,
}

impl RawField {
    fn push(&mut self, text: String, page: u32) {
        if self.lines.is_empty() {
            self.page = page;
        }
        self.lines.push(text);
    }

    /// Whether nothing but blank text was read.
    pub fn is_blank(&self) -> bool {
        self.lines.iter().all(|l| l.trim().is_empty())
    }

    /// The lines joined by spaces.
    pub fn joined(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// What the layout made of one line: shown by `pira inspect`.
#[derive(Debug, Clone, PartialEq)]
pub struct LineRole {
    pub page: u32,
    pub text: String,
    /// "title", "description", "indicator 2 table body", ...
    pub role: String,
    /// Around the line's words, in the layout's frame (see [`Line::skew`]).
    pub bbox: BBox,
    /// Around the label the line opens with ("Titolo", "Cosa misura"): the
    /// scheda's label column. None when the line has no label.
    pub label: Option<BBox>,
    /// Around the words after the label: the field's value.
    pub value: Option<BBox>,
    /// The record field those words went into.
    pub field: Option<FieldPath>,
    /// The line's skew: its boxes lie at y + skew·x on the page (see
    /// [`Line::skew`]).
    pub skew: f32,
}

impl LineRole {
    /// The line in `role`, feeding no field.
    pub fn of(line: &Line, role: impl Into<String>) -> LineRole {
        LineRole {
            page: line.page,
            text: line.text.clone(),
            role: role.into(),
            bbox: line.span(0..line.words.len()).unwrap_or_default(),
            label: None,
            value: None,
            field: None,
            skew: line.skew,
        }
    }

    /// The line's words from `value_from` on went into `field`; the words
    /// `label` before them are its label.
    fn into_field(
        mut self,
        line: &Line,
        field: FieldPath,
        label: std::ops::Range<usize>,
        value_from: usize,
    ) -> LineRole {
        self.label = line.span(label);
        self.value = line.span(value_from..line.words.len());
        self.field = Some(field);
        self
    }
}

/// A whole report, in blocks.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReportLayout {
    /// Lines before the first scheda (title page, summary matrix).
    pub preamble: Vec<Line>,
    pub schede: Vec<SchedaLayout>,
    /// Whether any indicator table has a "Valore a consuntivo" column.
    pub has_actual_column: bool,
    /// Every line's text, for document-wide facts (year, entity).
    pub all_text: String,
    /// The report's title block: what the file says about itself (a PDF's
    /// title, author) and the first page's lines before any scheda (the
    /// cover, the heading). Year and entity are read here first.
    pub title_block: String,
    /// The template the report is printed in; None when it is in none
    /// that pira knows.
    pub template: Option<Template>,
    /// What was seen of the report's labels and table headers, to name in
    /// the error when no template was recognised.
    pub seen: Vec<String>,
    /// How much text each page holds outside its running lines.
    pub page_texts: Vec<PageText>,
}

/// How much text a page holds outside its running header and footer: its
/// words, and those holding a digit. A page of a table's rows or of a
/// scheda holds many of both; the records stage warns where such a page
/// gave no record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PageText {
    pub page: u32,
    pub words: usize,
    pub numbers: usize,
}

/// Each page's [`PageText`], in page order, from its lines.
fn page_texts(lines: &[Line]) -> Vec<PageText> {
    let mut out: Vec<PageText> = Vec::new();
    for line in lines {
        let numbers = line
            .words
            .iter()
            .filter(|w| w.text.bytes().any(|b| b.is_ascii_digit()))
            .count();
        // Lines come a page at a time: the page is most often the last.
        let known = match out.last() {
            Some(p) if p.page == line.page => out.last_mut(),
            _ => out.iter_mut().find(|p| p.page == line.page),
        };
        match known {
            Some(p) => {
                p.words += line.words.len();
                p.numbers += numbers;
            }
            None => out.push(PageText {
                page: line.page,
                words: line.words.len(),
                numbers,
            }),
        }
    }
    out.sort_by_key(|p| p.page);
    out
}

/// One objective scheda, field by field.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SchedaLayout {
    pub pages: Vec<u32>,
    pub mission: RawField,
    pub programme: RawField,
    pub title: RawField,
    pub description: RawField,
    pub time_frame: RawField,
    pub responsibility_centre: RawField,
    pub resources: RawField,
    /// The objective code as written (`011-005-001`).
    pub code: Option<(String, u32)>,
    /// The text after "Nr indicatori associati".
    pub declared_indicators: RawField,
    /// Where the declared count's box is on the page, when positions are
    /// real: a count OCR lost can be read again from there.
    pub declared_region: Option<Region>,
    pub indicators: Vec<IndicatorLayout>,
    /// The role of each of the scheda's lines, for `pira inspect`.
    pub roles: Vec<LineRole>,
    /// A card's resources by budget item and year.
    pub allocations: Vec<RawAllocation>,
    /// Why the objective may hold two of one title: read from a wide
    /// table that repeats the objective's cell on each of its rows, where
    /// nothing on the page parts two neighbours of one title.
    pub one_title: Option<OneTitle>,
}

/// What says that an objective of a wide table whose cells repeat on
/// each row may be two neighbours of one title read as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OneTitle {
    /// Two of its rows hold the same indicator (their numbers, from 1):
    /// an objective lists an indicator once.
    SameIndicator(u32, u32),
    /// It holds more indicators than any objective of the table whose
    /// title is its own (that many), and another objective of the report
    /// has its title.
    MoreThan(usize),
    /// Another objective of the report has its title, and nothing else
    /// says it is two.
    Shared,
}

/// One amount of a card's resources block: "6) Personale" in 2017.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawAllocation {
    /// The budget item as printed ("6) Personale").
    pub item: String,
    pub year: Option<i32>,
    /// The amount as printed ("€ 1.088.574,57", "€ -").
    pub amount: String,
    pub page: u32,
}

/// A word of a card's indicator field that OCR read with low confidence:
/// a code or a number, which no spelling check can vouch for.
#[derive(Debug, Clone, PartialEq)]
pub struct DoubtfulValue {
    pub field: IndicatorField,
    pub text: String,
    /// OCR confidence, 0 to 100.
    pub confidence: f32,
}

/// One "Indicatore N" block.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IndicatorLayout {
    pub number: u32,
    /// The "Indicatore N" label was lost: the number follows the previous one.
    pub inferred_number: bool,
    pub page: u32,
    pub title: RawField,
    pub measures: RawField,
    /// The header lines of the table (they carry the target date).
    pub header: Vec<String>,
    pub cells: TableCells,
    /// The role of each of the block's lines, for `pira inspect`.
    pub roles: Vec<LineRole>,
    /// The indicator's code cell ("KPI156 Tasso di ..."), where the
    /// template has one.
    pub kpi: RawField,
    /// The report's own "% raggiungimento".
    pub achievement: RawField,
    /// Targets by year, from a row of years and the targets under them.
    pub year_targets: Vec<(i32, String)>,
    /// Words of a card's code and targets OCR read with low confidence.
    pub doubtful: Vec<DoubtfulValue>,
    /// The table's header and body lines, where its cells came from their
    /// positions: read again beside the document's other tables.
    pub table: Option<TableLines>,
}

/// An indicator table's lines: its header's and its body's.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableLines {
    pub header: Vec<Line>,
    pub body: Vec<Line>,
    /// The columns its header sets.
    pub columns: table::ColumnSet,
}

/// A box of the layout's frame (see [`Line::skew`]) as a region of the
/// page itself: sheared back, and as much taller as the skew leans it.
pub(crate) fn page_region(page: u32, b: BBox, skew: f32) -> Region {
    let shift = skew * (b.x0 + b.x1) / 2.0;
    let lean = (skew * (b.x1 - b.x0) / 2.0).abs();
    Region {
        page,
        bbox: BBox {
            x0: b.x0,
            y0: b.y0 + shift - lean,
            x1: b.x1,
            y1: b.y1 + shift + lean,
        },
    }
}

/// A line, and the label its content words start with (looked up once).
#[derive(Debug, Clone, Copy)]
struct Labelled<'a> {
    line: &'a Line,
    label: Option<LabelMatch>,
}

/// Lays out a document.
pub fn layout(doc: &Document, vocab: &Vocabulary) -> ReportLayout {
    let mut all_lines = group_lines(doc);
    let geometric = doc.format != InputFormat::OcrText;
    if geometric {
        cut_words::mend(&mut all_lines, |w| vocab.knows_word(w));
    }
    let all_text = all_lines
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    // Running headers and footers would end up in whatever field a page
    // break interrupts; the document-wide facts still see them.
    let running = running::running_lines(doc, &all_lines, vocab, geometric);
    let mut lines: Vec<Line> = Vec::with_capacity(all_lines.len());
    let mut repeated: Vec<Line> = Vec::new();
    for (line, running) in all_lines.into_iter().zip(running) {
        if running {
            repeated.push(line);
        } else {
            lines.push(line);
        }
    }
    // With positions, a label beside the middle of its value moves to the
    // value's first line; without, a label wrapped in its column is two
    // lines.
    // The template readers place centred labels themselves: they get the
    // lines as set, should no scheda be found.
    let page_texts = page_texts(&lines);
    let (lines, unmoved) = if geometric {
        match rows::labels_to_row_tops(&lines, vocab, &rules_across(doc, &lines)) {
            Some(moved) => (wrapped::join_stacked_labels(moved, vocab), Some(lines)),
            None => (wrapped::join_stacked_labels(lines, vocab), None),
        }
    } else {
        let rows = label_block::unstack(lines, vocab);
        (wrapped::join_wrapped_labels(rows, vocab), None)
    };
    // A report repeats its labels and table headers: each distinct line is
    // looked up once. With positions, a line whose first word opens no
    // label has none, told apart by that word alone (plain text's lines
    // may be a row's debris whatever they open with).
    let mut known: FastMap<Vec<&str>, Option<LabelMatch>> = FastMap::default();
    let labelled: Vec<Labelled> = lines
        .iter()
        .map(|line| Labelled {
            line,
            label: if !geometric || may_open_label(line, vocab) {
                *known
                    .entry(line.content_words())
                    .or_insert_with_key(|words| line_label(words, vocab, geometric))
            } else {
                None
            },
        })
        .collect();
    let mut starts = scheda_starts(&labelled);
    if codes_above(&labelled, &starts, vocab) {
        take_codes_above(&labelled, &mut starts, vocab);
    }
    // The report's heading or running line may name its kind: a final
    // account has the actual column in every table, however OCR read
    // their headers; a budget plan's headers name it by more than debris.
    let before_schede = starts.first().map_or(&lines[..0], |&s| &lines[..s]);
    let named = kind::named(&repeated, before_schede, vocab);
    let reading = scheda::Reading {
        geometric,
        actual_column: named == Some(ReportKind::FinalAccount),
        actual_needs: if named == Some(ReportKind::BudgetPlan) {
            table::Naming::Named
        } else {
            table::Naming::Debris
        },
    };
    let (mut first, mut schede) = read_schede(&labelled, &starts, vocab, reading);
    // A report sets all its tables in the same columns: in plain text,
    // where OCR garbled some header's actual cell, most others name it
    // (one header's garbled "Ultimo valore osservato" may read as an
    // actual's "Valore osservato" in a budget plan: one is not enough).
    if !geometric && !reading.actual_column && names_actual(&schede, vocab, reading, most_not_all) {
        let reading = scheda::Reading {
            actual_column: true,
            ..reading
        };
        (first, schede) = read_schede(&labelled, &starts, vocab, reading);
    }
    let as_set = || unmoved.as_deref().unwrap_or(&lines);
    let with_texts = |other: ReportLayout| ReportLayout {
        page_texts: page_texts.clone(),
        ..other
    };
    if schede.is_empty() {
        return with_texts(template::other(as_set(), &repeated, vocab, doc, all_text));
    }
    // Schede none of which has an objective code are a table's header
    // ("MISSIONI") read as a scheda's labels: a template's signature, where
    // the lines show one, says what the report is.
    if schede.iter().all(|s| s.code.is_none()) {
        let other = template::other(as_set(), &repeated, vocab, doc, all_text.clone());
        if other.template.is_some() {
            return with_texts(other);
        }
    }
    read_with_shared_columns(&mut schede);
    // The header's lines name the column, or (a header cell wrapped over
    // lines beside others) its words placed by position gave it a cell.
    let has_actual_column = reading.actual_column
        || schede.iter().flat_map(|s| &s.indicators).any(|ind| {
            table::naming(&ind.header, Label::Column(Column::Actual), vocab) >= reading.actual_needs
                || ind.cells.boxes.iter().any(|b| b.column == Column::Actual)
        });
    ReportLayout {
        title_block: title_block(doc, &lines[..first]),
        preamble: lines[..first].to_vec(),
        schede,
        has_actual_column,
        all_text,
        template: Some(Template::Scheda),
        seen: Vec::new(),
        page_texts,
    }
}

/// The schede that open at `starts`, and the first line of the first.
fn read_schede(
    labelled: &[Labelled],
    starts: &[usize],
    vocab: &Vocabulary,
    reading: scheda::Reading,
) -> (usize, Vec<SchedaLayout>) {
    let mut first = labelled.len();
    let mut schede = Vec::new();
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(labelled.len());
        let head_cleaned = if reading.geometric {
            label_column::without_noise(&labelled[start..end], vocab)
        } else {
            vec![None; end - start]
        };
        let lines: Vec<Labelled> = labelled[start..end]
            .iter()
            .zip(&head_cleaned)
            .map(|(l, cleaned)| match cleaned {
                Some(line) => Labelled {
                    line,
                    label: vocab.label_at_start(&line.content_words()),
                },
                None => *l,
            })
            .collect();
        let s = scheda::scheda(&lines, vocab, reading);
        // A "MISSIONE" row of the summary matrix is not a scheda.
        if s.title.is_blank() && s.description.is_blank() && s.indicators.is_empty() {
            continue;
        }
        first = first.min(start);
        schede.push(s);
    }
    (first, schede)
}

/// `test` of whether each indicator table's header names the actual
/// column (tables without a header left out).
fn names_actual(
    schede: &[SchedaLayout],
    vocab: &Vocabulary,
    reading: scheda::Reading,
    test: fn(&[bool]) -> bool,
) -> bool {
    let named: Vec<bool> = schede
        .iter()
        .flat_map(|s| &s.indicators)
        .filter(|ind| !ind.header.is_empty())
        .map(|ind| {
            table::naming(&ind.header, Label::Column(Column::Actual), vocab) >= reading.actual_needs
        })
        .collect();
    test(&named)
}

/// Whether more than half of the flags are set, and not all.
fn most_not_all(flags: &[bool]) -> bool {
    let set = flags.iter().filter(|&&f| f).count();
    set * 2 > flags.len() && set < flags.len()
}

/// Whether the line's first content word ([`Line::content_words`]) may
/// open a label: where it may not, [`Vocabulary::label_at_start`] finds
/// none.
fn may_open_label(line: &Line, vocab: &Vocabulary) -> bool {
    line.words
        .iter()
        .map(|w| w.text.as_str())
        .find(|w| !lines::is_rule_noise(w) && !lines::is_border_bracket(w))
        .is_some_and(|w| vocab.may_open_label(w))
}

/// The label a line opens with. In plain text, a line of nothing but
/// pieces of "Se altro, indicare qui" (OCR cut the row's cells apart:
/// "Se altro, Se altro,", "indicare qui |qui") is that row's label too.
fn line_label(words: &[&str], vocab: &Vocabulary, geometric: bool) -> Option<LabelMatch> {
    let label = vocab.label_at_start(words);
    let debris = !geometric && label.is_none_or(|m| m.label != Label::Other);
    if debris && vocab.is_notes_debris(words) {
        return Some(LabelMatch {
            label: Label::Other,
            words: words.len(),
            score: 1.0,
        });
    }
    label
}

/// Tables set in the same columns (one table repeated through the
/// document) show together where each column begins: short values that
/// lie under no header cell of their own table lie, across the tables,
/// in a column whose white river the others keep free. Each table whose
/// cells came from positions is read again beside the bodies of the
/// others with its columns.
fn read_with_shared_columns(schede: &mut [SchedaLayout]) {
    let tables: Vec<&TableLines> = schede
        .iter()
        .flat_map(|s| &s.indicators)
        .filter_map(|i| i.table.as_ref())
        .collect();
    if tables.len() < 2 {
        return;
    }
    let headers: Vec<Vec<&Line>> = tables.iter().map(|t| t.header.iter().collect()).collect();
    let read: Vec<Option<TableCells>> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let others: Vec<&Line> = (0..tables.len())
                .filter(|&j| j != i && t.columns.same_as(&tables[j].columns))
                .flat_map(|j| &tables[j].body)
                .collect();
            if others.is_empty() {
                return None;
            }
            let body: Vec<&Line> = t.body.iter().collect();
            Some(t.columns.cells(&headers[i], &body, &others))
        })
        .collect();
    let mut read = read.into_iter();
    for ind in schede.iter_mut().flat_map(|s| &mut s.indicators) {
        if ind.table.is_some() {
            if let Some(cells) = read.next().flatten() {
                ind.cells = cells;
            }
        }
    }
}

/// The file's own description and the preamble's lines on its first page.
pub(super) fn title_block(doc: &Document, preamble: &[Line]) -> String {
    let first_page = preamble.first().map(|l| l.page);
    let cover = preamble
        .iter()
        .filter(|l| Some(l.page) == first_page)
        .map(|l| l.text.clone());
    doc.info
        .iter()
        .cloned()
        .chain(cover)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Each page's horizontal rules, sheared into its lines' frame (a scan's
/// skew taken out).
fn rules_across(doc: &Document, lines: &[Line]) -> rows::Across {
    doc.pages
        .iter()
        .map(|page| {
            let skew = lines
                .iter()
                .find(|l| l.page == page.number)
                .map_or(0.0, |l| l.skew);
            let across = deskewed_rules(&page.rules, skew)
                .into_iter()
                .filter(|r| r.axis == crate::read::Axis::Horizontal)
                .collect();
            (page.number, across)
        })
        .collect()
}

/// The nearest line before `start` that is not blank, if it gives an
/// objective code; the rest of the code's label wrapped below it
/// ("CODICE 011-005-001" / "OBIETTIVO") may stand between.
fn code_before(lines: &[Labelled], start: usize, vocab: &Vocabulary) -> Option<usize> {
    let mut before = lines[..start]
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, l)| !l.line.is_blank());
    let (mut i, mut l) = before.next()?;
    if vocab.is_label_tail(&l.line.content_words(), Label::ObjectiveCode) {
        (i, l) = before.next()?;
    }
    scheda::code_line(*l, vocab).map(|_| i)
}

/// Whether the objective codes stand above their schede, not below: at
/// least half the schede's "Missione" rows follow a code line (a summary
/// matrix's header may count as a start), and the last scheda holds none
/// (below, each scheda holds its own).
fn codes_above(lines: &[Labelled], starts: &[usize], vocab: &Vocabulary) -> bool {
    let Some(&last) = starts.last() else {
        return false;
    };
    let preceded = starts
        .iter()
        .filter(|&&start| code_before(lines, start, vocab).is_some())
        .count();
    preceded * 2 >= starts.len()
        && !lines[last..]
            .iter()
            .any(|&l| scheda::code_line(l, vocab).is_some())
}

/// Moves each scheda's start up to the code line right above it.
fn take_codes_above(lines: &[Labelled], starts: &mut [usize], vocab: &Vocabulary) {
    for start in starts.iter_mut() {
        if let Some(i) = code_before(lines, *start, vocab) {
            *start = i;
        }
    }
}

/// Lines where a scheda opens: a "Missione" label followed, on that line
/// or one of the next two, by a three-digit mission code; or, where the
/// label stands beside its value's second line (centred in a cell of
/// two), the value's first line right above it, opening with the code.
fn scheda_starts(lines: &[Labelled]) -> Vec<usize> {
    let mut starts = Vec::new();
    for (i, &Labelled { line, label }) in lines.iter().enumerate() {
        let Some(m) = label else {
            if mission_label_lost(lines, i) {
                starts.push(i);
            }
            continue;
        };
        if m.label != Label::Mission || m.score < 0.85 {
            continue;
        }
        let rest = line.content_words()[m.words..].join(" ");
        let next = lines[i + 1..]
            .iter()
            .map(|l| l.line)
            .filter(|l| !l.is_blank())
            .take(2);
        let has_code = lines::starts_with_code(&rest)
            || next.into_iter().any(|l| lines::starts_with_code(&l.text));
        if has_code {
            starts.push(i);
        } else if let Some(above) = value_line_above(lines, i) {
            starts.push(above);
        }
    }
    starts
}

/// Whether line `i` is a mission row whose "Missione" label the text lost
/// (a scan's text layer: "012 - Regolazione dei mercati" alone): it is a
/// [`named_code_row`], and the next line is the "Programma" row, as in
/// every scheda's head, or a programme row that lost its label too
/// followed by the "Obiettivo" row (DEV scan 303: both labels of the
/// label column lost), while the line above is no "Missione" label
/// waiting for its value.
fn mission_label_lost(lines: &[Labelled], i: usize) -> bool {
    if !named_code_row(&lines[i]) {
        return false;
    }
    let is =
        |l: &Labelled, label: Label| l.label.is_some_and(|m| m.label == label && m.score >= 0.85);
    let mut after = lines[i + 1..].iter().filter(|l| !l.line.is_blank());
    let next = after.next();
    let then = after.next();
    let programme = next.is_some_and(|l| is(l, Label::Programme))
        || (next.is_some_and(named_code_row)
            && then.is_some_and(|l| is(l, Label::Objective) || is(l, Label::Title)));
    let above = lines[..i].iter().rev().find(|l| !l.line.is_blank());
    programme && !above.is_some_and(|l| is(l, Label::Mission))
}

/// Whether a line without a label opens with a three-digit code followed
/// by a name ("032 - Servizi istituzionali"; an objective code
/// "012-004-001" has none): a mission's or programme's row.
fn named_code_row(l: &Labelled) -> bool {
    let text = &l.line.text;
    let names = text
        .split_whitespace()
        .skip(1)
        .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3);
    l.label.is_none() && lines::starts_with_code(text) && names
}

/// The line right above the label line `i` when it has no label and
/// opens with a mission code: the first line of the label's value.
fn value_line_above(lines: &[Labelled], i: usize) -> Option<usize> {
    let above = lines[..i].iter().rposition(|l| !l.line.is_blank())?;
    let l = lines[above];
    (l.label.is_none() && lines::starts_with_code(&l.line.text)).then_some(above)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
pub(crate) use test_lines::words_line as test_line;
