//! Tables that plain OCR text gives in column order. Tesseract may read a
//! ruled table one cell per paragraph, column by column: the header cells
//! ("Tipologia", "Unità di misura", ... each a paragraph), then the body's
//! cells in the same order ("EFFICACIA ESTERNA", "NUMERICO", ...). Empty
//! cells leave no paragraph, and a cell's wrapped line may come apart.
//!
//! The body's paragraphs are put back in their columns by the best
//! alignment: paragraphs stay in reading order, each column takes a run of
//! them (or none), and what each cell holds (type words, a unit, a source
//! word, values, "nuova attività") says how well it fits the column.

use std::sync::LazyLock;

use regex::Regex;

use super::TableCells;
use crate::model::Column;
use crate::vocab::Vocabulary;

/// How many columns a header line may name and still be one of a header
/// set in column order (one cell per paragraph; OCR may join two or three).
const MAX_NAMED_PER_LINE: usize = 3;

/// How many columns the header must name, one or a few per line.
const MIN_COLUMNS_NAMED: usize = 4;

/// At most this many paragraphs make one cell (a long text cell's lines
/// may come apart).
const MAX_PARAGRAPHS_PER_CELL: usize = 8;

static VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[-<>≥≤]?[€£]?[-+]?[0-9](?:[0-9.,]*[0-9])?%*$|^[€£%]$").expect("valid regex")
});

static YES_NO_UNIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i)S[I1lì]\s?[/Y]?\s?N[O0D]?$").expect("valid regex"));

/// The columns a header set in column order names, in the order read;
/// None when the header names columns side by side on one line (a row
/// header), or too few columns.
pub fn column_order(header: &[String], vocab: &Vocabulary) -> Option<Vec<Column>> {
    let mut order: Vec<Column> = Vec::new();
    for line in header {
        let words: Vec<&str> = line.split_whitespace().collect();
        let named = named_columns(&words, vocab);
        if named.len() > MAX_NAMED_PER_LINE {
            return None;
        }
        for column in named {
            if !order.contains(&column) {
                order.push(column);
            }
        }
    }
    (order.len() >= MIN_COLUMNS_NAMED).then_some(order)
}

/// The columns a line's labels name, left to right.
fn named_columns(words: &[&str], vocab: &Vocabulary) -> Vec<Column> {
    vocab
        .labels_in(words)
        .into_iter()
        .filter(|m| m.score >= 0.75)
        .filter_map(|m| m.label.column())
        .fold(Vec::new(), |mut named, column| {
            if named.last() != Some(&column) {
                named.push(column);
            }
            named
        })
}

/// The table's columns, in the order its cells are read: the columns in
/// the decree's order (the header's reading order may mix up cells of
/// different heights), those the header missed among them, and the actual
/// value only when the header names it.
pub fn table_columns(named: &[Column], has_actual: bool) -> Vec<Column> {
    Column::ALL
        .iter()
        .copied()
        .filter(|&c| c != Column::Actual || has_actual || named.contains(&c))
        .collect()
}

/// The cells of a body read one cell per paragraph in `columns`' order;
/// None when the paragraphs do not fit the columns.
pub fn cells(paragraphs: &[String], columns: &[Column], vocab: &Vocabulary) -> Option<TableCells> {
    if paragraphs.iter().any(|p| holds_a_row(p)) {
        return None;
    }
    let (paragraphs, beside) = no_history_apart(paragraphs, vocab);
    let paragraphs = paragraphs.as_slice();
    let kinds: Vec<Kind> = paragraphs.iter().map(|p| Kind::of(p, vocab)).collect();
    let mut alignment = align(paragraphs, &kinds, columns, vocab)?;
    for cell in &mut alignment.cells {
        if cell.len() > 1 && beside.contains(&cell[0]) {
            cell.rotate_left(1);
        }
    }
    let mut out = TableCells::default();
    for (column, texts) in columns.iter().zip(&alignment.cells) {
        if !texts.is_empty() {
            out[*column] = Some(texts.join(" "));
        }
    }
    out.ambiguous = alignment.doubtful;
    Some(out)
}

