//! Label/value cards: an indicator whose fields are set as two-column
//! rows, the label on the left ("Tipologia", "Unità di misura", "Target
//! 2021") and the value on the right, down the page, instead of a
//! 7-column table. The label decides the field, wherever the row stands.
//!
//! Where word positions are real, the label column ends where the values
//! start: at a ruled row's first cell border, else where most values
//! start. The label column's words, read in order, are cut into labels by
//! the vocabulary, so a label that wraps over two or three lines of its
//! column is still one label. The value column's lines are then shared
//! out among the labels so that each value stands beside its label: all
//! top-aligned with their labels, or all centred on them, whichever fits
//! the block better. When values are centred, lines below the last
//! label's that fit it worse than nothing are the next indicator's title
//! (a centred title starts above its "Indicatore N" label).
//!
//! Without positions, a line that opens with a label starts its field and
//! the lines after it go on with it.

use std::ops::Range;

use super::table::{CellBox, TableCells};
use super::{Labelled, Line, LineRole, RawField};
use crate::model::{Column, FieldPath, IndicatorField};
use crate::read::{BBox, Word};
use crate::vocab::{Label, LabelMatch, Vocabulary};

/// Similarity a label needs to open a row.
const LABEL_SCORE: f64 = 0.7;
/// Similarity a scheda head's label needs to open a row among an
/// indicator's cards: a value such as "Estrazione dei dati" is spelled
/// close to "Descrizione".
const HEAD_LABEL_SCORE: f64 = 0.9;
/// Lines opening with one field's label that make a block cards.
const MIN_CARD_LINES: usize = 3;
/// Of those, the lines with the field's value beside the label.
const MIN_VALUED: usize = 2;
/// Value starts within this (points) of one another agree on the column.
const SAME_EDGE: f32 = 1.5;

/// An indicator block read as cards.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Cards {
    /// The number after "Indicatore", when the label holds one.
    pub number: Option<u32>,
    pub title: RawField,
    pub measures: RawField,
    pub cells: TableCells,
    /// The value fields' labels as printed ("Risultato atteso 2021"):
    /// they carry the target's date, and name the actual's field.
    pub header: Vec<String>,
    pub roles: Vec<LineRole>,
    /// Value lines after the last label's value, in order: the next
    /// indicator's title.
    pub after: Vec<String>,
}

/// What a row of the cards holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Title,
    Measures,
    Cell(Column),
    /// A label that is no field of an indicator: its value is dropped.
    Other,
}

impl Slot {
    fn of(label: Label) -> Slot {
        match label {
            Label::Indicator => Slot::Title,
            Label::Measures => Slot::Measures,
            Label::Column(c) => Slot::Cell(c),
            _ => Slot::Other,
        }
    }

    fn field(self) -> Option<IndicatorField> {
        match self {
            Slot::Title => Some(IndicatorField::Title),
            Slot::Measures => Some(IndicatorField::Measures),
            Slot::Cell(c) => Some(IndicatorField::Cell(c)),
            Slot::Other => None,
        }
    }
}

/// Where some text lies: a page and a vertical extent.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Band {
    page: u32,
    y0: f32,
    y1: f32,
}

impl Band {
    fn mid(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }

    fn join(self, other: Band) -> Band {
        Band {
            y0: self.y0.min(other.y0),
            y1: self.y1.max(other.y1),
            ..self
        }
    }
}

/// One label of the label column, with the words of its cell.
#[derive(Debug, Clone)]
struct Row<'a> {
    slot: Slot,
    words: Vec<&'a str>,
    band: Band,
}

/// The value words of one line: `line.words[from..]`.
#[derive(Debug, Clone, Copy)]
struct ValueLine {
    line: usize,
    from: usize,
    band: Band,
}

