//! Running headers and footers: the lines a report repeats at the same
//! place on most pages ("Camera di Commercio di Torino - P.I.R.A. 2023",
//! "Pagina 3 di 10"). They would end up in whatever field a page break
//! interrupts, so the layout leaves them out of the schede.
//!
//! A scanner places each sheet a little differently: a whole page may sit
//! a few points higher than the others, its header farther from theirs
//! than the line's own height. The page's other running lines (its page
//! number at the foot) show how far the page moved, and the heights are
//! compared once more with that shift taken out.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::{scheda, wrapped};
use super::{Labelled, Line};
use crate::read::{median, Document};
use crate::vocab::{Comparable, Vocabulary};
use crate::FastMap;

/// Which lines are running headers or footers: the same text (numbers
/// aside: "Pagina 3 di 10", "Pagina 10 di 10"; OCR slips aside: "P.I.R.A."
/// read "P.LR.A." on one page, "di 8" read "di8" on another) at the same
/// height (within a line and a half, which a scan's skew leaves, once the
/// page's shift is taken out) in the top or bottom tenth of the page, on
/// two pages in three and three or more, or on every page but the cover (a
/// line that opens no label). A label that a page break leaves
/// at the foot of some pages stands at another height on each; an
/// objective code opening each page's scheda is no running line either.
///
/// Plain text has no heights: there a page's margin is its first two and
/// last two lines, and a running line is the same text in the margin of
/// as many pages, unless it is a label alone.
pub(super) fn running_lines(
    doc: &Document,
    lines: &[Line],
    vocab: &Vocabulary,
    geometric: bool,
) -> Vec<bool> {
    let keys = margin_keys(doc, lines, vocab, geometric);
    let heights: Vec<Option<f32>> = lines
        .iter()
        .map(|l| l.words.first().map(|w| w.bbox.y_mid()))
        .collect();
    let needed = (2 * doc.pages.len()).div_ceil(3).max(3);
    let margin = Margin {
        lines,
        keys: &keys,
        needed,
        pages: doc.pages.len(),
        first_page: doc.pages.iter().map(|p| p.number).min(),
        vocab,
        geometric,
    };
    let alike = alike_keys(keys.iter().flatten().map(String::as_str).collect());
    let first = margin.running(&heights, &alike);
    if !geometric {
        return margin.displaced(first);
    }
    let shifted = page_shifts(lines, &keys, &heights, &first, &alike);
    let mut running = if shifted.iter().zip(&heights).all(|(s, h)| s == h) {
        first
    } else {
        let second = margin.running(&shifted, &alike);
        first.iter().zip(second).map(|(a, b)| *a || b).collect()
    };
    spare_wrapped_labels(lines, &mut running, vocab);
    running
}

/// Takes out of the running lines a label wrapped over two lines of its
/// cell, both its lines: a card opens each page with its first row
/// ("Centro di DIRIGENTE AREA ..." over "Responsabilità"), and where
/// several objectives share a centre that row repeats at the same height
/// on most pages, as a running header does. A running header is no
/// label of the report's, nor is a page number.
fn spare_wrapped_labels(lines: &[Line], running: &mut [bool], vocab: &Vocabulary) {
    for i in 1..lines.len() {
        if (running[i - 1] || running[i]) && wrapped::stacked_label(&lines[i - 1], &lines[i], vocab)
        {
            running[i - 1] = false;
            running[i] = false;
        }
    }
}

