//! Ruled rows Tesseract read across. Reading a whole page, Tesseract takes
//! a ruled row whose cells hold different numbers of lines for lines of
//! text that run across the row: it stretches a word's box over two or
//! three lines of one cell and reads garbage there ("gg" for "ESTERNA E" /
//! "QUALITÀ"), and words of the neighbouring cells join those lines and
//! are misread with them. Such a word is far taller than the page's text.
//! Where the page's rules show the row it stands in, each cell of that row
//! is cut from the page image and read on its own, as one block of lines;
//! so is a small ruled cell holding a word OCR doubted. All the cells of
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

/// A cell cut from its page's image.
#[derive(Debug, Clone)]
struct Crop {
    /// The page's index among the pages read.
    page: usize,
    /// The cell's box on the page, in points.
    cell: BBox,
    /// Where the crop starts on the page, in points, and its points per pixel.
    origin: (f32, f32),
    scale: f32,
    path: PathBuf,
}

/// Reads again the cells of the ruled rows that `pages`' OCR read across
/// (see the module's text), from the pages' renderings at `dpi`; the new
/// words go into the pages. Cells whose crops cannot be read keep their
/// first words.
pub fn read_again(pages: &mut [OcrPage], dpi: u32, engine: &dyn OcrEngine, dir: &Path) {
    let crops: Vec<Crop> = pages
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, page)| cut_page(i, page, dpi, dir))
        .collect();
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
        replace(&mut pages[crop.page].words.words, crop.cell, words.words);
    }
    for crop in &crops {
        let _ = std::fs::remove_file(&crop.path);
    }
}

/// The crops of page `index`'s cells to read again, written to `dir`.
fn cut_page(index: usize, page: &OcrPage, dpi: u32, dir: &Path) -> Vec<Crop> {
    let cells = cells_to_read(&page.words.words, &page.words.rules);
    let Some(render) = page.render.as_ref().filter(|_| !cells.is_empty()) else {
        return Vec::new();
    };
    let Some(image) = std::fs::read(render.path())
        .ok()
        .and_then(|b| Gray::parse(&b))
    else {
        return Vec::new();
    };
    let k = dpi as f32 / 72.0;
    cells
        .into_iter()
        .enumerate()
        .filter_map(|(n, cell)| {
            let (gray, (x0, y0)) = cut(&image, cell, k)?;
            let path = dir.join(format!("cell-{}-{n}.pgm", page.words.number));
            std::fs::write(&path, pgm(&gray)).ok()?;
            Some(Crop {
                page: index,
                cell,
                origin: (x0 as f32 / k, y0 as f32 / k),
                scale: 1.0 / k,
                path,
            })
        })
        .collect()
}

/// The cells of a page to read again: the ruled cells holding a word
/// read across the lines of its cell or a doubted word, in rows a few
/// lines tall, each once. Boxes in points, inside the rules.
pub(crate) fn cells_to_read(words: &[Word], rules: &[Rule]) -> Vec<BBox> {
    let letters = |w: &Word| w.text.chars().filter(|c| c.is_alphanumeric()).count();
    let Some(height) = median(
        words
            .iter()
            .filter(|w| letters(w) >= 2)
            .map(|w| w.bbox.height()),
    ) else {
        return Vec::new();
    };
    let mut cells: Vec<BBox> = Vec::new();
    for word in words.iter().filter(|w| letters(w) > 0) {
        let tall = word.bbox.height() > TALL * height;
        let doubted = word.confidence.is_some_and(|c| c < DOUBTED) && letters(word) >= 2;
        let centre = ((word.bbox.x0 + word.bbox.x1) / 2.0, word.bbox.y_mid());
        if !(tall || doubted) || cells.iter().any(|c| holds(c, centre)) {
            continue;
        }
        let row = row_cells(centre, rules, MAX_ROW_LINES * height).unwrap_or_default();
        cells.extend(row.into_iter().find(|c| holds(c, centre)));
    }
    cells
}

fn holds(cell: &BBox, (x, y): (f32, f32)) -> bool {
    cell.x0 <= x && x < cell.x1 && cell.y0 <= y && y < cell.y1
}

/// The cells of the ruled row around `point`: between the horizontal
/// rules nearest above and below it, parted by the vertical rules that
/// cross the row. None outside a ruled row, or in one taller than
/// `max_height`.
fn row_cells(point: (f32, f32), rules: &[Rule], max_height: f32) -> Option<Vec<BBox>> {
    let (x, y) = point;
    let spans_x =
        |r: &&Rule| r.axis == Axis::Horizontal && r.from - SLACK <= x && x <= r.to + SLACK;
    let horizontal = || rules.iter().filter(spans_x).map(|r| r.at);
    let top = horizontal().filter(|&at| at < y).fold(None, max)?;
    let bottom = horizontal().filter(|&at| at > y).fold(None, min)?;
    if bottom - top > max_height {
        return None;
    }
    let mut borders: Vec<f32> = rules
        .iter()
        .filter(|r| r.axis == Axis::Vertical)
        .filter(|r| r.to.min(bottom) - r.from.max(top) >= MOST_OF_ROW * (bottom - top))
        .map(|r| r.at)
        .collect();
    borders.sort_by(f32::total_cmp);
    borders.dedup_by(|a, b| (*a - *b).abs() < 2.0 * SLACK);
    let cells: Vec<BBox> = borders
        .windows(2)
        .map(|b| BBox {
            x0: b[0],
            y0: top,
            x1: b[1],
            y1: bottom,
        })
        .collect();
    cells.iter().any(|c| c.x0 <= x && x < c.x1).then_some(cells)
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
/// line).
fn replace(words: &mut Vec<Word>, cell: BBox, new: Vec<Word>) {
    if new.is_empty() {
        return;
    }
    let inside = |w: &Word| {
        let (x, y) = ((w.bbox.x0 + w.bbox.x1) / 2.0, w.bbox.y_mid());
        cell.x0 <= x && x < cell.x1 && cell.y0 <= y && y < cell.y1
    };
    let new_height = median(new.iter().map(|w| w.bbox.height())).unwrap_or(0.0);
    let old: Vec<f32> = words
        .iter()
        .filter(|w| inside(w))
        .map(|w| {
            let across = w.bbox.height() > TALL * new_height;
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
        let xs: Vec<(f32, f32, f32, f32)> =
            cells.iter().map(|c| (c.x0, c.y0, c.x1, c.y1)).collect();
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
        assert_eq!((cells[0].x0, cells[0].x1), (300.0, 400.0));
        // Confident words of normal height call for nothing.
        words.truncate(3);
        assert!(cells_to_read(&words, &table()).is_empty());
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
