//! Indicator tables that plain OCR text gives in column order (see
//! [`table::columnar`]): the header's cells one paragraph each, the body's
//! cells after them. Tesseract reads such a block a column at a time, and
//! the label column beside it too: the "Cosa misura" text may stand among
//! the header cells, and the title after the "Cosa misura" label. Here the
//! indicator block's lines are sorted back into header, body and text.

use super::table::{columnar, TableCells};
use super::{Line, RawField};
use crate::model::Column;
use crate::vocab::Vocabulary;

/// A block's table set in column order, its lines sorted out.
pub(super) struct ColumnOrdered<'a> {
    /// The header's lines, those found among the body's included.
    pub header: Vec<&'a Line>,
    /// Text lines among the header's cells: the label column's values.
    pub strays: Vec<&'a Line>,
    /// The lines of the cells, after the header.
    pub body: Vec<&'a Line>,
    /// The table's columns, in their order.
    pub named: Vec<Column>,
}

/// The block's table, when its header is set in column order: header
/// lines (and any text among them) that OCR left after the header band
/// are taken out of the body.
pub(super) fn regroup<'a>(
    header: &[&'a Line],
    body: &[&'a Line],
    vocab: &Vocabulary,
) -> Option<ColumnOrdered<'a>> {
    let words =
        |l: &Line| -> Vec<String> { l.content_words().iter().map(|w| w.to_string()).collect() };
    let is_header = |l: &Line| {
        let w = words(l);
        let w: Vec<&str> = w.iter().map(String::as_str).collect();
        columnar::is_header_paragraph(&w, vocab)
    };
    // Header lines OCR left among the body stand before its first cell.
    let window = body
        .iter()
        .position(|l| opens_cells(l, vocab))
        .unwrap_or(body.len());
    let last = body[..window].iter().rposition(|l| is_header(l));
    let split = last.map_or(0, |i| i + 1);
    let (before, after) = body.split_at(split);
    let mut all_header = header.to_vec();
    let mut strays = Vec::new();
    for &line in before {
        if is_header(line) {
            all_header.push(line);
        } else {
            strays.push(line);
        }
    }
    let texts: Vec<String> = all_header.iter().map(|l| l.text.clone()).collect();
    let named = columnar::column_order(&texts, vocab)?;
    Some(ColumnOrdered {
        header: all_header,
        strays,
        body: after.to_vec(),
        named,
    })
}

/// Whether a line is a table cell's first line: type words, or a value.
fn opens_cells(line: &Line, vocab: &Vocabulary) -> bool {
    let words = line.content_words();
    columnar::is_type_cell(&words, vocab) || words.iter().any(|w| columnar::is_value(w))
}

/// The cells of the body: one cell per paragraph when that fits the
/// columns, else the body read as rows.
pub(super) fn cells(
    table: &ColumnOrdered,
    vocab: &Vocabulary,
    has_actual: bool,
) -> Option<TableCells> {
    let paragraphs = paragraphs(&table.body);
    if paragraphs.len() < 3 {
        return None;
    }
    let columns = columnar::table_columns(&table.named, has_actual);
    columnar::cells(&paragraphs, &columns, vocab)
}

/// The lines' texts, joined into paragraphs: a paragraph ends where a
/// blank line (a gap in the line numbers) or a page break falls.
pub(super) fn paragraphs(lines: &[&Line]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut previous: Option<&Line> = None;
    for &line in lines {
        let text = line.content_words().join(" ");
        if text.is_empty() {
            continue;
        }
        match (previous, out.last_mut()) {
            (Some(p), Some(last)) if follows(p, line) => {
                last.push(' ');
                last.push_str(&text);
            }
            _ => out.push(text),
        }
        previous = Some(line);
    }
    out
}

/// Whether `line` is the line right after `previous` on its page.
fn follows(previous: &Line, line: &Line) -> bool {
    let y = |l: &Line| l.words.first().map(|w| w.bbox.y0);
    match (y(previous), y(line)) {
        (Some(a), Some(b)) => previous.page == line.page && (b - a - 1.0).abs() < 0.5,
        _ => false,
    }
}

/// A title that Tesseract read after the "Cosa misura" label: when the
/// block has no title and its measures run over paragraphs, the leading
/// capitals are the title.
pub(super) fn title_from_measures(title: &mut RawField, measures: &mut RawField) {
    if !title.is_blank() || measures.lines.len() < 2 {
        return;
    }
    let upper = measures
        .lines
        .iter()
        .take_while(|l| super::scheda::mostly_upper(l))
        .count();
    if upper == 0 || upper == measures.lines.len() {
        return;
    }
    let page = measures.page;
    for line in measures.lines.drain(..upper) {
        title.push(line, page);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::layout::test_lines::from_text as lines;

    #[test]
    fn paragraphs_end_at_blank_lines() {
        let all = lines("Ultimo valore\nosservato\n\nRisultato atteso\n\n\n100%\n");
        let refs: Vec<&Line> = all.iter().collect();
        assert_eq!(
            paragraphs(&refs),
            ["Ultimo valore osservato", "Risultato atteso", "100%"]
        );
    }

    #[test]
    fn header_cells_left_in_the_body_join_the_header() {
        let v = Vocabulary::builtin();
        let all = lines(
            "Tipologia\n\nQuante imprese ne usufruiscono\n\nUnità di misura\n\nAlgoritmo di calcolo\n\nFonte dei dati\n\nUltimo valore\n\nRisultato atteso al | Valore a\nosservato 31/12/2021 Consuntivo\nqualità percentuale imprese/totale |Registro 7% 88% 90%\n",
        );
        let refs: Vec<&Line> = all.iter().collect();
        let t = regroup(&refs[..1], &refs[1..], &v).expect("column order");
        let texts = |ls: &[&Line]| ls.iter().map(|l| l.text.clone()).collect::<Vec<_>>();
        assert_eq!(texts(&t.strays), ["Quante imprese ne usufruiscono"]);
        assert_eq!(t.header.len(), 7);
        assert_eq!(
            texts(&t.body),
            ["qualità percentuale imprese/totale |Registro 7% 88% 90%"]
        );
        assert_eq!(
            cells(&t, &v, true),
            None,
            "one row, not cells in column order"
        );
    }

    #[test]
    fn a_title_read_after_the_measures_label() {
        let field = |lines: &[&str]| RawField {
            lines: lines.iter().map(|l| l.to_string()).collect(),
            page: 1,
        };
        for (title, measures, want_title, want_measures) in [
            (
                &[][..],
                &[
                    "NUMERO DI IMPRESE ASSISTITE",
                    "Le imprese che ne usufruiscono",
                ][..],
                &["NUMERO DI IMPRESE ASSISTITE"][..],
                &["Le imprese che ne usufruiscono"][..],
            ),
            (
                &["TITOLO"][..],
                &["NUMERO DI IMPRESE", "Le imprese"][..],
                &["TITOLO"][..],
                &["NUMERO DI IMPRESE", "Le imprese"][..],
            ),
            (
                &[][..],
                &["NUMERO DI IMPRESE ASSISTITE"][..],
                &[][..],
                &["NUMERO DI IMPRESE ASSISTITE"][..],
            ),
        ] {
            let (mut t, mut m) = (field(title), field(measures));
            title_from_measures(&mut t, &mut m);
            assert_eq!(
                (t.lines, m.lines),
                (field(want_title).lines, field(want_measures).lines)
            );
        }
    }
}
