//! Spaces OCR lost inside a word, found in the page image. Tesseract
//! weighs a gap between glyphs against its dictionary: "MESSI A" printed
//! with a plain space comes back as the word "MESSIA", "PER LA" as
//! "PERLA", real words that no later check can tell from the text. The
//! image still shows the space: a blank across the whole word box as wide
//! as the line's word spaces, where glyphs of one word part by much less.
//! Such a word is cut in two at the blank.
//!
//! Measured on generated 300 dpi scans and the outside-a scan (201 dpi):
//! the blanks between the glyphs of one word reach 0.29 of the text's
//! height, word spaces start at 0.34, lost spaces stood at 0.54. The
//! height is the word's box, or the page's usual word height where the
//! box is lower (a word of small letters alone, "anno", has a short box
//! and relatively wide blanks). Where the glyphs before the blank do not
//! count as many letters as the text puts there (give or take the letter
//! widths' spread), or more than one blank is that wide, or its box runs
//! into another word's, the word is left as read. A cut that was wrong
//! leaves a piece that is no word, which the text's mending joins again
//! (`normalize::text`, "TE MPI").
//!
//! The other way round, OCR puts a space where the image shows none:
//! "FINANZIAMENTI" read "FINANZIA MENTI" (DEV scan 189), two real words
//! that no check of the text tells from one. Between the two words' ink
//! the image shows a blank as narrow as one between glyphs (0.24 of the
//! height there), where word spaces start at 0.34; two such words that
//! make an Italian word together are joined ([`join_glyph_gaps`]). The
//! boxes OCR gives are no measure: its box of "FINANZIA" ended short of
//! the A's foot, a gap of 0.53.

use super::image_rules::{runs, Gray};
use super::Word;

/// A blank inside a word at least this share of the text's height wide
/// is a word space.
const SPACE_SHARE: f32 = 0.42;
/// Blanks narrower than this share of the height are gaps inside a glyph
/// or noise, not between glyphs, when glyphs are counted.
const GLYPH_GAP_SHARE: f32 = 0.06;
/// Darker than this is ink.
const INK: u8 = 128;
/// Letters a word needs before it is looked at.
const MIN_LETTERS: usize = 3;
/// Under this OCR confidence a word is not cut: a space the dictionary
/// took in makes a word Tesseract believes ("MESSIA" at 93), and a blank
/// inside a word it doubts is more likely garbage read from marks ("€ -"
/// read "Ria" at 51, DEV card scan 156, whose cut parted a budget line).
const MIN_CONFIDENCE: f32 = 80.0;
/// A blank between two words' ink narrower than this share of the text's
/// height lies between glyphs of one word (capitals' word spaces measured
/// 0.36 and more, the blank inside "FINANZIAMENTI" 0.24).
const GLYPH_SHARE: f32 = 0.31;
/// Under this many pixels of height a word's blanks are not measured.
const MIN_HEIGHT_PX: f32 = 8.0;

/// Cuts each OCR'd word of letters at a blank as wide as a word space in
/// `gray`, the page rendered at `dpi`; `words` are in the page's points.
pub(crate) fn split_lost_spaces(words: &mut Vec<Word>, gray: &Gray, dpi: u32) {
    let px = dpi as f32 / 72.0;
    let usual = usual_height(words);
    let crowded: Vec<bool> = (0..words.len()).map(|i| overlaps(words, i)).collect();
    let mut out = Vec::with_capacity(words.len());
    for (word, crowded) in words.drain(..).zip(crowded) {
        match (!crowded).then(|| split(&word, gray, px, usual)).flatten() {
            Some((left, right)) => out.extend([left, right]),
            None => out.push(word),
        }
    }
    *words = out;
}

