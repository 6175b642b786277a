//! Page breaks of plain text that has lost its form feeds (Tesseract run
//! page by page, the pages' texts simply joined): found from the running
//! lines every page repeats.
//!
//! - A page-number line ("Pagina 3 di 9", "Pag. 3"): the same words on
//!   many lines, one of whose numbers counts up by one from each such line
//!   to the next.
//! - Without one, a running head or foot: the most repeated title-length
//!   line (numbers aside), spread over the whole text, its repetitions as
//!   far apart as pages are long.
//!
//! A running line that stands at the text's end closes each page; one at
//! its start, or elsewhere, opens each page. A page break found this way
//! puts the running line in its page's margin, where the layout leaves it
//! out.

use std::collections::HashMap;

/// A running line has at most this many words: titles and page numbers,
/// not prose.
const MAX_WORDS: usize = 14;
/// Fewer repetitions than this prove no page structure.
const MIN_PAGES: usize = 3;
/// Of the steps from one page-number line to the next, at least this
/// share adds exactly one (an OCR slip may break the count on a page).
const COUNTING_SHARE: f64 = 2.0 / 3.0;
/// A running line without a number needs this many letters: "Se altro,
/// indicare qui" repeats too, but is a label, shorter than a title line.
const MIN_TITLE_LETTERS: usize = 24;
/// Pages of plain text have at least this many lines.
const MIN_PAGE_LINES: usize = 15;
/// A running line is this close to the text's start or end (non-blank
/// lines) when it stands in the first or last page's margin.
const MARGIN_LINES: usize = 2;

/// The indices of the lines that open a page, the first line (0) among
/// them; just `[0]` when the text shows no running lines.
pub fn page_starts(lines: &[&str]) -> Vec<usize> {
    let occurrences = running_shapes(lines);
    let running = page_numbers(&occurrences).or_else(|| even_titles(&occurrences, lines.len()));
    let Some(at) = running else {
        return vec![0];
    };
    let closes_page = ends_text(lines, at[at.len() - 1]) && !starts_text(lines, at[0]);
    let mut starts = vec![0];
    for &i in &at {
        let start = if closes_page { i + 1 } else { i };
        if start > *starts.last().unwrap_or(&0) && filled(&lines[start.min(lines.len())..]) > 0 {
            starts.push(start);
        }
    }
    starts
}

/// One line's words with its numbers set apart.
#[derive(Debug)]
struct Shape {
    line: usize,
    numbers: Vec<u64>,
}

/// Lines of running length grouped by their letters (folded to lower
/// case, numbers as "#", spaces and punctuation dropped), only the groups
/// that repeat often enough.
fn running_shapes(lines: &[&str]) -> Vec<(String, Vec<Shape>)> {
    let mut groups: HashMap<String, Vec<Shape>> = HashMap::new();
    for (line, text) in lines.iter().enumerate() {
        let words = text.split_whitespace().count();
        if words == 0 || words > MAX_WORDS {
            continue;
        }
        let (key, numbers) = shape(text);
        if key.chars().filter(|c| c.is_alphabetic()).count() < 3 {
            continue;
        }
        groups.entry(key).or_default().push(Shape { line, numbers });
    }
    let mut repeated: Vec<(String, Vec<Shape>)> = groups
        .into_iter()
        .filter(|(_, shapes)| shapes.len() >= MIN_PAGES)
        .collect();
    repeated.sort_by(|a, b| a.0.cmp(&b.0));
    repeated
}

/// A line's key (letters folded, each number "#") and its numbers.
fn shape(text: &str) -> (String, Vec<u64>) {
    let mut key = String::new();
    let mut numbers = Vec::new();
    let mut digits = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        if !digits.is_empty() {
            key.push('#');
            numbers.push(digits.parse().unwrap_or(u64::MAX));
            digits.clear();
        }
        if c.is_alphabetic() {
            key.extend(c.to_lowercase());
        }
    }
    (key, numbers)
}

/// The lines of the most repeated group one of whose numbers counts the
/// pages.
fn page_numbers(groups: &[(String, Vec<Shape>)]) -> Option<Vec<usize>> {
    groups
        .iter()
        .filter(|(_, shapes)| counts_pages(shapes))
        .max_by_key(|(_, shapes)| shapes.len())
        .map(|(_, shapes)| shapes.iter().map(|s| s.line).collect())
}

/// Whether the number in some place of every line counts up, by one from
/// most lines to the next.
fn counts_pages(shapes: &[Shape]) -> bool {
    let places = shapes.iter().map(|s| s.numbers.len()).min().unwrap_or(0);
    (0..places).any(|place| {
        let steps: Vec<i128> = shapes
            .windows(2)
            .map(|w| i128::from(w[1].numbers[place]) - i128::from(w[0].numbers[place]))
            .collect();
        let ones = steps.iter().filter(|&&s| s == 1).count();
        steps.iter().all(|&s| s > 0) && ones as f64 >= COUNTING_SHARE * steps.len() as f64
    })
}

