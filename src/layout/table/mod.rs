//! The indicator table: seven columns (Tipologia, Unità di misura,
//! Algoritmo di calcolo, Fonte dei dati, Ultimo valore osservato, Risultato
//! atteso, Valore a consuntivo) and the two ways its cells are read:
//! `geometric` places words under the header's columns by position;
//! `text` recovers cells from plain lines when positions cannot be
//! trusted.

mod case_runs;
pub mod columnar;
mod geometric;
mod text;
mod wrap_widths;

pub use geometric::{cells_by_columns, ColumnSet};
pub use text::cells;

use std::sync::LazyLock;

use regex::Regex;

use crate::model::Column;
use crate::read::BBox;
use crate::vocab::{Label, Vocabulary};

/// The text of each column's cell: `cells[Column::Target]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cells([Option<String>; Column::COUNT]);

impl std::ops::Index<Column> for Cells {
    type Output = Option<String>;

    fn index(&self, column: Column) -> &Option<String> {
        &self.0[column.index()]
    }
}

impl std::ops::IndexMut<Column> for Cells {
    fn index_mut(&mut self, column: Column) -> &mut Option<String> {
        &mut self.0[column.index()]
    }
}

impl<const N: usize> From<[(Column, &str); N]> for Cells {
    fn from(texts: [(Column, &str); N]) -> Cells {
        let mut cells = Cells::default();
        for (column, text) in texts {
            cells[column] = Some(text.to_string());
        }
        cells
    }
}

/// The cells of one indicator row, as raw text: `cells[Column::Target]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableCells {
    pub text: Cells,
    /// Some text could not be placed with confidence.
    pub ambiguous: bool,
    /// Columns whose text may belong to a neighbour's cell (or a
    /// neighbour's to theirs): a body value lay between two header cells.
    pub unsure: Vec<Column>,
    /// Columns plain text gave no evidence to tell from a neighbour's:
    /// their text was shared out by guess (wrapped algorithm and source
    /// lines of one case, no source word, no border between them).
    pub guessed: Vec<Column>,
    /// Where each cell is, when the columns came from word positions.
    pub boxes: Vec<CellBox>,
    /// Words OCR read with low confidence, by the column they went into.
    pub doubtful: Vec<DoubtfulWord>,
}

impl std::ops::Index<Column> for TableCells {
    type Output = Option<String>;

    fn index(&self, column: Column) -> &Option<String> {
        &self.text[column]
    }
}

impl std::ops::IndexMut<Column> for TableCells {
    fn index_mut(&mut self, column: Column) -> &mut Option<String> {
        &mut self.text[column]
    }
}

/// A word of a cell that OCR read with low confidence.
#[derive(Debug, Clone, PartialEq)]
pub struct DoubtfulWord {
    /// The column the word went into.
    pub column: Column,
    pub text: String,
    /// OCR confidence, 0 to 100.
    pub confidence: f32,
}

/// Under this OCR confidence a word is doubtful: its field gets a warning.
pub const LOW_CONFIDENCE: f32 = 50.0;

/// Where one cell of the table lies on one page: between its column's
/// borders, from the body's first line to its last.
#[derive(Debug, Clone, PartialEq)]
pub struct CellBox {
    pub page: u32,
    /// The cell's column.
    pub column: Column,
    /// In the layout's frame (see [`Line::skew`](crate::layout::Line::skew)).
    pub bbox: BBox,
    /// The skew of the cell's lines: the box lies at y + skew·x on the page.
    pub skew: f32,
}

impl CellBox {
    /// Where the cell is on the page itself, a little larger than the box
    /// so that the text's edges are not cut.
    pub fn page_region(&self) -> crate::read::Region {
        let b = self.bbox;
        let margin = BBox {
            x0: b.x0 - 2.0,
            y0: b.y0 - 2.0,
            x1: b.x1 + 2.0,
            y1: b.y1 + 2.0,
        };
        super::page_region(self.page, margin, self.skew)
    }
}

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:19|20)[0-9]{2}$").expect("valid regex"));
/// Whether a word is a year alone ("2021").
pub(super) fn is_year(word: &str) -> bool {
    YEAR.is_match(word)
}

static YES_NO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i)(si|sì|s1|sl|no)$").expect("valid regex"));

/// A header line names table columns, or is the header's date ("31/12/2020").
pub fn is_header_line(words: &[&str], vocab: &Vocabulary) -> bool {
    if vocab
        .find_label_in(words, Label::is_table_header, 0.75)
        .is_some()
    {
        return true;
    }
    words.len() <= 3 && words.iter().any(|w| holds_date(w))
}

