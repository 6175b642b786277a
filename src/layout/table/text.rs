//! The plain-text reader. Without reliable x positions, cells are
//! recovered from what they hold: type words and the unit come first on
//! each line and match the vocabulary; values (numbers, percentages,
//! amounts) close the main row; what is left is algorithm and data source,
//! split where a source word ("REPORT", "ELENCO", ...) or a cell border
//! ("|") opens the source.

use std::sync::LazyLock;

use regex::Regex;

use super::{case_runs, non_empty, wrap_widths, TableCells, YES_NO};
use crate::model::Column;
use crate::vocab::{fold, Vocabulary};

static VALUE_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[-<]?[€£]?[-+]?[0-9](?:[0-9.,]*[0-9])?%*$|^[€£]$").expect("valid regex")
});

/// One body line split into its parts.
#[derive(Debug, Default)]
struct RowLine {
    kind: Vec<String>,
    unit: Option<String>,
    middle: Vec<String>,
    values: Vec<String>,
}

/// Splits the table body lines into cells. `has_actual`: the header has a
/// "Valore a consuntivo" column (a budget plan's has not).
pub fn cells(body: &[String], vocab: &Vocabulary, has_actual: bool) -> TableCells {
    let mut out = TableCells::default();
    let mut rows = Vec::new();
    for line in body {
        let row = split_line(
            line,
            vocab,
            out[Column::Unit].is_some() || rows.iter().any(|r: &RowLine| r.unit.is_some()),
        );
        rows.push(row);
    }
    let kind: Vec<String> = rows.iter().flat_map(|r| r.kind.clone()).collect();
    out[Column::Type] = non_empty(kind.join(" "));
    out[Column::Unit] = rows.iter().find_map(|r| r.unit.clone());
    let main = main_row(&rows);
    if let &[line] = main.as_slice() {
        amounts_below(&mut rows, line);
    }
    let mut width_guess = false;
    // Cells parted by widths measured in a face not the report's are
    // always a guess (a wrapped "nuova attività" in a third column fits
    // the widths too), so their fields carry a warning.
    let by_case = by_case(&rows, &main, vocab).or_else(|| {
        let cells = by_width(&rows, &main, vocab)?;
        width_guess = true;
        Some(cells)
    });
    let closed = closes_row(&rows, &main, vocab).filter(|_| by_case.is_none());
    let mut fragments: Vec<String> = Vec::new();
    let mut later: Vec<String> = Vec::new();
    if let Some(c) = &by_case {
        // One fragment the "|" splits into algorithm and source, then the
        // cell after the source ("nuova attività").
        fragments.push(format!("{} | {}", c.algorithm, c.source));
        fragments.extend(c.tail.iter().cloned());
    }
    for (i, r) in rows.iter().enumerate() {
        let into = if closed.is_some_and(|end| i > end) {
            &mut later
        } else {
            &mut fragments
        };
        if !main.contains(&i) && !r.values.is_empty() {
            into.push(r.values.join(" "));
        }
        if by_case.is_none() {
            into.extend(r.middle.iter().cloned());
        }
    }
    let values: Vec<String> = main.iter().flat_map(|&i| rows[i].values.clone()).collect();
    place_values(&mut out, values, fragments, vocab, has_actual);
    if width_guess {
        guessed_apart(&mut out);
    }
    if !later.is_empty() {
        let split = split_algorithm_source(&later, vocab);
        out[Column::Algorithm] = out[Column::Algorithm].take().or(split.algorithm);
        out[Column::DataSource] = out[Column::DataSource].take().or(split.source);
        out.ambiguous = true;
        guessed_apart(&mut out);
    }
    out
}

/// A main line whose amounts wrapped below their "€" ("nuova attività €
/// € 8.290.210,63" over "6.497.074,93 8.040.000,00"): the next line with
/// values gives, in order, one amount to each lone currency sign, when it
/// holds as many amounts as there are signs.
fn amounts_below(rows: &mut [RowLine], main: usize) {
    let lone = |v: &String| matches!(v.as_str(), "€" | "£");
    let signs = rows[main].values.iter().filter(|v| lone(v)).count();
    let Some(below) = (main + 1..rows.len()).find(|&i| !rows[i].values.is_empty()) else {
        return;
    };
    let amounts = &rows[below].values;
    let is_amount = |v: &String| v.starts_with(|c: char| c.is_ascii_digit()) && v.contains(',');
    if signs == 0 || amounts.len() != signs || !amounts.iter().all(is_amount) {
        return;
    }
    let mut amounts = std::mem::take(&mut rows[below].values).into_iter();
    for value in rows[main].values.iter_mut().filter(|v| lone(v)) {
        if let Some(amount) = amounts.next() {
            *value = format!("{value} {amount}");
        }
    }
}

