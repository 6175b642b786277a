//! Ruled rows Tesseract read across. Reading a whole page, Tesseract takes
//! a ruled row whose cells hold different numbers of lines for lines of
//! text that run across the row: it stretches a word's box over two or
//! three lines of one cell and reads garbage there ("gg" for "ESTERNA E" /
//! "QUALITÀ"), and words of the neighbouring cells join those lines and
//! are misread with them. Such a word is far taller than the page's text.
//! Where the page's rules show the row it stands in, each cell of that row
//! is cut from the page image and read on its own, as one block of lines;
//! so is a small ruled cell holding a word OCR doubted. A row that only
//! horizontal rules draw (a table or scheda ruled across, not down) has
//! its cells where the white gaps between its words' columns are: there
//! a word OCR did not believe calls for its cell ("ATTESO" / "2020"
//! under "RISULTATO" read as "i“", a time frame's "2020" read as "ca"). All the cells of
//! a document are read in one Tesseract run per thread, and a cell's new
//! words replace the page's where OCR believes them more.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::image_rules::{runs, Gray};
use super::ocr::{OcrEngine, OcrPage};
use super::{median, Axis, BBox, PageWords, Rule, Word};

/// A word this many times taller than the page's text was read across
/// the lines of its cell.
const TALL: f32 = 1.6;
/// Under this confidence OCR doubted a word.
const DOUBTED: f32 = 50.0;
/// From this confidence on OCR believed a word: a tall word it believed
/// stands in a Tesseract line whose boxes a taller word (a label beside
/// two lines of its value) stretched, and was read right.
const BELIEVED: f32 = 90.0;
/// Rows are read again when at most this many lines of text tall: a
/// table's rows and a scheda's short blocks, whose cells cost little to
/// read (a long description costs as much as a page).
const MAX_ROW_LINES: f32 = 5.0;
/// Points cut off each side of a cell, inside its rules: half a rule's
/// thickness (what is left of the rules is whitened).
const INSET: f32 = 0.5;
/// Points a rule may miss a cell's corner by (a scanned rule breaks).
const SLACK: f32 = 2.0;
/// The share of a row's height a vertical rule covers to part its cells.
const MOST_OF_ROW: f32 = 0.6;

/// A cell cut from its page's image, written out to be read.
#[derive(Debug, Clone)]
pub(crate) struct Crop {
    /// The page's index among the pages read (set by [`read_again`]'s
    /// caller).
    pub(crate) page: usize,
    /// The cell on the page.
    cell: Cell,
    /// Where the crop starts on the page, in points, and its points per pixel.
    origin: (f32, f32),
    scale: f32,
    path: PathBuf,
}

/// Reads again the cells `crops` cut from `pages` (see the module's
/// text and [`cut_page`]), each at `dpi`; the new words go into the
/// pages. Cells whose crops cannot be read keep their first words.
pub(crate) fn read_again(pages: &mut [OcrPage], crops: &[Crop], dpi: u32, engine: &dyn OcrEngine) {
    if crops.is_empty() {
        return;
    }
    let share = crops.len().div_ceil(rayon::current_num_threads()).max(1);
    let read: Vec<(&Crop, PageWords)> = crops
        .par_chunks(share)
        .flat_map_iter(|chunk| {
            let paths: Vec<PathBuf> = chunk.iter().map(|c| c.path.clone()).collect();
            let words = engine.read_cells(&paths, dpi).unwrap_or_default();
            chunk.iter().zip(words).collect::<Vec<_>>()
        })
        .collect();
    for (crop, mut words) in read {
        words.words.iter_mut().for_each(|w| place(w, crop));
        if let Some(page) = pages.get_mut(crop.page) {
            replace(&mut page.words.words, crop.cell, words.words);
        }
    }
    for crop in crops {
        let _ = std::fs::remove_file(&crop.path);
    }
}

