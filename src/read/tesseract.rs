//! Tesseract's own outputs read as positioned words: TSV (`tesseract IMG
//! OUT tsv`) and hOCR (`... hocr`), one page or many per file. Users who
//! OCR'd their archive with their own settings feed these directly; the
//! OCR stage parses the same TSV from the engine.

use std::sync::LazyLock;

use regex::Regex;

use super::grid::Grid;
use super::{median, BBox, Document, PageWords, Word};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{InputFormat, PageRoute, Route};

/// The header line of Tesseract's TSV output.
pub const TSV_HEADER: &str =
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext";

/// Whether the text is Tesseract TSV.
pub fn is_tsv(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .starts_with("level\tpage_num")
}

/// Whether the text is hOCR.
pub fn is_hocr(text: &str) -> bool {
    // The first 64 KiB, cut back to a char boundary.
    let mut end = text.len().min(64 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    head.contains("ocr_page") && (head.contains("ocrx_word") || head.contains("ocr_line"))
}

/// Reads Tesseract TSV into pages of words with their confidence.
pub fn read_tsv(text: &str) -> Result<Document> {
    let pages = tsv_pages(text)?;
    Ok(document(InputFormat::OcrTsv, pages, "Tesseract TSV input"))
}

/// The pages of a TSV text; also used on the OCR engine's output.
pub fn tsv_pages(text: &str) -> Result<Vec<PageWords>> {
    let mut pages = tsv_rows(text)?;
    for (page, keys) in &mut pages {
        clean_up(page, keys);
    }
    if pages.iter().all(|(p, _)| p.words.is_empty()) {
        return Err(Error::new(ErrorKind::Empty));
    }
    Ok(pages.into_iter().map(|(page, _)| page).collect())
}

/// The pages of a TSV text as Tesseract wrote them, each with its words'
/// Tesseract lines (block, paragraph, line).
fn tsv_rows(text: &str) -> Result<Vec<(PageWords, Vec<[u32; 3]>)>> {
    let mut pages: Vec<PageWords> = Vec::new();
    // Each word's Tesseract line (block, paragraph, line), in word order.
    let mut lines: Vec<[u32; 3]> = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.splitn(12, '\t').collect();
        let bad = || {
            Error::new(ErrorKind::NotText {
                detail: format!("malformed Tesseract TSV row: {line:?}"),
            })
            .at_line(i as u32 + 1)
        };
        if cols.len() < 11 {
            return Err(bad());
        }
        let num = |k: usize| {
            cols.get(k)
                .and_then(|v| v.trim().parse::<f32>().ok())
                .ok_or_else(bad)
        };
        let (level, page) = (num(0)? as u32, num(1)? as u32);
        let (left, top, width, height, conf) = (num(6)?, num(7)?, num(8)?, num(9)?, num(10)?);
        let number = page.max(1);
        if pages.last().is_none_or(|p| p.number != number) {
            pages.push(PageWords {
                number,
                ..Default::default()
            });
        }
        let Some(current) = pages.last_mut() else {
            continue;
        };
        match level {
            1 => {
                current.width = width;
                current.height = height;
            }
            5 => {
                let text = cols.get(11).map_or("", |t| t.trim());
                if !text.is_empty() {
                    lines.push([num(2)? as u32, num(3)? as u32, num(4)? as u32]);
                    current.words.push(Word {
                        text: text.to_string(),
                        bbox: BBox {
                            x0: left,
                            y0: top,
                            x1: left + width,
                            y1: top + height,
                        },
                        confidence: (conf >= 0.0).then_some(conf),
                        font_size: None,
                    });
                }
            }
            _ => {}
        }
    }
    let mut keys = lines.into_iter();
    Ok(pages
        .into_iter()
        .map(|page| {
            let page_keys: Vec<[u32; 3]> = keys.by_ref().take(page.words.len()).collect();
            (page, page_keys)
        })
        .collect())
}