/// Whether an indicator block sets its fields as label/value rows: at
/// least three fields' labels open a line, two of them with the field's
/// value beside it, and no line names two fields as a table's header row
/// does. (A value may be empty, and a wrapped label's
/// first line may not be recognised; a table's header whose cells were
/// read one under the other has labels alone on their lines.) Where word
/// positions are real, labels that wrap count too (see [`wrapped_cards`]).
pub(super) fn is_cards(lines: &[Labelled], vocab: &Vocabulary, geometric: bool) -> bool {
    // Each field once: a table header a page break repeats names its
    // fields again, and a block of cards names each of its own once.
    let (mut labels, mut valued): (Vec<Label>, Vec<Label>) = (Vec::new(), Vec::new());
    let mut label_lines = 0;
    let stacked = if geometric {
        0
    } else {
        stacked_labels(lines, vocab)
    };
    for l in lines.iter().skip(1) {
        let Some(m) = l
            .label
            .filter(|m| m.score >= 0.8 && m.label.is_table_header())
        else {
            continue;
        };
        let words = l.line.content_words();
        let rest = &words[m.words..];
        if vocab
            .find_label_in(rest, Label::is_table_header, 0.75)
            .is_some()
        {
            return false;
        }
        label_lines += 1;
        add_once(&mut labels, m.label);
        // Not a table header's cell and its date ("Risultato atteso al"
        // over "31/12/2020").
        if !rest.is_empty() && !super::table::is_header_line(rest, vocab) {
            add_once(&mut valued, m.label);
        }
    }
    labels.len() >= MIN_CARD_LINES && valued.len() >= MIN_VALUED
        || stacked >= MIN_CARD_LINES && 2 * stacked >= label_lines
        || geometric && wrapped_cards(lines, vocab)
}

/// Adds `item` to `seen` unless it is there already.
fn add_once<T: PartialEq>(seen: &mut Vec<T>, item: T) {
    if !seen.contains(&item) {
        seen.push(item);
    }
}

/// Labels alone on their lines with their values on the lines below:
/// plain text where OCR set each cell of a label/value row as a
/// paragraph of its own ("Unità di misura", then "numerico", then
/// "Metodo di calcolo"). Counts the labels of one field each whose next
/// line is a value: no label, no header piece (words of the headers
/// alone: "valore" of an "Ultimo" / "valore" / "osservato" read apart),
/// and no rest of the label itself ("Ultimo valore" over "osservato",
/// "Target" over "2021"). A table's header read one cell per line has its
/// labels one after the other, and its values only after the last.
fn stacked_labels(lines: &[Labelled], vocab: &Vocabulary) -> usize {
    let cell_label = |l: &Labelled| {
        l.label
            .filter(|m| m.score >= 0.8 && m.label.is_table_header())
    };
    lines
        .iter()
        .skip(1)
        .zip(lines.iter().skip(2))
        .filter(|(l, next)| {
            let Some(m) = cell_label(l) else { return false };
            let words = l.line.content_words();
            let alone = words[m.words.min(words.len())..]
                .iter()
                .all(|w| is_label_date(w) || fold_is(w, "al"));
            let next_words = next.line.content_words();
            alone
                && next.label.is_none_or(|n| n.score < LABEL_SCORE)
                && !super::table::is_header_line(&next_words, vocab)
                && !next_words
                    .iter()
                    .all(|w| vocab.is_header_word(w) || is_label_date(w))
                && !label_part(vocab, Slot::of(m.label), &words, &next_words)
        })
        .count()
}

fn fold_is(word: &str, folded: &str) -> bool {
    crate::vocab::fold(word) == folded
}

/// Whether the words of a line are the rest of the label `label_words`
/// opened (the row's `slot`): words of the headers with which the label
/// matches whole ("Ultimo valore" and "osservato"), or its date alone ("Risultato
/// atteso" and "2019", or "al 31/12/2020").
fn label_part(vocab: &Vocabulary, slot: Slot, label_words: &[&str], words: &[&str]) -> bool {
    if words.is_empty() {
        return false;
    }
    let dated = matches!(slot, Slot::Cell(c) if dated_label(Label::Column(c)));
    if dated
        && words.iter().any(|w| is_label_date(w))
        && words.iter().all(|w| is_label_date(w) || fold_is(w, "al"))
    {
        return true;
    }
    if !words.iter().all(|w| vocab.is_header_word(w)) {
        return false;
    }
    let joined: Vec<&str> = label_words.iter().chain(words).copied().collect();
    vocab.label_at_start(&joined).is_some_and(|m| {
        m.score >= LABEL_SCORE && Slot::of(m.label) == slot && m.words == joined.len()
    })
}