/// A paragraph that opens with "nuova attività" and goes on is two: the
/// phrase is a whole cell, the rest a neighbour's wrapped line read beside
/// it (its cell's last line: it goes to the end of the cell that takes it).
/// The paragraphs, and those rests.
fn no_history_apart(paragraphs: &[String], vocab: &Vocabulary) -> (Vec<String>, Vec<String>) {
    let mut out = Vec::with_capacity(paragraphs.len());
    let mut beside = Vec::new();
    for p in paragraphs {
        match vocab.no_history_span(p) {
            Some(span) if span.start == 0 && !p[span.end..].trim().is_empty() => {
                out.push(p[..span.end].trim().to_string());
                out.push(p[span.end..].trim().to_string());
                beside.push(p[span.end..].trim().to_string());
            }
            _ => out.push(p.clone()),
        }
    }
    (out, beside)
}

/// Whether a paragraph is a row's end rather than one cell: text, then
/// two values or more ("totale dipendenti Gedoc 7% 88% 90%").
fn holds_a_row(paragraph: &str) -> bool {
    let words: Vec<&str> = paragraph.split_whitespace().collect();
    let values = words.iter().rev().take_while(|w| is_value(w)).count();
    values >= 2 && values < words.len() && !matches!(words[words.len() - values], "€" | "£")
}

/// What one paragraph (or run of paragraphs) holds, as far as its column
/// is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Words of the "Tipologia" cell only.
    Type,
    /// One unit word ("NUMERICO", "SI/NO", "percentuale").
    Unit,
    /// Values only: "100%", "€ 6.900.000,00", "SI".
    Value,
    /// "nuova attività", "n.d.".
    NoHistory,
    /// Text that opens with a data source's word ("REPORT", "elenco").
    Source,
    /// Text holding a number ("rilascio di almeno 300").
    CountedText,
    /// Other text.
    Text,
    /// A short fragment of no known word: OCR debris.
    Debris,
}

impl Kind {
    fn of(text: &str, vocab: &Vocabulary) -> Kind {
        let words: Vec<&str> = text.split_whitespace().collect();
        if words.is_empty() {
            return Kind::Debris;
        }
        if vocab.is_no_history(text) {
            return Kind::NoHistory;
        }
        if words.iter().all(|w| is_value(w)) {
            return Kind::Value;
        }
        if is_type_cell(&words, vocab) {
            return Kind::Type;
        }
        if words.len() <= 2 && words.iter().any(|w| is_unit(w, vocab)) {
            return Kind::Unit;
        }
        if vocab.is_source_start(words[0]) {
            return Kind::Source;
        }
        if words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit())) {
            return Kind::CountedText;
        }
        let letters = text.chars().filter(|c| c.is_alphabetic()).count();
        let known = words
            .iter()
            .any(|w| vocab.is_known(&crate::vocab::fold(w)) || crate::vocab::is_italian(w));
        if words.len() == 1 && letters <= 4 && !known {
            return Kind::Debris;
        }
        Kind::Text
    }

    /// How well a cell of this kind fits `column`: above 0 it fits, below
    /// it does not.
    fn fit(self, column: Column) -> f32 {
        use Column::*;
        match (self, column) {
            (Kind::Type, Type) => 3.0,
            (Kind::Type, _) => -3.0,
            (_, Type) => -2.0,
            (Kind::Unit, Unit) => 3.0,
            (Kind::Unit, Algorithm | DataSource) => 0.0,
            (Kind::Unit, _) => -1.0,
            (Kind::Value, LastObserved | Target | Actual) => 2.0,
            (Kind::Value, _) => -2.0,
            (Kind::NoHistory, LastObserved) => 3.0,
            (Kind::NoHistory, _) => -1.0,
            (Kind::Source, DataSource) => 2.0,
            (Kind::Source, Algorithm) => 0.5,
            (Kind::CountedText, LastObserved | Target | Actual) => 1.0,
            (Kind::CountedText | Kind::Source, _) => 0.0,
            (Kind::Text, Unit | Algorithm | DataSource) => 0.5,
            (Kind::Text, _) => 0.0,
            (Kind::Debris, _) => -1.0,
        }
    }
}