/// Tesseract's own slips on a page, judged on its boxes as they are; the
/// words they clear are dropped at the end. `keys` holds each word's
/// Tesseract line.
fn clean_up(page: &mut PageWords, keys: &[[u32; 3]]) {
    let mut ranges = Vec::new();
    let mut start = 0;
    for end in 1..=keys.len() {
        if end == keys.len() || keys[end] != keys[start] {
            ranges.push(start..end);
            start = end;
        }
    }
    clear_streaks(&mut page.words);
    clear_second_readings(&mut page.words, keys);
    join_split_words(&mut page.words, keys);
    let slope = page_slope(&page.words, &ranges);
    for range in ranges {
        bars(&mut page.words[range.clone()]);
        even_line(&mut page.words[range], slope);
    }
    page.words.retain(|w| !w.text.is_empty());
}

/// Clears the specks and streaks of scanner noise read as letters: words
/// less tall than a third of the page's text ("7" 4 px square by text
/// 25 px tall), or than half of it and half their width per letter ("is"
/// 4 px tall and 26 px wide). Letters and digits are never that small or
/// flat, even in small print, nor are tall marks (";" 3 px square); dots,
/// commas, dashes and quotes may be, and are kept. Heights are judged
/// before lines are evened.
fn clear_streaks(words: &mut [Word]) {
    const LOW_MARKS: &str = ".,-_'’‘`\"“”~=—–•*^°·";
    let tall_mark = |w: &Word| {
        w.text
            .chars()
            .any(|c| !c.is_alphanumeric() && !LOW_MARKS.contains(c))
    };
    let letters = |w: &Word| w.text.chars().filter(|c| c.is_alphanumeric()).count();
    let heights = words
        .iter()
        .filter(|w| letters(w) > 0)
        .map(|w| w.bbox.height());
    let Some(text_height) = median(heights) else {
        return;
    };
    for word in words {
        let n = letters(word);
        let height = word.bbox.height();
        let per_letter = word.bbox.width() / n.max(1) as f32;
        let speck = height < 0.3 * text_height && (n > 0 || tall_mark(word));
        let streak = n > 0 && height < 0.5 * per_letter && height < 0.5 * text_height;
        if speck || streak {
            word.text.clear();
        }
    }
}

/// Tesseract sometimes reads a stretch of text twice, as a second line
/// over the first ("pp" over "approvazione", "ella" over "della"). Words
/// of two lines never lie over each other on a page: of two that share
/// most of their height and half the narrower's width, the less
/// confident is cleared (and dropped by the caller). The word kept takes
/// the lower confidence of the two: two readings of the same ink that
/// disagree make it doubtful ("Rino" over "5,00%" had lost the minus of
/// "-5,00%"). A mark without a letter or digit over a word (";" over
/// "medi", "$" over "Accordi") is a speck, not a reading: it goes, and the
/// word stays as it was. `lines` holds each word's Tesseract line.
fn clear_second_readings(words: &mut [Word], lines: &[[u32; 3]]) {
    let boxes: Vec<BBox> = words.iter().map(|w| w.bbox).collect();
    // Words that lie over each other share area: the grid finds them.
    let grid = Grid::new(&boxes);
    let mut near = Vec::new();
    for (i, &bbox) in boxes.iter().enumerate() {
        grid.near(bbox, &mut near);
        for &j in near.iter().filter(|&&j| j > i) {
            settle_second_reading(words, i, j, lines.get(i) != lines.get(j));
        }
    }
}

/// Of words `i` and `j`, when they are of two lines and lie over each
/// other, clears the second reading as [`clear_second_readings`] says.
fn settle_second_reading(words: &mut [Word], i: usize, j: usize, other_line: bool) {
    let (a, b) = (&words[i], &words[j]);
    if !other_line || a.text.is_empty() || b.text.is_empty() || !lie_over_each_other(a.bbox, b.bbox)
    {
        return;
    }
    let reading = |w: &Word| w.text.chars().any(char::is_alphanumeric);
    match (reading(a), reading(b)) {
        (true, false) => words[j].text.clear(),
        (false, true) => words[i].text.clear(),
        (false, false) => {}
        (true, true) => {
            let (weaker, kept) = if a.confidence < b.confidence {
                (i, j)
            } else {
                (j, i)
            };
            words[kept].confidence = words[weaker].confidence;
            words[weaker].text.clear();
        }
    }
}