/// The crops of the cells of page `words` to read again, cut from its
/// image `image` (rendered at `dpi`) while OCR has it in memory, and
/// written to `dir`.
pub(crate) fn cut_page(words: &PageWords, image: &Gray, dpi: u32, dir: &Path) -> Vec<Crop> {
    let cells = cells_to_read(&words.words, &words.rules);
    let k = dpi as f32 / 72.0;
    cells
        .into_iter()
        .enumerate()
        .filter_map(|(n, cell)| {
            let (gray, (x0, y0)) = cut(image, cell.bbox, k)?;
            let path = dir.join(format!("cell-{}-{n}.pgm", words.number));
            std::fs::write(&path, pgm(&gray)).ok()?;
            Some(Crop {
                page: 0,
                cell,
                origin: (x0 as f32 / k, y0 as f32 / k),
                scale: 1.0 / k,
                path,
            })
        })
        .collect()
}

/// A cell to read again: its box in points, inside the rules, and
/// whether vertical rules bound it (else the gaps beside its words do).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Cell {
    pub bbox: BBox,
    pub ruled: bool,
}

/// The cells of a page to read again: the cells of ruled rows holding a
/// word read across the lines of its cell or a doubted word, in rows a
/// few lines tall, each once. Where no vertical rules part a row, its
/// cells are the runs of words between the column gaps, and only a word
/// OCR did not believe calls for its cell.
pub(crate) fn cells_to_read(words: &[Word], rules: &[Rule]) -> Vec<Cell> {
    let Some(height) = median(
        words
            .iter()
            .filter(|w| letters(w) >= 2)
            .map(|w| w.bbox.height()),
    ) else {
        return Vec::new();
    };
    let mut cells: Vec<Cell> = Vec::new();
    for word in words.iter().filter(|w| letters(w) > 0) {
        let centre = ((word.bbox.x0 + word.bbox.x1) / 2.0, word.bbox.y_mid());
        let Some(ruled) = calls_for_its_cell(word, height) else {
            continue;
        };
        if cells.iter().any(|c| holds(&c.bbox, centre)) {
            continue;
        }
        let Some(row) = row_band(centre, rules, MAX_ROW_LINES * height) else {
            continue;
        };
        let cell = match ruled_cell(&row, centre.0, rules) {
            Some(bbox) => Some(Cell { bbox, ruled: true }),
            None if !ruled => spaced_cell(&row, word, words, height, rules)
                .map(|bbox| Cell { bbox, ruled: false }),
            None => None,
        };
        cells.extend(cell);
    }
    cells
}

fn letters(w: &Word) -> usize {
    w.text.chars().filter(|c| c.is_alphanumeric()).count()
}

/// Whether `word` calls for its cell to be read again, and only if
/// vertical rules bound that cell (`Some(true)`): OCR read it across the
/// lines of its cell (it stands far taller than the page's text,
/// `height`), or doubted it: a word of two letters or more, or one letter
/// of the text's height (a capital split from the rest of its label,
/// "P" / "rogramma"; specks are smaller). A tall word OCR believed calls
/// for a ruled cell only.
fn calls_for_its_cell(word: &Word, height: f32) -> Option<bool> {
    let tall = word.bbox.height() > TALL * height;
    let sized = letters(word) >= 2 || word.bbox.height() >= 0.7 * height;
    let confidence = word.confidence.unwrap_or(100.0);
    let doubted = confidence < DOUBTED && sized;
    match (tall, doubted) {
        (_, true) => Some(false),
        (true, _) => Some(confidence >= BELIEVED),
        _ => None,
    }
}

fn holds(cell: &BBox, (x, y): (f32, f32)) -> bool {
    cell.x0 <= x && x < cell.x1 && cell.y0 <= y && y < cell.y1
}

/// A row between two horizontal rules: its top and bottom.
#[derive(Debug, Clone, Copy)]
struct Band {
    top: f32,
    bottom: f32,
}