/// Cards whose labels wrap ("UNITÀ DI" / "MISURA", a value centred on
/// them standing between their lines): the label column's words, cut
/// into labels as [`by_position`] cuts them, hold the labels of three
/// fields or more, and two lines or more a value beside the column.
fn wrapped_cards(lines: &[Labelled], vocab: &Vocabulary) -> bool {
    let Some(edge) = value_edge(lines) else {
        return false;
    };
    let split = split_lines(lines, edge);
    let (rows, _) = label_rows(lines, &split.label_words, vocab);
    let mut fields: Vec<Slot> = Vec::new();
    for row in rows.iter().filter(|r| matches!(r.slot, Slot::Cell(_))) {
        add_once(&mut fields, row.slot);
    }
    let labels = fields.len();
    let valued = split
        .values
        .iter()
        .filter(|v| {
            let words: Vec<&str> = lines[v.line].line.words[v.from..]
                .iter()
                .map(|w| w.text.as_str())
                .collect();
            !super::table::is_header_line(&words, vocab)
        })
        .count();
    labels >= MIN_CARD_LINES && valued >= MIN_VALUED
}

/// The lines of a block of cards split at the label column's `edge`.
struct Split<'a> {
    /// The label column's words, in reading order, with their lines.
    label_words: Vec<(usize, &'a Word)>,
    /// The lines with words right of the edge.
    values: Vec<ValueLine>,
    /// Each line's first word past its noise, and its first value word.
    splits: Vec<(usize, usize)>,
}

fn split_lines<'a>(lines: &[Labelled<'a>], edge: f32) -> Split<'a> {
    let mut split = Split {
        label_words: Vec::new(),
        values: Vec::new(),
        splits: Vec::new(),
    };
    for (i, l) in lines.iter().enumerate() {
        let line = l.line;
        let noise = line.words.len() - line.content_words().len();
        let from = value_start(line, noise, edge);
        split.splits.push((noise, from));
        split
            .label_words
            .extend(line.words[noise..from].iter().map(|w| (i, w)));
        if let Some(band) = band_of(line, &line.words[from..]) {
            split.values.push(ValueLine {
                line: i,
                from,
                band,
            });
        }
    }
    split
}

/// Reads a block of cards from its lines (the "Indicatore N" line first).
pub(super) fn read(lines: &[Labelled], vocab: &Vocabulary, geometric: bool) -> Cards {
    let edge = geometric.then(|| value_edge(lines)).flatten();
    match edge {
        Some(edge) => by_position(lines, vocab, edge),
        None => by_order(lines, vocab),
    }
}

/// Where the value column starts: the x most values that follow a label
/// on its line start at (values are set flush left in their column).
fn value_edge(lines: &[Labelled]) -> Option<f32> {
    let starts: Vec<f32> = lines
        .iter()
        .filter_map(|l| {
            let m = l.label.filter(|m| m.score >= 0.8)?;
            let noise = l.line.words.len() - l.line.content_words().len();
            let skip = usize::from(m.label == Label::Indicator);
            Some(l.line.words.get(noise + m.words + skip)?.bbox.x0)
        })
        .collect();
    let agreeing = |x: f32| {
        starts
            .iter()
            .filter(|s| (*s - x).abs() <= SAME_EDGE)
            .count()
    };
    let best = starts
        .iter()
        .copied()
        .max_by(|a, b| agreeing(*a).cmp(&agreeing(*b)).then(a.total_cmp(b)))?;
    (agreeing(best) >= 2).then_some(best)
}

/// The index of a line's first value word: the first right of the label
/// column's edge (a ruled row's first border), else the first whose
/// middle passes `edge` or that starts where the values do. The edge is
/// one of the starts that agree within [`SAME_EDGE`], so a one-letter word starting
/// the value a point left of it may have its middle short of it: the
/// article "I" of "I giorni che ..." went to the label (DEV scan 233).
fn value_start(line: &Line, noise: usize, edge: f32) -> usize {
    let ruled = line.borders.len() >= 3;
    let edge = if ruled { line.borders[1] } else { edge };
    let starts_values = |w: &Word| !ruled && w.bbox.x0 >= edge - SAME_EDGE;
    line.words
        .iter()
        .enumerate()
        .skip(noise)
        .find(|(_, w)| (w.bbox.x0 + w.bbox.x1) / 2.0 >= edge || starts_values(w))
        .map_or(line.words.len(), |(i, _)| i)
}