/// The algorithm, source and what follows them, cut by case on every
/// line (see [`case_runs`]), when one main line holds the values.
fn by_case(rows: &[RowLine], main: &[usize], vocab: &Vocabulary) -> Option<case_runs::CaseCells> {
    let &[line] = main else { return None };
    let middles: Vec<Option<&str>> = rows
        .iter()
        .map(|r| r.middle.first().map(String::as_str))
        .collect();
    case_runs::split(&middles, line, vocab)
}

/// The algorithm, source and what follows them, the lines after the main
/// line parted by the columns' widths (see [`wrap_widths`]): when the
/// main line opens the table and parts the algorithm from the source (a
/// border, a source word), and the lines after it hold no values.
fn by_width(rows: &[RowLine], main: &[usize], vocab: &Vocabulary) -> Option<case_runs::CaseCells> {
    let &[line] = main else { return None };
    let before = &rows[..line];
    if before
        .iter()
        .any(|r| !r.middle.is_empty() || !r.values.is_empty())
    {
        return None;
    }
    let after = &rows[line + 1..];
    if after.iter().any(|r| !r.values.is_empty()) {
        return None;
    }
    let later: Vec<String> = after
        .iter()
        .map(|r| r.middle.join(" "))
        .filter(|m| !m.trim().is_empty())
        .collect();
    let middle = rows[line].middle.join(" ");
    let (text, tail) = match vocab.no_history_span(&middle) {
        Some(span) if middle[span.end..].trim().is_empty() => {
            (&middle[..span.start], Some(&middle[span]))
        }
        Some(_) => return None,
        None => (middle.as_str(), None),
    };
    let split = split_algorithm_source(&[text.to_string()], vocab);
    let (Some(algorithm), Some(source)) = (split.algorithm, split.source) else {
        return None;
    };
    let mut columns = vec![algorithm.as_str(), source.as_str()];
    columns.extend(tail);
    let later: Vec<&str> = later.iter().map(String::as_str).collect();
    let parted = wrap_widths::split(&columns, &later)?;
    let mut cells = parted.cells.into_iter();
    let (algorithm, source, tail) = (cells.next()?, cells.next()?, cells.next());
    if tail.as_deref().is_some_and(|t| !vocab.is_no_history(t)) {
        return None;
    }
    let cells = case_runs::CaseCells {
        algorithm,
        source,
        tail,
    };
    Some(cells)
}

/// The main row's line when it holds the row's whole end: "nuova
/// attività" and then the values ("nuova attività Almeno 3 iniziative 4
/// iniziative"). Text on the lines after it then is no value cell, but
/// the cells before them that OCR read later, one per paragraph (the
/// algorithm, the source).
fn closes_row(rows: &[RowLine], main: &[usize], vocab: &Vocabulary) -> Option<usize> {
    let &[line] = main else { return None };
    let row = &rows[line];
    let marked = row
        .middle
        .iter()
        .any(|m| vocab.no_history_span(m).is_some());
    (marked && !row.values.is_empty()).then_some(line)
}

/// The lines whose values close the row: the line with the most values;
/// when it has only one, the lines of values alone that follow it too (a
/// table read one cell per line).
fn main_row(rows: &[RowLine]) -> Vec<usize> {
    let best = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.values.is_empty())
        .max_by_key(|(i, r)| (r.values.len(), std::cmp::Reverse(*i)))
        .map(|(i, _)| i);
    let Some(best) = best else { return Vec::new() };
    if rows[best].values.len() > 1 {
        return vec![best];
    }
    let mut lines = vec![best];
    for (i, r) in rows.iter().enumerate().skip(best + 1) {
        if r.values.is_empty() || !r.middle.is_empty() || !r.kind.is_empty() {
            break;
        }
        lines.push(i);
    }
    lines
}