/// Tesseract sometimes cuts a word in two and puts the pieces on two lines
/// ("p" and "ratiche"): pieces of two lines that abut (closer than a
/// tenth of their height, far under a word space) and share most of
/// their height are one word again, as doubtful as its weaker piece.
/// Words are taken in order, each joined with the pieces after its end,
/// in order, its box growing with each.
fn join_split_words(words: &mut [Word], lines: &[[u32; 3]]) {
    let mut grid = Grid::new(&words.iter().map(|w| w.bbox).collect::<Vec<_>>());
    let mut near = Vec::new();
    for i in 0..words.len() {
        // The pieces before `next` were tried against word i already.
        let mut next = 0;
        'grown: loop {
            grid.near(piece_region(words[i].bbox), &mut near);
            for &j in &near {
                if j < next || j == i {
                    continue;
                }
                next = j + 1;
                if continues(&words[i], &words[j], lines.get(i) != lines.get(j)) {
                    join(words, i, j);
                    grid.insert(i, words[i].bbox);
                    continue 'grown;
                }
            }
            break;
        }
    }
}

/// Where a piece that [`continues`] a word of box `a` may lie: its left
/// edge within a word space of `a`'s right edge, level with `a` (widened,
/// so that rounding never leaves a piece out).
fn piece_region(a: BBox) -> BBox {
    let slack = 1.0 + 1e-4 * (a.x1.abs() + a.y1.abs());
    BBox {
        x0: a.x1 - 1.0 - slack,
        y0: a.y0 - slack,
        x1: a.x1 + 0.1 * a.height() + slack,
        y1: a.y1 + slack,
    }
}

/// Whether word `b`, of another Tesseract line, is the rest of word `a`.
fn continues(a: &Word, b: &Word, other_line: bool) -> bool {
    if !other_line || a.text.is_empty() || b.text.is_empty() {
        return false;
    }
    let lower = a.bbox.height().min(b.bbox.height());
    let gap = b.bbox.x0 - a.bbox.x1;
    let shared = a.bbox.y1.min(b.bbox.y1) - a.bbox.y0.max(b.bbox.y0);
    let ends_in_letter = a.text.chars().last().is_some_and(char::is_alphabetic);
    let starts_with_letter = b.text.chars().next().is_some_and(char::is_alphabetic);
    (-1.0..=0.1 * lower).contains(&gap)
        && shared > 0.6 * lower
        && ends_in_letter
        && starts_with_letter
}

/// Word `j`'s text joins word `i`'s, which takes its box and its doubt.
fn join(words: &mut [Word], i: usize, j: usize) {
    let (bbox, confidence) = (words[j].bbox, words[j].confidence);
    let tail = std::mem::take(&mut words[j].text);
    let a = &mut words[i];
    a.text.push_str(&tail);
    a.bbox = BBox::around([a.bbox, bbox]).unwrap_or(a.bbox);
    a.confidence = match (a.confidence, confidence) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
}

fn lie_over_each_other(a: BBox, b: BBox) -> bool {
    let shared = |a0: f32, a1: f32, b0: f32, b1: f32| a1.min(b1) - a0.max(b0);
    let narrower = a.width().min(b.width());
    let lower = a.height().min(b.height());
    shared(a.x0, a.x1, b.x0, b.x1) > 0.5 * narrower && shared(a.y0, a.y1, b.y0, b.y1) > 0.75 * lower
}