/// Each line's key when it stands in its page's margin (and is not an
/// objective code, nor in plain text a label alone).
fn margin_keys(
    doc: &Document,
    lines: &[Line],
    vocab: &Vocabulary,
    geometric: bool,
) -> Vec<Option<String>> {
    let heights: HashMap<u32, f32> = doc.pages.iter().map(|p| (p.number, p.height)).collect();
    // Plain text's wider margin, where a running line's pieces may stand.
    let text_zone = text_margins(lines, PIECE_LINES);
    let key = |(i, line): (usize, &Line)| -> Option<String> {
        let height = *heights.get(&line.page)?;
        let y = line.words.first()?.bbox.y_mid();
        let margin = if geometric {
            y < 0.1 * height || y > 0.9 * height
        } else {
            text_zone[i]
        };
        if !margin {
            return None;
        }
        let words = line.content_words();
        let label = vocab.label_at_start(&words);
        let code = scheda::code_line(Labelled { line, label }, vocab).is_some();
        // In plain text a label column read as a block opens every page
        // with the same labels ("Missione", "Programma"): they run no
        // more than the scheda does.
        let bare_label =
            !geometric && label.is_some_and(|m| m.words == words.len() && m.score >= 0.8);
        (!code && !bare_label).then(|| margin_key(&line.text))
    };
    let mut keys: Vec<Option<String>> = lines.iter().enumerate().map(key).collect();
    if !geometric {
        let margin = text_margins(lines, MARGIN_LINES);
        let pieces: Vec<Option<String>> = keys
            .iter_mut()
            .zip(margin)
            .map(|(key, margin)| if margin { None } else { key.take() })
            .collect();
        join_split_keys(lines, &mut keys, pieces);
    }
    keys
}

/// Plain text's margin: a page's first and last this many non-blank lines.
const MARGIN_LINES: usize = 2;
/// Tesseract may set a running line's two ends apart (the date left, the
/// title right of a browser's header), another line between them: its
/// pieces are looked for among this many first and last lines.
const PIECE_LINES: usize = 4;
/// Fewest letters and digits of a running line looked for away from its
/// page's margin: a short line ("Pagina 3") may be any page's text.
const DISPLACED_KEY: usize = 16;
/// A running line split in two is only looked for once it stands whole in
/// this many pages' margins.
const WHOLE_PAGES: usize = 2;

/// Gives two lines of one page's margin that together read a margin line
/// seen whole on other pages (their keys one after the other, alike to
/// its key) that line's key: a running line Tesseract set in two pieces
/// counts on its page as the whole one does, and both pieces go with it.
/// `pieces` holds the keys of the lines just outside the margin (up to
/// [`PIECE_LINES`] from the page's ends): these may be pieces too.
fn join_split_keys(lines: &[Line], keys: &mut [Option<String>], mut pieces: Vec<Option<String>>) {
    let mut pages_of: HashMap<&str, Vec<u32>> = HashMap::new();
    for (line, key) in lines.iter().zip(keys.iter()) {
        if let Some(key) = key {
            pages_of.entry(key.as_str()).or_default().push(line.page);
        }
    }
    let wholes: Vec<(String, Comparable)> = pages_of
        .into_iter()
        .filter(|(_, pages)| distinct(pages) >= WHOLE_PAGES)
        .map(|(key, _)| (key.to_string(), Comparable::new(key)))
        .collect();
    for (piece, key) in pieces.iter_mut().zip(keys.iter()) {
        if piece.is_none() {
            piece.clone_from(key);
        }
    }
    let on_page = |i: usize| lines[i].page;
    for a in 0..lines.len() {
        let Some(first) = pieces[a].as_deref() else {
            continue;
        };
        let seconds = (a + 1..lines.len()).take_while(|&b| on_page(b) == on_page(a));
        for b in seconds {
            let Some(second) = pieces[b].as_deref() else {
                continue;
            };
            let page_number = [a, b].iter().any(|&i| bare_page_number(&lines[i]));
            if let Some(whole) = whole_of(first, second, page_number, &wholes) {
                keys[a] = Some(whole.to_string());
                keys[b] = Some(whole.to_string());
            }
        }
    }
}

/// The whole line two pieces read together. Unless one piece is its
/// page's number alone, neither piece alone may be alike to the whole: a
/// whole footer and a short line of the page's text after it are no
/// pieces.
fn whole_of<'a>(
    first: &str,
    second: &str,
    page_number: bool,
    wholes: &'a [(String, Comparable)],
) -> Option<&'a str> {
    let joined = Comparable::new(&format!("{first}{second}"));
    let (first, second) = (Comparable::new(first), Comparable::new(second));
    wholes
        .iter()
        .find(|(_, w)| {
            w.alike(&joined, ALIKE)
                && (page_number || !w.alike(&first, ALIKE) && !w.alike(&second, ALIKE))
        })
        .map(|(whole, _)| whole.as_str())
}