/// Whether the words are type words ("EFFICACIA ESTERNA/EFFICACIA", "e",
/// "qualità"), at least one of them a whole type word: a "Tipologia" cell.
pub fn is_type_cell(words: &[&str], vocab: &Vocabulary) -> bool {
    let connector = |w: &str| matches!(w, "e" | "E" | "&" | "/" | "," | "-");
    let typed = |w: &str| {
        let parts: Vec<&str> = w.split(['/', ',']).filter(|p| !p.is_empty()).collect();
        !parts.is_empty() && parts.iter().all(|p| vocab.type_word(p).is_some())
    };
    words.iter().any(|w| typed(w)) && words.iter().all(|w| typed(w) || connector(w))
}

/// Whether a paragraph is a cell that only the table holds: a unit word
/// or values alone ("percentuale", "100%"), no text of the notes or of
/// the next indicator.
pub fn is_table_only_cell(text: &str, vocab: &Vocabulary) -> bool {
    matches!(Kind::of(text, vocab), Kind::Unit | Kind::Value)
}

/// Whether a word is a value: a number, an amount, a percentage, "SI".
pub fn is_value(word: &str) -> bool {
    VALUE.is_match(word) || super::YES_NO.is_match(word)
}

fn is_unit(word: &str, vocab: &Vocabulary) -> bool {
    YES_NO_UNIT.is_match(word) || vocab.unit_word(word).is_some()
}

/// What an empty cell costs: a table leaves the last observed value empty
/// more often than any other cell.
fn empty_cost(column: Column) -> f32 {
    match column {
        Column::LastObserved => 0.3,
        Column::Algorithm | Column::DataSource => 1.0,
        _ => 1.5,
    }
}

/// What it costs to join one more paragraph to a cell: little when the
/// cell's text runs on ("di" at its end, a small letter after it).
fn join_cost(before: &str, after: &str) -> f32 {
    let runs_on = after.chars().next().is_some_and(char::is_lowercase)
        || before
            .split_whitespace()
            .last()
            .is_some_and(|w| w.chars().all(|c| c.is_lowercase()) && w.chars().count() <= 3);
    if runs_on {
        0.3
    } else {
        1.0
    }
}

/// Dropping a paragraph of debris.
const DROP_COST: f32 = 0.5;

/// The best alignment of paragraphs to columns: each column's paragraphs,
/// and whether it is doubtful (a cell took several paragraphs, debris was
/// dropped, or a cell other than the last observed value stayed empty).
struct Alignment {
    cells: Vec<Vec<String>>,
    doubtful: bool,
}

/// A step of the alignment, for the way back.
#[derive(Debug, Clone, Copy)]
enum Step {
    /// The column took paragraphs `from..` up to here.
    Cell {
        from: usize,
    },
    Empty,
    Drop,
}

fn align(
    paragraphs: &[String],
    kinds: &[Kind],
    columns: &[Column],
    vocab: &Vocabulary,
) -> Option<Alignment> {
    let (n, m) = (paragraphs.len(), columns.len());
    // best[i][j]: the best score with i paragraphs placed in the first j columns.
    let mut best = vec![vec![f32::NEG_INFINITY; m + 1]; n + 1];
    let mut step = vec![vec![Step::Empty; m + 1]; n + 1];
    best[0][0] = 0.0;
    for i in 0..=n {
        for j in 0..=m {
            let here = best[i][j];
            if here == f32::NEG_INFINITY {
                continue;
            }
            let mut relax = |i2: usize, j2: usize, score: f32, s: Step| {
                if score > best[i2][j2] {
                    best[i2][j2] = score;
                    step[i2][j2] = s;
                }
            };
            if i < n && kinds[i] == Kind::Debris {
                relax(i + 1, j, here - DROP_COST, Step::Drop);
            }
            let Some(&column) = columns.get(j) else {
                continue;
            };
            relax(i, j + 1, here - empty_cost(column), Step::Empty);
            for k in i + 1..=n.min(i + MAX_PARAGRAPHS_PER_CELL) {
                let score = here + run_fit(&paragraphs[i..k], &kinds[i..k], column, vocab);
                relax(k, j + 1, score, Step::Cell { from: i });
            }
        }
    }
    if best[n][m] == f32::NEG_INFINITY || best[n][m] < 0.0 {
        return None;
    }
    Some(walk_back(paragraphs, columns, &step))
}