/// Puts the value cells and the algorithm/source text in place.
fn place_values(
    out: &mut TableCells,
    values: Vec<String>,
    fragments: Vec<String>,
    vocab: &Vocabulary,
    has_actual: bool,
) {
    let (text, mut tail) = split_no_history(fragments, vocab);
    let mut value_cells = values;
    if let Some(last) = tail.first().filter(|t| vocab.is_no_history(t)).cloned() {
        out[Column::LastObserved] = Some(last);
        tail.remove(0);
        let mut text_cells = text_value_cells(&tail);
        // "Almeno" then "3 iniziative": a phrase cut off before a value
        // runs on into it.
        if text_cells.last().is_some_and(|c| ends_mid_phrase(c)) && !value_cells.is_empty() {
            let value = value_cells.remove(0);
            if let Some(last) = text_cells.last_mut() {
                last.push(' ');
                last.push_str(&value);
            }
        }
        text_cells.extend(value_cells);
        value_cells = text_cells;
        tail.clear();
    }
    let mut algo_source = text;
    algo_source.extend(tail);
    assign_value_cells(out, value_cells, has_actual);
    let split = split_algorithm_source(&algo_source, vocab);
    out[Column::Algorithm] = split.algorithm;
    out[Column::DataSource] = split.source;
    out.ambiguous |= split.ambiguous;
    if split.guessed {
        guessed_apart(out);
    }
}

/// The algorithm and source were shared out by guess.
fn guessed_apart(out: &mut TableCells) {
    for column in [Column::Algorithm, Column::DataSource] {
        if !out.guessed.contains(&column) {
            out.guessed.push(column);
        }
    }
}

/// Fragments before a "nuova attività" marker, and from it on.
fn split_no_history(fragments: Vec<String>, vocab: &Vocabulary) -> (Vec<String>, Vec<String>) {
    let mut text = Vec::new();
    let mut tail = Vec::new();
    for f in fragments {
        if !tail.is_empty() {
            tail.push(f);
            continue;
        }
        match vocab.no_history_span(&f) {
            Some(span) => {
                push_non_empty(&mut text, &f[..span.start]);
                tail.push(f[span.clone()].to_string());
                push_non_empty(&mut tail, &f[span.end..]);
            }
            None => text.push(f),
        }
    }
    (text, tail)
}

fn push_non_empty(v: &mut Vec<String>, s: &str) {
    let s = s.trim();
    if !s.is_empty() {
        v.push(s.to_string());
    }
}

/// Text fragments after "nuova attività" grouped into cells: a cell opens
/// with a capital or a digit unless the previous line ends mid-phrase.
fn text_value_cells(fragments: &[String]) -> Vec<String> {
    let mut cells: Vec<String> = Vec::new();
    for f in fragments {
        let opens = f
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        let continues = cells.last().is_some_and(|c| ends_mid_phrase(c));
        match cells.last_mut() {
            Some(last) if !opens || continues => {
                last.push(' ');
                last.push_str(f);
            }
            _ => cells.push(f.clone()),
        }
    }
    cells
}

pub(super) fn ends_mid_phrase(text: &str) -> bool {
    let last = text.split_whitespace().last().unwrap_or("");
    matches!(
        fold(last).as_str(),
        "di" | "almeno"
            | "che"
            | "e"
            | "a"
            | "per"
            | "con"
            | "delle"
            | "dei"
            | "del"
            | "della"
            | "al"
            | "il"
            | "la"
            | "le"
            | "in"
    )
}

/// The last value cell is the actual, the one before the target, the one
/// before that the last observed value (a budget plan has no actual column,
/// which the record builder sorts out from the header).
fn assign_value_cells(out: &mut TableCells, mut cells: Vec<String>, has_actual: bool) {
    if has_actual {
        out[Column::Actual] = cells.pop();
    }
    out[Column::Target] = cells.pop();
    if let Some(last) = cells.pop() {
        if out[Column::LastObserved].is_some() {
            out.ambiguous = true;
        } else {
            out[Column::LastObserved] = Some(last);
        }
    }
    if !cells.is_empty() {
        out.ambiguous = true;
    }
}

/// The algorithm and source cells told apart.
struct AlgorithmSource {
    algorithm: Option<String>,
    source: Option<String>,
    /// A fragment went to a cell though neither cell was known to hold it.
    ambiguous: bool,
    /// A fragment after the first went to a cell by guess (the phrase it
    /// carries on, the fuller line), with no border or source word to say.
    guessed: bool,
}

