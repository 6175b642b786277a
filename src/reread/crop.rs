//! Crops of a page image for the reread: the region cut from the page
//! rendered at 300 dpi of paper and cleared of its ruling lines, so that
//! Tesseract reads the cell's text and not the borders around it ("Lt]"
//! for a boxed "1").

use crate::read::image_rules::Gray;
use crate::read::Region;

/// The region cut from its page, rendered at `dpi` of the page's points
/// (300 dpi of paper, which the pixel sizes below are set for), and
/// cleared of ruling lines; `None` when it holds no ink but lines.
pub(super) fn crop(page: &Gray, region: &Region, dpi: u32) -> Option<Gray> {
    let k = dpi as f32 / 72.0;
    let b = region.bbox;
    let px = |v: f32| (v * k).max(0.0).round() as usize;
    let (x0, y0) = (px(b.x0).min(page.width), px(b.y0).min(page.height));
    let (x1, y1) = (px(b.x1).min(page.width), px(b.y1).min(page.height));
    if x1 <= x0 || y1 <= y0 {
        return None;
    }
    let mut pixels = Vec::with_capacity((x1 - x0) * (y1 - y0));
    for y in y0..y1 {
        pixels.extend_from_slice(&page.pixels[y * page.width + x0..y * page.width + x1]);
    }
    let mut gray = Gray {
        width: x1 - x0,
        height: y1 - y0,
        pixels,
    };
    gray.erase_rules();
    let text_height = (b.y1 - b.y0) * k / 3.0;
    if (gray.ink() as f32) < 0.02 * text_height * text_height {
        return None;
    }
    Some(gray)
}

/// Darker than this is ink (scans blur rules to light grey).
const INK: u8 = 200;
/// A sixth of an inch at 300 dpi: ink runs this long are ruling lines.
const RULE_PIXELS: usize = 50;

/// Darker than this stays black when the image is binarised.
const BLACK: u8 = 150;
/// White pixels put around a crop read as a block of text: Tesseract
/// misreads glyphs that touch the image's edge ("70,63%" cut at its top
/// read "10,05%", a minus sign at the left edge lost).
const MARGIN: usize = 12;