/// The band of `words`; for a ruled row, the whole row's (its cells'
/// texts are placed apart within it).
fn band_of<'a>(line: &Line, words: impl IntoIterator<Item = &'a Word>) -> Option<Band> {
    let words: Vec<&Word> = if line.borders.is_empty() {
        words.into_iter().collect()
    } else {
        line.words.iter().collect()
    };
    let b = BBox::around(words.iter().map(|w| w.bbox))?;
    Some(Band {
        page: line.page,
        y0: b.y0,
        y1: b.y1,
    })
}

fn by_position(lines: &[Labelled], vocab: &Vocabulary, edge: f32) -> Cards {
    // Each line's label words and value words.
    let Split {
        label_words,
        values,
        splits,
    } = split_lines(lines, edge);
    let (rows, row_of_word) = label_rows(lines, &label_words, vocab);
    let bands: Vec<Band> = rows.iter().map(|r| r.band).collect();
    let value_bands: Vec<Band> = values.iter().map(|v| v.band).collect();
    let (groups, tail) = share_out(&bands, &value_bands);
    let mut cards = Cards::default();
    let mut line_row: Vec<Option<usize>> = vec![None; lines.len()];
    for ((i, _), row) in label_words.iter().zip(&row_of_word) {
        line_row[*i].get_or_insert(*row);
    }
    for (r, (row, group)) in rows.iter().zip(&groups).enumerate() {
        let texts: Vec<(u32, String)> = values[group.clone()]
            .iter()
            .flat_map(|v| {
                let line = lines[v.line].line;
                line.wrapped_texts(v.from)
                    .into_iter()
                    .map(move |t| (line.page, t))
            })
            .collect();
        for v in &values[group.clone()] {
            line_row[v.line] = Some(r);
        }
        let value_box = BBox::around(
            values[group.clone()]
                .iter()
                .flat_map(|v| &lines[v.line].line.words[v.from..])
                .map(|w| w.bbox),
        );
        fill(&mut cards, row, texts, value_box, lines[0].line.skew);
    }
    let number = cards.number.unwrap_or(0);
    for v in &values[tail..] {
        let line = lines[v.line].line;
        cards.after.extend(line.wrapped_texts(v.from));
        line_row[v.line] = None;
    }
    for (i, l) in lines.iter().enumerate() {
        let (noise, from) = splits[i];
        let slot = line_row[i].map(|r| rows[r].slot);
        cards
            .roles
            .push(role(l.line, number, slot, noise..from, from));
    }
    cards
}

/// A line's role: the field its value words went into, or what it is.
fn role(
    line: &Line,
    number: u32,
    slot: Option<Slot>,
    label: Range<usize>,
    value_from: usize,
) -> LineRole {
    let field = slot.and_then(Slot::field);
    let name = match field {
        Some(IndicatorField::Cell(c)) => c.as_str(),
        Some(f) => f.as_str(),
        None if slot.is_none() => "title of the next indicator",
        None => "label",
    };
    let role = LineRole::of(line, format!("indicator {number} card {name}"));
    match field {
        Some(f) => role.into_field(line, FieldPath::indicator(number, f), label, value_from),
        None => role,
    }
}

/// Puts a row's value into its field.
fn fill(
    cards: &mut Cards,
    row: &Row,
    texts: Vec<(u32, String)>,
    value_box: Option<BBox>,
    skew: f32,
) {
    match row.slot {
        Slot::Title => {
            cards.number = cards.number.or_else(|| number_in(&row.words));
            for (page, t) in texts {
                cards.title.push(t, page);
            }
        }
        Slot::Measures => {
            for (page, t) in texts {
                cards.measures.push(t, page);
            }
        }
        Slot::Cell(column) => {
            cards.header.push(row.words.join(" "));
            let text: Vec<String> = texts.into_iter().map(|(_, t)| t).collect();
            let text = text.join(" ");
            let cell = &mut cards.cells[column];
            *cell = match cell.take() {
                Some(before) if !text.is_empty() => Some(format!("{before} {text}")),
                Some(before) => Some(before),
                None => (!text.is_empty()).then_some(text),
            };
            if let Some(bbox) = value_box {
                cards.cells.boxes.push(CellBox {
                    page: row.band.page,
                    column,
                    bbox,
                    skew,
                });
            }
        }
        Slot::Other => {}
    }
}