/// Algorithm fragments come before source fragments on each line.
fn split_algorithm_source(fragments: &[String], vocab: &Vocabulary) -> AlgorithmSource {
    let mut algorithm = Vec::new();
    let mut source = Vec::new();
    let mut guessed = false;
    for (i, f) in fragments.iter().enumerate() {
        let parts: Vec<&str> = f
            .split(['|', '['])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() >= 2 {
            algorithm.push(parts[0].to_string());
            source.push(parts[1..].join(" "));
            continue;
        }
        let words: Vec<&str> = f.split_whitespace().collect();
        let at = words.iter().position(|w| vocab.is_source_start(w));
        guessed |= i > 0 && at.is_none();
        match at {
            Some(0) => source.push(f.clone()),
            Some(at) => {
                algorithm.push(words[..at].join(" "));
                source.push(words[at..].join(" "));
            }
            None if !source.is_empty() && algorithm.is_empty() => source.push(f.clone()),
            None if continues_phrase(&source, f) && !continues_phrase(&algorithm, f) => {
                source.push(f.clone())
            }
            None if fuller(&source, &algorithm) && !continues_phrase(&algorithm, f) => {
                source.push(f.clone())
            }
            None => algorithm.push(f.clone()),
        }
    }
    AlgorithmSource {
        ambiguous: fragments.len() > 1 && (algorithm.is_empty() || source.is_empty()),
        algorithm: non_empty(algorithm.join(" ")),
        source: non_empty(source.join(" ")),
        guessed,
    }
}

/// Whether the first line of `parts` is longer than that of `other`,
/// each a cell of one line so far: of two cells side by side, the one
/// whose line ran fuller is the one that wrapped onto the next
/// ("NUMERO PARTECIPANTI | REPORT DEI SEMINARI E DEGLI EVENTI", then
/// "REALIZZATI": the report's). A cell already over several lines is
/// the narrow one, and takes the next line as before.
fn fuller(parts: &[String], other: &[String]) -> bool {
    match (parts, other) {
        ([line], [other_line]) => line.chars().count() > other_line.chars().count(),
        _ => false,
    }
}

/// Whether `next` carries on the phrase the parts end: they stop on an
/// article or preposition ("REPORT DEI") and `next` does not open with
/// another ("DI CONTRIBUTI" cannot follow "DEI").
fn continues_phrase(parts: &[String], next: &str) -> bool {
    let opens_with_preposition = next.split_whitespace().next().is_some_and(|w| {
        matches!(
            fold(w).as_str(),
            "di" | "a" | "da" | "in" | "con" | "su" | "per" | "tra" | "fra"
        )
    });
    parts.last().is_some_and(|p| ends_mid_phrase(p)) && !opens_with_preposition
}

/// Splits a body line: type words first, then the unit, then text, then
/// the values that close the row.
fn split_line(line: &str, vocab: &Vocabulary, unit_found: bool) -> RowLine {
    // A cell border read as "|" glued to a value ("|173") is no part of it.
    let words: Vec<&str> = line
        .split_whitespace()
        .map(|w| match w.trim_start_matches(['|', '[']) {
            value if !value.is_empty() && is_value_token(value) => value,
            _ => w,
        })
        .collect();
    let mut row = RowLine::default();
    let mut i = 0;
    while i < words.len() && is_type_token(words[i], vocab, !row.kind.is_empty()) {
        row.kind.push(words[i].to_string());
        i += 1;
    }
    let mut end = words.len();
    while end > i && is_value_token(words[end - 1]) {
        end -= 1;
    }
    let pairs = counted_pairs(&words[i..end]);
    if end == words.len() && pairs >= 2 {
        end -= 2 * pairs;
        row.values = words[end..].chunks(2).map(|p| p.join(" ")).collect();
    }
    // A lone "€" just before the values belongs to them.
    if end > i && matches!(words[end - 1], "€" | "£") {
        end -= 1;
    }
    let mut middle: Vec<&str> = Vec::new();
    for w in &words[i..end] {
        let unit = vocab.unit_word(w).is_some_and(is_unit_value) || YES_NO_UNIT.is_match(w);
        if unit && !unit_found && row.unit.is_none() {
            row.unit = Some(w.to_string());
        } else {
            middle.push(w);
        }
    }
    if row.values.is_empty() && end == words.len() {
        if let Some((text, values)) = yes_no_then_text(&middle) {
            row.values = values;
            middle.truncate(text);
        }
    }
    if !middle.is_empty() {
        row.middle.push(middle.join(" "));
    }
    if row.values.is_empty() {
        row.values = group_values(&words[end..]);
    }
    row
}