/// Joins each two OCR'd words of capitals, side by side on a row, whose
/// ink the image parts by less than [`GLYPH_SHARE`] of the text's height
/// and that make a word `known` (folded) together: one word OCR put a
/// space in.
pub(crate) fn join_glyph_gaps(
    words: &mut Vec<Word>,
    gray: &Gray,
    dpi: u32,
    known: impl Fn(&str) -> bool,
) {
    let px = dpi as f32 / 72.0;
    let usual = usual_height(words);
    let mut i = 1;
    while i < words.len() {
        let (a, b) = (&words[i - 1], &words[i]);
        let whole = format!("{}{}", a.text, b.text);
        let one = pieces(a, b)
            && blank_between(a, b, gray, px).is_some_and(|blank| {
                blank < GLYPH_SHARE * a.bbox.height().max(b.bbox.height()).max(usual) * px
            })
            && known(&crate::vocab::fold(&whole));
        if one {
            let b = words.remove(i);
            let a = &mut words[i - 1];
            a.text = whole;
            a.bbox.x1 = a.bbox.x1.max(b.bbox.x1);
            a.bbox.y0 = a.bbox.y0.min(b.bbox.y0);
            a.bbox.y1 = a.bbox.y1.max(b.bbox.y1);
            a.confidence = a.confidence.zip(b.confidence).map(|(p, q)| p.min(q));
        } else {
            i += 1;
        }
    }
}

/// Whether `a` and `b` may be pieces of one word: OCR'd words of capital
/// letters side by side on a row. Small letters are left: running text
/// sets its word spaces tighter ("per la" parted by 0.23 of the height on
/// DEV scans 120-215, where capitals' spaces were never under 0.36).
fn pieces(a: &Word, b: &Word) -> bool {
    let capitals = |w: &Word| w.text.chars().count() >= 2 && w.text.chars().all(char::is_uppercase);
    let height = a.bbox.height().max(b.bbox.height());
    let same_row = (a.bbox.y_mid() - b.bbox.y_mid()).abs() < height / 2.0;
    a.confidence.is_some()
        && b.confidence.is_some()
        && capitals(a)
        && capitals(b)
        && same_row
        && b.bbox.x0 > a.bbox.x0
}

/// The width (px) of the blank between the ink of `a` and of `b` in
/// `gray`, over the rows both cover: the run of blank columns round the
/// middle of the gap between their boxes (none where ink stands there).
fn blank_between(a: &Word, b: &Word, gray: &Gray, px: f32) -> Option<f32> {
    let clamp = |v: f32, most: usize| (v.max(0.0) as usize).min(most);
    let (y0, y1) = (
        clamp(a.bbox.y0.min(b.bbox.y0) * px, gray.height),
        clamp((a.bbox.y1.max(b.bbox.y1) * px).ceil(), gray.height),
    );
    let (x0, x1) = (
        clamp(a.bbox.x0 * px, gray.width),
        clamp((b.bbox.x1 * px).ceil(), gray.width),
    );
    if y1 <= y0 || x1 <= x0 + 2 {
        return None;
    }
    let blank = |x: usize| (y0..y1).all(|y| gray.pixels[y * gray.width + x] >= INK);
    let middle = clamp((a.bbox.x1 + b.bbox.x0) / 2.0 * px, gray.width - 1).clamp(x0, x1 - 1);
    if !blank(middle) {
        return Some(0.0);
    }
    let left = (x0..middle).rev().find(|&x| !blank(x))?;
    let right = (middle..x1).find(|&x| !blank(x))?;
    Some((right - left - 1) as f32)
}

/// The page's usual height of a word of letters (its median).
fn usual_height(words: &[Word]) -> f32 {
    let mut heights: Vec<f32> = words
        .iter()
        .filter(|w| w.text.chars().any(char::is_alphabetic))
        .map(|w| w.bbox.height())
        .collect();
    heights.sort_by(f32::total_cmp);
    heights.get(heights.len() / 2).copied().unwrap_or(0.0)
}

/// Whether word `i`'s box runs into another word's: its blanks may be the
/// spaces around that word ("Pagina" boxed over "Pagina 1 di 2").
fn overlaps(words: &[Word], i: usize) -> bool {
    let a = &words[i].bbox;
    words.iter().enumerate().any(|(j, w)| {
        let b = &w.bbox;
        j != i && b.x0 < a.x1 && b.x1 > a.x0 && b.y0 < a.y1 && b.y1 > a.y0
    })
}