/// The bars Tesseract read as "|". A ruling line runs past the text and is
/// taller than its line's words: it is cleared (and dropped by the
/// caller). A capital "I" in a sans-serif font is the same stroke as "|":
/// a bar no taller than its line's words, a word space before a word in
/// lower case, is an "I" ("| giorni che intercorrono").
fn bars(words: &mut [Word]) {
    let heights = words
        .iter()
        .filter(|w| w.text != "|" && !w.text.is_empty())
        .map(|w| w.bbox.height());
    let Some(height) = median(heights) else {
        return;
    };
    for i in 0..words.len() {
        if words[i].text == "|" && words[i].bbox.height() > 1.2 * height {
            words[i].text.clear();
            continue;
        }
        let Some(next) = words.get(i + 1) else {
            break;
        };
        let bar = &words[i];
        let gap = next.bbox.x0 - bar.bbox.x1;
        let is_i = bar.text == "|"
            && (0.0..=height).contains(&gap)
            && next.text.starts_with(|c: char| c.is_lowercase());
        if is_i {
            words[i].text = "I".to_string();
        }
    }
}

/// The slope of a page's text lines: the median of its long lines' own
/// slopes (least squares over word centres), 0 without long lines.
fn page_slope(words: &[Word], lines: &[std::ops::Range<usize>]) -> f32 {
    let slopes = lines
        .iter()
        .filter(|r| r.len() >= 4)
        .filter_map(|r| fitted_slope(&words[r.clone()]));
    median(slopes).unwrap_or(0.0)
}

fn fitted_slope(words: &[Word]) -> Option<f32> {
    let n = words.len() as f32;
    let xs = words.iter().map(|w| (w.bbox.x0 + w.bbox.x1) / 2.0);
    let ys = words.iter().map(|w| w.bbox.y_mid());
    let (mx, my) = (xs.clone().sum::<f32>() / n, ys.clone().sum::<f32>() / n);
    let sxx: f32 = xs.clone().map(|x| (x - mx) * (x - mx)).sum();
    let sxy: f32 = xs.zip(ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    (sxx > 0.0).then(|| sxy / sxx).filter(|s| s.abs() < 0.1)
}

/// Gives the words of one Tesseract line a common top and bottom when they
/// form one row of text. Ink boxes differ with ascenders and descenders
/// ("Servizi" reaches higher than "e generali"), enough to split a line or
/// merge two wrapped ones downstream. On a page scanned askew the row
/// keeps the page's `slope`, so that deskewing later straightens it
/// rather than tilting a flattened row into its neighbour. A "line" that
/// spans cells at different heights (a fifth taller than its tallest word,
/// slope aside) is left alone. A box OCR stretched over the line above or
/// below (an "e" 40 px tall among words of 23) takes the row's height and
/// does not give it: a row as tall as two would merge with its neighbour.
fn even_line(words: &mut [Word], slope: f32) {
    let level = |w: &Word| slope * (w.bbox.x0 + w.bbox.x1) / 2.0;
    let typical = median(words.iter().map(|w| w.bbox.y1 - w.bbox.y0));
    let measured = || {
        words
            .iter()
            .filter(move |w| typical.is_none_or(|t| w.bbox.y1 - w.bbox.y0 <= STRETCHED * t))
    };
    let top = measured()
        .map(|w| w.bbox.y0 - level(w))
        .fold(f32::INFINITY, f32::min);
    let bottom = measured()
        .map(|w| w.bbox.y1 - level(w))
        .fold(f32::NEG_INFINITY, f32::max);
    let tallest = measured()
        .map(|w| w.bbox.y1 - w.bbox.y0)
        .fold(0.0f32, f32::max);
    if words.is_empty() || bottom - top > 1.2 * tallest {
        return;
    }
    for w in words {
        let shift = level(w);
        w.bbox.y0 = top + shift;
        w.bbox.y1 = bottom + shift;
    }
}

/// A word's box more than this many times the median of its line's is
/// stretched over a neighbouring line.
const STRETCHED: f32 = 1.5;

static PAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<div[^>]*class=['"]ocr_page['"][^>]*title=(?:'([^']*)'|"([^"]*)")"#)
        .expect("valid regex")
});
static WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?s)<span[^>]*class=['"]ocrx_word['"][^>]*title=(?:'([^']*)'|"([^"]*)")[^>]*>(.*?)</span>"#)
        .expect("valid regex")
});
static BBOX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"bbox\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)").expect("valid regex")
});
static WCONF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"x_wconf\s+(-?\d+(?:\.\d+)?)").expect("valid regex"));
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").expect("valid regex"));