/// Whether a word holds a date ("31/12/2020", "31.M.2020"): one or two
/// digits, one to three digits (or an M), then a year 19xx or 20xx, each
/// part after the first maybe led by one character that is no letter,
/// digit or underscore.
fn holds_date(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    (0..chars.len()).any(|i| date_at(&chars[i..]))
}

fn date_at(chars: &[char]) -> bool {
    let day = |n: usize| chars.len() >= n && chars[..n].iter().all(char::is_ascii_digit);
    let month = |rest: &[char]| {
        (1..=3).any(|n| {
            rest.len() >= n
                && rest[..n].iter().all(|c| c.is_ascii_digit() || *c == 'M')
                && after_separator(&rest[n..], year_at)
        })
    };
    (1..=2).any(|n| day(n) && after_separator(&chars[n..], month))
}

/// Whether `then` holds at `chars`, or after its first character when
/// that is no word character.
fn after_separator(chars: &[char], then: impl Fn(&[char]) -> bool) -> bool {
    then(chars)
        || chars
            .first()
            .is_some_and(|&c| !regex_syntax::is_word_character(c) && then(&chars[1..]))
}

fn year_at(chars: &[char]) -> bool {
    matches!(chars, ['1', '9', a, b, ..] | ['2', '0', a, b, ..] if a.is_ascii_digit() && b.is_ascii_digit())
}

/// A line of a header band that names no column by itself: every word a
/// word of the headers' phrases or a year or date, as the lines of header
/// cells wrapped over two or three lines are ("RISULTATO" above, "METODO
/// DI ULTIMO VALORE", "CALCOLO OSSERVATO", "2020" below the line that
/// names the columns). Two header words OCR glued, the space between
/// them lost ("VALOREA" for "VALORE A", DEV scan 272), count as header
/// words.
pub fn is_header_fragment(words: &[&str], vocab: &Vocabulary) -> bool {
    let dated = |w: &&str| holds_date(w) || YEAR.is_match(w);
    // Cell borders read as "|" stand between the words of a header line;
    // a lone mark ("-", "»") is a speck OCR read beside it.
    let words: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !super::lines::is_rule_noise(w) && w.chars().any(char::is_alphanumeric))
        .collect();
    let header = |w: &&str| vocab.is_header_word(w) || dated(w) || glued_header_words(w, vocab);
    let words = without_edge_debris(&words, header, vocab);
    !words.is_empty()
        && words.iter().all(header)
        && words
            .iter()
            .any(|w| dated(w) || w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
}

/// Whether a line is the top line of wrapped header cells with OCR
/// debris among its words, as Tesseract reads a shaded or ruled header's
/// first line ("se i Risultato", "Unità di Risultato Val", "Unità
/// Algoritmo Fonte Ultimo Risultato palo"): a header word of five letters
/// or more, the header words' letters more than the rest's, and at most
/// two other words, none longer than four characters (clipped cell ends,
/// borders, specks; a body cell's words are longer).
pub fn is_debris_header_top(words: &[&str], vocab: &Vocabulary) -> bool {
    let letters = |w: &str| w.chars().filter(|c| c.is_alphabetic()).count();
    let words: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !super::lines::is_rule_noise(w) && w.chars().any(char::is_alphanumeric))
        .collect();
    let (header, debris): (Vec<&str>, Vec<&str>) = words
        .iter()
        .partition(|w| vocab.is_header_word(w) || glued_header_words(w, vocab));
    let header_letters: usize = header.iter().map(|w| letters(w)).sum();
    let debris_letters: usize = debris.iter().map(|w| letters(w)).sum();
    header.iter().any(|w| letters(w) >= 5)
        && header_letters > debris_letters
        && debris.len() <= 2
        && debris.iter().all(|w| w.chars().count() <= 4)
}

/// A header band's line without the one word at its edge that OCR made of
/// a cell's border or of the clipped end of a cell above ("po'og
/// misura di calcolo del dato osservato atteso consuntivo"): only where
/// the rest is a header line beyond doubt, four words of the headers'
/// phrases of four letters or more, and the odd word is no word (a body
/// cell's, "efficacia") and holds no digit (a value's).
fn without_edge_debris<'a>(
    words: &[&'a str],
    header: impl Fn(&&str) -> bool,
    vocab: &Vocabulary,
) -> Vec<&'a str> {
    let odd: Vec<usize> = (0..words.len()).filter(|i| !header(&words[*i])).collect();
    let long_header = words
        .iter()
        .filter(|w| header(w) && w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .count();
    match odd.as_slice() {
        [at] if (*at == 0 || *at + 1 == words.len())
            && long_header >= 4
            && !words[*at].chars().any(|c| c.is_ascii_digit())
            && !vocab.knows_word(&crate::vocab::fold(words[*at])) =>
        {
            let mut rest = words.to_vec();
            rest.remove(*at);
            rest
        }
        _ => words.to_vec(),
    }
}