/// The two words `word` is, where its image shows one word space inside.
fn split(word: &Word, gray: &Gray, px: f32, usual: f32) -> Option<(Word, Word)> {
    let letters: Vec<char> = word.text.chars().collect();
    let in_word = |c: &char| c.is_alphabetic() || matches!(c, '/' | '-' | '\'' | '’');
    if letters.iter().filter(|c| c.is_alphabetic()).count() < MIN_LETTERS
        || word.confidence.is_none_or(|c| c < MIN_CONFIDENCE)
        || !letters.iter().all(in_word)
    {
        return None;
    }
    let height = word.bbox.height().max(usual) * px;
    let clamp = |v: f32, most: usize| (v.max(0.0) as usize).min(most);
    let (x0, x1) = (
        clamp(word.bbox.x0 * px, gray.width),
        clamp((word.bbox.x1 * px).ceil(), gray.width),
    );
    let (y0, y1) = (
        clamp(word.bbox.y0 * px, gray.height),
        clamp((word.bbox.y1 * px).ceil(), gray.height),
    );
    if word.bbox.height() * px < MIN_HEIGHT_PX || x1 <= x0 + 2 || y1 <= y0 {
        return None;
    }
    let ink: Vec<bool> = (x0..x1)
        .map(|x| (y0..y1).any(|y| gray.pixels[y * gray.width + x] < INK))
        .collect();
    let first = ink.iter().position(|&d| d)?;
    let last = ink.iter().rposition(|&d| d)?;
    let inside = &ink[first..=last];
    let blanks = runs(inside.iter().map(|d| !d));
    let wide = |b: &&(usize, usize)| (b.1 - b.0) as f32 >= SPACE_SHARE * height;
    let mut spaces = blanks.iter().filter(wide);
    let (&(gap_start, gap_end), None) = (spaces.next()?, spaces.next()) else {
        return None;
    };
    let glyphs = glyphs(&inside[..gap_start], GLYPH_GAP_SHARE * height);
    let share = (gap_start + gap_end) as f32 / 2.0 / inside.len() as f32;
    let estimate = letters.len() as f32 * share;
    let between_letters = glyphs > 0
        && glyphs < letters.len()
        && letters[glyphs - 1].is_alphabetic()
        && letters[glyphs].is_alphabetic();
    if !between_letters || (glyphs as f32 - estimate).abs() > 1.0 {
        return None;
    }
    let at_px = |i: usize| (x0 + first + i) as f32 / px;
    let mut left = word.clone();
    let mut right = word.clone();
    left.text = letters[..glyphs].iter().collect();
    right.text = letters[glyphs..].iter().collect();
    left.bbox.x1 = at_px(gap_start);
    right.bbox.x0 = at_px(gap_end);
    Some((left, right))
}