/// Reads hOCR into pages of words with their confidence.
pub fn read_hocr(text: &str) -> Result<Document> {
    let starts: Vec<(usize, BBox)> = PAGE
        .captures_iter(text)
        .filter_map(|c| {
            Some((
                c.get(0)?.start(),
                bbox(c.get(1).or_else(|| c.get(2))?.as_str())?,
            ))
        })
        .collect();
    let mut pages: Vec<PageWords> = starts
        .iter()
        .enumerate()
        .map(|(i, (_, b))| PageWords {
            number: i as u32 + 1,
            width: b.x1,
            height: b.y1,
            words: Vec::new(),
            scanned: false,
            rules: Vec::new(),
        })
        .collect();
    for c in WORD.captures_iter(text) {
        let (Some(all), Some(title), Some(inner)) =
            (c.get(0), c.get(1).or_else(|| c.get(2)), c.get(3))
        else {
            continue;
        };
        let Some(b) = bbox(title.as_str()) else {
            continue;
        };
        let word = unescape(&TAG.replace_all(inner.as_str(), ""));
        if word.trim().is_empty() {
            continue;
        }
        let index = starts
            .iter()
            .rposition(|(at, _)| *at < all.start())
            .unwrap_or(0);
        let confidence = WCONF
            .captures(title.as_str())
            .and_then(|w| w.get(1)?.as_str().parse().ok());
        if let Some(page) = pages.get_mut(index) {
            page.words.push(Word {
                text: word.trim().to_string(),
                bbox: b,
                confidence,
                font_size: None,
            });
        }
    }
    if pages.iter().all(|p| p.words.is_empty()) {
        return Err(Error::new(ErrorKind::Empty));
    }
    Ok(document(InputFormat::Hocr, pages, "Tesseract hOCR input"))
}