/// Whether a line holds nothing but numbers, one of them its page's
/// ("5/14", "- 5 -").
fn bare_page_number(line: &Line) -> bool {
    !line.text.chars().any(char::is_alphabetic) && numbers_its_page(line)
}

fn distinct(pages: &[u32]) -> usize {
    let mut pages = pages.to_vec();
    pages.sort_unstable();
    pages.dedup();
    pages.len()
}

/// The margin lines of a document and what makes one a running line.
struct Margin<'a> {
    lines: &'a [Line],
    keys: &'a [Option<String>],
    /// On how many pages a running line stands.
    needed: usize,
    pages: usize,
    /// The cover's number: a short report's running header may lack it.
    first_page: Option<u32>,
    vocab: &'a Vocabulary,
    geometric: bool,
}

impl Margin<'_> {
    /// Which lines are running lines, their heights on the page `ys`.
    fn running(&self, ys: &[Option<f32>], alike: &HashMap<&str, Vec<&str>>) -> Vec<bool> {
        let mut places: HashMap<&str, Vec<(u32, f32)>> = HashMap::new();
        for ((line, key), y) in self.lines.iter().zip(self.keys).zip(ys) {
            if let (Some(key), Some(y)) = (key, y) {
                places
                    .entry(key.as_str())
                    .or_default()
                    .push((line.page, *y));
            }
        }
        self.lines
            .iter()
            .zip(self.keys)
            .zip(ys)
            .map(|((line, key), y)| {
                let (Some(key), Some(y), Some(w)) = (key, y, line.words.first()) else {
                    return false;
                };
                // A page's number ("Pagina 1 di 2") marks a running line on
                // every page of a short report too.
                let needed = if numbers_its_page(line) {
                    self.needed.min(self.pages.max(2))
                } else {
                    self.needed
                };
                let tolerance = 1.5 * w.bbox.height().abs();
                let mut pages: Vec<u32> = alike[key.as_str()]
                    .iter()
                    .filter_map(|k| places.get(k))
                    .flatten()
                    .filter(|(_, other)| !self.geometric || (other - y).abs() <= tolerance)
                    .map(|(page, _)| *page)
                    .collect();
                pages.sort_unstable();
                pages.dedup();
                pages.len() >= needed
                    || self.all_but_cover(&pages) && !opens_label(line, self.vocab)
            })
            .collect()
    }

    /// Plain text's running lines that Tesseract set away from their
    /// page's margin: where the labels stand far left of their values, it
    /// reads the label column as a block first, and the page's running
    /// header comes after it, among the scheda's lines. A margin line of
    /// two pages or more, [`DISPLACED_KEY`] characters or more, that no
    /// page's label opens, runs when its pages and those where a line
    /// away from the margin reads it (alike to its key) make enough pages.
    fn displaced(&self, mut running: Vec<bool>) -> Vec<bool> {
        let pages_of = |at: &[usize]| {
            let mut pages: Vec<u32> = at.iter().map(|&i| self.lines[i].page).collect();
            pages.sort_unstable();
            pages.dedup();
            pages
        };
        let mut seen: Vec<(&str, Vec<usize>)> = Vec::new();
        for (i, key) in self.keys.iter().enumerate() {
            let Some(key) = key.as_deref() else { continue };
            if running[i] || key.chars().count() < DISPLACED_KEY {
                continue;
            }
            match seen.iter_mut().find(|(k, _)| *k == key) {
                Some((_, at)) => at.push(i),
                None => seen.push((key, vec![i])),
            }
        }
        seen.retain(|(_, at)| pages_of(at).len() >= WHOLE_PAGES);
        if seen.is_empty() {
            return running;
        }
        let away: Vec<(usize, Comparable)> = (0..self.lines.len())
            .filter(|&i| self.keys[i].is_none() && !running[i])
            .map(|i| (i, margin_key(&self.lines[i].text)))
            .filter(|(_, key)| key.chars().count() >= DISPLACED_KEY)
            .filter(|&(i, _)| !opens_label(&self.lines[i], self.vocab))
            .map(|(i, key)| (i, Comparable::new(&key)))
            .collect();
        for (key, at) in seen {
            let of = Comparable::new(key);
            let mut all = at;
            all.extend(
                away.iter()
                    .filter(|(_, k)| of.alike(k, ALIKE))
                    .map(|(i, _)| *i),
            );
            let pages = pages_of(&all);
            if pages.len() >= self.needed || self.all_but_cover(&pages) {
                for i in all {
                    running[i] = true;
                }
            }
        }
        running
    }

    /// Whether `pages` (sorted) are every page of the document but its
    /// first, two or more: a short report's running header, which its
    /// cover lacks.
    fn all_but_cover(&self, pages: &[u32]) -> bool {
        pages.len() >= 2
            && pages.len() + 1 == self.pages
            && self.first_page.is_some_and(|f| !pages.contains(&f))
    }
}