/// The ruled row around `point`: between the horizontal rules nearest
/// above and below it. None outside a ruled row, or in one taller than
/// `max_height`.
fn row_band(point: (f32, f32), rules: &[Rule], max_height: f32) -> Option<Band> {
    let (x, y) = point;
    let spans_x =
        |r: &&Rule| r.axis == Axis::Horizontal && r.from - SLACK <= x && x <= r.to + SLACK;
    let horizontal = || rules.iter().filter(spans_x).map(|r| r.at);
    let top = horizontal().filter(|&at| at < y).fold(None, max)?;
    let bottom = horizontal().filter(|&at| at > y).fold(None, min)?;
    (bottom - top <= max_height).then_some(Band { top, bottom })
}

/// The vertical rules that part the row `band`, from the left.
fn borders(band: &Band, rules: &[Rule]) -> Vec<f32> {
    let (top, bottom) = (band.top, band.bottom);
    let mut borders: Vec<f32> = rules
        .iter()
        .filter(|r| r.axis == Axis::Vertical)
        .filter(|r| r.to.min(bottom) - r.from.max(top) >= MOST_OF_ROW * (bottom - top))
        .map(|r| r.at)
        .collect();
    borders.sort_by(f32::total_cmp);
    borders.dedup_by(|a, b| (*a - *b).abs() < 2.0 * SLACK);
    borders
}

/// The cell of the row `band` holding `x` between the vertical rules
/// that part the row; None where no two of them hold it.
fn ruled_cell(band: &Band, x: f32, rules: &[Rule]) -> Option<BBox> {
    let borders = borders(band, rules);
    let b = borders.windows(2).find(|b| b[0] <= x && x < b[1])?;
    Some(BBox {
        x0: b[0],
        y0: band.top,
        x1: b[1],
        y1: band.bottom,
    })
}

/// A column gap this many times the text's height parts the cells of a
/// row no vertical rule parts; a space between words is about half the
/// height.
const COLUMN_GAP: f32 = 1.5;

/// The cell of `word` in the row `band` that only horizontal rules draw:
/// the words of the row whose extents run into each other across gaps
/// narrower than a column's ([`COLUMN_GAP`] times the text's `height`),
/// bounded halfway into the gaps beside them, or a few heights out where
/// no word stands beside them (the vertical rules that do part the row
/// bound it too).
fn spaced_cell(
    band: &Band,
    word: &Word,
    words: &[Word],
    height: f32,
    rules: &[Rule],
) -> Option<BBox> {
    let mut spans: Vec<(f32, f32)> = words
        .iter()
        .filter(|w| letters(w) > 0 || w.text.chars().any(|c| c.is_ascii_punctuation()))
        .filter(|w| band.top < w.bbox.y_mid() && w.bbox.y_mid() < band.bottom)
        .map(|w| (w.bbox.x0, w.bbox.x1))
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut columns: Vec<(f32, f32)> = Vec::new();
    for (x0, x1) in spans {
        match columns.last_mut() {
            Some(last) if x0 - last.1 < COLUMN_GAP * height => last.1 = last.1.max(x1),
            _ => columns.push((x0, x1)),
        }
    }
    let x = (word.bbox.x0 + word.bbox.x1) / 2.0;
    let at = columns.iter().position(|c| c.0 <= x && x <= c.1)?;
    let (x0, x1) = columns[at];
    let margin = 2.0 * COLUMN_GAP * height;
    let left = at
        .checked_sub(1)
        .map_or(x0 - margin, |i| (columns[i].1 + x0) / 2.0);
    let right = columns
        .get(at + 1)
        .map_or(x1 + margin, |c| (x1 + c.0) / 2.0);
    let borders = borders(band, rules);
    let left = borders
        .iter()
        .filter(|&&b| b <= x)
        .fold(left, |l, &b| l.max(b));
    let right = borders
        .iter()
        .filter(|&&b| b > x)
        .fold(right, |r, &b| r.min(b));
    Some(BBox {
        x0: left.max(0.0),
        y0: band.top,
        x1: right,
        y1: band.bottom,
    })
}