/// How many glyphs a stretch of columns shows: runs of ink, blanks
/// narrower than `joined` (px) inside one glyph or noise not parting them.
fn glyphs(ink: &[bool], joined: f32) -> usize {
    let blanks = runs(ink.iter().map(|d| !d));
    let parting = blanks
        .iter()
        .filter(|&&(s, e)| s > 0 && e < ink.len() && (e - s) as f32 >= joined.max(1.5))
        .count();
    usize::from(ink.iter().any(|&d| d)) + parting
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::BBox;

    /// A white image with dark columns `[from, to)` across rows 10..40.
    fn page(strokes: &[(usize, usize)]) -> Gray {
        let (width, height) = (400, 60);
        let mut pixels = vec![255u8; width * height];
        for &(from, to) in strokes {
            for y in 10..40 {
                for x in from..to {
                    pixels[y * width + x] = 0;
                }
            }
        }
        Gray {
            width,
            height,
            pixels,
        }
    }

    /// A word OCR read over pixels `x0..x1`, rows 10..40, at 72 dpi (a
    /// pixel a point).
    fn word(text: &str, x0: f32, x1: f32) -> Word {
        Word {
            text: text.into(),
            bbox: BBox {
                x0,
                y0: 10.0,
                x1,
                y1: 40.0,
            },
            confidence: Some(93.0),
            font_size: None,
        }
    }

    /// Six glyphs 16 px wide, 5 px apart, the last after `space` px.
    fn glyph_row(space: usize) -> Vec<(usize, usize)> {
        let mut at = 10;
        let mut out = Vec::new();
        for i in 0..6 {
            if i == 5 {
                at += space - 5;
            }
            out.push((at, at + 16));
            at += 21;
        }
        out
    }

    #[test]
    fn a_word_space_inside_a_word_cuts_it() {
        // "MESSIA" whose image shows "MESSI A" (DEV kpi-table scans 198,
        // 205: a blank of 0.54 of the height between I and A).
        let strokes = glyph_row(16);
        let gray = page(&strokes);
        let end = strokes[5].1 as f32;
        let mut words = vec![
            word("MESSIA", 10.0, end),
            word("DISPOSIZIONE", 200.0, 390.0),
        ];
        split_lost_spaces(&mut words, &gray, 72);
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["MESSI", "A", "DISPOSIZIONE"]);
        assert_eq!(words[0].bbox.x1, strokes[4].1 as f32);
        assert_eq!(words[1].bbox.x0, strokes[5].0 as f32);
        // Within a token of words and a slash ("FORMATIVI/INFORMATIVIA").
        let mut words = vec![word("I/MESSIA", 10.0, end)];
        let mut strokes = glyph_row(16);
        strokes.insert(0, (0, 4));
        strokes.insert(1, (6, 8));
        let gray = page(&strokes);
        words[0].bbox.x0 = 0.0;
        split_lost_spaces(&mut words, &gray, 72);
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["I/MESSI", "A"]);
    }

    #[test]
    fn glyphs_a_letter_gap_apart_stay_one_word() {
        // Blanks of 0.27 of the height: a word's own letters.
        let strokes = glyph_row(8);
        let gray = page(&strokes);
        let end = strokes[5].1 as f32;
        let mut words = vec![word("MESSIA", 10.0, end)];
        split_lost_spaces(&mut words, &gray, 72);
        assert_eq!(words.len(), 1);
    }

    #[test]
    fn a_blank_where_the_text_has_no_letter_boundary_is_left_alone() {
        let strokes = glyph_row(16);
        let gray = page(&strokes);
        let end = strokes[5].1 as f32;
        // Five glyphs before the blank, but the text says two letters
        // would stand there ("AB" of "ABCDEFGHIJKLMNOPQ"): no cut.
        let mut words = vec![word("ABCDEFGHIJKLMNOPQ", 10.0, end)];
        split_lost_spaces(&mut words, &gray, 72);
        assert_eq!(words.len(), 1);
        // Digits, and words read without a confidence (a text layer).
        let mut words = vec![word("123456", 10.0, end)];
        split_lost_spaces(&mut words, &gray, 72);
        assert_eq!(words.len(), 1);
        // A box over its neighbour's: the blank may be the space before it.
        let mut words = vec![
            word("MESSIA", 10.0, end),
            word("A", strokes[5].0 as f32, end),
        ];
        split_lost_spaces(&mut words, &gray, 72);
        assert_eq!(words.len(), 2);
        // A word OCR doubts ("€ -" read "Ria").
        let mut doubted = word("MESSIA", 10.0, end);
        doubted.confidence = Some(51.0);
        let mut words = vec![doubted];
        split_lost_spaces(&mut words, &gray, 72);
        assert_eq!(words.len(), 1);
        let mut text_layer = word("MESSIA", 10.0, end);
        text_layer.confidence = None;
        let mut words = vec![text_layer];
        split_lost_spaces(&mut words, &gray, 72);
        assert_eq!(words.len(), 1);
    }

    /// "FINANZIA MENTI" read over one word's glyphs (DEV scan 189): the
    /// blank between the two words' ink is a glyph gap, and they join.
    /// A word space between them, small letters, a text layer's words or
    /// a join that is no word leave them apart.
    #[test]
    fn a_space_ocr_put_between_glyphs_of_one_word_goes() {
        let known = |w: &str| w == "finanziamenti" || w == "finanziamento";
        let read = |space: usize, a: &str, b: &str, confidence: Option<f32>| {
            let strokes = glyph_row(space);
            let gray = page(&strokes);
            let mut left = word(a, 10.0, strokes[4].1 as f32 + 2.0);
            let mut right = word(b, strokes[5].0 as f32 - 2.0, strokes[5].1 as f32);
            left.confidence = confidence;
            right.confidence = confidence;
            let mut words = vec![left, right];
            join_glyph_gaps(&mut words, &gray, 72, known);
            words.iter().map(|w| w.text.clone()).collect::<Vec<_>>()
        };
        let ocr = Some(93.0);
        assert_eq!(read(5, "FINANZIA", "MENTI", ocr), ["FINANZIAMENTI"]);
        assert_eq!(read(12, "FINANZIA", "MENTI", ocr), ["FINANZIA", "MENTI"]);
        assert_eq!(read(5, "finanzia", "menti", ocr), ["finanzia", "menti"]);
        assert_eq!(read(5, "FINANZIA", "MENTI", None), ["FINANZIA", "MENTI"]);
        assert_eq!(read(5, "FINANZIA", "MENTE", ocr), ["FINANZIA", "MENTE"]);
    }
}