/// "Indicatore 2" gives 2.
fn number_in(words: &[&str]) -> Option<u32> {
    words.iter().skip(1).find_map(|w| {
        w.trim_matches(|c: char| !c.is_ascii_digit())
            .parse()
            .ok()
            .filter(|&n| n > 0 && n < 100)
    })
}

/// The label column's words cut into labels: a word where a label phrase
/// starts opens a row; the others go on with the row before (the rest of a
/// wrapped label, the year of "Target 2021"). Gives the rows and, for each
/// word, its row.
fn label_rows<'a>(
    lines: &[Labelled],
    words: &[(usize, &'a Word)],
    vocab: &Vocabulary,
) -> (Vec<Row<'a>>, Vec<usize>) {
    let texts: Vec<&str> = words.iter().map(|(_, w)| w.text.as_str()).collect();
    let mut rows: Vec<Row> = Vec::new();
    let mut row_of_word = Vec::with_capacity(words.len());
    let mut p = 0;
    while p < words.len() {
        let m = label_at(vocab, &texts, p);
        let n = m.map_or(1, |m| m.words);
        let span = &words[p..p + n];
        let band = span
            .iter()
            .filter_map(|(i, w)| band_of(lines[*i].line, [*w]))
            .reduce(Band::join);
        match (m, rows.last_mut()) {
            (None, Some(row)) => {
                row.words.push(texts[p]);
                if let Some(b) = band.filter(|b| b.page == row.band.page) {
                    row.band = row.band.join(b);
                }
            }
            (m, _) => {
                if let Some(band) = band {
                    rows.push(Row {
                        slot: m.map_or(Slot::Other, |m| Slot::of(m.label)),
                        words: texts[p..p + n].to_vec(),
                        band,
                    });
                }
            }
        }
        row_of_word.extend(std::iter::repeat_n(rows.len().saturating_sub(1), n));
        p += n;
    }
    (rows, row_of_word)
}

/// The label that starts at word `p` of the label column. A phrase that
/// runs into a label matching better stops there: "ULTIMO VALORE" (its
/// "OSSERVATO" lost) is not "Ultimo valore osservato" misspelt as "ULTIMO
/// VALORE RISULTATO" when "RISULTATO ATTESO AL" follows.
fn label_at(vocab: &Vocabulary, texts: &[&str], p: usize) -> Option<LabelMatch> {
    let m = vocab
        .label_at_start(&texts[p..])
        .filter(|m| m.score >= LABEL_SCORE)?;
    let inner = (p + 1..p + m.words).find(|&q| {
        vocab
            .label_at_start(&texts[q..])
            .is_some_and(|inner| inner.score > m.score)
    });
    Some(LabelMatch {
        words: inner.map_or(m.words, |q| q - p),
        ..m
    })
}

/// How a block sets values beside their labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Align {
    Top,
    Centre,
}

/// A cost far above any misfit in points: a value outside its label's row.
const OUTSIDE: f32 = 1.0e5;

/// The value lines (in reading order) shared out among the rows: for each
/// row, the range of lines beside it, and where the lines left over after
/// the last row start. Lines go in order; the sharing that fits best wins,
/// with all rows top-aligned or all centred.
fn share_out(rows: &[Band], values: &[Band]) -> (Vec<Range<usize>>, usize) {
    let top = fit(rows, values, Align::Top);
    let centre = fit(rows, values, Align::Centre);
    match (top, centre) {
        (Some(t), Some(c)) if t.0 + 0.5 < c.0 => (t.1, t.2),
        (_, Some(c)) => (c.1, c.2),
        (Some(t), None) => (t.1, t.2),
        (None, None) => (vec![0..0; rows.len()], 0),
    }
}