/// The lines of the most repeated title group spread over the whole
/// text: its repetitions as far apart as pages are long (the middle gap at
/// least [`MIN_PAGE_LINES`]), the first within two such gaps of the
/// text's start, the last within two of its end.
fn even_titles(groups: &[(String, Vec<Shape>)], total: usize) -> Option<Vec<usize>> {
    groups
        .iter()
        .filter(|(key, _)| key.chars().filter(|c| c.is_alphabetic()).count() >= MIN_TITLE_LETTERS)
        .map(|(_, shapes)| shapes.iter().map(|s| s.line).collect::<Vec<usize>>())
        .max_by_key(Vec::len)
        .filter(|at| spread_over(at, total))
}

fn spread_over(at: &[usize], total: usize) -> bool {
    let mut gaps: Vec<usize> = at.windows(2).map(|w| w[1] - w[0]).collect();
    gaps.sort_unstable();
    let Some(&middle) = gaps.get(gaps.len() / 2) else {
        return false;
    };
    middle >= MIN_PAGE_LINES && at[0] <= 2 * middle && total - at[at.len() - 1] <= 2 * middle
}

/// Whether line `i` is among the text's last non-blank lines.
fn ends_text(lines: &[&str], i: usize) -> bool {
    filled(&lines[i + 1..]) < MARGIN_LINES
}

/// Whether line `i` is among the text's first non-blank lines.
fn starts_text(lines: &[&str], i: usize) -> bool {
    filled(&lines[..i]) < MARGIN_LINES
}

fn filled(lines: &[&str]) -> usize {
    lines.iter().filter(|l| !l.trim().is_empty()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page of `n` body lines, distinct from every other page's.
    fn body(page: usize, n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("riga {i} della pagina {page} con testo"))
            .collect()
    }

    fn text(pages: usize, head: Option<&str>, foot: Option<&str>) -> Vec<String> {
        let mut lines = Vec::new();
        for p in 1..=pages {
            lines.extend(head.map(|h| h.to_string()));
            lines.extend(body(p, 20 + 3 * (p % 2)));
            lines.extend(foot.map(|f| format!("{f} {p} di {pages}")));
            lines.push(String::new());
        }
        lines
    }

    fn starts(lines: &[String]) -> Vec<usize> {
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        page_starts(&refs)
    }

    fn line_after_each_start(lines: &[String], starts: &[usize]) -> Vec<String> {
        starts.iter().map(|&i| lines[i].clone()).collect()
    }

    #[test]
    fn page_number_footers_close_their_pages() {
        let lines = text(
            4,
            Some("Camera di Commercio di Lecco - P.I.R.A. 2021"),
            Some("Pagina"),
        );
        let found = starts(&lines);
        assert_eq!(found.len(), 4, "{found:?}");
        // Each page after the first opens on the blank line after the footer.
        for &i in &found[1..] {
            assert!(lines[i - 1].starts_with("Pagina"), "{}", lines[i - 1]);
        }
    }

    #[test]
    fn a_running_title_without_numbers_opens_its_pages() {
        let lines = text(
            5,
            Some("Camera di Commercio di Lecco - Relazione sulla performance"),
            None,
        );
        let found = starts(&lines);
        assert_eq!(found.len(), 5, "{found:?}");
        for line in line_after_each_start(&lines, &found) {
            assert!(line.starts_with("Camera"), "{line}");
        }
    }

    #[test]
    fn numbers_that_do_not_count_pages_make_no_breaks() {
        // "Indicatore 1", "Indicatore 2", "Indicatore 1" ...: repeated words
        // with a number, but the number does not count up the text.
        let mut lines = Vec::new();
        for scheda in 1..=4 {
            for n in 1..=2 {
                lines.push(format!("Indicatore {n}"));
                lines.extend(body(scheda * 10 + n, 8));
            }
        }
        assert_eq!(starts(&lines), vec![0]);
    }

    #[test]
    fn a_label_repeated_close_together_or_in_one_stretch_makes_no_breaks() {
        let label = "Se altro, indicare qui tutto il necessario";
        // Close together: one block of a few lines each.
        let mut close = Vec::new();
        for p in 0..6 {
            close.push(label.to_string());
            close.extend(body(p, 5));
        }
        assert_eq!(starts(&close), vec![0]);
        // Far apart, but only in the text's first stretch.
        let mut stretch = Vec::new();
        for p in 0..3 {
            stretch.push(label.to_string());
            stretch.extend(body(p, 20));
        }
        stretch.extend(body(9, 200));
        assert_eq!(starts(&stretch), vec![0]);
    }

    #[test]
    fn shapes_fold_letters_and_set_numbers_apart() {
        assert_eq!(
            shape("Pagina 12 di8"),
            ("pagina#di#".to_string(), vec![12, 8])
        );
        assert_eq!(shape("- 3 -"), ("#".to_string(), vec![3]));
    }
}