/// Whether a line opens with a label: a table's header or a scheda's row
/// may open two pages of a short report at the same height.
fn opens_label(line: &Line, vocab: &Vocabulary) -> bool {
    vocab.label_at_start(&line.content_words()).is_some()
}

/// Each line's height with its page's shift taken out: the shift is how
/// far the page's running line nearest to it (in height) stands from
/// where that line stands on the other pages (their median). A page
/// without running lines is not moved.
fn page_shifts(
    lines: &[Line],
    keys: &[Option<String>],
    ys: &[Option<f32>],
    running: &[bool],
    alike: &HashMap<&str, Vec<&str>>,
) -> Vec<Option<f32>> {
    let mut running_at: HashMap<&str, Vec<f32>> = HashMap::new();
    for ((key, y), _) in keys.iter().zip(ys).zip(running).filter(|(_, r)| **r) {
        if let (Some(key), Some(y)) = (key, y) {
            running_at.entry(key.as_str()).or_default().push(*y);
        }
    }
    // (height, shift) of each running line, by page, in the lines' order.
    let mut shifts: FastMap<u32, Vec<(f32, f32)>> = FastMap::default();
    let found = lines
        .iter()
        .zip(keys)
        .zip(ys)
        .zip(running)
        .filter(|(_, running)| **running)
        .filter_map(|(((line, key), y), _)| {
            let (key, y) = (key.as_deref()?, (*y)?);
            let usual = median(
                alike[key]
                    .iter()
                    .filter_map(|k| running_at.get(k))
                    .flatten()
                    .copied(),
            )?;
            Some((line.page, y, y - usual))
        });
    for (page, y, shift) in found {
        shifts.entry(page).or_default().push((y, shift));
    }
    lines
        .iter()
        .zip(ys)
        .map(|(line, y)| {
            let y = (*y)?;
            let nearest = shifts.get(&line.page).and_then(|on_page| {
                on_page
                    .iter()
                    .min_by(|a, b| (a.0 - y).abs().total_cmp(&(b.0 - y).abs()))
            });
            Some(nearest.map_or(y, |(_, shift)| y - shift))
        })
        .collect()
}

/// Whether a line names its own page's number.
fn numbers_its_page(line: &Line) -> bool {
    DIGITS
        .find_iter(&line.text)
        .any(|m| m.as_str().parse() == Ok(line.page))
}

/// Whether each line is among the first `n` or last `n` non-blank lines
/// of its page (plain text's margins).
fn text_margins(lines: &[Line], n: usize) -> Vec<bool> {
    let mut margin = vec![false; lines.len()];
    let mut start = 0;
    while start < lines.len() {
        let page = lines[start].page;
        let end = lines[start..]
            .iter()
            .position(|l| l.page != page)
            .map_or(lines.len(), |n| start + n);
        let filled: Vec<usize> = (start..end).filter(|&i| !lines[i].is_blank()).collect();
        for &i in filled.iter().take(n).chain(filled.iter().rev().take(n)) {
            margin[i] = true;
        }
        start = end;
    }
    margin
}

/// A run of digits: page numbers of one or two digits are alike.
static DIGITS: LazyLock<Regex> = LazyLock::new(|| Regex::new("[0-9]+").expect("valid regex"));