/// Whether `word` is two header words with the space between them lost,
/// the first of four letters or more ("VALOREA": "VALORE" "A").
fn glued_header_words(word: &str, vocab: &Vocabulary) -> bool {
    word.char_indices().skip(4).any(|(i, _)| {
        let (a, b) = word.split_at(i);
        vocab.is_header_word(a) && vocab.is_header_word(b)
    })
}

/// Whether a table's header lines name a column: one line names it, or
/// the band holds a word only that column's header uses (its cell wrapped
/// over lines: "Valore a" / "Consuntivo").
pub fn header_names(header: &[String], label: Label, vocab: &Vocabulary) -> bool {
    naming(header, label, vocab) >= Naming::Debris
}

/// How a table's header lines name a column, from nothing to a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Naming {
    /// No word of the header names it.
    Not,
    /// A short word only the column's phrases use stands alone ("a" of
    /// "Valore a consuntivo"): as often debris OCR read from a ruled
    /// cell's edge ("Unità di misura a Algoritmo").
    Debris,
    /// A line names it, or a word only its phrases use that is no
    /// short word alone ("consuntivo", "Valore a").
    Named,
}

/// How the header lines name `label` (see [`header_names`]).
pub fn naming(header: &[String], label: Label, vocab: &Vocabulary) -> Naming {
    let by_line = header.iter().any(|h| {
        let words: Vec<&str> = h.split_whitespace().collect();
        names_in_turn(&words, label, vocab)
    });
    let Some(column) = label.column().filter(|_| !by_line) else {
        return if by_line { Naming::Named } else { Naming::Not };
    };
    let mut naming = Naming::Not;
    for h in header {
        let words: Vec<&str> = h.split_whitespace().collect();
        for at in 0..words.len() {
            naming = naming.max(word_naming(&words, at, column, vocab));
        }
    }
    naming
}

/// How `words[at]` names `column`: a word only the column's phrases use,
/// and a short one only beside another word of those phrases ("Valore
/// a").
fn word_naming(words: &[&str], at: usize, column: Column, vocab: &Vocabulary) -> Naming {
    let word = words[at];
    if !vocab.names_only(word, column) {
        return Naming::Not;
    }
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let beside = [at.checked_sub(1), at.checked_add(1)]
        .into_iter()
        .flatten()
        .filter_map(|j| words.get(j))
        .any(|w| vocab.column_uses(w, column));
    if letters >= 4 || beside {
        Naming::Named
    } else {
        Naming::Debris
    }
}

/// Whether a header line names `label`, its column labels read from the
/// left one after the other: a label's words are no start of another
/// ("Ultimo valore osservato Target": no "Valore osservato" in it).
fn names_in_turn(words: &[&str], label: Label, vocab: &Vocabulary) -> bool {
    let mut at = 0;
    while at < words.len() {
        match vocab.label_at_start(&words[at..]) {
            Some(m) if m.label == label => return true,
            Some(m) if m.label.is_table_header() && m.words > 0 => at += m.words,
            _ => at += 1,
        }
    }
    false
}

/// The parts of `spans` inside `lo..hi`, clipped to it, left to right.
pub(super) fn covered(spans: &[(f32, f32)], lo: f32, hi: f32) -> Vec<(f32, f32)> {
    let mut covered: Vec<(f32, f32)> = spans
        .iter()
        .filter(|(a, b)| *b > lo && *a < hi)
        .map(|(a, b)| (a.max(lo), b.min(hi)))
        .collect();
    covered.sort_by(|a, b| a.0.total_cmp(&b.0));
    covered
}