/// The best sharing for one alignment: its cost, the rows' ranges, and
/// where the lines left over start (only centred values leave lines over).
fn fit(rows: &[Band], values: &[Band], align: Align) -> Option<(f32, Vec<Range<usize>>, usize)> {
    let (n, m) = (rows.len(), values.len());
    if n == 0 {
        return None;
    }
    // best[i][k]: the cost of giving lines ..k to rows ..i, and where
    // row i-1's lines start.
    let mut best = vec![vec![(f32::INFINITY, 0usize); m + 1]; n + 1];
    best[0][0] = (0.0, 0);
    for i in 0..n {
        for k in 0..=m {
            for j in 0..=k {
                let before = best[i][j].0;
                if before.is_infinite() {
                    continue;
                }
                let cost = before + misfit(rows, i, &values[j..k], align);
                if cost < best[i + 1][k].0 {
                    best[i + 1][k] = (cost, j);
                }
            }
        }
    }
    let last = rows[n - 1];
    let tail_ok = |j: usize| {
        align == Align::Centre
            && values[j..]
                .iter()
                .all(|v| v.page > last.page || (v.page == last.page && v.y0 >= last.y1))
    };
    let end = (0..=m)
        .filter(|&j| j == m || tail_ok(j))
        .min_by(|&a, &b| best[n][a].0.total_cmp(&best[n][b].0))?;
    let cost = best[n][end].0;
    if cost.is_infinite() {
        return None;
    }
    let mut ranges = vec![0..0; n];
    let mut k = end;
    for i in (0..n).rev() {
        let j = best[i + 1][k].1;
        ranges[i] = j..k;
        k = j;
    }
    Some((cost, ranges, end))
}

/// How badly the value lines `group` sit beside row `i`'s label: how far
/// their top is from the label's top, or their middle from its middle;
/// far more for a line beyond the labels above and below.
fn misfit(rows: &[Band], i: usize, group: &[Band], align: Align) -> f32 {
    let (Some(first), Some(last)) = (group.first(), group.last()) else {
        return 0.0;
    };
    let row = rows[i];
    let above = i.checked_sub(1).map(|p| rows[p]);
    let below = rows.get(i + 1);
    let mut cost = match align {
        Align::Top => (first.y0 - row.y0).abs(),
        Align::Centre => ((first.y0 + last.y1) / 2.0 - row.mid()).abs(),
    };
    for v in group {
        if v.page != row.page {
            cost += OUTSIDE;
            continue;
        }
        if let Some(a) = above.filter(|a| a.page == v.page) {
            cost += OUTSIDE * (a.y1 - v.mid()).max(0.0);
        }
        if let Some(b) = below.filter(|b| b.page == v.page) {
            cost += OUTSIDE * (v.mid() - b.y0).max(0.0);
        }
    }
    cost
}

/// Cards from lines alone: a line opening with a label starts its field,
/// and the lines after it go on with it.
fn by_order(lines: &[Labelled], vocab: &Vocabulary) -> Cards {
    let mut cards = Cards::default();
    let mut current: Option<(Row, Vec<(u32, String)>)> = None;
    let skew = lines.first().map_or(0.0, |l| l.line.skew);
    for l in lines {
        let line = l.line;
        let words = line.content_words();
        let noise = line.words.len() - words.len();
        let band = Band {
            page: line.page,
            y0: 0.0,
            y1: 0.0,
        };
        if let Some((row, texts)) = current.as_mut() {
            // The rest of the row's label on a line of its own, below it
            // or below its value ("Risultato atteso 100%", then "2019").
            let opened = texts.is_empty();
            if (opened || words.iter().all(|w| is_label_date(w)))
                && label_part(vocab, row.slot, &row.words, &words)
            {
                row.words.extend(words.iter().copied());
                let number = cards.number.unwrap_or(0);
                let end = line.words.len();
                cards
                    .roles
                    .push(role(line, number, Some(row.slot), noise..end, end));
                continue;
            }
        }
        let m = vocab
            .label_at_start(&words)
            .filter(|m| m.score >= LABEL_SCORE)
            .filter(|m| {
                m.label == Label::Other
                    || Slot::of(m.label) != Slot::Other
                    || m.score >= HEAD_LABEL_SCORE
            });
        let mut label = 0;
        if let Some(m) = m {
            if let Some((row, texts)) = current.take() {
                fill(&mut cards, &row, texts, None, skew);
            }
            label = m.words + usize::from(m.label == Label::Indicator);
            label = label.min(words.len());
            if dated_label(m.label) && words.get(label).is_some_and(|w| is_label_date(w)) {
                label += 1;
            }
            current = Some((
                Row {
                    slot: Slot::of(m.label),
                    words: words[..label].to_vec(),
                    band,
                },
                Vec::new(),
            ));
            if m.label == Label::Indicator {
                cards.number = cards.number.or_else(|| number_in(&words[..label]));
            }
        } else if let Some((row, _)) = current.as_mut() {
            // "Risultato atteso al" over "31/12/2020 € 7.530.000,00": the
            // date that opens the line ends the label above it.
            if undated(row) && words.first().is_some_and(|w| is_label_date(w)) {
                row.words.push(words[0]);
                label = 1;
            }
        }
        let slot = current.as_ref().map(|(r, _)| r.slot);
        if let Some((_, texts)) = current.as_mut() {
            let rest = words[label..].join(" ");
            if !rest.is_empty() {
                texts.push((line.page, rest));
            }
        }
        let number = cards.number.unwrap_or(0);
        cards.roles.push(role(
            line,
            number,
            slot,
            noise..noise + label,
            noise + label,
        ));
    }
    if let Some((row, texts)) = current {
        fill(&mut cards, &row, texts, None, skew);
    }
    cards
}