/// A row that ends with a yes/no value and then an actual led by one
/// ("... direttive SI SI - Protocollo + 6 ordini"): where the text's two
/// yes/no words stand, how much of it is text, and the two value cells.
fn yes_no_then_text(middle: &[&str]) -> Option<(usize, Vec<String>)> {
    let at = (1..middle.len().saturating_sub(2))
        .find(|&i| YES_NO.is_match(middle[i]) && YES_NO.is_match(middle[i + 1]))?;
    Some((at, vec![middle[at].to_string(), middle[at + 1..].join(" ")]))
}

/// How many "number word" cells with the same word close the tokens
/// ("1.000 posizioni 1.430 posizioni 1.490 posizioni" gives 3).
fn counted_pairs(tokens: &[&str]) -> usize {
    let mut n = 0;
    let mut word: Option<&str> = None;
    let mut end = tokens.len();
    while end >= 2 {
        let (value, unit) = (tokens[end - 2], tokens[end - 1]);
        let same = word.is_none_or(|w| w == unit);
        if !VALUE_TOKEN.is_match(value) || !same || !unit.chars().all(char::is_alphabetic) {
            break;
        }
        word = Some(unit);
        n += 1;
        end -= 2;
    }
    n
}

static YES_NO_UNIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i)S[I1l]\s?[/Y]?\s?N[O0D]?$").expect("valid regex"));

/// Units the "Unità di misura" column holds (not "NUMERO", a word of many
/// algorithms).
fn is_unit_value(unit: &str) -> bool {
    !matches!(unit, "NUMERO" | "RAPPORTO" | "DATA" | "INDICE" | "TEMPO")
}

fn is_type_token(word: &str, vocab: &Vocabulary, after_type: bool) -> bool {
    if after_type && is_connector(word) {
        return true;
    }
    let parts: Vec<&str> = word.split(['/', ',']).filter(|p| !p.is_empty()).collect();
    !parts.is_empty() && parts.iter().all(|p| vocab.type_word(p).is_some())
}

fn is_connector(word: &str) -> bool {
    matches!(word, "e" | "E" | "&" | "/" | "," | "-")
}

fn is_value_token(word: &str) -> bool {
    VALUE_TOKEN.is_match(word) || YES_NO.is_match(word)
}