/// A number OCR read partly or wholly as letters: "ll" or "Il" for 11,
/// "l5" for 15 (two such letters ending a word, also glued to the word
/// before as in "Pagina 2 dill", or digits among them).
static NUMBER_READ_AS_LETTERS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[lI|]{2}\b|[lI|]*[0-9][0-9lI|]*").expect("valid regex"));

/// What a margin line is compared by: its letters folded and its numbers
/// as "#", without spaces or punctuation ("Pagina 2 di8", "Pagina 12
/// di 15" and "Pagina 7 di ll" all "pagina#di#").
fn margin_key(text: &str) -> String {
    let folded = if may_read_a_number(text) {
        crate::vocab::fold(&NUMBER_READ_AS_LETTERS.replace_all(text, "#"))
    } else {
        crate::vocab::fold(text)
    };
    folded
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '#')
        .collect()
}

/// Whether [`NUMBER_READ_AS_LETTERS`] may match the text: it holds a
/// digit, or two of "l", "I", "|" at a word boundary. Most lines hold
/// neither, and are folded without the search.
fn may_read_a_number(text: &str) -> bool {
    let confusable = |b: u8| matches!(b, b'l' | b'I' | b'|');
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = text.as_bytes();
    // A pair of letters ("ll") followed by a letter of a word goes on: no
    // boundary. Any other follower (a non-ASCII character too) may be one.
    let at_boundary =
        |i: usize| bytes[i] == b'|' || bytes.get(i + 1).is_none_or(|&next| !word(next));
    bytes.iter().any(u8::is_ascii_digit)
        || (1..bytes.len())
            .any(|i| confusable(bytes[i - 1]) && confusable(bytes[i]) && at_boundary(i))
}

/// Margin keys this similar are one line read with OCR slips.
const ALIKE: f64 = 0.85;
/// Past this many distinct margin keys, only equal keys are alike (the
/// comparisons grow with the square of their number).
const MAX_FUZZY_KEYS: usize = 300;

/// Each key with the keys alike to it (itself among them): equal, or at
/// least [`ALIKE`] similar.
fn alike_keys(mut keys: Vec<&str>) -> HashMap<&str, Vec<&str>> {
    keys.sort_unstable();
    keys.dedup();
    let fuzzy = keys.len() <= MAX_FUZZY_KEYS;
    let prepared: Vec<Comparable> = if fuzzy {
        keys.iter().map(|k| Comparable::new(k)).collect()
    } else {
        Vec::new()
    };
    keys.iter()
        .enumerate()
        .map(|(i, &a)| {
            let fellows = keys
                .iter()
                .enumerate()
                .filter(|&(j, &b)| a == b || (fuzzy && prepared[i].alike(&prepared[j], ALIKE)))
                .map(|(_, &b)| b)
                .collect();
            (a, fellows)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The search is skipped only where it finds nothing: every text it
    /// matches passes the check, and most lines of words do not.
    #[test]
    fn numbers_read_as_letters_are_searched_where_they_may_be() {
        for (text, may) in [
            ("Pagina 7 di ll", true),
            ("Pagina 2 dill", true),
            ("Pagina 4 dil1", true),
            ("P.I.R.A. 2021", true),
            ("nell'ambito", true),
            ("|| Camera", true),
            ("Pagina 7 di lì", true),
            ("della Camera di Commercio", false),
            ("Rendicontazione al", false),
            ("Camera di Commercio di Milano - P.LR.A.", false),
        ] {
            assert_eq!(may_read_a_number(text), may, "{text:?}");
            if NUMBER_READ_AS_LETTERS.is_match(text) {
                assert!(may, "{text:?}");
            }
        }
    }

    /// A page count OCR read as letters, alone or glued to "di", keys the
    /// footer as its digits do.
    #[test]
    fn page_counts_read_as_letters_key_as_numbers() {
        for text in [
            "Pagina 12 di 15",
            "Pagina 2 di8",
            "Pagina 7 di ll",
            "Pagina 2 dill",
            "Pagina 4 dil1",
            "Pagina 5 di Il",
        ] {
            assert_eq!(margin_key(text), "pagina#di#", "{text}");
        }
        assert_eq!(margin_key("Camera di Commercio"), "cameradicommercio");
    }
}