/// Whether a row's label names a value's field by date ("Risultato
/// atteso al") and has no date yet.
fn undated(row: &Row) -> bool {
    matches!(row.slot, Slot::Cell(c) if dated_label(Label::Column(c)))
        && !row.words.iter().any(|w| is_label_date(w))
}

/// Whether a label's value column may name its date after it
/// ("Risultato atteso 2022", "Valore osservato al 31/12/2022").
fn dated_label(label: Label) -> bool {
    matches!(
        label,
        Label::Column(Column::Target | Column::Actual | Column::LastObserved)
    )
}

/// A year (1990-2099) or a dd/mm/yyyy date: the end of a value label,
/// with the colon that may close the label ("31/12/2019:").
fn is_label_date(word: &str) -> bool {
    let word = word.strip_suffix(':').unwrap_or(word);
    let year = |t: &str| t.len() == 4 && t.parse::<u32>().is_ok_and(|y| (1990..2100).contains(&y));
    let parts: Vec<&str> = word.split('/').collect();
    match parts.as_slice() {
        [y] => year(y),
        [d, m, y] => d.parse::<u8>().is_ok() && m.parse::<u8>().is_ok() && year(y),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bands(ys: &[(f32, f32)]) -> Vec<Band> {
        ys.iter()
            .map(|&(y0, y1)| Band { page: 1, y0, y1 })
            .collect()
    }

    struct Case {
        what: &'static str,
        labels: &'static [(f32, f32)],
        values: &'static [(f32, f32)],
        groups: &'static [Range<usize>],
        tail: usize,
    }

    #[test]
    fn values_go_to_the_label_beside_them() {
        let cases = [
            Case {
                what: "top-aligned, a value over two lines",
                labels: &[(0.0, 10.0), (30.0, 40.0), (50.0, 60.0)],
                values: &[(0.0, 10.0), (12.0, 22.0), (30.0, 40.0), (50.0, 60.0)],
                groups: &[0..2, 2..3, 3..4],
                tail: 4,
            },
            Case {
                what: "centred, a value over three lines starting above its label; the next title below",
                labels: &[(12.0, 22.0), (40.0, 50.0)],
                values: &[(0.0, 10.0), (12.0, 22.0), (24.0, 34.0), (40.0, 50.0), (62.0, 72.0)],
                groups: &[0..3, 3..4],
                tail: 4,
            },
            Case {
                what: "a label wrapped over two lines, its value centred between them",
                labels: &[(0.0, 22.0), (30.0, 40.0)],
                values: &[(6.0, 16.0), (30.0, 40.0)],
                groups: &[0..1, 1..2],
                tail: 2,
            },
            Case {
                what: "an empty value",
                labels: &[(0.0, 10.0), (20.0, 30.0), (40.0, 50.0)],
                values: &[(0.0, 10.0), (40.0, 50.0)],
                groups: &[0..1, 1..1, 1..2],
                tail: 2,
            },
        ];
        for case in cases {
            let (groups, tail) = share_out(&bands(case.labels), &bands(case.values));
            assert_eq!(
                (groups.as_slice(), tail),
                (case.groups, case.tail),
                "{}",
                case.what
            );
        }
    }

    /// Unruled cards as OCR boxed them on DEV scan 233: the values start
    /// within a point of one another (100 to 101.2), and the article "I"
    /// opening a value starts at 100.2, its box 1.2 points wide. It is
    /// the value's first word, not the label's last.
    #[test]
    fn a_narrow_word_where_the_values_start_is_the_value() {
        use crate::layout::test_lines::words_line;
        let vocab = Vocabulary::builtin();
        let at = |y: f32, words: &[(&str, f32)]| words_line(y, words);
        let mut lines = vec![
            at(10.0, &[("Indicatore", 20.0), ("3", 75.0), ("TEMPO", 101.2)]),
            at(
                22.0,
                &[
                    ("Ciò", 20.0),
                    ("che", 38.0),
                    ("misura", 56.0),
                    ("I", 100.2),
                    ("giorni", 104.0),
                    ("che", 136.0),
                ],
            ),
            at(34.0, &[("Tipologia", 20.0), ("efficienza", 101.2)]),
            at(
                46.0,
                &[
                    ("Unità", 20.0),
                    ("di", 48.0),
                    ("misura", 60.0),
                    ("giorni", 100.0),
                ],
            ),
        ];
        lines[1].words[3].bbox.x1 = 101.4;
        let labelled = crate::layout::test_lines::labelled(&lines, &vocab);
        let cards = read(&labelled, &vocab, true);
        assert_eq!(cards.measures.joined(), "I giorni che");
        assert_eq!(cards.cells[Column::Type].as_deref(), Some("efficienza"));
    }

    /// An indicator table whose one row a page break cuts, its wrapped
    /// header repeated at the top of the next page (as a browser repeats
    /// a `<thead>`), under two label/value rows: "Tipologia" opens a line
    /// of each header, but a header named twice is no block of cards.
    /// Cards name three fields.
    #[test]
    fn a_header_repeated_over_a_page_break_is_no_card() {
        use crate::layout::test_lines::line;
        let vocab = Vocabulary::builtin();
        let header = |y: f32| {
            vec![
                line(
                    y,
                    &[
                        (120.0, "Unità"),
                        (170.0, "Algoritmo"),
                        (240.0, "Fonte"),
                        (290.0, "Ultimo"),
                    ],
                ),
                line(y + 2.0, &[(340.0, "Target")]),
                line(
                    y + 5.0,
                    &[
                        (20.0, "Tipologia"),
                        (120.0, "di"),
                        (170.0, "di"),
                        (240.0, "dei"),
                        (290.0, "valore"),
                    ],
                ),
                line(
                    y + 10.0,
                    &[
                        (120.0, "misura"),
                        (170.0, "calcolo"),
                        (240.0, "dati"),
                        (290.0, "osservato"),
                    ],
                ),
            ]
        };
        let mut lines = vec![
            line(
                10.0,
                &[(20.0, "Indicatore 1"), (120.0, "TEMPI DI RILASCIO")],
            ),
            line(
                22.0,
                &[(20.0, "Cosa misura"), (120.0, "L'attesa dell'utente")],
            ),
        ];
        lines.extend(header(40.0));
        lines.push(line(
            60.0,
            &[
                (20.0, "efficacia"),
                (120.0, "giorni"),
                (240.0, "Registro"),
                (290.0, "nuova"),
            ],
        ));
        let mut next = header(10.0);
        next.push(line(30.0, &[(240.0, "certificati")]));
        for l in &mut next {
            l.page = 2;
        }
        lines.extend(next);
        let labelled = crate::layout::test_lines::labelled(&lines, &vocab);
        assert!(!is_cards(&labelled, &vocab, true));

        let cards = [
            line(
                10.0,
                &[(20.0, "Indicatore 1"), (120.0, "TEMPI DI RILASCIO")],
            ),
            line(22.0, &[(20.0, "Tipologia"), (120.0, "efficacia")]),
            line(34.0, &[(20.0, "Unità di"), (120.0, "giorni")]),
            line(40.0, &[(20.0, "misura")]),
            line(52.0, &[(20.0, "Fonte dei dati"), (120.0, "Registro")]),
        ];
        let labelled = crate::layout::test_lines::labelled(&cards, &vocab);
        assert!(is_cards(&labelled, &vocab, true));
    }
}