fn max(a: Option<f32>, b: f32) -> Option<f32> {
    Some(a.map_or(b, |a| a.max(b)))
}

fn min(a: Option<f32>, b: f32) -> Option<f32> {
    Some(a.map_or(b, |a| a.min(b)))
}

/// Darker than this is ink.
const INK: u8 = 160;

/// The inside of `cell` (points; `k` pixels a point) cut from the page
/// image, what is left of its rules whitened, and where it starts in
/// pixels; None when it holds no ink.
fn cut(page: &Gray, cell: BBox, k: f32) -> Option<(Gray, (usize, usize))> {
    let px = |v: f32, limit: usize| ((v * k).round().max(0.0) as usize).min(limit);
    let (x0, y0) = (
        px(cell.x0 + INSET, page.width),
        px(cell.y0 + INSET, page.height),
    );
    let (x1, y1) = (
        px(cell.x1 - INSET, page.width),
        px(cell.y1 - INSET, page.height),
    );
    if x1 <= x0 + 4 || y1 <= y0 + 4 {
        return None;
    }
    let (w, h) = (x1 - x0, y1 - y0);
    let mut pixels: Vec<u8> = (y0..y1)
        .flat_map(|y| {
            page.pixels[y * page.width + x0..y * page.width + x1]
                .iter()
                .copied()
        })
        .collect();
    whiten_rules(&mut pixels, w, h, k);
    let ink = pixels.iter().filter(|&&v| v < INK).count();
    // Less ink than a few letters' strokes is noise.
    (ink >= 40).then_some((
        Gray {
            width: w,
            height: h,
            pixels,
        },
        (x0, y0),
    ))
}

/// The image as a binary PGM.
fn pgm(gray: &Gray) -> Vec<u8> {
    let mut out = format!("P5\n{} {}\n255\n", gray.width, gray.height).into_bytes();
    out.extend(&gray.pixels);
    out
}

/// Ink runs this long (points) are ruling lines: no glyph of text under
/// 16 pt has a stroke that long.
const RULE_LENGTH: f32 = 12.0;

/// Whitens what is left of the cell's rules: runs of ink a rule's length
/// along either axis (or four fifths of a low crop's height), with two
/// pixels either side (blur and skew widen them).
fn whiten_rules(pixels: &mut [u8], w: usize, h: usize, k: f32) {
    let long = (RULE_LENGTH * k) as usize;
    let mut erase = vec![false; w * h];
    for y in 0..h {
        let dark = (0..w).map(|x| pixels[y * w + x] < INK);
        for (start, end) in runs(dark).into_iter().filter(|r| r.1 - r.0 >= long) {
            for yy in y.saturating_sub(2)..(y + 3).min(h) {
                erase[yy * w + start..yy * w + end].fill(true);
            }
        }
    }
    for x in 0..w {
        let dark = (0..h).map(|y| pixels[y * w + x] < INK);
        let tall = long.min(4 * h / 5);
        for (start, end) in runs(dark).into_iter().filter(|r| r.1 - r.0 >= tall) {
            for xx in x.saturating_sub(2)..(x + 3).min(w) {
                (start..end).for_each(|y| erase[y * w + xx] = true);
            }
        }
    }
    for (pixel, erased) in pixels.iter_mut().zip(erase) {
        if erased {
            *pixel = 255;
        }
    }
}

/// A word read in a crop, moved from the crop's pixels to the page's points.
fn place(word: &mut Word, crop: &Crop) {
    let (ox, oy) = crop.origin;
    let s = crop.scale;
    let b = word.bbox;
    word.bbox = BBox {
        x0: ox + b.x0 * s,
        y0: oy + b.y0 * s,
        x1: ox + b.x1 * s,
        y1: oy + b.y1 * s,
    };
}