/// Value tokens grouped into cells: "€ 8825 715,66" is one cell.
fn group_values(tokens: &[&str]) -> Vec<String> {
    let mut cells: Vec<String> = Vec::new();
    let mut euro_open = false;
    for t in tokens {
        let joins = euro_open
            && cells
                .last()
                .is_some_and(|c| !c.contains(',') && !c.ends_with('%'))
            && t.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
            && t.trim_start_matches(|c: char| c.is_ascii_digit())
                .starts_with([',', '.'])
            || euro_open
                && cells.last().is_some_and(|c| c == "€" || c == "£")
                && !matches!(*t, "€" | "£");
        if joins {
            if let Some(last) = cells.last_mut() {
                last.push(' ');
                last.push_str(t);
            }
        } else {
            cells.push(t.to_string());
        }
        euro_open = t.starts_with(['€', '£']) || (euro_open && joins);
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Case {
        body: &'static [&'static str],
        kind: Option<&'static str>,
        unit: Option<&'static str>,
        last: Option<&'static str>,
        target: Option<&'static str>,
        actual: Option<&'static str>,
    }

    #[test]
    fn splits_flattened_rows() {
        let v = Vocabulary::builtin();
        let cases = [
            Case {
                body: &["EFFICACIA IMPORTO", "ESTERNA/EFFICACIA MUMERICO FINANZIAMENTI BANDI PUBBLICATI € 6.900.000,00 € 8825 715,66", "INTERMA STANZIATI"],
                kind: Some("EFFICACIA ESTERNA/EFFICACIA INTERMA"),
                unit: Some("MUMERICO"),
                last: None,
                target: Some("€ 6.900.000,00"),
                actual: Some("€ 8825 715,66"),
            },
            Case {
                body: &["efficaca estema e percentuale operativa semizi relazione del dirigente nuova attivita 100,00% 100%%", "efficienza", "riorganizzati"],
                kind: Some("efficaca estema e efficienza"),
                unit: Some("percentuale"),
                last: Some("nuova attivita"),
                target: Some("100,00%"),
                actual: Some("100%%"),
            },
            Case {
                body: &["efficacia esterna e", "gualita", "nuUMmerico", "numerosita", "atti iniziative (presenze,", "verbali.. )", "nuova attivita", "Almeno 3 iniziative", "4 iniziative"],
                kind: Some("efficacia esterna e gualita"),
                unit: Some("nuUMmerico"),
                last: Some("nuova attivita"),
                target: Some("Almeno 3 iniziative"),
                actual: Some("4 iniziative"),
            },
            Case {
                body: &["EFFICACIA NUMERO EVENTIE |EVENTIE CAMPAGNE", "ESTERMA/QUALITA NUMERICA COMUNICAZIONI INFORMATIVE 133 70 101"],
                kind: Some("EFFICACIA ESTERMA/QUALITA"),
                unit: Some("NUMERICA"),
                last: Some("133"),
                target: Some("70"),
                actual: Some("101"),
            },
        ];
        for case in cases {
            let body: Vec<String> = case.body.iter().map(|s| s.to_string()).collect();
            let c = cells(&body, &v, true);
            let s = |o: &Option<String>| o.clone();
            let w = |o: Option<&str>| o.map(str::to_string);
            assert_eq!(s(&c[Column::Type]), w(case.kind), "kind of {:?}", case.body);
            assert_eq!(s(&c[Column::Unit]), w(case.unit), "unit of {:?}", case.body);
            assert_eq!(
                s(&c[Column::LastObserved]),
                w(case.last),
                "last of {:?}",
                case.body
            );
            assert_eq!(
                s(&c[Column::Target]),
                w(case.target),
                "target of {:?}",
                case.body
            );
            assert_eq!(
                s(&c[Column::Actual]),
                w(case.actual),
                "actual of {:?}",
                case.body
            );
        }
    }

    #[test]
    fn values_in_their_own_lines_and_counted_cells() {
        let v = Vocabulary::builtin();
        let body: Vec<String> = ["Quantita", "100%", "100%"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let c = cells(&body, &v, true);
        assert_eq!(
            (c[Column::Target].as_deref(), c[Column::Actual].as_deref()),
            (Some("100%"), Some("100%"))
        );
        let body = vec![
            "EFFICACIA NUMERICA NUMERO QUESTIONARI |REPORT QUESTIONARI |173 120 183".to_string(),
        ];
        let c = cells(&body, &v, true);
        assert_eq!(c[Column::LastObserved].as_deref(), Some("173"));
        assert_eq!(c[Column::DataSource].as_deref(), Some("REPORT QUESTIONARI"));
        let body = vec!["qualita nUMerico conteggio posizioni da scriba 1.000 posizioni 1.430 posizioni 1.490 posizioni".to_string()];
        let c = cells(&body, &v, true);
        assert_eq!(c[Column::LastObserved].as_deref(), Some("1.000 posizioni"));
        assert_eq!(c[Column::Target].as_deref(), Some("1.430 posizioni"));
        assert_eq!(c[Column::Actual].as_deref(), Some("1.490 posizioni"));
    }

    #[test]
    fn a_source_cut_mid_phrase_takes_the_fragment_that_carries_it_on() {
        let v = Vocabulary::builtin();
        let body: Vec<String> = [
            "EFFICACIA NUMERICO ISTRUTTORIA ED EROGAZIONE |REPORT DEI 80% 97%",
            "DI CONTRIBUTI ALLE IMPRESE",
            "CONTRIBUTI EROGATI",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let c = cells(&body, &v, true);
        assert_eq!(
            c[Column::Algorithm].as_deref(),
            Some("ISTRUTTORIA ED EROGAZIONE DI CONTRIBUTI ALLE IMPRESE")
        );
        assert_eq!(
            c[Column::DataSource].as_deref(),
            Some("REPORT DEI CONTRIBUTI EROGATI")
        );
    }

    #[test]
    fn a_row_end_line_leaves_the_later_lines_to_algorithm_and_source() {
        // The last three cells on one line, then the cells before them
        // read one per line.
        let v = Vocabulary::builtin();
        let body: Vec<String> = [
            "nuova attività Almeno 5 incontri 7 incontri",
            "efficacia esterna",
            "numerico",
            "conteggio incontri",
            "registro presenze",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let c = cells(&body, &v, true);
        let got: Vec<Option<&str>> = [
            Column::Type,
            Column::Unit,
            Column::Algorithm,
            Column::DataSource,
            Column::LastObserved,
            Column::Target,
            Column::Actual,
        ]
        .iter()
        .map(|&col| c[col].as_deref())
        .collect();
        assert_eq!(
            got,
            [
                Some("efficacia esterna"),
                Some("numerico"),
                Some("conteggio incontri"),
                Some("registro presenze"),
                Some("nuova attività"),
                Some("Almeno 5 incontri"),
                Some("7 incontri"),
            ]
        );
        assert!(c.ambiguous, "cells read out of their row are flagged");
    }

    #[test]
    fn a_wrapped_line_goes_to_the_cell_whose_line_ran_fuller() {
        let v = Vocabulary::builtin();
        let body: Vec<String> = [
            "EFFICACIA NUMERICO NUMERO PARTECIPANTI |REPORT DEI SEMINARI E DEGLI EVENTI 1.600 2698",
            "INTERNA/QUALITÀ REALIZZATI",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let c = cells(&body, &v, true);
        assert_eq!(c[Column::Algorithm].as_deref(), Some("NUMERO PARTECIPANTI"));
        assert_eq!(
            c[Column::DataSource].as_deref(),
            Some("REPORT DEI SEMINARI E DEGLI EVENTI REALIZZATI")
        );
        let body: Vec<String> = [
            "EFFICACIA NUMERICO NUMERO DI PARTECIPANTI AI SEMINARI |REPORT EVENTI 1.600 2698",
            "REALIZZATI",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let c = cells(&body, &v, true);
        assert_eq!(
            c[Column::Algorithm].as_deref(),
            Some("NUMERO DI PARTECIPANTI AI SEMINARI REALIZZATI")
        );
        assert_eq!(c[Column::DataSource].as_deref(), Some("REPORT EVENTI"));
    }

    #[test]
    fn a_yes_no_target_before_a_text_actual_led_by_yes() {
        let v = Vocabulary::builtin();
        let body = vec![
            "Quantità SINO Atti amministrativi e direttive SI SI - Protocollo + 6 ordini"
                .to_string(),
            "dirigenziali".to_string(),
        ];
        let c = cells(&body, &v, true);
        assert_eq!(c[Column::Target].as_deref(), Some("SI"));
        assert_eq!(
            c[Column::Actual].as_deref(),
            Some("SI - Protocollo + 6 ordini")
        );
        let body = vec!["Quantità SI/NO Atti di sì o no SI".to_string()];
        let c = cells(&body, &v, true);
        assert_eq!(c[Column::Actual].as_deref(), Some("SI"));
    }

    /// A row read through `cells`, and what some of its columns must hold.
    struct RowCase {
        body: &'static [&'static str],
        want: &'static [(Column, Option<&'static str>)],
    }

    fn check_rows(cases: &[RowCase]) {
        let v = Vocabulary::builtin();
        for case in cases {
            let body: Vec<String> = case.body.iter().map(|s| s.to_string()).collect();
            let c = cells(&body, &v, true);
            for &(column, want) in case.want {
                assert_eq!(c[column].as_deref(), want, "{column:?} of {:?}", case.body);
            }
        }
    }

    #[test]
    fn wrapped_cells_of_alternating_case_are_cut_by_case() {
        use Column::*;
        check_rows(&[
            RowCase {
                body: &[
                    "QUALITÀ NUMERICA conteggio ELENCO DELLE nuova 2.500 2.449",
                    "imprese IMPRESE attività",
                    "assistite ASSISTITE",
                ],
                want: &[
                    (Algorithm, Some("conteggio imprese assistite")),
                    (DataSource, Some("ELENCO DELLE IMPRESE ASSISTITE")),
                    (LastObserved, Some("nuova attività")),
                    (Target, Some("2.500")),
                    (Actual, Some("2.449")),
                ],
            },
            RowCase {
                body: &[
                    "EFFICACIA ESTERNA E | PERCENTUALE | accordi raggiunti / mediazioni REGISTRO DEGLI nuova attività 95% 97%",
                    "QUALITÀ con adesione AFFARI DI",
                    "MEDIAZIONE",
                ],
                want: &[
                    (Type, Some("EFFICACIA ESTERNA E QUALITÀ")),
                    (Algorithm, Some("accordi raggiunti / mediazioni con adesione")),
                    (DataSource, Some("REGISTRO DEGLI AFFARI DI MEDIAZIONE")),
                    (LastObserved, Some("nuova attività")),
                ],
            },
            RowCase {
                // OCR debris of two letters gives no case of its own.
                body: &["efficacia numerico OZ ontri pepori del itco 12 14", "organizzati"],
                want: &[(Algorithm, Some("OZ ontri pepori del itco organizzati"))],
            },
        ]);
    }

    #[test]
    fn algorithm_and_source_wrapped_side_by_side_are_parted_by_their_widths() {
        use Column::*;
        let v = Vocabulary::builtin();
        // Both cells wrap over four lines, each line a piece of both (DEV
        // browser-printed seed 105 as Tesseract text).
        let body: Vec<String> = [
            "quantità percentuale n. controlli Registro 55,69% 70% 72,01%",
            "/ n. attività attività ad",
            "ad alto alto",
            "rischio rischio",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let c = cells(&body, &v, true);
        assert_eq!(
            c[Algorithm].as_deref(),
            Some("n. controlli / n. attività ad alto rischio")
        );
        assert_eq!(
            c[DataSource].as_deref(),
            Some("Registro attività ad alto rischio")
        );
        assert_eq!(c[Actual].as_deref(), Some("72,01%"));
        // A parting by widths is flagged as guessed.
        let body: Vec<String> = [
            "efficacia numerico numero Report dell'ufficio 10 12",
            "incontri internazionalizzazione",
            "organizzati",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(cells(&body, &v, true).guessed, [Algorithm, DataSource]);
    }

    #[test]
    fn amounts_wrapped_below_their_currency_signs_join_them() {
        use Column::*;
        check_rows(&[
            RowCase {
                body: &[
                    "EFFICACIA ESTERNA NUMERICO IMPORTO BANDI PUBBLICATI € € 2.660.000,00 €",
                    "E EFFICIENZA FINANZIAMENTI 2.089.983,94 2.532.837,26",
                    "STANZIATI",
                ],
                want: &[
                    (LastObserved, Some("€ 2.089.983,94")),
                    (Target, Some("€ 2.660.000,00")),
                    (Actual, Some("€ 2.532.837,26")),
                ],
            },
            RowCase {
                body: &[
                    "efficacia esterna euro importo finanziamenti Bandi pubblicati nuova attività € €",
                    "stanziati 3.140.000,00 3.200.000,00",
                ],
                want: &[
                    (LastObserved, Some("nuova attività")),
                    (Target, Some("€ 3.140.000,00")),
                    (Actual, Some("€ 3.200.000,00")),
                ],
            },
        ]);
    }

    #[test]
    fn wrapped_lines_shared_out_with_no_evidence_are_flagged_as_guessed() {
        let v = Vocabulary::builtin();
        let guessed = |body: &[&str]| {
            let body: Vec<String> = body.iter().map(|s| s.to_string()).collect();
            cells(&body, &v, true).guessed
        };
        // Lines of one case: nothing says where the algorithm's piece ends.
        assert_eq!(
            guessed(&[
                "efficacia interna % pratiche evase nei Estrazione 97,80% 100% 100%",
                "termini / pratiche dati da",
                "pervenute priamo",
            ]),
            [Column::Algorithm, Column::DataSource]
        );
        // Cut by case, or on one line at a source word: no guess.
        assert_eq!(
            guessed(&[
                "QUALITÀ NUMERICA conteggio ELENCO DELLE nuova 2.500 2.449",
                "imprese IMPRESE attività",
                "assistite ASSISTITE",
            ]),
            []
        );
        assert_eq!(
            guessed(&["EFFICACIA NUMERICO CONTEGGIO REPORT 133 150 160"]),
            []
        );
    }

    #[test]
    fn budget_plan_rows_end_with_the_target() {
        let v = Vocabulary::builtin();
        let body = vec!["EFFICACIA NUMERICO CONTEGGIO REPORT 133 150".to_string()];
        let c = cells(&body, &v, false);
        assert_eq!(c[Column::LastObserved].as_deref(), Some("133"));
        assert_eq!(c[Column::Target].as_deref(), Some("150"));
        assert_eq!(c[Column::Actual], None);
    }
}