/// How well a run of paragraphs fits a column as one cell.
fn run_fit(paragraphs: &[String], kinds: &[Kind], column: Column, vocab: &Vocabulary) -> f32 {
    let joined = paragraphs.join(" ");
    let kind = if kinds.len() == 1 {
        kinds[0]
    } else {
        Kind::of(&joined, vocab)
    };
    let joins: f32 = paragraphs.windows(2).map(|w| join_cost(&w[0], &w[1])).sum();
    kind.fit(column) - joins
}

fn walk_back(paragraphs: &[String], columns: &[Column], step: &[Vec<Step>]) -> Alignment {
    let (mut i, mut j) = (paragraphs.len(), columns.len());
    let mut cells = vec![Vec::new(); columns.len()];
    let mut doubtful = false;
    while i > 0 || j > 0 {
        match step[i][j] {
            Step::Cell { from } => {
                cells[j - 1] = paragraphs[from..i].to_vec();
                doubtful |= i - from > 1;
                i = from;
                j -= 1;
            }
            Step::Empty => {
                doubtful |= columns[j - 1] != Column::LastObserved;
                j -= 1;
            }
            Step::Drop => {
                doubtful = true;
                i -= 1;
            }
        }
    }
    Alignment { cells, doubtful }
}

/// Whether a line is part of the header: it names a column, or is a
/// wrapped header cell's other line.
pub fn is_header_paragraph(words: &[&str], vocab: &Vocabulary) -> bool {
    super::is_header_line(words, vocab) || super::is_header_fragment(words, vocab)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Case {
        header: &'static [&'static str],
        body: &'static [&'static str],
        want: &'static [(Column, &'static str)],
        doubtful: bool,
    }

    fn strings(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn column_ordered_cells_go_back_to_their_columns() {
        use Column::*;
        let v = Vocabulary::builtin();
        let vertical: &[&str] = &[
            "Tipologia",
            "Unità di misura",
            "Algoritmo di calcolo",
            "Fonte dei dati",
            "Ultimo valore",
            "osservato",
            "Risultato atteso al",
            "31/12/2021",
            "Valore a",
            "Consuntivo",
        ];
        let cases = [
            Case {
                header: vertical,
                body: &[
                    "EFFICACIA INTERNA",
                    "QUOTA % DI ATTIVITÀ DI COORDINAMENTO",
                    "ATTIVITÀ SVOLTA DAGLI UFFICI",
                    "RELAZIONE DEL DIRIGENTE",
                    "95%",
                    "98%",
                ],
                want: &[
                    (Type, "EFFICACIA INTERNA"),
                    (Unit, "QUOTA % DI ATTIVITÀ DI COORDINAMENTO"),
                    (Algorithm, "ATTIVITÀ SVOLTA DAGLI UFFICI"),
                    (DataSource, "RELAZIONE DEL DIRIGENTE"),
                    (Target, "95%"),
                    (Actual, "98%"),
                ],
                doubtful: false,
            },
            Case {
                header: vertical,
                body: &[
                    "efficienza",
                    "numerico",
                    "conteggio pratiche",
                    "estrazione dal gestionale",
                    "nuova attività",
                    "Almeno 40 pratiche",
                    "52 pratiche evase",
                ],
                want: &[
                    (Type, "efficienza"),
                    (Unit, "numerico"),
                    (Algorithm, "conteggio pratiche"),
                    (DataSource, "estrazione dal gestionale"),
                    (LastObserved, "nuova attività"),
                    (Target, "Almeno 40 pratiche"),
                    (Actual, "52 pratiche evase"),
                ],
                doubtful: false,
            },
            Case {
                // The target's wrapped last line read beside "nuova
                // attività", before the target's first line.
                header: vertical,
                body: &[
                    "efficienza",
                    "numerico",
                    "conteggio pratiche",
                    "estrazione dal gestionale",
                    "nuova attività pratiche",
                    "evasione di almeno 50",
                    "61 pratiche evase",
                ],
                want: &[
                    (Type, "efficienza"),
                    (Unit, "numerico"),
                    (Algorithm, "conteggio pratiche"),
                    (DataSource, "estrazione dal gestionale"),
                    (LastObserved, "nuova attività"),
                    (Target, "evasione di almeno 50 pratiche"),
                    (Actual, "61 pratiche evase"),
                ],
                doubtful: true,
            },
            Case {
                // Debris before the first cell, a source without a source
                // word, and the amounts.
                header: vertical,
                body: &[
                    "XQZ",
                    "EFFICACIA ESTERNA",
                    "NUMERICO",
                    "IMPORTO STANZIATO",
                    "DETERMINE DIRIGENZIALI",
                    "€ 1.200.000,00",
                    "€ 1.350.000,00",
                ],
                want: &[
                    (Type, "EFFICACIA ESTERNA"),
                    (Unit, "NUMERICO"),
                    (Algorithm, "IMPORTO STANZIATO"),
                    (DataSource, "DETERMINE DIRIGENZIALI"),
                    (Target, "€ 1.200.000,00"),
                    (Actual, "€ 1.350.000,00"),
                ],
                doubtful: true,
            },
            Case {
                // The header read out of order; the cells are in the
                // table's order.
                header: &[
                    "Tipologia",
                    "Valore a",
                    "Consuntivo",
                    "Risultato atteso al",
                    "Ultimo valore",
                    "osservato",
                    "Unità di misura |Algoritmo di calcolo |Fonte dei dati",
                ],
                body: &[
                    "qualità",
                    "percentuale",
                    "pratiche evase/pratiche ricevute",
                    "registro imprese",
                    "80%",
                    "85%",
                    "91%",
                ],
                want: &[
                    (Type, "qualità"),
                    (Unit, "percentuale"),
                    (Algorithm, "pratiche evase/pratiche ricevute"),
                    (DataSource, "registro imprese"),
                    (LastObserved, "80%"),
                    (Target, "85%"),
                    (Actual, "91%"),
                ],
                doubtful: false,
            },
        ];
        for case in cases {
            let named = column_order(&strings(case.header), &v).expect("a column-ordered header");
            let columns = table_columns(&named, true);
            let got = cells(&strings(case.body), &columns, &v).expect("cells");
            for column in Column::ALL.iter().copied() {
                let want = case
                    .want
                    .iter()
                    .find(|(c, _)| *c == column)
                    .map(|(_, t)| *t);
                assert_eq!(
                    got[column].as_deref(),
                    want,
                    "{column:?} of {:?}",
                    case.body
                );
            }
            assert_eq!(got.ambiguous, case.doubtful, "{:?}", case.body);
        }
    }

    #[test]
    fn a_row_header_is_not_column_ordered() {
        let v = Vocabulary::builtin();
        for header in [
            &["Tipologia Unità di misura Algoritmo di calcolo Fonte dei dati Ultimo valore"][..],
            &["Tipologia", "Unità di misura"][..],
        ] {
            assert_eq!(column_order(&strings(header), &v), None, "{header:?}");
        }
    }

    #[test]
    fn paragraphs_that_fit_no_column_give_no_cells() {
        let v = Vocabulary::builtin();
        let columns = table_columns(Column::ALL, true);
        for body in [
            &["100%", "100%", "100%", "100%", "100%", "100%", "100%"][..],
            &[
                "Quantità",
                "percentuale",
                "nr. sw/nr.",
                "totale dipendenti Gedoc 7% 88% 90%",
            ][..],
        ] {
            assert_eq!(cells(&strings(body), &columns, &v), None, "{body:?}");
        }
    }
}