/// The page's words in `cell` replaced by `new`, the cell's words read on
/// their own, when OCR believes these at least as much: their mean
/// confidence against the old words', where a word read across lines
/// counts as unread; and, unless a word was read across lines, when they
/// hold most of the old words' letters (a cell read alone may lose a
/// line). Outside vertical rules, a tall word OCR believed was read
/// right (see [`BELIEVED`]).
fn replace(words: &mut Vec<Word>, cell: Cell, new: Vec<Word>) {
    if new.is_empty() {
        return;
    }
    let Cell { bbox: cell, ruled } = cell;
    let inside = |w: &Word| {
        let (x, y) = ((w.bbox.x0 + w.bbox.x1) / 2.0, w.bbox.y_mid());
        cell.x0 <= x && x < cell.x1 && cell.y0 <= y && y < cell.y1
    };
    let new_height = median(new.iter().map(|w| w.bbox.height())).unwrap_or(0.0);
    let old: Vec<f32> = words
        .iter()
        .filter(|w| inside(w))
        .map(|w| {
            let believed = w.confidence.is_some_and(|c| c >= BELIEVED);
            let across = w.bbox.height() > TALL * new_height && (ruled || !believed);
            if across {
                0.0
            } else {
                w.confidence.unwrap_or(0.0)
            }
        })
        .collect();
    let mean = |v: &[f32]| v.iter().sum::<f32>() / v.len().max(1) as f32;
    let fresh: Vec<f32> = new.iter().map(|w| w.confidence.unwrap_or(0.0)).collect();
    let letters = |w: &Word| w.text.chars().filter(|c| c.is_alphanumeric()).count();
    let old_letters: usize = words.iter().filter(|w| inside(w)).map(letters).sum();
    let new_letters: usize = new.iter().map(letters).sum();
    let read_across = old.contains(&0.0);
    let fewer = 5 * new_letters < 4 * old_letters;
    if !old.is_empty() && (mean(&fresh) < mean(&old) || (fewer && !read_across)) {
        return;
    }
    words.retain(|w| !inside(w));
    words.extend(new);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x0: f32, y0: f32, x1: f32, y1: f32, confidence: f32) -> Word {
        Word {
            text: text.into(),
            bbox: BBox { x0, y0, x1, y1 },
            confidence: Some(confidence),
            font_size: None,
        }
    }

    fn rule(axis: Axis, at: f32, from: f32, to: f32) -> Rule {
        Rule { axis, at, from, to }
    }

    /// A ruled row of three cells (x 100-200-300-400, y 100-136) under a
    /// header row (y 60-100), in 8 pt text.
    fn table() -> Vec<Rule> {
        let mut rules = vec![
            rule(Axis::Horizontal, 60.0, 100.0, 400.0),
            rule(Axis::Horizontal, 100.5, 100.0, 250.0),
            rule(Axis::Horizontal, 99.8, 248.0, 400.0),
            rule(Axis::Horizontal, 136.0, 100.0, 400.0),
        ];
        for x in [100.0, 200.0, 300.0, 400.0] {
            rules.push(rule(Axis::Vertical, x, 60.0, 136.0));
        }
        rules
    }

    fn body(words: &mut Vec<Word>) {
        for (i, text) in ["EFFICACIA", "NUMERICO", "ELENCO"].iter().enumerate() {
            let x = 110.0 + 100.0 * i as f32;
            words.push(word(text, x, 70.0, x + 50.0, 78.0, 96.0));
        }
    }

    #[test]
    fn words_read_across_lines_call_for_their_cell_once() {
        let mut words = Vec::new();
        body(&mut words);
        // "gg" and "liu": 14 pt tall over two lines of the middle
        // cell, whose top rule comes in two pieces at slightly different
        // heights (a scan's skew).
        words.push(word("gg", 210.0, 110.0, 240.0, 124.0, 94.0));
        words.push(word("liu", 260.0, 110.0, 290.0, 124.0, 94.0));
        words.push(word("2500", 310.0, 115.0, 330.0, 121.0, 96.0));
        let cells = cells_to_read(&words, &table());
        let xs: Vec<(f32, f32, f32, f32)> = cells
            .iter()
            .map(|c| (c.bbox.x0, c.bbox.y0, c.bbox.x1, c.bbox.y1))
            .collect();
        assert_eq!(xs, [(200.0, 100.5, 300.0, 136.0)]);
        // In a row taller than a few lines, nothing is read again.
        let mut tall_row = table();
        tall_row.retain(|r| r.at != 136.0);
        tall_row.push(rule(Axis::Horizontal, 400.0, 100.0, 400.0));
        tall_row
            .iter_mut()
            .filter(|r| r.axis == Axis::Vertical)
            .for_each(|r| r.to = 400.0);
        assert!(cells_to_read(&words, &tall_row).is_empty());
    }

    #[test]
    fn a_doubted_word_calls_for_its_own_small_cell_only() {
        let mut words = Vec::new();
        body(&mut words);
        words.push(word("ACTIROAL", 310.0, 115.0, 350.0, 121.0, 0.5));
        // Outside any ruled row: nothing to cut.
        words.push(word("Lorem", 500.0, 115.0, 530.0, 121.0, 10.0));
        let cells = cells_to_read(&words, &table());
        assert_eq!(cells.len(), 1);
        assert_eq!((cells[0].bbox.x0, cells[0].bbox.x1), (300.0, 400.0));
        // Confident words of normal height call for nothing.
        words.truncate(3);
        assert!(cells_to_read(&words, &table()).is_empty());
    }

    /// A header row under and over horizontal rules only (y 60-100), its
    /// cells set apart by white: "RISULTATO" / "ATTESO 2020" wrapped in
    /// the last one, its second and third lines read across as one
    /// doubted tall word.
    fn unruled_header() -> (Vec<Word>, Vec<Rule>) {
        let rules = vec![
            rule(Axis::Horizontal, 60.0, 40.0, 560.0),
            rule(Axis::Horizontal, 100.0, 40.0, 560.0),
        ];
        let words = vec![
            word("TIPOLOGIA", 60.0, 78.0, 110.0, 86.0, 96.0),
            word("ULTIMO", 400.0, 72.0, 430.0, 80.0, 96.0),
            word("VALORE", 433.0, 72.0, 466.0, 80.0, 96.0),
            word("OSSERVATO", 410.0, 82.0, 456.0, 90.0, 94.0),
            word("RISULTATO", 500.0, 66.0, 545.0, 74.0, 97.0),
            word("i“", 506.0, 76.0, 538.0, 92.0, 28.0),
        ];
        (words, rules)
    }

    #[test]
    fn without_vertical_rules_a_doubted_words_cell_runs_to_the_column_gaps() {
        let (mut words, rules) = unruled_header();
        let cells = cells_to_read(&words, &rules);
        assert_eq!(cells.len(), 1, "{cells:?}");
        let Cell { bbox, ruled } = cells[0];
        assert!(!ruled);
        // From halfway into the gap after "VALORE" to a margin past the
        // column's words, between the rules.
        assert_eq!((bbox.y0, bbox.y1), (60.0, 100.0));
        assert!((bbox.x0 - 483.0).abs() < 0.01, "{bbox:?}");
        assert!(bbox.x1 > 545.0 && bbox.x1 < 600.0, "{bbox:?}");
        // A tall word OCR believed calls for no cell the rules do not
        // draw: the stretched boxes of a label beside two lines.
        words.retain(|w| w.text != "i“");
        words.push(word("ATTESO", 506.0, 76.0, 538.0, 92.0, 96.0));
        assert!(cells_to_read(&words, &rules).is_empty());
        // A vertical rule between the columns bounds the cell.
        let (words, mut rules) = unruled_header();
        rules.push(rule(Axis::Vertical, 490.0, 60.0, 100.0));
        let cells = cells_to_read(&words, &rules);
        assert_eq!(cells[0].bbox.x0, 490.0);
    }

    #[test]
    fn outside_vertical_rules_believed_tall_words_are_kept_against_a_worse_reading() {
        let cell = Cell {
            bbox: BBox {
                x0: 100.0,
                y0: 100.0,
                x1: 300.0,
                y1: 140.0,
            },
            ruled: false,
        };
        // A title's words, stretched over two lines by the label beside
        // them, read right; read alone, worse.
        let mut words = vec![
            word("ATTRAVERSO", 110.0, 100.0, 160.0, 120.0, 96.0),
            word("PUNTO", 170.0, 100.0, 200.0, 120.0, 96.0),
        ];
        let before = words.clone();
        let worse = vec![
            word("IRAVERSÙ", 110.0, 104.0, 160.0, 112.0, 51.0),
            word("FUNIUÙ", 170.0, 104.0, 200.0, 112.0, 2.0),
        ];
        replace(&mut words, cell, worse.clone());
        assert_eq!(words, before);
        // Between vertical rules the same words count as read across.
        replace(
            &mut words,
            Cell {
                ruled: true,
                ..cell
            },
            worse,
        );
        assert_eq!(words[0].text, "IRAVERSÙ");
    }

    #[test]
    fn a_cells_new_words_replace_the_old_ones_when_believed_more() {
        let cell = BBox {
            x0: 100.0,
            y0: 100.0,
            x1: 200.0,
            y1: 140.0,
        };
        let outside = word("NUMERICO", 210.0, 110.0, 250.0, 116.0, 96.0);
        let mut words = vec![
            word("gg", 110.0, 105.0, 140.0, 125.0, 90.0),
            outside.clone(),
        ];
        let new = vec![
            word("ESTERNA", 110.0, 105.0, 140.0, 111.0, 96.0),
            word("QUALITÀ", 110.0, 115.0, 140.0, 121.0, 95.0),
        ];
        let cell = Cell {
            bbox: cell,
            ruled: true,
        };
        replace(&mut words, cell, new.clone());
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["NUMERICO", "ESTERNA", "QUALITÀ"]);
        // A reading OCR believes less leaves the cell as it was.
        let mut words = vec![word("2500", 110.0, 110.0, 130.0, 116.0, 96.0), outside];
        let before = words.clone();
        replace(
            &mut words,
            cell,
            vec![word("25O0", 110.0, 110.0, 130.0, 116.0, 60.0)],
        );
        assert_eq!(words, before);
    }

    #[test]
    fn a_cut_cell_keeps_its_text_and_loses_its_rules() {
        // A 100 x 60 pixel page at 72 dpi (a pixel a point): a box from
        // (10, 10) to (90, 50) and a 10 x 10 blot inside.
        let (w, h) = (100, 60);
        let mut pixels = vec![255u8; w * h];
        for x in 10..=90 {
            pixels[10 * w + x] = 0;
            pixels[12 * w + x] = 0;
            pixels[50 * w + x] = 0;
        }
        for y in 10..=50 {
            pixels[y * w + 10] = 0;
            pixels[y * w + 90] = 0;
        }
        for y in 25..35 {
            for x in 40..50 {
                pixels[y * w + x] = 0;
            }
        }
        let page = Gray {
            width: w,
            height: h,
            pixels,
        };
        let cell = BBox {
            x0: 10.0,
            y0: 10.0,
            x1: 90.0,
            y1: 50.0,
        };
        let (gray, origin) = cut(&page, cell, 1.0).expect("ink inside");
        assert_eq!(origin, (11, 11));
        let ink = gray.pixels.iter().filter(|&&v| v < INK).count();
        assert_eq!(ink, 100, "the blot alone");
    }
}