/// The reread's own work on a page image (the type and its PGM parser
/// are the rule finder's).
impl Gray {
    /// The image binarised, as a PGM.
    pub(super) fn to_pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        out.extend(self.pixels.iter().map(|&v| if v < BLACK { 0 } else { 255 }));
        out
    }

    /// Whitens ruling lines: runs of ink a sixth of an inch long (no glyph
    /// of text under 16 pt has a stroke that long), or vertical ones over
    /// four fifths of the image (a border crossing a one-line crop: half
    /// of it would take the stems of digits and tall letters for rules
    /// and erase them, "300" read as "2090"), with two pixels either side
    /// (blur and skew widen them). What lies beyond the outermost vertical rules is another
    /// cell's, such as the end of a label read as "i" next to a boxed "1",
    /// and is whitened too: with two rules, all outside them; with one,
    /// the side away from the middle.
    fn erase_rules(&mut self) {
        let (w, h) = (self.width, self.height);
        if w == 0 || h == 0 {
            return;
        }
        // Found on the image as it is, then whitened.
        let across = self.runs_across(RULE_PIXELS);
        let down = self.runs_down((4 * h / 5).min(RULE_PIXELS));
        for &(y, start, end) in &across {
            for yy in y.saturating_sub(2)..(y + 3).min(h) {
                self.pixels[yy * w + start..yy * w + end].fill(255);
            }
        }
        for &(x, start, end) in &down {
            for xx in x.saturating_sub(2)..(x + 3).min(w) {
                (start..end).for_each(|y| self.pixels[y * w + xx] = 255);
            }
        }
        let rows: Vec<usize> = across.iter().map(|&(y, _, _)| y).collect();
        let mut rules: Vec<usize> = down.iter().map(|&(x, _, _)| x).collect();
        rules.sort_unstable();
        // The band between the rules nearest the middle, above and below.
        let top = rows
            .iter()
            .copied()
            .filter(|&y| y < h / 2)
            .max()
            .unwrap_or(0);
        let bottom = rows.iter().copied().find(|&y| y > h / 2).unwrap_or(h);
        self.pixels[..top * w].fill(255);
        self.pixels[bottom * w..].fill(255);
        let (first, last) = match (rules.first(), rules.last()) {
            (Some(&a), Some(&b)) if b > a + 4 => (a, b),
            (Some(&a), _) if a < w / 2 => (a, w),
            (Some(&a), _) => (0, a),
            _ => return,
        };
        for row in self.pixels.chunks_mut(w) {
            row[..first].fill(255);
            row[last.min(w)..].fill(255);
        }
    }

    /// The runs of ink at least `long` pixels long along the rows, each
    /// as its row, first and last column (past the end), row by row. A
    /// run that long holds a column whose index is a multiple of `long`:
    /// only those columns are looked at, each run grown from the first
    /// of them it holds.
    fn runs_across(&self, long: usize) -> Vec<(usize, usize, usize)> {
        let (w, long) = (self.width, long.max(1));
        let mut out = Vec::new();
        for (y, row) in self.pixels.chunks_exact(w).enumerate() {
            for x in (0..w).step_by(long).filter(|&x| row[x] < INK) {
                let start = x - row[..x].iter().rev().take_while(|&&v| v < INK).count();
                let end = x + row[x..].iter().take_while(|&&v| v < INK).count();
                if start + long > x && end - start >= long {
                    out.push((y, start, end));
                }
            }
        }
        out
    }

    /// The runs of ink at least `long` pixels long down the columns, each
    /// as its column, first and last row (past the end): as
    /// [`Self::runs_across`], from the rows whose index is a multiple of
    /// `long`.
    fn runs_down(&self, long: usize) -> Vec<(usize, usize, usize)> {
        let (w, h, long) = (self.width, self.height, long.max(1));
        let dark = |x: usize, y: usize| self.pixels[y * w + x] < INK;
        let mut out = Vec::new();
        for y in (0..h).step_by(long) {
            for x in (0..w).filter(|&x| dark(x, y)) {
                let start = y - (0..y).rev().take_while(|&yy| dark(x, yy)).count();
                let end = y + (y..h).take_while(|&yy| dark(x, yy)).count();
                if start + long > y && end - start >= long {
                    out.push((x, start, end));
                }
            }
        }
        out
    }

    /// The image in grey inside a white [`MARGIN`], as a PGM: for text
    /// read as a block. Tesseract's recognizer reads grey; the jagged edges
    /// of a binarised crop make it misread digits ("70%" read "710%").
    pub(super) fn to_padded_pgm(&self) -> Vec<u8> {
        let width = self.width + 2 * MARGIN;
        let height = self.height + 2 * MARGIN;
        let mut out = format!("P5\n{width} {height}\n255\n").into_bytes();
        let white_rows = vec![255u8; MARGIN * width];
        out.extend_from_slice(&white_rows);
        for row in self.pixels.chunks(self.width.max(1)) {
            out.extend(std::iter::repeat_n(255u8, MARGIN));
            out.extend_from_slice(row);
            out.extend(std::iter::repeat_n(255u8, MARGIN));
        }
        out.extend_from_slice(&white_rows);
        out
    }

    /// Pixels that stay black once binarised.
    fn ink(&self) -> usize {
        self.pixels.iter().filter(|&&v| v < BLACK).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ruling_lines_are_erased_and_text_kept() {
        // A 120x30 image: a box (rules on rows 2 and 27, columns 5 and
        // 100) around a 6x10 blot of ink.
        let (w, h) = (120, 30);
        let mut pixels = vec![255u8; w * h];
        for x in 5..=100 {
            pixels[2 * w + x] = 90;
            pixels[27 * w + x] = 90;
        }
        for y in 2..=27 {
            pixels[y * w + 5] = 90;
            pixels[y * w + 100] = 90;
        }
        for y in 10..20 {
            for x in 50..56 {
                pixels[y * w + x] = 20;
            }
        }
        let mut gray = Gray {
            width: w,
            height: h,
            pixels,
        };
        let parsed = Gray::parse(&gray.to_pgm()).expect("parses its own PGM");
        assert_eq!((parsed.width, parsed.height), (w, h));
        gray.erase_rules();
        assert_eq!(gray.ink(), 60, "only the blot is left");
        assert_eq!(
            crate::read::image_rules::runs([true, true, false, true].into_iter()),
            [(0, 2), (3, 4)]
        );
        assert!(Gray::parse(b"P5\n4 4\n255\n\x00").is_none(), "short data");
    }

    /// A one-line cell cropped at 300 dpi (60 pixels): the stem of a
    /// digit, 40 pixels of its 60, is text, and stays.
    #[test]
    fn the_stems_of_a_one_line_crop_are_no_rules() {
        let (w, h) = (200, 60);
        let mut pixels = vec![255u8; w * h];
        for y in 10..50 {
            for x in 50..56 {
                pixels[y * w + x] = 20;
            }
        }
        let mut gray = Gray {
            width: w,
            height: h,
            pixels,
        };
        gray.erase_rules();
        assert_eq!(gray.ink(), 6 * 40, "the stem is kept");
    }

    #[test]
    fn ink_outside_the_box_around_the_middle_is_dropped() {
        // A 400x180 crop at 300 dpi: a box (rows 60 and 120, columns 160
        // and 280) around an 8x24 digit, the end of a label to its left,
        // the code box's text above and a title below.
        let (w, h) = (400, 180);
        let mut pixels = vec![255u8; w * h];
        let mut blot = |xs: std::ops::Range<usize>, ys: std::ops::Range<usize>| {
            for y in ys {
                for x in xs.clone() {
                    pixels[y * w + x] = 20;
                }
            }
        };
        blot(160..281, 60..62);
        blot(160..281, 120..122);
        blot(160..162, 60..122);
        blot(280..282, 60..122);
        blot(216..224, 78..102); // the digit
        blot(20..28, 80..100); // the label's last letter
        blot(180..260, 10..40); // text of the box above
        blot(180..260, 140..170); // the title below
        let mut gray = Gray {
            width: w,
            height: h,
            pixels,
        };
        gray.erase_rules();
        assert_eq!(gray.ink(), 8 * 24, "only the digit is left");
    }
}