fn bbox(title: &str) -> Option<BBox> {
    let c = BBOX.captures(title)?;
    let n = |i| c.get(i)?.as_str().parse::<f32>().ok();
    Some(BBox {
        x0: n(1)?,
        y0: n(2)?,
        x1: n(3)?,
        y1: n(4)?,
    })
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn document(format: InputFormat, pages: Vec<PageWords>, reason: &str) -> Document {
    let routes = pages
        .iter()
        .map(|p| PageRoute {
            page: p.number,
            route: Route::Ocr,
            reason: reason.to_string(),
        })
        .collect();
    Document::new(format, pages, routes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tsv_words_boxes_and_confidence() {
        let tsv = format!(
            "{TSV_HEADER}\n1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t\n\
             5\t1\t1\t1\t1\t1\t100\t200\t80\t30\t96.5\tMissione\n\
             5\t1\t1\t1\t1\t2\t190\t200\t40\t30\t91\t011\n\
             4\t1\t1\t1\t2\t0\t100\t260\t300\t30\t-1\t\n\
             1\t2\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t\n\
             5\t2\t1\t1\t1\t1\t100\t200\t80\t30\t12\tTitalo\n"
        );
        let doc = read_tsv(&tsv).expect("valid TSV");
        assert_eq!(doc.format, InputFormat::OcrTsv);
        assert_eq!(doc.pages.len(), 2);
        let w = &doc.pages[0].words[1];
        assert_eq!(
            (w.text.as_str(), w.bbox.x0, w.bbox.x1, w.confidence),
            ("011", 190.0, 230.0, Some(91.0))
        );
        assert_eq!(doc.pages[0].width, 2480.0);
        assert_eq!(doc.pages[1].words[0].text, "Titalo");
        assert!(read_tsv(&format!("{TSV_HEADER}\nnot\ta row")).is_err());
        assert!(read_tsv(TSV_HEADER).is_err());
    }

    #[test]
    fn words_of_one_text_line_share_its_height() {
        // Line 1: "Servizi" (capital) and "e" (x-height only), one row.
        // Line 2: two cells at different heights that Tesseract put on
        // one line: left alone.
        let tsv = format!(
            "{TSV_HEADER}\n1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t\n\
             5\t1\t1\t1\t1\t1\t100\t200\t90\t30\t96\tServizi\n\
             5\t1\t1\t1\t1\t2\t200\t208\t15\t22\t95\te\n\
             5\t1\t1\t1\t2\t1\t100\t300\t90\t30\t96\tEFFICACIA\n\
             5\t1\t1\t1\t2\t2\t400\t330\t90\t30\t96\tNUMERICO\n"
        );
        let doc = read_tsv(&tsv).expect("valid TSV");
        let boxes: Vec<(f32, f32)> = doc.pages[0]
            .words
            .iter()
            .map(|w| (w.bbox.y0, w.bbox.y1))
            .collect();
        assert_eq!(
            boxes,
            [
                (200.0, 230.0),
                (200.0, 230.0),
                (300.0, 330.0),
                (330.0, 360.0)
            ]
        );
    }

    #[test]
    fn a_box_stretched_over_two_lines_does_not_make_its_line_as_tall() {
        // Two lines 38 px apart of words 23 px tall, each with one glyph
        // OCR boxed 40 and 44 px tall (reaching into the other line), as on
        // DEV scan 133's resources: each line keeps its words' height.
        let mut tsv = format!("{TSV_HEADER}\n1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t\n");
        for (line, y, tall_top, tall) in [(1, 684, 680, 40), (2, 722, 718, 44)] {
            for i in 0..5 {
                let (top, height) = if i == 3 { (tall_top, tall) } else { (y, 23) };
                let x = 1000 + 120 * i;
                tsv.push_str(&format!(
                    "5\t1\t1\t1\t{line}\t{i}\t{x}\t{top}\t100\t{height}\t96\tvoce{i}\n"
                ));
            }
        }
        let doc = read_tsv(&tsv).expect("valid TSV");
        let boxes: Vec<(f32, f32)> = doc.pages[0]
            .words
            .iter()
            .map(|w| (w.bbox.y0, w.bbox.y1))
            .collect();
        // Evened to the words' height, not the stretched box's (40, 44);
        // the fitted slope tilts each row a little.
        for (y0, y1) in &boxes {
            assert!(y1 - y0 < 30.0, "{boxes:?}");
        }
        let first_bottom = boxes[..5].iter().map(|b| b.1).fold(0.0f32, f32::max);
        let second_top = boxes[5..].iter().map(|b| b.0).fold(f32::MAX, f32::min);
        assert!(first_bottom < second_top, "{boxes:?}");
    }

    #[test]
    fn on_a_page_scanned_askew_a_line_keeps_its_slope() {
        // Four words each 10 px lower than the one 200 px to their left
        // (slope 0.05), with a capital and an x-height word on line 2.
        let mut tsv = format!("{TSV_HEADER}\n1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t\n");
        for (line, y) in [(1, 200), (2, 300)] {
            for i in 0..4 {
                let (x, top) = (100 + 200 * i, y + 10 * i);
                let (top, height) = if line == 2 && i == 1 {
                    (top + 8, 22)
                } else {
                    (top, 30)
                };
                tsv.push_str(&format!(
                    "5\t1\t1\t1\t{line}\t{i}\t{x}\t{top}\t90\t{height}\t96\tvoce{i}\n"
                ));
            }
        }
        let doc = read_tsv(&tsv).expect("valid TSV");
        let words = &doc.pages[0].words;
        // Line 2's x-height word is evened with its line, slope kept.
        assert_eq!((words[5].bbox.y0, words[5].bbox.y1), (310.0, 340.0));
        for pair in words
            .windows(2)
            .filter(|p| p[0].bbox.y0 < 290.0 || p[1].bbox.y0 > 290.0)
        {
            if pair[1].bbox.x0 > pair[0].bbox.x0 {
                assert_eq!(pair[1].bbox.y0 - pair[0].bbox.y0, 10.0);
            }
        }
    }

    #[test]
    fn bars_of_text_height_are_capital_is_and_taller_ones_ruling_lines() {
        // "Cosa misura | giorni" with the text's height, then a ruling line
        // twice as tall before "nuova", which is dropped.
        let tsv = format!(
            "{TSV_HEADER}\n1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t\n\
             5\t1\t1\t1\t1\t1\t100\t200\t80\t26\t96\tCosa\n\
             5\t1\t1\t1\t1\t2\t200\t200\t106\t26\t96\tmisura\n\
             5\t1\t1\t1\t1\t3\t400\t201\t4\t25\t93\t|\n\
             5\t1\t1\t1\t1\t4\t416\t201\t79\t32\t96\tgiorni\n\
             5\t1\t1\t1\t1\t5\t600\t185\t4\t58\t93\t|\n\
             5\t1\t1\t1\t1\t6\t616\t201\t80\t26\t96\tnuova\n"
        );
        let doc = read_tsv(&tsv).expect("valid TSV");
        let texts: Vec<&str> = doc.pages[0].words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["Cosa", "misura", "I", "giorni", "nuova"]);
    }

    #[test]
    fn specks_and_second_readings_are_dropped_and_split_words_joined() {
        // Line 1: "approvazione della", a streak read as "is", specks read
        // as "7" and ";", a full stop, and the "n" of "nuova"; line 2 reads
        // "della" again over line 1's, less confidently; line 3 is the next
        // text line, its box reaching a third into line 1's; line 4 holds
        // the rest of "nuova", cut off by Tesseract; line 5 a speck over
        // "della", read confidently as ";".
        let tsv = format!(
            "{TSV_HEADER}\n1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t\n\
             5\t1\t1\t1\t1\t1\t100\t200\t212\t24\t96\tapprovazione\n\
             5\t1\t1\t1\t1\t2\t330\t200\t60\t24\t96\tdella\n\
             5\t1\t1\t1\t1\t3\t420\t200\t26\t4\t55\tis\n\
             5\t1\t1\t1\t1\t4\t460\t200\t4\t4\t74\t7\n\
             5\t1\t1\t1\t1\t5\t470\t200\t3\t3\t90\t;\n\
             5\t1\t1\t1\t1\t6\t476\t220\t4\t4\t90\t.\n\
             5\t1\t1\t1\t2\t1\t322\t203\t48\t19\t61\tella\n\
             5\t1\t1\t1\t3\t1\t120\t216\t150\t58\t96\tpagamento\n\
             5\t1\t1\t1\t1\t5\t500\t200\t16\t24\t70\tn\n\
             5\t1\t1\t1\t4\t1\t518\t202\t60\t22\t90\tuova\n\
             5\t1\t1\t1\t5\t1\t340\t205\t10\t15\t99\t;\n"
        );
        let doc = read_tsv(&tsv).expect("valid TSV");
        let words = &doc.pages[0].words;
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["approvazione", "della", ".", "pagamento", "nuova"]);
        assert_eq!(words[1].confidence, Some(61.0), "the doubt is kept");
        assert_eq!(words[4].confidence, Some(70.0));
        assert_eq!((words[4].bbox.x0, words[4].bbox.x1), (500.0, 578.0));
    }

    /// The clean-up as it was, trying every pair of a page's words with
    /// the same pair rules: the reference for the pairs the grid picks.
    mod pairwise {
        use super::super::{continues, join, settle_second_reading};
        use crate::read::Word;

        pub fn clear_second_readings(words: &mut [Word], lines: &[[u32; 3]]) {
            for i in 0..words.len() {
                for j in i + 1..words.len() {
                    settle_second_reading(words, i, j, lines.get(i) != lines.get(j));
                }
            }
        }

        pub fn join_split_words(words: &mut [Word], lines: &[[u32; 3]]) {
            for i in 0..words.len() {
                for j in 0..words.len() {
                    if i != j && continues(&words[i], &words[j], lines.get(i) != lines.get(j)) {
                        join(words, i, j);
                    }
                }
            }
        }
    }

    /// The words of each page after the clean-up's pair steps, by the
    /// grid and pairwise.
    fn both_ways(tsv: &str) -> Vec<(Vec<Word>, Vec<Word>)> {
        let pages = tsv_rows(tsv).expect("valid TSV");
        pages
            .into_iter()
            .map(|(page, keys)| {
                let mut words = page.words;
                clear_streaks(&mut words);
                let mut reference = words.clone();
                clear_second_readings(&mut words, &keys);
                join_split_words(&mut words, &keys);
                pairwise::clear_second_readings(&mut reference, &keys);
                pairwise::join_split_words(&mut reference, &keys);
                (words, reference)
            })
            .collect()
    }

    /// Pages Tesseract read (a generated scan's and an outside scan's,
    /// rendered at 300 dpi as pira renders them) come out the same.
    #[test]
    fn the_grid_finds_what_comparing_every_pair_found_on_real_tsv() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/tsv");
        let mut pages = 0;
        for entry in std::fs::read_dir(dir).expect("fixtures/tsv") {
            let path = entry.expect("an entry").path();
            let tsv = std::fs::read_to_string(&path).expect("a TSV file");
            for (words, reference) in both_ways(&tsv) {
                assert!(words.len() > 100, "{}", path.display());
                assert_eq!(words, reference, "{}", path.display());
                pages += 1;
            }
        }
        assert_eq!(pages, 2);
    }

    #[test]
    fn the_grid_finds_what_comparing_every_pair_found_on_crowded_pages() {
        // Words dropped on a small page (so they overlap, abut and cross
        // lines), with odd boxes among them.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let mut slips = 0;
        for round in 0..200 {
            let mut tsv = format!("{TSV_HEADER}\n1\t1\t0\t0\t0\t0\t0\t0\t400\t300\t-1\t\n");
            for i in 0..120 {
                let (x, y) = (next(400), next(300));
                let (w, h) = (next(60) as i64 - 2, 8 + next(20) as i64);
                let text = ["della", "p", "ratiche", ";", "7", "nuova", "|"][next(7) as usize];
                let line = next(6);
                tsv.push_str(&format!(
                    "5\t1\t1\t1\t{line}\t{i}\t{x}\t{y}\t{w}\t{h}\t{}\t{text}\n",
                    next(100)
                ));
            }
            for (words, reference) in both_ways(&tsv) {
                assert_eq!(words, reference, "round {round}");
                let joined = words.iter().filter(|w| w.text.contains("pratiche"));
                slips += joined.count() + words.iter().filter(|w| w.text.is_empty()).count();
            }
        }
        assert!(slips > 1000, "the pages hold slips to clean up: {slips}");
    }

    #[test]
    fn reads_hocr_words_across_pages() {
        let hocr = r#"<html><body>
<div class='ocr_page' id='page_1' title='image "a.png"; bbox 0 0 2480 3508; ppageno 0'>
 <span class='ocr_line' title="bbox 1 2 3 4"><span class='ocrx_word' id='word_1_1' title='bbox 36 92 96 116; x_wconf 96'>Unit&agrave;</span>
 <span class='ocrx_word' id='word_1_2' title='bbox 100 92 160 116; x_wconf 40'><strong>R&amp;D</strong></span></span>
</div>
<div class='ocr_page' id='page_2' title='image "b.png"; bbox 0 0 2480 3508; ppageno 1'>
 <span class='ocrx_word' id='word_2_1' title='bbox 10 20 30 40; x_wconf 88'>Titolo</span>
</div></body></html>"#;
        assert!(is_hocr(hocr));
        let doc = read_hocr(hocr).expect("valid hOCR");
        assert_eq!(doc.pages.len(), 2);
        let texts: Vec<&str> = doc.pages[0].words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["Unit&agrave;", "R&D"]);
        assert_eq!(doc.pages[0].words[1].confidence, Some(40.0));
        assert_eq!(doc.pages[1].words[0].bbox.x1, 30.0);
    }
}