fn non_empty(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_found_inside_words() {
        for (word, date) in [
            ("31/12/2020", true),
            ("al31.12.2020)", true),
            ("3112 2020", true),
            ("31/12/20", false),
            ("1M2019", true),
            ("31/12/2120", false),
            ("31//12//2020", false),
            ("2020", false),
        ] {
            assert_eq!(holds_date(word), date, "{word:?}");
        }
    }

    proptest::proptest! {
        /// The date finder matches what the pattern it replaced matched.
        #[test]
        fn the_date_finder_is_the_date_pattern(
            word in "([0-9]{1,3}[/. _aéM-]{0,2}){0,4}(19|20)?[0-9]{0,3}[/. a-]?",
        ) {
            let pattern = Regex::new(r"(?:[0-9]{1,2}\W?[0-9M]{1,3}\W?(?:19|20)[0-9]{2})").unwrap();
            proptest::prop_assert_eq!(holds_date(&word), pattern.is_match(&word));
        }
    }

    #[test]
    fn lines_of_wrapped_header_cells_are_header_fragments() {
        let vocab = Vocabulary::builtin();
        for (line, fragment) in [
            ("RISULTATO", true),
            ("METODO DI ULTIMO VALORE", true),
            ("CALCOLO OSSERVATO", true),
            ("2020", true),
            ("al 31/12/2021", true),
            ("di al", false),
            ("misura | osservato 31/12/2020", true),
            ("- ULTIMO RISULTATO", true),
            ("UNITÀ DI ALGORITMO VALOREA", true),
            ("UNITÀ DI ALGORITMO VALOREX", false),
            (
                "po'og misura di calcolo del dato osservato atteso consuntivo",
                true,
            ),
            (
                "efficacia misura di calcolo del dato osservato atteso",
                false,
            ),
            ("misura di calcolo del dato osservato atteso 2,5", false),
            ("» -", false),
            ("|", false),
            ("numero imprese assistite", false),
            ("EFFICACIA ESTERNA", false),
            ("", false),
        ] {
            let words: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(is_header_fragment(&words, &vocab), fragment, "{line:?}");
        }
    }

    #[test]
    fn a_header_top_line_with_ocr_debris_is_the_headers() {
        let vocab = Vocabulary::builtin();
        for (line, top) in [
            ("se i Risultato", true),
            ("sei Ai Risultato", true),
            ("Unità di Risultato Val", true),
            ("Unità Algoritmo Fonte Ultimo Risultato palo", true),
            ("5 Ultimo", true),
            ("ì ULTIMO", true),
            ("Unità di", true),
            ("valore medio dei giorni", false),
            ("tempo medio di Risultato", false),
            ("numero imprese assistite", false),
            ("Risultato 95% 99,81% 100%", false),
            ("", false),
        ] {
            let words: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(is_debris_header_top(&words, &vocab), top, "{line:?}");
        }
    }

    #[test]
    fn a_cell_box_maps_back_to_the_skewed_page() {
        let cell = CellBox {
            page: 3,
            column: Column::Actual,
            bbox: crate::read::BBox {
                x0: 700.0,
                y0: 100.0,
                x1: 800.0,
                y1: 120.0,
            },
            skew: 0.01,
        };
        let region = cell.page_region();
        assert_eq!(region.page, 3);
        // A 2 pt margin, sheared back by 0.01 × 750 and widened by the
        // lean over half the width (0.01 × 52).
        assert!((region.bbox.y0 - (100.0 - 2.0 + 7.5 - 0.52)).abs() < 1e-3);
        assert!((region.bbox.y1 - (120.0 + 2.0 + 7.5 + 0.52)).abs() < 1e-3);
        assert_eq!((region.bbox.x0, region.bbox.x1), (698.0, 802.0));
    }

    #[test]
    fn a_wrapped_header_cell_still_names_its_column() {
        let v = Vocabulary::builtin();
        let actual = Label::Column(Column::Actual);
        let header =
            |lines: &[&str]| -> Vec<String> { lines.iter().map(|l| l.to_string()).collect() };
        for (lines, names) in [
            (&["Valore a consuntivo"][..], true),
            (
                &["Ultimo valore", "osservato", "Valore a", "Consuntivo"][..],
                true,
            ),
            (
                &[
                    "Fonte dei dati Ultimo valore Risultato atteso |Valore a",
                    "osservato al 31/12/2020 Consuntivo",
                ][..],
                true,
            ),
            (
                &[
                    "Fonte dei dati Ultimo valore Risultato atteso",
                    "osservato al 31/12/2021",
                ][..],
                false,
            ),
        ] {
            assert_eq!(header_names(&header(lines), actual, &v), names, "{lines:?}");
        }
    }

    #[test]
    fn recognises_header_lines() {
        let v = Vocabulary::builtin();
        for line in [
            "Tipologia Unita di misura Algoritmo di calcolo",
            "Tieologis 31/12/2020",
            "31M12/2020",
            "R oo sol Valore a Consuntivo",
        ] {
            let words: Vec<&str> = line.split_whitespace().collect();
            assert!(is_header_line(&words, &v), "{line}");
        }
        let words: Vec<&str> = "EFFICACIA ESTERNA 100%".split_whitespace().collect();
        assert!(!is_header_line(&words, &v));
    }
}
